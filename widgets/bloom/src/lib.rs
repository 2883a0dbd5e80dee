//! Bloom filters: m bits, k hash functions, the words inserted so far.
//!
//! - [`model`]: the filter, the false-positive formula and a seeded measurement of the rate.
//! - [`config`]: the settings an author writes in a ```` ```widget bloom ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
