//! The one API the window and the command line both call: open or create a
//! project, apply commands, undo and redo, import, search.
//!
//! A [`Workbench`] owns the project in memory, its file and its search index,
//! and keeps the three in step: [`Workbench::apply`] changes the project through
//! `edit`, writes the change durably through `store` with its journal row, and
//! re-indexes what it touched.

mod demo;
mod exchange;
mod import;
mod listing;
mod loading;
mod participants;
mod pseudonyms;
mod refi_merge;
mod review;
mod shared;
mod speaker_tables;
mod team;
#[cfg(test)]
mod tests;

pub use crate::edit::build::autocode;
pub use crate::edit::build::{
    CodingBatch, CodingRow, CommandBuilder, RowPlace, RowProblem, coding_batch,
};
pub use demo::{DEMO_CODER, build_demo, default_corpus_dir};
pub use exchange::{EXCHANGE_EXTENSIONS, ExchangeFormat, ExchangeReport, is_exchange_file};
pub use import::{
    AttributeReport, DOCUMENT_KEYS, DocumentSpeakers, ImportProgress, PARTICIPANT_KEYS,
    ReadTranscript, Skipped, SpeakerLink, TranscriptImportReport, read_participants_table,
    read_transcript,
};
pub use listing::SegmentRow;
pub use participants::ParticipantChange;
pub use pseudonyms::Leaving;
pub use refi_merge::is_refi_project;
pub use team::{CopyIdentity, CopyMade, PreparedMerge};

use crate::edit::{self, Command, EditError, History, Touched};
use crate::index::{
    IndexError, IndexRebuild, Query, QueryError, SearchIndex, SearchResults, index_dir,
};
use crate::model::{Coder, CoderId, DocumentId, Project, ThemeId, ThemeVersion};
use crate::store::{Change, JournalRow, OpenMode, ProjectFile, StoreError, StoredForward};
use shared::stale;
use std::path::{Path, PathBuf};

/// Why a workbench operation failed. Each says what to do next; none leaves the
/// project half-changed.
#[derive(Debug, thiserror::Error)]
pub enum WorkbenchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Import(#[from] crate::ingest::IngestError),
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
    #[error("there is nothing to undo")]
    NothingToUndo,
    #[error("there is nothing to redo")]
    NothingToRedo,
    #[error("{0}")]
    Invalid(String),
    #[error("could not read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl WorkbenchError {
    /// Who holds the project open for writing, when that is why it could not
    /// be opened: the window then opens it read-only instead.
    #[must_use]
    pub fn held_by(&self) -> Option<&str> {
        match self {
            WorkbenchError::Store(StoreError::Locked { holder, .. }) => Some(holder),
            _ => None,
        }
    }
}

pub use crate::clock::now_ms;
pub use crate::model::CODE_PALETTE;

/// An open project with its file, index and current coder.
pub struct Workbench {
    file: ProjectFile,
    project: Project,
    /// How much of the file `project` holds: all of it, or its outline and
    /// what commands have needed since.
    loaded: loading::Loaded,
    history: History,
    /// Opened when first needed, so that a command that touches no text never
    /// opens it.
    index: Option<SearchIndex>,
    index_stale: bool,
    coder: Coder,
    /// Things the user should be told about opening, such as an upgrade's changes.
    notices: Vec<String>,
}

impl Workbench {
    /// Creates a new project file at `path`, with `coder` as its first coder.
    pub fn create(path: &Path, coder: &str) -> Result<Self, WorkbenchError> {
        let file = ProjectFile::create(path)?;
        let index = SearchIndex::open_in(&index_dir(path))?;
        let mut workbench = Self {
            file,
            project: Project::default(),
            loaded: loading::Loaded::Whole,
            history: History::default(),
            index: Some(index),
            index_stale: false,
            coder: Coder {
                id: CoderId::new(),
                name: String::new(),
            },
            notices: Vec::new(),
        };
        workbench.set_coder(coder)?;
        workbench
            .index()?
            .rebuild(std::iter::empty(), 0, &mut |_, _| {})?;
        Ok(workbench)
    }

    /// Opens a project for writing. `coder` names who is working; without it the
    /// last coder of this project is used. `progress(done, total)` reports an
    /// index rebuild, if one is needed.
    pub fn open(
        path: &Path,
        coder: Option<&str>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Self, WorkbenchError> {
        let file = ProjectFile::open(path, OpenMode::ReadWrite)?;
        Self::finish_open(file, loading::Loaded::Whole, coder, Some(progress))
    }

    /// Opens a project without taking the write lock: for looking while another
    /// process has it open. The index is built in memory if the one on disk is
    /// out of date.
    pub fn open_read_only(
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Self, WorkbenchError> {
        let file = ProjectFile::open(path, OpenMode::ReadOnly)?;
        Self::finish_open(file, loading::Loaded::Whole, None, Some(progress))
    }

    /// Loads the project and settles the coder; with `progress`, also
    /// rebuilds the index now if it is out of date.
    fn finish_open(
        file: ProjectFile,
        loaded: loading::Loaded,
        coder: Option<&str>,
        progress: Option<&mut dyn FnMut(usize, usize)>,
    ) -> Result<Self, WorkbenchError> {
        let (project, history) = match loaded {
            loading::Loaded::Whole => file.load()?,
            loading::Loaded::Outline(ref parts) if parts.all_but_texts => {
                file.load_without_texts()?
            }
            loading::Loaded::Outline(_) => file.load_outline()?,
        };
        let remembered = file.meta("last_coder")?;
        let mut workbench = Self {
            file,
            project,
            loaded,
            history,
            index: None,
            index_stale: false,
            coder: Coder {
                id: CoderId::new(),
                name: String::new(),
            },
            notices: Vec::new(),
        };
        let name = coder
            .map(str::to_owned)
            .or(remembered)
            .or_else(|| {
                workbench
                    .project
                    .coders
                    .values()
                    .next()
                    .map(|c| c.name.clone())
            })
            .unwrap_or_else(default_coder_name);
        if workbench.file.is_read_only() {
            workbench.coder = workbench
                .project
                .find_coder(&name)
                .cloned()
                .unwrap_or(Coder {
                    id: CoderId::new(),
                    name,
                });
        } else {
            workbench.set_coder(&name)?;
            workbench.finish_upgrade()?;
        }
        if let Some(progress) = progress {
            workbench.ensure_index(progress)?;
        }
        Ok(workbench)
    }

    /// What this opening did that the user should know of (an upgrade that split
    /// participants, say), each once: the window and the CLI show them.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Completes the upgrade of a file from an older schema with the changes that
    /// are commands (journalled and undoable) rather than SQL.
    fn finish_upgrade(&mut self) -> Result<(), WorkbenchError> {
        let Some(from) = self.file.upgraded_from() else {
            return Ok(());
        };
        // Schema 3 tells role labels ("Participant", "I") apart from names; before
        // it, one "Participant" stood for every document's interviewee.
        if from < 3 {
            self.load_whole()?;
            let notes = self.split_role_labels_after_upgrade()?;
            if !notes.is_empty() {
                self.notices.push(format!(
                    "This project was upgraded. Role labels such as \"Participant\" had been one participant across documents; each document now has its own (Edit > Undo restores the old links):\n  {}",
                    notes.join("\n  ")
                ));
            }
        }
        Ok(())
    }

    /// Rebuilds the index if it is missing or was built for other texts.
    pub fn ensure_index(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), WorkbenchError> {
        let generation = self.file.text_generation()?;
        if self.index_stale || self.index()?.generation() != Some(generation) {
            self.rebuild_index(progress)?;
        }
        Ok(())
    }

    /// Whether searching needs the index rebuilt first.
    #[must_use]
    pub fn index_is_stale(&self) -> bool {
        self.index_stale
    }

    /// A rebuild of the search index from the documents as they are now, to
    /// run on a worker thread; call [`Self::index_rebuilt`] when it is done.
    pub fn prepare_index_rebuild(&mut self) -> Result<IndexRebuild, WorkbenchError> {
        self.load_whole()?;
        let generation = self.file.text_generation()?;
        let documents = self.project.documents.values().cloned().collect();
        Ok(self.index()?.prepare_rebuild(documents, generation))
    }

    /// Takes up an index rebuilt on a worker thread. It is still out of date
    /// if the texts changed while it was built.
    pub fn index_rebuilt(&mut self) -> Result<(), WorkbenchError> {
        self.index()?.reload()?;
        let generation = self.file.text_generation()?;
        self.index_stale = self.index()?.generation() != Some(generation);
        Ok(())
    }

    /// Rebuilds the search index from the stored texts.
    pub fn rebuild_index(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), WorkbenchError> {
        self.load_whole()?;
        let generation = self.file.text_generation()?;
        self.index()?;
        if let Some(index) = &mut self.index {
            index.rebuild(self.project.documents.values(), generation, progress)?;
        }
        self.index_stale = false;
        Ok(())
    }

    #[must_use]
    pub fn project(&self) -> &Project {
        &self.project
    }

    #[must_use]
    pub fn history(&self) -> &History {
        &self.history
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.file.is_read_only()
    }

    /// Who is coding now.
    #[must_use]
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// Makes `name` the current coder, adding them to the project if new.
    pub fn set_coder(&mut self, name: &str) -> Result<(), WorkbenchError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(WorkbenchError::Invalid(
                "a coder needs a name; give it with --coder NAME".to_owned(),
            ));
        }
        if let Some(existing) = self.project.find_coder(name) {
            self.coder = existing.clone();
        } else {
            let coder = Coder {
                id: CoderId::new(),
                name: name.to_owned(),
            };
            self.coder = coder.clone();
            // Who is working is not a step of the analysis: it is journalled
            // but kept out of undo, so Undo never removes the current coder.
            self.apply_step(Command::AddCoder { coder }, false, "")?;
        }
        // Written only when it changes: each write is a durable commit, which a
        // command-line command would otherwise pay for on every run.
        if !self.file.is_read_only()
            && self.file.meta("last_coder")?.as_deref() != Some(self.coder.name.as_str())
        {
            self.file.set_meta("last_coder", &self.coder.name)?;
        }
        Ok(())
    }

    /// Applies `command`, writes it durably with its journal row, and re-indexes
    /// what it touched. Returns the words the journal uses for it.
    pub fn apply(&mut self, command: Command) -> Result<String, WorkbenchError> {
        self.apply_step(command, true, "")
    }

    /// [`Self::apply`], giving the reason for the change, which the versions
    /// of the themes it changes keep.
    pub fn apply_with_reason(
        &mut self,
        command: Command,
        reason: &str,
    ) -> Result<String, WorkbenchError> {
        self.apply_step(command, true, reason.trim())
    }

    /// Every version of theme `theme`, oldest first: each change of its name,
    /// concept, definition, status, parent or codes, with when, who and why.
    pub fn theme_history(&self, theme: ThemeId) -> Result<Vec<ThemeVersion>, WorkbenchError> {
        Ok(self.file.theme_versions(theme)?)
    }

    fn apply_step(
        &mut self,
        command: Command,
        undoable: bool,
        reason: &str,
    ) -> Result<String, WorkbenchError> {
        self.as_one_step(|workbench, missed| {
            workbench.apply_own_step(command, undoable, reason, missed)
        })
    }

    /// Runs `step` as one step of the project. A shared project's step
    /// begins with the project's lock and the steps other members made
    /// meanwhile (followed first, and given to `step`), so that it applies to
    /// the state the server has; a step that fails is given up there too.
    fn as_one_step<T>(
        &mut self,
        step: impl FnOnce(&mut Self, &[crate::store::shared::RemoteStep]) -> Result<T, WorkbenchError>,
    ) -> Result<T, WorkbenchError> {
        if self.file.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        let missed = self.file.begin_shared_step()?;
        let done = self.follow(missed).and_then(|missed| step(self, &missed));
        if done.is_err() {
            self.file.abort_shared_step();
        }
        done
    }

    /// The whole command as the server's journal keeps it, for other members to
    /// apply; a project file's journal keeps only the label and detail.
    fn command_for_server(&self, command: &Command) -> Option<String> {
        self.file
            .is_shared()
            .then(|| serde_json::to_string(command).unwrap_or_default())
    }

    fn apply_own_step(
        &mut self,
        command: Command,
        undoable: bool,
        reason: &str,
        missed: &[crate::store::shared::RemoteStep],
    ) -> Result<String, WorkbenchError> {
        self.load_needs(&edit::needs(&command))?;
        let label = edit::describe(&self.project, &command);
        // What is stored of the command is taken before it is applied, so that
        // an import's documents and codings are never held twice.
        let journal_detail = command.journal_detail();
        let forward = undoable.then(|| StoredForward::of(&command));
        let whole = self.command_for_server(&command);
        let applied =
            edit::apply(&mut self.project, command).map_err(|error| stale(error, missed))?;
        let change = Change {
            label: &label,
            journal_detail: &journal_detail,
            touched: &applied.touched,
            coder: &self.coder.name,
            reason,
            command: whole.as_deref(),
        };
        match self
            .file
            .record_do(&self.project, &change, forward.as_ref(), &applied.inverse)
        {
            Ok(Some(seq)) => {
                self.history.undone.clear();
                self.history.done.push(edit::HistoryEntry {
                    seq,
                    label: label.clone(),
                });
            }
            Ok(None) => {}
            Err(error) => {
                // The file refused the change: take it back out of memory so
                // the two never disagree.
                let _ = edit::apply(&mut self.project, applied.inverse);
                return Err(error.into());
            }
        }
        self.reindex(&applied.touched);
        Ok(label)
    }

    /// Takes back the last step. Returns its label.
    pub fn undo(&mut self) -> Result<String, WorkbenchError> {
        let entry = self
            .history
            .done
            .last()
            .cloned()
            .ok_or(WorkbenchError::NothingToUndo)?;
        let inverse = self.file.history_command(entry.seq, false)?;
        self.replay(entry, inverse, true)
    }

    /// Applies again the last step undone. Returns its label.
    pub fn redo(&mut self) -> Result<String, WorkbenchError> {
        let entry = self
            .history
            .undone
            .last()
            .cloned()
            .ok_or(WorkbenchError::NothingToRedo)?;
        let forward = self.file.history_command(entry.seq, true)?;
        self.replay(entry, forward, false)
    }

    fn replay(
        &mut self,
        entry: edit::HistoryEntry,
        command: Command,
        undoing: bool,
    ) -> Result<String, WorkbenchError> {
        self.as_one_step(|workbench, missed| {
            workbench.replay_own_step(entry, command, undoing, missed)
        })
    }

    fn replay_own_step(
        &mut self,
        entry: edit::HistoryEntry,
        command: Command,
        undoing: bool,
        missed: &[crate::store::shared::RemoteStep],
    ) -> Result<String, WorkbenchError> {
        self.load_needs(&edit::needs(&command))?;
        let journal_detail = command.journal_detail();
        let whole = self.command_for_server(&command);
        let applied =
            edit::apply(&mut self.project, command).map_err(|error| stale(error, missed))?;
        let change = Change {
            label: &entry.label,
            journal_detail: &journal_detail,
            touched: &applied.touched,
            coder: &self.coder.name,
            reason: "",
            command: whole.as_deref(),
        };
        if let Err(error) = self
            .file
            .record_undo_redo(&self.project, entry.seq, undoing, &change)
        {
            let _ = edit::apply(&mut self.project, applied.inverse);
            return Err(error.into());
        }
        if undoing {
            self.history.done.pop();
            self.history.undone.push(entry.clone());
        } else {
            self.history.undone.pop();
            self.history.done.push(entry.clone());
        }
        self.reindex(&applied.touched);
        Ok(entry.label)
    }

    fn reindex(&mut self, touched: &[Touched]) {
        let changed: Vec<DocumentId> = touched
            .iter()
            .filter_map(|record| match record {
                Touched::Document(id) => Some(*id),
                _ => None,
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        let updated = self
            .file
            .text_generation()
            .map_err(WorkbenchError::from)
            .and_then(|generation| {
                self.index()?;
                match &mut self.index {
                    Some(index) => index
                        .update(&self.project, &changed, generation)
                        .map_err(WorkbenchError::from),
                    None => Ok(()),
                }
            });
        // The change itself is durable; a failed index update only means the
        // next search rebuilds the index first.
        if updated.is_err() {
            self.index_stale = true;
        }
    }

    /// Runs a word or regular-expression search.
    pub fn search(&mut self, query: &Query, limit: usize) -> Result<SearchResults, WorkbenchError> {
        if query.regex {
            // A regular expression is run over every text.
            self.load_whole()?;
            return Ok(crate::index::regex_search(
                &self.project,
                &query.text,
                &query.filter,
                limit,
            )?);
        }
        if self.index_stale || self.index.is_none() {
            self.ensure_index(&mut |_, _| {})?;
        }
        if !self.is_whole() {
            if let Some(code) = query.filter.code {
                self.load_codings_of_code(code)?;
            }
            let keys = self
                .index()?
                .documents_to_read(&query.text, &query.filter, limit)?;
            let documents: Vec<DocumentId> = self
                .project
                .documents
                .keys()
                .copied()
                .filter(|id| keys.contains(&crate::index::document_key(*id)))
                .collect();
            self.load_bodies(documents)?;
        }
        self.index()?;
        let Some(index) = &self.index else {
            return Err(WorkbenchError::Invalid(
                "the search index could not be opened".to_owned(),
            ));
        };
        Ok(index.search(&self.project, &query.text, &query.filter, limit)?)
    }

    /// The journal, oldest first.
    pub fn journal(&self) -> Result<Vec<JournalRow>, WorkbenchError> {
        Ok(self.file.journal()?)
    }

    /// Links speaker label `speaker` of `document` to the participant called
    /// `participant`, creating the participant if there is none, as one step.
    pub fn link_speaker(
        &mut self,
        document: DocumentId,
        speaker: &str,
        participant: &str,
    ) -> Result<String, WorkbenchError> {
        let command = self.commands().link_speaker(document, speaker, participant);
        self.apply(command)
    }

    /// The builders of the commands users ask for, over this project and its
    /// coder; see [`CommandBuilder`].
    #[must_use]
    pub fn commands(&self) -> CommandBuilder<'_> {
        CommandBuilder::new(&self.project, &self.coder)
    }
}

fn default_coder_name() -> String {
    std::env::var("USER")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "researcher".to_owned())
}

/// Expands the paths a user named into the files to import: files as given,
/// folders walked in name order.
#[must_use]
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            files.extend(expand_paths(&entries));
        } else {
            files.push(path.clone());
        }
    }
    files
}
