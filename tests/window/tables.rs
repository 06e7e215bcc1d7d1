//! The Study tables window as a researcher uses it: opened from the View
//! menu, it reads the project on a worker, shows code frequencies sorted by a
//! click on a heading, a word's lines in context behind a click on the word,
//! and the agreement between two coders with its methods paragraph.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::analysis::study::stop_words::Language;
use polyphony::analysis::study::words::{WordOptions, word_frequencies};
use polyphony::gui::PolyphonyApp;
use polyphony::workbench::Workbench;

use crate::support::window::{harness_for, wait_for_job};

fn open_tables(harness: &mut Harness<'_, PolyphonyApp>) {
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Study tables and agreement…").click();
    harness.run();
    wait_for_job(harness);
    harness.run();
}

#[test]
fn study_tables_sort_show_words_in_context_and_compare_two_coders() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = crate::support::two_coders(dir.path());
    let mut whole = Workbench::open_read_only_outline(workbench.path()).expect("the project opens");
    whole.load_whole().expect("the texts are read");
    let words = word_frequencies(
        whole.project(),
        &WordOptions {
            stop_words: vec![Language::English, Language::French],
            ..WordOptions::default()
        },
    )
    .expect("words");
    let mut harness = harness_for(PolyphonyApp::new(Some(workbench)).without_file_dialogs());
    open_tables(&mut harness);
    assert!(
        harness
            .query_by_label("Reading the project for the tables…")
            .is_none()
    );

    harness
        .get_by_role_and_label(Role::Button, "codings")
        .click();
    harness.run();
    assert!(
        harness.query_by_label("codings ▼").is_some(),
        "sorted, highest first"
    );

    harness.get_by_label("Words by group").click();
    harness.run();
    let commonest = &words.rows[0].word;
    harness
        .get_by_role_and_label(Role::Button, commonest)
        .click();
    harness.run();
    let heading = format!("{commonest} in context ({})", words.rows[0].total);
    for node in harness.query_all_by(|node| {
        node.label()
            .is_some_and(|l| l.contains("context") || l.contains("Words"))
    }) {
        eprintln!("LABEL {node:?}");
    }
    assert!(harness.query_by_label(&heading).is_some(), "{heading}");
    harness.get_by_label("Bar chart").click();
    harness.run();
    assert!(harness.query_by_label("total by word").is_some());

    let out = dir.path().join("words.xlsx");
    harness.get_by_label("Save as CSV or Excel…").click();
    harness.run();
    crate::support::window::type_into(
        &mut harness,
        "Path for the table",
        &out.display().to_string(),
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(notice.contains("Words by everyone"), "{notice}");
    assert!(
        std::fs::read(&out)
            .expect("the workbook")
            .starts_with(b"PK")
    );

    harness.get_by_label("Agreement").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Tick two or more coders")
            .is_some()
    );
    harness.get_by_label("Sam").click();
    harness.get_by_label("Demo Researcher").click();
    harness.run();
    assert!(harness.query_by_label("Krippendorff's alpha").is_some());
    assert!(harness.query_by_label("(all codes)").is_some());
    harness.get_by_label("Methods paragraph").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Brennan and Prediger")
            .is_some()
    );
}
