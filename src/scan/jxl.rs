//! JPEG XL: what its container and codestream say about a photo.
//!
//! A `.jxl` file is either a bare codestream (`FF 0A`: size and orientation,
//! no EXIF) or an ISO box container whose `Exif` box holds a TIFF block after
//! a four-byte offset, stored as it is or Brotli-compressed in a `brob` box
//! whose first four bytes name the box it stands for. The codestream sits in
//! one `jxlc` box or is split over `jxlp` boxes.
//!
//! Every box length is untrusted: each is checked against the file, the walk
//! is bounded in boxes, and a compressed box may unpack to [`MAX_EXIF`] bytes
//! at most, so a Brotli bomb costs that and no more.

use std::io::Read;

/// Most bytes an EXIF block may take, packed or unpacked. A camera's EXIF
/// is at most 64 KiB in a JPEG; a few hundred KiB of maker notes is already
/// rare.
const MAX_EXIF: usize = 4 << 20;
/// Boxes walked in all (a real file has a handful; an animation's `jxlp`
/// parts a few hundred).
const MAX_BOXES: usize = 4096;
/// Bytes of codestream read for its headers: the size and orientation fields
/// end within the first 20.
const CODESTREAM_HEAD: usize = 64;

pub(super) const CONTAINER: &[u8] = b"\0\0\0\x0CJXL \r\n\x87\n";
pub(super) const CODESTREAM: &[u8] = &[0xFF, 0x0A];

/// What a JPEG XL file gave.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The TIFF block of its `Exif` box, unpacked.
    pub exif: Option<Vec<u8>>,
    /// Size as stored (before orientation) and orientation (1–8), from the
    /// codestream's headers.
    pub size: Option<(u32, u32)>,
    pub orientation: Option<u8>,
    pub warnings: Vec<String>,
}

/// Reads the file whose bytes `read(offset, len)` fetches (`None` where the
/// file does not have them) and whose length is `len`.
pub(super) fn read(read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>, len: u64) -> Found {
    let mut found = Found::default();
    let head = read(0, CONTAINER.len().min(len as usize)).unwrap_or_default();
    if head.starts_with(CODESTREAM) {
        let cs = read(0, CODESTREAM_HEAD.min(len as usize)).unwrap_or_default();
        headers(&cs, &mut found);
        return found;
    }
    if head != CONTAINER {
        return found;
    }
    let mut offset = CONTAINER.len() as u64;
    let mut codestream_seen = false;
    for _ in 0..MAX_BOXES {
        if offset >= len || (found.exif.is_some() && codestream_seen) {
            break;
        }
        let Some(b) = next_box(read, offset, len) else {
            found.warnings.push(format!("damaged JPEG XL container: a box at byte {offset} has no valid size"));
            break;
        };
        match &b.kind {
            b"Exif" if found.exif.is_none() => found.exif = exif_box(read, &b, false, &mut found.warnings),
            b"brob" if found.exif.is_none() => {
                let inner = read(b.body, 4.min(b.body_len) as usize);
                if inner.as_deref() == Some(b"Exif") {
                    found.exif = exif_box(read, &b, true, &mut found.warnings);
                }
            }
            // The first part of a split codestream carries a part counter first.
            b"jxlc" | b"jxlp" if !codestream_seen => {
                codestream_seen = true;
                let skip = if &b.kind == b"jxlp" { 4 } else { 0 };
                let n = b.body_len.saturating_sub(skip).min(CODESTREAM_HEAD as u64) as usize;
                if let Some(cs) = read(b.body + skip, n) {
                    headers(&cs, &mut found);
                }
            }
            _ => {}
        }
        if b.truncated {
            found.warnings.push("truncated JPEG XL file: the file ends inside a box".into());
            break;
        }
        offset = b.body + b.body_len;
    }
    found
}

/// One box: its type, where its body starts and how long it is (clipped to
/// the file when the box says more than the file has).
struct Box4 {
    kind: [u8; 4],
    body: u64,
    body_len: u64,
    truncated: bool,
}

fn next_box(read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>, offset: u64, len: u64) -> Option<Box4> {
    let h = read(offset, 8)?;
    let size = u64::from(u32::from_be_bytes(h[0..4].try_into().ok()?));
    let kind: [u8; 4] = h[4..8].try_into().ok()?;
    let (header, size) = match size {
        // Up to the end of the file: only the last box may say so.
        0 => (8, len - offset),
        1 => {
            let large = read(offset + 8, 8)?;
            (16, u64::from_be_bytes(large[..].try_into().ok()?))
        }
        s => (8, s),
    };
    if size < header {
        return None;
    }
    let end = offset.checked_add(size)?;
    let truncated = end > len;
    Some(Box4 { kind, body: offset + header, body_len: end.min(len) - offset - header, truncated })
}

/// The TIFF block of an `Exif` box (or of a `brob` box standing for one),
/// after the four-byte offset to its header; `None` with a warning when the
/// box is too large, does not unpack, or points outside itself.
fn exif_box(
    read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>,
    b: &Box4,
    packed: bool,
    warnings: &mut Vec<String>,
) -> Option<Vec<u8>> {
    let mut bad = |why: String| {
        warnings.push(format!("unreadable EXIF (the JPEG XL Exif box {why})"));
        None
    };
    if b.body_len > MAX_EXIF as u64 {
        return bad(format!("is larger than {} MiB", MAX_EXIF >> 20));
    }
    let Some(body) = read(b.body, b.body_len as usize) else {
        return bad("is cut short".into());
    };
    let body = if packed {
        let mut out = Vec::new();
        let unpacked = brotli_decompressor::Decompressor::new(body.get(4..).unwrap_or_default(), 4096)
            .take(MAX_EXIF as u64 + 1)
            .read_to_end(&mut out);
        if let Err(e) = unpacked {
            return bad(format!("does not unpack: {e}"));
        }
        if out.len() > MAX_EXIF {
            return bad(format!("unpacks to more than {} MiB", MAX_EXIF >> 20));
        }
        out
    } else {
        body
    };
    let start = body.get(0..4).map(|o| u32::from_be_bytes([o[0], o[1], o[2], o[3]]) as usize);
    match start.and_then(|s| body.get(s.checked_add(4)?..)) {
        Some(tiff) if tiff.starts_with(b"II*\0") || tiff.starts_with(b"MM\0*") => Some(tiff.to_vec()),
        _ => bad("holds no TIFF header".into()),
    }
}

/// Size and orientation from the codestream's first headers (SizeHeader and
/// the start of ImageMetadata, ISO/IEC 18181-1 §A.3); nothing when they do
/// not parse.
fn headers(cs: &[u8], found: &mut Found) {
    let Some(rest) = cs.strip_prefix(CODESTREAM) else { return };
    let mut bits = Bits { bytes: rest, pos: 0 };
    if let Some((size, orientation)) = bits.headers() {
        found.size = Some(size);
        found.orientation = Some(orientation);
    }
}

/// The codestream's bit reader: least significant bit first.
struct Bits<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn bits(&mut self, n: u32) -> Option<u32> {
        let mut v = 0u32;
        for i in 0..n {
            let byte = *self.bytes.get(self.pos / 8)?;
            v |= u32::from((byte >> (self.pos % 8)) & 1) << i;
            self.pos += 1;
        }
        Some(v)
    }

    /// A dimension: a two-bit selector, then 9, 13, 18 or 30 bits, plus one.
    fn dimension(&mut self) -> Option<u32> {
        let n = [9, 13, 18, 30][self.bits(2)? as usize];
        Some(self.bits(n)? + 1)
    }

    fn headers(&mut self) -> Option<((u32, u32), u8)> {
        let small = self.bits(1)? == 1;
        let height = if small { (self.bits(5)? + 1) * 8 } else { self.dimension()? };
        let ratio = self.bits(3)?;
        let width = match ratio {
            0 if small => (self.bits(5)? + 1) * 8,
            0 => self.dimension()?,
            r => {
                let (num, den) = [(1, 1), (12, 10), (4, 3), (3, 2), (16, 9), (5, 4), (2, 1)][r as usize - 1];
                u32::try_from(u64::from(height) * num / den).ok()?
            }
        };
        // ImageMetadata: all_default, then extra_fields, then orientation.
        let orientation = if self.bits(1)? == 1 || self.bits(1)? == 0 { 1 } else { self.bits(3)? as u8 + 1 };
        Some(((width, height), orientation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Found {
        let mut at = |o: u64, n: usize| bytes.get(o as usize..(o as usize).checked_add(n)?).map(<[u8]>::to_vec);
        super::read(&mut at, bytes.len() as u64)
    }

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }

    #[test]
    fn bare_codestream_gives_size() {
        // exiftool's own test file: 200×130.
        let f = run(b"\xff\x0a\x08\x04\x8e\x81<dummy jxl data>");
        assert_eq!(f.size, Some((200, 130)));
        assert_eq!(f.orientation, Some(1));
        assert!(f.exif.is_none());
    }

    #[test]
    fn small_size_header_with_a_ratio() {
        // small = 1, height (7+1)*8 = 64, ratio 4 (3:2) → 96×64; all_default.
        let bits: u32 = 1 | (7 << 1) | (4 << 6) | (1 << 9);
        let bytes = [0xFF, 0x0A, bits as u8, (bits >> 8) as u8];
        assert_eq!(run(&bytes).size, Some((96, 64)));
    }

    #[test]
    fn exif_box_offset_is_honoured_and_checked() {
        let mut c = CONTAINER.to_vec();
        c.extend(boxed(b"Exif", b"\0\0\0\x02..II*\0\x08\0\0\0"));
        assert_eq!(run(&c).exif.as_deref(), Some(&b"II*\0\x08\0\0\0"[..]));

        let mut bad = CONTAINER.to_vec();
        bad.extend(boxed(b"Exif", b"\xff\xff\xff\xffII*\0"));
        let f = run(&bad);
        assert!(f.exif.is_none());
        assert!(f.warnings.iter().any(|w| w.contains("no TIFF header")), "{:?}", f.warnings);
    }

    #[test]
    fn box_sizes_that_lie_stop_the_walk_without_a_panic() {
        let exif = |size: u32| {
            let mut c = CONTAINER.to_vec();
            c.extend(size.to_be_bytes());
            c.extend(b"Exif\0\0\0\0II*\0");
            run(&c)
        };
        for size in [2u32, 7] {
            let f = exif(size);
            assert!(f.exif.is_none());
            assert_eq!(f.warnings.len(), 1, "size {size}: {:?}", f.warnings);
        }
        // "To the end of the file" is how a last box may say its size.
        assert!(exif(0).exif.is_some() && exif(0).warnings.is_empty());
        // A box longer than the file: what it holds is kept, and said to be cut.
        let f = exif(u32::MAX);
        assert!(f.warnings.iter().any(|w| w.starts_with("truncated")), "{:?}", f.warnings);
        // A 64-bit size past any file.
        let mut c = CONTAINER.to_vec();
        c.extend(1u32.to_be_bytes());
        c.extend(b"brob");
        c.extend(u64::MAX.to_be_bytes());
        assert_eq!(run(&c).warnings.len(), 1);
    }
}
