//! The top bar: the File, Edit, Code, View and Playback menus, built from the one list
//! of actions in `actions.rs` (each item shows its keyboard shortcut), and the
//! transcript search box.

use crate::gui::Action;
use crate::gui::actions::{self, Availability, Menu, UserAction};
use crate::gui::file_actions::PathPurpose;
use crate::gui::settings::{Layout, Theme};

/// What the menus need to know about the window.
pub struct MenuState<'a> {
    pub available: Availability<'a>,
    pub layout: &'a Layout,
    pub theme: Theme,
    /// The search box's text, kept by the app between frames.
    pub search_text: &'a mut String,
    /// Whether the search box should take the keyboard this frame.
    pub focus_search: bool,
}

/// Shows the menus and the search box, returning what the user chose.
pub fn show(ui: &mut egui::Ui, state: MenuState<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let project = state.available.project;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            items(ui, Menu::File, &state, &mut actions);
        });
        ui.menu_button("Edit", |ui| items(ui, Menu::Edit, &state, &mut actions));
        if project {
            ui.menu_button("Code", |ui| items(ui, Menu::Code, &state, &mut actions));
        }
        ui.menu_button("View", |ui| items(ui, Menu::View, &state, &mut actions));
        if project {
            ui.menu_button("Playback", |ui| items(ui, Menu::Play, &state, &mut actions));
        }
        if project {
            ui.separator();
            search_box(ui, state.search_text, state.focus_search, &mut actions);
        }
    });
    actions
}

/// The items of `menu`, in list order: panels as checkboxes, themes in a
/// submenu as radio buttons, the rest as buttons with their shortcuts.
fn items(ui: &mut egui::Ui, menu: Menu, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    let listed: Vec<UserAction> = UserAction::all()
        .into_iter()
        .filter(|action| action.menu() == menu)
        .collect();
    let mut previous: Option<UserAction> = None;
    for action in listed.iter().copied() {
        if action == UserAction::Quit {
            ui.separator();
            type_a_path(ui, state.available.writable, actions);
        }
        if needs_separator(previous, action) {
            ui.separator();
        }
        previous = Some(action);
        if matches!(action, UserAction::Theme(_)) {
            continue;
        }
        if matches!(action, UserAction::ZoomIn) {
            ui.label(format!("Text size: {:.0}%", ui.ctx().zoom_factor() * 100.0));
        }
        let enabled = action.enabled(&state.available);
        match actions::is_checked(action, state.layout, state.theme) {
            Some(checked) => {
                let mut shown = checked;
                if ui
                    .add_enabled(enabled, egui::Checkbox::new(&mut shown, action.label()))
                    .clicked()
                {
                    actions.push(action.action());
                }
            }
            None => {
                let mut button = egui::Button::new(action.current_label(&state.available));
                if let Some(keys) = action.shortcut_text() {
                    button = button.shortcut_text(keys);
                }
                let response = ui.add_enabled(enabled, button);
                if action == UserAction::CodeSelection {
                    response
                        .clone()
                        .on_disabled_hover_text("Select words in the transcript first");
                }
                if response.clicked() {
                    actions.push(action.action());
                }
            }
        }
    }
    if listed
        .iter()
        .any(|action| matches!(action, UserAction::Theme(_)))
    {
        ui.menu_button("Theme", |ui| {
            for action in listed.iter().copied() {
                if let UserAction::Theme(theme) = action
                    && ui.radio(theme == state.theme, theme.label()).clicked()
                {
                    actions.push(action.action());
                }
            }
        });
    }
}

fn needs_separator(previous: Option<UserAction>, action: UserAction) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    matches!(
        (previous, action),
        (UserAction::File(PathPurpose::NewProject), _)
            | (_, UserAction::Quit)
            | (UserAction::Redo, UserAction::Search)
            | (UserAction::ApplyLastCode, UserAction::NewCode)
            | (UserAction::TogglePanel(_), UserAction::ZoomIn)
            | (UserAction::ZoomReset, UserAction::Theme(_))
    )
}

fn type_a_path(ui: &mut egui::Ui, writable: bool, actions: &mut Vec<Action>) {
    ui.menu_button("Type a path…", |ui| {
        for purpose in PathPurpose::ALL {
            let enabled = writable || !purpose.needs_project();
            let label = purpose.menu_label().trim_end_matches('…');
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                actions.push(Action::TypePath(purpose));
            }
        }
    });
}

fn search_box(ui: &mut egui::Ui, text: &mut String, focus: bool, actions: &mut Vec<Action>) {
    let label = ui.label("Search transcripts");
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text("words, \"a phrase\", OR, NOT, pref*")
                .desired_width(260.0),
        )
        .labelled_by(label.id);
    if focus {
        field.request_focus();
    }
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if (entered || ui.button("Search").clicked()) && !text.trim().is_empty() {
        actions.push(Action::Search(text.trim().to_owned()));
    }
}
