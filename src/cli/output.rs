//! How each CLI command prints its result: aligned text for people, JSON with
//! char offsets for scripts. Listings come out in the model's deterministic order.

use crate::index::SearchResults;
use crate::model::text::slice_chars;
use crate::model::{CodingId, DocumentId, SegmentFilter};
use crate::workbench::{AttributeReport, ExchangeReport, TranscriptImportReport, Workbench};
use anyhow::{Context, Result};
use serde_json::{Value, json};

pub(super) fn print_json(value: &Value) -> Result<()> {
    use std::io::Write as _;
    // Strings pass through the key one by one (not the printed line), so that
    // a replacement can never break the JSON.
    let value = super::shown::shown_json(value);
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(value.as_ref()).context("could not write JSON")?
    )?;
    Ok(())
}

/// `h:mm:ss` for a time in milliseconds.
#[must_use]
pub fn clock(ms: u64) -> String {
    let seconds = ms / 1000;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

pub(super) use crate::clock::format_ms as format_time;

pub fn import(
    report: &TranscriptImportReport,
    exchange: &[(String, ExchangeReport)],
    participants: Option<&AttributeReport>,
    documents: Option<&AttributeReport>,
    json: bool,
) -> Result<()> {
    if json {
        let exchange: Vec<Value> = exchange
            .iter()
            .map(|(file, report)| json!({ "file": file, "report": report }))
            .collect();
        return print_json(&json!({
            "exchange": exchange,
            "imported": report.imported,
            "skipped": report.skipped,
            "new_participants": report.new_participants,
            "speakers": report.speakers,
            "warnings": report.warnings,
            "participants_csv": participants,
            "document_attributes_csv": documents,
        }));
    }
    for (file, exchange) in exchange {
        outln!("Imported {file}: {}.", exchange.summary.join(", "));
        for warning in &exchange.warnings {
            outln!("Warning: {warning}");
        }
        if !exchange.not_carried.is_empty() {
            outln!("Not carried (Polyphony has no place for them yet):");
            for line in &exchange.not_carried {
                outln!("  - {line}");
            }
        }
    }
    if !exchange.is_empty() && report.imported.is_empty() && report.skipped.is_empty() {
        return Ok(());
    }
    outln!("Imported {} document(s).", report.imported.len());
    for name in &report.imported {
        outln!("  + {name}");
    }
    if !report.new_participants.is_empty() {
        outln!(
            "New participants from speakers: {}",
            report.new_participants.join(", ")
        );
    }
    for line in report.speaker_lines() {
        outln!("{line}");
    }
    for warning in &report.warnings {
        outln!("Note: {warning}");
    }
    if !report.skipped.is_empty() {
        outln!("Skipped {} file(s):", report.skipped.len());
        for skipped in &report.skipped {
            outln!("  - {}: {}", skipped.path, skipped.reason);
        }
    }
    if let Some(participants) = participants {
        outln!(
            "Participant attributes ({}) set for {} participant(s), {} new.",
            participants.columns.join(", "),
            participants.updated.len() + participants.created.len(),
            participants.created.len()
        );
    }
    if let Some(documents) = documents {
        outln!(
            "Document attributes ({}) set for {} document(s).",
            documents.columns.join(", "),
            documents.updated.len()
        );
    }
    Ok(())
}

pub fn docs(workbench: &Workbench, json: bool) -> Result<()> {
    let project = workbench.project();
    let documents = project.documents_by_name();
    let counts = workbench.document_counts()?;
    let count_of = |doc: &crate::model::Document| counts.get(&doc.id).cloned().unwrap_or_default();
    if json {
        let list: Vec<Value> = documents
            .iter()
            .map(|doc| {
                let counts = count_of(doc);
                json!({
                    "id": doc.id,
                    "name": doc.name,
                    "format": doc.format,
                    "source_file": doc.source_file,
                    "encoding": doc.encoding,
                    "chars": doc.char_count,
                    "turns": counts.turns,
                    "speakers": counts.speakers,
                    "attributes": doc.attributes,
                    "codings": counts.codings,
                })
            })
            .collect();
        return print_json(&Value::Array(list));
    }
    if documents.is_empty() {
        outln!("No documents yet. Import some with `polyphony import PROJECT FILES...`.");
        return Ok(());
    }
    let width = documents
        .iter()
        .map(|doc| doc.name.chars().count())
        .max()
        .unwrap_or(0);
    for doc in documents {
        let counts = count_of(doc);
        let attributes: Vec<String> = doc
            .attributes
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        outln!(
            "{:<width$}  {:<5}  {:>6} chars  {:>4} turns  {:>2} speakers  {}",
            doc.name,
            doc.format,
            doc.char_count,
            counts.turns,
            counts.speakers.len(),
            attributes.join(" ")
        );
    }
    Ok(())
}

pub fn show(workbench: &Workbench, id: DocumentId, json: bool) -> Result<()> {
    let project = workbench.project();
    let doc = project
        .documents
        .get(&id)
        .context("the document disappeared while reading")?;
    if json {
        let turns: Vec<Value> = doc
            .turns
            .iter()
            .enumerate()
            .map(|(index, turn)| {
                let participant = project.participant_for(doc, &turn.speaker);
                json!({
                    "index": index,
                    "speaker": turn.speaker,
                    "participant": participant.map(|p| &p.name),
                    "is_interviewer": turn.is_interviewer || participant.is_some_and(|p| p.is_interviewer),
                    "start": turn.start,
                    "end": turn.end,
                    "time_ms": turn.time_ms,
                    "text": slice_chars(&doc.text, turn.start, turn.end),
                })
            })
            .collect();
        return print_json(&json!({
            "id": doc.id,
            "name": doc.name,
            "chars": doc.char_count,
            "attributes": doc.attributes,
            "media": doc.media,
            "turns": turns,
            "text": &*doc.text,
        }));
    }
    outln!("{} ({}, {} chars)", doc.name, doc.format, doc.char_count);
    if let Some(line) = super::media::recording_line(workbench.path(), doc) {
        outln!("{line}");
    }
    if doc.turns.is_empty() {
        outln!("\n{}", doc.text);
        return Ok(());
    }
    for turn in &doc.turns {
        let participant = project.participant_for(doc, &turn.speaker);
        let interviewer = turn.is_interviewer || participant.is_some_and(|p| p.is_interviewer);
        let time = turn
            .time_ms
            .map(|ms| format!("[{}] ", clock(ms)))
            .unwrap_or_default();
        let marker = if interviewer { " (interviewer)" } else { "" };
        outln!(
            "\n{time}{}{marker} @{}..{}\n{}",
            turn.speaker,
            turn.start,
            turn.end,
            slice_chars(&doc.text, turn.start, turn.end)
        );
    }
    Ok(())
}

pub fn participants(workbench: &Workbench, json: bool) -> Result<()> {
    let project = workbench.project();
    let mut people: Vec<_> = project.participants.values().collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let documents_of = |id: crate::model::ParticipantId| -> Vec<&str> {
        project
            .documents_by_name()
            .into_iter()
            .filter(|document| document.speakers.values().any(|linked| *linked == id))
            .map(|document| document.name.as_str())
            .collect()
    };
    if json {
        let list: Vec<Value> = people
            .iter()
            .map(|person| {
                let mut value = serde_json::to_value(person)?;
                value["documents"] = json!(documents_of(person.id));
                Ok(value)
            })
            .collect::<Result<_, serde_json::Error>>()?;
        return print_json(&Value::Array(list));
    }
    for person in people {
        let documents = documents_of(person.id);
        let attributes: Vec<String> = person
            .attributes
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let marker = if person.is_interviewer {
            " (interviewer)"
        } else {
            ""
        };
        let place = match documents.as_slice() {
            [] => "speaks in no document".to_owned(),
            [one] => format!("in {one}"),
            many => format!("in {} documents", many.len()),
        };
        outln!(
            "{}{marker}  ({place})  {}",
            person.name,
            attributes.join("  ")
        );
    }
    Ok(())
}

pub fn search(results: &SearchResults, json: bool) -> Result<()> {
    if json {
        return print_json(&serde_json::to_value(results)?);
    }
    if results.hits.is_empty() {
        outln!("No hits.");
        return Ok(());
    }
    for hit in &results.hits {
        outln!(
            "{} @{}..{} {}: …{}[{}]{}…",
            hit.document_name,
            hit.start,
            hit.end,
            hit.speaker.as_deref().unwrap_or("-"),
            hit.before,
            hit.matched,
            hit.after
        );
    }
    let passages = crate::words::count(results.passages, "passage", "passages");
    if results.truncated {
        outln!(
            "({} hits shown of {} in {passages}; raise --limit to see more)",
            results.hits.len(),
            results.hit_count,
        );
    } else {
        outln!(
            "{} in {passages}.",
            crate::words::count(results.hit_count, "hit", "hits")
        );
    }
    Ok(())
}

pub fn coded(workbench: &Workbench, coding: CodingId, label: &str, json: bool) -> Result<()> {
    let segment = workbench
        .project()
        .segment(&coding)
        .context("the new coding is missing")?;
    if json {
        return print_json(&json!({
            "coding": coding,
            "code": workbench.project().code_path(segment.code.id),
            "document": segment.document.name,
            "start": segment.coding.start,
            "end": segment.coding.end,
            "quote": segment.quote,
            "coder": workbench.coder().name,
        }));
    }
    outln!(
        "Done: {label} to {} @{}..{}: \"{}\"",
        segment.document.name,
        segment.coding.start,
        segment.coding.end,
        segment.quote
    );
    Ok(())
}

pub fn codes(workbench: &Workbench, by: Option<&str>, json: bool) -> Result<()> {
    let project = workbench.project();
    let counts = project.code_counts();
    let tree = project.codes_in_tree_order();
    let matrix = by.map(|attribute| crate::analysis::code_matrix(project, attribute));
    let columns = matrix
        .as_ref()
        .map(|m| m.columns.clone())
        .unwrap_or_default();
    if json {
        let list: Vec<Value> = tree
            .iter()
            .map(|(depth, code)| {
                let count = counts.get(&code.id).copied().unwrap_or_default();
                json!({
                    "id": code.id,
                    "name": code.name,
                    "path": project.code_path(code.id),
                    "parent": code.parent,
                    "depth": depth,
                    "color": code.color,
                    "description": code.description,
                    "codings": count.codings,
                    "documents": count.documents,
                    "by": matrix.as_ref().map(|m| {
                        m.columns.iter().map(|column| (column.clone(), m.count(code.id, column))).collect::<std::collections::BTreeMap<_, _>>()
                    }),
                })
            })
            .collect();
        return print_json(&Value::Array(list));
    }
    if tree.is_empty() {
        outln!(
            "No codes yet. Code a passage with `polyphony code PROJECT --doc D --start N --end M --code NAME`."
        );
        return Ok(());
    }
    let extra: String = columns.iter().fold(String::new(), |mut line, column| {
        line.push_str(&format!(" {column:>14}"));
        line
    });
    outln!("{:<48} {:>8} {:>10}{extra}", "code", "codings", "documents");
    for (depth, code) in tree {
        let count = counts.get(&code.id).copied().unwrap_or_default();
        let name = format!("{}{}", "  ".repeat(depth), code.name);
        let extra: String = matrix
            .as_ref()
            .map(|m| {
                columns.iter().fold(String::new(), |mut line, column| {
                    line.push_str(&format!(" {:>14}", m.count(code.id, column)));
                    line
                })
            })
            .unwrap_or_default();
        outln!(
            "{name:<48} {:>8} {:>10}{extra}",
            count.codings,
            count.documents
        );
    }
    Ok(())
}

pub fn segments(workbench: &mut Workbench, filter: &SegmentFilter, json: bool) -> Result<()> {
    let rows = workbench.segment_rows(filter)?;
    let project = workbench.project();
    if json {
        let list: Vec<Value> = rows
            .iter()
            .map(|row| {
                json!({
                    "coding": row.coding.id,
                    "code": row.code_path,
                    "document": row.document_name,
                    "speaker": row.speaker,
                    "participant": row.participant.as_ref().map(|p| &p.name),
                    "attributes": row.participant.as_ref().map(|p| &p.attributes),
                    "start": row.coding.start,
                    "end": row.coding.end,
                    // "p. 4" or "pp. 4-5" for documents with pages (PDFs), else null.
                    "page": row.page,
                    "quote": row.quote,
                    "coder": project.coders.get(&row.coding.coder).map(|c| &c.name),
                    "created_at": format_time(row.coding.created_at),
                    "memo": row.coding.memo,
                })
            })
            .collect();
        return print_json(&Value::Array(list));
    }
    if rows.is_empty() {
        outln!("No coded segments match.");
        return Ok(());
    }
    for row in &rows {
        let page = row
            .page
            .as_ref()
            .map(|citation| format!(" ({citation})"))
            .unwrap_or_default();
        outln!(
            "{} @{}..{} [{}] {}: \"{}\"{page}",
            row.document_name,
            row.coding.start,
            row.coding.end,
            row.code_path,
            row.speaker.as_deref().unwrap_or("-"),
            row.quote.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    outln!("{} segment(s).", rows.len());
    Ok(())
}

pub fn log(workbench: &Workbench, json: bool) -> Result<()> {
    let rows = workbench.journal()?;
    if json {
        let list: Vec<Value> = rows
            .iter()
            .map(|row| {
                json!({
                    "seq": row.seq,
                    "at": format_time(row.at),
                    "coder": row.coder,
                    "action": row.action,
                    "label": row.label,
                    "detail": serde_json::from_str::<Value>(&row.detail).unwrap_or(Value::Null),
                })
            })
            .collect();
        return print_json(&Value::Array(list));
    }
    for row in rows {
        outln!(
            "{:>5}  {}  {:<20}  {:<4}  {}",
            row.seq,
            format_time(row.at),
            row.coder,
            row.action,
            row.label
        );
    }
    Ok(())
}

/// A figure table as aligned text for the terminal.
pub(super) fn print_figure_table(table: &crate::exchange::FigureTable) -> Result<()> {
    let cells: Vec<Vec<String>> = std::iter::once(table.columns.clone())
        .chain(
            table
                .rows
                .iter()
                .map(|row| row.iter().map(|value| value.shown(3, "-")).collect()),
        )
        .collect();
    let widths: Vec<usize> = (0..table.columns.len())
        .map(|col| {
            cells
                .iter()
                .map(|row| row.get(col).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(col, (cell, width))| {
                if col == 0
                    || (col == 1 && table.columns.get(1).is_some_and(|name| name == "document"))
                {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        outln!("{}", line.join("  ").trim_end());
    }
    Ok(())
}

/// Where a study table goes: printed as aligned text (the default), as JSON
/// or CSV on standard output, or written as an Excel workbook.
#[derive(Debug, Clone, clap::Args)]
pub struct TableOutput {
    /// Print the table as JSON: an object per row, keyed by column.
    #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
    json: bool,
    /// Print the table as CSV.
    #[arg(long, conflicts_with = "xlsx")]
    csv: bool,
    /// Write the table as an Excel workbook to this file.
    #[arg(long, value_name = "FILE")]
    xlsx: Option<std::path::PathBuf>,
}

impl TableOutput {
    pub(super) fn emit(
        &self,
        project: &crate::model::Project,
        table: &crate::exchange::FigureTable,
    ) -> Result<()> {
        if self.json {
            print_json(&table.to_json())
        } else if self.csv {
            use std::io::Write as _;
            write!(std::io::stdout().lock(), "{}", table.to_csv())?;
            Ok(())
        } else if let Some(out) = &self.xlsx {
            table.write(project, crate::exchange::tables::TableFormat::Xlsx, out)?;
            outln!("Wrote {} ({} rows).", out.display(), table.rows.len());
            Ok(())
        } else {
            print_figure_table(table)
        }
    }
}
