//! What the widget runs: free play, the replay of a run the search found, or a guided figure;
//! and how a link rebuilds it (the reader's actions are replayed at the events they came at).

use crate::chaos::ChaosRun;
use crate::cluster::{Cluster, Rule};
use crate::scenario::{Figure, Scenario};

/// Something the reader did to the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Request,
    Crash(usize),
    Restart(usize),
    Partition(u8),
    DropPercent(u32),
    /// One link slowed (servers a and b), or none.
    SlowLink(Option<(usize, usize)>),
}

impl Action {
    /// (code, argument), for links.
    pub fn encode(self) -> (u32, u32) {
        match self {
            Action::Request => (0, 0),
            Action::Crash(server) => (1, server as u32),
            Action::Restart(server) => (2, server as u32),
            Action::Partition(side) => (3, u32::from(side)),
            Action::DropPercent(percent) => (4, percent),
            Action::SlowLink(None) => (5, 0),
            Action::SlowLink(Some((a, b))) => (5, 1 + (a * 8 + b) as u32),
        }
    }

    pub fn decode(code: u32, argument: u32) -> Option<Action> {
        let server = argument as usize;
        Some(match code {
            0 => Action::Request,
            1 => Action::Crash(server),
            2 => Action::Restart(server),
            3 => Action::Partition(argument.min(127) as u8),
            4 => Action::DropPercent(argument.min(50)),
            5 if argument == 0 => Action::SlowLink(None),
            5 => Action::SlowLink(Some((((argument - 1) / 8) as usize, ((argument - 1) % 8) as usize))),
            _ => return None,
        })
    }

    pub fn apply(self, cluster: &mut Cluster) {
        let servers = cluster.servers.len();
        match self {
            Action::Request => {
                cluster.client_request();
            }
            Action::Crash(server) if server < servers => cluster.crash(server),
            Action::Restart(server) if server < servers => cluster.restart(server),
            Action::Partition(side) => cluster.set_partition(side),
            Action::DropPercent(percent) => cluster.drop_percent = percent.min(50),
            Action::SlowLink(link) => {
                cluster.slow_link = link.filter(|&(a, b)| a < servers && b < servers && a != b);
            }
            _ => {}
        }
    }
}

#[derive(Clone)]
pub enum Run {
    Free(Cluster),
    /// A seeded random fault schedule: how the search's finds are replayed.
    Chaos(ChaosRun),
    Guided(Scenario),
}

impl Run {
    pub fn cluster(&self) -> &Cluster {
        match self {
            Run::Free(cluster) => cluster,
            Run::Chaos(run) => &run.cluster,
            Run::Guided(scenario) => &scenario.cluster,
        }
    }

    /// The reader's faults act on free play and on a replayed search run alike; a guided
    /// figure follows its script only.
    pub fn cluster_mut(&mut self) -> Option<&mut Cluster> {
        match self {
            Run::Free(cluster) => Some(cluster),
            Run::Chaos(run) => Some(&mut run.cluster),
            Run::Guided(_) => None,
        }
    }

    pub fn accepts_faults(&self) -> bool {
        !matches!(self, Run::Guided(_))
    }

    /// One event (one stage of a guided figure). False when nothing is left to run.
    pub fn step(&mut self) -> bool {
        match self {
            Run::Free(cluster) => cluster.step(),
            Run::Chaos(run) => run.step(),
            Run::Guided(scenario) => scenario.step(),
        }
    }

    /// Steps taken so far: events, or stages of a guided figure.
    pub fn steps(&self) -> u64 {
        match self {
            Run::Guided(scenario) => scenario.stage() as u64,
            _ => self.cluster().events(),
        }
    }
}

/// Everything a link needs to rebuild a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub servers: usize,
    pub seed: u64,
    pub figure: Option<Figure>,
    /// Replays the search's random fault schedule for the seed.
    pub chaos: bool,
    pub broken: Option<Rule>,
    pub drop_percent: u32,
    /// Steps to run (events, or stages of a figure).
    pub steps: u64,
    /// The reader's actions, each with the number of events run before it.
    pub actions: Vec<(u64, Action)>,
}

/// The most steps a link may ask for, so a crafted link cannot hang the page.
pub const MAX_STEPS: u64 = 200_000;

impl Spec {
    pub fn build(&self) -> Run {
        let mut run = match (self.figure, self.chaos) {
            (Some(figure), _) => Run::Guided(Scenario::new(figure, self.broken)),
            (None, true) => Run::Chaos(ChaosRun::new(self.servers, self.seed, self.broken)),
            (None, false) => {
                let mut cluster = Cluster::new(self.servers, self.seed);
                cluster.broken = self.broken;
                cluster.drop_percent = self.drop_percent.min(50);
                Run::Free(cluster)
            }
        };
        let mut actions = self.actions.iter().peekable();
        for _ in 0..=self.steps.min(MAX_STEPS) {
            while let Some(&&(at, action)) = actions.peek() {
                if at > run.steps() {
                    break;
                }
                if let Some(cluster) = run.cluster_mut() {
                    action.apply(cluster);
                }
                actions.next();
            }
            if run.steps() >= self.steps.min(MAX_STEPS) || !run.step() {
                break;
            }
        }
        run
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_codes() {
        for action in [
            Action::Request,
            Action::Crash(3),
            Action::Restart(6),
            Action::Partition(0b101),
            Action::DropPercent(20),
            Action::SlowLink(None),
            Action::SlowLink(Some((6, 2))),
        ] {
            let (code, argument) = action.encode();
            assert_eq!(Action::decode(code, argument), Some(action));
        }
        assert_eq!(Action::decode(9, 0), None);
    }

    #[test]
    fn a_spec_rebuilds_the_same_run() {
        let spec = Spec {
            servers: 5,
            seed: 9,
            figure: None,
            chaos: false,
            broken: None,
            drop_percent: 10,
            steps: 400,
            actions: vec![(120, Action::Request), (150, Action::Crash(0)), (300, Action::Partition(0b11))],
        };
        let (first, second) = (spec.build(), spec.build());
        assert_eq!(first.steps(), 400);
        let logs = |run: &Run| {
            run.cluster().servers.iter().map(|server| (server.term, server.log.clone())).collect::<Vec<_>>()
        };
        assert_eq!(logs(&first), logs(&second));
        assert!(!first.cluster().servers[0].up);
        assert_eq!(first.cluster().partition, 0b11);
    }

    #[test]
    fn every_spec_builds_without_panicking() {
        for servers in [0, 3, 7, 99] {
            for figure in [None, Some(Figure::Seven), Some(Figure::Eight)] {
                for chaos in [false, true] {
                    let spec = Spec {
                        servers,
                        seed: 3,
                        figure,
                        chaos,
                        broken: Some(Rule::CurrentTermCommit),
                        drop_percent: 99,
                        steps: 300,
                        actions: vec![
                            (0, Action::Crash(42)),
                            (5, Action::SlowLink(Some((0, 9)))),
                            (7, Action::Restart(0)),
                        ],
                    };
                    spec.build();
                }
            }
        }
    }
}
