//! The request rate over time: a base rate and a peak, in one of four shapes.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The base rate, then the peak from the first minute on.
    Step,
    /// From the base at one minute to the peak at eleven minutes, then the peak.
    Ramp,
    /// A day compressed into 15 minutes: base at "night", peak at "noon", and back.
    Sine,
    /// The base rate, with one minute at the peak starting at five minutes.
    Spike,
    /// A recorded day: [`NASA_1995_07_06`], each hour compressed to 75 s, scaled so the busiest
    /// hour is the peak.
    Trace,
}

/// Requests per hour to the NASA Kennedy Space Center web server on Thursday 6 July 1995,
/// hours 00-23 in the log's time zone (UTC-4). From the NASA-HTTP trace of the Internet Traffic
/// Archive (ita.ee.lbl.gov, collected by Jim Dumoulin, contributed by Arlitt and Williamson;
/// "the traces may be freely redistributed"), counted per clock hour in the
/// wtysos11/InternetTrafficArchiveReader repository (NASAJul95.csv).
pub const NASA_1995_07_06: [f64; 24] = [
    2658.0, 1948.0, 1805.0, 1539.0, 1429.0, 1652.0, 1830.0, 2755.0, 4200.0, 5011.0, 5815.0, 6422.0, 6405.0, 6926.0,
    6924.0, 7061.0, 6678.0, 5479.0, 4787.0, 4227.0, 4060.0, 3480.0, 3961.0, 3908.0,
];

/// Seconds of simulated time each hour of the trace takes.
pub const TRACE_HOUR: f64 = 75.0;

/// Seconds the daily sine takes per "day".
pub const DAY: f64 = 900.0;

impl Shape {
    pub const ALL: [Shape; 5] = [Shape::Step, Shape::Ramp, Shape::Sine, Shape::Spike, Shape::Trace];

    pub fn key(self) -> &'static str {
        match self {
            Shape::Step => "step",
            Shape::Ramp => "ramp",
            Shape::Sine => "sine",
            Shape::Spike => "spike",
            Shape::Trace => "trace",
        }
    }

    pub fn from_key(key: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|shape| shape.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Shape::Step => "step up at 1 min",
            Shape::Ramp => "ramp over 10 min",
            Shape::Sine => "daily cycle (15-min day)",
            Shape::Spike => "one-minute spike",
            Shape::Trace => "recorded day (NASA web server, 1995)",
        }
    }

    /// The rate at second `t`, between `base` and `peak`.
    pub fn rate(self, t: f64, base: f64, peak: f64) -> f64 {
        let fraction = match self {
            Shape::Step => f64::from(u8::from(t >= 60.0)),
            Shape::Ramp => ((t - 60.0) / 600.0).clamp(0.0, 1.0),
            Shape::Sine => (1.0 - kit::math::sin_cos(core::f64::consts::TAU * t / DAY).1) / 2.0,
            Shape::Spike => f64::from(u8::from((300.0..360.0).contains(&t))),
            Shape::Trace => return peak * recorded(t),
        };
        base + (peak - base) * fraction
    }
}

/// The trace at second `t` as a fraction of its busiest hour, interpolated between hours.
fn recorded(t: f64) -> f64 {
    let busiest = NASA_1995_07_06.iter().copied().fold(1.0, f64::max);
    let hour = (t / TRACE_HOUR).clamp(0.0, 23.0);
    let (index, within) = (hour.floor() as usize, hour - hour.floor());
    let next = NASA_1995_07_06[(index + 1).min(23)];
    (NASA_1995_07_06[index] * (1.0 - within) + next * within) / busiest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_run_from_base_to_peak() {
        assert_eq!((Shape::Step.rate(59.0, 10.0, 100.0), Shape::Step.rate(60.0, 10.0, 100.0)), (10.0, 100.0));
        assert_eq!(Shape::Ramp.rate(360.0, 0.0, 100.0), 50.0);
        assert!((Shape::Sine.rate(DAY / 2.0, 10.0, 100.0) - 100.0).abs() < 1e-9);
        assert_eq!((Shape::Spike.rate(330.0, 10.0, 100.0), Shape::Spike.rate(360.0, 10.0, 100.0)), (100.0, 10.0));
        // The recorded day: the busiest hour (15:00, 7,061 requests) is the peak, the quietest
        // (04:00, 1,429) a fifth of it; the day totals 100,960 requests.
        assert_eq!(NASA_1995_07_06.iter().sum::<f64>(), 100_960.0);
        assert!((Shape::Trace.rate(15.0 * TRACE_HOUR, 0.0, 7061.0) - 7061.0).abs() < 1e-9);
        assert!((Shape::Trace.rate(4.0 * TRACE_HOUR, 0.0, 7061.0) - 1429.0).abs() < 1e-9);
    }
}
