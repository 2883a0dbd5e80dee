//! The settings an author writes in a ```` ```widget scheduler ```` block, and the choices the
//! controls offer.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::policies::{Job, Policy, Settings};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Arrival and length pairs, flattened: `[0, 100, 10, 10]` is A at 0 for 100, B at 10 for 10.
    pub jobs: Vec<u32>,
    /// The round-robin and MLFQ quantum, 1 to 50.
    pub quantum: u32,
    /// The MLFQ's priority boost period; 0 for none.
    pub boost: u32,
    /// The policy whose per-job table is shown: `fifo`, `sjf`, `stcf`, `rr` or `mlfq`.
    pub policy: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { jobs: vec![0, 100, 10, 10, 10, 10], quantum: 10, boost: 0, policy: "stcf".into() }
    }
}

pub const MAX_JOBS: usize = 6;
pub const MAX_TIME: u32 = 200;
pub const ARRIVALS: &[u32] = &[0, 5, 10, 20, 30, 50, 100, 150, 200];
pub const LENGTHS: &[u32] = &[1, 2, 5, 10, 20, 30, 50, 100, 200];
pub const QUANTA: &[u32] = &[1, 2, 5, 10, 20, 50];
pub const BOOSTS: &[u32] = &[0, 20, 50, 100, 200];

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        let invalid = |key: &'static str, message: String| Err(Invalid { key, message });
        if self.jobs.is_empty() || !self.jobs.len().is_multiple_of(2) || self.jobs.len() > 2 * MAX_JOBS {
            return invalid(
                "jobs",
                format!(
                    "jobs must be 1 to {MAX_JOBS} (arrival, length) pairs, flattened, not {} numbers",
                    self.jobs.len()
                ),
            );
        }
        if let Some(pair) =
            self.jobs.chunks_exact(2).find(|pair| pair[0] > MAX_TIME || !(1..=MAX_TIME).contains(&pair[1]))
        {
            return invalid(
                "jobs",
                format!(
                    "each arrival must be 0 to {MAX_TIME} and each length 1 to {MAX_TIME}, not ({}, {})",
                    pair[0], pair[1]
                ),
            );
        }
        if !(1..=50).contains(&self.quantum) {
            return invalid("quantum", format!("quantum must be between 1 and 50, not {}", self.quantum));
        }
        if self.boost > 500 {
            return invalid("boost", format!("boost must be between 0 (off) and 500, not {}", self.boost));
        }
        if Policy::from_key(&self.policy).is_none() {
            return invalid(
                "policy",
                format!("policy must be `fifo`, `sjf`, `stcf`, `rr` or `mlfq`, not `{}`", self.policy),
            );
        }
        Ok(())
    }

    pub fn jobs(&self) -> Vec<Job> {
        let jobs: Vec<Job> = self
            .jobs
            .chunks_exact(2)
            .take(MAX_JOBS)
            .map(|pair| Job { arrival: pair[0].min(MAX_TIME), length: pair[1].clamp(1, MAX_TIME) })
            .collect();
        if jobs.is_empty() {
            Config::default().jobs()
        } else {
            jobs
        }
    }

    pub fn settings(&self) -> Settings {
        Settings { quantum: self.quantum.clamp(1, 50), boost: self.boost.min(500) }
    }

    pub fn policy(&self) -> Policy {
        Policy::from_key(&self.policy).unwrap_or(Policy::Stcf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid(Config { jobs: vec![0, 10, 5], ..Config::default() }), "jobs");
        assert_eq!(invalid(Config { jobs: vec![0, 0], ..Config::default() }), "jobs");
        assert_eq!(invalid(Config { jobs: vec![0; 14], ..Config::default() }), "jobs");
        assert_eq!(invalid(Config { quantum: 0, ..Config::default() }), "quantum");
        assert_eq!(invalid(Config { boost: 501, ..Config::default() }), "boost");
        assert_eq!(invalid(Config { policy: "lottery".into(), ..Config::default() }), "policy");
    }
}
