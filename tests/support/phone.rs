//! Phone-realistic files for the benches (issue 16): what a delegation's
//! phones really hand in, at full size. iPhones' HEIC (HEVC through
//! libheif-examples' `heif-enc`, EXIF, a 320 px thumbnail item), Android
//! phones' 12 MP JPEGs with an EXIF IFD1 thumbnail and an MPF preview after
//! the primary image, and a camera's RAW (a TIFF with EXIF, a sensor strip
//! and its embedded JPEG preview); and a mission shaped like the real one:
//! 27 participants, mostly HEIC, some JPEG, a few RAW, in bursts and single
//! shots over eight days.

use super::scenes::{self, Shot};
use chrono::{NaiveDate, NaiveDateTime};
use exif::{Field, In, Tag, Value};
use image::RgbImage;
use recap::synth::{self, ExifSpec};
use recap::Gps;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A 12 MP phone sensor, landscape.
pub const TWELVE_MP: (u32, u32) = (4032, 3024);

/// What a participant's device writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// iPhone: HEIC with a 320 px thumbnail item.
    Heic,
    /// Android or a camera's JPEG: IFD1 thumbnail and an MPF preview.
    Jpeg,
    /// A camera's NEF: TIFF, sensor strip, embedded JPEG preview.
    Raw,
}

/// Android's preview sizes (Samsung writes 512×384 in IFD1 and a
/// 1920×1440 MPF "large thumbnail").
pub const IFD1_THUMB: (u32, u32) = (512, 384);
pub const MPF_PREVIEW: (u32, u32) = (1920, 1440);

/// A 12 MP-class JPEG as an Android phone writes it: EXIF with a 512×384
/// thumbnail in IFD1 (smaller if the segment would overflow 64 KiB), and an
/// MPF index (APP2) naming a `MPF_PREVIEW` JPEG appended after the primary
/// image's EOI. Both previews have the image's shape (fitted in those
/// boxes): Recap refuses a preview of another shape as stale.
pub fn android_jpeg(img: &RgbImage, exif: &ExifSpec) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let primary = scenes::encode_turbo(img, 92);
    // The thumbnail has to fit the APP1 segment with the tags.
    let mut thumb = Vec::new();
    for (q, div) in [(80, 1), (60, 1), (70, 2)] {
        let (tw, th) = fit((w, h), IFD1_THUMB.0.max(IFD1_THUMB.1) / div);
        thumb = scenes::encode_turbo(&shrink(img, tw, th), q);
        if thumb.len() < 60_000 {
            break;
        }
    }
    let with_exif = synth::with_exif(&primary, &ExifSpec { thumbnail: Some(thumb), ..exif.clone() }, w, h);
    let (pw, ph) = fit((w, h), MPF_PREVIEW.0.max(MPF_PREVIEW.1));
    let preview = scenes::encode_turbo(&shrink(img, pw, ph), 85);
    with_mpf(&with_exif, &preview)
}

/// `jpeg` with an MPF APP2 segment after its first APP segment, and
/// `preview` appended: offsets as CIPA DC-007 says, relative to the MPF
/// header's TIFF byte order mark; sizes of whole JPEG streams.
pub fn with_mpf(jpeg: &[u8], preview: &[u8]) -> Vec<u8> {
    // After SOI and the APP1 synth::with_exif put first.
    let app1_len = usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    let at = 4 + app1_len;
    // "MPF\0", TIFF header (8), IFD count (2), 3 entries (36), next IFD (4),
    // two MP entries (32).
    let body_len = 4 + 8 + 2 + 36 + 4 + 32;
    let segment_len = 4 + body_len;
    let primary_len = jpeg.len() + segment_len;
    let header_pos = at + 4 + 4;
    let ifd_end = 8 + 2 + 36 + 4;
    let mut seg = Vec::with_capacity(segment_len);
    seg.extend_from_slice(&[0xFF, 0xE2]);
    seg.extend_from_slice(&u16::try_from(2 + body_len).expect("small").to_be_bytes());
    seg.extend_from_slice(b"MPF\0");
    seg.extend_from_slice(b"II*\0");
    seg.extend_from_slice(&8u32.to_le_bytes());
    seg.extend_from_slice(&3u16.to_le_bytes());
    let entry = |seg: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        seg.extend_from_slice(&tag.to_le_bytes());
        seg.extend_from_slice(&kind.to_le_bytes());
        seg.extend_from_slice(&count.to_le_bytes());
        seg.extend_from_slice(&value);
    };
    entry(&mut seg, 0xB000, 7, 4, *b"0100"); // MPFVersion
    entry(&mut seg, 0xB001, 4, 1, 2u32.to_le_bytes()); // NumberOfImages
    entry(&mut seg, 0xB002, 7, 32, (ifd_end as u32).to_le_bytes()); // MPEntry
    seg.extend_from_slice(&0u32.to_le_bytes());
    // Primary: baseline, representative image; offset 0 by definition.
    seg.extend_from_slice(&0x2003_0000u32.to_le_bytes());
    seg.extend_from_slice(&(primary_len as u32).to_le_bytes());
    seg.extend_from_slice(&0u32.to_le_bytes());
    seg.extend_from_slice(&[0; 4]);
    // Large thumbnail, full-HD class.
    seg.extend_from_slice(&0x0001_0002u32.to_le_bytes());
    seg.extend_from_slice(&(preview.len() as u32).to_le_bytes());
    seg.extend_from_slice(&((primary_len - header_pos) as u32).to_le_bytes());
    seg.extend_from_slice(&[0; 4]);
    debug_assert_eq!(seg.len(), segment_len);
    let mut out = Vec::with_capacity(primary_len + preview.len());
    out.extend_from_slice(&jpeg[..at]);
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpeg[at..]);
    out.extend_from_slice(preview);
    out
}

/// An iPhone-like HEIC of `img` through `heif-enc` (libheif-examples): EXIF
/// copied from the JPEG it is given, a 320 px thumbnail item. `scratch` is
/// a folder for the intermediate JPEG.
pub fn iphone_heic(img: &RgbImage, exif: &ExifSpec, scratch: &Path, out: &Path) -> Result<(), String> {
    let (w, h) = img.dimensions();
    let tmp = scratch.join(format!("{}.jpg", out.file_stem().and_then(|s| s.to_str()).unwrap_or("heic")));
    std::fs::write(&tmp, synth::with_exif(&scenes::encode_turbo(img, 95), exif, w, h)).map_err(|e| e.to_string())?;
    let run = Command::new("heif-enc")
        .args(["-q", "50", "-t", "320", "-p", "preset=ultrafast", "-o"])
        .arg(out)
        .arg(&tmp)
        .output();
    let _ = std::fs::remove_file(&tmp);
    match run {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("heif-enc failed: {}", String::from_utf8_lossy(&o.stderr))),
        Err(e) => Err(format!("heif-enc not found ({e}): install libheif-examples (scripts/setup.sh)")),
    }
}

/// A NEF-like RAW: TIFF (EXIF in IFD0/Exif IFD), a sensor strip of `raw_bytes`
/// incompressible bytes (no 0xFF, so no false JPEG marker) and a JPEG
/// preview of the whole frame at `preview_edge` px in IFD1, as cameras embed.
pub fn camera_raw(img: &RgbImage, exif: &ExifSpec, preview_edge: u32, raw_bytes: usize) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let (pw, ph) = fit((w, h), preview_edge);
    let preview = scenes::encode_turbo(&shrink(img, pw, ph), 90);
    let mut sensor = vec![0u8; raw_bytes];
    let mut state = 0x2545_F491_4F6C_DD1Du64 ^ u64::from(w);
    for b in sensor.iter_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *b = (state & 0x7F) as u8;
    }
    let ascii = |tag, s: &str| Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.as_bytes().to_vec()]) };
    let mut fields = vec![
        ascii(Tag::Make, exif.make.as_deref().unwrap_or("NIKON CORPORATION")),
        ascii(Tag::Model, exif.model.as_deref().unwrap_or("NIKON D5300")),
        Field { tag: Tag::ImageWidth, ifd_num: In::PRIMARY, value: Value::Long(vec![w]) },
        Field { tag: Tag::ImageLength, ifd_num: In::PRIMARY, value: Value::Long(vec![h]) },
        Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![exif.orientation.unwrap_or(1)]) },
    ];
    if let Some(t) = exif.datetime_original {
        fields.push(ascii(Tag::DateTimeOriginal, &t.format("%Y:%m:%d %H:%M:%S").to_string()));
    }
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let strips: [&[u8]; 1] = [&sensor];
    writer.set_strips(&strips, In::PRIMARY);
    writer.set_jpeg(&preview, In::THUMBNAIL);
    let mut buf = std::io::Cursor::new(Vec::new());
    writer.write(&mut buf, true).expect("kamadak-exif writes well-formed fields to memory");
    buf.into_inner()
}

/// `size` scaled so that its longer side is `edge`, its shape kept.
pub fn fit(size: (u32, u32), edge: u32) -> (u32, u32) {
    let (w, h) = size;
    let s = f64::from(edge) / f64::from(w.max(h).max(1));
    (((f64::from(w) * s).round() as u32).max(1), ((f64::from(h) * s).round() as u32).max(1))
}

/// Triangle filter to exactly `tw` × `th`.
pub fn shrink(img: &RgbImage, tw: u32, th: u32) -> RgbImage {
    image::imageops::resize(img, tw.max(1), th.max(1), image::imageops::FilterType::Triangle)
}

/// One photo of the mission.
#[derive(Debug, Clone)]
pub struct Planned {
    pub participant: usize,
    pub kind: Kind,
    pub scene: u64,
    /// Index in its burst (0 for a single shot).
    pub shot: u64,
    pub taken: NaiveDateTime,
    pub rel_path: PathBuf,
}

/// Participants 0–20 carry iPhones (HEIC), 21–24 Android phones (JPEG), 25
/// and 26 cameras (JPEG, every third shot a RAW): about 78 % HEIC, 20 %
/// JPEG, 2 % RAW, like the real mission.
pub fn device(participant: usize) -> (Kind, &'static str, &'static str) {
    match participant {
        0..=20 => (Kind::Heic, "Apple", ["iPhone 12", "iPhone 13", "iPhone 14 Pro", "iPhone 15"][participant % 4]),
        21..=24 => (Kind::Jpeg, "samsung", ["SM-S911W", "SM-G991W", "Pixel 7", "SM-A546W"][participant - 21]),
        _ => (Kind::Jpeg, "NIKON CORPORATION", "NIKON D5300"),
    }
}

/// `n` photos from 27 participants over eight days from 4 June 2017:
/// about one every 40 s through 12-hour days, a third of the scenes in
/// bursts of 3–5.
pub fn mission_plan(n: usize) -> Vec<Planned> {
    let start = NaiveDate::from_ymd_opt(2017, 6, 4).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("date");
    let mut plan = Vec::with_capacity(n);
    let (mut s, mut t) = (0u64, 0f64);
    while plan.len() < n {
        s += 1;
        let who = (s * 7 % 27) as usize;
        t += 20.0 + (s * 37 % 40) as f64;
        if t % 86_400.0 > 43_200.0 {
            t += 43_200.0;
        }
        let shots = if s % 3 == 0 { 3 + s % 3 } else { 1 };
        for k in 0..shots {
            let (mut kind, _, _) = device(who);
            if who >= 25 && s % 3 == 1 {
                kind = Kind::Raw;
            }
            let i = plan.len();
            let name = match kind {
                Kind::Heic => format!("IMG_{i:05}.HEIC"),
                Kind::Jpeg => format!("IMG_{i:05}.jpg"),
                Kind::Raw => format!("DSC_{i:05}.NEF"),
            };
            let taken = start + chrono::Duration::milliseconds(((t + 0.6 * k as f64) * 1000.0) as i64);
            plan.push(Planned {
                participant: who,
                kind,
                scene: s,
                shot: k,
                taken,
                rel_path: PathBuf::from(format!("Participant {:02}", who + 1)).join(name),
            });
        }
    }
    plan.truncate(n);
    plan
}

/// Writes one planned photo under `root` at `size` (scratch: a folder for
/// `heif-enc`'s input). The first four days in Angers, then Nantes.
pub fn write(root: &Path, scratch: &Path, p: &Planned, size: (u32, u32)) -> Result<(), String> {
    let shot = Shot {
        scene: p.scene,
        dx: 0.004 * p.shot as f32,
        dy: 0.0,
        gain: 1.0 + 0.03 * p.shot as f32,
        grain: p.scene * 8 + p.shot,
    };
    let img = scenes::natural_scene(size.0, size.1, &shot);
    let (_, make, model) = device(p.participant);
    let nantes = p.taken.date() >= NaiveDate::from_ymd_opt(2017, 6, 8).expect("date");
    let gps = if nantes {
        Gps { lat: 47.2184, lon: -1.5536, alt: None }
    } else {
        Gps { lat: 47.4784, lon: -0.5632, alt: None }
    };
    let exif = ExifSpec {
        datetime_original: Some(p.taken),
        subsec_ms: Some((p.taken.and_utc().timestamp_subsec_millis()) as u16),
        offset_time_original: Some("+02:00".into()),
        // Cameras have no GPS.
        gps: (p.participant < 25).then_some(gps),
        make: Some(make.into()),
        model: Some(model.into()),
        orientation: Some(1),
        ..ExifSpec::default()
    };
    let out = root.join(&p.rel_path);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    match p.kind {
        Kind::Heic => iphone_heic(&img, &exif, scratch, &out),
        Kind::Jpeg => std::fs::write(&out, android_jpeg(&img, &exif)).map_err(|e| e.to_string()),
        Kind::Raw => std::fs::write(&out, camera_raw(&img, &exif, 1620, 4 << 20)).map_err(|e| e.to_string()),
    }
}

/// The EXIF date-time `t` is written as, in every format here.
pub fn exif_stamp(t: NaiveDateTime) -> String {
    t.format("%Y:%m:%d %H:%M:%S").to_string()
}

/// A copy of a generated photo of `kind` as another shot taken at `new`:
/// every EXIF date-time `old` rewritten in place (same length, so no offset
/// moves), then `pad` bytes appended where the format ignores them (a
/// `free` box after a HEIC's last box, zeros after a JPEG's last EOI or a
/// TIFF's last strip). Encoding 10,000 12 MP HEICs takes hours; copying a
/// few hundred takes minutes. The padding keeps copies from sharing a byte
/// size, which real phones' files rarely do and which would make curation
/// hash whole files looking for exact duplicates. Returns the copy and how
/// many stamps were rewritten.
pub fn restamped_copy(
    bytes: &[u8],
    kind: Kind,
    old: NaiveDateTime,
    new: NaiveDateTime,
    pad: usize,
) -> (Vec<u8>, usize) {
    let (old, new) = (exif_stamp(old), exif_stamp(new));
    let mut out = Vec::with_capacity(bytes.len() + pad + 8);
    out.extend_from_slice(bytes);
    let hits: Vec<usize> = memchr::memmem::find_iter(bytes, old.as_bytes()).collect();
    for &at in &hits {
        out[at..at + new.len()].copy_from_slice(new.as_bytes());
    }
    if pad > 0 {
        if kind == Kind::Heic {
            // ISO BMFF: a box is a 32-bit size (itself included) and a type.
            let size = u32::try_from(pad + 8).expect("padding under 4 GiB");
            out.extend_from_slice(&size.to_be_bytes());
            out.extend_from_slice(b"free");
        }
        out.resize(out.len() + pad, 0);
    }
    (out, hits.len())
}
