//! Which codes occur together: two codes on overlapping text, or in the same
//! turn or paragraph, counted for every pair of codes, with the passages
//! behind any one cell found again on demand (the window shows them when a
//! cell is clicked). Overlap counts each stretch where a passage of one code
//! meets a passage of the other once, however many codings make them up; a
//! turn or paragraph counts once however often both codes occur in it. The
//! diagonal holds each code's own passages, turns or paragraphs.

use crate::analysis::agreement::{Unit, units_of};
use crate::analysis::compare::merged;
use crate::exchange::{FigureTable, TableValue};
use crate::model::{CodeId, Document, DocumentId, Project};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What counts as two codes occurring together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Together {
    /// Codings whose text overlaps.
    #[default]
    Overlap,
    /// Codings in the same turn (a document without turns counts its
    /// paragraphs).
    Turn,
    Paragraph,
}

impl Together {
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_lowercase().as_str() {
            "overlap" | "overlapping" => Some(Self::Overlap),
            "turn" | "turns" => Some(Self::Turn),
            "paragraph" | "paragraphs" => Some(Self::Paragraph),
            _ => None,
        }
    }

    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Overlap => "overlap",
            Self::Turn => "turn",
            Self::Paragraph => "paragraph",
        }
    }
}

/// One place where two codes occur together: the overlapping text, or the
/// turn or paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
}

/// The counts for every pair of the codes used.
#[derive(Debug, Clone, PartialEq)]
pub struct Cooccurrence {
    pub by: Together,
    /// The codes some coding uses, in tree order.
    pub codes: Vec<CodeId>,
    /// `counts[i * codes.len() + j]`, symmetric.
    counts: Vec<usize>,
}

impl Cooccurrence {
    /// How often `codes[i]` and `codes[j]` occur together.
    #[must_use]
    pub fn count(&self, i: usize, j: usize) -> usize {
        self.counts[i * self.codes.len() + j]
    }

    /// The table: a code column, then one column per code.
    #[must_use]
    pub fn table(&self, project: &Project) -> FigureTable {
        let names: Vec<String> = self
            .codes
            .iter()
            .map(|code| project.code_path(*code))
            .collect();
        let mut columns = vec!["code".to_owned()];
        columns.extend(names.iter().cloned());
        FigureTable {
            title: format!("Codes together by {}", self.by.word()),
            columns,
            rows: names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let mut row = vec![TableValue::Text(name.clone())];
                    row.extend((0..self.codes.len()).map(|j| TableValue::Count(self.count(i, j))));
                    row
                })
                .collect(),
        }
    }
}

/// Counts every pair of codes occurring together.
#[must_use]
pub fn cooccurrence(project: &Project, by: Together) -> Cooccurrence {
    let used: std::collections::HashSet<CodeId> =
        project.codings.values().map(|coding| coding.code).collect();
    let codes: Vec<CodeId> = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code)| code.id)
        .filter(|code| used.contains(code))
        .collect();
    let index: HashMap<CodeId, usize> = codes
        .iter()
        .enumerate()
        .map(|(at, code)| (*code, at))
        .collect();
    let n = codes.len();
    let mut counts = vec![0; n * n];
    each_meeting(project, by, &index, |_, a, b, _, _| {
        counts[a * n + b] += 1;
        if a != b {
            counts[b * n + a] += 1;
        }
    });
    Cooccurrence { by, codes, counts }
}

/// The passages where `first` and `second` occur together (the same code
/// twice gives its own passages), in document and text order.
#[must_use]
pub fn passages(project: &Project, by: Together, first: CodeId, second: CodeId) -> Vec<Passage> {
    // The same code twice is one code, its own passages: index 0 only.
    let index: HashMap<CodeId, usize> = [(second, 1), (first, 0)].into_iter().collect();
    let wanted = if first == second { (0, 0) } else { (0, 1) };
    let mut found = Vec::new();
    each_meeting(project, by, &index, |document, a, b, start, end| {
        if (a.min(b), a.max(b)) == wanted {
            found.push(Passage {
                document,
                start,
                end,
            });
        }
    });
    found.sort_by_key(|passage| {
        (
            project
                .documents
                .get(&passage.document)
                .map(|document| document.name.clone()),
            passage.start,
        )
    });
    found
}

/// Calls `meet(document, a, b, start, end)` for every place where the codes
/// at indexes `a <= b` of `index` occur together, and with `a == b` for each
/// code's own passages or units. Codes not in `index` are left out.
fn each_meeting(
    project: &Project,
    by: Together,
    index: &HashMap<CodeId, usize>,
    mut meet: impl FnMut(DocumentId, usize, usize, usize, usize),
) {
    let mut by_document: BTreeMap<DocumentId, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for coding in project.codings.values() {
        if let Some(&code) = index.get(&coding.code) {
            by_document
                .entry(coding.document)
                .or_default()
                .push((code, coding.start, coding.end));
        }
    }
    for (id, codings) in by_document {
        match by {
            Together::Overlap => overlaps(codings, |a, b, start, end| meet(id, a, b, start, end)),
            Together::Turn | Together::Paragraph => {
                let Some(document) = project.documents.get(&id) else {
                    continue;
                };
                same_unit(document, by, &codings, |a, b, start, end| {
                    meet(id, a, b, start, end);
                });
            }
        }
    }
}

/// Each code's passages (its codings joined where they overlap or touch), and
/// every stretch where passages of two codes overlap.
fn overlaps(codings: Vec<(usize, usize, usize)>, mut meet: impl FnMut(usize, usize, usize, usize)) {
    let mut by_code: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (code, start, end) in codings {
        by_code.entry(code).or_default().push((start, end));
    }
    let mut passages: Vec<(usize, usize, usize)> = by_code
        .into_iter()
        .flat_map(|(code, ranges)| {
            merged(ranges)
                .into_iter()
                .map(move |(start, end)| (start, end, code))
        })
        .collect();
    passages.sort_unstable();
    // The passages still open at the current start: (end, code).
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (start, end, code) in passages {
        open.retain(|&(open_end, _)| open_end > start);
        meet(code, code, start, end);
        for &(open_end, other) in &open {
            meet(code.min(other), code.max(other), start, end.min(open_end));
        }
        open.push((end, code));
    }
}

/// Each code's turns or paragraphs, and every turn or paragraph two codes
/// share.
fn same_unit(
    document: &Document,
    by: Together,
    codings: &[(usize, usize, usize)],
    mut meet: impl FnMut(usize, usize, usize, usize),
) {
    let unit = if by == Together::Turn {
        Unit::Turns
    } else {
        Unit::Paragraphs
    };
    let units = units_of(document, unit);
    let mut codes_in: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for &(code, start, end) in codings {
        let first = units.partition_point(|&(_, unit_end)| unit_end <= start);
        for (at, &(unit_start, _)) in units.iter().enumerate().skip(first) {
            if unit_start >= end {
                break;
            }
            codes_in[at].push(code);
        }
    }
    for (codes, &(start, end)) in codes_in.iter_mut().zip(&units) {
        codes.sort_unstable();
        codes.dedup();
        for (i, &a) in codes.iter().enumerate() {
            for &b in &codes[i..] {
                meet(a, b, start, end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meetings(codings: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize, usize)> {
        let mut found = Vec::new();
        overlaps(codings, |a, b, start, end| found.push((a, b, start, end)));
        found.sort_unstable();
        found
    }

    #[test]
    fn overlapping_codings_of_one_code_make_one_passage_that_meets_another_once() {
        let found = meetings(vec![(0, 0, 10), (0, 5, 15), (1, 8, 20)]);
        assert_eq!(found, [(0, 0, 0, 15), (0, 1, 8, 15), (1, 1, 8, 20)]);
    }

    #[test]
    fn touching_passages_of_two_codes_do_not_overlap() {
        let found = meetings(vec![(0, 0, 10), (1, 10, 20)]);
        assert_eq!(found, [(0, 0, 0, 10), (1, 1, 10, 20)]);
    }
}
