//! Builds the commands users ask for, as pure functions of the project and the
//! coder: nothing here reads a file, opens a window or applies anything. The
//! window and the command line call the same builders, so a gesture and its
//! subcommand make the same change, with the same words in the journal.
//!
//! A [`CommandBuilder`] holds what every builder reads: the project as it is,
//! who is coding, and the time new records are stamped with. Builders that
//! create records give them fresh ids, so that redo recreates the same records.
//! Each returns one [`Command`] (a `Command::Batch` where several records
//! change), so every gesture is one undo step.

pub mod autocode;
mod coding;
pub mod coding_batch;
pub mod participants;
mod review;
#[cfg(test)]
mod tests;
mod themes;

pub use coding::{IN_VIVO_CHARS, in_vivo_name};
pub use coding_batch::{CodingBatch, CodingRow, RowPlace, RowProblem, coding_batch};

use crate::edit::{Command, EditError};
use crate::model::{
    CODE_PALETTE, Coder, CodingId, DocumentId, Participant, ParticipantId, Project,
};
use std::collections::BTreeMap;

/// What the builders read: the project, the coder whose work new codings are,
/// and the time they are made at.
#[derive(Debug, Clone, Copy)]
pub struct CommandBuilder<'p> {
    project: &'p Project,
    coder: &'p Coder,
    at: i64,
}

impl<'p> CommandBuilder<'p> {
    /// Builders over `project` for `coder`, stamping new records with now.
    #[must_use]
    pub fn new(project: &'p Project, coder: &'p Coder) -> Self {
        Self::at(project, coder, crate::clock::now_ms())
    }

    /// Builders that stamp new records with `at` (ms since the epoch), so that
    /// a test or a replay builds exactly the same command twice.
    #[must_use]
    pub fn at(project: &'p Project, coder: &'p Coder, at: i64) -> Self {
        Self { project, coder, at }
    }

    /// The project the builders read.
    #[must_use]
    pub fn project(&self) -> &'p Project {
        self.project
    }

    /// The colour a new code gets: the next in the palette, by how many codes
    /// there are, so that neighbouring codes differ.
    #[must_use]
    pub fn next_code_color(&self) -> String {
        CODE_PALETTE[self.project.codes.len() % CODE_PALETTE.len()].to_owned()
    }

    /// The command that codes `start..end` of `document` with the code at
    /// `code_key` (id, path or name), creating the code (and the parents its
    /// path names) at the top level if no code has that name. Returns the
    /// command and the new coding's id.
    pub fn code_range(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
        code_key: &str,
    ) -> Result<(Command, CodingId), EditError> {
        let (code, new_codes) = coding_batch::code_or_new(self.project, self.coder, code_key)
            .map_err(EditError::Invalid)?;
        let mut commands: Vec<Command> = new_codes
            .into_iter()
            .map(|code| Command::CreateCode { code })
            .collect();
        let coding = self.fresh_coding(document, start, end, code);
        let coding_id = coding.id;
        commands.push(Command::AddCoding { coding });
        let command = if commands.len() == 1 {
            commands.remove(0)
        } else {
            Command::Batch {
                label: format!("apply new code {}", code_key.trim()),
                commands,
            }
        };
        Ok((command, coding_id))
    }

    /// The command that links speaker label `speaker` of `document` to the
    /// participant called `participant`, creating the participant if there is
    /// none, as one step.
    #[must_use]
    pub fn link_speaker(&self, document: DocumentId, speaker: &str, participant: &str) -> Command {
        let mut commands = Vec::new();
        let id = match self.project.find_participant(participant) {
            Some(existing) => existing.id,
            None => {
                let created = Participant {
                    id: ParticipantId::new(),
                    name: participant.trim().to_owned(),
                    is_interviewer: false,
                    attributes: BTreeMap::new(),
                };
                let id = created.id;
                commands.push(Command::CreateParticipant {
                    participant: created,
                });
                id
            }
        };
        commands.push(Command::LinkSpeaker {
            document,
            speaker: speaker.to_owned(),
            participant: Some(id),
        });
        match commands.len() {
            1 => commands.remove(0),
            _ => Command::Batch {
                label: format!("link speaker {speaker} to new participant {participant}"),
                commands,
            },
        }
    }
}
