//! The thumbnail cache: rendered JPEGs on disk under the mission's cache
//! folder (`<cache>/thumbs/<edge>/<ab>/<key>.jpg`), never beside the photos.
//!
//! A thumbnail's key hashes the source's identity as the file system shows
//! it now (path, size, modification time) with the edge and
//! [`RENDER_VERSION`](super::RENDER_VERSION): a changed photo gets a new key,
//! so a stale thumbnail is never served, and [`ThumbCache::prune`] removes
//! the old one. Files are written atomically; two threads making the same
//! thumbnail both write a whole file and the last rename wins.

use super::{RenderError, Renderer, Source, Spec};
use crate::model::FileProblem;
use crate::model::{MediaKind, PhotoMeta};
use crate::progress::{Cancel, Progress, ProgressEvent};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone)]
pub struct ThumbCache {
    root: PathBuf,
}

/// A thumbnail on disk, and whether this call made it.
#[derive(Debug, Clone)]
pub struct Thumb {
    pub path: PathBuf,
    pub made: bool,
    /// The JPEG bytes when this call made it (no need to read them back).
    pub jpeg: Option<Vec<u8>>,
}

/// What [`ThumbCache::build`] did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BuildReport {
    /// Long edge in pixels.
    pub size: u32,
    /// The folder holding this size's thumbnails.
    #[serde(serialize_with = "crate::model::lossy_path")]
    pub dir: PathBuf,
    /// Thumbnails made now.
    pub made: u64,
    /// Thumbnails already in the cache and still current.
    pub fresh: u64,
    /// Stale thumbnails removed (their photo changed or is gone).
    pub pruned: u64,
    /// Photos that could not be rendered; the grid shows a placeholder.
    pub failed: Vec<Failure>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    #[serde(serialize_with = "crate::model::lossy_path")]
    pub path: PathBuf,
    pub reason: String,
    pub code: String,
}

impl ThumbCache {
    /// The cache under `cache_dir` (the catalog's folder).
    pub fn new(cache_dir: &Path) -> ThumbCache {
        ThumbCache { root: cache_dir.join("thumbs") }
    }

    pub fn dir(&self, edge: u32) -> PathBuf {
        self.root.join(edge.to_string())
    }

    /// Where the thumbnail of `path` at `edge` lives, for the file as it is
    /// now. Fails when the photo cannot be read.
    pub fn path_of(&self, path: &Path, edge: u32) -> std::io::Result<PathBuf> {
        let meta = std::fs::metadata(path)?;
        let mtime_ns =
            meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i64);
        let mut h = blake3::Hasher::new();
        h.update(&super::RENDER_VERSION.to_le_bytes());
        h.update(&edge.to_le_bytes());
        h.update(&meta.len().to_le_bytes());
        h.update(&mtime_ns.to_le_bytes());
        h.update(path.as_os_str().as_encoded_bytes());
        let key = h.finalize().to_hex();
        let key = &key.as_str()[..32];
        Ok(self.dir(edge).join(&key[..2]).join(format!("{key}.jpg")))
    }

    /// The current thumbnail, if the cache has it.
    pub fn cached(&self, path: &Path, edge: u32) -> Option<PathBuf> {
        self.path_of(path, edge).ok().filter(|p| usable(p))
    }

    /// The current thumbnail, made now if the cache lacks it.
    pub fn ensure(&self, r: &mut Renderer, src: &Source, edge: u32) -> Result<Thumb, RenderError> {
        self.ensure_with(r, src, edge, |_| ()).map(|(t, _)| t)
    }

    /// [`ThumbCache::ensure`], handing the thumbnail's pixels to `analyse`
    /// when it is made now (curation computes its features there, so a
    /// photo is decoded once for both). `None` when the thumbnail was
    /// already cached: the caller decodes the small cached JPEG instead.
    pub fn ensure_with<T>(
        &self,
        r: &mut Renderer,
        src: &Source,
        edge: u32,
        analyse: impl FnOnce(&super::Pixels) -> T,
    ) -> Result<(Thumb, Option<T>), RenderError> {
        let io = |e| RenderError::new(src.path, FileProblem::from_io(&e));
        let at = self.path_of(src.path, edge).map_err(io)?;
        if usable(&at) {
            return Ok((Thumb { path: at, made: false, jpeg: None }, None));
        }
        let spec = Spec { fit: super::Fit::LongEdge(edge), ..Spec::THUMB };
        // Renderer::render, with the pixels looked at before encoding; from
        // the preview the photo carries when it covers the tile.
        let pixels = match r.preview_pixels(src, spec.fit)? {
            Some(p) => p,
            None => r.pixels(src, spec.fit)?,
        };
        let analysed = analyse(&pixels);
        let jpeg = r.jpeg.encode(&pixels, spec.quality).map_err(|k| RenderError::new(src.path, k))?;
        r.recycle(pixels);
        if let Some(dir) = at.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        crate::atomic::write_cache(&at, &jpeg).map_err(io)?;
        Ok((Thumb { path: at, made: true, jpeg: Some(jpeg) }, Some(analysed)))
    }

    /// Makes every missing thumbnail of `photos` at `edge` in parallel (one
    /// [`Renderer`] per thread), then removes this size's thumbnails that no
    /// photo of `photos` uses any more. Videos are passed over; a photo that
    /// fails is reported and the rest goes on.
    pub fn build(
        &self,
        photos: &[PhotoMeta],
        edge: u32,
        progress: Progress,
        cancel: &Cancel,
    ) -> crate::Result<BuildReport> {
        let photos: Vec<&PhotoMeta> = photos.iter().filter(|p| p.kind == MediaKind::Photo).collect();
        let total = photos.len() as u64;
        let done = AtomicU64::new(0);
        progress(ProgressEvent::Rendering { done: 0, total });
        let results: Vec<(Option<PathBuf>, Result<bool, RenderError>)> = photos
            .par_iter()
            .map(|p| {
                if cancel.is_cancelled() {
                    return (None, Ok(false));
                }
                let src = Source { path: &p.path, format: p.format, orientation: p.orientation };
                let r = guarded(src.path, || with_renderer(|r| self.ensure(r, &src, edge)));
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(16) || n == total {
                    progress(ProgressEvent::Rendering { done: n, total });
                }
                match r {
                    Ok(t) => (Some(t.path), Ok(t.made)),
                    Err(e) => (self.path_of(&p.path, edge).ok(), Err(e)),
                }
            })
            .collect();
        if cancel.is_cancelled() {
            return Err(crate::Error::Cancelled);
        }
        let mut report = BuildReport { size: edge, dir: self.dir(edge), ..BuildReport::default() };
        let mut live = HashSet::new();
        for (path, r) in results {
            if let Some(p) = path {
                live.insert(p);
            }
            match r {
                Ok(true) => report.made += 1,
                Ok(false) => report.fresh += 1,
                Err(e) => {
                    report.failed.push(Failure { code: e.code().to_string(), reason: e.to_string(), path: e.path })
                }
            }
        }
        report.pruned = self.prune(edge, &live);
        Ok(report)
    }

    /// Removes thumbnails of this size that are not in `live`. Best effort:
    /// a file another process is writing may stay until next time.
    pub fn prune(&self, edge: u32, live: &HashSet<PathBuf>) -> u64 {
        let mut removed = 0;
        for entry in walkdir::WalkDir::new(self.dir(edge)).min_depth(2).max_depth(2).into_iter().flatten() {
            let p = entry.path();
            let is_thumb = p.extension().is_some_and(|e| e == "jpg");
            if entry.file_type().is_file() && is_thumb && !live.contains(p) && std::fs::remove_file(p).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// A cached file that can be served: present and not left empty by a crash
/// (cache writes skip fsync, see [`crate::atomic::write_cache`]).
fn usable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > 0)
}

/// A photo as a front end names it for rendering (owned, to cross threads).
#[derive(Debug, Clone)]
pub struct PhotoRef {
    pub path: PathBuf,
    pub format: crate::Format,
    pub orientation: Option<u8>,
}

impl From<&PhotoMeta> for PhotoRef {
    fn from(p: &PhotoMeta) -> Self {
        PhotoRef { path: p.path.clone(), format: p.format, orientation: p.orientation }
    }
}

/// Serves thumbnails to a front end that asks for many at once (a grid
/// scrolling): requests run on a small pool of its own, one renderer per
/// thread, so memory stays bounded however many are waiting.
pub struct Thumbnailer {
    cache: ThumbCache,
    pool: rayon::ThreadPool,
}

type Reply = Box<dyn FnOnce(Result<Vec<u8>, RenderError>) + Send>;

impl Thumbnailer {
    /// `threads`: 0 for one per core.
    pub fn new(cache_dir: &Path, threads: usize) -> crate::Result<Thumbnailer> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("recap-thumbs-{i}"))
            // Without a handler rayon aborts the process on a panic in a
            // spawned job: the app's window would go with it. Renders are
            // caught below; this is for a panic in a front end's reply.
            .panic_handler(|_| eprintln!("recap: a thumbnail reply panicked; the pool goes on"))
            .build()
            .map_err(|e| crate::Error::Invalid(format!("cannot start the thumbnail threads: {e}")))?;
        Ok(Thumbnailer { cache: ThumbCache::new(cache_dir), pool })
    }

    pub fn cache(&self) -> &ThumbCache {
        &self.cache
    }

    /// The JPEG bytes of `photo`'s thumbnail at `edge` (from the cache, or
    /// made and cached), handed to `reply` on a pool thread.
    pub fn thumbnail(
        &self,
        photo: PhotoRef,
        edge: u32,
        reply: impl FnOnce(Result<Vec<u8>, RenderError>) + Send + 'static,
    ) {
        let cache = self.cache.clone();
        let reply: Reply = Box::new(reply);
        self.pool.spawn(move || {
            let src = Source { path: &photo.path, format: photo.format, orientation: photo.orientation };
            let made = guarded(src.path, || with_renderer(|r| cache.ensure(r, &src, edge)));
            reply(made.and_then(|t| match t.jpeg {
                Some(jpeg) => Ok(jpeg),
                None => std::fs::read(&t.path).map_err(|e| RenderError::new(&photo.path, FileProblem::from_io(&e))),
            }));
        });
    }

    /// The photo's EXIF thumbnail, oriented ([`Renderer::placeholder`]);
    /// `Ok(None)` when it has none.
    pub fn placeholder(
        &self,
        photo: PhotoRef,
        reply: impl FnOnce(Result<Option<Vec<u8>>, RenderError>) + Send + 'static,
    ) {
        self.pool.spawn(move || {
            let src = Source { path: &photo.path, format: photo.format, orientation: photo.orientation };
            reply(guarded(src.path, || with_renderer(|r| r.placeholder(&src))).map(|p| p.map(|p| p.jpeg)));
        });
    }
}

/// Runs one photo's work behind a panic boundary: a panic becomes that
/// photo's failure with the code `internal`, and the caller goes on to the
/// next photo. ([`Renderer`] catches its own decoders; this also covers the
/// cache's work around them.)
pub(crate) fn guarded<T>(path: &Path, work: impl FnOnce() -> Result<T, RenderError>) -> Result<T, RenderError> {
    crate::guard::catch_file(work).unwrap_or_else(|panic| Err(RenderError::internal(path, panic)))
}

/// The calling thread's renderer (one per thread, kept between calls).
pub(crate) fn with_renderer<T>(f: impl FnOnce(&mut Renderer) -> T) -> T {
    thread_local! {
        static RENDERER: RefCell<Renderer> = RefCell::new(Renderer::new());
    }
    RENDERER.with(|r| f(&mut r.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_photos_work_is_its_internal_failure() {
        let path = Path::new("/trip/Alex/DSC_0001.NEF");
        let r: Result<(), RenderError> = guarded(path, || panic!("index out of bounds: the len is 0"));
        let e = r.expect_err("the panic is a failure");
        assert_eq!(e.code(), "internal");
        assert_eq!(e.path, path);
        let shown = e.to_string();
        assert!(shown.contains("DSC_0001.NEF") && shown.contains("index out of bounds"), "{shown}");
        assert_eq!(guarded(path, || Ok(3)).ok(), Some(3));
    }
}
