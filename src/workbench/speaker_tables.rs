//! Setting up who speaks from tables: a participants CSV keyed by `document` and
//! `speaker` (so 20 interviews whose turns say only `Interviewer:` and `Participant:`
//! get 20 named interviewees in one file), an `across_documents` column that makes a
//! label one person in every document, and a documents CSV whose `interviewee`
//! column names each interview's interviewee.
//!
//! Rows are worked out one after another on a scratch copy of the project, so a row
//! sees what the rows above it did; any bad row refuses the whole table.

use crate::edit::{self, Command};
use crate::ingest::AttributeRow;
use crate::model::roles::{LabelRole, label_role};
use crate::model::{Document, DocumentId, Participant, ParticipantId, Project, Target};
use std::collections::BTreeMap;

/// Columns of a participants CSV keyed by document and speaker that hold the name
/// the participant should have.
pub const NAME_COLUMNS: &[&str] = &["participant", "name", "pseudonym"];
/// The column that makes a row's speaker label one person in every document.
pub const ACROSS_DOCUMENTS_COLUMN: &str = "across_documents";
/// Columns of a documents CSV that name the document's interviewee.
pub const INTERVIEWEE_COLUMNS: &[&str] = &["interviewee", "respondent"];
/// Values of a role column that mark interviewers and facilitators.
pub const INTERVIEWER_ROLES: &[&str] = &["interviewer", "facilitator", "moderator", "researcher"];

/// Commands built from a table, with the participants they named.
#[derive(Debug, Default)]
pub struct TableCommands {
    pub commands: Vec<Command>,
    pub updated: Vec<String>,
    pub created: Vec<String>,
}

/// Works out a participants table against `project`: rows keyed by name, and (when
/// `scoped`) rows keyed by document and speaker label. `find_document` finds a row's
/// document by name or file name. Returns the commands, or every bad row's problem
/// with its line.
pub fn participant_rows(
    project: &Project,
    rows: &[AttributeRow],
    scoped: bool,
    find_document: &dyn Fn(&Project, &str) -> Option<DocumentId>,
) -> Result<TableCommands, Vec<String>> {
    let mut scratch = project.clone();
    let mut out = TableCommands::default();
    let mut problems = Vec::new();
    for row in rows {
        let built = if row.scope.is_none()
            && !row.values.iter().any(|(column, value)| {
                column.eq_ignore_ascii_case(ACROSS_DOCUMENTS_COLUMN) && is_yes(value)
            })
            && (row.by_fallback || !scoped)
        {
            Ok(named_row(&scratch, row))
        } else {
            speaker_row(&scratch, row, find_document)
        };
        match built {
            Ok(commands) => {
                if let Err(error) = apply_all(&mut scratch, &commands) {
                    problems.push(format!("line {}: {error}", row.line));
                    continue;
                }
                note_names(project, &scratch, &commands, &mut out);
                out.commands.extend(commands);
            }
            Err(problem) => problems.push(format!("line {}: {problem}", row.line)),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The links a documents CSV's `interviewee` value asks for: the document's one
/// respondent role label ("Participant", "R", "Interviewee") becomes the participant
/// named, made or found by name.
pub fn interviewee_link(
    project: &Project,
    document: &Document,
    interviewee: &str,
) -> Result<Vec<Command>, String> {
    let respondents: Vec<&String> = document
        .speakers
        .keys()
        .filter(|label| {
            matches!(
                label_role(label),
                Some(LabelRole::Respondent | LabelRole::Unidentified)
            )
        })
        .collect();
    let labels: Vec<&str> = document.speaker_labels();
    match respondents.as_slice() {
        [label] => Ok(link_label_to(project, document, label, interviewee)),
        [] => Err(format!(
            "{} has no speaker label such as \"Participant\" or \"R\" to name (its speakers: {}); name its speakers in the participants CSV by document and speaker instead",
            document.name,
            labels.join(", ")
        )),
        several => Err(format!(
            "{} has {} unnamed speakers ({}); name each in the participants CSV by document and speaker instead",
            document.name,
            several.len(),
            several
                .iter()
                .map(|label| label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Applies `commands` in order to `scratch`, stopping at the first that fails.
pub fn apply_all(scratch: &mut Project, commands: &[Command]) -> Result<(), edit::EditError> {
    for command in commands {
        edit::apply(scratch, command.clone())?;
    }
    Ok(())
}

fn speaker_row(
    project: &Project,
    row: &AttributeRow,
    find_document: &dyn Fn(&Project, &str) -> Option<DocumentId>,
) -> Result<Vec<Command>, String> {
    let across = value_of(row, &[ACROSS_DOCUMENTS_COLUMN]).is_some_and(|(_, value)| is_yes(&value));
    let targets: Vec<(&Document, String)> = match (&row.scope, across) {
        (_, true) => project
            .documents_by_name()
            .into_iter()
            .filter_map(|document| label_in(document, &row.key).map(|label| (document, label)))
            .collect(),
        (Some(key), false) => {
            let document = find_document(project, key)
                .and_then(|id| project.documents.get(&id))
                .ok_or_else(|| {
                    format!("no document called {key:?}; import it first or correct the name")
                })?;
            let label = label_in(document, &row.key).ok_or_else(|| {
                format!(
                    "nobody called {:?} speaks in {} (its speakers: {})",
                    row.key,
                    document.name,
                    document.speaker_labels().join(", ")
                )
            })?;
            vec![(document, label)]
        }
        (None, false) => {
            return Err(format!(
                "say which document {:?} speaks in, or put yes in the {ACROSS_DOCUMENTS_COLUMN} column to make it one person in every document",
                row.key
            ));
        }
    };
    if targets.is_empty() {
        return Err(format!(
            "nobody called {:?} speaks in any document",
            row.key
        ));
    }
    let name_column = value_of(row, NAME_COLUMNS).map(|(column, _)| column);
    let name = value_of(row, NAME_COLUMNS).map_or_else(
        || {
            if across {
                row.key.clone()
            } else {
                targets
                    .first()
                    .and_then(|(document, label)| project.participant_for(document, label))
                    .map_or_else(|| row.key.clone(), |participant| participant.name.clone())
            }
        },
        |(_, value)| value,
    );
    let mut scratch = project.clone();
    let mut commands = Vec::new();
    for (document, label) in &targets {
        let Some(document) = scratch.documents.get(&document.id).cloned() else {
            continue;
        };
        let links = link_label_to(&scratch, &document, label, &name);
        apply_all(&mut scratch, &links).map_err(|error| error.to_string())?;
        commands.extend(links);
    }
    let target = scratch
        .find_participant(&name)
        .cloned()
        .ok_or_else(|| format!("could not make a participant called {name:?}"))?;
    commands.extend(attribute_commands(&target, row, name_column.as_deref()));
    Ok(commands)
}

/// The commands of a row keyed by a participant's name: the participant of that name,
/// created if new, gets the row's attributes. A role label with no participant of its
/// own name ("Interviewer") stands for every document's participant of that label.
fn named_row(project: &Project, row: &AttributeRow) -> Vec<Command> {
    if let Some(existing) = project.find_participant(&row.key) {
        return attribute_commands(existing, row, None);
    }
    if label_role(&row.key).is_some() {
        let mut targets: Vec<&Participant> = project
            .documents_by_name()
            .into_iter()
            .filter_map(|document| {
                label_in(document, &row.key)
                    .and_then(|label| project.participant_for(document, &label))
            })
            .collect();
        targets.dedup_by_key(|participant| participant.id);
        if !targets.is_empty() {
            return targets
                .into_iter()
                .flat_map(|participant| attribute_commands(participant, row, None))
                .collect();
        }
    }
    let participant = Participant {
        id: ParticipantId::new(),
        name: row.key.clone(),
        is_interviewer: false,
        attributes: BTreeMap::new(),
    };
    let mut commands = attribute_commands(&participant, row, None);
    commands.insert(0, Command::CreateParticipant { participant });
    commands
}

/// The commands that link `label` of `document` to the participant called `name`:
/// that participant if there is one; otherwise the label's own participant renamed,
/// when it speaks in this document only; otherwise a new one. A participant left with
/// no speaker, memo or attribute is removed, so no empty shells remain.
fn link_label_to(project: &Project, document: &Document, label: &str, name: &str) -> Vec<Command> {
    let current = document
        .speakers
        .get(label)
        .and_then(|id| project.participants.get(id));
    let mut commands = Vec::new();
    let target = match project.find_participant(name) {
        Some(existing) => existing.id,
        None => match current {
            Some(current) if speaks_only_in(project, current.id, document.id) => {
                commands.push(Command::UpdateParticipant {
                    id: current.id,
                    name: name.trim().to_owned(),
                    is_interviewer: current.is_interviewer,
                });
                return commands;
            }
            _ => {
                let participant = Participant {
                    id: ParticipantId::new(),
                    name: name.trim().to_owned(),
                    is_interviewer: label_role(label) == Some(LabelRole::Interviewer),
                    attributes: BTreeMap::new(),
                };
                let id = participant.id;
                commands.push(Command::CreateParticipant { participant });
                id
            }
        },
    };
    if current.is_some_and(|current| current.id == target) {
        return commands;
    }
    commands.push(Command::LinkSpeaker {
        document: document.id,
        speaker: label.to_owned(),
        participant: Some(target),
    });
    if let Some(current) = current
        && is_empty_shell(project, current, document.id, label)
    {
        commands.push(Command::RemoveParticipant { id: current.id });
    }
    commands
}

/// Whether `participant` has nothing but the one link of `label` in `document`.
fn is_empty_shell(
    project: &Project,
    participant: &Participant,
    document: DocumentId,
    label: &str,
) -> bool {
    let links = project
        .documents
        .values()
        .flat_map(|doc| {
            doc.speakers
                .iter()
                .filter(|(_, id)| **id == participant.id)
                .map(move |(speaker, _)| (doc.id, speaker.as_str()))
        })
        .collect::<Vec<_>>();
    links == [(document, label)]
        && participant.attributes.is_empty()
        && !project
            .memos
            .values()
            .any(|memo| memo.target == Target::Participant(participant.id))
}

fn speaks_only_in(project: &Project, participant: ParticipantId, document: DocumentId) -> bool {
    project
        .documents
        .values()
        .filter(|doc| doc.speakers.values().any(|id| *id == participant))
        .all(|doc| doc.id == document)
}

/// The attribute and interviewer-flag commands of a row for `target`.
fn attribute_commands(
    target: &Participant,
    row: &AttributeRow,
    name_column: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    for (column, value) in &row.values {
        if Some(column.as_str()) == name_column
            || column.eq_ignore_ascii_case(ACROSS_DOCUMENTS_COLUMN)
        {
            continue;
        }
        if target.attributes.get(column) != Some(value) {
            commands.push(Command::SetParticipantAttribute {
                id: target.id,
                name: column.clone(),
                value: Some(value.clone()),
            });
        }
    }
    if is_interviewer_row(row) && !target.is_interviewer {
        commands.push(Command::UpdateParticipant {
            id: target.id,
            name: target.name.clone(),
            is_interviewer: true,
        });
    }
    commands
}

/// Whether a row's `role` column marks an interviewer or facilitator.
pub fn is_interviewer_row(row: &AttributeRow) -> bool {
    row.values.iter().any(|(column, value)| {
        column.eq_ignore_ascii_case("role")
            && INTERVIEWER_ROLES
                .iter()
                .any(|role| value.to_lowercase().contains(role))
    })
}

/// The label of `document` that is `wanted` (ignoring case).
fn label_in(document: &Document, wanted: &str) -> Option<String> {
    let wanted = wanted.trim();
    document
        .speakers
        .keys()
        .find(|label| label.eq_ignore_ascii_case(wanted))
        .cloned()
}

/// The first of `columns` that the row has a value in: (column as written, value).
fn value_of(row: &AttributeRow, columns: &[&str]) -> Option<(String, String)> {
    columns.iter().find_map(|wanted| {
        row.values
            .iter()
            .find(|(column, _)| column.eq_ignore_ascii_case(wanted))
            .cloned()
    })
}

fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "x" | "oui" | "ja" | "si" | "sí"
    )
}

/// Records which participants the commands updated or created, by their names in
/// `after`.
fn note_names(before: &Project, after: &Project, commands: &[Command], out: &mut TableCommands) {
    for command in commands {
        let (id, created) = match command {
            Command::CreateParticipant { participant } => (participant.id, true),
            Command::SetParticipantAttribute { id, .. } | Command::UpdateParticipant { id, .. } => {
                (*id, false)
            }
            Command::LinkSpeaker {
                participant: Some(id),
                ..
            } => (*id, false),
            _ => continue,
        };
        let Some(name) = after.participants.get(&id).map(|p| p.name.clone()) else {
            continue;
        };
        let list = if created || !before.participants.contains_key(&id) {
            &mut out.created
        } else {
            &mut out.updated
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
}
