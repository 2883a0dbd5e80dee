//! Positions on a logarithmic axis, the human-scale translation, and durations in words.

/// The duration axis runs from 10^FIRST_DECADE to 10^LAST_DECADE nanoseconds: 0.1 ns to 1 s.
pub const FIRST_DECADE: i32 = -1;
pub const LAST_DECADE: i32 = 9;

/// Where `value` falls on a logarithmic axis from 10^first to 10^last, from 0 to 1, clamped.
pub fn position(value: f64, first: i32, last: i32) -> f64 {
    let decade = kit::math::ln(value.max(1e-12)) / core::f64::consts::LN_10;
    ((decade - f64::from(first)) / f64::from((last - first).max(1))).clamp(0.0, 1.0)
}

/// A duration in seconds as words with two or three significant figures: "1.7 minutes".
pub fn push_human(out: &mut String, seconds: f64) {
    const UNITS: [(f64, &str, &str); 6] = [
        (365.25 * 86_400.0, "year", "years"),
        (30.44 * 86_400.0, "month", "months"),
        (86_400.0, "day", "days"),
        (3_600.0, "hour", "hours"),
        (60.0, "minute", "minutes"),
        (1.0, "second", "seconds"),
    ];
    let (size, one, many) = UNITS.iter().copied().find(|&(size, _, _)| seconds >= size).unwrap_or(UNITS[5]);
    let value = seconds / size;
    push_significant(out, value);
    out.push(' ');
    out.push_str(if (value - 1.0).abs() < 0.05 { one } else { many });
}

/// A duration in nanoseconds in the unit that suits it: "0.5 ns", "25 ns", "3 µs", "10 ms".
pub fn push_duration(out: &mut String, nanoseconds: f64) {
    let (scale, unit) = if nanoseconds >= 1e9 {
        (1e9, "s")
    } else if nanoseconds >= 1e6 {
        (1e6, "ms")
    } else if nanoseconds >= 1e3 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    };
    push_significant(out, nanoseconds / scale);
    out.push(' ');
    out.push_str(unit);
}

/// Up to three significant figures, without trailing zeros.
pub fn push_significant(out: &mut String, value: f64) {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let mut text = String::new();
    kit::num::push_fixed(&mut text, value, decimals);
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    out.push_str(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(push: fn(&mut String, f64), value: f64) -> String {
        let mut out = String::new();
        push(&mut out, value);
        out
    }

    #[test]
    fn formats_durations_and_human_times() {
        assert_eq!(text(push_duration, 0.5), "0.5 ns");
        assert_eq!(text(push_duration, 25.18), "25.2 ns");
        assert_eq!(text(push_duration, 3_000.0), "3 µs");
        assert_eq!(text(push_duration, 7_400_000.0), "7.4 ms");
        assert_eq!(text(push_duration, 150_000_000.0), "150 ms");
        // Dean's figures with an L1 reference stretched to one second (× 2 × 10^9): main
        // memory 200 s, a disk seek 2 × 10^7 s, the round trip 3 × 10^8 s.
        assert_eq!(text(push_human, 200.0), "3.33 minutes");
        assert_eq!(text(push_human, 2e7), "7.6 months");
        assert_eq!(text(push_human, 3e8), "9.51 years");
        assert_eq!(text(push_human, 1.0), "1 second");
    }

    #[test]
    fn the_axis_is_logarithmic() {
        assert!(position(0.1, FIRST_DECADE, LAST_DECADE).abs() < 1e-12);
        assert!((position(1e9, FIRST_DECADE, LAST_DECADE) - 1.0).abs() < 1e-12);
        assert!((position(1e4, FIRST_DECADE, LAST_DECADE) - 0.5).abs() < 1e-12);
        assert_eq!(position(0.0, FIRST_DECADE, LAST_DECADE), 0.0);
    }
}
