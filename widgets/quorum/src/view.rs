//! State -> markup. The same functions draw the static figure the generator embeds in the page
//! and the live widget, so the two are identical when the widget takes over (no layout shift).
//!
//! Meaning never rides on colour alone: write-quorum replicas are filled and tagged `W`,
//! read-quorum replicas get a dashed ring and the tag `R`, down replicas are crossed out and
//! tagged `down`.

use kit::controls::push_toggle;
use kit::markup::push_escaped;
use kit::num::{push_count, push_percent, push_uint};
use kit::svg::{end_tag, Tag};

use crate::model::{Analysis, Quorum, MAX_REPLICAS};
use crate::staleness::{self, Panel};

/// Whether the markup is the inert figure in the page or the live widget.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Controls disabled, replicas not focusable: what readers without JavaScript see.
    Static,
    /// Controls enabled, replicas are buttons.
    Live,
}

/// The slider keys, as written in the config and in `data-control`.
pub const REPLICAS: &str = "replicas";
pub const WRITE_QUORUM: &str = "write_quorum";
pub const READ_QUORUM: &str = "read_quorum";

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 268.0;
const CENTRE_X: f64 = WIDTH / 2.0;
const CENTRE_Y: f64 = 124.0;
const RING_RADIUS: f64 = 78.0;
const NODE_RADIUS: f64 = 15.0;
const TAG_RADIUS: f64 = RING_RADIUS + 31.0;
/// `0 0 WIDTH HEIGHT`.
const VIEW_BOX: &str = "0 0 360 268";

/// The whole widget body: diagram, controls, the text readout and, when the config asks for
/// it, the latency and staleness panel.
pub fn render(quorum: &Quorum, panel: Option<Panel>, mode: Mode) -> String {
    let mut out = String::with_capacity(6000);
    out.push_str("<div class=\"quorum\"><div class=\"widget-visual\" data-part=\"diagram\">");
    out.push_str(&diagram(quorum, mode));
    out.push_str("</div>");
    push_controls(&mut out, quorum, mode);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(quorum));
    out.push_str("</div>");
    if let Some(panel) = panel {
        out.push_str(&staleness::render(quorum, panel, mode == Mode::Static));
    }
    out.push_str("</div>");
    out
}

/// The replicas on a ring, with the drawn write and read quorums and the legend.
pub fn diagram(quorum: &Quorum, mode: Mode) -> String {
    let analysis = quorum.analyse();
    let mut out = String::with_capacity(4000);
    Tag::open(&mut out, "svg")
        .attr("viewBox", VIEW_BOX)
        .attr("role", "group")
        .attr("aria-label", "Replicas with the drawn write quorum and read quorum")
        .body();
    for replica in 0..quorum.replicas() {
        push_replica(&mut out, quorum, &analysis, replica, mode);
    }
    push_legend(&mut out);
    end_tag(&mut out, "svg");
    out
}

/// Where replica `index` of `count` sits: clockwise from the top.
fn position(index: u32, count: u32, radius: f64) -> (f64, f64) {
    if count == 1 && radius == RING_RADIUS {
        return (CENTRE_X, CENTRE_Y);
    }
    let (sin, cos) = kit::math::sin_cos(core::f64::consts::TAU * f64::from(index) / f64::from(count.max(1)));
    (CENTRE_X + radius * sin, CENTRE_Y - radius * cos)
}

fn push_replica(out: &mut String, quorum: &Quorum, analysis: &Analysis, replica: u32, mode: Mode) {
    let bit = 1 << replica;
    let down = quorum.is_down(replica);
    let in_write = analysis.write_set & bit != 0;
    let in_read = analysis.read_set & bit != 0;
    let mut class = String::from("replica");
    for (flag, name) in [(in_write, " in-write"), (in_read, " in-read"), (down, " down")] {
        if flag {
            class.push_str(name);
        }
    }
    let mut label = String::from("Replica ");
    push_uint(&mut label, u64::from(replica) + 1);
    label.push_str(match (down, in_write, in_read) {
        (true, _, _) if holds_hint(quorum, analysis, replica) => {
            ": down; a fallback node (F) acknowledged the write for it and holds a hint"
        }
        (true, _, _) => ": down",
        (false, true, true) => ": up, in the write quorum and the read quorum",
        (false, true, false) => ": up, in the write quorum",
        (false, false, true) => ": up, in the read quorum",
        (false, false, false) => ": up, in neither quorum",
    });
    let live = mode == Mode::Live;
    let mut group = Tag::open(out, "g").attr("class", &class);
    if live {
        let mut replica_index = String::new();
        push_uint(&mut replica_index, u64::from(replica));
        label.push_str(if down { ". Press to bring it back up." } else { ". Press to mark it down." });
        group = group
            .attr("data-replica", &replica_index)
            .attr("tabindex", "0")
            .attr("role", "button")
            .attr("aria-pressed", if down { "true" } else { "false" });
    }
    group.body();
    // A <title> child names an SVG element (SVG-AAM) and shows as a tooltip; unlike
    // aria-label, it does not have to repeat the drawn labels word for word.
    Tag::open(out, "title").text(&label);

    let (x, y) = position(replica, quorum.replicas(), RING_RADIUS);
    Tag::open(out, "circle").attr("class", "node").num("cx", x).num("cy", y).num("r", NODE_RADIUS).close();
    if in_read {
        Tag::open(out, "circle")
            .attr("class", "read-ring")
            .num("cx", x)
            .num("cy", y)
            .num("r", NODE_RADIUS + 5.0)
            .close();
    }
    if down && holds_hint(quorum, analysis, replica) {
        // The fallback node standing in for this replica, inside the ring: it acknowledged
        // the write and keeps it with a hint naming this replica.
        let (fx, fy) = position(replica, quorum.replicas(), RING_RADIUS - 36.0);
        Tag::open(out, "rect")
            .attr("class", "fallback")
            .num("x", fx - 9.0)
            .num("y", fy - 9.0)
            .num("width", 18.0)
            .num("height", 18.0)
            .close();
        Tag::open(out, "text")
            .attr("class", "id")
            .attr("aria-hidden", "true")
            .num("x", fx)
            .num("y", fy + 4.5)
            .text("F");
    }
    if down {
        let d = NODE_RADIUS * 0.7;
        let mut path = String::new();
        for (from_x, from_y, to_x, to_y) in [(x - d, y - d, x + d, y + d), (x - d, y + d, x + d, y - d)] {
            path.push('M');
            push_point(&mut path, from_x, from_y);
            path.push('L');
            push_point(&mut path, to_x, to_y);
        }
        Tag::open(out, "path").attr("class", "cross").attr("d", &path).close();
    }
    let mut number = String::new();
    push_uint(&mut number, u64::from(replica) + 1);
    // The group's title names the replica; its drawn labels would only repeat it.
    Tag::open(out, "text").attr("class", "id").attr("aria-hidden", "true").num("x", x).num("y", y + 4.5).text(&number);
    let tag = match (down, in_write, in_read) {
        (true, _, _) if holds_hint(quorum, analysis, replica) => "down, hint",
        (true, _, _) => "down",
        (false, true, true) => "W R",
        (false, true, false) => "W",
        (false, false, true) => "R",
        (false, false, false) => "",
    };
    if !tag.is_empty() {
        let (tag_x, tag_y) = position(replica, quorum.replicas(), TAG_RADIUS);
        let tag_y = if quorum.replicas() == 1 { CENTRE_Y + TAG_RADIUS - RING_RADIUS } else { tag_y };
        Tag::open(out, "text")
            .attr("class", "tag")
            .attr("aria-hidden", "true")
            .num("x", tag_x)
            .num("y", tag_y + 4.0)
            .text(tag);
    }
    end_tag(out, "g");
}

/// Whether a fallback holds a hint for this down replica: under a sloppy quorum, the first
/// `fallback_acks` down replicas each get one.
fn holds_hint(quorum: &Quorum, analysis: &Analysis, replica: u32) -> bool {
    quorum.is_sloppy()
        && quorum.is_down(replica)
        && (0..replica).filter(|&earlier| quorum.is_down(earlier)).count() < analysis.fallback_acks as usize
}

fn push_point(out: &mut String, x: f64, y: f64) {
    kit::num::push_fixed(out, x, 1);
    out.push(' ');
    kit::num::push_fixed(out, y, 1);
}

fn push_legend(out: &mut String) {
    let y = HEIGHT - 8.0;
    Tag::open(out, "circle").attr("class", "legend-write").num("cx", 18.0).num("cy", y - 4.0).num("r", 6.0).close();
    Tag::open(out, "text").attr("class", "legend").num("x", 30.0).num("y", y).text("W: write quorum");
    Tag::open(out, "circle").attr("class", "legend-read").num("cx", 150.0).num("cy", y - 4.0).num("r", 6.0).close();
    Tag::open(out, "text").attr("class", "legend").num("x", 162.0).num("y", y).text("R: read quorum (worst case)");
}

fn push_controls(out: &mut String, quorum: &Quorum, mode: Mode) {
    out.push_str("<div class=\"widget-controls\">");
    let sliders = [
        (REPLICAS, "Replicas N", quorum.replicas(), MAX_REPLICAS),
        (WRITE_QUORUM, "Write quorum W", quorum.write_quorum(), quorum.replicas()),
        (READ_QUORUM, "Read quorum R", quorum.read_quorum(), quorum.replicas()),
    ];
    for (key, label, value, max) in sliders {
        let (mut value_text, mut max_text) = (String::new(), String::new());
        push_uint(&mut value_text, u64::from(value));
        push_uint(&mut max_text, u64::from(max));
        out.push_str("<label class=\"slider\"><span class=\"slider-label\">");
        push_escaped(out, label);
        out.push_str("</span>");
        Tag::open(out, "input")
            .attr("type", "range")
            .attr("min", "1")
            .attr("max", &max_text)
            .attr("step", "1")
            .attr("value", &value_text)
            .attr("data-control", key)
            .flag("disabled", mode == Mode::Static)
            .body();
        Tag::open(out, "output").attr("data-output", key).text(&value_text);
        out.push_str("</label>");
    }
    push_toggle(out, "sloppy", "Sloppy quorum, hinted handoff", quorum.is_sloppy(), mode == Mode::Static);
    out.push_str("</div>");
}

/// The verdicts as text: the `aria-live` readout.
pub fn readout(quorum: &Quorum) -> String {
    let analysis = quorum.analyse();
    let (n, w, r) = (u64::from(quorum.replicas()), u64::from(quorum.write_quorum()), u64::from(quorum.read_quorum()));
    let mut out = String::with_capacity(1200);

    if analysis.reads_see_latest_write {
        out.push_str("<p class=\"verdict good\"><span aria-hidden=\"true\">✓ </span><strong>Reads are guaranteed fresh</strong>: R + W = ");
        push_uint(&mut out, r + w);
        out.push_str(" &gt; N = ");
        push_uint(&mut out, n);
        out.push_str(", so every read quorum shares at least ");
        push_count(&mut out, u64::from(analysis.min_read_write_overlap), "replica", "replicas");
        out.push_str(" with every write quorum.</p>");
    } else {
        let miss = analysis.miss_probability;
        out.push_str("<p class=\"verdict bad\"><span aria-hidden=\"true\">✗ </span><strong>Reads may be stale</strong>: R + W = ");
        push_uint(&mut out, r + w);
        out.push_str(" ≤ N = ");
        push_uint(&mut out, n);
        out.push_str(". A read right after a write misses it entirely with probability ");
        push_uint(&mut out, miss.numerator);
        out.push('/');
        push_uint(&mut out, miss.denominator);
        out.push_str(" (");
        push_percent(&mut out, miss.as_f64(), 1);
        out.push_str(") when both quorums are drawn at random.</p>");
    }

    out.push_str("<p>Writes: 2W = ");
    push_uint(&mut out, 2 * w);
    if analysis.writes_intersect {
        out.push_str(" &gt; N, so any two write quorums overlap and conflicting writes meet on a replica.</p>");
    } else {
        out.push_str(
            " ≤ N, so two writes can reach disjoint quorums and both succeed without either seeing the other.</p>",
        );
    }

    out.push_str("<p>Failures tolerated: writes N − W = ");
    push_uint(&mut out, u64::from(analysis.write_failures_tolerated));
    out.push_str(", reads N − R = ");
    push_uint(&mut out, u64::from(analysis.read_failures_tolerated));
    out.push_str(".</p>");

    out.push_str("<p>Now: ");
    push_uint(&mut out, u64::from(analysis.up));
    out.push_str(" of ");
    push_uint(&mut out, n);
    out.push_str(" replicas up (");
    push_uint(&mut out, n - u64::from(analysis.up));
    out.push_str(" down). Writes ");
    out.push_str(if analysis.write_available { "can" } else { "<strong>cannot</strong>" });
    out.push_str(" assemble W = ");
    push_uint(&mut out, w);
    out.push_str("; reads ");
    out.push_str(if analysis.read_available { "can" } else { "<strong>cannot</strong>" });
    out.push_str(" assemble R = ");
    push_uint(&mut out, r);
    out.push_str(".</p>");
    if quorum.is_sloppy() {
        push_sloppy(&mut out, quorum, &analysis);
    }
    out
}

fn push_sloppy(out: &mut String, quorum: &Quorum, analysis: &Analysis) {
    out.push_str("<p>Sloppy quorum: ");
    if analysis.fallback_acks == 0 {
        out.push_str(
            "W home replicas are up, so no fallback node is needed and the quorums behave as strict ones.</p>",
        );
        return;
    }
    push_count(out, u64::from(analysis.fallback_acks), "fallback node", "fallback nodes");
    out.push_str(" acknowledged the write with a hint for a down replica, so writes stay available, but only ");
    push_count(out, u64::from(analysis.home_written), "home replica holds", "home replicas hold");
    out.push_str(" it. When the down replicas return, a read of R = ");
    push_uint(out, u64::from(quorum.read_quorum()));
    out.push_str(" home replicas ");
    if analysis.reads_see_latest_write {
        out.push_str("still meets it, since R + ");
        push_uint(out, u64::from(analysis.home_written));
        out.push_str(" &gt; N.</p>");
    } else {
        out.push_str("can miss it until hinted handoff delivers the hints.</p>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::markup::text_of;

    #[test]
    fn readout_states_staleness_and_freshness() {
        let stale = text_of(&readout(&Quorum::new(5, 3, 2)));
        assert!(stale.contains("Reads may be stale: R + W = 5 ≤ N = 5"), "{stale}");
        assert!(stale.contains("probability 1/10 (10.0%)"), "{stale}");
        let fresh = text_of(&readout(&Quorum::new(5, 3, 3)));
        assert!(fresh.contains("Reads are guaranteed fresh: R + W = 6 > N = 5"), "{fresh}");
        assert!(fresh.contains("at least 1 replica with"), "{fresh}");
        assert!(fresh.contains("writes N − W = 2, reads N − R = 2"), "{fresh}");
    }

    #[test]
    fn view_box_matches_the_layout_constants() {
        assert_eq!(VIEW_BOX, format!("0 0 {WIDTH} {HEIGHT}"));
    }

    #[test]
    fn readout_reports_lost_quorums() {
        let mut quorum = Quorum::new(3, 2, 1);
        quorum.toggle_down(0);
        quorum.toggle_down(1);
        let text = text_of(&readout(&quorum));
        assert!(
            text.contains("1 of 3 replicas up (2 down). Writes cannot assemble W = 2; reads can assemble R = 1."),
            "{text}"
        );
    }

    #[test]
    fn sloppy_quorums_draw_fallbacks_and_explain_the_lost_overlap() {
        let mut quorum = Quorum::new(3, 2, 2);
        quorum.toggle_down(0);
        quorum.toggle_down(1);
        quorum.set_sloppy(true);
        let svg = diagram(&quorum, Mode::Live);
        assert_eq!(svg.matches("class=\"fallback\"").count(), 1);
        assert!(svg.contains(">down, hint<") && svg.contains(">down<"));
        let text = text_of(&readout(&quorum));
        assert!(text.contains("Writes can assemble W = 2"), "{text}");
        assert!(
            text.contains("1 fallback node acknowledged the write with a hint for a down replica, so writes stay available, but only 1 home replica holds it."),
            "{text}"
        );
        assert!(text.contains("can miss it until hinted handoff delivers the hints"), "{text}");
    }

    #[test]
    fn static_and_live_markup_differ_only_in_interactivity() {
        let quorum = Quorum::new(7, 4, 4);
        let static_html = render(&quorum, None, Mode::Static);
        let live_html = render(&quorum, None, Mode::Live);
        assert_eq!(static_html.matches("disabled").count(), 4);
        assert!(!static_html.contains("tabindex"));
        assert_eq!(live_html.matches("tabindex=\"0\"").count(), 7);
        assert_eq!(
            static_html.matches("<circle class=\"node\"").count(),
            live_html.matches("<circle class=\"node\"").count()
        );
    }

    #[test]
    fn every_state_renders_one_node_per_replica_and_tags_every_quorum_member() {
        for n in 1..=MAX_REPLICAS {
            for w in 1..=n {
                let quorum = Quorum::new(n, w, n + 1 - w);
                let svg = diagram(&quorum, Mode::Live);
                assert_eq!(svg.matches("<circle class=\"node\"").count() as u32, n);
                assert_eq!(svg.matches("in-write").count() as u32, w);
                assert!(!svg.contains("NaN") && !svg.contains('–'));
            }
        }
    }
}
