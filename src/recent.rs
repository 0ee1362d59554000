//! The missions the app opened lately, newest first: a small JSON file in
//! the cache folder (`recent-missions.json`), written atomically. A missing
//! or damaged file is an empty list: it is a convenience, not a record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name in the cache folder.
pub const FILE: &str = "recent-missions.json";
/// How many missions the list keeps.
pub const LIMIT: usize = 20;
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    pub path: PathBuf,
    pub name: String,
    pub opened_at: DateTime<Utc>,
}

impl Recent {
    /// Whether the mission file is still there.
    pub fn exists(&self) -> bool {
        self.path.is_file()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    version: u32,
    missions: Vec<Recent>,
}

fn file(cache_dir: &Path) -> PathBuf {
    cache_dir.join(FILE)
}

/// The list, newest first.
pub fn load(cache_dir: &Path) -> Vec<Recent> {
    // Bounded like every file Recap reads: a few kilobytes in practice.
    let Ok(bytes) = crate::guard::read_bounded(&file(cache_dir), 1 << 20) else { return Vec::new() };
    match serde_json::from_slice::<RecentFile>(&bytes) {
        Ok(f) if f.version == VERSION => f.missions,
        _ => Vec::new(),
    }
}

/// The same file however it was named: canonical when it exists.
fn same_file(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| crate::mission::absolute(p))
}

/// Puts `path` at the top of the list (once, under its canonical name),
/// keeps [`LIMIT`] entries and saves. Returns the new list.
pub fn record(cache_dir: &Path, path: &Path, name: &str, now: DateTime<Utc>) -> crate::Result<Vec<Recent>> {
    let path = same_file(path);
    let mut list = load(cache_dir);
    list.retain(|r| same_file(&r.path) != path);
    list.insert(0, Recent { path, name: name.to_string(), opened_at: now });
    list.truncate(LIMIT);
    save(cache_dir, &list)?;
    Ok(list)
}

/// [`record`] at the current time.
pub fn record_now(cache_dir: &Path, path: &Path, name: &str) -> crate::Result<Vec<Recent>> {
    record(cache_dir, path, name, Utc::now())
}

/// Removes `path` from the list (a mission the user deleted).
pub fn forget(cache_dir: &Path, path: &Path) -> crate::Result<Vec<Recent>> {
    let path = same_file(path);
    let mut list = load(cache_dir);
    list.retain(|r| same_file(&r.path) != path);
    save(cache_dir, &list)?;
    Ok(list)
}

fn save(cache_dir: &Path, list: &[Recent]) -> crate::Result<()> {
    let at = file(cache_dir);
    std::fs::create_dir_all(cache_dir).map_err(|e| crate::Error::Io { path: cache_dir.to_path_buf(), source: e })?;
    let body = RecentFile { version: VERSION, missions: list.to_vec() };
    let bytes = serde_json::to_vec_pretty(&body).map_err(|e| crate::Error::Invalid(e.to_string()))?;
    crate::atomic::write(&at, &bytes).map_err(|e| crate::Error::Io { path: at, source: e })
}

/// Where the app puts a new mission file when the user does not choose:
/// `<Documents>/Recap`, else `<home>/Recap`. Never the cache folder, which
/// the user or the system may clear: a mission file is the user's work.
pub fn default_missions_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    let base = dirs.document_dir().map(Path::to_path_buf).unwrap_or_else(|| dirs.home_dir().to_path_buf());
    Some(base.join("Recap"))
}
