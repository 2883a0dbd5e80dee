//! Jobs and schedules -> markup, shared by the static figure and the live widget: a job editor,
//! one Gantt row per policy over a common time axis (the MLFQ row in three lanes, one per
//! level), and the metrics as tables.

use kit::controls::{push_button, push_choice};
use kit::markup::push_escaped;
use kit::num::{push_fixed, uint};
use kit::svg::{end_tag, Tag};

use crate::config::{ARRIVALS, BOOSTS, LENGTHS, MAX_JOBS, QUANTA};
use crate::policies::{schedule, Job, Policy, Schedule, Settings, LEVELS, POLICIES};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub struct Scene<'a> {
    pub jobs: &'a [Job],
    pub settings: Settings,
    pub policy: Policy,
}

pub fn job_name(job: usize) -> char {
    (b'A' + job as u8) as char
}

fn push_numbers(
    out: &mut String,
    key: &str,
    label: &str,
    choices: &[u32],
    value: u32,
    disabled: bool,
    zero: Option<&str>,
) {
    let values: Vec<String> = choices.iter().map(|&c| uint(u64::from(c))).collect();
    let labels: Vec<String> = choices
        .iter()
        .map(|&c| if c == 0 { zero.map_or_else(|| "0".into(), str::to_string) } else { uint(u64::from(c)) })
        .collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(String::as_str).zip(labels.iter().map(String::as_str)).collect();
    let nearest = choices.iter().min_by_key(|&&c| c.abs_diff(value)).copied().unwrap_or(0);
    push_choice(out, key, label, &pairs, &uint(u64::from(nearest)), disabled);
}

pub fn render(scene: &Scene, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(12_000);
    out.push_str("<div class=\"cpu-scheduler\">");
    for (index, job) in scene.jobs.iter().enumerate() {
        out.push_str("<div class=\"widget-controls\" role=\"group\" aria-label=\"Job ");
        out.push(job_name(index));
        out.push_str("\">");
        let name = job_name(index);
        push_numbers(
            &mut out,
            &format!("arrival-{index}"),
            &format!("Job {name} arrives at"),
            ARRIVALS,
            job.arrival,
            disabled,
            None,
        );
        push_numbers(&mut out, &format!("length-{index}"), "and runs for", LENGTHS, job.length, disabled, None);
        out.push_str("</div>");
    }
    out.push_str("<div class=\"widget-controls\">");
    push_button(&mut out, "add", "Add a job", disabled || scene.jobs.len() >= MAX_JOBS);
    push_button(&mut out, "remove", "Remove the last job", disabled || scene.jobs.len() <= 1);
    push_numbers(&mut out, "quantum", "Quantum (RR, MLFQ)", QUANTA, scene.settings.quantum, disabled, None);
    push_numbers(&mut out, "boost", "MLFQ boost every", BOOSTS, scene.settings.boost, disabled, Some("never"));
    let policies: Vec<(&str, &str)> = POLICIES.iter().map(|(_, key, name)| (*key, *name)).collect();
    let selected = POLICIES.iter().find(|(p, _, _)| *p == scene.policy).map_or("stcf", |(_, key, _)| key);
    push_choice(&mut out, "policy", "Per-job table for", &policies, selected, disabled);
    out.push_str("</div><div class=\"widget-visual\" data-part=\"visual\">");
    let schedules = schedules(scene);
    out.push_str(&gantt(scene.jobs, &schedules));
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(scene, &schedules));
    out.push_str("</div></div>");
    out
}

pub fn schedules(scene: &Scene) -> Vec<(Policy, Schedule)> {
    POLICIES.iter().map(|&(policy, _, _)| (policy, schedule(scene.jobs, policy, scene.settings))).collect()
}

const LEFT: f64 = 56.0;
const WIDTH: f64 = 640.0;
const ROW: f64 = 40.0;

pub fn gantt(jobs: &[Job], schedules: &[(Policy, Schedule)]) -> String {
    let end = schedules.iter().map(|(_, s)| s.end()).max().unwrap_or(1).max(1);
    let scale = (WIDTH - LEFT - 10.0) / f64::from(end);
    let height = ROW * schedules.len() as f64 + 30.0;
    let mut out = String::with_capacity(8_000);
    Tag::open(&mut out, "svg")
        .attr("viewBox", &format!("0 0 640 {}", height as u32))
        .attr("role", "img")
        .attr("aria-label", "Gantt charts: which job runs when under each policy")
        .body();
    for (row, (policy, schedule)) in schedules.iter().enumerate() {
        let top = row as f64 * ROW + 6.0;
        Tag::open(&mut out, "text").attr("class", "policy").num("x", 0.0).num("y", top + 20.0).text(policy.name());
        Tag::open(&mut out, "rect")
            .attr("class", "lane")
            .num("x", LEFT)
            .num("y", top)
            .num("width", WIDTH - LEFT - 10.0)
            .num("height", ROW - 8.0)
            .close();
        for slice in &schedule.slices {
            let (y, h) = if *policy == Policy::Mlfq {
                let lane = (ROW - 8.0) / f64::from(LEVELS);
                (top + f64::from(slice.level) * lane, lane)
            } else {
                (top, ROW - 8.0)
            };
            let x = LEFT + f64::from(slice.start) * scale;
            let w = f64::from(slice.end - slice.start) * scale;
            Tag::open(&mut out, "rect")
                .attr("class", &format!("job job-{}", slice.job % 6))
                .num("x", x)
                .num("y", y)
                .num("width", w)
                .num("height", h)
                .close();
            if w >= 12.0 && *policy != Policy::Mlfq {
                Tag::open(&mut out, "text")
                    .attr("class", "job-label")
                    .num("x", x + w / 2.0)
                    .num("y", y + h / 2.0 + 4.0)
                    .text(&job_name(slice.job).to_string());
            }
        }
    }
    // The time axis, with the jobs' arrivals marked.
    let axis = ROW * schedules.len() as f64 + 8.0;
    Tag::open(&mut out, "line")
        .attr("class", "axis")
        .num("x1", LEFT)
        .num("y1", axis)
        .num("x2", WIDTH - 10.0)
        .num("y2", axis)
        .close();
    for tick in [0, end / 4, end / 2, 3 * end / 4, end] {
        let x = LEFT + f64::from(tick) * scale;
        Tag::open(&mut out, "text")
            .attr("class", "tick")
            .num("x", x)
            .num("y", axis + 14.0)
            .text(&uint(u64::from(tick)));
    }
    for job in jobs {
        let x = LEFT + f64::from(job.arrival) * scale;
        Tag::open(&mut out, "text").attr("class", "arrival").num("x", x).num("y", axis - 2.0).text("▲");
    }
    end_tag(&mut out, "svg");
    out
}

fn push_mean(out: &mut String, value: f64) {
    push_fixed(out, value, 2);
}

pub fn readout(scene: &Scene, schedules: &[(Policy, Schedule)]) -> String {
    let jobs = scene.jobs;
    let mut out = String::with_capacity(4_000);
    // Every policy that reaches the best average, since ties are common on small job sets.
    let best = |metric: fn(&Schedule, &[Job]) -> f64| {
        let lowest = schedules.iter().map(|(_, schedule)| metric(schedule, jobs)).fold(f64::INFINITY, f64::min);
        let names: Vec<&str> = schedules
            .iter()
            .filter(|(_, schedule)| metric(schedule, jobs) - lowest < 0.005)
            .map(|(policy, _)| policy.name())
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    };
    out.push_str("<p>");
    push_escaped(
        &mut out,
        &format!(
            "Best average turnaround: {}. Best average response: {}. Turnaround = completion − arrival; response = first run − arrival.",
            best(Schedule::mean_turnaround),
            best(Schedule::mean_response)
        ),
    );
    out.push_str("</p><table class=\"metrics\"><caption>Averages over the jobs</caption><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Turnaround</th><th scope=\"col\">Response</th></tr></thead><tbody>");
    for (policy, schedule) in schedules {
        out.push_str("<tr><th scope=\"row\">");
        out.push_str(policy.name());
        out.push_str("</th><td>");
        push_mean(&mut out, schedule.mean_turnaround(jobs));
        out.push_str("</td><td>");
        push_mean(&mut out, schedule.mean_response(jobs));
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    if let Some((policy, schedule)) = schedules.iter().find(|(policy, _)| *policy == scene.policy) {
        out.push_str("<table class=\"metrics\"><caption>");
        out.push_str(policy.name());
        out.push_str(", job by job</caption><thead><tr><th scope=\"col\">Job</th><th scope=\"col\">Arrives</th><th scope=\"col\">Length</th><th scope=\"col\">First runs</th><th scope=\"col\">Completes</th><th scope=\"col\">Turnaround</th><th scope=\"col\">Response</th></tr></thead><tbody>");
        for (index, job) in jobs.iter().enumerate() {
            out.push_str("<tr><th scope=\"row\">");
            out.push(job_name(index));
            out.push_str("</th>");
            for value in [
                job.arrival,
                job.length,
                schedule.first_run[index],
                schedule.completion[index],
                schedule.turnaround(jobs, index),
                schedule.response(jobs, index),
            ] {
                out.push_str("<td>");
                out.push_str(&uint(u64::from(value)));
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_default_jobs_read_as_ostep_works_them() {
        let config = Config::default();
        let jobs = config.jobs();
        let scene = Scene { jobs: &jobs, settings: config.settings(), policy: Policy::Stcf };
        let html = readout(&scene, &schedules(&scene));
        assert!(html.contains("<th scope=\"row\">SJF</th><td>103.33</td>"), "{html}");
        assert!(html.contains("<th scope=\"row\">STCF</th><td>50.00</td>"), "{html}");
        assert!(html.contains("Best average turnaround: STCF, RR and MLFQ."), "{html}");
    }
}
