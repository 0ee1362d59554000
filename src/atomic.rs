//! Atomic file writes: a reader (or a crash) sees the old file or the new
//! one, never half of one. Every file Recap writes goes through here.

use std::io::Write;
use std::path::Path;

/// Temporary file in the same folder, fsync, rename over the target, fsync
/// the folder (where the platform has that). Keeps the target's permissions.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".recap-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // tempfile creates 0600 files: keep the mode the user gave the file.
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Atomic but not durable, for caches whose files can be made again (the
/// thumbnails): a reader sees a whole file or none, but after a power cut
/// the file may be missing or empty, which the cache treats as missing.
/// Skipping the two fsyncs is a few percent of making a thumbnail.
pub fn write_cache(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".recap-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Makes the rename itself durable. Windows has no directory handles for
/// this (NTFS journals the rename), and some filesystems refuse it: best
/// effort.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temporary files of writes that were killed before their
/// rename (`.recap-*.tmp` in `dir`, older than `age`: younger ones may be
/// in flight). Best effort: a file that cannot be removed stays.
pub fn remove_stale_temps(dir: &Path, age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".recap-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|d| d > age);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
