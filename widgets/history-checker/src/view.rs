//! State -> markup, shared by the static figure and the live widget.
//!
//! One lane per client, each operation a bar from invocation to response (a pending one runs
//! off the end, dashed). The selected operation is outlined; the table below gives every model's
//! verdict with the order that satisfies it or the witness that it cannot be satisfied.

use kit::controls::{push_button, push_choice, push_seed};
use kit::markup::push_escaped;
use kit::num::{push_fixed, uint};
use kit::svg::{end_tag, Tag};

use crate::checker::{check, Block, Model, Verdict, Witness};
use crate::history::{client_name, short, History, HORIZON, MAX_CLIENTS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub history: &'a History,
    pub selected: Option<usize>,
    pub seed: u64,
    /// What the last edit said, if it was refused.
    pub notice: Option<&'a str>,
}

const LEFT: f64 = 40.0;
const RIGHT: f64 = 630.0;
const LANE: f64 = 40.0;
const TOP: f64 = 24.0;

fn x_of(time: u32) -> f64 {
    LEFT + (RIGHT - LEFT) * f64::from(time) / f64::from(HORIZON)
}

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(12_000);
    out.push_str("<div class=\"history-checker\"><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&timeline(scene));
    out.push_str("</div><div data-part=\"editor\">");
    out.push_str(&editor(scene, disabled));
    out.push_str("</div><div class=\"widget-controls\">");
    let counts: Vec<String> = (2..=MAX_CLIENTS).map(|count| uint(count as u64)).collect();
    let options: Vec<(&str, &str)> = counts.iter().map(|count| (count.as_str(), count.as_str())).collect();
    push_choice(&mut out, "clients", "Clients", &options, &uint(scene.history.clients as u64), disabled);
    push_button(&mut out, "random", "Random history", disabled);
    push_seed(&mut out, scene.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene));
    out.push_str("</div></div>");
    out
}

/// The controls that edit the selected operation; they follow the selection.
pub fn editor(scene: &Scene, disabled: bool) -> String {
    let history = scene.history;
    let mut out = String::from("<div class=\"widget-controls\">");
    let labels: Vec<(String, String)> =
        (0..history.ops.len()).map(|index| (uint(index as u64), history.op_text(index))).collect();
    let mut options: Vec<(&str, &str)> = vec![("none", "none")];
    options.extend(labels.iter().map(|(value, label)| (value.as_str(), label.as_str())));
    let selected = scene.selected.map_or("none".to_string(), |index| uint(index as u64));
    push_choice(&mut out, "selected", "Operation", &options, &selected, disabled);
    let none = disabled || scene.selected.is_none();
    let is_read = scene.selected.is_some_and(|index| !history.ops[index].is_write());
    for (action, label, off) in [
        ("earlier", "◀ Earlier", none),
        ("later", "Later ▶", none),
        ("shorter", "Shorter", none),
        ("longer", "Longer", none),
        ("less", "Value −", none || !is_read),
        ("more", "Value +", none || !is_read),
        ("pending", "Returned / pending", none),
        ("delete", "Delete", none),
    ] {
        push_button(&mut out, action, label, off);
    }
    out.push_str("</div><div class=\"widget-controls\">");
    for client in 0..history.clients {
        let name = client_name(client);
        push_button(&mut out, &format!("write-{client}"), &format!("{name} writes"), disabled);
        push_button(&mut out, &format!("read-{client}"), &format!("{name} reads"), disabled);
    }
    out.push_str("</div>");
    out
}

pub fn timeline(scene: &Scene) -> String {
    let history = scene.history;
    let height = TOP + LANE * history.clients as f64 + 10.0;
    let mut out = String::with_capacity(6_000);
    let mut view_box = String::from("0 0 640 ");
    push_fixed(&mut view_box, height, 0);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "group")
        .attr("aria-label", "Operations on a timeline; select one and move it with the arrow keys")
        .body();
    for tick in (0..=HORIZON).step_by(2) {
        Tag::open(&mut out, "line")
            .attr("class", "tick")
            .num("x1", x_of(tick))
            .num("y1", 14.0)
            .num("x2", x_of(tick))
            .num("y2", height - 6.0)
            .close();
        Tag::open(&mut out, "text")
            .attr("class", "time")
            .num("x", x_of(tick))
            .num("y", 11.0)
            .text(&uint(u64::from(tick)));
    }
    for client in 0..history.clients {
        let y = TOP + LANE * client as f64;
        Tag::open(&mut out, "text")
            .attr("class", "lane")
            .num("x", 8.0)
            .num("y", y + 22.0)
            .text(&client_name(client).to_string());
    }
    for (index, op) in history.ops.iter().enumerate() {
        let y = TOP + LANE * op.client as f64 + 6.0;
        let (x1, x2) = (x_of(op.start), x_of(op.end.unwrap_or(HORIZON)));
        let mut class = String::from(if op.is_write() { "op write" } else { "op read" });
        if op.end.is_none() {
            class.push_str(" pending");
        }
        if scene.selected == Some(index) {
            class.push_str(" selected");
        }
        Tag::open(&mut out, "g")
            .attr("class", &class)
            .attr("data-op", &uint(index as u64))
            .attr("tabindex", "0")
            .attr("role", "button")
            .attr("aria-pressed", if scene.selected == Some(index) { "true" } else { "false" })
            .attr("aria-label", &history.op_text(index))
            .body();
        Tag::open(&mut out, "rect")
            .num("x", x1)
            .num("y", y)
            .num("width", (x2 - x1).max(6.0))
            .num("height", 24.0)
            .num("rx", 4.0)
            .close();
        let mut label = short(op);
        if op.end.is_none() {
            label.push_str(" …?");
        }
        Tag::open(&mut out, "text").num("x", x1 + 4.0).num("y", y + 16.0).text(&label);
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

/// `A:w(1)`.
fn name(history: &History, index: usize) -> String {
    let op = &history.ops[index];
    format!("{}:{}", client_name(op.client), short(op))
}

fn sequence(history: &History, order: &[usize]) -> String {
    order.iter().map(|&index| name(history, index)).collect::<Vec<_>>().join(" → ")
}

fn explain(history: &History, model: Model, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Holds(orders) => match model {
            Model::Linearizable | Model::Sequential => format!("order: {}", sequence(history, &orders[0])),
            Model::Causal => {
                let views: Vec<String> = orders
                    .iter()
                    .enumerate()
                    .map(|(client, order)| format!("{}'s view: {}", client_name(client), sequence(history, order)))
                    .collect();
                views.join("; ")
            }
            Model::ReadYourWrites | Model::MonotonicReads if orders.iter().all(Vec::is_empty) => {
                "no writes to order".into()
            }
            Model::ReadYourWrites | Model::MonotonicReads => {
                let views: Vec<String> = orders
                    .iter()
                    .enumerate()
                    .map(|(client, order)| {
                        format!("{} sees writes in the order {}", client_name(client), sequence(history, order))
                    })
                    .collect();
                views.join("; ")
            }
            Model::Eventual if orders[0].is_empty() => {
                "no client read after every write returned; nothing to compare yet".into()
            }
            Model::Eventual => {
                format!("the clients' last reads, after every write returned, agree: {}", sequence(history, &orders[0]))
            }
        },
        Verdict::Fails(witness) => witness_text(history, witness),
    }
}

fn witness_text(history: &History, witness: &Witness) -> String {
    match witness {
        Witness::ImpossibleRead(read) => {
            format!("{} returns {}, which no write wrote", name(history, *read), history.ops[*read].value())
        }
        Witness::DeadEnd { client, placed, blocked } => {
            let mut text = match client {
                Some(client) => format!("in {}'s view, ", client_name(*client)),
                None => String::new(),
            };
            text.push_str("no order works. ");
            if placed.is_empty() {
                text.push_str("Nothing can go first: ");
            } else {
                text.push_str(&format!("The furthest order, {}, then stops: ", sequence(history, placed)));
            }
            let reasons: Vec<String> = blocked
                .iter()
                .map(|(op, block)| match block {
                    Block::After(earlier) => format!("{} must follow {}", name(history, *op), name(history, *earlier)),
                    Block::Holds(value) => format!("{} would find {value} in the register", name(history, *op)),
                })
                .collect();
            text.push_str(&reasons.join("; "));
            text
        }
        Witness::Cycle(edges) => {
            let steps: Vec<String> = edges
                .iter()
                .map(|&(write, earlier, read)| {
                    if history.ops[read].is_write() {
                        format!("{} before {} (causality)", name(history, earlier), name(history, read))
                    } else {
                        format!(
                            "{} before what {} read ({} came first)",
                            name(history, write),
                            name(history, read),
                            name(history, earlier)
                        )
                    }
                })
                .collect();
            format!("no order of writes fits: {}", steps.join(", but "))
        }
        Witness::BackToInitial { earlier, read } => {
            format!("{} returns the initial 0 after {}", name(history, *read), name(history, *earlier))
        }
        Witness::Superseded { read, newer } => format!(
            "the clients' last reads settle on {}, but {} replaced it after",
            history.ops[*read].value(),
            name(history, *newer)
        ),
        Witness::Diverged(a, b) => {
            format!(
                "the clients' last reads, after every write returned, disagree: {} and {}",
                name(history, *a),
                name(history, *b)
            )
        }
    }
}

pub fn readout(scene: &Scene) -> String {
    let history = scene.history;
    let mut out = String::with_capacity(3_000);
    if let Some(notice) = scene.notice {
        out.push_str("<p class=\"notice\">");
        push_escaped(&mut out, notice);
        out.push_str("</p>");
    }
    let verdicts: Vec<(Model, Verdict)> = Model::ALL.iter().map(|&model| (model, check(history, model))).collect();
    let holding: Vec<&str> =
        verdicts.iter().filter(|(_, verdict)| verdict.holds()).map(|(model, _)| model.name()).collect();
    out.push_str("<p>");
    if holding.is_empty() {
        out.push_str("The history satisfies none of the six models.");
    } else {
        out.push_str("Satisfies: ");
        out.push_str(&holding.join(", "));
        out.push('.');
    }
    out.push_str("</p><table class=\"verdicts\"><tbody>");
    for (model, verdict) in &verdicts {
        out.push_str(if verdict.holds() { "<tr class=\"holds\">" } else { "<tr class=\"fails\">" });
        out.push_str("<th scope=\"row\">");
        out.push_str(model.name());
        out.push_str("</th><td>");
        out.push_str(if verdict.holds() { "✓ holds" } else { "✗ fails" });
        out.push_str("</td><td>");
        push_escaped(&mut out, &explain(history, *model, verdict));
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str, clients: usize) -> String {
        let history = History::parse(text, clients).unwrap();
        render(&Scene { history: &history, selected: Some(0), seed: 1, notice: None }, Look::Live)
    }

    #[test]
    fn verdicts_and_witnesses_read_as_text() {
        let text = html("A: w(1) 0-2; B: r()=0 5-7", 2);
        assert!(text.contains("Satisfies: sequential, causal, read your writes, monotonic reads."), "{text}");
        assert!(text.contains("settle on 0, but A:w(1) replaced it after"), "{text}");
        assert!(text.contains("order: B:r()=0 → A:w(1)"), "{text}");
        assert!(
            text.contains(
                "no order works. The furthest order, A:w(1), then stops: B:r()=0 would find 1 in the register"
            ),
            "{text}"
        );
        let text = html("A: w(1) 0-1; A: w(2) 2-3; B: r()=2 4-5; B: r()=1 6-7", 2);
        assert!(
            text.contains("no order of writes fits: A:w(1) before A:w(2) (causality), but A:w(2) before what B:r()=1 read (B:r()=2 came first)"),
            "{text}"
        );
    }

    #[test]
    fn random_histories_render() {
        for seed in 0..50 {
            let history = History::random(2 + (seed % 3) as usize, seed);
            let text = render(&Scene { history: &history, selected: None, seed, notice: None }, Look::Static);
            assert!(text.contains("<table class=\"verdicts\">"));
        }
    }
}
