//! The settings an author writes in a ```` ```widget race-lab ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::machine::{Machine, Program};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `counter`, `check-then-act` or `deadlock`.
    pub program: String,
    /// 2 or 3 (the deadlock runs 2).
    pub threads: u32,
    /// Guard the code with a mutex (for the deadlock: take the locks in one order).
    pub lock: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { program: "counter".into(), threads: 2, lock: false }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        let Some(program) = Program::from_key(&self.program) else {
            return Err(Invalid {
                key: "program",
                message: format!("program must be `counter`, `check-then-act` or `deadlock`, not `{}`", self.program),
            });
        };
        let (low, high) = program.thread_range();
        check_ranges(&[("threads", self.threads, low as u32, high as u32)])
    }

    pub fn machine(&self) -> Machine {
        let program = Program::from_key(&self.program).unwrap_or(Program::Counter);
        Machine::new(program, self.threads as usize, self.lock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(
            Config { program: "philosophers".into(), ..Config::default() }.validate().unwrap_err().key,
            "program"
        );
        assert_eq!(Config { threads: 4, ..Config::default() }.validate().unwrap_err().key, "threads");
        assert_eq!(
            Config { program: "deadlock".into(), threads: 3, ..Config::default() }.validate().unwrap_err().key,
            "threads"
        );
    }
}
