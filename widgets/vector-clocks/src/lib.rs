//! Vector clocks: processes exchanging messages, each event stamped with its vector clock and
//! its Lamport timestamp, and the happens-before relation between any two events.
//!
//! - [`model`]: histories, both clocks, and happens-before by reachability.
//! - [`config`]: the settings an author writes in a ```` ```widget vector-clocks ```` block.
//! - [`view`]: state -> markup (the space-time diagram, controls, readout).
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
