//! State -> markup, shared by the static figure and the live widget.
//!
//! Servers sit on a ring with their role drawn three ways (outline, fill and a word), their
//! term and vote; messages in flight travel along the chords between servers; every log is a
//! row of entries labelled with their terms (coloured too), committed entries solid, others
//! dashed. The text readout repeats what matters for screen readers.

use kit::controls::{push_button, push_choice, push_slider, push_transport, Slider, Transport};
use kit::markup::push_escaped;
use kit::num::{push_count, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::cluster::{Cluster, Envelope, Happening, Loss, Message, Outcome, Role, Rule, MAX_SERVERS};
use crate::run::Run;
use crate::safety::Violation;
use crate::scenario::Figure;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// Where the violation search stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    Idle,
    Running { rule: Rule, seeds_tried: u64 },
    Found { rule: Rule, seed: u64, violation: Violation },
    NotFound { rule: Rule, seeds_tried: u64 },
}

/// Everything the view needs besides the run.
pub struct Ui<'a> {
    pub transport: &'a Transport,
    pub search: Search,
    /// The server count the slider shows (free play).
    pub servers: usize,
    pub figure: Option<Figure>,
    pub broken: Option<Rule>,
}

const RING_SIZE: f64 = 340.0;
const RING_CENTRE: f64 = RING_SIZE / 2.0;
const RING_RADIUS: f64 = 120.0;
const NODE_RADIUS: f64 = 27.0;
/// Deliveries listed for a stage of a guided figure.
const STAGE_LOG: usize = 40;
/// Log entries shown per row; longer logs show their tail.
const SHOWN_ENTRIES: usize = 18;

pub fn render(run: &Run, ui: &Ui, mode: Mode) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"raft\">");
    push_transport(&mut out, ui.transport, disabled);
    out.push_str("<p class=\"banner\" data-part=\"banner\">");
    out.push_str(&banner(run, ui));
    out.push_str("</p><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&visual(run, mode));
    out.push_str("</div>");
    push_controls(&mut out, run, ui, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(run, ui));
    out.push_str("</div></div>");
    out
}

pub fn server_name(server: usize) -> String {
    let mut name = String::from("S");
    push_uint(&mut name, server as u64 + 1);
    name
}

/// The ring and the logs.
pub fn visual(run: &Run, mode: Mode) -> String {
    let mut out = String::with_capacity(16_000);
    // A guided figure sends a round of messages all at once: draw them halfway along.
    let midway = matches!(run, Run::Guided(_));
    push_ring(&mut out, run.cluster(), mode, run.accepts_faults(), midway);
    push_logs(&mut out, run);
    out
}

fn position(server: usize, count: usize) -> (f64, f64) {
    let (sin, cos) = kit::math::sin_cos(core::f64::consts::TAU * server as f64 / count.max(1) as f64);
    (RING_CENTRE + RING_RADIUS * sin, RING_CENTRE - RING_RADIUS * cos)
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

fn push_ring(out: &mut String, cluster: &Cluster, mode: Mode, clickable: bool, midway: bool) {
    let count = cluster.servers.len();
    Tag::open(out, "svg")
        .attr("class", "ring")
        .attr("viewBox", "0 0 340 340")
        .attr("role", "group")
        .attr("aria-label", "Servers and the messages in flight between them")
        .body();
    // The partition line: servers on the split-off side get a shaded halo.
    for server in 0..count {
        let (x, y) = position(server, count);
        if cluster.partition >> server & 1 == 1 {
            Tag::open(out, "circle")
                .attr("class", "split")
                .num("cx", x)
                .num("cy", y)
                .num("r", NODE_RADIUS + 9.0)
                .close();
        }
    }
    if let Some((a, b)) = cluster.slow_link {
        let ((x1, y1), (x2, y2)) = (position(a, count), position(b, count));
        Tag::open(out, "line")
            .attr("class", "slow-link")
            .num("x1", x1)
            .num("y1", y1)
            .num("x2", x2)
            .num("y2", y2)
            .close();
    }
    for server in 0..count {
        push_server(out, cluster, server, mode, clickable);
    }
    for envelope in cluster.in_flight() {
        push_message(out, cluster, envelope, midway);
    }
    end_tag(out, "svg");
}

fn push_server(out: &mut String, cluster: &Cluster, server: usize, mode: Mode, clickable: bool) {
    let state = &cluster.servers[server];
    let (x, y) = position(server, cluster.servers.len());
    let mut class = String::from("server ");
    class.push_str(if state.up { role_word(state.role) } else { "down" });
    if cluster.checker.violations().iter().any(|violation| violation.server == server) {
        class.push_str(" violated");
    }
    let mut label = server_name(server);
    label.push_str(if state.up { ", " } else { ", down (crashed), " });
    label.push_str(role_word(state.role));
    label.push_str(", term ");
    push_uint(&mut label, u64::from(state.term));
    let mut group = Tag::open(out, "g").attr("class", &class);
    if mode == Mode::Live && clickable {
        label.push_str(if state.up { ". Press to crash it." } else { ". Press to restart it." });
        group = group.attr("data-server", &uint(server as u64)).attr("tabindex", "0").attr("role", "button");
    }
    group.body();
    Tag::open(out, "title").text(&label);
    Tag::open(out, "circle").attr("class", "node").num("cx", x).num("cy", y).num("r", NODE_RADIUS).close();
    Tag::open(out, "text")
        .attr("class", "name")
        .attr("aria-hidden", "true")
        .num("x", x)
        .num("y", y - 4.0)
        .text(&server_name(server));
    let mut detail = String::from("t");
    push_uint(&mut detail, u64::from(state.term));
    if !state.up {
        detail = String::from("down");
    }
    Tag::open(out, "text")
        .attr("class", "detail")
        .attr("aria-hidden", "true")
        .num("x", x)
        .num("y", y + 11.0)
        .text(&detail);
    let mut role = String::from(if state.up { role_word(state.role) } else { "crashed" });
    if let (true, Some(vote)) = (state.role == Role::Follower, state.voted_for) {
        role.push_str(" · voted ");
        role.push_str(&server_name(vote));
    }
    let below = if y > RING_CENTRE { y + NODE_RADIUS + 13.0 } else { y - NODE_RADIUS - 6.0 };
    Tag::open(out, "text").attr("class", "role").attr("aria-hidden", "true").num("x", x).num("y", below).text(&role);
    end_tag(out, "g");
}

fn push_message(out: &mut String, cluster: &Cluster, envelope: &Envelope, midway: bool) {
    let count = cluster.servers.len();
    let ((x1, y1), (x2, y2)) = (position(envelope.from, count), position(envelope.to, count));
    let span = envelope.arrives.saturating_sub(envelope.sent).max(1) as f64;
    let progress =
        if midway { 0.5 } else { (cluster.now().saturating_sub(envelope.sent) as f64 / span).clamp(0.0, 1.0) };
    // Start and end at the circles' edges, not their centres.
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let usable = (length - 2.0 * NODE_RADIUS).max(0.0);
    let along = NODE_RADIUS + usable * progress;
    let (x, y) = (x1 + dx / length * along, y1 + dy / length * along);
    let (class, text) = match &envelope.message {
        Message::RequestVote { .. } => ("msg request-vote", String::from("RV")),
        Message::Vote { granted: true, .. } => ("msg reply yes", String::from("✓")),
        Message::Vote { granted: false, .. } => ("msg reply no", String::from("✗")),
        Message::AppendEntries { entries, .. } if entries.is_empty() => ("msg append", String::from("♥")),
        Message::AppendEntries { entries, .. } => {
            let mut text = String::from("+");
            push_uint(&mut text, entries.len() as u64);
            ("msg append", text)
        }
        Message::Appended { success: true, .. } => ("msg reply yes", String::from("ok")),
        Message::Appended { success: false, .. } => ("msg reply no", String::from("no")),
    };
    Tag::open(out, "g").attr("class", class).attr("aria-hidden", "true").body();
    Tag::open(out, "rect")
        .num("x", x - 11.0)
        .num("y", y - 8.0)
        .num("width", 22.0)
        .num("height", 16.0)
        .attr("rx", "4")
        .close();
    Tag::open(out, "text").num("x", x).num("y", y + 4.0).text(&text);
    end_tag(out, "g");
}

fn push_logs(out: &mut String, run: &Run) {
    let cluster = run.cluster();
    let longest = cluster.servers.iter().map(|server| server.log.len()).max().unwrap_or(0);
    let first = longest.saturating_sub(SHOWN_ENTRIES) + 1;
    let row = 26.0;
    let left = 196.0;
    let height = 24.0 + row * cluster.servers.len() as f64;
    let mut view_box = String::from("0 0 640 ");
    push_uint(&mut view_box, height as u64);
    Tag::open(out, "svg")
        .attr("class", "logs")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "Each server's log: entries by index, labelled with their terms; committed entries solid")
        .body();
    for index in first..first + SHOWN_ENTRIES {
        let x = left + 24.0 * (index - first) as f64 + 11.0;
        Tag::open(out, "text").attr("class", "index").num("x", x).num("y", 14.0).text(&uint(index as u64));
    }
    for (x, heading) in [(128.0, "commit"), (166.0, "applied")] {
        Tag::open(out, "text").attr("class", "index").num("x", x).num("y", 14.0).text(heading);
    }
    let figure_7 = matches!(run, Run::Guided(scenario) if scenario.figure == Figure::Seven);
    for (server, state) in cluster.servers.iter().enumerate() {
        let y = 22.0 + row * server as f64;
        let mut label = server_name(server);
        if figure_7 && server > 0 {
            label.push_str(" (");
            label.push((b'a' + server as u8 - 1) as char);
            label.push(')');
        }
        label.push(' ');
        label.push_str(if state.up { role_word(state.role) } else { "down" });
        Tag::open(out, "text").attr("class", "row-label").num("x", 2.0).num("y", y + 15.0).text(&label);
        for (x, value) in [(128.0, state.commit_index), (166.0, state.last_applied)] {
            Tag::open(out, "text").attr("class", "row-number").num("x", x).num("y", y + 15.0).text(&uint(value as u64));
        }
        for (offset, entry) in state.log.iter().enumerate().skip(first - 1).take(SHOWN_ENTRIES) {
            let index = offset + 1;
            let x = left + 24.0 * (index - first) as f64;
            let mut class = String::from("entry t");
            push_uint(&mut class, u64::from(entry.term % 8));
            if index <= state.commit_index {
                class.push_str(" committed");
            }
            if cluster
                .checker
                .violations()
                .iter()
                .any(|violation| violation.server == server && violation.index == index)
            {
                class.push_str(" violated");
            }
            Tag::open(out, "g").attr("class", &class).body();
            Tag::open(out, "rect")
                .num("x", x)
                .num("y", y)
                .num("width", 22.0)
                .num("height", 22.0)
                .attr("rx", "3")
                .close();
            Tag::open(out, "text").num("x", x + 11.0).num("y", y + 15.0).text(&uint(u64::from(entry.term)));
            end_tag(out, "g");
        }
    }
    end_tag(out, "svg");
}

fn push_controls(out: &mut String, run: &Run, ui: &Ui, disabled: bool) {
    let cluster = run.cluster();
    let faults_off = disabled || !run.accepts_faults();
    out.push_str("<div class=\"widget-controls\">");
    push_button(out, "request", "Client request", faults_off);
    push_button(out, "isolate", "Isolate the leader", faults_off);
    push_button(out, "heal", "Heal the partition", faults_off);
    let sides = partition_choices(cluster.servers.len());
    let options: Vec<(&str, &str)> = sides.iter().map(|(value, label)| (value.as_str(), label.as_str())).collect();
    push_choice(out, "partition", "Partition", &options, &uint(u64::from(cluster.partition)), faults_off);
    push_slider(
        out,
        &Slider { key: "drop", label: "Drop %", min: 0, max: 50, step: 5, value: cluster.drop_percent },
        faults_off,
    );
    let links: Vec<(String, String)> = std::iter::once((String::from("none"), String::from("none")))
        .chain((0..cluster.servers.len()).flat_map(|a| {
            (a + 1..cluster.servers.len()).map(move |b| {
                let mut value = uint(a as u64);
                value.push('-');
                value.push_str(&uint(b as u64));
                let mut label = server_name(a);
                label.push('–');
                label.push_str(&server_name(b));
                (value, label)
            })
        }))
        .collect();
    let options: Vec<(&str, &str)> = links.iter().map(|(value, label)| (value.as_str(), label.as_str())).collect();
    let selected = cluster.slow_link.map_or(String::from("none"), |(a, b)| {
        let mut value = uint(a as u64);
        value.push('-');
        value.push_str(&uint(b as u64));
        value
    });
    push_choice(out, "slow", "Slow link", &options, &selected, faults_off);
    out.push_str("</div><div class=\"widget-controls\">");
    push_slider(
        out,
        &Slider {
            key: "servers",
            label: "Servers",
            min: 3,
            max: MAX_SERVERS as u32,
            step: 1,
            value: ui.servers as u32,
        },
        disabled || ui.figure.is_some(),
    );
    let scenario = ui.figure.map_or("free", Figure::key);
    push_choice(
        out,
        "scenario",
        "Scenario",
        &[("free", "free play"), ("figure-7", "Figure 7: log repair"), ("figure-8", "Figure 8: old-term commit")],
        scenario,
        disabled,
    );
    let broken = ui.broken.map_or("none", Rule::key);
    push_choice(
        out,
        "broken",
        "Break it",
        &[
            ("none", "all rules on"),
            ("election-restriction", "no election restriction (§5.4.1)"),
            ("commit-rule", "no current-term commit rule (§5.4.2)"),
        ],
        broken,
        disabled,
    );
    push_button(out, "search", "Find a violation", disabled || ui.broken.is_none());
    out.push_str("</div>");
}

/// The partitions the reader can pick: none, or one or two servers cut off from the rest.
fn partition_choices(servers: usize) -> Vec<(String, String)> {
    let mut choices = vec![(String::from("0"), String::from("none"))];
    for a in 0..servers {
        for b in a..servers {
            let side = (1u32 << a) | (1u32 << b);
            let mut label = server_name(a);
            if b != a {
                label.push_str(", ");
                label.push_str(&server_name(b));
            }
            label.push_str(" | rest");
            choices.push((uint(u64::from(side)), label));
        }
    }
    choices
}

/// The caption above the drawing: the figure's panel and section, or the search's find.
pub fn banner(run: &Run, ui: &Ui) -> String {
    let mut out = String::new();
    match run {
        Run::Guided(scenario) => {
            let caption = scenario.caption();
            out.push_str("<strong>");
            out.push_str(if scenario.figure == Figure::Seven { "" } else { "Figure 8 " });
            out.push_str(caption.panel);
            out.push_str(" · ");
            out.push_str(caption.section);
            out.push_str("</strong> ");
            push_escaped(&mut out, caption.text);
        }
        _ => match ui.search {
            Search::Idle => out.push_str("Free play: step through events, or play, and inject faults."),
            Search::Running { rule, seeds_tried } => {
                out.push_str("Searching random fault schedules with ");
                out.push_str(rule.label());
                out.push_str(" off: ");
                push_uint(&mut out, seeds_tried);
                out.push_str(" seeds tried…");
            }
            Search::Found { rule, seed, violation } => {
                out.push_str("<strong>Found</strong>: with ");
                out.push_str(rule.label());
                out.push_str(" off, seed ");
                push_uint(&mut out, seed);
                out.push_str(" breaks ");
                out.push_str(violation.property.name());
                out.push_str(" at event ");
                push_uint(&mut out, violation.event);
                out.push_str(". Step back to see how it came about.");
            }
            Search::NotFound { rule, seeds_tried } => {
                out.push_str("No violation in ");
                push_uint(&mut out, seeds_tried);
                out.push_str(" seeds with ");
                out.push_str(rule.label());
                out.push_str(" off; try three servers.");
            }
        },
    }
    out
}

pub fn readout(run: &Run, ui: &Ui) -> String {
    let cluster = run.cluster();
    let mut out = String::with_capacity(1200);
    out.push_str("<p>");
    match run {
        Run::Guided(scenario) => {
            out.push_str("Stage ");
            push_uint(&mut out, scenario.stage() as u64);
            out.push('.');
            if !scenario.happenings.is_empty() {
                out.push_str(" What the last stage delivered:</p><ol class=\"stage-log\">");
                for happening in scenario.happenings.iter().take(STAGE_LOG) {
                    out.push_str("<li>");
                    push_happening(&mut out, happening);
                    out.push_str("</li>");
                }
                if scenario.happenings.len() > STAGE_LOG {
                    out.push_str("<li>…</li>");
                }
                out.push_str("</ol><p>");
            } else {
                out.push(' ');
                push_happening(&mut out, &cluster.last);
            }
        }
        _ => {
            out.push_str("Time ");
            push_uint(&mut out, cluster.now());
            out.push_str(" ms, event ");
            push_uint(&mut out, cluster.events());
            out.push_str(". ");
            push_happening(&mut out, &cluster.last);
        }
    }
    out.push_str("</p><p>");
    match cluster.leader() {
        Some(leader) => {
            let state = &cluster.servers[leader];
            out.push_str("Leader: ");
            out.push_str(&server_name(leader));
            out.push_str(" in term ");
            push_uint(&mut out, u64::from(state.term));
            out.push_str(", ");
            push_count(&mut out, state.log.len() as u64, "entry", "entries");
            out.push_str(", committed through index ");
            push_uint(&mut out, state.commit_index as u64);
            out.push('.');
        }
        None => out.push_str("No leader."),
    }
    let down: Vec<String> = (0..cluster.servers.len()).filter(|&id| !cluster.servers[id].up).map(server_name).collect();
    if !down.is_empty() {
        out.push_str(" Down: ");
        out.push_str(&down.join(", "));
        out.push('.');
    }
    if cluster.partition != 0 {
        let side: Vec<String> =
            (0..cluster.servers.len()).filter(|&id| cluster.partition >> id & 1 == 1).map(server_name).collect();
        out.push_str(" Partitioned off: ");
        out.push_str(&side.join(", "));
        out.push('.');
    }
    out.push_str("</p>");
    let violations = cluster.checker.violations();
    match violations {
        [_, ..] => {
            out.push_str("<p class=\"violation\"><strong>Safety violated</strong>: ");
            for (position, violation) in violations.iter().enumerate() {
                if position > 0 {
                    out.push_str("; ");
                }
                out.push_str("<strong>");
                out.push_str(violation.property.name());
                out.push_str("</strong> at event ");
                push_uint(&mut out, violation.event);
                out.push_str(", on ");
                out.push_str(&server_name(violation.server));
                if violation.index > 0 {
                    out.push_str(", log index ");
                    push_uint(&mut out, violation.index as u64);
                }
            }
            out.push_str(".</p>");
        }
        [] => {
            out.push_str("<p>All five safety properties hold");
            if let Some(rule) = ui.broken {
                out.push_str(" so far, with ");
                out.push_str(rule.label());
                out.push_str(" off");
            }
            out.push_str(".</p>");
        }
    }
    out
}

fn push_happening(out: &mut String, happening: &Happening) {
    match happening {
        Happening::Nothing => out.push_str("Nothing has happened yet."),
        Happening::ElectionStarted { server, term } => {
            out.push_str(&server_name(*server));
            out.push_str("'s election timer fired: it starts an election for term ");
            push_uint(out, u64::from(*term));
            out.push('.');
        }
        Happening::HeartbeatSent { server, .. } => {
            out.push_str(&server_name(*server));
            out.push_str(" sends AppendEntries (heartbeats) to every follower.");
        }
        Happening::Lost { envelope, why } => {
            push_message_name(out, envelope);
            out.push_str(match why {
                Loss::ReceiverDown => " was lost: the receiver is down.",
                Loss::Partitioned => " was lost: a partition separates them.",
                Loss::Dropped => " was dropped by the network.",
            });
        }
        Happening::Delivered { envelope, outcome } => {
            push_message_name(out, envelope);
            out.push_str(" arrived");
            match outcome {
                Outcome::Handled => out.push('.'),
                Outcome::SteppedDown => {
                    out.push_str("; ");
                    out.push_str(&server_name(envelope.to));
                    out.push_str(" saw a current leader or a newer term and became a follower.");
                }
                Outcome::BecameLeader => {
                    out.push_str("; ");
                    out.push_str(&server_name(envelope.to));
                    out.push_str(" has votes from a majority and becomes leader.");
                }
                Outcome::Committed { index } => {
                    out.push_str("; ");
                    out.push_str(&server_name(envelope.to));
                    out.push_str(" now counts entries through index ");
                    push_uint(out, *index as u64);
                    out.push_str(" as committed.");
                }
            }
        }
    }
}

fn push_message_name(out: &mut String, envelope: &Envelope) {
    out.push_str(match &envelope.message {
        Message::RequestVote { .. } => "RequestVote",
        Message::Vote { granted: true, .. } => "A granted vote",
        Message::Vote { granted: false, .. } => "A refused vote",
        Message::AppendEntries { entries, .. } if entries.is_empty() => "A heartbeat",
        Message::AppendEntries { .. } => "AppendEntries",
        Message::Appended { success: true, .. } => "An AppendEntries success",
        Message::Appended { success: false, .. } => "An AppendEntries refusal",
    });
    out.push_str(" from ");
    out.push_str(&server_name(envelope.from));
    out.push_str(" to ");
    out.push_str(&server_name(envelope.to));
    out.push_str(" (term ");
    push_uint(out, u64::from(envelope.message.term()));
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Spec;
    use kit::markup::text_of;

    fn ui(transport: &Transport) -> Ui<'_> {
        Ui { transport, search: Search::Idle, servers: 5, figure: None, broken: None }
    }

    #[test]
    fn renders_servers_logs_and_messages() {
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        let spec = Spec {
            servers: 5,
            seed: 1,
            figure: None,
            chaos: false,
            broken: None,
            drop_percent: 0,
            steps: 60,
            actions: Vec::new(),
        };
        let run = spec.build();
        let html = render(&run, &ui(&transport), Mode::Live);
        assert_eq!(html.matches("data-server=").count(), 5);
        assert!(html.contains("class=\"msg") || run.cluster().in_flight().is_empty());
        let text = text_of(&readout(&run, &ui(&transport)));
        assert!(text.starts_with("Time "), "{text}");
        assert!(text.contains("All five safety properties hold."), "{text}");
        assert!(!html.contains("NaN"));
    }

    #[test]
    fn figures_show_their_captions() {
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        let run = Run::Guided(crate::scenario::Scenario::new(Figure::Eight, None));
        let text = text_of(&banner(&run, &ui(&transport)));
        assert!(text.starts_with("Figure 8 (a) · §5.4.2 S1 is leader in term 2"), "{text}");
        let html = render(&run, &ui(&transport), Mode::Live);
        assert!(!html.contains("data-server="), "no faults during a guided figure");
    }
}
