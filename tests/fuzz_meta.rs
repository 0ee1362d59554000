//! Property test of the metadata writer (`recap::export::meta`) on JPEGs
//! whose APP1 EXIF block is mutated: bit flips, overwritten length, offset
//! and count fields, truncations, and a corrupted segment length. Seeds are
//! fixture JPEGs (with a thumbnail, GPS, a camera's tags) and the JPEGs of
//! `../shared/corpus/real-exif/` when it is there.
//!
//! Property: the writer returns (a file or an error) within a time bound,
//! never panics; when it succeeds, the image data is byte for byte the
//! input's and the EXIF block it wrote passes Recap's own structure check.
//!
//! `RECAP_FUZZ_CASES` sets the case count (default 300: about a second).

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use recap::export::meta::{self, Camera, GpsEdit, Tags, TimeEdit};
use recap::synth::{self, ExifSpec, Picture};
use std::cell::Cell;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

fn cases() -> u32 {
    std::env::var("RECAP_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

/// Far above what one write takes (milliseconds): only a loop gets there.
const HANG: Duration = Duration::from_secs(20);

/// Seeds that have an APP1 EXIF block.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let thumb = synth::jpeg(&Picture::new(160, 120, 3), &ExifSpec::default());
    let full = ExifSpec {
        thumbnail: Some(thumb),
        orientation: Some(6),
        ..support::iphone("2017-06-05 10:32:00", "+02:00", 47.4637, -0.597)
    };
    let mut seeds = vec![
        ("iphone+thumbnail".to_string(), synth::jpeg(&Picture::new(320, 240, 1), &full)),
        ("camera".to_string(), synth::jpeg(&Picture::new(96, 64, 2), &support::camera("2017-06-05 10:32:00"))),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-exif");
    if !dir.is_dir() {
        eprintln!("SKIPPED (corpus part): {} is absent; fixture seeds only", dir.display());
        return seeds;
    }
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "jpg" | "jpeg"))
        })
        .collect();
    files.sort();
    for f in files {
        if let Ok(bytes) = std::fs::read(&f) {
            if exif_range(&bytes).is_some() {
                seeds.push((f.strip_prefix(&dir).unwrap_or(&f).display().to_string(), bytes));
            }
        }
    }
    seeds
}

/// The byte range of the first APP1 EXIF segment's contents (after
/// "Exif\0\0"), and the offset of its length field.
fn exif_range(jpeg: &[u8]) -> Option<(usize, std::ops::Range<usize>)> {
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xff && jpeg[i + 1] != 0xda {
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        let end = (i + 2 + len).min(jpeg.len());
        if jpeg[i + 1] == 0xe1 && jpeg.get(i + 4..i + 10) == Some(b"Exif\0\0") {
            return Some((i + 2, i + 10..end));
        }
        i += 2 + len;
    }
    None
}

/// Everything from the SOS segment on, found by a strict segment walk.
fn scan_data(jpeg: &[u8]) -> Option<&[u8]> {
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xff {
        if jpeg[i + 1] == 0xda {
            return Some(&jpeg[i..]);
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    None
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Flip bit `bit` of the byte at this fraction of the EXIF block.
    Flip(f64, u8),
    /// Overwrite 2 or 4 bytes at this fraction of the block.
    Field(f64, bool, u32),
    /// Cut the file at this fraction of the block.
    Truncate(f64),
    /// A new length for the APP1 segment.
    SegmentLength(u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        Just(0u32),
        Just(1),
        Just(8),
        Just(0xffff),
        Just(0xffff_ffff),
        Just(0x7fff_ffff),
        any::<u32>(),
        0u32..70_000,
    ];
    prop_oneof![
        6 => (0.0..1.0f64, 0u8..8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        6 => (0.0..1.0f64, any::<bool>(), value).prop_map(|(at, wide, v)| Mutation::Field(at, wide, v)),
        1 => (0.0..1.0f64).prop_map(Mutation::Truncate),
        1 => any::<u16>().prop_map(Mutation::SegmentLength),
    ]
}

fn apply(jpeg: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let Some((len_at, range)) = exif_range(jpeg) else { return out };
    let at = |f: f64| range.start + ((range.len().saturating_sub(1)) as f64 * f) as usize;
    for m in mutations {
        match *m {
            Mutation::Flip(f, bit) => {
                let i = at(f);
                if i < out.len() {
                    out[i] ^= 1 << bit;
                }
            }
            Mutation::Field(f, wide, v) => {
                let i = at(f);
                let bytes: Vec<u8> = if wide { v.to_le_bytes().to_vec() } else { (v as u16).to_le_bytes().to_vec() };
                for (k, b) in bytes.into_iter().enumerate() {
                    if let Some(slot) = out.get_mut(i + k) {
                        *slot = b;
                    }
                }
            }
            Mutation::Truncate(f) => out.truncate(at(f)),
            Mutation::SegmentLength(n) => {
                if len_at + 2 <= out.len() {
                    out[len_at..len_at + 2].copy_from_slice(&n.to_be_bytes());
                }
            }
        }
    }
    out
}

fn tags() -> Tags {
    Tags {
        title: "Matinée".into(),
        description: "L’équipe à l’Hôtel de ville".into(),
        creator: "Étienne L.".into(),
        credit: "Photo\u{a0}: Étienne L.".into(),
        rights: "© 2017 Étienne L.".into(),
        gps: GpsEdit::Fill(recap::Gps { lat: 47.4637, lon: -0.597, alt: None }),
        time: Some(TimeEdit { local: support::dt("2017-06-05 10:32:00"), offset: "+02:00".into() }),
        srgb: false,
    }
}

/// The writer on another thread, so a loop is reported as one rather than
/// hanging the suite.
fn write_bounded(input: Vec<u8>) -> Result<Result<meta::Written, String>, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let camera = Camera { make: Some("Apple".into()), model: None, orientation: Some(1), gps: None };
        let r = std::panic::catch_unwind(|| meta::write_with(&input, &tags(), &camera).map_err(|e| e.to_string()));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(HANG) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err(TestCaseError::fail("the metadata writer panicked")),
        Err(_) => Err(TestCaseError::fail(format!("the metadata writer did not return within {HANG:?}"))),
    }
}

#[test]
fn metadata_writer_on_mutated_exif_never_panics_or_hangs_and_keeps_the_image_data() {
    let seeds = seeds();
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let n = seeds.len();
    let (ok, rebuilt, refused) = (Cell::new(0u32), Cell::new(0u32), Cell::new(0u32));
    let result = runner.run(&(0..n, prop::collection::vec(mutation(), 1..6)), |(seed, mutations)| {
        let (name, original) = &seeds[seed];
        let input = apply(original, &mutations);
        match write_bounded(input.clone())? {
            Ok(w) => {
                ok.set(ok.get() + 1);
                rebuilt.set(rebuilt.get() + u32::from(w.exif_rebuilt));
                if let Some(data) = scan_data(&input) {
                    prop_assert_eq!(scan_data(&w.bytes), Some(data), "{}: image data changed", name);
                }
                let exif = exif_range(&w.bytes).map(|(_, r)| &w.bytes[r]);
                prop_assert!(exif.is_some_and(meta::tiff_is_sound), "{}: the EXIF written is not sound", name);
            }
            Err(_) => refused.set(refused.get() + 1),
        }
        Ok(())
    });
    eprintln!(
        "{} cases over {n} seeds: {} written ({} with a rebuilt EXIF block), {} refused with an error",
        cases(),
        ok.get(),
        rebuilt.get(),
        refused.get()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
