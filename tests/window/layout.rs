//! Drives the window's own controls with egui_kittest, by accessible role and
//! label: the command palette and the menus built from one list of actions,
//! showing and hiding panels from the View menu, text zoom and themes, the
//! window's state kept through eframe's storage, and the "Who is coding?"
//! window.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::gui::{PolyphonyApp, Theme, UiState};
use polyphony::workbench::{Workbench, build_demo, default_corpus_dir};
use std::collections::HashMap;
use std::path::Path;

use crate::support::window::{harness_for, wait_for_job};

fn demo(dir: &Path) -> (Workbench, String) {
    let (bench, _) = build_demo(&dir.join("demo.polyphony"), &default_corpus_dir())
        .expect("the demo project builds");
    let first = bench.project().documents_by_name()[0].name.clone();
    (bench, first)
}

fn zoom(harness: &Harness<'_, PolyphonyApp>) -> f32 {
    harness.ctx.zoom_factor()
}

fn close_enough(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.001
}

fn press(harness: &mut Harness<'_, PolyphonyApp>, modifiers: egui::Modifiers, key: egui::Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn open_view_menu(harness: &mut Harness<'_, PolyphonyApp>) {
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run();
}

/// eframe's storage, kept in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn the_palette_and_the_keys_run_actions_from_the_one_list() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (bench, _) = demo(dir.path());
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    assert!(close_enough(zoom(&harness), 1.0));

    // Menus show each action's shortcut.
    open_view_menu(&mut harness);
    assert!(harness.query_by_label_contains("Ctrl+=").is_some());
    assert!(harness.query_by_label_contains("Ctrl+Shift+P").is_some());
    open_view_menu(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    assert!(harness.query_by_label_contains("Ctrl+Z").is_some());
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();

    // Ctrl+Shift+P opens the palette; typing filters; Enter runs the first.
    let command_shift = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    press(&mut harness, command_shift, egui::Key::P);
    assert!(harness.query_by_label("Command palette").is_some());
    harness.get_by_label("Command").type_text("zoom in");
    harness.run();
    assert!(harness.query_by_label_contains("Zoom in").is_some());
    assert!(
        harness.query_by_label_contains("Zoom out").is_none(),
        "the filter hides what does not match"
    );
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Enter);
    harness.run();
    assert!(close_enough(zoom(&harness), 1.1), "{}", zoom(&harness));
    assert!(harness.query_by_label("Command palette").is_none());

    // The palette is also in the View menu, and reaches every menu's actions.
    open_view_menu(&mut harness);
    harness.get_by_label_contains("Command palette…").click();
    harness.run();
    harness.get_by_label("Command").type_text("theme high");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Theme: High contrast")
        .click();
    harness.run();
    assert_eq!(harness.state().ui_state().theme, Theme::HighContrast);
    let visuals = harness.ctx.global_style().visuals.clone();
    assert_eq!(visuals.panel_fill, egui::Color32::BLACK);
    assert_eq!(visuals.override_text_color, Some(egui::Color32::WHITE));
    assert_eq!(
        visuals.selection.bg_fill,
        egui::Color32::from_rgb(255, 230, 0)
    );

    // Zoom keys stay within 80% and 200%.
    for _ in 0..15 {
        press(&mut harness, egui::Modifiers::COMMAND, egui::Key::Equals);
    }
    assert!(close_enough(zoom(&harness), 2.0), "{}", zoom(&harness));
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::Num0);
    assert!(close_enough(zoom(&harness), 1.0));
    for _ in 0..5 {
        press(&mut harness, egui::Modifiers::COMMAND, egui::Key::Minus);
    }
    assert!(close_enough(zoom(&harness), 0.8), "{}", zoom(&harness));

    // The theme submenu of View switches back to dark.
    open_view_menu(&mut harness);
    harness.get_by_label("Theme").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Dark")
        .click();
    harness.run();
    assert_eq!(harness.state().ui_state().theme, Theme::Dark);
    assert_ne!(
        harness.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK
    );
}

#[test]
fn view_toggles_panels_and_the_layout_survives_a_restart() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (bench, first) = demo(dir.path());
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    // The Documents panel is its filter field and its rows; other panels
    // (segments, search) may name documents too.
    let document_row = |harness: &Harness<'_, PolyphonyApp>| {
        let filter = harness.query_by_label("Filter documents").is_some();
        let row = harness
            .query_all_by(|node| {
                node.role() == Role::Button
                    && node
                        .label()
                        .is_some_and(|label| label.starts_with(first.as_str()))
            })
            .next()
            .is_some();
        assert_eq!(filter, row, "the filter and the rows come and go together");
        filter
    };
    assert!(document_row(&harness), "the Documents panel lists {first}");

    open_view_menu(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "Documents")
        .click();
    harness.run();
    assert!(!document_row(&harness), "the Documents panel is hidden");
    assert!(!harness.state().ui_state().layout.documents);

    open_view_menu(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "Codes")
        .click();
    harness.run();
    assert!(!harness.state().ui_state().layout.codes);
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::Equals);

    // What the window keeps goes through eframe's storage and comes back.
    let kept = harness.state().ui_state();
    assert_eq!(
        kept.project.as_deref(),
        Some(dir.path().join("demo.polyphony").as_path())
    );
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let restored = PolyphonyApp::new(None).with_saved_state(Some(&storage));
    let mut expected = kept.clone();
    // A window with no project open has none to remember.
    expected.project = None;
    expected.document = None;
    assert_eq!(restored.ui_state(), expected);
    assert!(close_enough(restored.ui_state().zoom, 1.1));
    let defaults = PolyphonyApp::new(None).with_saved_state(None).ui_state();
    assert_eq!(defaults, UiState::default());

    // Shown again, the panel lists the documents again.
    open_view_menu(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "Documents")
        .click();
    harness.run();
    assert!(document_row(&harness));
}

fn default_name() -> String {
    std::env::var("USER")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "researcher".to_owned())
}

#[test]
fn who_is_coding_is_asked_once_and_shown_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("study.polyphony");
    drop(Workbench::create(&path, &default_name()).expect("a project is created"));
    let mut harness = harness_for(PolyphonyApp::new(None).without_file_dialogs());
    assert!(harness.query_by_label("Who is coding?").is_none());

    harness.get_by_label("Type a path to open…").click();
    harness.run();
    let field = "Path of the project to open";
    harness.get_by_label(field).click();
    harness.run();
    harness
        .get_by_label(field)
        .type_text(&path.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(harness.state().is_asking_coder());
    assert!(harness.query_by_label("Who is coding?").is_some());

    let name = harness.get_by_label("Coder name");
    name.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label("Coder name").type_text("Ana Ruiz");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Start coding")
        .click();
    harness.run();
    assert!(!harness.state().is_asking_coder());
    let coder = harness
        .state()
        .workbench()
        .map(|bench| bench.coder().name.clone());
    assert_eq!(coder.as_deref(), Some("Ana Ruiz"));
    assert!(harness.query_by_label("Coder: Ana Ruiz").is_some());

    // Clicking the coder in the status bar asks again, prefilled.
    harness.get_by_label("Coder: Ana Ruiz").click();
    harness.run();
    assert!(harness.state().is_asking_coder());
    assert!(harness.query_by_label("Who is coding?").is_some());
}

/// Writes `count` transcripts of a few hundred kilobytes each into `folder`.
fn write_transcripts(folder: &Path, count: usize) {
    std::fs::create_dir_all(folder).expect("a folder for transcripts");
    for number in 0..count {
        let mut text = String::new();
        for turn in 0..1500 {
            text.push_str(&format!(
                "Interviewer: What happened in week {turn} of interview {number}?\n\
                 Participant {number}: We talked it through with the team and kept going.\n"
            ));
        }
        std::fs::write(folder.join(format!("interview-{number:02}.txt")), text)
            .expect("a transcript is written");
    }
}

fn document_count(harness: &Harness<'_, PolyphonyApp>) -> usize {
    harness
        .state()
        .workbench()
        .map_or(0, |bench| bench.project().documents.len())
}

fn start_import(harness: &mut Harness<'_, PolyphonyApp>, folder: &Path) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label("Import transcripts…").click();
    harness.run();
    harness.get_by_label("Path to import").click();
    harness.run();
    harness
        .get_by_label("Path to import")
        .type_text(&folder.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
}

#[test]
fn a_folder_imports_off_the_ui_thread_with_progress_and_cancel() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (bench, _) = demo(dir.path());
    let folder = dir.path().join("transcripts");
    write_transcripts(&folder, 50);
    let before = bench.project().documents.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());

    // Cancelled, the import leaves the project as it was.
    start_import(&mut harness, &folder);
    assert_eq!(harness.state().error(), None);
    assert!(
        harness.state().is_busy(),
        "the import runs in the background"
    );
    assert!(
        harness
            .query_by_label_contains("Importing transcripts")
            .is_some()
    );
    assert!(
        harness
            .query_all_by_role(Role::ProgressIndicator)
            .next()
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.step();
    wait_for_job(&mut harness);
    assert_eq!(document_count(&harness), before);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|notice| notice.contains("cancelled"))
    );

    // Left to finish, it imports all 50 as one undo step.
    start_import(&mut harness, &folder);
    assert!(harness.state().is_busy());
    wait_for_job(&mut harness);
    assert_eq!(harness.state().error(), None);
    assert_eq!(document_count(&harness), before + 50);
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Undo: import 50 documents")
            .is_some()
    );
}

/// Types `query` into the Search panel's field and presses Enter, stepping
/// (not running to rest) so that a job in the background goes on.
fn search_for(harness: &mut Harness<'_, PolyphonyApp>, query: &str) {
    harness.get_by_label("Search transcripts").click();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Search transcripts").type_text(query);
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
}

#[test]
fn the_search_index_is_rebuilt_off_the_ui_thread_and_a_waiting_search_then_runs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (bench, _) = demo(dir.path());
    let path = dir.path().join("demo.polyphony");
    let folder = dir.path().join("transcripts");
    write_transcripts(&folder, 30);
    let mut bench = bench;
    bench
        .import_paths(std::slice::from_ref(&folder), &mut |_| {})
        .expect("the transcripts import");
    let documents = bench.project().documents.len();
    drop(bench);
    // Deleting the index (it is only a cache) leaves it to be rebuilt.
    std::fs::remove_dir_all(polyphony::index::index_dir(&path)).expect("the index is removed");

    // Opening the project shows it at once and rebuilds the index behind.
    let mut harness = harness_for(PolyphonyApp::new(None).without_file_dialogs());
    harness.get_by_label("Open project…").click();
    harness.run();
    harness.get_by_label("Path of the project to open").click();
    harness.run();
    harness
        .get_by_label("Path of the project to open")
        .type_text(&path.display().to_string());
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
    assert_eq!(harness.state().error(), None);
    assert_eq!(
        document_count(&harness),
        documents,
        "the project is shown at once"
    );
    let rebuilding = harness
        .query_by_label_contains("Rebuilding the search index")
        .is_some();
    assert!(
        rebuilding || !harness.state().is_busy(),
        "a running rebuild is shown in the status bar"
    );
    // A word search asked for meanwhile runs once the index is ready.
    search_for(&mut harness, "week");
    wait_for_job(&mut harness);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(
        harness.query_by_label_contains("hits for “week”").is_some(),
        "the search ran on the rebuilt index"
    );
    assert!(
        harness
            .state()
            .workbench()
            .is_some_and(|bench| !bench.index_is_stale())
    );

    // Edit > Rebuild search index runs again in the background; cancelled,
    // it leaves the index as it was, and searching still works.
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    harness.get_by_label("Rebuild search index").click();
    harness.step();
    harness.step();
    assert!(
        harness.state().is_busy(),
        "the rebuild runs in the background"
    );
    assert!(
        harness
            .query_by_label_contains("Rebuilding the search index")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.step();
    wait_for_job(&mut harness);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    // The worker may have committed just before Cancel reached it.
    assert!(
        notice.contains("cancelled") || notice.is_empty(),
        "{notice}"
    );
    search_for(&mut harness, "kept going");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("hits for “kept going”")
            .is_some()
    );
}

/// Opens Code all hits… on the last search, types a new code's name,
/// widens to sentences and starts the autocode.
fn autocode_hits_as(harness: &mut Harness<'_, PolyphonyApp>, name: &str) {
    harness
        .get_by_role_and_label(Role::Button, "Code all hits…")
        .click();
    harness.run();
    harness.get_by_label("New code name").click();
    harness.run();
    harness.get_by_label("New code name").type_text(name);
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Its sentence")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Code the passages")
        .click();
    harness.step();
    harness.step();
}

#[test]
fn thousands_of_hits_autocode_off_the_ui_thread_with_progress_and_cancel() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut bench, _) = demo(dir.path());
    let folder = dir.path().join("transcripts");
    write_transcripts(&folder, 3);
    bench
        .import_paths(std::slice::from_ref(&folder), &mut |_| {})
        .expect("the transcripts import");
    let before = bench.project().codings.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(bench)).without_file_dialogs());
    search_for(&mut harness, "\"kept going\"");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("hits for “\"kept going\"”")
            .is_some()
    );

    // Cancelled, nothing is coded.
    autocode_hits_as(&mut harness, "Weeks");
    assert!(
        harness.state().is_busy(),
        "the autocode runs in the background"
    );
    assert!(harness.query_by_label_contains("Autocoding").is_some());
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.step();
    wait_for_job(&mut harness);
    let codings = |harness: &Harness<'_, PolyphonyApp>| {
        harness
            .state()
            .workbench()
            .map_or(0, |bench| bench.project().codings.len())
    };
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    if notice.contains("cancelled") {
        assert_eq!(codings(&harness), before);
        assert!(
            harness
                .state()
                .workbench()
                .is_some_and(|bench| bench.project().find_code("Weeks").is_none())
        );
    } else {
        // The worker finished before Cancel reached it: undo what it did.
        harness.get_by_role_and_label(Role::Button, "Edit").click();
        harness.run();
        harness.get_by_label_contains("Undo: autocode").click();
        harness.run();
    }

    // Left to finish, the sentence of each of 4,500 turns is coded, as
    // one undo step.
    autocode_hits_as(&mut harness, "Weeks");
    wait_for_job(&mut harness);
    harness.run();
    assert_eq!(harness.state().error(), None);
    let added = codings(&harness) - before;
    assert!(
        (3 * 1500..3 * 1500 + 50).contains(&added),
        "each participant's sentence once, and the demo's few: {added}"
    );
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains(&format!("Undo: autocode {added} passages as Weeks"))
            .is_some()
    );
}
