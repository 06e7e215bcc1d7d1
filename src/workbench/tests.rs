//! Tests of the workbench over a real project file: builders' commands
//! applied, journalled and undone through it.

use crate::workbench::WorkbenchError;

#[test]
fn resizing_keeps_code_and_memo_and_undoes() -> Result<(), WorkbenchError> {
    let dir = tempfile::tempdir().map_err(|error| WorkbenchError::Invalid(error.to_string()))?;
    let corpus = crate::workbench::default_corpus_dir();
    let (mut workbench, _) =
        crate::workbench::build_demo(&dir.path().join("demo.polyphony"), &corpus)?;
    let coding = workbench
        .project()
        .codings
        .values()
        .find(|coding| coding.end - coding.start > 10)
        .cloned()
        .ok_or_else(|| WorkbenchError::Invalid("the demo has codings".to_owned()))?;
    workbench.apply(
        workbench
            .commands()
            .segment_memo(coding.id, "why this matters")?,
    )?;
    let resize = workbench.commands().resize_segment(
        coding.id,
        coding.document,
        coding.start + 2,
        coding.end,
    )?;
    let label = workbench.apply(resize)?;
    assert!(label.starts_with("resize a segment of"), "{label}");
    let resized = &workbench.project().codings[&coding.id];
    assert_eq!((resized.start, resized.end), (coding.start + 2, coding.end));
    assert_eq!(
        (resized.code, resized.memo.as_str()),
        (coding.code, "why this matters")
    );
    workbench.undo()?;
    assert_eq!(workbench.project().codings[&coding.id].start, coding.start);
    // An empty range or another document is refused with a reason.
    assert!(
        workbench
            .commands()
            .resize_segment(coding.id, coding.document, 5, 5)
            .is_err()
    );
    let other = workbench
        .project()
        .documents
        .keys()
        .find(|document| **document != coding.document)
        .copied()
        .ok_or_else(|| WorkbenchError::Invalid("the demo has documents".to_owned()))?;
    let refused = workbench.commands().resize_segment(coding.id, other, 0, 5);
    assert!(refused.is_err_and(|error| error.to_string().contains("own document")));
    Ok(())
}
