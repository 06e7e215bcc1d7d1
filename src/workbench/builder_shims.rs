//! The builders' old names on the workbench, kept only while the window and
//! the command line move to `Workbench::commands` (issue 11); this file goes
//! once no caller uses them.

use crate::edit::Command;
use crate::edit::build::autocode::{AutocodeCode, AutocodePlan, AutocodeSettings, Extent, Passage};
use crate::edit::build::{CodingBatch, CodingRow, RowProblem};
use crate::model::{
    Code, CodeId, CodingId, CommentId, CommentKind, DocumentId, ResolutionState, Target, Theme,
    ThemeId,
};
use crate::workbench::{Workbench, WorkbenchError};

impl Workbench {
    pub fn apply_new_code_command(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
        name: &str,
        label: &str,
    ) -> Result<(Command, CodeId), WorkbenchError> {
        Ok(self
            .commands()
            .apply_new_code(document, start, end, name, label)?)
    }

    pub fn in_vivo_command(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
    ) -> Result<(Command, CodeId), WorkbenchError> {
        Ok(self.commands().in_vivo(document, start, end)?)
    }

    pub fn new_code_command(
        &self,
        name: &str,
        parent: Option<CodeId>,
    ) -> Result<(Command, CodeId), WorkbenchError> {
        Ok(self.commands().new_code(name, parent)?)
    }

    pub fn recode_command(
        &self,
        coding: CodingId,
        code: CodeId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().recode(coding, code)?)
    }

    pub fn recode_to_new_code_command(
        &self,
        coding: CodingId,
        name: &str,
    ) -> Result<(Command, CodeId), WorkbenchError> {
        Ok(self.commands().recode_to_new_code(coding, name)?)
    }

    pub fn resize_segment_command(
        &self,
        coding: CodingId,
        document: DocumentId,
        start: usize,
        end: usize,
    ) -> Result<Command, WorkbenchError> {
        Ok(self
            .commands()
            .resize_segment(coding, document, start, end)?)
    }

    pub fn segment_memo_command(
        &self,
        coding: CodingId,
        memo: &str,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().segment_memo(coding, memo)?)
    }

    pub fn move_code_command(
        &self,
        code: CodeId,
        parent: Option<CodeId>,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().move_code(code, parent)?)
    }

    pub fn update_code_command(
        &self,
        id: CodeId,
        edit: impl FnOnce(&mut Code),
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().update_code(id, edit)?)
    }

    pub fn merge_codes_command(
        &self,
        source: CodeId,
        target: CodeId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().merge_codes(source, target)?)
    }

    pub fn theme_by_name(&self, key: &str) -> Result<&Theme, WorkbenchError> {
        Ok(self.commands().theme_by_name(key)?)
    }

    pub fn create_theme_command(
        &self,
        name: &str,
        concept: &str,
        definition: &str,
        parent: Option<ThemeId>,
    ) -> Result<(Command, ThemeId), WorkbenchError> {
        Ok(self
            .commands()
            .create_theme(name, concept, definition, parent)?)
    }

    pub fn edit_theme_command(
        &self,
        id: ThemeId,
        edit: impl FnOnce(&mut Theme),
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().edit_theme(id, edit)?)
    }

    pub fn add_theme_code_command(
        &self,
        theme: ThemeId,
        code: CodeId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().add_theme_code(theme, code)?)
    }

    pub fn remove_theme_code_command(
        &self,
        theme: ThemeId,
        code: CodeId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().remove_theme_code(theme, code)?)
    }

    pub fn add_key_quote_command(
        &self,
        theme: ThemeId,
        coding: CodingId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().add_key_quote(theme, coding)?)
    }

    pub fn remove_key_quote_command(
        &self,
        theme: ThemeId,
        coding: CodingId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().remove_key_quote(theme, coding)?)
    }

    pub fn merge_themes_command(
        &self,
        source: ThemeId,
        target: ThemeId,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().merge_themes(source, target)?)
    }

    pub fn split_theme_command(
        &self,
        source: ThemeId,
        name: &str,
        codes: &[CodeId],
    ) -> Result<(Command, ThemeId), WorkbenchError> {
        Ok(self.commands().split_theme(source, name, codes)?)
    }

    pub fn comment_command(
        &self,
        author: &str,
        target: Target,
        kind: CommentKind,
        body: &str,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().comment(author, target, kind, body)?)
    }

    pub fn reply_command(&self, comment: CommentId, body: &str) -> Result<Command, WorkbenchError> {
        Ok(self.commands().reply(comment, body)?)
    }

    pub fn resolve_comment_command(
        &self,
        comment: CommentId,
        state: Option<ResolutionState>,
        reason: &str,
    ) -> Result<Command, WorkbenchError> {
        Ok(self.commands().resolve_comment(comment, state, reason)?)
    }

    pub fn autocode_plan(&self, code: &AutocodeCode) -> Result<AutocodePlan, WorkbenchError> {
        Ok(self.commands().autocode_plan(code)?)
    }

    pub fn autocode_settings(
        &self,
        plan: &AutocodePlan,
        extent: Extent,
        exclude_interviewers: bool,
    ) -> AutocodeSettings {
        self.commands()
            .autocode_settings(plan, extent, exclude_interviewers)
    }

    pub fn autocode_command(
        &self,
        passages: &[Passage],
        code: &AutocodeCode,
        extent: Extent,
        exclude_interviewers: bool,
    ) -> Result<(Command, usize), WorkbenchError> {
        Ok(self
            .commands()
            .autocode(passages, code, extent, exclude_interviewers)?)
    }

    pub fn coding_batch_command(
        &self,
        rows: &[CodingRow],
        source: &str,
    ) -> Result<CodingBatch, Vec<RowProblem>> {
        self.commands().coding_batch(rows, source)
    }

    pub fn coding_command(
        &self,
        document: DocumentId,
        start: usize,
        end: usize,
        code_key: &str,
    ) -> Result<(Command, CodingId), WorkbenchError> {
        Ok(self.commands().code_range(document, start, end, code_key)?)
    }
}
