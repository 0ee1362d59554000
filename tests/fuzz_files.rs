//! Property-based fuzzing of the two places where a photo's bytes meet
//! Recap's code: reading a file's metadata (`recap::scan::inspect`, the
//! scan's per-file read) and rendering it (`Renderer`). Stable Rust, so
//! proptest rather than cargo-fuzz.
//!
//! Inputs: random bytes behind each magic prefix Recap sniffs, structured
//! but lying containers (JPEG segments, TIFF IFDs, ISO boxes, PNG and RIFF
//! chunks with random length fields), and mutations (bit flips,
//! truncations, length fields overwritten, splices) of fixture JPEGs and of
//! the real files of `../shared/corpus/real-exif/` when it is there.
//!
//! Property: every input gives a photo or a clean skip/failure — never the
//! code `internal` (a panic caught by the per-file boundary) — and, on
//! Linux, resident memory grows by no more than a bound whatever the length
//! fields say.
//!
//! `RECAP_FUZZ_CASES` sets the render target's cases (default 2,000: about
//! 15 s in a debug build); the scan target runs four times as many (a few
//! seconds).

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use recap::render::{Fit, Limits, Renderer, Source, Spec};
use recap::scan::Sniffed;
use recap::synth::{self, ExifSpec, Picture};
use recap::Format;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// How much the resident memory of this process grew at its peak while
/// `work` ran (Linux: writing 5 to `/proc/self/clear_refs` resets the
/// high-water mark). Resident, not reserved: what a crafted length field
/// would really cost. The targets take turns ([`TURN`]) so that one's
/// memory is not counted against the other.
#[cfg(target_os = "linux")]
fn growth_during<T>(work: impl FnOnce() -> T) -> (T, Option<u64>) {
    fn kb(field: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = kb("VmRSS:");
    let out = work();
    let peak = kb("VmHWM:");
    let growth = if reset { peak.zip(before).map(|(p, b)| p.saturating_sub(b) * 1024) } else { None };
    (out, growth)
}

#[cfg(not(target_os = "linux"))]
fn growth_during<T>(work: impl FnOnce() -> T) -> (T, Option<u64>) {
    (work(), None)
}

static TURN: Mutex<()> = Mutex::new(());

/// Inputs are at most a few MB; a length field saying more must not make
/// the reader take it.
const SCAN_GROWTH_BOUND: u64 = 64 << 20;
/// Pixels the renderer under test accepts: every photo of the corpus.
const MAX_PIXELS: u64 = 24_000_000;
/// It decodes up to that limit (RGBA at most in the `image` crate, then
/// RGB), never what a header claims beyond it.
const RENDER_GROWTH_BOUND: u64 = MAX_PIXELS * 4 + MAX_PIXELS * 3 + (64 << 20);

fn cases() -> u32 {
    std::env::var("RECAP_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

/// `weight`: a case of the scan costs a tenth of a render's; it gets more.
fn config(weight: u32) -> Config {
    // No regression files written into the tree: a failure is turned into
    // a named test instead.
    Config { cases: cases().saturating_mul(weight), failure_persistence: None, ..Config::default() }
}

// ---- inputs -------------------------------------------------------------

/// Seed files: fixture JPEGs (with EXIF, GPS, a thumbnail-sized preview)
/// and the corpus' real files of at most 4 MB.
fn seeds() -> &'static [(String, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        let full = ExifSpec {
            datetime_original: Some(support::dt("2017-06-05 10:32:07")),
            subsec_ms: Some(250),
            offset_time_original: Some("+02:00".into()),
            gps: Some(support::gps(47.4637, -0.5970)),
            gps_utc: Some(support::dt("2017-06-05 08:32:07")),
            orientation: Some(6),
            make: Some("Apple".into()),
            model: Some("iPhone 7".into()),
            serial: Some("F17SX0ABC".into()),
            ..ExifSpec::default()
        };
        seeds.push(("jpg".into(), synth::jpeg(&Picture { width: 64, height: 48, seed: 1 }, &full)));
        seeds.push(("jpg".into(), synth::jpeg(&Picture { width: 120, height: 90, seed: 2 }, &ExifSpec::default())));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-exif");
        if !dir.is_dir() {
            eprintln!("SKIPPED (corpus part): {} is absent; fixture seeds only", dir.display());
            return seeds;
        }
        let mut files: Vec<PathBuf> = walk(&dir);
        files.sort();
        for f in files {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if ext == "json" || ext == "txt" || ext == "md" {
                continue;
            }
            let Ok(md) = std::fs::metadata(&f) else { continue };
            if md.len() == 0 || md.len() > 4 << 20 {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&f) {
                if !matches!(recap::scan::sniff(&bytes, &ext), Sniffed::Known(_)) {
                    continue;
                }
                seeds.push((ext, bytes));
            }
        }
        eprintln!("fuzz seeds: {} files", seeds.len());
        seeds
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: u32,
        bit: u8,
    },
    Truncate {
        at: u32,
    },
    /// A 2- or 4-byte field overwritten with an extreme or random value.
    Field {
        at: u32,
        value: u32,
        wide: bool,
        big_endian: bool,
    },
    Splice {
        from: usize,
        src_at: u32,
        len: u16,
        at: u32,
    },
    Insert {
        at: u32,
        bytes: Vec<u8>,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value =
        prop_oneof![Just(0u32), Just(1), Just(2), Just(0xFFFF), Just(0xFFFF_FFFF), Just(0x7FFF_FFFF), any::<u32>()];
    prop_oneof![
        3 => (any::<u32>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        1 => any::<u32>().prop_map(|at| Mutation::Truncate { at }),
        3 => (any::<u32>(), value, any::<bool>(), any::<bool>())
            .prop_map(|(at, value, wide, big_endian)| Mutation::Field { at, value, wide, big_endian }),
        1 => (any::<usize>(), any::<u32>(), any::<u16>(), any::<u32>())
            .prop_map(|(from, src_at, len, at)| Mutation::Splice { from, src_at, len, at }),
        1 => (any::<u32>(), proptest::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

/// Positions mostly in the head, where the structures are, sometimes anywhere.
fn pos(at: u32, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let span = if at.is_multiple_of(4) { len } else { len.min(4096) };
    at as usize % span
}

fn mutate(mut b: Vec<u8>, ops: &[Mutation]) -> Vec<u8> {
    for op in ops {
        match op {
            Mutation::Flip { at, bit } => {
                let i = pos(*at, b.len());
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << bit;
                }
            }
            Mutation::Truncate { at } => {
                let i = pos(*at, b.len());
                b.truncate(i);
            }
            Mutation::Field { at, value, wide, big_endian } => {
                let i = pos(*at, b.len());
                let bytes: Vec<u8> = match (wide, big_endian) {
                    (true, true) => value.to_be_bytes().to_vec(),
                    (true, false) => value.to_le_bytes().to_vec(),
                    (false, true) => (*value as u16).to_be_bytes().to_vec(),
                    (false, false) => (*value as u16).to_le_bytes().to_vec(),
                };
                for (k, v) in bytes.into_iter().enumerate() {
                    if let Some(x) = b.get_mut(i + k) {
                        *x = v;
                    }
                }
            }
            Mutation::Splice { from, src_at, len, at } => {
                let s = &seeds()[from % seeds().len()].1;
                let start = pos(*src_at, s.len());
                let piece = s[start..(start + *len as usize).min(s.len())].to_vec();
                let i = pos(*at, b.len());
                b.splice(i..(i + piece.len()).min(b.len()), piece);
            }
            Mutation::Insert { at, bytes } => {
                let i = pos(*at, b.len());
                b.splice(i..i, bytes.iter().copied());
            }
        }
    }
    b
}

/// A length or offset as a liar would write it.
fn length() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..64, Just(0xFFFF), Just(0xFFFF_FFFF), Just(0x8000_0000), any::<u32>(), 0u32..70_000]
}

fn jpeg_segments() -> impl Strategy<Value = Vec<u8>> {
    let marker =
        prop_oneof![Just(0xE0u8), Just(0xE1), Just(0xE2), Just(0xC4), Just(0xDB), Just(0xDA), Just(0xD9), any::<u8>()];
    let payload = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(b"Exif\0\0II*\0\x08\0\0\0".to_vec()),
        Just(b"Exif\0\0MM\0*\0\0\0\x08".to_vec()),
        Just(b"ICC_PROFILE\0\x01\x01".to_vec()),
    ];
    // A frame header, often cut short (the 68-byte NEF's was empty).
    let sof = (
        prop_oneof![Just(0xC0u8), Just(0xC1), Just(0xC2), Just(0xC3)],
        prop_oneof![Just(8u8), 0u8..=16],
        any::<u16>(),
        any::<u16>(),
        0u8..5,
        prop_oneof![0usize..=8, 9usize..24],
    )
        .prop_map(|(m, p, h, w, c, keep)| {
            let mut v = vec![p];
            v.extend_from_slice(&h.to_be_bytes());
            v.extend_from_slice(&w.to_be_bytes());
            v.push(c);
            v.extend(std::iter::repeat_n(0x11, 3 * c as usize));
            v.truncate(keep);
            (m, v)
        });
    let segment = (prop_oneof![(marker, payload), sof], 0u16..=0xFFFF, prop_oneof![3 => Just(true), 1 => Just(false)])
        .prop_map(|((m, payload), len, honest)| {
            let mut s = vec![0xFF, m];
            let len = if honest { (payload.len() + 2).min(0xFFFF) as u16 } else { len };
            s.extend_from_slice(&len.to_be_bytes());
            s.extend_from_slice(&payload);
            s
        });
    (proptest::collection::vec(segment, 0..8), proptest::collection::vec(any::<u8>(), 0..256)).prop_map(
        |(segs, tail)| {
            let mut b = vec![0xFF, 0xD8];
            for s in segs {
                b.extend(s);
            }
            b.extend(tail);
            b
        },
    )
}

fn tiff_file() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![
        Just(0x8769u16),
        Just(0x8825),
        Just(0xA005),
        Just(0x0132),
        Just(0x9003),
        Just(0x010F),
        Just(0x0112),
        Just(0x0201),
        Just(0x0202),
        Just(0x014A),
        any::<u16>()
    ];
    let entry = (tag, prop_oneof![1u16..=13, any::<u16>()], length(), length());
    let ifd = proptest::collection::vec(entry, 0..12);
    // After the IFDs: bytes, or the JPEG preview RAW files embed.
    let tail = prop_oneof![proptest::collection::vec(any::<u8>(), 0..512), jpeg_segments()];
    (any::<bool>(), proptest::collection::vec(ifd, 1..4), tail, 0u8..4).prop_map(|(big, ifds, tail, magic)| {
        let mut b: Vec<u8> = match (big, magic) {
            (_, 1) => b"IIRO".to_vec(),
            (_, 2) => b"IIU\0".to_vec(),
            (true, _) => b"MM\0*".to_vec(),
            (false, _) => b"II*\0".to_vec(),
        };
        let big = b.starts_with(b"MM");
        let u16b = |v: u16| if big { v.to_be_bytes() } else { v.to_le_bytes() };
        let u32b = |v: u32| if big { v.to_be_bytes() } else { v.to_le_bytes() };
        b.extend_from_slice(&u32b(8));
        let n = ifds.len();
        for (k, entries) in ifds.into_iter().enumerate() {
            b.extend_from_slice(&u16b(entries.len() as u16));
            for (tag, typ, cnt, val) in &entries {
                b.extend_from_slice(&u16b(*tag));
                b.extend_from_slice(&u16b(*typ));
                // Small counts mostly, so values point into the file.
                b.extend_from_slice(&u32b(if cnt % 3 == 0 { *cnt } else { cnt % 40 }));
                b.extend_from_slice(&u32b(if val % 2 == 0 { val % 1024 } else { *val }));
            }
            let next = if k + 1 < n { (b.len() + 4) as u32 } else { 0 };
            b.extend_from_slice(&u32b(next));
        }
        b.extend(tail);
        b
    })
}

fn iso_boxes() -> impl Strategy<Value = Vec<u8>> {
    let kind = prop_oneof![
        Just(*b"meta"),
        Just(*b"iinf"),
        Just(*b"iloc"),
        Just(*b"idat"),
        Just(*b"infe"),
        Just(*b"moov"),
        Just(*b"mvhd"),
        Just(*b"mdat"),
        Just(*b"uuid"),
        Just(*b"CMT1"),
        Just(*b"ispe"),
        Just(*b"iprp"),
        Just(*b"ipco")
    ];
    let one = (
        kind,
        prop_oneof![Just(0u32), Just(1), length()],
        proptest::collection::vec(any::<u8>(), 0..96),
        any::<bool>(),
        // A 64-bit size near the top of the range (positions overflowed there).
        prop_oneof![Just(u64::MAX), (0u64..64).prop_map(|d| u64::MAX - d), any::<u64>(), 0u64..4096],
    )
        .prop_map(|(kind, size, body, honest, large)| {
            let mut b = Vec::new();
            let size = if honest { (body.len() + 8) as u32 } else { size };
            b.extend_from_slice(&size.to_be_bytes());
            b.extend_from_slice(&kind);
            if size == 1 {
                b.extend_from_slice(&large.to_be_bytes());
            }
            b.extend(body);
            b
        });
    let brand =
        prop_oneof![Just(*b"heic"), Just(*b"mif1"), Just(*b"avif"), Just(*b"crx "), Just(*b"qt  "), Just(*b"isom")];
    (brand, proptest::collection::vec(one, 0..8)).prop_map(|(brand, boxes)| {
        let mut b = b"\0\0\0\x18ftyp".to_vec();
        b.extend_from_slice(&brand);
        b.extend_from_slice(b"\0\0\0\0mif1");
        b.extend_from_slice(&brand);
        for x in boxes {
            b.extend(x);
        }
        b
    })
}

fn chunks(png: bool) -> impl Strategy<Value = Vec<u8>> {
    let kind = if png {
        prop_oneof![Just(*b"IHDR"), Just(*b"eXIf"), Just(*b"IDAT"), Just(*b"iCCP"), Just(*b"IEND"), Just(*b"tEXt")]
            .boxed()
    } else {
        prop_oneof![Just(*b"VP8 "), Just(*b"VP8L"), Just(*b"VP8X"), Just(*b"EXIF"), Just(*b"ICCP"), Just(*b"XMP ")]
            .boxed()
    };
    let one = (kind, length(), proptest::collection::vec(any::<u8>(), 0..64), any::<bool>()).prop_map(
        move |(kind, len, body, honest)| {
            let len = if honest { body.len() as u32 } else { len };
            let mut b = Vec::new();
            if png {
                b.extend_from_slice(&len.to_be_bytes());
                b.extend_from_slice(&kind);
                b.extend(body);
                b.extend_from_slice(&[0, 0, 0, 0]);
            } else {
                b.extend_from_slice(&kind);
                b.extend_from_slice(&len.to_le_bytes());
                b.extend(body);
            }
            b
        },
    );
    (proptest::collection::vec(one, 0..6), length()).prop_map(move |(parts, riff_len)| {
        let mut b = if png { b"\x89PNG\r\n\x1a\n".to_vec() } else { b"RIFF".to_vec() };
        if !png {
            b.extend_from_slice(&riff_len.to_le_bytes());
            b.extend_from_slice(b"WEBP");
        }
        for p in parts {
            b.extend(p);
        }
        b
    })
}

/// Random bytes behind a magic prefix Recap recognises.
fn prefixed() -> impl Strategy<Value = Vec<u8>> {
    let magic = prop_oneof![
        Just(b"\xFF\xD8\xFF".to_vec()),
        Just(b"II*\0".to_vec()),
        Just(b"MM\0*".to_vec()),
        Just(b"IIRO".to_vec()),
        Just(b"IIU\0".to_vec()),
        Just(b"FUJIFILMCCD-RAW ".to_vec()),
        Just(b"\0\0\0\x18ftypheic".to_vec()),
        Just(b"\0\0\0\x18ftypcrx ".to_vec()),
        Just(b"\0\0\0\x14ftypqt  ".to_vec()),
        Just(b"\x89PNG\r\n\x1a\n".to_vec()),
        Just(b"RIFF\0\0\0\0WEBP".to_vec()),
        Just(b"FOVb".to_vec()),
        Just(b"\0MRM".to_vec()),
    ];
    (magic, proptest::collection::vec(any::<u8>(), 0..2048)).prop_map(|(mut m, rest)| {
        m.extend(rest);
        m
    })
}

/// Any input: crafted, structured, or a mutated seed.
fn input() -> impl Strategy<Value = (String, Vec<u8>)> {
    let ext = prop_oneof![Just("jpg"), Just("nef"), Just("dng"), Just("cr2"), Just("heic"), Just("png"), Just("tif")];
    let crafted =
        (ext, prop_oneof![prefixed(), jpeg_segments(), tiff_file(), iso_boxes(), chunks(true), chunks(false)])
            .prop_map(|(e, b)| (e.to_string(), b));
    let mutated = (any::<usize>(), proptest::collection::vec(mutation(), 1..6)).prop_map(|(i, ops)| {
        let (ext, seed) = &seeds()[i % seeds().len()];
        (ext.clone(), mutate(seed.clone(), &ops))
    });
    prop_oneof![crafted, mutated]
}

// ---- targets ------------------------------------------------------------

fn write(dir: &Path, n: &std::cell::Cell<u64>, ext: &str, bytes: &[u8]) -> PathBuf {
    n.set(n.get() + 1);
    let p = dir.join(format!("case{}.{ext}", n.get()));
    std::fs::write(&p, bytes).expect("write the case");
    p
}

fn run(name: &str, weight: u32, check: impl Fn(&Path, &str, &[u8]) -> Result<(), TestCaseError>) {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let n = std::cell::Cell::new(0u64);
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(config(weight));
    let result = runner.run(&input(), |(ext, bytes)| {
        let path = write(dir.path(), &n, &ext, &bytes);
        let r = check(&path, &ext, &bytes);
        let _ = std::fs::remove_file(&path);
        r
    });
    eprintln!("{name}: {} inputs in {:.1} s", n.get(), started.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn fuzz_scan_any_file() {
    run("scan", 4, |path, _, bytes| {
        let (read, growth) = growth_during(|| recap::scan::inspect(path));
        if let Err(s) = &read {
            prop_assert_ne!(&s.code, "internal", "{} ({} bytes): {}", path.display(), bytes.len(), s.reason);
            prop_assert!(!s.reason.is_empty());
        }
        if let Some(g) = growth {
            prop_assert!(g <= SCAN_GROWTH_BOUND, "memory grew by {} bytes for a {}-byte file", g, bytes.len());
        }
        Ok(())
    });
}

#[test]
fn fuzz_render_any_file() {
    let limits = Limits { max_pixels: MAX_PIXELS, ..Limits::default() };
    let renderer = std::cell::RefCell::new(Renderer::with_limits(limits));
    run("render", 1, |path, ext, bytes| {
        // The format the scan would give it, else the one its name claims
        // (the decoders then see bytes that are not theirs).
        let format = match recap::scan::sniff(bytes, ext) {
            Sniffed::Known(f) => f,
            _ => Format::from_name(ext).unwrap_or(Format::Jpeg),
        };
        if format.kind() == recap::MediaKind::Video {
            return Ok(());
        }
        let src = Source { path, format, orientation: Some(6) };
        let r = &mut *renderer.borrow_mut();
        let ((thumb, cover, placeholder), growth) = growth_during(|| {
            (
                r.render(&src, &Spec::THUMB).map(|x| x.width),
                r.pixels(&src, Fit::Cover { width: 64, height: 80 }).map(|x| x.width),
                r.placeholder(&src).map(|x| x.is_some()),
            )
        });
        for e in [thumb.err(), cover.err(), placeholder.err()].into_iter().flatten() {
            prop_assert_ne!(e.code(), "internal", "{} ({} bytes): {}", path.display(), bytes.len(), e);
        }
        if let Some(g) = growth {
            prop_assert!(g <= RENDER_GROWTH_BOUND, "memory grew by {} bytes for a {}-byte file", g, bytes.len());
        }
        Ok(())
    });
}
