//! Inputs -> markup, shared by the static figure and the live widget: the inputs as choices,
//! then the worksheet as a table, one line per step, each with its formula and units.

use kit::controls::push_choice;
use kit::markup::push_escaped;
use kit::num::uint;

use crate::config::FIELDS;
use crate::worksheet::{estimate, Estimate, Inputs, Preset, PRESETS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub fn render(inputs: &Inputs, preset: Option<Preset>, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(8_000);
    out.push_str("<div class=\"capacity\"><div class=\"widget-controls\">");
    let mut presets: Vec<(&str, &str)> = PRESETS.iter().map(|(_, key, label)| (*key, *label)).collect();
    presets.push(("custom", "custom"));
    push_choice(&mut out, "preset", "Preset", &presets, preset.map_or("custom", Preset::key), disabled);
    out.push_str("</div><div class=\"widget-controls capacity-inputs\">");
    for field in FIELDS {
        let indices: Vec<String> = (0..field.choices.len()).map(|i| uint(i as u64)).collect();
        let options: Vec<(&str, &str)> =
            indices.iter().zip(field.choices).map(|(index, (_, label))| (index.as_str(), *label)).collect();
        push_choice(&mut out, field.key, field.label, &options, &uint(field.index(inputs) as u64), disabled);
    }
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(&estimate(inputs)));
    out.push_str("</div></div>");
    out
}

pub fn readout(estimate: &Estimate) -> String {
    let mut out = String::with_capacity(4_000);
    out.push_str("<p class=\"capacity-summary\">");
    push_escaped(
        &mut out,
        &format!(
            "First cut: {}, set by {}. Peak {}; storage {} with every copy; {} out.",
            estimate.machines.label(),
            if estimate.storage_bound { "storage, not traffic" } else { "the peak rate, not storage" },
            estimate.peak_qps.label(),
            estimate.total_storage.label(),
            estimate.bandwidth_out.label(),
        ),
    );
    out.push_str("</p><table class=\"capacity-sheet\"><caption>The worksheet</caption><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Formula</th><th scope=\"col\">Result</th></tr></thead><tbody>");
    for line in &estimate.lines {
        out.push_str("<tr><th scope=\"row\">");
        push_escaped(&mut out, line.label);
        out.push_str("</th><td>");
        push_escaped(&mut out, line.formula);
        out.push_str("</td><td>");
        push_escaped(&mut out, &line.value.label());
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_shortener_reads_as_worked_by_hand() {
        let html = readout(&estimate(&Preset::UrlShortener.inputs()));
        assert!(html.contains("First cut: 11 machines, set by storage, not traffic."), "{html}");
        assert!(html.contains("<td>1,157 requests/s</td>"), "{html}");
        assert!(html.contains("<td>10 GB/day</td>"), "{html}");
        assert!(html.contains("<td>109.5 TB</td>"), "{html}");
    }
}
