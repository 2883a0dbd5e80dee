//! A run as its settings plus the reader's actions, so a link, a step back or a change of mode
//! rebuilds it exactly: the same actions replayed under other settings compare the modes on the
//! same history.

use crate::model::{Client, Cluster, Guards, Mode, STEP_MS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The clock moves one step; the automatic clients act first if they are on.
    Step,
    AliceWrites,
    AliceReads,
    BobReplies,
    CarolReads,
    KillLeader,
}

impl Action {
    const ALL: [Action; 6] = [
        Action::Step,
        Action::AliceWrites,
        Action::AliceReads,
        Action::BobReplies,
        Action::CarolReads,
        Action::KillLeader,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::Step => "step",
            Action::AliceWrites => "alice-writes",
            Action::AliceReads => "alice-reads",
            Action::BobReplies => "bob-replies",
            Action::CarolReads => "carol-reads",
            Action::KillLeader => "kill",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.key() == key)
    }

    /// Applies the action; a client still waiting for an acknowledgement does nothing, as its
    /// button is disabled then, so a replay under a slower mode skips what it could not have done.
    fn apply(self, cluster: &mut Cluster, automatic: bool) {
        let busy = |client| cluster.waiting(client);
        match self {
            Action::AliceWrites | Action::AliceReads if busy(Client::Alice) => {}
            Action::BobReplies if busy(Client::Bob) => {}
            Action::Step => {
                if automatic {
                    cluster.operate();
                }
                cluster.advance(cluster.now + STEP_MS);
            }
            Action::AliceWrites => drop(cluster.submit(Client::Alice, None)),
            Action::AliceReads => drop(cluster.read(Client::Alice)),
            Action::BobReplies => cluster.reply(),
            Action::CarolReads => drop(cluster.read(Client::Carol)),
            Action::KillLeader => drop(cluster.fail_over()),
        }
    }
}

/// Everything a run depends on besides the actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub mode: Mode,
    pub guards: Guards,
    /// One lag per follower, ms.
    pub lags: Vec<u64>,
    /// Whether the three clients act by themselves as time runs.
    pub automatic: bool,
    pub seed: u64,
}

/// The actions of a run, run-length encoded for links.
pub fn encode(actions: &[Action]) -> Vec<u32> {
    let numbers: Vec<u32> = actions.iter().map(|&action| action as u32).collect();
    kit::runs::encode(&numbers, KINDS)
}

/// The inverse of [`encode`], at most [`MAX_ACTIONS`] long.
pub fn decode(codes: &[u32]) -> Vec<Action> {
    let known = |code: u32| (code as usize) < Action::ALL.len();
    kit::runs::decode(codes, KINDS, MAX_ACTIONS, known).into_iter().map(|code| Action::ALL[code as usize]).collect()
}

/// Numbers an action may take in a link (room to grow beyond the six there are).
const KINDS: u32 = 8;

/// The longest run a link may replay.
pub const MAX_ACTIONS: usize = 20_000;

pub fn replay(settings: &Settings, actions: &[Action]) -> Cluster {
    let mut cluster = Cluster::new(settings.mode, settings.guards, &settings.lags, settings.seed);
    for &action in actions {
        action.apply(&mut cluster, settings.automatic);
    }
    cluster
}

/// Applies one more action to a run in progress.
pub fn extend(cluster: &mut Cluster, settings: &Settings, action: Action) {
    action.apply(cluster, settings.automatic);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_survive_a_link() {
        let actions = [Action::Step, Action::Step, Action::AliceWrites, Action::KillLeader, Action::Step];
        assert_eq!(encode(&actions), [8, 1, 5, 0]);
        assert_eq!(decode(&encode(&actions)), actions);
        assert!(decode(&[7, 6]).is_empty(), "no such action");
        assert_eq!(decode(&[8 * 1_000_000, 1]).len(), MAX_ACTIONS);
    }

    #[test]
    fn replaying_is_the_same_as_acting() {
        let settings =
            Settings { mode: Mode::Async, guards: Guards::default(), lags: vec![50, 400], automatic: true, seed: 3 };
        let actions: Vec<Action> =
            (0..300).map(|i| Action::ALL[[0, 0, 0, 1, 2, 3, 4][i % 7]]).chain([Action::KillLeader]).collect();
        let mut live = replay(&settings, &[]);
        for &action in &actions {
            extend(&mut live, &settings, action);
        }
        let replayed = replay(&settings, &actions);
        assert_eq!(live.events, replayed.events);
        assert_eq!(live.anomalies, replayed.anomalies);
    }

    #[test]
    fn a_waiting_client_does_nothing() {
        let settings =
            Settings { mode: Mode::Sync, guards: Guards::default(), lags: vec![50, 400], automatic: false, seed: 1 };
        let cluster = replay(&settings, &[Action::AliceWrites, Action::AliceWrites, Action::AliceReads]);
        assert_eq!(cluster.writes.len(), 1);
        assert_eq!(cluster.events.len(), 1);
    }

    #[test]
    fn kills_beyond_the_last_follower_do_nothing() {
        let settings =
            Settings { mode: Mode::Sync, guards: Guards::default(), lags: vec![50, 400], automatic: true, seed: 3 };
        let cluster = replay(&settings, &[Action::KillLeader; 5]);
        assert_eq!(cluster.replicas.iter().filter(|replica| replica.up).count(), 1);
        assert!(!cluster.has_live_follower());
    }
}
