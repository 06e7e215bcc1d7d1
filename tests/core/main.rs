//! The core's integration tests in one binary, so that the crate is linked
//! once for all of them: the library through its public API, and the real
//! `polyphony` command line. None of them opens a window.

#[path = "../support/mod.rs"]
mod support;

mod agreement;
mod architecture;
mod cli;
mod exchange_read;
mod exchange_write;
mod map;
mod project_file;
mod properties;
mod report;
mod review;
mod server;
mod shared;
mod tables;
mod team;
mod themes;
