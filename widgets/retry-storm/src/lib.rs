//! Retry storms in a chain of services.
//!
//! - [`policy`]: backoff and jitter, retry budgets, the circuit breaker.
//! - [`simulation`]: the layers and the bottom, request by request, measured per second.
//! - [`config`]: the settings an author writes in a ```` ```widget retry-storm ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod policy;
pub mod simulation;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
