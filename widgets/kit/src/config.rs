//! What every widget's config validation returns.

/// A config value outside the range the widget's controls allow: which key, and what is wrong.
/// The catalog turns it into a build error on the line that sets `key`.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    pub key: &'static str,
    pub message: String,
}
