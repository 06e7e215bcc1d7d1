//! The tables a study reports, on a small study whose every count can be
//! worked out by hand: two peer and one non-peer participant, an
//! interviewer, a parent code with a child, and codings that overlap.

use polyphony::analysis::study::cooccurrence::{Together, cooccurrence, passages};
use polyphony::analysis::study::frequencies::frequencies;
use polyphony::analysis::study::matrix::{MatrixColumns, Share, matrix};
use polyphony::analysis::study::stop_words::Language;
use polyphony::analysis::study::words::{WordOptions, keyword_in_context, word_frequencies};
use polyphony::exchange::TableValue;
use polyphony::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, Document, DocumentId, Participant,
    ParticipantId, Project, Turn,
};
use std::collections::BTreeMap;

struct Study {
    project: Project,
    code: BTreeMap<&'static str, CodeId>,
}

const INTERVIEW_1: &[(&str, &str)] = &[
    ("Interviewer", "How did the peer support feel?"),
    ("Zoë", "Peer support gave me hope. Hope mattered to me."),
    ("Interviewer", "And trust?"),
    ("Zoë", "Trust came slowly, with support."),
];
const INTERVIEW_2: &[(&str, &str)] = &[
    (
        "Ben",
        "The network meeting supported the family. Hope grew. [laughs]",
    ),
    ("Ana", "I supported them too."),
];

fn document(project: &mut Project, name: &str, turns: &[(&str, &str)]) -> DocumentId {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (speaker, said) in turns {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.chars().count();
        text.push_str(said);
        spans.push(Turn {
            speaker: (*speaker).to_owned(),
            start,
            end: text.chars().count(),
            time_ms: None,
            is_interviewer: *speaker == "Interviewer",
        });
    }
    let id = DocumentId::new();
    let speakers = project
        .participants
        .values()
        .filter(|participant| {
            turns
                .iter()
                .any(|(speaker, _)| *speaker == participant.name)
        })
        .map(|participant| (participant.name.clone(), participant.id))
        .collect();
    project.documents.insert(
        id,
        Document {
            id,
            name: name.to_owned(),
            format: "txt".to_owned(),
            source_file: String::new(),
            encoding: "utf-8".to_owned(),
            imported_at: 0,
            char_count: text.chars().count(),
            text: text.into(),
            turns: spans,
            attributes: [("site".to_owned(), name.to_owned())].into(),
            speakers,
            pages: Vec::new(),
            media: None,
        },
    );
    id
}

/// Codes `quote` (the `nth` time it occurs) in `document` with `code`.
fn code(project: &mut Project, document: DocumentId, code: CodeId, quote: &str, nth: usize) {
    let text = project.documents[&document].text.clone();
    let at = text
        .match_indices(quote)
        .nth(nth)
        .expect("the quote is there")
        .0;
    let start = text[..at].chars().count();
    let id = CodingId::new();
    let coder = *project.coders.keys().next().expect("a coder");
    project.codings.insert(
        id,
        Coding {
            id,
            document,
            code,
            coder,
            start,
            end: start + quote.chars().count(),
            created_at: 0,
            memo: String::new(),
        },
    );
}

fn study() -> Study {
    let mut project = Project::default();
    let coder = Coder {
        id: CoderId::new(),
        name: "Ana".to_owned(),
    };
    project.coders.insert(coder.id, coder);
    for (name, group) in [
        ("Zoë", Some("peer")),
        ("Ana", Some("peer")),
        ("Ben", Some("non-peer")),
        ("Interviewer", None),
    ] {
        let id = ParticipantId::new();
        let attributes = group
            .map(|g| [("group".to_owned(), g.to_owned())].into())
            .unwrap_or_default();
        project.participants.insert(
            id,
            Participant {
                id,
                name: name.to_owned(),
                is_interviewer: group.is_none(),
                attributes,
            },
        );
    }
    let mut code_ids = BTreeMap::new();
    for (name, parent) in [
        ("Support", None),
        ("Peer support", Some("Support")),
        ("Hope", None),
        ("Trust", None),
        ("Unused", None),
    ] {
        let id = CodeId::new();
        let parent = parent.map(|p| code_ids[p]);
        project.codes.insert(
            id,
            Code {
                id,
                name: name.to_owned(),
                parent,
                color: "#336699".to_owned(),
                description: String::new(),
            },
        );
        code_ids.insert(name, id);
    }
    let first = document(&mut project, "interview-1", INTERVIEW_1);
    let second = document(&mut project, "interview-2", INTERVIEW_2);
    code(
        &mut project,
        first,
        code_ids["Peer support"],
        "Peer support gave me hope",
        0,
    );
    code(
        &mut project,
        first,
        code_ids["Hope"],
        "hope. Hope mattered",
        0,
    );
    code(
        &mut project,
        first,
        code_ids["Trust"],
        "Trust came slowly, with support",
        0,
    );
    code(&mut project, first, code_ids["Support"], "with support", 0);
    code(
        &mut project,
        second,
        code_ids["Support"],
        "supported the family",
        0,
    );
    code(&mut project, second, code_ids["Hope"], "Hope grew", 0);
    code(
        &mut project,
        second,
        code_ids["Support"],
        "I supported them",
        0,
    );
    Study {
        project,
        code: code_ids,
    }
}

fn count(value: &TableValue) -> usize {
    match value {
        TableValue::Count(count) => *count,
        other => panic!("a count, not {other:?}"),
    }
}

#[test]
fn frequencies_count_codings_documents_participants_and_words_with_children_rolled_up_or_not() {
    let study = study();
    let of = |rolled_up: bool, name: &str| {
        let counted = frequencies(&study.project, rolled_up);
        counted
            .rows
            .iter()
            .find(|(code, _)| *code == study.code[name])
            .expect("a row")
            .1
            .clone()
    };
    let support = of(false, "Support");
    assert_eq!(
        (support.codings, support.documents, support.participants),
        (3, 2, 3)
    );
    assert_eq!(
        support.words,
        2 + 3 + 3,
        "with support; supported the family; I supported them"
    );
    let rolled = of(true, "Support");
    assert_eq!(
        (rolled.codings, rolled.documents, rolled.participants),
        (4, 2, 3)
    );
    assert_eq!(
        rolled.words,
        8 + 5,
        "the child's five words join the parent's"
    );
    assert_eq!(
        of(true, "Peer support").codings,
        1,
        "a child is not given its parent's codings"
    );
    let hope = of(false, "Hope");
    assert_eq!(
        (hope.codings, hope.documents, hope.participants, hope.words),
        (2, 2, 2, 3 + 2)
    );
    assert_eq!(of(false, "Unused").codings, 0);
    let table = frequencies(&study.project, false).table(&study.project);
    assert_eq!(table.columns[0], "code");
    assert_eq!(table.rows.len(), 5, "every code, used or not");
}

#[test]
fn matrices_by_attribute_and_document_as_counts_and_shares() {
    let study = study();
    let project = &study.project;
    let by_group = matrix(
        project,
        &MatrixColumns::Attribute("Group".to_owned()),
        false,
    )
    .expect("a matrix");
    assert_eq!(by_group.columns, ["non-peer", "peer"]);
    let row = |m: &polyphony::analysis::study::matrix::Matrix, name: &str| {
        m.rows
            .iter()
            .find(|(code, _)| *code == study.code[name])
            .expect("row")
            .1
            .clone()
    };
    assert_eq!(row(&by_group, "Support"), [1, 2]);
    assert_eq!(row(&by_group, "Hope"), [1, 1]);
    let rolled =
        matrix(project, &MatrixColumns::Attribute("group".to_owned()), true).expect("a matrix");
    assert_eq!(row(&rolled, "Support"), [1, 3]);
    let shares = by_group.table(project, Share::OfRow);
    let support = shares
        .rows
        .iter()
        .find(|r| r[0] == TableValue::Text("Support".to_owned()))
        .expect("row");
    match (&support[1], &support[2]) {
        (TableValue::Figure(Some(a)), TableValue::Figure(Some(b))) => {
            assert!((a - 100.0 / 3.0).abs() < 1e-9 && (b - 200.0 / 3.0).abs() < 1e-9);
        }
        other => panic!("percentages, not {other:?}"),
    }
    let columns = by_group.table(project, Share::OfColumn);
    let hope = columns
        .rows
        .iter()
        .find(|r| r[0] == TableValue::Text("Hope".to_owned()))
        .expect("row");
    assert_eq!(
        hope[1],
        TableValue::Figure(Some(50.0)),
        "one of the two non-peer codings"
    );
    let by_document = matrix(project, &MatrixColumns::Documents, false).expect("a matrix");
    assert_eq!(by_document.columns, ["interview-1", "interview-2"]);
    assert_eq!(row(&by_document, "Support"), [1, 2]);
    let by_site = matrix(project, &MatrixColumns::Attribute("site".to_owned()), false)
        .expect("a document attribute");
    assert_eq!(row(&by_site, "Hope"), [1, 1]);
    let refused = matrix(project, &MatrixColumns::Attribute("age".to_owned()), false)
        .expect_err("no such attribute");
    assert!(
        refused.contains("\"age\"") && refused.contains("group") && refused.contains("site"),
        "{refused}"
    );
}

#[test]
fn cooccurrence_by_overlap_turn_and_paragraph_with_the_passages_behind_a_cell() {
    let study = study();
    let project = &study.project;
    let at = |c: &polyphony::analysis::study::cooccurrence::Cooccurrence, a: &str, b: &str| {
        let index = |name: &str| {
            c.codes
                .iter()
                .position(|code| *code == study.code[name])
                .expect("a used code")
        };
        c.count(index(a), index(b))
    };
    let overlap = cooccurrence(project, Together::Overlap);
    assert_eq!(overlap.codes.len(), 4, "the unused code is left out");
    assert_eq!(
        at(&overlap, "Peer support", "Hope"),
        1,
        "\"hope\" is in both"
    );
    assert_eq!(
        at(&overlap, "Hope", "Peer support"),
        1,
        "the table is symmetric"
    );
    assert_eq!(at(&overlap, "Trust", "Support"), 1);
    assert_eq!(at(&overlap, "Support", "Hope"), 0, "no text in both");
    assert_eq!(at(&overlap, "Support", "Support"), 3, "its own passages");
    let turns = cooccurrence(project, Together::Turn);
    assert_eq!(at(&turns, "Support", "Hope"), 1, "Ben's turn has both");
    assert_eq!(at(&turns, "Peer support", "Hope"), 1);
    let found = passages(
        project,
        Together::Overlap,
        study.code["Hope"],
        study.code["Peer support"],
    );
    assert_eq!(found.len(), 1);
    let text = &project.documents[&found[0].document].text;
    let passage: String = text
        .chars()
        .skip(found[0].start)
        .take(found[0].end - found[0].start)
        .collect();
    assert_eq!(passage, "hope");
    let own = passages(
        project,
        Together::Turn,
        study.code["Support"],
        study.code["Support"],
    );
    assert_eq!(own.len(), 3, "the turns Support is in");
    let table = cooccurrence(project, Together::Paragraph).table(project);
    assert_eq!(table.columns.len(), 5);
    let column = table
        .columns
        .iter()
        .position(|name| name == "Support")
        .expect("a column");
    let support = table
        .rows
        .iter()
        .find(|row| row[0] == TableValue::Text("Support".to_owned()))
        .expect("a row");
    assert_eq!(count(&support[column]), 3, "Support's own paragraphs");
}

#[test]
fn word_frequencies_by_group_leave_out_stop_words_and_interviewers_and_can_stem() {
    let study = study();
    let project = &study.project;
    let options = WordOptions {
        by: Some("group".to_owned()),
        stop_words: vec![Language::English, Language::French],
        ..WordOptions::default()
    };
    let counted = word_frequencies(project, &options).expect("words");
    assert_eq!(counted.groups, ["non-peer", "peer"]);
    let row = |c: &polyphony::analysis::study::words::WordFrequencies, word: &str| {
        c.rows
            .iter()
            .find(|row| row.word == word)
            .map(|row| row.counts.clone())
    };
    assert_eq!(row(&counted, "hope"), Some(vec![1, 2]));
    assert_eq!(
        row(&counted, "support"),
        Some(vec![0, 2]),
        "the interviewer's is not counted"
    );
    assert_eq!(row(&counted, "the"), None, "a stop word");
    assert_eq!(row(&counted, "laughs"), None, "a transcriber's note");
    assert_eq!(counted.rows[0].word, "hope", "the commonest first");
    let stemmed = word_frequencies(
        project,
        &WordOptions {
            stem: Some(Language::English),
            ..options.clone()
        },
    )
    .expect("words");
    assert_eq!(
        row(&stemmed, "support"),
        Some(vec![1, 3]),
        "support and supported count as one"
    );
    let with_interviewers = word_frequencies(
        project,
        &WordOptions {
            with_interviewers: true,
            ..options.clone()
        },
    )
    .expect("words");
    assert_eq!(with_interviewers.groups, ["non-peer", "peer", "(none)"]);
    let coded = word_frequencies(
        project,
        &WordOptions {
            code: Some(study.code["Trust"]),
            ..options.clone()
        },
    )
    .expect("words");
    assert_eq!(
        coded
            .rows
            .iter()
            .map(|row| row.word.as_str())
            .collect::<Vec<_>>(),
        ["came", "slowly", "support", "trust"]
    );
    let lines = keyword_in_context(project, &options, "HOPE", 10).expect("lines");
    assert_eq!(lines.len(), 3);
    assert_eq!(
        (
            lines[0].before.as_str(),
            lines[0].word.as_str(),
            lines[0].group.as_str()
        ),
        ("t gave me ", "hope", "peer")
    );
    let refused = word_frequencies(
        project,
        &WordOptions {
            by: Some("age".to_owned()),
            ..options
        },
    )
    .expect_err("no such attribute");
    assert!(refused.contains("the attributes are"), "{refused}");
}
