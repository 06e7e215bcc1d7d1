//! The pseudonym key where the data leaves the project: the project as it may be
//! written out, the pseudonymised copy that can be shared without the key, and
//! the journal row that an identifiable output leaves behind.

use super::{Workbench, WorkbenchError};
use crate::edit::Command;
use crate::model::Project;
use crate::pseudonyms::{
    Candidate, KeyEntry, KeyFile, Marking, Pseudonymiser, Texts, find_candidates, pseudonymise,
    pseudonymise_texts,
};
use crate::store::{OpenMode, ProjectFile};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

/// What an output is written from: the project with the key applied to the texts
/// it reads, or, when the user chose identifiable output (or there is no key), the
/// project as it is.
pub struct Leaving<'w> {
    pub project: Cow<'w, Project>,
    key: Option<Pseudonymiser>,
}

impl<'w> Leaving<'w> {
    /// The project as it is, real names and all.
    #[must_use]
    pub fn as_it_is(project: &'w Project) -> Self {
        Self {
            project: Cow::Borrowed(project),
            key: None,
        }
    }

    /// `project` with `key` applied to every name and to the `texts` an output reads.
    #[must_use]
    pub fn pseudonymised(project: &Project, key: Pseudonymiser, texts: Texts) -> Self {
        Self {
            project: Cow::Owned(pseudonymise_texts(project, &key, texts)),
            key: Some(key),
        }
    }

    /// Whether the key was applied.
    #[must_use]
    pub fn is_pseudonymised(&self) -> bool {
        self.key.is_some()
    }

    /// A text of the output's own (a title) as the output must show it.
    #[must_use]
    pub fn text(&self, text: &str) -> String {
        self.key
            .as_ref()
            .map_or_else(|| text.to_owned(), |key| key.replace(text))
    }

    /// A name or table cell of the output's own, replaced in any case as the
    /// names of files are: what was worked out from the real project (a study
    /// table) must not keep a name in lower case either.
    #[must_use]
    pub fn name(&self, name: &str) -> String {
        self.key
            .as_ref()
            .map_or_else(|| name.to_owned(), |key| key.replace_in_name(name))
    }
}

impl Workbench {
    /// Whether the project keeps a pseudonym key, which makes every output
    /// pseudonymised unless the user chooses otherwise.
    #[must_use]
    pub fn has_pseudonym_key(&self) -> bool {
        !self.project.pseudonyms.is_empty() || self.key_kept_apart().is_some()
    }

    /// The id of the sealed key file that keeps the project's key apart, if one does.
    #[must_use]
    pub fn key_kept_apart(&self) -> Option<&str> {
        self.project
            .settings
            .get(Project::PSEUDONYM_KEY_APART)
            .map(String::as_str)
    }

    /// Holds the entries of a key kept apart in memory, to apply them; the
    /// project's store never receives them, as no command on the key is taken
    /// while it is kept apart.
    pub fn hold_key_apart(&mut self, entries: &[KeyEntry]) {
        self.project.pseudonyms = entries
            .iter()
            .map(|entry| (entry.real.clone(), entry.clone()))
            .collect();
    }

    /// Reads the sealed key at `path` with `passphrase`, checking that it is this
    /// project's key when the project keeps one apart.
    ///
    /// # Errors
    /// A wrong passphrase, a file that is not a key, or another project's key.
    pub fn read_key_apart(&self, path: &Path, passphrase: &str) -> Result<KeyFile, WorkbenchError> {
        let key = KeyFile::read(path, passphrase)
            .map_err(|error| WorkbenchError::Invalid(error.to_string()))?;
        match self.key_kept_apart() {
            Some(id) if id != key.id => Err(WorkbenchError::Invalid(format!(
                "{} is the pseudonym key of another project; this project's key has the id {id}",
                path.display()
            ))),
            _ => Ok(key),
        }
    }

    /// Opens this project's key kept apart at `path` and holds its entries in
    /// memory, for the outputs to apply; returns the key.
    ///
    /// # Errors
    /// As [`Self::read_key_apart`], and when the project keeps no key apart.
    pub fn open_key_apart(
        &mut self,
        path: &Path,
        passphrase: &str,
    ) -> Result<KeyFile, WorkbenchError> {
        if self.key_kept_apart().is_none() {
            return Err(WorkbenchError::Invalid(
                "this project keeps its pseudonym key inside, not in a key file".to_owned(),
            ));
        }
        let key = self.read_key_apart(path, passphrase)?;
        self.hold_key_apart(&key.entries);
        Ok(key)
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

    /// What an output that reads `texts` is written from: the project as it is
    /// while it has no key, and with the key applied once it has one.
    ///
    /// # Errors
    /// When the key is kept apart and not opened, or too large to search with.
    pub fn project_leaving(
        &self,
        marking: Marking,
        texts: Texts,
    ) -> Result<Leaving<'_>, WorkbenchError> {
        if !self.has_pseudonym_key() {
            return Ok(Leaving::as_it_is(&self.project));
        }
        if self.key_kept_apart().is_some() && self.project.pseudonyms.is_empty() {
            return Err(WorkbenchError::Invalid(
                "this project's pseudonym key is kept apart in a sealed key file: open it in Edit > Pseudonym key… to write with pseudonyms, or choose real names there (which is journalled)".to_owned(),
            ));
        }
        Ok(Leaving::pseudonymised(
            &self.project,
            self.pseudonymiser(marking)?,
            texts,
        ))
    }

    /// The terms the user said need no pseudonym.
    #[must_use]
    pub fn rejected_candidates(&self) -> BTreeSet<String> {
        self.project
            .settings
            .get(Project::PSEUDONYMS_REJECTED)
            .and_then(|list| serde_json::from_str(list).ok())
            .unwrap_or_default()
    }

    /// What the key may still need, found across every text of the project
    /// (read in whole first); `progress` hears (done, all) per text.
    ///
    /// # Errors
    /// When the project's texts cannot be read.
    pub fn pseudonym_candidates(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Candidate>, WorkbenchError> {
        self.load_whole()?;
        Ok(find_candidates(
            &self.project,
            &self.rejected_candidates(),
            progress,
        ))
    }

    /// The one undo step that rejects `term`: it is not proposed again.
    #[must_use]
    pub fn reject_candidate(&self, term: &str) -> Command {
        let mut rejected = self.rejected_candidates();
        rejected.insert(term.trim().to_owned());
        Command::SetSetting {
            name: Project::PSEUDONYMS_REJECTED.to_owned(),
            value: Some(serde_json::to_string(&rejected).unwrap_or_default()),
        }
    }

    /// The one undo step that makes `term` a variant of the key's entry for
    /// `real` ("Mags" of "Margaret Hill"), replaced by the entry's replacement.
    ///
    /// # Errors
    /// When `real` is not in the key.
    pub fn map_candidate(&self, term: &str, real: &str) -> Result<Command, WorkbenchError> {
        let Some(entry) = self.project.pseudonyms.get(real.trim()) else {
            return Err(WorkbenchError::Invalid(format!(
                "{real:?} is not in the pseudonym key, so {term:?} cannot be mapped to it; list the key with `polyphony pseudonyms PROJECT list`"
            )));
        };
        let mut entry: KeyEntry = entry.clone();
        let term = term.trim().to_owned();
        if !entry.variants.contains(&term) && entry.real != term {
            entry.variants.push(term);
        }
        Ok(Command::SetPseudonym {
            real: entry.real.clone(),
            entry: Some(entry),
        })
    }

    /// Journals a change to the key kept apart, by its label, which names no
    /// real term.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn note_key_apart_change(&mut self, label: &str) -> Result<(), WorkbenchError> {
        let coder = self.coder.name.clone();
        self.file.note_in_journal(
            &coder,
            &format!("changed the pseudonym key kept apart: {label}"),
            "",
        )?;
        Ok(())
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

    /// Writes a project to `out` whose texts, names, attributes, memos and
    /// comments carry the pseudonyms, with every coding on the replaced text
    /// and no key inside. It has no undo history, journal or theme versions of
    /// the original (they name real terms), and a project id of its own.
    ///
    /// Returns how many documents the copy holds.
    ///
    /// # Errors
    /// When there is no key, `out` exists, or the copy cannot be written; a
    /// half-written copy is removed.
    pub fn write_pseudonymised_copy(
        &mut self,
        out: &Path,
        marking: Marking,
    ) -> Result<usize, WorkbenchError> {
        if !self.has_pseudonym_key() {
            return Err(WorkbenchError::Invalid(
                "the project has no pseudonym key, so a copy would name everyone; build one with `polyphony pseudonyms PROJECT add` or import one".to_owned(),
            ));
        }
        if out.exists() {
            return Err(WorkbenchError::Invalid(format!(
                "{} already exists; choose another name for the copy",
                out.display()
            )));
        }
        self.load_whole()?;
        let key = self.pseudonymiser(marking)?;
        let shared = pseudonymise(&self.project, &key);
        self.file.snapshot_to(out)?;
        let coder = self.coder.name.clone();
        let made = (|| {
            let mut copy = ProjectFile::open(out, OpenMode::ReadWrite)?;
            copy.forget_history()?;
            copy.rewrite_as(&shared)?;
            copy.set_meta("project_id", &uuid::Uuid::new_v4().to_string())?;
            copy.note_in_journal(&coder, "made this pseudonymised copy", "")?;
            Ok::<_, WorkbenchError>(())
        })();
        if let Err(error) = made {
            let _ = std::fs::remove_file(out);
            return Err(error);
        }
        self.file.note_in_journal(
            &coder,
            &format!("wrote a pseudonymised copy to {}", out.display()),
            "",
        )?;
        Ok(shared.documents.len())
    }
}
