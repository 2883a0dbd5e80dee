//! Conflict-free replicated data types on replicas the reader partitions and heals.
//!
//! - [`types`]: G-Counter, PN-Counter, OR-Set and an LWW register, each a join-semilattice.
//! - [`cluster`]: replicas holding all four, the reader's operations, isolation and sync.
//! - [`config`]: the settings an author writes in a ```` ```widget crdt ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod cluster;
pub mod config;
pub mod types;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
