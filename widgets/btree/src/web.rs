//! Mounts the B+tree widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::rng::Rng;
use kit::state::SharedState;
use kit::web::{
    config_u32, config_u32_list, control, find, listen, on_action, report, set_html, share, target_attribute,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent};

use crate::config::{build, Config, Operation, KEY_RANGE};
use crate::tree::Tree;
use crate::view::{self, Last, Mode};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    tree: Tree,
    /// Every insert and delete so far, for links and for rebuilding at another order.
    operations: Vec<Operation>,
    /// Where Reset returns to.
    initial: Vec<Operation>,
    last: Last,
    random: Rng,
    seed: u64,
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        order: config_u32(config, "order", defaults.order),
        keys: config_u32_list(config, "keys"),
        random: config_u32(config, "random", defaults.random),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let initial = authored.operations();
    // A link carries the whole history instead.
    let shared: Vec<Operation> = config_u32_list(config, "operations").into_iter().map(Operation::decode).collect();
    let operations = if shared.is_empty() { initial.clone() } else { shared };
    let tree = build(authored.order as usize, &operations);
    set_html(root, &view::render(&tree, &Last::Nothing, Mode::Live));
    let state = State {
        tree,
        operations,
        initial,
        last: Last::Nothing,
        random: Rng::seeded(authored.seed ^ 0x7261_6e64),
        seed: authored.seed,
    };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let enter = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.key() == "Enter");
        match target_attribute(&event, "data-control").as_deref().filter(|_| enter) {
            Some("key") => on_key.act("insert"),
            Some("low" | "high") => on_key.act("scan"),
            _ => return,
        }
        event.prevent_default();
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        let order =
            control(&event).filter(|(key, _)| key == "order").and_then(|(_, value)| value.parse::<usize>().ok());
        if let Some(order) = order {
            on_change.reorder(order);
        }
    })?;
    Ok(())
}

impl Widget {
    fn number(&self, control: &str) -> Option<u32> {
        let mut selector = String::from("input[data-control=");
        selector.push_str(control);
        selector.push(']');
        let input = find(&self.root, &selector).ok()?;
        let value = js_sys::Reflect::get(&input, &JsValue::from_str("value")).ok()?.as_string()?;
        value.trim().parse::<u32>().ok().filter(|&value| value <= 9999)
    }

    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match action {
                "insert" | "delete" | "search" => {
                    let Some(key) = self.number("key") else { return };
                    state.last = match action {
                        "insert" => {
                            let trace = state.tree.insert(key);
                            state.operations.push(Operation::Insert(key));
                            Last::Inserted { key, added: trace.done, changes: trace.changes, path: trace.path }
                        }
                        "delete" => {
                            let trace = state.tree.delete(key);
                            state.operations.push(Operation::Delete(key));
                            Last::Deleted { key, removed: trace.done, changes: trace.changes, path: trace.path }
                        }
                        _ => {
                            let trace = state.tree.search(key);
                            Last::Searched { key, found: trace.done, path: trace.path }
                        }
                    };
                }
                "scan" => {
                    let (Some(low), Some(high)) = (self.number("low"), self.number("high")) else { return };
                    let (low, high) = (low.min(high), low.max(high));
                    let (keys, leaves) = state.tree.range(low, high);
                    state.last = Last::Scanned { low, high, keys, leaves };
                }
                "random" => {
                    let mut added = 0;
                    for _ in 0..10 {
                        let key = 1 + state.random.below(KEY_RANGE) as u32;
                        // A key already in the tree is drawn but not added.
                        if state.tree.insert(key).done {
                            added += 1;
                        }
                        state.operations.push(Operation::Insert(key));
                    }
                    state.last = Last::AddedRandom { count: added };
                }
                "reset" => {
                    state.operations = state.initial.clone();
                    state.tree = build(state.tree.order(), &state.operations);
                    state.random = Rng::seeded(state.seed ^ 0x7261_6e64);
                    state.last = Last::Nothing;
                }
                _ => return,
            }
        }
        report(&self.root, self.redraw());
    }

    /// The same history replayed on a tree of another order.
    fn reorder(&self, order: usize) {
        {
            let mut state = self.state.borrow_mut();
            state.tree = build(order, &state.operations);
            state.last = Last::Nothing;
        }
        report(&self.root, self.redraw());
    }

    fn redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let operations: Vec<u32> = state.operations.iter().map(|operation| operation.encode()).collect();
        share(
            &self.root,
            SharedState::new()
                .number("order", state.tree.order() as u32)
                .number("seed", state.seed as u32)
                .numbers("operations", &operations),
        );
        set_html(&find(&self.root, "[data-part=tree]")?, &view::drawing(&state.tree, &state.last));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.tree, &state.last));
        Ok(())
    }
}
