//! The settings an author writes in a ```` ```widget raft ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::cluster::{Rule, MAX_SERVERS, MIN_SERVERS};
use crate::run::{Spec, MAX_STEPS};
use crate::scenario::Figure;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 3 to 7 (a figure sets its own).
    pub servers: u32,
    pub seed: u64,
    /// `figure-7` or `figure-8` for a guided replay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Percent of messages lost, 0 to 50.
    pub drop: u32,
    /// `election-restriction` or `commit-rule`: a safety rule switched off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<String>,
    /// Events (or figure stages) already run when the figure appears.
    pub steps: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config { servers: 5, seed: 1, scenario: None, drop: 0, broken: None, steps: 0 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        let (min, max) = (MIN_SERVERS as u32, MAX_SERVERS as u32);
        if !(min..=max).contains(&self.servers) {
            return Err(Invalid {
                key: "servers",
                message: format!("servers must be between {min} and {max}, not {}", self.servers),
            });
        }
        if let Some(scenario) = self.scenario.as_deref().filter(|key| Figure::from_key(key).is_none()) {
            return Err(Invalid {
                key: "scenario",
                message: format!("scenario must be `figure-7` or `figure-8`, not `{scenario}`"),
            });
        }
        if self.drop > 50 {
            return Err(Invalid {
                key: "drop",
                message: format!("drop must be a percentage from 0 to 50, not {}", self.drop),
            });
        }
        if let Some(broken) = self.broken.as_deref().filter(|key| Rule::from_key(key).is_none()) {
            return Err(Invalid {
                key: "broken",
                message: format!("broken must be `election-restriction` or `commit-rule`, not `{broken}`"),
            });
        }
        if u64::from(self.steps) > MAX_STEPS {
            return Err(Invalid {
                key: "steps",
                message: format!("steps must be at most {MAX_STEPS}, not {}", self.steps),
            });
        }
        Ok(())
    }

    pub fn spec(&self) -> Spec {
        let figure = self.scenario.as_deref().and_then(Figure::from_key);
        Spec {
            servers: figure.map_or(self.servers as usize, Figure::servers),
            seed: self.seed,
            figure,
            chaos: false,
            broken: self.broken.as_deref().and_then(Rule::from_key),
            drop_percent: self.drop,
            steps: u64::from(self.steps),
            actions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid(Config { servers: 8, ..Config::default() }), "servers");
        assert_eq!(invalid(Config { scenario: Some("figure-9".into()), ..Config::default() }), "scenario");
        assert_eq!(invalid(Config { drop: 51, ..Config::default() }), "drop");
        assert_eq!(invalid(Config { broken: Some("quorum".into()), ..Config::default() }), "broken");
        let figure = Config { scenario: Some("figure-7".into()), servers: 3, ..Config::default() }.spec();
        assert_eq!((figure.servers, figure.figure), (7, Some(Figure::Seven)));
    }
}
