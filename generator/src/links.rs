//! Links between pages: written as relative paths to Markdown files (`../storage/sharding.md`,
//! optionally with `#anchor`), checked, and rewritten to site URLs.
//!
//! A link's file is checked while its page renders; its anchor can only be checked once every
//! page's headings are known, so anchors are recorded as [`AnchorRef`]s and checked after the
//! render pass by [`check_anchors`].

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::site::{join_relative, Page, Site};

/// A link to `#anchor` on the page at content path `target`, written at `location`.
#[derive(Clone, Debug)]
pub struct AnchorRef {
    pub target: String,
    pub anchor: String,
    pub location: Location,
}

/// Where links in one page lead, and what they still need checked.
pub struct LinkResolver<'a> {
    pub site: &'a Site,
    pub base_url: &'a str,
}

impl LinkResolver<'_> {
    /// The URL to write for `dest`, a link in `page`; `None` leaves it as written (external
    /// links, absolute paths, files that are not pages). A link to a Markdown file that does not
    /// exist is an error at `location`; anchors are recorded in `anchors` for later checking.
    pub fn rewrite(
        &self,
        page: &Page,
        dest: &str,
        location: Location,
        diagnostics: &mut Diagnostics,
        anchors: &mut Vec<AnchorRef>,
    ) -> Option<String> {
        if let Some(anchor) = dest.strip_prefix('#') {
            anchors.push(AnchorRef { target: page.content_path.clone(), anchor: anchor.to_string(), location });
            return None;
        }
        if dest.contains("://") || dest.starts_with('/') || dest.starts_with("mailto:") {
            return None;
        }
        let (path, anchor) = dest.split_once('#').map_or((dest, None), |(path, anchor)| (path, Some(anchor)));
        if !path.ends_with(".md") {
            return None;
        }
        let Some(target) = join_relative(&page.content_path, path) else {
            diagnostics.push(
                Diagnostic::error(format!("link leads outside content/: `{path}`"))
                    .at(location)
                    .hint("links are relative to the file they are written in"),
            );
            return None;
        };
        let Some(url) = self.url_of(&target) else {
            diagnostics.push(
                Diagnostic::error(format!("link to a page that does not exist: `{path}`"))
                    .at(location)
                    .maybe_hint(
                        self.suggest(&target).map(|close| {
                            format!("did you mean `{close}`? (links are relative to {})", page.content_path)
                        }),
                    )
                    .or_hint(format!(
                        "links are relative to {}; the target would be content/{target}",
                        page.shown_path.display()
                    )),
            );
            return None;
        };
        let mut href = format!("{}{url}", self.base_url.trim_end_matches('/'));
        if let Some(anchor) = anchor {
            href.push('#');
            href.push_str(anchor);
            if self.site.find(&target).is_some() {
                anchors.push(AnchorRef { target, anchor: anchor.to_string(), location });
            }
        }
        Some(href)
    }

    /// The pages `page` names as prerequisites in its front matter, as (title, URL); each is
    /// checked like a link written on the line that names it.
    pub fn prerequisites(
        &self,
        page: &Page,
        diagnostics: &mut Diagnostics,
        anchors: &mut Vec<AnchorRef>,
    ) -> Vec<(String, String)> {
        let mut resolved = Vec::new();
        for prerequisite in &page.front_matter.prerequisites {
            let line = page
                .text
                .lines()
                .take(page.body_line)
                .position(|line| line.contains(prerequisite.as_str()))
                .map_or(1, |index| index + 1);
            let column = page
                .text
                .lines()
                .nth(line - 1)
                .and_then(|text| text.find(prerequisite.as_str()))
                .map_or(1, |index| index + 1);
            let location = Location::new(&page.shown_path, &page.text, line, column);
            if !prerequisite.ends_with(".md") && !prerequisite.contains(".md#") {
                diagnostics.push(
                    Diagnostic::error(format!("prerequisite `{prerequisite}` is not a link to a Markdown file"))
                        .at(location)
                        .hint("name the module's file relative to this one, e.g. ../storage/replication.md"),
                );
                continue;
            }
            let Some(url) = self.rewrite(page, prerequisite, location, diagnostics, anchors) else { continue };
            let target = join_relative(&page.content_path, prerequisite.split('#').next().unwrap_or_default())
                .unwrap_or_default();
            let title =
                self.site.find(&target).map_or_else(|| target.clone(), |target| target.front_matter.title.clone());
            resolved.push((title, url));
        }
        resolved
    }

    /// The URL of the page at content path `target`, if it exists (or exists but failed to
    /// load, which was reported already).
    fn url_of(&self, target: &str) -> Option<String> {
        match self.site.find(target) {
            Some(page) => Some(page.url.clone()),
            None => self.site.unloadable.contains(target).then(|| crate::site::url_of(target)),
        }
    }

    /// The page path closest to a mistyped one, written relative to nothing (content path).
    fn suggest(&self, target: &str) -> Option<String> {
        self.site
            .pages
            .iter()
            .map(|page| (strsim::levenshtein(target, &page.content_path), &page.content_path))
            .filter(|(distance, _)| *distance <= 3)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, path)| format!("content/{path}"))
    }
}

/// Reports every recorded anchor that names no heading of its page.
pub fn check_anchors(
    refs: &[AnchorRef],
    heading_ids: &BTreeMap<String, BTreeSet<String>>,
    diagnostics: &mut Diagnostics,
) {
    for reference in refs {
        let Some(ids) = heading_ids.get(&reference.target) else { continue };
        if ids.contains(&reference.anchor) {
            continue;
        }
        let closest = ids
            .iter()
            .map(|id| (strsim::levenshtein(&reference.anchor, id), id))
            .filter(|(distance, id)| *distance <= (id.len() / 3).max(2))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, id)| format!("did you mean `#{id}`?"));
        diagnostics.push(
            Diagnostic::error(format!("no heading `#{}` in content/{}", reference.anchor, reference.target))
                .at(reference.location.clone())
                .maybe_hint(closest)
                .or_hint("heading ids are the heading text in lower case, words joined by `-`"),
        );
    }
}
