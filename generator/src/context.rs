//! The data each page's template sees: the page, the site, the navigation and the neighbours
//! in reading order.

use serde::Serialize;

use crate::config::SiteSettings;
use crate::markdown::{RenderedMarkdown, TocEntry};
use crate::site::Site;

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
}

#[derive(Serialize)]
struct TemplateData<'a> {
    site: SiteData<'a>,
    page: PageData,
    nav: Vec<NavSection>,
    prev: Option<Link>,
    next: Option<Link>,
}

/// The template name and the context for the page at `position` of `reading_order`.
pub fn page_context(
    site: &Site,
    settings: &SiteSettings,
    reading_order: &[usize],
    position: usize,
    rendered: RenderedMarkdown,
) -> (&'static str, tera::Context) {
    let index = reading_order[position];
    let page = &site.pages[index];
    let base = settings.base_url.trim_end_matches('/');
    let link = |other: usize| {
        let target = &site.pages[other];
        Link {
            title: target.front_matter.title.clone(),
            url: format!("{base}{}", target.url),
            summary: target.front_matter.summary.clone(),
            current: other == index,
        }
    };
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
    let nav = site.sections.get("").map_or_else(Vec::new, |root| {
        root.children
            .iter()
            .map(|folder| {
                let section = &site.sections[folder];
                NavSection {
                    link: link(section.index),
                    open: page.section == *folder || page.section.starts_with(&format!("{folder}/")),
                    pages: section.pages.iter().copied().map(link).collect(),
                }
            })
            .collect()
    });
    let data = TemplateData {
        site: SiteData { title: &settings.title, description: &settings.description, base_url: &settings.base_url },
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
            widgets: rendered.widgets.into_iter().collect(),
        },
        nav,
        prev: position.checked_sub(1).map(|previous| link(reading_order[previous])),
        next: reading_order.get(position + 1).map(|&next| link(next)),
    };
    let context = tera::Context::from_serialize(data).unwrap_or_default();
    (template, context)
}
