//! Raft, as in Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm
//! (Extended Version)", 2014: a cluster of 3 to 7 servers simulated event by event.
//!
//! - [`cluster`]: the servers and the protocol of the paper's Figure 2, driven by a queue of
//!   timed events (message deliveries, election timeouts, heartbeats), with faults.
//! - [`safety`]: the five safety properties of the paper's Figure 3, checked after every event.
//! - [`chaos`]: random fault schedules, and the search for a run that breaks safety when a rule
//!   is switched off.
//! - [`scenario`]: the guided replays of the paper's Figures 7 and 8.
//! - [`run`]: free play, a replayed search find or a guided figure, rebuilt from a link.
//! - [`config`]: the settings an author writes in a ```` ```widget raft ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod chaos;
pub mod cluster;
pub mod config;
pub mod run;
pub mod safety;
pub mod scenario;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
