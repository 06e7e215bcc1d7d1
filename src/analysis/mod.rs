//! Counting over a project: how codes spread across groups of participants,
//! which is how a study compares, say, peer and non-peer practitioners, and
//! (in `themes`) how themes, their key quotes and what they leave out do;
//! and (in `map`) the thematic map's nodes, edges and places; and (in
//! `compare`) where coders agree and differ; and (in `study`) the tables a
//! study reports.

pub mod agreement;
pub mod compare;
pub mod map;
pub mod study;
pub mod themes;

use crate::model::{CodeId, Project};
use std::collections::{BTreeMap, BTreeSet};

/// Codings of each code by the value of one participant attribute. Codings whose
/// speaker has no participant or no value for the attribute count under
/// [`CodeMatrix::UNKNOWN`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeMatrix {
    pub attribute: String,
    /// The attribute's values, sorted, as columns.
    pub columns: Vec<String>,
    /// Codings per (code, column).
    pub counts: BTreeMap<CodeId, BTreeMap<String, usize>>,
}

impl CodeMatrix {
    /// The column for codings whose speaker has no value for the attribute.
    pub const UNKNOWN: &'static str = "(none)";

    /// Codings of `code` in `column`.
    #[must_use]
    pub fn count(&self, code: CodeId, column: &str) -> usize {
        self.counts
            .get(&code)
            .and_then(|row| row.get(column))
            .copied()
            .unwrap_or(0)
    }
}

/// Counts codings of every code by the participant attribute `attribute`
/// (compared without regard to case).
#[must_use]
pub fn code_matrix(project: &Project, attribute: &str) -> CodeMatrix {
    let mut columns = BTreeSet::new();
    let mut counts: BTreeMap<CodeId, BTreeMap<String, usize>> = project
        .codes
        .keys()
        .map(|code| (*code, BTreeMap::new()))
        .collect();
    for coding in project.codings.values() {
        let Some(document) = project.documents.get(&coding.document) else {
            continue;
        };
        let value = study::speaker_of(project, document, coding)
            .and_then(|participant| study::attribute_value(participant, attribute))
            .unwrap_or(CodeMatrix::UNKNOWN)
            .to_owned();
        columns.insert(value.clone());
        *counts
            .entry(coding.code)
            .or_default()
            .entry(value)
            .or_default() += 1;
    }
    CodeMatrix {
        attribute: attribute.trim().to_owned(),
        columns: columns.into_iter().collect(),
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Code, Coder, CoderId, Coding, CodingId, Document, Participant, ParticipantId, Turn,
    };

    #[test]
    fn codings_are_counted_by_the_speakers_group() {
        let mut project = Project::default();
        let peer = Participant {
            id: ParticipantId::new(),
            name: "Zoë".to_owned(),
            is_interviewer: false,
            attributes: [("Group".to_owned(), "peer".to_owned())].into(),
        };
        let text = "Zoë: hope here\n\nAnn: and hope there";
        let document = Document {
            turns: vec![
                Turn {
                    speaker: "Zoë".to_owned(),
                    start: 5,
                    end: 14,
                    time_ms: None,
                    is_interviewer: false,
                },
                Turn {
                    speaker: "Ann".to_owned(),
                    start: 21,
                    end: 35,
                    time_ms: None,
                    is_interviewer: false,
                },
            ],
            speakers: [("Zoë".to_owned(), peer.id)].into(),
            ..Document::for_tests("d", text)
        };
        let code = Code {
            id: CodeId::new(),
            name: "Hope".to_owned(),
            parent: None,
            color: "#000000".to_owned(),
            description: String::new(),
        };
        let coder = Coder {
            id: CoderId::new(),
            name: "R".to_owned(),
        };
        for start in [5, 6, 25] {
            let coding = Coding {
                id: CodingId::new(),
                document: document.id,
                code: code.id,
                coder: coder.id,
                start,
                end: start + 4,
                created_at: 0,
                memo: String::new(),
            };
            project.codings.insert(coding.id, coding);
        }
        let code_id = code.id;
        project.codes.insert(code.id, code);
        project.participants.insert(peer.id, peer);
        project.documents.insert(document.id, document);
        let matrix = code_matrix(&project, "group");
        assert_eq!(
            matrix.columns,
            vec![CodeMatrix::UNKNOWN.to_owned(), "peer".to_owned()]
        );
        assert_eq!(matrix.count(code_id, "peer"), 2);
        assert_eq!(matrix.count(code_id, CodeMatrix::UNKNOWN), 1);
    }
}
