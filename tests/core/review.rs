//! Co-author review end to end: the review packet (plain, labelled, with no
//! outside resources) is written; its own script, run in Node as a browser
//! would run it, gathers a reviewer's answers into the file "Save my
//! comments" saves; that file comes back into the project as comments with
//! their author and target, in one undo step, and only once; the researcher
//! replies and resolves them (declining needs a reason), all journalled.

use crate::support::demo;
use polyphony::exchange::review_packet::review_packet;
use polyphony::model::{CommentKind, ResolutionState, Target};
use polyphony::workbench::WorkbenchError;
use std::path::Path;

/// Runs the packet's script in Node over a stand-in for the page in which
/// the reviewer `reviewer` answered box `index` with `kind` and `body`, and
/// returns what `gatherReview` gives: the file the packet would save.
fn saved_by_the_packet(
    packet: &Path,
    reviewer: &str,
    answers: &[(usize, &str, &str)],
) -> Option<String> {
    if !crate::support::tool_installed("node", "nodejs") {
        return None;
    }
    let answers: Vec<serde_json::Value> = answers
        .iter()
        .map(|(index, kind, body)| serde_json::json!({"index": index, "kind": kind, "body": body}))
        .collect();
    let runner = r#"
// `node -e` puts the first argument at argv[1].
const fs = require('fs');
const html = fs.readFileSync(process.argv[1], 'utf8');
const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
eval(script);
const boxes = [...html.matchAll(/<fieldset data-target="(\w+)" data-id="([^"]+)">/g)];
const answers = JSON.parse(process.argv[2]);
const fields = boxes.map((box, index) => {
  const answer = answers.find((a) => a.index === index) || { kind: '', body: '' };
  return {
    getAttribute: (name) => (name === 'data-target' ? box[1] : box[2]),
    querySelector: (selector) => ({ value: selector === 'select' ? answer.kind : answer.body }),
  };
});
const page = {
  getElementById: (id) => ({ value: id === 'reviewer' ? process.argv[3] : '' }),
  querySelectorAll: () => fields,
};
process.stdout.write(JSON.stringify(gatherReview(page)));
"#;
    let output = std::process::Command::new("node")
        .arg("-e")
        .arg(runner)
        .arg(packet)
        .arg(serde_json::Value::Array(answers).to_string())
        .arg(reviewer)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("UTF-8"))
}

#[test]
fn the_review_packet_is_plain_self_contained_and_labelled() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = demo(dir.path());
    let html = review_packet(workbench.project(), "the Open Dialogue study");
    assert!(html.contains("<h1>Themes to review: the Open Dialogue study</h1>"));
    for theme in workbench.project().themes.values() {
        assert!(html.contains(&theme.name.replace('\'', "&#39;")));
        assert!(html.contains(&format!("data-id=\"{}\"", theme.id)));
        for quote in &theme.key_quotes {
            assert!(html.contains(&format!("data-target=\"quote\" data-id=\"{quote}\"")));
        }
    }
    assert!(
        html.contains("The main idea") && html.contains("What it covers, and what it does not")
    );
    assert!(html.contains("This fits") && html.contains("I have a concern"));
    // No outside resources: nothing to fetch, nothing sent.
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("fetch(")
    );
    // Every control has a label.
    for id in html.match_indices(" id=\"").map(|(at, _)| {
        let rest = &html[at + 5..];
        rest[..rest.find('"').unwrap_or(0)].to_owned()
    }) {
        if id == "save" || id == "status" {
            continue;
        }
        assert!(
            html.contains(&format!("<label for=\"{id}\">")),
            "no label for {id}"
        );
    }
}

#[test]
fn comments_saved_from_the_packet_come_back_resolved_and_journalled() -> Result<(), WorkbenchError>
{
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut workbench = demo(dir.path());
    let packet = dir.path().join("review.html");
    polyphony::exchange::review_packet::write_review_packet(workbench.project(), "Demo", &packet)?;
    // Box 0 is the first theme, box 1 its first quote.
    let Some(saved) = saved_by_the_packet(
        &packet,
        "  Sam  ",
        &[
            (0, "agree", ""),
            (1, "concern", "This quote makes us sound fragile."),
            (4, "", "Why is this one here?"),
        ],
    ) else {
        return Ok(());
    };
    let file = dir.path().join("review-comments-Sam.json");
    std::fs::write(&file, &saved).expect("the saved file is written");

    let (command, import) = workbench.review_import_command(&file)?;
    assert_eq!(import.reviewer, "Sam");
    assert_eq!(
        workbench.apply(command)?,
        "import 3 review comments from Sam"
    );
    let project = workbench.project();
    let mut comments: Vec<_> = project.comments.values().collect();
    comments.sort_by_key(|comment| comment.kind);
    assert!(comments.iter().all(|comment| comment.author == "Sam"));
    assert_eq!(
        comments
            .iter()
            .map(|comment| comment.kind)
            .collect::<Vec<_>>(),
        [
            CommentKind::Agree,
            CommentKind::Question,
            CommentKind::Concern
        ]
    );
    assert!(matches!(comments[0].target, Target::Theme(_)));
    assert!(matches!(comments[2].target, Target::Coding(_)));
    assert_eq!(comments[2].body, "This quote makes us sound fragile.");
    assert_eq!(
        comments[1].body, "Why is this one here?",
        "a comment without a kind is a question"
    );
    let concern = comments[2].id;

    // The same file again adds nothing, and says why.
    let again = workbench.review_import_command(&file);
    assert!(again.is_err_and(|error| error.to_string().contains("already imported")));

    // The researcher replies and resolves; declining needs a reason.
    workbench.apply(
        workbench
            .commands()
            .reply(concern, "Thank you: we will choose another quote.")?,
    )?;
    assert!(
        workbench
            .commands()
            .resolve_comment(concern, Some(ResolutionState::Declined), " ")
            .is_err_and(|error| error.to_string().contains("say why"))
    );
    let label = workbench.apply(workbench.commands().resolve_comment(
        concern,
        Some(ResolutionState::Changed),
        "Quote replaced",
    )?)?;
    assert_eq!(label, "resolve a comment as changed");
    let resolution = workbench.project().comments[&concern]
        .resolution
        .clone()
        .expect("resolved");
    assert_eq!(resolution.reason, "Quote replaced");
    let journal: Vec<String> = workbench
        .journal()?
        .into_iter()
        .map(|row| row.label)
        .collect();
    assert!(
        journal
            .iter()
            .any(|label| label == "import 3 review comments from Sam")
    );
    assert!(journal.iter().any(|label| label.ends_with("adds a reply")));
    assert!(
        journal
            .iter()
            .any(|label| label == "resolve a comment as changed")
    );

    // Undo takes back the resolution, the reply and the import.
    for _ in 0..3 {
        workbench.undo()?;
    }
    assert!(workbench.project().comments.is_empty());
    Ok(())
}

#[test]
fn a_file_that_is_not_a_saved_review_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let workbench = demo(dir.path());
    let file = dir.path().join("notes.json");
    std::fs::write(&file, "{\"hello\": 1}").expect("written");
    assert!(
        workbench
            .review_import_command(&file)
            .is_err_and(|error| error.to_string().contains("not a comments file"))
    );
    std::fs::write(
        &file,
        "{\"polyphony_review\": 1, \"reviewer\": \"\", \"comments\": []}",
    )
    .expect("written");
    assert!(
        workbench
            .review_import_command(&file)
            .is_err_and(|error| error.to_string().contains("no reviewer name"))
    );
    std::fs::write(
        &file,
        "{\"polyphony_review\": 1, \"reviewer\": \"Sam\", \"comments\": [{\"target\": \"theme\", \"id\": \"00000000-0000-4000-8000-000000000000\", \"kind\": \"agree\", \"body\": \"\"}]}",
    )
    .expect("written");
    assert!(
        workbench
            .review_import_command(&file)
            .is_err_and(|error| error.to_string().contains("no longer in the project"))
    );
}
