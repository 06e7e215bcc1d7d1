//! Builds the commands that reshape who the participants are: rename one, merge
//! several into one, split one into a participant per document, and split the role
//! labels ("Participant", "I") that older projects gave one participant across many
//! documents. Each is one [`Command::Batch`], so it is one undo step; codings, key
//! quotes and attributes follow because they hang on documents and speaker links.
//!
//! Pure functions of the project: the window and the CLI call the same builders.

use crate::edit::{Command, EditError};
use crate::model::roles::{LabelRole, label_role, participant_name_for, role_participant_name};
use crate::model::{DocumentId, Participant, ParticipantId, Project, Target};
use std::collections::BTreeSet;

/// Renames a participant. Refused when another participant has the name already
/// (merging is what joins two people).
pub fn rename_participant(
    project: &Project,
    id: ParticipantId,
    new_name: &str,
) -> Result<Command, EditError> {
    let participant = participant(project, id)?;
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(EditError::Invalid(
            "a participant needs a name; type one".to_owned(),
        ));
    }
    if let Some(other) = project.find_participant(new_name)
        && other.id != id
    {
        return Err(EditError::Invalid(format!(
            "there is already a participant called {}; merge the two to make them one person",
            other.name
        )));
    }
    Ok(Command::Batch {
        label: format!("rename participant {} to {new_name}", participant.name),
        commands: vec![Command::UpdateParticipant {
            id,
            name: new_name.to_owned(),
            is_interviewer: participant.is_interviewer,
        }],
    })
}

/// Merges `others` into `into`: their speaker links, memos and the attributes `into`
/// lacks move to `into`, and they are removed. Refused when two of them hold
/// different values of one attribute, so nothing is silently lost.
pub fn merge_participants(
    project: &Project,
    into: ParticipantId,
    others: &[ParticipantId],
) -> Result<Command, EditError> {
    let target = participant(project, into)?;
    let mut seen = BTreeSet::new();
    let mut merged = Vec::new();
    for other in others {
        if *other == into {
            return Err(EditError::Invalid(format!(
                "{} cannot be merged into itself",
                target.name
            )));
        }
        if seen.insert(*other) {
            merged.push(participant(project, *other)?);
        }
    }
    if merged.is_empty() {
        return Err(EditError::Invalid(
            "name at least one participant to merge into another".to_owned(),
        ));
    }
    let mut attributes = target.attributes.clone();
    let mut commands = Vec::new();
    for other in &merged {
        for (name, value) in &other.attributes {
            match attributes.get(name) {
                Some(held) if held == value => {}
                Some(held) => {
                    return Err(EditError::Invalid(format!(
                        "{} has {name} = {held} but {} has {name} = {value}; make them agree before merging",
                        target.name, other.name
                    )));
                }
                None => {
                    attributes.insert(name.clone(), value.clone());
                    commands.push(Command::SetParticipantAttribute {
                        id: into,
                        name: name.clone(),
                        value: Some(value.clone()),
                    });
                }
            }
        }
    }
    for other in &merged {
        commands.extend(relink_all(project, other.id, into));
        commands.extend(retarget_memos(project, other.id, into));
        commands.push(Command::RemoveParticipant { id: other.id });
    }
    let names: Vec<&str> = merged.iter().map(|other| other.name.as_str()).collect();
    Ok(Command::Batch {
        label: format!("merge {} into {}", names.join(", "), target.name),
        commands,
    })
}

/// Splits a participant into one per document: the first document (by name) keeps
/// the participant, renamed "Name (document)", and every other document gets a new
/// participant "Name (document)" with the same attributes.
pub fn split_participant(project: &Project, id: ParticipantId) -> Result<Command, EditError> {
    let original = participant(project, id)?;
    let documents = documents_linking(project, id, |_| true);
    if documents.len() < 2 {
        return Err(EditError::Invalid(format!(
            "{} speaks in {} document(s); splitting makes one participant per document, so there is nothing to split",
            original.name,
            documents.len()
        )));
    }
    let base = without_document_suffix(project, &original.name);
    let mut names = NameBook::of(project);
    names.release(&original.name);
    let mut commands = Vec::new();
    let mut split_documents = documents.into_iter();
    if let Some((first, _)) = split_documents.next() {
        let name = names.unique(&role_participant_name(base, &document_name(project, first)));
        commands.push(Command::UpdateParticipant {
            id,
            name,
            is_interviewer: original.is_interviewer,
        });
    }
    for (document, labels) in split_documents {
        let name = names.unique(&role_participant_name(
            base,
            &document_name(project, document),
        ));
        commands.extend(new_participant_for(original, name, document, &labels));
    }
    Ok(Command::Batch {
        label: format!("split {} into one participant per document", original.name),
        commands,
    })
}

/// For a project made before role labels were told apart: every participant that
/// role labels ("Participant", "Interviewer", "I") of two or more documents link to
/// is split, giving each document's role label a participant of its own named
/// "Label (document)" with the same attributes. Returns the batch and a sentence for
/// each participant split, or `None` when there is nothing to split.
#[must_use]
pub fn split_role_label_participants(project: &Project) -> Option<(Command, Vec<String>)> {
    let mut names = NameBook::of(project);
    let mut commands = Vec::new();
    let mut notes = Vec::new();
    for original in project.participants.values() {
        let by_role = documents_linking(project, original.id, |label| label_role(label).is_some());
        if by_role.len() < 2 {
            continue;
        }
        let mut made = Vec::new();
        for (document, labels) in &by_role {
            let label = labels
                .first()
                .map_or(original.name.as_str(), String::as_str);
            let name = names.unique(&role_participant_name(
                label,
                &document_name(project, *document),
            ));
            made.push(name.clone());
            commands.extend(new_participant_for(original, name, *document, labels));
        }
        let named_links =
            documents_linking(project, original.id, |label| label_role(label).is_none());
        let has_memos = project
            .memos
            .values()
            .any(|memo| memo.target == Target::Participant(original.id));
        if named_links.is_empty() && !has_memos {
            commands.push(Command::RemoveParticipant { id: original.id });
        }
        notes.push(format!(
            "{} stood for role labels in {} documents, so it was {} different people; it is now {}",
            original.name,
            by_role.len(),
            by_role.len(),
            made.join(", ")
        ));
    }
    if commands.is_empty() {
        return None;
    }
    Some((
        Command::Batch {
            label: format!(
                "give each document's role labels a participant of their own ({} split)",
                notes.len()
            ),
            commands,
        },
        notes,
    ))
}

/// Chooses whether interviewer role labels ("Interviewer", "I", "Moderator") are one
/// person across documents (`shared`) or a participant of each document, and relinks
/// the documents already imported to match.
pub fn set_interviewers_shared(project: &Project, shared: bool) -> Result<Command, EditError> {
    let setting = Command::SetSetting {
        name: Project::SHARED_INTERVIEWERS.to_owned(),
        value: shared.then(|| "true".to_owned()),
    };
    let mut scratch = project.clone();
    crate::edit::apply(&mut scratch, setting.clone())?;
    let mut commands = vec![setting];
    commands.extend(relink_interviewer_roles(&scratch));
    Ok(Command::Batch {
        label: if shared {
            "make interviewer role labels one person across documents".to_owned()
        } else {
            "give each document's interviewer role labels a participant of their own".to_owned()
        },
        commands,
    })
}

/// "Participant (int-01)" → "Participant" when int-01 is a document of the project, so
/// splitting it again names its parts after their own documents.
fn without_document_suffix<'n>(project: &Project, name: &'n str) -> &'n str {
    name.strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .filter(|(_, document)| {
            project
                .documents
                .values()
                .any(|each| each.name == *document)
        })
        .map_or(name, |(base, _)| base)
}

fn participant(project: &Project, id: ParticipantId) -> Result<&Participant, EditError> {
    project
        .participants
        .get(&id)
        .ok_or_else(|| EditError::NotFound {
            kind: "participant",
            id: id.to_string(),
        })
}

fn document_name(project: &Project, id: DocumentId) -> String {
    project
        .documents
        .get(&id)
        .map_or_else(|| id.to_string(), |document| document.name.clone())
}

/// The documents whose speaker labels (those `keep` accepts) link to `id`, by document
/// name, with those labels.
fn documents_linking(
    project: &Project,
    id: ParticipantId,
    keep: impl Fn(&str) -> bool,
) -> Vec<(DocumentId, Vec<String>)> {
    let mut found: Vec<(String, DocumentId, Vec<String>)> = project
        .documents
        .values()
        .filter_map(|document| {
            let labels: Vec<String> = document
                .speakers
                .iter()
                .filter(|(label, participant)| **participant == id && keep(label))
                .map(|(label, _)| label.clone())
                .collect();
            (!labels.is_empty()).then(|| (document.name.clone(), document.id, labels))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(_, document, labels)| (document, labels))
        .collect()
}

/// Commands that create a copy of `original` called `name` (same attributes and
/// interviewer flag) and link `labels` of `document` to it.
fn new_participant_for(
    original: &Participant,
    name: String,
    document: DocumentId,
    labels: &[String],
) -> Vec<Command> {
    let copy = Participant {
        id: ParticipantId::new(),
        name,
        is_interviewer: original.is_interviewer,
        attributes: original.attributes.clone(),
    };
    let id = copy.id;
    let mut commands = vec![Command::CreateParticipant { participant: copy }];
    commands.extend(labels.iter().map(|label| Command::LinkSpeaker {
        document,
        speaker: label.clone(),
        participant: Some(id),
    }));
    commands
}

/// Links every speaker label that links to `from` to `to` instead.
fn relink_all(project: &Project, from: ParticipantId, to: ParticipantId) -> Vec<Command> {
    documents_linking(project, from, |_| true)
        .into_iter()
        .flat_map(|(document, labels)| {
            labels.into_iter().map(move |speaker| Command::LinkSpeaker {
                document,
                speaker,
                participant: Some(to),
            })
        })
        .collect()
}

/// Moves the memos written on `from` onto `to`.
fn retarget_memos(project: &Project, from: ParticipantId, to: ParticipantId) -> Vec<Command> {
    project
        .memos
        .values()
        .filter(|memo| memo.target == Target::Participant(from))
        .map(|memo| Command::UpdateMemo {
            id: memo.id,
            title: memo.title.clone(),
            body: memo.body.clone(),
            target: Target::Participant(to),
            updated_at: memo.updated_at,
        })
        .collect()
}

/// The participant names in use (lower case), so new names never collide: a second
/// "Participant (int-07)" becomes "Participant (int-07) 2".
struct NameBook {
    taken: BTreeSet<String>,
}

impl NameBook {
    fn of(project: &Project) -> Self {
        Self {
            taken: project
                .participants
                .values()
                .map(|participant| participant.name.to_lowercase())
                .collect(),
        }
    }

    /// Lets `name` be given again (it is about to be renamed away).
    fn release(&mut self, name: &str) {
        self.taken.remove(&name.to_lowercase());
    }

    fn unique(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_owned();
        let mut number = 2;
        while self.taken.contains(&name.to_lowercase()) {
            name = format!("{wanted} {number}");
            number += 1;
        }
        self.taken.insert(name.to_lowercase());
        name
    }
}

/// The links that make every interviewer role label of `project` agree with its
/// setting: all to one participant per label when shared, else one per document.
fn relink_interviewer_roles(project: &Project) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut created: Vec<(String, ParticipantId)> = Vec::new();
    for document in project.documents_by_name() {
        for (label, current) in &document.speakers {
            if label_role(label) != Some(LabelRole::Interviewer) {
                continue;
            }
            let wanted = participant_name_for(project, label, &document.name);
            if project
                .participants
                .get(current)
                .is_some_and(|participant| participant.name.eq_ignore_ascii_case(&wanted))
            {
                continue;
            }
            let target = match project.find_participant(&wanted) {
                Some(existing) => existing.id,
                None => match created
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&wanted))
                {
                    Some((_, id)) => *id,
                    None => {
                        let attributes = project
                            .participants
                            .get(current)
                            .map(|participant| participant.attributes.clone())
                            .unwrap_or_default();
                        let participant = Participant {
                            id: ParticipantId::new(),
                            name: wanted.clone(),
                            is_interviewer: true,
                            attributes,
                        };
                        created.push((wanted, participant.id));
                        let id = participant.id;
                        commands.push(Command::CreateParticipant { participant });
                        id
                    }
                },
            };
            commands.push(Command::LinkSpeaker {
                document: document.id,
                speaker: label.clone(),
                participant: Some(target),
            });
        }
    }
    commands.extend(unlinked_role_participants(project, &commands));
    commands
}

/// Removes the interviewer participants that the relinking in `commands` leaves with
/// no speaker, no memo and no attribute, so no empty shells are left behind.
fn unlinked_role_participants(project: &Project, commands: &[Command]) -> Vec<Command> {
    let mut scratch = project.clone();
    for command in commands {
        if crate::edit::apply(&mut scratch, command.clone()).is_err() {
            return Vec::new();
        }
    }
    let linked: std::collections::BTreeSet<ParticipantId> = scratch
        .documents
        .values()
        .flat_map(|document| document.speakers.values().copied())
        .collect();
    project
        .participants
        .values()
        .filter(|participant| {
            participant.is_interviewer
                && participant.attributes.is_empty()
                && !linked.contains(&participant.id)
                && project
                    .documents
                    .values()
                    .any(|document| document.speakers.values().any(|id| *id == participant.id))
                && !project
                    .memos
                    .values()
                    .any(|memo| memo.target == crate::model::Target::Participant(participant.id))
        })
        .map(|participant| Command::RemoveParticipant { id: participant.id })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{
        merge_participants, rename_participant, split_participant, split_role_label_participants,
    };
    use crate::edit::{Command, apply};
    use crate::model::{
        CoderId, Document, DocumentId, Memo, MemoId, Participant, ParticipantId, Project, Target,
        Turn,
    };

    fn participant(
        project: &mut Project,
        name: &str,
        attributes: &[(&str, &str)],
    ) -> ParticipantId {
        let participant = Participant {
            id: ParticipantId::new(),
            name: name.to_owned(),
            is_interviewer: name == "Interviewer",
            attributes: attributes
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect(),
        };
        let id = participant.id;
        project.participants.insert(id, participant);
        id
    }

    /// A document whose speakers (label, participant) each say one line.
    fn document(
        project: &mut Project,
        name: &str,
        speakers: &[(&str, ParticipantId)],
    ) -> DocumentId {
        let mut text = String::new();
        let mut turns = Vec::new();
        for (label, _) in speakers {
            let start = text.chars().count();
            text.push_str("some words here\n");
            turns.push(Turn {
                speaker: (*label).to_owned(),
                start,
                end: start + 15,
                time_ms: None,
                is_interviewer: false,
            });
        }
        let document = Document {
            turns,
            speakers: speakers
                .iter()
                .map(|(label, id)| ((*label).to_owned(), *id))
                .collect(),
            ..Document::for_tests(name, &text)
        };
        let id = document.id;
        project.documents.insert(id, document);
        id
    }

    /// Who each label of each document is, by name: "int-01/Participant=P07".
    fn links(project: &Project) -> Vec<String> {
        let mut found: Vec<String> = project
            .documents
            .values()
            .flat_map(|document| {
                document.speakers.iter().map(|(label, id)| {
                    format!(
                        "{}/{label}={}",
                        document.name, project.participants[id].name
                    )
                })
            })
            .collect();
        found.sort();
        found
    }

    /// Applies `command`, checks that its inverse restores `project`, and returns the
    /// project as the command left it.
    fn applied(project: &Project, command: Command) -> Project {
        let mut after = project.clone();
        let done = apply(&mut after, command).expect("the command applies");
        let mut undone = after.clone();
        apply(&mut undone, done.inverse).expect("the inverse applies");
        assert_eq!(&undone, project, "undo restores the project exactly");
        after
    }

    /// An old-style project: one "Interviewer" and one "Participant" for three
    /// interviews, and Zoë in an interview and a focus group.
    fn old_style() -> (Project, ParticipantId, ParticipantId, ParticipantId) {
        let mut project = Project::default();
        let interviewer = participant(&mut project, "Interviewer", &[("role", "interviewer")]);
        let respondent = participant(&mut project, "Participant", &[("site", "West")]);
        let zoe = participant(&mut project, "Zoë", &[("role", "peer")]);
        for name in ["int-01", "int-02", "int-03"] {
            document(
                &mut project,
                name,
                &[("Interviewer", interviewer), ("Participant", respondent)],
            );
        }
        document(
            &mut project,
            "fg-01",
            &[("Facilitator", interviewer), ("Zoë", zoe)],
        );
        document(
            &mut project,
            "int-04",
            &[("Interviewer", interviewer), ("Zoë", zoe)],
        );
        (project, interviewer, respondent, zoe)
    }

    #[test]
    fn the_upgrade_split_gives_each_document_its_own_role_participants() {
        let (project, _, _, _) = old_style();
        let (command, notes) = split_role_label_participants(&project).expect("something to split");
        let after = applied(&project, command);
        assert_eq!(
            links(&after),
            [
                "fg-01/Facilitator=Facilitator (fg-01)",
                "fg-01/Zoë=Zoë",
                "int-01/Interviewer=Interviewer (int-01)",
                "int-01/Participant=Participant (int-01)",
                "int-02/Interviewer=Interviewer (int-02)",
                "int-02/Participant=Participant (int-02)",
                "int-03/Interviewer=Interviewer (int-03)",
                "int-03/Participant=Participant (int-03)",
                "int-04/Interviewer=Interviewer (int-04)",
                "int-04/Zoë=Zoë",
            ]
        );
        // Attributes follow; the emptied shared participants are gone.
        let split = after
            .find_participant("Participant (int-02)")
            .expect("made");
        assert_eq!(
            split.attributes.get("site").map(String::as_str),
            Some("West")
        );
        assert!(after.find_participant("Participant").is_none());
        assert!(
            after
                .find_participant("Interviewer (int-01)")
                .is_some_and(|p| p.is_interviewer)
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|note| note.contains("Participant stood for role labels in 3 documents")),
            "{notes:?}"
        );
        // Named speakers are one person across documents: nothing to split a second time.
        assert!(split_role_label_participants(&after).is_none());
    }

    #[test]
    fn a_participant_with_a_memo_is_kept_when_split_by_the_upgrade() {
        let (mut project, _, respondent, _) = old_style();
        let memo = Memo {
            id: MemoId::new(),
            title: "About the participants".to_owned(),
            body: "check consent".to_owned(),
            author: CoderId::new(),
            target: Target::Participant(respondent),
            created_at: 0,
            updated_at: 0,
        };
        project.memos.insert(memo.id, memo);
        let (command, _) = split_role_label_participants(&project).expect("something to split");
        let after = applied(&project, command);
        assert!(
            after.participants.contains_key(&respondent),
            "the memo's target stays"
        );
    }

    #[test]
    fn merging_moves_links_memos_and_missing_attributes_and_refuses_conflicts() {
        let (project, _, respondent, zoe) = old_style();
        let merged = applied(
            &project,
            merge_participants(&project, zoe, &[respondent]).expect("merges"),
        );
        assert!(!merged.participants.contains_key(&respondent));
        assert_eq!(
            merged.participants[&zoe]
                .attributes
                .get("site")
                .map(String::as_str),
            Some("West")
        );
        assert!(links(&merged).contains(&"int-02/Participant=Zoë".to_owned()));

        let mut conflicting = project.clone();
        conflicting
            .participants
            .get_mut(&respondent)
            .expect("there")
            .attributes
            .insert("role".to_owned(), "non-peer".to_owned());
        let error = merge_participants(&conflicting, zoe, &[respondent]).expect_err("refused");
        assert!(error.to_string().contains("role"), "{error}");
        assert!(merge_participants(&project, zoe, &[zoe]).is_err());
        assert!(merge_participants(&project, zoe, &[]).is_err());
    }

    #[test]
    fn splitting_makes_one_participant_per_document_and_renaming_refuses_a_taken_name() {
        let (project, _, _, zoe) = old_style();
        let split = applied(&project, split_participant(&project, zoe).expect("splits"));
        assert!(links(&split).contains(&"fg-01/Zoë=Zoë (fg-01)".to_owned()));
        assert!(links(&split).contains(&"int-04/Zoë=Zoë (int-04)".to_owned()));
        assert_eq!(split.participants[&zoe].name, "Zoë (fg-01)");
        let lonely = split.find_participant("Zoë (int-04)").expect("made").id;
        assert!(
            split_participant(&split, lonely).is_err(),
            "one document: nothing to split"
        );

        let renamed = applied(
            &project,
            rename_participant(&project, zoe, "P01").expect("renames"),
        );
        assert_eq!(renamed.participants[&zoe].name, "P01");
        let error = rename_participant(&project, zoe, "participant").expect_err("taken");
        assert!(error.to_string().contains("merge"), "{error}");
        assert!(rename_participant(&project, zoe, "  ").is_err());
    }
}
