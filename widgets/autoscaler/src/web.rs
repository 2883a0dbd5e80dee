//! Mounts the autoscaler widget, moves its time cursor and wires its controls (wasm32 only).
//!
//! The whole run is simulated at once (it is deterministic for its settings); playing moves a
//! cursor through it one HPA sync period at a time, so stepping back is just moving it back.

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::state::SharedState;
use kit::web::{
    config_optional_u32, config_string, config_u32, control, find, listen, on_action, on_seed_change, report, set_html,
    set_output, set_value, share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::hpa::SYNC_PERIOD;
use crate::simulation::{Preset, Run, Settings, DURATION};
use crate::view::{self, Mode};
use crate::workload::Shape;

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    run: Run,
    cursor: u32,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: self.cursor > 0,
            speed: self.speed,
            seed: self.run.settings.seed as u32,
        }
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    clock: RefCell<Option<Ticker>>,
}

const SLIDERS: [&str; 12] = [
    "peak",
    "capacity",
    "target",
    "min",
    "max",
    "startup",
    "lag",
    "up_pods",
    "up_percent",
    "up_period",
    "down_window",
    "down_percent",
];

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let authored = Config {
        workload: config_string(config, "workload").unwrap_or(defaults.workload),
        base: number("base", defaults.base),
        peak: number("peak", defaults.peak),
        capacity: number("capacity", defaults.capacity),
        target: number("target", defaults.target),
        min: number("min", defaults.min),
        max: number("max", defaults.max),
        startup: number("startup", defaults.startup),
        lag: number("lag", defaults.lag),
        behavior: config_string(config, "behavior").unwrap_or(defaults.behavior),
        up_pods: config_optional_u32(config, "up_pods"),
        up_percent: config_optional_u32(config, "up_percent"),
        up_period: config_optional_u32(config, "up_period"),
        down_window: config_optional_u32(config, "down_window"),
        down_percent: config_optional_u32(config, "down_percent"),
        seed: u64::from(number("seed", 1)),
    };
    let state = State {
        run: Run::simulate(authored.settings()),
        cursor: number("time", DURATION).min(DURATION),
        playing: false,
        speed: DEFAULT_SPEED,
    };
    set_html(root, &view::render(&state.run, state.cursor, &state.transport(), Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), clock: RefCell::new(None) });
    let on_tick = Rc::clone(&widget);
    *widget.clock.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));

    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    for kind in ["input", "change"] {
        let on_event = Rc::clone(&widget);
        listen(root, kind, move |event| {
            let Some((key, value)) = control(&event) else { return };
            // Sliders answer as they move, menus on change; the seed has its own listener.
            let slider = SLIDERS.contains(&key.as_str());
            if key != "seed" && slider == (event.type_() == "input") {
                on_event.set(&key, &value);
            }
        })?;
    }
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| {
        let settings = Settings { seed, ..on_seed.state.borrow().run.settings };
        on_seed.state.borrow_mut().run = Run::simulate(settings);
        on_seed.redraw();
    })?;
    Ok(())
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            match action {
                "step" if state.cursor >= DURATION => state.playing = false,
                "step" => state.cursor = (state.cursor + SYNC_PERIOD).min(DURATION),
                "back" => state.cursor = state.cursor.saturating_sub(SYNC_PERIOD),
                "play" => {
                    state.playing = !state.playing;
                    if state.playing && state.cursor >= DURATION {
                        state.cursor = 0;
                    }
                }
                "reset" => {
                    state.cursor = 0;
                    state.playing = false;
                }
                _ => return,
            }
        }
        self.sync_clock();
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let mut settings = state.run.settings;
            let number = value.parse::<u32>().ok();
            match (key, number) {
                ("workload", _) => settings.shape = Shape::from_key(value).unwrap_or(settings.shape),
                ("behavior", _) => {
                    // "custom" keeps the current rules for the sliders to change.
                    let Some(preset) = Preset::from_key(value) else { return };
                    settings.scaling = preset.scaling();
                }
                ("up_pods", Some(pods)) => settings.scaling.up_pods = pods,
                ("up_percent", Some(percent)) => settings.scaling.up_percent = percent,
                ("up_period", Some(period)) => settings.scaling.up_period = period,
                ("down_window", Some(window)) => settings.scaling.down_window = window,
                ("down_percent", Some(percent)) => settings.scaling.down_percent = percent,
                ("peak", Some(peak)) => settings.peak = f64::from(peak),
                ("capacity", Some(capacity)) => settings.capacity = f64::from(capacity),
                ("target", Some(target)) => settings.target = target,
                ("min", Some(min)) => settings.min = min,
                ("max", Some(max)) => settings.max = max,
                ("startup", Some(startup)) => settings.startup = startup,
                ("lag", Some(lag)) => settings.lag = lag,
                ("speed", Some(speed)) => {
                    state.speed = (speed as usize).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                _ => return,
            }
            state.run = Run::simulate(settings);
        }
        self.redraw();
    }

    fn sync_clock(&self) {
        let (playing, speed) = {
            let state = self.state.borrow();
            (state.playing, state.speed)
        };
        if let Some(clock) = self.clock.borrow_mut().as_mut() {
            match (playing, clock.running()) {
                (true, false) => clock.start(SPEEDS[speed.min(SPEEDS.len() - 1)].1),
                (false, true) => clock.stop(),
                _ => {}
            }
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = &state.run.settings;
        share(
            &self.root,
            SharedState::new()
                .text("workload", settings.shape.key())
                .number("base", settings.base as u32)
                .number("peak", settings.peak as u32)
                .number("capacity", settings.capacity as u32)
                .number("target", settings.target)
                .number("min", settings.min)
                .number("max", settings.max)
                .number("startup", settings.startup)
                .number("lag", settings.lag)
                .text("behavior", Preset::matching(settings.scaling).map_or("custom", Preset::key))
                .number("up_pods", settings.scaling.up_pods)
                .number("up_percent", settings.scaling.up_percent)
                .number("up_period", settings.scaling.up_period)
                .number("down_window", settings.scaling.down_window)
                .number("down_percent", settings.scaling.down_percent)
                .number("seed", settings.seed as u32)
                .number("time", state.cursor),
        );
        set_html(&find(&self.root, "[data-part=charts]")?, &view::charts(&state.run, state.cursor));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.run, state.cursor));
        set_html(&find(&self.root, "[data-part=log]")?, &view::log(&state.run, state.cursor));
        sync_transport(&self.root, &state.transport())?;
        for (key, value) in [
            ("peak", settings.peak as u32),
            ("capacity", settings.capacity as u32),
            ("target", settings.target),
            ("min", settings.min),
            ("max", settings.max),
            ("startup", settings.startup),
            ("lag", settings.lag),
            ("up_pods", settings.scaling.up_pods),
            ("up_percent", settings.scaling.up_percent),
            ("up_period", settings.scaling.up_period),
            ("down_window", settings.scaling.down_window),
            ("down_percent", settings.scaling.down_percent),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
            let mut selector = String::from("input[data-control=");
            selector.push_str(key);
            selector.push(']');
            set_value(&self.root, &selector, &kit::num::uint(u64::from(value)))?;
        }
        set_value(
            &self.root,
            "[data-control=behavior]",
            Preset::matching(settings.scaling).map_or("custom", Preset::key),
        )?;
        Ok(())
    }
}
