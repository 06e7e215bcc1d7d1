//! The merge of the records others hang on: coders, participants, documents
//! and codes. They are merged first, so that the codings, themes and memos
//! merged after them find what they point at.

use super::three_way::{ConflictKind, RaisedConflict, Side};
use super::{Change, Planner, changed_ids};
use crate::edit::Command;
use crate::model::{Code, CodeId, Document, DocumentId, Participant, ParticipantId, Project};
use std::collections::{BTreeMap, BTreeSet};

impl Planner<'_> {
    /// Coders are only ever added: a coder's name is how the journal knows
    /// them, and two spellings of one person stay two coders with all their
    /// work, never one coder with half of it.
    pub(super) fn coders(&mut self) {
        let sides = self.sides;
        for id in changed_ids(&sides.base.coders, &sides.theirs.coders) {
            if sides.theirs.coders.contains_key(&id) {
                self.ensure_coder(id);
            }
        }
    }

    pub(super) fn participants(&mut self) {
        let sides = self.sides;
        let ids = changed_ids(&sides.base.participants, &sides.theirs.participants);
        self.merge_each(
            ("participant", ids, |project| &project.participants),
            |_, participant| format!("participant {}", participant.name),
            Self::create_participant,
            Self::merge_participant,
        );
    }

    fn create_participant(&mut self, participant: &Participant) {
        let name = participant.name.clone();
        self.emit(
            "participants",
            Change::Added,
            || format!("participant {name}"),
            Command::CreateParticipant {
                participant: participant.clone(),
            },
        );
    }

    fn merge_participant(&mut self, base: &Participant, ours: &Participant, theirs: &Participant) {
        let id = ours.id;
        let subject = |field: &str| format!("participant {}: {field}", ours.name);
        let name = self.conflicts.field(
            self.choices,
            || format!("participant/{id}/name"),
            || subject("name"),
            String::clone,
            [&base.name, &ours.name, &theirs.name],
        );
        let is_interviewer = self.conflicts.field(
            self.choices,
            || format!("participant/{id}/interviewer"),
            || subject("interviewer"),
            |value: &bool| if *value { "interviewer" } else { "participant" }.to_owned(),
            [
                &base.is_interviewer,
                &ours.is_interviewer,
                &theirs.is_interviewer,
            ],
        );
        if name != ours.name || is_interviewer != ours.is_interviewer {
            self.emit(
                "participants",
                Change::Changed,
                || format!("participant {}", ours.name),
                Command::UpdateParticipant {
                    id,
                    name,
                    is_interviewer,
                },
            );
        }
        for (attribute, value) in self.merge_attributes(
            &format!("participant/{id}/attribute"),
            &format!("participant {}", ours.name),
            [&base.attributes, &ours.attributes, &theirs.attributes],
        ) {
            self.emit(
                "participants",
                Change::Changed,
                || format!("attribute {attribute} of participant {}", ours.name),
                Command::SetParticipantAttribute {
                    id,
                    name: attribute.clone(),
                    value,
                },
            );
        }
    }

    /// Merges attribute maps key by key, returning the values to set here
    /// (`None` clears one).
    fn merge_attributes(
        &mut self,
        key: &str,
        subject: &str,
        maps: [&BTreeMap<String, String>; 3],
    ) -> Vec<(String, Option<String>)> {
        let [base, ours, theirs] = maps;
        let names: BTreeSet<&String> = base.keys().chain(theirs.keys()).collect();
        let mut changes = Vec::new();
        for name in names {
            let versions = [base, ours, theirs].map(|map| map.get(name).cloned());
            let merged = self.conflicts.field(
                self.choices,
                || format!("{key}/{name}"),
                || format!("{subject}: attribute {name}"),
                |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned()),
                [&versions[0], &versions[1], &versions[2]],
            );
            if merged != versions[1] {
                changes.push((name.clone(), merged));
            }
        }
        changes
    }

    pub(super) fn documents(&mut self) {
        let sides = self.sides;
        let ids = changed_ids(
            &document_details(sides.base),
            &document_details(sides.theirs),
        );
        self.merge_each(
            ("document", ids, |project| &project.documents),
            |_, document| format!("document {}", document.name),
            Self::insert_document,
            Self::merge_document,
        );
    }

    fn insert_document(&mut self, document: &Document) {
        let mut document = document.clone();
        document
            .speakers
            .retain(|_, participant| self.result.participants.contains_key(participant));
        let name = document.name.clone();
        self.emit(
            "documents",
            Change::Added,
            || format!("document {name}"),
            Command::InsertDocument { document },
        );
    }

    fn merge_document(&mut self, base: &Document, ours: &Document, theirs: &Document) {
        let id = ours.id;
        let label = format!("document {}", ours.name);
        let name = self.conflicts.field(
            self.choices,
            || format!("document/{id}/name"),
            || format!("{label}: name"),
            String::clone,
            [&base.name, &ours.name, &theirs.name],
        );
        if name != ours.name {
            self.emit(
                "documents",
                Change::Changed,
                || label.clone(),
                Command::RenameDocument { id, name },
            );
        }
        let media = self.conflicts.field(
            self.choices,
            || format!("document/{id}/media"),
            || format!("{label}: recording"),
            |media: &Option<String>| media.clone().unwrap_or_else(|| "(none)".to_owned()),
            [&base.media, &ours.media, &theirs.media],
        );
        if media != ours.media {
            self.emit(
                "documents",
                Change::Changed,
                || label.clone(),
                Command::SetDocumentMedia { id, media },
            );
        }
        for (attribute, value) in self.merge_attributes(
            &format!("document/{id}/attribute"),
            &label,
            [&base.attributes, &ours.attributes, &theirs.attributes],
        ) {
            self.emit(
                "documents",
                Change::Changed,
                || format!("attribute {attribute} of {label}"),
                Command::SetDocumentAttribute {
                    id,
                    name: attribute.clone(),
                    value,
                },
            );
        }
        self.merge_speakers(base, ours, theirs, &label);
    }

    fn merge_speakers(&mut self, base: &Document, ours: &Document, theirs: &Document, label: &str) {
        let labels: BTreeSet<&String> =
            base.speakers.keys().chain(theirs.speakers.keys()).collect();
        for speaker in labels {
            let versions = [&base.speakers, &ours.speakers, &theirs.speakers]
                .map(|links| links.get(speaker).copied());
            let merged = self.conflicts.field(
                self.choices,
                || format!("document/{}/speaker/{speaker}", ours.id),
                || format!("{label}: who speaker {speaker} is"),
                |link: &Option<ParticipantId>| {
                    participant_name(&self.result, self.sides.theirs, *link)
                },
                [&versions[0], &versions[1], &versions[2]],
            );
            let merged =
                merged.filter(|participant| self.result.participants.contains_key(participant));
            if merged != versions[1] {
                self.emit(
                    "documents",
                    Change::Changed,
                    || format!("speaker {speaker} of {label}"),
                    Command::LinkSpeaker {
                        document: ours.id,
                        speaker: speaker.clone(),
                        participant: merged,
                    },
                );
            }
        }
    }

    pub(super) fn codes(&mut self) {
        let sides = self.sides;
        let mut ids = changed_ids(&sides.base.codes, &sides.theirs.codes);
        // Parents before children, so that a new code's new parent is there.
        ids.sort_by_key(|id| (code_depth(sides.theirs, *id), *id));
        self.merge_each(
            ("code", ids, |project| &project.codes),
            |_, code| format!("code {}", code.name),
            Self::create_code,
            Self::merge_code,
        );
    }

    fn create_code(&mut self, code: &Code) {
        let mut code = code.clone();
        if let Some(parent) = code.parent
            && !self.restore_code(parent, "the copy made codes under it")
        {
            code.parent = None;
        }
        let name = code.name.clone();
        self.emit(
            "codes",
            Change::Added,
            || format!("code {name}"),
            Command::CreateCode { code },
        );
    }

    fn merge_code(&mut self, base: &Code, ours: &Code, theirs: &Code) {
        let id = ours.id;
        let label = format!("code {}", ours.name);
        let text = |field: &str, values: [&String; 3], conflicts: &mut super::Conflicts| {
            conflicts.field(
                self.choices,
                || format!("code/{id}/{field}"),
                || format!("{label}: {field}"),
                String::clone,
                values,
            )
        };
        let name = text(
            "name",
            [&base.name, &ours.name, &theirs.name],
            &mut self.conflicts,
        );
        let color = text(
            "colour",
            [&base.color, &ours.color, &theirs.color],
            &mut self.conflicts,
        );
        let description = text(
            "description",
            [&base.description, &ours.description, &theirs.description],
            &mut self.conflicts,
        );
        let mut parent = self.conflicts.field(
            self.choices,
            || format!("code/{id}/parent"),
            || format!("{label}: parent"),
            |parent: &Option<CodeId>| code_name(&self.result, self.sides.theirs, *parent),
            [&base.parent, &ours.parent, &theirs.parent],
        );
        if parent != ours.parent {
            parent = self.checked_code_parent(ours, parent);
        }
        if name != ours.name
            || color != ours.color
            || description != ours.description
            || parent != ours.parent
        {
            self.emit(
                "codes",
                Change::Changed,
                || label.clone(),
                Command::UpdateCode {
                    id,
                    name,
                    parent,
                    color,
                    description,
                },
            );
        }
    }

    /// The parent a code can take: the merged one, unless it is gone or would
    /// put the code under itself (both sides moved codes under each other),
    /// in which case it stays where it is here, and the loop is reported.
    fn checked_code_parent(&mut self, code: &Code, parent: Option<CodeId>) -> Option<CodeId> {
        let new_parent = parent?;
        if !self.result.codes.contains_key(&new_parent)
            && !self.restore_code(new_parent, "the copy moved codes under it")
        {
            return code.parent;
        }
        let mut at = Some(new_parent);
        let mut steps = 0;
        while let Some(ancestor) = at {
            if ancestor == code.id || steps > self.result.codes.len() {
                let (ours, theirs) = (self.code_name(code.parent), self.code_name(parent));
                self.conflicts.raise(
                    self.choices,
                    RaisedConflict {
                        key: format!("code/{}/parent", code.id),
                        kind: ConflictKind::MoveLoop,
                        subject: format!("code {}: parent", code.name),
                        ours,
                        theirs,
                        fixed: Some(Side::Ours),
                    },
                );
                return code.parent;
            }
            at = self
                .result
                .codes
                .get(&ancestor)
                .and_then(|code| code.parent);
            steps += 1;
        }
        parent
    }

    pub(super) fn code_name(&self, id: Option<CodeId>) -> String {
        code_name(&self.result, self.sides.theirs, id)
    }
}

/// A code's name, as it is here or else in the copy.
pub(super) fn code_name(result: &Project, theirs: &Project, id: Option<CodeId>) -> String {
    id.and_then(|id| result.codes.get(&id).or_else(|| theirs.codes.get(&id)))
        .map_or_else(|| "(top level)".to_owned(), |code| code.name.clone())
}

/// A participant's name, as it is here or else in the copy.
fn participant_name(result: &Project, theirs: &Project, id: Option<ParticipantId>) -> String {
    id.and_then(|id| {
        result
            .participants
            .get(&id)
            .or_else(|| theirs.participants.get(&id))
    })
    .map_or_else(
        || "(nobody)".to_owned(),
        |participant| participant.name.clone(),
    )
}

/// A document as a merge compares it: all but its text and turns, which
/// never change after import.
#[derive(Debug, PartialEq)]
struct DocumentDetails<'p> {
    name: &'p str,
    attributes: &'p BTreeMap<String, String>,
    speakers: &'p BTreeMap<String, ParticipantId>,
    media: Option<&'p str>,
}

fn document_details(project: &Project) -> BTreeMap<DocumentId, DocumentDetails<'_>> {
    project
        .documents
        .iter()
        .map(|(id, document)| {
            (
                *id,
                DocumentDetails {
                    name: &document.name,
                    attributes: &document.attributes,
                    speakers: &document.speakers,
                    media: document.media.as_deref(),
                },
            )
        })
        .collect()
}

/// How deep a code sits in `project`'s tree (a top-level code is 0).
fn code_depth(project: &Project, id: CodeId) -> usize {
    let mut depth = 0;
    let mut at = project.codes.get(&id).and_then(|code| code.parent);
    while let Some(parent) = at {
        depth += 1;
        if depth > project.codes.len() {
            break;
        }
        at = project.codes.get(&parent).and_then(|code| code.parent);
    }
    depth
}
