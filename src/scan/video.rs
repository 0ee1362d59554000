//! The creation time of a QuickTime/MP4 file, from its `mvhd` box. Only box
//! headers are read; `moov` may sit at the end, so the walk seeks.

use chrono::{DateTime, NaiveDateTime};
use std::io::{Read, Seek, SeekFrom};

/// Seconds between 1904-01-01 (the QuickTime epoch) and 1970-01-01.
const EPOCH_1904: i64 = 2_082_844_800;

pub fn creation_time<R: Read + Seek>(r: &mut R) -> Option<NaiveDateTime> {
    let moov = find_box(r, b"moov", u64::MAX)?;
    r.seek(SeekFrom::Start(moov.0)).ok()?;
    let mvhd = find_box(r, b"mvhd", moov.0.saturating_add(moov.1))?;
    r.seek(SeekFrom::Start(mvhd.0)).ok()?;
    let mut vf = [0u8; 12];
    r.read_exact(&mut vf).ok()?;
    let secs = if vf[0] == 1 {
        let mut rest = [0u8; 4];
        r.read_exact(&mut rest).ok()?;
        u64::from_be_bytes([vf[4], vf[5], vf[6], vf[7], vf[8], vf[9], vf[10], vf[11]]) as i64
    } else {
        u32::from_be_bytes([vf[4], vf[5], vf[6], vf[7]]) as i64
    };
    // Zero means "not set"; many encoders write it.
    if secs == 0 {
        return None;
    }
    // A 64-bit time is the file's word: far out of range, it is no date.
    DateTime::from_timestamp(secs.checked_sub(EPOCH_1904)?, 0).map(|d| d.naive_utc())
}

/// Finds a box among siblings starting at the current position; returns the
/// body's offset and length.
fn find_box<R: Read + Seek>(r: &mut R, name: &[u8; 4], end: u64) -> Option<(u64, u64)> {
    let mut pos = r.stream_position().ok()?;
    for _ in 0..10_000 {
        // Every size and position below comes from the file: checked.
        if pos.checked_add(8)? > end {
            return None;
        }
        let mut h = [0u8; 8];
        r.read_exact(&mut h).ok()?;
        let mut size = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as u64;
        let mut header = 8;
        if size == 1 {
            let mut big = [0u8; 8];
            r.read_exact(&mut big).ok()?;
            size = u64::from_be_bytes(big);
            header = 16;
        } else if size == 0 {
            size = r.seek(SeekFrom::End(0)).ok()?.checked_sub(pos)?;
        }
        if size < header {
            return None;
        }
        if &h[4..8] == name {
            return Some((pos.checked_add(header)?, size - header));
        }
        pos = pos.checked_add(size)?;
        r.seek(SeekFrom::Start(pos)).ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn reads_mvhd_after_mdat() {
        let mut f = Vec::new();
        f.extend_from_slice(b"\0\0\0\x14ftypqt  \0\0\0\0qt  ");
        f.extend_from_slice(b"\0\0\0\x10mdat01234567");
        let secs: u32 = (EPOCH_1904 + 1_496_572_320) as u32; // 2017-06-04 10:32:00 UTC
        let mut mvhd = vec![0u8; 4];
        mvhd.extend_from_slice(&secs.to_be_bytes());
        mvhd.extend_from_slice(&secs.to_be_bytes());
        mvhd.extend_from_slice(&[0; 88]);
        let mut moov = Vec::new();
        moov.extend_from_slice(&((mvhd.len() + 8) as u32).to_be_bytes());
        moov.extend_from_slice(b"mvhd");
        moov.extend_from_slice(&mvhd);
        f.extend_from_slice(&((moov.len() + 8) as u32).to_be_bytes());
        f.extend_from_slice(b"moov");
        f.extend_from_slice(&moov);
        let t = creation_time(&mut Cursor::new(f)).map(|t| t.to_string());
        assert_eq!(t.as_deref(), Some("2017-06-04 10:32:00"));
    }

    #[test]
    fn box_sizes_and_times_at_the_edge_of_u64_are_no_date_not_an_overflow() {
        // A box whose 64-bit size ends 4 bytes short of u64::MAX: the next
        // header position overflowed when 8 was added to it.
        let mut f = b"\0\0\0\x14ftypqt  \0\0\0\0qt  ".to_vec();
        f.extend_from_slice(&1u32.to_be_bytes());
        f.extend_from_slice(b"mdat");
        f.extend_from_slice(&(u64::MAX - 24).to_be_bytes());
        assert_eq!(creation_time(&mut Cursor::new(f)), None);
        // A version-1 mvhd whose creation time is negative as a signed number.
        let mut f = b"\0\0\0\x14ftypqt  \0\0\0\0qt  ".to_vec();
        let mut mvhd = vec![1u8, 0, 0, 0];
        mvhd.extend_from_slice(&0x8000_0000_0000_0001u64.to_be_bytes());
        mvhd.extend_from_slice(&[0; 100]);
        f.extend_from_slice(&((mvhd.len() + 16) as u32).to_be_bytes());
        f.extend_from_slice(b"moov");
        f.extend_from_slice(&((mvhd.len() + 8) as u32).to_be_bytes());
        f.extend_from_slice(b"mvhd");
        f.extend_from_slice(&mvhd);
        assert_eq!(creation_time(&mut Cursor::new(f)), None);
    }
}
