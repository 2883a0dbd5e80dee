//! A small builder for SVG and HTML elements: `Tag::new("circle").num("r", 12.0).close(out)`.
//!
//! Attribute values are escaped; numbers are written with one decimal at most, which is finer
//! than a pixel at any size a widget is drawn.

use crate::markup::push_escaped;
use crate::num::{push_fixed, push_uint};

/// An element under construction; its start tag is written into the borrowed string as
/// attributes are added.
pub struct Tag<'a> {
    out: &'a mut String,
    name: &'static str,
}

impl<'a> Tag<'a> {
    /// Starts `<name` in `out`.
    pub fn open(out: &'a mut String, name: &'static str) -> Self {
        out.push('<');
        out.push_str(name);
        Tag { out, name }
    }

    /// A text attribute, escaped.
    pub fn attr(self, key: &str, value: &str) -> Self {
        self.out.push(' ');
        self.out.push_str(key);
        self.out.push_str("=\"");
        push_escaped(self.out, value);
        self.out.push('"');
        self
    }

    /// A numeric attribute, rounded to one decimal (whole numbers are written without one).
    pub fn num(self, key: &str, value: f64) -> Self {
        self.out.push(' ');
        self.out.push_str(key);
        self.out.push_str("=\"");
        // 162.96 rounds to 163.0, which is written 163. Integer arithmetic and floor() only:
        // f64 `round` and `%` would pull libm's implementations into every widget's wasm.
        let tenths = (value.abs() * 10.0 + 0.5).floor();
        if tenths < 1e15 && (tenths as u64).is_multiple_of(10) {
            if value < 0.0 && tenths > 0.0 {
                self.out.push('-');
            }
            push_uint(self.out, tenths as u64 / 10);
        } else {
            push_fixed(self.out, value, 1);
        }
        self.out.push('"');
        self
    }

    /// An attribute without a value, such as `disabled`, written only when `present`.
    pub fn flag(self, key: &str, present: bool) -> Self {
        if present {
            self.out.push(' ');
            self.out.push_str(key);
        }
        self
    }

    /// Ends the element with `/>` (for elements without content).
    pub fn close(self) {
        self.out.push_str("/>");
    }

    /// Ends the start tag, writes escaped `text` and the end tag.
    pub fn text(self, text: &str) {
        self.out.push('>');
        push_escaped(self.out, text);
        self.end();
    }

    /// Ends the start tag; the caller writes the content and then calls [`end_tag`].
    pub fn body(self) {
        self.out.push('>');
    }

    fn end(self) {
        end_tag(self.out, self.name);
    }
}

/// Writes `</name>`.
pub fn end_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_elements() {
        let mut out = String::new();
        Tag::open(&mut out, "circle").num("cx", 10.0).num("cy", 2.25).attr("class", "a&b").close();
        Tag::open(&mut out, "text").num("x", -3.0).num("y", 162.96).text("1 < 2");
        Tag::open(&mut out, "input").flag("disabled", true).flag("hidden", false).body();
        assert_eq!(
            out,
            r#"<circle cx="10" cy="2.3" class="a&amp;b"/><text x="-3" y="163">1 &lt; 2</text><input disabled>"#
        );
    }
}
