//! The settings an author writes in a ```` ```widget bloom ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::{Filter, MAX_BITS, MAX_HASHES, MIN_BITS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// m, from 16 to 256 in steps of 8 (the slider's steps).
    pub bits: u32,
    /// k, from 1 to 8.
    pub hashes: u32,
    /// Words inserted before the reader starts.
    pub items: Vec<String>,
    /// Seeds the random words and the measured false-positive rates.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { bits: 64, hashes: 3, items: Vec::new(), seed: 1 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !(MIN_BITS..=MAX_BITS).contains(&self.bits) || !self.bits.is_multiple_of(8) {
            return Err(Invalid {
                key: "bits",
                message: format!("bits must be a multiple of 8 from {MIN_BITS} to {MAX_BITS}, not {}", self.bits),
            });
        }
        if !(1..=MAX_HASHES).contains(&self.hashes) {
            return Err(Invalid {
                key: "hashes",
                message: format!("hashes must be between 1 and {MAX_HASHES}, not {}", self.hashes),
            });
        }
        if self.items.iter().any(|item| item.trim().is_empty()) {
            return Err(Invalid { key: "items", message: "items must not be empty words".into() });
        }
        Ok(())
    }

    pub fn to_model(&self) -> Filter {
        let mut filter = Filter::new(self.bits, self.hashes);
        for item in &self.items {
            filter.insert(item);
        }
        filter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ranges() {
        assert_eq!(Config::default().validate(), Ok(()));
        let with = |bits, hashes| Config { bits, hashes, ..Config::default() };
        assert_eq!(with(12, 3).validate().unwrap_err().key, "bits");
        assert_eq!(with(60, 3).validate().unwrap_err().key, "bits");
        assert_eq!(with(64, 9).validate().unwrap_err().key, "hashes");
        let blank = Config { items: vec![" ".into()], ..Config::default() };
        assert_eq!(blank.validate().unwrap_err().key, "items");
        assert_eq!(Config { items: vec!["raft".into()], ..Config::default() }.to_model().words().len(), 1);
    }
}
