//! Listings that read only what they show: the documents with their counts, and
//! coded segments with their quotes and speakers.
//!
//! With the whole project in memory they are worked out from it; with only its
//! outline (a command-line listing) they are read from the file, one coding set
//! and one quote at a time, so that listing one code's segments does not read
//! every transcript. `tests/cli.rs` checks that both ways give the same rows.

use crate::model::{Coding, DocumentId, Participant, SegmentFilter, participant_has};
use crate::store::DocumentCounts;
use crate::workbench::{Workbench, WorkbenchError};
use std::collections::BTreeMap;

/// A coded segment, owned: what a listing of segments shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRow {
    pub coding: Coding,
    pub code_path: String,
    pub document_name: String,
    pub speaker: Option<String>,
    pub participant: Option<Participant>,
    /// "p. 4" or "pp. 4-5" for documents with pages (PDFs).
    pub page: Option<String>,
    pub quote: String,
}

impl Workbench {
    /// How many turns and codings each document has, and its speaker labels.
    pub fn document_counts(&self) -> Result<BTreeMap<DocumentId, DocumentCounts>, WorkbenchError> {
        Ok(self.file.document_counts()?)
    }

    /// The coded segments `filter` lets through, in the order
    /// [`crate::model::Project::segments`] gives them.
    pub fn segment_rows(
        &mut self,
        filter: &SegmentFilter,
    ) -> Result<Vec<SegmentRow>, WorkbenchError> {
        if !self.is_whole() {
            if let Some(code) = filter.code {
                self.load_codings_of_code(code)?;
            } else if let Some(document) = filter.document {
                self.load_codings_of_document(document)?;
            } else {
                // Every coding is listed: nothing is saved by reading them in parts.
                self.load_whole()?;
            }
        }
        if self.is_whole() {
            return Ok(self.whole_segment_rows(filter));
        }
        self.outline_segment_rows(filter)
    }

    fn whole_segment_rows(&self, filter: &SegmentFilter) -> Vec<SegmentRow> {
        let project = &self.project;
        project
            .segments(filter)
            .into_iter()
            .map(|segment| SegmentRow {
                coding: segment.coding.clone(),
                code_path: project.code_path(segment.code.id),
                document_name: segment.document.name.clone(),
                speaker: segment.speaker.map(str::to_owned),
                participant: segment.participant.cloned(),
                page: segment
                    .document
                    .page_citation(segment.coding.start, segment.coding.end),
                quote: segment.quote.to_owned(),
            })
            .collect()
    }

    /// The segments of the codings in memory, with each quote and speaker read
    /// from the file.
    fn outline_segment_rows(
        &self,
        filter: &SegmentFilter,
    ) -> Result<Vec<SegmentRow>, WorkbenchError> {
        let project = &self.project;
        let codings: Vec<&Coding> = project
            .codings
            .values()
            .filter(|coding| {
                project.codes.contains_key(&coding.code)
                    && project.documents.contains_key(&coding.document)
                    && filter.code.is_none_or(|code| {
                        if filter.include_child_codes {
                            project.code_is_within(coding.code, code)
                        } else {
                            coding.code == code
                        }
                    })
                    && filter
                        .document
                        .is_none_or(|document| document == coding.document)
                    && filter.coder.is_none_or(|coder| coder == coding.coder)
            })
            .collect();
        let ranges: Vec<(DocumentId, usize, usize)> = codings
            .iter()
            .map(|coding| (coding.document, coding.start, coding.end))
            .collect();
        let passages = self.file.passages(&ranges)?;
        let paged = self.file.paged_documents()?;
        let mut pages = BTreeMap::new();
        let mut rows = Vec::with_capacity(codings.len());
        for (coding, passage) in codings.into_iter().zip(passages) {
            let (Some((quote, turn)), Some(document)) =
                (passage, project.documents.get(&coding.document))
            else {
                continue;
            };
            let speaker = turn.map(|turn| turn.speaker);
            let participant = speaker
                .as_deref()
                .and_then(|label| project.participant_for(document, label));
            if let Some(wanted) = &filter.speaker
                && !speaker
                    .as_deref()
                    .is_some_and(|label| label.eq_ignore_ascii_case(wanted.trim()))
            {
                continue;
            }
            if !filter.attributes.iter().all(|(name, value)| {
                participant.is_some_and(|participant| participant_has(participant, name, value))
            }) {
                continue;
            }
            if paged.contains(&document.id)
                && let std::collections::btree_map::Entry::Vacant(slot) = pages.entry(document.id)
            {
                let mut paged = crate::model::Document {
                    pages: self.file.pages_of(document.id)?,
                    ..document.clone()
                };
                paged.turns.clear();
                slot.insert(paged);
            }
            let page = pages
                .get(&document.id)
                .and_then(|paged| paged.page_citation(coding.start, coding.end));
            rows.push(SegmentRow {
                coding: coding.clone(),
                code_path: project.code_path(coding.code),
                document_name: document.name.clone(),
                speaker,
                participant: participant.cloned(),
                page,
                quote,
            });
        }
        rows.sort_by(|a, b| {
            a.document_name
                .cmp(&b.document_name)
                .then(a.coding.start.cmp(&b.coding.start))
                .then(a.coding.end.cmp(&b.coding.end))
                .then_with(|| a.code_path.cmp(&b.code_path))
                .then(a.coding.id.cmp(&b.coding.id))
        });
        Ok(rows)
    }
}
