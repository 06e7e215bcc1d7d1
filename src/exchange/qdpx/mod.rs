//! REFI-QDA project exchange (QDPX), by reader and writer.
pub(crate) mod archive;
pub(crate) mod codebook;
pub(crate) mod guids;
mod positions;
pub mod read;
pub mod write;
pub(crate) mod xml;

pub use read::{ExchangeImport, ImportReport, read_qdpx};
pub use write::{ExportReport, write_qdpx};
