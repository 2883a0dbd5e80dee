//! The settings an author writes in a ```` ```widget shard-skew ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::model::{Scheme, Settings, MAX_KEYS, MAX_SHARDS, MIN_KEYS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 1,000 to 1,000,000.
    pub keys: u32,
    /// The Zipf exponent × 100: 0 to 150 (99 is YCSB's 0.99).
    pub zipf: u32,
    /// 2 to 64.
    pub shards: u32,
    /// `mod-n`, `consistent`, `range-even` or `range-quantile`.
    pub scheme: String,
    /// Share of requests that are writes, percent.
    pub writes: u32,
    /// The hottest keys salted (0 to 100), into `salt_ways` sub-keys each (2 to 16).
    pub salt_top: u32,
    pub salt_ways: u32,
    /// The hottest keys a cache serves, 0 to 10,000.
    pub cache_top: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        let settings = Settings::default();
        Config {
            keys: settings.keys,
            zipf: 99,
            shards: settings.shards,
            scheme: settings.scheme.key().into(),
            writes: 50,
            salt_top: settings.salt_top,
            salt_ways: settings.salt_ways,
            cache_top: settings.cache_top,
            seed: settings.seed,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Scheme::from_key(&self.scheme).is_none() {
            return Err(Invalid {
                key: "scheme",
                message: format!(
                    "scheme must be `mod-n`, `consistent`, `range-even` or `range-quantile`, not `{}`",
                    self.scheme
                ),
            });
        }
        check_ranges(&[
            ("keys", self.keys, MIN_KEYS, MAX_KEYS),
            ("zipf", self.zipf, 0, 150),
            ("shards", self.shards, 2, MAX_SHARDS),
            ("writes", self.writes, 0, 100),
            ("salt_top", self.salt_top, 0, 100),
            ("salt_ways", self.salt_ways, 2, 16),
            ("cache_top", self.cache_top, 0, 10_000),
        ])
    }

    pub fn settings(&self) -> Settings {
        Settings {
            keys: self.keys,
            exponent: f64::from(self.zipf) / 100.0,
            shards: self.shards,
            scheme: Scheme::from_key(&self.scheme).unwrap_or(Scheme::ModN),
            writes: f64::from(self.writes) / 100.0,
            salt_top: self.salt_top,
            salt_ways: self.salt_ways,
            cache_top: self.cache_top,
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
        let invalid = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid(Config { scheme: "directory".into(), ..Config::default() }), "scheme");
        assert_eq!(invalid(Config { keys: 999, ..Config::default() }), "keys");
        assert_eq!(invalid(Config { shards: 65, ..Config::default() }), "shards");
        assert_eq!(Config::default().settings(), Settings::default());
    }
}
