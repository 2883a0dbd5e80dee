//! Splitting a Markdown file into its YAML front matter and its body.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// The keys a page may set between its `---` lines. Other keys are ignored with a warning
/// (see [`KEYS`]), so a typo never passes silently but never blocks a build either.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
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
    /// Modules to read first: relative links to their Markdown files.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// When the content last changed meaningfully, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
}

/// Every key [`FrontMatter`] reads.
pub const KEYS: &[&str] = &["title", "summary", "weight", "draft", "prerequisites", "updated"];

/// A parsed file: its front matter, its body with the 1-based line the body starts on, and
/// warnings about the front matter.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    pub body_line: usize,
    pub warnings: Vec<Diagnostic>,
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
            let front_matter: FrontMatter = yaml::parse(yaml, file, text, 1)?;
            check_updated(&front_matter, yaml, file, text)?;
            let warnings = unknown_keys(yaml, file, text);
            return Ok(Split {
                front_matter,
                body: &text[offset + line.len()..],
                body_line: line_number + 1,
                warnings,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(Location::new(file, text, 1, 1))
        .hint("end the front matter with a line holding only `---`"))
}

/// The 1-based file line on which top-level `key:` is set in the front matter (which starts on
/// line 2 of the file).
pub fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|line| line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map_or(1, |index| index + 2)
}

fn unknown_keys(yaml: &str, file: &Path, text: &str) -> Vec<Diagnostic> {
    let Ok(serde_yaml::Value::Mapping(mapping)) = serde_yaml::from_str(yaml) else {
        return Vec::new();
    };
    mapping
        .keys()
        .filter_map(|key| key.as_str())
        .filter(|key| !KEYS.contains(key))
        .map(|key| {
            let closest = KEYS
                .iter()
                .map(|known| (strsim::damerau_levenshtein(key, known), known))
                .filter(|(distance, _)| *distance <= 2)
                .min_by_key(|(distance, _)| *distance)
                .map(|(_, known)| format!("did you mean `{known}`?"));
            Diagnostic::warning(format!("unknown front matter key `{key}` is ignored"))
                .at(Location::new(file, text, key_line(yaml, key), 1))
                .maybe_hint(closest)
                .or_hint(format!("the keys are: {}", KEYS.join(", ")))
        })
        .collect()
}

/// `updated` must be a calendar date, `YYYY-MM-DD`.
fn check_updated(front_matter: &FrontMatter, yaml: &str, file: &Path, text: &str) -> Result<(), Diagnostic> {
    let Some(updated) = &front_matter.updated else { return Ok(()) };
    let parts: Vec<&str> = updated.split('-').collect();
    let valid = match parts.as_slice() {
        [year, month, day] if year.len() == 4 && month.len() == 2 && day.len() == 2 => {
            let number = |part: &str| part.parse::<u32>().ok();
            matches!((number(year), number(month), number(day)), (Some(_), Some(1..=12), Some(1..=31)))
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        let line = key_line(yaml, "updated");
        let column =
            text.lines().nth(line - 1).and_then(|source| source.find(updated.as_str())).map_or(1, |index| index + 1);
        Err(Diagnostic::error(format!("`updated` is not a date: `{updated}`"))
            .at(Location::new(file, text, line, column))
            .hint("write the date as YYYY-MM-DD, e.g. 2026-11-24"))
    }
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
    fn unknown_keys_are_warnings_with_a_suggestion() {
        let split = split("---\ntitle: T\nsumary: s\nupdated: 2026-11-24\n---\n", Path::new("content/a.md")).unwrap();
        assert_eq!(split.front_matter.updated.as_deref(), Some("2026-11-24"));
        let warnings: Vec<String> = split.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["warning: unknown front matter key `sumary` is ignored\n --> content/a.md:3:1\n  |\n3 | sumary: s\n  | ^\n  = hint: did you mean `summary`?\n"]
        );
    }

    #[test]
    fn reports_errors_at_file_lines() {
        assert_eq!(
            error("---\ntitle: T\nweight: heavy\n---\n"),
            "error: weight: invalid type: string \"heavy\", expected i64\n --> content/a.md:3:9\n  |\n3 | weight: heavy\n  |         ^\n"
        );
        assert_eq!(
            error("---\ntitle: T\nupdated: 24/11/2026\n---\n"),
            "error: `updated` is not a date: `24/11/2026`\n --> content/a.md:3:10\n  |\n3 | updated: 24/11/2026\n  |          ^\n  = hint: write the date as YYYY-MM-DD, e.g. 2026-11-24\n"
        );
        assert!(error("---\nweight: 1\n---\n").starts_with("error: missing field `title`"));
        assert!(error("# No front matter\n").starts_with("error: missing front matter"));
        assert!(error("---\ntitle: T\n").starts_with("error: front matter is not closed"));
    }
}
