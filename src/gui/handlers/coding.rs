//! Coding: the selection coded from the picker, in vivo or with the last
//! code; segments recoded, resized, uncoded and given memos; codes created,
//! renamed, described, recoloured, moved and merged from their dialogs and
//! the picker.

use crate::edit::{Command, CommandBuilder, EditError};
use crate::gui::app::PolyphonyApp;
use crate::gui::intent::{Dialog, Intent, Picked, PickerPurpose, SegmentAction};
use crate::gui::modal::{Modal, ModalKind};
use crate::gui::picker::CodePicker;
use crate::model::{CodeId, CodingId, DocumentId};
use crate::workbench::{Workbench, WorkbenchError};

impl PolyphonyApp {
    /// The selection, or an error saying to make one.
    pub(super) fn selection_or_explain(&mut self) -> Option<(DocumentId, usize, usize)> {
        let selection = self.transcript.selection();
        if selection.is_none() {
            self.error = Some(
                "Select some words in the transcript first: press and drag over them.".to_owned(),
            );
        }
        selection
    }

    pub(super) fn open_picker(&mut self, purpose: PickerPurpose) {
        if purpose == PickerPurpose::ApplyToSelection && self.selection_or_explain().is_none() {
            return;
        }
        self.modal = Some(Modal::CodePicker(CodePicker::new(purpose)));
    }

    /// Codes the selection with what `build` makes of it, remembering the
    /// code for "Apply last code".
    pub(super) fn code_selection(
        &mut self,
        build: impl FnOnce(
            &CommandBuilder<'_>,
            DocumentId,
            usize,
            usize,
        ) -> Result<(Command, CodeId), EditError>,
    ) {
        let Some((document, start, end)) = self.selection_or_explain() else {
            return;
        };
        let built = self
            .with_open_workbench(|workbench| build(&workbench.commands(), document, start, end));
        let code = built.as_ref().ok().map(|(_, code)| *code);
        if self.apply_command(built.map(|(command, _)| command)) {
            self.last_code = code;
        }
    }

    pub(super) fn apply_code(&mut self, code: CodeId) {
        self.code_selection(|commands, document, start, end| {
            let (command, _) = commands.code_range(document, start, end, &code.to_string())?;
            Ok((command, code))
        });
    }

    pub(super) fn apply_last_code(&mut self) {
        let last = self.last_code.filter(|code| {
            self.workbench
                .as_ref()
                .is_some_and(|workbench| workbench.project().codes.contains_key(code))
        });
        match last {
            Some(code) => self.apply_code(code),
            None => {
                self.error = Some(
                    "No code has been applied yet: code a selection first (C), then L applies that code again."
                        .to_owned(),
                );
            }
        }
    }

    /// Carries out what was picked in the code picker, which closes.
    pub(super) fn picked(&mut self, purpose: PickerPurpose, picked: Picked) {
        self.close_modal(&[ModalKind::CodePicker]);
        match (purpose, picked) {
            (PickerPurpose::ApplyToSelection, Picked::Existing(code)) => self.apply_code(code),
            (PickerPurpose::ApplyToSelection, Picked::New(name)) => {
                self.code_selection(|commands, document, start, end| {
                    let label = format!("apply new code {}", name.trim());
                    commands.apply_new_code(document, start, end, &name, &label)
                });
            }
            (PickerPurpose::Recode(coding), Picked::Existing(code)) => {
                let command =
                    self.with_open_workbench(|workbench| workbench.commands().recode(coding, code));
                self.apply_command(command);
            }
            (PickerPurpose::Recode(coding), Picked::New(name)) => {
                let command = self.with_open_workbench(|workbench| {
                    workbench.commands().recode_to_new_code(coding, &name)
                });
                self.apply_command(command.map(|(command, _)| command));
            }
            (PickerPurpose::MoveUnder(code), Picked::Existing(parent)) => {
                self.move_code(code, Some(parent));
            }
            (PickerPurpose::MergeInto(source), Picked::Existing(target)) => {
                let command = self.with_open_workbench(|workbench| {
                    workbench.commands().merge_codes(source, target)
                });
                if self.apply_command(command) && self.selected_code == Some(source) {
                    self.selected_code = Some(target);
                }
            }
            (PickerPurpose::MoveUnder(_) | PickerPurpose::MergeInto(_), Picked::New(_)) => {}
        }
    }

    /// Moves code `code` under `parent` (or to the top level), refusing to
    /// move a code under itself or a code beneath it.
    pub(super) fn move_code(&mut self, code: CodeId, parent: Option<CodeId>) {
        let command =
            self.with_open_workbench(|workbench| workbench.commands().move_code(code, parent));
        self.apply_command(command);
    }

    /// Makes segment `coding` cover the selection.
    pub(super) fn resize_segment(&mut self, coding: CodingId) {
        let Some((document, start, end)) = self.selection_or_explain() else {
            return;
        };
        let command = self.with_open_workbench(|workbench| {
            workbench
                .commands()
                .resize_segment(coding, document, start, end)
        });
        if self.apply_command(command) {
            self.transcript.set_current_segment(Some(coding));
        }
    }

    pub(super) fn open_memo(&mut self, coding: CodingId) {
        let Some(project) = self.workbench.as_ref().map(Workbench::project) else {
            return;
        };
        let Some(segment) = project.segment(&coding) else {
            self.error = Some("That segment is no longer coded.".to_owned());
            return;
        };
        self.modal = Some(Modal::dialog(Dialog::Memo {
            coding,
            code_name: segment.code.name.clone(),
            memo: segment.coding.memo.clone(),
        }));
    }

    pub(super) fn submit_dialog(&mut self) {
        let Some(Modal::Dialog { dialog, .. }) = self
            .modal
            .take_if(|modal| modal.kind() == ModalKind::Dialog)
        else {
            return;
        };
        let command = self.with_open_workbench(|workbench| match &dialog {
            Dialog::NewCode { parent, name } => workbench
                .commands()
                .new_code(name, *parent)
                .map(|(command, _)| command),
            Dialog::Rename { code, name } => workbench
                .commands()
                .update_code(*code, |code| name.trim().clone_into(&mut code.name)),
            Dialog::Describe {
                code, description, ..
            } => workbench.commands().update_code(*code, |code| {
                description.trim().clone_into(&mut code.description);
            }),
            Dialog::Memo { coding, memo, .. } => workbench.commands().segment_memo(*coding, memo),
            Dialog::ConfirmDelete { code, .. } => Ok(Command::RemoveCode { id: *code }),
            Dialog::DifferenceMemo {
                document,
                title,
                context,
                memo,
            } => {
                if memo.trim().is_empty() {
                    Err(crate::edit::EditError::Invalid(
                        "Write what the team made of the difference, or press Cancel.".to_owned(),
                    ))
                } else {
                    let now = crate::workbench::now_ms();
                    Ok(Command::CreateMemo {
                        memo: crate::model::Memo {
                            id: crate::model::MemoId::new(),
                            title: title.clone(),
                            body: format!("{context}\n\n{}", memo.trim()),
                            author: workbench.coder().id,
                            target: crate::model::Target::Document(*document),
                            created_at: now,
                            updated_at: now,
                        },
                    })
                }
            }
        });
        if !self.apply_command(command) {
            // Keep what was typed so it can be put right.
            if !matches!(dialog, Dialog::ConfirmDelete { .. }) {
                self.modal = Some(Modal::Dialog {
                    dialog,
                    focus: false,
                });
            }
        }
    }

    pub(super) fn uncode(&mut self, coding: CodingId) {
        self.apply_command(Ok::<_, WorkbenchError>(Command::RemoveCoding {
            id: coding,
        }));
    }

    /// Does `action` to the current segment, or says how to pick one out.
    pub(super) fn on_current_segment(&mut self, action: SegmentAction, ctx: &egui::Context) {
        let Some(coding) = self.transcript.current_segment() else {
            self.error = Some(
                "No segment is picked out: click a coding stripe, choose a segment in the Segments panel, or press ] for the next one."
                    .to_owned(),
            );
            return;
        };
        let next = match action {
            SegmentAction::Uncode => Intent::Uncode(coding),
            SegmentAction::Recode => Intent::OpenPicker(PickerPurpose::Recode(coding)),
            SegmentAction::Resize => Intent::ResizeSegment(coding),
            SegmentAction::Memo => Intent::EditMemo(coding),
        };
        self.handle(next, ctx);
    }

    pub(super) fn recolour(&mut self, code: CodeId, color: String) {
        let command = self.with_open_workbench(|workbench| {
            workbench
                .commands()
                .update_code(code, |code| code.color = color)
        });
        self.apply_command(command);
    }

    pub(super) fn move_to_top_level(&mut self, code: CodeId) {
        let command = self.with_open_workbench(|workbench| {
            workbench
                .commands()
                .update_code(code, |code| code.parent = None)
        });
        self.apply_command(command);
    }
}
