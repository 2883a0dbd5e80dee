//! Compiler-style diagnostics: every problem of a run is collected, then reported together.
//!
//! ```text
//! error: unknown field `write_qorum`, expected one of `replicas`, `write_quorum`, ...
//!   --> content/algorithms/quorum.md:42:1
//!    |
//! 42 | write_qorum: 3
//!    | ^
//!    = hint: did you mean `write_quorum`?
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file relative to the site root, a 1-based line and column, and the
/// text of that line for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub source_line: String,
}

impl Location {
    /// Points at `line`:`column` of `text`, the contents of `file`.
    pub fn new(file: &Path, text: &str, line: usize, column: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("").to_string();
        Location { file: file.to_path_buf(), line: line.max(1), column: column.max(1), source_line }
    }

    /// A whole file, without a line (for problems such as unreadable files).
    pub fn file(file: &Path) -> Self {
        Location { file: file.to_path_buf(), line: 0, column: 0, source_line: String::new() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), location: None, hint: None }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Sets `hint` unless a hint is set already.
    pub fn or_hint(mut self, hint: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{severity}: {}", self.message)?;
        let gutter = match &self.location {
            Some(location) if location.line > 0 => {
                let number = location.line.to_string();
                let pad = " ".repeat(number.len());
                writeln!(f, "{pad}--> {}:{}:{}", location.file.display(), location.line, location.column)?;
                writeln!(f, "{pad} |")?;
                writeln!(f, "{number} | {}", location.source_line)?;
                let marker_pad: String = location
                    .source_line
                    .chars()
                    .take(location.column - 1)
                    .map(|ch| if ch == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {marker_pad}^")?;
                pad
            }
            Some(location) => {
                writeln!(f, " --> {}", location.file.display())?;
                String::new()
            }
            None => String::new(),
        };
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// All problems of one run, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let text = "---\ntitle: x\n---\n\nsee [here](nowhere.md)\n";
        let diagnostic = Diagnostic::error("link to a page that does not exist: nowhere.md")
            .at(Location::new(Path::new("content/a.md"), text, 5, 5))
            .hint("links are relative to this file");
        assert_eq!(
            diagnostic.to_string(),
            "error: link to a page that does not exist: nowhere.md\n \
             --> content/a.md:5:5\n  |\n5 | see [here](nowhere.md)\n  |     ^\n  = hint: links are relative to this file\n"
        );
    }
}
