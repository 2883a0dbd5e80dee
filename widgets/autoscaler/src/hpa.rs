//! The Horizontal Pod Autoscaler's decision, as the Kubernetes documentation ("Horizontal Pod
//! Autoscaling", kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/) and the
//! controller source (kubernetes/kubernetes, pkg/controller/podautoscaler: horizontal.go and
//! replica_calculator.go) specify it, in the order the source applies it:
//!
//! 1. the replica calculator: desired = ceil(ready pods × usage ratio), no change while the ratio
//!    is within the tolerance (0.1 by default, inclusive), not-yet-ready pods counted at 0% when
//!    scaling up, and no change if that reverses the direction;
//! 2. stabilization: the result is clamped between the lowest recommendation of the scale-up
//!    window and the highest of the scale-down window (300 s by default);
//! 3. rate limits: each direction's policies bound the change relative to the replicas at the
//!    start of each policy's period, the select policy picks among them, and min/max replicas
//!    bound the result.

/// `--horizontal-pod-autoscaler-tolerance`.
pub const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-sync-period`, in seconds.
pub const SYNC_PERIOD: u32 = 15;

/// What the HPA measures of one pod: CPU usage and request (millicores), and readiness.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PodMetric {
    pub usage: f64,
    pub request: f64,
    pub ready: bool,
}

/// The replica calculator for a CPU utilization target (percent of request). Returns the
/// proposal and the utilization it reports (percent, truncated as the controller does).
pub fn calculate(current: u32, pods: &[PodMetric], target: u32) -> (u32, u32) {
    let ready: Vec<&PodMetric> = pods.iter().filter(|pod| pod.ready).collect();
    if ready.is_empty() || target == 0 {
        return (current, 0);
    }
    let utilization = |pods: &[&PodMetric]| {
        let (usage, request) = pods.iter().fold((0.0, 0.0), |(u, r), pod| (u + pod.usage, r + pod.request));
        // metrics/utilization.go: int32(usage × 100 / requests).
        if request > 0.0 {
            (usage * 100.0 / request).floor()
        } else {
            0.0
        }
    };
    let reported = utilization(&ready);
    let ratio = reported / f64::from(target);
    let unready: Vec<&PodMetric> = pods.iter().filter(|pod| !pod.ready).collect();
    if unready.is_empty() || ratio <= 1.0 {
        // On scale-down, unready pods are simply left out.
        if within_tolerance(ratio) {
            return (current, reported as u32);
        }
        return ((ratio * ready.len() as f64).ceil() as u32, reported as u32);
    }
    // Scaling up with pods not yet ready: count them at 0% and recompute.
    let zeroed: Vec<PodMetric> = unready.iter().map(|pod| PodMetric { usage: 0.0, ..**pod }).collect();
    let all: Vec<&PodMetric> = ready.iter().copied().chain(zeroed.iter()).collect();
    let new_ratio = utilization(&all) / f64::from(target);
    if within_tolerance(new_ratio) || new_ratio < 1.0 {
        return (current, reported as u32);
    }
    let proposal = (new_ratio * all.len() as f64).ceil() as u32;
    if proposal < current {
        return (current, reported as u32);
    }
    (proposal, reported as u32)
}

pub fn within_tolerance(ratio: f64) -> bool {
    (1.0 - TOLERANCE..=1.0 + TOLERANCE).contains(&ratio)
}

/// A scaling policy: at most `value` pods, or `value` percent, per `period` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Pods { value: u32, period: u32 },
    Percent { value: u32, period: u32 },
}

impl Policy {
    fn period(self) -> u32 {
        match self {
            Policy::Pods { period, .. } | Policy::Percent { period, .. } => period,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Select {
    /// The policy that allows the most change.
    Max,
    /// The policy that allows the least change.
    Min,
    Disabled,
}

/// One direction's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    pub stabilization: u32,
    pub policies: Vec<Policy>,
    pub select: Select,
}

/// `spec.behavior`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behavior {
    pub up: Rules,
    pub down: Rules,
}

impl Default for Behavior {
    /// The documented defaults: scale up without stabilization by the larger of 100% or
    /// 4 pods per 15 s; scale down by up to 100% per 15 s after a 300 s stabilization window.
    fn default() -> Self {
        Behavior {
            up: Rules {
                stabilization: 0,
                policies: vec![Policy::Percent { value: 100, period: 15 }, Policy::Pods { value: 4, period: 15 }],
                select: Select::Max,
            },
            down: Rules {
                stabilization: 300,
                policies: vec![Policy::Percent { value: 100, period: 15 }],
                select: Select::Max,
            },
        }
    }
}

/// The controller's memory: recent recommendations and scale events.
#[derive(Clone, Debug, Default)]
pub struct Controller {
    pub behavior: Behavior,
    pub min: u32,
    pub max: u32,
    /// (time, unstabilized recommendation).
    recommendations: Vec<(u32, u32)>,
    /// (time, replicas added (+) or removed (−)).
    events: Vec<(u32, i64)>,
}

/// One decision with the numbers behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub time: u32,
    pub current: u32,
    pub utilization: u32,
    /// The replica calculator's proposal.
    pub proposal: u32,
    /// After the stabilization window.
    pub stabilized: u32,
    /// After the rate limits and min/max: what the HPA sets.
    pub desired: u32,
    pub reason: Reason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Current replicas were outside min/max, corrected without looking at metrics.
    OutOfBounds,
    WithinTolerance,
    Stabilized,
    RateLimited,
    AtBound,
    Scaled,
    Unchanged,
}

impl Controller {
    pub fn new(behavior: Behavior, min: u32, max: u32) -> Controller {
        let min = min.max(1);
        Controller { behavior, min, max: max.max(min), recommendations: Vec::new(), events: Vec::new() }
    }

    /// One sync at `time` (seconds) with `current` replicas and the calculator's `proposal`.
    pub fn decide(&mut self, time: u32, current: u32, proposal: u32, utilization: u32) -> Decision {
        let decision = |stabilized, desired, reason| Decision {
            time,
            current,
            utilization,
            proposal,
            stabilized,
            desired,
            reason,
        };
        if current > self.max {
            return decision(current, self.max, Reason::OutOfBounds);
        }
        if current < self.min {
            return decision(current, self.min, Reason::OutOfBounds);
        }
        if self.recommendations.is_empty() {
            // recordInitialRecommendation: the history starts at the current replica count.
            self.recommendations.push((time, current));
        }
        let stabilized = self.stabilize(time, current, proposal);
        let desired = if stabilized > current {
            let limit = self.limit(&self.behavior.up, time, current, true);
            stabilized.min(self.max).min(limit.max(current))
        } else if stabilized < current {
            let limit = self.limit(&self.behavior.down, time, current, false);
            stabilized.max(self.min).max(limit.min(current))
        } else {
            stabilized
        };
        if desired != current {
            self.events.push((time, i64::from(desired) - i64::from(current)));
        }
        let reason = if proposal == current {
            if stabilized == current {
                Reason::WithinTolerance
            } else {
                Reason::Stabilized
            }
        } else if stabilized != proposal {
            Reason::Stabilized
        } else if desired == self.max || desired == self.min {
            if desired == proposal {
                Reason::Scaled
            } else {
                Reason::AtBound
            }
        } else if desired != stabilized {
            Reason::RateLimited
        } else if desired == current {
            Reason::Unchanged
        } else {
            Reason::Scaled
        };
        decision(stabilized, desired, reason)
    }

    /// stabilizeRecommendationWithBehaviors: record the proposal, then clamp the current count
    /// between the lowest recommendation in the scale-up window and the highest in the
    /// scale-down window.
    fn stabilize(&mut self, time: u32, current: u32, proposal: u32) -> u32 {
        let longest = self.behavior.up.stabilization.max(self.behavior.down.stabilization);
        self.recommendations.retain(|&(at, _)| time.saturating_sub(at) <= longest);
        // A recommendation counts while it is younger than the window (timestamp after
        // now − window), so a window of 0 s counts none but the new one.
        let (up_cutoff, down_cutoff) = (
            i64::from(time) - i64::from(self.behavior.up.stabilization),
            i64::from(time) - i64::from(self.behavior.down.stabilization),
        );
        let (mut up, mut down) = (proposal, proposal);
        for &(at, recommendation) in &self.recommendations {
            if i64::from(at) > up_cutoff {
                up = up.min(recommendation);
            }
            if i64::from(at) > down_cutoff {
                down = down.max(recommendation);
            }
        }
        self.recommendations.push((time, proposal));
        current.max(up).min(down)
    }

    /// The most (up) or least (down) replicas the policies allow now.
    fn limit(&self, rules: &Rules, time: u32, current: u32, up: bool) -> u32 {
        if rules.select == Select::Disabled || rules.policies.is_empty() {
            return current;
        }
        let proposals = rules.policies.iter().map(|policy| {
            // Replicas at the start of the policy's period: undo the changes made within it.
            let changed: i64 = self
                .events
                .iter()
                .filter(|&&(at, _)| time.saturating_sub(at) < policy.period())
                .map(|&(_, change)| change)
                .sum();
            let start = (i64::from(current) - changed).max(0) as f64;
            let bound = match (policy, up) {
                (Policy::Pods { value, .. }, true) => start + f64::from(*value),
                (Policy::Percent { value, .. }, true) => (start * (1.0 + f64::from(*value) / 100.0)).ceil(),
                (Policy::Pods { value, .. }, false) => start - f64::from(*value),
                (Policy::Percent { value, .. }, false) => (start * (1.0 - f64::from(*value) / 100.0)).trunc(),
            };
            bound.max(0.0) as u32
        });
        // Scaling down, "Max" means the policy allowing the largest change: the smallest count.
        match (rules.select, up) {
            (Select::Max, true) | (Select::Min, false) => proposals.max().unwrap_or(current),
            _ => proposals.min().unwrap_or(current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pods(usage: &[(f64, bool)]) -> Vec<PodMetric> {
        usage.iter().map(|&(usage, ready)| PodMetric { usage, request: 1000.0, ready }).collect()
    }

    #[test]
    fn the_documented_ratio_examples() {
        // "if the current metric value is 200m, and the desired value is 100m, the number of
        // replicas will be doubled"; "50m ... you'll halve".
        assert_eq!(calculate(3, &pods(&[(200.0, true); 3]), 10).0, 6);
        assert_eq!(calculate(4, &pods(&[(50.0, true); 4]), 10).0, 2);
        // The walkthrough: one pod at 305% of its request against a 50% target becomes 7.
        assert_eq!(calculate(1, &pods(&[(3050.0, true)]), 50), (7, 305));
    }

    #[test]
    fn the_tolerance_suppresses_changes_within_ten_percent() {
        for usage in [450.0, 500.0, 550.0] {
            assert_eq!(calculate(10, &pods(&[(usage, true); 10]), 50).0, 10, "{usage}");
        }
        assert_eq!(calculate(10, &pods(&[(560.0, true); 10]), 50).0, 12);
        assert_eq!(calculate(10, &pods(&[(440.0, true); 10]), 50).0, 9);
    }

    #[test]
    fn upstream_replica_calculator_vectors() {
        // kubernetes/kubernetes replica_calculator_test.go, one CPU requested per pod.
        assert_eq!(calculate(3, &pods(&[(300.0, true), (500.0, true), (700.0, true)]), 30), (5, 50));
        assert_eq!(calculate(3, &pods(&[(300.0, false), (500.0, true), (700.0, true)]), 30), (4, 60));
        assert_eq!(calculate(3, &pods(&[(400.0, true), (500.0, false), (700.0, false)]), 30).0, 3);
        let mixed = pods(&[(100.0, true), (300.0, true), (500.0, true), (250.0, false), (250.0, false)]);
        assert_eq!(calculate(5, &mixed, 50), (2, 30));
    }

    #[test]
    fn the_stabilization_window_keeps_the_highest_recent_recommendation() {
        let mut controller = Controller::new(Behavior::default(), 1, 100);
        assert_eq!(controller.decide(0, 10, 10, 50).desired, 10);
        // Load falls: the proposals drop, but for 300 s the highest recommendation (10) holds.
        assert_eq!(controller.decide(15, 10, 4, 20).desired, 10);
        assert_eq!(controller.decide(150, 10, 3, 15).desired, 10);
        assert_eq!(controller.decide(299, 10, 3, 15).desired, 10);
        // At 300 s the 10 from time 0 has aged out; the highest left is 4 (from 15 s) until 315.
        assert_eq!(controller.decide(300, 10, 3, 15).desired, 4);
        assert_eq!(controller.decide(315, 4, 3, 15).desired, 3);
    }

    #[test]
    fn the_documented_scale_down_policy_example() {
        // The docs: Pods 4 and Percent 10 per 60 s, select Max, scaling 80 replicas down to 10:
        // "during the first step 8 replicas will be reduced", then 72 → 64 ("7.2 ... rounded
        // up to 8"), then 4 at a time below 40.
        let behavior = Behavior {
            down: Rules {
                stabilization: 0,
                policies: vec![Policy::Pods { value: 4, period: 60 }, Policy::Percent { value: 10, period: 60 }],
                select: Select::Max,
            },
            ..Behavior::default()
        };
        let mut controller = Controller::new(behavior, 1, 100);
        let mut replicas = 80;
        let mut seen = vec![replicas];
        for minute in 1..=16 {
            replicas = controller.decide(minute * 60, replicas, 10, 5).desired;
            seen.push(replicas);
        }
        assert_eq!(seen[..15], [80, 72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10]);
        assert_eq!(replicas, 10);
    }

    #[test]
    fn default_policies_cap_scale_up_per_period() {
        // The larger of +100% and +4 pods per 15 s: 1, 5, 10, 20, 40, 80, 160.
        let mut controller = Controller::new(Behavior::default(), 1, 1000);
        let mut replicas = 1;
        let mut seen = vec![replicas];
        for sync in 1..=6 {
            replicas = controller.decide(sync * 15, replicas, 1000, 100).desired;
            seen.push(replicas);
        }
        assert_eq!(seen, [1, 5, 10, 20, 40, 80, 160]);
        // Within one period, a second decision adds nothing beyond the limit.
        let mut controller = Controller::new(
            Behavior {
                up: Rules { policies: vec![Policy::Pods { value: 1, period: 60 }], ..Behavior::default().up },
                ..Behavior::default()
            },
            1,
            100,
        );
        assert_eq!(controller.decide(15, 2, 10, 100).desired, 3);
        assert_eq!(controller.decide(30, 3, 10, 100).desired, 3);
        assert_eq!(controller.decide(75, 3, 10, 100).desired, 4);
    }

    #[test]
    fn min_and_max_bound_every_decision() {
        let mut controller = Controller::new(Behavior::default(), 2, 6);
        assert_eq!(
            controller.decide(0, 12, 12, 50),
            Decision {
                time: 0,
                current: 12,
                utilization: 50,
                proposal: 12,
                stabilized: 12,
                desired: 6,
                reason: Reason::OutOfBounds
            }
        );
        assert_eq!(controller.decide(15, 4, 50, 100).desired, 6);
        assert_eq!(controller.decide(15, 1, 1, 100).desired, 2);
    }
}
