//! Step 3 of a build, per page: Markdown -> HTML.
//!
//! pulldown-cmark's event stream passes through one loop that
//! - gives every heading an id (explicit `{#id}` or a slug of its text, made unique) and
//!   records h2/h3 for the table of contents;
//! - replaces fenced code with syntect-highlighted HTML, and ```` ```widget NAME ```` blocks
//!   with the catalog's figure;
//! - turns `$...$` and `$$...$$` into MathML, ```` ```pikchr ```` blocks into SVG, and
//!   `> [!NOTE]`-style blockquotes into callouts;
//! - rewrites links to Markdown files into site URLs through [`LinkResolver`], which reports
//!   links to files that do not exist and records anchors for checking after the render pass;
//!
//! then pulldown-cmark's own HTML writer serializes the result. Problems are collected with the
//! file line they come from; the page still renders so that every problem is found in one run.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::diagram;
use crate::highlight::Highlighter;
use crate::links::{AnchorRef, LinkResolver};
use crate::math;
use crate::site::Page;
use crate::widget_block;

/// What the templates need from a page's Markdown.
#[derive(Clone, Debug, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Catalog names of the widgets the page embeds.
    pub widgets: BTreeSet<&'static str>,
    /// Every heading id on the page, for checking links to it.
    pub heading_ids: BTreeSet<String>,
    /// Links with anchors, checked once every page's headings are known.
    pub anchors: Vec<AnchorRef>,
    /// The front matter's prerequisites, resolved: (title, URL).
    pub prerequisites: Vec<(String, String)>,
    /// Widget figures so far, which numbers their ids.
    pub figures: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Everything a page's Markdown is rendered against.
pub struct Renderer<'a> {
    pub links: LinkResolver<'a>,
    pub highlighter: &'a Highlighter,
    /// Widget name -> URL of its built ES module.
    pub widget_modules: &'a std::collections::BTreeMap<&'static str, String>,
}

/// Element ids of the default theme's templates.
const RESERVED_IDS: &[&str] = &["site-nav", "site-content", "site-section-pages"];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        // GitHub's `> [!NOTE]` callouts.
        | Options::ENABLE_GFM
}

/// A heading being collected: its level, explicit id, where it starts, and its inline events.
struct OpenHeading<'e> {
    level: HeadingLevel,
    id: Option<CowStr<'e>>,
    events: Vec<Event<'e>>,
}

/// A fenced or indented code block being collected.
struct OpenCode {
    info: String,
    start: usize,
    text: String,
}

impl Renderer<'_> {
    /// Renders one page; its problems come back beside the result.
    pub fn render(&self, page: &Page) -> (RenderedMarkdown, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let body = page.body();
        let lines = LineIndex::new(&page.text);
        let at = |offset: usize| {
            let (line, column) = lines.position(page.body_start + offset);
            Location::new(&page.shown_path, &page.text, line, column)
        };
        let mut rendered = RenderedMarkdown::default();
        rendered.prerequisites = self.links.prerequisites(page, &mut diagnostics, &mut rendered.anchors);
        // Ids the theme's templates use are taken, so a heading never duplicates one.
        let mut ids: HashMap<String, usize> = RESERVED_IDS.iter().map(|id| (id.to_string(), 1)).collect();
        let mut events: Vec<Event> = Vec::new();
        let mut heading: Option<OpenHeading> = None;
        let mut code: Option<OpenCode> = None;
        // The table being written: its column alignments, whether in its head row, which cell.
        let mut table: (Vec<Alignment>, bool, usize) = (Vec::new(), false, 0);

        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some(OpenCode { info, start: range.start, text: String::new() });
                }
                Event::Text(text) if code.is_some() => {
                    if let Some(open) = code.as_mut() {
                        open.text.push_str(&text);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(open) = code.take() {
                        let html = self.code_block(&open, &mut rendered, &mut diagnostics, &at, &lines, page);
                        events.push(Event::Html(html.into()));
                    }
                }
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some(OpenHeading { level, id, events: Vec::new() });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(open) = heading.take() {
                        self.close_heading(open, &mut ids, &mut rendered, &mut events);
                    }
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let href =
                        self.links.rewrite(page, &dest_url, at(range.start), &mut diagnostics, &mut rendered.anchors);
                    let dest_url = href.map_or(dest_url, CowStr::from);
                    push(&mut heading, &mut events, Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
                Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                    let display = body[range.clone()].starts_with("$$");
                    let html = match math::to_mathml(&latex, display) {
                        Ok(mathml) => mathml,
                        Err(message) => {
                            diagnostics.push(
                                Diagnostic::error(format!("invalid math: {message}"))
                                    .at(at(range.start))
                                    .hint("math is LaTeX between `$...$` (inline) or `$$...$$` (display)"),
                            );
                            String::new()
                        }
                    };
                    push(&mut heading, &mut events, Event::InlineHtml(html.into()));
                }
                Event::Text(text) => {
                    if let Some(offset) = math::unterminated_dollar(body, range.clone()) {
                        diagnostics.push(
                            Diagnostic::error("unterminated math span")
                                .at(at(offset))
                                .hint("close the formula with `$` (braces inside it must balance), or write `\\$` for a dollar sign"),
                        );
                    }
                    push(&mut heading, &mut events, Event::Text(text));
                }
                Event::Start(Tag::Table(alignments)) => {
                    table = (alignments.clone(), false, 0);
                    events.push(Event::Start(Tag::Table(alignments)));
                }
                Event::Start(Tag::TableHead) => {
                    (table.1, table.2) = (true, 0);
                    events.push(Event::Start(Tag::TableHead));
                }
                Event::End(TagEnd::TableHead) => {
                    table.1 = false;
                    events.push(Event::End(TagEnd::TableHead));
                }
                Event::Start(Tag::TableRow) => {
                    table.2 = 0;
                    events.push(Event::Start(Tag::TableRow));
                }
                // Cells are written here, not by pulldown-cmark's writer (see `cell_start`).
                Event::Start(Tag::TableCell) => {
                    events.push(Event::Html(cell_start(table.1, table.0.get(table.2)).into()))
                }
                Event::End(TagEnd::TableCell) => {
                    events.push(Event::Html(if table.1 { "</th>" } else { "</td>" }.into()));
                    table.2 += 1;
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = callout(kind);
                    let html = format!("<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n");
                    events.push(Event::Html(html.into()));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</aside>\n".into())),
                other => push(&mut heading, &mut events, other),
            }
        }
        pulldown_cmark::html::push_html(&mut rendered.html, events.into_iter());
        (rendered, diagnostics)
    }

    fn code_block(
        &self,
        open: &OpenCode,
        rendered: &mut RenderedMarkdown,
        diagnostics: &mut Diagnostics,
        at: &impl Fn(usize) -> Location,
        lines: &LineIndex,
        page: &Page,
    ) -> String {
        let mut words = open.info.split_whitespace();
        let language = words.next().unwrap_or("");
        if language == "pikchr" {
            return match diagram::pikchr_to_svg(&open.text) {
                Ok(svg) => format!("<figure class=\"diagram\">{svg}</figure>\n"),
                Err(error) => {
                    let (fence_line, _) = lines.position(page.body_start + open.start);
                    diagnostics.push(
                        Diagnostic::error(format!("bad pikchr diagram: {}", error.message))
                            .at(Location::new(&page.shown_path, &page.text, fence_line + error.line, error.column))
                            .hint("see the Pikchr user manual: https://pikchr.org/home/doc/trunk/doc/userman.md"),
                    );
                    String::new()
                }
            };
        }
        if language != "widget" {
            return self.highlighter.highlight(&open.text, language);
        }
        let name = words.next().unwrap_or("");
        let look = match words.next() {
            None => widget_block::Look::Live,
            Some("preview") => widget_block::Look::Preview,
            Some(option) => {
                let fence = at(open.start);
                let column = fence.source_line.find(option).map_or(fence.column, |index| index + 1);
                diagnostics.push(
                    Diagnostic::error(format!("unknown widget option `{option}`"))
                        .at(Location::new(&page.shown_path, &page.text, fence.line, column))
                        .hint("the one option after the widget's name is `preview`: the widget's initial state as a still picture"),
                );
                return String::new();
            }
        };
        let module = self.widget_modules.get(name).map(String::as_str).filter(|_| look == widget_block::Look::Live);
        rendered.figures += 1;
        match widget_block::figure(name, &open.text, module, rendered.figures, look) {
            Ok((html, name)) => {
                if look == widget_block::Look::Live {
                    rendered.widgets.insert(name);
                }
                html
            }
            Err(error) => {
                let fence = at(open.start);
                let location = if error.line == 0 {
                    let column = fence.source_line.find(name).map_or(fence.column, |index| index + 1);
                    Location::new(&page.shown_path, &page.text, fence.line, column)
                } else {
                    let (fence_line, _) = lines.position(page.body_start + open.start);
                    Location::new(&page.shown_path, &page.text, fence_line + error.line, error.column)
                };
                diagnostics.push(Diagnostic::error(error.message).at(location).maybe_hint(error.hint));
                String::new()
            }
        }
    }

    fn close_heading<'e>(
        &self,
        open: OpenHeading<'e>,
        ids: &mut HashMap<String, usize>,
        rendered: &mut RenderedMarkdown,
        events: &mut Vec<Event<'e>>,
    ) {
        let title = plain_text(&open.events);
        let base = open.id.map_or_else(|| slugify(&title), |id| id.to_string());
        let count = ids.entry(base.clone()).or_insert(0);
        let id = if *count == 0 { base.clone() } else { format!("{base}-{count}") };
        *count += 1;
        let level = open.level as u8;
        rendered.heading_ids.insert(id.clone());
        if level == 2 || level == 3 {
            rendered.toc.push(TocEntry { level, id: id.clone(), title: title.clone() });
        }
        // The anchor sits after the heading, not inside it, so the heading's accessible name
        // stays its text; the anchor's own name says where it leads.
        events.push(Event::Html(
            format!("<div class=\"heading-wrap\"><h{level} id=\"{}\">", kit::markup::escape(&id)).into(),
        ));
        events.extend(open.events);
        events.push(Event::Html(
            format!(
                "</h{level}><a class=\"heading-anchor\" href=\"#{}\" aria-label=\"Link to the section {}\">#</a></div>\n",
                kit::markup::escape(&id),
                kit::markup::escape(&title),
            )
            .into(),
        ));
    }
}

/// A table cell's start tag. pulldown-cmark's writer would align cells with `style`
/// attributes, which the site's Content-Security-Policy (no inline styles) blocks; a class does
/// the same job.
fn cell_start(in_head: bool, alignment: Option<&Alignment>) -> String {
    let element = if in_head { "th" } else { "td" };
    let class = match alignment {
        Some(Alignment::Left) => " class=\"align-left\"",
        Some(Alignment::Center) => " class=\"align-center\"",
        Some(Alignment::Right) => " class=\"align-right\"",
        Some(Alignment::None) | None => "",
    };
    format!("<{element}{class}>")
}

/// The CSS class and the title of a `> [!KIND]` callout.
fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn push<'e>(heading: &mut Option<OpenHeading<'e>>, events: &mut Vec<Event<'e>>, event: Event<'e>) {
    match heading {
        Some(open) => open.events.push(event),
        None => events.push(event),
    }
}

/// The text of inline events, without markup.
fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

/// `Read & write quorums` -> `read-write-quorums`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            slug.push(ch);
        } else if (ch.is_whitespace() || ch == '-' || ch == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

/// Maps byte offsets of a file to 1-based line and column (columns count characters).
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect();
        LineIndex { text, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text.get(line_start..offset).map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_are_aligned_by_class() {
        assert_eq!(cell_start(true, Some(&Alignment::Center)), r#"<th class="align-center">"#);
        assert_eq!(cell_start(false, Some(&Alignment::None)), "<td>");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slugify("Read & write quorums"), "read-write-quorums");
        assert_eq!(slugify("  Why R + W > N?"), "why-r-w-n");
        assert_eq!(slugify("Sloppy quorums — hinted handoff"), "sloppy-quorums-hinted-handoff");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn line_index_counts_lines_and_characters() {
        let index = LineIndex::new("ab\ncé d\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(7), (2, 4));
    }
}
