//! The desktop window: a Documents list on the left, the chosen transcript in
//! the middle, the codebook, coded segments and memos on the right, search
//! results below, the File, Edit, Code and View menus and a search box on
//! top, and a status bar below.
//! Every menu item, keyboard shortcut and command palette entry comes from
//! the one list of actions in `menu_items.rs`; the View menu shows, hides and
//! themes panels, and what it chose is kept between runs (`settings.rs`).
//!
//! Selected transcript text is coded from the Code menu or with single keys
//! (`C` opens the quick code picker, `I` codes in vivo, `L` applies the last
//! code again); segments and codes have right-click menus for the rest.
//!
//! The window only reads the project through [`Workbench::project`] and
//! changes it only through the workbench's commands, undo, redo and imports,
//! so everything it does is journalled and undoable like the command line.
//! Panels do not act on the app themselves: each returns an `Intent`, and
//! the app carries the actions out after the frame is drawn.

mod autocode;
mod codes;
mod colors;
mod dialogs;
mod documents;
mod file_actions;
mod intent;
mod jobs;
mod memos;
mod menu_bar;
mod menu_items;
mod palette;
mod participants;
mod path_prompt;
mod path_purpose;
mod picker;
mod player_bar;
mod rows;
mod search_panel;
mod segments;
mod settings;
mod start_screen;
mod status_bar;
mod texts;
mod themes;
mod transcript;

use crate::edit::Command;
use crate::model::{CodeId, CodingId, DocumentId};
use crate::workbench::{Workbench, WorkbenchError};
use codes::CodesPanel;
use documents::DocumentsPanel;
use file_actions::Opened;
use intent::{Dialog, Intent, Picked, PickerPurpose, SegmentAction};
use path_prompt::PathPrompt;
use path_purpose::PathPurpose;
use picker::CodePicker;
use search_panel::SearchOutcome;
use std::path::{Path, PathBuf};
use transcript::TranscriptPanel;

pub use settings::{Layout, Panel, Theme, UiState};

/// How many hits a search lists at most.
const SEARCH_LIMIT: usize = 200;
/// How many hits "Code all hits…" codes at most.
const AUTOCODE_LIMIT: usize = 100_000;
/// From this many passages on, an autocode is worked out off the UI thread.
const AUTOCODE_IN_BACKGROUND: usize = 1_000;

/// Where the demo project lives: `$XDG_DATA_HOME/polyphony/demo.polyphony`,
/// or `$HOME/.local/share/polyphony/demo.polyphony` when that is not set.
#[must_use]
pub fn demo_project_path() -> PathBuf {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        })
        // Without a home there is nowhere better that is surely writable.
        .unwrap_or_else(std::env::temp_dir);
    data_home.join("polyphony").join("demo.polyphony")
}

/// Opens the window on `project`, or on the demo project (built first if it
/// is not there yet) when none is given. A project that cannot be opened is
/// reported in the window, which then offers to open another.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Polyphony")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([640.0, 400.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Polyphony",
        options,
        Box::new(move |cc| Ok(Box::new(PolyphonyApp::starting(project, cc.storage)))),
    )
    .map_err(|error| anyhow::anyhow!("could not open the Polyphony window: {error}"))
}

/// The Polyphony window.
pub struct PolyphonyApp {
    workbench: Option<Workbench>,
    /// Changes whenever the project may have: panels keep what they worked
    /// out from the project until it moves on.
    revision: u64,
    selected_document: Option<DocumentId>,
    selected_code: Option<CodeId>,
    documents: DocumentsPanel,
    codes: CodesPanel,
    segments: segments::SegmentsPanel,
    /// What the Segments and Search panels' speaker and attribute filters
    /// offer, for the revision it was worked out for.
    filter_choices: segments::FilterChoices,
    transcript: TranscriptPanel,
    search_text: String,
    search: Option<SearchOutcome>,
    search_form: search_panel::SearchForm,
    autocode: Option<autocode::AutocodeWindow>,
    memos: memos::MemosPanel,
    path_prompt: Option<PathPrompt>,
    picker: Option<CodePicker>,
    dialog: Option<Dialog>,
    /// Whether the dialog's text field is yet to take the keyboard.
    dialog_focus: bool,
    /// The code applied to a selection last, for "Apply last code".
    last_code: Option<CodeId>,
    /// What went wrong last, shown until dismissed.
    error: Option<String>,
    /// What the last import or open did, shown until dismissed.
    notice: Option<String>,
    /// Whether file actions try the desktop's dialog before the typed path.
    native_dialogs: bool,
    shown_title: Option<String>,
    /// What the window keeps between runs (layout, zoom, theme).
    ui_state: UiState,
    /// The theme and zoom last given to egui, to set them only on change.
    applied_style: Option<(Theme, f32)>,
    palette: Option<palette::Palette>,
    /// Whether the search box is to take the keyboard next frame.
    focus_search: bool,
    /// The name typed in the "Who is coding?" window while it is open.
    coder_prompt: Option<String>,
    /// Work running on a worker thread, shown in the status bar.
    job: Option<jobs::Job>,
    /// Whether a word search waits for the index rebuild to finish.
    search_waits_for_index: bool,
    /// The code of an autocode being worked out on a worker thread.
    pending_autocode: Option<crate::workbench::autocode::AutocodePlan>,
    /// The themes board, map, comments and review mode.
    themes: themes::ThemeWork,
    /// The shown document's recording, when it has one.
    media: player_bar::MediaState,
    /// The Participants window, while it is open.
    participants: Option<participants::ParticipantsWindow>,
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
            search_text: String::new(),
            search: None,
            search_form: search_panel::SearchForm::default(),
            autocode: None,
            memos: memos::MemosPanel::default(),
            path_prompt: None,
            picker: None,
            dialog: None,
            dialog_focus: false,
            last_code: None,
            error: None,
            notice: None,
            native_dialogs: true,
            shown_title: None,
            ui_state: UiState::default(),
            applied_style: None,
            palette: None,
            focus_search: false,
            coder_prompt: None,
            job: None,
            search_waits_for_index: false,
            pending_autocode: None,
            themes: themes::ThemeWork::default(),
            media: player_bar::MediaState::default(),
            participants: None,
        }
    }

    /// The window as `run` opens it: on `project`, else on the project open
    /// when the window last closed (with its document chosen again), else on
    /// the demo project (built first if it is not there yet). A project that
    /// cannot be opened is reported in the window, which then offers another.
    fn starting(project: Option<PathBuf>, storage: Option<&dyn eframe::Storage>) -> Self {
        let mut app = PolyphonyApp::new(None).with_saved_state(storage);
        let remembered = app
            .ui_state
            .project
            .clone()
            .filter(|path| project.is_none() && path.is_file());
        let opened = match (&project, &remembered) {
            (Some(path), _) | (None, Some(path)) => file_actions::open_project(path),
            (None, None) => file_actions::open_or_build_demo(&demo_project_path()),
        };
        match opened {
            Ok(opened) => {
                app.install(opened);
                let documents = app
                    .workbench
                    .as_ref()
                    .map(|bench| bench.project().documents_by_name())
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
        Self::starting(Some(project.to_path_buf()), None)
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
            Some(workbench) => format!("Polyphony — {}", project_name(workbench.path())),
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
        state.project = self
            .workbench
            .as_ref()
            .map(|workbench| workbench.path().to_path_buf());
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
        self.coder_prompt.is_some()
    }

    fn install(&mut self, opened: Opened) {
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
        self.selected_document = None;
        self.selected_code = None;
        self.picker = None;
        self.dialog = None;
        self.last_code = None;
        self.search = None;
        self.transcript.clear_mark();
        self.revision += 1;
        self.coder_prompt = None;
        self.search_waits_for_index = false;
        self.pending_autocode = None;
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
    fn maybe_ask_coder(&mut self) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        if workbench.is_read_only() || self.ui_state.coder_asked.contains(workbench.path()) {
            return;
        }
        let name = workbench.coder().name.clone();
        if name == file_actions::default_coder(None) || name == "researcher" {
            self.coder_prompt = Some(name);
        }
    }

    /// Remembers that the open project's coder has been asked.
    fn coder_answered(&mut self) {
        self.coder_prompt = None;
        if let Some(workbench) = &self.workbench {
            self.ui_state
                .coder_asked
                .insert(workbench.path().to_path_buf());
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one arm per window action; to be split into handlers by concern (issue 11)"
    )]
    fn handle(&mut self, action: Intent, ctx: &egui::Context) {
        match action {
            Intent::SelectDocument(document) => {
                self.selected_document = Some(document);
                self.transcript.clear_mark();
            }
            Intent::Reveal {
                document,
                start,
                end,
            } => self.reveal(document, start, end),
            Intent::SelectCode(code) => self.selected_code = Some(code),
            Intent::OpenParticipants => {
                self.participants
                    .get_or_insert_with(participants::ParticipantsWindow::default);
            }
            Intent::CloseParticipants => self.participants = None,
            Intent::Undo => self.step_history(Workbench::undo),
            Intent::Redo => self.step_history(Workbench::redo),
            Intent::Search(text) => {
                self.ui_state.layout.search = true;
                self.search(text);
            }
            Intent::CloseSearch => self.search = None,
            Intent::RunSearch => {
                self.ui_state.layout.search = true;
                self.run_search();
            }
            Intent::AutocodeHits => self.open_autocode_hits(),
            Intent::AutocodeSpeaker(speaker) => self.open_autocode_speaker(speaker),
            Intent::SubmitAutocode => self.submit_autocode(),
            Intent::CloseAutocode => self.autocode = None,
            Intent::NewMemo(target) => self.new_memo(target),
            Intent::SaveMemo { id, title, body } => {
                let command = self.with_open_workbench(|bench| {
                    let memo = bench.project().memos.get(&id).ok_or_else(|| {
                        WorkbenchError::Invalid("that memo was deleted".to_owned())
                    })?;
                    Ok(Command::UpdateMemo {
                        id,
                        title: title.trim().to_owned(),
                        body,
                        target: memo.target,
                        updated_at: crate::workbench::now_ms(),
                    })
                });
                self.apply_command(command);
            }
            Intent::DeleteMemo(id) => {
                self.apply_command(Ok(Command::RemoveMemo { id }));
            }
            Intent::ChoosePath(purpose) => self.choose_path(purpose),
            Intent::TypePath(purpose) => self.open_path_prompt(purpose),
            Intent::SubmitPaths {
                purpose,
                paths,
                coder,
            } => {
                if self.submit(purpose, &paths, &coder) {
                    self.path_prompt = None;
                }
            }
            Intent::CancelPathPrompt => self.path_prompt = None,
            Intent::OpenDemo => match file_actions::open_or_build_demo(&demo_project_path()) {
                Ok(opened) => self.install(opened),
                Err(error) => self.error = Some(error),
            },
            Intent::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Intent::DismissError => self.error = None,
            Intent::DismissNotice => self.notice = None,
            Intent::OpenPicker(purpose) => self.open_picker(purpose),
            Intent::Picked { purpose, picked } => {
                self.picker = None;
                self.picked(purpose, picked);
            }
            Intent::ClosePicker => self.picker = None,
            Intent::InVivo => self.code_selection(Workbench::in_vivo_command),
            Intent::ApplyLastCode => self.apply_last_code(),
            Intent::Uncode(coding) => {
                self.apply_command(Ok(Command::RemoveCoding { id: coding }));
            }
            Intent::EditMemo(coding) => self.open_memo(coding),
            Intent::ResizeSegment(coding) => self.resize_segment(coding),
            Intent::RevealSegment(coding) => self.reveal_segment(coding),
            Intent::StepSegment(step) => self.step_segment(step),
            Intent::OnCurrentSegment(action) => {
                let Some(coding) = self.transcript.current_segment() else {
                    self.error = Some(
                        "No segment is picked out: click a coding stripe, choose a segment in the Segments panel, or press ] for the next one."
                            .to_owned(),
                    );
                    return;
                };
                let next = match action {
                    SegmentAction::Uncode => Intent::Uncode(coding),
                    SegmentAction::Recode => Intent::OpenPicker(PickerPurpose::Recode(coding)),
                    SegmentAction::Resize => Intent::ResizeSegment(coding),
                    SegmentAction::Memo => Intent::EditMemo(coding),
                };
                self.handle(next, ctx);
            }
            Intent::OpenDialog(dialog) => {
                self.picker = None;
                self.dialog = Some(dialog);
                self.dialog_focus = true;
            }
            Intent::SubmitDialog => self.submit_dialog(),
            Intent::CloseDialog => self.dialog = None,
            Intent::Recolour { code, color } => {
                let command = self.with_open_workbench(|bench| {
                    bench.update_code_command(code, |code| code.color = color)
                });
                self.apply_command(command);
            }
            Intent::MoveCode { code, parent } => self.move_code(code, parent),
            Intent::MoveToTopLevel(code) => {
                let command = self.with_open_workbench(|bench| {
                    bench.update_code_command(code, |code| code.parent = None)
                });
                self.apply_command(command);
            }
            Intent::FocusSearch => self.focus_search = true,
            Intent::RebuildIndex => self.start_index_rebuild(),
            Intent::ApplyCommand {
                command,
                reason,
                close_editor,
            } => {
                let Some(workbench) = &mut self.workbench else {
                    return;
                };
                let outcome = workbench.apply_with_reason(*command, &reason);
                self.after_change();
                match outcome {
                    Ok(_) if close_editor => self.themes.saved(),
                    Ok(_) => {}
                    Err(error) => self.error = Some(error.to_string()),
                }
                if let Some(workbench) = &self.workbench {
                    self.themes.forget_missing(workbench);
                }
            }
            Intent::Complain(message) => self.error = Some(message),
            Intent::ReviewMode(true) => {
                if self.writable_workbench().is_ok() {
                    self.themes.review.start();
                    self.picker = None;
                    self.dialog = None;
                    self.palette = None;
                } else {
                    self.error = Some(
                        "Review mode saves comments in the project: open it for writing first."
                            .to_owned(),
                    );
                }
            }
            Intent::ReviewMode(false) => self.themes.review.active = false,
            Intent::OpenPalette => self.palette = Some(palette::Palette::new()),
            Intent::ClosePalette => self.palette = None,
            Intent::TogglePanel(panel) => {
                let shown = self.ui_state.layout.shown(panel);
                self.ui_state.layout.set_shown(panel, !shown);
            }
            Intent::Zoom(0) => self.ui_state.zoom = 1.0,
            Intent::Zoom(steps) => self.ui_state.step_zoom(steps),
            Intent::SetTheme(theme) => self.ui_state.theme = theme,
            Intent::AskCoder => {
                if self.workbench.is_some() {
                    self.coder_prompt = Some(self.current_coder());
                }
            }
            Intent::SetCoder(name) => {
                let Some(workbench) = &mut self.workbench else {
                    return;
                };
                match workbench.set_coder(&name) {
                    Ok(()) => {
                        self.coder_answered();
                        self.after_change();
                    }
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
            Intent::CloseCoderWindow => self.coder_answered(),
            Intent::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Intent::Media(action) => self.media_action(action),
        }
    }

    /// Runs `build` on the open workbench, or says that none is open.
    fn with_open_workbench<T>(
        &self,
        build: impl FnOnce(&Workbench) -> Result<T, WorkbenchError>,
    ) -> Result<T, WorkbenchError> {
        match &self.workbench {
            Some(workbench) => build(workbench),
            None => Err(WorkbenchError::Invalid(
                "open or create a project first".to_owned(),
            )),
        }
    }

    /// Applies a built command as one step; a failure goes to the error
    /// banner. Returns whether it was applied.
    fn apply_command(&mut self, command: Result<Command, WorkbenchError>) -> bool {
        let Some(workbench) = &mut self.workbench else {
            return false;
        };
        let outcome = command.and_then(|command| workbench.apply(command));
        self.after_change();
        match outcome {
            Ok(_) => true,
            Err(error) => {
                self.error = Some(error.to_string());
                false
            }
        }
    }

    /// The selection, or an error saying to make one.
    fn selection_or_explain(&mut self) -> Option<(DocumentId, usize, usize)> {
        let selection = self.transcript.selection();
        if selection.is_none() {
            self.error = Some(
                "Select some words in the transcript first: press and drag over them.".to_owned(),
            );
        }
        selection
    }

    fn open_picker(&mut self, purpose: PickerPurpose) {
        if purpose == PickerPurpose::ApplyToSelection && self.selection_or_explain().is_none() {
            return;
        }
        self.dialog = None;
        self.picker = Some(CodePicker::new(purpose));
    }

    /// Codes the selection with what `build` makes of it, remembering the
    /// code for "Apply last code".
    fn code_selection(
        &mut self,
        build: impl FnOnce(
            &Workbench,
            DocumentId,
            usize,
            usize,
        ) -> Result<(Command, CodeId), WorkbenchError>,
    ) {
        let Some((document, start, end)) = self.selection_or_explain() else {
            return;
        };
        let built = self.with_open_workbench(|bench| build(bench, document, start, end));
        let code = built.as_ref().ok().map(|(_, code)| *code);
        if self.apply_command(built.map(|(command, _)| command)) {
            self.last_code = code;
        }
    }

    fn apply_code(&mut self, code: CodeId) {
        self.code_selection(|bench, document, start, end| {
            let (command, _) = bench.coding_command(document, start, end, &code.to_string())?;
            Ok((command, code))
        });
    }

    fn apply_last_code(&mut self) {
        let last = self.last_code.filter(|code| {
            self.workbench
                .as_ref()
                .is_some_and(|bench| bench.project().codes.contains_key(code))
        });
        match last {
            Some(code) => self.apply_code(code),
            None => {
                self.error = Some(
                    "No code has been applied yet: code a selection first (C), then L applies that code again."
                        .to_owned(),
                );
            }
        }
    }

    fn picked(&mut self, purpose: PickerPurpose, picked: Picked) {
        match (purpose, picked) {
            (PickerPurpose::ApplyToSelection, Picked::Existing(code)) => self.apply_code(code),
            (PickerPurpose::ApplyToSelection, Picked::New(name)) => {
                self.code_selection(|bench, document, start, end| {
                    let label = format!("apply new code {}", name.trim());
                    bench.apply_new_code_command(document, start, end, &name, &label)
                });
            }
            (PickerPurpose::Recode(coding), Picked::Existing(code)) => {
                let command = self.with_open_workbench(|bench| bench.recode_command(coding, code));
                self.apply_command(command);
            }
            (PickerPurpose::Recode(coding), Picked::New(name)) => {
                let command = self
                    .with_open_workbench(|bench| bench.recode_to_new_code_command(coding, &name));
                self.apply_command(command.map(|(command, _)| command));
            }
            (PickerPurpose::MoveUnder(code), Picked::Existing(parent)) => {
                self.move_code(code, Some(parent));
            }
            (PickerPurpose::MergeInto(source), Picked::Existing(target)) => {
                let command =
                    self.with_open_workbench(|bench| bench.merge_codes_command(source, target));
                if self.apply_command(command) && self.selected_code == Some(source) {
                    self.selected_code = Some(target);
                }
            }
            (PickerPurpose::MoveUnder(_) | PickerPurpose::MergeInto(_), Picked::New(_)) => {}
        }
    }

    /// Moves code `code` under `parent` (or to the top level), refusing to
    /// move a code under itself or a code beneath it.
    fn move_code(&mut self, code: CodeId, parent: Option<CodeId>) {
        let command = self.with_open_workbench(|bench| bench.move_code_command(code, parent));
        self.apply_command(command);
    }

    /// Makes segment `coding` cover the selection.
    fn resize_segment(&mut self, coding: CodingId) {
        let Some((document, start, end)) = self.selection_or_explain() else {
            return;
        };
        let command = self.with_open_workbench(|bench| {
            bench.resize_segment_command(coding, document, start, end)
        });
        if self.apply_command(command) {
            self.transcript.set_current_segment(Some(coding));
        }
    }

    /// Shows segment `coding` in its transcript, selected, as the segment
    /// the keyboard's segment actions work on.
    /// Reads the texts panels asked for while drawing this frame, and draws
    /// again to show them.
    fn read_wanted_texts(&mut self, ctx: &egui::Context) {
        let wanted = texts::take_wanted(ctx);
        if wanted.is_empty() {
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.load_bodies(wanted) {
            Ok(()) => ctx.request_repaint(),
            Err(error) => self.error = Some(format!("Could not read a transcript: {error}")),
        }
    }

    fn reveal_segment(&mut self, coding: CodingId) {
        let Some(found) = self
            .workbench
            .as_ref()
            .and_then(|workbench| workbench.project().codings.get(&coding))
            .map(|coding| (coding.document, coding.start, coding.end))
        else {
            self.error = Some("That segment is no longer coded.".to_owned());
            return;
        };
        let (document, start, end) = found;
        self.reveal(document, start, end);
        self.transcript.select(document, start, end);
        self.transcript.set_current_segment(Some(coding));
    }

    /// Picks out the segment after (or before) the current one in the open
    /// transcript, in reading order, wrapping round at the ends.
    fn step_segment(&mut self, step: i32) {
        let (Some(workbench), Some(document)) = (&self.workbench, self.selected_document) else {
            return;
        };
        let codings: Vec<CodingId> = workbench
            .project()
            .codings_in(document)
            .into_iter()
            .map(|coding| coding.id)
            .collect();
        if codings.is_empty() {
            self.notice = Some("This transcript has no coded segments yet.".to_owned());
            return;
        }
        let current = self
            .transcript
            .current_segment()
            .and_then(|coding| codings.iter().position(|c| *c == coding));
        let count = codings.len();
        let next = match (current, step < 0) {
            (None, false) => 0,
            (None, true) => count - 1,
            (Some(at), false) => (at + 1) % count,
            (Some(at), true) => (at + count - 1) % count,
        };
        self.reveal_segment(codings[next]);
    }

    fn open_memo(&mut self, coding: CodingId) {
        let Some(project) = self.workbench.as_ref().map(Workbench::project) else {
            return;
        };
        let Some(segment) = project.segment(&coding) else {
            self.error = Some("That segment is no longer coded.".to_owned());
            return;
        };
        self.picker = None;
        self.dialog = Some(Dialog::Memo {
            coding,
            code_name: segment.code.name.clone(),
            memo: segment.coding.memo.clone(),
        });
        self.dialog_focus = true;
    }

    fn submit_dialog(&mut self) {
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        let command = self.with_open_workbench(|bench| match &dialog {
            Dialog::NewCode { parent, name } => bench
                .new_code_command(name, *parent)
                .map(|(command, _)| command),
            Dialog::Rename { code, name } => {
                bench.update_code_command(*code, |code| code.name = name.trim().to_owned())
            }
            Dialog::Describe {
                code, description, ..
            } => bench.update_code_command(*code, |code| {
                code.description = description.trim().to_owned();
            }),
            Dialog::Memo { coding, memo, .. } => bench.segment_memo_command(*coding, memo),
            Dialog::ConfirmDelete { code, .. } => Ok(Command::RemoveCode { id: *code }),
        });
        if !self.apply_command(command) {
            // Keep what was typed so it can be put right.
            if !matches!(dialog, Dialog::ConfirmDelete { .. }) {
                self.dialog = Some(dialog);
            }
        }
    }

    fn reveal(&mut self, document: DocumentId, start: usize, end: usize) {
        let exists = self
            .workbench
            .as_ref()
            .is_some_and(|workbench| workbench.project().documents.contains_key(&document));
        if exists {
            self.selected_document = Some(document);
            self.transcript.reveal(start, end);
            // A passage is shown in its transcript, whatever tab was open.
            self.themes.view = themes::CentralView::Transcript;
        } else {
            self.error = Some(
                "That document is no longer in the project (it was undone or removed); search again."
                    .to_owned(),
            );
        }
    }

    fn step_history(
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
    fn after_change(&mut self) {
        self.revision += 1;
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

    fn search(&mut self, text: String) {
        self.search_form.text = text;
        self.run_search();
    }

    /// Runs the Search panel's query; a query that cannot be read is shown
    /// in the panel in words.
    fn run_search(&mut self) {
        let query = self.search_form.query();
        let stale = self
            .workbench
            .as_ref()
            .is_some_and(Workbench::index_is_stale);
        if stale && !query.regex {
            // Words need the index: search once it is rebuilt, off this thread.
            self.search_waits_for_index = true;
            self.start_index_rebuild();
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let results = workbench
            .search(&query, SEARCH_LIMIT)
            .map_err(|error| error.to_string());
        self.search = Some(SearchOutcome {
            query: query.text.clone(),
            asked: query,
            results,
        });
    }

    /// Writes an empty memo on `target` by the current coder, titled by
    /// what it is on and when, and opens it in the Memos panel.
    fn new_memo(&mut self, target: crate::model::Target) {
        let now = crate::workbench::now_ms();
        let command = self.with_open_workbench(|bench| {
            let kind = match target {
                crate::model::Target::Project => "Journal entry",
                _ => "Memo",
            };
            Ok(crate::model::Memo {
                id: crate::model::MemoId::new(),
                title: format!("{kind} {}", memos::date(now)),
                body: String::new(),
                author: bench.coder().id,
                target,
                created_at: now,
                updated_at: now,
            })
        });
        let id = command.as_ref().ok().map(|memo| memo.id);
        if self.apply_command(command.map(|memo| Command::CreateMemo { memo }))
            && let (Some(id), Some(bench)) = (id, &self.workbench)
        {
            self.ui_state.layout.memos = true;
            self.memos.edit(bench.project(), id);
        }
    }

    /// Opens the Autocode window on every hit of the last search: all of
    /// them, not only the ones listed when the list was cut short.
    fn open_autocode_hits(&mut self) {
        let Some(SearchOutcome {
            query,
            asked,
            results: Ok(results),
        }) = &self.search
        else {
            self.error = Some("Search first: Code all hits… codes the hits listed.".to_owned());
            return;
        };
        let mut hits = results.hits.clone();
        if results.truncated
            && let Some(workbench) = &mut self.workbench
        {
            match workbench.search(asked, AUTOCODE_LIMIT) {
                Ok(all) => hits = all.hits,
                Err(error) => {
                    self.error = Some(error.to_string());
                    return;
                }
            }
        }
        let passages: Vec<_> = hits
            .iter()
            .map(|hit| crate::workbench::autocode::Passage {
                document: hit.document,
                start: hit.start,
                end: hit.end,
            })
            .collect();
        let noun = if passages.len() == 1 { "hit" } else { "hits" };
        let what = format!("the {} {noun} of “{query}”", passages.len());
        self.autocode = Some(autocode::AutocodeWindow::new(what, passages));
    }

    fn open_autocode_speaker(&mut self, speaker: String) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let passages = crate::workbench::autocode::speaker_turns(workbench.project(), &speaker);
        let what = format!("every turn of {speaker} ({})", passages.len());
        let mut window = autocode::AutocodeWindow::new(what, passages);
        window.extent = crate::workbench::autocode::Extent::Turn;
        window.exclude_interviewers = false;
        self.autocode = Some(window);
    }

    /// Codes what the Autocode window chose, as one step. Many passages are
    /// worked out on a worker thread, with progress and Cancel, and applied
    /// when it is done.
    fn submit_autocode(&mut self) {
        let Some(window) = self.autocode.take() else {
            return;
        };
        let Some(code) = window.chosen_code() else {
            self.error = Some("Choose a code, or type a new code's name.".to_owned());
            self.autocode = Some(window);
            return;
        };
        if let Some(workbench) = &mut self.workbench
            && let Err(error) = workbench.load_texts_for_autocode(&window.passages, window.extent)
        {
            self.error = Some(error.to_string());
            self.autocode = Some(window);
            return;
        }
        if window.passages.len() >= AUTOCODE_IN_BACKGROUND {
            if let Some(job) = &self.job {
                self.error = Some(format!(
                    "{} is running: wait for it, or cancel it in the status bar, then try again.",
                    job.title
                ));
                self.autocode = Some(window);
                return;
            }
            let planned = self.with_open_workbench(|bench| {
                let plan = bench.autocode_plan(&code)?;
                let settings =
                    bench.autocode_settings(&plan, window.extent, window.exclude_interviewers);
                Ok((plan, settings, bench.project().clone()))
            });
            match planned {
                Ok((plan, settings, project)) => {
                    self.job = Some(jobs::Job::autocode(project, window.passages, settings));
                    self.pending_autocode = Some(plan);
                }
                Err(error) => {
                    self.error = Some(error.to_string());
                    self.autocode = Some(window);
                }
            }
            return;
        }
        let command = self.with_open_workbench(|bench| {
            bench
                .autocode_command(
                    &window.passages,
                    &code,
                    window.extent,
                    window.exclude_interviewers,
                )
                .map(|(command, _)| command)
        });
        if !self.apply_command(command) {
            self.autocode = Some(window);
        }
    }

    fn current_coder(&self) -> String {
        file_actions::default_coder(
            self.workbench
                .as_ref()
                .map(|workbench| workbench.coder().name.as_str()),
        )
    }

    fn choose_path(&mut self, purpose: PathPurpose) {
        if !self.native_dialogs {
            self.open_path_prompt(purpose);
            return;
        }
        // The dialog blocks the window while it is open, which is what a
        // modal file chooser does anyway.
        match purpose.ask_native_dialog() {
            Some(paths) => {
                let coder = self.current_coder();
                self.submit(purpose, &paths, &coder);
            }
            // Cancelled, or no dialog on this desktop: offer to type the path.
            None => self.open_path_prompt(purpose),
        }
    }

    fn open_path_prompt(&mut self, purpose: PathPurpose) {
        self.path_prompt = Some(PathPrompt::new(purpose, self.current_coder()));
    }

    /// Carries out a file action on `paths`. Returns whether it succeeded;
    /// a failure is shown as the error.
    fn submit(&mut self, purpose: PathPurpose, paths: &[PathBuf], coder: &str) -> bool {
        let outcome = self.run_file_action(purpose, paths, coder);
        self.after_change();
        match outcome {
            Ok(()) => {
                self.error = None;
                true
            }
            Err(error) => {
                self.error = Some(error);
                false
            }
        }
    }

    fn run_file_action(
        &mut self,
        purpose: PathPurpose,
        paths: &[PathBuf],
        coder: &str,
    ) -> Result<(), String> {
        let Some(first) = paths.first() else {
            return Err("no file was chosen".to_owned());
        };
        match purpose {
            PathPurpose::OpenProject => {
                if self.is_open(first) {
                    self.notice = Some(format!("{} is already open.", first.display()));
                    return Ok(());
                }
                let opened = file_actions::open_project(first)?;
                self.install(opened);
                Ok(())
            }
            PathPurpose::NewProject => {
                let coder = if coder.trim().is_empty() {
                    self.current_coder()
                } else {
                    coder.to_owned()
                };
                let opened = file_actions::create_project(first, &coder)?;
                self.install(opened);
                // The new-project window asked who is coding already.
                self.coder_answered();
                Ok(())
            }
            PathPurpose::ImportTranscripts if paths.iter().any(|path| path.is_dir()) => {
                // A folder may hold many files: read them off the UI thread.
                self.writable_workbench()?;
                if let Some(job) = &self.job {
                    return Err(format!(
                        "{} is running: wait for it, or cancel it in the status bar.",
                        job.title
                    ));
                }
                self.job = Some(jobs::Job::import_transcripts(paths));
                Ok(())
            }
            PathPurpose::ImportTranscripts => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_transcripts(workbench, paths)?);
                Ok(())
            }
            PathPurpose::ImportExchange => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_exchange(workbench, first)?);
                Ok(())
            }
            PathPurpose::ImportParticipants => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_participants(workbench, first)?);
                Ok(())
            }
            PathPurpose::ImportDocumentAttributes => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_document_attributes(workbench, first)?);
                Ok(())
            }
            PathPurpose::LinkRecording => self.link_recording(first),
            PathPurpose::ImportReviewComments => {
                let workbench = self.writable_workbench()?;
                self.notice = Some(file_actions::import_review_comments(workbench, first)?);
                Ok(())
            }
            PathPurpose::ExportReport | PathPurpose::ExportMap | PathPurpose::WriteReviewPacket => {
                let workbench = self
                    .workbench
                    .as_mut()
                    .ok_or_else(|| "open or create a project first".to_owned())?;
                if purpose != PathPurpose::ExportMap {
                    // Their quotes come from every transcript a theme draws on.
                    workbench
                        .load_whole()
                        .map_err(|error| format!("could not read the transcripts: {error}"))?;
                }
                let notice = match purpose {
                    PathPurpose::ExportReport => file_actions::export_report(workbench, first)?,
                    PathPurpose::ExportMap => file_actions::export_map(workbench, first)?,
                    _ => file_actions::write_review_packet(workbench, first)?,
                };
                // Written: the texts need not stay in memory for the views.
                workbench.release_texts();
                self.notice = Some(notice);
                Ok(())
            }
        }
    }

    fn is_open(&self, path: &Path) -> bool {
        let Some(workbench) = &self.workbench else {
            return false;
        };
        match (path.canonicalize(), workbench.path().canonicalize()) {
            (Ok(asked), Ok(open)) => asked == open,
            _ => false,
        }
    }

    fn writable_workbench(&mut self) -> Result<&mut Workbench, String> {
        self.workbench
            .as_mut()
            .ok_or_else(|| "open or create a project first".to_owned())
    }

    /// The action whose keyboard shortcut was pressed, from the one list in
    /// `menu_items.rs`. While a text field has the keyboard only the palette and
    /// zoom keys count (the field has its own undo, and letters typed there
    /// are words, not commands); the single keys C, I and L only count when
    /// no picker or dialog is open.
    fn shortcuts(&self, ctx: &egui::Context) -> Option<Intent> {
        // Review mode has no coding controls: only text zoom works by key.
        let reviewing = self.themes.review.active;
        let typing = ctx.egui_wants_keyboard_input() || reviewing;
        let single_keys = self.picker.is_none()
            && self.dialog.is_none()
            && self.palette.is_none()
            && self.coder_prompt.is_none();
        let last_code = self.last_code_name();
        let available = self.availability(last_code.as_deref());
        menu_items::pressed(ctx, &available, typing, single_keys)
            .filter(|action| !reviewing || *action != menu_items::MenuItem::CommandPalette)
            .filter(|action| action.enabled(&available))
            .map(menu_items::MenuItem::intent)
    }

    /// Takes the background job's result when it has one: a finished read is
    /// imported as one step, a cancelled one leaves the project unchanged.
    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(finished) = self.job.as_ref().and_then(jobs::Job::poll) else {
            if self.job.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            return;
        };
        let kind = self.job.take().map(|job| job.kind);
        match finished {
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::IndexRebuild) => {
                self.search_waits_for_index = false;
                self.notice = Some(
                    "Rebuilding the search index was cancelled; a word search will start it again."
                        .to_owned(),
                );
            }
            jobs::Finished::Cancelled if kind == Some(jobs::JobKind::Autocode) => {
                self.pending_autocode = None;
                self.notice = Some("Autocode cancelled: nothing was coded.".to_owned());
            }
            jobs::Finished::Cancelled => {
                self.notice = Some("Import cancelled: the project is unchanged.".to_owned());
            }
            jobs::Finished::Autocoded(codings) => {
                if let Some(plan) = self.pending_autocode.take() {
                    let command = plan.command(codings).map(|(command, _)| command);
                    self.apply_command(command);
                }
            }
            jobs::Finished::IndexRebuilt(outcome) => {
                let taken_up = outcome.and_then(|()| {
                    self.workbench.as_mut().map_or(Ok(()), |workbench| {
                        workbench.index_rebuilt().map_err(|error| error.to_string())
                    })
                });
                match taken_up {
                    Err(error) => {
                        self.search_waits_for_index = false;
                        self.error =
                            Some(format!("The search index could not be rebuilt: {error}"));
                    }
                    Ok(()) if self.search_waits_for_index => {
                        self.search_waits_for_index = false;
                        self.run_search();
                    }
                    Ok(()) => {}
                }
            }
            jobs::Finished::Read { transcripts } => {
                let outcome = self.writable_workbench().and_then(|workbench| {
                    file_actions::import_read_transcripts(workbench, transcripts)
                });
                self.after_change();
                match outcome {
                    Ok(notice) => self.notice = Some(notice),
                    Err(error) => self.error = Some(error),
                }
            }
        }
    }

    /// Starts rebuilding the search index on a worker thread, unless a
    /// rebuild is running already.
    fn start_index_rebuild(&mut self) {
        if let Some(job) = &self.job {
            if job.kind != jobs::JobKind::IndexRebuild {
                self.error = Some(format!(
                    "{} is running: wait for it, or cancel it in the status bar, then try again.",
                    job.title
                ));
            }
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.prepare_index_rebuild() {
            Ok(rebuild) => self.job = Some(jobs::Job::rebuild_index(rebuild)),
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Whether work is running on a worker thread.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// The name of the code applied last, if it is still there.
    fn last_code_name(&self) -> Option<String> {
        let code = self.last_code?;
        let project = self.workbench.as_ref()?.project();
        project.codes.get(&code).map(|code| code.name.clone())
    }

    /// What decides which actions can be used now.
    fn availability<'a>(&'a self, last_code: Option<&'a str>) -> menu_items::Availability<'a> {
        availability(
            self.workbench.as_ref(),
            &self.transcript,
            (self.selected_document.is_some(), self.media.is_ready()),
            last_code,
        )
    }

    /// Gives egui the chosen theme and text zoom when they change.
    fn apply_style(&mut self, ctx: &egui::Context) {
        let wanted = (self.ui_state.theme, self.ui_state.zoom);
        if self.applied_style == Some(wanted) {
            return;
        }
        // Zoom keys are handled by the list of actions, within 80–200%.
        ctx.options_mut(|options| options.zoom_with_keyboard = false);
        let (theme, zoom) = wanted;
        let egui_theme = if theme == Theme::Light {
            egui::Theme::Light
        } else {
            egui::Theme::Dark
        };
        ctx.set_visuals_of(egui_theme, theme.visuals());
        ctx.set_theme(egui_theme);
        ctx.set_zoom_factor(zoom);
        self.applied_style = Some(wanted);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if self.shown_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }

    fn messages(&self, ui: &mut egui::Ui, actions: &mut Vec<Intent>) {
        if let Some(error) = &self.error {
            let color = ui.visuals().error_fg_color;
            egui::Frame::new()
                .fill(color.gamma_multiply(0.12))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.colored_label(color, error);
                    if ui.button("Dismiss").clicked() {
                        actions.push(Intent::DismissError);
                    }
                });
        }
        if let Some(notice) = &self.notice {
            egui::Frame::new()
                .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(notice);
                    if ui.button("OK").clicked() {
                        actions.push(Intent::DismissNotice);
                    }
                });
        }
    }
}

impl eframe::App for PolyphonyApp {
    #[expect(
        clippy::too_many_lines,
        reason = "the frame's panels in order; to be split with the window (issue 11)"
    )]
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.update_title(&ctx);
        self.apply_style(&ctx);
        self.poll_job(&ctx);
        self.sync_media();
        let mut actions: Vec<Intent> = self.shortcuts(&ctx).into_iter().collect();

        let last_code = self.last_code_name();
        let reviewing = self.themes.review.active && self.workbench.is_some();
        if !reviewing {
            egui::Panel::top("menu-bar").show(ui, |ui| {
                let state = menu_bar::MenuState {
                    available: availability(
                        self.workbench.as_ref(),
                        &self.transcript,
                        (self.selected_document.is_some(), self.media.is_ready()),
                        last_code.as_deref(),
                    ),
                    layout: &self.ui_state.layout,
                    theme: self.ui_state.theme,
                    search_text: &mut self.search_text,
                    focus_search: std::mem::take(&mut self.focus_search),
                };
                actions.extend(menu_bar::show(ui, state));
            });
        }
        if self.error.is_some() || self.notice.is_some() {
            egui::Panel::top("messages").show(ui, |ui| self.messages(ui, &mut actions));
        }
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let selected = self
                .transcript
                .selection()
                .map(|(_, start, end)| end - start);
            if let Some(job) = &self.job {
                ui.horizontal(|ui| {
                    if jobs::show(ui, job) {
                        actions.push(Intent::CancelJob);
                    }
                });
            }
            actions.extend(status_bar::show(ui, self.workbench.as_ref(), selected));
        });
        if reviewing && let Some(workbench) = &self.workbench {
            egui::CentralPanel::default().show(ui, |ui| {
                actions.extend(themes::show_review(ui, &mut self.themes.review, workbench));
            });
        } else if self.search.is_some() && self.ui_state.layout.search {
            let project = self
                .workbench
                .as_ref()
                .map(|workbench| (workbench.project(), self.revision));
            let shown = egui::Panel::bottom("search-results")
                .resizable(true)
                .default_size(self.ui_state.layout.search_height)
                .show(ui, |ui| {
                    actions.extend(search_panel::show(
                        ui,
                        &mut self.search_form,
                        self.search.as_ref(),
                        project,
                        &mut self.filter_choices,
                    ));
                });
            self.ui_state.layout.search_height = shown.response.rect.height();
        }
        match &self.workbench {
            Some(_) if reviewing => {}
            Some(workbench) => {
                let project = workbench.project();
                let layout = &mut self.ui_state.layout;
                if layout.documents {
                    resizable_panel(
                        ui,
                        egui::Panel::left("documents"),
                        &mut layout.documents_width,
                        |ui| {
                            actions.extend(self.documents.show(
                                ui,
                                project,
                                self.revision,
                                self.selected_document,
                            ));
                        },
                    );
                }
                if layout.codes {
                    resizable_panel(
                        ui,
                        egui::Panel::right("codes"),
                        &mut layout.codes_width,
                        |ui| {
                            actions.extend(self.codes.show(
                                ui,
                                project,
                                self.revision,
                                self.selected_code,
                            ));
                        },
                    );
                }
                if layout.memos {
                    resizable_panel(
                        ui,
                        egui::Panel::right("memos"),
                        &mut layout.memos_width,
                        |ui| {
                            actions.extend(self.memos.show(
                                ui,
                                project,
                                self.revision,
                                (self.selected_document, self.selected_code),
                            ));
                        },
                    );
                }
                if layout.segments {
                    resizable_panel(
                        ui,
                        egui::Panel::right("segments"),
                        &mut layout.segments_width,
                        |ui| {
                            actions.extend(self.segments.show(
                                ui,
                                project,
                                self.revision,
                                (self.selected_code, self.transcript.selection()),
                                &mut self.filter_choices,
                            ));
                        },
                    );
                }
                egui::CentralPanel::default().show(ui, |ui| {
                    self.themes.tabs(ui, workbench, self.revision);
                    if self.themes.view == themes::CentralView::Transcript {
                        actions.extend(player_bar::show(ui, &self.media));
                        self.transcript.window_open =
                            self.picker.is_some() || self.dialog.is_some();
                        actions.extend(self.transcript.show(
                            ui,
                            project,
                            self.selected_document,
                            self.revision,
                        ));
                    } else {
                        actions.extend(self.themes.show_central(ui, workbench, self.revision));
                    }
                });
                actions.extend(self.themes.windows(&ctx, workbench, self.revision));
                if let Some(picker) = &mut self.picker {
                    actions.extend(picker.show(&ctx, project));
                }
                if let Some(window) = &mut self.autocode {
                    actions.extend(autocode::show(&ctx, window, project));
                }
                if let Some(dialog) = &mut self.dialog {
                    actions.extend(dialogs::show(&ctx, dialog, &mut self.dialog_focus));
                }
                if let Some(window) = &mut self.participants {
                    actions.extend(window.show(&ctx, project, self.revision));
                }
            }
            None => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(start_screen::show(ui));
                });
            }
        }
        if let Some(prompt) = &mut self.path_prompt {
            actions.extend(prompt.show(&ctx));
        }
        if let Some(name) = &mut self.coder_prompt {
            actions.extend(status_bar::coder_window(&ctx, name));
        }
        if let Some(mut palette) = self.palette.take() {
            let available = self.availability(last_code.as_deref());
            actions.extend(palette.show(&ctx, &available));
            self.palette = Some(palette);
        }
        if !actions.is_empty() {
            for action in actions {
                self.handle(action, &ctx);
            }
            // The frame was drawn before the actions changed anything.
            ctx.request_repaint();
        }
        self.read_wanted_texts(&ctx);
    }

    /// Keeps the layout, zoom, theme, open project and chosen document in
    /// eframe's storage; the project itself is saved as it changes.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.ui_state());
    }
}

/// A project's name as its file is called, without `.polyphony`.
/// What decides which actions can be used now, from the app's parts (so
/// that the menu bar can borrow them while other parts are changed).
fn availability<'a>(
    workbench: Option<&'a Workbench>,
    transcript: &TranscriptPanel,
    (document, recording): (bool, bool),
    last_code: Option<&'a str>,
) -> menu_items::Availability<'a> {
    let history = workbench.map(Workbench::history);
    menu_items::Availability {
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

fn project_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// Shows a resizable side panel at the width the user left it, and notes the
/// width it has now so the layout can be kept between runs.
fn resizable_panel(
    ui: &mut egui::Ui,
    panel: egui::Panel,
    width: &mut f32,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let shown = panel
        .resizable(true)
        .default_size(*width)
        .show(ui, add_contents);
    *width = shown.response.rect.width();
}
