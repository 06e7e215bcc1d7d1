//! Files an export writes: saved whole or not at all, and named in messages
//! by their file name.

use crate::exchange::ExchangeError;
use std::path::Path;

/// The file name of `path`, for messages and labels.
pub(crate) fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Writes `bytes` to a hidden file beside `out` and renames it into place, so
/// that `out` is never left half-written and an old file survives a failure.
pub(crate) fn save_atomically(out: &Path, bytes: &[u8]) -> Result<(), ExchangeError> {
    let shown = out.display().to_string();
    let Some(file_name) = out.file_name() else {
        return Err(ExchangeError::NotWritten {
            path: shown,
            reason: "the path names a folder, not a file".to_owned(),
        });
    };
    let partial = out.with_file_name(format!(".{}.partial", file_name.to_string_lossy()));
    let write_error = |source| ExchangeError::Write {
        path: shown.clone(),
        source,
    };
    std::fs::write(&partial, bytes).map_err(write_error)?;
    if let Err(source) = std::fs::rename(&partial, out) {
        let _ = std::fs::remove_file(&partial);
        return Err(write_error(source));
    }
    Ok(())
}
