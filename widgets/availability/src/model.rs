//! The formulas. Availability is the fraction of time a thing is up. A chain that needs every
//! part is up only when all are (series: the product); a group that needs any one of its parts
//! is down only when all are (parallel: one minus the product of the unavailabilities). Both
//! assume failures are independent, which the prose around the widget questions.

pub const HOURS_PER_YEAR: f64 = 8_760.0;
/// The error-budget window: 30 days, in minutes.
pub const WINDOW_MINUTES: f64 = 30.0 * 24.0 * 60.0;
pub const WINDOW_DAYS: f64 = 30.0;

/// All of them must be up.
pub fn series(availabilities: &[f64]) -> f64 {
    availabilities.iter().product()
}

/// Any one of them suffices.
pub fn parallel(availabilities: &[f64]) -> f64 {
    1.0 - availabilities.iter().map(|a| 1.0 - a).product::<f64>()
}

/// The steady-state availability of a component that fails every MTBF on average and takes
/// MTTR to repair.
pub fn from_mtbf(mtbf_hours: f64, mttr_hours: f64) -> f64 {
    mtbf_hours / (mtbf_hours + mttr_hours)
}

pub fn downtime_hours_per_year(availability: f64) -> f64 {
    (1.0 - availability) * HOURS_PER_YEAR
}

pub fn downtime_minutes_per_month(availability: f64) -> f64 {
    (1.0 - availability) * WINDOW_MINUTES
}

/// How many nines: 99.9% is 3, 99.95% is about 3.3.
pub fn nines(availability: f64) -> f64 {
    if availability >= 1.0 {
        f64::INFINITY
    } else {
        -kit::math::ln(1.0 - availability) / core::f64::consts::LN_10
    }
}

/// How a replica's availability is given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reliability {
    Percent(f64),
    Mtbf { mtbf_hours: f64, mttr_hours: f64 },
}

impl Reliability {
    pub fn availability(self) -> f64 {
        match self {
            Reliability::Percent(percent) => percent / 100.0,
            Reliability::Mtbf { mtbf_hours, mttr_hours } => from_mtbf(mtbf_hours, mttr_hours),
        }
    }
}

/// The kinds of component a stage can be, named for the diagram.
pub const COMPONENTS: &[&str] =
    &["load balancer", "app servers", "cache", "database", "queue", "DNS / traffic layer", "region", "server"];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stage {
    /// An index into [`COMPONENTS`].
    pub component: usize,
    pub reliability: Reliability,
    /// Identical replicas, any one of which serves.
    pub replicas: u32,
}

impl Stage {
    pub fn name(&self) -> &'static str {
        COMPONENTS[self.component.min(COMPONENTS.len() - 1)]
    }

    pub fn availability(&self) -> f64 {
        let one = self.reliability.availability();
        parallel(&vec![one; self.replicas.max(1) as usize])
    }
}

pub fn composite(stages: &[Stage]) -> f64 {
    series(&stages.iter().map(Stage::availability).collect::<Vec<_>>())
}

/// The stage that costs the most downtime.
pub fn weakest(stages: &[Stage]) -> Option<usize> {
    (0..stages.len()).min_by(|&a, &b| stages[a].availability().total_cmp(&stages[b].availability()))
}

/// An SLO's error budget over the 30-day window, and how fast an observed error rate spends it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub budget_minutes: f64,
    /// The error rate as a multiple of the rate the SLO allows.
    pub burn_rate: f64,
    /// Days until the budget is gone at this burn rate (infinite when nothing fails).
    pub days_to_exhaust: f64,
}

pub fn budget(slo: f64, error_rate: f64) -> Budget {
    let allowed = 1.0 - slo;
    let burn_rate = error_rate / allowed;
    Budget {
        budget_minutes: allowed * WINDOW_MINUTES,
        burn_rate,
        days_to_exhaust: if burn_rate > 0.0 { WINDOW_DAYS / burn_rate } else { f64::INFINITY },
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    ThreeTier,
    SingleBox,
    MultiRegion,
}

pub const PRESETS: &[(Preset, &str, &str)] = &[
    (Preset::ThreeTier, "three-tier", "three-tier service"),
    (Preset::SingleBox, "single-box", "a single server"),
    (Preset::MultiRegion, "multi-region", "two regions"),
];

impl Preset {
    pub fn from_key(key: &str) -> Option<Preset> {
        PRESETS.iter().find(|(_, k, _)| *k == key).map(|(preset, _, _)| *preset)
    }

    pub fn key(self) -> &'static str {
        PRESETS.iter().find(|(p, _, _)| *p == self).map_or("three-tier", |(_, key, _)| key)
    }

    pub fn stages(self) -> Vec<Stage> {
        let stage = |component: usize, percent: f64, replicas: u32| Stage {
            component,
            reliability: Reliability::Percent(percent),
            replicas,
        };
        match self {
            Preset::ThreeTier => vec![stage(0, 99.99, 2), stage(1, 99.5, 3), stage(3, 99.95, 1)],
            Preset::SingleBox => vec![stage(7, 99.5, 1)],
            Preset::MultiRegion => vec![stage(5, 99.99, 1), stage(6, 99.95, 2)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() <= tolerance, "{actual} ≠ {expected}");
    }

    #[test]
    fn series_is_the_product_and_parallel_the_complement_of_the_product_of_unavailabilities() {
        close(series(&[0.99, 0.999]), 0.99 * 0.999, 1e-15);
        close(parallel(&[0.99, 0.9]), 1.0 - 0.01 * 0.1, 1e-15);
        close(parallel(&[0.99]), 0.99, 1e-15);
        // Two 99% replicas make 99.99%; two 99% stages in series make 98.01%.
        close(parallel(&[0.99, 0.99]), 0.9999, 1e-12);
        close(series(&[0.99, 0.99]), 0.9801, 1e-12);
    }

    #[test]
    fn nines_to_downtime() {
        // 99.9% is 8.76 hours a year; 99.99% is 52.56 minutes; 99.999% 5.256 minutes.
        close(downtime_hours_per_year(0.999), 8.76, 1e-9);
        close(downtime_hours_per_year(0.9999) * 60.0, 52.56, 1e-9);
        close(downtime_hours_per_year(0.99999) * 60.0, 5.256, 1e-9);
        close(downtime_hours_per_year(0.99) / 24.0, 3.65, 1e-9);
        close(downtime_minutes_per_month(0.999), 43.2, 1e-9);
        close(nines(0.999), 3.0, 1e-9);
    }

    #[test]
    fn mtbf_and_mttr_give_the_steady_state_availability() {
        close(from_mtbf(999.0, 1.0), 0.999, 1e-15);
        close(from_mtbf(720.0, 4.0), 720.0 / 724.0, 1e-15);
        let stage =
            Stage { component: 3, reliability: Reliability::Mtbf { mtbf_hours: 999.0, mttr_hours: 1.0 }, replicas: 2 };
        close(stage.availability(), 1.0 - 1e-6, 1e-12);
    }

    #[test]
    fn the_three_tier_preset_is_dominated_by_its_single_database() {
        let stages = Preset::ThreeTier.stages();
        let expected = (1.0 - 0.0001f64.powi(2)) * (1.0 - 0.005f64.powi(3)) * 0.9995;
        close(composite(&stages), expected, 1e-15);
        close(downtime_hours_per_year(composite(&stages)), 4.381, 1e-3);
        assert_eq!(weakest(&stages), Some(2));
    }

    #[test]
    fn the_error_budget_and_its_burn_rate() {
        // A 99.9% SLO allows 43.2 minutes in 30 days; 1% errors burn it 10 times too fast: 3 days.
        let at_one_percent = budget(0.999, 0.01);
        close(at_one_percent.budget_minutes, 43.2, 1e-9);
        close(at_one_percent.burn_rate, 10.0, 1e-9);
        close(at_one_percent.days_to_exhaust, 3.0, 1e-9);
        // The SRE workbook's fast-burn alert: 14.4 times spends 2% of the budget in an hour.
        let fast = budget(0.999, 0.0144);
        close(fast.burn_rate, 14.4, 1e-9);
        close(1.0 / (fast.days_to_exhaust * 24.0), 0.02, 1e-9);
        assert!(budget(0.999, 0.0).days_to_exhaust.is_infinite());
    }
}
