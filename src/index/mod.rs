//! Full-text and regular-expression search over a project's transcripts.
//!
//! The tantivy index lives beside the project file (`NAME.polyphony.index/`) and
//! is derived data: it holds one entry per speaker turn (or paragraph outside
//! turns) and can be deleted at any time; the workbench rebuilds it, with
//! progress, when it is missing or was built for other texts. Regular
//! expressions run over the project's text itself. Every hit is a char range with
//! its speaker and a keyword-in-context snippet.

mod hits;
mod marks;
mod postings_count;
mod query;
mod regex_scan;
mod search_index;

pub use hits::{Hit, SearchResults};
pub use query::{QueryError, parse_query};
pub use regex_scan::regex_search;
pub use search_index::{IndexError, IndexRebuild, SearchIndex, document_key, index_dir, units_of};

use crate::model::{CodeId, DocumentId};

/// What to search for, and where.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words, `"exact phrases"`, `"near words"~5`, `AND`/`OR`/`NOT`, `fuzzy~1`,
    /// `prefix*` and parentheses; or a regular expression when `regex` is set.
    pub text: String,
    pub regex: bool,
    pub filter: SearchFilter,
}

impl Query {
    /// A query for these words with no filters.
    #[must_use]
    pub fn words(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            ..Self::default()
        }
    }

    /// A regular-expression query with no filters.
    #[must_use]
    pub fn regex(pattern: &str) -> Self {
        Self {
            text: pattern.to_owned(),
            regex: true,
            ..Self::default()
        }
    }
}

/// Restrictions on where hits may fall. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub document: Option<DocumentId>,
    /// A speaker label, compared without regard to case.
    pub speaker: Option<String>,
    /// Participant attribute name and value the speaker must have.
    pub attributes: Vec<(String, String)>,
    /// Hits must overlap a coding of this code.
    pub code: Option<CodeId>,
}
