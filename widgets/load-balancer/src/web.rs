//! Mounts the load-balancer widget, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::history::History;
use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, control, find, listen, on_action, on_seed_change, report, set_html,
    set_output, share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::settings::{Fault, Preset, Service, Settings};
use crate::simulation::{compare, Simulation, Summary, COMPARED_REQUESTS, OPENING_TIME};
use crate::strategy::Strategy;
use crate::view::{self, Mode, SERVICE_MS};

/// Mean service times one step advances.
const STEP: f64 = 1.0;
const HISTORY: usize = 200;

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    simulation: Simulation,
    comparison: Vec<(Strategy, Summary)>,
    history: History<Simulation>,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: self.history.can_step_back(),
            speed: self.speed,
            seed: self.simulation.settings.seed as u32,
        }
    }

    /// Starts over under new settings, and reruns the comparison on the new trace.
    fn restart(&mut self, settings: Settings) {
        let steps = (self.simulation.now() / STEP).round();
        self.simulation = Simulation::new(settings);
        // The same stretch of time under the new settings: the trace is the same.
        self.simulation.run_until(steps * STEP);
        self.comparison = compare(&self.simulation.settings, COMPARED_REQUESTS);
        self.history.clear();
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    clock: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        strategy: config_string(config, "strategy").unwrap_or(defaults.strategy),
        backends: config_u32(config, "backends", defaults.backends),
        preset: config_string(config, "preset").unwrap_or(defaults.preset),
        load: config_u32(config, "load", defaults.load),
        service: config_string(config, "service").unwrap_or(defaults.service),
        keyed: config_bool(config, "keyed", false),
        staleness: config_u32(config, "staleness", defaults.staleness),
        fault: config_string(config, "fault").unwrap_or(defaults.fault),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let mut simulation = Simulation::new(authored.settings());
    simulation.run_until(f64::from(config_u32(config, "time", OPENING_TIME).min(100_000)) * STEP);
    let comparison = compare(&simulation.settings, COMPARED_REQUESTS);
    let state = State { simulation, comparison, history: History::new(HISTORY), playing: false, speed: DEFAULT_SPEED };
    set_html(root, &view::render(&state.simulation, &state.comparison, &state.transport(), Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), clock: RefCell::new(None) });
    let on_tick = Rc::clone(&widget);
    *widget.clock.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));

    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| {
        if let Some((key, value)) =
            control(&event).filter(|(key, _)| matches!(key.as_str(), "backends" | "load" | "staleness"))
        {
            on_input.set(&key, &value);
        }
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        if let Some((key, value)) =
            control(&event).filter(|(key, _)| !matches!(key.as_str(), "backends" | "load" | "staleness" | "seed"))
        {
            on_change.set(&key, &value);
        }
    })?;
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| {
        let settings = Settings { seed, ..on_seed.state.borrow().simulation.settings };
        on_seed.state.borrow_mut().restart(settings);
        on_seed.redraw(true);
    })?;
    Ok(())
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match action {
                "step" => {
                    state.history.record(&state.simulation);
                    let until = state.simulation.now() + STEP;
                    state.simulation.run_until(until);
                }
                "back" => {
                    let Some(previous) = state.history.back() else { return };
                    state.simulation = previous;
                }
                "play" => state.playing = !state.playing,
                "reset" => {
                    let settings = state.simulation.settings;
                    state.simulation = Simulation::new(settings);
                    state.history.clear();
                    state.playing = false;
                }
                _ => return,
            }
        }
        if matches!(action, "play" | "reset") {
            self.sync_clock();
        }
        self.redraw(false);
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let mut settings = state.simulation.settings;
            let number = value.parse::<u32>().ok();
            match (key, number) {
                ("strategy", _) => settings.strategy = Strategy::from_key(value).unwrap_or(settings.strategy),
                ("preset", _) => settings.preset = Preset::from_key(value).unwrap_or(settings.preset),
                ("service", _) => settings.service = Service::from_key(value).unwrap_or(settings.service),
                ("fault", _) => settings.fault = Fault::from_key(value).unwrap_or(settings.fault),
                ("keyed", _) => settings.keyed = value == "true",
                ("backends", Some(backends)) => settings.backends = backends,
                ("load", Some(percent)) => settings.load = f64::from(percent.clamp(10, 99)) / 100.0,
                ("staleness", Some(ms)) => settings.staleness = f64::from(ms.min(500)) / SERVICE_MS,
                ("speed", Some(speed)) => {
                    state.speed = (speed as usize).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                _ => return,
            }
            state.restart(settings);
        }
        self.redraw(true);
    }

    fn sync_clock(&self) {
        let (playing, speed) = {
            let state = self.state.borrow();
            (state.playing, state.speed)
        };
        if let Some(clock) = self.clock.borrow_mut().as_mut() {
            clock.follow(playing, speed);
        }
    }

    fn redraw(&self, settings_changed: bool) {
        report(&self.root, self.try_redraw(settings_changed));
    }

    fn try_redraw(&self, settings_changed: bool) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let simulation = &state.simulation;
        let settings = &simulation.settings;
        share(
            &self.root,
            SharedState::new()
                .text("strategy", settings.strategy.key())
                .number("backends", settings.backends)
                .text("preset", settings.preset.key())
                .number("load", (settings.load * 100.0 + 0.5) as u32)
                .text("service", settings.service.key())
                .flag("keyed", settings.keyed)
                .number("staleness", settings.staleness as u32)
                .text("fault", settings.fault.key())
                .number("seed", settings.seed as u32)
                .number("time", (simulation.now() / STEP).round() as u32),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::visual(simulation));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(simulation));
        if settings_changed {
            set_html(&find(&self.root, "[data-part=compare]")?, &view::comparison_table(simulation, &state.comparison));
        }
        sync_transport(&self.root, &state.transport())?;
        for (key, value) in [
            ("backends", settings.backends),
            ("load", (settings.load * 100.0 + 0.5) as u32),
            ("staleness", (settings.staleness * SERVICE_MS) as u32),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        Ok(())
    }
}
