//! Reads the text layer of a PDF (transcripts printed to PDF, published articles): every
//! glyph with its position, then lines in reading order (two-column pages left column
//! first), without running headers, footers and page numbers, rejoined into paragraphs
//! across lines, columns and pages with end-of-line hyphens undone. Scans without a text
//! layer, PDFs locked with a password and damaged files are refused with a message that
//! says what to do; PDFs with only an owner password (common for published papers) are
//! read, since they open without one.
//!
//! The PDF itself is parsed by `pdf-extract` (on `lopdf`): it is pure Rust, widely used,
//! and does the hard part, decoding fonts (ToUnicode maps, simple encodings, CID fonts)
//! into chars with their positions through its `OutputDev` trait, so that this module
//! only has to do layout. It panics on some malformed files (it unwraps freely), so every
//! call into it runs under `catch_unwind`, with the panic message kept out of the
//! terminal.

mod furniture;
mod layout;
mod paragraphs;
#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::IngestError;
use layout::{Glyph, PageGlyphs};
pub(crate) use paragraphs::PageSpan;

/// The text a PDF gives and where its pages are in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PdfText {
    /// Paragraphs separated by a blank line.
    pub text: String,
    /// One per page, in order, with the char range of the text that came from it.
    pub pages: Vec<PageSpan>,
    pub warnings: Vec<String>,
}

/// The text layer of the PDF `bytes`, or why it cannot be read.
pub(crate) fn read_pdf(file_name: &str, bytes: &[u8]) -> Result<PdfText, IngestError> {
    let pages = page_glyphs(file_name, bytes)?;
    let page_numbers: Vec<u32> = pages.iter().map(|page| page.number).collect();
    let blank_pages: Vec<u32> = pages
        .iter()
        .filter(|page| page.glyphs.iter().all(|glyph| glyph.text.trim().is_empty()))
        .map(|page| page.number)
        .collect();
    if blank_pages.len() == pages.len() {
        return Err(IngestError::PdfWithoutText {
            file: file_name.to_string(),
        });
    }
    let lines_by_page: Vec<(Vec<layout::Line>, f64)> = pages
        .iter()
        .map(|page| (layout::page_lines(page), page.height))
        .collect();
    let lines: Vec<layout::Line> = furniture::remove_furniture(lines_by_page)
        .into_iter()
        .flatten()
        .collect();
    let (text, spans) = paragraphs::paragraphs_text(&lines, &page_numbers);
    let mut warnings = Vec::new();
    if !blank_pages.is_empty() {
        warnings.push(format!(
            "{} without text (scanned pictures?): {}; run the file through OCR, for \
             example `ocrmypdf in.pdf out.pdf`, to import their text too",
            if blank_pages.len() == 1 {
                "a page"
            } else {
                "pages"
            },
            blank_pages
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(PdfText {
        text,
        pages: spans,
        warnings,
    })
}

/// The glyphs of every page, decrypting with the empty password if need be.
fn page_glyphs(file_name: &str, bytes: &[u8]) -> Result<Vec<PageGlyphs>, IngestError> {
    let damaged = |detail: String| IngestError::DamagedPdf {
        file: file_name.to_string(),
        detail,
    };
    if !has_pdf_signature(&bytes[..bytes.len().min(1024)]) {
        return Err(damaged(
            "it does not start with a PDF signature (%PDF-)".into(),
        ));
    }
    let outcome = quietly(|| -> Result<Vec<PageGlyphs>, ReadFailure> {
        let mut document = Document::load_mem(bytes).map_err(ReadFailure::from_lopdf)?;
        if document.is_encrypted() {
            // An owner password alone restricts printing or copying, not reading: such
            // files open with the empty user password.
            document.decrypt("").map_err(|_| ReadFailure::Encrypted)?;
        }
        let mut collector = GlyphCollector::default();
        pdf_extract::output_doc(&document, &mut collector)
            .map_err(|error| ReadFailure::Damaged(describe_output_error(&error)))?;
        Ok(collector.pages)
    });
    match outcome {
        Ok(Ok(pages)) if pages.is_empty() => Err(damaged("it has no pages".into())),
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(ReadFailure::Encrypted)) => Err(IngestError::EncryptedPdf {
            file: file_name.to_string(),
        }),
        Ok(Err(ReadFailure::Damaged(detail))) => Err(damaged(detail)),
        Err(panic_message) => Err(damaged(format!("the PDF reader gave up ({panic_message})"))),
    }
}

/// Whether a PDF signature appears in the first bytes; some producers put a few bytes
/// before it, which readers accept.
fn has_pdf_signature(head: &[u8]) -> bool {
    head.windows(5).any(|window| window == b"%PDF-")
}

/// Why the PDF reader could not give the glyphs.
enum ReadFailure {
    Encrypted,
    Damaged(String),
}

impl ReadFailure {
    fn from_lopdf(error: pdf_extract::Error) -> Self {
        match error {
            pdf_extract::Error::Decryption(_) => ReadFailure::Encrypted,
            other => ReadFailure::Damaged(other.to_string()),
        }
    }
}

fn describe_output_error(error: &OutputError) -> String {
    match error {
        OutputError::PdfError(pdf_extract::Error::Decryption(_)) => {
            "its encryption could not be undone".to_string()
        }
        OutputError::PdfError(error) => error.to_string(),
        OutputError::FormatError(error) => error.to_string(),
        OutputError::IoError(error) => error.to_string(),
    }
}

thread_local! {
    /// Set while this thread runs the PDF reader, whose panics are expected and reported
    /// as errors, so the panic hook should not print them.
    static EXPECTING_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read`, turning a panic into its message, without printing the panic.
fn quietly<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXPECTING_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
    EXPECTING_PANICS.with(|expecting| expecting.set(true));
    let outcome = catch_unwind(AssertUnwindSafe(read));
    EXPECTING_PANICS.with(|expecting| expecting.set(false));
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".to_string())
    })
}

/// Collects what `pdf-extract` draws: each glyph with its place on its page.
#[derive(Default)]
struct GlyphCollector {
    pages: Vec<PageGlyphs>,
    /// The top-left corner of the current page's media box, in PDF coordinates.
    origin: (f64, f64),
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.origin = (
            media_box.llx.min(media_box.urx),
            media_box.lly.max(media_box.ury),
        );
        self.pages.push(PageGlyphs {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            glyphs: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        // The text rendering matrix maps glyph space (1 unit = the font size) to the
        // page: its columns' lengths scale widths and heights.
        let scale_x = trm.m11.hypot(trm.m12);
        let scale_y = trm.m21.hypot(trm.m22);
        let glyph = Glyph {
            x: trm.m31 - self.origin.0,
            y: self.origin.1 - trm.m32,
            advance: width * font_size * scale_x,
            size: (font_size * scale_y).abs(),
            text: char.to_string(),
        };
        if glyph.x.is_finite() && glyph.y.is_finite() && glyph.advance.is_finite() {
            page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
