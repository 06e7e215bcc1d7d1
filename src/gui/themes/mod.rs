//! Theme work in the window (Braun and Clarke's phases 3 to 6): the central
//! area's tabs beside the transcript (the themes board, the thematic map,
//! the co-author comments and what the themes leave out), the windows that
//! edit a theme, choose its key quotes and read its history, and the plain
//! review mode for lived-experience co-authors.
//!
//! Panels here read the project and return intents; the app builds every
//! change as a command through the workbench (`handlers/themes.rs`) and
//! applies it, so each is journalled and can be undone.

mod board;
mod comments;
mod editor;
mod map_view;
mod review;

use crate::analysis::map::{ThematicMap, thematic_map};
use crate::analysis::themes::{QuoteBalance, Uncovered, quote_balance, theme_segments, uncovered};
use crate::gui::intent::Intent;
use crate::model::{CodingId, Project, ThemeId, ThemeVersion};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use editor::ThemeEditor;
pub use review::{ReviewState, show as show_review};

/// What the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CentralView {
    #[default]
    Transcript,
    Themes,
    Map,
    Comments,
    Uncovered,
}

impl CentralView {
    const ALL: [CentralView; 5] = [
        CentralView::Transcript,
        CentralView::Themes,
        CentralView::Map,
        CentralView::Comments,
        CentralView::Uncovered,
    ];

    fn label(self) -> &'static str {
        match self {
            CentralView::Transcript => "Transcript",
            CentralView::Themes => "Themes board",
            CentralView::Map => "Thematic map",
            CentralView::Comments => "Review comments",
            CentralView::Uncovered => "Uncovered",
        }
    }
}

/// What the board and the key-quotes window show of one theme.
pub struct ThemeFacts {
    /// Its segments, in document then text order.
    pub segments: Vec<CodingId>,
    /// How many participants speak in them.
    pub participants: usize,
    /// How its key quotes spread over participants and groups.
    pub balance: QuoteBalance,
}

/// What the theme views work out from the project, kept until the project
/// changes: counting a theme's segments or what the themes leave out walks
/// every coding, and the map and the open comments walk every theme, code and
/// comment, which is too much to do every frame.
#[derive(Default)]
struct Derived {
    revision: Option<u64>,
    themes: BTreeMap<ThemeId, Arc<ThemeFacts>>,
    uncovered: Option<Arc<Uncovered>>,
    /// The uncovered view's lines, written as they come into view.
    uncovered_lines: BTreeMap<CodingId, String>,
    map: Option<Arc<ThematicMap>>,
    open_comments: Option<usize>,
}

impl Derived {
    /// Forgets everything worked out for another revision.
    fn at(&mut self, revision: u64) {
        if self.revision != Some(revision) {
            *self = Self {
                revision: Some(revision),
                ..Self::default()
            };
        }
    }

    fn facts(&mut self, project: &Project, theme: ThemeId) -> Arc<ThemeFacts> {
        Arc::clone(self.themes.entry(theme).or_insert_with(|| {
            let segments: Vec<CodingId> = theme_segments(project, theme)
                .into_iter()
                .map(|coding| coding.id)
                .collect();
            // Who said each, without cutting its quote out of the text (which
            // costs a walk from the start of the transcript).
            let participants: BTreeSet<_> = segments
                .iter()
                .filter_map(|coding| project.codings.get(coding))
                .filter_map(|coding| {
                    let document = project.documents.get(&coding.document)?;
                    let turn = document.turn_at(coding.start)?;
                    project.participant_for(document, &turn.speaker)
                })
                .map(|participant| participant.id)
                .collect();
            Arc::new(ThemeFacts {
                participants: participants.len(),
                balance: quote_balance(project, theme, "group"),
                segments,
            })
        }))
    }

    fn uncovered(&mut self, project: &Project) -> Arc<Uncovered> {
        Arc::clone(
            self.uncovered
                .get_or_insert_with(|| Arc::new(uncovered(project))),
        )
    }

    fn map(&mut self, project: &Project) -> Arc<ThematicMap> {
        Arc::clone(
            self.map
                .get_or_insert_with(|| Arc::new(thematic_map(project))),
        )
    }

    /// Comments that are neither replies nor resolved.
    fn open_comments(&mut self, project: &Project) -> usize {
        *self.open_comments.get_or_insert_with(|| {
            project
                .comments
                .values()
                .filter(|comment| {
                    comment.kind != crate::model::CommentKind::Reply && comment.resolution.is_none()
                })
                .count()
        })
    }
}

/// The state of theme work between frames.
#[derive(Default)]
pub struct ThemeWork {
    pub view: CentralView,
    pub editor: Option<ThemeEditor>,
    /// The history window, while it is open.
    history: Option<editor::ThemeHistory>,
    /// The theme whose key-quotes window is open.
    quotes: Option<ThemeId>,
    /// The theme being split, the new theme's name and the codes it takes.
    split: Option<editor::SplitDraft>,
    map: map_view::MapState,
    comments: comments::CommentDrafts,
    pub review: ReviewState,
    derived: Derived,
}

impl ThemeWork {
    /// The row of tabs above the central area; counts open comments.
    /// `revision` changes whenever the project does.
    pub fn tabs(&mut self, ui: &mut egui::Ui, project: &Project, revision: u64) {
        self.derived.at(revision);
        let open = self.derived.open_comments(project);
        // Wrapped, so that every tab stays reachable in a narrow window.
        ui.horizontal_wrapped(|ui| {
            for view in CentralView::ALL {
                let label = match view {
                    CentralView::Comments if open > 0 => format!("{} ({open} open)", view.label()),
                    _ => view.label().to_owned(),
                };
                if ui.selectable_label(self.view == view, label).clicked() {
                    self.view = view;
                }
            }
        });
        ui.separator();
    }

    /// Shows the chosen view when it is not the transcript. `revision`
    /// changes whenever the project does.
    pub fn show_central(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        revision: u64,
    ) -> Vec<Intent> {
        self.derived.at(revision);
        match self.view {
            CentralView::Transcript => Vec::new(),
            CentralView::Themes => board::show(ui, self, project),
            CentralView::Map => {
                let map = self.derived.map(project);
                map_view::show(ui, &mut self.map, &map)
            }
            CentralView::Comments => comments::show(ui, &mut self.comments, project),
            CentralView::Uncovered => {
                let found = self.derived.uncovered(project);
                board::uncovered(ui, project, &found, &mut self.derived.uncovered_lines)
            }
        }
    }

    /// What the board shows of `theme`, worked out once per revision.
    pub(super) fn facts(&mut self, project: &Project, theme: ThemeId) -> Arc<ThemeFacts> {
        self.derived.facts(project, theme)
    }

    /// The theme windows that are open: editor, split, key quotes, history.
    pub fn windows(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        revision: u64,
    ) -> Vec<Intent> {
        self.derived.at(revision);
        let mut intents = Vec::new();
        if let Some(editor) = &mut self.editor {
            match editor::show_editor(ctx, editor, project) {
                Some(editor::Outcome::Close) => self.editor = None,
                Some(editor::Outcome::Act(intent)) => intents.push(*intent),
                None => {}
            }
        }
        if let Some(draft) = &mut self.split {
            match editor::show_split(ctx, draft, project) {
                Some(editor::Outcome::Close) => self.split = None,
                Some(editor::Outcome::Act(intent)) => intents.push(*intent),
                None => {}
            }
        }
        if let Some(theme) = self.quotes {
            let facts = self.derived.facts(project, theme);
            if !editor::show_key_quotes(ctx, theme, project, &facts, &mut intents) {
                self.quotes = None;
            }
        }
        if let Some(history) = &self.history
            && !editor::show_history(ctx, history, project)
        {
            self.history = None;
        }
        intents
    }

    /// Closes windows whose theme a change took away; called after changes.
    pub fn forget_missing(&mut self, project: &Project) {
        let themes = &project.themes;
        if self
            .quotes
            .is_some_and(|theme| !themes.contains_key(&theme))
        {
            self.quotes = None;
        }
        if self
            .split
            .as_ref()
            .is_some_and(|draft| !themes.contains_key(&draft.theme))
        {
            self.split = None;
        }
    }

    /// Closes the editor after its change was applied.
    pub fn saved(&mut self) {
        self.editor = None;
        self.split = None;
    }

    /// Opens the history window of `theme` on `versions`, as read from the
    /// project file.
    pub fn open_history(&mut self, theme: ThemeId, versions: Result<Vec<ThemeVersion>, String>) {
        self.history = Some(editor::ThemeHistory { theme, versions });
    }

    /// The theme whose history window is open, whose versions a change may
    /// have added to.
    #[must_use]
    pub fn history_theme(&self) -> Option<ThemeId> {
        self.history.as_ref().map(|history| history.theme)
    }
}
