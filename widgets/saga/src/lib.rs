//! Sagas: an order workflow of local transactions with compensations.
//!
//! - [`model`]: services, messages, the orchestrator or the choreography, faults and their cures.
//! - [`config`]: the settings an author writes in a ```` ```widget saga ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
