//! The render path on pixels, not tags: orientation, HEIC, colour, sizes,
//! broken and hostile files, the thumbnail cache, and golden images.
//!
//! Golden images live in tests/golden/render/ as PNG; `RECAP_BLESS=1 cargo
//! test --test render` rewrites them. They are compared by PSNR, not bytes.
//! libvips (`vipsthumbnail`, installed by scripts/setup.sh) is the
//! independent oracle for the real files of the corpus.

mod support;

use image::{Rgb, RgbImage};
use recap::render::{Fit, Limits, Renderer, Source, Spec, ThumbCache};
use recap::synth::{self, ExifSpec, Picture};
use recap::{Cancel, Format, ScanOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::Fixture;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-exif");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent; real files not rendered", dir.display());
        None
    }
}

fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory(jpeg).expect("the render is a JPEG").into_rgb8()
}

/// Renders a file as the scan sees it (format and orientation from the
/// catalog's reader, not from the test).
fn render_file(path: &Path, fit: Fit) -> Result<RgbImage, recap::render::RenderError> {
    let meta = scan_one(path);
    let src = Source { path, format: meta.format, orientation: meta.orientation };
    Renderer::new().render(&src, &Spec { fit, quality: 95 }).map(|r| decode(&r.jpeg))
}

fn scan_one(path: &Path) -> recap::PhotoMeta {
    let cache = tempfile::tempdir().expect("cache dir");
    let dir = path.parent().expect("a file in a folder");
    let report = recap::scan(
        &ScanOptions { roots: vec![dir.to_path_buf()], cache_dir: cache.path().to_path_buf() },
        &recap::progress::silent,
        &Cancel::new(),
    )
    .expect("scan");
    let want = path.canonicalize().expect("the file exists");
    report.photos.into_iter().find(|p| p.path.canonicalize().is_ok_and(|c| c == want)).expect("the scan reads the file")
}

/// Mean absolute difference per channel (0–255).
fn mae(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "sizes differ");
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as i64 - y as i64).unsigned_abs()).sum();
    sum as f64 / a.as_raw().len() as f64
}

fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "sizes differ");
    let se: f64 = a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as f64 - y as f64).powi(2)).sum();
    let mse = se / a.as_raw().len() as f64;
    if mse == 0.0 {
        return f64::INFINITY;
    }
    10.0 * (255.0f64 * 255.0 / mse).log10()
}

fn close(p: &Rgb<u8>, want: [u8; 3], tol: i32) -> bool {
    p.0.iter().zip(want).all(|(&a, b)| (a as i32 - b as i32).abs() <= tol)
}

/// Four flat quadrants: any flip or rotation moves a colour.
fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| match (x < w / 2, y < h / 2) {
        (true, true) => Rgb([220, 30, 30]),
        (false, true) => Rgb([30, 200, 30]),
        (true, false) => Rgb([30, 30, 220]),
        (false, false) => Rgb([240, 240, 40]),
    })
}

#[test]
fn all_eight_orientations_come_out_upright() {
    let fx = Fixture::new();
    for o in 1..=8u16 {
        let stored = synth::store(quadrants(96, 64), Some(o));
        let exif = ExifSpec { orientation: Some(o), ..ExifSpec::default() };
        fx.file(&format!("o{o}.jpg"), synth::jpeg_from_pixels(&stored, &exif, 95));
    }
    for o in 1..=8 {
        let out = render_file(&fx.path(&format!("o{o}.jpg")), Fit::LongEdge(48)).expect("render");
        assert_eq!(out.dimensions(), (48, 32), "orientation {o}: upright landscape");
        let at = |x, y| out.get_pixel(x, y);
        assert!(close(at(8, 6), [220, 30, 30], 40), "orientation {o}: top left is {:?}", at(8, 6));
        assert!(close(at(40, 6), [30, 200, 30], 40), "orientation {o}: top right is {:?}", at(40, 6));
        assert!(close(at(8, 26), [30, 30, 220], 40), "orientation {o}: bottom left is {:?}", at(8, 26));
        assert!(close(at(40, 26), [240, 240, 40], 40), "orientation {o}: bottom right is {:?}", at(40, 26));
    }
}

#[test]
fn the_corpus_orientation_examples_all_look_the_same_way_up() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("exif-orientation-examples");
    for shape in ["Landscape", "Portrait"] {
        let reference = render_file(&dir.join(format!("{shape}_0.jpg")), Fit::LongEdge(90)).expect("render");
        for o in [2, 3, 4, 5, 7] {
            let path = dir.join(format!("{shape}_{o}.jpg"));
            let out = render_file(&path, Fit::LongEdge(90)).expect("render");
            let d = mae(&reference, &out);
            assert!(d < 6.0, "{shape}_{o}: differs from {shape}_0 by {d:.1} per channel");
            // The check can fail: the same file with its tag ignored is far off.
            let raw = Renderer::new()
                .render(&Source { path: &path, format: Format::Jpeg, orientation: None }, &Spec::long_edge(90, 95))
                .expect("render");
            let raw = decode(&raw.jpeg);
            if raw.dimensions() == reference.dimensions() {
                assert!(mae(&reference, &raw) > 3.0 * d.max(2.0), "{shape}_{o}: the tag made no difference");
            }
        }
    }
}

fn vipsthumbnail(path: &Path, edge: u32, out: &Path) -> Option<RgbImage> {
    let status = Command::new("vipsthumbnail")
        .arg(path)
        .args(["--size", &edge.to_string(), "--export-profile", "srgb", "-o"])
        .arg(out)
        .status();
    match status {
        Ok(s) if s.success() => Some(image::open(out).expect("vips wrote a PNG").into_rgb8()),
        Ok(s) => panic!("vipsthumbnail failed on {}: {s}", path.display()),
        Err(_) => {
            eprintln!("SKIPPED: vipsthumbnail is not installed (scripts/setup.sh installs libvips-tools)");
            None
        }
    }
}

/// Mean of each channel.
fn means(img: &RgbImage) -> [f64; 3] {
    let mut sum = [0u64; 3];
    for p in img.pixels() {
        for (s, &v) in sum.iter_mut().zip(&p.0) {
            *s += v as u64;
        }
    }
    let n = (img.width() * img.height()).max(1) as f64;
    sum.map(|s| s as f64 / n)
}

/// Our render and libvips' colour-managed thumbnail agree: the same way up
/// (pixel by pixel) and the same colours (channel means within 1.5 levels;
/// converting or not converting Display P3 moves the blue mean by about 6).
fn agrees_with_libvips(path: &Path, edge: u32, label: &str, tmp: &Path) {
    let ours = render_file(path, Fit::LongEdge(edge)).expect("render");
    let Some(vips) = vipsthumbnail(path, edge, &tmp.join(format!("{label}.png"))) else { return };
    let d = mae(&ours, &vips);
    assert!(d < 4.0, "{label}: differs from libvips by {d:.1} per channel");
    let flipped = image::imageops::rotate180(&ours);
    assert!(mae(&flipped, &vips) > 2.0 * d, "{label}: symmetric picture, the check proves nothing");
    let (a, b) = (means(&ours), means(&vips));
    for c in 0..3 {
        assert!((a[c] - b[c]).abs() < 1.5, "{label}: channel {c} mean {:.1} vs libvips {:.1}", a[c], b[c]);
    }
}

#[test]
fn iphone_heic_renders_upright_in_srgb_like_libvips() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let files = [
        // Tiled 4032×3024 HEVC grid, portrait: irot 270 and EXIF orientation 6.
        ("digicam_corpus/Apple/iPhone 13 Pro/IMG_8564.HEIC", (300, 400)),
        ("digicam_corpus/Apple/iPhone XR/IMG_3578.HEIC", (400, 300)),
        ("metadata-extractor-images/heic/exif-at-eof.heic", (300, 400)),
    ];
    for (i, (rel, dims)) in files.iter().enumerate() {
        let path = corpus.join(rel);
        let out = render_file(&path, Fit::LongEdge(400)).expect("render HEIC");
        assert_eq!(out.dimensions(), *dims, "{rel}");
        // 400 px: below that, libvips shows the HEIC's own 320 px thumbnail.
        agrees_with_libvips(&path, 400, &format!("heic{i}"), tmp.path());
    }
}

#[test]
fn a_real_display_p3_jpeg_matches_libvips_colour_managed_thumbnail() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    agrees_with_libvips(&corpus.join("digicam_corpus/Apple/iPhone XR/IMG_3580.JPG"), 256, "p3jpeg", tmp.path());
}

#[test]
fn sizes_follow_the_spec_and_never_enlarge() {
    let fx = Fixture::new();
    fx.picture("big.jpg", Picture::new(1200, 900, 3), ExifSpec::default());
    fx.picture("small.jpg", Picture::new(120, 90, 4), ExifSpec::default());
    let mut r = Renderer::new();
    let big = fx.path("big.jpg");
    let src = Source { path: &big, format: Format::Jpeg, orientation: None };
    for (fit, want) in [
        (Fit::LongEdge(400), (400, 300)),
        (Fit::LongEdge(333), (333, 250)),
        (Fit::LongEdge(1200), (1200, 900)),
        (Fit::LongEdge(5000), (1200, 900)),
        (Fit::Cover { width: 1080, height: 1350 }, (1080, 1350)),
        (Fit::Cover { width: 108, height: 135 }, (108, 135)),
    ] {
        let out = r.render(&src, &Spec { fit, quality: 85 }).expect("render");
        assert_eq!((out.width, out.height), want, "{fit:?}");
        assert_eq!(decode(&out.jpeg).dimensions(), want, "{fit:?}: the JPEG says so too");
    }
    let small = fx.path("small.jpg");
    let out =
        r.render(&Source { path: &small, format: Format::Jpeg, orientation: None }, &Spec::THUMB).expect("render");
    assert_eq!((out.width, out.height), (120, 90));
}

#[test]
fn broken_files_give_a_clear_error_for_that_file() {
    let fx = Fixture::new();
    fx.truncated_jpeg("cut.jpg");
    fx.file("noise.jpg", (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect::<Vec<_>>());
    fx.file("empty.heic", b"");
    let mut r = Renderer::new();
    for (name, format, code) in [
        ("cut.jpg", Format::Jpeg, "truncated"),
        ("noise.jpg", Format::Jpeg, "corrupt"),
        ("empty.heic", Format::Heic, "corrupt"),
        ("gone.jpg", Format::Jpeg, "vanished"),
    ] {
        let path = fx.path(name);
        let err = r.render(&Source { path: &path, format, orientation: None }, &Spec::THUMB).expect_err(name);
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(err.to_string().contains(name), "the message names the file: {err}");
    }
    // The same renderer still works afterwards.
    fx.photo("fine.jpg", ExifSpec::default());
    let fine = fx.path("fine.jpg");
    r.render(&Source { path: &fine, format: Format::Jpeg, orientation: None }, &Spec::THUMB).expect("render");
}

/// A real JPEG whose frame header claims `w`×`h`.
fn lying_jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut j = synth::jpeg(&Picture::new(16, 16, 1), &ExifSpec::default());
    let sof = j.windows(2).position(|p| p == [0xFF, 0xC0]).expect("baseline frame header");
    j[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    j
}

/// A PNG whose header claims `w`×`h` (CRC fixed, so decoders believe it).
fn lying_png(w: u32, h: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(RgbImage::new(8, 8))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode PNG");
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    png
}

#[test]
fn decompression_bombs_are_refused_before_any_pixel_is_allocated() {
    let fx = Fixture::new();
    fx.file("bomb.jpg", lying_jpeg(65_000, 65_000));
    fx.file("bomb.png", lying_png(100_000, 100_000));
    let mut r = Renderer::new();
    for (name, format) in [("bomb.jpg", Format::Jpeg), ("bomb.png", Format::Png)] {
        let path = fx.path(name);
        let err = r.render(&Source { path: &path, format, orientation: None }, &Spec::THUMB).expect_err(name);
        assert_eq!(err.code(), "too_large", "{name}: {err}");
    }
    // The limit is the caller's to set.
    fx.photo("photo.jpg", ExifSpec::default());
    let path = fx.path("photo.jpg");
    let mut strict = Renderer::with_limits(Limits { max_pixels: 1000, ..Limits::default() });
    let err = strict.render(&Source { path: &path, format: Format::Jpeg, orientation: None }, &Spec::THUMB);
    assert_eq!(err.expect_err("64×48 is over 1000 pixels").code(), "too_large");
}

#[test]
fn the_exif_thumbnail_serves_as_an_oriented_placeholder() {
    let fx = Fixture::new();
    // A portrait phone photo: stored sideways with tag 6, its EXIF thumbnail too.
    let thumb = synth::jpeg_from_pixels(&synth::store(quadrants(48, 64), Some(6)), &ExifSpec::default(), 90);
    let exif = ExifSpec { orientation: Some(6), thumbnail: Some(thumb), ..ExifSpec::default() };
    fx.file("p.jpg", synth::jpeg_from_pixels(&synth::store(quadrants(480, 640), Some(6)), &exif, 90));
    fx.photo("none.jpg", ExifSpec::default());
    let mut r = Renderer::new();
    let p = fx.path("p.jpg");
    let got = r.placeholder(&Source { path: &p, format: Format::Jpeg, orientation: Some(6) }).expect("read");
    let got = got.expect("the photo has an EXIF thumbnail");
    let img = decode(&got.jpeg);
    assert_eq!(img.dimensions(), (48, 64), "upright portrait");
    assert!(close(img.get_pixel(4, 4), [220, 30, 30], 40), "top left is {:?}", img.get_pixel(4, 4));
    let none = fx.path("none.jpg");
    let got = r.placeholder(&Source { path: &none, format: Format::Jpeg, orientation: None }).expect("read");
    assert!(got.is_none());
}

fn golden(name: &str, got: &RgbImage) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/render").join(format!("{name}.png"));
    if std::env::var_os("RECAP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("create golden folder");
        got.save(&path).expect("write golden image");
        return;
    }
    let want =
        image::open(&path).unwrap_or_else(|e| panic!("{}: {e} (RECAP_BLESS=1 writes it)", path.display())).into_rgb8();
    let p = psnr(&want, got);
    assert!(p >= 38.0, "{name}: PSNR {p:.1} dB against {}", path.display());
}

#[test]
fn renders_match_their_golden_images() {
    let fx = Fixture::new();
    let scene = Picture::new(1600, 1200, 42);
    fx.picture("landscape.jpg", scene.clone(), ExifSpec::default());
    fx.picture("portrait.jpg", Picture::new(1200, 1600, 43), ExifSpec { orientation: Some(6), ..ExifSpec::default() });
    let cases = [
        ("landscape-thumb", "landscape.jpg", Fit::LongEdge(400)),
        ("landscape-odd", "landscape.jpg", Fit::LongEdge(317)),
        ("landscape-cover-4x5", "landscape.jpg", Fit::Cover { width: 216, height: 270 }),
        ("portrait-tag6-thumb", "portrait.jpg", Fit::LongEdge(400)),
    ];
    for (name, file, fit) in cases {
        golden(name, &render_file(&fx.path(file), fit).expect("render"));
    }
}

#[test]
fn the_thumbnail_cache_makes_once_refreshes_on_change_and_prunes() {
    let fx = Fixture::new();
    for i in 0..6 {
        fx.picture(&format!("Anne/{i}.jpg"), Picture::new(800, 600, i), ExifSpec::default());
    }
    fx.truncated_jpeg("Anne/cut.jpg");
    let before = fx.hashes();
    let cache_dir = tempfile::tempdir().expect("cache");
    let cache = ThumbCache::new(cache_dir.path());
    let scan = || {
        recap::scan(
            &ScanOptions { roots: vec![fx.root().to_path_buf()], cache_dir: cache_dir.path().to_path_buf() },
            &recap::progress::silent,
            &Cancel::new(),
        )
        .expect("scan")
    };
    let photos = scan().photos;
    let first = cache.build(&photos, 200, &recap::progress::silent, &Cancel::new()).expect("build");
    assert_eq!((first.made, first.fresh), (6, 0), "{first:?}");
    // The cut file is reported, with the scan's code for it, and the rest goes on.
    assert_eq!(first.failed.len(), 1, "{first:?}");
    assert_eq!(first.failed[0].code, "truncated");
    assert!(first.failed[0].path.ends_with("Anne/cut.jpg"));
    let thumb = cache.cached(&fx.path("Anne/0.jpg"), 200).expect("cached");
    assert_eq!(decode(&std::fs::read(&thumb).expect("read")).dimensions(), (200, 150));

    let again = cache.build(&photos, 200, &recap::progress::silent, &Cancel::new()).expect("build");
    assert_eq!((again.made, again.fresh), (0, 6));
    assert_eq!(fx.hashes(), before, "making thumbnails never touches the photos");

    // A participant re-exports one photo: its thumbnail is remade, the old one goes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    fx.picture("Anne/0.jpg", Picture::new(600, 800, 99), ExifSpec::default());
    let photos = scan().photos;
    let changed = cache.build(&photos, 200, &recap::progress::silent, &Cancel::new()).expect("build");
    assert_eq!((changed.made, changed.fresh, changed.pruned), (1, 5, 1), "{changed:?}");
    let thumb = cache.cached(&fx.path("Anne/0.jpg"), 200).expect("cached");
    assert_eq!(decode(&std::fs::read(&thumb).expect("read")).dimensions(), (150, 200));
    assert!(!cache_dir.path().starts_with(fx.root()));
}

#[test]
fn concurrent_requests_for_one_thumbnail_all_get_a_whole_file() {
    let fx = Fixture::new();
    fx.picture("a.jpg", Picture::new(1600, 1200, 5), ExifSpec::default());
    let cache_dir = tempfile::tempdir().expect("cache");
    let cache = ThumbCache::new(cache_dir.path());
    let path = fx.path("a.jpg");
    let paths: Vec<PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let src = Source { path: &path, format: Format::Jpeg, orientation: None };
                    cache.ensure(&mut Renderer::new(), &src, 256).expect("ensure").path
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(paths.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(decode(&std::fs::read(&paths[0]).expect("read")).dimensions(), (256, 192));
    let files = walk_files(cache_dir.path());
    assert_eq!(files.len(), 1, "one thumbnail and no temporary leftovers: {files:?}");
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn recap_thumbs_reports_counts_and_failures_as_json() {
    let fx = Fixture::new();
    fx.photo("Anne/a.jpg", ExifSpec::default()).photo("Anne/b.jpg", ExifSpec::default());
    fx.file("Anne/c.png", lying_png(100_000, 100_000));
    let cache = tempfile::tempdir().expect("cache");
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_recap"))
            .args(["thumbs", "--size", "32", "--json", "--cache"])
            .arg(cache.path())
            .arg(fx.root())
            .output()
            .expect("run recap");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("one JSON document")
    };
    let doc = run();
    let t = &doc["thumbs"];
    assert_eq!(t["size"], 32);
    assert_eq!(t["made"], 2);
    assert_eq!(t["fresh"], 0);
    let failed = t["failed"].as_array().expect("failed list");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["code"], "too_large");
    assert!(failed[0]["path"].as_str().expect("path").ends_with("c.png"));
    assert!(Path::new(t["dir"].as_str().expect("dir")).starts_with(cache.path()));
    let doc = run();
    assert_eq!((doc["thumbs"]["made"].as_u64(), doc["thumbs"]["fresh"].as_u64()), (Some(0), Some(2)));
}

/// The 68-byte NEF that once took `recap thumbs`, `plan`, `curate` and
/// `export` down (exit 101): a TIFF header and IFD, then an embedded JPEG
/// whose frame header (SOF0) says its length is 2, so it has no payload at
/// all where the preview search read six bytes.
fn crafted_nef() -> Vec<u8> {
    let mut b = b"II*\0".to_vec();
    b.extend_from_slice(&8u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    // Make = "NIK", inline.
    b.extend_from_slice(&0x010Fu16.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u32.to_le_bytes());
    b.extend_from_slice(b"NIK\0");
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02]);
    b.resize(68, 0);
    b
}

#[test]
fn crafted_nef_with_an_empty_frame_header_is_a_render_failure_not_a_panic() {
    let fx = Fixture::new();
    fx.file("Alex/DSC_0001.NEF", crafted_nef());
    fx.photo("Alex/IMG_0002.JPG", ExifSpec::default());
    let nef = fx.path("Alex/DSC_0001.NEF");
    assert_eq!(std::fs::metadata(&nef).expect("written").len(), 68);

    let err = Renderer::new()
        .render(&Source { path: &nef, format: Format::Nef, orientation: None }, &Spec::THUMB)
        .expect_err("no usable preview in 68 bytes");
    assert_eq!(err.code(), "no_preview", "{err}");

    // The thumbnail pass goes on to the good photo.
    let cache_dir = tempfile::tempdir().expect("cache");
    let opts = ScanOptions { roots: vec![fx.root().to_path_buf()], cache_dir: cache_dir.path().to_path_buf() };
    let scan = recap::scan(&opts, &recap::progress::silent, &Cancel::new()).expect("scan");
    assert_eq!(scan.photos.len(), 2, "the NEF is catalogued: its header is a TIFF's");
    let built = ThumbCache::new(cache_dir.path())
        .build(&scan.photos, 200, &recap::progress::silent, &Cancel::new())
        .expect("build");
    assert_eq!(built.made, 1);
    assert_eq!(built.failed.len(), 1);
    assert!(built.failed[0].path.ends_with("DSC_0001.NEF"));

    // And the command line that exited 101 on it finishes and reports it.
    let cli_cache = tempfile::tempdir().expect("cache");
    let out = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["thumbs", &fx.root().to_string_lossy(), "--cache", &cli_cache.path().to_string_lossy(), "--json"])
        .output()
        .expect("run recap");
    assert!(out.status.success(), "recap thumbs: {:?}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let failed = doc["thumbs"]["failed"].as_array().expect("failed list");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["code"], "no_preview");
}

#[test]
fn a_panicking_reply_does_not_stop_the_thumbnail_pool() {
    let fx = Fixture::new();
    fx.photo("Alex/IMG_0001.JPG", ExifSpec::default());
    let photo = recap::render::PhotoRef { path: fx.path("Alex/IMG_0001.JPG"), format: Format::Jpeg, orientation: None };
    let cache = tempfile::tempdir().expect("cache");
    // One thread: the request after the panic runs on the very worker the
    // panic went through (rayon aborts the process there by default).
    let pool = recap::render::Thumbnailer::new(cache.path(), 1).expect("pool");
    pool.thumbnail(photo.clone(), 100, |_| panic!("a front end's reply panicked"));
    let (tx, rx) = std::sync::mpsc::channel();
    pool.thumbnail(photo, 100, move |r| {
        let _ = tx.send(r.map(|jpeg| jpeg.len()));
    });
    let got = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the worker survived and answered");
    assert!(got.expect("a thumbnail") > 0);
}

/// A JPEG as a phone writes it: `main` (stored with `orientation`) and an
/// EXIF thumbnail of `preview`, stored the same way.
fn with_preview(main: RgbImage, preview: RgbImage, orientation: Option<u16>) -> Vec<u8> {
    let thumb = synth::jpeg_from_pixels(&synth::store(preview, orientation), &ExifSpec::default(), 85);
    let exif = ExifSpec { orientation, thumbnail: Some(thumb), ..ExifSpec::default() };
    synth::jpeg_from_pixels(&synth::store(main, orientation), &exif, 90)
}

#[test]
fn a_large_exif_preview_makes_the_grid_tile_upright_but_not_the_viewers_preview() {
    let fx = Fixture::new();
    // The preview's colours are not the image's: what comes out says which was read.
    let tinted =
        |img: RgbImage| RgbImage::from_fn(img.width(), img.height(), |x, y| Rgb([0, img.get_pixel(x, y)[1], 0]));
    fx.file("p.jpg", with_preview(quadrants(1200, 1600), tinted(quadrants(480, 640)), Some(6)));
    let p = fx.path("p.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: Some(6) };
    let mut r = Renderer::new();
    let px = r.preview_pixels(&src, Fit::LongEdge(400)).expect("read").expect("a 640 px preview covers 400");
    assert_eq!((px.width, px.height), (300, 400), "upright portrait");
    let img = RgbImage::from_raw(px.width, px.height, px.rgb).expect("pixels");
    assert!(close(img.get_pixel(10, 10), [0, 30, 0], 40), "top left is the preview's: {:?}", img.get_pixel(10, 10));
    assert!(close(img.get_pixel(290, 390), [0, 240, 0], 40), "bottom right: {:?}", img.get_pixel(290, 390));
    // The cache's grid tile comes from it too; the viewer's preview does not.
    let cache = fx.path("cache");
    let tile = ThumbCache::new(&cache).ensure(&mut r, &src, 400).expect("tile");
    assert!(close(decode(&tile.jpeg.expect("made now")).get_pixel(10, 10), [0, 30, 0], 40));
    assert!(r.preview_pixels(&src, Fit::LongEdge(1600)).expect("read").is_none(), "640 px cannot make 1600");
    assert!(r.preview_pixels(&src, Fit::Cover { width: 216, height: 270 }).expect("read").is_none());
    let big = decode(&r.render(&src, &Spec::PREVIEW).expect("render").jpeg);
    assert!(close(big.get_pixel(10, 10), [220, 30, 30], 40), "the image itself: {:?}", big.get_pixel(10, 10));
}

#[test]
fn a_preview_left_from_before_a_crop_on_the_phone_is_refused() {
    let fx = Fixture::new();
    // Cropped square on the phone, the 4:3 thumbnail of the original kept.
    fx.file("cropped.jpg", with_preview(quadrants(1200, 1200), quadrants(640, 480), None));
    let p = fx.path("cropped.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: None };
    let mut r = Renderer::new();
    assert!(r.preview_pixels(&src, Fit::LongEdge(320)).expect("read").is_none());
    let tile = ThumbCache::new(&fx.path("cache")).ensure(&mut r, &src, 400).expect("tile");
    assert_eq!(decode(&tile.jpeg.expect("made now")).dimensions(), (400, 400), "the image's shape, not the preview's");
}

/// An iPhone-like HEIC through libheif-examples' `heif-enc` (installed by
/// scripts/setup.sh), with a thumbnail item of `thumb` px; `None` without it.
fn heic_with_thumbnail(img: &RgbImage, thumb: u32, dir: &Path, name: &str) -> Option<PathBuf> {
    let png = dir.join(format!("{name}.png"));
    img.save(&png).expect("write png");
    let out = dir.join(format!("{name}.heic"));
    let ran = Command::new("heif-enc")
        .arg("-q")
        .arg("70")
        .arg("-t")
        .arg(thumb.to_string())
        .arg("-o")
        .arg(&out)
        .arg(&png)
        .output();
    match ran {
        Ok(o) if o.status.success() => Some(out),
        _ => {
            eprintln!("SKIPPED: heif-enc (libheif-examples) is not installed; HEIC thumbnail items not tested");
            None
        }
    }
}

#[test]
fn a_heic_thumbnail_item_serves_what_it_covers_and_no_more() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let scene = synth::draw(&Picture::new(1280, 960, 7));
    let Some(heic) = heic_with_thumbnail(&scene, 320, tmp.path(), "iphone") else { return };
    let src = Source { path: &heic, format: Format::Heic, orientation: None };
    let mut r = Renderer::new();
    let thumb = r.preview_pixels(&src, Fit::LongEdge(320)).expect("read").expect("the 320 px item covers 320");
    assert_eq!((thumb.width, thumb.height), (320, 240));
    let decoded = r.pixels(&src, Fit::LongEdge(320)).expect("decode");
    let as_img = |p: recap::render::Pixels| RgbImage::from_raw(p.width, p.height, p.rgb).expect("pixels");
    let (thumb, decoded) = (as_img(thumb), as_img(decoded));
    let p = psnr(&thumb, &decoded);
    assert!(p > 25.0, "the item shows the image: PSNR {p:.1} dB");
    assert!(r.preview_pixels(&src, Fit::LongEdge(400)).expect("read").is_none(), "a 400 px tile needs the image");
    // A file without an item has no preview and still renders.
    let Some(bare) = heic_with_thumbnail(&scene, 0, tmp.path(), "bare") else { return };
    let bare = Source { path: &bare, format: Format::Heic, orientation: None };
    assert!(r.preview_pixels(&bare, Fit::LongEdge(160)).expect("read").is_none());
}

/// An Android JPEG: `main` with a `thumb` EXIF thumbnail and `preview` as
/// the MPF index's large thumbnail, appended after the image.
fn with_mpf_preview(main: &RgbImage, thumb: &RgbImage, preview: &RgbImage) -> Vec<u8> {
    let thumb = synth::jpeg_from_pixels(thumb, &ExifSpec::default(), 80);
    let exif = ExifSpec { thumbnail: Some(thumb), ..ExifSpec::default() };
    let primary = synth::jpeg_from_pixels(main, &exif, 90);
    support::phone::with_mpf(&primary, &synth::jpeg_from_pixels(preview, &ExifSpec::default(), 85))
}

/// Where the MPF header's byte-order mark lies (MPF offsets count from it).
fn mpf_tiff(bytes: &[u8]) -> usize {
    bytes.windows(4).position(|w| w == b"MPF\0").expect("an MPF index") + 4
}

fn green(img: RgbImage) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| Rgb([0, img.get_pixel(x, y)[1], 0]))
}

#[test]
fn an_mpf_preview_serves_the_viewers_preview_and_curation_when_the_exif_thumbnail_is_too_small() {
    let fx = Fixture::new();
    // The MPF preview is tinted: what comes out says which pixels were read.
    fx.file(
        "android.jpg",
        with_mpf_preview(&quadrants(2400, 1800), &quadrants(160, 120), &green(quadrants(1800, 1350))),
    );
    let p = fx.path("android.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: None };
    let mut r = Renderer::new();
    let px = r.preview_pixels(&src, Fit::LongEdge(1600)).expect("read").expect("1800 px covers the viewer's 1600");
    assert_eq!((px.width, px.height), (1600, 1200));
    let img = RgbImage::from_raw(px.width, px.height, px.rgb).expect("pixels");
    assert!(close(img.get_pixel(10, 10), [0, 30, 0], 40), "the MPF preview's pixels: {:?}", img.get_pixel(10, 10));
    // A 160 px EXIF thumbnail cannot give curation its 320 px: the MPF preview does.
    let small = r.preview_pixels(&src, Fit::LongEdge(320)).expect("read").expect("from the MPF preview");
    assert_eq!((small.width, small.height), (320, 240));
    assert!(close(&Rgb([small.rgb[0], small.rgb[1], small.rgb[2]]), [0, 30, 0], 40));
    // The viewer's preview through the cache comes from it; export renders never do.
    let cache = fx.path("cache");
    let shown = ThumbCache::new(&cache).ensure(&mut r, &src, 1600).expect("preview");
    assert!(close(decode(&shown.jpeg.expect("made now")).get_pixel(10, 10), [0, 30, 0], 40));
    let export = decode(&r.render(&src, &Spec::long_edge(1600, 90)).expect("render").jpeg);
    assert!(close(export.get_pixel(10, 10), [220, 30, 30], 40), "the image itself: {:?}", export.get_pixel(10, 10));
    assert!(r.preview_pixels(&src, Fit::LongEdge(2048)).expect("read").is_none(), "1800 px cannot make 2048");
}

#[test]
fn an_mpf_image_of_another_shape_or_kind_is_not_taken_for_the_photo() {
    let fx = Fixture::new();
    let mut r = Renderer::new();
    // Cropped square on the phone, the 4:3 MPF preview of the original kept.
    fx.file(
        "cropped.jpg",
        with_mpf_preview(&quadrants(1800, 1800), &quadrants(160, 160), &green(quadrants(1600, 1200))),
    );
    let p = fx.path("cropped.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: None };
    assert!(r.preview_pixels(&src, Fit::LongEdge(320)).expect("read").is_none());
    let tile = ThumbCache::new(&fx.path("cache")).ensure(&mut r, &src, 400).expect("tile");
    assert_eq!(decode(&tile.jpeg.expect("made now")).dimensions(), (400, 400), "the image's shape, not the preview's");
    // An Ultra HDR gain map (MPF type "undefined") has the image's shape but
    // not its content.
    let mut gain = with_mpf_preview(&quadrants(2400, 1800), &quadrants(160, 120), &green(quadrants(1800, 1350)));
    let entry2 = mpf_tiff(&gain) + 66;
    gain[entry2..entry2 + 4].copy_from_slice(&0u32.to_le_bytes());
    fx.file("gainmap.jpg", gain);
    let p = fx.path("gainmap.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: None };
    assert!(r.preview_pixels(&src, Fit::LongEdge(1600)).expect("read").is_none(), "a gain map is no preview");
}

#[test]
fn crafted_mpf_index_pointing_anywhere_is_no_preview_not_a_panic() {
    let fx = Fixture::new();
    let good = with_mpf_preview(&quadrants(1200, 900), &quadrants(160, 120), &green(quadrants(1000, 750)));
    let tiff = mpf_tiff(&good);
    // Every number of the index the file states, lying; whether the
    // preview can still be found (a count too large still names it).
    let lies: [(&str, usize, u32, bool); 8] = [
        ("IFD offset past the segment", tiff + 4, u32::MAX, false),
        ("entry count", tiff + 8, 0xFFFF, true),
        ("MP entry table offset", tiff + 42, 0xFFFF_FFF0, false),
        ("MP entry count", tiff + 38, 0xFFFF_FFF0, false),
        ("preview size past the end", tiff + 70, u32::MAX, false),
        ("preview offset past the end", tiff + 74, 0xFFFF_FF00, false),
        ("preview offset inside the image data", tiff + 74, 200, false),
        ("preview offset at the segment", tiff + 74, 1, false),
    ];
    let mut r = Renderer::new();
    for (what, at, value, found) in lies {
        let mut bytes = good.clone();
        let width = if at == tiff + 8 { 2 } else { 4 };
        bytes[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
        let name = format!("{}.jpg", what.replace(' ', "-"));
        fx.file(&name, bytes);
        let p = fx.path(&name);
        let src = Source { path: &p, format: Format::Jpeg, orientation: None };
        let got = r.preview_pixels(&src, Fit::LongEdge(800)).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(got.is_some(), found, "{what}");
        let tile = r.render(&src, &Spec::THUMB).unwrap_or_else(|e| panic!("{what}: the image still renders: {e}"));
        assert_eq!((tile.width, tile.height), (400, 300), "{what}");
    }
    // Cut inside the appended preview: the image still renders from its own data.
    fx.file("cut.jpg", &good[..good.len() - 100]);
    let p = fx.path("cut.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: None };
    assert!(r.preview_pixels(&src, Fit::LongEdge(800)).expect("read").is_none());
    assert!(r.render(&src, &Spec::THUMB).is_ok());
}

#[test]
fn an_android_mpf_preview_makes_the_viewers_preview_as_well_as_a_decode() {
    // An Android phone's file (tests/support/phone.rs): 12 MP-class, 1920 px MPF
    // preview at q85, against the drawn scene shrunk the slow way.
    let scene = support::scenes::natural_scene(2880, 2160, &support::scenes::Shot::new(5));
    let fx = Fixture::new();
    let exif = ExifSpec { orientation: Some(1), ..ExifSpec::default() };
    fx.file("android.jpg", support::phone::android_jpeg(&scene, &exif));
    let p = fx.path("android.jpg");
    let src = Source { path: &p, format: Format::Jpeg, orientation: Some(1) };
    let truth = image::imageops::resize(&scene, 1600, 1200, image::imageops::FilterType::Lanczos3);
    let mut r = Renderer::new();
    let as_img = |p: recap::render::Pixels| RgbImage::from_raw(p.width, p.height, p.rgb).expect("pixels");
    let preview = as_img(r.preview_pixels(&src, Fit::LongEdge(1600)).expect("read").expect("the MPF preview"));
    let decoded = as_img(r.pixels(&src, Fit::LongEdge(1600)).expect("decode"));
    let (from_preview, from_image) = (psnr(&preview, &truth), psnr(&decoded, &truth));
    println!("viewer's 1600 px: MPF preview {from_preview:.1} dB, decode of the image {from_image:.1} dB");
    assert!(from_preview > 30.0 && from_preview > from_image - 3.0, "{from_preview:.1} vs {from_image:.1} dB");
}
