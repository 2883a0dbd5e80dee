//! Autoscaling: the Kubernetes Horizontal Pod Autoscaler against a workload.
//!
//! - [`hpa`]: the controller exactly as the Kubernetes documentation and controller source
//!   specify it: the replica calculation with its tolerance and unready pods, the stabilization
//!   window, and the scaling policies.
//! - [`workload`]: the request rate over time.
//! - [`simulation`]: pods starting and serving, the queue, the metric lag, and the HPA every
//!   sync period, second by second.
//! - [`config`]: the settings an author writes in a ```` ```widget autoscaler ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod hpa;
pub mod simulation;
pub mod view;
pub mod workload;

#[cfg(target_arch = "wasm32")]
mod web;
