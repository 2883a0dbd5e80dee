//! The LSM tree: a workload of puts and deletes, the memtable and its write-ahead log, flushes
//! to level 0, and compaction, leveled or tiered; point lookups and the three amplifications.
//!
//! Sources:
//! - O'Neil, Cheng, Gawlick and O'Neil, "The Log-Structured Merge-Tree (LSM-Tree)", Acta
//!   Informatica 33(4), 1996: writes buffered in memory and merged into larger sorted
//!   components on disk.
//! - LevelDB, `doc/impl.md`: the log, the memtable, level 0 files that may overlap, compaction
//!   of level 0 when it has four files, levels 1 and below made of non-overlapping files, each
//!   level ten times the previous one's size, deletion markers dropped only when no deeper level
//!   can hold the key. RocksDB's wiki, "Leveled Compaction" and "Universal Compaction"
//!   (tiered: sorted runs merged together).
//! - The cost model of leveled (size ratio T, about T rewrites per level) against tiered (one
//!   rewrite per level, up to T runs per level to read): Dayan, Athanassoulis and Idreos,
//!   "Monkey: Optimal Navigable Key-Value Store", SIGMOD 2017, section 2.
//!
//! Sizes are counted in entries, so amplification is in entries written or read per entry.

use std::collections::BTreeMap;

use kit::rng::Rng;
use kit::zipf::Zipf;

use crate::table::{Entry, Probe, Table};

/// Level 0 is compacted when it holds this many tables (LevelDB's and RocksDB's default 4).
pub const L0_TRIGGER: usize = 4;
/// Level 1 holds this many memtables' worth of entries (RocksDB's defaults: a 256 MB level base
/// over a 64 MB write buffer).
pub const L1_MEMTABLES: u32 = 4;
/// Compaction output is cut into tables of at most this many memtables' worth.
const TABLE_MEMTABLES: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compaction {
    /// One sorted run per level below 0, each level T times the one above.
    Leveled,
    /// Up to T runs per level; T runs merge into one run of the next level.
    Tiered,
}

impl Compaction {
    pub fn key(self) -> &'static str {
        match self {
            Compaction::Leveled => "leveled",
            Compaction::Tiered => "tiered",
        }
    }

    pub fn from_key(key: &str) -> Option<Compaction> {
        [Compaction::Leveled, Compaction::Tiered].into_iter().find(|compaction| compaction.key() == key)
    }
}

/// The workload and the tree's shape. [`Settings::clamped`] keeps every value in range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub compaction: Compaction,
    /// T, from 2 to 10.
    pub size_ratio: u32,
    /// Entries the memtable holds before it is flushed, from 4 to 64.
    pub memtable: u32,
    /// Distinct keys the workload writes, from 16 to 1,000.
    pub keys: u32,
    /// The Zipf exponent of key popularity, in hundredths (0 to 150).
    pub skew: u32,
    /// Percent of writes that are deletes (0 to 50).
    pub deletes: u32,
    /// Writes per step (1 to 20).
    pub rate: u32,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            compaction: Compaction::Leveled,
            size_ratio: 4,
            memtable: 8,
            keys: 100,
            skew: 0,
            deletes: 10,
            rate: 4,
            seed: 1,
        }
    }
}

impl Settings {
    pub fn clamped(self) -> Settings {
        Settings {
            size_ratio: self.size_ratio.clamp(2, 10),
            memtable: self.memtable.clamp(4, 64),
            keys: self.keys.clamp(16, 1000),
            skew: self.skew.min(150),
            deletes: self.deletes.min(50),
            rate: self.rate.clamp(1, 20),
            ..self
        }
    }
}

/// Something that happened during a step, for the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Flush {
        table: u32,
        entries: usize,
    },
    /// `inputs` tables of `from_level` merged with the `overlapping` tables of `to_level` into
    /// `outputs` tables of `to_level`, writing `written` entries and dropping `dropped`
    /// tombstones.
    Compact {
        from_level: usize,
        inputs: usize,
        to_level: usize,
        overlapping: usize,
        outputs: usize,
        written: usize,
        dropped: usize,
    },
}

/// Entries written, by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Writes {
    pub user: u64,
    pub log: u64,
    pub flush: u64,
    pub compaction: u64,
}

impl Writes {
    /// Entries written to storage per entry the user wrote, or 0 before any write.
    pub fn amplification(&self) -> f64 {
        if self.user == 0 {
            return 0.0;
        }
        (self.log + self.flush + self.compaction) as f64 / self.user as f64
    }
}

#[derive(Clone)]
pub struct Tree {
    settings: Settings,
    rng: Rng,
    /// Key popularity by rank, and the key of each rank.
    popularity: Zipf,
    key_of_rank: Vec<u32>,
    memtable: BTreeMap<u32, Entry>,
    /// Entries in the write-ahead log: those of the memtable, since a flush truncates it.
    log_entries: u32,
    /// `levels[0]` is level 0. Within a level, tables are in write order, newest last; in
    /// leveled levels below 0 they are also in key order.
    levels: Vec<Vec<Table>>,
    next_table: u32,
    sequence: u32,
    steps: u32,
    writes: Writes,
    /// Where leveled compaction picks its next table in each level: the key after the last one
    /// it compacted, as LevelDB's compaction pointer.
    cursors: Vec<u32>,
    events: Vec<Event>,
}

/// A point lookup's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    pub key: u32,
    /// The memtable's entry for the key, if it had one (then no table is probed).
    pub memtable: Option<Entry>,
    /// Tables probed, in order: (level, table id, what the probe found).
    pub probes: Vec<(usize, u32, Probe)>,
    /// The newest entry for the key: a value, a tombstone, or nothing.
    pub found: Option<Entry>,
}

impl Lookup {
    pub fn value(&self) -> Option<u32> {
        self.found.and_then(|entry| entry.value)
    }

    pub fn blocks_read(&self) -> usize {
        self.probes.iter().filter(|(_, _, probe)| matches!(probe, Probe::Read { .. })).count()
    }

    pub fn filter_checks(&self) -> usize {
        self.probes.iter().filter(|(_, _, probe)| !matches!(probe, Probe::OutOfRange)).count()
    }
}

/// Read amplification over every key of the key space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reads {
    pub blocks_per_lookup: f64,
    pub filter_checks_per_lookup: f64,
}

impl Tree {
    pub fn new(settings: Settings) -> Tree {
        let settings = settings.clamped();
        let mut rng = Rng::seeded(settings.seed);
        let popularity = Zipf::new(settings.keys as usize, f64::from(settings.skew) / 100.0);
        // Ranks are spread over the key space, so the hot keys are not all neighbours.
        let mut key_of_rank: Vec<u32> = (0..settings.keys).collect();
        for index in (1..key_of_rank.len()).rev() {
            key_of_rank.swap(index, rng.below(index as u64 + 1) as usize);
        }
        Tree {
            settings,
            rng,
            popularity,
            key_of_rank,
            memtable: BTreeMap::new(),
            log_entries: 0,
            levels: vec![Vec::new()],
            next_table: 1,
            sequence: 0,
            steps: 0,
            writes: Writes::default(),
            cursors: Vec::new(),
            events: Vec::new(),
        }
    }

    /// A tree that has run `steps` steps: the same seed and settings replay the same writes,
    /// which is how the widget shows one workload under other settings.
    pub fn after(settings: Settings, steps: u32) -> Tree {
        let mut tree = Tree::new(settings);
        for _ in 0..steps {
            tree.step();
        }
        tree
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// The id the next table written will get: tables at or above it are newer than now.
    pub fn next_table_id(&self) -> u32 {
        self.next_table
    }

    pub fn steps(&self) -> u32 {
        self.steps
    }

    pub fn writes(&self) -> Writes {
        self.writes
    }

    pub fn memtable_len(&self) -> usize {
        self.memtable.len()
    }

    /// The memtable's entry for `key`, if it holds one.
    pub fn memtable_entry(&self, key: u32) -> Option<Entry> {
        self.memtable.get(&key).copied()
    }

    pub fn log_entries(&self) -> u32 {
        self.log_entries
    }

    pub fn levels(&self) -> &[Vec<Table>] {
        &self.levels
    }

    /// What the last step did beyond its writes.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The most entries leveled compaction lets level `level` (1 and below) hold.
    pub fn level_capacity(&self, level: usize) -> usize {
        let exponent = level.saturating_sub(1) as u32;
        (L1_MEMTABLES * self.settings.memtable) as usize * self.settings.size_ratio.pow(exponent.min(8)) as usize
    }

    /// One step: `rate` writes drawn from the workload, with the flushes and compactions they
    /// cause.
    pub fn step(&mut self) {
        self.events.clear();
        for _ in 0..self.settings.rate {
            let key = self.draw_key();
            let delete = self.rng.below(100) < u64::from(self.settings.deletes);
            self.write(key, !delete);
        }
        self.steps += 1;
    }

    fn draw_key(&mut self) -> u32 {
        let rank = self.popularity.sample(&mut self.rng);
        self.key_of_rank[rank.min(self.key_of_rank.len() - 1)]
    }

    /// A put (`put` true, the value is its sequence number) or a delete of `key`: logged, then
    /// applied to the memtable, which is flushed when full.
    pub fn write(&mut self, key: u32, put: bool) {
        self.sequence += 1;
        let entry = Entry { key, sequence: self.sequence, value: put.then_some(self.sequence) };
        self.writes.user += 1;
        self.writes.log += 1;
        self.log_entries += 1;
        self.memtable.insert(key, entry);
        if self.memtable.len() >= self.settings.memtable as usize {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let entries: Vec<Entry> = std::mem::take(&mut self.memtable).into_values().collect();
        self.log_entries = 0;
        let table = Table::new(self.take_table_id(), entries);
        self.writes.flush += table.len() as u64;
        self.events.push(Event::Flush { table: table.id, entries: table.len() });
        self.levels[0].push(table);
        match self.settings.compaction {
            Compaction::Leveled => self.compact_leveled(),
            Compaction::Tiered => self.compact_tiered(),
        }
    }

    fn take_table_id(&mut self) -> u32 {
        self.next_table += 1;
        self.next_table - 1
    }

    fn compact_leveled(&mut self) {
        if self.levels[0].len() >= L0_TRIGGER {
            let inputs = std::mem::take(&mut self.levels[0]);
            self.merge_into_next_level(0, inputs);
        }
        let mut level = 1;
        while level < self.levels.len() {
            let size: usize = self.levels[level].iter().map(Table::len).sum();
            if size > self.level_capacity(level) {
                let picked = self.pick_table(level);
                let input = self.levels[level].remove(picked);
                self.set_cursor(level, input.max_key().wrapping_add(1));
                self.merge_into_next_level(level, vec![input]);
            } else {
                level += 1;
            }
        }
    }

    /// The first table at or after the level's compaction cursor, wrapping to the first.
    fn pick_table(&self, level: usize) -> usize {
        let cursor = self.cursors.get(level).copied().unwrap_or(0);
        self.levels[level].iter().position(|table| table.min_key() >= cursor).unwrap_or(0)
    }

    fn set_cursor(&mut self, level: usize, key: u32) {
        if self.cursors.len() <= level {
            self.cursors.resize(level + 1, 0);
        }
        self.cursors[level] = key;
    }

    /// Merges `inputs` from `level` with the tables of `level + 1` they overlap, and writes the
    /// result to `level + 1` as tables in key order.
    fn merge_into_next_level(&mut self, level: usize, inputs: Vec<Table>) {
        let target = level + 1;
        if self.levels.len() <= target {
            self.levels.push(Vec::new());
        }
        let (min_key, max_key) = key_range(&inputs);
        let (overlapping, kept): (Vec<Table>, Vec<Table>) =
            std::mem::take(&mut self.levels[target]).into_iter().partition(|table| table.overlaps(min_key, max_key));
        let (input_count, overlapping_count) = (inputs.len(), overlapping.len());
        // Newest first, so the first entry seen for a key wins.
        let mut sources = overlapping;
        sources.extend(inputs);
        let bottom = self.is_bottom(target);
        let (merged, dropped) = merge(sources.iter().rev(), bottom);
        let outputs = self.cut_into_tables(merged);
        let (output_count, written) = (outputs.len(), outputs.iter().map(Table::len).sum::<usize>());
        self.writes.compaction += written as u64;
        let mut level_tables = kept;
        level_tables.extend(outputs);
        level_tables.sort_by_key(Table::min_key);
        self.levels[target] = level_tables;
        self.events.push(Event::Compact {
            from_level: level,
            inputs: input_count,
            to_level: target,
            overlapping: overlapping_count,
            outputs: output_count,
            written,
            dropped,
        });
    }

    fn compact_tiered(&mut self) {
        let runs_per_level = self.settings.size_ratio as usize;
        let mut level = 0;
        while level < self.levels.len() {
            if self.levels[level].len() >= runs_per_level {
                let inputs = std::mem::take(&mut self.levels[level]);
                let target = level + 1;
                if self.levels.len() <= target {
                    self.levels.push(Vec::new());
                }
                let bottom = self.is_bottom(target) && self.levels[target].is_empty();
                let (merged, dropped) = merge(inputs.iter().rev(), bottom);
                let written = merged.len();
                self.writes.compaction += written as u64;
                let outputs = usize::from(!merged.is_empty());
                if !merged.is_empty() {
                    let run = Table::new(self.take_table_id(), merged);
                    self.levels[target].push(run);
                }
                self.events.push(Event::Compact {
                    from_level: level,
                    inputs: inputs.len(),
                    to_level: target,
                    overlapping: 0,
                    outputs,
                    written,
                    dropped,
                });
            }
            level += 1;
        }
    }

    /// Whether no level below `level` holds any table, so a tombstone written to `level` has
    /// nothing left to hide and can be dropped.
    fn is_bottom(&self, level: usize) -> bool {
        self.levels.iter().skip(level + 1).all(Vec::is_empty)
    }

    fn cut_into_tables(&mut self, entries: Vec<Entry>) -> Vec<Table> {
        let size = TABLE_MEMTABLES * self.settings.memtable as usize;
        let mut tables = Vec::new();
        let mut rest = entries.as_slice();
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(size.min(rest.len()));
            let id = self.take_table_id();
            tables.push(Table::new(id, chunk.to_vec()));
            rest = tail;
        }
        tables
    }

    /// Looks a key up: the memtable, then level 0 newest first, then each deeper level (in
    /// a leveled tree only the one table whose range holds the key; in a tiered one every run,
    /// newest first). Stops at the first entry found, value or tombstone.
    pub fn get(&self, key: u32) -> Lookup {
        let mut lookup = Lookup { key, memtable: self.memtable.get(&key).copied(), probes: Vec::new(), found: None };
        if lookup.memtable.is_some() {
            lookup.found = lookup.memtable;
            return lookup;
        }
        for (level, tables) in self.levels.iter().enumerate() {
            for table in tables.iter().rev() {
                let probe = table.probe(key);
                let skipped_by_range = matches!(probe, Probe::OutOfRange);
                if skipped_by_range && level > 0 && self.settings.compaction == Compaction::Leveled {
                    // Non-overlapping levels keep the table ranges in memory: only the table
                    // that covers the key is a candidate, so the others are not listed.
                    continue;
                }
                lookup.probes.push((level, table.id, probe));
                if let Probe::Read { found: Some(entry), .. } = probe {
                    lookup.found = Some(entry);
                    return lookup;
                }
            }
        }
        lookup
    }

    /// Mean blocks read and filter checks per lookup, over every key of the key space.
    pub fn read_amplification(&self) -> Reads {
        let (mut blocks, mut checks) = (0usize, 0usize);
        for key in 0..self.settings.keys {
            let lookup = self.get(key);
            blocks += lookup.blocks_read();
            checks += lookup.filter_checks();
        }
        let keys = f64::from(self.settings.keys.max(1));
        Reads { blocks_per_lookup: blocks as f64 / keys, filter_checks_per_lookup: checks as f64 / keys }
    }

    /// Entries stored in tables, over live keys (keys whose newest entry is a put); `None`
    /// while no key is live.
    pub fn space_amplification(&self) -> Option<f64> {
        let stored: usize = self.levels.iter().flatten().map(Table::len).sum();
        let live = (0..self.settings.keys).filter(|&key| self.get(key).value().is_some()).count();
        (live > 0).then(|| stored as f64 / live as f64)
    }
}

fn key_range(tables: &[Table]) -> (u32, u32) {
    let min = tables.iter().map(Table::min_key).min().unwrap_or(0);
    let max = tables.iter().map(Table::max_key).max().unwrap_or(0);
    (min, max)
}

/// Merges tables given newest first into one sorted list keeping the newest entry per key;
/// drops tombstones when `bottom`. Returns the entries and how many tombstones were dropped.
fn merge<'a>(newest_first: impl Iterator<Item = &'a Table>, bottom: bool) -> (Vec<Entry>, usize) {
    let mut newest: BTreeMap<u32, Entry> = BTreeMap::new();
    for table in newest_first {
        for entry in table.entries() {
            newest.entry(entry.key).or_insert(*entry);
        }
    }
    let before = newest.len();
    let merged: Vec<Entry> = newest.into_values().filter(|entry| !(bottom && entry.is_tombstone())).collect();
    let dropped = before - merged.len();
    (merged, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn settings(compaction: Compaction) -> Settings {
        Settings { compaction, keys: 500, size_ratio: 4, memtable: 8, deletes: 10, rate: 8, skew: 0, seed: 7 }
    }

    fn run(settings: Settings, steps: u32) -> Tree {
        Tree::after(settings, steps)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the settings and the workload, a get returns the latest put, or nothing
        /// after a delete, as a BTreeMap given the same writes does.
        #[test]
        fn gets_match_a_btreemap(
            tiered in any::<bool>(),
            size_ratio in 2u32..=10,
            memtable in 4u32..=64,
            keys in 16u32..=300,
            skew in 0u32..=150,
            deletes in 0u32..=50,
            writes in proptest::collection::vec((0u32..300, any::<bool>()), 0..1500),
        ) {
            let compaction = if tiered { Compaction::Tiered } else { Compaction::Leveled };
            let mut tree = Tree::new(Settings { compaction, size_ratio, memtable, keys, skew, deletes, rate: 1, seed: 1 });
            let mut oracle = BTreeMap::new();
            for (key, put) in writes {
                let key = key % keys;
                tree.write(key, put);
                if put {
                    oracle.insert(key, tree.sequence);
                } else {
                    oracle.remove(&key);
                }
            }
            for key in 0..keys {
                prop_assert_eq!(tree.get(key).value(), oracle.get(&key).copied(), "key {}", key);
            }
        }
    }

    #[test]
    fn the_generated_workload_matches_a_btreemap_too() {
        for compaction in [Compaction::Leveled, Compaction::Tiered] {
            let mut tree = Tree::new(Settings { skew: 99, deletes: 30, ..settings(compaction) });
            let mut oracle = BTreeMap::new();
            for _ in 0..400 {
                let before = tree.sequence;
                let mut replay = tree.clone();
                tree.step();
                // Replaying the step's writes on the clone tells which keys were written how.
                for sequence in before + 1..=tree.sequence {
                    let key = replay.draw_key();
                    let put = replay.rng.below(100) >= u64::from(replay.settings.deletes);
                    if put {
                        oracle.insert(key, sequence);
                    } else {
                        oracle.remove(&key);
                    }
                }
            }
            for key in 0..tree.settings.keys {
                assert_eq!(tree.get(key).value(), oracle.get(&key).copied());
            }
        }
    }

    #[test]
    fn leveled_levels_below_zero_never_overlap() {
        let mut tree = Tree::new(settings(Compaction::Leveled));
        for _ in 0..600 {
            tree.step();
            for tables in tree.levels().iter().skip(1) {
                for pair in tables.windows(2) {
                    assert!(pair[0].max_key() < pair[1].min_key(), "tables overlap or are out of order");
                }
            }
            assert!(tree.levels()[0].len() < L0_TRIGGER);
            for level in 1..tree.levels().len() - 1 {
                let size: usize = tree.levels()[level].iter().map(Table::len).sum();
                assert!(size <= tree.level_capacity(level), "level {level} over capacity");
            }
        }
        assert!(tree.levels().len() >= 3, "the workload reaches level 2");
    }

    #[test]
    fn tiered_writes_less_and_reads_more_than_leveled() {
        // Monkey (Dayan et al., SIGMOD 2017), section 2: leveling rewrites an entry about T
        // times per level, tiering once; tiering leaves up to T runs per level to probe.
        let leveled = run(settings(Compaction::Leveled), 800);
        let tiered = run(settings(Compaction::Tiered), 800);
        assert_eq!(leveled.writes().user, tiered.writes().user);
        assert!(tiered.writes().amplification() < leveled.writes().amplification());
        let (leveled_reads, tiered_reads) = (leveled.read_amplification(), tiered.read_amplification());
        assert!(tiered_reads.filter_checks_per_lookup > leveled_reads.filter_checks_per_lookup);
        assert!(tiered.space_amplification() > leveled.space_amplification());
    }

    #[test]
    fn tombstones_are_dropped_only_at_the_bottom() {
        let mut tree = Tree::new(Settings { deletes: 50, ..settings(Compaction::Leveled) });
        for _ in 0..300 {
            tree.step();
            let deepest = tree.levels().iter().rposition(|tables| !tables.is_empty()).unwrap_or(0);
            if deepest > 0 {
                assert!(tree.levels()[deepest].iter().all(|table| table.tombstones() == 0));
            }
        }
    }

    #[test]
    fn write_amplification_counts_the_log_and_every_rewrite() {
        let mut tree = Tree::new(Settings { memtable: 4, ..settings(Compaction::Leveled) });
        for key in 0..4 {
            tree.write(key, true);
        }
        assert_eq!(tree.writes(), Writes { user: 4, log: 4, flush: 4, compaction: 0 });
        assert_eq!(tree.events(), [Event::Flush { table: 1, entries: 4 }]);
        assert!((tree.writes().amplification() - 2.0).abs() < 1e-12);
        assert_eq!(tree.log_entries(), 0);
    }

    #[test]
    fn clamps_every_setting() {
        let tree = Tree::new(Settings {
            size_ratio: 0,
            memtable: 1000,
            keys: 1,
            skew: 999,
            deletes: 99,
            rate: 0,
            ..Settings::default()
        });
        let settings = tree.settings();
        assert_eq!((settings.size_ratio, settings.memtable, settings.keys), (2, 64, 16));
        assert_eq!((settings.skew, settings.deletes, settings.rate), (150, 50, 1));
    }
}
