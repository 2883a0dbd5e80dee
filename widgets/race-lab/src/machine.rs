//! A tiny machine: one shared integer, two locks, and per thread a program counter and one
//! register. Each instruction is one step; a step is atomic, and between any two steps any
//! other thread may run. That is the whole point.

/// The locks a program may take.
pub const LOCK_NAMES: [&str; 2] = ["A", "B"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// r ← shared
    Load,
    /// r ← r + k (a register-only step)
    Add(i32),
    /// shared ← r
    Store,
    /// If shared < k, skip to the instruction after the next `Store` (the withdrawal is refused).
    CheckAtLeast(i32),
    Lock(usize),
    Unlock(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// Each thread increments a shared counter once: load, add, store.
    Counter,
    /// Each thread withdraws 100 from a balance of 100 if the balance allows it.
    CheckThenAct,
    /// Thread 1 takes lock A then B, thread 2 B then A, each to increment the counter.
    Deadlock,
}

pub const PROGRAMS: &[(Program, &str, &str)] = &[
    (Program::Counter, "counter", "counter += 1"),
    (Program::CheckThenAct, "check-then-act", "check, then withdraw"),
    (Program::Deadlock, "deadlock", "two locks, opposite order"),
];

impl Program {
    pub fn from_key(key: &str) -> Option<Program> {
        PROGRAMS.iter().find(|(_, k, _)| *k == key).map(|(program, _, _)| *program)
    }

    pub fn key(self) -> &'static str {
        PROGRAMS.iter().find(|(p, _, _)| *p == self).map_or("counter", |(_, key, _)| key)
    }

    /// The shared variable's name and starting value.
    pub fn shared(self) -> (&'static str, i32) {
        match self {
            Program::Counter | Program::Deadlock => ("counter", 0),
            Program::CheckThenAct => ("balance", 100),
        }
    }

    /// Thread `thread`'s code; `fixed` adds the mutex (or, for the deadlock, takes the locks in
    /// one global order).
    pub fn code(self, thread: usize, fixed: bool) -> Vec<Op> {
        use Op::*;
        let guarded = |body: Vec<Op>| if fixed { [vec![Lock(0)], body, vec![Unlock(0)]].concat() } else { body };
        match self {
            Program::Counter => guarded(vec![Load, Add(1), Store]),
            Program::CheckThenAct => guarded(vec![CheckAtLeast(100), Load, Add(-100), Store]),
            Program::Deadlock => {
                let (first, second) = if thread % 2 == 1 && !fixed { (1, 0) } else { (0, 1) };
                vec![Lock(first), Lock(second), Load, Add(1), Store, Unlock(second), Unlock(first)]
            }
        }
    }

    /// How many threads the program may run with.
    pub fn thread_range(self) -> (usize, usize) {
        match self {
            Program::Deadlock => (2, 2),
            _ => (2, 3),
        }
    }
}

/// The source line an instruction stands for, as the widget prints it.
pub fn op_text(program: Program, op: Op) -> String {
    let (name, _) = program.shared();
    match op {
        Op::Load => format!("r = {name}"),
        Op::Add(k) if k >= 0 => format!("r = r + {k}"),
        Op::Add(k) => format!("r = r - {}", -k),
        Op::Store => format!("{name} = r"),
        Op::CheckAtLeast(k) => format!("if {name} >= {k} {{"),
        Op::Lock(lock) => format!("lock({})", LOCK_NAMES[lock]),
        Op::Unlock(lock) => format!("unlock({})", LOCK_NAMES[lock]),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thread {
    pub pc: usize,
    pub register: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    pub program: Program,
    pub fixed: bool,
    pub code: Vec<Vec<Op>>,
    pub threads: Vec<Thread>,
    pub shared: i32,
    /// Which thread holds each lock.
    pub owner: [Option<usize>; 2],
    /// The threads stepped so far, in order.
    pub trace: Vec<usize>,
}

/// How a run ended, or that it has not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Running,
    Correct,
    /// The counter lost an update: its final value.
    LostUpdate(i32),
    /// The balance went below zero.
    Overdrawn(i32),
    /// No thread can move: for each waiting thread, the lock it wants and who holds it.
    Deadlock(Vec<(usize, usize, usize)>),
}

impl Machine {
    pub fn new(program: Program, threads: usize, fixed: bool) -> Machine {
        let (low, high) = program.thread_range();
        let threads = threads.clamp(low, high);
        Machine {
            program,
            fixed,
            code: (0..threads).map(|thread| program.code(thread, fixed)).collect(),
            threads: vec![Thread { pc: 0, register: 0 }; threads],
            shared: program.shared().1,
            owner: [None; 2],
            trace: Vec::new(),
        }
    }

    pub fn finished(&self, thread: usize) -> bool {
        self.threads[thread].pc >= self.code[thread].len()
    }

    /// The lock a thread waits for, if its next instruction is a lock another thread holds.
    pub fn waits_for(&self, thread: usize) -> Option<(usize, usize)> {
        match self.code[thread].get(self.threads[thread].pc) {
            Some(&Op::Lock(lock)) => self.owner[lock].filter(|&holder| holder != thread).map(|holder| (lock, holder)),
            _ => None,
        }
    }

    pub fn can_step(&self, thread: usize) -> bool {
        thread < self.threads.len() && !self.finished(thread) && self.waits_for(thread).is_none()
    }

    pub fn runnable(&self) -> Vec<usize> {
        (0..self.threads.len()).filter(|&thread| self.can_step(thread)).collect()
    }

    /// Runs one instruction of a thread; false when it cannot move.
    pub fn step(&mut self, thread: usize) -> bool {
        if !self.can_step(thread) {
            return false;
        }
        let op = self.code[thread][self.threads[thread].pc];
        let state = &mut self.threads[thread];
        state.pc += 1;
        match op {
            Op::Load => state.register = self.shared,
            Op::Add(k) => state.register += k,
            Op::Store => self.shared = state.register,
            Op::CheckAtLeast(k) => {
                if self.shared < k {
                    // Refused: skip past the withdrawal's store.
                    let code = &self.code[thread];
                    let store = (state.pc..code.len()).find(|&pc| code[pc] == Op::Store).unwrap_or(code.len() - 1);
                    state.pc = store + 1;
                }
            }
            Op::Lock(lock) => self.owner[lock] = Some(thread),
            Op::Unlock(lock) => self.owner[lock] = None,
        }
        self.trace.push(thread);
        true
    }

    pub fn outcome(&self) -> Outcome {
        if !self.runnable().is_empty() {
            return Outcome::Running;
        }
        let waiting: Vec<(usize, usize, usize)> = (0..self.threads.len())
            .filter_map(|thread| self.waits_for(thread).map(|(lock, holder)| (thread, lock, holder)))
            .collect();
        if !waiting.is_empty() {
            return Outcome::Deadlock(waiting);
        }
        match self.program {
            Program::Counter if self.shared != self.threads.len() as i32 => Outcome::LostUpdate(self.shared),
            Program::CheckThenAct if self.shared < 0 => Outcome::Overdrawn(self.shared),
            _ => Outcome::Correct,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleaving_the_increments_loses_an_update() {
        let mut machine = Machine::new(Program::Counter, 2, false);
        for thread in [0, 1, 0, 0, 1, 1] {
            assert!(machine.step(thread));
        }
        assert_eq!(machine.outcome(), Outcome::LostUpdate(1));
    }

    #[test]
    fn both_withdrawals_pass_the_check_and_overdraw() {
        let mut machine = Machine::new(Program::CheckThenAct, 2, false);
        for thread in [0, 1, 0, 0, 0, 1, 1, 1] {
            assert!(machine.step(thread));
        }
        assert_eq!(machine.outcome(), Outcome::Overdrawn(-100));
        // In turn, the second is refused.
        let mut machine = Machine::new(Program::CheckThenAct, 2, false);
        for thread in [0, 0, 0, 0, 1] {
            assert!(machine.step(thread));
        }
        assert_eq!(machine.outcome(), Outcome::Correct);
        assert_eq!(machine.shared, 0);
    }

    #[test]
    fn opposite_lock_order_deadlocks_with_a_cycle() {
        let mut machine = Machine::new(Program::Deadlock, 2, false);
        assert!(machine.step(0) && machine.step(1));
        assert!(!machine.step(0) && !machine.step(1));
        assert_eq!(machine.outcome(), Outcome::Deadlock(vec![(0, 1, 1), (1, 0, 0)]));
    }

    #[test]
    fn a_held_lock_blocks_the_other_thread() {
        let mut machine = Machine::new(Program::Counter, 2, true);
        assert!(machine.step(0));
        assert!(!machine.can_step(1));
        assert_eq!(machine.runnable(), vec![0]);
    }
}
