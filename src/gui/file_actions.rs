//! What the File menu does once it has a path: open, create or build a project,
//! and import transcripts or attribute CSVs, each turned into a sentence for the
//! window to show rather than an error that could end the program.

use crate::model::Project;
use crate::workbench::{self, AttributeReport, Leaving, TranscriptImportReport, Workbench};
use std::path::{Path, PathBuf};

/// A project made ready for the window, with anything the user should know
/// about how it was opened.
pub struct Opened {
    pub workbench: Workbench,
    pub notice: Option<String>,
}

/// Opens a project for writing, or read-only when another window or process
/// holds it, saying so. An out-of-date search index is left for the window
/// to rebuild off the UI thread.
pub fn open_project(path: &Path) -> Result<Opened, String> {
    match Workbench::open_for_window(path, None) {
        Ok(workbench) => Ok(Opened {
            workbench,
            notice: None,
        }),
        Err(error) if error.held_by().is_some() => {
            let holder = error.held_by().unwrap_or_default();
            let workbench = Workbench::open_read_only_for_window(path, &mut |_, _| {})
                .map_err(|error| error.to_string())?;
            Ok(Opened {
                workbench,
                notice: Some(format!(
                    "{} is open for writing by {holder}, so it was opened read-only here. \
                     Close it there and open it again to make changes.",
                    path.display()
                )),
            })
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Creates a new, empty project. A path without an extension gets `.polyphony`.
pub fn create_project(path: &Path, coder: &str) -> Result<Opened, String> {
    let path = if path.extension().is_none() {
        path.with_extension("polyphony")
    } else {
        path.to_path_buf()
    };
    let workbench = Workbench::create(&path, coder).map_err(|error| error.to_string())?;
    Ok(Opened {
        workbench,
        notice: Some(format!(
            "Created {}. Import transcripts from the File menu to begin.",
            path.display()
        )),
    })
}

/// Opens the demo project, building it from the sample corpus first when it
/// is not there yet.
pub fn open_or_build_demo(path: &Path) -> Result<Opened, String> {
    if path.exists() {
        return open_project(path);
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("could not create {}: {error}", folder.display()))?;
    }
    match workbench::build_demo(path, &workbench::default_corpus_dir()) {
        Ok((workbench, _)) => Ok(Opened {
            workbench,
            notice: Some(format!(
                "This is the demo project, built from the fictional sample corpus at {}.",
                path.display()
            )),
        }),
        Err(error) => Err(format!("could not build the demo project: {error}")),
    }
}

/// Imports transcripts and says what happened.
pub fn import_transcripts(workbench: &mut Workbench, paths: &[PathBuf]) -> Result<String, String> {
    let report = workbench
        .import_paths(paths, &mut |_| {})
        .map_err(|error| error.to_string())?;
    Ok(describe_import(&report))
}

/// Imports transcripts a worker read and parsed, and says what happened.
pub fn import_read_transcripts(
    workbench: &mut Workbench,
    transcripts: Vec<workbench::ReadTranscript>,
) -> Result<String, String> {
    let report = workbench
        .import_read_transcripts(transcripts, &mut |_| {})
        .map_err(|error| error.to_string())?;
    Ok(describe_import(&report))
}

fn describe_import(report: &TranscriptImportReport) -> String {
    let mut lines = vec![format!(
        "Imported {} {}{}; skipped {}.",
        report.imported.len(),
        crate::words::plural(report.imported.len(), "document", "documents"),
        if report.imported.is_empty() {
            String::new()
        } else {
            format!(" ({})", report.imported.join(", "))
        },
        report.skipped.len(),
    )];
    lines.extend(
        report
            .skipped
            .iter()
            .map(|skipped| format!("Skipped {}: {}", skipped.path, skipped.reason)),
    );
    if !report.new_participants.is_empty() {
        lines.push(format!(
            "New participants: {}.",
            report.new_participants.join(", ")
        ));
    }
    lines.extend(report.speaker_lines());
    lines.extend(report.warnings.iter().cloned());
    lines.join("\n")
}

/// Imports a REFI-QDA project or codebook as one undoable step and says what
/// was read, what was doubtful and what could not be carried.
pub fn import_exchange(workbench: &mut Workbench, path: &Path) -> Result<String, String> {
    let report = workbench
        .import_exchange_file(path)
        .map_err(|error| error.to_string())?;
    let mut lines = vec![format!(
        "Imported {}: {}.",
        path.display(),
        report.summary.join(", ")
    )];
    lines.extend(
        report
            .warnings
            .iter()
            .map(|warning| format!("Warning: {warning}")),
    );
    if !report.not_carried.is_empty() {
        lines.push("Not carried (Polyphony has no place for them yet):".to_owned());
        lines.extend(report.not_carried.iter().map(|line| format!("  - {line}")));
    }
    Ok(lines.join("\n"))
}

/// Attaches participant attributes from a CSV and says what happened.
pub fn import_participants(workbench: &mut Workbench, path: &Path) -> Result<String, String> {
    let report = workbench
        .import_participants_csv(path)
        .map_err(|error| error.to_string())?;
    Ok(describe_attributes(&report, "participant", "participants"))
}

/// Attaches document attributes from a CSV and says what happened.
pub fn import_document_attributes(
    workbench: &mut Workbench,
    path: &Path,
) -> Result<String, String> {
    let report = workbench
        .import_document_attributes_csv(path)
        .map_err(|error| error.to_string())?;
    Ok(describe_attributes(&report, "document", "documents"))
}

fn describe_attributes(report: &AttributeReport, one: &str, many: &str) -> String {
    let mut text = format!(
        "Attached {} to {} {}",
        if report.columns.is_empty() {
            "no columns".to_owned()
        } else {
            report.columns.join(", ")
        },
        report.updated.len() + report.created.len(),
        crate::words::plural(report.updated.len() + report.created.len(), one, many),
    );
    if !report.created.is_empty() {
        text.push_str(&format!(
            ", {} of them new ({})",
            report.created.len(),
            report.created.join(", ")
        ));
    }
    text.push('.');
    text
}

/// Who a new project's first coder is: the current coder when a project is
/// open, else the login name.
#[must_use]
pub fn default_coder(current: Option<&str>) -> String {
    current
        .map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "researcher".to_owned())
}

/// The project's name for titles: its file name without `.polyphony`.
pub fn title_of(workbench: &Workbench) -> String {
    workbench.path().file_stem().map_or_else(
        || "Polyphony project".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// Writes the theme report of `project` (as it leaves the project, titled
/// `title`) to `out`, in the format its extension names.
pub fn export_report(project: &Project, title: &str, out: &Path) -> Result<String, String> {
    use crate::exchange::report::{Report, ReportFormat};
    let format = ReportFormat::from_extension(out).ok_or_else(|| {
        format!(
            "{} was not written: name it .docx, .html or .md",
            out.display()
        )
    })?;
    let report = Report::of(project, title, "group", crate::workbench::now_ms())
        .with_project_choices(project);
    report
        .save(format, out)
        .map_err(|error| error.to_string())?;
    Ok(format!(
        "Wrote the theme report {} ({} themes).",
        out.display(),
        report.themes.len()
    ))
}

/// Writes `table` (from the Study tables) to `out`, as CSV or Excel by its
/// extension, each of its texts as `leaving` shows them.
pub fn export_study_table(
    leaving: &Leaving<'_>,
    table: &crate::exchange::FigureTable,
    out: &Path,
) -> Result<String, String> {
    use crate::exchange::tables::TableFormat;
    let format = match out
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => TableFormat::Csv,
        Some("xlsx") => TableFormat::Xlsx,
        _ => {
            return Err(format!(
                "{} was not written: name it .csv or .xlsx",
                out.display()
            ));
        }
    };
    // The table was worked out from the real project: each of its texts is
    // replaced as it leaves.
    let table = table.with_texts(|text| leaving.name(text));
    table
        .write(&leaving.project, format, out)
        .map_err(|error| error.to_string())?;
    Ok(format!(
        "Wrote {} ({}, {} rows).",
        out.display(),
        table.title,
        table.rows.len()
    ))
}

/// Writes the thematic map of `project` (titled `title`) to `out` (.png or .svg).
pub fn export_map(project: &Project, title: &str, out: &Path) -> Result<String, String> {
    let map = crate::analysis::map::thematic_map(project);
    crate::exchange::map_image::write_map(&map, &format!("Thematic map: {title}"), out)
        .map_err(|error| error.to_string())?;
    Ok(format!("Wrote the thematic map {}.", out.display()))
}

/// Writes the review packet of `project` (titled `title`) to `out`.
pub fn write_review_packet(project: &Project, title: &str, out: &Path) -> Result<String, String> {
    crate::exchange::review_packet::write_review_packet(project, title, out)
        .map_err(|error| error.to_string())?;
    Ok(format!(
        "Wrote the review packet {}. Send it to the co-author; bring their saved file back with File > Import review comments.",
        out.display()
    ))
}

/// Adds the comments a co-author saved from a review packet, as one step.
pub fn import_review_comments(workbench: &mut Workbench, file: &Path) -> Result<String, String> {
    let (command, import) = workbench
        .review_import_command(file)
        .map_err(|error| error.to_string())?;
    let label = workbench
        .apply(command)
        .map_err(|error| error.to_string())?;
    let mut notice = format!("Done: {label}.");
    if !import.skipped.is_empty() {
        notice.push_str(&format!(" Skipped: {}.", import.skipped.join("; ")));
    }
    Ok(notice)
}
