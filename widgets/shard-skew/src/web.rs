//! Mounts the shard skew widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, config_u32, control, find, listen, on_seed_change, report, set_html, set_output, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::config::Config;
use crate::model::{place, Keys, Scheme, Settings};
use crate::view::{self, Mode};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    settings: Settings,
    keys: Keys,
    /// The resharding table depends only on the keys, shards, seed and scheme: kept while the
    /// sliders for skew and cures move.
    resharding_for: (u32, u32, u64, Scheme),
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

const SLIDERS: [&str; 6] = ["shards", "zipf", "writes", "salt_top", "salt_ways", "cache_top"];

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let number = |key: &str, default: u32| config_u32(config, key, default);
    let authored = Config {
        keys: number("keys", defaults.keys),
        zipf: number("zipf", defaults.zipf),
        shards: number("shards", defaults.shards),
        scheme: config_string(config, "scheme").unwrap_or(defaults.scheme),
        writes: number("writes", defaults.writes),
        salt_top: number("salt_top", defaults.salt_top),
        salt_ways: number("salt_ways", defaults.salt_ways),
        cache_top: number("cache_top", defaults.cache_top),
        seed: u64::from(number("seed", 1)),
    };
    let settings = authored.settings();
    set_html(root, &view::render(&settings, Mode::Live));
    let state = State {
        keys: Keys::new(&settings),
        resharding_for: (settings.keys, settings.shards, settings.seed, settings.scheme),
        settings,
    };
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
            ("scheme", _) => settings.scheme = Scheme::from_key(value).unwrap_or(settings.scheme),
            ("keys", Some(keys)) => settings.keys = keys,
            ("shards", Some(shards)) => settings.shards = shards,
            ("zipf", Some(zipf)) => settings.exponent = f64::from(zipf) / 100.0,
            ("writes", Some(writes)) => settings.writes = f64::from(writes) / 100.0,
            ("salt_top", Some(top)) => settings.salt_top = top,
            ("salt_ways", Some(ways)) => settings.salt_ways = ways,
            ("cache_top", Some(top)) => settings.cache_top = top,
            _ => return,
        }
        self.apply(settings.clamped());
    }

    fn apply(&self, settings: Settings) {
        {
            let mut state = self.state.borrow_mut();
            let previous = state.settings;
            if (previous.keys, previous.seed, previous.exponent) != (settings.keys, settings.seed, settings.exponent) {
                state.keys = Keys::new(&settings);
            }
            state.settings = settings;
        }
        report(&self.root, self.redraw());
    }

    fn redraw(&self) -> Result<(), JsValue> {
        let mut state = self.state.borrow_mut();
        let settings = state.settings;
        share(
            &self.root,
            SharedState::new()
                .number("keys", settings.keys)
                .number("zipf", (settings.exponent * 100.0 + 0.5) as u32)
                .number("shards", settings.shards)
                .text("scheme", settings.scheme.key())
                .number("writes", (settings.writes * 100.0 + 0.5) as u32)
                .number("salt_top", settings.salt_top)
                .number("salt_ways", settings.salt_ways)
                .number("cache_top", settings.cache_top)
                .number("seed", settings.seed as u32),
        );
        let outcome = place(&settings, &state.keys);
        set_html(&find(&self.root, "[data-part=charts]")?, &view::charts(&outcome));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&settings, &state.keys, &outcome));
        let resharding_for = (settings.keys, settings.shards, settings.seed, settings.scheme);
        if resharding_for != state.resharding_for {
            set_html(&find(&self.root, "[data-part=resharding]")?, &view::resharding(&settings, &state.keys));
            state.resharding_for = resharding_for;
        }
        for (key, value) in [
            ("shards", settings.shards),
            ("zipf", (settings.exponent * 100.0 + 0.5) as u32),
            ("writes", (settings.writes * 100.0 + 0.5) as u32),
            ("salt_top", settings.salt_top),
            ("salt_ways", settings.salt_ways),
            ("cache_top", settings.cache_top),
        ] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        Ok(())
    }
}
