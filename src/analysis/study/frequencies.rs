//! How often each code occurs: its codings, the documents and participants
//! they are in, and the words they cover, with child codes counted on their
//! own or rolled up into their parents. Words covered are counted once however
//! many codings of the code cover them, so that overlapping codings do not
//! inflate them.

use super::{CodeRollup, speaker_of, word_spans};
use crate::analysis::compare::merged;
use crate::exchange::{FigureTable, TableValue};
use crate::model::{CodeId, DocumentId, ParticipantId, Project};
use std::collections::{BTreeMap, BTreeSet};

/// A code's coded ranges in one document, joined where they overlap.
type CodeRanges = (CodeId, Vec<(usize, usize)>);

/// The counts of one code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeFrequency {
    pub codings: usize,
    pub documents: usize,
    pub participants: usize,
    pub words: usize,
}

/// Every code's counts, in the codebook's tree order.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequencies {
    pub rolled_up: bool,
    pub documents_in_project: usize,
    pub participants_in_project: usize,
    pub rows: Vec<(CodeId, CodeFrequency)>,
}

/// Counts every code; with `rolled_up`, a code's figures take in the codings
/// of every code beneath it.
#[must_use]
pub fn frequencies(project: &Project, rolled_up: bool) -> Frequencies {
    let rollup = CodeRollup::new(project, rolled_up);
    let mut codings: BTreeMap<CodeId, usize> = BTreeMap::new();
    let mut participants: BTreeMap<CodeId, BTreeSet<ParticipantId>> = BTreeMap::new();
    let mut ranges: BTreeMap<(CodeId, DocumentId), Vec<(usize, usize)>> = BTreeMap::new();
    for coding in project.codings.values() {
        let Some(document) = project.documents.get(&coding.document) else {
            continue;
        };
        let speaker = speaker_of(project, document, coding).filter(|p| !p.is_interviewer);
        for &code in rollup.codes_of(coding.code) {
            *codings.entry(code).or_default() += 1;
            if let Some(participant) = speaker {
                participants.entry(code).or_default().insert(participant.id);
            }
            ranges
                .entry((code, coding.document))
                .or_default()
                .push((coding.start, coding.end));
        }
    }
    let mut documents: BTreeMap<CodeId, usize> = BTreeMap::new();
    let mut words: BTreeMap<CodeId, usize> = BTreeMap::new();
    let mut by_document: BTreeMap<DocumentId, Vec<CodeRanges>> = BTreeMap::new();
    for ((code, document), list) in ranges {
        *documents.entry(code).or_default() += 1;
        by_document
            .entry(document)
            .or_default()
            .push((code, merged(list)));
    }
    for (document, codes) in by_document {
        let starts: Vec<(usize, usize)> = word_spans(&project.documents[&document].text)
            .map(|(start, end, _)| (start, end))
            .collect();
        for (code, list) in codes {
            *words.entry(code).or_default() += list
                .iter()
                .map(|&(start, end)| words_within(&starts, start, end))
                .sum::<usize>();
        }
    }
    let rows = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code)| {
            let id = code.id;
            (
                id,
                CodeFrequency {
                    codings: codings.get(&id).copied().unwrap_or_default(),
                    documents: documents.get(&id).copied().unwrap_or_default(),
                    participants: participants.get(&id).map_or(0, BTreeSet::len),
                    words: words.get(&id).copied().unwrap_or_default(),
                },
            )
        })
        .collect();
    Frequencies {
        rolled_up,
        documents_in_project: project.documents.len(),
        participants_in_project: project
            .participants
            .values()
            .filter(|participant| !participant.is_interviewer)
            .count(),
        rows,
    }
}

/// How many of the words `spans` (sorted char ranges) have any char in
/// `start..end`.
fn words_within(spans: &[(usize, usize)], start: usize, end: usize) -> usize {
    let first = spans.partition_point(|&(_, word_end)| word_end <= start);
    let past = spans.partition_point(|&(word_start, _)| word_start < end);
    past.saturating_sub(first)
}

impl Frequencies {
    /// The table: code, codings, documents and their share, participants and
    /// their share, and words.
    #[must_use]
    pub fn table(&self, project: &Project) -> FigureTable {
        let share = |part: usize, whole: usize| {
            TableValue::Figure((whole > 0).then(|| part as f64 / whole as f64))
        };
        FigureTable {
            title: if self.rolled_up {
                "Code frequencies (rolled up)".to_owned()
            } else {
                "Code frequencies".to_owned()
            },
            columns: [
                "code",
                "codings",
                "documents",
                "share of documents",
                "participants",
                "share of participants",
                "words",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: self
                .rows
                .iter()
                .map(|(code, counts)| {
                    vec![
                        TableValue::Text(project.code_path(*code)),
                        TableValue::Count(counts.codings),
                        TableValue::Count(counts.documents),
                        share(counts.documents, self.documents_in_project),
                        TableValue::Count(counts.participants),
                        share(counts.participants, self.participants_in_project),
                        TableValue::Count(counts.words),
                    ]
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_counts_when_any_of_its_chars_is_in_the_range() {
        let spans: Vec<(usize, usize)> = word_spans("one two three four")
            .map(|(s, e, _)| (s, e))
            .collect();
        assert_eq!(words_within(&spans, 0, 18), 4);
        assert_eq!(
            words_within(&spans, 5, 9),
            2,
            "the end of two, the start of three"
        );
        assert_eq!(words_within(&spans, 3, 4), 0, "only a space");
    }
}
