//! The registry of widgets, for the generator (native only).
//!
//! For each widget it knows the name an author writes after ```` ```widget ````, a title and a
//! one-line description for the figure, its stylesheet, and how to turn the block's YAML into
//! a validated config (as JSON for the page) and a static rendering of the initial state drawn
//! by the widget's own `view` code.

mod embed;

pub use embed::{embed, ConfigError, Embedded};

/// What the generator needs to know about one widget.
pub struct Widget {
    /// The name in ```` ```widget NAME ````, the crate under `widgets/` and the module
    /// `widgets/NAME/NAME.js` in the built site.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// CSS for the widget's markup, using the theme's design tokens.
    pub stylesheet: &'static str,
    /// YAML config -> (config as JSON, static HTML of the initial state).
    render: fn(&str) -> Result<Embedded, ConfigError>,
}

/// Every widget, in name order.
pub const WIDGETS: &[Widget] = &[
    Widget {
        name: "autoscaler",
        title: "Autoscaling response",
        description: "The Kubernetes Horizontal Pod Autoscaler against a workload: replicas, utilization, queueing and drops over time, with every decision explained.",
        stylesheet: include_str!("../../autoscaler/style.css"),
        render: |yaml| {
            embed(yaml, |config: &autoscaler::config::Config| {
                config.validate()?;
                let run = autoscaler::simulation::Run::simulate(config.settings());
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: true,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                Ok(autoscaler::view::render(&run, autoscaler::simulation::DURATION, &transport, autoscaler::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "availability",
        title: "Availability",
        description: "Compose a request path from stages in series, each with replicas in parallel and an availability or MTBF and MTTR; read the composite availability, the downtime per year and month, and an error budget with its burn rate.",
        stylesheet: include_str!("../../availability/style.css"),
        render: |yaml| {
            embed(yaml, |config: &availability::config::Config| {
                config.validate()?;
                let stages = config.preset().stages();
                let scene = availability::view::Scene { stages: &stages, slo: config.slo(), error_rate: 0.001 };
                Ok(availability::view::render(&scene, availability::view::Look::Static))
            })
        },
    },
    Widget {
        name: "bloom",
        title: "Bloom filter",
        description: "Insert and query words in m bits with k hashes; watch false positives appear and compare them with the formula.",
        stylesheet: include_str!("../../bloom/style.css"),
        render: |yaml| {
            embed(yaml, |config: &bloom::config::Config| {
                config.validate()?;
                let filter = config.to_model();
                let curve = bloom::view::Curve::new(filter.bits(), filter.hashes(), filter.words().len() as u32, config.seed);
                Ok(bloom::view::render(&filter, &bloom::view::Last::Nothing, &curve, config.seed, bloom::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "btree",
        title: "B+tree",
        description: "Insert, delete and search keys in a B+tree of any order from 3 to 8; watch nodes split, borrow and merge, and range scans walk the leaf chain.",
        stylesheet: include_str!("../../btree/style.css"),
        render: |yaml| {
            embed(yaml, |config: &btree::config::Config| {
                config.validate()?;
                let tree = btree::config::build(config.order as usize, &config.operations());
                Ok(btree::view::render(&tree, &btree::view::Last::Nothing, btree::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "capacity-estimator",
        title: "Capacity estimator",
        description: "Back-of-the-envelope estimation as a live worksheet: daily users, writes, reads, object size, retention, replication and peak factor in; request rates, storage, bandwidth and a first count of machines out, every step with its units.",
        stylesheet: include_str!("../../capacity-estimator/style.css"),
        render: |yaml| {
            embed(yaml, |config: &capacity_estimator::config::Config| {
                config.validate()?;
                let preset = capacity_estimator::worksheet::Preset::from_key(&config.preset);
                Ok(capacity_estimator::view::render(&config.inputs(), preset, capacity_estimator::view::Look::Static))
            })
        },
    },
    Widget {
        name: "consistent-hashing",
        title: "Consistent hashing",
        description: "Place keys on nodes by hash mod N, a hash ring with or without virtual nodes, jump hash or rendezvous hashing; add and remove nodes to see which keys move.",
        stylesheet: include_str!("../../consistent-hashing/style.css"),
        render: |yaml| {
            embed(yaml, |config: &consistent_hashing::config::Config| {
                config.validate()?;
                let placement = config.to_model();
                let scene = consistent_hashing::view::Scene { placement: &placement, keys: config.keys, change: None };
                Ok(consistent_hashing::view::render(&scene, consistent_hashing::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "crdt",
        title: "CRDTs",
        description: "G-Counter, PN-Counter, OR-Set and an LWW register on 2-4 replicas: update them, cut replicas off, sync and heal, and follow every merge; the register loses a concurrent add the OR-Set keeps.",
        stylesheet: include_str!("../../crdt/style.css"),
        render: |yaml| {
            embed(yaml, |config: &crdt::config::Config| {
                config.validate()?;
                let cluster = config.cluster();
                let scene = crdt::view::Scene { cluster: &cluster, kind: config.kind(), item: 0, can_undo: false };
                Ok(crdt::view::render(&scene, crdt::view::Look::Static))
            })
        },
    },
    Widget {
        name: "history-checker",
        title: "History checker",
        description: "A history of reads and writes on one register, each an interval in time: move, stretch and edit operations, or draw a random history, and see which consistency models it satisfies, with an order that shows it or a witness that it cannot.",
        stylesheet: include_str!("../../history-checker/style.css"),
        render: |yaml| {
            embed(yaml, |config: &history_checker::config::Config| {
                config.validate()?;
                let history = config.history();
                let scene = history_checker::view::Scene { history: &history, selected: None, seed: config.seed, notice: None };
                Ok(history_checker::view::render(&scene, history_checker::view::Look::Static))
            })
        },
    },
    Widget {
        name: "k8s-explorer",
        title: "Kubernetes architecture explorer",
        description: "A simulated cluster (API server and etcd, scheduler, Deployment, ReplicaSet and node lifecycle controllers, 3-6 kubelets) reconciling a Deployment step by step: apply, scale, roll out with maxSurge and maxUnavailable, delete a pod, fail, cordon or drain a node, or request more than fits, on the real default timings.",
        stylesheet: include_str!("../../k8s-explorer/style.css"),
        render: |yaml| {
            embed(yaml, |config: &k8s_explorer::config::Config| {
                config.validate()?;
                let cluster = config.setup().build();
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: false,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                let draft = cluster.deployment.as_ref().map_or(config.spec(), |deployment| deployment.spec);
                let form = k8s_explorer::view::Form {
                    draft: &draft,
                    node: 0,
                    waits: k8s_explorer::view::DEFAULT_WAITS,
                    transport: &transport,
                    notice: None,
                };
                Ok(k8s_explorer::view::render(&cluster, &form, k8s_explorer::view::Look::Static))
            })
        },
    },
    Widget {
        name: "latency-numbers",
        title: "Latency numbers",
        description: "The numbers every engineer should know, published beside current measured figures on a log scale, with a human-scale view and the provenance of every number.",
        stylesheet: include_str!("../../latency-numbers/style.css"),
        render: |yaml| {
            embed(yaml, |config: &latency_numbers::config::Config| {
                config.validate()?;
                let choice = latency_numbers::view::choice(&config.view, &config.small, &config.large);
                Ok(latency_numbers::view::render(&choice, latency_numbers::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "load-balancer",
        title: "Load balancing",
        description: "Nine strategies dispatch the same stream of requests to backends with queues; watch latency, hot spots and failures, and compare them all on one trace.",
        stylesheet: include_str!("../../load-balancer/style.css"),
        render: |yaml| {
            embed(yaml, |config: &load_balancer::config::Config| {
                config.validate()?;
                let mut simulation = load_balancer::simulation::Simulation::new(config.settings());
                simulation.run_until(f64::from(load_balancer::simulation::OPENING_TIME));
                let comparison = load_balancer::simulation::compare(&simulation.settings, load_balancer::simulation::COMPARED_REQUESTS);
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: false,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                Ok(load_balancer::view::render(&simulation, &comparison, &transport, load_balancer::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "lsm",
        title: "LSM tree",
        description: "Stream puts and deletes into a memtable, flush them to sorted tables and compact them, leveled or tiered; follow a get through the Bloom filters and watch write, read and space amplification.",
        stylesheet: include_str!("../../lsm/style.css"),
        render: |yaml| {
            embed(yaml, |config: &lsm::config::Config| {
                config.validate()?;
                let tree = config.to_model();
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: false,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                let scene = lsm::view::Scene { tree: &tree, lookup: None, fresh_from: u32::MAX, transport: &transport };
                Ok(lsm::view::render(&scene, lsm::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "queueing",
        title: "Queueing",
        description: "Raise utilization and watch waiting grow: M/M/1, M/M/c and M/D/1 closed forms beside a simulation of the same queue, with Little's law checked live.",
        stylesheet: include_str!("../../queueing/style.css"),
        render: |yaml| {
            embed(yaml, |config: &queueing::config::Config| {
                config.validate()?;
                let scene = queueing::view::Scene {
                    queue: config.queue(),
                    servers: config.servers,
                    service_ms: config.service_ms,
                    seed: config.seed,
                };
                Ok(queueing::view::render(&scene, queueing::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "quorum",
        title: "Quorum budgets",
        description: "Balance read and write quorums for the guarantees you need; click a replica to take it down.",
        stylesheet: include_str!("../../quorum/style.css"),
        render: |yaml| {
            embed(yaml, |config: &quorum::config::Config| {
                config.validate()?;
                let panel = config.latency_profile().map(|profile| quorum::staleness::Panel { profile, seed: config.seed });
                Ok(quorum::view::render(&config.to_model(), panel, quorum::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "race-lab",
        title: "Race lab",
        description: "Two or three threads running a few lines each: step them by hand into a lost update, a broken check-then-act or a deadlock with its wait-for cycle, count the interleavings that end correctly, and add a lock.",
        stylesheet: include_str!("../../race-lab/style.css"),
        render: |yaml| {
            embed(yaml, |config: &race_lab::config::Config| {
                config.validate()?;
                Ok(race_lab::view::render(&config.machine(), None, race_lab::view::Look::Static))
            })
        },
    },
    Widget {
        name: "raft",
        title: "Raft",
        description: "Servers elect a leader and replicate a log, one event at a time; crash them, partition them, drop messages, or switch a safety rule off and let the widget find a run that breaks.",
        stylesheet: include_str!("../../raft/style.css"),
        render: |yaml| {
            embed(yaml, |config: &raft::config::Config| {
                config.validate()?;
                let spec = config.spec();
                let run = spec.build();
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: false,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                let ui = raft::view::Ui {
                    transport: &transport,
                    search: raft::view::Search::Idle,
                    servers: spec.servers,
                    figure: spec.figure,
                    broken: spec.broken,
                };
                Ok(raft::view::render(&run, &ui, raft::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "rate-limiter",
        title: "Rate limiters",
        description: "Token bucket, leaky bucket, fixed window, sliding log and sliding counter on the same request trace (steady, bursty, or aimed at window edges): who passes, each limiter's state, and the most requests any window-length interval lets through.",
        stylesheet: include_str!("../../rate-limiter/style.css"),
        render: |yaml| {
            embed(yaml, |config: &rate_limiter::config::Config| {
                config.validate()?;
                let settings = config.settings();
                let (trace, outcomes) = rate_limiter::view::simulate(&settings);
                let scene = rate_limiter::view::Scene { settings: &settings, trace: &trace, outcomes: &outcomes, cursor: 50 };
                Ok(rate_limiter::view::render(&scene, rate_limiter::view::Look::Static))
            })
        },
    },
    Widget {
        name: "replication",
        title: "Replication",
        description: "A leader and 2-4 followers, asynchronous, semi-synchronous or synchronous, with a lag per link; clients read from any replica while the widget flags each anomaly of lag, and a failover lists the acknowledged writes it loses.",
        stylesheet: include_str!("../../replication/style.css"),
        render: |yaml| {
            embed(yaml, |config: &replication::config::Config| {
                config.validate()?;
                let settings = config.settings();
                let cluster = replication::script::replay(&settings, &config.actions());
                let transport = kit::controls::Transport {
                    playing: false,
                    can_step_back: false,
                    speed: kit::controls::DEFAULT_SPEED,
                    seed: config.seed as u32,
                };
                let scene = replication::view::Scene { cluster: &cluster, settings: &settings, transport: &transport };
                Ok(replication::view::render(&scene, replication::view::Look::Static))
            })
        },
    },
    Widget {
        name: "retry-storm",
        title: "Retry storm",
        description: "A chain of 1-5 service layers over a capacity-limited bottom, each with retries, a timeout and backoff with or without jitter, an optional retry budget, circuit breaker and deadline propagation; watch a transient spike turn into a metastable overload and what cures it.",
        stylesheet: include_str!("../../retry-storm/style.css"),
        render: |yaml| {
            embed(yaml, |config: &retry_storm::config::Config| {
                config.validate()?;
                let settings = config.settings();
                let report = retry_storm::simulation::simulate(&settings, None);
                Ok(retry_storm::view::render(&settings, &report, retry_storm::view::Look::Static))
            })
        },
    },
    Widget {
        name: "saga",
        title: "Saga",
        description: "An order workflow of 3-6 local transactions, orchestrated or choreographed: make a step fail and watch compensations run in reverse; duplicate a message or crash a service and see what idempotency keys and a transactional outbox save.",
        stylesheet: include_str!("../../saga/style.css"),
        render: |yaml| {
            embed(yaml, |config: &saga::config::Config| {
                config.validate()?;
                let mut run = saga::model::Saga::new(config.settings());
                for _ in 0..config.progress {
                    run.step();
                }
                let transport =
                    kit::controls::Transport { playing: false, can_step_back: false, speed: kit::controls::DEFAULT_SPEED, seed: 0 };
                Ok(saga::view::render(&run, &transport, saga::view::Look::Static))
            })
        },
    },
    Widget {
        name: "scheduler",
        title: "CPU scheduler",
        description: "The same jobs on one core under FIFO, SJF, STCF, round robin and a multi-level feedback queue with priority boost: Gantt charts, and turnaround and response times per job and on average.",
        stylesheet: include_str!("../../scheduler/style.css"),
        render: |yaml| {
            embed(yaml, |config: &scheduler::config::Config| {
                config.validate()?;
                let jobs = config.jobs();
                let scene = scheduler::view::Scene { jobs: &jobs, settings: config.settings(), policy: config.policy() };
                Ok(scheduler::view::render(&scene, scheduler::view::Look::Static))
            })
        },
    },
    Widget {
        name: "shard-skew",
        title: "Shard skew",
        description: "Zipf-popular keys over hash, consistent-hash and range partitions: per-shard load and data, the hottest keys, salting and caching as cures, and what adding a shard moves.",
        stylesheet: include_str!("../../shard-skew/style.css"),
        render: |yaml| {
            embed(yaml, |config: &shard_skew::config::Config| {
                config.validate()?;
                Ok(shard_skew::view::render(&config.settings(), shard_skew::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "two-phase-commit",
        title: "Two-phase commit",
        description: "A coordinator and 2-5 participants run two-phase commit one event at a time; crash any node or drop a message, watch prepared participants block while holding locks, and replay the same schedule with a replicated coordinator.",
        stylesheet: include_str!("../../two-phase-commit/style.css"),
        render: |yaml| {
            embed(yaml, |config: &two_phase_commit::config::Config| {
                config.validate()?;
                let settings = config.settings();
                let run = two_phase_commit::script::replay(&settings, &[]);
                let transport =
                    kit::controls::Transport { playing: false, can_step_back: false, speed: kit::controls::DEFAULT_SPEED, seed: 0 };
                let scene = two_phase_commit::view::Scene { run: &run, settings: &settings, transport: &transport };
                Ok(two_phase_commit::view::render(&scene, two_phase_commit::view::Look::Static))
            })
        },
    },
    Widget {
        name: "vector-index",
        title: "Vector search",
        description: "Brute force, IVF and HNSW find the nearest points to a query you move; compare recall@k with the distance computations each one spends.",
        stylesheet: include_str!("../../vector-index/style.css"),
        render: |yaml| {
            embed(yaml, |config: &vector_index::config::Config| {
                config.validate()?;
                let settings = config.settings();
                let index = vector_index::view::Index::build(&settings);
                Ok(vector_index::view::render(&settings, &index, vector_index::view::Mode::Static))
            })
        },
    },
    Widget {
        name: "vector-clocks",
        title: "Vector clocks",
        description: "Processes exchange messages; pick two events to see whether one happened before the other or they are concurrent.",
        stylesheet: include_str!("../../vector-clocks/style.css"),
        render: |yaml| {
            embed(yaml, |config: &vector_clocks::config::Config| {
                config.validate()?;
                Ok(vector_clocks::view::render(
                    &config.to_model(),
                    vector_clocks::view::Selection::default(),
                    config.seed,
                    vector_clocks::view::Mode::Static,
                ))
            })
        },
    },
];

/// The widget called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Widget> {
    WIDGETS.iter().find(|widget| widget.name == name)
}

/// The known name closest to a misspelled one, for "did you mean" hints.
pub fn closest_name(name: &str) -> Option<&'static str> {
    embed::closest(name, WIDGETS.iter().map(|widget| widget.name))
}

impl Widget {
    /// Validates `yaml` (the block's body) and renders the widget's initial state.
    pub fn embed(&self, yaml: &str) -> Result<Embedded, ConfigError> {
        (self.render)(yaml)
    }
}
