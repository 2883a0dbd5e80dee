//! Mounts the vector-index widget and wires its controls (wasm32 only). The query moves with
//! its two sliders (so the keyboard can move it) or by a click on the square.

use std::cell::RefCell;
use std::rc::Rc;

use kit::rng::Rng;
use kit::state::SharedState;
use kit::web::{
    config_string, config_u32, control, find, listen, on_seed_change, report, set_disabled, set_html, set_output,
    set_value, share, target_attribute,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, MouseEvent};

use crate::config::{Config, Method, Settings};
use crate::view::{self, Index, Mode};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    index: Index,
    random: Rng,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

const SLIDERS: [&str; 7] = ["x", "y", "k", "cells", "nprobe", "m", "ef"];

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let authored = Config {
        points: number("points", defaults.points),
        method: config_string(config, "method").unwrap_or(defaults.method),
        k: number("k", defaults.k),
        cells: number("cells", defaults.cells),
        nprobe: number("nprobe", defaults.nprobe),
        m: number("m", defaults.m),
        ef: number("ef", defaults.ef),
        x: number("x", defaults.x),
        y: number("y", defaults.y),
        seed: u64::from(number("seed", 1)),
    };
    let settings = authored.settings();
    let index = Index::build(&settings);
    set_html(root, &view::render(&settings, &index, Mode::Live));
    let state = State { index, random: Rng::seeded(settings.seed ^ 0x7175_6572), settings };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    for kind in ["input", "change"] {
        let on_event = Rc::clone(&widget);
        listen(root, kind, move |event| {
            let Some((key, value)) = control(&event) else { return };
            if key != "seed" && SLIDERS.contains(&key.as_str()) == (event.type_() == "input") {
                on_event.set(&key, &value);
            }
        })?;
    }
    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| {
        if target_attribute(&event, "data-action").as_deref() == Some("random") {
            on_click.random_query();
        } else if let Some(mouse) = event.dyn_ref::<MouseEvent>() {
            on_click.clicked(mouse);
        }
    })?;
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| {
        let settings = Settings { seed, ..on_seed.state.borrow().settings };
        on_seed.apply(settings);
    })?;
    Ok(())
}

impl Widget {
    fn set(&self, key: &str, value: &str) {
        let mut settings = self.state.borrow().settings;
        let number = value.parse::<u32>().ok();
        match (key, number) {
            ("method", _) => settings.method = Method::from_key(value).unwrap_or(settings.method),
            ("points", Some(points)) => settings.points = points,
            ("x", Some(x)) => settings.query.0 = x,
            ("y", Some(y)) => settings.query.1 = y,
            ("k", Some(k)) => settings.k = k,
            ("cells", Some(cells)) => settings.cells = cells,
            ("nprobe", Some(nprobe)) => settings.nprobe = nprobe,
            ("m", Some(m)) => settings.m = m,
            ("ef", Some(ef)) => settings.ef = ef,
            _ => return,
        }
        self.apply(settings.clamped());
    }

    /// A click inside the square moves the query there.
    fn clicked(&self, mouse: &MouseEvent) {
        let Ok(square) = find(&self.root, "[data-part=square]") else { return };
        let Some(target) = mouse.target().and_then(|target| target.dyn_into::<Element>().ok()) else { return };
        if !square.contains(Some(&target)) {
            return;
        }
        let rect = square.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        // The square's drawing area spans 10..330 of its 340-unit view box.
        let to_unit = |offset: f64, size: f64| ((offset / size * 340.0 - 10.0) / 320.0).clamp(0.0, 1.0);
        let x = to_unit(f64::from(mouse.client_x()) - rect.left(), rect.width());
        let y = 1.0 - to_unit(f64::from(mouse.client_y()) - rect.top(), rect.height());
        let mut settings = self.state.borrow().settings;
        settings.query = ((x * 100.0).round() as u32, (y * 100.0).round() as u32);
        self.apply(settings);
    }

    fn random_query(&self) {
        let mut settings = self.state.borrow().settings;
        {
            let mut state = self.state.borrow_mut();
            settings.query = (state.random.below(101) as u32, state.random.below(101) as u32);
        }
        self.apply(settings);
    }

    fn apply(&self, settings: Settings) {
        {
            let mut state = self.state.borrow_mut();
            let previous = state.settings;
            if (previous.points, previous.cells, previous.m, previous.seed)
                != (settings.points, settings.cells, settings.m, settings.seed)
            {
                state.index = Index::build(&settings);
            }
            state.settings = settings;
        }
        report(&self.root, self.redraw());
    }

    fn redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let settings = state.settings;
        share(
            &self.root,
            SharedState::new()
                .number("points", settings.points)
                .text("method", settings.method.key())
                .number("k", settings.k)
                .number("cells", settings.cells)
                .number("nprobe", settings.nprobe)
                .number("m", settings.m)
                .number("ef", settings.ef)
                .number("x", settings.query.0)
                .number("y", settings.query.1)
                .number("seed", settings.seed as u32),
        );
        let found = state.index.search(&settings);
        set_html(&find(&self.root, "[data-part=plane]")?, &view::plane(&settings, &state.index, &found));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&settings, &state.index, &found));
        for (key, value) in [
            ("x", settings.query.0),
            ("y", settings.query.1),
            ("k", settings.k),
            ("cells", settings.cells),
            ("nprobe", settings.nprobe),
            ("m", settings.m),
            ("ef", settings.ef),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
            let mut selector = String::from("input[data-control=");
            selector.push_str(key);
            selector.push(']');
            set_value(&self.root, &selector, &kit::num::uint(u64::from(value)))?;
        }
        find(&self.root, "input[data-control=nprobe]")?
            .set_attribute("max", &kit::num::uint(u64::from(settings.cells)))?;
        for (key, off) in [
            ("cells", settings.method != Method::Ivf),
            ("nprobe", settings.method != Method::Ivf),
            ("m", settings.method != Method::Hnsw),
            ("ef", settings.method != Method::Hnsw),
        ] {
            let mut selector = String::from("input[data-control=");
            selector.push_str(key);
            selector.push(']');
            set_disabled(&self.root, &selector, off)?;
        }
        Ok(())
    }
}
