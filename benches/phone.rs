//! A phone mission, side by side in one run with libvips and exiftool
//! (issue 16): 27 participants, mostly iPhone HEIC (12 MP, EXIF, 320 px
//! thumbnail item), Android 12 MP JPEGs (IFD1 thumbnail, MPF preview) and a
//! camera's JPEG and RAW (tests/support/phone.rs).
//!
//! `cargo bench --bench phone`. Environment:
//! - RECAP_BENCH_PHONE_PHOTOS: photos in the mission (default 200);
//! - RECAP_BENCH_PHONE_DIR: keep the generated mission between runs;
//! - RECAP_BENCH_PHONE_RUNS: runs per contender, the best kept (default 2);
//! - RECAP_BENCH_PHONE_DISTINCT: files drawn and encoded (default: all);
//!   the others are copies of one of the same kind with their EXIF dates
//!   rewritten, so a 10,000-photo mission is made in minutes, not hours.
//!
//! `cargo bench --bench phone -- --generate DIR [--photos N]` only makes
//! the mission (tests/e2e/perf.mjs --mission phone calls it).
//!
//! Timed, best of two, page cache warm, two threads or two processes:
//! Recap's first scan vs `exiftool` reading the same fields; Recap's
//! first curation (`recap curate`: scan, plan, thumbnails, features,
//! grouping) and `recap thumbs` vs `vipsthumbnail --size 400`; then HEIC
//! and JPEG apart: 400 px tiles, the viewer's 1600 px previews and the
//! facebook export (2048 px q88) vs vipsthumbnail at the same size.

#[path = "../tests/support/mod.rs"]
mod support;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::phone::{self, Kind};

const THREADS: usize = 2;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let n: usize = arg("--photos").and_then(|v| v.parse().ok()).unwrap_or_else(|| env("RECAP_BENCH_PHONE_PHOTOS", 200));
    let distinct = env("RECAP_BENCH_PHONE_DISTINCT", n);
    let runs = env("RECAP_BENCH_PHONE_RUNS", 2).max(1);
    if let Some(dir) = arg("--generate") {
        let dir = PathBuf::from(dir);
        ensure(&dir, n, distinct);
        println!("{}", dir.display());
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let photos = std::env::var_os("RECAP_BENCH_PHONE_DIR").map_or_else(|| work.path().join("photos"), PathBuf::from);
    ensure(&photos, n, distinct);
    let list = files(&photos);
    check(&photos, &work.path().join("check"), list.len());
    let of = |ext: &str| list.iter().filter(|p| has_ext(p, ext)).collect::<Vec<_>>();
    let size = |v: &[&PathBuf]| {
        v.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum::<u64>() as f64
            / v.len().max(1) as f64
            / 1e6
    };
    let (heic, jpeg, raw) = (of("heic"), of("jpg"), of("nef"));
    println!(
        "{n} photos from 27 participants: {} HEIC ({:.2} MB avg), {} JPEG ({:.2} MB), {} RAW ({:.2} MB); {THREADS} threads / processes",
        heic.len(),
        size(&heic),
        jpeg.len(),
        size(&jpeg),
        raw.len(),
        size(&raw)
    );
    // Warm the page cache so that every contender reads from memory.
    let _ = list.iter().map(|p| std::fs::read(p).map(|b| b.len()).unwrap_or(0)).sum::<usize>();

    // libvips 8.14 (Debian 12) reads no RAW: it gets HEIC and JPEG, Recap
    // every file; the table says so.
    let vips_list: Vec<PathBuf> = list.iter().filter(|p| !has_ext(p, "nef")).cloned().collect();
    let heic_list: Vec<PathBuf> = heic.iter().map(|p| (*p).clone()).collect();
    let jpeg_list: Vec<PathBuf> = jpeg.iter().map(|p| (*p).clone()).collect();
    let out = work.path().join("vips-out");
    let fresh = |name: &str| {
        let c = work.path().join(name);
        let _ = std::fs::remove_dir_all(&c);
        c
    };
    let mut rows: Vec<(String, usize, Option<Duration>)> = vec![
        ("exiftool: date, GPS, orientation, make, model".into(), list.len(), best_of(runs, || exiftool(&list))),
        (
            "recap scan (first, fresh catalog)".into(),
            list.len(),
            best_of(runs, || recap(&["scan"], &photos, &fresh("scan"))),
        ),
        (
            "vipsthumbnail --size 400, HEIC + JPEG".into(),
            vips_list.len(),
            best_of(runs, || vips(&vips_list, 400, 80, &out)),
        ),
        (
            "recap thumbs 400 px (first, fresh cache)".into(),
            list.len(),
            best_of(runs, || recap(&["thumbs"], &photos, &fresh("thumbs"))),
        ),
        (
            "recap curate (first: scan, plan, thumbs, features, groups)".into(),
            list.len(),
            best_of(runs, || recap(&["curate"], &photos, &fresh("curate"))),
        ),
    ];
    // Each kind of phone file alone, in a folder of its own (hard links),
    // so that Recap and libvips see the same files: grid tiles, the
    // viewer's 1600 px previews, the facebook export's 2048 px q88 renders.
    let mut per_kind = Vec::new();
    for (kind, kind_list) in [("HEIC", &heic_list), ("JPEG", &jpeg_list)] {
        if kind_list.is_empty() {
            continue;
        }
        let dir = link_set(&photos, kind_list, &work.path().join(format!("only-{kind}")));
        let first = rows.len();
        let k = kind_list.len();
        let mut add = |name: String, files: usize, d: Option<Duration>| rows.push((name, files, d));
        add(format!("vipsthumbnail --size 400 [Q=80], {kind}"), k, best_of(runs, || vips(kind_list, 400, 80, &out)));
        add(format!("recap thumbs 400 px, {kind}"), k, best_of(runs, || recap(&["thumbs"], &dir, &fresh("k-thumbs"))));
        add(format!("vipsthumbnail --size 1600 [Q=80], {kind}"), k, best_of(runs, || vips(kind_list, 1600, 80, &out)));
        add(
            format!("recap thumbs --size 1600 (viewer's previews), {kind}"),
            k,
            best_of(runs, || recap(&["thumbs", "--size", "1600"], &dir, &fresh("k-previews"))),
        );
        add(format!("vipsthumbnail --size 2048 [Q=88], {kind}"), k, best_of(runs, || vips(kind_list, 2048, 88, &out)));
        let (exported, d) = facebook(&dir, work.path());
        add(format!("recap export --preset facebook (whole command), {kind}"), exported, d);
        add(format!("recap curate (first), {kind}"), k, best_of(runs, || recap(&["curate"], &dir, &fresh("k-curate"))));
        per_kind.push((kind, first));
    }
    println!();
    println!("{:<62} {:>7} {:>9} {:>10}", "contender", "files", "seconds", "files/s");
    for (name, files, d) in &rows {
        match d {
            Some(d) => {
                println!("{name:<62} {files:>7} {:>9.2} {:>10.1}", d.as_secs_f64(), *files as f64 / d.as_secs_f64())
            }
            None => println!("{name:<62} {files:>7} {:>9} {:>10}", "n/a", "-"),
        }
    }
    println!();
    // Per file, so that vips' smaller set (no RAW) compares fairly.
    let per = |i: usize| rows[i].2.map(|d| d.as_secs_f64() / rows[i].1.max(1) as f64);
    let ratio = |theirs: Option<f64>, ours: Option<f64>| match (theirs, ours) {
        (Some(a), Some(b)) => format!("{:.2}x", a / b),
        _ => "n/a (install libvips-tools, libimage-exiftool-perl)".into(),
    };
    println!("metadata:        recap scan vs exiftool, per file          {}", ratio(per(0), per(1)));
    println!("thumbnails:      recap thumbs vs vipsthumbnail, per file   {}", ratio(per(2), per(3)));
    println!("first curation:  recap curate vs vipsthumbnail, per file   {}", ratio(per(2), per(4)));
    for (kind, i) in per_kind {
        println!("{kind}: thumbnails {}", ratio(per(i), per(i + 1)));
        println!("{kind}: previews   {}", ratio(per(i + 2), per(i + 3)));
        println!("{kind}: export     {}", ratio(per(i + 4), per(i + 5)));
        println!("{kind}: curation   {}", ratio(per(i), per(i + 6)));
    }
}

/// `files` (under `photos`) hard-linked into `dir` at the same relative
/// paths (copied where links fail).
fn link_set(photos: &Path, files: &[PathBuf], dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    for f in files {
        let to = dir.join(f.strip_prefix(photos).expect("inside the mission"));
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
        if std::fs::hard_link(f, &to).is_err() {
            std::fs::copy(f, &to).expect("copy");
        }
    }
    dir.to_path_buf()
}

/// `recap export --preset facebook` of `photos` on two threads, best of
/// the runs, its catalog made first (the scan is timed above); with the
/// number of photos written.
fn facebook(photos: &Path, work: &Path) -> (usize, Option<Duration>) {
    let cache = work.join("fb-cache");
    let _ = std::fs::remove_dir_all(&cache);
    if recap(&["scan"], photos, &cache).is_none() {
        return (0, None);
    }
    let out = work.join("facebook");
    let d = best_of(env("RECAP_BENCH_PHONE_RUNS", 2), || {
        let _ = std::fs::remove_dir_all(&out);
        let o = Command::new(env!("CARGO_BIN_EXE_recap"))
            .arg("export")
            .arg(photos)
            .arg("--cache")
            .arg(&cache)
            .args(["--preset", "facebook", "--out"])
            .arg(&out)
            .env("RAYON_NUM_THREADS", THREADS.to_string())
            .output()
            .ok()?;
        if !o.status.success() {
            eprintln!("recap export failed: {}", String::from_utf8_lossy(&o.stderr));
            return None;
        }
        Some(())
    });
    let written = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && has_ext(e.path(), "jpg"))
        .count();
    (written, d)
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn best_of(runs: usize, mut f: impl FnMut() -> Option<()>) -> Option<Duration> {
    let mut best: Option<Duration> = None;
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        let d = t.elapsed();
        best = Some(best.map_or(d, |b| b.min(d)));
    }
    best
}

/// Makes the mission under `dir` unless it already holds `n` files.
fn ensure(dir: &Path, n: usize, distinct: usize) {
    if files(dir).len() == n {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    let t = Instant::now();
    generate(dir, n, distinct.clamp(1, n.max(1)));
    println!("generated {n} photos ({} encoded) in {:.1} s", distinct.min(n), t.elapsed().as_secs_f64());
}

fn generate(dir: &Path, n: usize, distinct: usize) {
    let plan = phone::mission_plan(n);
    let scratch = tempfile::tempdir().expect("tempdir");
    let pool = rayon::ThreadPoolBuilder::new().num_threads(THREADS).build().expect("thread pool");
    pool.install(|| {
        plan[..distinct].par_iter().for_each(|p| {
            if let Err(e) = phone::write(dir, scratch.path(), p, phone::TWELVE_MP) {
                panic!("{}: {e}", p.rel_path.display());
            }
        })
    });
    // Beyond the distinct set: a file of the same kind with its dates
    // rewritten and a size of its own (phone::restamped_copy says why).
    let kinds = [Kind::Heic, Kind::Jpeg, Kind::Raw];
    let by_kind: Vec<Vec<usize>> =
        kinds.iter().map(|k| (0..distinct).filter(|&j| plan[j].kind == *k).collect()).collect();
    for (i, p) in plan.iter().enumerate().skip(distinct) {
        let k = kinds.iter().position(|k| *k == p.kind).unwrap_or(0);
        let pool = if by_kind[k].is_empty() { &by_kind[0] } else { &by_kind[k] };
        let Some(&j) = pool.get(i % pool.len().max(1)) else { continue };
        let original = std::fs::read(dir.join(&plan[j].rel_path)).expect("read a generated file");
        let (bytes, _) = phone::restamped_copy(&original, plan[j].kind, plan[j].taken, p.taken, 1 + i % 4093);
        let mut rel = p.rel_path.clone();
        rel.set_extension(plan[j].rel_path.extension().unwrap_or_default());
        let out = dir.join(rel);
        std::fs::create_dir_all(out.parent().expect("inside the mission")).expect("mkdir");
        std::fs::write(out, bytes).expect("write");
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// Says how many of the mission's files Recap reads, by format, and the
/// first it skips: a figure over files Recap refused would flatter it.
fn check(photos: &Path, cache: &Path, n: usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["scan", "--json", "--cache"])
        .arg(cache)
        .arg(photos)
        .output()
        .expect("run recap scan");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let read = doc["photos"].as_array().cloned().unwrap_or_default();
    let mut formats = std::collections::BTreeMap::<String, usize>::new();
    for p in &read {
        *formats.entry(p["format"].as_str().unwrap_or("?").to_owned()).or_default() += 1;
    }
    let skipped = doc["skipped"].as_array().cloned().unwrap_or_default();
    println!("recap scan reads {} of {n} files {formats:?}; {} skipped", read.len(), skipped.len());
    if let Some(first) = skipped.first() {
        println!("  first skipped: {first}");
    }
}

/// The release `recap` on two threads, its output discarded.
fn recap(args: &[&str], photos: &Path, cache: &Path) -> Option<()> {
    let out = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(args)
        .arg(photos)
        .arg("--cache")
        .arg(cache)
        .env("RAYON_NUM_THREADS", THREADS.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("recap {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    Some(())
}

/// exiftool reading the fields Recap's scan reads, two processes.
fn exiftool(list: &[PathBuf]) -> Option<()> {
    let half = list.len().div_ceil(THREADS);
    let children: Vec<_> = list
        .chunks(half.max(1))
        .map(|chunk| {
            Command::new("exiftool")
                .args(["-j", "-n", "-q", "-DateTimeOriginal", "-OffsetTimeOriginal", "-SubSecTimeOriginal"])
                .args(["-GPSLatitude", "-GPSLongitude", "-Orientation", "-Make", "-Model", "-ImageSize"])
                .args(chunk)
                .stdout(std::process::Stdio::null())
                .spawn()
        })
        .collect::<Result<_, _>>()
        .ok()?;
    wait_all(children)
}

/// `vipsthumbnail` over the list at quality `q`, split between two processes.
fn vips(list: &[PathBuf], size: u32, q: u8, out: &Path) -> Option<()> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).ok()?;
    let pattern = format!("{}/%s.jpg[Q={q}]", out.display());
    let half = list.len().div_ceil(THREADS);
    let children: Vec<_> = list
        .chunks(half.max(1))
        .map(|chunk| {
            Command::new("vipsthumbnail").args(["--size", &size.to_string(), "-o", &pattern]).args(chunk).spawn()
        })
        .collect::<Result<_, _>>()
        .ok()?;
    wait_all(children)
}

fn wait_all(children: Vec<std::process::Child>) -> Option<()> {
    let mut ok = true;
    for mut c in children {
        ok &= c.wait().ok()?.success();
    }
    ok.then_some(())
}
