//! The workbench on a shared project: following the steps other members made
//! (from the journal, before each of one's own), saying in plain words when
//! one of them made a change stale, and what the window shows of the team:
//! who else is working, what they did, and the members and their roles.

use crate::edit::{self, EditError};
use crate::store::StoreError;
use crate::store::shared::{self, JournalStep, RemoteStep, Role};
use crate::workbench::{Workbench, WorkbenchError};
use std::path::Path;

impl Workbench {
    /// Brings the project in memory level with steps copied in from the
    /// server: applies their commands to what is held, or, when only an
    /// outline read in parts is held, reads the outline again.
    pub(crate) fn follow(
        &mut self,
        missed: Vec<RemoteStep>,
    ) -> Result<Vec<RemoteStep>, WorkbenchError> {
        if missed.is_empty() {
            return Ok(missed);
        }
        if !self.holds_all_but_texts() {
            self.reread_outline()?;
            return Ok(missed);
        }
        for step in &missed {
            let Some(command) = step.command.clone() else {
                continue;
            };
            self.load_needs(&edit::needs(&command))?;
            match edit::apply(&mut self.project, command) {
                Ok(applied) => self.reindex(&applied.touched),
                Err(error) => {
                    return Err(WorkbenchError::Invalid(format!(
                        "could not follow {}'s step \"{}\" ({error}); close the project and open it again, which reads it as the server has it",
                        step.coder, step.label
                    )));
                }
            }
        }
        Ok(missed)
    }

    /// Copies in and follows what other members did since the last step,
    /// without taking the project's lock: for a window told of a change.
    /// Returns the steps followed.
    pub fn catch_up(&mut self) -> Result<Vec<RemoteStep>, WorkbenchError> {
        let missed = self.file.catch_up_shared()?;
        self.follow(missed)
    }

    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.file.is_shared()
    }

    /// The user's role in a shared project (`None` for a file, or a login
    /// that is not a member).
    #[must_use]
    pub fn shared_role(&self) -> Option<Role> {
        self.file.shared_role()
    }

    /// The server's address, without the password.
    #[must_use]
    pub fn shared_url(&self) -> Option<String> {
        self.file.shared_url()
    }

    /// Where a window listens for other members' steps (see
    /// [`crate::store::ProjectFile::shared_channel`]).
    #[must_use]
    pub fn shared_channel(&self) -> Option<(crate::store::server::SharedUrl, String)> {
        self.file.shared_channel()
    }

    /// Where the project is, as the user names it: the file, or the shared
    /// project's address (without the password), never the local copy.
    #[must_use]
    pub fn location(&self) -> std::path::PathBuf {
        self.file
            .shared_url()
            .map_or_else(|| self.path().to_path_buf(), std::path::PathBuf::from)
    }

    /// Whether the server of a shared project can be reached now (a file is
    /// always there).
    #[must_use]
    pub fn server_is_connected(&mut self) -> bool {
        self.file
            .shared_link()
            .is_none_or(|link| link.is_connected())
    }

    /// Connects to the server again after it was lost.
    pub fn reconnect(&mut self) -> Result<(), WorkbenchError> {
        if let Some(link) = self.file.shared_link() {
            link.reconnect().map_err(StoreError::from)?;
        }
        Ok(())
    }

    /// The other logins working in a shared project now.
    pub fn others_present(&mut self) -> Result<Vec<String>, WorkbenchError> {
        match self.file.shared_link() {
            Some(link) => Ok(link.others_present().map_err(StoreError::from)?),
            None => Ok(Vec::new()),
        }
    }

    /// The last `limit` steps of the team, newest last: the server's journal
    /// for a shared project, the file's for a file.
    pub fn activity(&mut self, limit: usize) -> Result<Vec<JournalStep>, WorkbenchError> {
        if let Some(link) = self.file.shared_link() {
            return Ok(link
                .recent_steps(i64::try_from(limit).unwrap_or(i64::MAX))
                .map_err(StoreError::from)?);
        }
        let journal = self.file.journal()?;
        let skip = journal.len().saturating_sub(limit);
        Ok(journal
            .into_iter()
            .skip(skip)
            .map(|row| JournalStep {
                seq: row.seq,
                at: row.at,
                coder: row.coder,
                action: row.action,
                label: row.label,
            })
            .collect())
    }

    /// Puts the project file at `path` onto the empty database at `url`.
    pub fn publish(path: &Path, url: &str) -> Result<shared::Published, WorkbenchError> {
        let file = crate::store::ProjectFile::open(path, crate::store::OpenMode::ReadOnly)?;
        Ok(file.publish(url)?)
    }

    /// Writes a plain project file at `out` from the shared project at `url`.
    pub fn clone_shared(
        url: &str,
        out: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), WorkbenchError> {
        crate::store::ProjectFile::clone_from_server(url, out, progress)?;
        Ok(())
    }
}

/// The words for a command of ours that no longer applies because of steps
/// just followed: who did what, and when. Without such steps the error is
/// the command's own.
pub(crate) fn stale(error: EditError, missed: &[RemoteStep]) -> WorkbenchError {
    let removal = missed.iter().rev().find(|step| {
        step.command.as_ref().is_some_and(|command| {
            serde_json::to_string(command).is_ok_and(|json| json.contains("\"remove_"))
        })
    });
    match removal.or_else(|| missed.last()) {
        Some(step) => WorkbenchError::Invalid(format!(
            "{} {} {}, so this change no longer applies ({error}); nothing was changed",
            step.coder,
            in_past_tense(&step.label),
            crate::clock::ago(step.at)
        )),
        None => error.into(),
    }
}

/// "delete code “Hope”" as "deleted code “Hope”", for the verbs the
/// journal's labels begin with; any other label is quoted.
fn in_past_tense(label: &str) -> String {
    const PAST: &[(&str, &str)] = &[
        ("add", "added"),
        ("apply", "applied"),
        ("colour", "coloured"),
        ("create", "created"),
        ("delete", "deleted"),
        ("describe", "described"),
        ("edit", "edited"),
        ("import", "imported"),
        ("link", "linked"),
        ("merge", "merged"),
        ("move", "moved"),
        ("place", "placed"),
        ("recode", "recoded"),
        ("remove", "removed"),
        ("rename", "renamed"),
        ("reopen", "reopened"),
        ("resize", "resized"),
        ("resolve", "resolved"),
        ("set", "set"),
        ("split", "split"),
        ("uncode", "uncoded"),
        ("write", "wrote"),
    ];
    let (verb, rest) = label.split_once(' ').unwrap_or((label, ""));
    match PAST
        .iter()
        .find(|(present, _)| present.eq_ignore_ascii_case(verb))
    {
        Some((_, past)) if rest.is_empty() => (*past).to_owned(),
        Some((_, past)) => format!("{past} {rest}"),
        None => format!("made the change \"{label}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::in_past_tense;

    #[test]
    fn labels_read_in_the_past_tense() {
        assert_eq!(in_past_tense("delete code “Hope”"), "deleted code “Hope”");
        assert_eq!(in_past_tense("apply code “Hope”"), "applied code “Hope”");
        assert_eq!(
            in_past_tense("tidy the codebook"),
            "made the change \"tidy the codebook\""
        );
    }
}
