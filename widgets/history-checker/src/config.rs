//! The settings an author writes in a ```` ```widget history-checker ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::history::{History, MAX_CLIENTS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 2 to 4.
    pub clients: u32,
    /// Operations as `A: w(1) 0-4; B: r()=1 2-6; C: w(2) 5-?`; empty for a random history.
    pub history: String,
    /// The random history's seed.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { clients: 3, history: String::new(), seed: 1 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        check_ranges(&[("clients", self.clients, 2, MAX_CLIENTS as u32)])?;
        if self.history.trim().is_empty() {
            return Ok(());
        }
        History::parse(&self.history, self.clients as usize)
            .map(drop)
            .map_err(|message| Invalid { key: "history", message })
    }

    /// The author's history, or the random one; an unreadable history counts as random
    /// (validation says why).
    pub fn history(&self) -> History {
        let clients = (self.clients as usize).clamp(2, MAX_CLIENTS);
        History::parse(&self.history, clients)
            .ok()
            .filter(|history| !history.ops.is_empty())
            .unwrap_or_else(|| History::random(clients, self.seed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_falls_back_to_a_random_history() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert!(!Config::default().history().ops.is_empty());
        let bad = Config { history: "A: w(1) 0-4; A: r()=1 2-6".into(), ..Config::default() };
        assert_eq!(bad.validate().unwrap_err().key, "history");
        let good = Config { clients: 2, history: "A: w(1) 0-4; B: r()=1 2-6".into(), seed: 1 };
        assert_eq!(good.history().ops.len(), 2);
    }
}
