//! The project as plain data, and the read-only questions asked of it.
//!
//! Nothing here knows about the window, the search index, SQLite or files: a
//! [`Project`] is an in-memory value that `edit` changes through commands and
//! `store` loads and saves. Every collection is a `BTreeMap` keyed by a stable id
//! so that listings come out in a deterministic order.

mod ids;
mod people;
mod project;
mod records;
pub mod roles;
pub mod text;

pub use ids::{CodeId, CoderId, CodingId, CommentId, DocumentId, MemoId, ParticipantId, ThemeId};
pub use people::{Coder, Participant};
pub use project::{CodeCounts, Project, Segment, SegmentFilter, participant_has};
pub use records::{
    CODE_PALETTE, Code, Coding, Comment, CommentKind, Document, MapNode, Memo, Page, Resolution,
    ResolutionState, Target, Theme, ThemeState, ThemeStatus, ThemeVersion, Turn,
};
