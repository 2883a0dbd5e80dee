//! A deployment under the HPA, second by second.
//!
//! Each pod requests one CPU and serves `capacity` requests a second at 100% of it; its limit
//! equals its request, so utilization tops out at 100%. Requests spread evenly over ready pods;
//! what they cannot serve waits in a queue, and requests that would wait longer than
//! [`MAX_WAIT`] seconds are dropped. A new pod serves only after its start-up time. Every sync
//! period the HPA reads the average CPU utilization of the window that ended `lag` seconds ago
//! (the metrics pipeline's delay) and decides as [`crate::hpa`] specifies; scaling down removes
//! the newest pods first.

use kit::rng::Rng;

use crate::hpa::{calculate, Behavior, Controller, Decision, PodMetric, Policy, SYNC_PERIOD};
use crate::workload::Shape;

/// Requests that would wait longer than this many seconds are dropped.
pub const MAX_WAIT: f64 = 5.0;
/// Seconds the run lasts.
pub const DURATION: u32 = 1800;
/// The metric is CPU usage averaged over this many seconds (metrics-server's resolution).
pub const METRIC_WINDOW: u32 = 15;

/// The scaling rules the reader can set: `spec.behavior` with one policy of each type for
/// scaling up and a percent policy with a stabilization window for scaling down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scaling {
    /// Pods that may be added per `up_period` (0: no pods policy).
    pub up_pods: u32,
    /// Percent that may be added per `up_period` (0: no percent policy).
    pub up_percent: u32,
    pub up_period: u32,
    /// The scale-down stabilization window, seconds.
    pub down_window: u32,
    /// Percent that may be removed per 15 s.
    pub down_percent: u32,
}

impl Scaling {
    pub fn behavior(self) -> Behavior {
        let mut behavior = Behavior::default();
        behavior.up.policies = [
            (self.up_pods > 0).then_some(Policy::Pods { value: self.up_pods, period: self.up_period.max(1) }),
            (self.up_percent > 0).then_some(Policy::Percent { value: self.up_percent, period: self.up_period.max(1) }),
        ]
        .into_iter()
        .flatten()
        .collect();
        behavior.down.stabilization = self.down_window;
        behavior.down.policies = vec![Policy::Percent { value: self.down_percent.clamp(1, 100), period: 15 }];
        behavior
    }

    fn clamped(self) -> Scaling {
        Scaling {
            up_pods: self.up_pods.min(100),
            up_percent: self.up_percent.min(1000),
            up_period: self.up_period.clamp(15, 1800),
            down_window: self.down_window.min(3600),
            down_percent: self.down_percent.clamp(1, 100),
        }
    }
}

/// Named starting points for the scaling rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The documented default behavior.
    Default,
    /// No scale-down stabilization.
    FastDown,
    /// Scale up by at most one pod a minute.
    SlowUp,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Default, Preset::FastDown, Preset::SlowUp];

    pub fn key(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::FastDown => "fast-down",
            Preset::SlowUp => "slow-up",
        }
    }

    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Default => "default behavior",
            Preset::FastDown => "no scale-down window",
            Preset::SlowUp => "scale up 1 pod/min",
        }
    }

    /// The documented defaults: up by the larger of 4 pods or 100% per 15 s; down by up to
    /// 100% per 15 s after a 300 s window.
    pub fn scaling(self) -> Scaling {
        let default = Scaling { up_pods: 4, up_percent: 100, up_period: 15, down_window: 300, down_percent: 100 };
        match self {
            Preset::Default => default,
            Preset::FastDown => Scaling { down_window: 0, ..default },
            Preset::SlowUp => Scaling { up_pods: 1, up_percent: 0, up_period: 60, ..default },
        }
    }

    /// The preset whose rules these are, if any.
    pub fn matching(scaling: Scaling) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.scaling() == scaling)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub shape: Shape,
    /// Requests a second at the base and at the peak.
    pub base: f64,
    pub peak: f64,
    /// Requests a second one pod serves at 100% CPU.
    pub capacity: f64,
    /// Target CPU utilization, percent.
    pub target: u32,
    pub min: u32,
    pub max: u32,
    /// Seconds before a new pod serves.
    pub startup: u32,
    /// Seconds the metric lags.
    pub lag: u32,
    pub scaling: Scaling,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shape: Shape::Step,
            base: 100.0,
            peak: 1000.0,
            capacity: 50.0,
            target: 50,
            min: 2,
            max: 50,
            startup: 30,
            lag: 15,
            scaling: Preset::Default.scaling(),
            seed: 1,
        }
    }
}

impl Settings {
    pub fn clamped(self) -> Settings {
        let min = self.min.clamp(1, 100);
        Settings {
            base: if self.base.is_finite() { self.base.clamp(0.0, 100_000.0) } else { 0.0 },
            peak: if self.peak.is_finite() { self.peak.clamp(1.0, 100_000.0) } else { 1.0 },
            capacity: if self.capacity.is_finite() { self.capacity.clamp(1.0, 10_000.0) } else { 1.0 },
            target: self.target.clamp(10, 100),
            min,
            max: self.max.clamp(min, 200),
            startup: self.startup.min(600),
            lag: self.lag.min(300),
            scaling: self.scaling.clamped(),
            ..self
        }
    }
}

/// One second of the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Second {
    pub offered: f64,
    pub served: f64,
    pub dropped: f64,
    /// Seconds a request arriving now waits in the queue.
    pub wait: f64,
    /// CPU utilization of the ready pods, 0 to 1.
    pub utilization: f64,
    /// Pods that exist (the HPA's replicas) and pods that serve.
    pub replicas: u32,
    pub ready: u32,
}

/// A whole run: every second, and every HPA decision.
#[derive(Clone, Debug)]
pub struct Run {
    pub settings: Settings,
    pub seconds: Vec<Second>,
    pub decisions: Vec<Decision>,
}

impl Run {
    pub fn simulate(settings: Settings) -> Run {
        let settings = settings.clamped();
        let mut rng = Rng::seeded(settings.seed);
        let mut controller = Controller::new(settings.scaling.behavior(), settings.min, settings.max);
        // Pods by the second they become ready; the first ones are ready from the start.
        let mut ready_at: Vec<u32> = vec![0; settings.min as usize];
        let mut backlog = 0.0;
        let mut seconds = Vec::with_capacity(DURATION as usize);
        let mut decisions = Vec::new();
        for t in 0..DURATION {
            if t > 0 && t % SYNC_PERIOD == 0 {
                let decision = decide(&settings, &mut controller, t, &ready_at, &seconds);
                let desired = decision.desired as usize;
                if desired > ready_at.len() {
                    ready_at.resize(desired, t + settings.startup);
                } else {
                    // Newest first: the vector is in creation order.
                    ready_at.truncate(desired);
                }
                decisions.push(decision);
            }
            // ±5% noise around the workload's rate.
            let noise = 0.95 + 0.1 * rng.fraction();
            let offered = settings.shape.rate(f64::from(t), settings.base, settings.peak) * noise;
            let ready = ready_at.iter().filter(|&&at| at <= t).count() as u32;
            let capacity = f64::from(ready) * settings.capacity;
            let served = (backlog + offered).min(capacity);
            backlog += offered - served;
            let dropped = (backlog - capacity * MAX_WAIT).max(0.0);
            backlog -= dropped;
            seconds.push(Second {
                offered,
                served,
                dropped,
                wait: if capacity > 0.0 { backlog / capacity } else { MAX_WAIT },
                utilization: if capacity > 0.0 { served / capacity } else { 0.0 },
                replicas: ready_at.len() as u32,
                ready,
            });
        }
        Run { settings, seconds, decisions }
    }

    /// Pod-hours used up to second `until`: the cost.
    pub fn pod_hours(&self, until: usize) -> f64 {
        self.seconds.iter().take(until).map(|second| f64::from(second.replicas)).sum::<f64>() / 3600.0
    }

    /// Requests dropped up to second `until`, and offered.
    pub fn dropped(&self, until: usize) -> (f64, f64) {
        self.seconds
            .iter()
            .take(until)
            .fold((0.0, 0.0), |(dropped, offered), second| (dropped + second.dropped, offered + second.offered))
    }
}

/// The HPA's sync at second `t`: the utilization it sees is the mean over the metric window
/// that ended `lag` seconds ago; pods not ready now have no metrics yet.
fn decide(settings: &Settings, controller: &mut Controller, t: u32, ready_at: &[u32], seconds: &[Second]) -> Decision {
    let end = t.saturating_sub(settings.lag) as usize;
    let start = end.saturating_sub(METRIC_WINDOW as usize);
    let window = &seconds[start.min(seconds.len())..end.min(seconds.len())];
    let utilization = if window.is_empty() {
        0.0
    } else {
        window.iter().map(|second| second.utilization).sum::<f64>() / window.len() as f64
    };
    let pods: Vec<PodMetric> =
        ready_at.iter().map(|&at| PodMetric { usage: utilization * 1000.0, request: 1000.0, ready: at <= t }).collect();
    let current = ready_at.len() as u32;
    let (proposal, reported) = calculate(current, &pods, settings.target);
    controller.decide(t, current, proposal, reported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_scales_out_until_the_target_holds() {
        // 1,000 requests a second at 50 per pod and a 50% target needs 40 pods.
        let run = Run::simulate(Settings::default());
        let last = run.seconds.last().unwrap();
        assert!((38..=44).contains(&last.replicas), "{}", last.replicas);
        assert!((last.utilization - 0.5).abs() < 0.1, "{}", last.utilization);
        // Before the step, 100 requests a second on 2 pods is 100%: it scales to 4 first.
        assert!(run.decisions.iter().take(3).any(|decision| decision.desired == 4));
    }

    #[test]
    fn scale_down_waits_for_the_stabilization_window() {
        let settings = Settings { shape: Shape::Spike, ..Settings::default() };
        let run = Run::simulate(settings);
        let peak = run.seconds.iter().map(|second| second.replicas).max().unwrap();
        let peak_at = run.seconds.iter().position(|second| second.replicas == peak).unwrap();
        // The spike ends at 360 s; replicas stay up for the 300 s window after the last high
        // recommendation.
        let first_down =
            run.seconds.iter().enumerate().skip(peak_at).find(|(_, second)| second.replicas < peak).unwrap().0;
        assert!(first_down >= 600, "{first_down}");
        let fast = Run::simulate(Settings { scaling: Preset::FastDown.scaling(), ..settings });
        let fast_down =
            fast.seconds.iter().enumerate().skip(peak_at).find(|(_, second)| second.replicas < peak).unwrap().0;
        assert!(fast_down < 450, "{fast_down}");
    }

    #[test]
    fn start_up_time_and_lag_cost_dropped_requests() {
        let quick = Run::simulate(Settings { startup: 0, lag: 0, ..Settings::default() });
        let slow = Run::simulate(Settings { startup: 120, lag: 60, ..Settings::default() });
        assert!(
            slow.dropped(1800).0 > quick.dropped(1800).0 * 2.0,
            "{} vs {}",
            slow.dropped(1800).0,
            quick.dropped(1800).0
        );
        assert!(quick.pod_hours(1800) > 0.0);
    }

    #[test]
    fn replicas_follow_the_recorded_day() {
        let run = Run::simulate(Settings { shape: Shape::Trace, base: 0.0, peak: 1000.0, ..Settings::default() });
        let at_hour = |hour: f64| run.seconds[(hour * crate::workload::TRACE_HOUR) as usize].replicas;
        // At a 50% target, 50 requests a second per pod: 40 pods for the busiest hour (15:00),
        // about 16 for 07:00 (2,755 of 7,061), once the early scale-up has been scaled down.
        assert!((36..=46).contains(&at_hour(15.5)), "{}", at_hour(15.5));
        assert!(at_hour(15.5) > 2 * at_hour(7.5), "{} vs {}", at_hour(15.5), at_hour(7.5));
    }

    #[test]
    fn any_settings_run_without_panicking() {
        for shape in Shape::ALL {
            for preset in Preset::ALL {
                let scaling =
                    Scaling { up_pods: 0, up_percent: 0, up_period: 0, down_window: 99_999, ..preset.scaling() };
                let run = Run::simulate(Settings {
                    shape,
                    scaling,
                    min: 0,
                    max: 0,
                    capacity: 0.0,
                    base: f64::NAN,
                    ..Settings::default()
                });
                assert_eq!(run.seconds.len(), DURATION as usize);
            }
        }
    }
}
