//! State -> markup, shared by the static figure and the live widget.
//!
//! The orchestrator (or the event bus of a choreography) is drawn above a row of services; each
//! service says what its step did, how many times, and what waits in its outbox. The text says
//! what a concurrent reader would see now, which is the saga's missing isolation.

use kit::controls::{push_choice, push_toggle, push_transport_unseeded, Transport};
use kit::markup::push_escaped;
use kit::num::{push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::model::{Ending, Entry, Message, Outcome, Saga, Style, Work, DUPLICATED_STEP, STEPS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

/// What a reader of each service's database sees: after the step, after its compensation.
const SEEN: [(&str, &str); 6] = [
    ("order created", "order cancelled"),
    ("stock reserved", "stock released"),
    ("card charged", "card refunded"),
    ("courier booked", "courier cancelled"),
    ("confirmation sent", "correction sent"),
    ("points awarded", "points taken back"),
];

const ENTRIES_SHOWN: usize = 6;

pub fn render(saga: &Saga, transport: &Transport, look: Look) -> String {
    let disabled = look == Look::Static;
    let settings = saga.settings;
    let mut out = String::with_capacity(10_000);
    out.push_str("<div class=\"saga\">");
    push_transport_unseeded(&mut out, transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(saga));
    out.push_str("</div><div class=\"widget-controls\">");
    let styles = [("orchestration", "orchestration"), ("choreography", "choreography (events)")];
    let style = if settings.style == Style::Choreography { "choreography" } else { "orchestration" };
    push_choice(&mut out, "style", "Style", &styles, style, disabled);
    let counts: Vec<String> = (3..=STEPS.len()).map(|count| uint(count as u64)).collect();
    let options: Vec<(&str, &str)> = counts.iter().map(|count| (count.as_str(), count.as_str())).collect();
    push_choice(&mut out, "steps", "Steps", &options, &uint(settings.steps as u64), disabled);
    let numbers: Vec<String> = (0..=settings.steps).map(|step| uint(step as u64)).collect();
    let mut labels: Vec<String> = vec!["none".into()];
    labels.extend((0..settings.steps).map(|step| format!("{} ({})", step + 1, STEPS[step].0)));
    let options: Vec<(&str, &str)> =
        numbers.iter().zip(&labels).map(|(n, label)| (n.as_str(), label.as_str())).collect();
    let chosen = |step: Option<usize>| uint(step.map_or(0, |step| step as u64 + 1));
    push_choice(&mut out, "fail_at", "Step that fails", &options, &chosen(settings.fail_at), disabled);
    push_choice(&mut out, "crash_at", "Crash after commit", &options, &chosen(settings.crash_at), disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    push_toggle(&mut out, "duplicate", "Deliver the payment message twice", settings.duplicate, disabled);
    push_toggle(&mut out, "idempotency", "Idempotency keys", settings.idempotency, disabled);
    push_toggle(&mut out, "outbox", "Transactional outbox", settings.outbox, disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(saga));
    out.push_str("</div></div>");
    out
}

const WIDTH: f64 = 640.0;
const TOP: f64 = 10.0;
const ROW: f64 = 100.0;
const BOX_HEIGHT: f64 = 70.0;

fn service_x(saga: &Saga, step: usize) -> f64 {
    WIDTH * (step as f64 + 0.5) / saga.settings.steps as f64
}

/// The service's state in a few words: "done", "done ×2", "undone", "refused", "not yet".
fn status(saga: &Saga, step: usize) -> String {
    let service = &saga.services[step];
    let refused = saga.log.contains(&Entry::Refused(step));
    let mut text = String::new();
    if service.applied == 0 {
        text.push_str(if refused { "refused" } else { "not yet" });
    } else if service.compensated > 0 {
        text.push_str("undone");
    } else {
        text.push_str("done");
    }
    let extra = service.applied.max(service.compensated);
    if extra > 1 {
        text.push_str(" ×");
        push_uint(&mut text, u64::from(extra));
    }
    text
}

pub fn diagram(saga: &Saga) -> String {
    let mut out = String::with_capacity(6_000);
    Tag::open(&mut out, "svg")
        .attr("viewBox", "0 0 640 200")
        .attr("role", "img")
        .attr("aria-label", "The saga's coordinator and services")
        .body();
    let hub = match saga.settings.style {
        Style::Orchestration => "Orchestrator",
        Style::Choreography => "Event bus",
    };
    Tag::open(&mut out, "rect")
        .attr("class", "hub")
        .num("x", 20.0)
        .num("y", TOP)
        .num("width", WIDTH - 40.0)
        .num("height", 34.0)
        .num("rx", 6.0)
        .close();
    let mut hub_text = String::from(hub);
    hub_text.push_str(": ");
    hub_text.push_str(&queue_text(saga));
    Tag::open(&mut out, "text").attr("class", "hub-text").num("x", WIDTH / 2.0).num("y", TOP + 22.0).text(&hub_text);
    for (step, &(name, action, _, _)) in STEPS.iter().enumerate().take(saga.settings.steps) {
        let x = service_x(saga, step);
        let width = WIDTH / saga.settings.steps as f64 - 10.0;
        let service = &saga.services[step];
        Tag::open(&mut out, "line")
            .attr("class", "wire")
            .num("x1", x)
            .num("y1", TOP + 34.0)
            .num("x2", x)
            .num("y2", ROW)
            .close();
        let mut class = String::from("service ");
        let state = status(saga, step);
        class.push_str(state.split(' ').next().unwrap_or("").replace("not", "waiting").as_str());
        if service.applied > 1 || service.compensated > 1 {
            class.push_str(" twice");
        }
        Tag::open(&mut out, "g").attr("class", &class).body();
        Tag::open(&mut out, "rect")
            .num("x", x - width / 2.0)
            .num("y", ROW)
            .num("width", width)
            .num("height", BOX_HEIGHT)
            .num("rx", 6.0)
            .close();
        let mut title = String::new();
        push_uint(&mut title, step as u64 + 1);
        title.push_str(". ");
        title.push_str(name);
        let mut outbox = String::from("outbox ");
        push_uint(&mut outbox, service.outbox.len() as u64);
        for (line, text) in [title.as_str(), action, state.as_str(), outbox.as_str()].iter().enumerate() {
            Tag::open(&mut out, "text").num("x", x).num("y", ROW + 16.0 + 15.0 * line as f64).text(text);
        }
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

/// A message in a few words: "charge the card", "reply: done (Payments)", "CardCharged".
fn message_text(message: &Message) -> String {
    match *message {
        Message::Command { step, work: Work::Do } => STEPS[step].1.to_string(),
        Message::Command { step, work: Work::Undo } => STEPS[step].2.to_string(),
        Message::Reply { step, outcome } => format!("{} {}", STEPS[step].0, outcome_word(outcome)),
        Message::Event { step, outcome: Outcome::Done } => STEPS[step].3.to_string(),
        Message::Event { step, outcome } => format!("{} {}", STEPS[step].0, outcome_word(outcome)),
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Done => "done",
        Outcome::Failed => "failed",
        Outcome::Undone => "undone",
    }
}

fn queue_text(saga: &Saga) -> String {
    match saga.queue.front() {
        None if saga.finished() => "idle".into(),
        None => "nothing in flight".into(),
        Some(first) => {
            let mut text = String::from("next: ");
            text.push_str(&message_text(first));
            if saga.queue.len() > 1 {
                text.push_str(" (+");
                push_uint(&mut text, saga.queue.len() as u64 - 1);
                text.push_str(" queued)");
            }
            text
        }
    }
}

pub fn readout(saga: &Saga) -> String {
    let mut out = String::with_capacity(2_000);
    out.push_str("<p>After ");
    push_uint(&mut out, u64::from(saga.steps_taken));
    out.push_str(" steps: ");
    out.push_str(match (saga.ending, saga.stuck) {
        (Some(Ending::Completed), _) => "the saga completed.",
        (Some(Ending::Compensated), _) => "the saga was compensated.",
        (None, true) if saga.all_applied() => {
            "<strong>the saga is stuck</strong>: every step committed, but the last event was lost, so nobody learns that the order went through."
        }
        (None, true) => "<strong>the saga is stuck</strong>: a step committed but its message was lost, and nobody is waiting for it.",
        (None, false) => "the saga is running.",
    });
    if saga.ending.is_some() {
        out.push_str(if saga.all_applied() {
            " Every step took effect exactly once."
        } else if saga.all_compensated() {
            " Every step that took effect was undone exactly once."
        } else {
            " <strong>Not all-or-nothing:</strong> some effects are doubled or left behind."
        });
    }
    out.push_str("</p><p data-part=\"reader\">A concurrent reader now sees: ");
    let mut seen = Vec::new();
    for (step, service) in saga.services.iter().enumerate() {
        let (done, undone) = SEEN[step];
        let net = service.applied.saturating_sub(service.compensated);
        if net > 0 {
            seen.push(if net > 1 { format!("{done} {net} times") } else { done.to_string() });
        } else if service.applied > 0 {
            seen.push(undone.to_string());
        }
    }
    if seen.is_empty() {
        out.push_str("nothing yet.");
    } else {
        push_escaped(&mut out, &seen.join(", "));
        out.push_str(if saga.finished() { "." } else { ", none of it final: the saga may still compensate." });
    }
    if saga.duplicated {
        let payments = &saga.services[DUPLICATED_STEP];
        out.push_str(" The payment message arrived twice; the card was charged ");
        push_uint(&mut out, u64::from(payments.applied));
        out.push_str(if payments.applied == 1 { " time." } else { " times." });
    }
    out.push_str("</p>");
    if !saga.log.is_empty() {
        out.push_str("<ol class=\"events\" reversed start=\"");
        push_uint(&mut out, saga.log.len() as u64);
        out.push_str("\">");
        for entry in saga.log.iter().rev().take(ENTRIES_SHOWN) {
            out.push_str("<li>");
            push_escaped(&mut out, &describe(entry));
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

fn describe(entry: &Entry) -> String {
    match entry {
        Entry::Delivered(message) => format!("Delivered: {}.", message_text(message)),
        Entry::Duplicated(message) => format!("The network delivers “{}” a second time.", message_text(message)),
        Entry::Applied { step, work: Work::Do, again } => {
            format!("{}: {}{}.", STEPS[*step].0, STEPS[*step].1, if *again { ", again" } else { "" })
        }
        Entry::Applied { step, work: Work::Undo, again } => {
            format!("{} compensates: {}{}.", STEPS[*step].0, STEPS[*step].2, if *again { ", again" } else { "" })
        }
        Entry::Refused(step) => format!("{} cannot {}: its local transaction fails.", STEPS[*step].0, STEPS[*step].1),
        Entry::Skipped { step, .. } => {
            format!("{} has seen this idempotency key: no second effect, same answer.", STEPS[*step].0)
        }
        Entry::Crashed(step) => format!("{} crashes after committing, before publishing.", STEPS[*step].0),
        Entry::Relayed(message) => format!("The outbox relay publishes “{}”.", message_text(message)),
        Entry::Retried(message) => {
            format!("No reply in time: the orchestrator sends “{}” again.", message_text(message))
        }
        Entry::Finished(Ending::Completed) => "The saga completed.".into(),
        Entry::Finished(Ending::Compensated) => "The saga is compensated.".into(),
        Entry::Stuck => "Nothing left to deliver and nobody waiting: stuck.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;

    fn text(settings: Settings, steps: u32) -> String {
        let mut saga = Saga::new(settings);
        for _ in 0..steps {
            saga.step();
        }
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 0 };
        render(&saga, &transport, Look::Live)
    }

    fn settings() -> Settings {
        Settings {
            steps: 4,
            style: Style::Orchestration,
            fail_at: None,
            duplicate: false,
            idempotency: true,
            outbox: false,
            crash_at: None,
        }
    }

    #[test]
    fn a_reader_sees_intermediate_state_and_the_end_reads_as_text() {
        let html = text(Settings { fail_at: Some(2), ..settings() }, 4);
        assert!(
            html.contains("A concurrent reader now sees: order created, stock reserved, none of it final"),
            "{html}"
        );
        let html = text(Settings { fail_at: Some(2), ..settings() }, 100);
        assert!(
            html.contains("the saga was compensated. Every step that took effect was undone exactly once."),
            "{html}"
        );
        assert!(html.contains("order cancelled, stock released."), "{html}");
        let html = text(Settings { duplicate: true, idempotency: false, ..settings() }, 100);
        assert!(html.contains("card charged 2 times"), "{html}");
        assert!(html.contains("Not all-or-nothing"), "{html}");
    }

    #[test]
    fn every_setting_renders() {
        for style in [Style::Orchestration, Style::Choreography] {
            for steps in 3..=STEPS.len() {
                for fail_at in [None, Some(0), Some(steps - 1)] {
                    let html = text(Settings { steps, style, fail_at, crash_at: Some(1), ..settings() }, 200);
                    assert!(html.contains("After "), "{html}");
                }
            }
        }
    }
}
