//! A seeded simulation of the same queues: Poisson arrivals, exponential or constant service,
//! c servers taking customers first come, first served from one queue.
//!
//! Little's law is checked from two independent measurements: L is the mean number in the
//! system that arrivals find (by PASTA, Poisson arrivals see time averages; Wolff 1982), while
//! λ and W are the measured arrival rate and mean time in system.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use kit::rng::Rng;
use kit::stats::percentile;

use crate::formula::{Model, Queue};

/// Customers the widget simulates, after the warm-up.
pub const WIDGET_CUSTOMERS: u32 = 60_000;

/// What the simulation measured, in service times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub customers: u32,
    pub mean_wait: f64,
    pub mean_response: f64,
    pub p99_wait: f64,
    pub p99_response: f64,
    pub wait_probability: f64,
    pub arrival_rate: f64,
    /// Mean number in the system found by arrivals: L.
    pub mean_number: f64,
}

/// Simulates `customers` customers after a warm-up of a tenth as many, which start the queue
/// out of its empty state and are not counted.
pub fn simulate(queue: &Queue, customers: u32, seed: u64) -> Outcome {
    let mut rng = Rng::seeded(seed);
    let lambda = queue.arrival_rate();
    let warm_up = customers / 10;
    let mut free_at = vec![0.0f64; queue.servers as usize];
    // Departure times of customers still in the system; f64 bits order like the values
    // for non-negative numbers.
    let mut in_system: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let (mut clock, mut first_counted) = (0.0f64, 0.0f64);
    let mut waits = Vec::with_capacity(customers as usize);
    let mut responses = Vec::with_capacity(customers as usize);
    let (mut found_total, mut waited) = (0u64, 0u32);
    for index in 0..warm_up + customers {
        clock += exponential(&mut rng, lambda);
        while in_system.peek().is_some_and(|Reverse(bits)| f64::from_bits(*bits) <= clock) {
            in_system.pop();
        }
        let service = match queue.model {
            Model::MD1 => 1.0,
            Model::MM1 | Model::MMc => exponential(&mut rng, 1.0),
        };
        let (server, &free) = free_at.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).unwrap_or((0, &0.0));
        let start = free.max(clock);
        let done = start + service;
        if let Some(slot) = free_at.get_mut(server) {
            *slot = done;
        }
        if index == warm_up {
            first_counted = clock;
        }
        if index >= warm_up {
            found_total += in_system.len() as u64;
            waits.push(start - clock);
            responses.push(done - clock);
            waited += u32::from(start > clock);
        }
        in_system.push(Reverse(done.to_bits()));
    }
    let count = f64::from(customers.max(1));
    Outcome {
        customers,
        mean_wait: waits.iter().sum::<f64>() / count,
        mean_response: responses.iter().sum::<f64>() / count,
        p99_wait: percentile(&mut waits, 0.99),
        p99_response: percentile(&mut responses, 0.99),
        wait_probability: f64::from(waited) / count,
        arrival_rate: f64::from(customers.saturating_sub(1)) / (clock - first_counted).max(f64::MIN_POSITIVE),
        mean_number: found_total as f64 / count,
    }
}

fn exponential(rng: &mut Rng, rate: f64) -> f64 {
    -kit::math::ln(rng.fraction()) / rate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative(measured: f64, expected: f64) -> f64 {
        (measured / expected - 1.0).abs()
    }

    #[test]
    fn simulated_means_match_the_closed_forms() {
        for (model, servers, rho) in [
            (Model::MM1, 1, 0.5),
            (Model::MM1, 1, 0.8),
            (Model::MMc, 2, 0.5),
            (Model::MMc, 4, 0.8),
            (Model::MD1, 1, 0.5),
            (Model::MD1, 1, 0.8),
        ] {
            let queue = Queue::new(model, servers, rho);
            let (formula, simulated) = (queue.predict(), simulate(&queue, 400_000, 11));
            assert!(
                relative(simulated.mean_response, formula.mean_response) < 0.04,
                "{model:?} c={servers} ρ={rho}: W {} vs {}",
                simulated.mean_response,
                formula.mean_response
            );
            assert!((simulated.wait_probability - formula.wait_probability).abs() < 0.015, "{model:?} P(wait)");
            if let Some(p99) = formula.p99_wait {
                assert!(relative(simulated.p99_wait, p99) < 0.08, "{model:?} p99 {} vs {p99}", simulated.p99_wait);
            }
        }
    }

    #[test]
    fn littles_law_holds_between_independent_measurements() {
        for model in Model::ALL {
            let queue = Queue::new(model, 3, 0.85);
            let outcome = simulate(&queue, 300_000, 5);
            let little = outcome.arrival_rate * outcome.mean_response;
            assert!(
                relative(outcome.mean_number, little) < 0.03,
                "{model:?}: L {} vs λW {little}",
                outcome.mean_number
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let queue = Queue::new(Model::MMc, 3, 0.7);
        assert_eq!(simulate(&queue, 5_000, 3), simulate(&queue, 5_000, 3));
        assert_ne!(simulate(&queue, 5_000, 3), simulate(&queue, 5_000, 4));
    }
}
