//! Codes against documents or against the groups of a participant or document
//! attribute (peer and non-peer practitioners, say): how many codings of each
//! code fall in each column, as counts or as shares of the row or column. A
//! coding's group is that of the participant speaking where it starts; for a
//! document attribute, that of its document.

use super::{CodeRollup, Grouping, NO_VALUE, speaker_of};
use crate::exchange::{FigureTable, TableValue};
use crate::model::{CodeId, Project};
use std::collections::{BTreeMap, BTreeSet};

/// What the columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixColumns {
    Documents,
    /// A participant attribute or, where no participant has it, a document
    /// attribute.
    Attribute(String),
}

/// How the cells are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Share {
    #[default]
    Counts,
    /// Percent of the row's codings.
    OfRow,
    /// Percent of the column's codings.
    OfColumn,
}

impl Share {
    /// `counts`, `row` or `column`.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_lowercase().as_str() {
            "count" | "counts" => Some(Self::Counts),
            "row" | "rows" => Some(Self::OfRow),
            "column" | "columns" | "col" => Some(Self::OfColumn),
            _ => None,
        }
    }
}

/// Codings per code (rows, in tree order) and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// "document", or the attribute's name.
    pub by: String,
    pub columns: Vec<String>,
    pub rows: Vec<(CodeId, Vec<usize>)>,
}

/// Counts codings per code and column. An attribute no participant or
/// document has is refused with the names that exist.
pub fn matrix(
    project: &Project,
    columns: &MatrixColumns,
    rolled_up: bool,
) -> Result<Matrix, String> {
    let rollup = CodeRollup::new(project, rolled_up);
    let column_of: ColumnOf<'_> = match columns {
        MatrixColumns::Documents => Box::new(|coding| {
            project
                .documents
                .get(&coding.document)
                .map(|document| document.name.clone())
                .unwrap_or_default()
        }),
        MatrixColumns::Attribute(name) => {
            let grouping = Grouping::new(project, name)?;
            Box::new(move |coding| {
                project
                    .documents
                    .get(&coding.document)
                    .map_or(NO_VALUE, |document| {
                        grouping.group_of(document, speaker_of(project, document, coding))
                    })
                    .to_owned()
            })
        }
    };
    let mut names: BTreeSet<String> = match columns {
        MatrixColumns::Documents => project
            .documents
            .values()
            .map(|document| document.name.clone())
            .collect(),
        MatrixColumns::Attribute(_) => BTreeSet::new(),
    };
    let mut counts: BTreeMap<(CodeId, String), usize> = BTreeMap::new();
    for coding in project.codings.values() {
        let column = column_of(coding);
        for &code in rollup.codes_of(coding.code) {
            *counts.entry((code, column.clone())).or_default() += 1;
        }
        names.insert(column);
    }
    let columns_in_order: Vec<String> = names.into_iter().collect();
    let rows = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code)| {
            let cells = columns_in_order
                .iter()
                .map(|column| {
                    counts
                        .get(&(code.id, column.clone()))
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            (code.id, cells)
        })
        .collect();
    Ok(Matrix {
        by: match columns {
            MatrixColumns::Documents => "document".to_owned(),
            MatrixColumns::Attribute(name) => name.trim().to_owned(),
        },
        columns: columns_in_order,
        rows,
    })
}

type ColumnOf<'p> = Box<dyn Fn(&crate::model::Coding) -> String + 'p>;

impl Matrix {
    /// The table: a code column, then one per column of the matrix, and a
    /// total; shares are percentages.
    #[must_use]
    pub fn table(&self, project: &Project, share: Share) -> FigureTable {
        let column_totals: Vec<usize> = (0..self.columns.len())
            .map(|col| self.rows.iter().map(|(_, cells)| cells[col]).sum())
            .collect();
        let mut columns = vec!["code".to_owned()];
        columns.extend(self.columns.iter().cloned());
        columns.push("total".to_owned());
        let percent = |part: usize, whole: usize| {
            TableValue::Figure((whole > 0).then(|| 100.0 * part as f64 / whole as f64))
        };
        let rows = self
            .rows
            .iter()
            .map(|(code, cells)| {
                let total: usize = cells.iter().sum();
                let mut row = vec![TableValue::Text(project.code_path(*code))];
                row.extend(cells.iter().enumerate().map(|(col, &count)| match share {
                    Share::Counts => TableValue::Count(count),
                    Share::OfRow => percent(count, total),
                    Share::OfColumn => percent(count, column_totals[col]),
                }));
                row.push(match share {
                    Share::Counts => TableValue::Count(total),
                    Share::OfRow => percent(total, total),
                    Share::OfColumn => percent(total, column_totals.iter().sum()),
                });
                row
            })
            .collect();
        FigureTable {
            title: match share {
                Share::Counts => format!("Codes by {}", self.by),
                Share::OfRow => format!("Codes by {} (% of row)", self.by),
                Share::OfColumn => format!("Codes by {} (% of column)", self.by),
            },
            columns,
            rows,
        }
    }
}
