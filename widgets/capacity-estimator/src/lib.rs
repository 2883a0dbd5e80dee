//! Back-of-the-envelope capacity estimation as a worksheet: from daily users and what each does
//! to queries per second, storage, bandwidth and a first count of machines, every intermediate
//! step shown with its units.
//!
//! - [`units`]: quantities that carry their dimensions, so a worksheet cannot add bytes to
//!   requests, and their human-readable form.
//! - [`worksheet`]: the inputs, the presets, and the estimate step by step.
//! - [`config`], [`view`], and `web` (wasm32 only): the widget around the worksheet.

pub mod config;
pub mod units;
pub mod view;
pub mod worksheet;

#[cfg(target_arch = "wasm32")]
mod web;
