//! Importing REFI-QDA files: every sample other tools wrote, small QDPX files
//! built here for the quirks the samples do not cover (NVivo's UTF-16 offsets,
//! BOMs, `Sources/`, GUIDs in braces, inline text, codebook namespaces, empty
//! `<Sets/>`, MAXQDA's segment memos, cases and notes), hostile files that must
//! be refused with a clear message, and an export–import round trip.

use polyphony::edit::Command;
use polyphony::exchange::ExchangeError;
use polyphony::exchange::qdpx::{ExchangeReport, read_qdpx};
use polyphony::model::text::slice_chars;
use polyphony::model::{
    CodeId, Coding, CodingId, DocumentId, Memo, MemoId, ParticipantId, Project, Target, Theme,
    ThemeId, ThemeStatus,
};
use polyphony::workbench::{Workbench, WorkbenchError, build_demo, default_corpus_dir};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------- helpers

/// A new project in `dir` whose current coder is Tester.
fn bench_in(dir: &Path) -> Workbench {
    Workbench::create(&dir.join("study.polyphony"), "Tester").expect("create project")
}

/// Imports `file` into a new project and returns both.
fn import(file: &Path) -> (tempfile::TempDir, Workbench, ExchangeReport) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = bench_in(dir.path());
    let report = workbench
        .import_exchange_file(file)
        .unwrap_or_else(|error| panic!("{} should import: {error}", file.display()));
    (dir, workbench, report)
}

/// The message a refused import gives.
fn refusal(file: &Path) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = bench_in(dir.path());
    let before = workbench.project().clone();
    let error = workbench
        .import_exchange_file(file)
        .err()
        .unwrap_or_else(|| panic!("{} should be refused", file.display()));
    assert_eq!(
        workbench.project(),
        &before,
        "a refused import changed the project"
    );
    assert!(
        matches!(
            error,
            WorkbenchError::Exchange(ExchangeError::Refused { .. })
        ),
        "{error:?}"
    );
    error.to_string()
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create zip");
    let mut zip = zip::ZipWriter::new(file);
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("start entry");
        zip.write_all(bytes).expect("write entry");
    }
    zip.finish().expect("finish zip");
}

/// A QDPX file in `dir` holding `project.qde` and `sources`.
fn qdpx(dir: &Path, name: &str, project: &str, sources: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut entries: Vec<(&str, &[u8])> = vec![("project.qde", project.as_bytes())];
    entries.extend_from_slice(sources);
    write_zip(&path, &entries);
    path
}

/// A project element with the standard namespace around `body`.
fn project_xml(origin: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="fixture" origin="{origin}">{body}</Project>"#
    )
}

const USER: &str = "6f2c1b9e-2f0a-4c55-9a57-1d2b3c4d5e6f";
const CODE_HOPE: &str = "0b8f8a55-9f7c-4f5e-8d3e-2a9b1c0d4e5f";
const CODE_PEERS: &str = "1c9f9b66-af8d-4a6f-9e4f-3bac2d1e5f60";
const SOURCE: &str = "2da0ac77-b09e-4b70-af50-4cbd3e2f6071";

fn users_and_codes() -> String {
    format!(
        r##"<Users><User guid="{USER}" name="Ana"/></Users>
<CodeBook><Codes><Code guid="{CODE_HOPE}" name="Hope" isCodable="true" color="#F00082"><Description>Hope in the room.</Description><Code guid="{CODE_PEERS}" name="Peers" isCodable="true"/></Code></Codes></CodeBook>"##
    )
}

fn selection(guid: &str, start: usize, end: usize, name: &str, code: &str) -> String {
    format!(
        r#"<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" endPosition="{end}" creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z"><Coding guid="{}" creatingUser="{USER}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>"#,
        uuid::Uuid::new_v4()
    )
}

/// Where `needle` is in `raw`, counted in UTF-16 code units (CRLF counts 2).
fn utf16_span(raw: &str, needle: &str) -> (usize, usize) {
    let byte = raw.find(needle).expect("needle in text");
    let start = raw[..byte].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

/// Where `needle` is in `raw`, counted in code points with CRLF counted once.
fn crlf_once_span(raw: &str, needle: &str) -> (usize, usize) {
    let normalised = raw.replace("\r\n", "\n");
    let byte = normalised.find(needle).expect("needle in text");
    let start = normalised[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Every coding's quote, sorted.
fn quotes(project: &Project) -> Vec<String> {
    let mut quotes: Vec<String> = project
        .codings
        .values()
        .filter_map(|coding| {
            let document = project.documents.get(&coding.document)?;
            Some(slice_chars(&document.text, coding.start, coding.end).to_owned())
        })
        .collect();
    quotes.sort();
    quotes
}

fn depth(project: &Project) -> usize {
    project
        .codes_in_tree_order()
        .iter()
        .map(|(depth, _)| depth + 1)
        .max()
        .unwrap_or(0)
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|line| line.contains(needle))
}

fn coder_named(project: &Project, name: &str) -> polyphony::model::CoderId {
    project
        .find_coder(name)
        .map(|coder| coder.id)
        .expect("coder")
}

// ---------------------------------------------------------------- samples

#[test]
fn atlas_8_4_spec_example_carries_its_codebook_sets_and_notes_and_lists_the_rest() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("atlas-8.4-spec-example.qde"));
    let project = workbench.project();
    // Tester plus the two people; ATLAS.ti's pseudo-user made nothing.
    assert_eq!(project.coders.len(), 3);
    assert!(project.find_coder("Friedrich Markgraf").is_some());
    assert!(project.find_coder("ATLAS.ti").is_none());
    assert_eq!(project.codes.len(), 14);
    assert_eq!(depth(project), 2);
    let diet = project
        .find_code("Coke/diet Coke")
        .expect("Coke::diet Coke nested");
    assert_eq!(diet.description, "non sucré");
    assert_eq!(diet.color, "#966450");
    assert_eq!(
        diet.id,
        "D299EFAE-5779-46DC-9827-A3D1A5D544BC"
            .parse()
            .expect("guid")
    );
    assert_eq!(
        project
            .find_code("Feelings")
            .map(|code| code.description.as_str()),
        Some("thoughts about breakfast foods")
    );
    assert_eq!(
        project
            .find_code("\"rushed\"")
            .map(|code| code.color.as_str()),
        Some("#f00082")
    );
    // The bare .qde has no sources folder: no documents, no codings.
    assert_eq!((project.documents.len(), project.codings.len()), (0, 0));
    // Four sets of codes and one empty set become themes.
    assert_eq!(project.themes.len(), 5);
    let breakfast = project.find_theme("Breakfast food").expect("theme");
    assert_eq!(breakfast.codes.len(), 6);
    assert_eq!(breakfast.status, ThemeStatus::Candidate);
    assert_eq!(project.memos.len(), 2);
    let plan = project
        .memos
        .values()
        .find(|memo| memo.title == "Research Plan")
        .expect("note");
    assert_eq!(plan.target, Target::Project);
    assert!(plan.body.contains("dynamic team"));
    assert!(plan.body.starts_with("day to day log"));
    assert_eq!(plan.author, coder_named(project, "Friedrich Markgraf"));

    let not_carried = &report.not_carried;
    for kind in [
        "picture: cornflakes-n-milk.jpg (1 selection, 2 codings)",
        "PDF: Kellogg's Passion for Nutrition.pdf",
        "audio: Jeanine's Breakfast.m4a",
        "video: 1994 Diet Coke-Diet Coke Break.mp4 (1 transcript, 2 selections, 1 coding)",
        "graph: Netzwerk (3 vertices, 2 edges)",
        "link: Memo-Quotation Relation",
        "set of sources: Text files (6 sources)",
        "text source without its text: Simon.docx (internal://C1C745F7-8E4D-48B2-9710-655AFE7E54FA.txt is not in a sources folder beside the project file; 3 coded selections lost)",
    ] {
        assert!(
            has(not_carried, kind),
            "{kind} missing from {not_carried:#?}"
        );
    }
    assert_eq!(
        not_carried
            .iter()
            .filter(|line| line.starts_with("PDF:"))
            .count(),
        2
    );
    assert_eq!(
        not_carried
            .iter()
            .filter(|line| line.starts_with("video:"))
            .count(),
        2
    );
    assert!(
        has(&report.warnings, "Coke::diet Coke became Coke/diet Coke"),
        "{report:#?}"
    );
    assert!(has(&report.warnings, "pseudo-user \"ATLAS.ti\""));
    assert!(has(&report.summary, "14 codes, 2 levels deep"));
}

#[test]
fn atlas_23_2_project_has_only_a_codebook_with_uppercase_guids() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("atlas-23.2-project.qdpx"));
    let project = workbench.project();
    assert_eq!(project.coders.len(), 2);
    assert!(project.find_coder("Enric Llagostera").is_some());
    assert_eq!(project.codes.len(), 3);
    assert_eq!(depth(project), 2);
    let commit: CodeId = "2d2466f0-d77f-4f8c-bdf9-628966b6b74d"
        .parse()
        .expect("guid");
    let code = project.codes.get(&commit).expect("code kept its GUID");
    assert_eq!(code.name, "2022-05-10T02:05:59Z 19e4dce");
    assert_eq!(
        project
            .codes
            .get(&code.parent.expect("nested"))
            .map(|p| p.name.as_str()),
        Some("Commits")
    );
    assert_eq!(project.documents.len(), 0);
    assert!(report.not_carried.is_empty(), "{report:#?}");
}

#[test]
fn atlas_23_4_codebook_reads_member_codes_by_guid() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("atlas-23.4-codebook.qdc"));
    let project = workbench.project();
    assert_eq!(project.codes.len(), 1);
    let code = project.find_code("code1").expect("code");
    assert_eq!(
        (code.color.as_str(), code.description.as_str()),
        ("#46aa00", "description")
    );
    let theme = project.find_theme("code group 1").expect("theme");
    assert_eq!(theme.definition, "kategorie 1");
    assert_eq!(
        theme.codes.iter().copied().collect::<Vec<_>>(),
        vec![code.id]
    );
    assert_eq!(
        report.summary[1..],
        ["1 code".to_owned(), "1 theme".to_owned()]
    );
}

#[test]
fn nvivo_mac_15_project_keeps_262_nested_codes_and_its_empty_sources() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("nvivo-mac-15-project.qdpx"));
    let project = workbench.project();
    assert_eq!(project.coders.len(), 3);
    assert!(project.find_coder("chrisp").is_some());
    assert_eq!(project.codes.len(), 262);
    assert_eq!(depth(project), 7);
    assert_eq!(project.documents.len(), 2);
    assert!(
        project
            .documents
            .values()
            .all(|document| &*document.text == "\n")
    );
    assert_eq!(project.codings.len(), 0);
    assert!(has(&report.summary, "262 codes, 7 levels deep"));
    assert!(
        has(&report.warnings, "2 documents have no text"),
        "{report:#?}"
    );
    assert!(has(&report.warnings, "not RFC 4122"));
    assert!(report.not_carried.is_empty(), "{report:#?}");
}

#[test]
fn qc_1_3_2_nonconformant_imports_with_exact_warnings() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("qc-1.3.2-nonconformant.qdpx"));
    let project = workbench.project();
    assert_eq!(project.coders.len(), 2);
    assert_eq!(project.codes.len(), 262);
    assert_eq!(project.documents.len(), 2);
    assert_eq!(project.codings.len(), 205);
    let board = project
        .find_document("board_2017")
        .expect("bare plainTextPath found");
    assert_eq!(board.char_count, 52_543);
    // "line:6" is the seventh line: startPosition 320, endPosition 400.
    let cp = coder_named(project, "cp");
    assert!(project.codings.values().all(|coding| coding.coder == cp));
    let line_six: CodingId = "37323865-3734-6533-3337-623138653238"
        .parse()
        .expect("guid");
    let coding = project
        .codings
        .get(&line_six)
        .expect("selection GUID is the coding id");
    assert_eq!(
        slice_chars(&board.text, coding.start, coding.end),
        "This district goal is engage every student in joyful, purposeful learning that \n"
    );
    assert!(
        !project.participants.is_empty(),
        "speakers became participants"
    );
    assert_eq!(
        report.warnings,
        vec![
            "project.qde has no XML declaration (<?xml version=\"1.0\" …?>), which REFI-QDA requires; it was read anyway".to_owned(),
            "text source \"board_2017\": its plainTextPath \"board_2017.txt\" is a bare file name, not an internal:// or relative:// path; it was read from sources/board_2017.txt".to_owned(),
            "text source \"admin-1\": its plainTextPath \"admin-1.txt\" is a bare file name, not an internal:// or relative:// path; it was read from sources/admin-1.txt".to_owned(),
            "470 GUIDs are not RFC 4122 UUIDs (wrong version or variant bits); they were kept as ids".to_owned(),
        ]
    );
    assert!(has(&report.summary, "205 codings"));
    assert!(has(
        &report.summary,
        "positions read as Unicode code points"
    ));
    assert!(report.not_carried.is_empty());
}

#[test]
fn taguette_codebooks_nest_dotted_names_and_accept_an_empty_sets() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let (_dir, workbench, report) = import(&samples.join("taguette-1.5.2-codebook.qdc"));
    let project = workbench.project();
    assert_eq!(project.codes.len(), 6);
    let cost = project
        .find_code("barriers/cost")
        .expect("barriers.cost nested");
    assert_eq!(
        cost.id,
        "EB4FAF45-E95F-5D42-BCE2-5EA45C0231C8"
            .parse()
            .expect("guid")
    );
    assert!(project.find_code("café culture").is_some());
    assert_eq!(project.themes.len(), 0);
    assert!(has(&report.warnings, "barriers.cost became barriers/cost"));
    assert!(has(&report.warnings, "empty <Sets/>"));

    let (_dir, workbench, _) = import(&samples.join("taguette-1.5.2-test-codebook.qdc"));
    assert_eq!(workbench.project().codes.len(), 3);
    assert_eq!(depth(workbench.project()), 1);
    assert!(
        workbench
            .project()
            .find_code("interesting\\places")
            .is_some()
    );
}

#[test]
fn importing_a_codebook_twice_matches_the_codes_already_there() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = bench_in(dir.path());
    let file = samples.join("taguette-1.5.2-codebook.qdc");
    workbench.import_exchange_file(&file).expect("first import");
    let report = workbench
        .import_exchange_file(&file)
        .expect("second import");
    assert_eq!(workbench.project().codes.len(), 6);
    assert!(
        has(
            &report.summary,
            "6 codes, 2 levels deep (6 already in the project)"
        ),
        "{report:#?}"
    );
}

// ---------------------------------------------------------------- quirks

#[test]
fn nvivo_windows_utf16_offsets_with_emoji_and_crlf_are_read_right() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = "Interviewer: Hi 🙂 there.\r\nZoë: I feel hope 🙂🙂 today.\r\nInterviewer: Why hope?\r\nZoë: Because peers 🙂 listen to me.\r\n";
    let spans: Vec<(usize, usize)> = ["hope", "today", "peers 🙂 listen"]
        .iter()
        .map(|needle| utf16_span(raw, needle))
        .collect();
    let mut source = format!(
        r#"<TextSource guid="{SOURCE}" name="Zoë" plainTextPath="internal://{SOURCE}.txt">"#
    );
    for (index, (start, end)) in spans.iter().enumerate() {
        let code = if index == 2 { CODE_PEERS } else { CODE_HOPE };
        source.push_str(&selection(
            &uuid::Uuid::new_v4().to_string(),
            *start,
            *end,
            "",
            code,
        ));
    }
    source.push_str("</TextSource>");
    let body = format!("{}<Sources>{source}</Sources>", users_and_codes());
    let text_path = format!("Sources/{SOURCE}.txt");
    let file = qdpx(
        dir.path(),
        "nvivo.qdpx",
        &project_xml("NVivo 12 (Windows)", &body),
        &[(&text_path, raw.as_bytes())],
    );
    let (_dir, workbench, report) = import(&file);
    let project = workbench.project();
    assert_eq!(quotes(project), vec!["hope", "peers 🙂 listen", "today"]);
    let document = project.documents.values().next().expect("document");
    assert!(!document.text.contains('\r'));
    assert_eq!(document.speaker_labels(), vec!["Interviewer", "Zoë"]);
    assert!(has(
        &report.summary,
        "positions read as UTF-16 code units with CRLF counted twice"
    ));
    assert!(report.warnings.is_empty(), "{report:#?}");
    let ana = coder_named(project, "Ana");
    assert!(project.codings.values().all(|coding| coding.coder == ana));

    // The same file from a writer of unknown habits: code points do not check
    // out, UTF-16 does, and the report says so.
    let file = qdpx(
        dir.path(),
        "unknown.qdpx",
        &project_xml("Mystery QDA 1.0", &body),
        &[(&text_path, raw.as_bytes())],
    );
    let (_dir, workbench, report) = import(&file);
    assert_eq!(
        quotes(workbench.project()),
        vec!["hope", "peers 🙂 listen", "today"]
    );
    assert!(
        has(
            &report.warnings,
            "positions did not check out as Unicode code points"
        ),
        "{report:#?}"
    );
    assert!(has(
        &report.warnings,
        "read as UTF-16 code units with CRLF counted twice instead"
    ));
}

#[test]
fn atlas_and_qualcoder_count_crlf_once_and_qualcoder_names_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = "Ruth: Tell me.\r\nMei: We sat in the circle.\r\nRuth: And?\r\nMei: Then hope came back.\r\n";
    let mut source = format!(
        r#"<TextSource guid="{SOURCE}" name="Mei" plainTextPath="internal://{SOURCE}.txt">"#
    );
    for needle in ["sat in the circle", "hope came back"] {
        let (start, end) = crlf_once_span(raw, needle);
        source.push_str(&selection(
            &uuid::Uuid::new_v4().to_string(),
            start,
            end,
            needle,
            CODE_HOPE,
        ));
    }
    source.push_str("</TextSource>");
    let body = format!("{}<Sources>{source}</Sources>", users_and_codes());
    let text_path = format!("sources/{SOURCE}.txt");
    for origin in ["ATLAS.ti 23.1", "QualCoder 3.5"] {
        let file = qdpx(
            dir.path(),
            "crlf.qdpx",
            &project_xml(origin, &body),
            &[(&text_path, raw.as_bytes())],
        );
        let (_dir, workbench, report) = import(&file);
        assert_eq!(
            quotes(workbench.project()),
            vec!["hope came back", "sat in the circle"],
            "{origin}"
        );
        assert!(report.warnings.is_empty(), "{origin}: {report:#?}");
    }
    // A QualCoder name that does not match the text at its position is a
    // failed check, and is reported.
    let (start, end) = crlf_once_span(raw, "hope came back");
    let wrong = format!(
        r#"<TextSource guid="{SOURCE}" name="Mei" plainTextPath="internal://{SOURCE}.txt">{}</TextSource>"#,
        selection(
            &uuid::Uuid::new_v4().to_string(),
            start,
            end,
            "something else entirely",
            CODE_HOPE
        )
    );
    let file = qdpx(
        dir.path(),
        "wrong.qdpx",
        &project_xml(
            "QualCoder 3.5",
            &format!("{}<Sources>{wrong}</Sources>", users_and_codes()),
        ),
        &[(&text_path, raw.as_bytes())],
    );
    let (_dir, _bench, report) = import(&file);
    assert!(
        has(&report.warnings, "0 of 1 selection names match their text"),
        "{report:#?}"
    );
}

#[test]
fn a_bom_is_stripped_and_not_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Zoë: hope matters\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    // "Zoë: " is 5 chars (6 bytes): positions count chars, not the BOM.
    let source = format!(
        r#"<TextSource guid="{SOURCE}" name="Bom" plainTextPath="internal://{SOURCE}.txt">{}</TextSource>"#,
        selection(
            &uuid::Uuid::new_v4().to_string(),
            5,
            5 + "hope".len(),
            "hope",
            CODE_HOPE
        )
    );
    let file = qdpx(
        dir.path(),
        "bom.qdpx",
        &project_xml(
            "QualCoder 3.5",
            &format!("{}<Sources>{source}</Sources>", users_and_codes()),
        ),
        &[(&format!("sources/{SOURCE}.txt"), &bytes)],
    );
    let (_dir, workbench, report) = import(&file);
    let document = workbench
        .project()
        .documents
        .values()
        .next()
        .expect("document");
    assert_eq!(&*document.text, text);
    assert_eq!(document.encoding, "UTF-8 (BOM)");
    assert_eq!(quotes(workbench.project()), vec!["hope"]);
    assert!(report.warnings.is_empty(), "{report:#?}");
}

#[test]
fn guids_in_braces_and_upper_case_keep_their_ids_and_inline_text_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let upper = |guid: &str| format!("{{{}}}", guid.to_uppercase());
    let selection_guid = "3eb1bd88-c1af-4c81-b061-5dce4f307182";
    let body = format!(
        r##"<Users><User guid="{}" name="Ana"/></Users>
<CodeBook><Codes><Code guid="{}" name="Hope" isCodable="true" color="#abc"/></Codes></CodeBook>
<Sources><TextSource guid="{}" name="Inline"><PlainTextContent>Zoë: hope matters</PlainTextContent>
<PlainTextSelection guid="{}" startPosition="5" endPosition="9" creatingUser="{}"><Coding guid="{{ABCDEF01-2345-4678-9ABC-DEF012345678}}" creatingUser="{}"><CodeRef targetGUID="{}"/></Coding></PlainTextSelection></TextSource></Sources>"##,
        upper(USER),
        upper(CODE_HOPE),
        upper(SOURCE),
        upper(selection_guid),
        upper(USER),
        upper(USER),
        upper(CODE_HOPE)
    );
    let file = qdpx(dir.path(), "braces.qdpx", &project_xml("Tool", &body), &[]);
    let (_dir, workbench, _) = import(&file);
    let project = workbench.project();
    let code: CodeId = CODE_HOPE.parse().expect("guid");
    assert_eq!(
        project.codes.get(&code).map(|code| code.color.as_str()),
        Some("#aabbcc")
    );
    let document: DocumentId = SOURCE.parse().expect("guid");
    assert_eq!(
        project.documents.get(&document).map(|doc| &*doc.text),
        Some("Zoë: hope matters")
    );
    let coding: CodingId = selection_guid.parse().expect("guid");
    let coding = project
        .codings
        .get(&coding)
        .expect("coding id is the selection GUID");
    assert_eq!(
        (coding.code, coding.coder),
        (code, coder_named(project, "Ana"))
    );
    assert_eq!(quotes(project), vec!["hope"]);
}

#[test]
fn codebook_namespaces_1_0_1_colon_0_and_0_4_are_all_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    for namespace in ["1.0", "1:0", "0:4"] {
        let path = dir
            .path()
            .join(format!("book-{}.qdc", namespace.replace(':', "_")));
        std::fs::write(
            &path,
            format!(
                r##"<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:{namespace}" origin="MAXQDA 24"><Codes><Code guid="{CODE_HOPE}" name="Hope" isCodable="false" color="#00ff00"><Code guid="{CODE_PEERS}" name="Peers" isCodable="true"><Description>Peers.</Description></Code></Code></Codes><Sets><Set guid="{SOURCE}" name="Theme"><Description>Central organising concept: Hope travels.

Definition: Where hope moves.

Status: reviewed</Description><MemberCode guid="{CODE_PEERS}"/></Set></Sets></CodeBook>"##
            ),
        )
        .expect("write codebook");
        let (_dir, workbench, report) = import(&path);
        let project = workbench.project();
        assert_eq!(project.codes.len(), 2, "{namespace}");
        assert_eq!(
            project
                .find_code("Hope/Peers")
                .map(|c| c.description.as_str()),
            Some("Peers.")
        );
        let theme = project.find_theme("Theme").expect("theme");
        assert_eq!(
            (
                theme.concept.as_str(),
                theme.definition.as_str(),
                theme.status
            ),
            ("Hope travels.", "Where hope moves.", ThemeStatus::Reviewed)
        );
        let warned = has(&report.warnings, "namespace");
        assert_eq!(warned, namespace != "1.0", "{namespace}: {report:#?}");
    }
}

#[test]
fn an_empty_sets_element_in_a_project_is_no_sets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = qdpx(
        dir.path(),
        "sets.qdpx",
        &project_xml("Tool", &format!("{}<Sets/>", users_and_codes())),
        &[],
    );
    let (_dir, workbench, report) = import(&file);
    assert_eq!(workbench.project().themes.len(), 0);
    assert_eq!(workbench.project().codes.len(), 2);
    assert!(report.not_carried.is_empty(), "{report:#?}");
}

#[test]
fn maxqda_segment_memos_join_an_overlapping_coding_or_become_document_memos() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = "Mei: Hope came back slowly.\nMei: The team listened.\n";
    let (start, end) = crlf_once_span(raw, "Hope came back");
    let (memo_start, memo_end) = crlf_once_span(raw, "came back slowly");
    let (lonely_start, lonely_end) = crlf_once_span(raw, "The team listened");
    let source = format!(
        r#"<TextSource guid="{SOURCE}" name="Mei" plainTextPath="internal://{SOURCE}.txt">{}<PlainTextSelection guid="{}" startPosition="{memo_start}" endPosition="{memo_end}"><Description>Slow return.</Description></PlainTextSelection><PlainTextSelection guid="{}" startPosition="{lonely_start}" endPosition="{lonely_end}"><Description>Listening matters.</Description></PlainTextSelection></TextSource>"#,
        selection(&uuid::Uuid::new_v4().to_string(), start, end, "", CODE_HOPE),
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4()
    );
    let file = qdpx(
        dir.path(),
        "maxqda.qdpx",
        &project_xml(
            "MAXQDA 2022",
            &format!("{}<Sources>{source}</Sources>", users_and_codes()),
        ),
        &[(&format!("sources/{SOURCE}.txt"), raw.as_bytes())],
    );
    let (_dir, workbench, report) = import(&file);
    let project = workbench.project();
    let coding = project.codings.values().next().expect("coding");
    assert_eq!(coding.memo, "Slow return.");
    let memo = project.memos.values().next().expect("document memo");
    assert_eq!(memo.target, Target::Document(coding.document));
    assert!(memo.body.starts_with("Listening matters."));
    assert!(memo.body.contains("“The team listened”"));
    assert!(
        has(
            &report.warnings,
            "2 selections carry a memo but no code (as MAXQDA writes memos on passages): 1 were added"
        ),
        "{report:#?}"
    );
}

#[test]
fn cases_become_participants_linked_to_speakers_and_notes_become_memos_on_their_targets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = "Interviewer: How was it?\nZoë: Hope came back.\nInterviewer: And then?\nZoë: We kept going.\n";
    let (start, end) = crlf_once_span(raw, "Hope came back");
    let ids: Vec<String> = (0..8).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let [
        role,
        interviewer,
        zoe,
        asker,
        note_code,
        note_source,
        note_selection,
        note_free,
    ] = [0, 1, 2, 3, 4, 5, 6, 7].map(|index| ids[index].clone());
    let selection_guid = uuid::Uuid::new_v4().to_string();
    let body = format!(
        r#"<Users><User guid="{USER}" name="Ana"/></Users>
<CodeBook><Codes><Code guid="{CODE_HOPE}" name="Hope" isCodable="true"><NoteRef targetGUID="{note_code}"/></Code></Codes></CodeBook>
<Variables><Variable guid="{role}" name="role" typeOfVariable="Text"/><Variable guid="{interviewer}" name="Interviewer" typeOfVariable="Boolean"/></Variables>
<Cases><Case guid="{zoe}" name="Zoë"><VariableValue><VariableRef targetGUID="{role}"/><TextValue>peer</TextValue></VariableValue><SourceRef targetGUID="{SOURCE}"/></Case>
<Case guid="{asker}" name="Interviewer"><VariableValue><VariableRef targetGUID="{interviewer}"/><BooleanValue>true</BooleanValue></VariableValue><SourceRef targetGUID="{SOURCE}"/></Case>
<Case guid="{}" name="Ghost"><SourceRef targetGUID="{SOURCE}"/></Case></Cases>
<Sources><TextSource guid="{SOURCE}" name="Zoë interview" plainTextPath="internal://{SOURCE}.txt">
<PlainTextSelection guid="{selection_guid}" startPosition="{start}" endPosition="{end}"><Description>Key moment.</Description><Coding guid="{}" creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z"><CodeRef targetGUID="{CODE_HOPE}"/></Coding><NoteRef targetGUID="{note_selection}"/></PlainTextSelection>
<NoteRef targetGUID="{note_source}"/></TextSource></Sources>
<Notes><Note guid="{note_code}" name="On hope" creatingUser="{USER}" creationDateTime="2024-05-02T09:00:00Z"><PlainTextContent>Hope is relational.</PlainTextContent></Note>
<Note guid="{note_source}" name="On the interview"><PlainTextContent>Warm.</PlainTextContent></Note>
<Note guid="{note_selection}" name="On the moment" creatingUser="{USER}"><PlainTextContent>Turning point.</PlainTextContent></Note>
<Note guid="{note_free}" name="Journal" creatingUser="{USER}"><PlainTextContent>Day one.</PlainTextContent></Note></Notes>"#,
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4()
    );
    let file = qdpx(
        dir.path(),
        "cases.qdpx",
        &project_xml("Tool", &body),
        &[(&format!("sources/{SOURCE}.txt"), raw.as_bytes())],
    );
    let (_dir, workbench, report) = import(&file);
    let project = workbench.project();
    assert_eq!(project.participants.len(), 3);
    let zoe_id: ParticipantId = zoe.parse().expect("guid");
    let zoe = project
        .participants
        .get(&zoe_id)
        .expect("case kept its GUID");
    assert_eq!(zoe.attributes.get("role").map(String::as_str), Some("peer"));
    assert!(!zoe.is_interviewer);
    let asker = project
        .find_participant("Interviewer")
        .expect("interviewer");
    assert!(asker.is_interviewer);
    assert!(
        asker.attributes.is_empty(),
        "the Interviewer flag is not an attribute"
    );
    let document = project.documents.values().next().expect("document");
    assert_eq!(document.speakers.get("Zoë"), Some(&zoe_id));
    assert_eq!(document.speakers.get("Interviewer"), Some(&asker.id));
    assert!(
        has(
            &report.not_carried,
            "1 case–source link where nobody of the case's name speaks"
        ),
        "{report:#?}"
    );
    assert!(has(&report.not_carried, "Ghost – Zoë interview"));

    let coding_id: CodingId = selection_guid.parse().expect("guid");
    let coding = project.codings.get(&coding_id).expect("coding");
    assert_eq!(coding.memo, "Key moment.");
    assert_eq!(coding.created_at, 1_714_557_600_000);
    let memo_on = |title: &str| -> &Memo {
        project
            .memos
            .values()
            .find(|memo| memo.title == title)
            .unwrap_or_else(|| panic!("memo {title}"))
    };
    let hope: CodeId = CODE_HOPE.parse().expect("guid");
    assert_eq!(memo_on("On hope").target, Target::Code(hope));
    assert_eq!(memo_on("On hope").body, "Hope is relational.");
    assert_eq!(memo_on("On hope").author, coder_named(project, "Ana"));
    assert_eq!(
        memo_on("On the interview").target,
        Target::Document(document.id)
    );
    assert_eq!(memo_on("On the moment").target, Target::Coding(coding_id));
    assert_eq!(memo_on("Journal").target, Target::Project);
    // A note with no creating user is credited to the current coder.
    assert_eq!(
        memo_on("On the interview").author,
        coder_named(project, "Tester")
    );
    assert!(has(
        &report.warnings,
        "do not say who made them; they were credited to Tester"
    ));
}

#[test]
fn selections_outside_their_text_are_clamped_or_dropped_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = "Zoë: short text.\n";
    let source = format!(
        r#"<TextSource guid="{SOURCE}" name="Short" plainTextPath="internal://{SOURCE}.txt">{}{}{}</TextSource>"#,
        selection(&uuid::Uuid::new_v4().to_string(), 5, 9999, "", CODE_HOPE),
        selection(&uuid::Uuid::new_v4().to_string(), 9000, 9100, "", CODE_HOPE),
        selection(&uuid::Uuid::new_v4().to_string(), 11, 5, "", CODE_PEERS),
    );
    let file = qdpx(
        dir.path(),
        "range.qdpx",
        &project_xml(
            "Tool",
            &format!("{}<Sources>{source}</Sources>", users_and_codes()),
        ),
        &[(&format!("sources/{SOURCE}.txt"), raw.as_bytes())],
    );
    let (_dir, workbench, report) = import(&file);
    assert_eq!(quotes(workbench.project()), vec!["short ", "short text.\n"]);
    assert!(
        has(
            &report.warnings,
            "2 selections reached past the end of their text and were cut to fit: Short 5–9999, Short 11–5"
        ),
        "{report:#?}"
    );
    assert!(has(
        &report.not_carried,
        "1 selection outside their text (positions as written): Short 9000–9100"
    ));
}

#[test]
fn a_second_import_matches_coders_by_name_and_is_one_undo_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbench = bench_in(dir.path());
    workbench.set_coder("Ana").expect("coder");
    let ana = workbench.coder().id;
    workbench.set_coder("Tester").expect("coder");
    let raw = "Zoë: hope matters\n";
    let source = format!(
        r#"<TextSource guid="{SOURCE}" name="Zoë" plainTextPath="internal://{SOURCE}.txt">{}</TextSource>"#,
        selection(&uuid::Uuid::new_v4().to_string(), 5, 9, "hope", CODE_HOPE)
    );
    let file = qdpx(
        dir.path(),
        "again.qdpx",
        &project_xml(
            "Tool",
            &format!("{}<Sources>{source}</Sources>", users_and_codes()),
        ),
        &[(&format!("sources/{SOURCE}.txt"), raw.as_bytes())],
    );
    let before = workbench.project().clone();
    let report = workbench.import_exchange_file(&file).expect("imports");
    assert!(
        has(&report.summary, "1 coder (1 already in the project)"),
        "{report:#?}"
    );
    assert!(
        workbench
            .project()
            .codings
            .values()
            .all(|coding| coding.coder == ana)
    );
    // Importing the same file again adds a copy of the document with new ids
    // and keeps the codes.
    let report = workbench
        .import_exchange_file(&file)
        .expect("imports again");
    assert_eq!(workbench.project().documents.len(), 2);
    assert_eq!(workbench.project().codes.len(), 2);
    assert!(
        has(&report.warnings, "GUIDs already used in this project"),
        "{report:#?}"
    );
    workbench.undo().expect("undo second");
    workbench.undo().expect("undo first");
    assert_eq!(workbench.project(), &before);
}

#[test]
fn extensions_choose_the_reader_in_any_case() {
    let Some(samples) = crate::support::refi("samples") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let upper = dir.path().join("BOOK.QDC");
    std::fs::copy(samples.join("atlas-23.4-codebook.qdc"), &upper).expect("copy");
    let (_dir, workbench, _) = import(&upper);
    assert_eq!(workbench.project().codes.len(), 1);
    let mut workbench = bench_in(dir.path());
    let error = workbench
        .import_exchange_file(&dir.path().join("notes.docx"))
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("not a REFI-QDA file"), "{error}");
    // A codebook given as a project is refused with a pointer to the right reader.
    let project = workbench.project().clone();
    let error = read_qdpx(
        &samples.join("atlas-23.4-codebook.qdc"),
        &project,
        workbench.coder().id,
    )
    .err()
    .map(|error| error.to_string())
    .unwrap_or_default();
    assert!(
        error.contains("is a REFI-QDA codebook, not a project"),
        "{error}"
    );
}

#[test]
fn a_bare_project_reads_its_sources_folder_and_relative_paths_beside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("unpacked");
    std::fs::create_dir_all(folder.join("SOURCES")).expect("folders");
    std::fs::create_dir_all(folder.join("texts")).expect("folders");
    let other = "4ec2ce99-d2b0-4d92-8162-6edf5a418293";
    std::fs::write(
        folder.join("SOURCES").join(format!("{SOURCE}.TXT")),
        "Zoë: hope matters\n",
    )
    .expect("write");
    std::fs::write(folder.join("texts").join("mei.txt"), "Mei: peers listen\n").expect("write");
    let body = format!(
        r#"{}<Sources><TextSource guid="{SOURCE}" name="Zoë" plainTextPath="internal://{SOURCE}.txt">{}</TextSource><TextSource guid="{other}" name="Mei" plainTextPath="relative://texts/mei.txt">{}</TextSource></Sources>"#,
        users_and_codes(),
        selection(&uuid::Uuid::new_v4().to_string(), 5, 9, "hope", CODE_HOPE),
        selection(
            &uuid::Uuid::new_v4().to_string(),
            5,
            10,
            "peers",
            CODE_PEERS
        ),
    );
    let project = folder.join("project.qde");
    std::fs::write(&project, project_xml("Tool", &body)).expect("write");
    let (_dir, workbench, report) = import(&project);
    assert_eq!(workbench.project().documents.len(), 2);
    assert_eq!(quotes(workbench.project()), vec!["hope", "peers"]);
    assert!(
        has(
            &report.warnings,
            "text source \"Mei\": relative://texts/mei.txt was read from texts/mei.txt, beside the project file"
        ),
        "{report:#?}"
    );
    // A relative path may not climb out of the folder.
    std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
    let escaping = body.replace("relative://texts/mei.txt", "relative://../secret.txt");
    std::fs::write(&project, project_xml("Tool", &escaping)).expect("write");
    assert!(refusal(&project).contains("names a file outside the project"));
}

// ---------------------------------------------------------------- hostile files

#[test]
fn entries_that_leave_the_archive_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = qdpx(
        dir.path(),
        "escape.qdpx",
        &project_xml("Tool", &users_and_codes()),
        &[("../../evil.txt", b"gotcha")],
    );
    let message = refusal(&file);
    assert!(
        message.contains("\"../../evil.txt\", whose path leads outside the archive"),
        "{message}"
    );

    let source = format!(
        r#"<Sources><TextSource guid="{SOURCE}" name="Evil" plainTextPath="internal://../../../etc/passwd"/></Sources>"#
    );
    let file = qdpx(
        dir.path(),
        "path.qdpx",
        &project_xml("Tool", &format!("{}{source}", users_and_codes())),
        &[],
    );
    let message = refusal(&file);
    assert!(
        message.contains("names a file outside the project"),
        "{message}"
    );
    assert!(
        message.contains("internal://../../../etc/passwd"),
        "{message}"
    );
}

#[test]
fn zip_bombs_are_refused_before_they_are_inflated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let source = format!(
        r#"<Sources><TextSource guid="{SOURCE}" name="Bomb" plainTextPath="internal://{SOURCE}.txt"/></Sources>"#
    );
    let path = dir.path().join("bomb.qdpx");
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    zip.start_file("project.qde", deflated).expect("entry");
    zip.write_all(project_xml("Tool", &format!("{}{source}", users_and_codes())).as_bytes())
        .expect("write");
    zip.start_file(format!("sources/{SOURCE}.txt"), deflated)
        .expect("entry");
    zip.write_all(&zeros).expect("write");
    zip.finish().expect("finish");
    assert!(std::fs::metadata(&path).map_or(0, |meta| meta.len()) < 1024 * 1024);
    let message = refusal(&path);
    assert!(
        message.contains("far more than text compresses; the file may be a zip bomb"),
        "{message}"
    );
}

#[test]
fn a_2_gb_declared_entry_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.qdpx");
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("project.qde", stored).expect("entry");
        zip.write_all(project_xml("Tool", "").as_bytes())
            .expect("write");
        zip.finish().expect("finish");
    }
    // Rewrite the uncompressed size in the local header and the central
    // directory to 2 GiB: a tiny file that claims to hold a huge one.
    let mut bytes = std::fs::read(&path).expect("read");
    let huge = 0x8000_0000u32.to_le_bytes();
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(30) {
        if bytes[at..at + 4] == [0x50, 0x4B, 0x03, 0x04] {
            bytes[at + 22..at + 26].copy_from_slice(&huge);
            patched += 1;
        } else if bytes[at..at + 4] == [0x50, 0x4B, 0x01, 0x02] {
            bytes[at + 24..at + 28].copy_from_slice(&huge);
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    std::fs::write(&path, &bytes).expect("write");
    let message = refusal(&path);
    assert!(
        message.contains("project.qde declares 2.0 GiB when inflated"),
        "{message}"
    );
}

#[test]
fn xml_entity_expansion_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>"#;
    let file = qdpx(dir.path(), "laughs.qdpx", laughs, &[]);
    let message = refusal(&file);
    assert!(
        message.contains("project.qde is not well-formed XML: line 2"),
        "{message}"
    );
    assert!(message.contains("never expands XML entities"), "{message}");
    // An entity used without a declaration is refused too.
    let file = qdpx(
        dir.path(),
        "undeclared.qdpx",
        &project_xml("Tool", "<Description>&xxe;</Description>"),
        &[],
    );
    assert!(refusal(&file).contains("&xxe;"));
}

#[test]
fn malformed_xml_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<Users>\n<User guid=\"x\" name=\"a\">\n</Users>\n</Project>";
    let file = qdpx(dir.path(), "broken.qdpx", broken, &[]);
    let message = refusal(&file);
    assert!(
        message
            .contains("broken.qdpx cannot be imported: project.qde is not well-formed XML: line 5"),
        "{message}"
    );
    let bare = dir.path().join("cut.qde");
    std::fs::write(&bare, "<Project name=\"x\"><Users>").expect("write");
    let message = refusal(&bare);
    assert!(
        message.contains("cut.qde is not well-formed XML: line 1"),
        "{message}"
    );
    assert!(message.contains("ends before <Users>"), "{message}");
}

#[test]
fn files_that_are_not_projects_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let garbage = dir.path().join("garbage.qdpx");
    std::fs::write(&garbage, [0xFFu8, 0xD8, 0x00, 0x10, 0x80, 0x81]).expect("write");
    let message = refusal(&garbage);
    assert!(
        message.contains("garbage.qdpx cannot be imported"),
        "{message}"
    );
    let empty_zip = dir.path().join("empty.qdpx");
    write_zip(&empty_zip, &[("readme.txt", b"hello")]);
    let message = refusal(&empty_zip);
    assert!(
        message.contains("has no project.qde at its top level"),
        "{message}"
    );
    let other = dir.path().join("other.qde");
    std::fs::write(&other, "<html><body/></html>").expect("write");
    assert!(refusal(&other).contains("its root element is <html>, not <Project>"));
}

// ---------------------------------------------------------------- round trip

/// The demo project with a theme, memos on every kind of target and a coding
/// memo, so the round trip has everything to carry.
fn rich_demo(dir: &Path) -> Workbench {
    let (mut workbench, _) =
        build_demo(&dir.join("demo.polyphony"), &default_corpus_dir()).expect("demo");
    let project = workbench.project().clone();
    let author = workbench.coder().id;
    let code = project.find_code("Hope").expect("code").id;
    let other = project.find_code("Boundaries").expect("code").id;
    let coding = project.codings.values().next().expect("coding").clone();
    let document = project.documents.values().next().expect("document").id;
    let participant = project
        .find_participant("Zoë Adebayo")
        .expect("participant")
        .id;
    let theme = ThemeId::new();
    let mut commands = vec![
        Command::CreateTheme {
            theme: Theme {
                id: theme,
                name: "Hope travels".to_owned(),
                concept: "Peers carry hope into the room.".to_owned(),
                definition: "Hope as something shared.\n\nNot optimism.".to_owned(),
                status: ThemeStatus::Reviewed,
                parent: None,
                codes: BTreeSet::from([code, other]),
                key_quotes: Vec::new(),
            },
        },
        Command::UpdateCoding {
            id: coding.id,
            code: coding.code,
            start: coding.start,
            end: coding.end,
            memo: "A turning point.".to_owned(),
        },
    ];
    for (title, target) in [
        ("Project journal", Target::Project),
        ("On the code", Target::Code(code)),
        ("On the document", Target::Document(document)),
        ("On the coding", Target::Coding(coding.id)),
        ("On Zoë", Target::Participant(participant)),
        ("On the theme", Target::Theme(theme)),
    ] {
        commands.push(Command::CreateMemo {
            memo: Memo {
                id: MemoId::new(),
                title: title.to_owned(),
                body: format!("{title}: body with <markup> & “quotes”.\nSecond line."),
                author,
                target,
                created_at: 1_700_000_000_000,
                updated_at: 1_700_000_100_000,
            },
        });
    }
    workbench
        .apply(Command::Batch {
            label: "round-trip extras".to_owned(),
            commands,
        })
        .expect("extras");
    workbench
}

#[test]
fn export_then_import_into_a_new_project_compares_equal_entity_by_entity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbench = rich_demo(dir.path());
    let original = workbench.project().clone();
    let out = dir.path().join("demo.qdpx");
    polyphony::exchange::qdpx::write_qdpx(&original, &out).expect("export");

    let target = tempfile::tempdir().expect("temp dir");
    let mut copy =
        Workbench::create(&target.path().join("copy.polyphony"), "Importer").expect("create");
    let report = copy.import_exchange_file(&out).expect("import");
    let imported = copy.project();
    assert!(report.not_carried.is_empty(), "{report:#?}");

    // Coders: every coder with its id and name (plus the importer).
    for coder in original.coders.values() {
        assert_eq!(
            imported.coders.get(&coder.id),
            Some(coder),
            "coder {}",
            coder.name
        );
    }
    // Codes: ids, names, parents, colours, descriptions.
    assert_eq!(imported.codes, original.codes);
    // Documents: names and texts.
    let documents = |project: &Project| -> BTreeMap<DocumentId, (String, String)> {
        project
            .documents
            .values()
            .map(|doc| (doc.id, (doc.name.clone(), doc.text.to_string())))
            .collect()
    };
    assert_eq!(documents(imported), documents(&original));
    // Codings: documents, codes, ranges, coders, memos (and times).
    let codings = |project: &Project| -> BTreeMap<CodingId, Coding> { project.codings.clone() };
    assert_eq!(codings(imported), codings(&original));
    // Participants with their attributes and interviewer flags.
    assert_eq!(imported.participants, original.participants);
    // Speakers are linked to the same participants.
    for document in original.documents.values() {
        let copy = imported.documents.get(&document.id).expect("document");
        assert_eq!(
            copy.speakers, document.speakers,
            "speakers of {}",
            document.name
        );
    }
    // Themes: names, concepts, definitions, status, codes.
    let themes = |project: &Project| -> BTreeMap<ThemeId, (String, String, String, ThemeStatus, BTreeSet<CodeId>)> {
        project
            .themes
            .values()
            .map(|theme| {
                (
                    theme.id,
                    (
                        theme.name.clone(),
                        theme.concept.clone(),
                        theme.definition.clone(),
                        theme.status,
                        theme.codes.clone(),
                    ),
                )
            })
            .collect()
    };
    assert_eq!(themes(imported), themes(&original));
    // Memos: titles, bodies, targets, authors.
    let memos = |project: &Project| -> BTreeMap<MemoId, (String, String, Target, polyphony::model::CoderId)> {
        project
            .memos
            .values()
            .map(|memo| (memo.id, (memo.title.clone(), memo.body.clone(), memo.target, memo.author)))
            .collect()
    };
    // A REFI-QDA case takes no note: the writer keeps a memo on a participant
    // as an unattached note (and says so), which comes back on the project.
    let mut expected = memos(&original);
    for (_, _, target, _) in expected.values_mut() {
        if matches!(target, Target::Participant(_)) {
            *target = Target::Project;
        }
    }
    assert_eq!(memos(imported), expected);
    assert!(report.warnings.is_empty(), "{report:#?}");
}
