//! The SQLite catalog: what the last scan learned about each file, so that a
//! rescan reads only new or changed ones. It lives in a cache folder, never
//! beside the photos, and is only a cache: the photos stay the truth, so a
//! damaged or outdated catalog is set aside and rebuilt, never trusted.

use crate::model::PhotoMeta;
use crate::{Error, Result};
use rusqlite::{params, Connection};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever what a scan extracts changes, so old entries are re-read.
const SCHEMA_VERSION: i32 = 4;
const FILE_NAME: &str = "catalog.sqlite";

/// What the catalog remembers about one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub size: u64,
    pub mtime_ns: i64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A photo or a video.
    Media(Box<PhotoMeta>),
    /// Found but not catalogued; the reason.
    Skipped(String),
}

/// A file's identity in the catalog: its path's bytes, so that names that are
/// not valid Unicode still get an exact key.
pub type Key = Vec<u8>;

pub fn key(path: &Path) -> Key {
    path.as_os_str().as_encoded_bytes().to_vec()
}

pub struct Catalog {
    conn: Connection,
    path: PathBuf,
}

/// The user's cache folder for Recap.
pub fn default_cache_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("ca", "Recap", "Recap").map(|d| d.cache_dir().to_path_buf()).ok_or(Error::NoCacheDir)
}

impl Catalog {
    /// Opens (or creates) the catalog in `cache_dir`.
    pub fn open(cache_dir: &Path) -> Result<Catalog> {
        std::fs::create_dir_all(cache_dir).map_err(|e| Error::io(cache_dir, e))?;
        let path = cache_dir.join(FILE_NAME);
        match Self::open_at(&path) {
            Ok(c) => Ok(c),
            Err(Error::Catalog { source, .. }) if is_corruption(&source) => {
                // A cache may be thrown away: keep the damaged file aside for
                // a bug report and start again.
                let aside = path.with_extension("sqlite.damaged");
                std::fs::rename(&path, &aside).map_err(|e| Error::io(&path, e))?;
                Self::open_at(&path)
            }
            Err(e) => Err(e),
        }
    }

    fn open_at(path: &Path) -> Result<Catalog> {
        let err = |source| Error::Catalog { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(err)?;
        // No fsync: this is a cache. An application crash cannot damage it
        // (the rollback journal is written before the pages); an OS crash at
        // worst loses recent entries or damages the file, which `open`
        // detects and rebuilds from the photos. A rollback journal rather
        // than WAL: a first scan appends pages, which a rollback journal
        // does not copy, where WAL writes each one twice (10% of a first
        // scan).
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE;
             PRAGMA synchronous = OFF;
             PRAGMA cache_size = -32768;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(err)?;
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
        if version != SCHEMA_VERSION {
            conn.execute_batch(&format!(
                "DROP TABLE IF EXISTS files;
                 CREATE TABLE files (
                     key BLOB PRIMARY KEY,
                     size INTEGER NOT NULL,
                     mtime_ns INTEGER NOT NULL,
                     skipped TEXT,
                     meta BLOB
                 ) WITHOUT ROWID;
                 PRAGMA user_version = {SCHEMA_VERSION};"
            ))
            .map_err(err)?;
        }
        Ok(Catalog { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |source| Error::Catalog { path: self.path.clone(), source }
    }

    /// Every entry, by key.
    pub fn load(&self) -> Result<HashMap<Key, Entry>> {
        let mut stmt = self.conn.prepare("SELECT key, size, mtime_ns, skipped, meta FROM files").map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<Vec<u8>>>(4)?,
                ))
            })
            .map_err(self.err())?;
        let mut out = HashMap::new();
        for row in rows {
            let (key, size, mtime_ns, skipped, meta) = row.map_err(self.err())?;
            let outcome = match (skipped, meta) {
                (Some(reason), _) => Outcome::Skipped(reason),
                // An entry that no longer parses is simply read again.
                (None, Some(bytes)) => match postcard::from_bytes(&bytes) {
                    Ok(m) => Outcome::Media(Box::new(m)),
                    Err(_) => continue,
                },
                (None, None) => continue,
            };
            out.insert(key, Entry { size: size as u64, mtime_ns, outcome });
        }
        Ok(out)
    }

    /// Writes new and changed rows and forgets removed keys, in one
    /// transaction: a crash leaves the previous catalog intact. Rows are
    /// encoded beforehand (the scan does it on its worker threads, so this
    /// serial step only writes).
    pub fn apply(&mut self, rows: &[Row], removals: &[Key]) -> Result<()> {
        let path = self.path.clone();
        let err = |source| Error::Catalog { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(err)?;
        {
            // In key order: the table is a B-tree on the key, and appending
            // in order splits no page.
            let mut order: Vec<&Row> = rows.iter().collect();
            order.sort_unstable_by(|a, b| a.key.cmp(&b.key));
            // BATCH rows a statement: a first scan writes thousands, and
            // each statement has a fixed cost (a third of the write).
            const BATCH: usize = 64;
            let insert = |n: usize| {
                let values = vec!["(?, ?, ?, ?, ?)"; n].join(", ");
                format!("INSERT OR REPLACE INTO files (key, size, mtime_ns, skipped, meta) VALUES {values}")
            };
            let mut batch = tx.prepare(&insert(BATCH)).map_err(err)?;
            let mut one = tx.prepare(&insert(1)).map_err(err)?;
            for chunk in order.chunks(BATCH) {
                let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 5);
                let sizes: Vec<i64> = chunk.iter().map(|r| r.size as i64).collect();
                for (r, size) in chunk.iter().zip(&sizes) {
                    values.extend([&r.key as &dyn rusqlite::ToSql, size, &r.mtime_ns, &r.skipped, &r.meta]);
                }
                if chunk.len() == BATCH {
                    batch.execute(rusqlite::params_from_iter(values)).map_err(err)?;
                } else {
                    for row in values.chunks(5) {
                        one.execute(rusqlite::params_from_iter(row)).map_err(err)?;
                    }
                }
            }
            let mut del = tx.prepare("DELETE FROM files WHERE key = ?1").map_err(err)?;
            for k in removals {
                del.execute(params![k]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }
}

/// An entry encoded for the catalog.
#[derive(Debug, Clone)]
pub struct Row {
    key: Key,
    size: u64,
    mtime_ns: i64,
    skipped: Option<String>,
    meta: Option<Vec<u8>>,
}

impl Row {
    pub fn new(path: &Path, e: &Entry) -> Result<Row> {
        let (skipped, meta) = match &e.outcome {
            Outcome::Skipped(r) => (Some(r.clone()), None),
            Outcome::Media(m) => (None, Some(postcard::to_stdvec(m).map_err(|e| Error::Invalid(e.to_string()))?)),
        };
        Ok(Row { key: key(path), size: e.size, mtime_ns: e.mtime_ns, skipped, meta })
    }
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase)
    )
}
