//! Mounts the latency numbers widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, find, on_change, report, set_html, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::data::operation;
use crate::view::{self, Choice, Mode};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct Widget {
    root: Element,
    choice: RefCell<Choice>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let text = |key: &str, default: &str| config_string(config, key).unwrap_or_else(|| default.into());
    let choice = view::choice(&text("view", "log"), &text("small", "memory"), &text("large", "seek"));
    set_html(root, &view::render(&choice, Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), choice: RefCell::new(choice) });
    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    Ok(())
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut choice = self.choice.borrow_mut();
            match key {
                "view" => choice.human = value == "human",
                "small" | "large" => {
                    let Some(picked) = operation(value) else { return };
                    if key == "small" {
                        choice.small = picked;
                    } else {
                        choice.large = picked;
                    }
                }
                _ => return,
            }
        }
        report(&self.root, self.redraw());
    }

    fn redraw(&self) -> Result<(), JsValue> {
        let choice = self.choice.borrow();
        share(
            &self.root,
            SharedState::new()
                .text("view", if choice.human { "human" } else { "log" })
                .text("small", choice.small.key)
                .text("large", choice.large.key),
        );
        set_html(&find(&self.root, "[data-part=chart]")?, &view::chart(&choice));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&choice));
        Ok(())
    }
}
