//! Reading one file's metadata. Only the head of the file is read where the
//! format allows; every failure becomes a reason a person understands.

use super::ciff;
use super::jxl;
use super::makers;
use super::meta::{self, ExifFacts};
use super::sniff::{self, Sniffed};
use super::video;
use crate::model::{DateSource, FileProblem, Format};
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

/// How much of a file is read up front: the EXIF block of a phone photo and
/// the frame header after it fit in 16 KiB nearly always.
const FIRST: u64 = 16 * 1024;
/// How far a JPEG's head is read when the first part was not enough: APP1
/// is at most 64 KiB, so this covers EXIF and the SOF marker that follows.
const HEAD: u64 = 96 * 1024;
/// How far from the end a JPEG's end-of-image marker may sit: cameras append
/// trailers (Samsung, Ricoh) after it.
const TAIL: u64 = 8 * 1024;
/// How far into a JPEG its frame header is looked for when the segments
/// before it are unusual: far past any real metadata (ICC profiles and
/// Photoshop blocks of a few MB), and a bound on a crafted file of zeros.
const FRAME_SCAN: u64 = 16 << 20;

/// What reading a file produced.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub format: Option<Format>,
    pub exif: ExifFacts,
    pub warnings: Vec<String>,
}

thread_local! {
    // One head buffer per worker thread: allocating and freeing 96 KiB per
    // file made malloc the scan's hottest function.
    static HEAD_BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(HEAD as usize));
}

/// A file's size and modification time (nanoseconds since the epoch), as
/// the open file reports them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i64,
}

impl Stat {
    pub fn of(md: &std::fs::Metadata) -> Stat {
        let mtime_ns = md
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64);
        Stat { size: md.len(), mtime_ns }
    }
}

/// Reads `path`'s metadata. `stat` is filled from the open file (one
/// `fstat`, no second path lookup) before anything can fail on content, so
/// a skipped file is still remembered with its size and time.
pub fn read(path: &Path, stat: &mut Stat) -> Result<FileFacts, FileProblem> {
    HEAD_BUF.with_borrow_mut(|head| {
        head.clear();
        read_with(path, head, stat)
    })
}

fn read_with(path: &Path, head: &mut Vec<u8>, stat: &mut Stat) -> Result<FileFacts, FileProblem> {
    let mut file = open(path)?;
    *stat = Stat::of(&file.metadata().map_err(|e| FileProblem::from_io(&e))?);
    // Knowing the size, read exactly what is wanted: no extra read() just to
    // learn that a small file has ended.
    // (Through `take`: once `want` bytes are in, it answers "end" without a
    // system call, and the buffer is not zeroed first.)
    let want = stat.size.min(FIRST) as usize;
    head.reserve(want);
    let got = (&mut file).take(want as u64).read_to_end(head).map_err(|e| FileProblem::from_io(&e))?;
    // The whole file is in memory when the size says so (a file that grows
    // after the fstat gets a new mtime, so the next scan reads it again), or
    // when it shrank under us.
    let complete = stat.size <= FIRST || got < want;
    if sniff::sniff(head, "") == Sniffed::Known(Format::Jpeg) {
        let mut facts = FileFacts { format: Some(Format::Jpeg), ..Default::default() };
        read_jpeg(&mut file, head, complete, stat.size, &mut facts)?;
        return Ok(facts);
    }
    // Other formats place their metadata less predictably (HEIC's `meta`
    // box, PNG chunks, TIFF IFDs): they get the longer head at once.
    let mut complete = complete;
    grow(&mut file, head, &mut complete).map_err(|e| FileProblem::from_io(&e))?;
    let head: &[u8] = head;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");

    let format = match sniff::sniff(head, ext) {
        Sniffed::Known(f) => f,
        Sniffed::Empty => return Err(FileProblem::Empty),
        Sniffed::Unsupported(what) => return Err(FileProblem::Unsupported(what.to_string())),
        Sniffed::Unknown if sniff::is_image_extension(ext) => {
            return Err(FileProblem::NotAnImage { claimed: Some(ext.to_ascii_uppercase()) })
        }
        Sniffed::Unknown => return Err(FileProblem::NotAnImage { claimed: None }),
    };
    let mut facts = FileFacts { format: Some(format), ..Default::default() };

    match format {
        // Handled above, where the head can still grow.
        Format::Jpeg => {}
        Format::Png | Format::Webp => {
            let exif = if complete {
                exif_from(&mut Cursor::new(head))
            } else {
                file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
                exif_from(&mut Budget::new(BufReader::new(&mut file)))
            };
            if !take_exif(exif, &mut facts) {
                take_embedded(head, &mut facts);
            }
            if facts.exif.datetime_source != Some(DateSource::DateTimeOriginal) {
                xmp_fallback(head, &mut facts);
            }
            dims_from_head(head, &mut facts);
        }
        Format::Heic | Format::Avif => {
            // The EXIF item can sit anywhere in the file; the parser seeks.
            file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
            take_exif(exif_from(&mut Budget::new(BufReader::new(&mut file))), &mut facts);
            dims_from_head(head, &mut facts);
        }
        Format::Mov | Format::Mp4 => {
            file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
            if let Some(created) = video::creation_time(&mut BufReader::new(&mut file)) {
                facts.exif.datetime = Some(created);
                facts.exif.datetime_source = Some(DateSource::Container);
            }
        }
        Format::Cr3 => {
            file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
            read_cr3(&mut file, &mut facts).map_err(|e| FileProblem::from_io(&e))?;
        }
        Format::Raf => read_raf(&mut file, &mut facts).map_err(|e| FileProblem::from_io(&e))?,
        Format::Jxl => {
            let mut at = At { head, file: &mut file, size: stat.size };
            let found = jxl::read(&mut |o, n| at.bytes(o, n), stat.size);
            if let Some(tiff) = found.exif {
                take_exif(reader().read_raw(tiff), &mut facts);
            }
            facts.warnings.extend(found.warnings);
            match found.size {
                Some((w, h)) => {
                    facts.exif.width = Some(w);
                    facts.exif.height = Some(h);
                }
                // As a JPEG without its image: kept for its time and place.
                None if salvageable(&facts) => facts.warnings.push(JXL_SALVAGED.into()),
                None => return Err(FileProblem::Truncated("JPEG XL (no image data)".into())),
            }
            // The codestream's orientation is the one decoders apply (EXIF's
            // is to be ignored, ISO/IEC 18181-2): the photo is shown as that.
            if let Some(o) = found.orientation.filter(|&o| o != 1 || facts.exif.orientation.is_some()) {
                facts.exif.orientation = Some(o);
            }
        }
        Format::Raw if ciff::is_ciff(head) => {
            let mut at = At { head, file: &mut file, size: stat.size };
            if let Some(found) = ciff::facts(&mut |o, n| at.bytes(o, n), stat.size) {
                facts.exif = found;
            }
        }
        Format::Raw if makers::is_kyocera(head) => facts.exif = makers::kyocera(head),
        Format::Raw if head.starts_with(b"FOVb") => {
            take_embedded(head, &mut facts);
            let mut at = At { head, file: &mut file, size: stat.size };
            if let Some(found) = makers::x3f(&mut |o, n| at.bytes(o, n), stat.size) {
                merge(&mut facts.exif, found);
            }
        }
        Format::Raw if !(head.starts_with(b"II*\0") || head.starts_with(b"MM\0*")) => {
            // Sigma X3F, Minolta MRW: a TIFF block inside a container of
            // their own, near the start.
            take_embedded(head, &mut facts);
        }
        _ => {
            // TIFF and its RAW relatives (ORF and RW2 behind a magic number
            // of their own) keep IFDs anywhere in the file: they are copied
            // out by positioned reads, never by reading the file.
            let mut at = At { head, file: &mut file, size: stat.size };
            match tiff::compact(&mut at) {
                Some((tiff, damaged)) => {
                    take_exif(reader().read_raw(tiff), &mut facts);
                    if damaged && !facts.warnings.iter().any(|w| w.starts_with("some EXIF")) {
                        facts.warnings.push("some EXIF fields are damaged".into());
                    }
                }
                // The parser's own words for what is wrong with IFD0.
                None => {
                    take_exif(reader().read_raw(head.to_vec()), &mut facts);
                }
            }
        }
    }
    Ok(facts)
}

fn reader() -> exif::Reader {
    let mut r = exif::Reader::new();
    r.continue_on_error(true);
    r
}

fn exif_from<R: io::BufRead + Seek>(r: &mut R) -> Result<exif::Exif, exif::Error> {
    reader().read_from_container(r)
}

/// Keeps what could be parsed; a broken EXIF block is a warning, not a
/// reason to drop the photo.
fn take_exif(result: Result<exif::Exif, exif::Error>, facts: &mut FileFacts) -> bool {
    let mut partial = false;
    match result.or_else(|e| e.distill_partial_result(|_| partial = true)) {
        Ok(exif) => {
            facts.exif = meta::facts(&exif);
            if partial {
                facts.warnings.push("some EXIF fields are damaged".into());
            }
            true
        }
        Err(exif::Error::NotFound(_)) => false,
        Err(e) => {
            facts.warnings.push(format!("unreadable EXIF ({e})"));
            false
        }
    }
}

/// When the container could not be parsed, looks for the EXIF block itself.
fn take_embedded(buf: &[u8], facts: &mut FileFacts) {
    // Only after a parse failure: a stray "II*\0" in image data is noise.
    if !facts.warnings.iter().any(|w| w.starts_with("unreadable EXIF")) && facts.format != Some(Format::Raw) {
        return;
    }
    if let Some(tiff) = embedded_tiff(buf) {
        let mut found = FileFacts::default();
        if take_exif(reader().read_raw(tiff.to_vec()), &mut found) {
            facts.exif = found.exif;
            facts.warnings.retain(|w| !w.starts_with("unreadable EXIF"));
        }
    }
}

fn dims_from_head(head: &[u8], facts: &mut FileFacts) {
    if let Ok(size) = imagesize::blob_size(head) {
        facts.exif.width = Some(size.width as u32);
        facts.exif.height = Some(size.height as u32);
    }
}

fn read_jpeg(
    file: &mut File,
    head: &mut Vec<u8>,
    mut complete: bool,
    size: u64,
    facts: &mut FileFacts,
) -> Result<(), FileProblem> {
    if !complete && read_jpeg_direct(file, head, size, facts).map_err(|e| FileProblem::from_io(&e))? {
        return Ok(());
    }
    // Segments say their length: when the metadata runs past the first
    // read, read on to just past it (a phone's 50 KB APP1), not to HEAD.
    if !complete {
        if let Some(end) = jpeg_metadata_end(head) {
            grow_to(file, head, &mut complete, (end + 2048).min(HEAD as usize) as u64)
                .map_err(|e| FileProblem::from_io(&e))?;
        }
    }
    // The EXIF segment, found here, goes to the parser in one exact copy:
    // the container reader grows a buffer through a chain of copies (a
    // fifth of a phone photo's scan). Anything unusual takes that path.
    let mut exif = match jpeg_exif_payload(head) {
        Some(tiff) => reader().read_raw(tiff.to_vec()),
        None => exif_from(&mut Cursor::new(&head[..])),
    };
    // kamadak-exif reports a JPEG that ends inside its segments as "Broken
    // JPEG file"; on a partial head that only means "read on".
    let needs_more = |r: &Result<exif::Exif, exif::Error>| match r {
        Err(exif::Error::Io(e)) => e.kind() == io::ErrorKind::UnexpectedEof,
        Err(exif::Error::InvalidFormat(m)) => *m == "Broken JPEG file",
        _ => false,
    };
    if needs_more(&exif) && !complete {
        grow(file, head, &mut complete).map_err(|e| FileProblem::from_io(&e))?;
        exif = exif_from(&mut Cursor::new(&head[..]));
    }
    if needs_more(&exif) && !complete {
        file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
        exif = exif_from(&mut Budget::new(BufReader::new(&mut *file)));
    }
    if needs_more(&exif) {
        return Err(FileProblem::Truncated("JPEG (the file ends inside its metadata)".into()));
    }
    if !take_exif(exif, facts) {
        take_embedded(head, facts);
    }
    if facts.exif.datetime.is_none() && facts.exif.make.is_none() {
        ciff_in_jpeg(head, facts);
    }

    // The frame header gives the real pixel size; without one there is no
    // image to show.
    let mut frame = jpeg_frame_size(head);
    if frame.is_none() && !complete {
        grow(file, head, &mut complete).map_err(|e| FileProblem::from_io(&e))?;
        frame = jpeg_frame_size(head);
    }
    if frame.is_none() && !complete {
        let mut all = Vec::new();
        file.seek(SeekFrom::Start(0)).map_err(|e| FileProblem::from_io(&e))?;
        (&mut *file).take(FRAME_SCAN).read_to_end(&mut all).map_err(|e| FileProblem::from_io(&e))?;
        frame = jpeg_frame_size(&all);
    }
    if facts.exif.datetime_source != Some(DateSource::DateTimeOriginal) {
        xmp_fallback(head, facts);
    }
    match frame {
        Some((w, h)) => {
            facts.exif.width = Some(w);
            facts.exif.height = Some(h);
        }
        // A photo whose image is lost but whose metadata is whole still
        // says when and where the group was: it stays in the trip (as
        // exiftool still reads it), and rendering it reports the damage.
        None if salvageable(facts) => {
            facts.warnings.push(SALVAGED.into());
            return Ok(());
        }
        None => return Err(FileProblem::Truncated("JPEG (no image data)".into())),
    }

    if !has_end_marker(file, head, complete, size).map_err(|e| FileProblem::from_io(&e))? {
        facts.warnings.push("truncated JPEG: the end of the image is missing".into());
    }
    Ok(())
}

/// Canon's cameras of the CRW years wrote their JPEGs' date, maker and
/// model in a CIFF block in APP0, not in EXIF.
fn ciff_in_jpeg(head: &[u8], facts: &mut FileFacts) {
    let mut i = 2;
    while i + 4 <= head.len() && head[i] == 0xFF {
        let m = head[i + 1];
        if m == 0xDA || matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC) {
            return;
        }
        let len = usize::from(u16::from_be_bytes([head[i + 2], head[i + 3]]));
        if m == 0xE0 {
            if let Some(block) = head.get(i + 4..i + 2 + len.max(2)).filter(|b| ciff::is_ciff(b)) {
                let mut read =
                    |o: u64, n: usize| block.get(o as usize..(o as usize).checked_add(n)?).map(<[u8]>::to_vec);
                if let Some(found) = ciff::facts(&mut read, block.len() as u64) {
                    merge(&mut facts.exif, found);
                }
                return;
            }
        }
        i += 2 + len.max(2);
    }
}

/// The warning on a JPEG kept for its metadata alone.
pub(crate) const SALVAGED: &str = "damaged JPEG: the image is missing, only its metadata was read";

/// The warning on a JPEG XL file kept for its metadata alone.
const JXL_SALVAGED: &str = "damaged JPEG XL: the image is missing, only its metadata was read";

/// Whether a JPEG without image data is worth keeping: its EXIF was read
/// whole (no damaged field) and says when or where it was taken.
fn salvageable(facts: &FileFacts) -> bool {
    let whole = !facts.warnings.iter().any(|w| w.starts_with("some EXIF") || w.starts_with("unreadable EXIF"));
    whole && (facts.exif.datetime.is_some() || facts.exif.gps.is_some())
}

/// How much of a JPEG to read to reach past the segments before its frame
/// header, when that is past `head` (the first read); `None` when the frame
/// header is already in it,
/// or the bytes are not segments (the parsers then say what is wrong).
fn jpeg_metadata_end(head: &[u8]) -> Option<usize> {
    let mut i = 2;
    while i + 4 <= head.len() {
        if head[i] != 0xFF {
            return None;
        }
        let m = head[i + 1];
        if m == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC) || m == 0xDA {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([head[i + 2], head[i + 3]]));
        i += 2 + len;
    }
    // Out of bytes: the next segment's header ends 4 bytes on.
    Some(i + 4)
}

/// The common case of a photo whose EXIF segment runs past the first read
/// (a phone's 20–60 KB, mostly its preview): its tags are parsed from the
/// first read when they all lie in it, else from the segment read whole;
/// then a few KB after the segment give the frame header. `false` when anything is unusual
/// (no EXIF segment, a file that ends early, no frame header near, a date
/// only in XMP): [`read_jpeg`]'s general path then reads again from the
/// start of the file, with nothing of this attempt kept.
fn read_jpeg_direct(file: &mut File, head: &[u8], size: u64, facts: &mut FileFacts) -> io::Result<bool> {
    let Some((start, end)) = jpeg_exif_range(head) else { return Ok(false) };
    if end <= head.len() {
        return Ok(false);
    }
    // Most of a large EXIF segment is its preview, stored after the tags:
    // what the first read holds is parsed as it is, and the parser says
    // whether any IFD or value lies beyond it (it checks every offset, and
    // never reads the preview itself). Only then is the segment read whole.
    let exif = match reader().read_raw(head[start..].to_vec()) {
        Ok(exif) => exif,
        Err(_) => {
            let mut tiff = Vec::with_capacity(end - start);
            tiff.extend_from_slice(&head[start..]);
            file.seek(SeekFrom::Start(head.len() as u64))?;
            if (&mut *file).take((end - head.len()) as u64).read_to_end(&mut tiff)? < end - head.len() {
                return Ok(false);
            }
            match reader().read_raw(tiff) {
                Ok(exif) => exif,
                Err(_) => return Ok(false),
            }
        }
    };
    // The frame header follows the metadata segments.
    let mut after = [0u8; 4096];
    let n = read_at(file, &mut after, end as u64)?;
    let Some((w, h)) = jpeg_frame_size_from(&after[..n], 0) else { return Ok(false) };
    let mut found = FileFacts { format: facts.format, ..Default::default() };
    if !take_exif(Ok(exif), &mut found) || found.exif.datetime_source != Some(DateSource::DateTimeOriginal) {
        return Ok(false);
    }
    found.exif.width = Some(w);
    found.exif.height = Some(h);
    if !has_end_marker(file, head, false, size)? {
        found.warnings.push("truncated JPEG: the end of the image is missing".into());
    }
    *facts = found;
    Ok(true)
}

/// Reads into `buf` from `offset` on, as far as the file goes: one
/// positioned read where the platform has them (no seek before it). The
/// file's cursor is left anywhere.
fn read_at(file: &mut File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let at = offset + n as u64;
        #[cfg(unix)]
        let got = std::os::unix::fs::FileExt::read_at(file, &mut buf[n..], at);
        #[cfg(windows)]
        let got = std::os::windows::fs::FileExt::seek_read(file, &mut buf[n..], at);
        #[cfg(not(any(unix, windows)))]
        let got = file.seek(SeekFrom::Start(at)).and_then(|_| file.read(&mut buf[n..]));
        match got {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Where the TIFF data of a JPEG's first EXIF APP1 segment starts and ends
/// in the file, when the segment's header is in `head` and comes before the
/// image.
fn jpeg_exif_range(head: &[u8]) -> Option<(usize, usize)> {
    let mut i = 2;
    while i + 10 <= head.len() && head[i] == 0xFF {
        let m = head[i + 1];
        if m == 0xFF {
            i += 1;
            continue;
        }
        if m == 0xDA || matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC) {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([head[i + 2], head[i + 3]]));
        if m == 0xE1 && &head[i + 4..i + 10] == b"Exif\0\0" {
            return (len >= 8).then_some((i + 10, i + 2 + len));
        }
        i += 2 + len;
    }
    None
}

/// The TIFF data of a JPEG's first EXIF APP1 segment, when the segment is
/// whole in `head` and comes before the image.
fn jpeg_exif_payload(head: &[u8]) -> Option<&[u8]> {
    let (start, end) = jpeg_exif_range(head)?;
    head.get(start..end)
}

/// A large EXIF block (maker notes, a big thumbnail): reads the head on up
/// to [`HEAD`] bytes, once.
fn grow(file: &mut File, head: &mut Vec<u8>, complete: &mut bool) -> io::Result<()> {
    grow_to(file, head, complete, HEAD)
}

/// Reads the head on up to `to` bytes (when the file has them).
fn grow_to(file: &mut File, head: &mut Vec<u8>, complete: &mut bool, to: u64) -> io::Result<()> {
    if !*complete && (head.len() as u64) < to {
        let want = to - head.len() as u64;
        file.seek(SeekFrom::Start(head.len() as u64))?;
        let got = file.take(want).read_to_end(head)?;
        *complete = (got as u64) < want;
    }
    Ok(())
}

/// The frame size from the first SOF marker. Unlike stricter parsers it
/// resynchronises on stray bytes between segments, which old cameras write.
pub(crate) fn jpeg_frame_size(buf: &[u8]) -> Option<(u32, u32)> {
    jpeg_frame_size_from(buf, 2)
}

/// [`jpeg_frame_size`] from a marker at `start` on.
fn jpeg_frame_size_from(buf: &[u8], start: usize) -> Option<(u32, u32)> {
    let mut i = start;
    while i + 1 < buf.len() {
        if buf[i] != 0xFF {
            i += 1;
            continue;
        }
        let m = buf[i + 1];
        match m {
            0xFF => i += 1,
            0x00 | 0x01 | 0xD0..=0xD7 => i += 2,
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(m, 0xC4 | 0xC8 | 0xCC) => {
                let seg = buf.get(i + 4..i + 9)?;
                let h = u16::from_be_bytes([seg[1], seg[2]]) as u32;
                let w = u16::from_be_bytes([seg[3], seg[4]]) as u32;
                return (w > 0 && h > 0).then_some((w, h));
            }
            _ => {
                let len = u16::from_be_bytes([*buf.get(i + 2)?, *buf.get(i + 3)?]) as usize;
                i += 2 + len.max(2);
            }
        }
    }
    None
}

/// Software that edits photos sometimes keeps the capture time only in XMP.
fn xmp_fallback(buf: &[u8], facts: &mut FileFacts) {
    let Some(value) = xmp_value(buf, b"exif:DateTimeOriginal").or_else(|| xmp_value(buf, b"photoshop:DateCreated"))
    else {
        return;
    };
    if let Some(dt) = meta::parse_datetime(&value) {
        facts.exif.datetime = Some(dt);
        facts.exif.datetime_source = Some(DateSource::DateTimeOriginal);
        if facts.exif.offset.is_none() {
            if let Some(o) = value.get(19..).map(|r| r.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit())) {
                facts.exif.offset = meta::parse_offset(o);
                facts.exif.offset_source = facts.exif.offset.as_ref().map(|_| "xmp");
            }
        }
    }
}

/// An XMP property written either as an attribute (`name="v"`) or as an
/// element (`<name>v</name>`).
fn xmp_value(buf: &[u8], name: &[u8]) -> Option<String> {
    let at = buf.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = buf.get(at..(at + 64).min(buf.len()))?;
    let (start, end) = match rest.first()? {
        b'=' => (2, b'"'),
        b'>' => (1, b'<'),
        _ => return None,
    };
    let body = rest.get(start..)?;
    let len = body.iter().position(|c| *c == end || *c == b'\'')?;
    String::from_utf8(body[..len].to_vec()).ok()
}

/// A TIFF structure embedded somewhere in `buf` (behind an `Exif\0\0`
/// marker when there is one): how Sigma X3F, Minolta MRW and some
/// badly-wrapped WebP files carry their EXIF.
fn embedded_tiff(buf: &[u8]) -> Option<&[u8]> {
    let find = |pat: &[u8]| buf.windows(pat.len()).position(|w| w == pat);
    if let Some(p) = find(b"Exif\0\0") {
        let body = &buf[p + 6..];
        if body.starts_with(b"II*\0") || body.starts_with(b"MM\0*") {
            return Some(body);
        }
    }
    let p = [find(b"II*\0"), find(b"MM\0*")].into_iter().flatten().min()?;
    Some(&buf[p..])
}

fn has_end_marker(file: &mut File, head: &[u8], complete: bool, size: u64) -> io::Result<bool> {
    // From the end: the marker is nearly always the last two bytes.
    let has_eoi = |t: &[u8]| t.windows(2).rev().any(|w| w == [0xFF, 0xD9]);
    if complete {
        return Ok(has_eoi(&head[head.len().saturating_sub(TAIL as usize)..]));
    }
    // Nearly every JPEG ends with the marker: two bytes settle it.
    let mut last = [0u8; 2];
    if read_at(file, &mut last, size.saturating_sub(2))? == 2 && last == [0xFF, 0xD9] {
        return Ok(true);
    }
    let mut t = [0u8; TAIL as usize];
    let n = read_at(file, &mut t, size.saturating_sub(TAIL))?;
    Ok(has_eoi(&t[..n]))
}

/// CR3 keeps IFD0, the EXIF IFD and GPS as separate TIFF blobs in boxes
/// named CMT1, CMT2 and CMT4 inside a `uuid` box near the start.
fn read_cr3(file: &mut File, facts: &mut FileFacts) -> io::Result<()> {
    let mut buf = Vec::new();
    file.take(512 * 1024).read_to_end(&mut buf)?;
    let mut merged = ExifFacts::default();
    for name in [b"CMT1", b"CMT2", b"CMT4"] {
        let Some(pos) = buf.windows(4).position(|w| w == name) else { continue };
        let Some(size) = pos.checked_sub(4).and_then(|s| buf.get(s..pos)) else { continue };
        let size = u32::from_be_bytes([size[0], size[1], size[2], size[3]]) as usize;
        let Some(body) = buf.get(pos + 4..(pos - 4 + size).min(buf.len())) else { continue };
        let mut one = FileFacts::default();
        take_exif(reader().read_raw(body.to_vec()), &mut one);
        merge(&mut merged, one.exif);
    }
    facts.exif = merged;
    Ok(())
}

fn merge(into: &mut ExifFacts, from: ExifFacts) {
    macro_rules! fill { ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = from.$f; } )* } }
    fill!(
        datetime,
        datetime_source,
        subsec_ms,
        offset,
        offset_source,
        gps,
        gps_utc,
        orientation,
        make,
        model,
        serial,
        width,
        height
    );
}

/// RAF starts with a header pointing at an embedded JPEG that carries EXIF.
fn read_raf(file: &mut File, facts: &mut FileFacts) -> io::Result<()> {
    let mut header = [0u8; 92];
    file.seek(SeekFrom::Start(0))?;
    file.read_exact(&mut header)?;
    let offset = u32::from_be_bytes([header[84], header[85], header[86], header[87]]) as u64;
    let length = u32::from_be_bytes([header[88], header[89], header[90], header[91]]) as u64;
    file.seek(SeekFrom::Start(offset))?;
    let mut jpeg = Vec::new();
    file.take(length.min(HEAD)).read_to_end(&mut jpeg)?;
    let _ = take_exif(exif_from(&mut Cursor::new(&jpeg)), facts);
    Ok(())
}

/// Opens a photo, refusing a pipe, device or socket before any read could
/// block on it.
fn open(path: &Path) -> Result<File, FileProblem> {
    crate::guard::open_regular(path).map_err(FileProblem::from)
}

/// Most bytes a container parser (kamadak-exif's PNG, WebP, HEIF and JPEG
/// readers) may take into its buffers for one file: EXIF is at most 64 KiB
/// in JPEG and 128 KiB in HEIF. A length field saying "4 GiB" (a PNG
/// chunk, a HEIF box "to the end of the file") stops here instead of
/// pulling the file into memory.
const META_BUDGET: u64 = 16 << 20;
/// Most bytes it may step over (chunks and boxes it skips by reading,
/// bytes it scans for a marker): the JPEG reader keeps what it scans in a
/// buffer, so this bounds memory too. A PNG whose EXIF follows 16 MiB of
/// image data keeps its photo, with a warning.
const WALK_BUDGET: u64 = 16 << 20;

/// A reader that fails once its budgets are spent. Seeks are free.
struct Budget<R> {
    inner: R,
    taken: u64,
    walked: u64,
}

impl<R> Budget<R> {
    fn new(inner: R) -> Self {
        Budget { inner, taken: META_BUDGET, walked: WALK_BUDGET }
    }

    fn spent() -> io::Error {
        io::Error::other(format!("the metadata is larger than {} MiB", META_BUDGET >> 20))
    }
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.taken == 0 {
            return Err(Self::spent());
        }
        let n = buf.len().min(usize::try_from(self.taken).unwrap_or(usize::MAX));
        let got = self.inner.read(&mut buf[..n])?;
        self.taken -= got as u64;
        Ok(got)
    }
}

impl<R: io::BufRead> io::BufRead for Budget<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.walked == 0 {
            return Err(Self::spent());
        }
        let left = usize::try_from(self.walked).unwrap_or(usize::MAX);
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(left)])
    }

    fn consume(&mut self, amt: usize) {
        self.walked = self.walked.saturating_sub(amt as u64);
        self.inner.consume(amt);
    }
}

impl<R: Seek> Seek for Budget<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A file's bytes by position: from the head already read when it holds
/// them, else by a positioned read.
struct At<'a> {
    head: &'a [u8],
    file: &'a mut File,
    size: u64,
}

impl At<'_> {
    /// `len` bytes at `offset`, or `None` when the file does not have them.
    fn bytes(&mut self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let end = offset.checked_add(len as u64)?;
        if end > self.size {
            return None;
        }
        if let Some(b) = usize::try_from(offset).ok().and_then(|o| self.head.get(o..o.checked_add(len)?)) {
            return Some(b.to_vec());
        }
        let mut buf = vec![0u8; len];
        (read_at(self.file, &mut buf, offset).ok()? == len).then_some(buf)
    }
}

/// TIFF structures read for their tags only.
mod tiff {
    use super::At;

    /// IFDs copied in all: IFD0 and the IFDs chained after it, and the
    /// EXIF, GPS and interoperability IFDs.
    const MAX_IFDS: usize = 16;
    /// Entries in one IFD (cameras write a few dozen).
    const MAX_ENTRIES: usize = 1024;
    /// One tag's value: larger ones are strip tables and image data, never
    /// metadata Recap reads; they are left out of the copy.
    const MAX_VALUE: u64 = 1 << 20;
    /// The whole copy.
    const MAX_COPY: usize = 8 << 20;
    /// Tags whose value is the offset of another IFD.
    const POINTERS: [u16; 3] = [0x8769, 0x8825, 0xA005];

    /// Copies the IFDs and tag values of a TIFF-structured file into a small
    /// TIFF of its own, offsets rewritten, by positioned reads: a RAW's
    /// IFDs may lie anywhere in 50 MB (or, crafted, 6 GiB on), and reading
    /// them costs a few small reads, never the file. Also types the EXIF
    /// and GPS pointers LONG where a camera wrote IFD (13), as Parrot's do,
    /// so the parser follows them.
    ///
    /// `None` when IFD0 cannot be read; else the copy and whether some
    /// tags were dropped because they point outside the file.
    pub(super) fn compact(at: &mut At) -> Option<(Vec<u8>, bool)> {
        let magic = at.bytes(0, 8)?;
        let big = match &magic[..2] {
            b"II" => false,
            b"MM" => true,
            _ => return None,
        };
        let mut c = Copy { at, big, out: Vec::new(), ifds: 0, seen: Vec::new(), damaged: false };
        c.out.extend_from_slice(if big { b"MM\0*" } else { b"II*\0" });
        c.out.extend_from_slice(&c.u32_bytes(8));
        let ifd0 = c.u32(&magic[4..8]);
        c.ifd(u64::from(ifd0), 0, true)?;
        Some((c.out, c.damaged))
    }

    struct Copy<'a, 'b> {
        at: &'a mut At<'b>,
        big: bool,
        out: Vec<u8>,
        ifds: usize,
        seen: Vec<u64>,
        damaged: bool,
    }

    impl Copy<'_, '_> {
        fn u16(&self, b: &[u8]) -> u16 {
            super::endian_u16(self.big, b)
        }

        fn u32(&self, b: &[u8]) -> u32 {
            super::endian_u32(self.big, b)
        }

        fn u16_bytes(&self, v: u16) -> [u8; 2] {
            if self.big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        }

        fn u32_bytes(&self, v: u32) -> [u8; 4] {
            if self.big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        }

        /// Appends `bytes` at a word boundary; their offset in the copy.
        fn append(&mut self, bytes: &[u8]) -> Option<u32> {
            if self.out.len() % 2 == 1 {
                self.out.push(0);
            }
            if self.out.len() + bytes.len() > MAX_COPY {
                return None;
            }
            let at = u32::try_from(self.out.len()).ok()?;
            self.out.extend_from_slice(bytes);
            Some(at)
        }

        /// Copies the IFD at `offset` (and, when `chain`, the IFDs chained
        /// after it); its offset in the copy.
        fn ifd(&mut self, offset: u64, depth: u8, chain: bool) -> Option<u32> {
            if self.ifds >= MAX_IFDS || self.seen.contains(&offset) {
                return None;
            }
            self.seen.push(offset);
            self.ifds += 1;
            let count = self.at.bytes(offset, 2)?;
            let count = usize::from(self.u16(&count));
            if count == 0 || count > MAX_ENTRIES {
                return None;
            }
            let table = self.at.bytes(offset + 2, 12 * count)?;
            let next = self.at.bytes(offset + 2 + 12 * count as u64, 4).map_or(0, |b| self.u32(&b));
            // The table is placed first and filled in below, after the
            // values and child IFDs it points to are appended.
            let at = self.append(&vec![0u8; 2 + 12 * count + 4])? as usize;
            let mut kept = 0;
            for entry in table.chunks_exact(12) {
                let mut entry: [u8; 12] = entry.try_into().ok()?;
                let (tag, typ, cnt) = (self.u16(&entry[0..2]), self.u16(&entry[2..4]), self.u32(&entry[4..8]));
                let value = self.u32(&entry[8..12]);
                if POINTERS.contains(&tag) && matches!(typ, 4 | 13) && cnt == 1 {
                    // Children of IFD0 (EXIF, GPS) and of EXIF (interop).
                    let child = if depth < 2 { self.ifd(u64::from(value), depth + 1, false) } else { None };
                    let Some(child) = child else { continue };
                    entry[2..4].copy_from_slice(&self.u16_bytes(4));
                    entry[8..12].copy_from_slice(&self.u32_bytes(child));
                } else if let Some(len) = unit(typ).map(|u| u * u64::from(cnt)).filter(|&len| len > 4) {
                    if len > MAX_VALUE {
                        continue;
                    }
                    let Some(bytes) = self.at.bytes(u64::from(value), len as usize) else {
                        self.damaged = true;
                        continue;
                    };
                    let Some(moved) = self.append(&bytes) else { continue };
                    entry[8..12].copy_from_slice(&self.u32_bytes(moved));
                }
                // Values of 4 bytes or less sit in the entry itself; unknown
                // types are copied as they are (the parser skips them).
                let slot = at + 2 + 12 * kept;
                self.out[slot..slot + 12].copy_from_slice(&entry);
                kept += 1;
            }
            let kept_count = self.u16_bytes(kept as u16);
            self.out[at..at + 2].copy_from_slice(&kept_count);
            if chain && next != 0 {
                if let Some(n) = self.ifd(u64::from(next), depth, true) {
                    let slot = at + 2 + 12 * kept;
                    let n = self.u32_bytes(n);
                    self.out[slot..slot + 4].copy_from_slice(&n);
                }
            }
            Some(at as u32)
        }
    }

    /// Bytes per value of a TIFF type; `None` for types the parser does
    /// not know.
    fn unit(typ: u16) -> Option<u64> {
        match typ {
            1 | 2 | 6 | 7 => Some(1),
            3 | 8 => Some(2),
            4 | 9 | 11 | 13 => Some(4),
            5 | 10 | 12 => Some(8),
            _ => None,
        }
    }
}

/// The first two bytes of `b` in the file's byte order (TIFF and CIFF say
/// which: `MM` big-endian, `II` little-endian). `b` holds at least two.
pub(super) fn endian_u16(big: bool, b: &[u8]) -> u16 {
    let b = [b[0], b[1]];
    if big {
        u16::from_be_bytes(b)
    } else {
        u16::from_le_bytes(b)
    }
}

/// The first four bytes of `b` in the file's byte order; `b` holds at least four.
pub(super) fn endian_u32(big: bool, b: &[u8]) -> u32 {
    let b = [b[0], b[1], b[2], b[3]];
    if big {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    }
}
