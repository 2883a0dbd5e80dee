//! A leader, 2-4 followers and three clients, in simulated milliseconds.
//!
//! Writes go to the leader, which appends them to its log and ships them to each follower over a
//! link with its own lag; followers apply them in order. When the client hears "committed"
//! depends on the mode: asynchronous, at once; semi-synchronous, when the first follower has
//! acknowledged (MySQL's semi-synchronous replication); synchronous, when every follower has
//! (PostgreSQL with all standbys in `synchronous_standby_names`). Reads go to any replica.
//!
//! Alice writes posts and reads; Bob reads and replies to the newest post he saw; Carol reads.
//! The anomalies are the session guarantees of Terry et al. (PDIS 1994) as Kleppmann's
//! *Designing Data-Intensive Applications* (chapter 5) names them for replication lag:
//! reading your own writes, monotonic reads, and consistent prefix (a reply seen, then its
//! post missing). Failover promotes the follower with the longest log; acknowledged writes it
//! lacks are lost.

use kit::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Async,
    SemiSync,
    Sync,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Async, Mode::SemiSync, Mode::Sync];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Async => "async",
            Mode::SemiSync => "semi-sync",
            Mode::Sync => "sync",
        }
    }

    pub fn from_key(key: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|mode| mode.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Async => "asynchronous",
            Mode::SemiSync => "semi-synchronous (one follower)",
            Mode::Sync => "synchronous (all followers)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Client {
    Alice,
    Bob,
    Carol,
}

impl Client {
    pub const ALL: [Client; 3] = [Client::Alice, Client::Bob, Client::Carol];

    pub fn name(self) -> &'static str {
        match self {
            Client::Alice => "Alice",
            Client::Bob => "Bob",
            Client::Carol => "Carol",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anomaly {
    /// A read that misses the reader's own acknowledged write.
    OwnWriteMissing,
    /// A read that misses a write the same client saw before.
    WentBackwards,
    /// A reply seen without the post it answers.
    ReplyBeforePost,
}

impl Anomaly {
    pub const ALL: [Anomaly; 3] = [Anomaly::OwnWriteMissing, Anomaly::WentBackwards, Anomaly::ReplyBeforePost];

    /// The guarantee the read broke.
    pub fn guarantee(self) -> &'static str {
        match self {
            Anomaly::OwnWriteMissing => "read your writes",
            Anomaly::WentBackwards => "monotonic reads",
            Anomaly::ReplyBeforePost => "consistent prefix",
        }
    }
}

/// An anomaly with the writes that show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    pub anomaly: Anomaly,
    /// The write missing (own or seen before), or the reply seen without its post.
    pub write: u32,
    /// For a reply seen too early, the post it answers.
    pub cause: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Write {
    pub id: u32,
    pub author: Client,
    /// The post a reply answers.
    pub cause: Option<u32>,
    pub at: u64,
    /// When the client heard "committed"; `None` if it never will (its leader failed first).
    pub acknowledged_at: Option<u64>,
}

impl Write {
    pub fn acknowledged_by(&self, now: u64) -> bool {
        self.acknowledged_at.is_some_and(|at| at <= now)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    /// The write ids applied, in order.
    pub log: Vec<u32>,
    pub up: bool,
    /// One-way delay of the link from the leader, ms.
    pub lag: u64,
}

/// The guards a reader can switch on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Guards {
    /// A client that has written reads from a replica that has its last write, else the leader.
    pub read_your_writes: bool,
    /// Each client always reads the same replica.
    pub pin: bool,
}

/// Something that happened, for the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Wrote {
        write: Write,
    },
    /// A read of the feed: posts from one replica, replies from another (the same one if pinned).
    Read {
        client: Client,
        at: u64,
        posts_from: usize,
        replies_from: usize,
        visible: usize,
        finding: Option<Finding>,
    },
    Failover {
        at: u64,
        old: usize,
        new: usize,
        lost: Vec<u32>,
    },
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub mode: Mode,
    pub guards: Guards,
    pub replicas: Vec<Replica>,
    pub leader: usize,
    pub writes: Vec<Write>,
    /// Deliveries in flight: (arrival time, replica, write id).
    pub in_flight: Vec<(u64, usize, u32)>,
    pub now: u64,
    rng: Rng,
    /// Per client: their newest write, and the writes they have seen.
    last_write: [Option<u32>; 3],
    seen: [Vec<u32>; 3],
    /// Per anomaly, how many reads showed it.
    pub anomalies: [u32; 3],
    /// Acknowledged writes that no live replica has.
    pub lost: Vec<u32>,
    pub events: Vec<Event>,
}

/// Milliseconds one step of the clock moves.
pub const STEP_MS: u64 = 100;
/// The most a link may lag, ms.
pub const MAX_LAG: u64 = 2_000;

impl Cluster {
    pub fn new(mode: Mode, guards: Guards, lags: &[u64], seed: u64) -> Cluster {
        let followers = lags.len().clamp(2, 4);
        let mut replicas = vec![Replica { log: Vec::new(), up: true, lag: 0 }];
        replicas.extend((0..followers).map(|index| Replica {
            log: Vec::new(),
            up: true,
            lag: lags.get(index).copied().unwrap_or(100).min(MAX_LAG),
        }));
        Cluster {
            mode,
            guards,
            replicas,
            leader: 0,
            writes: Vec::new(),
            in_flight: Vec::new(),
            now: 0,
            rng: Rng::seeded(seed),
            last_write: [None; 3],
            seen: [Vec::new(), Vec::new(), Vec::new()],
            anomalies: [0; 3],
            lost: Vec::new(),
            events: Vec::new(),
        }
    }

    fn live_followers(&self) -> Vec<usize> {
        (0..self.replicas.len()).filter(|&index| index != self.leader && self.replicas[index].up).collect()
    }

    pub fn has_live_follower(&self) -> bool {
        !self.live_followers().is_empty()
    }

    pub fn write(&self, id: u32) -> &Write {
        &self.writes[id as usize - 1]
    }

    /// Advances the clock, applying what arrives by then in order.
    pub fn advance(&mut self, to: u64) {
        self.in_flight.sort_unstable();
        let arrived = self.in_flight.iter().take_while(|&&(at, _, _)| at <= to).count();
        for (_, replica, id) in self.in_flight.drain(..arrived) {
            self.replicas[replica].log.push(id);
        }
        self.now = self.now.max(to);
    }

    /// Ships `id` to follower `index`. A link delivers in order, so a write never overtakes the
    /// one before it even when the lag has just been lowered.
    fn ship(&mut self, index: usize, id: u32) {
        let queued = self.in_flight.iter().filter(|&&(_, to, _)| to == index).map(|&(at, _, _)| at).max();
        let at = (self.now + self.replicas[index].lag).max(queued.unwrap_or(0));
        self.in_flight.push((at, index, id));
    }

    /// A write by `author`, appended to the leader's log and shipped to every live follower.
    pub fn submit(&mut self, author: Client, cause: Option<u32>) -> Write {
        let id = self.writes.len() as u32 + 1;
        let leader = self.leader;
        self.replicas[leader].log.push(id);
        for index in self.live_followers() {
            self.ship(index, id);
        }
        let write = Write { id, author, cause, at: self.now, acknowledged_at: Some(self.acknowledgement(id)) };
        self.writes.push(write);
        self.last_write[author as usize] = Some(id);
        self.events.push(Event::Wrote { write });
        write
    }

    /// When the leader can acknowledge write `id`: at once (asynchronous), or when the first
    /// (semi-synchronous) or every (synchronous) live follower has confirmed it. A follower
    /// confirms over the same link, so a write still on the wire costs its arrival plus the lag.
    fn acknowledgement(&self, id: u32) -> u64 {
        let confirmations = self.live_followers().into_iter().map(|index| {
            let arrival = self.in_flight.iter().find(|&&(_, to, write)| to == index && write == id);
            arrival.map_or(self.now, |&(at, _, _)| at + self.replicas[index].lag)
        });
        match self.mode {
            Mode::Async => self.now,
            Mode::SemiSync => confirmations.min().unwrap_or(self.now),
            Mode::Sync => confirmations.max().unwrap_or(self.now),
        }
    }

    /// The replica a pinned client reads: the same one every time while the set of live
    /// replicas stays the same.
    pub fn pinned(&self, client: Client) -> usize {
        let up: Vec<usize> = (0..self.replicas.len()).filter(|&index| self.replicas[index].up).collect();
        up[(client as usize + 1) % up.len()]
    }

    /// The replica one query by `client` goes to; `posts` says which of the two it is, since
    /// read-your-writes routing only matters for the query that can hold the client's write.
    fn route(&mut self, client: Client, posts: bool) -> usize {
        let up: Vec<usize> = (0..self.replicas.len()).filter(|&index| self.replicas[index].up).collect();
        let chosen = if self.guards.pin { self.pinned(client) } else { up[self.rng.below(up.len() as u64) as usize] };
        let own = self.last_write[client as usize].filter(|&own| self.write(own).cause.is_none() == posts);
        if self.guards.read_your_writes && own.is_some_and(|own| !self.replicas[chosen].log.contains(&own)) {
            self.leader
        } else {
            chosen
        }
    }

    /// A read of the feed by `client`: two queries, posts and replies, each routed on its own.
    /// The anomaly reported is the first that applies, in the order of [`Anomaly::ALL`].
    pub fn read(&mut self, client: Client) -> Event {
        let posts_from = self.route(client, true);
        let replies_from = if self.guards.pin { posts_from } else { self.route(client, false) };
        let is_post = |cluster: &Cluster, id: u32| cluster.write(id).cause.is_none();
        let mut visible: Vec<u32> =
            self.replicas[posts_from].log.iter().copied().filter(|&id| is_post(self, id)).collect();
        visible.extend(self.replicas[replies_from].log.iter().copied().filter(|&id| !is_post(self, id)));
        let finding = self.inspect(client, &visible);
        if let Some(finding) = finding {
            self.anomalies[finding.anomaly as usize] += 1;
        }
        let seen = &mut self.seen[client as usize];
        for id in &visible {
            if !seen.contains(id) {
                seen.push(*id);
            }
        }
        let event = Event::Read { client, at: self.now, posts_from, replies_from, visible: visible.len(), finding };
        self.events.push(event.clone());
        event
    }

    fn inspect(&self, client: Client, visible: &[u32]) -> Option<Finding> {
        let finding = |anomaly, write, cause| Some(Finding { anomaly, write, cause });
        let own = self.last_write[client as usize].filter(|&own| self.write(own).acknowledged_by(self.now));
        if let Some(own) = own.filter(|own| !visible.contains(own)) {
            return finding(Anomaly::OwnWriteMissing, own, None);
        }
        let seen = &self.seen[client as usize];
        if let Some(&gone) = seen.iter().find(|id| !visible.contains(id)) {
            return finding(Anomaly::WentBackwards, gone, None);
        }
        visible.iter().find_map(|&id| {
            let post = self.write(id).cause?;
            (!visible.contains(&post)).then_some(Finding {
                anomaly: Anomaly::ReplyBeforePost,
                write: id,
                cause: Some(post),
            })
        })
    }

    /// Bob reads the feed and replies to the newest post in it.
    pub fn reply(&mut self) {
        let Event::Read { posts_from, .. } = self.read(Client::Bob) else { return };
        let post = self.replicas[posts_from].log.iter().copied().filter(|&id| self.write(id).cause.is_none()).max();
        if let Some(post) = post {
            self.submit(Client::Bob, Some(post));
        }
    }

    /// Whether `client` is still waiting for its last write to be acknowledged.
    pub fn waiting(&self, client: Client) -> bool {
        self.last_write[client as usize].is_some_and(|own| {
            let write = self.write(own);
            write.acknowledged_at.is_some() && !write.acknowledged_by(self.now)
        })
    }

    /// One operation of the automatic clients: one chosen at random does its kind of thing;
    /// a client waiting for an acknowledgement does nothing.
    pub fn operate(&mut self) {
        match self.rng.below(100) {
            0..=29 if !self.waiting(Client::Alice) => drop(self.submit(Client::Alice, None)),
            30..=54 if !self.waiting(Client::Alice) => drop(self.read(Client::Alice)),
            55..=69 if !self.waiting(Client::Bob) => self.reply(),
            70..=99 => drop(self.read(Client::Carol)),
            _ => {}
        }
    }

    /// The leader fails for good: the live follower with the longest log takes over, acknowledged
    /// writes it lacks are lost, and it ships the rest of its log to the other followers.
    pub fn fail_over(&mut self) -> Option<Event> {
        let old = self.leader;
        let followers = self.live_followers();
        let new =
            followers.iter().copied().max_by_key(|&index| (self.replicas[index].log.len(), usize::MAX - index))?;
        self.replicas[old].up = false;
        self.leader = new;
        let survived = self.replicas[new].log.clone();
        let now = self.now;
        let lost: Vec<u32> = self
            .writes
            .iter()
            .filter(|write| {
                write.acknowledged_by(now) && !survived.contains(&write.id) && !self.lost.contains(&write.id)
            })
            .map(|write| write.id)
            .collect();
        self.lost.extend(&lost);
        // The old leader's messages die with it; the new leader catches its followers up.
        self.in_flight.clear();
        for index in self.live_followers() {
            let behind = self.replicas[index].log.len();
            for &id in &survived[behind.min(survived.len())..] {
                self.ship(index, id);
            }
        }
        // Writes still waiting either failed with the old leader or now wait on the new one's
        // followers.
        for index in 0..self.writes.len() {
            let write = self.writes[index];
            if write.acknowledged_at.is_some() && !write.acknowledged_by(now) {
                let pending = survived.contains(&write.id).then(|| self.acknowledgement(write.id));
                self.writes[index].acknowledged_at = pending;
            }
        }
        let event = Event::Failover { at: now, old, new, lost };
        self.events.push(event.clone());
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAGS: [u64; 3] = [50, 400, 150];

    fn run(mode: Mode, guards: Guards, seed: u64, steps: u32) -> Cluster {
        run_with(&LAGS, mode, guards, seed, steps)
    }

    fn run_with(lags: &[u64], mode: Mode, guards: Guards, seed: u64, steps: u32) -> Cluster {
        let mut cluster = Cluster::new(mode, guards, lags, seed);
        for _ in 0..steps {
            cluster.operate();
            cluster.advance(cluster.now + STEP_MS);
        }
        cluster
    }

    /// The acknowledged writes the new leader's log lacks, counted independently of `fail_over`.
    fn acknowledged_but_absent(cluster: &Cluster, new: usize) -> Vec<u32> {
        let log = &cluster.replicas[new].log;
        cluster.writes.iter().filter(|w| w.acknowledged_by(cluster.now) && !log.contains(&w.id)).map(|w| w.id).collect()
    }

    #[test]
    fn synchronous_replication_never_loses_an_acknowledged_write() {
        for seed in 0..300 {
            let mut cluster = run(Mode::Sync, Guards::default(), seed, 10 + (seed % 60) as u32);
            cluster.submit(Client::Alice, None);
            cluster.fail_over();
            assert!(cluster.lost.is_empty(), "seed {seed}: lost {:?}", cluster.lost);
        }
    }

    #[test]
    fn semi_synchronous_with_the_longest_log_promoted_loses_nothing_either() {
        for seed in 0..300 {
            let mut cluster = run(Mode::SemiSync, Guards::default(), seed, 10 + (seed % 60) as u32);
            cluster.submit(Client::Alice, None);
            cluster.fail_over();
            assert!(cluster.lost.is_empty(), "seed {seed}: lost {:?}", cluster.lost);
        }
    }

    #[test]
    fn asynchronous_failover_loses_exactly_the_acknowledged_writes_the_new_leader_lacks() {
        let mut losses = 0;
        for seed in 0..100 {
            // Every follower more than a step behind, so a failover can lose a tail.
            let mut cluster = run_with(&[250, 400, 300], Mode::Async, Guards::default(), seed, 40);
            // A write acknowledged at once, and the leader dies before any follower has it.
            let doomed = cluster.submit(Client::Alice, None);
            let Some(Event::Failover { new, lost, .. }) = cluster.fail_over() else { panic!("followers are up") };
            assert_eq!(lost, acknowledged_but_absent(&cluster, new), "seed {seed}");
            assert!(lost.contains(&doomed.id), "seed {seed}");
            losses += lost.len();
        }
        // Whole in-flight tails as well as the last write: more losses than failovers.
        assert!(losses > 150, "{losses}");
    }

    #[test]
    fn writes_not_yet_acknowledged_fail_instead_of_being_lost() {
        let mut cluster = Cluster::new(Mode::Sync, Guards::default(), &[100, 200], 1);
        let write = cluster.submit(Client::Alice, None);
        assert_eq!(write.acknowledged_at, Some(400), "the slower round trip");
        cluster.advance(150);
        cluster.fail_over();
        assert!(cluster.lost.is_empty());
        assert_eq!(cluster.leader, 1, "the follower that has the write");
        // The new leader has it and waits, in turn, for its own follower: shipped at 150 ms,
        // confirmed after a 200 ms trip each way.
        assert_eq!(cluster.write(1).acknowledged_at, Some(550), "pending on the new leader's follower");
        let mut cluster = Cluster::new(Mode::Sync, Guards::default(), &[100, 200], 1);
        cluster.submit(Client::Alice, None);
        cluster.fail_over();
        assert_eq!(cluster.write(1).acknowledged_at, None, "no follower had it: the client hears an error");
        assert!(!cluster.waiting(Client::Alice));
    }

    #[test]
    fn a_new_leader_catches_the_other_followers_up() {
        let mut cluster = Cluster::new(Mode::Async, Guards::default(), &[100, 1_000], 1);
        for _ in 0..3 {
            cluster.submit(Client::Alice, None);
            cluster.advance(cluster.now + STEP_MS);
        }
        cluster.advance(cluster.now + STEP_MS);
        cluster.fail_over();
        assert_eq!(cluster.leader, 1);
        cluster.advance(cluster.now + 1_000);
        assert_eq!(cluster.replicas[2].log, cluster.replicas[1].log);
    }

    #[test]
    fn a_lowered_lag_does_not_reorder_a_link() {
        let mut cluster = Cluster::new(Mode::Async, Guards::default(), &[1_000, 1_000], 1);
        cluster.submit(Client::Alice, None);
        cluster.replicas[1].lag = 10;
        cluster.submit(Client::Alice, None);
        cluster.advance(2_000);
        assert_eq!(cluster.replicas[1].log, [1, 2]);
    }

    #[test]
    fn a_reader_on_two_replicas_can_see_a_reply_before_its_post() {
        let mut cluster = Cluster::new(Mode::Async, Guards::default(), &[10, 1_000], 1);
        let post = cluster.submit(Client::Alice, None).id;
        let reply = cluster.submit(Client::Bob, Some(post)).id;
        cluster.advance(50);
        // Posts from the lagging follower, replies from the fresh one.
        let visible = [reply];
        assert_eq!(
            cluster.inspect(Client::Carol, &visible),
            Some(Finding { anomaly: Anomaly::ReplyBeforePost, write: reply, cause: Some(post) })
        );
    }

    #[test]
    fn anomalies_appear_without_guards_and_each_guard_prevents_its_own() {
        let total = |mode: Mode, guards: Guards, anomaly: Anomaly| {
            (0..40).map(|seed| run(mode, guards, seed, 200).anomalies[anomaly as usize]).sum::<u32>()
        };
        for anomaly in Anomaly::ALL {
            assert!(total(Mode::Async, Guards::default(), anomaly) > 0, "{anomaly:?} happens under async replication");
        }
        let routed = Guards { read_your_writes: true, pin: false };
        assert_eq!(total(Mode::Async, routed, Anomaly::OwnWriteMissing), 0);
        let pinned = Guards { read_your_writes: false, pin: true };
        assert_eq!(total(Mode::Async, pinned, Anomaly::WentBackwards), 0);
        assert_eq!(total(Mode::Async, pinned, Anomaly::ReplyBeforePost), 0);
        // Synchronous replication puts an acknowledged write on every replica before the
        // writer hears of it, and the writer reads only after that.
        assert_eq!(total(Mode::Sync, Guards::default(), Anomaly::OwnWriteMissing), 0);
        // It does not make reads monotonic: the leader shows a write before the followers have it.
        assert!(total(Mode::Sync, Guards::default(), Anomaly::WentBackwards) > 0);
        assert!(total(Mode::Sync, Guards::default(), Anomaly::ReplyBeforePost) > 0);
    }
}
