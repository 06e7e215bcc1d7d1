//! The Codes panel: the codebook as an indented tree with each code's colour
//! and number of codings, and the coded segments of the chosen code, each of
//! which opens its place in the transcript.

use crate::gui::Action;
use crate::gui::colors::code_color;
use crate::model::{CodeId, DocumentId, Project, SegmentFilter};

/// How many chars of a quote a segment row shows; the transcript has the rest.
const QUOTE_CHARS: usize = 220;
/// How far each level of the tree is indented, in points.
const INDENT_PER_LEVEL: f32 = 14.0;

/// The panel's own state: the tree and the chosen code's segments, worked out
/// again only when the project or the choice changes.
#[derive(Default)]
pub struct CodesPanel {
    tree: Option<(u64, Vec<CodeRow>)>,
    segments: Option<(u64, CodeId, Vec<SegmentRow>)>,
}

struct CodeRow {
    id: CodeId,
    depth: usize,
    name: String,
    color: egui::Color32,
    codings: usize,
    description: String,
}

struct SegmentRow {
    document: DocumentId,
    start: usize,
    end: usize,
    quote: String,
    speaker: String,
    document_name: String,
}

impl CodesPanel {
    /// Shows the panel. `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        selected: Option<CodeId>,
    ) -> Option<Action> {
        ui.heading("Codes");
        if project.codes.is_empty() {
            ui.weak("No codes yet.");
            return None;
        }
        if self.tree.as_ref().is_none_or(|(seen, _)| *seen != revision) {
            self.tree = Some((revision, code_rows(project)));
        }
        let selected = selected.filter(|code| project.codes.contains_key(code));
        let mut action = None;
        // With a code chosen the tree takes the upper half and its segments
        // the lower; otherwise the tree has the whole height.
        let tree_height = if selected.is_some() {
            ui.available_height() * 0.45
        } else {
            f32::INFINITY
        };
        if let Some((_, rows)) = &self.tree {
            egui::ScrollArea::vertical()
                .id_salt("code-tree")
                .max_height(tree_height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for row in rows {
                        if let Some(chosen) = code_row(ui, row, selected == Some(row.id)) {
                            action = Some(chosen);
                        }
                    }
                });
        }
        if let Some(code) = selected {
            ui.separator();
            if let Some(chosen) = self.show_segments(ui, project, revision, code) {
                action = Some(chosen);
            }
        }
        action
    }

    fn show_segments(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        code: CodeId,
    ) -> Option<Action> {
        let stale = self
            .segments
            .as_ref()
            .is_none_or(|(seen, seen_code, _)| *seen != revision || *seen_code != code);
        if stale {
            self.segments = Some((revision, code, segment_rows(project, code)));
        }
        let (_, _, rows) = self.segments.as_ref()?;
        let name = project
            .codes
            .get(&code)
            .map_or("this code", |code| code.name.as_str());
        ui.horizontal(|ui| {
            ui.strong(format!("Segments of {name} ({})", rows.len()));
        });
        if rows.is_empty() {
            ui.weak("Nothing is coded with it (or the codes under it) yet.");
            return None;
        }
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt("code-segments")
            .auto_shrink(false)
            .show(ui, |ui| {
                for row in rows {
                    let text =
                        format!("“{}”\n— {} · {}", row.quote, row.speaker, row.document_name);
                    let button = egui::Button::new(text)
                        .wrap()
                        .min_size(egui::vec2(ui.available_width(), 0.0));
                    if ui
                        .add(button)
                        .on_hover_text("Show this passage in its transcript")
                        .clicked()
                    {
                        action = Some(Action::Reveal {
                            document: row.document,
                            start: row.start,
                            end: row.end,
                        });
                    }
                }
            });
        action
    }
}

fn code_row(ui: &mut egui::Ui, row: &CodeRow, selected: bool) -> Option<Action> {
    ui.horizontal(|ui| {
        ui.add_space(INDENT_PER_LEVEL * row.depth as f32);
        let size = egui::vec2(12.0, 12.0);
        let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter().rect_filled(swatch, 2.0, row.color);
        let button = egui::Button::selectable(selected, row.name.as_str())
            .right_text(egui::RichText::new(row.codings.to_string()).weak())
            .truncate()
            .min_size(egui::vec2(ui.available_width(), 0.0));
        let mut response = ui.add(button);
        if !row.description.is_empty() {
            response = response.on_hover_text(&row.description);
        }
        response.clicked().then_some(Action::SelectCode(row.id))
    })
    .inner
}

fn code_rows(project: &Project) -> Vec<CodeRow> {
    let counts = project.code_counts();
    project
        .codes_in_tree_order()
        .into_iter()
        .map(|(depth, code)| CodeRow {
            id: code.id,
            depth,
            name: code.name.clone(),
            color: code_color(&code.color),
            codings: counts.get(&code.id).map_or(0, |count| count.codings),
            description: code.description.clone(),
        })
        .collect()
}

fn segment_rows(project: &Project, code: CodeId) -> Vec<SegmentRow> {
    let filter = SegmentFilter {
        code: Some(code),
        include_child_codes: true,
        ..SegmentFilter::default()
    };
    project
        .segments(&filter)
        .into_iter()
        .map(|segment| SegmentRow {
            document: segment.document.id,
            start: segment.coding.start,
            end: segment.coding.end,
            quote: shorten(segment.quote, QUOTE_CHARS),
            speaker: segment.speaker.unwrap_or("no speaker").to_owned(),
            document_name: segment.document.name.clone(),
        })
        .collect()
}

/// The text on one line, cut at `limit` chars with an ellipsis.
pub fn shorten(text: &str, limit: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= limit {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(limit).collect();
    cut.push('…');
    cut
}
