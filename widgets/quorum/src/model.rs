//! The quorum model: pure arithmetic over N, W, R and which replicas are down.
//!
//! Sources:
//! - Intersection of read and write quorums when R + W > N, and of two write quorums when
//!   2W > N: Gifford, "Weighted Voting for Replicated Data", SOSP 1979 (with one vote per
//!   replica), as used by Dynamo (DeCandia et al., SOSP 2007, section 4.5).
//! - The probability that a read quorum misses a write quorum entirely when both are chosen
//!   uniformly at random, C(N-W, R) / C(N, R): Bailis et al., "Probabilistically Bounded
//!   Staleness for Practical Partial Quorums", VLDB 2012 (its starting point, the staleness
//!   probability of non-expanding partial quorums).

/// The largest cluster the widget draws.
pub const MAX_REPLICAS: u32 = 15;

/// Replica sets are bit masks: bit `i` is replica `i`.
pub type ReplicaSet = u16;

/// N replicas with a write quorum W and a read quorum R, some of them possibly down.
/// Every constructor and setter clamps, so any control value gives a valid state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quorum {
    replicas: u32,
    write_quorum: u32,
    read_quorum: u32,
    down: ReplicaSet,
    /// Sloppy quorum with hinted handoff: a write or read stands in healthy nodes beyond the
    /// key's N home replicas for the ones that are down (Dynamo, section 4.6).
    sloppy: bool,
}

/// What a configuration guarantees and what it can do right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// R + W > N: every read quorum overlaps every write quorum, so a read sees the latest
    /// acknowledged write (absent concurrent writes and sloppy quorums).
    pub reads_see_latest_write: bool,
    /// The fewest replicas any read quorum shares with any write quorum: max(0, R + W - N).
    pub min_read_write_overlap: u32,
    /// 2W > N: two write quorums always share a replica, so conflicting writes meet somewhere.
    pub writes_intersect: bool,
    /// N - W: replicas that can fail with writes still able to assemble a quorum.
    pub write_failures_tolerated: u32,
    /// N - R: the same for reads.
    pub read_failures_tolerated: u32,
    /// Probability that a read issued right after a write contacts none of the replicas the
    /// write reached, both quorums drawn uniformly at random: C(N-W, R) / C(N, R).
    pub miss_probability: Ratio,
    /// Replicas currently up.
    pub up: u32,
    /// Whether a write can assemble W acknowledgements from the replicas up now.
    pub write_available: bool,
    /// Whether a read can assemble R replies from the replicas up now.
    pub read_available: bool,
    /// The write quorum drawn: the lowest-numbered replicas that are up (W of them, or all
    /// that are up when fewer).
    pub write_set: ReplicaSet,
    /// The read quorum drawn: the highest-numbered replicas that are up, the read that avoids
    /// the drawn write as far as possible (the worst case for freshness).
    pub read_set: ReplicaSet,
    /// Home replicas among the write's W acknowledgements: min(W, up).
    pub home_written: u32,
    /// Acknowledgements from fallback nodes holding hints for down home replicas (sloppy
    /// quorums only): W - home_written.
    pub fallback_acks: u32,
}

/// An exact fraction, reduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    /// `numerator / denominator` reduced; a zero denominator is treated as 0/1.
    pub fn new(numerator: u64, denominator: u64) -> Self {
        if denominator == 0 {
            return Ratio { numerator: 0, denominator: 1 };
        }
        let divisor = gcd(numerator, denominator);
        Ratio { numerator: numerator / divisor, denominator: denominator / divisor }
    }

    pub fn as_f64(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// The binomial coefficient C(n, k), exact for every n up to 62. Zero when k > n.
pub fn binomial(n: u64, k: u64) -> u64 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    // After step i the accumulator is C(n - k + i, i), so i divides acc * (n - k + i). Taking
    // out g = gcd(acc, i) first, i / g divides n - k + i, and no intermediate exceeds the
    // result (no u128 arithmetic, which would cost the wasm build a kilobyte).
    (1..=k).fold(1u64, |acc, i| {
        let g = gcd(acc, i);
        (acc / g) * ((n - k + i) / (i / g))
    })
}

/// The probability that a read quorum of size `r` drawn uniformly from `n` replicas misses a
/// write quorum of size `w` drawn the same way: C(n-w, r) / C(n, r).
pub fn miss_probability(n: u32, w: u32, r: u32) -> Ratio {
    if w > n || r > n {
        return Ratio::new(0, 1);
    }
    Ratio::new(binomial(u64::from(n - w), u64::from(r)), binomial(u64::from(n), u64::from(r)))
}

impl Quorum {
    /// A cluster of `replicas` (1..=15) with the given quorums (1..=replicas), all up.
    pub fn new(replicas: u32, write_quorum: u32, read_quorum: u32) -> Self {
        let replicas = replicas.clamp(1, MAX_REPLICAS);
        Quorum {
            replicas,
            write_quorum: write_quorum.clamp(1, replicas),
            read_quorum: read_quorum.clamp(1, replicas),
            down: 0,
            sloppy: false,
        }
    }

    pub fn replicas(&self) -> u32 {
        self.replicas
    }

    pub fn write_quorum(&self) -> u32 {
        self.write_quorum
    }

    pub fn read_quorum(&self) -> u32 {
        self.read_quorum
    }

    /// Changes N, shrinking the quorums and forgetting down replicas that no longer exist.
    pub fn set_replicas(&mut self, replicas: u32) {
        *self = Quorum {
            down: self.down & all(replicas.clamp(1, MAX_REPLICAS)),
            sloppy: self.sloppy,
            ..Quorum::new(replicas, self.write_quorum, self.read_quorum)
        };
    }

    pub fn set_write_quorum(&mut self, write_quorum: u32) {
        self.write_quorum = write_quorum.clamp(1, self.replicas);
    }

    pub fn set_read_quorum(&mut self, read_quorum: u32) {
        self.read_quorum = read_quorum.clamp(1, self.replicas);
    }

    /// The replicas marked down, in order.
    pub fn down_replicas(&self) -> Vec<u32> {
        (0..self.replicas).filter(|&replica| self.is_down(replica)).collect()
    }

    pub fn is_down(&self, replica: u32) -> bool {
        replica < self.replicas && self.down & (1 << replica) != 0
    }

    /// Marks a replica down if it is up and up if it is down; out-of-range indices are ignored.
    pub fn toggle_down(&mut self, replica: u32) {
        if replica < self.replicas {
            self.down ^= 1 << replica;
        }
    }

    pub fn is_sloppy(&self) -> bool {
        self.sloppy
    }

    pub fn set_sloppy(&mut self, sloppy: bool) {
        self.sloppy = sloppy;
    }

    /// Under a sloppy quorum, writes and reads stay available while any W (or R) nodes in the
    /// cluster are healthy; the widget assumes there are. What is lost is the overlap: a write
    /// acknowledged partly by fallbacks is on only `home_written` home replicas until hinted
    /// handoff delivers the hints, and a read of R home replicas after the down ones come back
    /// is only sure to meet it when R + home_written > N.
    pub fn analyse(&self) -> Analysis {
        let (n, w, r) = (self.replicas, self.write_quorum, self.read_quorum);
        let up_set = all(n) & !self.down;
        let up = up_set.count_ones();
        let home_written = if self.sloppy { w.min(up) } else { w };
        Analysis {
            reads_see_latest_write: r + home_written > n,
            min_read_write_overlap: (r + home_written).saturating_sub(n),
            writes_intersect: 2 * w > n,
            write_failures_tolerated: n - w,
            read_failures_tolerated: n - r,
            miss_probability: miss_probability(n, w, r),
            up,
            write_available: self.sloppy || up >= w,
            read_available: self.sloppy || up >= r,
            write_set: lowest(up_set, w),
            read_set: highest(up_set, r),
            home_written,
            fallback_acks: w - home_written,
        }
    }
}

/// The set of replicas `0..n`.
fn all(n: u32) -> ReplicaSet {
    ((1u32 << n) - 1) as ReplicaSet
}

/// The `count` lowest members of `set` (all of them when it has fewer).
fn lowest(set: ReplicaSet, count: u32) -> ReplicaSet {
    let mut chosen = 0;
    let mut rest = set;
    for _ in 0..count.min(set.count_ones()) {
        let bit = rest & rest.wrapping_neg();
        chosen |= bit;
        rest &= !bit;
    }
    chosen
}

/// The `count` highest members of `set` (all of them when it has fewer).
fn highest(set: ReplicaSet, count: u32) -> ReplicaSet {
    let mut chosen = 0;
    let mut rest = set;
    for _ in 0..count.min(set.count_ones()) {
        let bit = 1 << (ReplicaSet::BITS - 1 - rest.leading_zeros());
        chosen |= bit;
        rest &= !bit;
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_three_misses_two_thirds_of_the_time() {
        // PBS (Bailis et al., VLDB 2012) gives this example: with N=3, R=W=1 the chance that the
        // read replica is not the written one is C(2,1)/C(3,1) = 2/3.
        let analysis = Quorum::new(3, 1, 1).analyse();
        assert!(!analysis.reads_see_latest_write);
        assert_eq!(analysis.miss_probability, Ratio { numerator: 2, denominator: 3 });
    }

    #[test]
    fn majority_quorums_of_five_are_fresh_and_tolerate_two_failures() {
        let analysis = Quorum::new(5, 3, 3).analyse();
        assert!(analysis.reads_see_latest_write);
        assert!(analysis.writes_intersect);
        assert_eq!(analysis.min_read_write_overlap, 1);
        assert_eq!(analysis.write_failures_tolerated, 2);
        assert_eq!(analysis.read_failures_tolerated, 2);
        assert_eq!(analysis.miss_probability.numerator, 0);
    }

    #[test]
    fn dynamo_typical_configuration() {
        // Dynamo (DeCandia et al., SOSP 2007, section 6): "(N,R,W) ... is (3,2,2)".
        let analysis = Quorum::new(3, 2, 2).analyse();
        assert!(analysis.reads_see_latest_write);
        assert!(analysis.writes_intersect);
        assert_eq!((analysis.write_failures_tolerated, analysis.read_failures_tolerated), (1, 1));
    }

    #[test]
    fn five_replicas_write_three_read_two() {
        // R + W = N: reads may be stale; C(2,2)/C(5,2) = 1/10.
        let analysis = Quorum::new(5, 3, 2).analyse();
        assert!(!analysis.reads_see_latest_write);
        assert_eq!(analysis.miss_probability, Ratio::new(1, 10));
    }

    #[test]
    fn binomials_match_pascals_triangle() {
        for n in 0..=62u64 {
            for k in 0..=n {
                let expected = if k == 0 || k == n { 1 } else { binomial(n - 1, k - 1) + binomial(n - 1, k) };
                assert_eq!(binomial(n, k), expected, "C({n},{k})");
            }
            assert_eq!(binomial(n, n + 1), 0);
        }
    }

    #[test]
    fn miss_probability_matches_exhaustive_enumeration() {
        // Count, over every pair of quorums, the pairs that do not intersect.
        for n in 1..=10u32 {
            for w in 1..=n {
                for r in 1..=n {
                    let sets = |size: u32| (0..1u32 << n).filter(move |s| s.count_ones() == size);
                    let (mut disjoint, mut total) = (0u64, 0u64);
                    for ws in sets(w) {
                        for rs in sets(r) {
                            total += 1;
                            disjoint += u64::from(ws & rs == 0);
                        }
                    }
                    assert_eq!(miss_probability(n, w, r), Ratio::new(disjoint, total), "N={n} W={w} R={r}");
                    assert_eq!(disjoint == 0, r + w > n);
                }
            }
        }
    }

    #[test]
    fn down_replicas_decide_availability() {
        let mut quorum = Quorum::new(5, 3, 2);
        quorum.toggle_down(0);
        quorum.toggle_down(4);
        let analysis = quorum.analyse();
        assert_eq!(analysis.up, 3);
        assert!(analysis.write_available && analysis.read_available);
        assert_eq!(analysis.write_set, 0b01110);
        assert_eq!(analysis.read_set, 0b01100);
        quorum.toggle_down(2);
        let analysis = quorum.analyse();
        assert!(!analysis.write_available, "2 up cannot make W=3");
        assert!(analysis.read_available);
        quorum.toggle_down(2);
        assert!(quorum.analyse().write_available, "toggling again brings it back");
        assert_eq!(quorum.down_replicas(), [0, 4]);
    }

    #[test]
    fn drawn_sets_overlap_exactly_as_the_arithmetic_says() {
        for n in 1..=MAX_REPLICAS {
            for w in 1..=n {
                for r in 1..=n {
                    let analysis = Quorum::new(n, w, r).analyse();
                    assert_eq!(analysis.write_set.count_ones(), w);
                    assert_eq!(analysis.read_set.count_ones(), r);
                    assert_eq!((analysis.write_set & analysis.read_set).count_ones(), analysis.min_read_write_overlap);
                }
            }
        }
    }

    #[test]
    fn sloppy_quorums_stay_available_but_lose_the_overlap() {
        // Dynamo's example (section 4.6): N = 3, a home replica down, the write goes to a
        // fallback with a hint. With R = W = 2 and two home replicas down, one home replica and
        // one fallback acknowledge; a read of two home replicas can miss the one written.
        let mut quorum = Quorum::new(3, 2, 2);
        quorum.toggle_down(0);
        quorum.toggle_down(1);
        assert!(!quorum.analyse().write_available);
        quorum.set_sloppy(true);
        let analysis = quorum.analyse();
        assert!(analysis.write_available && analysis.read_available);
        assert_eq!((analysis.home_written, analysis.fallback_acks), (1, 1));
        assert!(!analysis.reads_see_latest_write);
        // With every home replica up, sloppiness changes nothing.
        quorum.toggle_down(0);
        quorum.toggle_down(1);
        let analysis = quorum.analyse();
        assert!(analysis.reads_see_latest_write && analysis.fallback_acks == 0);
        quorum.set_replicas(5);
        assert!(quorum.is_sloppy(), "changing N keeps the mode");
    }

    #[test]
    fn setters_clamp_every_value() {
        let mut quorum = Quorum::new(0, 0, 99);
        assert_eq!((quorum.replicas(), quorum.write_quorum(), quorum.read_quorum()), (1, 1, 1));
        quorum.set_replicas(99);
        assert_eq!(quorum.replicas(), MAX_REPLICAS);
        quorum.set_write_quorum(15);
        quorum.set_read_quorum(0);
        quorum.toggle_down(14);
        quorum.toggle_down(15);
        quorum.set_replicas(4);
        assert_eq!((quorum.write_quorum(), quorum.read_quorum()), (4, 1));
        assert!(!quorum.is_down(14), "replicas beyond N are forgotten");
        assert_eq!(quorum.analyse().up, 4);
    }
}
