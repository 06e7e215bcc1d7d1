//! The desktop window: a Documents list on the left, the chosen transcript in
//! the middle, the codebook and its segments on the right, a File/Edit menu
//! and a search box on top, and a status bar below.
//!
//! Selected transcript text is coded from the Code menu or with single keys
//! (`C` opens the quick code picker, `I` codes in vivo, `L` applies the last
//! code again); segments and codes have right-click menus for the rest.
//!
//! The window only reads the project through [`Workbench::project`] and
//! changes it only through the workbench's commands, undo, redo and imports,
//! so everything it does is journalled and undoable like the command line.
//! Panels do not act on the app themselves: each returns an `Action`, and
//! the app carries the actions out after the frame is drawn.

mod codes;
mod colors;
mod dialogs;
mod documents;
mod file_actions;
mod menu_bar;
mod path_prompt;
mod picker;
mod search_results;
mod start_screen;
mod status_bar;
mod transcript;

use crate::edit::Command;
use crate::index::Query;
use crate::model::{CodeId, CodingId, DocumentId};
use crate::workbench::{Workbench, WorkbenchError};
use codes::CodesPanel;
use dialogs::Dialog;
use documents::DocumentsPanel;
use file_actions::{Opened, PathPurpose};
use path_prompt::PathPrompt;
use picker::{CodePicker, Picked, PickerPurpose};
use search_results::SearchOutcome;
use std::path::{Path, PathBuf};
use transcript::TranscriptPanel;

/// How many hits a search lists at most.
const SEARCH_LIMIT: usize = 200;

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
    let opened = match &project {
        Some(path) => file_actions::open_project(path),
        None => file_actions::open_or_build_demo(&demo_project_path()),
    };
    let mut app = PolyphonyApp::new(None);
    match opened {
        Ok(opened) => {
            app.install(opened);
            if project.is_none() {
                // A first look at the demo should show a transcript, not an
                // empty middle: open its first interview.
                app.selected_document = app.workbench.as_ref().and_then(|bench| {
                    let documents = bench.project().documents_by_name();
                    documents
                        .iter()
                        .find(|doc| {
                            doc.attributes.get("type").map(String::as_str) == Some("interview")
                        })
                        .or(documents.first())
                        .map(|doc| doc.id)
                });
            }
        }
        Err(error) => app.error = Some(error),
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.window_title())
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native("Polyphony", options, Box::new(|_| Ok(Box::new(app))))
        .map_err(|error| anyhow::anyhow!("could not open the Polyphony window: {error}"))
}

/// Something the user asked for in a panel, carried out by the app once the
/// frame is drawn.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    SelectDocument(DocumentId),
    /// Show `start..end` of `document`: select it, scroll there, mark it.
    Reveal {
        document: DocumentId,
        start: usize,
        end: usize,
    },
    SelectCode(CodeId),
    Undo,
    Redo,
    Search(String),
    CloseSearch,
    /// Ask the desktop's file dialog, falling back to a typed path.
    ChoosePath(PathPurpose),
    /// Open the typed-path window straight away.
    TypePath(PathPurpose),
    SubmitPaths {
        purpose: PathPurpose,
        paths: Vec<PathBuf>,
        coder: String,
    },
    CancelPathPrompt,
    OpenDemo,
    Quit,
    DismissError,
    DismissNotice,
    /// Open the quick code picker for this purpose.
    OpenPicker(PickerPurpose),
    Picked {
        purpose: PickerPurpose,
        picked: Picked,
    },
    ClosePicker,
    /// Code the selection with a new code named by its words.
    InVivo,
    /// Code the selection with the code used last.
    ApplyLastCode,
    Uncode(CodingId),
    /// Open the memo window of a segment.
    EditMemo(CodingId),
    OpenDialog(Dialog),
    SubmitDialog,
    CloseDialog,
    Recolour {
        code: CodeId,
        color: String,
    },
    MoveToTopLevel(CodeId),
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
    transcript: TranscriptPanel,
    search_text: String,
    search: Option<SearchOutcome>,
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
}

impl PolyphonyApp {
    /// A window on `workbench`, or a start screen offering to open or create a
    /// project when there is none.
    #[must_use]
    pub fn new(workbench: Option<Workbench>) -> Self {
        Self {
            workbench,
            revision: 1,
            selected_document: None,
            selected_code: None,
            documents: DocumentsPanel::default(),
            codes: CodesPanel::default(),
            transcript: TranscriptPanel::default(),
            search_text: String::new(),
            search: None,
            path_prompt: None,
            picker: None,
            dialog: None,
            dialog_focus: false,
            last_code: None,
            error: None,
            notice: None,
            native_dialogs: true,
            shown_title: None,
        }
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

    fn install(&mut self, opened: Opened) {
        self.workbench = Some(opened.workbench);
        self.notice = opened.notice;
        self.selected_document = None;
        self.selected_code = None;
        self.picker = None;
        self.dialog = None;
        self.last_code = None;
        self.search = None;
        self.transcript.clear_mark();
        self.revision += 1;
    }

    fn handle(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::SelectDocument(document) => {
                self.selected_document = Some(document);
                self.transcript.clear_mark();
            }
            Action::Reveal {
                document,
                start,
                end,
            } => self.reveal(document, start, end),
            Action::SelectCode(code) => self.selected_code = Some(code),
            Action::Undo => self.step_history(Workbench::undo),
            Action::Redo => self.step_history(Workbench::redo),
            Action::Search(text) => self.search(text),
            Action::CloseSearch => self.search = None,
            Action::ChoosePath(purpose) => self.choose_path(purpose),
            Action::TypePath(purpose) => self.open_path_prompt(purpose),
            Action::SubmitPaths {
                purpose,
                paths,
                coder,
            } => {
                if self.submit(purpose, &paths, &coder) {
                    self.path_prompt = None;
                }
            }
            Action::CancelPathPrompt => self.path_prompt = None,
            Action::OpenDemo => match file_actions::open_or_build_demo(&demo_project_path()) {
                Ok(opened) => self.install(opened),
                Err(error) => self.error = Some(error),
            },
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::DismissError => self.error = None,
            Action::DismissNotice => self.notice = None,
            Action::OpenPicker(purpose) => self.open_picker(purpose),
            Action::Picked { purpose, picked } => {
                self.picker = None;
                self.picked(purpose, picked);
            }
            Action::ClosePicker => self.picker = None,
            Action::InVivo => self.code_selection(Workbench::in_vivo_command),
            Action::ApplyLastCode => self.apply_last_code(),
            Action::Uncode(coding) => {
                self.apply_command(Ok(Command::RemoveCoding { id: coding }));
            }
            Action::EditMemo(coding) => self.open_memo(coding),
            Action::OpenDialog(dialog) => {
                self.picker = None;
                self.dialog = Some(dialog);
                self.dialog_focus = true;
            }
            Action::SubmitDialog => self.submit_dialog(),
            Action::CloseDialog => self.dialog = None,
            Action::Recolour { code, color } => {
                let command =
                    self.built(|bench| bench.update_code_command(code, |code| code.color = color));
                self.apply_command(command);
            }
            Action::MoveToTopLevel(code) => {
                let command =
                    self.built(|bench| bench.update_code_command(code, |code| code.parent = None));
                self.apply_command(command);
            }
        }
    }

    /// Builds a command from the open workbench.
    fn built<T>(
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
        let built = self.built(|bench| build(bench, document, start, end));
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
                let command = self.built(|bench| bench.recode_command(coding, code));
                self.apply_command(command);
            }
            (PickerPurpose::Recode(coding), Picked::New(name)) => {
                let command = self.built(|bench| bench.recode_to_new_code_command(coding, &name));
                self.apply_command(command.map(|(command, _)| command));
            }
            (PickerPurpose::MoveUnder(code), Picked::Existing(parent)) => {
                let command = self.built(|bench| {
                    bench.update_code_command(code, |code| code.parent = Some(parent))
                });
                self.apply_command(command);
            }
            (PickerPurpose::MergeInto(source), Picked::Existing(target)) => {
                let command = self.built(|bench| bench.merge_codes_command(source, target));
                if self.apply_command(command) && self.selected_code == Some(source) {
                    self.selected_code = Some(target);
                }
            }
            (PickerPurpose::MoveUnder(_) | PickerPurpose::MergeInto(_), Picked::New(_)) => {}
        }
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
        let command = self.built(|bench| match &dialog {
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
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        match workbench.search(&Query::words(&text), SEARCH_LIMIT) {
            Ok(results) => {
                self.search = Some(SearchOutcome {
                    query: text,
                    results,
                });
            }
            Err(error) => self.error = Some(error.to_string()),
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

    /// Ctrl+Z and Ctrl+Shift+Z, and the single keys of the Code menu, unless
    /// a text field has the keyboard (it has its own undo for what is being
    /// typed, and letters typed there are words, not commands).
    fn shortcuts(&self, ctx: &egui::Context) -> Option<Action> {
        if self.workbench.is_none() || ctx.egui_wants_keyboard_input() {
            return None;
        }
        if self.picker.is_none() && self.dialog.is_none() {
            let single = ctx.input_mut(|input| {
                let mut key = |key| input.consume_key(egui::Modifiers::NONE, key);
                if key(egui::Key::C) {
                    Some(Action::OpenPicker(PickerPurpose::ApplyToSelection))
                } else if key(egui::Key::I) {
                    Some(Action::InVivo)
                } else if key(egui::Key::L) {
                    Some(Action::ApplyLastCode)
                } else {
                    None
                }
            });
            if single.is_some() {
                return single;
            }
        }
        let redo = egui::KeyboardShortcut::new(
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::Z,
        );
        let undo = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Z);
        // Redo first: a plain Ctrl+Z check would also match Ctrl+Shift+Z.
        ctx.input_mut(|input| {
            if input.consume_shortcut(&redo) {
                Some(Action::Redo)
            } else if input.consume_shortcut(&undo) {
                Some(Action::Undo)
            } else {
                None
            }
        })
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if self.shown_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }

    fn messages(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        if let Some(error) = &self.error {
            let color = ui.visuals().error_fg_color;
            egui::Frame::new()
                .fill(color.gamma_multiply(0.12))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.colored_label(color, error);
                    if ui.button("Dismiss").clicked() {
                        actions.push(Action::DismissError);
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
                        actions.push(Action::DismissNotice);
                    }
                });
        }
    }
}

impl eframe::App for PolyphonyApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.update_title(&ctx);
        let mut actions: Vec<Action> = self.shortcuts(&ctx).into_iter().collect();

        egui::Panel::top("menu-bar").show(ui, |ui| {
            let last_code = self.last_code.and_then(|code| {
                let project = self.workbench.as_ref()?.project();
                project.codes.get(&code).map(|code| code.name.clone())
            });
            let state = menu_bar::MenuState {
                workbench: self.workbench.as_ref(),
                search_text: &mut self.search_text,
                has_selection: self.transcript.selection().is_some(),
                last_code,
            };
            actions.extend(menu_bar::show(ui, state));
        });
        if self.error.is_some() || self.notice.is_some() {
            egui::Panel::top("messages").show(ui, |ui| self.messages(ui, &mut actions));
        }
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let selected = self
                .transcript
                .selection()
                .map(|(_, start, end)| end - start);
            status_bar::show(ui, self.workbench.as_ref(), selected);
        });
        if let Some(outcome) = &self.search {
            egui::Panel::bottom("search-results")
                .resizable(true)
                .default_size(200.0)
                .show(ui, |ui| actions.extend(search_results::show(ui, outcome)));
        }
        match &self.workbench {
            Some(workbench) => {
                let project = workbench.project();
                egui::Panel::left("documents")
                    .resizable(true)
                    .default_size(280.0)
                    .show(ui, |ui| {
                        actions.extend(self.documents.show(
                            ui,
                            project,
                            self.revision,
                            self.selected_document,
                        ));
                    });
                egui::Panel::right("codes")
                    .resizable(true)
                    .default_size(300.0)
                    .show(ui, |ui| {
                        actions.extend(self.codes.show(
                            ui,
                            project,
                            self.revision,
                            self.selected_code,
                        ));
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    self.transcript.window_open = self.picker.is_some() || self.dialog.is_some();
                    actions.extend(self.transcript.show(
                        ui,
                        project,
                        self.selected_document,
                        self.revision,
                    ));
                });
                if let Some(picker) = &mut self.picker {
                    actions.extend(picker.show(&ctx, project));
                }
                if let Some(dialog) = &mut self.dialog {
                    actions.extend(dialogs::show(&ctx, dialog, &mut self.dialog_focus));
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
        if !actions.is_empty() {
            for action in actions {
                self.handle(action, &ctx);
            }
            // The frame was drawn before the actions changed anything.
            ctx.request_repaint();
        }
    }
}

/// A project's name as its file is called, without `.polyphony`.
fn project_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}
