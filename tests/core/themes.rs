//! Themes as first-class objects, through the workbench: creating and editing
//! them, member codes and key quotes, splitting and merging, each one undo
//! step; and the versions every change of a theme's name, concept,
//! definition, status, parent or codes leaves, with who, when and why, kept
//! in the project file across reopening (and added to files of schema 1).

use crate::support::demo;
use polyphony::model::{ThemeId, ThemeStatus};
use polyphony::workbench::{Workbench, WorkbenchError};

fn code(workbench: &Workbench, name: &str) -> polyphony::model::CodeId {
    workbench.project().find_code(name).expect("a demo code").id
}

/// A segment coded with `code`.
fn segment_of(workbench: &Workbench, code: polyphony::model::CodeId) -> polyphony::model::CodingId {
    workbench
        .project()
        .codings
        .values()
        .find(|coding| coding.code == code)
        .expect("the code is applied")
        .id
}

#[test]
fn theme_commands_are_single_undoable_steps() -> Result<(), WorkbenchError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut workbench = demo(dir.path());
    let themes_before = workbench.project().themes.len();
    let (create, id) = workbench.commands().create_theme(
        "Speaking plainly",
        "Peers bring everyday language into clinical meetings.",
        "In: jargon, plain words. Not: written reports.",
        None,
    )?;
    assert_eq!(workbench.apply(create)?, "create theme Speaking plainly");
    assert!(
        workbench
            .commands()
            .create_theme("speaking PLAINLY", "", "", None)
            .is_err_and(|error| error.to_string().contains("already a theme")),
        "names are unique, whatever their case"
    );

    let plain = code(&workbench, "Plain language");
    assert_eq!(
        workbench.apply(workbench.commands().add_theme_code(id, plain)?)?,
        "add code Plain language to theme Speaking plainly"
    );
    let quote = segment_of(&workbench, plain);
    workbench.apply(workbench.commands().add_key_quote(id, quote)?)?;
    assert_eq!(workbench.project().themes[&id].key_quotes, vec![quote]);
    // A segment of a code outside the theme cannot be its key quote.
    let other = segment_of(&workbench, code(&workbench, "Tokenism"));
    assert!(
        workbench
            .commands()
            .add_key_quote(id, other)
            .is_err_and(|error| error.to_string().contains("not coded with any code"))
    );

    let label = workbench.apply(workbench.commands().edit_theme(id, |theme| {
        theme.status = ThemeStatus::Reviewed;
    })?)?;
    assert_eq!(label, "mark theme Speaking plainly reviewed");

    // Taking the code out takes its key quote with it, as one step.
    workbench.apply(workbench.commands().remove_theme_code(id, plain)?)?;
    let theme = &workbench.project().themes[&id];
    assert!(theme.codes.is_empty() && theme.key_quotes.is_empty());
    workbench.undo()?;
    assert_eq!(workbench.project().themes[&id].key_quotes, vec![quote]);

    // Each step undoes on its own, back to no theme at all.
    for _ in 0..4 {
        workbench.undo()?;
    }
    assert_eq!(workbench.project().themes.len(), themes_before);
    Ok(())
}

#[test]
fn themes_split_and_merge_with_their_codes_quotes_and_subthemes() -> Result<(), WorkbenchError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut workbench = demo(dir.path());
    let (create, meetings) = workbench
        .commands()
        .create_theme("In the meeting", "", "", None)?;
    workbench.apply(create)?;
    let hope = code(&workbench, "Hope");
    let plain = code(&workbench, "Plain language");
    for code in [hope, plain] {
        workbench.apply(workbench.commands().add_theme_code(meetings, code)?)?;
    }
    let hope_quote = segment_of(&workbench, hope);
    workbench.apply(workbench.commands().add_key_quote(meetings, hope_quote)?)?;
    let (create, child) =
        workbench
            .commands()
            .create_theme("Families first", "", "", Some(meetings))?;
    workbench.apply(create)?;

    // Split: the new theme takes Hope and Hope's key quote.
    let (split, hopeful) = workbench
        .commands()
        .split_theme(meetings, "Hopefulness", &[hope])?;
    assert_eq!(
        workbench.apply(split)?,
        "split theme In the meeting: new theme Hopefulness"
    );
    let project = workbench.project();
    assert_eq!(
        project.themes[&meetings]
            .codes
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![plain]
    );
    assert!(project.themes[&meetings].key_quotes.is_empty());
    assert_eq!(project.themes[&hopeful].key_quotes, vec![hope_quote]);

    // Merge it back: codes, quotes and the subtheme all end up in one theme.
    let merge = workbench.commands().merge_themes(meetings, hopeful)?;
    assert_eq!(
        workbench.apply(merge)?,
        "merge theme In the meeting into Hopefulness"
    );
    let project = workbench.project();
    assert!(!project.themes.contains_key(&meetings));
    assert!(project.themes[&hopeful].codes.contains(&plain));
    assert!(project.themes[&hopeful].codes.contains(&hope));
    assert_eq!(project.themes[&child].parent, Some(hopeful));
    // A theme cannot be merged into its own subtheme.
    assert!(workbench.commands().merge_themes(hopeful, child).is_err());

    workbench.undo()?;
    workbench.undo()?;
    let project = workbench.project();
    assert_eq!(project.themes[&meetings].codes.len(), 2);
    assert_eq!(project.themes[&child].parent, Some(meetings));
    assert!(!project.themes.contains_key(&hopeful));
    Ok(())
}

fn statuses(workbench: &Workbench, id: ThemeId) -> Vec<(u32, String, Option<ThemeStatus>)> {
    workbench
        .theme_history(id)
        .expect("the history reads")
        .into_iter()
        .map(|version| {
            (
                version.version,
                version.action,
                version.state.map(|state| state.status),
            )
        })
        .collect()
}

#[test]
fn every_change_of_a_theme_is_kept_as_a_version_with_who_when_and_why() -> Result<(), WorkbenchError>
{
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("demo.polyphony");
    let mut workbench = demo(dir.path());
    workbench.set_coder("Ruth")?;
    let (create, id) = workbench.commands().create_theme(
        "The peer's influence",
        "Peers change how network meetings feel.",
        "",
        None,
    )?;
    workbench.apply(create)?;
    workbench.apply_with_reason(
        workbench.commands().edit_theme(id, |theme| {
            theme.definition = "In: the meeting itself. Not: team culture.".to_owned();
        })?,
        "Boundaries agreed with Sam after the second review",
    )?;
    workbench.apply(
        workbench
            .commands()
            .add_theme_code(id, code(&workbench, "Hope"))?,
    )?;
    // A key quote is not part of a version: no new one.
    let quote = segment_of(&workbench, code(&workbench, "Hope"));
    workbench.apply(workbench.commands().add_key_quote(id, quote)?)?;
    workbench.apply(
        workbench
            .commands()
            .edit_theme(id, |theme| theme.status = ThemeStatus::Final)?,
    )?;
    workbench.undo()?;

    let history = workbench.theme_history(id)?;
    assert_eq!(history.len(), 5, "{history:#?}");
    assert_eq!(history[0].label, "create theme The peer's influence");
    assert_eq!(
        history[1].reason,
        "Boundaries agreed with Sam after the second review"
    );
    assert!(
        history[1]
            .state
            .as_ref()
            .is_some_and(|state| state.definition.starts_with("In: the meeting"))
    );
    assert!(
        history
            .iter()
            .all(|version| version.coder == "Ruth" && version.at > 0)
    );
    assert!(
        history[2]
            .state
            .as_ref()
            .is_some_and(|state| state.codes.len() == 1)
    );
    assert_eq!(
        statuses(&workbench, id)[3..],
        [
            (4, "do".to_owned(), Some(ThemeStatus::Final)),
            (5, "undo".to_owned(), Some(ThemeStatus::Candidate)),
        ]
    );

    // Deleting the theme is a version too, and the history outlives it and
    // the session.
    workbench.apply(polyphony::edit::Command::RemoveTheme { id })?;
    drop(workbench);
    let workbench = Workbench::open(&path, None, &mut |_, _| {})?;
    let history = workbench.theme_history(id)?;
    assert_eq!(history.len(), 6);
    assert_eq!(history[5].state, None);
    assert_eq!(history[5].label, "delete theme The peer's influence");
    Ok(())
}

#[test]
fn a_schema_1_project_gains_theme_versions_when_opened_for_writing() -> Result<(), WorkbenchError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("old.polyphony");
    drop(Workbench::create(&path, "Ruth")?);
    {
        // Make the file look as schema 1 left it.
        let connection = rusqlite::Connection::open(&path).expect("the file opens");
        connection
            .execute_batch(
                "ALTER TABLE history ADD COLUMN forward TEXT NOT NULL DEFAULT '';
                 ALTER TABLE history ADD COLUMN inverse TEXT NOT NULL DEFAULT '';
                 UPDATE history SET
                     forward = (SELECT forward FROM history_steps AS s WHERE s.seq = history.seq),
                     inverse = (SELECT inverse FROM history_steps AS s WHERE s.seq = history.seq);
                 DROP TABLE history_steps; DROP TABLE parked_documents; DROP TABLE parked_codings;
                 DROP INDEX documents_outline;
                 DROP INDEX turns_by_end;
                 ALTER TABLE documents DROP COLUMN turn_count;
                 ALTER TABLE documents DROP COLUMN speaker_labels;
                 DROP TABLE theme_versions; DROP TABLE map_positions; DROP TABLE pseudonyms;
                 DROP TABLE document_pages; DROP TABLE settings;
                 ALTER TABLE documents DROP COLUMN media; PRAGMA user_version = 1;",
            )
            .expect("the file is rolled back to schema 1");
    }
    assert!(
        Workbench::open_read_only(&path, &mut |_, _| {})
            .is_err_and(|error| error.to_string().contains("open it once for writing"))
    );
    let mut workbench = Workbench::open(&path, None, &mut |_, _| {})?;
    let (create, id) = workbench.commands().create_theme("New", "", "", None)?;
    workbench.apply(create)?;
    assert_eq!(workbench.theme_history(id)?.len(), 1);
    Ok(())
}
