//! Extracts the paragraphs of an OpenDocument text (.odt): the `text:p` and `text:h`
//! paragraphs of `content.xml`, with `text:s` spaces, tabs and line breaks, and without
//! comments or tracked deletions.

use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};

use super::IngestError;
use super::office::{MAX_PART_BYTES, Node, OfficeKind, Whitespace, read_paragraphs, read_part};

const KIND: OfficeKind = OfficeKind {
    name: "OpenDocument text (.odt)",
    part: "content.xml",
    not_zip_hint: "save it again from LibreOffice or another word processor",
};

const TEXT_NAMESPACE: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE_NAMESPACE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
/// `text:s` asks for this many spaces at most; a larger count is a damaged file.
const MAX_SPACES: usize = 1024;

/// The paragraphs of an .odt and warnings.
pub(crate) fn odt_paragraphs(
    file_name: &str,
    bytes: &[u8],
) -> Result<(Vec<String>, Vec<String>), IngestError> {
    let xml = read_part(file_name, bytes, KIND, MAX_PART_BYTES)?;
    read_paragraphs(file_name, KIND.part, &xml, Whitespace::Collapse, classify)
}

fn classify(namespace: &ResolveResult<'_>, element: &BytesStart<'_>) -> Node {
    let ResolveResult::Bound(Namespace(uri)) = namespace else {
        return Node::Other;
    };
    let local = element.local_name();
    match (*uri, local.as_ref()) {
        (TEXT_NAMESPACE, "p" | "h") => Node::Paragraph,
        (TEXT_NAMESPACE, "s") => Node::Spaces(space_count(element)),
        (TEXT_NAMESPACE, "tab") => Node::Char('\t'),
        (TEXT_NAMESPACE, "line-break") => Node::Char('\n'),
        // A note's number, the record of tracked changes (which holds deleted text) and
        // comments are not what was said.
        (TEXT_NAMESPACE, "note-citation" | "tracked-changes")
        | (OFFICE_NAMESPACE, "annotation") => Node::Skipped,
        _ => Node::Other,
    }
}

/// The `text:c` count of a `text:s` element; 1 when absent or unreadable.
fn space_count(element: &BytesStart<'_>) -> usize {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == "c")
        .and_then(|attribute| attribute.value.trim().parse::<usize>().ok())
        .map_or(1, |count| count.clamp(1, MAX_SPACES))
}
