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
}

/// Seconds the daily sine takes per "day".
pub const DAY: f64 = 900.0;

impl Shape {
    pub const ALL: [Shape; 4] = [Shape::Step, Shape::Ramp, Shape::Sine, Shape::Spike];

    pub fn key(self) -> &'static str {
        match self {
            Shape::Step => "step",
            Shape::Ramp => "ramp",
            Shape::Sine => "sine",
            Shape::Spike => "spike",
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
        }
    }

    /// The rate at second `t`, between `base` and `peak`.
    pub fn rate(self, t: f64, base: f64, peak: f64) -> f64 {
        let fraction = match self {
            Shape::Step => f64::from(u8::from(t >= 60.0)),
            Shape::Ramp => ((t - 60.0) / 600.0).clamp(0.0, 1.0),
            Shape::Sine => (1.0 - kit::math::sin_cos(core::f64::consts::TAU * t / DAY).1) / 2.0,
            Shape::Spike => f64::from(u8::from((300.0..360.0).contains(&t))),
        };
        base + (peak - base) * fraction
    }
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
    }
}
