//! Customers per second the M/M/1 simulation runs natively: the baseline the other models'
//! throughput is reported against (`cargo xtask bench`).

use std::time::Instant;

use queueing::formula::{Model, Queue};
use queueing::simulation::simulate;

fn main() {
    let queue = Queue::new(Model::MM1, 1, 0.8);
    let customers = 2_000_000;
    let mut rates: Vec<f64> = (0..5)
        .map(|run| {
            let started = Instant::now();
            std::hint::black_box(simulate(&queue, customers, run));
            f64::from(customers) * 1.1 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    println!("queueing M/M/1\tcustomers\t{:.0}", rates[2]);
}
