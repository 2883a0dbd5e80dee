//! Diagrams from text: ```` ```pikchr ```` blocks rendered to inline SVG at build time with
//! Pikchr (the PIC-like language from the SQLite project; the crate compiles its one C file).
//!
//! Pikchr's SVG is adapted to the site: `style` attributes become SVG presentation attributes
//! (the Content-Security-Policy forbids inline styles), and black becomes `currentColor`, so
//! lines and text take the theme's text colour in light and dark.

use pikchr::{Pikchr, PikchrFlags};

/// A Pikchr error: its message and where in the block (1-based line and column) it is.
#[derive(Debug, PartialEq, Eq)]
pub struct DiagramError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// The SVG for Pikchr `source`.
pub fn pikchr_to_svg(source: &str) -> Result<String, DiagramError> {
    match Pikchr::render(source, None, PikchrFlags::default()) {
        Ok(svg) => Ok(adapt(svg.rendered())),
        Err(text) => Err(parse_error(&text)),
    }
}

/// Pikchr's plain-text errors list the source as `/*    N */  line`, then a `^^^` marker under
/// the culprit, then `ERROR: message`.
fn parse_error(text: &str) -> DiagramError {
    const PREFIX: usize = "/*    1 */  ".len();
    let mut error = DiagramError { message: String::new(), line: 1, column: 1 };
    let mut last_line = 1;
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("ERROR: ") {
            error.message = message.trim().to_string();
        } else if let Some(number) = line.strip_prefix("/*").and_then(|rest| rest.split("*/").next()) {
            last_line = number.trim().parse().unwrap_or(last_line);
        } else if let Some(offset) = line.find('^') {
            error.line = last_line;
            error.column = offset.saturating_sub(PREFIX) + 1;
        }
    }
    if error.message.is_empty() {
        error.message = text.trim().to_string();
    }
    error
}

/// `style="a:b;c:d"` -> ` a="b" c="d"`, and black -> `currentColor`.
fn adapt(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(" style=") {
        out.push_str(&rest[..start]);
        let after = &rest[start + " style=".len()..];
        let quote = after.chars().next().unwrap_or('"');
        let Some(end) = after[1..].find(quote) else {
            rest = after;
            continue;
        };
        for declaration in after[1..=end].split(';') {
            if let Some((property, value)) = declaration.split_once(':') {
                out.push_str(&format!(" {}=\"{}\"", property.trim(), value.trim()));
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out.replace("rgb(0,0,0)", "currentColor").replace(" font-size=\"initial\"", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_svg_without_inline_styles_in_the_theme_colour() {
        let svg = pikchr_to_svg("box \"Client\"; arrow; box \"Replica\" fill lightblue").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("style="), "{svg}");
        assert!(svg.contains(r#"stroke="currentColor""#) && svg.contains(r#"fill="rgb(173,216,230)""#), "{svg}");
    }

    #[test]
    fn errors_name_their_line_and_column() {
        let error = pikchr_to_svg("box \"A\"\narrow\nbox wid 1 foo \"B\"").unwrap_err();
        assert_eq!(error, DiagramError { message: "syntax error".into(), line: 3, column: 11 });
    }
}
