//! The settings an author writes in a ```` ```widget replication ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::model::{Guards, Mode, MAX_LAG};
use crate::script::{Action, Settings};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 2 to 4.
    pub followers: u32,
    /// `async`, `semi-sync` or `sync`.
    pub mode: String,
    /// One-way lag of each follower's link, ms, 0 to 2,000; followers beyond the list get 100.
    pub lag: Vec<u32>,
    /// Read-your-writes routing.
    pub read_your_writes: bool,
    /// Monotonic-read pinning.
    pub pin: bool,
    /// Whether Alice, Bob and Carol act by themselves as time runs.
    pub automatic: bool,
    /// Steps the clock has run before the reader arrives.
    pub steps: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            followers: 2,
            mode: Mode::Async.key().into(),
            lag: vec![50, 400],
            read_your_writes: false,
            pin: false,
            automatic: true,
            steps: 0,
            seed: 1,
        }
    }
}

/// Lag given to followers the `lag` list does not name, ms.
const DEFAULT_LAG: u32 = 100;

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Mode::from_key(&self.mode).is_none() {
            return Err(Invalid {
                key: "mode",
                message: format!("mode must be `async`, `semi-sync` or `sync`, not `{}`", self.mode),
            });
        }
        if self.lag.len() > self.followers as usize {
            return Err(Invalid {
                key: "lag",
                message: format!(
                    "lag lists one delay per follower: {} values for {} followers",
                    self.lag.len(),
                    self.followers
                ),
            });
        }
        let slowest = self.lag.iter().copied().max().unwrap_or(0);
        check_ranges(&[
            ("followers", self.followers, 2, 4),
            ("lag", slowest, 0, MAX_LAG as u32),
            ("steps", self.steps, 0, 1_000),
        ])
    }

    pub fn settings(&self) -> Settings {
        let followers = self.followers.clamp(2, 4) as usize;
        let lags = (0..followers)
            .map(|index| u64::from(self.lag.get(index).copied().unwrap_or(DEFAULT_LAG)).min(MAX_LAG))
            .collect();
        Settings {
            mode: Mode::from_key(&self.mode).unwrap_or(Mode::Async),
            guards: Guards { read_your_writes: self.read_your_writes, pin: self.pin },
            lags,
            automatic: self.automatic,
            seed: self.seed,
        }
    }

    /// The steps an author asked to have run already.
    pub fn actions(&self) -> Vec<Action> {
        vec![Action::Step; self.steps.min(1_000) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_fills_in_lags() {
        assert_eq!(Config::default().validate(), Ok(()));
        let config = Config { followers: 4, lag: vec![10, 20], ..Config::default() };
        assert_eq!(config.settings().lags, [10, 20, 100, 100]);
        let too_many = Config { lag: vec![1, 2, 3], ..Config::default() };
        assert_eq!(too_many.validate().unwrap_err().key, "lag");
        let too_slow = Config { lag: vec![1, 5_000], ..Config::default() };
        assert_eq!(too_slow.validate().unwrap_err().key, "lag");
        assert_eq!(Config { mode: "quorum".into(), ..Config::default() }.validate().unwrap_err().key, "mode");
        assert_eq!(Config { steps: 3, ..Config::default() }.actions(), [Action::Step; 3]);
        assert!(Config::default().actions().is_empty());
    }
}
