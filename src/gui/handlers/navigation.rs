//! Finding one's way: choosing a document, showing a passage or a segment
//! in its transcript, stepping from segment to segment, and searching.

use crate::gui::app::PolyphonyApp;
use crate::gui::search_panel::SearchOutcome;
use crate::gui::themes;
use crate::model::{CodingId, DocumentId};
use crate::workbench::Workbench;

/// How many hits a search lists at most.
const SEARCH_LIMIT: usize = 200;

impl PolyphonyApp {
    pub(super) fn select_document(&mut self, document: DocumentId) {
        self.selected_document = Some(document);
        self.transcript.clear_mark();
    }

    pub(super) fn reveal(&mut self, document: DocumentId, start: usize, end: usize) {
        let exists = self
            .workbench
            .as_ref()
            .is_some_and(|workbench| workbench.project().documents.contains_key(&document));
        if exists {
            self.selected_document = Some(document);
            self.transcript.reveal(start, end);
            // A passage is shown in its transcript, whatever tab was open.
            self.themes.view = themes::CentralView::Transcript;
        } else {
            self.error = Some(
                "That document is no longer in the project (it was undone or removed); search again."
                    .to_owned(),
            );
        }
    }

    /// Shows segment `coding` in its transcript, selected, as the segment
    /// the keyboard's segment actions work on.
    pub(super) fn reveal_segment(&mut self, coding: CodingId) {
        let Some(found) = self
            .workbench
            .as_ref()
            .and_then(|workbench| workbench.project().codings.get(&coding))
            .map(|coding| (coding.document, coding.start, coding.end))
        else {
            self.error = Some("That segment is no longer coded.".to_owned());
            return;
        };
        let (document, start, end) = found;
        self.reveal(document, start, end);
        self.transcript.select(document, start, end);
        self.transcript.set_current_segment(Some(coding));
    }

    /// Picks out the segment after (or before) the current one in the open
    /// transcript, in reading order, wrapping round at the ends.
    pub(super) fn step_segment(&mut self, step: i32) {
        let (Some(workbench), Some(document)) = (&self.workbench, self.selected_document) else {
            return;
        };
        let codings: Vec<CodingId> = workbench
            .project()
            .codings_in(document)
            .into_iter()
            .map(|coding| coding.id)
            .collect();
        if codings.is_empty() {
            self.notice = Some("This transcript has no coded segments yet.".to_owned());
            return;
        }
        let current = self
            .transcript
            .current_segment()
            .and_then(|coding| codings.iter().position(|c| *c == coding));
        let count = codings.len();
        let next = match (current, step < 0) {
            (None, false) => 0,
            (None, true) => count - 1,
            (Some(at), false) => (at + 1) % count,
            (Some(at), true) => (at + count - 1) % count,
        };
        self.reveal_segment(codings[next]);
    }

    /// Searches for `text` from the search box, showing the Search panel.
    pub(super) fn search(&mut self, text: String) {
        self.ui_state.layout.search = true;
        self.search.form.text = text;
        self.run_search();
    }

    /// Runs the Search panel's query and shows the panel.
    pub(super) fn run_shown_search(&mut self) {
        self.ui_state.layout.search = true;
        self.run_search();
    }

    /// Runs the Search panel's query; a query that cannot be read is shown
    /// in the panel in words.
    pub(in crate::gui) fn run_search(&mut self) {
        let query = self.search.form.query();
        let stale = self
            .workbench
            .as_ref()
            .is_some_and(Workbench::index_is_stale);
        if stale && !query.regex {
            // Words need the index: search once it is rebuilt, off this thread.
            self.search.waits_for_index = true;
            self.start_index_rebuild();
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let results = workbench
            .search(&query, SEARCH_LIMIT)
            .map_err(|error| error.to_string());
        self.search.outcome = Some(SearchOutcome {
            query: query.text.clone(),
            asked: query,
            results,
        });
    }
}
