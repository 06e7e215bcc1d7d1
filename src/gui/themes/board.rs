//! The themes board: a card per theme with its status, central organising
//! concept, member codes and counts, and warnings about its key quotes; drop
//! a code from the codebook onto a card to add it; each card's buttons edit,
//! split, merge, delete, choose key quotes and read the history. Also the
//! "uncovered" view of what the themes leave out.

use crate::analysis::map::status_color;
use crate::analysis::themes::Uncovered;
use crate::edit::Command;
use crate::gui::codes::DraggedCode;
use crate::gui::colors::code_color;
use crate::gui::intent::Intent;
use crate::gui::rows;
use crate::gui::themes::{ThemeEditor, ThemeWork, editor::SplitDraft};
use crate::model::{CodingId, Project, Theme, ThemeStatus};
use std::collections::BTreeMap;

/// How wide a card is.
const CARD_WIDTH: f32 = 320.0;

pub fn show(ui: &mut egui::Ui, work: &mut ThemeWork, project: &Project) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Themes");
        if ui.button("New theme…").clicked() {
            work.editor = Some(ThemeEditor::new_theme());
        }
        ui.weak("Drag a code from the codebook onto a theme to add it.");
    });
    let themes = project.themes_in_tree_order();
    if themes.is_empty() {
        ui.add_space(20.0);
        ui.weak("No themes yet. Create one with New theme…, then drag codes onto it.");
        return intents;
    }
    egui::ScrollArea::vertical()
        .id_salt("themes-board")
        .auto_shrink(false)
        .show(ui, |ui| {
            // As many cards to a row as fit; a card's height is only known once
            // drawn, so rows are laid out here rather than wrapped by egui.
            let per_row = ((ui.available_width() + 12.0) / (CARD_WIDTH + 34.0)).floor();
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a whole number of cards, at least one, from a positive width"
            )]
            let per_row = per_row.max(1.0) as usize;
            for row in themes.chunks(per_row) {
                ui.horizontal_top(|ui| {
                    ui.spacing_mut().item_spacing.x = 12.0;
                    for (depth, theme) in row {
                        card(ui, work, project, theme, *depth, &mut intents);
                    }
                });
                ui.add_space(12.0);
            }
        });
    intents
}

fn card(
    ui: &mut egui::Ui,
    work: &mut ThemeWork,
    project: &Project,
    theme: &Theme,
    depth: usize,
    intents: &mut Vec<Intent>,
) {
    let facts = work.facts(project, theme.id);
    let dragging_code = egui::DragAndDrop::has_payload_of_type::<DraggedCode>(ui.ctx());
    let frame = egui::Frame::group(ui.style()).inner_margin(10.0);
    // The card's own layout is a column, whatever the board's wrapping row.
    let shown = frame.show(ui, |ui| {
        ui.vertical(|ui| {
            ui.set_width(CARD_WIDTH);
            ui.horizontal(|ui| {
                let (swatch, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(swatch, 3.0, code_color(status_color(theme.status)));
                ui.strong(&theme.name);
                ui.weak(format!("({})", theme.status));
            });
            if depth > 0
                && let Some(parent) = theme.parent.and_then(|id| project.themes.get(&id))
            {
                ui.weak(format!("Subtheme of {}", parent.name));
            }
            if theme.concept.is_empty() {
                ui.weak("No central organising concept yet.");
            } else {
                ui.label(&theme.concept);
            }
            ui.horizontal_wrapped(|ui| {
                ui.label("Codes:");
                if theme.codes.is_empty() {
                    ui.weak("none yet");
                }
                for code in &theme.codes {
                    let name = project.code_path(*code);
                    let chip = ui
                        .small_button(&name)
                        .on_hover_text("Right-click to take it out of this theme");
                    if chip.clicked() {
                        intents.push(Intent::SelectCode(*code));
                    }
                    chip.context_menu(|ui| {
                        if ui
                            .button(format!("Remove {name} from {}", theme.name))
                            .clicked()
                        {
                            intents.push(Intent::RemoveThemeCode {
                                theme: theme.id,
                                code: *code,
                            });
                            ui.close();
                        }
                    });
                }
            });
            ui.weak(format!(
                "{} segments · {} participants · {} key quotes",
                facts.segments.len(),
                facts.participants,
                theme.key_quotes.len()
            ));
            for warning in &facts.balance.warnings {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Note: {warning}"));
            }
            ui.horizontal_wrapped(|ui| {
                if ui.button("Edit…").clicked() {
                    work.editor = Some(ThemeEditor::edit(theme));
                }
                if ui.button("Key quotes…").clicked() {
                    work.quotes = Some(theme.id);
                }
                if ui.button("History…").clicked() {
                    intents.push(Intent::OpenThemeHistory(theme.id));
                }
                ui.menu_button("More", |ui| {
                    ui.menu_button("Status", |ui| {
                        for status in ThemeStatus::ALL {
                            if ui
                                .add_enabled(
                                    status != theme.status,
                                    egui::Button::new(status.label()),
                                )
                                .clicked()
                            {
                                intents.push(Intent::SetThemeStatus {
                                    theme: theme.id,
                                    status,
                                });
                                ui.close();
                            }
                        }
                    });
                    if ui.button("Split…").clicked() {
                        work.split = Some(SplitDraft::new(theme));
                        ui.close();
                    }
                    ui.menu_button("Merge into", |ui| {
                        for (_, other) in project.themes_in_tree_order() {
                            if other.id != theme.id && ui.button(&other.name).clicked() {
                                intents.push(Intent::MergeThemes {
                                    source: theme.id,
                                    target: other.id,
                                });
                                ui.close();
                            }
                        }
                    });
                    if ui.button("Delete theme").clicked() {
                        intents.push(Intent::ApplyCommand {
                            command: Box::new(Command::RemoveTheme { id: theme.id }),
                            reason: String::new(),
                            close_editor: false,
                        });
                        ui.close();
                    }
                });
            });
        })
    });
    let response = shown.response;
    let name = format!("Theme card: {}", theme.name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Group, true, &name));
    if dragging_code {
        let hovered = response.dnd_hover_payload::<DraggedCode>().is_some();
        let stroke = if hovered {
            ui.visuals().selection.stroke
        } else {
            egui::Stroke::new(1.0, ui.visuals().weak_text_color())
        };
        ui.painter()
            .rect_stroke(response.rect, 6.0, stroke, egui::StrokeKind::Outside);
    }
    if let Some(dragged) = response.dnd_release_payload::<DraggedCode>() {
        intents.push(Intent::AddThemeCode {
            theme: theme.id,
            code: dragged.id,
        });
    }
}

/// What the themes leave out: segments in no theme, and documents and
/// participants with little coding. Each list draws only its rows in view,
/// one line each, and a segment's line is written when it first comes into
/// view (its quote is cut out of the transcript then) and kept in `lines`
/// until the project changes.
pub fn uncovered(
    ui: &mut egui::Ui,
    project: &Project,
    found: &Uncovered,
    lines: &mut BTreeMap<CodingId, String>,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("uncovered")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.heading(format!("Segments in no theme ({})", found.segments.len()));
            if found.segments.is_empty() {
                ui.weak("Every coded segment belongs to a theme that is not discarded.");
            }
            let button_height = rows::button_row_height(ui);
            rows::in_view(ui, found.segments.len(), button_height, |ui, index| {
                let id = found.segments[index];
                if !lines.contains_key(&id)
                    && !project.codings.get(&id).is_none_or(|coding| {
                        crate::gui::texts::ready(ui.ctx(), project, coding.document)
                    })
                {
                    // Not kept: the line is written once the text is read.
                    ui.add_enabled(
                        false,
                        egui::Button::new(crate::gui::texts::READING)
                            .min_size(egui::vec2(ui.available_width(), button_height)),
                    );
                    return;
                }
                let text: &str = lines
                    .entry(id)
                    .or_insert_with(|| segment_line(project, id).unwrap_or_default());
                if text.is_empty() {
                    return;
                }
                let button = egui::Button::new(text)
                    .truncate()
                    .min_size(egui::vec2(ui.available_width(), button_height));
                if ui
                    .add(button)
                    .on_hover_ui(|ui| {
                        ui.label(text);
                        ui.weak("Show it in its transcript");
                    })
                    .clicked()
                {
                    intents.push(Intent::RevealSegment(id));
                }
            });
            let label_height = ui.text_style_height(&egui::TextStyle::Body);
            ui.add_space(12.0);
            ui.heading(format!(
                "Documents with little coding ({})",
                found.documents.len()
            ));
            ui.weak("Those with under half the median share of their text coded.");
            rows::in_view(ui, found.documents.len(), label_height, |ui, index| {
                let (id, share) = found.documents[index];
                if let Some(document) = project.documents.get(&id) {
                    ui.label(format!("{}: {:.0}% coded", document.name, share * 100.0));
                }
            });
            ui.add_space(12.0);
            ui.heading(format!(
                "Participants with little coding ({})",
                found.participants.len()
            ));
            ui.weak("Those with under half the median number of coded segments.");
            rows::in_view(ui, found.participants.len(), label_height, |ui, index| {
                let (id, count) = &found.participants[index];
                if let Some(participant) = project.participants.get(id) {
                    ui.label(format!("{}: {count} segment(s)", participant.name));
                }
            });
        });
    intents
}

/// “The quote, on one line” — speaker · document · code path.
fn segment_line(project: &Project, id: CodingId) -> Option<String> {
    let segment = project.segment(&id)?;
    let quote: String = segment
        .quote
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(160)
        .collect();
    Some(format!(
        "“{quote}” — {} · {} · {}",
        segment.speaker.unwrap_or("no speaker"),
        segment.document.name,
        project.code_path(segment.code.id)
    ))
}
