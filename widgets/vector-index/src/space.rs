//! Points in the unit square, seeded clusters of them, and exact nearest neighbours.

use kit::rng::Rng;

pub type Point = (f64, f64);

/// Squared Euclidean distance: the same order as the distance, without a square root.
pub fn distance(a: Point, b: Point) -> f64 {
    (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)
}

/// `count` points around six seeded centres, normally scattered (Box-Muller), kept in the square.
pub fn clustered(count: usize, seed: u64) -> Vec<Point> {
    let mut rng = Rng::seeded(seed);
    let centres: Vec<Point> = (0..6).map(|_| (0.15 + 0.7 * rng.fraction(), 0.15 + 0.7 * rng.fraction())).collect();
    (0..count)
        .map(|index| {
            let centre = centres[index % centres.len()];
            let radius = (-2.0 * kit::math::ln(rng.fraction())).sqrt() * 0.07;
            let (sin, cos) = kit::math::sin_cos(core::f64::consts::TAU * rng.fraction());
            ((centre.0 + radius * cos).clamp(0.0, 1.0), (centre.1 + radius * sin).clamp(0.0, 1.0))
        })
        .collect()
}

/// A search's answer and its cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// Indices of the results, nearest first.
    pub results: Vec<usize>,
    /// Distance computations made.
    pub computations: usize,
    /// Points whose distance was computed (for drawing).
    pub visited: Vec<usize>,
}

/// The exact k nearest: every distance, then the smallest k.
pub fn brute_force(points: &[Point], query: Point, k: usize) -> Found {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| distance(points[a], query).total_cmp(&distance(points[b], query)).then(a.cmp(&b)));
    order.truncate(k);
    Found { results: order, computations: points.len(), visited: (0..points.len()).collect() }
}

/// The share of the true k nearest that `found` returned.
pub fn recall(found: &[usize], truth: &[usize]) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    truth.iter().filter(|index| found.contains(index)).count() as f64 / truth.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brute_force_is_exact() {
        let points = clustered(300, 4);
        let mut rng = Rng::seeded(9);
        for _ in 0..50 {
            let query = (rng.fraction(), rng.fraction());
            let found = brute_force(&points, query, 7);
            let mut distances: Vec<f64> = points.iter().map(|&point| distance(point, query)).collect();
            distances.sort_by(f64::total_cmp);
            let returned: Vec<f64> = found.results.iter().map(|&index| distance(points[index], query)).collect();
            assert_eq!(returned, distances[..7]);
            assert_eq!(found.computations, 300);
        }
        assert!(clustered(100, 1).iter().all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }
}
