//! Export: the planned trip as files people post or keep.
//!
//! - `facebook`: one folder per chapter (`01 Angers/`), files numbered in
//!   album order, 2048 px long edge, quality 88, captions inside the files,
//!   and `captions.txt` + `album.txt` beside them (Facebook strips XMP on
//!   upload and has no posting API since 2018: the text must be pasteable).
//! - `instagram`: carousels of at most 20 photos, 1080×1350 centre crops,
//!   one `caption.txt` per carousel.
//! - `web`: a static album that opens from `file://` (see [`web`]).
//! - `copies`: the originals, byte for byte in their image data, with the
//!   corrected capture time and the estimated GPS written in.
//! - `story`: the trip told day by day, a page that is also a printable
//!   photo book, a blog post in Markdown and a Facebook post (see [`story`]).
//!
//! Invariants: nothing is written outside `--out` (which may not be inside a
//! source folder); every file is written to a temporary name in its folder
//! and renamed, so a killed export leaves no half file under a final name;
//! a manifest (`.recap-export.json`) keyed by source identity and settings
//! lets a re-run skip what is done; one failing photo is reported and the
//! others go on, but a full disk or a read-only target stops the export.

pub mod meta;
pub mod story;
pub mod web;

use crate::album::{self, Album};
use crate::caption::{Caption, Template};
use crate::lang::Lang;
use crate::mission::Mission;
use crate::model::{FileProblem, Format, PhotoMeta};
use crate::pipeline::PlanReport;
use crate::plan::{Chapter, PlaceSource, PlannedPhoto};
use crate::progress::{Cancel, Progress, ProgressEvent};
use crate::render::{Fit, Renderer, Source, Spec};
use crate::{Error, Result};
use chrono::Datelike;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The manifest in the output folder: what was written from what.
pub const MANIFEST: &str = ".recap-export.json";
/// Held locked (`File::try_lock`) by the export writing the folder, so a
/// second window or command is refused rather than mixed in.
pub const LOCK: &str = ".recap-export.lock";
/// A copy reads its original whole: more than this is not a photo.
const COPY_MAX: u64 = 1 << 30;
/// Bump when the same settings would produce different files.
const EXPORT_VERSION: u32 = 1;
/// Instagram's carousel limit.
pub const CAROUSEL_MAX: usize = 20;
/// Widths of the web album's `srcset`.
pub const WEB_EDGES: [u32; 3] = [480, 1080, 2048];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Facebook,
    Instagram,
    Web,
    Copies,
    Story,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Facebook => "facebook",
            Preset::Instagram => "instagram",
            Preset::Web => "web",
            Preset::Copies => "copies",
            Preset::Story => "story",
        }
    }

    /// Copies are for the participants themselves: their GPS (and the
    /// estimates) are what they want. Anything posted loses it by default.
    pub fn keeps_gps_by_default(self) -> bool {
        self == Preset::Copies
    }
}

impl std::str::FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "facebook" => Ok(Preset::Facebook),
            "instagram" => Ok(Preset::Instagram),
            "web" => Ok(Preset::Web),
            "copies" => Ok(Preset::Copies),
            "story" => Ok(Preset::Story),
            _ => Err(format!("unknown preset {s:?}: facebook, instagram, web, copies or story")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub preset: Preset,
    /// The output folder (created if needed; must be empty or a previous export).
    pub out: PathBuf,
    pub lang: Lang,
    /// `None`: [`Template::default_for`] the language.
    pub template: Option<Template>,
    /// `None`: [`Preset::keeps_gps_by_default`].
    pub keep_gps: Option<bool>,
    /// Copies: one folder per participant instead of one for all.
    pub per_contributor: bool,
}

impl ExportOptions {
    pub fn new(preset: Preset, out: impl Into<PathBuf>) -> Self {
        ExportOptions {
            preset,
            out: out.into(),
            lang: Lang::Fr,
            template: None,
            keep_gps: None,
            per_contributor: false,
        }
    }
}

/// A photo that could not be exported; the others were.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
    /// Stable and machine-readable: a render's own code (`corrupt`,
    /// `truncated`, `too_large`…), `metadata`, `not_jpeg`, `internal` (a
    /// panic in a third-party writer), `export_symlink`, `io`…
    pub code: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    pub out: PathBuf,
    /// Photos in the export.
    pub photos: usize,
    /// Files written by this run.
    pub written: usize,
    /// Files already done by an earlier run and kept.
    pub kept: usize,
    /// Files of an earlier run no longer wanted (a photo rejected since), removed.
    pub removed: usize,
    /// Photos rejected, not picked, or set apart by the plan.
    pub left_out: usize,
    pub failed: Vec<Failure>,
    /// Things done differently than asked ("HEIC copied without new metadata").
    pub warnings: Vec<String>,
}

/// One photo in album order, with what it says.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub chapter: usize,
    pub day: chrono::NaiveDate,
    pub moment: Option<&'a str>,
    pub photo: &'a PlannedPhoto,
    pub meta: &'a PhotoMeta,
    pub caption: Caption,
    /// Caption in the other language, for the bilingual web album.
    pub caption_other: Caption,
}

impl Item<'_> {
    fn for_intro(&self) -> album::IntroPhoto<'_> {
        album::IntroPhoto { day: self.day, moment: self.moment, photographer: &self.caption.photographer }
    }
}

/// How an output file is made.
#[derive(Debug, Clone, PartialEq)]
enum Make {
    Render(Spec),
    Copy,
}

#[derive(Debug, Clone)]
struct Job {
    item: usize,
    /// Relative to the output folder.
    rel: PathBuf,
    make: Make,
    tags: meta::Tags,
}

/// Whether the mission's picks let a photo through: only picks when there
/// are any, else everything not rejected ([`crate::album::selected`]).
pub fn selected(mission: &Mission, path: &Path) -> bool {
    album::selected(mission, album::has_picks(mission), path)
}

pub use crate::album::Outgoing;

/// Counts what [`items`] would return: what the export dialog says before
/// anything is written ([`Album::outgoing`]).
pub fn outgoing(report: &PlanReport, mission: &Mission) -> Outgoing {
    album(report, mission, Lang::Fr, None).outgoing()
}

/// The album of an export: captions in `lang` (and the other language),
/// with `template` for both when given. The disk is asked for another
/// spelling of a photo's path only to find a caption keyed by it.
pub fn album<'a>(report: &'a PlanReport, mission: &Mission, lang: Lang, template: Option<&Template>) -> Album<'a> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let src = album::Source { plan: &report.plan, photos: &report.scan.photos, curation: report.curation.as_ref() };
    Album::build(src, mission, &album::Settings { lang, template, respell: Some(&canonical) })
}

/// The photos to export, in album order (chapters as the user ordered them,
/// then time), with their captions.
pub fn items<'a>(report: &'a PlanReport, mission: &Mission, lang: Lang, template: Option<&Template>) -> Vec<Item<'a>> {
    items_of(&album(report, mission, lang, template))
}

fn items_of<'a>(album: &Album<'a>) -> Vec<Item<'a>> {
    album
        .selected()
        .filter_map(|p| {
            Some(Item {
                chapter: p.chapter,
                day: p.day,
                moment: p.moment,
                photo: p.planned,
                meta: p.meta?,
                caption: p.caption.clone(),
                caption_other: p.caption_other.clone(),
            })
        })
        .collect()
}

/// Exports the planned trip. `sources` are the scanned folders: the output
/// may not be inside one of them.
pub fn export(
    report: &PlanReport,
    mission: &Mission,
    sources: &[PathBuf],
    opts: &ExportOptions,
    progress: Progress,
    cancel: &Cancel,
) -> Result<ExportReport> {
    let out = crate::paths::absolute(&opts.out);
    check_outside_sources(&out, sources)?;
    std::fs::create_dir_all(&out).map_err(|e| Error::Io { path: out.clone(), source: e })?;
    // Held until this function returns, whichever way.
    let (_lock, created) = lock_out(&out)?;
    if let Err(e) = prepare_out(&out) {
        // A folder that is not an export keeps nothing of Recap's.
        drop(_lock);
        if created {
            let _ = std::fs::remove_file(out.join(LOCK));
        }
        return Err(e);
    }

    let album = album(report, mission, opts.lang, opts.template.as_ref());
    let planned: usize = report.plan.photos().count();
    let keep_gps = opts.keep_gps.unwrap_or(opts.preset.keeps_gps_by_default());
    // The story takes its own photos (a day's choice, the cover), told from the same album.
    let story = (opts.preset == Preset::Story).then(|| {
        let cx = crate::story::Context { curation: report.curation.as_ref(), home: report.plan.home_place.as_ref() };
        crate::story::build_with(&album, mission, opts.lang, cx)
    });
    let (items, jobs) = match &story {
        Some(s) => story::plan(&album, s, keep_gps),
        None => {
            let items = items_of(&album);
            let jobs = jobs(&items, &report.plan.chapters, opts, keep_gps);
            (items, jobs)
        }
    };

    let old = Manifest::load(&out)?;
    if let Some(other) = old.preset.filter(|p| *p != opts.preset) {
        // A code of its own: the app words it whole, not "invalid: " + English.
        return Err(Error::Export {
            code: "export_other_preset",
            message: format!(
                "{} holds a {} export: choose another folder for the {} preset",
                out.display(),
                other.name(),
                opts.preset.name()
            ),
        });
    }
    let mut rep = ExportReport {
        out: out.clone(),
        photos: items.len(),
        left_out: planned.saturating_sub(items.len()) + report.plan.unplaced.len(),
        ..ExportReport::default()
    };

    // Every name this run may write: the photos and the text beside them.
    let none_failed = std::collections::HashSet::new();
    let side_names = side_files(&items, &report.plan.chapters, &jobs, opts, &none_failed, mission, story.as_ref());
    let wanted: std::collections::BTreeSet<String> =
        jobs.iter().map(|j| rel_key(&j.rel)).chain(side_names.iter().map(|(rel, _)| rel_key(rel))).collect();
    let ours = |rel: &str| old.files.contains_key(rel) || old.planned.iter().any(|p| p == rel);
    // Before anything is written: no link on the way to a file, and none
    // under a final name Recap did not make.
    for rel in &wanted {
        if let Some(link) = link_in_the_way(&out, rel, !ours(rel)) {
            return Err(symlink_error(&link));
        }
    }

    // Files of an earlier run that this one does not make: only those its
    // manifest lists, so nothing the user put there is ever deleted, and
    // never through a link.
    let stale: std::collections::BTreeSet<&String> =
        old.files.keys().chain(&old.planned).filter(|k| !wanted.contains(*k)).collect();
    for rel in stale {
        let Some(path) = safe_join(&out, rel) else { continue };
        if link_in_the_way(&out, rel, true).is_none()
            && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && std::fs::remove_file(&path).is_ok()
        {
            rep.removed += 1;
        }
    }

    // The manifest exists before the first file: a run killed at any
    // instant leaves a folder the next run recognises and finishes.
    let mut first = Manifest {
        version: EXPORT_VERSION,
        preset: Some(opts.preset),
        in_progress: true,
        planned: wanted.iter().cloned().collect(),
        files: old.files.into_iter().filter(|(k, _)| wanted.contains(k)).collect(),
    };
    first.save(&out)?;
    first.planned.shrink_to_fit();

    let run = Run::new(first);
    let total = jobs.len() as u64;
    jobs.par_iter().for_each(|job| {
        if cancel.is_cancelled() || run.stopped() {
            return;
        }
        let item = &items[job.item];
        let outcome = do_job(&out, job, item, opts.preset, run.entry(&job.rel));
        let n = run.record(&out, job, item, outcome);
        progress(ProgressEvent::Rendering { done: n, total });
    });

    let Shared { mut manifest, fatal, failed, mut warnings, written, kept, .. } = run.finish();
    manifest.save(&out)?;
    if let Some(e) = fatal {
        return Err(e);
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    rep.written = written;
    rep.kept = kept;
    rep.failed = failed.into_values().collect();
    warnings.sort();
    warnings.dedup();
    rep.warnings = warnings;

    // Text beside the photos, always rewritten (cheap, and captions change).
    let failed_items: std::collections::HashSet<&Path> = rep.failed.iter().map(|f| f.path.as_path()).collect();
    for (rel, text) in side_files(&items, &report.plan.chapters, &jobs, opts, &failed_items, mission, story.as_ref()) {
        write_file(&out, &rel, text.as_bytes())?;
    }
    // Finished: a rerun is an update, no longer a resume.
    manifest.in_progress = false;
    manifest.save(&out)?;
    progress(ProgressEvent::Done { photos: rep.photos as u64, skipped: rep.failed.len() as u64 });
    Ok(rep)
}

/// What became of one output file.
enum Outcome {
    /// Made by an earlier run from the same source and settings, and still there.
    Kept,
    Written {
        entry: Entry,
        notes: Vec<String>,
    },
    /// This photo failed; the others go on.
    Failed {
        code: &'static str,
        reason: String,
        notes: Vec<String>,
    },
    /// Nothing else can be written either (a full disk, a read-only folder).
    Fatal(Error),
}

/// Makes one output file unless `known` (its manifest entry) says it is
/// done: render or copy, then write. Touches no shared state.
fn do_job(out: &Path, job: &Job, item: &Item, preset: Preset, known: Option<Entry>) -> Outcome {
    thread_local! {
        static RENDERER: RefCell<Option<Renderer>> = const { RefCell::new(None) };
    }
    let key = fingerprint(job, item.meta);
    let target = out.join(&job.rel);
    // symlink_metadata: a link put in place of a file is not the file.
    let up_to_date = known.is_some_and(|e| {
        e.key == key && std::fs::symlink_metadata(&target).is_ok_and(|md| md.is_file() && md.len() == e.size)
    });
    if up_to_date {
        return Outcome::Kept;
    }
    let made = RENDERER.with(|r| {
        let mut r = r.borrow_mut();
        make(r.get_or_insert_with(Renderer::new), job, item, preset)
    });
    let (bytes, notes) = match made {
        Ok(made) => made,
        Err(problem) => {
            return Outcome::Failed { code: problem.code(), reason: problem.to_string(), notes: Vec::new() }
        }
    };
    match write_file(out, &job.rel, &bytes) {
        Ok(()) => Outcome::Written { entry: Entry { key, size: bytes.len() as u64 }, notes },
        Err(Error::Io { source, .. }) if stops_everything(&source) => {
            Outcome::Fatal(Error::Io { path: target, source })
        }
        Err(Error::Io { source, .. }) => {
            Outcome::Failed { code: "io", reason: format!("{}: {source}", target.display()), notes }
        }
        Err(e) => Outcome::Failed { code: e.code(), reason: e.to_string(), notes },
    }
}

/// Everything the parallel jobs of one export share, behind one lock.
struct Shared {
    manifest: Manifest,
    last_save: Instant,
    /// Jobs finished, for the progress events.
    done: u64,
    written: usize,
    kept: usize,
    /// The first failure of each item (an item has several files on the web).
    failed: BTreeMap<usize, Failure>,
    warnings: Vec<String>,
    /// The error that stopped the export.
    fatal: Option<Error>,
}

struct Run(Mutex<Shared>);

impl Run {
    fn new(manifest: Manifest) -> Run {
        Run(Mutex::new(Shared {
            manifest,
            last_save: Instant::now(),
            done: 0,
            written: 0,
            kept: 0,
            failed: BTreeMap::new(),
            warnings: Vec::new(),
            fatal: None,
        }))
    }

    fn shared(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn stopped(&self) -> bool {
        self.shared().fatal.is_some()
    }

    /// What the manifest says made `rel`.
    fn entry(&self, rel: &Path) -> Option<Entry> {
        self.shared().manifest.files.get(&rel_key(rel)).cloned()
    }

    /// Takes one job's outcome in; returns how many jobs are done.
    fn record(&self, out: &Path, job: &Job, item: &Item, outcome: Outcome) -> u64 {
        let mut s = self.shared();
        match outcome {
            Outcome::Kept => s.kept += 1,
            Outcome::Written { entry, notes } => {
                s.warnings.extend(notes);
                s.written += 1;
                s.manifest.files.insert(rel_key(&job.rel), entry);
                // Saved as it goes, in batches (one fsync every half second,
                // not one per photo): a rerun then redoes at most that half
                // second's files.
                if s.last_save.elapsed() > Duration::from_millis(500) {
                    let _ = s.manifest.save(out);
                    s.last_save = Instant::now();
                }
            }
            Outcome::Failed { code, reason, notes } => {
                s.warnings.extend(notes);
                s.failed.entry(job.item).or_insert(Failure { path: item.photo.path.clone(), reason, code });
            }
            Outcome::Fatal(e) => {
                s.fatal.get_or_insert(e);
            }
        }
        s.done += 1;
        s.done
    }

    fn finish(self) -> Shared {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

/// A full disk or a read-only target fails every file alike: stop and say
/// so once, rather than report each photo.
fn stops_everything(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), StorageFull | PermissionDenied | ReadOnlyFilesystem | QuotaExceeded)
}

/// Writes `out/rel` atomically, creating its folders, and refuses to go
/// through a link on the way (checked on every folder under `out`; the file
/// itself is replaced by a rename, which never follows a link).
fn write_file(out: &Path, rel: &Path, bytes: &[u8]) -> Result<()> {
    let mut dir = out.to_path_buf();
    for c in rel.parent().into_iter().flat_map(Path::components) {
        dir.push(c);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) if m.file_type().is_symlink() => return Err(symlink_error(&dir)),
            Ok(_) => {
                let e = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a file is where a folder goes");
                return Err(Error::Io { path: dir, source: e });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::create_dir(&dir) {
                Ok(()) => {}
                // Another thread made it; it is checked on the next file.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::Io { path: dir, source: e }),
            },
            Err(e) => return Err(Error::Io { path: dir, source: e }),
        }
    }
    let path = out.join(rel);
    crate::atomic::write(&path, bytes).map_err(|e| Error::Io { path, source: e })
}

/// The first link on the way from `out` to `out/rel`: a folder on the way,
/// or (`file_too`) the file itself.
fn link_in_the_way(out: &Path, rel: &str, file_too: bool) -> Option<PathBuf> {
    let rel = Path::new(rel);
    let mut path = out.to_path_buf();
    let n = rel.components().count();
    for (i, c) in rel.components().enumerate() {
        path.push(c);
        if i + 1 == n && !file_too {
            break;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Some(path),
            Ok(_) => {}
            // Nothing further down exists.
            Err(_) => break,
        }
    }
    None
}

fn symlink_error(path: &Path) -> Error {
    Error::Export {
        code: "export_symlink",
        message: format!(
            "{} is a symbolic link: Recap writes and deletes nothing through a link in an export folder; \
             remove the link or choose another folder",
            path.display()
        ),
    }
}

/// Locks the export folder for this export (the lock goes with the returned
/// file), and says whether the lock file is new. A filesystem without locks
/// is exported to without one.
fn lock_out(out: &Path) -> Result<(std::fs::File, bool)> {
    let path = out.join(LOCK);
    let existed = match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.is_file() => return Err(symlink_error(&path)),
        Ok(_) => true,
        Err(_) => false,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // Between the check and the open, a link could be put there.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(&path).map_err(|e| Error::Io { path: out.to_path_buf(), source: e })?;
    match file.try_lock() {
        Ok(()) => Ok((file, !existed)),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Export {
            code: "export_locked",
            message: format!(
                "{} is being written by another export (another Recap window or command): \
                 wait for it to finish, or choose another folder",
                out.display()
            ),
        }),
        Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => Ok((file, !existed)),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io { path, source: e }),
    }
}

/// Why a photo failed: its cause, whose code the report carries.
type Why = FileProblem;

/// Makes one output file's bytes, with notes for the report. Errors are
/// per photo.
fn make(r: &mut Renderer, job: &Job, item: &Item, preset: Preset) -> std::result::Result<(Vec<u8>, Vec<String>), Why> {
    let path = item.photo.path.as_path();
    let camera = meta::Camera::default();
    let (jpeg, camera) = match &job.make {
        Make::Render(spec) => {
            let src = Source { path, format: item.meta.format, orientation: item.meta.orientation };
            // The report names the photo already: the problem alone.
            let rendered = r.render(&src, spec).map_err(|e| e.problem)?;
            // A render carries no metadata of its own: nothing to rebuild.
            (rendered.jpeg, camera)
        }
        Make::Copy => {
            let original = crate::guard::read_bounded(path, COPY_MAX).map_err(FileProblem::from)?;
            if item.meta.format != Format::Jpeg {
                // Rewriting HEIC or RAW containers safely is another job:
                // the copy is exact, its metadata the camera's.
                let w = format!("{} files copied without new metadata", item.meta.format.name());
                return Ok((original, vec![w]));
            }
            let m = item.meta;
            let camera =
                meta::Camera { make: m.make.clone(), model: m.model.clone(), orientation: m.orientation, gps: m.gps };
            (original, camera)
        }
    };
    // A panic in a third-party writer costs this photo, not the export.
    let written =
        crate::guard::catch_file(|| meta::write_with(&jpeg, &job.tags, &camera))?.map_err(FileProblem::from)?;
    let mut notes = Vec::new();
    if !written.trimmed.is_empty() {
        let what: Vec<&str> = written.trimmed.iter().map(|t| t.name()).collect();
        let whole = match preset {
            Preset::Facebook | Preset::Copies => "; the whole text is in captions.txt",
            Preset::Web | Preset::Story => "; the whole text is in index.html",
            Preset::Instagram => "",
        };
        notes.push(format!(
            "{}: caption too long for the file's {} fields, shortened there{whole}",
            path.display(),
            what.join(", ")
        ));
    }
    if written.exif_rebuilt {
        notes.push(format!(
            "{}: its EXIF block was malformed; replaced by one with the time, place, camera and orientation Recap read",
            path.display()
        ));
    }
    Ok((written.bytes, notes))
}

/// A file or folder name from a title: no separators or characters that
/// Windows refuses, no leading dots (hidden files), bounded length.
pub fn file_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut name = words.join(" ");
    name = name.trim_matches(|c: char| c == '.' || c == ' ').to_string();
    if name.len() > 80 {
        name = meta::truncate_utf8(&name, 80).trim_end().to_string();
    }
    if name.is_empty() {
        "album".to_string()
    } else {
        name
    }
}

/// Named in the album's language: "01 Londres" in French, "01 London" in English.
fn chapter_folder(index: usize, chapter: &Chapter, lang: Lang) -> String {
    format!("{:02} {}", index + 1, file_name(chapter.titles.get(lang)))
}

/// `time`: a copy of the original, whose capture time is corrected; else a
/// render, whose pixels are sRGB.
fn tags_for(item: &Item, keep_gps: bool, time: bool) -> meta::Tags {
    let c = &item.caption;
    let year = item.day.year();
    let gps = match (keep_gps, item.photo.place.source, item.photo.place.lat.zip(item.photo.place.lon)) {
        (false, _, _) => meta::GpsEdit::Strip,
        (true, PlaceSource::Estimated | PlaceSource::Agenda, Some((lat, lon))) if time => {
            meta::GpsEdit::Fill(crate::Gps { lat, lon, alt: None })
        }
        (true, _, _) => meta::GpsEdit::Keep,
    };
    meta::Tags {
        title: c.title.clone(),
        description: c.full(),
        creator: c.photographer.clone(),
        credit: c.credit.clone(),
        rights: if c.photographer.is_empty() { String::new() } else { format!("© {year} {}", c.photographer) },
        gps,
        time: time.then(|| meta::TimeEdit {
            local: item.photo.local_time.naive_local(),
            offset: item.photo.local_time.format("%:z").to_string(),
        }),
        srgb: !time,
    }
}

/// Zero-padded numbers wide enough for `n` files (at least 3 digits, so
/// file managers sort them in album order).
fn width(n: usize) -> usize {
    n.to_string().len().max(3)
}

fn jobs(items: &[Item], chapters: &[Chapter], opts: &ExportOptions, keep_gps: bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    let by_chapter = group_by_chapter(items);
    match opts.preset {
        Preset::Facebook => {
            for (ci, idx) in &by_chapter {
                let folder = chapter_folder(*ci, &chapters[*ci], opts.lang);
                let w = width(idx.len());
                for (n, &i) in idx.iter().enumerate() {
                    jobs.push(Job {
                        item: i,
                        rel: Path::new(&folder).join(format!("{:0w$}.jpg", n + 1)),
                        make: Make::Render(Spec { fit: Fit::LongEdge(2048), quality: 88 }),
                        tags: tags_for(&items[i], keep_gps, false),
                    });
                }
            }
        }
        Preset::Instagram => {
            for (ci, idx) in &by_chapter {
                let folder = chapter_folder(*ci, &chapters[*ci], opts.lang);
                for (k, carousel) in carousels(idx).iter().enumerate() {
                    for (n, &i) in carousel.iter().enumerate() {
                        jobs.push(Job {
                            item: i,
                            rel: Path::new(&folder)
                                .join(format!("carousel-{}", k + 1))
                                .join(format!("{:02}.jpg", n + 1)),
                            make: Make::Render(Spec { fit: Fit::Cover { width: 1080, height: 1350 }, quality: 88 }),
                            tags: tags_for(&items[i], keep_gps, false),
                        });
                    }
                }
            }
        }
        Preset::Web => {
            for (i, item) in items.iter().enumerate() {
                for edge in WEB_EDGES {
                    jobs.push(Job {
                        item: i,
                        rel: Path::new("photos").join(web::photo_file(i, edge)),
                        make: Make::Render(Spec { fit: Fit::LongEdge(edge), quality: 85 }),
                        tags: tags_for(item, keep_gps, false),
                    });
                }
            }
        }
        // Planned by `story::plan`, from the story rather than the album.
        Preset::Story => {}
        Preset::Copies => {
            let w = width(items.len());
            let mut per: HashMap<&str, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                let name = item.photo.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let (folder, n) = if opts.per_contributor {
                    let who = item.caption.photographer.as_str();
                    let n = per.entry(who).or_default();
                    *n += 1;
                    (PathBuf::from(file_name(&item.photo.contributor)), *n)
                } else {
                    (PathBuf::new(), i + 1)
                };
                jobs.push(Job {
                    item: i,
                    rel: folder.join(format!("{n:0w$} {}", file_name(&name))),
                    make: Make::Copy,
                    tags: tags_for(item, keep_gps, true),
                });
            }
        }
    }
    jobs
}

/// Item indices per chapter, chapters in album order.
fn group_by_chapter(items: &[Item]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some((c, v)) if *c == item.chapter => v.push(i),
            _ => out.push((item.chapter, vec![i])),
        }
    }
    out
}

/// Splits a chapter into carousels of at most [`CAROUSEL_MAX`], as even as
/// possible (58 photos: 20, 19, 19 rather than 20, 20, 18 or a lone photo).
pub fn carousels(idx: &[usize]) -> Vec<&[usize]> {
    if idx.is_empty() {
        return Vec::new();
    }
    let n = idx.len().div_ceil(CAROUSEL_MAX);
    let base = idx.len() / n;
    let extra = idx.len() % n;
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for k in 0..n {
        let len = base + usize::from(k < extra);
        out.push(&idx[start..start + len]);
        start += len;
    }
    out
}

fn side_files(
    items: &[Item],
    chapters: &[Chapter],
    jobs: &[Job],
    opts: &ExportOptions,
    failed: &std::collections::HashSet<&Path>,
    mission: &Mission,
    story: Option<&crate::story::Story>,
) -> Vec<(PathBuf, String)> {
    let ok = |i: usize| !failed.contains(items[i].photo.path.as_path());
    let file_of: HashMap<usize, &Path> = jobs.iter().map(|j| (j.item, j.rel.as_path())).collect();
    // The album's one rule, over the photos this text sits beside.
    let intro = |ci: usize, idx: &[usize], lang: Lang| {
        let shown = idx.iter().map(|&i| items[i].for_intro());
        album::intro(&chapters[ci], shown, mission, lang).0
    };
    let mut out = Vec::new();
    match opts.preset {
        Preset::Facebook | Preset::Copies => {
            for (ci, idx) in group_by_chapter(items) {
                let folder = match opts.preset {
                    Preset::Facebook => PathBuf::from(chapter_folder(ci, &chapters[ci], opts.lang)),
                    _ => continue,
                };
                let mut captions = String::new();
                for &i in idx.iter().filter(|&&i| ok(i)) {
                    let name = file_of.get(&i).and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
                    captions.push_str(&format!("{}\t{}\n", name.unwrap_or_default(), items[i].caption.full()));
                }
                out.push((folder.join("captions.txt"), captions));
                let album = format!("{}\n\n{}\n", chapters[ci].titles.get(opts.lang), intro(ci, &idx, opts.lang));
                out.push((folder.join("album.txt"), album));
            }
            if opts.preset == Preset::Copies {
                let mut captions = String::new();
                for job in jobs.iter().filter(|j| ok(j.item)) {
                    captions.push_str(&format!("{}\t{}\n", rel_key(&job.rel), items[job.item].caption.full()));
                }
                out.push((PathBuf::from("captions.txt"), captions));
            }
        }
        Preset::Instagram => {
            for (ci, idx) in group_by_chapter(items) {
                let folder = PathBuf::from(chapter_folder(ci, &chapters[ci], opts.lang));
                for (k, carousel) in carousels(&idx).iter().enumerate() {
                    let text = format!("{}\n", intro(ci, carousel, opts.lang));
                    out.push((folder.join(format!("carousel-{}", k + 1)).join("caption.txt"), text));
                }
            }
        }
        Preset::Web => {
            let album = web::Album::build(items, chapters, mission, opts.lang, &|i| ok(i));
            out.push((PathBuf::from("index.html"), web::index_html(&album)));
            out.push((PathBuf::from("album.js"), web::ALBUM_JS.to_string()));
            out.push((PathBuf::from("album.css"), web::ALBUM_CSS.to_string()));
        }
        Preset::Story => {
            if let Some(s) = story {
                out.extend(story::files(s, &|p: &Path| !failed.contains(p)));
            }
        }
    }
    out
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    preset: Option<Preset>,
    /// Written before the first file and cleared by the last step: a folder
    /// whose manifest says so is an unfinished export to resume.
    #[serde(default)]
    in_progress: bool,
    /// Every file the export makes (relative, `/`-separated): what a killed
    /// run may have left, so the next may replace or remove it.
    #[serde(default)]
    planned: Vec<String>,
    /// Output path (relative, `/`-separated) → what made it.
    files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Fingerprint of the source file's identity and the settings.
    key: String,
    size: u64,
}

impl Manifest {
    /// An unreadable or foreign manifest counts as none: everything is
    /// redone. A link in its place is refused: it is not Recap's.
    fn load(out: &Path) -> Result<Manifest> {
        let path = out.join(MANIFEST);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(symlink_error(&path));
        }
        // Bounded: the manifest of 100,000 files is about 10 MB.
        Ok(crate::guard::read_bounded(&path, 256 << 20)
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            .filter(|m| m.version == EXPORT_VERSION)
            .map(|mut m| {
                // Read from a file anyone could edit: only names inside `out`.
                m.files.retain(|k, _| safe_join(out, k).is_some());
                m.planned.retain(|k| safe_join(out, k).is_some());
                m
            })
            .unwrap_or_default())
    }

    fn save(&self, out: &Path) -> Result<()> {
        let path = out.join(MANIFEST);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::Invalid(e.to_string()))?;
        crate::atomic::write(&path, &bytes).map_err(|e| Error::Io { path, source: e })
    }
}

/// What a file depends on: the source's identity (path, size, mtime) and
/// every setting that changes its bytes (size, quality, tags, renderer).
fn fingerprint(job: &Job, meta: &PhotoMeta) -> String {
    let text = format!(
        "{EXPORT_VERSION}|{}|{}|{}|{}|{:?}|{:?}|{}",
        meta.path.to_string_lossy(),
        meta.file_size,
        meta.mtime_ns,
        meta.orientation.unwrap_or(1),
        job.make,
        job.tags,
        crate::render::RENDER_VERSION
    );
    // FNV-1a, 64 bits: stable across Rust versions, unlike DefaultHasher.
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{h:016x}")
}

fn rel_key(rel: &Path) -> String {
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `out/rel` when `rel` (read from a manifest that could have been edited)
/// stays inside `out`.
fn safe_join(out: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    rel.components().all(|c| matches!(c, Component::Normal(_))).then(|| out.join(rel))
}

/// The code of an export refused because its folder is inside a source
/// (the mission file's and the app's too).
pub const INSIDE_SOURCE: &str = crate::error::INSIDE_SOURCE;

fn check_outside_sources(out: &Path, sources: &[PathBuf]) -> Result<()> {
    match crate::paths::inside(out, sources) {
        Some(s) => Err(Error::InsideSource { path: out.to_path_buf(), source_folder: s.to_path_buf() }),
        None => Ok(()),
    }
}

/// Refuses an output folder holding files that are not a previous
/// export's (they could be overwritten), and sweeps the temporary files a
/// killed export left. A folder holding only what a run killed before its
/// manifest left (the lock, temporaries) counts as empty.
fn prepare_out(out: &Path) -> Result<()> {
    let manifest = out.join(MANIFEST);
    let has_manifest = match std::fs::symlink_metadata(&manifest) {
        Ok(m) if m.file_type().is_symlink() => return Err(symlink_error(&manifest)),
        Ok(m) => m.is_file(),
        Err(_) => false,
    };
    let entries = std::fs::read_dir(out).map_err(|e| Error::Io { path: out.to_path_buf(), source: e })?;
    let foreign = entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name != LOCK && !is_temporary(&name)
    });
    if !has_manifest && foreign {
        return Err(Error::Export {
            code: "export_not_empty",
            message: format!(
                "{} is not empty and holds no earlier Recap export: choose an empty or new folder",
                out.display()
            ),
        });
    }
    sweep_temporaries(out);
    Ok(())
}

fn is_temporary(name: &str) -> bool {
    name.starts_with(".recap-") && name.ends_with(".tmp")
}

/// Removes `.recap-*.tmp` files (see [`crate::atomic`]) under `out`.
fn sweep_temporaries(out: &Path) {
    for entry in walkdir::WalkDir::new(out).max_depth(4).into_iter().flatten() {
        // walkdir does not follow links, and `file_type` is the entry's own.
        if entry.file_type().is_file() && is_temporary(&entry.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(path: &str) -> PhotoMeta {
        PhotoMeta::sample(path, "Zoé")
    }

    /// The web preset makes three files of each photo: a photo whose files
    /// all fail is one failure, with the first cause, and a fatal error
    /// stops the jobs not started.
    #[test]
    fn the_shared_state_reports_a_photo_once_and_stops_on_a_fatal_error() {
        let meta = meta_of("/t/Zoé/a.jpg");
        let time = chrono::DateTime::parse_from_rfc3339("2017-06-05T10:00:00+02:00").expect("a time");
        let photo = PlannedPhoto {
            path: meta.path.clone(),
            local_time: time,
            utc: time.to_utc(),
            place: crate::plan::PhotoPlace {
                name: None,
                names: None,
                source: PlaceSource::None,
                country: None,
                lat: None,
                lon: None,
            },
            contributor: "Zoé".into(),
            device: "Zoé|cam".into(),
        };
        let caption = Caption {
            title: String::new(),
            text: String::new(),
            credit: String::new(),
            photographer: String::new(),
            edited: false,
        };
        let item = Item {
            chapter: 0,
            day: time.date_naive(),
            moment: None,
            photo: &photo,
            meta: &meta,
            caption: caption.clone(),
            caption_other: caption,
        };
        let tags = meta::Tags {
            title: String::new(),
            description: String::new(),
            creator: String::new(),
            credit: String::new(),
            rights: String::new(),
            gps: meta::GpsEdit::Keep,
            time: None,
            srgb: true,
        };
        let job = |edge: u32| Job {
            item: 0,
            rel: PathBuf::from(format!("photos/0001-{edge}.jpg")),
            make: Make::Copy,
            tags: tags.clone(),
        };
        let out = Path::new("/nowhere");
        let run = Run::new(Manifest::default());
        let failed = |why: &str| Outcome::Failed { code: "corrupt", reason: why.into(), notes: vec!["a note".into()] };
        assert_eq!(run.record(out, &job(480), &item, failed("first")), 1);
        assert_eq!(run.record(out, &job(1080), &item, failed("second")), 2);
        assert_eq!(run.record(out, &job(2048), &item, Outcome::Kept), 3);
        assert!(!run.stopped());
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "full");
        run.record(out, &job(2048), &item, Outcome::Fatal(Error::Io { path: out.into(), source: io }));
        assert!(run.stopped(), "a full disk stops the export");
        let s = run.finish();
        let reasons: Vec<&str> = s.failed.values().map(|f| f.reason.as_str()).collect();
        assert_eq!(reasons, ["first"]);
        assert_eq!((s.kept, s.written, s.warnings.len()), (1, 0, 2));
        assert!(s.fatal.is_some_and(|e| e.to_string().contains("full")));
    }

    #[test]
    fn carousels_are_even_and_bounded() {
        let cases = [
            (0, vec![]),
            (1, vec![1]),
            (20, vec![20]),
            (21, vec![11, 10]),
            (58, vec![20, 19, 19]),
            (60, vec![20, 20, 20]),
        ];
        for (n, want) in cases {
            let idx: Vec<usize> = (0..n).collect();
            let sizes: Vec<usize> = carousels(&idx).iter().map(|c| c.len()).collect();
            assert_eq!(sizes, want, "{n} photos");
        }
    }

    #[test]
    fn file_names_are_safe() {
        let cases = [
            ("Angers", "Angers"),
            ("Angers, la ville du végétal", "Angers, la ville du végétal"),
            ("Paris/Roissy: l'arrivée?", "Paris Roissy l'arrivée"),
            ("..hidden", "hidden"),
            ("", "album"),
            ("a\u{0}b", "a b"),
        ];
        for (title, want) in cases {
            assert_eq!(file_name(title), want);
        }
    }

    #[test]
    fn manifest_paths_cannot_escape() {
        let out = Path::new("/tmp/out");
        assert_eq!(safe_join(out, "01 Angers/001.jpg"), Some(out.join("01 Angers/001.jpg")));
        assert_eq!(safe_join(out, "../etc/passwd"), None);
        assert_eq!(safe_join(out, "/etc/passwd"), None);
    }

    #[test]
    fn presets_parse() {
        for (s, p) in [
            ("facebook", Preset::Facebook),
            ("Instagram", Preset::Instagram),
            ("web", Preset::Web),
            ("copies", Preset::Copies),
            ("Story", Preset::Story),
        ] {
            assert_eq!(s.parse::<Preset>(), Ok(p));
        }
        assert!("flickr".parse::<Preset>().is_err());
    }
}
