//! The settings an author writes in a ```` ```widget k8s-explorer ```` block, and the run they
//! build: a cluster, the Deployment applied to it, and optionally a first change already made.

use kit::config::{check_ranges, Invalid};
use serde::{Deserialize, Serialize};

use crate::actions::Action;
use crate::cluster::Cluster;
use crate::spec::{
    Bound, DeploymentSpec, Resources, Template, BOUNDS, CPU_CHOICES, IMAGES, MAX_REPLICAS, MEMORY_CHOICES,
};
use crate::timing::Millis;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Worker nodes, 3 to 6.
    pub nodes: u32,
    /// The Deployment's replicas, 0 to 12.
    pub replicas: u32,
    /// `web:1.0`, `web:1.1` or `web:2.0`.
    pub image: String,
    /// CPU request in millicores: 100, 250, 500, 1000, 1500 or 3000.
    pub cpu: u32,
    /// Memory request in MiB: 128, 256, 512, 1024, 2048 or 6144.
    pub memory: u32,
    /// `0`, `1`, `2`, `25%`, `50%` or `100%`.
    pub max_surge: String,
    pub max_unavailable: String,
    /// Start with the Deployment already rolled out and every pod ready.
    pub settled: bool,
    /// Then (after settling) roll out this image.
    pub rollout: Option<String>,
    /// Then (after settling) fail this node, 1-based.
    pub fail_node: Option<u32>,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            nodes: 4,
            replicas: 3,
            image: IMAGES[0].into(),
            cpu: 250,
            memory: 256,
            max_surge: "25%".into(),
            max_unavailable: "25%".into(),
            settled: false,
            rollout: None,
            fail_node: None,
            seed: 1,
        }
    }
}

pub fn parse_bound(text: &str) -> Option<Bound> {
    BOUNDS.iter().copied().find(|bound| bound.label() == text.trim())
}

pub fn parse_image(text: &str) -> Option<usize> {
    IMAGES.iter().position(|&image| image == text.trim())
}

/// What a widget starts from: the cluster, the Deployment, and what was done before the reader
/// arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    pub nodes: usize,
    pub seed: u64,
    pub spec: DeploymentSpec,
    pub settled: bool,
    pub then: Option<Action>,
}

/// Steps a settling run may take before it stops (far more than any settling needs).
const SETTLE_LIMIT: usize = 5_000;

impl Setup {
    pub fn build(&self) -> Cluster {
        let mut cluster = Cluster::new(self.nodes, self.seed);
        cluster.act(Action::Apply(self.spec));
        if self.settled {
            cluster.settle(SETTLE_LIMIT);
        }
        if let Some(action) = self.then {
            cluster.act(action);
        }
        cluster
    }
}

/// An action and the moment it came: events handled before it, and the clock.
pub type Timed = (u64, Millis, Action);

/// Rebuilds what a reader saw: the setup, their actions at their moments, and the clock where
/// they left it.
pub fn replay(setup: &Setup, actions: &[Timed], events: u64, now: Millis) -> Cluster {
    let mut cluster = setup.build();
    for &(at_events, at, action) in actions {
        cluster.run_to(at_events, at);
        cluster.act(action);
    }
    cluster.run_to(events, now);
    cluster
}

impl Config {
    pub fn validate(&self) -> Result<(), Invalid> {
        let one_of = |key: &'static str, ok: bool, choices: &str, value: &str| {
            if ok {
                Ok(())
            } else {
                Err(Invalid { key, message: format!("{key} must be one of {choices}, not `{value}`") })
            }
        };
        one_of("image", parse_image(&self.image).is_some(), "web:1.0, web:1.1, web:2.0", &self.image)?;
        if let Some(image) = &self.rollout {
            one_of("rollout", parse_image(image).is_some(), "web:1.0, web:1.1, web:2.0", image)?;
        }
        let bounds = "0, 1, 2, 25%, 50%, 100%";
        one_of("max_surge", parse_bound(&self.max_surge).is_some(), bounds, &self.max_surge)?;
        one_of("max_unavailable", parse_bound(&self.max_unavailable).is_some(), bounds, &self.max_unavailable)?;
        let listed = |value: u32, choices: &[u32]| choices.contains(&value);
        one_of("cpu", listed(self.cpu, CPU_CHOICES), "100, 250, 500, 1000, 1500, 3000", &self.cpu.to_string())?;
        one_of(
            "memory",
            listed(self.memory, MEMORY_CHOICES),
            "128, 256, 512, 1024, 2048, 6144",
            &self.memory.to_string(),
        )?;
        if self.spec().both_bounds_zero() {
            return Err(Invalid {
                key: "max_unavailable",
                message: "max_surge and max_unavailable may not both be 0".into(),
            });
        }
        check_ranges(&[
            ("nodes", self.nodes, 3, 6),
            ("replicas", self.replicas, 0, MAX_REPLICAS),
            ("fail_node", self.fail_node.unwrap_or(1), 1, self.nodes),
        ])
    }

    pub fn spec(&self) -> DeploymentSpec {
        let defaults = DeploymentSpec::default();
        DeploymentSpec {
            replicas: self.replicas.min(MAX_REPLICAS),
            template: Template {
                image: parse_image(&self.image).unwrap_or(0),
                requests: Resources { cpu: self.cpu, memory: self.memory },
            },
            max_surge: parse_bound(&self.max_surge).unwrap_or(defaults.max_surge),
            max_unavailable: parse_bound(&self.max_unavailable).unwrap_or(defaults.max_unavailable),
        }
    }

    pub fn setup(&self) -> Setup {
        let spec = self.spec();
        let nodes = self.nodes.clamp(3, 6) as usize;
        let then = match (&self.rollout, self.fail_node) {
            (Some(image), _) => {
                let mut next = spec;
                next.template.image = parse_image(image).unwrap_or(spec.template.image);
                Some(Action::Apply(next))
            }
            (None, Some(node)) => Some(Action::FailNode((node.max(1) - 1) as usize % nodes)),
            (None, None) => None,
        };
        Setup { nodes, seed: self.seed, spec, settled: self.settled || then.is_some(), then }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_every_key() {
        assert_eq!(Config::default().validate(), Ok(()));
        let invalid = |config: Config| config.validate().unwrap_err().key;
        assert_eq!(invalid(Config { image: "web:3".into(), ..Config::default() }), "image");
        assert_eq!(invalid(Config { rollout: Some("nginx".into()), ..Config::default() }), "rollout");
        assert_eq!(invalid(Config { max_surge: "30%".into(), ..Config::default() }), "max_surge");
        assert_eq!(invalid(Config { cpu: 300, ..Config::default() }), "cpu");
        assert_eq!(invalid(Config { memory: 100, ..Config::default() }), "memory");
        assert_eq!(invalid(Config { nodes: 7, ..Config::default() }), "nodes");
        assert_eq!(invalid(Config { fail_node: Some(5), ..Config::default() }), "fail_node");
        let both_zero = Config { max_surge: "0".into(), max_unavailable: "0".into(), ..Config::default() };
        assert_eq!(invalid(both_zero), "max_unavailable");
    }

    #[test]
    fn a_rollout_setup_starts_from_the_settled_deployment() {
        let config = Config { rollout: Some("web:1.1".into()), ..Config::default() };
        let setup = config.setup();
        assert!(setup.settled);
        let cluster = setup.build();
        let deployment = cluster.deployment.as_ref().unwrap();
        assert_eq!(deployment.spec.template.image_name(), "web:1.1");
        assert_eq!(deployment.status.available, 3);
    }
}
