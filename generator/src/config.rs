//! What a build is asked to do ([`Config`], from the command line) and the site's own settings
//! ([`SiteSettings`], from `site.yaml`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// The inputs and output of one build.
#[derive(Clone, Debug)]
pub struct Config {
    /// The site root: holds `site.yaml`, `content/` and `themes/`.
    pub root: PathBuf,
    /// Where the site is written; replaced as a whole on success.
    pub out_dir: PathBuf,
    /// Built widget modules (`NAME/NAME.js` and its wasm), copied to `widgets/` in the output.
    pub widgets_dir: PathBuf,
    /// Overrides `base_url` from `site.yaml`, e.g. `/ds-guide/` for a project site.
    pub base_url: Option<String>,
    /// Include pages whose front matter says `draft: true`.
    pub drafts: bool,
    /// The Pagefind executable that indexes the built pages for search; `None` builds a site
    /// without search. [`Config::new`] finds the one `npm ci` installs under the root.
    pub search_indexer: Option<PathBuf>,
}

impl Config {
    /// The conventional layout under `root`: `dist/` out, widgets from `target/widgets/`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let pagefind = root.join("node_modules").join(".bin").join("pagefind");
        Config {
            out_dir: root.join("dist"),
            widgets_dir: root.join("target").join("widgets"),
            search_indexer: pagefind.is_file().then_some(pagefind),
            root,
            base_url: None,
            drafts: false,
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// A path under the root as it is shown in diagnostics (`content/a.md`, not absolute).
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// `site.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The path the site is served under, with leading and trailing slashes.
    #[serde(default = "root_path")]
    pub base_url: String,
    /// A folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The public origin the site is published at, such as `https://guide.example.com`. With it
    /// the build writes absolute URLs where they are required: the sitemap and sharing metadata.
    #[serde(default)]
    pub url: Option<String>,
}

fn root_path() -> String {
    "/".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteSettings {
    /// Reads `site.yaml` under the root and applies the command line's base URL.
    pub fn load(config: &Config) -> Result<Self, Diagnostic> {
        let path = config.root.join("site.yaml");
        let shown = config.display_path(&path);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            Diagnostic::error(format!("cannot read site settings: {error}"))
                .at(Location::file(&shown))
                .hint("run dsguide from the site root, or pass --root")
        })?;
        let mut settings: SiteSettings = yaml::parse(&text, &shown, &text, 0)?;
        if let Some(base_url) = &config.base_url {
            settings.base_url = base_url.clone();
        }
        settings.base_url = normalize_base_url(&settings.base_url);
        if let Some(url) = &settings.url {
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.trim_end_matches('/').matches('/').count() > 2
            {
                let line = text.lines().position(|line| line.starts_with("url:")).map_or(1, |index| index + 1);
                return Err(Diagnostic::error(format!(
                    "`url` must be an origin such as https://guide.example.com, not `{url}`"
                ))
                .at(Location::new(&shown, &text, line, 1))
                .hint("put the path the site is served under in `base_url`"));
            }
            settings.url = Some(url.trim_end_matches('/').to_string());
        }
        Ok(settings)
    }
}

/// `ds-guide`, `/ds-guide` and `/ds-guide/` all mean `/ds-guide/`; empty means `/`.
pub fn normalize_base_url(base_url: &str) -> String {
    let trimmed = base_url.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_urls_are_normalized() {
        for (given, expected) in
            [("", "/"), ("/", "/"), ("ds-guide", "/ds-guide/"), ("/ds-guide/", "/ds-guide/"), ("/a/b", "/a/b/")]
        {
            assert_eq!(super::normalize_base_url(given), expected);
        }
    }
}
