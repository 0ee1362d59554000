//! Recognising a file from its first bytes. The extension only refines what
//! the content says (a TIFF header could be a .tif, a .nef or a .dng); it
//! never makes a file an image on its own.

use crate::model::Format;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    Known(Format),
    /// Recognised, but not something Recap catalogues.
    Unsupported(&'static str),
    Empty,
    Unknown,
}

pub fn sniff(head: &[u8], ext: &str) -> Sniffed {
    if head.is_empty() {
        return Sniffed::Empty;
    }
    let ext = ext.to_ascii_lowercase();
    let at = |off: usize, sig: &[u8]| head.get(off..off + sig.len()) == Some(sig);

    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Known(Format::Jpeg);
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Known(Format::Png);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Sniffed::Known(Format::Webp);
    }
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return Sniffed::Known(tiff_flavour(head, &ext));
    }
    // Olympus and Panasonic write TIFF structures with their own magic.
    if at(0, b"IIRO") || at(0, b"IIRS") || at(0, b"MMOR") {
        return Sniffed::Known(Format::Orf);
    }
    if at(0, b"IIU\0") {
        return Sniffed::Known(Format::Rw2);
    }
    if at(0, b"FUJIFILMCCD-RAW") {
        return Sniffed::Known(Format::Raf);
    }
    if at(4, b"ftyp") {
        return isobmff_flavour(head);
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return Sniffed::Unsupported("GIF image");
    }
    // JPEG XL: its box container (metadata in an `Exif` box) or a bare
    // codestream (pixels and size only).
    if at(0, b"\0\0\0\x0CJXL \r\n\x87\n") || at(0, &[0xFF, 0x0A]) {
        return Sniffed::Known(Format::Jxl);
    }
    if at(0, b"BM") && matches!(ext.as_str(), "bmp" | "dib") {
        return Sniffed::Unsupported("BMP image");
    }
    // Sigma and Minolta RAW files: metadata only, from an embedded TIFF.
    if at(0, b"FOVb") || at(0, b"\0MRM") {
        return Sniffed::Known(Format::Raw);
    }
    // Kyocera RAW: metadata only, its maker's name backwards at 0x19.
    if at(0x19, b"ARECOYK") {
        return Sniffed::Known(Format::Raw);
    }
    // Canon CRW: metadata only, from its CIFF heaps.
    if at(6, b"HEAPCCDR") && (at(0, b"II") || at(0, b"MM")) {
        return Sniffed::Known(Format::Raw);
    }
    if at(0, b"AT&TFORM") || at(0, b"8BPS") || at(0, b"%PDF") {
        return Sniffed::Unsupported("document, not a photo");
    }
    Sniffed::Unknown
}

fn tiff_flavour(head: &[u8], ext: &str) -> Format {
    // CR2 marks itself right after the TIFF header.
    if head.get(8..10) == Some(b"CR") {
        return Format::Cr2;
    }
    match ext {
        "dng" => Format::Dng,
        "cr2" => Format::Cr2,
        "nef" | "nrw" => Format::Nef,
        "arw" | "srf" | "sr2" => Format::Arw,
        "orf" => Format::Orf,
        "rw2" => Format::Rw2,
        "pef" | "kdc" | "dcr" | "iiq" | "3fr" | "erf" | "mos" | "srw" | "mef" | "raw" => Format::Raw,
        _ => Format::Tiff,
    }
}

fn isobmff_flavour(head: &[u8]) -> Sniffed {
    let size = head.get(0..4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let end = size.clamp(8, head.len());
    let major = head.get(8..12).unwrap_or_default();
    let compat: Vec<&[u8]> = head.get(16..end).unwrap_or_default().chunks_exact(4).collect();
    let has = |brand: &[u8]| major == brand || compat.contains(&brand);
    if has(b"crx ") {
        Sniffed::Known(Format::Cr3)
    } else if has(b"avif") || has(b"avis") {
        Sniffed::Known(Format::Avif)
    } else if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "mif2"].iter().any(|b| has(b.as_bytes()))
    {
        Sniffed::Known(Format::Heic)
    } else if major == b"qt  " {
        Sniffed::Known(Format::Mov)
    } else if [
        &b"isom"[..],
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
        b"3gp4",
        b"3gp5",
        b"3g2a",
        b"MSNV",
        b"dash",
    ]
    .iter()
    .any(|b| has(b))
    {
        Sniffed::Known(Format::Mp4)
    } else {
        Sniffed::Unsupported("ISO media file of an unknown kind")
    }
}

/// Extensions that promise a photo; used to word the reason when the
/// content disagrees ("named .jpg but is not an image").
pub fn is_image_extension(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "jpg"
            | "jpeg"
            | "jpe"
            | "heic"
            | "heif"
            | "hif"
            | "avif"
            | "png"
            | "tif"
            | "tiff"
            | "webp"
            | "dng"
            | "cr2"
            | "cr3"
            | "nef"
            | "arw"
            | "orf"
            | "rw2"
            | "raf"
            | "crw"
            | "jxl"
            | "mov"
            | "mp4"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_extension() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE1rest", "png"), Sniffed::Known(Format::Jpeg));
        assert_eq!(sniff(b"hello, I am text", "jpg"), Sniffed::Unknown);
        assert_eq!(sniff(b"", "jpg"), Sniffed::Empty);
    }

    #[test]
    fn tiff_family_is_refined_by_extension() {
        assert_eq!(sniff(b"II*\0\x08\0\0\0\0\0", "NEF"), Sniffed::Known(Format::Nef));
        assert_eq!(sniff(b"II*\0\x10\0\0\0CR\x02\0", "x"), Sniffed::Known(Format::Cr2));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08", "tif"), Sniffed::Known(Format::Tiff));
    }

    #[test]
    fn isobmff_brands() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(sniff(heic, "HIF"), Sniffed::Known(Format::Heic));
        let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf";
        assert_eq!(sniff(avif, "avif"), Sniffed::Known(Format::Avif));
        let cr3 = b"\0\0\0\x18ftypcrx \0\0\0\x01crx isom";
        assert_eq!(sniff(cr3, "cr3"), Sniffed::Known(Format::Cr3));
        let mov = b"\0\0\0\x14ftypqt  \0\0\0\0qt  ";
        assert_eq!(sniff(mov, "mov"), Sniffed::Known(Format::Mov));
        let mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0isommp42";
        assert_eq!(sniff(mp4, "mp4"), Sniffed::Known(Format::Mp4));
    }

    #[test]
    fn jpeg_xl_container_and_bare_codestream() {
        let container = b"\0\0\0\x0CJXL \r\n\x87\n\0\0\0\x14ftypjxl ";
        assert_eq!(sniff(container, "bin"), Sniffed::Known(Format::Jxl));
        assert_eq!(sniff(b"\xFF\x0A\x08\x04", "jxl"), Sniffed::Known(Format::Jxl));
        // The box name alone, without the rest of the signature, is not one.
        assert_eq!(sniff(b"\0\0\0\x0CJXL nope", "jxl"), Sniffed::Unknown);
    }
}
