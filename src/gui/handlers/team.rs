//! Coders' copies from the File menu: writing one for a coder, and merging
//! one back after the user has seen what it brings and settled its conflicts.

use crate::edit::merge::{Choices, Side};
use crate::gui::app::PolyphonyApp;
use crate::gui::merge_review::MergeReview;
use crate::gui::modal::{Modal, ModalKind};
use std::collections::BTreeMap;
use std::path::Path;

impl PolyphonyApp {
    /// File > Copy for a coder: writes the copy, and says how to bring it back.
    pub(super) fn copy_for_coder(
        &mut self,
        out: &Path,
        coder: &str,
        blind: bool,
    ) -> Result<(), String> {
        if coder.trim().is_empty() {
            return Err("Type the name of the coder the copy is for.".to_owned());
        }
        let workbench = self.writable_workbench()?;
        let made = workbench
            .write_copy(out, coder, blind)
            .map_err(|error| format!("The copy was not written: {error}"))?;
        let hidden = if made.blind {
            format!(
                " It is blind: {} coding{} by other coders are left out.",
                made.hidden_codings,
                if made.hidden_codings == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        self.notice = Some(format!(
            "Wrote {} for {}.{hidden} When they are done, bring their work back with File > Merge a coder's copy.",
            made.path.display(),
            made.coder
        ));
        Ok(())
    }

    /// File > Merge a coder's copy: works the merge out and shows it, with
    /// its conflicts, in the merge window; nothing changes yet.
    pub(super) fn review_merge(&mut self, copy: &Path) -> Result<(), String> {
        let workbench = self.writable_workbench()?;
        let prepared = workbench
            .prepare_any_merge(copy, &Choices::default())
            .map_err(|error| format!("{} cannot be merged: {error}", copy.display()))?;
        self.modal = Some(Modal::MergeReview(Box::new(MergeReview::new(
            copy.to_owned(),
            prepared,
        ))));
        Ok(())
    }

    /// The merge window's Merge: works the merge out again with the sides the
    /// user picked (the project may have changed meanwhile) and applies it as
    /// one undo step.
    pub(super) fn confirm_merge(
        &mut self,
        copy: &Path,
        chosen: BTreeMap<String, Side>,
        join: std::collections::BTreeSet<crate::model::CodeId>,
    ) {
        self.close_modal(&[ModalKind::MergeReview]);
        let choices = Choices {
            prefer: None,
            by_key: chosen,
        };
        let outcome = self.writable_workbench().and_then(|workbench| {
            let mut prepared = workbench
                .prepare_any_merge(copy, &choices)
                .map_err(|error| format!("{} cannot be merged: {error}", copy.display()))?;
            prepared.join = join;
            workbench
                .merge_copy(prepared)
                .map_err(|error| error.to_string())
        });
        self.after_change();
        match outcome {
            Ok(label) => self.notice = Some(format!("Merged: {label}.")),
            Err(error) => self.error = Some(error),
        }
    }
}
