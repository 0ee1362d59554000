//! Plain data shared by every part of Recap. No I/O here.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fmt;
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
    /// JPEG XL, in its ISO box container or as a bare codestream.
    Jxl,
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
            Format::Jxl => "jxl",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }

    pub const ALL: [Format; 18] = [
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
        Format::Jxl,
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

#[cfg(test)]
impl PhotoMeta {
    /// A 4000×3000 JPEG photo of `contributor` with nothing else known: what
    /// the core's unit tests fill in.
    pub(crate) fn sample(path: impl Into<PathBuf>, contributor: &str) -> PhotoMeta {
        PhotoMeta {
            path: path.into(),
            format: Format::Jpeg,
            kind: MediaKind::Photo,
            contributor: contributor.into(),
            datetime_original: None,
            subsec_ms: None,
            datetime_source: None,
            offset_time_original: None,
            offset_source: None,
            gps: None,
            gps_utc: None,
            orientation: None,
            make: None,
            model: None,
            serial: None,
            width: Some(4000),
            height: Some(3000),
            file_size: 1,
            mtime_ns: 0,
            warnings: Vec::new(),
        }
    }
}

/// A file that was found but could not be catalogued, with a reason a person
/// understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// In English, for people: the problem's [`Display`](FileProblem).
    pub reason: String,
    /// Stable, for front ends that word the reason in their own language:
    /// the problem's [`FileProblem::code`].
    pub code: String,
}

impl Skipped {
    pub fn new(path: PathBuf, problem: &FileProblem) -> Skipped {
        Skipped { path, reason: problem.to_string(), code: problem.code().to_string() }
    }
}

/// Why one file could not be read, rendered or exported: the cause as a
/// value, so that its stable [`code`](FileProblem::code) is never guessed
/// back from words. The scan's skips, the thumbnails and previews, the
/// curation's features and the export's failures all say it this way.
///
/// `Display` is the English sentence (with the detail it carries); front
/// ends word the code in the user's language. Serialised (externally
/// tagged) in the catalog's skip rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    #[error("empty file")]
    Empty,
    /// Content no image format starts with; `claimed` is the extension that
    /// said otherwise (`JPG`), when it names an image format.
    #[error("not an image{}", claimed.as_ref().map(|e| format!(": the content is not a {e} file")).unwrap_or_default())]
    NotAnImage { claimed: Option<String> },
    /// A format recognised but not read or rendered (`CRW`, video frames…).
    #[error("unsupported format ({0})")]
    Unsupported(String),
    /// The file ends before its data does; what is missing.
    #[error("truncated {0}")]
    Truncated(String),
    /// Image data a decoder refused; its words.
    #[error("damaged image data ({0})")]
    Corrupt(String),
    /// A RAW file with no usable embedded preview.
    #[error("this RAW file has no embedded preview to show")]
    NoPreview,
    #[error("{0}")]
    TooLarge(Oversize),
    /// A folder, pipe, device or socket where a photo was expected: never
    /// opened for reading.
    #[error("not a regular file (a folder, device, pipe or socket)")]
    NotRegular,
    #[error("permission denied")]
    PermissionDenied,
    /// Gone between the moment it was listed and the moment it was read.
    #[error("file vanished (moved or deleted since it was listed)")]
    Vanished,
    #[error("symbolic link loop (not followed)")]
    SymlinkLoop,
    /// The system's read error, in its words.
    #[error("read error ({0})")]
    Unreadable(String),
    /// The photo's metadata could not be read or written back (export).
    #[error("{0}")]
    Metadata(String),
    /// A copy that must stay a JPEG is not one Recap can rewrite (export).
    #[error("not a JPEG file Recap can rewrite: {0}")]
    NotJpeg(String),
    /// A bug met on this file's bytes (a panic caught by
    /// [`crate::guard::catch_file`]), contained to this one file.
    #[error("internal error while reading this file ({0})")]
    Internal(String),
}

/// What was too large.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Oversize {
    /// A file larger than a reader accepts, refused before reading.
    File { size: u64, limit: u64 },
    /// Width × height beyond the decoding limits (0 × 0: the decoder's own
    /// limit said so, before the size was known).
    Image { width: u64, height: u64 },
    /// A metadata block larger than a JPEG segment can hold (export).
    Segment(String),
}

impl fmt::Display for Oversize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Oversize::File { size, limit } => write!(f, "file too large ({size} bytes, at most {limit})"),
            Oversize::Image { width: 0, height: 0 } => write!(f, "image too large to render"),
            Oversize::Image { width, height } => write!(f, "image too large to render ({width}×{height})"),
            Oversize::Segment(block) => write!(f, "the {block} block is larger than a JPEG segment can hold"),
        }
    }
}

impl FileProblem {
    /// The stable wire code: `recap scan --json`'s `code`, the export
    /// report's, the app's. One per variant.
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "empty",
            FileProblem::NotAnImage { .. } => "not_an_image",
            FileProblem::Unsupported(_) => "unsupported",
            FileProblem::Truncated(_) => "truncated",
            FileProblem::Corrupt(_) => "corrupt",
            FileProblem::NoPreview => "no_preview",
            FileProblem::TooLarge(_) => "too_large",
            FileProblem::NotRegular => "not_regular",
            FileProblem::PermissionDenied => "permission_denied",
            FileProblem::Vanished => "vanished",
            FileProblem::SymlinkLoop => "symlink_loop",
            FileProblem::Unreadable(_) => "unreadable",
            FileProblem::Metadata(_) => "metadata",
            FileProblem::NotJpeg(_) => "not_jpeg",
            FileProblem::Internal(_) => "internal",
        }
    }

    /// One value of each variant, for tables of codes (tests, front ends'
    /// word lists). The `match` in it fails to compile when a variant is
    /// added without a sample here.
    pub fn samples() -> Vec<FileProblem> {
        let all = vec![
            FileProblem::Empty,
            FileProblem::NotAnImage { claimed: Some("JPG".into()) },
            FileProblem::Unsupported("CRW".into()),
            FileProblem::Truncated("JPEG (no image data)".into()),
            FileProblem::Corrupt("bad Huffman code".into()),
            FileProblem::NoPreview,
            FileProblem::TooLarge(Oversize::Image { width: 70_000, height: 70_000 }),
            FileProblem::NotRegular,
            FileProblem::PermissionDenied,
            FileProblem::Vanished,
            FileProblem::SymlinkLoop,
            FileProblem::Unreadable("Input/output error (os error 5)".into()),
            FileProblem::Metadata("EXIF could not be written".into()),
            FileProblem::NotJpeg("no SOI marker".into()),
            FileProblem::Internal("index out of bounds".into()),
        ];
        for p in &all {
            match p {
                FileProblem::Empty
                | FileProblem::NotAnImage { .. }
                | FileProblem::Unsupported(_)
                | FileProblem::Truncated(_)
                | FileProblem::Corrupt(_)
                | FileProblem::NoPreview
                | FileProblem::TooLarge(_)
                | FileProblem::NotRegular
                | FileProblem::PermissionDenied
                | FileProblem::Vanished
                | FileProblem::SymlinkLoop
                | FileProblem::Unreadable(_)
                | FileProblem::Metadata(_)
                | FileProblem::NotJpeg(_)
                | FileProblem::Internal(_) => {}
            }
        }
        all
    }

    /// The problem an I/O error on a photo means.
    pub fn from_io(e: &std::io::Error) -> FileProblem {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => FileProblem::PermissionDenied,
            std::io::ErrorKind::NotFound => FileProblem::Vanished,
            std::io::ErrorKind::UnexpectedEof => FileProblem::Truncated("file".into()),
            _ => FileProblem::Unreadable(e.to_string()),
        }
    }

    /// The catalog's stored form (JSON: a row a person can read).
    pub fn to_stored(&self) -> String {
        // Cannot fail (plain strings and numbers); an empty row would only
        // make the next scan read the file again.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Back from [`FileProblem::to_stored`]. `None` for anything else, such
    /// as the plain sentences earlier versions stored: the caller reads
    /// that file again rather than guess a code from words.
    pub fn from_stored(text: &str) -> Option<FileProblem> {
        serde_json::from_str(text).ok()
    }
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
    fn every_file_problem_has_its_own_code_and_a_message() {
        let all = FileProblem::samples();
        let mut codes: Vec<&str> = all.iter().map(FileProblem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "two variants share a code: {codes:?}");
        for p in &all {
            let text = p.to_string();
            assert!(!text.trim().is_empty(), "{p:?} has no message");
            assert!(p.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", p.code());
            // The catalog keeps the problem itself, not its words.
            assert_eq!(FileProblem::from_stored(&p.to_stored()).as_ref(), Some(p));
        }
    }

    #[test]
    fn a_skip_code_comes_from_its_problem_not_its_words() {
        // Details that read like another cause's sentence keep their own code.
        for (problem, code) in [
            (FileProblem::Unreadable("permission denied by the antivirus".into()), "unreadable"),
            (FileProblem::Corrupt("truncated Huffman table".into()), "corrupt"),
            (FileProblem::Internal("empty file".into()), "internal"),
            (FileProblem::Unsupported("not an image we know".into()), "unsupported"),
        ] {
            let s = Skipped::new("/m/permission denied.jpg".into(), &problem);
            assert_eq!(s.code, code, "{}", s.reason);
            assert_eq!(s.reason, problem.to_string());
        }
        // Sentences stored by earlier versions are not decoded into a code.
        for old in ["truncated JPEG (no image data)", "not_regular\u{1f}not a regular file", "empty file"] {
            assert_eq!(FileProblem::from_stored(old), None, "{old}");
        }
    }

    #[test]
    fn messages_keep_the_words_front_ends_and_tests_know() {
        let jpg = FileProblem::NotAnImage { claimed: Some("JPG".into()) };
        assert_eq!(jpg.to_string(), "not an image: the content is not a JPG file");
        assert_eq!(FileProblem::NotAnImage { claimed: None }.to_string(), "not an image");
        assert_eq!(FileProblem::Truncated("JPEG (no image data)".into()).to_string(), "truncated JPEG (no image data)");
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(FileProblem::from_io(&io).code(), "vanished");
    }
}
