//! State -> markup, shared by the static figure and the live widget.
//!
//! Four small charts share the time axis (the whole run, drawn up to the cursor): load against
//! serving capacity, replicas against ready pods, CPU utilization against the target, and the
//! queueing wait. The decision log gives each HPA sync's numbers, newest first.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::{push_choice, push_slider, push_transport, Slider, Transport};
use kit::num::{push_fixed, push_percent, push_uint};

use crate::hpa::{Decision, Reason};
use crate::simulation::{Preset, Run, DURATION};
use crate::workload::Shape;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// Decisions listed in the log, newest first.
const LOGGED: usize = 12;
/// Points per chart line: one every this many seconds.
const SAMPLE: usize = 15;

pub fn render(run: &Run, cursor: u32, transport: &Transport, mode: Mode) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(30_000);
    out.push_str("<div class=\"autoscaler\">");
    push_transport(&mut out, transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"charts\">");
    out.push_str(&charts(run, cursor));
    out.push_str("</div>");
    push_controls(&mut out, run, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(run, cursor));
    out.push_str("</div><div class=\"decision-log\" data-part=\"log\">");
    out.push_str(&log(run, cursor));
    out.push_str("</div></div>");
    out
}

/// "m:ss".
fn push_clock(out: &mut String, seconds: u32) {
    push_uint(out, u64::from(seconds / 60));
    out.push(':');
    if seconds % 60 < 10 {
        out.push('0');
    }
    push_uint(out, u64::from(seconds % 60));
}

pub fn charts(run: &Run, cursor: u32) -> String {
    let shown = &run.seconds[..(cursor as usize).min(run.seconds.len())];
    let line = |pick: &dyn Fn(usize) -> f64| -> Vec<(f64, f64)> {
        (0..shown.len()).step_by(SAMPLE).map(|t| (t as f64 / 60.0, pick(t))).collect()
    };
    let time = Axis { label: "minutes", max: f64::from(DURATION) / 60.0, ticks: 6, percent: false };
    let capacity = run.settings.capacity;
    let offered = line(&|t| shown[t].offered);
    let serving = line(&|t| f64::from(shown[t].ready) * capacity);
    let replicas = line(&|t| f64::from(shown[t].replicas));
    let ready = line(&|t| f64::from(shown[t].ready));
    let utilization = line(&|t| shown[t].utilization);
    let target = [
        (0.0, f64::from(run.settings.target) / 100.0),
        (f64::from(DURATION) / 60.0, f64::from(run.settings.target) / 100.0),
    ];
    let wait = line(&|t| shown[t].wait * 1000.0);
    let most = |points: &[(f64, f64)], floor: f64| nice_scale(points.iter().map(|&(_, y)| y).fold(floor, f64::max));
    let marker = Some((f64::from(cursor) / 60.0, "now"));
    let mut out = String::with_capacity(20_000);
    let highest_load = offered.iter().chain(&serving).map(|&(_, y)| y).fold(run.settings.peak.max(1.0), f64::max);
    let (load_max, load_ticks) = nice_scale(highest_load);
    line_chart(
        &mut out,
        "Requests a second offered, and what the ready pods can serve",
        &time,
        &Axis { label: "requests/s", max: load_max, ticks: load_ticks, percent: false },
        &[
            Series { label: "offered", class: "cat-orange", mark: Mark::Line, points: &offered },
            Series { label: "capacity", class: "cat-blue", mark: Mark::Line, points: &serving },
        ],
        marker,
    );
    let (pods_max, pods_ticks) = most(&replicas, f64::from(run.settings.min) + 1.0);
    line_chart(
        &mut out,
        "Replicas the HPA set, and pods ready to serve",
        &time,
        &Axis { label: "pods", max: pods_max, ticks: pods_ticks, percent: false },
        &[
            Series { label: "replicas", class: "cat-blue", mark: Mark::Line, points: &replicas },
            Series { label: "ready", class: "cat-green", mark: Mark::Line, points: &ready },
        ],
        marker,
    );
    line_chart(
        &mut out,
        "CPU utilization of ready pods against the target",
        &time,
        &Axis { label: "CPU utilization", max: 1.0, ticks: 4, percent: true },
        &[
            Series { label: "utilization", class: "cat-blue", mark: Mark::Line, points: &utilization },
            Series { label: "target", class: "cat-purple", mark: Mark::Line, points: &target },
        ],
        marker,
    );
    let (wait_max, wait_ticks) = most(&wait, 100.0);
    line_chart(
        &mut out,
        "Time a new request waits in the queue",
        &time,
        &Axis { label: "queue wait (ms)", max: wait_max, ticks: wait_ticks, percent: false },
        &[Series { label: "wait", class: "cat-vermillion", mark: Mark::Line, points: &wait }],
        marker,
    );
    out
}

fn push_controls(out: &mut String, run: &Run, disabled: bool) {
    let settings = &run.settings;
    out.push_str("<div class=\"widget-controls\">");
    let shapes: Vec<(&str, &str)> = Shape::ALL.iter().map(|shape| (shape.key(), shape.label())).collect();
    push_choice(out, "workload", "Workload", &shapes, settings.shape.key(), disabled);
    let mut presets: Vec<(&str, &str)> = Preset::ALL.iter().map(|preset| (preset.key(), preset.label())).collect();
    presets.push(("custom", "custom (the sliders below)"));
    let chosen = Preset::matching(settings.scaling).map_or("custom", Preset::key);
    push_choice(out, "behavior", "Behavior", &presets, chosen, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    for slider in [
        Slider { key: "peak", label: "Peak req/s", min: 100, max: 5000, step: 100, value: settings.peak as u32 },
        Slider {
            key: "capacity",
            label: "Req/s per pod",
            min: 10,
            max: 500,
            step: 10,
            value: settings.capacity as u32,
        },
        Slider { key: "target", label: "Target CPU %", min: 10, max: 100, step: 5, value: settings.target },
        Slider { key: "min", label: "Min replicas", min: 1, max: 20, step: 1, value: settings.min },
        Slider { key: "max", label: "Max replicas", min: 1, max: 200, step: 1, value: settings.max },
        Slider { key: "startup", label: "Pod start-up (s)", min: 0, max: 300, step: 5, value: settings.startup },
        Slider { key: "lag", label: "Metric lag (s)", min: 0, max: 120, step: 5, value: settings.lag },
    ] {
        push_slider(out, &slider, disabled);
    }
    out.push_str("</div><div class=\"widget-controls behavior\" role=\"group\" aria-label=\"Scaling behavior\">");
    let scaling = settings.scaling;
    for slider in [
        Slider { key: "up_pods", label: "Up: pods per period", min: 0, max: 20, step: 1, value: scaling.up_pods },
        Slider { key: "up_percent", label: "Up: % per period", min: 0, max: 400, step: 10, value: scaling.up_percent },
        Slider { key: "up_period", label: "Up: period (s)", min: 15, max: 300, step: 15, value: scaling.up_period },
        Slider {
            key: "down_window",
            label: "Down: window (s)",
            min: 0,
            max: 900,
            step: 15,
            value: scaling.down_window,
        },
        Slider {
            key: "down_percent",
            label: "Down: % per 15 s",
            min: 5,
            max: 100,
            step: 5,
            value: scaling.down_percent,
        },
    ] {
        push_slider(out, &slider, disabled);
    }
    out.push_str("</div>");
}

pub fn readout(run: &Run, cursor: u32) -> String {
    let at = (cursor as usize).clamp(1, run.seconds.len());
    let now = run.seconds[at - 1];
    let (dropped, offered) = run.dropped(at);
    let mut out = String::with_capacity(800);
    out.push_str("<p>At ");
    push_clock(&mut out, cursor.min(DURATION));
    out.push_str(": ");
    push_uint(&mut out, now.offered.round() as u64);
    out.push_str(" requests/s offered; ");
    push_uint(&mut out, u64::from(now.replicas));
    out.push_str(" replicas, ");
    push_uint(&mut out, u64::from(now.ready));
    out.push_str(" ready, at ");
    push_percent(&mut out, now.utilization, 0);
    out.push_str(" CPU (target ");
    push_uint(&mut out, u64::from(run.settings.target));
    out.push_str("%). A request arriving now waits ");
    push_uint(&mut out, (now.wait * 1000.0).round() as u64);
    out.push_str(" ms.</p><p>So far: <strong>");
    push_uint(&mut out, dropped.round() as u64);
    out.push_str(" requests dropped</strong> (");
    push_percent(&mut out, if offered > 0.0 { dropped / offered } else { 0.0 }, 2);
    out.push_str(" of those offered) and <strong>");
    push_fixed(&mut out, run.pod_hours(at), 2);
    out.push_str(" pod-hours</strong> used.</p>");
    out
}

/// The HPA decisions up to the cursor, newest first: the latest sync, then the ones that
/// changed the replica count or were held back by the window or the rate limits (syncs that
/// found the ratio within tolerance are counted, not listed).
pub fn log(run: &Run, cursor: u32) -> String {
    let mut out = String::from("<h3 class=\"log-title\">HPA decisions, newest first</h3>");
    let synced: Vec<&Decision> = run.decisions.iter().filter(|decision| decision.time <= cursor).collect();
    let quiet = synced.iter().filter(|decision| decision.reason == Reason::WithinTolerance).count();
    out.push_str("<p class=\"log-summary\">");
    push_uint(&mut out, synced.len() as u64);
    out.push_str(" syncs so far, ");
    push_uint(&mut out, quiet as u64);
    out.push_str(" of them without a change.</p><ol class=\"log\">");
    let latest = synced.last().copied();
    let notable =
        synced.iter().rev().filter(|decision| decision.reason != Reason::WithinTolerance || Some(**decision) == latest);
    let shown: Vec<&&Decision> = notable.take(LOGGED).collect();
    for decision in shown.iter().copied() {
        out.push_str("<li>");
        push_decision(&mut out, decision, run.settings.target);
        out.push_str("</li>");
    }
    if synced.is_empty() {
        out.push_str("<li>No sync yet: the HPA runs every 15 s.</li>");
    }
    out.push_str("</ol>");
    out
}

fn push_decision(out: &mut String, decision: &Decision, target: u32) {
    push_clock(out, decision.time);
    out.push_str(": ");
    if decision.reason == Reason::OutOfBounds {
        push_uint(out, u64::from(decision.current));
        out.push_str(" replicas are outside min/max: set to ");
        push_uint(out, u64::from(decision.desired));
        out.push('.');
        return;
    }
    push_uint(out, u64::from(decision.utilization));
    out.push_str("% vs ");
    push_uint(out, u64::from(target));
    out.push_str("% → ratio ");
    push_fixed(out, f64::from(decision.utilization) / f64::from(target.max(1)), 2);
    out.push_str("; ");
    match decision.reason {
        Reason::WithinTolerance
            if crate::hpa::within_tolerance(f64::from(decision.utilization) / f64::from(target.max(1))) =>
        {
            out.push_str("within the 0.1 tolerance: stays at ")
        }
        // Otherwise the calculator proposed the current count because pods still starting held
        // back a scale-up, or because ceil(ratio × ready pods) rounds up to it.
        Reason::WithinTolerance if decision.utilization > target => {
            out.push_str("with pods still starting counted at 0%, no scale-up: stays at ")
        }
        Reason::WithinTolerance => out.push_str("ratio × ready pods rounds up to the current count: stays at "),
        _ => {
            out.push_str("calculator ");
            push_uint(out, u64::from(decision.proposal));
            if decision.stabilized != decision.proposal {
                out.push_str(", stabilization window holds ");
                push_uint(out, u64::from(decision.stabilized));
            }
            if decision.desired != decision.stabilized {
                out.push_str(if decision.reason == Reason::AtBound {
                    ", min/max bound to "
                } else {
                    ", rate limit allows "
                });
                push_uint(out, u64::from(decision.desired));
            }
            out.push_str(": ");
            push_uint(out, u64::from(decision.current));
            out.push_str(" → ");
        }
    }
    push_uint(out, u64::from(decision.desired));
    out.push('.');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulation::Settings;
    use kit::markup::text_of;

    #[test]
    fn renders_charts_readout_and_log() {
        let run = Run::simulate(Settings::default());
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        let html = render(&run, 600, &transport, Mode::Static);
        assert_eq!(html.matches("class=\"chart\"").count(), 4);
        let text = text_of(&readout(&run, 600));
        assert!(text.starts_with("At 10:00: "), "{text}");
        assert!(text.contains("pod-hours used."), "{text}");
        let log = text_of(&log(&run, 600));
        assert!(log.contains("10:00: "), "{log}");
        assert!(log.contains("% vs 50% → ratio "), "{log}");
        assert!(!html.contains("NaN"));
        assert!(text_of(&self::log(&run, 0)).contains("No sync yet"));
        assert!(log.contains(" syncs so far, "), "{log}");
    }
}
