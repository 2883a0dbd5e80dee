//! State -> markup, shared by the static figure and the live widget.
//!
//! One row per replica: its name, role and lag, then its log as squares aligned by write number,
//! so a follower's gap behind the leader lines up under the leader's tail. Writes still on the
//! wire to a follower are drawn hollow after its log. Posts and replies differ in colour and in
//! their letter; lost writes are crossed out on the dead leader's row.

use kit::controls::{push_button, push_choice, push_slider, push_toggle, push_transport, Slider, Transport};
use kit::markup::push_escaped;
use kit::num::{push_count, push_fixed, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::model::{Anomaly, Client, Cluster, Event, Finding, Mode, Write, MAX_LAG};
use crate::script::Settings;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub cluster: &'a Cluster,
    pub settings: &'a Settings,
    pub transport: &'a Transport,
}

/// Writes drawn per row; older ones scroll off to the left.
const COLUMNS: u32 = 20;
const LABEL_WIDTH: f64 = 130.0;
const CELL: f64 = 28.0;
const ROW: f64 = 36.0;
/// Events the text lists, newest first.
const EVENTS_SHOWN: usize = 6;

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(16_000);
    out.push_str("<div class=\"replication\">");
    push_transport(&mut out, scene.transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(scene.cluster));
    out.push_str("</div><div class=\"widget-controls\" role=\"group\" aria-label=\"Clients and faults\">");
    push_buttons(&mut out, scene.cluster, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    push_settings(&mut out, scene.settings, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    for (index, &lag) in scene.settings.lags.iter().enumerate() {
        let key = lag_key(index);
        let label = format!("Lag to R{}, ms", index + 1);
        let slider = Slider { key: &key, label: &label, min: 0, max: MAX_LAG as u32, step: 50, value: lag as u32 };
        push_slider(&mut out, &slider, disabled);
    }
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene.cluster));
    out.push_str("</div></div>");
    out
}

/// The control key of follower `index`'s lag slider (`lag1` for R1).
pub fn lag_key(index: usize) -> String {
    format!("lag{}", index + 1)
}

/// The client buttons and the fault, each with whether it is unavailable now: a client waiting
/// for an acknowledgement cannot act, and a leader without a live follower cannot fail over.
pub fn button_states(cluster: &Cluster) -> [(&'static str, bool); 5] {
    [
        ("alice-writes", cluster.waiting(Client::Alice)),
        ("alice-reads", cluster.waiting(Client::Alice)),
        ("bob-replies", cluster.waiting(Client::Bob)),
        ("carol-reads", false),
        ("kill", !cluster.has_live_follower()),
    ]
}

fn push_buttons(out: &mut String, cluster: &Cluster, disabled: bool) {
    let labels = ["Alice writes", "Alice reads", "Bob replies", "Carol reads", "Kill the leader"];
    for ((action, unavailable), label) in button_states(cluster).into_iter().zip(labels) {
        push_button(out, action, label, disabled || unavailable);
    }
}

fn push_settings(out: &mut String, settings: &Settings, disabled: bool) {
    let modes: Vec<(&str, &str)> = Mode::ALL.iter().map(|mode| (mode.key(), mode.label())).collect();
    push_choice(out, "mode", "Replication", &modes, settings.mode.key(), disabled);
    let counts = [("2", "2"), ("3", "3"), ("4", "4")];
    push_choice(out, "followers", "Followers", &counts, &uint(settings.lags.len() as u64), disabled);
    push_toggle(out, "read_your_writes", "Read-your-writes routing", settings.guards.read_your_writes, disabled);
    push_toggle(out, "pin", "Pin each client to one replica", settings.guards.pin, disabled);
    push_toggle(out, "automatic", "Clients act on their own", settings.automatic, disabled);
}

fn role(cluster: &Cluster, index: usize) -> String {
    let replica = &cluster.replicas[index];
    let mut text = String::from("R");
    push_uint(&mut text, index as u64);
    if !replica.up {
        text.push_str(" down");
    } else if index == cluster.leader {
        text.push_str(" leader");
    } else {
        text.push_str(" · ");
        push_uint(&mut text, replica.lag);
        text.push_str(" ms");
    }
    text
}

pub fn diagram(cluster: &Cluster) -> String {
    let first = (cluster.writes.len() as u32).saturating_sub(COLUMNS) + 1;
    let rows = cluster.replicas.len();
    let width = LABEL_WIDTH + f64::from(COLUMNS) * CELL + 10.0;
    let height = 22.0 + ROW * rows as f64;
    let mut out = String::with_capacity(12_000);
    let mut view_box = String::from("0 0 ");
    push_fixed(&mut view_box, width, 0);
    view_box.push(' ');
    push_fixed(&mut view_box, height, 0);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", &summary(cluster))
        .body();
    Tag::open(&mut out, "text").num("x", LABEL_WIDTH).num("y", 13.0).attr("class", "legend").text(
        "P = Alice's post, Re = Bob's reply, by number; hollow = on the wire; dashed = not acknowledged; crossed = lost",
    );
    for index in 0..rows {
        let top = 22.0 + ROW * index as f64;
        let replica = &cluster.replicas[index];
        let mut class = String::from("replica");
        if index == cluster.leader {
            class.push_str(" leader");
        }
        if !replica.up {
            class.push_str(" down");
        }
        Tag::open(&mut out, "g").attr("class", &class).body();
        Tag::open(&mut out, "text")
            .num("x", 4.0)
            .num("y", top + 18.0)
            .attr("class", "row-label")
            .text(&role(cluster, index));
        for &id in &replica.log {
            push_entry(&mut out, cluster, id, first, top, Entry::Applied);
        }
        for &(_, to, id) in cluster.in_flight.iter().filter(|&&(_, to, _)| to == index) {
            push_entry(&mut out, cluster, id, first, top, Entry::OnTheWire(to));
        }
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Applied,
    OnTheWire(usize),
}

fn push_entry(out: &mut String, cluster: &Cluster, id: u32, first: u32, top: f64, entry: Entry) {
    if id < first {
        return;
    }
    let write = cluster.write(id);
    let x = LABEL_WIDTH + f64::from(id - first) * CELL;
    let mut class = String::from(if write.cause.is_some() { "entry reply" } else { "entry post" });
    match entry {
        Entry::OnTheWire(_) => class.push_str(" wire"),
        Entry::Applied if !write.acknowledged_by(cluster.now) => class.push_str(" pending"),
        Entry::Applied => {}
    }
    let lost = cluster.lost.contains(&id);
    if lost {
        class.push_str(" lost");
    }
    Tag::open(out, "g").attr("class", &class).body();
    Tag::open(out, "rect").num("x", x + 1.0).num("y", top + 4.0).num("width", CELL - 3.0).num("height", 20.0).close();
    let mut label = String::from(if write.cause.is_some() { "Re" } else { "P" });
    push_uint(&mut label, u64::from(id));
    Tag::open(out, "text").num("x", x + CELL / 2.0 - 0.5).num("y", top + 18.0).text(&label);
    if lost {
        Tag::open(out, "line")
            .num("x1", x + 1.0)
            .num("y1", top + 24.0)
            .num("x2", x + CELL - 2.0)
            .num("y2", top + 4.0)
            .close();
    }
    let mut title = String::new();
    push_write(&mut title, write);
    if let Entry::OnTheWire(to) = entry {
        title.push_str(", on its way to R");
        push_uint(&mut title, to as u64);
    }
    Tag::open(out, "title").text(&title);
    end_tag(out, "g");
}

fn summary(cluster: &Cluster) -> String {
    let mut text = String::from("Replica logs at ");
    push_seconds(&mut text, cluster.now);
    for index in 0..cluster.replicas.len() {
        text.push_str("; ");
        text.push_str(&role(cluster, index));
        text.push_str(": ");
        push_count(&mut text, cluster.replicas[index].log.len() as u64, "write", "writes");
    }
    text
}

fn push_seconds(out: &mut String, ms: u64) {
    push_fixed(out, ms as f64 / 1000.0, 1);
    out.push_str(" s");
}

/// "post #3" or "reply #4 to #3".
fn push_write(out: &mut String, write: &Write) {
    match write.cause {
        None => out.push_str("post #"),
        Some(_) => out.push_str("reply #"),
    }
    push_uint(out, u64::from(write.id));
    if let Some(post) = write.cause {
        out.push_str(" to #");
        push_uint(out, u64::from(post));
    }
}

fn push_ids(out: &mut String, ids: &[u32]) {
    for (index, id) in ids.iter().enumerate() {
        out.push_str(if index == 0 { "#" } else { ", #" });
        push_uint(out, u64::from(*id));
    }
}

pub fn readout(cluster: &Cluster) -> String {
    let mut out = String::with_capacity(2_000);
    out.push_str("<p>At ");
    push_seconds(&mut out, cluster.now);
    out.push_str(": ");
    let acknowledged = cluster.writes.iter().filter(|write| write.acknowledged_by(cluster.now)).count();
    push_count(&mut out, cluster.writes.len() as u64, "write", "writes");
    out.push_str(", ");
    push_uint(&mut out, acknowledged as u64);
    out.push_str(" acknowledged.</p><p>Anomalies: ");
    for (index, anomaly) in Anomaly::ALL.into_iter().enumerate() {
        if index > 0 {
            out.push_str(" · ");
        }
        out.push_str(anomaly.guarantee());
        out.push(' ');
        push_uint(&mut out, u64::from(cluster.anomalies[anomaly as usize]));
    }
    out.push_str(".</p>");
    if cluster.guards.pin {
        out.push_str("<p>Pinned: ");
        for (index, client) in Client::ALL.into_iter().enumerate() {
            out.push_str(if index == 0 { "" } else { ", " });
            out.push_str(client.name());
            out.push_str(" reads R");
            push_uint(&mut out, cluster.pinned(client) as u64);
        }
        out.push_str(".</p>");
    }
    out.push_str("<p data-part=\"lost\">Lost acknowledged writes: ");
    if cluster.lost.is_empty() {
        out.push_str("none");
    } else {
        push_uint(&mut out, cluster.lost.len() as u64);
        out.push_str(" (");
        push_ids(&mut out, &cluster.lost);
        out.push(')');
    }
    out.push_str(".</p>");
    if !cluster.events.is_empty() {
        out.push_str("<ol class=\"events\" reversed start=\"");
        push_uint(&mut out, cluster.events.len() as u64);
        out.push_str("\">");
        for event in cluster.events.iter().rev().take(EVENTS_SHOWN) {
            out.push_str("<li>");
            push_event(&mut out, cluster, event);
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

fn push_event(out: &mut String, cluster: &Cluster, event: &Event) {
    match event {
        Event::Wrote { write } => {
            push_seconds(out, write.at);
            out.push_str(": ");
            out.push_str(write.author.name());
            out.push_str(" sends ");
            push_write(out, write);
            match cluster.write(write.id).acknowledged_at {
                Some(at) if at == write.at => out.push_str(", acknowledged at once"),
                Some(at) => {
                    out.push_str(", acknowledged at ");
                    push_seconds(out, at);
                }
                None => out.push_str(", never acknowledged: the leader failed first"),
            }
            out.push('.');
        }
        Event::Read { client, at, posts_from, replies_from, visible, finding } => {
            push_seconds(out, *at);
            out.push_str(": ");
            out.push_str(client.name());
            out.push_str(" reads posts from R");
            push_uint(out, *posts_from as u64);
            if replies_from == posts_from {
                out.push_str(" and replies from it too");
            } else {
                out.push_str(" and replies from R");
                push_uint(out, *replies_from as u64);
            }
            out.push_str(" and sees ");
            push_count(out, *visible as u64, "write", "writes");
            match finding {
                None => out.push('.'),
                Some(finding) => push_finding(out, *client, finding),
            }
        }
        Event::Failover { at, old, new, lost } => {
            push_seconds(out, *at);
            out.push_str(": leader R");
            push_uint(out, *old as u64);
            out.push_str(" killed; R");
            push_uint(out, *new as u64);
            out.push_str(" has the longest log and is promoted. ");
            if lost.is_empty() {
                out.push_str("No acknowledged write is lost.");
            } else {
                out.push_str("Lost: ");
                push_ids(out, lost);
                out.push('.');
            }
        }
    }
}

fn push_finding(out: &mut String, client: Client, finding: &Finding) {
    out.push_str(" — <strong>");
    out.push_str(finding.anomaly.guarantee());
    out.push_str(" broken</strong>: ");
    let mut detail = String::new();
    match finding.anomaly {
        Anomaly::OwnWriteMissing => {
            detail.push_str(if client == Client::Bob { "his" } else { "her" });
            detail.push_str(" own #");
        }
        Anomaly::WentBackwards => detail.push('#'),
        Anomaly::ReplyBeforePost => detail.push_str("reply #"),
    }
    push_uint(&mut detail, u64::from(finding.write));
    match (finding.anomaly, finding.cause) {
        (Anomaly::ReplyBeforePost, Some(post)) => {
            detail.push_str(" without post #");
            push_uint(&mut detail, u64::from(post));
        }
        (Anomaly::WentBackwards, _) => detail.push_str(", seen before, is missing"),
        _ => detail.push_str(" is missing"),
    }
    detail.push('.');
    push_escaped(out, &detail);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Guards;
    use crate::script::{replay, Action};

    fn scene_text(settings: &Settings, actions: &[Action]) -> String {
        let cluster = replay(settings, actions);
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        render(&Scene { cluster: &cluster, settings, transport: &transport }, Look::Live)
    }

    #[test]
    fn a_run_reads_as_text() {
        let settings =
            Settings { mode: Mode::Async, guards: Guards::default(), lags: vec![50, 400], automatic: false, seed: 1 };
        let html = scene_text(&settings, &[Action::AliceWrites, Action::Step, Action::KillLeader]);
        assert!(html.contains("Alice sends post #1, acknowledged at once."), "{html}");
        assert!(html.contains("Lost acknowledged writes: none."), "R1 had it after 50 ms: {html}");
        let html = scene_text(&settings, &[Action::AliceWrites, Action::KillLeader]);
        assert!(html.contains("Lost acknowledged writes: 1 (#1)."), "{html}");
        assert!(!html.contains("data-action=\"kill\" disabled"), "a follower is still up");
    }

    #[test]
    fn every_control_value_renders() {
        for followers in 2..=4 {
            for mode in Mode::ALL {
                let settings = Settings {
                    mode,
                    guards: Guards { read_your_writes: true, pin: true },
                    lags: vec![0; followers],
                    automatic: true,
                    seed: 9,
                };
                let actions: Vec<Action> =
                    (0..200).map(|i| if i % 50 == 49 { Action::KillLeader } else { Action::Step }).collect();
                let html = scene_text(&settings, &actions);
                assert!(html.contains("data-action=\"kill\" disabled"), "all followers are gone after four kills");
            }
        }
    }
}
