//! Moving projects between Polyphony and other tools: REFI-QDA projects
//! (QDPX) and codebooks (QDC) in both directions, tables (CSV, XLSX) for
//! Excel, R and SPSS, the theme report (DOCX, HTML, Markdown), and the
//! review packet co-authors read and comment in without the app. Readers and
//! writers never open dialogs: they take paths and a project, and return
//! commands or files with a report of what could not be carried.

pub(crate) mod common;
mod error;
pub mod map_image;
pub mod qdc;
pub mod qdpx;
pub mod report;
pub mod review_packet;
pub mod tables;

pub use error::ExchangeError;
pub use qdc::read_qdc;
pub use qdpx::{ExchangeImport, ExchangeReport, read_qdpx};

pub use tables::{FigureTable, TableValue, write_segments_csv};
