//! Latency numbers every engineer should know, with where each number comes from.
//!
//! - [`data`]: the table: Dean's and Norvig's published figures beside current figures, each
//!   with its source, year, hardware and kind (measured, specified, derived or computed).
//! - [`scale`]: logarithmic positions, human-scale translation and duration formatting.
//! - [`config`]: the settings an author writes in a ```` ```widget latency-numbers ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod data;
pub mod scale;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
