//! State -> markup, shared by the static figure and the live widget.
//!
//! One row per limiter on a common time axis: a dot for each request that passed (drawn where
//! the backend sees it, so the leaky bucket's delay shows), a cross for each rejected one, the
//! window boundaries dashed, and the cursor at which the table gives each limiter's state.

use kit::controls::{push_choice, push_seed, push_slider, Slider};
use kit::num::{push_fixed, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::config::Settings;
use crate::limiters::{run, state_at, Algorithm, Outcome, State};
use crate::trace::{Shape, Trace, WINDOWS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub settings: &'a Settings,
    pub trace: &'a Trace,
    pub outcomes: &'a [Outcome],
    /// The cursor, percent of the trace.
    pub cursor: u32,
}

/// Runs every shown limiter on the settings' trace.
pub fn simulate(settings: &Settings) -> (Trace, Vec<Outcome>) {
    let trace = Trace::new(settings.shape, settings.limits, settings.seed);
    let outcomes = settings.shown().into_iter().map(|algorithm| run(algorithm, settings.limits, &trace)).collect();
    (trace, outcomes)
}

const LEFT: f64 = 150.0;
const RIGHT: f64 = 612.0;
const ROW: f64 = 34.0;
const TOP: f64 = 22.0;

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let settings = scene.settings;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"rate-limiter\"><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&timeline(scene));
    out.push_str("</div><div class=\"widget-controls\">");
    let mut algorithms: Vec<(&str, &str)> = vec![("all", "all five, side by side")];
    algorithms.extend(Algorithm::ALL.iter().map(|algorithm| (algorithm.key(), algorithm.label())));
    let chosen = settings.algorithm.map_or("all", Algorithm::key);
    push_choice(&mut out, "algorithm", "Limiter", &algorithms, chosen, disabled);
    let shapes: Vec<(&str, &str)> = Shape::ALL.iter().map(|shape| (shape.key(), shape.label())).collect();
    push_choice(&mut out, "trace", "Trace", &shapes, settings.shape.key(), disabled);
    push_seed(&mut out, settings.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    let limits = settings.limits;
    for slider in [
        Slider { key: "limit", label: "Limit per window", min: 1, max: 50, step: 1, value: limits.limit },
        Slider { key: "window", label: "Window, ms", min: 100, max: 5_000, step: 100, value: limits.window },
        Slider { key: "burst", label: "Bucket size", min: 1, max: 50, step: 1, value: limits.burst },
        Slider { key: "cursor", label: "Time", min: 0, max: 100, step: 1, value: scene.cursor },
    ] {
        push_slider(&mut out, &slider, disabled);
    }
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene));
    out.push_str("</div></div>");
    out
}

fn cursor_time(scene: &Scene) -> f64 {
    scene.trace.horizon * f64::from(scene.cursor.min(100)) / 100.0
}

fn x_of(trace: &Trace, time: f64) -> f64 {
    LEFT + (RIGHT - LEFT) * (time / trace.horizon).clamp(0.0, 1.0)
}

pub fn timeline(scene: &Scene) -> String {
    let trace = scene.trace;
    let height = TOP + ROW * scene.outcomes.len() as f64 + 8.0;
    let mut out = String::with_capacity(16_000);
    let mut view_box = String::from("0 0 640 ");
    push_fixed(&mut view_box, height, 0);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "Requests each limiter admitted and rejected over time")
        .body();
    for w in 0..=WINDOWS {
        let x = x_of(trace, f64::from(w) * trace.horizon / f64::from(WINDOWS));
        Tag::open(&mut out, "line")
            .attr("class", "boundary")
            .num("x1", x)
            .num("y1", 12.0)
            .num("x2", x)
            .num("y2", height - 4.0)
            .close();
        let mut label = uint(u64::from(w * scene.settings.limits.window));
        label.push_str(" ms");
        Tag::open(&mut out, "text").attr("class", "time").num("x", x).num("y", 10.0).text(&label);
    }
    for (row, outcome) in scene.outcomes.iter().enumerate() {
        let y = TOP + ROW * row as f64 + ROW / 2.0;
        Tag::open(&mut out, "text")
            .attr("class", "row-label")
            .num("x", 4.0)
            .num("y", y + 4.0)
            .text(outcome.algorithm.label());
        Tag::open(&mut out, "line")
            .attr("class", "axis")
            .num("x1", LEFT)
            .num("y1", y)
            .num("x2", RIGHT)
            .num("y2", y)
            .close();
        let mut rejected = String::new();
        for (&at, passed) in trace.times.iter().zip(&outcome.passed) {
            match passed {
                Some(seen) => {
                    Tag::open(&mut out, "circle")
                        .attr("class", "passed")
                        .num("cx", x_of(trace, *seen))
                        .num("cy", y - 5.0)
                        .num("r", 2.6)
                        .close();
                }
                None => {
                    let x = x_of(trace, at);
                    for (dx, dy) in [(-2.5, -2.5), (2.5, -2.5)] {
                        rejected.push('M');
                        push_fixed(&mut rejected, x + dx, 1);
                        rejected.push(' ');
                        push_fixed(&mut rejected, y + 7.0 + dy, 1);
                        rejected.push('L');
                        push_fixed(&mut rejected, x - dx, 1);
                        rejected.push(' ');
                        push_fixed(&mut rejected, y + 7.0 - dy, 1);
                    }
                }
            }
        }
        if !rejected.is_empty() {
            Tag::open(&mut out, "path").attr("class", "rejected").attr("d", &rejected).close();
        }
    }
    let x = x_of(trace, cursor_time(scene));
    Tag::open(&mut out, "line")
        .attr("class", "cursor")
        .num("x1", x)
        .num("y1", 12.0)
        .num("x2", x)
        .num("y2", height - 4.0)
        .close();
    end_tag(&mut out, "svg");
    out
}

fn state_text(state: State, burst: u32) -> String {
    let mut text = String::new();
    match state {
        State::Tokens(tokens) => {
            push_fixed(&mut text, tokens, 1);
            text.push_str(" of ");
            push_uint(&mut text, u64::from(burst));
            text.push_str(" tokens");
        }
        State::Queued(waiting) => {
            push_uint(&mut text, waiting as u64);
            text.push_str(" of ");
            push_uint(&mut text, u64::from(burst));
            text.push_str(" places taken");
        }
        State::InWindow(count) => {
            push_uint(&mut text, count as u64);
            text.push_str(" in this window");
        }
        State::Logged(count) => {
            push_uint(&mut text, count as u64);
            text.push_str(" in the last window's length");
        }
        State::Estimate(estimate) => {
            text.push_str("estimate ");
            push_fixed(&mut text, estimate, 2);
        }
    }
    text
}

pub fn readout(scene: &Scene) -> String {
    let limits = scene.settings.limits;
    let at = cursor_time(scene);
    let mut out = String::with_capacity(2_000);
    out.push_str("<p>");
    push_uint(&mut out, scene.trace.times.len() as u64);
    out.push_str(" requests over ");
    push_uint(&mut out, u64::from(WINDOWS * limits.window));
    out.push_str(" ms; the limit is ");
    push_uint(&mut out, u64::from(limits.limit));
    out.push_str(" per ");
    push_uint(&mut out, u64::from(limits.window));
    out.push_str(" ms. State at ");
    push_uint(&mut out, at as u64);
    out.push_str(" ms.</p><table class=\"limiters\"><thead><tr><th scope=\"col\">Limiter</th><th scope=\"col\">Passed</th><th scope=\"col\">Rejected</th><th scope=\"col\">Most in any window</th><th scope=\"col\">State</th></tr></thead><tbody>");
    for outcome in scene.outcomes {
        let admitted = outcome.admitted();
        let busiest = outcome.busiest_window(limits.window);
        out.push_str(if busiest > limits.limit as usize {
            "<tr class=\"over\"><th scope=\"row\">"
        } else {
            "<tr><th scope=\"row\">"
        });
        out.push_str(outcome.algorithm.label());
        out.push_str("</th><td class=\"num\">");
        push_uint(&mut out, admitted as u64);
        out.push_str("</td><td class=\"num\">");
        push_uint(&mut out, (outcome.passed.len() - admitted) as u64);
        out.push_str("</td><td class=\"num\">");
        push_uint(&mut out, busiest as u64);
        if busiest > limits.limit as usize {
            out.push_str(" (over the limit)");
        }
        out.push_str("</td><td>");
        out.push_str(&state_text(state_at(outcome.algorithm, limits, scene.trace, outcome, at), limits.burst));
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn html(config: Config) -> String {
        let settings = config.settings();
        let (trace, outcomes) = simulate(&settings);
        render(&Scene { settings: &settings, trace: &trace, outcomes: &outcomes, cursor: 50 }, Look::Live)
    }

    #[test]
    fn the_edge_trace_reads_as_text() {
        let text = html(Config::default());
        assert!(text.contains("40 requests over 4000 ms; the limit is 10 per 1000 ms."), "{text}");
        assert!(text.contains("<th scope=\"row\">fixed window</th><td class=\"num\">40</td><td class=\"num\">0</td><td class=\"num\">20 (over the limit)</td>"), "{text}");
        assert!(text.contains("<th scope=\"row\">sliding log</th><td class=\"num\">20</td><td class=\"num\">20</td><td class=\"num\">10</td>"), "{text}");
    }

    #[test]
    fn every_setting_renders() {
        for trace in ["steady", "bursty", "edge"] {
            for algorithm in ["all", "token-bucket", "leaky-bucket", "fixed-window", "sliding-log", "sliding-counter"] {
                for (limit, window, burst) in [(1, 100, 1), (50, 5_000, 50), (7, 300, 3)] {
                    let text = html(Config {
                        algorithm: algorithm.into(),
                        limit,
                        window,
                        burst,
                        trace: trace.into(),
                        seed: 3,
                    });
                    assert!(text.contains("requests over"), "{text}");
                }
            }
        }
    }
}
