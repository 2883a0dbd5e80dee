//! Five rate limiters run over one request trace, each allowing `limit` requests per `window`.
//!
//! - Token bucket: a bucket of `burst` tokens, full at the start, refilled at limit/window per
//!   ms; a request takes a token or is rejected. Bursts up to `burst` pass at once.
//! - Leaky bucket as a queue: requests wait in a queue of `burst` places that drains one request
//!   every window/limit ms; a request finding it full is rejected. The backend sees a steady
//!   stream, late.
//! - Fixed window: a counter per window [kW, (k+1)W); at most `limit` each. Two windows' worth
//!   can pass within one window's length across a boundary.
//! - Sliding log: the times of the requests admitted in the last W ms; at most `limit`.
//! - Sliding counter: the previous window's count weighted by how much of it still overlaps the
//!   last W ms, plus the current window's count (the approximation Cloudflare describes).

use crate::trace::Trace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    TokenBucket,
    LeakyBucket,
    FixedWindow,
    SlidingLog,
    SlidingCounter,
}

impl Algorithm {
    pub const ALL: [Algorithm; 5] = [
        Algorithm::TokenBucket,
        Algorithm::LeakyBucket,
        Algorithm::FixedWindow,
        Algorithm::SlidingLog,
        Algorithm::SlidingCounter,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Algorithm::TokenBucket => "token-bucket",
            Algorithm::LeakyBucket => "leaky-bucket",
            Algorithm::FixedWindow => "fixed-window",
            Algorithm::SlidingLog => "sliding-log",
            Algorithm::SlidingCounter => "sliding-counter",
        }
    }

    pub fn from_key(key: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|algorithm| algorithm.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Algorithm::TokenBucket => "token bucket",
            Algorithm::LeakyBucket => "leaky bucket (queue)",
            Algorithm::FixedWindow => "fixed window",
            Algorithm::SlidingLog => "sliding log",
            Algorithm::SlidingCounter => "sliding counter",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Requests allowed per window.
    pub limit: u32,
    /// The window, ms.
    pub window: u32,
    /// Token-bucket capacity and leaky-bucket queue length.
    pub burst: u32,
}

/// What happened to each request, and when the backend saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub algorithm: Algorithm,
    /// Per request: `Some(time the backend sees it)` or `None` if rejected.
    pub passed: Vec<Option<f64>>,
}

impl Outcome {
    pub fn admitted(&self) -> usize {
        self.passed.iter().filter(|time| time.is_some()).count()
    }

    /// The most requests the backend sees in any interval one window long.
    pub fn busiest_window(&self, window: u32) -> usize {
        let mut times: Vec<f64> = self.passed.iter().flatten().copied().collect();
        times.sort_by(f64::total_cmp);
        let mut best = 0;
        let mut start = 0;
        for end in 0..times.len() {
            // A hair of tolerance: requests exactly one window apart are in different windows.
            while times[end] - times[start] >= f64::from(window) - 1e-6 {
                start += 1;
            }
            best = best.max(end - start + 1);
        }
        best
    }
}

pub fn run(algorithm: Algorithm, limits: Limits, trace: &Trace) -> Outcome {
    let window = f64::from(limits.window.max(1));
    let limit = limits.limit.max(1);
    let rate = f64::from(limit) / window;
    let passed = match algorithm {
        Algorithm::TokenBucket => {
            let capacity = f64::from(limits.burst.max(1));
            let (mut tokens, mut last) = (capacity, 0.0);
            trace
                .times
                .iter()
                .map(|&at| {
                    tokens = (tokens + (at - last) * rate).min(capacity);
                    last = at;
                    (tokens >= 1.0).then(|| {
                        tokens -= 1.0;
                        at
                    })
                })
                .collect()
        }
        Algorithm::LeakyBucket => {
            let gap = window / f64::from(limit);
            let places = limits.burst.max(1) as usize;
            // Departure times of the requests still waiting, and the earliest the next may leave.
            let mut waiting: Vec<f64> = Vec::new();
            let mut next_free = 0.0f64;
            trace
                .times
                .iter()
                .map(|&at| {
                    waiting.retain(|&leaves| leaves > at);
                    let leaves = next_free.max(at);
                    if leaves > at && waiting.len() >= places {
                        return None;
                    }
                    if leaves > at {
                        waiting.push(leaves);
                    }
                    next_free = leaves + gap;
                    Some(leaves)
                })
                .collect()
        }
        Algorithm::FixedWindow => {
            let mut counts: Vec<(u64, u32)> = Vec::new();
            trace
                .times
                .iter()
                .map(|&at| {
                    let index = (at / window) as u64;
                    match counts.last_mut() {
                        Some((current, count)) if *current == index => (*count < limit).then(|| {
                            *count += 1;
                            at
                        }),
                        _ => {
                            counts.push((index, 1));
                            Some(at)
                        }
                    }
                })
                .collect()
        }
        Algorithm::SlidingLog => {
            let mut log: Vec<f64> = Vec::new();
            trace
                .times
                .iter()
                .map(|&at| {
                    log.retain(|&admitted| at - admitted < window);
                    (log.len() < limit as usize).then(|| {
                        log.push(at);
                        at
                    })
                })
                .collect()
        }
        Algorithm::SlidingCounter => {
            let mut counts: Vec<(u64, u32)> = Vec::new();
            trace
                .times
                .iter()
                .map(|&at| {
                    let index = (at / window) as u64;
                    let count = |wanted: u64| counts.iter().find(|(i, _)| *i == wanted).map_or(0, |(_, c)| *c);
                    let previous = index.checked_sub(1).map_or(0, count);
                    let elapsed = (at - index as f64 * window) / window;
                    let estimate = f64::from(previous) * (1.0 - elapsed) + f64::from(count(index));
                    (estimate < f64::from(limit)).then(|| {
                        match counts.iter_mut().find(|(i, _)| *i == index) {
                            Some((_, c)) => *c += 1,
                            None => counts.push((index, 1)),
                        }
                        at
                    })
                })
                .collect()
        }
    };
    Outcome { algorithm, passed }
}

/// Each limiter's state just after time `at`, in words.
pub fn state_at(algorithm: Algorithm, limits: Limits, trace: &Trace, outcome: &Outcome, at: f64) -> State {
    let window = f64::from(limits.window.max(1));
    let rate = f64::from(limits.limit.max(1)) / window;
    let seen: Vec<(f64, Option<f64>)> =
        trace.times.iter().zip(&outcome.passed).filter(|(&time, _)| time <= at).map(|(&t, &p)| (t, p)).collect();
    match algorithm {
        Algorithm::TokenBucket => {
            let capacity = f64::from(limits.burst.max(1));
            let (mut tokens, mut last) = (capacity, 0.0);
            for &(time, passed) in &seen {
                tokens = (tokens + (time - last) * rate).min(capacity);
                last = time;
                if passed.is_some() {
                    tokens -= 1.0;
                }
            }
            State::Tokens((tokens + (at - last) * rate).min(capacity))
        }
        Algorithm::LeakyBucket => {
            State::Queued(seen.iter().filter(|(_, passed)| passed.is_some_and(|leaves| leaves > at)).count())
        }
        Algorithm::FixedWindow => {
            let index = (at / window).floor();
            let start = index * window;
            State::InWindow(seen.iter().filter(|(time, passed)| passed.is_some() && *time >= start).count())
        }
        Algorithm::SlidingLog => {
            State::Logged(seen.iter().filter(|(time, passed)| passed.is_some() && at - time < window).count())
        }
        Algorithm::SlidingCounter => {
            let index = (at / window).floor();
            let start = index * window;
            let current = seen.iter().filter(|(time, passed)| passed.is_some() && *time >= start).count();
            let previous = seen
                .iter()
                .filter(|(time, passed)| passed.is_some() && *time >= start - window && *time < start)
                .count();
            let elapsed = (at - start) / window;
            State::Estimate(previous as f64 * (1.0 - elapsed) + current as f64)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum State {
    Tokens(f64),
    Queued(usize),
    InWindow(usize),
    Logged(usize),
    Estimate(f64),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Shape, Trace};

    const LIMITS: Limits = Limits { limit: 10, window: 1_000, burst: 5 };

    #[test]
    fn the_fixed_window_admits_twice_the_limit_across_a_boundary_and_the_sliding_log_never_does() {
        let trace = Trace::new(Shape::Edge, LIMITS, 1);
        let fixed = run(Algorithm::FixedWindow, LIMITS, &trace);
        assert_eq!(fixed.busiest_window(LIMITS.window), 2 * LIMITS.limit as usize);
        for seed in 0..50 {
            for shape in [Shape::Steady, Shape::Bursty, Shape::Edge] {
                for limits in
                    [LIMITS, Limits { limit: 3, window: 400, burst: 7 }, Limits { limit: 50, window: 5_000, burst: 1 }]
                {
                    let trace = Trace::new(shape, limits, seed);
                    let log = run(Algorithm::SlidingLog, limits, &trace);
                    assert!(log.busiest_window(limits.window) <= limits.limit as usize, "{shape:?} seed {seed}");
                    let fixed = run(Algorithm::FixedWindow, limits, &trace);
                    assert!(fixed.busiest_window(limits.window) <= 2 * limits.limit as usize);
                }
            }
        }
    }

    #[test]
    fn the_token_bucket_admits_a_burst_up_to_its_capacity() {
        for burst in [1, 5, 20] {
            let limits = Limits { burst, ..LIMITS };
            // Thirty requests at the same instant, the bucket full.
            let trace = Trace { times: vec![100.0; 30], horizon: 2_000.0 };
            assert_eq!(run(Algorithm::TokenBucket, limits, &trace).admitted(), burst as usize);
            // Over a long steady overload it passes the rate: about limit per window.
            let long = Trace { times: (0..4_000).map(|i| f64::from(i) * 5.0).collect(), horizon: 20_000.0 };
            let admitted = run(Algorithm::TokenBucket, limits, &long).admitted();
            assert!((200 + burst as usize - 1..=200 + burst as usize + 1).contains(&admitted), "{admitted}");
        }
    }

    #[test]
    fn the_leaky_queue_delivers_a_steady_stream() {
        let trace = Trace { times: vec![0.0; 30], horizon: 2_000.0 };
        let outcome = run(Algorithm::LeakyBucket, LIMITS, &trace);
        let times: Vec<f64> = outcome.passed.iter().flatten().copied().collect();
        assert_eq!(
            times,
            [0.0, 100.0, 200.0, 300.0, 400.0, 500.0],
            "one served at once, five waiting, one every 100 ms"
        );
    }

    #[test]
    fn the_sliding_counter_weights_the_previous_window() {
        // Ten admitted late in window 0; a quarter into window 1 the estimate is 7.5 + 0.
        let mut times: Vec<f64> = (0..10).map(|i| 900.0 + f64::from(i)).collect();
        times.extend([1_250.0, 1_251.0, 1_252.0, 1_253.0]);
        let trace = Trace { times, horizon: 2_000.0 };
        let outcome = run(Algorithm::SlidingCounter, LIMITS, &trace);
        // Estimates 7.5, 8.49 and 9.48 admit; 10.47 does not.
        assert_eq!(outcome.admitted(), 10 + 3);
        let State::Estimate(estimate) = state_at(Algorithm::SlidingCounter, LIMITS, &trace, &outcome, 1_250.0) else {
            panic!()
        };
        assert!((estimate - 8.5).abs() < 1e-9, "{estimate}");
    }
}
