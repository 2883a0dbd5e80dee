//! State -> markup, shared by the static figure and the live widget.
//!
//! Each operation is a row on a logarithmic time axis with two marks: the published figure (a
//! hollow circle) and the current one (a filled square), so the two differ in shape as well as
//! colour. In human scale each set is stretched so its own L1 reference takes one second.

use kit::controls::push_choice;
use kit::markup::push_escaped;
use kit::num::push_uint;
use kit::svg::{end_tag, Tag};

use crate::data::{operation, Figure, Operation, OPERATIONS};
use crate::scale::{position, push_duration, push_human, push_significant};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// What the reader chose.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub human: bool,
    pub small: &'static Operation,
    pub large: &'static Operation,
}

const LEFT: f64 = 214.0;
const RIGHT: f64 = 630.0;
const ROW: f64 = 24.0;
const TOP: f64 = 40.0;

pub fn render(choice: &Choice, mode: Mode) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"latency-numbers\"><div class=\"widget-visual\" data-part=\"chart\">");
    out.push_str(&chart(choice));
    out.push_str("</div><div class=\"widget-controls\">");
    push_choice(
        &mut out,
        "view",
        "Scale",
        &[("log", "durations"), ("human", "human (L1 = 1 second)")],
        if choice.human { "human" } else { "log" },
        disabled,
    );
    let options: Vec<(&str, &str)> = OPERATIONS.iter().map(|operation| (operation.key, operation.name)).collect();
    push_choice(&mut out, "large", "How long does", &options, choice.large.key, disabled);
    push_choice(&mut out, "small", "take in", &options, choice.small.key, disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(choice));
    out.push_str("</div>");
    push_provenance(&mut out);
    out.push_str("</div>");
    out
}

/// The seconds a figure takes when its set's L1 reference is stretched to one second.
fn human_seconds(figure: &Figure, l1: &Figure) -> f64 {
    figure.nanoseconds / l1.nanoseconds
}

pub fn chart(choice: &Choice) -> String {
    let l1 = &OPERATIONS[0];
    // Durations: 0.1 ns to 1 s. Human scale: 1 s to about 317 years (10^10 s).
    let (first, last) = if choice.human { (0, 10) } else { (crate::scale::FIRST_DECADE, crate::scale::LAST_DECADE) };
    let x_of = |value: f64| LEFT + (RIGHT - LEFT) * position(value, first, last);
    let height = TOP + ROW * OPERATIONS.len() as f64 + 8.0;
    let mut out = String::with_capacity(12_000);
    let mut view_box = String::from("0 0 640 ");
    push_uint(&mut view_box, height as u64);
    Tag::open(&mut out, "svg")
        .attr("class", "latencies")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr(
            "aria-label",
            if choice.human {
                "Each operation's time if an L1 cache reference took one second, on a logarithmic axis"
            } else {
                "Each operation's latency on a logarithmic axis, published and current figures"
            },
        )
        .body();
    for decade in first..=last {
        let value = 10f64.powi(decade);
        let x = x_of(value);
        Tag::open(&mut out, "line")
            .attr("class", "grid")
            .num("x1", x)
            .num("y1", TOP - 6.0)
            .num("x2", x)
            .num("y2", height - 6.0)
            .close();
        let mut label = String::new();
        if choice.human {
            push_human_tick(&mut label, value);
        } else {
            push_duration(&mut label, value);
        }
        Tag::open(&mut out, "text")
            .attr("class", "tick")
            .attr("text-anchor", "middle")
            .num("x", x)
            .num("y", TOP - 10.0)
            .text(&label);
    }
    // Legend.
    Tag::open(&mut out, "circle").attr("class", "published").num("cx", 10.0).num("cy", 12.0).num("r", 5.0).close();
    Tag::open(&mut out, "text")
        .attr("class", "legend")
        .num("x", 20.0)
        .num("y", 16.0)
        .text("published (Dean 2009; SSD rows 2012)");
    Tag::open(&mut out, "rect")
        .attr("class", "current")
        .num("x", 265.0)
        .num("y", 7.0)
        .num("width", 10.0)
        .num("height", 10.0)
        .close();
    Tag::open(&mut out, "text")
        .attr("class", "legend")
        .num("x", 281.0)
        .num("y", 16.0)
        .text("current, with provenance below");
    for (row, operation) in OPERATIONS.iter().enumerate() {
        let y = TOP + ROW * row as f64 + ROW / 2.0;
        let chosen = operation.key == choice.small.key || operation.key == choice.large.key;
        Tag::open(&mut out, "g").attr("class", if chosen { "row chosen" } else { "row" }).body();
        let mut title = String::from(operation.name);
        title.push_str(": published ");
        push_duration(&mut title, operation.published.nanoseconds);
        title.push_str(", current ");
        push_duration(&mut title, operation.current.nanoseconds);
        Tag::open(&mut out, "title").text(&title);
        Tag::open(&mut out, "text").attr("class", "name").num("x", 4.0).num("y", y + 4.0).text(operation.name);
        let value =
            |figure: &Figure, l1: &Figure| if choice.human { human_seconds(figure, l1) } else { figure.nanoseconds };
        let (old, new) =
            (x_of(value(&operation.published, &l1.published)), x_of(value(&operation.current, &l1.current)));
        Tag::open(&mut out, "line")
            .attr("class", "change")
            .num("x1", old)
            .num("y1", y)
            .num("x2", new)
            .num("y2", y)
            .close();
        Tag::open(&mut out, "circle").attr("class", "published").num("cx", old).num("cy", y).num("r", 5.0).close();
        Tag::open(&mut out, "rect")
            .attr("class", "current")
            .num("x", new - 5.0)
            .num("y", y - 5.0)
            .num("width", 10.0)
            .num("height", 10.0)
            .close();
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

/// Short human-scale tick labels: "1 s", "1.7 min", "2.8 h", "12 d", "3.2 y".
fn push_human_tick(out: &mut String, seconds: f64) {
    let (scale, unit) = if seconds >= 365.25 * 86_400.0 {
        (365.25 * 86_400.0, "y")
    } else if seconds >= 86_400.0 {
        (86_400.0, "d")
    } else if seconds >= 3_600.0 {
        (3_600.0, "h")
    } else if seconds >= 60.0 {
        (60.0, "min")
    } else {
        (1.0, "s")
    };
    let value = seconds / scale;
    let mut text = String::new();
    push_significant(&mut text, if value >= 10.0 { value.round() } else { value });
    out.push_str(&text);
    out.push(' ');
    out.push_str(unit);
}

/// How many of one operation fit in another, by both sets of figures.
pub fn readout(choice: &Choice) -> String {
    let (small, large) = (choice.small, choice.large);
    let mut out = String::with_capacity(800);
    out.push_str("<p>One <strong>");
    push_lower(&mut out, large.name);
    out.push_str("</strong> lasts as long as <strong>");
    push_count(&mut out, large.published.nanoseconds / small.published.nanoseconds);
    out.push_str("</strong> × ");
    push_lower(&mut out, small.name);
    out.push_str(" by the published figures (");
    push_duration(&mut out, large.published.nanoseconds);
    out.push_str(" ÷ ");
    push_duration(&mut out, small.published.nanoseconds);
    out.push_str("), and <strong>");
    push_count(&mut out, large.current.nanoseconds / small.current.nanoseconds);
    out.push_str("</strong> by the current ones (");
    push_duration(&mut out, large.current.nanoseconds);
    out.push_str(" ÷ ");
    push_duration(&mut out, small.current.nanoseconds);
    out.push_str(").</p>");
    if choice.human {
        let l1 = &OPERATIONS[0];
        out.push_str("<p>If an L1 cache reference took one second, ");
        push_lower(&mut out, large.name);
        out.push_str(" would take ");
        push_human(&mut out, human_seconds(&large.published, &l1.published));
        out.push_str(" by the published figures and ");
        push_human(&mut out, human_seconds(&large.current, &l1.current));
        out.push_str(" by the current ones.</p>");
    }
    out
}

fn push_lower(out: &mut String, name: &str) {
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        // Names that start with an acronym (L1, SSD) keep their capital.
        if chars.clone().next().is_some_and(|second| second.is_lowercase()) {
            out.extend(first.to_lowercase());
        } else {
            out.push(first);
        }
        out.push_str(chars.as_str());
    }
}

/// A ratio as a count: "100,000", "3.3".
fn push_count(out: &mut String, ratio: f64) {
    if ratio >= 100.0 {
        kit::num::push_grouped(out, ratio.round() as u64);
    } else {
        push_significant(out, ratio);
    }
}

fn push_provenance(out: &mut String) {
    out.push_str("<details class=\"provenance\"><summary>Where every number comes from</summary><div class=\"table-scroll\"><table><thead><tr><th scope=\"col\">Operation</th><th scope=\"col\">Published</th><th scope=\"col\">Current</th><th scope=\"col\">Current figure: how, source, hardware, year</th></tr></thead><tbody>");
    for operation in OPERATIONS {
        out.push_str("<tr><th scope=\"row\">");
        push_escaped(out, operation.name);
        out.push_str("</th><td>");
        push_duration(out, operation.published.nanoseconds);
        out.push_str(" <span class=\"year\">(");
        push_uint(out, u64::from(operation.published.year));
        out.push_str(")</span><br><span class=\"note\">");
        push_escaped(out, operation.published.note);
        out.push_str("</span></td><td>");
        push_duration(out, operation.current.nanoseconds);
        out.push_str("</td><td><strong>");
        out.push_str(operation.current.kind.label());
        out.push_str("</strong>: ");
        push_escaped(out, operation.current.source);
        out.push_str("; ");
        push_escaped(out, operation.current.hardware);
        out.push_str("; ");
        push_uint(out, u64::from(operation.current.year));
        out.push_str(". <span class=\"note\">");
        push_escaped(out, operation.current.note);
        out.push_str("</span></td></tr>");
    }
    out.push_str("</tbody></table></div><p class=\"note\">Published figures: Jeff Dean's LADIS 2009 keynote as transcribed by James Hamilton; the SSD rows from Jonas Bonér's 2012 gist. All are rounded estimates without stated hardware.</p></details>");
}

/// The operations a config names, or the defaults.
pub fn choice(view: &str, small: &str, large: &str) -> Choice {
    Choice {
        human: view == "human",
        small: operation(small).unwrap_or(&OPERATIONS[4]),
        large: operation(large).unwrap_or(&OPERATIONS[11]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn compares_two_operations_in_both_sets() {
        let text = text_of(&readout(&choice("log", "memory", "seek")));
        assert_eq!(
            text,
            "One disk seek lasts as long as 100,000 × main memory reference by the published figures (10 ms ÷ 100 ns), and 77,568 by the current ones (7.4 ms ÷ 95.4 ns)."
        );
        let human = text_of(&readout(&choice("human", "l1", "memory")));
        assert!(human.contains("If an L1 cache reference took one second, main memory reference would take 3.33 minutes by the published figures and 1.59 minutes by the current ones."), "{human}");
    }

    #[test]
    fn draws_every_row_with_both_marks_and_the_provenance() {
        for view in ["log", "human"] {
            let html = render(&choice(view, "memory", "seek"), Mode::Static);
            assert_eq!(html.matches("<g class=\"row").count(), OPERATIONS.len());
            assert_eq!(html.matches("<circle class=\"published\"").count(), OPERATIONS.len() + 1);
            assert_eq!(html.matches("<tr><th scope=\"row\">").count(), OPERATIONS.len());
            assert!(!html.contains("NaN"));
        }
    }
}
