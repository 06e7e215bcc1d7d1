//! The records a project holds: documents and their speaker turns, codes,
//! codings, themes, memos and review comments.

use crate::model::{
    CodeId, CoderId, CodingId, CommentId, DocumentId, MemoId, ParticipantId, ThemeId,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// Colours given to new codes in turn; chosen to stay apart for most forms of
/// colour blindness and to be readable under dark text.
pub const CODE_PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// A transcript. Its text is stored once, LF-normalised and without a BOM; every
/// position into it is a char (Unicode scalar value) offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub name: String,
    /// The format it was imported from: txt, md, docx, odt, vtt, srt, otter, pdf.
    pub format: String,
    /// The file it came from, as the user named it.
    pub source_file: String,
    /// The encoding it was decoded from.
    pub encoding: String,
    /// Milliseconds since the Unix epoch.
    pub imported_at: i64,
    pub text: Arc<str>,
    /// Cached `text.chars().count()`.
    pub char_count: usize,
    pub turns: Vec<Turn>,
    /// Document attributes such as type (interview, focus group) or site.
    pub attributes: BTreeMap<String, String>,
    /// Which participant each speaker label of this document is.
    pub speakers: BTreeMap<String, ParticipantId>,
    /// The pages of a document imported from PDF, in order, as char ranges of its
    /// text, so a quote can be cited with its page. Empty for other formats.
    #[serde(default)]
    pub pages: Vec<Page>,
    /// The recording of the interview, as the user linked it (a path, absolute or
    /// relative to the project file's folder).
    #[serde(default)]
    pub media: Option<String>,
}

impl Document {
    /// A plain-text document called `name` holding `text`, with no turns,
    /// attributes or speakers yet, for tests to fill in what they look at.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn for_tests(name: &str, text: &str) -> Self {
        Self {
            id: DocumentId::new(),
            name: name.to_owned(),
            format: "txt".to_owned(),
            source_file: format!("{name}.txt"),
            encoding: "UTF-8".to_owned(),
            imported_at: 0,
            text: Arc::from(text),
            char_count: text.chars().count(),
            turns: Vec::new(),
            attributes: BTreeMap::new(),
            speakers: BTreeMap::new(),
            pages: Vec::new(),
            media: None,
        }
    }

    /// Whether the text is in memory. A project read in parts holds each
    /// document's `char_count` from the start and its text only once the
    /// workbench has read it; until then `text` is empty and quotes cut from
    /// it are empty too, so a view that shows text asks for it first.
    #[must_use]
    pub fn has_text(&self) -> bool {
        self.char_count == 0 || !self.text.is_empty()
    }

    /// The turn that holds char `position`, if any.
    #[must_use]
    pub fn turn_at(&self, position: usize) -> Option<&Turn> {
        let index = self.turns.partition_point(|turn| turn.end <= position);
        self.turns
            .get(index)
            .filter(|turn| turn.start <= position && position < turn.end.max(turn.start + 1))
    }

    /// The page that holds char `position`, if the document has pages.
    #[must_use]
    pub fn page_at(&self, position: usize) -> Option<&Page> {
        let index = self.pages.partition_point(|page| page.end <= position);
        self.pages.get(index).filter(|page| page.start <= position)
    }

    /// How a passage `start..end` is cited by page: "p. 4" or "pp. 4-5"; `None` when
    /// the document has no pages.
    #[must_use]
    pub fn page_citation(&self, start: usize, end: usize) -> Option<String> {
        let first = self.page_at(start)?.number;
        let last = self
            .page_at(end.saturating_sub(1).max(start))
            .map_or(first, |page| page.number);
        Some(if last > first {
            format!("pp. {first}-{last}")
        } else {
            format!("p. {first}")
        })
    }

    /// Every distinct speaker label, in order of first appearance.
    #[must_use]
    pub fn speaker_labels(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        self.turns
            .iter()
            .filter(|turn| seen.insert(turn.speaker.as_str()))
            .map(|turn| turn.speaker.as_str())
            .collect()
    }
}

/// One page of a document imported from PDF: its number (1 for the first page of
/// the file) and the char range of the document's text that came from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub number: u32,
    pub start: usize,
    pub end: usize,
}

/// One speaker's turn: a char range of the document text holding what they said
/// (not the "Name:" prefix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub speaker: String,
    pub start: usize,
    pub end: usize,
    pub time_ms: Option<u64>,
    pub is_interviewer: bool,
}

/// A code of the codebook, which is a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub id: CodeId,
    pub name: String,
    pub parent: Option<CodeId>,
    /// `#rrggbb`.
    pub color: String,
    pub description: String,
}

/// One application of a code to the char range `start..end` of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    pub id: CodingId,
    pub document: DocumentId,
    pub code: CodeId,
    pub coder: CoderId,
    pub start: usize,
    pub end: usize,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub memo: String,
}

/// Where a theme stands in review (Braun and Clarke's phase 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeStatus {
    Candidate,
    Reviewed,
    Final,
    Discarded,
}

impl ThemeStatus {
    pub const ALL: [ThemeStatus; 4] = [
        ThemeStatus::Candidate,
        ThemeStatus::Reviewed,
        ThemeStatus::Final,
        ThemeStatus::Discarded,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ThemeStatus::Candidate => "candidate",
            ThemeStatus::Reviewed => "reviewed",
            ThemeStatus::Final => "final",
            ThemeStatus::Discarded => "discarded",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.label().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for ThemeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A theme: a pattern of shared meaning organised around a central concept. It is
/// a first-class object, not a folder of codes: codes join themes many-to-many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    /// The central organising concept, in one sentence.
    pub concept: String,
    /// What is in the theme and what is not.
    pub definition: String,
    pub status: ThemeStatus,
    pub parent: Option<ThemeId>,
    pub codes: BTreeSet<CodeId>,
    /// Codings chosen to illustrate the theme, in the order the researcher chose.
    pub key_quotes: Vec<CodingId>,
}

impl Theme {
    /// What a theme version records of it: everything but its key quotes.
    #[must_use]
    pub fn state(&self) -> ThemeState {
        ThemeState {
            name: self.name.clone(),
            concept: self.concept.clone(),
            definition: self.definition.clone(),
            status: self.status,
            parent: self.parent,
            codes: self.codes.clone(),
        }
    }
}

/// A theme's name, concept, definition, status, parent and member codes: what
/// its history keeps a version of whenever one of them changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeState {
    pub name: String,
    pub concept: String,
    pub definition: String,
    pub status: ThemeStatus,
    pub parent: Option<ThemeId>,
    pub codes: BTreeSet<CodeId>,
}

impl ThemeState {
    /// One line about it: "Name [status], 2 code(s). Concept: ...".
    #[must_use]
    pub fn summary(&self) -> String {
        format!(
            "{} [{}], {} code(s). Concept: {}",
            self.name,
            self.status,
            self.codes.len(),
            if self.concept.is_empty() {
                "-"
            } else {
                &self.concept
            }
        )
    }
}

/// One version in a theme's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeVersion {
    pub theme: ThemeId,
    /// 1 for the first state recorded, then 2, 3, ...
    pub version: u32,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub coder: String,
    /// `do`, `undo` or `redo`.
    pub action: String,
    /// The change that made this version, in the journal's words.
    pub label: String,
    /// Why, in the researcher's words; may be empty.
    pub reason: String,
    /// The theme as it was from then on; `None` once it was deleted.
    pub state: Option<ThemeState>,
}

/// A node of the thematic map: a theme (or subtheme) or a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum MapNode {
    Theme(ThemeId),
    Code(CodeId),
}

impl MapNode {
    /// The kind as stored (`theme` or `code`).
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            MapNode::Theme(_) => "theme",
            MapNode::Code(_) => "code",
        }
    }

    /// The id as stored.
    #[must_use]
    pub fn id_text(self) -> String {
        match self {
            MapNode::Theme(id) => id.to_string(),
            MapNode::Code(id) => id.to_string(),
        }
    }

    /// The inverse of [`MapNode::kind`] and [`MapNode::id_text`].
    #[must_use]
    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        match kind {
            "theme" => Some(MapNode::Theme(id.parse().ok()?)),
            "code" => Some(MapNode::Code(id.parse().ok()?)),
            _ => None,
        }
    }
}

/// What a memo or a comment is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Target {
    Project,
    Document(DocumentId),
    Participant(ParticipantId),
    Code(CodeId),
    Coding(CodingId),
    Theme(ThemeId),
}

impl Target {
    /// The kind as stored (`project`, `document`, ...).
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Target::Project => "project",
            Target::Document(_) => "document",
            Target::Participant(_) => "participant",
            Target::Code(_) => "code",
            Target::Coding(_) => "coding",
            Target::Theme(_) => "theme",
        }
    }

    /// The id as stored, empty for the project itself.
    #[must_use]
    pub fn id_text(self) -> String {
        match self {
            Target::Project => String::new(),
            Target::Document(id) => id.to_string(),
            Target::Participant(id) => id.to_string(),
            Target::Code(id) => id.to_string(),
            Target::Coding(id) => id.to_string(),
            Target::Theme(id) => id.to_string(),
        }
    }

    /// The inverse of [`Target::kind`] and [`Target::id_text`].
    #[must_use]
    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        Some(match kind {
            "project" => Target::Project,
            "document" => Target::Document(id.parse().ok()?),
            "participant" => Target::Participant(id.parse().ok()?),
            "code" => Target::Code(id.parse().ok()?),
            "coding" => Target::Coding(id.parse().ok()?),
            "theme" => Target::Theme(id.parse().ok()?),
            _ => return None,
        })
    }
}

/// A memo or reflexive-journal entry, written by a coder and linked to what it
/// discusses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    pub id: MemoId,
    pub title: String,
    pub body: String,
    pub author: CoderId,
    pub target: Target,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a co-author's comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentKind {
    Agree,
    Question,
    Suggestion,
    Concern,
    Reply,
}

impl CommentKind {
    pub const ALL: [CommentKind; 5] = [
        CommentKind::Agree,
        CommentKind::Question,
        CommentKind::Suggestion,
        CommentKind::Concern,
        CommentKind::Reply,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CommentKind::Agree => "agree",
            CommentKind::Question => "question",
            CommentKind::Suggestion => "suggestion",
            CommentKind::Concern => "concern",
            CommentKind::Reply => "reply",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// How the researcher resolved a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResolutionState {
    Accepted,
    Changed,
    Declined,
}

impl ResolutionState {
    pub const ALL: [ResolutionState; 3] = [
        ResolutionState::Accepted,
        ResolutionState::Changed,
        ResolutionState::Declined,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ResolutionState::Accepted => "accepted",
            ResolutionState::Changed => "changed",
            ResolutionState::Declined => "declined",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|state| state.label().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub state: ResolutionState,
    pub reason: String,
    pub by: String,
    pub at: i64,
}

/// A review comment by a (lived-experience) co-author, or a researcher's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub author: String,
    pub target: Target,
    pub kind: CommentKind,
    pub body: String,
    pub reply_to: Option<CommentId>,
    pub created_at: i64,
    pub resolution: Option<Resolution>,
}
