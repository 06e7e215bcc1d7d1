//! The Documents panel: the project's transcripts grouped by their `type`
//! attribute and then by `group`, with a filter box, for choosing what the
//! transcript panel shows.

use crate::gui::Action;
use crate::model::{Document, DocumentId, Project};
use std::collections::BTreeMap;

/// The heading for documents without a `type` attribute.
const OTHER: &str = "Other";

/// The panel's own state: the filter text and the grouping, which is worked
/// out again only when the project changes.
#[derive(Default)]
pub struct DocumentsPanel {
    filter: String,
    listing: Option<(u64, Vec<TypeGroup>)>,
}

struct TypeGroup {
    name: String,
    /// Documents with a `group` attribute, by group.
    groups: Vec<(String, Vec<DocumentRow>)>,
    /// Documents of this type without one.
    ungrouped: Vec<DocumentRow>,
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
    ) -> Option<Action> {
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
        if self
            .listing
            .as_ref()
            .is_none_or(|(seen, _)| *seen != revision)
        {
            self.listing = Some((revision, group_documents(project)));
        }
        let Some((_, groups)) = &self.listing else {
            return None;
        };
        let filter = self.filter.trim().to_lowercase();
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt("documents-list")
            .auto_shrink(false)
            .show(ui, |ui| {
                let mut shown = 0;
                for group in groups {
                    shown += show_type_group(ui, group, &filter, selected, &mut action);
                }
                if shown == 0 {
                    ui.weak("No document names contain that text.");
                }
            });
        action
    }
}

/// Shows one type's documents; returns how many passed the filter.
fn show_type_group(
    ui: &mut egui::Ui,
    group: &TypeGroup,
    filter: &str,
    selected: Option<DocumentId>,
    action: &mut Option<Action>,
) -> usize {
    let passes = |row: &&DocumentRow| filter.is_empty() || row.name.to_lowercase().contains(filter);
    let groups: Vec<(&String, Vec<&DocumentRow>)> = group
        .groups
        .iter()
        .map(|(name, rows)| (name, rows.iter().filter(passes).collect::<Vec<_>>()))
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    let ungrouped: Vec<&DocumentRow> = group.ungrouped.iter().filter(passes).collect();
    let count = ungrouped.len() + groups.iter().map(|(_, rows)| rows.len()).sum::<usize>();
    if count == 0 {
        return 0;
    }
    // While filtering, every heading with a match is opened so matches are seen.
    let forced_open = (!filter.is_empty()).then_some(true);
    egui::CollapsingHeader::new(format!("{} ({count})", group.name))
        .id_salt(("document-type", &group.name))
        .default_open(true)
        .open(forced_open)
        .show(ui, |ui| {
            for (name, rows) in &groups {
                egui::CollapsingHeader::new(format!("{name} ({})", rows.len()))
                    .id_salt(("document-group", &group.name, name))
                    .default_open(true)
                    .open(forced_open)
                    .show(ui, |ui| {
                        for row in rows {
                            document_row(ui, row, selected, action);
                        }
                    });
            }
            for row in &ungrouped {
                document_row(ui, row, selected, action);
            }
        });
    count
}

fn document_row(
    ui: &mut egui::Ui,
    row: &DocumentRow,
    selected: Option<DocumentId>,
    action: &mut Option<Action>,
) {
    let turns = format!(
        "{} {}",
        row.turns,
        if row.turns == 1 { "turn" } else { "turns" }
    );
    let button = egui::Button::selectable(selected == Some(row.id), row.name.as_str())
        .right_text(egui::RichText::new(turns).weak())
        .truncate()
        .min_size(egui::vec2(ui.available_width(), 0.0));
    if ui.add(button).clicked() {
        *action = Some(Action::SelectDocument(row.id));
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

fn group_documents(project: &Project) -> Vec<TypeGroup> {
    // Keyed in lower case so "Interview" and "interview" share a heading; the
    // first spelling seen names it.
    let mut types: BTreeMap<(bool, String), TypeGroup> = BTreeMap::new();
    for document in project.documents_by_name() {
        let kind = attribute(document, "type");
        let key = (kind.is_none(), kind.unwrap_or(OTHER).to_lowercase());
        let entry = types.entry(key).or_insert_with(|| TypeGroup {
            name: kind.unwrap_or(OTHER).to_owned(),
            groups: Vec::new(),
            ungrouped: Vec::new(),
        });
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
