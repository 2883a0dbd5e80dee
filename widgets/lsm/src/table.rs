//! An SSTable: entries sorted by key, one per key, split into blocks of [`BLOCK_ENTRIES`] with
//! a fence pointer (the block's first key) each, and a Bloom filter over its keys.
//!
//! A lookup reads at most one block: the fence pointers, kept in memory, name the only block
//! that can hold the key (LevelDB's table format: an index block with one entry per data
//! block). The filter first rules out most tables that do not hold it at all.

use kit::hash::mix64;

/// Entries per data block.
pub const BLOCK_ENTRIES: usize = 4;
/// Bloom filter bits per entry: about 1% false positives (LevelDB and RocksDB's usual 10).
pub const FILTER_BITS_PER_ENTRY: usize = 10;
/// Hash functions: round(10 · ln 2) = 7, the optimum for 10 bits per entry.
pub const FILTER_HASHES: u32 = 7;

/// A put (`value` set) or a delete (a tombstone, `value` none), numbered in write order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: u32,
    pub sequence: u32,
    pub value: Option<u32>,
}

impl Entry {
    pub fn is_tombstone(&self) -> bool {
        self.value.is_none()
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub id: u32,
    entries: Vec<Entry>,
    /// The filter's m = 10 bits per entry, packed into words.
    filter: Vec<u64>,
    filter_bits: u64,
}

/// What probing one table found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The key is outside the table's key range; nothing is read.
    OutOfRange,
    /// The Bloom filter says the key is not here; nothing is read.
    Filtered,
    /// The fence pointers chose `block`, which was read; `found` is the entry, if the key was
    /// there (none: the filter's answer was a false positive).
    Read { block: u32, found: Option<Entry> },
}

impl Table {
    /// A table over `entries`, which must be sorted by key with one entry per key.
    pub fn new(id: u32, entries: Vec<Entry>) -> Table {
        debug_assert!(entries.windows(2).all(|pair| pair[0].key < pair[1].key));
        let filter_bits = (entries.len() * FILTER_BITS_PER_ENTRY).max(1);
        let mut table =
            Table { id, entries, filter: vec![0; filter_bits.div_ceil(64)], filter_bits: filter_bits as u64 };
        for index in 0..table.entries.len() {
            for bit in table.filter_positions(table.entries[index].key) {
                table.filter[bit / 64] |= 1 << (bit % 64);
            }
        }
        table
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn min_key(&self) -> u32 {
        self.entries.first().map_or(0, |entry| entry.key)
    }

    pub fn max_key(&self) -> u32 {
        self.entries.last().map_or(0, |entry| entry.key)
    }

    pub fn tombstones(&self) -> usize {
        self.entries.iter().filter(|entry| entry.is_tombstone()).count()
    }

    pub fn blocks(&self) -> usize {
        self.entries.len().div_ceil(BLOCK_ENTRIES)
    }

    /// Whether the key ranges of two tables share a key.
    pub fn overlaps(&self, min_key: u32, max_key: u32) -> bool {
        !self.is_empty() && self.min_key() <= max_key && min_key <= self.max_key()
    }

    /// The k filter positions of `key`, by double hashing (Kirsch and Mitzenmacher), salted with
    /// the table's id so tables do not share false positives.
    fn filter_positions(&self, key: u32) -> impl Iterator<Item = usize> {
        let bits = self.filter_bits;
        let hash = mix64(u64::from(key) ^ u64::from(self.id).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let (first, second) = (hash & 0xffff_ffff, (hash >> 32) | 1);
        (0..u64::from(FILTER_HASHES)).map(move |i| (first.wrapping_add(i.wrapping_mul(second)) % bits) as usize)
    }

    pub fn may_contain(&self, key: u32) -> bool {
        self.filter_positions(key).all(|bit| self.filter[bit / 64] & (1 << (bit % 64)) != 0)
    }

    /// Looks `key` up the way a storage engine does: key range, then filter, then one block.
    pub fn probe(&self, key: u32) -> Probe {
        if self.is_empty() || key < self.min_key() || key > self.max_key() {
            return Probe::OutOfRange;
        }
        if !self.may_contain(key) {
            return Probe::Filtered;
        }
        // The last block whose fence pointer (first key) is at or below the key.
        let blocks = self.blocks();
        let block = (0..blocks).rev().find(|&block| self.entries[block * BLOCK_ENTRIES].key <= key).unwrap_or(0);
        let start = block * BLOCK_ENTRIES;
        let end = (start + BLOCK_ENTRIES).min(self.entries.len());
        let found = self.entries[start..end].iter().find(|entry| entry.key == key).copied();
        Probe::Read { block: block as u32, found }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(id: u32, keys: impl Iterator<Item = u32>) -> Table {
        Table::new(id, keys.map(|key| Entry { key, sequence: key, value: Some(key) }).collect())
    }

    #[test]
    fn finds_every_key_in_one_block_read() {
        let table = table(3, (0..200).map(|key| key * 3));
        assert_eq!(table.blocks(), 50);
        for key in 0..200 {
            match table.probe(key * 3) {
                Probe::Read { block, found: Some(entry) } => {
                    assert_eq!(entry.key, key * 3);
                    assert_eq!(block as usize, key as usize / BLOCK_ENTRIES);
                }
                other => panic!("key {} gave {other:?}", key * 3),
            }
        }
        assert_eq!(table.probe(1000), Probe::OutOfRange);
    }

    #[test]
    fn filters_have_no_false_negatives_and_about_one_percent_false_positives() {
        // With 10 bits per key and k = 7, (1 - e^(-7/10))^7 ≈ 0.82% (Fan et al., Summary
        // Cache, 2000, table of false-positive rates).
        let mut false_positives = 0;
        let mut absent = 0;
        for id in 0..20 {
            let table = table(id, (0..500).map(|key| key * 2));
            assert!((0..500).all(|key| table.may_contain(key * 2)));
            for key in (0..500).map(|key| key * 2 + 1) {
                absent += 1;
                false_positives += u32::from(table.may_contain(key));
            }
        }
        let rate = f64::from(false_positives) / f64::from(absent);
        assert!((0.004..0.014).contains(&rate), "{rate}");
    }
}
