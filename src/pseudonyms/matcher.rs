//! Replaces every term of a pseudonym key in a text in one pass, and says where
//! each replacement went so that positions (codings, QDPX selections) can follow.
//!
//! The key's forms are searched with one Aho-Corasick automaton over a folded copy
//! of the text (lower case, Latin accents removed, curly apostrophes straight), one
//! folded char per char of the text, so a match's place in the copy is its place in
//! the text. A match is taken only where it is a whole word (the "Tom" in "Tomorrow"
//! stays) and, for names, in the entry's own case or in capitals (the name "Hope" does
//! not replace "hope"). What follows a name is left as it is, so "Maria's" becomes
//! "P03's". Names of files and records are slugs ("peer-05-amara-osei"), where a
//! name in any case is replaced (`replace_in_name`).

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{KeyEntry, Variant};
use crate::model::roles::strip_accent;

/// How a replacement shows in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Marking {
    /// "[P03]": a reader sees that something was replaced.
    #[default]
    Bracketed,
    /// "P03", reading as if it were the name.
    Plain,
}

impl Marking {
    fn mark(self, replacement: &str) -> String {
        let already = replacement.starts_with('[') && replacement.ends_with(']');
        match self {
            Marking::Bracketed if !already => format!("[{replacement}]"),
            _ => replacement.to_owned(),
        }
    }
}

/// One replacement, in chars: where the real term was, and where its replacement is
/// in the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub original: Range<usize>,
    pub replaced: Range<usize>,
}

/// A text with the key applied, and the edits that moved its positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pseudonymised {
    pub text: String,
    pub edits: Vec<Edit>,
}

impl Pseudonymised {
    /// Where a selection's start at char `position` of the original lands; a start
    /// inside a replaced term moves to the start of its replacement.
    #[must_use]
    pub fn start(&self, position: usize) -> usize {
        self.moved(position, false)
    }

    /// Where a selection's end lands; an end inside a replaced term moves to the
    /// end of its replacement, so a selection never cuts a pseudonym.
    #[must_use]
    pub fn end(&self, position: usize) -> usize {
        self.moved(position, true)
    }

    fn moved(&self, position: usize, inside_to_end: bool) -> usize {
        let after = self
            .edits
            .partition_point(|edit| edit.original.end <= position);
        if let Some(edit) = self.edits.get(after)
            && edit.original.start < position
        {
            return if inside_to_end {
                edit.replaced.end
            } else {
                edit.replaced.start
            };
        }
        match after.checked_sub(1).map(|before| &self.edits[before]) {
            None => position,
            Some(edit) => position - edit.original.end + edit.replaced.end,
        }
    }
}

/// A key ready to apply: its forms in one automaton.
pub struct Pseudonymiser {
    automaton: AhoCorasick,
    variants: Vec<Variant>,
    /// Whether each variant's own form (not its folded copy) is in capitals.
    form_in_capitals: Vec<bool>,
    marking: Marking,
}

/// The key's automaton could not be built (only a key of many millions of terms
/// is too large).
#[derive(Debug, thiserror::Error)]
#[error("the pseudonym key could not be prepared for searching: {0}")]
pub struct KeyTooLarge(String);

impl Pseudonymiser {
    /// # Errors
    /// When the key is too large for an automaton.
    pub fn new(entries: &[KeyEntry], marking: Marking) -> Result<Self, KeyTooLarge> {
        let variants: Vec<Variant> = entries.iter().flat_map(KeyEntry::variants).collect();
        let patterns: Vec<String> = variants
            .iter()
            .map(|variant| variant.form.chars().map(fold_char).collect())
            .collect();
        let form_in_capitals = variants
            .iter()
            .map(|variant| in_capitals(&variant.form.chars().collect::<Vec<_>>()))
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|error| KeyTooLarge(error.to_string()))?;
        Ok(Pseudonymiser {
            automaton,
            variants,
            form_in_capitals,
            marking,
        })
    }

    /// Whether the key has nothing to replace.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// The text with every real term replaced, as a plain string.
    #[must_use]
    pub fn replace(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_owned();
        }
        self.apply(text).text
    }

    /// A name of a file or record ("peer-05-amara-osei.docx") with every real term
    /// replaced in any case: such names are slugs, not prose, and a name in one is
    /// as identifying in lower case.
    #[must_use]
    pub fn replace_in_name(&self, name: &str) -> String {
        if self.is_empty() {
            return name.to_owned();
        }
        self.replaced(name, true).text
    }

    /// The text with every real term replaced, and where each went.
    #[must_use]
    pub fn apply(&self, text: &str) -> Pseudonymised {
        self.replaced(text, false)
    }

    fn replaced(&self, text: &str, any_case: bool) -> Pseudonymised {
        if self.is_empty() || text.is_empty() {
            return Pseudonymised {
                text: text.to_owned(),
                edits: Vec::new(),
            };
        }
        let folded = Folded::of(text);
        // Matches as byte ranges of `text`.
        let mut found: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(&folded.text)
            .filter_map(|found| {
                let start = folded.original(found.start());
                let end = folded.original(found.end());
                let pattern = found.pattern().as_usize();
                self.acceptable(text, start, end, pattern, any_case)
                    .then_some((start, end, pattern))
            })
            .collect();
        if found.is_empty() {
            return Pseudonymised {
                text: text.to_owned(),
                edits: Vec::new(),
            };
        }
        // The leftmost, then the longest, then the first entry of the key wins.
        found.sort_by_key(|&(start, end, pattern)| (start, std::cmp::Reverse(end), pattern));

        let mut out = String::with_capacity(text.len());
        let mut edits = Vec::new();
        let (mut copied_to, mut in_chars, mut out_chars) = (0, 0, 0);
        for (start, end, pattern) in found {
            if start < copied_to {
                continue;
            }
            let between = &text[copied_to..start];
            out.push_str(between);
            let skipped = between.chars().count();
            in_chars += skipped;
            out_chars += skipped;
            let term = &text[start..end];
            let term_chars = term.chars().count();
            let replacement = self.replacement_for(term, pattern);
            let length = replacement.chars().count();
            out.push_str(&replacement);
            edits.push(Edit {
                original: in_chars..in_chars + term_chars,
                replaced: out_chars..out_chars + length,
            });
            in_chars += term_chars;
            out_chars += length;
            copied_to = end;
        }
        out.push_str(&text[copied_to..]);
        Pseudonymised { text: out, edits }
    }

    /// Whether the match at bytes `start..end` of `text` is a whole word in a
    /// case the entry allows.
    fn acceptable(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
        any_case: bool,
    ) -> bool {
        let is_word = |c: char| c.is_alphanumeric();
        let whole = !text[..start].chars().next_back().is_some_and(is_word)
            && !text[end..].chars().next().is_some_and(is_word);
        if !whole {
            return false;
        }
        if any_case || !self.variants[pattern].category.keeps_case() {
            return true;
        }
        let form = &self.variants[pattern].form;
        let found: Vec<char> = text[start..end].chars().collect();
        let same_case = found
            .iter()
            .zip(form.chars())
            .enumerate()
            .all(|(index, (&c, f))| {
                c.is_uppercase() == f.is_uppercase() || (index == 0 && c.is_uppercase())
            });
        same_case || in_capitals(&found) || in_title_case(&found)
    }

    fn replacement_for(&self, term: &str, pattern: usize) -> String {
        let variant = &self.variants[pattern];
        let marked = self.marking.mark(&variant.replacement);
        let found: Vec<char> = term.chars().collect();
        // A name shouted in capitals keeps them; a code with digits (a postcode,
        // an NHS number) is in capitals anyway, and its label is not.
        let is_code = found.iter().any(char::is_ascii_digit);
        if in_capitals(&found) && !self.form_in_capitals[pattern] && found.len() > 1 && !is_code {
            marked.to_uppercase()
        } else {
            marked
        }
    }
}

/// Whether every letter is a capital (and there is one).
fn in_capitals(chars: &[char]) -> bool {
    chars.iter().any(|c| c.is_alphabetic())
        && chars
            .iter()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
}

/// Whether each word starts with a capital and goes on in lower case ("Helen
/// Marsh"), as a name written in capitals in the key ("HELEN MARSH") is written
/// in prose.
fn in_title_case(chars: &[char]) -> bool {
    let mut at_word_start = true;
    for &c in chars {
        if c.is_alphabetic() {
            if c.is_uppercase() != at_word_start {
                return false;
            }
            at_word_start = false;
        } else {
            at_word_start = true;
        }
    }
    true
}

/// A text folded for matching (see [`fold_char`]), with what it takes to turn a
/// byte offset of the folded copy back into one of the text: ASCII folds to ASCII
/// byte for byte, so only the chars whose folded form is shorter or longer (é to e)
/// leave a mark, and most transcripts have few.
struct Folded {
    text: String,
    /// `(folded, original)` byte offsets just after each char whose folded form has
    /// another length, in order.
    shifts: Vec<(usize, usize)>,
}

impl Folded {
    fn of(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            // A run of ASCII, folded a byte at a time.
            let ascii = rest.bytes().take_while(u8::is_ascii).count();
            folded.extend(rest[..ascii].bytes().map(|byte| fold_ascii(byte) as char));
            rest = &rest[ascii..];
            if let Some(c) = rest.chars().next() {
                let folded_char = fold_char(c);
                folded.push(folded_char);
                rest = &rest[c.len_utf8()..];
                if folded_char.len_utf8() != c.len_utf8() {
                    shifts.push((folded.len(), text.len() - rest.len()));
                }
            }
        }
        Folded {
            text: folded,
            shifts,
        }
    }

    /// The byte offset of `text` that folded byte offset `at` (a char boundary of
    /// the folded copy) stands for.
    fn original(&self, at: usize) -> usize {
        let before = self.shifts.partition_point(|&(folded, _)| folded <= at);
        match before.checked_sub(1).map(|last| self.shifts[last]) {
            None => at,
            Some((folded, original)) => original + (at - folded),
        }
    }
}

fn fold_ascii(byte: u8) -> u8 {
    match byte {
        b'-' | b'_' => b' ',
        _ => byte.to_ascii_lowercase(),
    }
}

/// One char for one char, so that the folded copy's positions are the text's.
fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        // "Jean-Pierre", "Jean Pierre" and a file's "jean_pierre" are one name.
        '-' | '_' | '\u{2010}' | '\u{2011}' | '\u{00A0}' => ' ',
        _ => strip_accent(c.to_lowercase().next().unwrap_or(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pseudonyms::Category;

    fn key(entries: &[(&str, &str, Category)]) -> Pseudonymiser {
        let entries: Vec<KeyEntry> = entries
            .iter()
            .map(|&(real, replacement, category)| KeyEntry {
                real: real.into(),
                replacement: replacement.into(),
                category,
                variants: vec![],
            })
            .collect();
        Pseudonymiser::new(&entries, Marking::Bracketed).expect("a small key")
    }

    #[test]
    fn names_are_replaced_whole_words_only_keeping_possessives_and_capitals() {
        let key = key(&[
            ("Tom Baker", "P03", Category::Participant),
            ("Hope", "Faith", Category::Person),
            ("Leeds", "[city]", Category::Place),
        ]);
        assert_eq!(
            key.replace("Tomorrow Tom’s mum said TOM BAKER and tom baker went to Leeds."),
            "Tomorrow [P03]’s mum said [P03] and tom baker went to [city]."
        );
        assert_eq!(
            key.replace("Hope said there is hope. HOPE! Atom, Hopeful."),
            "[Faith] said there is hope. [FAITH]! Atom, Hopeful."
        );
        let capitals = super::tests::key(&[("HELEN MARSH", "P06", Category::Participant)]);
        assert_eq!(
            capitals.replace("Helen Marsh, HELEN and Marsh; helen stays."),
            "[P06], [P06] and [P06]; helen stays."
        );
    }

    #[test]
    fn accents_either_way_and_the_longest_term_win() {
        let key = key(&[
            ("José Núñez", "P01", Category::Participant),
            ("Nunez Street", "[street]", Category::Place),
        ]);
        assert_eq!(
            key.replace("Jose lives on Nunez Street; José Nuñez and NÚÑEZ came."),
            "[P01] lives on [street]; [P01] and [P01] came."
        );
    }

    #[test]
    fn contact_details_match_in_any_case_and_marking_can_be_plain() {
        let entries = [KeyEntry {
            real: "sam@example.org".into(),
            replacement: "[email]".into(),
            category: Category::Contact,
            variants: vec![],
        }];
        let plain = Pseudonymiser::new(&entries, Marking::Plain).expect("built");
        assert_eq!(plain.replace("Mail SAM@Example.org."), "Mail [email].");
        let names = [KeyEntry {
            real: "Ana".into(),
            replacement: "Bea".into(),
            category: Category::Person,
            variants: vec!["Annie".into()],
        }];
        let plain = Pseudonymiser::new(&names, Marking::Plain).expect("built");
        assert_eq!(plain.replace("Ana and Annie"), "Bea and Bea");
    }

    #[test]
    fn positions_follow_the_replacements_and_never_cut_one() {
        let key = key(&[("Maria Lopez", "P1", Category::Participant)]);
        let text = "I told Maria Lopez that Lopez was late.";
        let done = key.apply(text);
        assert_eq!(done.text, "I told [P1] that [P1] was late.");
        let chars: Vec<char> = done.text.chars().collect();
        let slice = |range: Range<usize>| chars[range].iter().collect::<String>();
        // "told" before the first name stays where it was.
        assert_eq!(slice(done.start(2)..done.end(6)), "told");
        // "that" after it moved left.
        assert_eq!(slice(done.start(19)..done.end(23)), "that");
        // A selection from inside "Maria" to inside "Lopez" (the second) covers both
        // replacements whole.
        assert_eq!(slice(done.start(9)..done.end(26)), "[P1] that [P1]");
        assert_eq!(done.end(text.chars().count()), chars.len());
    }

    #[test]
    fn names_of_files_are_replaced_in_any_case_with_hyphens_as_spaces() {
        let key = key(&[("Amara Osei", "P05", Category::Participant)]);
        assert_eq!(
            key.replace_in_name("peer-05-amara-osei.docx"),
            "peer-05-[P05].docx"
        );
        assert_eq!(key.replace_in_name("osei_notes"), "[P05]_notes");
        assert_eq!(
            key.replace("amara said"),
            "amara said",
            "prose keeps its case rule"
        );
    }

    #[test]
    fn an_empty_key_changes_nothing() {
        let key = key(&[]);
        assert!(key.is_empty());
        let done = key.apply("Maria");
        assert_eq!(done.text, "Maria");
        assert_eq!(done.start(3), 3);
    }
}
