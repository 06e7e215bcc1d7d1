//! The team's activity: who did what, and when, newest first, from the
//! shared project's journal on the server (or a file's own journal).

use crate::gui::intent::Intent;
use crate::store::shared::JournalStep;

/// How many steps the window lists.
pub const SHOWN: usize = 200;

/// The "Team activity" window over `steps` (oldest first, as read).
pub fn window(ctx: &egui::Context, steps: &[JournalStep]) -> Vec<Intent> {
    let mut intents = Vec::new();
    let mut open = true;
    egui::Window::new("Team activity")
        .open(&mut open)
        .default_width(460.0)
        .default_height(360.0)
        .show(ctx, |ui| {
            if steps.is_empty() {
                ui.weak("Nothing has been done in this project yet.");
                return;
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("activity-grid")
                    .num_columns(3)
                    .striped(true)
                    .show(ui, |ui| {
                        for step in steps.iter().rev() {
                            ui.weak(crate::clock::ago(step.at))
                                .on_hover_text(crate::clock::format_ms(step.at));
                            ui.strong(&step.coder);
                            ui.label(describe(step));
                            ui.end_row();
                        }
                    });
            });
        });
    if !open {
        intents.push(Intent::CloseActivity);
    }
    intents
}

/// What a step did, in the words a person reads: "undid …" for an undo.
#[must_use]
pub fn describe(step: &JournalStep) -> String {
    match step.action.as_str() {
        "undo" => format!("undid {}", step.label),
        "redo" => format!("redid {}", step.label),
        _ => step.label.clone(),
    }
}
