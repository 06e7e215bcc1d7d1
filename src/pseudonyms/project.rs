//! A project as it may leave the team: every text a person wrote or said, every
//! name and attribute, with the key applied, positions moved onto the replaced text,
//! and no key inside.
//!
//! Every export (reports, the review packet, the map, tables, QDPX and QDC) and the
//! shared copy are written from this one project, so that none can miss a field.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{Pseudonymised, Pseudonymiser};
use crate::model::{Document, DocumentId, Project};

/// Which transcripts an output reads, so that only those are searched for the
/// key's terms: a report quotes a few passages of a few documents, and searching
/// all 8 M words of a large study for it would cost more than a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    /// Every document's text (exchange files, tables of segments, the shared copy).
    All,
    /// Only the documents that hold a theme's key quotes (the theme report, the
    /// review packet); every other text is blanked.
    KeyQuotes,
    /// No document's text (the thematic map); every text is blanked.
    None,
}

/// `project` with `key` applied everywhere a real term can stand. Coders (the
/// team's own names) and ids are kept; the key itself is left out.
#[must_use]
pub fn pseudonymise(project: &Project, key: &Pseudonymiser) -> Project {
    pseudonymise_texts(project, key, Texts::All)
}

/// `project` as [`pseudonymise`] makes it, with only the `texts` an output reads
/// searched. The other documents are left as a project read in parts leaves them
/// before their text is needed: their length kept, so every position stays valid,
/// and their text empty, so no real term can reach the output even if it read them.
#[must_use]
pub fn pseudonymise_texts(project: &Project, key: &Pseudonymiser, texts: Texts) -> Project {
    let mut out = project.clone();
    out.pseudonyms.clear();
    // What leaves is pseudonymised already: it needs no key to be written out.
    out.settings.remove(Project::PSEUDONYM_KEY_APART);
    if key.is_empty() {
        return out;
    }
    let read: Option<BTreeSet<DocumentId>> = match texts {
        Texts::All => None,
        Texts::KeyQuotes => Some(
            project
                .themes
                .values()
                .flat_map(|theme| &theme.key_quotes)
                .filter_map(|coding| project.codings.get(coding))
                .map(|coding| coding.document)
                .collect(),
        ),
        Texts::None => Some(BTreeSet::new()),
    };
    let mut moved: BTreeMap<_, Pseudonymised> = BTreeMap::new();
    for document in out.documents.values_mut() {
        if read.as_ref().is_none_or(|read| read.contains(&document.id)) {
            let text = key.apply(&document.text);
            move_text(document, &text);
            moved.insert(document.id, text);
        } else {
            document.text = Arc::from("");
        }
        move_names(document, key);
    }
    for coding in out.codings.values_mut() {
        if let Some(text) = moved.get(&coding.document) {
            coding.start = text.start(coding.start);
            coding.end = text.end(coding.end);
        }
        coding.memo = key.replace(&coding.memo);
    }
    for participant in out.participants.values_mut() {
        participant.name = key.replace(&participant.name);
        participant.attributes = replace_map(&participant.attributes, key);
    }
    for code in out.codes.values_mut() {
        code.name = key.replace(&code.name);
        code.description = key.replace(&code.description);
    }
    for theme in out.themes.values_mut() {
        theme.name = key.replace(&theme.name);
        theme.concept = key.replace(&theme.concept);
        theme.definition = key.replace(&theme.definition);
    }
    for memo in out.memos.values_mut() {
        memo.title = key.replace(&memo.title);
        memo.body = key.replace(&memo.body);
    }
    for comment in out.comments.values_mut() {
        comment.body = key.replace(&comment.body);
        if let Some(resolution) = &mut comment.resolution {
            resolution.reason = key.replace(&resolution.reason);
        }
    }
    out
}

/// The document's text replaced, with its turns and pages on the new text.
fn move_text(document: &mut Document, text: &Pseudonymised) {
    document.char_count = text.text.chars().count();
    document.text = Arc::from(text.text.as_str());
    for turn in &mut document.turns {
        turn.start = text.start(turn.start);
        turn.end = text.end(turn.end);
    }
    for page in &mut document.pages {
        page.start = text.start(page.start);
        page.end = text.end(page.end);
    }
}

/// The document's names with the key applied: its name and file, its turns'
/// speakers, attributes and speaker links.
fn move_names(document: &mut Document, key: &Pseudonymiser) {
    document.name = key.replace_in_name(&document.name);
    document.source_file = key.replace_in_name(&document.source_file);
    document.media = document
        .media
        .as_deref()
        .map(|media| key.replace_in_name(media));
    // A transcript has hundreds of turns and a handful of speakers: each label
    // is searched once.
    let mut speakers: BTreeMap<String, String> = BTreeMap::new();
    for turn in &mut document.turns {
        if let Some(replaced) = speakers.get(&turn.speaker) {
            turn.speaker.clone_from(replaced);
        } else {
            let replaced = key.replace(&turn.speaker);
            speakers.insert(
                std::mem::replace(&mut turn.speaker, replaced.clone()),
                replaced,
            );
        }
    }
    document.attributes = replace_map(&document.attributes, key);
    document.speakers = document
        .speakers
        .iter()
        .map(|(label, participant)| (key.replace(label), *participant))
        .collect();
}

fn replace_map<V: AsRef<str>>(
    map: &BTreeMap<String, V>,
    key: &Pseudonymiser,
) -> BTreeMap<String, String> {
    map.iter()
        .map(|(name, value)| (key.replace(name), key.replace(value.as_ref())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, CodeId, CoderId, Coding, CodingId, DocumentId, Turn};
    use crate::pseudonyms::{Category, KeyEntry, Marking};

    #[test]
    fn texts_names_and_positions_all_carry_the_pseudonyms() {
        let text = "Maria: I moved to Leeds.\nI: Why Leeds, Maria?";
        let document_id = DocumentId::new();
        let code_id = CodeId::new();
        let coding_id = CodingId::new();
        let mut project = Project::default();
        let mut document = Document {
            id: document_id,
            name: "Interview with Maria".into(),
            format: "txt".into(),
            source_file: "maria.txt".into(),
            encoding: "UTF-8".into(),
            imported_at: 0,
            text: Arc::from(text),
            char_count: text.chars().count(),
            turns: Vec::new(),
            attributes: BTreeMap::new(),
            speakers: BTreeMap::new(),
            pages: Vec::new(),
            media: None,
        };
        document.turns = vec![
            Turn {
                speaker: "Maria".into(),
                start: 7,
                end: 24,
                time_ms: None,
                is_interviewer: false,
            },
            Turn {
                speaker: "I".into(),
                start: 28,
                end: 45,
                time_ms: None,
                is_interviewer: true,
            },
        ];
        document.attributes.insert("town".into(), "Leeds".into());
        project.documents.insert(document_id, document);
        project.codes.insert(
            code_id,
            Code {
                id: code_id,
                name: "Moving to Leeds".into(),
                parent: None,
                color: String::new(),
                description: String::new(),
            },
        );
        // "moved to Leeds"
        project.codings.insert(
            coding_id,
            Coding {
                id: coding_id,
                document: document_id,
                code: code_id,
                coder: CoderId::new(),
                start: 9,
                end: 23,
                created_at: 0,
                memo: "Maria again".into(),
            },
        );
        let entries = [
            KeyEntry {
                real: "Maria".into(),
                replacement: "P01".into(),
                category: Category::Participant,
                variants: vec![],
            },
            KeyEntry {
                real: "Leeds".into(),
                replacement: "city".into(),
                category: Category::Place,
                variants: vec![],
            },
        ];
        project.pseudonyms = entries
            .iter()
            .map(|entry| (entry.real.clone(), entry.clone()))
            .collect();
        let key = Pseudonymiser::new(&entries, Marking::Bracketed).expect("a key");
        let shared = pseudonymise(&project, &key);
        assert!(shared.pseudonyms.is_empty(), "no key inside");
        let document = &shared.documents[&document_id];
        assert_eq!(
            &*document.text,
            "[P01]: I moved to [city].\nI: Why [city], [P01]?"
        );
        assert_eq!(document.name, "Interview with [P01]");
        assert_eq!(document.attributes["town"], "[city]");
        assert_eq!(document.turns[0].speaker, "[P01]");
        assert_eq!(document.char_count, document.text.chars().count());
        let slice = |start: usize, end: usize| -> String {
            document
                .text
                .chars()
                .skip(start)
                .take(end - start)
                .collect()
        };
        assert_eq!(
            slice(document.turns[0].start, document.turns[0].end),
            "I moved to [city]."
        );
        assert_eq!(
            slice(document.turns[1].start, document.turns[1].end),
            "Why [city], [P01]?"
        );
        let coding = &shared.codings[&coding_id];
        assert_eq!(slice(coding.start, coding.end), "moved to [city]");
        assert_eq!(coding.memo, "[P01] again");
        assert_eq!(shared.codes[&code_id].name, "Moving to [city]");
    }

    #[test]
    fn an_output_of_key_quotes_reads_only_the_quoted_documents_and_no_other_real_term() {
        let entries = [KeyEntry {
            real: "Maria".into(),
            replacement: "P01".into(),
            category: Category::Participant,
            variants: vec![],
        }];
        let key = Pseudonymiser::new(&entries, Marking::Bracketed).expect("a key");
        let mut project = Project::default();
        let quoted = Document::for_tests("quoted", "Maria said it helped.");
        let other = Document::for_tests("other", "Maria did not come back.");
        let (quoted_id, other_id) = (quoted.id, other.id);
        project.documents.insert(quoted_id, quoted);
        project.documents.insert(other_id, other);
        let code = CodeId::new();
        project.codes.insert(
            code,
            Code {
                id: code,
                name: "Help".into(),
                parent: None,
                color: String::new(),
                description: String::new(),
            },
        );
        let coding = |document: DocumentId| Coding {
            id: CodingId::new(),
            document,
            code,
            coder: CoderId::new(),
            start: 0,
            end: 10,
            created_at: 0,
            memo: String::new(),
        };
        let (quote, elsewhere) = (coding(quoted_id), coding(other_id));
        let theme = crate::model::Theme {
            id: crate::model::ThemeId::new(),
            name: "Help".into(),
            concept: String::new(),
            definition: String::new(),
            status: crate::model::ThemeStatus::Candidate,
            parent: None,
            codes: BTreeSet::from([code]),
            key_quotes: vec![quote.id],
        };
        project.themes.insert(theme.id, theme);
        let elsewhere_id = elsewhere.id;
        project.codings.insert(quote.id, quote);
        project.codings.insert(elsewhere_id, elsewhere);

        let leaving = pseudonymise_texts(&project, &key, Texts::KeyQuotes);
        assert_eq!(
            &*leaving.documents[&quoted_id].text,
            "[P01] said it helped."
        );
        let blanked = &leaving.documents[&other_id];
        assert!(blanked.text.is_empty() && !blanked.has_text());
        assert_eq!(
            blanked.char_count,
            "Maria did not come back.".chars().count()
        );
        let segment = leaving.segment(&elsewhere_id).expect("the coding is kept");
        assert_eq!(segment.quote, "", "an unread text gives no quote");

        let none = pseudonymise_texts(&project, &key, Texts::None);
        assert!(
            none.documents
                .values()
                .all(|document| document.text.is_empty())
        );
        let all = pseudonymise_texts(&project, &key, Texts::All);
        assert_eq!(&*all.documents[&other_id].text, "[P01] did not come back.");
    }
}
