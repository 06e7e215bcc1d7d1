//! `--pseudonymised` on the command line's listings (`docs`, `show`,
//! `participants`, `search`, `codes`, `segments`, `themes`, `memo list`,
//! `comments`, `log`, `uncovered`): once it is given, every line and every JSON
//! string the command prints passes through the project's key, so that what is
//! pasted into an email or a notebook names no one. The key is set once per
//! process, before anything is printed.

use crate::cli::pseudonyms::{MarkingArg, open_key_apart};
use crate::model::Project;
use crate::pseudonyms::{Pseudonymiser, Texts, pseudonymise_texts};
use crate::workbench::Workbench;
use anyhow::{Result, bail};
use clap::Args;
use serde_json::Value;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The key every printed line passes through, once `--pseudonymised` set it.
static SHOWN_WITH: OnceLock<Pseudonymiser> = OnceLock::new();

/// `--pseudonymised [--key FILE] [--marking plain]` of a listing.
#[derive(Debug, Clone, Args)]
pub struct ShownArgs {
    /// Print with the project's pseudonym key applied to every name, text and
    /// value, as data that leaves the team must be (positions stay those of the
    /// project's own texts).
    #[arg(long)]
    pseudonymised: bool,
    /// With --pseudonymised: the project's key kept apart, in this sealed file
    /// (its passphrase asked for, or taken from POLYPHONY_KEY_PASSPHRASE).
    #[arg(long = "key", value_name = "FILE", requires = "pseudonymised")]
    key_file: Option<PathBuf>,
    /// With --pseudonymised: how a replacement shows, bracketed ([P03]) or plain (P03).
    #[arg(long, value_enum, default_value = "bracketed")]
    marking: MarkingArg,
}

impl ShownArgs {
    /// Sets what is printed from here on to pass through `workbench`'s key, when
    /// `--pseudonymised` was given.
    ///
    /// # Errors
    /// When the project has no key to apply, keeps it apart and no `--key` was
    /// given, or the key file does not open.
    pub fn apply(&self, workbench: &Workbench) -> Result<()> {
        if !self.pseudonymised {
            return Ok(());
        }
        let key = match (&self.key_file, workbench.key_kept_apart()) {
            (Some(path), _) => Pseudonymiser::new(
                &open_key_apart(workbench, path)?.entries,
                self.marking.into(),
            )?,
            (None, Some(_)) => bail!(
                "this project's pseudonym key is kept apart in a key file: add --key FILE to print with pseudonyms"
            ),
            (None, None) if !workbench.has_pseudonym_key() => bail!(
                "this project has no pseudonym key, so --pseudonymised has nothing to replace with; build one with `polyphony pseudonyms PROJECT find` and `add`, or import one"
            ),
            (None, None) => workbench.pseudonymiser(self.marking.into())?,
        };
        // One listing per process: a second key could only be the same one.
        let _ = SHOWN_WITH.set(key);
        Ok(())
    }
}

/// Whether `--pseudonymised` set a key for what is printed.
pub fn is_on() -> bool {
    SHOWN_WITH.get().is_some()
}

/// `line` as it may be printed: with the key applied, names of files and
/// records in any case too, once `--pseudonymised` set one.
pub fn shown(line: &str) -> Cow<'_, str> {
    match SHOWN_WITH.get() {
        Some(key) => Cow::Owned(key.replace_in_name(&key.replace(line))),
        None => Cow::Borrowed(line),
    }
}

/// `project` as a listing that writes a file format of its own (CSV) may print
/// it: with the key applied to every name and text, so the format's own quoting
/// holds.
#[must_use]
pub fn shown_project(project: &Project) -> Cow<'_, Project> {
    match SHOWN_WITH.get() {
        Some(key) => Cow::Owned(pseudonymise_texts(project, key, Texts::All)),
        None => Cow::Borrowed(project),
    }
}

/// `value` as it may be printed: every string in it (keys of objects too)
/// passed through [`shown`].
#[must_use]
pub fn shown_json(value: &Value) -> Cow<'_, Value> {
    fn walk(value: &Value) -> Value {
        match value {
            Value::String(text) => Value::String(shown(text).into_owned()),
            Value::Array(items) => Value::Array(items.iter().map(walk).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(name, field)| (shown(name).into_owned(), walk(field)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    if SHOWN_WITH.get().is_none() {
        return Cow::Borrowed(value);
    }
    Cow::Owned(walk(value))
}
