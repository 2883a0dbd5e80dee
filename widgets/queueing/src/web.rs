//! Mounts the queueing widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, config_u32, control, find, listen, report, set_disabled, set_html, set_output, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::formula::{Model, Queue};
use crate::simulation::{simulate, WIDGET_CUSTOMERS};
use crate::view::{self, Mode, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct Widget {
    root: Element,
    scene: RefCell<Scene>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let config = Config {
        model: config_string(config, "model").unwrap_or(defaults.model),
        servers: config_u32(config, "servers", defaults.servers),
        utilization: config_u32(config, "utilization", defaults.utilization),
        service_ms: config_u32(config, "service_ms", defaults.service_ms).clamp(1, 1000),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let scene = Scene {
        queue: config.queue(),
        servers: config.servers.clamp(1, 16),
        service_ms: config.service_ms,
        seed: config.seed,
    };
    set_html(root, &view::render(&scene, Mode::Live));
    let widget = Rc::new(Widget { root: root.clone(), scene: RefCell::new(scene) });
    for event in ["input", "change"] {
        let on_event = Rc::clone(&widget);
        listen(root, event, move |event| {
            if let Some((key, value)) = control(&event) {
                on_event.set(&key, &value);
            }
        })?;
    }
    Ok(())
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        {
            let mut scene = self.scene.borrow_mut();
            let queue = scene.queue;
            let number = value.parse::<u32>().ok();
            match (key, number) {
                ("model", _) => {
                    let Some(model) = Model::from_key(value) else { return };
                    scene.queue = Queue::new(model, scene.servers, queue.utilization);
                }
                ("servers", Some(servers)) => {
                    scene.servers = servers.clamp(1, 16);
                    scene.queue = Queue::new(queue.model, scene.servers, queue.utilization);
                }
                ("utilization", Some(percent)) => {
                    scene.queue = Queue::new(queue.model, scene.servers, f64::from(percent.clamp(5, 98)) / 100.0);
                }
                ("seed", Some(seed)) => scene.seed = u64::from(seed),
                _ => return,
            }
        }
        report(&self.root, self.redraw());
    }

    fn redraw(&self) -> Result<(), JsValue> {
        let scene = *self.scene.borrow();
        let percent = (scene.queue.utilization * 100.0 + 0.5) as u32;
        share(
            &self.root,
            SharedState::new()
                .text("model", scene.queue.model.key())
                .number("servers", scene.servers)
                .number("utilization", percent)
                .number("service_ms", scene.service_ms)
                .number("seed", scene.seed as u32),
        );
        let outcome = simulate(&scene.queue, WIDGET_CUSTOMERS, scene.seed);
        set_html(&find(&self.root, "[data-part=chart]")?, &view::chart(&scene, &outcome));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&scene, &outcome));
        set_output(&self.root, "servers", &kit::num::uint(u64::from(scene.servers)))?;
        set_output(&self.root, "utilization", &kit::num::uint(u64::from(percent)))?;
        set_disabled(&self.root, "input[data-control=servers]", scene.queue.model != Model::MMc)
    }
}
