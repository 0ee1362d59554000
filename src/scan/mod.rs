//! Walking folders, recognising files and reading their metadata into the
//! catalog. This is the only module that reads photo files during a scan, and
//! it opens them read-only: a scan never writes under a source folder.

mod meta;
mod read;
mod sniff;
mod video;

pub use meta::{parse_datetime, parse_offset};
pub use sniff::{sniff, Sniffed};

use crate::catalog::{self, Catalog, Entry, Key, Outcome};
use crate::model::{PhotoMeta, Skipped};
use crate::progress::{Cancel, Progress, ProgressEvent};
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub roots: Vec<PathBuf>,
    /// Where the catalog lives.
    pub cache_dir: PathBuf,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScanReport {
    /// Photos, sorted by path.
    pub photos: Vec<PhotoMeta>,
    /// Videos, listed rather than dropped, sorted by path.
    pub videos: Vec<PhotoMeta>,
    /// Files that could not be catalogued, with reasons, sorted by path.
    pub skipped: Vec<Skipped>,
    pub stats: ScanStats,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScanStats {
    /// Files whose metadata was read this time.
    pub read: u64,
    /// Files unchanged since the last scan, taken from the catalog.
    pub reused: u64,
    /// Catalog entries forgotten because their file is gone.
    pub removed: u64,
}

/// Folders that hold no one's photos: NAS thumbnails, macOS resource forks,
/// Windows system folders. Hidden folders (".git", ".thumbnails") too.
const SYSTEM_DIRS: &[&str] =
    &["@eaDir", "__MACOSX", "$RECYCLE.BIN", "System Volume Information", "#recycle", "#snapshot"];

fn is_ignored(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || SYSTEM_DIRS.iter().any(|s| name.eq_ignore_ascii_case(s))
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// A file found by the walk.
struct Found {
    path: PathBuf,
    contributor: String,
    size: u64,
    mtime_ns: i64,
}

/// Scans `opts.roots`, reading only files that are new or changed since the
/// last scan recorded in the catalog, and forgetting files that are gone.
pub fn scan(opts: &ScanOptions, progress: Progress, cancel: &Cancel) -> Result<ScanReport> {
    let roots = resolve_roots(&opts.roots)?;
    let mut catalog = Catalog::open(&opts.cache_dir)?;

    let (found, mut walk_skipped) = walk(&roots, progress, cancel)?;
    let mut known = catalog.load()?;

    // Decide what must be read: new files, and files whose size or
    // modification time changed. Every found file leaves `known`, so what
    // stays there is what vanished.
    let mut reuse = Vec::new();
    let mut to_read = Vec::new();
    for f in &found {
        match known.remove(&catalog::key(&f.path)) {
            Some(e) if e.size == f.size && e.mtime_ns == f.mtime_ns => reuse.push((f, e)),
            _ => to_read.push(f),
        }
    }

    let total = to_read.len() as u64;
    let done = AtomicU64::new(0);
    let step = (total / 200).max(1);
    progress(ProgressEvent::Reading { done: 0, total });
    let encoded: Vec<(&Found, Entry, catalog::Row)> = to_read
        .par_iter()
        .filter(|_| !cancel.is_cancelled())
        .map(|f| {
            let entry = read_one(f);
            let row = catalog::Row::new(&f.path, &entry)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(step) || n == total {
                progress(ProgressEvent::Reading { done: n, total });
            }
            Ok((*f, entry, row))
        })
        .collect::<Result<_>>()?;
    let (fresh, rows): (Vec<(&Found, Entry)>, Vec<catalog::Row>) =
        encoded.into_iter().map(|(f, e, r)| ((f, e), r)).unzip();

    // Files that vanished since the last scan, under the roots scanned now.
    let removals: Vec<Key> = known.into_keys().filter(|k| roots.iter().any(|r| is_under(k, r))).collect();

    // Save what was read even when cancelled: the next scan resumes there.
    catalog.apply(&rows, if cancel.is_cancelled() { &[] } else { &removals })?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }

    let mut report = ScanReport {
        stats: ScanStats { read: fresh.len() as u64, reused: reuse.len() as u64, removed: removals.len() as u64 },
        ..Default::default()
    };
    for (f, e) in fresh.into_iter().chain(reuse) {
        match e.outcome {
            Outcome::Media(m) => {
                let mut m = *m;
                // Where a file sits decides who contributed it, not the
                // catalog: the same file may be scanned from another root.
                m.path.clone_from(&f.path);
                m.contributor.clone_from(&f.contributor);
                match m.kind {
                    crate::MediaKind::Photo => report.photos.push(m),
                    crate::MediaKind::Video => report.videos.push(m),
                }
            }
            Outcome::Skipped(reason) => report.skipped.push(Skipped::new(f.path.clone(), reason)),
        }
    }
    report.skipped.append(&mut walk_skipped);
    report.photos.sort_by(|a, b| a.path.cmp(&b.path));
    report.videos.sort_by(|a, b| a.path.cmp(&b.path));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    progress(ProgressEvent::Done { photos: report.photos.len() as u64, skipped: report.skipped.len() as u64 });
    Ok(report)
}

fn resolve_roots(roots: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if roots.is_empty() {
        return Err(Error::Invalid("no folder to scan".into()));
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for r in roots {
        let abs = std::fs::canonicalize(r).map_err(|_| Error::NoSuchFolder(r.clone()))?;
        if !abs.is_dir() {
            return Err(Error::NoSuchFolder(r.clone()));
        }
        if !out.contains(&abs) {
            out.push(abs);
        }
    }
    Ok(out)
}

fn is_under(key: &[u8], root: &Path) -> bool {
    let root = root.as_os_str().as_encoded_bytes();
    key.len() > root.len() && key.starts_with(root) && std::path::is_separator(key[root.len()] as char)
}

fn contributor(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut comps = rel.components();
    let first = comps.next();
    match (first, comps.next()) {
        // A file in a sub-folder: that folder names the participant.
        (Some(c), Some(_)) => c.as_os_str().to_string_lossy().into_owned(),
        // A file directly in the root: the root itself is the participant's.
        _ => root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    }
}

fn walk(roots: &[PathBuf], progress: Progress, cancel: &Cancel) -> Result<(Vec<Found>, Vec<Skipped>)> {
    // Keyed by path so that overlapping roots list a file once; the
    // deepest root decides its contributor.
    let mut paths: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut sorted = roots.to_vec();
    sorted.sort_by_key(|r| r.components().count());
    for root in &sorted {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
        for entry in walker {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.into_path();
                    let who = contributor(root, &path);
                    paths.insert(path, who);
                    if paths.len().is_multiple_of(1024) {
                        progress(ProgressEvent::Walking { found: paths.len() as u64 });
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop (not followed)".to_string()
                    } else {
                        e.io_error().map(read::io_reason).unwrap_or_else(|| e.to_string())
                    };
                    skipped.push(Skipped::new(path, reason));
                }
            }
        }
    }
    progress(ProgressEvent::Walking { found: paths.len() as u64 });

    // Size and modification time decide what a rescan must read; one stat
    // per file, spread over the cores.
    let stats: Vec<std::result::Result<Found, Skipped>> = paths
        .into_par_iter()
        .map(|(path, contributor)| match std::fs::metadata(&path) {
            Ok(md) => {
                let mtime_ns = md
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i64);
                Ok(Found { path, contributor, size: md.len(), mtime_ns })
            }
            Err(e) => Err(Skipped::new(path, read::io_reason(&e))),
        })
        .collect();
    let mut found = Vec::with_capacity(stats.len());
    for s in stats {
        match s {
            Ok(f) => found.push(f),
            Err(s) => skipped.push(s),
        }
    }
    Ok((found, skipped))
}

fn read_one(f: &Found) -> Entry {
    let outcome = match read::read(&f.path) {
        Ok(facts) => match facts.format {
            Some(format) => {
                let x = facts.exif;
                Outcome::Media(Box::new(PhotoMeta {
                    path: f.path.clone(),
                    format,
                    kind: format.kind(),
                    contributor: f.contributor.clone(),
                    datetime_original: x.datetime,
                    subsec_ms: x.subsec_ms,
                    datetime_source: x.datetime_source,
                    offset_time_original: x.offset,
                    offset_source: x.offset_source.map(str::to_string),
                    gps: x.gps,
                    gps_utc: x.gps_utc,
                    orientation: x.orientation,
                    make: x.make,
                    model: x.model,
                    serial: x.serial,
                    width: x.width,
                    height: x.height,
                    file_size: f.size,
                    mtime_ns: f.mtime_ns,
                    warnings: facts.warnings,
                }))
            }
            None => Outcome::Skipped("not an image".into()),
        },
        Err(reason) => Outcome::Skipped(reason),
    };
    Entry { size: f.size, mtime_ns: f.mtime_ns, outcome }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributor_is_first_folder_level() {
        let root = Path::new("/m/photos");
        assert_eq!(contributor(root, Path::new("/m/photos/Étienne/a/b.jpg")), "Étienne");
        assert_eq!(contributor(root, Path::new("/m/photos/Sophie/b.jpg")), "Sophie");
        assert_eq!(contributor(root, Path::new("/m/photos/b.jpg")), "photos");
    }

    #[test]
    fn under_root_needs_a_separator() {
        assert!(is_under(b"/m/photos/a.jpg", Path::new("/m/photos")));
        assert!(!is_under(b"/m/photos2/a.jpg", Path::new("/m/photos")));
        assert!(!is_under(b"/m/photos", Path::new("/m/photos")));
    }

    #[test]
    fn system_folders_are_ignored() {
        for n in [".git", "@eaDir", "__MACOSX", ".thumbnails", "._IMG_1.JPG"] {
            assert!(is_ignored(OsStr::new(n)), "{n}");
        }
        assert!(!is_ignored(OsStr::new("Étienne")));
    }
}
