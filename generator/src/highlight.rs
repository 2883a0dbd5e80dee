//! Code highlighting with syntect, into CSS classes (`hl-*`, one per scope atom, such as
//! `hl-comment` or `hl-string`) that the theme colours. The theme's own palette, not a
//! bundled TextMate theme, so every colour meets WCAG AA contrast in light and dark.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use kit::markup::escape as escape_html;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntax definitions, loaded once per build.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
    }

    /// `<pre><code>` for `code` in `language` (a fence's first word; unknown or empty means
    /// plain text). The block is focusable so a keyboard user can scroll a line wider than the
    /// page (WCAG 2.1.1).
    pub fn highlight(&self, code: &str, language: &str) -> String {
        let syntax =
            self.syntaxes.find_syntax_by_token(language).unwrap_or_else(|| self.syntaxes.find_syntax_plain_text());
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                // A syntax definition that fails on some input: show that block unhighlighted.
                return format!("<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n", escape_html(code));
            }
        }
        let class =
            if language.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape_html(language)) };
        format!("<pre class=\"code\" tabindex=\"0\"{class}><code>{}</code></pre>\n", generator.finalize())
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_and_escapes_unknown_ones() {
        let highlighter = Highlighter::new();
        let rust = highlighter.highlight("fn main() {}\n", "rust");
        assert!(rust.contains("hl-keyword") || rust.contains("hl-storage"), "{rust}");
        let plain = highlighter.highlight("a < b\n", "no-such-language");
        assert!(plain.contains("a &lt; b"), "{plain}");
    }
}
