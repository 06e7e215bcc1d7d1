//! Reading the table of codings `polyphony code --from` applies: a CSV whose
//! header names its columns, or JSON Lines (one object a line, from a
//! `.jsonl` file or from standard input). Both give the workbench's
//! [`CodingRow`]s; a row that cannot be read is kept as a problem on its line,
//! so that every bad row is reported together with those the builder finds.

use crate::workbench::{CodingRow, RowPlace, RowProblem};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::{IsTerminal, Read};
use std::path::Path;

/// The columns (CSV) or fields (JSON Lines) a codings table may have; any
/// others are ignored, so that a `segments --csv` table can be read back.
pub const COLUMNS: &str = "document, start and end (char offsets) or quote (text to find), code, coder (optional), memo (optional)";

/// A codings table as read, before it is checked against the project.
pub struct Table {
    /// What the table is called in messages and the undo step: its file name,
    /// or "standard input".
    pub source: String,
    pub rows: Vec<CodingRow>,
    pub problems: Vec<RowProblem>,
}

/// Reads the table at `from`: `-` is JSON Lines on standard input, a `.jsonl`
/// or `.ndjson` file is JSON Lines, anything else is CSV.
pub fn read(from: &Path) -> Result<Table> {
    if from.as_os_str() == "-" {
        let mut stdin = std::io::stdin().lock();
        if stdin.is_terminal() {
            eprintln!(
                "Reading codings as JSON Lines from standard input (one object a line); end with Ctrl-D."
            );
        }
        let mut text = String::new();
        stdin.read_to_string(&mut text).context(
            "could not read codings from standard input (it should be UTF-8 JSON Lines)",
        )?;
        return Ok(read_json_lines("standard input", &text));
    }
    let source = from.file_name().map_or_else(
        || from.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let bytes =
        std::fs::read(from).with_context(|| format!("could not read {}", from.display()))?;
    let json_lines = from
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            matches!(extension.to_ascii_lowercase().as_str(), "jsonl" | "ndjson")
        });
    if json_lines {
        let text = String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8 text", from.display()))?;
        return Ok(read_json_lines(&source, &text));
    }
    read_csv(&source, &bytes)
}

/// One row's cells as text, before they are checked.
#[derive(Default)]
struct Cells {
    document: String,
    start: String,
    end: String,
    quote: String,
    code: String,
    coder: String,
    memo: String,
}

impl Cells {
    fn is_blank(&self) -> bool {
        [
            &self.document,
            &self.start,
            &self.end,
            &self.quote,
            &self.code,
            &self.coder,
            &self.memo,
        ]
        .iter()
        .all(|cell| cell.trim().is_empty())
    }

    fn into_row(self, line: usize) -> Result<CodingRow, RowProblem> {
        let problem = |problem: String| RowProblem { line, problem };
        let offset = |name: &str, cell: &str| {
            cell.trim().parse::<usize>().map_err(|_| {
                problem(format!(
                    "{name} {cell:?} is not a char offset (a whole number from 0)"
                ))
            })
        };
        let place = match (self.start.trim(), self.end.trim()) {
            ("", "") if self.quote.trim().is_empty() => {
                return Err(problem(
                    "say where: give start and end, or a quote to find".to_owned(),
                ));
            }
            ("", "") => RowPlace::Quote(self.quote),
            (_, "") | ("", _) => {
                return Err(problem(
                    "give both start and end (or neither, and a quote)".to_owned(),
                ));
            }
            (start, end) => RowPlace::Offsets {
                start: offset("start", start)?,
                end: offset("end", end)?,
            },
        };
        let coder = self.coder.trim();
        Ok(CodingRow {
            line,
            document: self.document,
            place,
            code: self.code,
            coder: (!coder.is_empty()).then(|| coder.to_owned()),
            memo: self.memo,
        })
    }
}

fn read_csv(source: &str, bytes: &[u8]) -> Result<Table> {
    let text = crate::ingest::decode_text(bytes)
        .with_context(|| format!("could not read {source} as text"))?
        .text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(crate::ingest::sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(header) => header.with_context(|| format!("could not read the header of {source}"))?,
        None => bail!("{source} is empty; its first line should name the columns: {COLUMNS}"),
    };
    let names: Vec<String> = header
        .iter()
        .map(|name| name.trim().to_lowercase())
        .collect();
    let column = |wanted: &str| names.iter().position(|name| name == wanted);
    let (document, code) = (column("document"), column("code"));
    let (start, end, quote) = (column("start"), column("end"), column("quote"));
    let (coder, memo) = (column("coder"), column("memo"));
    let places = (start.is_some() && end.is_some()) || quote.is_some();
    if document.is_none() || code.is_none() || !places {
        bail!(
            "the header of {source} should name the columns {COLUMNS}; it has: {}",
            header.iter().collect::<Vec<_>>().join(", ")
        );
    }
    let mut table = Table {
        source: source.to_owned(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut lines = LineCounter::new(&text);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                table.problems.push(RowProblem {
                    line: usize::try_from(line).unwrap_or(usize::MAX),
                    problem: format!("could not be read as CSV: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |at| {
            lines.line_of(usize::try_from(at.byte()).unwrap_or(usize::MAX))
        });
        let cell = |index: Option<usize>| {
            index
                .and_then(|index| record.get(index))
                .unwrap_or_default()
                .to_owned()
        };
        let cells = Cells {
            document: cell(document),
            start: cell(start),
            end: cell(end),
            quote: cell(quote),
            code: cell(code),
            coder: cell(coder),
            memo: cell(memo),
        };
        if cells.is_blank() {
            continue;
        }
        match cells.into_row(line) {
            Ok(row) => table.rows.push(row),
            Err(problem) => table.problems.push(problem),
        }
    }
    Ok(table)
}

/// The line a record starts on, from the byte its parse starts at; counted on
/// from the last record, since records come in order.
struct LineCounter<'t> {
    text: &'t str,
    byte: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, byte: usize) -> usize {
        // The parse of a record starts before the blank lines the reader
        // skips, so its first line is after them.
        let rest = self.text.get(byte..).unwrap_or_default();
        let byte = byte + (rest.len() - rest.trim_start_matches('\n').len());
        if let Some(between) = self.text.get(self.byte..byte) {
            self.line += between.matches('\n').count();
            self.byte = byte;
        }
        self.line
    }
}

fn read_json_lines(source: &str, text: &str) -> Table {
    let mut table = Table {
        source: source.to_owned(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match json_cells(line).and_then(|cells| {
            cells
                .into_row(line_number)
                .map_err(|problem| problem.problem)
        }) {
            Ok(row) => table.rows.push(row),
            Err(problem) => table.problems.push(RowProblem {
                line: line_number,
                problem,
            }),
        }
    }
    table
}

fn json_cells(line: &str) -> Result<Cells, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|error| format!("is not JSON ({error})"))?;
    let Value::Object(fields) = value else {
        return Err(format!(
            "should be one JSON object with the fields {COLUMNS}"
        ));
    };
    let field = |name: &str| -> Result<String, String> {
        match fields.get(name) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(text)) => Ok(text.clone()),
            Some(Value::Number(number)) => Ok(number.to_string()),
            Some(other) => Err(format!("{name} should be text or a number, not {other}")),
        }
    };
    Ok(Cells {
        document: field("document")?,
        start: field("start")?,
        end: field("end")?,
        quote: field("quote")?,
        code: field("code")?,
        coder: field("coder")?,
        memo: field("memo")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_lines_and_bad_cells_are_problems() -> Result<()> {
        let csv = "Document;Start;End;Quote;Code;Speaker\nint-01;3;9;;Hope;Zoë\n\nint-01;;;\"I keep\nhope\";Hope;\nint-01;x;9;;Hope;\nint-01;4;;;Hope;\n";
        let table = read_csv("t.csv", csv.as_bytes())?;
        let lines: Vec<usize> = table.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, vec![2, 4]);
        assert_eq!(table.rows[0].place, RowPlace::Offsets { start: 3, end: 9 });
        assert_eq!(
            table.rows[1].place,
            RowPlace::Quote("I keep\nhope".to_owned())
        );
        let problems: Vec<String> = table.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("line 6: start \"x\""),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("line 7: give both"), "{problems:?}");
        Ok(())
    }

    #[test]
    fn a_csv_without_the_needed_columns_is_refused_whole() {
        let refused = read_csv("t.csv", b"document,start,code\nint-01,3,Hope\n");
        assert!(refused.is_err_and(|error| error.to_string().contains("should name the columns")));
    }

    #[test]
    fn json_lines_take_numbers_or_text_and_report_bad_lines() {
        let text = "{\"document\":\"int-01\",\"start\":3,\"end\":\"9\",\"code\":\"Hope\",\"coder\":\"Sam\"}\n\n[1]\n{\"document\":\"int-01\",\"quote\":\"hope\",\"code\":true}\nnot json\n";
        let table = read_json_lines("standard input", text);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].coder.as_deref(), Some("Sam"));
        let lines: Vec<usize> = table.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
    }
}
