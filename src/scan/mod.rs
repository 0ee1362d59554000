//! Walking folders, recognising files and reading their metadata into the
//! catalog. This is the only module that reads photo files during a scan, and
//! it opens them read-only: a scan never writes under a source folder.

mod ciff;
mod jxl;
mod makers;
mod meta;
mod owners;
mod read;
mod sniff;
mod video;

pub use meta::{parse_datetime, parse_offset};
pub use owners::{is_generic_folder, owners, Owners};
pub use sniff::{sniff, Sniffed};

use crate::catalog::{self, Catalog, Entry, Key, Outcome};
use crate::model::{FileProblem, PhotoMeta, Skipped};
use crate::progress::{Cancel, Progress, ProgressEvent};
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Sub-folder name → the people whose folder holds it, for the
    /// first-level sub-folders that are not people themselves (`WhatsApp` →
    /// `Marie`; see [`owners`]).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub folded: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Photo or video path → the person key the scan gave it, for the files
    /// a link in the mission gave to someone else (`crate::people::apply`),
    /// so that unlinking gives them back without a rescan.
    #[serde(skip)]
    pub linked_from: HashMap<PathBuf, String>,
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
    /// Its catalog key.
    key: Key,
    contributor: String,
    /// Filled by a stat for files the catalog knows, by the read otherwise.
    stat: read::Stat,
}

/// Scans `opts.roots`, reading only files that are new or changed since the
/// last scan recorded in the catalog, and forgetting files that are gone.
pub fn scan(opts: &ScanOptions, progress: Progress, cancel: &Cancel) -> Result<ScanReport> {
    let roots = resolve_roots(&opts.roots)?;
    let mut catalog = Catalog::open(&opts.cache_dir)?;

    let (found, mut walk_skipped, folded) = walk(&roots, progress, cancel)?;
    let mut known = catalog.load()?;

    // A file the catalog knows is reused when its size and modification
    // time are unchanged: that takes a stat. A file it does not know is
    // read, and the open file tells its size and time: no stat first, which
    // was a tenth of a first scan. Every found file leaves `known`, so what
    // stays there is what vanished.
    let (seen, new): (Vec<Found>, Vec<Found>) = if known.is_empty() {
        (Vec::new(), found)
    } else {
        found.into_iter().partition(|f| known.contains_key(&f.key))
    };
    let seen: Vec<std::result::Result<Found, Skipped>> = seen
        .into_par_iter()
        .map(|mut f| match std::fs::metadata(&f.path) {
            Ok(md) => {
                f.stat = read::Stat::of(&md);
                Ok(f)
            }
            Err(e) => Err(Skipped::new(f.path, &FileProblem::from_io(&e))),
        })
        .collect();
    let mut reuse = Vec::new();
    let mut to_read = new;
    for s in seen {
        let f = match s {
            Ok(f) => f,
            // Gone since the walk: it stays in `known`, so the catalog
            // forgets it.
            Err(s) => {
                walk_skipped.push(s);
                continue;
            }
        };
        match known.remove(&f.key) {
            Some(e) if e.size == f.stat.size && e.mtime_ns == f.stat.mtime_ns => reuse.push((f, e)),
            _ => to_read.push(f),
        }
    }

    let total = to_read.len() as u64;
    let done = AtomicU64::new(0);
    let step = (total / 200).max(1);
    progress(ProgressEvent::Reading { done: 0, total });
    let encoded: Vec<(Found, Entry, catalog::Row)> = to_read
        .into_par_iter()
        .filter(|_| !cancel.is_cancelled())
        .map(|f| {
            let entry = read_one(&f);
            let row = catalog::Row::new(&f.path, &entry)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(step) || n == total {
                progress(ProgressEvent::Reading { done: n, total });
            }
            Ok((f, entry, row))
        })
        .collect::<Result<_>>()?;
    let (fresh, rows): (Vec<(Found, Entry)>, Vec<catalog::Row>) =
        encoded.into_iter().map(|(f, e, r)| ((f, e), r)).unzip();

    // Files that vanished since the last scan, under the roots scanned now.
    let removals: Vec<Key> = known.into_keys().filter(|k| roots.iter().any(|r| is_under(k, r))).collect();

    // Save what was read even when cancelled: the next scan resumes there.
    // The catalog is written while the report is built: both steps are
    // serial and the readers are done, so each gets a core.
    let removed = removals.len() as u64;
    let forget: &[Key] = if cancel.is_cancelled() { &[] } else { &removals };
    let cat = &mut catalog;
    let (written, report) = std::thread::scope(|s| {
        let writer = s.spawn(move || cat.apply(&rows, forget));
        let mut report = build_report(fresh, reuse, removed, walk_skipped);
        report.folded = folded;
        (writer.join(), report)
    });
    written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    progress(ProgressEvent::Done { photos: report.photos.len() as u64, skipped: report.skipped.len() as u64 });
    Ok(report)
}

/// Sorts in `Path` order (component by component) at the cost of one parse
/// per path: comparing `Path`s parses both at every comparison, which made
/// sorting a tenth of a first scan.
fn build_report(
    fresh: Vec<(Found, Entry)>,
    reuse: Vec<(Found, Entry)>,
    removed: u64,
    mut walk_skipped: Vec<Skipped>,
) -> ScanReport {
    let mut report = ScanReport {
        stats: ScanStats { read: fresh.len() as u64, reused: reuse.len() as u64, removed },
        ..Default::default()
    };
    for (f, e) in fresh.into_iter().chain(reuse) {
        match e.outcome {
            Outcome::Media(m) => {
                let mut m = *m;
                // Where a file sits decides who contributed it, not the
                // catalog: the same file may be scanned from another root.
                m.path = f.path;
                m.contributor = f.contributor;
                match m.kind {
                    crate::MediaKind::Photo => report.photos.push(m),
                    crate::MediaKind::Video => report.videos.push(m),
                }
            }
            Outcome::Skipped(problem) => report.skipped.push(Skipped::new(f.path, &problem)),
        }
    }
    report.skipped.append(&mut walk_skipped);
    sort_by_path(&mut report.photos, |p| &p.path);
    sort_by_path(&mut report.videos, |p| &p.path);
    sort_by_path(&mut report.skipped, |s| &s.path);
    report
}

fn sort_by_path<T>(items: &mut [T], path: impl Fn(&T) -> &Path) {
    items.sort_by_cached_key(|t| {
        let mut key = Vec::with_capacity(path(t).as_os_str().len() + 1);
        for c in path(t).components() {
            // 0 sorts below every byte of a name, as the end of a component does.
            key.extend_from_slice(c.as_os_str().as_encoded_bytes());
            key.push(0);
        }
        key
    });
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

type Walked = (Vec<Found>, Vec<Skipped>, std::collections::BTreeMap<String, std::collections::BTreeSet<String>>);

fn walk(roots: &[PathBuf], progress: Progress, cancel: &Cancel) -> Result<Walked> {
    // Keyed by path so that overlapping roots list a file once; the
    // deepest root, walked last, decides its contributor. A hash map: paths
    // compare component by component, which made a sorted map costly.
    // (path, index of its root in `sorted`) in walk order. A file under two
    // of the roots (one inside the other) is listed twice, deduplicated below.
    let mut paths: Vec<(PathBuf, usize)> = Vec::new();
    let mut skipped = Vec::new();
    let mut sorted = roots.to_vec();
    sorted.sort_by_key(|r| r.components().count());
    for (ri, root) in sorted.iter().enumerate() {
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
                    paths.push((e.into_path(), ri));
                    if paths.len().is_multiple_of(1024) {
                        progress(ProgressEvent::Walking { found: paths.len() as u64 });
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                // A pipe, socket or device (or a link to one) where photos
                // are expected: listed, never opened.
                Ok(e) => skipped.push(Skipped::new(e.into_path(), &FileProblem::NotRegular)),
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    let problem = if e.loop_ancestor().is_some() {
                        FileProblem::SymlinkLoop
                    } else {
                        e.io_error().map_or_else(|| FileProblem::Unreadable(e.to_string()), FileProblem::from_io)
                    };
                    skipped.push(Skipped::new(path, &problem));
                }
            }
        }
    }
    progress(ProgressEvent::Walking { found: paths.len() as u64 });
    if sorted.len() > 1 {
        // The deepest root walked last names the contributor.
        let mut last: HashMap<&Path, usize> = HashMap::with_capacity(paths.len());
        for (i, (p, _)) in paths.iter().enumerate() {
            last.insert(p, i);
        }
        let keep: Vec<bool> = (0..paths.len()).map(|i| last.get(paths[i].0.as_path()) == Some(&i)).collect();
        let mut k = keep.into_iter();
        paths.retain(|_| k.next().unwrap_or(false));
    }
    // Who each file is is decided over each root's whole tree (what its
    // sub-folders are called), hence after the walk.
    let root_names: Vec<String> = sorted.iter().map(|r| r.to_string_lossy().into_owned()).collect();
    let rels: Vec<(usize, String)> = paths
        .iter()
        .map(|(p, r)| (*r, p.strip_prefix(&sorted[*r]).unwrap_or(p).to_string_lossy().into_owned()))
        .collect();
    let owners = owners(
        &root_names.iter().map(String::as_str).collect::<Vec<_>>(),
        &rels.iter().map(|(r, rel)| (*r, rel.as_str())).collect::<Vec<_>>(),
    );
    let found = paths
        .into_iter()
        .zip(owners.of)
        .map(|((path, _), contributor)| Found {
            key: catalog::key(&path),
            path,
            contributor,
            stat: read::Stat::default(),
        })
        .collect();
    Ok((found, skipped, owners.folded))
}

/// Reads one file as a scan does, without a catalog: its metadata, or why
/// it would be skipped. For tools and tests that look at a single file.
pub fn inspect(path: &Path) -> std::result::Result<PhotoMeta, Skipped> {
    let entry = read_one(&Found {
        path: path.to_path_buf(),
        key: Vec::new(),
        contributor: String::new(),
        stat: read::Stat::default(),
    });
    match entry.outcome {
        Outcome::Media(m) => Ok(PhotoMeta { path: path.to_path_buf(), ..*m }),
        Outcome::Skipped(problem) => Err(Skipped::new(path.to_path_buf(), &problem)),
    }
}

fn read_one(f: &Found) -> Entry {
    // A stat already taken (a changed file the catalog knew) is kept when
    // the open fails; otherwise the open file's own is used.
    let mut stat = f.stat;
    // One file's bytes cannot stop the scan: a panic in a parser (ours or
    // a crate's) skips this file with the code `internal`.
    let read = crate::guard::catch_file(|| read::read(&f.path, &mut stat)).unwrap_or_else(Err);
    let outcome = match read {
        Ok(facts) => match facts.format {
            Some(format) => {
                let x = facts.exif;
                Outcome::Media(Box::new(PhotoMeta {
                    // Left empty in the catalog (its key is the path) and
                    // filled in when the report is built, from the walk.
                    path: PathBuf::new(),
                    format,
                    kind: format.kind(),
                    contributor: String::new(),
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
                    file_size: stat.size,
                    mtime_ns: stat.mtime_ns,
                    warnings: facts.warnings,
                }))
            }
            None => Outcome::Skipped(FileProblem::NotAnImage { claimed: None }),
        },
        Err(problem) => Outcome::Skipped(problem),
    };
    Entry { size: stat.size, mtime_ns: stat.mtime_ns, outcome }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributor_is_first_folder_level_under_a_folder_of_people() {
        let files = [(0, "Étienne/a/b.jpg"), (0, "Sophie/b.jpg"), (0, "b.jpg")];
        assert_eq!(owners(&["/m/photos"], &files).of, ["Étienne", "Sophie", "photos"]);
    }

    #[test]
    fn sort_by_path_matches_path_order() {
        let mut paths: Vec<PathBuf> = [
            "/m/a-b/x.jpg",
            "/m/a/b.jpg",
            "/m/a b/x.jpg",
            "/m/a/b/c.jpg",
            "/m/a.jpg",
            "/m/ab",
            "/m/a/B.jpg",
            "/m/Étienne/1.jpg",
            "/m/a/b.jpg.xmp",
            "/m/a0/x",
            "/m/a/",
            "/m",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut expected = paths.clone();
        expected.sort();
        sort_by_path(&mut paths, |p| p);
        assert_eq!(paths, expected);
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
