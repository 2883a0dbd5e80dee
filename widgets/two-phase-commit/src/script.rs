//! A run as its settings plus the reader's actions, so a link, a step back or a change of
//! settings rebuilds it exactly.

use crate::protocol::{Node, Run, REPLICAS};

/// The most participants a run may have.
pub const MAX_PARTICIPANTS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// One event: a message arrives, a timer fires or a log write completes.
    Step,
    /// The next message to arrive is lost.
    DropNext,
    /// Crash the node if it is up, recover it if it is down.
    Toggle(Node),
}

/// Numbers an action takes in a link: step, drop, then the coordinator replicas and the
/// participants.
const KINDS: u32 = 2 + (REPLICAS + MAX_PARTICIPANTS) as u32;

impl Action {
    fn code(self) -> u32 {
        match self {
            Action::Step => 0,
            Action::DropNext => 1,
            Action::Toggle(Node::Coordinator(replica)) => 2 + replica as u32,
            Action::Toggle(Node::Participant(index)) => 2 + (REPLICAS + index) as u32,
        }
    }

    fn from_code(code: u32) -> Action {
        match code as usize {
            0 => Action::Step,
            1 => Action::DropNext,
            node if node < 2 + REPLICAS => Action::Toggle(Node::Coordinator(node - 2)),
            node => Action::Toggle(Node::Participant(node - 2 - REPLICAS)),
        }
    }

    /// Applies the action; one naming a node the run does not have does nothing.
    fn apply(self, run: &mut Run) {
        match self {
            Action::Step => drop(run.step()),
            Action::DropNext => run.drop_next = true,
            Action::Toggle(node) => {
                let up = match node {
                    Node::Coordinator(replica) => run.replicas.get(replica).map(|replica| replica.up),
                    Node::Participant(index) => run.participants.get(index).map(|participant| participant.up),
                };
                match up {
                    Some(true) => run.crash(node),
                    Some(false) => run.recover(node),
                    None => {}
                }
            }
        }
    }
}

/// Everything a run depends on besides the actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// How each participant will vote.
    pub votes: Vec<bool>,
    pub replicated: bool,
}

/// The longest run a link may replay.
pub const MAX_ACTIONS: usize = 5_000;

pub fn encode(actions: &[Action]) -> Vec<u32> {
    let codes: Vec<u32> = actions.iter().map(|action| action.code()).collect();
    kit::runs::encode(&codes, KINDS)
}

pub fn decode(codes: &[u32]) -> Vec<Action> {
    kit::runs::decode(codes, KINDS, MAX_ACTIONS, |_| true).into_iter().map(Action::from_code).collect()
}

pub fn replay(settings: &Settings, actions: &[Action]) -> Run {
    let mut run = Run::new(&settings.votes, settings.replicated);
    for &action in actions {
        action.apply(&mut run);
    }
    run
}

pub fn extend(run: &mut Run, action: Action) {
    action.apply(run);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Stage;

    #[test]
    fn actions_survive_a_link_and_replay_the_same_run() {
        let actions = [
            Action::Step,
            Action::Step,
            Action::Toggle(Node::Coordinator(0)),
            Action::DropNext,
            Action::Toggle(Node::Participant(4)),
            Action::Step,
        ];
        assert_eq!(decode(&encode(&actions)), actions);
        let settings = Settings { votes: vec![true; 3], replicated: false };
        let run = replay(&settings, &actions);
        assert!(!run.replicas[0].up);
        assert_eq!(run.participants.len(), 3, "the toggle of a fifth participant did nothing");
    }

    #[test]
    fn the_same_actions_under_a_replicated_coordinator_do_not_block() {
        // Two prepares out, two votes back: crash the coordinator before its decision record
        // is on disk, then let time run.
        let mut actions = vec![Action::Step; 4];
        actions.push(Action::Toggle(Node::Coordinator(0)));
        actions.extend([Action::Step; 40]);
        let single = replay(&Settings { votes: vec![true; 2], replicated: false }, &actions);
        assert!(single.participants.iter().all(|p| p.stage == Stage::Prepared), "{:?}", single.participants);
        let replicated = replay(&Settings { votes: vec![true; 2], replicated: true }, &actions);
        assert!(replicated.participants.iter().all(|p| p.stage == Stage::Committed), "{:?}", replicated.participants);
    }
}
