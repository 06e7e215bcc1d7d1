//! Builders for the commands the coding window issues: applying a new code or
//! an in-vivo code to a selection, recoding a segment, editing a segment's
//! memo, creating and editing codes, and merging one code into another.
//!
//! Each builder reads the project and returns one [`Command`] (a
//! `Command::Batch` where several records change), so that every gesture is
//! one undo step; nothing is applied here.

use crate::edit::build::CommandBuilder;
use crate::edit::{Command, EditError};
use crate::model::{Code, CodeId, Coding, CodingId, DocumentId};

use std::collections::BTreeSet;

/// The longest name an in-vivo code gets, in chars.
pub const IN_VIVO_CHARS: usize = 60;

impl<'p> CommandBuilder<'p> {
    /// The command that creates a top-level code called `name`, taken
    /// literally (a `/` in it is part of the name), and codes `start..end` of
    /// `document` with it, as one step called `label`. Returns the command
    /// and the new code's id.
    pub fn apply_new_code(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
        name: &str,
        label: &str,
    ) -> Result<(Command, CodeId), EditError> {
        let (create, code) = self.new_code(name, None)?;
        let coding = self.fresh_coding(document, start, end, code);
        let command = Command::Batch {
            label: label.to_owned(),
            commands: vec![create, Command::AddCoding { coding }],
        };
        Ok((command, code))
    }

    /// The command that codes `start..end` of `document` in vivo: its words,
    /// trimmed and cut to [`IN_VIVO_CHARS`], name the code, which is created
    /// unless a top-level code already has that name.
    pub fn in_vivo(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
    ) -> Result<(Command, CodeId), EditError> {
        let text = self
            .project()
            .documents
            .get(&document)
            .map(|doc| crate::model::text::slice_chars(&doc.text, start, end))
            .ok_or_else(|| EditError::Invalid("that document is gone".to_owned()))?;
        let name = in_vivo_name(text)
            .ok_or_else(|| EditError::Invalid("select some words to code in vivo".to_owned()))?;
        let existing =
            self.project.codes.values().find(|code| {
                code.parent.is_none() && code.name.to_lowercase() == name.to_lowercase()
            });
        if let Some(code) = existing {
            let coding = self.fresh_coding(document, start, end, code.id);
            return Ok((Command::AddCoding { coding }, code.id));
        }
        self.apply_new_code(document, start, end, &name, &format!("code in vivo {name}"))
    }

    /// The command that creates a code called `name` under `parent` (or at the
    /// top level) with the next palette colour. Returns it and the code's id.
    pub fn new_code(
        &self,
        name: &str,
        parent: Option<CodeId>,
    ) -> Result<(Command, CodeId), EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::Invalid("a code needs a name".to_owned()));
        }
        let code = Code {
            id: CodeId::new(),
            name: name.to_owned(),
            parent,
            color: self.next_code_color(),
            description: String::new(),
        };
        let id = code.id;
        Ok((Command::CreateCode { code }, id))
    }

    /// The command that moves coding `coding` to code `code`, keeping its
    /// range and memo.
    pub fn recode(&self, coding: CodingId, code: CodeId) -> Result<Command, EditError> {
        let old = self.existing_coding(coding)?;
        Ok(Command::UpdateCoding {
            id: coding,
            code,
            start: old.start,
            end: old.end,
            memo: old.memo.clone(),
        })
    }

    /// The command that creates a code called `name` and moves coding `coding`
    /// to it, keeping its range and memo.
    pub fn recode_to_new_code(
        &self,
        coding: CodingId,
        name: &str,
    ) -> Result<(Command, CodeId), EditError> {
        let (create, code) = self.new_code(name, None)?;
        let recode = self.recode(coding, code)?;
        let from = self
            .project()
            .codes
            .get(&self.existing_coding(coding)?.code)
            .map_or_else(|| "a code".to_owned(), |code| code.name.clone());
        let command = Command::Batch {
            label: format!("recode {from} as new code {}", name.trim()),
            commands: vec![create, recode],
        };
        Ok((command, code))
    }

    /// The command that moves coding `coding` to cover `start..end` of
    /// `document` instead, keeping its code and memo. The new range must be in
    /// the segment's own document and hold some text.
    pub fn resize_segment(
        &self,
        coding: CodingId,
        document: DocumentId,
        start: usize,
        end: usize,
    ) -> Result<Command, EditError> {
        let old = self.existing_coding(coding)?;
        if old.document != document {
            return Err(EditError::Invalid(
                "select the new extent in the segment's own document to resize it".to_owned(),
            ));
        }
        if start >= end {
            return Err(EditError::Invalid(
                "select the words the segment should cover to resize it".to_owned(),
            ));
        }
        if (old.start, old.end) == (start, end) {
            return Err(EditError::Invalid(
                "the segment already covers exactly the selection".to_owned(),
            ));
        }
        Ok(Command::UpdateCoding {
            id: coding,
            code: old.code,
            start,
            end,
            memo: old.memo.clone(),
        })
    }

    /// The command that gives coding `coding` the memo `memo`.
    pub fn segment_memo(&self, coding: CodingId, memo: &str) -> Result<Command, EditError> {
        let old = self.existing_coding(coding)?;
        Ok(Command::UpdateCoding {
            id: coding,
            code: old.code,
            start: old.start,
            end: old.end,
            memo: memo.to_owned(),
        })
    }

    /// The command that moves code `code` under `parent`, or to the top level
    /// with `None`. A code cannot move under itself or any code beneath it,
    /// and a move that changes nothing is refused rather than recorded.
    pub fn move_code(&self, code: CodeId, parent: Option<CodeId>) -> Result<Command, EditError> {
        let project = self.project;
        let moved = project
            .codes
            .get(&code)
            .ok_or_else(|| EditError::Invalid("that code is gone".to_owned()))?;
        if moved.parent == parent {
            return Err(EditError::Invalid(match parent {
                Some(_) => format!("{} is already there", moved.name),
                None => format!("{} is already at the top level", moved.name),
            }));
        }
        if let Some(parent) = parent {
            let target = project
                .codes
                .get(&parent)
                .ok_or_else(|| EditError::Invalid("that code is gone".to_owned()))?;
            if project.code_is_within(parent, code) {
                return Err(EditError::Invalid(format!(
                    "{} cannot go under {}, which is itself or sits beneath it",
                    moved.name, target.name
                )));
            }
        }
        self.update_code(code, |code| code.parent = parent)
    }

    /// The command that changes code `id` as `edit` does to a copy of it.
    pub fn update_code(
        &self,
        id: CodeId,
        edit: impl FnOnce(&mut Code),
    ) -> Result<Command, EditError> {
        let mut code = self
            .project()
            .codes
            .get(&id)
            .cloned()
            .ok_or_else(|| EditError::Invalid("that code is gone".to_owned()))?;
        edit(&mut code);
        Ok(Command::UpdateCode {
            id,
            name: code.name,
            parent: code.parent,
            color: code.color,
            description: code.description,
        })
    }

    /// The command that merges code `source` into `target`: every coding of
    /// `source` moves to `target` (keeping its memo) unless `target` already
    /// codes exactly that passage, the codes under `source` move under
    /// `target`, and `source` is deleted. One step.
    pub fn merge_codes(&self, source: CodeId, target: CodeId) -> Result<Command, EditError> {
        let project = self.project;
        let (Some(from), Some(into)) = (project.codes.get(&source), project.codes.get(&target))
        else {
            return Err(EditError::Invalid(
                "both codes must still be in the project".to_owned(),
            ));
        };
        if source == target {
            return Err(EditError::Invalid(
                "a code cannot be merged into itself".to_owned(),
            ));
        }
        let mut taken: BTreeSet<(DocumentId, usize, usize)> = project
            .codings
            .values()
            .filter(|coding| coding.code == target)
            .map(|coding| (coding.document, coding.start, coding.end))
            .collect();
        let mut commands = Vec::new();
        for coding in project.codings.values().filter(|c| c.code == source) {
            // A passage the target already codes exactly goes with the source.
            if taken.insert((coding.document, coding.start, coding.end)) {
                commands.push(Command::UpdateCoding {
                    id: coding.id,
                    code: target,
                    start: coding.start,
                    end: coding.end,
                    memo: coding.memo.clone(),
                });
            }
        }
        for child in project.codes.values().filter(|c| c.parent == Some(source)) {
            // A child that holds the target goes where deleting the source
            // puts it (the source's parent), or the tree would loop.
            if !project.code_is_within(target, child.id) {
                commands.push(Command::UpdateCode {
                    id: child.id,
                    name: child.name.clone(),
                    parent: Some(target),
                    color: child.color.clone(),
                    description: child.description.clone(),
                });
            }
        }
        commands.push(Command::RemoveCode { id: source });
        Ok(Command::Batch {
            label: format!("merge code {} into {}", from.name, into.name),
            commands,
        })
    }

    fn existing_coding(&self, id: CodingId) -> Result<&'p Coding, EditError> {
        self.project.codings.get(&id).ok_or_else(|| {
            EditError::Invalid("that segment is no longer coded (it was undone)".to_owned())
        })
    }

    /// A new coding of `start..end` by the builder's coder, made now.
    pub(super) fn fresh_coding(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
        code: CodeId,
    ) -> Coding {
        Coding {
            id: CodingId::new(),
            document,
            code,
            coder: self.coder.id,
            start,
            end,
            created_at: self.at,
            memo: String::new(),
        }
    }
}

/// The name an in-vivo code takes from `text`: its words on one line, cut to
/// [`IN_VIVO_CHARS`] chars at a word boundary where one is near; `None` when
/// there are no words.
#[must_use]
pub fn in_vivo_name(text: &str) -> Option<String> {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed =
        one_line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”'));
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().count() <= IN_VIVO_CHARS {
        return Some(trimmed.to_owned());
    }
    let cut: String = trimmed.chars().take(IN_VIVO_CHARS).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => cut[..space].to_owned(),
        _ => cut,
    };
    Some(at_word.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_vivo_names_are_trimmed_and_short() {
        assert_eq!(
            in_vivo_name("  \"like being\n heard\" ").as_deref(),
            Some("like being heard")
        );
        assert_eq!(in_vivo_name(" \n "), None);
        let long = "word ".repeat(30);
        let name = in_vivo_name(&long).unwrap_or_default();
        assert!(name.chars().count() <= IN_VIVO_CHARS);
        assert!(name.ends_with("word"));
    }
}
