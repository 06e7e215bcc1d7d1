//! The top bar: the File, Edit, Code, View and Playback menus, built from the one list
//! of actions in `menu_items.rs` (each item shows its keyboard shortcut), and the
//! transcript search box.

use crate::gui::intent::Intent;
use crate::gui::menu_items::{self, Availability, Menu, MenuItem};
use crate::gui::path_purpose::PathPurpose;
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
pub fn show(ui: &mut egui::Ui, state: &mut MenuState<'_>) -> Vec<Intent> {
    let mut intents = Vec::new();
    let project = state.available.project;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            items(ui, Menu::File, state, &mut intents);
        });
        ui.menu_button("Edit", |ui| items(ui, Menu::Edit, state, &mut intents));
        if project {
            ui.menu_button("Code", |ui| items(ui, Menu::Code, state, &mut intents));
        }
        ui.menu_button("View", |ui| items(ui, Menu::View, state, &mut intents));
        if project {
            ui.menu_button("Playback", |ui| items(ui, Menu::Play, state, &mut intents));
        }
        if project {
            ui.separator();
            search_box(ui, state.search_text, state.focus_search, &mut intents);
        }
    });
    intents
}

/// The items of `menu`, in list order: panels as checkboxes, themes in a
/// submenu as radio buttons, the rest as buttons with their shortcuts.
fn items(ui: &mut egui::Ui, menu: Menu, state: &MenuState<'_>, intents: &mut Vec<Intent>) {
    let listed: Vec<MenuItem> = MenuItem::all()
        .into_iter()
        .filter(|item| item.menu() == menu)
        .collect();
    let mut previous: Option<MenuItem> = None;
    for item in listed.iter().copied() {
        if item == MenuItem::Quit {
            ui.separator();
            type_a_path(ui, state.available.writable, intents);
        }
        if needs_separator(previous, item) {
            ui.separator();
        }
        previous = Some(item);
        if matches!(item, MenuItem::Theme(_)) {
            continue;
        }
        if matches!(item, MenuItem::ZoomIn) {
            ui.label(format!("Text size: {:.0}%", ui.ctx().zoom_factor() * 100.0));
        }
        let enabled = item.enabled(&state.available);
        match menu_items::is_checked(item, state.layout, state.theme) {
            Some(checked) => {
                let mut shown = checked;
                if ui
                    .add_enabled(enabled, egui::Checkbox::new(&mut shown, item.label()))
                    .clicked()
                {
                    intents.push(item.intent());
                }
            }
            None => {
                let mut button = egui::Button::new(item.current_label(&state.available));
                if let Some(keys) = item.shortcut_text() {
                    button = button.shortcut_text(keys);
                }
                let response = ui.add_enabled(enabled, button);
                if item == MenuItem::CodeSelection {
                    response
                        .clone()
                        .on_disabled_hover_text("Select words in the transcript first");
                }
                if response.clicked() {
                    intents.push(item.intent());
                }
            }
        }
    }
    if listed.iter().any(|item| matches!(item, MenuItem::Theme(_))) {
        ui.menu_button("Theme", |ui| {
            for item in listed.iter().copied() {
                if let MenuItem::Theme(theme) = item
                    && ui.radio(theme == state.theme, theme.label()).clicked()
                {
                    intents.push(item.intent());
                }
            }
        });
    }
}

fn needs_separator(previous: Option<MenuItem>, item: MenuItem) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    matches!(
        (previous, item),
        (MenuItem::File(PathPurpose::NewProject), _)
            | (_, MenuItem::Quit)
            | (MenuItem::Redo, MenuItem::Search)
            | (MenuItem::ApplyLastCode, MenuItem::NewCode)
            | (MenuItem::TogglePanel(_), MenuItem::ZoomIn)
            | (MenuItem::ZoomReset, MenuItem::Theme(_))
    )
}

fn type_a_path(ui: &mut egui::Ui, writable: bool, intents: &mut Vec<Intent>) {
    ui.menu_button("Type a path…", |ui| {
        for purpose in PathPurpose::ALL {
            let enabled = writable || !purpose.needs_project();
            let label = purpose.menu_label().trim_end_matches('…');
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                intents.push(Intent::TypePath(purpose));
            }
        }
    });
}

fn search_box(ui: &mut egui::Ui, text: &mut String, focus: bool, intents: &mut Vec<Intent>) {
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
        intents.push(Intent::Search(text.trim().to_owned()));
    }
}
