//! A widget's shareable state, as the JSON object a link carries.
//!
//! Widgets build it here (pure Rust, no browser calls, so it costs little wasm and is tested
//! natively) and hand it to [`crate::web::share`], which puts it on the figure; the theme's
//! loader turns it into the URL hash and, when a page opens with such a hash, passes the
//! state back to `mount` on top of the figure's config.

use crate::num::push_uint;

/// A JSON object under construction, keys in the order they are added.
pub struct SharedState(String);

impl SharedState {
    pub fn new() -> Self {
        SharedState(String::from("{"))
    }

    fn key(mut self, key: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_json_string(&mut self.0, key);
        self.0.push(':');
        self
    }

    pub fn number(self, key: &str, value: u32) -> Self {
        let mut state = self.key(key);
        push_uint(&mut state.0, u64::from(value));
        state
    }

    pub fn flag(self, key: &str, value: bool) -> Self {
        let mut state = self.key(key);
        state.0.push_str(if value { "true" } else { "false" });
        state
    }

    pub fn text(self, key: &str, value: &str) -> Self {
        let mut state = self.key(key);
        push_json_string(&mut state.0, value);
        state
    }

    pub fn numbers(self, key: &str, values: &[u32]) -> Self {
        self.list(key, values, |out, value| push_uint(out, u64::from(*value)))
    }

    pub fn strings(self, key: &str, values: &[String]) -> Self {
        self.list(key, values, |out, value| push_json_string(out, value))
    }

    fn list<T>(self, key: &str, values: &[T], push_value: impl Fn(&mut String, &T)) -> Self {
        let mut state = self.key(key);
        state.0.push('[');
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                state.0.push(',');
            }
            push_value(&mut state.0, value);
        }
        state.0.push(']');
        state
    }

    /// The finished JSON text.
    pub fn into_json(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

impl Default for SharedState {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends `text` as a JSON string literal.
fn push_json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ch if (ch as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(ch as usize) >> 4] as char);
                out.push(HEX[(ch as usize) & 15] as char);
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_json_objects() {
        let json = SharedState::new()
            .number("replicas", 5)
            .numbers("down", &[0, 3])
            .strings("items", &["raft".into(), "say \"hi\"\\\n".into()])
            .numbers("none", &[])
            .text("scheme", "ring")
            .flag("sloppy", true)
            .into_json();
        assert_eq!(
            json,
            r#"{"replicas":5,"down":[0,3],"items":["raft","say \"hi\"\\\u000a"],"none":[],"scheme":"ring","sloppy":true}"#
        );
        assert_eq!(SharedState::new().into_json(), "{}");
    }
}
