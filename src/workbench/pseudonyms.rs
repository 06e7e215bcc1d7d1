//! The pseudonym key where the data leaves the project: the project as it may be
//! written out, and the journal row that an identifiable output leaves behind.

use super::{Workbench, WorkbenchError};
use crate::model::Project;
use crate::pseudonyms::{Marking, Pseudonymiser, pseudonymise};

impl Workbench {
    /// Whether the project keeps a pseudonym key, which makes every output
    /// pseudonymised unless the user chooses otherwise.
    #[must_use]
    pub fn has_pseudonym_key(&self) -> bool {
        !self.project.pseudonyms.is_empty()
    }

    /// The project's key, ready to apply.
    ///
    /// # Errors
    /// When the key is too large to search with.
    pub fn pseudonymiser(&self, marking: Marking) -> Result<Pseudonymiser, WorkbenchError> {
        let entries: Vec<_> = self.project.pseudonyms.values().cloned().collect();
        Pseudonymiser::new(&entries, marking)
            .map_err(|error| WorkbenchError::Invalid(error.to_string()))
    }

    /// The project with the key applied everywhere and the key left out: what
    /// every export writes from once a key exists.
    ///
    /// # Errors
    /// When the key is too large to search with.
    pub fn pseudonymised_project(&self, marking: Marking) -> Result<Project, WorkbenchError> {
        Ok(pseudonymise(&self.project, &self.pseudonymiser(marking)?))
    }

    /// Journals that `what` was written with the real names, which takes the
    /// user's explicit choice once the project has a key.
    ///
    /// # Errors
    /// When the journal cannot be written (the project is then not written out).
    pub fn note_identifiable_output(&mut self, what: &str) -> Result<(), WorkbenchError> {
        let coder = self.coder.name.clone();
        self.file.note_in_journal(
            &coder,
            &format!("wrote identifiable output, without pseudonyms: {what}"),
            "",
        )?;
        Ok(())
    }
}
