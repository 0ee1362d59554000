//! JPEG through libjpeg-turbo 3 (decode at a reduced DCT scale, encode), and
//! the few JPEG structures the render path reads itself: ICC chunks, the
//! EXIF thumbnail, and the previews that RAW files embed.

use super::{check_limits, Decoded, FileProblem, Limits, Pixels, R, TRUNCATED};
use std::ops::Range;
use turbojpeg::{Colorspace, Compressor, Decompressor, Image, PixelFormat, ScalingFactor, Subsamp};

/// Enough of a JPEG's head to hold its APP1 (EXIF, at most 64 KiB) after a
/// JFIF or other APP segments.
pub(super) const HEAD_BYTES: u64 = 192 * 1024;

/// Progressive JPEGs may carry thousands of tiny scans, a known way to make
/// decoders spin (libjpeg-turbo's own advice: cap them).
const SCAN_LIMIT: u32 = 500;

#[derive(Default)]
pub(super) struct Codec {
    dec: Option<Decompressor>,
    enc: Option<Compressor>,
}

fn tj_err(e: turbojpeg::Error) -> FileProblem {
    match e {
        turbojpeg::Error::TurboJpegError(msg) => classify(&msg).unwrap_or(FileProblem::Corrupt(msg)),
        other => FileProblem::Corrupt(other.to_string()),
    }
}

/// libjpeg's message for a problem: `None` when it is a harmless warning
/// the decoder recovered from completely (many cameras write stray bytes
/// before a marker), else the error it means.
fn classify(msg: &str) -> Option<FileProblem> {
    let m = msg.to_ascii_lowercase();
    if m.contains("extraneous bytes before marker") || m.contains("unknown jfif revision") {
        None
    } else if m.contains("premature end") {
        Some(FileProblem::Truncated(TRUNCATED.into()))
    } else {
        Some(FileProblem::Corrupt(msg.to_string()))
    }
}

impl Codec {
    fn dec(&mut self) -> R<&mut Decompressor> {
        if self.dec.is_none() {
            let mut d = Decompressor::new().map_err(tj_err)?;
            d.set_scan_limit(SCAN_LIMIT).map_err(tj_err)?;
            self.dec = Some(d);
        }
        self.dec.as_mut().ok_or_else(|| FileProblem::Corrupt("no decoder".into()))
    }

    /// Decodes at the smallest DCT scale that still gives at least the size
    /// `need` asks for the stored width and height (full size when no scale
    /// does).
    pub(super) fn decode(
        &mut self,
        data: &[u8],
        need: impl FnOnce(u32, u32) -> (u32, u32),
        limits: &Limits,
        mut buf: Vec<u8>,
    ) -> R<Decoded> {
        let dec = self.dec()?;
        let header = match dec.read_header(data) {
            Ok(h) => h,
            Err(turbojpeg::Error::TurboJpegError(msg)) if classify(&msg).is_none() => {
                // TurboJPEG refuses to decode once its header pass warned
                // (stray bytes between segments, which some cameras write):
                // the `image` decoder reads these whole.
                return slow(data, limits);
            }
            Err(e) => return Err(tj_err(e)),
        };
        check_limits(limits, header.width as u64, header.height as u64)?;
        if matches!(header.colorspace, Colorspace::CMYK | Colorspace::YCCK) {
            // TurboJPEG cannot turn CMYK into RGB; such JPEGs come from
            // print workflows, rarely from a trip: the slow path is fine.
            return slow(data, limits);
        }
        let (need_w, need_h) = need(header.width as u32, header.height as u32);
        let factor = if header.is_lossless { ScalingFactor::ONE } else { scale_for(&header, need_w, need_h) };
        dec.set_scaling_factor(factor).map_err(tj_err)?;
        let scaled = header.scaled(factor);
        let (w, h) = (scaled.width, scaled.height);
        buf.clear();
        buf.resize(w * h * 3, 0);
        let image = Image { pixels: buf.as_mut_slice(), width: w, pitch: w * 3, height: h, format: PixelFormat::RGB };
        if let Err(e) = dec.decompress(data, image) {
            match e {
                turbojpeg::Error::TurboJpegError(msg) => {
                    if let Some(kind) = classify(&msg) {
                        return Err(kind);
                    }
                }
                other => return Err(tj_err(other)),
            }
        }
        Ok(Decoded { pixels: Pixels { width: w as u32, height: h as u32, rgb: buf }, icc: icc_profile(data) })
    }

    /// Baseline JPEG without metadata. Chroma is subsampled 4:2:0 below
    /// quality 90 and kept whole from 90 up (libvips' rule: asking for
    /// that quality means wanting the colour edges too).
    pub(super) fn encode(&mut self, p: &Pixels, quality: u8) -> R<Vec<u8>> {
        if self.enc.is_none() {
            self.enc = Some(Compressor::new().map_err(tj_err)?);
        }
        let enc = self.enc.as_mut().ok_or_else(|| FileProblem::Corrupt("no encoder".into()))?;
        let quality = quality.clamp(1, 100);
        enc.set_subsamp(if quality >= 90 { Subsamp::None } else { Subsamp::Sub2x2 }).map_err(tj_err)?;
        enc.set_quality(quality as i32).map_err(tj_err)?;
        let (w, h) = (p.width as usize, p.height as usize);
        let image = Image { pixels: p.rgb.as_slice(), width: w, pitch: w * 3, height: h, format: PixelFormat::RGB };
        enc.compress_to_vec(image).map_err(tj_err)
    }
}

/// The DCT scale to decode at: the smallest that still covers the target,
/// the final Lanczos3 doing the rest. On the bench's 12 MP photos a 400 px
/// thumbnail made from the 1/8 decode is 47.7 dB from a full-decode
/// Lanczos3 reference before encoding (1/4, libvips' choice, gives 54 dB for
/// 10% more time); both are far below what the JPEG encoding then costs.
/// Scales without SIMD code (3/8, 5/8…) are nearly as slow as a full decode
/// but still leave fewer pixels to resize.
fn scale_for(header: &turbojpeg::DecompressHeader, need_w: u32, need_h: u32) -> ScalingFactor {
    let covers =
        |f: &ScalingFactor| f.scale(header.width) >= need_w as usize && f.scale(header.height) >= need_h as usize;
    Decompressor::supported_scaling_factors()
        .into_iter()
        .filter(|f| f.num() <= f.denom() && covers(f))
        .min_by_key(|f| f.scale(header.width))
        .unwrap_or(ScalingFactor::ONE)
}

/// Full decode through `image`, for the JPEGs TurboJPEG will not take.
fn slow(data: &[u8], limits: &Limits) -> R<Decoded> {
    if let Some((w, h)) = frame_size(data) {
        check_limits(limits, w as u64, h as u64)?;
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), image::ImageFormat::Jpeg);
    reader.limits(limits.for_image_crate());
    let img = reader.decode().map_err(|e| FileProblem::Corrupt(e.to_string()))?;
    let rgb = img.into_rgb8();
    Ok(Decoded {
        pixels: Pixels { width: rgb.width(), height: rgb.height(), rgb: rgb.into_raw() },
        icc: icc_profile(data),
    })
}

/// The segments before the image data: (marker, payload range).
fn segments(data: &[u8]) -> impl Iterator<Item = (u8, Range<usize>)> + '_ {
    let mut pos = 2usize; // after SOI
    let mut done = data.len() < 4 || data[0] != 0xFF || data[1] != 0xD8;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // Some cameras leave stray bytes between segments (libjpeg warns
        // and skips them); fill bytes (0xFF) may precede a marker.
        let mut stray = 0;
        while data.get(pos).is_some_and(|&b| b != 0xFF) && stray < 1024 {
            pos += 1;
            stray += 1;
        }
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (&ff, &marker) = (data.get(pos)?, data.get(pos + 1)?);
        if ff != 0xFF || marker == 0xD9 || marker == 0xDA {
            done = true;
            return None;
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            pos += 2;
            return Some((marker, pos..pos));
        }
        let len = u16::from_be_bytes([*data.get(pos + 2)?, *data.get(pos + 3)?]) as usize;
        if len < 2 {
            done = true;
            return None;
        }
        let payload = pos + 4..pos + 2 + len;
        pos += 2 + len;
        if payload.end > data.len() {
            done = true;
            return None;
        }
        Some((marker, payload))
    })
}

/// The ICC profile, reassembled from its APP2 chunks (a profile larger than
/// a segment is split across several, numbered from 1).
pub(super) fn icc_profile(data: &[u8]) -> Option<Vec<u8>> {
    const TAG: &[u8] = b"ICC_PROFILE\0";
    let mut chunks: Vec<(u8, Range<usize>)> = segments(data)
        .filter(|(m, r)| *m == 0xE2 && data[r.clone()].starts_with(TAG) && r.len() > TAG.len() + 2)
        .map(|(_, r)| (data[r.start + TAG.len()], r.start + TAG.len() + 2..r.end))
        .collect();
    if chunks.is_empty() {
        return None;
    }
    chunks.sort_by_key(|(seq, _)| *seq);
    Some(chunks.into_iter().flat_map(|(_, r)| data[r].iter().copied()).collect())
}

/// Where the EXIF thumbnail (IFD1's JPEGInterchangeFormat) lies in `head`.
pub(super) fn exif_thumbnail(head: &[u8]) -> Option<Range<usize>> {
    let app1 = segments(head).find(|(m, r)| *m == 0xE1 && head[r.clone()].starts_with(b"Exif\0\0"))?.1;
    let tiff_start = app1.start + 6;
    let tiff = head.get(tiff_start..app1.end)?;
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let off = exif.get_field(exif::Tag::JPEGInterchangeFormat, exif::In::THUMBNAIL)?.value.get_uint(0)? as usize;
    let len = exif.get_field(exif::Tag::JPEGInterchangeFormatLength, exif::In::THUMBNAIL)?.value.get_uint(0)? as usize;
    // Both come from the file: the sum may overflow (on 32-bit targets) or
    // point past the segment.
    let start = tiff_start.checked_add(off)?;
    let range = start..start.checked_add(len)?;
    (len > 4 && range.end <= app1.end && head.get(range.clone())?.starts_with(&[0xFF, 0xD8])).then_some(range)
}

/// Where the large thumbnails of a JPEG's MPF index (CIPA DC-007) lie in the
/// file, as byte ranges: the ~1920 px preview Android phones append after
/// the primary image. `head` is the file's start (the index is an APP2
/// segment among the first ones). Only entries typed "large thumbnail" are
/// returned: other MPF images (Ultra HDR gain maps, depth maps, stereo
/// views) have the image's shape but not its content. Every number is the
/// file's word: checked, never trusted; the caller checks the ranges
/// against the file's length.
pub(super) fn mpf_previews(head: &[u8]) -> Vec<Range<u64>> {
    mpf_entries(head).unwrap_or_default()
}

fn mpf_entries(head: &[u8]) -> Option<Vec<Range<u64>>> {
    /// Large thumbnail, VGA and full-HD equivalent (CIPA DC-007 5.2.3.3.1).
    const LARGE_THUMBNAILS: [u32; 2] = [0x01_0001, 0x01_0002];
    let app2 = segments(head).find(|(m, r)| *m == 0xE2 && head[r.clone()].starts_with(b"MPF\0"))?.1;
    // Offsets count from the byte-order mark that follows "MPF\0".
    let base = app2.start + 4;
    let tiff = head.get(base..app2.end)?;
    let big = match tiff.get(..4)? {
        b"MM\0*" => true,
        b"II*\0" => false,
        _ => return None,
    };
    let u16_at = |at: usize| {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let u32_at = |at: usize| {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    let ifd = u32_at(4)? as usize;
    // The segment holds at most 64 KiB: a count beyond that is a lie, and
    // `get` bounds every read anyway.
    let count = usize::from(u16_at(ifd)?).min(64);
    let entry = (0..count).map(|i| ifd + 2 + 12 * i).find(|&e| u16_at(e) == Some(0xB002))?;
    let (kind, n) = (u16_at(entry + 2)?, u32_at(entry + 4)? as usize);
    if kind != 7 || n < 16 || !n.is_multiple_of(16) {
        return None;
    }
    let table = u32_at(entry + 8)? as usize;
    let mut out = Vec::new();
    // Phones write two or three images; the cap bounds a crafted index.
    for i in 0..(n / 16).min(16) {
        let at = table.checked_add(16 * i)?;
        let (attr, size, offset) = (u32_at(at)?, u32_at(at + 4)?, u32_at(at + 8)?);
        // Offset 0 is the primary image itself.
        if offset == 0 || size < 4 || !LARGE_THUMBNAILS.contains(&(attr & 0x00FF_FFFF)) {
            continue;
        }
        let start = (base as u64).checked_add(u64::from(offset))?;
        out.push(start..start.checked_add(u64::from(size))?);
    }
    Some(out)
}

/// The largest 8-bit JPEG embedded in a RAW file (its full-size or large
/// preview), found by its markers: every RAW family stores one, each in its
/// own container, and the pixels are what matters here. Lossless JPEGs
/// (the sensor data of CR2 and DNG) are passed over.
pub(super) fn largest_embedded(data: &[u8]) -> Option<Range<usize>> {
    let mut best: Option<(u64, usize)> = None;
    for start in memchr::memmem::find_iter(data, &[0xFF, 0xD8, 0xFF]).take(256) {
        let Some(dims) = frame_size(&data[start..]) else { continue };
        let area = dims.0 as u64 * dims.1 as u64;
        if best.is_none_or(|(a, _)| area > a) {
            best = Some((area, start));
        }
    }
    best.map(|(_, start)| start..data.len())
}

/// Width and height from the first frame header, if it is a baseline,
/// extended or progressive 8-bit frame.
pub(super) fn frame_size(jpeg: &[u8]) -> Option<(u32, u32)> {
    for (marker, r) in segments(jpeg).take(64) {
        match marker {
            0xC0..=0xC2 => {
                // The segment's length is the file's word: a frame header
                // may be shorter than the six bytes read here (a crafted
                // NEF's preview once made this index panic).
                let [precision, h1, h0, w1, w0, comps, ..] = *jpeg.get(r)? else { return None };
                let (h, w) = (u16::from_be_bytes([h1, h0]), u16::from_be_bytes([w1, w0]));
                return (precision == 8 && w > 0 && h > 0 && (comps == 1 || comps == 3))
                    .then_some((w as u32, h as u32));
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmless_warnings_are_not_errors() {
        assert!(classify("Corrupt JPEG data: 2 extraneous bytes before marker 0xd9").is_none());
        assert!(matches!(classify("Premature end of JPEG file"), Some(FileProblem::Truncated(_))));
        assert!(matches!(classify("Corrupt JPEG data: bad Huffman code"), Some(FileProblem::Corrupt(_))));
    }

    /// SOI, an MPF APP2 naming the primary and one large thumbnail of
    /// `size` bytes at `offset` (little-endian, as Samsung writes it).
    fn mpf_head(offset: u32, size: u32, kind: u32) -> Vec<u8> {
        let mut t = b"II*\0".to_vec();
        t.extend_from_slice(&8u32.to_le_bytes());
        t.extend_from_slice(&1u16.to_le_bytes());
        t.extend_from_slice(&0xB002u16.to_le_bytes());
        t.extend_from_slice(&7u16.to_le_bytes());
        t.extend_from_slice(&32u32.to_le_bytes());
        t.extend_from_slice(&26u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        for (attr, size, offset) in [(0x2003_0000u32, 1000u32, 0u32), (kind, size, offset)] {
            t.extend_from_slice(&attr.to_le_bytes());
            t.extend_from_slice(&size.to_le_bytes());
            t.extend_from_slice(&offset.to_le_bytes());
            t.extend_from_slice(&[0; 4]);
        }
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE2];
        j.extend_from_slice(&u16::try_from(2 + 4 + t.len()).expect("small").to_be_bytes());
        j.extend_from_slice(b"MPF\0");
        j.extend_from_slice(&t);
        j.extend_from_slice(&[0xFF, 0xDA]);
        j
    }

    #[test]
    fn mpf_large_thumbnails_are_found_from_the_byte_order_mark() {
        // The byte-order mark sits after SOI (2), the marker and length (4) and "MPF\0" (4).
        assert_eq!(mpf_previews(&mpf_head(5000, 300, 0x01_0002)), vec![5010..5310]);
        assert_eq!(mpf_previews(&mpf_head(5000, 300, 0x01_0001)), vec![5010..5310], "VGA-class too");
        assert!(mpf_previews(&mpf_head(5000, 300, 0)).is_empty(), "a gain map is not a preview");
        assert!(mpf_previews(&mpf_head(5000, 300, 0x02_0002)).is_empty(), "nor a stereo view");
        assert!(mpf_previews(&mpf_head(u32::MAX, u32::MAX, 0x01_0002)).iter().all(|r| r.start < r.end));
    }

    #[test]
    fn mutated_mpf_indexes_never_panic() {
        let good = mpf_head(5000, 300, 0x01_0002);
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let mut head = good.clone();
            for _ in 0..1 + next() % 4 {
                let at = 6 + (next() as usize) % (head.len() - 6);
                head[at] = next() as u8;
            }
            let cut = head.len() - (next() as usize) % 16;
            head.truncate(cut);
            for r in mpf_previews(&head) {
                assert!(r.start < r.end);
            }
        }
    }

    #[test]
    fn segments_stop_at_garbage() {
        assert_eq!(segments(b"not a jpeg").count(), 0);
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 1, 2, 0xFF, 0xDA];
        assert_eq!(segments(&j).map(|(m, _)| m).collect::<Vec<_>>(), vec![0xE0]);
        // Stray bytes between segments are stepped over, as libjpeg does.
        let stray = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 1, 2, 0, 0, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xDA];
        assert_eq!(segments(&stray).map(|(m, _)| m).collect::<Vec<_>>(), vec![0xE0, 0xE1]);
        j.truncate(7); // a length running past the end
        assert_eq!(segments(&j).count(), 0);
    }
}
