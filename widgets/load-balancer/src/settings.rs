//! The workload, the backends and the faults of one run.

use crate::strategy::Strategy;

pub const MIN_BACKENDS: u32 = 2;
pub const MAX_BACKENDS: u32 = 32;
pub const MODEL_MAX_BACKENDS: u32 = 1000;

/// The service time distribution, each with mean 1 (one mean service time at speed 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Exponential,
    /// Log-normal with σ = 1: a long but finite-variance tail.
    LogNormal,
    /// Pareto with shape α = 1.5: infinite variance, the heaviest tail offered.
    Pareto,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Exponential, Service::LogNormal, Service::Pareto];

    pub fn key(self) -> &'static str {
        match self {
            Service::Exponential => "exponential",
            Service::LogNormal => "lognormal",
            Service::Pareto => "pareto",
        }
    }

    pub fn from_key(key: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|service| service.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Service::Exponential => "exponential",
            Service::LogNormal => "log-normal (σ = 1)",
            Service::Pareto => "Pareto (α = 1.5)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Every backend at speed 1.
    Uniform,
    /// Every fourth backend at speed 0.4.
    Heterogeneous,
}

impl Preset {
    pub fn key(self) -> &'static str {
        match self {
            Preset::Uniform => "uniform",
            Preset::Heterogeneous => "heterogeneous",
        }
    }

    pub fn from_key(key: &str) -> Option<Preset> {
        [Preset::Uniform, Preset::Heterogeneous].into_iter().find(|preset| preset.key() == key)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Backend 1 serves ten times slower.
    Slow,
    /// Backend 1 fails every request at once.
    Dead,
}

impl Fault {
    pub fn key(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::Slow => "slow",
            Fault::Dead => "dead",
        }
    }

    pub fn from_key(key: &str) -> Option<Fault> {
        [Fault::None, Fault::Slow, Fault::Dead].into_iter().find(|fault| fault.key() == key)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub strategy: Strategy,
    pub backends: u32,
    pub preset: Preset,
    /// Offered load as a fraction of the total nominal capacity.
    pub load: f64,
    pub service: Service,
    /// Requests carry a client key drawn from a Zipf distribution.
    pub keyed: bool,
    /// How old stale-least-loaded's view of the queues may get, in mean service times.
    pub staleness: f64,
    pub fault: Fault,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            strategy: Strategy::TwoChoices,
            backends: 8,
            preset: Preset::Uniform,
            load: 0.8,
            service: Service::Exponential,
            keyed: false,
            staleness: 10.0,
            fault: Fault::None,
            seed: 1,
        }
    }
}

impl Settings {
    pub fn clamped(self) -> Settings {
        let finite = |value: f64, fallback: f64| if value.is_finite() { value } else { fallback };
        Settings {
            // The controls stop at 32; the model's tests run the supermarket model on more.
            backends: self.backends.clamp(MIN_BACKENDS, MODEL_MAX_BACKENDS),
            load: finite(self.load, 0.8).clamp(0.01, 0.99),
            staleness: finite(self.staleness, 10.0).clamp(0.0, 50.0),
            ..self
        }
    }

    /// The nominal speed of backend `index` (requests per mean service time).
    pub fn nominal_speed(&self, index: usize) -> f64 {
        match self.preset {
            Preset::Heterogeneous if index % 4 == 3 => 0.4,
            _ => 1.0,
        }
    }

    /// The speed backend `index` actually serves at, after the fault.
    pub fn speed(&self, index: usize) -> f64 {
        match (self.fault, index) {
            (Fault::Slow, 0) => self.nominal_speed(0) / 10.0,
            _ => self.nominal_speed(index),
        }
    }

    /// Total nominal capacity, in requests per mean service time.
    pub fn capacity(&self) -> f64 {
        (0..self.backends as usize).map(|index| self.nominal_speed(index)).sum()
    }

    /// The Poisson arrival rate.
    pub fn arrival_rate(&self) -> f64 {
        self.load * self.capacity()
    }
}
