//! Render speed and memory, side by side in one run with libvips
//! (`vipsthumbnail`, two processes for two cores) on the same generated
//! folder of 12 MP phone-like JPEGs (about 2.7 MB each, EXIF and thumbnail).
//!
//! `cargo bench --bench render`. Environment:
//! - RECAP_BENCH_RENDER_PHOTOS: photos in the folder (default 200);
//! - RECAP_BENCH_RENDER_DIR: keep the generated folder between runs;
//! - RECAP_BENCH_MEMORY_PHOTOS: photos in the peak-memory run of `recap
//!   thumbs` (default 2,000; hard links to the folder's files, so every
//!   one is rendered while the disk holds only the distinct ones).
//!
//! Prints a table and the ratios; BENCHMARKS.md records the figures.

use rayon::prelude::*;
use recap::render::{Renderer, Source, Spec, ThumbCache};
use recap::synth::{self, ExifSpec, Picture};
use recap::{Cancel, Format, ScanOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const THREADS: usize = 2;
const W: u32 = 4032;
const H: u32 = 3024;

fn main() {
    let n: usize = env("RECAP_BENCH_RENDER_PHOTOS", 200);
    let mem_n: usize = env("RECAP_BENCH_MEMORY_PHOTOS", 2000);
    let work = tempfile::tempdir().expect("tempdir");
    let photos = std::env::var_os("RECAP_BENCH_RENDER_DIR").map_or_else(|| work.path().join("photos"), PathBuf::from);
    if files(&photos).len() != n {
        let _ = std::fs::remove_dir_all(&photos);
        let t = Instant::now();
        generate(&photos, n);
        println!("generated {n} 12 MP JPEGs in {:.1} s", t.elapsed().as_secs_f64());
    }
    let list = files(&photos);
    let bytes: u64 = list.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    println!(
        "{n} photos, {W}×{H}, {:.2} MB each on average; {THREADS} threads / processes",
        bytes as f64 / n as f64 / 1e6
    );
    let pool = rayon::ThreadPoolBuilder::new().num_threads(THREADS).build().expect("thread pool");
    let meta = pool.install(|| scan(&photos, &work.path().join("catalog")));

    // Warm the page cache so that every contender reads from memory.
    let _ = list.iter().map(|p| std::fs::read(p).map(|b| b.len()).unwrap_or(0)).sum::<usize>();

    let out = work.path().join("out");
    let vips_thumbs = best_of(2, || vips(&list, 400, 80, &out));
    let recap_thumbs = best_of(2, || {
        let cache = work.path().join("cache");
        let _ = std::fs::remove_dir_all(&cache);
        pool.install(|| ThumbCache::new(&cache).build(&meta, 400, &recap::progress::silent, &Cancel::new()))
            .expect("thumbnails");
        Some(())
    });
    let vips_export = best_of(2, || vips(&list, 2048, 85, &out));
    let recap_export = best_of(2, || pool.install(|| export(&list, &out)));

    // The facebook preset end to end (scan, plan, captions, renders,
    // metadata, captions.txt) against libvips doing the same resize and
    // encode.
    let vips_fb = best_of(1, || vips(&list, 2048, 88, &out));
    facebook(&photos, work.path()); // makes the catalog: the scan is timed by the scan bench
    let recap_fb = best_of(1, || facebook(&photos, work.path()));

    let psnr = quality(&list[..list.len().min(8)], &out);

    println!();
    println!("{:<52} {:>9} {:>10}", "contender", "seconds", "photos/s");
    let row =
        |name: &str, d: Duration| println!("{name:<52} {:>9.2} {:>10.1}", d.as_secs_f64(), n as f64 / d.as_secs_f64());
    if let Some(d) = vips_thumbs {
        row("vipsthumbnail --size 400 (Q=80)", d);
    }
    row("recap thumbnails 400 px (cache, atomic writes)", recap_thumbs.expect("timed"));
    if let Some(d) = vips_export {
        row("vipsthumbnail --size 2048 (Q=85)", d);
    }
    row("recap export render 2048 px q85", recap_export.expect("timed"));
    if let Some(d) = vips_fb {
        row("vipsthumbnail --size 2048 (Q=88)", d);
    }
    if let Some(d) = recap_fb {
        row("recap export --preset facebook (whole command)", d);
    }
    println!();
    let ratio = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
        _ => "n/a (vipsthumbnail missing: install libvips-tools)".into(),
    };
    println!("thumbnails: recap vs vipsthumbnail   {}", ratio(vips_thumbs, recap_thumbs));
    println!("export:     recap vs vipsthumbnail   {}", ratio(vips_export, recap_export));
    println!("facebook:   recap vs vipsthumbnail   {}", ratio(vips_fb, recap_fb));
    if let Some((ours, theirs)) = psnr {
        println!("thumbnail PSNR against a full-decode Lanczos3 reference: recap {ours:.1} dB, vips {theirs:.1} dB");
    }
    match peak_memory(&list, mem_n, work.path()) {
        Some(kb) => {
            println!("peak memory, `recap thumbs` on {mem_n} photos, {THREADS} threads: {:.0} MB", kb as f64 / 1024.0)
        }
        None => println!("peak memory not measured (needs /usr/bin/time)"),
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
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

/// A phone's photo: a drawn scene with sensor-like grain, so that it
/// compresses like a real 12 MP JPEG (about 2.7 MB at quality 92), with
/// EXIF and a 160×120 thumbnail.
fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let thumb = synth::jpeg(&Picture { width: 160, height: 120, seed: 7 }, &ExifSpec::default());
    (0..n).into_par_iter().for_each(|i| {
        let mut img = synth::draw(&Picture { width: W, height: H, seed: i as u64 });
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ i as u64;
        for px in img.as_mut().chunks_exact_mut(3) {
            // xorshift: grain that differs per pixel and per channel.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for (c, v) in px.iter_mut().enumerate() {
                let g = ((state >> (c * 8)) & 0x0F) as i32 - 8;
                *v = (*v as i32 + g).clamp(0, 255) as u8;
            }
        }
        let mut enc = turbojpeg::Compressor::new().expect("encoder");
        enc.set_quality(92).expect("quality");
        enc.set_subsamp(turbojpeg::Subsamp::Sub2x2).expect("subsampling");
        let image = turbojpeg::Image {
            pixels: img.as_raw().as_slice(),
            width: W as usize,
            pitch: W as usize * 3,
            height: H as usize,
            format: turbojpeg::PixelFormat::RGB,
        };
        let jpeg = enc.compress_to_vec(image).expect("encode");
        // Dated a minute apart in Angers, so that the plan places them all
        // and `recap export` takes them.
        let taken = chrono::NaiveDate::from_ymd_opt(2017, 6, 5)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .map(|t| t + chrono::Duration::minutes(i as i64));
        let exif = ExifSpec {
            datetime_original: taken,
            offset_time_original: Some("+02:00".into()),
            gps: Some(recap::Gps { lat: 47.4784, lon: -0.5632, alt: None }),
            make: Some("Apple".into()),
            model: Some("iPhone 7".into()),
            orientation: Some(1),
            thumbnail: Some(thumb.clone()),
            ..ExifSpec::default()
        };
        std::fs::write(dir.join(format!("IMG_{i:04}.JPG")), synth::with_exif(&jpeg, &exif, W, H)).expect("write");
    });
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn scan(photos: &Path, cache: &Path) -> Vec<recap::PhotoMeta> {
    let opts = ScanOptions { roots: vec![photos.to_path_buf()], cache_dir: cache.to_path_buf() };
    recap::scan(&opts, &recap::progress::silent, &Cancel::new()).expect("scan").photos
}

/// `vipsthumbnail` over the list, split between two processes.
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
    for mut c in children {
        if !c.wait().ok()?.success() {
            return None;
        }
    }
    Some(())
}

/// The export's render: 2048 px long edge, quality 85, written out.
fn export(list: &[PathBuf], out: &Path) -> Option<()> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).ok()?;
    thread_local! {
        static R: std::cell::RefCell<Renderer> = std::cell::RefCell::new(Renderer::new());
    }
    list.par_iter().try_for_each(|p| {
        let src = Source { path: p, format: Format::Jpeg, orientation: Some(1) };
        let r = R.with(|r| r.borrow_mut().render(&src, &Spec::long_edge(2048, 85))).ok()?;
        std::fs::write(out.join(p.file_name()?), r.jpeg).ok()
    })
}

/// `recap export PHOTOS --preset facebook` on two threads, its catalog
/// already made (the scan is the scan bench's business).
fn facebook(photos: &Path, work: &Path) -> Option<()> {
    let out = work.join("facebook");
    let _ = std::fs::remove_dir_all(&out);
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_recap"))
            .args(args)
            .env("RAYON_NUM_THREADS", THREADS.to_string())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let cache = work.join("fb-cache");
    if !cache.exists() {
        run(&["scan".as_ref(), photos.as_os_str(), "--cache".as_ref(), cache.as_os_str()])?;
    }
    let done = run(&[
        "export".as_ref(),
        photos.as_os_str(),
        "--cache".as_ref(),
        cache.as_os_str(),
        "--preset".as_ref(),
        "facebook".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    if done.is_none() {
        eprintln!("recap export failed");
    }
    done.map(|_| ())
}

/// PSNR of 400 px thumbnails (recap's, and libvips' when present) against a
/// reference made the slow way: full decode, Lanczos3 straight to 400 px.
fn quality(list: &[PathBuf], out: &Path) -> Option<(f64, f64)> {
    vips(list, 400, 95, out)?;
    let mut r = Renderer::new();
    let (mut ours, mut theirs) = (0.0, 0.0);
    for p in list {
        let full = image::open(p).ok()?.into_rgb8();
        let reference = image::imageops::resize(&full, 400, 300, image::imageops::FilterType::Lanczos3);
        let src = Source { path: p, format: Format::Jpeg, orientation: Some(1) };
        let mine = image::load_from_memory(&r.render(&src, &Spec::long_edge(400, 95)).ok()?.jpeg).ok()?.into_rgb8();
        let vips = image::open(out.join(format!("{}.jpg", p.file_stem()?.to_string_lossy()))).ok()?.into_rgb8();
        ours += psnr(&reference, &mine);
        theirs += psnr(&reference, &vips);
    }
    Some((ours / list.len() as f64, theirs / list.len() as f64))
}

fn psnr(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    if a.dimensions() != b.dimensions() {
        return 0.0;
    }
    let se: f64 = a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as f64 - y as f64).powi(2)).sum();
    10.0 * (255.0f64.powi(2) / (se / a.as_raw().len() as f64).max(1e-9)).log10()
}

/// Max RSS (KiB) of `recap thumbs` over `n` photos (hard links to `list`).
fn peak_memory(list: &[PathBuf], n: usize, work: &Path) -> Option<u64> {
    let dir = work.join("many");
    let _ = std::fs::remove_dir_all(&dir);
    for i in 0..n {
        let folder = dir.join(format!("participant-{:02}", i / 100));
        std::fs::create_dir_all(&folder).ok()?;
        let src = &list[i % list.len()];
        let dst = folder.join(format!("IMG_{i:05}.JPG"));
        std::fs::hard_link(src, &dst).or_else(|_| std::fs::copy(src, &dst).map(|_| ())).ok()?;
    }
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_recap"))
        .arg("thumbs")
        .arg(&dir)
        .arg("--cache")
        .arg(work.join("mem-cache"))
        .env("RAYON_NUM_THREADS", THREADS.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("recap thumbs failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    String::from_utf8_lossy(&out.stderr).lines().last()?.trim().parse().ok()
}
