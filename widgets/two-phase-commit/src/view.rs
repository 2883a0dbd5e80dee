//! State -> markup, shared by the static figure and the live widget.
//!
//! The coordinator (or its three replicas) sits on top, the participants below, each box saying
//! its state in words and, for a participant, whether it holds its locks. Messages in flight
//! are labelled tags moving along the line from sender to receiver.

use kit::controls::{push_button, push_choice, push_transport_unseeded, Transport};
use kit::markup::push_escaped;
use kit::num::{push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::protocol::{Body, Decision, Entry, Message, Node, Run, Stage, DELAY};
use crate::script::{Settings, MAX_PARTICIPANTS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub run: &'a Run,
    pub settings: &'a Settings,
    pub transport: &'a Transport,
}

const WIDTH: f64 = 640.0;
const BOX_WIDTH: f64 = 104.0;
/// Coordinator boxes are wider: their log line names the epoch.
const COORDINATOR_WIDTH: f64 = 150.0;
const BOX_HEIGHT: f64 = 54.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 200.0;
/// Log entries the text lists, newest first.
const ENTRIES_SHOWN: usize = 6;

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(12_000);
    out.push_str("<div class=\"two-phase-commit\">");
    push_transport_unseeded(&mut out, scene.transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(scene.run));
    out.push_str("</div><div class=\"widget-controls\" role=\"group\" aria-label=\"Faults\" data-part=\"faults\">");
    out.push_str(&faults(scene.run, disabled));
    out.push_str("</div><div class=\"widget-controls\">");
    let coordinators = [("single", "single"), ("replicated", "replicated (3, majority)")];
    let chosen = if scene.settings.replicated { "replicated" } else { "single" };
    push_choice(&mut out, "coordinator", "Coordinator", &coordinators, chosen, disabled);
    let counts: Vec<String> = (2..=MAX_PARTICIPANTS).map(|count| uint(count as u64)).collect();
    let options: Vec<(&str, &str)> = counts.iter().map(|count| (count.as_str(), count.as_str())).collect();
    push_choice(&mut out, "participants", "Participants", &options, &uint(scene.settings.votes.len() as u64), disabled);
    for (index, &vote) in scene.settings.votes.iter().enumerate() {
        let mut key = String::from("vote");
        push_uint(&mut key, index as u64 + 1);
        let mut label = String::from("P");
        push_uint(&mut label, index as u64 + 1);
        label.push_str(" votes");
        push_choice(&mut out, &key, &label, &[("yes", "yes"), ("no", "no")], if vote { "yes" } else { "no" }, disabled);
    }
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene.run));
    out.push_str("</div></div>");
    out
}

/// "C", "C0" or "P1".
fn name(run: &Run, node: Node) -> String {
    let mut text = String::new();
    match node {
        Node::Coordinator(replica) => {
            text.push('C');
            if run.replicated() {
                push_uint(&mut text, replica as u64);
            }
        }
        Node::Participant(index) => {
            text.push('P');
            push_uint(&mut text, index as u64 + 1);
        }
    }
    text
}

/// One crash-or-recover button per node, and the drop button; the live widget redraws them as
/// nodes go down and come back.
pub fn faults(run: &Run, disabled: bool) -> String {
    let mut out = String::new();
    let coordinators = (0..run.replicas.len()).map(Node::Coordinator);
    let participants = (0..run.participants.len()).map(Node::Participant);
    for node in coordinators.chain(participants) {
        let up = match node {
            Node::Coordinator(replica) => run.replicas[replica].up,
            Node::Participant(index) => run.participants[index].up,
        };
        let mut label = String::from(if up { "Crash " } else { "Recover " });
        label.push_str(&name(run, node));
        let mut action = String::from("toggle-");
        action.push_str(&name(run, node).to_lowercase());
        if !run.replicated() && node == Node::Coordinator(0) {
            action.push('0');
        }
        push_button(&mut out, &action, &label, disabled);
    }
    push_button(
        &mut out,
        "drop",
        if run.drop_next { "Next message will be lost" } else { "Drop the next message" },
        disabled || run.drop_next,
    );
    out
}

fn position(run: &Run, node: Node) -> (f64, f64) {
    let row = |count: usize, index: usize| WIDTH * (index as f64 + 0.5) / count as f64;
    match node {
        Node::Coordinator(replica) => (row(run.replicas.len(), replica), TOP + BOX_HEIGHT / 2.0),
        Node::Participant(index) => (row(run.participants.len(), index), BOTTOM + BOX_HEIGHT / 2.0),
    }
}

fn coordinator_state(run: &Run, replica: usize) -> (&'static str, String) {
    let copy = &run.replicas[replica];
    let status = if !copy.up {
        "down"
    } else if replica == run.leader && run.leading {
        if run.replicated() {
            "leader"
        } else {
            "up"
        }
    } else if replica == run.leader {
        "no leader"
    } else {
        "follower"
    };
    let mut log = String::from("log: ");
    match copy.recorded {
        None => log.push_str("no decision"),
        Some((epoch, decision)) => {
            log.push_str(decision_word(decision));
            if run.replicated() {
                log.push_str(" (epoch ");
                push_uint(&mut log, u64::from(epoch));
                log.push(')');
            }
        }
    }
    (status, log)
}

fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Commit => "commit",
        Decision::Abort => "abort",
    }
}

fn stage_word(stage: Stage) -> &'static str {
    match stage {
        Stage::Working => "working",
        Stage::Prepared => "prepared",
        Stage::Committed => "committed",
        Stage::Aborted => "aborted",
    }
}

fn push_box(out: &mut String, (x, y): (f64, f64), width: f64, class: &str, lines: [&str; 3]) {
    Tag::open(out, "g").attr("class", class).body();
    Tag::open(out, "rect")
        .num("x", x - width / 2.0)
        .num("y", y - BOX_HEIGHT / 2.0)
        .num("width", width)
        .num("height", BOX_HEIGHT)
        .num("rx", 6.0)
        .close();
    for (row, line) in lines.iter().enumerate() {
        Tag::open(out, "text").num("x", x).num("y", y - 10.0 + 15.0 * row as f64).text(line);
    }
    end_tag(out, "g");
}

pub fn diagram(run: &Run) -> String {
    let mut out = String::with_capacity(8_000);
    Tag::open(&mut out, "svg")
        // BOTTOM + BOX_HEIGHT + 10 tall.
        .attr("viewBox", "0 0 640 264")
        .attr("role", "img")
        .attr("aria-label", "Coordinator and participants with the messages in flight")
        .body();
    let leader = position(run, Node::Coordinator(run.leader));
    for index in 0..run.participants.len() {
        let (x, y) = position(run, Node::Participant(index));
        Tag::open(&mut out, "line")
            .attr("class", "link")
            .num("x1", leader.0)
            .num("y1", leader.1 + BOX_HEIGHT / 2.0)
            .num("x2", x)
            .num("y2", y - BOX_HEIGHT / 2.0)
            .close();
    }
    for replica in 0..run.replicas.len() {
        let (status, log) = coordinator_state(run, replica);
        let mut class = String::from("node coordinator");
        if !run.replicas[replica].up {
            class.push_str(" down");
        }
        let title = name(run, Node::Coordinator(replica));
        push_box(
            &mut out,
            position(run, Node::Coordinator(replica)),
            COORDINATOR_WIDTH,
            &class,
            [&title, status, &log],
        );
    }
    for (index, participant) in run.participants.iter().enumerate() {
        let mut class = String::from("node participant ");
        class.push_str(stage_word(participant.stage));
        if !participant.up {
            class.push_str(" down");
        }
        let mut title = name(run, Node::Participant(index));
        title.push_str(if participant.up { "" } else { " (down)" });
        let locks = if participant.holds_locks() { "locks held" } else { "no locks" };
        push_box(
            &mut out,
            position(run, Node::Participant(index)),
            BOX_WIDTH,
            &class,
            [&title, stage_word(participant.stage), locks],
        );
    }
    for (arrives, message) in run.in_flight() {
        push_message(&mut out, run, arrives, message);
    }
    end_tag(&mut out, "svg");
    out
}

fn label(body: Body) -> &'static str {
    match body {
        Body::Prepare => "PREPARE",
        Body::Vote(true) => "YES",
        Body::Vote(false) => "NO",
        Body::Outcome(Decision::Commit) => "COMMIT",
        Body::Outcome(Decision::Abort) => "ABORT",
        Body::Ack => "ACK",
        Body::Record { .. } => "RECORD",
        Body::Recorded { .. } => "RECORDED",
    }
}

fn push_message(out: &mut String, run: &Run, arrives: u64, message: &Message) {
    let (from, to) = (position(run, message.from), position(run, message.to));
    let progress = (run.now.saturating_sub(message.sent) as f64 / DELAY.max(arrives - message.sent) as f64).min(1.0);
    // Start and end at the boxes' edges rather than their centres.
    let edge = |(x, y): (f64, f64), towards: (f64, f64)| {
        let dy = towards.1 - y;
        if dy.abs() < 1.0 {
            (x + (towards.0 - x).signum() * COORDINATOR_WIDTH / 2.0, y)
        } else {
            (x + (towards.0 - x) * (BOX_HEIGHT / 2.0) / dy.abs(), y + dy.signum() * BOX_HEIGHT / 2.0)
        }
    };
    let (start, end) = (edge(from, to), edge(to, from));
    let x = start.0 + (end.0 - start.0) * (0.15 + 0.7 * progress);
    let y = start.1 + (end.1 - start.1) * (0.15 + 0.7 * progress);
    let text = label(message.body);
    let width = 7.0 * text.len() as f64 + 8.0;
    let class = match message.body {
        Body::Prepare | Body::Record { .. } => "message ask",
        Body::Vote(true) | Body::Recorded { .. } | Body::Ack => "message yes",
        Body::Vote(false) | Body::Outcome(Decision::Abort) => "message no",
        Body::Outcome(Decision::Commit) => "message commit",
    };
    Tag::open(out, "g").attr("class", class).body();
    Tag::open(out, "rect")
        .num("x", x - width / 2.0)
        .num("y", y - 8.0)
        .num("width", width)
        .num("height", 16.0)
        .num("rx", 3.0)
        .close();
    Tag::open(out, "text").num("x", x).num("y", y + 4.0).text(text);
    end_tag(out, "g");
}

pub fn readout(run: &Run) -> String {
    let mut out = String::with_capacity(2_000);
    out.push_str("<p>At ");
    push_uint(&mut out, run.now);
    out.push_str(" ms: ");
    for (index, participant) in run.participants.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(&name(run, Node::Participant(index)));
        out.push(' ');
        out.push_str(stage_word(participant.stage));
        if !participant.up {
            out.push_str(" (down)");
        }
    }
    out.push_str(". ");
    if !run.atomic() {
        // Never reached: the protocol tests hold atomicity over thousands of fault schedules.
        out.push_str("<strong>Atomicity is broken.</strong>");
    } else if run.settled() {
        let committed = run.participants.iter().all(|participant| participant.stage == Stage::Committed);
        out.push_str(if committed { "Every participant committed." } else { "Every participant aborted." });
    } else {
        out.push_str("No outcome yet.");
    }
    out.push_str("</p><p data-part=\"blocking\">");
    let blocked = run.blocked();
    if blocked.is_empty() {
        out.push_str("Not blocked.");
    } else {
        out.push_str("<strong>Blocked:</strong> ");
        for (position, index) in blocked.iter().enumerate() {
            out.push_str(if position == 0 { "" } else { ", " });
            out.push_str(&name(run, Node::Participant(*index)));
        }
        out.push_str(" prepared, holding locks, with no coordinator to answer, for ");
        push_uint(&mut out, run.now - run.blocked_since.unwrap_or(run.now));
        out.push_str(" ms so far.");
    }
    out.push_str(" Blocking window in total: ");
    push_uint(&mut out, run.blocked_total);
    out.push_str(" ms.");
    if run.drop_next {
        out.push_str(" The next message to arrive will be lost.");
    }
    out.push_str("</p>");
    if !run.log.is_empty() {
        out.push_str("<ol class=\"events\" reversed start=\"");
        push_uint(&mut out, run.log.len() as u64);
        out.push_str("\">");
        for (at, entry) in run.log.iter().rev().take(ENTRIES_SHOWN) {
            out.push_str("<li>");
            push_uint(&mut out, *at);
            out.push_str(" ms: ");
            push_escaped(&mut out, &describe(run, entry));
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

fn describe(run: &Run, entry: &Entry) -> String {
    let mut text = String::new();
    match entry {
        Entry::Delivered(message) | Entry::Lost { message, .. } => {
            text.push_str(label(message.body));
            text.push_str(" from ");
            text.push_str(&name(run, message.from));
            text.push_str(" to ");
            text.push_str(&name(run, message.to));
            match entry {
                Entry::Lost { dropped: true, .. } => text.push_str(" dropped by the network"),
                Entry::Lost { .. } => text.push_str(" lost: the receiver is down"),
                _ => text.push_str(" arrives"),
            }
        }
        Entry::Decided { replica, decision, logged } => {
            text.push_str(&name(run, Node::Coordinator(*replica)));
            if *logged {
                text.push_str(" has ");
                text.push_str(decision_word(*decision));
                text.push_str(if run.replicated() { " on a majority of replicas" } else { " on disk" });
                text.push_str(" and sends it");
            } else {
                text.push_str(" decides abort and sends it, writing nothing (presumed abort)");
            }
        }
        Entry::Crashed(node) => {
            text.push_str(&name(run, *node));
            text.push_str(" crashes");
        }
        Entry::Recovered(node) => {
            text.push_str(&name(run, *node));
            text.push_str(" recovers");
        }
        Entry::TookOver { replica, epoch, adopted } => {
            text.push_str(&name(run, Node::Coordinator(*replica)));
            text.push_str(" takes over in epoch ");
            push_uint(&mut text, u64::from(*epoch));
            match adopted {
                Some(decision) => {
                    text.push_str(" and adopts the recorded ");
                    text.push_str(decision_word(*decision));
                }
                None => text.push_str("; no decision recorded, so it asks for the votes again"),
            }
        }
        Entry::AbortedAlone(index) => {
            text.push_str(&name(run, Node::Participant(*index)));
            text.push_str(" was never asked to prepare and aborts on its own");
        }
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{replay, Action};

    fn html(settings: &Settings, actions: &[Action]) -> String {
        let run = replay(settings, actions);
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 0 };
        render(&Scene { run: &run, settings, transport: &transport }, Look::Live)
    }

    #[test]
    fn a_blocked_run_reads_as_text() {
        let settings = Settings { votes: vec![true, true], replicated: false };
        let mut actions = vec![Action::Step; 4];
        actions.push(Action::Toggle(Node::Coordinator(0)));
        actions.extend([Action::Step; 6]);
        let text = html(&settings, &actions);
        assert!(text.contains("P1 prepared, P2 prepared. No outcome yet."), "{text}");
        assert!(text.contains("<strong>Blocked:</strong> P1, P2 prepared, holding locks"), "{text}");
        assert!(text.contains(">Recover C<"), "{text}");
        assert!(!text.contains("data-control=\"seed\""));
    }

    #[test]
    fn every_setting_renders() {
        for count in 2..=MAX_PARTICIPANTS {
            for replicated in [false, true] {
                let settings = Settings { votes: vec![true; count], replicated };
                let text = html(&settings, &[Action::Step; 30]);
                assert!(text.contains("Every participant committed."), "{text}");
            }
        }
    }
}
