//! The Segments panel: the coded segments of the project, filtered by code
//! (with or without the codes under it), document, speaker, a participant
//! attribute and its value, and coder. Each row shows the quote, its speaker,
//! its document and its code's path, and opens its place in the transcript;
//! right-click a row to uncode or recode it or write its memo.
//!
//! The code filter follows the code chosen in the codebook, and can be set
//! here too; the list is worked out again only when the project or a filter
//! changes.

use crate::gui::Action;
use crate::model::{CodeId, CoderId, CodingId, DocumentId, Project, SegmentFilter};
use std::collections::BTreeSet;

/// How many chars of a quote a segment row shows; the transcript has the rest.
const QUOTE_CHARS: usize = 220;
/// What a row says when its passage is outside every turn.
const NO_SPEAKER: &str = "no speaker";

/// The panel's filters and the rows they last gave.
pub struct SegmentsPanel {
    /// The codebook's choice when the panel last looked, to follow it.
    followed: Option<CodeId>,
    code: Option<CodeId>,
    include_child_codes: bool,
    document: Option<DocumentId>,
    speaker: Option<String>,
    attribute: Option<String>,
    value: Option<String>,
    coder: Option<CoderId>,
    /// The revision and filter the rows were worked out for.
    rows: Option<(u64, String, Vec<SegmentRow>)>,
}

impl Default for SegmentsPanel {
    fn default() -> Self {
        Self {
            followed: None,
            code: None,
            include_child_codes: true,
            document: None,
            speaker: None,
            attribute: None,
            value: None,
            coder: None,
            rows: None,
        }
    }
}

struct SegmentRow {
    coding: CodingId,
    memo: String,
    quote: String,
    speaker: String,
    /// Who said it, as the row shows it: the participant's name, which for a role
    /// label ("Participant") says more than the label.
    who: String,
    document_name: String,
    code_path: String,
}

impl SegmentsPanel {
    /// Shows the panel. `revision` changes whenever the project does;
    /// `selected` is the code chosen in the codebook.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        selected: Option<CodeId>,
        selection: Option<(crate::model::DocumentId, usize, usize)>,
    ) -> Option<Action> {
        if selected != self.followed {
            self.followed = selected;
            if selected.is_some() {
                self.code = selected;
            }
        }
        self.drop_missing(project);
        let mut action = None;
        ui.heading("Segments");
        self.filters(ui, project, &mut action);
        let key = self.filter_key();
        let stale = self
            .rows
            .as_ref()
            .is_none_or(|(seen, seen_key, _)| *seen != revision || *seen_key != key);
        if stale {
            self.rows = Some((revision, key, segment_rows(project, &self.filter())));
        }
        let Some((_, _, rows)) = &self.rows else {
            return action;
        };
        let count = match rows.len() {
            1 => "1 segment".to_owned(),
            many => format!("{many} segments"),
        };
        if let Some(code) = self.code.and_then(|code| project.codes.get(&code)) {
            ui.strong(format!("Segments of {} ({})", code.name, rows.len()));
        }
        ui.label(count);
        if rows.is_empty() {
            ui.weak("No coded segment matches these filters.");
            return action;
        }
        // Rows are all one height, so only those in view are drawn: a
        // project with thousands of segments scrolls as fast as one with ten.
        let row_height = segment_row_height(ui);
        egui::ScrollArea::vertical()
            .id_salt("segments-list")
            .auto_shrink(false)
            .show_rows(ui, row_height, rows.len(), |ui, shown| {
                for row in &rows[shown] {
                    let response = segment_row(ui, row, row_height);
                    response.context_menu(|ui| {
                        let playable = crate::gui::player_bar::can_play(project, row.coding);
                        if let Some(chosen) = crate::gui::transcript::segment_menu(
                            ui, row.coding, selection, playable,
                        ) {
                            action = Some(chosen);
                            ui.close();
                        }
                        if ui.button("New memo on this segment").clicked() {
                            action =
                                Some(Action::NewMemo(crate::model::Target::Coding(row.coding)));
                            ui.close();
                        }
                        if row.speaker != NO_SPEAKER
                            && ui
                                .button(format!("Code every turn of {}…", row.speaker))
                                .clicked()
                        {
                            action = Some(Action::AutocodeSpeaker(row.speaker.clone()));
                            ui.close();
                        }
                    });
                    if response.clicked() {
                        action = Some(Action::RevealSegment(row.coding));
                    }
                }
            });
        action
    }

    /// Forgets filters whose records a change took away.
    fn drop_missing(&mut self, project: &Project) {
        if self
            .code
            .is_some_and(|code| !project.codes.contains_key(&code))
        {
            self.code = None;
        }
        if self
            .document
            .is_some_and(|document| !project.documents.contains_key(&document))
        {
            self.document = None;
        }
        if self
            .coder
            .is_some_and(|coder| !project.coders.contains_key(&coder))
        {
            self.coder = None;
        }
    }

    fn filters(&mut self, ui: &mut egui::Ui, project: &Project, autocode: &mut Option<Action>) {
        let code_name = |code: Option<CodeId>| {
            code.map_or_else(|| "Any code".to_owned(), |code| project.code_path(code))
        };
        egui::ComboBox::from_label("Code filter")
            .selected_text(code_name(self.code))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.code, None, "Any code");
                for (_, code) in project.codes_in_tree_order() {
                    let name = project.code_path(code.id);
                    ui.selectable_value(&mut self.code, Some(code.id), name);
                }
            });
        ui.checkbox(&mut self.include_child_codes, "With child codes");

        let document_name = |document: Option<DocumentId>| {
            document
                .and_then(|document| project.documents.get(&document))
                .map_or_else(|| "Any document".to_owned(), |doc| doc.name.clone())
        };
        egui::ComboBox::from_label("Document filter")
            .selected_text(document_name(self.document))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.document, None, "Any document");
                for document in project.documents_by_name() {
                    ui.selectable_value(
                        &mut self.document,
                        Some(document.id),
                        document.name.as_str(),
                    );
                }
            });

        let speakers = speakers(project);
        text_picker(
            ui,
            "Speaker filter",
            "Any speaker",
            &mut self.speaker,
            &speakers,
        );
        if let Some(speaker) = &self.speaker
            && ui
                .button(format!("Code every turn of {speaker}…"))
                .clicked()
        {
            *autocode = Some(Action::AutocodeSpeaker(speaker.clone()));
        }

        let attributes = attribute_names(project);
        let before = self.attribute.clone();
        text_picker(
            ui,
            "Attribute filter",
            "Any attribute",
            &mut self.attribute,
            &attributes,
        );
        if self.attribute != before {
            self.value = None;
        }
        if let Some(attribute) = &self.attribute {
            let values = attribute_values(project, attribute);
            text_picker(ui, "Attribute value", "Any value", &mut self.value, &values);
        }

        let coder_name = |coder: Option<CoderId>| {
            coder
                .and_then(|coder| project.coders.get(&coder))
                .map_or_else(|| "Any coder".to_owned(), |coder| coder.name.clone())
        };
        egui::ComboBox::from_label("Coder filter")
            .selected_text(coder_name(self.coder))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.coder, None, "Any coder");
                for coder in project.coders.values() {
                    ui.selectable_value(&mut self.coder, Some(coder.id), coder.name.as_str());
                }
            });
        ui.separator();
    }

    fn filter(&self) -> SegmentFilter {
        let attributes = match (&self.attribute, &self.value) {
            (Some(name), Some(value)) => vec![(name.clone(), value.clone())],
            _ => Vec::new(),
        };
        SegmentFilter {
            code: self.code,
            include_child_codes: self.include_child_codes,
            document: self.document,
            speaker: self.speaker.clone(),
            coder: self.coder,
            attributes,
        }
    }

    fn filter_key(&self) -> String {
        format!("{:?}", self.filter())
    }
}

/// A combo box choosing one of `options` or none (`any`).
pub(crate) fn text_picker(
    ui: &mut egui::Ui,
    label: &str,
    any: &str,
    chosen: &mut Option<String>,
    options: &[String],
) {
    egui::ComboBox::from_label(label)
        .selected_text(chosen.clone().unwrap_or_else(|| any.to_owned()))
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, any);
            for option in options {
                ui.selectable_value(chosen, Some(option.clone()), option.as_str());
            }
        });
}

/// Every speaker label of the project, sorted.
pub fn speakers(project: &Project) -> Vec<String> {
    project
        .documents
        .values()
        .flat_map(|document| document.turns.iter().map(|turn| turn.speaker.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The names of the participants' attributes, sorted.
pub fn attribute_names(project: &Project) -> Vec<String> {
    project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The values participants have for `attribute`, sorted.
pub fn attribute_values(project: &Project, attribute: &str) -> Vec<String> {
    project
        .participants
        .values()
        .filter_map(|participant| participant.attributes.get(attribute).cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn segment_rows(project: &Project, filter: &SegmentFilter) -> Vec<SegmentRow> {
    project
        .segments(filter)
        .into_iter()
        .map(|segment| SegmentRow {
            coding: segment.coding.id,
            memo: segment.coding.memo.clone(),
            quote: shorten(segment.quote, QUOTE_CHARS),
            speaker: segment.speaker.unwrap_or(NO_SPEAKER).to_owned(),
            who: segment.participant.map_or_else(
                || segment.speaker.unwrap_or(NO_SPEAKER).to_owned(),
                |participant| participant.name.clone(),
            ),
            document_name: segment.document.name.clone(),
            code_path: project.code_path(segment.code.id),
        })
        .collect()
}

/// The height of one row of the list: two lines of quote and one of
/// source, with some air.
fn segment_row_height(ui: &egui::Ui) -> f32 {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let (body_row, small_row) =
        ui.fonts_mut(|fonts| (fonts.row_height(&body), fonts.row_height(&small)));
    2.0 * body_row + small_row + 12.0
}

/// One segment: its quote on up to two lines, then who said it, where and
/// under which code (and "memo" when it has one). It is a button to a screen
/// reader and to the keyboard (Tab to it, Enter to open it), labelled with
/// all of that, memo included.
fn segment_row(ui: &mut egui::Ui, row: &SegmentRow, height: f32) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    let mut source = format!("{} · {} · {}", row.who, row.document_name, row.code_path);
    if !row.memo.trim().is_empty() {
        source.push_str(" · memo");
    }
    let mut label = format!("“{}”\n— {source}", row.quote);
    if !row.memo.trim().is_empty() {
        label.push_str(&format!("\nMemo: {}", shorten(&row.memo, QUOTE_CHARS)));
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        if response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                3.0,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        let inner = rect.shrink2(egui::vec2(6.0, 4.0));
        let body = egui::TextStyle::Body.resolve(ui.style());
        let small = egui::TextStyle::Small.resolve(ui.style());
        let mut quote = egui::text::LayoutJob::simple(
            format!("“{}”", row.quote),
            body,
            ui.visuals().text_color(),
            inner.width(),
        );
        quote.wrap.max_rows = 2;
        let quote = ui.painter().layout_job(quote);
        let quote_height = quote.size().y;
        ui.painter()
            .galley(inner.min, quote, ui.visuals().text_color());
        let mut source_job =
            egui::text::LayoutJob::simple_singleline(source, small, ui.visuals().weak_text_color());
        source_job.wrap = egui::text::TextWrapping::truncate_at_width(inner.width());
        let source = ui.painter().layout_job(source_job);
        let source_top = (inner.min.y + quote_height + 2.0).min(inner.max.y - source.size().y);
        ui.painter().galley(
            egui::pos2(inner.min.x, source_top),
            source,
            ui.visuals().weak_text_color(),
        );
    }
    let hover = if row.memo.trim().is_empty() {
        "Show this passage in its transcript; right-click for more".to_owned()
    } else {
        format!(
            "Memo: {}\n\nShow this passage in its transcript; right-click for more",
            shorten(&row.memo, QUOTE_CHARS)
        )
    };
    response.on_hover_text(hover)
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
