//! Quorum budgets: N replicas, a write quorum W and a read quorum R.
//!
//! - [`model`]: the arithmetic of quorum intersection, fault tolerance and miss probability.
//! - [`config`]: the settings an author writes in a ```` ```widget quorum ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
