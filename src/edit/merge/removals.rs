//! What the copy deleted, removed here last: after everything else is merged,
//! so that a code, document or participant still used here (by this project's
//! own work, or by work the copy added) is seen to be used and kept.

use super::three_way::{ConflictKind, RaisedConflict, Side};
use super::{Change, Planner};
use crate::edit::Command;
use crate::model::{CodeId, DocumentId, Target};
use std::collections::{BTreeMap, BTreeSet};

impl Planner<'_> {
    pub(super) fn removals(&mut self) {
        if !self.context.deletions {
            return;
        }
        let sides = self.sides;
        for id in deleted(&sides.base.codings, &sides.theirs.codings) {
            let label = format!("coding {id}");
            let state = state(&sides.base.codings, &self.result.codings, id);
            if self.may_remove(state, format!("coding/{id}"), &label) {
                self.emit(
                    "codings",
                    Change::Removed,
                    || label,
                    Command::RemoveCoding { id },
                );
            }
        }
        for id in deleted(&sides.base.memos, &sides.theirs.memos) {
            let label = format!("memo {}", sides.base.memos[&id].title);
            let state = state(&sides.base.memos, &self.result.memos, id);
            if self.may_remove(state, format!("memo/{id}"), &label) {
                self.emit(
                    "memos",
                    Change::Removed,
                    || label,
                    Command::RemoveMemo { id },
                );
            }
        }
        for id in deleted(&sides.base.comments, &sides.theirs.comments) {
            let label = format!("comment by {}", sides.base.comments[&id].author);
            let state = state(&sides.base.comments, &self.result.comments, id);
            if self.may_remove(state, format!("comment/{id}"), &label) {
                self.emit(
                    "comments",
                    Change::Removed,
                    || label,
                    Command::RemoveComment { id },
                );
            }
        }
        for id in deleted(&sides.base.themes, &sides.theirs.themes) {
            let label = format!("theme {}", sides.base.themes[&id].name);
            let state = state(&sides.base.themes, &self.result.themes, id);
            if self.may_remove(state, format!("theme/{id}"), &label) {
                self.emit(
                    "themes",
                    Change::Removed,
                    || label,
                    Command::RemoveTheme { id },
                );
            }
        }
        self.remove_codes();
        self.remove_documents();
        self.remove_participants();
    }

    /// Whether a record the copy deleted can go, given whether it is here
    /// unchanged since the base (`None` when it is not here): yes when it is
    /// unchanged, and when it was changed here only if the user chooses the
    /// copy's deletion.
    fn may_remove(&mut self, unchanged: Option<bool>, key: String, label: &str) -> bool {
        match unchanged {
            None => false,
            Some(true) => true,
            Some(false) => {
                let chosen = self.conflicts.raise(
                    self.choices,
                    RaisedConflict {
                        key,
                        kind: ConflictKind::DeletedAndEdited,
                        subject: label.to_owned(),
                        ours: "changed here".to_owned(),
                        theirs: format!("deleted in {}", self.context.copy),
                        fixed: None,
                    },
                );
                chosen == Some(Side::Theirs)
            }
        }
    }

    /// Keeps a record the copy deleted that is still used here, says so as a
    /// settled conflict, and writes a memo on it saying why.
    fn keep_used(&mut self, key: String, subject: String, target: Target, uses: &str) {
        let copy = self.context.copy.clone();
        self.conflicts.raise(
            self.choices,
            RaisedConflict {
                key,
                kind: ConflictKind::DeletedButUsed,
                subject,
                ours: uses.to_owned(),
                theirs: format!("deleted in {copy}"),
                fixed: Some(Side::Ours),
            },
        );
        self.explain(
            target,
            "kept",
            format!("Kept when merging {copy}: it was deleted there, but {uses}."),
        );
    }

    fn remove_codes(&mut self) {
        let sides = self.sides;
        let mut used: BTreeMap<CodeId, usize> = BTreeMap::new();
        for coding in self.result.codings.values() {
            *used.entry(coding.code).or_default() += 1;
        }
        for id in deleted(&sides.base.codes, &sides.theirs.codes) {
            let label = format!("code {}", sides.base.codes[&id].name);
            if !self.result.codes.contains_key(&id) {
                continue;
            }
            if let Some(&count) = used.get(&id) {
                let uses = format!(
                    "{count} passage{} here {} coded with it",
                    plural_s(count),
                    if count == 1 { "is" } else { "are" }
                );
                self.keep_used(format!("code/{id}"), label, Target::Code(id), &uses);
                continue;
            }
            let state = state(&sides.base.codes, &self.result.codes, id);
            if self.may_remove(state, format!("code/{id}"), &label) {
                self.emit(
                    "codes",
                    Change::Removed,
                    || label,
                    Command::RemoveCode { id },
                );
            }
        }
    }

    fn remove_documents(&mut self) {
        let sides = self.sides;
        let mut used: BTreeMap<DocumentId, usize> = BTreeMap::new();
        for coding in self.result.codings.values() {
            *used.entry(coding.document).or_default() += 1;
        }
        for id in deleted(&sides.base.documents, &sides.theirs.documents) {
            let label = format!("document {}", sides.base.documents[&id].name);
            if !self.result.documents.contains_key(&id) {
                continue;
            }
            if let Some(&count) = used.get(&id) {
                let uses = format!("it holds {count} coding{} here", plural_s(count));
                self.keep_used(format!("document/{id}"), label, Target::Document(id), &uses);
                continue;
            }
            let state = self
                .result
                .documents
                .get(&id)
                .map(|ours| sides.base.documents.get(&id).map(details) == Some(details(ours)));
            if self.may_remove(state, format!("document/{id}"), &label) {
                self.emit(
                    "documents",
                    Change::Removed,
                    || label,
                    Command::RemoveDocument { id },
                );
            }
        }
    }

    fn remove_participants(&mut self) {
        let sides = self.sides;
        let linked: BTreeSet<_> = self
            .result
            .documents
            .values()
            .flat_map(|document| document.speakers.values().copied())
            .collect();
        for id in deleted(&sides.base.participants, &sides.theirs.participants) {
            let label = format!("participant {}", sides.base.participants[&id].name);
            if !self.result.participants.contains_key(&id) {
                continue;
            }
            if linked.contains(&id) {
                let uses = "a speaker here is linked to this participant";
                self.keep_used(
                    format!("participant/{id}"),
                    label,
                    Target::Participant(id),
                    uses,
                );
                continue;
            }
            let state = state(&sides.base.participants, &self.result.participants, id);
            if self.may_remove(state, format!("participant/{id}"), &label) {
                self.emit(
                    "participants",
                    Change::Removed,
                    || label,
                    Command::RemoveParticipant { id },
                );
            }
        }
    }
}

/// Whether record `id` is here and unchanged since the base; `None` when it
/// is not here.
fn state<K: Ord + Copy, V: PartialEq>(
    base: &BTreeMap<K, V>,
    here: &BTreeMap<K, V>,
    id: K,
) -> Option<bool> {
    here.get(&id).map(|ours| base.get(&id) == Some(ours))
}

/// The ids in the base that the copy no longer has.
fn deleted<K: Ord + Copy, V>(base: &BTreeMap<K, V>, theirs: &BTreeMap<K, V>) -> Vec<K> {
    base.keys()
        .filter(|id| !theirs.contains_key(id))
        .copied()
        .collect()
}

fn plural_s(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// What of a document can change: all but its text.
fn details(document: &crate::model::Document) -> impl PartialEq + '_ {
    (
        &document.name,
        &document.attributes,
        &document.speakers,
        &document.media,
    )
}
