//! CPU scheduling on one core, after OSTEP chapters 7 and 8: the same jobs under FIFO, SJF,
//! STCF, round robin and a multi-level feedback queue, as Gantt charts, with turnaround and
//! response time per job and on average.
//!
//! - [`policies`]: the jobs, the five policies simulated one time unit at a time, and the
//!   metrics.
//! - [`config`], [`view`], and `web` (wasm32 only): the widget around them.

pub mod config;
pub mod policies;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
