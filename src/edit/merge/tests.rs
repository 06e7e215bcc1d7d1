//! The merge rules on a small project in memory: a base, this project and the
//! copy, each changed with ordinary commands, then merged and checked.

use super::*;
use crate::edit::apply;
use crate::model::{
    CoderId, Coding, CodingId, Document, DocumentId, Theme, ThemeId, ThemeStatus, Turn,
};
use std::collections::BTreeSet;

const TEXT: &str = "Zoë: I felt heard for once. Hope matters to me, and care does too.";

struct Fixture {
    base: Project,
    document: DocumentId,
    hope: CodeId,
    care: CodeId,
    ana: Coder,
    sam: Coder,
    theme: ThemeId,
}

fn code(name: &str) -> Code {
    Code {
        id: CodeId::new(),
        name: name.to_owned(),
        parent: None,
        color: "#336699".to_owned(),
        description: String::new(),
    }
}

fn fixture() -> Fixture {
    let mut project = Project::default();
    let document = Document {
        turns: vec![Turn {
            speaker: "Zoë".to_owned(),
            start: 0,
            end: TEXT.chars().count(),
            time_ms: None,
            is_interviewer: false,
        }],
        ..Document::for_tests("Interview 1", TEXT)
    };
    let (hope, care) = (code("Hope"), code("Care"));
    let ana = Coder {
        id: CoderId::new(),
        name: "Ana".to_owned(),
    };
    let sam = Coder {
        id: CoderId::new(),
        name: "Sam".to_owned(),
    };
    let theme = Theme {
        id: ThemeId::new(),
        name: "Being heard".to_owned(),
        concept: "Feeling listened to".to_owned(),
        definition: "Moments of being heard.".to_owned(),
        status: ThemeStatus::Candidate,
        parent: None,
        codes: BTreeSet::from([care.id]),
        key_quotes: Vec::new(),
    };
    let ids = (document.id, hope.id, care.id, theme.id);
    for command in [
        Command::InsertDocument { document },
        Command::AddCoder { coder: ana.clone() },
        Command::AddCoder { coder: sam.clone() },
        Command::CreateCode { code: hope },
        Command::CreateCode { code: care },
        Command::CreateTheme { theme },
    ] {
        apply(&mut project, command).expect("the fixture applies");
    }
    Fixture {
        base: project,
        document: ids.0,
        hope: ids.1,
        care: ids.2,
        ana,
        sam,
        theme: ids.3,
    }
}

impl Fixture {
    fn coding(&self, code: CodeId, coder: &Coder, word: &str) -> Coding {
        let at = TEXT.find(word).expect("the word is in the text");
        let start = TEXT[..at].chars().count();
        Coding {
            id: CodingId::new(),
            document: self.document,
            code,
            coder: coder.id,
            start,
            end: start + word.chars().count(),
            created_at: 1,
            memo: String::new(),
        }
    }

    fn context(&self) -> MergeContext {
        MergeContext {
            merger: self.ana.clone(),
            at: 2,
            copy: "Sam's copy".to_owned(),
            deletions: true,
        }
    }
}

fn changed(project: &Project, commands: Vec<Command>) -> Project {
    let mut project = project.clone();
    for command in commands {
        apply(&mut project, command).expect("the change applies");
    }
    project
}

fn merge(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    choices: &Choices,
    context: &MergeContext,
) -> MergePlan {
    plan(MergeSides { base, ours, theirs }, choices, context)
}

fn rename(project: &Project, id: CodeId, name: &str) -> Command {
    let code = &project.codes[&id];
    Command::UpdateCode {
        id,
        name: name.to_owned(),
        parent: code.parent,
        color: code.color.clone(),
        description: code.description.clone(),
    }
}

#[test]
fn each_sides_new_work_is_kept_and_the_copys_applies_here() {
    let f = fixture();
    let mine = f.coding(f.hope, &f.ana, "Hope matters");
    let theirs_coding = f.coding(f.care, &f.sam, "care does too");
    let new_code = code("Belonging");
    let ours = changed(
        &f.base,
        vec![Command::AddCoding {
            coding: mine.clone(),
        }],
    );
    let theirs = changed(
        &f.base,
        vec![
            Command::AddCoding {
                coding: theirs_coding.clone(),
            },
            Command::CreateCode {
                code: new_code.clone(),
            },
            rename(&f.base, f.care, "Caring"),
        ],
    );
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert!(merged.unplaced.is_empty());
    let result = &merged.result;
    assert!(result.codings.contains_key(&mine.id));
    assert_eq!(result.codings.get(&theirs_coding.id), Some(&theirs_coding));
    assert_eq!(result.codes[&new_code.id].name, "Belonging");
    assert_eq!(result.codes[&f.care].name, "Caring");
    assert_eq!(
        merged.summary(),
        "1 code added, 1 code changed, 1 coding added"
    );

    let mut applied = ours.clone();
    for command in merged.commands.clone() {
        apply(&mut applied, command).expect("the plan applies to this project");
    }
    assert_eq!(&applied, result);
}

#[test]
fn merging_the_same_copy_again_changes_nothing() {
    let f = fixture();
    let theirs = changed(
        &f.base,
        vec![
            Command::AddCoding {
                coding: f.coding(f.care, &f.sam, "care"),
            },
            rename(&f.base, f.hope, "Hopes"),
        ],
    );
    let first = merge(&f.base, &f.base, &theirs, &Choices::default(), &f.context());
    assert!(!first.is_empty());
    let again = merge(
        &f.base,
        &first.result,
        &theirs,
        &Choices::default(),
        &f.context(),
    );
    assert!(again.is_empty(), "{:?}", again.commands);
    assert!(again.conflicts.is_empty());
}

#[test]
fn a_code_renamed_two_ways_is_a_conflict_that_waits_for_a_choice() {
    let f = fixture();
    let ours = changed(&f.base, vec![rename(&f.base, f.hope, "Hopefulness")]);
    let theirs = changed(&f.base, vec![rename(&f.base, f.hope, "Hope for change")]);
    let open = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    let conflict = open.open_conflicts().next().expect("a conflict");
    assert_eq!(conflict.kind, ConflictKind::EditedBoth);
    assert_eq!(
        (conflict.ours.as_str(), conflict.theirs.as_str()),
        ("Hopefulness", "Hope for change")
    );
    assert_eq!(open.result.codes[&f.hope].name, "Hopefulness");

    let key = conflict.key.clone();
    let chosen = Choices {
        prefer: None,
        by_key: BTreeMap::from([(key, Side::Theirs)]),
    };
    let settled = merge(&f.base, &ours, &theirs, &chosen, &f.context());
    assert_eq!(settled.open_conflicts().count(), 0);
    assert_eq!(settled.result.codes[&f.hope].name, "Hope for change");
}

#[test]
fn a_code_deleted_here_but_used_in_the_copy_comes_back_with_a_memo() {
    let f = fixture();
    let used = f.coding(f.hope, &f.sam, "Hope");
    let ours = changed(&f.base, vec![Command::RemoveCode { id: f.hope }]);
    let theirs = changed(
        &f.base,
        vec![Command::AddCoding {
            coding: used.clone(),
        }],
    );
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert!(merged.result.codes.contains_key(&f.hope));
    assert!(merged.result.codings.contains_key(&used.id));
    let conflict = &merged.conflicts[0];
    assert_eq!(
        (conflict.kind, conflict.chosen, conflict.fixed),
        (ConflictKind::DeletedButUsed, Some(Side::Theirs), true)
    );
    let memo = merged
        .result
        .memos
        .values()
        .find(|memo| memo.target == Target::Code(f.hope))
        .expect("a memo on the code");
    assert!(
        memo.body.contains("Sam's copy coded passages with it"),
        "{}",
        memo.body
    );
}

#[test]
fn a_code_deleted_in_the_copy_but_used_here_stays_with_a_memo() {
    let f = fixture();
    let mine = f.coding(f.hope, &f.ana, "Hope");
    let ours = changed(
        &f.base,
        vec![Command::AddCoding {
            coding: mine.clone(),
        }],
    );
    let theirs = changed(
        &f.base,
        vec![
            Command::RemoveCode { id: f.hope },
            Command::RemoveCode { id: f.care },
        ],
    );
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert!(merged.result.codes.contains_key(&f.hope), "used here: kept");
    assert!(merged.result.codings.contains_key(&mine.id));
    assert!(
        !merged.result.codes.contains_key(&f.care),
        "unused: removed"
    );
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::DeletedButUsed && c.fixed)
    );
    assert!(
        merged
            .result
            .memos
            .values()
            .any(|memo| memo.target == Target::Code(f.hope)
                && memo.body.contains("1 passage here is coded"))
    );
}

#[test]
fn one_coding_resized_on_both_sides_is_a_conflict() {
    let f = fixture();
    let coding = f.coding(f.hope, &f.sam, "Hope matters");
    let base = changed(
        &f.base,
        vec![Command::AddCoding {
            coding: coding.clone(),
        }],
    );
    let resize = |end: usize| Command::UpdateCoding {
        id: coding.id,
        code: coding.code,
        start: coding.start,
        end,
        memo: String::new(),
    };
    let ours = changed(&base, vec![resize(coding.end + 3)]);
    let theirs = changed(&base, vec![resize(coding.end + 6)]);
    let merged = merge(
        &base,
        &ours,
        &theirs,
        &Choices {
            prefer: Some(Side::Theirs),
            ..Choices::default()
        },
        &f.context(),
    );
    assert_eq!(merged.conflicts.len(), 1);
    assert!(merged.conflicts[0].subject.ends_with("extent"));
    assert_eq!(merged.conflicts[0].chosen, Some(Side::Theirs));
    assert_eq!(merged.result.codings[&coding.id].end, coding.end + 6);
}

#[test]
fn a_theme_definition_edited_on_both_sides_is_a_conflict_and_codes_join_from_either() {
    let f = fixture();
    let edit = |definition: &str| {
        let theme = &f.base.themes[&f.theme];
        Command::UpdateTheme {
            id: f.theme,
            name: theme.name.clone(),
            concept: theme.concept.clone(),
            definition: definition.to_owned(),
            status: theme.status,
            parent: None,
        }
    };
    let ours = changed(&f.base, vec![edit("Ours.")]);
    let theirs = changed(
        &f.base,
        vec![
            edit("Theirs."),
            Command::AddThemeCode {
                theme: f.theme,
                code: f.hope,
            },
        ],
    );
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert_eq!(merged.open_conflicts().count(), 1);
    assert_eq!(merged.result.themes[&f.theme].definition, "Ours.");
    assert!(merged.result.themes[&f.theme].codes.contains(&f.hope));
}

#[test]
fn two_codes_of_one_name_stay_two_and_are_offered_for_merging() {
    let f = fixture();
    let (ours_code, theirs_code) = (code("Trust"), code("trust"));
    let ours = changed(
        &f.base,
        vec![Command::CreateCode {
            code: ours_code.clone(),
        }],
    );
    let theirs = changed(
        &f.base,
        vec![Command::CreateCode {
            code: theirs_code.clone(),
        }],
    );
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert!(
        merged.result.codes.contains_key(&ours_code.id)
            && merged.result.codes.contains_key(&theirs_code.id)
    );
    assert_eq!(
        merged.same_names,
        vec![SameName {
            name: "trust".to_owned(),
            ours: ours_code.id,
            theirs: theirs_code.id
        }]
    );
}

#[test]
fn moves_that_would_make_a_loop_keep_this_projects_tree() {
    let f = fixture();
    let under = |id: CodeId, parent: CodeId| {
        let code = &f.base.codes[&id];
        Command::UpdateCode {
            id,
            name: code.name.clone(),
            parent: Some(parent),
            color: code.color.clone(),
            description: String::new(),
        }
    };
    let ours = changed(&f.base, vec![under(f.hope, f.care)]);
    let theirs = changed(&f.base, vec![under(f.care, f.hope)]);
    let merged = merge(&f.base, &ours, &theirs, &Choices::default(), &f.context());
    assert_eq!(merged.conflicts[0].kind, ConflictKind::MoveLoop);
    assert_eq!(merged.result.codes[&f.care].parent, None);
    assert_eq!(merged.result.codes[&f.hope].parent, Some(f.care));
}

#[test]
fn a_file_from_another_tool_deletes_nothing_by_leaving_it_out() {
    let f = fixture();
    let theirs = changed(&f.base, vec![Command::RemoveCode { id: f.hope }]);
    let context = MergeContext {
        deletions: false,
        ..f.context()
    };
    let merged = merge(&f.base, &f.base, &theirs, &Choices::default(), &context);
    assert!(merged.is_empty());
}
