//! Memos and journal entries: written on a record (or on the project, as a
//! journal entry) by the current coder, saved as they are edited, deleted.

use crate::edit::Command;
use crate::gui::app::PolyphonyApp;
use crate::gui::memos;
use crate::model::{Memo, MemoId, Target};
use crate::workbench::WorkbenchError;

impl PolyphonyApp {
    /// Writes an empty memo on `target` by the current coder, titled by
    /// what it is on and when, and opens it in the Memos panel.
    pub(super) fn new_memo(&mut self, target: Target) {
        let now = crate::workbench::now_ms();
        let command = self.with_open_workbench(|workbench| {
            let kind = match target {
                Target::Project => "Journal entry",
                _ => "Memo",
            };
            Ok::<_, WorkbenchError>(Memo {
                id: MemoId::new(),
                title: format!("{kind} {}", memos::date(now)),
                body: String::new(),
                author: workbench.coder().id,
                target,
                created_at: now,
                updated_at: now,
            })
        });
        let id = command.as_ref().ok().map(|memo| memo.id);
        if self.apply_command(command.map(|memo| Command::CreateMemo { memo }))
            && let (Some(id), Some(workbench)) = (id, &self.workbench)
        {
            self.ui_state.layout.memos = true;
            self.memos.edit(workbench.project(), id);
        }
    }

    /// Saves a memo's title and body as edited, on what it was on.
    pub(super) fn save_memo(&mut self, id: MemoId, title: &str, body: String) {
        let command = self.with_open_workbench(|workbench| {
            let memo = workbench
                .project()
                .memos
                .get(&id)
                .ok_or_else(|| WorkbenchError::Invalid("that memo was deleted".to_owned()))?;
            Ok::<_, WorkbenchError>(Command::UpdateMemo {
                id,
                title: title.trim().to_owned(),
                body,
                target: memo.target,
                updated_at: crate::workbench::now_ms(),
            })
        });
        self.apply_command(command);
    }
}
