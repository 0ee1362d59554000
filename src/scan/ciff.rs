//! Canon's CIFF ("Camera Image File Format"): the CRW RAW files of Canon's
//! cameras before 2004, and the APP0 block some of their JPEGs carry. Its
//! date, maker and model are not in EXIF at all; they are read here.
//!
//! A CIFF block is a heap: the last four bytes of the heap give where its
//! table is (from the heap's start); the table lists records (tag, size,
//! offset), and a record may itself be a heap. Every length and offset is
//! untrusted: each is checked against its heap, and the walk is bounded in
//! depth and in records.

use super::meta::ExifFacts;
use crate::model::DateSource;

/// Heaps nest three deep in real files; a crafted loop stops here.
const MAX_DEPTH: u8 = 6;
/// Records read in all (a CRW has about fifty).
const MAX_RECORDS: usize = 4096;
/// Records in one table.
const MAX_TABLE: usize = 1024;

/// Maker and model, NUL-separated ("Canon\0Canon EOS DIGITAL REBEL\0").
const MAKE_MODEL: u16 = 0x080a;
/// Capture time (seconds since 1970 on the camera's clock), zone code, zone info.
const TIME_STAMP: u16 = 0x180e;
/// Width, height, pixel aspect ratio, rotation.
const IMAGE_INFO: u16 = 0x1810;

/// The signature after the byte order and header length: a CRW file, or the
/// APP0 block of a Canon JPEG.
pub(super) fn is_ciff(bytes: &[u8]) -> bool {
    matches!(bytes.get(0..2), Some(b"II" | b"MM")) && matches!(bytes.get(6..14), Some(b"HEAPCCDR" | b"HEAPJPGM"))
}

/// The facts of the CIFF block that starts at 0 and ends at `len`, its bytes
/// fetched by `read(offset, len)` (`None` where the block does not have them).
pub(super) fn facts(read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>, len: u64) -> Option<ExifFacts> {
    let head = read(0, 14)?;
    if !is_ciff(&head) {
        return None;
    }
    let mut walk = Walk { read, big: &head[0..2] == b"MM", records: 0, facts: ExifFacts::default() };
    let start = u64::from(walk.u32(&head[2..6]));
    walk.heap(start, len, 0);
    Some(walk.facts)
}

struct Walk<'a> {
    read: &'a mut dyn FnMut(u64, usize) -> Option<Vec<u8>>,
    big: bool,
    records: usize,
    facts: ExifFacts,
}

impl Walk<'_> {
    fn u16(&self, b: &[u8]) -> u16 {
        super::read::endian_u16(self.big, b)
    }

    fn u32(&self, b: &[u8]) -> u32 {
        super::read::endian_u32(self.big, b)
    }

    /// Reads the heap between `start` and `end` (offsets in the block).
    fn heap(&mut self, start: u64, end: u64, depth: u8) {
        if depth > MAX_DEPTH || end < start + 6 {
            return;
        }
        let Some(at) = (self.read)(end - 4, 4) else { return };
        let table = start + u64::from(self.u32(&at));
        if table + 2 > end - 4 {
            return;
        }
        let Some(count) = (self.read)(table, 2) else { return };
        let count = usize::from(self.u16(&count)).min(MAX_TABLE);
        let Some(entries) = (self.read)(table + 2, 10 * count) else { return };
        for entry in entries.chunks_exact(10) {
            self.records += 1;
            if self.records > MAX_RECORDS {
                return;
            }
            let tag = self.u16(&entry[0..2]);
            // Bits 14–15: where the value is (0: in the heap; 1: in the
            // record's own 8 bytes); bits 11–13: its type.
            let in_record = tag & 0xC000 == 0x4000;
            if tag & 0xC000 > 0x4000 {
                continue;
            }
            let (size, offset) = (u64::from(self.u32(&entry[2..6])), u64::from(self.u32(&entry[6..10])));
            let value = |walk: &mut Self, max: u64| -> Option<Vec<u8>> {
                if in_record {
                    return Some(entry[2..10].to_vec());
                }
                let from = start.checked_add(offset)?;
                (from.checked_add(size)? <= table && size <= max).then(|| (walk.read)(from, size as usize)).flatten()
            };
            match (tag & 0x3FFF, tag & 0x3800) {
                (_, 0x2800 | 0x3000) if !in_record => {
                    if let Some(sub) = start.checked_add(offset).filter(|s| s.saturating_add(size) <= table) {
                        self.heap(sub, sub + size, depth + 1);
                    }
                }
                (MAKE_MODEL, _) => {
                    if let Some(v) = value(self, 256) {
                        let mut parts = v.split(|b| *b == 0).map(text);
                        self.facts.make = self.facts.make.take().or(parts.next().flatten());
                        self.facts.model = self.facts.model.take().or(parts.next().flatten());
                    }
                }
                (TIME_STAMP, _) => {
                    if let Some(v) = value(self, 64).filter(|v| v.len() >= 4) {
                        // The camera's clock, kept as seconds since 1970 as
                        // though it were UTC: read back the same way, it is
                        // the local time the camera showed.
                        let secs = self.u32(&v[0..4]);
                        let dt = chrono::DateTime::from_timestamp(i64::from(secs), 0).map(|d| d.naive_utc());
                        if let Some(dt) = dt.filter(|_| secs != 0 && secs != u32::MAX) {
                            self.facts.datetime.get_or_insert(dt);
                            self.facts.datetime_source.get_or_insert(DateSource::DateTimeOriginal);
                        }
                    }
                }
                (IMAGE_INFO, _) => {
                    if let Some(v) = value(self, 64).filter(|v| v.len() >= 8) {
                        let (w, h) = (self.u32(&v[0..4]), self.u32(&v[4..8]));
                        if (1..=100_000).contains(&w) && (1..=100_000).contains(&h) {
                            self.facts.width.get_or_insert(w);
                            self.facts.height.get_or_insert(h);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A NUL-terminated or padded string, trimmed; `None` when empty.
fn text(b: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(b).trim().to_string();
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CRW as a camera lays it out: header, a root heap holding one
    /// sub-heap with the time stamp and the image info, and the maker and
    /// model in another.
    fn crw() -> Vec<u8> {
        let mut f = b"II\x1a\0\0\0HEAPCCDR\x02\0\x01\0\0\0\0\0\0\0\0\0".to_vec();
        let root = f.len() as u32;
        // Sub-heap 1: two records whose values sit in the record itself.
        let sub1 = f.len() as u32 - root;
        let mut h = vec![];
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&(0x4000 | TIME_STAMP).to_le_bytes());
        h.extend_from_slice(&1_068_486_966u32.to_le_bytes()); // 2003-11-10 17:56:06
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&(0x4000 | IMAGE_INFO).to_le_bytes());
        h.extend_from_slice(&3072u32.to_le_bytes());
        h.extend_from_slice(&2048u32.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes()); // table at the heap's start
        f.extend_from_slice(&h);
        let sub1_len = h.len() as u32;
        // Sub-heap 2: the maker and model as a value in the heap.
        let sub2 = f.len() as u32 - root;
        let value = b"Canon\0Canon EOS DIGITAL REBEL\0\0\0";
        let mut h = value.to_vec();
        h.extend_from_slice(&1u16.to_le_bytes());
        h.extend_from_slice(&MAKE_MODEL.to_le_bytes());
        h.extend_from_slice(&(value.len() as u32).to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&(value.len() as u32).to_le_bytes());
        f.extend_from_slice(&h);
        let sub2_len = h.len() as u32;
        // The root table.
        let table = f.len() as u32 - root;
        f.extend_from_slice(&2u16.to_le_bytes());
        for (tag, len, at) in [(0x300a_u16, sub1_len, sub1), (0x2807, sub2_len, sub2)] {
            f.extend_from_slice(&tag.to_le_bytes());
            f.extend_from_slice(&len.to_le_bytes());
            f.extend_from_slice(&at.to_le_bytes());
        }
        f.extend_from_slice(&table.to_le_bytes());
        f
    }

    fn read_from(bytes: &[u8]) -> Option<ExifFacts> {
        let mut read =
            |at: u64, len: usize| bytes.get(at as usize..(at as usize).checked_add(len)?).map(<[u8]>::to_vec);
        facts(&mut read, bytes.len() as u64)
    }

    #[test]
    fn crw_date_make_model_and_size() {
        let f = read_from(&crw()).expect("a CIFF block");
        assert_eq!(f.datetime.map(|d| d.to_string()).as_deref(), Some("2003-11-10 17:56:06"));
        assert_eq!(f.datetime_source, Some(DateSource::DateTimeOriginal));
        assert_eq!(f.make.as_deref(), Some("Canon"));
        assert_eq!(f.model.as_deref(), Some("Canon EOS DIGITAL REBEL"));
        assert_eq!((f.width, f.height), (Some(3072), Some(2048)));
    }

    #[test]
    fn every_cut_and_every_flipped_byte_of_a_crw_is_read_without_a_panic() {
        let whole = crw();
        for n in 0..whole.len() {
            let _ = read_from(&whole[..n]);
            for bit in [0x01, 0x80, 0xFF] {
                let mut bad = whole.clone();
                bad[n] ^= bit;
                let _ = read_from(&bad);
            }
        }
    }

    #[test]
    fn a_heap_that_contains_itself_stops() {
        // The root table's one record is a sub-heap spanning the root.
        let mut f = b"II\x0e\0\0\0HEAPCCDR".to_vec();
        f.extend_from_slice(&1u16.to_le_bytes());
        f.extend_from_slice(&0x300au16.to_le_bytes());
        f.extend_from_slice(&16u32.to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(read_from(&f), Some(ExifFacts::default()));
    }
}
