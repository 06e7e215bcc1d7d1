//! Reads a table of participant (or document) attributes from CSV: one row per key,
//! such as a participant's pseudonym, with values such as role and site. Every bad row
//! is reported at once, with its line number.

use std::collections::HashMap;

use super::decode::decode_named;
use super::error::{BadRow, IngestError};

/// A table of attributes keyed by one column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttributeTable {
    /// The header of the key column, as written (trimmed).
    pub key_column: String,
    /// The header of the column that scopes each key, as in a participants table keyed
    /// by document and speaker label; `None` for a table keyed by one column.
    #[serde(default)]
    pub scope_column: Option<String>,
    /// The other columns' headers, in file order.
    pub columns: Vec<String>,
    pub rows: Vec<AttributeRow>,
}

/// One row of an attribute table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttributeRow {
    /// 1-based line in the file where the row starts.
    pub line: usize,
    /// The key, trimmed; unique in the table (with its scope), ignoring case.
    pub key: String,
    /// The value of the scope column, trimmed; `None` when it is empty or the table
    /// has no scope column.
    #[serde(default)]
    pub scope: Option<String>,
    /// Whether the key came from a fallback column because the key column was empty
    /// (a participants row with a name but no speaker label).
    #[serde(default)]
    pub by_fallback: bool,
    /// (column, value) for the non-key columns whose value is not empty, in column order;
    /// values are trimmed.
    pub values: Vec<(String, String)>,
}

/// Parses an attribute CSV. The bytes are decoded like a transcript, so Excel's BOM or
/// Windows-1252 work; the delimiter is a comma unless the header uses semicolons or tabs
/// (as Excel does in some locales). The key column is the first header that matches one
/// of `key_columns` (ignoring case and surrounding spaces), else the first column. Every
/// row must have the header's number of fields and a non-empty key not seen before
/// (ignoring case); otherwise the error lists every bad row. Rows whose fields are all
/// empty are skipped.
pub fn parse_attribute_csv(
    file_name: &str,
    bytes: &[u8],
    key_columns: &[&str],
) -> Result<AttributeTable, IngestError> {
    parse_scoped_attribute_csv(file_name, bytes, key_columns, &[], &[])
}

/// Like [`parse_attribute_csv`], but when the header has one of `scope_columns` (such
/// as `document`), each row's key is scoped by that column's value: a key must be
/// unique only within its scope, so "Participant" can have a row for each document.
/// A row whose key column is empty takes its key from the first non-empty column of
/// `fallback_key_columns` (marked `by_fallback`), so one table can key some rows by
/// document and speaker and others by name.
pub fn parse_scoped_attribute_csv(
    file_name: &str,
    bytes: &[u8],
    key_columns: &[&str],
    scope_columns: &[&str],
    fallback_key_columns: &[&str],
) -> Result<AttributeTable, IngestError> {
    let decoded = decode_named(file_name, bytes)?;
    let text = decoded.text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let missing_header = || IngestError::MissingHeader {
        file: file_name.to_string(),
    };
    let header = records
        .next()
        .ok_or_else(missing_header)?
        .map_err(|error| csv_error(file_name, &error))?;
    if header.iter().all(|name| name.trim().is_empty()) {
        return Err(missing_header());
    }
    let headers: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(index, name)| match name.trim() {
            "" => format!("Column {}", index + 1),
            name => name.to_string(),
        })
        .collect();
    let keys = KeyColumns::find(&headers, key_columns, scope_columns, fallback_key_columns);
    let mut lines = LineNumbers::new(&text);
    let mut bad_rows = duplicate_headers(&headers, lines.line_of(header.position()));
    let mut rows = RowReader::new(&headers, keys);
    for record in records {
        let record = record.map_err(|error| csv_error(file_name, &error))?;
        let line = lines.line_of(record.position());
        if let Err(bad) = rows.read(&record, line) {
            bad_rows.push(bad);
        }
    }
    if !bad_rows.is_empty() {
        return Err(IngestError::BadRows {
            file: file_name.to_string(),
            rows: bad_rows,
        });
    }
    let RowReader {
        key_column,
        rows,
        keys,
        ..
    } = rows;
    let scope_column = keys.scope.and_then(|index| headers.get(index).cloned());
    let columns = headers
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != keys.key && Some(*index) != keys.scope)
        .map(|(_, name)| name.clone())
        .collect();
    Ok(AttributeTable {
        key_column,
        scope_column,
        columns,
        rows,
    })
}

/// Which columns of an attribute table key its rows: the key column (the first
/// column when none is named as one), the scope column, and the columns that
/// stand in for an empty key.
#[derive(Debug)]
struct KeyColumns {
    key: usize,
    scope: Option<usize>,
    fallbacks: Vec<usize>,
}

impl KeyColumns {
    fn find(
        headers: &[String],
        key_columns: &[&str],
        scope_columns: &[&str],
        fallback_key_columns: &[&str],
    ) -> Self {
        let named = |wanted: &str, name: &str| wanted.trim().to_lowercase() == name.to_lowercase();
        let key = headers
            .iter()
            .position(|name| key_columns.iter().any(|wanted| named(wanted, name)))
            .unwrap_or(0);
        let scope = headers.iter().enumerate().position(|(index, name)| {
            index != key && scope_columns.iter().any(|wanted| named(wanted, name))
        });
        let fallbacks = fallback_key_columns
            .iter()
            .filter_map(|wanted| headers.iter().position(|name| named(wanted, name)))
            .collect();
        Self {
            key,
            scope,
            fallbacks,
        }
    }
}

/// Reads an attribute table's rows one at a time, refusing each that does not
/// fit (a wrong number of fields, an empty key, a key seen before in its scope).
struct RowReader<'h> {
    headers: &'h [String],
    keys: KeyColumns,
    key_column: String,
    /// The key column's name as a noun in messages ("the participant is empty").
    key_noun: String,
    first_line_of_key: HashMap<String, usize>,
    rows: Vec<AttributeRow>,
}

impl<'h> RowReader<'h> {
    fn new(headers: &'h [String], keys: KeyColumns) -> Self {
        let key_column = headers.get(keys.key).cloned().unwrap_or_default();
        Self {
            headers,
            key_noun: key_column.to_lowercase(),
            key_column,
            keys,
            first_line_of_key: HashMap::new(),
            rows: Vec::new(),
        }
    }

    /// Adds the row of `record` (on `line`), skipping a blank one.
    fn read(&mut self, record: &csv::StringRecord, line: usize) -> Result<(), BadRow> {
        let bad = |reason: String| BadRow { line, reason };
        if record.iter().all(|field| field.trim().is_empty()) {
            return Ok(());
        }
        if record.len() != self.headers.len() {
            return Err(bad(format!(
                "has {} fields, the header has {}",
                record.len(),
                self.headers.len()
            )));
        }
        let (key, fallback_used) = self.key_of(record);
        let key_noun = &self.key_noun;
        if key.is_empty() {
            return Err(bad(format!("the {key_noun} is empty")));
        }
        let by_fallback = fallback_used.is_some();
        let scope = self
            .keys
            .scope
            .filter(|_| !by_fallback)
            .and_then(|index| record.get(index))
            .map(str::trim)
            .filter(|scope| !scope.is_empty())
            .map(str::to_string);
        let unique_key = match &scope {
            Some(scope) => format!("{}\u{0}{}", scope.to_lowercase(), key.to_lowercase()),
            None => key.to_lowercase(),
        };
        if let Some(first_line) = self.first_line_of_key.get(&unique_key) {
            let within = scope
                .as_ref()
                .map_or_else(String::new, |scope| format!(" for {scope}"));
            return Err(bad(format!(
                "{key_noun} \"{key}\"{within} appears again (first on line {first_line})"
            )));
        }
        self.first_line_of_key.insert(unique_key, line);
        let values = self
            .headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|(index, (_, value))| {
                *index != self.keys.key
                    && Some(*index) != self.keys.scope
                    && Some(*index) != fallback_used
                    && !value.trim().is_empty()
            })
            .map(|(_, (column, value))| (column.clone(), value.trim().to_string()))
            .collect();
        self.rows.push(AttributeRow {
            line,
            key,
            scope,
            by_fallback,
            values,
        });
        Ok(())
    }

    /// The row's key, or when its key column is empty the first non-empty
    /// fallback column's value, with that column's index.
    fn key_of(&self, record: &csv::StringRecord) -> (String, Option<usize>) {
        let key = record.get(self.keys.key).unwrap_or("").trim();
        if !key.is_empty() {
            return (key.to_string(), None);
        }
        self.keys
            .fallbacks
            .iter()
            .filter_map(|index| record.get(*index).map(|value| (*index, value.trim())))
            .find(|(_, value)| !value.is_empty())
            .map_or_else(
                || (String::new(), None),
                |(index, value)| (value.to_string(), Some(index)),
            )
    }
}

/// The column headers of a CSV (trimmed), read the way [`parse_attribute_csv`] reads
/// them, so a caller can choose how to key the table before parsing it.
pub fn csv_columns(file_name: &str, bytes: &[u8]) -> Result<Vec<String>, IngestError> {
    let decoded = decode_named(file_name, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&decoded.text))
        .from_reader(decoded.text.as_bytes());
    match reader.records().next() {
        Some(record) => Ok(record
            .map_err(|error| csv_error(file_name, &error))?
            .iter()
            .map(|name| name.trim().to_string())
            .collect()),
        None => Err(IngestError::MissingHeader {
            file: file_name.to_string(),
        }),
    }
}

/// Comma, unless the first line has more semicolons or tabs than commas (as
/// spreadsheets write CSV in much of Europe).
#[must_use]
pub fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.split('\n').next().unwrap_or("");
    let count = |delimiter: char| first_line.matches(delimiter).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

/// Header names that appear more than once, ignoring case, as bad rows on the header line.
fn duplicate_headers(headers: &[String], header_line: usize) -> Vec<BadRow> {
    let mut seen: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for name in headers {
        let folded = name.to_lowercase();
        if seen.contains(&folded) {
            bad.push(BadRow {
                line: header_line,
                reason: format!("column \"{name}\" appears twice in the header"),
            });
        } else {
            seen.push(folded);
        }
    }
    bad
}

/// Line numbers from the byte offsets the CSV reader reports. The reader reports where
/// it started looking for a record, before the blank lines it skips, so its own line
/// count can be short of the line a person sees.
struct LineNumbers<'a> {
    text: &'a str,
    byte: usize,
    line: usize,
}

impl<'a> LineNumbers<'a> {
    fn new(text: &'a str) -> Self {
        LineNumbers {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The 1-based line of a record's start; records come in order.
    fn line_of(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(mut byte) = position.and_then(|position| usize::try_from(position.byte()).ok())
        else {
            return self.line;
        };
        // Skip the blank lines before the record (the text has LF line endings only).
        while self.text.as_bytes().get(byte) == Some(&b'\n') {
            byte += 1;
        }
        if byte < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        let newlines = self
            .text
            .as_bytes()
            .get(self.byte..byte)
            .map_or(0, |slice| slice.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines;
        self.byte = byte;
        self.line
    }
}

fn csv_error(file_name: &str, error: &csv::Error) -> IngestError {
    let line = error.position().map_or(1, |position| {
        usize::try_from(position.line()).unwrap_or(usize::MAX)
    });
    IngestError::Csv {
        file: file_name.to_string(),
        line,
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["participant", "pseudonym"];

    /// (line, key, [(column, value)]) as a test writes it.
    type ExpectedRow<'a> = (usize, &'a str, &'a [(&'a str, &'a str)]);
    /// (line, key, [(column, value)]) as the parser returns it.
    type FoundRow = (usize, String, Vec<(String, String)>);

    /// Parses `bytes` and compares the key column and the rows.
    fn check(bytes: &[u8], expected_key: &str, expected_rows: &[ExpectedRow<'_>]) {
        let table = parse_attribute_csv("p.csv", bytes, KEYS).unwrap();
        assert_eq!(table.key_column, expected_key);
        let found: Vec<FoundRow> = table
            .rows
            .iter()
            .map(|row| (row.line, row.key.clone(), row.values.clone()))
            .collect();
        let expected: Vec<FoundRow> = expected_rows
            .iter()
            .map(|(line, key, values)| {
                (
                    *line,
                    key.to_string(),
                    values
                        .iter()
                        .map(|(c, v)| (c.to_string(), v.to_string()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn reads_rows_with_the_named_key_column() {
        let csv = "Site, Participant ,Role\nLeeds, Zoë ,peer\n,林美,\"non-peer, senior\"\n";
        check(
            csv.as_bytes(),
            "Participant",
            &[
                (2, "Zoë", &[("Site", "Leeds"), ("Role", "peer")]),
                (3, "林美", &[("Role", "non-peer, senior")]),
            ],
        );
        let table = parse_attribute_csv("p.csv", csv.as_bytes(), KEYS).unwrap();
        assert_eq!(table.columns, ["Site", "Role"]);
    }

    #[test]
    fn falls_back_to_the_first_column() {
        check(
            b"Name,Age\nAda,36\n",
            "Name",
            &[(2, "Ada", &[("Age", "36")])],
        );
        check(
            b"Name,PSEUDONYM\nAda,P1\n",
            "PSEUDONYM",
            &[(2, "P1", &[("Name", "Ada")])],
        );
    }

    #[test]
    fn handles_quotes_newlines_bom_crlf_and_cp1252() {
        let csv = "\u{FEFF}Participant,Note\r\nP1,\"said \"\"hi\"\"\r\nthen left\"\r\nP2,ok\r\n";
        check(
            csv.as_bytes(),
            "Participant",
            &[
                (2, "P1", &[("Note", "said \"hi\"\nthen left")]),
                (4, "P2", &[("Note", "ok")]),
            ],
        );
        check(
            b"Participant;Site\nZo\xEB;M\xE1laga\n",
            "Participant",
            &[(2, "Zoë", &[("Site", "Málaga")])],
        );
    }

    #[test]
    fn skips_empty_rows() {
        check(
            b"Participant,Role\n\nP1,peer\n,\n ,  \n",
            "Participant",
            &[(3, "P1", &[("Role", "peer")])],
        );
    }

    #[test]
    fn lists_every_bad_row_with_its_line() {
        let csv = "Participant,Role,Site,Age,Group\nZoë,peer,Leeds,30,A\n\"P2\nstill P2\",x,y,z,w\nP3,peer,Leeds\nP4,,,,\n,peer,York,40,B\nP5,a,b,c,d\nP6,a,b,c,d\nzoë,peer,York,41,B\n";
        let error = parse_attribute_csv("participants.csv", csv.as_bytes(), KEYS).unwrap_err();
        assert_eq!(
            error.to_string(),
            "participants.csv: 3 bad rows: line 5: has 3 fields, the header has 5; \
             line 7: the participant is empty; \
             line 10: participant \"zoë\" appears again (first on line 2)"
        );
    }

    #[test]
    fn reports_duplicate_headers_and_a_missing_header() {
        let error =
            parse_attribute_csv("p.csv", b"Participant,Age,age\nP1,1,2\n", KEYS).unwrap_err();
        assert_eq!(
            error.to_string(),
            "p.csv: 1 bad row: line 1: column \"age\" appears twice in the header"
        );
        for empty in [&b""[..], b"\n\n", b"\xEF\xBB\xBF"] {
            let error = parse_attribute_csv("p.csv", empty, KEYS).unwrap_err();
            assert_eq!(
                error,
                IngestError::MissingHeader {
                    file: "p.csv".into()
                }
            );
        }
    }

    #[test]
    fn refuses_binary_with_the_file_name() {
        let error = parse_attribute_csv("p.xlsx", b"PK\x03\x04\0\0\x14\0", KEYS).unwrap_err();
        assert_eq!(
            error,
            IngestError::Binary {
                file: "p.xlsx".into()
            }
        );
    }
}
