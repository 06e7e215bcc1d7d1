//! Finding a document's recording from the path it was linked with: as
//! linked (absolute, or relative to the project file's folder), else, when
//! the recording or the project has moved, a file of the same name beside
//! the project file or in its `recordings/` or `media/` folder.

use std::path::{Path, PathBuf};

/// The folders beside the project file where a moved recording is looked for.
pub const RECORDING_FOLDERS: [&str; 2] = ["recordings", "media"];

/// Where a linked recording was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// Where the link says.
    AsLinked(PathBuf),
    /// Not where the link says, but a file of its name was found here.
    Moved(PathBuf),
    /// Nowhere: the user has to say where it is.
    Missing,
}

impl Located {
    /// The file to play, if one was found.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Located::AsLinked(path) | Located::Moved(path) => Some(path),
            Located::Missing => None,
        }
    }
}

/// The path `linked` names, read relative to the project file's folder
/// when it is relative.
#[must_use]
pub fn resolve_linked(project_file: &Path, linked: &str) -> PathBuf {
    let linked = Path::new(linked);
    if linked.is_absolute() {
        return linked.to_path_buf();
    }
    project_folder(project_file).join(linked)
}

/// Finds the recording linked as `linked` from the project at `project_file`.
#[must_use]
pub fn locate_recording(project_file: &Path, linked: &str) -> Located {
    let as_linked = resolve_linked(project_file, linked);
    if as_linked.is_file() {
        return Located::AsLinked(as_linked);
    }
    // A path written on Windows still names its file.
    let Some(name) = linked
        .rsplit(['/', '\\'])
        .next()
        .filter(|name| !name.is_empty())
    else {
        return Located::Missing;
    };
    let folder = project_folder(project_file);
    std::iter::once(folder.clone())
        .chain(RECORDING_FOLDERS.iter().map(|sub| folder.join(sub)))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .map_or(Located::Missing, Located::Moved)
}

/// How a recording at `recording` is best written in the project: relative
/// to the project file's folder when it is inside it (so the two can move
/// together), otherwise absolute.
#[must_use]
pub fn link_text(project_file: &Path, recording: &Path) -> String {
    let absolute = std::path::absolute(recording).unwrap_or_else(|_| recording.to_path_buf());
    let folder = std::path::absolute(project_folder(project_file))
        .unwrap_or_else(|_| project_folder(project_file));
    match absolute.strip_prefix(&folder) {
        Ok(inside) if !inside.as_os_str().is_empty() => inside.to_string_lossy().into_owned(),
        _ => absolute.to_string_lossy().into_owned(),
    }
}

fn project_folder(project_file: &Path) -> PathBuf {
    match project_file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_recording_is_found_by_name_beside_the_project() {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = dir.path().join("study.polyphony");
        std::fs::create_dir(dir.path().join("recordings")).expect("folder");
        let moved = dir.path().join("recordings").join("int-01.m4a");
        std::fs::write(&moved, b"x").expect("write");
        assert_eq!(
            locate_recording(&project, "/old/laptop/int-01.m4a"),
            Located::Moved(moved.clone())
        );
        assert_eq!(
            locate_recording(&project, "recordings/int-01.m4a"),
            Located::AsLinked(moved)
        );
        assert_eq!(
            locate_recording(&project, "/old/int-02.m4a"),
            Located::Missing
        );
    }

    #[test]
    fn links_inside_the_project_folder_are_relative() {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = dir.path().join("study.polyphony");
        let inside = dir.path().join("media").join("a.mp3");
        assert_eq!(
            link_text(&project, &inside),
            format!("media{}a.mp3", std::path::MAIN_SEPARATOR)
        );
        let outside = Path::new("/elsewhere/a.mp3");
        assert_eq!(link_text(&project, outside), "/elsewhere/a.mp3");
    }
}
