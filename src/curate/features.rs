//! What curation knows of a photo's pixels, measured at [`FEATURE_EDGE`]
//! on the preview the file carries when one is large enough and has the
//! image's shape (an iPhone HEIC's thumbnail item, an Android JPEG's EXIF
//! thumbnail), else on its 400 px grid thumbnail made on the way (never a
//! second decode of the original): a perceptual hash, a
//! 32×32 grey miniature, sharpness and exposure. Plus, for photos that share
//! their byte size with another, a blake3 hash of the file for exact
//! duplicates (hashing every file would read the whole trip from disk).
//!
//! Results are cached in `<cache>/curate/features-v1.bin`, keyed like the
//! thumbnails by path, size and modification time: a rescan recomputes only
//! what changed. The cache is a cache: unreadable, it is rebuilt.

use crate::model::{FileProblem, Format, MediaKind, PhotoMeta};
use crate::progress::{Cancel, Progress, ProgressEvent};
use crate::render::cache::{guarded, with_renderer, Failure};
use crate::render::{Fit, Pixels, RenderError, Source, ThumbCache, THUMB_EDGE};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Side of the grey miniature the perceptual hash and the similarity
/// measures are computed from.
pub const TINY: usize = 32;

/// Side of the colour miniature the app paints a cell with before any
/// thumbnail arrives (a mosaic of them is one image per 1,024 photos).
pub const MINI: usize = 8;

/// Long edge of the pixels features are measured on. Sharpness is ranked
/// across the trip, so every photo is measured at one scale whether its
/// pixels come from a phone's preview or from a decode. 320 is an iPhone
/// HEIC's thumbnail item (320×240), the largest preview most photos carry;
/// a 160 px EXIF thumbnail is too small to tell sharp from soft.
pub const FEATURE_EDGE: u32 = 320;

/// Bump when features change for the same pixels: the cache is then rebuilt.
const FEATURES_VERSION: u32 = 4;

/// One photo's features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// 64-bit DCT hash of the miniature: resizing and recompression move a
    /// few bits, a different scene about half of them.
    pub phash: u64,
    /// 32×32 grey miniature (area averages of the thumbnail, row major),
    /// squashed to a square whatever the photo's shape.
    pub tiny: Vec<u8>,
    /// Variance of the Laplacian of the thumbnail's grey levels: higher is
    /// sharper (and noisier).
    pub sharpness: f32,
    /// Mean grey level, 0–1.
    pub brightness: f32,
    /// Share of pixels crushed to black or blown to white, 0–1.
    pub clipped: f32,
    /// Width / height of the oriented thumbnail.
    pub aspect: f32,
    /// MINI×MINI colour miniature (RGB, row major), squashed to a square.
    #[serde(default)]
    pub mini: Vec<u8>,
    /// Pixels of the photo itself (oriented), from the scan when it knows them.
    pub width: u32,
    pub height: u32,
    /// blake3 of the file, when another photo has the same size.
    pub blake3: Option<[u8; 32]>,
    /// Measured on the preview the file carries, not on a decode: a
    /// preview's scaler leaves other edges (an iPhone's thumbnail item reads
    /// about twice as sharp as the same photo decoded and shrunk), so
    /// sharpness only compares within one kind of source.
    #[serde(default)]
    pub from_preview: bool,
}

impl Features {
    /// Computes features from a grid thumbnail's pixels, brought to
    /// [`FEATURE_EDGE`] first.
    pub fn from_thumbnail(p: &Pixels) -> Features {
        Features::from_pixels(&crate::render::shrink(p, FEATURE_EDGE))
    }

    /// Computes features from oriented sRGB pixels as they are.
    pub fn from_pixels(p: &Pixels) -> Features {
        let (w, h) = (p.width.max(1) as usize, p.height.max(1) as usize);
        let n = w * h;
        // Rec. 601 luma in integers: fast, and the exact weights do not matter.
        let luma: Vec<u8> = p
            .rgb
            .chunks_exact(3)
            .take(n)
            .map(|c| ((77 * u32::from(c[0]) + 150 * u32::from(c[1]) + 29 * u32::from(c[2])) >> 8) as u8)
            .collect();
        let mut sum = 0u64;
        let mut clipped = 0u64;
        for &y in &luma {
            sum += u64::from(y);
            clipped += u64::from(!(4..=251).contains(&y));
        }
        let tiny = miniature(&luma, w, h);
        Features {
            phash: phash(&tiny),
            sharpness: laplacian_variance(&luma, w, h),
            brightness: sum as f32 / (n.max(1) as f32 * 255.0),
            clipped: clipped as f32 / n.max(1) as f32,
            aspect: w as f32 / h as f32,
            mini: mini_rgb(&p.rgb, w, h),
            width: p.width,
            height: p.height,
            tiny,
            blake3: None,
            from_preview: false,
        }
    }

    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    /// How well exposed, 0–1: mid-grey on average and little clipping.
    pub fn exposure(&self) -> f32 {
        let centre = 1.0 - ((self.brightness - 0.47).abs() / 0.47).min(1.0);
        (centre * (1.0 - (self.clipped * 3.0).min(1.0))).clamp(0.0, 1.0)
    }
}

/// Colour area averages over a MINI×MINI grid.
fn mini_rgb(rgb: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; MINI * MINI * 3];
    if rgb.len() < w * h * 3 {
        return out;
    }
    for ty in 0..MINI {
        let (y0, y1) = (ty * h / MINI, ((ty + 1) * h / MINI).max(ty * h / MINI + 1).min(h));
        for tx in 0..MINI {
            let (x0, x1) = (tx * w / MINI, ((tx + 1) * w / MINI).max(tx * w / MINI + 1).min(w));
            let mut sum = [0u32; 3];
            for row in rgb[y0 * w * 3..y1 * w * 3].chunks_exact(w * 3) {
                for px in row[x0 * 3..x1 * 3].chunks_exact(3) {
                    for (s, &v) in sum.iter_mut().zip(px) {
                        *s += u32::from(v);
                    }
                }
            }
            let count = ((y1 - y0) * (x1 - x0)).max(1) as u32;
            for (c, s) in sum.iter().enumerate() {
                out[(ty * MINI + tx) * 3 + c] = ((s + count / 2) / count) as u8;
            }
        }
    }
    out
}

/// Area averages over a TINY×TINY grid.
fn miniature(luma: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; TINY * TINY];
    let xs: Vec<(usize, usize)> =
        (0..TINY).map(|i| (i * w / TINY, ((i + 1) * w / TINY).max(i * w / TINY + 1).min(w))).collect();
    for ty in 0..TINY {
        let y0 = ty * h / TINY;
        let y1 = ((ty + 1) * h / TINY).max(y0 + 1).min(h);
        for (tx, &(x0, x1)) in xs.iter().enumerate() {
            let mut s = 0u32;
            for row in luma[y0 * w..y1 * w].chunks_exact(w) {
                s += row[x0..x1].iter().map(|&v| u32::from(v)).sum::<u32>();
            }
            let count = ((y1 - y0) * (x1 - x0)).max(1) as u32;
            out[ty * TINY + tx] = ((s + count / 2) / count) as u8;
        }
    }
    out
}

/// The classic pHash: the 8×8 lowest frequencies of the miniature's DCT,
/// each bit saying whether a coefficient is above their median.
fn phash(tiny: &[u8]) -> u64 {
    const K: usize = 8;
    let n = TINY as f32;
    let mut cos = [[0f32; TINY]; K];
    for (k, row) in cos.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = (std::f32::consts::PI * k as f32 * (2.0 * x as f32 + 1.0) / (2.0 * n)).cos();
        }
    }
    // Rows first (32 rows × 8 frequencies), then columns.
    let mut rows = [[0f32; K]; TINY];
    for (y, r) in rows.iter_mut().enumerate() {
        let line = &tiny[y * TINY..(y + 1) * TINY];
        for (k, out) in r.iter_mut().enumerate() {
            *out = line.iter().zip(&cos[k]).map(|(&v, c)| f32::from(v) * c).sum();
        }
    }
    let mut coef = [0f32; K * K];
    for ky in 0..K {
        for kx in 0..K {
            coef[ky * K + kx] = (0..TINY).map(|y| rows[y][kx] * cos[ky][y]).sum();
        }
    }
    // The DC term only says how bright the photo is: leave it out of the median.
    let mut sorted: Vec<f32> = coef[1..].to_vec();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    coef.iter().enumerate().fold(0u64, |acc, (i, &c)| acc | (u64::from(c > median) << i))
}

fn laplacian_variance(luma: &[u8], w: usize, h: usize) -> f32 {
    if w < 3 || h < 3 {
        return 0.0;
    }
    let (mut s, mut s2, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        let (up, row, down) = (&luma[(y - 1) * w..y * w], &luma[y * w..(y + 1) * w], &luma[(y + 1) * w..(y + 2) * w]);
        for x in 1..w - 1 {
            let l = i32::from(up[x]) + i32::from(down[x]) + i32::from(row[x - 1]) + i32::from(row[x + 1])
                - 4 * i32::from(row[x]);
            let l = f64::from(l);
            s += l;
            s2 += l * l;
            n += 1.0;
        }
    }
    let mean = s / n;
    (s2 / n - mean * mean) as f32
}

/// Features of a trip's photos, by path, and the photos that had none.
#[derive(Debug, Clone, Default)]
pub struct FeatureSet {
    pub by_path: HashMap<PathBuf, Features>,
    /// Photos whose thumbnail could not be made or read; curation leaves
    /// them ungrouped.
    pub failed: Vec<Failure>,
    /// Features computed by this call (the others came from the cache).
    pub computed: usize,
}

impl FeatureSet {
    pub fn get(&self, path: &Path) -> Option<&Features> {
        self.by_path.get(path)
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: Vec<u8>,
    size: u64,
    mtime_ns: i64,
    features: Features,
}

#[derive(Serialize, Deserialize)]
struct StoreFile {
    version: u32,
    entries: Vec<Entry>,
}

fn store_path(cache_dir: &Path) -> PathBuf {
    cache_dir.join("curate").join(format!("features-v{FEATURES_VERSION}.bin"))
}

fn path_key(p: &Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().to_vec()
}

/// Whether the file a cache entry names still exists. A name that is not
/// UTF-8 cannot be rebuilt portably from its bytes: kept.
fn still_there(key: &[u8]) -> bool {
    std::str::from_utf8(key).map_or(true, |p| Path::new(p).exists())
}

fn load_store(cache_dir: &Path) -> HashMap<Vec<u8>, Entry> {
    let Ok(bytes) = std::fs::read(store_path(cache_dir)) else { return HashMap::new() };
    match postcard::from_bytes::<StoreFile>(&bytes) {
        Ok(f) if f.version == FEATURES_VERSION => f.entries.into_iter().map(|e| (e.path.clone(), e)).collect(),
        // Damaged or older: rebuilt from the thumbnails.
        _ => HashMap::new(),
    }
}

fn save_store(cache_dir: &Path, entries: HashMap<Vec<u8>, Entry>) -> crate::Result<()> {
    let path = store_path(cache_dir);
    let mut entries: Vec<Entry> = entries.into_values().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let bytes = postcard::to_allocvec(&StoreFile { version: FEATURES_VERSION, entries })
        .map_err(|e| crate::Error::Internal(format!("{}: cannot encode the features: {e}", path.display())))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir.to_path_buf(), e))?;
    }
    crate::atomic::write_cache(&path, &bytes).map_err(|e| crate::Error::io(path.clone(), e))?;
    // Caches of earlier versions are never read again.
    if let Some(dir) = path.parent() {
        for v in 1..FEATURES_VERSION {
            let _ = std::fs::remove_file(dir.join(format!("features-v{v}.bin")));
        }
    }
    Ok(())
}

/// Features of every photo (videos are passed over), from the feature
/// cache, else from the thumbnail: made now (and cached) when missing, the
/// features taken from its pixels on the way; decoded from the cache when
/// it is there. Progress is reported as [`ProgressEvent::Rendering`]. A
/// photo that fails is reported in [`FeatureSet::failed`] and the rest goes on.
pub fn features(
    photos: &[PhotoMeta],
    cache_dir: &Path,
    progress: Progress,
    cancel: &Cancel,
) -> crate::Result<FeatureSet> {
    let photos: Vec<&PhotoMeta> = photos.iter().filter(|p| p.kind == MediaKind::Photo).collect();
    let mut store = load_store(cache_dir);
    let mut same_size: HashMap<u64, usize> = HashMap::new();
    for p in &photos {
        *same_size.entry(p.file_size).or_default() += 1;
    }
    let thumbs = ThumbCache::new(cache_dir);
    let total = photos.len() as u64;
    let done = AtomicU64::new(0);
    progress(ProgressEvent::Rendering { done: 0, total });
    // Per photo: its features and whether they are new, or why it has none.
    type Outcome = (usize, Result<(Features, bool), Failure>);
    let results: Vec<Outcome> = photos
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            if cancel.is_cancelled() {
                return (
                    i,
                    Err(Failure { path: p.path.clone(), reason: "cancelled".into(), code: "cancelled".into() }),
                );
            }
            let cached = store
                .get(&path_key(&p.path))
                .filter(|e| e.size == p.file_size && e.mtime_ns == p.mtime_ns)
                .map(|e| e.features.clone());
            let needs_hash = same_size.get(&p.file_size).is_some_and(|&n| n > 1);
            // One photo's bytes cannot take the whole curation down: a panic
            // is this photo's failure (`internal`) and the others go on.
            let r = guarded(&p.path, || match cached {
                Some(f) if !needs_hash || f.blake3.is_some() => Ok((f, false)),
                Some(f) => with_hash(f, p).map(|f| (f, true)),
                None => compute(&thumbs, p)
                    .and_then(|f| if needs_hash { with_hash(f, p) } else { Ok(f) })
                    .map(|f| (f, true)),
            });
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(32) || n == total {
                progress(ProgressEvent::Rendering { done: n, total });
            }
            (i, r.map_err(|e| Failure { code: e.code().to_string(), reason: e.to_string(), path: e.path }))
        })
        .collect();
    let mut set = FeatureSet::default();
    for (i, r) in results {
        let p = photos[i];
        match r {
            Ok((f, changed)) => {
                if changed {
                    set.computed += 1;
                    store.insert(
                        path_key(&p.path),
                        Entry { path: path_key(&p.path), size: p.file_size, mtime_ns: p.mtime_ns, features: f.clone() },
                    );
                }
                set.by_path.insert(p.path.clone(), f);
            }
            Err(f) => set.failed.push(f),
        }
    }
    if set.computed > 0 {
        // The cache serves every mission: entries of other photos stay,
        // those whose file is gone are dropped.
        let current: std::collections::HashSet<Vec<u8>> = photos.iter().map(|p| path_key(&p.path)).collect();
        store.retain(|k, _| current.contains(k) || still_there(k));
        // Losing the cache costs time, not results: a failed save is no
        // failure. Saved on a cancel too: the next run starts from there.
        let _ = save_store(cache_dir, store);
    }
    if cancel.is_cancelled() {
        return Err(crate::Error::Cancelled);
    }
    Ok(set)
}

/// Features from the thumbnail, made now if missing.
fn compute(thumbs: &ThumbCache, p: &PhotoMeta) -> Result<Features, RenderError> {
    let src = Source { path: &p.path, format: p.format, orientation: p.orientation };
    let mut f = with_renderer(|r| {
        // A preview large enough spares the decode and the grid tile, which
        // the grid then makes when it shows the photo.
        if let Some(px) = r.preview_pixels(&src, Fit::LongEdge(FEATURE_EDGE))? {
            let f = Features { from_preview: true, ..Features::from_pixels(&px) };
            r.recycle(px);
            return Ok(f);
        }
        let (thumb, made) = thumbs.ensure_with(r, &src, THUMB_EDGE, Features::from_thumbnail)?;
        match made {
            Some(f) => Ok(f),
            None => {
                // Already cached: its pixels are oriented sRGB at the right size.
                let cached = Source { path: &thumb.path, format: Format::Jpeg, orientation: None };
                let px = r.pixels(&cached, Fit::LongEdge(FEATURE_EDGE)).map_err(|e| RenderError {
                    path: p.path.clone(),
                    problem: match e.problem {
                        // The cache's file could not be read: say so as it is.
                        io @ (FileProblem::Vanished | FileProblem::PermissionDenied | FileProblem::Unreadable(_)) => io,
                        other => FileProblem::Corrupt(format!("cached thumbnail {}: {other}", thumb.path.display())),
                    },
                })?;
                let f = Features::from_pixels(&px);
                r.recycle(px);
                Ok(f)
            }
        }
    })?;
    if let (Some(w), Some(h)) = (p.width, p.height) {
        // The scan's size is the stored frame; the thumbnail tells the orientation.
        let (long, short) = (w.max(h), w.min(h));
        (f.width, f.height) = if f.aspect >= 1.0 { (long, short) } else { (short, long) };
    }
    Ok(f)
}

fn with_hash(mut f: Features, p: &PhotoMeta) -> Result<Features, RenderError> {
    let io = |e: std::io::Error| RenderError { path: p.path.clone(), problem: FileProblem::from_io(&e) };
    // Not a plain open: a photo swapped for a FIFO since the scan would
    // block this worker for ever.
    let file = crate::guard::open_regular(&p.path)
        .map_err(|e| RenderError { path: p.path.clone(), problem: FileProblem::from(e) })?;
    let mut h = blake3::Hasher::new();
    h.update_reader(file).map_err(io)?;
    f.blake3 = Some(*h.finalize().as_bytes());
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_forgets_deleted_photos_and_older_versions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let photos = dir.path().join("photos");
        std::fs::create_dir_all(&photos).expect("mkdir");
        let shot = |name: &str, seed: u64| {
            let p = photos.join(name);
            let bytes = crate::synth::jpeg(
                &crate::synth::Picture { width: 96, height: 64, seed },
                &crate::synth::ExifSpec::default(),
            );
            std::fs::write(&p, bytes).expect("write");
            p
        };
        let (a, b) = (shot("a.jpg", 1), shot("b.jpg", 2));
        std::fs::create_dir_all(cache.join("curate")).expect("mkdir");
        std::fs::write(cache.join("curate").join("features-v1.bin"), b"old").expect("old cache");
        let cancel = Cancel::new();
        let silent = crate::progress::silent;
        let scan = || {
            let opts = crate::ScanOptions { roots: vec![photos.clone()], cache_dir: cache.clone() };
            crate::scan(&opts, &silent, &cancel).expect("scan").photos
        };
        let canon = |p: &Path| std::fs::canonicalize(p).expect("canonical");
        let (a, b) = (canon(&a), canon(&b));
        features(&scan(), &cache, &silent, &cancel).expect("features");
        assert!(!cache.join("curate").join("features-v1.bin").exists(), "older caches are removed");
        assert_eq!(load_store(&cache).len(), 2);
        // b is deleted; a new photo c is computed in another mission's run.
        std::fs::remove_file(&b).expect("rm");
        let c = canon(&shot("c.jpg", 3));
        let only_c: Vec<PhotoMeta> = scan().into_iter().filter(|p| p.path == c).collect();
        assert_eq!(only_c.len(), 1);
        features(&only_c, &cache, &silent, &cancel).expect("features");
        let kept: Vec<Vec<u8>> = load_store(&cache).into_keys().collect();
        assert!(kept.contains(&path_key(&a)), "another mission's photo stays");
        assert!(kept.contains(&path_key(&c)));
        assert!(!kept.contains(&path_key(&b)), "a deleted photo is forgotten");
    }
}
