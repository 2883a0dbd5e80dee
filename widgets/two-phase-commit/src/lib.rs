//! Two-phase commit, with a single or a replicated coordinator.
//!
//! - [`protocol`]: the nodes, their messages and timers, one event at a time, with faults.
//! - [`script`]: a run as settings plus the reader's actions, replayed for links and step back.
//! - [`config`]: the settings an author writes in a ```` ```widget two-phase-commit ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod protocol;
pub mod script;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
