//! The five safety properties of the paper's Figure 3, checked after every event.
//!
//! - Election Safety: at most one leader in a term.
//! - Leader Append-Only: a leader only appends to its log; it never overwrites or deletes.
//! - Log Matching: two logs with an entry of the same index and term agree on every entry up
//!   to that index.
//! - Leader Completeness: an entry committed in a term is in the log of every leader of a
//!   later term.
//! - State Machine Safety: no two servers apply different entries at the same index.
//!
//! The checker sees the whole cluster, as no server can: it remembers every leader by term,
//! every (index, term) pair with the log prefix it ended, every committed entry with the term
//! it was committed in, and every applied entry.

use std::collections::BTreeMap;

use crate::cluster::{Cluster, Entry, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Property {
    ElectionSafety,
    LeaderAppendOnly,
    LogMatching,
    LeaderCompleteness,
    StateMachineSafety,
}

impl Property {
    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "Election Safety",
            Property::LeaderAppendOnly => "Leader Append-Only",
            Property::LogMatching => "Log Matching",
            Property::LeaderCompleteness => "Leader Completeness",
            Property::StateMachineSafety => "State Machine Safety",
        }
    }
}

/// A property found broken: after which event, on which server, at which log index and term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Violation {
    pub property: Property,
    pub event: u64,
    pub server: usize,
    pub index: usize,
    pub term: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Checker {
    leader_of_term: BTreeMap<u32, usize>,
    /// Each server's role, term and log at the last observation.
    previous: Vec<(Role, u32, Vec<Entry>)>,
    /// (index, term) -> a hash of the log prefix ending there.
    prefixes: BTreeMap<(usize, u32), u64>,
    /// index -> (entry, term in which it was first seen committed).
    committed: BTreeMap<usize, (Entry, u32)>,
    /// index -> the entry first applied there.
    applied: BTreeMap<usize, Entry>,
    violations: Vec<Violation>,
}

impl Checker {
    pub fn new(servers: usize) -> Checker {
        Checker { previous: vec![(Role::Follower, 0, Vec::new()); servers], ..Checker::default() }
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    pub fn is_safe(&self) -> bool {
        self.violations.is_empty()
    }

    fn report(&mut self, property: Property, event: u64, server: usize, index: usize, term: u32) {
        // One report per property is enough to show, and keeps long runs small.
        if !self.violations.iter().any(|violation| violation.property == property) {
            self.violations.push(Violation { property, event, server, index, term });
        }
    }

    /// Checks the cluster as it is after an event.
    pub fn observe(&mut self, cluster: &Cluster) {
        let event = cluster.events();
        for (id, server) in cluster.servers.iter().enumerate() {
            if server.role == Role::Leader {
                let leader = *self.leader_of_term.entry(server.term).or_insert(id);
                if leader != id {
                    self.report(Property::ElectionSafety, event, id, 0, server.term);
                }
                let (role, term, log) = &self.previous[id];
                if *role == Role::Leader && *term == server.term && !server.log.starts_with(log) {
                    self.report(Property::LeaderAppendOnly, event, id, log.len(), server.term);
                }
            }
            self.check_prefixes(event, id, &server.log);
            // Entries up to the commit index are committed; remember in which term.
            for index in 1..=server.commit_index.min(server.log.len()) {
                let entry = server.log[index - 1];
                let (first, _) = *self.committed.entry(index).or_insert((entry, server.term));
                if first != entry {
                    self.report(Property::StateMachineSafety, event, id, index, entry.term);
                }
            }
            for index in 1..=server.last_applied.min(server.log.len()) {
                let entry = server.log[index - 1];
                if *self.applied.entry(index).or_insert(entry) != entry {
                    self.report(Property::StateMachineSafety, event, id, index, entry.term);
                }
            }
        }
        for (id, server) in cluster.servers.iter().enumerate() {
            if server.role != Role::Leader || !server.up {
                continue;
            }
            let missing = self
                .committed
                .iter()
                .find(|(&index, &(entry, term))| term < server.term && server.log.get(index - 1) != Some(&entry));
            if let Some((&index, &(entry, _))) = missing {
                self.report(Property::LeaderCompleteness, event, id, index, entry.term);
            }
        }
        self.previous = cluster.servers.iter().map(|server| (server.role, server.term, server.log.clone())).collect();
    }

    fn check_prefixes(&mut self, event: u64, server: usize, log: &[Entry]) {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (offset, entry) in log.iter().enumerate() {
            for value in [u64::from(entry.term), u64::from(entry.command)] {
                hash = (hash ^ value).wrapping_mul(0x0000_0100_0000_01b3);
            }
            let key = (offset + 1, entry.term);
            if *self.prefixes.entry(key).or_insert(hash) != hash {
                self.report(Property::LogMatching, event, server, offset + 1, entry.term);
            }
        }
    }
}
