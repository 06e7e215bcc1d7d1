//! Reads the text of zipped office documents (.docx, .odt): takes the XML part that
//! holds the text out of the archive, with a cap on how much is inflated, and walks its
//! elements into paragraphs; damaged archives and XML become clear errors.

use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::IngestError;
use super::speaker::is_speaker_label;

/// The most bytes one part may inflate to. Real transcripts are a few MiB; more than
/// this is a damaged file or a zip bomb.
pub(crate) const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Which kind of office document is being read, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OfficeKind {
    /// "Word document (.docx)".
    pub name: &'static str,
    /// "word/document.xml".
    pub part: &'static str,
    /// What to do when the file is not a zip archive at all.
    pub not_zip_hint: &'static str,
}

/// The text of `kind.part` inside the zip archive `bytes`, inflating at most `limit` bytes.
pub(crate) fn read_part(
    file_name: &str,
    bytes: &[u8],
    kind: OfficeKind,
    limit: u64,
) -> Result<String, IngestError> {
    let bad_archive = |detail: String| IngestError::BadArchive {
        file: file_name.to_string(),
        kind: kind.name,
        detail,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        bad_archive(match error {
            zip::result::ZipError::InvalidArchive(_) | zip::result::ZipError::Io(_) => {
                format!("it is not a zip archive; {}", kind.not_zip_hint)
            }
            other => other.to_string(),
        })
    })?;
    let mut part = match archive.by_name(kind.part) {
        Ok(part) => part,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(IngestError::MissingPart {
                file: file_name.to_string(),
                part: kind.part,
                kind: kind.name,
            });
        }
        Err(error) => return Err(bad_archive(format!("cannot open {}: {error}", kind.part))),
    };
    let mut content = Vec::new();
    // Read one byte past the limit to tell "exactly the limit" from "more".
    (&mut part)
        .take(limit.saturating_add(1))
        .read_to_end(&mut content)
        .map_err(|error| bad_archive(format!("cannot unpack {}: {error}", kind.part)))?;
    if content.len() as u64 > limit {
        return Err(IngestError::PartTooLarge {
            file: file_name.to_string(),
            part: kind.part,
            limit_mib: limit.div_ceil(1024 * 1024),
        });
    }
    xml_text(file_name, kind.part, &content)
}

/// XML bytes as text: UTF-8 (with or without BOM), or UTF-16 with a BOM.
fn xml_text(file_name: &str, part: &'static str, bytes: &[u8]) -> Result<String, IngestError> {
    let (encoding, bom_length) =
        encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_8, 0));
    let body = &bytes[bom_length..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(IngestError::BadXml {
            file: file_name.to_string(),
            part,
            line: 1,
            detail: format!("it is not valid {} text", encoding.name()),
        });
    }
    Ok(text.into_owned())
}

/// An XML error at byte `position` of `xml`, with the line number a person can find.
pub(crate) fn xml_error(
    file_name: &str,
    part: &'static str,
    xml: &str,
    position: u64,
    detail: &dyn std::fmt::Display,
) -> IngestError {
    let position = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(xml.len());
    // The pieces between newlines are the lines, the last one unfinished.
    let line = xml.as_bytes()[..position]
        .split(|&byte| byte == b'\n')
        .count();
    IngestError::BadXml {
        file: file_name.to_string(),
        part,
        line,
        detail: detail.to_string(),
    }
}

/// The text of an entity or character reference: the five predefined entities and
/// numeric references are resolved; anything else (which would need a DTD) is kept as
/// written and reported in `warnings`.
pub(crate) fn resolve_reference(reference: &BytesRef<'_>, warnings: &mut Vec<String>) -> String {
    let name: &str = reference;
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    if let Some(text) = quick_xml::escape::resolve_predefined_entity(name) {
        return text.to_string();
    }
    let written = format!("&{name};");
    let warning = format!("kept the unknown XML entity {written} as it is written");
    if !warnings.contains(&warning) {
        warnings.push(warning);
    }
    written
}

/// What an XML element means for the text, as a format's classifier sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    /// A paragraph (or heading): its text becomes one paragraph of the document.
    Paragraph,
    /// An element whose character data is document text (DOCX `w:t`).
    TextHolder,
    /// An element that stands for one character: a tab, a line break, a hyphen.
    Char(char),
    /// A run of spaces (ODF `text:s`).
    Spaces(usize),
    /// A run of text with formatting of its own (DOCX `w:r`): it starts out not bold.
    Run,
    /// Whether the current run is bold (DOCX `w:b`, or a "Strong" character style).
    Bold(bool),
    /// An element whose content is not document text (deleted text, comments,
    /// duplicate fallbacks, paragraph properties).
    Skipped,
    /// Anything else: its content is read as usual.
    Other,
}

/// How character data inside a paragraph becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Whitespace {
    /// DOCX: only character data inside [`Node::TextHolder`] elements is text, kept as it is.
    TextHoldersOnly,
    /// ODF: all character data in a paragraph is text, and each run of white space in
    /// it collapses to one space, as the ODF specification says.
    Collapse,
}

/// The non-empty paragraphs of an XML part, in document order, and warnings. `classify`
/// says what each element means; paragraphs nested in others (text boxes, notes) come
/// out as paragraphs of their own, before the paragraph that holds them.
pub(crate) fn read_paragraphs(
    file_name: &str,
    part: &'static str,
    xml: &str,
    whitespace: Whitespace,
    classify: fn(&ResolveResult<'_>, &BytesStart<'_>) -> Node,
) -> Result<(Vec<String>, Vec<String>), IngestError> {
    let mut reader = NsReader::from_str(xml);
    let mut warnings = Vec::new();
    let mut paragraphs = Vec::new();
    // Open elements, so an end tag knows what it closes.
    let mut open_nodes: Vec<Node> = Vec::new();
    // Paragraphs being read; more than one when paragraphs nest.
    let mut open_paragraphs: Vec<OpenParagraph> = Vec::new();
    let mut run_is_bold = false;
    let mut skipped_depth = 0usize;
    let mut holder_depth = 0usize;
    // `text:s` can ask for many spaces in a few bytes: count what is produced, so a
    // small part cannot expand without bound.
    let mut produced_bytes = 0usize;
    let max_produced = usize::try_from(MAX_PART_BYTES).unwrap_or(usize::MAX);
    loop {
        if produced_bytes > max_produced {
            return Err(IngestError::PartTooLarge {
                file: file_name.to_string(),
                part,
                limit_mib: MAX_PART_BYTES / (1024 * 1024),
            });
        }
        let (namespace, event) = match reader.read_resolved_event() {
            Ok(resolved) => resolved,
            Err(error) => {
                return Err(xml_error(
                    file_name,
                    part,
                    xml,
                    reader.error_position(),
                    &error,
                ));
            }
        };
        let reads_text = skipped_depth == 0
            && !open_paragraphs.is_empty()
            && (whitespace == Whitespace::Collapse || holder_depth > 0);
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(element) | Event::Empty(element) => {
                if skipped_depth > 0 {
                    if is_start {
                        open_nodes.push(Node::Other);
                    }
                    continue;
                }
                let node = classify(&namespace, &element);
                match node {
                    Node::Run => run_is_bold = false,
                    Node::Bold(on) => run_is_bold = on,
                    _ => {}
                }
                if let Some(paragraph) = open_paragraphs.last_mut() {
                    match node {
                        Node::Char(c) => paragraph.push(c.encode_utf8(&mut [0; 4]), run_is_bold),
                        Node::Spaces(count) => {
                            paragraph.push(&" ".repeat(count), run_is_bold);
                            produced_bytes += count;
                        }
                        _ => {}
                    }
                }
                if is_start {
                    match node {
                        Node::Paragraph => open_paragraphs.push(OpenParagraph::default()),
                        Node::TextHolder => holder_depth += 1,
                        Node::Skipped => skipped_depth += 1,
                        _ => {}
                    }
                    open_nodes.push(node);
                }
            }
            Event::End(_) => match open_nodes.pop() {
                Some(Node::Paragraph) => {
                    if let Some(paragraph) = open_paragraphs.pop() {
                        let paragraph = paragraph.finish();
                        let paragraph = paragraph.trim();
                        if !paragraph.is_empty() {
                            paragraphs.push(paragraph.to_string());
                        }
                    }
                }
                Some(Node::TextHolder) => holder_depth = holder_depth.saturating_sub(1),
                Some(Node::Skipped) => skipped_depth = skipped_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) if reads_text => {
                produced_bytes += text.len();
                push_text(
                    &mut open_paragraphs,
                    &text.xml10_content(),
                    whitespace,
                    run_is_bold,
                );
            }
            Event::CData(text) if reads_text => {
                push_text(
                    &mut open_paragraphs,
                    &text.xml10_content(),
                    whitespace,
                    run_is_bold,
                );
            }
            Event::GeneralRef(reference) if reads_text => {
                let resolved = resolve_reference(&reference, &mut warnings);
                push_text(
                    &mut open_paragraphs,
                    &resolved,
                    Whitespace::TextHoldersOnly,
                    run_is_bold,
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open_nodes.is_empty() {
        return Err(xml_error(
            file_name,
            part,
            xml,
            reader.buffer_position(),
            &"the XML ends before all its elements are closed; the file may be cut short",
        ));
    }
    Ok((paragraphs, warnings))
}

/// Appends character data to the innermost open paragraph.
fn push_text(
    open_paragraphs: &mut [OpenParagraph],
    text: &str,
    whitespace: Whitespace,
    is_bold: bool,
) {
    let Some(paragraph) = open_paragraphs.last_mut() else {
        return;
    };
    match whitespace {
        Whitespace::TextHoldersOnly => paragraph.push(text, is_bold),
        Whitespace::Collapse => {
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    // Leading white space and a second space in a row are not text in ODF.
                    if !paragraph.text.is_empty() && !paragraph.text.ends_with(' ') {
                        paragraph.push(" ", is_bold);
                    }
                } else {
                    paragraph.push(c.encode_utf8(&mut [0; 4]), is_bold);
                }
            }
        }
    }
}

/// A paragraph being read, and where its leading bold text ends: transcribers type
/// speaker names in bold, and Word keeps `**Jane:**words` apart by the bold alone.
#[derive(Debug, Default)]
struct OpenParagraph {
    text: String,
    /// The byte length of the bold text that opens the paragraph, if it opens bold.
    bold_lead: usize,
    /// Whether text that is not bold has come yet.
    lead_is_over: bool,
}

impl OpenParagraph {
    fn push(&mut self, text: &str, is_bold: bool) {
        self.text.push_str(text);
        if self.lead_is_over {
            return;
        }
        if is_bold {
            self.bold_lead = self.text.len();
        } else if !text.trim().is_empty() {
            self.lead_is_over = true;
        }
    }

    /// The paragraph's text, with a space after a bold speaker label's colon when the
    /// words follow it directly: `Jane:` in bold then `words` reads as `Jane: words`, as
    /// does `Jane` in bold then `:words`, so the label is found like a typed one.
    fn finish(self) -> String {
        let (label, rest) = self.text.split_at(self.bold_lead);
        let colon_end = if label.ends_with(':') {
            label.len()
        } else if rest.starts_with(':') {
            label.len() + 1
        } else {
            return self.text;
        };
        let name = self.text[..colon_end].trim().trim_end_matches(':').trim();
        // "http:" then "//" is not a label and its words.
        let words_follow =
            self.text[colon_end..].starts_with(|c: char| !c.is_whitespace() && c != '/');
        if !words_follow || !is_speaker_label(name) {
            return self.text;
        }
        let mut spaced = self.text;
        spaced.insert(colon_end, ' ');
        spaced
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::io::Write;

    /// A zip archive holding `parts` (path, content), built with the zip crate's writer.
    pub(crate) fn zip_with(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (path, content) in parts {
            writer
                .start_file(*path, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::zip_with;
    use super::*;

    const KIND: OfficeKind = OfficeKind {
        name: "Word document (.docx)",
        part: "word/document.xml",
        not_zip_hint: "save it as .docx",
    };

    #[test]
    fn reads_a_part() {
        let bytes = zip_with(&[("word/document.xml", "<a>é</a>")]);
        assert_eq!(
            read_part("x.docx", &bytes, KIND, MAX_PART_BYTES).unwrap(),
            "<a>é</a>"
        );
    }

    #[test]
    fn refuses_what_is_not_a_zip() {
        let error =
            read_part("x.docx", b"plain text, not a zip", KIND, MAX_PART_BYTES).unwrap_err();
        assert!(matches!(error, IngestError::BadArchive { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("Cannot import x.docx: it is not a readable Word document (.docx)"),
            "{error}"
        );
    }

    #[test]
    fn names_a_missing_part() {
        let bytes = zip_with(&[("other.xml", "<a/>")]);
        let error = read_part("x.docx", &bytes, KIND, MAX_PART_BYTES).unwrap_err();
        assert_eq!(
            error,
            IngestError::MissingPart {
                file: "x.docx".into(),
                part: "word/document.xml",
                kind: KIND.name
            }
        );
    }

    #[test]
    fn stops_inflating_at_the_limit() {
        let big = "a".repeat(5_000);
        let bytes = zip_with(&[("word/document.xml", &big)]);
        let error = read_part("bomb.docx", &bytes, KIND, 4_096).unwrap_err();
        assert!(
            matches!(error, IngestError::PartTooLarge { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("bomb.docx"));
        assert!(read_part("ok.docx", &bytes, KIND, 5_000).is_ok());
    }

    #[test]
    fn xml_errors_carry_the_line() {
        let error = xml_error(
            "x.docx",
            "word/document.xml",
            "<a>\n<b>\n</a>",
            8,
            &"mismatched end tag",
        );
        assert_eq!(
            error,
            IngestError::BadXml {
                file: "x.docx".into(),
                part: "word/document.xml",
                line: 3,
                detail: "mismatched end tag".into()
            }
        );
    }

    /// The text of a paragraph made of `runs` (text, bold).
    fn check(runs: &[(&str, bool)], expected: &str) {
        let mut paragraph = OpenParagraph::default();
        for (text, is_bold) in runs {
            paragraph.push(text, *is_bold);
        }
        assert_eq!(paragraph.finish(), expected, "{runs:?}");
    }

    #[test]
    fn spaces_a_bold_label_from_its_words() {
        check(&[("Jane:", true), ("Hello", false)], "Jane: Hello");
        check(&[("Jane", true), (":Hello", false)], "Jane: Hello");
        check(
            &[("Jane ", true), ("Doe:", true), ("Hello", false)],
            "Jane Doe: Hello",
        );
        check(
            &[("  ", false), ("林美:", true), ("你好", false)],
            "  林美: 你好",
        );
        check(&[("Jane:", true), ("[laughs]", false)], "Jane: [laughs]");
        for unchanged in [
            &[("Jane:", true), (" Hello", false)][..],
            &[("Jane", true), (": Hello", false)],
            &[("Jane: ", true), ("Hello", false)],
            &[("Jane:", true), ("\tHello", false)],
            &[("Jane:", false), ("Hello", false)],
            &[("Say ", false), ("Jane:", true), ("Hello", false)],
            &[("Jane:", true)],
            &[("Jane", true), (" said:so", false)],
            &[("http:", true), ("//example.org", false)],
            &[("Well, she said:", true), ("go", false)],
            &[],
        ] {
            let text: String = unchanged.iter().map(|(text, _)| *text).collect();
            check(unchanged, &text);
        }
    }

    #[test]
    fn resolves_only_predefined_entities() {
        let mut warnings = Vec::new();
        assert_eq!(resolve_reference(&BytesRef::new("amp"), &mut warnings), "&");
        assert_eq!(
            resolve_reference(&BytesRef::new("#x1F642"), &mut warnings),
            "🙂"
        );
        assert_eq!(
            resolve_reference(&BytesRef::new("#233"), &mut warnings),
            "é"
        );
        assert!(warnings.is_empty());
        assert_eq!(
            resolve_reference(&BytesRef::new("custom"), &mut warnings),
            "&custom;"
        );
        assert_eq!(warnings.len(), 1);
    }
}
