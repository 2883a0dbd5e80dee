//! Vector search, drawn in two dimensions: brute force, an inverted file over k-means cells
//! (IVF) and a hierarchical navigable small-world graph (HNSW), on the same points.
//!
//! - [`space`]: points, distances, and the exact k nearest neighbours.
//! - [`ivf`]: k-means cells and a search that probes the nearest few.
//! - [`hnsw`]: the layered graph and its greedy, beam-limited search.
//! - [`config`]: the settings an author writes in a ```` ```widget vector-index ```` block.
//! - [`view`]: state -> markup, shared by the static figure and the live widget.
//! - `web` (wasm32 only): mounts the widget and wires its controls.

pub mod config;
pub mod hnsw;
pub mod ivf;
pub mod space;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
