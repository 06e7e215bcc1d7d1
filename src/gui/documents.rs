//! The Documents panel: the project's transcripts grouped by their `type`
//! attribute and then by `group`, with a filter box, for choosing what the
//! transcript panel shows. The grouping is worked out again only when the
//! project or the filter changes, and only the rows in view are drawn.

use crate::gui::intent::Intent;
use crate::gui::rows;
use crate::model::{Document, DocumentId, Project};
use std::collections::BTreeMap;

/// The heading for documents without a `type` attribute.
const OTHER: &str = "Other";

/// The panel's own state: the filter text and the grouping of the documents
/// that pass it, for the revision and filter it was worked out for.
#[derive(Default)]
pub struct DocumentsPanel {
    filter: String,
    listing: Option<(u64, String, Vec<TypeGroup>)>,
}

struct TypeGroup {
    name: String,
    /// Documents with a `group` attribute, by group.
    groups: Vec<(String, Vec<DocumentRow>)>,
    /// Documents of this type without one.
    ungrouped: Vec<DocumentRow>,
    /// How many documents it holds.
    count: usize,
}

struct DocumentRow {
    id: DocumentId,
    name: String,
    turns: usize,
}

impl DocumentsPanel {
    /// Shows the panel. `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        selected: Option<DocumentId>,
    ) -> Option<Intent> {
        ui.heading("Documents");
        let label = ui.label("Filter documents");
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("part of a name")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.separator();
        if project.documents.is_empty() {
            ui.weak("No documents yet. Import transcripts from the File menu.");
            return None;
        }
        let filter = self.filter.trim().to_lowercase();
        if self
            .listing
            .as_ref()
            .is_none_or(|(seen, seen_filter, _)| *seen != revision || *seen_filter != filter)
        {
            let groups = group_documents(project, &filter);
            self.listing = Some((revision, filter.clone(), groups));
        }
        let Some((_, _, groups)) = &self.listing else {
            return None;
        };
        let mut intent = None;
        egui::ScrollArea::vertical()
            .id_salt("documents-list")
            .auto_shrink(false)
            .show(ui, |ui| {
                for group in groups {
                    show_type_group(ui, group, !filter.is_empty(), selected, &mut intent);
                }
                if groups.is_empty() {
                    ui.weak("No document names contain that text.");
                }
            });
        intent
    }
}

/// Shows one type's documents, `filtering` or not.
fn show_type_group(
    ui: &mut egui::Ui,
    group: &TypeGroup,
    filtering: bool,
    selected: Option<DocumentId>,
    intent: &mut Option<Intent>,
) {
    // While filtering, every heading with a match is opened so matches are seen.
    let forced_open = filtering.then_some(true);
    let height = rows::button_row_height(ui);
    egui::CollapsingHeader::new(format!("{} ({})", group.name, group.count))
        .id_salt(("document-type", &group.name))
        .default_open(true)
        .open(forced_open)
        .show(ui, |ui| {
            for (name, documents) in &group.groups {
                egui::CollapsingHeader::new(format!("{name} ({})", documents.len()))
                    .id_salt(("document-group", &group.name, name))
                    .default_open(true)
                    .open(forced_open)
                    .show(ui, |ui| {
                        rows::in_view(ui, documents.len(), height, |ui, index| {
                            document_row(ui, &documents[index], selected, height, intent);
                        });
                    });
            }
            rows::in_view(ui, group.ungrouped.len(), height, |ui, index| {
                document_row(ui, &group.ungrouped[index], selected, height, intent);
            });
        });
}

fn document_row(
    ui: &mut egui::Ui,
    row: &DocumentRow,
    selected: Option<DocumentId>,
    height: f32,
    intent: &mut Option<Intent>,
) {
    let turns = format!(
        "{} {}",
        row.turns,
        if row.turns == 1 { "turn" } else { "turns" }
    );
    let button = egui::Button::selectable(selected == Some(row.id), row.name.as_str())
        .right_text(egui::RichText::new(turns).weak())
        .truncate()
        .min_size(egui::vec2(ui.available_width(), height));
    if ui.add(button).clicked() {
        *intent = Some(Intent::SelectDocument(row.id));
    }
}

/// An attribute by name, compared without regard to case, when it has a value.
fn attribute<'d>(document: &'d Document, name: &str) -> Option<&'d str> {
    document
        .attributes
        .iter()
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The documents whose names contain `filter` (in lower case), by type and
/// group; types and groups with none are left out.
fn group_documents(project: &Project, filter: &str) -> Vec<TypeGroup> {
    // Keyed in lower case so "Interview" and "interview" share a heading; the
    // first spelling seen names it.
    let mut types: BTreeMap<(bool, String), TypeGroup> = BTreeMap::new();
    let passing = project
        .documents_by_name()
        .into_iter()
        .filter(|document| filter.is_empty() || document.name.to_lowercase().contains(filter));
    for document in passing {
        let kind = attribute(document, "type");
        let key = (kind.is_none(), kind.unwrap_or(OTHER).to_lowercase());
        let entry = types.entry(key).or_insert_with(|| TypeGroup {
            name: kind.unwrap_or(OTHER).to_owned(),
            groups: Vec::new(),
            ungrouped: Vec::new(),
            count: 0,
        });
        entry.count += 1;
        let row = DocumentRow {
            id: document.id,
            name: document.name.clone(),
            turns: document.turns.len(),
        };
        match attribute(document, "group") {
            Some(group) => {
                match entry
                    .groups
                    .iter_mut()
                    .find(|(name, _)| name.eq_ignore_ascii_case(group))
                {
                    Some((_, rows)) => rows.push(row),
                    None => entry.groups.push((group.to_owned(), vec![row])),
                }
            }
            None => entry.ungrouped.push(row),
        }
    }
    let mut groups: Vec<TypeGroup> = types.into_values().collect();
    for group in &mut groups {
        group.groups.sort_by_key(|(name, _)| name.to_lowercase());
    }
    groups
}
