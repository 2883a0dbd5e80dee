//! Mounts the availability widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_string, config_u32_list, find, on_action, on_change, refocus, report, set_html, set_value, share,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::{Config, ERROR_RATES, MAX_REPLICAS, MAX_STAGES, MTBF_HOURS, MTTR_HOURS, PERCENTS, SLOS};
use crate::model::{Preset, Reliability, Stage, COMPONENTS};
use crate::view::{self, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    stages: Vec<Stage>,
    slo: f64,
    error_rate: f64,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

/// A stage in a link: component, percent choice (or MTBF and MTTR choices), replicas.
fn encode(stage: &Stage) -> [u32; 5] {
    let (kind, first, second) = match stage.reliability {
        Reliability::Percent(percent) => (0, crate::config::nearest(PERCENTS, percent), 0),
        Reliability::Mtbf { mtbf_hours, mttr_hours } => {
            (1, crate::config::nearest(MTBF_HOURS, mtbf_hours), crate::config::nearest(MTTR_HOURS, mttr_hours))
        }
    };
    [stage.component as u32, kind, first as u32, second as u32, stage.replicas]
}

fn decode(code: &[u32]) -> Stage {
    let pick = |choices: &[(f64, &str)], index: u32| choices[(index as usize).min(choices.len() - 1)].0;
    Stage {
        component: (code[0] as usize).min(COMPONENTS.len() - 1),
        reliability: if code[1] == 0 {
            Reliability::Percent(pick(PERCENTS, code[2]))
        } else {
            Reliability::Mtbf { mtbf_hours: pick(MTBF_HOURS, code[2]), mttr_hours: pick(MTTR_HOURS, code[3]) }
        },
        replicas: code[4].clamp(1, MAX_REPLICAS),
    }
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let authored = Config {
        preset: config_string(config, "preset").unwrap_or_else(|| "three-tier".into()),
        slo: config_string(config, "slo").unwrap_or_else(|| "99.9".into()),
    };
    let linked: Vec<Stage> = config_u32_list(config, "stages").chunks_exact(5).take(MAX_STAGES).map(decode).collect();
    let stages = if linked.is_empty() { authored.preset().stages() } else { linked };
    let error_rate = kit::web::config_optional_u32(config, "errors")
        .map_or(0.001, |index| ERROR_RATES[(index as usize).min(ERROR_RATES.len() - 1)].0);
    let state = State { stages, slo: authored.slo(), error_rate };
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
                "add" if state.stages.len() < MAX_STAGES => {
                    state.stages.push(Stage { component: 2, reliability: Reliability::Percent(99.9), replicas: 1 })
                }
                "remove" if state.stages.len() > 1 => {
                    state.stages.pop();
                }
                _ => return,
            }
        }
        self.rebuild(Some(&format!("[data-action={action}]")));
    }

    fn set(&self, key: &str, value: &str) {
        let index = value.parse::<usize>().unwrap_or(0);
        let pick = |choices: &[(f64, &str)]| choices[index.min(choices.len() - 1)].0;
        let structural = {
            let mut state = self.state.borrow_mut();
            match key {
                "preset" => {
                    let Some(preset) = Preset::from_key(value) else { return };
                    state.stages = preset.stages();
                    true
                }
                "slo" => {
                    state.slo = pick(SLOS) / 100.0;
                    false
                }
                "errors" => {
                    state.error_rate = pick(ERROR_RATES);
                    false
                }
                _ => {
                    let Some((field, stage)) = key.rsplit_once('-') else { return };
                    let Some(stage) = stage.parse::<usize>().ok().and_then(|i| state.stages.get_mut(i)) else { return };
                    match (field, stage.reliability) {
                        ("component", _) => stage.component = index.min(COMPONENTS.len() - 1),
                        ("replicas", _) => stage.replicas = (value.parse::<u32>().unwrap_or(1)).clamp(1, MAX_REPLICAS),
                        ("kind", reliability) => {
                            let availability = reliability.availability();
                            stage.reliability = if value == "mtbf" {
                                Reliability::Mtbf { mtbf_hours: 720.0, mttr_hours: 1.0 }
                            } else {
                                Reliability::Percent(PERCENTS[crate::config::nearest(PERCENTS, availability * 100.0)].0)
                            };
                        }
                        ("percent", _) => stage.reliability = Reliability::Percent(pick(PERCENTS)),
                        ("mtbf", Reliability::Mtbf { mttr_hours, .. }) => {
                            stage.reliability = Reliability::Mtbf { mtbf_hours: pick(MTBF_HOURS), mttr_hours }
                        }
                        ("mttr", Reliability::Mtbf { mtbf_hours, .. }) => {
                            stage.reliability = Reliability::Mtbf { mtbf_hours, mttr_hours: pick(MTTR_HOURS) }
                        }
                        _ => return,
                    }
                    field == "kind"
                }
            }
        };
        if structural {
            // The stage's row changes its controls: redraw and keep the keyboard where it was.
            self.rebuild(Some(&format!("[data-control={key}]")));
        } else {
            self.redraw();
        }
    }

    fn rebuild(&self, focus: Option<&str>) {
        {
            let state = self.state.borrow();
            let scene = Scene { stages: &state.stages, slo: state.slo, error_rate: state.error_rate };
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
        let codes: Vec<u32> = state.stages.iter().flat_map(encode).collect();
        share(
            &self.root,
            SharedState::new()
                .numbers("stages", &codes)
                .text("slo", SLOS[crate::config::nearest(SLOS, state.slo * 100.0)].1)
                .number("errors", crate::config::nearest(ERROR_RATES, state.error_rate) as u32),
        );
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        self.share_state(&state);
        let scene = Scene { stages: &state.stages, slo: state.slo, error_rate: state.error_rate };
        set_value(&self.root, "select[data-control=preset]", view::preset_key(&state.stages))?;
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.stages));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene));
        Ok(())
    }
}
