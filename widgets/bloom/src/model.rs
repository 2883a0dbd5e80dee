//! The Bloom filter model.
//!
//! Sources:
//! - The structure, which trades a few false positives for a much smaller table: Bloom,
//!   "Space/Time Trade-offs in Hash Coding with Allowable Errors", CACM 13(7), 1970.
//! - Its false-positive probability (1 - e^(-kn/m))^k after n insertions with k hash functions
//!   into m bits, the optimal k = (m/n) ln 2, and the table for m/n = 10 (k = 7 gives 0.00819):
//!   Fan, Cao, Almeida and Broder, "Summary Cache: A Scalable Wide-Area Web Cache Sharing
//!   Protocol", SIGCOMM 1998 / IEEE/ACM ToN 8(3), 2000, section "Bloom filters: the math".
//! - The k positions come from two hashes by double hashing, g_i(x) = h1(x) + i h2(x) mod m,
//!   which keeps the same asymptotic false-positive rate: Kirsch and Mitzenmacher, "Less
//!   Hashing, Same Performance: Building a Better Bloom Filter", ESA 2006.

use kit::hash::mix64;
use kit::math::{exp, ln, powi};
use kit::rng::Rng;

pub const MIN_BITS: u32 = 16;
pub const MAX_BITS: u32 = 256;
pub const MAX_HASHES: u32 = 8;

/// A word's 64-bit key: FNV-1a over its UTF-8 bytes.
pub fn key_of(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The `k` bit positions of `key` in `m` bits, by double hashing.
pub fn positions(key: u64, m: u32, k: u32) -> impl Iterator<Item = u32> {
    let h1 = mix64(key);
    // An odd step visits distinct positions when m is a power of two.
    let h2 = mix64(key ^ 0x9e37_79b9_7f4a_7c15) | 1;
    (0..u64::from(k)).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) % u64::from(m.max(1))) as u32)
}

/// The false-positive probability after `n` insertions: (1 - e^(-kn/m))^k.
pub fn formula_false_positive(m: u32, k: u32, n: u32) -> f64 {
    if m == 0 {
        return 1.0;
    }
    powi(1.0 - exp(-f64::from(k) * f64::from(n) / f64::from(m)), k)
}

/// The k that minimises the false-positive rate for m bits and n items: (m/n) ln 2.
pub fn optimal_hashes(m: u32, n: u32) -> f64 {
    f64::from(m) / f64::from(n.max(1)) * core::f64::consts::LN_2
}

/// Bits per item for a target false-positive rate `p` at the optimal k: -ln p / (ln 2)^2.
pub fn bits_per_item(p: f64) -> f64 {
    -ln(p) / (core::f64::consts::LN_2 * core::f64::consts::LN_2)
}

/// The false-positive rate measured on `filters` random filters of m bits and k hashes, each
/// holding n random keys and asked `queries` keys that were not inserted.
pub fn measured_false_positive(m: u32, k: u32, n: u32, filters: u32, queries: u32, seed: u64) -> f64 {
    let mut rng = Rng::seeded(seed);
    let mut bits = vec![false; m as usize];
    let mut positives = 0u64;
    for _ in 0..filters {
        bits.iter_mut().for_each(|bit| *bit = false);
        for _ in 0..n {
            for position in positions(rng.next_u64(), m, k) {
                bits[position as usize] = true;
            }
        }
        for _ in 0..queries {
            // A fresh random 64-bit key collides with an inserted one with negligible chance.
            positives += u64::from(positions(rng.next_u64(), m, k).all(|position| bits[position as usize]));
        }
    }
    positives as f64 / (f64::from(filters) * f64::from(queries)).max(1.0)
}

/// A filter with the words inserted into it, remembered so a query can tell a true positive
/// from a false one and name the words behind each set bit.
#[derive(Clone, Debug)]
pub struct Filter {
    m: u32,
    k: u32,
    /// For each bit, the first inserted word (index into `words`) that set it.
    set_by: Vec<Option<usize>>,
    words: Vec<String>,
}

/// What a query found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub positions: Vec<u32>,
    /// The first probed bit that is 0, if any: then the word is certainly not in the set.
    pub first_clear: Option<u32>,
    /// Whether the word was in fact inserted.
    pub inserted: bool,
    /// For a positive answer, the inserted words that set the probed bits (first setter of
    /// each), without repeats.
    pub setters: Vec<String>,
}

impl Query {
    /// "Probably in the set" although it was never inserted.
    pub fn is_false_positive(&self) -> bool {
        self.first_clear.is_none() && !self.inserted
    }
}

impl Filter {
    /// An empty filter of `m` bits (16..=256) and `k` hashes (1..=8).
    pub fn new(m: u32, k: u32) -> Self {
        let m = m.clamp(MIN_BITS, MAX_BITS);
        Filter { m, k: k.clamp(1, MAX_HASHES), set_by: vec![None; m as usize], words: Vec::new() }
    }

    pub fn bits(&self) -> u32 {
        self.m
    }

    pub fn hashes(&self) -> u32 {
        self.k
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn is_set(&self, bit: u32) -> bool {
        self.set_by.get(bit as usize).is_some_and(Option::is_some)
    }

    pub fn bits_set(&self) -> u32 {
        self.set_by.iter().filter(|bit| bit.is_some()).count() as u32
    }

    /// The same words in a filter of other dimensions.
    pub fn resized(&self, m: u32, k: u32) -> Self {
        let mut filter = Filter::new(m, k);
        for word in &self.words {
            filter.insert(word);
        }
        filter
    }

    /// Inserts `word` (again, if it is there already: a filter cannot tell) and returns the bits
    /// it maps to.
    pub fn insert(&mut self, word: &str) -> Vec<u32> {
        let index = self.words.len();
        self.words.push(word.to_string());
        let bits: Vec<u32> = positions(key_of(word), self.m, self.k).collect();
        for &bit in &bits {
            self.set_by[bit as usize].get_or_insert(index);
        }
        bits
    }

    pub fn query(&self, word: &str) -> Query {
        let positions: Vec<u32> = positions(key_of(word), self.m, self.k).collect();
        let first_clear = positions.iter().copied().find(|&bit| !self.is_set(bit));
        let mut setters: Vec<String> = Vec::new();
        if first_clear.is_none() {
            for &bit in &positions {
                if let Some(index) = self.set_by[bit as usize] {
                    if !setters.contains(&self.words[index]) {
                        setters.push(self.words[index].clone());
                    }
                }
            }
        }
        Query { positions, first_clear, inserted: self.words.iter().any(|inserted| inserted == word), setters }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classic_example_is_about_0_82_percent() {
        // Fan et al. (Summary Cache) tabulate m/n = 10, k = 7 as 0.00819: (1 - e^(-0.7))^7.
        let formula = formula_false_positive(10_000, 7, 1_000);
        assert!((formula - 0.00819).abs() < 0.00001, "{formula}");
        // The filter behaves as the formula says: 20 filters, 20,000 queries each.
        let measured = measured_false_positive(10_000, 7, 1_000, 20, 20_000, 42);
        assert!((measured - formula).abs() < 0.0012, "measured {measured}, formula {formula}");
    }

    #[test]
    fn optimal_k_and_bits_per_item() {
        // (m/n) ln 2: 6.93 hashes at 10 bits per item.
        assert!((optimal_hashes(10_000, 1_000) - 6.931).abs() < 0.001);
        // -ln(0.01) / (ln 2)^2 = 9.585 bits per item for a 1% rate.
        assert!((bits_per_item(0.01) - 9.585).abs() < 0.001);
        // At the optimum the rate is (1/2)^k: 0.6185^(m/n).
        let k = optimal_hashes(1000, 100).round() as u32;
        assert!(formula_false_positive(1000, k, 100) < formula_false_positive(1000, k - 2, 100));
        assert!(formula_false_positive(1000, k, 100) < formula_false_positive(1000, k + 3, 100));
    }

    #[test]
    fn measured_rates_follow_the_formula_for_small_filters() {
        for (m, k, n) in [(64, 3, 10), (128, 4, 20), (256, 2, 60)] {
            let formula = formula_false_positive(m, k, n);
            let measured = measured_false_positive(m, k, n, 400, 400, 7);
            assert!((measured - formula).abs() < 0.03, "m={m} k={k} n={n}: {measured} vs {formula}");
        }
    }

    #[test]
    fn no_false_negatives_and_false_positives_are_explained() {
        let mut filter = Filter::new(64, 3);
        let words: Vec<String> = (0..40).map(|index| format!("word-{index}")).collect();
        for word in &words {
            filter.insert(word);
        }
        for word in &words {
            let query = filter.query(word);
            assert!(query.first_clear.is_none() && query.inserted, "{word} must be found");
        }
        // With 40 words in 64 bits most bits are set: some non-member is a false positive.
        let false_positive =
            (0..1000).map(|index| filter.query(&format!("other-{index}"))).find(Query::is_false_positive);
        let query = false_positive.expect("a crowded filter has false positives");
        assert!(!query.setters.is_empty() && query.setters.iter().all(|setter| words.contains(setter)));
    }

    #[test]
    fn positions_stay_in_range_and_dimensions_clamp() {
        for m in [16, 17, 100, 256] {
            for k in 1..=MAX_HASHES {
                assert!(positions(key_of("x"), m, k).all(|bit| bit < m));
                assert_eq!(positions(key_of("x"), m, k).count() as u32, k);
            }
        }
        let filter = Filter::new(1, 99);
        assert_eq!((filter.bits(), filter.hashes()), (MIN_BITS, MAX_HASHES));
        let mut filter = Filter::new(64, 3);
        filter.insert("a");
        let resized = filter.resized(128, 2);
        assert_eq!((resized.bits(), resized.hashes(), resized.words().len()), (128, 2, 1));
        assert!(resized.query("a").first_clear.is_none());
    }
}
