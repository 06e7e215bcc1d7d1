//! Where the files of a REFI-QDA project come from: a QDPX zip archive, read
//! with caps on how much is inflated (per entry, in total, and by compression
//! ratio) so a zip bomb is refused rather than filling memory; or, for a bare
//! `project.qde`, the folder holding it. Paths that would leave the archive or
//! the folder (`../`, absolute paths, symbolic links out) are refused.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

const MIB: u64 = 1024 * 1024;

/// How much a reader may inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Bytes read from all entries together.
    pub total: u64,
    /// Bytes one entry (or one file beside a bare project) may hold.
    pub per_entry: u64,
    /// The largest inflated-to-compressed ratio accepted for an entry larger
    /// than `ratio_from`. Text compresses 3–20 times; a zip bomb a thousand.
    pub ratio: u64,
    pub ratio_from: u64,
}

/// The limits imports use.
pub(crate) const LIMITS: Limits = Limits {
    total: 512 * MIB,
    per_entry: 256 * MIB,
    ratio: 100,
    ratio_from: 4 * MIB,
};

/// A file found in the project, with the name it was found under.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Where an exchange project's files are read from: its zip archive, or the
/// folder beside a bare `.qde` (not to be confused with `crate::store`, the
/// project file).
pub(crate) struct SourceFiles {
    kind: SourceFilesKind,
    /// The folder the project file is in, for `relative://` paths.
    beside: PathBuf,
    label: String,
    limits: Limits,
    inflated: u64,
}

enum SourceFilesKind {
    Zip {
        archive: zip::ZipArchive<File>,
        entries: Vec<Entry>,
    },
    /// A bare project file: its sources are looked for in the folder holding it.
    Folder,
}

struct Entry {
    index: usize,
    /// The name with `/` separators, split into components.
    components: Vec<String>,
    size: u64,
    is_dir: bool,
}

/// How a project file was opened.
pub(crate) struct Opened {
    pub store: SourceFiles,
    /// The project XML (or codebook XML) and the name it was found under.
    pub xml: Found,
    pub is_zip: bool,
}

fn mib(bytes: u64) -> String {
    if bytes >= 1024 * MIB {
        format!("{:.1} GiB", bytes as f64 / (1024 * MIB) as f64)
    } else {
        format!("{} MiB", bytes.div_ceil(MIB))
    }
}

/// Splits a path written in a project into safe components: no `..`, no drive
/// or scheme, no NUL. `Err` means the path would leave the project.
pub(crate) fn safe_components(path: &str) -> Result<Vec<String>, ()> {
    let mut components = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(()),
            _ if part.contains(':') || part.contains('\0') => return Err(()),
            _ => components.push(part.to_owned()),
        }
    }
    Ok(components)
}

impl SourceFiles {
    /// Opens `path`: a zip archive (QDPX) if it starts like one, else a bare
    /// XML file. `xml_names` are the file names the project XML may have in an
    /// archive (compared without regard to case); the first found is read.
    pub fn open(
        path: &Path,
        label: &str,
        limits: Limits,
        xml_names: &[&str],
    ) -> Result<Opened, String> {
        let mut file = File::open(path).map_err(|error| format!("it cannot be opened: {error}"))?;
        let mut magic = [0u8; 4];
        let read = file
            .read(&mut magic)
            .map_err(|error| format!("it cannot be read: {error}"))?;
        let beside = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut store = SourceFiles {
            kind: SourceFilesKind::Folder,
            beside,
            label: label.to_owned(),
            limits,
            inflated: 0,
        };
        if read == 4 && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06") {
            let file = File::open(path).map_err(|error| format!("it cannot be opened: {error}"))?;
            let archive = zip::ZipArchive::new(file).map_err(|error| {
                format!("it is not a readable zip archive ({error}); a .qdpx file is a zip archive")
            })?;
            let entries = check_entries(&archive, limits)?;
            store.kind = SourceFilesKind::Zip { archive, entries };
            let xml = store.read_project_xml(xml_names)?;
            Ok(Opened {
                store,
                xml,
                is_zip: true,
            })
        } else {
            let bytes = read_capped(path, limits.per_entry, label)?;
            store.inflated = bytes.len() as u64;
            let name = path.file_name().map_or_else(
                || label.to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
            Ok(Opened {
                store,
                xml: Found { name, bytes },
                is_zip: false,
            })
        }
    }

    fn read_project_xml(&mut self, xml_names: &[&str]) -> Result<Found, String> {
        let SourceFilesKind::Zip { entries, .. } = &self.kind else {
            return Err("it is not an archive".to_owned());
        };
        let at_root = |entry: &&Entry| entry.components.len() == 1 && !entry.is_dir;
        let wanted = xml_names.iter().find_map(|wanted| {
            entries
                .iter()
                .filter(at_root)
                .find(|entry| entry.components[0].eq_ignore_ascii_case(wanted))
                .map(|entry| entry.components.clone())
        });
        // Any single .qde at the top will do: writers name it differently.
        let fallback = || {
            let qde: Vec<&Entry> = entries
                .iter()
                .filter(at_root)
                .filter(|entry| entry.components[0].to_lowercase().ends_with(".qde"))
                .collect();
            match qde.as_slice() {
                [only] => Some(only.components.clone()),
                _ => None,
            }
        };
        let Some(components) = wanted.or_else(fallback) else {
            return Err(format!(
                "the archive has no {} at its top level, so it is not a REFI-QDA project",
                xml_names.first().copied().unwrap_or("project.qde")
            ));
        };
        self.read(&components)?
            .ok_or_else(|| "the project XML could not be found in the archive".to_owned())
    }

    /// Whether the project is a zip archive (rather than a bare XML file).
    pub fn is_zip(&self) -> bool {
        matches!(self.kind, SourceFilesKind::Zip { .. })
    }

    /// Reads the file at `components`, compared without regard to case: an
    /// archive entry, or a file in the folder of a bare project.
    pub fn read(&mut self, components: &[String]) -> Result<Option<Found>, String> {
        match &self.kind {
            SourceFilesKind::Zip { entries, .. } => {
                let index = entries.iter().position(|entry| {
                    !entry.is_dir && same_components(&entry.components, components)
                });
                match index {
                    Some(position) => self.read_entry(position).map(Some),
                    None => Ok(None),
                }
            }
            SourceFilesKind::Folder => self.read_beside(components),
        }
    }

    /// Reads the only file called `file_name` (without regard to case) in any
    /// folder of the archive or in the `sources` folder beside a bare project.
    pub fn read_by_file_name(&mut self, file_name: &str) -> Result<Option<Found>, String> {
        match &self.kind {
            SourceFilesKind::Zip { entries, .. } => {
                let matches: Vec<usize> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, entry)| {
                        !entry.is_dir
                            && entry
                                .components
                                .last()
                                .is_some_and(|last| last.eq_ignore_ascii_case(file_name))
                    })
                    .map(|(position, _)| position)
                    .collect();
                match matches.as_slice() {
                    [only] => self.read_entry(*only).map(Some),
                    _ => Ok(None),
                }
            }
            SourceFilesKind::Folder => Ok(None),
        }
    }

    fn read_entry(&mut self, position: usize) -> Result<Found, String> {
        let limits = self.limits;
        let SourceFilesKind::Zip { archive, entries } = &mut self.kind else {
            return Err("it is not an archive".to_owned());
        };
        let Some(entry) = entries.get(position) else {
            return Err("an entry of the archive is missing".to_owned());
        };
        let name = entry.components.join("/");
        if self.inflated.saturating_add(entry.size) > limits.total {
            return Err(format!(
                "its entries inflate to more than {} together, more than any project needs; it may be a zip bomb",
                mib(limits.total)
            ));
        }
        let cap = entry.size.min(limits.per_entry);
        let mut file = archive
            .by_index(entry.index)
            .map_err(|error| format!("the entry {name} cannot be read: {error}"))?;
        let mut bytes = Vec::new();
        // One byte past the declared size tells a truthful header from a lying one.
        (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|error| format!("the entry {name} cannot be unpacked: {error}"))?;
        if bytes.len() as u64 > cap {
            return Err(format!(
                "the entry {name} inflates to more than the {} its header declares; the archive is damaged or hostile",
                mib(entry.size)
            ));
        }
        self.inflated += bytes.len() as u64;
        Ok(Found { name, bytes })
    }

    /// Reads a file beside the project on disk, compared without regard to
    /// case, never leaving that folder.
    pub fn read_beside(&mut self, components: &[String]) -> Result<Option<Found>, String> {
        let Ok(base) = self.beside.canonicalize() else {
            return Ok(None);
        };
        let mut path = base.clone();
        for component in components {
            let exact = path.join(component);
            if exact.exists() {
                path = exact;
                continue;
            }
            let Ok(listing) = std::fs::read_dir(&path) else {
                return Ok(None);
            };
            let found = listing
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|candidate| {
                    candidate
                        .file_name()
                        .is_some_and(|name| name.to_string_lossy().eq_ignore_ascii_case(component))
                });
            match found {
                Some(found) => path = found,
                None => return Ok(None),
            }
        }
        if !path.is_file() {
            return Ok(None);
        }
        let resolved = path
            .canonicalize()
            .map_err(|error| format!("{} cannot be read: {error}", path.display()))?;
        if !resolved.starts_with(&base) {
            return Err(format!(
                "{} leads outside the folder of the project (through a link); it was not read",
                components.join("/")
            ));
        }
        let remaining = self.limits.total.saturating_sub(self.inflated);
        let bytes = read_capped(&resolved, self.limits.per_entry.min(remaining), &self.label)?;
        self.inflated += bytes.len() as u64;
        let name = resolved.strip_prefix(&base).map_or_else(
            |_| resolved.display().to_string(),
            |relative| relative.display().to_string(),
        );
        Ok(Some(Found { name, bytes }))
    }
}

fn same_components(entry: &[String], wanted: &[String]) -> bool {
    entry.len() == wanted.len()
        && entry
            .iter()
            .zip(wanted)
            .all(|(have, want)| have.eq_ignore_ascii_case(want))
}

/// Checks every entry before anything is inflated: names that leave the
/// archive, encrypted entries, declared sizes and compression ratios.
fn check_entries(archive: &zip::ZipArchive<File>, limits: Limits) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::with_capacity(archive.len());
    let mut declared_total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|error| format!("entry {index} of the archive cannot be read: {error}"))?;
        let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let components = safe_components(&raw_name).map_err(|()| {
            format!(
                "the archive holds an entry named {raw_name:?}, whose path leads outside the archive; the file may be hostile and was not read"
            )
        })?;
        if raw_name.starts_with(['/', '\\']) {
            return Err(format!(
                "the archive holds an entry with the absolute path {raw_name:?}; the file may be hostile and was not read"
            ));
        }
        if entry.encrypted() {
            return Err(format!(
                "the entry {raw_name} is encrypted; export the project again without a password"
            ));
        }
        let size = entry.size();
        let compressed = entry.compressed_size();
        if size > limits.per_entry {
            return Err(format!(
                "the entry {raw_name} declares {} when inflated, more than the {} Polyphony reads from one entry; the file may be a zip bomb",
                mib(size),
                mib(limits.per_entry)
            ));
        }
        if size > limits.ratio_from && size > compressed.saturating_mul(limits.ratio) {
            return Err(format!(
                "the entry {raw_name} inflates {}:1 (from {} bytes to {}), far more than text compresses; the file may be a zip bomb",
                size / compressed.max(1),
                compressed,
                mib(size)
            ));
        }
        declared_total = declared_total.saturating_add(size);
        entries.push(Entry {
            index,
            components,
            size,
            is_dir: entry.is_dir(),
        });
    }
    if declared_total > limits.total.saturating_mul(4) {
        // Sources that are not text (audio, video) are never inflated, so only
        // a total far past the limit is refused here; the limit itself is
        // enforced on what is actually read.
        return Err(format!(
            "its entries declare {} together; Polyphony reads at most {} from a project, so the file may be a zip bomb",
            mib(declared_total),
            mib(limits.total)
        ));
    }
    Ok(entries)
}

/// Reads a file from disk, refusing it if it holds more than `limit` bytes.
fn read_capped(path: &Path, limit: u64, label: &str) -> Result<Vec<u8>, String> {
    let file =
        File::open(path).map_err(|error| format!("{} cannot be read: {error}", path.display()))?;
    let declared = file.metadata().map_or(0, |meta| meta.len());
    if declared > limit {
        return Err(format!(
            "{} holds {}, more than the {} Polyphony reads from one file",
            path.file_name().map_or_else(
                || label.to_owned(),
                |name| name.to_string_lossy().into_owned()
            ),
            mib(declared),
            mib(limit)
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{} cannot be read: {error}", path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{} grew past {} while it was read",
            path.display(),
            mib(limit)
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
        let file = File::create(path).expect("create zip");
        let mut zip = zip::ZipWriter::new(file);
        for (name, bytes) in entries {
            zip.start_file(*name, SimpleFileOptions::default())
                .expect("start entry");
            zip.write_all(bytes).expect("write entry");
        }
        zip.finish().expect("finish zip");
    }

    const SMALL: Limits = Limits {
        total: 3000,
        per_entry: 2000,
        ratio: 1000,
        ratio_from: 1_000_000,
    };

    #[test]
    fn entries_are_found_without_regard_to_case() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.qdpx");
        write_zip(
            &path,
            &[("Project.qde", b"<Project/>"), ("Sources/AB.txt", b"hi")],
        );
        let mut opened =
            SourceFiles::open(&path, "p.qdpx", LIMITS, &["project.qde"]).expect("opens");
        assert!(opened.is_zip);
        assert_eq!(opened.xml.bytes, b"<Project/>");
        let found = opened
            .store
            .read(&["sources".to_owned(), "ab.TXT".to_owned()])
            .expect("reads");
        assert_eq!(found.map(|found| found.bytes), Some(b"hi".to_vec()));
        let by_name = opened.store.read_by_file_name("ab.txt").expect("reads");
        assert_eq!(
            by_name.map(|found| found.name),
            Some("Sources/AB.txt".to_owned())
        );
    }

    #[test]
    fn limits_hold_per_entry_and_in_total() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.qdpx");
        let big = vec![b'a'; 2500];
        write_zip(
            &path,
            &[("project.qde", b"<Project/>"), ("sources/big.txt", &big)],
        );
        let error = SourceFiles::open(&path, "p.qdpx", SMALL, &["project.qde"])
            .err()
            .unwrap_or_default();
        assert!(error.contains("sources/big.txt declares"), "{error}");

        let part = vec![b'a'; 1500];
        write_zip(
            &path,
            &[
                ("project.qde", b"<Project/>"),
                ("sources/a.txt", &part),
                ("sources/b.txt", &part),
            ],
        );
        let mut opened =
            SourceFiles::open(&path, "p.qdpx", SMALL, &["project.qde"]).expect("opens");
        assert!(
            opened
                .store
                .read(&["sources".to_owned(), "a.txt".to_owned()])
                .is_ok()
        );
        let error = opened
            .store
            .read(&["sources".to_owned(), "b.txt".to_owned()])
            .err()
            .unwrap_or_default();
        assert!(error.contains("together"), "{error}");
    }

    #[test]
    fn paths_that_leave_are_refused() {
        assert!(safe_components("../etc/passwd").is_err());
        assert!(safe_components("sources\\..\\..\\x").is_err());
        assert!(safe_components("C:/Windows/x").is_err());
        assert_eq!(
            safe_components("/sources//./a.txt"),
            Ok(vec!["sources".to_owned(), "a.txt".to_owned()])
        );
    }

    #[test]
    fn bare_projects_read_their_folder_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = dir.path().join("inner");
        std::fs::create_dir_all(project.join("Sources")).expect("folders");
        std::fs::write(project.join("project.qde"), "<Project/>").expect("write");
        std::fs::write(project.join("Sources").join("A.txt"), "text").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        let mut opened =
            SourceFiles::open(&project.join("project.qde"), "project.qde", LIMITS, &[])
                .expect("opens");
        assert!(!opened.is_zip);
        let found = opened
            .store
            .read(&["sources".to_owned(), "a.txt".to_owned()])
            .expect("reads");
        assert_eq!(found.map(|found| found.bytes), Some(b"text".to_vec()));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), project.join("link.txt"))
                .expect("symlink");
            let error = opened
                .store
                .read(&["link.txt".to_owned()])
                .err()
                .unwrap_or_default();
            assert!(error.contains("outside the folder"), "{error}");
        }
    }
}
