//! Agreement between coders, code by code, over units of text: characters (as
//! NVivo counts), sentences, paragraphs or turns. A unit is coded by a coder
//! for a code when the coder coded any of its characters with that code.
//!
//! For each pair of coders the units fall into four cells: coded by both, by
//! the first only, by the second only, by neither. From them come the
//! percentage agreement and Cohen's kappa as NVivo computes them (kappa is 1
//! when the two agree completely, which is also what it is when neither coded
//! anything), Brennan and Prediger's kappa for two categories (coded or not),
//! and, beside them, the share of units neither coded, which inflates both.
//! Krippendorff's alpha (nominal, coded or not) is computed over all the
//! chosen coders at once. With three or more coders the pairwise figures are
//! the mean over every pair, as nltk's `AnnotationTask` reports them.
//!
//! A code's figures pool its units across documents, a document's pool them
//! across codes, and the overall figures pool every code some chosen coder
//! used across every document.
//!
//! Beside these unit figures, [`stretch_agreement`] asks whether coders agree
//! on where coded stretches lie: Krippendorff's unitized alphas
//! ([`unitized`]) and MAXQDA's segment agreement ([`segments`]).

pub mod segments;
pub mod table;
pub mod unitized;

use crate::analysis::compare::{Comparison, coded_ranges};
use crate::model::{CodeId, CoderId, Document, DocumentId, Project};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What counts as one unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Characters,
    Sentences,
    Paragraphs,
    Turns,
}

impl Unit {
    pub const ALL: [Unit; 4] = [
        Unit::Characters,
        Unit::Sentences,
        Unit::Paragraphs,
        Unit::Turns,
    ];

    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Unit::Characters => "characters",
            Unit::Sentences => "sentences",
            Unit::Paragraphs => "paragraphs",
            Unit::Turns => "turns",
        }
    }

    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|unit| {
            unit.word().trim_end_matches('s') == word.trim().to_lowercase().trim_end_matches('s')
        })
    }
}

/// How many units of one pair of coders fall in each cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PairCounts {
    pub both: u64,
    pub first_only: u64,
    pub second_only: u64,
    pub neither: u64,
}

impl PairCounts {
    #[must_use]
    pub fn total(&self) -> u64 {
        self.both + self.first_only + self.second_only + self.neither
    }

    fn add(&mut self, other: &PairCounts) {
        self.both += other.both;
        self.first_only += other.first_only;
        self.second_only += other.second_only;
        self.neither += other.neither;
    }

    /// The share of units on which the two agree, coded or not.
    #[must_use]
    pub fn percent_agreement(&self) -> Option<f64> {
        let total = self.total() as f64;
        (total > 0.0).then(|| (self.both + self.neither) as f64 / total)
    }

    /// Cohen's kappa as NVivo computes it: observed agreement less the
    /// agreement expected by chance from each coder's share of coded units,
    /// over one less that chance; 1 when the two agree completely.
    #[must_use]
    pub fn cohen_kappa(&self) -> Option<f64> {
        let total = self.total() as f64;
        if total == 0.0 {
            return None;
        }
        let first = (self.both + self.first_only) as f64 / total;
        let second = (self.both + self.second_only) as f64 / total;
        let observed = (self.both + self.neither) as f64 / total;
        let chance = first * second + (1.0 - first) * (1.0 - second);
        if self.first_only == 0 && self.second_only == 0 {
            return Some(1.0);
        }
        Some((observed - chance) / (1.0 - chance))
    }

    /// Brennan and Prediger's kappa for two categories: chance is one half.
    #[must_use]
    pub fn brennan_prediger(&self) -> Option<f64> {
        self.percent_agreement()
            .map(|observed| 2.0 * observed - 1.0)
    }
}

/// The figures for one code, document or the whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// How many units were compared.
    pub units: u64,
    /// Units no chosen coder coded, as a share of all units.
    pub neither_share: Option<f64>,
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub brennan_prediger: Option<f64>,
    /// Krippendorff's alpha, nominal (coded or not), over every chosen coder;
    /// `None` when every value is the same, where alpha is not defined.
    pub krippendorff_alpha: Option<f64>,
}

/// What one cell (a code in a document, or a sum of them) holds: the pair
/// counts of every pair of coders, and for alpha how often each number of
/// coders coded one unit.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    pairs: Vec<PairCounts>,
    /// `by_count[k]`: units coded by exactly `k` of the chosen coders.
    by_count: Vec<u64>,
}

impl Tally {
    fn new(coders: usize) -> Self {
        Self {
            pairs: vec![PairCounts::default(); coders * (coders - 1) / 2],
            by_count: vec![0; coders + 1],
        }
    }

    fn add(&mut self, other: &Tally) {
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            mine.add(theirs);
        }
        for (mine, theirs) in self.by_count.iter_mut().zip(&other.by_count) {
            *mine += theirs;
        }
    }

    fn figures(&self) -> Figures {
        let units: u64 = self.by_count.iter().sum();
        let mean = |figure: fn(&PairCounts) -> Option<f64>| {
            let values: Vec<f64> = self.pairs.iter().filter_map(figure).collect();
            (values.len() == self.pairs.len() && !values.is_empty())
                .then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        Figures {
            units,
            neither_share: (units > 0).then(|| self.by_count[0] as f64 / units as f64),
            percent_agreement: mean(PairCounts::percent_agreement),
            cohen_kappa: mean(PairCounts::cohen_kappa),
            brennan_prediger: mean(PairCounts::brennan_prediger),
            krippendorff_alpha: self.alpha(),
        }
    }

    /// Krippendorff's alpha for nominal values (coded, not coded) with every
    /// coder valuing every unit: one less the observed disagreement over the
    /// disagreement expected from how often each value was given.
    fn alpha(&self) -> Option<f64> {
        let coders = self.by_count.len() - 1;
        let m = coders as f64;
        let mut observed = 0.0;
        let (mut coded, mut values) = (0.0, 0.0);
        for (k, &units) in self.by_count.iter().enumerate() {
            let (k, units) = (k as f64, units as f64);
            observed += units * k * (m - k) / (m - 1.0);
            coded += units * k;
            values += units * m;
        }
        let uncoded = values - coded;
        if coded == 0.0 || uncoded == 0.0 {
            return None;
        }
        Some(1.0 - (values - 1.0) * observed / (coded * uncoded))
    }
}

/// Agreement code by code and document by document, and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementReport {
    pub unit: Unit,
    pub coders: Vec<CoderId>,
    /// Each code some chosen coder used in each document, and each code
    /// asked for by name even if no one used it.
    pub cells: Vec<Cell>,
    pub by_code: BTreeMap<CodeId, Figures>,
    pub by_document: BTreeMap<DocumentId, Figures>,
    pub overall: Figures,
}

/// The figures for one code in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub code: CodeId,
    pub document: DocumentId,
    pub figures: Figures,
}

/// Why agreement could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("agreement needs two or more different coders")]
    TooFewCoders,
    #[error("the overlap threshold is a percentage from 1 to 100, not {0}")]
    Threshold(u32),
}

/// Agreement on where coded stretches lie, not over ready-made units: the
/// unitized alphas over all coders, and MAXQDA's segment agreement of each
/// pair at an overlap threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StretchAgreement {
    pub unitized: unitized::UnitizedReport,
    /// The overlap threshold, in percent.
    pub threshold: u32,
    pub segments: Vec<segments::PairSegments>,
}

/// Works out [`StretchAgreement`] among `comparison.coders`, over the same
/// documents and codes as [`agreement`], a segment agreeing at `threshold`
/// percent overlap or more.
pub fn stretch_agreement(
    project: &Project,
    comparison: &Comparison,
    threshold: u32,
) -> Result<StretchAgreement, AgreementError> {
    if !(1..=100).contains(&threshold) {
        return Err(AgreementError::Threshold(threshold));
    }
    let scope = scope(project, comparison)?;
    let sections = unitized::sections(project, &scope);
    Ok(StretchAgreement {
        unitized: unitized::unitized(&scope, &sections),
        threshold,
        segments: segments::segment_agreement(&scope, &sections, threshold),
    })
}

/// What an agreement figure looks at: the chosen coders (each once), the
/// documents any coding of the project is in (or the one named), and the
/// codes a chosen coder used (or the one named).
pub(crate) struct Scope<'p> {
    pub coders: Vec<CoderId>,
    pub comparison: Comparison,
    pub documents: Vec<&'p Document>,
    pub codes: BTreeSet<CodeId>,
}

pub(crate) fn scope<'p>(
    project: &'p Project,
    comparison: &Comparison,
) -> Result<Scope<'p>, AgreementError> {
    let coders: Vec<CoderId> = {
        let mut seen = BTreeSet::new();
        comparison
            .coders
            .iter()
            .copied()
            .filter(|coder| seen.insert(*coder))
            .collect()
    };
    if coders.len() < 2 {
        return Err(AgreementError::TooFewCoders);
    }
    let comparison = Comparison {
        coders: coders.clone(),
        ..comparison.clone()
    };
    let documents: Vec<&Document> = match comparison.document {
        Some(id) => project.documents.get(&id).into_iter().collect(),
        None => {
            let coded: BTreeSet<DocumentId> = project
                .codings
                .values()
                .map(|coding| coding.document)
                .collect();
            project
                .documents_by_name()
                .into_iter()
                .filter(|document| coded.contains(&document.id))
                .collect()
        }
    };
    let codes: BTreeSet<CodeId> = match comparison.code {
        Some(code) => BTreeSet::from([code]),
        None => project
            .codings
            .values()
            .filter(|coding| {
                coders.contains(&coding.coder)
                    && comparison
                        .document
                        .is_none_or(|document| document == coding.document)
            })
            .map(|coding| coding.code)
            .collect(),
    };
    Ok(Scope {
        coders,
        comparison,
        documents,
        codes,
    })
}

/// Works out agreement among `comparison.coders` over `unit`s. With
/// `comparison.code`, only that code; with `comparison.document`, only that
/// document. Documents are those any coding of the project is in, or the one
/// named; codes are those a chosen coder used, or the one named.
pub fn agreement(
    project: &Project,
    comparison: &Comparison,
    unit: Unit,
) -> Result<AgreementReport, AgreementError> {
    let Scope {
        coders,
        comparison,
        documents,
        codes,
    } = scope(project, comparison)?;
    let ranges = coded_ranges(project, &comparison);
    let mut cells = Vec::new();
    let mut by_code: BTreeMap<CodeId, Tally> = BTreeMap::new();
    let mut by_document: BTreeMap<DocumentId, Tally> = BTreeMap::new();
    let mut overall = Tally::new(coders.len());
    let empty = BTreeMap::new();
    for document in documents {
        let units = units_of(document, unit);
        for &code in &codes {
            let coded = ranges.get(&(document.id, code)).unwrap_or(&empty);
            let tally = tally_units(&units, &coders, coded, unit == Unit::Characters);
            cells.push(Cell {
                code,
                document: document.id,
                figures: tally.figures(),
            });
            by_code
                .entry(code)
                .or_insert_with(|| Tally::new(coders.len()))
                .add(&tally);
            by_document
                .entry(document.id)
                .or_insert_with(|| Tally::new(coders.len()))
                .add(&tally);
            overall.add(&tally);
        }
    }
    Ok(AgreementReport {
        unit,
        coders,
        cells,
        by_code: by_code
            .into_iter()
            .map(|(code, tally)| (code, tally.figures()))
            .collect(),
        by_document: by_document
            .into_iter()
            .map(|(document, tally)| (document, tally.figures()))
            .collect(),
        overall: overall.figures(),
    })
}

/// The units of a document as char ranges, in order. Characters are one
/// range holding every char, counted one by one; a document without turns
/// counts its paragraphs as turns.
#[must_use]
pub fn units_of(document: &Document, unit: Unit) -> Vec<(usize, usize)> {
    match unit {
        Unit::Characters => vec![(0, document.char_count)],
        Unit::Turns if !document.turns.is_empty() => document
            .turns
            .iter()
            .map(|turn| (turn.start, turn.end))
            .filter(|(start, end)| start < end)
            .collect(),
        Unit::Turns | Unit::Paragraphs => split(&document.text, |chars, at| {
            chars[at] == '\n' && at + 1 < chars.len() && chars[at + 1] == '\n'
        }),
        Unit::Sentences => split(&document.text, |chars, at| {
            let c = chars[at];
            if c == '\n' {
                return true;
            }
            // A sentence ends after its closing punctuation and any closing
            // quote or bracket, where white space follows.
            matches!(c, '.' | '?' | '!' | '…' | '"' | '”' | '’' | ')')
                && chars.get(at + 1).is_none_or(|next| next.is_whitespace())
                && chars[..=at]
                    .iter()
                    .rev()
                    .find(|c| !matches!(c, '"' | '”' | '’' | ')'))
                    .is_some_and(|c| matches!(c, '.' | '?' | '!' | '…'))
        }),
    }
}

/// Cuts `text` after every char where `ends(chars, at)` holds, keeping the
/// pieces that are not all white space, trimmed.
fn split(text: &str, ends: impl Fn(&[char], usize) -> bool) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut from = 0;
    for at in 0..chars.len() {
        if ends(&chars, at) || at + 1 == chars.len() {
            let (mut start, mut end) = (from, at + 1);
            while start < end && chars[start].is_whitespace() {
                start += 1;
            }
            while end > start && chars[end - 1].is_whitespace() {
                end -= 1;
            }
            if start < end {
                pieces.push((start, end));
            }
            from = at + 1;
        }
    }
    pieces
}

/// Counts, over `units`, which coders coded each one. With `per_char`, the
/// one range of `units` is counted char by char, from the coded lengths.
fn tally_units(
    units: &[(usize, usize)],
    coders: &[CoderId],
    coded: &BTreeMap<CoderId, Vec<(usize, usize)>>,
    per_char: bool,
) -> Tally {
    let mut tally = Tally::new(coders.len());
    let lists: Vec<&[(usize, usize)]> = coders
        .iter()
        .map(|coder| coded.get(coder).map_or(&[][..], Vec::as_slice))
        .collect();
    if let (true, Some(&(_, length))) = (per_char, units.first()) {
        // Every char is a unit: count lengths between the coders' boundaries.
        let mut cuts: Vec<usize> = lists
            .iter()
            .flat_map(|list| list.iter().flat_map(|&(s, e)| [s, e]))
            .collect();
        cuts.extend([0, length]);
        cuts.sort_unstable();
        cuts.dedup();
        for window in cuts.windows(2) {
            let (start, end) = (window[0], window[1].min(length));
            if start >= end {
                continue;
            }
            let covered: Vec<bool> = lists
                .iter()
                .map(|list| covers(list, start, start + 1))
                .collect();
            count_unit(&mut tally, &covered, (end - start) as u64);
        }
        return tally;
    }
    // Most units of a long document are coded by no one: only those some
    // coding reaches are looked at one by one, and the rest count at once.
    let mut reached: BTreeMap<usize, Vec<bool>> = BTreeMap::new();
    for (index, list) in lists.iter().enumerate() {
        for &(start, end) in *list {
            let first = units.partition_point(|&(_, unit_end)| unit_end <= start);
            for (at, _) in units[first..]
                .iter()
                .enumerate()
                .take_while(|(_, unit)| unit.0 < end)
            {
                reached
                    .entry(first + at)
                    .or_insert_with(|| vec![false; lists.len()])[index] = true;
            }
        }
    }
    for covered in reached.values() {
        count_unit(&mut tally, covered, 1);
    }
    let untouched = (units.len() - reached.len()) as u64;
    if untouched > 0 {
        count_unit(&mut tally, &vec![false; lists.len()], untouched);
    }
    tally
}

/// Whether any of the sorted, disjoint `ranges` shares a char with `start..end`.
fn covers(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let after = ranges.partition_point(|&(_, range_end)| range_end <= start);
    ranges
        .get(after)
        .is_some_and(|&(range_start, _)| range_start < end)
}

fn count_unit(tally: &mut Tally, covered: &[bool], weight: u64) {
    let mut pair = 0;
    for first in 0..covered.len() {
        for second in first + 1..covered.len() {
            let cell = &mut tally.pairs[pair];
            match (covered[first], covered[second]) {
                (true, true) => cell.both += weight,
                (true, false) => cell.first_only += weight,
                (false, true) => cell.second_only += weight,
                (false, false) => cell.neither += weight,
            }
            pair += 1;
        }
    }
    tally.by_count[covered.iter().filter(|&&on| on).count()] += weight;
}

/// The agreement paragraph of a theme report: the overall figures of
/// `coders` over characters and at 90% segment overlap, then the methods
/// paragraph that names each formula.
pub fn report_paragraph(project: &Project, coders: &[CoderId]) -> Result<String, AgreementError> {
    let comparison = Comparison {
        coders: coders.to_vec(),
        ..Comparison::default()
    };
    let report = agreement(project, &comparison, Unit::Characters)?;
    let stretches = stretch_agreement(project, &comparison, 90)?;
    // Two decimals, without a minus sign on a figure that rounds to zero.
    let figure = |value: Option<f64>| {
        value.map_or_else(
            || "not defined".to_owned(),
            |v| format!("{:.2}", if v.abs() < 0.005 { 0.0 } else { v }),
        )
    };
    let share = |value: Option<f64>| {
        value.map_or_else(
            || "none".to_owned(),
            |share| format!("{:.1}%", 100.0 * share),
        )
    };
    // By name, so that the paragraph reads the same whatever order the
    // coders were chosen or stored in.
    let mut names = project.coder_names(&report.coders);
    names.sort();
    let names = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let overall = &report.overall;
    Ok(format!(
        "Over all codes and characters, {names} agreed on {} of the text (Cohen's kappa {}; \
         Brennan and Prediger's kappa {}; {} of the text coded by neither). Krippendorff's \
         uα was {}, |uα {} and cuα {}. {}",
        share(overall.percent_agreement),
        figure(overall.cohen_kappa),
        figure(overall.brennan_prediger),
        share(overall.neither_share),
        figure(stretches.unitized.overall.u_alpha),
        figure(stretches.unitized.overall.binary_alpha),
        figure(stretches.unitized.overall.cu_alpha),
        methods_paragraph(Unit::Characters, report.coders.len(), 90)
    ))
}

/// A paragraph for a study's methods section naming each figure, how it was
/// computed here and where it comes from.
#[must_use]
pub fn methods_paragraph(unit: Unit, coders: usize, overlap_percent: u32) -> String {
    let pairs = if coders > 2 {
        format!(
            " With {coders} coders, the pairwise figures are the mean over every pair of coders."
        )
    } else {
        String::new()
    };
    format!(
        "Agreement between coders was computed in Polyphony over {units}: a unit counts as \
         coded with a code by a coder when the coder coded any of its text with it. \
         Percentage agreement is the share of units that both coders coded or both left \
         uncoded, and Cohen's kappa (Cohen, 1960) corrects it for the agreement expected by \
         chance from each coder's share of coded units, as NVivo's coding comparison does \
         (kappa is 1 where the two agree completely). Brennan and Prediger's kappa \
         (Brennan & Prediger, 1981) takes chance agreement as one half. Krippendorff's alpha \
         (Krippendorff, 2019) is given for coded or not coded as nominal values, over all \
         coders at once.{pairs} Agreement on where coded stretches lie, without ready-made \
         units, is given by Krippendorff's alphas for unitized data (Krippendorff, Mathet, \
         Bouvry & Widlöcher, 2016; Krippendorff, 2019, ch. 12): uα over every code and the \
         uncoded text, the binary |uα (coded or not) and, code by code, |cuα (ATLAS.ti's \
         α-binary), and cuα, agreement on which code where coded stretches of different \
         coders meet (ATLAS.ti's cu-α; its Cu-α is the same over a codebook without \
         semantic domains). Where one coder's codes overlap, the shared text carries the \
         combination as one value. MAXQDA's segment agreement counts a coded segment as \
         matched when the other coder coded the same code over at least {overlap_percent}% \
         of the two segments together, and gives Brennan and Prediger's kappa for the table \
         with chance as one over the number of codes in it. The share of units no coder \
         coded is reported beside them: \
         uncoded text that both leave alone raises percentage agreement, and agreement on \
         long uncoded stretches says little about the coding. A code's figures pool its units \
         across documents. In reflexive thematic analysis these figures describe how coders \
         differed, as material for discussion, not a test the coding must pass (Braun & \
         Clarke, 2021).\n\n\
         References: Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, \
         misuses, and alternatives. Educational and Psychological Measurement, 41(3), \
         687-699. Braun, V., & Clarke, V. (2021). Thematic analysis: A practical guide. SAGE. \
         Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and \
         Psychological Measurement, 20(1), 37-46. Krippendorff, K. (2019). Content analysis: \
         An introduction to its methodology (4th ed.). SAGE. Krippendorff, K., Mathet, Y., \
         Bouvry, S., & Widlöcher, A. (2016). On the reliability of unitizing textual \
         continua: Further developments. Quality & Quantity, 50(6), 2347-2364.",
        units = unit.word()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nvivos_worked_example_gives_its_percentage() {
        // NVivo's help: 1,000 characters, 50 coded by both, 150 by one only,
        // 800 by neither: 85% agreement.
        let counts = PairCounts {
            both: 50,
            first_only: 150,
            second_only: 0,
            neither: 800,
        };
        assert!((counts.percent_agreement().unwrap() - 0.85).abs() < 1e-12);
        let kappa = counts.cohen_kappa().unwrap();
        // Chance: 0.2 × 0.05 + 0.8 × 0.95 = 0.77; (0.85 − 0.77) / 0.23.
        assert!((kappa - 0.08 / 0.23).abs() < 1e-12, "{kappa}");
    }

    #[test]
    fn complete_agreement_is_kappa_one_even_with_nothing_coded() {
        let nothing = PairCounts {
            neither: 400,
            ..PairCounts::default()
        };
        assert_eq!(nothing.cohen_kappa(), Some(1.0));
        assert_eq!(nothing.percent_agreement(), Some(1.0));
    }

    #[test]
    fn sentences_end_after_their_punctuation_and_closing_quotes() {
        let text = "I said \"yes.\" Then I left! Why?\n\nNew paragraph here";
        let pieces: Vec<String> = split(text, |chars, at| chars[at] == '\n')
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(
            pieces,
            vec!["I said \"yes.\" Then I left! Why?", "New paragraph here"]
        );
        let document = Document::for_tests("x", text);
        let sentences: Vec<String> = units_of(&document, Unit::Sentences)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(
            sentences,
            vec![
                "I said \"yes.\"",
                "Then I left!",
                "Why?",
                "New paragraph here"
            ]
        );
    }
}
