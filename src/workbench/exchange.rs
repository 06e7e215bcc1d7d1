//! Importing REFI-QDA exchange files into the open project: a QDPX project, a
//! bare `project.qde`, or a QDC codebook, chosen by extension, read against the
//! project and applied as one undo step.

use crate::edit::Command;
use crate::exchange::qdc::read_qdc;
use crate::exchange::qdpx::read_qdpx;
use crate::workbench::{Workbench, WorkbenchError};
use std::path::Path;

pub use crate::exchange::qdpx::ExchangeReport;

/// The REFI-QDA files Polyphony imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    /// A zipped project (`.qdpx`).
    Qdpx,
    /// A bare project file (`.qde`, or `.xml`), with its sources, if any, in
    /// a `sources` folder beside it.
    Qde,
    /// A codebook (`.qdc`).
    Qdc,
}

/// The extensions [`ExchangeFormat::from_path`] knows, for file pickers.
pub const EXCHANGE_EXTENSIONS: [&str; 4] = ["qdpx", "qde", "qdc", "xml"];

impl ExchangeFormat {
    /// The format a path's extension (in any case) names.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "qdpx" => Some(ExchangeFormat::Qdpx),
            "qde" | "xml" => Some(ExchangeFormat::Qde),
            "qdc" => Some(ExchangeFormat::Qdc),
            _ => None,
        }
    }
}

/// Whether `path` names a REFI-QDA file that [`Workbench::import_exchange_file`] reads.
#[must_use]
pub fn is_exchange_file(path: &Path) -> bool {
    ExchangeFormat::from_path(path).is_some()
}

impl Workbench {
    /// Imports the REFI-QDA project or codebook at `path` (`.qdpx`, `.qde`,
    /// `.xml` or `.qdc`, in any case) as one undoable step, and says what was
    /// read and what could not be carried. A file that is refused changes
    /// nothing.
    pub fn import_exchange_file(&mut self, path: &Path) -> Result<ExchangeReport, WorkbenchError> {
        let format = ExchangeFormat::from_path(path).ok_or_else(|| {
            WorkbenchError::Invalid(format!(
                "{} is not a REFI-QDA file Polyphony imports; it reads .qdpx and .qde projects and .qdc codebooks",
                path.display()
            ))
        })?;
        let imported = match format {
            ExchangeFormat::Qdpx | ExchangeFormat::Qde => {
                read_qdpx(path, &self.project, self.coder.id)
            }
            ExchangeFormat::Qdc => read_qdc(path, &self.project),
        }
        .map_err(WorkbenchError::from)?;
        let is_empty =
            matches!(&imported.command, Command::Batch { commands, .. } if commands.is_empty());
        if !is_empty {
            self.apply(imported.command)?;
        }
        Ok(imported.report)
    }
}
