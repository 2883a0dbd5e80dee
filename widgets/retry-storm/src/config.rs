//! The settings an author writes in a ```` ```widget retry-storm ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::policy::{Backoff, Budget};
use crate::simulation::Settings;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Service layers, 1 to 5.
    pub layers: u32,
    /// Client requests per second, 10 to 300.
    pub load: u32,
    /// The bottom's capacity, requests per second, 20 to 500.
    pub capacity: u32,
    /// Percent of the bottom's answers that are errors.
    pub failure: u32,
    /// Double the load from 10 s to 15 s.
    pub spike: bool,
    /// Retries per layer, 0 to 5.
    pub retries: u32,
    /// Timeout per attempt, 50 to 2,000 ms.
    pub timeout: u32,
    /// `immediate`, `exponential`, `full-jitter`, `equal-jitter` or `decorrelated`.
    pub backoff: String,
    /// `none`, `token-bucket` or `ratio`.
    pub budget: String,
    pub breaker: bool,
    pub deadlines: bool,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            layers: 3,
            load: 80,
            capacity: 100,
            failure: 0,
            spike: true,
            retries: 3,
            timeout: 300,
            backoff: "immediate".into(),
            budget: "none".into(),
            breaker: false,
            deadlines: false,
            seed: 1,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Backoff::from_key(&self.backoff).is_none() {
            return Err(Invalid {
                key: "backoff",
                message: format!(
                    "backoff must be `immediate`, `exponential`, `full-jitter`, `equal-jitter` or `decorrelated`, not `{}`",
                    self.backoff
                ),
            });
        }
        if Budget::from_key(&self.budget).is_none() {
            return Err(Invalid {
                key: "budget",
                message: format!("budget must be `none`, `token-bucket` or `ratio`, not `{}`", self.budget),
            });
        }
        check_ranges(&[
            ("layers", self.layers, 1, 5),
            ("load", self.load, 10, 300),
            ("capacity", self.capacity, 20, 500),
            ("failure", self.failure, 0, 100),
            ("retries", self.retries, 0, 5),
            ("timeout", self.timeout, 50, 2_000),
        ])
    }

    pub fn settings(&self) -> Settings {
        Settings {
            layers: self.layers.clamp(1, 5) as usize,
            load: f64::from(self.load.clamp(10, 300)),
            capacity: f64::from(self.capacity.clamp(20, 500)),
            failure: f64::from(self.failure.min(100)) / 100.0,
            spike: self.spike,
            retries: self.retries.min(5),
            timeout: f64::from(self.timeout.clamp(50, 2_000)),
            backoff: Backoff::from_key(&self.backoff).unwrap_or(Backoff::Immediate),
            budget: Budget::from_key(&self.budget).unwrap_or(Budget::None),
            breaker: self.breaker,
            deadlines: self.deadlines,
            seed: self.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { backoff: "linear".into(), ..Config::default() }.validate().unwrap_err().key, "backoff");
        assert_eq!(Config { budget: "infinite".into(), ..Config::default() }.validate().unwrap_err().key, "budget");
        assert_eq!(Config { layers: 6, ..Config::default() }.validate().unwrap_err().key, "layers");
        assert_eq!(Config { failure: 50, ..Config::default() }.settings().failure, 0.5);
    }
}
