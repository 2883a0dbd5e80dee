//! The settings an author writes in a ```` ```widget rate-limiter ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::limiters::{Algorithm, Limits};
use crate::trace::Shape;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// One algorithm's key, or `all` to compare them side by side.
    pub algorithm: String,
    /// Requests per window, 1 to 50.
    pub limit: u32,
    /// The window, 100 to 5,000 ms.
    pub window: u32,
    /// Token-bucket capacity and leaky-bucket queue, 1 to 50.
    pub burst: u32,
    /// `steady`, `bursty` or `edge`.
    pub trace: String,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { algorithm: "all".into(), limit: 10, window: 1_000, burst: 10, trace: "edge".into(), seed: 1 }
    }
}

/// Everything a run depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// `None` for all of them.
    pub algorithm: Option<Algorithm>,
    pub limits: Limits,
    pub shape: Shape,
    pub seed: u64,
}

impl Settings {
    pub fn shown(&self) -> Vec<Algorithm> {
        match self.algorithm {
            Some(algorithm) => vec![algorithm],
            None => Algorithm::ALL.to_vec(),
        }
    }

    pub fn clamped(self) -> Settings {
        let limits = Limits {
            limit: self.limits.limit.clamp(1, 50),
            window: self.limits.window.clamp(100, 5_000),
            burst: self.limits.burst.clamp(1, 50),
        };
        Settings { limits, ..self }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.algorithm != "all" && Algorithm::from_key(&self.algorithm).is_none() {
            return Err(Invalid {
                key: "algorithm",
                message: format!(
                    "algorithm must be `all`, `token-bucket`, `leaky-bucket`, `fixed-window`, `sliding-log` or `sliding-counter`, not `{}`",
                    self.algorithm
                ),
            });
        }
        if Shape::from_key(&self.trace).is_none() {
            return Err(Invalid {
                key: "trace",
                message: format!("trace must be `steady`, `bursty` or `edge`, not `{}`", self.trace),
            });
        }
        check_ranges(&[("limit", self.limit, 1, 50), ("window", self.window, 100, 5_000), ("burst", self.burst, 1, 50)])
    }

    pub fn settings(&self) -> Settings {
        Settings {
            algorithm: Algorithm::from_key(&self.algorithm),
            limits: Limits { limit: self.limit, window: self.window, burst: self.burst },
            shape: Shape::from_key(&self.trace).unwrap_or(Shape::Edge),
            seed: self.seed,
        }
        .clamped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { algorithm: "gcra".into(), ..Config::default() }.validate().unwrap_err().key, "algorithm");
        assert_eq!(Config { trace: "poisson".into(), ..Config::default() }.validate().unwrap_err().key, "trace");
        assert_eq!(Config { window: 50, ..Config::default() }.validate().unwrap_err().key, "window");
        assert_eq!(Config::default().settings().shown().len(), 5);
    }
}
