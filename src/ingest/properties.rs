//! Property tests of `import_document`: it never panics, its turns are always valid
//! char ranges in order, and in generated transcripts every turn is exactly the
//! utterance that was written.

use proptest::prelude::*;

use super::office::test_support::zip_with;
use super::*;

const EXTENSIONS: [&str; 8] = ["txt", "text", "md", "markdown", "docx", "odt", "vtt", "srt"];

/// Turns lie inside the text, in order, without overlapping; the text has no CR or BOM.
fn assert_valid(document: &ImportedDocument) {
    let char_count = document.text.chars().count();
    let mut previous_end = 0;
    for turn in &document.turns {
        assert!(turn.start <= turn.end, "{turn:?}");
        assert!(turn.end <= char_count, "{turn:?} beyond {char_count} chars");
        assert!(
            previous_end <= turn.start,
            "{turn:?} overlaps the turn before"
        );
        previous_end = turn.end;
    }
    assert!(!document.text.contains('\r'));
    assert!(!document.text.starts_with('\u{FEFF}'));
}

/// Pieces that the parsers react to, mixed with arbitrary text, so that random input
/// reaches deep into each format instead of failing at the first line.
fn structured_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WEBVTT\n".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("00:00:01,000 --> 00:00:02,000".to_string()),
        Just("00:01.000 --> 00:02.000 align:start".to_string()),
        Just("-->".to_string()),
        Just("1\n".to_string()),
        Just("NOTE ".to_string()),
        Just("<v Zoë>".to_string()),
        Just("<v.loud".to_string()),
        Just("</v>".to_string()),
        Just("<i>".to_string()),
        Just("&amp;".to_string()),
        Just("Helen: ".to_string()),
        Just("**Q:** ".to_string()),
        Just("林美：".to_string()),
        Just("[00:01:23] ".to_string()),
        Just("Speaker 1  0:03\n".to_string()),
        Just("  ".to_string()),
        Just(":".to_string()),
        Just("(".to_string()),
        "[^\0]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// A speaker turn to write: (speaker, timestamp, first line, continuation lines).
type GeneratedTurn = (String, Option<u64>, String, Vec<String>);

fn generated_turn() -> impl Strategy<Value = GeneratedTurn> {
    let speaker = prop::sample::select(vec![
        "Interviewer",
        "Zoë",
        "林美",
        "HELEN MARSH",
        "Ruth (interviewer)",
        "Participant 3",
        "Q",
        "O'Brien",
    ])
    .prop_map(str::to_string);
    let line = "[^\n\r\0]{0,30}";
    // Continuation lines start with "- ", which can never start a turn.
    let continuation = "[^\n\r\0]{0,20}".prop_map(|text| format!("- {text}"));
    (
        speaker,
        prop::option::of(0u64..360_000),
        line,
        prop::collection::vec(continuation, 0..3),
    )
}

/// Turns in which every speaker that is not an interviewer speaks at least twice, so
/// that all of them count as speakers.
fn generated_transcript() -> impl Strategy<Value = Vec<GeneratedTurn>> {
    prop::collection::vec(generated_turn(), 1..8).prop_map(|mut turns| {
        let mut extra = Vec::new();
        for (speaker, ..) in &turns {
            let count = turns.iter().filter(|(other, ..)| other == speaker).count();
            if count == 1 && !is_interviewer_label(speaker) {
                extra.push((speaker.clone(), None, "again".to_string(), Vec::new()));
            }
        }
        turns.extend(extra);
        turns
    })
}

/// "[00:01:23] " for a time in seconds.
fn timestamp(seconds: u64) -> String {
    format!(
        "[{:02}:{:02}:{:02}] ",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), extension in prop::sample::select(EXTENSIONS.to_vec())) {
        if let Ok(document) = import_document(&format!("x.{extension}"), &bytes) {
            assert_valid(&document);
        }
    }

    #[test]
    fn structured_text_never_panics(text in structured_text(), extension in prop::sample::select(EXTENSIONS.to_vec())) {
        if let Ok(document) = import_document(&format!("x.{extension}"), text.as_bytes()) {
            assert_valid(&document);
        }
    }

    #[test]
    fn arbitrary_xml_parts_never_panic(text in structured_text(), tags in prop::collection::vec(prop::sample::select(vec![
        "<w:p>", "</w:p>", "<w:t>", "</w:t>", "<w:tab/>", "<w:br/>", "<w:pPr>", "</w:pPr>", "<text:p>", "</text:p>",
        "<text:s text:c=\"3\"/>", "<text:span>", "</text:span>", "<mc:Fallback>", "</mc:Fallback>", "&amp;", "&x;", "&#0;", "<![CDATA[x]]>",
    ]), 0..30)) {
        let body = format!("{}{}", tags.concat(), text);
        let docx_xml = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">{body}</w:document>");
        let odt_xml = format!("<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">{body}</office:document-content>");
        for (file_name, part, xml) in [("x.docx", "word/document.xml", docx_xml), ("x.odt", "content.xml", odt_xml)] {
            if let Ok(document) = import_document(file_name, &zip_with(&[(part, &xml)])) {
                assert_valid(&document);
            }
        }
    }

    #[test]
    fn every_generated_turn_is_found_in_txt_and_md(turns in generated_transcript(), preamble in prop::bool::ANY, blank_lines in prop::bool::ANY) {
        let mut text = if preamble { "Interview 🙂 notes\n\n".to_string() } else { String::new() };
        let separator = if blank_lines { "\n\n" } else { "\n" };
        let mut expected = Vec::new();
        for (index, (speaker, seconds, first_line, continuations)) in turns.iter().enumerate() {
            if index > 0 {
                text.push_str(separator);
            }
            text.push_str(&seconds.map(timestamp).unwrap_or_default());
            text.push_str(&format!("{speaker}: {first_line}"));
            let mut utterance = first_line.clone();
            for line in continuations {
                text.push('\n');
                text.push_str(line);
                utterance.push('\n');
                utterance.push_str(line);
            }
            expected.push((speaker.clone(), utterance.trim().to_string(), seconds.map(|s| s * 1000)));
        }
        for file_name in ["t.txt", "t.md"] {
            let document = import_document(file_name, text.as_bytes()).map_err(|error| TestCaseError::fail(error.to_string()))?;
            assert_valid(&document);
            let chars: Vec<char> = document.text.chars().collect();
            let found: Vec<(String, String, Option<u64>)> = document
                .turns
                .iter()
                .map(|turn| (turn.speaker.clone(), chars[turn.start..turn.end].iter().collect(), turn.time_ms))
                .collect();
            prop_assert_eq!(&found, &expected, "{} of {:?}", file_name, text);
        }
    }

    #[test]
    fn every_generated_turn_is_found_in_docx(turns in generated_transcript()) {
        let mut body = String::new();
        let mut expected = Vec::new();
        for (speaker, _, first_line, continuations) in &turns {
            let mut paragraphs = vec![format!("{speaker}: {first_line}")];
            paragraphs.extend(continuations.iter().cloned());
            for paragraph in &paragraphs {
                body.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", quick_xml::escape::escape(paragraph.as_str())));
            }
            let mut utterance = vec![first_line.trim_end().to_string()];
            utterance.extend(continuations.iter().map(|line| line.trim().to_string()));
            expected.push((speaker.clone(), utterance.join("\n\n").trim().to_string()));
        }
        let xml = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
        let document = import_document("t.docx", &zip_with(&[("word/document.xml", &xml)])).map_err(|error| TestCaseError::fail(error.to_string()))?;
        assert_valid(&document);
        let chars: Vec<char> = document.text.chars().collect();
        let found: Vec<(String, String)> = document.turns.iter().map(|turn| (turn.speaker.clone(), chars[turn.start..turn.end].iter().collect())).collect();
        prop_assert_eq!(found, expected);
    }
}
