//! The B+tree, with the occupancy rules of Silberschatz, Korth and Sudarshan, *Database System
//! Concepts* (B+-tree file organization): for order n, an internal node other than the root
//! has between ⌈n/2⌉ and n children, a leaf between ⌈(n−1)/2⌉ and n−1 keys; the root may hold
//! fewer. All keys live in the leaves, which are chained left to right for range scans; an
//! internal node's keys separate its children (keys ≥ a separator go right of it).

/// Node indices into the arena.
pub type NodeId = usize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Internal { keys: Vec<u32>, children: Vec<NodeId> },
    Leaf { keys: Vec<u32>, next: Option<NodeId> },
}

impl Node {
    pub fn keys(&self) -> &[u32] {
        match self {
            Node::Internal { keys, .. } | Node::Leaf { keys, .. } => keys,
        }
    }
}

/// What changed in an operation, for the drawing and the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A leaf split; `separator` was copied up.
    LeafSplit { left: NodeId, right: NodeId, separator: u32 },
    /// An internal node split; `separator` moved up.
    InternalSplit { left: NodeId, right: NodeId, separator: u32 },
    /// The root split and a new root was made above it: the tree grew a level.
    NewRoot { root: NodeId },
    /// `node` borrowed a key from its sibling `from`.
    Borrowed { node: NodeId, from: NodeId },
    /// `gone` merged into `into`.
    Merged { into: NodeId, gone: NodeId },
    /// The root had one child left, which became the root: the tree lost a level.
    RootCollapsed { root: NodeId },
}

/// The outcome of one operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// Nodes from the root to the leaf the operation reached.
    pub path: Vec<NodeId>,
    pub changes: Vec<Change>,
    /// Whether the key was (search: found; insert: added; delete: removed).
    pub done: bool,
}

#[derive(Clone, Debug)]
pub struct Tree {
    order: usize,
    nodes: Vec<Node>,
    root: NodeId,
    /// Arena slots of merged-away nodes, reused first.
    free: Vec<NodeId>,
}

pub const MIN_ORDER: usize = 3;
pub const MAX_ORDER: usize = 8;

impl Tree {
    pub fn new(order: usize) -> Tree {
        Tree {
            order: order.clamp(MIN_ORDER, MAX_ORDER),
            nodes: vec![Node::Leaf { keys: Vec::new(), next: None }],
            root: 0,
            free: Vec::new(),
        }
    }

    pub fn order(&self) -> usize {
        self.order
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    fn max_keys(&self) -> usize {
        self.order - 1
    }

    fn min_leaf_keys(&self) -> usize {
        (self.order - 1).div_ceil(2)
    }

    fn min_children(&self) -> usize {
        self.order.div_ceil(2)
    }

    fn allocate(&mut self, node: Node) -> NodeId {
        match self.free.pop() {
            Some(id) => {
                self.nodes[id] = node;
                id
            }
            None => {
                self.nodes.push(node);
                self.nodes.len() - 1
            }
        }
    }

    /// The path from the root to the leaf where `key` belongs.
    fn descend(&self, key: u32) -> Vec<NodeId> {
        let mut path = vec![self.root];
        while let Node::Internal { keys, children } = &self.nodes[*path.last().unwrap_or(&self.root)] {
            let index = keys.partition_point(|&separator| separator <= key);
            path.push(children[index]);
        }
        path
    }

    pub fn search(&self, key: u32) -> Trace {
        let path = self.descend(key);
        let leaf = *path.last().unwrap_or(&self.root);
        let done = self.nodes[leaf].keys().binary_search(&key).is_ok();
        Trace { path, changes: Vec::new(), done }
    }

    pub fn insert(&mut self, key: u32) -> Trace {
        let path = self.descend(key);
        let mut trace = Trace { path: path.clone(), changes: Vec::new(), done: false };
        let leaf = *path.last().unwrap_or(&self.root);
        let Node::Leaf { keys, .. } = &mut self.nodes[leaf] else { return trace };
        let Err(position) = keys.binary_search(&key) else { return trace };
        keys.insert(position, key);
        trace.done = true;
        // Split upward while a node overflows.
        let mut level = path.len() - 1;
        while self.nodes[path[level]].keys().len() > self.max_keys() {
            let node = path[level];
            let (separator, right) = self.split(node, &mut trace.changes);
            if level == 0 {
                let root = self.allocate(Node::Internal { keys: vec![separator], children: vec![node, right] });
                self.root = root;
                trace.changes.push(Change::NewRoot { root });
                break;
            }
            let parent = path[level - 1];
            if let Node::Internal { keys, children } = &mut self.nodes[parent] {
                let index = keys.partition_point(|&existing| existing < separator);
                keys.insert(index, separator);
                children.insert(index + 1, right);
            }
            level -= 1;
        }
        trace
    }

    /// Splits an overflowing node; returns the separator for the parent and the new right node.
    fn split(&mut self, node: NodeId, changes: &mut Vec<Change>) -> (u32, NodeId) {
        match std::mem::replace(&mut self.nodes[node], Node::Leaf { keys: Vec::new(), next: None }) {
            Node::Leaf { mut keys, next } => {
                let right_keys = keys.split_off(keys.len().div_ceil(2));
                let separator = right_keys[0];
                let right = self.allocate(Node::Leaf { keys: right_keys, next });
                self.nodes[node] = Node::Leaf { keys, next: Some(right) };
                changes.push(Change::LeafSplit { left: node, right, separator });
                (separator, right)
            }
            Node::Internal { mut keys, mut children } => {
                let middle = keys.len() / 2;
                let right_keys = keys.split_off(middle + 1);
                let separator = keys.pop().unwrap_or_default();
                let right_children = children.split_off(middle + 1);
                let right = self.allocate(Node::Internal { keys: right_keys, children: right_children });
                self.nodes[node] = Node::Internal { keys, children };
                changes.push(Change::InternalSplit { left: node, right, separator });
                (separator, right)
            }
        }
    }

    pub fn delete(&mut self, key: u32) -> Trace {
        let path = self.descend(key);
        let mut trace = Trace { path: path.clone(), changes: Vec::new(), done: false };
        let leaf = *path.last().unwrap_or(&self.root);
        let Node::Leaf { keys, .. } = &mut self.nodes[leaf] else { return trace };
        let Ok(position) = keys.binary_search(&key) else { return trace };
        keys.remove(position);
        trace.done = true;
        // Rebalance upward while a non-root node underflows.
        let mut level = path.len() - 1;
        while level > 0 && self.underflows(path[level]) {
            self.rebalance(path[level - 1], path[level], &mut trace.changes);
            level -= 1;
        }
        if let Node::Internal { children, .. } = &self.nodes[self.root] {
            if children.len() == 1 {
                let old = self.root;
                self.root = children[0];
                self.free.push(old);
                trace.changes.push(Change::RootCollapsed { root: self.root });
            }
        }
        trace
    }

    fn underflows(&self, node: NodeId) -> bool {
        match &self.nodes[node] {
            Node::Leaf { keys, .. } => keys.len() < self.min_leaf_keys(),
            Node::Internal { children, .. } => children.len() < self.min_children(),
        }
    }

    fn can_lend(&self, node: NodeId) -> bool {
        match &self.nodes[node] {
            Node::Leaf { keys, .. } => keys.len() > self.min_leaf_keys(),
            Node::Internal { children, .. } => children.len() > self.min_children(),
        }
    }

    /// Fixes an underflowing `node`, a child of `parent`: borrow from a sibling that can lend,
    /// else merge with a sibling.
    fn rebalance(&mut self, parent: NodeId, node: NodeId, changes: &mut Vec<Change>) {
        let Node::Internal { children, .. } = &self.nodes[parent] else { return };
        let Some(index) = children.iter().position(|&child| child == node) else { return };
        let left = index.checked_sub(1).map(|i| children[i]);
        let right = children.get(index + 1).copied();
        if let Some(left) = left.filter(|&left| self.can_lend(left)) {
            self.borrow_from_left(parent, index, left, node);
            changes.push(Change::Borrowed { node, from: left });
        } else if let Some(right) = right.filter(|&right| self.can_lend(right)) {
            self.borrow_from_right(parent, index, node, right);
            changes.push(Change::Borrowed { node, from: right });
        } else if let Some(left) = left {
            self.merge(parent, index - 1, left, node);
            changes.push(Change::Merged { into: left, gone: node });
        } else if let Some(right) = right {
            self.merge(parent, index, node, right);
            changes.push(Change::Merged { into: node, gone: right });
        }
    }

    fn parent_parts(&mut self, parent: NodeId) -> (&mut Vec<u32>, &mut Vec<NodeId>) {
        match &mut self.nodes[parent] {
            Node::Internal { keys, children } => (keys, children),
            Node::Leaf { .. } => unreachable!("parents are internal nodes"),
        }
    }

    /// Moves the left sibling's last key (or child) into `node`, at `index` under `parent`.
    fn borrow_from_left(&mut self, parent: NodeId, index: usize, left: NodeId, node: NodeId) {
        let separator = self.parent_parts(parent).0[index - 1];
        let [left_node, this] = self.nodes.get_disjoint_mut([left, node]).expect("distinct nodes");
        let new_separator = match (left_node, this) {
            (Node::Leaf { keys: lent, .. }, Node::Leaf { keys, .. }) => {
                let key = lent.pop().unwrap_or_default();
                keys.insert(0, key);
                key
            }
            (Node::Internal { keys: lent, children: lent_children }, Node::Internal { keys, children }) => {
                // Rotate through the parent: its separator comes down, the sibling's last key
                // goes up.
                keys.insert(0, separator);
                children.insert(0, lent_children.pop().unwrap_or_default());
                lent.pop().unwrap_or_default()
            }
            _ => return,
        };
        self.parent_parts(parent).0[index - 1] = new_separator;
    }

    /// Moves the right sibling's first key (or child) into `node`, at `index` under `parent`.
    fn borrow_from_right(&mut self, parent: NodeId, index: usize, node: NodeId, right: NodeId) {
        let separator = self.parent_parts(parent).0[index];
        let [this, right_node] = self.nodes.get_disjoint_mut([node, right]).expect("distinct nodes");
        let new_separator = match (this, right_node) {
            (Node::Leaf { keys, .. }, Node::Leaf { keys: lent, .. }) => {
                keys.push(lent.remove(0));
                lent[0]
            }
            (Node::Internal { keys, children }, Node::Internal { keys: lent, children: lent_children }) => {
                keys.push(separator);
                children.push(lent_children.remove(0));
                lent.remove(0)
            }
            _ => return,
        };
        self.parent_parts(parent).0[index] = new_separator;
    }

    /// Merges `right` (the child after separator `separator_index`) into `left`.
    fn merge(&mut self, parent: NodeId, separator_index: usize, left: NodeId, right: NodeId) {
        let (keys, children) = self.parent_parts(parent);
        let separator = keys.remove(separator_index);
        children.remove(separator_index + 1);
        let gone = std::mem::replace(&mut self.nodes[right], Node::Leaf { keys: Vec::new(), next: None });
        match (&mut self.nodes[left], gone) {
            (Node::Leaf { keys, next }, Node::Leaf { keys: more, next: after }) => {
                keys.extend(more);
                *next = after;
            }
            (Node::Internal { keys, children }, Node::Internal { keys: more, children: more_children }) => {
                keys.push(separator);
                keys.extend(more);
                children.extend(more_children);
            }
            _ => {}
        }
        self.free.push(right);
    }

    /// The keys from `low` to `high` inclusive, and the leaves walked to find them.
    pub fn range(&self, low: u32, high: u32) -> (Vec<u32>, Vec<NodeId>) {
        let mut leaf = Some(*self.descend(low).last().unwrap_or(&self.root));
        let (mut found, mut walked) = (Vec::new(), Vec::new());
        while let Some(id) = leaf {
            let Node::Leaf { keys, next } = &self.nodes[id] else { break };
            walked.push(id);
            found.extend(keys.iter().copied().filter(|&key| (low..=high).contains(&key)));
            if keys.last().is_some_and(|&last| last >= high) {
                break;
            }
            leaf = *next;
        }
        (found, walked)
    }

    /// Node ids level by level from the root: what the drawing lays out.
    pub fn levels(&self) -> Vec<Vec<NodeId>> {
        let mut levels = vec![vec![self.root]];
        loop {
            let next: Vec<NodeId> = levels
                .last()
                .into_iter()
                .flatten()
                .flat_map(|&id| match &self.nodes[id] {
                    Node::Internal { children, .. } => children.clone(),
                    Node::Leaf { .. } => Vec::new(),
                })
                .collect();
            if next.is_empty() {
                return levels;
            }
            levels.push(next);
        }
    }

    pub fn height(&self) -> usize {
        self.levels().len()
    }

    /// Keys stored over key slots, across all nodes.
    pub fn fill_factor(&self) -> f64 {
        let nodes: Vec<NodeId> = self.levels().into_iter().flatten().collect();
        let stored: usize = nodes.iter().map(|&id| self.nodes[id].keys().len()).sum();
        stored as f64 / (nodes.len() * self.max_keys()).max(1) as f64
    }

    pub fn node_count(&self) -> usize {
        self.levels().iter().map(Vec::len).sum()
    }

    /// Every key, in order, along the leaf chain.
    pub fn keys(&self) -> Vec<u32> {
        self.range(0, u32::MAX).0
    }

    /// Checks the invariants; returns what is broken.
    pub fn check(&self) -> Result<(), String> {
        let levels = self.levels();
        let leaves = levels.last().cloned().unwrap_or_default();
        for (depth, level) in levels.iter().enumerate() {
            for &id in level {
                let is_root = id == self.root;
                match &self.nodes[id] {
                    Node::Leaf { keys, .. } => {
                        if depth != levels.len() - 1 {
                            return Err(format!("leaf {id} at depth {depth}: leaves must all be at the bottom"));
                        }
                        if keys.len() > self.max_keys() || (!is_root && keys.len() < self.min_leaf_keys()) {
                            return Err(format!("leaf {id} holds {} keys", keys.len()));
                        }
                        if !keys.windows(2).all(|pair| pair[0] < pair[1]) {
                            return Err(format!("leaf {id} is not sorted"));
                        }
                    }
                    Node::Internal { keys, children } => {
                        if children.len() != keys.len() + 1 {
                            return Err(format!(
                                "internal node {id}: {} keys, {} children",
                                keys.len(),
                                children.len()
                            ));
                        }
                        let minimum = if is_root { 2 } else { self.min_children() };
                        if children.len() > self.order || children.len() < minimum {
                            return Err(format!("internal node {id} has {} children", children.len()));
                        }
                        for (index, &separator) in keys.iter().enumerate() {
                            let (left, right) =
                                (self.subtree_keys(children[index]), self.subtree_keys(children[index + 1]));
                            if left.iter().any(|&key| key >= separator) || right.iter().any(|&key| key < separator) {
                                return Err(format!("separator {separator} of node {id} misplaces keys"));
                            }
                        }
                    }
                }
            }
        }
        // The chain visits exactly the leaves, left to right.
        let mut chained = Vec::new();
        let mut leaf = leaves.first().copied();
        while let Some(id) = leaf {
            chained.push(id);
            leaf = match &self.nodes[id] {
                Node::Leaf { next, .. } => *next,
                Node::Internal { .. } => None,
            };
        }
        if chained != leaves {
            return Err(String::from("the leaf chain does not follow the leaves in order"));
        }
        let keys = self.keys();
        if !keys.windows(2).all(|pair| pair[0] < pair[1]) {
            return Err(String::from("keys along the chain are not increasing"));
        }
        Ok(())
    }

    fn subtree_keys(&self, id: NodeId) -> Vec<u32> {
        match &self.nodes[id] {
            Node::Leaf { keys, .. } => keys.clone(),
            Node::Internal { children, .. } => children.iter().flat_map(|&child| self.subtree_keys(child)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// After any sequence of inserts and deletes, the invariants hold and the keys are the
        /// same as a BTreeSet's given the same operations.
        #[test]
        fn random_operations_keep_the_invariants(
            order in 3usize..=8,
            operations in proptest::collection::vec((any::<bool>(), 0u32..200), 0..400),
        ) {
            let mut tree = Tree::new(order);
            let mut oracle = BTreeSet::new();
            for (insert, key) in operations {
                if insert {
                    prop_assert_eq!(tree.insert(key).done, oracle.insert(key));
                } else {
                    prop_assert_eq!(tree.delete(key).done, oracle.remove(&key));
                }
                if let Err(problem) = tree.check() {
                    prop_assert!(false, "{}", problem);
                }
            }
            prop_assert_eq!(tree.keys(), oracle.iter().copied().collect::<Vec<_>>());
            for key in 0..200 {
                prop_assert_eq!(tree.search(key).done, oracle.contains(&key));
            }
            let (found, _) = tree.range(50, 120);
            prop_assert_eq!(found, oracle.range(50..=120).copied().collect::<Vec<_>>());
        }
    }

    #[test]
    fn inserting_in_order_splits_and_grows_a_level() {
        let mut tree = Tree::new(4);
        for key in 1..=3 {
            assert!(tree.insert(key).changes.is_empty());
        }
        let trace = tree.insert(4);
        // Four keys overflow a leaf of order 4: it splits 2 + 2 and 3 goes up.
        assert!(trace.changes.contains(&Change::LeafSplit { left: 0, right: 1, separator: 3 }));
        assert!(matches!(trace.changes.last(), Some(Change::NewRoot { .. })));
        assert_eq!((tree.height(), tree.node_count()), (2, 3));
        assert_eq!(tree.search(4).path.len(), 2);
    }

    #[test]
    fn deleting_borrows_then_merges_then_collapses_the_root() {
        let mut tree = Tree::new(3);
        for key in [10, 20, 30, 40] {
            tree.insert(key);
        }
        tree.check().unwrap();
        let mut seen_merge = false;
        for key in [10, 20, 30] {
            let trace = tree.delete(key);
            seen_merge |= trace.changes.iter().any(|change| matches!(change, Change::Merged { .. }));
            tree.check().unwrap();
        }
        assert!(seen_merge);
        assert_eq!((tree.keys(), tree.height()), (vec![40], 1));
    }

    #[test]
    fn range_scans_walk_the_leaf_chain() {
        let mut tree = Tree::new(4);
        for key in (0..60).map(|key| key * 5) {
            tree.insert(key);
        }
        let (found, walked) = tree.range(42, 81);
        assert_eq!(found, vec![45, 50, 55, 60, 65, 70, 75, 80]);
        assert!(walked.len() >= 3);
        assert!((0.5..=1.0).contains(&tree.fill_factor()));
    }
}
