//! The settings an author writes in a ```` ```widget load-balancer ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::settings::{Fault, Preset, Service, Settings, MAX_BACKENDS, MIN_BACKENDS};
use crate::strategy::Strategy;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub strategy: String,
    /// 2 to 32.
    pub backends: u32,
    /// `uniform` or `heterogeneous`.
    pub preset: String,
    /// Offered load, percent of total capacity: 10 to 99.
    pub load: u32,
    /// `exponential`, `lognormal` or `pareto`.
    pub service: String,
    /// Requests carry Zipf-skewed client keys.
    pub keyed: bool,
    /// Age of stale-least-loaded's view, in mean service times: 0 to 50.
    pub staleness: u32,
    /// `none`, `slow` or `dead` (backend 1).
    pub fault: String,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategy: Strategy::TwoChoices.key().into(),
            backends: 8,
            preset: Preset::Uniform.key().into(),
            load: 80,
            service: Service::Exponential.key().into(),
            keyed: false,
            staleness: 10,
            fault: Fault::None.key().into(),
            seed: 1,
        }
    }
}

fn unknown(key: &'static str, value: &str, known: &[&str]) -> Invalid {
    Invalid { key, message: format!("{key} must be one of {}, not `{value}`", known.join(", ")) }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Strategy::from_key(&self.strategy).is_none() {
            let known: Vec<&str> = Strategy::ALL.iter().map(|strategy| strategy.key()).collect();
            return Err(unknown("strategy", &self.strategy, &known));
        }
        if Preset::from_key(&self.preset).is_none() {
            return Err(unknown("preset", &self.preset, &["uniform", "heterogeneous"]));
        }
        if Service::from_key(&self.service).is_none() {
            return Err(unknown("service", &self.service, &["exponential", "lognormal", "pareto"]));
        }
        if Fault::from_key(&self.fault).is_none() {
            return Err(unknown("fault", &self.fault, &["none", "slow", "dead"]));
        }
        check_ranges(&[
            ("backends", self.backends, MIN_BACKENDS, MAX_BACKENDS),
            ("load", self.load, 10, 99),
            ("staleness", self.staleness, 0, 50),
        ])
    }

    pub fn settings(&self) -> Settings {
        let defaults = Settings::default();
        Settings {
            strategy: Strategy::from_key(&self.strategy).unwrap_or(defaults.strategy),
            backends: self.backends.clamp(MIN_BACKENDS, MAX_BACKENDS),
            preset: Preset::from_key(&self.preset).unwrap_or(defaults.preset),
            load: f64::from(self.load.clamp(10, 99)) / 100.0,
            service: Service::from_key(&self.service).unwrap_or(defaults.service),
            keyed: self.keyed,
            staleness: f64::from(self.staleness.min(50)),
            fault: Fault::from_key(&self.fault).unwrap_or(defaults.fault),
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
        let invalid = |config: Config| config.validate().unwrap_err();
        assert_eq!(invalid(Config { strategy: "fastest".into(), ..Config::default() }).key, "strategy");
        assert_eq!(invalid(Config { preset: "mixed".into(), ..Config::default() }).key, "preset");
        assert_eq!(invalid(Config { service: "normal".into(), ..Config::default() }).key, "service");
        assert_eq!(invalid(Config { fault: "flaky".into(), ..Config::default() }).key, "fault");
        assert_eq!(invalid(Config { backends: 33, ..Config::default() }).key, "backends");
        assert_eq!(invalid(Config { load: 100, ..Config::default() }).key, "load");
        let settings = Config { load: 90, staleness: 0, ..Config::default() }.settings();
        assert_eq!((settings.load, settings.staleness), (0.9, 0.0));
    }
}
