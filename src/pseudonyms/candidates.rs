//! Finds what a pseudonym key may need: the speaker labels and participant names,
//! the capitalised words that stand neither at the start of a sentence nor in the
//! shipped English and French lists of common words, and the contact details and
//! dates that patterns recognise (emails, phone numbers, UK postcodes, dates, NHS
//! numbers, URLs). Each candidate comes with its count and a few keyword-in-context
//! lines, for the user to accept, reject or map to an entry; nothing here replaces
//! anything.
//!
//! Terms the key already holds (in any of their forms) and terms the user rejected
//! are not proposed again.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::Category;
use crate::model::Project;

/// Where a candidate was found, which also suggests its category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    SpeakerLabel,
    ParticipantName,
    Email,
    Phone,
    NhsNumber,
    Postcode,
    Url,
    Date,
    CapitalisedWord,
}

impl Source {
    /// How the user reads it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Source::SpeakerLabel => "speaker label",
            Source::ParticipantName => "participant name",
            Source::Email => "email",
            Source::Phone => "phone number",
            Source::NhsNumber => "NHS number",
            Source::Postcode => "UK postcode",
            Source::Url => "URL",
            Source::Date => "date",
            Source::CapitalisedWord => "capitalised word",
        }
    }

    /// The category an entry made from it starts with.
    #[must_use]
    pub fn category(self) -> Category {
        match self {
            Source::SpeakerLabel | Source::ParticipantName => Category::Participant,
            Source::Email | Source::Phone | Source::NhsNumber | Source::Url => Category::Contact,
            Source::Postcode => Category::Place,
            Source::Date => Category::Date,
            Source::CapitalisedWord => Category::Person,
        }
    }
}

/// One place a candidate stands, as a line of keyword-in-context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The document (or memo, or comment) it is in.
    pub place: String,
    pub before: String,
    pub term: String,
    pub after: String,
}

/// A term the key may need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub term: String,
    pub source: Source,
    /// How many times it was found.
    pub count: usize,
    /// The first few places it stands.
    pub contexts: Vec<Context>,
}

/// How many keyword-in-context lines a candidate keeps.
const CONTEXTS_KEPT: usize = 3;
/// How many chars of context stand on each side of a term.
const CONTEXT_CHARS: usize = 40;

static COMMON_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    [
        include_str!("common_words/en.txt"),
        include_str!("common_words/fr.txt"),
    ]
    .into_iter()
    .flat_map(str::lines)
    .filter(|line| !line.starts_with('#'))
    .flat_map(str::split_whitespace)
    .map(|word| word.replace('’', "'"))
    .collect()
});

/// The patterns of contact details and dates, as one expression with a group per
/// source so a text is read once. ASCII word boundaries keep the fast engines.
static PATTERNS: LazyLock<Regex> = LazyLock::new(|| {
    let month = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    let day = r"\d{1,2}(?:st|nd|rd|th)?";
    let pattern = format!(
        concat!(
            r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}})",
            r"|(?P<url>(?:https?://|www\.)[^\s<>()\[\]]+)",
            r"|(?P<nhs>(?-u:\b)\d{{3}}[ -]?\d{{3}}[ -]?\d{{4}}(?-u:\b))",
            r"|(?P<phone>(?:\+44\s?\(?0?\)?\s?|(?-u:\b)0)\d{{2,4}}\)?[\s-]?\d{{3,4}}[\s-]?\d{{3,4}}(?-u:\b))",
            r"|(?P<postcode>(?-u:\b)[A-Z]{{1,2}}\d[A-Z\d]? ?\d[A-Z]{{2}}(?-u:\b))",
            r"|(?P<date>(?-u:\b)(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})",
            r"|(?i:{day}(?:\s+of)?\s+{month}\.?(?:,?\s+\d{{4}})?|{month}\.?\s+{day}(?:,?\s+\d{{4}})?))(?-u:\b))",
        ),
        day = day,
        month = month,
    );
    Regex::new(&pattern).expect("the contact and date patterns are valid")
});

/// What the finder skips: the key's forms and the rejected terms, folded.
struct Known {
    terms: HashSet<String>,
}

impl Known {
    fn of(project: &Project, rejected: &BTreeSet<String>) -> Self {
        let mut terms: HashSet<String> = rejected.iter().map(|term| fold(term)).collect();
        for entry in project.pseudonyms.values() {
            terms.insert(fold(&entry.replacement));
            terms.extend(entry.variants().iter().map(|variant| fold(&variant.form)));
        }
        Self { terms }
    }

    fn has(&self, term: &str) -> bool {
        self.terms.contains(&fold(term))
    }
}

/// Lower case with curly apostrophes straight, the form terms are compared in.
fn fold(term: &str) -> String {
    term.trim().to_lowercase().replace('’', "'")
}

/// Whether `word` (one token) is a common word of the shipped lists, also with its
/// possessive or contraction taken off ("Monday's", "I'm").
fn is_common(word: &str) -> bool {
    let word = fold(word);
    if COMMON_WORDS.contains(&word) {
        return true;
    }
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.split('\'').next())
        .unwrap_or(&word);
    COMMON_WORDS.contains(stem)
}

/// Whether a label or name names someone: some word of it is neither a common word
/// nor holds a digit ("Speaker 2", "P03" and "Interviewer" do not).
fn names_someone(label: &str) -> bool {
    label.split_whitespace().any(|word| {
        word.chars().any(char::is_alphabetic)
            && !word.chars().any(|c| c.is_ascii_digit())
            && !is_common(word.trim_matches(|c: char| !c.is_alphanumeric()))
    })
}

/// Candidates as they are gathered, by folded term.
#[derive(Default)]
struct Gathered {
    by_term: BTreeMap<String, Candidate>,
}

impl Gathered {
    fn add(&mut self, term: &str, source: Source, context: Option<Context>) {
        let candidate = self.by_term.entry(fold(term)).or_insert_with(|| Candidate {
            term: term.trim().to_owned(),
            source,
            count: 0,
            contexts: Vec::new(),
        });
        // A term found as a speaker label and in the text is the speaker's.
        if source < candidate.source {
            candidate.source = source;
            term.trim().clone_into(&mut candidate.term);
        }
        candidate.count += 1;
        if let Some(context) = context
            && candidate.contexts.len() < CONTEXTS_KEPT
        {
            candidate.contexts.push(context);
        }
    }

    /// Names found outside the text count once even when the text never says them.
    fn name(&mut self, term: &str, source: Source) {
        if !self.by_term.contains_key(&fold(term)) {
            self.add(term, source, None);
        }
    }
}

/// Every candidate the project's texts hold, skipping the key's terms and the
/// `rejected` ones: speaker labels and participant names first, then contact
/// details and dates, then capitalised words, each by how often it was found.
/// `progress` hears (done, all) after each text.
#[must_use]
pub fn find_candidates(
    project: &Project,
    rejected: &BTreeSet<String>,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<Candidate> {
    let known = Known::of(project, rejected);
    let mut gathered = Gathered::default();

    let mut texts: Vec<(String, &str)> = project
        .documents
        .values()
        .map(|document| (document.name.clone(), &*document.text))
        .collect();
    texts.extend(
        project
            .memos
            .values()
            .map(|memo| (format!("memo “{}”", memo.title), memo.body.as_str())),
    );
    texts.extend(
        project
            .comments
            .values()
            .map(|comment| ("a comment".to_owned(), comment.body.as_str())),
    );
    let all = texts.len();

    for document in project.documents.values() {
        for turn in document.turns.iter().filter(|turn| !turn.is_interviewer) {
            if names_someone(&turn.speaker) && !known.has(&turn.speaker) {
                // The label, then what was said in the turn.
                let text = &*document.text;
                let start = char_to_byte(text, turn.start);
                let end = char_to_byte(text, turn.end);
                let said = kwic(&document.name, text, start..start, end);
                let context = Some(Context {
                    after: format!(": {}", said.after.trim_start()),
                    term: turn.speaker.clone(),
                    before: String::new(),
                    place: said.place,
                });
                gathered.add(&turn.speaker, Source::SpeakerLabel, context);
            }
        }
    }
    for (done, (place, text)) in texts.iter().enumerate() {
        scan_patterns(place, text, &known, &mut gathered);
        scan_capitalised(place, text, &known, &mut gathered);
        progress(done + 1, all);
    }
    for participant in project.participants.values() {
        if names_someone(&participant.name) && !known.has(&participant.name) {
            gathered.name(&participant.name, Source::ParticipantName);
        }
    }
    for document in project.documents.values() {
        for label in document.speakers.keys() {
            if names_someone(label) && !known.has(label) {
                gathered.name(label, Source::SpeakerLabel);
            }
        }
    }

    let mut candidates: Vec<Candidate> = gathered.by_term.into_values().collect();
    candidates.sort_by(|a, b| {
        (a.source, std::cmp::Reverse(a.count), &a.term).cmp(&(
            b.source,
            std::cmp::Reverse(b.count),
            &b.term,
        ))
    });
    candidates
}

fn scan_patterns(place: &str, text: &str, known: &Known, gathered: &mut Gathered) {
    for captures in PATTERNS.captures_iter(text) {
        let Some((source, found)) = [
            ("email", Source::Email),
            ("url", Source::Url),
            ("nhs", Source::NhsNumber),
            ("phone", Source::Phone),
            ("postcode", Source::Postcode),
            ("date", Source::Date),
        ]
        .into_iter()
        .find_map(|(group, source)| captures.name(group).map(|found| (source, found))) else {
            continue;
        };
        let mut range = found.range();
        let mut source = source;
        if source == Source::Url {
            // A URL at the end of a sentence does not take its full stop.
            let trimmed = found
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’', '”']);
            range.end = range.start + trimmed.len();
        }
        if source == Source::NhsNumber && !is_nhs_number(found.as_str()) {
            // Ten digits that fail the NHS check digit are a phone number when
            // they read as one, and nothing otherwise.
            if found.as_str().starts_with('0') {
                source = Source::Phone;
            } else {
                continue;
            }
        }
        let term = &text[range.clone()];
        if known.has(term) {
            continue;
        }
        let context = kwic(place, text, range.clone(), text.len());
        gathered.add(term, source, Some(context));
    }
}

/// The NHS number's check: the first nine digits weighted 10 down to 2, summed,
/// taken from 11 (11 meaning 0, 10 meaning invalid), give the tenth.
fn is_nhs_number(found: &str) -> bool {
    let digits: Vec<u32> = found.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        check => check,
    };
    check == digits[9]
}

/// Runs of capitalised words that stand neither at a sentence's start nor in the
/// common-word lists ("Amara Osei", "Leeds General Infirmary").
fn scan_capitalised(place: &str, text: &str, known: &Known, gathered: &mut Gathered) {
    let bytes = text.as_bytes();
    let mut sentence_start = true;
    let mut run: Option<(usize, usize)> = None;
    let mut index = 0;
    let flush = |run: &mut Option<(usize, usize)>, gathered: &mut Gathered| {
        if let Some((start, end)) = run.take() {
            let term = &text[start..end];
            if !known.has(term) {
                gathered.add(
                    term,
                    Source::CapitalisedWord,
                    Some(kwic(place, text, start..end, text.len())),
                );
            }
        }
    };
    while index < bytes.len() {
        let Some(c) = text[index..].chars().next() else {
            break;
        };
        if !c.is_alphabetic() {
            match c {
                // After a transcript's note ("[laughs] Seriously?") or an opening
                // quote, a new sentence starts.
                '.' | '!' | '?' | ':' | '…' | '\n' | ']' | '"' | '“' | '«' => {
                    sentence_start = true;
                    flush(&mut run, gathered);
                }
                // Spaces, and the marks that open a word without ending a sentence,
                // leave the sentence as it is.
                ' ' | '\t' | '‘' | '(' | '-' | '–' | '—' | '\'' | '*' | '[' => {}
                _ => flush(&mut run, gathered),
            }
            // A run of names goes on across one space, no further.
            if c != ' '
                && let Some((_, end)) = run
                && end < index
            {
                flush(&mut run, gathered);
            }
            index += c.len_utf8();
            continue;
        }
        let start = index;
        let mut end = index;
        for (offset, c) in text[start..].char_indices() {
            let apostrophe_inside = (c == '\'' || c == '’' || c == '-')
                && text[start + offset + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            if c.is_alphabetic() || apostrophe_inside {
                end = start + offset + c.len_utf8();
            } else {
                break;
            }
        }
        let word = &text[start..end];
        let capitalised = c.is_uppercase() && word.chars().count() >= 2;
        let wanted = capitalised && !sentence_start && !is_common(word);
        if wanted {
            let term_end = possessive_start(word).map_or(end, |cut| start + cut);
            match &mut run {
                Some((_, run_end)) if text[*run_end..start] == *" " => *run_end = term_end,
                _ => {
                    flush(&mut run, gathered);
                    run = Some((start, term_end));
                }
            }
            if term_end < end {
                flush(&mut run, gathered);
            }
        } else {
            flush(&mut run, gathered);
        }
        sentence_start = false;
        index = end;
    }
    flush(&mut run, gathered);
}

/// Where a possessive ending ("'s", "’s") starts in `word`, so "Amara's" is
/// proposed as "Amara".
fn possessive_start(word: &str) -> Option<usize> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .map(str::len)
}

/// The byte offset of char `position` of `text` (its end when past it).
fn char_to_byte(text: &str, position: usize) -> usize {
    text.char_indices()
        .nth(position)
        .map_or(text.len(), |(byte, _)| byte)
}

/// The keyword-in-context line of `text[term]`: up to `CONTEXT_CHARS` chars each
/// side, the after part stopping at byte `after_limit` (a turn's end), with
/// whitespace made single spaces.
fn kwic(place: &str, text: &str, term: std::ops::Range<usize>, after_limit: usize) -> Context {
    let before_start = text[..term.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(byte, _)| byte);
    let after_limit = after_limit.clamp(term.end, text.len());
    let after_end = text[term.end..after_limit]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after_limit, |(byte, _)| term.end + byte);
    Context {
        place: place.to_owned(),
        before: squeeze(&text[before_start..term.start]),
        term: text[term.clone()].to_owned(),
        after: squeeze(&text[term.end..after_end]),
    }
}

/// Runs of whitespace as one space, keeping a space at either end that there was.
fn squeeze(part: &str) -> String {
    let mut line = part.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return line;
    }
    if part.starts_with(char::is_whitespace) {
        line.insert(0, ' ');
    }
    if part.ends_with(char::is_whitespace) {
        line.push(' ');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Turn};
    use crate::pseudonyms::KeyEntry;

    fn found(text: &str) -> Vec<(String, Source)> {
        let mut project = Project::default();
        let document = Document::for_tests("interview", text);
        project.documents.insert(document.id, document);
        find_candidates(&project, &BTreeSet::new(), &mut |_, _| {})
            .into_iter()
            .map(|candidate| (candidate.term, candidate.source))
            .collect()
    }

    #[test]
    fn names_in_the_middle_of_sentences_are_found_and_common_words_are_not() {
        let terms = found(
            "So I went to see Amara Osei at Leeds General Infirmary on Monday. \
             Amara's sister came too. Then I said: Hope it helps. We met Dr Patel's \
             team, and the Open Dialogue network meeting was in Bradford.",
        );
        let names: Vec<&str> = terms.iter().map(|(term, _)| term.as_str()).collect();
        assert!(names.contains(&"Amara Osei"), "{names:?}");
        assert!(names.contains(&"Leeds General Infirmary"), "{names:?}");
        assert!(names.contains(&"Patel"), "{names:?}");
        assert!(names.contains(&"Bradford"), "{names:?}");
        for common in [
            "Monday",
            "So",
            "I",
            "Hope",
            "Then",
            "Dr",
            "Open Dialogue",
            "Amara's",
        ] {
            assert!(
                !names.contains(&common),
                "{common} is not a candidate: {names:?}"
            );
        }
    }

    #[test]
    fn contact_details_and_dates_are_found_by_their_patterns() {
        let terms = found(
            "Email me at sam.jones@example.org or ring 07700 900123, or +44 20 7946 0958. \
             The clinic is at LS1 4AP, see https://www.example.org/clinic. My NHS number is \
             943 476 5919 and 123 456 7890 is not one. I was admitted on 12/03/2024, \
             again on 3rd of May 2021 and on March 14, 2022.",
        );
        let has = |term: &str, source: Source| terms.contains(&(term.to_owned(), source));
        assert!(has("sam.jones@example.org", Source::Email), "{terms:?}");
        assert!(has("07700 900123", Source::Phone), "{terms:?}");
        assert!(has("+44 20 7946 0958", Source::Phone), "{terms:?}");
        assert!(has("LS1 4AP", Source::Postcode), "{terms:?}");
        assert!(
            has("https://www.example.org/clinic", Source::Url),
            "{terms:?}"
        );
        assert!(has("943 476 5919", Source::NhsNumber), "{terms:?}");
        assert!(
            !terms.iter().any(|(term, _)| term == "123 456 7890"),
            "{terms:?}"
        );
        assert!(has("12/03/2024", Source::Date), "{terms:?}");
        assert!(has("3rd of May 2021", Source::Date), "{terms:?}");
        assert!(has("March 14, 2022", Source::Date), "{terms:?}");
    }

    #[test]
    fn speaker_labels_come_first_with_context_and_the_key_and_rejections_are_skipped() {
        let text =
            "Maria: I rang Kofi.\nInterviewer: And Kofi came?\nMaria: Kofi and Brendan came.";
        let mut document = Document::for_tests("interview", text);
        let turn = |speaker: &str, start: usize, end: usize, is_interviewer: bool| Turn {
            speaker: speaker.into(),
            start,
            end,
            time_ms: None,
            is_interviewer,
        };
        document.turns = vec![
            turn("Maria", 7, 19, false),
            turn("Interviewer", 33, 47, true),
            turn("Maria", 55, 78, false),
        ];
        let mut project = Project::default();
        project.documents.insert(document.id, document);
        let key = KeyEntry {
            real: "Brendan Walsh".into(),
            replacement: "P02".into(),
            category: Category::Participant,
            variants: vec![],
        };
        project.pseudonyms.insert(key.real.clone(), key);
        let mut heard = Vec::new();
        let rejected = BTreeSet::new();
        let candidates = find_candidates(&project, &rejected, &mut |done, all| {
            heard.push((done, all));
        });
        assert_eq!(heard.last(), Some(&(1, 1)), "progress reaches the end");
        assert_eq!(candidates[0].term, "Maria");
        assert_eq!(candidates[0].source, Source::SpeakerLabel);
        assert_eq!(candidates[0].count, 2);
        assert_eq!(candidates[0].contexts[0].term, "Maria");
        assert_eq!(candidates[0].contexts[0].after, ": I rang Kofi.");
        let kofi = candidates.iter().find(|c| c.term == "Kofi").expect("Kofi");
        assert_eq!(
            kofi.count, 2,
            "the Kofi at a sentence's start is not counted"
        );
        assert_eq!(kofi.contexts[0].before, "Maria: I rang ");
        assert_eq!(
            kofi.contexts[0].after, ". Interviewer: And Kofi came? Maria: Kof",
            "forty chars of context, whitespace squeezed"
        );
        assert!(
            !candidates
                .iter()
                .any(|c| c.term == "Brendan" || c.term == "Interviewer"),
            "a key's name part and the interviewer are not proposed"
        );
        let rejected = BTreeSet::from(["kofi".to_owned()]);
        let again = find_candidates(&project, &rejected, &mut |_, _| {});
        assert!(!again.iter().any(|c| c.term == "Kofi"));
    }

    #[test]
    fn the_nhs_check_digit_is_checked() {
        assert!(is_nhs_number("943 476 5919"));
        assert!(is_nhs_number("9434765919"));
        assert!(!is_nhs_number("943 476 5918"));
        assert!(!is_nhs_number("12345"));
    }
}
