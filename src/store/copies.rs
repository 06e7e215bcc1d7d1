//! Writing a coder's copy of a project file: the same records with the same
//! ids, an empty undo history (the copy's history is the coder's own work,
//! which a merge reads back), and the copy's identity in `meta`.

use crate::store::file::{ProjectFile, StoreError, sql};
use crate::store::write;
use rusqlite::params;
use std::path::Path;

impl ProjectFile {
    /// Writes this project, as it is on disk now, to a new file at `out` in
    /// one consistent snapshot (`VACUUM INTO`). Refuses to overwrite.
    pub fn snapshot_to(&self, out: &Path) -> Result<(), StoreError> {
        if out.exists() {
            return Err(StoreError::AlreadyExists {
                path: out.display().to_string(),
            });
        }
        let target = out.to_str().ok_or_else(|| StoreError::Io {
            path: out.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path is not valid Unicode",
            ),
        })?;
        self.connection
            .execute("VACUUM INTO ?1", params![target])
            .map(|_| ())
            .map_err(|source| sql(&self.path, source))
    }

    /// Empties the undo history and the records it had parked, so that what
    /// is done from now on is all the history holds.
    pub fn forget_history(&mut self) -> Result<(), StoreError> {
        self.writable()?;
        self.connection
            .execute_batch(
                "BEGIN IMMEDIATE;
                 DELETE FROM history_steps;
                 DELETE FROM history;
                 DELETE FROM parked_documents;
                 DELETE FROM parked_codings;
                 COMMIT;",
            )
            .map_err(|source| sql(&self.path, source))
    }

    /// Writes a journal row for something done to the file as a whole (a
    /// copy made), which is no step of the analysis and has no undo.
    pub fn note_in_journal(
        &mut self,
        coder: &str,
        label: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction()
            .map_err(|source| sql(&path, source))?;
        write::journal(&transaction, coder, "do", label, 0, detail)
            .and_then(|()| transaction.commit())
            .map_err(|source| sql(&path, source))
    }
}
