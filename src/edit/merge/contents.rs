//! The merge of the work done on the material: codings, themes, memos,
//! comments, the map and the settings. A coding whose code or document this
//! project deleted brings it back, so no coder's work is lost.

use super::three_way::{ConflictKind, RaisedConflict, Side, member};
use super::{Change, MERGED_COPY_SETTING, Planner, changed_ids};
use crate::edit::Command;
use crate::model::{Coding, CodingId, Comment, Memo, Resolution, Target, Theme, ThemeId};
use std::collections::{BTreeMap, BTreeSet};

impl Planner<'_> {
    pub(super) fn codings(&mut self) {
        let sides = self.sides;
        let ids = changed_ids(&sides.base.codings, &sides.theirs.codings);
        self.merge_each(
            ("coding", ids, |project| &project.codings),
            Self::coding_label,
            Self::add_coding,
            Self::merge_coding,
        );
    }

    /// "coding of Hope in Interview 3 (chars 10–52)".
    fn coding_label(&self, coding: &Coding) -> String {
        let document = self
            .result
            .documents
            .get(&coding.document)
            .or_else(|| self.sides.theirs.documents.get(&coding.document))
            .map_or("a document", |document| document.name.as_str());
        format!(
            "coding of {} in {document} (chars {}–{})",
            self.code_name(Some(coding.code)),
            coding.start,
            coding.end
        )
    }

    /// Makes sure what a coding from the copy points at is here, bringing
    /// back a code or document this project deleted (the copy still uses it).
    fn ensure_coding_targets(&mut self, coding: &Coding) -> bool {
        self.ensure_coder(coding.coder);
        let why = format!("{} coded passages with it", self.context.copy);
        let mut present = true;
        if !self.result.documents.contains_key(&coding.document) {
            present &= self.restore_used(
                format!("document/{}", coding.document),
                format!("document {}", self.document_name(coding)),
                |planner| planner.restore_document(coding.document, &why),
            );
        }
        if present && !self.result.codes.contains_key(&coding.code) {
            present &= self.restore_used(
                format!("code/{}", coding.code),
                format!("code {}", self.code_name(Some(coding.code))),
                |planner| planner.restore_code(coding.code, &why),
            );
        }
        present
    }

    fn document_name(&self, coding: &Coding) -> String {
        self.sides
            .theirs
            .documents
            .get(&coding.document)
            .map_or_else(
                || coding.document.to_string(),
                |document| document.name.clone(),
            )
    }

    /// Restores a record deleted here and used in the copy, and says so as a
    /// conflict settled by rule: the copy's side is taken.
    fn restore_used(
        &mut self,
        key: String,
        subject: String,
        restore: impl FnOnce(&mut Self) -> bool,
    ) -> bool {
        let theirs = format!("used in {}", self.context.copy);
        self.conflicts.raise(
            self.choices,
            RaisedConflict {
                key,
                kind: ConflictKind::DeletedButUsed,
                subject,
                ours: "deleted here".to_owned(),
                theirs,
                fixed: Some(Side::Theirs),
            },
        );
        restore(self)
    }

    fn add_coding(&mut self, coding: &Coding) {
        let label = self.coding_label(coding);
        if !self.ensure_coding_targets(coding) {
            self.unplaced.push(super::Unplaced {
                what: label,
                reason: "its document or code is in neither project".to_owned(),
            });
            return;
        }
        self.emit(
            "codings",
            Change::Added,
            || label,
            Command::AddCoding {
                coding: coding.clone(),
            },
        );
    }

    fn merge_coding(&mut self, base: &Coding, ours: &Coding, theirs: &Coding) {
        let id = ours.id;
        let label = self.coding_label(ours);
        let code = self.conflicts.field(
            self.choices,
            || format!("coding/{id}/code"),
            || format!("{label}: code"),
            |code: &crate::model::CodeId| {
                super::structure::code_name(&self.result, self.sides.theirs, Some(*code))
            },
            [&base.code, &ours.code, &theirs.code],
        );
        let extent = self.conflicts.field(
            self.choices,
            || format!("coding/{id}/extent"),
            || format!("{label}: extent"),
            |(start, end): &(usize, usize)| format!("chars {start}–{end}"),
            [
                &(base.start, base.end),
                &(ours.start, ours.end),
                &(theirs.start, theirs.end),
            ],
        );
        let memo = self.conflicts.field(
            self.choices,
            || format!("coding/{id}/memo"),
            || format!("{label}: memo"),
            String::clone,
            [&base.memo, &ours.memo, &theirs.memo],
        );
        if code == ours.code && extent == (ours.start, ours.end) && memo == ours.memo {
            return;
        }
        let target = Coding {
            code,
            start: extent.0,
            end: extent.1,
            ..ours.clone()
        };
        if !self.ensure_coding_targets(&target) {
            return;
        }
        self.emit(
            "codings",
            Change::Changed,
            || label,
            Command::UpdateCoding {
                id,
                code,
                start: extent.0,
                end: extent.1,
                memo,
            },
        );
    }

    pub(super) fn themes(&mut self) {
        let sides = self.sides;
        let mut ids = changed_ids(&sides.base.themes, &sides.theirs.themes);
        ids.sort_by_key(|id| (theme_depth(&sides.theirs.themes, *id), *id));
        self.merge_each(
            ("theme", ids, |project| &project.themes),
            |_, theme| format!("theme {}", theme.name),
            Self::create_theme,
            Self::merge_theme,
        );
    }

    fn create_theme(&mut self, theme: &Theme) {
        let mut theme = theme.clone();
        theme
            .codes
            .retain(|code| self.result.codes.contains_key(code));
        theme
            .key_quotes
            .retain(|coding| self.result.codings.contains_key(coding));
        theme.parent = theme
            .parent
            .filter(|parent| self.result.themes.contains_key(parent));
        let name = theme.name.clone();
        self.emit(
            "themes",
            Change::Added,
            || format!("theme {name}"),
            Command::CreateTheme { theme },
        );
    }

    fn merge_theme(&mut self, base: &Theme, ours: &Theme, theirs: &Theme) {
        let id = ours.id;
        let label = format!("theme {}", ours.name);
        let mut text = |field: &str, values: [&String; 3]| {
            self.conflicts.field(
                self.choices,
                || format!("theme/{id}/{field}"),
                || format!("{label}: {field}"),
                String::clone,
                values,
            )
        };
        let name = text("name", [&base.name, &ours.name, &theirs.name]);
        let concept = text("concept", [&base.concept, &ours.concept, &theirs.concept]);
        let definition = text(
            "definition",
            [&base.definition, &ours.definition, &theirs.definition],
        );
        let status = self.conflicts.field(
            self.choices,
            || format!("theme/{id}/status"),
            || format!("{label}: status"),
            |status: &crate::model::ThemeStatus| status.label().to_owned(),
            [&base.status, &ours.status, &theirs.status],
        );
        let parent = self
            .conflicts
            .field(
                self.choices,
                || format!("theme/{id}/parent"),
                || format!("{label}: parent"),
                |parent: &Option<ThemeId>| theme_name(&self.result.themes, *parent),
                [&base.parent, &ours.parent, &theirs.parent],
            )
            .filter(|parent| self.result.themes.contains_key(parent));
        let parent = self.checked_theme_parent(ours, parent);
        if (&name, &concept, &definition, status, parent)
            != (
                &ours.name,
                &ours.concept,
                &ours.definition,
                ours.status,
                ours.parent,
            )
        {
            self.emit(
                "themes",
                Change::Changed,
                || label.clone(),
                Command::UpdateTheme {
                    id,
                    name,
                    concept,
                    definition,
                    status,
                    parent,
                },
            );
        }
        self.merge_theme_codes(base, ours, theirs, &label);
        self.merge_key_quotes(base, ours, theirs, &label);
    }

    /// A theme's merged parent, unless taking it would put the theme under
    /// itself: then it stays where it is here, and the loop is reported.
    fn checked_theme_parent(&mut self, theme: &Theme, parent: Option<ThemeId>) -> Option<ThemeId> {
        let mut at = parent;
        let mut steps = 0;
        while let Some(ancestor) = at {
            if ancestor == theme.id || steps > self.result.themes.len() {
                let ours = theme_name(&self.result.themes, theme.parent);
                let theirs = theme_name(&self.result.themes, parent);
                self.conflicts.raise(
                    self.choices,
                    RaisedConflict {
                        key: format!("theme/{}/parent", theme.id),
                        kind: ConflictKind::MoveLoop,
                        subject: format!("theme {}: parent", theme.name),
                        ours,
                        theirs,
                        fixed: Some(Side::Ours),
                    },
                );
                return theme.parent;
            }
            at = self
                .result
                .themes
                .get(&ancestor)
                .and_then(|theme| theme.parent);
            steps += 1;
        }
        parent
    }

    fn merge_theme_codes(&mut self, base: &Theme, ours: &Theme, theirs: &Theme, label: &str) {
        let every: BTreeSet<_> = base.codes.union(&theirs.codes).copied().collect();
        for code in every {
            let keep = member(
                base.codes.contains(&code),
                ours.codes.contains(&code),
                theirs.codes.contains(&code),
            );
            let here = self
                .result
                .themes
                .get(&ours.id)
                .is_some_and(|theme| theme.codes.contains(&code));
            if keep == here || (keep && !self.result.codes.contains_key(&code)) {
                continue;
            }
            let command = if keep {
                Command::AddThemeCode {
                    theme: ours.id,
                    code,
                }
            } else {
                Command::RemoveThemeCode {
                    theme: ours.id,
                    code,
                }
            };
            let name = self.code_name(Some(code));
            self.emit(
                "themes",
                Change::Changed,
                || format!("code {name} in {label}"),
                command,
            );
        }
    }

    /// Key quotes keep this project's order; those the copy added follow, in
    /// the copy's order, and those either side took away are gone.
    fn merge_key_quotes(&mut self, base: &Theme, ours: &Theme, theirs: &Theme, label: &str) {
        let kept = |coding: &CodingId| {
            member(
                base.key_quotes.contains(coding),
                ours.key_quotes.contains(coding),
                theirs.key_quotes.contains(coding),
            )
        };
        let mut wanted: Vec<CodingId> = ours
            .key_quotes
            .iter()
            .copied()
            .filter(|coding| kept(coding))
            .collect();
        for coding in &theirs.key_quotes {
            if !wanted.contains(coding) && kept(coding) {
                wanted.push(*coding);
            }
        }
        wanted.retain(|coding| self.result.codings.contains_key(coding));
        let here = self
            .result
            .themes
            .get(&ours.id)
            .map(|theme| theme.key_quotes.clone())
            .unwrap_or_default();
        for coding in here.iter().filter(|coding| !wanted.contains(coding)) {
            self.emit(
                "themes",
                Change::Changed,
                || format!("a key quote of {label}"),
                Command::RemoveKeyQuote {
                    theme: ours.id,
                    coding: *coding,
                },
            );
        }
        for (position, coding) in wanted.iter().enumerate() {
            if !here.contains(coding) {
                self.emit(
                    "themes",
                    Change::Changed,
                    || format!("a key quote of {label}"),
                    Command::AddKeyQuote {
                        theme: ours.id,
                        coding: *coding,
                        position: Some(position),
                    },
                );
            }
        }
    }

    pub(super) fn memos(&mut self) {
        let sides = self.sides;
        let ids = changed_ids(&sides.base.memos, &sides.theirs.memos);
        self.merge_each(
            ("memo", ids, |project| &project.memos),
            |_, memo| format!("memo {}", memo.title),
            Self::create_memo,
            Self::merge_memo,
        );
    }

    fn create_memo(&mut self, memo: &Memo) {
        self.ensure_coder(memo.author);
        let title = memo.title.clone();
        self.emit(
            "memos",
            Change::Added,
            || format!("memo {title}"),
            Command::CreateMemo { memo: memo.clone() },
        );
    }

    fn merge_memo(&mut self, base: &Memo, ours: &Memo, theirs: &Memo) {
        let id = ours.id;
        let label = format!("memo {}", ours.title);
        let mut text = |field: &str, values: [&String; 3]| {
            self.conflicts.field(
                self.choices,
                || format!("memo/{id}/{field}"),
                || format!("{label}: {field}"),
                String::clone,
                values,
            )
        };
        let title = text("title", [&base.title, &ours.title, &theirs.title]);
        let body = text("text", [&base.body, &ours.body, &theirs.body]);
        let target = self.conflicts.field(
            self.choices,
            || format!("memo/{id}/target"),
            || format!("{label}: what it is about"),
            |target: &Target| format!("{} {}", target.kind(), target.id_text()),
            [&base.target, &ours.target, &theirs.target],
        );
        if (&title, &body, target) != (&ours.title, &ours.body, ours.target) {
            self.emit(
                "memos",
                Change::Changed,
                || label.clone(),
                Command::UpdateMemo {
                    id,
                    title,
                    body,
                    target,
                    updated_at: ours.updated_at.max(theirs.updated_at),
                },
            );
        }
    }

    pub(super) fn comments(&mut self) {
        let sides = self.sides;
        let ids = changed_ids(&sides.base.comments, &sides.theirs.comments);
        self.merge_each(
            ("comment", ids, |project| &project.comments),
            |_, comment| format!("comment by {}", comment.author),
            Self::add_comment,
            Self::merge_comment,
        );
    }

    fn merge_comment(&mut self, base: &Comment, ours: &Comment, theirs: &Comment) {
        let id = ours.id;
        let resolution = self.conflicts.field(
            self.choices,
            || format!("comment/{id}/resolution"),
            || format!("comment by {}: its answer", ours.author),
            |resolution: &Option<Resolution>| resolution_words(resolution.as_ref()),
            [&base.resolution, &ours.resolution, &theirs.resolution],
        );
        if resolution != ours.resolution {
            self.emit(
                "comments",
                Change::Changed,
                || format!("comment by {}", ours.author),
                Command::ResolveComment { id, resolution },
            );
        }
    }

    fn add_comment(&mut self, comment: &Comment) {
        let author = comment.author.clone();
        self.emit(
            "comments",
            Change::Added,
            || format!("comment by {author}"),
            Command::AddComment {
                comment: comment.clone(),
            },
        );
    }

    pub(super) fn map_positions(&mut self) {
        let sides = self.sides;
        for node in changed_ids(&sides.base.map_positions, &sides.theirs.map_positions) {
            let versions = [
                &sides.base.map_positions,
                &self.result.map_positions,
                &sides.theirs.map_positions,
            ]
            .map(|positions| positions.get(&node).copied());
            let position = self.conflicts.field(
                self.choices,
                || format!("map/{}/{}", node.kind(), node.id_text()),
                || format!("the map: where {} {} is", node.kind(), node.id_text()),
                |position: &Option<(i32, i32)>| {
                    position.map_or_else(
                        || "laid out by itself".to_owned(),
                        |(x, y)| format!("at {x}, {y}"),
                    )
                },
                [&versions[0], &versions[1], &versions[2]],
            );
            if position != versions[1] {
                self.emit(
                    "map positions",
                    Change::Changed,
                    || format!("the place of {} {} on the map", node.kind(), node.id_text()),
                    Command::SetMapPosition { node, position },
                );
            }
        }
    }

    pub(super) fn settings(&mut self) {
        let sides = self.sides;
        for name in changed_ids(&settings_of(sides.base), &settings_of(sides.theirs)) {
            let versions = [sides.base, &self.result, sides.theirs]
                .map(|project| project.settings.get(name).cloned());
            let value = self.conflicts.field(
                self.choices,
                || format!("setting/{name}"),
                || format!("the project setting {name}"),
                |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".to_owned()),
                [&versions[0], &versions[1], &versions[2]],
            );
            if value != versions[1] {
                self.emit(
                    "settings",
                    Change::Changed,
                    || format!("the project setting {name}"),
                    Command::SetSetting {
                        name: name.to_owned(),
                        value,
                    },
                );
            }
        }
    }
}

/// A project's settings but those a merge keeps for itself.
fn settings_of(project: &crate::model::Project) -> BTreeMap<&str, &String> {
    project
        .settings
        .iter()
        .filter(|(name, _)| !name.starts_with(MERGED_COPY_SETTING))
        .map(|(name, value)| (name.as_str(), value))
        .collect()
}

fn resolution_words(resolution: Option<&Resolution>) -> String {
    resolution.map_or_else(
        || "open".to_owned(),
        |resolution| {
            format!(
                "{} by {}: {}",
                resolution.state.label(),
                resolution.by,
                resolution.reason
            )
        },
    )
}

fn theme_name(themes: &BTreeMap<ThemeId, Theme>, id: Option<ThemeId>) -> String {
    id.and_then(|id| themes.get(&id))
        .map_or_else(|| "(top level)".to_owned(), |theme| theme.name.clone())
}

fn theme_depth(themes: &BTreeMap<ThemeId, Theme>, id: ThemeId) -> usize {
    let mut depth = 0;
    let mut at = themes.get(&id).and_then(|theme| theme.parent);
    while let Some(parent) = at {
        depth += 1;
        if depth > themes.len() {
            break;
        }
        at = themes.get(&parent).and_then(|theme| theme.parent);
    }
    depth
}
