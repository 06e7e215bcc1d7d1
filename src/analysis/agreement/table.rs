//! The agreement table the command line prints and writes and the window
//! shows: one row per code (or per code in each document) and a last row for
//! all codes, with the unit figures, each code's α-binary, MAXQDA's share of
//! segments matched, and the segment kappa of the whole table. With three or
//! more coders the segment figures are the mean over pairs of coders.

use super::segments::{PairSegments, SegmentCounts};
use super::{AgreementReport, Figures, StretchAgreement};
use crate::exchange::{FigureTable, TableValue};
use crate::model::{CodeId, DocumentId, Project};

/// The agreement table; rows by code path, then the row for all codes.
#[must_use]
pub fn agreement_table(
    project: &Project,
    report: &AgreementReport,
    stretches: &StretchAgreement,
    by_document: bool,
) -> FigureTable {
    let unit = report.unit;
    let values = |figures: &Figures| {
        vec![
            TableValue::Count(usize::try_from(figures.units).unwrap_or(usize::MAX)),
            TableValue::Figure(figures.neither_share),
            TableValue::Figure(figures.percent_agreement),
            TableValue::Figure(figures.cohen_kappa),
            TableValue::Figure(figures.brennan_prediger),
            TableValue::Figure(figures.krippendorff_alpha),
        ]
    };
    let mut columns = vec!["code".to_owned()];
    if by_document {
        columns.push("document".to_owned());
    }
    columns.extend(
        [
            unit.word(),
            "uncoded share",
            "agreement",
            "Cohen's kappa",
            "Brennan-Prediger kappa",
            "Krippendorff's alpha",
            "α-binary (|cuα)",
            "segments matched",
            "segment kappa",
        ]
        .map(str::to_owned),
    );
    let segments = SegmentFigures::of(stretches);
    let mut rows: Vec<Vec<TableValue>> = if by_document {
        report
            .cells
            .iter()
            .map(|cell| {
                let mut row = vec![
                    TableValue::Text(project.code_path(cell.code)),
                    TableValue::Text(project.documents[&cell.document].name.clone()),
                ];
                row.extend(values(&cell.figures));
                row.extend([
                    TableValue::Figure(
                        stretches
                            .unitized
                            .by_cell
                            .get(&(cell.document, cell.code))
                            .copied()
                            .flatten(),
                    ),
                    TableValue::Figure(segments.cell(cell.document, cell.code)),
                    TableValue::Figure(None),
                ]);
                row
            })
            .collect()
    } else {
        report
            .by_code
            .iter()
            .map(|(code, figures)| {
                let mut row = vec![TableValue::Text(project.code_path(*code))];
                row.extend(values(figures));
                row.extend([
                    TableValue::Figure(stretches.unitized.by_code.get(code).copied().flatten()),
                    TableValue::Figure(segments.code(*code)),
                    TableValue::Figure(None),
                ]);
                row
            })
            .collect()
    };
    // Codes by their path, as the codebook lists them (ids say nothing).
    rows.sort_by(|a, b| match (&a[0], &b[0]) {
        (TableValue::Text(a), TableValue::Text(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    let mut total = vec![TableValue::Text("(all codes)".to_owned())];
    if by_document {
        total.push(TableValue::Text("(all documents)".to_owned()));
    }
    total.extend(values(&report.overall));
    total.extend([
        TableValue::Figure(stretches.unitized.overall.binary_alpha),
        TableValue::Figure(segments.overall),
        TableValue::Figure(segments.kappa),
    ]);
    rows.push(total);
    FigureTable {
        title: format!("Agreement over {}", unit.word()),
        columns,
        rows,
    }
}

/// MAXQDA's segment figures as the agreement table shows them: the share of
/// segments matched per code, cell and overall, and the table's kappa, each
/// the mean over pairs of coders.
struct SegmentFigures<'a> {
    pairs: &'a [PairSegments],
    overall: Option<f64>,
    kappa: Option<f64>,
}

impl<'a> SegmentFigures<'a> {
    fn of(stretches: &'a StretchAgreement) -> Self {
        let pairs = stretches.segments.as_slice();
        Self {
            pairs,
            overall: mean(
                pairs
                    .iter()
                    .map(|pair| pair.overall.counts.percent_agreement()),
            ),
            kappa: mean(pairs.iter().map(|pair| pair.overall.kappa)),
        }
    }

    fn code(&self, code: CodeId) -> Option<f64> {
        mean(self.pairs.iter().map(|pair| {
            pair.by_code
                .get(&code)
                .and_then(SegmentCounts::percent_agreement)
        }))
    }

    fn cell(&self, document: DocumentId, code: CodeId) -> Option<f64> {
        mean(self.pairs.iter().map(|pair| {
            pair.by_document
                .get(&document)
                .and_then(|codes| codes.get(&code))
                .and_then(SegmentCounts::percent_agreement)
        }))
    }
}

/// The mean of figures that are all defined, else `None`.
fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let values: Option<Vec<f64>> = values.collect();
    values
        .filter(|values| !values.is_empty())
        .map(|values| values.iter().sum::<f64>() / values.len() as f64)
}
