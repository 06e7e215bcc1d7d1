//! Exporting: QDPX projects and QDC codebooks validate against the REFI-QDA
//! schemas (with xmllint, where it is installed: CI must have it), hold exactly the project's
//! texts with positions that slice out the coded quotes, and come out byte for
//! byte the same twice; CSV and XLSX tables carry every coding intact.

use polyphony::edit::Command;
use polyphony::exchange::ExchangeError;
use polyphony::exchange::qdc::write_qdc;
use polyphony::exchange::qdpx::write_qdpx;
use polyphony::exchange::tables::{Table, TableFormat, write_table};
use polyphony::exchange::write_segments_csv;
use polyphony::model::{
    Code, CodeId, Memo, MemoId, Project, SegmentFilter, Target, Theme, ThemeId, ThemeStatus,
};
use polyphony::workbench::{Workbench, build_demo, default_corpus_dir};
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// Validates `xml` against a schema of `../shared/refi/xsd` with xmllint.
/// Where xmllint or the schemas are missing, the check is skipped with a
/// message, except under CI, where it fails (see `support`).
fn assert_valid(xml: &[u8], schema: &str) {
    let Some(schema_file) = crate::support::refi(&format!("xsd/{schema}")) else {
        return;
    };
    if !crate::support::tool_installed("xmllint", "libxml2-utils") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("checked.xml");
    std::fs::write(&file, xml).expect("write xml");
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema_file)
        .arg(&file)
        .output()
        .expect("xmllint runs");
    assert!(
        output.status.success(),
        "does not validate against {schema}:\n{}\n--- the file:\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(xml)
            .chars()
            .take(4000)
            .collect::<String>()
    );
}

fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).expect("open zip");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut entries = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("inflate");
        let name = entry.name().expect("a UTF-8 name").into_owned();
        entries.insert(name, bytes);
    }
    entries
}

fn code(name: &str, parent: Option<CodeId>, color: &str, description: &str) -> Code {
    Code {
        id: CodeId::new(),
        name: name.to_owned(),
        parent,
        color: color.to_owned(),
        description: description.to_owned(),
    }
}

fn memo(workbench: &Workbench, title: &str, body: &str, target: Target) -> Command {
    Command::CreateMemo {
        memo: Memo {
            id: MemoId::new(),
            title: title.to_owned(),
            body: body.to_owned(),
            author: workbench.coder().id,
            target,
            created_at: 1_741_690_800_000,
            updated_at: 1_741_690_900_500,
        },
    }
}

fn theme(name: &str, codes: BTreeSet<CodeId>, parent: Option<ThemeId>) -> Theme {
    Theme {
        id: ThemeId::new(),
        name: name.to_owned(),
        concept: format!("{name} organises what peers bring"),
        definition: "Includes talk about hope; excludes <risk> & \"policy\".".to_owned(),
        status: ThemeStatus::Reviewed,
        parent,
        codes,
        key_quotes: Vec::new(),
    }
}

/// A memo with a comma, a quote mark and a line break, which every format
/// must carry intact.
const TRICKY_MEMO: &str = "Ask about this, \"again\"\nnext time";

/// The demo project with what it lacks added: themes (one nested, one with a
/// key quote), memos on every kind of thing, a coding memo, a review comment.
fn demo_project() -> &'static Project {
    static DEMO: OnceLock<Project> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut workbench, _) =
            build_demo(&dir.path().join("demo.polyphony"), &default_corpus_dir()).expect("demo");
        let project = workbench.project().clone();
        let codes: Vec<CodeId> = project
            .codes_in_tree_order()
            .iter()
            .map(|(_, code)| code.id)
            .collect();
        let coding = project.codings.values().next().expect("a coding").clone();
        let document = *project.documents.keys().next().expect("a document");
        let participant = *project.participants.keys().next().expect("a participant");
        let parent = theme(
            "Peers change the room",
            codes[..3].iter().copied().collect(),
            None,
        );
        let mut child = theme("Hope as practice", [codes[3]].into(), Some(parent.id));
        child.key_quotes.push(coding.id);
        let child_id = child.id;
        let parent_id = parent.id;
        let commands = vec![
            Command::CreateTheme { theme: parent },
            Command::CreateTheme { theme: child },
            Command::UpdateCoding {
                id: coding.id,
                code: coding.code,
                start: coding.start,
                end: coding.end,
                memo: TRICKY_MEMO.to_owned(),
            },
            memo(
                &workbench,
                "Project journal",
                "Why this study.",
                Target::Project,
            ),
            memo(
                &workbench,
                "On a code",
                "Code notes",
                Target::Code(codes[1]),
            ),
            memo(
                &workbench,
                "On a document",
                "Doc notes",
                Target::Document(document),
            ),
            memo(
                &workbench,
                "On a coding",
                "Coding notes",
                Target::Coding(coding.id),
            ),
            memo(
                &workbench,
                "On a theme",
                "Theme notes",
                Target::Theme(child_id),
            ),
            memo(
                &workbench,
                "On a theme too",
                "More",
                Target::Theme(parent_id),
            ),
            memo(
                &workbench,
                "On a participant",
                "Person notes",
                Target::Participant(participant),
            ),
        ];
        workbench
            .apply(Command::Batch {
                label: "enrich the demo".to_owned(),
                commands,
            })
            .expect("enrich");
        workbench.project().clone()
    })
}

/// Emoji (one a ZWJ sequence), CJK, a quote with a comma, a quote mark and a
/// line break; a code with no codings, a theme with no codes, a memo on the
/// project, participants with no attributes.
const EDGE_TEXT: &str = "Interview with 林美 🙂\n\nInterviewer: What gives you hope?\n\n林美: 希望 is the word, 林美 says 🙂 — a \"small\" thing,\nsaid twice, and then more.\n\nInterviewer: Anything else? 🎉\n\n林美: 家族 and 👨\u{200d}👩\u{200d}👧 family, always.\n";

/// (quote, code name) pairs coded in the edge-case project.
const EDGE_CODINGS: &[(&str, &str)] = &[
    ("希望", "希望 Hope"),
    ("🙂", "Hope 🙂"),
    (
        "word, 林美 says 🙂 — a \"small\" thing,\nsaid twice",
        "Hope 🙂",
    ),
    ("👨\u{200d}👩\u{200d}👧 family", "Family"),
    ("🎉", "Family"),
];

fn edge_project(dir: &Path) -> Project {
    std::fs::create_dir_all(dir).expect("project folder");
    let transcript = dir.join("edge 林美.txt");
    std::fs::write(&transcript, EDGE_TEXT).expect("write transcript");
    let mut workbench = Workbench::create(&dir.join("edge.polyphony"), "Coder 林").expect("create");
    workbench
        .import_paths(&[transcript], &mut |_| {})
        .expect("import");
    let hope = code("Hope 🙂", None, "#f28e2b", "Hope & <fear>, \"quoted\"");
    let child = code("希望 Hope", Some(hope.id), "#4e79a7", "");
    let family = code("Family", None, "#e15759", "");
    let unused = code("Unused", None, "#59a14f", "Never applied");
    let mut commands = vec![
        Command::CreateCode { code: hope.clone() },
        Command::CreateCode {
            code: child.clone(),
        },
        Command::CreateCode {
            code: family.clone(),
        },
        Command::CreateCode { code: unused },
    ];
    let document = workbench
        .project()
        .documents
        .values()
        .next()
        .expect("imported")
        .clone();
    let text: &str = &document.text;
    for (quote, code_name) in EDGE_CODINGS {
        let byte = text.find(quote).expect("quote in text");
        let start = text[..byte].chars().count();
        let end = start + quote.chars().count();
        let code_id = [&hope, &child, &family]
            .iter()
            .find(|code| code.name == *code_name)
            .expect("code")
            .id;
        commands.push(Command::AddCoding {
            coding: polyphony::model::Coding {
                id: polyphony::model::CodingId::new(),
                document: document.id,
                code: code_id,
                coder: workbench.coder().id,
                start,
                end,
                created_at: 1_741_690_800_123,
                memo: if *code_name == "Family" {
                    TRICKY_MEMO.to_owned()
                } else {
                    String::new()
                },
            },
        });
    }
    commands.push(Command::CreateTheme {
        theme: theme("Empty theme 🙂", BTreeSet::new(), None),
    });
    commands.push(memo(
        &workbench,
        "Journal 🙂",
        "Reflexive note: 林美's words, <not mine> & \"yours\".",
        Target::Project,
    ));
    workbench
        .apply(Command::Batch {
            label: "edge cases".to_owned(),
            commands,
        })
        .expect("apply");
    workbench.project().clone()
}

/// One `<PlainTextSelection>` as read back: guid, name, start, end.
struct Selection {
    guid: String,
    name: String,
    start: usize,
    end: usize,
    source: String,
}

/// Element names in document order, and every selection with its source.
fn read_qde(xml: &str) -> (Vec<String>, Vec<Selection>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names = Vec::new();
    let mut selections = Vec::new();
    let mut source = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(element) | Event::Empty(element) => {
                let name = element.name().as_ref().to_owned();
                let attributes: BTreeMap<String, String> = element
                    .attributes()
                    .map(|attribute| {
                        let attribute = attribute.expect("attribute");
                        (
                            attribute.key.as_ref().to_owned(),
                            attribute
                                .normalized_value(XmlVersion::Implicit1_0)
                                .expect("value")
                                .into_owned(),
                        )
                    })
                    .collect();
                if name == "TextSource" {
                    source.clone_from(&attributes["guid"]);
                }
                if name == "PlainTextSelection" {
                    selections.push(Selection {
                        guid: attributes["guid"].clone(),
                        name: attributes["name"].clone(),
                        start: attributes["startPosition"].parse().expect("number"),
                        end: attributes["endPosition"].parse().expect("number"),
                        source: source.clone(),
                    });
                }
                names.push(name);
            }
            _ => {}
        }
    }
    (names, selections)
}

/// Exports `project` as QDPX and checks what every export must be: a zip of
/// exactly `project.qde` and one `sources/GUID.txt` per document holding its
/// text; a qde that validates, without a BOM; selections whose positions, in
/// code points, slice the source to the coded quote.
fn check_qdpx(project: &Project) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("study.qdpx");
    write_qdpx(project, &out).expect("export");
    let entries = unzip(&out);
    let expected: BTreeSet<String> = std::iter::once("project.qde".to_owned())
        .chain(
            project
                .documents
                .keys()
                .map(|id| format!("sources/{id}.txt")),
        )
        .collect();
    assert_eq!(entries.keys().cloned().collect::<BTreeSet<_>>(), expected);
    for document in project.documents.values() {
        assert_eq!(
            entries[&format!("sources/{}.txt", document.id)],
            document.text.as_bytes(),
            "the source of {} is its text",
            document.name
        );
    }
    let qde = &entries["project.qde"];
    assert!(qde.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_valid(qde, "Project-mrt2019.xsd");
    let qde = String::from_utf8(qde.clone()).expect("UTF-8");
    assert!(qde.contains("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"study\""));
    let (_, selections) = read_qde(&qde);
    assert_eq!(selections.len(), project.codings.len());
    for selection in &selections {
        let coding = project
            .codings
            .get(&selection.guid.parse().expect("a coding id"))
            .expect("the selection's guid is the coding's id");
        assert_eq!(selection.source, coding.document.to_string());
        assert_eq!((selection.start, selection.end), (coding.start, coding.end));
        let source =
            String::from_utf8(entries[&format!("sources/{}.txt", selection.source)].clone())
                .expect("UTF-8 source");
        let sliced: String = source
            .chars()
            .skip(selection.start)
            .take(selection.end - selection.start)
            .collect();
        let quote = project.segment(&coding.id).expect("segment").quote;
        assert_eq!(sliced, quote);
        assert_eq!(selection.name, quote, "the selection's name holds its text");
    }
    qde
}

#[test]
fn the_demo_project_exports_as_valid_qdpx_with_every_record() {
    let project = demo_project();
    let qde = check_qdpx(project);
    let (names, _) = read_qde(&qde);
    let count = |wanted: &str| names.iter().filter(|name| *name == wanted).count();
    assert_eq!(count("User"), project.coders.len());
    assert_eq!(count("Code"), project.codes.len());
    assert_eq!(count("TextSource"), project.documents.len());
    assert_eq!(count("Coding"), project.codings.len());
    assert_eq!(count("CodeRef"), project.codings.len());
    assert_eq!(count("Case"), project.participants.len());
    assert_eq!(count("Set"), project.themes.len());
    assert_eq!(count("Note"), project.memos.len());
    // Project, code, document and coding memos by NoteRef; theme memos by
    // MemberNote; the participant's memo cannot be attached to a case.
    assert_eq!(count("NoteRef"), 4);
    assert_eq!(count("MemberNote"), 2);
    let attribute_names: BTreeSet<&String> = project
        .participants
        .values()
        .flat_map(|participant| participant.attributes.keys())
        .collect();
    assert!(
        project.participants.values().any(|p| p.is_interviewer),
        "the demo has interviewers"
    );
    assert_eq!(count("Variable"), attribute_names.len() + 1);
    assert!(qde.contains("name=\"Interviewer\" typeOfVariable=\"Boolean\""));
    assert!(qde.contains("<BooleanValue>true</BooleanValue>"));
    assert!(qde.contains(
        "<Description>Central organising concept: Hope as practice organises what peers bring\n\nDefinition: Includes talk about hope; excludes &lt;risk&gt; &amp; \"policy\".\n\nStatus: reviewed</Description>"
    ));
    assert!(qde.contains("<Description>Ask about this, \"again\"\nnext time</Description>"));
    assert!(qde.contains("origin=\"Polyphony 0.1\""));

    let dir = tempfile::tempdir().expect("temp dir");
    let report = write_qdpx(project, &dir.path().join("again.qdpx")).expect("export");
    let documents = format!(
        "{} documents (TextSource, its text in sources/)",
        project.documents.len()
    );
    assert!(report.written.contains(&documents), "{report:?}");
    let not_carried = report.not_carried.join("\n");
    let key_quotes: usize = project
        .themes
        .values()
        .map(|theme| theme.key_quotes.len())
        .sum();
    let key_quotes = format!("{key_quotes} key quotes of themes");
    for expected in [
        "the parent theme of 1 theme",
        key_quotes.as_str(),
        "the attributes of",
        "1 memo on participants",
    ] {
        assert!(
            not_carried.contains(expected),
            "{expected:?} in {not_carried}"
        );
    }
}

#[test]
fn an_edge_case_project_exports_as_valid_qdpx_and_positions_count_code_points() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = edge_project(dir.path());
    assert_eq!(project.codings.len(), EDGE_CODINGS.len());
    let qde = check_qdpx(&project);
    let (_, selections) = read_qde(&qde);
    let names: BTreeSet<&str> = selections.iter().map(|s| s.name.as_str()).collect();
    for (quote, _) in EDGE_CODINGS {
        assert!(names.contains(quote), "{quote:?} among {names:?}");
    }
    // Emoji count one position each, even where UTF-16 would count two.
    let family = selections
        .iter()
        .find(|s| s.name.starts_with('👨'))
        .expect("family selection");
    assert_eq!(
        family.end - family.start,
        "👨\u{200d}👩\u{200d}👧 family".chars().count()
    );
    assert!(qde.contains("name=\"Family\" isCodable=\"true\" color=\"#e15759\"/>"));
    assert!(qde.contains("<Code guid=") && qde.contains("name=\"Unused\""));
    assert!(qde.contains("<Description>Hope &amp; &lt;fear&gt;, \"quoted\"</Description>"));
    assert!(qde.contains("name=\"Empty theme 🙂\">"));
}

#[test]
fn a_project_with_only_a_coder_exports_as_valid_qdpx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbench = Workbench::create(&dir.path().join("empty.polyphony"), "Solo").expect("create");
    let qde = check_qdpx(workbench.project());
    let (names, _) = read_qde(&qde);
    assert_eq!(names, ["Project", "Users", "User"]);
    let error = write_qdc(workbench.project(), &dir.path().join("empty.qdc"))
        .expect_err("a codebook needs a code");
    assert!(matches!(error, ExchangeError::NotWritten { .. }), "{error}");
    assert!(!dir.path().join("empty.qdc").exists());
}

#[test]
fn codebooks_export_as_valid_qdc_with_themes_as_sets() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, project) in [
        ("demo", demo_project().clone()),
        ("edge", edge_project(dir.path())),
    ] {
        let out = dir.path().join(format!("{name}.qdc"));
        let report = write_qdc(&project, &out).expect("export codebook");
        assert_eq!(report.written[0], format!("{} codes", project.codes.len()));
        let xml = std::fs::read(&out).expect("read");
        assert_valid(&xml, "Codebook-mrt2019.xsd");
        let xml = String::from_utf8(xml).expect("UTF-8");
        assert!(
            xml.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Polyphony 0.1\">")
        );
        assert_eq!(xml.matches("<Code ").count(), project.codes.len());
        assert_eq!(xml.matches("<Set ").count(), project.themes.len());
        let members: usize = project.themes.values().map(|t| t.codes.len()).sum();
        assert_eq!(xml.matches("<MemberCode guid=").count(), members);
    }
}

#[test]
fn exports_are_byte_for_byte_the_same_twice() {
    let project = demo_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let export_all = |folder: &Path| {
        std::fs::create_dir_all(folder).expect("folder");
        write_qdpx(project, &folder.join("study.qdpx")).expect("qdpx");
        write_qdc(project, &folder.join("codebook.qdc")).expect("qdc");
        for (table, name) in [
            (Table::Segments, "segments"),
            (Table::Codebook, "codebook"),
            (Table::Matrix { by: None }, "matrix"),
        ] {
            for (format, extension) in [(TableFormat::Csv, "csv"), (TableFormat::Xlsx, "xlsx")] {
                write_table(
                    project,
                    &table,
                    format,
                    &folder.join(format!("{name}.{extension}")),
                )
                .expect("table");
            }
        }
    };
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    export_all(&first);
    // Zip times step by two seconds: a clock-stamped file would differ now.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    export_all(&second);
    let mut names: Vec<_> = std::fs::read_dir(&first)
        .expect("list")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 8);
    for name in names {
        let bytes = std::fs::read(first.join(&name)).expect("first");
        assert!(!bytes.is_empty());
        assert!(
            bytes == std::fs::read(second.join(&name)).expect("second"),
            "{name:?} differs between two exports"
        );
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_path(path).expect("open csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("an RFC 4180 row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn segments_csv_has_a_row_per_coding_and_keeps_awkward_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for project in [demo_project().clone(), edge_project(dir.path())] {
        let out = dir.path().join("segments.csv");
        let rows = write_table(&project, &Table::Segments, TableFormat::Csv, &out).expect("csv");
        assert_eq!(rows, project.codings.len());
        let bytes = std::fs::read(&out).expect("read");
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
        let (header, records) = read_csv(&out);
        assert_eq!(records.len(), project.codings.len());
        assert_eq!(&header[..3], ["document", "participant", "speaker"]);
        assert_eq!(
            &header[header.len() - 9..],
            [
                "code", "themes", "quote", "start", "end", "page", "coder", "date", "memo"
            ]
        );
        let expected: BTreeSet<(String, String, String, String)> = project
            .segments(&SegmentFilter::default())
            .iter()
            .map(|segment| {
                (
                    segment.document.name.clone(),
                    segment.coding.start.to_string(),
                    project.code_path(segment.code.id),
                    segment.quote.to_owned(),
                )
            })
            .collect();
        let found: BTreeSet<(String, String, String, String)> = records
            .iter()
            .map(|row| {
                (
                    row["document"].clone(),
                    row["start"].clone(),
                    row["code"].clone(),
                    row["quote"].clone(),
                )
            })
            .collect();
        assert_eq!(found, expected);
        assert!(records.iter().any(|row| row["memo"] == TRICKY_MEMO));
        assert!(
            records
                .iter()
                .all(|row| row["date"].len() == 20 && row["date"].ends_with('Z'))
        );
    }
    let demo = demo_project();
    let out = dir.path().join("demo.csv");
    write_table(demo, &Table::Segments, TableFormat::Csv, &out).expect("csv");
    let (header, records) = read_csv(&out);
    for column in [
        "role",
        "group",
        "document_type",
        "document_site",
        "document_date",
    ] {
        assert!(
            header.contains(&column.to_owned()),
            "{column} in {header:?}"
        );
    }
    assert!(
        records
            .iter()
            .any(|row| row["themes"] == "Hope as practice" || row["themes"].contains("; ")),
        "themes are named on their codes' rows"
    );
    let out = dir.path().join("edge.csv");
    write_table(
        &edge_project(&dir.path().join("again")),
        &Table::Segments,
        TableFormat::Csv,
        &out,
    )
    .expect("csv");
    let (_, edge_rows) = read_csv(&out);
    assert!(
        edge_rows
            .iter()
            .any(|row| row["quote"] == "word, 林美 says 🙂 — a \"small\" thing,\nsaid twice"),
        "a quote with a comma, a quote mark and a line break survives"
    );
}

#[test]
fn segments_csv_for_the_command_line_follows_the_filter() {
    let project = demo_project();
    let code = project
        .codes
        .values()
        .find(|code| code.name == "Hope")
        .expect("Hope");
    let filter = SegmentFilter {
        code: Some(code.id),
        ..SegmentFilter::default()
    };
    let mut bytes = Vec::new();
    let rows = write_segments_csv(project, &filter, &mut bytes).expect("csv");
    let hope = project
        .codings
        .values()
        .filter(|c| c.code == code.id)
        .count();
    assert!(hope > 0);
    assert_eq!(rows, hope);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let paths: Vec<String> = reader
        .records()
        .map(|record| record.expect("row")[reader_column("code", &bytes)].to_owned())
        .collect();
    assert_eq!(paths.len(), hope);
    assert!(
        paths.iter().all(|path| path.ends_with("/Hope")),
        "{paths:?}"
    );
}

fn reader_column(name: &str, csv_bytes: &[u8]) -> usize {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    reader
        .headers()
        .expect("header")
        .iter()
        .position(|column| column == name)
        .expect("column")
}

#[test]
fn codebook_and_matrix_tables_count_codings() {
    let project = demo_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let counts = project.code_counts();

    let out = dir.path().join("codebook.csv");
    let rows = write_table(project, &Table::Codebook, TableFormat::Csv, &out).expect("codebook");
    assert_eq!(rows, project.codes.len());
    let (header, records) = read_csv(&out);
    assert_eq!(
        header,
        [
            "path",
            "name",
            "parent",
            "description",
            "colour",
            "codings",
            "documents",
            "themes"
        ]
    );
    for record in &records {
        let code = project
            .find_code(&record["path"])
            .expect("the path finds the code");
        assert_eq!(record["codings"], counts[&code.id].codings.to_string());
        assert_eq!(record["documents"], counts[&code.id].documents.to_string());
        assert_eq!(record["colour"], code.color);
    }

    let out = dir.path().join("matrix.csv");
    let rows =
        write_table(project, &Table::Matrix { by: None }, TableFormat::Csv, &out).expect("matrix");
    assert_eq!(rows, project.codes.len());
    let (header, records) = read_csv(&out);
    assert_eq!(header.len(), project.documents.len() + 1);
    let total: usize = records
        .iter()
        .flat_map(|row| row.iter().filter(|(column, _)| *column != "code"))
        .map(|(_, value)| value.parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(total, project.codings.len());

    let out = dir.path().join("by-group.csv");
    write_table(
        project,
        &Table::Matrix {
            by: Some("Group".to_owned()),
        },
        TableFormat::Csv,
        &out,
    )
    .expect("matrix by group");
    let (header, records) = read_csv(&out);
    assert!(header.contains(&"peer".to_owned()), "{header:?}");
    let total: usize = records
        .iter()
        .flat_map(|row| row.iter().filter(|(column, _)| *column != "code"))
        .map(|(_, value)| value.parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(total, project.codings.len());

    let error = write_table(
        project,
        &Table::Matrix {
            by: Some("shoe size".to_owned()),
        },
        TableFormat::Csv,
        &dir.path().join("none.csv"),
    )
    .expect_err("no such attribute");
    assert!(error.to_string().contains("role"), "{error}");
    assert!(!dir.path().join("none.csv").exists());
}

#[test]
fn xlsx_tables_open_with_a_frozen_bold_header_and_the_quotes() {
    let project = demo_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("segments.xlsx");
    let rows = write_table(project, &Table::Segments, TableFormat::Xlsx, &out).expect("xlsx");
    assert_eq!(rows, project.codings.len());
    let entries = unzip(&out);
    let sheet = String::from_utf8(entries["xl/worksheets/sheet1.xml"].clone()).expect("UTF-8");
    assert!(
        sheet.contains("state=\"frozen\""),
        "the header row is frozen"
    );
    assert!(sheet.contains("ySplit=\"1\""));
    assert!(sheet.contains("<autoFilter"));
    // rust_xlsxwriter keeps strings in the shared-string table; the sheet's
    // cells point into it.
    let strings = String::from_utf8(entries["xl/sharedStrings.xml"].clone()).expect("UTF-8");
    let segment = project
        .segments(&SegmentFilter::default())
        .into_iter()
        .find(|segment| !segment.quote.contains(['&', '<', '>', '"', '\'']))
        .expect("a plain quote");
    assert!(strings.contains(segment.quote), "{:?}", segment.quote);
    assert!(
        strings.contains("Ask about this, \"again\"\nnext time")
            || strings.contains("Ask about this, &quot;again&quot;\nnext time")
    );
    let styles = String::from_utf8(entries["xl/styles.xml"].clone()).expect("UTF-8");
    assert!(styles.contains("<b/>"), "a bold font for the header");
    assert!(styles.contains("wrapText=\"1\""), "quotes wrap");

    let out = dir.path().join("matrix.xlsx");
    write_table(
        project,
        &Table::Matrix { by: None },
        TableFormat::Xlsx,
        &out,
    )
    .expect("xlsx");
    let entries = unzip(&out);
    let workbook = String::from_utf8(entries["xl/workbook.xml"].clone()).expect("UTF-8");
    assert!(workbook.contains("name=\"Codes by document\""));
    assert!(workbook.contains("name=\"Codes by role\""));
    let sheet = String::from_utf8(entries["xl/worksheets/sheet1.xml"].clone()).expect("UTF-8");
    assert!(sheet.contains("xSplit=\"1\"") && sheet.contains("ySplit=\"1\""));

    let out = dir.path().join("codebook.xlsx");
    let rows =
        write_table(project, &Table::Codebook, TableFormat::Xlsx, &out).expect("codebook xlsx");
    assert_eq!(rows, project.codes.len());
    assert!(unzip(&out).contains_key("xl/worksheets/sheet1.xml"));
}

#[test]
fn a_failed_export_leaves_no_file_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("missing-folder").join("study.qdpx");
    let error = write_qdpx(demo_project(), &out).expect_err("no such folder");
    assert!(matches!(error, ExchangeError::Write { .. }), "{error}");
    assert!(error.to_string().contains("study.qdpx"));
    assert!(!out.exists());
}
