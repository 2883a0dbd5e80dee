//! The servers and the protocol of the paper's Figure 2, driven by a queue of timed events.
//!
//! Time is in simulated milliseconds. Timing follows the paper's example values (section 5.6
//! and 9.3): election timeouts drawn uniformly from 150-300 ms, heartbeats well below that
//! (every 50 ms here), message delays of 10-30 ms so messages are seen in flight.

use kit::rng::Rng;

use crate::safety::{Checker, Violation};

pub const MIN_SERVERS: usize = 3;
pub const MAX_SERVERS: usize = 7;
pub const ELECTION_TIMEOUT: (u64, u64) = (150, 300);
pub const HEARTBEAT_INTERVAL: u64 = 50;
pub const MESSAGE_DELAY: (u64, u64) = (10, 30);
/// A slow link multiplies its delays by this.
pub const SLOW_FACTOR: u64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

/// A log entry: the term in which a leader received it and the client command it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub term: u32,
    pub command: u32,
}

/// A safety rule the reader can switch off to see why it is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Section 5.4.1: a voter refuses a candidate whose log is less up-to-date than its own.
    ElectionRestriction,
    /// Section 5.4.2: a leader counts replicas only to commit entries of its current term.
    CurrentTermCommit,
}

impl Rule {
    pub fn key(self) -> &'static str {
        match self {
            Rule::ElectionRestriction => "election-restriction",
            Rule::CurrentTermCommit => "commit-rule",
        }
    }

    pub fn from_key(key: &str) -> Option<Rule> {
        [Rule::ElectionRestriction, Rule::CurrentTermCommit].into_iter().find(|rule| rule.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rule::ElectionRestriction => "the election restriction (§5.4.1)",
            Rule::CurrentTermCommit => "the current-term commit rule (§5.4.2)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    RequestVote { term: u32, last_log_index: usize, last_log_term: u32 },
    Vote { term: u32, granted: bool },
    AppendEntries { term: u32, prev_index: usize, prev_term: u32, entries: Vec<Entry>, leader_commit: usize },
    Appended { term: u32, success: bool, match_index: usize },
}

impl Message {
    pub fn term(&self) -> u32 {
        match *self {
            Message::RequestVote { term, .. }
            | Message::Vote { term, .. }
            | Message::AppendEntries { term, .. }
            | Message::Appended { term, .. } => term,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub from: usize,
    pub to: usize,
    pub sent: u64,
    pub arrives: u64,
    pub message: Message,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    Deliver(Envelope),
    /// An election timer firing, valid only if the server's timer has not been reset since.
    Timeout {
        server: usize,
        timer: u32,
    },
    Heartbeat {
        server: usize,
        term: u32,
    },
}

#[derive(Clone, Debug)]
struct Scheduled {
    at: u64,
    order: u64,
    event: Event,
}

#[derive(Clone, Debug)]
pub struct Server {
    pub up: bool,
    pub role: Role,
    /// Persistent: survives a crash.
    pub term: u32,
    pub voted_for: Option<usize>,
    pub log: Vec<Entry>,
    /// Volatile: lost in a crash.
    pub commit_index: usize,
    pub last_applied: usize,
    votes: u8,
    next_index: [usize; MAX_SERVERS],
    match_index: [usize; MAX_SERVERS],
    timer: u32,
    /// When the current election timer fires (for drawing).
    pub deadline: u64,
}

impl Server {
    fn new() -> Server {
        Server {
            up: true,
            role: Role::Follower,
            term: 0,
            voted_for: None,
            log: Vec::new(),
            commit_index: 0,
            last_applied: 0,
            votes: 0,
            next_index: [1; MAX_SERVERS],
            match_index: [0; MAX_SERVERS],
            timer: 0,
            deadline: 0,
        }
    }

    pub fn last_index(&self) -> usize {
        self.log.len()
    }

    pub fn last_term(&self) -> u32 {
        self.log.last().map_or(0, |entry| entry.term)
    }

    /// The term of the entry at `index` (1-based); 0 for index 0.
    pub fn term_at(&self, index: usize) -> Option<u32> {
        if index == 0 {
            Some(0)
        } else {
            self.log.get(index - 1).map(|entry| entry.term)
        }
    }

    pub fn next_index(&self, peer: usize) -> usize {
        self.next_index[peer]
    }

    pub fn match_index(&self, peer: usize) -> usize {
        self.match_index[peer]
    }

    pub fn has_vote_from(&self, peer: usize) -> bool {
        self.votes & (1 << peer) != 0
    }
}

/// What one step did, for the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Happening {
    Nothing,
    Delivered { envelope: Envelope, outcome: Outcome },
    Lost { envelope: Envelope, why: Loss },
    ElectionStarted { server: usize, term: u32 },
    HeartbeatSent { server: usize, term: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    ReceiverDown,
    Partitioned,
    Dropped,
}

/// What a delivered message led to, beyond the reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Handled,
    /// The receiver saw a newer term and became a follower.
    SteppedDown,
    BecameLeader,
    Committed {
        index: usize,
    },
}

/// The cluster: servers, the network and the event queue.
#[derive(Clone)]
pub struct Cluster {
    pub servers: Vec<Server>,
    now: u64,
    queue: Vec<Scheduled>,
    order: u64,
    rng: Rng,
    seed: u64,
    /// Servers on the minority side of a partition (bit i: server i); empty when healed.
    pub partition: u8,
    /// Percent of messages lost.
    pub drop_percent: u32,
    pub slow_link: Option<(usize, usize)>,
    pub broken: Option<Rule>,
    next_command: u32,
    events: u64,
    pub last: Happening,
    pub checker: Checker,
    /// For the guided scenarios: no election timers and no periodic heartbeats; the script
    /// decides who campaigns and when the leader sends.
    scripted: bool,
}

impl Cluster {
    /// `servers` (clamped to 3..=7) followers in term 0 with empty logs, their election timers
    /// running.
    pub fn new(servers: usize, seed: u64) -> Cluster {
        let count = servers.clamp(MIN_SERVERS, MAX_SERVERS);
        let mut cluster = Cluster {
            servers: (0..count).map(|_| Server::new()).collect(),
            now: 0,
            queue: Vec::new(),
            order: 0,
            rng: Rng::seeded(seed),
            seed,
            partition: 0,
            drop_percent: 0,
            slow_link: None,
            broken: None,
            next_command: 1,
            events: 0,
            last: Happening::Nothing,
            checker: Checker::new(count),
            scripted: false,
        };
        for server in 0..count {
            cluster.reset_timer(server);
        }
        cluster
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Events run so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    pub fn majority(&self) -> usize {
        self.servers.len() / 2 + 1
    }

    /// The messages in flight, earliest arrival first.
    pub fn in_flight(&self) -> Vec<&Envelope> {
        let mut flights: Vec<&Scheduled> =
            self.queue.iter().filter(|scheduled| matches!(scheduled.event, Event::Deliver(_))).collect();
        flights.sort_by_key(|scheduled| (scheduled.at, scheduled.order));
        flights
            .into_iter()
            .filter_map(|scheduled| match &scheduled.event {
                Event::Deliver(envelope) => Some(envelope),
                _ => None,
            })
            .collect()
    }

    /// The leader with the highest term among servers that are up, if any.
    pub fn leader(&self) -> Option<usize> {
        (0..self.servers.len())
            .filter(|&id| self.servers[id].up && self.servers[id].role == Role::Leader)
            .max_by_key(|&id| self.servers[id].term)
    }

    pub fn first_violation(&self) -> Option<&Violation> {
        self.checker.violations().first()
    }

    fn schedule(&mut self, at: u64, event: Event) {
        self.order += 1;
        self.queue.push(Scheduled { at, order: self.order, event });
    }

    fn random_between(&mut self, (low, high): (u64, u64)) -> u64 {
        low + self.rng.below(high - low + 1)
    }

    /// A cluster for a guided scenario: server i has current term `terms[i]` and a log whose
    /// entries have the terms `logs[i]`; timers are off. An entry's command is derived from its
    /// index and term, so equal (index, term) pairs carry equal commands, as Raft ensures.
    pub fn scripted(terms: &[u32], logs: &[&[u32]]) -> Cluster {
        let mut cluster = Cluster::new(terms.len(), 1);
        cluster.scripted = true;
        cluster.queue.clear();
        for (server, (&term, log)) in cluster.servers.iter_mut().zip(terms.iter().zip(logs)) {
            server.term = term;
            server.log = log
                .iter()
                .enumerate()
                .map(|(offset, &entry_term)| Entry { term: entry_term, command: entry_term * 1000 + offset as u32 + 1 })
                .collect();
        }
        cluster.next_command = 100_000;
        cluster.check();
        cluster
    }

    /// Makes `server` the leader of its current term, as if it had just won the election.
    pub fn install_leader(&mut self, server: usize) {
        self.servers[server].voted_for = Some(server);
        self.become_leader(server);
        self.check();
    }

    /// Sets the commit index (and last applied) of `server`, for a scenario's starting state.
    pub fn set_committed(&mut self, server: usize, index: usize) {
        let state = &mut self.servers[server];
        state.commit_index = index.min(state.last_index());
        state.last_applied = state.commit_index;
        self.check();
    }

    /// The leader sends AppendEntries to every other server (a heartbeat, with entries for
    /// those behind).
    pub fn broadcast(&mut self, leader: usize) {
        self.broadcast_append(leader);
    }

    /// Delivers the messages in flight now, in arrival order; messages sent in reply wait for
    /// the next round. Returns what each delivery did.
    pub fn deliver_in_flight(&mut self) -> Vec<Happening> {
        let mut round: Vec<Scheduled> = Vec::new();
        self.queue.retain(|scheduled| {
            let deliver = matches!(scheduled.event, Event::Deliver(_));
            if deliver {
                round.push(scheduled.clone());
            }
            !deliver
        });
        round.sort_by_key(|scheduled| (scheduled.at, scheduled.order));
        let mut happenings = Vec::new();
        for scheduled in round {
            if let Event::Deliver(envelope) = scheduled.event {
                self.now = self.now.max(scheduled.at);
                self.events += 1;
                let happening = self.deliver(envelope);
                self.last = happening.clone();
                happenings.push(happening);
                self.check();
            }
        }
        happenings
    }

    /// Delivers rounds until no message is in flight (at most `rounds` rounds).
    pub fn settle(&mut self, rounds: usize) -> Vec<Happening> {
        let mut happenings = Vec::new();
        for _ in 0..rounds {
            if self.in_flight().is_empty() {
                break;
            }
            happenings.extend(self.deliver_in_flight());
        }
        happenings
    }

    fn reset_timer(&mut self, server: usize) {
        if self.scripted {
            return;
        }
        let timeout = self.random_between(ELECTION_TIMEOUT);
        let state = &mut self.servers[server];
        state.timer += 1;
        state.deadline = self.now + timeout;
        let (timer, at) = (state.timer, state.deadline);
        self.schedule(at, Event::Timeout { server, timer });
    }

    fn send(&mut self, from: usize, to: usize, message: Message) {
        let mut delay = self.random_between(MESSAGE_DELAY);
        if self.slow_link.is_some_and(|(a, b)| (a, b) == (from, to) || (b, a) == (from, to)) {
            delay *= SLOW_FACTOR;
        }
        let envelope = Envelope { from, to, sent: self.now, arrives: self.now + delay, message };
        self.schedule(self.now + delay, Event::Deliver(envelope));
    }

    /// Runs exactly one event: the earliest in the queue. Returns false when there is none.
    pub fn step(&mut self) -> bool {
        let Some(position) = (0..self.queue.len()).min_by_key(|&index| (self.queue[index].at, self.queue[index].order))
        else {
            self.last = Happening::Nothing;
            return false;
        };
        let scheduled = self.queue.swap_remove(position);
        self.now = self.now.max(scheduled.at);
        self.events += 1;
        self.last = match scheduled.event {
            Event::Deliver(envelope) => self.deliver(envelope),
            Event::Timeout { server, timer } => self.time_out(server, timer),
            Event::Heartbeat { server, term } => self.heartbeat(server, term),
        };
        self.check();
        true
    }

    /// Runs events until the queue is empty or `limit` events have run.
    pub fn run(&mut self, limit: u64) {
        for _ in 0..limit {
            if !self.step() {
                break;
            }
        }
    }

    fn check(&mut self) {
        let mut checker = std::mem::take(&mut self.checker);
        checker.observe(self);
        self.checker = checker;
    }

    fn time_out(&mut self, server: usize, timer: u32) -> Happening {
        let state = &self.servers[server];
        if !state.up || state.timer != timer || state.role == Role::Leader {
            return Happening::Nothing;
        }
        self.start_election(server);
        Happening::ElectionStarted { server, term: self.servers[server].term }
    }

    /// Section 5.2: a follower or candidate whose timer fires votes for itself in a new term
    /// and asks every other server for its vote.
    pub fn start_election(&mut self, server: usize) {
        let state = &mut self.servers[server];
        state.term += 1;
        state.role = Role::Candidate;
        state.voted_for = Some(server);
        state.votes = 1 << server;
        let message = Message::RequestVote {
            term: state.term,
            last_log_index: state.last_index(),
            last_log_term: state.last_term(),
        };
        self.reset_timer(server);
        for peer in 0..self.servers.len() {
            if peer != server {
                self.send(server, peer, message.clone());
            }
        }
    }

    fn heartbeat(&mut self, server: usize, term: u32) -> Happening {
        let state = &self.servers[server];
        if !state.up || state.role != Role::Leader || state.term != term {
            return Happening::Nothing;
        }
        self.broadcast_append(server);
        self.schedule(self.now + HEARTBEAT_INTERVAL, Event::Heartbeat { server, term });
        Happening::HeartbeatSent { server, term }
    }

    /// AppendEntries to every follower, carrying what each is missing from its next index.
    fn broadcast_append(&mut self, leader: usize) {
        for peer in 0..self.servers.len() {
            if peer != leader {
                self.send_append(leader, peer);
            }
        }
    }

    fn send_append(&mut self, leader: usize, peer: usize) {
        let state = &self.servers[leader];
        let next = state.next_index[peer].clamp(1, state.last_index() + 1);
        let prev_index = next - 1;
        let message = Message::AppendEntries {
            term: state.term,
            prev_index,
            prev_term: state.term_at(prev_index).unwrap_or(0),
            entries: state.log[prev_index..].to_vec(),
            leader_commit: state.commit_index,
        };
        self.send(leader, peer, message);
    }

    fn deliver(&mut self, envelope: Envelope) -> Happening {
        let Envelope { from, to, .. } = envelope;
        if !self.servers[to].up {
            return Happening::Lost { envelope, why: Loss::ReceiverDown };
        }
        if self.separated(from, to) {
            return Happening::Lost { envelope, why: Loss::Partitioned };
        }
        if self.drop_percent > 0 && self.rng.below(100) < u64::from(self.drop_percent) {
            return Happening::Lost { envelope, why: Loss::Dropped };
        }
        let mut outcome = Outcome::Handled;
        // Figure 2, all servers: a newer term makes any server a follower in that term.
        if envelope.message.term() > self.servers[to].term {
            let state = &mut self.servers[to];
            if state.role != Role::Follower {
                outcome = Outcome::SteppedDown;
            }
            state.term = envelope.message.term();
            state.role = Role::Follower;
            state.voted_for = None;
        }
        let handled = match envelope.message.clone() {
            Message::RequestVote { term, last_log_index, last_log_term } => {
                self.handle_request_vote(to, from, term, last_log_index, last_log_term);
                Outcome::Handled
            }
            Message::Vote { term, granted } => self.handle_vote(to, from, term, granted),
            Message::AppendEntries { term, prev_index, prev_term, entries, leader_commit } => {
                self.handle_append(to, from, term, prev_index, prev_term, &entries, leader_commit)
            }
            Message::Appended { term, success, match_index } => {
                self.handle_appended(to, from, term, success, match_index)
            }
        };
        if handled != Outcome::Handled {
            outcome = handled;
        }
        Happening::Delivered { envelope, outcome }
    }

    /// Whether a partition keeps `a` and `b` apart.
    pub fn separated(&self, a: usize, b: usize) -> bool {
        (self.partition >> a & 1) != (self.partition >> b & 1)
    }

    fn handle_request_vote(&mut self, to: usize, from: usize, term: u32, last_log_index: usize, last_log_term: u32) {
        let state = &self.servers[to];
        // Section 5.4.1: the candidate's log must be at least as up-to-date as the voter's.
        let up_to_date = last_log_term > state.last_term()
            || (last_log_term == state.last_term() && last_log_index >= state.last_index());
        let grant = term == state.term
            && state.voted_for.is_none_or(|voted| voted == from)
            && (up_to_date || self.broken == Some(Rule::ElectionRestriction));
        if grant {
            self.servers[to].voted_for = Some(from);
            self.reset_timer(to);
        }
        let reply = Message::Vote { term: self.servers[to].term, granted: grant };
        self.send(to, from, reply);
    }

    fn handle_vote(&mut self, to: usize, from: usize, term: u32, granted: bool) -> Outcome {
        let state = &mut self.servers[to];
        if state.role != Role::Candidate || term != state.term || !granted {
            return Outcome::Handled;
        }
        state.votes |= 1 << from;
        if state.votes.count_ones() as usize >= self.majority() {
            self.become_leader(to);
            return Outcome::BecameLeader;
        }
        Outcome::Handled
    }

    fn become_leader(&mut self, server: usize) {
        let state = &mut self.servers[server];
        state.role = Role::Leader;
        let next = state.last_index() + 1;
        state.next_index = [next; MAX_SERVERS];
        state.match_index = [0; MAX_SERVERS];
        state.match_index[server] = state.last_index();
        let term = state.term;
        // Section 5.2: heartbeats at once, to claim the term, then periodically.
        if !self.scripted {
            self.schedule(self.now, Event::Heartbeat { server, term });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_append(
        &mut self,
        to: usize,
        from: usize,
        term: u32,
        prev_index: usize,
        prev_term: u32,
        entries: &[Entry],
        leader_commit: usize,
    ) -> Outcome {
        let current = self.servers[to].term;
        if term < current {
            self.send(to, from, Message::Appended { term: current, success: false, match_index: 0 });
            return Outcome::Handled;
        }
        // A current leader exists: candidates give up, and the election timer restarts.
        let mut outcome = Outcome::Handled;
        if self.servers[to].role == Role::Candidate {
            self.servers[to].role = Role::Follower;
            outcome = Outcome::SteppedDown;
        }
        self.reset_timer(to);
        let state = &mut self.servers[to];
        if state.term_at(prev_index) != Some(prev_term) {
            // Log Matching: no entry at prev_index with prev_term, so refuse; the leader backs
            // up one entry and tries again (section 5.3).
            self.send(to, from, Message::Appended { term: current, success: false, match_index: 0 });
            return outcome;
        }
        for (offset, entry) in entries.iter().enumerate() {
            let index = prev_index + 1 + offset;
            match state.term_at(index) {
                Some(existing) if existing == entry.term => {}
                Some(_) => {
                    // A conflicting entry and all after it are deleted.
                    state.log.truncate(index - 1);
                    state.log.push(*entry);
                }
                None => state.log.push(*entry),
            }
        }
        let last_new = prev_index + entries.len();
        let mut committed = None;
        if leader_commit > state.commit_index {
            state.commit_index = leader_commit.min(last_new).max(state.commit_index);
            committed = Some(state.commit_index);
        }
        state.last_applied = state.commit_index;
        self.send(to, from, Message::Appended { term: current, success: true, match_index: last_new });
        match committed {
            Some(index) => Outcome::Committed { index },
            None => outcome,
        }
    }

    fn handle_appended(&mut self, to: usize, from: usize, term: u32, success: bool, match_index: usize) -> Outcome {
        let state = &mut self.servers[to];
        if state.role != Role::Leader || term != state.term {
            return Outcome::Handled;
        }
        if !success {
            state.next_index[from] = state.next_index[from].saturating_sub(1).max(1);
            self.send_append(to, from);
            return Outcome::Handled;
        }
        state.match_index[from] = state.match_index[from].max(match_index);
        state.next_index[from] = state.match_index[from] + 1;
        self.advance_commit(to)
    }

    /// Figure 2, rules for leaders: the highest N > commitIndex replicated on a majority whose
    /// entry is from the current term (section 5.4.2) becomes the commit index.
    fn advance_commit(&mut self, leader: usize) -> Outcome {
        let majority = self.majority();
        let count = self.servers.len();
        let state = &mut self.servers[leader];
        let any_term = self.broken == Some(Rule::CurrentTermCommit);
        let candidate = (state.commit_index + 1..=state.last_index()).rev().find(|&index| {
            let replicas = (0..count).filter(|&peer| state.match_index[peer] >= index).count();
            replicas >= majority && (any_term || state.term_at(index) == Some(state.term))
        });
        match candidate {
            Some(index) => {
                state.commit_index = index;
                state.last_applied = index;
                Outcome::Committed { index }
            }
            None => Outcome::Handled,
        }
    }

    /// A client command, appended to the leader's log; false without a leader that is up.
    pub fn client_request(&mut self) -> bool {
        let Some(leader) = self.leader() else { return false };
        let command = self.next_command;
        self.next_command += 1;
        let state = &mut self.servers[leader];
        state.log.push(Entry { term: state.term, command });
        state.match_index[leader] = state.last_index();
        self.broadcast_append(leader);
        self.check();
        true
    }

    /// Crashes a server: it stops, and what is not persistent is lost.
    pub fn crash(&mut self, server: usize) {
        if let Some(state) = self.servers.get_mut(server) {
            state.up = false;
            state.timer += 1;
        }
        self.check();
    }

    /// Restarts a crashed server as a follower with its persistent state (term, vote, log).
    pub fn restart(&mut self, server: usize) {
        let Some(state) = self.servers.get_mut(server) else { return };
        if state.up {
            return;
        }
        state.up = true;
        state.role = Role::Follower;
        state.commit_index = 0;
        state.last_applied = 0;
        state.votes = 0;
        self.reset_timer(server);
        self.check();
    }

    /// Splits off `minority` (a bit set of servers); 0 heals.
    pub fn set_partition(&mut self, minority: u8) {
        self.partition = minority & ((1u16 << self.servers.len()) - 1) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elected(servers: usize, seed: u64) -> Cluster {
        let mut cluster = Cluster::new(servers, seed);
        while cluster.leader().is_none() {
            assert!(cluster.step());
        }
        cluster
    }

    fn run_for(cluster: &mut Cluster, milliseconds: u64) {
        let until = cluster.now() + milliseconds;
        while cluster.now() < until && cluster.step() {}
    }

    #[test]
    fn a_request_commits_on_a_majority_and_followers_learn_it() {
        let mut cluster = elected(5, 4);
        let leader = cluster.leader().unwrap();
        assert!(cluster.client_request());
        run_for(&mut cluster, 200);
        assert_eq!(cluster.servers[leader].commit_index, 1);
        for server in &cluster.servers {
            assert_eq!((server.log.len(), server.commit_index, server.last_applied), (1, 1, 1));
        }
        assert!(cluster.checker.is_safe());
    }

    #[test]
    fn a_leader_cut_off_in_a_minority_commits_nothing_and_steps_down_on_healing() {
        let mut cluster = elected(5, 8);
        let old = cluster.leader().unwrap();
        let old_term = cluster.servers[old].term;
        cluster.set_partition(1 << old);
        assert!(cluster.client_request());
        run_for(&mut cluster, 1500);
        assert_eq!(cluster.servers[old].role, Role::Leader, "it does not know it is cut off");
        assert_eq!((cluster.servers[old].log.len(), cluster.servers[old].commit_index), (1, 0));
        let new = cluster.leader().unwrap();
        assert_ne!(new, old);
        assert!(cluster.servers[new].term > old_term);
        assert!(cluster.client_request());
        cluster.set_partition(0);
        run_for(&mut cluster, 500);
        assert_eq!(cluster.servers[old].role, Role::Follower);
        assert_eq!(cluster.servers[old].log, cluster.servers[new].log, "its uncommitted entry is overwritten");
        assert!(cluster.checker.is_safe());
    }

    #[test]
    fn a_restart_keeps_term_vote_and_log_and_forgets_the_commit_index() {
        let mut cluster = elected(3, 2);
        cluster.client_request();
        run_for(&mut cluster, 200);
        let follower = (0..3).find(|&id| Some(id) != cluster.leader()).unwrap();
        let before = cluster.servers[follower].clone();
        cluster.crash(follower);
        cluster.restart(follower);
        let after = &cluster.servers[follower];
        assert_eq!((after.term, after.voted_for, &after.log), (before.term, before.voted_for, &before.log));
        assert_eq!((after.commit_index, after.last_applied, after.role), (0, 0, Role::Follower));
        run_for(&mut cluster, 200);
        assert_eq!(cluster.servers[follower].commit_index, 1, "the leader's next message restores it");
    }

    #[test]
    fn lossy_and_slow_networks_delay_progress_but_keep_safety() {
        for seed in 0..50 {
            let mut cluster = Cluster::new(5, seed);
            cluster.drop_percent = 30;
            cluster.slow_link = Some((0, 1));
            for _ in 0..20 {
                run_for(&mut cluster, 100);
                cluster.client_request();
            }
            run_for(&mut cluster, 3000);
            assert!(cluster.checker.is_safe(), "seed {seed}");
            assert!(cluster.servers.iter().map(|server| server.commit_index).max().unwrap() > 0, "seed {seed}");
        }
    }
}
