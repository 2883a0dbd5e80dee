//! Random fault schedules, for the property tests and for the search the "break it" switch
//! runs: client requests, crashes, restarts, partitions and heals at random moments, all
//! drawn from a seed so a run found can be replayed exactly.

use kit::rng::Rng;

use crate::cluster::{Cluster, Rule};
use crate::safety::Violation;

/// A fault the schedule injected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Request {
        accepted: bool,
    },
    Crash(usize),
    Restart(usize),
    /// The servers split off (a bit set).
    Partition(u8),
    Heal,
}

/// A cluster under a random fault schedule.
#[derive(Clone)]
pub struct ChaosRun {
    pub cluster: Cluster,
    rng: Rng,
    next_fault_at: u64,
    /// The fault injected just before the last event, if any.
    pub last_fault: Option<Fault>,
}

/// Simulated milliseconds between faults: from 20 to 400.
const FAULT_GAP: (u64, u64) = (20, 400);

impl ChaosRun {
    pub fn new(servers: usize, seed: u64, broken: Option<Rule>) -> ChaosRun {
        let mut cluster = Cluster::new(servers, seed);
        cluster.broken = broken;
        // The schedule draws from its own generator, so faults do not shift the cluster's
        // timeouts and delays.
        let mut rng = Rng::seeded(seed ^ 0x6661_756c_7473);
        let next_fault_at = FAULT_GAP.0 + rng.below(FAULT_GAP.1 - FAULT_GAP.0);
        ChaosRun { cluster, rng, next_fault_at, last_fault: None }
    }

    /// Injects a fault if one is due, then runs one event of the cluster.
    pub fn step(&mut self) -> bool {
        self.last_fault = None;
        if self.cluster.now() >= self.next_fault_at {
            self.last_fault = Some(self.inject());
            self.next_fault_at = self.cluster.now() + FAULT_GAP.0 + self.rng.below(FAULT_GAP.1 - FAULT_GAP.0);
        }
        self.cluster.step()
    }

    fn inject(&mut self) -> Fault {
        let servers = self.cluster.servers.len();
        let up: Vec<usize> = (0..servers).filter(|&id| self.cluster.servers[id].up).collect();
        let down: Vec<usize> = (0..servers).filter(|&id| !self.cluster.servers[id].up).collect();
        match self.rng.below(100) {
            0..=34 => Fault::Request { accepted: self.cluster.client_request() },
            35..=49 if up.len() > 1 => {
                let server = up[self.rng.below(up.len() as u64) as usize];
                self.cluster.crash(server);
                Fault::Crash(server)
            }
            50..=69 if !down.is_empty() => {
                let server = down[self.rng.below(down.len() as u64) as usize];
                self.cluster.restart(server);
                Fault::Restart(server)
            }
            70..=84 => {
                // A random proper, non-empty subset.
                let all = (1u64 << servers) - 1;
                let side = 1 + self.rng.below(all - 1);
                self.cluster.set_partition(side as u8);
                Fault::Partition(side as u8)
            }
            _ => {
                self.cluster.set_partition(0);
                Fault::Heal
            }
        }
    }
}

/// Events each run of the search lasts.
pub const SEARCH_EVENTS: u64 = 10_000;

/// The first of `seeds` whose random run breaks a safety property within `events` events,
/// with the violation.
pub fn find_violation(
    servers: usize,
    broken: Rule,
    seeds: impl Iterator<Item = u64>,
    events: u64,
) -> Option<(u64, Violation)> {
    seeds.into_iter().find_map(|seed| {
        let mut run = ChaosRun::new(servers, seed, Some(broken));
        for _ in 0..events {
            if !run.step() {
                break;
            }
            if let Some(violation) = run.cluster.first_violation() {
                return Some((seed, *violation));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Role;

    #[test]
    fn the_five_properties_hold_over_thousands_of_random_runs() {
        // Figure 3 of the paper: every run, whatever its faults, keeps all five properties.
        let (mut commits, mut elections) = (0, 0);
        for seed in 0..2000 {
            let servers = 3 + (seed % 5) as usize;
            let mut run = ChaosRun::new(servers, seed, None);
            for _ in 0..1500 {
                run.step();
            }
            let cluster = &run.cluster;
            assert!(cluster.checker.is_safe(), "seed {seed}: {:?}", cluster.checker.violations());
            commits += cluster.servers.iter().map(|server| server.commit_index).max().unwrap_or(0);
            elections += cluster.servers.iter().map(|server| server.term).max().unwrap_or(0);
        }
        // The runs did something: entries got committed and leaders changed.
        assert!(commits > 2000 && elections > 4000, "{commits} commits, {elections} terms");
    }

    #[test]
    fn without_the_election_restriction_the_search_finds_a_violation() {
        let found = find_violation(5, Rule::ElectionRestriction, 1..=300, 3000);
        let (seed, violation) = found.expect("a violation within 300 seeds");
        // Replaying the seed reproduces it at the same event.
        let mut run = ChaosRun::new(5, seed, Some(Rule::ElectionRestriction));
        while run.cluster.first_violation().is_none() {
            run.step();
        }
        assert_eq!(run.cluster.first_violation(), Some(&violation));
    }

    #[test]
    fn without_the_current_term_commit_rule_the_search_finds_a_violation() {
        // Rarer: it takes Figure 8's pattern, a leader's entry that never left it, outliving
        // a later leader's commit of an older entry. Three servers and long runs find one.
        assert!(find_violation(3, Rule::CurrentTermCommit, 1..=200, SEARCH_EVENTS).is_some());
    }

    #[test]
    fn without_faults_a_leader_is_elected_within_a_bounded_time() {
        // Section 5.2 and 9.3: randomized timeouts of 150-300 ms make split votes rare and
        // short. Across 1,000 seeds the first leader appears within 1.5 simulated seconds.
        let mut slowest = 0;
        for seed in 0..1000 {
            let mut cluster = Cluster::new(3 + (seed % 5) as usize, seed);
            while !cluster.servers.iter().any(|server| server.role == Role::Leader) {
                assert!(cluster.step());
                assert!(cluster.now() < 1500, "seed {seed}: no leader by {} ms", cluster.now());
            }
            slowest = slowest.max(cluster.now());
        }
        assert!(slowest >= 150, "{slowest}");
    }
}
