//! What every widget's config validation returns.

/// A config value outside the range the widget's controls allow: which key, and what is wrong.
/// The catalog turns it into a build error on the line that sets `key`.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    pub key: &'static str,
    pub message: String,
}

/// Checks that each `(key, value, min, max)` has `min <= value <= max`; the first that does
/// not becomes the error.
pub fn check_ranges(ranges: &[(&'static str, u32, u32, u32)]) -> Result<(), Invalid> {
    match ranges.iter().find(|(_, value, min, max)| !(min..=max).contains(&value)) {
        Some(&(key, value, min, max)) => {
            Err(Invalid { key, message: format!("{key} must be between {min} and {max}, not {value}") })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_value_out_of_range_is_reported() {
        assert_eq!(
            check_ranges(&[("a", 1, 1, 2), ("b", 5, 0, 4), ("c", 9, 0, 1)]).unwrap_err().message,
            "b must be between 0 and 4, not 5"
        );
        assert_eq!(check_ranges(&[("a", 2, 1, 2)]), Ok(()));
    }
}
