//! Small windows that ask one thing before a change: a new code's name, a
//! code's new name or description, a segment's memo, and whether to delete a
//! code together with its codings. Each holds what is being typed; the app
//! turns it into one command when the user confirms.

use crate::gui::intent::{Dialog, Intent};

/// Shows `dialog`; returns whether the user confirmed or closed it. With
/// `focus` set, its text field takes the keyboard (once, on opening).
pub fn show(ctx: &egui::Context, dialog: &mut Dialog, focus: &mut bool) -> Option<Intent> {
    let mut intent = None;
    let title = match dialog {
        Dialog::NewCode { .. } => "New code".to_owned(),
        Dialog::Rename { .. } => "Rename code".to_owned(),
        Dialog::Describe { name, .. } => format!("Describe {name}"),
        Dialog::Memo { code_name, .. } => format!("Memo on a segment of {code_name}"),
        Dialog::ConfirmDelete { .. } => "Delete code".to_owned(),
        Dialog::DifferenceMemo { title, .. } => title.clone(),
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            let (confirm, entered) = match dialog {
                Dialog::NewCode { name, .. } => {
                    ("Create", one_line(ui, "Name of the new code", name))
                }
                Dialog::Rename { name, .. } => ("Rename", one_line(ui, "New name", name)),
                Dialog::Describe { description, .. } => {
                    let label = ui.label("Description");
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(description)
                                .desired_rows(4)
                                .desired_width(360.0),
                        )
                        .labelled_by(label.id);
                    take_focus(&field, focus);
                    ("Save", false)
                }
                Dialog::Memo { memo, .. } => {
                    let label = ui.label("Memo on this segment");
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(memo)
                                .desired_rows(6)
                                .desired_width(360.0),
                        )
                        .labelled_by(label.id);
                    take_focus(&field, focus);
                    ("Save memo", false)
                }
                Dialog::DifferenceMemo { context, memo, .. } => {
                    ui.label(context.as_str());
                    let label = ui.label("What the team made of it");
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(memo)
                                .desired_rows(4)
                                .desired_width(360.0)
                                .hint_text("discussed 12 May: keep both"),
                        )
                        .labelled_by(label.id);
                    take_focus(&field, focus);
                    ("Save memo", false)
                }
                Dialog::ConfirmDelete { name, codings, .. } => {
                    ui.label(delete_question(name, *codings));
                    ui.weak("Codes under it move up a level. Undo brings everything back.");
                    ("Delete", false)
                }
            };
            ui.horizontal(|ui| {
                if ui.button(confirm).clicked() || entered {
                    intent = Some(Intent::SubmitDialog);
                }
                if ui.button("Cancel").clicked() {
                    intent = Some(Intent::CloseDialog);
                }
            });
            if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
                intent = Some(Intent::CloseDialog);
            }
        });
    intent
}

/// "Delete "Hope" and its 12 codings?"
#[must_use]
pub fn delete_question(name: &str, codings: usize) -> String {
    match codings {
        0 => format!("Delete \"{name}\"? Nothing is coded with it."),
        1 => format!("Delete \"{name}\" and its 1 coding?"),
        _ => format!("Delete \"{name}\" and its {codings} codings?"),
    }
}

/// A labelled one-line field that has the keyboard; returns whether Enter was
/// pressed in it.
fn one_line(ui: &mut egui::Ui, label: &str, text: &mut String) -> bool {
    let label = ui.label(label);
    let field = ui
        .add(egui::TextEdit::singleline(text).desired_width(320.0))
        .labelled_by(label.id);
    if !field.has_focus() && !field.lost_focus() && ui.memory(|memory| memory.focused().is_none()) {
        field.request_focus();
    }
    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
}

fn take_focus(field: &egui::Response, focus: &mut bool) {
    if *focus {
        field.request_focus();
        *focus = false;
    }
}
