//! Carrying out intents: `handle` sends each to the handler of its concern,
//! in the files beside it, once the frame that asked for it is drawn. The
//! handlers are the only part of the window that changes the project, and
//! they do it through the workbench: its command builders, `apply`, undo,
//! redo and imports.

mod autocode;
mod coding;
mod files;
mod jobs;
mod media;
mod memos;
mod navigation;
mod shared;
mod team;
mod themes;
mod window;

use crate::edit::Command;
use crate::gui::app::PolyphonyApp;
use crate::gui::intent::Intent;
use crate::gui::modal::{Modal, ModalKind};
use crate::workbench::{Workbench, WorkbenchError};

impl PolyphonyApp {
    /// Carries out one intent.
    pub(in crate::gui) fn handle(&mut self, intent: Intent, ctx: &egui::Context) {
        match intent {
            Intent::SelectDocument(document) => self.select_document(document),
            Intent::Reveal {
                document,
                start,
                end,
            } => self.reveal(document, start, end),
            Intent::SelectCode(code) => self.selected_code = Some(code),
            Intent::RevealSegment(coding) => self.reveal_segment(coding),
            Intent::StepSegment(step) => self.step_segment(step),
            Intent::Search(text) => self.search(text),
            Intent::RunSearch => self.run_shown_search(),
            Intent::CloseSearch => self.search.outcome = None,
            Intent::FocusSearch => self.search.focus_box = true,
            Intent::Undo => self.step_history(Workbench::undo),
            Intent::Redo => self.step_history(Workbench::redo),
            Intent::OpenPicker(purpose) => self.open_picker(purpose),
            Intent::Picked { purpose, picked } => self.picked(purpose, picked),
            Intent::ClosePicker => self.close_modal(&[ModalKind::CodePicker]),
            Intent::InVivo => {
                self.code_selection(|commands, document, start, end| {
                    commands.in_vivo(document, start, end)
                });
            }
            Intent::ApplyLastCode => self.apply_last_code(),
            Intent::Uncode(coding) => self.uncode(coding),
            Intent::ResizeSegment(coding) => self.resize_segment(coding),
            Intent::OnCurrentSegment(action) => self.on_current_segment(action, ctx),
            Intent::EditMemo(coding) => self.open_memo(coding),
            Intent::OpenDialog(dialog) => self.modal = Some(Modal::dialog(dialog)),
            Intent::SubmitDialog => self.submit_dialog(),
            Intent::CloseDialog => self.close_modal(&[ModalKind::Dialog]),
            Intent::Recolour { code, color } => self.recolour(code, color),
            Intent::MoveToTopLevel(code) => self.move_to_top_level(code),
            Intent::MoveCode { code, parent } => self.move_code(code, parent),
            Intent::ChoosePath(purpose) => self.choose_path(purpose),
            Intent::TypePath(purpose) => self.open_path_prompt(purpose),
            Intent::SubmitPaths {
                purpose,
                paths,
                coder,
                blind,
            } => self.submit_paths(purpose, &paths, &coder, blind),
            Intent::CancelPathPrompt => self.close_modal(&[ModalKind::PathPrompt]),
            Intent::ConfirmMerge {
                copy,
                choices,
                join,
            } => self.confirm_merge(&copy, choices, join),
            Intent::CancelMerge => self.close_modal(&[ModalKind::MergeReview]),
            Intent::OpenDemo => self.open_demo(),
            Intent::NewMemo(target) => self.new_memo(target),
            Intent::SaveMemo { id, title, body } => self.save_memo(id, &title, body),
            Intent::DeleteMemo(id) => {
                self.apply_command(Ok::<_, WorkbenchError>(Command::RemoveMemo { id }));
            }
            Intent::AutocodeHits => self.open_autocode_hits(),
            Intent::AutocodeSpeaker(speaker) => self.open_autocode_speaker(&speaker),
            Intent::SubmitAutocode => self.submit_autocode(),
            Intent::CloseAutocode => self.autocode = None,
            Intent::RebuildIndex => self.start_index_rebuild(),
            Intent::CancelJob => self.cancel_job(),
            Intent::ApplyCommand {
                command,
                reason,
                close_editor,
            } => self.apply_theme_command(*command, &reason, close_editor),
            Intent::SaveTheme(editor) => self.save_theme(&editor),
            Intent::SplitTheme { theme, name, codes } => self.split_theme(theme, &name, &codes),
            Intent::SetThemeStatus { theme, status } => self.set_theme_status(theme, status),
            Intent::MergeThemes { source, target } => self.merge_themes(source, target),
            Intent::AddThemeCode { theme, code } => self.add_theme_code(theme, code),
            Intent::RemoveThemeCode { theme, code } => self.remove_theme_code(theme, code),
            Intent::KeyQuote {
                theme,
                coding,
                chosen,
            } => self.set_key_quote(theme, coding, chosen),
            Intent::OpenThemeHistory(theme) => self.open_theme_history(theme),
            Intent::Comment {
                author,
                target,
                kind,
                body,
            } => self.comment(&author, target, kind, &body),
            Intent::ReplyToComment { comment, body } => self.reply_to_comment(comment, &body),
            Intent::ResolveComment {
                comment,
                state,
                reason,
            } => self.resolve_comment(comment, state, &reason),
            Intent::ReviewMode(active) => self.set_review_mode(active),
            Intent::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Intent::DismissError => self.error = None,
            Intent::DismissNotice => self.notice = None,
            Intent::Complain(message) => self.error = Some(message),
            Intent::OpenPalette => self.open_palette(),
            Intent::ClosePalette => self.close_modal(&[ModalKind::Palette]),
            Intent::TogglePanel(panel) => self.toggle_panel(panel),
            Intent::Zoom(steps) => self.zoom(steps),
            Intent::SetTheme(theme) => self.ui_state.theme = theme,
            Intent::AskCoder => self.ask_coder(),
            Intent::ShowActivity => self.show_activity(),
            Intent::CloseActivity => self.activity = None,
            Intent::SetCoder(name) => self.set_coder(&name),
            Intent::CloseCoderWindow => self.coder_answered(),
            Intent::OpenParticipants => self.open_participants(),
            Intent::CloseParticipants => self.participants = None,
            Intent::OpenTables => {
                self.tables.get_or_insert_with(Default::default);
            }
            Intent::CloseTables => self.tables = None,
            Intent::CompareCoders(on) => {
                self.transcript.compare = on.then(Default::default);
            }
            Intent::RefreshTables => self.read_for_tables(),
            Intent::OpenPseudonymKey => {
                self.pseudonym_key.get_or_insert_with(Default::default);
            }
            Intent::ClosePseudonymKey => self.pseudonym_key = None,
            Intent::FindPseudonymCandidates => self.find_pseudonym_candidates(),
            Intent::OpenKeyApart { path, passphrase } => self.open_key_apart(&path, passphrase),
            Intent::ChangeKeyApart(command) => self.change_key_apart(*command),
            Intent::UndoKeyApart => self.undo_key_apart(),
            Intent::SetOutputChoice(choice) => self.output = choice,
            Intent::Media(action) => self.media_action(action),
        }
    }
}
