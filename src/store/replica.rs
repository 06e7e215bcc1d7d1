//! A project file as the replica of a shared project: opening a `postgres://`
//! URL finds (or clones) the user's replica in the cache folder and links it
//! to its server; a step then begins with the project's lock and what was
//! missed, and ends when the server has it (see `shared`).

use crate::store::file::{OpenMode, ProjectFile, StoreError};
use crate::store::server::{ServerError, SharedUrl};
use crate::store::shared::{self, Link, Published, RemoteStep, Role, ServerProject};
use std::path::Path;

/// How many replicas of one project one user may have open at once.
const REPLICAS_PER_USER: usize = 32;

impl ProjectFile {
    /// Opens the replica of the shared project at `url`, cloning it first if
    /// this user has none free, and brings it up to date with the server.
    pub(super) fn open_shared(url: &str) -> Result<Self, StoreError> {
        let url = SharedUrl::parse(url)?;
        let mut client = url.connect()?;
        let version = url.inspect(&mut client)?;
        if version != crate::store::SCHEMA_VERSION {
            return Err(ServerError::OlderSchema {
                url: url.to_string(),
                found: version,
                ours: crate::store::SCHEMA_VERSION,
            }
            .into());
        }
        let project = ServerProject::read(&mut client, &url)?;
        let server_seq: i64 = client
            .query_one("SELECT COALESCE(max(seq), 0) FROM journal", &[])
            .map_err(|error| shared::server_error(&url, &error))?
            .get(0);
        // Two processes starting at once must not both pick (or clone into)
        // the same free replica: they choose one at a time.
        let _choosing = choosing_lock(&shared::replica_path(&project.project, url.user(), 1))?;
        for number in 1..=REPLICAS_PER_USER {
            let path = shared::replica_path(&project.project, url.user(), number);
            if path.exists() {
                match Self::open_file(&path, OpenMode::ReadWrite, crate::store::Check::PagesRead) {
                    Ok(file) if file.follows(&project, server_seq)? => {
                        return file.link(url, client);
                    }
                    // A replica of an earlier project at this address, or one
                    // ahead of a server restored from a backup: made again.
                    Ok(file) => {
                        drop(file);
                        remove_replica(&path)?;
                    }
                    Err(StoreError::Locked { .. }) => continue,
                    // A damaged replica holds nothing the server lacks.
                    Err(StoreError::Corrupt { .. } | StoreError::NotAProject { .. }) => {
                        remove_replica(&path)?;
                    }
                    Err(error) => return Err(error),
                }
            }
            let mut file = Self::create(&path)?;
            let cloned =
                shared::clone_into(&mut client, &url, &mut file.connection, &mut |_, _| {})
                    .map_err(StoreError::from)
                    .and_then(|last| {
                        file.set_meta("shared:project", &project.project)?;
                        file.set_meta("shared:url", &url.to_string())?;
                        file.set_meta("shared:seq", &last.to_string())
                    });
            if let Err(error) = cloned {
                drop(file);
                let _ = remove_replica(&path);
                return Err(error);
            }
            return file.link(url, client);
        }
        Err(StoreError::Server(ServerError::Failed {
            server: url.server(),
            detail: format!(
                "{} windows or commands of {} already have this project open",
                REPLICAS_PER_USER,
                url.user()
            ),
        }))
    }

    fn follows(&self, project: &ServerProject, server_seq: i64) -> Result<bool, StoreError> {
        let same = self.meta("shared:project")?.as_deref() == Some(project.project.as_str());
        let seen: i64 = self
            .meta("shared:seq")?
            .and_then(|text| text.parse().ok())
            .unwrap_or(i64::MAX);
        Ok(same && seen <= server_seq)
    }

    fn link(mut self, url: SharedUrl, client: postgres::Client) -> Result<Self, StoreError> {
        let mut link = Link::new(url, client, &self.connection)?;
        link.catch_up(&mut self.connection)?;
        self.shared = Some(link);
        Ok(self)
    }

    /// Writes a plain project file at `out` holding everything the shared
    /// project at `url` holds now, with its journal. It is not linked to the
    /// server: it is a copy to keep, send or archive.
    pub fn clone_from_server(
        url: &str,
        out: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Self, StoreError> {
        let url = SharedUrl::parse(url)?;
        let mut client = url.connect()?;
        url.inspect(&mut client)?;
        let mut file = Self::create(out)?;
        if let Err(error) = shared::clone_into(&mut client, &url, &mut file.connection, progress) {
            drop(file);
            let _ = remove_replica(out);
            return Err(error.into());
        }
        Ok(file)
    }

    /// Puts this project onto the empty database at `url`.
    pub fn publish(&self, url: &str) -> Result<Published, StoreError> {
        let url = SharedUrl::parse(url)?;
        Ok(shared::publish(&self.connection, &url)?)
    }

    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// The server of a shared project.
    pub fn shared_link(&mut self) -> Option<&mut Link> {
        self.shared.as_mut()
    }

    /// The address of a shared project's server, without the password.
    #[must_use]
    pub fn shared_url(&self) -> Option<String> {
        self.shared.as_ref().map(|link| link.url().to_string())
    }

    /// Where a window listens for other members' steps: the server and the
    /// project's notification channel.
    #[must_use]
    pub fn shared_channel(&self) -> Option<(SharedUrl, String)> {
        self.shared
            .as_ref()
            .map(|link| (link.url().clone(), link.project().channel.clone()))
    }

    /// The user's role in a shared project.
    #[must_use]
    pub fn shared_role(&self) -> Option<Role> {
        self.shared.as_ref().and_then(Link::role)
    }

    /// Begins a step of a shared project (nothing for a file): takes the
    /// project's lock and copies in the steps missed, which the caller then
    /// applies in memory before its own.
    pub fn begin_shared_step(&mut self) -> Result<Vec<RemoteStep>, StoreError> {
        match self.shared.as_mut() {
            Some(link) => Ok(link.begin_step(&mut self.connection)?),
            None => Ok(Vec::new()),
        }
    }

    /// Gives up a step begun and not written.
    pub fn abort_shared_step(&mut self) {
        if let Some(link) = self.shared.as_mut()
            && link.in_step()
        {
            link.abort();
        }
    }

    /// Copies in other members' steps without taking the lock.
    pub fn catch_up_shared(&mut self) -> Result<Vec<RemoteStep>, StoreError> {
        match self.shared.as_mut() {
            Some(link) => Ok(link.catch_up(&mut self.connection)?),
            None => Ok(Vec::new()),
        }
    }
}

/// Holds the lock under which a process picks its replica of a project,
/// making the project's cache folder if need be.
fn choosing_lock(first_replica: &Path) -> Result<std::fs::File, StoreError> {
    let io = |path: &Path, source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let folder = first_replica.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|source| io(folder, source))?;
    let path = folder.join("choosing.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| io(&path, source))?;
    file.lock().map_err(|source| io(&path, source))?;
    Ok(file)
}

fn remove_replica(path: &Path) -> Result<(), StoreError> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: file, source }),
        }
    }
    let index = crate::index::index_dir(path);
    let _ = std::fs::remove_dir_all(index);
    Ok(())
}
