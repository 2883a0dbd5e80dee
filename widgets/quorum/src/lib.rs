//! Quorum budgets: N replicas, a write quorum W and a read quorum R.
//!
//! - [`model`]: the arithmetic of quorum intersection, fault tolerance and miss probability.
//! - [`latency`]: the WARS model: write and read latency and staleness over time, by Monte Carlo.
//! - [`config`]: the settings an author writes in a ```` ```widget quorum ```` block.
//! - [`staleness`]: the latency and staleness panel under the diagram.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod latency;
pub mod model;
pub mod staleness;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
