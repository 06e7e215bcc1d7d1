//! The wall clock, read in one place: milliseconds since the Unix epoch, the
//! unit every stored time uses. It sits below every layer that stamps a time
//! (the store's journal, exchange's imports, the workbench's commands), so that
//! none of them reaches upward for it.

/// Milliseconds since the Unix epoch.
#[must_use]
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}

/// A stored time as an RFC 3339 date and time in UTC ("2026-12-03T08:15:00Z"),
/// or the number itself if it is out of range.
#[must_use]
pub fn format_ms(ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) else {
        return ms.to_string();
    };
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| ms.to_string())
}

/// How long ago a stored time was, in the words a message uses: "a moment
/// ago" under a minute, then minutes, hours, and the date beyond a day.
#[must_use]
pub fn ago(ms: i64) -> String {
    let seconds = (now_ms() - ms).max(0) / 1000;
    match seconds {
        0..=59 => "a moment ago".to_owned(),
        60..=119 => "a minute ago".to_owned(),
        120..=3599 => format!("{} minutes ago", seconds / 60),
        3600..=7199 => "an hour ago".to_owned(),
        7200..=86_399 => format!("{} hours ago", seconds / 3600),
        _ => format!("on {}", format_ms(ms).get(..10).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_says_moments_minutes_hours_and_dates() {
        let now = now_ms();
        assert_eq!(ago(now - 5_000), "a moment ago");
        assert_eq!(ago(now - 90_000), "a minute ago");
        assert_eq!(ago(now - 10 * 60_000), "10 minutes ago");
        assert_eq!(ago(now - 3 * 3_600_000), "3 hours ago");
        assert_eq!(ago(0), "on 1970-01-01");
    }
}
