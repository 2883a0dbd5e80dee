//! State -> markup, shared by the static figure and the live widget.
//!
//! The drawing puts every table on one key axis, so overlap is visible: level 0 and tiered
//! levels stack their tables (newest on top) because their key ranges overlap; leveled levels
//! below 0 lie side by side. Tables touched by the last step are outlined, and a lookup marks
//! each table it probed with how: skipped by range (not drawn as probed), ruled out by its
//! Bloom filter, or read. Every mark is also in the text.

use kit::controls::{push_button, push_choice, push_slider, push_transport, Slider, Transport};
use kit::num::{push_count, push_fixed, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::model::{Compaction, Event, Lookup, Tree};
use crate::table::{Entry, Probe, Table};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// What the widget shows besides the tree.
#[derive(Clone, Copy)]
pub struct Scene<'a> {
    pub tree: &'a Tree,
    /// The key of the last lookup, if any.
    pub lookup: Option<u32>,
    /// Tables with this id or higher were written by the last step.
    pub fresh_from: u32,
    pub transport: &'a Transport,
}

/// Key-space sizes the keys menu offers (an author's other value is added).
const KEY_CHOICES: &[u32] = &[16, 50, 100, 300, 1000];

const AXIS_LEFT: f64 = 92.0;
const AXIS_RIGHT: f64 = 632.0;
const RUN_HEIGHT: f64 = 12.0;
const ROW_GAP: f64 = 10.0;

pub fn render(scene: &Scene, mode: Mode) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"lsm\">");
    push_transport(&mut out, scene.transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(scene));
    out.push_str("</div>");
    push_settings(&mut out, scene.tree, disabled);
    push_lookup_controls(&mut out, scene, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene));
    out.push_str("</div></div>");
    out
}

fn x_of(tree: &Tree, key: f64) -> f64 {
    AXIS_LEFT + (AXIS_RIGHT - AXIS_LEFT) * key / f64::from(tree.settings().keys.max(1))
}

/// Tables of one level as drawn: each run (row of tables) top to bottom.
fn runs(tree: &Tree, level: usize) -> Vec<Vec<&Table>> {
    let tables = &tree.levels()[level];
    let stacked = level == 0 || tree.settings().compaction == Compaction::Tiered;
    if stacked {
        tables.iter().rev().map(|table| vec![table]).collect()
    } else if tables.is_empty() {
        Vec::new()
    } else {
        vec![tables.iter().collect()]
    }
}

pub fn diagram(scene: &Scene) -> String {
    let tree = scene.tree;
    let lookup = scene.lookup.map(|key| tree.get(key));
    let rows: Vec<(String, Vec<Vec<&Table>>)> =
        (0..tree.levels().len()).map(|level| (level_label(tree, level), runs(tree, level))).collect();
    let memtable_height = 22.0;
    let mut height = 24.0 + memtable_height + ROW_GAP;
    for (_, runs) in &rows {
        height += RUN_HEIGHT * runs.len().max(1) as f64 + ROW_GAP;
    }
    let mut out = String::with_capacity(12_000);
    let mut view_box = String::from("0 0 640 ");
    push_uint(&mut view_box, height.ceil() as u64);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "The memtable and each level's tables on the key axis")
        .body();
    // Key axis labels.
    for (key, anchor) in [(0u32, "start"), (tree.settings().keys, "end")] {
        let mut label = String::from("key ");
        push_uint(&mut label, u64::from(key.saturating_sub(u32::from(key > 0))));
        Tag::open(&mut out, "text")
            .attr("class", "axis-label")
            .attr("text-anchor", anchor)
            .num("x", x_of(tree, f64::from(key)))
            .num("y", 12.0)
            .text(&label);
    }
    let mut y = 20.0;
    push_memtable(&mut out, tree, y);
    y += memtable_height + ROW_GAP;
    for (level, (label, runs)) in rows.iter().enumerate() {
        let row_height = RUN_HEIGHT * runs.len().max(1) as f64;
        Tag::open(&mut out, "text")
            .attr("class", "row-label")
            .num("x", 4.0)
            .num("y", y + row_height / 2.0 + 4.0)
            .text(label);
        Tag::open(&mut out, "line")
            .attr("class", "row-base")
            .num("x1", AXIS_LEFT)
            .num("y1", y + row_height + 2.0)
            .num("x2", AXIS_RIGHT)
            .num("y2", y + row_height + 2.0)
            .close();
        for (index, run) in runs.iter().enumerate() {
            for table in run {
                push_table(&mut out, scene, lookup.as_ref(), level, table, y + RUN_HEIGHT * index as f64);
            }
        }
        y += row_height + ROW_GAP;
    }
    if let Some(key) = scene.lookup {
        let x = x_of(tree, f64::from(key) + 0.5);
        Tag::open(&mut out, "line")
            .attr("class", "lookup-line")
            .num("x1", x)
            .num("y1", 16.0)
            .num("x2", x)
            .num("y2", height - 4.0)
            .close();
    }
    end_tag(&mut out, "svg");
    out
}

fn level_label(tree: &Tree, level: usize) -> String {
    let mut label = String::from("L");
    push_uint(&mut label, level as u64);
    let entries: usize = tree.levels()[level].iter().map(Table::len).sum();
    label.push(' ');
    if level > 0 && tree.settings().compaction == Compaction::Leveled {
        push_uint(&mut label, entries as u64);
        label.push('/');
        push_uint(&mut label, tree.level_capacity(level) as u64);
    } else {
        // Level 0 of a leveled tree holds tables; a tiered level holds runs (one table each).
        let count = tree.levels()[level].len();
        push_uint(&mut label, count as u64);
        label.push_str(match (tree.settings().compaction, count == 1) {
            (Compaction::Leveled, true) => " table",
            (Compaction::Leveled, false) => " tables",
            (Compaction::Tiered, true) => " run",
            (Compaction::Tiered, false) => " runs",
        });
    }
    label
}

fn push_memtable(out: &mut String, tree: &Tree, y: f64) {
    let mut label = String::from("mem ");
    push_uint(&mut label, tree.memtable_len() as u64);
    label.push('/');
    push_uint(&mut label, u64::from(tree.settings().memtable));
    Tag::open(out, "text").attr("class", "row-label").num("x", 4.0).num("y", y + 15.0).text(&label);
    Tag::open(out, "rect")
        .attr("class", "memtable")
        .num("x", AXIS_LEFT)
        .num("y", y)
        .num("width", AXIS_RIGHT - AXIS_LEFT)
        .num("height", 20.0)
        .close();
    for key in 0..tree.settings().keys {
        if let Some(entry) = tree.memtable_entry(key) {
            let x = x_of(tree, f64::from(key) + 0.5);
            Tag::open(out, "line")
                .attr("class", if entry.is_tombstone() { "mem-entry tombstone" } else { "mem-entry" })
                .num("x1", x)
                .num("y1", y + 3.0)
                .num("x2", x)
                .num("y2", y + 17.0)
                .close();
        }
    }
}

fn push_table(out: &mut String, scene: &Scene, lookup: Option<&Lookup>, level: usize, table: &Table, y: f64) {
    let tree = scene.tree;
    let x = x_of(tree, f64::from(table.min_key()));
    let width = (x_of(tree, f64::from(table.max_key()) + 1.0) - x).max(3.0);
    let probe =
        lookup.and_then(|lookup| lookup.probes.iter().find(|(_, id, _)| *id == table.id).map(|(_, _, probe)| *probe));
    let mut class = String::from("table");
    if table.id >= scene.fresh_from {
        class.push_str(" fresh");
    }
    match probe {
        Some(Probe::Read { .. }) => class.push_str(" read"),
        Some(Probe::Filtered) => class.push_str(" filtered"),
        _ => {}
    }
    Tag::open(out, "g").attr("class", &class).body();
    let mut title = String::from("L");
    push_uint(&mut title, level as u64);
    title.push_str(" table #");
    push_table_description(&mut title, table);
    Tag::open(out, "title").text(&title);
    Tag::open(out, "rect")
        .num("x", x)
        .num("y", y + 1.0)
        .num("width", width)
        .num("height", RUN_HEIGHT - 2.0)
        .attr("rx", "2")
        .close();
    if width > 26.0 {
        let mut id = String::from("#");
        push_uint(&mut id, u64::from(table.id));
        Tag::open(out, "text").attr("class", "table-id").num("x", x + 3.0).num("y", y + RUN_HEIGHT - 3.0).text(&id);
    }
    end_tag(out, "g");
}

fn push_table_description(out: &mut String, table: &Table) {
    push_uint(out, u64::from(table.id));
    out.push_str(": keys ");
    push_uint(out, u64::from(table.min_key()));
    out.push('–');
    push_uint(out, u64::from(table.max_key()));
    out.push_str(", ");
    push_uint(out, table.len() as u64);
    out.push_str(" entries (");
    push_uint(out, table.tombstones() as u64);
    out.push_str(" tombstones) in ");
    push_uint(out, table.blocks() as u64);
    out.push_str(" blocks");
}

fn push_settings(out: &mut String, tree: &Tree, disabled: bool) {
    let settings = tree.settings();
    out.push_str("<div class=\"widget-controls\">");
    push_choice(
        out,
        "compaction",
        "Compaction",
        &[("leveled", "leveled"), ("tiered", "tiered")],
        settings.compaction.key(),
        disabled,
    );
    let mut key_values = KEY_CHOICES.to_vec();
    if !key_values.contains(&settings.keys) {
        key_values.push(settings.keys);
        key_values.sort_unstable();
    }
    let key_texts: Vec<String> = key_values.iter().map(|&keys| uint(u64::from(keys))).collect();
    let key_options: Vec<(&str, &str)> = key_texts.iter().map(|text| (text.as_str(), text.as_str())).collect();
    push_choice(out, "keys", "Keys", &key_options, &uint(u64::from(settings.keys)), disabled);
    for slider in [
        Slider { key: "size_ratio", label: "Size ratio T", min: 2, max: 10, step: 1, value: settings.size_ratio },
        Slider { key: "memtable", label: "Memtable entries", min: 4, max: 64, step: 4, value: settings.memtable },
        Slider { key: "skew", label: "Zipf skew ×100", min: 0, max: 150, step: 1, value: settings.skew },
        Slider { key: "deletes", label: "Deletes %", min: 0, max: 50, step: 1, value: settings.deletes },
        Slider { key: "rate", label: "Writes per step", min: 1, max: 20, step: 1, value: settings.rate },
    ] {
        push_slider(out, &slider, disabled);
    }
    out.push_str("</div>");
}

fn push_lookup_controls(out: &mut String, scene: &Scene, disabled: bool) {
    let keys = scene.tree.settings().keys;
    out.push_str("<div class=\"widget-controls\"><label class=\"slider\"><span class=\"slider-label\">Key</span>");
    Tag::open(out, "input")
        .attr("type", "number")
        .attr("min", "0")
        .attr("max", &uint(u64::from(keys - 1)))
        .attr("step", "1")
        .attr("value", &uint(u64::from(scene.lookup.unwrap_or(0).min(keys - 1))))
        .attr("data-control", "key")
        .flag("disabled", disabled)
        .body();
    out.push_str("</label>");
    push_button(out, "get", "Get", disabled);
    out.push_str("</div>");
}

/// The figures as text: the `aria-live` readout.
pub fn readout(scene: &Scene) -> String {
    let tree = scene.tree;
    let writes = tree.writes();
    let mut out = String::with_capacity(1500);
    out.push_str("<p>Step ");
    push_uint(&mut out, u64::from(tree.steps()));
    out.push_str(": ");
    push_uint(&mut out, writes.user);
    out.push_str(" writes so far; the memtable holds ");
    push_uint(&mut out, tree.memtable_len() as u64);
    out.push_str(" of ");
    push_uint(&mut out, u64::from(tree.settings().memtable));
    out.push_str(" entries and the WAL ");
    push_count(&mut out, u64::from(tree.log_entries()), "record", "records");
    out.push_str(". ");
    push_events(&mut out, tree.events());
    out.push_str("</p><p><strong>Write amplification ");
    let user = writes.user.max(1) as f64;
    push_fixed(&mut out, writes.amplification(), 2);
    out.push_str("</strong> = ");
    push_fixed(&mut out, writes.log as f64 / user, 2);
    out.push_str(" (log) + ");
    push_fixed(&mut out, writes.flush as f64 / user, 2);
    out.push_str(" (flushes) + ");
    push_fixed(&mut out, writes.compaction as f64 / user, 2);
    out.push_str(
        " (compaction) entries written per entry put.</p><p><strong>Read amplification</strong>: a get of each of the ",
    );
    push_uint(&mut out, u64::from(tree.settings().keys));
    out.push_str(" keys reads ");
    let reads = tree.read_amplification();
    push_fixed(&mut out, reads.blocks_per_lookup, 2);
    out.push_str(" blocks and checks ");
    push_fixed(&mut out, reads.filter_checks_per_lookup, 2);
    out.push_str(" Bloom filters on average. <strong>Space amplification</strong>: ");
    match tree.space_amplification() {
        Some(space) => push_fixed(&mut out, space, 2),
        None => out.push_str("none yet"),
    }
    out.push_str(" (entries in tables over live keys).</p>");
    if let Some(key) = scene.lookup {
        push_lookup(&mut out, &tree.get(key));
    }
    out
}

fn push_events(out: &mut String, events: &[Event]) {
    if events.is_empty() {
        out.push_str("The last step only filled the memtable.");
        return;
    }
    out.push_str("The last step ");
    for (index, event) in events.iter().enumerate() {
        if index > 0 {
            out.push_str(if index + 1 == events.len() { " and " } else { ", " });
        }
        match *event {
            Event::Flush { table, entries } => {
                out.push_str("flushed the memtable to L0 as table #");
                push_uint(out, u64::from(table));
                out.push_str(" (");
                push_uint(out, entries as u64);
                out.push_str(" entries)");
            }
            Event::Compact { from_level, inputs, to_level, overlapping, outputs, written, dropped } => {
                out.push_str("merged ");
                push_count(out, inputs as u64, "table", "tables");
                out.push_str(" of L");
                push_uint(out, from_level as u64);
                if overlapping > 0 {
                    out.push_str(" with ");
                    push_uint(out, overlapping as u64);
                    out.push_str(" of L");
                    push_uint(out, to_level as u64);
                }
                out.push_str(" into ");
                push_count(out, outputs as u64, "table", "tables");
                out.push_str(" of L");
                push_uint(out, to_level as u64);
                out.push_str(", writing ");
                push_uint(out, written as u64);
                out.push_str(" entries");
                if dropped > 0 {
                    out.push_str(" and dropping ");
                    push_uint(out, dropped as u64);
                    out.push_str(if dropped == 1 { " tombstone" } else { " tombstones" });
                }
            }
        }
    }
    out.push('.');
}

fn push_lookup(out: &mut String, lookup: &Lookup) {
    out.push_str("<p><strong>Get key ");
    push_uint(out, u64::from(lookup.key));
    out.push_str("</strong>: ");
    if let Some(entry) = lookup.memtable {
        out.push_str("found in the memtable");
        push_entry(out, &entry);
        out.push_str(". No table is read.</p>");
        return;
    }
    out.push_str("not in the memtable");
    for &(level, table, probe) in &lookup.probes {
        out.push_str("; L");
        push_uint(out, level as u64);
        out.push_str(" #");
        push_uint(out, u64::from(table));
        match probe {
            Probe::OutOfRange => out.push_str(": outside its key range"),
            Probe::Filtered => out.push_str(": Bloom filter says no"),
            Probe::Read { block, found } => {
                out.push_str(": fence pointers pick block ");
                push_uint(out, u64::from(block) + 1);
                match found {
                    Some(entry) => {
                        out.push_str(", found it");
                        push_entry(out, &entry);
                    }
                    None => out.push_str(", not there (a Bloom filter false positive)"),
                }
            }
        }
    }
    if lookup.found.is_none() {
        out.push_str(". The key is in no table");
    }
    out.push_str(". ");
    push_uint(out, lookup.blocks_read() as u64);
    out.push_str(if lookup.blocks_read() == 1 { " block read, " } else { " blocks read, " });
    push_uint(out, lookup.filter_checks() as u64);
    out.push_str(if lookup.filter_checks() == 1 { " filter checked.</p>" } else { " filters checked.</p>" });
}

fn push_entry(out: &mut String, entry: &Entry) {
    match entry.value {
        Some(value) => {
            out.push_str(": value v");
            push_uint(out, u64::from(value));
        }
        None => out.push_str(": a tombstone, so the key is deleted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;
    use kit::markup::text_of;

    fn transport() -> Transport {
        Transport { playing: false, can_step_back: false, speed: 1, seed: 1 }
    }

    #[test]
    fn readout_explains_amplification_and_a_lookup() {
        let tree = Tree::after(Settings::default(), 60);
        let text =
            text_of(&readout(&Scene { tree: &tree, lookup: Some(5), fresh_from: u32::MAX, transport: &transport() }));
        assert!(text.starts_with("Step 60: 240 writes so far; the memtable holds "), "{text}");
        assert!(text.contains("Write amplification "), "{text}");
        assert!(text.contains(" (log) + "), "{text}");
        assert!(text.contains("Get key 5: "), "{text}");
    }

    #[test]
    fn draws_every_table_and_the_controls() {
        for compaction in [Compaction::Leveled, Compaction::Tiered] {
            let tree = Tree::after(Settings { compaction, keys: 1000, ..Settings::default() }, 200);
            let html =
                render(&Scene { tree: &tree, lookup: Some(999), fresh_from: 0, transport: &transport() }, Mode::Static);
            let tables: usize = tree.levels().iter().map(Vec::len).sum();
            assert_eq!(html.matches("<g class=\"table").count(), tables);
            assert!(html.contains("data-action=\"step\""));
            assert!(!html.contains("NaN"));
        }
    }
}
