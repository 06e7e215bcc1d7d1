//! The conversions between measures (seconds, points, gains, shares) and counts
//! that Polyphony makes, in one place, so that each rounding rule is written
//! once and clippy's cast lints stay on everywhere else.
//!
//! Rust's float-to-integer `as` saturates and maps NaN to 0, which is the rule
//! wanted here: a negative or NaN measure counts nothing, a huge one counts as
//! many as can be.

/// `value` as a count: below zero or NaN is 0, beyond `usize::MAX` is
/// `usize::MAX`, and the fraction is dropped.
#[must_use]
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "float-to-int `as` saturates and maps NaN to 0, the rule documented above"
)]
pub fn count_from(value: f64) -> usize {
    value as usize
}

/// `value` in single precision, for audio samples and gains (within ±1, where
/// f32's 24 bits are far finer than any sound card).
#[must_use]
#[expect(
    clippy::cast_possible_truncation,
    reason = "audio samples and gains are within ±1, where f32 keeps 24 bits"
)]
pub fn single(value: f64) -> f32 {
    value as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_saturate_and_drop_the_fraction() {
        assert_eq!(count_from(2.9), 2);
        assert_eq!(count_from(-3.0), 0);
        assert_eq!(count_from(f64::NAN), 0);
        assert_eq!(count_from(f64::INFINITY), usize::MAX);
        assert!((single(0.25) - 0.25).abs() < f32::EPSILON);
    }
}
