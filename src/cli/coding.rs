//! The coding commands beside `code`: `code --from` applies a whole table of
//! codings as one undo step, and `uncode`, `recode`, `resize` and
//! `segment-memo` change one coded segment, named by its id, as the window's
//! segment menu does. Each prints what it did, or a JSON object with `--json`.

use crate::cli::code_table;
use crate::cli::output::{self, print_json};
use crate::edit::Command;
use crate::model::CodingId;
use crate::workbench::{RowProblem, Workbench};
use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How many bad rows a refusal lists before it says how many more there are.
const PROBLEMS_SHOWN: usize = 50;

/// `polyphony code PROJECT`: one range, or a whole table with `--from`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    project: PathBuf,
    #[arg(long = "doc", required_unless_present = "from")]
    document: Option<String>,
    #[arg(long, required_unless_present = "from")]
    start: Option<usize>,
    #[arg(long, required_unless_present = "from")]
    end: Option<usize>,
    #[arg(long, required_unless_present = "from")]
    code: Option<String>,
    /// A table of codings: a CSV with the columns document, start and end
    /// (char offsets) or quote (text to find, white space aside), code,
    /// and optionally coder and memo; a .jsonl file, or `-` for standard
    /// input, gives the same as JSON Lines, one object a line. A new code
    /// (with the parents its path names) or coder is added. If any row does
    /// not fit, every such row is reported by line and nothing is coded.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["document", "start", "end", "code"])]
    from: Option<PathBuf>,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony uncode PROJECT CODING`.
#[derive(Debug, Args)]
pub struct UncodeArgs {
    project: PathBuf,
    /// The segment's id (from `polyphony segments PROJECT --json`), or a
    /// unique start of it.
    coding: String,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony recode PROJECT CODING CODE`.
#[derive(Debug, Args)]
pub struct RecodeArgs {
    project: PathBuf,
    /// The segment's id, or a unique start of it.
    coding: String,
    /// The code to move it to: id, path or name; created at the top level if
    /// no code has that name.
    code: String,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony resize PROJECT CODING --start S --end E`.
#[derive(Debug, Args)]
pub struct ResizeArgs {
    project: PathBuf,
    /// The segment's id, or a unique start of it.
    coding: String,
    /// The new first char offset.
    #[arg(long)]
    start: usize,
    /// The new end char offset (exclusive).
    #[arg(long)]
    end: usize,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony segment-memo PROJECT CODING TEXT`.
#[derive(Debug, Args)]
pub struct SegmentMemoArgs {
    project: PathBuf,
    /// The segment's id, or a unique start of it.
    coding: String,
    /// The memo, replacing any it has.
    #[arg(required_unless_present = "clear", conflicts_with = "clear")]
    text: Option<String>,
    /// Remove the segment's memo.
    #[arg(long)]
    clear: bool,
    #[arg(long)]
    coder: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `polyphony code`.
pub fn code(args: &CodeArgs) -> Result<()> {
    if let Some(from) = &args.from {
        return code_from(&args.project, from, args.coder.as_deref(), args.json);
    }
    let (Some(document), Some(start), Some(end), Some(code)) =
        (&args.document, args.start, args.end, &args.code)
    else {
        bail!("say what to code: --doc D --start S --end E --code C, or --from FILE");
    };
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let document = super::find_document(&workbench, document)?.id;
    let (command, coding) = workbench
        .commands()
        .code_range(document, start, end, code)?;
    let label = workbench.apply(command)?;
    workbench.load_bodies([document])?;
    output::coded(&workbench, coding, &label, args.json)
}

/// `polyphony code PROJECT --from FILE`: every row of the table as one step,
/// or, when any row does not fit, nothing and every bad row by line.
fn code_from(project: &Path, from: &Path, coder: Option<&str>, json: bool) -> Result<()> {
    // Read the table before taking the project's lock: standard input may be
    // a slow pipe.
    let table = code_table::read(from)?;
    if table.rows.is_empty() && table.problems.is_empty() {
        bail!(
            "{} has no codings; each row needs {}",
            table.source,
            code_table::COLUMNS
        );
    }
    let mut workbench = super::open_outline(project, coder)?;
    // What the batch reads: the codings of the documents it names (to leave
    // out passages coded already), and the texts of those it quotes from.
    let mut named = BTreeSet::new();
    let mut quoted = BTreeSet::new();
    for row in &table.rows {
        if let Some(document) = workbench.project().find_document(&row.document) {
            named.insert(document.id);
            if matches!(row.place, crate::workbench::RowPlace::Quote(_)) {
                quoted.insert(document.id);
            }
        }
    }
    for document in named {
        workbench.load_codings_of_document(document)?;
    }
    workbench.load_bodies(quoted)?;
    let mut problems = table.problems;
    let built = workbench
        .commands()
        .coding_batch(&table.rows, &table.source);
    let batch = match built {
        Ok(batch) if problems.is_empty() => batch,
        Ok(_) => return Err(refusal(&table.source, problems)),
        Err(more) => {
            problems.extend(more);
            return Err(refusal(&table.source, problems));
        }
    };
    let coded = batch.codings.len();
    let label = match batch.command {
        Some(command) => Some(workbench.apply(command)?),
        None => None,
    };
    if json {
        return print_json(&json!({
            "done": label,
            "codings": coded,
            "ids": batch.codings,
            "new_codes": batch.new_codes,
            "new_coders": batch.new_coders,
            "already_coded": batch.already_coded,
        }));
    }
    match &label {
        Some(label) => outln!("Done: {label}."),
        None => outln!(
            "Nothing to do: every row of {} is coded already.",
            table.source
        ),
    }
    if !batch.new_codes.is_empty() {
        outln!("New codes: {}", batch.new_codes.join(", "));
    }
    if !batch.new_coders.is_empty() {
        outln!("New coders: {}", batch.new_coders.join(", "));
    }
    if batch.already_coded > 0 {
        outln!(
            "Left out {} row(s) whose passage that coder already codes with that code.",
            batch.already_coded
        );
    }
    if label.is_some() {
        outln!("Undo all of it with `polyphony undo`.");
    }
    Ok(())
}

/// The error that refuses a table, listing its bad rows by line.
fn refusal(source: &str, mut problems: Vec<RowProblem>) -> anyhow::Error {
    problems.sort_by_key(|problem| problem.line);
    let rows = problems
        .iter()
        .map(|problem| problem.line)
        .collect::<BTreeSet<_>>()
        .len();
    let mut message = format!(
        "{rows} row(s) of {source} do not fit, so nothing was coded; fix them and run the command again:"
    );
    for problem in problems.iter().take(PROBLEMS_SHOWN) {
        message.push_str(&format!("\n  {problem}"));
    }
    if problems.len() > PROBLEMS_SHOWN {
        message.push_str(&format!(
            "\n  ... and {} more",
            problems.len() - PROBLEMS_SHOWN
        ));
    }
    anyhow!(message)
}

/// The coding `key` names: its id, or the one id that starts with `key`. The
/// coding and its document are read into memory.
pub fn find_coding(workbench: &mut Workbench, key: &str) -> Result<CodingId> {
    let key = key.trim().trim_matches(|c| c == '{' || c == '}');
    let id = if let Ok(id) = key.parse::<CodingId>() {
        workbench.load_codings([id])?;
        if !workbench.project().codings.contains_key(&id) {
            bail!("no segment has the id {key}; `polyphony segments PROJECT --json` lists them");
        }
        id
    } else {
        const SHORTEST: usize = 4;
        if key.chars().count() < SHORTEST {
            bail!(
                "{key:?} is not a segment id; give the id from `polyphony segments PROJECT --json`, or at least its first {SHORTEST} characters"
            );
        }
        match workbench.codings_starting_with(key, 2)?.as_slice() {
            [id] => *id,
            [] => bail!(
                "no segment id starts with {key:?}; `polyphony segments PROJECT --json` lists them"
            ),
            _ => bail!("more than one segment id starts with {key:?}; give more of it"),
        }
    };
    if let Some(document) = workbench
        .project()
        .codings
        .get(&id)
        .map(|coding| coding.document)
    {
        workbench.load_bodies([document])?;
    }
    Ok(id)
}

/// `polyphony uncode`.
pub fn uncode(args: &UncodeArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let id = find_coding(&mut workbench, &args.coding)?;
    let before = segment_json(&workbench, id)?;
    let label = workbench.apply(Command::RemoveCoding { id })?;
    report(&label, before, args.json)
}

/// `polyphony recode`.
pub fn recode(args: &RecodeArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let id = find_coding(&mut workbench, &args.coding)?;
    let command = match workbench.project().find_code(&args.code) {
        Some(code)
            if workbench
                .project()
                .codings
                .get(&id)
                .is_some_and(|c| c.code == code.id) =>
        {
            bail!(
                "the segment is coded {} already",
                workbench.project().code_path(code.id)
            )
        }
        Some(code) => workbench.commands().recode(id, code.id)?,
        None => workbench.commands().recode_to_new_code(id, &args.code)?.0,
    };
    let label = workbench.apply(command)?;
    report(&label, segment_json(&workbench, id)?, args.json)
}

/// `polyphony resize`.
pub fn resize(args: &ResizeArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let id = find_coding(&mut workbench, &args.coding)?;
    let (document, start, end) = workbench
        .project()
        .codings
        .get(&id)
        .map(|coding| (coding.document, coding.start, coding.end))
        .context("the segment is gone")?;
    // Said here in the command line's words; the builder speaks of selections.
    if args.start >= args.end {
        bail!("--start {} is not before --end {}", args.start, args.end);
    }
    if (start, end) == (args.start, args.end) {
        bail!("the segment covers {start}..{end} already");
    }
    let command = workbench
        .commands()
        .resize_segment(id, document, args.start, args.end)?;
    let label = workbench.apply(command)?;
    report(&label, segment_json(&workbench, id)?, args.json)
}

/// `polyphony segment-memo`.
pub fn segment_memo(args: SegmentMemoArgs) -> Result<()> {
    let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
    let id = find_coding(&mut workbench, &args.coding)?;
    let memo = args.text.unwrap_or_default();
    let memo = memo.trim();
    if workbench
        .project()
        .codings
        .get(&id)
        .is_some_and(|c| c.memo == memo)
    {
        bail!("the segment's memo is that already");
    }
    let command = workbench.commands().segment_memo(id, memo)?;
    let label = workbench.apply(command)?;
    report(&label, segment_json(&workbench, id)?, args.json)
}

/// Segment `id` as `segments --json` shows it, for reports of what changed.
fn segment_json(workbench: &Workbench, id: CodingId) -> Result<serde_json::Value> {
    let project = workbench.project();
    let segment = project.segment(&id).context("the segment is gone")?;
    Ok(json!({
        "coding": id,
        "code": project.code_path(segment.code.id),
        "document": segment.document.name,
        "start": segment.coding.start,
        "end": segment.coding.end,
        "quote": segment.quote,
        "memo": segment.coding.memo,
    }))
}

/// Prints `label` and the segment as it is now (or was, if removed).
fn report(label: &str, mut segment: serde_json::Value, json: bool) -> Result<()> {
    if json {
        segment["done"] = json!(label);
        return print_json(&segment);
    }
    let quote = segment["quote"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    outln!(
        "Done: {label}: {} @{}..{} [{}] \"{quote}\"",
        segment["document"].as_str().unwrap_or_default(),
        segment["start"],
        segment["end"],
        segment["code"].as_str().unwrap_or_default(),
    );
    Ok(())
}
