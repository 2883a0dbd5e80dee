//! Shard skew: where a Zipf-popular key space lands under four partitioning schemes, what hot
//! keys do to the shards, what salting and caching cure and cost, and what adding a shard moves.
//!
//! - [`model`]: keys, popularity, the schemes, the cures and resharding.
//! - [`config`]: the settings an author writes in a ```` ```widget shard-skew ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
