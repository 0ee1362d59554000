//! The catalog is a cache: whatever state its file is in (damaged anywhere,
//! not a database, another schema, held by another process), a scan
//! finishes with every photo, and two scans can share a cache folder.

mod support;

use recap::progress::silent;
use recap::{Cancel, ScanOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{camera, Fixture};

const PHOTOS: usize = 120;

fn trip() -> Fixture {
    let f = Fixture::new();
    for i in 0..PHOTOS {
        let exif = camera(&format!("2017-06-{:02} {:02}:{:02}:00", 4 + i / 60, 8 + (i / 6) % 10, i % 60));
        f.photo(&format!("Étienne L/IMG_{i:04}.JPG"), exif);
    }
    f
}

fn scan(root: &Path, cache: &Path) -> recap::ScanReport {
    recap::scan(
        &ScanOptions { roots: vec![root.to_path_buf()], cache_dir: cache.to_path_buf() },
        &silent,
        &Cancel::new(),
    )
    .expect("the scan finishes")
}

/// `recap scan --json`: (exit ok, photos, stderr).
fn cli_scan(root: &Path, cache: &Path) -> (bool, usize, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["scan", "--json", "--cache"])
        .arg(cache)
        .arg(root)
        .output()
        .expect("run recap");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let photos = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v["photos"].as_array().map(Vec::len))
        .unwrap_or(0);
    (out.status.success(), photos, stderr)
}

fn catalog_file(cache: &Path) -> PathBuf {
    cache.join("catalog.sqlite")
}

fn set_aside_copies(cache: &Path) -> usize {
    std::fs::read_dir(cache)
        .expect("cache folder")
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().starts_with("catalog.sqlite.broken-")))
        .count()
}

/// After a damage to the catalog: the next scan (the real binary) exits 0
/// with every photo and warns; the one after reuses a healthy catalog.
fn survives(damage: impl FnOnce(&Path)) {
    let f = trip();
    let cache = tempfile::tempdir().expect("cache");
    assert_eq!(scan(f.root(), cache.path()).photos.len(), PHOTOS);
    damage(&catalog_file(cache.path()));
    let (ok, photos, stderr) = cli_scan(f.root(), cache.path());
    assert!(ok, "the scan failed: {stderr}");
    assert_eq!(photos, PHOTOS, "{stderr}");
    assert!(stderr.contains("warning: catalog"), "no warning about the catalog: {stderr}");
    let again = scan(f.root(), cache.path());
    assert_eq!(again.photos.len(), PHOTOS);
    assert_eq!(again.stats.reused as usize, PHOTOS, "the rebuilt catalog is used by the next scan");
}

#[test]
fn catalog_corrupted_in_the_middle_is_rebuilt_not_a_failed_scan() {
    survives(|file| {
        let mut bytes = std::fs::read(file).expect("catalog");
        assert!(bytes.len() >= 5 * 4096, "a catalog of several pages ({} bytes)", bytes.len());
        // Pages in the middle, the header, the schema page and the last
        // page intact: only a read that reaches them can tell.
        let (from, to) = (2 * 4096, bytes.len() - 4096);
        for (i, b) in bytes[from..to].iter_mut().enumerate() {
            *b = (i * 131 % 251) as u8;
        }
        std::fs::write(file, bytes).expect("damage the catalog");
    });
}

#[test]
fn catalog_that_is_not_a_database_is_set_aside() {
    let f = trip();
    let cache = tempfile::tempdir().expect("cache");
    for round in 0..2 {
        std::fs::write(catalog_file(cache.path()), b"these are not the pages you are looking for".repeat(200))
            .expect("write");
        let (ok, photos, stderr) = cli_scan(f.root(), cache.path());
        assert!(ok && photos == PHOTOS, "round {round}: {stderr}");
        assert!(stderr.contains("set aside"), "{stderr}");
    }
    // One copy kept for a bug report, not one per incident.
    assert_eq!(set_aside_copies(cache.path()), 1);
}

#[test]
fn catalog_of_a_future_schema_is_rebuilt() {
    survives(|file| {
        let conn = rusqlite::Connection::open(file).expect("open");
        conn.execute_batch("DROP TABLE files; CREATE TABLE files (k TEXT); PRAGMA user_version = 99;").expect("future");
    });
}

#[test]
fn a_file_an_older_reader_skipped_is_read_again_after_an_upgrade() {
    let f = Fixture::new();
    f.photo("Marie/IMG_0001.JPG", camera("2017-06-04 10:32:00"));
    // A bare JPEG XL codestream (200×130), which readers before schema 5 called unsupported.
    f.file("Marie/IMG_0002.jxl", b"\xff\x0a\x08\x04\x8e\x81<jxl data>");
    let cache = tempfile::tempdir().expect("cache");
    assert_eq!(scan(f.root(), cache.path()).photos.len(), 2);
    let old = recap::model::FileProblem::Unsupported("JPEG XL image".into()).to_stored();
    let as_written_by = |version: i32| {
        let conn = rusqlite::Connection::open(catalog_file(cache.path())).expect("open");
        conn.execute("UPDATE files SET skipped = ?1, meta = NULL WHERE CAST(key AS TEXT) LIKE '%.jxl'", [&old])
            .expect("the older reader's row");
        conn.execute_batch(&format!("PRAGMA user_version = {version};")).expect("version");
    };
    // The same row under this version's number is trusted: the number is what decides.
    let current = rusqlite::Connection::open(catalog_file(cache.path()))
        .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i32>(0)))
        .expect("version");
    as_written_by(current);
    let trusted = scan(f.root(), cache.path());
    assert_eq!((trusted.photos.len(), trusted.skipped.len()), (1, 1), "{trusted:#?}");

    as_written_by(current - 1);
    let r = scan(f.root(), cache.path());
    assert_eq!(r.photos.len(), 2, "{r:#?}");
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let jxl = r.photos.iter().find(|p| p.format == recap::Format::Jxl).expect("the JPEG XL file");
    assert_eq!((jxl.width, jxl.height), (Some(200), Some(130)));
}

#[test]
fn catalog_with_a_damaged_schema_table_is_rebuilt() {
    survives(|file| {
        let mut bytes = std::fs::read(file).expect("catalog");
        // Page 1 after the file header: the schema table.
        for b in &mut bytes[100..4096] {
            *b = 0xA5;
        }
        std::fs::write(file, bytes).expect("damage the catalog");
    });
}

#[test]
fn catalog_locked_by_another_writer_does_not_stop_the_scan() {
    let f = trip();
    let cache = tempfile::tempdir().expect("cache");
    scan(f.root(), cache.path());
    // A new photo, so that this scan has something to write.
    f.photo("Étienne L/NEW.JPG", camera("2017-06-06 10:00:00"));
    let other = rusqlite::Connection::open(catalog_file(cache.path())).expect("open");
    other.execute_batch("BEGIN EXCLUSIVE; DELETE FROM files WHERE 0;").expect("hold the write lock");
    let (ok, photos, stderr) = cli_scan(f.root(), cache.path());
    assert!(ok, "{stderr}");
    assert_eq!(photos, PHOTOS + 1, "{stderr}");
    assert!(stderr.contains("in use by another scan"), "{stderr}");
    other.execute_batch("ROLLBACK").expect("release");
    // The catalog was left to its owner, not set aside.
    assert_eq!(set_aside_copies(cache.path()), 0);
    assert_eq!(scan(f.root(), cache.path()).photos.len(), PHOTOS + 1);
}

#[test]
fn two_scans_sharing_a_cache_folder_both_finish() {
    let f = trip();
    let g = trip();
    let cache = tempfile::tempdir().expect("cache");
    for round in 0..2 {
        let spawn = |root: &Path| {
            Command::new(env!("CARGO_BIN_EXE_recap"))
                .args(["scan", "--json", "--cache"])
                .arg(cache.path())
                .arg(root)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn recap")
        };
        let (a, b) = (spawn(f.root()), spawn(g.root()));
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            assert_eq!(v["photos"].as_array().map(Vec::len), Some(PHOTOS), "round {round}: {stderr}");
        }
    }
    assert_eq!(set_aside_copies(cache.path()), 0, "sharing is not damage");
}

#[test]
fn catalog_opened_directly_reports_what_it_did() {
    let cache = tempfile::tempdir().expect("cache");
    std::fs::write(catalog_file(cache.path()), [0u8; 5000]).expect("write");
    let mut c = recap::Catalog::open(cache.path()).expect("a cache folder that can be written is enough");
    assert!(c.load().expect("load").is_empty());
    assert!(!c.is_private(), "a new file replaced the damaged one");
    assert_eq!(c.warnings().len(), 1, "{:?}", c.warnings());
}

#[cfg(unix)]
#[test]
fn unwritable_cache_folder_is_the_one_catalog_error() {
    let parent = tempfile::tempdir().expect("dir");
    let file = parent.path().join("not-a-folder");
    std::fs::write(&file, b"x").expect("write");
    let err = recap::Catalog::open(&file.join("cache")).err().expect("no cache folder under a file");
    assert_eq!(err.code(), "io");
}
