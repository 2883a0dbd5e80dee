//! Mounts the replication widget, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, config_u32_list, control, find, listen, on_action, report, set_html,
    set_output, share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::model::{Cluster, Mode};
use crate::script::{decode, encode, extend, replay, Action, Settings, MAX_ACTIONS};
use crate::view::{self, lag_key, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    /// Everything done so far, for links, step back and replays under other settings.
    actions: Vec<Action>,
    /// Where Reset returns to.
    initial: Vec<Action>,
    cluster: Cluster,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: !self.actions.is_empty(),
            speed: self.speed,
            seed: self.settings.seed as u32,
        }
    }

    fn replay(&mut self) {
        self.cluster = replay(&self.settings, &self.actions);
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    ticker: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let lag = config_u32_list(config, "lag");
    let authored = Config {
        followers: config_u32(config, "followers", defaults.followers),
        mode: config_string(config, "mode").unwrap_or(defaults.mode),
        lag: if lag.is_empty() { defaults.lag } else { lag },
        read_your_writes: config_bool(config, "read_your_writes", defaults.read_your_writes),
        pin: config_bool(config, "pin", defaults.pin),
        automatic: config_bool(config, "automatic", defaults.automatic),
        steps: config_u32(config, "steps", defaults.steps),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let initial = authored.actions();
    // A link carries the whole run instead.
    let shared = decode(&config_u32_list(config, "actions"));
    let actions = if shared.is_empty() { initial.clone() } else { shared };
    let settings = authored.settings();
    let cluster = replay(&settings, &actions);
    let state = State { settings, actions, initial, cluster, playing: false, speed: DEFAULT_SPEED };
    let transport = state.transport();
    let scene = Scene { cluster: &state.cluster, settings: &state.settings, transport: &transport };
    set_html(root, &view::render(&scene, Look::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), ticker: RefCell::new(None) });
    let on_tick = Rc::clone(&widget);
    *widget.ticker.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));

    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| key.starts_with("lag")) {
            on_input.set(&key, &value);
        }
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| !key.starts_with("lag")) {
            on_change.set(&key, &value);
        }
    })?;
    Ok(())
}

impl Widget {
    fn act(&self, name: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match name {
                "back" => {
                    if state.actions.pop().is_none() {
                        return;
                    }
                    state.replay();
                }
                "play" => state.playing = !state.playing,
                "reset" => {
                    state.actions = state.initial.clone();
                    state.playing = false;
                    state.replay();
                }
                _ => {
                    let Some(action) = Action::from_key(name) else { return };
                    if state.actions.len() >= MAX_ACTIONS {
                        state.playing = false;
                    } else {
                        state.actions.push(action);
                        extend(&mut state.cluster, &state.settings, action);
                    }
                }
            }
        }
        if matches!(name, "play" | "reset") || !self.state.borrow().playing {
            self.sync_clock();
        }
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let number = value.parse::<u32>().ok();
            let settings = &mut state.settings;
            match (key, number) {
                ("speed", Some(speed)) => {
                    state.speed = (speed as usize).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                ("mode", _) => {
                    let Some(mode) = Mode::from_key(value) else { return };
                    settings.mode = mode;
                }
                ("followers", Some(count)) => settings.lags.resize(count.clamp(2, 4) as usize, 100),
                ("read_your_writes", _) => settings.guards.read_your_writes = value == "true",
                ("pin", _) => settings.guards.pin = value == "true",
                ("automatic", _) => settings.automatic = value == "true",
                ("seed", Some(seed)) => settings.seed = u64::from(seed),
                (lag, Some(ms)) => {
                    let Some(index) = (0..settings.lags.len()).find(|&index| lag_key(index) == lag) else { return };
                    settings.lags[index] = u64::from(ms).min(crate::model::MAX_LAG);
                }
                _ => return,
            }
            // The same actions under the new settings: a fair comparison of modes and guards.
            state.replay();
        }
        if key == "followers" {
            self.rebuild();
        } else {
            self.redraw();
        }
    }

    /// Starts or stops the ticker to match the play state and speed.
    fn sync_clock(&self) {
        let (playing, speed) = {
            let state = self.state.borrow();
            (state.playing, state.speed)
        };
        if let Some(ticker) = self.ticker.borrow_mut().as_mut() {
            ticker.follow(playing, speed);
        }
    }

    /// Redraws everything, controls included: the number of lag sliders changed.
    fn rebuild(&self) {
        let state = self.state.borrow();
        let transport = state.transport();
        let scene = Scene { cluster: &state.cluster, settings: &state.settings, transport: &transport };
        set_html(&self.root, &view::render(&scene, Look::Live));
        drop(state);
        self.redraw();
        if let Ok(select) = find(&self.root, "select[data-control=followers]") {
            if let Some(select) = select.dyn_ref::<web_sys::HtmlElement>() {
                let _ = select.focus();
            }
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = &state.settings;
        let lags: Vec<u32> = settings.lags.iter().map(|&lag| lag as u32).collect();
        share(
            &self.root,
            SharedState::new()
                .number("followers", lags.len() as u32)
                .text("mode", settings.mode.key())
                .numbers("lag", &lags)
                .flag("read_your_writes", settings.guards.read_your_writes)
                .flag("pin", settings.guards.pin)
                .flag("automatic", settings.automatic)
                .number("seed", settings.seed as u32)
                .numbers("actions", &encode(&state.actions)),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.cluster));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.cluster));
        sync_transport(&self.root, &state.transport())?;
        for (index, lag) in lags.iter().enumerate() {
            set_output(&self.root, &lag_key(index), &kit::num::uint(u64::from(*lag)))?;
        }
        for (action, disabled) in view::button_states(&state.cluster) {
            let mut selector = String::from("button[data-action=");
            selector.push_str(action);
            selector.push(']');
            kit::web::set_disabled(&self.root, &selector, disabled)?;
        }
        Ok(())
    }
}
