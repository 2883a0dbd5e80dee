//! Mounts the capacity estimator and wires its choices (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, find, on_change, report, set_html, set_value, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::{Config, FIELDS};
use crate::view::{self, Look};
use crate::worksheet::{estimate, Inputs, Preset};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    inputs: Inputs,
    /// The preset the inputs still match, if any.
    preset: Option<Preset>,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let preset = config_string(config, "preset").and_then(|key| Preset::from_key(&key)).unwrap_or(Preset::UrlShortener);
    let mut inputs = Config { preset: preset.key().into() }.inputs();
    // A link carries each input as the index of its choice.
    for field in FIELDS {
        if let Some(index) = kit::web::config_optional_u32(config, field.key) {
            (field.set)(&mut inputs, field.choices[(index as usize).min(field.choices.len() - 1)].0);
        }
    }
    let preset = (preset.inputs() == inputs).then_some(preset);
    set_html(root, &view::render(&inputs, preset, Look::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(State { inputs, preset }) });
    widget.redraw();
    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    Ok(())
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            if key == "preset" {
                if let Some(preset) = Preset::from_key(value) {
                    state.inputs = preset.inputs();
                    state.preset = Some(preset);
                }
            } else if let Some(field) = FIELDS.iter().find(|field| field.key == key) {
                let index = value.parse::<usize>().unwrap_or(0).min(field.choices.len() - 1);
                (field.set)(&mut state.inputs, field.choices[index].0);
                let inputs = state.inputs;
                state.preset = state.preset.filter(|preset| preset.inputs() == inputs);
            }
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let mut shared = SharedState::new().text("preset", state.preset.map_or("url-shortener", Preset::key));
        for field in FIELDS {
            let index = field.index(&state.inputs);
            shared = shared.number(field.key, index as u32);
            set_value(&self.root, &format!("select[data-control={}]", field.key), &kit::num::uint(index as u64))?;
        }
        share(&self.root, shared);
        set_value(&self.root, "select[data-control=preset]", state.preset.map_or("custom", Preset::key))?;
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&estimate(&state.inputs)));
        Ok(())
    }
}
