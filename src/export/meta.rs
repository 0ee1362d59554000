//! Metadata written into an exported JPEG without touching its image data:
//! the entropy-coded scan is copied byte for byte, only APP segments change.
//!
//! The same caption goes where each kind of software looks for it:
//! - XMP (APP1): dc:title, dc:description, dc:creator, dc:rights,
//!   photoshop:Headline and photoshop:Credit (Lightroom, digiKam, Google Photos);
//! - IPTC-IIM (APP13 "Photoshop 3.0" 8BIM 0x0404): 2:05, 2:80, 2:105, 2:110,
//!   2:116, 2:120, declared UTF-8 by 1:90 (older desktop tools, photo agencies);
//! - EXIF: ImageDescription, Artist, Copyright, and XPTitle/XPComment in
//!   UTF-16LE (Windows Explorer's Title and Comments columns).
//!
//! EXIF goes through little_exif (which keeps the camera's other tags on a
//! copy); XMP and IPTC are small enough to build here. Segments are
//! rearranged with img-parts, which also keeps an iPhone's MPF index right.

use chrono::NaiveDateTime;
use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::{Bytes, ImageEXIF};
use little_exif::exif_tag::ExifTag;
use little_exif::filetype::FileExtension;
use little_exif::ifd::ExifTagGroup;
use little_exif::metadata::Metadata;
use little_exif::rational::uR64;

use crate::model::Gps;

/// IPTC-IIM byte limits (IPTC IIM 4.2): longer values are cut by readers,
/// or refused.
pub const IPTC_CAPTION_MAX: usize = 2000;
pub const IPTC_HEADLINE_MAX: usize = 256;
pub const IPTC_OBJECT_NAME_MAX: usize = 64;
pub const IPTC_BYLINE_MAX: usize = 32;
pub const IPTC_CREDIT_MAX: usize = 32;
pub const IPTC_COPYRIGHT_MAX: usize = 128;

const XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";
/// A JPEG segment holds at most 65535 bytes, its length field included.
const SEGMENT_MAX: usize = 65533;

/// What to do with the photo's GPS position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GpsEdit {
    /// Remove every GPS tag: a photo posted publicly should not say where
    /// a participant sleeps.
    Strip,
    /// Leave the file's own GPS as it is.
    Keep,
    /// Keep the file's own GPS, or write this estimate when it has none.
    Fill(Gps),
}

/// The corrected capture time (copies only: the pixels are the camera's).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeEdit {
    /// Local wall-clock time where the photo was taken.
    pub local: NaiveDateTime,
    /// "+02:00".
    pub offset: String,
}

/// Everything written into one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    /// Headline / dc:title / XPTitle: the moment.
    pub title: String,
    /// The caption as pasted under the photo (text and credit).
    pub description: String,
    /// The photographer's display name (dc:creator, Artist, By-line).
    pub creator: String,
    /// "Photo : Étienne L." (photoshop:Credit, IPTC Credit).
    pub credit: String,
    /// "© 2017 Étienne L." (dc:rights, Copyright, IPTC 2:116).
    pub rights: String,
    pub gps: GpsEdit,
    pub time: Option<TimeEdit>,
    /// Declare the pixels sRGB (EXIF ColorSpace 1): renders are converted
    /// to sRGB and carry no ICC profile, so this is how readers know.
    pub srgb: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum MetaError {
    #[error("not a JPEG file Recap can rewrite: {0}")]
    NotJpeg(String),
    #[error("the camera's EXIF could not be read: {0}")]
    ExifRead(std::io::Error),
    #[error("EXIF could not be written: {0}")]
    ExifWrite(std::io::Error),
    #[error("the {0} block is larger than a JPEG segment can hold")]
    TooLarge(&'static str),
}

impl MetaError {
    /// A stable code for the export report and the app: the
    /// [`FileProblem`](crate::model::FileProblem)'s it becomes.
    pub fn code(&self) -> &'static str {
        match self {
            MetaError::NotJpeg(_) => "not_jpeg",
            MetaError::ExifRead(_) | MetaError::ExifWrite(_) => "metadata",
            MetaError::TooLarge(_) => "too_large",
        }
    }
}

impl From<MetaError> for crate::model::FileProblem {
    fn from(e: MetaError) -> Self {
        use crate::model::{FileProblem, Oversize};
        match e {
            MetaError::NotJpeg(why) => FileProblem::NotJpeg(why),
            e @ (MetaError::ExifRead(_) | MetaError::ExifWrite(_)) => FileProblem::Metadata(e.to_string()),
            MetaError::TooLarge(block) => FileProblem::TooLarge(Oversize::Segment(block.to_string())),
        }
    }
}

/// `s` cut to at most `max` bytes, on a character boundary: IIM limits are
/// in bytes, and half a "é" would be an invalid UTF-8 sequence.
pub fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// What the scan read from the camera's own metadata (with Recap's own
/// bounded parser): written into a rebuilt EXIF block when the file's block
/// cannot be trusted, so a copy keeps its make, model, orientation and place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Camera {
    pub make: Option<String>,
    pub model: Option<String>,
    pub orientation: Option<u8>,
    pub gps: Option<Gps>,
}

/// Where a caption did not fit whole (the full text stays in `captions.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trimmed {
    Iptc,
    Exif,
    Xmp,
}

impl Trimmed {
    pub fn name(self) -> &'static str {
        match self {
            Trimmed::Iptc => "IPTC",
            Trimmed::Exif => "EXIF",
            Trimmed::Xmp => "XMP",
        }
    }
}

/// A rewritten JPEG and what was done differently than asked.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// Containers whose caption was shortened to fit.
    pub trimmed: Vec<Trimmed>,
    /// The file's EXIF was malformed (or refused by the EXIF library) and was
    /// replaced by a block built from [`Camera`] and the tags.
    pub exif_rebuilt: bool,
}

/// `jpeg` with `tags` written in. `jpeg` may be a render (no metadata) or a
/// camera original (its EXIF is kept and amended; its XMP and IPTC are
/// replaced, since they would contradict the new caption).
pub fn write(jpeg: &[u8], tags: &Tags) -> Result<Vec<u8>, MetaError> {
    write_with(jpeg, tags, &Camera::default()).map(|w| w.bytes)
}

/// [`write`], with the camera's values for a rebuilt EXIF block, and a note
/// of the captions trimmed to fit their container.
pub fn write_with(jpeg: &[u8], tags: &Tags, camera: &Camera) -> Result<Written, MetaError> {
    let mut image = Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).map_err(|e| MetaError::NotJpeg(e.to_string()))?;
    let mut trimmed = Vec::new();
    let old = image.exif();
    let (exif, exif_rebuilt, exif_trimmed) = exif_block(old.as_deref(), tags, camera)?;
    if exif_trimmed {
        trimmed.push(Trimmed::Exif);
    }
    image.set_exif(Some(Bytes::from(exif)));

    let is_xmp = |s: &JpegSegment| s.marker() == markers::APP1 && s.contents().starts_with(XMP_HEADER);
    let is_iptc = |s: &JpegSegment| s.marker() == markers::APP13 && s.contents().starts_with(PHOTOSHOP_HEADER);
    image.segments_mut().retain(|s| !is_xmp(s) && !is_iptc(s));

    let xmp_of = |description: &str| {
        let mut xmp = XMP_HEADER.to_vec();
        xmp.extend_from_slice(xmp_packet(tags, description).as_bytes());
        xmp
    };
    let (xmp, cut) = fit(&tags.description, |d| Some(xmp_of(d)).filter(|x| x.len() <= SEGMENT_MAX))
        .ok_or(MetaError::TooLarge("XMP"))?;
    if cut {
        trimmed.push(Trimmed::Xmp);
    }
    if tags.description.len() > IPTC_CAPTION_MAX {
        trimmed.push(Trimmed::Iptc);
    }
    let mut app13 = PHOTOSHOP_HEADER.to_vec();
    app13.extend_from_slice(&photoshop_iptc(&iptc_records(tags)));
    if app13.len() > SEGMENT_MAX {
        return Err(MetaError::TooLarge("IPTC"));
    }
    // Right after the EXIF segment, where Adobe's and exiftool's writers put them.
    let segments = image.segments_mut();
    let at = segments.iter().position(|s| s.marker() == markers::APP1).map_or(0, |i| i + 1);
    segments.insert(at, JpegSegment::new_with_contents(markers::APP13, Bytes::from(app13)));
    segments.insert(at, JpegSegment::new_with_contents(markers::APP1, Bytes::from(xmp)));

    let bytes = image.encoder().bytes().to_vec();
    Ok(Written { bytes, trimmed, exif_rebuilt })
}

/// `text` cut to at most `max` bytes for a container with a byte limit: on a
/// word boundary when one is near, else on a character boundary, and marked
/// with "…" so a reader sees the caption goes on elsewhere.
pub fn trim_caption(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    const MORE: &str = "…";
    if text.len() <= max {
        return text.into();
    }
    if max < MORE.len() {
        return truncate_utf8(text, max).into();
    }
    let cut = truncate_utf8(text, max - MORE.len());
    // Back to the last space unless that loses more than a fifth.
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i >= cut.len() * 4 / 5 => &cut[..i],
        _ => cut,
    };
    format!("{}{MORE}", cut.trim_end()).into()
}

/// The block `make` returns for the longest trim of `text` it accepts, and
/// whether `text` had to be trimmed; `None` when not even an empty text fits.
/// `make` is monotonic in the length of its text, so a binary search over
/// the byte length finds the longest fitting trim in a few tries.
fn fit(text: &str, mut make: impl FnMut(&str) -> Option<Vec<u8>>) -> Option<(Vec<u8>, bool)> {
    if let Some(block) = make(text) {
        return Some((block, false));
    }
    let mut best = make("")?;
    let (mut lo, mut hi) = (0, text.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        match make(&trim_caption(text, mid)) {
            Some(block) => {
                best = block;
                lo = mid;
            }
            None => hi = mid - 1,
        }
    }
    Some((best, true))
}

/// The new EXIF (TIFF bytes, without the "Exif\0\0" prefix), whether the
/// file's block was replaced by a rebuilt one, and whether the caption was
/// trimmed to fit the segment.
fn exif_block(old: Option<&[u8]>, tags: &Tags, camera: &Camera) -> Result<(Vec<u8>, bool, bool), MetaError> {
    let fits = |block: Vec<u8>| Some(block).filter(|b| b.len() + 6 <= SEGMENT_MAX);
    if let Some(tiff) = old {
        // The file's block goes to the EXIF library only once Recap has
        // walked it with caps (no loop, every offset inside): its parser
        // follows IFD links without either. A panic or an error in it is
        // not the photo's end either: the block is rebuilt.
        if let Some(base) = tiff_is_sound(tiff).then(|| decode(tiff)).flatten() {
            // What the library writes back from an odd block (empty IFDs,
            // say) is checked too: a reader downstream deserves a sound one.
            let sound = |block: Vec<u8>| fits(block).filter(|b| tiff_is_sound(b));
            let amended = crate::guard::catch(|| fit(&tags.description, |d| encode(&base, tags, d).and_then(sound)));
            if let Ok(Some((block, cut))) = amended {
                return Ok((block, false, cut));
            }
        }
        let base = rebuilt(camera);
        let made = crate::guard::catch(|| fit(&tags.description, |d| encode(&base, tags, d).and_then(fits)));
        return match made {
            Ok(Some((block, cut))) => Ok((block, true, cut)),
            Ok(None) => Err(MetaError::TooLarge("EXIF")),
            Err(why) => Err(MetaError::ExifWrite(std::io::Error::other(why))),
        };
    }
    let base = Metadata::new();
    match fit(&tags.description, |d| encode(&base, tags, d).and_then(fits)) {
        Some((block, cut)) => Ok((block, false, cut)),
        None => Err(MetaError::TooLarge("EXIF")),
    }
}

/// The EXIF library's view of a block already checked by [`tiff_is_sound`].
/// It is handed a JPEG holding that one block, since it would otherwise
/// read the file's first APP1 segment, whichever it is.
fn decode(tiff: &[u8]) -> Option<Metadata> {
    let mut wrapper = vec![0xff, 0xd8, 0xff, 0xe1];
    let len = u16::try_from(tiff.len() + 8).ok()?;
    wrapper.extend_from_slice(&len.to_be_bytes());
    wrapper.extend_from_slice(b"Exif\0\0");
    wrapper.extend_from_slice(tiff);
    wrapper.extend_from_slice(&[0xff, 0xd9]);
    crate::guard::catch(|| Metadata::new_from_vec(&wrapper, FileExtension::JPEG).ok()).ok().flatten()
}

/// A block from what the scan read, for a file whose own block is unsafe.
fn rebuilt(camera: &Camera) -> Metadata {
    let mut meta = Metadata::new();
    if let Some(make) = camera.make.as_ref().filter(|s| !s.is_empty()) {
        meta.set_tag(ExifTag::Make(make.clone()));
    }
    if let Some(model) = camera.model.as_ref().filter(|s| !s.is_empty()) {
        meta.set_tag(ExifTag::Model(model.clone()));
    }
    if let Some(o) = camera.orientation.filter(|o| (1..=8).contains(o)) {
        meta.set_tag(ExifTag::Orientation(vec![u16::from(o)]));
    }
    if let Some(g) = camera.gps {
        put_gps(&mut meta, g);
    }
    meta
}

/// `base` with the tags written in, the description being `description`
/// (the caption, or a trim of it); `None` if the EXIF library fails.
fn encode(base: &Metadata, tags: &Tags, description: &str) -> Option<Vec<u8>> {
    let mut meta = base.clone();
    meta.set_tag(ExifTag::ImageDescription(description.to_string()));
    meta.set_tag(ExifTag::Artist(tags.creator.clone()));
    meta.set_tag(ExifTag::Copyright(tags.rights.clone()));
    meta.set_tag(ExifTag::UnknownINT8U(utf16le(&tags.title), 0x9c9b, ExifTagGroup::GENERIC));
    meta.set_tag(ExifTag::UnknownINT8U(utf16le(description), 0x9c9c, ExifTagGroup::GENERIC));
    if tags.srgb {
        meta.set_tag(ExifTag::ColorSpace(vec![1]));
    }
    if let Some(t) = &tags.time {
        let stamp = t.local.format("%Y:%m:%d %H:%M:%S").to_string();
        meta.set_tag(ExifTag::DateTimeOriginal(stamp));
        meta.set_tag(ExifTag::OffsetTimeOriginal(t.offset.clone()));
    }
    let has_gps = meta.get_tag(&ExifTag::GPSLatitude(Vec::new())).next().is_some();
    match tags.gps {
        GpsEdit::Strip => {
            // Every tag of the GPS IFD (0x00–0x1f, and some writers' extras).
            for tag in 0..=0x3f {
                meta.remove_tag_by_hex_group(tag, ExifTagGroup::GPS);
            }
        }
        GpsEdit::Keep => {}
        GpsEdit::Fill(g) if !has_gps => put_gps(&mut meta, g),
        GpsEdit::Fill(_) => {}
    }
    meta.encode().ok()
}

fn put_gps(meta: &mut Metadata, g: Gps) {
    if !(g.lat.is_finite() && g.lon.is_finite() && g.lat.abs() <= 90.0 && g.lon.abs() <= 180.0) {
        return;
    }
    meta.set_tag(ExifTag::GPSVersionID(vec![2, 3, 0, 0]));
    meta.set_tag(ExifTag::GPSLatitudeRef(if g.lat < 0.0 { "S" } else { "N" }.to_string()));
    meta.set_tag(ExifTag::GPSLatitude(dms(g.lat)));
    meta.set_tag(ExifTag::GPSLongitudeRef(if g.lon < 0.0 { "W" } else { "E" }.to_string()));
    meta.set_tag(ExifTag::GPSLongitude(dms(g.lon)));
    if let Some(alt) = g.alt.filter(|a| a.is_finite() && a.abs() < 1e6) {
        meta.set_tag(ExifTag::GPSAltitudeRef(vec![u8::from(alt < 0.0)]));
        meta.set_tag(ExifTag::GPSAltitude(vec![rational(alt.abs(), 10)]));
    }
}

/// At most this many IFDs (IFD0, IFD1, EXIF, GPS, Interop, and a margin):
/// a camera writes five.
const MAX_IFDS: usize = 16;
/// IFD pointer tags: EXIF, GPS, Interop (the ones the EXIF library follows).
const IFD_POINTERS: [u16; 3] = [0x8769, 0x8825, 0xa005];

/// Whether a TIFF-structured EXIF block can be handed to the EXIF library:
/// each IFD visited once and not overlapping another, at most [`MAX_IFDS`],
/// every IFD, value, strip and thumbnail inside the block, pointer tags of
/// the right type, known value types. The block is at most one JPEG segment
/// (64 KiB), so this walk is bounded by its length whatever it holds.
pub fn tiff_is_sound(t: &[u8]) -> bool {
    let le = match t.get(..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return false,
    };
    let u16_at = |o: usize| -> Option<u32> {
        let b: [u8; 2] = t.get(o..o.checked_add(2)?)?.try_into().ok()?;
        Some(u32::from(if le { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) }))
    };
    let u32_at = |o: usize| -> Option<u32> {
        let b: [u8; 4] = t.get(o..o.checked_add(4)?)?.try_into().ok()?;
        Some(if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    };
    let inside = |off: u64, len: u64| off.checked_add(len).is_some_and(|end| end <= t.len() as u64);
    if u16_at(2) != Some(42) {
        return false;
    }
    let Some(first) = u32_at(4) else { return false };
    // (offset, whether its next-IFD link is followed: only IFD0's chain).
    let mut todo = vec![(first as usize, true)];
    let mut seen: Vec<(usize, usize)> = Vec::new();
    while let Some((off, chained)) = todo.pop() {
        if off < 8 || seen.len() >= MAX_IFDS {
            return false;
        }
        let Some(n) = u16_at(off).map(|n| n as usize) else { return false };
        let end = off + 2 + 12 * n + 4;
        if end > t.len() || seen.iter().any(|&(a, b)| off < b && a < end) {
            return false;
        }
        seen.push((off, end));
        let (mut strips, mut strip_counts, mut thumb, mut thumb_len) = (Vec::new(), Vec::new(), None, None);
        for i in 0..n {
            let e = off + 2 + 12 * i;
            let (Some(tag), Some(format), Some(count)) = (u16_at(e), u16_at(e + 2), u32_at(e + 4)) else {
                return false;
            };
            let unit: u64 = match format {
                1 | 2 | 6 | 7 => 1,
                3 | 8 => 2,
                4 | 9 | 11 | 13 => 4,
                5 | 10 | 12 => 8,
                _ => return false,
            };
            let size = unit * u64::from(count);
            let at = if size > 4 { u64::from(u32_at(e + 8).unwrap_or(u32::MAX)) } else { e as u64 + 8 };
            if !inside(at, size) {
                return false;
            }
            // Integer values of the tag (SHORT or LONG), for offsets and lengths.
            let ints = || -> Vec<u64> {
                (0..u64::from(count))
                    .filter_map(|k| match format {
                        3 => u16_at((at + 2 * k) as usize).map(u64::from),
                        4 | 13 => u32_at((at + 4 * k) as usize).map(u64::from),
                        _ => None,
                    })
                    .collect()
            };
            let tag = tag as u16;
            if IFD_POINTERS.contains(&tag) {
                if !matches!(format, 4 | 13) || count != 1 {
                    return false;
                }
                todo.push((u32_at(e + 8).unwrap_or(0) as usize, false));
            }
            match tag {
                0x0111 => strips = ints(),
                0x0117 => strip_counts = ints(),
                0x0201 => thumb = ints().first().copied(),
                0x0202 => thumb_len = ints().first().copied(),
                _ => {}
            }
        }
        if strips.iter().zip(&strip_counts).any(|(&o, &l)| !inside(o, l)) {
            return false;
        }
        if let (Some(o), Some(l)) = (thumb, thumb_len) {
            if !inside(o, l) {
                return false;
            }
        }
        if chained {
            match u32_at(off + 2 + 12 * n) {
                Some(0) => {}
                Some(next) => todo.push((next as usize, true)),
                None => return false,
            }
        }
    }
    true
}

/// Degrees, minutes and seconds (to 1/10000 s) of an absolute angle.
fn dms(angle: f64) -> Vec<uR64> {
    let a = angle.abs();
    let deg = a.trunc();
    let min = ((a - deg) * 60.0).trunc();
    let sec = ((a - deg) * 60.0 - min) * 60.0;
    vec![rational(deg, 1), rational(min, 1), rational(sec, 10_000)]
}

fn rational(v: f64, denominator: u32) -> uR64 {
    uR64 { nominator: (v * f64::from(denominator)).round() as u32, denominator }
}

/// Windows' XP tags: UTF-16LE, NUL-terminated, stored as bytes.
fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

/// Text safe inside an XML attribute or element.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn xmp_packet(t: &Tags, description: &str) -> String {
    let alt = |v: &str| format!("<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>", xml_escape(v));
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Recap\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\"\n \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
         xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n \
         photoshop:Headline=\"{headline}\"\n \
         photoshop:Credit=\"{credit}\">\n\
         <dc:title>{title}</dc:title>\n\
         <dc:description>{description}</dc:description>\n\
         <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>\n\
         <dc:rights>{rights}</dc:rights>\n\
         </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>",
        headline = xml_escape(&t.title),
        credit = xml_escape(&t.credit),
        title = alt(&t.title),
        description = alt(description),
        creator = xml_escape(&t.creator),
        rights = alt(&t.rights),
    )
}

/// IIM datasets: record 1 (envelope) first, as the standard requires.
fn iptc_records(t: &Tags) -> Vec<u8> {
    let mut out = Vec::new();
    let mut put = |record: u8, dataset: u8, value: &[u8]| {
        out.extend_from_slice(&[0x1c, record, dataset]);
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
        out.extend_from_slice(value);
    };
    // 1:90 CodedCharacterSet = ESC % G: the values are UTF-8.
    put(1, 90, b"\x1b%G");
    // 2:00 RecordVersion 4.
    put(2, 0, &[0, 4]);
    let fields = [
        (5, &t.title, IPTC_OBJECT_NAME_MAX),
        (80, &t.creator, IPTC_BYLINE_MAX),
        (105, &t.title, IPTC_HEADLINE_MAX),
        (110, &t.credit, IPTC_CREDIT_MAX),
        (116, &t.rights, IPTC_COPYRIGHT_MAX),
        (120, &t.description, IPTC_CAPTION_MAX),
    ];
    for (dataset, value, max) in fields {
        if !value.is_empty() {
            put(2, dataset, trim_caption(value, max).as_bytes());
        }
    }
    out
}

/// A Photoshop image resource block holding the IIM data (8BIM 0x0404).
fn photoshop_iptc(iim: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(iim.len() + 13);
    out.extend_from_slice(b"8BIM");
    out.extend_from_slice(&0x0404u16.to_be_bytes());
    // Empty Pascal name, padded to an even length.
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    out.extend_from_slice(iim);
    if iim.len() % 2 == 1 {
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_whole_characters() {
        let cases = [
            ("abc", 5, "abc"),
            ("abc", 3, "abc"),
            ("abc", 2, "ab"),
            ("été", 1, ""), // é is two bytes
            ("été", 2, "é"),
            ("été", 3, "ét"),
            ("l’été", 3, "l"), // ’ is three bytes
            ("l’été", 4, "l’"),
            ("", 0, ""),
        ];
        for (s, max, want) in cases {
            assert_eq!(truncate_utf8(s, max), want, "{s:?} to {max}");
            assert!(truncate_utf8(s, max).len() <= max);
        }
    }

    #[test]
    fn xp_tags_are_utf16le_with_a_terminator() {
        assert_eq!(utf16le("é’"), vec![0xe9, 0x00, 0x19, 0x20, 0, 0]);
    }

    #[test]
    fn iim_datasets_are_well_formed_and_bounded() {
        let long = "é".repeat(1500); // 3000 bytes
        let tags = Tags {
            title: "Titre".into(),
            description: long.clone(),
            creator: "Étienne L.".into(),
            credit: "Photo\u{a0}: Étienne L.".into(),
            rights: String::new(),
            gps: GpsEdit::Strip,
            time: None,
            srgb: true,
        };
        let iim = iptc_records(&tags);
        // Walk the datasets back.
        let mut seen = Vec::new();
        let mut i = 0;
        while i < iim.len() {
            assert_eq!(iim[i], 0x1c, "tag marker at {i}");
            let (record, dataset) = (iim[i + 1], iim[i + 2]);
            let len = usize::from(u16::from_be_bytes([iim[i + 3], iim[i + 4]]));
            let value = &iim[i + 5..i + 5 + len];
            assert!(std::str::from_utf8(value).is_ok() || record == 2 && dataset == 0, "valid UTF-8");
            seen.push((record, dataset, len));
            i += 5 + len;
        }
        assert_eq!(seen[0], (1, 90, 3), "the character set comes first");
        let caption = seen.iter().find(|s| s.1 == 120).expect("caption");
        // 1996 bytes of "é" and the 3 of "…": cut on a character boundary, marked.
        assert_eq!(caption.2, 1999, "the caption is cut to 2000 bytes on a character boundary");
        assert!(!seen.iter().any(|s| s.1 == 116), "an empty value is not written");
        let block = photoshop_iptc(&iim);
        assert_eq!(&block[..6], b"8BIM\x04\x04");
        assert_eq!(block.len() % 2, 0);
    }

    /// A little-endian TIFF header, then IFD0 at 8 with `entries`, then `next`.
    fn tiff(entries: &[(u16, u16, u32, u32)], next: u32) -> Vec<u8> {
        let mut t = b"II*\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for &(tag, format, count, value) in entries {
            t.extend_from_slice(&tag.to_le_bytes());
            t.extend_from_slice(&format.to_le_bytes());
            t.extend_from_slice(&count.to_le_bytes());
            t.extend_from_slice(&value.to_le_bytes());
        }
        t.extend_from_slice(&next.to_le_bytes());
        t.extend_from_slice(&[0; 16]);
        t
    }

    #[test]
    fn hostile_tiff_structures_are_refused() {
        let orientation = (0x0112, 3, 1, 1);
        assert!(tiff_is_sound(&tiff(&[orientation], 0)), "a plain block passes");
        assert!(!tiff_is_sound(&tiff(&[orientation], 8)), "IFD0 linking to itself");
        assert!(!tiff_is_sound(&tiff(&[orientation], 10)), "an IFD overlapping IFD0");
        assert!(!tiff_is_sound(&tiff(&[orientation], 0xffff_fff0)), "a next IFD past the end");
        assert!(!tiff_is_sound(&tiff(&[(0x8769, 4, 1, 8)], 0)), "the EXIF IFD pointing back to IFD0");
        assert!(!tiff_is_sound(&tiff(&[(0x010e, 2, 0x10_0000, 8)], 0)), "a value past the end");
        assert!(!tiff_is_sound(&tiff(&[(0x010e, 2, u32::MAX, 8)], 0)), "an absurd count");
        assert!(!tiff_is_sound(&tiff(&[(0x010e, 99, 1, 0)], 0)), "an unknown type");
        assert!(!tiff_is_sound(&tiff(&[(0x0201, 4, 1, 8), (0x0202, 4, 1, 1 << 30)], 0)), "a thumbnail past the end");
        let mut many = tiff(&[orientation], 0);
        many[8..10].copy_from_slice(&0xffffu16.to_le_bytes());
        assert!(!tiff_is_sound(&many), "65535 entries in a small block");
        assert!(!tiff_is_sound(b"II*\0"), "a header alone");
        assert!(!tiff_is_sound(b"XX*\0\x08\0\0\0"), "no byte order");
    }

    #[test]
    fn captions_are_trimmed_on_words_with_a_mark() {
        assert_eq!(trim_caption("court", 10), "court");
        assert_eq!(trim_caption("le vieux château d’Angers", 20), "le vieux château…");
        let t = trim_caption("abcdefghij", 6);
        assert_eq!(t, "abc…");
        // No space near the end: a character boundary.
        let long = "é".repeat(10);
        assert_eq!(trim_caption(&long, 8), "éé…");
        for max in 0..30 {
            assert!(trim_caption("le vieux château d’Angers", max).len() <= max, "{max}");
        }
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("<script>&\"l’été\"\u{1}"), "&lt;script&gt;&amp;&quot;l’été&quot;");
    }

    #[test]
    fn dms_of_angers() {
        let v = dms(-0.5970);
        assert_eq!((v[0].nominator, v[1].nominator), (0, 35));
        let sec = f64::from(v[2].nominator) / f64::from(v[2].denominator);
        assert!((sec - 49.2).abs() < 1e-3, "{sec}");
    }
}
