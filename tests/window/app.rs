//! Drives the real Polyphony window with egui_kittest, finding widgets by their
//! accessible role and label as a screen reader would: on the demo project it
//! lists, reads, codes, searches, imports and undoes; selects transcript text
//! by dragging the pointer and codes it (quick picker, in vivo, last code),
//! uncodes, recodes, writes memos, edits, merges and deletes codes, checking
//! the Undo menu's words for each; from the start screen it creates a project
//! and reports a bad path in the window.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use polyphony::gui::PolyphonyApp;
use polyphony::index::Query;
use polyphony::model::SegmentFilter;
use polyphony::workbench::Workbench;
use std::path::Path;

use crate::support::one_line;
use crate::support::window::{
    button_containing, click_at, click_at_with, drag_in_steps, harness_for, harness_sized,
    undo_label_is, workbench_of,
};

/// A harness on `app` in which every glyph drawn must be in the window's own
/// fonts: for views that show no transcript.
fn strict_harness_for(app: PolyphonyApp) -> Harness<'static, PolyphonyApp> {
    harness_sized(app, egui::vec2(1400.0, 900.0), false)
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

/// Whether the Documents panel lists a document whose row contains `name`
/// under the "Other" heading, scrolled into view first: the list draws only
/// the rows in view.
fn listed_under_other(harness: &mut Harness<'_, PolyphonyApp>, name: &str) -> bool {
    let Some(heading) = harness.query_by_label_contains("Other (") else {
        return false;
    };
    heading.scroll_to_me();
    harness.run();
    button_containing(harness, name).is_some()
}

/// Moves the pointer over `area` line by line until `found` holds; returns
/// whether it did. For what only shows over certain words, such as the codes
/// of coded text, whose place on screen depends on the fonts.
fn hover_until(
    harness: &mut Harness<'_, PolyphonyApp>,
    area: egui::Rect,
    found: impl Fn(&Harness<'_, PolyphonyApp>) -> bool,
) -> bool {
    let mut y = area.top() + 4.0;
    while y < area.bottom() {
        let mut x = area.left() + 6.0;
        while x < area.right() {
            harness.hover_at(egui::pos2(x, y));
            harness.run();
            if found(harness) {
                return true;
            }
            x += 60.0;
        }
        y += 9.0;
    }
    false
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

fn deepest_hope_segment(bench: &Workbench) -> (String, String, Passage) {
    let project = bench.project();
    let hope = project.find_code("Hope").expect("the demo has a Hope code");
    let count = code_row_label(bench, "Hope");
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
fn the_documents_list_groups_by_type_and_opens_a_transcript_under_its_speakers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());

    // The documents list, grouped by type and then group, with counts made here.
    let of_type = |kind: &str| {
        harness.state().workbench().map_or(0, |bench| {
            bench
                .project()
                .documents
                .values()
                .filter(|doc| doc.attributes.get("type").map(String::as_str) == Some(kind))
                .count()
        })
    };
    let (interviews, focus_groups) = (of_type("interview"), of_type("focus group"));
    assert!(interviews >= 10 && focus_groups >= 2);
    assert!(
        harness
            .query_by_label_contains(&format!("interview ({interviews})"))
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains(&format!("focus group ({focus_groups})"))
            .is_some()
    );
    let peer_interviews = harness.state().workbench().map_or(0, |bench| {
        bench
            .project()
            .documents
            .values()
            .filter(|doc| {
                doc.attributes.get("type").map(String::as_str) == Some("interview")
                    && doc.attributes.get("group").map(String::as_str) == Some("peer")
            })
            .count()
    });
    assert!(
        harness
            .query_by_label(&format!("peer ({peer_interviews})"))
            .is_some()
    );
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
}

#[test]
fn choosing_a_code_lists_its_segments_and_one_opens_where_hovering_names_its_codes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let (hope, hope_count, segment) = deepest_hope_segment(&bench);
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());

    // The codebook shows Hope with its counts; choosing it lists its segments.
    harness
        .get_by_role_and_label(Role::Button, &hope_count)
        .click();
    harness.run();
    let hope_count = bench_count(&harness, "Hope");
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
    // Hovering coded words names their codes (and uncoded words do not).
    assert!(harness.query_by_label("Coded as").is_none());
    let turn = harness
        .get_by(|node| {
            node.role() == Role::Label
                && node
                    .value()
                    .is_some_and(|text| one_line(&text).contains(&quote_start))
        })
        .rect();
    assert!(
        hover_until(&mut harness, turn, |harness| {
            harness.query_by_label("Coded as").is_some()
                && harness
                    .query_all_by(|node| {
                        // AccessKit keeps a label's text as its value.
                        node.role() == Role::Label
                            && node.value().is_some_and(|label| {
                                label == hope || label.ends_with(&format!("/{hope}"))
                            })
                    })
                    .next()
                    .is_some()
        }),
        "a tooltip lists the codes of the words under the pointer, {hope} among them"
    );
}

#[test]
fn a_search_lists_hits_in_context_and_a_hit_opens_its_turn() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut bench = crate::support::demo(dir.path());
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
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());

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
}

#[test]
fn an_import_through_the_typed_path_is_one_undo_step_counted_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let documents = bench.project().documents.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());

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
    assert!(listed_under_other(&mut harness, "extra-notes"));
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
        !listed_under_other(&mut harness, "extra-notes"),
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
        listed_under_other(&mut harness, "extra-notes"),
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
    let mut harness = strict_harness_for(PolyphonyApp::new(None).without_file_dialogs());
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

    // File > Import REFI-QDA brings in another tool's codebook, reports what
    // it did, and is one undo step.
    let Some(taguette) = crate::support::refi("samples/taguette-1.5.2-codebook.qdc") else {
        return;
    };
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("Import REFI-QDA project or codebook…")
        .click();
    harness.run();
    type_path(&mut harness, "Path of the QDPX, QDE or QDC file", &taguette);
    assert_eq!(harness.state().error(), None);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(notice.starts_with("Imported"), "{notice}");
    assert!(notice.contains("nested"), "the report is shown: {notice}");
    let codes = |harness: &Harness<'_, PolyphonyApp>| {
        harness
            .state()
            .workbench()
            .map_or(0, |bench| bench.project().codes.len())
    };
    assert_eq!(codes(&harness), 6);
    assert!(
        button_containing(&harness, "cost").is_some(),
        "the nested code is in the codebook"
    );
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo: import codebook taguette-1.5.2-codebook")
        .click();
    harness.run();
    assert_eq!(codes(&harness), 0);
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

/// The accessible label of a leaf code's row: its name, codings and documents.
fn code_row_label(bench: &Workbench, name: &str) -> String {
    let project = bench.project();
    let code = project.find_code(name).expect("the code exists");
    let counts = project.code_counts()[&code.id];
    let documents = if counts.documents == 1 {
        "1 doc".to_owned()
    } else {
        format!("{} docs", counts.documents)
    };
    format!("{} {} · {documents}", code.name, counts.codings)
}

/// How many codings the code called `name` has now.
fn bench_count(harness: &Harness<'_, PolyphonyApp>, name: &str) -> usize {
    let project = workbench_of(harness).project();
    project
        .find_code(name)
        .map_or(0, |code| project.code_counts()[&code.id].codings)
}

fn undo_from_menu(harness: &mut Harness<'_, PolyphonyApp>, label: &str) {
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains(&format!("Undo: {label}"))
        .click();
    harness.run();
}

/// Where the turn whose text contains `words` is drawn.
fn turn_rect(harness: &Harness<'_, PolyphonyApp>, words: &str) -> egui::Rect {
    harness
        .get_by(|node| {
            node.role() == Role::Label
                && node
                    .value()
                    .is_some_and(|text| one_line(&text).contains(words))
        })
        .rect()
}

/// Drags over the first line of the turn whose text contains `words`, from
/// a few points into it to `width` points further. Returns the selection.
fn select_in_turn(
    harness: &mut Harness<'_, PolyphonyApp>,
    words: &str,
    width: f32,
) -> (polyphony::model::DocumentId, usize, usize) {
    let rect = turn_rect(harness, words);
    let y = rect.top() + 6.0;
    drag_in_steps(
        harness,
        egui::pos2(rect.left() + 3.0, y),
        egui::pos2(rect.left() + 3.0 + width, y),
        2,
    );
    harness
        .state()
        .selection()
        .expect("dragging over the words selected them")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// Right-clicks the button whose label contains `row`, then clicks `item` in
/// the menu that opens.
fn context_item(harness: &mut Harness<'_, PolyphonyApp>, row: &str, item: &str) {
    button_containing(harness, row)
        .unwrap_or_else(|| panic!("a row {row:?} is shown"))
        .click_secondary();
    harness.run();
    harness.get_by_role_and_label(Role::Button, item).click();
    harness.run();
}

/// Types `text` into the quick picker's field `field` and presses Enter.
fn pick(harness: &mut Harness<'_, PolyphonyApp>, field: &str, text: &str) {
    harness.get_by_label(field).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// The demo project open in a window on Zoë's interview, and how many
/// codings the project holds.
fn zoes_interview(dir: &Path) -> (Harness<'static, PolyphonyApp>, usize) {
    let bench = crate::support::demo(dir);
    let codings_at_start = bench.project().codings.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    button_containing(&harness, "peer-01-zoe-adebayo")
        .expect("Zoë's interview is listed")
        .click();
    harness.run();
    (harness, codings_at_start)
}

/// The characters of `document`'s text, as the window holds it.
fn chars_of(
    harness: &Harness<'_, PolyphonyApp>,
    document: polyphony::model::DocumentId,
) -> Vec<char> {
    workbench_of(harness).project().documents[&document]
        .text
        .chars()
        .collect()
}

#[test]
fn dragging_shift_clicking_and_alt_dragging_select_words_in_a_turn() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut harness, _) = zoes_interview(dir.path());

    // Dragging over a turn selects whole words, said in the status bar.
    let (document, start, end) = select_in_turn(&mut harness, "always a busy week", 125.0);
    let text = chars_of(&harness, document);
    assert!(end > start + 3, "a few words are selected: {start}..{end}");
    assert!(start == 0 || !is_word_char(text[start - 1]) || !is_word_char(text[start]));
    assert!(end == text.len() || !is_word_char(text[end]) || !is_word_char(text[end - 1]));
    let selected: String = text[start..end].iter().collect();
    assert!(
        harness
            .query_by_label(&format!("Selected {} characters", end - start))
            .is_some(),
        "the status bar counts the selection ({selected:?})"
    );

    // Shift+click further along extends the selection from where it began.
    let rect = turn_rect(&harness, "always a busy week");
    let y = rect.top() + 6.0;
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    click_at(&mut harness, egui::pos2(rect.left() + 300.0, y));
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    harness.run();
    let (_, extended_start, extended_end) = harness.state().selection().expect("still selected");
    assert_eq!(extended_start, start);
    assert!(extended_end > end, "{extended_end} > {end}");

    // With Alt held the same drag selects exactly where the pointer went.
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::ALT));
    let (_, exact_start, exact_end) = select_in_turn(&mut harness, "always a busy week", 125.0);
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    harness.run();
    let chars: String = text.iter().collect();
    assert_ne!(
        (exact_start, exact_end),
        (start, end),
        "with Alt the selection ends inside a word: {:?}",
        chars
            .chars()
            .skip(exact_start)
            .take(exact_end - exact_start)
            .collect::<String>()
    );
    assert_eq!(
        polyphony::model::text::snap_to_words(&chars, exact_start, exact_end),
        (start, end),
        "without Alt the same drag snaps to whole words"
    );
    let (_, again_start, again_end) = select_in_turn(&mut harness, "always a busy week", 125.0);
    assert_eq!((again_start, again_end), (start, end));
}

#[test]
fn the_quick_picker_codes_a_selection_whose_stripe_and_menu_find_it_again() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut harness, _) = zoes_interview(dir.path());
    let (document, start, end) = select_in_turn(&mut harness, "always a busy week", 125.0);

    // C opens the quick picker; typing filters it; Enter applies the code.
    let hope_before = bench_count(&harness, "Hope");
    harness.key_press(egui::Key::C);
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Peer in network meetings/Hope")
            .is_some(),
        "the picker lists codes by path"
    );
    pick(&mut harness, "Code to apply", "hop");
    assert_eq!(harness.state().error(), None);
    assert!(
        harness.query_by_label("Code to apply").is_none(),
        "the picker closed"
    );
    assert_eq!(bench_count(&harness, "Hope"), hope_before + 1);
    assert!(
        workbench_of(&harness)
            .project()
            .codings
            .values()
            .any(|coding| {
                coding.document == document && (coding.start, coding.end) == (start, end)
            })
    );
    assert!(undo_label_is(&mut harness, "apply code Hope"));

    // The segment has a labelled stripe in the margin; clicking it selects it.
    let stripes: Vec<egui::Rect> = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node.label().as_deref() == Some("Coding stripe: Peer in network meetings/Hope")
        })
        .map(|node| node.rect())
        .collect();
    assert!(!stripes.is_empty(), "Hope's stripes are drawn");
    let mut stripe_selects = false;
    for rect in stripes {
        click_at(&mut harness, rect.center());
        if harness.state().selection() == Some((document, start, end)) {
            stripe_selects = true;
            break;
        }
    }
    assert!(
        stripe_selects,
        "clicking the new segment's stripe selects it"
    );

    // Right-clicking the coded words offers that segment's actions.
    let rect = turn_rect(&harness, "always a busy week");
    click_at_with(
        &mut harness,
        egui::pos2(rect.left() + 40.0, rect.top() + 6.0),
        egui::PointerButton::Secondary,
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Segment coded Peer in network meetings/Hope")
            .is_some(),
        "the menu names the segment's code"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Code selection…")
            .is_some()
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.state().selection().is_some(),
        "closing the menu keeps the selection"
    );

    // L applies the same code to another selection.
    let (_, second_start, second_end) =
        select_in_turn(&mut harness, "four years now in Open Dialogue", 120.0);
    assert_ne!((second_start, second_end), (start, end));
    harness.key_press(egui::Key::L);
    harness.run();
    assert_eq!(bench_count(&harness, "Hope"), hope_before + 2);
    assert!(undo_label_is(&mut harness, "apply code Hope"));
    undo_from_menu(&mut harness, "apply code Hope");
    undo_from_menu(&mut harness, "apply code Hope");
    assert_eq!(bench_count(&harness, "Hope"), hope_before);
}

#[test]
fn the_picker_creates_a_code_and_in_vivo_names_one_from_the_selected_words() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut harness, codings_at_start) = zoes_interview(dir.path());
    let (document, _, _) = select_in_turn(&mut harness, "always a busy week", 125.0);
    let text = chars_of(&harness, document);

    // A name that is no code offers to create one, as the last entry.
    harness.key_press(egui::Key::C);
    harness.run();
    harness
        .get_by_label("Code to apply")
        .type_text("Weekly rhythm");
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Create code \"Weekly rhythm\"")
            .is_some()
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(bench_count(&harness, "Weekly rhythm"), 1);
    assert!(undo_label_is(&mut harness, "apply new code Weekly rhythm"));
    undo_from_menu(&mut harness, "apply new code Weekly rhythm");
    assert!(
        workbench_of(&harness)
            .project()
            .find_code("Weekly rhythm")
            .is_none()
    );

    // I codes in vivo: the selected words name a new code.
    let (_, from, to) = harness.state().selection().expect("still selected");
    let in_vivo = one_line(&text[from..to].iter().collect::<String>());
    harness.key_press(egui::Key::I);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert_eq!(bench_count(&harness, &in_vivo), 1, "code {in_vivo:?}");
    assert!(undo_label_is(
        &mut harness,
        &format!("code in vivo {in_vivo}")
    ));
    undo_from_menu(&mut harness, "code in vivo");
    assert!(
        workbench_of(&harness)
            .project()
            .find_code(&in_vivo)
            .is_none()
    );
    assert_eq!(
        workbench_of(&harness).project().codings.len(),
        codings_at_start
    );

    // Letters typed into a text field are words, not shortcuts.
    harness.get_by_label("Filter documents").click();
    harness.run();
    harness.key_press(egui::Key::C);
    harness.run();
    assert!(harness.query_by_label("Code to apply").is_none());
    harness.key_press(egui::Key::Escape);
    harness.run();
}

#[test]
fn a_segment_gets_a_memo_is_recoded_keeping_it_and_uncoded_with_undo() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut harness, _) = zoes_interview(dir.path());

    // The Hope segments: write a memo, recode keeping it, uncode.
    let hope_row = code_row_label(workbench_of(&harness), "Hope");
    harness
        .get_by_role_and_label(Role::Button, &hope_row)
        .click();
    harness.run();
    let first = {
        let project = workbench_of(&harness).project();
        let hope = project.find_code("Hope").expect("Hope").id;
        let segments = project.segments(&SegmentFilter {
            code: Some(hope),
            include_child_codes: true,
            ..SegmentFilter::default()
        });
        let segment = segments.first().expect("Hope has segments");
        (segment.coding.id, first_chars(segment.quote, 30))
    };
    let (coding, quote) = first;
    let row = format!("“{quote}");
    context_item(&mut harness, &row, "Edit memo…");
    harness
        .get_by_label("Memo on this segment")
        .type_text("Hope as something the peer carries into the room.");
    harness.run();
    harness.get_by_label("Save memo").click();
    harness.run();
    let memo = |harness: &Harness<'_, PolyphonyApp>| {
        workbench_of(harness)
            .project()
            .codings
            .get(&coding)
            .map(|coding| coding.memo.clone())
    };
    assert_eq!(
        memo(&harness).as_deref(),
        Some("Hope as something the peer carries into the room.")
    );
    assert!(undo_label_is(
        &mut harness,
        "edit the memo of a segment of Hope"
    ));

    context_item(&mut harness, &row, "Recode to…");
    pick(&mut harness, "Code to recode as", "bounda");
    let boundaries = workbench_of(&harness)
        .project()
        .find_code("Boundaries")
        .expect("Boundaries")
        .id;
    let recoded = workbench_of(&harness).project().codings[&coding].clone();
    assert_eq!(recoded.code, boundaries);
    assert_eq!(
        recoded.memo, "Hope as something the peer carries into the room.",
        "recoding keeps the memo"
    );
    assert!(undo_label_is(&mut harness, "recode Hope as Boundaries"));
    undo_from_menu(&mut harness, "recode Hope as Boundaries");
    assert_ne!(
        workbench_of(&harness).project().codings[&coding].code,
        boundaries
    );

    let hope_now = bench_count(&harness, "Hope");
    context_item(&mut harness, &row, "Uncode");
    assert!(
        !workbench_of(&harness)
            .project()
            .codings
            .contains_key(&coding)
    );
    assert_eq!(bench_count(&harness, "Hope"), hope_now - 1);
    assert!(undo_label_is(&mut harness, "uncode Hope"));
    undo_from_menu(&mut harness, "uncode Hope");
    assert_eq!(
        memo(&harness).as_deref(),
        Some("Hope as something the peer carries into the room.")
    );
}

#[test]
fn codes_merge_and_delete_each_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut harness, codings_at_start) = zoes_interview(dir.path());

    // Merging Self-disclosure into Lived experience: one step, counts add up.
    let source = bench_count(&harness, "Self-disclosure");
    let target = bench_count(&harness, "Lived experience in the room");
    let duplicates = {
        let project = workbench_of(&harness).project();
        let id = |name: &str| project.find_code(name).expect("a demo code").id;
        let (from, into) = (id("Self-disclosure"), id("Lived experience in the room"));
        project
            .codings
            .values()
            .filter(|a| a.code == from)
            .filter(|a| {
                project.codings.values().any(|b| {
                    b.code == into && (b.document, b.start, b.end) == (a.document, a.start, a.end)
                })
            })
            .count()
    };
    assert!(source > 0);
    let source_row = code_row_label(workbench_of(&harness), "Self-disclosure");
    context_item(&mut harness, &source_row, "Merge into…");
    pick(&mut harness, "Code to merge into", "lived");
    assert_eq!(harness.state().error(), None);
    assert!(
        workbench_of(&harness)
            .project()
            .find_code("Self-disclosure")
            .is_none()
    );
    assert_eq!(
        bench_count(&harness, "Lived experience in the room"),
        target + source - duplicates
    );
    assert!(
        button_containing(&harness, "Self-disclosure").is_none(),
        "the merged code left the codebook"
    );
    assert!(undo_label_is(
        &mut harness,
        "merge code Self-disclosure into Lived experience in the room"
    ));
    undo_from_menu(&mut harness, "merge code Self-disclosure");
    assert_eq!(bench_count(&harness, "Self-disclosure"), source);
    assert_eq!(
        bench_count(&harness, "Lived experience in the room"),
        target
    );

    // Deleting asks first, saying how many codings go with the code.
    let doomed = bench_count(&harness, "Boundaries");
    let boundaries_row = code_row_label(workbench_of(&harness), "Boundaries");
    context_item(&mut harness, &boundaries_row, "Delete…");
    let question = format!("Delete \"Boundaries\" and its {doomed} codings?");
    assert!(
        harness.query_by_label(&question).is_some(),
        "the confirmation says {question:?}"
    );
    harness
        .get_by_role_and_label(Role::Button, "Delete")
        .click();
    harness.run();
    assert!(
        workbench_of(&harness)
            .project()
            .find_code("Boundaries")
            .is_none()
    );
    assert_eq!(
        workbench_of(&harness).project().codings.len(),
        codings_at_start - doomed
    );
    assert!(undo_label_is(&mut harness, "delete code Boundaries"));
    undo_from_menu(&mut harness, "delete code Boundaries");
    assert_eq!(bench_count(&harness, "Boundaries"), doomed);
    assert_eq!(
        workbench_of(&harness).project().codings.len(),
        codings_at_start
    );
}

/// The code called `name`, if the window's project has one.
fn code_named(harness: &Harness<'_, PolyphonyApp>, name: &str) -> Option<polyphony::model::Code> {
    workbench_of(harness).project().find_code(name).cloned()
}

/// Makes a code `name` with the Codes panel's New code button, and checks it
/// is listed with its counts as one undo step.
fn new_code_from_the_panel(harness: &mut Harness<'_, PolyphonyApp>, name: &str) {
    harness
        .get_by_role_and_label(Role::Button, "New code…")
        .click();
    harness.run();
    harness.get_by_label("Name of the new code").type_text(name);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(code_named(harness, name).is_some());
    assert!(
        harness
            .query_by_role_and_label(Role::Button, &format!("{name} 0 · 0 docs"))
            .is_some(),
        "the new code is listed with its counts"
    );
    assert!(undo_label_is(harness, &format!("create code {name}")));
}

#[test]
fn the_codebook_creates_renames_recolours_and_describes_a_code_each_as_one_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let mut harness = strict_harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    let code = code_named;
    new_code_from_the_panel(&mut harness, "Belonging");

    // Rename.
    context_item(&mut harness, "Belonging 0 · 0 docs", "Rename…");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("Connection");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Rename")
        .click();
    harness.run();
    assert!(code(&harness, "Belonging").is_none());
    assert!(code(&harness, "Connection").is_some());
    assert!(undo_label_is(
        &mut harness,
        "rename code Belonging to Connection"
    ));

    // Recolour from the palette.
    let row = "Connection 0 · 0 docs";
    button_containing(&harness, row)
        .expect("the renamed row")
        .click_secondary();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Recolour")
        .click();
    harness.run();
    button_containing(&harness, "Purple")
        .expect("a purple swatch")
        .click();
    harness.run();
    assert_eq!(
        code(&harness, "Connection").map(|code| code.color),
        Some("#b07aa1".to_owned())
    );
    assert!(undo_label_is(&mut harness, "recolour code Connection"));

    // Describe.
    context_item(&mut harness, row, "Describe…");
    harness
        .get_by_label("Description")
        .type_text("Feeling part of the team.");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert_eq!(
        code(&harness, "Connection").map(|code| code.description),
        Some("Feeling part of the team.".to_owned())
    );
    assert!(undo_label_is(&mut harness, "describe code Connection"));

    for label in [
        "describe code Connection",
        "recolour code Connection",
        "rename code Belonging to Connection",
        "create code Belonging",
    ] {
        undo_from_menu(&mut harness, label);
    }
    assert!(code(&harness, "Connection").is_none());
    assert!(code(&harness, "Belonging").is_none());
}

#[test]
fn the_codebook_moves_a_code_under_another_chosen_with_the_arrow_keys_and_back() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let mut harness = strict_harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    let code = code_named;
    new_code_from_the_panel(&mut harness, "Connection");
    let row = "Connection 0 · 0 docs";

    // In the picker the arrow keys choose among the matches.
    context_item(&mut harness, row, "Move under…");
    harness.get_by_label("New parent code").type_text("peer");
    harness.run();
    let paths: Vec<String> = {
        let project = workbench_of(&harness).project();
        project
            .codes
            .keys()
            .map(|id| project.code_path(*id))
            .collect()
    };
    let listed: Vec<String> = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| paths.iter().any(|path| *path == *label))
        })
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert!(
        listed.len() >= 2,
        "several codes match \"peer\": {listed:?}"
    );
    assert!(
        listed
            .iter()
            .all(|path| path.to_lowercase().contains("peer"))
    );
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let second = workbench_of(&harness)
        .project()
        .find_code(&listed[1])
        .map(|code| code.id);
    assert_eq!(
        code(&harness, "Connection").and_then(|code| code.parent),
        second,
        "Down then Enter chose the second match, {}",
        listed[1]
    );
    undo_from_menu(&mut harness, "move code Connection under");

    // Move under another code, and back to the top level.
    context_item(&mut harness, row, "Move under…");
    pick(&mut harness, "New parent code", "the peer role");
    let parent = code(&harness, "The peer role").expect("a demo code").id;
    assert_eq!(
        code(&harness, "Connection").and_then(|code| code.parent),
        Some(parent)
    );
    assert!(undo_label_is(
        &mut harness,
        "move code Connection under The peer role"
    ));
    context_item(&mut harness, row, "Move to top level");
    assert_eq!(
        code(&harness, "Connection").and_then(|code| code.parent),
        None
    );
    assert!(undo_label_is(
        &mut harness,
        "move code Connection to the top level"
    ));

    for label in [
        "move code Connection to the top level",
        "move code Connection under",
        "create code Connection",
    ] {
        undo_from_menu(&mut harness, label);
    }
    assert!(code(&harness, "Connection").is_none());
}

/// Presses the primary button on `from`, moves in small steps to wherever
/// `target` then finds (it may only appear once a drag is under way), and
/// releases there, a frame per step, as a person dragging a code does.
fn drag_onto(
    harness: &mut Harness<'_, PolyphonyApp>,
    from: egui::Pos2,
    target: impl Fn(&Harness<'_, PolyphonyApp>) -> egui::Pos2,
) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=3 {
        harness.hover_at(from + egui::vec2(0.0, 4.0 * step as f32));
        harness.run();
    }
    let to = target(harness);
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
}

#[test]
fn codes_move_in_the_tree_by_drag_and_drop() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let mut harness = strict_harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    let code = |harness: &Harness<'_, PolyphonyApp>, name: &str| {
        workbench_of(harness)
            .project()
            .find_code(name)
            .cloned()
            .expect("a demo code")
    };
    // A code's row is labelled with its name and then its counts.
    let row_centre = |harness: &Harness<'_, PolyphonyApp>, name: &str| {
        let prefix = format!("{name} ");
        harness
            .get_by(|node| {
                node.role() == Role::Button
                    && node.label().is_some_and(|label| {
                        label
                            .strip_prefix(&prefix)
                            .is_some_and(|counts| counts.starts_with(|c: char| c.is_ascii_digit()))
                    })
            })
            .rect()
            .center()
    };
    let meetings = code(&harness, "Peer in network meetings");
    assert_eq!(code(&harness, "Hope").parent, Some(meetings.id));
    let parent = code(&harness, "The peer role");

    // Dropping Hope on "The peer role" moves it under that code.
    let from = row_centre(&harness, "Hope");
    drag_onto(&mut harness, from, |harness| {
        row_centre(harness, "The peer role")
    });
    assert_eq!(harness.state().error(), None);
    assert_eq!(code(&harness, "Hope").parent, Some(parent.id));
    assert!(undo_label_is(
        &mut harness,
        "move code Hope under The peer role"
    ));

    // A code cannot go under a code beneath it: refused, with the reason.
    let from = row_centre(&harness, "The peer role");
    drag_onto(&mut harness, from, |harness| row_centre(harness, "Hope"));
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("cannot go under")),
        "{:?}",
        harness.state().error()
    );
    assert_eq!(code(&harness, "The peer role").parent, None);
    harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .click();
    harness.run();

    // While a code is dragged, a strip below the tree takes it back to the
    // top level.
    assert!(
        harness
            .query_by_label("Drop here to move to the top level")
            .is_none(),
        "the strip shows only during a drag"
    );
    let from = row_centre(&harness, "Hope");
    drag_onto(&mut harness, from, |harness| {
        harness
            .get_by_label("Drop here to move to the top level")
            .rect()
            .center()
    });
    assert_eq!(code(&harness, "Hope").parent, None);
    assert!(undo_label_is(
        &mut harness,
        "move code Hope to the top level"
    ));
    undo_from_menu(&mut harness, "move code Hope to the top level");
    assert_eq!(code(&harness, "Hope").parent, Some(parent.id));
}

#[test]
fn segments_are_picked_out_resized_and_uncoded_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    let zoe = button_containing(&harness, "zoe-adebayo")
        .expect("Zoë's interview is listed")
        .rect()
        .center();
    click_at(&mut harness, zoe);
    let document = harness
        .state()
        .workbench()
        .and_then(|bench| {
            bench
                .project()
                .documents
                .values()
                .find(|document| document.name.contains("zoe-adebayo"))
        })
        .map(|document| document.id)
        .expect("Zoë's interview is open");
    // Paragraphs are numbered for screen readers as on screen.
    assert!(harness.query_by_label("Paragraph 1").is_some());
    assert!(harness.query_by_label("Paragraph 2").is_some());

    // ] picks out the transcript's first segment and selects it; [ goes back
    // round to the last.
    let codings: Vec<polyphony::model::Coding> = workbench_of(&harness)
        .project()
        .codings_in(document)
        .into_iter()
        .cloned()
        .collect();
    assert!(codings.len() >= 2, "Zoë's interview is coded");
    harness.key_press(egui::Key::CloseBracket);
    harness.run();
    let first = &codings[0];
    assert_eq!(
        harness.state().selection(),
        Some((document, first.start, first.end))
    );
    harness.key_press(egui::Key::OpenBracket);
    harness.run();
    let last = &codings[codings.len() - 1];
    assert_eq!(
        harness.state().selection(),
        Some((document, last.start, last.end))
    );
    harness.key_press(egui::Key::CloseBracket);
    harness.run();

    // M opens the segment's memo.
    harness.key_press(egui::Key::M);
    harness.run();
    assert!(harness.query_by_label("Memo on this segment").is_some());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Memo on this segment").is_none());

    // E makes the segment cover the selection instead: select some words of
    // its turn by dragging, and the segment takes exactly that extent.
    let code_name = workbench_of(&harness).project().codes[&first.code]
        .name
        .clone();
    let text = workbench_of(&harness).project().documents[&document]
        .text
        .clone();
    let words = polyphony::model::text::slice_chars(&text, first.start, first.end).to_owned();
    let (_, new_start, new_end) = select_in_turn(&mut harness, &first_chars(&words, 24), 160.0);
    assert_ne!((new_start, new_end), (first.start, first.end));
    harness.key_press(egui::Key::E);
    harness.run();
    assert_eq!(harness.state().error(), None);
    let resized = &workbench_of(&harness).project().codings[&first.id];
    assert_eq!((resized.start, resized.end), (new_start, new_end));
    assert_eq!(resized.code, first.code, "resizing keeps the code");
    assert!(undo_label_is(
        &mut harness,
        &format!("resize a segment of {code_name}")
    ));

    // U uncodes it, and Undo brings it back as it was.
    harness.key_press(egui::Key::U);
    harness.run();
    assert!(
        !workbench_of(&harness)
            .project()
            .codings
            .contains_key(&first.id)
    );
    assert!(undo_label_is(&mut harness, &format!("uncode {code_name}")));
    undo_from_menu(&mut harness, &format!("uncode {code_name}"));
    undo_from_menu(&mut harness, &format!("resize a segment of {code_name}"));
    let restored = &workbench_of(&harness).project().codings[&first.id];
    assert_eq!((restored.start, restored.end), (first.start, first.end));
}

#[test]
fn the_window_reads_a_transcripts_text_only_when_it_is_shown() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("demo.polyphony");
    let (bench, _) =
        polyphony::workbench::build_demo(&path, &polyphony::workbench::default_corpus_dir())
            .expect("the demo project builds");
    let documents = bench.project().documents.len();
    drop(bench);
    let mut harness = harness_for(PolyphonyApp::opening(&path).without_file_dialogs());
    let held = |harness: &Harness<'_, PolyphonyApp>| {
        harness.state().workbench().map_or(0, |bench| {
            bench
                .project()
                .documents
                .values()
                .filter(|document| document.has_text())
                .count()
        })
    };
    let bench = harness.state().workbench().expect("the project opened");
    assert_eq!(bench.project().documents.len(), documents);
    assert!(
        !bench.project().codings.is_empty(),
        "every coding is held, for the codebook's counts"
    );
    let at_open = held(&harness);
    assert!(
        at_open < documents,
        "{at_open} of {documents} texts were read before any was shown"
    );
    // The segments list shows quotes, read for the rows in view, not "…".
    assert!(
        harness
            .query_all_by(|node| node.label().is_some_and(|label| label.starts_with("“…”")))
            .next()
            .is_none(),
        "a segment row still waits for its text"
    );

    let zoe =
        button_containing(&harness, "peer-01-zoe-adebayo").expect("Zoë's interview is listed");
    zoe.click();
    harness.run();
    assert!(label_shows(&harness, "It's always a busy week"));
    let zoe_id = harness
        .state()
        .workbench()
        .and_then(|bench| bench.project().find_document("peer-01-zoe-adebayo"))
        .map(|document| document.id)
        .expect("Zoë's interview");
    assert!(
        harness
            .state()
            .workbench()
            .is_some_and(|bench| bench.has_text(zoe_id))
    );
}

#[test]
fn a_second_window_opens_a_project_held_elsewhere_read_only_and_still_reads_its_transcripts() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("demo.polyphony");
    let (holder, _) =
        polyphony::workbench::build_demo(&path, &polyphony::workbench::default_corpus_dir())
            .expect("the demo project builds");
    let mut harness = harness_for(PolyphonyApp::opening(&path).without_file_dialogs());
    assert_eq!(harness.state().error(), None);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|notice| notice.contains("opened read-only")),
        "the window says why it cannot write: {:?}",
        harness.state().notice()
    );
    assert!(
        harness
            .state()
            .workbench()
            .is_some_and(Workbench::is_read_only)
    );
    button_containing(&harness, "peer-01-zoe-adebayo")
        .expect("Zoë's interview is listed")
        .click();
    harness.run();
    assert!(label_shows(&harness, "It's always a busy week"));
    drop(holder);
}
