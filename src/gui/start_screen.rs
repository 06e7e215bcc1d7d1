//! The start screen, shown when no project is open: open one, or create one.

use crate::gui::Action;
use crate::gui::file_actions::PathPurpose;

/// Shows the welcome and the Open / New buttons; returns what was chosen.
pub fn show(ui: &mut egui::Ui) -> Option<Action> {
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.25);
        ui.heading("Polyphony");
        ui.label(
            "A workbench for reflexive thematic analysis of interview and focus-group transcripts.",
        );
        ui.add_space(16.0);
        for purpose in [PathPurpose::OpenProject, PathPurpose::NewProject] {
            if ui.button(purpose.menu_label()).clicked() {
                action = Some(Action::ChoosePath(purpose));
            }
        }
        ui.add_space(8.0);
        if ui.button("Type a path to open…").clicked() {
            action = Some(Action::TypePath(PathPurpose::OpenProject));
        }
        if ui.button("Open the demo project").clicked() {
            action = Some(Action::OpenDemo);
        }
    });
    action
}
