//! Turns the bytes of a transcript file into a document: its text (LF line endings, no
//! BOM) and its speaker turns, with positions in chars. Pure functions: no file dialogs,
//! no screen, no database. Also reads participant attribute tables from CSV.
//!
//! ```
//! use polyphony::ingest::{SourceFormat, import_document};
//!
//! let bytes = "Interviewer: Hi.\nZoë: Hello.\nInterviewer: Bye.\nZoë: Bye!".as_bytes();
//! let document = import_document("P01.txt", bytes).unwrap();
//! assert_eq!(document.format, SourceFormat::Txt);
//! let turn = &document.turns[1];
//! let utterance: String = document.text.chars().skip(turn.start).take(turn.end - turn.start).collect();
//! assert_eq!((turn.speaker.as_str(), utterance.as_str()), ("Zoë", "Hello."));
//! ```

mod attributes;
mod cue_text;
mod decode;
mod docx;
mod error;
#[cfg(test)]
mod fixtures;
mod headed;
mod odt;
mod office;
mod otter;
mod pdf;
mod positions;
#[cfg(test)]
mod properties;
mod speaker;
mod srt;
mod timecode;
mod transcript;
mod turns;
mod vtt;

use std::path::Path;

pub use attributes::{
    AttributeRow, AttributeTable, csv_columns, parse_attribute_csv, parse_scoped_attribute_csv,
    sniff_delimiter,
};
pub use decode::{DecodedText, decode_text};
pub use error::{BadRow, IngestError};
pub use speaker::is_interviewer_label;

/// The kind of file a document was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Txt,
    Markdown,
    Docx,
    Odt,
    Vtt,
    Srt,
    /// An Otter.ai text export (a .txt file in Otter's layout).
    Otter,
    /// The text layer of a PDF.
    Pdf,
}

impl SourceFormat {
    /// A short label: "txt", "md", "docx", "odt", "vtt", "srt", "otter" or "pdf".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Txt => "txt",
            SourceFormat::Markdown => "md",
            SourceFormat::Docx => "docx",
            SourceFormat::Odt => "odt",
            SourceFormat::Vtt => "vtt",
            SourceFormat::Srt => "srt",
            SourceFormat::Otter => "otter",
            SourceFormat::Pdf => "pdf",
        }
    }

    /// The format a file extension (without the dot, any case) stands for. Otter exports
    /// are .txt files, recognised by their content, so no extension gives `Otter`.
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<SourceFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(SourceFormat::Txt),
            "md" | "markdown" => Some(SourceFormat::Markdown),
            "docx" => Some(SourceFormat::Docx),
            "odt" => Some(SourceFormat::Odt),
            "vtt" => Some(SourceFormat::Vtt),
            "srt" => Some(SourceFormat::Srt),
            "pdf" => Some(SourceFormat::Pdf),
            _ => None,
        }
    }
}

/// The file extensions [`import_document`] reads, for file pickers.
pub const SUPPORTED_EXTENSIONS: [&str; 9] = [
    "txt", "text", "md", "markdown", "docx", "odt", "vtt", "srt", "pdf",
];

/// A transcript as imported: its text and speaker turns.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedDocument {
    /// The file name without its folder and extension.
    pub name: String,
    pub format: SourceFormat,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
    /// The text, with LF line endings and no BOM.
    pub text: String,
    /// Speaker turns in text order; they do not overlap.
    pub turns: Vec<ImportedTurn>,
    /// Things the user should know about how the file was read.
    pub warnings: Vec<String>,
    /// For paged formats (PDF), each page's char range of `text`, in order.
    pub pages: Vec<ImportedPage>,
}

/// One page of a paged document: its number in the file (from 1) and the char range
/// of the document's text that came from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedPage {
    pub number: u32,
    pub start: usize,
    pub end: usize,
}

/// One speaker turn of an imported document.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedTurn {
    /// The speaker label as written, trimmed, without markdown or timestamp.
    pub speaker: String,
    /// Char offsets into the document's text of the utterance only: not the "Name: "
    /// prefix or a timestamp.
    pub start: usize,
    pub end: usize,
    /// When the turn starts in the recording, if the file says.
    pub time_ms: Option<u64>,
    /// Whether the speaker is the interviewer; see [`is_interviewer_label`].
    pub is_interviewer: bool,
}

/// Whether [`import_document`] reads files with this path's extension (txt, text, md,
/// markdown, docx, odt, vtt, srt, pdf, in any case).
pub fn is_supported_path(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .and_then(SourceFormat::from_extension)
        .is_some()
}

/// Imports a transcript. `file_name` chooses the format by its extension and gives the
/// document its name; it may include folders, which are ignored.
pub fn import_document(file_name: &str, bytes: &[u8]) -> Result<ImportedDocument, IngestError> {
    let (name, extension) = split_file_name(file_name);
    let format =
        SourceFormat::from_extension(extension).ok_or_else(|| IngestError::UnsupportedFormat {
            file: file_name.to_string(),
            extension: extension.to_string(),
        })?;
    let mut document = match format {
        SourceFormat::Docx | SourceFormat::Odt => {
            let (paragraphs, warnings) = if format == SourceFormat::Docx {
                docx::docx_paragraphs(file_name, bytes)?
            } else {
                odt::odt_paragraphs(file_name, bytes)?
            };
            recognised_text(format, "UTF-8", paragraphs.join("\n\n"), warnings)
        }
        SourceFormat::Txt | SourceFormat::Markdown | SourceFormat::Otter => {
            let decoded = decode::decode_named(file_name, bytes)?;
            recognised_text(format, decoded.encoding, decoded.text, decoded.warnings)
        }
        SourceFormat::Pdf => {
            let read = pdf::read_pdf(file_name, bytes)?;
            // By labels only, as the text stands: the headed layout (Otter, Teams, Zoom)
            // rewrites the text, which would move it out from under its page ranges.
            let mut document = running_text(format, "UTF-8", read.text, read.warnings);
            document.pages = read
                .pages
                .into_iter()
                .map(|page| ImportedPage {
                    number: page.number,
                    start: page.start,
                    end: page.end,
                })
                .collect();
            document
        }
        SourceFormat::Vtt | SourceFormat::Srt => {
            let decoded = decode::decode_named(file_name, bytes)?;
            let (text, turns, warnings) = if format == SourceFormat::Vtt {
                vtt::parse_vtt(file_name, &decoded.text)?
            } else {
                srt::parse_srt(file_name, &decoded.text)?
            };
            let mut all_warnings = decoded.warnings;
            all_warnings.extend(warnings);
            ImportedDocument {
                name: String::new(),
                format,
                encoding: decoded.encoding,
                text,
                turns,
                warnings: all_warnings,
                pages: Vec::new(),
            }
        }
    };
    document.name = name.to_string();
    if document.text.trim().is_empty() {
        document.warnings.push("the file has no text".to_string());
    }
    Ok(document)
}

/// A document of running text (txt, md, docx, odt) with its turns recognised. Text in
/// the layout of header lines with a name and a time (Otter, Teams, Zoom) is rendered as
/// `Name: words` paragraphs, and a .txt in Otter's layout is labelled an Otter export;
/// other text is kept as it is and its turns found by `Name:` labels. Markdown is
/// written by hand, so it is only read by its labels.
fn recognised_text(
    format: SourceFormat,
    encoding: &'static str,
    text: String,
    warnings: Vec<String>,
) -> ImportedDocument {
    if format != SourceFormat::Markdown
        && let Some(passages) = headed::read_headed(&text)
    {
        let (headed_text, headed_turns) = transcript::render(&passages);
        // A transcript in `Name: words` turns with a few stray `Name  10:30` lines is
        // read by its labels: the layout that finds more turns is the file's layout.
        let (label_turns, _) = turns::detect_turns(&text);
        if headed_turns.len() >= label_turns.len() {
            let format = if format == SourceFormat::Txt && otter::is_otter(&text) {
                SourceFormat::Otter
            } else {
                format
            };
            return ImportedDocument {
                name: String::new(),
                format,
                encoding,
                text: headed_text,
                turns: headed_turns,
                warnings,
                pages: Vec::new(),
            };
        }
    }
    running_text(format, encoding, text, warnings)
}

/// A document whose text is kept as it is and whose turns are found by their labels.
fn running_text(
    format: SourceFormat,
    encoding: &'static str,
    text: String,
    mut warnings: Vec<String>,
) -> ImportedDocument {
    let (turns, turn_warnings) = turns::detect_turns(&text);
    warnings.extend(turn_warnings);
    ImportedDocument {
        name: String::new(),
        format,
        encoding,
        text,
        turns,
        warnings,
        pages: Vec::new(),
    }
}

/// "interviews/P01.final.docx" → ("P01.final", "docx"). Both `/` and `\` separate
/// folders, since names may come from any platform.
fn split_file_name(file_name: &str) -> (&str, &str) {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (base, ""),
    }
}

#[cfg(test)]
mod tests;

impl From<ImportedTurn> for crate::model::Turn {
    fn from(turn: ImportedTurn) -> Self {
        Self {
            speaker: turn.speaker,
            start: turn.start,
            end: turn.end,
            time_ms: turn.time_ms,
            is_interviewer: turn.is_interviewer,
        }
    }
}

/// Each turn as (speaker, the text it covers, time), for readers' tests.
#[cfg(test)]
pub(crate) fn turn_triples(
    text: &str,
    turns: &[ImportedTurn],
) -> Vec<(String, String, Option<u64>)> {
    let chars: Vec<char> = text.chars().collect();
    turns
        .iter()
        .map(|turn| {
            (
                turn.speaker.clone(),
                chars[turn.start..turn.end].iter().collect(),
                turn.time_ms,
            )
        })
        .collect()
}

/// Checks a caption reader's result: the text it rendered, and each turn as
/// (speaker, utterance, time in ms), every cue being timed.
#[cfg(test)]
pub(crate) fn check_timed_turns(
    (text, turns): (&str, &[ImportedTurn]),
    expected_text: &str,
    expected_turns: &[(&str, &str, u64)],
) {
    assert_eq!(text, expected_text);
    let expected: Vec<(String, String, Option<u64>)> = expected_turns
        .iter()
        .map(|(s, u, t)| ((*s).to_owned(), (*u).to_owned(), Some(*t)))
        .collect();
    assert_eq!(turn_triples(text, turns), expected);
}
