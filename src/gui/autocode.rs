//! The Autocode window: codes every hit of the last search, or every turn of
//! a speaker, with one code (chosen from the codebook or typed as a new
//! one), each passage widened to the hit only, its sentence, its turn or its
//! paragraph. The app builds one command from what is chosen here
//! (`workbench::autocode`), so the whole autocode is one undo step.

use crate::gui::intent::Intent;
use crate::model::{CodeId, Project};
use crate::workbench::autocode::{AutocodeCode, Extent, Passage};

/// What the window is about to code, and how.
pub struct AutocodeWindow {
    /// "12 hits of “hope”" or "every turn of Zoë Adebayo".
    pub what: String,
    pub passages: Vec<Passage>,
    pub code: Option<CodeId>,
    /// A new code's name, used when no existing code is chosen.
    pub new_name: String,
    pub extent: Extent,
    pub exclude_interviewers: bool,
}

impl AutocodeWindow {
    #[must_use]
    pub fn new(what: String, passages: Vec<Passage>) -> Self {
        Self {
            what,
            passages,
            code: None,
            new_name: String::new(),
            extent: Extent::Hit,
            exclude_interviewers: true,
        }
    }

    /// The code chosen, or the new one typed; `None` when neither is.
    #[must_use]
    pub fn chosen_code(&self) -> Option<AutocodeCode> {
        match self.code {
            Some(code) => Some(AutocodeCode::Existing(code)),
            None if !self.new_name.trim().is_empty() => {
                Some(AutocodeCode::New(self.new_name.trim().to_owned()))
            }
            None => None,
        }
    }
}

/// Shows the window; returns what the user chose.
pub fn show(ctx: &egui::Context, window: &mut AutocodeWindow, project: &Project) -> Option<Intent> {
    let mut intent = None;
    egui::Window::new("Autocode")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(format!("Code {}.", window.what));
            let name = window
                .code
                .and_then(|code| project.codes.get(&code))
                .map_or_else(
                    || "A new code…".to_owned(),
                    |code| project.code_path(code.id),
                );
            egui::ComboBox::from_label("Code to apply")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut window.code, None, "A new code…");
                    for (_, code) in project.codes_in_tree_order() {
                        let label = project.code_path(code.id);
                        ui.selectable_value(&mut window.code, Some(code.id), label);
                    }
                });
            if window.code.is_none() {
                ui.horizontal(|ui| {
                    let label = ui.label("New code name");
                    ui.text_edit_singleline(&mut window.new_name)
                        .labelled_by(label.id);
                });
            }
            ui.label("Code");
            for extent in Extent::ALL {
                ui.radio_value(&mut window.extent, extent, extent.label());
            }
            ui.checkbox(
                &mut window.exclude_interviewers,
                "Leave out interviewers' turns",
            );
            ui.horizontal(|ui| {
                let ready = window.chosen_code().is_some();
                if ui
                    .add_enabled(ready, egui::Button::new("Code the passages"))
                    .clicked()
                {
                    intent = Some(Intent::SubmitAutocode);
                }
                if ui.button("Cancel").clicked() {
                    intent = Some(Intent::CloseAutocode);
                }
            });
        });
    intent
}
