//! The settings an author writes in a ```` ```widget queueing ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::formula::{Model, Queue};

pub const MAX_SERVERS: u32 = 16;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `mm1`, `mmc` or `md1`.
    pub model: String,
    /// c, for `mmc`: 1 to 16.
    pub servers: u32,
    /// ρ in percent: 5 to 98.
    pub utilization: u32,
    /// The mean service time in milliseconds, for the readout's units: 1 to 1,000.
    pub service_ms: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { model: "mm1".into(), servers: 2, utilization: 80, service_ms: 10, seed: 1 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Model::from_key(&self.model).is_none() {
            return Err(Invalid {
                key: "model",
                message: format!("model must be `mm1`, `mmc` or `md1`, not `{}`", self.model),
            });
        }
        kit::config::check_ranges(&[
            ("servers", self.servers, 1, MAX_SERVERS),
            ("utilization", self.utilization, 5, 98),
            ("service_ms", self.service_ms, 1, 1000),
        ])?;
        Ok(())
    }

    pub fn queue(&self) -> Queue {
        let model = Model::from_key(&self.model).unwrap_or(Model::MM1);
        Queue::new(model, self.servers.min(MAX_SERVERS), f64::from(self.utilization.clamp(5, 98)) / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid(Config { model: "gg1".into(), ..Config::default() }), "model");
        assert_eq!(invalid(Config { servers: 17, ..Config::default() }), "servers");
        assert_eq!(invalid(Config { utilization: 99, ..Config::default() }), "utilization");
        assert_eq!(invalid(Config { service_ms: 0, ..Config::default() }), "service_ms");
        assert_eq!(Config::default().queue().servers, 1, "servers count only for M/M/c");
    }
}
