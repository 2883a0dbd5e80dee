//! An inverted file index: k-means cells (Lloyd's algorithm from seeded starting points), each
//! listing its points; a query measures the centroids, then scans the `nprobe` nearest cells
//! (as FAISS's IndexIVFFlat does).

use kit::rng::Rng;

use crate::space::{distance, Found, Point};

/// k-means rounds.
const ROUNDS: usize = 12;

#[derive(Clone, Debug)]
pub struct Ivf {
    pub centroids: Vec<Point>,
    /// Each point's cell.
    pub cell_of: Vec<usize>,
    /// Each cell's points.
    pub cells: Vec<Vec<usize>>,
}

impl Ivf {
    pub fn build(points: &[Point], cells: usize, seed: u64) -> Ivf {
        let cells = cells.clamp(1, points.len().max(1));
        let mut rng = Rng::seeded(seed ^ 0x6b6d_6561_6e73);
        // Start from distinct random points.
        let mut picked: Vec<usize> = (0..points.len()).collect();
        for index in (1..picked.len()).rev() {
            picked.swap(index, rng.below(index as u64 + 1) as usize);
        }
        let mut centroids: Vec<Point> = picked.iter().take(cells).map(|&index| points[index]).collect();
        let mut cell_of = vec![0usize; points.len()];
        for _ in 0..ROUNDS {
            for (index, &point) in points.iter().enumerate() {
                cell_of[index] = nearest(&centroids, point);
            }
            for (cell, centroid) in centroids.iter_mut().enumerate() {
                let members: Vec<Point> =
                    (0..points.len()).filter(|&index| cell_of[index] == cell).map(|index| points[index]).collect();
                if !members.is_empty() {
                    let count = members.len() as f64;
                    *centroid = (
                        members.iter().map(|p| p.0).sum::<f64>() / count,
                        members.iter().map(|p| p.1).sum::<f64>() / count,
                    );
                }
            }
        }
        for (index, &point) in points.iter().enumerate() {
            cell_of[index] = nearest(&centroids, point);
        }
        let mut lists = vec![Vec::new(); centroids.len()];
        for (index, &cell) in cell_of.iter().enumerate() {
            lists[cell].push(index);
        }
        Ivf { centroids, cell_of, cells: lists }
    }

    /// The cells probed for `query`, nearest centroid first.
    pub fn probed(&self, query: Point, nprobe: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.centroids.len()).collect();
        order.sort_by(|&a, &b| distance(self.centroids[a], query).total_cmp(&distance(self.centroids[b], query)));
        order.truncate(nprobe.clamp(1, self.centroids.len()));
        order
    }

    pub fn search(&self, points: &[Point], query: Point, k: usize, nprobe: usize) -> Found {
        let probed = self.probed(query, nprobe);
        let mut visited: Vec<usize> = probed.iter().flat_map(|&cell| self.cells[cell].iter().copied()).collect();
        let computations = self.centroids.len() + visited.len();
        let mut results = visited.clone();
        results.sort_by(|&a, &b| distance(points[a], query).total_cmp(&distance(points[b], query)).then(a.cmp(&b)));
        results.truncate(k);
        visited.sort_unstable();
        Found { results, computations, visited }
    }
}

fn nearest(centroids: &[Point], point: Point) -> usize {
    (0..centroids.len())
        .min_by(|&a, &b| distance(centroids[a], point).total_cmp(&distance(centroids[b], point)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::{brute_force, clustered, recall};

    #[test]
    fn probing_every_cell_is_exact_and_fewer_cells_cost_less() {
        let points = clustered(300, 2);
        let ivf = Ivf::build(&points, 12, 2);
        let mut rng = Rng::seeded(5);
        let (mut recall_one, mut work_one) = (0.0, 0);
        for _ in 0..100 {
            let query = (rng.fraction(), rng.fraction());
            let truth = brute_force(&points, query, 5).results;
            let all = ivf.search(&points, query, 5, 12);
            assert_eq!(all.results, truth);
            let one = ivf.search(&points, query, 5, 1);
            recall_one += recall(&one.results, &truth);
            work_one += one.computations;
        }
        assert!(recall_one / 100.0 < 1.0 && recall_one / 100.0 > 0.5, "{}", recall_one / 100.0);
        assert!(work_one / 100 < 300 / 4, "one cell in twelve scans far fewer points");
        assert_eq!(ivf.cells.iter().map(Vec::len).sum::<usize>(), 300);
    }
}
