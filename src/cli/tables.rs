//! `polyphony table`: the tables a study reports (code frequencies, code
//! matrices, co-occurrence and word frequencies by group), printed or written
//! as CSV, XLSX or JSON, and the passages or keyword-in-context lines behind
//! one cell.

use crate::analysis::study::cooccurrence::{Together, cooccurrence, passages};
use crate::analysis::study::frequencies::frequencies;
use crate::analysis::study::matrix::{MatrixColumns, Share, matrix};
use crate::analysis::study::stop_words::Language;
use crate::analysis::study::words::{
    WordOptions, in_context_table, keyword_in_context, word_frequencies,
};
use crate::cli::output::TableOutput;
use crate::cli::{find_code, open_read};
use crate::exchange::{FigureTable, TableValue};
use crate::model::text::slice_chars;
use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TableArgs {
    project: PathBuf,
    #[command(subcommand)]
    table: StudyTable,
    #[command(flatten)]
    privacy: super::pseudonyms::PrivacyArgs,
}

#[derive(Debug, Subcommand)]
enum StudyTable {
    /// Each code's codings, documents, participants and words coded.
    Frequencies {
        /// Count each code's child codes into it.
        #[arg(long)]
        rolled_up: bool,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Codings of each code by document or by the value of an attribute.
    Matrix {
        /// `document`, or a participant (else document) attribute.
        #[arg(long, default_value = "document")]
        by: String,
        /// counts, row (percent of the row) or column (percent of the column).
        #[arg(long, default_value = "counts")]
        share: String,
        #[arg(long)]
        rolled_up: bool,
        #[command(flatten)]
        output: TableOutput,
    },
    /// How often each pair of codes occurs together.
    Cooccurrence {
        /// overlap (codings on overlapping text), turn or paragraph.
        #[arg(long, default_value = "overlap")]
        by: String,
        /// List the passages behind one cell: two codes, comma-separated.
        #[arg(long, value_delimiter = ',', num_args = 1, value_name = "CODE,CODE")]
        passages: Option<Vec<String>>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Word frequencies by group, without stop words.
    Words {
        /// A participant (else document) attribute whose values are the groups.
        #[arg(long)]
        by: Option<String>,
        /// Only text coded with this code.
        #[arg(long)]
        code: Option<String>,
        /// Stop-word lists to leave out: en, fr, both comma-separated, or none.
        #[arg(long, default_value = "en,fr", value_delimiter = ',')]
        stop_words: Vec<String>,
        /// Count stems (en or fr) rather than words.
        #[arg(long)]
        stem: Option<String>,
        /// How many of the commonest words to show (0 for all).
        #[arg(long, default_value_t = 50)]
        top: usize,
        /// Count interviewers' turns too.
        #[arg(long)]
        with_interviewers: bool,
        /// List every occurrence of this word in context instead.
        #[arg(long, value_name = "WORD")]
        kwic: Option<String>,
        /// Chars of context either side, with --kwic.
        #[arg(long, default_value_t = 40)]
        width: usize,
        #[command(flatten)]
        output: TableOutput,
    },
}

pub fn table(args: &TableArgs) -> Result<()> {
    let workbench = open_read(&args.project)?;
    let leaving = super::pseudonyms::leaving_project(
        &workbench,
        &args.project,
        &args.privacy,
        "a table",
        crate::pseudonyms::Texts::All,
    )?;
    let project = leaving.project.as_ref();
    let (table, output) = match &args.table {
        StudyTable::Frequencies { rolled_up, output } => {
            (frequencies(project, *rolled_up).table(project), output)
        }
        StudyTable::Matrix {
            by,
            share,
            rolled_up,
            output,
        } => {
            let share = Share::parse(share)
                .ok_or_else(|| anyhow!("--share takes counts, row or column, not {share:?}"))?;
            let columns = if by.trim().eq_ignore_ascii_case("document") {
                MatrixColumns::Documents
            } else {
                MatrixColumns::Attribute(by.clone())
            };
            let matrix = matrix(project, &columns, *rolled_up).map_err(|error| anyhow!(error))?;
            (matrix.table(project, share), output)
        }
        StudyTable::Cooccurrence {
            by,
            passages: pair,
            output,
        } => {
            let by = Together::parse(by)
                .ok_or_else(|| anyhow!("--by takes overlap, turn or paragraph, not {by:?}"))?;
            let table = match pair.as_deref() {
                None => cooccurrence(project, by).table(project),
                Some([first, second]) => {
                    let (first, second) = (
                        find_code(&workbench, first)?,
                        find_code(&workbench, second)?,
                    );
                    passages_table(project, by, first, second)
                }
                Some(_) => {
                    bail!("--passages takes two codes, comma-separated: --passages Hope,Trust")
                }
            };
            (table, output)
        }
        StudyTable::Words {
            by,
            code,
            stop_words,
            stem,
            top,
            with_interviewers,
            kwic,
            width,
            output,
        } => {
            let options = WordOptions {
                by: by.clone(),
                code: code
                    .as_deref()
                    .map(|key| find_code(&workbench, key))
                    .transpose()?,
                stop_words: languages(stop_words)?,
                stem: stem
                    .as_deref()
                    .map(|word| {
                        Language::parse(word)
                            .ok_or_else(|| anyhow!("--stem takes en or fr, not {word:?}"))
                    })
                    .transpose()?,
                with_interviewers: *with_interviewers,
            };
            let table = match kwic {
                Some(word) => {
                    let lines = keyword_in_context(project, &options, word, *width)
                        .map_err(|error| anyhow!(error))?;
                    in_context_table(project, word, &lines)
                }
                None => word_frequencies(project, &options)
                    .map_err(|error| anyhow!(error))?
                    .table((*top > 0).then_some(*top)),
            };
            (table, output)
        }
    };
    output.emit(project, &table)
}

/// The stop-word lists named: `en`, `fr`, or `none`.
fn languages(names: &[String]) -> Result<Vec<Language>> {
    let mut languages = Vec::new();
    for name in names {
        if name.trim().eq_ignore_ascii_case("none") {
            continue;
        }
        let language = Language::parse(name)
            .ok_or_else(|| anyhow!("--stop-words takes en, fr or none, not {name:?}"))?;
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    Ok(languages)
}

/// The passages where two codes occur together, with their text.
fn passages_table(
    project: &crate::model::Project,
    by: Together,
    first: crate::model::CodeId,
    second: crate::model::CodeId,
) -> FigureTable {
    let found = passages(project, by, first, second);
    FigureTable {
        title: format!(
            "{} and {} together by {}",
            project.code_path(first),
            project.code_path(second),
            by.word()
        ),
        columns: ["document", "start", "end", "text"]
            .map(str::to_owned)
            .to_vec(),
        rows: found
            .iter()
            .filter_map(|passage| {
                let document = project.documents.get(&passage.document)?;
                Some(vec![
                    TableValue::Text(document.name.clone()),
                    TableValue::Count(passage.start),
                    TableValue::Count(passage.end),
                    TableValue::Text(
                        slice_chars(&document.text, passage.start, passage.end).replace('\n', " "),
                    ),
                ])
            })
            .collect(),
    }
}
