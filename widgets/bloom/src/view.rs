//! State -> markup, for the static figure and the live widget alike.
//!
//! Set bits are filled, clear bits hollow; the bits of the last insertion are outlined and
//! tagged, a query's probes are ringed, and a probe that found a 0 is marked with a cross, so no
//! state is told by colour alone.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::push_button;
use kit::markup::push_escaped;
use kit::num::{push_fixed, push_percent, push_uint};
use kit::svg::{end_tag, Tag};

use crate::model::{
    formula_false_positive, measured_false_positive, optimal_hashes, Filter, Query, MAX_BITS, MAX_HASHES, MIN_BITS,
};

/// Whether the markup is the inert figure in the page or the live widget.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// The reader's last action, which the grid highlights and the readout explains.
#[derive(Clone, Debug, Default)]
pub enum Last {
    #[default]
    Nothing,
    Inserted {
        word: String,
        bits: Vec<u32>,
    },
    Queried {
        word: String,
        query: Query,
    },
    AddedRandom {
        count: u32,
    },
}

/// The chart's data for one (m, k): the formula and seeded measurements against n.
pub struct Curve {
    pub formula: Vec<(f64, f64)>,
    pub measured: Vec<(f64, f64)>,
    /// The largest n measured.
    pub max_items: f64,
    /// Round axis ranges and their tick counts.
    pub items_axis: (f64, u32),
    pub rate_axis: (f64, u32),
}

/// Filters averaged per measured point, and queries asked of each.
const FILTERS: u32 = 150;
const QUERIES: u32 = 150;
const MEASURED_POINTS: u32 = 8;

impl Curve {
    /// The rates for n from 0 to about 2m/k items (or the current n, if larger).
    pub fn new(m: u32, k: u32, items: u32, seed: u64) -> Self {
        let max_items = (2 * m / k.max(1)).max(items).max(8);
        let formula = (0..=48).map(|step| {
            let n = max_items * step / 48;
            (f64::from(n), formula_false_positive(m, k, n))
        });
        let measured = (1..=MEASURED_POINTS).map(|step| {
            let n = max_items * step / MEASURED_POINTS;
            (f64::from(n), measured_false_positive(m, k, n, FILTERS, QUERIES, seed.wrapping_add(u64::from(step))))
        });
        let formula: Vec<(f64, f64)> = formula.collect();
        let measured: Vec<(f64, f64)> = measured.collect();
        let highest = formula.iter().chain(&measured).map(|&(_, rate)| rate).fold(0.0, f64::max);
        Curve {
            formula,
            measured,
            max_items: f64::from(max_items),
            items_axis: nice_scale(f64::from(max_items)),
            rate_axis: nice_scale(highest.max(0.01)),
        }
    }
}

/// The whole widget body.
/// `seed` picks the random words and the measured rates, and is shown so a view can be named.
pub fn render(filter: &Filter, last: &Last, curve: &Curve, seed: u64, mode: Mode) -> String {
    let mut out = String::with_capacity(12_000);
    out.push_str("<div class=\"bloom\"><div class=\"widget-visual\" data-part=\"grid\">");
    out.push_str(&grid(filter, last));
    out.push_str("</div>");
    push_controls(&mut out, filter, seed, mode);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(filter, last));
    out.push_str("</div><div class=\"widget-visual\" data-part=\"chart\">");
    out.push_str(&chart(filter, curve));
    out.push_str("</div></div>");
    out
}

/// The m bits, 16 or 32 to a row.
pub fn grid(filter: &Filter, last: &Last) -> String {
    let m = filter.bits();
    let columns = if m <= 64 { 16 } else { 32 };
    let rows = m.div_ceil(columns);
    let cell = 340.0 / f64::from(columns);
    let (inserted, probes, clear) = match last {
        Last::Inserted { bits, .. } => (bits.as_slice(), &[][..], None),
        Last::Queried { query, .. } => (&[][..], query.positions.as_slice(), query.first_clear),
        _ => (&[][..], &[][..], None),
    };
    let mut out = String::with_capacity(m as usize * 120);
    let height = f64::from(rows) * cell + 4.0;
    let mut view_box = String::from("0 0 344 ");
    push_fixed(&mut view_box, height, 1);
    let mut label = String::from("A Bloom filter of ");
    push_uint(&mut label, u64::from(m));
    label.push_str(" bits, ");
    push_uint(&mut label, u64::from(filter.bits_set()));
    label.push_str(" of them set");
    Tag::open(&mut out, "svg").attr("viewBox", &view_box).attr("role", "img").attr("aria-label", &label).body();
    for bit in 0..m {
        let x = 2.0 + f64::from(bit % columns) * cell;
        let y = 2.0 + f64::from(bit / columns) * cell;
        let mut class = String::from(if filter.is_set(bit) { "bit set" } else { "bit" });
        if inserted.contains(&bit) {
            class.push_str(" inserted");
        }
        if probes.contains(&bit) {
            class.push_str(" probed");
        }
        Tag::open(&mut out, "rect")
            .attr("class", &class)
            .num("x", x + 1.0)
            .num("y", y + 1.0)
            .num("width", cell - 2.0)
            .num("height", cell - 2.0)
            .num("rx", 2.0)
            .close();
        if probes.contains(&bit) {
            Tag::open(&mut out, "circle")
                .attr("class", "probe")
                .num("cx", x + cell / 2.0)
                .num("cy", y + cell / 2.0)
                .num("r", cell * 0.32)
                .close();
        }
        if clear == Some(bit) {
            let d = cell * 0.3;
            let (cx, cy) = (x + cell / 2.0, y + cell / 2.0);
            let mut path = String::from("M");
            for (index, (px, py)) in
                [(cx - d, cy - d), (cx + d, cy + d), (cx - d, cy + d), (cx + d, cy - d)].into_iter().enumerate()
            {
                if index == 2 {
                    path.push('M');
                } else if index > 0 {
                    path.push('L');
                }
                push_fixed(&mut path, px, 1);
                path.push(' ');
                push_fixed(&mut path, py, 1);
            }
            Tag::open(&mut out, "path").attr("class", "clear-mark").attr("d", &path).close();
        }
    }
    end_tag(&mut out, "svg");
    out
}

fn push_controls(out: &mut String, filter: &Filter, seed: u64, mode: Mode) {
    let disabled = mode == Mode::Static;
    out.push_str("<div class=\"widget-controls\">");
    for (key, label, value, min, max, step) in [
        ("bits", "Bits m", filter.bits(), MIN_BITS, MAX_BITS, 8),
        ("hashes", "Hashes k", filter.hashes(), 1, MAX_HASHES, 1),
    ] {
        let number = |value: u32| kit::num::uint(u64::from(value));
        out.push_str("<label class=\"slider\"><span class=\"slider-label\">");
        push_escaped(out, label);
        out.push_str("</span>");
        Tag::open(out, "input")
            .attr("type", "range")
            .attr("min", &number(min))
            .attr("max", &number(max))
            .attr("step", &number(step))
            .attr("value", &number(value))
            .attr("data-control", key)
            .flag("disabled", disabled)
            .body();
        Tag::open(out, "output").attr("data-output", key).text(&number(value));
        out.push_str("</label>");
    }
    out.push_str("</div><div class=\"widget-controls\"><label class=\"word\"><span class=\"slider-label\">Word</span>");
    Tag::open(out, "input")
        .attr("type", "text")
        .attr("data-control", "word")
        .attr("value", "etcd")
        .attr("maxlength", "40")
        .attr("spellcheck", "false")
        .flag("disabled", disabled)
        .body();
    out.push_str("</label>");
    for (action, label) in
        [("insert", "Insert"), ("query", "Query"), ("random", "Insert 5 random words"), ("reset", "Empty the filter")]
    {
        push_button(out, action, label, disabled);
    }
    kit::controls::push_seed(out, seed as u32, disabled);
    out.push_str("</div>");
}

/// The numbers and the last action's outcome, as text.
pub fn readout(filter: &Filter, last: &Last) -> String {
    let (m, k) = (filter.bits(), filter.hashes());
    let n = filter.words().len() as u32;
    let mut out = String::with_capacity(800);
    out.push_str("<p>");
    push_uint(&mut out, u64::from(n));
    out.push_str(if n == 1 { " word in " } else { " words in " });
    push_uint(&mut out, u64::from(m));
    out.push_str(" bits with k = ");
    push_uint(&mut out, u64::from(k));
    out.push_str(": ");
    push_uint(&mut out, u64::from(filter.bits_set()));
    out.push_str(" bits set (");
    push_percent(&mut out, f64::from(filter.bits_set()) / f64::from(m), 1);
    out.push_str(").</p><p>False-positive rate by the formula (1 − e<sup>−kn/m</sup>)<sup>k</sup>: <strong>");
    push_percent(&mut out, formula_false_positive(m, k, n), 2);
    out.push_str("</strong>. Optimal k for m/n");
    if n == 0 {
        out.push_str(": any, while the filter is empty.</p>");
    } else {
        out.push_str(" = ");
        push_fixed(&mut out, f64::from(m) / f64::from(n), 1);
        out.push_str(": (m/n) ln 2 = ");
        push_fixed(&mut out, optimal_hashes(m, n), 1);
        out.push_str(".</p>");
    }
    out.push_str("<p class=\"last-action\">");
    match last {
        Last::Nothing => out.push_str("Type a word, then insert it or query it."),
        Last::Inserted { word, bits } => {
            out.push_str("Inserted “");
            push_escaped(&mut out, word);
            out.push_str("”: set bits ");
            push_list(&mut out, bits);
            out.push('.');
        }
        Last::Queried { word, query } => push_query(&mut out, word, query),
        Last::AddedRandom { count } => {
            out.push_str("Inserted ");
            push_uint(&mut out, u64::from(*count));
            out.push_str(" random words.");
        }
    }
    out.push_str("</p>");
    out
}

fn push_query(out: &mut String, word: &str, query: &Query) {
    out.push_str("Query “");
    push_escaped(out, word);
    out.push_str("” probes bits ");
    push_list(out, &query.positions);
    match query.first_clear {
        Some(bit) => {
            out.push_str(". Bit ");
            push_uint(out, u64::from(bit));
            out.push_str(" is 0, so the word is <strong>definitely not in the set</strong>.");
        }
        None if query.inserted => {
            out.push_str(". All are 1: <strong>probably in the set</strong>, and it was inserted (a true positive).")
        }
        None => {
            out.push_str(". All are 1: <strong>probably in the set</strong>, but it was never inserted: a <strong>false positive</strong>. Its bits were set by ");
            for (index, setter) in query.setters.iter().enumerate() {
                if index > 0 {
                    out.push_str(if index + 1 == query.setters.len() { " and " } else { ", " });
                }
                out.push('“');
                push_escaped(out, setter);
                out.push('”');
            }
            out.push('.');
        }
    }
}

fn push_list(out: &mut String, bits: &[u32]) {
    for (index, bit) in bits.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        push_uint(out, u64::from(*bit));
    }
}

/// False-positive rate against n: the formula, the measurements, and the current n.
pub fn chart(filter: &Filter, curve: &Curve) -> String {
    let mut out = String::with_capacity(6000);
    let n = filter.words().len() as f64;
    line_chart(
        &mut out,
        "False-positive rate against the number of inserted words: formula and measurement",
        &Axis { label: "words inserted (n)", max: curve.items_axis.0, ticks: curve.items_axis.1, percent: false },
        &Axis { label: "false-positive rate", max: curve.rate_axis.0, ticks: curve.rate_axis.1, percent: true },
        &[
            Series { label: "formula", class: "cat-blue", mark: Mark::Line, points: &curve.formula },
            Series { label: "measured", class: "cat-orange", mark: Mark::Points, points: &curve.measured },
        ],
        Some((n.min(curve.max_items), "now")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use kit::markup::text_of;

    #[test]
    fn readout_explains_insertions_and_queries() {
        let mut filter = Filter::new(64, 3);
        let bits = filter.insert("raft");
        let inserted = text_of(&readout(&filter, &Last::Inserted { word: "raft".into(), bits }));
        assert!(inserted.starts_with("1 word in 64 bits with k = 3: 3 bits set (4.7%)."), "{inserted}");
        let query = filter.query("raft");
        let found = text_of(&readout(&filter, &Last::Queried { word: "raft".into(), query }));
        assert!(found.contains("probably in the set, and it was inserted (a true positive)"), "{found}");
        let query = filter.query("zookeeper");
        assert!(query.first_clear.is_some(), "one word in 64 bits leaves most bits clear");
        let missing = text_of(&readout(&filter, &Last::Queried { word: "zookeeper".into(), query }));
        assert!(missing.contains("is 0, so the word is definitely not in the set"), "{missing}");
    }

    #[test]
    fn every_size_renders_its_bits_and_a_chart() {
        for bits in (16..=256).step_by(8) {
            let filter = Config { bits, hashes: 4, items: vec!["a".into(), "b".into()], seed: 3 }.to_model();
            let curve = Curve::new(bits, 4, 2, 3);
            let html = render(&filter, &Last::Nothing, &curve, 3, Mode::Live);
            assert_eq!(html.matches("<rect class=\"bit").count() as u32, bits);
            assert!(html.contains("<svg class=\"chart\"") && !html.contains("NaN"));
        }
    }

    #[test]
    fn static_markup_is_inert() {
        let filter = Filter::new(64, 3);
        let html = render(&filter, &Last::Nothing, &Curve::new(64, 3, 0, 1), 1, Mode::Static);
        assert_eq!(html.matches(" disabled").count(), 8, "two sliders, the word, four buttons and the seed");
    }
}
