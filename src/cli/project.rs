//! The commands that make, fill and step through a project: `new`, `demo`,
//! `import` (transcripts, attribute tables and other tools' REFI-QDA files),
//! and `undo` and `redo`.

use crate::cli::{PartialFailure, open_outline, open_write, output, user_name};
use crate::workbench::{ImportProgress, Workbench, build_demo, default_corpus_dir};
use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// `polyphony new PROJECT`.
#[derive(Debug, Args)]
pub struct NewArgs {
    project: PathBuf,
    /// Who is coding (default: your user name).
    #[arg(long)]
    coder: Option<String>,
}

/// `polyphony import PROJECT PATHS...`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    project: PathBuf,
    /// Transcript files or folders (txt, md, docx, odt, vtt, srt, pdf), or
    /// REFI-QDA projects and codebooks (qdpx, qde, qdc) from other tools.
    paths: Vec<PathBuf>,
    /// A CSV with one row per participant and any attribute columns.
    #[arg(long)]
    participants: Option<PathBuf>,
    /// A CSV with one row per document (interview, focus group, site, ...).
    #[arg(long = "document-attributes")]
    document_attributes: Option<PathBuf>,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony undo PROJECT` and `polyphony redo PROJECT`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    project: PathBuf,
    #[arg(long)]
    coder: Option<String>,
}

/// `polyphony demo PROJECT`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    project: PathBuf,
    /// The sample corpus folder (default: the one shipped with Polyphony).
    #[arg(long)]
    corpus: Option<PathBuf>,
}

/// `polyphony new`.
pub fn new(args: NewArgs) -> Result<()> {
    let name = args.coder.unwrap_or_else(user_name);
    let workbench = Workbench::create(&args.project, &name)?;
    outln!(
        "Created {} (coder: {}). Import transcripts with `polyphony import {} FILES...`.",
        args.project.display(),
        workbench.coder().name,
        args.project.display()
    );
    Ok(())
}

/// `polyphony demo`.
pub fn demo(args: DemoArgs) -> Result<()> {
    let corpus = args.corpus.unwrap_or_else(default_corpus_dir);
    let (workbench, report) = build_demo(&args.project, &corpus)?;
    let project = workbench.project();
    outln!(
        "Wrote the demo project {}: {} documents, {} participants, {} codes, {} codings.",
        args.project.display(),
        report.imported.len(),
        project.participants.len(),
        project.codes.len(),
        project.codings.len()
    );
    Ok(())
}

/// `polyphony undo`.
pub fn undo(args: &HistoryArgs) -> Result<()> {
    let label = open_outline(&args.project, args.coder.as_deref())?.undo()?;
    outln!("Undid: {label}");
    Ok(())
}

/// `polyphony redo`.
pub fn redo(args: &HistoryArgs) -> Result<()> {
    let label = open_outline(&args.project, args.coder.as_deref())?.redo()?;
    outln!("Redid: {label}");
    Ok(())
}

/// `polyphony import`: the attribute tables are read first, so a bad one stops
/// the import before any transcript is added.
pub fn import(args: ImportArgs) -> Result<()> {
    let ImportArgs {
        project,
        paths,
        participants,
        document_attributes,
        coder,
        json,
    } = args;
    let (project, participants, document_attributes) = (
        project.as_path(),
        participants.as_deref(),
        document_attributes.as_deref(),
    );
    if paths.is_empty() && participants.is_none() && document_attributes.is_none() {
        bail!(
            "name the transcripts or folders to import, for example `polyphony import {} interviews/`",
            project.display()
        );
    }
    if let Some(path) = participants {
        crate::workbench::read_participants_table(path)?;
    }
    if let Some(path) = document_attributes {
        let bytes =
            std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        crate::ingest::parse_attribute_csv(&name, &bytes, crate::workbench::DOCUMENT_KEYS)?;
    }
    let mut workbench = open_write(project, coder.as_deref())?;
    // REFI-QDA projects and codebooks from other tools come in whole, each as
    // one undo step; everything else is a transcript or a folder of them.
    let (exchange_files, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|path| path.is_file() && crate::workbench::is_exchange_file(path));
    let mut exchange_reports = Vec::new();
    let mut exchange_failures = Vec::new();
    for file in &exchange_files {
        match workbench.import_exchange_file(file) {
            Ok(report) => exchange_reports.push((file.display().to_string(), report)),
            Err(error) => {
                eprintln!("error: {} was not imported: {error}", file.display());
                exchange_failures.push(crate::workbench::Skipped {
                    path: file.display().to_string(),
                    reason: error.to_string(),
                    duplicate: false,
                });
            }
        }
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = workbench.import_paths(&paths, &mut |progress| match progress {
        ImportProgress::Reading { done, total, file } => {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(format!("reading {file}"));
        }
        ImportProgress::Saving => bar.set_message("saving"),
        ImportProgress::Indexing => bar.set_message("indexing"),
    })?;
    bar.finish_and_clear();
    let participants = participants
        .map(|path| workbench.import_participants_csv(path))
        .transpose()?;
    let documents = document_attributes
        .map(|path| workbench.import_document_attributes_csv(path))
        .transpose()?;
    output::import(
        &report,
        &exchange_reports,
        participants.as_ref(),
        documents.as_ref(),
        json,
    )?;
    let mut failed = exchange_failures;
    failed.extend(report.failed_arguments(&paths));
    match failed.last() {
        None => Ok(()),
        Some(last) => Err(PartialFailure(format!(
            "{} of the {} path(s) named could not be imported (the rest were); the last: {}: {}",
            failed.len(),
            exchange_files.len() + paths.len(),
            last.path,
            last.reason
        ))
        .into()),
    }
}
