//! Drives the real Polyphony window with egui_kittest, finding widgets by their
//! accessible role and label as a screen reader would: on the demo project it
//! lists, reads, codes, searches, imports and undoes; from the start screen it
//! creates a project and reports a bad path in the window.

#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use polyphony::gui::PolyphonyApp;
use polyphony::index::Query;
use polyphony::model::SegmentFilter;
use polyphony::workbench::{Workbench, build_demo, default_corpus_dir};
use std::path::Path;

/// A harness on `app`. With `transcripts_shown`, glyphs no font here can draw
/// are drawn as boxes: the sample transcripts hold emoji, which the desktop
/// window takes from system fonts. The window's own words must always draw.
fn harness_for(app: PolyphonyApp, transcripts_shown: bool) -> Harness<'static, PolyphonyApp> {
    let mut builder = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(16);
    if transcripts_shown {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_eframe(|_| app);
    harness.run();
    harness
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether some plain label (not a button) shows `text`, white space aside:
/// the transcript draws only the turns in view, so this is also "is on screen".
fn label_shows(harness: &Harness<'_, PolyphonyApp>, text: &str) -> bool {
    let wanted = one_line(text);
    harness
        .query_all_by(|node| {
            // AccessKit keeps a label's text as its value.
            node.role() == Role::Label
                && node
                    .value()
                    .is_some_and(|label| one_line(&label).contains(&wanted))
        })
        .next()
        .is_some()
}

fn button_containing<'h>(
    harness: &'h Harness<'_, PolyphonyApp>,
    text: &str,
) -> Option<egui_kittest::Node<'h>> {
    let wanted = one_line(text);
    harness
        .query_all_by(move |node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| one_line(&label).contains(&wanted))
        })
        .next()
}

fn first_chars(text: &str, count: usize) -> String {
    one_line(text).chars().take(count).collect()
}

/// A coded passage: the document it is in, where it starts, and its words.
struct Passage {
    document: String,
    start: usize,
    text: String,
}

fn deepest_hope_segment(bench: &Workbench) -> (String, usize, Passage) {
    let project = bench.project();
    let hope = project.find_code("Hope").expect("the demo has a Hope code");
    let count = project.code_counts()[&hope.id].codings;
    let segments = project.segments(&SegmentFilter {
        code: Some(hope.id),
        include_child_codes: true,
        ..SegmentFilter::default()
    });
    // The segments list shows the first few without scrolling; of those, take
    // the one deepest into its transcript so that revealing it must scroll.
    let segment = segments
        .iter()
        .take(4)
        .max_by_key(|segment| segment.coding.start)
        .expect("Hope is applied in the demo");
    let passage = Passage {
        document: segment.document.name.clone(),
        start: segment.coding.start,
        text: segment.quote.to_owned(),
    };
    (hope.name.clone(), count, passage)
}

#[test]
fn the_window_reads_codes_searches_imports_and_undoes_on_the_demo_project() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut bench, _) = build_demo(&dir.path().join("demo.polyphony"), &default_corpus_dir())
        .expect("the demo project builds");
    let (hope, hope_count, segment) = deepest_hope_segment(&bench);
    let hits = bench
        .search(&Query::words("jargon"), 200)
        .expect("the demo can be searched");
    let hit = hits
        .hits
        .iter()
        .take(5)
        .max_by_key(|hit| hit.start)
        .expect("the demo mentions jargon")
        .clone();
    let documents = bench.project().documents.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs(), true);

    // The documents list, grouped by type and then group.
    assert!(harness.query_by_label_contains("interview (10)").is_some());
    assert!(harness.query_by_label_contains("focus group (2)").is_some());
    assert!(harness.query_by_label("peer (5)").is_some());
    let zoe =
        button_containing(&harness, "peer-01-zoe-adebayo").expect("Zoë's interview is listed");
    assert!(
        zoe.accesskit_node()
            .label()
            .is_some_and(|label| label.contains("turns"))
    );
    assert!(
        !label_shows(&harness, "always a busy week"),
        "no transcript is shown before one is chosen"
    );

    // Choosing it shows her turns, under her name, with the interviewer marked.
    zoe.click();
    harness.run();
    assert!(harness.query_all_by_label("Zoë Adebayo").next().is_some());
    assert!(harness.query_all_by_label("Interviewer").next().is_some());
    assert!(harness.query_all_by_label("0:00:12").next().is_some());
    assert!(label_shows(&harness, "It's always a busy week"));
    assert!(
        harness
            .query_by_label("Peer practitioner interview 01 — Zoë Adebayo (North site)")
            .is_some(),
        "the title is its own paragraph"
    );
    assert!(
        !label_shows(&harness, "[00:00:12] Zoë Adebayo:"),
        "the time and speaker written before a turn are shown in its header instead"
    );

    // The codebook shows Hope with its count; choosing it lists its segments.
    let hope_row = format!("{hope} {hope_count}");
    harness
        .get_by_role_and_label(Role::Button, &hope_row)
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label(&format!("Segments of {hope} ({hope_count})"))
            .is_some()
    );
    let quote_start = first_chars(&segment.text, 40);
    assert!(
        !label_shows(&harness, &quote_start),
        "the segment is not in view yet"
    );
    let segment_button = button_containing(&harness, &format!("“{quote_start}"))
        .expect("the segment is listed with its quote");
    assert!(
        segment_button
            .accesskit_node()
            .label()
            .is_some_and(|label| label.contains(&segment.document))
    );
    segment_button.scroll_to_me();
    harness.run();
    button_containing(&harness, &format!("“{quote_start}"))
        .expect("the segment is still listed")
        .click();
    harness.run();
    assert!(
        harness.query_by_label(&segment.document).is_some(),
        "the segment's document ({}) is open",
        segment.document
    );
    assert!(
        label_shows(&harness, &quote_start),
        "the transcript scrolled to the segment at char {}",
        segment.start
    );
    // Hovering the coded turn names its codes.
    assert!(harness.query_by_label("Coded as").is_none());
    harness
        .get_by(|node| {
            node.role() == Role::Label
                && node
                    .value()
                    .is_some_and(|text| one_line(&text).contains(&quote_start))
        })
        .hover();
    harness.run();
    assert!(
        harness.query_by_label("Coded as").is_some(),
        "a tooltip lists the codes"
    );
    assert!(harness.query_all_by_label(&hope).next().is_some());

    // Searching lists keyword-in-context hits; a hit opens its turn.
    let search = harness.get_by_label("Search transcripts");
    search.click();
    harness.run();
    harness
        .get_by_label("Search transcripts")
        .type_text("jargon");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("hits for “jargon”")
            .is_some()
    );
    let context = format!("{}{}", hit.before, hit.matched);
    button_containing(&harness, &context)
        .expect("the hit is listed with its context")
        .click();
    harness.run();
    assert!(harness.query_by_label(&hit.document_name).is_some());
    assert!(
        label_shows(&harness, &context),
        "the transcript shows the hit"
    );

    // Importing through the typed-path window adds a document, one undo step.
    let extra = dir.path().join("extra-notes.txt");
    std::fs::write(
        &extra,
        "Interviewer: What did you notice first?\n\n\
         Sam Quill: The kettle was always on, and that mattered more than any protocol.\n",
    )
    .expect("the extra transcript is written");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import transcripts…").click();
    harness.run();
    let field = harness.get_by_label("Path to import");
    field.click();
    harness.run();
    harness
        .get_by_label("Path to import")
        .type_text(&extra.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|notice| notice.starts_with("Imported 1 document (extra-notes)"))
    );
    assert!(
        harness.query_by_label("Path to import").is_none(),
        "the window closed"
    );
    assert!(button_containing(&harness, "extra-notes").is_some());
    assert!(harness.query_by_label_contains("Other (1)").is_some());
    let after_import = format!("{} documents", documents + 1);
    assert!(harness.query_by_label_contains(&after_import).is_some());

    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo: import extra-notes")
        .click();
    harness.run();
    assert!(
        button_containing(&harness, "extra-notes").is_none(),
        "undo removed it"
    );
    assert_eq!(
        harness
            .state()
            .workbench()
            .map(|b| b.project().documents.len()),
        Some(documents)
    );

    // Ctrl+Shift+Z brings it back.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert!(
        button_containing(&harness, "extra-notes").is_some(),
        "redo restored it"
    );

    // The status bar names the coder and counts what the project holds.
    assert!(harness.query_by_label("Coder: Demo Researcher").is_some());
    assert!(harness.query_by_label_contains(&after_import).is_some());
    assert!(harness.query_by_label("read-only").is_none());
}

#[test]
fn the_start_screen_creates_a_project_and_reports_bad_paths() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = harness_for(PolyphonyApp::new(None).without_file_dialogs(), false);
    assert!(harness.query_by_label("No project open").is_some());

    // Opening a file that is not there says so in the window.
    harness.get_by_label("Open project…").click();
    harness.run();
    type_path(
        &mut harness,
        "Path of the project to open",
        &dir.path().join("missing.polyphony"),
    );
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("does not exist"))
    );
    harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    harness.get_by_label("Cancel").click();
    harness.run();

    // A new project opens at once, named in the status bar.
    harness.get_by_label("New project…").click();
    harness.run();
    type_path(
        &mut harness,
        "Path for the new project",
        &dir.path().join("study"),
    );
    assert_eq!(harness.state().error(), None);
    let created = dir.path().join("study.polyphony");
    assert!(created.exists());
    assert_eq!(harness.state().window_title(), "Polyphony — study");
    assert!(
        harness
            .query_by_label(&created.display().to_string())
            .is_some()
    );
    assert!(harness.query_by_label_contains("0 documents").is_some());
}

fn type_path(harness: &mut Harness<'_, PolyphonyApp>, field: &str, path: &Path) {
    harness.get_by_label(field).click();
    harness.run();
    harness
        .get_by_label(field)
        .type_text(&path.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
}
