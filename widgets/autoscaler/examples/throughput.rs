//! Simulated seconds per second the autoscaler model runs natively (`cargo xtask bench`): the
//! default 30-minute step workload, with an HPA sync every 15 simulated seconds.

use std::time::Instant;

use autoscaler::simulation::{Run, Settings, DURATION};

fn main() {
    let runs = 200;
    let mut rates: Vec<f64> = (0..5)
        .map(|round| {
            let started = Instant::now();
            for seed in 0..runs {
                std::hint::black_box(Run::simulate(Settings { seed: round * runs + seed, ..Settings::default() }));
            }
            f64::from(DURATION) * runs as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    println!("autoscaler step\tsimulated seconds\t{:.0}", rates[2]);
}
