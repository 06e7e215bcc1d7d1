//! Search hits: where a match lies, who said it, and the words around it.

use crate::model::text::CharCursor;
use crate::model::{Document, DocumentId};
use serde::Serialize;

/// One match: a char range of a document, its speaker, and a keyword-in-context
/// snippet (`before`, `matched`, `after`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub document: DocumentId,
    pub document_name: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// The hits of one search, in document-name then text order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// How many hits there are in all, before the limit.
    pub hit_count: usize,
    /// How many passages (turns, or paragraphs outside turns) have hits.
    pub passages: usize,
    /// Whether the limit cut the list short.
    pub truncated: bool,
}

/// How many chars of context to show on each side of a hit.
const CONTEXT_CHARS: usize = 48;

/// Builds hits for byte ranges of `document.text`, which must be ascending.
pub fn hits_for(document: &Document, byte_ranges: &[(usize, usize)]) -> Vec<Hit> {
    let text = &*document.text;
    let mut cursor = CharCursor::new(text);
    byte_ranges
        .iter()
        .map(|&(from, to)| {
            let start = cursor.char_at(from);
            let end = start + text[from..to].chars().count();
            Hit {
                document: document.id,
                document_name: document.name.clone(),
                start,
                end,
                speaker: document.turn_at(start).map(|turn| turn.speaker.clone()),
                before: context_before(&text[..from]),
                matched: one_line(&text[from..to]),
                after: context_after(&text[to..]),
            }
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn context_before(text: &str) -> String {
    let tail: Vec<char> = text.chars().rev().take(CONTEXT_CHARS).collect();
    let tail: String = tail.into_iter().rev().collect();
    let tail = tail.rsplit("\n\n").next().unwrap_or_default();
    let mut shown = one_line(tail);
    if text.ends_with(char::is_whitespace) && !shown.is_empty() {
        shown.push(' ');
    }
    shown
}

fn context_after(text: &str) -> String {
    let head: String = text.chars().take(CONTEXT_CHARS).collect();
    let head = head.split("\n\n").next().unwrap_or_default();
    let mut shown = one_line(head);
    if text.starts_with(char::is_whitespace) && !shown.is_empty() {
        shown.insert(0, ' ');
    }
    shown
}
