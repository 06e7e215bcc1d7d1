//! The commands that write files for other people and tools: `export`
//! (REFI-QDA projects and codebooks, and tables for Excel, R and SPSS),
//! `report` (the theme report as Word, HTML or Markdown) and `map` (the
//! thematic map as SVG or PNG).

use crate::cli::open_read;
use crate::cli::pseudonyms::{PrivacyArgs, leaving_project};
use crate::exchange::report::{Report, ReportFormat};
use crate::exchange::tables::{Table, TableFormat, write_table};
use crate::pseudonyms::Texts;
use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;

/// `polyphony export PROJECT --format F --out FILE`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    project: PathBuf,
    #[arg(long, value_enum)]
    format: ExportFormat,
    #[arg(long)]
    out: PathBuf,
    /// For matrix formats: count by this participant attribute instead of
    /// by document.
    #[arg(long)]
    by: Option<String>,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    privacy: PrivacyArgs,
}

/// What `polyphony export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Qdpx,
    Qdc,
    SegmentsCsv,
    SegmentsXlsx,
    CodebookCsv,
    CodebookXlsx,
    MatrixCsv,
    MatrixXlsx,
}

/// `polyphony report PROJECT --format F --out FILE`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    project: PathBuf,
    #[arg(long, value_enum)]
    format: ReportFormatArg,
    #[arg(long)]
    out: PathBuf,
    /// The participant attribute of the prevalence table.
    #[arg(long, default_value = "group")]
    by: String,
    /// The report's title (default: the project's name).
    #[arg(long)]
    title: Option<String>,
    /// Add an appendix of codings of each code by the --by attribute.
    #[arg(long)]
    codes_by_group: bool,
    /// Add the agreement between these coders (comma-separated) to the
    /// methods: the methods paragraph and the overall figures.
    #[arg(long, value_delimiter = ',', value_name = "CODER,CODER")]
    agreement: Option<Vec<String>>,
    #[command(flatten)]
    privacy: PrivacyArgs,
}

/// `polyphony map PROJECT --out FILE`.
#[derive(Debug, Args)]
pub struct MapArgs {
    project: PathBuf,
    /// The image to write: .svg or .png.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    privacy: PrivacyArgs,
}

/// `polyphony export`.
pub fn export(args: ExportArgs) -> Result<()> {
    let ExportArgs {
        project,
        format,
        out,
        by,
        json,
        privacy,
    } = args;
    let out = out.as_path();
    let workbench = open_read(&project)?;
    let leaving = leaving_project(
        &workbench,
        &project,
        &privacy,
        &out.display().to_string(),
        Texts::All,
    )?;
    let project = leaving.project.as_ref();
    let table = |table: Table, table_format: TableFormat| -> Result<Vec<String>> {
        let rows = write_table(project, &table, table_format, out)?;
        Ok(vec![format!("{rows} rows")])
    };
    let (written, not_carried) = match format {
        ExportFormat::Qdpx => {
            let report = crate::exchange::qdpx::write_qdpx(project, out)?;
            (report.written, report.not_carried)
        }
        ExportFormat::Qdc => {
            let report = crate::exchange::qdc::write_qdc(project, out)?;
            (report.written, report.not_carried)
        }
        ExportFormat::SegmentsCsv => (table(Table::Segments, TableFormat::Csv)?, Vec::new()),
        ExportFormat::SegmentsXlsx => (table(Table::Segments, TableFormat::Xlsx)?, Vec::new()),
        ExportFormat::CodebookCsv => (table(Table::Codebook, TableFormat::Csv)?, Vec::new()),
        ExportFormat::CodebookXlsx => (table(Table::Codebook, TableFormat::Xlsx)?, Vec::new()),
        ExportFormat::MatrixCsv => (table(Table::Matrix { by }, TableFormat::Csv)?, Vec::new()),
        ExportFormat::MatrixXlsx => (table(Table::Matrix { by }, TableFormat::Xlsx)?, Vec::new()),
    };
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "out": out.display().to_string(),
                "written": written,
                "not_carried": not_carried,
            }))?
        );
        return Ok(());
    }
    outln!("Wrote {}: {}.", out.display(), written.join(", "));
    if !not_carried.is_empty() {
        outln!("Not carried (the format has no place for them):");
        for line in &not_carried {
            outln!("  - {line}");
        }
    }
    Ok(())
}

/// The formats `polyphony report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormatArg {
    Docx,
    Html,
    Md,
}

/// `polyphony report`.
pub fn report(args: ReportArgs) -> Result<()> {
    let ReportArgs {
        project: project_path,
        format,
        out,
        by,
        title,
        codes_by_group,
        agreement,
        privacy,
    } = args;
    let workbench = open_read(&project_path)?;
    let leaving = leaving_project(
        &workbench,
        &project_path,
        &privacy,
        &out.display().to_string(),
        Texts::KeyQuotes,
    )?;
    let project = leaving.project.as_ref();
    let format = match format {
        ReportFormatArg::Docx => ReportFormat::Docx,
        ReportFormatArg::Html => ReportFormat::Html,
        ReportFormatArg::Md => ReportFormat::Markdown,
    };
    if let Some(implied) = ReportFormat::from_extension(&out)
        && implied != format
    {
        bail!(
            "{} ends in a different format than --format asks for; name the file to match",
            out.display()
        );
    }
    let title = title.unwrap_or_else(|| {
        project_path.file_stem().map_or_else(
            || "Theme report".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        )
    });
    let title = leaving.text(&title);
    let mut report = Report::of(project, &title, &by, crate::workbench::now_ms());
    if codes_by_group {
        report = report.with_codes_by_group(project).map_err(|reason| {
            anyhow::anyhow!("the codes-by-group appendix cannot be made: {reason}")
        })?;
    }
    if let Some(coders) = agreement {
        report = report
            .with_agreement(leaving.text(&super::team::agreement_for_report(&workbench, &coders)?));
    }
    let report = report.with_project_choices(project);
    report.save(format, &out)?;
    outln!(
        "Wrote {}: {} theme(s), {} key quote(s).",
        out.display(),
        report.themes.len(),
        report
            .themes
            .iter()
            .map(|theme| theme.quotes.len())
            .sum::<usize>()
    );
    Ok(())
}

/// `polyphony map`.
pub fn map(args: &MapArgs) -> Result<()> {
    let workbench = open_read(&args.project)?;
    let leaving = leaving_project(
        &workbench,
        &args.project,
        &args.privacy,
        &args.out.display().to_string(),
        Texts::None,
    )?;
    let map = crate::analysis::map::thematic_map(&leaving.project);
    let title = args
        .project
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    crate::exchange::map_image::write_map(
        &map,
        &format!("Thematic map: {}", leaving.text(&title)),
        &args.out,
    )?;
    let themes = map
        .nodes
        .iter()
        .filter(|node| node.status.is_some())
        .count();
    outln!(
        "Wrote {}: {themes} theme(s) and {} code(s).",
        args.out.display(),
        map.nodes.len() - themes
    );
    Ok(())
}
