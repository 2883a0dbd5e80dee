//! Mounts the vector clocks widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_string_list, config_u32, config_u32_list, find, focus_indexed, listen, on_seed_change, report, set_html,
    set_value, share, target_attribute, target_index,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlSelectElement, KeyboardEvent};

use crate::model::History;
use crate::view::{self, Mode, Selection};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    history: History,
    selection: Selection,
    processes: usize,
    /// Random events the history started with, and their seed.
    events: usize,
    seed: u64,
    /// What the reader added since: `l0` is a local event on P1, `s0-2` a message from P1 to
    /// P3. With the seed, it reproduces the history exactly in a shared link.
    ops: Vec<String>,
}

/// Replays one recorded operation; unreadable ones are skipped.
fn apply(history: &mut History, op: &str) {
    if let Some(process) = op.strip_prefix('l').and_then(|process| process.parse().ok()) {
        history.local(process);
    } else if let Some((from, to)) = op.strip_prefix('s').and_then(|pair| pair.split_once('-')) {
        if let (Ok(from), Ok(to)) = (from.parse(), to.parse()) {
            history.message(from, to);
        }
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let processes = config_u32(config, "processes", 3) as usize;
    let events = config_u32(config, "events", 12) as usize;
    let seed = u64::from(config_u32(config, "seed", 7));
    let mut history = History::random(processes, events, seed);
    let ops = config_string_list(config, "ops");
    for op in &ops {
        apply(&mut history, op);
    }
    let picked = config_u32_list(config, "picked");
    let mut selection = Selection::default();
    for event in picked.into_iter().filter(|&event| (event as usize) < history.events().len()).take(2) {
        selection = selection.toggle(event as usize);
    }
    set_html(root, &view::render(&history, selection, seed, Mode::Live));
    let state = State { processes: history.processes(), history, selection, events, seed, ops };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });

    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| {
        if let Some(index) = target_index(&event, "data-event") {
            on_click.pick(index as usize);
        } else if let Some(action) = target_attribute(&event, "data-action") {
            on_click.act(&action);
        }
    })?;
    let on_key = Rc::clone(&widget);
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| on_seed.reseed(seed))?;
    listen(root, "keydown", move |event| {
        let activates = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| matches!(key.key().as_str(), "Enter" | " "));
        if let (true, Some(index)) = (activates, target_index(&event, "data-event")) {
            event.prevent_default();
            on_key.pick(index as usize);
        }
    })?;
    Ok(())
}

impl Widget {
    fn chosen(&self, control: &str) -> usize {
        let mut selector = String::from("select[data-control=");
        selector.push_str(control);
        selector.push(']');
        find(&self.root, &selector)
            .ok()
            .and_then(|select| select.dyn_into::<HtmlSelectElement>().ok())
            .and_then(|select| select.value().parse().ok())
            .unwrap_or(0)
    }

    fn pick(&self, event: usize) {
        {
            let mut state = self.state.borrow_mut();
            state.selection = state.selection.toggle(event);
        }
        self.redraw(Some(event));
    }

    /// A random history from the seed the reader typed.
    fn reseed(&self, seed: u64) {
        {
            let mut state = self.state.borrow_mut();
            state.seed = seed;
            state.events = state.events.max(8);
            state.history = History::random(state.processes, state.events, seed);
            state.selection = Selection::default();
            state.ops.clear();
        }
        self.redraw(None);
    }

    fn act(&self, action: &str) {
        let (from, to) = (self.chosen("from"), self.chosen("to"));
        {
            let mut state = self.state.borrow_mut();
            let mut op = String::new();
            match action {
                "local" => {
                    op.push('l');
                    kit::num::push_uint(&mut op, from as u64);
                }
                "send" => {
                    op.push('s');
                    kit::num::push_uint(&mut op, from as u64);
                    op.push('-');
                    kit::num::push_uint(&mut op, to as u64);
                }
                "random" => {
                    state.seed = state.seed.wrapping_add(1);
                    state.events = state.events.max(8);
                }
                "clear" => state.events = 0,
                _ => return,
            }
            if op.is_empty() {
                state.history = History::random(state.processes, state.events, state.seed);
                state.selection = Selection::default();
                state.ops.clear();
            } else {
                apply(&mut state.history, &op);
                state.ops.push(op);
            }
        }
        self.redraw(None);
    }

    fn redraw(&self, focused_event: Option<usize>) {
        report(&self.root, self.try_redraw(focused_event));
    }

    fn try_redraw(&self, focused_event: Option<usize>) -> Result<(), JsValue> {
        let state = self.state.borrow();
        set_value(&self.root, "[data-control=seed]", &kit::num::uint(state.seed))?;
        let picked: Vec<u32> =
            [state.selection.a, state.selection.b].into_iter().flatten().map(|event| event as u32).collect();
        share(
            &self.root,
            SharedState::new()
                .number("processes", state.processes as u32)
                .number("events", state.events as u32)
                .number("seed", state.seed as u32)
                .strings("ops", &state.ops)
                .numbers("picked", &picked),
        );
        set_html(
            &find(&self.root, "[data-part=diagram]")?,
            &view::diagram(&state.history, state.selection, Mode::Live),
        );
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.history, state.selection));
        if let Some(event) = focused_event {
            focus_indexed(&self.root, "data-event", event as u64)?;
        }
        Ok(())
    }
}
