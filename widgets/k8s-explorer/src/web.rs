//! Mounts the explorer, runs its clock and wires its controls (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::history::History;
use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, config_u32_list, control, find, listen, on_action, report, set_html,
    set_output, share, sync_transport, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::actions::Action;
use crate::cluster::Cluster;
use crate::config::{replay, Config, Setup, Timed};
use crate::spec::{DeploymentSpec, BOUNDS, CPU_CHOICES, IMAGES, MAX_REPLICAS, MEMORY_CHOICES};
use crate::view::{self, Form, Look, DEFAULT_WAITS, WAITS};

const HISTORY: usize = 300;

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    setup: Setup,
    /// The reader's actions, each at the moment it came: what a link replays.
    actions: Vec<Timed>,
    cluster: Cluster,
    history: History<(Cluster, usize)>,
    /// The manifest in the form, applied only by the Apply button.
    draft: DeploymentSpec,
    node: usize,
    playing: bool,
    speed: usize,
    waits: usize,
    notice: Option<String>,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: self.history.can_step_back(),
            speed: self.speed,
            seed: self.setup.seed as u32,
        }
    }

    fn restart(&mut self) {
        self.actions.clear();
        self.cluster = self.setup.build();
        self.history.clear();
        self.node = self.node.min(self.setup.nodes - 1);
        self.notice = None;
    }

    fn remember(&mut self) {
        self.history.record(&(self.cluster.clone(), self.actions.len()));
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    clock: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let optional = |key: &str| config_string(config, key);
    let authored = Config {
        nodes: config_u32(config, "nodes", defaults.nodes),
        replicas: config_u32(config, "replicas", defaults.replicas),
        image: optional("image").unwrap_or(defaults.image),
        cpu: config_u32(config, "cpu", defaults.cpu),
        memory: config_u32(config, "memory", defaults.memory),
        max_surge: optional("max_surge").unwrap_or(defaults.max_surge),
        max_unavailable: optional("max_unavailable").unwrap_or(defaults.max_unavailable),
        settled: config_bool(config, "settled", defaults.settled),
        rollout: optional("rollout"),
        fail_node: kit::web::config_optional_u32(config, "fail_node"),
        seed: u64::from(config_u32(config, "seed", 1)),
    };
    let setup = if authored.validate().is_ok() { authored.setup() } else { Config::default().setup() };
    let actions: Vec<Timed> = config_u32_list(config, "actions")
        .chunks_exact(4)
        .filter_map(|chunk| Some((u64::from(chunk[0]), u64::from(chunk[1]), Action::decode(chunk[2], chunk[3])?)))
        .take(500)
        .collect();
    let events = u64::from(config_u32(config, "events", 0));
    let now = u64::from(config_u32(config, "now", 0));
    let cluster = replay(&setup, &actions, events, now);
    let draft = cluster.deployment.as_ref().map_or(setup.spec, |deployment| deployment.spec);
    let state = State {
        setup,
        actions,
        cluster,
        history: History::new(HISTORY),
        draft,
        node: 0,
        playing: false,
        speed: DEFAULT_SPEED,
        waits: DEFAULT_WAITS,
        notice: None,
    };
    let widget = Rc::new(Widget { root: root.clone(), state: RefCell::new(state), clock: RefCell::new(None) });
    widget.rebuild();
    let on_tick = Rc::clone(&widget);
    *widget.clock.borrow_mut() = Some(Ticker::new(move || on_tick.tick()));
    let on_click = Rc::clone(&widget);
    on_action(root, move |action| on_click.act(action))?;
    // The replicas slider updates its number as it moves; everything else on change.
    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| key == "replicas") {
            on_input.set(&key, &value);
        }
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| key != "replicas") {
            on_change.set(&key, &value);
        }
    })?;
    Ok(())
}

impl Widget {
    /// One tick of play: the next step if it comes within the time this tick covers, else the
    /// clock moves on by that much (or, with waits skipped, straight to the next step).
    fn tick(&self) {
        {
            let mut state = self.state.borrow_mut();
            let interval = u64::from(SPEEDS[state.speed.min(SPEEDS.len() - 1)].1);
            state.remember();
            let stepped = match WAITS[state.waits.min(WAITS.len() - 1)].1 {
                Some(scale) => {
                    let limit = state.cluster.now + scale * interval;
                    state.cluster.advance(limit)
                }
                None => state.cluster.step(),
            };
            if !stepped && state.cluster.settled() {
                state.playing = false;
            }
        }
        self.sync_clock();
        self.redraw();
    }

    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            state.notice = None;
            let node = state.node;
            let reader_action = match action {
                "play" => {
                    state.playing = !state.playing;
                    None
                }
                "step" => {
                    state.remember();
                    if !state.cluster.step() {
                        state.notice =
                            Some("Settled: every control loop sees the state it wants. Change something.".into());
                    }
                    None
                }
                "back" => {
                    if let Some((cluster, actions)) = state.history.back() {
                        state.cluster = cluster;
                        state.actions.truncate(actions);
                    }
                    None
                }
                "reset" => {
                    state.playing = false;
                    state.restart();
                    None
                }
                "apply" => Some(Action::Apply(state.draft)),
                "delete" => Some(Action::DeletePod),
                "fail" => Some(Action::FailNode(node)),
                "recover" => Some(Action::RecoverNode(node)),
                "cordon" => Some(Action::Cordon(node)),
                "uncordon" => Some(Action::Uncordon(node)),
                "drain" => Some(Action::Drain(node)),
                _ => return,
            };
            if let Some(action) = reader_action {
                state.remember();
                let moment = (state.cluster.events_handled, state.cluster.now);
                if state.cluster.act(action) {
                    state.actions.push((moment.0, moment.1, action));
                } else {
                    state.history.back();
                    let name = state.cluster.nodes.get(node).map_or(String::new(), |n| n.name.clone());
                    state.notice = Some(match action {
                        Action::DeletePod => "No pod to delete.".into(),
                        Action::FailNode(_) => format!("{name} is already down."),
                        Action::RecoverNode(_) => format!("{name} is not down."),
                        _ => format!("{name} is not cordoned."),
                    });
                }
            }
        }
        self.sync_clock();
        self.redraw();
    }

    fn set(&self, key: &str, value: &str) {
        let restart = {
            let mut state = self.state.borrow_mut();
            let number = value.parse::<u32>().ok();
            let index = value.parse::<usize>().ok();
            let draft = &mut state.draft;
            match key {
                "replicas" => draft.replicas = number.unwrap_or(3).min(MAX_REPLICAS),
                "image" => draft.template.image = index.unwrap_or(0).min(IMAGES.len() - 1),
                "cpu" => draft.template.requests.cpu = number.filter(|n| CPU_CHOICES.contains(n)).unwrap_or(250),
                "memory" => {
                    draft.template.requests.memory = number.filter(|n| MEMORY_CHOICES.contains(n)).unwrap_or(256)
                }
                "max_surge" => draft.max_surge = BOUNDS[index.unwrap_or(3).min(BOUNDS.len() - 1)],
                "max_unavailable" => draft.max_unavailable = BOUNDS[index.unwrap_or(3).min(BOUNDS.len() - 1)],
                "node" => state.node = index.unwrap_or(0).min(state.cluster.nodes.len() - 1),
                "waits" => state.waits = index.unwrap_or(DEFAULT_WAITS).min(WAITS.len() - 1),
                "speed" => state.speed = index.unwrap_or(DEFAULT_SPEED).min(SPEEDS.len() - 1),
                "nodes" => {
                    state.setup.nodes = index.unwrap_or(4).clamp(3, 6);
                    state.setup.then = None;
                    state.restart();
                }
                "seed" => {
                    state.setup.seed = u64::from(number.unwrap_or(1));
                    state.restart();
                }
                _ => return,
            }
            key == "nodes"
        };
        self.sync_clock();
        if restart {
            // The node menu and the diagram's columns change with the number of nodes.
            self.rebuild();
        } else {
            self.redraw();
        }
    }

    fn sync_clock(&self) {
        let (playing, speed) = {
            let state = self.state.borrow();
            (state.playing, state.speed)
        };
        if let Some(clock) = self.clock.borrow_mut().as_mut() {
            clock.follow(playing, speed);
        }
    }

    fn rebuild(&self) {
        {
            let state = self.state.borrow();
            let transport = state.transport();
            let form = Form {
                draft: &state.draft,
                node: state.node,
                waits: state.waits,
                transport: &transport,
                notice: state.notice.as_deref(),
            };
            set_html(&self.root, &view::render(&state.cluster, &form, Look::Live));
            // The new markup already holds the current state: only the link needs it.
            self.share_state(&state);
        }
    }

    fn redraw(&self) {
        report(&self.root, self.try_redraw());
    }

    /// Puts the widget's state on its figure, for links.
    fn share_state(&self, state: &State) {
        let setup = &state.setup;
        let spec = setup.spec;
        let mut flat = Vec::with_capacity(state.actions.len() * 4);
        for &(events, at, action) in &state.actions {
            let (code, argument) = action.encode();
            flat.extend([events.min(u64::from(u32::MAX)) as u32, at.min(u64::from(u32::MAX)) as u32, code, argument]);
        }
        let mut shared = SharedState::new()
            .number("nodes", setup.nodes as u32)
            .number("replicas", spec.replicas)
            .text("image", spec.template.image_name())
            .number("cpu", spec.template.requests.cpu)
            .number("memory", spec.template.requests.memory)
            .text("max_surge", &spec.max_surge.label())
            .text("max_unavailable", &spec.max_unavailable.label())
            .flag("settled", setup.settled)
            .number("seed", setup.seed as u32)
            .numbers("actions", &flat)
            .number("events", state.cluster.events_handled.min(u64::from(u32::MAX)) as u32)
            .number("now", state.cluster.now.min(u64::from(u32::MAX)) as u32);
        match setup.then {
            Some(Action::Apply(next)) => shared = shared.text("rollout", next.template.image_name()),
            Some(Action::FailNode(node)) => shared = shared.number("fail_node", node as u32 + 1),
            _ => {}
        }
        share(&self.root, shared);
    }

    fn try_redraw(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        self.share_state(&state);
        set_html(&find(&self.root, "[data-part=visual]")?, &view::diagram(&state.cluster));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.cluster, state.notice.as_deref()));
        set_output(&self.root, "replicas", &kit::num::uint(u64::from(state.draft.replicas)))?;
        sync_transport(&self.root, &state.transport())
    }
}
