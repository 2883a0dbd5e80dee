//! LSM trees: writes into a memtable and a write-ahead log, flushes into sorted tables, and
//! compaction merging them level by level, leveled or tiered.
//!
//! - [`table`]: one SSTable: sorted entries, fence pointers per block and a Bloom filter.
//! - [`model`]: the tree, its workload, its compaction policies, lookups and amplification.
//! - [`config`]: the settings an author writes in a ```` ```widget lsm ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod table;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
