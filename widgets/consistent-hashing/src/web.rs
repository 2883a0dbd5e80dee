//! Mounts the consistent-hashing widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_string, config_u32, control, find, listen, on_action, on_change, report, set_disabled, set_html, set_output,
    set_value, share,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::model::{Change, Placement, Scheme, MAX_KEYS, MAX_NODES, MIN_KEYS};
use crate::view::{self, Mode, Scene};

/// Entry point the theme's loader calls with the figure's body and its parsed `data-config`.
#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    placement: Placement,
    keys: u32,
    change: Option<Change>,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let config = Config {
        nodes: config_u32(config, "nodes", defaults.nodes),
        vnodes: config_u32(config, "vnodes", defaults.vnodes),
        keys: config_u32(config, "keys", defaults.keys).clamp(MIN_KEYS, MAX_KEYS),
        scheme: config_string(config, "scheme").unwrap_or(defaults.scheme),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let state = State { placement: config.to_model(), keys: config.keys, change: None };
    set_html(root, &view::render(&state.scene(), Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });

    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    let on_slide = Rc::clone(&widget);
    listen(root, "input", move |event| {
        // Sliders answer while they move; the seed and the selects on `change`.
        if let Some((key, value)) = control(&event).filter(|(key, _)| key == "nodes" || key == "vnodes") {
            on_slide.set(&key, &value);
        }
    })?;
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    Ok(())
}

impl State {
    fn scene(&self) -> Scene<'_> {
        Scene { placement: &self.placement, keys: self.keys, change: self.change.as_ref() }
    }
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let placement = &state.placement;
            let number = value.parse::<u32>().ok();
            let (scheme, mut nodes, mut vnodes, mut seed) =
                (placement.scheme(), placement.nodes(), placement.vnodes(), placement.seed());
            match (key, number) {
                ("scheme", _) => {
                    let Some(chosen) = Scheme::from_key(value) else { return };
                    state.placement = Placement::new(chosen, nodes, vnodes, seed);
                    state.change = None;
                    drop(state);
                    return self.redraw();
                }
                ("nodes", Some(number)) => nodes = number,
                ("vnodes", Some(number)) => vnodes = number,
                ("seed", Some(number)) => seed = u64::from(number),
                ("keys", Some(number)) => state.keys = number.clamp(MIN_KEYS, MAX_KEYS),
                _ => return,
            }
            state.placement = Placement::new(scheme, nodes, vnodes, seed);
            state.change = None;
        }
        self.redraw();
    }

    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            let nodes = state.placement.nodes();
            let target = match action {
                "join" if nodes < MAX_NODES => nodes + 1,
                "leave" if nodes > 1 => nodes - 1,
                _ => return,
            };
            let after = state.placement.with_nodes(target);
            state.change = Some(Change::between(&state.placement, &after, state.keys));
            state.placement = after;
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let placement = &state.placement;
        share(
            &self.root,
            SharedState::new()
                .text("scheme", placement.scheme().key())
                .number("nodes", placement.nodes())
                .number("vnodes", placement.vnodes())
                .number("keys", state.keys)
                .number("seed", placement.seed() as u32),
        );
        let scene = state.scene();
        set_html(&find(&self.root, "[data-part=visual]")?, &view::visual(&scene));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene));
        set_output(&self.root, "nodes", &kit::num::uint(u64::from(placement.nodes())))?;
        set_output(&self.root, "vnodes", &kit::num::uint(u64::from(placement.vnodes())))?;
        // A join or leave moves the slider too.
        set_value(&self.root, "input[data-control=nodes]", &kit::num::uint(u64::from(placement.nodes())))?;
        set_disabled(&self.root, "input[data-control=vnodes]", placement.scheme() != Scheme::VirtualNodes)?;
        set_disabled(&self.root, "[data-action=join]", placement.nodes() >= MAX_NODES)?;
        set_disabled(&self.root, "[data-action=leave]", placement.nodes() <= 1)?;
        Ok(())
    }
}
