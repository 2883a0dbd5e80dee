//! Code highlighting with syntect, into CSS classes (`hl-*`) so the theme colours code for
//! light and dark schemes from one HTML.

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use kit::markup::escape as escape_html;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// The syntax definitions, loaded once per build.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
    }

    /// `<pre><code>` for `code` in `language` (a fence's first word; unknown or empty means
    /// plain text).
    pub fn highlight(&self, code: &str, language: &str) -> String {
        let syntax =
            self.syntaxes.find_syntax_by_token(language).unwrap_or_else(|| self.syntaxes.find_syntax_plain_text());
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                // A syntax definition that fails on some input: show that block unhighlighted.
                return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape_html(code));
            }
        }
        let class =
            if language.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape_html(language)) };
        format!("<pre class=\"code\"{class}><code>{}</code></pre>\n", generator.finalize())
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// The stylesheet for the `hl-*` classes: the light theme, and the dark theme under
/// `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| css_for_theme_with_class_style(&themes.themes[name], CLASS_STYLE).unwrap_or_default();
    format!(
        "/* Code highlighting: {LIGHT_THEME} (light), {DARK_THEME} (dark). */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(LIGHT_THEME),
        css(DARK_THEME)
    )
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
        assert!(stylesheet().contains("prefers-color-scheme: dark"));
    }
}
