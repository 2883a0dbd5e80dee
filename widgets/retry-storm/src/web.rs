//! Mounts the retry-storm widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_bool, config_string, config_u32, find, on_change, report, set_html, set_output, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::policy::{Backoff, Budget};
use crate::simulation::{simulate, Report, Settings};
use crate::view::{self, Look};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    report: Report,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let flag = |key: &str, default: bool| config_bool(config, key, default);
    let authored = Config {
        layers: number("layers", defaults.layers),
        load: number("load", defaults.load),
        capacity: number("capacity", defaults.capacity),
        failure: number("failure", defaults.failure),
        spike: flag("spike", defaults.spike),
        retries: number("retries", defaults.retries),
        timeout: number("timeout", defaults.timeout),
        backoff: config_string(config, "backoff").unwrap_or(defaults.backoff),
        budget: config_string(config, "budget").unwrap_or(defaults.budget),
        breaker: flag("breaker", defaults.breaker),
        deadlines: flag("deadlines", defaults.deadlines),
        seed: u64::from(number("seed", 1)),
    };
    let settings = authored.settings();
    let state = State { report: simulate(&settings, None), settings };
    set_html(root, &view::render(&state.settings, &state.report, Look::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    widget.redraw();
    // Sliders rerun the minute-long simulation when released, not on every pixel.
    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    Ok(())
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let number = value.parse::<u32>().ok();
            let settings = &mut state.settings;
            match (key, number) {
                ("layers", Some(layers)) => settings.layers = layers.clamp(1, 5) as usize,
                ("backoff", _) => settings.backoff = Backoff::from_key(value).unwrap_or(settings.backoff),
                ("budget", _) => settings.budget = Budget::from_key(value).unwrap_or(settings.budget),
                ("load", Some(load)) => settings.load = f64::from(load.clamp(10, 300)),
                ("capacity", Some(capacity)) => settings.capacity = f64::from(capacity.clamp(20, 500)),
                ("failure", Some(failure)) => settings.failure = f64::from(failure.min(100)) / 100.0,
                ("retries", Some(retries)) => settings.retries = retries.min(5),
                ("timeout", Some(timeout)) => settings.timeout = f64::from(timeout.clamp(50, 2_000)),
                ("spike", _) => settings.spike = value == "true",
                ("breaker", _) => settings.breaker = value == "true",
                ("deadlines", _) => settings.deadlines = value == "true",
                ("seed", Some(seed)) => settings.seed = u64::from(seed),
                _ => return,
            }
            let settings = state.settings;
            state.report = simulate(&settings, None);
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = &state.settings;
        let failure = (settings.failure * 100.0 + 0.5) as u32;
        share(
            &self.root,
            SharedState::new()
                .number("layers", settings.layers as u32)
                .number("load", settings.load as u32)
                .number("capacity", settings.capacity as u32)
                .number("failure", failure)
                .flag("spike", settings.spike)
                .number("retries", settings.retries)
                .number("timeout", settings.timeout as u32)
                .text("backoff", settings.backoff.key())
                .text("budget", settings.budget.key())
                .flag("breaker", settings.breaker)
                .flag("deadlines", settings.deadlines)
                .number("seed", settings.seed as u32),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::charts(settings, &state.report));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(settings, &state.report));
        for (key, value) in [
            ("load", settings.load as u32),
            ("capacity", settings.capacity as u32),
            ("failure", failure),
            ("retries", settings.retries),
            ("timeout", settings.timeout as u32),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        Ok(())
    }
}
