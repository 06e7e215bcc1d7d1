//! The top bar: the File, Edit and Code menus and the transcript search box.

use crate::gui::Action;
use crate::gui::dialogs::Dialog;
use crate::gui::file_actions::PathPurpose;
use crate::gui::picker::PickerPurpose;
use crate::workbench::Workbench;

/// What the menus need to know about the open project.
pub struct MenuState<'a> {
    pub workbench: Option<&'a Workbench>,
    /// The search box's text, kept by the app between frames.
    pub search_text: &'a mut String,
    /// Whether transcript text is selected.
    pub has_selection: bool,
    /// The name of the code applied last, if it is still there.
    pub last_code: Option<String>,
}

/// Shows the menus and the search box, returning what the user chose.
pub fn show(ui: &mut egui::Ui, state: MenuState<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let writable = state
        .workbench
        .is_some_and(|workbench| !workbench.is_read_only());
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, writable, &mut actions));
        ui.menu_button("Edit", |ui| edit_menu(ui, state.workbench, &mut actions));
        if state.workbench.is_some() {
            ui.menu_button("Code", |ui| {
                code_menu(
                    ui,
                    writable,
                    state.has_selection,
                    state.last_code.as_deref(),
                    &mut actions,
                );
            });
        }
        if state.workbench.is_some() {
            ui.separator();
            search_box(ui, state.search_text, &mut actions);
        }
    });
    actions
}

fn file_menu(ui: &mut egui::Ui, writable: bool, actions: &mut Vec<Action>) {
    for purpose in PathPurpose::ALL {
        if purpose == PathPurpose::ImportTranscripts {
            ui.separator();
        }
        let enabled = writable || !purpose.needs_project();
        if ui
            .add_enabled(enabled, egui::Button::new(purpose.menu_label()))
            .clicked()
        {
            actions.push(Action::ChoosePath(purpose));
        }
    }
    ui.menu_button("Type a path…", |ui| {
        for purpose in PathPurpose::ALL {
            let enabled = writable || !purpose.needs_project();
            let label = purpose.menu_label().trim_end_matches('…');
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                actions.push(Action::TypePath(purpose));
            }
        }
    });
    ui.separator();
    if ui.button("Quit").clicked() {
        actions.push(Action::Quit);
    }
}

fn edit_menu(ui: &mut egui::Ui, workbench: Option<&Workbench>, actions: &mut Vec<Action>) {
    let history = workbench.map(Workbench::history);
    let writable = workbench.is_some_and(|workbench| !workbench.is_read_only());
    let undo = history.and_then(|history| history.undo_label());
    let undo_text = undo.map_or_else(|| "Undo".to_owned(), |label| format!("Undo: {label}"));
    if ui
        .add_enabled(
            writable && undo.is_some(),
            egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
        )
        .clicked()
    {
        actions.push(Action::Undo);
    }
    let redo = history.and_then(|history| history.redo_label());
    let redo_text = redo.map_or_else(|| "Redo".to_owned(), |label| format!("Redo: {label}"));
    if ui
        .add_enabled(
            writable && redo.is_some(),
            egui::Button::new(redo_text).shortcut_text("Ctrl+Shift+Z"),
        )
        .clicked()
    {
        actions.push(Action::Redo);
    }
}

fn code_menu(
    ui: &mut egui::Ui,
    writable: bool,
    has_selection: bool,
    last_code: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let coding = writable && has_selection;
    let item = |text: String, key: &str| egui::Button::new(text).shortcut_text(key);
    let code = ui
        .add_enabled(coding, item("Code selection…".to_owned(), "C"))
        .on_disabled_hover_text("Select words in the transcript first");
    if code.clicked() {
        actions.push(Action::OpenPicker(PickerPurpose::ApplyToSelection));
    }
    if ui
        .add_enabled(coding, item("Code in vivo".to_owned(), "I"))
        .clicked()
    {
        actions.push(Action::InVivo);
    }
    let last = last_code.map_or_else(
        || "Apply last code".to_owned(),
        |name| format!("Apply last code: {name}"),
    );
    if ui
        .add_enabled(coding && last_code.is_some(), item(last, "L"))
        .clicked()
    {
        actions.push(Action::ApplyLastCode);
    }
    ui.separator();
    if ui
        .add_enabled(writable, egui::Button::new("New code…"))
        .clicked()
    {
        actions.push(Action::OpenDialog(Dialog::NewCode {
            parent: None,
            name: String::new(),
        }));
    }
}

fn search_box(ui: &mut egui::Ui, text: &mut String, actions: &mut Vec<Action>) {
    let label = ui.label("Search transcripts");
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text("words, \"a phrase\", OR, NOT, pref*")
                .desired_width(260.0),
        )
        .labelled_by(label.id);
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if (entered || ui.button("Search").clicked()) && !text.trim().is_empty() {
        actions.push(Action::Search(text.trim().to_owned()));
    }
}
