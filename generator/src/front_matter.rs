//! Splitting a Markdown file into its YAML front matter and its body.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// The keys a page may set between its `---` lines.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// One sentence, shown in lists and in the page's description.
    #[serde(default)]
    pub summary: String,
    /// Order within the section: lower first; ties are broken by title.
    #[serde(default)]
    pub weight: i64,
    /// Left out of builds unless drafts are asked for.
    #[serde(default)]
    pub draft: bool,
}

/// A parsed file: its front matter, and its body with the 1-based line the body starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `text` (the contents of `file`) at its front matter fences and parses the YAML.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error("missing front matter")
            .at(Location::new(file, text, 1, 1))
            .hint("start the file with a `---` line, then `title: ...`, then a closing `---` line")
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or_else(missing)?;
    if first.trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let front_matter = yaml::parse(yaml, file, text, 1)?;
            return Ok(Split { front_matter, body: &text[offset + line.len()..], body_line: line_number + 1 });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(Location::new(file, text, 1, 1))
        .hint("end the front matter with a line holding only `---`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        split(text, Path::new("content/a.md")).unwrap_err().to_string()
    }

    #[test]
    fn splits_front_matter_from_body() {
        let split = split("---\ntitle: Quorums\nweight: 20\n---\n\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(split.front_matter.title, "Quorums");
        assert_eq!(split.front_matter.weight, 20);
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn reports_errors_at_file_lines() {
        assert_eq!(
            error("---\ntitle: T\nweight: heavy\n---\n"),
            "error: weight: invalid type: string \"heavy\", expected i64\n --> content/a.md:3:9\n  |\n3 | weight: heavy\n  |         ^\n"
        );
        assert!(error("---\ntitle: T\nsumary: s\n---\n").contains("unknown field `sumary`"));
        assert!(error("---\ntitle: T\nsumary: s\n---\n").contains("content/a.md:3:1"));
        assert!(error("---\nweight: 1\n---\n").starts_with("error: missing field `title`"));
        assert!(error("# No front matter\n").starts_with("error: missing front matter"));
        assert!(error("---\ntitle: T\n").starts_with("error: front matter is not closed"));
    }
}
