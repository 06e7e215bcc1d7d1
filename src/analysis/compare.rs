//! Coders side by side: for each document and code, the stretches of text
//! that the chosen coders coded, each marked with who coded it, so that a team
//! sees where they agree (every chosen coder coded it) and where they differ
//! (some did, some did not). Agreement figures count over the same stretches.

use crate::model::{CodeId, CoderId, DocumentId, Project};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A stretch of one document that the same chosen coders coded with one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stretch {
    pub document: DocumentId,
    pub code: CodeId,
    /// Char offsets, `start < end`.
    pub start: usize,
    pub end: usize,
    /// The chosen coders who coded all of it, in the order they were chosen.
    pub coded_by: Vec<CoderId>,
    /// Whether every chosen coder coded it.
    pub agreed: bool,
}

impl Stretch {
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Which codings to compare.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The coders, two or more.
    pub coders: Vec<CoderId>,
    /// Only this code (with the codes beneath it counted as their own codes).
    pub code: Option<CodeId>,
    /// Only this document.
    pub document: Option<DocumentId>,
}

/// Each coder's coded ranges of one code in one document, merged where they
/// overlap or touch: a passage coded twice by one coder counts once.
pub type CoderRanges = BTreeMap<CoderId, Vec<(usize, usize)>>;

/// The ranges the chosen coders coded, by document and code. Only codes some
/// chosen coder used appear.
#[must_use]
pub fn coded_ranges(
    project: &Project,
    comparison: &Comparison,
) -> BTreeMap<(DocumentId, CodeId), CoderRanges> {
    let chosen: BTreeSet<CoderId> = comparison.coders.iter().copied().collect();
    let mut ranges: BTreeMap<(DocumentId, CodeId), CoderRanges> = BTreeMap::new();
    for coding in project.codings.values() {
        if !chosen.contains(&coding.coder)
            || comparison.code.is_some_and(|code| code != coding.code)
            || comparison
                .document
                .is_some_and(|document| document != coding.document)
        {
            continue;
        }
        ranges
            .entry((coding.document, coding.code))
            .or_default()
            .entry(coding.coder)
            .or_default()
            .push((coding.start, coding.end));
    }
    for coders in ranges.values_mut() {
        for list in coders.values_mut() {
            *list = merged(std::mem::take(list));
        }
    }
    ranges
}

/// Sorted ranges with overlapping and touching ones joined.
pub(crate) fn merged(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// The stretches of one document and code: the text cut wherever a chosen
/// coder's coding starts or ends, neighbours coded by the same coders joined.
#[must_use]
pub fn stretches_of(
    document: DocumentId,
    code: CodeId,
    coders: &[CoderId],
    ranges: &CoderRanges,
) -> Vec<Stretch> {
    // Each boundary raises or lowers how many ranges of a coder cover the text.
    let mut events: Vec<(usize, usize, bool)> = Vec::new();
    for (index, coder) in coders.iter().enumerate() {
        for &(start, end) in ranges.get(coder).map_or(&[][..], Vec::as_slice) {
            events.push((start, index, true));
            events.push((end, index, false));
        }
    }
    events.sort_unstable_by_key(|&(at, _, opens)| (at, opens));
    let mut covering = vec![false; coders.len()];
    let mut stretches: Vec<Stretch> = Vec::new();
    let mut at = 0;
    let mut index = 0;
    while index < events.len() {
        let here = events[index].0;
        if here > at && covering.iter().any(|&on| on) {
            let coded_by: Vec<CoderId> = coders
                .iter()
                .zip(&covering)
                .filter(|(_, on)| **on)
                .map(|(coder, _)| *coder)
                .collect();
            match stretches.last_mut() {
                Some(last) if last.end == at && last.coded_by == coded_by => last.end = here,
                _ => stretches.push(Stretch {
                    document,
                    code,
                    start: at,
                    end: here,
                    agreed: coded_by.len() == coders.len(),
                    coded_by,
                }),
            }
        }
        while index < events.len() && events[index].0 == here {
            let (_, coder, opens) = events[index];
            covering[coder] = opens;
            index += 1;
        }
        at = here;
    }
    stretches
}

/// Every stretch the chosen coders coded, by document (by name) and code.
#[must_use]
pub fn stretches(project: &Project, comparison: &Comparison) -> Vec<Stretch> {
    let ranges = coded_ranges(project, comparison);
    let order: BTreeMap<DocumentId, usize> = project
        .documents_by_name()
        .iter()
        .enumerate()
        .map(|(index, document)| (document.id, index))
        .collect();
    let mut keys: Vec<&(DocumentId, CodeId)> = ranges.keys().collect();
    keys.sort_by_key(|(document, code)| {
        (order.get(document).copied().unwrap_or(usize::MAX), *code)
    });
    keys.into_iter()
        .flat_map(|key| stretches_of(key.0, key.1, &comparison.coders, &ranges[key]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_codings_split_into_agreeing_and_differing_stretches() {
        let (a, b) = (CoderId::new(), CoderId::new());
        let (document, code) = (DocumentId::new(), CodeId::new());
        let ranges = CoderRanges::from([(a, vec![(10, 30)]), (b, vec![(20, 40), (50, 60)])]);
        let got: Vec<(usize, usize, bool, usize)> = stretches_of(document, code, &[a, b], &ranges)
            .iter()
            .map(|s| (s.start, s.end, s.agreed, s.coded_by.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (10, 20, false, 1),
                (20, 30, true, 2),
                (30, 40, false, 1),
                (50, 60, false, 1)
            ]
        );
    }

    #[test]
    fn a_coders_overlapping_codings_count_once_and_touching_ones_join() {
        assert_eq!(
            merged(vec![(5, 10), (0, 6), (10, 12), (20, 25)]),
            vec![(0, 12), (20, 25)]
        );
    }

    #[test]
    fn the_same_passage_coded_by_both_is_one_agreed_stretch() {
        let (a, b) = (CoderId::new(), CoderId::new());
        let ranges = CoderRanges::from([(a, vec![(0, 8)]), (b, vec![(0, 8)])]);
        let got = stretches_of(DocumentId::new(), CodeId::new(), &[a, b], &ranges);
        assert_eq!(got.len(), 1);
        assert!(got[0].agreed);
        assert_eq!(got[0].len(), 8);
    }
}
