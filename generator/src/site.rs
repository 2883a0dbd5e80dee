//! The site model: every page with its URL and place in the section tree, the navigation, and
//! the table that resolves links between Markdown files.
//!
//! URLs: `content/_index.md` is `/`, `content/algorithms/_index.md` is `/algorithms/`, and
//! `content/algorithms/quorum.md` is `/algorithms/quorum/`; each is written as `index.html` in
//! that folder. URLs here are relative to the base URL, which templates and links prepend.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::front_matter::FrontMatter;

/// One Markdown file.
#[derive(Debug)]
pub struct Page {
    /// Path relative to `content/`, with `/` separators: `algorithms/quorum.md`.
    pub content_path: String,
    /// Path as shown in diagnostics: `content/algorithms/quorum.md`.
    pub shown_path: PathBuf,
    /// The whole file.
    pub text: String,
    pub front_matter: FrontMatter,
    /// Byte offset of the body in `text`, and the 1-based line it starts on.
    pub body_start: usize,
    pub body_line: usize,
    /// `/algorithms/quorum/`.
    pub url: String,
    /// The section folder this page belongs to (`algorithms`; empty for the root). For a
    /// section's `_index.md`, the folder it introduces.
    pub section: String,
    pub is_section_index: bool,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The output file under `dist/`.
    pub fn output_path(&self) -> PathBuf {
        Path::new(self.url.trim_start_matches('/')).join("index.html")
    }
}

/// The URL of a content file, from its path relative to `content/`.
pub fn url_of(content_path: &str) -> String {
    let without_extension = content_path.strip_suffix(".md").unwrap_or(content_path);
    let folder = without_extension.strip_suffix("_index").unwrap_or(without_extension);
    let folder = folder.trim_end_matches('/');
    if folder.is_empty() {
        "/".to_string()
    } else {
        format!("/{folder}/")
    }
}

/// A folder of `content/` with an `_index.md`.
#[derive(Debug)]
pub struct Section {
    /// Index into `Site::pages` of its `_index.md`.
    pub index: usize,
    /// Regular pages of this folder, in reading order (weight, then title).
    pub pages: Vec<usize>,
    /// Sections one folder down, in the same order.
    pub children: Vec<String>,
}

/// Every page and section of the site.
#[derive(Debug, Default)]
pub struct Site {
    pub pages: Vec<Page>,
    /// Keyed by folder relative to `content/` (`""` for the root).
    pub sections: BTreeMap<String, Section>,
    /// Content paths of files that exist but failed to load (already reported); links to them
    /// are not reported again as broken.
    pub unloadable: BTreeSet<String>,
}

impl Site {
    /// Orders sections and pages by weight then title. Every page's folder must have a
    /// section (the loader guarantees it).
    pub fn new(pages: Vec<Page>) -> Self {
        let mut sections: BTreeMap<String, Section> = pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.is_section_index)
            .map(|(index, page)| (page.section.clone(), Section { index, pages: Vec::new(), children: Vec::new() }))
            .collect();
        for (index, page) in pages.iter().enumerate() {
            if page.is_section_index {
                if let Some(parent) = parent_folder(&page.section) {
                    if let Some(section) = sections.get_mut(parent) {
                        section.children.push(page.section.clone());
                    }
                }
            } else if let Some(section) = sections.get_mut(&page.section) {
                section.pages.push(index);
            }
        }
        let order = |index: &usize| (pages[*index].front_matter.weight, pages[*index].front_matter.title.clone());
        let section_index: BTreeMap<String, usize> =
            sections.iter().map(|(folder, section)| (folder.clone(), section.index)).collect();
        for section in sections.values_mut() {
            section.pages.sort_by_key(order);
            section.children.sort_by_key(|folder| order(&section_index[folder]));
        }
        Site { pages, sections, unloadable: BTreeSet::new() }
    }

    /// The loaded page at content path `path`.
    pub fn find(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.content_path == path)
    }

    /// Every page in reading order: the home page, then each section's index followed by its
    /// pages and its subsections, depth first.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.pages.len());
        self.visit("", &mut order);
        order
    }

    fn visit(&self, folder: &str, order: &mut Vec<usize>) {
        if let Some(section) = self.sections.get(folder) {
            order.push(section.index);
            order.extend(&section.pages);
            for child in &section.children {
                self.visit(child, order);
            }
        }
    }
}

/// The folder above `folder`, or `None` for the root.
pub fn parent_folder(folder: &str) -> Option<&str> {
    if folder.is_empty() {
        None
    } else {
        Some(folder.rsplit_once('/').map_or("", |(parent, _)| parent))
    }
}

/// Resolves `target` relative to the file `from` (both relative to `content/`), folding `.`
/// and `..`. `None` when the target climbs out of `content/`.
pub fn join_relative(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_folders() {
        assert_eq!(url_of("_index.md"), "/");
        assert_eq!(url_of("algorithms/_index.md"), "/algorithms/");
        assert_eq!(url_of("algorithms/quorum.md"), "/algorithms/quorum/");
    }

    #[test]
    fn relative_links_resolve_against_the_linking_file() {
        assert_eq!(
            join_relative("algorithms/quorum.md", "../storage/sharding.md").as_deref(),
            Some("storage/sharding.md")
        );
        assert_eq!(join_relative("algorithms/quorum.md", "raft.md").as_deref(), Some("algorithms/raft.md"));
        assert_eq!(join_relative("_index.md", "./algorithms/_index.md").as_deref(), Some("algorithms/_index.md"));
        assert_eq!(join_relative("_index.md", "../outside.md"), None);
    }
}
