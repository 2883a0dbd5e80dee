//! Mounts the quorum widget into its figure and wires the controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_u32, config_u32_list, find, listen, set_html, share, show_error, target_index};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent, SvgElement};

use crate::config::Config;
use crate::model::Quorum;
use crate::view::{self, Mode, READ_QUORUM, REPLICAS, WRITE_QUORUM};

/// Entry point the theme's loader calls with the figure's body and its parsed `data-config`.
#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    if let Err(error) = try_mount(&root, &config) {
        show_error(&root, &error);
    }
}

struct Widget {
    root: Element,
    quorum: RefCell<Quorum>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let config = Config {
        replicas: config_u32(config, REPLICAS, defaults.replicas),
        write_quorum: config_u32(config, WRITE_QUORUM, defaults.write_quorum),
        read_quorum: config_u32(config, READ_QUORUM, defaults.read_quorum),
        down: config_u32_list(config, "down"),
    };
    let quorum = config.to_model();
    set_html(root, &view::render(&quorum, Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), quorum: RefCell::new(quorum) });

    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| on_input.slider_moved(&event))?;
    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| on_click.replica_pressed(&event))?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let activates = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| matches!(key.key().as_str(), "Enter" | " "));
        if activates && target_index(&event, "data-replica").is_some() {
            // Space would otherwise scroll the page.
            event.prevent_default();
            on_key.replica_pressed(&event);
        }
    })?;
    Ok(())
}

impl Widget {
    fn slider_moved(&self, event: &Event) {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        let value = input.value_as_number();
        if !value.is_finite() {
            return;
        }
        let value = value as u32;
        {
            let mut quorum = self.quorum.borrow_mut();
            match input.get_attribute("data-control").as_deref() {
                Some(REPLICAS) => quorum.set_replicas(value),
                Some(WRITE_QUORUM) => quorum.set_write_quorum(value),
                Some(READ_QUORUM) => quorum.set_read_quorum(value),
                _ => return,
            }
        }
        self.redraw(None);
    }

    fn replica_pressed(&self, event: &Event) {
        if let Some(replica) = target_index(event, "data-replica") {
            self.quorum.borrow_mut().toggle_down(replica);
            self.redraw(Some(replica));
        }
    }

    /// Redraws the diagram and the readout, syncs the sliders (N bounds W and R), and puts the
    /// keyboard focus back on the replica that was pressed, since its element was replaced.
    fn redraw(&self, focused_replica: Option<u32>) {
        let quorum = *self.quorum.borrow();
        if let Err(error) = self.try_redraw(&quorum, focused_replica) {
            show_error(&self.root, &error);
        }
    }

    fn try_redraw(&self, quorum: &Quorum, focused_replica: Option<u32>) -> Result<(), JsValue> {
        share(
            &self.root,
            SharedState::new()
                .number(REPLICAS, quorum.replicas())
                .number(WRITE_QUORUM, quorum.write_quorum())
                .number(READ_QUORUM, quorum.read_quorum())
                .numbers("down", &quorum.down_replicas()),
        );
        set_html(&find(&self.root, "[data-part=diagram]")?, &view::diagram(quorum, Mode::Live));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(quorum));
        let sliders = [
            (REPLICAS, quorum.replicas(), None),
            (WRITE_QUORUM, quorum.write_quorum(), Some(quorum.replicas())),
            (READ_QUORUM, quorum.read_quorum(), Some(quorum.replicas())),
        ];
        for (key, value, max) in sliders {
            let input: HtmlInputElement = find(&self.root, &selector("input[data-control=", key))?.unchecked_into();
            if let Some(max) = max {
                input.set_max(&kit::num::uint(u64::from(max)));
            }
            input.set_value_as_number(f64::from(value));
            find(&self.root, &selector("output[data-output=", key))?
                .set_text_content(Some(&kit::num::uint(u64::from(value))));
        }
        if let Some(replica) = focused_replica {
            let mut replica_selector = String::from("[data-replica=\"");
            kit::num::push_uint(&mut replica_selector, u64::from(replica));
            replica_selector.push_str("\"]");
            find(&self.root, &replica_selector)?.unchecked_into::<SvgElement>().focus()?;
        }
        Ok(())
    }
}

fn selector(prefix: &str, key: &str) -> String {
    let mut selector = String::with_capacity(prefix.len() + key.len() + 1);
    selector.push_str(prefix);
    selector.push_str(key);
    selector.push(']');
    selector
}
