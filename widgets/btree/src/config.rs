//! The settings an author writes in a ```` ```widget btree ```` block.

use kit::config::{check_ranges, Invalid};
use kit::rng::Rng;
use serde::{Deserialize, Serialize};

use crate::tree::{Tree, MAX_ORDER, MIN_ORDER};

/// Random keys are drawn from 1 to this.
pub const KEY_RANGE: u64 = 99;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Most children of an internal node: 3 to 8.
    pub order: u32,
    /// Keys inserted first, in this order.
    pub keys: Vec<u32>,
    /// Random keys inserted after them, 0 to 60.
    pub random: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { order: 4, keys: Vec::new(), random: 12, seed: 1 }
    }
}

/// Operations a link replays: a key with its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Insert(u32),
    Delete(u32),
}

impl Operation {
    /// One number per operation for links: 2·key for an insert, 2·key + 1 for a delete.
    pub fn encode(self) -> u32 {
        match self {
            Operation::Insert(key) => key.saturating_mul(2),
            Operation::Delete(key) => key.saturating_mul(2).saturating_add(1),
        }
    }

    pub fn decode(code: u32) -> Operation {
        if code.is_multiple_of(2) {
            Operation::Insert(code / 2)
        } else {
            Operation::Delete(code / 2)
        }
    }

    pub fn apply(self, tree: &mut Tree) {
        match self {
            Operation::Insert(key) => drop(tree.insert(key)),
            Operation::Delete(key) => drop(tree.delete(key)),
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        check_ranges(&[("order", self.order, MIN_ORDER as u32, MAX_ORDER as u32), ("random", self.random, 0, 60)])?;
        if let Some(&key) = self.keys.iter().find(|&&key| key > 9999) {
            return Err(Invalid { key: "keys", message: format!("keys must be between 0 and 9999, not {key}") });
        }
        Ok(())
    }

    /// The operations that build the initial tree: the listed keys, then the random ones.
    pub fn operations(&self) -> Vec<Operation> {
        let mut rng = Rng::seeded(self.seed);
        let random = (0..self.random.min(60)).map(|_| 1 + rng.below(KEY_RANGE) as u32);
        self.keys.iter().copied().chain(random).map(Operation::Insert).collect()
    }
}

/// A tree of `order` after `operations`.
pub fn build(order: usize, operations: &[Operation]) -> Tree {
    let mut tree = Tree::new(order);
    for operation in operations {
        operation.apply(&mut tree);
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_builds() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { order: 9, ..Config::default() }.validate().unwrap_err().key, "order");
        assert_eq!(Config { keys: vec![10_000], ..Config::default() }.validate().unwrap_err().key, "keys");
        let config = Config { keys: vec![5, 7], random: 3, ..Config::default() };
        let operations = config.operations();
        assert_eq!(operations.len(), 5);
        assert_eq!(operations[..2], [Operation::Insert(5), Operation::Insert(7)]);
        for operation in [Operation::Insert(42), Operation::Delete(42)] {
            assert_eq!(Operation::decode(operation.encode()), operation);
        }
        build(4, &operations).check().unwrap();
    }
}
