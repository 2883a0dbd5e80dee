//! `$...$` and `$$...$$`: LaTeX math rendered to MathML at build time with pulldown-latex, so
//! pages need no client-side math library and browsers lay the formulas out natively.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// MathML for `latex`, or the parser's message when the LaTeX is invalid.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        // The message starts with "parsing error: " and ends with a context drawing; keep the
        // first line, which says what is wrong.
        let message = error.to_string();
        let first = message.lines().next().unwrap_or(&message);
        return Err(first.trim_start_matches("parsing error: ").to_string());
    }
    // No `<annotation>` with the source: pulldown-latex 0.8 writes it unescaped.
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: None,
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    push_mathml(&mut mathml, events.into_iter(), config).map_err(|error| error.to_string())?;
    // pulldown-latex 0.8 also escapes the entity it writes for `\ ` (a space) once too often.
    Ok(without_style_attributes(&escape_text(&mathml)).replace("&amp;nbsp;", "&nbsp;"))
}

/// Drops the `style="..."` attributes pulldown-latex writes (a negative `margin-left` on the
/// `<mspace>` of `\!`): the site's Content-Security-Policy blocks inline styles, and the
/// element's `width` attribute already states the space.
fn without_style_attributes(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    while let Some(start) = rest.find(" style=\"") {
        out.push_str(&rest[..start]);
        let value = &rest[start + 8..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Escapes `<` and `&` in the text of MathML elements. pulldown-latex 0.8 escapes `<mtext>`
/// content only, so `a < b` comes out as `<mo><</mo>`, which an HTML parser may take for the
/// start of a tag. A `<` that does not start a tag (a letter or `/` follows) is text, as is an
/// `&` that does not start an entity.
fn escape_text(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut chars = mathml.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        match ch {
            '<' if !next.is_some_and(|next| next.is_ascii_alphabetic() || next == '/') => out.push_str("&lt;"),
            '&' if !starts_entity(&mathml[index..]) => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
    out
}

/// `&name;` or `&#123;`, as pulldown-latex writes them (`&nbsp;`).
fn starts_entity(text: &str) -> bool {
    let body: String = text[1..].chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '#').collect();
    !body.is_empty() && text[1 + body.len()..].starts_with(';')
}

/// The byte offset in `source` of a `$` in `source[range]` (a stretch that became plain text)
/// that opens a math span never closed: a `$` not written as `\$` and followed by something
/// other than a digit or a space, so prices such as $5 stay text. The surrounding `source`
/// matters because the parser may split text at each `$`.
pub fn unterminated_dollar(source: &str, range: std::ops::Range<usize>) -> Option<usize> {
    let bytes = source.as_bytes();
    range.clone().find(|&index| {
        bytes[index] == b'$'
            && (index == 0 || bytes[index - 1] != b'\\')
            && bytes
                .get(index + 1)
                .is_some_and(|next| !next.is_ascii_digit() && !next.is_ascii_whitespace() && *next != b'$')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_inline_and_display_math() {
        let inline = to_mathml(r"R + W > N", false).unwrap();
        assert!(inline.starts_with("<math") && inline.contains("<mi>R</mi>"), "{inline}");
        let display = to_mathml(r"\binom{N-W}{R} / \binom{N}{R}", true).unwrap();
        assert!(display.contains(r#"display="block""#), "{display}");
    }

    #[test]
    fn escapes_operators_that_look_like_markup() {
        let mathml = to_mathml(r"a < b \& c", false).unwrap();
        assert!(mathml.contains("<mo>&lt;</mo>") && mathml.contains("&amp;"), "{mathml}");
        assert!(!mathml.contains("<<"), "{mathml}");
    }

    #[test]
    fn negative_space_carries_no_inline_style() {
        let mathml = to_mathml(r"\log_T\!x", false).unwrap();
        assert!(mathml.contains("<mspace width=\"-0.16666667em\" />"), "{mathml}");
        assert!(!mathml.contains("style="), "{mathml}");
    }

    #[test]
    fn a_control_space_is_a_space() {
        assert!(to_mathml(r"a\ b", false).unwrap().contains("<mtext>&nbsp;</mtext>"));
    }

    #[test]
    fn reports_invalid_latex() {
        let error = to_mathml(r"\frac{1}{", false).unwrap_err();
        assert!(!error.is_empty() && !error.contains('\n'), "{error}");
    }

    #[test]
    fn finds_dollars_that_open_math() {
        let find = |text: &str| unterminated_dollar(text, 0..text.len());
        assert_eq!(find("costs $5 a month"), None);
        assert_eq!(find(r"a \$x literal"), None);
        assert_eq!(find("where $x is"), Some(6));
        assert_eq!(unterminated_dollar("a $x", 2..3), Some(2), "looks past the end of the range");
    }
}
