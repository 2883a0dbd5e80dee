//! The settings an author writes in a ```` ```widget availability ```` block, and the choices
//! the controls offer.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::Preset;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `three-tier`, `single-box` or `multi-region`.
    pub preset: String,
    /// The SLO in percent: `99`, `99.5`, `99.9`, `99.95` or `99.99`.
    pub slo: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { preset: "three-tier".into(), slo: "99.9".into() }
    }
}

pub const PERCENTS: &[(f64, &str)] = &[
    (90.0, "90%"),
    (95.0, "95%"),
    (99.0, "99%"),
    (99.5, "99.5%"),
    (99.9, "99.9%"),
    (99.95, "99.95%"),
    (99.99, "99.99%"),
    (99.999, "99.999%"),
];
pub const MTBF_HOURS: &[(f64, &str)] = &[
    (24.0, "1 day"),
    (168.0, "1 week"),
    (720.0, "30 days"),
    (2_160.0, "90 days"),
    (8_760.0, "1 year"),
    (87_600.0, "10 years"),
];
pub const MTTR_HOURS: &[(f64, &str)] =
    &[(5.0 / 60.0, "5 min"), (0.5, "30 min"), (1.0, "1 hour"), (4.0, "4 hours"), (24.0, "1 day")];
pub const SLOS: &[(f64, &str)] = &[(99.0, "99"), (99.5, "99.5"), (99.9, "99.9"), (99.95, "99.95"), (99.99, "99.99")];
pub const ERROR_RATES: &[(f64, &str)] = &[
    (0.0, "0%"),
    (0.0001, "0.01%"),
    (0.0005, "0.05%"),
    (0.001, "0.1%"),
    (0.005, "0.5%"),
    (0.01, "1%"),
    (0.0144, "1.44%"),
    (0.05, "5%"),
];
pub const MAX_STAGES: usize = 5;
pub const MAX_REPLICAS: u32 = 5;

/// The index of the choice nearest `value`.
pub fn nearest(choices: &[(f64, &str)], value: f64) -> usize {
    (0..choices.len())
        .min_by(|&a, &b| (choices[a].0 - value).abs().total_cmp(&(choices[b].0 - value).abs()))
        .unwrap_or(0)
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Preset::from_key(&self.preset).is_none() {
            return Err(Invalid {
                key: "preset",
                message: format!("preset must be `three-tier`, `single-box` or `multi-region`, not `{}`", self.preset),
            });
        }
        if !SLOS.iter().any(|(_, label)| *label == self.slo.trim()) {
            return Err(Invalid {
                key: "slo",
                message: format!("slo must be 99, 99.5, 99.9, 99.95 or 99.99, not `{}`", self.slo),
            });
        }
        Ok(())
    }

    pub fn preset(&self) -> Preset {
        Preset::from_key(&self.preset).unwrap_or(Preset::ThreeTier)
    }

    /// The SLO as a fraction.
    pub fn slo(&self) -> f64 {
        SLOS.iter().find(|(_, label)| *label == self.slo.trim()).map_or(99.9, |(value, _)| *value) / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { preset: "mesh".into(), ..Config::default() }.validate().unwrap_err().key, "preset");
        assert_eq!(Config { slo: "99.999".into(), ..Config::default() }.validate().unwrap_err().key, "slo");
        assert!((Config::default().slo() - 0.999).abs() < 1e-12);
    }
}
