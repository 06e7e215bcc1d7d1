//! The tables a study reports, worked out from the project alone: how often
//! each code occurs ([`frequencies`]), codes against documents or groups of
//! participants ([`matrix`]), which codes occur together ([`cooccurrence`]),
//! and which words each group uses ([`words`]). Each gives a
//! [`FigureTable`](crate::exchange::FigureTable) that the CLI prints or writes
//! as CSV, XLSX or JSON and the window shows.
//!
//! Shared here: which codes a coding counts towards when child codes are
//! rolled up into their parents, whose words a passage is, and what a word is.

pub mod cooccurrence;
pub mod frequencies;
pub mod matrix;
pub mod stop_words;
pub mod words;

use crate::model::{CodeId, Coding, Document, Participant, Project};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which codes a coding counts towards: its own code, and with child codes
/// rolled up, every code above it too.
pub struct CodeRollup {
    towards: HashMap<CodeId, Vec<CodeId>>,
}

impl CodeRollup {
    #[must_use]
    pub fn new(project: &Project, rolled_up: bool) -> Self {
        let towards = project
            .codes
            .keys()
            .map(|&code| {
                let mut chain = vec![code];
                if rolled_up {
                    let mut cursor = project.codes[&code].parent;
                    // The length bound guards against a cycle in a damaged file.
                    while let Some(parent) = cursor.filter(|_| chain.len() <= project.codes.len()) {
                        let Some(above) = project.codes.get(&parent) else {
                            break;
                        };
                        chain.push(parent);
                        cursor = above.parent;
                    }
                }
                (code, chain)
            })
            .collect();
        Self { towards }
    }

    /// The codes a coding of `code` counts towards; none for a code the
    /// project does not have.
    #[must_use]
    pub fn codes_of(&self, code: CodeId) -> &[CodeId] {
        self.towards.get(&code).map_or(&[], Vec::as_slice)
    }
}

/// The participant who speaks where `coding` starts, as every table and the
/// theme prevalence count it; `None` in a document without turns or for a
/// speaker linked to no participant.
#[must_use]
pub fn speaker_of<'p>(
    project: &'p Project,
    document: &Document,
    coding: &Coding,
) -> Option<&'p Participant> {
    document
        .turn_at(coding.start)
        .and_then(|turn| project.participant_for(document, &turn.speaker))
}

/// The value of the participant attribute `name` (compared without regard to
/// case) for `participant`.
#[must_use]
pub fn attribute_value<'p>(participant: &'p Participant, name: &str) -> Option<&'p str> {
    participant
        .attributes
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name.trim()))
        .map(|(_, value)| value.as_str())
}

/// The column for passages whose speaker has no value for the attribute.
pub const NO_VALUE: &str = "(none)";

/// Whose attribute groups passages: a participant's where some participant
/// has an attribute of that name, else a document's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    pub name: String,
    on_participants: bool,
}

impl Grouping {
    /// The grouping by the attribute `name`, refused with the names there
    /// are when no participant or document has it.
    pub fn new(project: &Project, name: &str) -> Result<Self, String> {
        let name = name.trim();
        let has = |attributes: &BTreeMap<String, String>| {
            attributes.keys().any(|key| key.eq_ignore_ascii_case(name))
        };
        let grouping = |on_participants| {
            Ok(Self {
                name: name.to_owned(),
                on_participants,
            })
        };
        if project.participants.values().any(|p| has(&p.attributes)) {
            return grouping(true);
        }
        if project.documents.values().any(|d| has(&d.attributes)) {
            return grouping(false);
        }
        let known: BTreeSet<&String> = project
            .participants
            .values()
            .flat_map(|p| p.attributes.keys())
            .chain(project.documents.values().flat_map(|d| d.attributes.keys()))
            .collect();
        Err(if known.is_empty() {
            format!(
                "no participant or document has an attribute called {name:?}; \
                 none has any attributes yet"
            )
        } else {
            format!(
                "no participant or document has an attribute called {name:?}; \
                 the attributes are: {}",
                known.into_iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
    }

    /// The group of a passage of `document` spoken by `speaker`.
    #[must_use]
    pub fn group_of<'p>(
        &self,
        document: &'p Document,
        speaker: Option<&'p Participant>,
    ) -> &'p str {
        let value = if self.on_participants {
            speaker.and_then(|participant| attribute_value(participant, &self.name))
        } else {
            document
                .attributes
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(&self.name))
                .map(|(_, value)| value.as_str())
        };
        value.unwrap_or(NO_VALUE)
    }
}

/// The words of `text` as char ranges with their text: runs of letters and
/// digits, with an apostrophe or hyphen inside a word kept in it ("don't",
/// "peer-led", "aujourd'hui").
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    WordSpans {
        text,
        chars: text.char_indices().enumerate().peekable(),
    }
}

struct WordSpans<'t, I: Iterator<Item = (usize, (usize, char))>> {
    text: &'t str,
    chars: std::iter::Peekable<I>,
}

fn joins_words(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

impl<'t, I: Iterator<Item = (usize, (usize, char))>> Iterator for WordSpans<'t, I> {
    type Item = (usize, usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        let (start_char, start_byte) = loop {
            let (at, (byte, c)) = self.chars.next()?;
            if c.is_alphanumeric() {
                break (at, byte);
            }
        };
        let (mut end_char, mut end_byte) = (start_char + 1, start_byte);
        end_byte += self.text[start_byte..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        loop {
            match self.chars.peek() {
                Some(&(at, (byte, c))) if c.is_alphanumeric() => {
                    self.chars.next();
                    end_char = at + 1;
                    end_byte = byte + c.len_utf8();
                }
                Some(&(_, (_, c))) if joins_words(c) => {
                    // Only a joiner with a letter right after it stays in the word.
                    let joiner = self.chars.next();
                    match (joiner, self.chars.peek()) {
                        (Some(_), Some(&(at, (byte, next)))) if next.is_alphanumeric() => {
                            self.chars.next();
                            end_char = at + 1;
                            end_byte = byte + next.len_utf8();
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        Some((start_char, end_char, &self.text[start_byte..end_byte]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens_and_drop_the_rest() {
        let words: Vec<&str> = word_spans("I don't — well, peer-led 'work' aujourd’hui... ok-")
            .map(|(_, _, word)| word)
            .collect();
        assert_eq!(
            words,
            [
                "I",
                "don't",
                "well",
                "peer-led",
                "work",
                "aujourd’hui",
                "ok"
            ]
        );
    }

    #[test]
    fn word_spans_are_char_offsets() {
        let spans: Vec<(usize, usize)> = word_spans("Zoë said: été")
            .map(|(start, end, _)| (start, end))
            .collect();
        assert_eq!(spans, [(0, 3), (4, 8), (10, 13)]);
    }
}
