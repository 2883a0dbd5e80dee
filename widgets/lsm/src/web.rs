//! Mounts the LSM widget, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::history::History;
use kit::state::SharedState;
use kit::web::{
    config_string, config_u32, control, find, listen, on_action, report, set_html, set_output, share, sync_transport,
    target_attribute, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent};

use crate::config::Config;
use crate::model::{Compaction, Settings, Tree};
use crate::view::{self, Mode, Scene};

/// Steps "Step back" can undo.
const HISTORY: usize = 200;

/// Entry point the theme's loader calls with the figure's body and its parsed `data-config`.
#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    tree: Tree,
    /// Where Reset returns to.
    initial_steps: u32,
    history: History<Tree>,
    lookup: Option<u32>,
    fresh_from: u32,
    playing: bool,
    speed: usize,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: self.history.can_step_back(),
            speed: self.speed,
            seed: self.tree.settings().seed as u32,
        }
    }

    /// Replaces the tree with one under `settings` that has run as many steps: the same
    /// workload, seen under other settings.
    fn resettle(&mut self, settings: Settings) {
        self.tree = Tree::after(settings, self.tree.steps());
        self.history.clear();
        self.fresh_from = u32::MAX;
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    ticker: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let config = Config {
        compaction: config_string(config, "compaction").unwrap_or(defaults.compaction),
        size_ratio: number("size_ratio", defaults.size_ratio),
        memtable: number("memtable", defaults.memtable),
        keys: number("keys", defaults.keys),
        skew: number("skew", defaults.skew),
        deletes: number("deletes", defaults.deletes),
        rate: number("rate", defaults.rate),
        seed: u64::from(number("seed", 1)),
        steps: number("steps", defaults.steps),
    };
    let state = State {
        tree: config.to_model(),
        initial_steps: config.steps,
        history: History::new(HISTORY),
        lookup: None,
        fresh_from: u32::MAX,
        playing: false,
        speed: DEFAULT_SPEED,
    };
    let transport = state.transport();
    let scene = Scene { tree: &state.tree, lookup: state.lookup, fresh_from: state.fresh_from, transport: &transport };
    set_html(root, &view::render(&scene, Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), ticker: RefCell::new(None) });
    let on_tick = Rc::clone(&widget);
    *widget.ticker.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));

    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
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
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let enter = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.key() == "Enter");
        if enter && target_attribute(&event, "data-control").as_deref() == Some("key") {
            event.prevent_default();
            on_key.act("get");
        }
    })?;
    Ok(())
}

fn is_slider(key: &str) -> bool {
    matches!(key, "size_ratio" | "memtable" | "skew" | "deletes" | "rate")
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match action {
                "step" => {
                    state.history.record(&state.tree);
                    state.fresh_from = state.tree.next_table_id();
                    state.tree.step();
                }
                "back" => {
                    let Some(previous) = state.history.back() else { return };
                    state.tree = previous;
                    state.fresh_from = u32::MAX;
                }
                "play" => state.playing = !state.playing,
                "reset" => {
                    state.tree = Tree::after(state.tree.settings(), state.initial_steps);
                    state.history.clear();
                    state.fresh_from = u32::MAX;
                    state.playing = false;
                }
                "get" => {
                    let typed = find(&self.root, "input[data-control=key]")
                        .ok()
                        .and_then(|input| js_sys::Reflect::get(&input, &JsValue::from_str("value")).ok())
                        .and_then(|value| value.as_string())
                        .and_then(|value| value.trim().parse::<u32>().ok());
                    let Some(key) = typed else { return };
                    state.lookup = Some(key.min(state.tree.settings().keys - 1));
                }
                _ => return,
            }
        }
        if matches!(action, "play" | "reset") {
            self.sync_clock();
        }
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let mut settings = state.tree.settings();
            let number = value.parse::<u32>().ok();
            match (key, number) {
                ("compaction", _) => {
                    let Some(compaction) = Compaction::from_key(value) else { return };
                    settings.compaction = compaction;
                }
                ("speed", Some(speed)) => {
                    state.speed = (speed as usize).min(SPEEDS.len() - 1);
                    drop(state);
                    self.sync_clock();
                    return;
                }
                ("seed", Some(seed)) => settings.seed = u64::from(seed),
                ("keys", Some(keys)) => settings.keys = keys,
                ("size_ratio", Some(ratio)) => settings.size_ratio = ratio,
                ("memtable", Some(entries)) => settings.memtable = entries,
                ("skew", Some(skew)) => settings.skew = skew,
                ("deletes", Some(deletes)) => settings.deletes = deletes,
                ("rate", Some(rate)) => settings.rate = rate,
                _ => return,
            }
            state.resettle(settings.clamped());
            let keys = state.tree.settings().keys;
            state.lookup = state.lookup.map(|key| key.min(keys - 1));
        }
        self.redraw();
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

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = state.tree.settings();
        let transport = state.transport();
        share(
            &self.root,
            SharedState::new()
                .text("compaction", settings.compaction.key())
                .number("size_ratio", settings.size_ratio)
                .number("memtable", settings.memtable)
                .number("keys", settings.keys)
                .number("skew", settings.skew)
                .number("deletes", settings.deletes)
                .number("rate", settings.rate)
                .number("seed", settings.seed as u32)
                .number("steps", state.tree.steps()),
        );
        let scene =
            Scene { tree: &state.tree, lookup: state.lookup, fresh_from: state.fresh_from, transport: &transport };
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&scene));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene));
        sync_transport(&self.root, &transport)?;
        for (key, value) in [
            ("size_ratio", settings.size_ratio),
            ("memtable", settings.memtable),
            ("skew", settings.skew),
            ("deletes", settings.deletes),
            ("rate", settings.rate),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        find(&self.root, "input[data-control=key]")?.set_attribute("max", &kit::num::uint(u64::from(settings.keys - 1)))
    }
}
