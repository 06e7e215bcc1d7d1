//! The text sources of a REFI-QDA project: finding each source's text (in the
//! archive's sources folder, inline, beside a bare project, or by the bare file
//! names qc writes), reading selections in the unit the writer used and checking
//! that reading, and turning them into documents with speaker turns, codings
//! and segment memos. Other kinds of source are listed as not carried.

use super::ProjectReader;
use crate::edit::Command;
use crate::exchange::common::parse_datetime;
use crate::exchange::qdpx::archive::{Found, safe_components};
use crate::exchange::qdpx::guids::{Kind, guid_key};
use crate::exchange::qdpx::positions::{self, Choice, Mapped, PositionUnit, Probe, SourceText};
use crate::exchange::qdpx::xml::Element;
use crate::ingest;
use crate::model::roles::{LabelRole, label_role, participant_name_for};
use crate::model::{
    CodeId, Coding, CodingId, Document, DocumentId, Participant, ParticipantId, Target, Turn,
};
use crate::words::{count, list_some};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;

/// The text of a source file: UTF-8 (its BOM dropped), UTF-16 with a BOM, or
/// Windows-1252 when it is not UTF-8. Line endings are kept: positions count
/// them. Returns the text, the encoding's name and a note if it was guessed.
pub(super) fn decode_source(bytes: &[u8]) -> (String, &'static str, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            "UTF-8 (BOM)",
            None,
        );
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = if encoding == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return (text.into_owned(), name, None);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), "UTF-8", None),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (
                text.into_owned(),
                "windows-1252",
                Some("is not UTF-8 and was read as Windows-1252; positions may be off".to_owned()),
            )
        }
    }
}

/// A text source read, waiting for its positions to be settled.
pub(super) struct PendingDocument {
    pub(super) id: DocumentId,
    pub(super) key: Option<String>,
    pub(super) name: String,
    pub(super) encoding: &'static str,
    pub(super) source_file: String,
    pub(super) attributes: BTreeMap<String, String>,
}

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
struct SourceSelections {
    /// With `document` still to be set: the source may not become one.
    selections: Vec<PendingSelection>,
    /// Selections whose positions are not whole numbers.
    unreadable: usize,
    /// Selections with a coding, readable or not, to say what is lost when the
    /// source's text is missing.
    coded: usize,
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
    fn next_source(&mut self) -> SourceSelections {
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

impl ProjectReader<'_> {
    pub(super) fn not_carried_source(&mut self, kind: &str, source: &Element) {
        let name = source.attr("name").unwrap_or_default().trim();
        let mut parts = Vec::new();
        let transcripts = source.children_named("Transcript").count();
        if transcripts > 0 {
            parts.push(count(transcripts, "transcript", "transcripts"));
        }
        let descendants = source.descendants();
        let selections = descendants
            .iter()
            .filter(|element| element.name.ends_with("Selection"))
            .count();
        if selections > 0 {
            parts.push(count(selections, "selection", "selections"));
        }
        let codings = descendants
            .iter()
            .filter(|element| element.name == "Coding")
            .count();
        if codings > 0 {
            parts.push(count(codings, "coding", "codings"));
        }
        let detail = if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        };
        let name = if name.is_empty() { "unnamed" } else { name };
        self.report
            .not_carried
            .push(format!("{kind}: {name}{detail}"));
    }

    pub(super) fn read_text_source(&mut self, source: &Element) -> Result<(), String> {
        let streamed = self.streamed.next_source();
        let path = source
            .attr("plainTextPath")
            .map(str::trim)
            .filter(|path| !path.is_empty());
        let name = match source
            .attr("name")
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            Some(name) => name.to_owned(),
            None => path
                .and_then(|path| path.rsplit(['/', '\\']).next())
                .map(|file| {
                    Path::new(file).file_stem().map_or_else(
                        || file.to_owned(),
                        |stem| stem.to_string_lossy().into_owned(),
                    )
                })
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| format!("Text source {}", self.documents.len() + 1)),
        };
        let (raw, encoding, source_file) = if let Some(content) = source.child("PlainTextContent") {
            (content.text.clone(), "UTF-8", self.label.clone())
        } else if let Some(path) = path {
            match self.locate(&name, path)? {
                Some(found) => {
                    let (text, encoding, note) = decode_source(&found.bytes);
                    if let Some(note) = note {
                        self.report
                            .warnings
                            .push(format!("text source {name:?}: {} {note}", found.name));
                    }
                    (text, encoding, format!("{}: {}", self.label, found.name))
                }
                None => {
                    let whereabouts = if self.store.is_zip() {
                        "is not in the archive"
                    } else {
                        "is not in a sources folder beside the project file"
                    };
                    self.report.not_carried.push(format!(
                        "text source without its text: {name} ({path} {whereabouts}{})",
                        lost_selections(streamed.coded)
                    ));
                    return Ok(());
                }
            }
        } else {
            let reason = match source.attr("richTextPath") {
                Some(rich) => format!(
                    "only its rich text {rich} is named, which Polyphony does not read from REFI-QDA files"
                ),
                None => "it names no text".to_owned(),
            };
            self.report.not_carried.push(format!(
                "text source without its text: {name} ({reason}{})",
                lost_selections(streamed.coded)
            ));
            return Ok(());
        };
        let id = DocumentId(self.guids.id(Kind::Document, source.attr("guid"), |id| {
            self.project.documents.contains_key(&DocumentId(id))
        }));
        let index = self.documents.len();
        let attributes: BTreeMap<String, String> = self
            .variable_values(source)
            .into_iter()
            .map(|(variable, _, value)| (variable, value))
            .collect();
        if let Some(description) = source
            .child_text("Description")
            .filter(|text| !text.trim().is_empty())
        {
            self.described.push((
                format!("Description of {name}"),
                description.to_owned(),
                Target::Document(id),
            ));
        }
        for note in source
            .children_named("NoteRef")
            .filter_map(|note| note.attr("targetGUID"))
        {
            self.note_refs.push((guid_key(note), Target::Document(id)));
        }
        let text = SourceText::from_raw(&raw);
        let unreadable = streamed.unreadable;
        self.selections.extend(
            streamed
                .selections
                .into_iter()
                .map(|selection| PendingSelection {
                    document: index,
                    ..selection
                }),
        );
        if unreadable > 0 {
            self.report.not_carried.push(format!(
                "{} of {name} whose positions are not whole numbers",
                count(unreadable, "selection", "selections")
            ));
        }
        let whole: Vec<PendingCoding> = source
            .children_named("Coding")
            .map(pending_coding)
            .collect();
        if !whole.is_empty() {
            self.selections.push(PendingSelection {
                document: index,
                guid: None,
                name: String::new(),
                start: 0,
                end: 0,
                whole: true,
                user: None,
                created: None,
                description: String::new(),
                codings: whole,
                note_refs: Vec::new(),
            });
        }
        self.documents.push(PendingDocument {
            id,
            key: source.attr("guid").map(guid_key),
            name,
            encoding,
            source_file,
            attributes,
        });
        self.texts.push(text);
        Ok(())
    }

    /// Finds the file a `plainTextPath` names: `internal://` in the archive's
    /// sources folder, `relative://` in the archive or beside the project file,
    /// a bare file name (as qc writes) in the sources folder.
    pub(super) fn locate(&mut self, name: &str, path: &str) -> Result<Option<Found>, String> {
        let hostile = || {
            format!(
                "text source {name:?} names a file outside the project (plainTextPath {path:?}); the file may be hostile and nothing was imported"
            )
        };
        let sources = |components: &[String]| -> Vec<String> {
            std::iter::once("sources".to_owned())
                .chain(components.iter().cloned())
                .collect()
        };
        let lower = path.to_lowercase();
        if let Some(rest) = lower
            .strip_prefix("internal://")
            .map(|_| &path["internal://".len()..])
        {
            let components = safe_components(rest).map_err(|()| hostile())?;
            if let Some(found) = self.store.read(&sources(&components))? {
                return Ok(Some(found));
            }
            if let Some(found) = self.store.read(&components)? {
                return Ok(Some(found));
            }
            let Some(file) = components.last() else {
                return Ok(None);
            };
            let found = self.store.read_by_file_name(file)?;
            if let Some(found) = &found {
                self.report.warnings.push(format!(
                    "text source {name:?}: {path} was not in the sources folder; it was read from {}",
                    found.name
                ));
            }
            Ok(found)
        } else if let Some(rest) = lower
            .strip_prefix("relative://")
            .map(|_| &path["relative://".len()..])
        {
            let components = safe_components(rest).map_err(|()| hostile())?;
            if self.store.is_zip() {
                for candidate in [components.clone(), sources(&components)] {
                    if let Some(found) = self.store.read(&candidate)? {
                        return Ok(Some(found));
                    }
                }
            }
            let found = self.store.read_beside(&components)?;
            if let Some(found) = &found {
                self.report.warnings.push(format!(
                    "text source {name:?}: {path} was read from {}, beside the project file",
                    found.name
                ));
            }
            Ok(found)
        } else if lower.contains("://")
            || path.starts_with(['/', '\\'])
            || path.get(1..2) == Some(":")
        {
            self.report.warnings.push(format!(
                "text source {name:?}: its plainTextPath {path:?} is an absolute path or URL, which Polyphony does not follow"
            ));
            Ok(None)
        } else {
            let components = safe_components(path).map_err(|()| hostile())?;
            let mut found = self.store.read(&sources(&components))?;
            if found.is_none() {
                found = self.store.read(&components)?;
            }
            if let Some(found) = &found {
                self.report.warnings.push(format!(
                    "text source {name:?}: its plainTextPath {path:?} is a bare file name, not an internal:// or relative:// path; it was read from {}",
                    found.name
                ));
            }
            Ok(found)
        }
    }

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

    /// Documents with their turns; speaker labels link to the participant of
    /// a case of that name, an existing participant, or a new one.
    pub(super) fn make_documents(&mut self) {
        let now = crate::clock::now_ms();
        let mut empty = Vec::new();
        let mut without_turns = Vec::new();
        for index in 0..self.documents.len() {
            let pending = &self.documents[index];
            let text = &self.texts[index].text;
            if text.trim().is_empty() {
                empty.push(pending.name.clone());
            }
            let turns: Vec<Turn> = match ingest::import_document("source.txt", text.as_bytes()) {
                Ok(read) if *read.text == **text => {
                    read.turns.into_iter().map(Turn::from).collect()
                }
                _ => {
                    without_turns.push(pending.name.clone());
                    Vec::new()
                }
            };
            let (key, document_name) = (pending.key.clone(), pending.name.clone());
            let speakers = self.link_speakers(key.as_deref(), &document_name, &turns);
            let pending = &self.documents[index];
            let text = &self.texts[index].text;
            self.document_commands.push(Command::InsertDocument {
                document: Document {
                    id: pending.id,
                    name: pending.name.clone(),
                    format: "qdpx".to_owned(),
                    source_file: pending.source_file.clone(),
                    encoding: pending.encoding.to_owned(),
                    imported_at: now,
                    text: Arc::clone(text),
                    char_count: self.texts[index].len(),
                    turns,
                    attributes: pending.attributes.clone(),
                    speakers,
                    pages: Vec::new(),
                    media: None,
                },
            });
        }
        if !empty.is_empty() {
            self.report.warnings.push(format!(
                "{} no text (the writer exported them empty): {}",
                count(empty.len(), "document has", "documents have"),
                list_some(&empty, 6)
            ));
        }
        if !without_turns.is_empty() {
            self.report.warnings.push(format!(
                "speaker turns could not be found in {} without changing its text, so it has none: {}",
                count(without_turns.len(), "document", "documents"),
                list_some(&without_turns, 6)
            ));
        }
    }

    /// Which participant each speaker label of a source is: the case (or participant)
    /// of that name; for a role label ("Participant", "Interviewer") the case named
    /// "Label (document)", else the one case linked to this source (by SourceRef) that
    /// no label names and that is an interviewer exactly when the label is, else a new
    /// participant of this document.
    fn link_speakers(
        &mut self,
        source_key: Option<&str>,
        document_name: &str,
        turns: &[Turn],
    ) -> BTreeMap<String, ParticipantId> {
        let mut speakers = BTreeMap::new();
        let mut unresolved = Vec::new();
        for turn in turns {
            if speakers.contains_key(&turn.speaker) || unresolved.contains(&turn) {
                continue;
            }
            let name = participant_name_for(self.project, &turn.speaker, document_name);
            let found = self
                .cases_by_name
                .get(&name.to_lowercase())
                .copied()
                .or_else(|| {
                    self.project
                        .find_participant(&name)
                        .map(|existing| existing.id)
                });
            match found {
                Some(id) => {
                    speakers.insert(turn.speaker.clone(), id);
                }
                None => unresolved.push(turn),
            }
        }
        let mut linked_here: Vec<ParticipantId> = speakers.values().copied().collect();
        for turn in unresolved {
            if speakers.contains_key(&turn.speaker) {
                continue;
            }
            let wants_interviewer =
                label_role(&turn.speaker) == Some(LabelRole::Interviewer) || turn.is_interviewer;
            let candidates: Vec<ParticipantId> = self
                .case_sources
                .iter()
                .filter(|(id, _, source)| {
                    source_key == Some(source.as_str())
                        && !linked_here.contains(id)
                        && self.is_interviewer_case(*id) == wants_interviewer
                })
                .map(|(id, _, _)| *id)
                .collect();
            let participant = match (label_role(&turn.speaker), candidates.as_slice()) {
                (Some(_), [only]) => *only,
                _ => {
                    let name = participant_name_for(self.project, &turn.speaker, document_name);
                    *self
                        .speakers_new
                        .entry(name.to_lowercase())
                        .or_insert_with(|| {
                            let participant = Participant {
                                id: ParticipantId::new(),
                                name,
                                is_interviewer: turn.is_interviewer,
                                attributes: BTreeMap::new(),
                            };
                            let id = participant.id;
                            self.participant_commands
                                .push(Command::CreateParticipant { participant });
                            id
                        })
                }
            };
            linked_here.push(participant);
            speakers.insert(turn.speaker.clone(), participant);
        }
        speakers
    }

    /// Whether the participant a case became is an interviewer.
    fn is_interviewer_case(&self, id: ParticipantId) -> bool {
        self.participant_commands
            .iter()
            .find_map(|command| match command {
                Command::CreateParticipant { participant } if participant.id == id => {
                    Some(participant.is_interviewer)
                }
                Command::UpdateParticipant {
                    id: updated,
                    is_interviewer,
                    ..
                } if *updated == id => Some(*is_interviewer),
                _ => None,
            })
            .or_else(|| {
                self.project
                    .participants
                    .get(&id)
                    .map(|participant| participant.is_interviewer)
            })
            .unwrap_or(false)
    }

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
            let document_id = self.documents[selection.document].id;
            let text = &self.texts[selection.document];
            let mapped = if selection.whole {
                Mapped {
                    start: 0,
                    end: text.len(),
                    clamped: false,
                }
            } else {
                if cached
                    .as_ref()
                    .is_none_or(|(at, _)| *at != selection.document)
                {
                    cached = Some((selection.document, text.boundaries(choice.unit)));
                }
                match &cached {
                    Some((_, bounds)) => {
                        positions::map_range(bounds, selection.start, selection.end)
                    }
                    None => continue,
                }
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
            let single = selection.codings.len() == 1;
            let mut first: Option<CodingId> = None;
            for pending in &selection.codings {
                let Some(code) = pending.code.as_ref().and_then(|key| codes.get(key)) else {
                    unknown_codes += 1;
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

fn pending_coding(coding: &Element) -> PendingCoding {
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

/// " with 3 coded selections" for a source that could not be carried.
fn lost_selections(coded: usize) -> String {
    if coded == 0 {
        String::new()
    } else {
        format!(
            "; {} lost",
            count(coded, "coded selection", "coded selections")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_keep_their_line_endings_and_lose_their_bom() {
        let (text, encoding, note) = decode_source(b"\xEF\xBB\xBFa\r\nb");
        assert_eq!(
            (text.as_str(), encoding, note),
            ("a\r\nb", "UTF-8 (BOM)", None)
        );
        let (text, encoding, note) = decode_source(b"caf\xe9");
        assert_eq!((text.as_str(), encoding), ("café", "windows-1252"));
        assert!(note.is_some());
    }
}
