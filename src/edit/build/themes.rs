//! Builders for the commands of theme work (Braun and Clarke's phases 3 to
//! 5): creating a theme, editing its name, concept, definition, status and
//! parent, adding and removing member codes and key quotes, and splitting and
//! merging themes. Each returns one [`Command`] (a batch where several records
//! change), so every gesture is one undo step; nothing is applied here.

use crate::edit::build::CommandBuilder;
use crate::edit::{Command, EditError};
use crate::model::{CodeId, CodingId, Theme, ThemeId, ThemeStatus};

use std::collections::BTreeSet;

fn invalid(message: impl Into<String>) -> EditError {
    EditError::Invalid(message.into())
}

impl<'p> CommandBuilder<'p> {
    fn existing_theme(&self, id: ThemeId) -> Result<&'p Theme, EditError> {
        self.project
            .themes
            .get(&id)
            .ok_or_else(|| invalid("that theme is gone (it was undone or deleted)"))
    }

    /// The theme called `key` (a name, any case, or an id).
    pub fn theme_by_name(&self, key: &str) -> Result<&'p Theme, EditError> {
        self.project.find_theme(key).ok_or_else(|| {
            invalid(format!(
                "there is no theme called {key:?}; `polyphony themes` lists them"
            ))
        })
    }

    /// The command that creates a candidate theme called `name` with its
    /// central organising concept and definition, under `parent` if given.
    /// Returns it and the new theme's id.
    pub fn create_theme(
        &self,
        name: &str,
        concept: &str,
        definition: &str,
        parent: Option<ThemeId>,
    ) -> Result<(Command, ThemeId), EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("a theme needs a name"));
        }
        if self.project.find_theme(name).is_some() {
            return Err(invalid(format!("there is already a theme called {name}")));
        }
        if let Some(parent) = parent {
            self.existing_theme(parent)?;
        }
        let theme = Theme {
            id: ThemeId::new(),
            name: name.to_owned(),
            concept: concept.trim().to_owned(),
            definition: definition.trim().to_owned(),
            status: ThemeStatus::Candidate,
            parent,
            codes: BTreeSet::new(),
            key_quotes: Vec::new(),
        };
        let id = theme.id;
        Ok((Command::CreateTheme { theme }, id))
    }

    /// The command that changes theme `id`'s name, concept, definition,
    /// status or parent as `edit` does to a copy of it. A new name must be
    /// free, and a theme cannot go under itself or a theme beneath it.
    pub fn edit_theme(
        &self,
        id: ThemeId,
        edit: impl FnOnce(&mut Theme),
    ) -> Result<Command, EditError> {
        let old = self.existing_theme(id)?;
        let mut theme = old.clone();
        edit(&mut theme);
        crate::words::trim_in_place(&mut theme.name);
        if theme.name.is_empty() {
            return Err(invalid("a theme needs a name"));
        }
        if let Some(other) = self.project.find_theme(&theme.name)
            && other.id != id
        {
            return Err(invalid(format!(
                "there is already a theme called {}",
                theme.name
            )));
        }
        if let Some(parent) = theme.parent {
            let mut cursor = Some(parent);
            while let Some(current) = cursor {
                if current == id {
                    return Err(invalid(format!(
                        "{} cannot become a subtheme of itself or of its own subtheme",
                        theme.name
                    )));
                }
                cursor = self.existing_theme(current)?.parent;
            }
        }
        if old.state() == theme.state() {
            return Err(invalid(format!(
                "theme {} is already like that",
                theme.name
            )));
        }
        Ok(Command::UpdateTheme {
            id,
            name: theme.name,
            concept: theme.concept.trim().to_owned(),
            definition: theme.definition.trim().to_owned(),
            status: theme.status,
            parent: theme.parent,
        })
    }

    /// The command that makes code `code` a member of theme `theme` (a code
    /// may belong to several themes).
    pub fn add_theme_code(&self, theme: ThemeId, code: CodeId) -> Result<Command, EditError> {
        let entry = self.existing_theme(theme)?;
        let name = self
            .project()
            .codes
            .get(&code)
            .map(|code| code.name.clone())
            .ok_or_else(|| invalid("that code is gone"))?;
        if entry.codes.contains(&code) {
            return Err(invalid(format!(
                "{name} is already in theme {}",
                entry.name
            )));
        }
        Ok(Command::AddThemeCode { theme, code })
    }

    /// The command that takes code `code` out of theme `theme`, with the key
    /// quotes that were chosen from its segments.
    pub fn remove_theme_code(&self, theme: ThemeId, code: CodeId) -> Result<Command, EditError> {
        let entry = self.existing_theme(theme)?;
        if !entry.codes.contains(&code) {
            return Err(invalid(format!("that code is not in theme {}", entry.name)));
        }
        let mut remaining = entry.codes.clone();
        remaining.remove(&code);
        let mut commands = vec![Command::RemoveThemeCode { theme, code }];
        for coding in &entry.key_quotes {
            if !self.quote_is_within(&remaining, *coding) {
                commands.push(Command::RemoveKeyQuote {
                    theme,
                    coding: *coding,
                });
            }
        }
        Ok(match commands.len() {
            1 => commands.remove(0),
            _ => Command::Batch {
                label: format!(
                    "remove code {} from theme {}",
                    self.project
                        .codes
                        .get(&code)
                        .map_or("?", |code| code.name.as_str()),
                    entry.name
                ),
                commands,
            },
        })
    }

    /// Whether coding `coding` is a segment of one of `codes` or of a code
    /// beneath one of them.
    fn quote_is_within(&self, codes: &BTreeSet<CodeId>, coding: CodingId) -> bool {
        let project = self.project;
        project.codings.get(&coding).is_some_and(|coding| {
            codes
                .iter()
                .any(|code| project.code_is_within(coding.code, *code))
        })
    }

    /// The command that chooses segment `coding` as a key quote of theme
    /// `theme`. The segment must be one of the theme's: coded with one of its
    /// codes or a code beneath them.
    pub fn add_key_quote(&self, theme: ThemeId, coding: CodingId) -> Result<Command, EditError> {
        let entry = self.existing_theme(theme)?;
        if !self.project.codings.contains_key(&coding) {
            return Err(invalid("that segment is no longer coded"));
        }
        if entry.key_quotes.contains(&coding) {
            return Err(invalid(format!(
                "that segment is already a key quote of {}",
                entry.name
            )));
        }
        if !self.quote_is_within(&entry.codes, coding) {
            return Err(invalid(format!(
                "that segment is not coded with any code of theme {}; add its code to the theme first",
                entry.name
            )));
        }
        Ok(Command::AddKeyQuote {
            theme,
            coding,
            position: None,
        })
    }

    /// The command that takes segment `coding` out of theme `theme`'s key
    /// quotes.
    pub fn remove_key_quote(&self, theme: ThemeId, coding: CodingId) -> Result<Command, EditError> {
        let entry = self.existing_theme(theme)?;
        if !entry.key_quotes.contains(&coding) {
            return Err(invalid(format!(
                "that segment is not a key quote of {}",
                entry.name
            )));
        }
        Ok(Command::RemoveKeyQuote { theme, coding })
    }

    /// The command that merges theme `source` into theme `target`: its codes
    /// and key quotes join the target's, its subthemes move under the target,
    /// and it is deleted, as one step.
    pub fn merge_themes(&self, source: ThemeId, target: ThemeId) -> Result<Command, EditError> {
        if source == target {
            return Err(invalid("choose another theme to merge into"));
        }
        let from = self.existing_theme(source)?.clone();
        let into = self.existing_theme(target)?.clone();
        let mut cursor = into.parent;
        while let Some(current) = cursor {
            if current == source {
                return Err(invalid(format!(
                    "{} is a subtheme of {}: merge it the other way round",
                    into.name, from.name
                )));
            }
            cursor = self.existing_theme(current)?.parent;
        }
        let mut commands = Vec::new();
        for code in from.codes.difference(&into.codes) {
            commands.push(Command::AddThemeCode {
                theme: target,
                code: *code,
            });
        }
        for coding in &from.key_quotes {
            if !into.key_quotes.contains(coding) {
                commands.push(Command::AddKeyQuote {
                    theme: target,
                    coding: *coding,
                    position: None,
                });
            }
        }
        for child in self.project.themes.values() {
            if child.parent == Some(source) {
                commands.push(Command::UpdateTheme {
                    id: child.id,
                    name: child.name.clone(),
                    concept: child.concept.clone(),
                    definition: child.definition.clone(),
                    status: child.status,
                    parent: Some(target),
                });
            }
        }
        commands.push(Command::RemoveTheme { id: source });
        Ok(Command::Batch {
            label: format!("merge theme {} into {}", from.name, into.name),
            commands,
        })
    }

    /// The command that splits theme `source`: a new candidate theme called
    /// `name`, beside it (same parent), takes `codes` from it, with the key
    /// quotes chosen from their segments. Returns it and the new theme's id.
    pub fn split_theme(
        &self,
        source: ThemeId,
        name: &str,
        codes: &[CodeId],
    ) -> Result<(Command, ThemeId), EditError> {
        let from = self.existing_theme(source)?.clone();
        if codes.is_empty() {
            return Err(invalid(format!(
                "choose the codes of {} that the new theme takes",
                from.name
            )));
        }
        if let Some(code) = codes.iter().find(|code| !from.codes.contains(code)) {
            let name = self
                .project()
                .codes
                .get(code)
                .map_or("that code", |code| code.name.as_str());
            return Err(invalid(format!("{name} is not in theme {}", from.name)));
        }
        let (create, id) = self.create_theme(name, "", "", from.parent)?;
        let moved: BTreeSet<CodeId> = codes.iter().copied().collect();
        let mut commands = vec![create];
        for code in &moved {
            commands.push(Command::RemoveThemeCode {
                theme: source,
                code: *code,
            });
            commands.push(Command::AddThemeCode {
                theme: id,
                code: *code,
            });
        }
        let kept: BTreeSet<CodeId> = from.codes.difference(&moved).copied().collect();
        for coding in &from.key_quotes {
            if self.quote_is_within(&moved, *coding) && !self.quote_is_within(&kept, *coding) {
                commands.push(Command::RemoveKeyQuote {
                    theme: source,
                    coding: *coding,
                });
                commands.push(Command::AddKeyQuote {
                    theme: id,
                    coding: *coding,
                    position: None,
                });
            }
        }
        Ok((
            Command::Batch {
                label: format!("split theme {}: new theme {}", from.name, name.trim()),
                commands,
            },
            id,
        ))
    }
}
