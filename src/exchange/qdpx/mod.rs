//! REFI-QDA project exchange (QDPX), by reader and writer.
pub(crate) mod archive;
pub(crate) mod codebook;
pub(crate) mod guids;
mod outcome;
mod positions;
pub mod read;
pub mod write;
pub(crate) mod xml;

/// The `origin` attribute of what Polyphony writes: "Polyphony 0.1".
pub const ORIGIN: &str = concat!(
    "Polyphony ",
    env!("CARGO_PKG_VERSION_MAJOR"),
    ".",
    env!("CARGO_PKG_VERSION_MINOR")
);

pub use outcome::{ExchangeImport, ExchangeReport};
pub use read::read_qdpx;
pub use write::{ExportReport, write_qdpx};
