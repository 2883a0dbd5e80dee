//! Mounts the vector clocks widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::web::{config_u32, find, listen, set_html, show_error, target_attribute, target_index};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlSelectElement, KeyboardEvent, SvgElement};

use crate::model::History;
use crate::view::{self, Mode, Selection};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    if let Err(error) = try_mount(&root, &config) {
        show_error(&root, &error);
    }
}

struct State {
    history: History,
    selection: Selection,
    processes: usize,
    events: usize,
    /// The seed of the next "New random history"; starts at the config's.
    seed: u64,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let processes = config_u32(config, "processes", 3) as usize;
    let events = config_u32(config, "events", 12) as usize;
    let seed = u64::from(config_u32(config, "seed", 7));
    let history = History::random(processes, events, seed);
    set_html(root, &view::render(&history, Selection::default(), Mode::Live));
    let state = State { processes: history.processes(), history, selection: Selection::default(), events, seed };
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

    fn act(&self, action: &str) {
        let (from, to) = (self.chosen("from"), self.chosen("to"));
        {
            let mut state = self.state.borrow_mut();
            match action {
                "local" => state.history.local(from),
                "send" => state.history.message(from, to),
                "random" => {
                    state.seed = state.seed.wrapping_add(1);
                    state.history = History::random(state.processes, state.events.max(8), state.seed);
                    state.selection = Selection::default();
                }
                "clear" => {
                    state.history = History::new(state.processes);
                    state.selection = Selection::default();
                }
                _ => return,
            }
        }
        self.redraw(None);
    }

    fn redraw(&self, focused_event: Option<usize>) {
        if let Err(error) = self.try_redraw(focused_event) {
            show_error(&self.root, &error);
        }
    }

    fn try_redraw(&self, focused_event: Option<usize>) -> Result<(), JsValue> {
        let state = self.state.borrow();
        set_html(
            &find(&self.root, "[data-part=diagram]")?,
            &view::diagram(&state.history, state.selection, Mode::Live),
        );
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.history, state.selection));
        if let Some(event) = focused_event {
            let mut selector = String::from("[data-event=\"");
            kit::num::push_uint(&mut selector, event as u64);
            selector.push_str("\"]");
            find(&self.root, &selector)?.unchecked_into::<SvgElement>().focus()?;
        }
        Ok(())
    }
}
