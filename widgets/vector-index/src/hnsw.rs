//! A hierarchical navigable small-world graph, after Malkov and Yashunin, "Efficient and
//! Robust Approximate Nearest Neighbor Search Using Hierarchical Navigable Small World
//! Graphs", IEEE TPAMI 2020 (arXiv:1603.09320): each point gets a top layer drawn as
//! ⌊−ln(U)·mL⌋ with mL = 1/ln(M); it is linked to its M nearest found on each of its layers
//! (up to 2M on layer 0), chosen by the paper's heuristic (Algorithm 4): a candidate is kept
//! only if it is nearer to the new point than to every neighbour already kept, which keeps
//! links between clusters; pruned candidates fill any places left. Overflowing lists are cut
//! back by the same rule. A search descends greedily from the top entry point and runs a
//! best-first search of breadth ef on layer 0.

use std::collections::BTreeSet;

use kit::rng::Rng;

use crate::space::{distance, Found, Point};

/// ef used while building.
pub const EF_CONSTRUCTION: usize = 32;

#[derive(Clone, Debug)]
pub struct Hnsw {
    pub m: usize,
    /// `links[layer][node]`: the node's neighbours on that layer (empty above its top layer).
    pub links: Vec<Vec<Vec<usize>>>,
    pub top_layer: Vec<usize>,
    pub entry: usize,
}

/// Malkov and Yashunin's neighbour selection heuristic with pruned connections kept: from
/// `candidates`, nearest to `origin` first, keep one only if it is nearer to `origin` than to
/// any kept already; then fill up to `m` with the nearest of those passed over.
fn select(points: &[Point], origin: Point, mut candidates: Vec<usize>, m: usize) -> Vec<usize> {
    candidates.sort_by(|&a, &b| distance(points[a], origin).total_cmp(&distance(points[b], origin)).then(a.cmp(&b)));
    candidates.dedup();
    let (mut kept, mut passed) = (Vec::with_capacity(m), Vec::new());
    for candidate in candidates {
        if kept.len() == m {
            break;
        }
        let to_origin = distance(points[candidate], origin);
        if kept.iter().all(|&other: &usize| to_origin < distance(points[candidate], points[other])) {
            kept.push(candidate);
        } else {
            passed.push(candidate);
        }
    }
    let room = m - kept.len();
    kept.extend(passed.into_iter().take(room));
    kept
}

/// A distance with its node, ordered by distance then node.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Near(f64, usize);

impl Eq for Near {}

impl PartialOrd for Near {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Near {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

impl Hnsw {
    pub fn build(points: &[Point], m: usize, seed: u64) -> Hnsw {
        let m = m.clamp(2, 32);
        let scale = 1.0 / kit::math::ln(m as f64);
        let mut rng = Rng::seeded(seed ^ 0x686e_7377);
        let top_layer: Vec<usize> =
            (0..points.len()).map(|_| ((-kit::math::ln(rng.fraction()) * scale).floor() as usize).min(16)).collect();
        let layers = top_layer.iter().copied().max().unwrap_or(0) + 1;
        let mut graph = Hnsw { m, links: vec![vec![Vec::new(); points.len()]; layers], top_layer, entry: 0 };
        for node in 1..points.len() {
            graph.insert(points, node);
        }
        graph
    }

    fn max_links(&self, layer: usize) -> usize {
        if layer == 0 {
            2 * self.m
        } else {
            self.m
        }
    }

    /// Inserts `node` (nodes before it are already in the graph).
    fn insert(&mut self, points: &[Point], node: usize) {
        let level = self.top_layer[node];
        let mut counter = 0;
        let mut entry = self.entry;
        for layer in (level + 1..=self.top_layer[self.entry]).rev() {
            entry = self.greedy(points, points[node], entry, layer, &mut counter);
        }
        for layer in (0..=level.min(self.top_layer[self.entry])).rev() {
            let found = self.search_layer(
                points,
                points[node],
                &[entry],
                EF_CONSTRUCTION,
                layer,
                &mut counter,
                &mut Vec::new(),
            );
            let candidates: Vec<usize> = found.iter().map(|near| near.1).collect();
            let neighbours = select(points, points[node], candidates, self.m);
            let most = self.max_links(layer);
            for &neighbour in &neighbours {
                self.links[layer][node].push(neighbour);
                self.links[layer][neighbour].push(node);
                if self.links[layer][neighbour].len() > most {
                    let list = std::mem::take(&mut self.links[layer][neighbour]);
                    self.links[layer][neighbour] = select(points, points[neighbour], list, most);
                }
            }
            entry = found.first().map_or(entry, |near| near.1);
        }
        if level > self.top_layer[self.entry] {
            self.entry = node;
        }
    }

    /// Steps to a nearer neighbour until none is nearer (breadth 1).
    fn greedy(&self, points: &[Point], query: Point, mut at: usize, layer: usize, counter: &mut usize) -> usize {
        let mut best = distance(points[at], query);
        *counter += 1;
        loop {
            let mut moved = false;
            for &neighbour in &self.links[layer][at] {
                let candidate = distance(points[neighbour], query);
                *counter += 1;
                if candidate < best {
                    (best, at, moved) = (candidate, neighbour, true);
                }
            }
            if !moved {
                return at;
            }
        }
    }

    /// Best-first search of breadth `ef` on one layer: the nearest found, nearest first.
    #[allow(clippy::too_many_arguments)]
    fn search_layer(
        &self,
        points: &[Point],
        query: Point,
        entries: &[usize],
        ef: usize,
        layer: usize,
        counter: &mut usize,
        visited_order: &mut Vec<usize>,
    ) -> Vec<Near> {
        let mut visited: BTreeSet<usize> = entries.iter().copied().collect();
        let mut candidates: BTreeSet<Near> = BTreeSet::new();
        let mut found: BTreeSet<Near> = BTreeSet::new();
        for &entry in entries {
            let near = Near(distance(points[entry], query), entry);
            *counter += 1;
            visited_order.push(entry);
            candidates.insert(near);
            found.insert(near);
        }
        while let Some(nearest) = candidates.pop_first() {
            let furthest = found.last().map_or(f64::INFINITY, |near| near.0);
            if nearest.0 > furthest && found.len() >= ef {
                break;
            }
            for &neighbour in &self.links[layer][nearest.1] {
                if !visited.insert(neighbour) {
                    continue;
                }
                let near = Near(distance(points[neighbour], query), neighbour);
                *counter += 1;
                visited_order.push(neighbour);
                let furthest = found.last().map_or(f64::INFINITY, |near| near.0);
                if found.len() < ef || near.0 < furthest {
                    candidates.insert(near);
                    found.insert(near);
                    if found.len() > ef {
                        found.pop_last();
                    }
                }
            }
        }
        found.into_iter().collect()
    }

    /// The k nearest of `query` with search breadth `ef` (at least k).
    pub fn search(&self, points: &[Point], query: Point, k: usize, ef: usize) -> Found {
        if points.is_empty() {
            return Found::default();
        }
        let mut computations = 0;
        let mut entry = self.entry;
        for layer in (1..=self.top_layer[self.entry]).rev() {
            entry = self.greedy(points, query, entry, layer, &mut computations);
        }
        let mut visited = Vec::new();
        let found = self.search_layer(points, query, &[entry], ef.max(k), 0, &mut computations, &mut visited);
        Found { results: found.iter().take(k).map(|near| near.1).collect(), computations, visited }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::{brute_force, clustered, recall};

    fn mean_recall(graph: &Hnsw, points: &[Point], ef: usize) -> (f64, usize) {
        let mut rng = Rng::seeded(77);
        let (mut total, mut work) = (0.0, 0);
        for _ in 0..200 {
            let query = (rng.fraction(), rng.fraction());
            let truth = brute_force(points, query, 5).results;
            let found = graph.search(points, query, 5, ef);
            total += recall(&found.results, &truth);
            work += found.computations;
        }
        (total / 200.0, work / 200)
    }

    #[test]
    fn recall_rises_with_ef_and_reaches_one() {
        let points = clustered(200, 3);
        let graph = Hnsw::build(&points, 4, 3);
        let mut previous = (0.0, 0);
        for ef in [5, 8, 16, 32, 64] {
            let (recall, work) = mean_recall(&graph, &points, ef);
            assert!(recall >= previous.0 - 1e-9 && work >= previous.1, "ef {ef}: {recall} after {}", previous.0);
            previous = (recall, work);
        }
        assert_eq!(mean_recall(&graph, &points, 200).0, 1.0);
        assert!(mean_recall(&graph, &points, 5).1 < 200, "a narrow search computes fewer distances than brute force");
    }

    #[test]
    fn layers_thin_out_and_links_respect_their_bounds() {
        let points = clustered(400, 8);
        let graph = Hnsw::build(&points, 6, 8);
        let on = |layer: usize| graph.top_layer.iter().filter(|&&top| top >= layer).count();
        assert_eq!(on(0), 400);
        // P(top ≥ 1) = e^(−1/mL) = 1/M.
        assert!((on(1) as f64 / 400.0 - 1.0 / 6.0).abs() < 0.06, "{}", on(1));
        for (layer, links) in graph.links.iter().enumerate() {
            assert!(links.iter().all(|list| list.len() <= graph.max_links(layer)));
        }
    }
}
