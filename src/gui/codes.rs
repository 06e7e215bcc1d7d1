//! The Codes panel: the codebook as an indented tree with each code's colour
//! and its counts of codings and documents. Choosing a code lists its coded
//! segments in the Segments panel (`segments.rs`).
//!
//! Right-click a code to rename, recolour, describe, move, merge or delete it.
//! Drag a code onto another to move it under that code, or onto the strip
//! that appears below the tree to move it to the top level.
//!
//! The tree and its counts are worked out once per project revision (counting
//! walks every coding), and only the rows in view are drawn.

use crate::gui::colors::code_color;
use crate::gui::intent::Dialog;
use crate::gui::intent::Intent;
use crate::gui::intent::PickerPurpose;
use crate::gui::rows;
use crate::model::{CodeId, DocumentId, Project};
use crate::workbench::CODE_PALETTE;
use std::collections::{BTreeSet, HashMap};

/// How far each level of the tree is indented, in points.
const INDENT_PER_LEVEL: f32 = 14.0;

/// The panel's own state: the tree, worked out again only when the project
/// changes.
#[derive(Default)]
pub struct CodesPanel {
    tree: Option<(u64, Vec<CodeRow>)>,
}

/// The names the palette's colours are offered under, in its order.
const PALETTE_NAMES: [&str; 10] = [
    "Blue", "Orange", "Green", "Red", "Teal", "Yellow", "Purple", "Pink", "Brown", "Grey",
];

struct CodeRow {
    id: CodeId,
    depth: usize,
    name: String,
    color: egui::Color32,
    has_parent: bool,
    /// Codings of this code itself.
    codings: usize,
    /// Codings of it and every code under it; `None` without children.
    with_children: Option<usize>,
    /// Documents it (or a code under it) is applied in.
    documents: usize,
    description: String,
}

impl CodesPanel {
    /// Shows the panel. `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        selected: Option<CodeId>,
    ) -> Option<Intent> {
        let mut intent = None;
        ui.horizontal(|ui| {
            ui.heading("Codes");
            if ui.button("New code…").clicked() {
                intent = Some(Intent::OpenDialog(Dialog::NewCode {
                    parent: None,
                    name: String::new(),
                }));
            }
        });
        if project.codes.is_empty() {
            ui.weak("No codes yet.");
            return intent;
        }
        if self.tree.as_ref().is_none_or(|(seen, _)| *seen != revision) {
            self.tree = Some((revision, code_rows(project)));
        }
        let selected = selected.filter(|code| project.codes.contains_key(code));
        if let Some((_, rows)) = &self.tree {
            egui::ScrollArea::vertical()
                .id_salt("code-tree")
                .auto_shrink(false)
                .show(ui, |ui| {
                    let height = rows::button_row_height(ui);
                    rows::in_view(ui, rows.len(), height, |ui, index| {
                        let row = &rows[index];
                        if let Some(chosen) = code_row(ui, row, selected == Some(row.id), height) {
                            intent = Some(chosen);
                        }
                    });
                    if let Some(chosen) = top_level_drop_zone(ui) {
                        intent = Some(chosen);
                    }
                });
        }
        intent
    }
}

fn code_row(ui: &mut egui::Ui, row: &CodeRow, selected: bool, height: f32) -> Option<Intent> {
    ui.horizontal(|ui| {
        ui.add_space(INDENT_PER_LEVEL * row.depth as f32);
        let size = egui::vec2(12.0, 12.0);
        let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter().rect_filled(swatch, 2.0, row.color);
        let button = egui::Button::selectable(selected, row.name.as_str())
            .right_text(egui::RichText::new(counts_text(row)).weak())
            .truncate()
            .sense(egui::Sense::click_and_drag())
            .min_size(egui::vec2(ui.available_width(), height));
        // Written only while it is shown, not for every row every frame.
        let response = ui.add(button).on_hover_ui(|ui| {
            let mut hover = counts_sentence(row);
            if !row.description.is_empty() {
                hover = format!("{}\n\n{hover}", row.description);
            }
            hover.push_str("\n\nDrag onto another code to move it there.");
            ui.label(hover);
        });
        let mut intent = response.clicked().then_some(Intent::SelectCode(row.id));
        response.dnd_set_drag_payload(DraggedCode { id: row.id });
        if response.dragged()
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            // The code's name follows the pointer while it is dragged.
            egui::Area::new(egui::Id::unique("dragged-code"))
                .order(egui::Order::Tooltip)
                .fixed_pos(pointer + egui::vec2(12.0, 4.0))
                .interactable(false)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(format!("Move {}", row.name));
                    });
                });
        }
        if let Some(dragged) = response.dnd_hover_payload::<DraggedCode>()
            && dragged.id != row.id
        {
            let stroke = ui.visuals().selection.stroke;
            ui.painter()
                .rect_stroke(response.rect, 2.0, stroke, egui::StrokeKind::Inside);
        }
        if let Some(dragged) = response.dnd_release_payload::<DraggedCode>()
            && dragged.id != row.id
        {
            intent = Some(Intent::MoveCode {
                code: dragged.id,
                parent: Some(row.id),
            });
        }
        response.context_menu(|ui| {
            if let Some(chosen) = code_menu(ui, row) {
                intent = Some(chosen);
                ui.close();
            }
        });
        intent
    })
    .inner
}

/// What a code carries while it is dragged: onto another code in the tree,
/// or onto a theme's card on the themes board.
pub(crate) struct DraggedCode {
    pub(crate) id: CodeId,
}

/// While a code is dragged, a strip below the tree: dropping it there moves
/// the code to the top level.
fn top_level_drop_zone(ui: &mut egui::Ui) -> Option<Intent> {
    if !egui::DragAndDrop::has_payload_of_type::<DraggedCode>(ui.ctx()) {
        return None;
    }
    let size = egui::vec2(ui.available_width(), 36.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let hovered = response.dnd_hover_payload::<DraggedCode>().is_some();
    let stroke = if hovered {
        ui.visuals().selection.stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter()
        .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop here to move to the top level",
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().weak_text_color(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Label,
            true,
            "Drop here to move to the top level",
        )
    });
    let dragged = response.dnd_release_payload::<DraggedCode>()?;
    Some(Intent::MoveCode {
        code: dragged.id,
        parent: None,
    })
}

/// "12 · 4 docs", or "12 (30) · 9 docs" for a code with codes under it.
fn counts_text(row: &CodeRow) -> String {
    let documents = match row.documents {
        1 => "1 doc".to_owned(),
        many => format!("{many} docs"),
    };
    match row.with_children {
        Some(total) => format!("{} ({total}) · {documents}", row.codings),
        None => format!("{} · {documents}", row.codings),
    }
}

fn counts_sentence(row: &CodeRow) -> String {
    let plural = |count: usize, word: &str| {
        if count == 1 {
            format!("1 {word}")
        } else {
            format!("{count} {word}s")
        }
    };
    let own = plural(row.codings, "coding");
    let documents = plural(row.documents, "document");
    match row.with_children {
        Some(total) => format!(
            "{own} of this code, {} with the codes under it, in {documents}",
            plural(total, "coding")
        ),
        None => format!("{own} in {documents}"),
    }
}

/// The right-click menu of a code.
fn code_menu(ui: &mut egui::Ui, row: &CodeRow) -> Option<Intent> {
    let mut intent = None;
    if ui.button("Rename…").clicked() {
        intent = Some(Intent::OpenDialog(Dialog::Rename {
            code: row.id,
            name: row.name.clone(),
        }));
    }
    if ui.button("New memo on this code").clicked() {
        intent = Some(Intent::NewMemo(crate::model::Target::Code(row.id)));
    }
    if ui.button("Describe…").clicked() {
        intent = Some(Intent::OpenDialog(Dialog::Describe {
            code: row.id,
            name: row.name.clone(),
            description: row.description.clone(),
        }));
    }
    ui.menu_button("Recolour", |ui| {
        for (color, name) in CODE_PALETTE.iter().zip(PALETTE_NAMES) {
            let clicked = ui
                .horizontal(|ui| {
                    let size = egui::vec2(12.0, 12.0);
                    let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                    ui.painter().rect_filled(swatch, 2.0, code_color(color));
                    ui.button(name).clicked()
                })
                .inner;
            if clicked {
                intent = Some(Intent::Recolour {
                    code: row.id,
                    color: (*color).to_owned(),
                });
            }
        }
    });
    ui.separator();
    if ui.button("New code under it…").clicked() {
        intent = Some(Intent::OpenDialog(Dialog::NewCode {
            parent: Some(row.id),
            name: String::new(),
        }));
    }
    if ui.button("Move under…").clicked() {
        intent = Some(Intent::OpenPicker(PickerPurpose::MoveUnder(row.id)));
    }
    if ui
        .add_enabled(row.has_parent, egui::Button::new("Move to top level"))
        .clicked()
    {
        intent = Some(Intent::MoveToTopLevel(row.id));
    }
    if ui.button("Merge into…").clicked() {
        intent = Some(Intent::OpenPicker(PickerPurpose::MergeInto(row.id)));
    }
    ui.separator();
    if ui.button("Delete…").clicked() {
        intent = Some(Intent::OpenDialog(Dialog::ConfirmDelete {
            code: row.id,
            name: row.name.clone(),
            codings: row.codings,
        }));
    }
    intent
}

fn code_rows(project: &Project) -> Vec<CodeRow> {
    // One pass over the codings, counting by the codes' places in a list:
    // this runs on every change, over as many as 100,000 codings.
    let ids: Vec<CodeId> = project.codes.keys().copied().collect();
    let place: HashMap<CodeId, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    let parent: Vec<Option<usize>> = project
        .codes
        .values()
        .map(|code| code.parent.and_then(|parent| place.get(&parent).copied()))
        .collect();
    let document_place: HashMap<DocumentId, usize> = project
        .documents
        .keys()
        .enumerate()
        .map(|(n, id)| (*id, n))
        .collect();
    let words = project.documents.len().div_ceil(64);
    let mut own = vec![0usize; ids.len()];
    // Codings of each code together with the codes under it, and the
    // documents they are in, one bit per document.
    let mut totals = vec![0usize; ids.len()];
    let mut applied = vec![0u64; ids.len() * words];
    for coding in project.codings.values() {
        let Some(&code) = place.get(&coding.code) else {
            continue;
        };
        let document = document_place.get(&coding.document).copied();
        own[code] += 1;
        let mut cursor = Some(code);
        let mut steps = 0;
        // The bound guards against a cycle in a damaged file.
        while let Some(current) = cursor.filter(|_| steps <= ids.len()) {
            totals[current] += 1;
            if let Some(document) = document {
                applied[current * words + document / 64] |= 1 << (document % 64);
            }
            cursor = parent[current];
            steps += 1;
        }
    }
    let documents: Vec<usize> = (0..ids.len())
        .map(|code| {
            applied[code * words..(code + 1) * words]
                .iter()
                .map(|word| word.count_ones() as usize)
                .sum()
        })
        .collect();
    let parents: BTreeSet<CodeId> = project.codes.values().filter_map(|c| c.parent).collect();
    project
        .codes_in_tree_order()
        .into_iter()
        .map(|(depth, code)| {
            let at = place.get(&code.id).copied().unwrap_or(0);
            CodeRow {
                id: code.id,
                depth,
                name: code.name.clone(),
                color: code_color(&code.color),
                has_parent: code.parent.is_some(),
                codings: own[at],
                with_children: parents.contains(&code.id).then_some(totals[at]),
                documents: documents[at],
                description: code.description.clone(),
            }
        })
        .collect()
}
