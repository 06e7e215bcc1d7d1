//! Coders side by side in the transcript: which coders to compare and on
//! which code, a column of stripes per coder with the coder's name at its
//! head, a lane of red marks where they differ, and the list of the passages
//! where they differ in the shown document, each with a memo to write on it
//! ("discussed 12 May: keep both").

use crate::gui::intent::{Dialog, Intent};
use crate::gui::transcript::layout::{CoderComparison, TranscriptLayout};
use crate::model::text::slice_chars;
use crate::model::{CodeId, CoderId, Document, Project};

/// The width of the lane of differences, left of the coders' columns.
pub const DIFFERENCE_LANE: f32 = 10.0;
/// The width of one coder's column of stripes.
pub const COLUMN_WIDTH: f32 = 34.0;
/// At most this many codes' stripes in one coder's column.
pub const LANES_PER_COLUMN: usize = 4;

/// The comparison the transcript shows, while it shows one.
#[derive(Debug, Clone, Default)]
pub struct CompareCoders {
    pub coders: Vec<CoderId>,
    pub code: Option<CodeId>,
    /// Counts up at every change, for the layout to be cut again.
    pub generation: u64,
    /// Whether the list of passages where the coders differ is open.
    pub list_open: bool,
}

impl CompareCoders {
    /// The comparison the layout draws, once two coders are chosen.
    #[must_use]
    pub fn comparison(&self) -> Option<CoderComparison> {
        (self.coders.len() >= 2).then(|| CoderComparison {
            coders: self.coders.clone(),
            code: self.code,
        })
    }

    /// The names of the compared coders, in column order.
    #[must_use]
    pub fn names(&self, project: &Project) -> Vec<String> {
        project.coder_names(&self.coders)
    }

    /// The bar above the transcript: the coders, the code, and the list.
    pub fn bar(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        document: &Document,
        layout: Option<&TranscriptLayout>,
        intents: &mut Vec<Intent>,
    ) -> Option<(usize, usize)> {
        let before = (self.coders.clone(), self.code);
        ui.horizontal_wrapped(|ui| {
            ui.label("Compare coders:");
            for coder in project.coders.values() {
                let mut ticked = self.coders.contains(&coder.id);
                if ui.checkbox(&mut ticked, &coder.name).changed() {
                    if ticked {
                        self.coders.push(coder.id);
                    } else {
                        self.coders.retain(|id| *id != coder.id);
                    }
                }
            }
            let label = ui.label("on");
            let code_name = self
                .code
                .map_or_else(|| "every code".to_owned(), |code| project.code_path(code));
            egui::ComboBox::from_id_salt("compare-code")
                .selected_text(code_name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.code, None, "every code");
                    for (_, code) in project.codes_in_tree_order() {
                        ui.selectable_value(
                            &mut self.code,
                            Some(code.id),
                            project.code_path(code.id),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.button("Stop comparing").clicked() {
                intents.push(Intent::CompareCoders(false));
            }
        });
        if (self.coders.clone(), self.code) != before {
            self.generation += 1;
        }
        if self.coders.len() < 2 {
            ui.weak("Tick two or more coders to see their codings side by side.");
            return None;
        }
        let differing: Vec<_> = layout
            .map(|layout| {
                layout
                    .codings
                    .iter()
                    .filter(|mark| mark.differs.is_some())
                    .collect()
            })
            .unwrap_or_default();
        let mut shown = None;
        egui::CollapsingHeader::new(format!(
            "Only the passages where they differ ({} here)",
            differing.len()
        ))
        .id_salt("differing")
        .open(Some(self.list_open))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .id_salt("differing-list")
                .show(ui, |ui| {
                    for mark in &differing {
                        let quote: String = slice_chars(&document.text, mark.start, mark.end)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        let note = mark.differs.clone().unwrap_or_default();
                        ui.horizontal(|ui| {
                            if ui
                                .button("Show")
                                .on_hover_text("Show this passage in the transcript")
                                .clicked()
                            {
                                shown = Some((mark.start, mark.end));
                            }
                            if ui
                                .button("Memo…")
                                .on_hover_text("Write a memo on this passage")
                                .clicked()
                            {
                                intents.push(Intent::OpenDialog(Dialog::DifferenceMemo {
                                    document: document.id,
                                    title: format!("Coders differ on {}", mark.path),
                                    context: format!("“{quote}” ({note}.)"),
                                    memo: String::new(),
                                }));
                            }
                            ui.label(format!("{note}: “{}”", short(&quote, 90)));
                        });
                    }
                });
        })
        .header_response
        .clicked()
        .then(|| self.list_open = !self.list_open);
        shown
    }
}

/// `text` cut to `chars` chars at a word, with an ellipsis.
fn short(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(chars).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

/// The coders' names at the head of their columns, at the top of the view.
pub fn column_heads(ui: &mut egui::Ui, left: f32, top: f32, names: &[String]) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let row = font.size + 3.0;
    for (column, name) in names.iter().enumerate() {
        let x = left + DIFFERENCE_LANE + column as f32 * COLUMN_WIDTH;
        let rect = egui::Rect::from_min_size(
            egui::pos2(x, top + column as f32 * row),
            egui::vec2(140.0, row),
        );
        // Left-aligned at the column, not centred in the space beside it.
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(egui::Layout::left_to_right(egui::Align::TOP)),
            |ui| {
                ui.label(egui::RichText::new(format!("▾ {name}")).small().strong());
            },
        );
    }
}
