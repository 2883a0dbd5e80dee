//! The five policies, simulated one time unit at a time on one core. Ties go to the job that
//! arrived first, then to the one listed first, so a run is fully determined by its jobs.

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    pub arrival: u32,
    pub length: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// First in, first out: run each job to completion in arrival order.
    Fifo,
    /// Shortest job first, without preemption.
    Sjf,
    /// Shortest time-to-completion first: preempt for a job with less left.
    Stcf,
    /// Round robin with a fixed quantum.
    RoundRobin,
    /// Multi-level feedback queue: three levels, OSTEP's rules 1 to 5.
    Mlfq,
}

pub const POLICIES: &[(Policy, &str, &str)] = &[
    (Policy::Fifo, "fifo", "FIFO"),
    (Policy::Sjf, "sjf", "SJF"),
    (Policy::Stcf, "stcf", "STCF"),
    (Policy::RoundRobin, "rr", "RR"),
    (Policy::Mlfq, "mlfq", "MLFQ"),
];

impl Policy {
    pub fn from_key(key: &str) -> Option<Policy> {
        POLICIES.iter().find(|(_, k, _)| *k == key).map(|(policy, _, _)| *policy)
    }

    pub fn name(self) -> &'static str {
        POLICIES.iter().find(|(p, _, _)| *p == self).map_or("", |(_, _, name)| name)
    }
}

/// The MLFQ's levels; a job starts at level 0, the highest priority.
pub const LEVELS: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The round-robin quantum, and the MLFQ's quantum and allotment at every level.
    pub quantum: u32,
    /// Every `boost` units the MLFQ moves every job back to the top level; 0 turns it off.
    pub boost: u32,
}

/// A stretch of time one job ran (at an MLFQ level).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    pub job: usize,
    pub start: u32,
    pub end: u32,
    pub level: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub slices: Vec<Slice>,
    pub completion: Vec<u32>,
    pub first_run: Vec<u32>,
}

impl Schedule {
    pub fn turnaround(&self, jobs: &[Job], job: usize) -> u32 {
        self.completion[job] - jobs[job].arrival
    }

    pub fn response(&self, jobs: &[Job], job: usize) -> u32 {
        self.first_run[job] - jobs[job].arrival
    }

    pub fn mean_turnaround(&self, jobs: &[Job]) -> f64 {
        mean((0..jobs.len()).map(|job| self.turnaround(jobs, job)))
    }

    pub fn mean_response(&self, jobs: &[Job]) -> f64 {
        mean((0..jobs.len()).map(|job| self.response(jobs, job)))
    }

    pub fn end(&self) -> u32 {
        self.completion.iter().copied().max().unwrap_or(0)
    }
}

fn mean(values: impl Iterator<Item = u32>) -> f64 {
    let (sum, count) = values.fold((0u64, 0u32), |(sum, count), value| (sum + u64::from(value), count + 1));
    if count == 0 {
        0.0
    } else {
        sum as f64 / f64::from(count)
    }
}

/// What the simulation keeps between units.
struct Run<'a> {
    jobs: &'a [Job],
    settings: Settings,
    remaining: Vec<u32>,
    first_run: Vec<Option<u32>>,
    completion: Vec<u32>,
    slices: Vec<Slice>,
    /// The job on the core, how much of its quantum it has used, and (MLFQ) its level.
    current: Option<usize>,
    used: u32,
    /// Round-robin queue, or one queue per MLFQ level.
    queues: Vec<VecDeque<usize>>,
    level: Vec<u8>,
    /// Units used at the job's current MLFQ level (its allotment).
    allotment_used: Vec<u32>,
}

impl Run<'_> {
    fn arrived(&self, time: u32) -> impl Iterator<Item = usize> + '_ {
        (0..self.jobs.len()).filter(move |&job| self.jobs[job].arrival <= time && self.remaining[job] > 0)
    }

    fn by_arrival(&self, job: usize) -> (u32, usize) {
        (self.jobs[job].arrival, job)
    }

    /// The job to run in the unit starting at `time`, for policies that decide afresh.
    fn choose(&mut self, policy: Policy, time: u32) -> Option<usize> {
        match policy {
            Policy::Fifo => self.current.or_else(|| self.arrived(time).min_by_key(|&job| self.by_arrival(job))),
            Policy::Sjf => self
                .current
                .or_else(|| self.arrived(time).min_by_key(|&job| (self.jobs[job].length, self.by_arrival(job)))),
            Policy::Stcf => {
                let current = self.current;
                self.arrived(time).min_by_key(|&job| (self.remaining[job], current != Some(job), self.by_arrival(job)))
            }
            Policy::RoundRobin => self.round_robin(time),
            Policy::Mlfq => self.mlfq(time),
        }
    }

    fn enqueue_arrivals(&mut self, time: u32) {
        for job in 0..self.jobs.len() {
            if self.jobs[job].arrival == time && self.remaining[job] > 0 {
                self.queues[0].push_back(job);
            }
        }
    }

    fn round_robin(&mut self, time: u32) -> Option<usize> {
        self.enqueue_arrivals(time);
        if let Some(job) = self.current {
            if self.used < self.settings.quantum {
                return Some(job);
            }
            self.queues[0].push_back(job);
        }
        self.used = 0;
        self.queues[0].pop_front()
    }

    fn mlfq(&mut self, time: u32) -> Option<usize> {
        // Rule 5: after every period S, move every job to the topmost queue.
        if self.settings.boost > 0 && time > 0 && time.is_multiple_of(self.settings.boost) {
            let mut everyone: Vec<usize> = self.current.into_iter().collect();
            for queue in &mut self.queues {
                everyone.extend(queue.drain(..));
            }
            for &job in &everyone {
                self.level[job] = 0;
                self.allotment_used[job] = 0;
            }
            self.queues[0].extend(everyone);
            self.current = None;
        }
        // Rule 3: a new job enters at the top.
        self.enqueue_arrivals(time);
        if let Some(job) = self.current {
            let level = self.level[job] as usize;
            if self.allotment_used[job] >= self.settings.quantum {
                // Rule 4: its allotment at this level is used up: down one level.
                self.allotment_used[job] = 0;
                self.level[job] = (self.level[job] + 1).min(LEVELS - 1);
                self.queues[self.level[job] as usize].push_back(job);
                self.current = None;
            } else if self.queues[..level].iter().any(|queue| !queue.is_empty()) {
                // Rule 1: a higher-priority job runs first; this one keeps its place in line.
                self.queues[level].push_back(job);
                self.current = None;
            } else if self.used >= self.settings.quantum {
                self.queues[level].push_back(job);
                self.current = None;
            }
        }
        if self.current.is_none() {
            self.used = 0;
            // Rule 2: round robin within the highest non-empty level.
            self.current = self.queues.iter_mut().find_map(|queue| queue.pop_front());
        }
        self.current
    }

    fn run_unit(&mut self, job: usize, time: u32) {
        self.first_run[job].get_or_insert(time);
        self.remaining[job] -= 1;
        self.used += 1;
        self.allotment_used[job] += 1;
        let level = self.level[job];
        match self.slices.last_mut() {
            Some(slice) if slice.job == job && slice.end == time && slice.level == level => slice.end += 1,
            _ => self.slices.push(Slice { job, start: time, end: time + 1, level }),
        }
        self.current = Some(job);
        if self.remaining[job] == 0 {
            self.completion[job] = time + 1;
            self.current = None;
            self.used = 0;
        }
    }
}

/// Runs the jobs under a policy until every one has finished.
pub fn schedule(jobs: &[Job], policy: Policy, settings: Settings) -> Schedule {
    let settings = Settings { quantum: settings.quantum.max(1), ..settings };
    let mut run = Run {
        jobs,
        settings,
        remaining: jobs.iter().map(|job| job.length).collect(),
        first_run: vec![None; jobs.len()],
        completion: vec![0; jobs.len()],
        slices: Vec::new(),
        current: None,
        used: 0,
        queues: vec![VecDeque::new(); LEVELS as usize],
        level: vec![0; jobs.len()],
        allotment_used: vec![0; jobs.len()],
    };
    // Zero-length jobs finish on arrival.
    for (job, spec) in jobs.iter().enumerate() {
        if spec.length == 0 {
            run.first_run[job] = Some(spec.arrival);
            run.completion[job] = spec.arrival;
        }
    }
    let mut time = 0;
    while run.remaining.iter().any(|&left| left > 0) {
        if let Some(job) = run.choose(policy, time) {
            if run.current != Some(job) {
                run.used = 0;
            }
            run.run_unit(job, time);
        }
        time += 1;
    }
    Schedule {
        slices: run.slices,
        completion: run.completion,
        first_run: run.first_run.into_iter().map(|first| first.unwrap_or(0)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q10: Settings = Settings { quantum: 10, boost: 0 };

    fn jobs(pairs: &[(u32, u32)]) -> Vec<Job> {
        pairs.iter().map(|&(arrival, length)| Job { arrival, length }).collect()
    }

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 0.01, "{actual} ≠ {expected}");
    }

    // OSTEP chapter 7, "Scheduling: Introduction": its worked examples.

    #[test]
    fn fifo_on_three_equal_jobs_averages_20() {
        let jobs = jobs(&[(0, 10), (0, 10), (0, 10)]);
        close(schedule(&jobs, Policy::Fifo, Q10).mean_turnaround(&jobs), 20.0);
    }

    #[test]
    fn a_long_job_first_is_the_convoy_effect_and_sjf_cures_it() {
        let jobs = jobs(&[(0, 100), (0, 10), (0, 10)]);
        close(schedule(&jobs, Policy::Fifo, Q10).mean_turnaround(&jobs), 110.0);
        close(schedule(&jobs, Policy::Sjf, Q10).mean_turnaround(&jobs), 50.0);
    }

    #[test]
    fn late_short_jobs_need_preemption_stcf() {
        let jobs = jobs(&[(0, 100), (10, 10), (10, 10)]);
        close(schedule(&jobs, Policy::Sjf, Q10).mean_turnaround(&jobs), 103.33);
        let stcf = schedule(&jobs, Policy::Stcf, Q10);
        close(stcf.mean_turnaround(&jobs), 50.0);
        assert_eq!(stcf.completion, vec![120, 20, 30]);
    }

    #[test]
    fn round_robin_trades_turnaround_for_response() {
        let jobs = jobs(&[(0, 5), (0, 5), (0, 5)]);
        let rr = schedule(&jobs, Policy::RoundRobin, Settings { quantum: 1, boost: 0 });
        close(rr.mean_response(&jobs), 1.0);
        close(rr.mean_turnaround(&jobs), 14.0);
        let sjf = schedule(&jobs, Policy::Sjf, Q10);
        close(sjf.mean_response(&jobs), 5.0);
        close(sjf.mean_turnaround(&jobs), 10.0);
    }

    // OSTEP chapter 8, "The Multi-Level Feedback Queue": its figures, with 10-unit quanta.

    #[test]
    fn a_long_job_alone_sinks_one_level_per_quantum() {
        let jobs = jobs(&[(0, 200)]);
        let mlfq = schedule(&jobs, Policy::Mlfq, Q10);
        let levels: Vec<(u32, u32, u8)> = mlfq.slices.iter().map(|s| (s.start, s.end, s.level)).collect();
        assert_eq!(levels, vec![(0, 10, 0), (10, 20, 1), (20, 200, 2)]);
    }

    #[test]
    fn a_short_job_arriving_later_runs_first_and_finishes_before_the_bottom() {
        let jobs = jobs(&[(0, 200), (100, 20)]);
        let mlfq = schedule(&jobs, Policy::Mlfq, Q10);
        assert_eq!(mlfq.completion[1], 120);
        let b: Vec<(u32, u32, u8)> =
            mlfq.slices.iter().filter(|s| s.job == 1).map(|s| (s.start, s.end, s.level)).collect();
        assert_eq!(b, vec![(100, 110, 0), (110, 120, 1)]);
    }

    #[test]
    fn without_a_boost_a_long_job_starves_and_with_one_it_runs() {
        // A long job behind a stream of short interactive jobs at the top level.
        let mut list = vec![(0, 100)];
        list.extend((0..20).map(|i| (5 + i * 10, 9)));
        let jobs = jobs(&list);
        let starved = schedule(&jobs, Policy::Mlfq, Q10);
        let boosted = schedule(&jobs, Policy::Mlfq, Settings { quantum: 10, boost: 50 });
        let ran_before = |schedule: &Schedule, until: u32| -> u32 {
            schedule.slices.iter().filter(|s| s.job == 0 && s.start < until).map(|s| s.end.min(until) - s.start).sum()
        };
        // Without a boost the long job gets only its first quanta before the stream takes over.
        assert!(ran_before(&starved, 200) < ran_before(&boosted, 200), "{starved:?}");
        // After the boost at 50 it is back at the top level.
        assert!(boosted.slices.iter().any(|s| s.job == 0 && s.start >= 50 && s.level == 0));
        assert!(!starved.slices.iter().any(|s| s.job == 0 && s.start >= 50 && s.level == 0));
    }

    #[test]
    fn every_policy_runs_every_job_for_exactly_its_length() {
        let jobs = jobs(&[(0, 7), (3, 0), (3, 12), (40, 5), (41, 1), (90, 30)]);
        for &(policy, _, _) in POLICIES {
            for quantum in [1, 2, 5, 10] {
                let schedule = schedule(&jobs, policy, Settings { quantum, boost: 20 });
                for (index, job) in jobs.iter().enumerate() {
                    let ran: u32 = schedule.slices.iter().filter(|s| s.job == index).map(|s| s.end - s.start).sum();
                    assert_eq!(ran, job.length);
                    assert!(
                        schedule.first_run[index] >= job.arrival
                            && schedule.completion[index] >= job.arrival + job.length
                    );
                }
                // One core: slices never overlap.
                assert!(schedule.slices.windows(2).all(|pair| pair[0].end <= pair[1].start));
            }
        }
    }
}
