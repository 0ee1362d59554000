//! Untrusted input at the door: every file Recap reads because a folder or a
//! mission file named it (photos, programmes, missions) is opened here, so
//! that a FIFO, a device, a directory or a 6 GiB file is refused before a
//! single byte is read, and per-file code runs behind a panic boundary so
//! that one crafted file costs one `Skipped`, never the job or the window.

use crate::model::{FileProblem, Oversize};
use std::fs::File;
use std::io::{self, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Why a path was refused before reading it.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not a regular file (a folder, device, pipe or socket)")]
    NotRegular,
    #[error("{size} bytes is more than the {limit} bytes allowed here")]
    TooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl OpenError {
    /// A stable code for front ends and skip lists.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::NotRegular => "not_regular",
            OpenError::TooLarge { .. } => "too_large",
            OpenError::Io(e) if e.kind() == io::ErrorKind::NotFound => "not_found",
            OpenError::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => "permission_denied",
            OpenError::Io(_) => "io",
        }
    }
}

impl From<OpenError> for FileProblem {
    fn from(e: OpenError) -> FileProblem {
        match e {
            OpenError::NotRegular => FileProblem::NotRegular,
            OpenError::TooLarge { size, limit } => FileProblem::TooLarge(Oversize::File { size, limit }),
            OpenError::Io(e) => FileProblem::from_io(&e),
        }
    }
}

impl From<OpenError> for io::Error {
    fn from(e: OpenError) -> io::Error {
        match e {
            OpenError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// Opens `path` for reading only if it is a regular file (symlinks to one are
/// followed, as a user would expect of a photo folder).
///
/// The type is checked twice: on the path first, because opening a FIFO for
/// reading blocks until a writer comes; then on the open handle, because the
/// path may have been swapped in between. On Unix the open is non-blocking
/// for the same reason; regular files ignore that flag.
pub fn open_regular(path: &Path) -> Result<File, OpenError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(OpenError::NotRegular);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(OpenError::NotRegular);
    }
    Ok(file)
}

/// Reads a whole regular file of at most `limit` bytes. The size is checked
/// before reading and the read itself is capped, so a file that grows while
/// it is read still costs at most `limit + 1` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, OpenError> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(OpenError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(OpenError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Runs per-file work behind a panic boundary: a panic in a decoder or a
/// third-party parser becomes that one file's [`FileProblem::Internal`]
/// (code `internal`), never the job's end.
///
/// The closure must not leave shared state half-updated when it panics:
/// callers pass work whose only output is its return value.
pub fn catch_file<T>(work: impl FnOnce() -> T) -> Result<T, FileProblem> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        FileProblem::Internal(what)
    })
}

/// [`catch_file`] for work whose errors are words (a programme's syntax):
/// the panic as its sentence.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    catch_file(work).map_err(|p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let r: Result<(), String> = catch(|| panic!("index out of bounds"));
        assert!(r.unwrap_err().contains("index out of bounds"));
        assert_eq!(catch(|| 7), Ok(7));
        let r: Result<(), FileProblem> = catch_file(|| panic!("attempt to subtract with overflow"));
        assert_eq!(r, Err(FileProblem::Internal("attempt to subtract with overflow".into())));
    }

    #[test]
    fn folders_and_missing_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(open_regular(dir.path()), Err(OpenError::NotRegular)));
        let gone = dir.path().join("gone");
        assert_eq!(open_regular(&gone).unwrap_err().code(), "not_found");
    }

    #[test]
    fn read_bounded_refuses_more_than_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, vec![1u8; 100]).unwrap();
        assert_eq!(read_bounded(&f, 100).unwrap().len(), 100);
        assert!(matches!(read_bounded(&f, 99), Err(OpenError::TooLarge { size: 100, limit: 99 })));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.map(|s| s.success()).unwrap_or(false) {
            eprintln!("skipped: mkfifo not available");
            return;
        }
        assert!(matches!(open_regular(&fifo), Err(OpenError::NotRegular)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn dev_zero_is_refused() {
        assert!(matches!(read_bounded(Path::new("/dev/zero"), 1 << 20), Err(OpenError::NotRegular)));
    }
}
