//! Everything about nodes: each kubelet (its heartbeat, and starting and stopping the pods bound
//! to it), the node lifecycle controller that notices silent nodes, and the taint-based eviction
//! that deletes their pods once the pods' tolerations run out.

use crate::cluster::{Cluster, Component, Event, Step};
use crate::objects::{Kind, PodState, Taint, TaintKey, Verb};
use crate::timing::{
    Millis, IMAGE_CACHED, IMAGE_PULL, LEASE_RENEW_INTERVAL, NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD,
    READY_AFTER_START, SECOND, SHUTDOWN, TOLERATION_SECONDS,
};

const NODE_CONTROLLER: Component = Component::NodeController;

/// "1 pod", "3 pods".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "52 s", "5 min 10 s".
pub fn duration_label(millis: Millis) -> String {
    let seconds = millis / SECOND;
    match (seconds / 60, seconds % 60) {
        (0, seconds) => format!("{seconds} s"),
        (minutes, 0) => format!("{minutes} min"),
        (minutes, seconds) => format!("{minutes} min {seconds} s"),
    }
}

impl Cluster {
    /// Deletes a pod as the API server does: a pod no node has taken is gone at once; a bound
    /// one gets a deletion timestamp (Terminating) and its kubelet finishes the job.
    pub(crate) fn delete_pod(&mut self, name: &str) {
        let Some(index) = self.pods.iter().position(|pod| pod.name == name) else { return };
        if !self.pods[index].active() {
            return;
        }
        self.parked.retain(|parked| parked != name);
        if self.pods[index].node.is_none() {
            self.pods.remove(index);
            self.write(Kind::Pod, Verb::Deleted, name);
        } else {
            self.pods[index].deleting = Some(self.now);
            self.write(Kind::Pod, Verb::Modified, name);
        }
    }

    /// A kubelet renews its node's Lease, if it is alive.
    pub(crate) fn heartbeat(&mut self, node: usize) {
        if self.nodes[node].up {
            self.nodes[node].last_heartbeat = self.now;
        }
        self.schedule(LEASE_RENEW_INTERVAL, Event::Heartbeat(node));
    }

    /// The node lifecycle controller's periodic pass over every node's last heartbeat.
    pub(crate) fn monitor_nodes(&mut self) -> Option<Step> {
        self.schedule(NODE_MONITOR_PERIOD, Event::Monitor);
        let mut step: Option<Step> = None;
        for node in 0..self.nodes.len() {
            let silence = self.now - self.nodes[node].last_heartbeat;
            let news = if self.nodes[node].ready && silence > NODE_MONITOR_GRACE_PERIOD {
                self.mark_unreachable(node, silence)
            } else if !self.nodes[node].ready && silence <= NODE_MONITOR_GRACE_PERIOD {
                self.mark_reachable(node)
            } else {
                continue;
            };
            match &mut step {
                Some(step) => {
                    step.message.push_str("; ");
                    step.message.push_str(&news.message);
                }
                None => step = Some(news),
            }
        }
        step
    }

    fn mark_unreachable(&mut self, node: usize, silence: Millis) -> Step {
        let name = self.nodes[node].name.clone();
        self.nodes[node].ready = false;
        self.nodes[node].taints.push(Taint { key: TaintKey::Unreachable, no_execute: true });
        self.write(Kind::Node, Verb::Modified, &name);
        let pods: Vec<String> =
            self.pods.iter().filter(|pod| pod.node == Some(node) && pod.active()).map(|pod| pod.name.clone()).collect();
        for pod in &pods {
            if let Some(pod) = self.pod_mut(pod) {
                pod.ready = false;
            }
            self.write(Kind::Pod, Verb::Modified, pod);
            self.schedule(TOLERATION_SECONDS, Event::Evict(pod.clone()));
        }
        Step::new(NODE_CONTROLLER, Component::ApiServer, "NodeNotReady", format!("node/{name}"), format!("Node {name} status is now: NodeNotReady"))
            .detail(format!(
                "Last heartbeat {} ago, more than the {} node-monitor-grace-period: Ready becomes Unknown, the node is tainted node.kubernetes.io/unreachable (NoSchedule and NoExecute), and its {} marked not ready. Each tolerates the taint for {} before eviction.",
                duration_label(silence),
                duration_label(NODE_MONITOR_GRACE_PERIOD),
                count(pods.len(), "pod is", "pods are"),
                duration_label(TOLERATION_SECONDS)
            ))
            .warning()
    }

    fn mark_reachable(&mut self, node: usize) -> Step {
        let name = self.nodes[node].name.clone();
        self.nodes[node].ready = true;
        self.nodes[node].taints.retain(|taint| taint.key != TaintKey::Unreachable);
        let on_node: Vec<String> =
            self.pods.iter().filter(|pod| pod.node == Some(node)).map(|pod| pod.name.clone()).collect();
        self.cancel(|event| matches!(event, Event::Evict(pod) if on_node.contains(pod)));
        self.write(Kind::Node, Verb::Modified, &name);
        Step::new(
            NODE_CONTROLLER,
            Component::ApiServer,
            "NodeReady",
            format!("node/{name}"),
            format!("Node {name} status is now: NodeReady"),
        )
        .detail("Heartbeats are back: the unreachable taint is removed and pending evictions are cancelled.".into())
    }

    /// The taint eviction controller's timer ran out for a pod on an unreachable node.
    pub(crate) fn evict(&mut self, name: &str) -> Option<Step> {
        let pod = self.pod(name)?;
        let node = pod.node?;
        if !pod.active() || !self.nodes[node].tainted(TaintKey::Unreachable) {
            return None;
        }
        self.delete_pod(name);
        Some(
            Step::new(NODE_CONTROLLER, Component::ApiServer, "TaintManagerEviction", format!("pod/{name}"), format!("Marking for deletion Pod default/{name}"))
                .detail(format!(
                    "The pod's default toleration of node.kubernetes.io/unreachable:NoExecute ({}) has run out. Its kubelet cannot hear about the deletion, so the pod stays Terminating; the ReplicaSet no longer counts it and creates a replacement.",
                    duration_label(TOLERATION_SECONDS)
                ))
                .warning(),
        )
    }

    /// A kubelet looks at the pods bound to its node: starts new ones, stops deleted ones, and
    /// after an outage reports the ones still running as ready again.
    pub(crate) fn sync_kubelet(&mut self, node: usize) -> Option<Step> {
        if !self.nodes[node].up {
            return None;
        }
        let mut pulling = Vec::new();
        let mut stopping = Vec::new();
        let mut recovered = Vec::new();
        for index in 0..self.pods.len() {
            let pod = &self.pods[index];
            if pod.node != Some(node) {
                continue;
            }
            let name = pod.name.clone();
            if pod.deleting.is_some() && !pod.stopping {
                self.pods[index].stopping = true;
                self.schedule(SHUTDOWN, Event::ContainerStopped(name.clone()));
                stopping.push(name);
            } else if pod.deleting.is_none() && !pod.admitted && pod.state == PodState::Creating {
                let (image, image_name) = (pod.template.image, pod.template.image_name());
                let cached = self.nodes[node].images.contains(&image);
                if !cached {
                    self.nodes[node].images.push(image);
                }
                self.pods[index].admitted = true;
                self.schedule(if cached { IMAGE_CACHED } else { IMAGE_PULL }, Event::ContainerStarted(name.clone()));
                pulling.push(format!("{name} ({image_name}{})", if cached { ", image present" } else { "" }));
            } else if pod.deleting.is_none()
                && pod.state == PodState::Running
                && !pod.ready
                && !self.is_queued(&Event::ContainerReady(name.clone()))
            {
                self.pods[index].ready = true;
                self.write(Kind::Pod, Verb::Modified, &name);
                recovered.push(name);
            }
        }
        let kubelet = Component::Kubelet(node);
        let mut parts = Vec::new();
        if !pulling.is_empty() {
            parts.push(format!("Pulling image and starting: {}", pulling.join(", ")));
        }
        if !stopping.is_empty() {
            parts.push(format!("Stopping container (SIGTERM): {}", stopping.join(", ")));
        }
        if !recovered.is_empty() {
            parts.push(format!("Still running, ready again: {}", recovered.join(", ")));
        }
        if parts.is_empty() {
            return None;
        }
        let reason = match (pulling.is_empty(), stopping.is_empty()) {
            (false, _) => "Pulling",
            (true, false) => "Killing",
            (true, true) => "StatusUpdate",
        };
        let mut step = Step::new(kubelet, kubelet, reason, format!("node/{}", self.nodes[node].name), parts.join("; "))
            .detail("The kubelet watches the pods bound to its node and makes the containers match: it pulls and starts new ones, and stops the ones being deleted (SIGTERM, then SIGKILL after the 30 s grace period if need be).".into());
        step.to = if recovered.is_empty() { Vec::new() } else { vec![Component::ApiServer] };
        Some(step)
    }

    pub(crate) fn container_started(&mut self, name: &str) -> Option<Step> {
        let pod = self.pods.iter_mut().find(|pod| pod.name == name && pod.deleting.is_none())?;
        let node = pod.node?;
        pod.state = PodState::Running;
        self.write(Kind::Pod, Verb::Modified, name);
        self.schedule(READY_AFTER_START, Event::ContainerReady(name.to_string()));
        Some(
            Step::new(Component::Kubelet(node), Component::ApiServer, "Started", format!("pod/{name}"), "Started container web".into())
                .detail("The container runs; the kubelet reports the pod Running but not yet Ready: its readiness probe has not passed.".into()),
        )
    }

    pub(crate) fn container_ready(&mut self, name: &str) -> Option<Step> {
        let pod = self.pods.iter_mut().find(|pod| pod.name == name && pod.deleting.is_none())?;
        let node = pod.node?;
        pod.ready = true;
        self.write(Kind::Pod, Verb::Modified, name);
        Some(
            Step::new(
                Component::Kubelet(node),
                Component::ApiServer,
                "StatusUpdate",
                format!("pod/{name}"),
                "Readiness probe succeeded: pod Ready 1/1".into(),
            )
            .detail(
                "A ready pod receives traffic from its Service and counts as available (minReadySeconds is 0).".into(),
            ),
        )
    }

    pub(crate) fn container_stopped(&mut self, name: &str) -> Option<Step> {
        let index = self.pods.iter().position(|pod| pod.name == name)?;
        let node = self.pods[index].node?;
        self.pods.remove(index);
        self.write(Kind::Pod, Verb::Deleted, name);
        Some(
            Step::new(
                Component::Kubelet(node),
                Component::ApiServer,
                "Deleted",
                format!("pod/{name}"),
                "Container exited; pod removed from the API server".into(),
            )
            .detail("Only now are the pod's requests free for the scheduler again.".into()),
        )
    }

    /// The reader fails a node: its kubelet goes silent and its timers stop.
    pub(crate) fn fail_node(&mut self, node: usize) {
        self.nodes[node].up = false;
        let on_node: Vec<String> =
            self.pods.iter().filter(|pod| pod.node == Some(node)).map(|pod| pod.name.clone()).collect();
        self.cancel(|event| match event {
            Event::ContainerStarted(pod) | Event::ContainerReady(pod) | Event::ContainerStopped(pod) => {
                on_node.contains(pod)
            }
            Event::Sync(Component::Kubelet(n)) => *n == node,
            _ => false,
        });
        for pod in self.pods.iter_mut().filter(|pod| pod.node == Some(node)) {
            // What the kubelet was doing is lost; it starts over when it is back.
            pod.admitted = pod.state == PodState::Running;
            pod.stopping = false;
        }
    }

    /// The reader brings a node back: it renews its Lease at once and resyncs its pods.
    pub(crate) fn recover_node(&mut self, node: usize) {
        self.nodes[node].up = true;
        self.nodes[node].last_heartbeat = self.now;
        self.wake(Component::Kubelet(node));
    }
}
