//! The undo timeline: applied steps that can be undone, and undone steps that can
//! be redone until a new change is made.
//!
//! `store` keeps the same timeline in the project file so that undo survives
//! closing and reopening; this type is the in-memory mirror the workbench reads.

/// One step of the timeline by its name. The commands themselves stay in the
/// project file until they are needed, so opening a large project does not
/// read every step ever taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The position in the project file's history table.
    pub seq: i64,
    pub label: String,
}

/// Steps that can be undone (oldest first) and steps that can be redone (the
/// next to redo last).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub done: Vec<HistoryEntry>,
    pub undone: Vec<HistoryEntry>,
}

impl History {
    /// The label of the step Undo would take back.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|entry| entry.label.as_str())
    }

    /// The label of the step Redo would apply again.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|entry| entry.label.as_str())
    }
}
