//! State -> markup, shared by the static figure and the live widget.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::{push_choice, push_seed, push_slider, Slider};
use kit::num::{push_fixed, push_percent, push_uint};

use crate::config::MAX_SERVERS;
use crate::formula::{Model, Queue};
use crate::simulation::{simulate, Outcome, WIDGET_CUSTOMERS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// What the widget shows: a queue, the mean service time that gives its units, and a seed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scene {
    pub queue: Queue,
    /// servers chosen for M/M/c (kept while another model is shown).
    pub servers: u32,
    pub service_ms: u32,
    pub seed: u64,
}

pub fn render(scene: &Scene, mode: Mode) -> String {
    let outcome = simulate(&scene.queue, WIDGET_CUSTOMERS, scene.seed);
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(8000);
    out.push_str("<div class=\"queueing\"><div class=\"widget-visual\" data-part=\"chart\">");
    out.push_str(&chart(scene, &outcome));
    out.push_str("</div><div class=\"widget-controls\">");
    let models: Vec<(&str, &str)> = Model::ALL.iter().map(|model| (model.key(), model.label())).collect();
    push_choice(&mut out, "model", "Queue", &models, scene.queue.model.key(), disabled);
    push_slider(
        &mut out,
        &Slider { key: "servers", label: "Servers c", min: 1, max: MAX_SERVERS, step: 1, value: scene.servers },
        disabled || scene.queue.model != Model::MMc,
    );
    push_slider(
        &mut out,
        &Slider {
            key: "utilization",
            label: "Utilization %",
            min: 5,
            max: 98,
            step: 1,
            value: (scene.queue.utilization * 100.0 + 0.5) as u32,
        },
        disabled,
    );
    push_seed(&mut out, scene.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene, &outcome));
    out.push_str("</div></div>");
    out
}

/// Mean time in system against utilization from the formula, with the simulated mean and p99
/// at the current utilization.
pub fn chart(scene: &Scene, outcome: &Outcome) -> String {
    let ms = f64::from(scene.service_ms);
    let queue = scene.queue;
    let curve: Vec<(f64, f64)> = (1..=98)
        .map(|percent| {
            let at = Queue::new(queue.model, queue.servers, f64::from(percent) / 100.0);
            (f64::from(percent) / 100.0, at.predict().mean_response * ms)
        })
        .collect();
    let current = queue.predict().mean_response * ms;
    let simulated_mean = [(queue.utilization, outcome.mean_response * ms)];
    let simulated_p99 = [(queue.utilization, outcome.p99_response * ms)];
    // A fixed scale up to five times the mean at 90% utilization (about the 99th percentile
    // there), so the points climb the curve as the slider moves; it grows only when they would
    // leave the chart.
    let at_ninety = Queue::new(queue.model, queue.servers, 0.9).predict().mean_response * ms;
    let (y_max, y_ticks) = nice_scale((at_ninety * 5.0).max(current * 1.2).max(outcome.p99_response * ms * 1.1));
    let mut out = String::with_capacity(5000);
    line_chart(
        &mut out,
        "Mean time in system against utilization, with the simulated mean and 99th percentile",
        &Axis { label: "utilization", max: 1.0, ticks: 5, percent: true },
        &Axis { label: "time in system (ms)", max: y_max, ticks: y_ticks, percent: false },
        &[
            Series { label: "formula", class: "cat-blue", mark: Mark::Line, points: &curve },
            Series { label: "simulated", class: "cat-orange", mark: Mark::Points, points: &simulated_mean },
            Series { label: "simulated p99", class: "cat-purple", mark: Mark::Points, points: &simulated_p99 },
        ],
        Some((queue.utilization, "now")),
    );
    out
}

fn push_ms(out: &mut String, service_times: f64, service_ms: u32) {
    let ms = service_times * f64::from(service_ms);
    push_fixed(
        out,
        ms,
        if ms < 10.0 {
            2
        } else if ms < 100.0 {
            1
        } else {
            0
        },
    );
    out.push_str(" ms");
}

pub fn readout(scene: &Scene, outcome: &Outcome) -> String {
    let queue = scene.queue;
    let prediction = queue.predict();
    let ms = scene.service_ms;
    let per_second = queue.arrival_rate() * 1000.0 / f64::from(ms);
    let mut out = String::with_capacity(1200);
    out.push_str("<p><strong>");
    out.push_str(queue.model.label());
    out.push_str("</strong> at ");
    push_percent(&mut out, queue.utilization, 0);
    out.push_str(" utilization: ");
    push_fixed(&mut out, per_second, 1);
    out.push_str(" arrivals a second to ");
    push_uint(&mut out, u64::from(queue.servers));
    out.push_str(if queue.servers == 1 { " server" } else { " servers" });
    out.push_str(" taking ");
    push_uint(&mut out, u64::from(ms));
    out.push_str(if queue.model == Model::MD1 { " ms each.</p>" } else { " ms on average.</p>" });

    out.push_str("<p>Mean time in system: formula <strong>");
    push_ms(&mut out, prediction.mean_response, ms);
    out.push_str("</strong>, simulated ");
    push_ms(&mut out, outcome.mean_response, ms);
    out.push_str(". 99th percentile of the wait: ");
    match prediction.p99_wait {
        Some(p99) => {
            out.push_str("formula ");
            push_ms(&mut out, p99, ms);
            out.push_str(", simulated ");
        }
        None => out.push_str("simulated "),
    }
    push_ms(&mut out, outcome.p99_wait, ms);
    out.push_str(". Arrivals that wait: ");
    push_percent(&mut out, prediction.wait_probability, 1);
    out.push_str(" by formula, ");
    push_percent(&mut out, outcome.wait_probability, 1);
    out.push_str(" simulated.</p>");

    out.push_str("<p>Little's law, L = λW: arrivals found on average <strong>");
    push_fixed(&mut out, outcome.mean_number, 2);
    out.push_str("</strong> customers in the system; λ × W = ");
    push_fixed(&mut out, outcome.arrival_rate * 1000.0 / f64::from(ms), 1);
    out.push_str("/s × ");
    push_ms(&mut out, outcome.mean_response, ms);
    out.push_str(" = ");
    push_fixed(&mut out, outcome.arrival_rate * outcome.mean_response, 2);
    out.push_str(".</p><p class=\"note\">Simulated ");
    push_uint(&mut out, u64::from(outcome.customers));
    out.push_str(" customers after a warm-up, seed ");
    push_uint(&mut out, scene.seed);
    out.push_str(".</p>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn the_readout_sets_formula_beside_simulation() {
        let scene = Scene { queue: Queue::new(Model::MM1, 1, 0.8), servers: 2, service_ms: 10, seed: 1 };
        let text = text_of(&render(&scene, Mode::Static));
        assert!(
            text.contains("M/M/1 at 80% utilization: 80.0 arrivals a second to 1 server taking 10 ms on average."),
            "{text}"
        );
        assert!(text.contains("Mean time in system: formula 50.0 ms, simulated "), "{text}");
        assert!(text.contains("99th percentile of the wait: formula 219 ms, simulated "), "{text}");
        assert!(text.contains("Arrivals that wait: 80.0% by formula"), "{text}");
        assert!(text.contains("Little's law, L = λW: arrivals found on average "), "{text}");
    }

    #[test]
    fn md1_has_no_closed_form_percentile() {
        let scene = Scene { queue: Queue::new(Model::MD1, 1, 0.5), servers: 2, service_ms: 20, seed: 2 };
        let text = text_of(&readout(&scene, &simulate(&scene.queue, 2000, 2)));
        assert!(text.contains("99th percentile of the wait: simulated "), "{text}");
        assert!(text.contains("taking 20 ms each."), "{text}");
    }
}
