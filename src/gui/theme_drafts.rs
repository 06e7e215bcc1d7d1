//! What the theme windows hold as typed so far: a theme being created or
//! edited, and a theme being split. Plain data, so that the intent that
//! saves one can carry it without naming the windows that draw it.

use crate::model::{CodeId, Theme, ThemeId, ThemeStatus};
use std::collections::BTreeSet;

/// A theme being created (`theme: None`) or edited, as typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeEditor {
    pub theme: Option<ThemeId>,
    pub name: String,
    pub concept: String,
    pub definition: String,
    pub status: ThemeStatus,
    pub parent: Option<ThemeId>,
    pub reason: String,
}

impl ThemeEditor {
    #[must_use]
    pub fn new_theme() -> Self {
        Self {
            theme: None,
            name: String::new(),
            concept: String::new(),
            definition: String::new(),
            status: ThemeStatus::Candidate,
            parent: None,
            reason: String::new(),
        }
    }

    #[must_use]
    pub fn edit(theme: &Theme) -> Self {
        Self {
            theme: Some(theme.id),
            name: theme.name.clone(),
            concept: theme.concept.clone(),
            definition: theme.definition.clone(),
            status: theme.status,
            parent: theme.parent,
            reason: String::new(),
        }
    }
}

/// A theme being split: the new theme's name and the codes it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitDraft {
    pub theme: ThemeId,
    pub theme_name: String,
    pub name: String,
    pub codes: BTreeSet<CodeId>,
}

impl SplitDraft {
    #[must_use]
    pub fn new(theme: &Theme) -> Self {
        Self {
            theme: theme.id,
            theme_name: theme.name.clone(),
            name: String::new(),
            codes: BTreeSet::new(),
        }
    }
}
