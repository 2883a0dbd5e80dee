//! Histories of events on processes, and their clocks.
//!
//! Sources:
//! - Happens-before and the logical clock rules (increment before each event; a receive takes
//!   the maximum of its own clock and the message's, plus one), with the clock condition
//!   a -> b => C(a) < C(b): Lamport, "Time, Clocks, and the Ordering of Events in a
//!   Distributed System", CACM 21(7), 1978.
//! - Vector clocks (increment the own entry at each event; a send carries the vector; a receive
//!   takes the element-wise maximum, then increments) and their characterisation,
//!   a -> b <=> V(a) < V(b): Fidge, "Timestamps in Message-Passing Systems That Preserve the
//!   Partial Ordering", 1988; Mattern, "Virtual Time and Global States of Distributed Systems",
//!   1989.

use kit::rng::Rng;

pub const MIN_PROCESSES: usize = 2;
pub const MAX_PROCESSES: usize = 5;
pub const MAX_EVENTS: usize = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Local,
    /// Sends a message to process `to`.
    Send {
        to: usize,
    },
    /// Receives the message sent by event `send` (an index into the history).
    Receive {
        send: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub process: usize,
    pub kind: Kind,
}

/// How two events are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Same,
    Before,
    After,
    Concurrent,
}

/// Events in the order they happened (one valid interleaving), with both clocks computed.
#[derive(Clone, Debug)]
pub struct History {
    processes: usize,
    events: Vec<Event>,
    vectors: Vec<Vec<u32>>,
    lamport: Vec<u32>,
}

impl History {
    pub fn new(processes: usize) -> Self {
        History {
            processes: processes.clamp(MIN_PROCESSES, MAX_PROCESSES),
            events: Vec::new(),
            vectors: Vec::new(),
            lamport: Vec::new(),
        }
    }

    /// `events` random events from `seed`: local events, sends, and deliveries of messages in
    /// flight (so messages can cross), each chosen at random.
    pub fn random(processes: usize, events: usize, seed: u64) -> Self {
        let mut history = History::new(processes);
        let mut rng = Rng::seeded(seed);
        let mut in_flight: Vec<usize> = Vec::new();
        while history.events.len() < events.min(MAX_EVENTS) {
            let choice = rng.below(10);
            if choice < 3 && !in_flight.is_empty() {
                let send = in_flight.remove(rng.below(in_flight.len() as u64) as usize);
                history.receive(send);
            } else if choice < 7 {
                let from = rng.below(history.processes as u64) as usize;
                let to = (from + 1 + rng.below(history.processes as u64 - 1) as usize) % history.processes;
                in_flight.push(history.events.len());
                history.push(Event { process: from, kind: Kind::Send { to } });
            } else {
                let process = rng.below(history.processes as u64) as usize;
                history.push(Event { process, kind: Kind::Local });
            }
        }
        history
    }

    pub fn processes(&self) -> usize {
        self.processes
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn vector(&self, event: usize) -> &[u32] {
        &self.vectors[event]
    }

    pub fn lamport(&self, event: usize) -> u32 {
        self.lamport[event]
    }

    pub fn is_full(&self) -> bool {
        self.events.len() >= MAX_EVENTS
    }

    /// A local event on `process`; ignored when out of range or the history is full.
    pub fn local(&mut self, process: usize) {
        if process < self.processes {
            self.push(Event { process, kind: Kind::Local });
        }
    }

    /// A message from `from` to `to`, delivered at once: a send and its receive.
    pub fn message(&mut self, from: usize, to: usize) {
        if from < self.processes && to < self.processes && from != to && self.events.len() + 2 <= MAX_EVENTS {
            let send = self.events.len();
            self.push(Event { process: from, kind: Kind::Send { to } });
            self.receive(send);
        }
    }

    fn receive(&mut self, send: usize) {
        if let Some(&Event { kind: Kind::Send { to }, .. }) = self.events.get(send) {
            self.push(Event { process: to, kind: Kind::Receive { send } });
        }
    }

    /// Appends an event and stamps it with both clocks.
    fn push(&mut self, event: Event) {
        if self.is_full() {
            return;
        }
        let previous = self.events.iter().rposition(|earlier| earlier.process == event.process);
        let mut vector = previous.map_or_else(|| vec![0; self.processes], |index| self.vectors[index].clone());
        let mut lamport = previous.map_or(0, |index| self.lamport[index]);
        if let Kind::Receive { send } = event.kind {
            for (entry, carried) in vector.iter_mut().zip(&self.vectors[send]) {
                *entry = (*entry).max(*carried);
            }
            lamport = lamport.max(self.lamport[send]);
        }
        vector[event.process] += 1;
        self.vectors.push(vector);
        self.lamport.push(lamport + 1);
        self.events.push(event);
    }

    /// How event `a` is ordered against event `b`, by their vector clocks.
    pub fn order(&self, a: usize, b: usize) -> Order {
        compare(&self.vectors[a], &self.vectors[b])
    }

    /// Whether a chain of process steps and messages leads from `a` to `b`: happens-before by
    /// its definition, independent of any clock.
    pub fn reaches(&self, a: usize, b: usize) -> bool {
        if a >= b {
            return false;
        }
        let mut reached = vec![false; self.events.len()];
        reached[a] = true;
        for index in a + 1..=b {
            let event = self.events[index];
            let by_process = self.events[..index]
                .iter()
                .rposition(|earlier| earlier.process == event.process)
                .is_some_and(|earlier| reached[earlier]);
            let by_message = matches!(event.kind, Kind::Receive { send } if reached[send]);
            reached[index] = by_process || by_message;
        }
        reached[b]
    }
}

/// Vector clock comparison: before when every entry is at most the other's and one is less.
pub fn compare(a: &[u32], b: &[u32]) -> Order {
    let less_or_equal = a.iter().zip(b).all(|(x, y)| x <= y);
    let greater_or_equal = a.iter().zip(b).all(|(x, y)| x >= y);
    match (less_or_equal, greater_or_equal) {
        (true, true) => Order::Same,
        (true, false) => Order::Before,
        (false, true) => Order::After,
        (false, false) => Order::Concurrent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_on_a_small_history() {
        // P0: a (local), b (send to P1). P1: c (local), d (receive b).
        let mut history = History::new(2);
        history.local(0);
        history.local(1);
        history.message(0, 1);
        assert_eq!(history.vector(0), [1, 0]);
        assert_eq!(history.vector(1), [0, 1]);
        assert_eq!(history.vector(2), [2, 0], "a send increments its own entry");
        assert_eq!(history.vector(3), [2, 2], "a receive takes the maximum, then increments");
        assert_eq!((history.lamport(2), history.lamport(3)), (2, 3));
        assert_eq!(history.order(0, 1), Order::Concurrent);
        assert_eq!(history.order(0, 3), Order::Before);
        assert_eq!(history.order(3, 1), Order::After);
    }

    #[test]
    fn vector_order_is_reachability_and_lamport_order_is_consistent_with_it() {
        // Fidge and Mattern: a -> b <=> V(a) < V(b). Lamport: a -> b => L(a) < L(b).
        let mut concurrent_with_ordered_lamport = 0;
        for seed in 0..300 {
            let history = History::random(2 + (seed % 4) as usize, 25, seed);
            let count = history.events().len();
            for a in 0..count {
                for b in 0..count {
                    if a == b {
                        continue;
                    }
                    let before = history.reaches(a, b);
                    assert_eq!(history.order(a, b) == Order::Before, before, "seed {seed}: {a} vs {b}");
                    if before {
                        assert!(history.lamport(a) < history.lamport(b));
                    }
                    if history.order(a, b) == Order::Concurrent && history.lamport(a) < history.lamport(b) {
                        concurrent_with_ordered_lamport += 1;
                    }
                }
            }
        }
        assert!(concurrent_with_ordered_lamport > 0, "Lamport timestamps order concurrent events too");
    }

    #[test]
    fn random_histories_cross_messages_and_respect_limits() {
        let history = History::random(3, 30, 7);
        assert_eq!(history.events().len(), 30);
        assert!(history.events().iter().any(|event| matches!(event.kind, Kind::Receive { .. })));
        let mut full = History::random(5, 1000, 1);
        assert_eq!(full.events().len(), MAX_EVENTS);
        full.local(0);
        full.message(0, 1);
        assert_eq!(full.events().len(), MAX_EVENTS);
        let mut small = History::new(9);
        assert_eq!(small.processes(), MAX_PROCESSES);
        small.local(7);
        small.message(1, 1);
        assert!(small.events().is_empty(), "out-of-range and self messages are ignored");
    }
}
