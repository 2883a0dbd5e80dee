//! The settings an author writes in a ```` ```widget latency-numbers ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::data::operation;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `log` (durations) or `human` (an L1 reference stretched to one second).
    pub view: String,
    /// The two operations the comparison starts with: how many `small` fit in one `large`.
    pub small: String,
    pub large: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { view: "log".into(), small: "memory".into(), large: "seek".into() }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.view != "log" && self.view != "human" {
            return Err(Invalid {
                key: "view",
                message: format!("view must be `log` or `human`, not `{}`", self.view),
            });
        }
        for (key, value) in [("small", &self.small), ("large", &self.large)] {
            if operation(value).is_none() {
                let known: Vec<&str> = crate::data::OPERATIONS.iter().map(|operation| operation.key).collect();
                return Err(Invalid {
                    key,
                    message: format!("{key} must be one of {}, not `{value}`", known.join(", ")),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { view: "linear".into(), ..Config::default() }.validate().unwrap_err().key, "view");
        assert_eq!(Config { small: "l3".into(), ..Config::default() }.validate().unwrap_err().key, "small");
    }
}
