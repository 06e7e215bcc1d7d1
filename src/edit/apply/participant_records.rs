//! Applying the commands that change participants, the people who speak in the
//! documents: adding and removing one, and its name, role and attributes. The
//! builders that rename, merge and split participants make these commands; this
//! file only applies them.

use super::{
    EditError, Touched, apply_one, exists, non_empty, not_found, record_mut, set_or_clear_attribute,
};
use crate::edit::Command;
use crate::model::{Participant, ParticipantId, Project};

pub(super) fn create(
    project: &mut Project,
    participant: Participant,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    if project.participants.contains_key(&participant.id) {
        return Err(exists("participant", participant.id));
    }
    non_empty(participant.name.clone(), "a participant name")?;
    let id = participant.id;
    project.participants.insert(id, participant);
    touched.push(Touched::Participant(id));
    Ok(Command::RemoveParticipant { id })
}

/// Removes the participant and unlinks the speakers linked to it; the inverse
/// links them again.
pub(super) fn remove(
    project: &mut Project,
    id: ParticipantId,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let mut commands = Vec::new();
    for document in project.documents.values_mut() {
        let linked: Vec<String> = document
            .speakers
            .iter()
            .filter(|(_, participant)| **participant == id)
            .map(|(speaker, _)| speaker.clone())
            .collect();
        for speaker in linked {
            document.speakers.remove(&speaker);
            touched.push(Touched::DocumentDetails(document.id));
            commands.push(Command::LinkSpeaker {
                document: document.id,
                speaker,
                participant: Some(id),
            });
        }
    }
    let Some(participant) = project.participants.remove(&id) else {
        // Put back the links undone above before reporting.
        for command in commands {
            let _ = apply_one(project, command, &mut Vec::new());
        }
        return Err(not_found("participant", id));
    };
    touched.push(Touched::Participant(id));
    commands.insert(0, Command::CreateParticipant { participant });
    Ok(Command::Batch {
        label: "restore participant".to_owned(),
        commands,
    })
}

pub(super) fn update(
    project: &mut Project,
    id: ParticipantId,
    name: String,
    is_interviewer: bool,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "a participant name")?;
    let participant = record_mut(&mut project.participants, "participant", id)?;
    let old_name = std::mem::replace(&mut participant.name, name);
    let old_flag = std::mem::replace(&mut participant.is_interviewer, is_interviewer);
    touched.push(Touched::Participant(id));
    Ok(Command::UpdateParticipant {
        id,
        name: old_name,
        is_interviewer: old_flag,
    })
}

pub(super) fn set_attribute(
    project: &mut Project,
    id: ParticipantId,
    name: String,
    value: Option<String>,
    touched: &mut Vec<Touched>,
) -> Result<Command, EditError> {
    let name = non_empty(name, "an attribute name")?;
    let participant = record_mut(&mut project.participants, "participant", id)?;
    let old = set_or_clear_attribute(&mut participant.attributes, &name, value);
    touched.push(Touched::Participant(id));
    Ok(Command::SetParticipantAttribute {
        id,
        name,
        value: old,
    })
}
