//! JPEG XL: metadata from the container's `Exif` box (plain or
//! Brotli-packed in a `brob` box), a bare codestream's size, crafted boxes,
//! and pixels. The files are made by libjxl's `cjxl` (libjxl-tools) from
//! real JPEGs and PNGs, and read back by exiftool as the oracle; each test
//! says SKIPPED and passes when a tool is absent.

mod support;

use recap::render::{Fit, Limits, Renderer, Source, Spec};
use recap::synth::{self, ExifSpec, Picture};
use recap::{Cancel, Format, PhotoMeta, ScanOptions, ScanReport};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{dt, gps, Fixture};

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-ver").output().is_ok();
    if !ok {
        eprintln!("SKIPPED: {name} is not installed (scripts/setup.sh installs it)");
    }
    ok
}

fn tools() -> bool {
    tool("cjxl") && tool("exiftool")
}

/// Runs `cjxl` on `input` with `args`; the JPEG XL file's bytes.
fn cjxl(input: &Path, args: &[&str]) -> Vec<u8> {
    let out = input.with_extension("out.jxl");
    let run = Command::new("cjxl").arg(input).arg(&out).args(args).output().expect("run cjxl");
    assert!(run.status.success(), "cjxl: {}", String::from_utf8_lossy(&run.stderr));
    std::fs::read(&out).expect("read cjxl's output")
}

fn spec() -> ExifSpec {
    ExifSpec {
        datetime_original: Some(dt("2017-06-05 10:32:07")),
        offset_time_original: Some("+02:00".into()),
        gps: Some(gps(47.4637, -0.5970)),
        orientation: Some(6),
        make: Some("Apple".into()),
        model: Some("iPhone 7".into()),
        ..ExifSpec::default()
    }
}

/// A 96×64 JPEG with `spec()`'s EXIF, and its lossless JPEG XL transcode
/// (cjxl keeps the EXIF in the container).
fn photo_and_jxl(work: &Path) -> (Vec<u8>, Vec<u8>) {
    let jpeg = synth::jpeg(&Picture::new(96, 64, 7), &spec());
    let input = work.join("in.jpg");
    std::fs::write(&input, &jpeg).expect("write jpeg");
    let jxl = cjxl(&input, &["--lossless_jpeg=1"]);
    (jpeg, jxl)
}

/// The top-level boxes of a container: (type, body).
fn boxes(file: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 8 <= file.len() {
        let size = u32::from_be_bytes(file[i..i + 4].try_into().expect("4 bytes")) as usize;
        let kind: [u8; 4] = file[i + 4..i + 8].try_into().expect("4 bytes");
        let end = if size == 0 { file.len() } else { i + size };
        out.push((kind, file[i + 8..end].to_vec()));
        i = end;
    }
    out
}

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = u32::try_from(body.len() + 8).expect("small box").to_be_bytes().to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(body);
    b
}

fn pack(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        w.write_all(bytes).expect("compress");
    }
    out
}

fn unpack(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).expect("decompress");
    out
}

/// The same file with its EXIF stored `packed` (a `brob` box) or plain,
/// whichever way the installed cjxl wrote it.
fn with_exif_box(file: &[u8], packed: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, body) in boxes(file) {
        match (&kind, packed) {
            (b"Exif", true) => {
                let mut b = b"Exif".to_vec();
                b.extend(pack(&body));
                out.extend(boxed(b"brob", &b));
            }
            (b"brob", false) if body.starts_with(b"Exif") => out.extend(boxed(b"Exif", &unpack(&body[4..]))),
            _ => out.extend(boxed(&kind, &body)),
        }
    }
    out
}

fn scan(root: &Path) -> ScanReport {
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = ScanOptions { roots: vec![root.to_path_buf()], cache_dir: cache.path().to_path_buf() };
    recap::scan(&opts, &recap::progress::silent, &Cancel::new()).expect("scan runs")
}

fn photo<'a>(r: &'a ScanReport, name: &str) -> &'a PhotoMeta {
    r.photos
        .iter()
        .find(|p| p.path.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("{name} is not listed: {r:#?}"))
}

/// exiftool's numeric values for `path`.
fn exiftool(path: &Path) -> serde_json::Map<String, Value> {
    let out = Command::new("exiftool").args(["-j", "-n", "-G1"]).arg(path).output().expect("run exiftool");
    let all: Value = serde_json::from_slice(&out.stdout).expect("exiftool's JSON");
    all[0].as_object().cloned().expect("one file")
}

#[test]
fn container_jxl_reads_date_gps_orientation_make_and_model_as_exiftool_does() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let (_, jxl) = photo_and_jxl(work.path());
    let fx = Fixture::new();
    fx.file("Marie/IMG_0001.jxl", with_exif_box(&jxl, false));
    let r = scan(fx.root());
    let p = photo(&r, "IMG_0001.jxl");
    let oracle = exiftool(&fx.path("Marie/IMG_0001.jxl"));
    assert_eq!(p.format, Format::Jxl);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);

    let date = oracle["ExifIFD:DateTimeOriginal"].as_str().expect("exiftool reads the date");
    assert_eq!(p.datetime_original, Some(dt(date)));
    assert_eq!(p.offset_time_original.as_deref(), oracle["ExifIFD:OffsetTimeOriginal"].as_str());
    let g = p.gps.expect("GPS");
    // The signed position, with its N/S and E/W references applied.
    let (lat, lon) = (oracle["Composite:GPSLatitude"].as_f64(), oracle["Composite:GPSLongitude"].as_f64());
    assert!((g.lat - lat.expect("lat")).abs() < 1e-6 && (g.lon - lon.expect("lon")).abs() < 1e-6, "{g:?}");
    assert!(g.lon < 0.0, "west of Greenwich: {g:?}");
    assert_eq!(p.orientation.map(u64::from), oracle["IFD0:Orientation"].as_u64());
    assert_eq!(p.make.as_deref(), oracle["IFD0:Make"].as_str());
    assert_eq!(p.model.as_deref(), oracle["IFD0:Model"].as_str());
    // The stored size, before the quarter turn, as the codestream says it.
    assert_eq!((p.width, p.height), (Some(96), Some(64)));
    // And what the test asked for, so the oracle cannot agree on nothing.
    assert_eq!((p.datetime_original, p.orientation), (Some(dt("2017-06-05 10:32:07")), Some(6)));
}

#[test]
fn brotli_packed_exif_box_reads_the_same_as_the_plain_one() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let (_, jxl) = photo_and_jxl(work.path());
    let (plain, packed) = (with_exif_box(&jxl, false), with_exif_box(&jxl, true));
    assert!(boxes(&packed).iter().any(|(k, b)| k == b"brob" && b.starts_with(b"Exif")));
    let fx = Fixture::new();
    fx.file("Marie/plain.jxl", &plain).file("Marie/packed.jxl", &packed);
    let r = scan(fx.root());
    let (a, b) = (photo(&r, "plain.jxl"), photo(&r, "packed.jxl"));
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    assert_eq!(b.datetime_original, Some(dt("2017-06-05 10:32:07")));
    assert_eq!(
        (a.datetime_original, a.gps, a.orientation, &a.make, &a.model),
        (b.datetime_original, b.gps, b.orientation, &b.make, &b.model)
    );
}

#[test]
fn bare_codestream_is_listed_with_its_size_and_no_exif() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let png = work.path().join("in.png");
    synth::draw(&Picture::new(120, 80, 3)).save(&png).expect("write png");
    let fx = Fixture::new();
    fx.file("Marie/bare.jxl", cjxl(&png, &["--container=0", "-d", "1"]));
    assert!(std::fs::read(fx.path("Marie/bare.jxl")).expect("read").starts_with(&[0xFF, 0x0A]));
    let r = scan(fx.root());
    let p = photo(&r, "bare.jxl");
    let oracle = exiftool(&fx.path("Marie/bare.jxl"));
    assert_eq!(
        (p.width.map(u64::from), p.height.map(u64::from)),
        (oracle["File:ImageWidth"].as_u64(), oracle["File:ImageHeight"].as_u64())
    );
    assert_eq!((p.width, p.height), (Some(120), Some(80)));
    assert_eq!((p.datetime_original, p.make.as_deref()), (None, None));
}

/// `file` with the first box of type `kind` given `size` as its size field.
fn resized_box(file: &[u8], kind: &[u8; 4], size: u32) -> Vec<u8> {
    let mut out = file.to_vec();
    out[box_at(file, kind)..][..4].copy_from_slice(&size.to_be_bytes());
    out
}

/// Where the first top-level box of type `kind` starts.
fn box_at(file: &[u8], kind: &[u8; 4]) -> usize {
    let mut at = 0;
    for (k, body) in boxes(file) {
        if &k == kind {
            return at;
        }
        at += body.len() + 8;
    }
    panic!("no {kind:?} box")
}

#[test]
fn crafted_jxl_boxes_are_warned_or_skipped_never_a_panic() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let (_, jxl) = photo_and_jxl(work.path());
    let plain = with_exif_box(&jxl, false);
    // The real file with its Exif box replaced by `crafted`.
    let instead = |crafted: Vec<u8>| -> Vec<u8> {
        let mut out = Vec::new();
        for (kind, body) in boxes(&plain) {
            out.extend(if &kind == b"Exif" { crafted.clone() } else { boxed(&kind, &body) });
        }
        out
    };
    // 64 MiB of zeros behind a valid offset and TIFF header: a few KiB packed.
    let mut huge = b"\0\0\0\0MM\0*\0\0\0\x08".to_vec();
    huge.resize(64 << 20, 0);
    let bomb = instead(boxed(b"brob", &[&b"Exif"[..], &pack(&huge)].concat()));
    let inner = [&b"Exif"[..], &pack(b"\0\0\0\0II*\0\x08\0\0\0")].concat();
    let nested = instead(boxed(b"brob", &[&b"brob"[..], &pack(&boxed(b"brob", &inner))].concat()));
    let garbage = instead(boxed(b"brob", b"Exif\xde\xad\xbe\xef not brotli at all"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("size-zero-mid.jxl", resized_box(&plain, b"Exif", 0)),
        ("size-huge.jxl", resized_box(&plain, b"Exif", u32::MAX)),
        ("size-tiny.jxl", resized_box(&plain, b"Exif", 3)),
        ("cut-in-exif.jxl", plain[..box_at(&plain, b"Exif") + 48].to_vec()),
        ("brotli-bomb.jxl", bomb),
        ("nested-brob.jxl", nested),
        ("not-brotli.jxl", garbage),
        ("signature-only.jxl", plain[..12].to_vec()),
    ];
    let fx = Fixture::new();
    for (name, bytes) in &cases {
        fx.file(&format!("Marie/{name}"), bytes);
    }
    let r = scan(fx.root());
    assert_eq!(r.photos.len() + r.skipped.len(), cases.len(), "every file accounted for: {r:#?}");
    let warned = |name: &str, words: &str| {
        let p = photo(&r, name);
        assert!(p.warnings.iter().any(|w| w.contains(words)), "{name}: {:?}", p.warnings);
    };
    warned("brotli-bomb.jxl", "unpacks to more than");
    warned("not-brotli.jxl", "does not unpack");
    warned("size-tiny.jxl", "no valid size");
    warned("size-huge.jxl", "truncated");
    // A `brob` box may stand for any box but another `brob`: nothing is read from it.
    assert_eq!(photo(&r, "nested-brob.jxl").make, None);
    // None of them brings down a render either.
    let mut renderer = Renderer::new();
    for (name, _) in &cases {
        let path = fx.path(&format!("Marie/{name}"));
        let src = Source { path: &path, format: Format::Jxl, orientation: None };
        let _ = renderer.render(&src, &Spec::THUMB);
    }
}

fn psnr(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let mse = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2)).sum::<f64>()
        / a.as_raw().len() as f64;
    10.0 * (255.0f64.powi(2) / mse.max(1e-9)).log10()
}

fn render(path: &Path, meta: &PhotoMeta, fit: Fit) -> image::RgbImage {
    let src = Source { path, format: meta.format, orientation: meta.orientation };
    let out = Renderer::new().render(&src, &Spec { fit, quality: 95 }).expect("renders");
    image::load_from_memory(&out.jpeg).expect("a JPEG").into_rgb8()
}

#[test]
fn a_jxl_renders_upright_and_like_the_jpeg_it_was_made_from() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let (jpeg, jxl) = photo_and_jxl(work.path());
    let fx = Fixture::new();
    fx.file("Marie/a.jpg", &jpeg).file("Marie/a.jxl", &jxl);
    let r = scan(fx.root());
    let (from_jpeg, from_jxl): (PathBuf, PathBuf) = (fx.path("Marie/a.jpg"), fx.path("Marie/a.jxl"));
    let fit = Fit::LongEdge(48);
    let want = render(&from_jpeg, photo(&r, "a.jpg"), fit);
    let got = render(&from_jxl, photo(&r, "a.jxl"), fit);
    // Stored 96×64 with a quarter turn: shown 32×48, as the JPEG is.
    assert_eq!(got.dimensions(), (32, 48));
    let q = psnr(&want, &got);
    assert!(q > 30.0, "the JPEG XL's pixels are the JPEG's, PSNR {q:.1} dB");
}

#[test]
fn a_lossy_jxl_thumbnail_has_the_shape_and_colours_of_its_source() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let png = work.path().join("in.png");
    let picture = Picture::new(300, 200, 11);
    synth::draw(&picture).save(&png).expect("write png");
    let fx = Fixture::new();
    fx.file("Marie/lossy.jxl", cjxl(&png, &["-d", "1"])).file("Marie/source.png", std::fs::read(&png).expect("png"));
    let r = scan(fx.root());
    let got = render(&fx.path("Marie/lossy.jxl"), photo(&r, "lossy.jxl"), Fit::LongEdge(150));
    let want = render(&fx.path("Marie/source.png"), photo(&r, "source.png"), Fit::LongEdge(150));
    assert_eq!(got.dimensions(), (150, 100));
    let q = psnr(&want, &got);
    assert!(q > 28.0, "XYB decoded to sRGB, PSNR {q:.1} dB");
}

#[test]
fn a_jxl_larger_than_the_limits_is_refused_before_decoding() {
    if !tools() {
        return;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let (_, jxl) = photo_and_jxl(work.path());
    let path = work.path().join("a.jxl");
    std::fs::write(&path, jxl).expect("write");
    let src = Source { path: &path, format: Format::Jxl, orientation: None };
    let limits = Limits { max_pixels: 96 * 64 - 1, ..Limits::default() };
    let err = Renderer::with_limits(limits).render(&src, &Spec::THUMB).expect_err("too many pixels");
    assert_eq!(err.code(), "too_large", "{err}");
}
