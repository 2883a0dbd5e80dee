//! State -> markup, shared by the static figure and the live widget.
//!
//! Colour is never the only cue: every node is also named by number in the chart and the
//! readout, and moved keys are drawn larger with an outline as well as in their new colour.

use kit::chart::{bar_chart, nice_scale, Axis, Bar};
use kit::controls::{push_button, push_choice, push_seed, push_slider, Slider};
use kit::num::{push_count, push_fixed, push_percent, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::model::{Change, Load, Placement, Scheme, MAX_NODES, MAX_VNODES};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// What the widget shows: a placement of `keys` keys and, after a join or a leave, what moved.
pub struct Scene<'a> {
    pub placement: &'a Placement,
    pub keys: u32,
    pub change: Option<&'a Change>,
}

/// Key counts the key control offers (an author's other value is added to them).
pub const KEY_CHOICES: &[u32] = &[100, 300, 1000, 3000, 10_000, 30_000, 100_000];

/// Keys drawn as dots on the ring: the first ones, enough to show the pattern.
pub const DRAWN_KEYS: u32 = 500;
/// Token ticks are drawn up to this many tokens; beyond it they would merge into a band.
const DRAWN_TOKENS: usize = 200;

const SIZE: f64 = 300.0;
const CENTRE: f64 = SIZE / 2.0;
const RING: f64 = 118.0;

pub fn render(scene: &Scene, mode: Mode) -> String {
    let mut out = String::with_capacity(40_000);
    out.push_str("<div class=\"consistent-hashing\"><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&visual(scene));
    out.push_str("</div>");
    push_controls(&mut out, scene, mode);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene));
    out.push_str("</div></div>");
    out
}

/// The ring and the load chart.
pub fn visual(scene: &Scene) -> String {
    let owners = scene.placement.owners(scene.keys);
    let load = Load::of(&owners, scene.placement.nodes());
    let mut out = String::with_capacity(40_000);
    push_ring(&mut out, scene, &owners);
    push_load_chart(&mut out, &load);
    out
}

fn node_class(node: u8) -> String {
    let mut class = String::from("n");
    push_uint(&mut class, u64::from(node));
    class
}

/// Where a hash sits: clockwise from the top, at `radius`.
fn point(hash: u64, radius: f64) -> (f64, f64) {
    let (sin, cos) = kit::math::sin_cos(core::f64::consts::TAU * (hash as f64 / 18_446_744_073_709_551_616.0));
    (CENTRE + radius * sin, CENTRE - radius * cos)
}

fn push_point(out: &mut String, (x, y): (f64, f64)) {
    push_fixed(out, x, 1);
    out.push(' ');
    push_fixed(out, y, 1);
}

fn push_ring(out: &mut String, scene: &Scene, owners: &[u8]) {
    let placement = scene.placement;
    let mut label = String::from("Hash ring: ");
    push_uint(&mut label, u64::from(scene.keys.min(DRAWN_KEYS)));
    label.push_str(" keys as dots coloured by owner");
    if placement.scheme().uses_ring() {
        label.push_str(", and the arcs each node's tokens own");
    }
    Tag::open(out, "svg")
        .attr("class", "ring")
        .attr("viewBox", "0 0 300 300")
        .attr("role", "img")
        .attr("aria-label", &label)
        .body();
    Tag::open(out, "circle").attr("class", "track").num("cx", CENTRE).num("cy", CENTRE).num("r", RING).close();
    if placement.scheme().uses_ring() {
        push_arcs(out, placement.tokens());
        if placement.tokens().len() <= DRAWN_TOKENS {
            push_tokens(out, placement);
        }
    }
    for key in 0..scene.keys.min(DRAWN_KEYS) {
        let hash = crate::model::key_hash(placement.seed(), key);
        let moved = scene.change.is_some_and(|change| change.moved.get(key as usize).copied().unwrap_or(false));
        // Four radii so neighbouring keys do not hide each other.
        let radius = RING - 16.0 - 7.0 * f64::from(key % 4);
        let (x, y) = point(hash, radius);
        let mut class = node_class(owners[key as usize]);
        class.push_str(if moved { " key moved" } else { " key" });
        Tag::open(out, "circle")
            .attr("class", &class)
            .num("cx", x)
            .num("cy", y)
            .num("r", if moved { 4.0 } else { 2.5 })
            .close();
    }
    end_tag(out, "svg");
}

/// The ring's ownership: each run of consecutive tokens with the same owner is one arc, ending
/// at the run's last token (a token owns the keys before it, back to the previous token).
fn push_arcs(out: &mut String, tokens: &[(u64, u8)]) {
    let Some(&(last_position, _)) = tokens.last() else { return };
    let mut paths: Vec<String> = vec![String::new(); usize::from(MAX_NODES as u8)];
    let mut start = last_position;
    for (index, &(position, owner)) in tokens.iter().enumerate() {
        let next_owner = tokens.get(index + 1).map(|&(_, next)| next);
        if next_owner == Some(owner) {
            continue;
        }
        push_arc(&mut paths[usize::from(owner)], start, position, tokens.len() == 1);
        start = position;
    }
    for (owner, path) in paths.iter().enumerate().filter(|(_, path)| !path.is_empty()) {
        let mut class = node_class(owner as u8);
        class.push_str(" arc");
        Tag::open(out, "path").attr("class", &class).attr("d", path).close();
    }
}

fn push_arc(path: &mut String, from: u64, to: u64, whole: bool) {
    if whole {
        // One token owns the whole ring: two half circles.
        for (start, end) in [(0u64, 1u64 << 63), (1u64 << 63, 0)] {
            push_arc(path, start, end, false);
        }
        return;
    }
    let span = to.wrapping_sub(from);
    path.push('M');
    push_point(path, point(from, RING));
    path.push_str("A118 118 0 ");
    path.push_str(if span > 1 << 63 { "1" } else { "0" });
    path.push_str(" 1 ");
    push_point(path, point(to, RING));
}

fn push_tokens(out: &mut String, placement: &Placement) {
    let one_each = placement.scheme() == Scheme::Ring;
    for &(position, owner) in placement.tokens() {
        let (inner, outer) = (point(position, RING - 9.0), point(position, RING + 9.0));
        let mut class = node_class(owner);
        class.push_str(" token");
        Tag::open(out, "line")
            .attr("class", &class)
            .num("x1", inner.0)
            .num("y1", inner.1)
            .num("x2", outer.0)
            .num("y2", outer.1)
            .close();
        if one_each {
            let (x, y) = point(position, RING + 20.0);
            Tag::open(out, "text")
                .attr("class", "token-label")
                .num("x", x)
                .num("y", y + 4.0)
                .text(&uint(u64::from(owner) + 1));
        }
    }
}

fn push_load_chart(out: &mut String, load: &Load) {
    let labels: Vec<String> = (1..=load.per_node.len() as u64).map(uint).collect();
    let classes: Vec<String> = (0..load.per_node.len()).map(|node| node_class(node as u8)).collect();
    let bars: Vec<Bar> = load
        .per_node
        .iter()
        .enumerate()
        .map(|(node, &count)| Bar { label: &labels[node], value: f64::from(count), class: &classes[node] })
        .collect();
    let (max, ticks) = nice_scale(f64::from(load.max).max(load.mean * 1.2));
    let axis = Axis { label: "keys per node", max, ticks, percent: false };
    bar_chart(out, "Keys per node, with the mean", &axis, &bars, Some((load.mean, "mean")));
}

fn push_controls(out: &mut String, scene: &Scene, mode: Mode) {
    let disabled = mode == Mode::Static;
    let placement = scene.placement;
    out.push_str("<div class=\"widget-controls\">");
    let schemes: Vec<(&str, &str)> = Scheme::ALL.iter().map(|scheme| (scheme.key(), scheme.label())).collect();
    push_choice(out, "scheme", "Scheme", &schemes, placement.scheme().key(), disabled);
    let mut key_values: Vec<u32> = KEY_CHOICES.to_vec();
    if !key_values.contains(&scene.keys) {
        key_values.push(scene.keys);
        key_values.sort_unstable();
    }
    let key_texts: Vec<String> = key_values.iter().map(|&keys| uint(u64::from(keys))).collect();
    let key_options: Vec<(&str, &str)> = key_texts.iter().map(|text| (text.as_str(), text.as_str())).collect();
    push_choice(out, "keys", "Keys", &key_options, &uint(u64::from(scene.keys)), disabled);
    push_seed(out, placement.seed() as u32, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    push_slider(
        out,
        &Slider { key: "nodes", label: "Nodes N", min: 1, max: MAX_NODES, step: 1, value: placement.nodes() },
        disabled,
    );
    push_slider(
        out,
        &Slider { key: "vnodes", label: "Virtual nodes", min: 1, max: MAX_VNODES, step: 1, value: placement.vnodes() },
        disabled || placement.scheme() != Scheme::VirtualNodes,
    );
    push_button(out, "join", "Add node", disabled || placement.nodes() >= MAX_NODES);
    push_button(out, "leave", "Remove node", disabled || placement.nodes() <= 1);
    out.push_str("</div>");
}

/// The figures as text: the `aria-live` readout.
pub fn readout(scene: &Scene) -> String {
    let placement = scene.placement;
    let load = Load::of(&placement.owners(scene.keys), placement.nodes());
    let mut out = String::with_capacity(800);
    out.push_str("<p><strong>");
    // Labels are ASCII; a sentence starts with a capital.
    let mut label = String::from(placement.scheme().label());
    label[..1].make_ascii_uppercase();
    out.push_str(&label);
    out.push_str("</strong>");
    if placement.scheme() == Scheme::VirtualNodes {
        out.push_str(" (");
        push_uint(&mut out, u64::from(placement.vnodes()));
        out.push_str(" per node)");
    }
    out.push_str(": ");
    push_uint(&mut out, u64::from(scene.keys));
    out.push_str(" keys on ");
    push_count(&mut out, u64::from(placement.nodes()), "node", "nodes");
    out.push_str(". The busiest, node ");
    push_uint(&mut out, u64::from(load.busiest) + 1);
    out.push_str(", holds ");
    push_uint(&mut out, u64::from(load.max));
    out.push_str(" keys: ");
    push_fixed(&mut out, load.peak_to_mean(), 2);
    out.push_str("× the mean of ");
    push_fixed(&mut out, load.mean, 1);
    out.push_str(". Coefficient of variation ");
    push_fixed(&mut out, load.coefficient_of_variation, 3);
    out.push_str(".</p>");
    if let Some(change) = scene.change {
        push_change(&mut out, change);
    }
    out
}

fn push_change(out: &mut String, change: &Change) {
    let joined = change.to_nodes > change.from_nodes;
    out.push_str("<p>");
    out.push_str(if joined { "Adding node " } else { "Removing node " });
    push_uint(out, u64::from(change.from_nodes.max(change.to_nodes)));
    out.push_str(" moved <strong>");
    push_uint(out, u64::from(change.moved_count()));
    out.push_str(" of ");
    push_uint(out, change.moved.len() as u64);
    out.push_str(" keys (");
    push_percent(out, change.moved_fraction(), 1);
    out.push_str(")</strong>; the ideal is 1/");
    push_uint(out, u64::from(change.from_nodes.max(change.to_nodes)));
    out.push_str(" (");
    push_percent(out, change.ideal_fraction(), 1);
    out.push_str("). ");
    if change.moved_between_others == 0 {
        out.push_str(if joined {
            "Every moved key went to the new node."
        } else {
            "Only the departing node's keys moved."
        });
    } else {
        push_uint(out, u64::from(change.moved_between_others));
        out.push_str(" of them moved between nodes that were there before and after.");
    }
    out.push_str("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn the_readout_reports_load_and_moves() {
        let before = Placement::new(Scheme::ModN, 2, 1, 1);
        let after = before.with_nodes(3);
        let change = Change::between(&before, &after, 1000);
        let text = text_of(&readout(&Scene { placement: &after, keys: 1000, change: Some(&change) }));
        assert!(text.starts_with("Hash mod N: 1000 keys on 3 nodes. The busiest, node "), "{text}");
        assert!(text.contains("Adding node 3 moved "), "{text}");
        assert!(text.contains("the ideal is 1/3 (33.3%)"), "{text}");
        assert!(text.contains("of them moved between nodes that were there before and after."), "{text}");
    }

    #[test]
    fn draws_arcs_tokens_and_at_most_the_drawn_keys() {
        let placement = Placement::new(Scheme::Ring, 4, 1, 2);
        let html = render(&Scene { placement: &placement, keys: 3000, change: None }, Mode::Static);
        assert_eq!(html.matches(" key\"").count(), DRAWN_KEYS as usize);
        assert_eq!(html.matches(" token\"").count(), 4);
        assert_eq!(html.matches(" arc\"").count(), 4);
        assert!(html.contains("disabled"));
        let single = Placement::new(Scheme::Ring, 1, 1, 2);
        let html = visual(&Scene { placement: &single, keys: 100, change: None });
        assert_eq!(html.matches(" arc\"").count(), 1);
    }
}
