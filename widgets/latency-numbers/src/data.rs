//! The numbers, in nanoseconds, with their provenance. Nothing here is extrapolated: a row
//! without a usable current measurement says so instead of projecting one.

/// How a figure was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A rounded, order-of-magnitude figure as published, without stated hardware or method.
    Estimate,
    /// Timed on the named hardware.
    Measured,
    /// From a measured quantity by arithmetic shown in the note (cycles ÷ clock, bytes ÷ rate).
    Derived,
    /// A manufacturer's specification.
    Specified,
    /// Pure arithmetic or physics, no measurement.
    Computed,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Estimate => "published estimate",
            Kind::Measured => "measured",
            Kind::Derived => "derived from a measurement",
            Kind::Specified => "vendor specification",
            Kind::Computed => "computed",
        }
    }
}

/// One figure and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub nanoseconds: f64,
    pub kind: Kind,
    pub source: &'static str,
    /// The year of the source (or of the hardware, when the source gives none; the note says).
    pub year: u32,
    pub hardware: &'static str,
    pub note: &'static str,
}

/// An operation with its published figure and a current one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Operation {
    pub key: &'static str,
    pub name: &'static str,
    pub published: Figure,
    pub current: Figure,
}

const DEAN_2009: &str = "Jeff Dean, \"Designs, Lessons and Advice from Building Large Distributed Systems\", LADIS keynote (as transcribed by James Hamilton)";
const BONER_2012: &str =
    "Jonas Bonér, \"Latency Numbers Every Programmer Should Know\" gist (crediting Dean and Norvig)";
const SEVEN_CPU: &str = "7-cpu.com, Intel Skylake measurements";
const NAPKIN: &str = "Simon Eskildsen, sirupsen/napkin-math README";

const fn published(nanoseconds: f64, source: &'static str, year: u32, note: &'static str) -> Figure {
    Figure { nanoseconds, kind: Kind::Estimate, source, year, hardware: "not stated", note }
}

pub const OPERATIONS: [Operation; 14] = [
    Operation {
        key: "l1",
        name: "L1 cache reference",
        published: published(0.5, DEAN_2009, 2009, "Norvig's table gives the same 0.5 ns."),
        current: Figure {
            nanoseconds: 1.0,
            kind: Kind::Derived,
            source: SEVEN_CPU,
            year: 2015,
            hardware: "Intel Core i7-6700 (Skylake) at 4.0 GHz",
            note: "4 cycles measured by pointer chasing, ÷ 4.0 GHz. The year is the CPU's.",
        },
    },
    Operation {
        key: "branch",
        name: "Branch mispredict",
        published: published(5.0, DEAN_2009, 2009, "Norvig: 5 ns."),
        current: Figure {
            nanoseconds: 2.6,
            kind: Kind::Derived,
            source: "AMD, Software Optimization Guide for the AMD Zen 4 Microarchitecture",
            year: 2023,
            hardware: "AMD Zen 4, at an assumed 5.0 GHz",
            note: "The guide's common-case penalty of 13 cycles ÷ 5.0 GHz; the cycle count is the vendor's, not a timing.",
        },
    },
    Operation {
        key: "l2",
        name: "L2 cache reference",
        published: published(7.0, DEAN_2009, 2009, "Norvig: 7 ns."),
        current: Figure {
            nanoseconds: 3.0,
            kind: Kind::Derived,
            source: SEVEN_CPU,
            year: 2015,
            hardware: "Intel Core i7-6700 (Skylake) at 4.0 GHz",
            note: "12 cycles measured, ÷ 4.0 GHz. The year is the CPU's.",
        },
    },
    Operation {
        key: "mutex",
        name: "Mutex lock/unlock",
        published: published(25.0, DEAN_2009, 2009, "Dean's Stanford CS295 talk listed 100 ns; Norvig: 25 ns."),
        current: Figure {
            nanoseconds: 25.18,
            kind: Kind::Measured,
            source: "facebook/folly, folly/MicroLock.h benchmark comment",
            year: 2016,
            hardware: "Intel Xeon E5-2660 at 2.2 GHz",
            note: "Uncontended std::mutex lock and unlock on one thread (the futex fast path).",
        },
    },
    Operation {
        key: "memory",
        name: "Main memory reference",
        published: published(100.0, DEAN_2009, 2009, "Norvig: 100 ns."),
        current: Figure {
            nanoseconds: 95.4,
            kind: Kind::Measured,
            source: "Intel Memory Latency Checker v3.11a output, gjbex/Code-optimization",
            year: 2023,
            hardware: "2 × Intel Xeon Platinum 8468 (Sapphire Rapids), local NUMA node",
            note: "Idle latency of random accesses; 186-189 ns from the other socket. The year is the CPU's.",
        },
    },
    Operation {
        key: "compress",
        name: "Compress 1 KB (Snappy)",
        published: published(3_000.0, DEAN_2009, 2009, "\"Compress 1K bytes with Zippy\" (Zippy is Snappy's internal name); CS295 listed 10 µs."),
        current: Figure {
            nanoseconds: 4_000.0,
            kind: Kind::Derived,
            source: "google/snappy README",
            year: 2011,
            hardware: "one core of an Intel Core i7 (model not named)",
            note: "1,000 bytes ÷ the README's \"about 250 MB/sec or more\" for its slowest inputs; the year is Snappy's release.",
        },
    },
    Operation {
        key: "network",
        name: "Send 2 KB over 1 Gb/s",
        published: published(20_000.0, DEAN_2009, 2009, "Norvig: 20,000 ns. Bonér's gist changed the row to 1 KB, 10,000 ns."),
        current: Figure {
            nanoseconds: 16_000.0,
            kind: Kind::Computed,
            source: "arithmetic: 2,000 bytes × 8 bits ÷ 10^9 bits/s",
            year: 2009,
            hardware: "a 1 Gb/s link",
            note: "Serialization only, which Dean's figure rounds; at 10 Gb/s it is 1,600 ns. The end-to-end cost is the round trip below.",
        },
    },
    Operation {
        key: "ssd-random",
        name: "SSD random read",
        published: published(150_000.0, BONER_2012, 2012, "Not in Dean's or Norvig's lists: 4 KB, added with the gist's SSD rows."),
        current: Figure {
            nanoseconds: 100_000.0,
            kind: Kind::Measured,
            source: NAPKIN,
            year: 2019,
            hardware: "bare-metal Intel Xeon E-2236 server (SSD model not named)",
            note: "8 KiB random read. Spec sheets agree: Intel DC P4500 85 µs, Micron 9200 92-150 µs. The year is the CPU's.",
        },
    },
    Operation {
        key: "memory-1mb",
        name: "Read 1 MB sequentially from memory",
        published: published(250_000.0, DEAN_2009, 2009, "Norvig: 250,000 ns."),
        current: Figure {
            nanoseconds: 100_000.0,
            kind: Kind::Measured,
            source: NAPKIN,
            year: 2019,
            hardware: "Intel Xeon E-2236, one thread, no SIMD",
            note: "1 MiB at 10 GiB/s; 50 µs with SIMD, 30 µs with threads. The year is the CPU's.",
        },
    },
    Operation {
        key: "datacenter",
        name: "Round trip within a datacenter",
        published: published(500_000.0, DEAN_2009, 2009, "Not in Norvig's table."),
        current: Figure {
            nanoseconds: 72_000.0,
            kind: Kind::Measured,
            source: "\"Quick test for GCP inter-zone networking\", tech.zarmory.com (7 December 2017)",
            year: 2017,
            hardware: "two GCP n1-highmem-8 VMs in us-central1-a",
            note: "Mean of 100,000 flood pings within one zone (minimum 41 µs); 176-193 µs between zones.",
        },
    },
    Operation {
        key: "ssd-1mb",
        name: "Read 1 MB sequentially from SSD",
        published: published(1_000_000.0, BONER_2012, 2012, "Not in Dean's or Norvig's lists."),
        current: Figure {
            nanoseconds: 244_000.0,
            kind: Kind::Derived,
            source: NAPKIN,
            year: 2019,
            hardware: "bare-metal Intel Xeon E-2236 server",
            note: "1 MiB ÷ the measured 4 GiB/s (the README rounds it to 200 µs). The year is the CPU's.",
        },
    },
    Operation {
        key: "seek",
        name: "Disk seek",
        published: published(10_000_000.0, DEAN_2009, 2009, "Norvig: 8 ms."),
        current: Figure {
            nanoseconds: 7_400_000.0,
            kind: Kind::Specified,
            source: "Western Digital, Ultrastar DC HC310 product specification",
            year: 2018,
            hardware: "7,200 RPM enterprise hard disk",
            note: "Typical average read seek; add 4.16 ms average rotational latency for a random access.",
        },
    },
    Operation {
        key: "disk-1mb",
        name: "Read 1 MB sequentially from disk",
        published: published(20_000_000.0, DEAN_2009, 2009, "Norvig: 20 ms; CS295 listed 30 ms."),
        current: Figure {
            nanoseconds: 4_000_000.0,
            kind: Kind::Derived,
            source: NAPKIN,
            year: 2019,
            hardware: "hard disk on an Intel Xeon E-2236 server",
            note: "1 MiB ÷ the measured 250 MiB/s (the README rounds it to 2 ms). The year is the CPU's.",
        },
    },
    Operation {
        key: "transatlantic",
        name: "Round trip California–Netherlands",
        published: published(150_000_000.0, DEAN_2009, 2009, "Norvig: \"US to Europe and back\", 150 ms."),
        current: Figure {
            nanoseconds: 86_000_000.0,
            kind: Kind::Computed,
            source: "arithmetic: 2 × 8,773 km great circle (San Francisco–Amsterdam) at c ÷ 1.468 in fibre",
            year: 2009,
            hardware: "a straight fibre path",
            note: "A lower bound, not a measurement: no dated measurement of this route was found. Real paths are longer.",
        },
    },
];

pub fn operation(key: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|operation| operation.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(key: &str) -> f64 {
        operation(key).unwrap().current.nanoseconds
    }

    fn published(key: &str) -> f64 {
        operation(key).unwrap().published.nanoseconds
    }

    #[test]
    fn the_published_figures_are_deans_and_boners() {
        // Dean, LADIS 2009 (Hamilton's transcription), in ns.
        for (key, value) in [
            ("l1", 0.5),
            ("branch", 5.0),
            ("l2", 7.0),
            ("mutex", 25.0),
            ("memory", 100.0),
            ("compress", 3_000.0),
            ("network", 20_000.0),
            ("memory-1mb", 250_000.0),
            ("datacenter", 500_000.0),
            ("seek", 10_000_000.0),
            ("disk-1mb", 20_000_000.0),
            ("transatlantic", 150_000_000.0),
        ] {
            assert_eq!(published(key), value, "{key}");
            assert_eq!(operation(key).unwrap().published.year, 2009);
        }
        // The SSD rows came later, in Bonér's 2012 gist.
        assert_eq!((published("ssd-random"), published("ssd-1mb")), (150_000.0, 1_000_000.0));
    }

    #[test]
    fn derived_and_computed_figures_follow_from_their_inputs() {
        assert_eq!(current("l1"), 4.0 / 4.0, "4 cycles at 4.0 GHz");
        assert_eq!(current("l2"), 12.0 / 4.0, "12 cycles at 4.0 GHz");
        assert!((current("branch") - 13.0 / 5.0).abs() < 1e-9, "13 cycles at 5.0 GHz");
        assert_eq!(current("compress"), 1_000.0 / 250e6 * 1e9, "1,000 bytes at 250 MB/s");
        assert_eq!(current("network"), 2_000.0 * 8.0 / 1e9 * 1e9, "2,000 bytes at 1 Gb/s");
        let mib = 1_048_576.0;
        assert!((current("ssd-1mb") - mib / (4.0 * 1_073_741_824.0) * 1e9).abs() < 1_000.0, "1 MiB at 4 GiB/s");
        assert!((current("disk-1mb") - mib / (250.0 * mib) * 1e9).abs() < 1.0, "1 MiB at 250 MiB/s");
        // 2 × 8,773 km at 299,792.458 km/s ÷ 1.468.
        let fibre = 2.0 * 8_773.0 / (299_792.458 / 1.468) * 1e9;
        assert!((current("transatlantic") - fibre).abs() < 0.5e6, "{fibre}");
    }

    #[test]
    fn no_row_claims_the_impossible() {
        // The year-slider page's flaw: extrapolated, a 2 KB send becomes faster than one DRAM
        // reference. Here the network row stays far above main memory.
        assert!(current("network") > 100.0 * current("memory"));
        // Every figure is positive and every row has a source.
        for operation in OPERATIONS {
            for figure in [operation.published, operation.current] {
                assert!(
                    figure.nanoseconds > 0.0 && !figure.source.is_empty() && !figure.note.is_empty(),
                    "{}",
                    operation.key
                );
            }
        }
        // Rows are in increasing order of the published figure, as the lists print them.
        assert!(OPERATIONS.windows(2).all(|pair| pair[0].published.nanoseconds <= pair[1].published.nanoseconds));
    }
}
