//! The balancer and its backends over time.
//!
//! Each backend serves one request at a time, first come first served, at its speed. Because
//! service is FIFO on one server, a request's completion time is known when it is dispatched;
//! completions are still processed in time order, since that is when the balancer learns of
//! them (its outstanding counts and Peak EWMA's latency estimates follow completions).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use kit::stats::percentile;

use crate::settings::{Fault, Settings};
use crate::strategy::{Balancer, Loads, Strategy};
use crate::trace::{Request, Trace};

/// Latency percentiles are reported per window of this many mean service times.
pub const WINDOW: f64 = 25.0;
/// Windows kept for the chart.
const WINDOWS_KEPT: usize = 60;
/// Latencies kept for the overall percentiles (the most recent).
const LATENCIES_KEPT: usize = 20_000;
/// Dispatches kept for drawing.
const RECENT_KEPT: usize = 24;
/// Peak EWMA's decay time, in mean service times.
pub const EWMA_DECAY: f64 = 10.0;

#[derive(Clone, Debug)]
pub struct Backend {
    pub speed: f64,
    pub dead: bool,
    free_at: f64,
    /// Service time given out so far (including what is still to be served).
    busy: f64,
    pub served: u64,
    estimate_at: f64,
}

/// Latency percentiles of one window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub end: f64,
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
}

/// The figures of a run so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub requests: u64,
    pub mean_latency: f64,
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
    /// The busiest backend's utilization over the mean utilization.
    pub peak_to_mean: f64,
    pub busiest: usize,
    pub busiest_utilization: f64,
    pub max_queue: u32,
    pub errors: u64,
}

#[derive(Clone, Debug)]
pub struct Simulation {
    pub settings: Settings,
    pub backends: Vec<Backend>,
    /// Requests each backend holds, as far as the balancer knows: dispatched and not yet seen
    /// to complete.
    outstanding: Vec<u32>,
    /// Peak EWMA of each backend's observed latency.
    latency_estimates: Vec<f64>,
    trace: Trace,
    balancer: Balancer,
    now: f64,
    /// (completion time, backend, latency), earliest first, as bits (non-negative floats order
    /// like their bits).
    completions: BinaryHeap<Reverse<(u64, usize, u64)>>,
    window_samples: Vec<f64>,
    window_end: f64,
    pub windows: VecDeque<Window>,
    latencies: VecDeque<f64>,
    latency_total: f64,
    latency_count: u64,
    pub requests: u64,
    pub errors: u64,
    pub max_queue: u32,
    /// The latest dispatches: (time, backend).
    pub recent: VecDeque<(f64, usize)>,
}

impl Simulation {
    pub fn new(settings: Settings) -> Simulation {
        let settings = settings.clamped();
        let backends = (0..settings.backends as usize)
            .map(|index| Backend {
                speed: settings.speed(index),
                dead: settings.fault == Fault::Dead && index == 0,
                free_at: 0.0,
                busy: 0.0,
                served: 0,
                estimate_at: 0.0,
            })
            .collect();
        let count = settings.backends as usize;
        Simulation {
            outstanding: vec![0; count],
            latency_estimates: (0..count).map(|index| 1.0 / settings.speed(index)).collect(),
            trace: Trace::new(&settings),
            balancer: Balancer::new(&settings),
            settings,
            backends,
            now: 0.0,
            completions: BinaryHeap::new(),
            window_samples: Vec::new(),
            window_end: WINDOW,
            windows: VecDeque::new(),
            latencies: VecDeque::new(),
            latency_total: 0.0,
            latency_count: 0,
            requests: 0,
            errors: 0,
            max_queue: 0,
            recent: VecDeque::new(),
        }
    }

    pub fn now(&self) -> f64 {
        self.now
    }

    /// Runs every request that arrives up to time `until`.
    pub fn run_until(&mut self, until: f64) {
        while self.trace.peek().at <= until {
            let request = self.trace.take();
            self.dispatch(request);
        }
        self.now = self.now.max(until);
        self.learn_completions();
    }

    /// Runs the next `count` requests.
    pub fn run_requests(&mut self, count: u64) {
        for _ in 0..count {
            let request = self.trace.take();
            self.dispatch(request);
        }
    }

    /// Requests a backend holds now, queued or in service.
    pub fn outstanding(&self, backend: usize) -> u32 {
        self.outstanding[backend]
    }

    /// The fraction of time so far a backend has been serving.
    pub fn utilization(&self, backend: usize) -> f64 {
        let state = &self.backends[backend];
        let served_until_now = state.busy - (state.free_at - self.now).max(0.0);
        if self.now > 0.0 {
            (served_until_now / self.now).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Processes completions up to now: backends drop finished requests, and the balancer's
    /// latency estimates take in what it has observed.
    fn learn_completions(&mut self) {
        while let Some(&Reverse((time_bits, backend, latency_bits))) = self.completions.peek() {
            let time = f64::from_bits(time_bits);
            if time > self.now {
                break;
            }
            self.completions.pop();
            let state = &mut self.backends[backend];
            let (latency, estimate) = (f64::from_bits(latency_bits), &mut self.latency_estimates[backend]);
            if latency > *estimate {
                *estimate = latency;
            } else {
                let keep = kit::math::exp(-(time - state.estimate_at).max(0.0) / EWMA_DECAY);
                *estimate = *estimate * keep + latency * (1.0 - keep);
            }
            state.estimate_at = time;
            self.outstanding[backend] = self.outstanding[backend].saturating_sub(1);
        }
    }

    fn dispatch(&mut self, request: Request) {
        self.now = request.at;
        self.close_windows();
        self.learn_completions();
        let loads = Loads { outstanding: &self.outstanding, latency: &self.latency_estimates };
        let chosen = self.balancer.choose(self.now, request.key, &loads);
        self.requests += 1;
        self.recent.push_back((self.now, chosen));
        if self.recent.len() > RECENT_KEPT {
            self.recent.pop_front();
        }
        let now = self.now;
        self.outstanding[chosen] += 1;
        let backend = &mut self.backends[chosen];
        if backend.dead {
            // Fails at once: nothing queues, and the failure is observed at once.
            self.errors += 1;
            self.completions.push(Reverse((now.to_bits(), chosen, 0f64.to_bits())));
            self.learn_completions();
            return;
        }
        let service = request.demand / backend.speed;
        let start = backend.free_at.max(now);
        let done = start + service;
        backend.free_at = done;
        backend.busy += service;
        backend.served += 1;
        self.max_queue = self.max_queue.max(self.outstanding[chosen]);
        let latency = done - now;
        self.completions.push(Reverse((done.to_bits(), chosen, latency.to_bits())));
        self.window_samples.push(latency);
        self.latencies.push_back(latency);
        if self.latencies.len() > LATENCIES_KEPT {
            self.latencies.pop_front();
        }
        self.latency_total += latency;
        self.latency_count += 1;
    }

    fn close_windows(&mut self) {
        while self.now >= self.window_end {
            let samples = &mut self.window_samples;
            let window = Window {
                end: self.window_end,
                p50: percentile(samples, 0.5),
                p99: percentile(samples, 0.99),
                p999: percentile(samples, 0.999),
            };
            samples.clear();
            self.windows.push_back(window);
            if self.windows.len() > WINDOWS_KEPT {
                self.windows.pop_front();
            }
            self.window_end += WINDOW;
        }
    }

    pub fn summary(&self) -> Summary {
        let mut latencies: Vec<f64> = self.latencies.iter().copied().collect();
        let utilization: Vec<f64> = (0..self.backends.len()).map(|backend| self.utilization(backend)).collect();
        let mean = utilization.iter().sum::<f64>() / utilization.len().max(1) as f64;
        let busiest = (0..utilization.len()).max_by(|&a, &b| utilization[a].total_cmp(&utilization[b])).unwrap_or(0);
        Summary {
            requests: self.requests,
            mean_latency: self.latency_total / self.latency_count.max(1) as f64,
            p50: percentile(&mut latencies, 0.5),
            p99: percentile(&mut latencies, 0.99),
            p999: percentile(&mut latencies, 0.999),
            peak_to_mean: if mean > 0.0 { utilization[busiest] / mean } else { 0.0 },
            busiest,
            busiest_utilization: utilization[busiest],
            max_queue: self.max_queue,
            errors: self.errors,
        }
    }
}

/// Where a figure opens: this many mean service times in, so queues and percentiles have
/// something to show.
pub const OPENING_TIME: u32 = 200;

/// Requests each strategy runs in the comparison.
pub const COMPARED_REQUESTS: u64 = 20_000;

/// Every strategy on the same trace (the same seed and workload).
pub fn compare(settings: &Settings, requests: u64) -> Vec<(Strategy, Summary)> {
    Strategy::ALL
        .into_iter()
        .map(|strategy| {
            let mut simulation = Simulation::new(Settings { strategy, ..*settings });
            simulation.run_requests(requests);
            (strategy, simulation.summary())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Preset, Service};

    fn run(settings: Settings, requests: u64) -> Simulation {
        let mut simulation = Simulation::new(settings);
        simulation.run_requests(requests);
        simulation
    }

    #[test]
    fn the_supermarket_model_matches_mitzenmacher() {
        // n = 1,000 servers at λ = 0.9 per server, exponential service. One random choice makes
        // each server an M/M/1 queue: mean time in system 1/(1 − λ) = 10. Two choices: the
        // limit Σ_{i≥1} λ^(2^i − 2) = 2.6141 (Mitzenmacher, TPDS 2001, and thesis tables).
        let settings = Settings { backends: 1000, load: 0.9, ..Settings::default() };
        let random = run(Settings { strategy: Strategy::Random, ..settings }, 3_000_000).summary();
        let two = run(Settings { strategy: Strategy::TwoChoices, ..settings }, 3_000_000).summary();
        let limit: f64 = (1..30).map(|i| 0.9f64.powi((1 << i) - 2)).sum();
        assert!((limit - 2.6141).abs() < 1e-4);
        assert!((random.mean_latency / 10.0 - 1.0).abs() < 0.05, "d = 1: {}", random.mean_latency);
        assert!((two.mean_latency / limit - 1.0).abs() < 0.03, "d = 2: {} vs {limit}", two.mean_latency);
    }

    #[test]
    fn stale_least_loaded_herds() {
        // Mitzenmacher (2000): with an old view every request goes to the same "least loaded"
        // backend until the view refreshes, so that backend's queue towers over the others.
        let settings = Settings { backends: 16, load: 0.9, staleness: 10.0, ..Settings::default() };
        let stale = run(Settings { strategy: Strategy::StaleLeastLoaded, ..settings }, 100_000);
        let two = run(Settings { strategy: Strategy::TwoChoices, ..settings }, 100_000);
        assert!(stale.max_queue > 2 * two.max_queue, "stale {} vs two choices {}", stale.max_queue, two.max_queue);
        let fresh = run(Settings { strategy: Strategy::StaleLeastLoaded, staleness: 0.0, ..settings }, 100_000);
        assert!(fresh.max_queue <= two.max_queue, "a fresh view is at least as good as two samples");
    }

    #[test]
    fn load_blind_strategies_overload_slow_backends() {
        let settings = Settings { backends: 8, load: 0.7, preset: Preset::Heterogeneous, ..Settings::default() };
        let round_robin = run(Settings { strategy: Strategy::RoundRobin, ..settings }, 60_000).summary();
        let weighted = run(Settings { strategy: Strategy::WeightedRoundRobin, ..settings }, 60_000).summary();
        // Round robin sends the 0.4-speed backends an equal share: offered 0.7·6.8/8 = 0.595
        // per backend, above their capacity 0.4.
        assert!(round_robin.busiest_utilization > 0.99 && round_robin.p99 > 10.0 * weighted.p99);
    }

    #[test]
    fn a_fast_failing_backend_draws_traffic_to_load_aware_strategies() {
        let settings = Settings { backends: 8, load: 0.8, fault: Fault::Dead, ..Settings::default() };
        let random = run(Settings { strategy: Strategy::Random, ..settings }, 40_000);
        let least = run(Settings { strategy: Strategy::LeastConnections, ..settings }, 40_000);
        // Random sends it 1/8 of the requests; least connections sees an always-empty backend.
        assert!((random.errors as f64 / 40_000.0 - 0.125).abs() < 0.01);
        assert!(least.errors as f64 / 40_000.0 > 0.3, "{}", least.errors);
    }

    #[test]
    fn peak_ewma_avoids_a_slow_backend() {
        let settings = Settings { backends: 8, load: 0.6, fault: Fault::Slow, ..Settings::default() };
        let two = run(Settings { strategy: Strategy::TwoChoices, ..settings }, 40_000);
        let ewma = run(Settings { strategy: Strategy::PeakEwma, ..settings }, 40_000);
        assert!(
            ewma.backends[0].served < two.backends[0].served,
            "{} vs {}",
            ewma.backends[0].served,
            two.backends[0].served
        );
    }

    #[test]
    fn bounded_loads_tame_a_hot_key() {
        let settings = Settings { backends: 8, load: 0.8, keyed: true, ..Settings::default() };
        let plain = run(Settings { strategy: Strategy::ConsistentHash, ..settings }, 40_000).summary();
        let bounded = run(Settings { strategy: Strategy::BoundedLoadHash, ..settings }, 40_000).summary();
        assert!(bounded.max_queue * 3 < plain.max_queue, "bounded {} vs plain {}", bounded.max_queue, plain.max_queue);
    }

    #[test]
    fn every_strategy_sees_the_same_trace_and_heavy_tails_raise_p999() {
        let settings = Settings { service: Service::Pareto, ..Settings::default() };
        let rows = compare(&settings, 5_000);
        assert_eq!(rows.len(), 9);
        assert!(rows.iter().all(|(_, summary)| summary.requests == 5_000));
        let exponential = compare(&Settings::default(), 5_000);
        let (heavy, light) = (rows[0].1, exponential[0].1);
        assert!(heavy.p999 / heavy.p50 > light.p999 / light.p50);
    }

    #[test]
    fn windows_and_time_advance_together() {
        let mut simulation = Simulation::new(Settings::default());
        simulation.run_until(100.0);
        assert_eq!(simulation.windows.len(), 3, "windows end at 25, 50 and 75");
        assert!(simulation.now() >= 100.0);
        assert!((0..8).all(|backend| (0.0..=1.0).contains(&simulation.utilization(backend))));
    }
}
