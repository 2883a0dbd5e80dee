//! The settings an author writes in a ```` ```widget lsm ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::{Compaction, Settings, Tree};

/// Most steps an author can ask the figure to start after.
pub const MAX_INITIAL_STEPS: u32 = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `leveled` or `tiered`.
    pub compaction: String,
    /// T, from 2 to 10.
    pub size_ratio: u32,
    /// Memtable size threshold in entries, from 4 to 64.
    pub memtable: u32,
    /// Key-space size, from 16 to 1,000.
    pub keys: u32,
    /// Zipf exponent of key popularity in hundredths: 0 is uniform, 99 is YCSB's 0.99.
    pub skew: u32,
    /// Percent of writes that are deletes, 0 to 50.
    pub deletes: u32,
    /// Writes per step, 1 to 20.
    pub rate: u32,
    pub seed: u64,
    /// Steps already run when the figure appears (and after Reset).
    pub steps: u32,
}

impl Default for Config {
    fn default() -> Self {
        let settings = Settings::default();
        Config {
            compaction: settings.compaction.key().into(),
            size_ratio: settings.size_ratio,
            memtable: settings.memtable,
            keys: settings.keys,
            skew: settings.skew,
            deletes: settings.deletes,
            rate: settings.rate,
            seed: settings.seed,
            steps: 40,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Compaction::from_key(&self.compaction).is_none() {
            return Err(Invalid {
                key: "compaction",
                message: format!("compaction must be `leveled` or `tiered`, not `{}`", self.compaction),
            });
        }
        kit::config::check_ranges(&[
            ("size_ratio", self.size_ratio, 2, 10),
            ("memtable", self.memtable, 4, 64),
            ("keys", self.keys, 16, 1000),
            ("skew", self.skew, 0, 150),
            ("deletes", self.deletes, 0, 50),
            ("rate", self.rate, 1, 20),
            ("steps", self.steps, 0, MAX_INITIAL_STEPS),
        ])?;
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        Settings {
            compaction: Compaction::from_key(&self.compaction).unwrap_or(Compaction::Leveled),
            size_ratio: self.size_ratio,
            memtable: self.memtable,
            keys: self.keys,
            skew: self.skew,
            deletes: self.deletes,
            rate: self.rate,
            seed: self.seed,
        }
        .clamped()
    }

    /// The tree after the initial steps.
    pub fn to_model(&self) -> Tree {
        Tree::after(self.settings(), self.steps.min(MAX_INITIAL_STEPS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid = |config: Config| config.validate().unwrap_err();
        assert_eq!(invalid(Config { compaction: "universal".into(), ..Config::default() }).key, "compaction");
        assert_eq!(
            invalid(Config { size_ratio: 11, ..Config::default() }).message,
            "size_ratio must be between 2 and 10, not 11"
        );
        assert_eq!(invalid(Config { rate: 0, ..Config::default() }).key, "rate");
        assert_eq!(invalid(Config { steps: 2001, ..Config::default() }).key, "steps");
        assert_eq!(Config { steps: 3, ..Config::default() }.to_model().steps(), 3);
    }
}
