//! The one error type of the importers: every failure is a value whose message names the
//! file, says what is wrong (with a line number where there is one) and what to do.

use std::fmt::Write as _;

/// Why a file could not be imported. `Display` is a full sentence that names the file, so
/// the window and the command line can show it as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// The file's extension is not one that Polyphony imports.
    #[error(
        "Cannot import {file}: Polyphony does not read {}. Save the transcript as .txt, \
         .md, .docx, .odt, .vtt, .srt or .pdf and import that copy.",
        describe_extension(extension)
    )]
    UnsupportedFormat {
        file: String,
        /// The extension without its dot; empty when the name has none.
        extension: String,
    },

    /// The bytes hold NULs that are not UTF-16 text.
    #[error(
        "Cannot import {file}: it looks like a binary file, not a transcript. Save the \
         transcript as plain text (.txt), Word (.docx), OpenDocument (.odt), WebVTT (.vtt) \
         or SubRip (.srt) and import that copy."
    )]
    Binary { file: String },

    /// A .docx or .odt that is not a readable zip archive.
    #[error(
        "Cannot import {file}: it is not a readable {kind} ({detail}). If it opens in a \
         word processor, save it there again as {kind} and import the new copy."
    )]
    BadArchive {
        file: String,
        kind: &'static str,
        detail: String,
    },

    /// A .docx or .odt whose archive lacks the part that holds the text.
    #[error(
        "Cannot import {file}: the archive has no {part}, so it is not a complete {kind}. \
         Open it in a word processor, save it again as {kind} and import the new copy."
    )]
    MissingPart {
        file: String,
        part: &'static str,
        kind: &'static str,
    },

    /// A part that inflates beyond the size limit (a damaged file or a zip bomb).
    #[error(
        "Cannot import {file}: its {part} unpacks to more than {limit_mib} MiB, far more \
         than any transcript, so the file is damaged or not a real document. Save the \
         transcript again from the program that made it."
    )]
    PartTooLarge {
        file: String,
        part: &'static str,
        limit_mib: u64,
    },

    /// The XML part of a .docx or .odt is not well-formed.
    #[error(
        "Cannot import {file}: {part} is not well-formed XML (line {line}: {detail}). Open \
         the file in a word processor, save it again and import the new copy."
    )]
    BadXml {
        file: String,
        part: &'static str,
        line: usize,
        detail: String,
    },

    /// A .vtt file without the `WEBVTT` signature.
    #[error(
        "Cannot import {file}: a WebVTT file must start with the line \"WEBVTT\", but line 1 \
         is \"{found}\". Check that it is a WebVTT caption file, or rename it to .txt if it \
         is a plain transcript."
    )]
    NotWebVtt { file: String, found: String },

    /// A caption timing line that cannot be read.
    #[error(
        "Cannot import {file}: line {line} should be a cue timing such as \"{example}\" but \
         is \"{found}\". Correct that line in a text editor and import the file again."
    )]
    BadTiming {
        file: String,
        line: usize,
        found: String,
        example: &'static str,
    },

    /// A .srt file whose text does not start with a cue.
    #[error(
        "Cannot import {file}: line {line} should start a subtitle cue with its number or \
         timing, but is \"{found}\". Check that it is a SubRip (.srt) file, or rename it to \
         .txt if it is a plain transcript."
    )]
    NotSubRip {
        file: String,
        line: usize,
        found: String,
    },

    /// An attribute table with no header row.
    #[error(
        "Cannot read {file}: it has no header row. Put the column names (for example \
         Participant, Role, Site) on the first line and import it again."
    )]
    MissingHeader { file: String },

    /// The CSV reader itself failed.
    #[error("Cannot read {file}: line {line}: {detail}. Fix that line and import it again.")]
    Csv {
        file: String,
        line: usize,
        detail: String,
    },

    /// A PDF whose pages are pictures of text (a scan), with no text to read.
    #[error(
        "Cannot import {file}: it has no text layer (it is a scan); run it through OCR, for \
         example `ocrmypdf in.pdf out.pdf`, and import the result."
    )]
    PdfWithoutText { file: String },

    /// A PDF that needs a password to be opened.
    #[error(
        "Cannot import {file}: it is encrypted; save an unprotected copy (for example \
         `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and import that."
    )]
    EncryptedPdf { file: String },

    /// A file named .pdf that cannot be parsed.
    #[error(
        "Cannot import {file}: it is damaged or not a PDF: {detail}. If it opens in a PDF \
         viewer, print it from there to a new PDF and import that copy."
    )]
    DamagedPdf { file: String, detail: String },

    /// Rows of an attribute table that break its rules; all of them, not just the first.
    #[error("{}", describe_bad_rows(file, rows))]
    BadRows { file: String, rows: Vec<BadRow> },
}

/// One row of an attribute table that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line in the file where the row starts.
    pub line: usize,
    /// What is wrong, phrased to follow "line N: ".
    pub reason: String,
}

/// "\".pdf\" files", or "files without an extension".
fn describe_extension(extension: &str) -> String {
    if extension.is_empty() {
        "files without an extension".to_string()
    } else {
        format!("\".{extension}\" files")
    }
}

/// "participants.csv: 2 bad rows: line 4: has 3 fields, the header has 5; line 9: ..."
fn describe_bad_rows(file: &str, rows: &[BadRow]) -> String {
    let noun = if rows.len() == 1 { "row" } else { "rows" };
    let mut message = format!("{file}: {} bad {noun}: ", rows.len());
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            message.push_str("; ");
        }
        // Writing into a String cannot fail.
        let _ = write!(message, "line {}: {}", row.line, row.reason);
    }
    message
}

/// Shortens a quoted piece of the user's file so an error message stays one readable line.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let line = text.trim();
    if line.chars().count() <= MAX_CHARS {
        line.to_string()
    } else {
        let mut short: String = line.chars().take(MAX_CHARS).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_message_lists_every_row() {
        let error = IngestError::BadRows {
            file: "participants.csv".into(),
            rows: vec![
                BadRow {
                    line: 4,
                    reason: "has 3 fields, the header has 5".into(),
                },
                BadRow {
                    line: 9,
                    reason: "participant \"Zoë\" appears again (first on line 2)".into(),
                },
            ],
        };
        assert_eq!(
            error.to_string(),
            "participants.csv: 2 bad rows: line 4: has 3 fields, the header has 5; \
             line 9: participant \"Zoë\" appears again (first on line 2)"
        );
    }

    #[test]
    fn one_bad_row_is_singular() {
        let error = IngestError::BadRows {
            file: "a.csv".into(),
            rows: vec![BadRow {
                line: 2,
                reason: "x".into(),
            }],
        };
        assert_eq!(error.to_string(), "a.csv: 1 bad row: line 2: x");
    }

    #[test]
    fn excerpt_shortens_long_lines() {
        assert_eq!(excerpt("  short  "), "short");
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 61);
    }
}
