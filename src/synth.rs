//! Synthetic photos: real JPEG files with chosen EXIF, drawn by Recap's own
//! code. What the built-in demo mission needs, and no more: it ships in the
//! app. The test suite's other generators (natural scenes with grain,
//! messaging copies, the labelled curation set, crowds of metadata) live in
//! `tests/support/`, which benches include too.

use crate::model::{Format, Gps};
use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, RgbImage};

/// The EXIF a synthetic photo carries. `None` fields are not written.
#[derive(Debug, Clone, Default)]
pub struct ExifSpec {
    pub datetime_original: Option<NaiveDateTime>,
    pub subsec_ms: Option<u16>,
    pub offset_time_original: Option<String>,
    pub create_date: Option<NaiveDateTime>,
    pub offset_time: Option<String>,
    pub gps: Option<Gps>,
    pub gps_utc: Option<NaiveDateTime>,
    pub orientation: Option<u16>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// A JPEG thumbnail for IFD1, as phones and cameras write one.
    pub thumbnail: Option<Vec<u8>>,
}

impl ExifSpec {
    /// True when nothing would be written (a stripped messaging-app copy).
    pub fn is_empty(&self) -> bool {
        self.datetime_original.is_none()
            && self.subsec_ms.is_none()
            && self.offset_time_original.is_none()
            && self.create_date.is_none()
            && self.offset_time.is_none()
            && self.gps.is_none()
            && self.gps_utc.is_none()
            && self.orientation.is_none()
            && self.make.is_none()
            && self.model.is_none()
            && self.serial.is_none()
            && self.thumbnail.is_none()
    }
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// Seeds the drawing so that different photos look different.
    pub seed: u64,
}

impl Default for Picture {
    fn default() -> Self {
        Picture { width: 64, height: 48, seed: 0 }
    }
}

impl Picture {
    pub fn new(width: u32, height: u32, seed: u64) -> Self {
        Picture { width, height, seed }
    }
}

/// JPEG quality used for every synthetic photo.
pub const QUALITY: u8 = 80;

/// Encodes `picture` as a baseline JPEG carrying `exif`.
pub fn jpeg(picture: &Picture, exif: &ExifSpec) -> Vec<u8> {
    jpeg_with_quality(picture, exif, QUALITY)
}

/// [`jpeg`] with another quality (1–100): messaging apps recompress harder.
pub fn jpeg_with_quality(picture: &Picture, exif: &ExifSpec, quality: u8) -> Vec<u8> {
    jpeg_from_pixels(&stored_pixels(picture, exif.orientation), exif, quality)
}

/// Draws the scene `picture` describes: a deterministic function of its seed.
pub fn draw(picture: &Picture) -> RgbImage {
    paint_scene(picture.width.max(1), picture.height.max(1), picture.seed)
}

/// The pixels as a camera stores them: `picture` gives the stored size, and
/// the scene is drawn so that applying `orientation` shows it upright (a
/// phone held in portrait stores a sideways landscape frame plus tag 6).
pub fn stored_pixels(picture: &Picture, orientation: Option<u16>) -> RgbImage {
    let transposed = matches!(orientation, Some(5..=8));
    let (w, h) = if transposed { (picture.height, picture.width) } else { (picture.width, picture.height) };
    store(draw(&Picture { width: w, height: h, seed: picture.seed }), orientation)
}

/// The inverse of EXIF `orientation`: what a camera stores so that a viewer
/// applying the tag shows `upright`.
pub fn store(upright: RgbImage, orientation: Option<u16>) -> RgbImage {
    // DynamicImage's methods are compiled in the (optimised) image crate.
    let img = DynamicImage::ImageRgb8(upright);
    match orientation {
        Some(2) => img.fliph(),
        Some(3) => img.rotate180(),
        Some(4) => img.flipv(),
        Some(5) => img.rotate90().fliph(),
        Some(6) => img.rotate270(),
        Some(7) => img.rotate270().fliph(),
        Some(8) => img.rotate90(),
        _ => img,
    }
    .into_rgb8()
}

/// Encodes given pixels as a JPEG carrying `exif` (stored as they are: use
/// [`store`] for an oriented photo).
pub fn jpeg_from_pixels(img: &RgbImage, exif: &ExifSpec, quality: u8) -> Vec<u8> {
    let mut encoded = Vec::with_capacity((img.width() * img.height() / 8) as usize + 1024);
    JpegEncoder::new_with_quality(&mut encoded, quality.clamp(1, 100))
        .encode(img.as_raw(), img.width(), img.height(), ExtendedColorType::Rgb8)
        .expect("encoding an RGB buffer to memory cannot fail");
    if exif.is_empty() {
        return encoded;
    }
    with_exif(&encoded, exif, img.width(), img.height())
}

/// The JPEG with `exif` inserted as its APP1 segment (for JPEGs encoded
/// elsewhere); `width` × `height` are the stored pixel dimensions.
pub fn with_exif(jpeg: &[u8], exif: &ExifSpec, width: u32, height: u32) -> Vec<u8> {
    insert_app1(jpeg, &tiff_payload(exif, width, height))
}

/// The same JPEG cut in the middle of its entropy-coded scan data, like an
/// interrupted copy. Bytes that are not a JPEG are simply halved.
pub fn truncated(bytes: &[u8]) -> Vec<u8> {
    let cut = scan_start(bytes).map(|s| s + (bytes.len().saturating_sub(s)) / 2).unwrap_or(bytes.len() / 2);
    bytes[..cut].to_vec()
}

/// A tiny but well-formed QuickTime (`Format::Mov`) or MP4 file (any other
/// format): an `ftyp` box and a `moov` box holding only `mvhd`, whose
/// creation time is `created`. No media data.
pub fn video(format: Format, created: DateTime<Utc>, duration_s: u32) -> Vec<u8> {
    // Container times count seconds since 1904-01-01 UTC.
    const EPOCH_1904: i64 = -2_082_844_800;
    let t = u32::try_from(created.timestamp() - EPOCH_1904).unwrap_or(0);
    let (major, compat): (&[u8; 4], &[&[u8; 4]]) =
        if format == Format::Mov { (b"qt  ", &[b"qt  "]) } else { (b"isom", &[b"isom", b"mp42"]) };
    let mut out = Vec::new();
    let mut ftyp = Vec::new();
    ftyp.extend_from_slice(major);
    ftyp.extend_from_slice(&0u32.to_be_bytes());
    for c in compat {
        ftyp.extend_from_slice(*c);
    }
    push_box(&mut out, b"ftyp", &ftyp);

    let timescale = 1000u32;
    let mut mvhd = vec![0u8; 4]; // version 0, no flags
    mvhd.extend_from_slice(&t.to_be_bytes()); // creation
    mvhd.extend_from_slice(&t.to_be_bytes()); // modification
    mvhd.extend_from_slice(&timescale.to_be_bytes());
    mvhd.extend_from_slice(&(duration_s.saturating_mul(timescale)).to_be_bytes());
    mvhd.extend_from_slice(&0x0001_0000u32.to_be_bytes()); // rate 1.0
    mvhd.extend_from_slice(&0x0100u16.to_be_bytes()); // volume 1.0
    mvhd.extend_from_slice(&[0; 10]);
    for m in [0x0001_0000u32, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] {
        mvhd.extend_from_slice(&m.to_be_bytes()); // identity matrix
    }
    mvhd.extend_from_slice(&[0; 24]);
    mvhd.extend_from_slice(&1u32.to_be_bytes()); // next track id
    let mut moov = Vec::new();
    push_box(&mut moov, b"mvhd", &mvhd);
    push_box(&mut out, b"moov", &moov);
    out
}

fn push_box(out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]) {
    let size = u32::try_from(8 + body.len()).expect("box fits in 4 GiB");
    out.extend_from_slice(&size.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
}

/// Offset of the first byte after the SOS segment header.
fn scan_start(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if marker == 0xDA {
            return Some(i + 2 + len);
        }
        i += 2 + len;
    }
    None
}

fn insert_app1(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let len = u16::try_from(2 + 6 + tiff.len()).expect("EXIF payload fits in one APP1 segment");
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn ascii(tag: Tag, s: &str) -> Field {
    Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.as_bytes().to_vec()]) }
}

fn field(tag: Tag, value: Value) -> Field {
    Field { tag, ifd_num: In::PRIMARY, value }
}

fn r(num: u32, denom: u32) -> Rational {
    Rational { num, denom }
}

/// Degrees as deg/1, min/1, sec/10000: about 3 mm of precision.
fn dms(deg: f64) -> Value {
    let total = (deg.abs() * 3600.0 * 10_000.0).round() as u64;
    let d = total / 36_000_000;
    let m = (total / 600_000) % 60;
    let s = total % 600_000;
    Value::Rational(vec![r(d as u32, 1), r(m as u32, 1), r(s as u32, 10_000)])
}

const EXIF_DATE: &str = "%Y:%m:%d %H:%M:%S";

/// The TIFF structure of the APP1 segment, written by kamadak-exif.
fn tiff_payload(exif: &ExifSpec, width: u32, height: u32) -> Vec<u8> {
    let mut fields = Vec::new();
    if let Some(make) = &exif.make {
        fields.push(ascii(Tag::Make, make));
    }
    if let Some(model) = &exif.model {
        fields.push(ascii(Tag::Model, model));
    }
    if let Some(o) = exif.orientation {
        fields.push(field(Tag::Orientation, Value::Short(vec![o])));
    }
    fields.push(field(Tag::ExifVersion, Value::Undefined(b"0231".to_vec(), 0)));
    if let Some(t) = exif.datetime_original {
        fields.push(ascii(Tag::DateTimeOriginal, &t.format(EXIF_DATE).to_string()));
    }
    if let Some(ms) = exif.subsec_ms {
        fields.push(ascii(Tag::SubSecTimeOriginal, &format!("{ms:03}")));
    }
    if let Some(o) = &exif.offset_time_original {
        fields.push(ascii(Tag::OffsetTimeOriginal, o));
    }
    if let Some(t) = exif.create_date {
        fields.push(ascii(Tag::DateTimeDigitized, &t.format(EXIF_DATE).to_string()));
    }
    if let Some(o) = &exif.offset_time {
        fields.push(ascii(Tag::OffsetTime, o));
    }
    if let Some(s) = &exif.serial {
        fields.push(ascii(Tag::BodySerialNumber, s));
    }
    fields.push(field(Tag::PixelXDimension, Value::Long(vec![width])));
    fields.push(field(Tag::PixelYDimension, Value::Long(vec![height])));
    if let Some(g) = exif.gps {
        fields.push(field(Tag::GPSVersionID, Value::Byte(vec![2, 3, 0, 0])));
        fields.push(ascii(Tag::GPSLatitudeRef, if g.lat < 0.0 { "S" } else { "N" }));
        fields.push(field(Tag::GPSLatitude, dms(g.lat)));
        fields.push(ascii(Tag::GPSLongitudeRef, if g.lon < 0.0 { "W" } else { "E" }));
        fields.push(field(Tag::GPSLongitude, dms(g.lon)));
        if let Some(alt) = g.alt {
            let below = u8::from(alt < 0.0);
            fields.push(field(Tag::GPSAltitudeRef, Value::Byte(vec![below])));
            let cm = (alt.abs() * 100.0).round() as u32;
            fields.push(field(Tag::GPSAltitude, Value::Rational(vec![r(cm, 100)])));
        }
    }
    if let Some(t) = exif.gps_utc {
        let ms = t.nanosecond() / 1_000_000;
        let stamp = vec![r(t.hour(), 1), r(t.minute(), 1), r(t.second() * 1000 + ms, 1000)];
        fields.push(field(Tag::GPSTimeStamp, Value::Rational(stamp)));
        fields.push(ascii(Tag::GPSDateStamp, &t.format("%Y:%m:%d").to_string()));
    }

    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    if let Some(thumb) = &exif.thumbnail {
        writer.set_jpeg(thumb, In::THUMBNAIL);
    }
    // iPhones write big-endian EXIF, most others little-endian: readers must
    // handle both, so the synthetic files use both too.
    let little_endian = exif.make.as_deref() != Some("Apple");
    let mut buf = std::io::Cursor::new(Vec::new());
    writer.write(&mut buf, little_endian).expect("kamadak-exif writes well-formed fields to memory");
    buf.into_inner()
}

/// splitmix64: tiny, fast and good enough to make scenes differ. Public for
/// the test-suite's generators, which must draw the same streams.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        rng.next();
        rng
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
    fn color(&mut self) -> [u8; 3] {
        [self.below(256) as u8, self.below(256) as u8, self.below(256) as u8]
    }
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let l = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    [l(a[0], b[0]), l(a[1], b[1]), l(a[2], b[2])]
}

struct Canvas {
    w: i32,
    h: i32,
    px: Vec<u8>,
}

impl Canvas {
    /// Fills by doubling memcpys: this code is unoptimised in debug builds,
    /// where a per-pixel loop over 800×600 would dominate the demo's time.
    fn span(&mut self, y: i32, x0: i32, x1: i32, c: [u8; 3]) {
        let (x0, x1) = (x0.clamp(0, self.w), x1.clamp(0, self.w));
        if y < 0 || y >= self.h || x0 >= x1 {
            return;
        }
        let start = (y * self.w + x0) as usize * 3;
        let row = &mut self.px[start..start + (x1 - x0) as usize * 3];
        row[..3].copy_from_slice(&c);
        let mut filled = 3;
        while filled < row.len() {
            let n = filled.min(row.len() - filled);
            row.copy_within(0..n, filled);
            filled += n;
        }
    }
    fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, c: [u8; 3]) {
        for y in y0.max(0)..y1.min(self.h) {
            self.span(y, x0, x1, c);
        }
    }
    fn ellipse(&mut self, cx: i32, cy: i32, rx: i32, ry: i32, c: [u8; 3]) {
        let (rx, ry) = (rx.max(1), ry.max(1));
        for dy in -ry..=ry {
            let f = 1.0 - (dy as f32 / ry as f32).powi(2);
            let half = (rx as f32 * f.max(0.0).sqrt()).round() as i32;
            self.span(cy + dy, cx - half, cx + half + 1, c);
        }
    }
}

const SKIES: [([u8; 3], [u8; 3]); 5] = [
    ([40, 110, 200], [170, 210, 240]),  // clear day
    ([90, 120, 170], [240, 170, 110]),  // sunset
    ([130, 135, 145], [200, 200, 205]), // overcast
    ([10, 15, 45], [50, 40, 90]),       // night
    ([60, 150, 220], [230, 240, 250]),  // hazy noon
];

const GROUNDS: [([u8; 3], [u8; 3]); 4] = [
    ([70, 130, 50], [30, 80, 30]),    // grass
    ([150, 150, 150], [90, 90, 95]),  // pavement
    ([170, 140, 100], [110, 85, 60]), // sand, stone
    ([120, 60, 40], [60, 30, 25]),    // indoor floor
];

/// Every position is a fraction of the picture's size, so one seed draws the
/// same scene at any resolution (a messaging-app copy looks like its original).
fn paint_scene(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    // Window lights draw from their own stream: how many windows fit depends
    // on rounding, which must not shift the rest of the scene.
    let mut lights = Rng::new(seed.rotate_left(17) ^ 0xA5A5);
    let (wi, hi) = (w as i32, h as i32);
    let (wf, hf) = (w as f32, h as f32);
    let mut c = Canvas { w: wi, h: hi, px: vec![0; (w * h * 3) as usize] };
    let horizon_f = rng.range(0.35, 0.7);
    let horizon = (hf * horizon_f) as i32;
    let (sky_top, sky_low) = SKIES[rng.below(SKIES.len() as u32) as usize];
    let (gr_near, gr_far) = GROUNDS[rng.below(GROUNDS.len() as u32) as usize];
    for y in 0..hi {
        let color = if y < horizon {
            mix(sky_top, sky_low, y as f32 / horizon.max(1) as f32)
        } else {
            mix(gr_far, gr_near, (y - horizon) as f32 / (hi - horizon).max(1) as f32)
        };
        c.span(y, 0, wi, color);
    }
    if rng.below(2) == 0 {
        let r = (hf * rng.range(0.04, 0.09)) as i32;
        let x = (wf * rng.f()) as i32;
        let y = (hf * horizon_f * rng.range(0.15, 0.6)) as i32;
        c.ellipse(x, y, r, r, [250, 235, 170]);
    }
    // Skyline.
    let mut x = -rng.range(0.0, 0.12);
    while x < 1.0 {
        let bw = rng.range(0.06, 0.2);
        if rng.below(3) > 0 {
            let top = horizon_f * (1.0 - rng.range(0.15, 0.7));
            let col = mix([40, 40, 50], rng.color(), rng.range(0.15, 0.45));
            let (x0, x1) = ((x * wf) as i32, ((x + bw) * wf) as i32 + 1);
            let y0 = (top * hf) as i32;
            c.rect(x0, y0, x1, horizon, col);
            let win = mix(col, [250, 230, 160], 0.5);
            let step = ((x1 - x0) / 4).max(2);
            let size = (step / 2).max(1);
            let mut wy = y0 + step;
            while wy < horizon - step {
                let mut wx = x0 + step / 2;
                while wx < x1 - step / 2 {
                    if lights.below(3) == 0 {
                        c.rect(wx, wy, wx + size, wy + size, win);
                    }
                    wx += step;
                }
                wy += step;
            }
        }
        x += bw;
    }
    // Big foreground shapes: tables, cars, banners.
    for _ in 0..rng.below(3) + 1 {
        let cx = (wf * rng.f()) as i32;
        let cy = (hf * (horizon_f + rng.f() * (1.0 - horizon_f))) as i32;
        let rx = (wf * rng.range(0.05, 0.2)) as i32;
        let ry = (hf * rng.range(0.03, 0.12)) as i32;
        let col = rng.color();
        if rng.below(2) == 0 {
            c.ellipse(cx, cy, rx, ry, col);
        } else {
            c.rect(cx - rx, cy - ry, cx + rx, cy + ry, col);
        }
    }
    // People, farther ones first so nearer ones overlap them.
    let n = rng.below(6) + 1;
    let mut people: Vec<(f32, f32, f32)> = (0..n)
        .map(|_| {
            let depth = rng.f();
            let feet = horizon_f + (1.0 - horizon_f) * (0.2 + 0.8 * depth);
            (rng.f(), feet, 0.25 + 0.55 * depth)
        })
        .collect();
    people.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (px, feet, size) in people {
        let (px, feet) = ((px * wf) as i32, (feet * hf) as i32);
        let tall = (hf * size) as i32;
        let body_w = (tall / 6).max(1);
        let head = (tall / 10).max(1);
        let shirt = rng.color();
        let skin = mix([240, 200, 170], [90, 60, 40], rng.f());
        c.rect(px - body_w / 3, feet - tall * 2 / 5, px + body_w / 3, feet, [40, 40, 70]);
        c.rect(px - body_w / 2, feet - tall * 4 / 5, px + body_w / 2, feet - tall * 2 / 5, shirt);
        c.ellipse(px, feet - tall * 4 / 5 - head, head, head, skin);
    }
    RgbImage::from_raw(w, h, c.px).expect("buffer has w*h*3 bytes")
}
