//! Who the participants are: renaming, merging and splitting them, the setting that
//! makes interviewer role labels one person across documents, and the one-off
//! split of role-label participants in projects made before role labels were told
//! apart. Each change is one command through [`Workbench::apply`], so one undo step.

use crate::edit::{Command, participants};
use crate::model::{Participant, ParticipantId};
use crate::workbench::{Workbench, WorkbenchError};
use serde::Serialize;

/// What a participant command did, for the CLI and the window to show.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantChange {
    /// The undo step's words ("merge Participant (int-07) into P07").
    pub label: String,
    /// The participants afterwards that the change made or kept, by name.
    pub participants: Vec<String>,
}

impl Workbench {
    /// The participant called `name` (ignoring case), or an error that lists near names.
    pub fn participant_named(&self, name: &str) -> Result<&Participant, WorkbenchError> {
        if let Some(found) = self.project.find_participant(name) {
            return Ok(found);
        }
        let folded = name.trim().to_lowercase();
        let near: Vec<&str> = self
            .project
            .participants
            .values()
            .filter(|participant| participant.name.to_lowercase().contains(&folded))
            .map(|participant| participant.name.as_str())
            .take(8)
            .collect();
        Err(WorkbenchError::Invalid(if near.is_empty() {
            format!("there is no participant called {name:?}; `polyphony participants` lists them")
        } else {
            format!(
                "there is no participant called {name:?}; did you mean {}?",
                near.join(", ")
            )
        }))
    }

    /// Renames a participant (one undo step).
    pub fn rename_participant(
        &mut self,
        id: ParticipantId,
        new_name: &str,
    ) -> Result<ParticipantChange, WorkbenchError> {
        let command = participants::rename_participant(&self.project, id, new_name)?;
        self.apply_participant_change(command, &[id])
    }

    /// Merges `others` into `into` (one undo step).
    pub fn merge_participants(
        &mut self,
        into: ParticipantId,
        others: &[ParticipantId],
    ) -> Result<ParticipantChange, WorkbenchError> {
        let command = participants::merge_participants(&self.project, into, others)?;
        self.apply_participant_change(command, &[into])
    }

    /// Splits a participant into one per document (one undo step).
    pub fn split_participant(
        &mut self,
        id: ParticipantId,
    ) -> Result<ParticipantChange, WorkbenchError> {
        let before: Vec<ParticipantId> = self.project.participants.keys().copied().collect();
        let command = participants::split_participant(&self.project, id)?;
        let label = self.apply(command)?;
        let mut made: Vec<String> = self
            .project
            .participants
            .values()
            .filter(|participant| participant.id == id || !before.contains(&participant.id))
            .map(|participant| participant.name.clone())
            .collect();
        made.sort();
        Ok(ParticipantChange {
            label,
            participants: made,
        })
    }

    /// Chooses whether interviewer role labels ("Interviewer", "I", "Moderator") are one
    /// person across documents (`shared`) or a participant of each document, and
    /// relinks the documents already imported to match; one undo step.
    pub fn set_interviewers_shared(
        &mut self,
        shared: bool,
    ) -> Result<ParticipantChange, WorkbenchError> {
        let command = participants::set_interviewers_shared(&self.project, shared)?;
        let label = self.apply(command)?;
        let mut interviewers: Vec<String> = self
            .project
            .participants
            .values()
            .filter(|participant| participant.is_interviewer)
            .map(|participant| participant.name.clone())
            .collect();
        interviewers.sort();
        Ok(ParticipantChange {
            label,
            participants: interviewers,
        })
    }

    fn apply_participant_change(
        &mut self,
        command: Command,
        kept: &[ParticipantId],
    ) -> Result<ParticipantChange, WorkbenchError> {
        let label = self.apply(command)?;
        let participants = kept
            .iter()
            .filter_map(|id| self.project.participants.get(id))
            .map(|participant| participant.name.clone())
            .collect();
        Ok(ParticipantChange {
            label,
            participants,
        })
    }

    /// For a project file just upgraded from a schema before role labels were told
    /// apart: splits the participants that role labels of several documents share,
    /// as one undo step, and returns what it did.
    pub(crate) fn split_role_labels_after_upgrade(
        &mut self,
    ) -> Result<Vec<String>, WorkbenchError> {
        let Some((command, notes)) = participants::split_role_label_participants(&self.project)
        else {
            return Ok(Vec::new());
        };
        self.apply(command)?;
        Ok(notes)
    }
}
