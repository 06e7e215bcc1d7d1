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
