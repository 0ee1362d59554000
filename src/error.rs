//! Errors that stop an operation. A single unreadable photo is *not* one of
//! these: it becomes a [`crate::Skipped`] entry (a
//! [`FileProblem`](crate::model::FileProblem)) and the scan goes on.
//!
//! Every error a front end can meet says two things besides its words: a
//! stable [`code`](Coded::code) the front ends word in the user's language,
//! and [who is at fault](Fault), which decides what the person can do about
//! it (choose another folder, free some disk space, report a bug).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who must act for the operation to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The user's input: a folder, mission file, programme or photo that
    /// cannot be used as it is. Another choice, or a repaired file, helps.
    Input,
    /// The machine: a full disk, a permission, a lock another process
    /// holds, a missing cache folder. Trying again after fixing it helps.
    Environment,
    /// Recap itself: a bug, worth a report.
    Recap,
}

/// An error with a stable code and a fault: what the app's `{code,
/// message}` is made of, in one place (`src-tauri/src/ipc.rs`).
pub trait Coded: std::fmt::Display {
    /// Stable and machine-readable; never renamed once front ends know it.
    fn code(&self) -> &'static str;
    /// `None` when nobody is at fault (the user cancelled).
    fn fault(&self) -> Option<Fault>;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The environment.
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
    #[error("no cache folder could be found for this user; pass --cache DIR")]
    NoCacheDir,

    // The user's input.
    #[error("{0}: no such folder")]
    NoSuchFolder(PathBuf),
    #[error("nothing could be read under {0}")]
    NothingReadable(String),
    #[error("{0}")]
    Invalid(String),
    /// A folder Recap would write to (an export, a mission file's) that is
    /// a photo folder or inside one. One code wherever it is checked.
    #[error("{path} is inside the photo folder {source_folder}: choose a folder outside the photos")]
    InsideSource { path: PathBuf, source_folder: PathBuf },
    /// A mission file or programme refused, with its own code
    /// (`mission_corrupt`, `agenda_not_calendar`…).
    #[error("{message}")]
    Input { code: &'static str, message: String },
    /// An export folder that cannot be used as it is: another export holds
    /// it (`export_locked`, the environment), or a link sits where Recap
    /// would write (`export_symlink`, the folder chosen).
    #[error("{message}")]
    Export { code: &'static str, message: String },

    // Recap itself.
    /// What cannot happen did (a value of Recap's own that would not
    /// encode): the operation stops, with this code, rather than the app.
    #[error("internal error: {0}")]
    Internal(String),

    // Nobody.
    #[error("cancelled")]
    Cancelled,
}

/// The code of [`Error::InsideSource`], the same from the mission file, the
/// app and the export.
pub const INSIDE_SOURCE: &str = "inside_source";

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
            Error::InsideSource { .. } => INSIDE_SOURCE,
            Error::Input { code, .. } | Error::Export { code, .. } => code,
            Error::Internal(_) => "internal",
        }
    }

    /// Who is at fault; `None` for a cancel.
    pub fn fault(&self) -> Option<Fault> {
        Some(match self {
            Error::Io { .. } | Error::Catalog { .. } | Error::NoCacheDir => Fault::Environment,
            Error::Export { code: "export_locked", .. } => Fault::Environment,
            Error::NoSuchFolder(_)
            | Error::NothingReadable(_)
            | Error::Invalid(_)
            | Error::InsideSource { .. }
            | Error::Input { .. }
            | Error::Export { .. } => Fault::Input,
            Error::Internal(_) => Fault::Recap,
            Error::Cancelled => return None,
        })
    }

    /// One example of each variant, for tables of codes (tests, the
    /// front ends' word lists). The `match` fails to compile when a
    /// variant is added without an example here.
    pub fn samples() -> Vec<Error> {
        let all = vec![
            Error::io("/m", std::io::Error::from(std::io::ErrorKind::StorageFull)),
            Error::Catalog { path: "/c".into(), source: rusqlite::Error::QueryReturnedNoRows },
            Error::NoCacheDir,
            Error::NoSuchFolder("/m".into()),
            Error::NothingReadable("/m".into()),
            Error::Invalid("no folder to scan".into()),
            Error::InsideSource { path: "/m/Zoé/out".into(), source_folder: "/m/Zoé".into() },
            Error::Export { code: "export_locked", message: "/out is being written".into() },
            Error::Export { code: "export_symlink", message: "/out/a.jpg is a link".into() },
            Error::Internal("the manifest would not encode".into()),
            Error::Cancelled,
        ];
        for e in &all {
            match e {
                Error::Io { .. }
                | Error::Catalog { .. }
                | Error::NoCacheDir
                | Error::NoSuchFolder(_)
                | Error::NothingReadable(_)
                | Error::Invalid(_)
                | Error::InsideSource { .. }
                | Error::Input { .. }
                | Error::Export { .. }
                | Error::Internal(_)
                | Error::Cancelled => {}
            }
        }
        all
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

impl Coded for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn fault(&self) -> Option<Fault> {
        Error::fault(self)
    }
}

impl Coded for crate::model::FileProblem {
    fn code(&self) -> &'static str {
        crate::model::FileProblem::code(self)
    }

    fn fault(&self) -> Option<Fault> {
        use crate::model::FileProblem as P;
        Some(match self {
            P::PermissionDenied | P::Unreadable(_) => Fault::Environment,
            P::Internal(_) => Fault::Recap,
            _ => Fault::Input,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_words_and_only_a_bug_is_recaps_fault() {
        for e in Error::samples() {
            assert!(!e.code().is_empty() && !e.to_string().trim().is_empty(), "{e:?}");
            assert_eq!(e.fault() == Some(Fault::Recap), e.code() == "internal", "{e:?}");
        }
        let locked = Error::Export { code: "export_locked", message: String::new() };
        assert_eq!(locked.fault(), Some(Fault::Environment));
        assert_eq!(Error::Cancelled.fault(), None);
    }
}
