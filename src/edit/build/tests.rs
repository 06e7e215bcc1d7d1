//! Each builder on a small project held in memory, with no file: the command it
//! builds is applied with `edit::apply` and the project checked, and a request
//! that makes no sense is refused with words a user can act on.

use super::CommandBuilder;
use crate::edit::{Command, EditError, apply};
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, CommentKind, Document, DocumentId, Project,
    ResolutionState, Target, Theme, ThemeId, ThemeStatus, Turn,
};
use std::collections::BTreeSet;

const TEXT: &str = "Interviewer: How was it?\nZoë: I felt heard for once. Hope matters to me.";
const AT: i64 = 1_700_000_000_000;

/// A one-interview study: codes Hope and Care (with Listening under it), a
/// coding of each, and the theme "Being heard" holding Care with its coding
/// as key quote.
struct Study {
    project: Project,
    coder: Coder,
    document: DocumentId,
    hope: CodeId,
    care: CodeId,
    listening: CodeId,
    hope_coding: CodingId,
    care_coding: CodingId,
    theme: ThemeId,
}

fn chars_of(word: &str) -> (usize, usize) {
    let at = TEXT.find(word).unwrap_or(0);
    let start = TEXT[..at].chars().count();
    (start, start + word.chars().count())
}

fn code(name: &str, parent: Option<CodeId>) -> Code {
    Code {
        id: CodeId::new(),
        name: name.to_owned(),
        parent,
        color: "#336699".to_owned(),
        description: String::new(),
    }
}

fn study() -> Study {
    let coder = Coder {
        id: CoderId::new(),
        name: "Ana".to_owned(),
    };
    let answer = TEXT.find("Zoë").unwrap_or(0);
    let answer_start = TEXT[..answer].chars().count();
    let document = Document {
        turns: vec![
            Turn {
                speaker: "Interviewer".to_owned(),
                start: 0,
                end: answer_start - 1,
                time_ms: None,
                is_interviewer: true,
            },
            Turn {
                speaker: "Zoë".to_owned(),
                start: answer_start,
                end: TEXT.chars().count(),
                time_ms: None,
                is_interviewer: false,
            },
        ],
        ..Document::for_tests("int-01", TEXT)
    };
    let hope = code("Hope", None);
    let care = code("Care", None);
    let listening = code("Listening", Some(care.id));
    let coding = |code: CodeId, word: &str| {
        let (start, end) = chars_of(word);
        Coding {
            id: CodingId::new(),
            document: document.id,
            code,
            coder: coder.id,
            start,
            end,
            created_at: 0,
            memo: String::new(),
        }
    };
    let hope_coding = coding(hope.id, "Hope matters");
    let care_coding = coding(care.id, "felt heard");
    let theme = Theme {
        id: ThemeId::new(),
        name: "Being heard".to_owned(),
        concept: "Feeling listened to".to_owned(),
        definition: String::new(),
        status: ThemeStatus::Candidate,
        parent: None,
        codes: BTreeSet::from([care.id]),
        key_quotes: vec![care_coding.id],
    };
    let mut project = Project::default();
    let ids = Study {
        project: Project::default(),
        coder: coder.clone(),
        document: document.id,
        hope: hope.id,
        care: care.id,
        listening: listening.id,
        hope_coding: hope_coding.id,
        care_coding: care_coding.id,
        theme: theme.id,
    };
    project.coders.insert(coder.id, coder);
    project.documents.insert(document.id, document);
    for code in [hope, care, listening] {
        project.codes.insert(code.id, code);
    }
    for coding in [hope_coding, care_coding] {
        project.codings.insert(coding.id, coding);
    }
    project.themes.insert(theme.id, theme);
    Study { project, ..ids }
}

impl Study {
    fn builder(&self) -> CommandBuilder<'_> {
        CommandBuilder::at(&self.project, &self.coder, AT)
    }

    /// Applies `command`, and checks that its inverse puts the project back.
    fn apply(&mut self, command: Command) -> Result<(), EditError> {
        let before = self.project.clone();
        let applied = apply(&mut self.project, command)?;
        let mut undone = self.project.clone();
        apply(&mut undone, applied.inverse)?;
        assert_eq!(undone, before, "the inverse restores the project");
        Ok(())
    }

    fn code_named(&self, name: &str) -> Option<&Code> {
        self.project.codes.values().find(|code| code.name == name)
    }
}

fn refusal<T: std::fmt::Debug>(built: Result<T, EditError>) -> String {
    match built {
        Ok(value) => panic!("expected a refusal, got {value:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_new_code_applied_to_a_selection_is_one_step_by_the_coder_at_the_given_time()
-> Result<(), EditError> {
    let mut study = study();
    let (start, end) = chars_of("for once");
    let (command, id) =
        study
            .builder()
            .apply_new_code(study.document, start, end, "Rarity", "code Rarity")?;
    assert!(matches!(&command, Command::Batch { label, .. } if label == "code Rarity"));
    study.apply(command)?;
    assert_eq!(study.project.codes[&id].name, "Rarity");
    let coding = study.project.codings.values().find(|c| c.code == id);
    let coding = coding.ok_or_else(|| EditError::Invalid("no coding".to_owned()))?;
    assert_eq!((coding.start, coding.end), (start, end));
    assert_eq!((coding.coder, coding.created_at), (study.coder.id, AT));
    assert!(refusal(study.builder().new_code("  ", None)).contains("needs a name"));
    Ok(())
}

#[test]
fn in_vivo_names_the_code_by_the_words_and_reuses_a_code_of_that_name() -> Result<(), EditError> {
    let mut study = study();
    let (start, end) = chars_of("felt heard");
    let (command, created) = study.builder().in_vivo(study.document, start, end)?;
    study.apply(command)?;
    assert_eq!(study.project.codes[&created].name, "felt heard");
    let codes = study.project.codes.len();
    let (again, reused) = study.builder().in_vivo(study.document, start, end)?;
    assert!(matches!(again, Command::AddCoding { .. }));
    assert_eq!(reused, created);
    study.apply(again)?;
    assert_eq!(study.project.codes.len(), codes);
    assert!(refusal(study.builder().in_vivo(study.document, 3, 3)).contains("select some words"));
    Ok(())
}

#[test]
fn recoding_keeps_the_range_and_memo_and_can_make_the_code() -> Result<(), EditError> {
    let mut study = study();
    let memo = study
        .builder()
        .segment_memo(study.hope_coding, "said twice")?;
    study.apply(memo)?;
    let recode = study.builder().recode(study.hope_coding, study.care)?;
    study.apply(recode)?;
    let coding = &study.project.codings[&study.hope_coding];
    assert_eq!(
        (coding.code, coding.memo.as_str()),
        (study.care, "said twice")
    );
    let (command, optimism) = study
        .builder()
        .recode_to_new_code(study.hope_coding, "Optimism")?;
    assert!(matches!(&command, Command::Batch { label, .. }
        if label == "recode Care as new code Optimism"));
    study.apply(command)?;
    assert_eq!(study.project.codings[&study.hope_coding].code, optimism);
    let gone = CodingId::new();
    assert!(refusal(study.builder().recode(gone, study.care)).contains("no longer coded"));
    Ok(())
}

#[test]
fn resizing_needs_a_new_range_in_the_same_document() -> Result<(), EditError> {
    let mut study = study();
    let (start, end) = chars_of("Hope matters to me");
    let resize = study
        .builder()
        .resize_segment(study.hope_coding, study.document, start, end)?;
    study.apply(resize)?;
    let coding = &study.project.codings[&study.hope_coding];
    assert_eq!((coding.start, coding.end), (start, end));
    let builder = study.builder();
    let same = builder.resize_segment(study.hope_coding, study.document, start, end);
    assert!(refusal(same).contains("already covers exactly"));
    let empty = builder.resize_segment(study.hope_coding, study.document, 4, 4);
    assert!(refusal(empty).contains("select the words"));
    let elsewhere = builder.resize_segment(study.hope_coding, DocumentId::new(), 0, 4);
    assert!(refusal(elsewhere).contains("own document"));
    Ok(())
}

#[test]
fn codes_move_and_change_but_never_under_themselves() -> Result<(), EditError> {
    let mut study = study();
    let moved = study
        .builder()
        .move_code(study.hope, Some(study.listening))?;
    study.apply(moved)?;
    assert_eq!(
        study.project.codes[&study.hope].parent,
        Some(study.listening)
    );
    let builder = study.builder();
    assert!(refusal(builder.move_code(study.care, Some(study.hope))).contains("cannot go under"));
    let moved = builder.move_code(study.hope, Some(study.listening));
    assert!(refusal(moved).contains("already there"));
    let recolour = builder.update_code(study.hope, |code| code.color = "#aa0000".to_owned())?;
    study.apply(recolour)?;
    assert_eq!(study.project.codes[&study.hope].color, "#aa0000");
    let gone = study.builder().update_code(CodeId::new(), |_| {});
    assert!(refusal(gone).contains("that code is gone"));
    Ok(())
}

#[test]
fn merging_codes_moves_codings_and_children_and_removes_the_source() -> Result<(), EditError> {
    let mut study = study();
    let merge = study.builder().merge_codes(study.care, study.hope)?;
    assert!(matches!(&merge, Command::Batch { label, .. } if label == "merge code Care into Hope"));
    study.apply(merge)?;
    assert!(!study.project.codes.contains_key(&study.care));
    assert_eq!(study.project.codings[&study.care_coding].code, study.hope);
    assert_eq!(
        study.project.codes[&study.listening].parent,
        Some(study.hope)
    );
    let itself = study.builder().merge_codes(study.hope, study.hope);
    assert!(refusal(itself).contains("into itself"));
    Ok(())
}

#[test]
fn a_range_is_coded_by_a_code_path_that_is_made_when_missing() -> Result<(), EditError> {
    let mut study = study();
    let (start, end) = chars_of("How was it");
    let (existing, _) = study
        .builder()
        .code_range(study.document, start, end, "care/listening")?;
    assert!(matches!(&existing, Command::AddCoding { coding } if coding.code == study.listening));
    let (command, coding) =
        study
            .builder()
            .code_range(study.document, start, end, "Method/Questions")?;
    study.apply(command)?;
    let questions = study
        .code_named("Questions")
        .map(|code| (code.id, code.parent));
    let method = study.code_named("Method").map(|code| code.id);
    assert_eq!(questions.and_then(|(_, parent)| parent), method);
    assert_eq!(
        Some(study.project.codings[&coding].code),
        questions.map(|(id, _)| id)
    );
    Ok(())
}

#[test]
fn a_speaker_is_linked_to_a_participant_made_for_it_once() -> Result<(), EditError> {
    let mut study = study();
    let link = study.builder().link_speaker(study.document, "Zoë", "P01");
    assert!(matches!(&link, Command::Batch { label, .. }
        if label == "link speaker Zoë to new participant P01"));
    study.apply(link)?;
    let relink = study
        .builder()
        .link_speaker(study.document, "Interviewer", "P01");
    assert!(matches!(relink, Command::LinkSpeaker { .. }));
    study.apply(relink)?;
    assert_eq!(study.project.participants.len(), 1);
    Ok(())
}

#[test]
fn themes_are_created_edited_and_found_by_name() -> Result<(), EditError> {
    let mut study = study();
    let (create, id) =
        study
            .builder()
            .create_theme("Hope", "Hope as a practice", "", Some(study.theme))?;
    study.apply(create)?;
    assert_eq!(study.project.themes[&id].parent, Some(study.theme));
    let duplicate = study.builder().create_theme("being HEARD", "", "", None);
    assert!(refusal(duplicate).contains("already a theme"));
    let edit = study.builder().edit_theme(id, |theme| {
        theme.status = ThemeStatus::Reviewed;
        theme.definition = "Talk of a future".to_owned();
    })?;
    study.apply(edit)?;
    let found = study.builder().theme_by_name("hope")?;
    assert_eq!((found.id, found.status), (id, ThemeStatus::Reviewed));
    let unnamed = study
        .builder()
        .edit_theme(id, |theme| theme.name = " ".to_owned());
    assert!(refusal(unnamed).contains("needs a name"));
    assert!(refusal(study.builder().theme_by_name("Nope")).contains("no theme called"));
    Ok(())
}

#[test]
fn member_codes_and_key_quotes_come_and_go_together() -> Result<(), EditError> {
    let mut study = study();
    let add = study.builder().add_theme_code(study.theme, study.hope)?;
    study.apply(add)?;
    let quote = study
        .builder()
        .add_key_quote(study.theme, study.hope_coding)?;
    study.apply(quote)?;
    let again = study
        .builder()
        .add_key_quote(study.theme, study.hope_coding);
    assert!(refusal(again).contains("already a key quote"));
    // Taking Care out takes its coding's key quote with it.
    let remove = study.builder().remove_theme_code(study.theme, study.care)?;
    study.apply(remove)?;
    let theme = &study.project.themes[&study.theme];
    assert_eq!(theme.key_quotes, vec![study.hope_coding]);
    let unquote = study
        .builder()
        .remove_key_quote(study.theme, study.hope_coding)?;
    study.apply(unquote)?;
    assert!(study.project.themes[&study.theme].key_quotes.is_empty());
    let missing = study.builder().remove_theme_code(study.theme, study.care);
    assert!(refusal(missing).contains("not in theme"));
    Ok(())
}

#[test]
fn themes_split_and_merge_as_one_step_each() -> Result<(), EditError> {
    let mut study = study();
    let add = study.builder().add_theme_code(study.theme, study.hope)?;
    study.apply(add)?;
    let (split, hope_theme) = study
        .builder()
        .split_theme(study.theme, "Hope", &[study.hope])?;
    study.apply(split)?;
    assert_eq!(
        study.project.themes[&hope_theme].codes,
        BTreeSet::from([study.hope])
    );
    assert!(
        !study.project.themes[&study.theme]
            .codes
            .contains(&study.hope)
    );
    let nothing = study.builder().split_theme(study.theme, "Empty", &[]);
    assert!(refusal(nothing).contains("choose the codes"));
    let merge = study.builder().merge_themes(hope_theme, study.theme)?;
    study.apply(merge)?;
    assert!(!study.project.themes.contains_key(&hope_theme));
    assert!(
        study.project.themes[&study.theme]
            .codes
            .contains(&study.hope)
    );
    let itself = study.builder().merge_themes(study.theme, study.theme);
    assert!(refusal(itself).contains("another theme"));
    Ok(())
}

#[test]
fn comments_are_answered_and_resolved_by_the_coder() -> Result<(), EditError> {
    let mut study = study();
    let target = Target::Theme(study.theme);
    let comment =
        study
            .builder()
            .comment("Sam", target, CommentKind::Question, "Is this about trust?")?;
    study.apply(comment)?;
    let id = *study
        .project
        .comments
        .keys()
        .next()
        .ok_or_else(|| EditError::Invalid("no comment".to_owned()))?;
    let reply = study.builder().reply(id, "Partly: see the memo")?;
    study.apply(reply)?;
    let declined = study
        .builder()
        .resolve_comment(id, Some(ResolutionState::Declined), " ");
    assert!(refusal(declined).contains("say why"));
    let resolve = study
        .builder()
        .resolve_comment(id, Some(ResolutionState::Accepted), "")?;
    study.apply(resolve)?;
    let resolution = study.project.comments[&id].resolution.as_ref();
    assert_eq!(resolution.map(|r| r.by.as_str()), Some("Ana"));
    let anonymous = study.builder().comment(" ", target, CommentKind::Agree, "");
    assert!(refusal(anonymous).contains("sign in"));
    assert!(refusal(study.builder().reply(id, "  ")).contains("write the reply"));
    Ok(())
}
