//! Four state-based replicated data types, as Shapiro, Preguiça, Baquero and Zawirski specify
//! them ("A comprehensive study of Convergent and Commutative Replicated Data Types", INRIA
//! RR-7506, 2011, §3): each state is an element of a join-semilattice, an update moves it up,
//! and merge is the least upper bound, so it is commutative, associative and idempotent and
//! replicas that have seen the same updates hold the same state.
//!
//! - [`GCounter`]: one count per replica; merge takes the maximum of each (Spec. 6).
//! - [`PnCounter`]: a G-Counter of increments and one of decrements (Spec. 7).
//! - [`OrSet`]: every add carries a unique tag; a remove tombstones the tags it has observed, so
//!   an add concurrent with a remove survives it (Spec. 15, add wins).
//! - [`LwwRegister`]: one value with a timestamp; merge keeps the later one (Spec. 8). Here the
//!   value is a whole set of items and the timestamp a Lamport clock with the replica as a tie
//!   break, so of two concurrent writes exactly one survives: the contrast with the OR-Set.

use std::collections::BTreeSet;

/// An item a set may hold, by index into [`ITEMS`].
pub type Item = u8;

/// The items the widget offers.
pub const ITEMS: [&str; 3] = ["milk", "eggs", "bread"];

/// A unique add: (replica, that replica's sequence number).
pub type Tag = (u8, u32);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GCounter(pub Vec<u32>);

impl GCounter {
    pub fn new(replicas: usize) -> GCounter {
        GCounter(vec![0; replicas])
    }

    pub fn increment(&mut self, replica: usize) {
        self.0[replica] += 1;
    }

    pub fn value(&self) -> u64 {
        self.0.iter().map(|&count| u64::from(count)).sum()
    }

    pub fn merge(&mut self, other: &GCounter) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine = (*mine).max(*theirs);
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PnCounter {
    pub increments: GCounter,
    pub decrements: GCounter,
}

impl PnCounter {
    pub fn new(replicas: usize) -> PnCounter {
        PnCounter { increments: GCounter::new(replicas), decrements: GCounter::new(replicas) }
    }

    pub fn value(&self) -> i64 {
        self.increments.value() as i64 - self.decrements.value() as i64
    }

    pub fn merge(&mut self, other: &PnCounter) {
        self.increments.merge(&other.increments);
        self.decrements.merge(&other.decrements);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrSet {
    pub adds: BTreeSet<(Item, Tag)>,
    /// Tombstones: the tags removes have observed.
    pub removed: BTreeSet<Tag>,
}

impl OrSet {
    pub fn add(&mut self, item: Item, tag: Tag) {
        self.adds.insert((item, tag));
    }

    /// Removes the item as this replica sees it: only the tags it has observed.
    pub fn remove(&mut self, item: Item) {
        let observed: Vec<Tag> = self.live_tags(item).collect();
        self.removed.extend(observed);
    }

    pub fn live_tags(&self, item: Item) -> impl Iterator<Item = Tag> + '_ {
        self.adds.iter().filter(move |(held, tag)| *held == item && !self.removed.contains(tag)).map(|&(_, tag)| tag)
    }

    pub fn value(&self) -> BTreeSet<Item> {
        self.adds.iter().filter(|(_, tag)| !self.removed.contains(tag)).map(|&(item, _)| item).collect()
    }

    pub fn merge(&mut self, other: &OrSet) {
        self.adds.extend(other.adds.iter().copied());
        self.removed.extend(other.removed.iter().copied());
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LwwRegister {
    /// (Lamport time, replica): the later write wins; the replica breaks ties.
    pub stamp: (u32, u8),
    pub value: BTreeSet<Item>,
}

impl LwwRegister {
    pub fn write(&mut self, value: BTreeSet<Item>, stamp: (u32, u8)) {
        if stamp > self.stamp {
            self.stamp = stamp;
            self.value = value;
        }
    }

    pub fn merge(&mut self, other: &LwwRegister) {
        if other.stamp > self.stamp {
            *self = other.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A replica's worth of all four types, built from a random sequence of updates at random
    /// replicas with random merges in between, so the states are ones that can really occur.
    #[derive(Clone, Debug, PartialEq, Eq)]
    struct States {
        g: GCounter,
        pn: PnCounter,
        set: OrSet,
        lww: LwwRegister,
    }

    fn reachable(operations: &[(u8, u8, u8)]) -> Vec<States> {
        let replicas = 3;
        let mut states = vec![
            States {
                g: GCounter::new(replicas),
                pn: PnCounter::new(replicas),
                set: OrSet::default(),
                lww: LwwRegister::default()
            };
            replicas
        ];
        for (sequence, &(kind, replica, item)) in operations.iter().enumerate() {
            let r = replica as usize % replicas;
            let item = item % ITEMS.len() as u8;
            let state = &mut states[r];
            match kind % 5 {
                0 => {
                    state.g.increment(r);
                    state.pn.increments.increment(r);
                }
                1 => state.pn.decrements.increment(r),
                2 => {
                    state.set.add(item, (r as u8, sequence as u32));
                    let mut value = state.lww.value.clone();
                    value.insert(item);
                    let stamp = (state.lww.stamp.0 + 1, r as u8);
                    state.lww.write(value, stamp);
                }
                3 => state.set.remove(item),
                _ => {
                    let other = states[(r + 1) % replicas].clone();
                    merge(&mut states[r], &other);
                }
            }
        }
        states
    }

    fn merge(into: &mut States, from: &States) {
        into.g.merge(&from.g);
        into.pn.merge(&from.pn);
        into.set.merge(&from.set);
        into.lww.merge(&from.lww);
    }

    fn merged(a: &States, b: &States) -> States {
        let mut result = a.clone();
        merge(&mut result, b);
        result
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn merge_is_commutative_associative_and_idempotent(
            operations in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..60),
        ) {
            let states = reachable(&operations);
            let (a, b, c) = (&states[0], &states[1], &states[2]);
            prop_assert_eq!(merged(a, b), merged(b, a));
            prop_assert_eq!(merged(&merged(a, b), c), merged(a, &merged(b, c)));
            prop_assert_eq!(merged(a, a), a.clone());
        }
    }

    #[test]
    fn a_concurrent_add_survives_a_remove_in_the_or_set_but_not_in_the_register() {
        // Both replicas hold {milk}. A removes milk while B, concurrently, adds it again.
        let mut a = OrSet::default();
        a.add(0, (0, 1));
        let mut b = a.clone();
        a.remove(0);
        b.add(0, (1, 1));
        a.merge(&b);
        assert_eq!(a.value(), BTreeSet::from([0]), "B's add was not observed by A's remove");
        // The register: A writes {milk, eggs}, B concurrently writes {milk, bread}; one is lost.
        let mut a = LwwRegister::default();
        let mut b = LwwRegister::default();
        a.write(BTreeSet::from([0, 1]), (1, 0));
        b.write(BTreeSet::from([0, 2]), (1, 1));
        a.merge(&b);
        assert_eq!(a.value, BTreeSet::from([0, 2]), "the tie goes to the higher replica; eggs is lost");
    }
}
