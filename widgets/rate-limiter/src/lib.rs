//! Rate limiters side by side on one request trace.
//!
//! - [`trace`]: steady, bursty and window-edge arrival traces, seeded.
//! - [`limiters`]: token bucket, leaky bucket, fixed window, sliding log and sliding counter.
//! - [`config`]: the settings an author writes in a ```` ```widget rate-limiter ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod limiters;
pub mod trace;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
