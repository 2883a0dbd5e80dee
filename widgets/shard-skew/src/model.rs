//! Keys, their popularity, and where four partitioning schemes put them.
//!
//! Key values are spread unevenly over a 32-bit key space (denser at the low end, as ids that
//! grow over time or names that cluster are), so equal-width ranges hold unequal amounts of data
//! while ranges split at sample quantiles hold about equal amounts. Popularity is Zipf over a
//! seeded random ranking of the keys (rank r has weight 1/r^s; YCSB's default exponent is 0.99,
//! Cooper et al., SoCC 2010). Loads are exact expected shares of requests, not samples.
//!
//! Requests are writes (a share the reader sets) and reads. Salting a hot key splits it into s
//! sub-keys placed independently: a write goes to one of them, a read must ask all s and merge
//! the answers. A cache in front answers every request for the keys it holds.

use kit::hash::mix64;
use kit::rng::Rng;
use kit::zipf::Zipf;

pub const MIN_KEYS: u32 = 1_000;
pub const MAX_KEYS: u32 = 1_000_000;
pub const MAX_SHARDS: u32 = 64;
/// Tokens per shard on the consistent-hashing ring.
pub const RING_TOKENS: u64 = 64;
/// Keys sampled to place the quantile split points.
pub const SAMPLE: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    ModN,
    Consistent,
    RangeEven,
    RangeQuantile,
}

impl Scheme {
    pub const ALL: [Scheme; 4] = [Scheme::ModN, Scheme::Consistent, Scheme::RangeEven, Scheme::RangeQuantile];

    pub fn key(self) -> &'static str {
        match self {
            Scheme::ModN => "mod-n",
            Scheme::Consistent => "consistent",
            Scheme::RangeEven => "range-even",
            Scheme::RangeQuantile => "range-quantile",
        }
    }

    pub fn from_key(key: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|scheme| scheme.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Scheme::ModN => "hash mod N",
            Scheme::Consistent => "consistent hashing (64 vnodes)",
            Scheme::RangeEven => "ranges of equal width",
            Scheme::RangeQuantile => "ranges split at sample quantiles",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub keys: u32,
    /// The Zipf exponent.
    pub exponent: f64,
    pub shards: u32,
    pub scheme: Scheme,
    /// Share of requests that are writes, 0 to 1.
    pub writes: f64,
    /// The hottest keys salted, and into how many sub-keys each.
    pub salt_top: u32,
    pub salt_ways: u32,
    /// The hottest keys a cache in front serves.
    pub cache_top: u32,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keys: 100_000,
            exponent: 0.99,
            shards: 8,
            scheme: Scheme::ModN,
            writes: 0.5,
            salt_top: 0,
            salt_ways: 4,
            cache_top: 0,
            seed: 1,
        }
    }
}

impl Settings {
    pub fn clamped(self) -> Settings {
        Settings {
            keys: self.keys.clamp(MIN_KEYS, MAX_KEYS),
            exponent: if self.exponent.is_finite() { self.exponent.clamp(0.0, 1.5) } else { 0.99 },
            shards: self.shards.clamp(2, MAX_SHARDS),
            writes: if self.writes.is_finite() { self.writes.clamp(0.0, 1.0) } else { 0.5 },
            salt_top: self.salt_top.min(100),
            salt_ways: self.salt_ways.clamp(2, 16),
            cache_top: self.cache_top.min(10_000),
            ..self
        }
    }
}

/// The key space: each key's value and popularity rank.
#[derive(Clone, Debug)]
pub struct Keys {
    /// Key values, ascending.
    pub values: Vec<u32>,
    /// The key (index into `values`) of each popularity rank, most popular first.
    pub by_rank: Vec<u32>,
    /// Probability of each rank.
    pub popularity: Zipf,
}

impl Keys {
    pub fn new(settings: &Settings) -> Keys {
        let count = settings.keys as usize;
        // Density grows toward the low end: value = 2^32 · (i/K)², distinct for K ≤ 10^6.
        let values = (0..count)
            .map(|index| {
                let fraction = index as f64 / count as f64;
                (fraction * fraction * 4_294_967_295.0) as u32 + index as u32 % 2
            })
            .collect::<Vec<_>>();
        let mut rng = Rng::seeded(settings.seed);
        let mut by_rank: Vec<u32> = (0..count as u32).collect();
        for index in (1..count).rev() {
            by_rank.swap(index, rng.below(index as u64 + 1) as usize);
        }
        Keys { values, by_rank, popularity: Zipf::new(count, settings.exponent) }
    }
}

/// Maps key values to shards under one scheme.
#[derive(Clone, Debug)]
pub struct Partitioner {
    scheme: Scheme,
    shards: u32,
    seed: u64,
    /// Ring tokens (position, shard), or range boundaries (upper bounds, one per shard but the last).
    points: Vec<(u64, u32)>,
}

impl Partitioner {
    pub fn new(scheme: Scheme, shards: u32, keys: &Keys, seed: u64) -> Partitioner {
        let points = match scheme {
            Scheme::ModN => Vec::new(),
            Scheme::Consistent => {
                let mut ring: Vec<(u64, u32)> = (0..shards)
                    .flat_map(|shard| {
                        (0..RING_TOKENS).map(move |token| {
                            (mix64(mix64(seed ^ 0x73_6861_7264) ^ (u64::from(shard) << 32 | token)), shard)
                        })
                    })
                    .collect();
                ring.sort_unstable();
                ring
            }
            Scheme::RangeEven => {
                (1..shards).map(|shard| ((u64::from(shard) << 32) / u64::from(shards), shard - 1)).collect()
            }
            Scheme::RangeQuantile => {
                // A seeded sample of key values; its quantiles become the split points.
                let mut rng = Rng::seeded(seed ^ 0x73_616d_706c);
                let mut sample: Vec<u32> =
                    (0..SAMPLE).map(|_| keys.values[rng.below(keys.values.len() as u64) as usize]).collect();
                sample.sort_unstable();
                (1..shards)
                    .map(|shard| (u64::from(sample[(shard as usize * SAMPLE) / shards as usize]), shard - 1))
                    .collect()
            }
        };
        Partitioner { scheme, shards, seed, points }
    }

    /// The shard of a key value, or of sub-key `salt` of it (salt 0 is the key itself).
    pub fn shard(&self, value: u32, salt: u32) -> u32 {
        let hashed = mix64(u64::from(value) ^ (u64::from(salt) << 40) ^ self.seed);
        match self.scheme {
            Scheme::ModN => (hashed % u64::from(self.shards)) as u32,
            Scheme::Consistent => {
                let index = self.points.partition_point(|&(position, _)| position < hashed);
                self.points.get(index).or(self.points.first()).map_or(0, |&(_, shard)| shard)
            }
            Scheme::RangeEven | Scheme::RangeQuantile => {
                // A salted sub-key gets a prefix, which sends it to a different place in the
                // key order: model that as a hashed position.
                let position = if salt == 0 { u64::from(value) } else { hashed >> 32 };
                self.points.partition_point(|&(bound, _)| bound <= position) as u32
            }
        }
    }
}

/// Where the load and the data went.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Requests reaching each shard, as shares of all client requests (they can sum to more
    /// than 1 when salted reads fan out).
    pub load: Vec<f64>,
    /// Keys stored on each shard.
    pub data: Vec<u32>,
    /// Share of client requests the cache answers.
    pub cache_hits: f64,
    /// Extra shard requests from fanned-out reads, as a share of client requests.
    pub fan_out: f64,
    /// The hottest keys: (rank, key value, share, shard).
    pub hottest: Vec<(u32, u32, f64, u32)>,
}

impl Outcome {
    pub fn peak_to_mean(values: &[f64]) -> f64 {
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        if mean > 0.0 {
            values.iter().copied().fold(0.0, f64::max) / mean
        } else {
            0.0
        }
    }
}

/// The whole picture for one setting.
pub fn place(settings: &Settings, keys: &Keys) -> Outcome {
    let partitioner = Partitioner::new(settings.scheme, settings.shards, keys, settings.seed);
    let shards = settings.shards as usize;
    let (mut load, mut data) = (vec![0.0f64; shards], vec![0u32; shards]);
    let (mut cache_hits, mut fan_out) = (0.0, 0.0);
    let ways = settings.salt_ways;
    for (rank, &key) in keys.by_rank.iter().enumerate() {
        let value = keys.values[key as usize];
        let share = keys.popularity.probability(rank);
        let home = partitioner.shard(value, 0) as usize;
        if (rank as u32) < settings.salt_top {
            // Data is split over the sub-keys too; count the key once, at its first sub-key.
            data[partitioner.shard(value, 1) as usize] += 1;
        } else {
            data[home] += 1;
        }
        let writes = share * settings.writes;
        let mut reads = share - writes;
        // A cache in front answers reads; writes go through to the key's shard (and invalidate).
        if (rank as u32) < settings.cache_top {
            cache_hits += reads;
            reads = 0.0;
        }
        if (rank as u32) < settings.salt_top {
            for salt in 1..=ways {
                let shard = partitioner.shard(value, salt) as usize;
                load[shard] += writes / f64::from(ways) + reads;
            }
            fan_out += reads * f64::from(ways - 1);
        } else {
            load[home] += writes + reads;
        }
    }
    let hottest = keys
        .by_rank
        .iter()
        .take(10)
        .enumerate()
        .map(|(rank, &key)| {
            let value = keys.values[key as usize];
            (rank as u32 + 1, value, keys.popularity.probability(rank), partitioner.shard(value, 0))
        })
        .collect();
    Outcome { load, data, cache_hits, fan_out, hottest }
}

/// The share of keys that change shard when `settings.shards` grows by one, per scheme.
pub fn moved_on_growth(settings: &Settings, keys: &Keys, scheme: Scheme) -> f64 {
    let before = Partitioner::new(scheme, settings.shards, keys, settings.seed);
    let after = Partitioner::new(scheme, settings.shards + 1, keys, settings.seed);
    let moved = keys.values.iter().filter(|&&value| before.shard(value, 0) != after.shard(value, 0)).count();
    moved as f64 / keys.values.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generalized_harmonic(n: u32, s: f64) -> f64 {
        (1..=n).map(|k| 1.0 / f64::from(k).powf(s)).sum()
    }

    #[test]
    fn the_top_percent_share_matches_the_harmonic_numbers() {
        // The top 1% of 10^6 keys at s = 0.99 get H(10^4, 0.99) / H(10^6, 0.99) of requests.
        let settings = Settings { keys: 1_000_000, ..Settings::default() };
        let keys = Keys::new(&settings);
        let top: f64 = (0..10_000).map(|rank| keys.popularity.probability(rank)).sum();
        let expected = generalized_harmonic(10_000, 0.99) / generalized_harmonic(1_000_000, 0.99);
        assert!((top - expected).abs() < 1e-9, "{top} vs {expected}");
        assert!((0.65..0.68).contains(&expected), "{expected}");
        // A cache of those keys absorbs that share of the reads; writes pass through.
        let cached = place(&Settings { cache_top: 10_000, ..settings }, &keys);
        assert!((cached.cache_hits - expected * (1.0 - settings.writes)).abs() < 1e-9);
        let reads_only = place(&Settings { cache_top: 10_000, writes: 0.0, ..settings }, &keys);
        assert!((reads_only.cache_hits - expected).abs() < 1e-9);
    }

    #[test]
    fn resharding_moves_what_each_scheme_promises() {
        // mod N: a key stays only if h mod N = h mod (N+1), one in N + 1 of the time.
        let settings = Settings { keys: 200_000, shards: 8, ..Settings::default() };
        let keys = Keys::new(&settings);
        let mod_n = moved_on_growth(&settings, &keys, Scheme::ModN);
        assert!((mod_n - 8.0 / 9.0).abs() < 0.01, "{mod_n}");
        // Consistent hashing moves the new shard's share, 1/(N+1) on average over seeds.
        let consistent: f64 = (1..=20)
            .map(|seed| {
                let settings = Settings { keys: 20_000, seed, ..settings };
                moved_on_growth(&settings, &Keys::new(&settings), Scheme::Consistent)
            })
            .sum::<f64>()
            / 20.0;
        assert!((consistent - 1.0 / 9.0).abs() < 0.02, "{consistent}");
    }

    #[test]
    fn salting_divides_the_hot_keys_write_load_over_its_sub_keys() {
        // All writes: the hottest key's share p goes, p/s each, to the shards of its s
        // sub-keys. Its home shard's excess over the mean falls by p, plus p/s for every
        // sub-key that lands back on it; the mean is unchanged.
        let settings = Settings { keys: 10_000, writes: 1.0, exponent: 1.2, ..Settings::default() };
        let keys = Keys::new(&settings);
        let before = place(&settings, &keys);
        let ways = 4;
        let salted = place(&Settings { salt_top: 1, salt_ways: ways, ..settings }, &keys);
        let partitioner = Partitioner::new(settings.scheme, settings.shards, &keys, settings.seed);
        let hot = keys.values[keys.by_rank[0] as usize];
        let home = partitioner.shard(hot, 0) as usize;
        let p = keys.popularity.probability(0);
        let returning = (1..=ways).filter(|&salt| partitioner.shard(hot, salt) as usize == home).count() as f64;
        let mean = |load: &[f64]| load.iter().sum::<f64>() / load.len() as f64;
        assert!((mean(&before.load) - mean(&salted.load)).abs() < 1e-12, "writes are conserved");
        let (excess_before, excess_after) =
            (before.load[home] - mean(&before.load), salted.load[home] - mean(&salted.load));
        let expected = excess_before - p + p * returning / f64::from(ways);
        assert!((excess_after - expected).abs() < 1e-12, "{excess_after} vs {expected}");
        assert!(Outcome::peak_to_mean(&salted.load) < Outcome::peak_to_mean(&before.load));
    }

    #[test]
    fn salted_reads_fan_out() {
        let settings = Settings { keys: 10_000, writes: 0.0, salt_top: 1, salt_ways: 4, ..Settings::default() };
        let keys = Keys::new(&settings);
        let outcome = place(&settings, &keys);
        let p = keys.popularity.probability(0);
        assert!((outcome.fan_out - 3.0 * p).abs() < 1e-12);
        assert!((outcome.load.iter().sum::<f64>() - (1.0 + 3.0 * p)).abs() < 1e-9);
    }

    #[test]
    fn equal_width_ranges_skew_data_and_quantile_ranges_do_not() {
        let settings = Settings { keys: 100_000, shards: 8, ..Settings::default() };
        let keys = Keys::new(&settings);
        let data = |scheme| {
            let outcome = place(&Settings { scheme, ..settings }, &keys);
            Outcome::peak_to_mean(&outcome.data.iter().map(|&count| f64::from(count)).collect::<Vec<_>>())
        };
        // With value = 2^32·(i/K)², the first of 8 equal ranges holds √(1/8) ≈ 35% of keys.
        assert!((data(Scheme::RangeEven) - 8.0 * (1.0f64 / 8.0).sqrt()).abs() < 0.05);
        assert!(data(Scheme::RangeQuantile) < 1.3);
        assert!(data(Scheme::ModN) < 1.05);
    }
}
