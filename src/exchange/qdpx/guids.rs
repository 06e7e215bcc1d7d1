//! REFI-QDA GUIDs turned into Polyphony ids: read in any case, with or without
//! braces; a GUID that is not one, or whose id the project already uses for
//! another record of the same kind, gets a new id, and the report says so.

use std::collections::HashSet;
use uuid::Uuid;

/// The kinds of record ids are unique within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Coder,
    Code,
    Document,
    Coding,
    Participant,
    Theme,
    Memo,
}

/// The form GUIDs are compared in: no braces or surrounding space, lower case.
pub(crate) fn guid_key(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// Hands out ids for the records of one import.
#[derive(Debug, Default)]
pub(crate) struct Guids {
    used: HashSet<(Kind, Uuid)>,
    malformed: Vec<String>,
    not_rfc_4122: usize,
    clashes: usize,
}

impl Guids {
    /// The id for a record written with `guid`. `in_project` says whether the
    /// project already holds a record of this kind with an id; such a record
    /// and a second record of the file with the same GUID get new ids.
    pub fn id(
        &mut self,
        kind: Kind,
        guid: Option<&str>,
        in_project: impl Fn(Uuid) -> bool,
    ) -> Uuid {
        let parsed = guid.and_then(|guid| {
            let key = guid_key(guid);
            match Uuid::parse_str(&key) {
                Ok(id) => Some(id),
                Err(_) => {
                    if !key.is_empty() {
                        self.malformed.push(guid.to_owned());
                    }
                    None
                }
            }
        });
        if let Some(id) = parsed {
            if id.get_variant() != uuid::Variant::RFC4122 || id.get_version().is_none() {
                self.not_rfc_4122 += 1;
            }
            if !in_project(id) && self.used.insert((kind, id)) {
                return id;
            }
            self.clashes += 1;
        }
        let fresh = Uuid::new_v4();
        self.used.insert((kind, fresh));
        fresh
    }

    /// What the report should say about the GUIDs read.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.malformed.is_empty() {
            let shown: Vec<String> = self
                .malformed
                .iter()
                .take(5)
                .map(|g| format!("{g:?}"))
                .collect();
            warnings.push(format!(
                "{} GUIDs are not GUIDs ({}{}); those records were given new ids",
                self.malformed.len(),
                shown.join(", "),
                if self.malformed.len() > 5 {
                    ", …"
                } else {
                    ""
                }
            ));
        }
        if self.not_rfc_4122 > 0 {
            warnings.push(format!(
                "{} GUIDs are not RFC 4122 UUIDs (wrong version or variant bits); they were kept as ids",
                self.not_rfc_4122
            ));
        }
        if self.clashes > 0 {
            warnings.push(format!(
                "{} records have GUIDs already used in this project or earlier in the file; they were imported with new ids",
                self.clashes
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_and_case_do_not_matter_and_clashes_get_new_ids() {
        let mut guids = Guids::default();
        let id = Uuid::new_v4();
        let upper = format!("{{{}}}", id.to_string().to_uppercase());
        assert_eq!(guids.id(Kind::Code, Some(&upper), |_| false), id);
        assert_ne!(guids.id(Kind::Code, Some(&id.to_string()), |_| false), id);
        assert_eq!(guids.id(Kind::Theme, Some(&id.to_string()), |_| false), id);
        assert_ne!(
            guids.id(Kind::Memo, Some(&id.to_string()), |other| other == id),
            id
        );
        let _ = guids.id(Kind::Memo, Some("not a guid"), |_| false);
        let warnings = guids.warnings().join("\n");
        assert!(warnings.contains("\"not a guid\""), "{warnings}");
        assert!(
            warnings.contains("2 records have GUIDs already used"),
            "{warnings}"
        );
        assert_eq!(guid_key(" {AB-CD} "), "ab-cd");
    }
}
