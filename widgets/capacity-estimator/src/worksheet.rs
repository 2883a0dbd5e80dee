//! The estimate, line by line. Inputs are what a design interview or a planning document starts
//! from; every output line names its formula and carries its units, and the presets are this
//! site's illustrative assumptions, not any company's figures.

use crate::units::{Dimension as D, Quantity as Q};

/// What the reader sets. Sizes are in decimal units (1 KB = 1,000 bytes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inputs {
    pub daily_users: f64,
    pub writes_per_user: f64,
    pub reads_per_write: f64,
    pub object_bytes: f64,
    pub retention_years: f64,
    pub replication: f64,
    pub peak_factor: f64,
    pub machine_qps: f64,
    pub machine_disk_bytes: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    UrlShortener,
    Chat,
    PhotoSharing,
}

pub const PRESETS: &[(Preset, &str, &str)] = &[
    (Preset::UrlShortener, "url-shortener", "URL shortener"),
    (Preset::Chat, "chat", "Chat"),
    (Preset::PhotoSharing, "photo-sharing", "Photo sharing"),
];

impl Preset {
    pub fn from_key(key: &str) -> Option<Preset> {
        PRESETS.iter().find(|(_, k, _)| *k == key).map(|(preset, _, _)| *preset)
    }

    pub fn key(self) -> &'static str {
        PRESETS.iter().find(|(p, _, _)| *p == self).map_or("url-shortener", |(_, key, _)| key)
    }

    pub fn inputs(self) -> Inputs {
        const TB: f64 = 1e12;
        match self {
            Preset::UrlShortener => Inputs {
                daily_users: 100e6,
                writes_per_user: 1.0,
                reads_per_write: 10.0,
                object_bytes: 100.0,
                retention_years: 10.0,
                replication: 3.0,
                peak_factor: 2.0,
                machine_qps: 10_000.0,
                machine_disk_bytes: 10.0 * TB,
            },
            Preset::Chat => Inputs {
                daily_users: 50e6,
                writes_per_user: 40.0,
                reads_per_write: 1.0,
                object_bytes: 100.0,
                retention_years: 5.0,
                replication: 3.0,
                peak_factor: 3.0,
                machine_qps: 10_000.0,
                machine_disk_bytes: 10.0 * TB,
            },
            Preset::PhotoSharing => Inputs {
                daily_users: 200e6,
                writes_per_user: 0.5,
                reads_per_write: 100.0,
                object_bytes: 500e3,
                retention_years: 10.0,
                replication: 3.0,
                peak_factor: 2.0,
                machine_qps: 5_000.0,
                machine_disk_bytes: 20.0 * TB,
            },
        }
    }
}

/// One line of the worksheet: what it is, how it is computed, and the result with its units.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: &'static str,
    pub formula: &'static str,
    pub value: Q,
}

/// The worksheet's results, each line in order, and the ones the summary quotes.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub lines: Vec<Line>,
    pub write_qps: Q,
    pub read_qps: Q,
    pub peak_qps: Q,
    pub storage_per_day: Q,
    pub total_storage: Q,
    pub bandwidth_in: Q,
    pub bandwidth_out: Q,
    pub machines: Q,
    /// Which of the two limits sets the machine count.
    pub storage_bound: bool,
}

const SECONDS_PER_DAY: f64 = 86_400.0;
const DAYS_PER_YEAR: f64 = 365.0;

pub fn estimate(inputs: &Inputs) -> Estimate {
    let users = Q::new(inputs.daily_users, D::USERS);
    let per_user = Q::new(inputs.writes_per_user, D::REQUESTS.per(D::USERS.times(D::DAYS)));
    let read_ratio = Q::new(inputs.reads_per_write, D::NONE);
    let size = Q::new(inputs.object_bytes, D::BYTES.per(D::REQUESTS));
    let retention = Q::new(inputs.retention_years, D::YEARS);
    let replication = Q::new(inputs.replication, D::NONE);
    let peak_factor = Q::new(inputs.peak_factor, D::NONE);
    let machine_qps = Q::new(inputs.machine_qps, D::REQUESTS.per(D::SECONDS.times(D::MACHINES)));
    let machine_disk = Q::new(inputs.machine_disk_bytes, D::BYTES.per(D::MACHINES));
    let day = Q::new(SECONDS_PER_DAY, D::SECONDS.per(D::DAYS));
    let year = Q::new(DAYS_PER_YEAR, D::DAYS.per(D::YEARS));

    let writes_per_day = users.times(per_user);
    let write_qps = writes_per_day.per(day);
    let read_qps = write_qps.times(read_ratio);
    let all_qps = write_qps.plus(read_qps).expect("reads and writes are both requests/s");
    let peak_qps = all_qps.times(peak_factor);
    let storage_per_day = writes_per_day.times(size);
    let retention_days = retention.times(year);
    let total_storage = storage_per_day.times(retention_days).times(replication);
    let bandwidth_in = write_qps.times(size);
    let bandwidth_out = read_qps.times(size);
    let for_qps = peak_qps.per(machine_qps).ceil();
    let for_storage = total_storage.per(machine_disk).ceil();
    let machines = for_qps.max(for_storage).expect("both are machines");
    let lines = vec![
        Line { label: "Writes per day", formula: "daily users × writes per user", value: writes_per_day },
        Line { label: "Average write rate", formula: "writes per day ÷ 86,400 s/day", value: write_qps },
        Line { label: "Average read rate", formula: "write rate × reads per write", value: read_qps },
        Line { label: "Average total rate", formula: "write rate + read rate", value: all_qps },
        Line { label: "Peak rate", formula: "total rate × peak factor", value: peak_qps },
        Line { label: "New data per day", formula: "writes per day × object size", value: storage_per_day },
        Line { label: "Retention", formula: "years × 365 days/year", value: retention_days },
        Line {
            label: "Storage, all copies",
            formula: "new data per day × retention × replication",
            value: total_storage,
        },
        Line { label: "Bandwidth in", formula: "write rate × object size", value: bandwidth_in },
        Line { label: "Bandwidth out", formula: "read rate × object size", value: bandwidth_out },
        Line { label: "Machines for the peak rate", formula: "⌈peak rate ÷ rate per machine⌉", value: for_qps },
        Line { label: "Machines for the storage", formula: "⌈storage ÷ disk per machine⌉", value: for_storage },
        Line { label: "Machines, first cut", formula: "the larger of the two", value: machines },
    ];
    Estimate {
        lines,
        write_qps,
        read_qps,
        peak_qps,
        storage_per_day,
        total_storage,
        bandwidth_in,
        bandwidth_out,
        machines,
        storage_bound: for_storage.value > for_qps.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: Q, expected: f64) {
        assert!((actual.value - expected).abs() <= expected.abs() * 1e-9, "{} ≠ {expected}", actual.value);
    }

    #[test]
    fn the_url_shortener_by_hand() {
        let estimate = estimate(&Preset::UrlShortener.inputs());
        // 100,000,000 writes a day over 86,400 s; ten reads each.
        close(estimate.write_qps, 1e8 / 86_400.0); // 1,157.4
        close(estimate.read_qps, 1e9 / 86_400.0); // 11,574
        close(estimate.peak_qps, 1.1e9 / 86_400.0 * 2.0); // 25,463
        close(estimate.storage_per_day, 1e10); // 10 GB/day
        close(estimate.total_storage, 1e10 * 3_650.0 * 3.0); // 109.5 TB
        close(estimate.bandwidth_in, 1e10 / 86_400.0); // 115.7 KB/s
        close(estimate.bandwidth_out, 1e11 / 86_400.0); // 1.157 MB/s
                                                        // ⌈25,463 / 10,000⌉ = 3 for the rate; ⌈109.5 / 10⌉ = 11 for the disk: storage decides.
        assert_eq!(estimate.lines[10].value.value, 3.0);
        assert_eq!(estimate.lines[11].value.value, 11.0);
        close(estimate.machines, 11.0);
        assert!(estimate.storage_bound);
    }

    #[test]
    fn chat_by_hand() {
        let estimate = estimate(&Preset::Chat.inputs());
        close(estimate.write_qps, 2e9 / 86_400.0); // 23,148
        close(estimate.peak_qps, 4e9 / 86_400.0 * 3.0); // 138,889
        close(estimate.total_storage, 2e11 * 1_825.0 * 3.0); // 1.095 PB
                                                             // ⌈138,889 / 10,000⌉ = 14; ⌈1,095 TB / 10 TB⌉ = 110.
        close(estimate.machines, 110.0);
    }

    #[test]
    fn photo_sharing_by_hand() {
        let estimate = estimate(&Preset::PhotoSharing.inputs());
        close(estimate.write_qps, 1e8 / 86_400.0);
        close(estimate.read_qps, 1e10 / 86_400.0); // 115,741
        close(estimate.storage_per_day, 5e13); // 50 TB/day
        close(estimate.bandwidth_out, 1e10 / 86_400.0 * 5e5); // 57.9 GB/s
        close(estimate.total_storage, 5e13 * 3_650.0 * 3.0); // 547.5 PB
                                                             // ⌈(1,157 + 115,741) × 2 / 5,000⌉ = 47; ⌈547,500 TB / 20 TB⌉ = 27,375.
        assert_eq!(estimate.lines[10].value.value, 47.0);
        close(estimate.machines, 27_375.0);
    }

    #[test]
    fn every_line_carries_the_units_its_formula_implies() {
        let estimate = estimate(&Preset::Chat.inputs());
        let per_second = D::REQUESTS.per(D::SECONDS);
        let expected = [
            D::REQUESTS.per(D::DAYS),
            per_second,
            per_second,
            per_second,
            per_second,
            D::BYTES.per(D::DAYS),
            D::DAYS,
            D::BYTES,
            D::BYTES.per(D::SECONDS),
            D::BYTES.per(D::SECONDS),
            D::MACHINES,
            D::MACHINES,
            D::MACHINES,
        ];
        let found: Vec<D> = estimate.lines.iter().map(|line| line.value.dimension).collect();
        assert_eq!(found, expected);
    }
}
