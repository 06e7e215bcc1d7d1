//! The review packet: one HTML file a lived-experience co-author can open in
//! any browser, without Polyphony, to read the themes (plain words, large
//! text, one theme after another with its central idea, what it covers and
//! its key quotes) and to say, on a theme or a quote, "this fits", ask a
//! question, suggest a change or raise a concern. "Save my comments" writes a
//! small JSON file (and the browser keeps a draft meanwhile), which
//! [`read_review_comments`] turns back into comments with their author and
//! target, for the researcher to answer and resolve in the project.
//!
//! The packet has no outside resources and sends nothing anywhere.

use crate::exchange::ExchangeError;
use crate::exchange::report::html_escape as escape;
use crate::model::{Comment, CommentId, CommentKind, Project, Target, Theme, ThemeId, ThemeStatus};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The format version of the saved comments file.
pub const REVIEW_FORMAT: u32 = 1;

/// One comment as the packet saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedComment {
    /// `theme` or `quote`.
    pub target: String,
    /// The theme's or the quoted segment's id.
    pub id: String,
    /// `agree`, `question`, `suggestion` or `concern`.
    pub kind: String,
    pub body: String,
}

/// What "Save my comments" writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReview {
    pub polyphony_review: u32,
    pub reviewer: String,
    pub comments: Vec<SavedComment>,
}

/// Comments read back from a saved review, ready to add, and what was left
/// out and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewImport {
    pub reviewer: String,
    pub comments: Vec<Comment>,
    pub skipped: Vec<String>,
}

const STYLE: &str = "body{font-family:Verdana,Arial,sans-serif;font-size:1.25rem;line-height:1.6;max-width:40em;margin:1.5em auto;padding:0 1em;color:#111;background:#fff}\
h1{font-size:1.9rem}h2{font-size:1.6rem;margin-top:2.5em;border-top:3px solid #4e79a7;padding-top:.6em}\
blockquote{margin:1em 0;padding:.6em 1em;border-left:6px solid #4e79a7;background:#f2f5f9}\
blockquote p{margin:.2em 0}.who{font-size:1rem;color:#333}\
fieldset{border:2px solid #888;border-radius:8px;margin:.8em 0 1.6em;padding:.6em 1em}\
legend{font-weight:bold}label{display:block;margin:.4em 0 .2em}\
select,textarea,input{font-size:1.15rem;width:100%;box-sizing:border-box;padding:.35em}\
textarea{min-height:4.5em}button{font-size:1.25rem;padding:.6em 1.2em;margin:1em 0;cursor:pointer}\
.note{background:#fff7d6;padding:.6em 1em;border-radius:6px}:focus{outline:3px solid #e15759;outline-offset:2px}";

/// The packet's script: gathers what the reviewer wrote (`gatherReview` is
/// pure over the page, so it can be checked outside a browser), keeps a draft
/// in the browser, and saves the comments as a file.
const SCRIPT: &str = r"
function gatherReview(doc) {
  var reviewer = doc.getElementById('reviewer').value.trim();
  var comments = [];
  var boxes = doc.querySelectorAll('fieldset[data-target]');
  for (var i = 0; i < boxes.length; i++) {
    var box = boxes[i];
    var kind = box.querySelector('select').value;
    var body = box.querySelector('textarea').value.trim();
    if (kind === '' && body === '') { continue; }
    comments.push({ target: box.getAttribute('data-target'), id: box.getAttribute('data-id'),
                    kind: kind === '' ? 'question' : kind, body: body });
  }
  return { polyphony_review: 1, reviewer: reviewer, comments: comments };
}
function saveReview() {
  var review = gatherReview(document);
  var status = document.getElementById('status');
  if (review.reviewer === '') { status.textContent = 'Please write your name at the top first.'; document.getElementById('reviewer').focus(); return; }
  if (review.comments.length === 0) { status.textContent = 'There is nothing to save yet: choose what you think of a theme or a quote, or write a comment.'; return; }
  var blob = new Blob([JSON.stringify(review, null, 2)], { type: 'application/json' });
  var link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'review-comments-' + review.reviewer.replace(/[^A-Za-z0-9]+/g, '-') + '.json';
  document.body.appendChild(link); link.click(); link.remove();
  status.textContent = 'Saved ' + review.comments.length + ' comment(s). Send the file to the research team.';
}
function keepDraft() {
  try { localStorage.setItem(draftKey(), JSON.stringify(gatherReview(document))); } catch (e) {}
}
function draftKey() { return 'polyphony-review-' + document.body.getAttribute('data-packet'); }
function restoreDraft() {
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(draftKey()) || 'null'); } catch (e) {}
  if (!saved) { return; }
  document.getElementById('reviewer').value = saved.reviewer || '';
  var boxes = document.querySelectorAll('fieldset[data-target]');
  for (var i = 0; i < boxes.length; i++) {
    for (var j = 0; j < saved.comments.length; j++) {
      var c = saved.comments[j];
      if (c.target === boxes[i].getAttribute('data-target') && c.id === boxes[i].getAttribute('data-id')) {
        boxes[i].querySelector('select').value = c.kind; boxes[i].querySelector('textarea').value = c.body;
      }
    }
  }
}
if (typeof document !== 'undefined' && document.addEventListener) {
  document.addEventListener('DOMContentLoaded', function () {
    restoreDraft();
    document.addEventListener('input', keepDraft);
    document.addEventListener('change', keepDraft);
    document.getElementById('save').addEventListener('click', saveReview);
  });
}
";

fn comment_box(target: &str, id: &str, about: &str) -> String {
    let field = format!("{target}-{id}");
    format!(
        "<fieldset data-target=\"{target}\" data-id=\"{id}\">\n<legend>Your view of {about}</legend>\n\
         <label for=\"kind-{field}\">What do you think?</label>\n\
         <select id=\"kind-{field}\"><option value=\"\">Choose…</option>\
         <option value=\"agree\">This fits</option><option value=\"question\">I have a question</option>\
         <option value=\"suggestion\">I suggest a change</option><option value=\"concern\">I have a concern</option></select>\n\
         <label for=\"body-{field}\">Your words (you can leave this empty if it fits)</label>\n\
         <textarea id=\"body-{field}\"></textarea>\n</fieldset>\n",
        about = escape(about)
    )
}

fn reviewed_themes(project: &Project) -> Vec<&Theme> {
    project
        .themes_in_tree_order()
        .into_iter()
        .filter(|(_, theme)| theme.status != ThemeStatus::Discarded)
        .map(|(_, theme)| theme)
        .collect()
}

/// The packet for `project`, titled `title`.
#[must_use]
pub fn review_packet(project: &Project, title: &str) -> String {
    let themes = reviewed_themes(project);
    // A name for the browser's draft that stays the same for the same themes.
    let packet: String = themes
        .iter()
        .map(|theme| theme.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let packet = format!("{:016x}", fnv1a(packet.as_bytes()));
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Themes to review: {}</title>\n<style>{STYLE}</style>\n<script>{SCRIPT}</script>\n</head>\n",
        escape(title)
    ));
    out.push_str(&format!("<body data-packet=\"{packet}\">\n<main>\n"));
    out.push_str(&format!("<h1>Themes to review: {}</h1>\n", escape(title)));
    out.push_str(
        "<p class=\"note\">Thank you for reading these themes. Each theme is an idea the research team \
         found across the interviews. Under each one, and under each quote, you can tell us whether it \
         fits, ask a question, suggest a change or raise a concern. Your draft is kept in this browser. \
         When you are done, press <strong>Save my comments</strong> at the end and send the file it \
         saves to the research team. Nothing is sent anywhere by this page.</p>\n",
    );
    out.push_str(
        "<label for=\"reviewer\">Your name (as you would like the team to know you)</label>\n\
         <input id=\"reviewer\" autocomplete=\"name\">\n",
    );
    if themes.is_empty() {
        out.push_str("<p>There are no themes to review yet.</p>\n");
    }
    for (number, theme) in themes.iter().enumerate() {
        out.push_str(&format!(
            "<section>\n<h2>Theme {}: {}</h2>\n",
            number + 1,
            escape(&theme.name)
        ));
        if let Some(parent) = theme.parent.and_then(|parent| project.themes.get(&parent)) {
            out.push_str(&format!(
                "<p>This is part of the theme “{}”.</p>\n",
                escape(&parent.name)
            ));
        }
        out.push_str(&format!(
            "<h3>The main idea</h3>\n<p>{}</p>\n<h3>What it covers, and what it does not</h3>\n<p>{}</p>\n",
            if theme.concept.is_empty() { "(Not written yet.)".to_owned() } else { escape(&theme.concept) },
            if theme.definition.is_empty() { "(Not written yet.)".to_owned() } else { escape(&theme.definition) },
        ));
        out.push_str(&comment_box(
            "theme",
            &theme.id.to_string(),
            &format!("the theme “{}”", theme.name),
        ));
        let quotes: Vec<_> = theme
            .key_quotes
            .iter()
            .filter_map(|id| project.segment(id))
            .collect();
        if !quotes.is_empty() {
            out.push_str("<h3>What people said</h3>\n");
        }
        for (index, segment) in quotes.iter().enumerate() {
            let text = segment
                .quote
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "<blockquote><p>“{}”</p><p class=\"who\">{}</p></blockquote>\n",
                escape(&text),
                escape(&crate::analysis::themes::attribution(
                    project,
                    segment.coding.id
                ))
            ));
            out.push_str(&comment_box(
                "quote",
                &segment.coding.id.to_string(),
                &format!("quote {} of “{}”", index + 1, theme.name),
            ));
        }
        out.push_str("</section>\n");
    }
    out.push_str(
        "<button id=\"save\" type=\"button\">Save my comments</button>\n\
         <p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</main>\n</body>\n</html>\n",
    );
    out
}

/// A small, stable hash (FNV-1a), for naming the browser's draft.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the packet to `out`.
pub fn write_review_packet(
    project: &Project,
    title: &str,
    out: &Path,
) -> Result<(), ExchangeError> {
    crate::exchange::common::save_atomically(out, review_packet(project, title).as_bytes())
}

/// Reads the comments a reviewer saved from a packet of `project` (read from
/// `path`, for messages), dated `now`. Comments on themes or quotes no
/// longer in the project, or already imported, are skipped with the reason.
pub fn read_review_comments(
    project: &Project,
    path: &Path,
    bytes: &[u8],
    now: i64,
) -> Result<ReviewImport, ExchangeError> {
    let shown = path.display().to_string();
    let refused = |reason: String| ExchangeError::Refused {
        path: shown.clone(),
        reason,
    };
    let review: SavedReview = serde_json::from_slice(bytes).map_err(|error| {
        refused(format!(
            "it is not a comments file saved from a Polyphony review packet ({error})"
        ))
    })?;
    if review.polyphony_review > REVIEW_FORMAT {
        return Err(refused(format!(
            "it was saved by a newer review packet (format {}); update Polyphony",
            review.polyphony_review
        )));
    }
    let reviewer = review.reviewer.trim().to_owned();
    if reviewer.is_empty() {
        return Err(refused(
            "it has no reviewer name; ask the reviewer to write their name in the packet and save again"
                .to_owned(),
        ));
    }
    let mut comments = Vec::new();
    let mut skipped = Vec::new();
    for (number, saved) in review.comments.into_iter().enumerate() {
        let number = number + 1;
        let kind = match CommentKind::parse(&saved.kind) {
            Some(CommentKind::Reply) | None => {
                skipped.push(format!(
                    "comment {number}: {:?} is not a kind of comment",
                    saved.kind
                ));
                continue;
            }
            Some(kind) => kind,
        };
        let target = match saved.target.as_str() {
            "theme" => saved
                .id
                .parse::<ThemeId>()
                .ok()
                .filter(|id| project.themes.contains_key(id))
                .map(Target::Theme),
            "quote" => saved
                .id
                .parse()
                .ok()
                .filter(|id| project.codings.contains_key(id))
                .map(Target::Coding),
            _ => None,
        };
        let Some(target) = target else {
            skipped.push(format!(
                "comment {number}: the {} it is about is no longer in the project",
                if saved.target == "quote" {
                    "quote"
                } else {
                    "theme"
                }
            ));
            continue;
        };
        let body = saved.body.trim().to_owned();
        let repeated = project.comments.values().any(|comment| {
            comment.author == reviewer
                && comment.target == target
                && comment.kind == kind
                && comment.body == body
        });
        if repeated {
            skipped.push(format!("comment {number}: already imported"));
            continue;
        }
        comments.push(Comment {
            id: CommentId::new(),
            author: reviewer.clone(),
            target,
            kind,
            body,
            reply_to: None,
            created_at: now,
            resolution: None,
        });
    }
    Ok(ReviewImport {
        reviewer,
        comments,
        skipped,
    })
}
