//! Extracts the paragraphs of a Word document (.docx): the `w:p` paragraphs of
//! `word/document.xml`, including those in table cells and text boxes, with tabs and
//! line breaks, and without deleted text.

use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};

use super::IngestError;
use super::office::{MAX_PART_BYTES, Node, OfficeKind, Whitespace, read_paragraphs, read_part};

const KIND: OfficeKind = OfficeKind {
    name: "Word document (.docx)",
    part: "word/document.xml",
    not_zip_hint: "an older .doc file must be saved as .docx first",
};

/// WordprocessingML, transitional and strict.
const WORD_NAMESPACES: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The paragraphs of a .docx and warnings.
pub(crate) fn docx_paragraphs(
    file_name: &str,
    bytes: &[u8],
) -> Result<(Vec<String>, Vec<String>), IngestError> {
    docx_paragraphs_within(file_name, bytes, MAX_PART_BYTES)
}

/// [`docx_paragraphs`] with an inflation limit, so tests can try a small one.
fn docx_paragraphs_within(
    file_name: &str,
    bytes: &[u8],
    limit: u64,
) -> Result<(Vec<String>, Vec<String>), IngestError> {
    let xml = read_part(file_name, bytes, KIND, limit)?;
    read_paragraphs(
        file_name,
        KIND.part,
        &xml,
        Whitespace::TextHoldersOnly,
        classify,
    )
}

fn classify(namespace: &ResolveResult<'_>, element: &BytesStart<'_>) -> Node {
    let ResolveResult::Bound(Namespace(uri)) = namespace else {
        return Node::Other;
    };
    let local = element.local_name();
    if *uri == MARKUP_COMPATIBILITY {
        // Word writes text boxes twice: as drawing (mc:Choice) and as VML (mc:Fallback).
        return if local.as_ref() == "Fallback" {
            Node::Skipped
        } else {
            Node::Other
        };
    }
    if !WORD_NAMESPACES.contains(uri) {
        return Node::Other;
    }
    match local.as_ref() {
        "p" => Node::Paragraph,
        "t" => Node::TextHolder,
        "tab" => Node::Char('\t'),
        "br" | "cr" => Node::Char('\n'),
        "noBreakHyphen" => Node::Char('-'),
        "r" => Node::Run,
        // Bold marks speaker names; run properties are read for it (they hold no text).
        "b" => Node::Bold(is_on(element)),
        "rStyle" if names_a_bold_style(element) => Node::Bold(true),
        // Paragraph properties hold tab stops (`w:tabs/w:tab`) that are not text, and
        // the paragraph mark's formatting; a record of changed formatting is not how the
        // run looks now; deleted and moved-away text is not in the document as it reads.
        "pPr" | "rPrChange" | "del" | "moveFrom" => Node::Skipped,
        _ => Node::Other,
    }
}

/// The `w:val` attribute of a Word element, if it has one.
fn word_value(element: &BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == "val")
        .map(|attribute| attribute.value.to_string())
}

/// Whether a toggle property such as `<w:b/>` or `<w:b w:val="false"/>` is on.
fn is_on(element: &BytesStart<'_>) -> bool {
    word_value(element).is_none_or(|value| !matches!(value.trim(), "0" | "false" | "off" | "none"))
}

/// Whether a character style (`<w:rStyle w:val="Strong"/>`) is by its name a bold one.
fn names_a_bold_style(element: &BytesStart<'_>) -> bool {
    word_value(element).is_some_and(|value| {
        let value = value.to_lowercase();
        value.contains("strong") || value.contains("bold")
    })
}
