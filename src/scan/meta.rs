//! From EXIF fields to [`PhotoMeta`] values. Camera firmware writes every
//! kind of nonsense, so each value is checked and dropped when it cannot be
//! true (latitude 213°, orientation 36865, year 0000) rather than trusted.

use crate::model::{DateSource, Gps};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use exif::{Context, Exif, Field, In, Tag, Value};

/// The metadata fields EXIF can give, before file-level facts are added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ExifFacts {
    pub datetime: Option<NaiveDateTime>,
    pub datetime_source: Option<DateSource>,
    pub subsec_ms: Option<u16>,
    pub offset: Option<String>,
    pub offset_source: Option<&'static str>,
    pub gps: Option<Gps>,
    pub gps_utc: Option<NaiveDateTime>,
    pub orientation: Option<u8>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Looks a tag up in the primary image, whatever IFD the parser filed it
/// under: some RAW containers (CR3) store the EXIF IFD as a TIFF of its own,
/// so its tags arrive in the wrong context. Lookups by key only: walking
/// `Exif::fields()` would decode every value in the file (most of a small
/// file's scan time).
fn field(exif: &Exif, tag: Tag) -> Option<&Field> {
    exif.get_field(tag, In::PRIMARY).or_else(|| {
        [Context::Tiff, Context::Exif, Context::Gps, Context::Interop]
            .into_iter()
            .filter(|c| *c != tag.0)
            .find_map(|c| exif.get_field(Tag(c, tag.1), In::PRIMARY))
    })
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    match &field(exif, tag)?.value {
        Value::Ascii(parts) => {
            let raw = parts.first()?;
            let text = String::from_utf8_lossy(raw);
            let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            (!text.is_empty()).then(|| text.to_string())
        }
        _ => None,
    }
}

fn uint(exif: &Exif, tag: Tag) -> Option<u32> {
    field(exif, tag)?.value.get_uint(0)
}

pub fn parse_datetime(raw: &str) -> Option<NaiveDateTime> {
    let s = raw.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    // "2017:06:04 10:32:00", sometimes with '-' or 'T' from software.
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if y == 0 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d)?;
    // Leap seconds and "24:00:00" exist in the wild; clamp to a valid time.
    let time = NaiveTime::from_hms_opt(h.min(23), mi.min(59), sec.min(59))?;
    Some(date.and_time(time))
}

fn datetime(exif: &Exif, tag: Tag) -> Option<NaiveDateTime> {
    parse_datetime(&ascii(exif, tag)?)
}

/// `+02:00`, checked against the range of real zones.
pub fn parse_offset(raw: &str) -> Option<String> {
    let s = raw.trim();
    let b = s.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let h: u32 = s.get(1..3)?.parse().ok()?;
    let m: u32 = s.get(4..6)?.parse().ok()?;
    (h <= 14 && m < 60 && (h < 14 || m == 0)).then(|| s.to_string())
}

fn subsec_ms(exif: &Exif) -> Option<u16> {
    let s = ascii(exif, Tag::SubSecTimeOriginal)?;
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).take(3).collect();
    if digits.is_empty() {
        return None;
    }
    // "5" means 500 ms, "05" 50 ms.
    let scale = 10u16.pow(3 - digits.len() as u32);
    digits.parse::<u16>().ok().map(|v| v * scale)
}

fn rationals(exif: &Exif, tag: Tag) -> Option<Vec<f64>> {
    match &field(exif, tag)?.value {
        Value::Rational(v) => {
            Some(v.iter().map(|r| if r.denom == 0 { f64::NAN } else { r.num as f64 / r.denom as f64 }).collect())
        }
        Value::SRational(v) => {
            Some(v.iter().map(|r| if r.denom == 0 { f64::NAN } else { r.num as f64 / r.denom as f64 }).collect())
        }
        _ => None,
    }
}

fn dms(exif: &Exif, tag: Tag) -> Option<f64> {
    let v = rationals(exif, tag)?;
    let deg = *v.first()?;
    let min = v.get(1).copied().unwrap_or(0.0);
    let sec = v.get(2).copied().unwrap_or(0.0);
    let value = deg + min / 60.0 + sec / 3600.0;
    value.is_finite().then_some(value)
}

fn reference(exif: &Exif, tag: Tag) -> Option<u8> {
    match &field(exif, tag)?.value {
        Value::Ascii(parts) => parts.first()?.first().map(|c| c.to_ascii_uppercase()),
        _ => None,
    }
}

fn gps(exif: &Exif) -> Option<Gps> {
    let mut lat = dms(exif, Tag::GPSLatitude)?;
    let mut lon = dms(exif, Tag::GPSLongitude)?;
    if reference(exif, Tag::GPSLatitudeRef) == Some(b'S') {
        lat = -lat;
    }
    if reference(exif, Tag::GPSLongitudeRef) == Some(b'W') {
        lon = -lon;
    }
    // 0/0 is what a phone writes when it had no fix.
    if lat.abs() > 90.0 || lon.abs() > 180.0 || (lat == 0.0 && lon == 0.0) {
        return None;
    }
    let alt = rationals(exif, Tag::GPSAltitude)
        .and_then(|v| v.first().copied())
        .filter(|a| a.is_finite() && a.abs() < 100_000.0)
        .map(|a| if uint(exif, Tag::GPSAltitudeRef) == Some(1) { -a } else { a });
    Some(Gps { lat, lon, alt })
}

fn gps_utc(exif: &Exif) -> Option<NaiveDateTime> {
    let date = ascii(exif, Tag::GPSDateStamp)?;
    let date = NaiveDate::parse_from_str(date.get(0..10)?, "%Y:%m:%d").ok()?;
    let t = rationals(exif, Tag::GPSTimeStamp)?;
    let (h, m, s) = (*t.first()?, *t.get(1)?, *t.get(2)?);
    if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&s) {
        return None;
    }
    let time = NaiveTime::from_hms_opt(h as u32, m as u32, (s as u32).min(59))?;
    Some(date.and_time(time))
}

/// Pulls every field Recap uses out of a parsed EXIF block.
pub fn facts(exif: &Exif) -> ExifFacts {
    let mut f = ExifFacts::default();

    // The original capture time is the truth; the others are fallbacks the
    // user is told about.
    let dates = [
        (Tag::DateTimeOriginal, DateSource::DateTimeOriginal),
        (Tag::DateTimeDigitized, DateSource::CreateDate),
        (Tag::DateTime, DateSource::ModifyDate),
    ];
    if let Some((dt, src)) = dates.iter().find_map(|(t, s)| datetime(exif, *t).map(|d| (d, *s))) {
        f.datetime = Some(dt);
        f.datetime_source = Some(src);
        if src == DateSource::DateTimeOriginal {
            f.subsec_ms = subsec_ms(exif);
        }
    }
    let offsets: &[(Tag, &'static str)] = match f.datetime_source {
        Some(DateSource::DateTimeOriginal) | None => {
            &[(Tag::OffsetTimeOriginal, "offset_time_original"), (Tag::OffsetTime, "offset_time")]
        }
        Some(DateSource::CreateDate) => &[
            (Tag::OffsetTimeDigitized, "offset_time_digitized"),
            (Tag::OffsetTimeOriginal, "offset_time_original"),
            (Tag::OffsetTime, "offset_time"),
        ],
        _ => &[(Tag::OffsetTime, "offset_time")],
    };
    if let Some((o, src)) =
        offsets.iter().find_map(|(t, s)| ascii(exif, *t).and_then(|v| parse_offset(&v)).map(|o| (o, *s)))
    {
        f.offset = Some(o);
        f.offset_source = Some(src);
    }
    f.gps = gps(exif);
    f.gps_utc = gps_utc(exif);
    f.orientation = uint(exif, Tag::Orientation).filter(|o| (1..=8).contains(o)).map(|o| o as u8);
    f.make = ascii(exif, Tag::Make);
    f.model = ascii(exif, Tag::Model);
    f.serial = ascii(exif, Tag::BodySerialNumber);
    let dim = |t| uint(exif, t).filter(|v| *v > 0 && *v < 1_000_000);
    f.width = dim(Tag::PixelXDimension).or_else(|| dim(Tag::ImageWidth));
    f.height = dim(Tag::PixelYDimension).or_else(|| dim(Tag::ImageLength));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_the_wild() {
        let d = |s| parse_datetime(s).map(|d| d.to_string());
        assert_eq!(d("2017:06:04 10:32:00"), Some("2017-06-04 10:32:00".into()));
        assert_eq!(d("2017-06-04T10:32:00"), Some("2017-06-04 10:32:00".into()));
        assert_eq!(d("0000:00:00 00:00:00"), None);
        assert_eq!(d("    :  :     :  :  "), None);
        assert_eq!(d("2017:13:04 10:32:00"), None);
        assert_eq!(d("2017:06:04"), None);
    }

    #[test]
    fn offsets_are_checked() {
        assert_eq!(parse_offset("+02:00").as_deref(), Some("+02:00"));
        assert_eq!(parse_offset("-04:00").as_deref(), Some("-04:00"));
        assert_eq!(parse_offset("+14:00").as_deref(), Some("+14:00"));
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(parse_offset("02:00"), None);
        assert_eq!(parse_offset("   :  "), None);
    }
}
