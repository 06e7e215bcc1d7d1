//! Segment-level agreement as MAXQDA computes it: a coder's segment of a code
//! agrees when the other coder coded a segment of the same code in the same
//! document that overlaps it by at least a threshold share of the two
//! segments together (90% by default); every segment of both coders counts.
//! Per pair of coders, code by code, document by document and overall, with
//! Brennan and Prediger's kappa for the whole table, where chance is one over
//! the number of codes in the table, as MAXQDA's manual gives it.

use super::Scope;
use super::unitized::{CoderSections, Sections};
use crate::model::{CodeId, CoderId, DocumentId};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many segments agreed, of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SegmentCounts {
    pub agreements: u64,
    pub segments: u64,
}

impl SegmentCounts {
    fn add(&mut self, other: SegmentCounts) {
        self.agreements += other.agreements;
        self.segments += other.segments;
    }

    #[must_use]
    pub fn disagreements(&self) -> u64 {
        self.segments - self.agreements
    }

    #[must_use]
    pub fn percent_agreement(&self) -> Option<f64> {
        (self.segments > 0).then(|| self.agreements as f64 / self.segments as f64)
    }
}

/// A result table: its counts summed over its codes, and its kappa.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SegmentTable {
    pub counts: SegmentCounts,
    /// Codes with a segment of either coder in the table.
    pub codes_in_table: usize,
    /// Brennan and Prediger's kappa: `None` without segments or with fewer
    /// than two codes, where chance would be one.
    pub kappa: Option<f64>,
}

impl SegmentTable {
    fn of(codes: &BTreeMap<CodeId, SegmentCounts>) -> Self {
        let mut counts = SegmentCounts::default();
        for code in codes.values() {
            counts.add(*code);
        }
        let codes_in_table = codes.values().filter(|code| code.segments > 0).count();
        let kappa = counts
            .percent_agreement()
            .filter(|_| codes_in_table >= 2)
            .map(|observed| {
                let chance = 1.0 / codes_in_table as f64;
                (observed - chance) / (1.0 - chance)
            });
        Self {
            counts,
            codes_in_table,
            kappa,
        }
    }
}

/// One pair of coders' segment agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSegments {
    pub coders: (CoderId, CoderId),
    pub by_code: BTreeMap<CodeId, SegmentCounts>,
    /// Per document, the codes with a segment of either coder there.
    pub by_document: BTreeMap<DocumentId, BTreeMap<CodeId, SegmentCounts>>,
    pub document_tables: BTreeMap<DocumentId, SegmentTable>,
    pub overall: SegmentTable,
}

/// Segment agreement of every pair of chosen coders, a segment agreeing at
/// `threshold` percent overlap (of the two segments' union) or more.
pub(crate) fn segment_agreement(
    scope: &Scope<'_>,
    sections: &CoderSections,
    threshold: u32,
) -> Vec<PairSegments> {
    let mut pairs = Vec::new();
    let mut present: std::collections::HashMap<DocumentId, Vec<(CodeId, &[Sections])>> =
        std::collections::HashMap::new();
    for ((document, code), lists) in sections {
        if scope.codes.contains(code) {
            present
                .entry(*document)
                .or_default()
                .push((*code, lists.as_slice()));
        }
    }
    for first in 0..scope.coders.len() {
        for second in first + 1..scope.coders.len() {
            // Every code has a row, used here or not.
            let mut by_code: BTreeMap<CodeId, SegmentCounts> = scope
                .codes
                .iter()
                .map(|code| (*code, SegmentCounts::default()))
                .collect();
            let mut by_document = BTreeMap::new();
            for document in &scope.documents {
                // Only the codes with segments here: the others add nothing.
                let mut codes = BTreeMap::new();
                for &(code, lists) in present.get(&document.id).map_or(&[][..], Vec::as_slice) {
                    let (a, b) = (&lists[first], &lists[second]);
                    let counts = SegmentCounts {
                        agreements: agreeing(a, b, threshold) + agreeing(b, a, threshold),
                        segments: (a.len() + b.len()) as u64,
                    };
                    if counts.segments > 0 {
                        by_code.entry(code).or_default().add(counts);
                        codes.insert(code, counts);
                    }
                }
                by_document.insert(document.id, codes);
            }
            pairs.push(PairSegments {
                coders: (scope.coders[first], scope.coders[second]),
                overall: SegmentTable::of(&by_code),
                document_tables: by_document
                    .iter()
                    .map(|(document, codes)| (*document, SegmentTable::of(codes)))
                    .collect(),
                by_code,
                by_document,
            });
        }
    }
    pairs
}

/// How many of `mine` overlap some segment of `theirs` by `threshold`
/// percent of the two together or more.
fn agreeing(mine: &Sections, theirs: &Sections, threshold: u32) -> u64 {
    let threshold = u64::from(threshold);
    mine.iter()
        .filter(|&&(start, end)| {
            let first = theirs.partition_point(|&(_, their_end)| their_end <= start);
            theirs[first..]
                .iter()
                .take_while(|&&(their_start, _)| their_start < end)
                .any(|&(their_start, their_end)| {
                    let shared = (end.min(their_end) - start.max(their_start)) as u64;
                    let union = (end.max(their_end) - start.min(their_start)) as u64;
                    100 * shared >= threshold * union
                })
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_agrees_at_the_threshold_and_not_below() {
        // Nine shared of ten together: exactly 90%.
        assert_eq!(agreeing(&vec![(0, 10)], &vec![(1, 10)], 90), 1);
        assert_eq!(agreeing(&vec![(0, 10)], &vec![(2, 10)], 90), 0);
        assert_eq!(agreeing(&vec![(0, 10)], &vec![(2, 10)], 50), 1);
        assert_eq!(
            agreeing(&vec![(0, 10)], &vec![(10, 20)], 1),
            0,
            "touching is not overlapping"
        );
    }

    #[test]
    fn maxqdas_kappa_takes_chance_from_the_codes_in_the_table() {
        // H: A [0,10) [50,60), B [1,10); C: A [20,30), B [25,40). At 90%:
        // 2 of 5 segments agree, two codes: kappa (0.4 - 0.5) / 0.5.
        let (h, c) = (CodeId::new(), CodeId::new());
        let codes = BTreeMap::from([
            (
                h,
                SegmentCounts {
                    agreements: agreeing(&vec![(0, 10), (50, 60)], &vec![(1, 10)], 90)
                        + agreeing(&vec![(1, 10)], &vec![(0, 10), (50, 60)], 90),
                    segments: 3,
                },
            ),
            (
                c,
                SegmentCounts {
                    agreements: agreeing(&vec![(20, 30)], &vec![(25, 40)], 90) * 2,
                    segments: 2,
                },
            ),
        ]);
        let table = SegmentTable::of(&codes);
        assert_eq!(
            table.counts,
            SegmentCounts {
                agreements: 2,
                segments: 5
            }
        );
        assert!((table.kappa.expect("two codes") + 0.2).abs() < 1e-12);
    }
}
