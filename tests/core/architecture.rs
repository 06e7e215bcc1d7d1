//! Guards the architecture invariants of ARCHITECTURE.md: every module says
//! its one job in a `//!` paragraph; the pure layers (`model`, `edit`)
//! import nothing of the window, the index, SQLite or the file system; and no
//! layer below the workbench imports the workbench, the command line or the
//! window.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_module_opens_with_a_doc_paragraph() {
    let missing: Vec<String> = rust_files(&src())
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a `//!` paragraph: {missing:#?}"
    );
}

/// What the pure layers must not mention: crates of the window, the index and
/// the database, and the file system.
const FORBIDDEN_IN_PURE_LAYERS: &[&str] = &[
    "egui",
    "eframe",
    "tantivy",
    "rusqlite",
    "rfd",
    "std::fs",
    "std::net",
    "File::",
    "crate::store",
    "crate::index",
    "crate::workbench",
    "crate::gui",
    "crate::cli",
];

/// Whether `code` names `word` as a path of its own: "File::" in
/// "std::fs::File::open", not in "KeyFile::new".
fn mentions(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_alphanumeric() || before == '_')
    })
}

#[test]
fn model_and_edit_know_nothing_of_the_window_index_database_or_files() {
    let mut offences = Vec::new();
    for layer in ["model", "edit", "pseudonyms"] {
        for path in rust_files(&src().join(layer)) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for word in FORBIDDEN_IN_PURE_LAYERS {
                    if mentions(code, word) {
                        offences.push(format!(
                            "{}:{}: {}",
                            path.display(),
                            number + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "pure layers reach outside: {offences:#?}"
    );
}

#[test]
fn only_store_speaks_sql_and_only_gui_draws() {
    let mut offences = Vec::new();
    for path in rust_files(&src()) {
        let relative = path
            .strip_prefix(src())
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.contains("rusqlite") && !relative.starts_with("store") {
            offences.push(format!("{relative} uses rusqlite"));
        }
        if (text.contains("egui::") || text.contains("eframe::")) && !relative.starts_with("gui") {
            offences.push(format!("{relative} draws"));
        }
        if text.contains("rfd::") && !relative.starts_with("gui") {
            offences.push(format!("{relative} opens dialogs"));
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

/// The layers below the workbench, which the workbench, the command line and
/// the window are built on and which must not reach back up to them.
const LOWER_LAYERS: &[&str] = &[
    "model",
    "edit",
    "pseudonyms",
    "store",
    "index",
    "ingest",
    "analysis",
    "exchange",
    "media",
];

/// The places a lower layer would reach up to.
const UPPER_LAYERS: &[&str] = &["crate::workbench", "crate::cli", "crate::gui"];

/// The lines of `text` (comments aside) that name one of `words`, as
/// `path:line: code`.
fn lines_naming(path: &Path, text: &str, words: &[&str]) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or_default();
            words.iter().any(|word| code.contains(word))
        })
        .map(|(number, line)| format!("{}:{}: {}", path.display(), number + 1, line.trim()))
        .collect()
}

#[test]
fn no_lower_layer_imports_the_workbench_the_command_line_or_the_window() {
    let mut offences = Vec::new();
    for layer in LOWER_LAYERS {
        for path in rust_files(&src().join(layer)) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            offences.extend(lines_naming(&path, &text, UPPER_LAYERS));
        }
    }
    assert!(offences.is_empty(), "lower layers reach up: {offences:#?}");
}

#[test]
fn the_test_can_see_an_offence() {
    assert_eq!(
        lines_naming(
            Path::new("x.rs"),
            "use crate::model::Project;\nuse crate::workbench::now_ms; // no\n// crate::gui in a comment",
            UPPER_LAYERS
        ),
        ["x.rs:2: use crate::workbench::now_ms; // no"]
    );
    for layer in LOWER_LAYERS {
        assert!(src().join(layer).is_dir(), "src/{layer} exists");
    }
    // Guard against a scan that silently reads nothing.
    assert!(rust_files(&src().join("model")).len() >= 3);
    assert!(
        FORBIDDEN_IN_PURE_LAYERS
            .iter()
            .any(|word| "use rusqlite::Connection;".contains(word))
    );
}
