//! `dsguide`: the static site generator of the Distributed Systems Visual Guide.
//!
//! A build is one pass (see ARCHITECTURE.md):
//! 1. [`load`]: walk `content/`, split front matter, build the [`site::Site`] model;
//! 2. resolve: URLs and reading order come with the model; [`links`] are resolved while
//!    rendering, and their anchors checked once every page's headings are known;
//! 3. render: [`markdown`] per page (in parallel), then the [`theme`]'s tera templates ([`context`]);
//! 4. [`output`]: write everything to a fresh folder and swap it in for `dist/`.
//!
//! The library does the work; the `dsguide` binary and the xtask only call [`build`],
//! [`check`] and [`serve::SiteServer`]. Problems come back as [`Diagnostics`], all of a run's
//! together, each with its file and line.

mod assets;
pub mod config;
mod context;
pub mod diagnostics;
mod diagram;
mod front_matter;
mod headers;
mod highlight;
mod links;
pub mod live;
mod load;
mod markdown;
mod math;
mod output;
mod scaffold;
mod search;
pub mod serve;
pub mod site;
mod site_files;
mod theme;
mod widget_block;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

pub use config::{Config, SiteSettings};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};

use assets::Assets;
use highlight::Highlighter;
use links::LinkResolver;
use markdown::Renderer;
use output::Files;
use theme::Theme;

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Warnings found on the way (errors fail the build instead).
    pub warnings: Diagnostics,
}

/// Builds the site described by `config` into `config.out_dir`.
pub fn build(config: &Config) -> Result<Report, Diagnostics> {
    let (files, pages, warnings) = render_site(config)?;
    let indexer = config.search_indexer.as_deref();
    output::write_atomically(&config.out_dir, &files, |written| {
        indexer.map_or(Ok(()), |pagefind| search::index(pagefind, written))
    })
    .map_err(|error| {
        let shown = config.display_path(&config.out_dir);
        single(Diagnostic::error(format!("cannot write the site: {error}")).at(Location::file(&shown)))
    })?;
    Ok(Report { pages, files: files.len(), bytes: files.values().map(|bytes| bytes.len() as u64).sum(), warnings })
}

pub use scaffold::new_module;

/// Runs everything a build does except writing; returns the warnings.
pub fn check(config: &Config) -> Result<Diagnostics, Diagnostics> {
    render_site(config).map(|(_, _, warnings)| warnings)
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    Diagnostics(vec![diagnostic])
}

/// Loads, renders and assembles every output file in memory.
fn render_site(config: &Config) -> Result<(Files, usize, Diagnostics), Diagnostics> {
    let settings = SiteSettings::load(config).map_err(single)?;
    let theme = Theme::load(config, &settings.theme).map_err(single)?;
    let (site, mut diagnostics) = load::load(config)?;
    let assets = Assets::collect(config, &theme, &settings.base_url).map_err(single)?;
    let highlighter = Highlighter::new();
    let renderer = Renderer {
        links: LinkResolver { site: &site, base_url: &settings.base_url },
        highlighter: &highlighter,
        widget_modules: &assets.widget_modules,
    };

    let shared =
        context::Shared { settings: &settings, assets: &assets.theme, search: config.search_indexer.is_some() };
    let reading_order = site.reading_order();
    // Pages render in parallel; collecting in reading order keeps the output deterministic.
    let rendered: Vec<_> = reading_order.par_iter().map(|&index| renderer.render(&site.pages[index])).collect();
    let heading_ids: BTreeMap<String, BTreeSet<String>> = reading_order
        .iter()
        .zip(&rendered)
        .map(|(&index, (markdown, _))| (site.pages[index].content_path.clone(), markdown.heading_ids.clone()))
        .collect();

    let mut files = Files::new();
    let mut used_widgets = BTreeSet::new();
    for (position, (mut markdown, page_diagnostics)) in rendered.into_iter().enumerate() {
        diagnostics.extend(page_diagnostics);
        links::check_anchors(&std::mem::take(&mut markdown.anchors), &heading_ids, &mut diagnostics);
        used_widgets.extend(markdown.widgets.iter().copied());
        let page = &site.pages[reading_order[position]];
        let (template, context) = context::page_context(&site, &shared, &reading_order, position, markdown);
        match theme.render(template, &context) {
            Ok(html) => {
                files.insert(page.output_path(), html.into_bytes());
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for widget in used_widgets.iter().filter(|widget| !assets.widget_modules.contains_key(*widget)) {
        diagnostics.push(
            Diagnostic::warning(format!(
                "widget `{widget}` is used but has no built module in {}",
                config.display_path(&config.widgets_dir.join(widget)).display()
            ))
            .hint("its figure stays static; `cargo xtask build` builds the widgets"),
        );
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    site_files::add(&site, &shared, &theme, &mut files).map_err(single)?;
    files.extend(assets.files);
    assets::add_compressed_siblings(&mut files);
    Ok((files, reading_order.len(), diagnostics))
}
