//! Imports the fixture PDFs in tests/fixtures/pdf: a LibreOffice transcript, a
//! two-column article from fpdf2, and the files that must be refused.

use super::super::{IngestError, SourceFormat, import_document, turn_triples};
use super::{PageSpan, read_pdf};

const TRANSCRIPT: &[u8] = include_bytes!("../../../tests/fixtures/pdf/transcript-libreoffice.pdf");
const ARTICLE: &[u8] = include_bytes!("../../../tests/fixtures/pdf/article-two-column.pdf");
const OWNER_ONLY: &[u8] = include_bytes!("../../../tests/fixtures/pdf/encrypted-owner-only.pdf");
const USER_PASSWORD: &[u8] =
    include_bytes!("../../../tests/fixtures/pdf/encrypted-user-password.pdf");
const SCANNED: &[u8] = include_bytes!("../../../tests/fixtures/pdf/scanned-image-only.pdf");
const TRUNCATED: &[u8] = include_bytes!("../../../tests/fixtures/pdf/truncated.pdf");

/// The page whose range holds the whole of `quote`, as a citation would name it.
fn page_of(text: &str, pages: &[PageSpan], quote: &str) -> Vec<u32> {
    let byte = text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in\n{text}"));
    let start = text[..byte].chars().count();
    let end = start + quote.chars().count();
    pages
        .iter()
        .filter(|page| page.start < end && start < page.end)
        .map(|page| page.number)
        .collect()
}

#[test]
fn the_libreoffice_transcript_reads_as_turns_without_page_furniture() {
    let document = import_document("interviews/P21.pdf", TRANSCRIPT).unwrap();
    assert_eq!(document.format, SourceFormat::Pdf);
    assert_eq!(document.name, "P21");
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
    assert_eq!(
        document
            .pages
            .iter()
            .map(|page| page.number)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let text = &document.text;
    for furniture in ["Peer Support Evaluation", "Page 1 of 3", "Page 2", "of 3"] {
        assert!(!text.contains(furniture), "{furniture:?} left in\n{text}");
    }
    // Hyphens: a broken word is mended, a compound keeps its hyphen.
    assert!(text.contains("what my recovery story was"), "{text}");
    assert!(text.contains("We have a peer-support group now"), "{text}");
    let turns = turn_triples(text, &document.turns);
    assert_eq!(turns.len(), 16, "{turns:#?}");
    let speakers: Vec<&str> = turns
        .iter()
        .map(|(speaker, _, _)| speaker.as_str())
        .collect();
    assert_eq!(
        &speakers[..4],
        ["Interviewer", "Participant", "Interviewer", "Participant"]
    );
    assert!(document.turns[0].is_interviewer && !document.turns[1].is_interviewer);
    assert_eq!(
        turns[2].1,
        "What did the first weeks in the team feel like?"
    );
    // The last participant turn before the break ends on page 2 and goes on on page 3
    // as one paragraph.
    assert!(
        text.contains("talking to someone who knows what it is like to be on both sides"),
        "{text}"
    );
    assert_eq!(
        turns[15],
        (
            "Participant".into(),
            "Thank you for listening.".into(),
            None
        )
    );
}

#[test]
fn transcript_pages_cover_their_own_text() {
    let read = read_pdf("P21.pdf", TRANSCRIPT).unwrap();
    assert_eq!(
        read.pages
            .iter()
            .map(|page| page.number)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(read.pages[0].start, 0);
    assert_eq!(read.pages[2].end, read.text.chars().count());
    assert_eq!(
        page_of(&read.text, &read.pages, "Those Fridays were the difference"),
        [1]
    );
    assert_eq!(page_of(&read.text, &read.pages, "One father told me"), [2]);
    assert_eq!(
        page_of(&read.text, &read.pages, "Thank you for listening."),
        [3]
    );
    // The paragraph across the break belongs to both pages, each as far as its chars go.
    assert_eq!(
        page_of(&read.text, &read.pages, "to someone who knows"),
        [2, 3]
    );
    assert_eq!(
        page_of(&read.text, &read.pages, "talking to someone who"),
        [2]
    );
    assert_eq!(
        page_of(&read.text, &read.pages, "knows what it is like"),
        [3]
    );
}

#[test]
fn the_two_column_article_reads_left_column_then_right() {
    let read = read_pdf("article.pdf", ARTICLE).unwrap();
    let text = &read.text;
    for furniture in ["Journal of Invented Practice", "\n1\n", "\n2"] {
        assert!(!text.contains(furniture), "{furniture:?} left in\n{text}");
    }
    let at = |quote: &str| {
        text.find(quote)
            .unwrap_or_else(|| panic!("{quote:?} not in\n{text}"))
    };
    // Title, then the left column top to bottom, then the right column.
    assert!(
        text.starts_with(
            "Sitting on both sides of the table: peer workers in network meetings\n\n"
        )
    );
    assert!(at("A. Fictional and B. Invented") < at("Background"));
    assert!(at("Background") < at("Methods"));
    assert!(at("Methods") < at("Findings"));
    assert!(at("Findings") < at("Discussion"));
    assert!(at("Discussion") < at("Being a guest"));
    assert!(at("Being a guest") < at("Lending a story"));
    // A paragraph goes on from the foot of the left column to the top of the right one,
    // and from the right column of page 1 to page 2.
    assert!(
        text.contains("attend to the small courtesies of a visit. The second, lending a story"),
        "{text}"
    );
    assert!(
        text.contains("Clinicians sometimes read these courtesies as a loss of boundaries."),
        "{text}"
    );
    assert!(
        text.contains("Background\n\nPeer workers bring their own experience"),
        "{text}"
    );
    assert_eq!(page_of(text, &read.pages, "Holding the silence"), [2]);
    assert_eq!(page_of(text, &read.pages, "Being a guest"), [1]);
}

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    let read = read_pdf("locked.pdf", OWNER_ONLY).unwrap();
    assert_eq!(read, read_pdf("article.pdf", ARTICLE).unwrap());
}

#[test]
fn refusals_say_what_to_do() {
    let message = |file: &str, bytes: &[u8]| match import_document(file, bytes) {
        Ok(document) => panic!("{file} was imported: {:?}", document.text),
        Err(error) => (error.clone(), error.to_string()),
    };
    let (error, text) = message("scan.pdf", SCANNED);
    assert_eq!(
        error,
        IngestError::PdfWithoutText {
            file: "scan.pdf".into()
        }
    );
    assert!(text.contains("has no text layer (it is a scan)"), "{text}");
    assert!(text.contains("`ocrmypdf in.pdf out.pdf`"), "{text}");

    let (error, text) = message("locked.pdf", USER_PASSWORD);
    assert_eq!(
        error,
        IngestError::EncryptedPdf {
            file: "locked.pdf".into()
        }
    );
    assert!(
        text.contains("is encrypted; save an unprotected copy"),
        "{text}"
    );
    assert!(text.contains("qpdf --decrypt"), "{text}");

    let (error, text) = message("cut.pdf", TRUNCATED);
    assert!(matches!(error, IngestError::DamagedPdf { .. }), "{error:?}");
    assert!(
        text.starts_with("Cannot import cut.pdf: it is damaged or not a PDF: "),
        "{text}"
    );

    let (_, text) = message("notes.pdf", b"Interviewer: this is not a PDF at all");
    assert!(
        text.contains("it does not start with a PDF signature"),
        "{text}"
    );
}

/// A small deterministic generator, so the garbage is the same on every run.
fn garbage(seed: u64, length: usize) -> Vec<u8> {
    let mut state = seed;
    (0..length)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33).to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn truncated_and_scrambled_pdfs_give_errors_not_panics() {
    for fixture in [TRANSCRIPT, ARTICLE, OWNER_ONLY] {
        for cut in (0..fixture.len()).step_by(fixture.len() / 23 + 1) {
            // Either outcome is fine; a panic fails the test.
            let _ = import_document("cut.pdf", &fixture[..cut]);
        }
        for seed in 0..12 {
            let mut scrambled = fixture.to_vec();
            let noise = garbage(seed, 64);
            let at = usize::try_from(seed * 997).unwrap_or(0) % (scrambled.len() - 64);
            scrambled[at..at + 64].copy_from_slice(&noise);
            let _ = import_document("scrambled.pdf", &scrambled);
        }
    }
    for seed in 0..8 {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(garbage(seed, 4096));
        assert!(import_document("garbage.pdf", &bytes).is_err());
    }
    assert!(import_document("empty.pdf", b"").is_err());
}
