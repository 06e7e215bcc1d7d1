//! Tables for Excel, R and SPSS: coded segments, the codebook with counts, and
//! code-by-document and code-by-attribute count matrices, as CSV (UTF-8, a
//! header row, RFC 4180 quoting) or XLSX (one sheet per table, bold frozen
//! header, columns sized to their content, long texts wrapped). Rows come in
//! the order every listing uses, so the same project gives the same file.

use crate::analysis::{CodeMatrix, code_matrix};
use crate::exchange::ExchangeError;
use crate::exchange::common::{CharIndex, data_time_span, save_atomically, xml_datetime};
use crate::model::{Code, CodeId, CoderId, Coding, DocumentId, Project, SegmentFilter};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The file format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// Which table to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Table {
    /// One row per coding.
    Segments,
    /// One row per code, with counts and themes.
    Codebook,
    /// Codings per code (rows) and document (`by: None`) or value of the
    /// participant attribute `by` (columns). As XLSX, `by: None` adds a sheet
    /// for every participant attribute after the one by document.
    Matrix { by: Option<String> },
}

/// Writes `table` of `project` to `out` and returns the number of data rows
/// of its (first) table. The file appears whole or not at all.
pub fn write_table(
    project: &Project,
    table: &Table,
    format: TableFormat,
    out: &Path,
) -> Result<usize, ExchangeError> {
    let sheets = match table {
        Table::Segments => vec![segments_sheet(project, &SegmentFilter::default())],
        Table::Codebook => vec![codebook_sheet(project)],
        Table::Matrix { by: None } => {
            let mut sheets = vec![document_matrix_sheet(project)];
            if format == TableFormat::Xlsx {
                sheets.extend(
                    participant_attribute_names(project)
                        .iter()
                        .map(|name| attribute_matrix_sheet(project, name)),
                );
            }
            sheets
        }
        Table::Matrix {
            by: Some(attribute),
        } => {
            let known = participant_attribute_names(project);
            if !known
                .iter()
                .any(|name| name.eq_ignore_ascii_case(attribute.trim()))
            {
                return Err(ExchangeError::NotWritten {
                    path: out.display().to_string(),
                    reason: if known.is_empty() {
                        format!(
                            "no participant has an attribute called {attribute:?}; \
                             the participants have no attributes yet"
                        )
                    } else {
                        format!(
                            "no participant has an attribute called {attribute:?}; \
                             the attributes are: {}",
                            known.join(", ")
                        )
                    },
                });
            }
            vec![attribute_matrix_sheet(project, attribute)]
        }
    };
    let rows = sheets.first().map_or(0, |sheet| sheet.rows.len());
    let bytes = match format {
        TableFormat::Csv => {
            let mut bytes = Vec::new();
            if let Some(sheet) = sheets.first() {
                write_csv(sheet, &mut bytes).map_err(|source| ExchangeError::Csv {
                    path: out.display().to_string(),
                    source,
                })?;
            }
            bytes
        }
        TableFormat::Xlsx => {
            xlsx_bytes(project, &sheets).map_err(|error| ExchangeError::Spreadsheet {
                path: out.display().to_string(),
                detail: error.to_string(),
            })?
        }
    };
    save_atomically(out, &bytes)?;
    Ok(rows)
}

/// Writes the coded segments that pass `filter` as CSV to `out` (the columns
/// of [`Table::Segments`]) and returns how many rows it wrote.
pub fn write_segments_csv(
    project: &Project,
    filter: &SegmentFilter,
    out: impl std::io::Write,
) -> Result<usize, csv::Error> {
    let sheet = segments_sheet(project, filter);
    write_csv(&sheet, out)?;
    Ok(sheet.rows.len())
}

/// One table: a title (the XLSX sheet name), typed columns and rows of cells.
struct Sheet {
    title: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    /// Columns kept in view when scrolling right (a matrix's code column).
    frozen_columns: u16,
}

struct Column {
    name: String,
    kind: ColumnKind,
}

#[derive(Clone, Copy, PartialEq)]
enum ColumnKind {
    /// Sized to its longest value, within bounds.
    Text,
    /// Quotes, memos, descriptions: a fixed wide column with wrapped text.
    Long {
        width: f64,
    },
    Number,
}

enum Cell {
    Text(String),
    Number(usize),
    /// A figure such as a kappa; `None` where it is not defined.
    Figure(Option<f64>),
}

/// A table worked out elsewhere (agreement figures, say), to be written like
/// the others: a title, its column names, and rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<TableValue>>,
}

/// One value of a [`FigureTable`].
#[derive(Debug, Clone, PartialEq)]
pub enum TableValue {
    Text(String),
    Count(usize),
    /// Written with four decimals; empty where it is not defined.
    Figure(Option<f64>),
}

impl TableValue {
    /// The value as text: a figure with `decimals` decimals, or `undefined`
    /// where it is not defined.
    #[must_use]
    pub fn shown(&self, decimals: usize, undefined: &str) -> String {
        match self {
            TableValue::Text(text) => text.clone(),
            TableValue::Count(count) => count.to_string(),
            TableValue::Figure(Some(figure)) => format!("{figure:.decimals$}"),
            TableValue::Figure(None) => undefined.to_owned(),
        }
    }
}

impl FigureTable {
    fn sheet(&self) -> Sheet {
        let numeric = |col: usize| {
            self.rows
                .iter()
                .all(|row| !matches!(row.get(col), Some(TableValue::Text(_))))
        };
        Sheet {
            title: self.title.clone(),
            columns: self
                .columns
                .iter()
                .enumerate()
                .map(|(col, name)| {
                    if numeric(col) {
                        Column::number(name.clone())
                    } else {
                        Column::text(name.clone())
                    }
                })
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|value| match value {
                            TableValue::Text(text) => Cell::Text(text.clone()),
                            TableValue::Count(count) => Cell::Number(*count),
                            TableValue::Figure(figure) => Cell::Figure(*figure),
                        })
                        .collect()
                })
                .collect(),
            frozen_columns: 1,
        }
    }

    /// The table as JSON: its title, its columns, and one object per row
    /// keyed by column name (an undefined figure is null).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|row| {
                let fields: serde_json::Map<String, serde_json::Value> = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, value)| {
                        let value = match value {
                            TableValue::Text(text) => serde_json::Value::from(text.as_str()),
                            TableValue::Count(count) => serde_json::Value::from(*count),
                            TableValue::Figure(figure) => serde_json::Value::from(*figure),
                        };
                        (column.clone(), value)
                    })
                    .collect();
                serde_json::Value::Object(fields)
            })
            .collect();
        serde_json::json!({"title": self.title, "columns": self.columns, "rows": rows})
    }

    /// The table as CSV text.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = write_csv(&self.sheet(), &mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The same table with its title, headings and text cells passed through
    /// `text` (the pseudonyms, as the table leaves the project).
    #[must_use]
    pub fn with_texts(&self, text: impl Fn(&str) -> String) -> FigureTable {
        FigureTable {
            title: text(&self.title),
            columns: self.columns.iter().map(|column| text(column)).collect(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|value| match value {
                            TableValue::Text(cell) => TableValue::Text(text(cell)),
                            other => other.clone(),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// Writes the table to `out` as CSV or XLSX; the file appears whole or
    /// not at all.
    pub fn write(
        &self,
        project: &Project,
        format: TableFormat,
        out: &Path,
    ) -> Result<(), ExchangeError> {
        let bytes = match format {
            TableFormat::Csv => self.to_csv().into_bytes(),
            TableFormat::Xlsx => xlsx_bytes(project, &[self.sheet()]).map_err(|error| {
                ExchangeError::Spreadsheet {
                    path: out.display().to_string(),
                    detail: error.to_string(),
                }
            })?,
        };
        save_atomically(out, &bytes)
    }
}

impl Column {
    fn text(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            kind: ColumnKind::Text,
        }
    }

    fn long(name: impl Into<String>, width: f64) -> Self {
        Self {
            name: name.into(),
            kind: ColumnKind::Long { width },
        }
    }

    fn number(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            kind: ColumnKind::Number,
        }
    }
}

/// Participant attribute names, sorted, one spelling per name regardless of case.
fn participant_attribute_names(project: &Project) -> Vec<String> {
    let mut seen = BTreeSet::new();
    project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|name| seen.insert(name.to_lowercase()))
        .cloned()
        .collect()
}

/// Whether `filter` lets every coding through.
fn passes_everything(filter: &SegmentFilter) -> bool {
    filter.code.is_none()
        && filter.document.is_none()
        && filter.speaker.is_none()
        && filter.coder.is_none()
        && filter.attributes.is_empty()
}

/// The fixed columns of the segments table; an attribute with one of these
/// names gets a prefix so that every column name is unique.
const SEGMENT_COLUMNS: &[&str] = &[
    "document",
    "participant",
    "speaker",
    "code",
    "themes",
    "quote",
    "start",
    "end",
    "page",
    "coder",
    "date",
    "memo",
];

/// One row per coding, ordered by document name, position and code path:
/// document, participant, speaker, each participant attribute, each document
/// attribute (as `document_NAME`), code path, themes, quote, start, end, page
/// ("p. 4" or "pp. 4-5", empty for documents without pages), coder, date
/// (ISO 8601, UTC) and memo.
fn segments_sheet(project: &Project, filter: &SegmentFilter) -> Sheet {
    let participant_attributes: Vec<String> = project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let document_attributes: Vec<String> = project
        .documents
        .values()
        .flat_map(|document| document.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut columns = vec![
        Column::text("document"),
        Column::text("participant"),
        Column::text("speaker"),
    ];
    columns.extend(participant_attributes.iter().map(|name| {
        if SEGMENT_COLUMNS.contains(&name.to_lowercase().as_str()) {
            Column::text(format!("participant_{name}"))
        } else {
            Column::text(name.clone())
        }
    }));
    columns.extend(
        document_attributes
            .iter()
            .map(|name| Column::text(format!("document_{name}"))),
    );
    columns.extend([
        Column::text("code"),
        Column::text("themes"),
        Column::long("quote", 80.0),
        Column::number("start"),
        Column::number("end"),
        Column::text("page"),
        Column::text("coder"),
        Column::text("date"),
        Column::long("memo", 50.0),
    ]);

    let code_paths: BTreeMap<CodeId, String> = project
        .codes
        .keys()
        .map(|id| (*id, project.code_path(*id)))
        .collect();
    let themes_of = themes_by_code(project);
    let coder_names: BTreeMap<CoderId, &str> = project
        .coders
        .values()
        .map(|coder| (coder.id, coder.name.as_str()))
        .collect();

    // Which codings: all of them, or those the project's own filter passes.
    let chosen: Vec<&Coding> = if passes_everything(filter) {
        project
            .codings
            .values()
            .filter(|coding| project.codes.contains_key(&coding.code))
            .collect()
    } else {
        project
            .segments(filter)
            .into_iter()
            .map(|segment| segment.coding)
            .collect()
    };
    let mut by_document: BTreeMap<DocumentId, Vec<&Coding>> = BTreeMap::new();
    for coding in chosen {
        by_document.entry(coding.document).or_default().push(coding);
    }

    let mut rows = Vec::new();
    for document in project.documents_by_name() {
        let Some(codings) = by_document.get_mut(&document.id) else {
            continue;
        };
        codings.sort_by(|a, b| {
            (a.start, a.end)
                .cmp(&(b.start, b.end))
                .then_with(|| code_paths.get(&a.code).cmp(&code_paths.get(&b.code)))
                .then(a.id.cmp(&b.id))
        });
        let index = CharIndex::new(&document.text);
        for coding in codings.iter() {
            let speaker = document
                .turn_at(coding.start)
                .map(|turn| turn.speaker.as_str());
            let participant = speaker.and_then(|label| project.participant_for(document, label));
            let mut row = Vec::with_capacity(columns.len());
            row.push(Cell::Text(document.name.clone()));
            row.push(Cell::Text(
                participant.map(|p| p.name.clone()).unwrap_or_default(),
            ));
            row.push(Cell::Text(speaker.unwrap_or_default().to_owned()));
            row.extend(participant_attributes.iter().map(|name| {
                Cell::Text(
                    participant
                        .and_then(|p| p.attributes.get(name))
                        .cloned()
                        .unwrap_or_default(),
                )
            }));
            row.extend(document_attributes.iter().map(|name| {
                Cell::Text(document.attributes.get(name).cloned().unwrap_or_default())
            }));
            row.push(Cell::Text(
                code_paths.get(&coding.code).cloned().unwrap_or_default(),
            ));
            row.push(Cell::Text(
                themes_of.get(&coding.code).cloned().unwrap_or_default(),
            ));
            row.push(Cell::Text(index.slice(coding.start, coding.end).to_owned()));
            row.push(Cell::Number(coding.start));
            row.push(Cell::Number(coding.end));
            row.push(Cell::Text(
                document
                    .page_citation(coding.start, coding.end)
                    .unwrap_or_default(),
            ));
            row.push(Cell::Text(
                coder_names
                    .get(&coding.coder)
                    .map(|name| (*name).to_owned())
                    .unwrap_or_default(),
            ));
            row.push(Cell::Text(iso_date_time(coding.created_at)));
            row.push(Cell::Text(coding.memo.clone()));
            rows.push(row);
        }
    }
    Sheet {
        title: "Segments".to_owned(),
        columns,
        rows,
        frozen_columns: 0,
    }
}

/// The names of the themes each code belongs to, sorted and joined with "; ".
fn themes_by_code(project: &Project) -> BTreeMap<CodeId, String> {
    let mut names: BTreeMap<CodeId, Vec<&str>> = BTreeMap::new();
    for theme in project.themes.values() {
        for code in &theme.codes {
            names.entry(*code).or_default().push(theme.name.as_str());
        }
    }
    names
        .into_iter()
        .map(|(code, mut themes)| {
            themes.sort_unstable();
            (code, themes.join("; "))
        })
        .collect()
}

/// `2025-03-11T10:15:00Z`: a coding's time to the second, in UTC.
fn iso_date_time(ms: i64) -> String {
    xml_datetime(ms - ms.rem_euclid(1000)).unwrap_or_default()
}

/// One row per code in tree order: path, name, parent path, description,
/// colour, codings, documents and themes.
fn codebook_sheet(project: &Project) -> Sheet {
    let counts = project.code_counts();
    let themes_of = themes_by_code(project);
    let rows = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code): (usize, &Code)| {
            let count = counts.get(&code.id).copied().unwrap_or_default();
            vec![
                Cell::Text(project.code_path(code.id)),
                Cell::Text(code.name.clone()),
                Cell::Text(
                    code.parent
                        .filter(|parent| project.codes.contains_key(parent))
                        .map(|parent| project.code_path(parent))
                        .unwrap_or_default(),
                ),
                Cell::Text(code.description.clone()),
                Cell::Text(code.color.clone()),
                Cell::Number(count.codings),
                Cell::Number(count.documents),
                Cell::Text(themes_of.get(&code.id).cloned().unwrap_or_default()),
            ]
        })
        .collect();
    Sheet {
        title: "Codebook".to_owned(),
        columns: vec![
            Column::text("path"),
            Column::text("name"),
            Column::text("parent"),
            Column::long("description", 60.0),
            Column::text("colour"),
            Column::number("codings"),
            Column::number("documents"),
            Column::text("themes"),
        ],
        rows,
        frozen_columns: 0,
    }
}

/// Codings per code (rows, in tree order) and document (columns, by name).
fn document_matrix_sheet(project: &Project) -> Sheet {
    let documents = project.documents_by_name();
    let mut counts: BTreeMap<(CodeId, DocumentId), usize> = BTreeMap::new();
    for coding in project.codings.values() {
        *counts.entry((coding.code, coding.document)).or_default() += 1;
    }
    let mut columns = vec![Column::text("code")];
    columns.extend(
        documents
            .iter()
            .map(|document| Column::number(document.name.clone())),
    );
    let rows = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code)| {
            let mut row = vec![Cell::Text(project.code_path(code.id))];
            row.extend(documents.iter().map(|document| {
                Cell::Number(
                    counts
                        .get(&(code.id, document.id))
                        .copied()
                        .unwrap_or_default(),
                )
            }));
            row
        })
        .collect();
    Sheet {
        title: "Codes by document".to_owned(),
        columns,
        rows,
        frozen_columns: 1,
    }
}

/// Codings per code (rows, in tree order) and value of the participant
/// attribute `attribute` (columns, sorted; [`CodeMatrix::UNKNOWN`] for
/// speakers without a value).
fn attribute_matrix_sheet(project: &Project, attribute: &str) -> Sheet {
    let matrix: CodeMatrix = code_matrix(project, attribute);
    let mut columns = vec![Column::text("code")];
    columns.extend(
        matrix
            .columns
            .iter()
            .map(|value| Column::number(value.clone())),
    );
    let rows = project
        .codes_in_tree_order()
        .into_iter()
        .map(|(_, code)| {
            let mut row = vec![Cell::Text(project.code_path(code.id))];
            row.extend(
                matrix
                    .columns
                    .iter()
                    .map(|value| Cell::Number(matrix.count(code.id, value))),
            );
            row
        })
        .collect();
    Sheet {
        title: format!("Codes by {}", matrix.attribute),
        columns,
        rows,
        frozen_columns: 1,
    }
}

fn write_csv(sheet: &Sheet, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(sheet.columns.iter().map(|column| column.name.as_str()))?;
    let mut number = String::new();
    for row in &sheet.rows {
        for cell in row {
            match cell {
                Cell::Text(text) => writer.write_field(text)?,
                Cell::Number(value) => {
                    number.clear();
                    number.push_str(&value.to_string());
                    writer.write_field(&number)?;
                }
                Cell::Figure(Some(value)) => writer.write_field(format!("{value:.4}"))?,
                Cell::Figure(None) => writer.write_field("")?,
            }
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

/// Excel refuses cells longer than this many characters.
const XLSX_CELL_LIMIT: usize = 32_767;

fn xlsx_bytes(project: &Project, sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The document's creation time comes from the data, not the clock, so
    // that the same project gives the same bytes.
    let created = data_time_span(project).map_or(0, |(_, last)| last.div_euclid(1000));
    let created =
        ExcelDateTime::from_timestamp(created).or_else(|_| ExcelDateTime::from_timestamp(0))?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let figure = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("0.000");
    let mut used_names = BTreeSet::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet_name(&sheet.title, &mut used_names))?;
        for (col, column) in sheet.columns.iter().enumerate() {
            let col = column_number(col)?;
            worksheet.write_string_with_format(0, col, &column.name, &header)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let row_number =
                u32::try_from(index + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (col, (cell, column)) in row.iter().zip(&sheet.columns).enumerate() {
                let col = column_number(col)?;
                match cell {
                    Cell::Text(text) if text.is_empty() => {}
                    Cell::Text(text) => {
                        let text = fit_cell(text);
                        let format = match column.kind {
                            ColumnKind::Long { .. } => &wrapped,
                            _ => &top,
                        };
                        worksheet.write_string_with_format(
                            row_number,
                            col,
                            text.as_ref(),
                            format,
                        )?;
                    }
                    Cell::Number(value) => {
                        // Counts and offsets are far below 2^53, where f64 is exact.
                        let value = *value as f64;
                        worksheet.write_number_with_format(row_number, col, value, &top)?;
                    }
                    Cell::Figure(Some(value)) => {
                        worksheet.write_number_with_format(row_number, col, *value, &figure)?;
                    }
                    Cell::Figure(None) => {}
                }
            }
        }
        for (col, width) in column_widths(sheet).into_iter().enumerate() {
            worksheet.set_column_width(column_number(col)?, width)?;
        }
        worksheet.set_freeze_panes(1, sheet.frozen_columns)?;
        if let Some(last_column) = sheet.columns.len().checked_sub(1) {
            let last_row =
                u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
            worksheet.autofilter(0, 0, last_row, column_number(last_column)?)?;
        }
    }
    workbook.save_to_buffer()
}

fn column_number(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A text cut to what Excel takes in one cell, marked with an ellipsis where cut.
fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= XLSX_CELL_LIMIT || text.chars().count() <= XLSX_CELL_LIMIT {
        return text.into();
    }
    let mut cut: String = text.chars().take(XLSX_CELL_LIMIT - 1).collect();
    cut.push('…');
    cut.into()
}

/// Widths in Excel's character units: short columns fit their longest value
/// (the header included) between 6 and 40; long texts get a fixed wide column.
fn column_widths(sheet: &Sheet) -> Vec<f64> {
    sheet
        .columns
        .iter()
        .enumerate()
        .map(|(col, column)| match column.kind {
            ColumnKind::Long { width } => width,
            ColumnKind::Text | ColumnKind::Number => {
                let longest = sheet
                    .rows
                    .iter()
                    .filter_map(|row| row.get(col))
                    .map(|cell| match cell {
                        Cell::Text(text) => text.chars().count(),
                        Cell::Number(value) => value.to_string().len(),
                        Cell::Figure(_) => 6,
                    })
                    .chain(std::iter::once(column.name.chars().count() + 2))
                    .max()
                    .unwrap_or(0);
                // Header plus the autofilter button, within sensible bounds.
                let width = longest.clamp(6, 40) as f64;
                width + 1.0
            }
        })
        .collect()
}

/// A sheet name Excel accepts: no `[]:*?/\`, no leading or trailing
/// apostrophe, at most 31 characters, unique regardless of case.
fn sheet_name(title: &str, used: &mut BTreeSet<String>) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    let base: String = if cleaned.is_empty() {
        "Sheet".to_owned()
    } else {
        cleaned.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let room = 31 - suffix.chars().count();
        name = base.chars().take(room).collect::<String>() + &suffix;
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_cut_and_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(
            sheet_name("Codes by role/site?", &mut used),
            "Codes by role-site-"
        );
        let long = "Codes by years_in_open_dialogue_and_more";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31);
        assert_ne!(first, second);
        assert_eq!(sheet_name("''", &mut used), "Sheet");
    }

    #[test]
    fn overlong_cells_are_cut_to_excels_limit() {
        let long = "é".repeat(XLSX_CELL_LIMIT + 10);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), XLSX_CELL_LIMIT);
        assert!(cut.ends_with('…'));
        assert_eq!(fit_cell("short"), "short");
    }

    #[test]
    fn dates_are_iso_8601_to_the_second() {
        assert_eq!(iso_date_time(1_741_690_800_999), "2025-03-11T11:00:00Z");
    }
}
