//! The Search panel: a query in Polyphony's query language (words, phrases,
//! `"near words"~5`, AND/OR/NOT, `fuzzy~1`, `prefix*`) or, with "Regular
//! expression" ticked, a regular expression; filters by speaker and by a
//! participant attribute and value. Hits are listed as keyword-in-context
//! lines (the words before, the match emphasised, the words after) under a
//! collapsible header per document with its count; clicking a line opens its
//! place in the transcript. A query that cannot be read is explained here in
//! words. "Code all hits…" autocodes every hit.

use crate::gui::intent::Intent;
use crate::gui::rows;
use crate::gui::segments::{FilterChoices, text_picker};
use crate::index::{Hit, Query, SearchFilter, SearchResults};
use crate::model::Project;
use egui::text::LayoutJob;
use egui::{Color32, TextFormat};

/// Searching in the window: the menu bar's search box, the Search panel's
/// form and the last search's outcome.
#[derive(Default)]
pub struct SearchState {
    /// What is typed in the menu bar's search box.
    pub box_text: String,
    /// Whether the search box is to take the keyboard next frame.
    pub focus_box: bool,
    pub form: SearchForm,
    pub outcome: Option<SearchOutcome>,
    /// Whether a word search waits for the index rebuild to finish.
    pub waits_for_index: bool,
}

/// The last search: what was asked and what it gave, or why it failed.
pub struct SearchOutcome {
    pub query: String,
    /// The query as it was run, for "Code all hits…" to run again uncut.
    pub asked: Query,
    pub results: Result<SearchResults, String>,
}

/// What is typed and chosen in the panel.
#[derive(Default)]
pub struct SearchForm {
    pub text: String,
    pub regex: bool,
    speaker: Option<String>,
    attribute: Option<String>,
    value: Option<String>,
}

impl SearchForm {
    /// The query the form describes.
    #[must_use]
    pub fn query(&self) -> Query {
        let attributes = match (&self.attribute, &self.value) {
            (Some(name), Some(value)) => vec![(name.clone(), value.clone())],
            _ => Vec::new(),
        };
        Query {
            text: self.text.clone(),
            regex: self.regex,
            filter: SearchFilter {
                speaker: self.speaker.clone(),
                attributes,
                ..SearchFilter::default()
            },
        }
    }
}

/// Shows the form and the hits; returns what the user chose. The filters
/// offer `choices`, kept up to date with `project` at `revision`.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut SearchForm,
    outcome: Option<&SearchOutcome>,
    project: Option<(&Project, u64)>,
    choices: &mut FilterChoices,
) -> Option<Intent> {
    let mut intent = None;
    ui.horizontal_wrapped(|ui| {
        ui.strong("Search");
        let field = egui::TextEdit::singleline(&mut form.text)
            .hint_text("words, \"a phrase\", pref*, NOT …")
            .desired_width(260.0);
        let response = ui.add(field).labelled_by(ui.label("Search for").id);
        let entered =
            response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        ui.checkbox(&mut form.regex, "Regular expression");
        if let Some((project, revision)) = project {
            choices.update(project, revision);
            choices.forget_missing(&mut form.speaker, &mut form.attribute, &mut form.value);
            text_picker(
                ui,
                "Search speaker",
                "Any speaker",
                &mut form.speaker,
                choices.speakers(),
            );
            let before = form.attribute.clone();
            text_picker(
                ui,
                "Search attribute",
                "Any attribute",
                &mut form.attribute,
                choices.attributes(),
            );
            if form.attribute != before {
                form.value = None;
            }
            if let Some(attribute) = &form.attribute {
                text_picker(
                    ui,
                    "Search value",
                    "Any value",
                    &mut form.value,
                    choices.values(attribute),
                );
            }
        }
        if ui.button("Run search").clicked() || entered {
            intent = Some(Intent::RunSearch);
        }
        if ui.button("Close search results").clicked() {
            intent = Some(Intent::CloseSearch);
        }
    });
    let Some(outcome) = outcome else {
        return intent;
    };
    let results = match &outcome.results {
        Ok(results) => results,
        Err(error) => {
            ui.colored_label(ui.visuals().error_fg_color, error);
            return intent;
        }
    };
    ui.horizontal(|ui| {
        ui.strong(summary(&outcome.query, results));
        if !results.hits.is_empty() && ui.button("Code all hits…").clicked() {
            intent = Some(Intent::AutocodeHits);
        }
    });
    if results.hits.is_empty() {
        ui.weak("Nothing matched. Words are matched by their stem; try fewer words, OR, or pref*.");
        return intent;
    }
    // Only the lines in view are laid out: each is cut to the panel's width,
    // so a resized window would otherwise lay out every hit again each frame.
    let height = rows::button_row_height(ui);
    egui::ScrollArea::vertical()
        .id_salt("search-hits")
        .auto_shrink(false)
        .show(ui, |ui| {
            for group in results.hits.chunk_by(|a, b| a.document == b.document) {
                let Some(first) = group.first() else {
                    continue;
                };
                egui::CollapsingHeader::new(format!("{} ({})", first.document_name, group.len()))
                    .id_salt(("search-document", first.document))
                    .default_open(true)
                    .show(ui, |ui| {
                        rows::in_view(ui, group.len(), height, |ui, index| {
                            let hit = &group[index];
                            let button = egui::Button::new(kwic_line(ui, hit))
                                .truncate()
                                .min_size(egui::vec2(ui.available_width(), height));
                            if ui.add(button).clicked() {
                                intent = Some(Intent::Reveal {
                                    document: hit.document,
                                    start: hit.start,
                                    end: hit.end,
                                });
                            }
                        });
                    });
            }
        });
    intent
}

fn summary(query: &str, results: &SearchResults) -> String {
    if results.truncated {
        format!(
            "First {} of {} hits for “{query}”, in {} passages",
            results.hits.len(),
            results.hit_count,
            results.passages
        )
    } else {
        let word = if results.hits.len() == 1 {
            "hit"
        } else {
            "hits"
        };
        format!("{} {word} for “{query}”", results.hits.len())
    }
}

/// `speaker:  …before MATCH after…`, the match emphasised.
fn kwic_line(ui: &egui::Ui, hit: &Hit) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let visuals = ui.visuals();
    let plain = TextFormat::simple(font.clone(), visuals.text_color());
    let weak = TextFormat::simple(font.clone(), visuals.weak_text_color());
    let matched = TextFormat {
        background: Color32::from_rgba_unmultiplied(240, 200, 40, 90),
        ..TextFormat::simple(font, visuals.strong_text_color())
    };
    let mut job = LayoutJob::default();
    let speaker = hit.speaker.as_deref().unwrap_or("no speaker");
    job.append(&format!("{speaker}:  "), 0.0, weak);
    job.append(&format!("…{}", hit.before), 0.0, plain.clone());
    job.append(&hit.matched, 0.0, matched);
    job.append(&format!("{}…", hit.after), 0.0, plain);
    job
}
