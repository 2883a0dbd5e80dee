//! A saga over an order workflow, message by message.
//!
//! A saga is a sequence of local transactions T1..Tn with compensations C1..Cn-1; run to the
//! end, or stopped by a failure at Tk, the system ends with T1..Tn or with T1..Tk-1 followed by
//! Ck-1..C1 (Garcia-Molina and Salem, "Sagas", SIGMOD 1987). Here each Ti belongs to one service
//! with its own database. An orchestrator sends commands and waits for replies, or the services
//! react to each other's events (choreography). The network may deliver a message twice, and a
//! service may crash after committing and before publishing; idempotency keys make a repeated
//! message harmless, and a transactional outbox (the message written in the same local
//! transaction, published by a relay afterwards) makes sure a committed step is announced.

use std::collections::{BTreeSet, VecDeque};

/// (service, what Ti does, what Ci does, the event Ti publishes).
pub const STEPS: [(&str, &str, &str, &str); 6] = [
    ("Orders", "create the order", "cancel the order", "OrderCreated"),
    ("Inventory", "reserve stock", "release the stock", "StockReserved"),
    ("Payments", "charge the card", "refund the card", "CardCharged"),
    ("Shipping", "book a courier", "cancel the courier", "CourierBooked"),
    ("Email", "send the confirmation", "send a correction", "ConfirmationSent"),
    ("Loyalty", "award points", "take the points back", "PointsAwarded"),
];

/// The step whose triggering message the network delivers twice when duplication is on: the
/// payment, where a second effect costs the customer money.
pub const DUPLICATED_STEP: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Orchestration,
    Choreography,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    Do,
    Undo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Failed,
    Undone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// Orchestrator to service `step`.
    Command { step: usize, work: Work },
    /// Service `step` to the orchestrator.
    Reply { step: usize, outcome: Outcome },
    /// Service `step` to whoever subscribes.
    Event { step: usize, outcome: Outcome },
}

impl Message {
    /// The idempotency key the receiver deduplicates on: the saga (there is one), the step,
    /// and whether it is the step or its compensation.
    fn key(self) -> Option<(usize, Work)> {
        match self {
            Message::Command { step, work } => Some((step, work)),
            // An event triggers the next step forwards, or the previous one backwards.
            Message::Event { step, outcome: Outcome::Done } => Some((step + 1, Work::Do)),
            Message::Event { step, outcome: Outcome::Failed | Outcome::Undone } => {
                step.checked_sub(1).map(|s| (s, Work::Undo))
            }
            Message::Reply { .. } => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Service {
    /// How many times Ti took effect, and Ci.
    pub applied: u32,
    pub compensated: u32,
    /// Idempotency keys already processed.
    pub seen: BTreeSet<(usize, Work)>,
    /// Messages committed to the outbox table and not yet published.
    pub outbox: Vec<Message>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub steps: usize,
    pub style: Style,
    /// The step (0-based) whose local transaction fails, if any.
    pub fail_at: Option<usize>,
    /// The triggering message of [`DUPLICATED_STEP`] arrives twice.
    pub duplicate: bool,
    pub idempotency: bool,
    pub outbox: bool,
    /// The service (0-based) that crashes after committing and before publishing, once.
    pub crash_at: Option<usize>,
}

/// Something that happened, for the text log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Delivered(Message),
    Duplicated(Message),
    Applied { step: usize, work: Work, again: bool },
    Refused(usize),
    Skipped { step: usize, work: Work },
    Crashed(usize),
    Relayed(Message),
    Retried(Message),
    Finished(Ending),
    Stuck,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Completed,
    Compensated,
}

#[derive(Clone, Debug)]
pub struct Saga {
    pub settings: Settings,
    pub services: Vec<Service>,
    pub queue: VecDeque<Message>,
    /// What the orchestrator is waiting for: the step and the work it commanded.
    pub awaiting: Option<(usize, Work)>,
    pub ending: Option<Ending>,
    pub stuck: bool,
    /// Whether the network has delivered the duplicate yet.
    pub duplicated: bool,
    crashed: bool,
    pub log: Vec<Entry>,
    pub steps_taken: u32,
}

impl Saga {
    pub fn new(settings: Settings) -> Saga {
        let steps = settings.steps.clamp(3, STEPS.len());
        let settings = Settings { steps, ..settings };
        let mut saga = Saga {
            settings,
            services: vec![Service::default(); steps],
            queue: VecDeque::new(),
            awaiting: None,
            ending: None,
            stuck: false,
            duplicated: false,
            crashed: false,
            log: Vec::new(),
            steps_taken: 0,
        };
        // The order request starts the saga: a command from the orchestrator, or, in a
        // choreography, the Orders service acting on the client's request.
        saga.queue.push_back(Message::Command { step: 0, work: Work::Do });
        if settings.style == Style::Orchestration {
            saga.awaiting = Some((0, Work::Do));
        }
        saga
    }

    pub fn finished(&self) -> bool {
        self.ending.is_some() || self.stuck
    }

    /// One thing happens: a message is delivered, an outbox row is published, or the
    /// orchestrator, hearing nothing, sends its command again.
    pub fn step(&mut self) -> bool {
        if self.finished() {
            return false;
        }
        self.steps_taken += 1;
        if let Some(message) = self.queue.pop_front() {
            self.deliver(message);
        } else if let Some((service, message)) = self.pending_outbox() {
            self.services[service].outbox.remove(0);
            self.log.push(Entry::Relayed(message));
            self.queue.push_back(message);
        } else if let Some((step, work)) = self.awaiting {
            // A timeout: the reply never came.
            let command = Message::Command { step, work };
            self.log.push(Entry::Retried(command));
            self.queue.push_back(command);
        } else {
            self.stuck = true;
            self.log.push(Entry::Stuck);
        }
        true
    }

    fn pending_outbox(&self) -> Option<(usize, Message)> {
        self.services.iter().enumerate().find_map(|(index, service)| service.outbox.first().map(|&m| (index, m)))
    }

    fn deliver(&mut self, message: Message) {
        self.log.push(Entry::Delivered(message));
        if self.settings.duplicate && !self.duplicated && message.key() == Some((DUPLICATED_STEP, Work::Do)) {
            self.duplicated = true;
            self.log.push(Entry::Duplicated(message));
            self.queue.push_front(message);
        }
        match message {
            Message::Command { step, work } => self.work(step, work),
            Message::Reply { step, outcome } => self.orchestrate(step, outcome),
            Message::Event { .. } => {
                if let Some((step, work)) = message.key().filter(|&(step, _)| step < self.settings.steps) {
                    self.work(step, work);
                } else {
                    self.choreography_ends(message);
                }
            }
        }
    }

    /// Service `step` runs its local transaction (or compensation) and announces the result.
    fn work(&mut self, step: usize, work: Work) {
        let key = (step, work);
        let settings = self.settings;
        let service = &mut self.services[step];
        let outcome = if settings.idempotency && service.seen.contains(&key) {
            // Processed before: no second effect, but answer again so the sender can go on.
            self.log.push(Entry::Skipped { step, work });
            match work {
                Work::Do if settings.fail_at == Some(step) => Outcome::Failed,
                Work::Do => Outcome::Done,
                Work::Undo => Outcome::Undone,
            }
        } else {
            let again = !service.seen.insert(key);
            match work {
                Work::Do if settings.fail_at == Some(step) => {
                    self.log.push(Entry::Refused(step));
                    Outcome::Failed
                }
                Work::Do => {
                    service.applied += 1;
                    self.log.push(Entry::Applied { step, work, again });
                    Outcome::Done
                }
                Work::Undo => {
                    service.compensated += 1;
                    self.log.push(Entry::Applied { step, work, again });
                    Outcome::Undone
                }
            }
        };
        let announcement = match settings.style {
            Style::Orchestration => Message::Reply { step, outcome },
            Style::Choreography => Message::Event { step, outcome },
        };
        if settings.outbox {
            // Written in the same local transaction; the relay publishes it later.
            self.services[step].outbox.push(announcement);
        } else if settings.crash_at == Some(step) && !self.crashed && outcome != Outcome::Failed {
            // Committed, then the process died before it could publish: the message is gone.
            self.crashed = true;
            self.log.push(Entry::Crashed(step));
        } else {
            self.queue.push_back(announcement);
        }
        if settings.outbox && settings.crash_at == Some(step) && !self.crashed && outcome != Outcome::Failed {
            // The crash loses nothing: the outbox row was committed with the step.
            self.crashed = true;
            self.log.push(Entry::Crashed(step));
        }
    }

    fn orchestrate(&mut self, step: usize, outcome: Outcome) {
        if self.awaiting.map(|(awaited, _)| awaited) != Some(step) || self.ending.is_some() {
            // A duplicate reply to something already handled.
            return;
        }
        let next = match outcome {
            Outcome::Done if step + 1 < self.settings.steps => Some((step + 1, Work::Do)),
            Outcome::Done => {
                self.finish(Ending::Completed);
                None
            }
            Outcome::Failed | Outcome::Undone => match step.checked_sub(1) {
                Some(previous) => Some((previous, Work::Undo)),
                None => {
                    self.finish(Ending::Compensated);
                    None
                }
            },
        };
        self.awaiting = next;
        if let Some((step, work)) = next {
            self.queue.push_back(Message::Command { step, work });
        }
    }

    /// An event nobody acts on ends a choreography: the last step done, or the first undone.
    fn choreography_ends(&mut self, message: Message) {
        if self.ending.is_some() {
            return;
        }
        match message {
            Message::Event { outcome: Outcome::Done, .. } => self.finish(Ending::Completed),
            Message::Event { step: 0, .. } => self.finish(Ending::Compensated),
            _ => {}
        }
    }

    fn finish(&mut self, ending: Ending) {
        self.ending = Some(ending);
        self.log.push(Entry::Finished(ending));
    }

    /// Every step took effect exactly once and none was undone.
    pub fn all_applied(&self) -> bool {
        self.services.iter().all(|service| service.applied == 1 && service.compensated == 0)
    }

    /// Every step that took effect was undone exactly once, and no effect is left.
    pub fn all_compensated(&self) -> bool {
        self.services.iter().all(|service| service.applied == service.compensated && service.applied <= 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(style: Style) -> Settings {
        Settings { steps: 5, style, fail_at: None, duplicate: false, idempotency: true, outbox: true, crash_at: None }
    }

    fn run(settings: Settings) -> Saga {
        let mut saga = Saga::new(settings);
        for _ in 0..500 {
            if !saga.step() {
                break;
            }
        }
        saga
    }

    #[test]
    fn after_any_single_failure_all_steps_are_applied_or_all_compensated() {
        for style in [Style::Orchestration, Style::Choreography] {
            for steps in 3..=STEPS.len() {
                for fail_at in std::iter::once(None).chain((0..steps).map(Some)) {
                    for crash_at in std::iter::once(None).chain((0..steps).map(Some)) {
                        for duplicate in [false, true] {
                            let saga = run(Settings { steps, fail_at, crash_at, duplicate, ..settings(style) });
                            let context = format!("{style:?}, {steps} steps, failing {fail_at:?}, crash {crash_at:?}");
                            match fail_at {
                                None => {
                                    assert!(saga.all_applied() && saga.ending == Some(Ending::Completed), "{context}")
                                }
                                Some(_) => {
                                    assert!(
                                        saga.all_compensated() && saga.ending == Some(Ending::Compensated),
                                        "{context}"
                                    )
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_duplicated_message_with_an_idempotency_key_has_no_second_effect() {
        for style in [Style::Orchestration, Style::Choreography] {
            let saga = run(Settings { duplicate: true, ..settings(style) });
            assert_eq!(saga.services[DUPLICATED_STEP].applied, 1, "{style:?}");
            assert!(saga.log.iter().any(|entry| matches!(entry, Entry::Skipped { step: DUPLICATED_STEP, .. })));
            // Without the key the card is charged twice.
            let careless = run(Settings { duplicate: true, idempotency: false, ..settings(style) });
            assert_eq!(careless.services[DUPLICATED_STEP].applied, 2, "{style:?}");
        }
    }

    #[test]
    fn without_an_outbox_a_crash_loses_the_announcement() {
        // A choreography has nobody to notice: the saga stops, half done.
        let saga = run(Settings { outbox: false, crash_at: Some(1), ..settings(Style::Choreography) });
        assert!(saga.stuck && saga.ending.is_none());
        assert_eq!(saga.services[1].applied, 1);
        assert_eq!(saga.services[2].applied, 0);
        // An orchestrator times out and sends the command again; the key stops a second effect.
        let saga = run(Settings { outbox: false, crash_at: Some(1), ..settings(Style::Orchestration) });
        assert!(saga.all_applied(), "{:?}", saga.services);
        let careless =
            run(Settings { outbox: false, crash_at: Some(1), idempotency: false, ..settings(Style::Orchestration) });
        assert_eq!(careless.services[1].applied, 2, "stock reserved twice");
    }

    #[test]
    fn a_failure_compensates_in_reverse_order() {
        let saga = run(Settings { fail_at: Some(3), ..settings(Style::Orchestration) });
        let undone: Vec<usize> = saga
            .log
            .iter()
            .filter_map(|entry| match entry {
                Entry::Applied { step, work: Work::Undo, .. } => Some(*step),
                _ => None,
            })
            .collect();
        assert_eq!(undone, [2, 1, 0]);
    }
}
