//! Tests of `import_document` across formats: format choice, encodings, speakers and
//! positions, documents built in the test, and the errors a user can meet.

use super::office::test_support::zip_with;
use super::*;

/// Imports `bytes` as `file_name` and compares format, text (when given) and turns as
/// (speaker, utterance, time, is_interviewer).
fn check(
    file_name: &str,
    bytes: &[u8],
    expected_format: SourceFormat,
    expected_text: Option<&str>,
    expected_turns: &[(&str, &str, Option<u64>, bool)],
) -> ImportedDocument {
    let document =
        import_document(file_name, bytes).unwrap_or_else(|error| panic!("{file_name}: {error}"));
    assert_eq!(document.format, expected_format, "{file_name}");
    if let Some(expected_text) = expected_text {
        assert_eq!(document.text, expected_text, "{file_name}");
    }
    let chars: Vec<char> = document.text.chars().collect();
    let found: Vec<(String, String, Option<u64>, bool)> = document
        .turns
        .iter()
        .map(|turn| {
            (
                turn.speaker.clone(),
                chars[turn.start..turn.end].iter().collect(),
                turn.time_ms,
                turn.is_interviewer,
            )
        })
        .collect();
    let expected: Vec<(String, String, Option<u64>, bool)> = expected_turns
        .iter()
        .map(|(speaker, utterance, time, interviewer)| {
            (
                speaker.to_string(),
                utterance.to_string(),
                *time,
                *interviewer,
            )
        })
        .collect();
    assert_eq!(found, expected, "{file_name}");
    document
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                 xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

/// A .docx whose body is `body`.
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document {W}><w:body>{body}</w:body></w:document>"
    );
    zip_with(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", &document),
    ])
}

/// A Word paragraph with one run of text.
fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

const ODF: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
                   xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
                   xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";

/// An .odt whose office:text is `body`.
fn odt(body: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {ODF}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    );
    zip_with(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", &content),
    ])
}

const TRANSCRIPT: &str = "Interview 4 – Zoë\n\nInterviewer: How did it start? 🙂\nZoë: It began in 林美's flat.\n\nThen we moved.\nInterviewer: And after?\nZoë: 我觉得很好。";
const TRANSCRIPT_TURNS: &[(&str, &str, Option<u64>, bool)] = &[
    ("Interviewer", "How did it start? 🙂", None, true),
    (
        "Zoë",
        "It began in 林美's flat.\n\nThen we moved.",
        None,
        false,
    ),
    ("Interviewer", "And after?", None, true),
    ("Zoë", "我觉得很好。", None, false),
];

#[test]
fn imports_plain_text_and_markdown() {
    let document = check(
        "study/P04.txt",
        TRANSCRIPT.as_bytes(),
        SourceFormat::Txt,
        Some(TRANSCRIPT),
        TRANSCRIPT_TURNS,
    );
    assert_eq!(document.name, "P04");
    assert_eq!(document.encoding, "UTF-8");
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
    let markdown = "# Interview\n\n**Interviewer:** Hello.\n\n**Helen Marsh**: Hi *there*.\n\n**Interviewer:** Bye.\n\n**Helen Marsh:** Bye!";
    check(
        "notes.MD",
        markdown.as_bytes(),
        SourceFormat::Markdown,
        Some(markdown),
        &[
            ("Interviewer", "Hello.", None, true),
            ("Helen Marsh", "Hi *there*.", None, false),
            ("Interviewer", "Bye.", None, true),
            ("Helen Marsh", "Bye!", None, false),
        ],
    );
    // "R" speaks once, so its line is part of the interviewer's turn.
    check(
        "a.markdown",
        b"I: q\nR: a",
        SourceFormat::Markdown,
        None,
        &[("I", "q\nR: a", None, true)],
    );
    check(
        "a.text",
        b"I: q\nR: a\nR: b",
        SourceFormat::Txt,
        None,
        &[
            ("I", "q", None, true),
            ("R", "a", None, false),
            ("R", "b", None, false),
        ],
    );
}

#[test]
fn imports_every_encoding_and_line_ending() {
    let crlf = TRANSCRIPT.replace('\n', "\r\n");
    let cr = TRANSCRIPT.replace('\n', "\r");
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(crlf.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(cr.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bom: Vec<u8> = [&[0xEF, 0xBB, 0xBF][..], crlf.as_bytes()].concat();
    for (bytes, encoding) in [
        (crlf.as_bytes().to_vec(), "UTF-8"),
        (cr.as_bytes().to_vec(), "UTF-8"),
        (bom, "UTF-8 (BOM)"),
        (utf16le, "UTF-16LE"),
        (utf16be, "UTF-16BE"),
    ] {
        let document = check(
            "t.txt",
            &bytes,
            SourceFormat::Txt,
            Some(TRANSCRIPT),
            TRANSCRIPT_TURNS,
        );
        assert_eq!(document.encoding, encoding);
    }
    // Windows-1252, byte by byte: "Interviewer: Café?\r\nZoë: Sí – “bien”.\rZoë: Ok"
    let cp1252 = b"Interviewer: Caf\xE9?\r\nZo\xEB: S\xED \x96 \x93bien\x94.\rZo\xEB: Ok";
    let document = check(
        "t.txt",
        cp1252,
        SourceFormat::Txt,
        Some("Interviewer: Café?\nZoë: Sí – “bien”.\nZoë: Ok"),
        &[
            ("Interviewer", "Café?", None, true),
            ("Zoë", "Sí – “bien”.", None, false),
            ("Zoë", "Ok", None, false),
        ],
    );
    assert_eq!(document.encoding, "windows-1252");
    assert_eq!(
        document.warnings,
        ["decoded as Windows-1252 because it is not valid UTF-8"]
    );
}

#[test]
fn recognises_otter_exports_only_in_txt() {
    let export = "Zoë Brown  0:03\nHello there.\n\nInterviewer  1:05\nAnd then?\n\nZoë Brown  1:02:03\nThen 🙂\nmore.\n";
    check(
        "otter.txt",
        export.as_bytes(),
        SourceFormat::Otter,
        Some("Zoë Brown: Hello there.\n\nInterviewer: And then?\n\nZoë Brown: Then 🙂\nmore."),
        &[
            ("Zoë Brown", "Hello there.", Some(3_000), false),
            ("Interviewer", "And then?", Some(65_000), true),
            ("Zoë Brown", "Then 🙂\nmore.", Some(3_723_000), false),
        ],
    );
    // The same layout in markdown is kept as it is, and one header is not Otter.
    check(
        "otter.md",
        export.as_bytes(),
        SourceFormat::Markdown,
        Some(export),
        &[],
    );
    check(
        "plain.txt",
        b"Zo\xC3\xAB Brown  0:03\nHello.",
        SourceFormat::Txt,
        None,
        &[],
    );
    assert_eq!(SourceFormat::Otter.label(), "otter");
}

#[test]
fn recognises_header_layouts_in_txt_but_not_markdown() {
    // Otter's own header block stays one paragraph before the turns.
    let otter = "Peer interview\nWed, Apr 02, 2025 11:05AM • 40:12\n\nSUMMARY KEYWORDS\npeer, hope\n\nSPEAKERS\nRuth Bell, Speaker 1\n\nRuth Bell  0:03\nWelcome.\n\nSpeaker 1  0:09\nThanks.\n\nTranscribed by https://otter.ai\n";
    check(
        "otter.txt",
        otter.as_bytes(),
        SourceFormat::Otter,
        Some(
            "Peer interview\nWed, Apr 02, 2025 11:05AM • 40:12\nSUMMARY KEYWORDS\npeer, hope\nSPEAKERS\nRuth Bell, Speaker 1\n\nRuth Bell: Welcome.\n\nSpeaker 1: Thanks.",
        ),
        &[
            ("Ruth Bell", "Welcome.", Some(3_000), false),
            ("Speaker 1", "Thanks.", Some(9_000), false),
        ],
    );
    // Zoom's saved transcript.
    let zoom = "[Ruth Bell] 00:00:02\nHello.\n\n[Zoë Brown] 00:00:05\nHi 🙂\n";
    check(
        "zoom.txt",
        zoom.as_bytes(),
        SourceFormat::Txt,
        Some("Ruth Bell: Hello.\n\nZoë Brown: Hi 🙂"),
        &[
            ("Ruth Bell", "Hello.", Some(2_000), false),
            ("Zoë Brown", "Hi 🙂", Some(5_000), false),
        ],
    );
    check(
        "zoom.md",
        zoom.as_bytes(),
        SourceFormat::Markdown,
        Some(zoom),
        &[],
    );
    // Zoom's other text shape is read by its labels, keeping the time.
    let zoom_lines = "00:00:02 Ruth Bell: Hello.\n00:00:05 Zoë Brown: Hi.\n00:01:00 Ruth Bell: Bye.\n00:01:04 Zoë Brown: Bye!";
    check(
        "zoom-lines.txt",
        zoom_lines.as_bytes(),
        SourceFormat::Txt,
        Some(zoom_lines),
        &[
            ("Ruth Bell", "Hello.", Some(2_000), false),
            ("Zoë Brown", "Hi.", Some(5_000), false),
            ("Ruth Bell", "Bye.", Some(60_000), false),
            ("Zoë Brown", "Bye!", Some(64_000), false),
        ],
    );
    // Labelled turns with two stray `Name  time` lines keep their labels.
    let labelled =
        "Interviewer: When?\nZoë: Then.\nBreak  10:30\nInterviewer: And?\nZoë: More.\nLunch  12:30";
    check(
        "labelled.txt",
        labelled.as_bytes(),
        SourceFormat::Txt,
        Some(labelled),
        &[
            ("Interviewer", "When?", None, true),
            ("Zoë", "Then.\nBreak  10:30", None, false),
            ("Interviewer", "And?", None, true),
            ("Zoë", "More.\nLunch  12:30", None, false),
        ],
    );
}

#[test]
fn imports_docx_in_the_teams_layout_and_with_bold_labels() {
    let teams = [
        para("Transcript"),
        "<w:p><w:r><w:t>Ruth Bell</w:t></w:r><w:r><w:tab/><w:t>0:03</w:t><w:br/><w:t>Hello Zoë.</w:t></w:r></w:p>".to_string(),
        para("Zoë Brown\u{A0}\u{A0}\u{A0}0:07"),
        para("Hi 🙂"),
    ]
    .concat();
    check(
        "teams.docx",
        &docx(&teams),
        SourceFormat::Docx,
        Some("Transcript\n\nRuth Bell: Hello Zoë.\n\nZoë Brown: Hi 🙂"),
        &[
            ("Ruth Bell", "Hello Zoë.", Some(3_000), false),
            ("Zoë Brown", "Hi 🙂", Some(7_000), false),
        ],
    );
    let bold = |label: &str, words: &str| {
        format!(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{label}</w:t></w:r><w:r><w:t>{words}</w:t></w:r></w:p>"
        )
    };
    let body = [
        bold("Interviewer:", "Ready?"),
        bold("Zoë", ":Yes."),
        "<w:p><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>Note:</w:t></w:r><w:r><w:t>plain</w:t></w:r></w:p>".to_string(),
        bold("Zoë:", "Again."),
    ]
    .concat();
    check(
        "bold.docx",
        &docx(&body),
        SourceFormat::Docx,
        Some("Interviewer: Ready?\n\nZoë: Yes.\n\nNote:plain\n\nZoë: Again."),
        &[
            ("Interviewer", "Ready?", None, true),
            ("Zoë", "Yes.\n\nNote:plain", None, false),
            ("Zoë", "Again.", None, false),
        ],
    );
}

#[test]
fn imports_docx() {
    let body = [
        para("Interview 7"),
        "<w:p/>".to_string(),
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>[00:00:05] Interviewer:</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">Fish &amp; chips?</w:t></w:r></w:p>".to_string(),
        "<w:p><w:r><w:t>HELEN MARSH: Yes, </w:t></w:r><w:del><w:r><w:delText>no, </w:delText></w:r></w:del><w:r><w:t>please.</w:t><w:br/><w:t>Line two 🙂</w:t></w:r></w:p>".to_string(),
        para("   "),
        "<w:tbl><w:tr><w:tc>".to_string() + &para("A cell about 林美.") + "</w:tc></w:tr></w:tbl>",
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>".to_string(),
        para("[00:01:00] HELEN MARSH: Z&#246;e&#x1F642;"),
    ]
    .concat();
    let expected = "Interview 7\n\n[00:00:05] Interviewer:\tFish & chips?\n\nHELEN MARSH: Yes, please.\nLine two 🙂\n\nA cell about 林美.\n\nIn a box\n\n[00:01:00] HELEN MARSH: Zöe🙂";
    let document = check(
        "P07.docx",
        &docx(&body),
        SourceFormat::Docx,
        Some(expected),
        &[
            ("Interviewer", "Fish & chips?", Some(5_000), true),
            (
                "HELEN MARSH",
                "Yes, please.\nLine two 🙂\n\nA cell about 林美.\n\nIn a box",
                None,
                false,
            ),
            ("HELEN MARSH", "Zöe🙂", Some(60_000), false),
        ],
    );
    assert_eq!(document.name, "P07");
    assert_eq!(document.encoding, "UTF-8");
}

#[test]
fn imports_odt() {
    let body = "<text:h text:outline-level=\"1\">Focus group 2</text:h>\
        <text:p/>\
        <text:p text:style-name=\"P1\">Moderator:<text:s/>Welcome,<text:s text:c=\"3\"/>all.</text:p>\
        <text:p>Zoë: I <text:span text:style-name=\"T1\">think <text:span>so</text:span></text:span>.<text:tab/>Yes.<text:line-break/>林美 agrees.<office:annotation><dc:creator>R</dc:creator><text:p>A comment</text:p></office:annotation></text:p>\
        <text:p>\n      Pretty   printed\n      text\n    </text:p>\
        <text:p>Zoë: Again&#x1F642;<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note></text:p>\
        <text:tracked-changes><text:changed-region><text:deletion><text:p>Deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>";
    let expected = "Focus group 2\n\nModerator: Welcome,   all.\n\nZoë: I think so.\tYes.\n林美 agrees.\n\nPretty printed text\n\nA footnote.\n\nZoë: Again🙂";
    check(
        "fg2.odt",
        &odt(body),
        SourceFormat::Odt,
        Some(expected),
        &[
            ("Moderator", "Welcome,   all.", None, true),
            (
                "Zoë",
                "I think so.\tYes.\n林美 agrees.\n\nPretty printed text\n\nA footnote.",
                None,
                false,
            ),
            ("Zoë", "Again🙂", None, false),
        ],
    );
}

#[test]
fn imports_vtt_and_srt() {
    let vtt = "\u{FEFF}WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\n<v Interviewer>Hi Zoë</v>\r\n\r\n2\r\n00:00:02.500 --> 00:00:04.000\r\n<v Zoë>Hello 🙂\r\n";
    let document = check(
        "call.vtt",
        vtt.as_bytes(),
        SourceFormat::Vtt,
        Some("Interviewer: Hi Zoë\n\nZoë: Hello 🙂"),
        &[
            ("Interviewer", "Hi Zoë", Some(1_000), true),
            ("Zoë", "Hello 🙂", Some(2_500), false),
        ],
    );
    assert_eq!(document.encoding, "UTF-8 (BOM)");
    let srt = "1\n00:00:01,000 --> 00:00:02,000\nQ: Ready?\n\n2\n00:00:02,000 --> 00:00:03,000\n林美: 好\n";
    check(
        "call.SRT",
        srt.as_bytes(),
        SourceFormat::Srt,
        Some("Q: Ready?\n\n林美: 好"),
        &[
            ("Q", "Ready?", Some(1_000), true),
            ("林美", "好", Some(2_000), false),
        ],
    );
}

#[test]
fn errors_name_the_file_and_say_what_to_do() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "old.docx",
            b"\xD0\xCF\x11\xE0 not a zip".to_vec(),
            "Cannot import old.docx: it is not a readable Word document (.docx)",
        ),
        (
            "old.odt",
            b"PK but not really".to_vec(),
            "Cannot import old.odt: it is not a readable OpenDocument text (.odt) (it is not a zip archive; save it again from LibreOffice or another word processor)",
        ),
        (
            "empty.docx",
            zip_with(&[("word/other.xml", "<a/>")]),
            "Cannot import empty.docx: the archive has no word/document.xml",
        ),
        (
            "empty.odt",
            zip_with(&[("mimetype", "x")]),
            "Cannot import empty.odt: the archive has no content.xml",
        ),
        (
            "bad.docx",
            zip_with(&[("word/document.xml", "<w:document>\n<w:body></w:document>")]),
            "Cannot import bad.docx: word/document.xml is not well-formed XML (line 2",
        ),
        (
            "cut.docx",
            docx("<w:p><w:r><w:t>cut").into_iter().collect(),
            "Cannot import cut.docx: word/document.xml is not well-formed XML",
        ),
        (
            "bad.odt",
            zip_with(&[("content.xml", "<a><b></a>")]),
            "Cannot import bad.odt: content.xml is not well-formed XML (line 1",
        ),
        (
            "notes.vtt",
            b"Helen: hi".to_vec(),
            "a WebVTT file must start with the line \"WEBVTT\"",
        ),
        (
            "audio.txt",
            b"ID3\x03\0\0\0\0\x0f\x76\xff\xfb\x90\x64\0\0\0\0".to_vec(),
            "Cannot import audio.txt: it looks like a binary file, not a transcript",
        ),
        (
            "talk.srt",
            b"1\n00:00:01,000 => 00:00:02,000\nHi".to_vec(),
            "Cannot import talk.srt: line 2 should be a cue timing",
        ),
        (
            "report.pdf",
            b"%PDF".to_vec(),
            "Cannot import report.pdf: it is damaged or not a PDF: it does not start with a PDF signature",
        ),
        (
            "slides.pptx",
            b"PK".to_vec(),
            "Cannot import slides.pptx: Polyphony does not read \".pptx\" files",
        ),
        (
            "README",
            b"x".to_vec(),
            "Cannot import README: Polyphony does not read files without an extension",
        ),
    ];
    for (file_name, bytes, expected) in cases {
        let error = import_document(file_name, &bytes).unwrap_err().to_string();
        assert!(
            error.starts_with(expected) || error.contains(expected),
            "{file_name}: {error}"
        );
    }
}

#[test]
fn truncated_xml_is_an_error_not_a_short_document() {
    let truncated = zip_with(&[(
        "word/document.xml",
        &format!("<w:document {W}><w:body><w:p><w:r><w:t>Hi</w:t>"),
    )]);
    let error = import_document("cut.docx", &truncated).unwrap_err();
    assert!(matches!(error, IngestError::BadXml { .. }), "{error:?}");
}

#[test]
fn undefined_entities_are_kept_and_reported() {
    let document = import_document("e.docx", &docx(&para("A &custom; B"))).unwrap();
    assert_eq!(document.text, "A &custom; B");
    assert!(
        document.warnings.iter().any(|w| w.contains("&custom;")),
        "{:?}",
        document.warnings
    );
}

#[test]
fn a_doctype_is_not_processed() {
    let xml = format!(
        "<!DOCTYPE w:document [<!ENTITY boom \"BOOM\">]><w:document {W}><w:body><w:p><w:r><w:t>&boom;</w:t></w:r></w:p></w:body></w:document>"
    );
    let document = import_document("dtd.docx", &zip_with(&[("word/document.xml", &xml)])).unwrap();
    assert_eq!(document.text, "&boom;");
}

#[test]
fn empty_files_import_with_a_warning() {
    for file_name in ["e.txt", "e.md", "e.srt"] {
        let document = import_document(file_name, b"").unwrap();
        assert_eq!(document.text, "");
        assert!(document.turns.is_empty());
        assert_eq!(document.warnings, ["the file has no text"], "{file_name}");
    }
    let document = import_document("e.docx", &docx("")).unwrap();
    assert_eq!(document.warnings, ["the file has no text"]);
}

#[test]
fn supported_paths_by_extension() {
    for (path, expected) in [
        ("a.txt", true),
        ("a.TEXT", true),
        ("dir/a.Md", true),
        ("a.markdown", true),
        ("a.DOCX", true),
        ("a.odt", true),
        ("a.vtt", true),
        ("a.srt", true),
        ("a.doc", false),
        ("a.PDF", true),
        ("a.pptx", false),
        ("txt", false),
        ("a", false),
    ] {
        assert_eq!(is_supported_path(Path::new(path)), expected, "{path}");
    }
}

#[test]
fn names_drop_folders_and_the_last_extension() {
    for (file_name, expected) in [
        ("P01.txt", "P01"),
        ("a/b/P01.final.txt", "P01.final"),
        ("C:\\x\\Zoë 林美.txt", "Zoë 林美"),
    ] {
        assert_eq!(import_document(file_name, b"").unwrap().name, expected);
    }
}

#[test]
fn labels_are_short_and_lowercase() {
    let labels: Vec<&str> = [
        SourceFormat::Txt,
        SourceFormat::Markdown,
        SourceFormat::Docx,
        SourceFormat::Odt,
        SourceFormat::Vtt,
        SourceFormat::Srt,
        SourceFormat::Otter,
        SourceFormat::Pdf,
    ]
    .into_iter()
    .map(SourceFormat::label)
    .collect();
    assert_eq!(
        labels,
        ["txt", "md", "docx", "odt", "vtt", "srt", "otter", "pdf"]
    );
}
