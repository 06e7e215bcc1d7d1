//! Selections and codings: each text source's selections taken from the
//! parser as they close, the unit their positions are read in chosen and
//! checked, and each selection's codings made against its document's text,
//! with MAXQDA's memos on passages attached to the coding they overlap.

use super::ProjectReader;
use crate::edit::Command;
use crate::exchange::common::parse_datetime;
use crate::exchange::qdpx::guids::{Kind, guid_key};
use crate::exchange::qdpx::positions::{self, Choice, Mapped, PositionUnit, Probe};
use crate::exchange::qdpx::xml::Element;
use crate::model::{CodeId, Coding, CodingId, Target};
use crate::words::{count, list_some};
use std::collections::{HashMap, VecDeque};

/// A selection (or a coding of a whole source) as written.
pub(super) struct PendingSelection {
    pub(super) document: usize,
    pub(super) guid: Option<String>,
    pub(super) name: String,
    pub(super) start: i64,
    pub(super) end: i64,
    pub(super) whole: bool,
    pub(super) user: Option<String>,
    pub(super) created: Option<i64>,
    pub(super) description: String,
    pub(super) codings: Vec<PendingCoding>,
    pub(super) note_refs: Vec<String>,
}

/// A coding of a selection (or of a whole source) as written.
pub(super) struct PendingCoding {
    pub(super) guid: Option<String>,
    pub(super) code: Option<String>,
    pub(super) user: Option<String>,
    pub(super) created: Option<i64>,
    pub(super) note_refs: Vec<String>,
}

/// The selections of each text source, in the order of the sources, taken
/// from the parser as each closes.
#[derive(Default)]
pub(super) struct StreamedSelections {
    reading: SourceSelections,
    read: VecDeque<SourceSelections>,
}

/// One text source's selections.
#[derive(Default)]
pub(super) struct SourceSelections {
    /// With `document` still to be set: the source may not become one.
    pub(super) selections: Vec<PendingSelection>,
    /// Selections whose positions are not whole numbers.
    pub(super) unreadable: usize,
    /// Selections with a coding, readable or not, to say what is lost when the
    /// source's text is missing.
    pub(super) coded: usize,
}

impl StreamedSelections {
    /// Takes a selection of a text source out of the tree being parsed (see
    /// [`crate::exchange::qdpx::xml::parse_taking`]); every other element is
    /// given back.
    pub(super) fn take(&mut self, ancestors: &[Element], element: Element) -> Option<Element> {
        let within = |path: &[&str]| {
            ancestors.len() == path.len()
                && ancestors
                    .iter()
                    .zip(path)
                    .all(|(open, name)| open.name == *name)
        };
        match element.name.as_str() {
            "PlainTextSelection" if within(&["Project", "Sources", "TextSource"]) => {
                let reading = &mut self.reading;
                if element.child("Coding").is_some() {
                    reading.coded += 1;
                }
                match pending_selection(&element) {
                    Some(selection) => reading.selections.push(selection),
                    None => reading.unreadable += 1,
                }
                None
            }
            "TextSource" if within(&["Project", "Sources"]) => {
                self.read.push_back(std::mem::take(&mut self.reading));
                Some(element)
            }
            _ => Some(element),
        }
    }

    /// The selections of the next text source.
    pub(super) fn next_source(&mut self) -> SourceSelections {
        self.read.pop_front().unwrap_or_default()
    }
}

/// A selection as written, for a document yet to be settled; `None` when its
/// positions are not whole numbers.
fn pending_selection(selection: &Element) -> Option<PendingSelection> {
    let position = |attribute: &str| {
        selection
            .attr(attribute)
            .and_then(|value| value.trim().parse::<i64>().ok())
    };
    Some(PendingSelection {
        document: 0,
        guid: selection.attr("guid").map(str::to_owned),
        name: selection.attr_or_empty("name").to_owned(),
        start: position("startPosition")?,
        end: position("endPosition")?,
        whole: false,
        user: selection.attr("creatingUser").map(str::to_owned),
        created: selection.attr("creationDateTime").and_then(parse_datetime),
        description: selection
            .child_text("Description")
            .unwrap_or_default()
            .to_owned(),
        codings: selection
            .children_named("Coding")
            .map(pending_coding)
            .collect(),
        note_refs: note_refs(selection),
    })
}

pub(super) fn pending_coding(coding: &Element) -> PendingCoding {
    PendingCoding {
        guid: coding.attr("guid").map(str::to_owned),
        code: coding
            .child("CodeRef")
            .and_then(|reference| reference.attr("targetGUID"))
            .map(guid_key),
        user: coding.attr("creatingUser").map(str::to_owned),
        created: coding.attr("creationDateTime").and_then(parse_datetime),
        note_refs: note_refs(coding),
    }
}

fn note_refs(element: &Element) -> Vec<String> {
    element
        .children_named("NoteRef")
        .filter_map(|note| note.attr("targetGUID"))
        .map(guid_key)
        .collect()
}

impl ProjectReader<'_> {
    /// Reads every selection in the unit the writer is known to use, checks
    /// that reading, and switches unit if another fits and it does not.
    pub(super) fn choose_positions(&mut self) -> Choice {
        let probes: Vec<Probe> = self
            .selections
            .iter()
            .filter(|selection| !selection.whole)
            .map(|selection| Probe {
                source: selection.document,
                start: selection.start,
                end: selection.end,
                name: selection.name.clone(),
            })
            .collect();
        let preferred = PositionUnit::for_origin(&self.origin);
        let quotes = self.origin.to_lowercase().contains("qualcoder");
        let choice = positions::choose(&self.texts, &probes, preferred, quotes);
        if probes.is_empty() {
            return choice;
        }
        let writer = if self.origin.is_empty() {
            "the writer".to_owned()
        } else {
            self.origin.clone()
        };
        let details = |score: &positions::Score| {
            let mut parts = vec![format!(
                "{} of {} selection ends fall on word boundaries",
                score.edges_ok, score.edges
            )];
            if score.names > 0 {
                parts.push(format!(
                    "{} of {} selection names match their text",
                    score.names_ok, score.names
                ));
            }
            if score.outside > 0 {
                parts.push(format!("{} fall outside their text", score.outside));
            }
            parts.join(", ")
        };
        if choice.unit != choice.preferred {
            self.report.warnings.push(format!(
                "positions did not check out as {} (what {writer} normally writes): {}; they were read as {} instead, where {}",
                choice.preferred.describe(),
                details(&choice.preferred_score),
                choice.unit.describe(),
                details(&choice.score)
            ));
        } else if !choice.score.passes() {
            let others = if choice.ambiguous {
                "no other unit fits better; "
            } else {
                ""
            };
            self.report.warnings.push(format!(
                "positions may be off: read as {}, {}; {others}check these codings against the text",
                choice.unit.describe(),
                details(&choice.score)
            ));
        }
        choice
    }

    /// Each selection's codings, at the chars its positions come to in
    /// `choice`'s unit; what falls outside its text or names a code the
    /// codebook does not have is reported.
    pub(super) fn make_codings(&mut self, codes: &HashMap<String, CodeId>, choice: &Choice) {
        // Selections come source by source, so one source's table is kept at a time.
        let mut cached: Option<(usize, positions::Boundaries)> = None;
        let mut codings: Vec<Coding> = Vec::new();
        let mut segment_memos: Vec<(usize, Mapped)> = Vec::new();
        let mut clamped = Vec::new();
        let mut dropped = Vec::new();
        let mut unknown_codes = 0;
        let selections = std::mem::take(&mut self.selections);
        for (index, selection) in selections.iter().enumerate() {
            let Some(mapped) = self.map_selection(selection, choice.unit, &mut cached) else {
                continue;
            };
            let place = format!(
                "{} {}–{}",
                self.documents[selection.document].name, selection.start, selection.end
            );
            if mapped.start >= mapped.end {
                if !selection.codings.is_empty() || !selection.description.trim().is_empty() {
                    dropped.push(place);
                }
                continue;
            }
            if mapped.clamped {
                clamped.push(place);
            }
            let first = self.codings_of_selection(
                selection,
                mapped,
                codes,
                &mut codings,
                &mut unknown_codes,
            );
            let document_id = self.documents[selection.document].id;
            let target = first.map_or(Target::Document(document_id), Target::Coding);
            for note in &selection.note_refs {
                self.note_refs.push((note.clone(), target));
            }
            if first.is_none() && !selection.description.trim().is_empty() {
                segment_memos.push((index, mapped));
            }
        }
        self.attach_segment_memos(&selections, &segment_memos, &mut codings);
        if !clamped.is_empty() {
            self.report.warnings.push(format!(
                "{} reached past the end of their text and were cut to fit: {}",
                count(clamped.len(), "selection", "selections"),
                list_some(&clamped, 6)
            ));
        }
        if !dropped.is_empty() {
            self.report.not_carried.push(format!(
                "{} outside their text (positions as written): {}",
                count(dropped.len(), "selection", "selections"),
                list_some(&dropped, 6)
            ));
        }
        if unknown_codes > 0 {
            self.report.not_carried.push(format!(
                "{} with a code that is not in the codebook",
                count(unknown_codes, "coding", "codings")
            ));
        }
        self.selections = selections;
        self.coding_commands = codings
            .into_iter()
            .map(|coding| Command::AddCoding { coding })
            .collect();
    }

    /// The chars of its text that `selection` covers when its positions count
    /// `unit`s; `cached` holds the boundaries of the last source mapped.
    fn map_selection(
        &self,
        selection: &PendingSelection,
        unit: PositionUnit,
        cached: &mut Option<(usize, positions::Boundaries)>,
    ) -> Option<Mapped> {
        let text = &self.texts[selection.document];
        if selection.whole {
            return Some(Mapped {
                start: 0,
                end: text.len(),
                clamped: false,
            });
        }
        if cached
            .as_ref()
            .is_none_or(|(at, _)| *at != selection.document)
        {
            *cached = Some((selection.document, text.boundaries(unit)));
        }
        cached
            .as_ref()
            .map(|(_, bounds)| positions::map_range(bounds, selection.start, selection.end))
    }

    /// The codings of `selection`, placed at `mapped`, added to `codings`;
    /// those whose code is not in `codes` are counted in `unknown_codes`.
    /// Returns the first coding made, which the selection's notes go on.
    fn codings_of_selection(
        &mut self,
        selection: &PendingSelection,
        mapped: Mapped,
        codes: &HashMap<String, CodeId>,
        codings: &mut Vec<Coding>,
        unknown_codes: &mut usize,
    ) -> Option<CodingId> {
        let document_id = self.documents[selection.document].id;
        let single = selection.codings.len() == 1;
        let mut first: Option<CodingId> = None;
        for pending in &selection.codings {
            let Some(code) = pending.code.as_ref().and_then(|key| codes.get(key)) else {
                *unknown_codes += 1;
                continue;
            };
            // One coding per selection is how Polyphony writes them: the
            // selection's GUID is the coding's id then.
            let guid = if single {
                selection.guid.as_deref().or(pending.guid.as_deref())
            } else {
                pending.guid.as_deref()
            };
            let id = CodingId(self.guids.id(Kind::Coding, guid, |id| {
                self.project.codings.contains_key(&CodingId(id))
            }));
            let coder = self.coder_for(pending.user.as_deref().or(selection.user.as_deref()));
            for note in &pending.note_refs {
                self.note_refs.push((note.clone(), Target::Coding(id)));
            }
            codings.push(Coding {
                id,
                document: document_id,
                code: *code,
                coder,
                start: mapped.start,
                end: mapped.end,
                created_at: pending
                    .created
                    .or(selection.created)
                    .unwrap_or(self.fallback_time),
                memo: selection.description.clone(),
            });
            first.get_or_insert(id);
        }
        first
    }

    /// MAXQDA writes memos on passages as selections with a description and
    /// no coding: attach each to the coding that overlaps it most, or make it a
    /// memo on its document that quotes the passage.
    pub(super) fn attach_segment_memos(
        &mut self,
        selections: &[PendingSelection],
        segment_memos: &[(usize, Mapped)],
        codings: &mut [Coding],
    ) {
        if segment_memos.is_empty() {
            return;
        }
        let mut attached = 0;
        let mut documents = 0;
        for (index, mapped) in segment_memos {
            let selection = &selections[*index];
            let document = &self.documents[selection.document];
            let overlap = |coding: &Coding| {
                coding
                    .end
                    .min(mapped.end)
                    .saturating_sub(coding.start.max(mapped.start))
            };
            let best = codings
                .iter_mut()
                .filter(|coding| coding.document == document.id && overlap(coding) > 0)
                .max_by_key(|coding| (overlap(coding), std::cmp::Reverse(coding.start)));
            let description = selection.description.trim().to_owned();
            if let Some(coding) = best {
                if coding.memo.trim().is_empty() {
                    coding.memo = description;
                } else if !coding.memo.contains(&description) {
                    coding.memo = format!("{}\n\n{description}", coding.memo);
                }
                attached += 1;
                continue;
            }
            let quote = self.texts[selection.document].slice(mapped.start, mapped.end);
            let snippet: String = quote.chars().take(40).collect();
            let ellipsis = if quote.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            self.described.push((
                format!("Memo on “{}{ellipsis}”", snippet.trim()),
                format!(
                    "{description}\n\nOn the passage ({}–{}): “{quote}”",
                    mapped.start, mapped.end
                ),
                Target::Document(document.id),
            ));
            documents += 1;
        }
        self.report.warnings.push(format!(
            "{} carry a memo but no code (as MAXQDA writes memos on passages): {attached} were added to the memo of a coding that overlaps them, {documents} became memos on their documents",
            count(segment_memos.len(), "selection", "selections"),
        ));
    }
}
