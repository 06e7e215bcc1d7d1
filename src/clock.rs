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
