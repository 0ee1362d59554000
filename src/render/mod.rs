//! Pixels: the only module that decodes and encodes images. Grid thumbnails,
//! viewer previews and export renders all come out of [`Renderer::render`]:
//! sRGB, the right way up, at an exact size, as a JPEG without metadata.
//!
//! JPEGs are decoded at a reduced DCT scale (libjpeg-turbo decodes 1/8 of a
//! 12 MP photo in a fraction of the full decode) and then resized to the exact
//! size with a Lanczos3 convolution; HEIC goes through libheif; PNG, TIFF and
//! WebP through `image`; RAW files through the largest JPEG preview they
//! embed. Grid tiles and curation's pixels come from the preview a file
//! carries when it covers them ([`Renderer::preview_pixels`]). A
//! [`Renderer`] keeps its buffers and codec handles between images:
//! one per thread.
//!
//! Nothing here writes a file: [`cache`] stores what a renderer makes.

pub mod cache;
mod color;
mod jpeg;
mod jxl;

use crate::model::{FileProblem, Format, Oversize};
use fast_image_resize as fir;
use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

pub use cache::{PhotoRef, ThumbCache, Thumbnailer};

/// Long edge of a grid thumbnail.
pub const THUMB_EDGE: u32 = 400;
/// Long edge of the viewer's preview.
pub const PREVIEW_EDGE: u32 = 1600;

/// Bump when the pixels of a render change for the same source (a new
/// resampling filter, a colour fix): cached thumbnails are then remade.
pub const RENDER_VERSION: u32 = 1;

/// The photo to render: its path and what the scan learnt of it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub format: Format,
    /// EXIF orientation (1–8); `None` or 1 for upright. Ignored for HEIC,
    /// whose own transformations libheif applies.
    pub orientation: Option<u8>,
}

/// How to fit the photo into the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fit {
    /// The long edge becomes this many pixels, never more than the photo has.
    LongEdge(u32),
    /// Exactly `width` × `height`, cropped around the centre to that aspect
    /// ratio (Instagram's 4:5), enlarged if the photo is smaller.
    Cover { width: u32, height: u32 },
}

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    pub fit: Fit,
    /// JPEG quality, 1–100.
    pub quality: u8,
}

impl Spec {
    pub const THUMB: Spec = Spec { fit: Fit::LongEdge(THUMB_EDGE), quality: 80 };
    pub const PREVIEW: Spec = Spec { fit: Fit::LongEdge(PREVIEW_EDGE), quality: 85 };

    pub fn long_edge(edge: u32, quality: u8) -> Spec {
        Spec { fit: Fit::LongEdge(edge), quality }
    }
}

/// A rendered JPEG: sRGB (no ICC profile needed), oriented, no metadata.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decoded, oriented sRGB pixels (8-bit RGB, rows packed).
#[derive(Debug, Clone)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Guards against decompression bombs and absurd headers: checked before
/// any pixel buffer is allocated.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest image accepted, in pixels (the default, 200 MP, is above any
    /// camera a delegation carries).
    pub max_pixels: u64,
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_pixels: 200_000_000, max_file_bytes: 1 << 30 }
    }
}

impl Limits {
    /// The same bound for the `image` crate's decoders (RGBA at most).
    fn for_image_crate(&self) -> image::Limits {
        let mut l = image::Limits::default();
        l.max_alloc = Some(self.max_pixels.saturating_mul(4));
        l
    }
}

/// Why one photo could not be rendered. The grid shows a placeholder; the
/// export reports it and goes on.
#[derive(Debug)]
pub struct RenderError {
    pub path: PathBuf,
    pub problem: FileProblem,
}

/// What a decoder's "the data ended early" becomes.
const TRUNCATED: &str = "image (the file ends too early)";

impl RenderError {
    fn new(path: &Path, problem: FileProblem) -> Self {
        RenderError { path: path.to_path_buf(), problem }
    }

    /// The failure of a render that panicked ([`crate::guard::catch_file`]).
    pub fn internal(path: &Path, problem: FileProblem) -> Self {
        RenderError::new(path, problem)
    }

    /// The problem's stable code, the scan's for the same cause.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.problem)
    }
}

type R<T> = std::result::Result<T, FileProblem>;

/// Renders photos. Holds codec handles, colour transforms and buffers that
/// are reused from one image to the next; not shared between threads.
pub struct Renderer {
    limits: Limits,
    file: Vec<u8>,
    decoded: Vec<u8>,
    resized: Vec<u8>,
    jpeg: jpeg::Codec,
    resizer: fir::Resizer,
    colour: color::Transforms,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    pub fn new() -> Renderer {
        Renderer::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Renderer {
        Renderer {
            limits,
            file: Vec::new(),
            decoded: Vec::new(),
            resized: Vec::new(),
            jpeg: jpeg::Codec::default(),
            resizer: fir::Resizer::new(),
            colour: color::Transforms::default(),
        }
    }

    /// Renders `src` as `spec` says: decode (at a reduced scale when the
    /// format allows), convert to sRGB, resize, orient, encode.
    pub fn render(&mut self, src: &Source, spec: &Spec) -> Result<Rendered, RenderError> {
        let pixels = self.pixels(src, spec.fit)?;
        let jpeg = self.jpeg.encode(&pixels, spec.quality).map_err(|k| RenderError::new(src.path, k))?;
        let out = Rendered { jpeg, width: pixels.width, height: pixels.height };
        self.recycle(pixels);
        Ok(out)
    }

    /// Encodes pixels made elsewhere (the app's mosaic of miniatures) as a
    /// baseline JPEG.
    pub fn encode(&mut self, pixels: &Pixels, quality: u8) -> Result<Vec<u8>, RenderError> {
        self.jpeg.encode(pixels, quality).map_err(|k| RenderError::new(Path::new("(mosaic)"), k))
    }

    /// The oriented sRGB pixels of `src` fitted as asked (for hashing and
    /// analysis; [`Renderer::render`] encodes them).
    pub fn pixels(&mut self, src: &Source, fit: Fit) -> Result<Pixels, RenderError> {
        match crate::guard::catch_file(|| self.pixels_inner(src, fit)) {
            Ok(r) => r.map_err(|k| RenderError::new(src.path, k)),
            Err(panic) => {
                self.reset();
                Err(RenderError::internal(src.path, panic))
            }
        }
    }

    /// Forgets codec handles and colour transforms a panic may have left
    /// half-way, so that the next photo starts clean.
    fn reset(&mut self) {
        self.jpeg = jpeg::Codec::default();
        self.colour = color::Transforms::default();
        self.resizer = fir::Resizer::new();
    }

    /// The EXIF thumbnail a camera or phone stored beside the photo (about
    /// 160×120), oriented and re-encoded: shown while the real thumbnail is
    /// made. `None` when the photo has none.
    pub fn placeholder(&mut self, src: &Source) -> Result<Option<Rendered>, RenderError> {
        match crate::guard::catch_file(|| self.placeholder_inner(src)) {
            Ok(r) => r,
            Err(panic) => {
                self.reset();
                Err(RenderError::internal(src.path, panic))
            }
        }
    }

    fn placeholder_inner(&mut self, src: &Source) -> Result<Option<Rendered>, RenderError> {
        let at = |k| RenderError::new(src.path, k);
        if src.format != Format::Jpeg {
            return Ok(None);
        }
        read_head(src.path, &mut self.file, jpeg::HEAD_BYTES).map_err(at)?;
        let Some(range) = jpeg::exif_thumbnail(&self.file) else {
            return Ok(None);
        };
        let thumb = self.file[range].to_vec();
        let Ok(decoded) = self.jpeg.decode(&thumb, |w, h| (w, h), &self.limits, Vec::new()) else {
            // A broken thumbnail is no reason to fail: the real one follows.
            return Ok(None);
        };
        let oriented = orient(decoded.pixels, src.orientation);
        let jpeg = self.jpeg.encode(&oriented, 80).map_err(at)?;
        Ok(Some(Rendered { jpeg, width: oriented.width, height: oriented.height }))
    }

    /// The pixels of the preview `src` carries, fitted as asked, when one
    /// covers `fit`'s long edge: a HEIC/AVIF thumbnail item, a JPEG's EXIF
    /// thumbnail (large on many Android phones) or its MPF preview (about
    /// 1920 px on Android: enough for the viewer's 1600 px). Decoding a
    /// 320 px item instead of a 12 MP HEVC image is what lets curation see a phone's
    /// whole trip in seconds. `Ok(None)` when there is no such preview, it
    /// does not decode, or its shape is not the image's (cropped on the
    /// phone after the preview was made): the caller decodes the image.
    /// Only [`Fit::LongEdge`] is served; the preview's orientation is the
    /// image's.
    pub fn preview_pixels(&mut self, src: &Source, fit: Fit) -> Result<Option<Pixels>, RenderError> {
        match crate::guard::catch_file(|| self.preview_inner(src, fit)) {
            Ok(r) => r.map_err(|k| RenderError::new(src.path, k)),
            Err(panic) => {
                self.reset();
                Err(RenderError::internal(src.path, panic))
            }
        }
    }

    fn preview_inner(&mut self, src: &Source, fit: Fit) -> R<Option<Pixels>> {
        let Fit::LongEdge(edge) = fit else { return Ok(None) };
        let buf = std::mem::take(&mut self.decoded);
        let (decoded, orientation) = match src.format {
            Format::Jpeg => {
                let Some(d) = self.jpeg_preview(src.path, fit, edge, buf)? else { return Ok(None) };
                (d, src.orientation.filter(|o| (2..=8).contains(o)))
            }
            Format::Heic | Format::Avif => {
                read_all(src.path, &mut self.file, self.limits.max_file_bytes)?;
                let Some(d) = heif::decode_thumbnail(&self.file, edge, &self.limits, buf)? else { return Ok(None) };
                (d, None)
            }
            _ => return Ok(None),
        };
        let Decoded { pixels, icc } = decoded;
        let mut resized = self.resize(pixels, fit)?;
        if let Some(icc) = &icc {
            self.colour.convert_to_srgb(icc, &mut resized.rgb);
        }
        Ok(Some(orient(resized, orientation)))
    }

    /// The smallest preview a JPEG carries that covers `edge` with the
    /// image's shape, decoded: the EXIF thumbnail (IFD1, in the head), else
    /// a large thumbnail of the MPF index (appended after the image, read
    /// alone: a 1920 px preview is a tenth of a 12 MP file's bytes).
    fn jpeg_preview(&mut self, path: &Path, fit: Fit, edge: u32, buf: Vec<u8>) -> R<Option<Decoded>> {
        let mut f = open(path)?;
        let io = |e: std::io::Error| FileProblem::from_io(&e);
        self.file.clear();
        (&mut f).take(jpeg::HEAD_BYTES).read_to_end(&mut self.file).map_err(io)?;
        let Some(image) = jpeg::frame_size(&self.file) else { return Ok(None) };
        let covers = |dims: Option<(u32, u32)>| dims.is_some_and(|d| d.0.max(d.1) >= edge && same_shape(d, image));
        // Previews have no profile of their own as a rule: they were made
        // from the image, in the image's colours.
        let icc = jpeg::icc_profile(&self.file);
        let mut buf = Some(buf);
        if let Some(range) =
            jpeg::exif_thumbnail(&self.file).filter(|r| covers(jpeg::frame_size(&self.file[r.clone()])))
        {
            let b = buf.take().unwrap_or_default();
            if let Ok(d) = self.jpeg.decode(&self.file[range], |w, h| needed(fit, w, h), &self.limits, b) {
                return Ok(Some(Decoded { pixels: d.pixels, icc }));
            }
        }
        let len = f.metadata().map_err(io)?.len();
        let mut mpf = jpeg::mpf_previews(&self.file);
        mpf.retain(|r| r.start < r.end && r.end <= len);
        mpf.sort_by_key(|r| r.end - r.start);
        for range in mpf {
            self.file.clear();
            f.seek(std::io::SeekFrom::Start(range.start)).map_err(io)?;
            (&mut f).take(range.end - range.start).read_to_end(&mut self.file).map_err(io)?;
            if self.file.len() as u64 != range.end - range.start || !covers(jpeg::frame_size(&self.file)) {
                continue;
            }
            let b = buf.take().unwrap_or_default();
            if let Ok(d) = self.jpeg.decode(&self.file, |w, h| needed(fit, w, h), &self.limits, b) {
                return Ok(Some(Decoded { pixels: d.pixels, icc: d.icc.or(icc) }));
            }
        }
        Ok(None)
    }

    fn pixels_inner(&mut self, src: &Source, fit: Fit) -> R<Pixels> {
        read_all(src.path, &mut self.file, self.limits.max_file_bytes)?;
        let orientation = match src.format {
            // Their decoders apply the file's own orientation.
            Format::Heic | Format::Avif | Format::Jxl => None,
            _ => src.orientation.filter(|o| (2..=8).contains(o)),
        };
        let transposed = matches!(orientation, Some(5..=8));
        // The decoders see the stored (unrotated) image: ask them for the
        // target in that frame.
        let fit_stored = match fit {
            Fit::Cover { width, height } if transposed => Fit::Cover { width: height, height: width },
            other => other,
        };
        let buf = std::mem::take(&mut self.decoded);
        let decoded = match src.format {
            Format::Jpeg => self.jpeg.decode(&self.file, |w, h| needed(fit_stored, w, h), &self.limits, buf)?,
            Format::Heic | Format::Avif => heif::decode(&self.file, &self.limits, buf)?,
            Format::Png | Format::Tiff | Format::Webp => generic::decode(&self.file, src.format, &self.limits)?,
            Format::Jxl => jxl::decode(&self.file, &self.limits, buf)?,
            f if f.is_raw() => {
                let range = jpeg::largest_embedded(&self.file).ok_or(FileProblem::NoPreview)?;
                self.jpeg.decode(&self.file[range], |w, h| needed(fit_stored, w, h), &self.limits, buf)?
            }
            other => return Err(FileProblem::Unsupported(format!("{} files", other.name()))),
        };
        let Decoded { pixels, icc } = decoded;
        let mut resized = self.resize(pixels, fit_stored)?;
        if let Some(icc) = &icc {
            self.colour.convert_to_srgb(icc, &mut resized.rgb);
        }
        Ok(orient(resized, orientation))
    }

    /// Resizes to the exact size `fit` asks for (Lanczos3), cropping around
    /// the centre for [`Fit::Cover`]. Returns the input itself when it is
    /// already that size; otherwise keeps its buffer for the next decode.
    fn resize(&mut self, src: Pixels, fit: Fit) -> R<Pixels> {
        let (w, h) = (src.width, src.height);
        let (tw, th, crop) = target(fit, w, h);
        if (tw, th) == (w, h) && crop.is_none() {
            return Ok(src);
        }
        let mut out = std::mem::take(&mut self.resized);
        out.clear();
        out.resize(tw as usize * th as usize * 3, 0);
        let src_view = fir::images::ImageRef::new(w, h, &src.rgb, fir::PixelType::U8x3)
            .map_err(|e| FileProblem::Corrupt(format!("decoder output: {e}")))?;
        let mut dst = fir::images::Image::from_vec_u8(tw, th, out, fir::PixelType::U8x3)
            .map_err(|e| FileProblem::Corrupt(format!("resize buffer: {e}")))?;
        let mut opts = fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
        if let Some((l, t, cw, ch)) = crop {
            opts = opts.crop(l, t, cw, ch);
        }
        self.resizer.resize(&src_view, &mut dst, &opts).map_err(|e| FileProblem::Corrupt(format!("resize: {e}")))?;
        self.decoded = src.rgb;
        Ok(Pixels { width: tw, height: th, rgb: dst.into_vec() })
    }

    /// Takes back pixels the caller no longer needs, so that the next image
    /// reuses their buffer instead of allocating one.
    pub fn recycle(&mut self, pixels: Pixels) {
        if pixels.rgb.capacity() > self.resized.capacity() {
            self.resized = pixels.rgb;
        }
    }
}

/// The decoded image at the size the decoder chose, and its ICC profile.
struct Decoded {
    pixels: Pixels,
    icc: Option<Vec<u8>>,
}

/// Smallest decoded size (in the stored frame) that still yields `fit`
/// without enlarging: the decoder may go down to it, not below.
fn needed(fit: Fit, w: u32, h: u32) -> (u32, u32) {
    match fit {
        Fit::LongEdge(edge) => {
            let long = w.max(h).max(1);
            if edge >= long {
                return (w, h);
            }
            let s = edge as f64 / long as f64;
            ((w as f64 * s).ceil() as u32, (h as f64 * s).ceil() as u32)
        }
        Fit::Cover { width, height } => {
            let s = (width as f64 / w.max(1) as f64).max(height as f64 / h.max(1) as f64);
            if s >= 1.0 {
                return (w, h);
            }
            ((w as f64 * s).ceil() as u32, (h as f64 * s).ceil() as u32)
        }
    }
}

/// Whether a preview of `preview` pixels shows the whole of an image of
/// `image` pixels (both in the same frame): the same aspect ratio, up to the
/// rounding of the preview's short edge. A letterboxed EXIF thumbnail or one
/// left from before a crop fails this.
fn same_shape(preview: (u32, u32), image: (u32, u32)) -> bool {
    let ((pw, ph), (w, h)) = (preview, image);
    if pw == 0 || ph == 0 || w == 0 || h == 0 {
        return false;
    }
    let expected_h = pw as f64 * h as f64 / w as f64;
    (expected_h - ph as f64).abs() <= (ph as f64 * 0.01).max(1.0)
}

/// `p` shrunk so that its long edge is `edge` (Lanczos3), or a copy when it
/// is already that small: the fixed scale curation measures sharpness at,
/// whatever the pixels came from.
pub fn shrink(p: &Pixels, edge: u32) -> Pixels {
    let (tw, th, _) = target(Fit::LongEdge(edge), p.width, p.height);
    if (tw, th) == (p.width, p.height) {
        return p.clone();
    }
    let shrunk = fir::images::ImageRef::new(p.width, p.height, &p.rgb, fir::PixelType::U8x3).ok().and_then(|from| {
        let mut to = fir::images::Image::new(tw, th, fir::PixelType::U8x3);
        let opts = fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
        fir::Resizer::new().resize(&from, &mut to, &opts).ok()?;
        Some(Pixels { width: tw, height: th, rgb: to.into_vec() })
    });
    // Only a buffer shorter than its size fails, which no decoder here makes.
    shrunk.unwrap_or_else(|| p.clone())
}

/// A crop of the source: left, top, width, height.
type Crop = (f64, f64, f64, f64);

/// Output size for `fit` from a `w`×`h` image, and the source crop for
/// [`Fit::Cover`].
fn target(fit: Fit, w: u32, h: u32) -> (u32, u32, Option<Crop>) {
    match fit {
        Fit::LongEdge(edge) => {
            let long = w.max(h);
            if edge >= long || edge == 0 {
                return (w, h, None);
            }
            let s = edge as f64 / long as f64;
            let tw = ((w as f64 * s).round() as u32).clamp(1, edge);
            let th = ((h as f64 * s).round() as u32).clamp(1, edge);
            (tw, th, None)
        }
        Fit::Cover { width, height } => {
            let (wf, hf) = (w as f64, h as f64);
            let want = width as f64 / height.max(1) as f64;
            let (cw, ch) = if wf / hf > want { (hf * want, hf) } else { (wf, wf / want) };
            (width.max(1), height.max(1), Some(((wf - cw) / 2.0, (hf - ch) / 2.0, cw, ch)))
        }
    }
}

/// Applies an EXIF orientation to the pixels (after resizing: fewer to move).
fn orient(p: Pixels, orientation: Option<u8>) -> Pixels {
    let Some(o) = orientation.and_then(image::metadata::Orientation::from_exif) else {
        return p;
    };
    if o == image::metadata::Orientation::NoTransforms {
        return p;
    }
    let Some(buf) = image::RgbImage::from_raw(p.width, p.height, p.rgb) else {
        // from_raw only fails on a short buffer, which resize never makes.
        return Pixels { width: 0, height: 0, rgb: Vec::new() };
    };
    let mut img = image::DynamicImage::ImageRgb8(buf);
    img.apply_orientation(o);
    let rgb = img.into_rgb8();
    Pixels { width: rgb.width(), height: rgb.height(), rgb: rgb.into_raw() }
}

/// Reads the whole photo, at most `max` bytes: the size is checked before
/// reading and the read itself is capped, so a file that grows meanwhile
/// costs no more.
fn read_all(path: &Path, buf: &mut Vec<u8>, max: u64) -> R<()> {
    let f = open(path)?;
    let size = f.metadata().map_err(|e| FileProblem::from_io(&e))?.len();
    if size > max {
        return Err(FileProblem::TooLarge(Oversize::File { size, limit: max }));
    }
    buf.clear();
    buf.reserve(size as usize);
    f.take(max + 1).read_to_end(buf).map_err(|e| FileProblem::from_io(&e))?;
    if buf.len() as u64 > max {
        return Err(FileProblem::TooLarge(Oversize::File { size: buf.len() as u64, limit: max }));
    }
    Ok(())
}

fn read_head(path: &Path, buf: &mut Vec<u8>, n: u64) -> R<()> {
    let f = open(path)?;
    buf.clear();
    f.take(n).read_to_end(buf).map_err(|e| FileProblem::from_io(&e))?;
    Ok(())
}

/// Opens a photo for reading, refusing what is not a regular file before a
/// read could block on it (a FIFO in a participant's folder).
fn open(path: &Path) -> R<std::fs::File> {
    crate::guard::open_regular(path).map_err(FileProblem::from)
}

fn check_limits(limits: &Limits, w: u64, h: u64) -> R<()> {
    if w == 0 || h == 0 {
        return Err(FileProblem::Corrupt("the image has no pixels".into()));
    }
    if w.saturating_mul(h) > limits.max_pixels || w > 65_535 || h > 65_535 {
        return Err(FileProblem::TooLarge(Oversize::Image { width: w, height: h }));
    }
    Ok(())
}

/// HEIC, HEIF and AVIF through libheif (which applies the file's own
/// rotation and mirroring boxes).
mod heif {
    use super::{check_limits, Decoded, FileProblem, Limits, Oversize, Pixels, R, TRUNCATED};
    use libheif_rs::{ColorSpace, HeifContext, ImageHandle, LibHeif, RgbChroma};

    pub(super) fn decode(data: &[u8], limits: &Limits, buf: Vec<u8>) -> R<Decoded> {
        let ctx = HeifContext::read_from_bytes(data).map_err(|e| classify(&e.message))?;
        let handle = ctx.primary_image_handle().map_err(|e| classify(&e.message))?;
        decode_handle(&handle, None, limits, buf)
    }

    /// The smallest thumbnail item of the primary image whose long edge
    /// reaches `edge` and whose shape is the image's (a phone that crops a
    /// photo may keep the old thumbnail), decoded; `None` when there is no
    /// such item or it does not decode (the caller then decodes the image).
    pub(super) fn decode_thumbnail(data: &[u8], edge: u32, limits: &Limits, buf: Vec<u8>) -> R<Option<Decoded>> {
        let ctx = HeifContext::read_from_bytes(data).map_err(|e| classify(&e.message))?;
        let primary = ctx.primary_image_handle().map_err(|e| classify(&e.message))?;
        let image = (primary.width(), primary.height());
        // Files name a handful at most; more is a crafted file.
        let mut ids = vec![0; primary.number_of_thumbnails().min(16)];
        let n = primary.thumbnail_ids(&mut ids).min(ids.len());
        let best = ids[..n]
            .iter()
            .filter_map(|&id| primary.thumbnail(id).ok())
            .filter(|t| t.width().max(t.height()) >= edge && super::same_shape((t.width(), t.height()), image))
            .min_by_key(|t| u64::from(t.width()) * u64::from(t.height()));
        let Some(thumb) = best else { return Ok(None) };
        Ok(decode_handle(&thumb, Some(&primary), limits, buf).ok())
    }

    /// Decodes one image item (libheif applies its rotation and mirroring).
    /// A thumbnail without its own colour profile has its image's.
    fn decode_handle(
        handle: &ImageHandle,
        image: Option<&ImageHandle>,
        limits: &Limits,
        mut buf: Vec<u8>,
    ) -> R<Decoded> {
        let lib = LibHeif::new();
        check_limits(limits, handle.width() as u64, handle.height() as u64)?;
        let profile = |h: &ImageHandle| {
            h.color_profile_raw()
                .map(|p| p.data)
                .or_else(|| h.color_profile_nclx().and_then(|n| super::color::nclx_icc(n.color_primaries() as u32)))
        };
        let icc = profile(handle).or_else(|| image.and_then(profile));
        let img = lib.decode(handle, ColorSpace::Rgb(RgbChroma::Rgb), None).map_err(|e| classify(&e.message))?;
        let planes = img.planes();
        let plane = planes.interleaved.ok_or_else(|| FileProblem::Corrupt("no RGB plane".into()))?;
        let (w, h) = (plane.width, plane.height);
        let row = w as usize * 3;
        buf.clear();
        buf.reserve(row * h as usize);
        for y in 0..h as usize {
            let start = y * plane.stride;
            let line = plane.data.get(start..start + row).ok_or_else(|| FileProblem::Corrupt("short plane".into()))?;
            buf.extend_from_slice(line);
        }
        Ok(Decoded { pixels: Pixels { width: w, height: h, rgb: buf }, icc })
    }

    fn classify(msg: &str) -> FileProblem {
        let m = msg.to_ascii_lowercase();
        if m.contains("end of data") || m.contains("end of file") || m.contains("insufficient") {
            FileProblem::Truncated(TRUNCATED.into())
        } else if m.contains("unsupported codec") || m.contains("no decoding plugin") {
            FileProblem::Unsupported(format!("this HEIF file ({msg})"))
        } else if m.contains("security limit") {
            FileProblem::TooLarge(Oversize::Image { width: 0, height: 0 })
        } else {
            FileProblem::Corrupt(msg.to_string())
        }
    }
}

/// PNG, TIFF and WebP through `image`, with its decoding limits set.
mod generic {
    use super::{check_limits, Decoded, FileProblem, Limits, Oversize, Pixels, R, TRUNCATED};
    use crate::model::Format;
    use image::ImageDecoder;
    use std::io::Cursor;

    pub(super) fn decode(data: &[u8], format: Format, limits: &Limits) -> R<Decoded> {
        let fmt = match format {
            Format::Png => image::ImageFormat::Png,
            Format::Tiff => image::ImageFormat::Tiff,
            _ => image::ImageFormat::WebP,
        };
        let mut reader = image::ImageReader::with_format(Cursor::new(data), fmt);
        reader.limits(limits.for_image_crate());
        let mut decoder = reader.into_decoder().map_err(classify)?;
        let (w, h) = decoder.dimensions();
        check_limits(limits, w as u64, h as u64)?;
        let icc = decoder.icc_profile().ok().flatten();
        let img = image::DynamicImage::from_decoder(decoder).map_err(classify)?;
        let rgb = img.into_rgb8();
        Ok(Decoded { pixels: Pixels { width: rgb.width(), height: rgb.height(), rgb: rgb.into_raw() }, icc })
    }

    fn classify(e: image::ImageError) -> FileProblem {
        match e {
            image::ImageError::Limits(_) => FileProblem::TooLarge(Oversize::Image { width: 0, height: 0 }),
            image::ImageError::Unsupported(u) => FileProblem::Unsupported(u.to_string()),
            image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                FileProblem::Truncated(TRUNCATED.into())
            }
            other => {
                let msg = other.to_string();
                if msg.to_ascii_lowercase().contains("eof") || msg.contains("end of") {
                    FileProblem::Truncated(TRUNCATED.into())
                } else {
                    FileProblem::Corrupt(msg)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_edge_targets_keep_aspect_and_never_enlarge() {
        assert_eq!(target(Fit::LongEdge(400), 4032, 3024).0, 400);
        assert_eq!(target(Fit::LongEdge(400), 4032, 3024).1, 300);
        assert_eq!(target(Fit::LongEdge(400), 3024, 4032).1, 400);
        assert_eq!(target(Fit::LongEdge(4000), 640, 480), (640, 480, None));
    }

    #[test]
    fn cover_crops_the_centre_to_the_aspect() {
        let (w, h, crop) = target(Fit::Cover { width: 1080, height: 1350 }, 4000, 3000);
        assert_eq!((w, h), (1080, 1350));
        let (l, t, cw, ch) = crop.expect("a landscape photo is cropped for 4:5");
        assert!((cw / ch - 0.8).abs() < 1e-9);
        assert!((l - (4000.0 - cw) / 2.0).abs() < 1e-9 && t == 0.0);
    }

    #[test]
    fn a_preview_of_another_shape_is_not_the_image() {
        assert!(same_shape((320, 240), (4032, 3024)));
        assert!(same_shape((512, 384), (4000, 3000)));
        // iPhone's 4032×3024 gives 240 exactly; 16:9 phones round their short edge.
        assert!(same_shape((320, 180), (4080, 2296)));
        assert!(!same_shape((160, 120), (6000, 4000)), "a letterboxed 3:2 camera thumbnail");
        assert!(!same_shape((320, 240), (3024, 3024)), "cropped square on the phone");
        assert!(!same_shape((0, 240), (4032, 3024)));
    }

    #[test]
    fn the_decoder_may_shrink_only_down_to_the_target() {
        assert_eq!(needed(Fit::LongEdge(400), 4000, 3000), (400, 300));
        assert_eq!(needed(Fit::Cover { width: 1080, height: 1350 }, 4000, 3000), (1800, 1350));
        assert_eq!(needed(Fit::LongEdge(400), 300, 200), (300, 200));
    }
}
