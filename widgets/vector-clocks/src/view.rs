//! State -> markup: the space-time diagram, the controls and the readout.
//!
//! Time runs left to right, one line per process; each event shows its vector clock below and
//! its Lamport timestamp above. Selected events are ringed and tagged "a" and "b", so the
//! selection is never told by colour alone.

use kit::controls::push_button;
use kit::markup::push_escaped;
use kit::num::push_uint;
use kit::svg::{end_tag, Tag};

use crate::model::{History, Kind, Order};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// Up to two selected events, in the order they were picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub a: Option<usize>,
    pub b: Option<usize>,
}

impl Selection {
    /// Picks `event`: unpicks it if picked, else fills a free slot, else replaces the older pick.
    pub fn toggle(self, event: usize) -> Self {
        match (self.a, self.b) {
            (Some(a), b) if a == event => Selection { a: b, b: None },
            (a, Some(b)) if b == event => Selection { a, b: None },
            (None, _) => Selection { a: Some(event), b: self.b },
            (Some(a), None) => Selection { a: Some(a), b: Some(event) },
            (Some(_), Some(b)) => Selection { a: Some(b), b: Some(event) },
        }
    }
}

const ROW: f64 = 62.0;
const TOP: f64 = 28.0;
const LEFT: f64 = 44.0;
const STEP: f64 = 50.0;

fn x_of(event: usize) -> f64 {
    LEFT + 24.0 + STEP * event as f64
}

fn y_of(process: usize) -> f64 {
    TOP + ROW * process as f64
}

/// `seed` made the random history, and is shown so a view can be named.
pub fn render(history: &History, selection: Selection, seed: u64, mode: Mode) -> String {
    let mut out = String::with_capacity(16_000);
    out.push_str("<div class=\"vector-clocks\"><div class=\"widget-visual scrolls\" data-part=\"diagram\">");
    out.push_str(&diagram(history, selection, mode));
    out.push_str("</div>");
    push_controls(&mut out, history.processes(), seed, mode);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(history, selection));
    out.push_str("</div></div>");
    out
}

/// Writes `[2,0,1]`.
fn push_vector(out: &mut String, vector: &[u32]) {
    out.push('[');
    for (index, entry) in vector.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_uint(out, u64::from(*entry));
    }
    out.push(']');
}

fn push_process(out: &mut String, process: usize) {
    out.push('P');
    push_uint(out, process as u64 + 1);
}

pub fn diagram(history: &History, selection: Selection, mode: Mode) -> String {
    let events = history.events();
    let width = (x_of(events.len()) + 10.0).max(360.0);
    let height = y_of(history.processes() - 1) + 34.0;
    let mut out = String::with_capacity(events.len() * 400 + 1000);
    let mut view_box = String::from("0 0 ");
    kit::num::push_fixed(&mut view_box, width, 0);
    view_box.push(' ');
    kit::num::push_fixed(&mut view_box, height, 0);
    let mut style_width = String::new();
    kit::num::push_fixed(&mut style_width, width, 0);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("width", &style_width)
        .attr("role", "group")
        .attr("aria-label", "Space-time diagram: processes, events and messages")
        .body();
    for process in 0..history.processes() {
        let y = y_of(process);
        Tag::open(&mut out, "line")
            .attr("class", "timeline")
            .num("x1", LEFT)
            .num("x2", width - 6.0)
            .num("y1", y)
            .num("y2", y)
            .close();
        let mut name = String::new();
        push_process(&mut name, process);
        Tag::open(&mut out, "text").attr("class", "process").num("x", 6.0).num("y", y + 4.0).text(&name);
    }
    for (index, event) in events.iter().enumerate() {
        if let Kind::Receive { send } = event.kind {
            push_arrow(&mut out, (x_of(send), y_of(events[send].process)), (x_of(index), y_of(event.process)));
        }
    }
    for (index, event) in events.iter().enumerate() {
        push_event(&mut out, history, index, *event, selection, mode);
    }
    end_tag(&mut out, "svg");
    out
}

/// A message: a line ending in an arrowhead just short of the receiving event.
fn push_arrow(out: &mut String, from: (f64, f64), to: (f64, f64)) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let tip = (to.0 - ux * 8.0, to.1 - uy * 8.0);
    let base = (tip.0 - ux * 8.0, tip.1 - uy * 8.0);
    let mut points = String::new();
    for (px, py) in [tip, (base.0 - uy * 4.0, base.1 + ux * 4.0), (base.0 + uy * 4.0, base.1 - ux * 4.0)] {
        kit::num::push_fixed(&mut points, px, 1);
        points.push(',');
        kit::num::push_fixed(&mut points, py, 1);
        points.push(' ');
    }
    Tag::open(out, "line")
        .attr("class", "message")
        .num("x1", from.0)
        .num("y1", from.1)
        .num("x2", base.0)
        .num("y2", base.1)
        .close();
    Tag::open(out, "polygon").attr("class", "arrowhead").attr("points", points.trim_end()).close();
}

fn push_event(
    out: &mut String,
    history: &History,
    index: usize,
    event: crate::model::Event,
    selection: Selection,
    mode: Mode,
) {
    let (x, y) = (x_of(index), y_of(event.process));
    let tag = if selection.a == Some(index) {
        Some("a")
    } else if selection.b == Some(index) {
        Some("b")
    } else {
        None
    };
    let mut title = String::from("Event ");
    push_uint(&mut title, index as u64 + 1);
    title.push_str(" on ");
    push_process(&mut title, event.process);
    match event.kind {
        Kind::Local => title.push_str(", local"),
        Kind::Send { to } => {
            title.push_str(", sends to ");
            push_process(&mut title, to);
        }
        Kind::Receive { send } => {
            title.push_str(", receives from ");
            push_process(&mut title, history.events()[send].process);
        }
    }
    title.push_str(", vector ");
    push_vector(&mut title, history.vector(index));
    title.push_str(", Lamport ");
    push_uint(&mut title, u64::from(history.lamport(index)));
    let mut group = Tag::open(out, "g").attr("class", if tag.is_some() { "event selected" } else { "event" });
    if mode == Mode::Live {
        group = group
            .attr("data-event", &kit::num::uint(index as u64))
            .attr("tabindex", "0")
            .attr("role", "button")
            .attr("aria-pressed", if tag.is_some() { "true" } else { "false" });
    }
    group.body();
    Tag::open(out, "title").text(&title);
    if tag.is_some() {
        Tag::open(out, "circle").attr("class", "selection-ring").num("cx", x).num("cy", y).num("r", 11.0).close();
    }
    Tag::open(out, "circle").attr("class", "dot").num("cx", x).num("cy", y).num("r", 6.0).close();
    let mut lamport = String::from("L=");
    push_uint(&mut lamport, u64::from(history.lamport(index)));
    Tag::open(out, "text")
        .attr("class", "lamport")
        .attr("aria-hidden", "true")
        .num("x", x)
        .num("y", y - 12.0)
        .text(&lamport);
    let mut vector = String::new();
    push_vector(&mut vector, history.vector(index));
    Tag::open(out, "text")
        .attr("class", "vector")
        .attr("aria-hidden", "true")
        .num("x", x)
        .num("y", y + 21.0)
        .text(&vector);
    if let Some(tag) = tag {
        Tag::open(out, "text")
            .attr("class", "tag")
            .attr("aria-hidden", "true")
            .num("x", x + 13.0)
            .num("y", y - 6.0)
            .text(tag);
    }
    end_tag(out, "g");
}

fn push_controls(out: &mut String, processes: usize, seed: u64, mode: Mode) {
    let disabled = mode == Mode::Static;
    let select = |out: &mut String, control: &str, label: &str, chosen: usize| {
        out.push_str("<label class=\"choice\"><span class=\"slider-label\">");
        push_escaped(out, label);
        out.push_str("</span>");
        Tag::open(out, "select").attr("data-control", control).flag("disabled", disabled).body();
        for process in 0..processes {
            let mut name = String::new();
            push_process(&mut name, process);
            Tag::open(out, "option")
                .attr("value", &kit::num::uint(process as u64))
                .flag("selected", process == chosen)
                .text(&name);
        }
        out.push_str("</select></label>");
    };
    let button = |out: &mut String, action: &str, label: &str| push_button(out, action, label, disabled);
    out.push_str("<div class=\"widget-controls\">");
    select(out, "from", "On", 0);
    button(out, "local", "Local event");
    select(out, "to", "to", 1);
    button(out, "send", "Send message");
    out.push_str("</div><div class=\"widget-controls\">");
    button(out, "random", "New random history");
    button(out, "clear", "Clear");
    kit::controls::push_seed(out, seed as u32, disabled);
    out.push_str("</div>");
}

pub fn readout(history: &History, selection: Selection) -> String {
    let mut out = String::with_capacity(600);
    let messages = history.events().iter().filter(|event| matches!(event.kind, Kind::Receive { .. })).count();
    out.push_str("<p>");
    push_uint(&mut out, history.events().len() as u64);
    out.push_str(" events on ");
    push_uint(&mut out, history.processes() as u64);
    out.push_str(" processes, ");
    push_uint(&mut out, messages as u64);
    out.push_str(if messages == 1 { " message delivered.</p>" } else { " messages delivered.</p>" });
    out.push_str("<p class=\"relation\">");
    match (selection.a, selection.b) {
        (Some(a), Some(b)) if a < history.events().len() && b < history.events().len() => {
            push_relation(&mut out, history, a, b)
        }
        (Some(a), None) if a < history.events().len() => {
            out.push_str("Selected a: ");
            push_event_summary(&mut out, history, a);
            out.push_str(". Select one more event to compare.");
        }
        _ => out.push_str("Select two events (click them, or Tab to one and press Enter) to compare them."),
    }
    out.push_str("</p>");
    out
}

fn push_event_summary(out: &mut String, history: &History, event: usize) {
    out.push_str("event ");
    push_uint(out, event as u64 + 1);
    out.push_str(" on ");
    push_process(out, history.events()[event].process);
    out.push_str(", vector ");
    push_vector(out, history.vector(event));
    out.push_str(", L=");
    push_uint(out, u64::from(history.lamport(event)));
}

fn push_relation(out: &mut String, history: &History, a: usize, b: usize) {
    out.push_str("a is ");
    push_event_summary(out, history, a);
    out.push_str("; b is ");
    push_event_summary(out, history, b);
    out.push_str(". ");
    let (va, vb) = (history.vector(a), history.vector(b));
    match history.order(a, b) {
        Order::Before => out.push_str(
            "<strong>a happens before b</strong>: every entry of a's vector is at most b's, and they differ.",
        ),
        Order::After => out.push_str(
            "<strong>b happens before a</strong>: every entry of b's vector is at most a's, and they differ.",
        ),
        Order::Same => out.push_str("They are the same event."),
        Order::Concurrent => {
            let greater = (0..va.len()).find(|&index| va[index] > vb[index]).unwrap_or(0);
            let smaller = (0..va.len()).find(|&index| va[index] < vb[index]).unwrap_or(0);
            out.push_str("<strong>a and b are concurrent</strong>: a's entry for ");
            push_entries(out, greater, "larger", (va[greater], " &gt; ", vb[greater]));
            out.push_str(" but its entry for ");
            push_entries(out, smaller, "smaller", (va[smaller], " &lt; ", vb[smaller]));
            out.push_str(", so neither could have known of the other.");
            if history.lamport(a) != history.lamport(b) {
                out.push_str(" Their Lamport timestamps still differ (");
                push_uint(out, u64::from(history.lamport(a)));
                out.push_str(" and ");
                push_uint(out, u64::from(history.lamport(b)));
                out.push_str("): a Lamport order between two events does not mean one happened before the other.");
            }
        }
    }
}

/// `P2 is larger (3 > 1)`.
fn push_entries(out: &mut String, process: usize, word: &str, (left, sign, right): (u32, &str, u32)) {
    push_process(out, process);
    out.push_str(" is ");
    out.push_str(word);
    out.push_str(" (");
    push_uint(out, u64::from(left));
    out.push_str(sign);
    push_uint(out, u64::from(right));
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn readout_names_the_relation_and_why() {
        let mut history = History::new(2);
        history.local(0);
        history.local(1);
        history.message(0, 1);
        let concurrent = text_of(&readout(&history, Selection { a: Some(0), b: Some(1) }));
        assert!(
            concurrent.contains(
                "a and b are concurrent: a's entry for P1 is larger (1 > 0) but its entry for P2 is smaller (0 < 1)"
            ),
            "{concurrent}"
        );
        let before = text_of(&readout(&history, Selection { a: Some(0), b: Some(3) }));
        assert!(before.contains("a happens before b"), "{before}");
        let none = text_of(&readout(&history, Selection::default()));
        assert!(none.contains("4 events on 2 processes, 1 message delivered."), "{none}");
    }

    #[test]
    fn selection_keeps_the_two_latest_picks() {
        let picked = Selection::default().toggle(3).toggle(5);
        assert_eq!(picked, Selection { a: Some(3), b: Some(5) });
        assert_eq!(picked.toggle(7), Selection { a: Some(5), b: Some(7) });
        assert_eq!(picked.toggle(3), Selection { a: Some(5), b: None });
        assert_eq!(picked.toggle(5), Selection { a: Some(3), b: None });
    }

    #[test]
    fn every_event_and_message_is_drawn() {
        let history = History::random(4, 30, 11);
        let svg = diagram(&history, Selection { a: Some(0), b: Some(29) }, Mode::Live);
        assert_eq!(svg.matches("<circle class=\"dot\"").count(), 30);
        let messages = history.events().iter().filter(|event| matches!(event.kind, Kind::Receive { .. })).count();
        assert_eq!(svg.matches("class=\"arrowhead\"").count(), messages);
        assert_eq!(svg.matches("class=\"selection-ring\"").count(), 2);
        assert!(!svg.contains("NaN"));
    }
}
