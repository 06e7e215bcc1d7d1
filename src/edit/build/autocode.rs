//! Autocoding: coding many passages at once (every hit of a search, or every
//! turn of a speaker) with one code, each passage widened to its sentence,
//! turn or paragraph, as one `Command::Batch` so that it is one undo step
//! ("autocode 37 passages as Hope").
//!
//! The builder is pure: it reads the project and returns the codings to add.
//! Passages the code already covers exactly, and passages that widen to the
//! same range as another, are coded once; turns of interviewers can be left
//! out.

use crate::edit::build::CommandBuilder;
use crate::edit::{Command, EditError};
use crate::model::text::{sentence_around_chars, trim_chars};
use crate::model::{CodeId, CoderId, Coding, CodingId, Document, DocumentId, Project};

use std::collections::BTreeSet;

/// How far each passage is widened before it is coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Extent {
    /// The passage itself.
    #[default]
    Hit,
    /// The sentence or sentences around it, within its turn.
    Sentence,
    /// Its speaker turn (or paragraph outside turns).
    Turn,
    /// The text between the blank lines around it.
    Paragraph,
}

impl Extent {
    pub const ALL: [Extent; 4] = [
        Extent::Hit,
        Extent::Sentence,
        Extent::Turn,
        Extent::Paragraph,
    ];

    /// The words the window offers it under.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Extent::Hit => "The hit only",
            Extent::Sentence => "Its sentence",
            Extent::Turn => "Its turn",
            Extent::Paragraph => "Its paragraph",
        }
    }
}

/// A passage to code: a char range of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Passage {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
}

/// Every turn of `speaker` (compared without regard to case), in document
/// name then text order.
#[must_use]
pub fn speaker_turns(project: &Project, speaker: &str) -> Vec<Passage> {
    let wanted = speaker.to_lowercase();
    project
        .documents_by_name()
        .into_iter()
        .flat_map(|document| {
            document
                .turns
                .iter()
                .filter(|turn| turn.speaker.to_lowercase() == wanted)
                .map(|turn| Passage {
                    document: document.id,
                    start: turn.start,
                    end: turn.end,
                })
        })
        .collect()
}

/// The codings that code `passages` with `code`, widened to `extent`, by
/// `coder` at `created_at`. Passages in interviewers' turns are left out when
/// `exclude_interviewers` is set; passages the code already covers exactly,
/// empty ones and repeats are skipped.
#[must_use]
pub fn autocode_codings(
    project: &Project,
    passages: &[Passage],
    code: CodeId,
    extent: Extent,
    exclude_interviewers: bool,
    coder: CoderId,
    created_at: i64,
) -> Vec<Coding> {
    autocode_codings_with_progress(
        project,
        passages,
        &AutocodeSettings {
            code,
            extent,
            exclude_interviewers,
            coder,
            created_at,
        },
        &mut |_, _| {},
        &|| false,
    )
    .unwrap_or_default()
}

/// How an autocode widens and records its passages.
#[derive(Debug, Clone, Copy)]
pub struct AutocodeSettings {
    pub code: CodeId,
    pub extent: Extent,
    pub exclude_interviewers: bool,
    pub coder: CoderId,
    pub created_at: i64,
}

/// [`autocode_codings`] for long runs, such as on a worker thread: calls
/// `progress(done, total)` every few hundred passages, and returns `None` as
/// soon as `cancelled` says so.
pub fn autocode_codings_with_progress(
    project: &Project,
    passages: &[Passage],
    settings: &AutocodeSettings,
    progress: &mut dyn FnMut(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Coding>> {
    let AutocodeSettings {
        code,
        extent,
        exclude_interviewers,
        coder,
        created_at,
    } = *settings;
    let existing: BTreeSet<(DocumentId, usize, usize)> = project
        .codings
        .values()
        .filter(|coding| coding.code == code)
        .map(|coding| (coding.document, coding.start, coding.end))
        .collect();
    let mut seen = BTreeSet::new();
    let mut codings = Vec::new();
    // The chars of the document the last passage was in: passages come in
    // document order, and widening needs them by char.
    let mut chars: Option<(DocumentId, Vec<char>)> = None;
    for (done, passage) in passages.iter().enumerate() {
        if done % 256 == 0 {
            if cancelled() {
                return None;
            }
            progress(done, passages.len());
        }
        let Some(document) = project.documents.get(&passage.document) else {
            continue;
        };
        // Turns are in text order and do not overlap.
        let after = document
            .turns
            .partition_point(|turn| turn.start <= passage.start);
        let turn = after
            .checked_sub(1)
            .and_then(|index| document.turns.get(index))
            .filter(|turn| passage.start < turn.end.max(turn.start + 1));
        if exclude_interviewers && turn.is_some_and(|turn| turn.is_interviewer) {
            continue;
        }
        if extent == Extent::Hit {
            // Nothing to widen.
        } else if chars.as_ref().is_none_or(|(id, _)| *id != document.id) {
            chars = Some((document.id, document.text.chars().collect()));
        }
        let text: &[char] = chars.as_ref().map_or(&[], |(_, chars)| chars);
        let paragraph = || paragraph_around_chars(text, passage.start, passage.end);
        let bounds = || turn.map_or_else(paragraph, |turn| (turn.start, turn.end));
        let (start, end) = match extent {
            Extent::Hit => (passage.start, passage.end),
            Extent::Sentence => sentence_around_chars(text, passage.start, passage.end, bounds()),
            Extent::Turn => bounds(),
            Extent::Paragraph => paragraph(),
        };
        let end = end.min(document.char_count);
        if start >= end {
            continue;
        }
        let key = (document.id, start, end);
        if existing.contains(&key) || !seen.insert(key) {
            continue;
        }
        codings.push(Coding {
            id: CodingId::new(),
            document: document.id,
            code,
            coder,
            start,
            end,
            created_at,
            memo: String::new(),
        });
    }
    progress(passages.len(), passages.len());
    Some(codings)
}

/// The paragraph around `start..end`: from after the blank line before it to
/// before the blank line after it, white space at its edges left out.
#[must_use]
pub fn paragraph_around(document: &Document, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = document.text.chars().collect();
    paragraph_around_chars(&chars, start, end)
}

/// [`paragraph_around`] over a document's chars, for many passages of one
/// document.
fn paragraph_around_chars(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let len = chars.len();
    let blank_before = |at: usize| at >= 2 && chars[at - 1] == '\n' && chars[at - 2] == '\n';
    let mut from = start.min(len);
    while from > 0 && !blank_before(from) {
        from -= 1;
    }
    let mut to = end.clamp(from, len);
    while to < len && !(chars[to] == '\n' && to + 1 < len && chars[to + 1] == '\n') {
        to += 1;
    }
    trim_chars(chars, from, to)
}

/// The code to autocode with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutocodeCode {
    Existing(CodeId),
    /// A new top-level code of this name, created in the same step.
    New(String),
}

/// The code an autocode will use, settled before its passages are worked
/// out: an existing code, or a new one with the command that creates it.
#[derive(Debug, Clone)]
pub struct AutocodePlan {
    create: Option<Command>,
    pub code: CodeId,
    pub name: String,
}

impl AutocodePlan {
    /// The one command that creates the code (when new) and adds `codings`,
    /// called "autocode N passages as CODE"; an error when there is nothing
    /// new to code. Returns it and how many passages it codes.
    pub fn command(self, codings: Vec<Coding>) -> Result<(Command, usize), EditError> {
        if codings.is_empty() {
            return Err(EditError::Invalid(format!(
                "nothing new to code: {} already covers every passage",
                self.name
            )));
        }
        let count = codings.len();
        let noun = if count == 1 { "passage" } else { "passages" };
        let mut commands: Vec<Command> = self.create.into_iter().collect();
        commands.extend(
            codings
                .into_iter()
                .map(|coding| Command::AddCoding { coding }),
        );
        Ok((
            Command::Batch {
                label: format!("autocode {count} {noun} as {}", self.name),
                commands,
            },
            count,
        ))
    }
}

impl CommandBuilder<'_> {
    /// Settles the code an autocode uses: `code` itself, or a new top-level
    /// code to be created in the same step.
    pub fn autocode_plan(&self, code: &AutocodeCode) -> Result<AutocodePlan, EditError> {
        match code {
            AutocodeCode::Existing(id) => {
                let name = self
                    .project()
                    .codes
                    .get(id)
                    .map(|code| code.name.clone())
                    .ok_or_else(|| EditError::Invalid("that code is gone".to_owned()))?;
                Ok(AutocodePlan {
                    create: None,
                    code: *id,
                    name,
                })
            }
            AutocodeCode::New(name) => {
                let (create, id) = self.new_code(name, None)?;
                Ok(AutocodePlan {
                    create: Some(create),
                    code: id,
                    name: name.trim().to_owned(),
                })
            }
        }
    }

    /// The settings an autocode with `plan` records its codings with: by the
    /// current coder, now.
    #[must_use]
    pub fn autocode_settings(
        &self,
        plan: &AutocodePlan,
        extent: Extent,
        exclude_interviewers: bool,
    ) -> AutocodeSettings {
        AutocodeSettings {
            code: plan.code,
            extent,
            exclude_interviewers,
            coder: self.coder.id,
            created_at: self.at,
        }
    }

    /// The one command that codes `passages` with `code` (created first when
    /// new) by the current coder, widened to `extent`, called "autocode N
    /// passages as CODE". Returns it and how many passages it codes; an error
    /// when there is nothing new to code.
    pub fn autocode(
        &self,
        passages: &[Passage],
        code: &AutocodeCode,
        extent: Extent,
        exclude_interviewers: bool,
    ) -> Result<(Command, usize), EditError> {
        let plan = self.autocode_plan(code)?;
        let settings = self.autocode_settings(&plan, extent, exclude_interviewers);
        let codings = autocode_codings_with_progress(
            self.project,
            passages,
            &settings,
            &mut |_, _| {},
            &|| false,
        )
        .unwrap_or_default();
        plan.command(codings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Turn;

    fn project() -> (Project, DocumentId, CodeId) {
        let text = "Interviewer question about hope?\nI keep hope. It matters.\n\nSecond paragraph with hope in it. Done.";
        let q_end = text.find('\n').unwrap_or(0);
        let a_end = text.find("\n\n").unwrap_or(0);
        let document = Document {
            turns: vec![
                Turn {
                    speaker: "Interviewer".to_owned(),
                    start: 0,
                    end: q_end,
                    time_ms: None,
                    is_interviewer: true,
                },
                Turn {
                    speaker: "Zoë".to_owned(),
                    start: q_end + 1,
                    end: a_end,
                    time_ms: None,
                    is_interviewer: false,
                },
            ],
            ..Document::for_tests("doc", text)
        };
        let mut project = Project::default();
        let id = document.id;
        project.documents.insert(id, document);
        (project, id, CodeId::new())
    }

    fn hits(project: &Project, document: DocumentId, word: &str) -> Vec<Passage> {
        let text = &project.documents[&document].text;
        text.match_indices(word)
            .map(|(at, _)| {
                let start = text[..at].chars().count();
                Passage {
                    document,
                    start,
                    end: start + word.chars().count(),
                }
            })
            .collect()
    }

    fn texts(project: &Project, codings: &[Coding]) -> Vec<String> {
        codings
            .iter()
            .map(|coding| {
                crate::model::text::slice_chars(
                    &project.documents[&coding.document].text,
                    coding.start,
                    coding.end,
                )
                .to_owned()
            })
            .collect()
    }

    #[test]
    fn extents_widen_each_hit() {
        let (project, doc, code) = project();
        let passages = hits(&project, doc, "hope");
        let coder = CoderId::new();
        let run = |extent| {
            let codings = autocode_codings(&project, &passages, code, extent, false, coder, 0);
            texts(&project, &codings)
        };
        assert_eq!(run(Extent::Hit), vec!["hope", "hope", "hope"]);
        assert_eq!(
            run(Extent::Sentence),
            vec![
                "Interviewer question about hope?",
                "I keep hope.",
                "Second paragraph with hope in it."
            ]
        );
        assert_eq!(
            run(Extent::Turn),
            vec![
                "Interviewer question about hope?",
                "I keep hope. It matters.",
                "Second paragraph with hope in it. Done."
            ]
        );
        assert_eq!(
            run(Extent::Paragraph),
            vec![
                "Interviewer question about hope?\nI keep hope. It matters.",
                "Second paragraph with hope in it. Done."
            ]
        );
    }

    #[test]
    fn interviewer_turns_are_left_out_when_asked() {
        let (project, doc, code) = project();
        let passages = hits(&project, doc, "hope");
        let codings = autocode_codings(
            &project,
            &passages,
            code,
            Extent::Hit,
            true,
            CoderId::new(),
            0,
        );
        assert_eq!(codings.len(), 2);
        assert!(codings.iter().all(|coding| coding.start > 32));
    }

    #[test]
    fn passages_the_code_covers_already_are_skipped() {
        let (mut project, doc, code) = project();
        let passages = hits(&project, doc, "hope");
        let coder = CoderId::new();
        let first = autocode_codings(&project, &passages, code, Extent::Turn, false, coder, 0);
        assert_eq!(first.len(), 3);
        let kept = first[1].clone();
        project.codings.insert(kept.id, kept);
        let again = autocode_codings(&project, &passages, code, Extent::Turn, false, coder, 0);
        assert_eq!(texts(&project, &again).len(), 2);
        assert!(!texts(&project, &again).contains(&"I keep hope. It matters.".to_owned()));
        // Another code is not a duplicate.
        let other = autocode_codings(
            &project,
            &passages,
            CodeId::new(),
            Extent::Turn,
            false,
            coder,
            0,
        );
        assert_eq!(other.len(), 3);
    }

    #[test]
    fn a_speakers_turns_are_found_by_name() {
        let (project, doc, _) = project();
        let turns = speaker_turns(&project, "zoë");
        assert_eq!(turns.len(), 1);
        assert_eq!(turns[0].document, doc);
    }
}
