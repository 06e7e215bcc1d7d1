//! The "Type a path" window: a text field standing in for the file dialog,
//! for desktops without one (no portal or zenity) and for anyone who would
//! rather paste a path.

use crate::gui::intent::Intent;
use crate::gui::path_purpose::PathPurpose;
use std::path::PathBuf;

/// An open typed-path window and what has been typed so far.
pub struct PathPrompt {
    purpose: PathPurpose,
    path: String,
    /// For a new project, who its first coder is; for a copy, who it is for.
    coder: String,
    /// For a copy: whether it leaves out the other coders' codings.
    blind: bool,
    /// Focus goes to the field once, when the window opens, so the user can
    /// type at once without taking focus back on every frame.
    focus_requested: bool,
}

impl PathPrompt {
    #[must_use]
    pub fn new(purpose: PathPurpose, coder: String) -> Self {
        Self {
            purpose,
            path: String::new(),
            coder,
            blind: false,
            focus_requested: false,
        }
    }

    /// Shows the window. Returns the action chosen: submit or cancel.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Intent> {
        let mut intent = None;
        egui::Window::new("Type a path")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(self.purpose.menu_label().trim_end_matches('…'));
                let label = ui.label(self.purpose.field_label());
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.path)
                            .hint_text("/home/you/study/transcripts")
                            .desired_width(420.0),
                    )
                    .labelled_by(label.id);
                if !self.focus_requested {
                    field.request_focus();
                    self.focus_requested = true;
                }
                ui.weak(self.purpose.hint());
                let mut submitted =
                    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                if self.purpose.asks_coder() {
                    let coder_label = ui.label(if self.purpose == PathPurpose::CopyForCoder {
                        "The coder it is for"
                    } else {
                        "Your name as coder"
                    });
                    ui.add(egui::TextEdit::singleline(&mut self.coder).desired_width(420.0))
                        .labelled_by(coder_label.id);
                }
                if self.purpose == PathPurpose::CopyForCoder {
                    ui.checkbox(
                        &mut self.blind,
                        "Blind: leave out the other coders' codings",
                    );
                }
                ui.horizontal(|ui| {
                    submitted |= ui
                        .add_enabled(!self.path.trim().is_empty(), egui::Button::new("OK"))
                        .clicked();
                    if ui.button("Cancel").clicked() {
                        intent = Some(Intent::CancelPathPrompt);
                    }
                });
                if submitted && !self.path.trim().is_empty() {
                    intent = Some(Intent::SubmitPaths {
                        purpose: self.purpose,
                        paths: vec![PathBuf::from(expand_home(self.path.trim()))],
                        coder: self.coder.trim().to_owned(),
                        blind: self.blind,
                    });
                }
            });
        intent
    }
}

/// `~/x` as the shell would read it: people paste paths from a terminal.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) if !home.is_empty() => format!("{home}/{rest}"),
        _ => path.to_owned(),
    }
}
