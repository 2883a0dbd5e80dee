//! The settings an author writes in a ```` ```widget vector-clocks ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::{History, MAX_PROCESSES, MIN_PROCESSES};

/// The most events a starting history may have.
pub const MAX_START_EVENTS: usize = 30;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 2 to 5 processes.
    pub processes: usize,
    /// Random events in the starting history, 0 to 30.
    pub events: usize,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { processes: 3, events: 12, seed: 7 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !(MIN_PROCESSES..=MAX_PROCESSES).contains(&self.processes) {
            return Err(Invalid {
                key: "processes",
                message: format!(
                    "processes must be between {MIN_PROCESSES} and {MAX_PROCESSES}, not {}",
                    self.processes
                ),
            });
        }
        if self.events > MAX_START_EVENTS {
            return Err(Invalid {
                key: "events",
                message: format!("events must be at most {MAX_START_EVENTS}, not {}", self.events),
            });
        }
        Ok(())
    }

    pub fn to_model(&self) -> History {
        History::random(self.processes, self.events, self.seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ranges() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { processes: 1, ..Config::default() }.validate().unwrap_err().key, "processes");
        assert_eq!(Config { events: 31, ..Config::default() }.validate().unwrap_err().key, "events");
        assert_eq!(Config::default().to_model().events().len(), 12);
    }
}
