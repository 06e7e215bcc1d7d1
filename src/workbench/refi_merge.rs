//! Merging back a REFI-QDA project (`.qdpx`, or a bare `.qde`) that was
//! written from this project and then changed in NVivo, ATLAS.ti, MAXQDA or
//! QualCoder: its records are matched to this project's by their GUIDs,
//! which Polyphony writes as its own ids, and brought in through the same
//! three-way planner as a coder's copy.
//!
//! A REFI-QDA file has no history, so what the project was when the file
//! was written is not known. The merge therefore takes nothing on trust:
//! a record the file adds comes in, a record it lacks stays (tools drop what
//! they cannot hold, so a missing record is not a deletion), and wherever
//! the file and this project hold different values for one field, that is a
//! conflict for the user to settle, never a silent choice. Themes, comments,
//! map places and settings stay as they are here: REFI-QDA sets carry no
//! concept, definition or status, so reading them back would lose them.

use super::team::{CopyIdentity, PreparedMerge};
use super::{Workbench, WorkbenchError};
use crate::edit::merge::Choices;
use crate::exchange::qdpx::read_qdpx;
use crate::model::{CodeId, Coding, Memo, Participant, Project};
use std::collections::BTreeMap;
use std::path::Path;

/// Whether `path` names a REFI-QDA project rather than a coder's copy.
#[must_use]
pub fn is_refi_project(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| matches!(extension.to_ascii_lowercase().as_str(), "qdpx" | "qde"))
}

impl Workbench {
    /// Works out the merge of the REFI-QDA project at `path` into this
    /// project, with `choices` for its conflicts; [`Self::merge_copy`]
    /// applies it as one step.
    pub fn prepare_refi_merge(
        &mut self,
        path: &Path,
        choices: &Choices,
    ) -> Result<PreparedMerge, WorkbenchError> {
        self.load_all_but_texts()?;
        let mut reading = Project::default();
        reading.coders.insert(self.coder.id, self.coder.clone());
        let read = read_qdpx(path, &reading, self.coder.id)?;
        crate::edit::apply(&mut reading, read.command)?;
        let mut theirs = reading;
        // What REFI-QDA cannot carry whole stays as this project has it.
        theirs.themes.clone_from(&self.project.themes);
        theirs.comments.clone_from(&self.project.comments);
        theirs.map_positions.clone_from(&self.project.map_positions);
        theirs.settings.clone_from(&self.project.settings);
        theirs.pseudonyms.clone_from(&self.project.pseudonyms);
        keep_what_the_file_lacks(&self.project, &mut theirs);
        let base = unknown_base(&self.project, &theirs);
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let identity = CopyIdentity {
            path: path.to_owned(),
            id: format!("refi:{file}"),
            coder: String::new(),
            blind: false,
            refi: true,
        };
        // Tools drop what they cannot hold: nothing the file lacks is deleted.
        let plan = self.plan_merge(&base, &theirs, choices, &identity, false);
        let mut notes = vec![
            "a REFI-QDA file has no history: every value it holds differently from this project is a conflict to settle, and what it lacks stays here".to_owned(),
        ];
        notes.extend(read.report.warnings.iter().cloned());
        notes.extend(
            read.report
                .not_carried
                .iter()
                .map(|what| format!("not read from the file: {what}")),
        );
        Ok(PreparedMerge::new(identity, plan, notes))
    }

    /// [`Self::prepare_refi_merge`] for a REFI-QDA project, else
    /// [`Self::prepare_merge`] for a coder's copy.
    pub fn prepare_any_merge(
        &mut self,
        path: &Path,
        choices: &Choices,
    ) -> Result<PreparedMerge, WorkbenchError> {
        if is_refi_project(path) {
            self.prepare_refi_merge(path, choices)
        } else {
            self.prepare_merge(path, choices)
        }
    }
}

/// Gives the file's records the attributes this project's have and the file
/// does not: REFI-QDA has no place for a document's attributes, and tools
/// drop variables they do not know, which is not the user deleting them.
fn keep_what_the_file_lacks(ours: &Project, theirs: &mut Project) {
    fn fill(ours: &BTreeMap<String, String>, theirs: &mut BTreeMap<String, String>) {
        for (name, value) in ours {
            theirs.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    for (id, document) in &mut theirs.documents {
        if let Some(our) = ours.documents.get(id) {
            fill(&our.attributes, &mut document.attributes);
            if document.media.is_none() {
                document.media.clone_from(&our.media);
            }
        }
    }
    for (id, participant) in &mut theirs.participants {
        if let Some(our) = ours.participants.get(id) {
            fill(&our.attributes, &mut participant.attributes);
        }
    }
}

/// A value unlike both `ours` and `theirs` where they differ, so that the
/// planner sees both sides as changed and asks; where they agree, theirs.
fn blurred(ours: &str, theirs: &str) -> String {
    if ours == theirs {
        ours.to_owned()
    } else {
        format!("\u{0}{ours}\u{0}{theirs}")
    }
}

fn blurred_attributes(
    ours: &BTreeMap<String, String>,
    theirs: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut base = ours.clone();
    for (name, value) in theirs {
        let here = ours.get(name).map_or("", String::as_str);
        base.insert(name.clone(), blurred(here, value));
    }
    base
}

/// The base the planner compares both sides with when the file's own past
/// is unknown: this project, with every field in which the file differs made
/// unlike both, so that each difference is a conflict.
fn unknown_base(ours: &Project, theirs: &Project) -> Project {
    let mut base = ours.clone();
    let unknown_code = CodeId(uuid::Uuid::nil());
    for (id, code) in &mut base.codes {
        if let Some(their) = theirs.codes.get(id) {
            code.name = blurred(&code.name, &their.name);
            code.color = blurred(&code.color, &their.color);
            code.description = blurred(&code.description, &their.description);
            if code.parent != their.parent {
                code.parent = Some(unknown_code);
            }
        }
    }
    for (id, coding) in &mut base.codings {
        if let Some(their) = theirs.codings.get(id) {
            blur_coding(coding, their, unknown_code);
        }
    }
    for (id, document) in &mut base.documents {
        if let Some(their) = theirs.documents.get(id) {
            document.name = blurred(&document.name, &their.name);
            document.attributes = blurred_attributes(&document.attributes, &their.attributes);
        }
    }
    for (id, participant) in &mut base.participants {
        if let Some(their) = theirs.participants.get(id) {
            blur_participant(participant, their);
        }
    }
    for (id, coder) in &mut base.coders {
        if let Some(their) = theirs.coders.get(id) {
            coder.name = blurred(&coder.name, &their.name);
        }
    }
    for (id, memo) in &mut base.memos {
        if let Some(their) = theirs.memos.get(id) {
            blur_memo(memo, their);
        }
    }
    base
}

fn blur_coding(coding: &mut Coding, their: &Coding, unknown_code: CodeId) {
    if coding.code != their.code {
        coding.code = unknown_code;
    }
    if (coding.start, coding.end) != (their.start, their.end) {
        (coding.start, coding.end) = (usize::MAX, usize::MAX);
    }
    coding.memo = blurred(&coding.memo, &their.memo);
}

fn blur_participant(participant: &mut Participant, their: &Participant) {
    participant.name = blurred(&participant.name, &their.name);
    participant.attributes = blurred_attributes(&participant.attributes, &their.attributes);
}

fn blur_memo(memo: &mut Memo, their: &Memo) {
    memo.title = blurred(&memo.title, &their.title);
    memo.body = blurred(&memo.body, &their.body);
}
