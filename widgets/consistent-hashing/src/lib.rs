//! Consistent hashing: which node owns each key, under five placement schemes.
//!
//! - [`model`]: the schemes, the load they give each node and the keys a membership change moves.
//! - [`config`]: the settings an author writes in a ```` ```widget consistent-hashing ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
