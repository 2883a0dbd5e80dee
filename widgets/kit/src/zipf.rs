//! Zipf-distributed popularity: item of rank r (from 1) is drawn with weight 1 / r^s, as in
//! YCSB's request distribution (exponent 0.99) and the skewed keys of the storage widgets.

use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct Zipf {
    /// Cumulative weights by rank.
    cumulative: Vec<f64>,
}

impl Zipf {
    /// `items` ranks (at least one) with exponent `exponent` (0 is uniform).
    pub fn new(items: usize, exponent: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=items.max(1))
            .map(|rank| {
                total += if exponent == 0.0 { 1.0 } else { crate::math::exp(-exponent * crate::math::ln(rank as f64)) };
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// A rank from 0 (the most popular) to `items − 1`.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = rng.fraction() * total;
        self.cumulative.partition_point(|&cumulative| cumulative < target).min(self.cumulative.len() - 1)
    }

    /// The probability of rank `rank` (from 0).
    pub fn probability(&self, rank: usize) -> f64 {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let below = if rank == 0 { 0.0 } else { self.cumulative.get(rank - 1).copied().unwrap_or(total) };
        (self.cumulative.get(rank).copied().unwrap_or(total) - below) / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_follow_the_weights() {
        // s = 1 over 4 items: weights 1, 1/2, 1/3, 1/4 of H_4 = 25/12.
        let zipf = Zipf::new(4, 1.0);
        assert!((zipf.probability(0) - 12.0 / 25.0).abs() < 1e-12);
        assert!((zipf.probability(3) - 3.0 / 25.0).abs() < 1e-12);
        let mut rng = Rng::seeded(9);
        let mut counts = [0u32; 4];
        for _ in 0..100_000 {
            counts[zipf.sample(&mut rng)] += 1;
        }
        assert!((f64::from(counts[0]) / 100_000.0 - 0.48).abs() < 0.01, "{counts:?}");
        let uniform = Zipf::new(10, 0.0);
        assert!((uniform.probability(7) - 0.1).abs() < 1e-12);
    }
}
