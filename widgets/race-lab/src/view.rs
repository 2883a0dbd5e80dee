//! The machine -> markup, shared by the static figure and the live widget: each thread's code
//! with its next line marked, the shared state, the verdict, and for a deadlock the wait-for
//! graph.

use kit::controls::{push_button, push_choice, push_toggle};
use kit::markup::push_escaped;
use kit::num::uint;
use kit::svg::{end_tag, Tag};

use crate::explore::Census;
use crate::machine::{op_text, Machine, Outcome, Program, LOCK_NAMES, PROGRAMS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Static,
    Live,
}

pub fn render(machine: &Machine, census: Option<&Census>, look: Look) -> String {
    let disabled = look == Look::Static;
    let mut out = String::with_capacity(8_000);
    out.push_str("<div class=\"race-lab\"><div class=\"widget-controls\">");
    let programs: Vec<(&str, &str)> = PROGRAMS.iter().map(|(_, key, label)| (*key, *label)).collect();
    push_choice(&mut out, "program", "Program", &programs, machine.program.key(), disabled);
    let (low, high) = machine.program.thread_range();
    let counts: Vec<String> = (low..=high).map(|n| uint(n as u64)).collect();
    let pairs: Vec<(&str, &str)> = counts.iter().map(|n| (n.as_str(), n.as_str())).collect();
    push_choice(&mut out, "threads", "Threads", &pairs, &uint(machine.threads.len() as u64), disabled);
    let fix = if machine.program == Program::Deadlock { "Take the locks in one order" } else { "Guard with a lock" };
    push_toggle(&mut out, "lock", fix, machine.fixed, disabled);
    out.push_str("</div><div class=\"widget-controls\" role=\"group\" aria-label=\"Run\">");
    for thread in 0..machine.threads.len() {
        push_button(&mut out, &format!("step-{thread}"), &format!("Step thread {}", thread + 1), disabled);
    }
    push_button(&mut out, "undo", "Undo", disabled);
    push_button(&mut out, "reset", "Reset", disabled);
    push_button(&mut out, "explore", "Explore all interleavings", disabled);
    out.push_str("</div><div class=\"widget-visual\" data-part=\"visual\">");
    out.push_str(&threads(machine));
    out.push_str("</div><div class=\"widget-readout\" aria-live=\"polite\" data-part=\"readout\">");
    out.push_str(&readout(machine, census));
    out.push_str("</div></div>");
    out
}

/// Each thread's code as a list, the next instruction marked, finished or blocked threads said.
pub fn threads(machine: &Machine) -> String {
    let mut out = String::with_capacity(3_000);
    out.push_str("<div class=\"threads\">");
    for (thread, code) in machine.code.iter().enumerate() {
        let state = machine.threads[thread];
        out.push_str("<div class=\"thread\"><p class=\"thread-name\">Thread ");
        out.push_str(&uint(thread as u64 + 1));
        out.push_str(" · r = ");
        out.push_str(&state.register.to_string());
        if machine.finished(thread) {
            out.push_str(" · done");
        } else if let Some((lock, holder)) = machine.waits_for(thread) {
            out.push_str(&format!(" · blocked on {} (held by thread {})", LOCK_NAMES[lock], holder + 1));
        }
        out.push_str("</p><ol class=\"code\">");
        for (pc, &op) in code.iter().enumerate() {
            out.push_str(if pc == state.pc { "<li class=\"next\" aria-current=\"step\"><code>" } else { "<li><code>" });
            push_escaped(&mut out, &op_text(machine.program, op));
            out.push_str("</code></li>");
        }
        out.push_str("</ol></div>");
    }
    out.push_str("</div>");
    if let Outcome::Deadlock(waits) = machine.outcome() {
        out.push_str(&wait_for_graph(machine.threads.len(), &waits));
    }
    out
}

/// Threads as circles; an arrow from a waiting thread to the thread holding what it wants.
fn wait_for_graph(threads: usize, waits: &[(usize, usize, usize)]) -> String {
    let mut out = String::with_capacity(1_500);
    let x = |thread: usize| 120.0 + thread as f64 * 400.0 / threads.max(2) as f64 * 1.0;
    Tag::open(&mut out, "svg")
        .attr("viewBox", "0 0 640 120")
        .attr("role", "img")
        .attr("aria-label", "Wait-for graph")
        .body();
    for (index, &(waiter, lock, holder)) in waits.iter().enumerate() {
        let (x1, x2) = (x(waiter), x(holder));
        let bend = if index % 2 == 0 { 20.0 } else { 100.0 };
        Tag::open(&mut out, "path")
            .attr("class", "wait")
            .attr("d", &format!("M {} 60 Q {} {} {} 60", x1 as i64, ((x1 + x2) / 2.0) as i64, bend as i64, x2 as i64))
            .close();
        let label = format!("thread {} waits for {}", waiter + 1, LOCK_NAMES[lock]);
        Tag::open(&mut out, "text")
            .attr("class", "wait-label")
            .num("x", (x1 + x2) / 2.0)
            .num("y", if bend < 60.0 { 30.0 } else { 100.0 })
            .text(&label);
    }
    for thread in 0..threads {
        Tag::open(&mut out, "circle")
            .attr("class", "thread-node")
            .num("cx", x(thread))
            .num("cy", 60.0)
            .num("r", 22.0)
            .close();
        Tag::open(&mut out, "text")
            .attr("class", "thread-label")
            .num("x", x(thread))
            .num("y", 64.0)
            .text(&format!("T{}", thread + 1));
    }
    end_tag(&mut out, "svg");
    out
}

pub fn verdict(machine: &Machine) -> String {
    let (name, _) = machine.program.shared();
    match machine.outcome() {
        Outcome::Running => format!("{name} = {}. Step a thread.", machine.shared),
        Outcome::Correct => format!("Every thread finished and {name} = {}: correct.", machine.shared),
        Outcome::LostUpdate(value) => format!(
            "Lost update: {} threads each added 1, but counter = {value}. A thread stored a value it loaded before another thread's store.",
            machine.threads.len()
        ),
        Outcome::Overdrawn(value) => {
            format!("Invariant broken: balance = {value}. Both withdrawals passed the check before either stored its result.")
        }
        Outcome::Deadlock(waits) => {
            let parts: Vec<String> = waits
                .iter()
                .map(|&(waiter, lock, holder)| format!("thread {} waits for {} held by thread {}", waiter + 1, LOCK_NAMES[lock], holder + 1))
                .collect();
            format!("Deadlock: {}. The wait-for graph has a cycle, so no thread can ever move.", parts.join("; "))
        }
    }
}

pub fn readout(machine: &Machine, census: Option<&Census>) -> String {
    let mut out = String::with_capacity(1_000);
    out.push_str("<p class=\"verdict\">");
    push_escaped(&mut out, &verdict(machine));
    out.push_str("</p><p>Order so far: ");
    if machine.trace.is_empty() {
        out.push_str("nothing run yet");
    } else {
        let names: Vec<String> = machine.trace.iter().map(|thread| format!("T{}", thread + 1)).collect();
        push_escaped(&mut out, &names.join(" "));
    }
    out.push_str(".</p>");
    if let Some(census) = census {
        out.push_str("<p class=\"census\">");
        let mut text = format!("Of {} possible interleavings, {} end correctly", census.interleavings, census.correct);
        if census.deadlocked > 0 {
            text.push_str(&format!(" and {} deadlock", census.deadlocked));
        } else if census.correct < census.interleavings {
            text.push_str(&format!(" and {} do not", census.interleavings - census.correct));
        }
        text.push('.');
        push_escaped(&mut out, &text);
        out.push_str("</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::explore;

    #[test]
    fn the_census_reads_as_counted() {
        let machine = Machine::new(Program::Counter, 2, false);
        let html = readout(&machine, Some(&explore(&machine)));
        assert!(html.contains("Of 20 possible interleavings, 2 end correctly and 18 do not."), "{html}");
    }

    #[test]
    fn a_deadlock_draws_its_cycle() {
        let mut machine = Machine::new(Program::Deadlock, 2, false);
        machine.step(0);
        machine.step(1);
        let html = threads(&machine);
        assert_eq!(html.matches("class=\"wait\"").count(), 2);
        assert!(verdict(&machine)
            .starts_with("Deadlock: thread 1 waits for B held by thread 2; thread 2 waits for A held by thread 1."));
    }
}
