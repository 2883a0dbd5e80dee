//! The API objects the simulated cluster stores (its etcd): one Deployment, its ReplicaSets,
//! their Pods, and the Nodes. Only the fields the control loops read or write are modelled.

use crate::spec::{DeploymentSpec, Resources, Template, NODE_ALLOCATABLE};
use crate::timing::Millis;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    /// Pods of every ReplicaSet, not counting terminating ones.
    pub replicas: u32,
    /// Pods of the current template.
    pub updated: u32,
    pub ready: u32,
    pub available: u32,
}

#[derive(Clone, Debug)]
pub struct Deployment {
    pub spec: DeploymentSpec,
    /// Bumped by every spec change; the controller records the last one it acted on.
    pub generation: u64,
    pub observed_generation: u64,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    pub replicas: u32,
    pub ready: u32,
    pub available: u32,
}

#[derive(Clone, Debug)]
pub struct ReplicaSet {
    /// `web-` and the pod-template hash.
    pub name: String,
    pub template: Template,
    /// `spec.replicas`: what the Deployment controller asks of it.
    pub replicas: u32,
    /// The `deployment.kubernetes.io/revision` annotation.
    pub revision: u32,
    /// The `deployment.kubernetes.io/desired-replicas` annotation: the Deployment's replicas
    /// when this ReplicaSet was last scaled, which tells a scaling event from a rollout.
    pub desired_replicas: u32,
    pub created: Millis,
    pub status: ReplicaSetStatus,
}

/// Where a pod is in its life, as `kubectl get pods` would show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    /// Not yet bound to a node.
    Pending,
    /// Bound; the kubelet is pulling the image and starting the container.
    Creating,
    /// The container runs; `ready` says whether the readiness probe passes.
    Running,
}

#[derive(Clone, Debug)]
pub struct Pod {
    pub name: String,
    /// The owning ReplicaSet's name.
    pub owner: String,
    pub template: Template,
    pub node: Option<usize>,
    pub state: PodState,
    pub ready: bool,
    /// `metadata.deletionTimestamp`: set when the pod is being deleted (Terminating).
    pub deleting: Option<Millis>,
    pub created: Millis,
    /// The scheduler's last FailedScheduling message, while the pod stays Pending.
    pub unschedulable: Option<String>,
    /// The kubelet has taken the pod on (it is pulling or running it), or is stopping it:
    /// the kubelet's own memory, not part of the API object.
    pub admitted: bool,
    pub stopping: bool,
}

impl Pod {
    /// Counted by its ReplicaSet: every pod that is not terminating.
    pub fn active(&self) -> bool {
        self.deleting.is_none()
    }

    /// Ready and not terminating: with `minReadySeconds: 0`, the Deployment's "available".
    pub fn available(&self) -> bool {
        self.active() && self.ready
    }

    pub fn status_label(&self) -> &'static str {
        match (self.deleting, self.state) {
            (Some(_), _) => "Terminating",
            (None, PodState::Pending) => "Pending",
            (None, PodState::Creating) => "ContainerCreating",
            (None, PodState::Running) => "Running",
        }
    }
}

/// The taints the control plane puts on nodes in this model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaintKey {
    /// `node.kubernetes.io/unschedulable:NoSchedule`, from a cordon.
    Unschedulable,
    /// `node.kubernetes.io/unreachable`, NoSchedule and NoExecute, when heartbeats stop.
    Unreachable,
}

impl TaintKey {
    pub fn name(self) -> &'static str {
        match self {
            TaintKey::Unschedulable => "node.kubernetes.io/unschedulable",
            TaintKey::Unreachable => "node.kubernetes.io/unreachable",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taint {
    pub key: TaintKey,
    /// NoExecute as well as NoSchedule: running pods are evicted after their toleration.
    pub no_execute: bool,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub allocatable: Resources,
    /// `spec.unschedulable`: cordoned.
    pub unschedulable: bool,
    /// The Ready condition as the API server has it: true, or Unknown once heartbeats stop.
    pub ready: bool,
    pub taints: Vec<Taint>,
    /// The last Lease renewal the API server saw.
    pub last_heartbeat: Millis,
    /// Images this node has pulled.
    pub images: Vec<usize>,
    /// The machine itself: false while the reader has failed it (its kubelet is silent).
    pub up: bool,
}

impl Node {
    pub fn new(index: usize) -> Node {
        Node {
            name: format!("node-{}", index + 1),
            allocatable: NODE_ALLOCATABLE,
            unschedulable: false,
            ready: true,
            taints: Vec::new(),
            last_heartbeat: 0,
            images: Vec::new(),
            up: true,
        }
    }

    pub fn tainted(&self, key: TaintKey) -> bool {
        self.taints.iter().any(|taint| taint.key == key)
    }

    pub fn status_label(&self) -> String {
        let mut label = String::from(if self.ready { "Ready" } else { "NotReady" });
        if self.unschedulable {
            label.push_str(",SchedulingDisabled");
        }
        label
    }
}

/// A watch event's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Added,
    Modified,
    Deleted,
}

impl Verb {
    pub fn name(self) -> &'static str {
        match self {
            Verb::Added => "ADDED",
            Verb::Modified => "MODIFIED",
            Verb::Deleted => "DELETED",
        }
    }
}

/// Which kind of object a write touched: what decides who hears about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Node,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment",
            Kind::ReplicaSet => "replicaset",
            Kind::Pod => "pod",
            Kind::Node => "node",
        }
    }
}
