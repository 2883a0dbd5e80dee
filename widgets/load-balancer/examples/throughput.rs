//! Requests per second each strategy's simulation dispatches natively (`cargo xtask bench`):
//! 8 backends at 80% load, exponential service, median of five runs of 500,000 requests.

use std::time::Instant;

use load_balancer::settings::Settings;
use load_balancer::simulation::Simulation;
use load_balancer::strategy::Strategy;

fn main() {
    for strategy in Strategy::ALL {
        let requests = 500_000;
        let mut rates: Vec<f64> = (0..5)
            .map(|seed| {
                let mut simulation = Simulation::new(Settings { strategy, keyed: true, seed, ..Settings::default() });
                let started = Instant::now();
                simulation.run_requests(requests);
                std::hint::black_box(simulation.summary());
                requests as f64 / started.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        println!("load-balancer {}\trequests\t{:.0}", strategy.key(), rates[2]);
    }
}
