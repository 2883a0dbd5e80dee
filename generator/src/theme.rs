//! The theme: tera templates from `themes/NAME/templates/`, and static files from
//! `themes/NAME/static/`, which are published under `assets/`.

use std::path::PathBuf;

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};

pub struct Theme {
    tera: Tera,
    static_dir: PathBuf,
    shown_dir: PathBuf,
}

/// The stylesheet every page links: the theme's `style.css` followed by the generated parts.
pub const STYLESHEET: &str = "style.css";

impl Theme {
    pub fn load(config: &Config, name: &str) -> Result<Theme, Diagnostic> {
        let dir = config.root.join("themes").join(name);
        let shown_dir = config.display_path(&dir);
        if !dir.is_dir() {
            return Err(Diagnostic::error(format!("theme `{name}` not found"))
                .at(Location::file(&shown_dir))
                .hint("set `theme` in site.yaml to a folder under themes/"));
        }
        let pattern = format!("{}/templates/**/*.html", dir.display());
        let mut tera = Tera::new(&pattern).map_err(|error| {
            Diagnostic::error(format!("theme template error: {}", error_chain(&error)))
                .at(Location::file(&shown_dir.join("templates")))
        })?;
        // Tera's default escaper also escapes `/`, which turns every URL into `&#x2F;` soup.
        tera.set_escape_fn(kit::markup::escape);
        Ok(Theme { tera, static_dir: dir.join("static"), shown_dir })
    }

    /// Renders template `name` (e.g. `page.html`) with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|error| {
            Diagnostic::error(format!("theme template error: {}", error_chain(&error)))
                .at(Location::file(&self.shown_dir.join("templates").join(name)))
        })
    }

    /// Every file under `static/`: its path relative to `static/` and its bytes, in path order.
    pub fn static_files(&self) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
        let mut files = Vec::new();
        for entry in WalkDir::new(&self.static_dir).sort_by_file_name() {
            let entry = entry.map_err(|error| {
                Diagnostic::error(format!("cannot read theme files: {error}")).at(Location::file(&self.shown_dir))
            })?;
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&self.static_dir).unwrap_or(entry.path()).to_path_buf();
                let bytes = std::fs::read(entry.path()).map_err(|error| {
                    Diagnostic::error(format!("cannot read theme file: {error}"))
                        .at(Location::file(&self.shown_dir.join("static").join(&relative)))
                })?;
                files.push((relative, bytes));
            }
        }
        Ok(files)
    }
}

/// An error and its causes on one line: tera puts the useful part (which variable, which
/// line of the template) in the sources.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// `path` with `/` separators, as it appears in a URL.
pub fn url_path(path: &std::path::Path) -> String {
    path.components().map(|component| component.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
