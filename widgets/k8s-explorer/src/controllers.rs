//! The Deployment and ReplicaSet controllers of kube-controller-manager. Each sync compares
//! the desired state in a spec with the observed state and makes at most one kind of change,
//! as the real controllers do (`pkg/controller/deployment/rolling.go`, `sync.go`, and
//! `pkg/controller/replicaset`): the next watch event brings them back for the next change.

use std::cmp::Reverse;

use crate::cluster::{Cluster, Component, Step};
use crate::nodes::count;
use crate::objects::{DeploymentStatus, Kind, Pod, PodState, ReplicaSet, ReplicaSetStatus, Verb};
use crate::spec::Template;

const DC: Component = Component::DeploymentController;
const RSC: Component = Component::ReplicaSetController;

/// A ReplicaSet's replicas counted as available: never more than it is asked for, so a
/// scale-down the ReplicaSet has not acted on yet is not counted twice.
fn counted_available(rs: &ReplicaSet) -> u32 {
    rs.status.available.min(rs.replicas)
}

/// The pod-template hash: the name suffix that ties a ReplicaSet to its template, in the
/// alphabet Kubernetes uses for it.
fn template_hash(template: Template, collision: u32) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let key = (template.image as u64) << 40
        | u64::from(template.requests.cpu) << 20
        | u64::from(template.requests.memory)
        | u64::from(collision) << 56;
    let mut hash = kit::hash::mix64(key);
    (0..10)
        .map(|_| {
            let letter = ALPHABET[(hash % ALPHABET.len() as u64) as usize] as char;
            hash /= ALPHABET.len() as u64;
            letter
        })
        .collect()
}

impl Cluster {
    /// One pass of the Deployment controller.
    pub(crate) fn sync_deployment(&mut self) -> Option<Step> {
        let deployment = self.deployment.as_mut()?;
        deployment.observed_generation = deployment.generation;
        let spec = deployment.spec;
        let Some(new) = self.replica_sets.iter().position(|rs| rs.template == spec.template) else {
            return Some(self.create_replica_set());
        };
        if let Some(step) = self.scale_proportionally(new) {
            return Some(step);
        }
        if let Some(step) = self.scale_new_replica_set(new) {
            return Some(step);
        }
        if let Some(step) = self.scale_down_old_replica_sets(new) {
            return Some(step);
        }
        self.update_deployment_status(new)
    }

    fn create_replica_set(&mut self) -> Step {
        let spec = self.deployment.as_ref().expect("synced with a deployment").spec;
        let (surge, _) = spec.rolling_bounds();
        let existing: u32 = self.replica_sets.iter().map(|rs| rs.replicas).sum();
        let ceiling = spec.replicas + surge;
        // The new ReplicaSet may start with as many pods as the surge leaves room for.
        let replicas = ceiling.saturating_sub(existing).min(spec.replicas);
        let mut collision = 0;
        let name = loop {
            let name = format!("web-{}", template_hash(spec.template, collision));
            if self.replica_sets.iter().all(|rs| rs.name != name) {
                break name;
            }
            collision += 1;
        };
        let revision = self.replica_sets.iter().map(|rs| rs.revision).max().unwrap_or(0) + 1;
        self.replica_sets.push(ReplicaSet {
            name: name.clone(),
            template: spec.template,
            replicas,
            revision,
            desired_replicas: spec.replicas,
            created: self.now,
            status: ReplicaSetStatus::default(),
        });
        self.write(Kind::ReplicaSet, Verb::Added, &name);
        let detail = if existing == 0 {
            format!(
                "No ReplicaSet runs the template {}: create revision {revision} with all {replicas} replicas.",
                spec.template.image_name()
            )
        } else {
            format!(
                "The template changed to {}: a new ReplicaSet (revision {revision}) starts a rolling update. Pods may number replicas + maxSurge = {ceiling}; the old ReplicaSets ask for {existing}, so it starts at {replicas}.",
                spec.template.image_name()
            )
        };
        Step::new(
            DC,
            Component::ApiServer,
            "ScalingReplicaSet",
            "deployment/web".to_string(),
            format!("Scaled up replica set {name} from 0 to {replicas}"),
        )
        .detail(detail)
    }

    /// A change of replicas alone (no new template): spread it over the ReplicaSets that have
    /// pods, in proportion to their size, as the Deployment docs describe for scaling mid-rollout.
    fn scale_proportionally(&mut self, new: usize) -> Option<Step> {
        let spec = self.deployment.as_ref()?.spec;
        let active: Vec<usize> = (0..self.replica_sets.len()).filter(|&i| self.replica_sets[i].replicas > 0).collect();
        if active.iter().all(|&i| self.replica_sets[i].desired_replicas == spec.replicas) {
            return None;
        }
        if active.len() <= 1 {
            let target = active.first().copied().unwrap_or(new);
            let rs = &mut self.replica_sets[target];
            rs.desired_replicas = spec.replicas;
            if rs.replicas == spec.replicas {
                return None;
            }
            let from = rs.replicas;
            rs.replicas = spec.replicas;
            let name = rs.name.clone();
            self.write(Kind::ReplicaSet, Verb::Modified, &name);
            let direction = if spec.replicas > from { "up" } else { "down" };
            return Some(
                Step::new(
                    DC,
                    Component::ApiServer,
                    "ScalingReplicaSet",
                    "deployment/web".into(),
                    format!("Scaled {direction} replica set {name} from {from} to {}", spec.replicas),
                )
                .detail(format!(
                    "The Deployment now wants {} replicas; its only active ReplicaSet has {from}.",
                    spec.replicas
                )),
            );
        }
        let (surge, _) = spec.rolling_bounds();
        let allowed = i64::from(spec.replicas + surge);
        let total: i64 = active.iter().map(|&i| i64::from(self.replica_sets[i].replicas)).sum();
        let change = allowed - total;
        let mut order = active.clone();
        // Growth goes to the largest (newest on ties), shrinking to the largest (oldest on ties).
        order.sort_by_key(|&i| {
            let rs = &self.replica_sets[i];
            let created = rs.created as i64;
            (Reverse(rs.replicas), if change > 0 { -created } else { created })
        });
        // Each ReplicaSet moves to its share of the new total, rounded to the nearest pod, as
        // long as the change is not used up; what rounding leaves over goes to the largest.
        let mut left = change;
        let mut shares = vec![0i64; self.replica_sets.len()];
        for &i in &order {
            let size = i64::from(self.replica_sets[i].replicas);
            let proportional = (2 * size * allowed + total) / (2 * total.max(1)) - size;
            let share = if change > 0 { proportional.min(left) } else { proportional.max(left) };
            shares[i] = share;
            left -= share;
        }
        shares[order[0]] += left;
        let mut changes = Vec::new();
        for &i in &order {
            let rs = &mut self.replica_sets[i];
            rs.desired_replicas = spec.replicas;
            let to = (i64::from(rs.replicas) + shares[i]).max(0) as u32;
            if to != rs.replicas {
                changes.push(format!("{} {} → {}", rs.name, rs.replicas, to));
                rs.replicas = to;
            }
        }
        let names: Vec<String> = order.iter().map(|&i| self.replica_sets[i].name.clone()).collect();
        for name in &names {
            self.write(Kind::ReplicaSet, Verb::Modified, name);
        }
        Some(
            Step::new(DC, Component::ApiServer, "ScalingReplicaSet", "deployment/web".into(), format!("Scaled replica sets proportionally: {}", changes.join(", ")))
                .detail(format!("A scaling event in the middle of a rollout: {change:+} pods are spread over the ReplicaSets that have pods, in proportion to their size (replicas + maxSurge = {allowed}).")),
        )
    }

    /// The rolling update's first half: grow the new ReplicaSet as far as maxSurge allows.
    fn scale_new_replica_set(&mut self, new: usize) -> Option<Step> {
        let spec = self.deployment.as_ref()?.spec;
        let (surge, _) = spec.rolling_bounds();
        let from = self.replica_sets[new].replicas;
        let total: u32 = self.replica_sets.iter().map(|rs| rs.replicas).sum();
        let ceiling = spec.replicas + surge;
        let (to, detail) = if from > spec.replicas {
            (spec.replicas, format!("The new ReplicaSet asks for {from}, more than the {} wanted.", spec.replicas))
        } else if from < spec.replicas && total < ceiling {
            let to = (from + ceiling - total).min(spec.replicas);
            let detail = format!(
                "maxSurge {}: at most replicas + maxSurge = {} + {surge} = {ceiling} pods. The ReplicaSets ask for {total}, so the new one may grow by {}.",
                spec.max_surge.label(),
                spec.replicas,
                to - from
            );
            (to, detail)
        } else {
            return None;
        };
        let rs = &mut self.replica_sets[new];
        rs.replicas = to;
        rs.desired_replicas = spec.replicas;
        let name = rs.name.clone();
        self.write(Kind::ReplicaSet, Verb::Modified, &name);
        let direction = if to > from { "up" } else { "down" };
        Some(
            Step::new(
                DC,
                Component::ApiServer,
                "ScalingReplicaSet",
                "deployment/web".into(),
                format!("Scaled {direction} replica set {name} from {from} to {to}"),
            )
            .detail(detail),
        )
    }

    /// The rolling update's second half: shrink the old ReplicaSets, first by their pods that
    /// are not available anyway, then by as many available pods as maxUnavailable allows.
    fn scale_down_old_replica_sets(&mut self, new: usize) -> Option<Step> {
        let spec = self.deployment.as_ref()?.spec;
        let (_, unavailable) = spec.rolling_bounds();
        let old: Vec<usize> = {
            let mut old: Vec<usize> =
                (0..self.replica_sets.len()).filter(|&i| i != new && self.replica_sets[i].replicas > 0).collect();
            old.sort_by_key(|&i| self.replica_sets[i].created);
            old
        };
        if old.is_empty() {
            return None;
        }
        let total: u32 = self.replica_sets.iter().map(|rs| rs.replicas).sum();
        let min_available = spec.replicas.saturating_sub(unavailable);
        let new_rs = &self.replica_sets[new];
        let new_unavailable = new_rs.replicas - counted_available(new_rs);
        let mut budget = i64::from(total) - i64::from(min_available) - i64::from(new_unavailable);
        if budget <= 0 {
            return None;
        }
        let mut changes: Vec<(usize, u32, u32)> = Vec::new();
        // Pods of old ReplicaSets that are not available cost nothing to remove.
        for &i in &old {
            let rs = &mut self.replica_sets[i];
            let unhealthy = i64::from(rs.replicas - counted_available(rs)).min(budget);
            if unhealthy > 0 {
                let from = rs.replicas;
                rs.replicas -= unhealthy as u32;
                budget -= unhealthy;
                changes.push((i, from, rs.replicas));
            }
        }
        let available: u32 = self.replica_sets.iter().map(counted_available).sum();
        let mut removable = available.saturating_sub(min_available);
        for &i in &old {
            let rs = &mut self.replica_sets[i];
            let cut = rs.replicas.min(removable);
            if cut > 0 {
                let from = changes.iter().find(|c| c.0 == i).map_or(rs.replicas, |c| c.1);
                rs.replicas -= cut;
                removable -= cut;
                changes.retain(|c| c.0 != i);
                changes.push((i, from, rs.replicas));
            }
        }
        if changes.is_empty() {
            return None;
        }
        let mut messages = Vec::new();
        for &(i, from, to) in &changes {
            self.replica_sets[i].desired_replicas = spec.replicas;
            let name = self.replica_sets[i].name.clone();
            self.write(Kind::ReplicaSet, Verb::Modified, &name);
            messages.push(format!("Scaled down replica set {name} from {from} to {to}"));
        }
        Some(
            Step::new(DC, Component::ApiServer, "ScalingReplicaSet", "deployment/web".into(), messages.join("; "))
                .detail(format!(
                    "maxUnavailable {}: at least replicas − maxUnavailable = {} − {unavailable} = {min_available} pods must stay available. {available} are, so old pods can go.",
                    spec.max_unavailable.label(),
                    spec.replicas
                )),
        )
    }

    fn update_deployment_status(&mut self, new: usize) -> Option<Step> {
        let status = DeploymentStatus {
            replicas: self.replica_sets.iter().map(|rs| rs.status.replicas).sum(),
            updated: self.replica_sets[new].status.replicas,
            ready: self.replica_sets.iter().map(|rs| rs.status.ready).sum(),
            available: self.replica_sets.iter().map(|rs| rs.status.available).sum(),
        };
        let deployment = self.deployment.as_mut()?;
        if deployment.status == status {
            return None;
        }
        let wanted = deployment.spec.replicas;
        deployment.status = status.clone();
        self.write(Kind::Deployment, Verb::Modified, "web");
        let complete = status.updated == wanted && status.available == wanted && status.replicas == wanted;
        Some(
            Step::new(
                DC,
                Component::ApiServer,
                "StatusUpdate",
                "deployment/web".into(),
                format!(
                    "status: {} updated, {} ready, {} available of {wanted}",
                    status.updated, status.ready, status.available
                ),
            )
            .detail(if complete {
                "Every pod runs the current template and is available: the rollout is complete.".into()
            } else {
                "The controller records what it observes; it acts again when a ReplicaSet changes.".into()
            }),
        )
    }

    /// One pass of the ReplicaSet controller over the first ReplicaSet whose pods or status
    /// differ from its spec.
    pub(crate) fn sync_replica_sets(&mut self) -> Option<Step> {
        for index in 0..self.replica_sets.len() {
            if let Some(step) = self.sync_replica_set(index) {
                // Other ReplicaSets may need work too: the queue holds their keys.
                self.wake(RSC);
                return Some(step);
            }
        }
        None
    }

    fn sync_replica_set(&mut self, index: usize) -> Option<Step> {
        let rs = self.replica_sets[index].clone();
        let active: Vec<usize> =
            (0..self.pods.len()).filter(|&p| self.pods[p].owner == rs.name && self.pods[p].active()).collect();
        let have = active.len() as u32;
        if have < rs.replicas {
            let mut names = Vec::new();
            for _ in have..rs.replicas {
                let name = self.pod_name(&rs.name);
                self.pods.push(Pod {
                    name: name.clone(),
                    owner: rs.name.clone(),
                    template: rs.template,
                    node: None,
                    state: PodState::Pending,
                    ready: false,
                    deleting: None,
                    created: self.now,
                    unschedulable: None,
                    admitted: false,
                    stopping: false,
                });
                self.write(Kind::Pod, Verb::Added, &name);
                names.push(name);
            }
            self.update_replica_set_status(index);
            return Some(
                Step::new(
                    RSC,
                    Component::ApiServer,
                    "SuccessfulCreate",
                    format!("replicaset/{}", rs.name),
                    format!("Created pod: {}", names.join(", ")),
                )
                .detail(format!(
                    "{} wants {} and sees {have} (terminating pods do not count): create {}.",
                    rs.name,
                    count(rs.replicas as usize, "pod", "pods"),
                    rs.replicas - have
                )),
            );
        }
        if have > rs.replicas {
            let mut ranked = active;
            // Which pods go first, as the ReplicaSet controller ranks them: unscheduled, then
            // not yet running, then not ready, then the newest.
            ranked.sort_by_key(|&p| {
                let pod = &self.pods[p];
                (pod.node.is_some(), pod.state == PodState::Running, pod.ready, Reverse(pod.created))
            });
            let names: Vec<String> =
                ranked.iter().take((have - rs.replicas) as usize).map(|&p| self.pods[p].name.clone()).collect();
            for name in &names {
                self.delete_pod(name);
            }
            self.update_replica_set_status(index);
            return Some(
                Step::new(
                    RSC,
                    Component::ApiServer,
                    "SuccessfulDelete",
                    format!("replicaset/{}", rs.name),
                    format!("Deleted pod: {}", names.join(", ")),
                )
                .detail(format!(
                    "{} wants {} and sees {have}: delete {}, unscheduled and not-ready pods first, then the newest.",
                    rs.name,
                    count(rs.replicas as usize, "pod", "pods"),
                    have - rs.replicas
                )),
            );
        }
        if self.update_replica_set_status(index) {
            let status = &self.replica_sets[index].status;
            return Some(
                Step::new(RSC, Component::ApiServer, "StatusUpdate", format!("replicaset/{}", rs.name), format!(
                    "status: {} pods, {} ready, {} available",
                    status.replicas, status.ready, status.available
                ))
                .detail("The pods match the spec; the controller records what it observes so the Deployment controller can act on it.".into()),
            );
        }
        None
    }

    /// Recomputes a ReplicaSet's status from its pods; writes it if it changed.
    fn update_replica_set_status(&mut self, index: usize) -> bool {
        let name = self.replica_sets[index].name.clone();
        let mut status = ReplicaSetStatus::default();
        for pod in self.pods.iter().filter(|pod| pod.owner == name && pod.active()) {
            status.replicas += 1;
            status.ready += u32::from(pod.ready);
            status.available += u32::from(pod.available());
        }
        if self.replica_sets[index].status == status {
            return false;
        }
        self.replica_sets[index].status = status;
        self.write(Kind::ReplicaSet, Verb::Modified, &name);
        true
    }
}
