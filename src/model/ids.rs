//! Stable identifiers for every kind of thing in a project.
//!
//! Ids are random UUIDs rather than row numbers so that copies of a project made by
//! different coders can later be merged without clashes, and so that REFI-QDA
//! export has the GUIDs it needs. Each kind has its own type so a code id can never
//! be passed where a document id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new random id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim_matches(|c| c == '{' || c == '}')).map(Self)
            }
        }
    };
}

id_type!(
    /// A transcript or other text source.
    DocumentId
);
id_type!(
    /// A participant (a REFI-QDA case): a person who speaks in transcripts.
    ParticipantId
);
id_type!(
    /// A named person who codes.
    CoderId
);
id_type!(
    /// A code in the codebook.
    CodeId
);
id_type!(
    /// One application of a code to a range of a document.
    CodingId
);
id_type!(
    /// A theme or subtheme.
    ThemeId
);
id_type!(
    /// A memo or reflexive-journal entry.
    MemoId
);
id_type!(
    /// A review comment from a co-author, or a reply to one.
    CommentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_with_or_without_braces_and_in_any_case() {
        let id = CodeId::new();
        let upper = format!("{{{}}}", id.to_string().to_uppercase());
        assert_eq!(upper.parse::<CodeId>().ok(), Some(id));
        assert_eq!(id.to_string().parse::<CodeId>().ok(), Some(id));
        assert!("not-an-id".parse::<CodeId>().is_err());
    }
}
