//! The command palette (Ctrl+Shift+P, or View ▸ Command palette…): every
//! action of the one list in `menu_items.rs` that can be used now, filtered as the
//! user types; Enter runs the first that matches, clicking runs any, Escape
//! closes.

use crate::gui::intent::Intent;
use crate::gui::menu_items::{Availability, MenuItem};

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
    pub fn matches(&self, state: &Availability<'_>) -> Vec<(MenuItem, String)> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        MenuItem::all()
            .into_iter()
            .filter(|item| *item != MenuItem::CommandPalette && item.enabled(state))
            .map(|item| (item, item.palette_label(state)))
            .filter(|(_, label)| {
                let label = label.to_lowercase();
                words.iter().all(|word| label.contains(word.as_str()))
            })
            .collect()
    }

    /// Shows the palette; returns what to do (the chosen action, and closing).
    pub fn show(&mut self, ctx: &egui::Context, state: &Availability<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
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
                    intents.push(Intent::ClosePalette);
                }
                if entered && let Some((item, _)) = matches.first() {
                    intents.push(Intent::ClosePalette);
                    intents.push(item.intent());
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        if matches.is_empty() {
                            ui.weak("No action matches.");
                        }
                        for (item, label) in &matches {
                            let mut button = egui::Button::new(label.as_str());
                            if let Some(keys) = item.shortcut_text() {
                                button = button.shortcut_text(keys);
                            }
                            if ui.add(button).clicked() {
                                intents.push(Intent::ClosePalette);
                                intents.push(item.intent());
                            }
                        }
                    });
            });
        if !open {
            intents.push(Intent::ClosePalette);
        }
        intents
    }
}
