//! What the reader can do to the cluster, as `kubectl` (or a power cable) would, and how those
//! actions travel in a link.

use crate::cluster::{Cluster, Component, Step};
use crate::nodes::duration_label;
use crate::objects::{Deployment, DeploymentStatus, Kind, Taint, TaintKey, Verb};
use crate::spec::{cpu_label, memory_label, DeploymentSpec};
use crate::timing::{NODE_MONITOR_GRACE_PERIOD, TOLERATION_SECONDS};

const KUBECTL: Component = Component::Kubectl;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `kubectl apply` of the Deployment with this spec.
    Apply(DeploymentSpec),
    /// `kubectl delete pod` of a pod chosen at random.
    DeletePod,
    /// The node's kubelet stops heartbeating (the machine died or lost the network).
    FailNode(usize),
    RecoverNode(usize),
    Cordon(usize),
    Uncordon(usize),
    Drain(usize),
}

impl Action {
    /// (code, argument), for links.
    pub fn encode(self) -> (u32, u32) {
        match self {
            Action::Apply(spec) => (0, spec.encode()),
            Action::DeletePod => (1, 0),
            Action::FailNode(node) => (2, node as u32),
            Action::RecoverNode(node) => (3, node as u32),
            Action::Cordon(node) => (4, node as u32),
            Action::Uncordon(node) => (5, node as u32),
            Action::Drain(node) => (6, node as u32),
        }
    }

    pub fn decode(code: u32, argument: u32) -> Option<Action> {
        let node = argument as usize;
        Some(match code {
            0 => Action::Apply(DeploymentSpec::decode(argument)),
            1 => Action::DeletePod,
            2 => Action::FailNode(node),
            3 => Action::RecoverNode(node),
            4 => Action::Cordon(node),
            5 => Action::Uncordon(node),
            6 => Action::Drain(node),
            _ => return None,
        })
    }
}

/// What changed between two specs, as a reader would say it.
fn changes(before: &DeploymentSpec, after: &DeploymentSpec) -> Vec<String> {
    let mut changes = Vec::new();
    if before.replicas != after.replicas {
        changes.push(format!("replicas {} → {}", before.replicas, after.replicas));
    }
    if before.template.image != after.template.image {
        changes.push(format!("image {} → {}", before.template.image_name(), after.template.image_name()));
    }
    let (old, new) = (before.template.requests, after.template.requests);
    if old != new {
        changes.push(format!(
            "requests {}/{} → {}/{}",
            cpu_label(old.cpu),
            memory_label(old.memory),
            cpu_label(new.cpu),
            memory_label(new.memory)
        ));
    }
    if before.max_surge != after.max_surge || before.max_unavailable != after.max_unavailable {
        changes.push(format!("maxSurge {}, maxUnavailable {}", after.max_surge.label(), after.max_unavailable.label()));
    }
    changes
}

impl Cluster {
    /// Does what the reader asked; false when there was nothing to do it to (no pod to delete,
    /// a node out of range). Every action is logged as a step.
    pub fn act(&mut self, action: Action) -> bool {
        let valid_node = |node: usize| node < self.nodes.len();
        let step = match action {
            Action::Apply(spec) => self.apply(spec),
            Action::DeletePod => {
                let live: Vec<String> =
                    self.pods.iter().filter(|pod| pod.active()).map(|pod| pod.name.clone()).collect();
                if live.is_empty() {
                    return false;
                }
                let name = live[self.rng.below(live.len() as u64) as usize].clone();
                self.delete_pod(&name);
                Step::new(KUBECTL, Component::ApiServer, "Delete", format!("pod/{name}"), format!("pod \"{name}\" deleted"))
                    .detail("The pod is marked for deletion (Terminating) and its kubelet stops it. Its ReplicaSet stops counting it at once and will create a replacement: desired 1 more than observed.".into())
            }
            Action::FailNode(node) if valid_node(node) && self.nodes[node].up => {
                self.fail_node(node);
                let mut step = Step::new(Component::Kubelet(node), Component::Kubelet(node), "NodeFailure", format!("node/{}", self.nodes[node].name), format!("{} stops renewing its Lease", self.nodes[node].name))
                    .detail(format!(
                        "The machine died or lost the network. Nobody is told: the node lifecycle controller will notice only when the last heartbeat is older than {}, and the pods will be evicted {} after that.",
                        duration_label(NODE_MONITOR_GRACE_PERIOD),
                        duration_label(TOLERATION_SECONDS)
                    ))
                    .warning();
                step.to.clear();
                step
            }
            Action::RecoverNode(node) if valid_node(node) && !self.nodes[node].up => {
                self.recover_node(node);
                Step::new(Component::Kubelet(node), Component::ApiServer, "NodeRecovered", format!("node/{}", self.nodes[node].name), format!("{} renews its Lease again", self.nodes[node].name))
                    .detail("The kubelet is back: it renews its Lease and resyncs its pods, stopping any that were deleted meanwhile.".into())
            }
            Action::Cordon(node) | Action::Drain(node) if valid_node(node) => {
                let drain = matches!(action, Action::Drain(_));
                let cordoned = self.cordon(node);
                let mut evicted = Vec::new();
                if drain {
                    evicted = self
                        .pods
                        .iter()
                        .filter(|pod| pod.node == Some(node) && pod.active())
                        .map(|pod| pod.name.clone())
                        .collect();
                    for name in &evicted {
                        self.delete_pod(name);
                    }
                }
                let name = self.nodes[node].name.clone();
                let mut message = format!("node/{name} {}", if cordoned { "cordoned" } else { "already cordoned" });
                if drain {
                    message.push_str(&format!(
                        "; evicting {}",
                        if evicted.is_empty() { "no pods".into() } else { evicted.join(", ") }
                    ));
                }
                Step::new(KUBECTL, Component::ApiServer, if drain { "Drain" } else { "Cordon" }, format!("node/{name}"), message).detail(
                    if drain {
                        "Drain cordons the node, then evicts its pods through the Eviction API (which would honour PodDisruptionBudgets; this cluster has none). The ReplicaSet replaces them on other nodes.".into()
                    } else {
                        "spec.unschedulable is set and the node gets the node.kubernetes.io/unschedulable:NoSchedule taint: the scheduler filters it out. Pods already there keep running.".into()
                    },
                )
            }
            Action::Uncordon(node) if valid_node(node) && self.nodes[node].unschedulable => {
                let name = self.nodes[node].name.clone();
                self.nodes[node].unschedulable = false;
                self.nodes[node].taints.retain(|taint| taint.key != TaintKey::Unschedulable);
                self.write(Kind::Node, Verb::Modified, &name);
                Step::new(
                    KUBECTL,
                    Component::ApiServer,
                    "Uncordon",
                    format!("node/{name}"),
                    format!("node/{name} uncordoned"),
                )
                .detail("The node takes new pods again; nothing moves back on its own.".into())
            }
            _ => return false,
        };
        self.record(step);
        true
    }

    /// True when the node was not cordoned before.
    fn cordon(&mut self, node: usize) -> bool {
        if self.nodes[node].unschedulable {
            return false;
        }
        let name = self.nodes[node].name.clone();
        self.nodes[node].unschedulable = true;
        self.nodes[node].taints.push(Taint { key: TaintKey::Unschedulable, no_execute: false });
        self.write(Kind::Node, Verb::Modified, &name);
        true
    }

    fn apply(&mut self, spec: DeploymentSpec) -> Step {
        let step =
            |message: String| Step::new(KUBECTL, Component::ApiServer, "Apply", "deployment/web".into(), message);
        if spec.both_bounds_zero() {
            return step("The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0".into())
                .detail("The API server validates every write: a rolling update that may neither add nor remove a pod could never progress.".into())
                .warning();
        }
        match &mut self.deployment {
            None => {
                self.deployment = Some(Deployment {
                    spec,
                    generation: 1,
                    observed_generation: 0,
                    status: DeploymentStatus::default(),
                });
                self.write(Kind::Deployment, Verb::Added, "web");
                step("deployment.apps/web created".into()).detail(format!(
                    "The desired state is stored in etcd: {} replicas of {}, each requesting {} CPU and {} memory. Nothing runs yet; the controllers will make it so.",
                    spec.replicas,
                    spec.template.image_name(),
                    cpu_label(spec.template.requests.cpu),
                    memory_label(spec.template.requests.memory)
                ))
            }
            Some(deployment) if deployment.spec == spec => step("deployment.apps/web unchanged".into()).detail(
                "The applied manifest matches what is stored: no write, no watch event, nothing to reconcile.".into(),
            ),
            Some(deployment) => {
                let changed = changes(&deployment.spec, &spec);
                let effect = if deployment.spec.template != spec.template {
                    "The pod template changed: a rolling update begins."
                } else if deployment.spec.replicas != spec.replicas {
                    "The template is the same: no new ReplicaSet, only a scale."
                } else {
                    "Only the strategy changed: it governs the next rollout."
                };
                deployment.spec = spec;
                deployment.generation += 1;
                self.write(Kind::Deployment, Verb::Modified, "web");
                step("deployment.apps/web configured".into()).detail(format!("{}. {effect}", changed.join("; ")))
            }
        }
    }
}
