//! Coders' copies: writing one for a coder (blind to the others' codings if
//! asked), and merging one back as one undoable step.
//!
//! A copy is the project file with the same ids and an empty undo history, so
//! the copy's history is exactly the coder's own work. A merge reads the copy
//! as it is now and, by undoing its history steps in memory, as it was when it
//! was made; after a merge this project remembers (in a setting that the merge
//! step itself writes) up to which of the copy's steps it has taken, so that
//! the next merge starts from there and merging twice adds nothing.

use super::{Workbench, WorkbenchError};
use crate::edit::merge::{self, Choices, MERGED_COPY_SETTING, MergeContext, MergePlan, MergeSides};
use crate::edit::{self, Command, History};
use crate::model::{CodeId, Project, Target};
use crate::store::{Check, OpenMode, ProjectFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The `meta` keys a copy carries.
const PROJECT_ID: &str = "project_id";
const COPY_ID: &str = "copy_id";
const COPY_OF: &str = "copy_of";
const COPY_CODER: &str = "copy_coder";
const COPY_BLIND: &str = "copy_blind";
const COPY_MADE_AT: &str = "copy_made_at";

/// What writing a copy did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyMade {
    pub path: PathBuf,
    pub coder: String,
    pub blind: bool,
    /// How many other coders' codings a blind copy leaves out.
    pub hidden_codings: usize,
}

/// Which copy a merge reads, as the copy says of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyIdentity {
    pub path: PathBuf,
    pub id: String,
    pub coder: String,
    pub blind: bool,
    /// A REFI-QDA project changed in another tool, not a coder's copy.
    pub refi: bool,
}

impl PreparedMerge {
    /// A merge worked out from a file with no history of its own to record
    /// as taken.
    pub(super) fn new(copy: CopyIdentity, plan: MergePlan, notes: Vec<String>) -> Self {
        Self {
            copy,
            plan,
            notes,
            merged_up_to: 0,
            join: BTreeSet::new(),
        }
    }
}

impl CopyIdentity {
    /// "Sam's copy (sam.polyphony)".
    #[must_use]
    pub fn words(&self) -> String {
        let file = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        if self.refi {
            return format!("the REFI-QDA project {file}");
        }
        format!("{}'s copy ({file})", self.coder)
    }
}

/// A merge worked out and not yet applied: shown to the user, who settles
/// its conflicts, then applied with [`Workbench::merge_copy`].
#[derive(Debug, Clone)]
pub struct PreparedMerge {
    pub copy: CopyIdentity,
    pub plan: MergePlan,
    /// Things the user should know about how it was worked out.
    pub notes: Vec<String>,
    /// The copy's last history step, which the merge records as taken.
    merged_up_to: i64,
    /// The copy's codes (of `plan.same_names`) to merge into this project's
    /// code of the same name, in the same step.
    pub join: BTreeSet<CodeId>,
}

/// What this project remembers of a copy it merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct MergedCopy {
    /// The copy's last history step that was merged.
    seq: i64,
    coder: String,
    file: String,
    at: i64,
}

impl Workbench {
    /// This project's own id, given to it the first time a copy is made, so
    /// that a merge can tell its copies from another project's.
    fn project_id(&mut self) -> Result<String, WorkbenchError> {
        if let Some(id) = self.file.meta(PROJECT_ID)? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.file.set_meta(PROJECT_ID, &id)?;
        Ok(id)
    }

    /// Writes a copy of this project for `coder` to `out`, with the same ids.
    /// With `blind`, the copy leaves out other coders' codings (and the memos
    /// and comments on them), so that the coder works independently.
    pub fn write_copy(
        &mut self,
        out: &Path,
        coder: &str,
        blind: bool,
    ) -> Result<CopyMade, WorkbenchError> {
        let coder = coder.trim();
        if coder.is_empty() {
            return Err(WorkbenchError::Invalid(
                "a copy is made for a coder; give their name with --coder NAME".to_owned(),
            ));
        }
        if out.exists() {
            return Err(WorkbenchError::Invalid(format!(
                "{} already exists; choose another name for the copy",
                out.display()
            )));
        }
        let project_id = self.project_id()?;
        self.file.snapshot_to(out)?;
        // The copy has the same texts, so it can have the same search index
        // instead of building its own when first opened; if the copy of the
        // index fails, the copy builds one then.
        copy_index(
            &crate::index::index_dir(self.file.path()),
            &crate::index::index_dir(out),
        );
        let made = (|| {
            let mut copy = ProjectFile::open(out, OpenMode::ReadWrite)?;
            copy.forget_history()?;
            for (key, value) in [
                (COPY_ID, uuid::Uuid::new_v4().to_string()),
                (COPY_OF, project_id.clone()),
                (COPY_CODER, coder.to_owned()),
                (COPY_BLIND, blind.to_string()),
                (COPY_MADE_AT, crate::clock::now_ms().to_string()),
            ] {
                copy.set_meta(key, &value)?;
            }
            let source = self.file.path().display().to_string();
            let blindly = if blind { " (blind)" } else { "" };
            copy.note_in_journal(
                &self.coder.name,
                &format!("made this copy of {source} for {coder}{blindly}"),
                "",
            )?;
            drop(copy);
            let mut copy = Workbench::open_for_window(out, Some(coder))?;
            let hidden = if blind { copy.hide_other_coders()? } else { 0 };
            Ok::<_, WorkbenchError>(hidden)
        })();
        match made {
            Ok(hidden_codings) => {
                let blindly = if blind { " (blind)" } else { "" };
                self.file.note_in_journal(
                    &self.coder.name,
                    &format!("wrote a copy for {coder}{blindly} to {}", out.display()),
                    "",
                )?;
                Ok(CopyMade {
                    path: out.to_owned(),
                    coder: coder.to_owned(),
                    blind,
                    hidden_codings,
                })
            }
            Err(error) => {
                // A half-made copy is no copy: take it away so that a second
                // try starts clean, and say what went wrong.
                let _ = std::fs::remove_file(out);
                let _ = std::fs::remove_dir_all(crate::index::index_dir(out));
                Err(error)
            }
        }
    }

    /// Removes every coding not by the current coder, with the memos and
    /// comments about them, as a step outside the undo history: a blind copy
    /// starts without them, and a merge never reads their absence as deleting.
    fn hide_other_coders(&mut self) -> Result<usize, WorkbenchError> {
        let project = &self.project;
        let hidden: Vec<_> = project
            .codings
            .values()
            .filter(|coding| coding.coder != self.coder.id)
            .map(|coding| coding.id)
            .collect();
        if hidden.is_empty() {
            return Ok(0);
        }
        let about_hidden = |target: &Target| matches!(target, Target::Coding(id) if hidden.binary_search(id).is_ok());
        let mut commands: Vec<Command> = project
            .memos
            .values()
            .filter(|memo| about_hidden(&memo.target))
            .map(|memo| Command::RemoveMemo { id: memo.id })
            .collect();
        commands.extend(
            project
                .comments
                .values()
                .filter(|comment| about_hidden(&comment.target))
                .map(|comment| Command::RemoveComment { id: comment.id }),
        );
        commands.extend(hidden.iter().map(|id| Command::RemoveCoding { id: *id }));
        let count = hidden.len();
        self.apply_step(
            Command::Batch {
                label: format!("hide {count} codings by other coders for a blind round"),
                commands,
            },
            false,
            "",
        )?;
        Ok(count)
    }

    /// Works out the merge of the coder's copy at `copy` into this project,
    /// with `choices` for its conflicts. Nothing changes until
    /// [`Self::merge_copy`] applies it.
    pub fn prepare_merge(
        &mut self,
        copy: &Path,
        choices: &Choices,
    ) -> Result<PreparedMerge, WorkbenchError> {
        if copy.canonicalize().ok() == self.file.path().canonicalize().ok() {
            return Err(WorkbenchError::Invalid(format!(
                "{} is this project itself; name a coder's copy of it",
                copy.display()
            )));
        }
        // A merge compares every record but reads no text it does not bring in:
        // only those of documents this project lacks.
        self.load_all_but_texts()?;
        let file = ProjectFile::open_checking(copy, OpenMode::ReadOnly, Check::PagesRead)?;
        let identity = self.identify_copy(&file, copy)?;
        let (mut theirs, history) = file.load_without_texts()?;
        let missing: Vec<_> = theirs
            .documents
            .keys()
            .filter(|id| !self.project.documents.contains_key(id))
            .copied()
            .collect();
        file.load_bodies(&mut theirs, missing)?;
        let remembered = self
            .project
            .settings
            .get(&format!("{MERGED_COPY_SETTING}{}", identity.id))
            .and_then(|json| serde_json::from_str::<MergedCopy>(json).ok());
        let mut notes = Vec::new();
        let base = copy_as_merged(
            &file,
            &theirs,
            &history,
            remembered.as_ref().map_or(0, |merged| merged.seq),
            &mut notes,
        )?;
        if let Some(merged) = &remembered {
            notes.push(format!(
                "this copy was merged before ({}); what it has done since is merged now",
                crate::clock::format_ms(merged.at)
            ));
        }
        let plan = self.plan_merge(&base, &theirs, choices, &identity, true);
        Ok(PreparedMerge {
            copy: identity,
            plan,
            notes,
            merged_up_to: history.done.last().map_or(0, |entry| entry.seq),
            join: BTreeSet::new(),
        })
    }

    /// The merge of `theirs` into this project against `base`, merged by
    /// this project's coder now; `deletions` says whether what `theirs`
    /// lacks was deleted there.
    pub(super) fn plan_merge(
        &self,
        base: &Project,
        theirs: &Project,
        choices: &Choices,
        identity: &CopyIdentity,
        deletions: bool,
    ) -> MergePlan {
        let context = MergeContext {
            merger: self.coder.clone(),
            at: crate::clock::now_ms(),
            copy: identity.words(),
            deletions,
        };
        merge::plan(
            MergeSides {
                base,
                ours: &self.project,
                theirs,
            },
            choices,
            &context,
        )
    }

    /// Checks that `file` is a copy of this project and says which.
    fn identify_copy(
        &mut self,
        file: &ProjectFile,
        path: &Path,
    ) -> Result<CopyIdentity, WorkbenchError> {
        let shown = path.display();
        let Some(id) = file.meta(COPY_ID)? else {
            return Err(WorkbenchError::Invalid(format!(
                "{shown} is not a coder's copy (it was not made with `polyphony copy`); to bring in another project's documents or codes, import it instead"
            )));
        };
        let ours = self.file.meta(PROJECT_ID)?;
        if file.meta(COPY_OF)? != ours || ours.is_none() {
            return Err(WorkbenchError::Invalid(format!(
                "{shown} is a copy of another project, not of {}; merge it into the project it was copied from",
                self.file.path().display()
            )));
        }
        Ok(CopyIdentity {
            path: path.to_owned(),
            id,
            coder: file
                .meta(COPY_CODER)?
                .unwrap_or_else(|| "a coder".to_owned()),
            blind: file.meta(COPY_BLIND)?.as_deref() == Some("true"),
            refi: false,
        })
    }

    /// Applies a prepared merge as one undoable step, named after the copy and
    /// its coder, with the counts in the journal. Refuses while a conflict
    /// waits for a choice.
    pub fn merge_copy(&mut self, prepared: PreparedMerge) -> Result<String, WorkbenchError> {
        let open = prepared.plan.open_conflicts().count();
        if open > 0 {
            return Err(WorkbenchError::Invalid(format!(
                "{open} conflict{} wait{} for a choice; choose a side for each, or merge with --prefer ours|theirs",
                if open == 1 { "" } else { "s" },
                if open == 1 { "s" } else { "" },
            )));
        }
        let key = format!("{MERGED_COPY_SETTING}{}", prepared.copy.id);
        let record = MergedCopy {
            seq: prepared.merged_up_to,
            coder: prepared.copy.coder.clone(),
            file: prepared.copy.path.display().to_string(),
            at: crate::clock::now_ms(),
        };
        let already = self
            .project
            .settings
            .get(&key)
            .and_then(|json| serde_json::from_str::<MergedCopy>(json).ok())
            .is_some_and(|merged| merged.seq == record.seq);
        if prepared.plan.is_empty() && already {
            return Ok(format!("nothing new in {}", prepared.copy.words()));
        }
        let mut summary = prepared.plan.summary();
        // Joined against the project as the merge leaves it, so that they
        // go into the same step.
        let builder = crate::edit::CommandBuilder::new(&prepared.plan.result, &self.coder);
        let mut joins = Vec::new();
        for same in prepared
            .plan
            .same_names
            .iter()
            .filter(|same| prepared.join.contains(&same.theirs))
        {
            joins.push(builder.merge_codes(same.theirs, same.ours)?);
        }
        if !joins.is_empty() {
            summary.push_str(&format!(
                ", {} joined to this project's of the same name",
                crate::words::count(joins.len(), "code", "codes")
            ));
        }
        let mut commands = prepared.plan.commands;
        commands.extend(joins);
        commands.push(Command::SetSetting {
            name: key,
            value: Some(
                serde_json::to_string(&record)
                    .map_err(|error| WorkbenchError::Invalid(error.to_string()))?,
            ),
        });
        self.apply(Command::Batch {
            label: format!("merge {}: {summary}", prepared.copy.words()),
            commands,
        })
    }
}

/// The copy as it was when it was last merged here (`since` is the copy's
/// last history step taken then; 0 when it never was): its state now with
/// the later steps undone in memory, or the steps undone since then redone.
fn copy_as_merged(
    file: &ProjectFile,
    theirs: &Project,
    history: &History,
    since: i64,
    notes: &mut Vec<String>,
) -> Result<Project, WorkbenchError> {
    let mut base = theirs.clone();
    let in_done = since == 0 || history.done.iter().any(|entry| entry.seq == since);
    if in_done {
        for entry in history.done.iter().rev().filter(|entry| entry.seq > since) {
            edit::apply(&mut base, file.history_command(entry.seq, false)?)?;
        }
        return Ok(base);
    }
    if history.undone.iter().any(|entry| entry.seq == since) {
        let mut redo: Vec<_> = history
            .undone
            .iter()
            .filter(|entry| entry.seq <= since)
            .collect();
        redo.sort_by_key(|entry| entry.seq);
        for entry in redo {
            edit::apply(&mut base, file.history_command(entry.seq, true)?)?;
        }
        return Ok(base);
    }
    notes.push(
        "steps of the copy merged last time were undone and replaced there since, so it is merged against the copy as it was made: conflicts settled then may be asked again".to_owned(),
    );
    for entry in history.done.iter().rev() {
        edit::apply(&mut base, file.history_command(entry.seq, false)?)?;
    }
    Ok(base)
}

/// Copies the files of a search index folder (it holds no folders), leaving
/// out the lock file of the writer that has it open.
fn copy_index(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    if std::fs::create_dir_all(to).is_err() {
        return;
    }
    for entry in entries.flatten() {
        let name = entry.file_name();
        if entry.path().is_file() && !name.to_string_lossy().ends_with(".lock") {
            let _ = std::fs::copy(entry.path(), to.join(name));
        }
    }
}
