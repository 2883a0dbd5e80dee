//! Browser glue shared by every widget's `web` module (wasm32 only).
//!
//! A widget's `mount(element, config)` reads its config with [`config_u32`], draws with
//! [`set_html`], listens with [`listen`], and, when anything fails, shows the failure inside its
//! own frame with [`report`] so the reader never sees a blank box.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event};

/// Reads a whole-number field of the config object the loader passes, or `default` when it is
/// missing or not a number. The generator has validated the config against the catalog already.
pub fn config_u32(config: &JsValue, key: &str, default: u32) -> u32 {
    config_optional_u32(config, key).unwrap_or(default)
}

/// Reads a true/false field of the config object; missing or not a boolean is `default`.
pub fn config_bool(config: &JsValue, key: &str, default: bool) -> bool {
    js_sys::Reflect::get(config, &JsValue::from_str(key)).ok().and_then(|value| value.as_bool()).unwrap_or(default)
}

/// Reads a string field of the config object, if it is there and a string.
pub fn config_string(config: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(config, &JsValue::from_str(key)).ok()?.as_string()
}

/// Reads a whole-number field that an author may leave out: `None` when it is missing or not
/// a whole number.
pub fn config_optional_u32(config: &JsValue, key: &str) -> Option<u32> {
    js_sys::Reflect::get(config, &JsValue::from_str(key))
        .ok()?
        .as_f64()
        .filter(|value| value.is_finite() && *value >= 0.0)
        .map(|value| value as u32)
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

/// Writes `text` into the `<output data-output=KEY>` beside a slider.
pub fn set_output(root: &Element, key: &str, text: &str) -> Result<(), JsValue> {
    let mut selector = String::from("output[data-output=");
    selector.push_str(key);
    selector.push(']');
    find(root, &selector)?.set_text_content(Some(text));
    Ok(())
}

/// Sets the current value (the property, not the attribute) of the control matching `selector`.
pub fn set_value(root: &Element, selector: &str, value: &str) -> Result<(), JsValue> {
    js_sys::Reflect::set(&find(root, selector)?.into(), &JsValue::from_str("value"), &JsValue::from_str(value))?;
    Ok(())
}

/// Puts the keyboard focus on the drawn element whose `attribute` is `index` (a replica, an
/// event, a server), which a redraw has just replaced.
pub fn focus_indexed(root: &Element, attribute: &str, index: u64) -> Result<(), JsValue> {
    let mut selector = String::from("[");
    selector.push_str(attribute);
    selector.push_str("=\"");
    crate::num::push_uint(&mut selector, index);
    selector.push_str("\"]");
    find(root, &selector)?.unchecked_into::<web_sys::SvgElement>().focus()
}

/// Puts the keyboard focus back on the control matching `selector` after a redraw replaced it
/// (a stage, a job or a thread was added, so the controls were drawn anew). Does nothing when
/// there is no such control.
pub fn refocus(root: &Element, selector: &str) {
    if let Some(element) = find(root, selector).ok().and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Enables or disables the control matching `selector`.
pub fn set_disabled(root: &Element, selector: &str, disabled: bool) -> Result<(), JsValue> {
    let element = find(root, selector)?;
    if disabled {
        element.set_attribute("disabled", "")
    } else {
        element.remove_attribute("disabled")
    }
}

/// Calls `handler` for every `event` on `target` for the life of the page.
pub fn listen(target: &Element, event: &str, handler: impl FnMut(Event) + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The listener lives as long as the widget, which lives as long as the page.
    closure.forget();
    Ok(())
}

/// Calls `handler` with the `data-action` of every button the reader presses.
pub fn on_action(root: &Element, handler: impl Fn(&str) + 'static) -> Result<(), JsValue> {
    listen(root, "click", move |event| {
        if let Some(action) = target_attribute(&event, "data-action") {
            handler(&action);
        }
    })
}

/// Calls `handler` with the key and the new value of every control the reader changes (a
/// select, a checkbox, a slider let go).
pub fn on_change(root: &Element, handler: impl Fn(&str, &str) + 'static) -> Result<(), JsValue> {
    listen(root, "change", move |event| {
        if let Some((key, value)) = control(&event) {
            handler(&key, &value);
        }
    })
}

/// Calls `handler` with the new seed whenever the reader changes the seed field.
pub fn on_seed_change(root: &Element, handler: impl Fn(u64) + 'static) -> Result<(), JsValue> {
    listen(root, "change", move |event| {
        let seed = control(&event).filter(|(key, _)| key == "seed").and_then(|(_, value)| value.parse::<u32>().ok());
        if let Some(seed) = seed {
            handler(u64::from(seed));
        }
    })
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

/// Shows a failed mount or redraw inside the widget's frame; does nothing on success.
pub fn report(root: &Element, result: Result<(), JsValue>) {
    if let Err(error) = result {
        show_error(root, &error);
    }
}

/// Replaces the widget's content with an error message, keeping its frame.
fn show_error(root: &Element, error: &JsValue) {
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

/// The `data-control` key and the value of the input or select an event came from (`true` or
/// `false` for a checkbox).
pub fn control(event: &Event) -> Option<(String, String)> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let key = target.get_attribute("data-control")?;
    let property = |name: &str| js_sys::Reflect::get(&target, &JsValue::from_str(name)).ok();
    let value = if target.get_attribute("type").as_deref() == Some("checkbox") {
        String::from(if property("checked")?.is_truthy() { "true" } else { "false" })
    } else {
        property("value")?.as_string()?
    };
    Some((key, value))
}

/// Brings the transport bar drawn by [`crate::controls::push_transport`] up to date in place,
/// so the button the reader just pressed keeps the keyboard focus.
pub fn sync_transport(root: &Element, transport: &crate::controls::Transport) -> Result<(), JsValue> {
    let play = find(root, "[data-action=play]")?;
    play.set_text_content(Some(if transport.playing { "Pause" } else { "Play" }));
    play.set_attribute("aria-pressed", if transport.playing { "true" } else { "false" })?;
    set_disabled(root, "[data-action=back]", !transport.can_step_back)?;
    if find(root, "[data-control=seed]").is_ok() {
        set_value(root, "[data-control=seed]", &crate::num::uint(u64::from(transport.seed)))?;
    }
    Ok(())
}

/// Calls a callback at a fixed interval while started: the clock of time-driven widgets.
pub struct Ticker {
    callback: Closure<dyn FnMut()>,
    interval: Option<i32>,
}

impl Ticker {
    pub fn new(callback: impl FnMut() + 'static) -> Self {
        Ticker { callback: Closure::new(callback), interval: None }
    }

    /// Starts calling every `milliseconds`, replacing any earlier interval.
    pub fn start(&mut self, milliseconds: u32) {
        self.stop();
        let Some(window) = web_sys::window() else { return };
        self.interval = window
            .set_interval_with_callback_and_timeout_and_arguments_0(
                self.callback.as_ref().unchecked_ref(),
                milliseconds.min(i32::MAX as u32) as i32,
            )
            .ok();
    }

    /// Runs at the transport's speed (an index into [`crate::controls::SPEEDS`]) while
    /// playing, and stops otherwise.
    pub fn follow(&mut self, playing: bool, speed: usize) {
        let speeds = crate::controls::SPEEDS;
        if playing {
            self.start(speeds[speed.min(speeds.len() - 1)].1);
        } else {
            self.stop();
        }
    }

    pub fn stop(&mut self) {
        if let (Some(interval), Some(window)) = (self.interval.take(), web_sys::window()) {
            window.clear_interval_with_handle(interval);
        }
    }

    pub fn running(&self) -> bool {
        self.interval.is_some()
    }
}
