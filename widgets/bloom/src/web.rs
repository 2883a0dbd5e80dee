//! Mounts the Bloom filter widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::rng::Rng;
use kit::state::SharedState;
use kit::web::{
    config_string_list, config_u32, find, listen, on_action, on_seed_change, report, set_html, set_output, set_value,
    share, target_attribute,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use crate::model::Filter;
use crate::view::{self, Curve, Last, Mode};

/// Entry point the theme's loader calls with the figure's body and its parsed `data-config`.
#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    filter: Filter,
    last: Last,
    curve: Curve,
    seed: u64,
    random: Rng,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

/// Words for "Insert 5 random words", numbered so repeats are new words.
const VOCABULARY: &[&str] = &[
    "raft",
    "paxos",
    "gossip",
    "quorum",
    "lease",
    "epoch",
    "shard",
    "replica",
    "leader",
    "vector",
    "clock",
    "merkle",
    "hint",
    "tombstone",
    "compaction",
    "snapshot",
    "ledger",
    "beacon",
    "fence",
    "token",
];

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let bits = config_u32(config, "bits", 64);
    let hashes = config_u32(config, "hashes", 3);
    let seed = u64::from(config_u32(config, "seed", 1));
    let mut filter = Filter::new(bits, hashes);
    for item in config_string_list(config, "items") {
        filter.insert(&item);
    }
    let curve = Curve::new(filter.bits(), filter.hashes(), filter.words().len() as u32, seed);
    set_html(root, &view::render(&filter, &Last::Nothing, &curve, seed, Mode::Live));
    let state = State { filter, last: Last::Nothing, curve, seed, random: Rng::seeded(seed) };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });

    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| on_input.slider_moved(&event))?;
    let on_seed = Rc::clone(&widget);
    on_seed_change(root, move |seed| on_seed.reseed(seed))?;
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let enter = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.key() == "Enter");
        if enter && target_attribute(&event, "data-control").as_deref() == Some("word") {
            event.prevent_default();
            on_key.act("insert");
        }
    })?;
    Ok(())
}

impl Widget {
    fn slider_moved(&self, event: &Event) {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<HtmlInputElement>().ok()) else { return };
        let value = input.value_as_number();
        if !value.is_finite() {
            return;
        }
        {
            let mut state = self.state.borrow_mut();
            let (bits, hashes) = match input.get_attribute("data-control").as_deref() {
                Some("bits") => (value as u32, state.filter.hashes()),
                Some("hashes") => (state.filter.bits(), value as u32),
                _ => return,
            };
            state.filter = state.filter.resized(bits, hashes);
            state.last = Last::Nothing;
            state.curve =
                Curve::new(state.filter.bits(), state.filter.hashes(), state.filter.words().len() as u32, state.seed);
        }
        self.redraw();
    }

    /// A new seed: new random words from now on, and new measured rates.
    fn reseed(&self, seed: u64) {
        {
            let mut state = self.state.borrow_mut();
            state.seed = seed;
            state.random = Rng::seeded(seed);
            let n = state.filter.words().len() as u32;
            state.curve = Curve::new(state.filter.bits(), state.filter.hashes(), n, seed);
        }
        self.redraw();
    }

    fn act(&self, action: &str) {
        let word = find(&self.root, "input[data-control=word]")
            .ok()
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value().trim().to_string())
            .unwrap_or_default();
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match action {
                "insert" if !word.is_empty() => {
                    let bits = state.filter.insert(&word);
                    state.last = Last::Inserted { word, bits };
                }
                "query" if !word.is_empty() => {
                    let query = state.filter.query(&word);
                    state.last = Last::Queried { word, query };
                }
                "random" => {
                    for _ in 0..5 {
                        let mut random = String::from(VOCABULARY[state.random.below(VOCABULARY.len() as u64) as usize]);
                        random.push('-');
                        kit::num::push_uint(&mut random, state.random.below(1000));
                        state.filter.insert(&random);
                    }
                    state.last = Last::AddedRandom { count: 5 };
                }
                "reset" => {
                    state.filter = Filter::new(state.filter.bits(), state.filter.hashes());
                    state.last = Last::Nothing;
                }
                _ => return,
            }
            // The measured points do not depend on the words; only the "now" marker and, past
            // the chart's range, its scale do.
            let n = state.filter.words().len() as u32;
            if f64::from(n) > state.curve.max_items {
                state.curve = Curve::new(state.filter.bits(), state.filter.hashes(), n, state.seed);
            }
        }
        self.redraw();
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        set_value(&self.root, "[data-control=seed]", &kit::num::uint(state.seed))?;
        share(
            &self.root,
            SharedState::new()
                .number("bits", state.filter.bits())
                .number("hashes", state.filter.hashes())
                .number("seed", state.seed as u32)
                .strings("items", state.filter.words()),
        );
        set_html(&find(&self.root, "[data-part=grid]")?, &view::grid(&state.filter, &state.last));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.filter, &state.last));
        set_html(&find(&self.root, "[data-part=chart]")?, &view::chart(&state.filter, &state.curve));
        for (key, value) in [("bits", state.filter.bits()), ("hashes", state.filter.hashes())] {
            set_output(&self.root, key, &kit::num::uint(u64::from(value)))?;
        }
        Ok(())
    }
}
