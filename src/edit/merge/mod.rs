//! Merging a coder's copy back into the project it was made from, by record
//! ids: each record is compared in three versions (the copy as it was when it
//! was made or last merged, this project now, and the copy now), and what the
//! copy changed becomes ordinary commands applied to this project. Nothing is
//! matched by name, so two codes called "Hope" made in two copies stay two
//! codes, and a coder spelled two ways loses nothing.
//!
//! The plan is pure: it reads three projects and returns the commands, the
//! conflicts and what could not be placed. Each command is applied to a
//! working copy of this project as it is planned, so every later decision sees
//! the result so far and every command is known to apply; one that does not is
//! reported as unplaced, never dropped. `workbench` applies the commands as one
//! undoable step.

mod contents;
mod removals;
mod structure;
mod three_way;

pub use three_way::{Choices, Conflict, ConflictKind, Side};

use crate::edit::{Command, apply};
use crate::model::{Code, CodeId, Coder, DocumentId, Memo, MemoId, Project, Target};
use serde::Serialize;
use std::collections::BTreeMap;
use three_way::{Conflicts, RaisedConflict};
use uuid::Uuid;

/// The three versions of the project a merge reads.
#[derive(Debug, Clone, Copy)]
pub struct MergeSides<'p> {
    /// The copy as it was when it was made, or when it was last merged here.
    pub base: &'p Project,
    /// This project, now.
    pub ours: &'p Project,
    /// The copy, now.
    pub theirs: &'p Project,
}

/// Who merges, when, and what the copy is called in memos.
#[derive(Debug, Clone)]
pub struct MergeContext {
    /// The coder doing the merge: the author of the memos it writes.
    pub merger: Coder,
    /// The time memos are stamped with (ms since the epoch).
    pub at: i64,
    /// The copy in words: `Sam's copy (sam.polyphony)`.
    pub copy: String,
    /// Whether a record the copy lacks was deleted there. True for a coder's
    /// copy; false for a file written by another tool, which may leave out
    /// what it cannot hold, so that its gaps delete nothing here.
    pub deletions: bool,
}

/// What a merge will do, and what it needs the user to decide.
#[derive(Debug, Clone)]
pub struct MergePlan {
    /// The changes, in an order in which they apply, each checked.
    pub commands: Vec<Command>,
    /// Every disagreement found, settled or open.
    pub conflicts: Vec<Conflict>,
    /// What the copy changed that could not be brought in, with why.
    pub unplaced: Vec<Unplaced>,
    /// Codes the copy made whose name a code here already has: offered for
    /// merging, never merged without the user.
    pub same_names: Vec<SameName>,
    /// How many records of each kind were added, changed and removed.
    pub tally: BTreeMap<&'static str, Tally>,
    /// This project as it will be once the commands are applied.
    pub result: Project,
}

impl MergePlan {
    /// The conflicts that still wait for a choice.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts
            .iter()
            .filter(|conflict| conflict.chosen.is_none())
    }

    /// Whether the merge would change nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The counts in words: "12 codings added, 1 code changed".
    #[must_use]
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for (kind, tally) in &self.tally {
            for (count, verb) in [
                (tally.added, "added"),
                (tally.changed, "changed"),
                (tally.removed, "removed"),
            ] {
                if count > 0 {
                    parts.push(format!("{count} {} {verb}", plural(kind, count)));
                }
            }
        }
        if parts.is_empty() {
            "nothing new".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// The record kind in the singular or plural ("coding", "codings").
fn plural(kind: &str, count: usize) -> String {
    if count == 1 {
        kind.strip_suffix('s').unwrap_or(kind).to_owned()
    } else {
        kind.to_owned()
    }
}

/// Added, changed and removed records of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// A change from the copy that could not be brought in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// What it is, in words.
    pub what: String,
    /// Why it could not be applied here.
    pub reason: String,
}

/// A code made in the copy whose name a code here already has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SameName {
    pub name: String,
    /// The code that was here.
    pub ours: CodeId,
    /// The code the merge brought in.
    pub theirs: CodeId,
}

/// How a command changes its kind's tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Changed,
    Removed,
}

/// Plans the merge of `sides.theirs` into `sides.ours`.
#[must_use]
pub fn plan(sides: MergeSides<'_>, choices: &Choices, context: &MergeContext) -> MergePlan {
    let mut planner = Planner {
        sides,
        choices,
        context,
        result: sides.ours.clone(),
        commands: Vec::new(),
        conflicts: Conflicts::default(),
        unplaced: Vec::new(),
        tally: BTreeMap::new(),
    };
    planner.coders();
    planner.participants();
    planner.documents();
    planner.codes();
    planner.codings();
    planner.themes();
    planner.memos();
    planner.comments();
    planner.map_positions();
    planner.settings();
    planner.removals();
    let same_names = planner.same_names();
    MergePlan {
        commands: planner.commands,
        conflicts: planner.conflicts.found,
        unplaced: planner.unplaced,
        same_names,
        tally: planner.tally,
        result: planner.result,
    }
}

/// The settings a merge keeps to itself: which copies were merged, and when.
pub const MERGED_COPY_SETTING: &str = "merged-copy:";

/// The working state of one merge.
struct Planner<'p> {
    sides: MergeSides<'p>,
    choices: &'p Choices,
    context: &'p MergeContext,
    /// This project with the commands planned so far applied.
    result: Project,
    commands: Vec<Command>,
    conflicts: Conflicts,
    unplaced: Vec<Unplaced>,
    tally: BTreeMap<&'static str, Tally>,
}

/// Picks one kind of record out of a project: its codes, say.
type Records<K, V> = fn(&Project) -> &BTreeMap<K, V>;

/// The ids of `kind` whose record differs between the base and the copy: the
/// only ones a merge needs to look at.
fn changed_ids<K: Ord + Copy, V: PartialEq>(
    base: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
) -> Vec<K> {
    let mut ids: Vec<K> = theirs
        .iter()
        .filter(|(id, record)| base.get(id) != Some(record))
        .map(|(id, _)| *id)
        .collect();
    ids.extend(base.keys().filter(|id| !theirs.contains_key(id)).copied());
    ids.sort_unstable();
    ids
}

impl Planner<'_> {
    /// Applies `command` to the result and keeps it, or reports it unplaced.
    fn emit(
        &mut self,
        kind: &'static str,
        change: Change,
        what: impl FnOnce() -> String,
        command: Command,
    ) -> bool {
        match apply(&mut self.result, command.clone()) {
            Ok(_) => {
                let tally = self.tally.entry(kind).or_default();
                match change {
                    Change::Added => tally.added += 1,
                    Change::Changed => tally.changed += 1,
                    Change::Removed => tally.removed += 1,
                }
                self.commands.push(command);
                true
            }
            Err(error) => {
                self.unplaced.push(Unplaced {
                    what: what(),
                    reason: error.to_string(),
                });
                false
            }
        }
    }

    /// Merges every record of one kind the copy changed: `ids` (in the order
    /// to merge them) of the maps `records` picks out of a project. A record
    /// new in the copy is made here with `create`; one here and in the copy is
    /// merged field by field with `merge(base, ours, theirs)` (a record made on
    /// both sides with one id has this project's version as its base); one
    /// deleted here but changed in the copy is a conflict, and made again if
    /// the copy's side is taken. Records the copy deleted wait for `removals`.
    fn merge_each<K: Ord + Copy + std::fmt::Display, V: Clone>(
        &mut self,
        (kind, ids, records): (&str, Vec<K>, Records<K, V>),
        subject: fn(&Self, &V) -> String,
        create: fn(&mut Self, &V),
        merge: fn(&mut Self, &V, &V, &V),
    ) {
        let sides = self.sides;
        for id in ids {
            let Some(theirs) = records(sides.theirs).get(&id) else {
                continue;
            };
            let base = records(sides.base).get(&id);
            match (base, records(&self.result).get(&id).cloned()) {
                (None, None) => create(self, theirs),
                (Some(_), None) => {
                    let subject = subject(self, theirs);
                    if self.deleted_and_edited(
                        format!("{kind}/{id}"),
                        subject,
                        "deleted here".to_owned(),
                        format!("changed in {}", self.context.copy),
                    ) {
                        create(self, theirs);
                    }
                }
                (base, Some(ours)) => merge(self, base.unwrap_or(&ours), &ours, theirs),
            }
        }
    }

    /// Raises a conflict about a whole record (deleted on one side, changed
    /// on the other), returning whether the copy's side is taken.
    fn deleted_and_edited(
        &mut self,
        key: String,
        subject: String,
        ours: String,
        theirs: String,
    ) -> bool {
        let chosen = self.conflicts.raise(
            self.choices,
            RaisedConflict {
                key,
                kind: ConflictKind::DeletedAndEdited,
                subject,
                ours,
                theirs,
                fixed: None,
            },
        );
        chosen == Some(Side::Theirs)
    }

    /// Makes sure the coder of a record from the copy is here.
    fn ensure_coder(&mut self, id: crate::model::CoderId) {
        if self.result.coders.contains_key(&id) {
            return;
        }
        if let Some(coder) = self
            .sides
            .theirs
            .coders
            .get(&id)
            .or_else(|| self.sides.base.coders.get(&id))
        {
            let name = coder.name.clone();
            self.emit(
                "coders",
                Change::Added,
                || format!("coder {name}"),
                Command::AddCoder {
                    coder: coder.clone(),
                },
            );
        }
    }

    /// Brings back a code this project deleted that the copy still uses, with
    /// its parent chain as far as the copy has it, and a memo saying why.
    fn restore_code(&mut self, id: CodeId, why: &str) -> bool {
        if self.result.codes.contains_key(&id) {
            return true;
        }
        let Some(code) = self
            .sides
            .theirs
            .codes
            .get(&id)
            .or_else(|| self.sides.base.codes.get(&id))
        else {
            return false;
        };
        let mut code: Code = code.clone();
        if let Some(parent) = code.parent
            && !self.restore_code(parent, why)
        {
            code.parent = None;
        }
        let name = code.name.clone();
        if !self.emit(
            "codes",
            Change::Added,
            || format!("code {name}"),
            Command::CreateCode { code },
        ) {
            return false;
        }
        self.explain(
            Target::Code(id),
            "restored",
            format!(
                "Restored by merging {}: this code had been deleted here, but {why}.",
                self.context.copy
            ),
        );
        true
    }

    /// Brings back a document this project deleted that the copy still codes.
    fn restore_document(&mut self, id: DocumentId, why: &str) -> bool {
        if self.result.documents.contains_key(&id) {
            return true;
        }
        let Some(document) = self.sides.theirs.documents.get(&id) else {
            return false;
        };
        let mut document = document.clone();
        document
            .speakers
            .retain(|_, participant| self.result.participants.contains_key(participant));
        let name = document.name.clone();
        if !self.emit(
            "documents",
            Change::Added,
            || format!("document {name}"),
            Command::InsertDocument { document },
        ) {
            return false;
        }
        self.explain(
            Target::Document(id),
            "restored",
            format!(
                "Restored by merging {}: this document had been deleted here, but {why}.",
                self.context.copy
            ),
        );
        true
    }

    /// Writes a memo on `target` saying why the merge did what it did. Its id
    /// follows from the target and the reason, so a second merge that finds
    /// the same thing does not write it twice.
    fn explain(&mut self, target: Target, reason: &str, body: String) {
        let id = MemoId(Uuid::new_v5(
            &MERGE_MEMO_NAMESPACE,
            format!("{reason}\u{0}{}\u{0}{}", target.kind(), target.id_text()).as_bytes(),
        ));
        if self.result.memos.contains_key(&id) {
            return;
        }
        let merger = self.context.merger.clone();
        if !self.result.coders.contains_key(&merger.id) {
            let name = merger.name.clone();
            self.emit(
                "coders",
                Change::Added,
                || format!("coder {name}"),
                Command::AddCoder {
                    coder: merger.clone(),
                },
            );
        }
        let memo = Memo {
            id,
            title: "Kept by a merge".to_owned(),
            body,
            author: merger.id,
            target,
            created_at: self.context.at,
            updated_at: self.context.at,
        };
        self.emit(
            "memos",
            Change::Added,
            || "a merge memo".to_owned(),
            Command::CreateMemo { memo },
        );
    }

    /// Codes the copy made whose name (ignoring case) and parent a code that
    /// was here already has.
    fn same_names(&self) -> Vec<SameName> {
        let mut found = Vec::new();
        for (id, code) in &self.result.codes {
            if self.sides.ours.codes.contains_key(id) || !self.sides.theirs.codes.contains_key(id) {
                continue;
            }
            for (other, existing) in &self.sides.ours.codes {
                if self.result.codes.contains_key(other)
                    && existing.parent == code.parent
                    && existing.name.to_lowercase() == code.name.to_lowercase()
                {
                    found.push(SameName {
                        name: code.name.clone(),
                        ours: *other,
                        theirs: *id,
                    });
                }
            }
        }
        found
    }
}

/// The namespace of the ids of memos a merge writes.
const MERGE_MEMO_NAMESPACE: Uuid = Uuid::from_u128(0x6d65_7267_6520_6d65_6d6f_2070_6f6c_7970);

#[cfg(test)]
mod tests;
