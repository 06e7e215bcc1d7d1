//! The Pseudonym key window as a researcher uses it: opened from the Edit menu,
//! an entry added, the candidates found on a worker and accepted, rejected or
//! mapped, each one undo step; the exports of the File menu then carry the
//! pseudonyms, unless real names are chosen for one export, which is journalled;
//! and a key kept apart opened from its sealed file with its passphrase, then
//! changed and undone there.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::edit::Command;
use polyphony::gui::PolyphonyApp;
use polyphony::model::Project;
use polyphony::pseudonyms::{Category, KeyEntry, KeyFile};

use crate::support::window::{
    file_menu, harness_sized, type_into, undo_label_is, wait_for_job, workbench_of,
};

fn window(bench: polyphony::workbench::Workbench) -> Harness<'static, PolyphonyApp> {
    harness_sized(
        PolyphonyApp::new(Some(bench)).without_file_dialogs(),
        egui::vec2(1500.0, 950.0),
        true,
    )
}

fn open_key_window(harness: &mut Harness<'_, PolyphonyApp>) {
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Pseudonym key…").click();
    harness.run();
}

fn click(harness: &mut Harness<'_, PolyphonyApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Chooses `item` in the File menu, types `path` for it, and checks it went well.
fn export(
    harness: &mut Harness<'_, PolyphonyApp>,
    item: &str,
    field: &str,
    path: &std::path::Path,
) {
    file_menu(harness, item, field, path);
    assert_eq!(harness.state().error(), None, "{item}");
}

fn replacement_of(harness: &Harness<'_, PolyphonyApp>, real: &str) -> Option<String> {
    workbench_of(harness)
        .project()
        .pseudonyms
        .get(real)
        .map(|entry| entry.replacement.clone())
}

fn journal_says(harness: &Harness<'_, PolyphonyApp>, words: &str) -> usize {
    workbench_of(harness)
        .journal()
        .expect("the journal reads")
        .iter()
        .filter(|row| row.label.contains(words))
        .count()
}

/// The demo with Amara Osei named where a report and a review packet show a name
/// as written (a code's name, a theme's definition): the demo's own reports name
/// participants by their pseudonym attribute already.
fn demo_with_a_name(dir: &std::path::Path) -> polyphony::workbench::Workbench {
    let mut bench = crate::support::demo(dir);
    crate::support::rename_code(
        &mut bench,
        "The peer role",
        "The peer role, as Amara Osei put it",
    );
    let theme = *bench
        .project()
        .themes
        .keys()
        .next()
        .expect("the demo has themes");
    let define = bench
        .commands()
        .edit_theme(theme, |theme| {
            "What peers bring, as Amara Osei said.".clone_into(&mut theme.definition);
        })
        .expect("the edit is built");
    bench.apply(define).expect("the definition is changed");
    bench
}

#[test]
fn the_key_is_built_in_its_window_from_typed_entries_and_candidates_each_one_undo_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bench = demo_with_a_name(dir.path());
    let mut harness = window(bench);
    open_key_window(&mut harness);
    assert!(
        harness
            .query_by_label_contains("This project has no key yet")
            .is_some()
    );

    // An entry typed in: a participant keeps the pseudonym her attributes give.
    type_into(&mut harness, "Real term to replace", "Amara Osei");
    click(&mut harness, "Add to key");
    assert_eq!(
        replacement_of(&harness, "Amara Osei").as_deref(),
        Some("P05")
    );
    assert!(undo_label_is(&mut harness, "add pseudonym P05"));

    // Candidates, found on a worker, with their context; the entry already in
    // the key is not proposed again.
    click(&mut harness, "Find candidates");
    wait_for_job(&mut harness);
    harness.run();
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|notice| notice.contains("candidates"))
    );
    assert!(
        harness
            .query_by_label("Accept Ruth Bell into the key")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Accept Amara Osei into the key")
            .is_none()
    );
    assert!(
        harness
            .query_all_by_label_contains("nonpeer-04-tom-fletcher-otter: …")
            .next()
            .is_some(),
        "each candidate shows where it stands"
    );

    // Accept, reject and map: each one undo step, each settling its candidate.
    click(&mut harness, "Accept Ruth Bell into the key");
    // The interviewer has no pseudonym attribute: the next number no one has.
    let ruth = replacement_of(&harness, "Ruth Bell").expect("Ruth Bell is in the key");
    assert!(
        workbench_of(&harness)
            .project()
            .participants
            .values()
            .all(|participant| participant.attributes.get("pseudonym") != Some(&ruth)),
        "{ruth} is no one else's"
    );
    assert!(
        harness
            .query_by_label("Accept Ruth Bell into the key")
            .is_none()
    );
    // The filter brings a candidate up among the many.
    type_into(&mut harness, "Filter candidates", "Patel");
    click(&mut harness, "Reject Patel: it needs no pseudonym");
    assert!(
        workbench_of(&harness)
            .rejected_candidates()
            .contains("Patel")
    );
    assert!(
        harness
            .query_by_label("Reject Patel: it needs no pseudonym")
            .is_none()
    );
    assert!(undo_label_is(&mut harness, "reject a pseudonym candidate"));
    harness.get_by_label("Filter candidates").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Filter candidates")
        .type_text("Marcus Reid");
    harness.run();
    click(&mut harness, "Map Marcus Reid to Amara Osei");
    assert!(
        workbench_of(&harness).project().pseudonyms["Amara Osei"]
            .variants
            .contains(&"Marcus Reid".to_owned())
    );
    assert!(undo_label_is(&mut harness, "change pseudonym P05"));
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo: change pseudonym P05")
        .click();
    harness.run();
    assert!(
        workbench_of(&harness).project().pseudonyms["Amara Osei"]
            .variants
            .is_empty()
    );

    // Remove, and undo brings the entry back.
    click(&mut harness, "Remove Ruth Bell from the key");
    assert_eq!(replacement_of(&harness, "Ruth Bell"), None);
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains(&format!("Undo: remove pseudonym {ruth}"))
        .click();
    harness.run();
    assert_eq!(replacement_of(&harness, "Ruth Bell"), Some(ruth));
}

#[test]
fn once_a_key_exists_every_export_carries_it_unless_real_names_are_chosen_for_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut bench = demo_with_a_name(dir.path());
    bench
        .apply(Command::SetPseudonym {
            real: "Amara Osei".to_owned(),
            entry: Some(KeyEntry {
                real: "Amara Osei".to_owned(),
                replacement: "P05".to_owned(),
                category: Category::Participant,
                variants: Vec::new(),
            }),
        })
        .expect("the key has an entry");
    let mut harness = window(bench);
    open_key_window(&mut harness);
    // The exports carry the pseudonyms by default.
    let report = dir.path().join("themes.md");
    export(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &report,
    );
    let written = std::fs::read_to_string(&report).expect("the report is written");
    assert!(
        written.contains("as \\[P05\\] put it"),
        "the report names Amara by her pseudonym"
    );
    for real in ["Amara Osei", "Amara", "Osei"] {
        assert!(!written.contains(real), "the report names {real}");
    }
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|notice| notice.contains("pseudonyms"))
    );
    let packet = dir.path().join("review.html");
    export(
        &mut harness,
        "Write review packet…",
        "Path for the review packet",
        &packet,
    );
    let packet_text = std::fs::read_to_string(&packet).expect("the packet is written");
    assert!(
        !packet_text.contains("Amara Osei") && packet_text.contains("as [P05] said"),
        "the packet's theme definition carries the pseudonym"
    );

    // Plain marking, chosen in the window.
    click(&mut harness, "P03, plain");
    export(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &report,
    );
    let plain = std::fs::read_to_string(&report).expect("the report is written");
    assert!(plain.contains("as P05 put it") && !plain.contains("\\[P05\\]"));

    // Real names take an explicit choice, journalled, for one export only.
    assert_eq!(journal_says(&harness, "wrote identifiable output"), 0);
    click(
        &mut harness,
        "Write the next export with real names (the project's journal records it)",
    );
    let named = dir.path().join("named.md");
    export(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &named,
    );
    assert!(
        std::fs::read_to_string(&named)
            .expect("written")
            .contains("Amara Osei")
    );
    assert_eq!(journal_says(&harness, "wrote identifiable output"), 1);
    let again = dir.path().join("again.md");
    export(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &again,
    );
    assert!(
        !std::fs::read_to_string(&again)
            .expect("written")
            .contains("Amara Osei"),
        "the choice of real names lasted for one export"
    );
    assert_eq!(journal_says(&harness, "wrote identifiable output"), 1);

    // The study table, worked out from the real project, leaves with the key too.
    harness
        .get_by_role_and_label(Role::Button, "Close window")
        .click();
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Study tables and agreement…").click();
    harness.run();
    wait_for_job(&mut harness);
    harness.run();
    let table = dir.path().join("codes.csv");
    harness.get_by_label("Save as CSV or Excel…").click();
    harness.run();
    type_into(
        &mut harness,
        "Path for the table",
        &table.display().to_string(),
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    let written = std::fs::read_to_string(&table).expect("the table is written");
    assert!(
        // Plain, as chosen above for every export since.
        written.contains("as P05 put it") && !written.contains("Amara"),
        "{written}"
    );
}

#[test]
fn a_key_kept_apart_is_opened_from_its_sealed_file_for_exports_and_changed_there() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut bench = demo_with_a_name(dir.path());
    let key_path = dir.path().join("study.key");
    let mut key = KeyFile::new();
    key.entries.push(KeyEntry {
        real: "Amara Osei".to_owned(),
        replacement: "Quillon".to_owned(),
        category: Category::Participant,
        variants: Vec::new(),
    });
    key.write(&key_path, "correct horse")
        .expect("the key is sealed");
    bench
        .apply(Command::SetSetting {
            name: Project::PSEUDONYM_KEY_APART.to_owned(),
            value: Some(key.id.clone()),
        })
        .expect("the project keeps its key apart");
    let mut harness = window(bench);

    // Without the key file open, an export is refused with what to do.
    let report = dir.path().join("themes.md");
    file_menu(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &report,
    );
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("kept apart")),
        "{:?}",
        harness.state().error()
    );
    assert!(!report.exists());
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();

    open_key_window(&mut harness);
    type_into(&mut harness, "Key file", &key_path.display().to_string());
    type_into(&mut harness, "Passphrase", "wrong horse");
    click(&mut harness, "Open key file");
    assert!(
        harness
            .state()
            .error()
            .is_some_and(|error| error.contains("passphrase does not open")),
        "{:?}",
        harness.state().error()
    );
    type_into(&mut harness, "Passphrase", "correct horse");
    click(&mut harness, "Open key file");
    assert_eq!(harness.state().error(), None);
    assert!(
        harness
            .query_by_label_contains("The key file is open: 1 entry")
            .is_some()
    );
    // A change to the key kept apart is sealed into its file at once, and
    // undone there.
    type_into(&mut harness, "Real term to replace", "Ruth Bell");
    type_into(&mut harness, "Replacement", "Wrenfield");
    click(&mut harness, "Add to key");
    assert_eq!(harness.state().error(), None);
    let sealed = KeyFile::read(&key_path, "correct horse").expect("the key reopens");
    assert!(
        sealed
            .get("Ruth Bell")
            .is_some_and(|entry| entry.replacement == "Wrenfield")
    );
    assert!(
        journal_says(
            &harness,
            "changed the pseudonym key kept apart: add pseudonym Wrenfield"
        ) == 1
    );
    click(
        &mut harness,
        "Undo in the key file: add pseudonym Wrenfield",
    );
    let sealed = KeyFile::read(&key_path, "correct horse").expect("the key reopens");
    assert!(sealed.get("Ruth Bell").is_none() && sealed.get("Amara Osei").is_some());
    type_into(&mut harness, "Real term to replace", "Ruth Bell");
    type_into(&mut harness, "Replacement", "Wrenfield");
    click(&mut harness, "Add to key");
    assert_eq!(
        replacement_of(&harness, "Ruth Bell").as_deref(),
        Some("Wrenfield")
    );
    export(
        &mut harness,
        "Export theme report…",
        "Path for the theme report",
        &report,
    );
    let written = std::fs::read_to_string(&report).expect("the report is written");
    assert!(
        written.contains("as \\[Quillon\\] put it") && !written.contains("Amara Osei"),
        "{}",
        written
            .lines()
            .filter(|line| line.contains("put it"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The key never reached the project's files: no entry is stored, and no
    // byte holds the replacement never journalled (a change's label names only
    // its replacement, never the real term).
    let stored = polyphony::store::ProjectFile::open(
        &dir.path().join("demo.polyphony"),
        polyphony::store::OpenMode::ReadOnly,
    )
    .expect("the project opens")
    .load()
    .expect("the project reads")
    .0;
    assert!(stored.pseudonyms.is_empty());
    for file in ["demo.polyphony", "demo.polyphony-wal"] {
        let saved = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(
            !saved
                .windows(b"Quillon".len())
                .any(|window| window == b"Quillon"),
            "the key's replacement is in {file}"
        );
    }
}
