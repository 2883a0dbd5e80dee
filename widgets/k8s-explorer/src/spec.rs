//! The Deployment manifest the reader edits and applies: replicas, image, requests and the
//! rolling-update bounds, with the rounding Kubernetes applies to percentages.

/// CPU in millicores, memory in MiB: the units of `resources.requests`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu: u32,
    pub memory: u32,
}

impl Resources {
    pub fn plus(self, other: Resources) -> Resources {
        Resources { cpu: self.cpu + other.cpu, memory: self.memory + other.memory }
    }

    pub fn fits_within(self, capacity: Resources) -> bool {
        self.cpu <= capacity.cpu && self.memory <= capacity.memory
    }
}

/// Every node's allocatable resources in this model: a small node, so oversized requests are
/// easy to make.
pub const NODE_ALLOCATABLE: Resources = Resources { cpu: 2_000, memory: 4_096 };

/// The choices the form offers.
pub const CPU_CHOICES: &[u32] = &[100, 250, 500, 1_000, 1_500, 3_000];
pub const MEMORY_CHOICES: &[u32] = &[128, 256, 512, 1_024, 2_048, 6_144];
pub const IMAGES: &[&str] = &["web:1.0", "web:1.1", "web:2.0"];
pub const MAX_REPLICAS: u32 = 12;

/// `maxSurge` or `maxUnavailable`: an absolute number or a percentage of the replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Count(u32),
    Percent(u32),
}

/// The choices the form offers for both bounds, in order; 25% is the default of both.
pub const BOUNDS: &[Bound] =
    &[Bound::Count(0), Bound::Count(1), Bound::Count(2), Bound::Percent(25), Bound::Percent(50), Bound::Percent(100)];
pub const DEFAULT_BOUND: usize = 3;

impl Bound {
    /// The bound as a pod count for `replicas`: the Deployment docs say a percentage of
    /// maxSurge rounds up and one of maxUnavailable rounds down.
    pub fn resolve(self, replicas: u32, round_up: bool) -> u32 {
        match self {
            Bound::Count(count) => count,
            Bound::Percent(percent) if round_up => (replicas * percent).div_ceil(100),
            Bound::Percent(percent) => replicas * percent / 100,
        }
    }

    pub fn label(self) -> String {
        match self {
            Bound::Count(count) => kit::num::uint(u64::from(count)),
            Bound::Percent(percent) => format!("{}%", kit::num::uint(u64::from(percent))),
        }
    }
}

/// The pod template: what makes a new ReplicaSet when it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// An index into [`IMAGES`].
    pub image: usize,
    pub requests: Resources,
}

impl Template {
    pub fn image_name(self) -> &'static str {
        IMAGES[self.image.min(IMAGES.len() - 1)]
    }
}

/// The Deployment's spec as the reader last set it in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeploymentSpec {
    pub replicas: u32,
    pub template: Template,
    pub max_surge: Bound,
    pub max_unavailable: Bound,
}

impl Default for DeploymentSpec {
    fn default() -> Self {
        DeploymentSpec {
            replicas: 3,
            template: Template { image: 0, requests: Resources { cpu: 250, memory: 256 } },
            max_surge: BOUNDS[DEFAULT_BOUND],
            max_unavailable: BOUNDS[DEFAULT_BOUND],
        }
    }
}

impl DeploymentSpec {
    /// (maxSurge, maxUnavailable) as pod counts. When both resolve to 0 the rollout could never
    /// move, so, as the Deployment controller does, maxUnavailable becomes 1.
    pub fn rolling_bounds(&self) -> (u32, u32) {
        let surge = self.max_surge.resolve(self.replicas, true);
        let unavailable = self.max_unavailable.resolve(self.replicas, false);
        if surge == 0 && unavailable == 0 {
            (0, 1)
        } else {
            (surge, unavailable)
        }
    }

    /// Both bounds given as 0 is invalid in a manifest (the API server rejects it).
    pub fn both_bounds_zero(&self) -> bool {
        self.max_surge == Bound::Count(0) && self.max_unavailable == Bound::Count(0)
    }

    /// The spec packed into one number, for links: each field is an index into its choices.
    pub fn encode(&self) -> u32 {
        let index = |value: u32, choices: &[u32]| choices.iter().position(|&c| c == value).unwrap_or(0) as u32;
        let bound = |value: Bound| BOUNDS.iter().position(|&b| b == value).unwrap_or(DEFAULT_BOUND) as u32;
        self.replicas.min(15)
            | (self.template.image as u32 & 3) << 4
            | index(self.template.requests.cpu, CPU_CHOICES) << 6
            | index(self.template.requests.memory, MEMORY_CHOICES) << 9
            | bound(self.max_surge) << 12
            | bound(self.max_unavailable) << 15
    }

    pub fn decode(code: u32) -> DeploymentSpec {
        let pick = |shift: u32, choices: &[u32]| choices[((code >> shift) & 7) as usize % choices.len()];
        let bound = |shift: u32| BOUNDS[((code >> shift) & 7) as usize % BOUNDS.len()];
        DeploymentSpec {
            replicas: (code & 15).min(MAX_REPLICAS),
            template: Template {
                image: ((code >> 4) & 3) as usize % IMAGES.len(),
                requests: Resources { cpu: pick(6, CPU_CHOICES), memory: pick(9, MEMORY_CHOICES) },
            },
            max_surge: bound(12),
            max_unavailable: bound(15),
        }
    }
}

/// "250m" and "1.5" CPUs, "256Mi" and "2Gi", as a manifest writes them.
pub fn cpu_label(millicores: u32) -> String {
    if millicores.is_multiple_of(1_000) {
        kit::num::uint(u64::from(millicores / 1_000))
    } else if millicores > 1_000 && millicores.is_multiple_of(100) {
        format!("{}.{}", millicores / 1_000, millicores % 1_000 / 100)
    } else {
        format!("{}m", kit::num::uint(u64::from(millicores)))
    }
}

pub fn memory_label(mebibytes: u32) -> String {
    if mebibytes == 0 {
        "0".into()
    } else if mebibytes.is_multiple_of(1_024) {
        format!("{}Gi", kit::num::uint(u64::from(mebibytes / 1_024)))
    } else {
        format!("{}Mi", kit::num::uint(u64::from(mebibytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_surge_up_and_unavailable_down() {
        // The Deployment docs' rule, at 10 replicas and the 25% defaults: 2.5 -> 3 and 2.
        let spec = DeploymentSpec { replicas: 10, ..DeploymentSpec::default() };
        assert_eq!(spec.rolling_bounds(), (3, 2));
        let spec = DeploymentSpec { replicas: 3, ..DeploymentSpec::default() };
        assert_eq!(spec.rolling_bounds(), (1, 0));
        let spec = DeploymentSpec { replicas: 1, ..DeploymentSpec::default() };
        assert_eq!(spec.rolling_bounds(), (1, 0));
        assert_eq!(Bound::Percent(50).resolve(5, true), 3);
        assert_eq!(Bound::Percent(50).resolve(5, false), 2);
    }

    #[test]
    fn two_zero_bounds_still_let_one_pod_go() {
        let spec =
            DeploymentSpec { max_surge: Bound::Count(0), max_unavailable: Bound::Count(0), ..Default::default() };
        assert!(spec.both_bounds_zero());
        assert_eq!(spec.rolling_bounds(), (0, 1));
        // 25% of 3 rounds down to 0 but is not a literal 0: surge 0 and unavailable 0 again.
        let spec = DeploymentSpec { max_surge: Bound::Count(0), ..Default::default() };
        assert_eq!(spec.rolling_bounds(), (0, 1));
    }

    #[test]
    fn specs_survive_a_link() {
        for replicas in 0..=MAX_REPLICAS {
            for (index, &surge) in BOUNDS.iter().enumerate() {
                let spec = DeploymentSpec {
                    replicas,
                    template: Template {
                        image: index % IMAGES.len(),
                        requests: Resources { cpu: CPU_CHOICES[index], memory: MEMORY_CHOICES[5 - index] },
                    },
                    max_surge: surge,
                    max_unavailable: BOUNDS[5 - index],
                };
                assert_eq!(DeploymentSpec::decode(spec.encode()), spec);
            }
        }
        assert_eq!(DeploymentSpec::decode(u32::MAX).replicas, MAX_REPLICAS);
    }

    #[test]
    fn quantities_read_like_a_manifest() {
        assert_eq!(cpu_label(250), "250m");
        assert_eq!(cpu_label(1_500), "1.5");
        assert_eq!(cpu_label(2_000), "2");
        assert_eq!(memory_label(256), "256Mi");
        assert_eq!(memory_label(6_144), "6Gi");
        assert_eq!(memory_label(0), "0");
    }
}
