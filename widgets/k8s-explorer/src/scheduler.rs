//! kube-scheduler, one pod per scheduling cycle: filter the nodes the pod cannot run on, score
//! the rest, bind to the best. The plugins modelled are the ones this cluster can exercise:
//! NodeUnschedulable and TaintToleration (filters), NodeResourcesFit (filter on requests, and
//! its default LeastAllocated score) and NodeResourcesBalancedAllocation (score). The default
//! profile's other plugins (topology spread, affinity, image locality...) are left out.

use crate::cluster::{Cluster, Component, Step};
use crate::objects::{Kind, PodState, TaintKey, Verb};
use crate::spec::Resources;

const SCHEDULER: Component = Component::Scheduler;

/// A node that passed every filter, and its score.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub node: usize,
    pub least_allocated: u32,
    pub balanced: u32,
}

impl Scored {
    pub fn total(&self) -> u32 {
        self.least_allocated + self.balanced
    }
}

impl Cluster {
    /// The sum of requests of the pods bound to a node, terminating ones included: their
    /// resources are not free until they are gone.
    pub fn requested_on(&self, node: usize) -> Resources {
        self.pods
            .iter()
            .filter(|pod| pod.node == Some(node))
            .fold(Resources::default(), |sum, pod| sum.plus(pod.template.requests))
    }

    /// Why a node cannot take a pod with these requests: empty when it can. The filters run in
    /// the default profile's order and the first that rejects the node gives the reasons, as the
    /// scheduling framework stops at the first failing filter plugin.
    pub fn filter_reasons(&self, node: usize, requests: Resources) -> Vec<&'static str> {
        let candidate = &self.nodes[node];
        if candidate.unschedulable {
            return vec!["node(s) were unschedulable"];
        }
        if candidate.tainted(TaintKey::Unreachable) {
            return vec!["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"];
        }
        let mut reasons = Vec::new();
        let after = self.requested_on(node).plus(requests);
        if after.cpu > candidate.allocatable.cpu {
            reasons.push("Insufficient cpu");
        }
        if after.memory > candidate.allocatable.memory {
            reasons.push("Insufficient memory");
        }
        reasons
    }

    /// LeastAllocated: the mean free share of CPU and memory after placing the pod, 0-100.
    /// BalancedAllocation: 100 × (1 − the standard deviation of the two used shares).
    pub fn score(&self, node: usize, requests: Resources) -> Scored {
        let capacity = self.nodes[node].allocatable;
        let used = self.requested_on(node).plus(requests);
        let share = |used: u32, capacity: u32| f64::from(used.min(capacity)) / f64::from(capacity.max(1));
        let (cpu, memory) = (share(used.cpu, capacity.cpu), share(used.memory, capacity.memory));
        let least_allocated = ((1.0 - cpu) + (1.0 - memory)) * 50.0;
        // The standard deviation of two values is half their distance.
        let balanced = (1.0 - (cpu - memory).abs() / 2.0) * 100.0;
        Scored { node, least_allocated: least_allocated as u32, balanced: balanced as u32 }
    }

    /// The scheduler's FailedScheduling message: "0/N nodes are available: " and each reason
    /// with the number of nodes that gave it, sorted, as `FitError` formats it.
    pub fn unschedulable_message(&self, reasons: &[Vec<&'static str>]) -> String {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for reason in reasons.iter().flatten() {
            match counts.iter_mut().find(|(r, _)| r == reason) {
                Some((_, count)) => *count += 1,
                None => counts.push((reason, 1)),
            }
        }
        let mut parts: Vec<String> = counts.iter().map(|(reason, count)| format!("{count} {reason}")).collect();
        parts.sort();
        format!("0/{} nodes are available: {}.", self.nodes.len(), parts.join(", "))
    }

    /// One scheduling cycle for the first pod waiting for a node.
    pub(crate) fn schedule_one(&mut self) -> Option<Step> {
        let waiting = |cluster: &Cluster| {
            cluster
                .pods
                .iter()
                .position(|pod| pod.node.is_none() && pod.active() && !cluster.parked.contains(&pod.name))
        };
        let index = waiting(self)?;
        let (name, requests) = (self.pods[index].name.clone(), self.pods[index].template.requests);
        let reasons: Vec<Vec<&'static str>> =
            (0..self.nodes.len()).map(|node| self.filter_reasons(node, requests)).collect();
        let feasible: Vec<Scored> = (0..self.nodes.len())
            .filter(|&node| reasons[node].is_empty())
            .map(|node| self.score(node, requests))
            .collect();
        let step = if feasible.is_empty() {
            let message = self.unschedulable_message(&reasons);
            self.pods[index].unschedulable = Some(message.clone());
            self.parked.push(name.clone());
            self.write(Kind::Pod, Verb::Modified, &name);
            Step::new(SCHEDULER, Component::ApiServer, "FailedScheduling", format!("pod/{name}"), message)
                .detail("No node passes the filters: the pod stays Pending (PodScheduled=False, reason Unschedulable) until a node or a freed request changes the picture.".into())
                .warning()
        } else {
            let best = feasible.iter().map(Scored::total).max().unwrap_or(0);
            let ties: Vec<&Scored> = feasible.iter().filter(|scored| scored.total() == best).collect();
            // Ties are broken at random.
            let chosen = ties[self.rng.below(ties.len() as u64) as usize].node;
            let pod = &mut self.pods[index];
            pod.node = Some(chosen);
            pod.state = PodState::Creating;
            pod.unschedulable = None;
            self.write(Kind::Pod, Verb::Modified, &name);
            let mut detail = String::from("Filter: ");
            let verdicts: Vec<String> = (0..self.nodes.len())
                .map(|node| match reasons[node].as_slice() {
                    [] => format!("{} fits", self.nodes[node].name),
                    reasons => format!("{} {}", self.nodes[node].name, reasons.join(", ").replace("node(s) ", "")),
                })
                .collect();
            detail.push_str(&verdicts.join("; "));
            detail.push_str(". Score (least allocated + balanced): ");
            let scores: Vec<String> = feasible
                .iter()
                .map(|scored| {
                    format!(
                        "{} {} + {} = {}",
                        self.nodes[scored.node].name,
                        scored.least_allocated,
                        scored.balanced,
                        scored.total()
                    )
                })
                .collect();
            detail.push_str(&scores.join("; "));
            detail.push('.');
            Step::new(
                SCHEDULER,
                Component::ApiServer,
                "Scheduled",
                format!("pod/{name}"),
                format!("Successfully assigned default/{name} to {}", self.nodes[chosen].name),
            )
            .detail(detail)
        };
        if waiting(self).is_some() {
            self.wake(SCHEDULER);
        }
        Some(step)
    }
}
