//! Step 1 of a build: walk `content/`, split and parse every Markdown file, and check the
//! tree's shape (every folder with pages has an `_index.md`, no two pages share a URL).
//! Every problem is collected; none stops the walk, and a page that fails to load is left out
//! (remembered in [`Site::unloadable`]) so the rest of the build can still report its problems.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::front_matter;
use crate::site::{parent_folder, url_of, Page, Site};

/// Loads every page under `content/`, leaving drafts out unless `config.drafts`. Fails only
/// when there is no content at all; other problems come back beside the site.
pub fn load(config: &Config) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let content_dir = config.content_dir();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("no content folder")
                .at(Location::file(&config.display_path(&content_dir)))
                .hint("Markdown modules live under content/, one folder per section, each with an _index.md"),
        );
        return Err(diagnostics);
    }
    let mut pages = Vec::new();
    let mut unloadable = BTreeSet::new();
    for entry in WalkDir::new(&content_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(Diagnostic::error(format!("cannot read the content folder: {error}")));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|extension| extension != "md") {
            continue;
        }
        match load_page(config, &content_dir, path, &mut diagnostics) {
            Ok(page) if page.front_matter.draft && !config.drafts => {}
            Ok(page) => pages.push(page),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                unloadable.insert(content_path(&content_dir, path));
            }
        }
    }
    check_tree(&pages, &unloadable, &mut diagnostics);
    let mut site = Site::new(pages);
    site.unloadable = unloadable;
    Ok((site, diagnostics))
}

/// `algorithms/quorum.md` for `.../content/algorithms/quorum.md`.
fn content_path(content_dir: &Path, path: &Path) -> String {
    path.strip_prefix(content_dir)
        .unwrap_or(path)
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_page(
    config: &Config,
    content_dir: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<Page, Diagnostic> {
    let shown_path = config.display_path(path);
    let bytes = std::fs::read(path)
        .map_err(|error| Diagnostic::error(format!("cannot read file: {error}")).at(Location::file(&shown_path)))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(1, |last| last.chars().count() + 1);
        Diagnostic::error("file is not valid UTF-8")
            .at(Location::new(&shown_path, &valid, line, column))
            .hint("save the file as UTF-8")
    })?;
    let content_path = content_path(content_dir, path);
    let split = front_matter::split(&text, &shown_path)?;
    let body_start = text.len() - split.body.len();
    let (front_matter, body_line) = (split.front_matter, split.body_line);
    for warning in split.warnings {
        diagnostics.push(warning);
    }
    let is_section_index = content_path == "_index.md" || content_path.ends_with("/_index.md");
    let folder = content_path.rsplit_once('/').map_or("", |(folder, _)| folder).to_string();
    Ok(Page {
        url: url_of(&content_path),
        section: folder,
        is_section_index,
        content_path,
        shown_path,
        text,
        front_matter,
        body_start,
        body_line,
    })
}

/// `unloadable` holds the content paths that failed to load (already reported): a section
/// whose `_index.md` is among them still exists.
fn check_tree(pages: &[Page], unloadable: &BTreeSet<String>, diagnostics: &mut Diagnostics) {
    let mut sections: BTreeSet<&str> =
        pages.iter().filter(|page| page.is_section_index).map(|page| page.section.as_str()).collect();
    sections.extend(unloadable.iter().filter_map(|path| {
        if path == "_index.md" {
            Some("")
        } else {
            path.strip_suffix("/_index.md")
        }
    }));
    let mut reported = BTreeSet::new();
    for page in pages {
        let folder = if page.is_section_index { parent_folder(&page.section) } else { Some(page.section.as_str()) };
        if let Some(folder) = folder {
            if !sections.contains(folder) && reported.insert(folder.to_string()) {
                let index = if folder.is_empty() {
                    "content/_index.md".to_string()
                } else {
                    format!("content/{folder}/_index.md")
                };
                diagnostics.push(
                    Diagnostic::error(format!("`{}` is in a folder without a section index", page.content_path))
                        .at(Location::file(&page.shown_path))
                        .hint(format!("create {index} with a title for the section")),
                );
            }
        }
    }
    let mut by_url: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in pages {
        if let Some(first) = by_url.insert(&page.url, page) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` and `{}` both want the URL {}",
                    first.content_path, page.content_path, page.url
                ))
                .at(Location::file(&page.shown_path))
                .hint("rename one of them"),
            );
        }
    }
}
