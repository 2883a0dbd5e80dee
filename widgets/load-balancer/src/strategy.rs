//! The nine ways of choosing a backend.
//!
//! Sources:
//! - Power of two choices: Azar, Broder, Karlin and Upfal, "Balanced Allocations", STOC 1994;
//!   Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", IEEE TPDS 12(10),
//!   2001 (the supermarket model).
//! - Least-loaded with stale information (a bulletin board refreshed periodically), and the
//!   herding it causes: Mitzenmacher, "How Useful Is Old Information?", IEEE TPDS 11(1), 2000.
//! - Smooth weighted round robin as in nginx's upstream module (ngx_http_upstream_round_robin.c).
//! - Consistent hashing with bounded loads: Mirrokni, Thorup and Zadimoghaddam, SODA 2018 — a
//!   backend takes a request only while it holds fewer than ⌈(1 + ε)·(average load)⌉, else the
//!   request moves on along the ring.
//! - Peak EWMA: Finagle's `PeakEwma` load metric (twitter/finagle), used with two random
//!   choices: cost = EWMA of latency, jumping up to any larger sample at once, × (outstanding + 1).

use kit::hash::mix64;
use kit::rng::Rng;

use crate::settings::Settings;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Random,
    RoundRobin,
    WeightedRoundRobin,
    LeastConnections,
    TwoChoices,
    StaleLeastLoaded,
    ConsistentHash,
    BoundedLoadHash,
    PeakEwma,
}

/// ε of consistent hashing with bounded loads: capacity is 1.25 × the average.
pub const BOUND_EPSILON: f64 = 0.25;
/// Tokens per backend on the hashing ring.
const RING_TOKENS: u64 = 64;

impl Strategy {
    pub const ALL: [Strategy; 9] = [
        Strategy::Random,
        Strategy::RoundRobin,
        Strategy::WeightedRoundRobin,
        Strategy::LeastConnections,
        Strategy::TwoChoices,
        Strategy::StaleLeastLoaded,
        Strategy::ConsistentHash,
        Strategy::BoundedLoadHash,
        Strategy::PeakEwma,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Strategy::Random => "random",
            Strategy::RoundRobin => "round-robin",
            Strategy::WeightedRoundRobin => "weighted-round-robin",
            Strategy::LeastConnections => "least-connections",
            Strategy::TwoChoices => "two-choices",
            Strategy::StaleLeastLoaded => "stale-least-loaded",
            Strategy::ConsistentHash => "consistent-hash",
            Strategy::BoundedLoadHash => "bounded-load-hash",
            Strategy::PeakEwma => "peak-ewma",
        }
    }

    pub fn from_key(key: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|strategy| strategy.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Strategy::Random => "random",
            Strategy::RoundRobin => "round robin",
            Strategy::WeightedRoundRobin => "weighted round robin",
            Strategy::LeastConnections => "least connections",
            Strategy::TwoChoices => "power of two choices",
            Strategy::StaleLeastLoaded => "least loaded, stale view",
            Strategy::ConsistentHash => "consistent hashing",
            Strategy::BoundedLoadHash => "consistent hashing, bounded loads",
            Strategy::PeakEwma => "peak EWMA (two choices)",
        }
    }
}

/// What a strategy may look at: each backend's outstanding requests and its latency estimate.
pub struct Loads<'a> {
    pub outstanding: &'a [u32],
    pub latency: &'a [f64],
}

/// A strategy with its state (rotation, weights, stale snapshot, ring, random choices).
#[derive(Clone, Debug)]
pub struct Balancer {
    strategy: Strategy,
    rng: Rng,
    rotation: usize,
    weights: Vec<i64>,
    current_weights: Vec<i64>,
    snapshot: Vec<u32>,
    snapshot_at: f64,
    staleness: f64,
    ring: Vec<(u64, usize)>,
}

impl Balancer {
    pub fn new(settings: &Settings) -> Balancer {
        let count = settings.backends as usize;
        let mut ring: Vec<(u64, usize)> = (0..count)
            .flat_map(|backend| {
                (0..RING_TOKENS).map(move |token| (mix64(((backend as u64) << 32) ^ token ^ 0x5eed), backend))
            })
            .collect();
        ring.sort_unstable();
        Balancer {
            strategy: settings.strategy,
            // The strategy's own random choices: a stream apart from the trace's.
            rng: Rng::seeded(settings.seed ^ 0xba1a_4ce5),
            rotation: 0,
            weights: (0..count).map(|index| (settings.nominal_speed(index) * 10.0) as i64).collect(),
            current_weights: vec![0; count],
            snapshot: vec![0; count],
            snapshot_at: f64::NEG_INFINITY,
            staleness: settings.staleness,
            ring,
        }
    }

    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// The backend for a request with `key` arriving at `now`.
    pub fn choose(&mut self, now: f64, key: u64, loads: &Loads) -> usize {
        let count = loads.outstanding.len().max(1);
        match self.strategy {
            Strategy::Random => self.rng.below(count as u64) as usize,
            Strategy::RoundRobin => {
                self.rotation = (self.rotation + 1) % count;
                self.rotation
            }
            Strategy::WeightedRoundRobin => {
                // nginx's smooth weighted round robin: every backend gains its weight, the
                // largest wins and pays back the total.
                let total: i64 = self.weights.iter().sum();
                for (current, weight) in self.current_weights.iter_mut().zip(&self.weights) {
                    *current += weight;
                }
                let chosen =
                    (0..count).max_by_key(|&index| (self.current_weights[index], usize::MAX - index)).unwrap_or(0);
                self.current_weights[chosen] -= total;
                chosen
            }
            Strategy::LeastConnections => self.least(loads.outstanding),
            Strategy::TwoChoices => {
                let (a, b) = self.two(count);
                if loads.outstanding[b] < loads.outstanding[a] {
                    b
                } else {
                    a
                }
            }
            Strategy::StaleLeastLoaded => {
                if now - self.snapshot_at >= self.staleness {
                    self.snapshot.copy_from_slice(loads.outstanding);
                    self.snapshot_at = now;
                }
                let snapshot = std::mem::take(&mut self.snapshot);
                let chosen = self.least(&snapshot);
                self.snapshot = snapshot;
                chosen
            }
            Strategy::ConsistentHash => self.ring_walk(key, |_| true),
            Strategy::BoundedLoadHash => {
                let total: u32 = loads.outstanding.iter().sum();
                let capacity = ((1.0 + BOUND_EPSILON) * f64::from(total + 1) / count as f64).ceil() as u32;
                self.ring_walk(key, |backend| loads.outstanding[backend] < capacity)
            }
            Strategy::PeakEwma => {
                let (a, b) = self.two(count);
                let cost = |index: usize| loads.latency[index] * f64::from(loads.outstanding[index] + 1);
                if cost(b) < cost(a) {
                    b
                } else {
                    a
                }
            }
        }
    }

    /// Two distinct random backends (the same one twice when there is only one).
    fn two(&mut self, count: usize) -> (usize, usize) {
        let a = self.rng.below(count as u64) as usize;
        if count < 2 {
            return (a, a);
        }
        let b = (a + 1 + self.rng.below(count as u64 - 1) as usize) % count;
        (a, b)
    }

    /// The least loaded, ties broken at random.
    fn least(&mut self, loads: &[u32]) -> usize {
        let lowest = loads.iter().copied().min().unwrap_or(0);
        let tied: Vec<usize> = (0..loads.len()).filter(|&index| loads[index] == lowest).collect();
        tied[self.rng.below(tied.len() as u64) as usize]
    }

    /// The first backend clockwise from the key's point that `accepts` (the owner when it
    /// accepts; if none does, the owner).
    fn ring_walk(&self, key: u64, accepts: impl Fn(usize) -> bool) -> usize {
        let point = mix64(key ^ 0x6b65_7973);
        let start = self.ring.partition_point(|&(position, _)| position < point);
        let owner = self.ring.get(start % self.ring.len().max(1)).map_or(0, |&(_, backend)| backend);
        (0..self.ring.len())
            .map(|step| self.ring[(start + step) % self.ring.len()].1)
            .find(|&backend| accepts(backend))
            .unwrap_or(owner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// n balls into n bins, each placed by `strategy` on the bins' current loads; the largest
    /// load.
    fn max_load(strategy: Strategy, n: usize, seed: u64) -> u32 {
        let settings = Settings { strategy, backends: 2, seed, ..Settings::default() };
        let mut balancer = Balancer::new(&settings);
        let mut loads = vec![0u32; n];
        let latency = vec![1.0; n];
        for ball in 0..n {
            let bin = balancer.choose(0.0, ball as u64, &Loads { outstanding: &loads, latency: &latency });
            loads[bin] += 1;
        }
        loads.into_iter().max().unwrap_or(0)
    }

    fn median(mut values: Vec<u32>) -> u32 {
        values.sort_unstable();
        values[values.len() / 2]
    }

    /// The smallest k with P(max load ≤ k) ≥ 1/2 for one random choice, treating the n bin
    /// loads as independent Poisson(1) counts: P(max ≤ k) ≈ P(Poisson(1) ≤ k)^n.
    fn one_choice_median(n: usize) -> u32 {
        let mut term = (-1.0f64).exp();
        let mut cdf = term;
        for k in 0..64u32 {
            if cdf.powi(n as i32) >= 0.5 {
                return k;
            }
            term /= f64::from(k + 1);
            cdf += term;
        }
        64
    }

    /// Two choices, by the fluid limit of Mitzenmacher (thesis, 1996; Mitzenmacher, Richa and
    /// Sitaraman's survey, 2001): the fraction s_i of bins with at least i balls follows
    /// ds_i/dt = s_{i−1}² − s_i² from s_0 = 1 over the n throws (t from 0 to 1). With n·s_i
    /// bins expected at load i or more, and those few bins nearly independent,
    /// P(max ≥ i) ≈ 1 − e^(−n·s_i).
    fn two_choice_tail(n: usize, level: usize) -> f64 {
        let mut s = [0.0f64; 12];
        s[0] = 1.0;
        let steps = 20_000;
        for _ in 0..steps {
            let previous = s;
            for i in 1..s.len() {
                s[i] += (previous[i - 1] * previous[i - 1] - previous[i] * previous[i]) / f64::from(steps);
            }
        }
        1.0 - (-(n as f64) * s[level.min(s.len() - 1)]).exp()
    }

    #[test]
    fn two_choices_cut_the_maximum_load_as_derived() {
        // One choice grows as ln n / ln ln n, two as ln ln n / ln 2 + O(1) (Azar et al., 1994).
        // Concretely, over 41 seeds: the median maximum with one choice is the Poisson value
        // (5 for n = 1,000, 8 for n = 100,000), and with two choices the share of runs reaching
        // each load is the fluid limit's: for n = 1,000 almost all reach 3 and almost none 4;
        // for n = 100,000 about 45% reach 4 and none 5.
        for n in [1_000usize, 100_000] {
            let one: Vec<u32> = (0..41).map(|seed| max_load(Strategy::Random, n, seed)).collect();
            assert_eq!(median(one), one_choice_median(n), "one choice, n = {n}");
            let two: Vec<u32> = (0..41).map(|seed| max_load(Strategy::TwoChoices, n, seed)).collect();
            for level in 3..=5 {
                let reached = two.iter().filter(|&&max| max as usize >= level).count() as f64 / 41.0;
                let predicted = two_choice_tail(n, level);
                assert!((reached - predicted).abs() < 0.2, "n = {n}, load {level}: {reached} of runs vs {predicted}");
            }
        }
        assert_eq!((one_choice_median(1_000), one_choice_median(100_000)), (5, 8));
        assert!((two_choice_tail(100_000, 4) - 0.45).abs() < 0.01);
    }

    #[test]
    fn smooth_weighted_round_robin_follows_the_weights() {
        let settings = Settings {
            strategy: Strategy::WeightedRoundRobin,
            backends: 4,
            preset: crate::settings::Preset::Heterogeneous,
            ..Settings::default()
        };
        let mut balancer = Balancer::new(&settings);
        let (outstanding, latency) = (vec![0u32; 4], vec![1.0; 4]);
        let mut counts = [0u32; 4];
        for request in 0..340 {
            counts[balancer.choose(0.0, request, &Loads { outstanding: &outstanding, latency: &latency })] += 1;
        }
        // Weights 10, 10, 10, 4: 34 per cycle.
        assert_eq!(counts, [100, 100, 100, 40]);
    }

    #[test]
    fn bounded_loads_never_exceed_the_bound() {
        let settings = Settings { strategy: Strategy::BoundedLoadHash, backends: 8, ..Settings::default() };
        let mut balancer = Balancer::new(&settings);
        let mut loads = vec![0u32; 8];
        let latency = vec![1.0; 8];
        for request in 0..1000u64 {
            // Every request has the same key: plain consistent hashing would pile them up.
            let chosen = balancer.choose(0.0, 7, &Loads { outstanding: &loads, latency: &latency });
            let total: u32 = loads.iter().sum();
            assert!(f64::from(loads[chosen]) < (1.25 * f64::from(total + 1) / 8.0).ceil(), "request {request}");
            loads[chosen] += 1;
        }
        // The key's owner fills to the bound, then the next backends on the ring take over.
        assert!(*loads.iter().max().unwrap() <= (1.25f64 * 1000.0 / 8.0).ceil() as u32, "{loads:?}");
    }
}
