//! The request path -> markup, shared by the static figure and the live widget: one row of
//! controls per stage, a diagram of the path with each stage's availability, and the composite,
//! downtime and error budget written out.

use kit::controls::{push_button, push_choice};
use kit::markup::push_escaped;
use kit::num::{push_fixed, uint};
use kit::svg::{end_tag, Tag};

use crate::config::{nearest, ERROR_RATES, MAX_REPLICAS, MAX_STAGES, MTBF_HOURS, MTTR_HOURS, PERCENTS, SLOS};
use crate::model::{
    budget, composite, downtime_hours_per_year, downtime_minutes_per_month, nines, weakest, Reliability, Stage,
    COMPONENTS, PRESETS,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub stages: &'a [Stage],
    pub slo: f64,
    pub error_rate: f64,
}

fn options(choices: &[(f64, &'static str)]) -> (Vec<String>, Vec<&'static str>) {
    ((0..choices.len()).map(|i| uint(i as u64)).collect(), choices.iter().map(|(_, label)| *label).collect())
}

fn push_indexed(out: &mut String, key: &str, label: &str, choices: &[(f64, &'static str)], value: f64, disabled: bool) {
    let (values, labels) = options(choices);
    let pairs: Vec<(&str, &str)> = values.iter().map(String::as_str).zip(labels).collect();
    push_choice(out, key, label, &pairs, &uint(nearest(choices, value) as u64), disabled);
}

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(10_000);
    out.push_str("<div class=\"availability\"><div class=\"widget-controls\">");
    let mut presets: Vec<(&str, &str)> = PRESETS.iter().map(|(_, key, label)| (*key, *label)).collect();
    presets.push(("custom", "your own"));
    push_choice(&mut out, "preset", "Preset", &presets, preset_key(scene.stages), disabled);
    out.push_str("</div>");
    for (index, stage) in scene.stages.iter().enumerate() {
        out.push_str("<div class=\"widget-controls stage-row\" role=\"group\" aria-label=\"Stage ");
        out.push_str(&uint(index as u64 + 1));
        out.push_str("\">");
        let key = |name: &str| format!("{name}-{index}");
        let names: Vec<String> = (0..COMPONENTS.len()).map(|i| uint(i as u64)).collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(COMPONENTS.iter().copied()).collect();
        push_choice(
            &mut out,
            &key("component"),
            &format!("Stage {}", index + 1),
            &pairs,
            &uint(stage.component as u64),
            disabled,
        );
        let kind = if matches!(stage.reliability, Reliability::Percent(_)) { "percent" } else { "mtbf" };
        push_choice(
            &mut out,
            &key("kind"),
            "Given as",
            &[("percent", "availability"), ("mtbf", "MTBF and MTTR")],
            kind,
            disabled,
        );
        match stage.reliability {
            Reliability::Percent(percent) => {
                push_indexed(&mut out, &key("percent"), "Each replica", PERCENTS, percent, disabled)
            }
            Reliability::Mtbf { mtbf_hours, mttr_hours } => {
                push_indexed(&mut out, &key("mtbf"), "MTBF", MTBF_HOURS, mtbf_hours, disabled);
                push_indexed(&mut out, &key("mttr"), "MTTR", MTTR_HOURS, mttr_hours, disabled);
            }
        }
        let counts: Vec<String> = (1..=MAX_REPLICAS).map(|n| uint(u64::from(n))).collect();
        let pairs: Vec<(&str, &str)> = counts.iter().map(|n| (n.as_str(), n.as_str())).collect();
        push_choice(&mut out, &key("replicas"), "Replicas", &pairs, &uint(u64::from(stage.replicas)), disabled);
        out.push_str("</div>");
    }
    out.push_str("<div class=\"widget-controls\">");
    push_button(&mut out, "add", "Add a stage", disabled || scene.stages.len() >= MAX_STAGES);
    push_button(&mut out, "remove", "Remove the last stage", disabled || scene.stages.len() <= 1);
    push_indexed(&mut out, "slo", "SLO (%)", SLOS, scene.slo * 100.0, disabled);
    push_indexed(&mut out, "errors", "Observed error rate", ERROR_RATES, scene.error_rate, disabled);
    out.push_str("</div><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(scene.stages));
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene));
    out.push_str("</div></div>");
    out
}

/// The preset the stages still are, or `custom` once the reader has changed them.
pub fn preset_key(stages: &[Stage]) -> &'static str {
    PRESETS.iter().find(|(preset, _, _)| preset.stages() == stages).map_or("custom", |(_, key, _)| key)
}

/// A percentage with as many decimals as its nines need, trailing zeros dropped: 99.9%,
/// 99.95%, 99.999999%.
pub fn percent_label(availability: f64) -> String {
    let nines = nines(availability);
    let decimals = if nines.is_finite() { (nines.max(0.0) as u32 + 1).clamp(1, 6) } else { 2 };
    let mut out = String::new();
    push_fixed(&mut out, availability * 100.0, decimals);
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
    out.push('%');
    out
}

/// "4.4 hours", "52.6 minutes", "2.6 days".
pub fn duration_label(hours: f64) -> String {
    let mut out = String::new();
    let (value, unit) = if hours >= 48.0 {
        (hours / 24.0, " days")
    } else if hours >= 1.0 {
        (hours, " hours")
    } else if hours * 60.0 >= 1.0 {
        (hours * 60.0, " minutes")
    } else {
        (hours * 3_600.0, " seconds")
    };
    push_fixed(&mut out, value, 1);
    out.push_str(unit);
    out
}

pub fn diagram(stages: &[Stage]) -> String {
    let mut out = String::with_capacity(4_000);
    let width = 640.0;
    let column = width / stages.len().max(1) as f64;
    let weakest = weakest(stages);
    Tag::open(&mut out, "svg")
        .attr("viewBox", "0 0 640 190")
        .attr("role", "img")
        .attr("aria-label", "The request path: stages in series, replicas of a stage in parallel")
        .body();
    Tag::open(&mut out, "line")
        .attr("class", "path")
        .num("x1", 8.0)
        .num("y1", 80.0)
        .num("x2", width - 8.0)
        .num("y2", 80.0)
        .close();
    for (index, stage) in stages.iter().enumerate() {
        let x = column * index as f64 + 12.0;
        let box_width = column - 24.0;
        let class = if weakest == Some(index) { "stage weakest" } else { "stage" };
        Tag::open(&mut out, "g").attr("class", class).body();
        let replicas = stage.replicas.max(1);
        let slot = 120.0 / f64::from(replicas);
        for replica in 0..replicas {
            let y = 20.0 + f64::from(replica) * slot;
            Tag::open(&mut out, "rect")
                .num("x", x)
                .num("y", y)
                .num("width", box_width)
                .num("height", slot - 4.0)
                .num("rx", 4.0)
                .close();
        }
        Tag::open(&mut out, "text")
            .attr("class", "name")
            .num("x", x + box_width / 2.0)
            .num("y", 158.0)
            .text(stage.name());
        let label = format!("×{} → {}", replicas, percent_label(stage.availability()));
        Tag::open(&mut out, "text").attr("class", "value").num("x", x + box_width / 2.0).num("y", 176.0).text(&label);
        end_tag(&mut out, "g");
    }
    end_tag(&mut out, "svg");
    out
}

pub fn readout(scene: &Scene) -> String {
    let total = composite(scene.stages);
    let mut out = String::with_capacity(2_000);
    let mut sentence = format!(
        "Composite availability {} ({} nines): {} of downtime a year, {} in a 30-day month.",
        percent_label(total),
        {
            let mut n = String::new();
            push_fixed(&mut n, nines(total).min(99.0), 1);
            n
        },
        duration_label(downtime_hours_per_year(total)),
        duration_label(downtime_minutes_per_month(total) / 60.0),
    );
    if let Some(index) = weakest(scene.stages).filter(|_| scene.stages.len() > 1) {
        let stage = &scene.stages[index];
        sentence.push_str(&format!(
            " The weakest stage is the {} at {}; every stage in series can only lower the total.",
            stage.name(),
            percent_label(stage.availability())
        ));
    }
    out.push_str("<p>");
    push_escaped(&mut out, &sentence);
    out.push_str("</p><p>");
    let budget = budget(scene.slo, scene.error_rate);
    let mut text = format!(
        "SLO {}: an error budget of {} per 30 days. ",
        percent_label(scene.slo),
        duration_label(budget.budget_minutes / 60.0)
    );
    text.push_str(if total >= scene.slo {
        "The design's availability meets it, if failures are independent. "
    } else {
        "The design's availability falls short of it even with independent failures. "
    });
    if budget.burn_rate > 0.0 {
        let mut rate = String::new();
        push_fixed(&mut rate, budget.burn_rate, 1);
        text.push_str(&format!(
            "At the observed error rate the budget burns at {rate}× and is gone in {}.",
            duration_label(budget.days_to_exhaust * 24.0)
        ));
    } else {
        text.push_str("With no errors, nothing is spent.");
    }
    push_escaped(&mut out, &text);
    out.push_str("</p>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Preset;

    #[test]
    fn the_three_tier_readout() {
        let stages = Preset::ThreeTier.stages();
        let html = readout(&Scene { stages: &stages, slo: 0.999, error_rate: 0.01 });
        assert!(html.contains("Composite availability 99.95% (3.3 nines): 4.4 hours of downtime a year"), "{html}");
        assert!(html.contains("The weakest stage is the database at 99.95%"), "{html}");
        assert!(html.contains("an error budget of 43.2 minutes per 30 days"), "{html}");
        assert!(html.contains("burns at 10.0× and is gone in 3.0 days"), "{html}");
    }

    #[test]
    fn percentages_keep_the_digits_that_matter() {
        assert_eq!(percent_label(0.999), "99.9%");
        assert_eq!(percent_label(0.99999999), "99.999999%");
        assert_eq!(percent_label(0.9), "90%");
        assert_eq!(percent_label(0.99949986), "99.95%");
    }
}
