//! A consistency checker for histories of one register.
//!
//! - [`history`]: operations as intervals, their text form, random histories from a seed.
//! - [`checker`]: the six models, each with a valid order or a witness of failure.
//! - [`config`]: the settings an author writes in a ```` ```widget history-checker ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod checker;
pub mod config;
pub mod history;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
