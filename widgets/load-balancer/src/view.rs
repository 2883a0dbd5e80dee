//! State -> markup, shared by the static figure and the live widget.
//!
//! Times are shown in milliseconds, taking the mean service time at speed 1 as 10 ms.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::{push_choice, push_slider, push_toggle, push_transport, Slider, Transport};
use kit::markup::push_escaped;
use kit::num::{push_fixed, push_percent, push_uint};
use kit::svg::{end_tag, Tag};

use crate::settings::{Fault, Preset, Service, MAX_BACKENDS, MIN_BACKENDS};
use crate::simulation::{Simulation, Summary};
use crate::strategy::Strategy;

/// Milliseconds per mean service time, for display.
pub const SERVICE_MS: f64 = 10.0;
/// Queue squares drawn per backend before the rest is written as a number.
const DRAWN_QUEUE: u32 = 36;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

pub fn render(
    simulation: &Simulation,
    comparison: &[(Strategy, Summary)],
    transport: &Transport,
    mode: Mode,
) -> String {
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(30_000);
    out.push_str("<div class=\"load-balancer\">");
    push_transport(&mut out, transport, disabled);
    out.push_str("<div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&visual(simulation));
    out.push_str("</div>");
    push_controls(&mut out, simulation, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(simulation));
    out.push_str("</div><div class=\"compare\" data-part=\"compare\">");
    out.push_str(&comparison_table(simulation, comparison));
    out.push_str("</div></div>");
    out
}

/// The backends with their queues, and the latency chart.
pub fn visual(simulation: &Simulation) -> String {
    let mut out = String::with_capacity(16_000);
    push_backends(&mut out, simulation);
    push_latency_chart(&mut out, simulation);
    out
}

fn backend_name(index: usize) -> String {
    let mut name = String::from("B");
    push_uint(&mut name, index as u64 + 1);
    name
}

fn push_backends(out: &mut String, simulation: &Simulation) {
    let count = simulation.backends.len();
    let row = 15.0;
    let top = 16.0;
    let height = top + row * count as f64 + 6.0;
    let mut view_box = String::from("0 0 640 ");
    push_uint(&mut view_box, height.ceil() as u64);
    Tag::open(out, "svg")
        .attr("class", "backends")
        .attr("viewBox", &view_box)
        .attr("role", "img")
        .attr("aria-label", "The balancer, each backend's queue, and the latest dispatches")
        .body();
    let balancer = (30.0, height / 2.0);
    Tag::open(out, "circle")
        .attr("class", "balancer")
        .num("cx", balancer.0)
        .num("cy", balancer.1)
        .num("r", 16.0)
        .close();
    Tag::open(out, "text").attr("class", "balancer-label").num("x", balancer.0).num("y", balancer.1 + 4.0).text("LB");
    for (heading, x) in [("backend", 140.0), ("queue", 210.0), ("busy", 636.0)] {
        Tag::open(out, "text")
            .attr("class", "heading")
            .attr("text-anchor", if x > 600.0 { "end" } else { "start" })
            .num("x", x)
            .num("y", 10.0)
            .text(heading);
    }
    // The latest dispatches, oldest faintest.
    let recent = simulation.recent.len();
    for (age, &(_, backend)) in simulation.recent.iter().rev().enumerate() {
        let y = top + row * backend as f64 + row / 2.0;
        let mut class = String::from("dispatch age");
        push_uint(&mut class, (age * 4 / recent.max(1)) as u64);
        Tag::open(out, "line")
            .attr("class", &class)
            .num("x1", balancer.0 + 16.0)
            .num("y1", balancer.1)
            .num("x2", 136.0)
            .num("y2", y)
            .close();
    }
    for (index, backend) in simulation.backends.iter().enumerate() {
        let y = top + row * index as f64;
        let queue = simulation.outstanding(index);
        let utilization = simulation.utilization(index);
        let mut class = String::from("backend");
        if backend.dead {
            class.push_str(" dead");
        } else if utilization >= 0.95 || queue >= 12 {
            class.push_str(" hot");
        }
        Tag::open(out, "g").attr("class", &class).body();
        let mut label = backend_name(index);
        label.push_str(" ×");
        push_fixed(&mut label, backend.speed, if backend.speed < 0.1 { 2 } else { 1 });
        if backend.dead {
            label = backend_name(index);
            label.push_str(" dead");
        }
        Tag::open(out, "text").attr("class", "label").num("x", 140.0).num("y", y + 11.0).text(&label);
        for slot in 0..queue.min(DRAWN_QUEUE) {
            Tag::open(out, "rect")
                .attr("class", if slot == 0 { "job serving" } else { "job" })
                .num("x", 210.0 + 10.0 * f64::from(slot))
                .num("y", y + 3.0)
                .num("width", 8.0)
                .num("height", 9.0)
                .close();
        }
        if queue > DRAWN_QUEUE {
            let mut more = String::from("+");
            push_uint(&mut more, u64::from(queue - DRAWN_QUEUE));
            Tag::open(out, "text").attr("class", "label").num("x", 572.0).num("y", y + 11.0).text(&more);
        }
        let mut busy = String::new();
        push_percent(&mut busy, utilization, 0);
        Tag::open(out, "text")
            .attr("class", "label")
            .attr("text-anchor", "end")
            .num("x", 636.0)
            .num("y", y + 11.0)
            .text(&busy);
        end_tag(out, "g");
    }
    end_tag(out, "svg");
}

fn push_latency_chart(out: &mut String, simulation: &Simulation) {
    let windows: Vec<_> = simulation.windows.iter().collect();
    let start = windows.first().map_or(0.0, |window| window.end);
    let series = |pick: fn(&crate::simulation::Window) -> f64| -> Vec<(f64, f64)> {
        windows.iter().map(|window| ((window.end - start) * SERVICE_MS, pick(window) * SERVICE_MS)).collect()
    };
    let (p50, p99, p999) = (series(|w| w.p50), series(|w| w.p99), series(|w| w.p999));
    let highest = p999.iter().map(|&(_, value)| value).fold(SERVICE_MS * 2.0, f64::max);
    let (y_max, y_ticks) = nice_scale(highest);
    let span = windows.last().map_or(0.0, |window| window.end - start) * SERVICE_MS;
    let (x_max, x_ticks) = nice_scale(span.max(SERVICE_MS * 25.0));
    line_chart(
        out,
        "Latency percentiles per window over the recent past",
        &Axis { label: "ms over the recent windows", max: x_max, ticks: x_ticks, percent: false },
        &Axis { label: "latency (ms)", max: y_max, ticks: y_ticks, percent: false },
        &[
            Series { label: "p50", class: "cat-blue", mark: Mark::Line, points: &p50 },
            Series { label: "p99", class: "cat-orange", mark: Mark::Line, points: &p99 },
            Series { label: "p99.9", class: "cat-purple", mark: Mark::Line, points: &p999 },
        ],
        None,
    );
}

fn push_controls(out: &mut String, simulation: &Simulation, disabled: bool) {
    let settings = &simulation.settings;
    out.push_str("<div class=\"widget-controls\">");
    let strategies: Vec<(&str, &str)> =
        Strategy::ALL.iter().map(|strategy| (strategy.key(), strategy.label())).collect();
    push_choice(out, "strategy", "Strategy", &strategies, settings.strategy.key(), disabled);
    push_choice(
        out,
        "preset",
        "Backends are",
        &[("uniform", "all alike"), ("heterogeneous", "a quarter slow (×0.4)")],
        settings.preset.key(),
        disabled,
    );
    let services: Vec<(&str, &str)> = Service::ALL.iter().map(|service| (service.key(), service.label())).collect();
    push_choice(out, "service", "Service times", &services, settings.service.key(), disabled);
    push_choice(
        out,
        "fault",
        "Fault",
        &[("none", "none"), ("slow", "B1 ten times slower"), ("dead", "B1 fails every request")],
        settings.fault.key(),
        disabled,
    );
    out.push_str("</div><div class=\"widget-controls\">");
    push_slider(
        out,
        &Slider {
            key: "backends",
            label: "Backends",
            min: MIN_BACKENDS,
            max: MAX_BACKENDS,
            step: 1,
            value: settings.backends.min(MAX_BACKENDS),
        },
        disabled,
    );
    push_slider(
        out,
        &Slider {
            key: "load",
            label: "Load %",
            min: 10,
            max: 99,
            step: 1,
            value: (settings.load * 100.0 + 0.5) as u32,
        },
        disabled,
    );
    push_slider(
        out,
        &Slider {
            key: "staleness",
            label: "Staleness (ms)",
            min: 0,
            max: 500,
            step: 10,
            value: (settings.staleness * SERVICE_MS) as u32,
        },
        disabled,
    );
    push_toggle(out, "keyed", "Keyed clients (Zipf)", settings.keyed, disabled);
    out.push_str("</div>");
}

fn push_ms(out: &mut String, service_times: f64) {
    let ms = service_times * SERVICE_MS;
    push_fixed(out, ms, if ms < 100.0 { 1 } else { 0 });
    out.push_str(" ms");
}

pub fn readout(simulation: &Simulation) -> String {
    let summary = simulation.summary();
    let settings = &simulation.settings;
    let mut out = String::with_capacity(1000);
    out.push_str("<p><strong>");
    let mut label = String::from(settings.strategy.label());
    label[..1].make_ascii_uppercase();
    push_escaped(&mut out, &label);
    out.push_str("</strong> at ");
    push_percent(&mut out, settings.load, 0);
    out.push_str(" load, ");
    push_uint(&mut out, (simulation.now() * SERVICE_MS) as u64);
    out.push_str(" ms in: ");
    push_uint(&mut out, summary.requests);
    out.push_str(" requests. Latency p50 ");
    push_ms(&mut out, summary.p50);
    out.push_str(", p99 ");
    push_ms(&mut out, summary.p99);
    out.push_str(", p99.9 ");
    push_ms(&mut out, summary.p999);
    out.push_str(".</p><p>Busiest: ");
    out.push_str(&backend_name(summary.busiest));
    out.push_str(" at ");
    push_percent(&mut out, summary.busiest_utilization, 0);
    out.push_str(" busy, ");
    push_fixed(&mut out, summary.peak_to_mean, 2);
    out.push_str("× the mean. Longest queue so far: ");
    push_uint(&mut out, u64::from(summary.max_queue));
    out.push_str(". Failed requests: ");
    push_uint(&mut out, summary.errors);
    out.push_str(".</p>");
    let hot: Vec<String> = (0..simulation.backends.len())
        .filter(|&index| {
            !simulation.backends[index].dead
                && (simulation.utilization(index) >= 0.95 || simulation.outstanding(index) >= 12)
        })
        .map(backend_name)
        .collect();
    if !hot.is_empty() {
        out.push_str("<p class=\"hot-spots\">Hot spots (at least 95% busy or 12 queued): ");
        out.push_str(&hot.join(", "));
        out.push_str(".</p>");
    }
    out.push_str("<p class=\"note\">A mean service time is 10 ms at speed ×1.");
    if settings.preset == Preset::Heterogeneous {
        out.push_str(" Every fourth backend serves at ×0.4.");
    }
    if settings.fault != Fault::None {
        out.push_str(if settings.fault == Fault::Slow {
            " B1 is ten times slower."
        } else {
            " B1 fails every request at once."
        });
    }
    out.push_str("</p>");
    out
}

/// Every strategy on the same trace, one row each, the current one marked.
pub fn comparison_table(simulation: &Simulation, comparison: &[(Strategy, Summary)]) -> String {
    let mut out = String::with_capacity(3000);
    out.push_str("<table><caption>Every strategy on the same ");
    push_uint(&mut out, comparison.first().map_or(0, |(_, summary)| summary.requests));
    out.push_str(" requests (same seed and settings)</caption><thead><tr><th scope=\"col\">Strategy</th><th scope=\"col\" class=\"num\">p50</th><th scope=\"col\" class=\"num\">p99</th><th scope=\"col\" class=\"num\">p99.9</th><th scope=\"col\" class=\"num\">busiest / mean</th><th scope=\"col\" class=\"num\">longest queue</th><th scope=\"col\" class=\"num\">failed</th></tr></thead><tbody>");
    for (strategy, summary) in comparison {
        out.push_str(if *strategy == simulation.settings.strategy { "<tr class=\"current\">" } else { "<tr>" });
        out.push_str("<th scope=\"row\">");
        push_escaped(&mut out, strategy.label());
        out.push_str("</th>");
        for cell in [summary.p50, summary.p99, summary.p999] {
            out.push_str("<td class=\"num\">");
            push_ms(&mut out, cell);
            out.push_str("</td>");
        }
        out.push_str("<td class=\"num\">");
        push_fixed(&mut out, summary.peak_to_mean, 2);
        out.push_str("</td><td class=\"num\">");
        push_uint(&mut out, u64::from(summary.max_queue));
        out.push_str("</td><td class=\"num\">");
        push_uint(&mut out, summary.errors);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::simulation::compare;
    use kit::markup::text_of;

    #[test]
    fn renders_backends_latency_and_the_comparison() {
        let mut simulation = Simulation::new(Settings::default());
        simulation.run_until(200.0);
        let comparison = compare(&simulation.settings, 2_000);
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        let html = render(&simulation, &comparison, &transport, Mode::Static);
        assert_eq!(html.matches("<g class=\"backend").count(), 8);
        assert_eq!(html.matches("<tr class=\"current\">").count(), 1);
        let text = text_of(&readout(&simulation));
        assert!(text.starts_with("Power of two choices at 80% load, 2000 ms in: "), "{text}");
        assert!(!html.contains("NaN"));
    }
}
