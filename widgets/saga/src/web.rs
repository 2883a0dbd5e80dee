//! Mounts the saga widget, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, find, on_action, on_change, report, set_html, share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::model::{Saga, Settings, Style, STEPS};
use crate::view::{self, Look};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    /// Steps taken: the whole run, since the faults are settings.
    taken: u32,
    /// Where Reset returns to.
    initial: u32,
    saga: Saga,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport { playing: self.playing, can_step_back: self.taken > 0, speed: self.speed, seed: 0 }
    }

    /// The same number of steps under the current settings.
    fn replay(&mut self) {
        self.saga = Saga::new(self.settings);
        for _ in 0..self.taken {
            self.saga.step();
        }
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    ticker: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        steps: config_u32(config, "steps", defaults.steps),
        style: config_string(config, "style").unwrap_or(defaults.style),
        fail_at: config_u32(config, "fail_at", defaults.fail_at),
        crash_at: config_u32(config, "crash_at", defaults.crash_at),
        duplicate: config_bool(config, "duplicate", defaults.duplicate),
        idempotency: config_bool(config, "idempotency", defaults.idempotency),
        outbox: config_bool(config, "outbox", defaults.outbox),
        progress: config_u32(config, "progress", defaults.progress),
    };
    let taken = config_u32(config, "taken", authored.progress).min(500);
    let mut state = State {
        settings: authored.settings(),
        taken,
        initial: authored.progress.min(500),
        saga: Saga::new(authored.settings()),
        playing: false,
        speed: DEFAULT_SPEED,
    };
    state.replay();
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), ticker: RefCell::new(None) });
    widget.rebuild();
    let on_tick = Rc::clone(&widget);
    *widget.ticker.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    Ok(())
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            match action {
                "step" => {
                    if state.saga.step() {
                        state.taken += 1;
                    } else {
                        state.playing = false;
                    }
                }
                "back" => {
                    if state.taken == 0 {
                        return;
                    }
                    state.taken -= 1;
                    state.replay();
                }
                "play" => state.playing = !state.playing,
                "reset" => {
                    state.taken = state.initial;
                    state.playing = false;
                    state.replay();
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
            let number = value.parse::<usize>().ok();
            let settings = &mut state.settings;
            let step =
                |number: Option<usize>, steps: usize| number.and_then(|n| n.checked_sub(1)).filter(|&s| s < steps);
            match key {
                "speed" => {
                    state.speed = number.unwrap_or(DEFAULT_SPEED).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                "style" => {
                    settings.style = if value == "choreography" { Style::Choreography } else { Style::Orchestration }
                }
                "steps" => {
                    settings.steps = number.unwrap_or(5).clamp(3, STEPS.len());
                    settings.fail_at = settings.fail_at.filter(|&s| s < settings.steps);
                    settings.crash_at = settings.crash_at.filter(|&s| s < settings.steps);
                }
                "fail_at" => settings.fail_at = step(number, settings.steps),
                "crash_at" => settings.crash_at = step(number, settings.steps),
                "duplicate" => settings.duplicate = value == "true",
                "idempotency" => settings.idempotency = value == "true",
                "outbox" => settings.outbox = value == "true",
                _ => return,
            }
            state.replay();
        }
        if key == "steps" {
            self.rebuild();
            if let Ok(select) = find(&self.root, "select[data-control=steps]") {
                if let Some(select) = select.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = select.focus();
                }
            }
        } else {
            self.redraw();
        }
    }

    fn sync_clock(&self) {
        let (playing, speed) = {
            let state = self.state.borrow();
            (state.playing, state.speed)
        };
        if let Some(ticker) = self.ticker.borrow_mut().as_mut() {
            ticker.follow(playing, speed);
        }
    }

    /// Redraws everything: the number of steps changes the step menus.
    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            set_html(&self.root, &view::render(&state.saga, &state.transport(), Look::Live));
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = state.settings;
        let number = |step: Option<usize>| step.map_or(0, |step| step as u32 + 1);
        share(
            &self.root,
            SharedState::new()
                .number("steps", settings.steps as u32)
                .text("style", if settings.style == Style::Choreography { "choreography" } else { "orchestration" })
                .number("fail_at", number(settings.fail_at))
                .number("crash_at", number(settings.crash_at))
                .flag("duplicate", settings.duplicate)
                .flag("idempotency", settings.idempotency)
                .flag("outbox", settings.outbox)
                .number("taken", state.taken),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.saga));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.saga));
        sync_transport(&self.root, &state.transport())
    }
}
