//! The request stream: Poisson arrivals, each with its service demand and, when requests are
//! keyed, a client key. It depends only on the seed and the workload, never on the strategy,
//! so every strategy is compared on exactly the same requests.

use kit::rng::Rng;
use kit::zipf::Zipf;

use crate::settings::{Service, Settings};

/// Client keys when requests are keyed, drawn with Zipf exponent 0.99 (YCSB's constant).
pub const CLIENTS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Request {
    pub number: u64,
    pub at: f64,
    /// Work in mean service times at speed 1.
    pub demand: f64,
    pub key: u64,
}

#[derive(Clone, Debug)]
pub struct Trace {
    rng: Rng,
    rate: f64,
    service: Service,
    keys: Option<Zipf>,
    next: Request,
}

impl Trace {
    pub fn new(settings: &Settings) -> Trace {
        let mut trace = Trace {
            rng: Rng::seeded(settings.seed),
            rate: settings.arrival_rate(),
            service: settings.service,
            keys: settings.keyed.then(|| Zipf::new(CLIENTS, 0.99)),
            next: Request { number: 0, at: 0.0, demand: 0.0, key: 0 },
        };
        trace.next = trace.draw(0, 0.0);
        trace
    }

    pub fn peek(&self) -> &Request {
        &self.next
    }

    pub fn take(&mut self) -> Request {
        let request = self.next;
        self.next = self.draw(request.number + 1, request.at);
        request
    }

    fn draw(&mut self, number: u64, after: f64) -> Request {
        let at = after + exponential(&mut self.rng, self.rate);
        let demand = match self.service {
            Service::Exponential => exponential(&mut self.rng, 1.0),
            // exp(N(μ, 1)) with μ = −1/2 has mean 1. Box-Muller for the normal draw.
            Service::LogNormal => {
                let (u, v) = (self.rng.fraction(), self.rng.fraction());
                let normal = (-2.0 * kit::math::ln(u)).sqrt() * kit::math::sin_cos(core::f64::consts::TAU * v).1;
                kit::math::exp(normal - 0.5)
            }
            // Scale x_m = (α − 1)/α = 1/3 gives mean 1 for α = 1.5.
            Service::Pareto => kit::math::exp(-kit::math::ln(self.rng.fraction()) / 1.5) / 3.0,
        };
        let key = match &self.keys {
            Some(zipf) => zipf.sample(&mut self.rng) as u64,
            None => number,
        };
        Request { number, at, demand, key }
    }
}

fn exponential(rng: &mut Rng, rate: f64) -> f64 {
    -kit::math::ln(rng.fraction()) / rate.max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_distribution_has_mean_one_and_arrivals_the_set_rate() {
        for service in Service::ALL {
            let settings = Settings { service, ..Settings::default() };
            let mut trace = Trace::new(&settings);
            let count = 400_000;
            let demands: Vec<f64> = (0..count).map(|_| trace.take().demand).collect();
            let mean = demands.iter().sum::<f64>() / f64::from(count);
            // The Pareto mean converges slowly (infinite variance): a looser bound.
            let tolerance = if service == Service::Pareto { 0.06 } else { 0.01 };
            assert!((mean - 1.0).abs() < tolerance, "{service:?}: {mean}");
            let rate = f64::from(count) / trace.peek().at;
            assert!((rate / settings.arrival_rate() - 1.0).abs() < 0.01, "{rate}");
        }
    }
}
