//! The search results panel: each hit of the last transcript search as a
//! keyword-in-context line (document, speaker, the words before, the match,
//! the words after) that opens its place in the transcript.

use crate::gui::Action;
use crate::index::{Hit, SearchResults};
use egui::text::LayoutJob;
use egui::{Color32, TextFormat};

/// The last search and its hits.
pub struct SearchOutcome {
    pub query: String,
    pub results: SearchResults,
}

/// Shows the hits; returns what the user chose.
pub fn show(ui: &mut egui::Ui, outcome: &SearchOutcome) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let results = &outcome.results;
        let summary = if results.truncated {
            format!(
                "First {} hits for “{}” (of {} matching passages)",
                results.hits.len(),
                outcome.query,
                results.total
            )
        } else {
            format!(
                "{} {} for “{}”",
                results.hits.len(),
                if results.hits.len() == 1 {
                    "hit"
                } else {
                    "hits"
                },
                outcome.query
            )
        };
        ui.strong(summary);
        if ui.button("Close search results").clicked() {
            action = Some(Action::CloseSearch);
        }
    });
    if outcome.results.hits.is_empty() {
        ui.weak("Nothing matched. Words are matched by their stem; try fewer words, OR, or pref*.");
        return action;
    }
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("search-hits")
        .auto_shrink(false)
        .show_rows(ui, row_height, outcome.results.hits.len(), |ui, rows| {
            for hit in &outcome.results.hits[rows] {
                let button = egui::Button::new(kwic_line(ui, hit))
                    .truncate()
                    .min_size(egui::vec2(ui.available_width(), row_height));
                if ui.add(button).clicked() {
                    action = Some(Action::Reveal {
                        document: hit.document,
                        start: hit.start,
                        end: hit.end,
                    });
                }
            }
        });
    action
}

/// `document · speaker: …before MATCH after…`, the match highlighted.
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
    job.append(&format!("{} · {speaker}:  ", hit.document_name), 0.0, weak);
    job.append(&format!("…{}", hit.before), 0.0, plain.clone());
    job.append(&hit.matched, 0.0, matched);
    job.append(&format!("{}…", hit.after), 0.0, plain);
    job
}
