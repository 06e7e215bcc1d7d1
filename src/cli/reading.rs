//! The commands that read a project without changing it: `docs`, `show`,
//! `participants`, `search`, `codes`, `segments`, `log` and `uncovered`, each
//! printing text for people or JSON for scripts.

use crate::cli::shown::ShownArgs;
use crate::cli::{find_code, find_document, index_progress, output, parse_conditions};
use crate::index::{Query, SearchFilter};
use crate::model::SegmentFilter;
use crate::workbench::Workbench;
use anyhow::{Context, Result, anyhow};
use clap::Args;
use std::path::PathBuf;

/// A listing of the whole project: `docs`, `participants`, `log`, `uncovered`.
#[derive(Debug, Args)]
pub struct ListArgs {
    pub project: PathBuf,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// `polyphony show PROJECT DOCUMENT`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    project: PathBuf,
    /// Document name, file name, id or unique name prefix.
    document: String,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// `polyphony search PROJECT QUERY`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    project: PathBuf,
    query: String,
    #[arg(long)]
    regex: bool,
    #[arg(long)]
    speaker: Option<String>,
    #[arg(long = "doc")]
    document: Option<String>,
    /// Participant attribute the speaker must have, as NAME=VALUE (repeatable).
    #[arg(long = "where", value_name = "ATTR=VALUE")]
    conditions: Vec<String>,
    /// Only hits inside codings of this code (or its children).
    #[arg(long)]
    code: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// `polyphony codes PROJECT`.
#[derive(Debug, Args)]
pub struct CodesArgs {
    pub project: PathBuf,
    /// Also count codings by this participant attribute, e.g. --by group.
    #[arg(long)]
    pub by: Option<String>,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// `polyphony segments PROJECT`.
#[derive(Debug, Args)]
pub struct SegmentsArgs {
    project: PathBuf,
    /// Code name, path or id; its child codes are included.
    #[arg(long)]
    code: Option<String>,
    #[arg(long)]
    speaker: Option<String>,
    #[arg(long = "doc")]
    document: Option<String>,
    #[arg(long)]
    coder: Option<String>,
    /// Participant attribute, as NAME=VALUE (repeatable).
    #[arg(long = "where", value_name = "ATTR=VALUE")]
    conditions: Vec<String>,
    #[arg(long)]
    json: bool,
    /// Write CSV (one row per coding) instead, for Excel, R or SPSS.
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// `polyphony show`: only the one document's text is read.
pub fn show(args: &ShowArgs) -> Result<()> {
    let mut workbench = Workbench::open_read_only_outline(&args.project)?;
    args.shown.apply(&workbench)?;
    let document = find_document(&workbench, &args.document)?.id;
    workbench.load_bodies([document])?;
    output::show(&workbench, document, args.json)
}

/// `polyphony search`.
pub fn search(args: SearchArgs) -> Result<()> {
    let mut workbench = Workbench::open_read_only_outline(&args.project)?;
    args.shown.apply(&workbench)?;
    workbench.ensure_index(&mut index_progress())?;
    let filter = SearchFilter {
        document: document_id(&workbench, args.document.as_deref())?,
        speaker: args.speaker,
        attributes: parse_conditions(&args.conditions)?,
        code: args
            .code
            .map(|key| find_code(&workbench, &key))
            .transpose()?,
    };
    let query = Query {
        text: args.query,
        regex: args.regex,
        filter,
    };
    let results = workbench.search(&query, args.limit)?;
    output::search(&results, args.json)
}

/// `polyphony segments`, as a listing or (with `--csv`) one row per coding.
pub fn segments(args: SegmentsArgs) -> Result<()> {
    let mut workbench = Workbench::open_read_only_outline(&args.project)?;
    args.shown.apply(&workbench)?;
    let coder = args
        .coder
        .map(|name| {
            workbench
                .project()
                .find_coder(&name)
                .map(|coder| coder.id)
                .ok_or_else(|| anyhow!("no coder called {name:?} in this project"))
        })
        .transpose()?;
    let filter = SegmentFilter {
        code: args
            .code
            .map(|key| find_code(&workbench, &key))
            .transpose()?,
        include_child_codes: true,
        document: document_id(&workbench, args.document.as_deref())?,
        speaker: args.speaker,
        coder,
        attributes: parse_conditions(&args.conditions)?,
    };
    if args.csv {
        workbench.load_whole()?;
        let project = crate::cli::shown::shown_project(workbench.project());
        crate::exchange::write_segments_csv(&project, &filter, std::io::stdout().lock())
            .context("could not write the CSV")?;
        return Ok(());
    }
    output::segments(&mut workbench, &filter, args.json)
}

fn document_id(
    workbench: &Workbench,
    key: Option<&str>,
) -> Result<Option<crate::model::DocumentId>> {
    key.map(|key| find_document(workbench, key).map(|document| document.id))
        .transpose()
}
