//! The settings an author writes in a ```` ```widget two-phase-commit ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::script::{Settings, MAX_PARTICIPANTS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 2 to 5.
    pub participants: u32,
    /// `single` or `replicated`.
    pub coordinator: String,
    /// `yes` or `no` per participant; participants beyond the list vote yes.
    pub votes: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config { participants: 3, coordinator: "single".into(), votes: Vec::new() }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !matches!(self.coordinator.as_str(), "single" | "replicated") {
            return Err(Invalid {
                key: "coordinator",
                message: format!("coordinator must be `single` or `replicated`, not `{}`", self.coordinator),
            });
        }
        if let Some(vote) = self.votes.iter().find(|vote| !matches!(vote.as_str(), "yes" | "no")) {
            return Err(Invalid { key: "votes", message: format!("each vote must be `yes` or `no`, not `{vote}`") });
        }
        if self.votes.len() > self.participants as usize {
            return Err(Invalid {
                key: "votes",
                message: format!("{} votes for {} participants", self.votes.len(), self.participants),
            });
        }
        check_ranges(&[("participants", self.participants, 2, MAX_PARTICIPANTS as u32)])
    }

    pub fn settings(&self) -> Settings {
        let count = (self.participants as usize).clamp(2, MAX_PARTICIPANTS);
        let votes = (0..count).map(|index| self.votes.get(index).is_none_or(|vote| vote != "no")).collect();
        Settings { votes, replicated: self.coordinator == "replicated" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_fills_in_votes() {
        assert_eq!(Config::default().validate(), Ok(()));
        let config = Config { participants: 4, votes: vec!["yes".into(), "no".into()], ..Config::default() };
        assert_eq!(config.settings().votes, [true, false, true, true]);
        assert_eq!(Config { votes: vec!["maybe".into()], ..Config::default() }.validate().unwrap_err().key, "votes");
        assert_eq!(Config { participants: 9, ..Config::default() }.validate().unwrap_err().key, "participants");
        assert_eq!(
            Config { coordinator: "paxos".into(), ..Config::default() }.validate().unwrap_err().key,
            "coordinator"
        );
    }
}
