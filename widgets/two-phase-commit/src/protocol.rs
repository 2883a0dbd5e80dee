//! Two-phase commit over a simulated network, one event at a time.
//!
//! The protocol is the textbook one (Gray, "Notes on Data Base Operating Systems", 1978; Bernstein,
//! Hadzilacos and Goodman, *Concurrency Control and Recovery in Database Systems*, 1987, ch. 7)
//! with presumed abort (Mohan, Lindsay and Obermarck, TODS 1986): the coordinator sends PREPARE;
//! each participant forces a prepared record and votes yes, or aborts and votes no; the
//! coordinator forces its decision before sending it; participants apply it and acknowledge. A
//! participant that has voted yes may neither commit nor abort on its own: while the coordinator
//! is down it waits, holding its locks. That wait is the blocking window this model measures.
//!
//! With a replicated coordinator, three coordinator replicas record the decision on a majority
//! before anyone hears it, each leadership numbered by an epoch as in Paxos: a replica accepts a
//! record only from the highest epoch it has promised to. When the leader fails, the lowest live
//! replica takes over after [`TAKEOVER`] ms if a majority is up, adopts the decision with the
//! highest epoch it can find, or, finding none, asks for the votes again. This is the
//! consensus-backed coordinator of Spanner and the idea of Gray and Lamport's Paxos Commit (TODS
//! 2006) without its per-participant instances.

/// One-way delay of every message, ms.
pub const DELAY: u64 = 10;
/// Forcing a decision record to the coordinator's log, ms.
pub const LOG_WRITE: u64 = 5;
/// How long the coordinator waits for votes before it aborts, ms.
pub const VOTE_TIMEOUT: u64 = 200;
/// How often unanswered messages are sent again, ms.
pub const RETRY: u64 = 50;
/// A participant that has not been asked to prepare by then aborts on its own, ms.
pub const WORK_TIMEOUT: u64 = 300;
/// How long the replicated coordinator's survivors wait before one takes over, ms.
pub const TAKEOVER: u64 = 100;
/// Replicas of a replicated coordinator.
pub const REPLICAS: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Commit,
    Abort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Coordinator(usize),
    Participant(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Body {
    Prepare,
    /// A participant's vote; a yes vote sent again also asks for the outcome.
    Vote(bool),
    Outcome(Decision),
    Ack,
    /// Leader to replica: record this decision under this epoch.
    Record {
        epoch: u32,
        decision: Decision,
    },
    Recorded {
        epoch: u32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub from: Node,
    pub to: Node,
    pub body: Body,
    pub sent: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Deliver(Message),
    Timer(Node),
    /// A coordinator replica's decision record reached its disk.
    Logged {
        replica: usize,
        epoch: u32,
        decision: Decision,
    },
    /// The replicated coordinator's survivors may elect a new leader.
    Takeover,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    at: u64,
    seq: u64,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The transaction's work is done, locks held, no vote yet.
    Working,
    /// Voted yes and forced a prepared record: locks held until the outcome arrives.
    Prepared,
    Committed,
    Aborted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub stage: Stage,
    /// How it will vote.
    pub vote: bool,
    pub up: bool,
}

impl Participant {
    pub fn holds_locks(&self) -> bool {
        matches!(self.stage, Stage::Working | Stage::Prepared)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub up: bool,
    /// The decision in this replica's log, with the epoch that wrote it.
    pub recorded: Option<(u32, Decision)>,
    /// The highest epoch this replica has promised to accept records from.
    pub promised: u32,
}

/// Something that happened, for the text log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Delivered(Message),
    Lost {
        message: Message,
        dropped: bool,
    },
    /// `logged` is false for a presumed abort, which writes nothing.
    Decided {
        replica: usize,
        decision: Decision,
        logged: bool,
    },
    Crashed(Node),
    Recovered(Node),
    TookOver {
        replica: usize,
        epoch: u32,
        adopted: Option<Decision>,
    },
    AbortedAlone(usize),
}

/// The leader's volatile state: lost when it crashes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Leadership {
    votes: Vec<Option<bool>>,
    vote_deadline: u64,
    proposing: Option<Decision>,
    /// Replicas known to have recorded the proposal under the current epoch.
    recorded_by: Vec<usize>,
    decided: Option<Decision>,
    /// When the outcome was last sent, so resends wait a full retry interval.
    last_sent: u64,
    acked: Vec<bool>,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub participants: Vec<Participant>,
    pub replicas: Vec<Replica>,
    pub leader: usize,
    /// Whether the leader is up and leading; false from its crash until a replica takes over.
    pub leading: bool,
    pub epoch: u32,
    leadership: Leadership,
    queue: Vec<Event>,
    seq: u64,
    pub now: u64,
    pub drop_next: bool,
    /// Total time some participant spent prepared while no coordinator could answer it, ms.
    pub blocked_total: u64,
    /// When the current blocking window opened.
    pub blocked_since: Option<u64>,
    pub log: Vec<(u64, Entry)>,
}

impl Run {
    /// A transaction whose participants have done their work and hold their locks; `votes` says
    /// how each will vote. `replicated` gives the coordinator three replicas.
    pub fn new(votes: &[bool], replicated: bool) -> Run {
        let participants = votes.iter().map(|&vote| Participant { stage: Stage::Working, vote, up: true }).collect();
        let replicas = vec![Replica { up: true, recorded: None, promised: 0 }; if replicated { REPLICAS } else { 1 }];
        let mut run = Run {
            participants,
            replicas,
            leader: 0,
            leading: true,
            epoch: 0,
            leadership: Leadership::default(),
            queue: Vec::new(),
            seq: 0,
            now: 0,
            drop_next: false,
            blocked_total: 0,
            blocked_since: None,
            log: Vec::new(),
        };
        for index in 0..run.participants.len() {
            run.schedule(WORK_TIMEOUT, Kind::Timer(Node::Participant(index)));
        }
        run.collect_votes();
        run
    }

    pub fn replicated(&self) -> bool {
        self.replicas.len() > 1
    }

    /// Whether a coordinator can answer a participant now.
    pub fn coordinator_available(&self) -> bool {
        self.leading && self.replicas[self.leader].up
    }

    /// Participants prepared and waiting while no coordinator can answer.
    pub fn blocked(&self) -> Vec<usize> {
        if self.coordinator_available() {
            return Vec::new();
        }
        (0..self.participants.len()).filter(|&index| self.participants[index].stage == Stage::Prepared).collect()
    }

    /// Never one participant committed and another aborted.
    pub fn atomic(&self) -> bool {
        let any = |stage| self.participants.iter().any(|participant| participant.stage == stage);
        !(any(Stage::Committed) && any(Stage::Aborted))
    }

    /// Every participant has the outcome.
    pub fn settled(&self) -> bool {
        self.participants.iter().all(|participant| !participant.holds_locks())
    }

    /// Messages on the wire, with their arrival times.
    pub fn in_flight(&self) -> impl Iterator<Item = (u64, &Message)> {
        self.queue.iter().filter_map(|event| match &event.kind {
            Kind::Deliver(message) => Some((event.at, message)),
            _ => None,
        })
    }

    /// Whether anything that matters is left to happen.
    pub fn finished(&self) -> bool {
        self.queue.is_empty() || self.done()
    }

    fn schedule(&mut self, after: u64, kind: Kind) {
        self.seq += 1;
        self.queue.push(Event { at: self.now + after, seq: self.seq, kind });
    }

    fn send(&mut self, from: Node, to: Node, body: Body) {
        self.schedule(DELAY, Kind::Deliver(Message { from, to, body, sent: self.now }));
    }

    fn leader_node(&self) -> Node {
        Node::Coordinator(self.leader)
    }

    /// The leader asks every participant whose vote it lacks to prepare.
    fn collect_votes(&mut self) {
        let count = self.participants.len();
        if self.leadership.votes.len() != count {
            self.leadership.votes = vec![None; count];
        }
        self.leadership.vote_deadline = self.now + VOTE_TIMEOUT;
        for index in 0..count {
            if self.leadership.votes[index].is_none() {
                self.send(self.leader_node(), Node::Participant(index), Body::Prepare);
            }
        }
        self.schedule(RETRY, Kind::Timer(self.leader_node()));
    }

    /// The leader starts to record `decision`: on its own disk, and under a replicated
    /// coordinator on the other replicas too.
    fn propose(&mut self, decision: Decision) {
        if self.leadership.proposing.is_some() {
            return;
        }
        self.leadership.proposing = Some(decision);
        self.leadership.recorded_by.clear();
        if decision == Decision::Abort && !self.replicated() {
            // Presumed abort: no log record and no acknowledgements; a participant that misses
            // the message asks, and a coordinator with no record answers abort.
            self.announce(Decision::Abort, false);
            return;
        }
        let (leader, epoch) = (self.leader, self.epoch);
        self.schedule(LOG_WRITE, Kind::Logged { replica: leader, epoch, decision });
        for replica in (0..self.replicas.len()).filter(|&replica| replica != leader) {
            self.send(Node::Coordinator(leader), Node::Coordinator(replica), Body::Record { epoch, decision });
        }
    }

    /// A record of the current proposal is durable at `replica`; a majority makes it the decision.
    fn count_record(&mut self, replica: usize) {
        let Some(decision) = self.leadership.proposing else { return };
        if !self.leadership.recorded_by.contains(&replica) {
            self.leadership.recorded_by.push(replica);
        }
        let majority = self.replicas.len() / 2 + 1;
        if self.leadership.decided.is_none() && self.leadership.recorded_by.len() >= majority {
            self.announce(decision, true);
        }
    }

    /// The decision is final: tell every participant that has not voted no. Only a commit is
    /// acknowledged; under presumed abort a participant that missed an abort asks again.
    fn announce(&mut self, decision: Decision, logged: bool) {
        self.leadership.decided = Some(decision);
        self.leadership.last_sent = self.now;
        self.leadership.acked = vec![decision == Decision::Abort; self.participants.len()];
        self.log.push((self.now, Entry::Decided { replica: self.leader, decision, logged }));
        for index in 0..self.participants.len() {
            if self.leadership.votes.get(index) != Some(&Some(false)) {
                self.send(self.leader_node(), Node::Participant(index), Body::Outcome(decision));
            }
        }
    }

    /// Nothing left that could change anything: every participant has the outcome and the
    /// coordinator has every acknowledgement it waits for.
    pub fn done(&self) -> bool {
        self.settled()
            && self.coordinator_available()
            && self.leadership.decided.is_some()
            && self.leadership.acked.iter().all(|&acked| acked)
    }

    /// Processes the next event. Returns false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        if self.done() {
            return false;
        }
        let Some(next) = self.queue.iter().enumerate().min_by_key(|(_, event)| (event.at, event.seq)).map(|(i, _)| i)
        else {
            return false;
        };
        let event = self.queue.swap_remove(next);
        self.advance_to(event.at);
        match event.kind {
            Kind::Deliver(message) => self.deliver(message),
            Kind::Timer(node) => self.timer(node),
            Kind::Logged { replica, epoch, decision } => {
                let copy = &mut self.replicas[replica];
                if copy.up && epoch >= copy.promised {
                    copy.recorded = Some((epoch, decision));
                    if replica == self.leader && epoch == self.epoch {
                        self.count_record(replica);
                    }
                }
            }
            Kind::Takeover => self.take_over(),
        }
        self.track_blocking();
        true
    }

    /// Moves the clock, adding the time just passed to the blocking window if one is open.
    fn advance_to(&mut self, at: u64) {
        if self.blocked_since.is_some() {
            self.blocked_total += at.saturating_sub(self.now);
        }
        self.now = self.now.max(at);
    }

    fn track_blocking(&mut self) {
        let blocked = !self.blocked().is_empty();
        match (blocked, self.blocked_since) {
            (true, None) => self.blocked_since = Some(self.now),
            (false, Some(_)) => self.blocked_since = None,
            _ => {}
        }
    }

    fn is_up(&self, node: Node) -> bool {
        match node {
            Node::Coordinator(replica) => self.replicas[replica].up,
            Node::Participant(index) => self.participants[index].up,
        }
    }

    fn deliver(&mut self, message: Message) {
        if self.drop_next || !self.is_up(message.to) {
            let dropped = self.drop_next;
            self.drop_next = false;
            self.log.push((self.now, Entry::Lost { message, dropped }));
            return;
        }
        self.log.push((self.now, Entry::Delivered(message)));
        match (message.to, message.body) {
            (Node::Participant(index), body) => self.participant_receives(index, message.from, body),
            (Node::Coordinator(replica), Body::Record { epoch, decision }) => {
                let copy = &mut self.replicas[replica];
                if epoch >= copy.promised {
                    copy.promised = epoch;
                    copy.recorded = Some((epoch, decision));
                    self.send(message.to, message.from, Body::Recorded { epoch });
                }
            }
            (Node::Coordinator(replica), Body::Recorded { epoch }) if replica == self.leader && epoch == self.epoch => {
                if let Node::Coordinator(from) = message.from {
                    self.count_record(from);
                }
            }
            (Node::Coordinator(_), Body::Recorded { .. }) => {}
            (Node::Coordinator(replica), body) if replica == self.leader && self.leading => {
                self.leader_receives(message.from, body)
            }
            _ => {}
        }
    }

    fn participant_receives(&mut self, index: usize, from: Node, body: Body) {
        let me = Node::Participant(index);
        let participant = &mut self.participants[index];
        match body {
            Body::Prepare => match participant.stage {
                Stage::Working if participant.vote => {
                    participant.stage = Stage::Prepared;
                    self.send(me, from, Body::Vote(true));
                    self.schedule(RETRY, Kind::Timer(me));
                }
                Stage::Working => {
                    participant.stage = Stage::Aborted;
                    self.send(me, from, Body::Vote(false));
                }
                Stage::Prepared => self.send(me, from, Body::Vote(true)),
                Stage::Aborted => self.send(me, from, Body::Vote(false)),
                Stage::Committed => self.send(me, from, Body::Ack),
            },
            Body::Outcome(decision) => {
                if participant.holds_locks() {
                    participant.stage = match decision {
                        Decision::Commit => Stage::Committed,
                        Decision::Abort => Stage::Aborted,
                    };
                }
                if decision == Decision::Commit {
                    self.send(me, from, Body::Ack);
                }
            }
            _ => {}
        }
    }

    fn leader_receives(&mut self, from: Node, body: Body) {
        let Node::Participant(index) = from else { return };
        match body {
            Body::Vote(vote) => {
                if let Some(decision) = self.leadership.decided {
                    // An inquiry: answer it.
                    self.send(self.leader_node(), from, Body::Outcome(decision));
                    return;
                }
                if let Some(slot) = self.leadership.votes.get_mut(index) {
                    *slot = Some(vote);
                }
                if !vote {
                    self.propose(Decision::Abort);
                } else if self.leadership.votes.len() == self.participants.len()
                    && self.leadership.votes.iter().all(|vote| *vote == Some(true))
                {
                    self.propose(Decision::Commit);
                }
            }
            Body::Ack => {
                if let Some(acked) = self.leadership.acked.get_mut(index) {
                    *acked = true;
                }
            }
            _ => {}
        }
    }

    fn timer(&mut self, node: Node) {
        if !self.is_up(node) {
            return;
        }
        match node {
            Node::Participant(index) => {
                let me = Node::Participant(index);
                match self.participants[index].stage {
                    Stage::Working => {
                        // Never asked to prepare: it has not voted, so it may still abort alone.
                        self.participants[index].stage = Stage::Aborted;
                        self.log.push((self.now, Entry::AbortedAlone(index)));
                    }
                    Stage::Prepared => {
                        self.send(me, self.leader_node(), Body::Vote(true));
                        self.schedule(RETRY, Kind::Timer(me));
                    }
                    _ => {}
                }
            }
            Node::Coordinator(replica) if replica == self.leader && self.leading => {
                let leadership = &self.leadership;
                if let Some(decision) = leadership.decided {
                    let waiting: Vec<usize> = (0..self.participants.len()).filter(|&i| !leadership.acked[i]).collect();
                    let due = leadership.last_sent + RETRY;
                    if self.now < due {
                        self.schedule(due - self.now, Kind::Timer(node));
                        return;
                    }
                    for index in &waiting {
                        self.send(self.leader_node(), Node::Participant(*index), Body::Outcome(decision));
                    }
                    if !waiting.is_empty() {
                        self.leadership.last_sent = self.now;
                        self.schedule(RETRY, Kind::Timer(node));
                    }
                } else if leadership.proposing.is_none() {
                    if self.now >= leadership.vote_deadline {
                        self.propose(Decision::Abort);
                    } else {
                        let missing: Vec<usize> =
                            (0..self.participants.len()).filter(|&i| leadership.votes[i].is_none()).collect();
                        for index in missing {
                            self.send(self.leader_node(), Node::Participant(index), Body::Prepare);
                        }
                    }
                    self.schedule(RETRY, Kind::Timer(node));
                } else {
                    // A record still on its way: ask again if the replicas did not answer.
                    let (epoch, decision) = (self.epoch, leadership.proposing.unwrap_or(Decision::Abort));
                    let silent: Vec<usize> = (0..self.replicas.len())
                        .filter(|r| *r != replica && !self.leadership.recorded_by.contains(r))
                        .collect();
                    for other in silent {
                        self.send(node, Node::Coordinator(other), Body::Record { epoch, decision });
                    }
                    self.schedule(RETRY, Kind::Timer(node));
                }
            }
            Node::Coordinator(_) => {}
        }
    }

    /// Under a replicated coordinator, the lowest live replica leads if a majority is up.
    fn take_over(&mut self) {
        if self.coordinator_available() {
            return;
        }
        let live: Vec<usize> = (0..self.replicas.len()).filter(|&replica| self.replicas[replica].up).collect();
        if live.len() < self.replicas.len() / 2 + 1 {
            return;
        }
        self.epoch += 1;
        self.leader = live[0];
        self.leading = true;
        for &replica in &live {
            self.replicas[replica].promised = self.epoch;
        }
        // The decision written under the highest epoch is the only one that can have reached a
        // majority: adopt it. With none, nobody has heard an outcome, so the votes may be taken again.
        let adopted =
            live.iter().filter_map(|&replica| self.replicas[replica].recorded).max().map(|(_, decision)| decision);
        self.log.push((self.now, Entry::TookOver { replica: self.leader, epoch: self.epoch, adopted }));
        self.leadership = Leadership::default();
        match adopted {
            Some(decision) => {
                self.propose(decision);
                self.schedule(RETRY, Kind::Timer(self.leader_node()));
            }
            None => self.collect_votes(),
        }
    }

    pub fn crash(&mut self, node: Node) {
        if !self.is_up(node) {
            return;
        }
        match node {
            Node::Coordinator(replica) => {
                self.replicas[replica].up = false;
                // A log write in progress does not complete.
                self.queue.retain(|event| !matches!(event.kind, Kind::Logged { replica: r, .. } if r == replica));
                if replica == self.leader {
                    self.leading = false;
                    self.leadership = Leadership::default();
                    if self.replicated() {
                        self.schedule(TAKEOVER, Kind::Takeover);
                    }
                }
            }
            Node::Participant(index) => {
                let participant = &mut self.participants[index];
                participant.up = false;
                // Work not yet prepared lives only in memory: the restart rolls it back.
                if participant.stage == Stage::Working {
                    participant.stage = Stage::Aborted;
                }
            }
        }
        self.log.push((self.now, Entry::Crashed(node)));
        self.track_blocking();
    }

    pub fn recover(&mut self, node: Node) {
        if self.is_up(node) {
            return;
        }
        self.log.push((self.now, Entry::Recovered(node)));
        match node {
            Node::Coordinator(replica) => {
                self.replicas[replica].up = true;
                if !self.replicated() {
                    // The single coordinator reads its log: a decision is sent again; without
                    // one, presumed abort.
                    self.leadership = Leadership::default();
                    self.leading = true;
                    match self.replicas[0].recorded {
                        Some((_, decision)) => {
                            self.leadership.proposing = Some(decision);
                            self.count_record(0);
                            self.schedule(RETRY, Kind::Timer(Node::Coordinator(0)));
                        }
                        None => self.propose(Decision::Abort),
                    }
                } else if !self.coordinator_available() {
                    self.schedule(TAKEOVER, Kind::Takeover);
                }
            }
            Node::Participant(index) => {
                self.participants[index].up = true;
                if self.participants[index].stage == Stage::Prepared {
                    let me = Node::Participant(index);
                    self.send(me, self.leader_node(), Body::Vote(true));
                    self.schedule(RETRY, Kind::Timer(me));
                }
            }
        }
        self.track_blocking();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::rng::Rng;

    fn run_until(run: &mut Run, done: impl Fn(&Run) -> bool) {
        for _ in 0..10_000 {
            if done(run) || !run.step() {
                return;
            }
        }
    }

    #[test]
    fn all_yes_commits_everywhere_and_one_no_aborts_everywhere() {
        let mut run = Run::new(&[true, true, true], false);
        run_until(&mut run, |_| false);
        assert!(run.participants.iter().all(|p| p.stage == Stage::Committed));
        // Prepare 10 ms, votes back at 20, decision forced by 25, outcomes at 35.
        assert_eq!(run.log.iter().find(|(_, e)| matches!(e, Entry::Decided { .. })).map(|(at, _)| *at), Some(25));
        let mut run = Run::new(&[true, false, true], false);
        run_until(&mut run, |_| false);
        assert!(run.participants.iter().all(|p| p.stage == Stage::Aborted));
        assert_eq!(run.blocked_total, 0);
    }

    /// The coordinator fails after every yes vote has arrived and before its decision record is
    /// on disk, so no participant can learn the outcome.
    fn crash_before_the_decision(replicated: bool) -> Run {
        let mut run = Run::new(&[true, true, true], replicated);
        run_until(&mut run, |run| run.leadership.proposing.is_some());
        run.crash(Node::Coordinator(0));
        run
    }

    #[test]
    fn a_single_coordinator_down_after_the_votes_blocks_the_participants_until_it_recovers() {
        let mut run = crash_before_the_decision(false);
        run_until(&mut run, |run| run.now >= 5_000);
        assert!(run.participants.iter().all(|p| p.stage == Stage::Prepared && p.holds_locks()));
        assert_eq!(run.blocked().len(), 3);
        assert!(run.blocked_total >= 4_900, "{}", run.blocked_total);
        run.recover(Node::Coordinator(0));
        run_until(&mut run, |run| run.settled());
        // No decision reached its log: presumed abort.
        assert!(run.participants.iter().all(|p| p.stage == Stage::Aborted));
        assert!(run.blocked().is_empty());
    }

    #[test]
    fn a_replicated_coordinator_with_a_majority_up_does_not_block() {
        let mut run = crash_before_the_decision(true);
        run_until(&mut run, |run| run.settled());
        assert!(run.settled());
        // Every participant had voted yes and none heard an outcome: the new leader adopts the
        // commit the survivors recorded (or would ask for the votes again) and settles within the
        // takeover timeout and a few message delays.
        assert!(run.participants.iter().all(|p| p.stage == Stage::Committed));
        assert!(run.now < 25 + TAKEOVER + 10 * DELAY, "settled at {}", run.now);
        assert!(run.blocked_total <= TAKEOVER + 10 * DELAY);
        // With only one replica left there is no majority, and the participants wait.
        let mut run = crash_before_the_decision(true);
        run.crash(Node::Coordinator(1));
        run_until(&mut run, |run| run.now >= 2_000);
        assert!(run.participants.iter().all(|p| p.stage == Stage::Prepared));
    }

    #[test]
    fn a_decision_on_a_majority_survives_the_leader() {
        let mut run = Run::new(&[true, true], true);
        run_until(&mut run, |run| run.leadership.decided.is_some());
        run.crash(Node::Coordinator(0));
        run_until(&mut run, |run| run.settled());
        assert!(run.participants.iter().all(|p| p.stage == Stage::Committed));
    }

    #[test]
    fn atomicity_holds_in_every_explored_schedule() {
        for seed in 0..3_000 {
            let mut rng = Rng::seeded(seed);
            let participants = 2 + rng.below(4) as usize;
            let votes: Vec<bool> = (0..participants).map(|_| rng.below(6) != 0).collect();
            let replicated = seed % 2 == 0;
            let mut run = Run::new(&votes, replicated);
            for _ in 0..400 {
                match rng.below(20) {
                    0 => run.crash(Node::Coordinator(rng.below(run.replicas.len() as u64) as usize)),
                    1 => run.recover(Node::Coordinator(rng.below(run.replicas.len() as u64) as usize)),
                    2 => run.crash(Node::Participant(rng.below(participants as u64) as usize)),
                    3 => run.recover(Node::Participant(rng.below(participants as u64) as usize)),
                    4 => run.drop_next = true,
                    _ => drop(run.step()),
                }
                assert!(run.atomic(), "seed {seed} at {} ms: {:?}", run.now, run.participants);
            }
            // Heal everything: the transaction then settles, and commits only if all voted yes.
            for replica in 0..run.replicas.len() {
                run.recover(Node::Coordinator(replica));
            }
            for index in 0..participants {
                run.recover(Node::Participant(index));
            }
            run_until(&mut run, |run| run.settled());
            assert!(run.settled(), "seed {seed}: {:?}", run.participants);
            assert!(run.atomic());
            if run.participants.iter().any(|p| p.stage == Stage::Committed) {
                assert!(votes.iter().all(|&vote| vote), "seed {seed}: committed over a no vote");
            }
        }
    }
}
