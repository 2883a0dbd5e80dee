//! State -> markup, shared by the static figure and the live widget.

use kit::chart::{bar_chart, nice_scale, Axis, Bar};
use kit::controls::{push_choice, push_seed, push_slider, Slider};
use kit::num::{push_fixed, push_grouped, push_percent, push_uint, uint};

use crate::model::{moved_on_growth, place, Keys, Outcome, Scheme, Settings, MAX_SHARDS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// Key counts the keys menu offers (an author's other value is added).
const KEY_CHOICES: &[u32] = &[1_000, 10_000, 100_000, 1_000_000];

pub fn render(settings: &Settings, mode: Mode) -> String {
    let keys = Keys::new(settings);
    let outcome = place(settings, &keys);
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(16_000);
    out.push_str("<div class=\"shard-skew\"><div class=\"widget-visual\" data-part=\"charts\">");
    out.push_str(&charts(&outcome));
    out.push_str("</div>");
    push_controls(&mut out, settings, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(settings, &keys, &outcome));
    out.push_str("</div><div class=\"resharding\" data-part=\"resharding\">");
    out.push_str(&resharding(settings, &keys));
    out.push_str("</div></div>");
    out
}

pub fn charts(outcome: &Outcome) -> String {
    let labels: Vec<String> = (1..=outcome.load.len() as u64).map(uint).collect();
    let mut out = String::with_capacity(8000);
    let load: Vec<f64> = outcome.load.iter().map(|share| share * 100.0).collect();
    let data: Vec<f64> = outcome.data.iter().map(|&count| f64::from(count)).collect();
    for (values, title, label, class) in [
        (&load, "Requests reaching each shard, with the mean", "% of requests", "cat-orange"),
        (&data, "Keys stored on each shard, with the mean", "keys", "cat-blue"),
    ] {
        let bars: Vec<Bar> =
            values.iter().enumerate().map(|(index, &value)| Bar { label: &labels[index], value, class }).collect();
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        let (max, ticks) = nice_scale(values.iter().copied().fold(mean * 1.2, f64::max));
        bar_chart(&mut out, title, &Axis { label, max, ticks, percent: false }, &bars, Some((mean, "mean")));
    }
    out
}

fn push_controls(out: &mut String, settings: &Settings, disabled: bool) {
    out.push_str("<div class=\"widget-controls\">");
    let schemes: Vec<(&str, &str)> = Scheme::ALL.iter().map(|scheme| (scheme.key(), scheme.label())).collect();
    push_choice(out, "scheme", "Partitioning", &schemes, settings.scheme.key(), disabled);
    let mut key_values = KEY_CHOICES.to_vec();
    if !key_values.contains(&settings.keys) {
        key_values.push(settings.keys);
        key_values.sort_unstable();
    }
    let texts: Vec<(String, String)> = key_values
        .iter()
        .map(|&keys| {
            let mut label = String::new();
            push_grouped(&mut label, u64::from(keys));
            (uint(u64::from(keys)), label)
        })
        .collect();
    let options: Vec<(&str, &str)> = texts.iter().map(|(value, label)| (value.as_str(), label.as_str())).collect();
    push_choice(out, "keys", "Keys", &options, &uint(u64::from(settings.keys)), disabled);
    push_seed(out, settings.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    for slider in [
        Slider { key: "shards", label: "Shards", min: 2, max: MAX_SHARDS, step: 1, value: settings.shards },
        Slider {
            key: "zipf",
            label: "Zipf skew ×100",
            min: 0,
            max: 150,
            step: 1,
            value: (settings.exponent * 100.0 + 0.5) as u32,
        },
        Slider {
            key: "writes",
            label: "Writes %",
            min: 0,
            max: 100,
            step: 5,
            value: (settings.writes * 100.0 + 0.5) as u32,
        },
        Slider { key: "salt_top", label: "Salt the top keys", min: 0, max: 100, step: 1, value: settings.salt_top },
        Slider { key: "salt_ways", label: "Sub-keys each", min: 2, max: 16, step: 1, value: settings.salt_ways },
        Slider {
            key: "cache_top",
            label: "Cache the top keys",
            min: 0,
            max: 10_000,
            step: 100,
            value: settings.cache_top,
        },
    ] {
        push_slider(out, &slider, disabled);
    }
    out.push_str("</div>");
}

pub fn readout(settings: &Settings, keys: &Keys, outcome: &Outcome) -> String {
    let data: Vec<f64> = outcome.data.iter().map(|&count| f64::from(count)).collect();
    let mut out = String::with_capacity(1600);
    out.push_str("<p><strong>");
    out.push_str(settings.scheme.label());
    out.push_str("</strong>, ");
    push_grouped(&mut out, u64::from(settings.keys));
    out.push_str(" keys on ");
    push_uint(&mut out, u64::from(settings.shards));
    out.push_str(" shards, Zipf ");
    push_fixed(&mut out, settings.exponent, 2);
    out.push_str(": the busiest shard gets <strong>");
    push_fixed(&mut out, Outcome::peak_to_mean(&outcome.load), 2);
    out.push_str("×</strong> the mean request load (");
    // The ratio's mean includes fan-out and excludes cache hits, so say the absolute load too.
    let busiest = outcome.load.iter().copied().fold(0.0, f64::max);
    push_percent(&mut out, busiest, 1);
    out.push_str(" of client requests); the fullest holds ");
    push_fixed(&mut out, Outcome::peak_to_mean(&data), 2);
    out.push_str("× the mean data.</p><p>The hottest key takes ");
    push_percent(&mut out, keys.popularity.probability(0), 2);
    out.push_str(" of all requests; the top 1% of keys take ");
    let top: f64 = (0..(settings.keys as usize / 100).max(1)).map(|rank| keys.popularity.probability(rank)).sum();
    push_percent(&mut out, top, 1);
    out.push_str(".</p>");
    if settings.cache_top > 0 {
        out.push_str("<p>The cache holds ");
        push_grouped(&mut out, u64::from(settings.cache_top));
        out.push_str(" keys and answers ");
        push_percent(&mut out, outcome.cache_hits, 1);
        out.push_str(" of requests, their reads, before they reach a shard; writes go through.</p>");
    }
    if settings.salt_top > 0 {
        out.push_str("<p>Salting the top ");
        push_uint(&mut out, u64::from(settings.salt_top));
        out.push_str(" keys into ");
        push_uint(&mut out, u64::from(settings.salt_ways));
        out.push_str(" sub-keys spreads their writes; each of their reads asks all ");
        push_uint(&mut out, u64::from(settings.salt_ways));
        out.push_str(" sub-keys, adding ");
        push_percent(&mut out, outcome.fan_out, 1);
        out.push_str(" more shard requests.</p>");
    }
    out.push_str("<ol class=\"hottest\">");
    for &(rank, value, share, shard) in &outcome.hottest {
        out.push_str("<li>Key ");
        push_grouped(&mut out, u64::from(value));
        out.push_str(" (rank ");
        push_uint(&mut out, u64::from(rank));
        out.push_str("): ");
        push_percent(&mut out, share, 2);
        out.push_str(" of requests, on shard ");
        push_uint(&mut out, u64::from(shard) + 1);
        if rank <= settings.salt_top {
            out.push_str(", salted over ");
            push_uint(&mut out, u64::from(settings.salt_ways));
            out.push_str(" sub-keys");
        }
        if rank <= settings.cache_top {
            out.push_str(", reads cached");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

/// What adding one shard moves, for every scheme.
pub fn resharding(settings: &Settings, keys: &Keys) -> String {
    let mut out = String::from("<table><caption>Keys that move when ");
    push_uint(&mut out, u64::from(settings.shards));
    out.push_str(" shards become ");
    push_uint(&mut out, u64::from(settings.shards) + 1);
    out.push_str(" (ideal: 1/");
    push_uint(&mut out, u64::from(settings.shards) + 1);
    out.push_str(" = ");
    push_percent(&mut out, 1.0 / f64::from(settings.shards + 1), 1);
    out.push_str(")</caption><tbody>");
    for scheme in Scheme::ALL {
        out.push_str(if scheme == settings.scheme {
            "<tr class=\"current\"><th scope=\"row\">"
        } else {
            "<tr><th scope=\"row\">"
        });
        out.push_str(scheme.label());
        out.push_str("</th><td class=\"num\">");
        push_percent(&mut out, moved_on_growth(settings, keys, scheme), 1);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn reports_skew_cures_and_resharding() {
        let settings = Settings { keys: 10_000, cache_top: 100, salt_top: 2, ..Settings::default() };
        let html = render(&settings, Mode::Static);
        let text = text_of(&html);
        assert!(text.contains("hash mod N, 10,000 keys on 8 shards, Zipf 0.99: the busiest shard gets "), "{text}");
        assert!(text.contains("The cache holds 100 keys and answers "), "{text}");
        assert!(text.contains("Salting the top 2 keys into 4 sub-keys"), "{text}");
        assert!(text.contains("Keys that move when 8 shards become 9 (ideal: 1/9 = 11.1%)"), "{text}");
        assert_eq!(html.matches("<li>Key ").count(), 10);
        assert!(!html.contains("NaN"));
    }
}
