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

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

pub use config::{Config, SiteSettings};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};

use assets::Assets;
use highlight::Highlighter;
use links::LinkResolver;
use markdown::{RenderedMarkdown, Renderer};
use output::Files;
use theme::Theme;

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    /// Files written: all of them, or, in a [`Session`]'s later builds, those that changed.
    pub written: usize,
    pub bytes: u64,
    /// Warnings found on the way (errors fail the build instead).
    pub warnings: Diagnostics,
}

/// Builds the site described by `config` into `config.out_dir`.
pub fn build(config: &Config) -> Result<Report, Diagnostics> {
    Session::new(config.clone()).build()
}

pub use scaffold::new_module;

/// Runs everything a build does except writing; returns the warnings.
pub fn check(config: &Config) -> Result<Diagnostics, Diagnostics> {
    render_site(config, &mut Caches::default(), None).map(|(_, _, warnings)| warnings)
}

/// Repeated builds of one site, as `serve` makes them: each build re-renders only the pages
/// whose text, or whose surroundings (the set of pages, their titles and URLs, the widget
/// modules), changed, and writes only the files whose bytes changed. The first build is a
/// normal atomic build with its search index; later ones update `dist/` in place and leave the
/// search index as it was, to keep the reload fast.
pub struct Session {
    config: Config,
    caches: Caches,
    /// What the last successful build left in `out_dir`.
    on_disk: Option<Files>,
}

impl Session {
    pub fn new(config: Config) -> Self {
        Session { config, caches: Caches::default(), on_disk: None }
    }

    pub fn build(&mut self) -> Result<Report, Diagnostics> {
        let config = &self.config;
        let (files, pages, warnings) = render_site(config, &mut self.caches, self.on_disk.as_ref())?;
        let written = match &self.on_disk {
            None => {
                let indexer = config.search_indexer.as_deref();
                output::write_atomically(&config.out_dir, &files, |written| {
                    indexer.map_or(Ok(()), |pagefind| search::index(pagefind, written))
                })
                .map(|()| files.len())
            }
            Some(previous) => output::write_changes(&config.out_dir, previous, &files),
        }
        .map_err(|error| {
            let shown = config.display_path(&config.out_dir);
            single(Diagnostic::error(format!("cannot write the site: {error}")).at(Location::file(&shown)))
        })?;
        let report = Report {
            pages,
            files: files.len(),
            written,
            bytes: files.values().map(|bytes| bytes.len() as u64).sum(),
            warnings,
        };
        self.on_disk = Some(files);
        Ok(report)
    }
}

/// What one build can hand the next.
#[derive(Default)]
struct Caches {
    highlighter: Option<Highlighter>,
    /// Content path -> the key it was rendered under, and the result.
    pages: HashMap<String, (u64, (RenderedMarkdown, Diagnostics))>,
}

/// Everything a page's rendering reads besides its own text: the pages there are (links and
/// prerequisites resolve against their paths, URLs and titles), the base URL and the widget
/// modules. Headings of other pages are not in it: anchors are checked after rendering.
fn surroundings_key(site: &site::Site, base_url: &str, widget_modules: &BTreeMap<&'static str, String>) -> u64 {
    let mut hasher = DefaultHasher::new();
    for page in &site.pages {
        (&page.content_path, &page.url, &page.front_matter.title).hash(&mut hasher);
    }
    (&site.unloadable, base_url, widget_modules).hash(&mut hasher);
    hasher.finish()
}

fn page_key(page: &site::Page, surroundings: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&page.text, surroundings).hash(&mut hasher);
    hasher.finish()
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    Diagnostics(vec![diagnostic])
}

/// Loads, renders and assembles every output file in memory, reusing what `caches` and the
/// previous output still hold.
fn render_site(
    config: &Config,
    caches: &mut Caches,
    previous: Option<&Files>,
) -> Result<(Files, usize, Diagnostics), Diagnostics> {
    let settings = SiteSettings::load(config).map_err(single)?;
    let theme = Theme::load(config, &settings.theme).map_err(single)?;
    let (site, mut diagnostics) = load::load(config)?;
    let assets = Assets::collect(config, &theme, &settings.base_url).map_err(single)?;
    let highlighter = caches.highlighter.get_or_insert_with(Highlighter::new);
    let renderer = Renderer {
        links: LinkResolver { site: &site, base_url: &settings.base_url },
        highlighter,
        widget_modules: &assets.widget_modules,
    };

    let shared =
        context::Shared { settings: &settings, assets: &assets.theme, search: config.search_indexer.is_some() };
    let reading_order = site.reading_order();
    // Pages render in parallel (those unchanged since the last build come from the cache);
    // collecting in reading order keeps the output deterministic.
    let surroundings = surroundings_key(&site, &settings.base_url, &assets.widget_modules);
    let keyed: Vec<(u64, (RenderedMarkdown, Diagnostics))> = reading_order
        .par_iter()
        .map(|&index| {
            let page = &site.pages[index];
            let key = page_key(page, surroundings);
            match caches.pages.get(&page.content_path) {
                Some((cached_key, result)) if *cached_key == key => (key, result.clone()),
                _ => (key, renderer.render(page)),
            }
        })
        .collect();
    caches.pages = reading_order
        .iter()
        .zip(&keyed)
        .map(|(&index, (key, result))| (site.pages[index].content_path.clone(), (*key, result.clone())))
        .collect();
    let rendered: Vec<(RenderedMarkdown, Diagnostics)> = keyed.into_iter().map(|(_, result)| result).collect();
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
    assets::add_compressed_siblings(&mut files, previous);
    Ok((files, reading_order.len(), diagnostics))
}
