//! The settings an author writes in a ```` ```widget saga ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::model::{Settings, Style, STEPS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 3 to 6 local transactions.
    pub steps: u32,
    /// `orchestration` or `choreography`.
    pub style: String,
    /// The step (1-based) whose local transaction fails; 0 for none.
    pub fail_at: u32,
    /// The service (1-based) that crashes between its commit and its publish; 0 for none.
    pub crash_at: u32,
    /// The network delivers the payment's trigger twice.
    pub duplicate: bool,
    pub idempotency: bool,
    pub outbox: bool,
    /// Messages already handled when the reader arrives.
    pub progress: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            steps: 5,
            style: "orchestration".into(),
            fail_at: 0,
            crash_at: 0,
            duplicate: false,
            idempotency: true,
            outbox: true,
            progress: 0,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !matches!(self.style.as_str(), "orchestration" | "choreography") {
            return Err(Invalid {
                key: "style",
                message: format!("style must be `orchestration` or `choreography`, not `{}`", self.style),
            });
        }
        check_ranges(&[
            ("steps", self.steps, 3, STEPS.len() as u32),
            ("fail_at", self.fail_at, 0, self.steps.min(STEPS.len() as u32)),
            ("crash_at", self.crash_at, 0, self.steps.min(STEPS.len() as u32)),
            ("progress", self.progress, 0, 500),
        ])
    }

    pub fn settings(&self) -> Settings {
        let step = |number: u32| number.checked_sub(1).map(|index| index as usize);
        Settings {
            steps: (self.steps as usize).clamp(3, STEPS.len()),
            style: if self.style == "choreography" { Style::Choreography } else { Style::Orchestration },
            fail_at: step(self.fail_at),
            duplicate: self.duplicate,
            idempotency: self.idempotency,
            outbox: self.outbox,
            crash_at: step(self.crash_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_numbers_steps_from_one() {
        assert_eq!(Config::default().validate(), Ok(()));
        let config = Config { fail_at: 3, crash_at: 1, ..Config::default() };
        assert_eq!((config.settings().fail_at, config.settings().crash_at), (Some(2), Some(0)));
        assert_eq!(Config { fail_at: 6, ..Config::default() }.validate().unwrap_err().key, "fail_at");
        assert_eq!(Config { style: "mesh".into(), ..Config::default() }.validate().unwrap_err().key, "style");
    }
}
