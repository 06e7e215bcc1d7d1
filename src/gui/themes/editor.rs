//! The theme windows: editing a theme's name, concept, definition, status and
//! parent with a reason for the change; splitting some codes off into a new
//! theme; choosing key quotes from the theme's segments (each seen with its
//! speaker, their attributes and its document, with how the chosen quotes
//! spread over participants and groups); and reading the theme's history.

use crate::analysis::themes::attribution;
use crate::gui::intent::Intent;
use crate::gui::themes::ThemeFacts;
use crate::model::{CodeId, Project, ThemeId, ThemeStatus, ThemeVersion};

pub use crate::gui::theme_drafts::{SplitDraft, ThemeEditor};

/// The history window of a theme: its versions as read from the project
/// file when the window opened or the project last changed, or why they
/// could not be read.
pub struct ThemeHistory {
    pub theme: ThemeId,
    pub versions: Result<Vec<ThemeVersion>, String>,
}

/// What a window asks for once the user answers it.
pub enum Outcome {
    Close,
    Act(Box<Intent>),
}

fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool) {
    let shown = ui.label(label);
    let field = if multiline {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    ui.add(field.desired_width(f32::INFINITY))
        .labelled_by(shown.id);
}

/// The editor window.
pub fn show_editor(
    ctx: &egui::Context,
    editor: &mut ThemeEditor,
    project: &Project,
) -> Option<Outcome> {
    let mut outcome = None;
    let title = if editor.theme.is_some() {
        "Edit theme"
    } else {
        "New theme"
    };
    egui::Window::new(title)
        .collapsible(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            labelled_text(ui, "Theme name", &mut editor.name, false);
            labelled_text(
                ui,
                "Central organising concept (one sentence)",
                &mut editor.concept,
                true,
            );
            labelled_text(
                ui,
                "Definition: what is in the theme, and what is not",
                &mut editor.definition,
                true,
            );
            ui.horizontal(|ui| {
                ui.label("Status:");
                for status in ThemeStatus::ALL {
                    ui.radio_value(&mut editor.status, status, status.label());
                }
            });
            let parent_name = |parent: Option<ThemeId>| {
                parent.and_then(|id| project.themes.get(&id)).map_or_else(
                    || "none: a theme of its own".to_owned(),
                    |theme| theme.name.clone(),
                )
            };
            egui::ComboBox::from_label("Subtheme of")
                .selected_text(parent_name(editor.parent))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut editor.parent, None, parent_name(None));
                    for (_, other) in project.themes_in_tree_order() {
                        if Some(other.id) != editor.theme {
                            ui.selectable_value(&mut editor.parent, Some(other.id), &other.name);
                        }
                    }
                });
            if editor.theme.is_some() {
                labelled_text(
                    ui,
                    "Why this change (kept in the theme's history)",
                    &mut editor.reason,
                    false,
                );
            }
            ui.horizontal(|ui| {
                let confirm = if editor.theme.is_some() {
                    "Save"
                } else {
                    "Create"
                };
                if ui.button(confirm).clicked() {
                    outcome = Some(Outcome::Act(Box::new(Intent::SaveTheme(Box::new(
                        editor.clone(),
                    )))));
                }
                if ui.button("Cancel").clicked() {
                    outcome = Some(Outcome::Close);
                }
            });
        });
    outcome
}

/// The split window.
pub fn show_split(
    ctx: &egui::Context,
    draft: &mut SplitDraft,
    project: &Project,
) -> Option<Outcome> {
    let mut outcome = None;
    egui::Window::new(format!("Split {}", draft.theme_name))
        .collapsible(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            labelled_text(ui, "Name of the new theme", &mut draft.name, false);
            ui.label("Codes that move to the new theme:");
            let codes: Vec<CodeId> = project
                .themes
                .get(&draft.theme)
                .map(|theme| theme.codes.iter().copied().collect())
                .unwrap_or_default();
            for code in codes {
                let mut chosen = draft.codes.contains(&code);
                if ui.checkbox(&mut chosen, project.code_path(code)).changed() {
                    if chosen {
                        draft.codes.insert(code);
                    } else {
                        draft.codes.remove(&code);
                    }
                }
            }
            ui.horizontal(|ui| {
                if ui.button("Split").clicked() {
                    outcome = Some(Outcome::Act(Box::new(Intent::SplitTheme {
                        theme: draft.theme,
                        name: draft.name.clone(),
                        codes: draft.codes.iter().copied().collect(),
                    })));
                }
                if ui.button("Cancel").clicked() {
                    outcome = Some(Outcome::Close);
                }
            });
        });
    outcome
}

/// The key-quotes window of `theme`; returns whether it stays open.
pub fn show_key_quotes(
    ctx: &egui::Context,
    theme: ThemeId,
    project: &Project,
    facts: &ThemeFacts,
    intents: &mut Vec<Intent>,
) -> bool {
    let Some(entry) = project.themes.get(&theme) else {
        return false;
    };
    let mut open = true;
    egui::Window::new(format!("Key quotes of {}", entry.name))
        .id(egui::Id::unique(("key-quotes", theme)))
        .open(&mut open)
        .default_size([560.0, 520.0])
        .show(ctx, |ui| {
            let balance = &facts.balance;
            let by = |counts: &[(String, usize)]| {
                counts
                    .iter()
                    .map(|(name, count)| format!("{name} {count}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            ui.label(format!(
                "{} key quotes. By participant: {}. By group: {}.",
                entry.key_quotes.len(),
                if balance.by_participant.is_empty() {
                    "none yet".to_owned()
                } else {
                    by(&balance.by_participant)
                },
                if balance.by_group.is_empty() {
                    "none yet".to_owned()
                } else {
                    by(&balance.by_group)
                },
            ));
            for warning in &balance.warnings {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Note: {warning}"));
            }
            ui.separator();
            let segments = &facts.segments;
            if segments.is_empty() {
                ui.weak("This theme has no coded segments yet: add codes to it on the board.");
            }
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    for id in segments {
                        let Some(segment) = project.segment(id) else {
                            continue;
                        };
                        let coding = segment.coding;
                        ui.group(|ui| {
                            let quote = crate::gui::texts::quote(ui.ctx(), &segment)
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ");
                            ui.label(format!("“{quote}”"));
                            let mut about = attribution(project, coding.id);
                            if let Some(participant) = segment.participant {
                                let attributes: Vec<String> = participant
                                    .attributes
                                    .iter()
                                    .filter(|(_, value)| !value.trim().is_empty())
                                    .map(|(name, value)| format!("{name}: {value}"))
                                    .collect();
                                if !attributes.is_empty() {
                                    about.push_str(&format!(" ({})", attributes.join(", ")));
                                }
                            }
                            ui.weak(format!(
                                "{about} · {} · {}",
                                segment.document.name,
                                project.code_path(segment.code.id)
                            ));
                            ui.horizontal(|ui| {
                                let mut chosen = entry.key_quotes.contains(&coding.id);
                                let name = format!("Key quote of {}", entry.name);
                                if ui
                                    .checkbox(&mut chosen, "Key quote")
                                    .on_hover_text(name)
                                    .changed()
                                {
                                    intents.push(Intent::KeyQuote {
                                        theme,
                                        coding: coding.id,
                                        chosen,
                                    });
                                }
                                if ui.button("Show in context").clicked() {
                                    intents.push(Intent::RevealSegment(coding.id));
                                }
                            });
                        });
                    }
                });
        });
    open
}

/// The history window; returns whether it stays open.
pub fn show_history(ctx: &egui::Context, history: &ThemeHistory, project: &Project) -> bool {
    let theme = history.theme;
    let name = project
        .themes
        .get(&theme)
        .map_or_else(|| "a deleted theme".to_owned(), |theme| theme.name.clone());
    let mut open = true;
    egui::Window::new(format!("History of {name}"))
        .id(egui::Id::unique(("theme-history", theme)))
        .open(&mut open)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| match &history.versions {
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            Ok(versions) if versions.is_empty() => {
                ui.weak("No versions yet.");
            }
            Ok(versions) => {
                egui::ScrollArea::vertical()
                    .auto_shrink(false)
                    .show(ui, |ui| {
                        for version in versions.iter().rev() {
                            ui.group(|ui| {
                                let when =
                                    time::OffsetDateTime::from_unix_timestamp(version.at / 1000)
                                        .map(|at| {
                                            format!(
                                                "{} {} {} {:02}:{:02}",
                                                at.day(),
                                                at.month(),
                                                at.year(),
                                                at.hour(),
                                                at.minute()
                                            )
                                        })
                                        .unwrap_or_default();
                                let step = match version.action.as_str() {
                                    "do" => String::new(),
                                    other => format!(" ({other})"),
                                };
                                ui.strong(format!(
                                    "Version {} · {when} · {}",
                                    version.version, version.coder
                                ));
                                ui.label(format!("{}{step}", version.label));
                                if !version.reason.is_empty() {
                                    ui.label(format!("Why: {}", version.reason));
                                }
                                match &version.state {
                                    Some(state) => {
                                        ui.weak(state.summary());
                                    }
                                    None => {
                                        ui.weak("Deleted.");
                                    }
                                }
                            });
                        }
                    });
            }
        });
    open
}
