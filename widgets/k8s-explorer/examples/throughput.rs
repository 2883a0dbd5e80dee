//! Events per second the explorer's cluster handles natively (`cargo xtask bench`): a 12-pod
//! Deployment settles on 6 nodes, rolls out a new image, loses a node for ten simulated minutes
//! and gets it back. A link is replayed by running this kind of history from the start, so its
//! speed bounds how long a shared link takes to open.

use std::time::Instant;

use k8s_explorer::actions::Action;
use k8s_explorer::config::Setup;
use k8s_explorer::spec::{DeploymentSpec, Resources};

fn scenario(seed: u64) -> u64 {
    let mut spec = DeploymentSpec { replicas: 12, ..DeploymentSpec::default() };
    spec.template.requests = Resources { cpu: 250, memory: 256 };
    let mut cluster = Setup { nodes: 6, seed, spec, settled: true, then: None }.build();
    spec.template.image = 1;
    cluster.act(Action::Apply(spec));
    cluster.settle(10_000);
    cluster.act(Action::FailNode(0));
    cluster.advance(cluster.now + 600_000);
    cluster.act(Action::RecoverNode(0));
    cluster.settle(10_000);
    cluster.events_handled
}

fn main() {
    let runs = 50;
    let mut rates: Vec<f64> = (0..5)
        .map(|round| {
            let started = Instant::now();
            let events: u64 = (0..runs).map(|seed| std::hint::black_box(scenario(round * runs + seed))).sum();
            events as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    println!("k8s-explorer rollout and node failure\tevents\t{:.0}", rates[2]);
}
