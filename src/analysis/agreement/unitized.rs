//! Krippendorff's alpha for unitized data: how far coders agree on where the
//! coded stretches of a continuum of text lie and which codes they carry, not
//! only on ready-made units (Krippendorff, Mathet, Bouvry & Widlöcher 2016;
//! Krippendorff 2019, ch. 12). Three members of the family, as ATLAS.ti
//! reports them:
//!
//! - uα: every code a value on the continuum and uncoded text (the gap)
//!   another, all coders at once;
//! - |uα, the binary alpha: coded by any code or not; for one code, |cuα
//!   (ATLAS.ti's α-binary of that code), coded with that code or not;
//! - cuα (ATLAS.ti's cu-α, and its Cu-α, which is the same over a flat
//!   codebook): which code, where coded stretches of different coders meet.
//!
//! Each coder's codings of one code are joined where they overlap (touching
//! ones stay two stretches). Where one coder's codes overlap each other, the
//! text they share carries the pair of codes as one more value. A document
//! is one continuum; pooled figures add every document's sums, which is the
//! documents laid end to end. Everything is summed in integers and divided
//! once, so the figures match the reference to the last digits; a figure is
//! `None` exactly where its expected disagreement is zero.

use super::Scope;
use crate::model::{CodeId, CoderId, DocumentId, Project};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One coder's stretches of one code in one document, `start < end`, joined
/// where they overlap, in order.
pub type Sections = Vec<(usize, usize)>;

/// Every chosen coder's sections, by document and code: `[coder index]`.
pub(crate) type CoderSections = HashMap<(DocumentId, CodeId), Vec<Sections>>;

/// The chosen coders' sections of the codes in scope, clamped to each
/// document's text.
pub(crate) fn sections(project: &Project, scope: &Scope<'_>) -> CoderSections {
    let coder_at: HashMap<CoderId, usize> = scope
        .coders
        .iter()
        .enumerate()
        .map(|(at, coder)| (*coder, at))
        .collect();
    let lengths: HashMap<DocumentId, usize> = scope
        .documents
        .iter()
        .map(|document| (document.id, document.char_count))
        .collect();
    let mut sections: CoderSections = HashMap::new();
    for coding in project.codings.values() {
        let (Some(&coder), Some(&length)) =
            (coder_at.get(&coding.coder), lengths.get(&coding.document))
        else {
            continue;
        };
        if !scope.codes.contains(&coding.code) {
            continue;
        }
        let (start, end) = (coding.start.min(length), coding.end.min(length));
        if start < end {
            sections
                .entry((coding.document, coding.code))
                .or_insert_with(|| vec![Vec::new(); scope.coders.len()])[coder]
                .push((start, end));
        }
    }
    for lists in sections.values_mut() {
        for list in lists {
            list.sort_unstable();
            let mut joined: Sections = Vec::with_capacity(list.len());
            for &(start, end) in list.iter() {
                match joined.last_mut() {
                    Some(last) if start < last.1 => last.1 = last.1.max(end),
                    _ => joined.push((start, end)),
                }
            }
            *list = joined;
        }
    }
    sections
}

/// The value of the gap, uncoded text.
const GAP: u32 = 0;

/// A stretch of one coder's partition of a document: `(start, end, value)`.
type Piece = (usize, usize, u32);

/// The integer sums every figure is worked out from; they add across
/// documents.
#[derive(Debug, Clone, Default)]
struct Sums {
    coders: usize,
    /// Pairable length: coders × chars.
    n: i128,
    /// Coincidences of values over every ordered pair of coders.
    o: HashMap<(u32, u32), i128>,
    /// Per value: gap lengths, and squared lengths of coded pieces.
    q: HashMap<u32, i128>,
    /// Per coded value: squared length of what each piece meets of the
    /// other coders' coding.
    r: HashMap<u32, i128>,
    overlapping_codes: bool,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        self.coders = self.coders.max(other.coders);
        self.n += other.n;
        for (key, value) in &other.o {
            *self.o.entry(*key).or_default() += value;
        }
        for (key, value) in &other.q {
            *self.q.entry(*key).or_default() += value;
        }
        for (key, value) in &other.r {
            *self.r.entry(*key).or_default() += value;
        }
        self.overlapping_codes |= other.overlapping_codes;
    }

    /// Sums over the partitions of one document (one per coder, each
    /// covering `0..length`).
    fn of(partitions: &[Vec<Piece>], length: usize) -> Self {
        let coders = partitions.len();
        let mut sums = Sums {
            coders,
            n: (coders * length) as i128,
            ..Sums::default()
        };
        let mut met: Vec<Vec<i128>> = partitions.iter().map(|p| vec![0; p.len()]).collect();
        for i in 0..coders {
            for j in i + 1..coders {
                let (mut at_first, mut at_second) = (0, 0);
                let (first, second) = (&partitions[i], &partitions[j]);
                while at_first < first.len() && at_second < second.len() {
                    let (first_start, first_end, first_value) = first[at_first];
                    let (second_start, second_end, second_value) = second[at_second];
                    let shared =
                        first_end.min(second_end) as i128 - first_start.max(second_start) as i128;
                    if shared > 0 {
                        *sums.o.entry((first_value, second_value)).or_default() += shared;
                        *sums.o.entry((second_value, first_value)).or_default() += shared;
                        if first_value != GAP && second_value != GAP {
                            met[i][at_first] += shared;
                            met[j][at_second] += shared;
                        }
                    }
                    if first_end <= second_end {
                        at_first += 1;
                    } else {
                        at_second += 1;
                    }
                }
            }
        }
        for (pieces, met) in partitions.iter().zip(&met) {
            for (&(start, end, value), &met) in pieces.iter().zip(met) {
                let length = (end - start) as i128;
                if value == GAP {
                    *sums.q.entry(GAP).or_default() += length;
                } else {
                    *sums.q.entry(value).or_default() += length * length;
                    *sums.r.entry(value).or_default() += met * met;
                }
            }
        }
        sums
    }

    fn alphas(&self) -> Alphas {
        let w = self.coders as i128 - 1;
        let n = self.n;
        if w < 1 || n == 0 {
            return Alphas::default();
        }
        let mut margins: HashMap<u32, i128> = HashMap::new();
        let mut coded_margins: HashMap<u32, i128> = HashMap::new();
        let (mut total, mut diagonal, mut gap_coded) = (0, 0, 0);
        let (mut coded_total, mut coded_diagonal) = (0, 0);
        for (&(c, k), &o) in &self.o {
            total += o;
            *margins.entry(c).or_default() += o;
            if c == k {
                diagonal += o;
            }
            if c == GAP && k != GAP {
                gap_coded += o;
            }
            if c != GAP && k != GAP {
                coded_total += o;
                *coded_margins.entry(c).or_default() += o;
                if c == k {
                    coded_diagonal += o;
                }
            }
        }
        let squares = |margins: &HashMap<u32, i128>| margins.values().map(|m| m * m).sum::<i128>();
        let values = |margins: &HashMap<u32, i128>| margins.values().filter(|m| **m > 0).count();
        let q: i128 = self.q.values().sum();
        let r: i128 = self.r.values().sum();
        let ratio = |top: f64, bottom: f64| 1.0 - top / bottom;
        let gap = margins.get(&GAP).copied().unwrap_or(0);
        Alphas {
            u: (values(&margins) >= 2).then(|| {
                ratio(
                    (w * (total - diagonal)) as f64 * (n * n - q) as f64,
                    n as f64 * (total * total - squares(&margins)) as f64,
                )
            }),
            binary: (gap > 0 && gap < total).then(|| {
                ratio(
                    (w * gap_coded) as f64 * (n * n - q) as f64,
                    (n * gap) as f64 * (total - gap) as f64,
                )
            }),
            cu: (values(&coded_margins) >= 2).then(|| {
                ratio(
                    (coded_total - coded_diagonal) as f64 * (coded_total * coded_total - r) as f64,
                    coded_total as f64
                        * (coded_total * coded_total - squares(&coded_margins)) as f64,
                )
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Alphas {
    u: Option<f64>,
    binary: Option<f64>,
    cu: Option<f64>,
}

/// uα, |uα and cuα of one document or of documents pooled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UnitizedFigures {
    pub u_alpha: Option<f64>,
    pub binary_alpha: Option<f64>,
    pub cu_alpha: Option<f64>,
    /// Whether some coder's codes overlap each other here, so that shared
    /// text carries a combined value.
    pub overlapping_codes: bool,
}

impl From<&Sums> for UnitizedFigures {
    fn from(sums: &Sums) -> Self {
        let alphas = sums.alphas();
        Self {
            u_alpha: alphas.u,
            binary_alpha: alphas.binary,
            cu_alpha: alphas.cu,
            overlapping_codes: sums.overlapping_codes,
        }
    }
}

/// The unitized alphas of every document, every code and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitizedReport {
    pub overall: UnitizedFigures,
    pub by_document: BTreeMap<DocumentId, UnitizedFigures>,
    /// |cuα of each code, documents pooled.
    pub by_code: BTreeMap<CodeId, Option<f64>>,
    /// |cuα of each code in each document.
    pub by_cell: BTreeMap<(DocumentId, CodeId), Option<f64>>,
}

/// Works out the unitized alphas over `scope`.
pub(crate) fn unitized(scope: &Scope<'_>, sections: &CoderSections) -> UnitizedReport {
    let coders = scope.coders.len();
    let mut values: HashMap<Vec<CodeId>, u32> = HashMap::new();
    let mut overall = Sums::default();
    let mut by_document = BTreeMap::new();
    let mut by_code_sums: BTreeMap<CodeId, BinarySums> = BTreeMap::new();
    let mut by_cell = BTreeMap::new();
    let by_document_codes = codes_by_document(scope, sections);
    let total_length: usize = scope
        .documents
        .iter()
        .map(|document| document.char_count)
        .sum();
    for document in &scope.documents {
        let length = document.char_count;
        let mut all: Vec<Vec<(usize, usize, CodeId)>> = vec![Vec::new(); coders];
        for &(code, lists) in by_document_codes
            .get(&document.id)
            .map_or(&[][..], Vec::as_slice)
        {
            let sums = BinarySums::of(lists, length);
            by_cell.insert((document.id, code), sums.alpha());
            by_code_sums.entry(code).or_default().add(&sums);
            for (coder, list) in lists.iter().enumerate() {
                all[coder].extend(list.iter().map(|&(s, e)| (s, e, code)));
            }
        }
        let mut overlapping = false;
        let partitions: Vec<Vec<Piece>> = all
            .iter()
            .map(|stretches| {
                let (pieces, overlaps) = partition(length, stretches, &mut |set: &[CodeId]| {
                    if let Some(&value) = values.get(set) {
                        return value;
                    }
                    let next = u32::try_from(values.len()).map_or(u32::MAX, |count| count + 1);
                    values.insert(set.to_vec(), next);
                    next
                });
                overlapping |= overlaps;
                pieces
            })
            .collect();
        let mut sums = Sums::of(&partitions, length);
        sums.overlapping_codes = overlapping;
        by_document.insert(document.id, UnitizedFigures::from(&sums));
        overall.add(&sums);
    }
    // A document where nobody used a code is all gap for it, which counts
    // towards the code's pooled figure: added at once for every such one.
    let by_code = scope
        .codes
        .iter()
        .map(|code| {
            let mut sums = by_code_sums.remove(code).unwrap_or_default();
            let uncoded = total_length - sums.length;
            sums.add(&BinarySums::all_gap(coders, uncoded));
            (*code, sums.alpha())
        })
        .collect();
    UnitizedReport {
        overall: UnitizedFigures::from(&overall),
        by_document,
        by_code,
        by_cell,
    }
}

/// The codes each document has sections of, with them.
fn codes_by_document<'s>(
    scope: &Scope<'_>,
    sections: &'s CoderSections,
) -> HashMap<DocumentId, Vec<(CodeId, &'s [Sections])>> {
    let mut by_document: HashMap<DocumentId, Vec<(CodeId, &'s [Sections])>> = HashMap::new();
    for ((document, code), lists) in sections {
        if scope.codes.contains(code) {
            by_document
                .entry(*document)
                .or_default()
                .push((*code, lists.as_slice()));
        }
    }
    for codes in by_document.values_mut() {
        codes.sort_unstable_by_key(|(code, _)| *code);
    }
    by_document
}

/// The sums of the binary alpha of one code (coded with it, or gap), in
/// closed form from each coder's sections: no partition is built.
#[derive(Debug, Clone, Copy, Default)]
struct BinarySums {
    coders: usize,
    /// Chars of the documents counted.
    length: usize,
    n: i128,
    coded_coded: i128,
    /// Coded by one coder of a pair, gap for the other, each way.
    coded_gap: i128,
    gap_gap: i128,
    /// Gap lengths and squared section lengths.
    q: i128,
}

impl BinarySums {
    fn of(lists: &[Sections], length: usize) -> Self {
        let m = lists.len();
        let coded: Vec<i128> = lists
            .iter()
            .map(|list| list.iter().map(|&(start, end)| (end - start) as i128).sum())
            .collect();
        let (length_i, mut sums) = (
            length as i128,
            Self {
                coders: m,
                length,
                n: (m * length) as i128,
                ..Self::default()
            },
        );
        for (list, &coded) in lists.iter().zip(&coded) {
            sums.q += length_i - coded;
            sums.q += list
                .iter()
                .map(|&(start, end)| ((end - start) as i128).pow(2))
                .sum::<i128>();
        }
        for i in 0..m {
            for j in i + 1..m {
                let both = overlap(&lists[i], &lists[j]);
                sums.coded_coded += 2 * both;
                sums.coded_gap += coded[i] - both + coded[j] - both;
                sums.gap_gap += 2 * (length_i - coded[i] - coded[j] + both);
            }
        }
        sums
    }

    /// `length` chars nobody coded, for `coders` coders.
    fn all_gap(coders: usize, length: usize) -> Self {
        let (m, length_i) = (coders as i128, length as i128);
        Self {
            coders,
            length,
            n: m * length_i,
            gap_gap: m * (m - 1) * length_i,
            q: m * length_i,
            ..Self::default()
        }
    }

    fn add(&mut self, other: &Self) {
        self.coders = self.coders.max(other.coders);
        self.length += other.length;
        self.n += other.n;
        self.coded_coded += other.coded_coded;
        self.coded_gap += other.coded_gap;
        self.gap_gap += other.gap_gap;
        self.q += other.q;
    }

    /// |cuα, as [`Sums::alphas`] gives the binary alpha.
    fn alpha(&self) -> Option<f64> {
        let w = self.coders as i128 - 1;
        let n = self.n;
        let total = self.coded_coded + 2 * self.coded_gap + self.gap_gap;
        let gap = self.coded_gap + self.gap_gap;
        (w >= 1 && n > 0 && gap > 0 && gap < total).then(|| {
            1.0 - (w * self.coded_gap) as f64 * (n * n - self.q) as f64
                / ((n * gap) as f64 * (total - gap) as f64)
        })
    }
}

/// How many chars two coders' sections share.
fn overlap(first: &Sections, second: &Sections) -> i128 {
    let (mut a, mut b, mut shared) = (0, 0, 0);
    while a < first.len() && b < second.len() {
        let (start, end) = (first[a].0.max(second[b].0), first[a].1.min(second[b].1));
        if start < end {
            shared += (end - start) as i128;
        }
        if first[a].1 <= second[b].1 {
            a += 1;
        } else {
            b += 1;
        }
    }
    shared
}

/// One coder's partition of `0..length`: cut at every start and end of its
/// stretches, each piece valued by the set of codes covering it (the gap
/// where none does), neighbouring gaps joined. Also says whether two codes
/// ever cover the same piece.
fn partition(
    length: usize,
    stretches: &[(usize, usize, CodeId)],
    value_of: &mut dyn FnMut(&[CodeId]) -> u32,
) -> (Vec<Piece>, bool) {
    let mut events: Vec<(usize, bool, CodeId)> = Vec::with_capacity(stretches.len() * 2);
    for &(start, end, code) in stretches {
        events.push((start, true, code));
        events.push((end, false, code));
    }
    events.sort_unstable();
    let mut open: BTreeMap<CodeId, usize> = BTreeMap::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut overlaps = false;
    let mut from = 0;
    let push = |pieces: &mut Vec<Piece>, start: usize, end: usize, value: u32| {
        if start >= end {
            return;
        }
        match pieces.last_mut() {
            Some(last) if value == GAP && last.2 == GAP => last.1 = end,
            _ => pieces.push((start, end, value)),
        }
    };
    let mut at = 0;
    while at < events.len() {
        let position = events[at].0;
        overlaps |= open.len() > 1 && from < position;
        // One code open is by far the commonest: no list is made for it.
        let value = match (open.len(), open.keys().next()) {
            (_, None) => GAP,
            (1, Some(&code)) => value_of(&[code]),
            _ => value_of(&open.keys().copied().collect::<Vec<_>>()),
        };
        push(&mut pieces, from, position, value);
        from = position;
        while at < events.len() && events[at].0 == position {
            let (_, starts, code) = events[at];
            let count = open.entry(code).or_default();
            if starts {
                *count += 1;
            } else {
                *count -= 1;
                if *count == 0 {
                    open.remove(&code);
                }
            }
            at += 1;
        }
    }
    push(&mut pieces, from, length, GAP);
    (pieces, overlaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphas(length: usize, coders: &[&[(usize, usize, u32)]]) -> Alphas {
        let partitions: Vec<Vec<Piece>> = coders
            .iter()
            .map(|stretches| {
                let ids: Vec<CodeId> = (0..3).map(|_| CodeId::new()).collect();
                let mine: Vec<(usize, usize, CodeId)> = stretches
                    .iter()
                    .map(|&(s, e, v)| (s, e, ids[v as usize]))
                    .collect();
                partition(length, &mine, &mut |set: &[CodeId]| {
                    u32::try_from(1 + ids.iter().position(|id| *id == set[0]).expect("one code"))
                        .expect("a small number")
                })
                .0
            })
            .collect();
        Sums::of(&partitions, length).alphas()
    }

    fn near(got: Option<f64>, want: f64) -> bool {
        got.is_some_and(|got| (got - want).abs() < 1e-12)
    }

    #[test]
    fn the_closed_form_binary_alpha_is_the_partitions() {
        let lists = vec![
            vec![(2, 6), (6, 9), (20, 30)],
            vec![(3, 7), (25, 40)],
            vec![],
        ];
        let closed = BinarySums::of(&lists, 50).alpha();
        let by_partition = alphas(
            50,
            &[
                &[(2, 6, 0), (6, 9, 0), (20, 30, 0)],
                &[(3, 7, 0), (25, 40, 0)],
                &[],
            ],
        )
        .binary;
        assert!((closed.expect("defined") - by_partition.expect("defined")).abs() < 1e-12);
        let mut pooled = BinarySums::of(&lists, 50);
        pooled.add(&BinarySums::all_gap(3, 70));
        assert!(pooled.alpha().is_some(), "an all-gap document still counts");
    }

    #[test]
    fn two_coders_one_code_shifted_by_one() {
        // A codes [2,6), B codes [3,7) of ten chars: uα = |uα = 151/240.
        let got = alphas(10, &[&[(2, 6, 0)], &[(3, 7, 0)]]);
        assert!(
            near(got.u, 151.0 / 240.0) && near(got.binary, 151.0 / 240.0),
            "{got:?}"
        );
        assert_eq!(got.cu, None, "one code only: nothing to tell apart");
    }

    #[test]
    fn which_code_where_coded_stretches_meet() {
        // A: H[0,4) C[4,8); B: H[0,6) C[6,8): cuα = 37/60, |uα = 1.
        let got = alphas(10, &[&[(0, 4, 0), (4, 8, 1)], &[(0, 6, 0), (6, 8, 1)]]);
        assert!(
            near(got.cu, 37.0 / 60.0) && near(got.binary, 1.0),
            "{got:?}"
        );
        assert!(near(got.u, 229.0 / 310.0), "{got:?}");
    }

    #[test]
    fn a_third_coder_who_coded_nothing() {
        // A: H[0,6) C[6,10); B: H[0,10); C nothing; twelve chars: cuα = 9/40.
        let got = alphas(12, &[&[(0, 6, 0), (6, 10, 1)], &[(0, 10, 0)], &[]]);
        assert!(
            near(got.cu, 9.0 / 40.0) && near(got.u, 1.0 / 48.0),
            "{got:?}"
        );
    }
}
