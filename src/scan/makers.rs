//! RAW formats whose only date, maker and model are in a block of the
//! maker's own, not in EXIF: Kyocera's RAW (fixed places, strings written
//! backwards) and Sigma's X3F (a property list in UTF-16). Every offset is
//! untrusted and checked.

use super::meta::{self, ExifFacts};
use crate::model::DateSource;

/// Kyocera writes "KYOCERA" backwards at 0x19.
pub(super) fn is_kyocera(head: &[u8]) -> bool {
    head.get(0x19..0x20) == Some(b"ARECOYK")
}

/// The facts of a Kyocera RAW from its first bytes.
pub(super) fn kyocera(head: &[u8]) -> ExifFacts {
    let backwards = |from: usize, len: usize| -> Option<String> {
        let mut b = head.get(from..from + len)?.to_vec();
        b.reverse();
        let s = String::from_utf8_lossy(&b).trim_matches(|c: char| c == '\0' || c.is_whitespace()).to_string();
        (!s.is_empty()).then_some(s)
    };
    let mut f = ExifFacts { make: backwards(0x19, 7), model: backwards(0x0c, 12), ..ExifFacts::default() };
    if let Some(dt) = backwards(0x21, 20).as_deref().and_then(meta::parse_datetime) {
        f.datetime = Some(dt);
        f.datetime_source = Some(DateSource::DateTimeOriginal);
    }
    f
}

/// Most properties read from an X3F's list, and most UTF-16 units in it.
const MAX_PROPS: usize = 1024;
const MAX_CHARS: usize = 1 << 16;

/// The facts of a Sigma X3F: its section directory is named by the file's
/// last four bytes, and its PROP section holds `CAMMANUF`, `CAMMODEL` and
/// `TIME` (seconds since 1970 on the camera's clock).
pub(super) fn x3f(read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>, size: u64) -> Option<ExifFacts> {
    let u32_at = |b: &[u8], i: usize| b.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let dir = u64::from(u32_at(&read(size.checked_sub(4)?, 4)?, 0)?);
    let head = read(dir, 12)?;
    if &head[0..4] != b"SECd" {
        return None;
    }
    let count = (u32_at(&head, 8)? as usize).min(MAX_PROPS);
    let entries = read(dir + 12, 12 * count)?;
    let (offset, _) = entries
        .chunks_exact(12)
        .find(|e| &e[8..12] == b"PROP")
        .and_then(|e| Some((u64::from(u32_at(e, 0)?), u32_at(e, 4)?)))?;
    let prop = read(offset, 24)?;
    if &prop[0..4] != b"SECp" || u32_at(&prop, 12)? != 0 {
        return None;
    }
    let count = (u32_at(&prop, 8)? as usize).min(MAX_PROPS);
    let chars = (u32_at(&prop, 20)? as usize).min(MAX_CHARS);
    let pairs = read(offset + 24, 8 * count)?;
    let data = read(offset + 24 + 8 * count as u64, 2 * chars)?;
    let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let string = |at: u32| -> Option<String> {
        let rest = units.get(at as usize..)?;
        let end = rest.iter().position(|u| *u == 0).unwrap_or(rest.len());
        Some(String::from_utf16_lossy(&rest[..end]).trim().to_string()).filter(|s| !s.is_empty())
    };
    let mut f = ExifFacts::default();
    for pair in pairs.chunks_exact(8) {
        let (Some(name), Some(value)) = (u32_at(pair, 0).and_then(string), u32_at(pair, 4).and_then(string)) else {
            continue;
        };
        match name.as_str() {
            "CAMMANUF" => f.make = Some(value),
            "CAMMODEL" => f.model = Some(value),
            "TIME" => {
                let dt = value.parse::<i64>().ok().and_then(|s| chrono::DateTime::from_timestamp(s, 0));
                if let Some(dt) = dt.filter(|d| d.timestamp() > 0) {
                    f.datetime = Some(dt.naive_utc());
                    f.datetime_source = Some(DateSource::DateTimeOriginal);
                }
            }
            _ => {}
        }
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kyocera_file() -> Vec<u8> {
        let mut f = vec![0u8; 0x60];
        let put = |f: &mut Vec<u8>, at: usize, s: &str| {
            let mut b = s.as_bytes().to_vec();
            b.reverse();
            f[at..at + b.len()].copy_from_slice(&b);
        };
        put(&mut f, 0x0c, "   N DIGITAL");
        put(&mut f, 0x19, "KYOCERA");
        put(&mut f, 0x21, "2005:07:16 18:14:30 ");
        f
    }

    #[test]
    fn kyocera_strings_are_read_backwards() {
        let file = kyocera_file();
        assert!(is_kyocera(&file));
        let f = kyocera(&file);
        assert_eq!((f.make.as_deref(), f.model.as_deref()), (Some("KYOCERA"), Some("N DIGITAL")));
        assert_eq!(f.datetime.map(|d| d.to_string()).as_deref(), Some("2005-07-16 18:14:30"));
        for n in 0..file.len() {
            let _ = kyocera(&file[..n]);
        }
    }

    /// An X3F reduced to what is read: a PROP section and the directory.
    fn x3f_file() -> Vec<u8> {
        let mut f = b"FOVb\0\0\x02\0".to_vec();
        let prop = f.len() as u32;
        let mut chars: Vec<u16> = vec![];
        let mut pairs = vec![];
        for (k, v) in [("CAMMANUF", "SIGMA"), ("CAMMODEL", "SIGMA SD10"), ("TIME", "978309395")] {
            let name = chars.len() as u32;
            chars.extend(k.encode_utf16().chain([0]));
            let value = chars.len() as u32;
            chars.extend(v.encode_utf16().chain([0]));
            pairs.extend_from_slice(&name.to_le_bytes());
            pairs.extend_from_slice(&value.to_le_bytes());
        }
        f.extend_from_slice(b"SECp");
        for v in [0u32, 3, 0, 0, chars.len() as u32] {
            f.extend_from_slice(&v.to_le_bytes());
        }
        f.extend_from_slice(&pairs);
        f.extend(chars.iter().flat_map(|c| c.to_le_bytes()));
        let len = f.len() as u32 - prop;
        let dir = f.len() as u32;
        f.extend_from_slice(b"SECd");
        for v in [0u32, 1, prop, len] {
            f.extend_from_slice(&v.to_le_bytes());
        }
        f.extend_from_slice(b"PROP");
        f.extend_from_slice(&dir.to_le_bytes());
        f
    }

    fn read_x3f(bytes: &[u8]) -> Option<ExifFacts> {
        let mut read =
            |at: u64, len: usize| bytes.get(at as usize..(at as usize).checked_add(len)?).map(<[u8]>::to_vec);
        x3f(&mut read, bytes.len() as u64)
    }

    #[test]
    fn x3f_properties_give_date_make_and_model() {
        let f = read_x3f(&x3f_file()).expect("a property list");
        assert_eq!((f.make.as_deref(), f.model.as_deref()), (Some("SIGMA"), Some("SIGMA SD10")));
        assert_eq!(f.datetime.map(|d| d.to_string()).as_deref(), Some("2001-01-01 00:36:35"));
    }

    #[test]
    fn every_cut_and_flipped_byte_of_an_x3f_is_read_without_a_panic() {
        let whole = x3f_file();
        for n in 0..whole.len() {
            let _ = read_x3f(&whole[..n]);
            for bit in [0x01, 0x80, 0xFF] {
                let mut bad = whole.clone();
                bad[n] ^= bit;
                let _ = read_x3f(&bad);
            }
        }
    }
}
