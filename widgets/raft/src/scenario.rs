//! Guided replays of the paper's Figures 7 and 8, one stage per step.
//!
//! Each stage drives the same protocol code as free play, with timers off and the script
//! choosing who campaigns, which messages arrive (by partitioning) and when servers crash.

use crate::cluster::{Cluster, Happening, Rule};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Section 5.3: a new leader repairs follower logs that diverge in six ways.
    Seven,
    /// Section 5.4.2: why a leader must not commit an earlier term's entry by counting replicas.
    Eight,
}

impl Figure {
    pub fn key(self) -> &'static str {
        match self {
            Figure::Seven => "figure-7",
            Figure::Eight => "figure-8",
        }
    }

    pub fn from_key(key: &str) -> Option<Figure> {
        [Figure::Seven, Figure::Eight].into_iter().find(|figure| figure.key() == key)
    }

    pub fn servers(self) -> usize {
        match self {
            Figure::Seven => 7,
            Figure::Eight => 5,
        }
    }
}

/// Figure 7's logs, by entry term: the leader of term 8, then followers (a) to (f).
pub const FIGURE_7_LOGS: [&[u32]; 7] = [
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
    &[1, 1, 1, 4, 4, 5, 5, 6, 6],
    &[1, 1, 1, 4],
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    &[1, 1, 1, 4, 4, 4, 4],
    &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
];

/// What a stage shows: which panel of the figure, and the section it illustrates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caption {
    pub panel: &'static str,
    pub section: &'static str,
    pub text: &'static str,
}

const FIGURE_8: [Caption; 4] = [
    Caption {
        panel: "(a)",
        section: "§5.4.2",
        text: "S1 is leader in term 2 and has replicated its entry at index 2 only to S2.",
    },
    Caption {
        panel: "(b)",
        section: "§5.4.1",
        text: "S1 crashes. S5 is elected for term 3 with votes from S3, S4 and itself; S2 refuses, its log being more up-to-date. S5 accepts a different entry at index 2 and crashes before sending it.",
    },
    Caption {
        panel: "(c)",
        section: "§5.4.2",
        text: "S1 restarts, is elected for term 4 by S2 and S3, replicates index 2 to S3 and accepts an entry of term 4. Index 2 now sits on a majority (S1, S2, S3), yet S1 must not count it committed: it is from an earlier term.",
    },
    Caption {
        panel: "(d)",
        section: "§5.4.2",
        text: "S1 crashes. S5 restarts and is elected for term 5 by S2, S3 and S4, whose last entries (term 2 or 1) are older than its own (term 3). It overwrites index 2 with its term-3 entry and commits it with an entry of term 5. That is safe only because index 2 was never committed.",
    },
];

const FIGURE_7_START: Caption = Caption {
    panel: "Figure 7",
    section: "§5.3",
    text: "The leader of term 8 has just come to power. Followers (a) and (b) lack entries, (c) and (d) hold extra uncommitted entries, (e) and (f) both lack entries and hold extra ones.",
};

const FIGURE_7_REPAIR: Caption = Caption {
    panel: "Figure 7",
    section: "§5.3",
    text: "The leader sends AppendEntries with the index and term of the entry before the new ones; a follower without that entry refuses, and the leader retries one entry earlier until the logs agree, then overwrites what follows.",
};

const FIGURE_7_DONE: Caption = Caption {
    panel: "Figure 7",
    section: "§5.3",
    text: "Every follower's log now matches the leader's; the extra entries of (c), (d), (e) and (f) went when the leader's entries overwrote them.",
};

#[derive(Clone)]
pub struct Scenario {
    pub figure: Figure,
    pub cluster: Cluster,
    stage: usize,
    /// What the last stage's deliveries did.
    pub happenings: Vec<Happening>,
    done: bool,
}

const S1: usize = 0;
#[cfg(test)]
const S2: usize = 1;
const S3: usize = 2;
const S4: usize = 3;
const S5: usize = 4;

fn bit(server: usize) -> u8 {
    1 << server
}

impl Scenario {
    /// The figure's first state, with `broken` switched off if given.
    pub fn new(figure: Figure, broken: Option<Rule>) -> Scenario {
        let mut cluster = match figure {
            Figure::Seven => {
                let terms: Vec<u32> = std::iter::once(8)
                    .chain(FIGURE_7_LOGS[1..].iter().map(|log| log.last().copied().unwrap_or(0)))
                    .collect();
                let mut cluster = Cluster::scripted(&terms, &FIGURE_7_LOGS);
                cluster.install_leader(S1);
                cluster
            }
            Figure::Eight => Cluster::scripted(&[1; 5], &[&[1u32] as &[u32]; 5]),
        };
        cluster.broken = broken;
        let mut scenario = Scenario { figure, cluster, stage: 0, happenings: Vec::new(), done: false };
        if figure == Figure::Eight {
            scenario.figure_8_a();
        }
        scenario
    }

    pub fn stage(&self) -> usize {
        self.stage
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    pub fn caption(&self) -> Caption {
        match self.figure {
            Figure::Eight => FIGURE_8[self.stage.min(FIGURE_8.len() - 1)],
            Figure::Seven if self.stage == 0 => FIGURE_7_START,
            Figure::Seven if self.done => FIGURE_7_DONE,
            Figure::Seven => FIGURE_7_REPAIR,
        }
    }

    /// Runs the next stage; false once the replay is over.
    pub fn step(&mut self) -> bool {
        if self.done {
            return false;
        }
        self.happenings.clear();
        match self.figure {
            Figure::Eight => self.figure_8_next(),
            Figure::Seven => self.figure_7_next(),
        }
        self.stage += 1;
        true
    }

    fn settle(&mut self) {
        let happenings = self.cluster.settle(40);
        self.happenings.extend(happenings);
    }

    fn figure_8_a(&mut self) {
        for server in 0..5 {
            self.cluster.set_committed(server, 1);
        }
        self.cluster.start_election(S1);
        self.settle();
        self.cluster.set_partition(bit(S3) | bit(S4) | bit(S5));
        self.cluster.client_request();
        self.settle();
        self.happenings.clear();
    }

    fn figure_8_next(&mut self) {
        let cluster = &mut self.cluster;
        match self.stage {
            0 => {
                cluster.crash(S1);
                cluster.set_partition(0);
                cluster.start_election(S5);
                self.settle();
                // S5's entry never leaves it: it is cut off until it crashes.
                self.cluster.set_partition(bit(S5));
                self.cluster.client_request();
                self.settle();
            }
            1 => {
                cluster.crash(S5);
                cluster.restart(S1);
                cluster.set_partition(bit(S4) | bit(S5));
                // Term 3 is taken at S3 and S4 (they voted for S5), so S1 needs two tries.
                cluster.start_election(S1);
                self.settle();
                self.cluster.start_election(S1);
                self.settle();
                self.cluster.broadcast(S1);
                self.settle();
                self.cluster.set_partition(bit(S1));
                self.cluster.client_request();
                self.settle();
            }
            2 => {
                cluster.crash(S1);
                cluster.set_partition(0);
                cluster.restart(S5);
                cluster.start_election(S5);
                self.settle();
                self.cluster.start_election(S5);
                self.settle();
                self.cluster.broadcast(S5);
                self.settle();
                self.cluster.client_request();
                self.settle();
                self.cluster.broadcast(S5);
                self.settle();
                self.done = true;
            }
            _ => self.done = true,
        }
    }

    fn figure_7_next(&mut self) {
        if !self.cluster.in_flight().is_empty() {
            let happenings = self.cluster.deliver_in_flight();
            self.happenings.extend(happenings);
            return;
        }
        let leader = &self.cluster.servers[S1];
        let last = leader.last_index();
        let all_match = (1..7).all(|peer| self.cluster.servers[peer].log == leader.log);
        let caught_up = (1..7).all(|peer| leader.match_index(peer) == last);
        if all_match && leader.commit_index == last {
            self.done = true;
        } else if caught_up && leader.commit_index < last {
            // Every follower holds the leader's entries, but (c) and (d) still have extra ones
            // past them and nothing of term 8 is committed: a new entry settles both.
            self.cluster.client_request();
        } else {
            self.cluster.broadcast(S1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Role;
    use crate::safety::Property;

    fn run(figure: Figure, broken: Option<Rule>) -> Scenario {
        let mut scenario = Scenario::new(figure, broken);
        let mut stages = 0;
        while scenario.step() {
            stages += 1;
            assert!(stages < 100, "the replay ends");
        }
        scenario
    }

    fn terms(cluster: &Cluster, server: usize) -> Vec<u32> {
        cluster.servers[server].log.iter().map(|entry| entry.term).collect()
    }

    #[test]
    fn figure_8_starts_as_panel_a() {
        let scenario = Scenario::new(Figure::Eight, None);
        let cluster = &scenario.cluster;
        assert_eq!(cluster.leader(), Some(S1));
        assert_eq!(cluster.servers[S1].term, 2);
        assert_eq!([terms(cluster, S1), terms(cluster, S2), terms(cluster, S3)], [vec![1, 2], vec![1, 2], vec![1]]);
    }

    #[test]
    fn figure_8_with_the_rule_overwrites_only_an_uncommitted_entry() {
        let mut scenario = Scenario::new(Figure::Eight, None);
        scenario.step();
        assert_eq!((scenario.cluster.leader(), scenario.cluster.servers[S5].term), (Some(S5), 3));
        assert_eq!(terms(&scenario.cluster, S5), [1, 3]);
        scenario.step();
        let cluster = &scenario.cluster;
        assert_eq!((cluster.leader(), cluster.servers[S1].term), (Some(S1), 4));
        assert_eq!(
            [terms(cluster, S1), terms(cluster, S2), terms(cluster, S3)],
            [vec![1, 2, 4], vec![1, 2], vec![1, 2]]
        );
        // S1 restarted with its commit index lost; it learns it only by committing in term 4.
        assert!(cluster.servers[S1].commit_index < 2, "index 2 is on a majority but not committed");
        scenario.step();
        let cluster = &scenario.cluster;
        assert_eq!((cluster.leader(), cluster.servers[S5].term), (Some(S5), 5));
        for server in [S2, S3, S4, S5] {
            assert_eq!(terms(cluster, server), [1, 3, 5], "S{}", server + 1);
        }
        assert_eq!(cluster.servers[S5].commit_index, 3);
        assert!(cluster.checker.is_safe(), "{:?}", cluster.checker.violations());
        assert!(!scenario.step());
    }

    #[test]
    fn figure_8_without_the_rule_loses_a_committed_entry() {
        let mut scenario = Scenario::new(Figure::Eight, Some(Rule::CurrentTermCommit));
        scenario.step();
        scenario.step();
        assert_eq!(scenario.cluster.servers[S1].commit_index, 2, "S1 counts replicas of a term-2 entry");
        scenario.step();
        let violations = scenario.cluster.checker.violations();
        assert!(
            violations.iter().any(|violation| violation.property == Property::StateMachineSafety),
            "{violations:?}"
        );
    }

    #[test]
    fn figure_7_leader_repairs_every_follower() {
        let scenario = run(Figure::Seven, None);
        let cluster = &scenario.cluster;
        let leader = &cluster.servers[S1];
        assert_eq!(leader.role, Role::Leader);
        assert_eq!(leader.log.len(), 11);
        for follower in 1..7 {
            assert_eq!(cluster.servers[follower].log, leader.log, "follower {follower}");
        }
        assert_eq!(leader.commit_index, 11);
        assert!(cluster.checker.is_safe(), "{:?}", cluster.checker.violations());
    }
}
