//! The settings an author writes in a ```` ```widget vector-index ```` block.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Brute,
    Ivf,
    Hnsw,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Brute, Method::Ivf, Method::Hnsw];

    pub fn key(self) -> &'static str {
        match self {
            Method::Brute => "brute",
            Method::Ivf => "ivf",
            Method::Hnsw => "hnsw",
        }
    }

    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|method| method.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Brute => "brute force",
            Method::Ivf => "IVF (k-means cells)",
            Method::Hnsw => "HNSW (layered graph)",
        }
    }
}

/// Everything the widget draws and searches with. Query coordinates are percent of the square.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub points: u32,
    pub method: Method,
    pub k: u32,
    pub cells: u32,
    pub nprobe: u32,
    pub m: u32,
    pub ef: u32,
    pub query: (u32, u32),
    pub seed: u64,
}

impl Settings {
    pub fn clamped(self) -> Settings {
        let cells = self.cells.clamp(2, 32);
        Settings {
            points: self.points.clamp(50, 400),
            k: self.k.clamp(1, 20),
            cells,
            nprobe: self.nprobe.clamp(1, cells),
            m: self.m.clamp(2, 16),
            ef: self.ef.clamp(1, 200),
            query: (self.query.0.min(100), self.query.1.min(100)),
            ..self
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub points: u32,
    /// `brute`, `ivf` or `hnsw`.
    pub method: String,
    pub k: u32,
    pub cells: u32,
    pub nprobe: u32,
    pub m: u32,
    pub ef: u32,
    /// The query's position, percent across and up.
    pub x: u32,
    pub y: u32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { points: 200, method: "hnsw".into(), k: 5, cells: 8, nprobe: 2, m: 6, ef: 16, x: 50, y: 50, seed: 1 }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        if Method::from_key(&self.method).is_none() {
            return Err(Invalid {
                key: "method",
                message: format!("method must be `brute`, `ivf` or `hnsw`, not `{}`", self.method),
            });
        }
        check_ranges(&[
            ("points", self.points, 50, 400),
            ("k", self.k, 1, 20),
            ("cells", self.cells, 2, 32),
            ("nprobe", self.nprobe, 1, self.cells.clamp(2, 32)),
            ("m", self.m, 2, 16),
            ("ef", self.ef, 1, 200),
            ("x", self.x, 0, 100),
            ("y", self.y, 0, 100),
        ])
    }

    pub fn settings(&self) -> Settings {
        Settings {
            points: self.points,
            method: Method::from_key(&self.method).unwrap_or(Method::Hnsw),
            k: self.k,
            cells: self.cells,
            nprobe: self.nprobe,
            m: self.m,
            ef: self.ef,
            query: (self.x, self.y),
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
        assert_eq!(invalid(Config { method: "lsh".into(), ..Config::default() }), "method");
        assert_eq!(invalid(Config { nprobe: 9, ..Config::default() }), "nprobe");
        assert_eq!(invalid(Config { points: 401, ..Config::default() }), "points");
        assert_eq!(Config { nprobe: 40, cells: 50, ..Config::default() }.settings().nprobe, 32);
    }
}
