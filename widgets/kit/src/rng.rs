//! Seeded randomness: every stochastic widget draws from one of these, so a seed reproduces
//! exactly what a reader saw. PCG32 (rand_pcg) is small, fast, and its output is specified, so
//! a seed means the same sequence on every platform and version.

use rand_core::{Rng as _, SeedableRng};
use rand_pcg::Pcg32;

#[derive(Clone, Debug)]
pub struct Rng(Pcg32);

impl Rng {
    pub fn seeded(seed: u64) -> Self {
        Rng(Pcg32::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform fraction in `(0, 1]`, never 0, so its logarithm is finite: 53 random bits,
    /// the precision of an `f64`.
    pub fn fraction(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// A uniform whole number in `0..bound` (0 when `bound` is 0), without modulo bias.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        // Reject the top sliver of the range that would favour small results.
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let value = self.next_u64();
            if value < zone {
                return value % bound;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_in_the_half_open_unit_interval() {
        let mut rng = Rng::seeded(3);
        let draws: Vec<f64> = (0..10_000).map(|_| rng.fraction()).collect();
        assert!(draws.iter().all(|&x| x > 0.0 && x <= 1.0));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
    }

    #[test]
    fn a_seed_reproduces_its_sequence() {
        let draw = |seed| (0..5).map(|_| Rng::seeded(seed).below(1000)).collect::<Vec<_>>();
        assert_eq!(draw(7), draw(7));
        let mut rng = Rng::seeded(7);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        let mut again = Rng::seeded(7);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::seeded(7).next_u64(), Rng::seeded(8).next_u64());
    }

    #[test]
    fn draws_are_roughly_uniform() {
        let mut rng = Rng::seeded(1);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[rng.below(10) as usize] += 1;
        }
        assert!(counts.iter().all(|&count| (9_500..10_500).contains(&count)), "{counts:?}");
        assert_eq!(rng.below(0), 0);
    }
}
