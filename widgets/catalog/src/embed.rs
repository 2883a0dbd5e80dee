//! Turning a widget block's YAML into a checked config and its static rendering.

use kit::config::Invalid;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A widget ready to go into the page.
#[derive(Debug)]
pub struct Embedded {
    /// The config with defaults filled in, as compact JSON for `data-config`.
    pub config_json: String,
    /// The initial state drawn by the widget's view, shown until (and unless) the widget mounts.
    pub html: String,
}

/// What is wrong with a block's config, and where in the block (1-based, relative to the
/// block's first line) when that is known.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
}

/// Parses `yaml` into the widget's config type `C` (unknown keys rejected), runs `check`
/// (which validates the config and draws the static HTML), and serializes the config to JSON
/// for the page.
pub fn embed<C>(yaml: &str, check: impl FnOnce(&C) -> Result<String, Invalid>) -> Result<Embedded, ConfigError>
where
    C: DeserializeOwned + Serialize,
{
    // An empty block means "all defaults"; serde_yaml reads an empty document as null.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    let config: C = serde_yaml::from_str(source).map_err(|error| parse_error(&error))?;
    let html = check(&config).map_err(|Invalid { key, message }| ConfigError {
        message,
        line: line_of_key(yaml, key),
        column: Some(1),
        hint: None,
    })?;
    let config_json = serde_json::to_string(&config).map_err(|error| ConfigError {
        message: error.to_string(),
        line: None,
        column: None,
        hint: None,
    })?;
    Ok(Embedded { config_json, html })
}

fn parse_error(error: &serde_yaml::Error) -> ConfigError {
    let text = error.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let message = text.split(" at line ").next().unwrap_or(&text).to_string();
    ConfigError {
        hint: unknown_field_hint(&message),
        message,
        line: error.location().map(|location| location.line()),
        column: error.location().map(|location| location.column()),
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": a "did you mean" for the closest
/// expected field, or the list of fields when none is close.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let fields: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    Some(match closest(unknown, fields.iter().copied()) {
        Some(field) => format!("did you mean `{field}`?"),
        None => format!("the keys this widget takes are: {}", fields.join(", ")),
    })
}

/// The candidate nearest to `name` by edit distance, if it is near enough to be a typo.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The 1-based line of the block on which top-level `key:` is set.
fn line_of_key(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|line| line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use crate::{closest_name, find};

    fn error_of(yaml: &str) -> crate::ConfigError {
        find("quorum").unwrap().embed(yaml).unwrap_err()
    }

    #[test]
    fn renders_a_valid_block_with_defaults_filled_in() {
        let embedded = find("quorum").unwrap().embed("replicas: 5\nwrite_quorum: 3\nread_quorum: 2\n").unwrap();
        assert_eq!(
            embedded.config_json,
            r#"{"replicas":5,"write_quorum":3,"read_quorum":2,"down":[],"sloppy":false,"seed":1}"#
        );
        assert!(embedded.html.contains("Reads may be stale"));
        let empty = find("quorum").unwrap().embed("").unwrap();
        assert_eq!(
            empty.config_json,
            r#"{"replicas":5,"write_quorum":3,"read_quorum":3,"down":[],"sloppy":false,"seed":1}"#
        );
    }

    #[test]
    fn misspelled_key_names_its_line_and_the_right_key() {
        let error = error_of("replicas: 5\nwrite_qorum: 3\n");
        assert_eq!(error.line, Some(2));
        assert!(error.message.starts_with("unknown field `write_qorum`"), "{}", error.message);
        assert_eq!(error.hint.as_deref(), Some("did you mean `write_quorum`?"));
    }

    #[test]
    fn out_of_range_value_names_its_line() {
        let error = error_of("replicas: 3\nwrite_quorum: 2\nread_quorum: 4\n");
        assert_eq!(error.line, Some(3));
        assert_eq!(error.message, "read_quorum must be between 1 and replicas (3), not 4");
    }

    #[test]
    fn wrong_type_names_its_line() {
        let error = error_of("replicas: five\n");
        assert_eq!(error.line, Some(1));
        assert!(error.message.contains("invalid type"), "{}", error.message);
    }

    #[test]
    fn suggests_close_widget_names_only() {
        assert_eq!(closest_name("qorum"), Some("quorum"));
        assert_eq!(closest_name("raft-consensus"), None);
    }
}
