//! State -> markup, shared by the static figure and the live widget.
//!
//! The tree is drawn level by level: leaves spread evenly along the bottom, each parent centred
//! over its children. The last operation's root-to-leaf path is outlined, the nodes it split,
//! merged or borrowed into are filled, and a range scan marks the leaves it walked; the text
//! says the same in words.

use kit::controls::push_button;
use kit::markup::push_escaped;
use kit::num::{push_percent, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::tree::{Change, Node, NodeId, Tree};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// What the last operation was and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Last {
    #[default]
    Nothing,
    Inserted {
        key: u32,
        added: bool,
        changes: Vec<Change>,
        path: Vec<NodeId>,
    },
    Deleted {
        key: u32,
        removed: bool,
        changes: Vec<Change>,
        path: Vec<NodeId>,
    },
    Searched {
        key: u32,
        found: bool,
        path: Vec<NodeId>,
    },
    Scanned {
        low: u32,
        high: u32,
        keys: Vec<u32>,
        leaves: Vec<NodeId>,
    },
    AddedRandom {
        count: u32,
    },
}

const SLOT: f64 = 20.0;
const LEVEL: f64 = 58.0;
const GAP: f64 = 10.0;

pub fn render(tree: &Tree, last: &Last, mode: Mode) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"btree\"><div class=\"widget-visual\" data-part=\"tree\">");
    out.push_str(&drawing(tree, last));
    out.push_str("</div><div class=\"widget-controls\">");
    push_number(&mut out, "key", "Key", 42, disabled);
    for (action, label) in [("insert", "Insert"), ("delete", "Delete"), ("search", "Search")] {
        push_button(&mut out, action, label, disabled);
    }
    out.push_str("</div><div class=\"widget-controls\">");
    push_number(&mut out, "low", "Scan from", 20, disabled);
    push_number(&mut out, "high", "to", 60, disabled);
    push_button(&mut out, "scan", "Scan", disabled);
    push_button(&mut out, "random", "Insert 10 random", disabled);
    push_button(&mut out, "reset", "Reset", disabled);
    let orders: Vec<String> =
        (crate::tree::MIN_ORDER..=crate::tree::MAX_ORDER).map(|order| uint(order as u64)).collect();
    let options: Vec<(&str, &str)> = orders.iter().map(|order| (order.as_str(), order.as_str())).collect();
    kit::controls::push_choice(&mut out, "order", "Order", &options, &uint(tree.order() as u64), disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(tree, last));
    out.push_str("</div></div>");
    out
}

fn push_number(out: &mut String, key: &str, label: &str, value: u32, disabled: bool) {
    out.push_str("<label class=\"slider\"><span class=\"slider-label\">");
    push_escaped(out, label);
    out.push_str("</span>");
    Tag::open(out, "input")
        .attr("type", "number")
        .attr("min", "0")
        .attr("max", "9999")
        .attr("step", "1")
        .attr("value", &uint(u64::from(value)))
        .attr("data-control", key)
        .flag("disabled", disabled)
        .body();
    out.push_str("</label>");
}

/// Each node's centre x and width, by node id.
type Placed = std::collections::BTreeMap<NodeId, (f64, f64)>;

/// The levels, where each node goes, and the drawing's width.
fn layout(tree: &Tree) -> (Vec<Vec<NodeId>>, Placed, f64) {
    let levels = tree.levels();
    let node_width = (tree.order() - 1) as f64 * SLOT + 6.0;
    let mut placed = std::collections::BTreeMap::new();
    let mut x = GAP;
    for &leaf in levels.last().into_iter().flatten() {
        placed.insert(leaf, (x + node_width / 2.0, node_width));
        x += node_width + GAP;
    }
    for level in levels.iter().rev().skip(1) {
        for &id in level {
            if let Node::Internal { children, .. } = tree.node(id) {
                let first = placed.get(&children[0]).map_or(0.0, |&(x, _)| x);
                let last = placed.get(children.last().unwrap_or(&children[0])).map_or(0.0, |&(x, _)| x);
                placed.insert(id, ((first + last) / 2.0, node_width));
            }
        }
    }
    (levels, placed, x.max(300.0))
}

pub fn drawing(tree: &Tree, last: &Last) -> String {
    let (levels, placed, width) = layout(tree);
    let height = LEVEL * levels.len() as f64 + 10.0;
    let (path, changed, scanned) = marks(last);
    let mut out = String::with_capacity(12_000);
    let mut view_box = String::from("0 0 ");
    push_uint(&mut view_box, width.ceil() as u64);
    view_box.push(' ');
    push_uint(&mut view_box, height.ceil() as u64);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "The B+tree level by level, with the last operation's path marked")
        .body();
    for (depth, level) in levels.iter().enumerate() {
        let y = 8.0 + LEVEL * depth as f64;
        for &id in level {
            let Some(&(x, node_width)) = placed.get(&id) else { continue };
            if let Node::Internal { children, .. } = tree.node(id) {
                for child in children {
                    if let Some(&(child_x, _)) = placed.get(child) {
                        Tag::open(&mut out, "line")
                            .attr(
                                "class",
                                if path.contains(child) && path.contains(&id) { "edge on-path" } else { "edge" },
                            )
                            .num("x1", x)
                            .num("y1", y + 22.0)
                            .num("x2", child_x)
                            .num("y2", y + LEVEL)
                            .close();
                    }
                }
            }
            push_node(
                &mut out,
                tree,
                id,
                (x - node_width / 2.0, y),
                [path.contains(&id), changed.contains(&id), scanned.contains(&id)],
            );
        }
    }
    // The leaf chain.
    let leaves = levels.last().cloned().unwrap_or_default();
    let y = 8.0 + LEVEL * (levels.len() - 1) as f64 + 11.0;
    for pair in leaves.windows(2) {
        if let (Some(&(a, wa)), Some(&(b, wb))) = (placed.get(&pair[0]), placed.get(&pair[1])) {
            Tag::open(&mut out, "line")
                .attr("class", "chain")
                .num("x1", a + wa / 2.0)
                .num("y1", y)
                .num("x2", b - wb / 2.0)
                .num("y2", y)
                .close();
        }
    }
    end_tag(&mut out, "svg");
    out
}

fn push_node(
    out: &mut String,
    tree: &Tree,
    id: NodeId,
    (left, top): (f64, f64),
    [on_path, changed, scanned]: [bool; 3],
) {
    let node = tree.node(id);
    let mut class = String::from(if matches!(node, Node::Leaf { .. }) { "node leaf" } else { "node internal" });
    for (flag, name) in [(on_path, " on-path"), (changed, " changed"), (scanned, " scanned")] {
        if flag {
            class.push_str(name);
        }
    }
    Tag::open(out, "g").attr("class", &class).body();
    let slots = tree.order() - 1;
    Tag::open(out, "rect")
        .attr("class", "frame")
        .num("x", left)
        .num("y", top)
        .num("width", slots as f64 * SLOT + 6.0)
        .num("height", 22.0)
        .attr("rx", "3")
        .close();
    for (slot, key) in node.keys().iter().enumerate() {
        let x = left + 3.0 + SLOT * slot as f64;
        Tag::open(out, "rect")
            .attr("class", "slot")
            .num("x", x)
            .num("y", top + 3.0)
            .num("width", SLOT - 2.0)
            .num("height", 16.0)
            .close();
        Tag::open(out, "text").num("x", x + (SLOT - 2.0) / 2.0).num("y", top + 15.0).text(&uint(u64::from(*key)));
    }
    end_tag(out, "g");
}

/// The nodes to outline (path), fill (changed) and mark (scanned).
fn marks(last: &Last) -> (Vec<NodeId>, Vec<NodeId>, Vec<NodeId>) {
    let changed = |changes: &[Change]| -> Vec<NodeId> {
        changes
            .iter()
            .flat_map(|change| match *change {
                Change::LeafSplit { left, right, .. } | Change::InternalSplit { left, right, .. } => vec![left, right],
                Change::NewRoot { root } | Change::RootCollapsed { root } => vec![root],
                Change::Borrowed { node, from } => vec![node, from],
                Change::Merged { into, .. } => vec![into],
            })
            .collect()
    };
    match last {
        Last::Inserted { changes, path, .. } | Last::Deleted { changes, path, .. } => {
            (path.clone(), changed(changes), Vec::new())
        }
        Last::Searched { path, .. } => (path.clone(), Vec::new(), Vec::new()),
        Last::Scanned { leaves, .. } => (Vec::new(), Vec::new(), leaves.clone()),
        Last::Nothing | Last::AddedRandom { .. } => (Vec::new(), Vec::new(), Vec::new()),
    }
}

pub fn readout(tree: &Tree, last: &Last) -> String {
    let mut out = String::with_capacity(600);
    out.push_str("<p>");
    match last {
        Last::Nothing => out.push_str("Insert, delete or search a key, or scan a range."),
        Last::AddedRandom { count } => {
            out.push_str("Inserted ");
            push_uint(&mut out, u64::from(*count));
            out.push_str(" of 10 random keys");
            out.push_str(if *count < 10 { "; the others were already in the tree." } else { "." });
        }
        Last::Searched { key, found, path } => {
            out.push_str("Search ");
            push_uint(&mut out, u64::from(*key));
            out.push_str(if *found { ": found, after visiting " } else { ": not in the tree; visited " });
            push_visits(&mut out, path.len());
        }
        Last::Inserted { key, added, changes, path } => {
            out.push_str("Insert ");
            push_uint(&mut out, u64::from(*key));
            if *added {
                out.push_str(": reached its leaf after ");
                push_visits(&mut out, path.len());
                push_changes(&mut out, changes);
            } else {
                out.push_str(": already in the tree, nothing changed.");
            }
        }
        Last::Deleted { key, removed, changes, path } => {
            out.push_str("Delete ");
            push_uint(&mut out, u64::from(*key));
            if *removed {
                out.push_str(": removed from its leaf after ");
                push_visits(&mut out, path.len());
                push_changes(&mut out, changes);
            } else {
                out.push_str(": not in the tree, nothing changed.");
            }
        }
        Last::Scanned { low, high, keys, leaves } => {
            out.push_str("Scan ");
            push_uint(&mut out, u64::from(*low));
            out.push('–');
            push_uint(&mut out, u64::from(*high));
            out.push_str(": ");
            kit::num::push_count(&mut out, keys.len() as u64, "key", "keys");
            out.push_str(" found by walking ");
            kit::num::push_count(&mut out, leaves.len() as u64, "leaf", "leaves");
            out.push_str(" along the chain.");
        }
    }
    out.push_str("</p><p>Order ");
    push_uint(&mut out, tree.order() as u64);
    out.push_str(": height ");
    push_uint(&mut out, tree.height() as u64);
    out.push_str(", ");
    kit::num::push_count(&mut out, tree.node_count() as u64, "node", "nodes");
    out.push_str(", ");
    kit::num::push_count(&mut out, tree.keys().len() as u64, "key", "keys");
    out.push_str(", fill factor ");
    push_percent(&mut out, tree.fill_factor(), 0);
    out.push_str(" of key slots.</p>");
    out
}

fn push_visits(out: &mut String, nodes: usize) {
    kit::num::push_count(out, nodes as u64, "node", "nodes");
    out.push_str(" (one per level).");
}

fn push_changes(out: &mut String, changes: &[Change]) {
    if changes.is_empty() {
        out.push_str(" No node changed shape.");
        return;
    }
    for change in changes {
        out.push(' ');
        match *change {
            Change::LeafSplit { separator, .. } => {
                out.push_str("The leaf overflowed and split; ");
                push_uint(out, u64::from(separator));
                out.push_str(" was copied up as a separator.");
            }
            Change::InternalSplit { separator, .. } => {
                out.push_str("An internal node overflowed and split; ");
                push_uint(out, u64::from(separator));
                out.push_str(" moved up.");
            }
            Change::NewRoot { .. } => out.push_str("The root split: a new root, one level taller."),
            Change::Borrowed { .. } => out.push_str("A node fell below half full and borrowed from a sibling."),
            Change::Merged { .. } => out.push_str("A node fell below half full and merged with a sibling."),
            Change::RootCollapsed { .. } => {
                out.push_str("The root was left with one child, which became the root: one level shorter.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn describes_a_split_and_draws_every_node() {
        let mut tree = Tree::new(4);
        for key in [10, 20, 30] {
            tree.insert(key);
        }
        let trace = tree.insert(40);
        let last = Last::Inserted { key: 40, added: true, changes: trace.changes, path: trace.path };
        let text = text_of(&readout(&tree, &last));
        assert!(text.starts_with("Insert 40: reached its leaf after 1 node (one per level). The leaf overflowed and split; 30 was copied up"), "{text}");
        assert!(text.contains("Order 4: height 2, 3 nodes, 4 keys"), "{text}");
        let html = render(&tree, &last, Mode::Static);
        assert_eq!(html.matches("<g class=\"node").count(), 3);
        assert!(html.contains("changed"));
    }
}
