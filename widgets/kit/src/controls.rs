//! Form controls every widget draws the same way, so they look and behave alike.
//!
//! Each control carries a `data-control` (inputs) or `data-action` (buttons) attribute that the
//! widget's delegated handlers read; all are disabled in the static figure, where nothing could
//! answer them.

use crate::num::uint;
use crate::svg::Tag;

/// A `<button>` that the widget's delegated click handler finds by its `data-action`.
pub fn push_button(out: &mut String, action: &str, label: &str, disabled: bool) {
    Tag::open(out, "button")
        .attr("type", "button")
        .attr("class", "widget-button")
        .attr("data-action", action)
        .flag("disabled", disabled)
        .text(label);
}

/// A labelled range input with its value shown beside it in an `<output data-output=KEY>`.
pub struct Slider<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub min: u32,
    pub max: u32,
    pub step: u32,
    pub value: u32,
}

pub fn push_slider(out: &mut String, slider: &Slider, disabled: bool) {
    out.push_str("<label class=\"slider\"><span class=\"slider-label\">");
    crate::markup::push_escaped(out, slider.label);
    out.push_str("</span>");
    Tag::open(out, "input")
        .attr("type", "range")
        .attr("min", &uint(u64::from(slider.min)))
        .attr("max", &uint(u64::from(slider.max)))
        .attr("step", &uint(u64::from(slider.step.max(1))))
        .attr("value", &uint(u64::from(slider.value)))
        .attr("data-control", slider.key)
        .flag("disabled", disabled)
        .body();
    Tag::open(out, "output").attr("data-output", slider.key).text(&uint(u64::from(slider.value)));
    out.push_str("</label>");
}

/// A labelled `<select data-control=KEY>` over `(value, label)` options.
pub fn push_choice(out: &mut String, key: &str, label: &str, options: &[(&str, &str)], selected: &str, disabled: bool) {
    out.push_str("<label class=\"slider\"><span class=\"slider-label\">");
    crate::markup::push_escaped(out, label);
    out.push_str("</span>");
    Tag::open(out, "select").attr("data-control", key).flag("disabled", disabled).body();
    for (value, text) in options {
        Tag::open(out, "option").attr("value", value).flag("selected", *value == selected).text(text);
    }
    out.push_str("</select></label>");
}

/// A labelled checkbox, `data-control=KEY`; its value reaches handlers as `true` or `false`.
pub fn push_toggle(out: &mut String, key: &str, label: &str, checked: bool, disabled: bool) {
    out.push_str("<label class=\"slider toggle\">");
    Tag::open(out, "input")
        .attr("type", "checkbox")
        .attr("data-control", key)
        .flag("checked", checked)
        .flag("disabled", disabled)
        .body();
    out.push_str("<span class=\"slider-label\">");
    crate::markup::push_escaped(out, label);
    out.push_str("</span></label>");
}

/// The seed of a stochastic widget, shown so a run can be named and replayed.
pub fn push_seed(out: &mut String, seed: u32, disabled: bool) {
    out.push_str("<label class=\"slider seed\"><span class=\"slider-label\">Seed</span>");
    Tag::open(out, "input")
        .attr("type", "number")
        .attr("min", "0")
        .attr("max", "4294967295")
        .attr("step", "1")
        .attr("inputmode", "numeric")
        .attr("value", &uint(u64::from(seed)))
        .attr("data-control", "seed")
        .flag("disabled", disabled)
        .body();
    out.push_str("</label>");
}

/// Playback speeds of the transport bar: label and milliseconds between steps.
pub const SPEEDS: &[(&str, u32)] = &[("0.5×", 1000), ("1×", 500), ("2×", 250), ("4×", 125), ("8×", 60)];

/// The index in [`SPEEDS`] a widget starts at.
pub const DEFAULT_SPEED: usize = 1;

/// What the transport bar of a time-driven widget shows.
pub struct Transport {
    pub playing: bool,
    /// Whether there is a step to undo.
    pub can_step_back: bool,
    /// An index into [`SPEEDS`].
    pub speed: usize,
    pub seed: u32,
}

/// The one control bar of every time-driven widget: play/pause, step back, step, speed, reset
/// and seed. Actions: `play`, `back`, `step`, `reset`; controls: `speed`, `seed`.
pub fn push_transport(out: &mut String, transport: &Transport, disabled: bool) {
    push_bar(out, transport, disabled, true);
}

/// The same bar without the seed, for a widget whose runs involve no chance.
pub fn push_transport_unseeded(out: &mut String, transport: &Transport, disabled: bool) {
    push_bar(out, transport, disabled, false);
}

fn push_bar(out: &mut String, transport: &Transport, disabled: bool, seeded: bool) {
    out.push_str("<div class=\"widget-controls transport\" role=\"group\" aria-label=\"Playback\">");
    Tag::open(out, "button")
        .attr("type", "button")
        .attr("class", "widget-button")
        .attr("data-action", "play")
        .attr("aria-pressed", if transport.playing { "true" } else { "false" })
        .flag("disabled", disabled)
        .text(if transport.playing { "Pause" } else { "Play" });
    push_button(out, "back", "Step back", disabled || !transport.can_step_back);
    push_button(out, "step", "Step", disabled);
    let speeds: Vec<(String, &str)> =
        SPEEDS.iter().enumerate().map(|(index, (label, _))| (uint(index as u64), *label)).collect();
    let options: Vec<(&str, &str)> = speeds.iter().map(|(value, label)| (value.as_str(), *label)).collect();
    let selected = uint(transport.speed.min(SPEEDS.len() - 1) as u64);
    push_choice(out, "speed", "Speed", &options, &selected, disabled);
    push_button(out, "reset", "Reset", disabled);
    if seeded {
        push_seed(out, transport.seed, disabled);
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_carry_their_action() {
        let mut out = String::new();
        push_button(&mut out, "reset", "Reset", true);
        assert_eq!(out, r#"<button type="button" class="widget-button" data-action="reset" disabled>Reset</button>"#);
    }

    #[test]
    fn sliders_show_their_value() {
        let mut out = String::new();
        push_slider(&mut out, &Slider { key: "nodes", label: "Nodes", min: 1, max: 20, step: 1, value: 5 }, false);
        assert!(out.contains(r#"<input type="range" min="1" max="20" step="1" value="5" data-control="nodes">"#));
        assert!(out.contains(r#"<output data-output="nodes">5</output>"#));
    }

    #[test]
    fn choices_mark_the_selected_option() {
        let mut out = String::new();
        push_choice(&mut out, "scheme", "Scheme", &[("ring", "Ring"), ("jump", "Jump")], "jump", false);
        assert!(out.contains(r#"<option value="ring">Ring</option><option value="jump" selected>Jump</option>"#));
    }

    #[test]
    fn toggles_carry_their_state() {
        let mut out = String::new();
        push_toggle(&mut out, "sloppy", "Sloppy quorum", true, false);
        assert_eq!(
            out,
            r#"<label class="slider toggle"><input type="checkbox" data-control="sloppy" checked><span class="slider-label">Sloppy quorum</span></label>"#
        );
    }

    #[test]
    fn transport_has_every_control() {
        let mut out = String::new();
        push_transport(&mut out, &Transport { playing: true, can_step_back: false, speed: 9, seed: 42 }, false);
        for needle in [
            r#"data-action="play" aria-pressed="true">Pause<"#,
            r#"data-action="back" disabled>Step back<"#,
            r#"data-action="step">Step<"#,
            r#"<option value="4" selected>8×</option>"#,
            r#"data-action="reset">Reset<"#,
            r#"value="42" data-control="seed""#,
        ] {
            assert!(out.contains(needle), "{needle} missing from {out}");
        }
    }
}
