//! Percentiles of samples, as every simulation reports them.

/// The `q` quantile of `samples` (0 < q ≤ 1): the smallest sample with at least a fraction q of
/// the samples at or below it. Reorders the samples; 0 when there are none.
pub fn percentile(samples: &mut [f64], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let rank = ((q * samples.len() as f64 - 1e-9).ceil() as usize).clamp(1, samples.len()) - 1;
    *samples.select_nth_unstable_by(rank, f64::total_cmp).1
}

/// The same for samples already sorted ascending, without reordering them.
pub fn sorted_percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64 - 1e-9).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[rank]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_samples() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!([0.25, 0.5, 0.99, 1.0].map(|q| sorted_percentile(&sorted, q)), [1.0, 2.0, 4.0, 4.0]);
        let mut shuffled = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(percentile(&mut shuffled, 0.5), 2.0);
        assert_eq!(percentile(&mut [], 0.5), 0.0);
        assert_eq!(sorted_percentile(&[], 0.5), 0.0);
    }
}
