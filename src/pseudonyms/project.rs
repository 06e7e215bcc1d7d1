//! A project as it may leave the team: every text a person wrote or said, every
//! name and attribute, with the key applied, positions moved onto the replaced text,
//! and no key inside.
//!
//! Every export (reports, the review packet, the map, tables, QDPX and QDC) and the
//! shared copy are written from this one project, so that none can miss a field.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Pseudonymised, Pseudonymiser};
use crate::model::{Document, Project};

/// `project` with `key` applied everywhere a real term can stand. Coders (the
/// team's own names) and ids are kept; the key itself is left out.
#[must_use]
pub fn pseudonymise(project: &Project, key: &Pseudonymiser) -> Project {
    let mut out = project.clone();
    out.pseudonyms.clear();
    if key.is_empty() {
        return out;
    }
    let mut moved: BTreeMap<_, Pseudonymised> = BTreeMap::new();
    for document in out.documents.values_mut() {
        let text = key.apply(&document.text);
        move_document(document, &text, key);
        moved.insert(document.id, text);
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

/// The document's own fields on the replaced text: its name and file, turns and
/// their speakers, pages, attributes and speaker links.
fn move_document(document: &mut Document, text: &Pseudonymised, key: &Pseudonymiser) {
    document.name = key.replace_in_name(&document.name);
    document.source_file = key.replace_in_name(&document.source_file);
    document.media = document
        .media
        .as_deref()
        .map(|media| key.replace_in_name(media));
    document.char_count = text.text.chars().count();
    document.text = Arc::from(text.text.as_str());
    for turn in &mut document.turns {
        turn.speaker = key.replace(&turn.speaker);
        turn.start = text.start(turn.start);
        turn.end = text.end(turn.end);
    }
    for page in &mut document.pages {
        page.start = text.start(page.start);
        page.end = text.end(page.end);
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
}
