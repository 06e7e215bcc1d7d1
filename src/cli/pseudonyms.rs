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
use crate::pseudonyms::{Category, KeyEntry, KeyFile, Marking};
use crate::workbench::{Leaving, Workbench};
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
    /// Keep the key apart from the project, in this file sealed with a
    /// passphrase (asked for, or taken from POLYPHONY_KEY_PASSPHRASE); the
    /// project then holds no real term of the key.
    #[arg(long, global = true, value_name = "FILE")]
    key: Option<PathBuf>,
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
    /// Undo the last change to a key kept apart (--key FILE); a key kept in the
    /// project is undone with `polyphony undo`.
    Undo,
}

/// Carries out `polyphony pseudonyms` and prints what was done or found.
pub fn run(args: PseudonymsArgs) -> Result<()> {
    if let Some(key) = args.key.clone() {
        return run_on_key_apart(args, &key);
    }
    if !matches!(args.action, PseudonymsAction::Reject { .. }) {
        let workbench = Workbench::open_read_only_outline(&args.project)?;
        if workbench.key_kept_apart().is_some() {
            bail!(
                "this project's pseudonym key is kept apart in a key file: add --key FILE to work on it"
            );
        }
    }
    match args.action {
        PseudonymsAction::List => {
            let workbench = Workbench::open_read_only_outline(&args.project)?;
            list(workbench.project().pseudonyms.values(), args.json)
        }
        PseudonymsAction::Export { csv } => {
            let workbench = Workbench::open_read_only_outline(&args.project)?;
            export(workbench.project().pseudonyms.values(), &csv)
        }
        PseudonymsAction::Find { limit } => find(&args.project, None, limit, args.json),
        PseudonymsAction::Undo => bail!(
            "the key is kept in the project, where `polyphony undo PROJECT` undoes its last change"
        ),
        action => {
            let mut workbench = super::open_outline(&args.project, args.coder.as_deref())?;
            let command = match action {
                PseudonymsAction::Add {
                    real,
                    replacement,
                    category,
                    variants,
                } => {
                    let entry = new_entry(
                        workbench.project(),
                        workbench.project().pseudonyms.values(),
                        &real,
                        replacement,
                        &category,
                        variants,
                    )?;
                    Command::SetPseudonym {
                        real: entry.real.clone(),
                        entry: Some(entry),
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
                PseudonymsAction::Import { csv } => import_command(&csv, import_entries(&csv)?),
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
                | PseudonymsAction::Find { .. }
                | PseudonymsAction::Undo => {
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

/// The passphrase of the key at `key`: from POLYPHONY_KEY_PASSPHRASE, or asked at
/// the terminal without echo (twice for a new key, so a typing slip cannot lock
/// the key away).
fn passphrase(key: &Path, new: bool) -> Result<String> {
    use std::io::IsTerminal;
    if let Ok(passphrase) = std::env::var("POLYPHONY_KEY_PASSPHRASE") {
        if passphrase.is_empty() {
            bail!("POLYPHONY_KEY_PASSPHRASE is empty; a key needs a passphrase");
        }
        return Ok(passphrase);
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "the key {} needs its passphrase: run at a terminal to be asked, or set POLYPHONY_KEY_PASSPHRASE",
            key.display()
        );
    }
    let asked = rpassword::prompt_password(format!("Passphrase for the key {}: ", key.display()))
        .context("could not read the passphrase")?;
    if asked.is_empty() {
        bail!("a key needs a passphrase; nothing was changed");
    }
    if new {
        let again = rpassword::prompt_password("The same passphrase again: ")
            .context("could not read the passphrase")?;
        if again != asked {
            bail!("the two passphrases differ; nothing was written");
        }
    }
    Ok(asked)
}

/// Opens the key kept apart at `path` for the project `workbench`, asking for its
/// passphrase.
pub fn open_key_apart(workbench: &Workbench, path: &Path) -> Result<KeyFile> {
    read_key_apart(workbench, path, &passphrase(path, false)?)
}

/// Reads the key at `path` with `passphrase`, checking that it is the key of the
/// project `workbench`.
fn read_key_apart(workbench: &Workbench, path: &Path, passphrase: &str) -> Result<KeyFile> {
    if !path.exists() {
        bail!(
            "there is no key at {}; make one with `polyphony pseudonyms PROJECT --key {} add` or `import`",
            path.display(),
            path.display()
        );
    }
    Ok(workbench.read_key_apart(path, passphrase)?)
}

/// `polyphony pseudonyms PROJECT --key FILE ...`: the key in its sealed file,
/// each change one undo step kept in the file, and journalled (without its real
/// terms) in the project.
fn run_on_key_apart(args: PseudonymsArgs, path: &Path) -> Result<()> {
    let reader = Workbench::open_read_only_outline(&args.project)?;
    if !reader.project().pseudonyms.is_empty() {
        bail!(
            "this project keeps its pseudonym key inside; work on it without --key (or write a copy to share with `polyphony share`)"
        );
    }
    let creates = matches!(
        args.action,
        PseudonymsAction::Add { .. } | PseudonymsAction::Import { .. }
    ) && !path.exists();
    let (mut key, passphrase) = if creates {
        if reader.key_kept_apart().is_some() {
            bail!(
                "this project's key is kept in another file (there is none at {}); name that file with --key",
                path.display()
            );
        }
        (KeyFile::new(), passphrase(path, true)?)
    } else {
        // Asked once, and kept in memory to seal the changed key.
        let passphrase = passphrase(path, false)?;
        (read_key_apart(&reader, path, &passphrase)?, passphrase)
    };
    let label = match args.action {
        PseudonymsAction::List => return list(key.entries.iter(), args.json),
        PseudonymsAction::Export { csv } => return export(key.entries.iter(), &csv),
        PseudonymsAction::Find { limit } => {
            drop(reader);
            return find(&args.project, Some(&key), limit, args.json);
        }
        PseudonymsAction::Reject { .. } => {
            bail!("a rejection is kept in the project: run it without --key")
        }
        PseudonymsAction::Undo => match key.undo() {
            Some(label) => format!("undo {label}"),
            None => bail!("the key {} has no change to undo", path.display()),
        },
        PseudonymsAction::Add {
            real,
            replacement,
            category,
            variants,
        } => {
            let entry = new_entry(
                reader.project(),
                key.entries.iter(),
                &real,
                replacement,
                &category,
                variants,
            )?;
            let real = entry.real.clone();
            key.set_entry(&real, Some(entry)).unwrap_or_default()
        }
        PseudonymsAction::Remove { real } => {
            let real = real.trim().to_owned();
            key.set_entry(&real, None).with_context(|| {
                format!("{real:?} is not in the pseudonym key; list it with `--key FILE list`")
            })?
        }
        PseudonymsAction::Import { csv } => {
            let entries = import_entries(&csv)?;
            let label = import_label(&csv, entries.len());
            key.change(&label, |key| {
                key.retain(|old| !entries.iter().any(|entry| entry.real == old.real));
                key.extend(entries);
            });
            label
        }
        PseudonymsAction::Map { term, to } => {
            let term = term.trim().to_owned();
            if term.is_empty() {
                bail!("name the candidate to map, as `find` shows it");
            }
            let Some(entry) = key.get(to.trim()) else {
                bail!(
                    "{to:?} is not in the pseudonym key, so {term:?} cannot be mapped to it; list the key with `--key FILE list`"
                );
            };
            let label = format!("change pseudonym {}", entry.replacement);
            let real = entry.real.clone();
            key.change(&label, |entries| {
                if let Some(entry) = entries.iter_mut().find(|entry| entry.real == real)
                    && !entry.variants.contains(&term)
                {
                    entry.variants.push(term);
                }
            });
            label
        }
    };
    drop(reader);
    let mut project = super::open_outline(&args.project, args.coder.as_deref())?;
    key.write(path, &passphrase)?;
    if project.key_kept_apart().is_none() {
        project.apply(Command::SetSetting {
            name: Project::PSEUDONYM_KEY_APART.to_owned(),
            value: Some(key.id.clone()),
        })?;
    }
    project.note_key_apart_change(&label)?;
    if args.json {
        return print_json(&json!({ "done": label }));
    }
    outln!("Done: {label}, in the key {}.", path.display());
    outln!(
        "Undo with `polyphony pseudonyms {} --key {} undo`.",
        args.project.display(),
        path.display()
    );
    Ok(())
}

/// `polyphony pseudonyms PROJECT find`: the candidates with their counts and
/// keyword-in-context lines, and the commands that decide on them.
fn find(path: &Path, apart: Option<&KeyFile>, limit: usize, as_json: bool) -> Result<()> {
    let mut workbench = Workbench::open_read_only_outline(path)?;
    if let Some(key) = apart {
        workbench.hold_key_apart(&key.entries);
    }
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

/// The entry `add` makes, its replacement by default as
/// [`crate::pseudonyms::suggested_replacement`] chooses.
fn new_entry<'k>(
    project: &Project,
    key: impl Iterator<Item = &'k KeyEntry>,
    real: &str,
    replacement: Option<String>,
    category: &str,
    variants: Vec<String>,
) -> Result<KeyEntry> {
    let category = parse_category(category)?;
    let real = real.trim().to_owned();
    if real.is_empty() {
        bail!("name the real term to add, as it is written in the transcripts");
    }
    let replacement = replacement.map_or_else(
        || crate::pseudonyms::suggested_replacement(project, key, &real, category),
        |replacement| replacement.trim().to_owned(),
    );
    Ok(KeyEntry {
        real,
        replacement,
        category,
        variants,
    })
}

fn list<'k>(key: impl ExactSizeIterator<Item = &'k KeyEntry>, as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&json!(key.collect::<Vec<_>>()));
    }
    if key.len() == 0 {
        outln!(
            "The project has no pseudonym key yet; add to it with `polyphony pseudonyms PROJECT add`."
        );
        return Ok(());
    }
    for entry in key {
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

/// The entries of a CSV key, every bad row named by its line.
fn import_entries(path: &Path) -> Result<Vec<KeyEntry>> {
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
    let mut entries = Vec::new();
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
        entries.push(KeyEntry {
            real: real.to_owned(),
            replacement: replacement.to_owned(),
            category,
            variants,
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
    if entries.is_empty() {
        bail!("{} holds no entries", path.display());
    }
    Ok(entries)
}

/// What an import is called in the history: "import 12 pseudonyms from key.csv".
fn import_label(path: &Path, entries: usize) -> String {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    format!("import {entries} pseudonyms from {file}")
}

/// The entries of a CSV key as one undo step.
fn import_command(path: &Path, entries: Vec<KeyEntry>) -> Command {
    Command::Batch {
        label: import_label(path, entries.len()),
        commands: entries
            .into_iter()
            .map(|entry| Command::SetPseudonym {
                real: entry.real.clone(),
                entry: Some(entry),
            })
            .collect(),
    }
}

fn export<'k>(key: impl Iterator<Item = &'k KeyEntry> + Clone, path: &Path) -> Result<()> {
    let write = |writer: &mut csv::Writer<Box<dyn std::io::Write>>| -> Result<()> {
        writer.write_record(["real", "replacement", "category", "variants"])?;
        for entry in key.clone() {
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
        "Wrote {} entries of the pseudonym key to {}. It holds real names in clear: keep it apart from the data.",
        key.count(),
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
    /// The project's pseudonym key kept apart, in this sealed file (its
    /// passphrase asked for, or taken from POLYPHONY_KEY_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    key: Option<PathBuf>,
}

/// `--marking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MarkingArg {
    Bracketed,
    Plain,
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
    let as_it_is = Leaving::as_it_is(workbench.project());
    if !workbench.has_pseudonym_key() && privacy.key.is_none() {
        return Ok(as_it_is);
    }
    if privacy.identifiable {
        let mut writer = super::open_outline(path, None)?;
        writer.note_identifiable_output(what)?;
        eprintln!("note: {what} holds real names (--identifiable); the journal records it.");
        return Ok(as_it_is);
    }
    let key = match (&privacy.key, workbench.key_kept_apart()) {
        (Some(path), _) => {
            let entries = open_key_apart(workbench, path)?.entries;
            crate::pseudonyms::Pseudonymiser::new(&entries, privacy.marking.into())?
        }
        (None, Some(_)) => bail!(
            "this project's pseudonym key is kept apart in a key file: add --key FILE to write {what} with pseudonyms, or --identifiable to write real names (which is journalled)"
        ),
        (None, None) => workbench.pseudonymiser(privacy.marking.into())?,
    };
    Ok(Leaving::pseudonymised(workbench.project(), key, texts))
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
    /// The project's pseudonym key kept apart, in this sealed file.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    #[arg(long)]
    coder: Option<String>,
}

/// Carries out `polyphony share`.
pub fn share(args: &ShareArgs) -> Result<()> {
    let mut workbench = super::open_write(&args.project, args.coder.as_deref())?;
    match (&args.key, workbench.key_kept_apart()) {
        (Some(path), _) => {
            let key = open_key_apart(&workbench, path)?;
            workbench.hold_key_apart(&key.entries);
        }
        (None, Some(_)) => bail!(
            "this project's pseudonym key is kept apart in a key file: add --key FILE to write the copy"
        ),
        (None, None) => {}
    }
    let documents = workbench.write_pseudonymised_copy(&args.out, args.marking.into())?;
    outln!(
        "Wrote {}: {documents} documents with pseudonyms, every coding on the replaced text, and no key inside.",
        args.out.display()
    );
    let kept = args
        .key
        .as_ref()
        .map_or_else(|| args.project.display(), |key| key.display());
    outln!("The key stays in {kept}: keep it apart from the copy.");
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
