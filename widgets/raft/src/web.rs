//! Mounts the Raft widget, runs its clock and its violation search, and wires its controls
//! (wasm32 only).

use std::cell::RefCell;
use std::rc::Rc;

use kit::controls::{Transport, DEFAULT_SPEED, SPEEDS};
use kit::history::History;
use kit::state::SharedState;
use kit::web::{
    config_bool, config_string, config_u32, config_u32_list, control, find, focus_indexed, listen, report, set_html,
    set_output, set_value, share, sync_transport, target_attribute, target_index, Ticker,
};
use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent};

use crate::chaos::{find_violation, SEARCH_EVENTS};
use crate::cluster::Rule;
use crate::config::Config;
use crate::run::{Action, Run, Spec};
use crate::scenario::Figure;
use crate::view::{self, Mode, Search, Ui};

const HISTORY: usize = 300;
/// Seeds the search tries before it gives up.
const SEARCH_SEEDS: u64 = 3000;
/// Milliseconds of search per tick, so the page stays responsive.
const SEARCH_SLICE: f64 = 40.0;

#[wasm_bindgen]
pub fn mount(root: Element, config: JsValue) {
    report(&root, try_mount(&root, &config));
}

struct State {
    /// What a link rebuilds: the settings and the reader's actions so far.
    spec: Spec,
    /// Where Reset returns to.
    initial: Spec,
    run: Run,
    history: History<Run>,
    playing: bool,
    speed: usize,
    search: Search,
    next_seed: u64,
}

impl State {
    fn transport(&self) -> Transport {
        Transport {
            playing: self.playing,
            can_step_back: self.history.can_step_back() || self.run.steps() > 0,
            speed: self.speed,
            seed: self.spec.seed as u32,
        }
    }

    fn rebuild(&mut self) {
        self.run = self.spec.build();
        self.history.clear();
    }
}

struct Widget {
    root: Element,
    state: RefCell<State>,
    clock: RefCell<Option<Ticker>>,
    searcher: RefCell<Option<Ticker>>,
}

fn try_mount(root: &Element, config: &JsValue) -> Result<(), JsValue> {
    let defaults = Config::default();
    let authored = Config {
        servers: config_u32(config, "servers", defaults.servers),
        seed: u64::from(config_u32(config, "seed", 1)),
        scenario: config_string(config, "scenario"),
        drop: config_u32(config, "drop", 0),
        broken: config_string(config, "broken"),
        steps: config_u32(config, "steps", 0),
    };
    let mut spec = authored.spec();
    spec.chaos = config_bool(config, "chaos", false);
    spec.actions = config_u32_list(config, "actions")
        .chunks_exact(3)
        .filter_map(|chunk| Some((u64::from(chunk[0]), Action::decode(chunk[1], chunk[2])?)))
        .collect();
    let run = spec.build();
    let state = State {
        initial: spec.clone(),
        spec,
        run,
        history: History::new(HISTORY),
        playing: false,
        speed: DEFAULT_SPEED,
        search: Search::Idle,
        next_seed: 1,
    };
    let transport = state.transport();
    set_html(root, &view::render(&state.run, &ui(&state, &transport), Mode::Live));
    let widget = Rc::new(Widget {
        root: root.clone(),
        state: RefCell::new(state),
        clock: RefCell::new(None),
        searcher: RefCell::new(None),
    });
    let on_tick = Rc::clone(&widget);
    *widget.clock.borrow_mut() = Some(Ticker::new(move || on_tick.act("step")));
    let on_search = Rc::clone(&widget);
    *widget.searcher.borrow_mut() = Some(Ticker::new(move || on_search.search_slice()));

    let on_click = Rc::clone(&widget);
    listen(root, "click", move |event| {
        if let Some(action) = target_attribute(&event, "data-action") {
            on_click.act(&action);
        } else if let Some(server) = target_index(&event, "data-server") {
            on_click.toggle_server(server as usize);
        }
    })?;
    let on_key = Rc::clone(&widget);
    listen(root, "keydown", move |event| {
        let activates = event.dyn_ref::<KeyboardEvent>().is_some_and(|key| matches!(key.key().as_str(), "Enter" | " "));
        if let Some(server) = target_index(&event, "data-server").filter(|_| activates) {
            event.prevent_default();
            on_key.toggle_server(server as usize);
        }
    })?;
    let on_input = Rc::clone(&widget);
    listen(root, "input", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| key == "drop" || key == "servers") {
            on_input.set(&key, &value);
        }
    })?;
    let on_change = Rc::clone(&widget);
    listen(root, "change", move |event| {
        if let Some((key, value)) = control(&event).filter(|(key, _)| key != "drop" && key != "servers") {
            on_change.set(&key, &value);
        }
    })?;
    Ok(())
}

fn ui<'a>(state: &State, transport: &'a Transport) -> Ui<'a> {
    Ui {
        transport,
        search: state.search,
        servers: state.spec.servers,
        figure: state.spec.figure,
        broken: state.spec.broken,
    }
}

impl Widget {
    fn act(&self, action: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            match action {
                "step" => {
                    let snapshot = state.run.clone();
                    if state.run.step() {
                        state.history.record(&snapshot);
                        state.spec.steps = state.run.steps();
                    } else {
                        state.playing = false;
                    }
                }
                "back" => {
                    let previous = state.history.back().or_else(|| {
                        // Past the remembered steps (or after a link): rebuild one step earlier.
                        let steps = state.run.steps().checked_sub(1)?;
                        Some(Spec { steps, ..state.spec.clone() }.build())
                    });
                    let Some(previous) = previous else { return };
                    state.run = previous;
                    state.spec.steps = state.run.steps();
                    state.spec.actions.retain(|&(at, _)| at < state.spec.steps || at == 0);
                }
                "play" => state.playing = !state.playing,
                "reset" => {
                    state.spec = state.initial.clone();
                    state.rebuild();
                    state.playing = false;
                    state.search = Search::Idle;
                }
                "request" => self.record(state, Action::Request),
                "isolate" => {
                    let Some(leader) = state.run.cluster().leader() else { return };
                    self.record(state, Action::Partition(1 << leader));
                }
                "heal" => self.record(state, Action::Partition(0)),
                "search" => {
                    let Some(rule) = state.spec.broken else { return };
                    state.playing = false;
                    state.search = Search::Running { rule, seeds_tried: 0 };
                    state.next_seed = 1;
                }
                _ => return,
            }
        }
        if matches!(action, "play" | "reset" | "search" | "step") {
            self.sync_clocks();
        }
        self.redraw(None);
    }

    /// Applies a fault now and remembers it for links.
    fn record(&self, state: &mut State, action: Action) {
        let at = state.run.steps();
        let Some(cluster) = state.run.cluster_mut() else { return };
        action.apply(cluster);
        state.spec.actions.push((at, action));
    }

    fn toggle_server(&self, server: usize) {
        {
            let mut state = self.state.borrow_mut();
            let Some(up) = state.run.cluster().servers.get(server).map(|server| server.up) else { return };
            let action = if up { Action::Crash(server) } else { Action::Restart(server) };
            self.record(&mut state, action);
        }
        self.redraw(Some(server));
    }

    fn set(&self, key: &str, value: &str) {
        {
            let mut state = self.state.borrow_mut();
            let state = &mut *state;
            let number = value.parse::<u32>().ok();
            match (key, number) {
                ("drop", Some(percent)) => self.record(state, Action::DropPercent(percent.min(50))),
                ("slow", _) => {
                    let link = value.split_once('-').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
                    self.record(state, Action::SlowLink(link));
                }
                ("partition", Some(side)) => self.record(state, Action::Partition(side.min(127) as u8)),
                ("speed", Some(speed)) => {
                    state.speed = (speed as usize).min(SPEEDS.len() - 1);
                }
                ("servers", Some(servers)) => {
                    state.spec = Spec {
                        servers: servers as usize,
                        steps: 0,
                        actions: Vec::new(),
                        chaos: false,
                        ..state.spec.clone()
                    };
                    state.rebuild();
                    state.search = Search::Idle;
                }
                ("seed", Some(seed)) => {
                    state.spec = Spec { seed: u64::from(seed), steps: 0, actions: Vec::new(), ..state.spec.clone() };
                    state.rebuild();
                }
                ("scenario", _) => {
                    let figure = Figure::from_key(value);
                    let servers = figure.map_or(state.initial.servers.max(3), Figure::servers);
                    state.spec =
                        Spec { figure, servers, steps: 0, actions: Vec::new(), chaos: false, ..state.spec.clone() };
                    state.rebuild();
                    state.search = Search::Idle;
                }
                ("broken", _) => {
                    // The same steps and faults, replayed with the rule on or off.
                    state.spec.broken = Rule::from_key(value);
                    state.rebuild();
                    state.search = Search::Idle;
                }
                _ => return,
            }
        }
        if key == "speed" {
            self.sync_clocks();
        }
        self.redraw(None);
    }

    /// Tries seeds for a while, then yields to the page.
    fn search_slice(&self) {
        {
            let mut state = self.state.borrow_mut();
            let Search::Running { rule, .. } = state.search else { return };
            let started = js_sys::Date::now();
            while js_sys::Date::now() - started < SEARCH_SLICE {
                let seed = state.next_seed;
                if seed > SEARCH_SEEDS {
                    state.search = Search::NotFound { rule, seeds_tried: SEARCH_SEEDS };
                    break;
                }
                state.next_seed += 1;
                state.search = Search::Running { rule, seeds_tried: seed };
                if let Some((seed, violation)) = find_violation(state.spec.servers, rule, seed..=seed, SEARCH_EVENTS) {
                    state.spec = Spec {
                        seed,
                        chaos: true,
                        figure: None,
                        broken: Some(rule),
                        steps: violation.event,
                        actions: Vec::new(),
                        ..state.spec.clone()
                    };
                    state.rebuild();
                    state.search = Search::Found { rule, seed, violation };
                    break;
                }
            }
        }
        self.sync_clocks();
        self.redraw(None);
    }

    fn sync_clocks(&self) {
        let (playing, speed, searching) = {
            let state = self.state.borrow();
            (state.playing, state.speed, matches!(state.search, Search::Running { .. }))
        };
        if let Some(clock) = self.clock.borrow_mut().as_mut() {
            if playing {
                if !clock.running() {
                    clock.start(SPEEDS[speed.min(SPEEDS.len() - 1)].1);
                }
            } else {
                clock.stop();
            }
        }
        if let Some(searcher) = self.searcher.borrow_mut().as_mut() {
            match (searching, searcher.running()) {
                (true, false) => searcher.start(0),
                (false, true) => searcher.stop(),
                _ => {}
            }
        }
    }

    fn redraw(&self, focused_server: Option<usize>) {
        report(&self.root, self.try_redraw(focused_server));
    }

    fn try_redraw(&self, focused_server: Option<usize>) -> Result<(), JsValue> {
        let state = self.state.borrow();
        let transport = state.transport();
        let ui = ui(&state, &transport);
        let spec = &state.spec;
        let mut actions = Vec::with_capacity(spec.actions.len() * 3);
        for &(at, action) in &spec.actions {
            let (code, argument) = action.encode();
            actions.extend([at.min(u64::from(u32::MAX)) as u32, code, argument]);
        }
        let mut shared = SharedState::new()
            .number("servers", spec.servers as u32)
            .number("seed", spec.seed as u32)
            .number("drop", spec.drop_percent)
            .number("steps", spec.steps.min(u64::from(u32::MAX)) as u32)
            .flag("chaos", spec.chaos)
            .numbers("actions", &actions);
        if let Some(figure) = spec.figure {
            shared = shared.text("scenario", figure.key());
        }
        if let Some(rule) = spec.broken {
            shared = shared.text("broken", rule.key());
        }
        share(&self.root, shared);
        set_html(&find(&self.root, "[data-part=banner]")?, &view::banner(&state.run, &ui));
        set_html(&find(&self.root, "[data-part=visual]")?, &view::visual(&state.run, Mode::Live));
        set_html(&find(&self.root, "[data-part=readout]")?, &view::readout(&state.run, &ui));
        sync_transport(&self.root, &transport)?;
        let cluster = state.run.cluster();
        set_output(&self.root, "drop", &kit::num::uint(u64::from(cluster.drop_percent)))?;
        set_value(&self.root, "[data-control=drop]", &kit::num::uint(u64::from(cluster.drop_percent)))?;
        set_output(&self.root, "servers", &kit::num::uint(spec.servers as u64))?;
        set_value(&self.root, "[data-control=servers]", &kit::num::uint(spec.servers as u64))?;
        set_value(&self.root, "[data-control=scenario]", spec.figure.map_or("free", Figure::key))?;
        set_value(&self.root, "[data-control=partition]", &kit::num::uint(u64::from(cluster.partition)))?;
        let faults_off = !state.run.accepts_faults();
        for action in ["request", "isolate", "heal"] {
            let mut selector = String::from("[data-action=");
            selector.push_str(action);
            selector.push(']');
            kit::web::set_disabled(&self.root, &selector, faults_off)?;
        }
        kit::web::set_disabled(&self.root, "[data-control=drop]", faults_off)?;
        kit::web::set_disabled(&self.root, "[data-control=slow]", faults_off)?;
        kit::web::set_disabled(&self.root, "[data-control=partition]", faults_off)?;
        kit::web::set_disabled(&self.root, "[data-control=servers]", spec.figure.is_some())?;
        kit::web::set_disabled(&self.root, "[data-action=search]", spec.broken.is_none())?;
        if let Some(server) = focused_server {
            focus_indexed(&self.root, "data-server", server as u64)?;
        }
        Ok(())
    }
}
