//! `polyphony pseudonyms`: listing, adding, removing, importing and exporting the
//! pseudonym key kept in the project, each change one undo step; `polyphony share`,
//! the pseudonymised copy without the key; and the `--identifiable` and `--marking`
//! choices every output takes.
//!
//! The key's CSV has the columns `real,replacement,category,variants`, the variants
//! separated by `;`, so that a key kept in a spreadsheet comes in and goes out whole.

use crate::cli::output::print_json;
use crate::edit::Command;
use crate::model::Project;
use crate::pseudonyms::{Category, KeyEntry, Marking, numbered_pseudonym};
use crate::workbench::Workbench;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};

/// `polyphony pseudonyms PROJECT ACTION`.
#[derive(Debug, Args)]
pub struct PseudonymsArgs {
    project: PathBuf,
    #[command(subcommand)]
    action: PseudonymsAction,
    #[arg(long, global = true)]
    coder: Option<String>,
    #[arg(long, global = true)]
    json: bool,
}

/// What `polyphony pseudonyms PROJECT ...` does.
#[derive(Debug, Subcommand)]
pub enum PseudonymsAction {
    /// The key: each real term, what replaces it, its category and variants.
    List,
    /// Add a real term to the key, or change its entry (`accept` a candidate).
    #[command(alias = "accept")]
    Add {
        /// The real term as it is written: "Maria López", "Leeds", "sam@example.org".
        real: String,
        /// What replaces it (default: the next P01, P02… for a participant, or the
        /// category in brackets, "[place]").
        #[arg(long = "as")]
        replacement: Option<String>,
        /// participant, person, place, organisation, service, date or contact.
        #[arg(long, default_value = "person")]
        category: String,
        /// Another spelling to replace as well (a nickname, a misspelling); repeat
        /// for more.
        #[arg(long = "variant")]
        variants: Vec<String>,
    },
    /// Take a real term out of the key.
    Remove { real: String },
    /// What the key may still need: speaker labels, participant names,
    /// capitalised words that are not common words, and emails, phone numbers,
    /// postcodes, dates, NHS numbers and URLs, each with its count and where it
    /// stands. Nothing is replaced until you add it.
    Find {
        /// How many candidates to show (all with --json).
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Say that a candidate needs no pseudonym, so `find` does not propose it again.
    Reject { term: String },
    /// Replace a candidate as an entry already in the key is replaced ("Mags" as
    /// "Margaret Hill"): it becomes a variant of that entry.
    Map {
        term: String,
        /// The real term of the entry, as `list` shows it.
        #[arg(long)]
        to: String,
    },
    /// Add or change every entry of a CSV key (real,replacement,category,variants)
    /// as one undo step; a file with a bad row changes nothing.
    Import { csv: PathBuf },
    /// Write the key as CSV to a file, or to standard output with `-`.
    Export { csv: PathBuf },
}

/// Carries out `polyphony pseudonyms` and prints what was done or found.
pub fn run(args: PseudonymsArgs) -> Result<()> {
    match args.action {
        PseudonymsAction::List => {
            let workbench = Workbench::open_read_only_outline(&args.project)?;
            list(workbench.project(), args.json)
        }
        PseudonymsAction::Export { csv } => {
            let workbench = Workbench::open_read_only_outline(&args.project)?;
            export(workbench.project(), &csv)
        }
        PseudonymsAction::Find { limit } => find(&args.project, limit, args.json),
        action => {
            let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
            let command = match action {
                PseudonymsAction::Add {
                    real,
                    replacement,
                    category,
                    variants,
                } => {
                    let category = parse_category(&category)?;
                    let real = real.trim().to_owned();
                    let replacement = replacement.map_or_else(
                        || default_replacement(workbench.project(), category),
                        |replacement| replacement.trim().to_owned(),
                    );
                    Command::SetPseudonym {
                        real: real.clone(),
                        entry: Some(KeyEntry {
                            real,
                            replacement,
                            category,
                            variants,
                        }),
                    }
                }
                PseudonymsAction::Remove { real } => {
                    let real = real.trim().to_owned();
                    if !workbench.project().pseudonyms.contains_key(&real) {
                        bail!(
                            "{real:?} is not in the pseudonym key; list it with `polyphony pseudonyms PROJECT list`"
                        );
                    }
                    Command::SetPseudonym { real, entry: None }
                }
                PseudonymsAction::Import { csv } => import_command(&csv)?,
                PseudonymsAction::Reject { term } => {
                    if term.trim().is_empty() {
                        bail!("name the candidate to reject, as `find` shows it");
                    }
                    workbench.reject_candidate(&term)
                }
                PseudonymsAction::Map { term, to } => {
                    if term.trim().is_empty() {
                        bail!("name the candidate to map, as `find` shows it");
                    }
                    workbench.map_candidate(&term, &to)?
                }
                PseudonymsAction::List
                | PseudonymsAction::Export { .. }
                | PseudonymsAction::Find { .. } => {
                    bail!("listing, finding or exporting changes nothing")
                }
            };
            let label = workbench.apply(command)?;
            if args.json {
                return print_json(&json!({ "done": label }));
            }
            outln!("Done: {label}.");
            outln!("Undo with `polyphony undo`.");
            Ok(())
        }
    }
}

/// `polyphony pseudonyms PROJECT find`: the candidates with their counts and
/// keyword-in-context lines, and the commands that decide on them.
fn find(path: &Path, limit: usize, as_json: bool) -> Result<()> {
    let mut workbench = Workbench::open_read_only_outline(path)?;
    let bar = indicatif::ProgressBar::new(0).with_message("reading the transcripts");
    let candidates = workbench.pseudonym_candidates(&mut |done, all| {
        bar.set_length(all as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if as_json {
        let rows: Vec<_> = candidates
            .iter()
            .map(|candidate| {
                json!({
                    "term": candidate.term,
                    "found_as": candidate.source.name(),
                    "category": candidate.source.category().name(),
                    "count": candidate.count,
                    "contexts": candidate.contexts.iter().map(|context| json!({
                        "place": context.place,
                        "before": context.before,
                        "term": context.term,
                        "after": context.after,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return print_json(&json!(rows));
    }
    if candidates.is_empty() {
        outln!(
            "No candidates: every speaker, name and contact detail found is in the key or was rejected."
        );
        return Ok(());
    }
    outln!(
        "{} candidates for the pseudonym key, speakers and names first, then contact details and dates, then capitalised words:",
        candidates.len()
    );
    for (index, candidate) in candidates.iter().take(limit).enumerate() {
        outln!(
            "\n{:>3}. {}  ({}, {} {}; would be a {})",
            index + 1,
            candidate.term,
            candidate.source.name(),
            candidate.count,
            if candidate.count == 1 {
                "time"
            } else {
                "times"
            },
            candidate.source.category().name()
        );
        for context in &candidate.contexts {
            outln!(
                "       {}: …{}[{}]{}…",
                context.place,
                context.before,
                context.term,
                context.after
            );
        }
    }
    if candidates.len() > limit {
        outln!(
            "\n…and {} more; show them with --limit {}.",
            candidates.len() - limit,
            candidates.len()
        );
    }
    let project = path.display();
    outln!(
        "\nAccept one:  polyphony pseudonyms {project} add \"TERM\" --category CATEGORY [--as REPLACEMENT]"
    );
    outln!("Reject one:  polyphony pseudonyms {project} reject \"TERM\"");
    outln!("Map one to an entry:  polyphony pseudonyms {project} map \"TERM\" --to \"REAL\"");
    Ok(())
}

fn parse_category(word: &str) -> Result<Category> {
    Category::parse(word).with_context(|| {
        let names: Vec<&str> = Category::ALL
            .iter()
            .map(|category| category.name())
            .collect();
        format!(
            "{word:?} is not a category; use one of {}",
            names.join(", ")
        )
    })
}

/// The next unused P01, P02… for a participant; the category in brackets otherwise.
fn default_replacement(project: &Project, category: Category) -> String {
    if category != Category::Participant {
        return format!("[{}]", category.name());
    }
    // One more number than there are entries is always free.
    (1..=project.pseudonyms.len() + 1)
        .map(numbered_pseudonym)
        .find(|name| {
            !project
                .pseudonyms
                .values()
                .any(|entry| entry.replacement == *name)
        })
        .unwrap_or_default()
}

fn list(project: &Project, as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&json!(project.pseudonyms.values().collect::<Vec<_>>()));
    }
    if project.pseudonyms.is_empty() {
        outln!(
            "The project has no pseudonym key yet; add to it with `polyphony pseudonyms PROJECT add`."
        );
        return Ok(());
    }
    for entry in project.pseudonyms.values() {
        let variants = if entry.variants.is_empty() {
            String::new()
        } else {
            format!(" (also {})", entry.variants.join(", "))
        };
        outln!(
            "{} → {}  [{}]{variants}",
            entry.real,
            entry.replacement,
            entry.category.name()
        );
    }
    Ok(())
}

/// One batch of the file's entries, every bad row named by its line.
fn import_command(path: &Path) -> Result<Command> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("could not read the key {}", path.display()))?;
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{} has no header row", path.display()))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let (Some(real_at), Some(replacement_at)) = (column("real"), column("replacement")) else {
        bail!(
            "{} needs the columns real and replacement (and may have category and variants)",
            path.display()
        );
    };
    let (category_at, variants_at) = (column("category"), column("variants"));
    let mut commands = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(format!("line {line}: {error}"));
                continue;
            }
        };
        let field = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or_default();
        let (real, replacement) = (field(Some(real_at)), field(Some(replacement_at)));
        if real.is_empty() || replacement.is_empty() {
            problems.push(format!(
                "line {line}: a real term and its replacement are both needed"
            ));
            continue;
        }
        let category = match field(category_at) {
            "" => Category::Person,
            word => match parse_category(word) {
                Ok(category) => category,
                Err(error) => {
                    problems.push(format!("line {line}: {error}"));
                    continue;
                }
            },
        };
        let variants = field(variants_at)
            .split(';')
            .map(str::trim)
            .filter(|variant| !variant.is_empty())
            .map(str::to_owned)
            .collect();
        commands.push(Command::SetPseudonym {
            real: real.to_owned(),
            entry: Some(KeyEntry {
                real: real.to_owned(),
                replacement: replacement.to_owned(),
                category,
                variants,
            }),
        });
    }
    if !problems.is_empty() {
        bail!(
            "nothing was imported; {} has {} bad rows:\n{}",
            path.display(),
            problems.len(),
            problems.join("\n")
        );
    }
    if commands.is_empty() {
        bail!("{} holds no entries", path.display());
    }
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    Ok(Command::Batch {
        label: format!("import {} pseudonyms from {file}", commands.len()),
        commands,
    })
}

fn export(project: &Project, path: &Path) -> Result<()> {
    let write = |writer: &mut csv::Writer<Box<dyn std::io::Write>>| -> Result<()> {
        writer.write_record(["real", "replacement", "category", "variants"])?;
        for entry in project.pseudonyms.values() {
            writer.write_record([
                entry.real.as_str(),
                entry.replacement.as_str(),
                entry.category.name(),
                entry.variants.join("; ").as_str(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    };
    if path == Path::new("-") {
        let mut writer =
            csv::Writer::from_writer(Box::new(std::io::stdout()) as Box<dyn std::io::Write>);
        return write(&mut writer);
    }
    let file = std::fs::File::create(path)
        .with_context(|| format!("could not write the key to {}", path.display()))?;
    let mut writer = csv::Writer::from_writer(Box::new(file) as Box<dyn std::io::Write>);
    write(&mut writer).with_context(|| format!("could not write the key to {}", path.display()))?;
    eprintln!(
        "Wrote {} entries of the pseudonym key to {}. It holds real names: keep it apart from the data.",
        project.pseudonyms.len(),
        path.display()
    );
    Ok(())
}

/// How an output treats the pseudonym key: pseudonymised by default once a key
/// exists; real names only when asked, and journalled.
#[derive(Debug, Clone, Args)]
pub struct PrivacyArgs {
    /// Write real names, places and contact details, without the pseudonym key;
    /// the project's journal records that you did.
    #[arg(long, global = true)]
    identifiable: bool,
    /// How a replacement shows: bracketed ([P03]) or plain (P03).
    #[arg(long, value_enum, default_value = "bracketed", global = true)]
    marking: MarkingArg,
}

/// `--marking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MarkingArg {
    Bracketed,
    Plain,
}

/// What an output is written from: the project with the key applied, or, when
/// the user chose identifiable output (or there is no key), the project as it is.
pub struct Leaving<'w> {
    pub project: std::borrow::Cow<'w, Project>,
    key: Option<crate::pseudonyms::Pseudonymiser>,
}

impl Leaving<'_> {
    /// A text of the output's own (a title) as the output must show it.
    pub fn text(&self, text: &str) -> String {
        self.key
            .as_ref()
            .map_or_else(|| text.to_owned(), |key| key.replace(text))
    }
}

/// What an output of `workbench` is written from, with the key applied to the
/// `texts` the output reads. An identifiable output is journalled in the project
/// at `path` first, so that none is written unrecorded.
pub fn leaving_project<'w>(
    workbench: &'w Workbench,
    path: &Path,
    privacy: &PrivacyArgs,
    what: &str,
    texts: crate::pseudonyms::Texts,
) -> Result<Leaving<'w>> {
    use std::borrow::Cow;
    let as_it_is = Leaving {
        project: Cow::Borrowed(workbench.project()),
        key: None,
    };
    if !workbench.has_pseudonym_key() {
        return Ok(as_it_is);
    }
    if privacy.identifiable {
        let mut writer = super::open_outline(path, None)?;
        writer.note_identifiable_output(what)?;
        eprintln!("note: {what} holds real names (--identifiable); the journal records it.");
        return Ok(as_it_is);
    }
    let key = workbench.pseudonymiser(privacy.marking.into())?;
    Ok(Leaving {
        project: Cow::Owned(crate::pseudonyms::pseudonymise_texts(
            workbench.project(),
            &key,
            texts,
        )),
        key: Some(key),
    })
}

/// `polyphony share PROJECT --out COPY.polyphony`.
#[derive(Debug, Args)]
pub struct ShareArgs {
    project: PathBuf,
    /// The copy to write; it must not exist yet.
    #[arg(long)]
    out: PathBuf,
    /// How a replacement shows: bracketed ([P03]) or plain (P03).
    #[arg(long, value_enum, default_value = "bracketed")]
    marking: MarkingArg,
    #[arg(long)]
    coder: Option<String>,
}

/// Carries out `polyphony share`.
pub fn share(args: &ShareArgs) -> Result<()> {
    let mut workbench = super::open_write(&args.project, args.coder.as_deref())?;
    let documents = workbench.write_pseudonymised_copy(&args.out, args.marking.into())?;
    outln!(
        "Wrote {}: {documents} documents with pseudonyms, every coding on the replaced text, and no key inside.",
        args.out.display()
    );
    outln!(
        "The key stays in {}: keep it apart from the copy.",
        args.project.display()
    );
    Ok(())
}

impl From<MarkingArg> for Marking {
    fn from(marking: MarkingArg) -> Self {
        match marking {
            MarkingArg::Bracketed => Marking::Bracketed,
            MarkingArg::Plain => Marking::Plain,
        }
    }
}
