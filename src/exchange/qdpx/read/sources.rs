//! The text sources of a REFI-QDA project: finding each source's text (in the
//! archive's sources folder, inline, beside a bare project, or by the bare file
//! names qc writes), decoding it, and turning it into a document with speaker
//! turns linked to participants. Its selections are `selections.rs`'s. Other
//! kinds of source are listed as not carried.

use super::ProjectReader;
use super::selections::{PendingCoding, PendingSelection, pending_coding};
use crate::edit::Command;
use crate::exchange::qdpx::archive::{Found, safe_components};
use crate::exchange::qdpx::guids::{Kind, guid_key};
use crate::exchange::qdpx::positions::SourceText;
use crate::exchange::qdpx::xml::Element;
use crate::ingest;
use crate::model::roles::{LabelRole, label_role, participant_name_for};
use crate::model::{Document, DocumentId, Participant, ParticipantId, Target, Turn};
use crate::words::{count, list_some};
use std::collections::BTreeMap;
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
        let name = source_name(source, path, self.documents.len() + 1);
        let Some(SourceContent {
            raw,
            encoding,
            source_file,
        }) = self.source_content(source, &name, path, streamed.coded)?
        else {
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

    /// The text of a source named `name`, inline or in the file `path`
    /// names; `None`, with the source reported as not carried (and its
    /// `coded` selections lost), when neither gives it.
    fn source_content(
        &mut self,
        source: &Element,
        name: &str,
        path: Option<&str>,
        coded: usize,
    ) -> Result<Option<SourceContent>, String> {
        if let Some(content) = source.child("PlainTextContent") {
            return Ok(Some(SourceContent {
                raw: content.text.clone(),
                encoding: "UTF-8",
                source_file: self.label.clone(),
            }));
        }
        let reason = if let Some(path) = path {
            if let Some(found) = self.locate(name, path)? {
                let (text, encoding, note) = decode_source(&found.bytes);
                if let Some(note) = note {
                    self.report
                        .warnings
                        .push(format!("text source {name:?}: {} {note}", found.name));
                }
                return Ok(Some(SourceContent {
                    raw: text,
                    encoding,
                    source_file: format!("{}: {}", self.label, found.name),
                }));
            }
            let whereabouts = if self.store.is_zip() {
                "is not in the archive"
            } else {
                "is not in a sources folder beside the project file"
            };
            format!("{path} {whereabouts}")
        } else {
            match source.attr("richTextPath") {
                Some(rich) => format!(
                    "only its rich text {rich} is named, which Polyphony does not read from REFI-QDA files"
                ),
                None => "it names no text".to_owned(),
            }
        };
        self.report.not_carried.push(format!(
            "text source without its text: {name} ({reason}{})",
            lost_selections(coded)
        ));
        Ok(None)
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
}

/// A text source's text as read, before its positions are settled.
struct SourceContent {
    raw: String,
    encoding: &'static str,
    /// Where it came from, for the document's record.
    source_file: String,
}

/// A source's name, else its file's stem, else "Text source N" for the
/// `ordinal`th source.
fn source_name(source: &Element, path: Option<&str>, ordinal: usize) -> String {
    match source
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
            .unwrap_or_else(|| format!("Text source {ordinal}")),
    }
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
