//! Mounts the two-phase-commit widget, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::state::SharedState;
use kit::web::{
    config_string, config_string_list, config_u32, config_u32_list, find, on_action, on_change, report, set_html,
    share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::protocol::{Node, Run};
use crate::script::{decode, encode, extend, replay, Action, Settings, MAX_ACTIONS, MAX_PARTICIPANTS};
use crate::view::{self, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    /// Everything done so far, for links, step back and replays under other settings.
    actions: Vec<Action>,
    run: Run,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport { playing: self.playing, can_step_back: !self.actions.is_empty(), speed: self.speed, seed: 0 }
    }

    fn replay(&mut self) {
        self.run = replay(&self.settings, &self.actions);
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
        participants: config_u32(config, "participants", defaults.participants),
        coordinator: config_string(config, "coordinator").unwrap_or(defaults.coordinator),
        votes: config_string_list(config, "votes"),
    };
    let settings = authored.settings();
    let actions = decode(&config_u32_list(config, "actions"));
    let run = replay(&settings, &actions);
    let state = State { settings, actions, run, playing: false, speed: DEFAULT_SPEED };
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

/// `toggle-c0` is coordinator replica 0, `toggle-p1` the first participant.
fn toggled(name: &str) -> Option<Node> {
    let rest = name.strip_prefix("toggle-")?;
    let number = rest.get(1..)?.parse::<usize>().ok()?;
    match rest.as_bytes().first()? {
        b'c' => Some(Node::Coordinator(number)),
        b'p' => Some(Node::Participant(number.checked_sub(1)?)),
        _ => None,
    }
}

impl Widget {
    fn act(&self, name: &str) {
        let faults_changed = {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            let action = match name {
                "back" => {
                    if state.actions.pop().is_none() {
                        return;
                    }
                    state.replay();
                    None
                }
                "play" => {
                    state.playing = !state.playing;
                    None
                }
                "reset" => {
                    state.actions.clear();
                    state.playing = false;
                    state.replay();
                    None
                }
                "step" => Some(Action::Step),
                "drop" => Some(Action::DropNext),
                other => {
                    let Some(node) = toggled(other) else { return };
                    Some(Action::Toggle(node))
                }
            };
            if let Some(action) = action {
                if state.actions.len() >= MAX_ACTIONS || (action == Action::Step && state.run.finished()) {
                    state.playing = false;
                } else {
                    state.actions.push(action);
                    extend(&mut state.run, action);
                }
            }
            !matches!(action, Some(Action::Step) | None) || name == "back" || name == "reset"
        };
        self.sync_clock();
        if faults_changed {
            self.redraw_faults();
        }
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            match key {
                "speed" => {
                    state.speed = value.parse::<usize>().unwrap_or(DEFAULT_SPEED).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                "coordinator" => state.settings.replicated = value == "replicated",
                "participants" => {
                    let count = value.parse::<usize>().unwrap_or(3).clamp(2, MAX_PARTICIPANTS);
                    state.settings.votes.resize(count, true);
                }
                vote => {
                    let index =
                        vote.strip_prefix("vote").and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1));
                    let Some(slot) = index.and_then(|index| state.settings.votes.get_mut(index)) else { return };
                    *slot = value == "yes";
                }
            }
            // The same actions under the new settings: the same schedule, another protocol.
            state.replay();
        }
        if matches!(key, "participants" | "coordinator") {
            self.rebuild();
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

    /// Redraws everything, controls included: the set of nodes or votes changed.
    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            let transport = state.transport();
            let scene = Scene { run: &state.run, settings: &state.settings, transport: &transport };
            set_html(&self.root, &view::render(&scene, Look::Live));
        }
        self.redraw();
    }

    fn redraw_faults(&self) {
        let state = self.state.borrow();
        if let Ok(faults) = find(&self.root, "[data-part=faults]") {
            set_html(&faults, &view::faults(&state.run, false));
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let votes: Vec<String> =
            state.settings.votes.iter().map(|&vote| if vote { "yes" } else { "no" }.into()).collect();
        share(
            &self.root,
            SharedState::new()
                .number("participants", votes.len() as u32)
                .text("coordinator", if state.settings.replicated { "replicated" } else { "single" })
                .strings("votes", &votes)
                .numbers("actions", &encode(&state.actions)),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.run));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.run));
        sync_transport(&self.root, &state.transport())
    }
}
