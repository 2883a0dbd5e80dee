//! Replicas that hold all four data types side by side, the reader's operations on them, and
//! the network between them: a replica can be cut off, and a sync merges the states of every
//! replica that can reach another, which is what repeated pairwise anti-entropy converges to.

use crate::types::{GCounter, Item, LwwRegister, OrSet, PnCounter, ITEMS};

/// The most replicas a cluster may have.
pub const MAX_REPLICAS: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub g: GCounter,
    pub pn: PnCounter,
    pub set: OrSet,
    pub register: LwwRegister,
    /// Lamport clock for the register's timestamps.
    pub clock: u32,
    /// Sequence number for this replica's next OR-Set tag.
    pub next_tag: u32,
    pub isolated: bool,
}

impl Replica {
    fn new(replicas: usize) -> Replica {
        Replica {
            g: GCounter::new(replicas),
            pn: PnCounter::new(replicas),
            set: OrSet::default(),
            register: LwwRegister::default(),
            clock: 0,
            next_tag: 0,
            isolated: false,
        }
    }

    /// The data the replicas agree on once synced (the tag counter and isolation are local).
    fn data(&self) -> (&GCounter, &PnCounter, &OrSet, &LwwRegister) {
        (&self.g, &self.pn, &self.set, &self.register)
    }

    fn merge(&mut self, other: &Replica) {
        self.g.merge(&other.g);
        self.pn.merge(&other.pn);
        self.set.merge(&other.set);
        self.register.merge(&other.register);
        self.clock = self.clock.max(other.clock);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Increment(usize),
    Decrement(usize),
    Add(usize, Item),
    Remove(usize, Item),
    /// Cut a replica off, or reconnect it.
    Toggle(usize),
    /// Every connected replica merges with every other.
    Sync,
    /// Reconnect everyone, then sync.
    Heal,
}

impl Op {
    /// The replica the operation names, if any.
    pub fn replica(self) -> Option<usize> {
        match self {
            Op::Increment(r) | Op::Decrement(r) | Op::Add(r, _) | Op::Remove(r, _) | Op::Toggle(r) => Some(r),
            Op::Sync | Op::Heal => None,
        }
    }
}

/// What the last sync did, for the text: which replicas merged and whether anything changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub merged: Vec<usize>,
    pub changed: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub replicas: Vec<Replica>,
    pub last_sync: Option<SyncReport>,
    pub applied: Vec<Op>,
}

impl Cluster {
    pub fn new(replicas: usize) -> Cluster {
        let count = replicas.clamp(2, MAX_REPLICAS);
        Cluster { replicas: vec![Replica::new(count); count], last_sync: None, applied: Vec::new() }
    }

    /// Applies `op`; one naming a replica the cluster does not have does nothing.
    pub fn apply(&mut self, op: Op) {
        if op.replica().is_some_and(|replica| replica >= self.replicas.len()) {
            return;
        }
        self.last_sync = None;
        match op {
            Op::Increment(r) => {
                let replica = &mut self.replicas[r];
                replica.g.increment(r);
                replica.pn.increments.increment(r);
            }
            Op::Decrement(r) => self.replicas[r].pn.decrements.increment(r),
            Op::Add(r, item) => {
                let replica = &mut self.replicas[r];
                replica.next_tag += 1;
                replica.set.add(item, (r as u8, replica.next_tag));
                let mut value = replica.register.value.clone();
                value.insert(item);
                self.write_register(r, value);
            }
            Op::Remove(r, item) => {
                self.replicas[r].set.remove(item);
                let mut value = self.replicas[r].register.value.clone();
                value.remove(&item);
                self.write_register(r, value);
            }
            Op::Toggle(r) => self.replicas[r].isolated = !self.replicas[r].isolated,
            Op::Sync => self.sync(),
            Op::Heal => {
                for replica in &mut self.replicas {
                    replica.isolated = false;
                }
                self.sync();
            }
        }
        self.applied.push(op);
    }

    fn write_register(&mut self, r: usize, value: std::collections::BTreeSet<Item>) {
        let replica = &mut self.replicas[r];
        replica.clock = replica.clock.max(replica.register.stamp.0) + 1;
        let stamp = (replica.clock, r as u8);
        replica.register.write(value, stamp);
    }

    fn sync(&mut self) {
        let connected: Vec<usize> = (0..self.replicas.len()).filter(|&r| !self.replicas[r].isolated).collect();
        let mut report = SyncReport { merged: connected.clone(), changed: Vec::new() };
        if connected.len() >= 2 {
            let mut join = self.replicas[connected[0]].clone();
            for &r in &connected[1..] {
                join.merge(&self.replicas[r]);
            }
            for &r in &connected {
                let before = self.replicas[r].clone();
                self.replicas[r].merge(&join);
                if self.replicas[r] != before {
                    report.changed.push(r);
                }
            }
        } else {
            report.merged.clear();
        }
        self.last_sync = Some(report);
    }

    /// Whether every replica holds the same data.
    pub fn converged(&self) -> bool {
        self.replicas.windows(2).all(|pair| pair[0].data() == pair[1].data())
    }
}

/// The replica's letter.
pub fn letter(replica: usize) -> char {
    (b'A' + replica as u8) as char
}

/// Parses an author's list of operations: `A +1`, `B -1`, `A add milk`, `B remove eggs`,
/// `isolate C`, `reconnect C`, `sync`, `heal`, separated by `;`. Errors name the operation.
pub fn parse(text: &str, replicas: usize) -> Result<Vec<Op>, String> {
    let replica = |word: &str| -> Result<usize, String> {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(letter @ 'A'..='D'), None) if ((letter as u8 - b'A') as usize) < replicas => {
                Ok((letter as u8 - b'A') as usize)
            }
            _ => Err(format!("`{word}` is not a replica here (A to {})", self::letter(replicas - 1))),
        }
    };
    let item = |word: &str| -> Result<Item, String> {
        ITEMS
            .iter()
            .position(|name| *name == word)
            .map(|index| index as Item)
            .ok_or_else(|| format!("`{word}` is not an item: use {}", ITEMS.join(", ")))
    };
    let mut ops = Vec::new();
    for step in text.split(';').map(str::trim).filter(|step| !step.is_empty()) {
        let words: Vec<&str> = step.split_whitespace().collect();
        let op = match words.as_slice() {
            ["sync"] => Op::Sync,
            ["heal"] => Op::Heal,
            ["isolate" | "reconnect", name] => Op::Toggle(replica(name)?),
            [name, "+1"] => Op::Increment(replica(name)?),
            [name, "-1"] => Op::Decrement(replica(name)?),
            [name, "add", thing] => Op::Add(replica(name)?, item(thing)?),
            [name, "remove", thing] => Op::Remove(replica(name)?, item(thing)?),
            _ => {
                return Err(format!(
                    "cannot read `{step}`: write `A +1`, `A -1`, `A add milk`, `A remove milk`, `isolate A`, `reconnect A`, `sync` or `heal`"
                ))
            }
        };
        ops.push(op);
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::rng::Rng;
    use std::collections::BTreeSet;

    #[test]
    fn every_replica_converges_once_healed() {
        for seed in 0..500 {
            let mut rng = Rng::seeded(seed);
            let count = 2 + rng.below(3) as usize;
            let mut cluster = Cluster::new(count);
            for _ in 0..80 {
                let r = rng.below(count as u64) as usize;
                let item = rng.below(ITEMS.len() as u64) as Item;
                let op = match rng.below(8) {
                    0 => Op::Increment(r),
                    1 => Op::Decrement(r),
                    2 | 3 => Op::Add(r, item),
                    4 => Op::Remove(r, item),
                    5 => Op::Toggle(r),
                    _ => Op::Sync,
                };
                cluster.apply(op);
            }
            cluster.apply(Op::Heal);
            assert!(cluster.converged(), "seed {seed}");
            // The counters count every update exactly once, wherever it was made.
            let increments = cluster.applied.iter().filter(|op| matches!(op, Op::Increment(_))).count() as u64;
            let decrements = cluster.applied.iter().filter(|op| matches!(op, Op::Decrement(_))).count() as i64;
            assert_eq!(cluster.replicas[0].g.value(), increments);
            assert_eq!(cluster.replicas[0].pn.value(), increments as i64 - decrements);
        }
    }

    #[test]
    fn the_register_loses_a_concurrent_add_that_the_or_set_keeps() {
        let ops = parse("isolate B; A add milk; B add eggs; heal", 2).unwrap();
        let mut cluster = Cluster::new(2);
        for op in ops {
            cluster.apply(op);
        }
        assert!(cluster.converged());
        assert_eq!(cluster.replicas[0].set.value(), BTreeSet::from([0, 1]));
        assert_eq!(cluster.replicas[0].register.value, BTreeSet::from([1]), "both wrote at time 1; B's id is higher");
    }

    #[test]
    fn an_isolated_replica_keeps_its_own_state_until_it_reconnects() {
        let mut cluster = Cluster::new(3);
        for op in parse("isolate C; A +1; B +1; sync", 3).unwrap() {
            cluster.apply(op);
        }
        assert_eq!(cluster.replicas[0].g.value(), 2);
        assert_eq!(cluster.replicas[2].g.value(), 0);
        assert_eq!(cluster.last_sync, Some(SyncReport { merged: vec![0, 1], changed: vec![0, 1] }));
        assert!(!cluster.converged());
    }

    #[test]
    fn authors_get_a_precise_error() {
        assert_eq!(parse("A +1; E +1", 3).unwrap_err(), "`E` is not a replica here (A to C)");
        assert!(parse("A add cheese", 2).unwrap_err().contains("`cheese` is not an item"));
        assert!(parse("A jumps", 2).unwrap_err().starts_with("cannot read `A jumps`"));
        assert_eq!(parse(" ; sync ;", 2).unwrap(), [Op::Sync]);
    }
}
