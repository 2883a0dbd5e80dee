//! Queueing: how waiting grows with utilization in M/M/1, M/M/c and M/D/1 queues.
//!
//! - [`formula`]: the closed forms (M/M/1, Erlang C, Pollaczek-Khinchine).
//! - [`simulation`]: a seeded first-come-first-served simulation of the same queues.
//! - [`config`]: the settings an author writes in a ```` ```widget queueing ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod formula;
pub mod simulation;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
