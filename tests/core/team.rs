//! Coders' copies of the demo project, worked on and merged back through the
//! workbench as the window and the command line do: nothing lost, nothing
//! twice, one undo step each, and the same project whatever the order.

use crate::support::{demo, first_code_name, rename_code};
use polyphony::edit::Command;
use polyphony::edit::merge::{Choices, ConflictKind, Side};
use polyphony::model::{CodeId, DocumentId, Project};
use polyphony::workbench::Workbench;
use std::path::{Path, PathBuf};

/// The demo project in `dir`, and the path of its file.
fn project(dir: &Path) -> (Workbench, PathBuf) {
    let workbench = demo(dir);
    let path = workbench.path().to_owned();
    (workbench, path)
}

fn copy_for(workbench: &mut Workbench, dir: &Path, coder: &str, blind: bool) -> PathBuf {
    let out = dir.join(format!("{}.polyphony", coder.to_lowercase()));
    workbench
        .write_copy(&out, coder, blind)
        .expect("the copy is written");
    out
}

fn open(path: &Path, coder: &str) -> Workbench {
    Workbench::open(path, Some(coder), &mut |_, _| {}).expect("the project opens")
}

/// The first document by name and the code called `name`.
fn document(workbench: &Workbench) -> DocumentId {
    workbench.project().documents_by_name()[0].id
}

fn code_called(project: &Project, name: &str) -> CodeId {
    project
        .codes
        .values()
        .find(|code| code.name == name)
        .map_or_else(|| panic!("a code called {name}"), |code| code.id)
}

/// Codes `start..end` of the first document with `code` (made if new).
fn code_range(workbench: &mut Workbench, start: usize, end: usize, code: &str) {
    let document = document(workbench);
    let (command, _) = workbench
        .commands()
        .code_range(document, start, end, code)
        .expect("the coding is built");
    workbench.apply(command).expect("the coding applies");
}

fn merge(workbench: &mut Workbench, copy: &Path, choices: &Choices) -> String {
    let prepared = workbench
        .prepare_merge(copy, choices)
        .expect("the merge is worked out");
    workbench.merge_copy(prepared).expect("the merge applies")
}

/// The project as a merge leaves it, without what only says when it merged.
fn content(project: &Project) -> Project {
    let mut project = project.clone();
    project
        .settings
        .retain(|name, _| !name.starts_with("merged-copy:"));
    project
}

#[test]
fn a_copys_work_comes_back_once_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, _) = project(dir.path());
    let copy = copy_for(&mut lead, dir.path(), "Sam", false);
    let before = content(lead.project());
    {
        let mut sam = open(&copy, "Sam");
        assert!(
            sam.history().done.is_empty(),
            "a copy starts with no undo history"
        );
        // Chosen before coding: ids are random, so the new code may sort first.
        let renamed = first_code_name(&sam);
        code_range(&mut sam, 0, 40, "Sam's new code");
        rename_code(&mut sam, &renamed, "Renamed in the copy");
    }
    let label = merge(&mut lead, &copy, &Choices::default());
    assert!(
        label.starts_with("merge Sam's copy (sam.polyphony): "),
        "{label}"
    );
    let merged = content(lead.project());
    assert_eq!(merged.codings.len(), before.codings.len() + 1);
    assert!(
        merged
            .codes
            .values()
            .any(|code| code.name == "Sam's new code")
    );
    assert!(
        merged
            .codes
            .values()
            .any(|code| code.name == "Renamed in the copy")
    );
    assert!(merged.coders.values().any(|coder| coder.name == "Sam"));

    let again = merge(&mut lead, &copy, &Choices::default());
    assert_eq!(again, "nothing new in Sam's copy (sam.polyphony)");
    assert_eq!(
        content(lead.project()),
        merged,
        "merging twice adds nothing"
    );

    assert_eq!(lead.history().undo_label(), Some(label.as_str()));
    lead.undo().expect("the merge undoes");
    let undone = content(lead.project());
    assert_eq!(undone.codings, before.codings);
    assert_eq!(undone.codes, before.codes);
    // Undone, the merge is forgotten too, so it can be made again.
    assert_eq!(merge(&mut lead, &copy, &Choices::default()), label);
}

#[test]
fn a_blind_copy_hides_other_coders_and_merging_it_deletes_none_of_their_work() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, _) = project(dir.path());
    let before = lead.project().codings.len();
    assert!(before > 0);
    let copy = copy_for(&mut lead, dir.path(), "Kim", true);
    {
        let mut kim = open(&copy, "Kim");
        assert!(
            kim.project().codings.is_empty(),
            "Kim sees nobody else's codings"
        );
        code_range(&mut kim, 5, 25, "Kim's code");
    }
    merge(&mut lead, &copy, &Choices::default());
    assert_eq!(lead.project().codings.len(), before + 1);
}

#[test]
fn three_copies_without_conflicts_merge_to_the_same_project_in_every_order() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, path) = project(dir.path());
    let copies: Vec<PathBuf> = ["Ana", "Sam", "Kim"]
        .iter()
        .map(|coder| copy_for(&mut lead, dir.path(), coder, false))
        .collect();
    let names: Vec<String> = lead
        .project()
        .codes
        .values()
        .take(3)
        .map(|code| code.name.clone())
        .collect();
    drop(lead);
    for (index, copy) in copies.iter().enumerate() {
        let coder = ["Ana", "Sam", "Kim"][index];
        let mut workbench = open(copy, coder);
        code_range(
            &mut workbench,
            10 * index,
            10 * index + 30,
            &format!("{coder}'s code"),
        );
        rename_code(
            &mut workbench,
            &names[index],
            &format!("{} ({coder})", names[index]),
        );
    }
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut results = Vec::new();
    for (run, order) in orders.iter().enumerate() {
        let target = dir.path().join(format!("order-{run}.polyphony"));
        std::fs::copy(&path, &target).expect("the project is copied");
        let mut workbench = open(&target, polyphony::workbench::DEMO_CODER);
        for &index in order {
            merge(&mut workbench, &copies[index], &Choices::default());
        }
        results.push(content(workbench.project()));
    }
    for result in &results[1..] {
        assert_eq!(result, &results[0]);
    }
    let result = &results[0];
    for (index, coder) in ["Ana", "Sam", "Kim"].iter().enumerate() {
        assert!(
            result
                .codes
                .values()
                .any(|code| code.name == format!("{coder}'s code"))
        );
        assert!(
            result
                .codes
                .values()
                .any(|code| code.name == format!("{} ({coder})", names[index]))
        );
    }
}

#[test]
fn conflicts_wait_for_a_choice_and_a_code_deleted_but_used_comes_back() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, _) = project(dir.path());
    let copy = copy_for(&mut lead, dir.path(), "Sam", false);
    let name = first_code_name(&lead);
    let deleted = code_called(lead.project(), &name);
    let other = lead
        .project()
        .codes
        .values()
        .find(|code| code.id != deleted && code.parent.is_none())
        .expect("a second code")
        .name
        .clone();
    {
        let mut sam = open(&copy, "Sam");
        rename_code(&mut sam, &other, "Sam's name");
        let document = document(&sam);
        let (command, _) = sam
            .commands()
            .code_range(document, 0, 12, &deleted.to_string())
            .expect("built");
        sam.apply(command).expect("Sam codes with it");
    }
    rename_code(&mut lead, &other, "The lead's name");
    let remove = Command::RemoveCode { id: deleted };
    lead.apply(remove).expect("the lead deletes the code");

    let waiting = lead
        .prepare_merge(&copy, &Choices::default())
        .expect("worked out");
    let open: Vec<_> = waiting.plan.open_conflicts().collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].kind, ConflictKind::EditedBoth);
    assert_eq!(
        (open[0].ours.as_str(), open[0].theirs.as_str()),
        ("The lead's name", "Sam's name")
    );
    assert!(
        lead.merge_copy(waiting).is_err(),
        "an open conflict stops the merge"
    );

    let prefer = Choices {
        prefer: Some(Side::Theirs),
        ..Choices::default()
    };
    merge(&mut lead, &copy, &prefer);
    let project = lead.project();
    assert!(
        project.codes.contains_key(&deleted),
        "the deleted code Sam used is back"
    );
    assert!(project.codes.values().any(|code| code.name == "Sam's name"));
    assert!(
        project.memos.values().any(
            |memo| memo.target == polyphony::model::Target::Code(deleted)
                && memo.body.contains("Sam's copy")
        ),
        "a memo says why it came back"
    );
}

#[test]
fn a_copy_of_another_project_and_a_plain_project_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, _) = project(dir.path());
    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).expect("a folder");
    let (mut other, other_path) = project(&other_dir);
    let foreign = copy_for(&mut other, &other_dir, "Sam", false);
    drop(other);
    let before = lead.project().clone();
    let error = lead
        .prepare_merge(&foreign, &Choices::default())
        .expect_err("refused")
        .to_string();
    assert!(error.contains("is a copy of another project"), "{error}");
    let error = lead
        .prepare_merge(&other_path, &Choices::default())
        .expect_err("refused")
        .to_string();
    assert!(error.contains("is not a coder's copy"), "{error}");
    assert_eq!(lead.project(), &before);
}

#[test]
fn two_codes_of_one_name_join_only_when_asked_and_in_the_merge_step() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut lead, _) = project(dir.path());
    let copy = copy_for(&mut lead, dir.path(), "Sam", false);
    code_range(&mut lead, 0, 40, "Trust");
    let mut sam = open(&copy, "Sam");
    code_range(&mut sam, 100, 160, "Trust");
    code_range(&mut sam, 200, 260, "Trust");
    drop(sam);
    let before = lead.project().codes.len();
    let mut prepared = lead
        .prepare_merge(&copy, &Choices::default())
        .expect("the merge is worked out");
    assert_eq!(
        prepared.plan.same_names.len(),
        1,
        "the two Trusts are found"
    );
    prepared.join = prepared
        .plan
        .same_names
        .iter()
        .map(|same| same.theirs)
        .collect();
    let label = lead.merge_copy(prepared).expect("the merge applies");
    assert!(label.contains("1 code joined"), "{label}");
    let project = lead.project();
    assert_eq!(project.codes.len(), before, "one Trust, not two");
    let trust = code_called(project, "Trust");
    let coded: Vec<usize> = project
        .codings
        .values()
        .filter(|coding| coding.code == trust)
        .map(|coding| coding.start)
        .collect();
    assert_eq!(
        coded.len(),
        3,
        "the copy's codings moved to this project's Trust: {coded:?}"
    );
    lead.undo().expect("the merge undoes");
    assert_eq!(
        lead.project().codes.len(),
        before,
        "one step: the lead's Trust alone again"
    );
    assert_eq!(
        lead.project()
            .codings
            .values()
            .filter(|coding| coding.code == trust)
            .count(),
        1
    );
}
