//! `polyphony copy` and `polyphony merge`: a copy of the project for one
//! coder, and bringing coders' copies back, with every conflict listed and
//! every choice made said out loud.

use crate::analysis::compare::{self, Comparison};
use crate::cli::output::print_json;
use crate::cli::{find_code, find_document, open_read, open_write};
use crate::edit::merge::{Choices, Conflict, ConflictKind, Side};
use crate::workbench::PreparedMerge;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `polyphony copy PROJECT --coder NAME --out COPY.polyphony [--blind]`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    project: PathBuf,
    /// The coder the copy is for; their work in it is theirs.
    #[arg(long)]
    coder: String,
    /// Where to write the copy (a new .polyphony file).
    #[arg(long)]
    out: PathBuf,
    /// Leave out other coders' codings, so that this coder codes independently.
    #[arg(long)]
    blind: bool,
    #[arg(long)]
    json: bool,
}

/// `polyphony merge PROJECT COPY... [--prefer ours|theirs] [--choose KEY=SIDE]`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    project: PathBuf,
    /// Coders' copies made with `polyphony copy`, merged one after another.
    #[arg(required = true)]
    copies: Vec<PathBuf>,
    /// The side taken in every conflict not chosen with --choose.
    #[arg(long, value_enum)]
    prefer: Option<SideArg>,
    /// The side for one conflict, by the key the listing gives it:
    /// --choose 'code/…/name=theirs'. May be given many times.
    #[arg(long, value_name = "KEY=SIDE")]
    choose: Vec<String>,
    /// Show what the merge would do, and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Who is merging (the author of the memos a merge writes).
    #[arg(long)]
    coder: Option<String>,
    /// Merge each code the copy made into this project's code of the same
    /// name, in the same step (else the two are kept apart and listed).
    #[arg(long)]
    join_same_names: bool,
    #[arg(long)]
    json: bool,
}

/// `polyphony compare PROJECT --coders A,B [--code C] [--doc D] [--json]`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    project: PathBuf,
    /// Two or more coders, by name, separated by commas.
    #[arg(long, value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// Only this code (name or Parent/Child path).
    #[arg(long)]
    code: Option<String>,
    /// Only this document.
    #[arg(long = "doc")]
    document: Option<String>,
    /// Only the passages where they differ.
    #[arg(long)]
    differing: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SideArg {
    Ours,
    Theirs,
}

impl From<SideArg> for Side {
    fn from(side: SideArg) -> Self {
        match side {
            SideArg::Ours => Side::Ours,
            SideArg::Theirs => Side::Theirs,
        }
    }
}

/// `polyphony copy`.
pub fn copy(args: &CopyArgs) -> Result<()> {
    let mut workbench = open_write(&args.project, None)?;
    let made = workbench.write_copy(&args.out, &args.coder, args.blind)?;
    if args.json {
        return print_json(&serde_json::to_value(&made)?);
    }
    outln!("Wrote {} for {}.", made.path.display(), made.coder);
    if made.blind {
        outln!(
            "It is blind: {} coding{} by other coders are left out of it.",
            made.hidden_codings,
            if made.hidden_codings == 1 { "" } else { "s" }
        );
    }
    outln!(
        "When {} is done, bring the work back with: polyphony merge {} {}",
        made.coder,
        args.project.display(),
        made.path.display()
    );
    Ok(())
}

/// Reads `--prefer` and every `--choose KEY=SIDE`.
fn choices(args: &MergeArgs) -> Result<Choices> {
    let mut by_key = BTreeMap::new();
    for choice in &args.choose {
        let Some((key, side)) = choice.rsplit_once('=') else {
            bail!(
                "--choose takes KEY=ours or KEY=theirs, with a key from the conflict listing; got {choice:?}"
            );
        };
        let side = match side.trim() {
            "ours" => Side::Ours,
            "theirs" => Side::Theirs,
            other => bail!("--choose {key}= takes ours or theirs, not {other:?}"),
        };
        by_key.insert(key.trim().to_owned(), side);
    }
    Ok(Choices {
        prefer: args.prefer.map(Side::from),
        by_key,
    })
}

/// `polyphony merge`: each copy in turn, each one undo step. A copy with
/// conflicts nobody chose a side for is listed and not merged, and nothing
/// after it is tried.
pub fn merge(args: &MergeArgs) -> Result<()> {
    let choices = choices(args)?;
    let mut workbench = open_write(&args.project, args.coder.as_deref())?;
    let mut reports = Vec::new();
    for (index, copy) in args.copies.iter().enumerate() {
        let merged_before = if index == 0 {
            String::new()
        } else {
            format!(
                " (the {index} cop{} named before it were merged)",
                if index == 1 { "y" } else { "ies" }
            )
        };
        let mut prepared = workbench
            .prepare_any_merge(copy, &choices)
            .with_context(|| format!("{} was not merged{merged_before}", copy.display()))?;
        if args.join_same_names {
            prepared.join = prepared
                .plan
                .same_names
                .iter()
                .map(|same| same.theirs)
                .collect();
        }
        let open = prepared.plan.open_conflicts().count();
        if !args.json {
            print_plan(&prepared)?;
        }
        let mut report = plan_json(&prepared);
        if open > 0 {
            if args.json {
                reports.push(report);
                print_json(&json!(reports))?;
            }
            bail!(
                "{} was not merged{merged_before}: {open} conflict{} above wait{} for a choice. Run again with --prefer ours or --prefer theirs, or choose one by one with --choose KEY=ours|theirs",
                copy.display(),
                if open == 1 { "" } else { "s" },
                if open == 1 { "s" } else { "" }
            );
        }
        if !args.dry_run {
            let nothing_new = prepared.plan.is_empty();
            let label = workbench.merge_copy(prepared)?;
            if !args.json && !nothing_new {
                outln!("Merged: {label}. Undo with `polyphony undo`.");
            }
            report["applied"] = json!(label);
        }
        reports.push(report);
    }
    if args.json {
        print_json(&json!(reports))?;
    } else if args.dry_run {
        outln!("Nothing was changed (--dry-run).");
    }
    Ok(())
}

fn print_plan(prepared: &PreparedMerge) -> Result<()> {
    let plan = &prepared.plan;
    outln!("{}: {}", prepared.copy.words(), plan.summary());
    for note in &prepared.notes {
        outln!("  note: {note}");
    }
    for conflict in &plan.conflicts {
        outln!("  {}", conflict_line(conflict, prepared.copy.refi));
    }
    for unplaced in &plan.unplaced {
        outln!("  not brought in: {} ({})", unplaced.what, unplaced.reason);
    }
    for same in &plan.same_names {
        if prepared.join.contains(&same.theirs) {
            outln!(
                "  two codes were called {:?}: the copy's is merged into this project's",
                same.name
            );
        } else {
            outln!(
                "  two codes are now called {:?}: the copy's is kept apart from this project's unless --join-same-names merges them",
                same.name
            );
        }
    }
    Ok(())
}

/// One conflict in words, with what was taken and why; `refi` when the
/// other side is a REFI-QDA file, not a coder's copy.
fn conflict_line(conflict: &Conflict, refi: bool) -> String {
    let there = if refi { "in the file" } else { "in the copy" };
    let what = format!(
        "{}: here {:?}, {there} {:?}",
        conflict.subject, conflict.ours, conflict.theirs
    );
    match (conflict.kind, conflict.chosen, conflict.fixed) {
        (ConflictKind::DeletedButUsed, Some(Side::Ours), true) => {
            format!("kept {what}; a memo on it says why")
        }
        (ConflictKind::DeletedButUsed, Some(Side::Theirs), true) => {
            format!("brought back {what}; a memo on it says why")
        }
        (ConflictKind::MoveLoop, _, _) => {
            format!(
                "kept this project's place for {what}: the copy's move would put it under itself"
            )
        }
        (_, Some(side), _) => format!("chose {} for {what} [{}]", side.word(), conflict.key),
        (_, None, _) => format!("CONFLICT {what} [{}]", conflict.key),
    }
}

fn plan_json(prepared: &PreparedMerge) -> serde_json::Value {
    let plan = &prepared.plan;
    json!({
        "copy": prepared.copy,
        "summary": plan.summary(),
        "tally": plan.tally,
        "notes": prepared.notes,
        "conflicts": plan.conflicts,
        "unplaced": plan.unplaced,
        "same_names": plan.same_names,
        "applied": null,
    })
}

/// `polyphony compare`: each passage the chosen coders coded, code by code,
/// marked as agreed (all of them coded it) or differing, with its text.
pub fn compare(args: &CompareArgs) -> Result<()> {
    let workbench = open_read(&args.project)?;
    let project = workbench.project();
    let comparison = comparison(
        &workbench,
        &args.coders,
        args.code.as_deref(),
        args.document.as_deref(),
    )?;
    let stretches: Vec<_> = compare::stretches(project, &comparison)
        .into_iter()
        .filter(|stretch| !(args.differing && stretch.agreed))
        .collect();
    let name_of = |id| {
        project
            .coders
            .get(&id)
            .map_or("?", |coder| coder.name.as_str())
    };
    let rows: Vec<serde_json::Value> = stretches
        .iter()
        .map(|stretch| {
            let document = &project.documents[&stretch.document];
            json!({
                "document": document.name,
                "code": project.code_path(stretch.code),
                "start": stretch.start,
                "end": stretch.end,
                "agreed": stretch.agreed,
                "coded_by": stretch.coded_by.iter().map(|id| name_of(*id)).collect::<Vec<_>>(),
                "text": crate::model::text::slice_chars(&document.text, stretch.start, stretch.end),
            })
        })
        .collect();
    if args.json {
        return print_json(&json!(rows));
    }
    let agreed = stretches.iter().filter(|stretch| stretch.agreed).count();
    outln!(
        "{} passage{}: {agreed} coded by all of them, {} by some only",
        stretches.len(),
        if stretches.len() == 1 { "" } else { "s" },
        stretches.len() - agreed
    );
    for row in &rows {
        let by: Vec<&str> = row["coded_by"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|name| name.as_str())
            .collect();
        let (verdict, who) = if row["agreed"] == json!(true) {
            ("agree ", format!("all of {}", by.join(", ")))
        } else {
            ("differ", format!("only {}", by.join(", ")))
        };
        outln!(
            "{verdict} {} @{}..{} {}: {who}\n    {:?}",
            row["document"].as_str().unwrap_or_default(),
            row["start"],
            row["end"],
            row["code"].as_str().unwrap_or_default(),
            row["text"].as_str().unwrap_or_default()
        );
    }
    Ok(())
}

/// `polyphony agreement PROJECT --coders A,B[,C] [--unit U] [--code C]`.
#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is one independent switch of the command line, as clap reads them"
)]
pub struct AgreementArgs {
    project: PathBuf,
    /// Two or more coders, by name, separated by commas.
    #[arg(long, value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// characters (as NVivo counts), sentences, paragraphs or turns.
    #[arg(long, default_value = "characters")]
    unit: String,
    /// Only this code (name or Parent/Child path), even if no one used it.
    #[arg(long)]
    code: Option<String>,
    /// Only this document.
    #[arg(long = "doc")]
    document: Option<String>,
    /// One row per code in each document, not per code.
    #[arg(long)]
    by_document: bool,
    /// The overlap, in percent of two segments together, at which MAXQDA's
    /// segment agreement counts a segment as matched.
    #[arg(long, default_value_t = 90, value_name = "PERCENT")]
    overlap: u32,
    /// Print the methods paragraph that names each figure and its source.
    #[arg(long)]
    methods: bool,
    #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
    json: bool,
    #[arg(long, conflicts_with = "xlsx")]
    csv: bool,
    /// Write the table as an Excel workbook to this file.
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
}

/// What `compare` and `agreement` look at: the coders named, and the code
/// and document named, if any.
fn comparison(
    workbench: &crate::workbench::Workbench,
    coders: &[String],
    code: Option<&str>,
    document: Option<&str>,
) -> Result<Comparison> {
    Ok(Comparison {
        coders: coders_named(workbench.project(), coders)?,
        code: code.map(|key| find_code(workbench, key)).transpose()?,
        document: document
            .map(|key| find_document(workbench, key).map(|document| document.id))
            .transpose()?,
    })
}

/// The chosen coders, by name, each once; two or more.
fn coders_named(
    project: &crate::model::Project,
    names: &[String],
) -> Result<Vec<crate::model::CoderId>> {
    let mut coders = Vec::new();
    for name in names {
        let Some(coder) = project.find_coder(name.trim()) else {
            let known: Vec<&str> = project
                .coders
                .values()
                .map(|coder| coder.name.as_str())
                .collect();
            bail!(
                "no coder is called {name:?}; this project's coders are {}",
                known.join(", ")
            );
        };
        if !coders.contains(&coder.id) {
            coders.push(coder.id);
        }
    }
    if coders.len() < 2 {
        bail!("name two or more different coders: --coders A,B");
    }
    Ok(coders)
}

/// `polyphony agreement`: agreement figures code by code, and overall.
pub fn agreement(args: &AgreementArgs) -> Result<()> {
    use crate::analysis::agreement::table::agreement_table;
    use crate::analysis::agreement::{Unit, agreement, methods_paragraph, stretch_agreement};
    let Some(unit) = Unit::parse(&args.unit) else {
        bail!(
            "--unit takes characters, sentences, paragraphs or turns, not {:?}",
            args.unit
        );
    };
    let workbench = open_read(&args.project)?;
    let project = workbench.project();
    let comparison = comparison(
        &workbench,
        &args.coders,
        args.code.as_deref(),
        args.document.as_deref(),
    )?;
    let report = agreement(project, &comparison, unit)?;
    let stretches = stretch_agreement(project, &comparison, args.overlap)?;
    if args.json {
        return print_json(&agreement_json(project, &report, &stretches, args));
    }
    let table = agreement_table(project, &report, &stretches, args.by_document);
    if let Some(out) = &args.xlsx {
        table.write(project, crate::exchange::tables::TableFormat::Xlsx, out)?;
        outln!("Wrote {}.", out.display());
    } else if args.csv {
        print!("{}", table.to_csv());
    } else {
        super::output::print_figure_table(&table)?;
        let figure =
            |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
        let overall = &stretches.unitized.overall;
        outln!(
            "\nOver all codes at once: uα {}, |uα {}, cuα {} (ATLAS.ti's cu-α and Cu-α).{}",
            figure(overall.u_alpha),
            figure(overall.binary_alpha),
            figure(overall.cu_alpha),
            if overall.overlapping_codes {
                " Some coders' codes overlap each other; shared text counts as a combined value."
            } else {
                ""
            }
        );
        outln!(
            "Segments matched at {}% overlap (MAXQDA), with Brennan and Prediger's kappa for the whole table{}.",
            args.overlap,
            if stretches.segments.len() > 1 {
                ", mean over pairs of coders"
            } else {
                ""
            }
        );
    }
    if args.methods {
        outln!(
            "\n{}",
            methods_paragraph(unit, report.coders.len(), args.overlap)
        );
    }
    Ok(())
}

/// The agreement figures as JSON: over units, by code, document and cell, and
/// over coded stretches (the unitized alphas and each pair's segments).
fn agreement_json(
    project: &crate::model::Project,
    report: &crate::analysis::agreement::AgreementReport,
    stretches: &crate::analysis::agreement::StretchAgreement,
    args: &AgreementArgs,
) -> serde_json::Value {
    use crate::analysis::agreement::methods_paragraph;
    json!({
        "unit": report.unit.word(),
        "coders": args.coders,
        "overall": report.overall,
        "by_code": report.by_code.iter().map(|(code, figures)| json!({"code": project.code_path(*code), "figures": figures})).collect::<Vec<_>>(),
        "by_document": report.by_document.iter().map(|(document, figures)| json!({"document": project.documents[document].name, "figures": figures})).collect::<Vec<_>>(),
        "cells": report.cells.iter().map(|cell| json!({"code": project.code_path(cell.code), "document": project.documents[&cell.document].name, "figures": cell.figures})).collect::<Vec<_>>(),
        "unitized": {
            "overall": stretches.unitized.overall,
            "by_code": stretches.unitized.by_code.iter().map(|(code, alpha)| json!({"code": project.code_path(*code), "binary_alpha": alpha})).collect::<Vec<_>>(),
            "by_document": stretches.unitized.by_document.iter().map(|(document, figures)| json!({"document": project.documents[document].name, "figures": figures})).collect::<Vec<_>>(),
        },
        "segments": {
            "overlap_percent": args.overlap,
            "pairs": stretches.segments.iter().map(|pair| json!({
                "coders": [&project.coders[&pair.coders.0].name, &project.coders[&pair.coders.1].name],
                "overall": pair.overall,
                "by_code": pair.by_code.iter().map(|(code, counts)| json!({"code": project.code_path(*code), "agreements": counts.agreements, "segments": counts.segments, "percent_agreement": counts.percent_agreement()})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
        "methods": methods_paragraph(report.unit, report.coders.len(), args.overlap),
    })
}
/// The agreement paragraph of the theme report for the coders named.
pub(super) fn agreement_for_report(
    workbench: &crate::workbench::Workbench,
    coders: &[String],
) -> Result<String> {
    let comparison = comparison(workbench, coders, None, None)?;
    Ok(crate::analysis::agreement::report_paragraph(
        workbench.project(),
        &comparison.coders,
    )?)
}
