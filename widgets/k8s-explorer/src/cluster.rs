//! The simulated cluster: the API server's store, the queue of timed events that drives every
//! control loop, and the steps a reader watches. Each component's logic lives in its own module
//! ([`crate::controllers`], [`crate::scheduler`], [`crate::nodes`]); this one owns time, writes
//! and watches.
//!
//! Every change goes through the API server as a write; every write reaches the components that
//! watch its kind of object [`WATCH_LATENCY`] later; a component woken by a watch reconciles
//! [`SYNC_LATENCY`] after that, comparing desired with observed state. Nothing calls another
//! component directly, as in Kubernetes.

use kit::rng::Rng;

use crate::objects::{Deployment, Kind, Node, Pod, ReplicaSet, Verb};
use crate::timing::{Millis, LEASE_RENEW_INTERVAL, NODE_MONITOR_PERIOD, SCHEDULING_CYCLE, SYNC_LATENCY, WATCH_LATENCY};

/// The parts of the cluster the diagram draws and messages travel between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    Kubectl,
    ApiServer,
    Scheduler,
    DeploymentController,
    ReplicaSetController,
    /// The node lifecycle controller, with the taint-based eviction it drives.
    NodeController,
    Kubelet(usize),
}

impl Component {
    pub fn name(self) -> String {
        match self {
            Component::Kubectl => "kubectl".into(),
            Component::ApiServer => "API server".into(),
            Component::Scheduler => "scheduler".into(),
            Component::DeploymentController => "deployment controller".into(),
            Component::ReplicaSetController => "replicaset controller".into(),
            Component::NodeController => "node lifecycle controller".into(),
            Component::Kubelet(node) => format!("kubelet on node-{}", node + 1),
        }
    }
}

/// One thing the reader can watch happen: who acted, who was told, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: Millis,
    pub from: Component,
    pub to: Vec<Component>,
    /// As in `kubectl get events`: ScalingReplicaSet, SuccessfulCreate, Scheduled...
    pub reason: &'static str,
    pub object: String,
    pub message: String,
    /// Why the component did it: the comparison of desired with observed state.
    pub detail: String,
    pub warning: bool,
}

impl Step {
    pub fn new(from: Component, to: Component, reason: &'static str, object: String, message: String) -> Step {
        Step { at: 0, from, to: vec![to], reason, object, message, detail: String::new(), warning: false }
    }

    pub fn detail(mut self, detail: String) -> Step {
        self.detail = detail;
        self
    }

    pub fn warning(mut self) -> Step {
        self.warning = true;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Watch events for objects of one kind, written at the same moment.
    Deliver {
        kind: Kind,
        verb: Verb,
        names: Vec<String>,
    },
    Sync(Component),
    Heartbeat(usize),
    /// The node lifecycle controller's periodic check of every node's heartbeat.
    Monitor,
    ContainerStarted(String),
    ContainerReady(String),
    ContainerStopped(String),
    /// The taint eviction controller's timer for a pod on an unreachable node.
    Evict(String),
}

#[derive(Clone, Debug)]
struct Scheduled {
    at: Millis,
    order: u64,
    event: Event,
}

/// Steps kept for the event log.
const LOG_LENGTH: usize = 40;

#[derive(Clone, Debug)]
pub struct Cluster {
    pub now: Millis,
    pub deployment: Option<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub pods: Vec<Pod>,
    pub nodes: Vec<Node>,
    /// etcd's revision: one per write.
    pub resource_version: u64,
    /// The latest steps, oldest first.
    pub log: Vec<Step>,
    /// Events handled so far, seen or not: where a link's actions are replayed.
    pub events_handled: u64,
    /// Pods the scheduler found no node for, parked until a node or a deleted pod frees room.
    pub parked: Vec<String>,
    pub(crate) rng: Rng,
    queue: Vec<Scheduled>,
    order: u64,
}

impl Cluster {
    pub fn new(nodes: usize, seed: u64) -> Cluster {
        let mut cluster = Cluster {
            now: 0,
            deployment: None,
            replica_sets: Vec::new(),
            pods: Vec::new(),
            nodes: (0..nodes).map(Node::new).collect(),
            resource_version: 1,
            log: Vec::new(),
            events_handled: 0,
            parked: Vec::new(),
            rng: Rng::seeded(seed),
            queue: Vec::new(),
            order: 0,
        };
        // Kubelets renew their Leases on their own clocks, not in lockstep.
        for node in 0..nodes {
            let offset = cluster.rng.below(LEASE_RENEW_INTERVAL);
            cluster.nodes[node].last_heartbeat = 0;
            cluster.schedule(offset, Event::Heartbeat(node));
        }
        cluster.schedule(NODE_MONITOR_PERIOD, Event::Monitor);
        cluster
    }

    pub fn last_step(&self) -> Option<&Step> {
        self.log.last()
    }

    pub fn pod(&self, name: &str) -> Option<&Pod> {
        self.pods.iter().find(|pod| pod.name == name)
    }

    pub(crate) fn pod_mut(&mut self, name: &str) -> Option<&mut Pod> {
        self.pods.iter_mut().find(|pod| pod.name == name)
    }

    pub(crate) fn schedule(&mut self, delay: Millis, event: Event) {
        self.order += 1;
        self.queue.push(Scheduled { at: self.now + delay, order: self.order, event });
    }

    /// Drops queued events the predicate matches: a dead kubelet's timers, a cancelled eviction.
    pub(crate) fn cancel(&mut self, matches: impl Fn(&Event) -> bool) {
        self.queue.retain(|scheduled| !matches(&scheduled.event));
    }

    pub(crate) fn is_queued(&self, event: &Event) -> bool {
        self.queue.iter().any(|scheduled| &scheduled.event == event)
    }

    /// Wakes a component to reconcile, unless it is already due to (a work queue holds each
    /// key once).
    pub(crate) fn wake(&mut self, component: Component) {
        let event = Event::Sync(component);
        if !self.is_queued(&event) {
            let delay = if component == Component::Scheduler { SCHEDULING_CYCLE } else { SYNC_LATENCY };
            self.schedule(delay, event);
        }
    }

    /// A write to the API server: the store is already changed; etcd's revision moves on and
    /// the watch event is on its way. Writes of the same kind and verb at the same moment travel
    /// as one batch.
    pub(crate) fn write(&mut self, kind: Kind, verb: Verb, name: &str) {
        self.resource_version += 1;
        let at = self.now + WATCH_LATENCY;
        let batch = self.queue.iter_mut().find(|scheduled| {
            scheduled.at == at
                && matches!(&scheduled.event, Event::Deliver { kind: k, verb: v, .. } if *k == kind && *v == verb)
        });
        match batch {
            Some(Scheduled { event: Event::Deliver { names, .. }, .. }) => {
                if !names.iter().any(|known| known == name) {
                    names.push(name.to_string());
                }
            }
            _ => self.schedule(WATCH_LATENCY, Event::Deliver { kind, verb, names: vec![name.to_string()] }),
        }
    }

    pub(crate) fn record(&mut self, mut step: Step) {
        step.at = self.now;
        if self.log.len() == LOG_LENGTH {
            self.log.remove(0);
        }
        self.log.push(step);
    }

    fn next_due(&self) -> Option<usize> {
        self.queue.iter().enumerate().min_by_key(|(_, scheduled)| (scheduled.at, scheduled.order)).map(|(i, _)| i)
    }

    pub fn next_event_at(&self) -> Option<Millis> {
        self.next_due().map(|index| self.queue[index].at)
    }

    /// Handles the next event. True when it made a step the reader sees.
    pub fn handle_next(&mut self) -> bool {
        let Some(index) = self.next_due() else { return false };
        let Scheduled { at, event, .. } = self.queue.swap_remove(index);
        self.now = self.now.max(at);
        self.events_handled += 1;
        let step = match event {
            Event::Deliver { kind, verb, names } => self.deliver(kind, verb, names),
            Event::Sync(component) => self.sync(component),
            Event::Heartbeat(node) => {
                self.heartbeat(node);
                None
            }
            Event::Monitor => self.monitor_nodes(),
            Event::ContainerStarted(pod) => self.container_started(&pod),
            Event::ContainerReady(pod) => self.container_ready(&pod),
            Event::ContainerStopped(pod) => self.container_stopped(&pod),
            Event::Evict(pod) => self.evict(&pod),
        };
        match step {
            Some(step) => {
                self.record(step);
                true
            }
            None => false,
        }
    }

    /// Runs until the next step the reader sees, or until `limit` if none comes first (then the
    /// clock stands at `limit`). True when a step was made.
    pub fn advance(&mut self, limit: Millis) -> bool {
        while self.next_event_at().is_some_and(|at| at <= limit) {
            if self.handle_next() {
                return true;
            }
        }
        self.now = self.now.max(limit);
        false
    }

    /// True when nothing is left to happen but heartbeats and node checks that will find
    /// nothing new: the cluster has settled.
    pub fn settled(&self) -> bool {
        let quiet = self.queue.iter().all(|scheduled| matches!(scheduled.event, Event::Heartbeat(_) | Event::Monitor));
        // A node whose heartbeat state and Ready condition disagree will be noticed.
        quiet && self.nodes.iter().all(|node| node.up == node.ready)
    }

    /// The next step, however far off; false when the cluster has settled (the clock then
    /// stands at the last thing that happened).
    pub fn step(&mut self) -> bool {
        while !self.settled() {
            if self.handle_next() {
                return true;
            }
        }
        false
    }

    /// Brings the clock to where a link says an action happened: `events` events handled and
    /// the clock at `now`.
    pub fn run_to(&mut self, events: u64, now: Millis) {
        while self.events_handled < events && self.next_due().is_some() {
            self.handle_next();
        }
        self.now = self.now.max(now);
    }

    /// Steps until the cluster settles, at most `limit` steps; the steps taken.
    pub fn settle(&mut self, limit: usize) -> usize {
        (0..limit).take_while(|_| self.step()).count()
    }

    fn sync(&mut self, component: Component) -> Option<Step> {
        match component {
            Component::DeploymentController => self.sync_deployment(),
            Component::ReplicaSetController => self.sync_replica_sets(),
            Component::Scheduler => self.schedule_one(),
            Component::Kubelet(node) => self.sync_kubelet(node),
            Component::Kubectl | Component::ApiServer | Component::NodeController => None,
        }
    }

    /// Hands a batch of watch events to every component that watches that kind.
    fn deliver(&mut self, kind: Kind, verb: Verb, names: Vec<String>) -> Option<Step> {
        let mut watchers = Vec::new();
        match kind {
            Kind::Deployment => watchers.push(Component::DeploymentController),
            Kind::ReplicaSet => watchers.extend([Component::DeploymentController, Component::ReplicaSetController]),
            Kind::Pod => {
                watchers.push(Component::ReplicaSetController);
                let unscheduled = names.iter().any(|name| {
                    self.pod(name).is_some_and(|pod| pod.node.is_none() && pod.active()) && !self.parked.contains(name)
                });
                // A deleted pod frees room: the scheduler retries the pods it parked.
                let retry = verb == Verb::Deleted && !self.parked.is_empty();
                if retry {
                    self.parked.clear();
                }
                if unscheduled || retry {
                    watchers.push(Component::Scheduler);
                }
                for name in &names {
                    let node = self.pod(name).and_then(|pod| pod.node);
                    if let Some(node) = node.filter(|&node| self.nodes[node].up) {
                        let kubelet = Component::Kubelet(node);
                        if !watchers.contains(&kubelet) {
                            watchers.push(kubelet);
                        }
                    }
                }
            }
            Kind::Node => {
                // The scheduler keeps every node in its cache, and retries the pods it parked.
                self.parked.clear();
                watchers.push(Component::Scheduler);
            }
        }
        for &watcher in &watchers {
            self.wake(watcher);
        }
        let mut objects = String::new();
        for (index, name) in names.iter().enumerate() {
            if index > 0 {
                objects.push_str(", ");
            }
            objects.push_str(kind.name());
            objects.push('/');
            objects.push_str(name);
        }
        let told: Vec<String> = watchers.iter().map(|watcher| watcher.name()).collect();
        let detail = if told.is_empty() {
            "No component watches for this change right now.".to_string()
        } else {
            format!(
                "Watchers of {}s notified: {}. Each will compare what it wants with what it sees.",
                kind.name(),
                told.join(", ")
            )
        };
        let mut step =
            Step::new(Component::ApiServer, Component::ApiServer, "Watch", objects, format!("{} ", verb.name()))
                .detail(detail);
        step.message
            .push_str(&format!("watch event to {}", if told.is_empty() { "no one".into() } else { told.join(", ") }));
        step.to = watchers;
        Some(step)
    }

    /// A pod's name as its ReplicaSet makes it: five random characters from the alphabet
    /// Kubernetes uses for generated names (no vowels, no look-alike digits).
    pub(crate) fn pod_name(&mut self, replica_set: &str) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let suffix: String = (0..5).map(|_| ALPHABET[self.rng.below(ALPHABET.len() as u64) as usize] as char).collect();
        format!("{replica_set}-{suffix}")
    }
}
