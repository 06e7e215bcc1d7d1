//! Which words each group of participants uses, and where: word counts by the
//! value of an attribute (peer and non-peer practitioners, say), with English
//! and French stop words left out and, as an option, words stemmed so that
//! "support", "supported" and "supporting" count as one; and every occurrence
//! of one word in its context (keyword in context), which is what the counts
//! stand on. Interviewers' turns are left out unless asked for: their words
//! are questions, not data. A French elided article or pronoun ("l'équipe")
//! is cut off the word it leans on, and a transcriber's note in square
//! brackets ("[laughs]") is not counted.

use super::stop_words::{FRENCH_ELISIONS, Language};
use super::{Grouping, NO_VALUE, word_spans};
use crate::analysis::compare::merged;
use crate::exchange::{FigureTable, TableValue};
use crate::model::{CodeId, Document, DocumentId, Project};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct WordOptions {
    /// The attribute whose values are the groups; one group of everyone
    /// without it.
    pub by: Option<String>,
    /// Only text coded with this code.
    pub code: Option<CodeId>,
    /// Whose stop words to leave out.
    pub stop_words: Vec<Language>,
    /// Count stems of this language rather than words.
    pub stem: Option<Language>,
    pub with_interviewers: bool,
}

/// One counted word (or stem) and how often each group used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordRow {
    /// The commonest spelling, in lower case.
    pub word: String,
    /// What was counted: the word, or its stem.
    pub key: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

/// Word counts by group, commonest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordFrequencies {
    /// The attribute's name, or "everyone".
    pub by: String,
    pub groups: Vec<String>,
    /// How many words (stop words included) each group spoke.
    pub words_per_group: Vec<usize>,
    pub rows: Vec<WordRow>,
}

/// One occurrence of a word with the text around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InContext {
    pub document: DocumentId,
    pub group: String,
    pub speaker: String,
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub word: String,
    pub after: String,
}

/// How words are turned into what is counted.
struct Counter {
    stop: HashSet<&'static str>,
    elide: bool,
    stemmer: Option<Stemmer>,
    stems: HashMap<String, String>,
}

impl Counter {
    fn new(options: &WordOptions) -> Self {
        Self {
            stop: options
                .stop_words
                .iter()
                .flat_map(|language| language.stop_words().iter().copied())
                .collect(),
            elide: options.stop_words.contains(&Language::French)
                || options.stem == Some(Language::French),
            stemmer: options.stem.map(|language| {
                Stemmer::create(match language {
                    Language::English => Algorithm::English,
                    Language::French => Algorithm::French,
                })
            }),
            stems: HashMap::new(),
        }
    }

    /// Writes into `form` the word as it is counted (lower case, apostrophes
    /// straightened, a French elision cut off) and says whether it counts:
    /// not a stop word or a number. Reusing `form` keeps the scan of a large
    /// corpus from allocating once a word.
    fn form(&self, word: &str, form: &mut String) -> bool {
        form.clear();
        for c in word.chars() {
            if c == '’' {
                form.push('\'');
            } else {
                form.extend(c.to_lowercase());
            }
        }
        if self.elide
            && let Some(elision) = FRENCH_ELISIONS
                .iter()
                .find(|elision| form.len() > elision.len() && form.starts_with(**elision))
        {
            form.drain(..elision.len());
        }
        !self.stop.contains(form.as_str()) && !form.chars().all(char::is_numeric)
    }

    /// What a counted form is counted under: itself, or its stem.
    fn key_of(&mut self, form: &str) -> String {
        match &self.stemmer {
            None => form.to_owned(),
            Some(stemmer) => self
                .stems
                .entry(form.to_owned())
                .or_insert_with(|| stemmer.stem(form).into_owned())
                .clone(),
        }
    }

    /// The spelling and the key a word counts under, or `None` for a stop
    /// word or a number.
    #[cfg(test)]
    fn key(&mut self, word: &str) -> Option<(String, String)> {
        let mut form = String::new();
        self.form(word, &mut form).then(|| {
            let key = self.key_of(&form);
            (form, key)
        })
    }
}

/// A stretch of a document whose words count for one group.
struct Region {
    start: usize,
    end: usize,
    group: usize,
    speaker: String,
}

/// The regions of `document` that count: its participants' turns (or the
/// whole text where it has none), cut to the code's coded text if a code is
/// chosen.
fn regions_of(
    project: &Project,
    document: &Document,
    options: &WordOptions,
    grouping: Option<&Grouping>,
    groups: &mut Vec<String>,
    coded: Option<&[(usize, usize)]>,
) -> Vec<Region> {
    let mut group_index = |name: &str| {
        groups
            .iter()
            .position(|group| group == name)
            .unwrap_or_else(|| {
                groups.push(name.to_owned());
                groups.len() - 1
            })
    };
    let mut regions = Vec::new();
    if document.turns.is_empty() {
        let group = grouping.map_or("everyone", |g| g.group_of(document, None));
        regions.push(Region {
            start: 0,
            end: document.char_count,
            group: group_index(group),
            speaker: String::new(),
        });
    }
    for turn in &document.turns {
        let speaker = project.participant_for(document, &turn.speaker);
        let interviewer = turn.is_interviewer || speaker.is_some_and(|p| p.is_interviewer);
        if interviewer && !options.with_interviewers {
            continue;
        }
        let group = grouping.map_or("everyone", |g| g.group_of(document, speaker));
        regions.push(Region {
            start: turn.start,
            end: turn.end,
            group: group_index(group),
            speaker: turn.speaker.clone(),
        });
    }
    let Some(coded) = coded else {
        return regions;
    };
    let mut cut = Vec::new();
    for region in regions {
        for &(start, end) in coded {
            let (start, end) = (start.max(region.start), end.min(region.end));
            if start < end {
                cut.push(Region {
                    start,
                    end,
                    group: region.group,
                    speaker: region.speaker.clone(),
                });
            }
        }
    }
    cut
}

/// Calls `each(document, region, start, end, word)` for every word of every
/// region that counts, and returns the groups in the order first met.
fn each_word(
    project: &Project,
    options: &WordOptions,
    mut each: impl FnMut(&Document, &Region, usize, usize, &str),
) -> Result<Vec<String>, String> {
    let grouping = options
        .by
        .as_deref()
        .map(|name| Grouping::new(project, name))
        .transpose()?;
    let mut coded: HashMap<DocumentId, Vec<(usize, usize)>> = HashMap::new();
    if let Some(code) = options.code {
        for coding in project
            .codings
            .values()
            .filter(|coding| coding.code == code)
        {
            coded
                .entry(coding.document)
                .or_default()
                .push((coding.start, coding.end));
        }
        for ranges in coded.values_mut() {
            *ranges = merged(std::mem::take(ranges));
        }
    }
    let mut groups = Vec::new();
    for document in project.documents_by_name() {
        let coded_here = match options.code {
            None => None,
            Some(_) => match coded.get(&document.id) {
                Some(ranges) => Some(ranges.as_slice()),
                None => continue,
            },
        };
        let mut regions = regions_of(
            project,
            document,
            options,
            grouping.as_ref(),
            &mut groups,
            coded_here,
        );
        regions.sort_by_key(|region| region.start);
        let notes = bracketed(&document.text);
        let (mut at, mut note) = (0, 0);
        for (start, end, word) in word_spans(&document.text) {
            while at < regions.len() && regions[at].end <= start {
                at += 1;
            }
            while note < notes.len() && notes[note].1 <= start {
                note += 1;
            }
            if notes.get(note).is_some_and(|&(from, _)| from <= start) {
                continue;
            }
            match regions.get(at) {
                Some(region) if region.start <= start => each(document, region, start, end, word),
                Some(_) => {}
                None => break,
            }
        }
    }
    Ok(groups)
}

/// The char ranges of the transcriber's notes in square brackets
/// ("[laughs]", "[inaudible 00:12:03]"), whose words nobody spoke.
fn bracketed(text: &str) -> Vec<(usize, usize)> {
    if !text.contains('[') {
        return Vec::new();
    }
    let mut notes = Vec::new();
    let mut open = None;
    for (at, c) in text.chars().enumerate() {
        match c {
            '[' => open = Some(at),
            ']' => {
                if let Some(from) = open.take() {
                    notes.push((from, at + 1));
                }
            }
            '\n' => open = None,
            _ => {}
        }
    }
    notes
}

/// A counted key's counts by group and its spellings with their counts.
type Gathered = (Vec<usize>, Vec<(String, usize)>);

/// Counts the words of every group.
pub fn word_frequencies(
    project: &Project,
    options: &WordOptions,
) -> Result<WordFrequencies, String> {
    let mut counter = Counter::new(options);
    let mut words_per_group: Vec<usize> = Vec::new();
    // Counted by form first, which a large corpus has few of, and only then
    // gathered by stem.
    let mut by_form: HashMap<String, Vec<usize>> = HashMap::new();
    let mut form = String::new();
    let groups = each_word(project, options, |_, region, _, _, word| {
        if words_per_group.len() <= region.group {
            words_per_group.resize(region.group + 1, 0);
        }
        words_per_group[region.group] += 1;
        if counter.form(word, &mut form) {
            let counts = match by_form.get_mut(form.as_str()) {
                Some(counts) => counts,
                None => by_form.entry(form.clone()).or_default(),
            };
            if counts.len() <= region.group {
                counts.resize(region.group + 1, 0);
            }
            counts[region.group] += 1;
        }
    })?;
    // key -> (counts by group, each spelling with its count)
    let mut counted: HashMap<String, Gathered> = HashMap::new();
    for (form, counts) in by_form {
        let (total_counts, spellings) = counted.entry(counter.key_of(&form)).or_default();
        total_counts.resize(groups.len(), 0);
        for (total, count) in total_counts.iter_mut().zip(&counts) {
            *total += count;
        }
        spellings.push((form, counts.iter().sum()));
    }
    // Groups sorted by name, the group without a value last.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&group| (groups[group] == NO_VALUE, groups[group].clone()));
    words_per_group.resize(groups.len(), 0);
    let mut rows: Vec<WordRow> = counted
        .into_iter()
        .map(|(key, (counts, spellings))| {
            let word = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(spelling, _)| spelling)
                .unwrap_or_default();
            WordRow {
                word,
                key,
                total: counts.iter().sum(),
                counts: order.iter().map(|&group| counts[group]).collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.word.cmp(&b.word)));
    Ok(WordFrequencies {
        by: options.by.clone().unwrap_or_else(|| "everyone".to_owned()),
        words_per_group: order.iter().map(|&group| words_per_group[group]).collect(),
        groups: order.iter().map(|&group| groups[group].clone()).collect(),
        rows,
    })
}

/// Every occurrence of `word` (compared as it is counted: in lower case,
/// stemmed if stems are counted) with up to `width` chars either side.
pub fn keyword_in_context(
    project: &Project,
    options: &WordOptions,
    word: &str,
    width: usize,
) -> Result<Vec<InContext>, String> {
    let mut counter = Counter::new(&WordOptions {
        stop_words: Vec::new(),
        ..options.clone()
    });
    let mut form = String::new();
    if !counter.form(word.trim(), &mut form) {
        return Ok(Vec::new());
    }
    let wanted = counter.key_of(&form);
    // Forms already known to be, or not to be, the word asked for.
    let mut matches: HashMap<String, bool> = HashMap::new();
    let mut found: Vec<(InContext, usize)> = Vec::new();
    let groups = each_word(project, options, |document, region, start, end, spoken| {
        let counted = counter.form(spoken, &mut form);
        let is_wanted = counted
            && match matches.get(form.as_str()) {
                Some(&known) => known,
                None => {
                    let known = counter.key_of(&form) == wanted;
                    matches.insert(form.clone(), known);
                    known
                }
            };
        if is_wanted {
            let text = &document.text;
            let slice = |from: usize, to: usize| {
                crate::model::text::slice_chars(text, from, to).replace('\n', " ")
            };
            found.push((
                InContext {
                    document: document.id,
                    group: String::new(),
                    speaker: region.speaker.clone(),
                    start,
                    end,
                    before: slice(start.saturating_sub(width).max(region.start), start),
                    word: slice(start, end),
                    after: slice(end, (end + width).min(region.end)),
                },
                region.group,
            ));
        }
    })?;
    Ok(found
        .into_iter()
        .map(|(mut line, group)| {
            line.group.clone_from(&groups[group]);
            line
        })
        .collect())
}

impl WordFrequencies {
    /// The table of the `top` commonest words (all with `None`): the word,
    /// one count per group, and the total.
    #[must_use]
    pub fn table(&self, top: Option<usize>) -> FigureTable {
        let mut columns = vec!["word".to_owned()];
        columns.extend(self.groups.iter().cloned());
        columns.push("total".to_owned());
        FigureTable {
            title: format!("Words by {}", self.by),
            columns,
            rows: self
                .rows
                .iter()
                .take(top.unwrap_or(usize::MAX))
                .map(|row| {
                    let mut cells = vec![TableValue::Text(row.word.clone())];
                    cells.extend(row.counts.iter().map(|&count| TableValue::Count(count)));
                    cells.push(TableValue::Count(row.total));
                    cells
                })
                .collect(),
        }
    }
}

/// The table of a word's occurrences in context.
#[must_use]
pub fn in_context_table(project: &Project, word: &str, lines: &[InContext]) -> FigureTable {
    FigureTable {
        title: format!("{word} in context"),
        columns: [
            "document", "group", "speaker", "start", "before", "word", "after",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: lines
            .iter()
            .map(|line| {
                vec![
                    TableValue::Text(
                        project
                            .documents
                            .get(&line.document)
                            .map(|document| document.name.clone())
                            .unwrap_or_default(),
                    ),
                    TableValue::Text(line.group.clone()),
                    TableValue::Text(line.speaker.clone()),
                    TableValue::Count(line.start),
                    TableValue::Text(line.before.clone()),
                    TableValue::Text(line.word.clone()),
                    TableValue::Text(line.after.clone()),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(stop: &[Language], stem: Option<Language>) -> WordOptions {
        WordOptions {
            stop_words: stop.to_vec(),
            stem,
            ..WordOptions::default()
        }
    }

    #[test]
    fn stop_words_and_numbers_are_not_counted_and_french_elisions_are_cut() {
        let mut counter = Counter::new(&options(&[Language::English, Language::French], None));
        assert_eq!(counter.key("The"), None);
        assert_eq!(counter.key("2019"), None);
        assert_eq!(
            counter.key("don’t"),
            None,
            "a curly apostrophe is straightened"
        );
        assert_eq!(
            counter.key("l’Équipe"),
            Some(("équipe".to_owned(), "équipe".to_owned()))
        );
        assert_eq!(
            counter.key("Support"),
            Some(("support".to_owned(), "support".to_owned()))
        );
    }

    #[test]
    fn stems_gather_the_forms_of_a_word() {
        let mut counter = Counter::new(&options(&[], Some(Language::English)));
        let keys: Vec<String> = ["support", "supported", "supporting"]
            .iter()
            .map(|word| counter.key(word).expect("counted").1)
            .collect();
        assert!(keys.iter().all(|key| key == &keys[0]), "{keys:?}");
    }
}
