//! Escaping text for HTML and SVG.

/// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in
/// quoted attribute values alike.
pub fn push_escaped(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
}

/// `push_escaped` into a fresh string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// The text of some markup: tags dropped, the entities this crate writes for `<` and `>`
/// decoded. For tests and for readouts compared as plain text.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.replace("&gt;", ">").replace("&lt;", "<")
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_of_drops_tags() {
        assert_eq!(super::text_of("<p>R + W &gt; N <strong>fresh</strong></p>"), "R + W > N fresh");
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(super::escape(r#"a<b & "c" 'd'>"#), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    }
}
