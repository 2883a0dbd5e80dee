//! Mounts the rate-limiter widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, config_u32, control, find, listen, report, set_html, set_output, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::{Config, Settings};
use crate::limiters::{Algorithm, Outcome};
use crate::trace::{Shape, Trace};
use crate::view::{self, simulate, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    trace: Trace,
    outcomes: Vec<Outcome>,
    cursor: u32,
}

impl State {
    fn rerun(&mut self) {
        let (trace, outcomes) = simulate(&self.settings);
        self.trace = trace;
        self.outcomes = outcomes;
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let authored = Config {
        algorithm: config_string(config, "algorithm").unwrap_or(defaults.algorithm),
        limit: number("limit", defaults.limit),
        window: number("window", defaults.window),
        burst: number("burst", defaults.burst),
        trace: config_string(config, "trace").unwrap_or(defaults.trace),
        seed: u64::from(number("seed", 1)),
    };
    let settings = authored.settings();
    let (trace, outcomes) = simulate(&settings);
    let state = State { settings, trace, outcomes, cursor: number("cursor", 50).min(100) };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    widget.rebuild();
    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| is_slider(key)) {
            on_input.set(&key, &value);
        }
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| !is_slider(key)) {
            on_change.set(&key, &value);
        }
    })?;
    Ok(())
}

fn is_slider(key: &str) -> bool {
    matches!(key, "limit" | "window" | "burst" | "cursor")
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let number = value.parse::<u32>().ok();
            let settings = &mut state.settings;
            match (key, number) {
                ("algorithm", _) => settings.algorithm = Algorithm::from_key(value),
                ("trace", _) => {
                    let Some(shape) = Shape::from_key(value) else { return };
                    settings.shape = shape;
                }
                ("seed", Some(seed)) => settings.seed = u64::from(seed),
                ("limit", Some(limit)) => settings.limits.limit = limit,
                ("window", Some(window)) => settings.limits.window = window,
                ("burst", Some(burst)) => settings.limits.burst = burst,
                ("cursor", Some(cursor)) => {
                    state.cursor = cursor.min(100);
                    drop(state);
                    self.redraw();
                    return;
                }
                _ => return,
            }
            state.settings = state.settings.clamped();
            state.rerun();
        }
        self.redraw();
    }

    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            let scene = Scene {
                settings: &state.settings,
                trace: &state.trace,
                outcomes: &state.outcomes,
                cursor: state.cursor,
            };
            set_html(&self.root, &view::render(&scene, Look::Live));
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = &state.settings;
        share(
            &self.root,
            SharedState::new()
                .text("algorithm", settings.algorithm.map_or("all", Algorithm::key))
                .text("trace", settings.shape.key())
                .number("limit", settings.limits.limit)
                .number("window", settings.limits.window)
                .number("burst", settings.limits.burst)
                .number("seed", settings.seed as u32)
                .number("cursor", state.cursor),
        );
        let scene = Scene { settings, trace: &state.trace, outcomes: &state.outcomes, cursor: state.cursor };
        set_html(&find(&self.root, "[data-part=visual]")?, &view::timeline(&scene));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene));
        for (key, value) in [
            ("limit", settings.limits.limit),
            ("window", settings.limits.window),
            ("burst", settings.limits.burst),
            ("cursor", state.cursor),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        Ok(())
    }
}
