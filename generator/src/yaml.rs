//! YAML parsing with diagnostics that point into the file that holds the YAML.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};

/// Parses `yaml`, which starts on line `first_line + 1` of `file_text` (the whole file, for
/// showing the offending line), into `T`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(yaml).map_err(|error| {
        let text = error.to_string();
        // serde_yaml appends " at line L column C"; we print the location our own way.
        let message = text.split(" at line ").next().unwrap_or(&text).to_string();
        let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
        Diagnostic::error(message).at(Location::new(file, file_text, first_line + line, column))
    })
}
