//! Browser glue shared by every widget's `web` module (wasm32 only).
//!
//! A widget's `mount(element, config)` reads its config with [`config_u32`], draws with
//! [`set_html`], listens with [`listen`], and, when anything fails, shows the failure inside its
//! own frame with [`show_error`] so the reader never sees a blank box.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event};

/// Reads a whole-number field of the config object the loader passes, or `default` when it is
/// missing or not a number. The generator has validated the config against the catalog already.
pub fn config_u32(config: &JsValue, key: &str, default: u32) -> u32 {
    js_sys::Reflect::get(config, &JsValue::from_str(key))
        .ok()
        .and_then(|value| value.as_f64())
        .filter(|value| value.is_finite() && *value >= 0.0)
        .map(|value| value as u32)
        .unwrap_or(default)
}

/// Reads an array of whole numbers from the config object; missing or malformed entries are
/// skipped.
pub fn config_u32_list(config: &JsValue, key: &str) -> Vec<u32> {
    let Ok(value) = js_sys::Reflect::get(config, &JsValue::from_str(key)) else {
        return Vec::new();
    };
    if !js_sys::Array::is_array(&value) {
        return Vec::new();
    }
    js_sys::Array::from(&value)
        .iter()
        .filter_map(|item| item.as_f64())
        .filter(|item| item.is_finite() && *item >= 0.0)
        .map(|item| item as u32)
        .collect()
}

/// Reads an array of strings from the config object; other entries are skipped.
pub fn config_string_list(config: &JsValue, key: &str) -> Vec<String> {
    let Ok(value) = js_sys::Reflect::get(config, &JsValue::from_str(key)) else {
        return Vec::new();
    };
    if !js_sys::Array::is_array(&value) {
        return Vec::new();
    }
    js_sys::Array::from(&value).iter().filter_map(|item| item.as_string()).collect()
}

/// The first descendant of `root` matching `selector`.
pub fn find(root: &Element, selector: &str) -> Result<Element, JsValue> {
    root.query_selector(selector)?.ok_or_else(|| JsValue::from_str(selector))
}

/// Replaces the content of `element` with `html`.
pub fn set_html(element: &Element, html: &str) {
    element.set_inner_html(html);
}

/// Calls `handler` for every `event` on `target` for the life of the page.
pub fn listen(target: &Element, event: &str, handler: impl FnMut(Event) + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The listener lives as long as the widget, which lives as long as the page.
    closure.forget();
    Ok(())
}

/// The value of attribute `name` on the event's target or its nearest ancestor that has it:
/// how delegated handlers find which part of a widget was hit.
pub fn target_attribute(event: &Event, name: &str) -> Option<String> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let holder = target.closest(&selector_for_attribute(name)).ok()??;
    holder.get_attribute(name)
}

/// [`target_attribute`] parsed as a whole number.
pub fn target_index(event: &Event, name: &str) -> Option<u32> {
    target_attribute(event, name)?.parse().ok()
}

fn selector_for_attribute(name: &str) -> String {
    let mut selector = String::with_capacity(name.len() + 2);
    selector.push('[');
    selector.push_str(name);
    selector.push(']');
    selector
}

/// Replaces the widget's content with an error message, keeping its frame.
pub fn show_error(root: &Element, error: &JsValue) {
    let mut html = String::from("<p class=\"widget-error\" role=\"alert\">This widget failed to start: ");
    let detail = error.as_string().unwrap_or_else(|| String::from("unknown error"));
    crate::markup::push_escaped(&mut html, &detail);
    html.push_str("</p>");
    root.set_inner_html(&html);
}

/// Puts `state` on the figure around `root` (its `data-state`), from where the theme's loader
/// keeps it in the URL hash, so the address bar always holds a link that reproduces the view.
pub fn share(root: &Element, state: crate::state::SharedState) {
    if let Ok(Some(figure)) = root.closest("figure") {
        let _ = figure.set_attribute("data-state", &state.into_json());
    }
}
