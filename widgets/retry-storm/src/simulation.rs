//! A chain of service layers over a capacity-limited bottom, request by request.
//!
//! Clients send requests to layer 1; each layer calls the next, and the last calls the bottom,
//! a single FIFO server with a fixed capacity. Every layer waits up to its timeout for each
//! attempt, and on a timeout or an error retries after its backoff, if its retry count, budget
//! and circuit breaker allow. A layer that gives up answers its caller with an error. Without
//! deadline propagation, work keeps going below a caller that has already given up: that wasted
//! work is what keeps a metastable failure going after its trigger has passed (Bronson, Aghayev,
//! Charapko and Zhu, "Metastable Failures in Distributed Systems", HotOS 2021).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use kit::rng::Rng;

use crate::policy::{Backoff, Breaker, Budget, BudgetState};

/// Every hop between layers, one way, ms.
pub const HOP: f64 = 1.0;
/// The backoff's base and cap, ms.
pub const BASE: f64 = 20.0;
pub const CAP: f64 = 2_000.0;
/// The run's length and the width of its measurement windows, ms.
pub const DURATION: f64 = 60_000.0;
pub const WINDOW: f64 = 1_000.0;
/// The spike's interval and how much it multiplies the client load.
pub const SPIKE: (f64, f64) = (10_000.0, 15_000.0);
pub const SPIKE_FACTOR: f64 = 2.0;
/// The bottom queues at most one second of work; beyond that it rejects at once.
pub fn queue_limit(settings: &Settings) -> usize {
    (settings.capacity as usize).max(1)
}

/// Past this many events the run stops, so that no setting can stall the page.
pub const MAX_EVENTS: usize = 3_000_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Service layers between the clients and the bottom, 1 to 5.
    pub layers: usize,
    /// Client requests per second.
    pub load: f64,
    /// The bottom's capacity, requests per second.
    pub capacity: f64,
    /// The share of the bottom's answers that are errors.
    pub failure: f64,
    /// Double the client load from 10 s to 15 s.
    pub spike: bool,
    pub retries: u32,
    /// Each layer's timeout per attempt, ms.
    pub timeout: f64,
    pub backoff: Backoff,
    pub budget: Budget,
    pub breaker: bool,
    /// Callees drop work whose caller's deadline has passed.
    pub deadlines: bool,
    pub seed: u64,
}

/// Counts per measurement window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Window {
    pub offered: u32,
    pub succeeded: u32,
    /// Attempts each layer sent downwards (index 0 = layer 1); the last entry is what the
    /// bottom received.
    pub attempts: Vec<u32>,
    /// The bottom's queue at the end of the window.
    pub queue: usize,
    /// Client latencies of the successes, ms.
    pub latencies: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub windows: Vec<Window>,
    /// Bottom requests per client request, over the whole run.
    pub amplification: f64,
    /// When the run stopped, ms: the full minute unless it hit [`MAX_EVENTS`].
    pub ended: f64,
}

#[derive(Clone, Copy, Debug)]
struct Call {
    /// 0 for the clients' own request object, 1..=layers for layer calls.
    layer: usize,
    parent: Option<(usize, u32)>,
    /// When the caller gives up, if deadlines propagate.
    deadline: f64,
    started: f64,
    attempt: u32,
    previous_sleep: f64,
    finished: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A client request arrives at layer 1.
    Arrive,
    /// Call `call` sends attempt `attempt` downwards.
    Attempt { call: usize, attempt: u32 },
    /// The answer to attempt `attempt` of `call` arrives.
    Answer { call: usize, attempt: u32, ok: bool },
    /// Attempt `attempt` of `call` times out.
    Timeout { call: usize, attempt: u32 },
    /// The bottom finishes the request at the head of its queue.
    Served,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    at: u64,
    seq: u64,
    kind: Kind,
}

struct Sim<'a> {
    settings: &'a Settings,
    rng: Rng,
    events: BinaryHeap<Reverse<Event>>,
    seq: u64,
    calls: Vec<Call>,
    budgets: Vec<BudgetState>,
    breakers: Vec<Breaker>,
    /// The bottom's queue: (call, attempt).
    queue: VecDeque<(usize, u32)>,
    busy: bool,
    windows: Vec<Window>,
    clients: u64,
    bottom: u64,
}

/// Times are kept as integer microseconds in the queue so ordering is exact.
fn micros(ms: f64) -> u64 {
    (ms * 1_000.0).max(0.0) as u64
}

impl Sim<'_> {
    fn now_ms(event: &Event) -> f64 {
        event.at as f64 / 1_000.0
    }

    fn schedule(&mut self, at: f64, kind: Kind) {
        self.seq += 1;
        self.events.push(Reverse(Event { at: micros(at), seq: self.seq, kind }));
    }

    fn window(&mut self, at: f64) -> &mut Window {
        let index = ((at / WINDOW) as usize).min(self.windows.len() - 1);
        &mut self.windows[index]
    }

    fn start_call(&mut self, layer: usize, parent: Option<(usize, u32)>, deadline: f64, now: f64) {
        self.calls.push(Call {
            layer,
            parent,
            deadline,
            started: now,
            attempt: 0,
            previous_sleep: 0.0,
            finished: false,
        });
        let call = self.calls.len() - 1;
        self.budgets[layer - 1].requests += 1;
        self.schedule(now, Kind::Attempt { call, attempt: 0 });
    }

    fn attempt(&mut self, call: usize, attempt: u32, now: f64) {
        let settings = self.settings;
        let layer = self.calls[call].layer;
        if self.calls[call].finished || self.calls[call].attempt != attempt {
            return;
        }
        if settings.deadlines && now >= self.calls[call].deadline {
            self.finish(call, false, now);
            return;
        }
        if settings.breaker && !self.breakers[layer - 1].admit(now) {
            // Fails fast: no downstream call, and nothing for the breaker to learn from.
            self.retry_or_fail(call, now);
            return;
        }
        self.window(now).attempts[layer - 1] += 1;
        let timeout = now + settings.timeout;
        self.schedule(timeout, Kind::Timeout { call, attempt });
        if layer == settings.layers {
            self.bottom += 1;
            if self.queue.len() >= queue_limit(settings) {
                // A full queue turns the request away at once: an error, soon.
                self.schedule(now + 2.0 * HOP, Kind::Answer { call, attempt, ok: false });
                return;
            }
            self.queue.push_back((call, attempt));
            if !self.busy {
                self.busy = true;
                self.schedule(now + HOP + 1_000.0 / settings.capacity, Kind::Served);
            }
        } else {
            // The callee inherits the earlier of this attempt's timeout and our own deadline.
            let deadline = if settings.deadlines { timeout.min(self.calls[call].deadline) } else { f64::INFINITY };
            self.start_call(layer + 1, Some((call, attempt)), deadline, now + HOP);
        }
    }

    fn served(&mut self, now: f64) {
        let settings = self.settings;
        if let Some((call, attempt)) = self.queue.pop_front() {
            // With deadlines, a request whose caller has given up is dropped unserved; the
            // server moves straight on.
            let expired = settings.deadlines && self.abandoned(call, attempt);
            if !expired {
                let ok = self.rng.fraction() >= settings.failure;
                self.schedule(now + HOP, Kind::Answer { call, attempt, ok });
            }
        }
        if self.queue.is_empty() {
            self.busy = false;
        } else {
            let service = 1_000.0 / settings.capacity;
            let next_expired =
                settings.deadlines && self.queue.front().is_some_and(|&(call, attempt)| self.abandoned(call, attempt));
            self.schedule(now + if next_expired { 0.0 } else { service }, Kind::Served);
        }
    }

    /// Whether the caller has stopped waiting for this attempt.
    fn abandoned(&self, call: usize, attempt: u32) -> bool {
        self.calls[call].finished || self.calls[call].attempt != attempt
    }

    fn answer(&mut self, call: usize, attempt: u32, ok: bool, now: f64) {
        let layer = self.calls[call].layer;
        if self.calls[call].finished || self.calls[call].attempt != attempt {
            return;
        }
        self.budgets[layer - 1].record(ok);
        if self.settings.breaker {
            self.breakers[layer - 1].record(ok, now);
        }
        if ok {
            self.finish(call, true, now);
        } else {
            self.retry_or_fail(call, now);
        }
    }

    fn timeout(&mut self, call: usize, attempt: u32, now: f64) {
        if self.calls[call].finished || self.calls[call].attempt != attempt {
            return;
        }
        let layer = self.calls[call].layer;
        self.budgets[layer - 1].record(false);
        if self.settings.breaker {
            self.breakers[layer - 1].record(false, now);
        }
        self.retry_or_fail(call, now);
    }

    fn retry_or_fail(&mut self, call: usize, now: f64) {
        let settings = self.settings;
        let layer = self.calls[call].layer;
        let next = self.calls[call].attempt + 1;
        if next > settings.retries || !self.budgets[layer - 1].allow_retry(settings.budget) {
            self.finish(call, false, now);
            return;
        }
        let sleep = settings.backoff.sleep(next - 1, self.calls[call].previous_sleep, BASE, CAP, &mut self.rng);
        let current = &mut self.calls[call];
        current.attempt = next;
        current.previous_sleep = sleep;
        self.schedule(now + sleep, Kind::Attempt { call, attempt: next });
    }

    fn finish(&mut self, call: usize, ok: bool, now: f64) {
        self.calls[call].finished = true;
        match self.calls[call].parent {
            Some((parent, attempt)) => self.schedule(now + HOP, Kind::Answer { call: parent, attempt, ok }),
            None => {
                if ok {
                    let latency = now - self.calls[call].started;
                    let window = self.window(now);
                    window.succeeded += 1;
                    window.latencies.push(latency);
                }
            }
        }
    }
}

/// Runs the chain; `arrivals` overrides the client arrival times (for tests).
pub fn simulate(settings: &Settings, arrivals: Option<&[f64]>) -> Report {
    let layers = settings.layers.clamp(1, 5);
    let settings = &Settings { layers, ..*settings };
    let windows = (DURATION / WINDOW) as usize;
    let mut sim = Sim {
        settings,
        rng: Rng::seeded(settings.seed),
        events: BinaryHeap::new(),
        seq: 0,
        calls: Vec::new(),
        budgets: vec![BudgetState::default(); layers],
        breakers: vec![Breaker::default(); layers],
        queue: VecDeque::new(),
        busy: false,
        windows: vec![Window { attempts: vec![0; layers], ..Window::default() }; windows],
        clients: 0,
        bottom: 0,
    };
    let times: Vec<f64> = match arrivals {
        Some(times) => times.to_vec(),
        None => client_arrivals(settings),
    };
    for &at in &times {
        sim.schedule(at, Kind::Arrive);
    }
    let mut handled = 0;
    let mut ended = DURATION;
    let mut next_sample = WINDOW;
    while let Some(Reverse(event)) = sim.events.pop() {
        let now = Sim::now_ms(&event);
        while now >= next_sample && next_sample <= DURATION {
            let index = (next_sample / WINDOW) as usize - 1;
            sim.windows[index].queue = sim.queue.len();
            next_sample += WINDOW;
        }
        if now > DURATION {
            break;
        }
        handled += 1;
        if handled > MAX_EVENTS {
            ended = now;
            break;
        }
        match event.kind {
            Kind::Arrive => {
                sim.clients += 1;
                sim.window(now).offered += 1;
                // The client's own request object holds the result; layer 1 is its first call.
                sim.calls.push(Call {
                    layer: 0,
                    parent: None,
                    deadline: f64::INFINITY,
                    started: now,
                    attempt: 0,
                    previous_sleep: 0.0,
                    finished: false,
                });
                let client = sim.calls.len() - 1;
                sim.start_call(1, Some((client, 0)), f64::INFINITY, now);
            }
            Kind::Attempt { call, attempt } => sim.attempt(call, attempt, now),
            Kind::Answer { call, attempt, ok } => {
                if sim.calls[call].layer == 0 {
                    if !sim.calls[call].finished {
                        sim.finish(call, ok, now);
                    }
                } else {
                    sim.answer(call, attempt, ok, now);
                }
            }
            Kind::Timeout { call, attempt } => sim.timeout(call, attempt, now),
            Kind::Served => sim.served(now),
        }
    }
    let amplification = if sim.clients == 0 { 0.0 } else { sim.bottom as f64 / sim.clients as f64 };
    Report { windows: sim.windows, amplification, ended }
}

/// Poisson client arrivals at the load, doubled during the spike if it is on.
fn client_arrivals(settings: &Settings) -> Vec<f64> {
    let mut rng = Rng::seeded(settings.seed ^ 0x5eed);
    let mut times = Vec::new();
    let mut at = 0.0;
    loop {
        let in_spike = settings.spike && (SPIKE.0..SPIKE.1).contains(&at);
        let rate = settings.load * if in_spike { SPIKE_FACTOR } else { 1.0 } / 1_000.0;
        at += -kit::math::ln(1.0 - rng.fraction()) / rate.max(1e-6);
        if at >= DURATION {
            break;
        }
        times.push(at);
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            layers: 3,
            load: 80.0,
            capacity: 100.0,
            failure: 0.0,
            spike: false,
            retries: 3,
            timeout: 300.0,
            backoff: Backoff::Immediate,
            budget: Budget::None,
            breaker: false,
            deadlines: false,
            seed: 1,
        }
    }

    #[test]
    fn with_every_request_failing_the_bottom_sees_r_plus_one_to_the_d() {
        for layers in 1..=4 {
            for retries in 0..=3 {
                let settings =
                    Settings { layers, retries, failure: 1.0, capacity: 10_000.0, timeout: 59_000.0, ..settings() };
                let report = simulate(&settings, Some(&[0.0]));
                let bottom: u32 = report.windows.iter().map(|w| w.attempts[layers - 1]).sum();
                assert_eq!(bottom, (retries + 1).pow(layers as u32), "{layers} layers, {retries} retries");
            }
        }
    }

    fn goodput(report: &Report, from: usize, to: usize) -> f64 {
        let windows = &report.windows[from..to];
        let offered: u32 = windows.iter().map(|w| w.offered).sum();
        let succeeded: u32 = windows.iter().map(|w| w.succeeded).sum();
        f64::from(succeeded) / f64::from(offered.max(1))
    }

    #[test]
    fn a_spike_leaves_a_metastable_overload_that_a_retry_budget_cures() {
        let storm = Settings { spike: true, ..settings() };
        let before = simulate(&Settings { spike: false, ..storm }, None);
        assert!(goodput(&before, 40, 60) > 0.95, "without the trigger the system is fine");
        let stuck = simulate(&storm, None);
        assert!(goodput(&stuck, 40, 60) < 0.2, "long after the spike: {}", goodput(&stuck, 40, 60));
        let budgeted = simulate(&Settings { budget: Budget::TokenBucket, ..storm }, None);
        assert!(goodput(&budgeted, 40, 60) > 0.95, "with a budget it recovers: {}", goodput(&budgeted, 40, 60));
        // A 10% budget at each of three layers still lets 1.1³ ≈ 1.33 times the load through,
        // 106 requests a second against a capacity of 100: budgets compound across layers.
        let ratio = simulate(&Settings { budget: Budget::Ratio, ..storm }, None);
        assert!(goodput(&ratio, 40, 60) < 0.2, "{}", goodput(&ratio, 40, 60));
        let one_layer = simulate(&Settings { budget: Budget::Ratio, layers: 1, ..storm }, None);
        assert!(goodput(&one_layer, 40, 60) > 0.95, "{}", goodput(&one_layer, 40, 60));
        // A breaker sheds the load at every layer while open and lets it back a trial at a time.
        let broken = simulate(&Settings { breaker: true, ..storm }, None);
        assert!(goodput(&broken, 40, 60) > 0.95, "{}", goodput(&broken, 40, 60));
        // Dropping abandoned work is not enough while immediate retries multiply the load.
        let propagated = simulate(&Settings { deadlines: true, ..storm }, None);
        assert!(goodput(&propagated, 40, 60) < 0.5, "{}", goodput(&propagated, 40, 60));
    }

    #[test]
    fn runs_stay_bounded_for_the_worst_settings() {
        let worst =
            Settings { layers: 5, retries: 5, load: 500.0, capacity: 10.0, failure: 1.0, timeout: 50.0, ..settings() };
        let report = simulate(&worst, None);
        assert_eq!(report.windows.len(), 60);
        assert!(report.amplification > 1.0);
    }
}
