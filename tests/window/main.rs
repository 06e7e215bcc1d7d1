//! The window's integration tests in one binary: the real Polyphony window
//! driven with egui_kittest by accessible role and label, as a screen reader
//! would. The snapshot images have their own binary (`gui_snapshots`), since
//! they alone need a Vulkan driver.

#![cfg(feature = "gui")]

#[path = "../support/mod.rs"]
mod support;

mod app;
mod layout;
mod media;
mod panels;
mod pseudonyms;
mod shared;
mod tables;
mod team;
mod themes;
