//! Availability arithmetic: a request path of stages in series, each stage a set of identical
//! replicas in parallel, each replica given as a percentage or as MTBF and MTTR; the composite,
//! the downtime it allows, and an error budget against an SLO with its burn rate.
//!
//! - [`model`]: the formulas, the stages and the presets.
//! - [`config`], [`view`], and `web` (wasm32 only): the widget around them.

pub mod config;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
