//! `recap scan` killed with SIGKILL at random moments: whatever the kill
//! left in the cache folder, the next scan exits 0 with every photo and the
//! same JSON as a clean scan in another cache folder, and the catalog it
//! leaves is healthy (the scan after it reads nothing again).
//!
//! `RECAP_KILL_RUNS` sets the number of kills (default 20);
//! `RECAP_KILL_SEED` replays a run's kill times.
#![cfg(unix)]

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use support::{camera, iphone, Fixture};

const PHOTOS: usize = 300;

fn runs() -> usize {
    std::env::var("RECAP_KILL_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(20)
}

fn scan_cmd(root: &Path, cache: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recap"));
    c.arg("scan").arg(root).arg("--cache").arg(cache).arg("--json");
    c
}

/// `recap scan --json` to the end: its JSON, or a failure with its stderr.
fn scan(root: &Path, cache: &Path) -> Value {
    let out = scan_cmd(root, cache).output().expect("run recap scan");
    assert!(out.status.success(), "recap scan failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("recap scan --json prints JSON")
}

/// What a scan says about the trip: everything but its statistics (which
/// say how much was read versus reused, and differ by design).
fn findings(report: &Value) -> Value {
    let mut v = report.clone();
    v.as_object_mut().expect("a JSON object").remove("stats");
    v
}

fn set_aside_copies(cache: &Path) -> usize {
    std::fs::read_dir(cache)
        .map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().starts_with("catalog.sqlite.broken-")).count())
        .unwrap_or(0)
}

/// xorshift64*: the kill times need to be spread, not unpredictable, and
/// a failing run must be replayable from its printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Where a kill landed, read from what it left in the cache folder.
#[derive(Default, Debug)]
struct Landed {
    /// No catalog file yet (starting up, or listing the folders).
    before_catalog: usize,
    /// A catalog with no rows: reading the photos.
    reading: usize,
    /// A rollback journal beside the catalog: inside the write transaction.
    writing: usize,
    /// The rows committed, the process not yet gone.
    after_commit: usize,
    /// The process had exited on its own.
    after_exit: usize,
}

/// Rows in a copy of the catalog (opening the original would roll back its
/// journal and change what the next scan finds).
fn committed_rows(cache: &Path) -> i64 {
    let copy = tempfile::tempdir().expect("tempdir");
    std::fs::copy(cache.join("catalog.sqlite"), copy.path().join("c.sqlite")).expect("copy catalog");
    rusqlite::Connection::open(copy.path().join("c.sqlite"))
        .and_then(|c| c.query_row("SELECT count(*) FROM files", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn scan_killed_at_any_moment_is_finished_by_the_next_scan_with_every_photo() {
    let fx = Fixture::new();
    for i in 0..PHOTOS {
        let who = ["Chloé D", "Étienne L", "Marc-André O", "Benoît R"][i % 4];
        let minute = i % 60;
        let exif = if i % 3 == 0 {
            iphone(&format!("2017-06-05 1{}:{minute:02}:00", i % 10), "+02:00", 47.46, -0.59)
        } else {
            camera(&format!("2017-06-0{} 1{}:{minute:02}:00", 5 + i % 4, i % 10))
        };
        fx.photo(&format!("{who}/IMG_{i:04}.JPG"), exif);
    }
    fx.truncated_jpeg("Chloé D/IMG_9999.JPG");
    fx.file("Étienne L/notes.txt", b"pas une photo");

    // The shortest of a few clean scans, each in a new cache folder: the
    // first one also warms the page cache, which the killed ones find warm.
    let mut timed = (0..3).map(|_| {
        let cache = tempfile::tempdir().expect("cache");
        let started = Instant::now();
        let report = scan(fx.root(), cache.path());
        (started.elapsed(), report)
    });
    let (mut duration, clean) = timed.next().expect("a clean scan");
    for (d, report) in timed {
        assert_eq!(findings(&report), findings(&clean), "two clean scans differ");
        duration = duration.min(d);
    }
    let photos = clean["photos"].as_array().expect("photos").len();
    assert!(photos >= PHOTOS, "the clean scan found {photos} photos of {PHOTOS}");
    let expected = findings(&clean);

    let seed = std::env::var("RECAP_KILL_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    }) | 1;
    let mut rng = Rng(seed);
    let mut landed = Landed::default();
    for run in 0..runs() {
        let cache = tempfile::tempdir().expect("cache");
        // Spread over the clean scan's duration, and a little past it (the
        // process also starts up and exits).
        let delay = duration.mul_f64(rng.unit() * 1.1);
        let mut child =
            scan_cmd(fx.root(), cache.path()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
        std::thread::sleep(delay);
        let exited = child.try_wait().expect("try_wait").is_some();
        let _ = child.kill();
        child.wait().expect("reap");
        if exited {
            landed.after_exit += 1;
        } else if !cache.path().join("catalog.sqlite").exists() {
            landed.before_catalog += 1;
        } else if cache.path().join("catalog.sqlite-journal").exists() {
            landed.writing += 1;
        } else if committed_rows(cache.path()) == 0 {
            landed.reading += 1;
        } else {
            landed.after_commit += 1;
        }

        let context = format!("run {run}, killed after {delay:?} (RECAP_KILL_SEED={seed})");
        let after = scan(fx.root(), cache.path());
        assert_eq!(findings(&after), expected, "{context}: the scan after the kill differs from a clean one");
        let again = scan(fx.root(), cache.path());
        assert_eq!(findings(&again), expected, "{context}: the second scan after the kill differs");
        assert_eq!(again["stats"]["read"], 0, "{context}: the catalog the scan left is not reused: {}", again["stats"]);
        assert_eq!(set_aside_copies(cache.path()), 0, "{context}: a kill left a catalog that had to be set aside");
    }
    eprintln!("{} kills over a {duration:?} scan of {photos} photos (seed {seed}): {landed:?}", runs());
    assert!(landed.after_exit < runs() || runs() < 5, "no kill landed during a scan: {landed:?}");
}
