//! Errors that stop an operation. A single unreadable photo is *not* one of
//! these: it becomes a [`crate::Skipped`] entry and the scan goes on.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("catalog {path}: {source}")]
    Catalog {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}: no such folder")]
    NoSuchFolder(PathBuf),
    #[error("nothing could be read under {0}")]
    NothingReadable(String),
    #[error("no cache folder could be found for this user; pass --cache DIR")]
    NoCacheDir,
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Invalid(String),
    /// An export folder that cannot be used as it is: another export holds
    /// it (`export_locked`), or a link sits where Recap would write
    /// (`export_symlink`).
    #[error("{message}")]
    Export { code: &'static str, message: String },
}

impl Error {
    /// A stable, machine-readable code for front ends (`{code, message}`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Catalog { .. } => "catalog",
            Error::NoSuchFolder(_) => "no_such_folder",
            Error::NothingReadable(_) => "nothing_readable",
            Error::NoCacheDir => "no_cache_dir",
            Error::Cancelled => "cancelled",
            Error::Invalid(_) => "invalid",
            Error::Export { code, .. } => code,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
