//! The start screen, shown when no project is open: open one, or create one.

use crate::gui::intent::Intent;
use crate::gui::path_purpose::PathPurpose;

/// Shows the welcome and the Open / New buttons; returns what was chosen.
pub fn show(ui: &mut egui::Ui) -> Option<Intent> {
    let mut intent = None;
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.25);
        ui.heading("Polyphony");
        ui.label(
            "A workbench for reflexive thematic analysis of interview and focus-group transcripts.",
        );
        ui.add_space(16.0);
        for purpose in [
            PathPurpose::OpenProject,
            PathPurpose::OpenSharedProject,
            PathPurpose::NewProject,
        ] {
            if ui.button(purpose.menu_label()).clicked() {
                intent = Some(Intent::ChoosePath(purpose));
            }
        }
        ui.add_space(8.0);
        if ui.button("Type a path to open…").clicked() {
            intent = Some(Intent::TypePath(PathPurpose::OpenProject));
        }
        if ui.button("Open the demo project").clicked() {
            intent = Some(Intent::OpenDemo);
        }
    });
    intent
}
