//! The whole project in memory, with the read-only queries the window, the CLI
//! and the exporters share: lookups by name, code paths and counts, and coded
//! segments filtered by code, speaker and participant attribute.

use crate::model::text::slice_chars;
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, CommentId, Document, DocumentId,
    MapNode, Memo, MemoId, Participant, ParticipantId, Theme, ThemeId,
};
use crate::pseudonyms::KeyEntry;
use std::collections::{BTreeMap, BTreeSet};

/// Everything a project holds. `edit` is the only code that changes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    pub documents: BTreeMap<DocumentId, Document>,
    pub participants: BTreeMap<ParticipantId, Participant>,
    pub coders: BTreeMap<CoderId, Coder>,
    pub codes: BTreeMap<CodeId, Code>,
    pub codings: BTreeMap<CodingId, Coding>,
    pub themes: BTreeMap<ThemeId, Theme>,
    pub memos: BTreeMap<MemoId, Memo>,
    pub comments: BTreeMap<CommentId, Comment>,
    /// Where the researcher placed nodes of the thematic map, in points.
    /// Nodes without a place are laid out automatically.
    pub map_positions: BTreeMap<MapNode, (i32, i32)>,
    /// Project-wide choices, by name (see [`Project::SHARED_INTERVIEWERS`]).
    pub settings: BTreeMap<String, String>,
    /// The pseudonym key kept in the project, by real term.
    pub pseudonyms: BTreeMap<String, KeyEntry>,
}

/// How often a code is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeCounts {
    pub codings: usize,
    pub documents: usize,
}

/// Which coded segments to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct SegmentFilter {
    pub code: Option<CodeId>,
    /// With `code`, also take the codings of its descendants.
    pub include_child_codes: bool,
    pub document: Option<DocumentId>,
    /// A speaker label, compared without regard to case.
    pub speaker: Option<String>,
    pub coder: Option<CoderId>,
    /// Participant attribute name and value, compared without regard to case.
    pub attributes: Vec<(String, String)>,
}

/// A coding together with what a reader needs to see it: the quote, the
/// document, the speaker and their participant.
#[derive(Debug, Clone)]
pub struct Segment<'p> {
    pub coding: &'p Coding,
    pub code: &'p Code,
    pub document: &'p Document,
    pub speaker: Option<&'p str>,
    pub participant: Option<&'p Participant>,
    pub quote: &'p str,
}

impl Project {
    /// The names of `coders`, in the order given; an empty name for one the
    /// project does not have.
    #[must_use]
    pub fn coder_names(&self, coders: &[CoderId]) -> Vec<String> {
        coders
            .iter()
            .map(|coder| {
                self.coders
                    .get(coder)
                    .map_or_else(String::new, |coder| coder.name.clone())
            })
            .collect()
    }

    /// The setting that makes an interviewer role label ("Interviewer", "I:") one
    /// person across documents: "true" or absent.
    pub const SHARED_INTERVIEWERS: &'static str = "shared_interviewers";

    /// The setting naming the attribute of the codes-by-group appendix the
    /// project's theme reports close with.
    pub const REPORT_CODES_BY_GROUP: &'static str = "report:codes-by-group";

    /// The setting listing (by id, comma-separated) the coders whose
    /// agreement the project's theme reports state in their methods.
    pub const REPORT_AGREEMENT: &'static str = "report:agreement-coders";

    /// The setting holding, as a JSON list, the terms the user said need no
    /// pseudonym, so that the candidate finder does not propose them again.
    pub const PSEUDONYMS_REJECTED: &'static str = "pseudonyms:rejected";

    /// The setting holding the id of the sealed key file that keeps the project's
    /// pseudonym key apart: with it, outputs need that file (or an explicit
    /// identifiable choice), and the project's own key stays empty.
    pub const PSEUDONYM_KEY_APART: &'static str = "pseudonyms:key-file";

    /// Whether interviewer role labels name one person across all documents, as the
    /// user chose; otherwise each document's interviewer is their own participant.
    #[must_use]
    pub fn interviewers_shared(&self) -> bool {
        self.settings
            .get(Self::SHARED_INTERVIEWERS)
            .is_some_and(|value| value == "true")
    }

    /// Documents ordered by name (then id), as every listing shows them.
    #[must_use]
    pub fn documents_by_name(&self) -> Vec<&Document> {
        let mut documents: Vec<&Document> = self.documents.values().collect();
        documents.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        documents
    }

    /// The document with this id, or else this name (case-insensitive), or
    /// else whose name starts with this text if only one does.
    #[must_use]
    pub fn find_document(&self, key: &str) -> Option<&Document> {
        if let Ok(id) = key.parse::<DocumentId>() {
            return self.documents.get(&id);
        }
        let exact: Vec<&Document> = self
            .documents
            .values()
            .filter(|doc| doc.name.eq_ignore_ascii_case(key) || doc.source_file == key)
            .collect();
        if let [only] = exact.as_slice() {
            return Some(only);
        }
        let lower = key.to_lowercase();
        let prefixed: Vec<&Document> = self
            .documents
            .values()
            .filter(|doc| doc.name.to_lowercase().starts_with(&lower))
            .collect();
        match prefixed.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    #[must_use]
    pub fn find_participant(&self, name: &str) -> Option<&Participant> {
        self.participants
            .values()
            .find(|participant| participant.name.to_lowercase() == name.trim().to_lowercase())
    }

    #[must_use]
    pub fn find_coder(&self, name: &str) -> Option<&Coder> {
        self.coders
            .values()
            .find(|coder| coder.name.to_lowercase() == name.trim().to_lowercase())
    }

    /// The code with this id, or this path (`Parent/Child`), or this name if no
    /// other code has it. Names compare without regard to case.
    #[must_use]
    pub fn find_code(&self, key: &str) -> Option<&Code> {
        if let Ok(id) = key.parse::<CodeId>() {
            return self.codes.get(&id);
        }
        let key = key.trim().to_lowercase();
        if let Some(code) = self
            .codes
            .values()
            .find(|code| self.code_path(code.id).to_lowercase() == key)
        {
            return Some(code);
        }
        let named: Vec<&Code> = self
            .codes
            .values()
            .filter(|code| code.name.to_lowercase() == key)
            .collect();
        match named.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    #[must_use]
    pub fn find_theme(&self, key: &str) -> Option<&Theme> {
        if let Ok(id) = key.parse::<ThemeId>() {
            return self.themes.get(&id);
        }
        self.themes
            .values()
            .find(|theme| theme.name.to_lowercase() == key.trim().to_lowercase())
    }

    /// `Grandparent/Parent/Code`.
    #[must_use]
    pub fn code_path(&self, id: CodeId) -> String {
        let mut names = Vec::new();
        let mut cursor = Some(id);
        // The depth bound guards against a cycle in a damaged file.
        while let Some(current) = cursor.filter(|_| names.len() <= self.codes.len()) {
            let Some(code) = self.codes.get(&current) else {
                break;
            };
            names.push(code.name.as_str());
            cursor = code.parent;
        }
        names.reverse();
        names.join("/")
    }

    /// Whether `ancestor` is `code` or above it in the tree.
    #[must_use]
    pub fn code_is_within(&self, code: CodeId, ancestor: CodeId) -> bool {
        let mut cursor = Some(code);
        let mut steps = 0;
        while let Some(current) = cursor {
            if current == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.codes.len() {
                return false;
            }
            cursor = self.codes.get(&current).and_then(|code| code.parent);
        }
        false
    }

    /// The themes directly under `parent` (top-level themes for `None`), by
    /// name.
    #[must_use]
    pub fn subthemes(&self, parent: Option<ThemeId>) -> Vec<&Theme> {
        let mut themes: Vec<&Theme> = self
            .themes
            .values()
            .filter(|theme| theme.parent == parent)
            .collect();
        themes.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        themes
    }

    /// Every theme in tree order (each theme, then its subthemes), with its
    /// depth, as the board, the CLI and the review packet list them.
    #[must_use]
    pub fn themes_in_tree_order(&self) -> Vec<(usize, &Theme)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &Theme)> = self
            .subthemes(None)
            .into_iter()
            .rev()
            .map(|theme| (0, theme))
            .collect();
        while let Some((depth, theme)) = stack.pop() {
            out.push((depth, theme));
            stack.extend(
                self.subthemes(Some(theme.id))
                    .into_iter()
                    .rev()
                    .map(|child| (depth + 1, child)),
            );
        }
        out
    }

    /// Codes in tree order: each parent before its children, siblings by name.
    #[must_use]
    pub fn codes_in_tree_order(&self) -> Vec<(usize, &Code)> {
        let mut children: BTreeMap<Option<CodeId>, Vec<&Code>> = BTreeMap::new();
        for code in self.codes.values() {
            let parent = code.parent.filter(|parent| self.codes.contains_key(parent));
            children.entry(parent).or_default().push(code);
        }
        for siblings in children.values_mut() {
            siblings.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then(a.id.cmp(&b.id))
            });
        }
        let mut ordered = Vec::with_capacity(self.codes.len());
        let mut visited = BTreeSet::new();
        let mut stack: Vec<(usize, &Code)> = children
            .get(&None)
            .map(|roots| roots.iter().rev().map(|code| (0, *code)).collect())
            .unwrap_or_default();
        while let Some((depth, code)) = stack.pop() {
            if !visited.insert(code.id) {
                continue;
            }
            ordered.push((depth, code));
            if let Some(kids) = children.get(&Some(code.id)) {
                stack.extend(kids.iter().rev().map(|kid| (depth + 1, *kid)));
            }
        }
        ordered
    }

    /// Codings and distinct documents per code.
    #[must_use]
    pub fn code_counts(&self) -> BTreeMap<CodeId, CodeCounts> {
        let mut documents: BTreeMap<CodeId, BTreeSet<DocumentId>> = BTreeMap::new();
        let mut counts: BTreeMap<CodeId, CodeCounts> = self
            .codes
            .keys()
            .map(|id| (*id, CodeCounts::default()))
            .collect();
        for coding in self.codings.values() {
            counts.entry(coding.code).or_default().codings += 1;
            documents
                .entry(coding.code)
                .or_default()
                .insert(coding.document);
        }
        for (code, docs) in documents {
            counts.entry(code).or_default().documents = docs.len();
        }
        counts
    }

    /// The participant a speaker label of a document is linked to.
    #[must_use]
    pub fn participant_for(&self, document: &Document, speaker: &str) -> Option<&Participant> {
        document
            .speakers
            .get(speaker)
            .and_then(|id| self.participants.get(id))
    }

    /// Codings of one document, ordered by position.
    #[must_use]
    pub fn codings_in(&self, document: DocumentId) -> Vec<&Coding> {
        let mut codings: Vec<&Coding> = self
            .codings
            .values()
            .filter(|coding| coding.document == document)
            .collect();
        codings.sort_by_key(|coding| (coding.start, coding.end, coding.id));
        codings
    }

    /// Who said a coding: the speaker label of the turn it starts in, and the
    /// participant that label is linked to. Unlike [`Self::segment`] it reads
    /// no text, so it costs the same wherever in a long transcript the coding is.
    #[must_use]
    pub fn speaker_of(&self, coding: &Coding) -> (Option<&str>, Option<&Participant>) {
        let Some(document) = self.documents.get(&coding.document) else {
            return (None, None);
        };
        let speaker = document
            .turn_at(coding.start)
            .map(|turn| turn.speaker.as_str());
        let participant = speaker.and_then(|label| self.participant_for(document, label));
        (speaker, participant)
    }

    /// A coding with its quote, document, speaker and participant.
    #[must_use]
    pub fn segment(&self, coding: &CodingId) -> Option<Segment<'_>> {
        let coding = self.codings.get(coding)?;
        let code = self.codes.get(&coding.code)?;
        let document = self.documents.get(&coding.document)?;
        let speaker = document
            .turn_at(coding.start)
            .map(|turn| turn.speaker.as_str());
        let participant = speaker.and_then(|label| self.participant_for(document, label));
        Some(Segment {
            coding,
            code,
            document,
            speaker,
            participant,
            quote: slice_chars(&document.text, coding.start, coding.end),
        })
    }

    /// Coded segments that pass `filter`, ordered by document name, position and
    /// code path.
    #[must_use]
    pub fn segments(&self, filter: &SegmentFilter) -> Vec<Segment<'_>> {
        let mut segments: Vec<Segment<'_>> = self
            .codings
            .keys()
            .filter_map(|id| self.segment(id))
            .filter(|segment| self.segment_passes(segment, filter))
            .collect();
        segments.sort_by(|a, b| {
            a.document
                .name
                .cmp(&b.document.name)
                .then(a.coding.start.cmp(&b.coding.start))
                .then(a.coding.end.cmp(&b.coding.end))
                .then_with(|| self.code_path(a.code.id).cmp(&self.code_path(b.code.id)))
                .then(a.coding.id.cmp(&b.coding.id))
        });
        segments
    }

    fn segment_passes(&self, segment: &Segment<'_>, filter: &SegmentFilter) -> bool {
        if let Some(code) = filter.code {
            let matches = if filter.include_child_codes {
                self.code_is_within(segment.code.id, code)
            } else {
                segment.code.id == code
            };
            if !matches {
                return false;
            }
        }
        if filter
            .document
            .is_some_and(|document| document != segment.document.id)
        {
            return false;
        }
        if filter
            .coder
            .is_some_and(|coder| coder != segment.coding.coder)
        {
            return false;
        }
        if let Some(wanted) = &filter.speaker
            && !segment
                .speaker
                .is_some_and(|speaker| speaker.eq_ignore_ascii_case(wanted.trim()))
        {
            return false;
        }
        filter.attributes.iter().all(|(name, value)| {
            segment
                .participant
                .is_some_and(|participant| participant_has(participant, name, value))
        })
    }
}

/// Whether a participant's attribute `name` is `value`, both without regard to case.
#[must_use]
pub fn participant_has(participant: &Participant, name: &str, value: &str) -> bool {
    participant.attributes.iter().any(|(key, held)| {
        key.eq_ignore_ascii_case(name.trim())
            && held.to_lowercase().trim() == value.to_lowercase().trim()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ThemeStatus;

    fn theme(project: &mut Project, name: &str, parent: Option<ThemeId>) -> ThemeId {
        let id = ThemeId::new();
        project.themes.insert(
            id,
            Theme {
                id,
                name: name.to_owned(),
                concept: String::new(),
                definition: String::new(),
                status: ThemeStatus::Candidate,
                parent,
                codes: BTreeSet::new(),
                key_quotes: Vec::new(),
            },
        );
        id
    }

    #[test]
    fn themes_come_in_tree_order_with_their_depth() {
        let mut project = Project::default();
        let b = theme(&mut project, "B", None);
        let a = theme(&mut project, "A", None);
        theme(&mut project, "B2", Some(b));
        theme(&mut project, "B1", Some(b));
        let a1 = theme(&mut project, "A1", Some(a));
        theme(&mut project, "A1x", Some(a1));
        let order: Vec<(usize, &str)> = project
            .themes_in_tree_order()
            .into_iter()
            .map(|(depth, theme)| (depth, theme.name.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (0, "A"),
                (1, "A1"),
                (2, "A1x"),
                (0, "B"),
                (1, "B1"),
                (1, "B2")
            ]
        );
        assert_eq!(project.subthemes(Some(b)).len(), 2);
    }
}
