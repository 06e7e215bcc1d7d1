//! The theme report in every format, against golden files kept in
//! `tests/golden/` (the demo project, dated 23 November 2026): Markdown, HTML
//! and the DOCX's document part. A deliberate change of the report is kept
//! with `UPDATE_GOLDEN=1 cargo test --test core report::`, after reading the diff.
//! Also: the same project gives the same bytes; the methods paragraph counts
//! review rounds; and the DOCX opens in LibreOffice, which turns it into a PDF
//! whose text is the report's (skipped only where LibreOffice is missing and
//! `CI` is not set).

use crate::support::demo;
use polyphony::edit::Command;
use polyphony::exchange::report::{Report, ReportFormat};
use polyphony::model::{Comment, CommentId, CommentKind, Resolution, ResolutionState, Target};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// 23 November 2026, 09:00 UTC.
const MADE_AT: i64 = 1_795_424_400_000;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the golden file `name`, or rewrites it under
/// `UPDATE_GOLDEN=1`. On a difference the new text is left beside it as
/// `NAME.new` to diff.
fn matches_golden(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("the golden file is written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let new = path.with_extension(format!(
            "{}.new",
            path.extension().and_then(|e| e.to_str()).unwrap_or("txt")
        ));
        std::fs::write(&new, actual).expect("the new output is written");
        panic!(
            "{name} differs from the golden file; compare {} with {}, and run UPDATE_GOLDEN=1 cargo test --test core report:: to keep it",
            path.display(),
            new.display()
        );
    }
}

fn docx_part(bytes: &[u8], part: &str) -> String {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the DOCX is a zip archive");
    let mut text = String::new();
    archive
        .by_name(part)
        .expect("the part is in the DOCX")
        .read_to_string(&mut text)
        .expect("the part is text");
    text
}

#[test]
fn the_demo_report_matches_its_golden_files_in_every_format() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = demo(dir.path());
    let report = Report::of(
        workbench.project(),
        "Peer-supported Open Dialogue (demo)",
        "group",
        MADE_AT,
    );
    let markdown = String::from_utf8(report.render(ReportFormat::Markdown)).expect("UTF-8");
    let html = String::from_utf8(report.render(ReportFormat::Html)).expect("UTF-8");
    let docx = report.render(ReportFormat::Docx);
    matches_golden("report.md", &markdown);
    matches_golden("report.html", &html);
    matches_golden(
        "report-document.xml",
        &docx_part(&docx, "word/document.xml"),
    );

    // What the issue asks of the content, checked in words as well.
    assert!(markdown.contains("### 1 Opportunities and challenges of the peer role (candidate)"));
    assert!(markdown.contains("**Central organising concept.**"));
    assert!(markdown.contains("— P22, peer practitioner, focus group 3"));
    assert!(markdown.contains(", focus group 1"));
    assert!(markdown.contains("## Prevalence by group"));
    assert!(markdown.contains("| Theme | non-peer (n = 16) | peer (n = 10) |"));
    assert!(markdown.contains("## Appendix: codebook"));
    assert!(markdown.contains("coded in Polyphony by Demo Researcher"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<th scope=\"col\">"));
    assert!(docx_part(&docx, "docProps/core.xml").contains("2026-11-23T09:00:00Z"));
}

#[test]
fn the_same_project_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = demo(dir.path());
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Docx,
    ] {
        let once = Report::of(workbench.project(), "Demo", "group", MADE_AT).render(format);
        let again = Report::of(workbench.project(), "Demo", "group", MADE_AT).render(format);
        assert_eq!(once, again, "{format:?}");
    }
    // Only the time differs between reports made at different times.
    let later = Report::of(workbench.project(), "Demo", "group", MADE_AT + 86_400_000);
    let first = Report::of(workbench.project(), "Demo", "group", MADE_AT);
    assert_eq!(
        docx_part(&first.render(ReportFormat::Docx), "word/document.xml")
            .replace("23 November 2026", "DATE"),
        docx_part(&later.render(ReportFormat::Docx), "word/document.xml")
            .replace("24 November 2026", "DATE")
    );
}

#[test]
fn the_methods_count_review_rounds_and_resolutions() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut workbench = demo(dir.path());
    let theme = workbench
        .project()
        .find_theme("The peer's impact on team culture")
        .expect("a demo theme")
        .id;
    let day = 86_400_000;
    let comment =
        |author: &str, kind, at: i64, resolution: Option<ResolutionState>| Command::AddComment {
            comment: Comment {
                id: CommentId::new(),
                author: author.to_owned(),
                target: Target::Theme(theme),
                kind,
                body: "A thought.".to_owned(),
                reply_to: None,
                created_at: at,
                resolution: resolution.map(|state| Resolution {
                    state,
                    reason: String::new(),
                    by: "Demo Researcher".to_owned(),
                    at,
                }),
            },
        };
    workbench
        .apply(Command::Batch {
            label: "review".to_owned(),
            commands: vec![
                comment(
                    "Sam",
                    CommentKind::Agree,
                    MADE_AT - 10 * day,
                    Some(ResolutionState::Accepted),
                ),
                comment("Sam", CommentKind::Question, MADE_AT - 10 * day, None),
                comment(
                    "Ola",
                    CommentKind::Suggestion,
                    MADE_AT - 3 * day,
                    Some(ResolutionState::Changed),
                ),
                comment(
                    "Demo Researcher",
                    CommentKind::Reply,
                    MADE_AT - 3 * day,
                    None,
                ),
            ],
        })
        .expect("the comments are added");
    let report = Report::of(workbench.project(), "Demo", "group", MADE_AT);
    assert!(
        report.methods.contains(
            "Lived-experience co-authors (Ola and Sam) reviewed the themes in 2 review rounds, leaving 3 comments; 2 were resolved (1 accepted and 1 changed)."
        ),
        "{}",
        report.methods
    );
}

#[test]
fn the_docx_opens_in_libreoffice_and_reads_as_the_report() {
    if !crate::support::tool_installed("libreoffice", "libreoffice-writer-nogui")
        || !crate::support::tool_installed("pdftotext", "poppler-utils")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = demo(dir.path());
    let report = Report::of(workbench.project(), "Demo report", "group", MADE_AT);
    let docx = dir.path().join("report.docx");
    report
        .save(ReportFormat::Docx, &docx)
        .expect("the DOCX is written");
    let profile = dir.path().join("lo-profile");
    let converted = std::process::Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("LibreOffice runs");
    assert!(converted.status.success(), "{converted:?}");
    let pdf = dir.path().join("report.pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF: {converted:?}");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Demo report",
        "Methods",
        "Opportunities and challenges of the peer role",
        "The peer's impact on team culture",
        "Central organising concept.",
        "P22, peer practitioner, focus group 3",
        "Prevalence by group",
        "Appendix: codebook",
    ] {
        assert!(
            text.contains(expected),
            "the PDF lacks {expected:?}: {text}"
        );
    }
    let first_quote = &report.themes[0].quotes[0].text;
    let opening: String = first_quote
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(&opening),
        "the PDF lacks the key quote {opening:?}"
    );
}

#[test]
fn the_report_can_close_with_codes_by_group_and_state_the_agreement() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = crate::support::demo(dir.path());
    let project = workbench.project();
    let report = Report::of(project, "Demo", "group", MADE_AT)
        .with_codes_by_group(project)
        .expect("the participants have groups")
        .with_agreement("Agreement was high.\n\nReferences: Someone (2019).".to_owned());
    let markdown = String::from_utf8(report.render(ReportFormat::Markdown)).expect("UTF-8");
    let appendix = markdown
        .find("## Appendix: codes by group")
        .expect("the appendix is there");
    assert!(
        appendix
            > markdown
                .find("## Appendix: codebook")
                .expect("the codebook"),
        "after the codebook"
    );
    let header = markdown[appendix..]
        .lines()
        .find(|line| line.starts_with('|'))
        .expect("a table");
    assert!(
        header.contains("non-peer") && header.contains("peer") && header.contains("total"),
        "{header}"
    );
    let methods = &markdown[..markdown.find("## Themes").expect("the themes")];
    assert!(
        methods.contains("Agreement was high.") && methods.contains("References: Someone"),
        "{methods}"
    );
    let refused = Report::of(project, "Demo", "shoe size", MADE_AT).with_codes_by_group(project);
    assert!(
        refused
            .expect_err("no such attribute")
            .contains("the attributes are")
    );
}

#[test]
fn the_report_holds_what_the_project_chose_for_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut workbench = crate::support::two_coders(dir.path());
    let coders: Vec<String> = workbench
        .project()
        .coders
        .keys()
        .map(ToString::to_string)
        .collect();
    for (name, value) in [
        (
            polyphony::model::Project::REPORT_CODES_BY_GROUP,
            "group".to_owned(),
        ),
        (
            polyphony::model::Project::REPORT_AGREEMENT,
            coders.join(","),
        ),
    ] {
        workbench
            .apply(Command::SetSetting {
                name: name.to_owned(),
                value: Some(value),
            })
            .expect("the choice is kept");
    }
    let project = workbench.project();
    let markdown = String::from_utf8(
        Report::of(project, "Demo", "group", MADE_AT)
            .with_project_choices(project)
            .render(ReportFormat::Markdown),
    )
    .expect("UTF-8");
    assert!(
        markdown.contains("## Appendix: codes by group"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Demo Researcher and Sam agreed on"),
        "{markdown}"
    );
    workbench.undo().expect("undo");
    let project = workbench.project();
    let without = String::from_utf8(
        Report::of(project, "Demo", "group", MADE_AT)
            .with_project_choices(project)
            .render(ReportFormat::Markdown),
    )
    .expect("UTF-8");
    assert!(!without.contains("agreed on"), "the choice undone");
}
