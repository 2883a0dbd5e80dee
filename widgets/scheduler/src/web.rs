//! Mounts the scheduler widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_string, config_u32, config_u32_list, find, on_action, on_change, refocus, report, set_html, share,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::{Config, MAX_JOBS, MAX_TIME};
use crate::policies::{Job, Policy, Settings, POLICIES};
use crate::view::{self, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    jobs: Vec<Job>,
    settings: Settings,
    policy: Policy,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        jobs: config_u32_list(config, "jobs"),
        quantum: config_u32(config, "quantum", defaults.quantum),
        boost: config_u32(config, "boost", defaults.boost),
        policy: config_string(config, "policy").unwrap_or(defaults.policy),
    };
    let state = State { jobs: authored.jobs(), settings: authored.settings(), policy: authored.policy() };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
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
            match action {
                "add" if state.jobs.len() < MAX_JOBS => {
                    let arrival = state.jobs.last().map_or(0, |job| job.arrival);
                    state.jobs.push(Job { arrival, length: 10 });
                }
                "remove" if state.jobs.len() > 1 => {
                    state.jobs.pop();
                }
                _ => return,
            }
        }
        self.rebuild(Some(&format!("[data-action={action}]")));
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let number = value.parse::<u32>().unwrap_or(0);
            match key {
                "quantum" => state.settings.quantum = number.clamp(1, 50),
                "boost" => state.settings.boost = number.min(500),
                "policy" => state.policy = Policy::from_key(value).unwrap_or(Policy::Stcf),
                _ => {
                    let Some((field, index)) = key.rsplit_once('-') else { return };
                    let Some(job) = index.parse::<usize>().ok().and_then(|i| state.jobs.get_mut(i)) else { return };
                    match field {
                        "arrival" => job.arrival = number.min(MAX_TIME),
                        "length" => job.length = number.clamp(1, MAX_TIME),
                        _ => return,
                    }
                }
            }
        }
        self.redraw();
    }

    fn rebuild(&self, focus: Option<&str>) {
        {
            let state = self.state.borrow();
            let scene = Scene { jobs: &state.jobs, settings: state.settings, policy: state.policy };
            set_html(&self.root, &view::render(&scene, Look::Live));
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
        let flat: Vec<u32> = state.jobs.iter().flat_map(|job| [job.arrival, job.length]).collect();
        let policy = POLICIES.iter().find(|(p, _, _)| *p == state.policy).map_or("stcf", |(_, key, _)| key);
        share(
            &self.root,
            SharedState::new()
                .numbers("jobs", &flat)
                .number("quantum", state.settings.quantum)
                .number("boost", state.settings.boost)
                .text("policy", policy),
        );
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        self.share_state(&state);
        let scene = Scene { jobs: &state.jobs, settings: state.settings, policy: state.policy };
        let schedules = view::schedules(&scene);
        set_html(&find(&self.root, "[data-part=visual]")?, &view::gantt(&state.jobs, &schedules));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene, &schedules));
        Ok(())
    }
}
