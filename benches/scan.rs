//! Scan speed, side by side in one run with the floor (opening each file and
//! reading 64 KiB), plain walkdir + kamadak-exif, and `exiftool -fast2`.
//!
//! `cargo bench --bench scan` (RECAP_BENCH_PHOTOS=N to change the 10,000
//! photos) runs two sets: small files, where per-file costs show most, and
//! phone-sized files with a phone-sized EXIF block. Prints a table; BENCHMARKS.md records the figures.
//! `RECAP_BENCH_PROFILE=N` runs only Recap's first scan, N times, to
//! profile it (`perf record -g cargo bench --bench scan`).

#[path = "../tests/support/mod.rs"]
mod support;

use chrono::NaiveDate;
use recap::model::Gps;
use recap::synth::{self, ExifSpec, Picture};
use recap::{Cancel, ScanOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let n: usize = std::env::var("RECAP_BENCH_PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let work = tempfile::tempdir().expect("tempdir");
    // RECAP_BENCH_DIR keeps the generated folders between runs.
    let base = std::env::var_os("RECAP_BENCH_DIR").map_or_else(|| work.path().to_path_buf(), PathBuf::from);
    // RECAP_BENCH_SET=small|phone runs one set; both by default.
    let only = std::env::var("RECAP_BENCH_SET").ok();
    for (set, about) in [
        ("small", "320×240 JPEGs of ~16 KB, a 160×120 EXIF thumbnail"),
        ("phone", "1600×1200 JPEGs of ~0.4 MB, a 512×384 EXIF thumbnail (~50 KB APP1), as Android phones write"),
    ] {
        if only.as_deref().is_some_and(|o| o != set) {
            continue;
        }
        let photos = base.join(set);
        if files(&photos).len() != n {
            let _ = std::fs::remove_dir_all(&photos);
            let t = Instant::now();
            generate(&photos, n, set == "phone");
            println!("generated {n} JPEGs with full EXIF in {:.1} s", t.elapsed().as_secs_f64());
        }
        println!();
        println!("## {set}: {n} {about}");
        run(&photos, n, work.path());
    }
}

fn run(photos: &Path, n: usize, work: &Path) {
    let photos = photos.to_path_buf();

    // RECAP_BENCH_PROFILE=N: only the first scan, N times, for a profiler.
    if let Some(runs) = std::env::var("RECAP_BENCH_PROFILE").ok().and_then(|v| v.parse::<usize>().ok()) {
        let cache = work.join("cache");
        // RECAP_BENCH_PROFILE_LIMIT=1: the walkdir + kamadak-exif loop instead.
        if std::env::var_os("RECAP_BENCH_PROFILE_LIMIT").is_some() {
            let d = best_of(runs, || walk_and_exif(&photos));
            println!("walkdir + kamadak-exif: best of {runs}: {:.3} s", d.as_secs_f64());
            return;
        }
        let d = best_of(runs, || {
            let _ = std::fs::remove_dir_all(&cache);
            scan(&photos, &cache)
        });
        println!("recap scan, empty catalog: best of {runs}: {:.3} s", d.as_secs_f64());
        return;
    }
    // Warm the page cache so every contender reads from memory.
    let floor = best_of(10, || read_heads(&photos));
    let exif_only = best_of(10, || walk_and_exif(&photos));
    let cache = work.join("cache");
    let cold = best_of(10, || {
        let _ = std::fs::remove_dir_all(&cache);
        scan(&photos, &cache)
    });
    let rescan = best_of(5, || scan(&photos, &cache));
    let exiftool = exiftool(&photos);

    println!();
    println!("{:<44} {:>10} {:>12}", "contender", "seconds", "photos/s");
    let row =
        |name: &str, d: Duration| println!("{name:<44} {:>10.3} {:>12.0}", d.as_secs_f64(), n as f64 / d.as_secs_f64());
    row("open + read 64 KiB (floor)", floor);
    row("walkdir + kamadak-exif (limit)", exif_only);
    row("recap scan, empty catalog", cold);
    row("recap rescan, nothing changed", rescan);
    match exiftool {
        Some(d) => {
            row("exiftool -fast2 -json (same fields)", d);
            println!();
            println!("recap scan vs exiftool:          {:>6.0}x faster", d.as_secs_f64() / cold.as_secs_f64());
        }
        None => println!("exiftool not found: install libimage-exiftool-perl to compare"),
    }
    println!("recap scan vs walkdir+exif:      {:>6.2}x the limit", cold.as_secs_f64() / exif_only.as_secs_f64());
    println!("recap scan vs floor:             {:>6.2}x the floor", cold.as_secs_f64() / floor.as_secs_f64());
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn generate(dir: &Path, n: usize, phone: bool) {
    // Phones of a delegation: a few models, real-looking tags, ~300 photos
    // a folder. The EXIF is full.
    let day = NaiveDate::from_ymd_opt(2017, 6, 4).and_then(|d| d.and_hms_opt(8, 0, 0)).expect("date");
    // Phones and cameras embed a preview in IFD1: it is most of the bytes
    // an EXIF reader goes through. Small set: 160×120 over a small picture
    // drawn per file. Phone set: one 1600×1200 photo-like picture, encoded
    // once, under each file's own EXIF with a 512×384 preview.
    let (thumb, photo) = if phone {
        let shot = support::scenes::Shot::new(3);
        let thumb = support::scenes::encode_turbo(&support::scenes::natural_scene(512, 384, &shot), 90);
        (thumb, Some(support::scenes::encode_turbo(&support::scenes::natural_scene(1600, 1200, &shot), 85)))
    } else {
        (synth::jpeg(&Picture { width: 160, height: 120, seed: 7 }, &ExifSpec::default()), None)
    };
    for i in 0..n {
        let folder = dir.join(format!("participant-{:02}", i / 300));
        std::fs::create_dir_all(&folder).expect("mkdir");
        let spec = ExifSpec {
            datetime_original: Some(day + chrono::Duration::seconds(37 * i as i64)),
            subsec_ms: Some((i % 1000) as u16),
            offset_time_original: Some("+02:00".into()),
            create_date: Some(day + chrono::Duration::seconds(37 * i as i64)),
            offset_time: Some("+02:00".into()),
            gps: Some(Gps {
                lat: 47.47 + (i % 100) as f64 * 1e-4,
                lon: -0.55 - (i % 77) as f64 * 1e-4,
                alt: Some(40.0),
            }),
            gps_utc: Some(day - chrono::Duration::hours(2) + chrono::Duration::seconds(37 * i as i64)),
            orientation: Some(1 + (i % 8) as u16),
            make: Some(["Apple", "samsung", "Google", "Canon"][i % 4].into()),
            model: Some(["iPhone 7", "SM-G930W8", "Pixel", "Canon EOS 80D"][i % 4].into()),
            serial: Some(format!("SN{:06}", i / 300)),
            thumbnail: Some(thumb.clone()),
        };
        let bytes = match &photo {
            Some(p) => synth::with_exif(p, &spec, 1600, 1200),
            None => synth::jpeg(&Picture { width: 320, height: 240, seed: i as u64 }, &spec),
        };
        std::fs::write(folder.join(format!("IMG_{i:05}.JPG")), bytes).expect("write");
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn read_heads(dir: &Path) -> usize {
    use rayon::prelude::*;
    files(dir)
        .par_iter()
        .map(|p| {
            let mut buf = Vec::with_capacity(64 * 1024);
            std::fs::File::open(p).and_then(|f| f.take(64 * 1024).read_to_end(&mut buf)).unwrap_or(0)
        })
        .sum()
}

fn walk_and_exif(dir: &Path) -> usize {
    use rayon::prelude::*;
    files(dir)
        .par_iter()
        .filter(|p| {
            let Ok(f) = std::fs::File::open(p) else { return false };
            exif::Reader::new().read_from_container(&mut std::io::BufReader::new(f)).is_ok()
        })
        .count()
}

fn scan(photos: &Path, cache: &Path) -> usize {
    let opts = ScanOptions { roots: vec![photos.to_path_buf()], cache_dir: cache.to_path_buf() };
    recap::scan(&opts, &recap::progress::silent, &Cancel::new()).expect("scan").photos.len()
}

fn exiftool(dir: &Path) -> Option<Duration> {
    let t = Instant::now();
    let out = Command::new("exiftool")
        .args(["-fast2", "-json", "-n", "-r", "-q"])
        .args(["-DateTimeOriginal", "-SubSecTimeOriginal", "-OffsetTimeOriginal", "-CreateDate", "-OffsetTime"])
        .args(["-GPSLatitude", "-GPSLongitude", "-GPSAltitude", "-GPSDateStamp", "-GPSTimeStamp"])
        .args(["-Orientation", "-Make", "-Model", "-SerialNumber", "-ImageWidth", "-ImageHeight"])
        .arg(dir)
        .output()
        .ok()?;
    out.status.success().then(|| t.elapsed())
}
