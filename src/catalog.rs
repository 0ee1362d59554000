//! The SQLite catalog: what the last scan learned about each file, so that a
//! rescan reads only new or changed ones. It lives in a cache folder, never
//! beside the photos, and is only a cache: the photos stay the truth, so a
//! damaged or outdated catalog is set aside and rebuilt, never trusted.

use crate::model::{FileProblem, PhotoMeta};
use crate::{Error, Result};
use rusqlite::{params, Connection};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever what a scan extracts changes, so old entries are re-read.
/// 5: JPEG XL, Canon CRW, Sigma X3F and Kyocera files are read (an older
/// reader skipped them, or JPEGs without image data, as unreadable).
const SCHEMA_VERSION: i32 = 5;
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
    /// Found but not catalogued; why.
    Skipped(FileProblem),
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
    /// True when this run works on a private in-memory catalog because the
    /// file could not be used (locked by another scan past the timeout, or
    /// not even recreatable): nothing is remembered, but the scan finishes.
    private: bool,
    warnings: Vec<String>,
}

/// The user's cache folder for Recap.
pub fn default_cache_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("ca", "Recap", "Recap").map(|d| d.cache_dir().to_path_buf()).ok_or(Error::NoCacheDir)
}

/// How long a scan waits for another scan holding the catalog before it
/// goes on without it: longer than any one write transaction of a scan
/// (a first scan of 20,000 photos writes in well under a second).
const BUSY_TIMEOUT_MS: u32 = 5_000;

impl Catalog {
    /// Opens (or creates) the catalog in `cache_dir`. Any SQLite error
    /// (damaged file, not a database, a schema this version cannot use)
    /// sets the file aside and starts a new one; a catalog locked by
    /// another process past the timeout leaves this run on a private
    /// in-memory catalog. Only a cache folder that cannot be created is an
    /// error: the catalog is a cache, never a reason for a scan to fail.
    pub fn open(cache_dir: &Path) -> Result<Catalog> {
        std::fs::create_dir_all(cache_dir).map_err(|e| Error::io(cache_dir, e))?;
        let path = cache_dir.join(FILE_NAME);
        match Self::open_at(&path) {
            Ok((conn, replaced)) => {
                let mut c = Catalog { conn, path, private: false, warnings: Vec::new() };
                if let Some(v) = replaced {
                    c.warn(format!(
                        "catalog {} was written by another version of Recap (schema {v}, this one reads {SCHEMA_VERSION}); \
                         rebuilt from the photos",
                        c.path.display()
                    ));
                }
                Ok(c)
            }
            Err(e) => {
                let mut c = Catalog { conn: memory()?, path, private: true, warnings: Vec::new() };
                c.recover(&e);
                Ok(c)
            }
        }
    }

    /// The connection, and the schema version it replaced, if any.
    fn open_at(path: &Path) -> std::result::Result<(Connection, Option<i32>), rusqlite::Error> {
        let conn = Connection::open(path)?;
        // No fsync: this is a cache. An application crash cannot damage it
        // (the rollback journal is written before the pages); an OS crash at
        // worst loses recent entries or damages the file, which is detected
        // on the first read or write that meets the damage and rebuilt from
        // the photos. A rollback journal rather than WAL: a first scan
        // appends pages, which a rollback journal does not copy, where WAL
        // writes each one twice (10% of a first scan).
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE;
             PRAGMA synchronous = OFF;
             PRAGMA cache_size = -32768;",
        )?;
        let replaced = setup(&conn)?;
        Ok((conn, replaced))
    }

    /// After `e`: a locked catalog is left to its owner and this run goes
    /// on in memory; anything else means the file cannot be trusted, so it
    /// is set aside (one copy kept, for a bug report) and a new one made.
    fn recover(&mut self, e: &rusqlite::Error) {
        // Drop the file's connection first: Windows renames no open file.
        self.conn = match memory() {
            Ok(c) => c,
            Err(_) => return,
        };
        self.private = true;
        if is_busy(e) {
            self.warn(format!(
                "catalog {} is in use by another scan ({e}); this scan reads every file and remembers nothing",
                self.path.display()
            ));
            return;
        }
        let aside = set_aside(&self.path);
        match Self::open_at(&self.path) {
            Ok((conn, _)) => {
                self.conn = conn;
                self.private = false;
                self.warn(format!(
                    "catalog {} could not be used ({e}); {}rebuilt from the photos",
                    self.path.display(),
                    match &aside {
                        Some(a) => format!("set aside as {} and ", a.display()),
                        None => String::new(),
                    }
                ));
            }
            Err(again) => self.warn(format!(
                "catalog {} could not be used ({e}) nor recreated ({again}); this scan remembers nothing",
                self.path.display()
            )),
        }
    }

    fn warn(&mut self, message: String) {
        eprintln!("recap: warning: {message}");
        self.warnings.push(message);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong with the catalog file and what was done about it.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// True when this run could not use the catalog file (see [`Catalog::open`]).
    pub fn is_private(&self) -> bool {
        self.private
    }

    /// Every entry, by key. A read that fails (a damaged page anywhere in
    /// the table) rebuilds the catalog and returns nothing: every file is
    /// read again, which is what a first scan does.
    pub fn load(&mut self) -> Result<HashMap<Key, Entry>> {
        match self.try_load() {
            Ok(map) => Ok(map),
            Err(e) => {
                self.recover(&e);
                Ok(HashMap::new())
            }
        }
    }

    fn try_load(&self) -> std::result::Result<HashMap<Key, Entry>, rusqlite::Error> {
        let mut stmt = self.conn.prepare("SELECT key, size, mtime_ns, skipped, meta FROM files")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<Vec<u8>>>(4)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (key, size, mtime_ns, skipped, meta) = row?;
            let outcome = match (skipped, meta) {
                // A row that does not hold a problem as this version
                // stores it (an older version's sentence) is read again.
                (Some(stored), _) => match FileProblem::from_stored(&stored) {
                    Some(p) => Outcome::Skipped(p),
                    None => continue,
                },
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
    /// serial step only writes). A write that fails rebuilds the catalog
    /// and writes the rows once more; if that fails too the rows are
    /// dropped with a warning (the next scan reads those files again).
    pub fn apply(&mut self, rows: &[Row], removals: &[Key]) -> Result<()> {
        if let Err(e) = self.try_apply(rows, removals) {
            let was_private = self.private;
            self.recover(&e);
            // A new, empty file gets every row; the removals are moot.
            if !self.private || was_private {
                if let Err(again) = self.try_apply(rows, &[]) {
                    self.warn(format!("catalog {}: {again}; nothing remembered this time", self.path.display()));
                }
            }
        }
        Ok(())
    }

    fn try_apply(&mut self, rows: &[Row], removals: &[Key]) -> std::result::Result<(), rusqlite::Error> {
        // IMMEDIATE: take the write lock (waiting for another scan up to the
        // busy timeout) before reading anything, so two scans never
        // deadlock upgrading their read locks.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
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
            let mut batch = tx.prepare(&insert(BATCH))?;
            let mut one = tx.prepare(&insert(1))?;
            for chunk in order.chunks(BATCH) {
                let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 5);
                let sizes: Vec<i64> = chunk.iter().map(|r| r.size as i64).collect();
                for (r, size) in chunk.iter().zip(&sizes) {
                    values.extend([&r.key as &dyn rusqlite::ToSql, size, &r.mtime_ns, &r.skipped, &r.meta]);
                }
                if chunk.len() == BATCH {
                    batch.execute(rusqlite::params_from_iter(values))?;
                } else {
                    for row in values.chunks(5) {
                        one.execute(rusqlite::params_from_iter(row))?;
                    }
                }
            }
            let mut del = tx.prepare("DELETE FROM files WHERE key = ?1")?;
            for k in removals {
                del.execute(params![k])?;
            }
        }
        tx.commit()
    }
}

fn memory() -> Result<Connection> {
    let conn =
        Connection::open_in_memory().map_err(|source| Error::Catalog { path: PathBuf::from(":memory:"), source })?;
    setup(&conn).map_err(|source| Error::Catalog { path: PathBuf::from(":memory:"), source })?;
    Ok(conn)
}

/// Makes the table when the file has none or another schema's; returns
/// the other schema's version (not for a new file). In one IMMEDIATE
/// transaction that checks the version again: two scans opening a new
/// catalog at once must not drop each other's table.
fn setup(conn: &Connection) -> std::result::Result<Option<i32>, rusqlite::Error> {
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i32>(0));
    if version(conn)? == SCHEMA_VERSION {
        // The right version is not proof of a usable table: ask for it, so
        // a file whose schema page is damaged is caught here.
        conn.query_row("SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)", [], |_| Ok(()))?;
        return Ok(None);
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let made = (|| {
        let found = version(conn)?;
        if found != SCHEMA_VERSION {
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
            ))?;
            return Ok((found != 0).then_some(found));
        }
        Ok(None)
    })();
    match made {
        Ok(replaced) => conn.execute_batch("COMMIT").map(|()| replaced),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Moves a catalog that cannot be trusted out of the way, as
/// `catalog.sqlite.broken-<unix seconds>`, after deleting the copy set
/// aside before (one is enough for a bug report; a cache folder must not
/// fill up with them). Its journal goes too: SQLite would replay a stale
/// journal into the new file. Returns where the file went, if it moved.
fn set_aside(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let prefix = format!("{FILE_NAME}.broken-");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("{FILE_NAME}{suffix}")));
    }
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let aside = dir.join(format!("{prefix}{stamp}"));
    match std::fs::rename(path, &aside) {
        Ok(()) => Some(aside),
        Err(_) => {
            // Not movable (a folder in its place, a read-only file): delete
            // what can be deleted; opening again reports what cannot.
            let _ = std::fs::remove_file(path);
            None
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked))
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
            Outcome::Skipped(p) => (Some(p.to_stored()), None),
            // Recap's own value that would not encode: a bug, not the user's.
            Outcome::Media(m) => (None, Some(postcard::to_stdvec(m).map_err(|e| Error::Internal(e.to_string()))?)),
        };
        Ok(Row { key: key(path), size: e.size, mtime_ns: e.mtime_ns, skipped, meta })
    }
}
