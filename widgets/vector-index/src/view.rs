//! State -> markup, shared by the static figure and the live widget.
//!
//! Points are dots; the query is a cross; results are ringed; points whose distance the search
//! computed are filled. IVF shows its centroids (plus signs) and dims the cells it did not
//! probe; HNSW draws its bottom layer's links.

use kit::controls::{push_button, push_choice, push_seed, push_slider, Slider};
use kit::num::{push_percent, push_uint, uint};
use kit::svg::{end_tag, Tag};

use crate::config::{Method, Settings};
use crate::hnsw::Hnsw;
use crate::ivf::Ivf;
use crate::space::{brute_force, clustered, recall, Found, Point};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Static,
    Live,
}

/// Points and the indexes built on them, rebuilt when their settings change.
pub struct Index {
    pub points: Vec<Point>,
    pub ivf: Ivf,
    pub hnsw: Hnsw,
}

impl Index {
    pub fn build(settings: &Settings) -> Index {
        let points = clustered(settings.points as usize, settings.seed);
        let ivf = Ivf::build(&points, settings.cells as usize, settings.seed);
        let hnsw = Hnsw::build(&points, settings.m as usize, settings.seed);
        Index { points, ivf, hnsw }
    }

    pub fn query(settings: &Settings) -> Point {
        (f64::from(settings.query.0) / 100.0, f64::from(settings.query.1) / 100.0)
    }

    pub fn search(&self, settings: &Settings) -> Found {
        let (query, k) = (Index::query(settings), settings.k as usize);
        match settings.method {
            Method::Brute => brute_force(&self.points, query, k),
            Method::Ivf => self.ivf.search(&self.points, query, k, settings.nprobe as usize),
            Method::Hnsw => self.hnsw.search(&self.points, query, k, settings.ef as usize),
        }
    }
}

const SIZE: f64 = 340.0;

fn to_screen((x, y): Point) -> (f64, f64) {
    (10.0 + x * (SIZE - 20.0), SIZE - 10.0 - y * (SIZE - 20.0))
}

pub fn render(settings: &Settings, index: &Index, mode: Mode) -> String {
    let found = index.search(settings);
    let disabled = mode == Mode::Static;
    let mut out = String::with_capacity(24_000);
    out.push_str("<div class=\"vector-index\"><div class=\"widget-visual\" data-part=\"plane\">");
    out.push_str(&plane(settings, index, &found));
    out.push_str("</div><div class=\"widget-controls\">");
    let methods: Vec<(&str, &str)> = Method::ALL.iter().map(|method| (method.key(), method.label())).collect();
    push_choice(&mut out, "method", "Method", &methods, settings.method.key(), disabled);
    let counts = ["50", "100", "200", "400"];
    let options: Vec<(&str, &str)> = counts.iter().map(|count| (*count, *count)).collect();
    push_choice(&mut out, "points", "Points", &options, &uint(u64::from(settings.points)), disabled);
    push_button(&mut out, "random", "Random query", disabled);
    push_seed(&mut out, settings.seed as u32, disabled);
    out.push_str("</div><div class=\"widget-controls\">");
    for (slider, off) in [
        (Slider { key: "x", label: "Query x", min: 0, max: 100, step: 1, value: settings.query.0 }, false),
        (Slider { key: "y", label: "Query y", min: 0, max: 100, step: 1, value: settings.query.1 }, false),
        (Slider { key: "k", label: "k", min: 1, max: 20, step: 1, value: settings.k }, false),
        (
            Slider { key: "cells", label: "IVF cells", min: 2, max: 32, step: 1, value: settings.cells },
            settings.method != Method::Ivf,
        ),
        (
            Slider { key: "nprobe", label: "nprobe", min: 1, max: settings.cells, step: 1, value: settings.nprobe },
            settings.method != Method::Ivf,
        ),
        (
            Slider { key: "m", label: "HNSW M", min: 2, max: 16, step: 1, value: settings.m },
            settings.method != Method::Hnsw,
        ),
        (
            Slider { key: "ef", label: "ef", min: 1, max: 200, step: 1, value: settings.ef },
            settings.method != Method::Hnsw,
        ),
    ] {
        push_slider(&mut out, &slider, disabled || off);
    }
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(settings, index, &found));
    out.push_str("</div></div>");
    out
}

pub fn plane(settings: &Settings, index: &Index, found: &Found) -> String {
    let mut out = String::with_capacity(20_000);
    Tag::open(&mut out, "svg")
        .attr("viewBox", "0 0 340 340")
        .attr("role", "img")
        .attr("aria-label", "The points, the query, the points the search measured and the results")
        .attr("data-part", "square")
        .body();
    Tag::open(&mut out, "rect")
        .attr("class", "square")
        .num("x", 10.0)
        .num("y", 10.0)
        .num("width", SIZE - 20.0)
        .num("height", SIZE - 20.0)
        .close();
    let probed = match settings.method {
        Method::Ivf => index.ivf.probed(Index::query(settings), settings.nprobe as usize),
        _ => Vec::new(),
    };
    if settings.method == Method::Hnsw {
        let mut path = String::new();
        for (node, links) in index.hnsw.links[0].iter().enumerate() {
            for &other in links.iter().filter(|&&other| other > node) {
                let (a, b) = (to_screen(index.points[node]), to_screen(index.points[other]));
                path.push('M');
                kit::num::push_fixed(&mut path, a.0, 1);
                path.push(' ');
                kit::num::push_fixed(&mut path, a.1, 1);
                path.push('L');
                kit::num::push_fixed(&mut path, b.0, 1);
                path.push(' ');
                kit::num::push_fixed(&mut path, b.1, 1);
            }
        }
        Tag::open(&mut out, "path").attr("class", "links").attr("d", &path).close();
    }
    for (id, &point) in index.points.iter().enumerate() {
        let (x, y) = to_screen(point);
        let mut class = String::from("point");
        if settings.method == Method::Ivf {
            class.push_str(" c");
            push_uint(&mut class, (index.ivf.cell_of[id] % 8) as u64);
            if !probed.contains(&index.ivf.cell_of[id]) {
                class.push_str(" unprobed");
            }
        }
        if found.visited.binary_search(&id).is_ok() || found.visited.contains(&id) {
            class.push_str(" visited");
        }
        Tag::open(&mut out, "circle").attr("class", &class).num("cx", x).num("cy", y).num("r", 3.0).close();
    }
    if settings.method == Method::Ivf {
        for (cell, &centroid) in index.ivf.centroids.iter().enumerate() {
            let (x, y) = to_screen(centroid);
            let class = if probed.contains(&cell) { "centroid probed" } else { "centroid" };
            Tag::open(&mut out, "path").attr("class", class).attr("d", &cross((x, y), 6.0)).close();
        }
    }
    for &id in &found.results {
        let (x, y) = to_screen(index.points[id]);
        Tag::open(&mut out, "circle").attr("class", "result").num("cx", x).num("cy", y).num("r", 6.5).close();
    }
    let (qx, qy) = to_screen(Index::query(settings));
    Tag::open(&mut out, "path").attr("class", "query").attr("d", &cross((qx, qy), 8.0)).close();
    end_tag(&mut out, "svg");
    out
}

fn cross((x, y): (f64, f64), arm: f64) -> String {
    let mut path = String::from("M");
    for (index, (from, to)) in [((x - arm, y), (x + arm, y)), ((x, y - arm), (x, y + arm))].into_iter().enumerate() {
        if index > 0 {
            path.push('M');
        }
        kit::num::push_fixed(&mut path, from.0, 1);
        path.push(' ');
        kit::num::push_fixed(&mut path, from.1, 1);
        path.push('L');
        kit::num::push_fixed(&mut path, to.0, 1);
        path.push(' ');
        kit::num::push_fixed(&mut path, to.1, 1);
    }
    path
}

pub fn readout(settings: &Settings, index: &Index, found: &Found) -> String {
    let truth = brute_force(&index.points, Index::query(settings), settings.k as usize).results;
    let mut out = String::with_capacity(600);
    out.push_str("<p><strong>");
    let mut label = String::from(settings.method.label());
    label[..1].make_ascii_uppercase();
    out.push_str(&label);
    out.push_str("</strong>");
    match settings.method {
        Method::Brute => {}
        Method::Ivf => {
            out.push_str(" with ");
            push_uint(&mut out, u64::from(settings.cells));
            out.push_str(" cells, probing ");
            push_uint(&mut out, u64::from(settings.nprobe));
        }
        Method::Hnsw => {
            out.push_str(" with M = ");
            push_uint(&mut out, u64::from(settings.m));
            out.push_str(", ef = ");
            push_uint(&mut out, u64::from(settings.ef));
            if settings.ef < settings.k {
                // The search keeps at least k candidates, as hnswlib does.
                out.push_str(" (raised to k = ");
                push_uint(&mut out, u64::from(settings.k));
                out.push(')');
            }
        }
    }
    out.push_str(": recall@");
    push_uint(&mut out, u64::from(settings.k));
    out.push_str(" <strong>");
    push_percent(&mut out, recall(&found.results, &truth), 0);
    out.push_str("</strong> (");
    push_uint(&mut out, truth.iter().filter(|id| found.results.contains(id)).count() as u64);
    out.push_str(" of the ");
    push_uint(&mut out, truth.len() as u64);
    out.push_str(" true nearest) for <strong>");
    push_uint(&mut out, found.computations as u64);
    out.push_str("</strong> distance computations; brute force needs ");
    push_uint(&mut out, index.points.len() as u64);
    out.push_str(".</p>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use kit::markup::text_of;

    #[test]
    fn brute_force_reads_as_exact_and_draws_every_point() {
        let settings = Config { method: "brute".into(), ..Config::default() }.settings();
        let index = Index::build(&settings);
        let html = render(&settings, &index, Mode::Static);
        let text = text_of(&readout(&settings, &index, &index.search(&settings)));
        assert_eq!(text, "Brute force: recall@5 100% (5 of the 5 true nearest) for 200 distance computations; brute force needs 200.");
        assert_eq!(html.matches("class=\"point").count(), 200);
        assert_eq!(html.matches("class=\"result\"").count(), 5);
    }

    #[test]
    fn every_method_renders() {
        for method in ["ivf", "hnsw"] {
            let settings = Config { method: method.into(), ..Config::default() }.settings();
            let index = Index::build(&settings);
            let html = render(&settings, &index, Mode::Static);
            assert!(!html.contains("NaN"));
            assert!(text_of(&html).contains("recall@5"));
        }
    }
}
