//! Mounts the quorum widget into its figure and wires the controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, config_u32_list, control, find, focus_indexed, listen, report, set_html,
    share, target_index,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use crate::config::Config;
use crate::model::Quorum;
use crate::staleness::{self, Panel};
use crate::view::{self, Mode, READ_QUORUM, REPLICAS, WRITE_QUORUM};

/// Entry point the theme's loader calls with the figure's body and its parsed `data-config`.
#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct Widget {
    root: Element,
    quorum: RefCell<Quorum>,
    panel: RefCell<Option<Panel>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let config = Config {
        replicas: config_u32(config, REPLICAS, defaults.replicas),
        write_quorum: config_u32(config, WRITE_QUORUM, defaults.write_quorum),
        read_quorum: config_u32(config, READ_QUORUM, defaults.read_quorum),
        down: config_u32_list(config, "down"),
        sloppy: config_bool(config, "sloppy", false),
        latency: config_string(config, "latency"),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let quorum = config.to_model();
    let panel = config.latency_profile().map(|profile| Panel { profile, seed: config.seed });
    set_html(root, &view::render(&quorum, panel, Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), quorum: RefCell::new(quorum), panel: RefCell::new(panel) });

    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| on_input.slider_moved(&event))?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| on_change.setting_changed(&event))?;
    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| on_click.replica_pressed(&event))?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let activates = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| matches!(key.key().as_str(), "Enter" | " "));
        if activates && target_index(&event, "data-replica").is_some() {
            // Space would otherwise scroll the page.
            event.prevent_default();
            on_key.replica_pressed(&event);
        }
    })?;
    Ok(())
}

impl Widget {
    fn slider_moved(&self, event: &Event) {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        let value = input.value_as_number();
        if !value.is_finite() {
            return;
        }
        let value = value as u32;
        {
            let mut quorum = self.quorum.borrow_mut();
            match input.get_attribute("data-control").as_deref() {
                Some(REPLICAS) => quorum.set_replicas(value),
                Some(WRITE_QUORUM) => quorum.set_write_quorum(value),
                Some(READ_QUORUM) => quorum.set_read_quorum(value),
                _ => return,
            }
        }
        self.redraw(None);
    }

    /// The sloppy toggle, the latency profile and the seed.
    fn setting_changed(&self, event: &Event) {
        let Some((key, value)) = control(event) else { return };
        match key.as_str() {
            "sloppy" => self.quorum.borrow_mut().set_sloppy(value == "true"),
            "latency" => {
                let mut panel = self.panel.borrow_mut();
                if let (Some(panel), Some(profile)) = (panel.as_mut(), crate::latency::profile(&value)) {
                    panel.profile = profile;
                }
            }
            "seed" => {
                let mut panel = self.panel.borrow_mut();
                if let (Some(panel), Ok(seed)) = (panel.as_mut(), value.parse::<u32>()) {
                    panel.seed = u64::from(seed);
                }
            }
            _ => return,
        }
        self.redraw(None);
    }

    fn replica_pressed(&self, event: &Event) {
        if let Some(replica) = target_index(event, "data-replica") {
            self.quorum.borrow_mut().toggle_down(replica);
            self.redraw(Some(replica));
        }
    }

    /// Redraws the diagram and the readout, syncs the sliders (N bounds W and R), and puts the
    /// keyboard focus back on the replica that was pressed, since its element was replaced.
    fn redraw(&self, focused_replica: Option<u32>) {
        let quorum = *self.quorum.borrow();
        report(&self.root, self.try_redraw(&quorum, focused_replica));
    }

    fn try_redraw(&self, quorum: &Quorum, focused_replica: Option<u32>) -> Result<(), JsValue> {
        let panel = *self.panel.borrow();
        let mut state = SharedState::new()
            .number(REPLICAS, quorum.replicas())
            .number(WRITE_QUORUM, quorum.write_quorum())
            .number(READ_QUORUM, quorum.read_quorum())
            .numbers("down", &quorum.down_replicas())
            .flag("sloppy", quorum.is_sloppy());
        if let Some(panel) = panel {
            state = state.text("latency", panel.profile.key).number("seed", panel.seed as u32);
            let simulation = staleness::simulate(quorum, panel);
            set_html(&find(&self.root, "[data-part=staleness-chart]")?, &staleness::chart(quorum, &simulation));
            set_html(
                &find(&self.root, "[data-part=staleness-readout]")?,
                &staleness::readout(quorum, panel, &simulation),
            );
        }
        share(&self.root, state);
        set_html(&find(&self.root, "[data-part=diagram]")?, &view::diagram(quorum, Mode::Live));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(quorum));
        let sliders = [
            (REPLICAS, quorum.replicas(), None),
            (WRITE_QUORUM, quorum.write_quorum(), Some(quorum.replicas())),
            (READ_QUORUM, quorum.read_quorum(), Some(quorum.replicas())),
        ];
        for (key, value, max) in sliders {
            let input: HtmlInputElement = find(&self.root, &selector("input[data-control=", key))?.unchecked_into();
            if let Some(max) = max {
                input.set_max(&kit::num::uint(u64::from(max)));
            }
            input.set_value_as_number(f64::from(value));
            find(&self.root, &selector("output[data-output=", key))?
                .set_text_content(Some(&kit::num::uint(u64::from(value))));
        }
        if let Some(replica) = focused_replica {
            focus_indexed(&self.root, "data-replica", u64::from(replica))?;
        }
        Ok(())
    }
}

fn selector(prefix: &str, key: &str) -> String {
    let mut selector = String::with_capacity(prefix.len() + key.len() + 1);
    selector.push_str(prefix);
    selector.push_str(key);
    selector.push(']');
    selector
}
