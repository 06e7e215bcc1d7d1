//! The command palette (Ctrl+Shift+P, or View ▸ Command palette…): every
//! action of the one list in `actions.rs` that can be used now, filtered as the
//! user types; Enter runs the first that matches, clicking runs any, Escape
//! closes.

use crate::gui::Action;
use crate::gui::actions::{Availability, UserAction};

/// The palette's state while it is open.
#[derive(Debug, Default)]
pub struct Palette {
    pub filter: String,
    /// Whether the filter field is yet to take the keyboard.
    focus: bool,
}

impl Palette {
    #[must_use]
    pub fn new() -> Self {
        Self {
            filter: String::new(),
            focus: true,
        }
    }

    /// The usable actions whose words contain every word typed, in list order.
    #[must_use]
    pub fn matches(&self, state: &Availability<'_>) -> Vec<(UserAction, String)> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        UserAction::all()
            .into_iter()
            .filter(|action| *action != UserAction::CommandPalette && action.enabled(state))
            .map(|action| (action, action.palette_label(state)))
            .filter(|(_, label)| {
                let label = label.to_lowercase();
                words.iter().all(|word| label.contains(word.as_str()))
            })
            .collect()
    }

    /// Shows the palette; returns what to do (the chosen action, and closing).
    pub fn show(&mut self, ctx: &egui::Context, state: &Availability<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut open = true;
        egui::Window::new("Command palette")
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                let label = ui.label("Command");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.filter)
                            .hint_text("type to filter, Enter runs the first")
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id);
                if self.focus {
                    field.request_focus();
                    self.focus = false;
                }
                let matches = self.matches(state);
                let entered =
                    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
                    actions.push(Action::ClosePalette);
                }
                if entered && let Some((action, _)) = matches.first() {
                    actions.push(Action::ClosePalette);
                    actions.push(action.action());
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        if matches.is_empty() {
                            ui.weak("No action matches.");
                        }
                        for (action, label) in &matches {
                            let mut button = egui::Button::new(label.as_str());
                            if let Some(keys) = action.shortcut_text() {
                                button = button.shortcut_text(keys);
                            }
                            if ui.add(button).clicked() {
                                actions.push(Action::ClosePalette);
                                actions.push(action.action());
                            }
                        }
                    });
            });
        if !open {
            actions.push(Action::ClosePalette);
        }
        actions
    }
}
