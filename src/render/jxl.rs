//! JPEG XL through jxl-oxide (pure Rust): the headers are parsed first and
//! the size checked against the limits before any frame is loaded; the
//! decoder's own allocation tracker bounds what a crafted frame could still
//! ask for. Pixels come out in sRGB (its moxcms CMS converts an ICC-tagged
//! image) and the right way up (the codestream's orientation is applied
//! here, so the caller applies none).

use super::{check_limits, Decoded, FileProblem, Limits, Pixels, R, TRUNCATED};
use jxl_oxide::{AllocTracker, EnumColourEncoding, InitializeResult, JxlImage, RenderingIntent};

/// Bytes handed to the decoder at a time while its headers are read, so the
/// size is known (and refused) before the frames are loaded.
const CHUNK: usize = 64 * 1024;
/// What the decoder may allocate per pixel allowed: its buffers are planes
/// of 32-bit samples (three colours, an alpha, and working space).
const BYTES_PER_PIXEL: u64 = 32;

pub(super) fn decode(data: &[u8], limits: &Limits, mut buf: Vec<u8>) -> R<Decoded> {
    let budget = usize::try_from(limits.max_pixels.saturating_mul(BYTES_PER_PIXEL)).unwrap_or(usize::MAX);
    let mut uninit = JxlImage::builder().alloc_tracker(AllocTracker::with_limit(budget)).build_uninit();
    let (mut fed, mut window) = (0, CHUNK);
    let mut image = loop {
        if fed >= data.len() {
            return Err(FileProblem::Truncated(TRUNCATED.into()));
        }
        let end = fed.saturating_add(window).min(data.len());
        let n = uninit.feed_bytes(&data[fed..end]).map_err(corrupt)?;
        fed += n;
        match uninit.try_init().map_err(corrupt)? {
            InitializeResult::Initialized(image) => break image,
            // The parser keeps a box header cut by the window for later: a
            // wider window, until the file has no more to give.
            InitializeResult::NeedMoreData(_) if n == 0 && end == data.len() => {
                return Err(FileProblem::Truncated(TRUNCATED.into()))
            }
            InitializeResult::NeedMoreData(u) => {
                uninit = u;
                if n == 0 {
                    window = window.saturating_mul(2);
                }
            }
        }
    };
    let size = &image.image_header().size;
    check_limits(limits, u64::from(size.width), u64::from(size.height))?;
    while fed < data.len() {
        let n = image.feed_bytes(&data[fed..]).map_err(corrupt)?;
        if n == 0 {
            break;
        }
        fed += n;
    }
    image.finalize().map_err(corrupt)?;
    if image.num_loaded_keyframes() == 0 {
        return Err(FileProblem::Truncated(TRUNCATED.into()));
    }
    image.request_color_encoding(EnumColourEncoding::srgb(RenderingIntent::Relative));
    let render = image.render_frame(0).map_err(corrupt)?;
    let mut stream = render.stream_no_alpha();
    let (w, h, channels) = (stream.width(), stream.height(), stream.channels() as usize);
    if !matches!(channels, 1 | 3) {
        return Err(FileProblem::Unsupported(format!("JPEG XL images with {channels} colour channels")));
    }
    let samples = w as usize * h as usize * channels;
    buf.clear();
    buf.resize(samples, 0);
    if stream.write_to_buffer(&mut buf[..]) != samples {
        return Err(FileProblem::Corrupt("JPEG XL: the decoder gave fewer pixels than the image has".into()));
    }
    if channels == 1 {
        // Grey: each sample becomes R = G = B, from the end so it is done in place.
        buf.resize(samples * 3, 0);
        for i in (0..samples).rev() {
            let v = buf[i];
            buf[3 * i..3 * i + 3].fill(v);
        }
    }
    Ok(Decoded { pixels: Pixels { width: w, height: h, rgb: buf }, icc: None })
}

fn corrupt(e: Box<dyn std::error::Error + Send + Sync>) -> FileProblem {
    let msg = e.to_string();
    if msg.contains("EOF") || msg.contains("end of") {
        FileProblem::Truncated(TRUNCATED.into())
    } else {
        FileProblem::Corrupt(format!("JPEG XL: {msg}"))
    }
}
