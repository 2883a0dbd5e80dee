//! The settings an author writes in a ```` ```widget crdt ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::cluster::{parse, Cluster, Op, MAX_REPLICAS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    GCounter,
    PnCounter,
    OrSet,
    LwwRegister,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::GCounter, Kind::PnCounter, Kind::OrSet, Kind::LwwRegister];

    pub fn key(self) -> &'static str {
        match self {
            Kind::GCounter => "g-counter",
            Kind::PnCounter => "pn-counter",
            Kind::OrSet => "or-set",
            Kind::LwwRegister => "lww-register",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::GCounter => "G-Counter",
            Kind::PnCounter => "PN-Counter",
            Kind::OrSet => "OR-Set",
            Kind::LwwRegister => "LWW register (of a set)",
        }
    }

    pub fn is_set(self) -> bool {
        matches!(self, Kind::OrSet | Kind::LwwRegister)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 2 to 4.
    pub replicas: u32,
    /// `g-counter`, `pn-counter`, `or-set` or `lww-register`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Operations already done when the reader arrives, e.g. `isolate B; A add milk; B add eggs`.
    pub operations: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { replicas: 3, kind: Kind::GCounter.key().into(), operations: String::new() }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Kind::from_key(&self.kind).is_none() {
            return Err(Invalid {
                key: "type",
                message: format!(
                    "type must be `g-counter`, `pn-counter`, `or-set` or `lww-register`, not `{}`",
                    self.kind
                ),
            });
        }
        check_ranges(&[("replicas", self.replicas, 2, MAX_REPLICAS as u32)])?;
        parse(&self.operations, self.replicas as usize)
            .map(drop)
            .map_err(|message| Invalid { key: "operations", message })
    }

    pub fn kind(&self) -> Kind {
        Kind::from_key(&self.kind).unwrap_or(Kind::GCounter)
    }

    /// The operations the author wrote; an unreadable list counts as none (validation says why).
    pub fn ops(&self) -> Vec<Op> {
        parse(&self.operations, self.replicas as usize).unwrap_or_default()
    }

    pub fn cluster(&self) -> Cluster {
        build(self.replicas as usize, &self.ops())
    }
}

pub fn build(replicas: usize, ops: &[Op]) -> Cluster {
    let mut cluster = Cluster::new(replicas);
    for &op in ops {
        cluster.apply(op);
    }
    cluster
}

/// Numbers for a link: sync, heal, then four replicas' toggles, increments, decrements, and
/// adds and removes of each item.
const KINDS: u32 = 2 + 4 * MAX_REPLICAS as u32 + 2 * (MAX_REPLICAS * crate::types::ITEMS.len()) as u32;

fn code(op: Op) -> u32 {
    let items = crate::types::ITEMS.len();
    let slot = |base: usize, replica: usize| (base + replica) as u32;
    match op {
        Op::Sync => 0,
        Op::Heal => 1,
        Op::Toggle(r) => slot(2, r),
        Op::Increment(r) => slot(2 + MAX_REPLICAS, r),
        Op::Decrement(r) => slot(2 + 2 * MAX_REPLICAS, r),
        Op::Add(r, item) => (2 + 3 * MAX_REPLICAS + r * items + item as usize) as u32,
        Op::Remove(r, item) => (2 + 3 * MAX_REPLICAS + MAX_REPLICAS * items + r * items + item as usize) as u32,
    }
}

fn from_code(code: u32) -> Op {
    let items = crate::types::ITEMS.len();
    let code = code as usize;
    let sets = 2 + 3 * MAX_REPLICAS;
    match code {
        0 => Op::Sync,
        1 => Op::Heal,
        c if c < 2 + MAX_REPLICAS => Op::Toggle(c - 2),
        c if c < 2 + 2 * MAX_REPLICAS => Op::Increment(c - 2 - MAX_REPLICAS),
        c if c < sets => Op::Decrement(c - 2 - 2 * MAX_REPLICAS),
        c if c < sets + MAX_REPLICAS * items => Op::Add((c - sets) / items, ((c - sets) % items) as u8),
        c => Op::Remove((c - sets - MAX_REPLICAS * items) / items, ((c - sets) % items) as u8),
    }
}

/// The longest list of operations a link may replay.
pub const MAX_OPS: usize = 2_000;

pub fn encode(ops: &[Op]) -> Vec<u32> {
    let codes: Vec<u32> = ops.iter().map(|&op| code(op)).collect();
    kit::runs::encode(&codes, KINDS)
}

pub fn decode(codes: &[u32]) -> Vec<Op> {
    kit::runs::decode(codes, KINDS, MAX_OPS, |_| true).into_iter().map(from_code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_round_trips_operations() {
        assert_eq!(Config::default().validate(), Ok(()));
        let bad = Config { operations: "A add cheese".into(), ..Config::default() };
        assert_eq!(bad.validate().unwrap_err().key, "operations");
        assert_eq!(Config { kind: "mv-register".into(), ..Config::default() }.validate().unwrap_err().key, "type");
        let ops = parse("isolate D; A +1; C -1; B add bread; D remove eggs; sync; heal", 4).unwrap();
        assert_eq!(decode(&encode(&ops)), ops);
        for code in 0..KINDS {
            assert_eq!(super::code(from_code(code)), code);
        }
    }
}
