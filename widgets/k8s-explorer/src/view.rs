//! State -> markup, shared by the static figure and the live widget.
//!
//! The diagram puts the control plane on top (kubectl, the API server and etcd; the scheduler
//! and the three controllers) and the nodes below, each with its kubelet, its requested CPU and
//! memory and its pods. The last step is drawn as lines from who acted to who was told. Beside
//! it, in text: the step and its reason, a `kubectl get` view, and the event log.

use kit::controls::{push_button, push_choice, push_slider, push_transport, Slider, Transport};
use kit::markup::push_escaped;
use kit::num::uint;
use kit::svg::{end_tag, Tag};

use crate::cluster::{Cluster, Component};
use crate::nodes::duration_label;
use crate::objects::{Node, Pod, PodState};
use crate::spec::{cpu_label, memory_label, DeploymentSpec, BOUNDS, CPU_CHOICES, IMAGES, MAX_REPLICAS, MEMORY_CHOICES};
use crate::timing::{Millis, SECOND};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

/// How fast simulated time runs while the widget plays and nothing is happening: a multiple of
/// real time, or none to jump straight to the next step.
pub const WAITS: &[(&str, Option<u64>)] = &[("×1", Some(1)), ("×10", Some(10)), ("×60", Some(60)), ("skip", None)];
pub const DEFAULT_WAITS: usize = 2;

/// What the controls around the cluster hold: the manifest being edited, the chosen node.
pub struct Form<'a> {
    pub draft: &'a DeploymentSpec,
    pub node: usize,
    pub waits: usize,
    pub transport: &'a Transport,
    /// Why the last button did nothing, if it did nothing.
    pub notice: Option<&'a str>,
}

pub fn render(cluster: &Cluster, form: &Form, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(24_000);
    out.push_str("<div class=\"k8s\">");
    push_transport(&mut out, form.transport, disabled);
    out.push_str("<div class=\"widget-controls\">");
    let waits: Vec<(String, &str)> = WAITS.iter().enumerate().map(|(i, (label, _))| (uint(i as u64), *label)).collect();
    let options: Vec<(&str, &str)> = waits.iter().map(|(value, label)| (value.as_str(), *label)).collect();
    push_choice(&mut out, "waits", "Time while waiting", &options, &uint(form.waits as u64), disabled);
    let counts: Vec<String> = (3..=6).map(uint).collect();
    let options: Vec<(&str, &str)> = counts.iter().map(|n| (n.as_str(), n.as_str())).collect();
    push_choice(&mut out, "nodes", "Nodes (restarts)", &options, &uint(cluster.nodes.len() as u64), disabled);
    out.push_str("</div><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&diagram(cluster));
    out.push_str("</div>");
    push_deployment_form(&mut out, form.draft, disabled);
    push_node_controls(&mut out, cluster, form.node, disabled);
    out.push_str("<div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(cluster, form.notice));
    out.push_str("</div></div>");
    out
}

fn push_deployment_form(out: &mut String, draft: &DeploymentSpec, disabled: bool) {
    out.push_str("<div class=\"widget-controls k8s-form\" role=\"group\" aria-label=\"Deployment manifest\">");
    let slider =
        Slider { key: "replicas", label: "Replicas", min: 0, max: MAX_REPLICAS, step: 1, value: draft.replicas };
    push_slider(out, &slider, disabled);
    let images: Vec<(String, &str)> = IMAGES.iter().enumerate().map(|(i, name)| (uint(i as u64), *name)).collect();
    let options: Vec<(&str, &str)> = images.iter().map(|(value, label)| (value.as_str(), *label)).collect();
    push_choice(out, "image", "Image", &options, &uint(draft.template.image as u64), disabled);
    let quantity = |choices: &[u32], label: fn(u32) -> String| -> Vec<(String, String)> {
        choices.iter().map(|&value| (uint(u64::from(value)), label(value))).collect()
    };
    for (key, label, choices, value, unit) in [
        ("cpu", "CPU request", CPU_CHOICES, draft.template.requests.cpu, cpu_label as fn(u32) -> String),
        ("memory", "Memory request", MEMORY_CHOICES, draft.template.requests.memory, memory_label),
    ] {
        let pairs = quantity(choices, unit);
        let options: Vec<(&str, &str)> = pairs.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
        push_choice(out, key, label, &options, &uint(u64::from(value)), disabled);
    }
    let bounds: Vec<(String, String)> =
        BOUNDS.iter().enumerate().map(|(i, bound)| (uint(i as u64), bound.label())).collect();
    let options: Vec<(&str, &str)> = bounds.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
    let index = |bound| uint(BOUNDS.iter().position(|&b| b == bound).unwrap_or(0) as u64);
    push_choice(out, "max_surge", "maxSurge", &options, &index(draft.max_surge), disabled);
    push_choice(out, "max_unavailable", "maxUnavailable", &options, &index(draft.max_unavailable), disabled);
    push_button(out, "apply", "Apply (kubectl apply)", disabled);
    out.push_str("</div>");
}

fn push_node_controls(out: &mut String, cluster: &Cluster, node: usize, disabled: bool) {
    out.push_str("<div class=\"widget-controls\" role=\"group\" aria-label=\"Cluster actions\">");
    let names: Vec<(String, &str)> =
        cluster.nodes.iter().enumerate().map(|(i, node)| (uint(i as u64), node.name.as_str())).collect();
    let options: Vec<(&str, &str)> = names.iter().map(|(value, label)| (value.as_str(), *label)).collect();
    push_choice(out, "node", "Node", &options, &uint(node as u64), disabled);
    for (action, label) in [
        ("fail", "Fail node"),
        ("recover", "Recover node"),
        ("cordon", "Cordon"),
        ("uncordon", "Uncordon"),
        ("drain", "Drain"),
    ] {
        push_button(out, action, label, disabled);
    }
    push_button(out, "delete", "Delete a pod", disabled);
    out.push_str("</div>");
}

const WIDTH: f64 = 720.0;
const NODES_TOP: f64 = 196.0;
const NODE_HEIGHT: f64 = 176.0;
const CHIP_HEIGHT: f64 = 17.0;

/// A component's box: x, y, width, height.
fn frame(cluster: &Cluster, component: Component) -> (f64, f64, f64, f64) {
    match component {
        Component::Kubectl => (10.0, 12.0, 110.0, 44.0),
        Component::ApiServer => (250.0, 12.0, 220.0, 44.0),
        Component::Scheduler => (10.0, 96.0, 150.0, 44.0),
        Component::DeploymentController => (196.0, 96.0, 160.0, 44.0),
        Component::ReplicaSetController => (370.0, 96.0, 160.0, 44.0),
        Component::NodeController => (544.0, 96.0, 166.0, 44.0),
        Component::Kubelet(node) => {
            let (x, width) = node_column(cluster, node);
            (x, NODES_TOP, width, 34.0)
        }
    }
}

fn node_column(cluster: &Cluster, node: usize) -> (f64, f64) {
    let count = cluster.nodes.len().max(1) as f64;
    let width = (WIDTH - 20.0 - 10.0 * (count - 1.0)) / count;
    (10.0 + node as f64 * (width + 10.0), width)
}

fn center(cluster: &Cluster, component: Component) -> (f64, f64) {
    let (x, y, width, height) = frame(cluster, component);
    (x + width / 2.0, y + height / 2.0)
}

pub fn diagram(cluster: &Cluster) -> String {
    let mut out = String::with_capacity(12_000);
    let height = NODES_TOP + NODE_HEIGHT + 8.0;
    Tag::open(&mut out, "svg")
        .attr("viewBox", &format!("0 0 720 {}", height as u32))
        .attr("role", "img")
        .attr("aria-label", &diagram_label(cluster))
        .body();
    let step = cluster.last_step();
    let role = |component: Component| match step {
        Some(step) if step.from == component => " acting",
        Some(step) if step.to.contains(&component) => " told",
        _ => "",
    };
    // The controller manager is one process around three loops.
    Tag::open(&mut out, "rect")
        .attr("class", "group")
        .num("x", 188.0)
        .num("y", 78.0)
        .num("width", 528.0)
        .num("height", 68.0)
        .num("rx", 8.0)
        .close();
    Tag::open(&mut out, "text")
        .attr("class", "group-label")
        .num("x", 196.0)
        .num("y", 91.0)
        .text("kube-controller-manager");
    let api_line = format!("etcd revision {}", uint(cluster.resource_version));
    for (component, second) in [
        (Component::Kubectl, "the reader".to_string()),
        (Component::ApiServer, api_line),
        (
            Component::Scheduler,
            format!("{} waiting", uint(cluster.pods.iter().filter(|p| p.node.is_none() && p.active()).count() as u64)),
        ),
        (Component::DeploymentController, "Deployment → ReplicaSets".to_string()),
        (Component::ReplicaSetController, "ReplicaSet → Pods".to_string()),
        (Component::NodeController, "heartbeats, taints, eviction".to_string()),
    ] {
        let (x, y, width, height) = frame(cluster, component);
        Tag::open(&mut out, "g").attr("class", &format!("component{}", role(component))).body();
        Tag::open(&mut out, "rect")
            .num("x", x)
            .num("y", y)
            .num("width", width)
            .num("height", height)
            .num("rx", 6.0)
            .close();
        let name = component.name();
        Tag::open(&mut out, "text").attr("class", "name").num("x", x + width / 2.0).num("y", y + 18.0).text(&name);
        Tag::open(&mut out, "text").attr("class", "note").num("x", x + width / 2.0).num("y", y + 34.0).text(&second);
        end_tag(&mut out, "g");
    }
    push_unscheduled(&mut out, cluster);
    for node in 0..cluster.nodes.len() {
        push_node(&mut out, cluster, node, role(Component::Kubelet(node)));
    }
    if let Some(step) = step {
        let (x1, y1) = center(cluster, step.from);
        for &to in &step.to {
            let (x2, y2) = center(cluster, to);
            if (x1, y1) == (x2, y2) {
                continue;
            }
            Tag::open(&mut out, "line")
                .attr("class", if step.warning { "message warning" } else { "message" })
                .num("x1", x1)
                .num("y1", y1)
                .num("x2", x2)
                .num("y2", y2)
                .close();
            Tag::open(&mut out, "circle").attr("class", "arrival").num("cx", x2).num("cy", y2).num("r", 5.0).close();
        }
    }
    end_tag(&mut out, "svg");
    out
}

fn diagram_label(cluster: &Cluster) -> String {
    let mut label = String::from("Cluster diagram. ");
    if let Some(step) = cluster.last_step() {
        label.push_str(&format!("Last step: {} {}: {}. ", step.from.name(), step.reason, step.message));
    }
    let summaries: Vec<String> = cluster
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let pods = cluster.pods.iter().filter(|pod| pod.node == Some(index)).count();
            format!("{} {} with {} pods", node.name, node.status_label(), pods)
        })
        .collect();
    label.push_str(&summaries.join(", "));
    label
}

/// Pods no node has taken yet, in a tray under the scheduler.
fn push_unscheduled(out: &mut String, cluster: &Cluster) {
    let waiting: Vec<&Pod> = cluster.pods.iter().filter(|pod| pod.node.is_none()).collect();
    Tag::open(out, "text").attr("class", "tray-label").num("x", 10.0).num("y", 166.0).text("Unscheduled:");
    if waiting.is_empty() {
        Tag::open(out, "text").attr("class", "note-left").num("x", 84.0).num("y", 166.0).text("none");
    }
    let mut x = 84.0;
    for pod in waiting.iter().take(10) {
        push_chip(out, pod, x, 155.0, 58.0);
        x += 62.0;
    }
    if waiting.len() > 10 {
        Tag::open(out, "text")
            .attr("class", "note-left")
            .num("x", x)
            .num("y", 166.0)
            .text(&format!("+{}", waiting.len() - 10));
    }
}

fn pod_class(pod: &Pod) -> String {
    let state = match (pod.deleting, pod.state, pod.ready) {
        (Some(_), _, _) => "terminating",
        (None, PodState::Pending, _) => "pending",
        (None, PodState::Creating, _) => "creating",
        (None, PodState::Running, false) => "running",
        (None, PodState::Running, true) => "ready",
    };
    format!("pod image-{} {state}", pod.template.image)
}

fn push_chip(out: &mut String, pod: &Pod, x: f64, y: f64, width: f64) {
    Tag::open(out, "g").attr("class", &pod_class(pod)).body();
    Tag::open(out, "title").text(&format!("{} {} {}", pod.name, pod.template.image_name(), pod.status_label()));
    Tag::open(out, "rect")
        .num("x", x)
        .num("y", y)
        .num("width", width)
        .num("height", CHIP_HEIGHT)
        .num("rx", 4.0)
        .close();
    let suffix = pod.name.rsplit('-').next().unwrap_or("");
    Tag::open(out, "text").num("x", x + width / 2.0).num("y", y + 12.5).text(suffix);
    end_tag(out, "g");
}

fn push_node(out: &mut String, cluster: &Cluster, index: usize, role: &str) {
    let node: &Node = &cluster.nodes[index];
    let (x, width) = node_column(cluster, index);
    let mut class = String::from("node");
    if !node.up {
        class.push_str(" down");
    }
    if !node.ready {
        class.push_str(" notready");
    }
    if node.unschedulable {
        class.push_str(" cordoned");
    }
    class.push_str(role);
    Tag::open(out, "g").attr("class", &class).body();
    Tag::open(out, "rect")
        .num("x", x)
        .num("y", NODES_TOP)
        .num("width", width)
        .num("height", NODE_HEIGHT)
        .num("rx", 6.0)
        .close();
    let middle = x + width / 2.0;
    Tag::open(out, "text").attr("class", "name").num("x", middle).num("y", NODES_TOP + 15.0).text(&node.name);
    Tag::open(out, "text").attr("class", "note").num("x", middle).num("y", NODES_TOP + 28.0).text(&node.status_label());
    let heartbeat = if node.up {
        format!("kubelet · lease {} ago", duration_label(cluster.now - node.last_heartbeat))
    } else {
        format!("kubelet silent {}", duration_label(cluster.now - node.last_heartbeat))
    };
    Tag::open(out, "text").attr("class", "note").num("x", middle).num("y", NODES_TOP + 42.0).text(&heartbeat);
    let requested = cluster.requested_on(index);
    for (row, used, capacity) in
        [(0.0, requested.cpu, node.allocatable.cpu), (1.0, requested.memory, node.allocatable.memory)]
    {
        let y = NODES_TOP + 50.0 + row * 9.0;
        let share = f64::from(used.min(capacity)) / f64::from(capacity.max(1));
        Tag::open(out, "rect")
            .attr("class", "bar")
            .num("x", x + 8.0)
            .num("y", y)
            .num("width", width - 16.0)
            .num("height", 5.0)
            .close();
        Tag::open(out, "rect")
            .attr("class", "bar-fill")
            .num("x", x + 8.0)
            .num("y", y)
            .num("width", (width - 16.0) * share)
            .num("height", 5.0)
            .close();
    }
    let pods: Vec<&Pod> = cluster.pods.iter().filter(|pod| pod.node == Some(index)).collect();
    let columns = if width > 150.0 { 3.0 } else { 2.0 };
    let chip_width = (width - 12.0) / columns - 4.0;
    let rows = 5usize;
    let shown = (rows * columns as usize).min(pods.len());
    for (slot, pod) in pods.iter().take(shown).enumerate() {
        let column = (slot % columns as usize) as f64;
        let row = (slot / columns as usize) as f64;
        push_chip(
            out,
            pod,
            x + 6.0 + column * (chip_width + 4.0),
            NODES_TOP + 72.0 + row * (CHIP_HEIGHT + 3.0),
            chip_width,
        );
    }
    if pods.len() > shown {
        Tag::open(out, "text")
            .attr("class", "note")
            .num("x", middle)
            .num("y", NODES_TOP + NODE_HEIGHT - 4.0)
            .text(&format!("+{} more", pods.len() - shown));
    }
    end_tag(out, "g");
}

/// "1 min 12.345 s".
pub fn clock_label(millis: Millis) -> String {
    let whole = duration_label(millis - millis % SECOND);
    let thousandths = millis % SECOND;
    if thousandths == 0 {
        return whole;
    }
    let seconds_end = whole.len() - " s".len();
    if whole.ends_with(" s") {
        format!("{}.{:03} s", &whole[..seconds_end], thousandths)
    } else {
        format!("{whole} 0.{thousandths:03} s")
    }
}

pub fn readout(cluster: &Cluster, notice: Option<&str>) -> String {
    let mut out = String::with_capacity(8_000);
    out.push_str("<p class=\"k8s-clock\">t = ");
    push_escaped(&mut out, &clock_label(cluster.now));
    out.push_str(" · etcd revision ");
    out.push_str(&uint(cluster.resource_version));
    if cluster.settled() {
        out.push_str(" · <strong>settled</strong>: every loop sees what it wants");
    }
    out.push_str("</p>");
    if let Some(notice) = notice {
        out.push_str("<p class=\"k8s-notice\">");
        push_escaped(&mut out, notice);
        out.push_str("</p>");
    }
    if let Some(step) = cluster.last_step() {
        out.push_str(if step.warning { "<div class=\"k8s-step warning\">" } else { "<div class=\"k8s-step\">" });
        out.push_str("<p><strong>");
        push_escaped(&mut out, &step.from.name());
        out.push_str("</strong>");
        if !step.to.is_empty() && step.to != [step.from] {
            let names: Vec<String> = step.to.iter().map(|to| to.name()).collect();
            out.push_str(" → ");
            push_escaped(&mut out, &names.join(", "));
        }
        out.push_str(": <code>");
        push_escaped(&mut out, step.reason);
        out.push_str("</code> ");
        push_escaped(&mut out, &step.object);
        out.push_str("</p><p>");
        push_escaped(&mut out, &step.message);
        out.push_str("</p><p class=\"why\">");
        push_escaped(&mut out, &step.detail);
        out.push_str("</p></div>");
    }
    out.push_str("<pre class=\"k8s-get\" tabindex=\"0\" aria-label=\"kubectl get\">");
    push_escaped(&mut out, &kubectl_get(cluster));
    out.push_str("</pre>");
    push_events(&mut out, cluster);
    out
}

/// Rows padded into columns, as kubectl prints them.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|row| row.get(c)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[c] - cell.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn kubectl_get(cluster: &Cluster) -> String {
    let mut out = String::from("$ kubectl get deploy,rs,pods,nodes\n");
    if let Some(deployment) = &cluster.deployment {
        let status = &deployment.status;
        out.push_str(&table(&[
            vec!["NAME".into(), "READY".into(), "UP-TO-DATE".into(), "AVAILABLE".into()],
            vec![
                "deployment.apps/web".into(),
                format!("{}/{}", status.ready, deployment.spec.replicas),
                status.updated.to_string(),
                status.available.to_string(),
            ],
        ]));
        out.push('\n');
    }
    if !cluster.replica_sets.is_empty() {
        let mut rows = vec![vec!["NAME".into(), "DESIRED".into(), "CURRENT".into(), "READY".into(), "IMAGE".into()]];
        for rs in &cluster.replica_sets {
            rows.push(vec![
                format!("replicaset.apps/{}", rs.name),
                rs.replicas.to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready.to_string(),
                rs.template.image_name().into(),
            ]);
        }
        out.push_str(&table(&rows));
        out.push('\n');
    }
    if !cluster.pods.is_empty() {
        let mut rows = vec![vec!["NAME".into(), "READY".into(), "STATUS".into(), "NODE".into()]];
        for pod in &cluster.pods {
            let node = pod.node.map_or("<none>".to_string(), |node| cluster.nodes[node].name.clone());
            rows.push(vec![
                format!("pod/{}", pod.name),
                format!("{}/1", u8::from(pod.ready)),
                pod.status_label().into(),
                node,
            ]);
        }
        out.push_str(&table(&rows));
        out.push('\n');
    }
    let mut rows =
        vec![vec!["NAME".into(), "STATUS".into(), "CPU REQUESTS".into(), "MEMORY REQUESTS".into(), "TAINTS".into()]];
    for (index, node) in cluster.nodes.iter().enumerate() {
        let requested = cluster.requested_on(index);
        let taints: Vec<String> = node
            .taints
            .iter()
            .map(|taint| format!("{}:{}", taint.key.name(), if taint.no_execute { "NoExecute" } else { "NoSchedule" }))
            .collect();
        rows.push(vec![
            node.name.clone(),
            node.status_label(),
            format!("{} of {}", cpu_label(requested.cpu), cpu_label(node.allocatable.cpu)),
            format!("{} of {}", memory_label(requested.memory), memory_label(node.allocatable.memory)),
            if taints.is_empty() { "<none>".into() } else { taints.join(",") },
        ]);
    }
    out.push_str(&table(&rows));
    out
}

const EVENTS_SHOWN: usize = 8;

fn push_events(out: &mut String, cluster: &Cluster) {
    out.push_str("<table class=\"k8s-events\"><caption>Events, newest first</caption><thead><tr><th scope=\"col\">At</th><th scope=\"col\">Type</th><th scope=\"col\">Reason</th><th scope=\"col\">Object</th><th scope=\"col\">From</th><th scope=\"col\">Message</th></tr></thead><tbody>");
    for step in cluster.log.iter().rev().filter(|step| step.reason != "Watch").take(EVENTS_SHOWN) {
        out.push_str(if step.warning { "<tr class=\"warning\"><td>" } else { "<tr><td>" });
        push_escaped(out, &clock_label(step.at));
        out.push_str("</td><td>");
        out.push_str(if step.warning { "Warning" } else { "Normal" });
        out.push_str("</td><td>");
        push_escaped(out, step.reason);
        out.push_str("</td><td>");
        push_escaped(out, &step.object);
        out.push_str("</td><td>");
        push_escaped(out, &step.from.name());
        out.push_str("</td><td>");
        push_escaped(out, &step.message);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn clock_reads_in_minutes_seconds_and_milliseconds() {
        assert_eq!(clock_label(0), "0 s");
        assert_eq!(clock_label(4_680), "4.680 s");
        assert_eq!(clock_label(357_055), "5 min 57.055 s");
        assert_eq!(clock_label(360_000), "6 min");
        assert_eq!(clock_label(360_020), "6 min 0.020 s");
    }

    #[test]
    fn the_kubectl_view_lists_every_object() {
        let cluster = Config { settled: true, ..Config::default() }.setup().build();
        let text = kubectl_get(&cluster);
        assert!(text.contains("deployment.apps/web   3/3     3            3"), "{text}");
        assert_eq!(text.matches("   1/1     Running   node-").count(), 3, "{text}");
        assert!(text.contains("node-1   Ready"), "{text}");
    }

    #[test]
    fn the_static_figure_draws_every_node_and_pod() {
        let cluster = Config { settled: true, nodes: 6, replicas: 12, cpu: 100, ..Config::default() }.setup().build();
        let transport = Transport { playing: false, can_step_back: false, speed: 1, seed: 1 };
        let draft = DeploymentSpec::default();
        let form = Form { draft: &draft, node: 0, waits: DEFAULT_WAITS, transport: &transport, notice: None };
        let html = render(&cluster, &form, Look::Static);
        assert_eq!(html.matches("class=\"pod image-0 ready\"").count(), 12);
        assert_eq!(html.matches("<g class=\"node").count(), 6);
        assert!(html.contains("disabled"));
    }
}
