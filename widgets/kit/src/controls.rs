//! Form controls every widget draws the same way, so they look and behave alike.

use crate::svg::Tag;

/// A `<button>` that the widget's delegated click handler finds by its `data-action`.
/// Disabled in the static figure, where nothing could answer it.
pub fn push_button(out: &mut String, action: &str, label: &str, disabled: bool) {
    Tag::open(out, "button")
        .attr("type", "button")
        .attr("class", "widget-button")
        .attr("data-action", action)
        .flag("disabled", disabled)
        .text(label);
}

#[cfg(test)]
mod tests {
    #[test]
    fn buttons_carry_their_action() {
        let mut out = String::new();
        super::push_button(&mut out, "reset", "Reset", true);
        assert_eq!(out, r#"<button type="button" class="widget-button" data-action="reset" disabled>Reset</button>"#);
    }
}
