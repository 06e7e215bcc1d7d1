//! The window's state: the open workbench, what is chosen in it, each
//! panel's view state, the one modal window and the messages; how it is
//! built, the accessors tests read, and the few steps every handler shares
//! (apply a command, step the history, forget choices a change took away).

use crate::edit::Command;
use crate::gui::codes::CodesPanel;
use crate::gui::documents::DocumentsPanel;
use crate::gui::file_actions::{self, Opened};
use crate::gui::menu_items::Availability;
use crate::gui::modal::{Modal, ModalKind};
use crate::gui::player_bar::MediaState;
use crate::gui::search_panel;
use crate::gui::transcript::TranscriptPanel;
use crate::gui::{
    Theme, UiState, autocode, demo_project_path, jobs, memos, participants, segments, settings,
    themes,
};
use crate::media::{OutputOpener, PlayerStatus};
use crate::model::{CodeId, DocumentId};
use crate::workbench::{Workbench, WorkbenchError};
use std::path::Path;

/// The Polyphony window.
pub struct PolyphonyApp {
    pub(super) workbench: Option<Workbench>,
    /// Changes whenever the project may have: panels keep what they worked
    /// out from the project until it moves on.
    pub(super) revision: u64,
    pub(super) selected_document: Option<DocumentId>,
    pub(super) selected_code: Option<CodeId>,
    pub(super) documents: DocumentsPanel,
    pub(super) codes: CodesPanel,
    pub(super) segments: segments::SegmentsPanel,
    /// What the Segments and Search panels' speaker and attribute filters
    /// offer, for the revision it was worked out for.
    pub(super) filter_choices: segments::FilterChoices,
    pub(super) transcript: TranscriptPanel,
    /// The search box, the Search panel's form and the last search.
    pub(super) search: search_panel::SearchState,
    pub(super) autocode: Option<autocode::AutocodeWindow>,
    pub(super) memos: memos::MemosPanel,
    /// The code picker, dialog, palette, typed path or coder prompt open,
    /// one at most.
    pub(super) modal: Option<Modal>,
    /// The code applied to a selection last, for "Apply last code".
    pub(super) last_code: Option<CodeId>,
    /// What went wrong last, shown until dismissed.
    pub(super) error: Option<String>,
    /// What the last import or open did, shown until dismissed.
    pub(super) notice: Option<String>,
    /// Whether file actions try the desktop's dialog before the typed path.
    pub(super) native_dialogs: bool,
    pub(super) shown_title: Option<String>,
    /// What the window keeps between runs (layout, zoom, theme).
    pub(super) ui_state: UiState,
    /// The theme and zoom last given to egui, to set them only on change.
    pub(super) applied_style: Option<(Theme, f32)>,
    /// Work running on a worker thread, shown in the status bar.
    pub(super) job: Option<jobs::Job>,
    /// The code of an autocode being worked out on a worker thread.
    pub(super) pending_autocode: Option<crate::workbench::autocode::AutocodePlan>,
    /// The themes board, map, comments and review mode.
    pub(super) themes: themes::ThemeWork,
    /// The shown document's recording, when it has one.
    pub(super) media: MediaState,
    /// The Participants window, while it is open.
    pub(super) participants: Option<participants::ParticipantsWindow>,
    /// The Study tables window, while it is open.
    pub(super) tables: Option<crate::gui::tables::TablesWindow>,
    /// The Pseudonym key window, while it is open.
    pub(super) pseudonym_key: Option<crate::gui::pseudonym_key::PseudonymKeyWindow>,
    /// How the window's exports use the pseudonym key.
    pub(super) output: crate::gui::pseudonym_key::OutputChoice,
    /// The project's key kept apart, once opened from its sealed file.
    pub(super) key_file: Option<crate::gui::pseudonym_key::OpenedKeyFile>,
    /// For a shared project, the thread that hears its server.
    pub(super) live: Option<crate::gui::live::Live>,
    /// The steps the "Team activity" window lists, while it is open.
    pub(super) activity: Option<Vec<crate::store::shared::JournalStep>>,
}

impl PolyphonyApp {
    /// A window on `workbench`, or a start screen offering to open or create a
    /// project when there is none.
    #[must_use]
    pub fn new(mut workbench: Option<Workbench>) -> Self {
        if let Some(workbench) = &mut workbench {
            workbench.release_texts();
        }
        Self {
            workbench,
            revision: 1,
            selected_document: None,
            selected_code: None,
            documents: DocumentsPanel::default(),
            codes: CodesPanel::default(),
            segments: segments::SegmentsPanel::default(),
            filter_choices: segments::FilterChoices::default(),
            transcript: TranscriptPanel::default(),
            search: search_panel::SearchState::default(),
            autocode: None,
            memos: memos::MemosPanel::default(),
            modal: None,
            last_code: None,
            error: None,
            notice: None,
            native_dialogs: true,
            shown_title: None,
            ui_state: UiState::default(),
            applied_style: None,
            job: None,
            pending_autocode: None,
            themes: themes::ThemeWork::default(),
            media: MediaState::default(),
            participants: None,
            tables: None,
            pseudonym_key: None,
            output: crate::gui::pseudonym_key::OutputChoice::default(),
            key_file: None,
            live: None,
            activity: None,
        }
    }

    /// The window as `run` opens it: on `project`, else on the project open
    /// when the window last closed (with its document chosen again), else on
    /// the demo project (built first if it is not there yet). A project that
    /// cannot be opened is reported in the window, which then offers another.
    pub(super) fn starting(project: Option<&Path>, storage: Option<&dyn eframe::Storage>) -> Self {
        let mut app = PolyphonyApp::new(None).with_saved_state(storage);
        let remembered = app.ui_state.project.clone().filter(|path| {
            project.is_none()
                && (path.is_file()
                    || crate::store::server::is_shared_url(&path.display().to_string()))
        });
        let opened = match (project, remembered.as_deref()) {
            (Some(path), _) | (None, Some(path)) => file_actions::open_project(path),
            (None, None) => file_actions::open_or_build_demo(&demo_project_path()),
        };
        match opened {
            Ok(opened) => {
                app.install(opened);
                let documents = app
                    .workbench
                    .as_ref()
                    .map(|workbench| workbench.project().documents_by_name())
                    .unwrap_or_default();
                app.selected_document = if remembered.is_some() {
                    app.ui_state
                        .document
                        .filter(|id| documents.iter().any(|doc| doc.id == *id))
                } else if project.is_none() {
                    // A first look at the demo should show a transcript, not
                    // an empty middle: open its first interview.
                    documents
                        .iter()
                        .find(|doc| {
                            doc.attributes.get("type").map(String::as_str) == Some("interview")
                        })
                        .or(documents.first())
                        .map(|doc| doc.id)
                } else {
                    None
                };
            }
            Err(error) => app.error = Some(error),
        }
        app
    }

    /// The window as `polyphony PROJECT` opens it, without a saved layout:
    /// the project is read (read-only when another process holds it), and no
    /// document is chosen yet.
    #[must_use]
    pub fn opening(project: &Path) -> Self {
        Self::starting(Some(project), None)
    }

    /// Makes every file action go straight to the typed-path window, without
    /// asking the desktop for a file dialog (for tests and headless use).
    #[must_use]
    pub fn without_file_dialogs(mut self) -> Self {
        self.native_dialogs = false;
        self
    }

    /// The open project's workbench.
    #[must_use]
    pub fn workbench(&self) -> Option<&Workbench> {
        self.workbench.as_ref()
    }

    /// The error the window is showing, if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The message the window is showing about the last import or open, if any.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// "Polyphony — NAME" for the open project.
    #[must_use]
    pub fn window_title(&self) -> String {
        match &self.workbench {
            Some(workbench) => format!("Polyphony — {}", project_name(&workbench.location())),
            None => "Polyphony".to_owned(),
        }
    }

    /// The selected transcript text: its document and char range.
    #[must_use]
    pub fn selection(&self) -> Option<(DocumentId, usize, usize)> {
        self.transcript.selection()
    }

    /// What the window would keep if it closed now: layout, zoom, theme, the
    /// open project and its chosen document.
    #[must_use]
    pub fn ui_state(&self) -> UiState {
        let mut state = self.ui_state.clone();
        // A shared project is remembered by its address (without the
        // password), never by this computer's copy of it.
        state.project = self.workbench.as_ref().map(Workbench::location);
        state.document = self.selected_document;
        state
    }

    /// Takes the layout, zoom and theme kept in eframe's `storage` by an
    /// earlier run ([`eframe::App::save`]); without a record, the defaults.
    #[must_use]
    pub fn with_saved_state(mut self, storage: Option<&dyn eframe::Storage>) -> Self {
        let saved: Option<UiState> =
            storage.and_then(|storage| eframe::get_value(storage, settings::STORAGE_KEY));
        self.ui_state = saved.unwrap_or_default().sanitised();
        self.applied_style = None;
        self
    }

    /// Whether the "Who is coding?" window is open.
    #[must_use]
    pub fn is_asking_coder(&self) -> bool {
        self.modal_is(ModalKind::CoderPrompt)
    }

    /// Whether work is running on a worker thread.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    pub(super) fn install(&mut self, opened: Opened) {
        // Work for the project being closed must not land in this one.
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        let mut workbench = opened.workbench;
        workbench.release_texts();
        let mut notices: Vec<String> = opened.notice.into_iter().collect();
        notices.extend(workbench.take_notices());
        self.workbench = Some(workbench);
        self.notice = (!notices.is_empty()).then(|| notices.join("\n"));
        self.participants = None;
        // The key kept apart belongs to the project that was open.
        self.key_file = None;
        self.pseudonym_key = None;
        self.selected_document = None;
        self.selected_code = None;
        // Windows on the old project's records go; the palette and a typed
        // path are about no record and stay.
        self.close_modal(&[
            ModalKind::CodePicker,
            ModalKind::Dialog,
            ModalKind::CoderPrompt,
        ]);
        self.last_code = None;
        self.search.outcome = None;
        self.transcript.clear_mark();
        self.revision += 1;
        self.search.waits_for_index = false;
        self.pending_autocode = None;
        self.refresh_theme_history();
        self.maybe_ask_coder();
        if self
            .workbench
            .as_ref()
            .is_some_and(|workbench| workbench.index_is_stale() && !workbench.is_read_only())
        {
            self.start_index_rebuild();
        }
    }

    /// Opens the "Who is coding?" window once per project, when the project's
    /// coder is only the default name (the login name or "researcher").
    pub(super) fn maybe_ask_coder(&mut self) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        if workbench.is_read_only() || self.ui_state.coder_asked.contains(workbench.path()) {
            return;
        }
        let name = workbench.coder().name.clone();
        if name == file_actions::default_coder(None) || name == "researcher" {
            self.modal = Some(Modal::CoderPrompt(name));
        }
    }

    /// Remembers that the open project's coder has been asked.
    pub(super) fn coder_answered(&mut self) {
        self.close_modal(&[ModalKind::CoderPrompt]);
        if let Some(workbench) = &self.workbench {
            self.ui_state
                .coder_asked
                .insert(workbench.path().to_path_buf());
        }
    }

    /// Runs `build` on the open workbench, or says that none is open.
    pub(super) fn with_open_workbench<T, E: Into<WorkbenchError>>(
        &self,
        build: impl FnOnce(&Workbench) -> Result<T, E>,
    ) -> Result<T, WorkbenchError> {
        match &self.workbench {
            Some(workbench) => build(workbench).map_err(Into::into),
            None => Err(WorkbenchError::Invalid(
                "open or create a project first".to_owned(),
            )),
        }
    }

    /// Applies a built command as one step; a failure goes to the error
    /// banner. Returns whether it was applied.
    pub(super) fn apply_command(
        &mut self,
        command: Result<Command, impl Into<WorkbenchError>>,
    ) -> bool {
        let Some(workbench) = &mut self.workbench else {
            return false;
        };
        let outcome = command
            .map_err(Into::into)
            .and_then(|command| workbench.apply(command));
        self.after_change();
        match outcome {
            Ok(_) => true,
            Err(error) => {
                self.error = Some(error.to_string());
                false
            }
        }
    }

    pub(super) fn step_history(
        &mut self,
        step: fn(&mut Workbench) -> Result<String, crate::workbench::WorkbenchError>,
    ) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        if let Err(error) = step(workbench) {
            self.error = Some(error.to_string());
        }
        self.after_change();
    }

    /// Drops choices that point at records a change took away.
    pub(super) fn after_change(&mut self) {
        self.revision += 1;
        // The history window shows what the project file holds, which the
        // change may have added to.
        self.refresh_theme_history();
        let Some(workbench) = &self.workbench else {
            return;
        };
        let project = workbench.project();
        if self
            .selected_document
            .is_some_and(|document| !project.documents.contains_key(&document))
        {
            self.selected_document = None;
            self.transcript.clear_mark();
        }
        if self
            .selected_code
            .is_some_and(|code| !project.codes.contains_key(&code))
        {
            self.selected_code = None;
        }
        if self
            .last_code
            .is_some_and(|code| !project.codes.contains_key(&code))
        {
            self.last_code = None;
        }
    }

    pub(super) fn current_coder(&self) -> String {
        file_actions::default_coder(
            self.workbench
                .as_ref()
                .map(|workbench| workbench.coder().name.as_str()),
        )
    }

    pub(super) fn is_open(&self, path: &Path) -> bool {
        let Some(workbench) = &self.workbench else {
            return false;
        };
        if crate::store::server::is_shared_url(&path.display().to_string()) {
            return workbench.location() == path;
        }
        match (path.canonicalize(), workbench.path().canonicalize()) {
            (Ok(asked), Ok(open)) => asked == open,
            _ => false,
        }
    }

    pub(super) fn writable_workbench(&mut self) -> Result<&mut Workbench, String> {
        self.workbench
            .as_mut()
            .ok_or_else(|| "open or create a project first".to_owned())
    }

    /// The name of the code applied last, if it is still there.
    pub(super) fn last_code_name(&self) -> Option<String> {
        let code = self.last_code?;
        let project = self.workbench.as_ref()?.project();
        project.codes.get(&code).map(|code| code.name.clone())
    }

    /// Whether the modal window open is of `kind`.
    pub(super) fn modal_is(&self, kind: ModalKind) -> bool {
        self.modal
            .as_ref()
            .is_some_and(|modal| modal.kind() == kind)
    }

    /// Closes the modal window if it is one of `kinds`; another stays open.
    pub(super) fn close_modal(&mut self, kinds: &[ModalKind]) {
        if self
            .modal
            .as_ref()
            .is_some_and(|modal| kinds.contains(&modal.kind()))
        {
            self.modal = None;
        }
    }

    /// What decides which actions can be used now.
    pub(super) fn availability<'a>(&'a self, last_code: Option<&'a str>) -> Availability<'a> {
        availability(
            self.workbench.as_ref(),
            &self.transcript,
            (self.selected_document.is_some(), self.media.is_ready()),
            last_code,
        )
    }

    /// The player's status, for tests and the status bar.
    #[must_use]
    pub fn player_status(&self) -> Option<PlayerStatus> {
        self.media.status()
    }

    /// Plays recordings through `output` instead of the machine's sound card
    /// (for tests, which must not depend on one).
    #[must_use]
    pub fn with_sound_output(mut self, output: OutputOpener) -> Self {
        self.media = MediaState::with_output(output);
        self
    }
}

/// What decides which actions can be used now, from the app's parts (so
/// that the menu bar can borrow them while other parts are changed).
pub(super) fn availability<'a>(
    workbench: Option<&'a Workbench>,
    transcript: &TranscriptPanel,
    (document, recording): (bool, bool),
    last_code: Option<&'a str>,
) -> Availability<'a> {
    let history = workbench.map(Workbench::history);
    Availability {
        project: workbench.is_some(),
        writable: workbench.is_some_and(|workbench| !workbench.is_read_only()),
        selection: transcript.selection().is_some(),
        document,
        segment: transcript.current_segment().is_some(),
        recording,
        last_code,
        undo: history.and_then(|history| history.undo_label()),
        redo: history.and_then(|history| history.redo_label()),
    }
}

/// A project's name as its file is called, without `.polyphony`.
fn project_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}
