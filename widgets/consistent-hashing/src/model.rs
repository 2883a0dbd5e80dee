//! Placement of keys on nodes, and what a join or a leave moves.
//!
//! Sources:
//! - The ring: Karger et al., "Consistent Hashing and Random Trees", STOC 1997 (a node owns the
//!   keys that hash between its predecessor's point and its own); several points per node
//!   ("virtual nodes") as in Chord (Stoica et al., SIGCOMM 2001, section 4) and Dynamo
//!   (DeCandia et al., SOSP 2007, section 4.2).
//! - Jump consistent hash: Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash
//!   Algorithm", 2014, arXiv:1406.2294 (its linear congruential step and the jump formula).
//! - Rendezvous (highest random weight) hashing: Thaler and Ravishankar, "Using Name-Based
//!   Mappings to Increase Hit Rates", IEEE/ACM Transactions on Networking 6(1), 1998.
//! - The 64-bit mixer is the finalizer of SplitMix64 (Steele, Lea and Flood, OOPSLA 2014;
//!   constants as in Vigna's public-domain `splitmix64.c`).

use kit::hash::mix64;

/// Most nodes the widget runs (a join stops here).
pub const MAX_NODES: u32 = 20;
/// Most virtual nodes per node.
pub const MAX_VNODES: u32 = 500;
pub const MIN_KEYS: u32 = 100;
pub const MAX_KEYS: u32 = 100_000;

/// How keys are mapped to nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// hash(key) mod N.
    ModN,
    /// A ring with one token per node.
    Ring,
    /// A ring with `vnodes` tokens per node.
    VirtualNodes,
    /// Lamping and Veach's jump consistent hash.
    Jump,
    /// Highest random weight: the node with the largest hash(key, node).
    Rendezvous,
}

impl Scheme {
    pub const ALL: [Scheme; 5] = [Scheme::ModN, Scheme::Ring, Scheme::VirtualNodes, Scheme::Jump, Scheme::Rendezvous];

    /// The name in configs, links and the scheme control.
    pub fn key(self) -> &'static str {
        match self {
            Scheme::ModN => "mod-n",
            Scheme::Ring => "ring",
            Scheme::VirtualNodes => "vnodes",
            Scheme::Jump => "jump",
            Scheme::Rendezvous => "rendezvous",
        }
    }

    pub fn from_key(key: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|scheme| scheme.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Scheme::ModN => "hash mod N",
            Scheme::Ring => "ring, one token per node",
            Scheme::VirtualNodes => "ring with virtual nodes",
            Scheme::Jump => "jump consistent hash",
            Scheme::Rendezvous => "rendezvous hashing",
        }
    }

    /// Whether keys are found by walking a ring of tokens.
    pub fn uses_ring(self) -> bool {
        matches!(self, Scheme::Ring | Scheme::VirtualNodes)
    }
}

/// A scheme over nodes `0..nodes`, seeded. Every constructor clamps, so any control value
/// gives a valid placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    scheme: Scheme,
    nodes: u32,
    vnodes: u32,
    seed: u64,
    /// The ring's tokens sorted by position, with their owners (empty for other schemes).
    ring: Vec<(u64, u8)>,
}

impl Placement {
    pub fn new(scheme: Scheme, nodes: u32, vnodes: u32, seed: u64) -> Self {
        let nodes = nodes.clamp(1, MAX_NODES);
        let vnodes = vnodes.clamp(1, MAX_VNODES);
        let tokens_per_node = match scheme {
            Scheme::Ring => 1,
            Scheme::VirtualNodes => vnodes,
            _ => 0,
        };
        let mut ring: Vec<(u64, u8)> = (0..nodes)
            .flat_map(|node| (0..tokens_per_node).map(move |vnode| (token_position(seed, node, vnode), node as u8)))
            .collect();
        ring.sort_unstable();
        Placement { scheme, nodes, vnodes, seed, ring }
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn nodes(&self) -> u32 {
        self.nodes
    }

    pub fn vnodes(&self) -> u32 {
        self.vnodes
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The same scheme, vnodes and seed over `nodes` nodes. Node i keeps its tokens, so a join
    /// or a leave changes only what it must.
    pub fn with_nodes(&self, nodes: u32) -> Placement {
        Placement::new(self.scheme, nodes, self.vnodes, self.seed)
    }

    /// The ring's tokens in position order with their owners; empty for schemes without a ring.
    pub fn tokens(&self) -> &[(u64, u8)] {
        &self.ring
    }

    /// The node that owns the key with hash `hash`.
    pub fn owner(&self, hash: u64) -> u8 {
        let owner = match self.scheme {
            Scheme::ModN => hash % u64::from(self.nodes),
            Scheme::Ring | Scheme::VirtualNodes => {
                // The first token at or after the key, wrapping past the top of the ring.
                let index = self.ring.partition_point(|&(position, _)| position < hash);
                return self.ring.get(index).or(self.ring.first()).map_or(0, |&(_, node)| node);
            }
            Scheme::Jump => u64::from(jump(hash, self.nodes)),
            Scheme::Rendezvous => {
                let weight = |node: u32| mix64(hash ^ node_salt(self.seed, node));
                (0..self.nodes).max_by_key(|&node| weight(node)).map_or(0, u64::from)
            }
        };
        owner as u8
    }

    /// The owner of each of keys `0..keys`.
    pub fn owners(&self, keys: u32) -> Vec<u8> {
        (0..keys).map(|key| self.owner(key_hash(self.seed, key))).collect()
    }
}

/// Where key number `key` hashes, for a seed: a point on the ring of 2^64 positions.
pub fn key_hash(seed: u64, key: u32) -> u64 {
    mix64(mix64(seed) ^ u64::from(key).wrapping_mul(GOLDEN).wrapping_add(1))
}

/// Where token `vnode` of node `node` sits on the ring. Depends on nothing else, so a node's
/// tokens stay put when other nodes join or leave.
fn token_position(seed: u64, node: u32, vnode: u32) -> u64 {
    mix64(node_salt(seed, node) ^ u64::from(vnode).wrapping_mul(GOLDEN))
}

/// A per-node, per-seed value, distinct from key hashes.
fn node_salt(seed: u64, node: u32) -> u64 {
    mix64(mix64(seed ^ 0x6e6f_6465_7361_6c74) ^ u64::from(node).wrapping_add(1).wrapping_mul(GOLDEN))
}

/// 2^64 divided by the golden ratio: spreads consecutive integers over 64 bits.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Jump consistent hash (Lamping and Veach, 2014): the bucket in `0..buckets` for `key`.
/// The key's bucket only ever jumps forward as buckets are added, and each jump target is
/// drawn from a linear congruential generator seeded by the key, so when bucket n appears
/// exactly the keys that now belong to n move.
pub fn jump(mut key: u64, buckets: u32) -> u32 {
    let buckets = i64::from(buckets.max(1));
    let (mut bucket, mut next) = (-1i64, 0i64);
    while next < buckets {
        bucket = next;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        // (bucket + 1) / r with r uniform in (0, 1], from the generator's top 31 bits.
        next = ((bucket + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    bucket as u32
}

/// How evenly keys spread over nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    /// Keys per node.
    pub per_node: Vec<u32>,
    pub mean: f64,
    pub max: u32,
    /// The most loaded node (the lowest-numbered among ties).
    pub busiest: u32,
    /// Standard deviation over mean, the population form (all nodes are the population).
    pub coefficient_of_variation: f64,
}

impl Load {
    pub fn of(owners: &[u8], nodes: u32) -> Load {
        let mut per_node = vec![0u32; nodes.max(1) as usize];
        for &owner in owners {
            if let Some(count) = per_node.get_mut(usize::from(owner)) {
                *count += 1;
            }
        }
        let mean = owners.len() as f64 / per_node.len() as f64;
        let variance = per_node.iter().map(|&count| (f64::from(count) - mean) * (f64::from(count) - mean)).sum::<f64>()
            / per_node.len() as f64;
        let (busiest, max) =
            per_node
                .iter()
                .enumerate()
                .fold((0, 0), |best, (node, &count)| if count > best.1 { (node, count) } else { best });
        let coefficient_of_variation = if mean > 0.0 { variance.sqrt() / mean } else { 0.0 };
        Load { per_node, mean, max, busiest: busiest as u32, coefficient_of_variation }
    }

    /// Max over mean: 1.0 is perfect balance.
    pub fn peak_to_mean(&self) -> f64 {
        if self.mean > 0.0 {
            f64::from(self.max) / self.mean
        } else {
            0.0
        }
    }
}

/// A join or a leave, and what it did to the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Node count before the change.
    pub from_nodes: u32,
    /// Node count after it.
    pub to_nodes: u32,
    /// Whether each key moved.
    pub moved: Vec<bool>,
    /// Keys that moved to or from the node that joined or left.
    pub moved_with_node: u32,
    /// Keys that moved between nodes present before and after.
    pub moved_between_others: u32,
}

impl Change {
    pub fn between(before: &Placement, after: &Placement, keys: u32) -> Change {
        let (old, new) = (before.owners(keys), after.owners(keys));
        let changed_node = before.nodes().min(after.nodes()) as u8;
        let moved: Vec<bool> = old.iter().zip(&new).map(|(a, b)| a != b).collect();
        let moved_with_node =
            old.iter().zip(&new).filter(|&(a, b)| a != b && (*a >= changed_node || *b >= changed_node)).count() as u32;
        let total = moved.iter().filter(|&&moved| moved).count() as u32;
        Change {
            from_nodes: before.nodes(),
            to_nodes: after.nodes(),
            moved,
            moved_with_node,
            moved_between_others: total - moved_with_node,
        }
    }

    pub fn moved_count(&self) -> u32 {
        self.moved_with_node + self.moved_between_others
    }

    pub fn moved_fraction(&self) -> f64 {
        self.moved_count() as f64 / self.moved.len().max(1) as f64
    }

    /// The least any scheme that balances load can move: the new node's fair share on a join,
    /// 1/(N+1); the departing node's share on a leave, 1/N.
    pub fn ideal_fraction(&self) -> f64 {
        1.0 / f64::from(self.from_nodes.max(self.to_nodes).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Averages `f(seed)` over seeds 1..=count.
    fn mean_over_seeds(count: u64, f: impl Fn(u64) -> f64) -> f64 {
        (1..=count).map(f).sum::<f64>() / count as f64
    }

    #[test]
    fn mod_n_moves_about_n_over_n_plus_one_on_a_join() {
        // A key stays only when h mod N = h mod (N + 1), i.e. h mod N(N+1) < N: 1 in N + 1.
        for nodes in [3, 5, 10] {
            let before = Placement::new(Scheme::ModN, nodes, 1, 7);
            let change = Change::between(&before, &before.with_nodes(nodes + 1), 100_000);
            let expected = f64::from(nodes) / f64::from(nodes + 1);
            assert!((change.moved_fraction() - expected).abs() < 0.01, "{nodes}: {}", change.moved_fraction());
            assert!(change.moved_between_others > change.moved_with_node);
        }
    }

    #[test]
    fn the_ring_moves_one_over_n_plus_one_on_average_and_only_to_the_new_node() {
        for (scheme, vnodes) in [(Scheme::Ring, 1), (Scheme::VirtualNodes, 16)] {
            let fraction = mean_over_seeds(400, |seed| {
                let before = Placement::new(scheme, 5, vnodes, seed);
                let change = Change::between(&before, &before.with_nodes(6), 5_000);
                assert_eq!(change.moved_between_others, 0);
                change.moved_fraction()
            });
            assert!((fraction - 1.0 / 6.0).abs() < 0.015, "{scheme:?}: {fraction}");
        }
    }

    #[test]
    fn a_leave_moves_only_the_departing_nodes_keys() {
        for scheme in [Scheme::Ring, Scheme::VirtualNodes, Scheme::Jump, Scheme::Rendezvous] {
            let before = Placement::new(scheme, 8, 20, 3);
            let owners = before.owners(10_000);
            let change = Change::between(&before, &before.with_nodes(7), 10_000);
            assert_eq!(change.moved_between_others, 0, "{scheme:?}");
            assert_eq!(change.moved_count() as usize, owners.iter().filter(|&&owner| owner == 7).count());
        }
    }

    #[test]
    fn jump_moves_exactly_the_keys_that_land_in_the_new_bucket() {
        for nodes in [1, 4, 9, 19] {
            let before = Placement::new(Scheme::Jump, nodes, 1, 11);
            let after = before.with_nodes(nodes + 1);
            let new_owners = after.owners(50_000);
            let change = Change::between(&before, &after, 50_000);
            for (moved, owner) in change.moved.iter().zip(&new_owners) {
                assert_eq!(*moved, u32::from(*owner) == nodes);
            }
            let ideal = 1.0 / f64::from(nodes + 1);
            assert!((change.moved_fraction() - ideal).abs() < 0.01, "{nodes}: {}", change.moved_fraction());
        }
    }

    #[test]
    fn rendezvous_and_jump_spread_keys_evenly() {
        // Each key picks a node uniformly, so the spread is only the multinomial noise:
        // CV² ≈ (N - 1) / K.
        for scheme in [Scheme::Jump, Scheme::Rendezvous, Scheme::ModN] {
            let load = Load::of(&Placement::new(scheme, 10, 1, 5).owners(100_000), 10);
            assert!(load.coefficient_of_variation < 0.03, "{scheme:?}: {}", load.coefficient_of_variation);
        }
    }

    #[test]
    fn load_variation_falls_as_one_over_the_square_root_of_vnodes() {
        // With v tokens per node on N nodes the N·v arcs are the spacings of uniform points on a
        // circle, jointly Dirichlet(1, ..., 1); a node's share is the sum of v of them,
        // Beta(v, (N-1)v), whose squared CV is (N-1)/(Nv+1), about 1/v. K keys add multinomial
        // noise of about (N-1)/K. Compare the mean squared CV over seeds with the sum.
        let (nodes, keys) = (10u32, 20_000u32);
        let mut previous = f64::INFINITY;
        for vnodes in [1u32, 4, 16, 64, 256] {
            let measured = mean_over_seeds(60, |seed| {
                let placement = Placement::new(Scheme::VirtualNodes, nodes, vnodes, seed);
                let cv = Load::of(&placement.owners(keys), nodes).coefficient_of_variation;
                cv * cv
            });
            let n = f64::from(nodes);
            let expected = (n - 1.0) / (n * f64::from(vnodes) + 1.0) + (n - 1.0) / f64::from(keys);
            assert!((measured / expected - 1.0).abs() < 0.2, "v = {vnodes}: measured {measured}, expected {expected}");
            assert!(measured < previous);
            previous = measured;
        }
    }

    #[test]
    fn jump_stays_within_its_buckets() {
        for key in 0..1000u64 {
            assert_eq!(jump(key, 1), 0);
            for buckets in [2, 7, 20] {
                assert!(jump(mix64(key), buckets) < buckets);
            }
        }
    }

    #[test]
    fn loads_count_every_key() {
        let load = Load::of(&[0, 0, 1, 2, 2, 2], 4);
        assert_eq!(load.per_node, [2, 1, 3, 0]);
        assert_eq!((load.max, load.busiest), (3, 2));
        assert!((load.mean - 1.5).abs() < 1e-12);
        assert!((load.peak_to_mean() - 2.0).abs() < 1e-12);
        assert!((load.coefficient_of_variation - 1.25f64.sqrt() / 1.5).abs() < 1e-12);
    }

    #[test]
    fn clamps_every_control_value() {
        let placement = Placement::new(Scheme::VirtualNodes, 0, 10_000, u64::MAX);
        assert_eq!((placement.nodes(), placement.vnodes()), (1, MAX_VNODES));
        assert!(placement.owners(1000).iter().all(|&owner| owner == 0));
        assert_eq!(Placement::new(Scheme::Ring, 99, 0, 0).nodes(), MAX_NODES);
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::from_key(scheme.key()), Some(scheme));
        }
    }
}
