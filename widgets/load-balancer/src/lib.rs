//! Load balancing: a discrete-event simulation of one balancer dispatching a Poisson stream of
//! requests to backends that each serve one request at a time from a FIFO queue.
//!
//! - [`settings`]: the workload, the backends and the faults.
//! - [`trace`]: the seeded request stream, the same for every strategy.
//! - [`strategy`]: the nine ways of choosing a backend.
//! - [`simulation`]: the balancer and backends over time, with latency and utilization figures,
//!   and the comparison of every strategy on one trace.
//! - [`config`]: the settings an author writes in a ```` ```widget load-balancer ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod settings;
pub mod simulation;
pub mod strategy;
pub mod trace;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
