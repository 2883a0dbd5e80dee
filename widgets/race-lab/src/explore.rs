//! Every interleaving, by depth-first search over which runnable thread steps next. An
//! interleaving ends when no thread can move: all finished, or deadlocked.

use crate::machine::{Machine, Outcome};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Census {
    pub interleavings: u64,
    pub correct: u64,
    pub deadlocked: u64,
}

pub fn explore(start: &Machine) -> Census {
    let mut census = Census::default();
    let mut stack = vec![start.clone()];
    while let Some(machine) = stack.pop() {
        let runnable = machine.runnable();
        if runnable.is_empty() {
            census.interleavings += 1;
            match machine.outcome() {
                Outcome::Correct => census.correct += 1,
                Outcome::Deadlock(_) => census.deadlocked += 1,
                _ => {}
            }
            continue;
        }
        for thread in runnable {
            let mut next = machine.clone();
            next.step(thread);
            stack.push(next);
        }
    }
    census
}

/// The same count in closed form for programs without locks: the ways to interleave threads of
/// the given lengths, (Σn)! / Π(n!).
pub fn multinomial(lengths: &[u64]) -> u64 {
    let mut result = 1u64;
    let mut placed = 0u64;
    for &length in lengths {
        for k in 1..=length {
            placed += 1;
            result = result * placed / k;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::Program;

    #[test]
    fn the_unsynchronized_counter_is_right_in_2_of_20_and_6_of_1680_interleavings() {
        let two = explore(&Machine::new(Program::Counter, 2, false));
        assert_eq!(two, Census { interleavings: 20, correct: 2, deadlocked: 0 });
        assert_eq!(multinomial(&[3, 3]), 20);
        // Only the serial orders are right: no thread may run between another's load and store.
        let three = explore(&Machine::new(Program::Counter, 3, false));
        assert_eq!(three, Census { interleavings: 1_680, correct: 6, deadlocked: 0 });
        assert_eq!(multinomial(&[3, 3, 3]), 1_680);
    }

    #[test]
    fn with_the_lock_every_interleaving_is_correct() {
        for threads in [2, 3] {
            let census = explore(&Machine::new(Program::Counter, threads, true));
            assert_eq!(census.correct, census.interleavings);
            let census = explore(&Machine::new(Program::CheckThenAct, threads, true));
            assert_eq!(census.correct, census.interleavings);
        }
    }

    #[test]
    fn the_unlocked_check_then_act_sometimes_overdraws() {
        let census = explore(&Machine::new(Program::CheckThenAct, 2, false));
        assert!(census.correct > 0 && census.correct < census.interleavings, "{census:?}");
    }

    #[test]
    fn opposite_order_locks_reach_a_deadlock_and_one_order_never_does() {
        let census = explore(&Machine::new(Program::Deadlock, 2, false));
        assert!(census.deadlocked > 0, "{census:?}");
        assert_eq!(census.correct + census.deadlocked, census.interleavings);
        let fixed = explore(&Machine::new(Program::Deadlock, 2, true));
        assert_eq!(fixed.deadlocked, 0);
        assert_eq!(fixed.correct, fixed.interleavings);
    }
}
