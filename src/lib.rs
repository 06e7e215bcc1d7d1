//! Polyphony: a local-first workbench for reflexive thematic analysis of
//! interview and focus-group transcripts.
//!
//! The library is what the window and the command line share. Open or create a
//! project with [`workbench::Workbench`], change it only through
//! [`edit::Command`]s, and read it through [`model::Project`]:
//!
//! ```no_run
//! use polyphony::workbench::Workbench;
//! # fn main() -> anyhow::Result<()> {
//! let mut bench = Workbench::create("study.polyphony".as_ref(), "Ruth")?;
//! bench.import_paths(&["sample-corpus/transcripts".into()], &mut |_| {})?;
//! let hits = bench.search(&polyphony::index::Query::words("peer"), 10)?;
//! println!("{} hits", hits.hits.len());
//! # Ok(()) }
//! ```

pub mod analysis;
pub mod cli;
pub mod clock;
pub mod edit;
pub mod exchange;
#[cfg(feature = "gui")]
pub mod gui;
pub mod index;
pub mod ingest;
pub mod media;
pub mod model;
pub mod numbers;
pub mod pseudonyms;
pub mod store;
pub mod words;
pub mod workbench;
