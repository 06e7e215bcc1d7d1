//! What can go wrong reading or writing exchange files, in words a user can act on.

/// Why an import or export failed. Nothing was changed in the project.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("could not read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file is not what it claims, or is damaged or hostile; `reason` says
    /// what was wrong and, where it can, what to do.
    #[error("{path} cannot be imported: {reason}")]
    Refused { path: String, reason: String },
    #[error("could not write the spreadsheet {path}: {detail}")]
    Spreadsheet { path: String, detail: String },
    /// The export was refused before anything was written: the project lacks
    /// what the format needs, or a request named something the project does not have.
    #[error("{path} was not written: {reason}")]
    NotWritten { path: String, reason: String },
    #[error("could not write the CSV {path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
}
