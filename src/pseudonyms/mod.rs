//! The pseudonym key and what it replaces: each real term (a participant, a person,
//! a place, a service, a date, a contact detail) with its category, its replacement
//! and the variants under which it appears in a transcript.
//!
//! This module is pure data and text: it knows nothing of the project file, so that
//! every export, the shared copy and the CLI listings pseudonymise through the same
//! `Pseudonymiser` (`matcher.rs`).

mod candidates;
mod key_file;
mod matcher;
mod project;

pub use candidates::{Candidate, Context, Source, find_candidates};
pub use key_file::{KeyChange, KeyFile, KeyFileError};
pub use matcher::{Edit, KeyTooLarge, Marking, Pseudonymised, Pseudonymiser};
pub use project::{Texts, pseudonymise, pseudonymise_texts};

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What kind of identifying term an entry is; people's names gain their first
/// name and surname alone as variants, other kinds do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Participant,
    Person,
    Place,
    Organisation,
    Service,
    Date,
    Contact,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Participant,
        Category::Person,
        Category::Place,
        Category::Organisation,
        Category::Service,
        Category::Date,
        Category::Contact,
    ];

    /// The word a user types and a CSV key holds.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Category::Participant => "participant",
            Category::Person => "person",
            Category::Place => "place",
            Category::Organisation => "organisation",
            Category::Service => "service",
            Category::Date => "date",
            Category::Contact => "contact",
        }
    }

    /// The category a user named, in either spelling of "organisation".
    #[must_use]
    pub fn parse(word: &str) -> Option<Category> {
        let word = word.trim().to_lowercase();
        if word == "organization" {
            return Some(Category::Organisation);
        }
        Category::ALL
            .into_iter()
            .find(|category| category.name() == word)
    }

    /// Whether the entry names a person, whose name parts are used alone.
    #[must_use]
    pub fn is_person(self) -> bool {
        matches!(self, Category::Participant | Category::Person)
    }

    /// Whether a match must have the entry's own case (or be all capitals): a name
    /// "Hope" must not replace the word "hope", but an email matches in any case.
    #[must_use]
    fn keeps_case(self) -> bool {
        !matches!(self, Category::Contact)
    }
}

/// One real term of the key and what replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    pub real: String,
    pub replacement: String,
    pub category: Category,
    /// Other spellings the user added (a nickname, a misspelling), each replaced by
    /// the whole replacement.
    #[serde(default)]
    pub variants: Vec<String>,
}

/// One form of a real term to look for, with what replaces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub form: String,
    pub replacement: String,
    pub category: Category,
}

/// Shorter than this, a name part alone is not looked for: an initial "J" or
/// a particle "de" would replace letters all over a transcript.
const SHORTEST_NAME_PART: usize = 3;

impl KeyEntry {
    /// Every form this entry is looked for under. A person's full name, then the
    /// first name and the surname alone; when the replacement has as many parts
    /// as the name and reads as one ("Maria Lopez" → "Ana Ruiz"), each part is
    /// replaced by its own ("Maria" → "Ana"), otherwise by the whole replacement
    /// ("Maria" → "P03", "Grace" → "[key worker]").
    /// Case, accents and possessives are the matcher's, not variants of their own.
    #[must_use]
    pub fn variants(&self) -> Vec<Variant> {
        let variant = |form: &str, replacement: &str| Variant {
            form: form.trim().to_owned(),
            replacement: replacement.trim().to_owned(),
            category: self.category,
        };
        let mut variants = vec![variant(&self.real, &self.replacement)];
        if self.category.is_person() {
            let parts: Vec<&str> = self.real.split_whitespace().collect();
            let replaced: Vec<&str> = self.replacement.split_whitespace().collect();
            // Only a replacement that reads as a name is split into its parts:
            // "[key worker]" stands whole for "Grace" as for "Grace Hill".
            let part_by_part = replaced.len() == parts.len()
                && replaced.iter().all(|part| {
                    part.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                });
            if parts.len() > 1 {
                for (index, part) in parts.iter().enumerate() {
                    if part.chars().count() < SHORTEST_NAME_PART {
                        continue;
                    }
                    let replacement = if part_by_part {
                        replaced[index]
                    } else {
                        self.replacement.as_str()
                    };
                    variants.push(variant(part, replacement));
                }
            }
        }
        variants.extend(
            self.variants
                .iter()
                .map(|form| variant(form, &self.replacement)),
        );
        variants.retain(|variant| !variant.form.is_empty());
        variants
    }
}

/// Participant pseudonyms numbered as most studies write them: P01, P02, … P10.
#[must_use]
pub fn numbered_pseudonym(number: usize) -> String {
    format!("P{number:02}")
}

/// The replacement a new entry for `real` of `category` gets when the user names
/// none. A participant whose attributes give a pseudonym ("P12", as the report
/// already shows them) keeps it; another participant gets the next P01, P02… that
/// neither `key` nor any participant's pseudonym attribute holds, so that no two
/// people read alike; any other term gets its category in brackets ("[place]").
#[must_use]
pub fn suggested_replacement<'k>(
    project: &crate::model::Project,
    key: impl Iterator<Item = &'k KeyEntry>,
    real: &str,
    category: Category,
) -> String {
    if category != Category::Participant {
        return format!("[{}]", category.name());
    }
    let pseudonym_of = |participant: &crate::model::Participant| {
        participant
            .attributes
            .iter()
            .find(|(name, value)| {
                name.eq_ignore_ascii_case("pseudonym") && !value.trim().is_empty()
            })
            .map(|(_, value)| value.trim().to_owned())
    };
    let in_key: BTreeSet<String> = key.map(|entry| entry.replacement.clone()).collect();
    let own = project
        .participants
        .values()
        .find(|participant| participant.name.trim().eq_ignore_ascii_case(real.trim()))
        .and_then(pseudonym_of)
        .filter(|pseudonym| !in_key.contains(pseudonym));
    if let Some(own) = own {
        return own;
    }
    let mut taken = in_key;
    taken.extend(project.participants.values().filter_map(pseudonym_of));
    // One more number than there are replacements is always free.
    (1..=taken.len() + 1)
        .map(numbered_pseudonym)
        .find(|name| !taken.contains(name))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(real: &str, replacement: &str, category: Category) -> KeyEntry {
        KeyEntry {
            real: real.into(),
            replacement: replacement.into(),
            category,
            variants: Vec::new(),
        }
    }

    fn forms(entry: &KeyEntry) -> Vec<(String, String)> {
        entry
            .variants()
            .into_iter()
            .map(|variant| (variant.form, variant.replacement))
            .collect()
    }

    #[test]
    fn a_persons_name_parts_are_variants_replaced_part_by_part_or_whole() {
        let pair = |form: &str, replacement: &str| (form.to_owned(), replacement.to_owned());
        assert_eq!(
            forms(&entry("Maria de López", "Ana Ruiz", Category::Person)),
            vec![
                pair("Maria de López", "Ana Ruiz"),
                pair("Maria", "Ana Ruiz"),
                pair("López", "Ana Ruiz"),
            ]
        );
        assert_eq!(
            forms(&entry("Maria López", "Ana Ruiz", Category::Participant)),
            vec![
                pair("Maria López", "Ana Ruiz"),
                pair("Maria", "Ana"),
                pair("López", "Ruiz"),
            ]
        );
        assert_eq!(
            forms(&entry("Grace Hill", "[key worker]", Category::Person)),
            vec![
                pair("Grace Hill", "[key worker]"),
                pair("Grace", "[key worker]"),
                pair("Hill", "[key worker]"),
            ],
            "a replacement that is not a name stands whole for each part"
        );
        assert_eq!(
            forms(&entry("Leeds General", "[hospital]", Category::Service)),
            vec![pair("Leeds General", "[hospital]")],
            "a place's words are not looked for alone"
        );
    }

    #[test]
    fn categories_read_as_users_write_them() {
        assert_eq!(
            Category::parse(" Organization "),
            Some(Category::Organisation)
        );
        assert_eq!(Category::parse("PLACE"), Some(Category::Place));
        assert_eq!(Category::parse("pet"), None);
        assert_eq!(numbered_pseudonym(3), "P03");
        assert_eq!(numbered_pseudonym(112), "P112");
    }
}
