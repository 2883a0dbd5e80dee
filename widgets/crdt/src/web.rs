//! Mounts the CRDT widget and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::state::SharedState;
use kit::web::{config_string, config_u32, config_u32_list, find, on_action, on_change, report, set_html, share};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::cluster::{Cluster, Op, MAX_REPLICAS};
use crate::config::{build, decode, encode, Config, Kind, MAX_OPS};
use crate::types::{Item, ITEMS};
use crate::view::{self, Look, Scene};

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    kind: Kind,
    item: Item,
    replicas: usize,
    ops: Vec<Op>,
    /// Where Reset returns to: the author's operations.
    initial: Vec<Op>,
    cluster: Cluster,
}

impl State {
    fn rebuild(&mut self) {
        self.cluster = build(self.replicas, &self.ops);
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        replicas: config_u32(config, "replicas", defaults.replicas),
        kind: config_string(config, "type").unwrap_or(defaults.kind),
        operations: config_string(config, "operations").unwrap_or_default(),
    };
    let initial = authored.ops();
    let shared = decode(&config_u32_list(config, "ops"));
    let ops = if shared.is_empty() { initial.clone() } else { shared };
    let replicas = (authored.replicas as usize).clamp(2, MAX_REPLICAS);
    let item = config_u32(config, "item", 0).min(ITEMS.len() as u32 - 1) as Item;
    let cluster = build(replicas, &ops);
    let state = State { kind: authored.kind(), item, replicas, ops, initial, cluster };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state) });
    widget.rebuild();
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    let on_set = Rc::clone(&widget);
    on_change(root, move |key, value| on_set.set(key, value))?;
    Ok(())
}

/// `inc-0` is "A +1"; the number is the replica.
fn operation(action: &str, item: Item) -> Option<Op> {
    let (name, replica) = action.split_once('-')?;
    let r = replica.parse::<usize>().ok()?;
    match name {
        "inc" => Some(Op::Increment(r)),
        "dec" => Some(Op::Decrement(r)),
        "add" => Some(Op::Add(r, item)),
        "remove" => Some(Op::Remove(r, item)),
        "toggle" => Some(Op::Toggle(r)),
        _ => None,
    }
}

impl Widget {
    fn act(&self, action: &str) {
        let focus = {
            let mut state = self.state.borrow_mut();
            match action {
                "undo" => {
                    if state.ops.pop().is_none() {
                        return;
                    }
                    state.rebuild();
                }
                "reset" => {
                    state.ops = state.initial.clone();
                    state.rebuild();
                }
                "sync" | "heal" => {
                    let op = if action == "sync" { Op::Sync } else { Op::Heal };
                    state.ops.push(op);
                    state.cluster.apply(op);
                }
                _ => {
                    let Some(op) = operation(action, state.item) else { return };
                    if state.ops.len() < MAX_OPS {
                        state.ops.push(op);
                        state.cluster.apply(op);
                    }
                }
            }
            action.to_string()
        };
        self.redraw_buttons(&focus);
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            match key {
                "type" => {
                    let Some(kind) = Kind::from_key(value) else { return };
                    state.kind = kind;
                }
                "replicas" => {
                    state.replicas = value.parse::<usize>().unwrap_or(3).clamp(2, MAX_REPLICAS);
                    // Operations on replicas that no longer exist do nothing in the replay.
                    state.rebuild();
                }
                "item" => state.item = value.parse::<u8>().unwrap_or(0).min(ITEMS.len() as u8 - 1),
                _ => return,
            }
        }
        self.rebuild();
        if let Ok(select) = find(&self.root, &format!("select[data-control={key}]")) {
            if let Some(select) = select.dyn_ref::<web_sys::HtmlElement>() {
                let _ = select.focus();
            }
        }
    }

    /// Redraws everything: the type or the replica count changed the controls.
    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            let scene =
                Scene { cluster: &state.cluster, kind: state.kind, item: state.item, can_undo: !state.ops.is_empty() };
            set_html(&self.root, &view::render(&scene, Look::Live));
        }
        self.redraw();
    }

    /// Redraws the buttons (their labels follow isolation and undo) and keeps focus on the one
    /// just pressed.
    fn redraw_buttons(&self, pressed: &str) {
        let state = self.state.borrow();
        let scene =
            Scene { cluster: &state.cluster, kind: state.kind, item: state.item, can_undo: !state.ops.is_empty() };
        if let Ok(part) = find(&self.root, "[data-part=buttons]") {
            set_html(&part, &view::buttons(&scene, false));
        }
        if let Ok(button) = find(&self.root, &format!("button[data-action=\"{pressed}\"]")) {
            if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        share(
            &self.root,
            SharedState::new()
                .number("replicas", state.replicas as u32)
                .text("type", state.kind.key())
                .number("item", u32::from(state.item))
                .numbers("ops", &encode(&state.ops)),
        );
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.cluster, state.kind));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.cluster, state.kind));
        Ok(())
    }
}
