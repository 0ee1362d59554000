//! Plain data shared by every part of Recap. No I/O here.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A file kind, recognised from its content (and, for TIFF-based RAW files,
/// from its extension once the content says TIFF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Heic,
    Avif,
    Png,
    Tiff,
    Webp,
    Dng,
    Cr2,
    Cr3,
    Nef,
    Arw,
    Orf,
    Rw2,
    Raf,
    /// Another TIFF-based RAW format (Kodak KDC, Phase One IIQ, Pentax PEF…).
    Raw,
    Mov,
    Mp4,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Heic => "heic",
            Format::Avif => "avif",
            Format::Png => "png",
            Format::Tiff => "tiff",
            Format::Webp => "webp",
            Format::Dng => "dng",
            Format::Cr2 => "cr2",
            Format::Cr3 => "cr3",
            Format::Nef => "nef",
            Format::Arw => "arw",
            Format::Orf => "orf",
            Format::Rw2 => "rw2",
            Format::Raf => "raf",
            Format::Raw => "raw",
            Format::Mov => "mov",
            Format::Mp4 => "mp4",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }

    pub const ALL: [Format; 17] = [
        Format::Jpeg,
        Format::Heic,
        Format::Avif,
        Format::Png,
        Format::Tiff,
        Format::Webp,
        Format::Dng,
        Format::Cr2,
        Format::Cr3,
        Format::Nef,
        Format::Arw,
        Format::Orf,
        Format::Rw2,
        Format::Raf,
        Format::Raw,
        Format::Mov,
        Format::Mp4,
    ];

    pub fn kind(self) -> MediaKind {
        match self {
            Format::Mov | Format::Mp4 => MediaKind::Video,
            _ => MediaKind::Photo,
        }
    }

    /// RAW files are catalogued for their metadata; pixels come from their
    /// embedded preview.
    pub fn is_raw(self) -> bool {
        matches!(
            self,
            Format::Dng
                | Format::Cr2
                | Format::Cr3
                | Format::Nef
                | Format::Arw
                | Format::Orf
                | Format::Rw2
                | Format::Raf
                | Format::Raw
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Photo,
    Video,
}

/// Which tag a photo's date came from. The original is preferred; the others
/// are fallbacks that the user should know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    DateTimeOriginal,
    CreateDate,
    /// IFD0 DateTime (the file's modification time as the camera wrote it).
    ModifyDate,
    /// The creation time of a video container (always UTC).
    Container,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub alt: Option<f64>,
}

/// Everything the scan learns about one photo or video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoMeta {
    /// Absolute path.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    pub format: Format,
    pub kind: MediaKind,
    /// The first folder level under the scanned root (a participant's folder).
    pub contributor: String,
    /// As the camera wrote it, no zone: `2017-06-04T10:32:00`.
    #[serde(with = "naive_opt")]
    pub datetime_original: Option<NaiveDateTime>,
    /// Sub-second part, in milliseconds, when the camera wrote one.
    pub subsec_ms: Option<u16>,
    pub datetime_source: Option<DateSource>,
    /// `+02:00` as the camera wrote it.
    pub offset_time_original: Option<String>,
    /// Which tag the offset came from: `offset_time_original` or `offset_time`.
    pub offset_source: Option<String>,
    pub gps: Option<Gps>,
    /// GPS date and time stamp (UTC), when both parts are present and sane.
    #[serde(with = "naive_opt")]
    pub gps_utc: Option<NaiveDateTime>,
    pub orientation: Option<u8>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub file_size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    /// Problems that did not stop the photo from being catalogued
    /// ("truncated JPEG: the end of the image is missing").
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// A file that was found but could not be catalogued, with a reason a person
/// understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// In English, for people.
    pub reason: String,
    /// Stable, for front ends that word the reason in their own language:
    /// `empty`, `not_an_image`, `unsupported`, `truncated`,
    /// `permission_denied`, `vanished`, `symlink_loop`, `not_regular` (a
    /// pipe, device or socket), `too_large`, `internal` (a bug met on this
    /// file, contained to it) or `unreadable`.
    pub code: String,
}

/// Codes that travel with their reason (see [`coded_reason`]) rather than
/// being recognised from its words.
const CARRIED: [&str; 3] = ["not_regular", "too_large", "internal"];

/// Between a carried code and its reason. A control character: no reason
/// written for people contains it.
const CODE_SEP: char = '\u{1f}';

/// A skip reason with its stable code attached, as the scan returns it and
/// the catalog stores it (one string): [`Skipped::new`] and [`skip_code`]
/// take the code back and show only the reason.
pub fn coded_reason(code: &'static str, reason: &str) -> String {
    debug_assert!(CARRIED.contains(&code), "{code} is not a carried code");
    format!("{code}{CODE_SEP}{reason}")
}

fn split_coded(reason: &str) -> Option<(&'static str, &str)> {
    let (code, text) = reason.split_once(CODE_SEP)?;
    CARRIED.iter().find(|c| **c == code).map(|c| (*c, text))
}

impl Skipped {
    pub fn new(path: PathBuf, reason: String) -> Skipped {
        if let Some((code, text)) = split_coded(&reason) {
            return Skipped { path, reason: text.to_string(), code: code.to_string() };
        }
        let code = skip_code(&reason).to_string();
        Skipped { path, reason, code }
    }
}

/// The stable code of a skip reason: the code it carries ([`coded_reason`]),
/// else recognised from the words the scan starts its reasons with.
pub fn skip_code(reason: &str) -> &'static str {
    if let Some((code, _)) = split_coded(reason) {
        return code;
    }
    const CODES: [(&str, &str); 7] = [
        ("empty file", "empty"),
        ("not an image", "not_an_image"),
        ("unsupported format", "unsupported"),
        ("truncated", "truncated"),
        ("permission denied", "permission_denied"),
        ("file vanished", "vanished"),
        ("symbolic link loop", "symlink_loop"),
    ];
    CODES.iter().find(|(prefix, _)| reason.starts_with(prefix)).map_or("unreadable", |(_, code)| code)
}

mod naive_opt {
    use chrono::{DateTime, NaiveDateTime};
    use serde::{Deserialize, Deserializer, Serializer};

    const FMT: &str = "%Y-%m-%dT%H:%M:%S";

    // Text for people (JSON), whole seconds for the catalog's binary rows:
    // formatting and parsing dates was a tenth of a cold scan's CPU time.
    pub fn serialize<S: Serializer>(v: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            // serialize_some, not a bare value: the catalog's positional
            // encoding needs the Option's tag.
            Some(t) if s.is_human_readable() => s.serialize_some(&t.format(FMT).to_string()),
            Some(t) => s.serialize_some(&t.and_utc().timestamp()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        if d.is_human_readable() {
            let s: Option<String> = Option::deserialize(d)?;
            return s.map(|s| NaiveDateTime::parse_from_str(&s, FMT).map_err(serde::de::Error::custom)).transpose();
        }
        let secs: Option<i64> = Option::deserialize(d)?;
        secs.map(|n| {
            DateTime::from_timestamp(n, 0)
                .map(|t| t.naive_utc())
                .ok_or_else(|| serde::de::Error::custom(format!("date out of range: {n}")))
        })
        .transpose()
    }
}

/// Paths that are not valid Unicode (possible on Linux) are shown with
/// replacement characters rather than failing the whole document.
pub(crate) fn lossy_path<S: serde::Serializer>(p: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&p.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_carried_code_is_kept_and_hidden_from_the_reason() {
        let s = Skipped::new("/m/a.nef".into(), coded_reason("internal", "internal error while reading this file (x)"));
        assert_eq!(s.code, "internal");
        assert_eq!(s.reason, "internal error while reading this file (x)");
        assert_eq!(skip_code(&coded_reason("not_regular", "not a regular file")), "not_regular");
        // Reasons stored by earlier versions still get their code from their words.
        assert_eq!(Skipped::new("/m/b.jpg".into(), "truncated JPEG (no image data)".into()).code, "truncated");
        assert_eq!(skip_code("bogus\u{1f}text"), "unreadable");
    }
}
