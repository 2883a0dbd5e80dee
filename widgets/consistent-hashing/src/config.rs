//! The settings an author writes in a ```` ```widget consistent-hashing ```` block.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::model::{Placement, Scheme, MAX_KEYS, MAX_NODES, MAX_VNODES, MIN_KEYS};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// N, from 1 to 20.
    pub nodes: u32,
    /// Tokens per node for the `vnodes` scheme, from 1 to 500.
    pub vnodes: u32,
    /// Keys placed, from 100 to 100,000.
    pub keys: u32,
    /// `mod-n`, `ring`, `vnodes`, `jump` or `rendezvous`.
    pub scheme: String,
    /// Places the tokens and the keys.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { nodes: 5, vnodes: 8, keys: 1000, scheme: Scheme::VirtualNodes.key().into(), seed: 1 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        kit::config::check_ranges(&[
            ("nodes", self.nodes, 1, MAX_NODES),
            ("vnodes", self.vnodes, 1, MAX_VNODES),
            ("keys", self.keys, MIN_KEYS, MAX_KEYS),
        ])?;
        if Scheme::from_key(&self.scheme).is_none() {
            let names: Vec<&str> = Scheme::ALL.iter().map(|scheme| scheme.key()).collect();
            return Err(Invalid {
                key: "scheme",
                message: format!("scheme must be one of {}, not `{}`", names.join(", "), self.scheme),
            });
        }
        Ok(())
    }

    /// The placement this config describes (an unknown scheme falls back to `vnodes`).
    pub fn to_model(&self) -> Placement {
        let scheme = Scheme::from_key(&self.scheme).unwrap_or(Scheme::VirtualNodes);
        Placement::new(scheme, self.nodes, self.vnodes, self.seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ranges_and_schemes() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid_key = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid_key(Config { nodes: 21, ..Config::default() }), "nodes");
        assert_eq!(invalid_key(Config { vnodes: 0, ..Config::default() }), "vnodes");
        assert_eq!(invalid_key(Config { keys: 99, ..Config::default() }), "keys");
        let unknown = Config { scheme: "chord".into(), ..Config::default() }.validate().unwrap_err();
        assert_eq!(unknown.message, "scheme must be one of mod-n, ring, vnodes, jump, rendezvous, not `chord`");
        let jump = Config { scheme: "jump".into(), nodes: 7, ..Config::default() }.to_model();
        assert_eq!((jump.scheme(), jump.nodes()), (Scheme::Jump, 7));
    }
}
