//! Quantities with dimensions. Each quantity records the power of every base unit it carries
//! (users, requests, bytes, seconds, days, years, machines); multiplying adds the powers,
//! dividing subtracts them, and adding two quantities of different dimensions is refused. The
//! worksheet is built from these, so a unit error is a failed test, not a wrong number.

use kit::num::{push_fixed, push_grouped};

/// The base units, in the order of [`Dimension`]'s powers: plural above the line, singular
/// below it ("requests/day", "days/year").
const PLURAL: [&str; 7] = ["users", "requests", "bytes", "s", "days", "years", "machines"];
const SINGULAR: [&str; 7] = ["user", "request", "byte", "s", "day", "year", "machine"];

/// Powers of the base units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Dimension(pub [i8; 7]);

impl Dimension {
    pub const NONE: Dimension = Dimension([0; 7]);
    pub const USERS: Dimension = Dimension([1, 0, 0, 0, 0, 0, 0]);
    pub const REQUESTS: Dimension = Dimension([0, 1, 0, 0, 0, 0, 0]);
    pub const BYTES: Dimension = Dimension([0, 0, 1, 0, 0, 0, 0]);
    pub const SECONDS: Dimension = Dimension([0, 0, 0, 1, 0, 0, 0]);
    pub const DAYS: Dimension = Dimension([0, 0, 0, 0, 1, 0, 0]);
    pub const YEARS: Dimension = Dimension([0, 0, 0, 0, 0, 1, 0]);
    pub const MACHINES: Dimension = Dimension([0, 0, 0, 0, 0, 0, 1]);

    pub fn times(self, other: Dimension) -> Dimension {
        Dimension(std::array::from_fn(|i| self.0[i] + other.0[i]))
    }

    pub fn per(self, other: Dimension) -> Dimension {
        Dimension(std::array::from_fn(|i| self.0[i] - other.0[i]))
    }

    /// "requests/s", "bytes/day", "requests/(user·day)": positive powers over negative ones.
    pub fn label(self) -> String {
        let part = |positive: bool| -> Vec<String> {
            let names = if positive { PLURAL } else { SINGULAR };
            names
                .iter()
                .zip(self.0)
                .filter(|&(_, power)| if positive { power > 0 } else { power < 0 })
                .map(|(base, power)| {
                    let power = power.unsigned_abs();
                    if power == 1 {
                        base.to_string()
                    } else {
                        format!("{base}^{power}")
                    }
                })
                .collect()
        };
        let (over, under) = (part(true), part(false));
        let top = if over.is_empty() { "1".to_string() } else { over.join("·") };
        match under.len() {
            0 => top,
            1 => format!("{top}/{}", under[0]),
            _ => format!("{top}/({})", under.join("·")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub dimension: Dimension,
}

impl Quantity {
    pub fn new(value: f64, dimension: Dimension) -> Quantity {
        Quantity { value, dimension }
    }

    pub fn times(self, other: Quantity) -> Quantity {
        Quantity::new(self.value * other.value, self.dimension.times(other.dimension))
    }

    pub fn per(self, other: Quantity) -> Quantity {
        Quantity::new(self.value / other.value, self.dimension.per(other.dimension))
    }

    /// The sum, or `None` when the two are not the same kind of thing.
    pub fn plus(self, other: Quantity) -> Option<Quantity> {
        (self.dimension == other.dimension).then(|| Quantity::new(self.value + other.value, self.dimension))
    }

    /// The larger, or `None` across dimensions.
    pub fn max(self, other: Quantity) -> Option<Quantity> {
        (self.dimension == other.dimension).then_some(if other.value > self.value { other } else { self })
    }

    /// Rounded up to a whole number of its unit (you cannot buy 2.5 machines).
    pub fn ceil(self) -> Quantity {
        let whole = self.value as u64 as f64;
        Quantity::new(if whole < self.value { whole + 1.0 } else { whole }, self.dimension)
    }

    /// The value in readable form with its unit: bytes with decimal prefixes ("10 GB/day"),
    /// other counts grouped with up to one decimal ("1,157.4 request/s").
    pub fn label(self) -> String {
        let mut out = String::new();
        let bytes = self.dimension.0[2];
        if bytes == 1 {
            let prefixes = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
            let mut value = self.value;
            let mut prefix = 0;
            while value >= 1_000.0 && prefix + 1 < prefixes.len() {
                value /= 1_000.0;
                prefix += 1;
            }
            push_number(&mut out, value);
            out.push(' ');
            out.push_str(prefixes[prefix]);
            let rest = self.dimension.per(Dimension::BYTES);
            if rest != Dimension::NONE {
                let label = rest.label();
                out.push_str(label.strip_prefix('1').unwrap_or(&label));
            }
        } else {
            push_number(&mut out, self.value);
            if self.dimension != Dimension::NONE {
                out.push(' ');
                out.push_str(&self.dimension.label());
            }
        }
        out
    }
}

/// Readable precision: large values grouped and whole, smaller ones with a decimal or two.
pub fn push_number(out: &mut String, value: f64) {
    let whole = (0.0..1e18).contains(&value) && value == value as u64 as f64;
    if whole || value >= 1_000.0 {
        if value.is_finite() && value < 1e18 {
            push_grouped(out, (value + 0.5) as u64);
        } else {
            out.push('–');
        }
    } else if value >= 10.0 {
        push_fixed(out, value, 1);
    } else {
        push_fixed(out, value, 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_multiply_divide_and_refuse_to_add_across_kinds() {
        let per_day = Quantity::new(100.0, Dimension::REQUESTS.per(Dimension::DAYS));
        let seconds_per_day = Quantity::new(86_400.0, Dimension::SECONDS.per(Dimension::DAYS));
        let per_second = per_day.per(seconds_per_day);
        assert_eq!(per_second.dimension, Dimension::REQUESTS.per(Dimension::SECONDS));
        assert_eq!(per_second.dimension.label(), "requests/s");
        let bytes = Quantity::new(5.0, Dimension::BYTES);
        assert!(per_second.plus(bytes).is_none());
        assert!(per_second.plus(per_second).is_some());
        assert_eq!(Dimension::REQUESTS.per(Dimension::USERS.times(Dimension::DAYS)).label(), "requests/(user·day)");
    }

    #[test]
    fn labels_scale_bytes_and_group_counts() {
        assert_eq!(Quantity::new(1e10, Dimension::BYTES.per(Dimension::DAYS)).label(), "10 GB/day");
        assert_eq!(Quantity::new(1.095e14, Dimension::BYTES).label(), "109.5 TB");
        assert_eq!(Quantity::new(1_157.407, Dimension::REQUESTS.per(Dimension::SECONDS)).label(), "1,157 requests/s");
        assert_eq!(Quantity::new(2.5, Dimension::NONE).label(), "2.50");
        assert_eq!(Quantity::new(3.0, Dimension::MACHINES).label(), "3 machines");
        assert_eq!(Quantity::new(2.2, Dimension::MACHINES).ceil().value, 3.0);
    }
}
