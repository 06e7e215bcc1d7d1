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

    /// Rewrites every record of this file as `project` has it, and leaves out
    /// what only the original may hold: the themes' earlier versions, the
    /// journal, the key, and (by vacuuming with secure delete) every page the
    /// old rows stood on, so that no byte of the file keeps a replaced term.
    /// For a pseudonymised copy, made by `snapshot_to` and `forget_history`.
    pub fn rewrite_as(&mut self, project: &crate::model::Project) -> Result<(), StoreError> {
        use crate::edit::Touched;
        self.writable()?;
        let path = self.path.clone();
        let every_record: Vec<Touched> = project
            .documents
            .keys()
            .flat_map(|&id| [Touched::Document(id), Touched::DocumentDetails(id)])
            .chain(
                project
                    .participants
                    .keys()
                    .map(|&id| Touched::Participant(id)),
            )
            .chain(project.coders.keys().map(|&id| Touched::Coder(id)))
            .chain(project.codes.keys().map(|&id| Touched::Code(id)))
            .chain(project.codings.keys().map(|&id| Touched::Coding(id)))
            .chain(project.themes.keys().map(|&id| Touched::Theme(id)))
            .chain(project.memos.keys().map(|&id| Touched::Memo(id)))
            .chain(project.comments.keys().map(|&id| Touched::Comment(id)))
            .chain([Touched::Settings, Touched::Pseudonyms])
            .collect();
        (|| {
            self.connection
                .execute_batch("PRAGMA journal_mode = DELETE; PRAGMA secure_delete = ON;")?;
            let transaction = self.connection.transaction()?;
            write::touched(&transaction, project, &every_record, 0)?;
            transaction.execute_batch("DELETE FROM theme_versions; DELETE FROM journal;")?;
            transaction.commit()?;
            self.connection.execute_batch("VACUUM;")
        })()
        .map_err(|source| sql(&path, source))
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
