//! Curation speed on 10,000 real photos (`cargo bench --bench curate`;
//! RECAP_BENCH_CURATE_PHOTOS=N to change the count, RECAP_BENCH_CURATE_DIR=DIR
//! to keep the generated folder between runs).
//!
//! The photos (640×480, drawn natural scenes with grain, full EXIF) come
//! from 27 participants over eight days: half single shots, a third in
//! bursts of 3–5, and messaging copies (480 px, q60, no EXIF) of every
//! tenth. Timed: features the first time (thumbnails made, features taken
//! from their pixels), features from the thumbnail cache alone (the feature
//! cache deleted: each 400 px JPEG decoded), features from the feature
//! cache, grouping (`curate::curate`), and a selection of 500.

#[path = "../tests/support/mod.rs"]
mod support;

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use recap::curate;
use recap::mission::Mission;
use recap::pipeline::plan_folders;
use recap::progress::silent;
use recap::synth::{self, ExifSpec};
use recap::Cancel;
use std::path::{Path, PathBuf};
use std::time::Instant;
use support::scenes::{self, Shot};

const W: u32 = 640;
const H: u32 = 480;

fn main() {
    let n: usize = std::env::var("RECAP_BENCH_CURATE_PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let work = tempfile::tempdir().expect("tempdir");
    let photos = std::env::var_os("RECAP_BENCH_CURATE_DIR").map_or_else(|| work.path().join("photos"), PathBuf::from);
    if count(&photos) != n {
        let _ = std::fs::remove_dir_all(&photos);
        let t = Instant::now();
        generate(&photos, n);
        println!("generated {n} photos in {:.1} s", t.elapsed().as_secs_f64());
    }
    let cache = work.path().join("cache");
    let mission = Mission::new("bench");
    let report =
        plan_folders(std::slice::from_ref(&photos), &cache, &mission, None, &silent, &Cancel::new()).expect("plan");
    println!("{} photos scanned and planned", report.scan.photos.len());

    let t = Instant::now();
    let first = curate::features(&report.scan.photos, &cache, &silent, &Cancel::new()).expect("features");
    let cold = t.elapsed().as_secs_f64();
    assert!(first.failed.is_empty(), "{:?}", first.failed.first());

    let store = cache.join("curate");
    let t = Instant::now();
    std::fs::remove_dir_all(&store).expect("remove the feature cache");
    let from_thumbs = curate::features(&report.scan.photos, &cache, &silent, &Cancel::new()).expect("features");
    let thumbs = t.elapsed().as_secs_f64();
    assert_eq!(from_thumbs.computed, report.scan.photos.len());

    let mut warm = f64::MAX;
    let mut grouping = f64::MAX;
    let mut total = f64::MAX;
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        let fs = curate::features(&report.scan.photos, &cache, &silent, &Cancel::new()).expect("features");
        let loaded = t.elapsed().as_secs_f64();
        let t2 = Instant::now();
        let c = curate::curate(&report.scan, &report.plan, &fs, &mission);
        let g = t2.elapsed().as_secs_f64();
        warm = warm.min(loaded);
        grouping = grouping.min(g);
        total = total.min(loaded + g);
        last = Some(c);
    }
    let c = last.expect("curated");
    let t = Instant::now();
    let sel = curate::select(&report.scan, &report.plan, &c, &mission, 500);
    let select = t.elapsed().as_secs_f64();

    // The scene is in each file's name: a group mixing scenes is a wrong match.
    let scene =
        |p: &Path| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.rsplit("-s").next()).map(str::to_owned);
    let mixed = c.groups.iter().filter(|g| g.members.iter().any(|m| scene(m) != scene(&g.members[0]))).count();
    println!("groups mixing different scenes: {mixed}");
    let kinds = |k: curate::GroupKind| c.groups.iter().filter(|g| g.kind == k).count();
    println!(
        "{} groups: {} bursts, {} sets of copies, {} exact; {} copies placed; {} selected",
        c.groups.len(),
        kinds(curate::GroupKind::Burst),
        kinds(curate::GroupKind::Near),
        kinds(curate::GroupKind::Exact),
        c.inherited.len(),
        sel.len()
    );
    println!();
    println!("{:<62} {:>9}", "step (2 threads)", "seconds");
    println!("{:<62} {:>9.3}", "features, first time (thumbnails made and analysed)", cold);
    println!("{:<62} {:>9.3}", "features from the thumbnail cache (each 400 px JPEG decoded)", thumbs);
    println!("{:<62} {:>9.3}", "features from the feature cache (best of 5)", warm);
    println!("{:<62} {:>9.3}", "grouping: duplicates, copies, bursts, best shots (best of 5)", grouping);
    println!("{:<62} {:>9.3}", "feature cache + grouping (goal < 2 s)", total);
    println!("{:<62} {:>9.3}", "select 500", select);
}

fn count(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file()).count()
}

fn generate(dir: &Path, n: usize) {
    let start = NaiveDate::from_ymd_opt(2017, 6, 4).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("date");
    // (participant, scene, shot, seconds since the start, copy?)
    let mut plan: Vec<(usize, u64, u64, f64, bool)> = Vec::with_capacity(n);
    let mut s = 0u64;
    let mut t = 0f64;
    while plan.len() < n {
        s += 1;
        let who = (s * 7 % 27) as usize;
        // Photos every 40 s or so, days of 12 h.
        t += 20.0 + (s * 37 % 40) as f64;
        if t % 86_400.0 > 43_200.0 {
            t += 43_200.0;
        }
        if s.is_multiple_of(3) {
            for k in 0..3 + s % 3 {
                plan.push((who, s, k, t + 0.6 * k as f64, false));
            }
        } else {
            plan.push((who, s, 0, t, false));
            if s.is_multiple_of(10) {
                plan.push(((who + 1) % 27, s, 0, t, true));
            }
        }
    }
    plan.truncate(n);
    plan.par_iter().enumerate().for_each(|(i, &(who, scene, k, at, copy))| {
        let shot = Shot { scene, dx: 0.004 * k as f32, dy: 0.0, gain: 1.0 + 0.03 * k as f32, grain: scene * 8 + k };
        let img = scenes::natural_scene(W, H, &shot);
        let when = start + Duration::milliseconds((at * 1000.0) as i64);
        let exif = ExifSpec {
            datetime_original: Some(when),
            subsec_ms: Some(((at.fract()) * 1000.0) as u16),
            offset_time_original: Some("+02:00".into()),
            make: Some("Apple".into()),
            model: Some("iPhone 7".into()),
            ..ExifSpec::default()
        };
        let jpeg = synth::with_exif(&scenes::encode_turbo(&img, 85), &exif, W, H);
        let (bytes, name) = if copy {
            (scenes::messaging_copy(&jpeg, 480, 60), format!("IMG-WA{i:06}-s{scene}.jpg"))
        } else {
            (jpeg, format!("IMG_{i:06}-s{scene}.JPG"))
        };
        let folder = dir.join(format!("participant-{who:02}"));
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join(name), bytes).expect("write");
    });
}
