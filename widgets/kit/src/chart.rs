//! A small line chart in SVG: two linear axes from zero with ticks and labels, series drawn as
//! lines or as points, a legend, and an optional vertical marker. Series are told apart by
//! shape (line or points) as well as by colour.

use crate::num::{push_fixed, push_uint};
use crate::svg::{end_tag, Tag};

/// How a series is drawn: as a line, or as separate points (the two differ in shape, not
/// only in colour).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Line,
    Points,
}

pub struct Series<'a> {
    pub label: &'a str,
    /// A CSS class for the colour (the theme's categorical palette).
    pub class: &'a str,
    pub mark: Mark,
    pub points: &'a [(f64, f64)],
}

/// A linear axis from 0 to `max` with `ticks` intervals; values are shown as percentages when
/// `percent` is set.
pub struct Axis<'a> {
    pub label: &'a str,
    pub max: f64,
    pub ticks: u32,
    pub percent: bool,
}

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 58.0;

/// Draws the chart as an `<svg>` into `out`; `marker` draws a labelled vertical line at an x.
pub fn line_chart(out: &mut String, title: &str, x: &Axis, y: &Axis, series: &[Series], marker: Option<(f64, &str)>) {
    let plot_width = WIDTH - LEFT - RIGHT;
    let x_of = |value: f64| LEFT + plot_width * (value / x.max.max(f64::MIN_POSITIVE)).clamp(0.0, 1.0);
    let y_of = y_scale(y);
    open_chart(out, title, y, &y_of);
    for step in 0..=x.ticks {
        let value = x.max * f64::from(step) / f64::from(x.ticks.max(1));
        push_label(out, "tick", "middle", (x_of(value), HEIGHT - BOTTOM + 13.0), &value_label(value, x));
    }
    push_line(out, "axis", (LEFT, y_of(0.0)), (WIDTH - RIGHT, y_of(0.0)));
    push_line(out, "axis", (LEFT, TOP), (LEFT, y_of(0.0)));
    push_label(out, "axis-label", "middle", (LEFT + plot_width / 2.0, HEIGHT - BOTTOM + 27.0), x.label);
    push_label(out, "axis-label", "start", (2.0, 11.0), y.label);

    if let Some((at, label)) = marker {
        let position = x_of(at);
        push_line(out, "marker", (position, TOP), (position, y_of(0.0)));
        push_label(out, "marker-label", "middle", (position, TOP + 9.0), label);
    }

    for item in series {
        Tag::open(out, "g").attr("class", item.class).body();
        match item.mark {
            Mark::Line => {
                let mut points = String::new();
                for &(px, py) in item.points {
                    push_fixed(&mut points, x_of(px), 1);
                    points.push(',');
                    push_fixed(&mut points, y_of(py), 1);
                    points.push(' ');
                }
                Tag::open(out, "polyline").attr("class", "series").attr("points", points.trim_end()).close();
            }
            Mark::Points => {
                for &(px, py) in item.points {
                    push_point(out, (x_of(px), y_of(py)));
                }
            }
        }
        end_tag(out, "g");
    }

    // Legend under the axis label, one entry per series, with the series' own mark.
    let mut legend_x = LEFT;
    let legend_y = HEIGHT - 12.0;
    for item in series {
        Tag::open(out, "g").attr("class", item.class).body();
        match item.mark {
            Mark::Points => push_point(out, (legend_x + 8.0, legend_y)),
            Mark::Line => push_line(out, "series", (legend_x, legend_y), (legend_x + 16.0, legend_y)),
        }
        end_tag(out, "g");
        push_label(out, "legend", "start", (legend_x + 21.0, legend_y + 3.5), item.label);
        legend_x += 34.0 + 6.5 * item.label.chars().count() as f64;
    }
    end_tag(out, "svg");
}

/// One bar of a bar chart.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    /// A CSS class for the colour.
    pub class: &'a str,
}

/// Draws vertical bars over the y axis `y` (from zero), labelled underneath, with an optional
/// dashed horizontal reference line such as the mean.
pub fn bar_chart(out: &mut String, title: &str, y: &Axis, bars: &[Bar], reference: Option<(f64, &str)>) {
    let plot_width = WIDTH - LEFT - RIGHT;
    let y_of = y_scale(y);
    open_chart(out, title, y, &y_of);
    let slot = plot_width / bars.len().max(1) as f64;
    // Label every bar while they fit, every other one beyond that, and so on.
    let label_every = (14.0 / slot).ceil().max(1.0) as usize;
    for (index, bar) in bars.iter().enumerate() {
        let x = LEFT + slot * index as f64;
        let top = y_of(bar.value);
        Tag::open(out, "rect")
            .attr("class", bar.class)
            .num("x", x + slot * 0.15)
            .num("y", top)
            .num("width", slot * 0.7)
            .num("height", y_of(0.0) - top)
            .close();
        if index % label_every == 0 {
            push_label(out, "tick", "middle", (x + slot / 2.0, HEIGHT - BOTTOM + 13.0), bar.label);
        }
    }
    push_line(out, "axis", (LEFT, y_of(0.0)), (WIDTH - RIGHT, y_of(0.0)));
    push_line(out, "axis", (LEFT, TOP), (LEFT, y_of(0.0)));
    push_label(out, "axis-label", "start", (2.0, 11.0), y.label);
    if let Some((value, label)) = reference {
        let position = y_of(value);
        push_line(out, "marker", (LEFT, position), (WIDTH - RIGHT, position));
        push_label(out, "marker-label", "end", (WIDTH - RIGHT, position - 3.0), label);
    }
    end_tag(out, "svg");
}

/// Value -> vertical position in the plot for the y axis `y`.
fn y_scale(y: &Axis) -> impl Fn(f64) -> f64 {
    let (plot_height, max) = (HEIGHT - TOP - BOTTOM, y.max.max(f64::MIN_POSITIVE));
    move |value: f64| TOP + plot_height * (1.0 - (value / max).clamp(0.0, 1.0))
}

/// The chart's `<svg>` start tag, then the y axis grid and tick labels.
fn open_chart(out: &mut String, title: &str, y: &Axis, y_of: &impl Fn(f64) -> f64) {
    Tag::open(out, "svg")
        .attr("class", "chart")
        .attr("viewBox", "0 0 360 200")
        .attr("role", "img")
        .attr("aria-label", title)
        .body();
    push_y_grid(out, y, y_of);
}

/// Horizontal grid lines and tick labels of a y axis.
fn push_y_grid(out: &mut String, y: &Axis, y_of: impl Fn(f64) -> f64) {
    for step in 0..=y.ticks {
        let value = y.max * f64::from(step) / f64::from(y.ticks.max(1));
        let position = y_of(value);
        push_line(out, "grid", (LEFT, position), (WIDTH - RIGHT, position));
        push_label(out, "tick", "end", (LEFT - 4.0, position + 3.5), &value_label(value, y));
    }
}

fn push_line(out: &mut String, class: &str, from: (f64, f64), to: (f64, f64)) {
    Tag::open(out, "line")
        .attr("class", class)
        .num("x1", from.0)
        .num("y1", from.1)
        .num("x2", to.0)
        .num("y2", to.1)
        .close();
}

fn push_label(out: &mut String, class: &str, anchor: &str, at: (f64, f64), text: &str) {
    Tag::open(out, "text").attr("class", class).attr("text-anchor", anchor).num("x", at.0).num("y", at.1).text(text);
}

fn push_point(out: &mut String, at: (f64, f64)) {
    Tag::open(out, "circle").attr("class", "point").num("cx", at.0).num("cy", at.1).num("r", 2.5).close();
}

/// A round axis maximum at or above `value` and the number of ticks that divide it into round
/// steps (1, 2, 2.5 or 5 times a power of ten), at most six of them.
pub fn nice_scale(value: f64) -> (f64, u32) {
    if value.is_nan() || value <= 0.0 || value.is_infinite() {
        return (1.0, 4);
    }
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= value {
        magnitude *= 10.0;
    }
    while magnitude > value {
        magnitude /= 10.0;
    }
    for step in [0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0].map(|factor| factor * magnitude) {
        let ticks = (value / step - 1e-9).floor() as u32 + 1;
        if ticks <= 6 {
            return (step * f64::from(ticks), ticks);
        }
    }
    (10.0 * magnitude, 1)
}

/// A tick label: whole numbers plainly, percentages with the decimals their size needs.
fn value_label(value: f64, axis: &Axis) -> String {
    let mut label = String::new();
    if axis.percent {
        let percent = value * 100.0;
        push_fixed(&mut label, percent, if axis.max * 100.0 >= 10.0 { 0 } else { 1 });
        label.push('%');
    } else if value.fract() == 0.0 || axis.max >= 10.0 {
        push_uint(&mut label, value.max(0.0) as u64);
    } else {
        push_fixed(&mut label, value, 1);
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stand_on_the_axis() {
        let mut out = String::new();
        let axis = Axis { label: "keys", max: 100.0, ticks: 4, percent: false };
        let bars = [Bar { label: "1", value: 50.0, class: "a" }, Bar { label: "2", value: 100.0, class: "b" }];
        bar_chart(&mut out, "Keys per node", &axis, &bars, Some((75.0, "mean")));
        // The plot spans y = 22 (100) to y = 142 (0): 50 keys stand 60 high.
        assert!(out.contains(r#"<rect class="a" x="68.8" y="82" width="106.4" height="60"/>"#), "{out}");
        assert!(out.contains(r#"<rect class="b" x="220.8" y="22" width="106.4" height="120"/>"#));
        assert!(out.contains(">mean</text>"));
    }

    #[test]
    fn scales_are_round() {
        for (value, max, ticks) in [(42.0, 50.0, 5), (0.64, 0.8, 4), (0.05, 0.05, 5), (8.0, 8.0, 4), (0.0, 1.0, 4)] {
            let (found_max, found_ticks) = nice_scale(value);
            assert!((found_max - max).abs() < 1e-9 && found_ticks == ticks, "{value}: {found_max} {found_ticks}");
        }
    }

    #[test]
    fn draws_axes_series_legend_and_marker() {
        let mut out = String::new();
        let curve = [(0.0, 0.0), (10.0, 0.05), (20.0, 0.2)];
        let dots = [(10.0, 0.06)];
        line_chart(
            &mut out,
            "False-positive rate",
            &Axis { label: "items", max: 20.0, ticks: 4, percent: false },
            &Axis { label: "rate", max: 0.2, ticks: 4, percent: true },
            &[
                Series { label: "formula", class: "cat-1", mark: Mark::Line, points: &curve },
                Series { label: "measured", class: "cat-2", mark: Mark::Points, points: &dots },
            ],
            Some((10.0, "n")),
        );
        assert!(out.starts_with("<svg class=\"chart\""));
        assert!(out.contains(">20%</text>") && out.contains(">15</text>"), "{out}");
        assert_eq!(out.matches("<polyline").count(), 1, "one line series; its legend sample is a <line>");
        assert!(out.contains("class=\"marker\""));
        assert!(!out.contains("NaN"));
    }
}
