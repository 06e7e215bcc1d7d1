//! What an import of a REFI-QDA file (QDPX, QDE or QDC) gives: the one batch
//! of commands to apply, and the report of what was read, what the user
//! should check, and what could not be carried in. The readers of the
//! codebook, the sources and the project all add to it.

use crate::edit::Command;
use serde::Serialize;

/// What reading an exchange file gave: one batch to apply, and the report.
#[derive(Debug, Clone)]
pub struct ExchangeImport {
    /// A `Command::Batch`; empty when the file held nothing to add.
    pub command: Command,
    pub report: ExchangeReport,
}

/// What an exchange import read, what the user should check, and what it could
/// not carry into Polyphony.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExchangeReport {
    /// What was read: "3 coders", "262 codes, 7 levels deep", ...
    pub summary: Vec<String>,
    /// Things read in a way the user should know about or check.
    pub warnings: Vec<String>,
    /// What the file holds that Polyphony could not take in.
    pub not_carried: Vec<String>,
}
