//! The explorer's control loops against what Kubernetes does: convergence after every action,
//! the rolling update's bounds, the timing of eviction from a failed node, and the scheduler's
//! verdict on pods that fit nowhere.

use k8s_explorer::actions::Action;
use k8s_explorer::cluster::Cluster;
use k8s_explorer::config::{replay, Config, Setup};
use k8s_explorer::objects::PodState;
use k8s_explorer::spec::{Bound, DeploymentSpec, Resources, BOUNDS};
use k8s_explorer::timing::{Millis, NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD, SECOND, TOLERATION_SECONDS};

const STEPS: usize = 20_000;

fn setup(nodes: usize, spec: DeploymentSpec) -> Setup {
    Setup { nodes, seed: 7, spec, settled: true, then: None }
}

fn spec(replicas: u32) -> DeploymentSpec {
    DeploymentSpec { replicas, ..DeploymentSpec::default() }
}

/// The desired state, reached: every wanted pod runs the current template, ready, on a live
/// node, and nothing else is left but pods stuck Terminating on a dead node.
fn assert_converged(cluster: &Cluster) {
    let deployment = cluster.deployment.as_ref().expect("a deployment");
    let spec = deployment.spec;
    let active: Vec<_> = cluster.pods.iter().filter(|pod| pod.active()).collect();
    assert_eq!(active.len() as u32, spec.replicas, "pods at t={}", cluster.now);
    for pod in &active {
        assert_eq!(pod.template, spec.template, "{}", pod.name);
        assert!(pod.ready && pod.state == PodState::Running, "{} not ready", pod.name);
        assert!(cluster.nodes[pod.node.unwrap()].up, "{} on a dead node", pod.name);
    }
    for pod in cluster.pods.iter().filter(|pod| !pod.active()) {
        assert!(!cluster.nodes[pod.node.unwrap()].up, "{} still terminating on a live node", pod.name);
    }
    for rs in &cluster.replica_sets {
        let wanted = if rs.template == spec.template { spec.replicas } else { 0 };
        assert_eq!(rs.replicas, wanted, "{}", rs.name);
    }
    assert_eq!(deployment.status.available, spec.replicas);
    assert_eq!(deployment.status.updated, spec.replicas);
    assert_eq!(deployment.observed_generation, deployment.generation);
}

fn settle(cluster: &mut Cluster) {
    let steps = cluster.settle(STEPS);
    assert!(steps < STEPS, "never settled");
}

#[test]
fn the_first_apply_converges() {
    let cluster = Config { settled: true, ..Config::default() }.setup().build();
    assert_converged(&cluster);
    assert_eq!(cluster.replica_sets.len(), 1);
    assert_eq!(cluster.replica_sets[0].revision, 1);
}

#[test]
fn every_action_converges() {
    let mut cluster = setup(4, spec(3)).build();
    let mut current = spec(3);
    let mut apply = |cluster: &mut Cluster, change: &dyn Fn(&mut DeploymentSpec)| {
        change(&mut current);
        assert!(cluster.act(Action::Apply(current)));
        settle(cluster);
        assert_converged(cluster);
    };
    apply(&mut cluster, &|spec| spec.replicas = 8);
    apply(&mut cluster, &|spec| spec.replicas = 2);
    apply(&mut cluster, &|spec| spec.template.image = 1);
    assert_eq!(cluster.replica_sets.len(), 2);

    let before: Vec<String> = cluster.pods.iter().map(|pod| pod.name.clone()).collect();
    assert!(cluster.act(Action::DeletePod));
    settle(&mut cluster);
    assert_converged(&cluster);
    assert!(cluster.pods.iter().any(|pod| !before.contains(&pod.name)), "a replacement");

    assert!(cluster.act(Action::Cordon(0)));
    apply(&mut cluster, &|spec| spec.template.image = 2);
    assert!(cluster.pods.iter().all(|pod| pod.node != Some(0)), "nothing lands on a cordoned node");
    assert!(cluster.act(Action::Uncordon(0)));

    apply(&mut cluster, &|spec| spec.replicas = 8);
    let drained = cluster.pods.iter().find_map(|pod| pod.node).unwrap();
    assert!(cluster.act(Action::Drain(drained)));
    settle(&mut cluster);
    assert_converged(&cluster);
    assert!(cluster.pods.iter().all(|pod| pod.node != Some(drained)), "the drained node is empty");
    assert!(cluster.act(Action::Uncordon(drained)));

    let failed = cluster.pods.iter().find_map(|pod| pod.node).unwrap();
    assert!(cluster.act(Action::FailNode(failed)));
    settle(&mut cluster);
    assert_converged(&cluster);
    assert!(cluster.pods.iter().any(|pod| pod.node == Some(failed) && !pod.active()), "stuck Terminating");
    assert!(cluster.act(Action::RecoverNode(failed)));
    settle(&mut cluster);
    assert_converged(&cluster);
    assert!(cluster.pods.iter().all(|pod| pod.active()), "the recovered kubelet finished the deletions");
}

#[test]
fn a_rolling_update_stays_within_max_surge_and_max_unavailable() {
    let small = Resources { cpu: 100, memory: 128 };
    let mut cases = 0;
    for replicas in [1, 2, 3, 4, 5, 8, 10, 12] {
        for &max_surge in BOUNDS {
            for &max_unavailable in BOUNDS {
                let mut spec = DeploymentSpec { replicas, max_surge, max_unavailable, ..DeploymentSpec::default() };
                if spec.both_bounds_zero() {
                    continue;
                }
                spec.template.requests = small;
                let (surge, unavailable) = spec.rolling_bounds();
                let mut cluster = setup(6, spec).build();
                assert_converged(&cluster);
                spec.template.image = 1;
                cluster.act(Action::Apply(spec));
                let (mut most_pods, mut fewest_available) = (0, u32::MAX);
                for _ in 0..STEPS {
                    let pods = cluster.pods.iter().filter(|pod| pod.active()).count() as u32;
                    let available = cluster.pods.iter().filter(|pod| pod.available()).count() as u32;
                    assert!(pods <= replicas + surge, "{pods} pods > {replicas} + {surge} ({spec:?})");
                    assert!(
                        available + unavailable >= replicas,
                        "{available} available < {replicas} - {unavailable} ({spec:?})"
                    );
                    most_pods = most_pods.max(pods);
                    fewest_available = fewest_available.min(available);
                    if !cluster.step() {
                        break;
                    }
                }
                assert_converged(&cluster);
                // The bounds are reached, not merely respected, when the other bound leaves no
                // choice: with nothing allowed unavailable the surge must be used, and with no
                // surge the old pods must go first.
                if unavailable == 0 {
                    assert_eq!(most_pods, replicas + surge.min(replicas), "{spec:?}");
                }
                if surge == 0 {
                    assert_eq!(fewest_available, replicas - unavailable.min(replicas), "{spec:?}");
                }
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 8 * 35);
}

#[test]
fn a_failed_nodes_pods_are_replaced_after_the_grace_period_and_the_toleration() {
    for seed in 1..=20 {
        let mut cluster = Setup { seed, ..setup(4, spec(6)) }.build();
        cluster.advance(cluster.now + 17 * SECOND);
        let node = cluster.pods[0].node.unwrap();
        let old: Vec<String> =
            cluster.pods.iter().filter(|pod| pod.node == Some(node)).map(|pod| pod.name.clone()).collect();
        let last_heartbeat = cluster.nodes[node].last_heartbeat;
        assert!(cluster.act(Action::FailNode(node)));
        let (mut not_ready_at, mut replaced_at): (Option<Millis>, Option<Millis>) = (None, None);
        while replaced_at.is_none() && cluster.step() {
            if not_ready_at.is_none() && !cluster.nodes[node].ready {
                not_ready_at = Some(cluster.now);
            }
            if cluster.pods.iter().any(|pod| pod.active() && pod.node.is_none() && !old.contains(&pod.name)) {
                replaced_at = Some(cluster.now);
            }
        }
        let not_ready_at = not_ready_at.expect("the node was noticed");
        let replaced_at = replaced_at.expect("the pods were replaced");
        // Unknown at the first node-monitor pass after the grace period...
        assert!(not_ready_at > last_heartbeat + NODE_MONITOR_GRACE_PERIOD, "seed {seed}");
        assert!(not_ready_at <= last_heartbeat + NODE_MONITOR_GRACE_PERIOD + NODE_MONITOR_PERIOD, "seed {seed}");
        // ...and the replacements only once the 300 s toleration has run out after that.
        assert!(replaced_at >= not_ready_at + TOLERATION_SECONDS, "seed {seed}");
        assert!(replaced_at <= not_ready_at + TOLERATION_SECONDS + SECOND, "seed {seed}");
        settle(&mut cluster);
        assert_converged(&cluster);
    }
}

#[test]
fn a_pod_that_fits_nowhere_stays_pending_with_the_schedulers_reason() {
    let reasons = |cpu: u32, memory: u32, cordon: bool| {
        let mut spec = spec(4);
        spec.template.requests = Resources { cpu, memory };
        let mut cluster = Setup { settled: false, ..setup(4, spec) }.build();
        if cordon {
            cluster.act(Action::Cordon(0));
        }
        settle(&mut cluster);
        let pending: Vec<_> = cluster.pods.iter().filter(|pod| pod.state == PodState::Pending).collect();
        assert!(!pending.is_empty());
        assert!(pending.iter().all(|pod| pod.node.is_none()));
        (cluster.clone(), pending[0].unschedulable.clone().expect("a FailedScheduling message"))
    };
    assert_eq!(reasons(3_000, 256, false).1, "0/4 nodes are available: 4 Insufficient cpu.");
    assert_eq!(reasons(250, 6_144, false).1, "0/4 nodes are available: 4 Insufficient memory.");
    assert_eq!(reasons(3_000, 6_144, false).1, "0/4 nodes are available: 4 Insufficient cpu, 4 Insufficient memory.");
    // One 1.5-CPU pod per 2-CPU node: three fit on the nodes left after a cordon, the fourth not.
    let (mut cluster, message) = reasons(1_500, 256, true);
    assert_eq!(message, "0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu.");
    assert_eq!(cluster.pods.iter().filter(|pod| pod.ready).count(), 3);
    let last = cluster.log.iter().rev().find(|step| step.reason == "FailedScheduling").unwrap();
    assert!(last.warning);
    // A node is rejected by the first filter that fails: a cordoned node that is also too
    // small counts once, as unschedulable.
    let (_, message) = reasons(3_000, 256, true);
    assert_eq!(message, "0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu.");
    // Uncordoning frees a node: the parked pod is retried and placed.
    cluster.act(Action::Uncordon(0));
    settle(&mut cluster);
    assert_converged(&cluster);
}

#[test]
fn smaller_requests_replace_pods_that_never_fitted() {
    let mut spec = spec(3);
    spec.template.requests.cpu = 3_000;
    let mut cluster = setup(3, spec).build();
    assert!(cluster.pods.iter().all(|pod| pod.unschedulable.is_some()));
    spec.template.requests.cpu = 250;
    cluster.act(Action::Apply(spec));
    settle(&mut cluster);
    assert_converged(&cluster);
}

#[test]
fn scaling_in_the_middle_of_a_rollout_converges() {
    let mut spec = spec(6);
    let mut cluster = setup(5, spec).build();
    spec.template.image = 2;
    cluster.act(Action::Apply(spec));
    for _ in 0..40 {
        cluster.step();
    }
    assert!(cluster.replica_sets.iter().filter(|rs| rs.replicas > 0).count() == 2, "mid-rollout");
    spec.replicas = 10;
    cluster.act(Action::Apply(spec));
    settle(&mut cluster);
    assert_converged(&cluster);
}

#[test]
fn scaling_mid_rollout_follows_the_deployment_docs_example() {
    // The Deployment docs' example: 10 replicas, maxSurge 3, maxUnavailable 2, caught with 8 old
    // and 5 new pods, scaled to 15: 5 more are allowed, 3 go to the old ReplicaSet and 2 to the
    // new one.
    let mut spec =
        DeploymentSpec { replicas: 10, max_surge: Bound::Count(3), max_unavailable: Bound::Count(2), ..spec(10) };
    let mut cluster = setup(5, spec).build();
    spec.template.image = 1;
    cluster.act(Action::Apply(spec));
    let sizes = |cluster: &Cluster| (cluster.replica_sets[0].replicas, cluster.replica_sets[1].replicas);
    while cluster.replica_sets.len() < 2 || sizes(&cluster) != (8, 5) {
        assert!(cluster.step(), "the rollout passes through 8 old and 5 new");
    }
    spec.replicas = 15;
    cluster.act(Action::Apply(spec));
    while !cluster.last_step().unwrap().message.contains("proportionally") {
        assert!(cluster.step());
    }
    assert_eq!(sizes(&cluster), (11, 7));
    settle(&mut cluster);
    assert_converged(&cluster);
}

#[test]
fn both_bounds_zero_is_rejected_by_the_api_server() {
    let mut cluster = setup(3, spec(3)).build();
    let generation = cluster.deployment.as_ref().unwrap().generation;
    let spec = DeploymentSpec { max_surge: Bound::Count(0), max_unavailable: Bound::Count(0), ..spec(3) };
    cluster.act(Action::Apply(spec));
    assert!(cluster.last_step().unwrap().message.contains("may not be 0 when maxSurge is 0"));
    assert_eq!(cluster.deployment.as_ref().unwrap().generation, generation);
}

#[test]
fn random_actions_never_break_the_cluster() {
    for seed in 0..60u64 {
        let mut rng = kit::rng::Rng::seeded(seed);
        let nodes = 3 + (seed % 4) as usize;
        let mut cluster = Setup { seed, settled: seed % 2 == 0, ..setup(nodes, spec(3)) }.build();
        let mut spec = spec(3);
        for _ in 0..40 {
            let node = rng.below(nodes as u64 + 1) as usize;
            let action = match rng.below(9) {
                0 => {
                    spec.replicas = rng.below(13) as u32;
                    Action::Apply(spec)
                }
                1 => {
                    spec.template.image = rng.below(3) as usize;
                    spec.max_surge = BOUNDS[rng.below(6) as usize];
                    spec.max_unavailable = BOUNDS[rng.below(6) as usize];
                    Action::Apply(spec)
                }
                2 => {
                    spec.template.requests.cpu = [100, 250, 500, 1_000, 1_500, 3_000][rng.below(6) as usize];
                    Action::Apply(spec)
                }
                3 => Action::DeletePod,
                4 => Action::FailNode(node),
                5 => Action::RecoverNode(node),
                6 => Action::Cordon(node),
                7 => Action::Uncordon(node),
                _ => Action::Drain(node),
            };
            cluster.act(action);
            for _ in 0..rng.below(60) {
                cluster.step();
            }
            for node in 0..cluster.nodes.len() {
                let requested = cluster.requested_on(node);
                assert!(
                    requested.fits_within(cluster.nodes[node].allocatable),
                    "node {node} overcommitted, seed {seed}"
                );
            }
            assert!(cluster.pods.iter().all(|pod| pod.node.is_none_or(|node| node < nodes)));
        }
    }
}

#[test]
fn a_link_replays_what_the_reader_saw() {
    let setup = setup(4, spec(4));
    let mut live = setup.build();
    let mut actions = Vec::new();
    let mut spec = spec(4);
    for (round, action) in
        [Action::DeletePod, Action::FailNode(1), Action::Cordon(2), Action::DeletePod].into_iter().enumerate()
    {
        for _ in 0..7 + round {
            live.step();
        }
        live.advance(live.now + 3 * SECOND);
        actions.push((live.events_handled, live.now, action));
        live.act(action);
    }
    spec.template.image = 1;
    actions.push((live.events_handled, live.now, Action::Apply(spec)));
    live.act(Action::Apply(spec));
    for _ in 0..25 {
        live.step();
    }
    let replayed = replay(&setup, &actions, live.events_handled, live.now);
    let names =
        |cluster: &Cluster| cluster.pods.iter().map(|pod| (pod.name.clone(), pod.node, pod.ready)).collect::<Vec<_>>();
    assert_eq!(names(&replayed), names(&live));
    assert_eq!(replayed.log, live.log);
}
