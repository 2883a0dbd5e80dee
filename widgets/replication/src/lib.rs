//! Leader-follower replication and the anomalies of replication lag.
//!
//! - [`model`]: a leader and followers with per-link lag, three clients, async, semi-synchronous
//!   and synchronous acknowledgement, anomaly detection, guards, and failover.
//! - [`script`]: a run as settings plus the reader's actions, replayed for links and step back.
//! - [`config`]: the settings an author writes in a ```` ```widget replication ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod model;
pub mod script;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
