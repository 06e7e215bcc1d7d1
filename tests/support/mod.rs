//! What the test binaries share: the demo project, the sample corpus, the
//! REFI-QDA material beside the project, and the check that an outside tool
//! is installed (which skips a test on a developer's machine that lacks it,
//! and fails it under CI, which must have it).

#![allow(
    dead_code,
    reason = "each test binary includes this module and uses only part of it"
)]

pub mod server;
#[cfg(feature = "gui")]
pub mod window;

use polyphony::workbench::{Workbench, build_demo, default_corpus_dir};
use std::path::{Path, PathBuf};

/// The demo project (the sample corpus, coded), built in `dir`.
pub fn demo(dir: &Path) -> Workbench {
    let (workbench, _) = build_demo(&dir.join("demo.polyphony"), &default_corpus_dir())
        .expect("the demo project builds");
    workbench
}

/// The sample corpus shipped with the project.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus")
}

/// `text` with its runs of white space made single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the tests run under CI (`.ci/run` sets `CI`), where every outside
/// tool must be present.
fn under_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Says why a test cannot run here. Under CI this fails the test; elsewhere
/// it prints how to get what is missing, and the caller skips.
fn missing(what: &str, how: &str) {
    assert!(!under_ci(), "CI must have {what}: {how}");
    eprintln!("skipped: {what} is missing here; {how}");
}

/// Whether the program `tool` is on the `PATH`. If it is not, the test says
/// which Debian package has it; see [`missing`].
pub fn tool_installed(tool: &str, debian_package: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    if !found {
        missing(
            &format!("`{tool}`"),
            &format!("install it with `sudo apt-get install {debian_package}`"),
        );
    }
    found
}

/// A file of the REFI-QDA material (schemas and other tools' samples) kept
/// in `../shared/refi` beside the project, or `None` where this checkout has
/// none; see [`missing`].
pub fn refi(relative: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi");
    if root.is_dir() {
        Some(root.join(relative))
    } else {
        missing(
            "the REFI-QDA schemas and samples",
            "put the team's `shared` folder beside the project, so that `../shared/refi` exists",
        );
        None
    }
}

/// Whether a Vulkan loader and at least one driver for it are installed, as
/// the snapshot images need (Mesa's lavapipe where there is no GPU). If not,
/// the test says which Debian packages have them; see [`missing`].
pub fn vulkan_installed() -> bool {
    let has_driver = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .flatten()
        .any(|entry| entry.path().extension().is_some_and(|ext| ext == "json"));
    let has_loader = [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
    ]
    .iter()
    .any(|dir| Path::new(dir).join("libvulkan.so.1").exists());
    let installed = has_driver && has_loader;
    if !installed {
        missing(
            "a Vulkan driver",
            "install one with `sudo apt-get install libvulkan1 mesa-vulkan-drivers`",
        );
    }
    installed
}

/// The name of the first code of `workbench`'s project, by id.
pub fn first_code_name(workbench: &Workbench) -> String {
    workbench
        .project()
        .codes
        .values()
        .next()
        .expect("the project has a code")
        .name
        .clone()
}

/// Renames the code called `from` to `to`, as one step.
pub fn rename_code(workbench: &mut Workbench, from: &str, to: &str) {
    let id = workbench
        .project()
        .codes
        .values()
        .find(|code| code.name == from)
        .unwrap_or_else(|| panic!("a code called {from}"))
        .id;
    let command = workbench
        .commands()
        .update_code(id, |code| to.clone_into(&mut code.name))
        .expect("the rename is built");
    workbench.apply(command).expect("the rename applies");
}

/// The demo project with a second coder, Sam, who coded a few passages the
/// lead coded too (each a little longer), all in the first document by
/// name, merged in from Sam's copy.
pub fn two_coders(dir: &std::path::Path) -> Workbench {
    let mut lead = demo(dir);
    let copy = dir.join("sam.polyphony");
    lead.write_copy(&copy, "Sam", true)
        .expect("the copy is written");
    let first = lead.project().documents_by_name()[0].id;
    let passages: Vec<_> = lead
        .project()
        .codings_in(first)
        .into_iter()
        .take(6)
        .cloned()
        .collect();
    let mut sam = Workbench::open(&copy, Some("Sam"), &mut |_, _| {}).expect("the copy opens");
    for coding in passages {
        let (command, _) = sam
            .commands()
            .code_range(
                coding.document,
                coding.start,
                coding.end + 3,
                &sam.project().code_path(coding.code),
            )
            .expect("the coding is built");
        sam.apply(command).expect("the coding applies");
    }
    drop(sam);
    let prepared = lead
        .prepare_merge(&copy, &polyphony::edit::merge::Choices::default())
        .expect("the merge is worked out");
    lead.merge_copy(prepared).expect("the merge applies");
    lead
}

/// The project XML of the QDPX at `path`, changed by `change`, written back
/// with its sources as they were.
pub fn rewrite_qdpx(path: &std::path::Path, change: impl Fn(String) -> String) {
    use std::io::{Read as _, Write as _};
    let bytes = std::fs::read(path).expect("the export");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read");
        entries.push((entry.name().expect("a name").into_owned(), content));
    }
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).expect("write"));
    for (name, content) in entries {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("an entry");
        if name == "project.qde" {
            let xml = change(String::from_utf8(content).expect("UTF-8"));
            out.write_all(xml.as_bytes()).expect("write");
        } else {
            out.write_all(&content).expect("write");
        }
    }
    out.finish().expect("the archive");
}
