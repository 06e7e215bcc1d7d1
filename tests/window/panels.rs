//! Drives the window's retrieval panels with egui_kittest, by accessible role
//! and label: the Segments panel's filters (code with or without its child
//! codes, document, speaker, participant attribute and value, coder) and its
//! jump to a segment; the Search panel; autocoding; memos and the journal.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use polyphony::gui::PolyphonyApp;
use polyphony::model::SegmentFilter;
use polyphony::workbench::Workbench;

use crate::support::one_line;
use crate::support::window::{harness_sized, undo_label_is, workbench_of};

/// A harness on `app`, wide enough for the Segments panel's filters.
fn harness_for(app: PolyphonyApp) -> Harness<'static, PolyphonyApp> {
    harness_sized(app, egui::vec2(1600.0, 1000.0), true)
}

fn demo() -> (tempfile::TempDir, Workbench) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = crate::support::demo(dir.path());
    (dir, bench)
}

fn count_label(count: usize) -> String {
    if count == 1 {
        "1 segment".to_owned()
    } else {
        format!("{count} segments")
    }
}

fn segments_shown(harness: &Harness<'_, PolyphonyApp>, filter: &SegmentFilter) -> bool {
    let count = workbench_of(harness).project().segments(filter).len();

    harness.query_by_label(&count_label(count)).is_some()
}

/// Checks that the segment rows in view are the first of the model's
/// segments for `filter`, in its order (the panel sorts them itself).
fn rows_in_model_order(harness: &Harness<'_, PolyphonyApp>, filter: &SegmentFilter) {
    let mut rows: Vec<(f32, String)> = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| label.starts_with('“') && label.contains("\n— "))
        })
        .map(|node| {
            (
                node.rect().top(),
                one_line(&node.accesskit_node().label().unwrap_or_default()),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(rows.len() >= 3, "only {} rows in view", rows.len());
    let project = workbench_of(harness).project();
    for ((_, row), segment) in rows.iter().zip(project.segments(filter)) {
        let quote: String = one_line(segment.quote).chars().take(30).collect();
        let source = format!(
            "· {} · {}",
            segment.document.name,
            project.code_path(segment.code.id)
        );
        assert!(
            row.starts_with(&format!("“{quote}")) && row.contains(&source),
            "the row “{row}” is the segment “{quote}” {source}"
        );
    }
}

/// Opens the combo box labelled `combo` and chooses `option` in it.
fn choose(harness: &mut Harness<'_, PolyphonyApp>, combo: &str, option: &str) {
    harness
        .query_all_by(|node| {
            node.role() == Role::ComboBox && node.label().is_some_and(|label| label == combo)
        })
        .next()
        .unwrap_or_else(|| panic!("a combo box labelled {combo}"))
        .click();
    harness.run();

    harness
        .query_all_by(|node| {
            node.label().is_some_and(|label| label == option)
                && node.role() != Role::Label
                && node.role() != Role::ComboBox
        })
        .last()
        .unwrap_or_else(|| panic!("{combo} offers {option}"))
        .scroll_to_me();
    harness.run();
    harness
        .query_all_by(|node| {
            node.label().is_some_and(|label| label == option)
                && node.role() != Role::Label
                && node.role() != Role::ComboBox
        })
        .last()
        .unwrap_or_else(|| panic!("{combo} still offers {option}"))
        .click();
    harness.run();
}

#[test]
fn the_segments_panel_lists_every_segment_then_filters_by_a_code_with_or_without_its_children() {
    let (_dir, bench) = demo();
    let project = bench.project();
    // A code with codes under it, to see the child-codes checkbox work.
    let parent = project
        .codes
        .values()
        .filter(|code| {
            project
                .codes
                .values()
                .any(|child| child.parent == Some(code.id))
        })
        .max_by_key(|code| {
            project
                .segments(&SegmentFilter {
                    code: Some(code.id),
                    include_child_codes: true,
                    ..SegmentFilter::default()
                })
                .len()
        })
        .expect("the demo codebook has a tree")
        .clone();
    let everything = project.segments(&SegmentFilter::default()).len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));

    // Every segment is listed before a code is chosen, with its count.
    assert!(harness.query_by_label(&count_label(everything)).is_some());
    for filter in [
        "Code filter",
        "Document filter",
        "Speaker filter",
        "Attribute filter",
        "Coder filter",
    ] {
        assert!(
            harness.query_by_label(filter).is_some(),
            "the {filter} is labelled"
        );
    }

    // Choosing the parent code in the codebook filters the list by it and the
    // codes under it; unticking "With child codes" leaves its own codings.
    harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| label.starts_with(&format!("{} ", parent.name)))
        })
        .next()
        .expect("the codebook lists the code")
        .click();
    harness.run();
    let mut filter = SegmentFilter {
        code: Some(parent.id),
        include_child_codes: true,
        ..SegmentFilter::default()
    };
    assert!(segments_shown(&harness, &filter));
    rows_in_model_order(&harness, &filter);
    let with_children = workbench_of(&harness).project().segments(&filter).len();
    harness
        .get_by_role_and_label(Role::CheckBox, "With child codes")
        .click();
    harness.run();
    filter.include_child_codes = false;
    assert!(segments_shown(&harness, &filter));
    assert!(
        workbench_of(&harness).project().segments(&filter).len() < with_children,
        "the child codes' segments are gone"
    );
    assert!(
        harness
            .query_by_label(&format!(
                "Segments of {} ({})",
                parent.name,
                workbench_of(&harness).project().segments(&filter).len()
            ))
            .is_some()
    );

    // Back to any code.
    choose(&mut harness, "Code filter", "Any code");
    filter = SegmentFilter::default();
    filter.include_child_codes = false;
    assert!(segments_shown(&harness, &filter));
}

#[test]
fn the_segments_panel_filters_by_speaker_attribute_document_and_coder() {
    let (_dir, bench) = demo();
    let everything = bench.project().segments(&SegmentFilter::default()).len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    let mut filter = SegmentFilter::default();

    // By speaker.
    choose(&mut harness, "Speaker filter", "Zoë Adebayo");
    filter.speaker = Some("Zoë Adebayo".to_owned());
    assert!(segments_shown(&harness, &filter));
    let zoe = workbench_of(&harness).project().segments(&filter).len();
    assert!(zoe > 0 && zoe < everything, "Zoë's segments only");
    let rows = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| one_line(&label).contains("— Zoë Adebayo ·"))
        })
        .count();
    assert!(rows > 0, "her rows name her as the speaker");

    // By participant attribute: non-peer practitioners said nothing Zoë did.
    choose(&mut harness, "Speaker filter", "Any speaker");
    choose(&mut harness, "Attribute filter", "group");
    choose(&mut harness, "Attribute value", "non-peer");
    filter.speaker = None;
    filter.attributes = vec![("group".to_owned(), "non-peer".to_owned())];
    assert!(segments_shown(&harness, &filter));
    let non_peer = workbench_of(&harness).project().segments(&filter).len();
    assert!(non_peer > 0 && non_peer < everything);

    // By document, together with the attribute.
    let document = workbench_of(&harness)
        .project()
        .documents_by_name()
        .into_iter()
        .find(|document| document.name.starts_with("nonpeer") || document.name.contains("06"))
        .map(|document| (document.id, document.name.clone()));
    if let Some((id, name)) = document {
        choose(&mut harness, "Document filter", &name);
        filter.document = Some(id);
        assert!(segments_shown(&harness, &filter));
    }

    // By coder: everything in the demo is by its one coder.
    let coder = workbench_of(&harness).coder().clone();
    choose(&mut harness, "Coder filter", &coder.name);
    filter.coder = Some(coder.id);
    assert!(segments_shown(&harness, &filter));
}

#[test]
fn clicking_a_segment_opens_it_in_its_transcript() {
    let (_dir, bench) = demo();
    let project = bench.project();
    let segment = project
        .segments(&SegmentFilter::default())
        .into_iter()
        .next()
        .expect("the demo is coded");
    let quote: String = one_line(segment.quote).chars().take(30).collect();
    let document = segment.document.name.clone();
    let speaker = segment.speaker.unwrap_or("no speaker").to_owned();
    let path = project.code_path(segment.code.id);
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    let row = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| one_line(&label).starts_with(&format!("“{quote}")))
        })
        .next()
        .expect("the segment is listed with its quote")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(
        one_line(&row).contains(&format!("— {speaker} · {document} · {path}")),
        "the row names its speaker, document and code path: {row}"
    );
    harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| one_line(&label).starts_with(&format!("“{quote}")))
        })
        .next()
        .expect("the segment is listed with its quote")
        .click();
    harness.run();
    assert!(
        harness.query_by_label(&document).is_some(),
        "its document ({document}) is open"
    );
}

/// Types `query` into the menu bar's search box and presses Enter.
fn search_for(harness: &mut Harness<'_, PolyphonyApp>, query: &str) {
    harness.get_by_label("Search transcripts").click();
    harness.run();
    harness.get_by_label("Search transcripts").type_text(query);
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn the_search_panel_groups_hits_by_document_explains_bad_queries_and_jumps() {
    let (_dir, mut bench) = demo();
    let results = bench
        .search(&polyphony::index::Query::words("jargon"), 200)
        .expect("the demo can be searched");
    let first = results
        .hits
        .first()
        .expect("the demo mentions jargon")
        .clone();
    let in_first = results
        .hits
        .iter()
        .filter(|hit| hit.document == first.document)
        .count();
    let mut zoe_only = polyphony::index::Query::words("jargon");
    zoe_only.filter.speaker = Some("Zoë Adebayo".to_owned());
    let zoe_hits = bench
        .search(&zoe_only, 200)
        .expect("a filtered search")
        .hits
        .len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));

    search_for(&mut harness, "jargon");
    let header = format!("{} ({in_first})", first.document_name);
    assert!(
        harness.query_by_label(&header).is_some(),
        "the hits are grouped under “{header}”"
    );
    assert!(
        harness
            .query_by_label_contains(&format!("{} hits for “jargon”", results.hits.len()))
            .is_some()
    );
    // A keyword-in-context line: the words before, the match, the words after.
    let context = one_line(&format!("{}{}{}", first.before, first.matched, first.after));
    let line = harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| one_line(&label).contains(&context))
        })
        .next()
        .expect("the hit is listed in context");
    line.click();
    harness.run();
    assert!(
        harness.query_by_label(&first.document_name).is_some(),
        "clicking the hit opens its document"
    );

    // Only Zoë's hits, with the speaker filter.
    choose(&mut harness, "Search speaker", "Zoë Adebayo");
    harness
        .get_by_role_and_label(Role::Button, "Run search")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains(&format!("{zoe_hits} hit"))
            .is_some(),
        "{zoe_hits} hits of Zoë's"
    );
    choose(&mut harness, "Search speaker", "Any speaker");

    // A query that cannot be read is explained in the panel.
    harness
        .get_by_role_and_label(Role::CheckBox, "Regular expression")
        .click();
    harness.run();
    harness.get_by_label("Search for").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Search for").type_text("(unclosed");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Run search")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("the regular expression is not valid")
            .is_some(),
        "the bad regular expression is explained"
    );
    assert!(harness.state().error().is_none(), "not as a window error");
}

#[test]
fn code_all_hits_autocodes_as_one_undo_step() {
    let (_dir, mut bench) = demo();
    let hits = bench
        .search(&polyphony::index::Query::words("jargon"), 200)
        .expect("the demo can be searched")
        .hits;
    let codings = bench.project().codings.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    search_for(&mut harness, "jargon");
    harness
        .get_by_role_and_label(Role::Button, "Code all hits…")
        .click();
    harness.run();
    assert!(harness.query_by_label("Autocode").is_some());
    harness.get_by_label("New code name").click();
    harness.run();
    harness
        .get_by_label("New code name")
        .type_text("Jargon talk");
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Its sentence")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Code the passages")
        .click();
    harness.run();
    let project = workbench_of(&harness).project();
    let code = project
        .find_code("Jargon talk")
        .expect("the new code is made");
    let added = project
        .codings
        .values()
        .filter(|coding| coding.code == code.id)
        .count();
    assert!(added > 0 && added <= hits.len());
    assert_eq!(project.codings.len(), codings + added);
    assert!(
        undo_label_is(
            &mut harness,
            &format!(
                "autocode {added} passage{} as Jargon talk",
                if added == 1 { "" } else { "s" }
            )
        ),
        "one undo step names the autocode"
    );
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|label| label.starts_with("Undo: autocode"))
        })
        .next()
        .expect("the Undo item")
        .click();
    harness.run();
    let project = workbench_of(&harness).project();
    assert_eq!(
        project.codings.len(),
        codings,
        "one undo takes every coding back"
    );
    assert!(project.find_code("Jargon talk").is_none());
}

#[test]
fn code_every_turn_of_a_speaker_from_the_segments_panel() {
    let (_dir, bench) = demo();
    let turns = polyphony::workbench::autocode::speaker_turns(bench.project(), "Zoë Adebayo");
    let hope = bench.project().find_code("Hope").expect("Hope").id;
    let hope_path = bench.project().code_path(hope);
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    choose(&mut harness, "Speaker filter", "Zoë Adebayo");
    harness
        .get_by_role_and_label(Role::Button, "Code every turn of Zoë Adebayo…")
        .click();
    harness.run();
    choose(&mut harness, "Code to apply", &hope_path);
    harness
        .get_by_role_and_label(Role::RadioButton, "Its turn")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Code the passages")
        .click();
    harness.run();
    let project = workbench_of(&harness).project();
    for turn in &turns {
        assert!(
            project.codings.values().any(|coding| coding.code == hope
                && coding.document == turn.document
                && coding.start == turn.start
                && coding.end == turn.end),
            "every turn of Zoë's is coded Hope"
        );
    }
    assert!(harness.state().error().is_none());
}

#[test]
fn memos_and_journal_entries_are_written_edited_found_and_deleted_with_undo() {
    let (_dir, bench) = demo();
    let memos_before = bench.project().memos.len();
    let hope = bench.project().find_code("Hope").expect("Hope").id;
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));

    // A memo on a code, from the code's right-click menu.
    harness
        .query_all_by(|node| {
            node.role() == Role::Button
                && node.label().is_some_and(|label| label.starts_with("Hope "))
        })
        .next()
        .expect("the codebook lists Hope")
        .click_secondary();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "New memo on this code")
        .click();
    harness.run();
    assert_eq!(
        workbench_of(&harness).project().memos.len(),
        memos_before + 1
    );
    assert!(
        harness.query_by_label_contains("code ").is_some()
            && harness.query_by_label("Memos").is_some(),
        "the Memos panel opens on it"
    );
    harness.get_by_label("Memo title").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Memo title")
        .type_text("Hope as practice");
    harness.get_by_label("Memo text").click();
    harness.run();
    harness
        .get_by_label("Memo text")
        .type_text("Peers speak of hope as something done together.");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save memo")
        .click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let memo = workbench_of(&harness)
        .project()
        .memos
        .values()
        .find(|memo| memo.title == "Hope as practice")
        .expect("the memo is saved with its new title")
        .clone();
    assert_eq!(memo.body, "Peers speak of hope as something done together.");
    assert_eq!(memo.target, polyphony::model::Target::Code(hope));
    assert!(undo_label_is(&mut harness, "edit memo Hope as practice"));

    // A journal entry, dated and by the coder.
    harness
        .get_by_role_and_label(Role::Button, "New journal entry")
        .click();
    harness.run();
    let coder = workbench_of(&harness).coder().name.clone();
    assert!(
        harness
            .query_by_label_contains(&format!("· {coder} · journal entry"))
            .is_some(),
        "the entry is dated, by {coder}, a journal entry"
    );
    assert!(
        workbench_of(&harness)
            .project()
            .memos
            .values()
            .any(|memo| memo.target == polyphony::model::Target::Project)
    );

    // The filter searches bodies.
    harness.get_by_label("Filter memos").click();
    harness.run();
    harness
        .get_by_label("Filter memos")
        .type_text("done together");
    harness.run();
    assert!(harness.query_by_label("1 memo").is_some());

    // Delete asks first; Undo brings it back.
    harness
        .get_by_role_and_label(Role::Button, "Delete memo Hope as practice…")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label("Delete “Hope as practice”?")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Yes, delete the memo")
        .click();
    harness.run();
    assert!(harness.query_by_label("0 memos").is_some());
    assert!(undo_label_is(&mut harness, "delete memo Hope as practice"));
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|label| label.starts_with("Undo: delete memo"))
        })
        .next()
        .expect("the Undo item")
        .click();
    harness.run();
    assert!(
        harness.query_by_label("1 memo").is_some(),
        "undo brings it back"
    );
}

/// The controls on screen that a screen reader could not name.
fn unlabelled_controls(harness: &Harness<'_, PolyphonyApp>) -> Vec<String> {
    harness
        .query_all_by(|node| {
            matches!(
                node.role(),
                Role::Button
                    | Role::CheckBox
                    | Role::ComboBox
                    | Role::RadioButton
                    | Role::TextInput
                    | Role::MultilineTextInput
            ) && node.label().is_none_or(|label| label.trim().is_empty())
        })
        .map(|node| format!("{:?}", node.accesskit_node().role()))
        .collect()
}

#[test]
fn every_control_of_the_new_panels_has_an_accessible_label() {
    let (_dir, bench) = demo();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    choose(&mut harness, "Attribute filter", "group");
    search_for(&mut harness, "hope");
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run();
    harness
        .query_all_by(|node| {
            node.role() != Role::Label && node.label().is_some_and(|label| label == "Memos")
        })
        .next()
        .expect("the View menu shows or hides the Memos panel")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "New journal entry")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Code all hits…")
        .click();
    harness.run();
    assert!(harness.query_by_label("Memo text").is_some());
    assert!(harness.query_by_label("Code to apply").is_some());
    assert!(harness.query_by_label("Search for").is_some());
    assert_eq!(unlabelled_controls(&harness), Vec::<String>::new());
}

/// A project of two interviews whose turns say only "Interviewer:" and "Participant:".
fn generic_interviews() -> (tempfile::TempDir, Workbench) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut bench =
        Workbench::create(&dir.path().join("p.polyphony"), "Ruth").expect("a new project");
    let mut paths = Vec::new();
    for name in ["int-01", "int-02"] {
        let path = dir.path().join(format!("{name}.txt"));
        std::fs::write(
            &path,
            "Interviewer: How was it?\n\nParticipant: Hard, then better.\n\nInterviewer: Why?\n\nParticipant: Hope.",
        )
        .expect("write");
        paths.push(path);
    }
    bench.import_paths(&paths, &mut |_| {}).expect("imported");
    (dir, bench)
}

fn participant_names(harness: &Harness<'_, PolyphonyApp>) -> Vec<String> {
    let mut names: Vec<String> = workbench_of(harness)
        .project()
        .participants
        .values()
        .map(|participant| participant.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn the_participants_window_merges_splits_renames_and_shares_interviewers_with_undo() {
    let (_dir, bench) = generic_interviews();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)));
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    harness.get_by_label("Participants…").click();
    harness.run();
    assert!(harness.query_by_label("Participant (int-01)").is_some());
    assert!(harness.query_all_by_label("in int-02").count() == 2);

    // Interviewers as one person, from the checkbox.
    harness
        .get_by_label_contains("are one person in every document")
        .click();
    harness.run();
    assert_eq!(
        participant_names(&harness),
        [
            "Interviewer",
            "Participant (int-01)",
            "Participant (int-02)"
        ]
    );
    assert!(undo_label_is(
        &mut harness,
        "make interviewer role labels one person"
    ));

    // Tick the two participants and merge them.
    harness
        .get_by_label("Tick Participant (int-01) to merge")
        .click();
    harness
        .get_by_label("Tick Participant (int-02) to merge")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    assert_eq!(
        participant_names(&harness),
        ["Interviewer", "Participant (int-01)"]
    );
    assert!(undo_label_is(
        &mut harness,
        "merge Participant (int-02) into Participant (int-01)"
    ));

    // Split them again, by document.
    harness
        .get_by_label("Make Participant (int-01) one participant in each of their 2 documents")
        .click();
    harness.run();
    assert_eq!(
        participant_names(&harness),
        [
            "Interviewer",
            "Participant (int-01)",
            "Participant (int-02)"
        ]
    );

    // Rename one.
    harness.get_by_label("Rename Participant (int-02)").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("New name").type_text("Leah");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save name")
        .click();
    harness.run();
    assert!(participant_names(&harness).contains(&"Leah".to_owned()));
    assert_eq!(unlabelled_controls(&harness), Vec::<String>::new());

    // Each was one step: four undos go back to the start.
    for _ in 0..4 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run();
    }
    assert_eq!(
        participant_names(&harness),
        [
            "Interviewer (int-01)",
            "Interviewer (int-02)",
            "Participant (int-01)",
            "Participant (int-02)"
        ]
    );
}

/// Whether the combo box labelled `combo` offers `option` when opened.
fn offers(harness: &mut Harness<'_, PolyphonyApp>, combo: &str, option: &str) -> bool {
    let open = |harness: &mut Harness<'_, PolyphonyApp>| {
        harness
            .query_all_by(|node| {
                node.role() == Role::ComboBox && node.label().is_some_and(|label| label == combo)
            })
            .next()
            .unwrap_or_else(|| panic!("a combo box labelled {combo}"))
            .click();
        harness.run();
    };
    open(harness);
    let offered = harness
        .query_all_by(|node| {
            node.label().is_some_and(|label| label == option)
                && node.role() != Role::Label
                && node.role() != Role::ComboBox
        })
        .next()
        .is_some();
    // A second click closes it again.
    open(harness);
    offered
}

#[test]
fn the_filters_offer_the_speakers_and_attributes_a_change_brings_and_undo_takes_away() {
    let (dir, bench) = demo();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    search_for(&mut harness, "hope");
    for combo in ["Attribute filter", "Search attribute"] {
        assert!(offers(&mut harness, combo, "group"), "{combo} offers group");
        assert!(!offers(&mut harness, combo, "cohort"), "not yet cohort");
    }
    for combo in ["Speaker filter", "Search speaker"] {
        assert!(offers(&mut harness, combo, "Zoë Adebayo"));
        assert!(!offers(&mut harness, combo, "Sam Quill"), "not yet Sam");
    }

    // A participants table with a new column brings a new attribute and value.
    let table = dir.path().join("cohorts.csv");
    std::fs::write(&table, "participant,cohort\nZoë Adebayo,2026 intake\n").expect("written");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import participants CSV…").click();
    harness.run();
    harness.get_by_label("Path of the participants CSV").click();
    harness.run();
    harness
        .get_by_label("Path of the participants CSV")
        .type_text(&table.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    for combo in ["Attribute filter", "Search attribute"] {
        assert!(
            offers(&mut harness, combo, "cohort"),
            "{combo} offers cohort"
        );
    }
    choose(&mut harness, "Attribute filter", "cohort");
    assert!(offers(&mut harness, "Attribute value", "2026 intake"));
    let filter = SegmentFilter {
        attributes: vec![("cohort".to_owned(), "2026 intake".to_owned())],
        ..SegmentFilter::default()
    };
    choose(&mut harness, "Attribute value", "2026 intake");
    assert!(segments_shown(&harness, &filter), "Zoë's segments only");

    // A transcript with a new speaker brings the speaker.
    let transcript = dir.path().join("extra-notes.txt");
    std::fs::write(
        &transcript,
        "Interviewer: What did you notice first?\n\n\
         Sam Quill: The kettle was always on, and that mattered more than any protocol.\n\n\
         Interviewer: And then?\n\n\
         Sam Quill: Then the meetings changed.\n",
    )
    .expect("written");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import transcripts…").click();
    harness.run();
    harness.get_by_label("Path to import").click();
    harness.run();
    harness
        .get_by_label("Path to import")
        .type_text(&transcript.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(
        workbench_of(&harness)
            .project()
            .find_document("extra-notes")
            .is_some(),
        "the transcript is imported"
    );
    for combo in ["Speaker filter", "Search speaker"] {
        assert!(
            offers(&mut harness, combo, "Sam Quill"),
            "{combo} offers Sam"
        );
    }

    // Undoing the import and the table takes them away again.
    for _ in 0..2 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run();
    }
    for combo in ["Speaker filter", "Search speaker"] {
        assert!(
            !offers(&mut harness, combo, "Sam Quill"),
            "{combo}: Sam is gone"
        );
    }
    assert!(!offers(&mut harness, "Search attribute", "cohort"));
    assert!(
        !offers(&mut harness, "Attribute filter", "cohort"),
        "the attribute filter no longer offers cohort"
    );
}
