//! The data each page's template sees: the page, the site, the navigation and the neighbours
//! in reading order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::SiteSettings;
use crate::markdown::{RenderedMarkdown, TocEntry};
use crate::site::{parent_folder, Page, Site};

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
    summary: String,
    current: bool,
}

#[derive(Serialize)]
struct NavSection {
    #[serde(flatten)]
    link: Link,
    /// The current page is this section or one of its pages.
    open: bool,
    pages: Vec<Link>,
}

#[derive(Serialize)]
struct PageData {
    title: String,
    summary: String,
    url: String,
    content: String,
    toc: Vec<TocEntry>,
    /// Pages and subsections of a section index, in order.
    children: Vec<Link>,
    /// On the home page only: every top-level section with all its pages, the map of the site.
    sections: Vec<NavSection>,
    /// Modules to read first.
    prerequisites: Vec<Link>,
    updated: Option<String>,
    widgets: Vec<&'static str>,
}

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    /// The public origin (`https://host`), when site.yaml gives one: absolute URLs for sharing
    /// metadata and the sitemap.
    url: Option<&'a str>,
    /// Whether the build makes a search index (the search button appears only then).
    search: bool,
}

/// What every page's context shares.
pub struct Shared<'a> {
    pub settings: &'a SiteSettings,
    /// Theme file name -> fingerprinted URL.
    pub assets: &'a BTreeMap<String, String>,
    pub search: bool,
}

#[derive(Serialize)]
struct TemplateData<'a> {
    site: SiteData<'a>,
    /// Theme file name -> fingerprinted URL.
    assets: &'a BTreeMap<String, String>,
    page: PageData,
    nav: Vec<NavSection>,
    prev: Option<Link>,
    next: Option<Link>,
    /// From the home page down to the page's section (the page itself not included).
    breadcrumbs: Vec<Link>,
}

/// The template name and the context for the page at `position` of `reading_order`.
pub fn page_context(
    site: &Site,
    shared: &Shared,
    reading_order: &[usize],
    position: usize,
    rendered: RenderedMarkdown,
) -> (&'static str, tera::Context) {
    let index = reading_order[position];
    let page = &site.pages[index];
    let base = shared.settings.base_url.trim_end_matches('/');
    let link = |other: usize| link_to(site, base, other, Some(index));
    let template = match (page.is_section_index, page.section.is_empty()) {
        (true, true) => "home.html",
        (true, false) => "section.html",
        (false, _) => "page.html",
    };
    let children = match site.sections.get(&page.section) {
        Some(section) if page.is_section_index => section
            .pages
            .iter()
            .copied()
            .chain(section.children.iter().map(|folder| site.sections[folder].index))
            .map(link)
            .collect(),
        _ => Vec::new(),
    };
    let nav = nav_sections(site, base, Some(index));
    let sections = if template == "home.html" { site_map(site, base) } else { Vec::new() };
    let data = TemplateData {
        site: site_data(shared),
        assets: shared.assets,
        page: PageData {
            title: page.front_matter.title.clone(),
            summary: page.front_matter.summary.clone(),
            url: format!("{base}{}", page.url),
            content: rendered.html,
            toc: rendered.toc,
            prerequisites: rendered
                .prerequisites
                .into_iter()
                .map(|(title, url)| Link { title, url, summary: String::new(), current: false })
                .collect(),
            updated: page.front_matter.updated.clone(),
            children,
            sections,
            widgets: rendered.widgets.into_iter().collect(),
        },
        nav,
        prev: position.checked_sub(1).map(|previous| link(reading_order[previous])),
        next: reading_order.get(position + 1).map(|&next| link(next)),
        breadcrumbs: breadcrumbs(site, page).into_iter().map(link).collect(),
    };
    let context = tera::Context::from_serialize(data).unwrap_or_default();
    (template, context)
}

fn site_data<'a>(shared: &Shared<'a>) -> SiteData<'a> {
    let settings = shared.settings;
    SiteData {
        search: shared.search,
        title: &settings.title,
        description: &settings.description,
        base_url: &settings.base_url,
        url: settings.url.as_deref(),
    }
}

/// The section indexes above `page`, from the home page down; a section index's own section
/// is not its ancestor.
fn breadcrumbs(site: &Site, page: &Page) -> Vec<usize> {
    let mut folder = if page.is_section_index { parent_folder(&page.section) } else { Some(page.section.as_str()) };
    let mut trail = Vec::new();
    while let Some(current) = folder {
        if let Some(section) = site.sections.get(current) {
            trail.push(section.index);
        }
        folder = parent_folder(current);
    }
    trail.reverse();
    trail
}

/// The context for pages that are not made from content: the 404 page.
pub fn plain_context(site: &Site, shared: &Shared, title: &str) -> tera::Context {
    let base = shared.settings.base_url.trim_end_matches('/');
    let mut context = tera::Context::new();
    context.insert("site", &site_data(shared));
    context.insert("assets", shared.assets);
    context.insert("page", &serde_json::json!({ "title": title, "summary": "", "url": "", "widgets": [] }));
    let nav: Vec<NavSection> = nav_sections(site, base, None);
    context.insert("nav", &nav);
    context
}

/// A link to page `other`, marked current when it is the page shown.
fn link_to(site: &Site, base: &str, other: usize, current: Option<usize>) -> Link {
    let target = &site.pages[other];
    Link {
        title: target.front_matter.title.clone(),
        url: format!("{base}{}", target.url),
        summary: target.front_matter.summary.clone(),
        current: Some(other) == current,
    }
}

/// Every top-level section with all of its pages, for the home page's map of the site.
fn site_map(site: &Site, base: &str) -> Vec<NavSection> {
    let link = |other: usize| link_to(site, base, other, None);
    site.sections.get("").map_or_else(Vec::new, |root| {
        root.children
            .iter()
            .map(|folder| {
                let section = &site.sections[folder];
                NavSection {
                    link: link(section.index),
                    open: false,
                    pages: section.pages.iter().copied().map(link).collect(),
                }
            })
            .collect()
    })
}

/// The sidebar: every top-level section with its pages; `current` marks the page shown.
fn nav_sections(site: &Site, base: &str, current: Option<usize>) -> Vec<NavSection> {
    let link = |other: usize| link_to(site, base, other, current);
    let current_section = current.map(|index| site.pages[index].section.as_str());
    site.sections.get("").map_or_else(Vec::new, |root| {
        root.children
            .iter()
            .map(|folder| {
                let section = &site.sections[folder];
                let open = current_section
                    .is_some_and(|current| current == folder || current.starts_with(&format!("{folder}/")));
                // Only the open section lists its pages: the sidebar stays short on a large site,
                // and each page's size does not grow with the number of pages in the site.
                let pages = if open { section.pages.iter().copied().map(link).collect() } else { Vec::new() };
                NavSection { link: link(section.index), open, pages }
            })
            .collect()
    })
}
