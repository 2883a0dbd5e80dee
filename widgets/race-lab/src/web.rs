//! Mounts the race lab and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, config_u32_list, find, on_action, on_change, refocus, report, set_html,
    share,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::explore::{explore, Census};
use crate::machine::{Machine, Program};
use crate::view::{self, Look};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    machine: Machine,
    census: Option<Census>,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let authored = Config {
        program: config_string(config, "program").unwrap_or_else(|| "counter".into()),
        threads: config_u32(config, "threads", 2),
        lock: config_bool(config, "lock", false),
    };
    let mut machine = authored.machine();
    // A link carries the order the threads were stepped in.
    for thread in config_u32_list(config, "trace").into_iter().take(200) {
        machine.step(thread as usize);
    }
    let census = config_bool(config, "explored", false).then(|| explore(&authored.machine()));
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(State { machine, census }) });
    widget.rebuild(None);
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
            let machine = &state.machine;
            match action {
                "undo" => {
                    let mut replayed = Machine::new(machine.program, machine.threads.len(), machine.fixed);
                    let trace = &machine.trace[..machine.trace.len().saturating_sub(1)];
                    for &thread in trace {
                        replayed.step(thread);
                    }
                    state.machine = replayed;
                }
                "reset" => state.machine = Machine::new(machine.program, machine.threads.len(), machine.fixed),
                "explore" => {
                    let start = Machine::new(machine.program, machine.threads.len(), machine.fixed);
                    state.census = Some(explore(&start));
                }
                _ => {
                    let Some(thread) = action.strip_prefix("step-").and_then(|n| n.parse::<usize>().ok()) else {
                        return;
                    };
                    state.machine.step(thread);
                }
            }
        }
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let machine = &state.machine;
            let (program, threads, fixed) = (machine.program, machine.threads.len(), machine.fixed);
            state.machine = match key {
                "program" => Machine::new(Program::from_key(value).unwrap_or(program), threads, fixed),
                "threads" => Machine::new(program, value.parse().unwrap_or(2), fixed),
                "lock" => Machine::new(program, threads, value == "true"),
                _ => return,
            };
            state.census = None;
        }
        // The number of threads and the code change: redraw the controls, keep the focus.
        self.rebuild(Some(&format!("[data-control={key}]")));
    }

    fn rebuild(&self, focus: Option<&str>) {
        {
            let state = self.state.borrow();
            set_html(&self.root, &view::render(&state.machine, state.census.as_ref(), Look::Live));
            // The new markup already holds the current state: only the link needs it.
            self.share_state(&state);
        }
        if let Some(selector) = focus {
            refocus(&self.root, selector);
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    /// Puts the widget's state on its figure, for links.
    fn share_state(&self, state: &State) {
        let machine = &state.machine;
        let trace: Vec<u32> = machine.trace.iter().map(|&thread| thread as u32).collect();
        share(
            &self.root,
            SharedState::new()
                .text("program", machine.program.key())
                .number("threads", machine.threads.len() as u32)
                .flag("lock", machine.fixed)
                .numbers("trace", &trace)
                .flag("explored", state.census.is_some()),
        );
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let machine = &state.machine;
        self.share_state(&state);
        set_html(&find(&self.root, "[data-part=visual]")?, &view::threads(machine));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(machine, state.census.as_ref()));
        Ok(())
    }
}
