//! The settings an author writes in a ```` ```widget quorum ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::{Quorum, MAX_REPLICAS};

/// Initial state of the widget. Unknown keys are rejected so a typo fails the build.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// N, from 1 to 15.
    pub replicas: u32,
    /// W, from 1 to N.
    pub write_quorum: u32,
    /// R, from 1 to N.
    pub read_quorum: u32,
    /// Replicas that start down, numbered from 0.
    pub down: Vec<u32>,
    /// Sloppy quorum and hinted handoff instead of a strict quorum.
    pub sloppy: bool,
    /// Shows the latency and staleness panel with this delay profile (see
    /// [`crate::latency::PROFILES`]); no panel when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<String>,
    /// Seeds the Monte Carlo simulation of the latency panel.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { replicas: 5, write_quorum: 3, read_quorum: 3, down: Vec::new(), sloppy: false, latency: None, seed: 1 }
    }
}

impl Config {
    /// Checks every value against the ranges the widget's controls allow.
    pub fn validate(&self) -> Result<(), Invalid> {
        let invalid = |key, message| Err(Invalid { key, message });
        if !(1..=MAX_REPLICAS).contains(&self.replicas) {
            return invalid(
                "replicas",
                format!("replicas must be between 1 and {MAX_REPLICAS}, not {}", self.replicas),
            );
        }
        for (key, value) in [("write_quorum", self.write_quorum), ("read_quorum", self.read_quorum)] {
            if !(1..=self.replicas).contains(&value) {
                return invalid(key, format!("{key} must be between 1 and replicas ({}), not {value}", self.replicas));
            }
        }
        for (position, &replica) in self.down.iter().enumerate() {
            if replica >= self.replicas {
                return invalid(
                    "down",
                    format!("down lists replica {replica}, but replicas are numbered 0 to {}", self.replicas - 1),
                );
            }
            if self.down[..position].contains(&replica) {
                return invalid("down", format!("down lists replica {replica} twice"));
            }
        }
        if let Some(key) = self.latency.as_deref().filter(|key| crate::latency::profile(key).is_none()) {
            let names: Vec<&str> = crate::latency::PROFILES.iter().map(|profile| profile.key).collect();
            return invalid("latency", format!("latency must be one of {}, not `{key}`", names.join(", ")));
        }
        Ok(())
    }

    /// The latency profile of the panel, if the config asks for one.
    pub fn latency_profile(&self) -> Option<&'static crate::latency::Profile> {
        self.latency.as_deref().and_then(crate::latency::profile)
    }

    /// The model state this config describes (values are clamped, so this never fails).
    pub fn to_model(&self) -> Quorum {
        let mut quorum = Quorum::new(self.replicas, self.write_quorum, self.read_quorum);
        quorum.set_sloppy(self.sloppy);
        for &replica in &self.down {
            if !quorum.is_down(replica) {
                quorum.toggle_down(replica);
            }
        }
        quorum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_defaults_and_rejects_out_of_range_values() {
        assert_eq!(Config::default().validate(), Ok(()));
        let with = |replicas, write_quorum, read_quorum, down: &[u32]| Config {
            replicas,
            write_quorum,
            read_quorum,
            down: down.to_vec(),
            ..Config::default()
        };
        assert_eq!(with(16, 1, 1, &[]).validate().unwrap_err().key, "replicas");
        assert_eq!(with(0, 1, 1, &[]).validate().unwrap_err().key, "replicas");
        assert_eq!(with(3, 4, 1, &[]).validate().unwrap_err().key, "write_quorum");
        assert_eq!(with(3, 1, 0, &[]).validate().unwrap_err().key, "read_quorum");
        assert_eq!(with(3, 1, 1, &[3]).validate().unwrap_err().key, "down");
        assert_eq!(with(3, 1, 1, &[1, 1]).validate().unwrap_err().message, "down lists replica 1 twice");
        let quorum = with(3, 2, 2, &[0, 2]).to_model();
        assert!(quorum.is_down(0) && !quorum.is_down(1) && quorum.is_down(2));
        let unknown = Config { latency: Some("lnkd".into()), ..Config::default() }.validate().unwrap_err();
        assert_eq!(unknown.message, "latency must be one of lnkd-ssd, lnkd-disk, ymmr, exp-fast, exp-slow, not `lnkd`");
        let panel = Config { latency: Some("ymmr".into()), sloppy: true, ..Config::default() };
        assert_eq!(panel.latency_profile().map(|profile| profile.key), Some("ymmr"));
        assert!(panel.to_model().is_sloppy());
    }
}
