//! A race lab: two or three threads running a few lines each on shared memory. The reader
//! steps the threads in any order into a lost update, a broken check-then-act or a deadlock,
//! counts how many of all the interleavings end correctly, and adds a lock to fix it.
//!
//! - [`machine`]: the programs, the threads and the shared state, one instruction per step.
//! - [`explore`]: every interleaving, counted by its outcome.
//! - [`config`], [`view`], and `web` (wasm32 only): the widget around them.

pub mod config;
pub mod explore;
pub mod machine;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
