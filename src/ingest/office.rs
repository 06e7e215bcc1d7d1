//! Reads the text of zipped office documents (.docx, .odt): takes the XML part that
//! holds the text out of the archive, with a cap on how much is inflated, and walks its
//! elements into paragraphs; damaged archives and XML become clear errors.

use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::IngestError;

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
    xml_text(file_name, kind.part, content)
}

/// XML bytes as text: UTF-8 (with or without BOM), or UTF-16 with a BOM.
fn xml_text(file_name: &str, part: &'static str, bytes: Vec<u8>) -> Result<String, IngestError> {
    let (encoding, bom_length) =
        encoding_rs::Encoding::for_bom(&bytes).unwrap_or((encoding_rs::UTF_8, 0));
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
    detail: impl ToString,
) -> IngestError {
    let position = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(xml.len());
    let line = xml.as_bytes()[..position]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1;
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
    let mut open_paragraphs: Vec<String> = Vec::new();
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
                    error,
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
                if let Some(paragraph) = open_paragraphs.last_mut() {
                    match node {
                        Node::Char(c) => paragraph.push(c),
                        Node::Spaces(count) => {
                            paragraph.extend(std::iter::repeat_n(' ', count));
                            produced_bytes += count;
                        }
                        _ => {}
                    }
                }
                if is_start {
                    match node {
                        Node::Paragraph => open_paragraphs.push(String::new()),
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
                push_text(&mut open_paragraphs, &text.xml10_content(), whitespace);
            }
            Event::CData(text) if reads_text => {
                push_text(&mut open_paragraphs, &text.xml10_content(), whitespace);
            }
            Event::GeneralRef(reference) if reads_text => {
                let resolved = resolve_reference(&reference, &mut warnings);
                push_text(&mut open_paragraphs, &resolved, Whitespace::TextHoldersOnly);
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
            "the XML ends before all its elements are closed; the file may be cut short",
        ));
    }
    Ok((paragraphs, warnings))
}

/// Appends character data to the innermost open paragraph.
fn push_text(open_paragraphs: &mut [String], text: &str, whitespace: Whitespace) {
    let Some(paragraph) = open_paragraphs.last_mut() else {
        return;
    };
    match whitespace {
        Whitespace::TextHoldersOnly => paragraph.push_str(text),
        Whitespace::Collapse => {
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    // Leading white space and a second space in a row are not text in ODF.
                    if !paragraph.is_empty() && !paragraph.ends_with(' ') {
                        paragraph.push(' ');
                    }
                } else {
                    paragraph.push(c);
                }
            }
        }
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
            "mismatched end tag",
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
