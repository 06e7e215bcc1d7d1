//! The commands of a shared project: `publish` a file to a PostgreSQL
//! database, `clone` one back to a file, and `team` to list, add, remove and
//! change the role of its members.

use crate::store::shared::{self, Role};
use crate::workbench::Workbench;
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use indicatif::ProgressBar;
use std::path::PathBuf;

/// `polyphony publish PROJECT URL`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The project file to share.
    project: PathBuf,
    /// An empty PostgreSQL database: postgres://USER@HOST[:PORT]/DATABASE. The
    /// password comes from PGPASSWORD or ~/.pgpass.
    url: String,
}

/// `polyphony clone URL OUT`.
#[derive(Debug, Args)]
pub struct CloneArgs {
    /// The shared project: postgres://USER@HOST[:PORT]/DATABASE.
    url: String,
    /// The project file to write (it must not exist).
    out: PathBuf,
}

/// `polyphony team URL ...`.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// The shared project: postgres://USER@HOST[:PORT]/DATABASE.
    project: PathBuf,
    #[command(subcommand)]
    action: TeamAction,
}

#[derive(Debug, Subcommand)]
enum TeamAction {
    /// The members and their roles.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make a PostgreSQL login a member: `add sam --role coder`.
    Add {
        login: String,
        /// lead (codebook, themes, members), coder (codings, memos,
        /// comments) or reviewer (comments only).
        #[arg(long, default_value = "coder")]
        role: String,
    },
    /// Take a member out of the project (their login stays on the server).
    Remove { login: String },
    /// Give a member another role: `role sam lead`.
    Role { login: String, role: String },
}

/// `polyphony publish`.
pub fn publish(args: &PublishArgs) -> Result<()> {
    if !crate::store::server::is_shared_url(&args.url) {
        bail!(
            "{} is not a PostgreSQL address; write it as postgres://USER@HOST/DATABASE",
            args.url
        );
    }
    let published = Workbench::publish(&args.project, &args.url)?;
    let count = |table: &str| {
        published
            .rows
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, count)| *count)
    };
    let shown = crate::store::server::SharedUrl::parse(&args.url)?.to_string();
    outln!(
        "Published {} to {shown}: {} documents, {} codes, {} codings, {} themes. You are its lead.",
        args.project.display(),
        count("documents"),
        count("codes"),
        count("codings"),
        count("themes")
    );
    outln!(
        "Add members with `polyphony team {shown} add LOGIN --role coder`; everyone opens it with the URL in place of the file."
    );
    Ok(())
}

/// `polyphony clone`.
pub fn clone(args: &CloneArgs) -> Result<()> {
    let bar = ProgressBar::new(0);
    bar.set_message("copying tables");
    Workbench::clone_shared(&args.url, &args.out, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    let workbench = Workbench::open_read_only_outline(&args.out)?;
    outln!(
        "Wrote {}: {} documents, {} codes, {} themes. It is a project file of its own; changes to it do not reach the server.",
        args.out.display(),
        workbench.project().documents.len(),
        workbench.project().codes.len(),
        workbench.project().themes.len()
    );
    Ok(())
}

fn role(text: &str) -> Result<Role> {
    Role::parse(text)
        .ok_or_else(|| anyhow::anyhow!("{text:?} is not a role; choose lead, coder or reviewer"))
}

/// `polyphony team`.
pub fn team(args: TeamArgs) -> Result<()> {
    if !crate::store::server::is_shared_url(&args.project.display().to_string()) {
        bail!(
            "{} is a project file; teams belong to shared projects. Publish it with `polyphony publish {} postgres://USER@HOST/DATABASE`",
            args.project.display(),
            args.project.display()
        );
    }
    let (url, mut client, project) = shared::open_server(&args.project.display().to_string())?;
    let mut members = || {
        shared::members(&mut client, &project).map_err(|error| shared::server_error(&url, &error))
    };
    match args.action {
        TeamAction::List { json } => {
            let members = members()?;
            if json {
                let rows: Vec<serde_json::Value> = members
                    .iter()
                    .map(|member| serde_json::json!({"login": member.login, "role": member.role.as_str()}))
                    .collect();
                outln!("{}", serde_json::Value::Array(rows));
            } else {
                for member in &members {
                    outln!("{:<24} {}", member.login, member.role);
                }
            }
        }
        TeamAction::Add { login, role: text } => {
            let role = role(&text)?;
            shared::set_member(&mut client, &url, &project, &login, Some(role))?;
            outln!("{login} is now a {role} of the project.");
        }
        TeamAction::Remove { login } => {
            if !members()?.iter().any(|member| member.login == login) {
                bail!("{login} is not a member of this project; see `polyphony team URL list`");
            }
            shared::set_member(&mut client, &url, &project, &login, None)?;
            outln!("{login} is no longer a member (the login stays on the server).");
        }
        TeamAction::Role { login, role: text } => {
            let role = role(&text)?;
            if !members()?.iter().any(|member| member.login == login) {
                bail!(
                    "{login} is not a member of this project; add them with `polyphony team URL add {login} --role {role}`"
                );
            }
            shared::set_member(&mut client, &url, &project, &login, Some(role))?;
            outln!("{login} is now a {role}.");
        }
    }
    Ok(())
}
