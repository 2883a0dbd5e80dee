//! The Kubernetes architecture explorer: a small cluster simulated event by event, so a reader
//! can watch the control loops reconcile a Deployment through scaling, rollouts, deleted pods,
//! failed, cordoned and drained nodes, and pods too big to fit.
//!
//! - [`spec`]: the Deployment manifest the reader edits, and the rounding of its bounds.
//! - [`objects`]: the API objects the cluster stores.
//! - [`cluster`]: time, writes and watches: the event queue every component runs on.
//! - [`controllers`]: the Deployment and ReplicaSet controllers.
//! - [`scheduler`]: filtering, scoring and binding.
//! - [`nodes`]: kubelets, heartbeats, the node lifecycle controller and taint-based eviction.
//! - [`actions`]: what the reader does, as kubectl would.
//! - [`timing`]: every duration, the Kubernetes defaults among them cited.
//! - [`config`], [`view`], and `web` (wasm32 only): the widget around the model.

pub mod actions;
pub mod cluster;
pub mod config;
pub mod controllers;
pub mod nodes;
pub mod objects;
pub mod scheduler;
pub mod spec;
pub mod timing;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
