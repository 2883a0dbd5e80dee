//! Every duration the simulation uses. The first group are Kubernetes defaults as of v1.32
//! (the release that moved the node grace period to 50 s) through v1.35, each checked against
//! the official documentation and cited per constant; the second group are this
//! model's own choices for things that have no default (network, image pulls, start-up), kept
//! short so the control loops stay visible.

/// Simulated time, in milliseconds since the cluster started.
pub type Millis = u64;

pub const SECOND: Millis = 1_000;

// --- Kubernetes defaults ---

/// The kubelet renews its node Lease every 10 s (a quarter of the 40 s lease duration):
/// the node heartbeat. (docs: concepts/architecture/nodes, "Heartbeats"; kubelet config
/// `nodeLeaseDurationSeconds: 40`.)
pub const LEASE_RENEW_INTERVAL: Millis = 10 * SECOND;

/// How often the node lifecycle controller checks every node's heartbeat
/// (kube-controller-manager `--node-monitor-period`, default 5 s).
pub const NODE_MONITOR_PERIOD: Millis = 5 * SECOND;

/// How long a node may go without a heartbeat before its Ready condition becomes Unknown
/// (kube-controller-manager `--node-monitor-grace-period`, default 50 s since v1.32; 40 s before).
pub const NODE_MONITOR_GRACE_PERIOD: Millis = 50 * SECOND;

/// The `node.kubernetes.io/unreachable` and `not-ready` NoExecute tolerations that the
/// DefaultTolerationSeconds admission plugin adds to every pod: evicted 300 s after the taint.
pub const TOLERATION_SECONDS: Millis = 300 * SECOND;

// --- This model's choices ---

/// From a write to the API server to the watch event reaching every watcher.
pub const WATCH_LATENCY: Millis = 20;

/// From a controller's wake-up to its write (one reconcile pass).
pub const SYNC_LATENCY: Millis = 5;

/// One scheduling cycle (filter, score, bind) per pod.
pub const SCHEDULING_CYCLE: Millis = 10;

/// Pulling an image the node has not run before; 0.4 s when the node already has it.
pub const IMAGE_PULL: Millis = 3 * SECOND;
pub const IMAGE_CACHED: Millis = 400;

/// From the container's start to its first successful readiness probe.
pub const READY_AFTER_START: Millis = 1_500;

/// The model's application exits 1 s after SIGTERM, well inside the 30 s that
/// `terminationGracePeriodSeconds` allows by default before SIGKILL.
pub const SHUTDOWN: Millis = SECOND;
