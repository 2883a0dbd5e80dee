//! A B+tree of configurable order, for the relational-database module.
//!
//! - [`tree`]: the tree: search, insert with splits, delete with borrowing and merging, range
//!   scans along the leaf chain; every operation reports its path and what it changed.
//! - [`config`]: the settings an author writes in a ```` ```widget btree ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod tree;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
