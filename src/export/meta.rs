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

/// `jpeg` with `tags` written in. `jpeg` may be a render (no metadata) or a
/// camera original (its EXIF is kept and amended; its XMP and IPTC are
/// replaced, since they would contradict the new caption).
pub fn write(jpeg: &[u8], tags: &Tags) -> Result<Vec<u8>, MetaError> {
    let mut image = Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).map_err(|e| MetaError::NotJpeg(e.to_string()))?;
    let exif = exif_block(jpeg, image.exif().is_some(), tags)?;
    if exif.len() + 6 > SEGMENT_MAX {
        return Err(MetaError::TooLarge("EXIF"));
    }
    image.set_exif(Some(Bytes::from(exif)));

    let is_xmp = |s: &JpegSegment| s.marker() == markers::APP1 && s.contents().starts_with(XMP_HEADER);
    let is_iptc = |s: &JpegSegment| s.marker() == markers::APP13 && s.contents().starts_with(PHOTOSHOP_HEADER);
    image.segments_mut().retain(|s| !is_xmp(s) && !is_iptc(s));

    let mut xmp = XMP_HEADER.to_vec();
    xmp.extend_from_slice(xmp_packet(tags).as_bytes());
    if xmp.len() > SEGMENT_MAX {
        return Err(MetaError::TooLarge("XMP"));
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

    let out = image.encoder().bytes();
    Ok(out.to_vec())
}

/// The new EXIF (TIFF bytes, without the "Exif\0\0" prefix).
fn exif_block(jpeg: &[u8], has_exif: bool, tags: &Tags) -> Result<Vec<u8>, MetaError> {
    let mut meta = if has_exif {
        Metadata::new_from_vec(&jpeg.to_vec(), FileExtension::JPEG).map_err(MetaError::ExifRead)?
    } else {
        Metadata::new()
    };
    meta.set_tag(ExifTag::ImageDescription(tags.description.clone()));
    meta.set_tag(ExifTag::Artist(tags.creator.clone()));
    meta.set_tag(ExifTag::Copyright(tags.rights.clone()));
    meta.set_tag(ExifTag::UnknownINT8U(utf16le(&tags.title), 0x9c9b, ExifTagGroup::GENERIC));
    meta.set_tag(ExifTag::UnknownINT8U(utf16le(&tags.description), 0x9c9c, ExifTagGroup::GENERIC));
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
        GpsEdit::Fill(g) if !has_gps => {
            meta.set_tag(ExifTag::GPSVersionID(vec![2, 3, 0, 0]));
            meta.set_tag(ExifTag::GPSLatitudeRef(if g.lat < 0.0 { "S" } else { "N" }.to_string()));
            meta.set_tag(ExifTag::GPSLatitude(dms(g.lat)));
            meta.set_tag(ExifTag::GPSLongitudeRef(if g.lon < 0.0 { "W" } else { "E" }.to_string()));
            meta.set_tag(ExifTag::GPSLongitude(dms(g.lon)));
            if let Some(alt) = g.alt.filter(|a| a.is_finite()) {
                meta.set_tag(ExifTag::GPSAltitudeRef(vec![u8::from(alt < 0.0)]));
                meta.set_tag(ExifTag::GPSAltitude(vec![rational(alt.abs(), 10)]));
            }
        }
        GpsEdit::Fill(_) => {}
    }
    meta.encode().map_err(MetaError::ExifWrite)
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

fn xmp_packet(t: &Tags) -> String {
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
        description = alt(&t.description),
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
            put(2, dataset, truncate_utf8(value, max).as_bytes());
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
        assert_eq!(caption.2, 2000, "the caption is cut to 2000 bytes on a character boundary");
        assert!(!seen.iter().any(|s| s.1 == 116), "an empty value is not written");
        let block = photoshop_iptc(&iim);
        assert_eq!(&block[..6], b"8BIM\x04\x04");
        assert_eq!(block.len() % 2, 0);
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
