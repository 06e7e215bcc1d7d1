//! Coders' copies through the File menu: a blind copy written for a coder,
//! and a copy merged back after its conflict is shown with both versions and
//! the user picks one, as one undo step.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::gui::PolyphonyApp;
use polyphony::workbench::Workbench;
use std::path::Path;

use crate::support::window::{harness_for, type_into, undo_label_is, workbench_of};
use crate::support::{first_code_name, rename_code};

fn file_menu(harness: &mut Harness<'_, PolyphonyApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
}

/// File > Merge a coder's copy on `path`, typed, up to the merge window.
fn open_merge_window(harness: &mut Harness<'_, PolyphonyApp>, path: &Path) {
    file_menu(harness, "Merge a coder's copy…");
    type_into(
        harness,
        "Path of the coder's copy",
        &path.display().to_string(),
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
}

#[test]
fn file_copy_for_a_coder_writes_a_blind_copy_with_the_same_ids() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = crate::support::demo(dir.path());
    let codes: Vec<_> = workbench.project().codes.keys().copied().collect();
    let mut harness = harness_for(PolyphonyApp::new(Some(workbench)).without_file_dialogs());
    file_menu(&mut harness, "Copy for a coder…");
    let out = dir.path().join("sam.polyphony");
    type_into(
        &mut harness,
        "Path for the coder's copy",
        &out.display().to_string(),
    );
    type_into(&mut harness, "The coder it is for", "Sam");
    harness
        .get_by_label("Blind: leave out the other coders' codings")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(
        notice.starts_with(&format!("Wrote {} for Sam.", out.display())),
        "{notice}"
    );
    assert!(notice.contains("It is blind"), "{notice}");
    drop(harness);
    let copy = Workbench::open(&out, Some("Sam"), &mut |_, _| {}).expect("the copy opens");
    assert!(copy.project().codings.is_empty());
    assert_eq!(
        copy.project().codes.keys().copied().collect::<Vec<_>>(),
        codes
    );
}

/// The demo project with a copy for Sam in which Sam renamed a code that the
/// lead then renamed another way.
fn conflicting_copy(dir: &Path) -> (Workbench, std::path::PathBuf, String) {
    let mut lead = crate::support::demo(dir);
    let copy = dir.join("sam.polyphony");
    lead.write_copy(&copy, "Sam", false)
        .expect("the copy is written");
    let name = first_code_name(&lead);
    {
        let mut sam = Workbench::open(&copy, Some("Sam"), &mut |_, _| {}).expect("opens");
        rename_code(&mut sam, &name, "Sam's name for it");
    }
    rename_code(&mut lead, &name, "The lead's name for it");
    (lead, copy, name)
}

#[test]
fn file_merge_shows_each_conflict_with_both_versions_and_merges_the_side_picked() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (lead, copy, _) = conflicting_copy(dir.path());
    let mut harness = harness_for(PolyphonyApp::new(Some(lead)).without_file_dialogs());
    open_merge_window(&mut harness, &copy);
    assert!(
        harness
            .query_by_label("Sam's copy (sam.polyphony)")
            .is_some()
    );
    // Nothing merges before a side is picked: Merge does nothing yet.
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    assert!(harness.state().notice().is_none());
    assert!(
        harness
            .query_by_label("Pick a side for every conflict first.")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("This project: The lead's name for it")
            .is_some()
    );
    harness.get_by_label("The copy: Sam's name for it").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(
        notice.starts_with("Merged: merge Sam's copy (sam.polyphony)"),
        "{notice}"
    );
    let names: Vec<_> = workbench_of(&harness)
        .project()
        .codes
        .values()
        .map(|code| code.name.clone())
        .collect();
    assert!(names.contains(&"Sam's name for it".to_owned()));
    assert!(undo_label_is(
        &mut harness,
        "merge Sam's copy (sam.polyphony)"
    ));
}

#[test]
fn coders_side_by_side_in_the_transcript_with_their_differences_and_a_memo_on_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = crate::support::two_coders(dir.path());
    let first = workbench.project().documents_by_name()[0].name.clone();
    let memos_before = workbench.project().memos.len();
    let mut harness = harness_for(PolyphonyApp::new(Some(workbench)));
    crate::support::window::button_containing(&harness, &first)
        .expect("the document is listed")
        .click();
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Compare coders in the transcript")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Tick two or more coders")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::CheckBox, "Demo Researcher")
        .click();
    harness.get_by_role_and_label(Role::CheckBox, "Sam").click();
    harness.run();
    harness.run();
    assert!(
        harness.query_by_label("▾ Sam").is_some(),
        "Sam's column has Sam's name at its head"
    );
    assert!(harness.query_by_label("▾ Demo Researcher").is_some());
    assert!(
        harness
            .query_all_by_label_contains("Coding stripe: Sam: ")
            .next()
            .is_some(),
        "Sam's stripes in Sam's column"
    );
    assert!(
        harness
            .query_all_by_label_contains("Coders differ: ")
            .next()
            .is_some(),
        "Sam coded a little more than the lead each time"
    );
    harness
        .get_by_label_contains("Only the passages where they differ")
        .click();
    harness.run();
    harness
        .query_all_by_label("Memo…")
        .next()
        .expect("a difference listed")
        .click();
    harness.run();
    type_into(
        &mut harness,
        "What the team made of it",
        "discussed 12 May: keep both",
    );
    harness
        .get_by_role_and_label(Role::Button, "Save memo")
        .click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let project = workbench_of(&harness).project();
    assert_eq!(project.memos.len(), memos_before + 1);
    let memo = project
        .memos
        .values()
        .find(|memo| memo.title.starts_with("Coders differ on"))
        .expect("the memo");
    assert!(
        memo.body.contains("Sam coded") && memo.body.ends_with("discussed 12 May: keep both"),
        "{}",
        memo.body
    );
    assert!(matches!(memo.target, polyphony::model::Target::Document(_)));
    assert!(undo_label_is(&mut harness, "write memo Coders differ on"));
}

#[test]
fn a_qdpx_changed_elsewhere_merges_back_through_the_file_menu() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut lead = crate::support::demo(dir.path());
    let qdpx = dir.path().join("study.qdpx");
    lead.load_whole().expect("the texts are read");
    polyphony::exchange::qdpx::write_qdpx(lead.project(), &qdpx).expect("the export");
    lead.release_texts();
    let hope = "name=\"Hope\"";
    crate::support::rewrite_qdpx(&qdpx, |xml| xml.replacen(hope, "name=\"Hopefulness\"", 1));
    let mut harness = harness_for(PolyphonyApp::new(Some(lead)).without_file_dialogs());
    open_merge_window(&mut harness, &qdpx);
    assert!(harness.query_by_label("This project: Hope").is_some());
    harness.get_by_label("The file: Hopefulness").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    assert_eq!(harness.state().error(), None);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(
        notice.starts_with("Merged: merge the REFI-QDA project study.qdpx"),
        "{notice}"
    );
    assert!(
        workbench_of(&harness)
            .project()
            .codes
            .values()
            .any(|code| code.name == "Hopefulness")
    );
}
