//! Curation (issue 7): exact and near duplicates, bursts and similar shots
//! of one moment across participants, a suggested best shot per group, and
//! a balanced selection of N photos ([`select`]).
//!
//! - Exact duplicates: same bytes (blake3, computed only for photos sharing
//!   their size with another). They collapse to one entry of the plan that
//!   remembers every contributor who had it ([`Curation::duplicates`]).
//! - Near duplicates: resized or recompressed copies (messaging apps). The
//!   perceptual hashes are bucketed (multi-index hashing: a pair within
//!   [`NEAR_HASH_BITS`] bits agrees exactly on one of the hash's chunks), so
//!   matching is not a scan of every pair; candidates are confirmed on the
//!   grey miniatures, which a copy reproduces almost exactly and a second
//!   shot does not. The copy with the most pixels and metadata is kept as
//!   best; a stripped copy takes its original's time and place ([`apply`]).
//! - Bursts: photos close in corrected trip time (one device, or several
//!   participants shooting the same scene) whose miniatures correlate
//!   strongly. The best shot is the sharpest, best exposed, largest.
//!
//! The user's corrections live in the mission ([`crate::mission::Choice`]):
//! `best` overrides the suggestion, `alone` splits a photo off a wrong match.

mod features;
mod select;

pub use features::{features, FeatureSet, Features, MINI, TINY};
pub use select::select;

use crate::caption::photo_key;
use crate::mission::Mission;
use crate::model::{MediaKind, PhotoMeta};
use crate::plan::{Plan, PlannedPhoto};
use crate::scan::ScanReport;
use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Largest Hamming distance between the perceptual hashes of a photo and
/// its resized or recompressed copy.
pub const NEAR_HASH_BITS: u32 = 10;
/// Largest mean absolute difference (grey levels, 0–255) between the
/// miniatures of a photo and its copy. On the labelled set (tests/curate.rs)
/// 1600 px q70 and 1280 px q60 copies differ by at most 0.35 levels, and
/// the closest two different shots (a burst) by 2.4; the demo's copies,
/// redrawn at half size rather than resized, by up to 1.6. Two dated files
/// must also state the same capture time, which keeps bursts apart.
pub const NEAR_TINY_MAD: f32 = 2.0;
/// Shots of one device this close in time may be a burst.
pub const BURST_SAME_DEVICE_S: f64 = 3.0;
/// Shots of different participants this close in corrected time may be of
/// the same moment (their clocks agree to seconds, aligned cameras less well).
pub const BURST_CROSS_DEVICE_S: f64 = 30.0;
/// Smallest correlation between the (brightness-normalised) miniatures of
/// two shots of one burst.
pub const BURST_CORRELATION: f32 = 0.90;
/// Largest Hamming distance between the hashes of two shots of one burst.
pub const BURST_HASH_BITS: u32 = 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKind {
    /// Byte-identical copies only.
    Exact,
    /// Copies, some resized or recompressed.
    Near,
    /// Different shots of one scene, seconds apart (and their copies).
    Burst,
}

impl GroupKind {
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Exact => "exact",
            GroupKind::Near => "near",
            GroupKind::Burst => "burst",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Stable across rescans while its first member (by path) stays: `g-` and
    /// 12 hex digits.
    pub id: String,
    pub kind: GroupKind,
    /// In time order (undated copies last), then by path.
    #[serde(serialize_with = "paths")]
    pub members: Vec<PathBuf>,
    /// The suggested best shot, or the user's choice.
    #[serde(serialize_with = "path")]
    pub best: PathBuf,
    /// True when the user chose `best`.
    pub best_by_user: bool,
    /// Every participant who contributed a member, in first-seen order.
    pub contributors: Vec<String>,
}

/// An exact duplicate set aside: the plan keeps `kept`.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    #[serde(serialize_with = "path")]
    pub path: PathBuf,
    #[serde(serialize_with = "path")]
    pub kept: PathBuf,
    pub contributor: String,
}

/// A stripped copy that took its original's time and place.
#[derive(Debug, Clone, Serialize)]
pub struct Inherited {
    #[serde(serialize_with = "path")]
    pub path: PathBuf,
    #[serde(serialize_with = "path")]
    pub from: PathBuf,
}

/// The result of [`curate`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct Curation {
    pub groups: Vec<Group>,
    pub duplicates: Vec<Duplicate>,
    pub inherited: Vec<Inherited>,
    /// Photos without features (thumbnail failed): never grouped.
    pub failed: Vec<crate::render::cache::Failure>,
    #[serde(skip)]
    index: HashMap<PathBuf, usize>,
    /// Path → its set of copies (exact and near), the path itself included.
    #[serde(skip)]
    copies: HashMap<PathBuf, usize>,
    #[serde(skip)]
    copy_sets: Vec<Vec<PathBuf>>,
    /// Path → quality 0–1 (sharpness within the trip, exposure, resolution).
    #[serde(skip)]
    quality: HashMap<PathBuf, f32>,
}

impl Curation {
    pub fn group_of(&self, path: &Path) -> Option<&Group> {
        self.index.get(path).map(|&i| &self.groups[i])
    }

    pub fn is_best(&self, path: &Path) -> bool {
        self.group_of(path).is_some_and(|g| g.best == path)
    }

    /// The photo and its exact and near copies (just the photo when it has none).
    pub fn copies_of(&self, path: &Path) -> Vec<PathBuf> {
        match self.copies.get(path) {
            Some(&i) => self.copy_sets[i].clone(),
            None => vec![path.to_path_buf()],
        }
    }

    /// Every participant who had this exact photo (its byte-identical
    /// copies), the photo's own contributor first.
    pub fn contributors_of(&self, path: &Path, own: &str) -> Vec<String> {
        let mut out = vec![own.to_string()];
        for d in &self.duplicates {
            if d.kept == path && !out.contains(&d.contributor) {
                out.push(d.contributor.clone());
            }
        }
        out
    }

    /// How good a shot is, 0–1 (0 when unknown).
    pub fn quality(&self, path: &Path) -> f32 {
        self.quality.get(path).copied().unwrap_or(0.0)
    }
}

/// Union–find over photo indices.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Sets {
        Sets((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        // The smaller index becomes the root: deterministic whatever the order.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.0[hi] = lo;
        true
    }
}

/// One photo as curation sees it.
struct Item<'a> {
    meta: &'a PhotoMeta,
    f: &'a Features,
    /// Corrected UTC milliseconds from the plan; `None` when set apart.
    utc: Option<i64>,
    device: Option<&'a str>,
    alone: bool,
    /// Brightness-normalised 16×16 miniature (zero mean, unit norm).
    norm: Vec<f32>,
}

/// Each planned photo's corrected UTC milliseconds and device key.
type When<'a> = HashMap<&'a Path, (i64, &'a str)>;

/// Groups the trip's photos. `scan` gives the photos (all scanned ones),
/// `plan` their corrected times; `features` their pixels' summaries;
/// `mission` the user's corrections. Pure and deterministic.
///
/// The steps: the photos as curation sees them ([`items_of`]), exact
/// duplicates ([`exact_duplicates`]), near duplicates ([`near_duplicates`]),
/// bursts ([`bursts`]), each shot's quality ([`qualities`]), copies placed
/// ([`place_copies`]: the copy kept, the duplicates set aside, the stripped
/// copies that take their original's time), then the groups and their best
/// shots ([`best_shots`]).
pub fn curate(scan: &ScanReport, plan: &Plan, features: &FeatureSet, mission: &Mission) -> Curation {
    let when = when_of(plan);
    let items = items_of(scan, &when, features, mission);
    let mut links = Links::new(items.len());
    exact_duplicates(&items, &mut links);
    near_duplicates(&items, &mut links);
    bursts(&items, &mut links);
    let quality = qualities(&items);
    let mut out = Curation {
        quality: items.iter().zip(&quality).map(|(it, &q)| (it.meta.path.clone(), q)).collect(),
        ..Curation::default()
    };
    let keeper = place_copies(&items, &mut links.copies, &mut out);
    best_shots(&items, &mut links, &keeper, &quality, &when, mission, &mut out);
    out.failed = features.failed.clone();
    out
}

fn when_of(plan: &Plan) -> When<'_> {
    plan.photos().map(|p| (p.path.as_path(), (p.utc.timestamp_millis(), p.device.as_str()))).collect()
}

/// The scanned photos that have features, by path, with their planned time
/// and the user's "alone" correction.
fn items_of<'a>(scan: &'a ScanReport, when: &When<'a>, features: &'a FeatureSet, mission: &Mission) -> Vec<Item<'a>> {
    let mut metas: Vec<&PhotoMeta> =
        scan.photos.iter().filter(|p| p.kind == MediaKind::Photo && features.get(&p.path).is_some()).collect();
    metas.sort_by(|a, b| a.path.cmp(&b.path));
    metas
        .iter()
        .filter_map(|m| {
            let f = features.get(&m.path)?;
            let w = when.get(m.path.as_path());
            Some(Item {
                meta: m,
                f,
                utc: w.map(|w| w.0),
                device: w.map(|w| w.1),
                alone: mission.choice(&photo_key(&m.path)).alone,
                norm: normalised(&f.tiny),
            })
        })
        .collect()
}

/// What the matching steps found, over item indices.
struct Links {
    /// Sets of copies of one shot (exact and near).
    copies: Sets,
    /// Sets of one scene: copies and bursts.
    groups: Sets,
    /// Items joined to another as a near copy.
    near_edge: Vec<bool>,
    /// Items joined to another as a shot of one burst.
    burst_edge: Vec<bool>,
}

impl Links {
    fn new(n: usize) -> Links {
        Links { copies: Sets::new(n), groups: Sets::new(n), near_edge: vec![false; n], burst_edge: vec![false; n] }
    }
}

/// Exact: same bytes.
fn exact_duplicates(items: &[Item], links: &mut Links) {
    let mut by_hash: HashMap<[u8; 32], usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if let Some(h) = it.f.blake3 {
            match by_hash.get(&h) {
                Some(&j) => {
                    links.copies.union(i, j);
                    links.groups.union(i, j);
                }
                None => {
                    by_hash.insert(h, i);
                }
            }
        }
    }
}

/// Near: multi-index hashing. Pairs within NEAR_HASH_BITS agree on at least
/// one of NEAR_HASH_BITS + 1 chunks; a pair is examined only in the first
/// chunk it agrees on.
fn near_duplicates(items: &[Item], links: &mut Links) {
    let chunks = (NEAR_HASH_BITS + 1) as usize;
    let bounds: Vec<(u32, u32)> =
        (0..chunks).map(|k| ((k * 64 / chunks) as u32, ((k + 1) * 64 / chunks) as u32)).collect();
    let chunk = |h: u64, k: usize| -> u64 {
        let (lo, hi) = bounds[k];
        (h >> lo) & ((1u64 << (hi - lo)) - 1)
    };
    for k in 0..chunks {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, it) in items.iter().enumerate() {
            buckets.entry(chunk(it.f.phash, k)).or_default().push(i);
        }
        let mut keys: Vec<&u64> = buckets.keys().collect();
        keys.sort_unstable();
        for key in keys {
            let b = &buckets[key];
            for (x, &i) in b.iter().enumerate() {
                for &j in &b[x + 1..] {
                    let (hi, hj) = (items[i].f.phash, items[j].f.phash);
                    if (0..k).any(|e| chunk(hi, e) == chunk(hj, e)) {
                        continue;
                    }
                    if near_match(&items[i], &items[j]) {
                        links.copies.union(i, j);
                        links.groups.union(i, j);
                        links.near_edge[i] = true;
                        links.near_edge[j] = true;
                    }
                }
            }
        }
    }
}

/// Bursts: neighbours in corrected time that look alike (copies of one
/// shot are not a burst).
fn bursts(items: &[Item], links: &mut Links) {
    let mut timed: Vec<usize> = (0..items.len()).filter(|&i| items[i].utc.is_some()).collect();
    timed.sort_by_key(|&i| (items[i].utc, i));
    let window_ms = (BURST_CROSS_DEVICE_S * 1000.0) as i64;
    for (x, &i) in timed.iter().enumerate() {
        let ti = items[i].utc.unwrap_or_default();
        for &j in &timed[x + 1..] {
            let tj = items[j].utc.unwrap_or_default();
            if tj - ti > window_ms {
                break;
            }
            let same_device = items[i].device == items[j].device;
            if same_device && (tj - ti) as f64 > BURST_SAME_DEVICE_S * 1000.0 {
                continue;
            }
            if links.copies.find(i) == links.copies.find(j) {
                continue;
            }
            if burst_match(&items[i], &items[j]) {
                links.groups.union(i, j);
                links.burst_edge[i] = true;
                links.burst_edge[j] = true;
            }
        }
    }
}

/// Quality 0–1 per item: sharpness ranked within the trip (scenes differ in
/// texture, so raw values only compare within a group) and within its kind
/// of source (a phone's preview and a decode measure edges differently),
/// exposure, resolution.
fn qualities(items: &[Item]) -> Vec<f32> {
    let n = items.len();
    let mut sharp_rank = vec![0f32; n];
    for preview in [false, true] {
        let mut sharp: Vec<(f32, usize)> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.f.from_preview == preview)
            .map(|(i, it)| (it.f.sharpness, i))
            .collect();
        sharp.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let m = sharp.len();
        for (r, &(_, i)) in sharp.iter().enumerate() {
            sharp_rank[i] = if m > 1 { r as f32 / (m - 1) as f32 } else { 1.0 };
        }
    }
    let max_px = items.iter().map(|it| it.f.pixels()).max().unwrap_or(1).max(1) as f32;
    items
        .iter()
        .enumerate()
        .map(|(i, it)| 0.5 * sharp_rank[i] + 0.35 * it.f.exposure() + 0.15 * (it.f.pixels() as f32 / max_px).sqrt())
        .collect()
}

/// Copy sets: the copy with the most pixels and metadata is kept. Records
/// the sets, the byte-identical duplicates set aside (each onto its own
/// keeper) and the undated copies that inherit the kept copy's time.
/// Returns each item's keeper.
fn place_copies(items: &[Item], copies: &mut Sets, out: &mut Curation) -> Vec<usize> {
    let n = items.len();
    let mut copy_members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = copies.find(i);
        copy_members.entry(r).or_default().push(i);
    }
    let mut keeper = vec![usize::MAX; n];
    let mut roots: Vec<usize> = copy_members.keys().copied().collect();
    roots.sort_unstable();
    for r in &roots {
        let m = &copy_members[r];
        let best =
            *m.iter().max_by(|&&a, &&b| keep_key(&items[a]).cmp(&keep_key(&items[b])).then(b.cmp(&a))).unwrap_or(r);
        for &i in m {
            keeper[i] = best;
        }
        if m.len() < 2 {
            continue;
        }
        let set = out.copy_sets.len();
        out.copy_sets.push(m.iter().map(|&i| items[i].meta.path.clone()).collect());
        // Byte-identical subsets collapse onto their own keeper; the other
        // keepers are resized copies of the best.
        let mut exact: Vec<(Option<[u8; 32]>, usize)> = Vec::new();
        for &i in m {
            out.copies.insert(items[i].meta.path.clone(), set);
            let h = items[i].f.blake3;
            let sub = h.and_then(|h| exact.iter().position(|e| e.0 == Some(h)));
            match sub {
                Some(e) => {
                    let k = exact[e].1;
                    if keep_key(&items[i]).cmp(&keep_key(&items[k])).then(k.cmp(&i)).is_gt() {
                        exact[e].1 = i;
                    }
                }
                None => exact.push((h, i)),
            }
        }
        for &i in m {
            let h = items[i].f.blake3;
            let sub = exact.iter().find(|e| e.0.is_some() && e.0 == h).map_or(i, |e| e.1);
            if sub != i {
                out.duplicates.push(Duplicate {
                    path: items[i].meta.path.clone(),
                    kept: items[sub].meta.path.clone(),
                    contributor: items[i].meta.contributor.clone(),
                });
            } else if i != best && items[i].utc.is_none() && items[best].utc.is_some() {
                out.inherited.push(Inherited { path: items[i].meta.path.clone(), from: items[best].meta.path.clone() });
            }
        }
    }
    keeper
}

/// The groups of more than one photo, in time order, each with its kind and
/// its best shot: the user's choice, else the best quality among the kept
/// copies.
fn best_shots(
    items: &[Item],
    links: &mut Links,
    keeper: &[usize],
    quality: &[f32],
    when: &When,
    mission: &Mission,
    out: &mut Curation,
) {
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..items.len() {
        let r = links.groups.find(i);
        members.entry(r).or_default().push(i);
    }
    let mut roots: Vec<usize> = members.keys().copied().filter(|r| members[r].len() > 1).collect();
    roots.sort_unstable();
    let inherited_from: HashMap<&Path, &Path> =
        out.inherited.iter().map(|h| (h.path.as_path(), h.from.as_path())).collect();
    let time_of = |i: usize| -> Option<i64> {
        items[i].utc.or_else(|| {
            let from = inherited_from.get(items[i].meta.path.as_path())?;
            when.get(from).map(|w| w.0)
        })
    };
    for r in roots {
        let mut m = members[&r].clone();
        m.sort_by(|&a, &b| {
            let (ta, tb) = (time_of(a), time_of(b));
            (ta.is_none(), ta).cmp(&(tb.is_none(), tb)).then(items[a].meta.path.cmp(&items[b].meta.path))
        });
        let kind = if m.iter().any(|&i| links.burst_edge[i]) {
            GroupKind::Burst
        } else if m.iter().any(|&i| links.near_edge[i]) {
            GroupKind::Near
        } else {
            GroupKind::Exact
        };
        let chosen = m.iter().copied().find(|&i| mission.choice(&photo_key(&items[i].meta.path)).best);
        let suggested = m
            .iter()
            .copied()
            .filter(|&i| keeper[i] == i)
            .max_by(|&a, &b| quality[a].total_cmp(&quality[b]).then(b.cmp(&a)))
            .unwrap_or(m[0]);
        let best = chosen.unwrap_or(suggested);
        let mut contributors: Vec<String> = Vec::new();
        for &i in &m {
            if !contributors.contains(&items[i].meta.contributor) {
                contributors.push(items[i].meta.contributor.clone());
            }
        }
        let first = m.iter().map(|&i| &items[i].meta.path).min().unwrap_or(&items[r].meta.path);
        let hash = blake3::hash(first.as_os_str().as_encoded_bytes()).to_hex();
        let g = out.groups.len();
        for &i in &m {
            out.index.insert(items[i].meta.path.clone(), g);
        }
        out.groups.push(Group {
            id: format!("g-{}", &hash.as_str()[..12]),
            kind,
            members: m.iter().map(|&i| items[i].meta.path.clone()).collect(),
            best: items[best].meta.path.clone(),
            best_by_user: chosen.is_some(),
            contributors,
        });
    }
}

/// Which copy to keep: most pixels, then most metadata, then one the plan placed.
fn keep_key(it: &Item) -> (u64, u32, bool) {
    let m = it.meta;
    let meta = [
        m.datetime_original.is_some(),
        m.subsec_ms.is_some(),
        m.offset_time_original.is_some(),
        m.gps.is_some(),
        m.gps_utc.is_some(),
        m.make.is_some(),
        m.model.is_some(),
    ]
    .iter()
    .filter(|&&b| b)
    .count() as u32;
    // Resizes within a few percent (odd sizes rounding) count as equal.
    let px = it.f.pixels() / 1024;
    (px, meta, it.utc.is_some())
}

/// The capture time a file states, with sub-seconds when it has them.
fn stated_time(m: &PhotoMeta) -> Option<(NaiveDateTime, Option<u16>)> {
    m.datetime_original.map(|t| (t, m.subsec_ms))
}

fn mad(a: &[u8], b: &[u8]) -> f32 {
    let s: u32 = a.iter().zip(b).map(|(&x, &y)| u32::from(x.abs_diff(y))).sum();
    s as f32 / a.len().max(1) as f32
}

fn near_match(a: &Item, b: &Item) -> bool {
    if a.alone || b.alone {
        return false;
    }
    if (a.f.phash ^ b.f.phash).count_ones() > NEAR_HASH_BITS {
        return false;
    }
    if (a.f.aspect / b.f.aspect - 1.0).abs() > 0.03 {
        return false;
    }
    // Two files that both state a capture time are copies only if the times
    // agree: shots of a burst look alike but were taken at different instants.
    if let (Some((ta, sa)), Some((tb, sb))) = (stated_time(a.meta), stated_time(b.meta)) {
        if ta != tb || matches!((sa, sb), (Some(x), Some(y)) if x != y) {
            return false;
        }
    }
    mad(&a.f.tiny, &b.f.tiny) <= NEAR_TINY_MAD
}

fn burst_match(a: &Item, b: &Item) -> bool {
    if a.alone || b.alone {
        return false;
    }
    if (a.f.phash ^ b.f.phash).count_ones() > BURST_HASH_BITS {
        return false;
    }
    if (a.f.aspect / b.f.aspect - 1.0).abs() > 0.05 {
        return false;
    }
    let corr: f32 = a.norm.iter().zip(&b.norm).map(|(x, y)| x * y).sum();
    corr >= BURST_CORRELATION
}

/// The miniature at 16×16, minus its mean, scaled to unit length: the dot
/// product of two is their correlation, blind to exposure changes.
fn normalised(tiny: &[u8]) -> Vec<f32> {
    const S: usize = TINY / 2;
    let mut v = vec![0f32; S * S];
    for y in 0..S {
        for x in 0..S {
            let at = |dy: usize, dx: usize| f32::from(tiny[(2 * y + dy) * TINY + 2 * x + dx]);
            v[y * S + x] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4.0;
        }
    }
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    v.iter_mut().for_each(|x| *x -= mean);
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 1e-3 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// Applies a curation to the plan: exact duplicates leave it (their kept
/// copy stays), and stripped copies leave the set-apart pile for their
/// original's moment, with its corrected time and place.
pub fn apply(plan: &mut Plan, scan: &ScanReport, curation: &Curation) {
    let dropped: BTreeSet<&Path> = curation.duplicates.iter().map(|d| d.path.as_path()).collect();
    let metas: HashMap<&Path, &PhotoMeta> = scan.photos.iter().map(|p| (p.path.as_path(), p)).collect();
    let mut placed: HashMap<&Path, Vec<&Path>> = HashMap::new();
    for h in &curation.inherited {
        if !dropped.contains(h.path.as_path()) {
            placed.entry(h.from.as_path()).or_default().push(h.path.as_path());
        }
    }
    let moved: BTreeSet<&Path> = placed.values().flatten().copied().collect();
    for c in &mut plan.chapters {
        for d in &mut c.days {
            for m in &mut d.moments {
                let mut photos = Vec::with_capacity(m.photos.len());
                for p in m.photos.drain(..) {
                    if dropped.contains(p.path.as_path()) {
                        continue;
                    }
                    let copies: Vec<PlannedPhoto> = placed
                        .get(p.path.as_path())
                        .into_iter()
                        .flatten()
                        .filter_map(|copy| {
                            let meta = metas.get(copy)?;
                            let mut q = p.clone();
                            q.path = copy.to_path_buf();
                            q.contributor = meta.contributor.clone();
                            q.device = crate::plan::device_key(meta);
                            Some(q)
                        })
                        .collect();
                    photos.push(p);
                    photos.extend(copies);
                }
                m.photos = photos;
                if let (Some(first), Some(last)) =
                    (m.photos.iter().map(|p| p.local_time).min(), m.photos.iter().map(|p| p.local_time).max())
                {
                    (m.start, m.end) = (first, last);
                }
            }
            d.moments.retain(|m| !m.photos.is_empty());
        }
        c.days.retain(|d| !d.moments.is_empty());
    }
    plan.chapters.retain(|c| !c.days.is_empty());
    plan.unplaced.retain(|u| !dropped.contains(u.path.as_path()) && !moved.contains(u.path.as_path()));
}

/// Makes `path` the best shot of its group in the mission (clearing the
/// choice on the other members).
pub fn set_best(mission: &mut Mission, curation: &Curation, path: &Path) {
    if let Some(g) = curation.group_of(path) {
        for m in &g.members {
            mission.update_choice(&photo_key(m), |c| c.best = m == path);
        }
    }
}

fn path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&p.to_string_lossy())
}

fn paths<S: serde::Serializer>(p: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(p.len()))?;
    for x in p {
        seq.serialize_element(&x.to_string_lossy())?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str, who: &str, taken: Option<&str>, px: u32) -> PhotoMeta {
        PhotoMeta {
            datetime_original: taken.map(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap()),
            make: taken.map(|_| "Maker".into()),
            width: Some(px),
            height: Some(px),
            ..PhotoMeta::sample(format!("/trip/{who}/{name}.jpg"), who)
        }
    }

    /// A miniature of one scene (`scene` picks the pattern), `light` grey
    /// levels brighter: the same correlation, a different mean difference.
    fn feat(scene: usize, light: u8, phash: u64, bytes: Option<u8>, px: u32, sharpness: f32) -> Features {
        let tiny = (0..TINY * TINY).map(|i| ((i % TINY) * scene + (i / TINY) * 3) as u8 % 200 + 20 + light).collect();
        Features {
            phash,
            tiny,
            sharpness,
            brightness: 0.47,
            clipped: 0.0,
            aspect: 1.0,
            mini: Vec::new(),
            width: px,
            height: px,
            blake3: bytes.map(|b| [b; 32]),
            from_preview: false,
        }
    }

    fn item<'a>(meta: &'a PhotoMeta, f: &'a Features, utc: Option<i64>, device: &'a str) -> Item<'a> {
        Item { meta, f, utc, device: Some(device), alone: false, norm: normalised(&f.tiny) }
    }

    const T: &str = "2017-06-05 10:00:00";

    #[test]
    fn exact_duplicates_join_same_bytes_only() {
        let m = [meta("a", "Zoé", Some(T), 1000), meta("b", "Marc", Some(T), 1000), meta("c", "Marc", Some(T), 1000)];
        let f =
            [feat(5, 0, 1, Some(7), 1000, 1.0), feat(5, 0, 1, Some(7), 1000, 1.0), feat(5, 0, 1, Some(8), 1000, 1.0)];
        let items: Vec<Item> = m.iter().zip(&f).map(|(m, f)| item(m, f, Some(0), "d")).collect();
        let mut links = Links::new(3);
        exact_duplicates(&items, &mut links);
        assert_eq!(links.copies.find(1), links.copies.find(0));
        assert_ne!(links.copies.find(2), links.copies.find(0));
        assert!(!links.near_edge.iter().any(|&e| e), "same bytes are not a near copy");
    }

    #[test]
    fn near_duplicates_need_the_same_look_and_the_same_stated_time() {
        let m = [
            meta("a", "Zoé", Some(T), 4000),
            meta("b", "Marc", Some(T), 1600),
            meta("c", "Zoé", Some("2017-06-05 10:00:01"), 4000),
            meta("d", "Marc", None, 800),
        ];
        // b is a resized copy (a few hash bits off); c looks the same but was
        // taken a second later (a burst); d is a stripped copy, no time.
        let f = [
            feat(5, 0, 0, None, 4000, 1.0),
            feat(5, 1, 0b111, None, 1600, 1.0),
            feat(5, 0, 0, None, 4000, 1.0),
            feat(5, 0, 0b1, None, 800, 1.0),
        ];
        let items: Vec<Item> = m.iter().zip(&f).map(|(m, f)| item(m, f, Some(0), "d")).collect();
        assert!(near_match(&items[0], &items[1]) && near_match(&items[0], &items[3]));
        assert!(!near_match(&items[0], &items[2]), "a burst shot is not a copy");
        let mut links = Links::new(3);
        near_duplicates(&items[..3], &mut links);
        let root = links.copies.find(0);
        assert_eq!([1, 2].map(|i| links.copies.find(i) == root), [true, false]);
        assert_eq!(links.near_edge, [true, true, false]);

        // The user split b off: it stays alone.
        let mut items = items;
        items[1].alone = true;
        let mut links = Links::new(4);
        near_duplicates(&items, &mut links);
        assert!(!links.near_edge[1]);
        assert_ne!(links.copies.find(1), links.copies.find(0));
    }

    #[test]
    fn bursts_join_alike_shots_seconds_apart_but_not_copies_or_distant_shots() {
        let m = [
            meta("a", "Zoé", Some("2017-06-05 10:00:00"), 4000),
            meta("b", "Zoé", Some("2017-06-05 10:00:01"), 4000),
            meta("c", "Zoé", Some("2017-06-05 10:00:10"), 4000),
            meta("d", "Zoé", Some("2017-06-05 10:00:02"), 4000),
        ];
        // Same scene, a little brighter each time: correlated, not copies.
        let f = [
            feat(5, 0, 0, None, 4000, 1.0),
            feat(5, 6, 0xff, None, 4000, 2.0),
            feat(5, 12, 0xf0f, None, 4000, 3.0),
            feat(9, 0, u64::MAX, None, 4000, 1.0),
        ];
        let times = [0, 1000, 10_000, 2000];
        let items: Vec<Item> = m.iter().zip(&f).zip(times).map(|((m, f), t)| item(m, f, Some(t), "Zoé")).collect();
        let mut links = Links::new(4);
        bursts(&items, &mut links);
        let root = links.groups.find(0);
        // b: a second later, alike; c: ten seconds on one device; d: another scene.
        assert_eq!([1, 2, 3].map(|i| links.groups.find(i) == root), [true, false, false]);
        assert_eq!(links.burst_edge, [true, true, false, false]);
        assert_ne!(links.copies.find(1), links.copies.find(0), "a burst is not a copy");

        // Shots already known as copies are never a burst.
        let mut links = Links::new(4);
        links.copies.union(0, 1);
        bursts(&items, &mut links);
        assert!(!links.burst_edge[0] && !links.burst_edge[1]);
    }

    /// A phone's preview reads about twice as sharp as a decode of the same
    /// photo: ranked together, every photo with a preview outranked every
    /// decoded one, whatever its real sharpness.
    #[test]
    fn sharpness_from_previews_is_ranked_apart_from_sharpness_from_decodes() {
        let meta = PhotoMeta::sample("/trip/a.jpg", "Zoé");
        let blurry_preview = Features { from_preview: true, ..feat(1, 0, 1, None, 100, 20.0) };
        let sharp_preview = Features { from_preview: true, ..feat(2, 0, 2, None, 100, 40.0) };
        let blurry_decode = feat(3, 0, 3, None, 100, 9.0);
        let sharp_decode = feat(4, 0, 4, None, 100, 19.0);
        let all = [&blurry_preview, &sharp_preview, &blurry_decode, &sharp_decode];
        let items: Vec<Item> = all.iter().map(|f| item(&meta, f, None, "d")).collect();
        let q = qualities(&items);
        // The sharp decode ranks with the sharp preview, above the blurry preview.
        assert!(q[3] > q[0], "{q:?}");
        assert!((q[3] - q[1]).abs() < 1e-6 && (q[2] - q[0]).abs() < 1e-6, "{q:?}");
    }

    #[test]
    fn quality_ranks_the_sharper_shot_first_unless_it_is_blown_out() {
        let m = [meta("a", "Zoé", Some(T), 4000), meta("b", "Zoé", Some(T), 4000), meta("c", "Zoé", Some(T), 4000)];
        let mut f = [feat(5, 0, 0, None, 4000, 1.0), feat(5, 0, 0, None, 4000, 9.0), feat(5, 0, 0, None, 4000, 9.5)];
        f[2].clipped = 0.5;
        let items: Vec<Item> = m.iter().zip(&f).map(|(m, f)| item(m, f, Some(0), "d")).collect();
        let q = qualities(&items);
        assert!(q[1] > q[0], "sharper: {q:?}");
        assert!(q[1] > q[2], "half the pixels clipped outweighs a little sharpness: {q:?}");
        assert!(q.iter().all(|q| (0.0..=1.0).contains(q)), "{q:?}");
    }

    #[test]
    fn copies_keep_the_largest_set_exact_duplicates_aside_and_place_a_stripped_copy() {
        let m = [
            meta("orig", "Zoé", Some(T), 4000),
            meta("same", "Marc", Some(T), 4000),
            meta("whatsapp", "Léa", None, 1600),
            meta("other", "Léa", Some(T), 4000),
        ];
        let f = [
            feat(5, 0, 0, Some(1), 4000, 1.0),
            feat(5, 0, 0, Some(1), 4000, 1.0),
            feat(5, 0, 1, Some(2), 1600, 1.0),
            feat(9, 0, 0, Some(3), 4000, 1.0),
        ];
        let times = [Some(0), Some(0), None, Some(0)];
        let items: Vec<Item> = m.iter().zip(&f).zip(times).map(|((m, f), t)| item(m, f, t, "d")).collect();
        let mut copies = Sets::new(4);
        copies.union(0, 1);
        copies.union(0, 2);
        let mut out = Curation::default();
        let keeper = place_copies(&items, &mut copies, &mut out);
        assert_eq!(keeper, [0, 0, 0, 3]);
        let dup: Vec<(&Path, &Path)> = out.duplicates.iter().map(|d| (d.path.as_path(), d.kept.as_path())).collect();
        assert_eq!(dup, [(m[1].path.as_path(), m[0].path.as_path())]);
        let inh: Vec<(&Path, &Path)> = out.inherited.iter().map(|h| (h.path.as_path(), h.from.as_path())).collect();
        assert_eq!(inh, [(m[2].path.as_path(), m[0].path.as_path())]);
        assert_eq!(out.copy_sets.len(), 1);
        assert_eq!(out.copy_sets[0].len(), 3);
    }

    #[test]
    fn the_best_shot_is_the_users_choice_else_the_best_kept_copy() {
        let m = [meta("a", "Zoé", Some(T), 4000), meta("b", "Marc", Some(T), 4000), meta("c", "Marc", Some(T), 4000)];
        let f = [feat(5, 0, 0, None, 4000, 1.0), feat(5, 6, 0xff, None, 4000, 2.0), feat(9, 0, 0, None, 4000, 1.0)];
        let items: Vec<Item> = m.iter().zip(&f).zip([0, 1000, 0]).map(|((m, f), t)| item(m, f, Some(t), "d")).collect();
        let run = |mission: &Mission| {
            let mut links = Links::new(3);
            links.groups.union(0, 1);
            links.burst_edge[0] = true;
            links.burst_edge[1] = true;
            let mut out = Curation::default();
            best_shots(&items, &mut links, &[0, 1, 2], &[0.2, 0.9, 1.0], &When::new(), mission, &mut out);
            out
        };
        let auto = run(&Mission::new("t"));
        assert_eq!(auto.groups.len(), 1, "a photo alone is no group");
        let g = &auto.groups[0];
        assert_eq!((g.kind, g.best.as_path(), g.best_by_user), (GroupKind::Burst, m[1].path.as_path(), false));
        assert_eq!(g.members, [m[0].path.clone(), m[1].path.clone()]);
        assert_eq!(g.contributors, ["Zoé", "Marc"]);
        assert!(auto.is_best(&m[1].path) && auto.group_of(&m[2].path).is_none());

        let mut mission = Mission::new("t");
        mission.update_choice(&photo_key(&m[0].path), |c| c.best = true);
        let chosen = run(&mission);
        assert_eq!((chosen.groups[0].best.as_path(), chosen.groups[0].best_by_user), (m[0].path.as_path(), true));
        assert_eq!(chosen.groups[0].id, auto.groups[0].id, "the id follows the members, not the choice");
    }
}
