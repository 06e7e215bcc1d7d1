//! The Segments panel: the coded segments of the project, filtered by code
//! (with or without the codes under it), document, speaker, a participant
//! attribute and its value, and coder. Each row shows the quote, its speaker,
//! its document and its code's path, and opens its place in the transcript;
//! right-click a row to uncode or recode it or write its memo.
//!
//! The code filter follows the code chosen in the codebook, and can be set
//! here too. Which codings pass the filters is worked out again only when the
//! project or a filter changes, and a row's quote and names only when it
//! comes into view: cutting 100,000 quotes out of their transcripts would take
//! seconds. What the speaker and attribute filters offer is worked out once
//! per revision too ([`FilterChoices`], shared with the Search panel).

use crate::gui::intent::Intent;
use crate::gui::texts;
use crate::model::{
    CodeId, CoderId, CodingId, DocumentId, Project, SegmentFilter, participant_has,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// The codings the filters pass, for the revision and filter it was
    /// worked out for.
    listing: Option<Listing>,
}

/// The segments the filters pass, and the rows in view.
struct Listing {
    revision: u64,
    key: String,
    /// In the order of [`Project::segments`].
    codings: Vec<CodingId>,
    /// The rows drawn last frame, by their place in `codings`.
    rows: BTreeMap<usize, Option<SegmentRow>>,
}

/// What the speaker and participant-attribute filters offer, here and in the
/// Search panel, worked out once per project revision: listing the speakers
/// walks every turn of every document, too much for every frame.
#[derive(Default)]
pub struct FilterChoices {
    revision: Option<u64>,
    speakers: Vec<String>,
    attributes: Vec<String>,
    values: BTreeMap<String, Vec<String>>,
}

impl FilterChoices {
    /// Works the choices out again if `revision` is not the one they are for.
    pub fn update(&mut self, project: &Project, revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        let attributes = attribute_names(project);
        *self = Self {
            revision: Some(revision),
            speakers: speakers(project),
            values: attributes
                .iter()
                .map(|name| (name.clone(), attribute_values(project, name)))
                .collect(),
            attributes,
        };
    }

    /// Forgets a chosen speaker, attribute or value a change took away.
    pub fn forget_missing(
        &self,
        speaker: &mut Option<String>,
        attribute: &mut Option<String>,
        value: &mut Option<String>,
    ) {
        // The lists are sorted, so each look-up is a binary search.
        if speaker
            .as_ref()
            .is_some_and(|chosen| self.speakers.binary_search(chosen).is_err())
        {
            *speaker = None;
        }
        if attribute
            .as_ref()
            .is_some_and(|chosen| !self.values.contains_key(chosen))
        {
            *attribute = None;
        }
        let offered = attribute
            .as_deref()
            .map_or(&[][..], |name| self.values(name));
        if value
            .as_ref()
            .is_some_and(|chosen| offered.binary_search(chosen).is_err())
        {
            *value = None;
        }
    }

    /// Every speaker label of the project, sorted.
    #[must_use]
    pub fn speakers(&self) -> &[String] {
        &self.speakers
    }

    /// The names of the participants' attributes, sorted.
    #[must_use]
    pub fn attributes(&self) -> &[String] {
        &self.attributes
    }

    /// The values participants have for `attribute`, sorted.
    #[must_use]
    pub fn values(&self, attribute: &str) -> &[String] {
        self.values.get(attribute).map_or(&[], Vec::as_slice)
    }
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
            listing: None,
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
    /// Whether "Play from here" can play it.
    playable: bool,
}

impl SegmentsPanel {
    /// Shows the panel. `revision` changes whenever the project does;
    /// `selected` is the code chosen in the codebook; `choices` what the
    /// speaker and attribute filters offer.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
        (selected, selection): (Option<CodeId>, Option<(DocumentId, usize, usize)>),
        choices: &mut FilterChoices,
    ) -> Option<Intent> {
        choices.update(project, revision);
        choices.forget_missing(&mut self.speaker, &mut self.attribute, &mut self.value);
        if selected != self.followed {
            self.followed = selected;
            if selected.is_some() {
                self.code = selected;
            }
        }
        self.drop_missing(project);
        let mut intent = None;
        ui.heading("Segments");
        self.filters(ui, project, choices, &mut intent);
        let key = self.filter_key();
        if self
            .listing
            .as_ref()
            .is_none_or(|listing| listing.revision != revision || listing.key != key)
        {
            self.listing = Some(Listing {
                revision,
                codings: passing_codings(project, &self.filter()),
                key,
                rows: BTreeMap::new(),
            });
        }
        let Some(Listing { codings, rows, .. }) = &mut self.listing else {
            return intent;
        };
        let count = match codings.len() {
            1 => "1 segment".to_owned(),
            many => format!("{many} segments"),
        };
        if let Some(code) = self.code.and_then(|code| project.codes.get(&code)) {
            ui.strong(format!("Segments of {} ({})", code.name, codings.len()));
        }
        ui.label(count);
        if codings.is_empty() {
            ui.weak("No coded segment matches these filters.");
            return intent;
        }
        // Rows are all one height, so only those in view are drawn (and
        // built): a project with 100,000 segments scrolls as fast as one
        // with ten.
        let row_height = segment_row_height(ui);
        egui::ScrollArea::vertical()
            .id_salt("segments-list")
            .auto_shrink(false)
            .show_rows(ui, row_height, codings.len(), |ui, shown| {
                rows.retain(|index, _| shown.contains(index));
                let ctx = ui.ctx().clone();
                for index in shown {
                    let coding = codings[index];
                    let waiting;
                    let row = if rows.contains_key(&index)
                        || project
                            .codings
                            .get(&coding)
                            .is_none_or(|coding| texts::ready(&ctx, project, coding.document))
                    {
                        rows.entry(index)
                            .or_insert_with(|| build_row(project, coding))
                            .as_ref()
                    } else {
                        // Drawn, but not kept: the row is built again once
                        // its transcript's text has been read.
                        waiting = build_row(project, coding).map(|row| SegmentRow {
                            quote: texts::READING.to_owned(),
                            ..row
                        });
                        waiting.as_ref()
                    };
                    let Some(row) = row else {
                        continue;
                    };
                    if let Some(chosen) = show_row(ui, row, row_height, selection) {
                        intent = Some(chosen);
                    }
                }
            });
        intent
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

    fn filters(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        choices: &FilterChoices,
        autocode: &mut Option<Intent>,
    ) {
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

        text_picker(
            ui,
            "Speaker filter",
            "Any speaker",
            &mut self.speaker,
            choices.speakers(),
        );
        if let Some(speaker) = &self.speaker
            && ui
                .button(format!("Code every turn of {speaker}…"))
                .clicked()
        {
            *autocode = Some(Intent::AutocodeSpeaker(speaker.clone()));
        }

        let before = self.attribute.clone();
        text_picker(
            ui,
            "Attribute filter",
            "Any attribute",
            &mut self.attribute,
            choices.attributes(),
        );
        if self.attribute != before {
            self.value = None;
        }
        if let Some(attribute) = &self.attribute {
            text_picker(
                ui,
                "Attribute value",
                "Any value",
                &mut self.value,
                choices.values(attribute),
            );
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
fn speakers(project: &Project) -> Vec<String> {
    project
        .documents
        .values()
        .flat_map(|document| document.turns.iter().map(|turn| turn.speaker.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The names of the participants' attributes, sorted.
fn attribute_names(project: &Project) -> Vec<String> {
    project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The values participants have for `attribute`, sorted.
fn attribute_values(project: &Project, attribute: &str) -> Vec<String> {
    project
        .participants
        .values()
        .filter_map(|participant| participant.attributes.get(attribute).cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The codings `filter` passes, in the order of [`Project::segments`]
/// (document name, position, code path, id), found without cutting out their
/// quotes.
fn passing_codings(project: &Project, filter: &SegmentFilter) -> Vec<CodingId> {
    // Sorted by places in the sorted names of documents and code paths, so
    // that 100,000 codings compare as numbers.
    let document_place = places(
        project
            .documents_by_name()
            .into_iter()
            .map(|document| (document.name.as_str(), document.id)),
    );
    let mut paths: Vec<(String, CodeId)> = project
        .codes
        .keys()
        .map(|code| (project.code_path(*code), *code))
        .collect();
    paths.sort();
    let code_place = places(paths.iter().map(|(path, code)| (path.as_str(), *code)));
    let codes: Option<BTreeSet<CodeId>> = filter.code.map(|wanted| {
        if filter.include_child_codes {
            project
                .codes
                .keys()
                .filter(|code| project.code_is_within(**code, wanted))
                .copied()
                .collect()
        } else {
            BTreeSet::from([wanted])
        }
    });
    let speaker = filter.speaker.as_deref().map(str::trim);
    let mut passing: Vec<(u32, usize, usize, u32, CodingId)> = project
        .codings
        .values()
        .filter_map(|coding| {
            let code = *code_place.get(&coding.code)?;
            let place = *document_place.get(&coding.document)?;
            if codes
                .as_ref()
                .is_some_and(|codes| !codes.contains(&coding.code))
                || filter.document.is_some_and(|id| id != coding.document)
                || filter.coder.is_some_and(|id| id != coding.coder)
            {
                return None;
            }
            if speaker.is_some() || !filter.attributes.is_empty() {
                let document = project.documents.get(&coding.document)?;
                let said = document
                    .turn_at(coding.start)
                    .map(|turn| turn.speaker.as_str());
                if speaker
                    .is_some_and(|wanted| !said.is_some_and(|s| s.eq_ignore_ascii_case(wanted)))
                {
                    return None;
                }
                let participant = said.and_then(|label| project.participant_for(document, label));
                let held = filter.attributes.iter().all(|(name, value)| {
                    participant.is_some_and(|participant| participant_has(participant, name, value))
                });
                if !held {
                    return None;
                }
            }
            Some((place, coding.start, coding.end, code, coding.id))
        })
        .collect();
    passing.sort_unstable();
    passing.into_iter().map(|(.., id)| id).collect()
}

/// The place of each key in `sorted` (name, key) pairs, counting names:
/// keys of one name share a place, as they compare equal by name.
fn places<'a, K: std::hash::Hash + Eq>(
    sorted: impl Iterator<Item = (&'a str, K)>,
) -> HashMap<K, u32> {
    let mut place = HashMap::new();
    let mut previous: Option<&str> = None;
    let mut names = 0u32;
    for (name, key) in sorted {
        if previous != Some(name) {
            names += 1;
            previous = Some(name);
        }
        place.insert(key, names);
    }
    place
}

/// A row as it is drawn: its quote cut short, who said it, where, under
/// which code.
fn build_row(project: &Project, coding: CodingId) -> Option<SegmentRow> {
    let segment = project.segment(&coding)?;
    Some(SegmentRow {
        coding,
        memo: segment.coding.memo.clone(),
        quote: shorten(segment.quote, QUOTE_CHARS),
        speaker: segment.speaker.unwrap_or(NO_SPEAKER).to_owned(),
        who: segment.participant.map_or_else(
            || segment.speaker.unwrap_or(NO_SPEAKER).to_owned(),
            |participant| participant.name.clone(),
        ),
        document_name: segment.document.name.clone(),
        code_path: project.code_path(segment.code.id),
        playable: crate::gui::player_bar::can_play(project, coding),
    })
}

/// One row with its right-click menu; returns what was chosen.
fn show_row(
    ui: &mut egui::Ui,
    row: &SegmentRow,
    row_height: f32,
    selection: Option<(DocumentId, usize, usize)>,
) -> Option<Intent> {
    let mut intent = None;
    let response = segment_row(ui, row, row_height);
    response.context_menu(|ui| {
        if let Some(chosen) =
            crate::gui::transcript::segment_menu(ui, row.coding, selection, row.playable)
        {
            intent = Some(chosen);
            ui.close();
        }
        if ui.button("New memo on this segment").clicked() {
            intent = Some(Intent::NewMemo(crate::model::Target::Coding(row.coding)));
            ui.close();
        }
        if row.speaker != NO_SPEAKER
            && ui
                .button(format!("Code every turn of {}…", row.speaker))
                .clicked()
        {
            intent = Some(Intent::AutocodeSpeaker(row.speaker.clone()));
            ui.close();
        }
    });
    if response.clicked() {
        intent = Some(Intent::RevealSegment(row.coding));
    }
    intent
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
