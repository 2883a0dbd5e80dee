//! State -> markup, shared by the static figure and the live widget.
//!
//! Replicas stand in a row, linked to every replica they can reach; a cut-off replica is dashed.
//! Each box shows the chosen type's state in full (the vector, the tags, the timestamp) and its
//! value, so a merge can be followed entry by entry.

use std::collections::BTreeSet;

use kit::controls::{push_button, push_choice};
use kit::markup::push_escaped;
use kit::num::{push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::cluster::{letter, Cluster, Replica, MAX_REPLICAS};
use crate::config::Kind;
use crate::types::{Item, ITEMS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub cluster: &'a Cluster,
    pub kind: Kind,
    /// The item the set buttons add and remove.
    pub item: Item,
    pub can_undo: bool,
}

const WIDTH: f64 = 640.0;
const BOX_WIDTH: f64 = 140.0;
const BOX_HEIGHT: f64 = 96.0;
const TOP: f64 = 70.0;

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(10_000);
    out.push_str("<div class=\"crdt\"><div class=\"widget-controls\">");
    let kinds: Vec<(&str, &str)> = Kind::ALL.iter().map(|kind| (kind.key(), kind.label())).collect();
    push_choice(&mut out, "type", "Type", &kinds, scene.kind.key(), disabled);
    let counts: Vec<String> = (2..=MAX_REPLICAS).map(|count| uint(count as u64)).collect();
    let options: Vec<(&str, &str)> = counts.iter().map(|count| (count.as_str(), count.as_str())).collect();
    push_choice(&mut out, "replicas", "Replicas", &options, &uint(scene.cluster.replicas.len() as u64), disabled);
    if scene.kind.is_set() {
        let items: Vec<(String, &str)> =
            ITEMS.iter().enumerate().map(|(index, name)| (uint(index as u64), *name)).collect();
        let options: Vec<(&str, &str)> = items.iter().map(|(value, name)| (value.as_str(), *name)).collect();
        push_choice(&mut out, "item", "Item", &options, &uint(u64::from(scene.item)), disabled);
    }
    out.push_str("</div><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(scene.cluster, scene.kind));
    out.push_str("</div><div data-part=\"buttons\">");
    out.push_str(&buttons(scene, disabled));
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene.cluster, scene.kind));
    out.push_str("</div></div>");
    out
}

/// The per-replica buttons and the network's; they depend on the type and on who is cut off.
pub fn buttons(scene: &Scene, disabled: bool) -> String {
    let mut out = String::new();
    for (r, replica) in scene.cluster.replicas.iter().enumerate() {
        out.push_str("<div class=\"widget-controls\" role=\"group\" aria-label=\"Replica ");
        out.push(letter(r));
        out.push_str("\">");
        let button = |out: &mut String, action: &str, label: &str| {
            let mut key = String::from(action);
            key.push('-');
            push_uint(&mut key, r as u64);
            let mut text = String::new();
            text.push(letter(r));
            text.push(' ');
            text.push_str(label);
            push_button(out, &key, &text, disabled);
        };
        match scene.kind {
            Kind::GCounter => button(&mut out, "inc", "+1"),
            Kind::PnCounter => {
                button(&mut out, "inc", "+1");
                button(&mut out, "dec", "−1");
            }
            Kind::OrSet | Kind::LwwRegister => {
                let item = ITEMS[scene.item as usize];
                button(&mut out, "add", &format!("adds {item}"));
                button(&mut out, "remove", &format!("removes {item}"));
            }
        }
        let mut key = String::from("toggle-");
        push_uint(&mut key, r as u64);
        let mut label = String::from(if replica.isolated { "Reconnect " } else { "Cut off " });
        label.push(letter(r));
        push_button(&mut out, &key, &label, disabled);
        out.push_str("</div>");
    }
    out.push_str("<div class=\"widget-controls\">");
    push_button(&mut out, "sync", "Sync connected replicas", disabled);
    push_button(&mut out, "heal", "Heal and sync", disabled);
    push_button(&mut out, "undo", "Undo", disabled || !scene.can_undo);
    push_button(&mut out, "reset", "Reset", disabled);
    out.push_str("</div>");
    out
}

fn items(set: &BTreeSet<Item>) -> String {
    let names: Vec<&str> = set.iter().map(|&item| ITEMS[item as usize]).collect();
    let mut text = String::from("{");
    text.push_str(&names.join(", "));
    text.push('}');
    text
}

fn vector(counts: &[u32]) -> String {
    let mut text = String::from("[");
    for (index, count) in counts.iter().enumerate() {
        if index > 0 {
            text.push(' ');
        }
        text.push(letter(index));
        text.push(':');
        push_uint(&mut text, u64::from(*count));
    }
    text.push(']');
    text
}

/// The state of one replica as lines for its box, value last.
pub fn state_lines(replica: &Replica, kind: Kind) -> Vec<String> {
    match kind {
        Kind::GCounter => vec![vector(&replica.g.0), format!("value {}", replica.g.value())],
        Kind::PnCounter => vec![
            format!("P {}", vector(&replica.pn.increments.0)),
            format!("N {}", vector(&replica.pn.decrements.0)),
            format!("value {}", replica.pn.value()),
        ],
        Kind::OrSet => {
            let mut lines: Vec<String> = (0..ITEMS.len() as Item)
                .filter_map(|item| {
                    let tags: Vec<String> =
                        replica.set.live_tags(item).map(|(r, n)| format!("{}{n}", letter(r as usize))).collect();
                    (!tags.is_empty()).then(|| format!("{} ({})", ITEMS[item as usize], tags.join(" ")))
                })
                .collect();
            let removed: Vec<String> =
                replica.set.removed.iter().map(|&(r, n)| format!("{}{n}", letter(r as usize))).collect();
            let tombstones = if removed.is_empty() {
                "removed tags: none".to_string()
            } else {
                format!("removed tags: {}", removed.join(" "))
            };
            lines.push(tombstones);
            lines.push(format!("value {}", items(&replica.set.value())));
            lines
        }
        Kind::LwwRegister => {
            let (time, writer) = replica.register.stamp;
            let stamp = if time == 0 {
                "never written".to_string()
            } else {
                format!("written at ({time}, {})", letter(writer as usize))
            };
            vec![stamp, format!("value {}", items(&replica.register.value))]
        }
    }
}

fn x_of(cluster: &Cluster, r: usize) -> f64 {
    WIDTH * (r as f64 + 0.5) / cluster.replicas.len() as f64
}

pub fn diagram(cluster: &Cluster, kind: Kind) -> String {
    let mut out = String::with_capacity(6_000);
    let height = TOP + BOX_HEIGHT + 10.0;
    let mut view_box = String::from("0 0 640 ");
    push_uint(&mut view_box, height as u64);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "Replicas and their links")
        .body();
    // Links arc above the row, one per pair of replicas that can reach each other.
    let count = cluster.replicas.len();
    for a in 0..count {
        for b in a + 1..count {
            let cut = cluster.replicas[a].isolated || cluster.replicas[b].isolated;
            let (xa, xb) = (x_of(cluster, a), x_of(cluster, b));
            let lift = 14.0 + 14.0 * (b - a) as f64;
            let mut path = String::new();
            for (index, value) in [xa, TOP, (xa + xb) / 2.0, TOP - 2.0 * lift, xb, TOP].iter().enumerate() {
                path.push_str(match index {
                    0 => "M",
                    2 => " Q",
                    _ => " ",
                });
                kit::num::push_fixed(&mut path, *value, 1);
            }
            Tag::open(&mut out, "path").attr("class", if cut { "link cut" } else { "link" }).attr("d", &path).close();
        }
    }
    for (r, replica) in cluster.replicas.iter().enumerate() {
        let x = x_of(cluster, r);
        Tag::open(&mut out, "g").attr("class", if replica.isolated { "replica isolated" } else { "replica" }).body();
        Tag::open(&mut out, "rect")
            .num("x", x - BOX_WIDTH / 2.0)
            .num("y", TOP)
            .num("width", BOX_WIDTH)
            .num("height", BOX_HEIGHT)
            .num("rx", 6.0)
            .close();
        let mut title = String::new();
        title.push(letter(r));
        if replica.isolated {
            title.push_str(" (cut off)");
        }
        Tag::open(&mut out, "text").attr("class", "name").num("x", x).num("y", TOP + 16.0).text(&title);
        for (line, text) in state_lines(replica, kind).iter().enumerate() {
            Tag::open(&mut out, "text").num("x", x).num("y", TOP + 34.0 + 15.0 * line as f64).text(text);
        }
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

pub fn readout(cluster: &Cluster, kind: Kind) -> String {
    let mut out = String::with_capacity(1_500);
    out.push_str("<p>");
    out.push_str(kind.label());
    out.push_str(": ");
    for (r, replica) in cluster.replicas.iter().enumerate() {
        if r > 0 {
            out.push_str("; ");
        }
        out.push(letter(r));
        out.push(' ');
        let lines = state_lines(replica, kind);
        push_escaped(&mut out, lines.last().map_or("", String::as_str));
    }
    out.push_str(". ");
    out.push_str(if cluster.converged() {
        "All replicas agree."
    } else {
        "The replicas differ; a sync merges those that can reach each other."
    });
    out.push_str("</p>");
    if let Some(sync) = &cluster.last_sync {
        out.push_str("<p>Last sync: ");
        if sync.merged.is_empty() {
            out.push_str("no two replicas could reach each other.");
        } else {
            out.push_str("merged ");
            push_letters(&mut out, &sync.merged);
            out.push_str(match kind {
                Kind::GCounter | Kind::PnCounter => " by the maximum of each entry",
                Kind::OrSet => " by the union of the tags and of the tombstones",
                Kind::LwwRegister => " by keeping the write with the later timestamp",
            });
            if sync.changed.is_empty() {
                out.push_str("; nothing changed.");
            } else {
                out.push_str("; changed ");
                push_letters(&mut out, &sync.changed);
                out.push('.');
            }
        }
        out.push_str("</p>");
    }
    if kind.is_set() {
        push_contrast(&mut out, cluster, kind);
    }
    out
}

fn push_letters(out: &mut String, replicas: &[usize]) {
    for (index, &r) in replicas.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push(letter(r));
    }
}

/// Where the OR-Set and the register, given the same operations, disagree.
fn push_contrast(out: &mut String, cluster: &Cluster, kind: Kind) {
    // Converged replicas would all say the same: say it once, for the first.
    let differing: Vec<usize> = (0..cluster.replicas.len())
        .filter(|&r| cluster.replicas[r].set.value() != cluster.replicas[r].register.value)
        .take(if cluster.converged() { 1 } else { MAX_REPLICAS })
        .collect();
    out.push_str("<p data-part=\"contrast\">");
    if differing.is_empty() {
        out.push_str("The OR-Set and the LWW register, given the same operations, hold the same items.");
    } else {
        for &r in &differing {
            let replica = &cluster.replicas[r];
            let (set, register) = (replica.set.value(), replica.register.value.clone());
            let (other, shown) = match kind {
                Kind::LwwRegister => ("the OR-Set", &set),
                _ => ("the LWW register", &register),
            };
            if cluster.converged() {
                out.push_str("On every replica, ");
            } else {
                out.push_str("At ");
                out.push(letter(r));
                out.push_str(", ");
            }
            out.push_str(other);
            out.push_str(" given the same operations holds ");
            push_escaped(out, &items(shown));
            let lost: BTreeSet<Item> = set.difference(&register).copied().collect();
            if !lost.is_empty() {
                out.push_str(": the register lost ");
                push_escaped(out, &items(&lost));
            }
            out.push_str(". ");
        }
    }
    out.push_str("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::parse;
    use crate::config::build;

    fn text(kind: Kind, ops: &str, replicas: usize) -> String {
        let cluster = build(replicas, &parse(ops, replicas).unwrap());
        render(&Scene { cluster: &cluster, kind, item: 0, can_undo: true }, Look::Live)
    }

    #[test]
    fn merges_read_as_text() {
        let html = text(Kind::GCounter, "A +1; A +1; isolate C; B +1; sync", 3);
        assert!(html.contains("G-Counter: A value 3; B value 3; C value 0."), "{html}");
        assert!(html.contains("merged A, B by the maximum of each entry; changed A, B."), "{html}");
        let html = text(Kind::OrSet, "isolate B; A add milk; B add eggs; heal", 2);
        assert!(html.contains("OR-Set: A value {milk, eggs}; B value {milk, eggs}. All replicas agree."), "{html}");
        assert!(
            html.contains(
                "On every replica, the LWW register given the same operations holds {eggs}: the register lost {milk}."
            ),
            "{html}"
        );
    }

    #[test]
    fn every_type_and_size_renders() {
        for kind in Kind::ALL {
            for replicas in 2..=MAX_REPLICAS {
                let html = text(kind, "A +1; B -1; A add milk; B remove milk; isolate A; sync; heal", replicas);
                assert!(html.contains("All replicas agree."), "{html}");
            }
        }
    }
}
