//! The three-way rule every merged field follows, and the conflicts it
//! raises: a value changed on one side only is taken from that side, a value
//! changed the same way on both is taken once, and a value changed two ways is
//! a conflict that the user's choice settles; without a choice, this project's
//! value stays and the conflict is left open, so nothing is resolved silently.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One side of a merge: this project, or the coder's copy being merged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    /// The word for it in `--prefer` and in listings.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// What kind of disagreement a conflict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both sides changed the same field of a record, differently.
    EditedBoth,
    /// One side deleted a record the other side changed.
    DeletedAndEdited,
    /// One side deleted a code, document or theme the other side used. It comes
    /// back, with a memo saying why; there is no choice to make.
    DeletedButUsed,
    /// Taking the copy's move would put a code or theme under itself.
    MoveLoop,
}

/// A disagreement between this project and the copy, shown with both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// Stable across runs ("code/<id>/name"), so a choice can be given for it.
    pub key: String,
    pub kind: ConflictKind,
    /// What it is about, in plain words: `code "Hope": name`.
    pub subject: String,
    /// This project's version, as text.
    pub ours: String,
    /// The copy's version, as text.
    pub theirs: String,
    /// The side taken: the user's choice, the `--prefer` default, or the one a
    /// fixed rule takes; `None` while the user has yet to choose.
    pub chosen: Option<Side>,
    /// Whether `chosen` came from a fixed rule rather than from a choice.
    pub fixed: bool,
}

/// The user's choices for the conflicts of a merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The side taken for every conflict not chosen one by one (`--prefer`).
    pub prefer: Option<Side>,
    /// The side taken for one conflict, by its key.
    pub by_key: BTreeMap<String, Side>,
}

impl Choices {
    /// The side taken for conflict `key`, if any was chosen.
    #[must_use]
    pub fn for_key(&self, key: &str) -> Option<Side> {
        self.by_key.get(key).copied().or(self.prefer)
    }
}

/// Collects the conflicts of one merge as the records are merged.
#[derive(Debug, Default)]
pub struct Conflicts {
    pub found: Vec<Conflict>,
}

impl Conflicts {
    /// Merges one field: `base` as it was when the copy was made (or last
    /// merged), `ours` as it is here, `theirs` as it is in the copy.
    pub fn field<T: Clone + PartialEq>(
        &mut self,
        choices: &Choices,
        key: impl FnOnce() -> String,
        subject: impl FnOnce() -> String,
        show: impl Fn(&T) -> String,
        values: [&T; 3],
    ) -> T {
        let [base, ours, theirs] = values;
        if theirs == base || theirs == ours {
            return ours.clone();
        }
        if ours == base {
            return theirs.clone();
        }
        let key = key();
        let chosen = choices.for_key(&key);
        self.found.push(Conflict {
            key,
            kind: ConflictKind::EditedBoth,
            subject: subject(),
            ours: show(ours),
            theirs: show(theirs),
            chosen,
            fixed: false,
        });
        match chosen {
            Some(Side::Theirs) => theirs.clone(),
            Some(Side::Ours) | None => ours.clone(),
        }
    }

    /// Records a conflict the caller settles itself, returning the side taken
    /// (`fixed` when a rule takes it, whatever the choices).
    pub fn raise(&mut self, choices: &Choices, conflict: RaisedConflict) -> Option<Side> {
        let chosen = conflict.fixed.or_else(|| choices.for_key(&conflict.key));
        self.found.push(Conflict {
            key: conflict.key,
            kind: conflict.kind,
            subject: conflict.subject,
            ours: conflict.ours,
            theirs: conflict.theirs,
            chosen,
            fixed: conflict.fixed.is_some(),
        });
        chosen
    }
}

/// A conflict as a record's merge raises it, before the choices are read.
#[derive(Debug)]
pub struct RaisedConflict {
    pub key: String,
    pub kind: ConflictKind,
    pub subject: String,
    pub ours: String,
    pub theirs: String,
    /// The side a fixed rule takes, if the conflict is not the user's to settle.
    pub fixed: Option<Side>,
}

/// Merges set membership: an element is in the result when the copy changed
/// whether it is in (it follows the copy) or else when it is here. Adding and
/// taking away never conflict.
#[must_use]
pub fn member(in_base: bool, in_ours: bool, in_theirs: bool) -> bool {
    if in_theirs == in_base {
        in_ours
    } else {
        in_theirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(choices: &Choices, base: &str, ours: &str, theirs: &str) -> (String, Vec<Conflict>) {
        let mut conflicts = Conflicts::default();
        let value = conflicts.field(
            choices,
            || "code/1/name".to_owned(),
            || "code: name".to_owned(),
            |value: &String| value.clone(),
            [&base.to_owned(), &ours.to_owned(), &theirs.to_owned()],
        );
        (value, conflicts.found)
    }

    #[test]
    fn a_change_on_one_side_is_taken_and_the_same_change_on_both_is_taken_once() {
        let none = Choices::default();
        assert_eq!(
            merge(&none, "Hope", "Hope", "Hopes"),
            ("Hopes".into(), vec![])
        );
        assert_eq!(
            merge(&none, "Hope", "Hopes", "Hope"),
            ("Hopes".into(), vec![])
        );
        assert_eq!(
            merge(&none, "Hope", "Hopes", "Hopes"),
            ("Hopes".into(), vec![])
        );
    }

    #[test]
    fn two_different_changes_keep_ours_open_until_a_side_is_chosen() {
        let (value, conflicts) = merge(&Choices::default(), "Hope", "Hopefulness", "Hopes");
        assert_eq!(value, "Hopefulness");
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].chosen, None);
        assert_eq!(
            (conflicts[0].ours.as_str(), conflicts[0].theirs.as_str()),
            ("Hopefulness", "Hopes")
        );

        let prefer_theirs = Choices {
            prefer: Some(Side::Theirs),
            ..Choices::default()
        };
        assert_eq!(
            merge(&prefer_theirs, "Hope", "Hopefulness", "Hopes").0,
            "Hopes"
        );
        let one_by_one = Choices {
            prefer: Some(Side::Theirs),
            by_key: BTreeMap::from([("code/1/name".to_owned(), Side::Ours)]),
        };
        let (value, conflicts) = merge(&one_by_one, "Hope", "Hopefulness", "Hopes");
        assert_eq!(value, "Hopefulness");
        assert_eq!(conflicts[0].chosen, Some(Side::Ours));
    }

    #[test]
    fn membership_follows_whichever_side_changed_it() {
        assert!(member(false, false, true));
        assert!(!member(true, true, false));
        assert!(member(false, true, false));
        assert!(!member(true, false, true));
        assert!(member(true, true, true));
    }
}
