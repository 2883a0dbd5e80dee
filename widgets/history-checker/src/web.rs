//! Mounts the history checker and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_string, config_u32, control, find, focus_indexed, listen, on_seed_change, report, set_html, share,
    target_attribute, target_index,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent};

use crate::config::Config;
use crate::history::{History, Kind, Op, HORIZON, MAX_CLIENTS, MAX_OPS};
use crate::view::{self, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    history: History,
    selected: Option<usize>,
    seed: u64,
    notice: Option<String>,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        clients: config_u32(config, "clients", defaults.clients),
        history: config_string(config, "history").unwrap_or_default(),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let state = State { history: authored.history(), selected: None, seed: authored.seed, notice: None };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    widget.rebuild();
    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| {
        if let Some(action) = target_attribute(&event, "data-action") {
            on_click.act(&action);
        } else if let Some(op) = target_index(&event, "data-op") {
            on_click.select(Some(op as usize), true);
        }
    })?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let Some(op) = target_index(&event, "data-op") else { return };
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
        let action = match (key.key().as_str(), key.shift_key()) {
            ("ArrowLeft", false) => "earlier",
            ("ArrowRight", false) => "later",
            ("ArrowLeft", true) => "shorter",
            ("ArrowRight", true) => "longer",
            ("ArrowUp", _) => "more",
            ("ArrowDown", _) => "less",
            ("Enter" | " ", _) => "",
            _ => return,
        };
        event.prevent_default();
        on_key.select(Some(op as usize), false);
        if !action.is_empty() {
            on_key.act(action);
        }
        on_key.refocus();
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        let Some((key, value)) = control(&event) else { return };
        match key.as_str() {
            "selected" => on_change.select(value.parse::<usize>().ok(), true),
            "clients" => on_change.set_clients(value.parse::<usize>().unwrap_or(3)),
            _ => {}
        }
    })?;
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| on_seed.show_seed(seed))?;
    Ok(())
}

/// The selected operation changed by `action`, or why it cannot be.
fn edited(history: &History, index: usize, action: &str) -> Result<History, String> {
    let mut next = history.clone();
    let op = &mut next.ops[index];
    let end = op.end.unwrap_or(HORIZON);
    match action {
        "earlier" if op.start > 0 => {
            op.start -= 1;
            op.end = op.end.map(|end| end - 1);
        }
        "later" if end < HORIZON => {
            op.start += 1;
            op.end = op.end.map(|end| end + 1);
        }
        "shorter" if op.end.is_some_and(|end| end > op.start) => op.end = op.end.map(|end| end - 1),
        "longer" if op.end.is_some_and(|end| end < HORIZON) => op.end = op.end.map(|end| end + 1),
        "more" | "less" => {
            let Kind::Read(value) = op.kind else { return Err("only a read's value can change".into()) };
            let top = history.ops.iter().filter(|op| op.is_write()).map(Op::value).max().unwrap_or(0);
            op.kind = Kind::Read(if action == "more" { (value + 1).min(top + 1) } else { value.saturating_sub(1) });
        }
        "pending" => op.end = if op.end.is_some() { None } else { Some((op.start + 3).min(HORIZON)) },
        "delete" => {
            next.ops.remove(index);
        }
        _ => return Err("it is at the edge of the timeline".into()),
    }
    match next.problem() {
        Some(problem) => Err(problem),
        None => Ok(next),
    }
}

/// A new operation for `client`, after its last one.
fn added(history: &History, client: usize, write: bool) -> Result<History, String> {
    if history.ops.len() >= MAX_OPS {
        return Err(format!("at most {MAX_OPS} operations"));
    }
    let after = history.session(client).last().map(|&last| history.ops[last].end);
    let start = match after {
        Some(None) => return Err("this client is still waiting for its pending operation".into()),
        Some(Some(end)) => end + 1,
        None => 0,
    };
    if start + 2 > HORIZON {
        return Err("no room left on this client's timeline".into());
    }
    let top = history.ops.iter().filter(|op| op.is_write()).map(Op::value).max().unwrap_or(0);
    let kind = if write { Kind::Write(top + 1) } else { Kind::Read(top) };
    let mut next = history.clone();
    next.ops.push(Op { client, kind, start, end: Some(start + 2) });
    Ok(next)
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            state.notice = None;
            let result = if action == "random" {
                // A new history each press: the seed moves on, and the seed field shows it.
                let clients = state.history.clients;
                state.seed = state.seed.wrapping_add(1) % 1_000_000;
                state.selected = None;
                Ok(History::random(clients, state.seed))
            } else if let Some((kind, client)) = action.split_once('-') {
                let Ok(client) = client.parse::<usize>() else { return };
                added(&state.history, client, kind == "write")
            } else {
                let Some(index) = state.selected else { return };
                edited(&state.history, index, action)
            };
            match result {
                Ok(history) => {
                    if action.contains('-') {
                        state.selected = Some(history.ops.len() - 1);
                    } else if action == "delete" {
                        state.selected = None;
                    }
                    state.history = history;
                }
                Err(why) => state.notice = Some(format!("Cannot do that: {why}.")),
            }
        }
        self.redraw();
    }

    /// The history of a seed the reader typed.
    fn show_seed(&self, seed: u64) {
        {
            let mut state = self.state.borrow_mut();
            let clients = state.history.clients;
            state.seed = seed;
            state.selected = None;
            state.notice = None;
            state.history = History::random(clients, seed);
        }
        self.redraw();
    }

    fn select(&self, op: Option<usize>, redraw: bool) {
        {
            let mut state = self.state.borrow_mut();
            state.selected = op.filter(|&op| op < state.history.ops.len());
        }
        if redraw {
            self.redraw();
        }
    }

    fn set_clients(&self, clients: usize) {
        {
            let mut state = self.state.borrow_mut();
            let clients = clients.clamp(2, MAX_CLIENTS);
            state.history.ops.retain(|op| op.client < clients);
            state.history.clients = clients;
            state.selected = None;
        }
        self.rebuild();
    }

    fn refocus(&self) {
        let selected = self.state.borrow().selected;
        if let Some(op) = selected {
            let _ = focus_indexed(&self.root, "data-op", op as u64);
        }
    }

    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            let scene = Scene { history: &state.history, selected: state.selected, seed: state.seed, notice: None };
            set_html(&self.root, &view::render(&scene, Look::Live));
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let scene = Scene {
            history: &state.history,
            selected: state.selected,
            seed: state.seed,
            notice: state.notice.as_deref(),
        };
        share(
            &self.root,
            SharedState::new()
                .number("clients", state.history.clients as u32)
                .text("history", &state.history.to_text())
                .number("seed", state.seed as u32),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::timeline(&scene));
        set_html(&find(&self.root, "[data-part=editor]")?, &view::editor(&scene, false));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene));
        kit::web::set_value(&self.root, "[data-control=seed]", &kit::num::uint(state.seed))
    }
}
