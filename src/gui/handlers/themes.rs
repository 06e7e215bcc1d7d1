//! Theme work: what the theme panels ask for built into commands through
//! the workbench's builders and applied with the reason kept in the themes'
//! history; the history window read from the project file; co-author
//! comments, replies and resolutions; review mode entered and left.

use crate::edit::Command;
use crate::edit::{CommandBuilder, EditError};
use crate::gui::app::PolyphonyApp;
use crate::gui::modal::ModalKind;
use crate::gui::theme_drafts::ThemeEditor;
use crate::model::{
    CodeId, CodingId, CommentId, CommentKind, ResolutionState, Target, ThemeId, ThemeStatus,
};

impl PolyphonyApp {
    /// Applies a theme change, keeping `reason` in the history of the themes
    /// it changes; with `close_editor`, the editor closes once it succeeds.
    pub(super) fn apply_theme_command(
        &mut self,
        command: Command,
        reason: &str,
        close_editor: bool,
    ) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let outcome = workbench.apply_with_reason(command, reason);
        self.after_change();
        match outcome {
            Ok(_) if close_editor => self.themes.saved(),
            Ok(_) => {}
            Err(error) => self.error = Some(error.to_string()),
        }
        if let Some(workbench) = &self.workbench {
            self.themes.forget_missing(workbench.project());
        }
    }

    /// Enters review mode, which saves comments and so needs a project open
    /// for writing, or leaves it.
    pub(super) fn set_review_mode(&mut self, active: bool) {
        if !active {
            self.themes.review.active = false;
            return;
        }
        if self.writable_workbench().is_ok() {
            self.themes.review.start();
            // Review mode has no coding controls: nothing it covers stays.
            self.close_modal(&[ModalKind::CodePicker, ModalKind::Dialog, ModalKind::Palette]);
        } else {
            self.error = Some(
                "Review mode saves comments in the project: open it for writing first.".to_owned(),
            );
        }
    }

    /// Builds a theme change with `build` and applies it as
    /// [`Self::apply_theme_command`] does; a change that cannot be built is
    /// said in the error banner.
    fn build_theme_change(
        &mut self,
        build: impl FnOnce(&CommandBuilder<'_>) -> Result<Command, EditError>,
        reason: &str,
        close_editor: bool,
    ) {
        match self.with_open_workbench(|workbench| build(&workbench.commands())) {
            Ok(command) => self.apply_theme_command(command, reason, close_editor),
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Creates the theme the editor holds, or saves its edits with the
    /// reason typed.
    pub(super) fn save_theme(&mut self, editor: &ThemeEditor) {
        self.build_theme_change(
            |commands| match editor.theme {
                Some(id) => commands.edit_theme(id, |theme| {
                    theme.name.clone_from(&editor.name);
                    theme.concept.clone_from(&editor.concept);
                    theme.definition.clone_from(&editor.definition);
                    theme.status = editor.status;
                    theme.parent = editor.parent;
                }),
                None => commands
                    .create_theme(
                        &editor.name,
                        &editor.concept,
                        &editor.definition,
                        editor.parent,
                    )
                    .map(|(command, _)| command),
            },
            &editor.reason,
            true,
        );
    }

    pub(super) fn split_theme(&mut self, theme: ThemeId, name: &str, codes: &[CodeId]) {
        self.build_theme_change(
            |commands| {
                commands
                    .split_theme(theme, name, codes)
                    .map(|(command, _)| command)
            },
            "",
            true,
        );
    }

    pub(super) fn set_theme_status(&mut self, theme: ThemeId, status: ThemeStatus) {
        self.build_theme_change(
            |commands| {
                commands.edit_theme(theme, |theme| {
                    theme.status = status;
                })
            },
            "",
            false,
        );
    }

    pub(super) fn merge_themes(&mut self, source: ThemeId, target: ThemeId) {
        self.build_theme_change(|commands| commands.merge_themes(source, target), "", false);
    }

    pub(super) fn add_theme_code(&mut self, theme: ThemeId, code: CodeId) {
        self.build_theme_change(|commands| commands.add_theme_code(theme, code), "", false);
    }

    pub(super) fn remove_theme_code(&mut self, theme: ThemeId, code: CodeId) {
        self.build_theme_change(
            |commands| commands.remove_theme_code(theme, code),
            "",
            false,
        );
    }

    /// Makes `coding` a key quote of `theme` when `chosen`, else no longer.
    pub(super) fn set_key_quote(&mut self, theme: ThemeId, coding: CodingId, chosen: bool) {
        self.build_theme_change(
            |commands| {
                if chosen {
                    commands.add_key_quote(theme, coding)
                } else {
                    commands.remove_key_quote(theme, coding)
                }
            },
            "",
            false,
        );
    }

    /// Opens the history window of `theme` on its versions as the project
    /// file holds them now.
    pub(super) fn open_theme_history(&mut self, theme: ThemeId) {
        let versions = self.read_theme_history(theme);
        self.themes.open_history(theme, versions);
    }

    /// Reads the open history window's versions again, which a change may
    /// have added to; called after every change.
    pub(in crate::gui) fn refresh_theme_history(&mut self) {
        if let Some(theme) = self.themes.history_theme() {
            self.open_theme_history(theme);
        }
    }

    fn read_theme_history(
        &self,
        theme: ThemeId,
    ) -> Result<Vec<crate::model::ThemeVersion>, String> {
        self.with_open_workbench(|workbench| workbench.theme_history(theme))
            .map_err(|error| error.to_string())
    }

    /// Saves a co-author's comment from review mode.
    pub(super) fn comment(&mut self, author: &str, target: Target, kind: CommentKind, body: &str) {
        self.build_theme_change(
            |commands| commands.comment(author, target, kind, body),
            "",
            false,
        );
    }

    pub(super) fn reply_to_comment(&mut self, comment: CommentId, body: &str) {
        self.build_theme_change(|commands| commands.reply(comment, body), "", false);
    }

    /// Resolves `comment` in `state` (with `reason`), or reopens it.
    pub(super) fn resolve_comment(
        &mut self,
        comment: CommentId,
        state: Option<ResolutionState>,
        reason: &str,
    ) {
        self.build_theme_change(
            |commands| commands.resolve_comment(comment, state, reason),
            "",
            false,
        );
    }
}
