//! The latency and staleness panel: the WARS simulation of [`crate::latency`] drawn as
//! p50/p99 latencies and a t-visibility curve, for the quorum the sliders set.

use kit::chart::{line_chart, nice_scale, Axis, Mark, Series};
use kit::controls::{push_choice, push_seed};
use kit::num::{push_fixed, push_percent, push_uint};

use kit::stats::sorted_percentile;

use crate::latency::{widget_trials, Profile, Simulation, PROFILES};
use crate::model::{miss_probability, Quorum};

/// The panel's settings.
#[derive(Clone, Copy)]
pub struct Panel {
    pub profile: &'static Profile,
    pub seed: u64,
}

/// The whole panel: controls, chart and readout. `disabled` in the static figure.
pub fn render(quorum: &Quorum, panel: Panel, disabled: bool) -> String {
    let simulation = simulate(quorum, panel);
    let mut out = String::with_capacity(6000);
    out.push_str("<div class=\"staleness\"><h3 class=\"panel-title\">Latency and staleness (WARS)</h3><div class=\"widget-controls\">");
    let profiles: Vec<(&str, &str)> = PROFILES.iter().map(|profile| (profile.key, profile.label)).collect();
    push_choice(&mut out, "latency", "Latencies", &profiles, panel.profile.key, disabled);
    push_seed(&mut out, panel.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-visual\" data-part=\"staleness-chart\">");
    out.push_str(&chart(quorum, &simulation));
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"staleness-readout\">");
    out.push_str(&readout(quorum, panel, &simulation));
    out.push_str("</div></div>");
    out
}

pub fn simulate(quorum: &Quorum, panel: Panel) -> Simulation {
    Simulation::run(
        panel.profile,
        quorum.replicas(),
        quorum.write_quorum(),
        quorum.read_quorum(),
        widget_trials(quorum.replicas()),
        panel.seed,
    )
}

/// The chart and the readout, for a redraw after a control moved.
pub fn chart(quorum: &Quorum, simulation: &Simulation) -> String {
    let until = simulation.time_to_visibility(0.999);
    let (x_max, x_ticks) = nice_scale((until * 1.15).max(1.0));
    let curve: Vec<(f64, f64)> = (0..=80)
        .map(|step| {
            let t = x_max * f64::from(step) / 80.0;
            (t, simulation.visibility(t))
        })
        .collect();
    let formula = [(0.0, formula_at_commit(quorum))];
    let mut out = String::with_capacity(4000);
    line_chart(
        &mut out,
        "Probability that a read returns the latest write, against the time since the write committed",
        &Axis { label: "ms after the write committed", max: x_max, ticks: x_ticks, percent: false },
        &Axis { label: "P(read sees the write)", max: 1.0, ticks: 4, percent: true },
        &[
            Series { label: "simulated (WARS)", class: "cat-blue", mark: Mark::Line, points: &curve },
            Series { label: "formula at t = 0", class: "cat-orange", mark: Mark::Points, points: &formula },
        ],
        (until > 0.0).then_some((until, "99.9%")),
    );
    out
}

/// 1 - C(N-W, R)/C(N, R): a fresh read at commit if the write stopped at its W replicas.
fn formula_at_commit(quorum: &Quorum) -> f64 {
    1.0 - miss_probability(quorum.replicas(), quorum.write_quorum(), quorum.read_quorum()).as_f64()
}

pub fn readout(quorum: &Quorum, panel: Panel, simulation: &Simulation) -> String {
    let mut out = String::with_capacity(1000);
    out.push_str("<p>");
    out.push_str(panel.profile.label);
    out.push_str(": writes (W = ");
    push_uint(&mut out, u64::from(quorum.write_quorum()));
    out.push_str(") take ");
    push_latencies(&mut out, &simulation.write_latency);
    out.push_str("; reads (R = ");
    push_uint(&mut out, u64::from(quorum.read_quorum()));
    out.push_str(") take ");
    push_latencies(&mut out, &simulation.read_latency);
    out.push_str(".</p><p>");
    if quorum.read_quorum() + quorum.write_quorum() > quorum.replicas() {
        out.push_str("R + W &gt; N: every read quorum meets a replica that acknowledged the write, so reads are consistent from the moment it commits.");
    } else {
        out.push_str("A read started as the write commits returns it with probability <strong>");
        push_percent(&mut out, simulation.visibility(0.0), 1);
        out.push_str("</strong>; 99.9% of reads do after <strong>");
        push_milliseconds(&mut out, simulation.time_to_visibility(0.999));
        out.push_str("</strong>. If the write stopped at the W replicas that acknowledged it, the formula 1 − C(N−W, R)/C(N, R) would give ");
        push_percent(&mut out, formula_at_commit(quorum), 1);
        out.push_str(" at commit: the difference is the write still reaching the other replicas.");
    }
    out.push_str("</p><p class=\"note\">Estimated from ");
    push_uint(&mut out, simulation.consistent_from.len() as u64);
    out.push_str(" simulated write-then-read pairs, seed ");
    push_uint(&mut out, panel.seed);
    out.push_str(".</p>");
    out
}

fn push_latencies(out: &mut String, sorted: &[f64]) {
    out.push_str("p50 ");
    push_milliseconds(out, sorted_percentile(sorted, 0.5));
    out.push_str(", p99 ");
    push_milliseconds(out, sorted_percentile(sorted, 0.99));
}

/// Milliseconds with two significant decimals below 10 ms, one below 100, none above.
fn push_milliseconds(out: &mut String, value: f64) {
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    push_fixed(out, value, decimals);
    out.push_str(" ms");
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    fn panel(key: &str) -> Panel {
        Panel { profile: crate::latency::profile(key).unwrap(), seed: 1 }
    }

    #[test]
    fn partial_quorums_report_visibility_and_the_formula() {
        let quorum = Quorum::new(3, 1, 1);
        let text = text_of(&render(&quorum, panel("lnkd-disk"), false));
        assert!(text.contains("LinkedIn, spinning disk (LNKD-DISK): writes (W = 1) take p50 "), "{text}");
        assert!(text.contains("A read started as the write commits returns it with probability 4"), "{text}");
        assert!(text.contains("the formula 1 − C(N−W, R)/C(N, R) would give 33.3% at commit"), "{text}");
        assert!(text.contains("Estimated from 40000 simulated write-then-read pairs, seed 1."), "{text}");
    }

    #[test]
    fn overlapping_quorums_are_consistent_at_once() {
        let text = text_of(&render(&Quorum::new(3, 2, 2), panel("ymmr"), true));
        assert!(text.contains("reads are consistent from the moment it commits"), "{text}");
    }

    #[test]
    fn every_quorum_and_profile_renders_finite_numbers() {
        for profile in PROFILES {
            for n in [1, 4, 15] {
                for w in [1, n / 2 + 1, n] {
                    let html = render(&Quorum::new(n, w, 1), Panel { profile, seed: 3 }, false);
                    assert!(!html.contains("NaN") && !html.contains('–') && !html.contains("inf"), "{}", profile.key);
                }
            }
        }
    }
}
