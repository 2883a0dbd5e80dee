//! The settings an author writes in a ```` ```widget capacity-estimator ```` block, and the
//! choices each input offers.

use kit::config::Invalid;
use serde::{Deserialize, Serialize};

use crate::worksheet::{Inputs, Preset};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `url-shortener`, `chat` or `photo-sharing`.
    pub preset: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { preset: "url-shortener".into() }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        match Preset::from_key(&self.preset) {
            Some(_) => Ok(()),
            None => Err(Invalid {
                key: "preset",
                message: format!("preset must be `url-shortener`, `chat` or `photo-sharing`, not `{}`", self.preset),
            }),
        }
    }

    pub fn inputs(&self) -> Inputs {
        Preset::from_key(&self.preset).unwrap_or(Preset::UrlShortener).inputs()
    }
}

/// One input's control: its key, label, and the values it offers with their labels.
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub choices: &'static [(f64, &'static str)],
    pub get: fn(&Inputs) -> f64,
    pub set: fn(&mut Inputs, f64),
}

pub const FIELDS: &[Field] = &[
    Field {
        key: "users",
        label: "Daily active users",
        choices: &[
            (1e5, "100 thousand"),
            (1e6, "1 million"),
            (1e7, "10 million"),
            (5e7, "50 million"),
            (1e8, "100 million"),
            (2e8, "200 million"),
            (5e8, "500 million"),
            (1e9, "1 billion"),
        ],
        get: |inputs| inputs.daily_users,
        set: |inputs, value| inputs.daily_users = value,
    },
    Field {
        key: "writes",
        label: "Writes per user per day",
        choices: &[
            (0.1, "0.1"),
            (0.2, "0.2"),
            (0.5, "0.5"),
            (1.0, "1"),
            (2.0, "2"),
            (5.0, "5"),
            (10.0, "10"),
            (20.0, "20"),
            (40.0, "40"),
            (100.0, "100"),
        ],
        get: |inputs| inputs.writes_per_user,
        set: |inputs, value| inputs.writes_per_user = value,
    },
    Field {
        key: "reads",
        label: "Reads per write",
        choices: &[
            (0.0, "0"),
            (1.0, "1"),
            (2.0, "2"),
            (5.0, "5"),
            (10.0, "10"),
            (20.0, "20"),
            (50.0, "50"),
            (100.0, "100"),
            (1_000.0, "1,000"),
        ],
        get: |inputs| inputs.reads_per_write,
        set: |inputs, value| inputs.reads_per_write = value,
    },
    Field {
        key: "size",
        label: "Object size",
        choices: &[
            (100.0, "100 B"),
            (1e3, "1 KB"),
            (1e4, "10 KB"),
            (1e5, "100 KB"),
            (5e5, "500 KB"),
            (1e6, "1 MB"),
            (5e6, "5 MB"),
        ],
        get: |inputs| inputs.object_bytes,
        set: |inputs, value| inputs.object_bytes = value,
    },
    Field {
        key: "years",
        label: "Retention",
        choices: &[
            (1.0, "1 year"),
            (2.0, "2 years"),
            (3.0, "3 years"),
            (5.0, "5 years"),
            (10.0, "10 years"),
            (20.0, "20 years"),
        ],
        get: |inputs| inputs.retention_years,
        set: |inputs, value| inputs.retention_years = value,
    },
    Field {
        key: "replication",
        label: "Replication factor",
        choices: &[(1.0, "1"), (2.0, "2"), (3.0, "3"), (5.0, "5")],
        get: |inputs| inputs.replication,
        set: |inputs, value| inputs.replication = value,
    },
    Field {
        key: "peak",
        label: "Peak ÷ average",
        choices: &[(1.0, "1"), (1.5, "1.5"), (2.0, "2"), (3.0, "3"), (5.0, "5"), (10.0, "10")],
        get: |inputs| inputs.peak_factor,
        set: |inputs, value| inputs.peak_factor = value,
    },
    Field {
        key: "machine_qps",
        label: "Requests/s per machine",
        choices: &[(1e3, "1,000"), (5e3, "5,000"), (1e4, "10,000"), (5e4, "50,000")],
        get: |inputs| inputs.machine_qps,
        set: |inputs, value| inputs.machine_qps = value,
    },
    Field {
        key: "machine_disk",
        label: "Disk per machine",
        choices: &[(1e12, "1 TB"), (1e13, "10 TB"), (2e13, "20 TB"), (1e14, "100 TB")],
        get: |inputs| inputs.machine_disk_bytes,
        set: |inputs, value| inputs.machine_disk_bytes = value,
    },
];

impl Field {
    /// The index of the choice nearest the field's current value.
    pub fn index(&self, inputs: &Inputs) -> usize {
        let value = (self.get)(inputs);
        (0..self.choices.len())
            .min_by(|&a, &b| (self.choices[a].0 - value).abs().total_cmp(&(self.choices[b].0 - value).abs()))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worksheet::PRESETS;

    #[test]
    fn validates_the_preset() {
        assert_eq!(Config::default().validate(), Ok(()));
        assert_eq!(Config { preset: "twitter".into() }.validate().unwrap_err().key, "preset");
    }

    #[test]
    fn every_preset_value_is_one_of_the_choices() {
        for &(preset, _, _) in PRESETS {
            let inputs = preset.inputs();
            for field in FIELDS {
                assert_eq!(field.choices[field.index(&inputs)].0, (field.get)(&inputs), "{}", field.key);
            }
        }
    }
}
