//! What every widget shares.
//!
//! Everything here except [`web`] is pure Rust, so widget views built on it render the same
//! markup natively (the catalog's static figure) and in the browser (the live widget).
//!
//! Size discipline: widgets are shipped as wasm, and `core::fmt` for floats costs tens of
//! kilobytes, so numbers are written by [`num`] with integer arithmetic only.

pub mod chart;
pub mod config;
pub mod controls;
pub mod hash;
pub mod history;
pub mod markup;
pub mod math;
pub mod num;
pub mod rng;
pub mod runs;
pub mod state;
pub mod stats;
pub mod svg;
pub mod zipf;

#[cfg(target_arch = "wasm32")]
pub mod web;
