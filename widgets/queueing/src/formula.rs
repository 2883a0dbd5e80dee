//! Closed forms for the three queues, in units of the mean service time (μ = 1).
//!
//! Sources: Kleinrock, *Queueing Systems, Volume 1: Theory* (1975), M/M/1 (section 3.2), M/M/m
//! with the Erlang C formula (section 3.5), M/G/1 and the Pollaczek-Khinchine mean-value formula
//! (section 5.5); Harchol-Balter, *Performance Modeling and Design of Computer Systems* (2013),
//! chapters 13-14 and 23. The waiting-time tails P(Wq > t) = C·e^(−(cμ−λ)t) (M/M/c, with C = ρ
//! for c = 1) give the percentiles; M/D/1 has no comparably simple tail, so only its mean is
//! given in closed form.

/// The queue disciplines the widget offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Poisson arrivals, exponential service, one server.
    MM1,
    /// Poisson arrivals, exponential service, c servers sharing one queue.
    MMc,
    /// Poisson arrivals, constant service time, one server.
    MD1,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::MM1, Model::MMc, Model::MD1];

    pub fn key(self) -> &'static str {
        match self {
            Model::MM1 => "mm1",
            Model::MMc => "mmc",
            Model::MD1 => "md1",
        }
    }

    pub fn from_key(key: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|model| model.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Model::MM1 => "M/M/1",
            Model::MMc => "M/M/c",
            Model::MD1 => "M/D/1",
        }
    }
}

/// A queue: its model, its servers and its utilization ρ = λ / (c·μ) in (0, 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Queue {
    pub model: Model,
    pub servers: u32,
    pub utilization: f64,
}

/// What the closed forms say, in service times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// Mean time waiting in the queue, Wq.
    pub mean_wait: f64,
    /// Mean time in the system, W = Wq + 1.
    pub mean_response: f64,
    /// The probability that an arrival waits at all.
    pub wait_probability: f64,
    /// The 99th percentile of the wait, where a closed form exists.
    pub p99_wait: Option<f64>,
    /// Mean number in the system, by Little's law: L = λW.
    pub mean_number: f64,
}

impl Queue {
    /// Clamps servers to 1..=64 (exactly 1 for the single-server models) and utilization to
    /// [0.01, 0.99].
    pub fn new(model: Model, servers: u32, utilization: f64) -> Queue {
        let servers = if model == Model::MMc { servers.clamp(1, 64) } else { 1 };
        let utilization = if utilization.is_finite() { utilization.clamp(0.01, 0.99) } else { 0.5 };
        Queue { model, servers, utilization }
    }

    /// λ, with μ = 1.
    pub fn arrival_rate(&self) -> f64 {
        self.utilization * f64::from(self.servers)
    }

    pub fn predict(&self) -> Prediction {
        let lambda = self.arrival_rate();
        let (mean_wait, wait_probability, p99_wait) = match self.model {
            Model::MM1 | Model::MMc => {
                let probability = erlang_c(self.servers, lambda);
                let drain = f64::from(self.servers) - lambda;
                let p99 = if probability <= 0.01 { 0.0 } else { kit::math::ln(probability / 0.01) / drain };
                (probability / drain, probability, Some(p99))
            }
            Model::MD1 => (self.utilization / (2.0 * (1.0 - self.utilization)), self.utilization, None),
        };
        let mean_response = mean_wait + 1.0;
        Prediction { mean_wait, mean_response, wait_probability, p99_wait, mean_number: lambda * mean_response }
    }
}

/// Erlang C: the probability that an arrival to an M/M/c queue with offered load a = λ/μ must
/// wait, for a < c. Computed with the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)),
/// which never forms a^c or c! and so stays accurate for large c; then
/// C = c·B / (c − a·(1 − B)).
pub fn erlang_c(servers: u32, offered_load: f64) -> f64 {
    let mut blocking = 1.0;
    for k in 1..=servers {
        blocking = offered_load * blocking / (f64::from(k) + offered_load * blocking);
    }
    let c = f64::from(servers);
    (c * blocking / (c - offered_load * (1.0 - blocking))).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn mm1_mean_time_in_system_is_one_over_mu_minus_lambda() {
        for rho in [0.1, 0.5, 0.8, 0.9, 0.99] {
            let prediction = Queue::new(Model::MM1, 1, rho).predict();
            assert!(close(prediction.mean_response, 1.0 / (1.0 - rho)), "{rho}");
            assert!(close(prediction.wait_probability, rho));
            assert!(close(prediction.mean_number, rho / (1.0 - rho)), "L = ρ/(1−ρ)");
        }
        // At 80%: P(Wq > t) = 0.8·e^(−0.2t) = 0.01 at t = 5·ln 80 = 21.9 service times.
        let p99 = Queue::new(Model::MM1, 1, 0.8).predict().p99_wait.unwrap();
        assert!((p99 - 5.0 * 80f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn erlang_c_matches_the_textbook_values() {
        // One server: C = ρ. Two servers at a = 1: C = (1/2·2/1) / (1 + 1 + 1) = 1/3.
        assert!(close(erlang_c(1, 0.7), 0.7));
        assert!(close(erlang_c(2, 1.0), 1.0 / 3.0));
        // Directly from the definition for c = 5, a = 4: a^c/c!·c/(c−a) over the sum.
        let (c, a) = (5u32, 4.0f64);
        let term = |k: u32| a.powi(k as i32) / (1..=k).map(f64::from).product::<f64>();
        let top = term(c) * f64::from(c) / (f64::from(c) - a);
        let expected = top / ((0..c).map(term).sum::<f64>() + top);
        assert!(close(erlang_c(c, a), expected), "{} vs {expected}", erlang_c(c, a));
        // Mean wait for M/M/2 at ρ = 0.5: C/(cμ − λ) = (1/3)/1.
        assert!(close(Queue::new(Model::MMc, 2, 0.5).predict().mean_wait, 1.0 / 3.0));
    }

    #[test]
    fn md1_waits_half_as_long_as_mm1() {
        // Pollaczek-Khinchine with E[S²] = 1: Wq = ρ/(2(1 − ρ)), half the M/M/1 wait ρ/(1 − ρ).
        for rho in [0.3, 0.8, 0.95] {
            let (deterministic, exponential) =
                (Queue::new(Model::MD1, 1, rho).predict(), Queue::new(Model::MM1, 1, rho).predict());
            assert!(close(deterministic.mean_wait * 2.0, exponential.mean_wait));
            assert_eq!(deterministic.p99_wait, None);
        }
    }

    #[test]
    fn inputs_are_clamped() {
        let queue = Queue::new(Model::MM1, 9, 2.0);
        assert_eq!((queue.servers, queue.utilization), (1, 0.99));
        assert_eq!(Queue::new(Model::MMc, 0, f64::NAN).servers, 1);
        assert!(Queue::new(Model::MMc, 1000, 0.99).predict().mean_wait.is_finite());
    }
}
