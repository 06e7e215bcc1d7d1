//! Drives theme work in the real window with egui_kittest, by accessible role
//! and label: the themes board (create a theme, drop a code on its card, set
//! its status, read its history), the thematic map (drag a theme, and the
//! place is an undoable change), co-author review mode (sign in, say a theme
//! fits, raise a concern on a quote, with no coding controls in sight),
//! resolving a comment (declining needs a reason), the uncovered view, and
//! the File menu's report, map, packet and review-comment files.

use crate::support::window::{
    click_at, drag_in_steps, file_menu, harness_sized, type_into, workbench_of,
};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use polyphony::gui::PolyphonyApp;
use polyphony::model::{CommentKind, MapNode, ResolutionState, Target, ThemeStatus};

fn window(dir: &std::path::Path) -> Harness<'static, PolyphonyApp> {
    let bench = crate::support::demo(dir);
    harness_sized(
        PolyphonyApp::new(Some(bench)).without_file_dialogs(),
        egui::vec2(1500.0, 950.0),
        true,
    )
}

fn tab(harness: &mut Harness<'_, PolyphonyApp>, name: &str) {
    harness
        .get_by(|node| node.label().is_some_and(|label| label.starts_with(name)))
        .click();
    harness.run();
}

/// Scrolls the card of theme `theme` into view and clicks its button
/// `button`.
fn card_button(harness: &mut Harness<'_, PolyphonyApp>, theme: &str, button: &str) {
    let card = harness.get_by_label(&format!("Theme card: {theme}")).rect();
    harness
        .query_all_by(|node| node.role() == Role::Button && node.label().as_deref() == Some(button))
        .find(|node| card.contains(node.rect().center()))
        .unwrap_or_else(|| panic!("the card of {theme} has a {button} button"))
        .click();
    harness.run();
}

fn undo_label(harness: &mut Harness<'_, PolyphonyApp>) -> String {
    harness.get_by_label("Edit").click();
    harness.run();
    let label = harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|label| label.starts_with("Undo: "))
        })
        .next()
        .and_then(|node| node.accesskit_node().label())
        .unwrap_or_default();
    // The menu item ends with its shortcut.
    let label = label
        .trim_end_matches(" Ctrl+Z")
        .trim_end_matches(" Cmd+Z")
        .to_owned();
    harness.get_by_label("Edit").click();
    harness.run();
    label
}

/// The demo project's themes board, in a window with room for every card
/// without scrolling.
fn board(dir: &std::path::Path) -> Harness<'static, PolyphonyApp> {
    let mut harness = window(dir);
    harness.set_size(egui::vec2(2200.0, 1300.0));
    harness.run();
    tab(&mut harness, "Themes board");
    harness
}

#[test]
fn the_themes_board_creates_fills_reviews_and_traces_a_theme() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = board(dir.path());
    for name in [
        "The peer's influence on network meetings",
        "Opportunities and challenges of the peer role",
        "The peer's impact on team culture",
    ] {
        assert!(
            harness
                .query_by_label(&format!("Theme card: {name}"))
                .is_some(),
            "{name}"
        );
    }

    // New theme, from the board.
    harness
        .get_by_role_and_label(Role::Button, "New theme…")
        .click();
    harness.run();
    type_into(&mut harness, "Theme name", "Speaking plainly");
    type_into(
        &mut harness,
        "Central organising concept (one sentence)",
        "Peers bring everyday words into the meeting.",
    );
    harness
        .get_by_role_and_label(Role::Button, "Create")
        .click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let theme = workbench_of(&harness)
        .project()
        .find_theme("Speaking plainly")
        .expect("the theme is made")
        .clone();
    assert_eq!(
        theme.concept,
        "Peers bring everyday words into the meeting."
    );
    assert!(
        harness.query_by_label("New theme").is_none(),
        "the window closed"
    );

    // Drop the Plain language code from the codebook onto its card.
    let code = harness
        .get_by(|node| {
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|label| label.starts_with("Plain language "))
        })
        .rect()
        .center();
    let card = harness
        .get_by_label("Theme card: Speaking plainly")
        .rect()
        .center();
    drag_in_steps(&mut harness, code, card, 4);
    assert_eq!(harness.state().error(), None);
    let plain = workbench_of(&harness)
        .project()
        .find_code("Plain language")
        .expect("a code")
        .id;
    assert!(
        workbench_of(&harness).project().themes[&theme.id]
            .codes
            .contains(&plain)
    );
    assert_eq!(
        undo_label(&mut harness),
        "Undo: add code Plain language to theme Speaking plainly"
    );

    // Its status, from the card's More menu.
    card_button(&mut harness, "Speaking plainly", "More");
    harness
        .get_by_role_and_label(Role::Button, "Status")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "reviewed")
        .click();
    harness.run();
    assert_eq!(
        workbench_of(&harness).project().themes[&theme.id].status,
        ThemeStatus::Reviewed
    );

    // The history lists each version.
    card_button(&mut harness, "Speaking plainly", "History…");
    harness.run();
    assert!(
        harness
            .query_by_label("History of Speaking plainly")
            .is_some()
    );
    assert!(harness.query_by_label_contains("Version 3 ·").is_some());
    assert!(
        harness
            .query_by_label("mark theme Speaking plainly reviewed")
            .is_some()
    );
}

#[test]
fn a_themes_key_quotes_are_listed_unticked_as_one_step_and_shown_in_context() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = board(dir.path());
    // Key quotes: each segment of the theme, with its speaker and context;
    // unticking one takes it out (one undo step); "Show in context" opens
    // its transcript.
    let culture = "The peer's impact on team culture";
    let quotes_before = workbench_of(&harness)
        .project()
        .find_theme(culture)
        .map(|theme| theme.key_quotes.len())
        .unwrap_or_default();
    card_button(&mut harness, culture, "Key quotes…");
    assert!(
        harness
            .query_by_label(&format!("Key quotes of {culture}"))
            .is_some()
    );
    assert!(harness.query_by_label_contains("By participant:").is_some());
    harness
        .query_all_by(|node| {
            node.role() == Role::CheckBox && node.label().as_deref() == Some("Key quote")
        })
        .find(|node| node.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
        .expect("a chosen key quote")
        .click();
    harness.run();
    let after = workbench_of(&harness)
        .project()
        .find_theme(culture)
        .map(|theme| theme.key_quotes.len())
        .unwrap_or_default();
    assert_eq!(after + 1, quotes_before);
    assert_eq!(
        undo_label(&mut harness),
        format!("Undo: remove a key quote from {culture}")
    );
    harness
        .query_all_by(|node| {
            node.role() == Role::Button && node.label().as_deref() == Some("Show in context")
        })
        .next()
        .expect("a segment to show")
        // Through AccessKit, as a screen reader would: the history window
        // may lie over it.
        .click_accesskit();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("Paragraph ")
            .next()
            .is_some(),
        "the transcript is shown"
    );
}

#[test]
fn dragging_a_theme_on_the_map_saves_its_place_as_one_undoable_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = window(dir.path());
    tab(&mut harness, "Thematic map");
    // The first theme by name: the leftmost column, in view.
    let name = "Opportunities and challenges of the peer role";
    let node = harness
        .get_by_role_and_label(Role::Button, &format!("Theme on the map: {name}"))
        .rect()
        .center();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Code on the map: The peer role")
            .is_some()
    );
    drag_in_steps(&mut harness, node, node + egui::vec2(60.0, 120.0), 4);
    let id = workbench_of(&harness)
        .project()
        .find_theme(name)
        .expect("a demo theme")
        .id;
    let placed = workbench_of(&harness)
        .project()
        .map_positions
        .get(&MapNode::Theme(id))
        .copied();
    assert!(
        placed.is_some(),
        "the place is saved ({:?})",
        harness.state().error()
    );
    assert_eq!(
        undo_label(&mut harness),
        format!("Undo: move {name} on the map")
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(workbench_of(&harness).project().map_positions.is_empty());
}

/// Switches the window to co-author review mode, where no coding control is
/// shown and a review cannot start without a name, and signs in as Sam.
fn review_as_sam(harness: &mut Harness<'_, PolyphonyApp>) {
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Co-author review mode").click();
    harness.run();
    // No coding controls: no menus, no codebook, no transcript.
    assert!(harness.query_by_label("Code").is_none());
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "New code…")
            .is_none()
    );
    harness
        .get_by_role_and_label(Role::Button, "Start reviewing")
        .click();
    harness.run();
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("name"))
    );
    harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .click();
    harness.run();
    harness.get_by_label("Your name").click();
    harness.get_by_label("Your name").type_text("Sam");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Start reviewing")
        .click();
    harness.run();
    assert!(harness.query_by_label("Theme 1 of 3").is_some());
    assert!(harness.query_by_label("The main idea").is_some());
}

#[test]
fn a_co_author_reviews_in_plain_review_mode_and_the_researcher_resolves() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = window(dir.path());
    review_as_sam(&mut harness);

    // This fits, on the theme; a concern, in words, on its first quote.
    harness
        .get_by_role_and_label(Role::Button, "This fits about this theme")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Send").click();
    harness.run();
    assert!(harness.query_by_label_contains("Thank you").is_some());
    harness
        .get_by_role_and_label(Role::Button, "I have a concern about quote 1")
        .click();
    harness.run();
    type_into(
        &mut harness,
        "What worries you?",
        "It makes peers sound fragile.",
    );
    harness.get_by_role_and_label(Role::Button, "Send").click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let comments: Vec<_> = workbench_of(&harness)
        .project()
        .comments
        .values()
        .cloned()
        .collect();
    assert_eq!(comments.len(), 2);
    assert!(comments.iter().all(|comment| comment.author == "Sam"));
    let concern = comments
        .iter()
        .find(|comment| comment.kind == CommentKind::Concern)
        .expect("the concern");
    assert!(matches!(concern.target, Target::Coding(_)));
    assert_eq!(concern.body, "It makes peers sound fragile.");
    harness
        .get_by_role_and_label(Role::Button, "Next theme")
        .click();
    harness.run();
    assert!(harness.query_by_label("Theme 2 of 3").is_some());
    harness
        .get_by_role_and_label(Role::Button, "Leave review mode")
        .click();
    harness.run();

    // The researcher declines the concern: first without a reason (refused),
    // then with one.
    tab(&mut harness, "Review comments");
    assert!(
        harness.query_by_label_contains("(2 open of 2)").is_some()
            || harness.query_by_label_contains("2 open").is_some()
    );
    let decline = |harness: &Harness<'_, PolyphonyApp>| {
        harness
            .query_all_by(|node| {
                node.role() == Role::Button && node.label().as_deref() == Some("Decline")
            })
            .map(|node| node.rect().center())
            .collect::<Vec<_>>()
    };
    let reason_field = "Reason for declining Sam's comment";
    let concern_id = concern.id;
    let buttons = decline(&harness);
    // The concern's card is the one whose words are shown with it.
    let words = harness.get_by_label("It makes peers sound fragile.").rect();
    let button = buttons
        .iter()
        .min_by(|a, b| {
            (a.y - words.center().y)
                .abs()
                .total_cmp(&(b.y - words.center().y).abs())
        })
        .copied()
        .expect("a Decline button");
    click_at(&mut harness, button);
    harness.run();
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("say why"))
    );
    harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .click();
    harness.run();
    let field = harness
        .query_all_by(|node| node.label().as_deref() == Some(reason_field))
        .map(|node| node.rect())
        .min_by(|a, b| {
            (a.center().y - words.center().y)
                .abs()
                .total_cmp(&(b.center().y - words.center().y).abs())
        })
        .expect("the reason field");
    click_at(&mut harness, field.center());
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::NONE, egui::Key::End);
    for c in "Kept: see memo".chars() {
        harness.event(egui::Event::Text(c.to_string()));
    }
    harness.run();
    click_at(&mut harness, button);
    harness.run();
    assert_eq!(harness.state().error(), None);
    let resolution = workbench_of(&harness).project().comments[&concern_id]
        .resolution
        .clone()
        .expect("resolved");
    assert_eq!(resolution.state, ResolutionState::Declined);
    assert_eq!(resolution.reason, "Kept: see memo");
    assert_eq!(
        undo_label(&mut harness),
        "Undo: resolve a comment as declined"
    );
}

#[test]
fn the_file_menu_exports_the_report_the_map_and_a_review_packet() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = window(dir.path());
    for (item, field, name) in [
        (
            "Export theme report…",
            "Path for the theme report",
            "themes.docx",
        ),
        ("Export thematic map…", "Path for the map image", "map.png"),
        (
            "Write review packet…",
            "Path for the review packet",
            "review.html",
        ),
    ] {
        let out = dir.path().join(name);
        file_menu(&mut harness, item, field, &out);
        assert_eq!(harness.state().error(), None, "{item}");
        assert!(
            std::fs::metadata(&out).is_ok_and(|meta| meta.len() > 1000),
            "{item} wrote {}",
            out.display()
        );
        assert!(
            harness
                .state()
                .notice()
                .is_some_and(|notice| notice.contains(name))
        );
        // The export read what it quoted, and the window let go of it again.
        assert!(
            workbench_of(&harness)
                .project()
                .documents
                .values()
                .filter(|document| document.has_text())
                .count()
                < workbench_of(&harness).project().documents.len(),
            "{item} left every text in memory"
        );
    }
    // A report's quotes come from transcripts the window had not read.
    let quoted = {
        let file = polyphony::store::ProjectFile::open(
            &dir.path().join("demo.polyphony"),
            polyphony::store::OpenMode::ReadOnly,
        )
        .expect("the demo opens");
        let (project, _) = file.load().expect("the demo reads");
        let window = workbench_of(&harness);
        let coding = project
            .themes
            .values()
            .flat_map(|theme| theme.key_quotes.iter().copied())
            .find(|coding| {
                project
                    .codings
                    .get(coding)
                    .is_some_and(|coding| !window.has_text(coding.document))
            })
            .expect("a key quote from a transcript the window has not read");
        let quote = project.segment(&coding).expect("its segment").quote;
        quote
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let markdown = dir.path().join("themes.md");
    file_menu(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &markdown,
    );
    let written = std::fs::read_to_string(&markdown).expect("the Markdown report is written");
    let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(written.contains(&quoted), "the report quotes {quoted:?}");
    // A report named with an unknown extension is refused with what to do.
    file_menu(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &dir.path().join("themes.pdf"),
    );
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains(".docx, .html or .md"))
    );
    assert!(!dir.path().join("themes.pdf").exists());
    harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .click();
    harness.run();
}

#[test]
fn the_file_menu_takes_the_comments_a_co_author_saved_back_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = window(dir.path());
    // The comments a co-author saved come back as one undo step.
    let theme = workbench_of(&harness)
        .project()
        .find_theme("The peer's impact on team culture")
        .expect("a demo theme")
        .id;
    let saved = dir.path().join("review-comments-Sam.json");
    std::fs::write(
        &saved,
        format!(r#"{{"polyphony_review": 1, "reviewer": "Sam", "comments": [{{"target": "theme", "id": "{theme}", "kind": "question", "body": "Who is the team here?"}}]}}"#),
    )
    .expect("the saved comments are written");
    file_menu(
        &mut harness,
        "Import review comments…",
        "Path of the saved review comments",
        &saved,
    );
    assert_eq!(harness.state().error(), None);
    assert_eq!(workbench_of(&harness).project().comments.len(), 1);
    assert_eq!(
        undo_label(&mut harness),
        "Undo: import 1 review comment from Sam"
    );
}

#[test]
fn the_uncovered_view_follows_the_themes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = window(dir.path());
    harness.set_size(egui::vec2(2200.0, 1300.0));
    harness.run();
    tab(&mut harness, "Uncovered");
    assert!(harness.query_by_label("Segments in no theme (0)").is_some());
    // Discarding a theme leaves its segments uncovered, at once.
    tab(&mut harness, "Themes board");
    let culture = "The peer's impact on team culture";
    card_button(&mut harness, culture, "More");
    harness
        .get_by_role_and_label(Role::Button, "Status")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "discarded")
        .click();
    harness.run();
    tab(&mut harness, "Uncovered");
    let segments = polyphony::analysis::themes::uncovered(workbench_of(&harness).project())
        .segments
        .len();
    assert!(segments > 0);
    assert!(
        harness
            .query_by_label(&format!("Segments in no theme ({segments})"))
            .is_some()
    );
}
