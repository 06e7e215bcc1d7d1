//! The quick code picker: a small window with a text field that filters the
//! codebook by path as the user types, arrow keys and Enter to choose, and a
//! last entry that creates a new code named by the typed text. It chooses the
//! code for coding a selection, recoding a segment, moving a code under
//! another, and merging codes.

use crate::gui::intent::{Intent, Picked, PickerPurpose};
use crate::model::{CodeId, Project};

impl PickerPurpose {
    fn title(self) -> &'static str {
        match self {
            PickerPurpose::ApplyToSelection => "Code selection",
            PickerPurpose::Recode(_) => "Recode segment",
            PickerPurpose::MoveUnder(_) => "Move code under",
            PickerPurpose::MergeInto(_) => "Merge code into",
        }
    }

    fn field_label(self) -> &'static str {
        match self {
            PickerPurpose::ApplyToSelection => "Code to apply",
            PickerPurpose::Recode(_) => "Code to recode as",
            PickerPurpose::MoveUnder(_) => "New parent code",
            PickerPurpose::MergeInto(_) => "Code to merge into",
        }
    }

    /// Whether typing a name that is not a code may create one.
    fn creates_codes(self) -> bool {
        matches!(
            self,
            PickerPurpose::ApplyToSelection | PickerPurpose::Recode(_)
        )
    }
}

/// The open picker.
pub struct CodePicker {
    pub purpose: PickerPurpose,
    filter: String,
    highlighted: usize,
    focus_pending: bool,
}

impl CodePicker {
    #[must_use]
    pub fn new(purpose: PickerPurpose) -> Self {
        Self {
            purpose,
            filter: String::new(),
            highlighted: 0,
            focus_pending: true,
        }
    }

    /// Shows the picker; returns the choice, or that it was closed.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Option<Intent> {
        let entries = self.entries(project);
        let mut intent = None;
        // Arrow keys move through the list, not the text field's cursor.
        let (down, up) = ctx.input_mut(|input| {
            (
                input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            )
        });
        if down {
            self.highlighted = (self.highlighted + 1).min(entries.len().saturating_sub(1));
        }
        if up {
            self.highlighted = self.highlighted.saturating_sub(1);
        }
        let purpose = self.purpose;
        egui::Window::new(purpose.title())
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
            .show(ctx, |ui| {
                let label = ui.label(purpose.field_label());
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.filter)
                            .hint_text("type to filter codes")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                if self.focus_pending {
                    field.request_focus();
                    self.focus_pending = false;
                }
                if field.changed() {
                    self.highlighted = 0;
                }
                let entered =
                    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
                    intent = Some(Intent::ClosePicker);
                }
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        if entries.is_empty() {
                            ui.weak("No code matches; type a name to create one.");
                        }
                        for (index, entry) in entries.iter().enumerate() {
                            let button = egui::Button::selectable(
                                index == self.highlighted,
                                entry.text.as_str(),
                            )
                            .min_size(egui::vec2(ui.available_width(), 0.0));
                            let response = ui.add(button);
                            if index == self.highlighted && (up || down) {
                                response.scroll_to_me(None);
                            }
                            if response.clicked() {
                                intent = Some(Intent::Picked {
                                    purpose,
                                    picked: entry.picked.clone(),
                                });
                            }
                        }
                    });
                if entered && let Some(entry) = entries.get(self.highlighted) {
                    intent = Some(Intent::Picked {
                        purpose,
                        picked: entry.picked.clone(),
                    });
                }
                ui.separator();
                if ui.button("Cancel").clicked() {
                    intent = Some(Intent::ClosePicker);
                }
            });
        intent
    }

    fn entries(&self, project: &Project) -> Vec<Entry> {
        let filter = self.filter.trim().to_lowercase();
        let excluded = |code: CodeId| match self.purpose {
            PickerPurpose::ApplyToSelection => false,
            PickerPurpose::Recode(coding) => project
                .codings
                .get(&coding)
                .is_some_and(|coding| coding.code == code),
            PickerPurpose::MoveUnder(moved) => project.code_is_within(code, moved),
            PickerPurpose::MergeInto(source) => code == source,
        };
        let mut entries: Vec<Entry> = project
            .codes_in_tree_order()
            .into_iter()
            .filter(|(_, code)| !excluded(code.id))
            .map(|(_, code)| (code.id, project.code_path(code.id)))
            .filter(|(_, path)| path.to_lowercase().contains(&filter))
            .map(|(id, path)| Entry {
                text: path,
                picked: Picked::Existing(id),
            })
            .collect();
        // Codes whose own name starts with the text come first.
        entries.sort_by_key(|entry| {
            let name = entry.text.rsplit('/').next().unwrap_or("").to_lowercase();
            !name.starts_with(&filter)
        });
        let names_a_code = project.find_code(self.filter.trim()).is_some();
        if self.purpose.creates_codes() && !filter.is_empty() && !names_a_code {
            let name = self.filter.trim().to_owned();
            entries.push(Entry {
                text: format!("Create code \"{name}\""),
                picked: Picked::New(name),
            });
        }
        entries
    }
}

struct Entry {
    text: String,
    picked: Picked,
}
