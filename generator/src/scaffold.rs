//! `dsguide new SECTION/NAME`: a new module with front matter and the section skeleton every
//! module follows (see the project's CONTENT.md), marked as a draft until its author is done.

use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};

/// Creates `content/SECTION/NAME.md` and returns its path. The section must exist; the file
/// must not.
pub fn new_module(config: &Config, module: &str) -> Result<PathBuf, Diagnostic> {
    let module = module.trim_matches('/').trim_end_matches(".md");
    let valid = |part: &str| {
        !part.is_empty() && part.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    };
    let Some((section, name)) =
        module.rsplit_once('/').filter(|(section, name)| section.split('/').all(valid) && valid(name))
    else {
        return Err(Diagnostic::error(format!("`{module}` is not SECTION/NAME"))
            .hint("name the module by its section folder and a file name in lower-case words joined by `-`, e.g. algorithms/gossip"));
    };
    let content = config.content_dir();
    let section_index = content.join(section).join("_index.md");
    if !section_index.is_file() {
        return Err(Diagnostic::error(format!("there is no section `{section}`"))
            .at(Location::file(&config.display_path(&section_index)))
            .hint(format!("create content/{section}/_index.md first, or pick an existing section")));
    }
    let path = content.join(section).join(format!("{name}.md"));
    if path.exists() {
        return Err(Diagnostic::error("the module exists already").at(Location::file(&config.display_path(&path))));
    }
    let weight = next_weight(&content.join(section));
    std::fs::write(&path, skeleton(&title_of(name), weight)).map_err(|error| {
        Diagnostic::error(format!("cannot write the module: {error}")).at(Location::file(&config.display_path(&path)))
    })?;
    Ok(path)
}

/// `vector-clocks` -> `Vector clocks`.
fn title_of(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Ten more than the highest weight in the section, so the new module comes last.
fn next_weight(section: &std::path::Path) -> i64 {
    let highest = std::fs::read_dir(section)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .filter_map(|text| {
            text.lines()
                .take_while(|line| !line.is_empty())
                .find_map(|line| line.strip_prefix("weight:")?.trim().parse::<i64>().ok())
        })
        .max()
        .unwrap_or(0);
    (highest / 10 + 1) * 10
}

fn skeleton(title: &str, weight: i64) -> String {
    format!(
        r#"---
title: {title}
summary: One sentence that says what this module explains.
weight: {weight}
draft: true
---

One paragraph: the problem this solves and when a reader would reach for it.

## The mechanism

How it works, step by step. Embed a widget or a diagram where a picture beats words.

## The numbers

Costs, latencies and formulas with every variable named, each with its source.

## Trade-offs

| Option | Wins | Costs |
|--------|------|-------|
|        |      |       |

## Failure modes

What goes wrong, and what real systems (name them) do about it.

## Check yourself

1. A question.

   <details><summary>Answer</summary>

   The answer.

   </details>

## Further reading

- The primary sources: papers, official documentation, books.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffolds_a_draft_module_at_the_end_of_its_section() {
        let dir = tempfile::tempdir().unwrap();
        let section = dir.path().join("content/algorithms");
        std::fs::create_dir_all(&section).unwrap();
        std::fs::write(section.join("_index.md"), "---\ntitle: Algorithms\nweight: 20\n---\n").unwrap();
        std::fs::write(section.join("quorum.md"), "---\ntitle: Quorums\nweight: 25\n---\n").unwrap();
        let config = Config::new(dir.path());
        let path = new_module(&config, "algorithms/vector-clocks").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("---\ntitle: Vector clocks\nsummary: "), "{text}");
        assert!(text.contains("weight: 30\ndraft: true\n"), "{text}");
        assert_eq!(new_module(&config, "algorithms/vector-clocks").unwrap_err().message, "the module exists already");
        assert_eq!(new_module(&config, "storage/sharding").unwrap_err().message, "there is no section `storage`");
        assert_eq!(new_module(&config, "Gossip").unwrap_err().message, "`Gossip` is not SECTION/NAME");
    }
}
