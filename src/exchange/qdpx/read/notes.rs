//! Notes: each REFI-QDA note becomes a memo on every thing its `NoteRef`s
//! point at, or on the project when what holds it is not carried; and the
//! descriptions gathered while reading become memos of their own.

use super::ProjectReader;
use super::sources::decode_source;
use crate::edit::Command;
use crate::exchange::common::parse_datetime;
use crate::exchange::qdpx::guids::{Kind, guid_key};
use crate::exchange::qdpx::positions::SourceText;
use crate::exchange::qdpx::xml::Element;
use crate::model::{CoderId, Memo, MemoId, Target};
use crate::words::{count, list_some};
use std::collections::HashMap;

/// What a note says and who wrote it when, the same in each memo made of it.
struct NoteMemo {
    title: String,
    body: String,
    author: CoderId,
    created: i64,
    updated: i64,
}

impl ProjectReader<'_> {
    /// Notes become memos on what their `NoteRef`s point at (one memo per
    /// target), or on the project.
    pub(super) fn read_notes(&mut self, root: &Element) -> Result<(), String> {
        let targets = self.note_targets();
        let elsewhere = notes_held_elsewhere(root);
        let mut copies = 0;
        let mut moved = Vec::new();
        let notes: Vec<&Element> = root
            .child("Notes")
            .map(|notes| notes.children_named("Note").collect())
            .unwrap_or_default();
        for (index, note) in notes.into_iter().enumerate() {
            let key = note.attr("guid").map(guid_key).unwrap_or_default();
            let title = note
                .attr("name")
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned);
            let shown = title
                .clone()
                .unwrap_or_else(|| format!("Note {}", index + 1));
            let body = self.note_body(note, &shown)?;
            let title = title.unwrap_or_else(|| title_from_body(&body));
            let author = self.coder_for(note.attr("creatingUser"));
            let created = note
                .attr("creationDateTime")
                .and_then(parse_datetime)
                .unwrap_or(self.fallback_time);
            let updated = note
                .attr("modifiedDateTime")
                .and_then(parse_datetime)
                .unwrap_or(created);
            let note_targets = match targets.get(&key) {
                Some(list) if !list.is_empty() => list.clone(),
                _ => {
                    if let Some(holder) = elsewhere.get(&key) {
                        moved.push(format!("{shown} (on a {holder})"));
                    }
                    vec![Target::Project]
                }
            };
            copies += note_targets.len() - 1;
            let memo = NoteMemo {
                title,
                body,
                author,
                created,
                updated,
            };
            self.memos_of_note(note.attr("guid"), &memo, note_targets);
        }
        self.memos_of_descriptions();
        if copies > 0 {
            self.report.warnings.push(format!(
                "notes attached to several things became one memo on each ({} extra)",
                count(copies, "memo", "memos")
            ));
        }
        if !moved.is_empty() {
            self.report.warnings.push(format!(
                "{} attached to things Polyphony does not carry became memos on the project: {}",
                count(moved.len(), "note", "notes"),
                list_some(&moved, 6)
            ));
        }
        Ok(())
    }

    /// What each note (by GUID key) is attached to, in the order first
    /// referred to, each thing once.
    fn note_targets(&self) -> HashMap<String, Vec<Target>> {
        let mut targets: HashMap<String, Vec<Target>> = HashMap::new();
        for (note, target) in &self.note_refs {
            let list = targets.entry(note.clone()).or_default();
            if !list.contains(target) {
                list.push(*target);
            }
        }
        targets
    }

    /// A note's text, inline or in a file of the archive (`shown` names the
    /// note in messages), after its description if it has one.
    fn note_body(&mut self, note: &Element, shown: &str) -> Result<String, String> {
        let mut body = match note.child("PlainTextContent") {
            Some(content) => content.text.clone(),
            None => match note
                .attr("plainTextPath")
                .map(str::trim)
                .filter(|path| !path.is_empty())
            {
                Some(path) => match self.locate(shown, path)? {
                    Some(found) => SourceText::from_raw(&decode_source(&found.bytes).0)
                        .text
                        .to_string(),
                    None => {
                        self.report.warnings.push(format!(
                            "the text of note {shown:?} ({path}) is not in the file; its memo is empty"
                        ));
                        String::new()
                    }
                },
                None => String::new(),
            },
        };
        if let Some(description) = note
            .child_text("Description")
            .filter(|text| !text.trim().is_empty())
        {
            body = if body.trim().is_empty() {
                description.to_owned()
            } else {
                format!("{description}\n\n{body}")
            };
        }
        Ok(body)
    }

    /// One memo of `memo` on each of `targets`: the first takes the note's
    /// GUID for its id, the others new ids, since an id names one memo.
    fn memos_of_note(&mut self, guid: Option<&str>, memo: &NoteMemo, targets: Vec<Target>) {
        for (position, target) in targets.into_iter().enumerate() {
            let guid = if position == 0 { guid } else { None };
            let id = MemoId(self.guids.id(Kind::Memo, guid, |id| {
                self.project.memos.contains_key(&MemoId(id))
            }));
            self.memo_commands.push(Command::CreateMemo {
                memo: Memo {
                    id,
                    title: memo.title.clone(),
                    body: memo.body.clone(),
                    author: memo.author,
                    target,
                    created_at: memo.created,
                    updated_at: memo.updated,
                },
            });
        }
    }

    /// The descriptions of the project, cases, sources and passages, each a
    /// memo by the current coder.
    fn memos_of_descriptions(&mut self) {
        for (title, body, target) in std::mem::take(&mut self.described) {
            self.memo_commands.push(Command::CreateMemo {
                memo: Memo {
                    id: MemoId::new(),
                    title,
                    body,
                    author: self.current_coder,
                    target,
                    created_at: self.fallback_time,
                    updated_at: self.fallback_time,
                },
            });
        }
    }
}

/// The element holding each `NoteRef` (by the note's GUID key), to say where
/// a note was when that element is not carried (pictures, links).
fn notes_held_elsewhere(root: &Element) -> HashMap<String, String> {
    let mut elsewhere: HashMap<String, String> = HashMap::new();
    let mut walk: Vec<&Element> = vec![root];
    while let Some(element) = walk.pop() {
        for child in &element.children {
            if child.name == "NoteRef"
                && let Some(note) = child.attr("targetGUID")
            {
                elsewhere
                    .entry(guid_key(note))
                    .or_insert_with(|| element.name.clone());
            }
            walk.push(child);
        }
    }
    elsewhere
}

/// A title for a note that has none: the first 60 characters of its first
/// line with text.
fn title_from_body(body: &str) -> String {
    let line = body
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("Note");
    line.chars().take(60).collect::<String>().trim().to_owned()
}
