//! Which consistency models a register history satisfies, with a witness either way.
//!
//! - **Linearizable** (Herlihy and Wing, TOPLAS 1990): some total order of the operations,
//!   where pending writes may be left out or put anywhere after their invocation and pending
//!   reads are dropped, respects real time (an operation that returned before another was
//!   invoked comes first) and is legal (every read returns the latest write before it, or 0).
//! - **Sequential** (Lamport 1979): the same with each client's program order instead of real
//!   time.
//! - **Causal** (Ahamad et al., Distributed Computing 1995): for every client, some legal order
//!   of all writes and that client's reads respects the causality order, the transitive closure
//!   of program order and writes-into (a write precedes the reads that return its value).
//! - **Read your writes** and **monotonic reads** (Terry et al., PDIS 1994), per client: some
//!   order of the writes consistent with causality in which none of the client's reads returns
//!   a write older than the client's own earlier writes, or than what it read before. Causal
//!   consistency therefore implies both.
//! - **Eventual**: once writes stop, replicas converge on a last write: each client's last read,
//!   if it began after every write returned, returns the same value, one that no later completed
//!   write replaced (a finite history can only be checked for convergence this way; earlier
//!   reads may still be stale).
//!
//! The order searches place operations one at a time, remembering the states (operations placed,
//! register value) that led nowhere, so a history of a dozen operations is checked in
//! microseconds; `brute_force` in the tests tries every permutation and must agree.

use std::collections::BTreeSet;

use crate::history::{History, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Model {
    Linearizable,
    Sequential,
    Causal,
    ReadYourWrites,
    MonotonicReads,
    Eventual,
}

impl Model {
    pub const ALL: [Model; 6] = [
        Model::Linearizable,
        Model::Sequential,
        Model::Causal,
        Model::ReadYourWrites,
        Model::MonotonicReads,
        Model::Eventual,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Model::Linearizable => "linearizable",
            Model::Sequential => "sequential",
            Model::Causal => "causal",
            Model::ReadYourWrites => "read your writes",
            Model::MonotonicReads => "monotonic reads",
            Model::Eventual => "eventual",
        }
    }
}

/// Why a model fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Witness {
    /// A read of a value nobody wrote.
    ImpossibleRead(usize),
    /// The search's furthest point: the operations placed, then why each remaining one cannot
    /// go next. For causal, the client whose view failed.
    DeadEnd { client: Option<usize>, placed: Vec<usize>, blocked: Vec<(usize, Block)> },
    /// Writes that would each have to be applied before the next, round to the first; each with
    /// the pair of operations that forces it: an earlier operation and a read of the same client,
    /// or, when the pair is two writes, causality.
    Cycle(Vec<(usize, usize, usize)>),
    /// A read that returns the initial 0 after the client's own write (read your writes), or
    /// after the client read a written value (monotonic reads).
    BackToInitial { earlier: usize, read: usize },
    /// Two reads after every write returned that disagree.
    Diverged(usize, usize),
    /// The last reads agree on a value that a later completed write replaced.
    Superseded { read: usize, newer: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// Must come after this operation, not yet placed.
    After(usize),
    /// Would read this value, but the register holds another.
    Holds(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// An order that shows it: operations (or, for the session guarantees, writes in the order
    /// they are applied), and, for causal, one per client.
    Holds(Vec<Vec<usize>>),
    Fails(Witness),
}

impl Verdict {
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Holds(_))
    }
}

pub fn check(history: &History, model: Model) -> Verdict {
    if let Some(read) = history.impossible_read() {
        if model != Model::Eventual || eventual_reads(history).contains(&read) {
            return Verdict::Fails(Witness::ImpossibleRead(read));
        }
    }
    match model {
        Model::Linearizable => ordered(history, None, |a, b| history.ops[a].precedes(&history.ops[b])),
        Model::Sequential => {
            let order = program_order(history);
            ordered(history, None, |a, b| order[b].contains(&a))
        }
        Model::Causal => causal(history),
        Model::ReadYourWrites | Model::MonotonicReads => session(history, model),
        Model::Eventual => eventual(history),
    }
}

/// For each operation, the operations its client issued before it.
fn program_order(history: &History) -> Vec<BTreeSet<usize>> {
    let mut before = vec![BTreeSet::new(); history.ops.len()];
    for client in 0..history.clients {
        let session = history.session(client);
        for (position, &op) in session.iter().enumerate() {
            before[op].extend(session[..position].iter().copied());
        }
    }
    before
}

/// A legal total order of the history's operations (pending reads dropped, pending writes
/// optional) in which `a` comes before `b` whenever `must(a, b)`.
fn ordered(history: &History, client: Option<usize>, must: impl Fn(usize, usize) -> bool) -> Verdict {
    let ops = &history.ops;
    let members: Vec<usize> = (0..ops.len())
        .filter(|&i| ops[i].end.is_some() || ops[i].is_write())
        .filter(|&i| client.is_none_or(|c| ops[i].is_write() || ops[i].client == c))
        .collect();
    let before: Vec<u32> = members
        .iter()
        .map(|&b| {
            members
                .iter()
                .enumerate()
                .filter(|&(_, &a)| a != b && must(a, b))
                .fold(0, |mask, (slot, _)| mask | 1 << slot)
        })
        .collect();
    let mandatory = members
        .iter()
        .enumerate()
        .filter(|(_, &i)| ops[i].end.is_some())
        .fold(0u32, |mask, (slot, _)| mask | 1 << slot);
    let mut search =
        Search { history, members: &members, before: &before, mandatory, failed: BTreeSet::new(), best: Vec::new() };
    let mut order = Vec::new();
    if search.place(0, 0, &mut order) {
        Verdict::Holds(vec![order.iter().map(|&slot| members[slot]).collect()])
    } else {
        Verdict::Fails(search.dead_end(client))
    }
}

struct Search<'a> {
    history: &'a History,
    members: &'a [usize],
    /// Per member slot, the slots that must be placed first.
    before: &'a [u32],
    mandatory: u32,
    failed: BTreeSet<(u32, u32)>,
    /// The longest sequence of slots placed.
    best: Vec<usize>,
}

impl Search<'_> {
    fn place(&mut self, placed: u32, value: u32, order: &mut Vec<usize>) -> bool {
        if order.len() > self.best.len() {
            self.best = order.clone();
        }
        if placed & self.mandatory == self.mandatory {
            return true;
        }
        if self.failed.contains(&(placed, value)) {
            return false;
        }
        for slot in 0..self.members.len() {
            let bit = 1 << slot;
            if placed & bit != 0 || self.before[slot] & !placed != 0 {
                continue;
            }
            let next = match self.history.ops[self.members[slot]].kind {
                Kind::Write(written) => written,
                Kind::Read(read) if read == value => value,
                Kind::Read(_) => continue,
            };
            order.push(slot);
            if self.place(placed | bit, next, order) {
                return true;
            }
            order.pop();
        }
        self.failed.insert((placed, value));
        false
    }

    fn dead_end(&self, client: Option<usize>) -> Witness {
        let placed: u32 = self.best.iter().fold(0, |mask, &slot| mask | 1 << slot);
        let value = self.best.iter().rev().find_map(|&slot| match self.history.ops[self.members[slot]].kind {
            Kind::Write(written) => Some(written),
            Kind::Read(_) => None,
        });
        let blocked = (0..self.members.len())
            .filter(|&slot| placed & (1 << slot) == 0 && self.mandatory & (1 << slot) != 0)
            .map(|slot| {
                let waiting = self.before[slot] & !placed;
                let block = if waiting != 0 {
                    Block::After(self.members[waiting.trailing_zeros() as usize])
                } else {
                    Block::Holds(value.unwrap_or(0))
                };
                (self.members[slot], block)
            })
            .collect();
        Witness::DeadEnd { client, placed: self.best.iter().map(|&slot| self.members[slot]).collect(), blocked }
    }
}

/// For each operation, the operations causally before it: the transitive closure of program
/// order and writes-into.
fn causality(history: &History) -> Vec<BTreeSet<usize>> {
    let count = history.ops.len();
    let mut reach = program_order(history);
    for (read, earlier) in reach.iter_mut().enumerate() {
        if let (Kind::Read(_), Some(writer)) = (history.ops[read].kind, history.writer(read)) {
            earlier.insert(writer);
        }
    }
    // Transitive closure: repeat until nothing grows (a dozen operations at most).
    loop {
        let mut grew = false;
        for op in 0..count {
            let through: BTreeSet<usize> =
                reach[op].iter().flat_map(|&earlier| reach[earlier].iter().copied()).collect();
            let before = reach[op].len();
            reach[op].extend(through);
            grew |= reach[op].len() > before;
        }
        if !grew {
            break;
        }
    }
    reach
}

/// Causal memory: per client, a legal order of all writes and its own reads that respects the
/// transitive closure of program order and writes-into.
fn causal(history: &History) -> Verdict {
    let reach = causality(history);
    let mut orders = Vec::new();
    for client in 0..history.clients {
        match ordered(history, Some(client), |a, b| reach[b].contains(&a)) {
            Verdict::Holds(mut order) => orders.push(order.remove(0)),
            failure => return failure,
        }
    }
    Verdict::Holds(orders)
}

/// Read your writes or monotonic reads, per client as Terry et al. define them per session: some
/// order of the writes, consistent with causality, in which none of the client's reads returns a
/// write older than one it must reflect. The orders of different clients may differ.
fn session(history: &History, model: Model) -> Verdict {
    let reach = causality(history);
    let writes: Vec<usize> = (0..history.ops.len()).filter(|&i| history.ops[i].is_write()).collect();
    let mut orders = Vec::new();
    for client in 0..history.clients {
        // Edges "write a is applied before write b", each with the two operations that force
        // it; a pair of writes means causality.
        let mut edges: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &a in &writes {
            for &b in &writes {
                if reach[b].contains(&a) {
                    edges.push((a, b, a, b));
                }
            }
        }
        let ops = history.session(client);
        for (position, &read) in ops.iter().enumerate() {
            if history.ops[read].is_write() || history.ops[read].end.is_none() {
                continue;
            }
            let seen = history.writer(read);
            for &earlier in &ops[..position] {
                let must_reflect = match model {
                    Model::ReadYourWrites => history.ops[earlier].is_write().then_some(earlier),
                    _ if history.ops[earlier].is_write() => None,
                    _ => history.writer(earlier),
                };
                let Some(required) = must_reflect else { continue };
                match seen {
                    None => return Verdict::Fails(Witness::BackToInitial { earlier, read }),
                    Some(seen) if seen != required => edges.push((required, seen, earlier, read)),
                    Some(_) => {}
                }
            }
        }
        match write_order(&writes, &edges) {
            Ok(order) => orders.push(order),
            Err(cycle) => return Verdict::Fails(Witness::Cycle(cycle)),
        }
    }
    Verdict::Holds(orders)
}

/// A total order of `writes` that respects every edge, or a cycle of edges that no order can.
fn write_order(
    writes: &[usize],
    edges: &[(usize, usize, usize, usize)],
) -> Result<Vec<usize>, Vec<(usize, usize, usize)>> {
    // Kahn's algorithm gives the order; what is left over lies on a cycle.
    let mut order = Vec::new();
    let mut left: Vec<usize> = writes.to_vec();
    while let Some(position) =
        left.iter().position(|&w| !edges.iter().any(|&(a, b, _, _)| b == w && left.contains(&a) && a != w))
    {
        order.push(left.remove(position));
    }
    if left.is_empty() {
        return Ok(order);
    }
    // Walk back along edges inside what is left until a write repeats: that is a cycle.
    let mut path: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = left[0];
    let mut visited: Vec<usize> = Vec::new();
    while !visited.contains(&at) {
        visited.push(at);
        let Some(&(from, _, earlier, read)) = edges.iter().find(|&&(a, b, _, _)| b == at && left.contains(&a)) else {
            break;
        };
        path.push((from, earlier, read));
        at = from;
    }
    let start = visited.iter().position(|&w| w == at).unwrap_or(0);
    let mut cycle: Vec<(usize, usize, usize)> = path[start..].to_vec();
    cycle.reverse();
    Err(cycle)
}

/// Each client's last read, if it began after every completed write had returned: once writes
/// stop, these are the reads that must have converged (earlier ones may still be stale).
fn eventual_reads(history: &History) -> Vec<usize> {
    let last = history.ops.iter().filter(|op| op.is_write()).filter_map(|op| op.end).max();
    (0..history.clients)
        .filter_map(|client| {
            history
                .session(client)
                .into_iter()
                .rev()
                .find(|&i| !history.ops[i].is_write() && history.ops[i].end.is_some())
        })
        .filter(|&i| last.is_none_or(|last| history.ops[i].start > last))
        .collect()
}

fn eventual(history: &History) -> Verdict {
    let reads = eventual_reads(history);
    for pair in reads.windows(2) {
        if history.ops[pair[0]].value() != history.ops[pair[1]].value() {
            return Verdict::Fails(Witness::Diverged(pair[0], pair[1]));
        }
    }
    // The value they agree on must be one that can be last: no completed write began after the
    // one that wrote it returned (a pending write may or may not have taken effect).
    if let Some(&read) = reads.first() {
        let written = history.writer(read);
        let newer = (0..history.ops.len()).find(|&w| {
            let later = history.ops[w].is_write() && history.ops[w].end.is_some();
            later && written.is_none_or(|written| written != w && history.ops[written].precedes(&history.ops[w]))
        });
        if let Some(newer) = newer {
            return Verdict::Fails(Witness::Superseded { read, newer });
        }
    }
    Verdict::Holds(vec![reads])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::HORIZON;

    fn verdicts(text: &str, clients: usize) -> Vec<(Model, bool)> {
        let history = History::parse(text, clients).unwrap();
        Model::ALL.iter().map(|&model| (model, check(&history, model).holds())).collect()
    }

    fn passes(text: &str, clients: usize) -> Vec<&'static str> {
        verdicts(text, clients).into_iter().filter(|(_, holds)| *holds).map(|(model, _)| model.name()).collect()
    }

    #[test]
    fn classic_histories_classify_as_the_definitions_say() {
        // Overlapping write and read: the read may take effect after the write.
        assert_eq!(passes("A: w(1) 0-10; B: r()=1 5-15", 2).len(), 6);
        // A stale read after the write returned: sequential (the read goes first), not
        // linearizable (real time forbids that).
        let stale = passes("A: w(1) 0-2; B: r()=0 5-7", 2);
        assert!(!stale.contains(&"linearizable") && stale.contains(&"sequential"), "{stale:?}");
        // Concurrent writes seen in opposite orders by two readers: causal, not sequential
        // (the causal-but-not-sequential history of Ahamad et al.).
        let opposite = passes("A: w(1) 0-2; B: w(2) 0-2; C: r()=1 4-5; C: r()=2 6-7; D: r()=2 4-5; D: r()=1 6-7", 4);
        assert!(opposite.contains(&"causal") && !opposite.contains(&"sequential"), "{opposite:?}");
        // Each reader's own order is consistent; their final reads do not converge.
        assert!(opposite.contains(&"monotonic reads") && !opposite.contains(&"eventual"), "{opposite:?}");
        // B read 1 and then wrote 2, so 2 depends on 1; C sees 2 and then 1: not causal.
        let broken = passes("A: w(1) 0-2; B: r()=1 3-4; B: w(2) 5-6; C: r()=2 7-8; C: r()=1 9-10", 3);
        assert!(!broken.contains(&"causal") && !broken.contains(&"sequential"), "{broken:?}");
        // A client that cannot see its own write.
        let own = passes("A: w(1) 0-2; A: r()=0 3-4; B: r()=1 3-4", 2);
        assert!(!own.contains(&"read your writes") && own.contains(&"monotonic reads"), "{own:?}");
        // Time going backwards for one reader.
        let back = passes("A: w(1) 0-1; A: w(2) 2-3; B: r()=2 4-5; B: r()=1 6-7", 2);
        assert!(!back.contains(&"monotonic reads") && back.contains(&"read your writes"), "{back:?}");
        // B's last read agrees with nobody else's, but 2 replaced 1: not converged.
        assert!(!back.contains(&"eventual"), "{back:?}");
        assert!(passes("A: w(1) 0-1; B: r()=0 2-3; B: r()=1 4-5", 2).contains(&"eventual"), "stale, then converged");
    }

    #[test]
    fn pending_writes_may_or_may_not_have_taken_effect() {
        let history = "A: w(1) 0-?; B: r()=1 3-4; B: r()=0 5-6";
        assert!(!passes(history, 2).contains(&"linearizable"), "1 then 0 cannot both be right");
        assert_eq!(passes("A: w(1) 0-?; B: r()=0 3-4", 2).len(), 6, "it never took effect");
        assert_eq!(passes("A: w(1) 0-?; B: r()=1 3-4", 2).len(), 6, "it did");
    }

    #[test]
    fn failures_come_with_a_witness() {
        let history = History::parse("A: w(1) 0-2; B: r()=7 3-4", 2).unwrap();
        assert_eq!(check(&history, Model::Linearizable), Verdict::Fails(Witness::ImpossibleRead(1)));
        let history = History::parse("A: w(1) 0-1; A: w(2) 2-3; B: r()=2 4-5; B: r()=1 6-7", 2).unwrap();
        let Verdict::Fails(Witness::Cycle(cycle)) = check(&history, Model::MonotonicReads) else { panic!() };
        // A wrote 1 and then 2 (causality), and B read 2 and then 1.
        assert_eq!(cycle, [(0, 0, 1), (1, 2, 3)], "{cycle:?}");
        let history = History::parse("A: w(1) 0-2; B: r()=0 5-7", 2).unwrap();
        let Verdict::Fails(Witness::DeadEnd { blocked, .. }) = check(&history, Model::Linearizable) else { panic!() };
        assert!(blocked.contains(&(1, Block::Holds(1))), "{blocked:?}");
    }

    /// Every permutation of the (complete) operations, checked directly against the definition.
    fn brute_force(history: &History, must: &dyn Fn(usize, usize) -> bool, members: &[usize]) -> bool {
        fn permute(items: &mut Vec<usize>, k: usize, test: &mut dyn FnMut(&[usize]) -> bool) -> bool {
            if k == items.len() {
                return test(items);
            }
            for i in k..items.len() {
                items.swap(k, i);
                if permute(items, k + 1, test) {
                    return true;
                }
                items.swap(k, i);
            }
            false
        }
        let mut items = members.to_vec();
        permute(&mut items, 0, &mut |order| {
            let respects = order.iter().enumerate().all(|(i, &b)| order[i + 1..].iter().all(|&a| !must(a, b)));
            let mut value = 0;
            let legal = order.iter().all(|&op| match history.ops[op].kind {
                Kind::Write(written) => {
                    value = written;
                    true
                }
                Kind::Read(read) => read == value,
            });
            respects && legal
        })
    }

    #[test]
    fn the_search_agrees_with_brute_force_on_random_small_histories() {
        let mut compared = 0;
        for seed in 0..400 {
            let mut history = History::random(2 + (seed % 2) as usize, seed);
            history.ops.truncate(6);
            history.ops.iter_mut().for_each(|op| op.end = Some(op.end.unwrap_or(HORIZON)));
            if history.problem().is_some() || history.impossible_read().is_some() {
                continue;
            }
            let all: Vec<usize> = (0..history.ops.len()).collect();
            let real_time = |a: usize, b: usize| history.ops[a].precedes(&history.ops[b]);
            assert_eq!(
                check(&history, Model::Linearizable).holds(),
                brute_force(&history, &real_time, &all),
                "seed {seed}"
            );
            let program = program_order(&history);
            let sequential = |a: usize, b: usize| program[b].contains(&a);
            assert_eq!(
                check(&history, Model::Sequential).holds(),
                brute_force(&history, &sequential, &all),
                "seed {seed}"
            );
            compared += 1;
        }
        assert!(compared > 300, "{compared}");
    }

    #[test]
    fn linearizable_implies_sequential_implies_causal_on_random_histories() {
        let mut strict = [0; 3];
        for seed in 0..600 {
            let history = History::random(2 + (seed % 3) as usize, seed);
            let [lin, seq, cau] =
                [Model::Linearizable, Model::Sequential, Model::Causal].map(|m| check(&history, m).holds());
            assert!(!lin || seq, "seed {seed}: {}", history.to_text());
            assert!(!seq || cau, "seed {seed}: {}", history.to_text());
            // Causal memory includes the session guarantees.
            let sessions = [Model::ReadYourWrites, Model::MonotonicReads].map(|m| check(&history, m).holds());
            assert!(!cau || sessions == [true, true], "seed {seed}: {}", history.to_text());
            strict[0] += usize::from(lin);
            strict[1] += usize::from(seq && !lin);
            strict[2] += usize::from(cau && !seq);
        }
        // The generator produces all three kinds, so the widget's random button shows variety.
        assert!(strict.iter().all(|&count| count > 0), "{strict:?}");
    }
}
