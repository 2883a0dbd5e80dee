//! The request traces every limiter is fed: the same arrival times for all of them.

use kit::rng::Rng;

use crate::limiters::Limits;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Poisson arrivals at 1.5 times the limit: a steady overload.
    Steady,
    /// Quiet background with bursts of twice the limit packed into a twentieth of a window.
    Bursty,
    /// The limit's worth at the end of one window and again at the start of the next.
    Edge,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Steady, Shape::Bursty, Shape::Edge];

    pub fn key(self) -> &'static str {
        match self {
            Shape::Steady => "steady",
            Shape::Bursty => "bursty",
            Shape::Edge => "edge",
        }
    }

    pub fn from_key(key: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|shape| shape.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Shape::Steady => "steady overload (1.5× the limit)",
            Shape::Bursty => "bursty (2× the limit at once)",
            Shape::Edge => "adversarial at window edges",
        }
    }
}

/// Four windows of arrival times, sorted, in ms.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub times: Vec<f64>,
    pub horizon: f64,
}

/// Windows a trace spans.
pub const WINDOWS: u32 = 4;

impl Trace {
    pub fn new(shape: Shape, limits: Limits, seed: u64) -> Trace {
        let window = f64::from(limits.window.max(1));
        let limit = f64::from(limits.limit.max(1));
        let horizon = window * f64::from(WINDOWS);
        let mut rng = Rng::seeded(seed);
        let mut times = Vec::new();
        match shape {
            Shape::Steady => {
                let mean_gap = window / (1.5 * limit);
                let mut at = 0.0;
                loop {
                    at += -kit::math::ln(1.0 - rng.fraction()) * mean_gap;
                    if at >= horizon {
                        break;
                    }
                    times.push(at);
                }
            }
            Shape::Bursty => {
                for w in 0..WINDOWS {
                    let start = (f64::from(w) + rng.fraction() * 0.9) * window;
                    for i in 0..(2.0 * limit) as u32 {
                        times.push(start + window * 0.05 * f64::from(i) / (2.0 * limit));
                    }
                    times.push((f64::from(w) + rng.fraction()) * window);
                }
            }
            Shape::Edge => {
                for pair in 0..WINDOWS / 2 {
                    let boundary = f64::from(2 * pair + 1) * window;
                    for i in 0..limit as u32 {
                        let offset = window * 0.05 * (f64::from(i) + 0.5) / limit;
                        times.push(boundary - offset);
                        times.push(boundary + offset);
                    }
                }
            }
        }
        times.sort_by(f64::total_cmp);
        Trace { times, horizon }
    }
}
