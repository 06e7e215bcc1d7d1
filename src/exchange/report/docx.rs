//! The theme report as a Word document (Office Open XML, `.docx`), written
//! directly as WordprocessingML in a zip: built-in heading, title and quote
//! styles (so Word's navigation pane and outline work), tables with repeated
//! header rows, A4 pages. It opens in Word and LibreOffice without repair.
//! Entries are written in a fixed order with a fixed zip time, so the same
//! report gives the same bytes; the only time inside is the creation date in
//! the document properties.

use super::iso_time;
use super::layout::{Block, Column};
use crate::exchange::common::push_escaped;
use std::io::Write as _;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Polyphony</Application></Properties>"#;

/// Word's built-in style names, so that headings appear in the navigation
/// pane and a journal template can restyle them.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="48"/><w:szCs w:val="48"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="2F5496"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="40"/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="0"/><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="QuoteSource"><w:name w:val="Quote Source"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="200"/><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:color w:val="444444"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:left w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:right w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="999999"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

/// Text as WordprocessingML character data: line breaks and tabs become
/// spaces (a run is one line), the control characters XML 1.0 forbids are
/// left out, and the rest is escaped as every XML export escapes it.
fn text(value: &str) -> String {
    let flat: String = value
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect();
    let mut out = String::with_capacity(flat.len());
    // As in an attribute, so that quotes are escaped as they always were here.
    push_escaped(&mut out, &flat, true);
    out
}

fn run(value: &str, bold: bool) -> String {
    let properties = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        "<w:r>{properties}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        text(value)
    )
}

/// A paragraph of `runs` in `style` (none for Normal).
fn paragraph(style: Option<&str>, runs: &[(&str, bool)]) -> String {
    let properties = style
        .map(|style| format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"))
        .unwrap_or_default();
    let runs: String = runs.iter().map(|(value, bold)| run(value, *bold)).collect();
    // One paragraph a line, so that the part diffs well.
    format!("<w:p>{properties}{runs}</w:p>\n")
}

/// A table filling the page width, with its column titles repeated on each
/// page; each column takes a share of the width proportional to its weight.
fn table(columns: &[Column], rows: &[Vec<String>]) -> String {
    let count = columns.len().max(1);
    let weight = |column: usize| columns.get(column).map_or(1, |column| column.weight).max(1);
    let total: u32 = (0..count).map(weight).sum();
    let widths: Vec<u32> = (0..count)
        .map(|column| 9000 * weight(column) / total)
        .collect();
    let cell = |column: usize, value: &str, bold: bool| {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
            widths[column.min(count - 1)],
            paragraph(None, &[(value, bold)])
        )
    };
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for width in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (index, column) in columns.iter().enumerate() {
        out.push_str(&cell(index, &column.title, true));
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr>");
        for (column, value) in row.iter().enumerate() {
            out.push_str(&cell(column, value, false));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>\n");
    // Word wants a paragraph between a table and what follows.
    out.push_str(&paragraph(None, &[]));
    out
}

/// Word's paragraph style for a heading of `level`: the title, then the
/// headings styles.xml defines, of which the deepest levels share the last.
fn heading_style(level: usize) -> String {
    match level {
        0 | 1 => "Title".to_owned(),
        level => format!("Heading{}", (level - 1).min(4)),
    }
}

/// Each block as its paragraphs or its table.
fn draw(blocks: &[Block], body: &mut String) {
    for block in blocks {
        match block {
            Block::Heading {
                level,
                text,
                status,
            } => {
                let text = match status {
                    Some(status) => format!("{text} ({status})"),
                    None => text.clone(),
                };
                body.push_str(&paragraph(Some(&heading_style(*level)), &[(&text, false)]));
            }
            Block::Paragraph { lead, text } => match lead {
                Some(lead) => {
                    body.push_str(&paragraph(
                        None,
                        &[(&format!("{lead} "), true), (text, false)],
                    ));
                }
                None => body.push_str(&paragraph(None, &[(text, false)])),
            },
            Block::Quote { text, source } => {
                body.push_str(&paragraph(Some("Quote"), &[(text, false)]));
                body.push_str(&paragraph(Some("QuoteSource"), &[(source, false)]));
            }
            Block::Table { columns, rows } => body.push_str(&table(columns, rows)),
            // Word's outline comes from the headings; a section adds nothing.
            Block::Section(inner) => draw(inner, body),
        }
    }
}

/// The document part: the report's body.
fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    draw(blocks, &mut body);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// The document properties: the title, and the report's time as its
/// creation and modification.
fn core_xml(title: &str, made_at: i64) -> String {
    let created = iso_time(made_at);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>Polyphony</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified></cp:coreProperties>",
        text(title)
    )
}

/// The whole `.docx` file of the report's `blocks`, titled `title` and made
/// at `made_at` (milliseconds since the epoch).
pub(super) fn render(blocks: &[Block], title: &str, made_at: i64) -> Vec<u8> {
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/app.xml", APP.to_owned()),
        ("docProps/core.xml", core_xml(title, made_at)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document_xml(blocks)),
        ("word/styles.xml", STYLES.to_owned()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, content) in parts {
        // Writing into memory cannot fail short of running out of it.
        if zip.start_file(name, options).is_ok() {
            let _ = zip.write_all(content.as_bytes());
        }
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}
