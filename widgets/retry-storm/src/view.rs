//! State -> markup, shared by the static figure and the live widget.
//!
//! Two charts over the minute the run lasts: requests per second (offered by clients, answered
//! successfully, and arriving at the bottom, against its capacity) and client latency. The text
//! gives the last twenty seconds: goodput, the load on the bottom, each layer's attempts, and the
//! amplification against its worst case (r+1)^d.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::{push_choice, push_seed, push_slider, push_toggle, Slider};
use kit::num::{push_fixed, push_percent, push_uint, uint};
use kit::stats::sorted_percentile;

use crate::policy::{Backoff, Budget};
use crate::simulation::{Report, Settings, DURATION, SPIKE, WINDOW};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

/// The windows the summary covers: the last twenty seconds, long after any spike.
const TAIL: usize = 20;

pub fn render(settings: &Settings, report: &Report, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(20_000);
    out.push_str("<div class=\"retry-storm\"><div class=\"widget-visual charts\" data-part=\"visual\">");
    out.push_str(&charts(settings, report));
    out.push_str("</div><div class=\"widget-controls\">");
    let counts = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")];
    push_choice(&mut out, "layers", "Layers", &counts, &uint(settings.layers as u64), disabled);
    let backoffs: Vec<(&str, &str)> = Backoff::ALL.iter().map(|b| (b.key(), b.label())).collect();
    push_choice(&mut out, "backoff", "Backoff", &backoffs, settings.backoff.key(), disabled);
    let budgets: Vec<(&str, &str)> = Budget::ALL.iter().map(|b| (b.key(), b.label())).collect();
    push_choice(&mut out, "budget", "Retry budget", &budgets, settings.budget.key(), disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    for slider in [
        Slider { key: "load", label: "Client load, req/s", min: 10, max: 300, step: 10, value: settings.load as u32 },
        Slider {
            key: "capacity",
            label: "Bottom capacity, req/s",
            min: 20,
            max: 500,
            step: 10,
            value: settings.capacity as u32,
        },
        Slider {
            key: "failure",
            label: "Bottom errors, %",
            min: 0,
            max: 100,
            step: 5,
            value: (settings.failure * 100.0 + 0.5) as u32,
        },
        Slider { key: "retries", label: "Retries per layer", min: 0, max: 5, step: 1, value: settings.retries },
        Slider { key: "timeout", label: "Timeout, ms", min: 50, max: 2_000, step: 50, value: settings.timeout as u32 },
    ] {
        push_slider(&mut out, &slider, disabled);
    }
    out.push_str("</div><div class=\"widget-controls\">");
    push_toggle(&mut out, "spike", "Spike: twice the load from 10 s to 15 s", settings.spike, disabled);
    push_toggle(&mut out, "breaker", "Circuit breaker", settings.breaker, disabled);
    push_toggle(&mut out, "deadlines", "Propagate deadlines", settings.deadlines, disabled);
    push_seed(&mut out, settings.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(settings, report));
    out.push_str("</div></div>");
    out
}

pub fn charts(settings: &Settings, report: &Report) -> String {
    let second = |index: usize| (index as f64 + 1.0) * WINDOW / 1_000.0;
    let offered: Vec<(f64, f64)> =
        report.windows.iter().enumerate().map(|(i, w)| (second(i), f64::from(w.offered))).collect();
    let good: Vec<(f64, f64)> =
        report.windows.iter().enumerate().map(|(i, w)| (second(i), f64::from(w.succeeded))).collect();
    let bottom: Vec<(f64, f64)> = report
        .windows
        .iter()
        .enumerate()
        .map(|(i, w)| (second(i), f64::from(*w.attempts.last().unwrap_or(&0))))
        .collect();
    let capacity: Vec<(f64, f64)> = vec![(0.0, settings.capacity), (DURATION / 1_000.0, settings.capacity)];
    // The scale stops at three times the larger of load and capacity, so the healthy lines stay
    // readable; a storm above that runs along the top, and the text gives its size.
    let ceiling = 3.0 * offered.iter().map(|&(_, y)| y).fold(settings.capacity, f64::max);
    let highest = bottom.iter().chain(&offered).map(|&(_, y)| y).fold(settings.capacity, f64::max);
    let (max, ticks) = nice_scale(highest.min(ceiling) * 1.05);
    let mut out = String::new();
    let time = Axis { label: "seconds", max: DURATION / 1_000.0, ticks: 6, percent: false };
    let marker = settings.spike.then_some((SPIKE.1 / 1_000.0, "spike ends"));
    line_chart(
        &mut out,
        "Requests per second",
        &time,
        &Axis { label: "req/s", max, ticks, percent: false },
        &[
            Series { label: "offered", class: "cat-blue", mark: Mark::Line, points: &offered },
            Series { label: "succeeded", class: "cat-green", mark: Mark::Points, points: &good },
            Series { label: "at bottom", class: "cat-vermillion", mark: Mark::Line, points: &bottom },
            Series { label: "capacity", class: "cat-purple", mark: Mark::Line, points: &capacity },
        ],
        marker,
    );
    // Per window, the sorted latencies of its successes, then two of their percentiles.
    let sorted: Vec<(f64, Vec<f64>)> = report
        .windows
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.latencies.is_empty())
        .map(|(i, w)| {
            let mut latencies = w.latencies.clone();
            latencies.sort_by(f64::total_cmp);
            (second(i), latencies)
        })
        .collect();
    let p50: Vec<(f64, f64)> = sorted.iter().map(|(s, l)| (*s, sorted_percentile(l, 0.5))).collect();
    let p99: Vec<(f64, f64)> = sorted.iter().map(|(s, l)| (*s, sorted_percentile(l, 0.99))).collect();
    let slowest = p99.iter().map(|&(_, y)| y).fold(settings.timeout, f64::max);
    let (max, ticks) = nice_scale(slowest * 1.05);
    line_chart(
        &mut out,
        "Latency of successful client requests",
        &time,
        &Axis { label: "ms", max, ticks, percent: false },
        &[
            Series { label: "p50", class: "cat-blue", mark: Mark::Line, points: &p50 },
            Series { label: "p99", class: "cat-orange", mark: Mark::Points, points: &p99 },
        ],
        marker,
    );
    out
}

pub fn readout(settings: &Settings, report: &Report) -> String {
    // The last twenty whole seconds the run reached.
    let reached = ((report.ended / WINDOW) as usize).min(report.windows.len());
    let tail = &report.windows[reached.saturating_sub(TAIL)..reached];
    let seconds = tail.len().max(1) as f64;
    let offered: u32 = tail.iter().map(|w| w.offered).sum();
    let succeeded: u32 = tail.iter().map(|w| w.succeeded).sum();
    let mut out = String::with_capacity(1_500);
    out.push_str("<p>In the last ");
    push_uint(&mut out, tail.len() as u64);
    out.push_str(" s: <strong>");
    // Successes are counted when they finish and offers when they arrive: cap the edge effect.
    push_percent(&mut out, (f64::from(succeeded) / f64::from(offered.max(1))).min(1.0), 0);
    out.push_str("</strong> of client requests succeed; the bottom receives ");
    let arriving: u32 = tail.iter().map(|w| *w.attempts.last().unwrap_or(&0)).sum();
    push_fixed(&mut out, f64::from(arriving) / seconds, 0);
    out.push_str(" requests a second against a capacity of ");
    push_fixed(&mut out, settings.capacity, 0);
    out.push_str(". ");
    if settings.spike {
        let healthy = f64::from(succeeded) >= 0.95 * f64::from(offered.max(1));
        let overloaded = f64::from(arriving) / seconds > settings.capacity;
        out.push_str(match (healthy, overloaded) {
            (true, _) => "The spike ended at 15 s and the system recovered.",
            (false, true) => {
                "<strong>The spike ended at 15 s, but the system has not recovered</strong>: retries keep the bottom overloaded (a metastable failure)."
            }
            (false, false) => "<strong>The spike ended at 15 s, but the system has not recovered</strong>, though the bottom is not overloaded.",
        });
    }
    out.push_str("</p><p>Attempts per second by layer: ");
    for layer in 0..settings.layers {
        if layer > 0 {
            out.push_str(", ");
        }
        out.push_str("layer ");
        push_uint(&mut out, layer as u64 + 1);
        out.push(' ');
        let attempts: u32 = tail.iter().map(|w| w.attempts[layer]).sum();
        push_fixed(&mut out, f64::from(attempts) / seconds, 0);
    }
    out.push_str(". Amplification over the run: ");
    push_fixed(&mut out, report.amplification, 2);
    out.push_str(" bottom requests per client request; the worst case is (r+1)^d = ");
    push_uint(&mut out, u64::from(settings.retries + 1).pow(settings.layers as u32));
    out.push_str(".</p>");
    if report.ended < DURATION {
        out.push_str("<p>The run stopped at ");
        push_fixed(&mut out, report.ended / 1_000.0, 1);
        out.push_str(" s: these settings produce more than three million events. The figures above are for the seconds before it.</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::simulation::simulate;

    #[test]
    fn the_default_storm_reads_as_text() {
        let settings = Config::default().settings();
        let report = simulate(&settings, None);
        let html = render(&settings, &report, Look::Live);
        assert!(html.contains("The spike ended at 15 s, but the system has not recovered"), "{html}");
        assert!(html.contains("the worst case is (r+1)^d = 64."), "{html}");
    }
}
