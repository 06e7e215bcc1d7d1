//! The desktop window: a Documents list on the left, the chosen transcript in
//! the middle, the codebook, coded segments and memos on the right, search
//! results below, the File, Edit, Code and View menus and a search box on
//! top, and a status bar below.
//! Every menu item, keyboard shortcut and command palette entry comes from
//! the one list of menu items in `menu_items.rs`; the View menu shows, hides and
//! themes panels, and what it chose is kept between runs (`settings.rs`).
//!
//! Selected transcript text is coded from the Code menu or with single keys
//! (`C` opens the quick code picker, `I` codes in vivo, `L` applies the last
//! code again); segments and codes have right-click menus for the rest.
//!
//! The window only reads the project through
//! [`Workbench::project`](crate::workbench::Workbench::project) and changes it
//! only through the workbench's commands, undo, redo and imports, so
//! everything it does is journalled and undoable like the command line.
//! Panels do not act on the app themselves: each is given the project, its
//! own view state and somewhere to put `Intent`s (`intent.rs`), and the app
//! carries the intents out once the frame is drawn (`handlers/`). The app's
//! state is in `app.rs`, the frame in `frame.rs`, and at most one modal
//! window is open at a time (`modal.rs`).

mod activity;
mod app;
mod autocode;
mod codes;
mod colors;
mod dialogs;
mod documents;
mod file_actions;
mod frame;
mod handlers;
mod intent;
mod jobs;
mod live;
mod memos;
mod menu_bar;
mod menu_items;
mod merge_review;
mod modal;
mod palette;
mod participants;
mod path_prompt;
mod path_purpose;
mod picker;
mod player_bar;
mod pseudonym_key;
mod rows;
mod search_panel;
mod segments;
mod settings;
mod start_screen;
mod status_bar;
mod tables;
mod texts;
mod theme_drafts;
mod themes;
mod transcript;

use std::path::PathBuf;

pub use app::PolyphonyApp;
pub use settings::{Layout, Panel, Theme, UiState};

/// Where the demo project lives: `$XDG_DATA_HOME/polyphony/demo.polyphony`,
/// or `$HOME/.local/share/polyphony/demo.polyphony` when that is not set.
#[must_use]
pub fn demo_project_path() -> PathBuf {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        })
        // Without a home there is nowhere better that is surely writable.
        .unwrap_or_else(std::env::temp_dir);
    data_home.join("polyphony").join("demo.polyphony")
}

/// Opens the window on `project`, or on the demo project (built first if it
/// is not there yet) when none is given. A project that cannot be opened is
/// reported in the window, which then offers to open another.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Polyphony")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([640.0, 400.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Polyphony",
        options,
        Box::new(move |cc| {
            Ok(Box::new(PolyphonyApp::starting(
                project.as_deref(),
                cc.storage,
            )))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the Polyphony window: {error}"))
}
