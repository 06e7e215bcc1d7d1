//! How much of the project file the workbench holds in memory, and loading more
//! of it when a command or a listing needs it.
//!
//! A command-line command opens only the outline (see
//! [`crate::store::ProjectFile::load_outline`]), and before each command is
//! applied the workbench reads the bodies and codings that [`edit::needs`]
//! names, so that coding one passage of a 1,000-document project reads one
//! document's length, the code and the coder, not the whole study. The window
//! opens everything but the texts, which it reads when it first shows,
//! searches, exports or checks them.

use crate::edit::Needs;
use crate::index::{SearchIndex, index_dir};
use crate::model::{CodeId, DocumentId};
use crate::store::{Check, CodingsOf, OpenMode, ProjectFile};
use crate::workbench::{Workbench, WorkbenchError};
use std::collections::BTreeSet;
use std::path::Path;

/// Which part of the file the project in memory holds.
#[derive(Debug)]
pub(crate) enum Loaded {
    Whole,
    Outline(Parts),
}

/// What has been read beyond the outline, so that nothing is read twice.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    /// Every turn, page and coding was read at opening (the window's way):
    /// only texts are read later.
    pub(crate) all_but_texts: bool,
    bodies: BTreeSet<DocumentId>,
    coding_sets: BTreeSet<CodingSet>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CodingSet {
    Document(DocumentId),
    Code(CodeId),
    Coder(crate::model::CoderId),
}

impl Workbench {
    /// Reads the texts an autocode of `passages` widened to `extent` looks
    /// at: every passage's document, unless each is coded as it was found.
    pub fn load_texts_for_autocode(
        &mut self,
        passages: &[crate::edit::build::autocode::Passage],
        extent: crate::edit::build::autocode::Extent,
    ) -> Result<(), WorkbenchError> {
        if extent == crate::edit::build::autocode::Extent::Hit {
            return Ok(());
        }
        let documents: BTreeSet<DocumentId> =
            passages.iter().map(|passage| passage.document).collect();
        self.load_bodies(documents)
    }

    /// Opens a project for writing with only its outline in memory: for a
    /// command that changes a few records, whose cost then depends on what it
    /// touches rather than on the size of the project. Everything else works as
    /// after [`Self::open`]; what a command needs is read when it is applied, and
    /// [`Self::load_whole`] reads the rest.
    pub fn open_outline(path: &Path, coder: Option<&str>) -> Result<Self, WorkbenchError> {
        let file = ProjectFile::open_checking(path, OpenMode::ReadWrite, Check::PagesRead)?;
        Self::finish_open(file, Loaded::Outline(Parts::default()), coder, None)
    }

    /// Opens a project read-only with only its outline in memory, for a listing
    /// that reads what it shows (see [`Self::load_bodies`]).
    pub fn open_read_only_outline(path: &Path) -> Result<Self, WorkbenchError> {
        let file = ProjectFile::open_checking(path, OpenMode::ReadOnly, Check::PagesRead)?;
        Self::finish_open(file, Loaded::Outline(Parts::default()), None, None)
    }

    /// Opens a project for writing in the window: everything but the
    /// documents' texts, which [`Self::load_bodies`] reads as they are shown.
    /// An out of date search index is left for [`Self::prepare_index_rebuild`],
    /// so that the window shows the project at once.
    pub fn open_for_window(path: &Path, coder: Option<&str>) -> Result<Self, WorkbenchError> {
        Self::open_without_texts(path, coder, OpenMode::ReadWrite)
    }

    /// Opens a project for looking in the window while another process has it
    /// open, like [`Self::open_for_window`]; an index on disk that is out of date
    /// is rebuilt in memory now, as a read-only opening cannot replace it.
    pub fn open_read_only_for_window(
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Self, WorkbenchError> {
        let mut workbench = Self::open_without_texts(path, None, OpenMode::ReadOnly)?;
        if workbench.index_stale {
            workbench.ensure_index(progress)?;
        }
        Ok(workbench)
    }

    fn open_without_texts(
        path: &Path,
        coder: Option<&str>,
        mode: OpenMode,
    ) -> Result<Self, WorkbenchError> {
        // The texts are most of the file and are read as they are shown, so
        // each page is checked as it is read rather than all of them now.
        let file = ProjectFile::open_checking(path, mode, Check::PagesRead)?;
        let parts = Parts {
            all_but_texts: true,
            ..Parts::default()
        };
        let mut workbench = Self::finish_open(file, Loaded::Outline(parts), coder, None)?;
        let generation = workbench.file.text_generation()?;
        workbench.index_stale = workbench.index()?.generation() != Some(generation);
        Ok(workbench)
    }

    /// Lets go of the documents' texts, to be read again as they are needed:
    /// how the window holds a project, however it was opened or built. A
    /// project read in parts for a command-line command is left as it is.
    pub fn release_texts(&mut self) {
        match &mut self.loaded {
            Loaded::Whole => {
                self.loaded = Loaded::Outline(Parts {
                    all_but_texts: true,
                    ..Parts::default()
                });
            }
            Loaded::Outline(parts) if parts.all_but_texts => parts.bodies.clear(),
            Loaded::Outline(_) => return,
        }
        for document in self.project.documents.values_mut() {
            if document.char_count > 0 {
                document.text = std::sync::Arc::from("");
            }
        }
    }

    /// Whether the whole project is in memory. When it is not, `project()`
    /// holds the outline and only the bodies and codings loaded so far.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        matches!(self.loaded, Loaded::Whole)
    }

    /// Whether every coding, turn and page is in memory, whether or not every
    /// text is.
    pub(crate) fn holds_all_but_texts(&self) -> bool {
        match &self.loaded {
            Loaded::Whole => true,
            Loaded::Outline(parts) => parts.all_but_texts,
        }
    }

    /// Whether the text of `document` is in memory.
    #[must_use]
    pub fn has_text(&self, document: DocumentId) -> bool {
        self.project
            .documents
            .get(&document)
            .is_some_and(crate::model::Document::has_text)
    }

    /// Reads every record but the documents' texts, if only the outline is in
    /// memory: for work that compares whole projects (a merge) without
    /// reading every transcript.
    pub(crate) fn load_all_but_texts(&mut self) -> Result<(), WorkbenchError> {
        if let Loaded::Outline(parts) = &self.loaded
            && !parts.all_but_texts
        {
            let (project, _) = self.file.load_without_texts()?;
            self.project = project;
            self.loaded = Loaded::Outline(Parts {
                all_but_texts: true,
                ..Parts::default()
            });
        }
        Ok(())
    }

    /// Reads the rest of the project, if only part of it is in memory.
    pub fn load_whole(&mut self) -> Result<(), WorkbenchError> {
        match &self.loaded {
            Loaded::Whole => {}
            Loaded::Outline(parts) if parts.all_but_texts => {
                let documents: Vec<DocumentId> = self.project.documents.keys().copied().collect();
                self.load_bodies(documents)?;
                self.loaded = Loaded::Whole;
            }
            Loaded::Outline(_) => {
                // A key kept apart is only ever in memory: reading the store
                // again must not drop it.
                let held = self
                    .key_kept_apart()
                    .is_some()
                    .then(|| std::mem::take(&mut self.project.pseudonyms));
                let (mut project, _) = self.file.load()?;
                if let Some(held) = held {
                    project.pseudonyms = held;
                }
                self.project = project;
                self.loaded = Loaded::Whole;
            }
        }
        Ok(())
    }

    /// Reads the texts, turns and pages of `documents`, if not yet in memory.
    pub fn load_bodies(
        &mut self,
        documents: impl IntoIterator<Item = DocumentId>,
    ) -> Result<(), WorkbenchError> {
        let Loaded::Outline(parts) = &mut self.loaded else {
            return Ok(());
        };
        let project = &self.project;
        let missing: Vec<DocumentId> = documents
            .into_iter()
            .filter(|id| {
                // A text let go of or never brought back by a change is read
                // again, so that a view waiting for it does not wait for ever.
                project
                    .documents
                    .get(id)
                    .is_some_and(|document| parts.bodies.insert(*id) || !document.has_text())
            })
            .collect();
        self.file.load_bodies(&mut self.project, missing)?;
        Ok(())
    }

    /// Reads every coding of `code` and of the codes beneath it, if not yet in
    /// memory.
    pub fn load_codings_of_code(&mut self, code: CodeId) -> Result<(), WorkbenchError> {
        let codes: Vec<CodeId> = self
            .project
            .codes
            .keys()
            .copied()
            .filter(|each| self.project.code_is_within(*each, code))
            .collect();
        for each in codes {
            self.load_coding_set(CodingSet::Code(each))?;
        }
        Ok(())
    }

    /// Reads the codings `ids`, for builders that start from a coding (recode,
    /// resize, memo); ids the file does not hold are left out.
    pub fn load_codings(
        &mut self,
        ids: impl IntoIterator<Item = crate::model::CodingId>,
    ) -> Result<(), WorkbenchError> {
        if self.holds_all_but_texts() {
            return Ok(());
        }
        for id in ids {
            self.file
                .load_codings(&mut self.project, CodingsOf::Id(id))?;
        }
        Ok(())
    }

    /// The codings whose id starts with `prefix` (at most `limit`), read into
    /// memory: for naming a segment by the start of its id.
    pub fn codings_starting_with(
        &mut self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<crate::model::CodingId>, WorkbenchError> {
        if self.holds_all_but_texts() {
            return Ok(self
                .project
                .codings
                .keys()
                .filter(|id| id.to_string().starts_with(&prefix.to_lowercase()))
                .take(limit)
                .copied()
                .collect());
        }
        let ids = self.file.coding_ids_starting_with(prefix, limit)?;
        self.load_codings(ids.iter().copied())?;
        Ok(ids)
    }

    /// Reads every coding of `document`, if not yet in memory.
    pub fn load_codings_of_document(&mut self, document: DocumentId) -> Result<(), WorkbenchError> {
        self.load_coding_set(CodingSet::Document(document))
    }

    /// Reads the outline again, forgetting the bodies and codings read so far:
    /// after other members' steps of a shared project reached a command-line
    /// command's file, which is cheaper to read than to follow in parts.
    pub(crate) fn reread_outline(&mut self) -> Result<(), WorkbenchError> {
        let (project, _) = self.file.load_outline()?;
        self.project = project;
        self.loaded = Loaded::Outline(Parts::default());
        let generation = self.file.text_generation()?;
        self.index_stale = self.index()?.generation() != Some(generation);
        Ok(())
    }

    /// Reads what applying a command with these needs reads, if not yet in memory.
    pub(crate) fn load_needs(&mut self, needs: &Needs) -> Result<(), WorkbenchError> {
        if self.is_whole() || needs.is_empty() {
            return Ok(());
        }
        self.load_bodies(needs.bodies.iter().copied())?;
        if self.holds_all_but_texts() {
            return Ok(());
        }
        for id in &needs.codings {
            self.file
                .load_codings(&mut self.project, CodingsOf::Id(*id))?;
        }
        for id in &needs.codings_of_documents {
            self.load_coding_set(CodingSet::Document(*id))?;
        }
        for id in &needs.codings_of_codes {
            self.load_coding_set(CodingSet::Code(*id))?;
        }
        for id in &needs.codings_of_coders {
            self.load_coding_set(CodingSet::Coder(*id))?;
        }
        Ok(())
    }

    fn load_coding_set(&mut self, set: CodingSet) -> Result<(), WorkbenchError> {
        let Loaded::Outline(parts) = &mut self.loaded else {
            return Ok(());
        };
        if parts.all_but_texts || !parts.coding_sets.insert(set) {
            return Ok(());
        }
        let which = match set {
            CodingSet::Document(id) => CodingsOf::Document(id),
            CodingSet::Code(id) => CodingsOf::Code(id),
            CodingSet::Coder(id) => CodingsOf::Coder(id),
        };
        self.file.load_codings(&mut self.project, which)?;
        Ok(())
    }

    /// The search index, opened now if it was not yet: the one on disk, or for
    /// a read-only opening an empty one in memory when the one on disk was
    /// built for other texts (the caller rebuilds it).
    pub(crate) fn index(&mut self) -> Result<&mut SearchIndex, WorkbenchError> {
        let index = match self.index.take() {
            Some(index) => index,
            None => {
                let dir = index_dir(self.file.path());
                if self.file.is_read_only() {
                    let generation = self.file.text_generation()?;
                    match SearchIndex::open_existing(&dir) {
                        Some(index) if index.generation() == Some(generation) => index,
                        _ => SearchIndex::in_memory()?,
                    }
                } else {
                    match SearchIndex::open_in(&dir) {
                        Ok(index) => index,
                        Err(_) => SearchIndex::in_memory()?,
                    }
                }
            }
        };
        Ok(self.index.insert(index))
    }
}
