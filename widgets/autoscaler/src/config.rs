//! The settings an author writes in a ```` ```widget autoscaler ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::simulation::{Preset, Scaling, Settings};
use crate::workload::Shape;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `step`, `ramp`, `sine`, `spike` or `trace` (a recorded day).
    pub workload: String,
    /// Requests a second before and after the change (or at night and at noon).
    pub base: u32,
    pub peak: u32,
    /// Requests a second one pod serves at 100% CPU.
    pub capacity: u32,
    /// Target CPU utilization, percent.
    pub target: u32,
    pub min: u32,
    pub max: u32,
    /// Seconds before a new pod serves.
    pub startup: u32,
    /// Seconds the metric lags.
    pub lag: u32,
    /// `default`, `fast-down` or `slow-up`: the starting scaling rules, which the keys below
    /// override one by one.
    pub behavior: String,
    /// Pods and percent that may be added per `up_period` seconds (0 turns a policy off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub up_pods: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub up_percent: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub up_period: Option<u32>,
    /// The scale-down stabilization window, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_window: Option<u32>,
    /// Percent that may be removed per 15 s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_percent: Option<u32>,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        let settings = Settings::default();
        Config {
            workload: settings.shape.key().into(),
            base: settings.base as u32,
            peak: settings.peak as u32,
            capacity: settings.capacity as u32,
            target: settings.target,
            min: settings.min,
            max: settings.max,
            startup: settings.startup,
            lag: settings.lag,
            behavior: Preset::Default.key().into(),
            up_pods: None,
            up_percent: None,
            up_period: None,
            down_window: None,
            down_percent: None,
            seed: settings.seed,
        }
    }
}

impl Config {
    /// The preset's rules with the explicit keys applied.
    fn scaling(&self) -> Scaling {
        let preset = Preset::from_key(&self.behavior).unwrap_or(Preset::Default).scaling();
        Scaling {
            up_pods: self.up_pods.unwrap_or(preset.up_pods),
            up_percent: self.up_percent.unwrap_or(preset.up_percent),
            up_period: self.up_period.unwrap_or(preset.up_period),
            down_window: self.down_window.unwrap_or(preset.down_window),
            down_percent: self.down_percent.unwrap_or(preset.down_percent),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if Shape::from_key(&self.workload).is_none() {
            return Err(Invalid {
                key: "workload",
                message: format!(
                    "workload must be `step`, `ramp`, `sine`, `spike` or `trace`, not `{}`",
                    self.workload
                ),
            });
        }
        if Preset::from_key(&self.behavior).is_none() {
            return Err(Invalid {
                key: "behavior",
                message: format!("behavior must be `default`, `fast-down` or `slow-up`, not `{}`", self.behavior),
            });
        }
        check_ranges(&[
            ("base", self.base, 0, 100_000),
            ("peak", self.peak, 1, 100_000),
            ("capacity", self.capacity, 1, 10_000),
            ("target", self.target, 10, 100),
            ("min", self.min, 1, 100),
            ("max", self.max, self.min.max(1), 200),
            ("startup", self.startup, 0, 600),
            ("lag", self.lag, 0, 300),
            ("up_pods", self.up_pods.unwrap_or(0), 0, 100),
            ("up_percent", self.up_percent.unwrap_or(0), 0, 1000),
            ("up_period", self.up_period.unwrap_or(15), 15, 1800),
            ("down_window", self.down_window.unwrap_or(0), 0, 3600),
            ("down_percent", self.down_percent.unwrap_or(100), 1, 100),
        ])
    }

    pub fn settings(&self) -> Settings {
        let defaults = Settings::default();
        Settings {
            shape: Shape::from_key(&self.workload).unwrap_or(defaults.shape),
            base: f64::from(self.base),
            peak: f64::from(self.peak),
            capacity: f64::from(self.capacity),
            target: self.target,
            min: self.min,
            max: self.max,
            startup: self.startup,
            lag: self.lag,
            scaling: self.scaling(),
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
        let invalid = |config: Config| config.validate().unwrap_err();
        assert_eq!(invalid(Config { workload: "replay".into(), ..Config::default() }).key, "workload");
        assert_eq!(invalid(Config { behavior: "eager".into(), ..Config::default() }).key, "behavior");
        assert_eq!(
            invalid(Config { min: 10, max: 5, ..Config::default() }).message,
            "max must be between 10 and 200, not 5"
        );
        assert_eq!(invalid(Config { target: 5, ..Config::default() }).key, "target");
        assert_eq!(Config::default().settings(), Settings::default());
        let custom = Config { behavior: "slow-up".into(), down_window: Some(60), ..Config::default() }.settings();
        assert_eq!(custom.scaling, Scaling { down_window: 60, ..Preset::SlowUp.scaling() });
    }
}
