//! An open mission, as the desktop app holds it: the mission and its file,
//! the scanned photos and the plan, and the undo history. Edits re-plan from
//! the photos already scanned (no rescan), save the mission file atomically
//! and can be undone. What the app shows beyond the plan (captions in the
//! chosen language, chapter introductions, the participants' list, each
//! photo's zone and camera) is computed here too, in [`Session::view`], so
//! the shell only maps values to its wire types.
//!
//! Photos are numbered by their index in the scan's photo list
//! (`report.scan.photos`): the numbers stay the same across edits, and
//! change only with a new scan.

use crate::caption::{self, Caption};
use crate::curate;
use crate::edit::{self, Edit, History};
use crate::export::{self, ExportOptions, ExportReport, Preset};
use crate::lang::Lang;
use crate::mission::{Mission, MissionError, Pick};
use crate::pipeline::{self, PlanReport};
use crate::progress::{Cancel, Progress};
use crate::{Error, PhotoMeta, ScanReport};
use chrono::{NaiveDateTime, Offset, TimeZone};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Why a session operation failed; [`SessionError::code`] is what front
/// ends show by.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error(transparent)]
    Mission(#[from] MissionError),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    /// Asked of a trip before its curation finished.
    #[error("{0}")]
    NotReady(String),
    #[error("{path} is inside the photo folder {source_folder}: choose a folder outside the photos")]
    InsideSource { path: PathBuf, source_folder: PathBuf },
}

impl SessionError {
    /// Stable, machine-readable: the core's and the mission's codes, or
    /// `invalid`, `not_found`, `not_ready`, `inside_source`.
    pub fn code(&self) -> &'static str {
        match self {
            SessionError::Core(e) => e.code(),
            SessionError::Mission(e) => e.code(),
            SessionError::Invalid(_) => "invalid",
            SessionError::NotFound(_) => "not_found",
            SessionError::NotReady(_) => "not_ready",
            SessionError::InsideSource { .. } => "inside_source",
        }
    }
}

impl crate::error::Coded for SessionError {
    fn code(&self) -> &'static str {
        SessionError::code(self)
    }

    fn fault(&self) -> Option<crate::error::Fault> {
        match self {
            SessionError::Core(e) => e.fault(),
            SessionError::Mission(e) => crate::error::Coded::fault(e),
            _ => Some(crate::error::Fault::Input),
        }
    }
}

impl From<edit::EditError> for SessionError {
    fn from(e: edit::EditError) -> Self {
        match e {
            edit::EditError::Invalid(message) => SessionError::Invalid(message),
            edit::EditError::Core(e) => SessionError::Core(e),
            edit::EditError::Mission(e) => SessionError::Mission(e),
        }
    }
}

impl From<crate::agenda::AgendaError> for SessionError {
    fn from(e: crate::agenda::AgendaError) -> Self {
        SessionError::Core(e.into())
    }
}

impl From<SessionError> for Error {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Core(e) => e,
            SessionError::Mission(e) => e.into(),
            SessionError::InsideSource { path, source_folder } => Error::InsideSource { path, source_folder },
            other => Error::Invalid(other.to_string()),
        }
    }
}

pub type Result<T, E = SessionError> = std::result::Result<T, E>;

/// Photos a [`Session::mosaic`] image holds: MOSAIC_SIDE × MOSAIC_SIDE.
pub const MOSAIC_PHOTOS: usize = MOSAIC_SIDE * MOSAIC_SIDE;
/// Miniatures a row (and rows) in a [`Session::mosaic`] image.
pub const MOSAIC_SIDE: usize = 32;

/// An open mission with its scanned photos and its plan.
pub struct Session {
    mission: Mission,
    /// `None` for folders opened without a mission file: edits are then
    /// kept in memory only.
    mission_path: Option<PathBuf>,
    /// The folders scanned.
    roots: Vec<PathBuf>,
    report: PlanReport,
    /// Where the catalog, thumbnails and features live.
    cache_dir: PathBuf,
    /// Each photo's perceptual features, loaded once per scan: edits group
    /// again from them without touching the disk. `None` until
    /// [`Session::attach_features`]: a front end shows the trip first and
    /// curates it in the background (features of a new trip mean rendering
    /// every thumbnail).
    features: Option<curate::FeatureSet>,
    history: History,
    /// What the mission file held when this session last read or wrote it:
    /// a different file at the next save means another process edited it.
    stamp: Option<crate::mission::Stamp>,
    /// The last save found the file changed under the session and re-applied
    /// its edit on the file's content ([`Session::take_reloaded`]).
    reloaded: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("mission", &self.mission.name)
            .field("mission_path", &self.mission_path)
            .field("roots", &self.roots)
            .field("photos", &self.report.scan.photos.len())
            .field("chapters", &self.report.plan.chapters.len())
            .field("history", &self.history.depth())
            .field("curated", &self.is_curated())
            .finish()
    }
}

impl Session {
    /// Scans `roots` (or the mission's sources when empty) and plans them.
    /// The trip is not curated yet: see [`Session::curation_job`].
    pub fn start(
        mission: Mission,
        mission_path: Option<PathBuf>,
        roots: Vec<PathBuf>,
        cache_dir: &Path,
        progress: Progress,
        cancel: &Cancel,
    ) -> Result<Session> {
        let roots = if roots.is_empty() {
            let at = crate::mission::path_or_default(mission_path.as_deref());
            // A moved folder: say which, and how to point the mission at it.
            pipeline::check_sources(&mission, at)?;
            mission.resolved_sources(at)
        } else {
            roots
        };
        if roots.is_empty() {
            return Err(SessionError::Invalid("the mission names no photo folder".into()));
        }
        let report = pipeline::plan_folders(&roots, cache_dir, &mission, mission_path.as_deref(), progress, cancel)?;
        // In memory the mission names photos by their scanned path; its file
        // by source-relative keys (see `crate::identity`).
        let (mission, _) = pipeline::resolve_mission(&mission, mission_path.as_deref(), &roots, &report.scan);
        Ok(Session {
            mission,
            mission_path,
            roots,
            report,
            cache_dir: cache_dir.to_path_buf(),
            features: None,
            history: History::new(),
            stamp: None,
            reloaded: false,
        })
    }

    /// Whether duplicates and bursts are grouped (features attached).
    pub fn is_curated(&self) -> bool {
        self.features.is_some()
    }

    /// What curating this trip needs, detached from the session so that
    /// the slow part (features: warm, reading their cache; cold, making
    /// every grid thumbnail) runs without holding it. Edits made meanwhile
    /// are kept: [`Session::attach_features`] groups with the mission as it
    /// is then.
    pub fn curation_job(&self) -> CurationJob {
        CurationJob { photos: self.report.scan.photos.clone(), cache_dir: self.cache_dir.clone() }
    }

    /// Groups the trip from `features` (computed by [`CurationJob::run`]
    /// for this session's scan).
    pub fn attach_features(&mut self, features: curate::FeatureSet) {
        pipeline::curate_report(&mut self.report, &features, &self.mission);
        self.features = Some(features);
    }

    /// The colour miniatures of photos `chunk × MOSAIC_PHOTOS` onwards (by
    /// id), [`MOSAIC_SIDE`] to a row, as one JPEG: the app paints each grid
    /// cell with its miniature before any thumbnail arrives, so a fast
    /// fling shows the photos' colours and shapes, not empty cells. `None`
    /// before curation (miniatures come with the features) and past the
    /// last photo; a photo without features gets a grey tile.
    pub fn mosaic(&self, chunk: usize) -> Result<Option<Vec<u8>>> {
        let Some(features) = &self.features else { return Ok(None) };
        let photos = &self.report.scan.photos;
        let first = chunk.saturating_mul(MOSAIC_PHOTOS);
        if first >= photos.len() {
            return Ok(None);
        }
        let m = curate::MINI;
        let side = MOSAIC_SIDE * m;
        let mut rgb = vec![128u8; side * side * 3];
        for (i, p) in photos[first..photos.len().min(first + MOSAIC_PHOTOS)].iter().enumerate() {
            let Some(mini) = features.get(&p.path).map(|f| &f.mini).filter(|t| t.len() == m * m * 3) else { continue };
            let (tx, ty) = (i % MOSAIC_SIDE * m, i / MOSAIC_SIDE * m);
            for row in 0..m {
                let at = ((ty + row) * side + tx) * 3;
                rgb[at..at + m * 3].copy_from_slice(&mini[row * m * 3..(row + 1) * m * 3]);
            }
        }
        let pixels = crate::render::Pixels { width: side as u32, height: side as u32, rgb };
        // Quality 90 keeps chroma whole: subsampled, neighbouring tiles
        // would bleed into each other.
        let jpeg = crate::render::cache::with_renderer(|r| r.encode(&pixels, 90))
            .map_err(|e| Error::Invalid(format!("cannot encode the mosaic: {e}")))?;
        Ok(Some(jpeg))
    }

    /// Curates here and now: [`Session::curation_job`], run, attached.
    pub fn curate(&mut self, progress: Progress, cancel: &Cancel) -> Result<()> {
        let features = self.curation_job().run(None, progress, cancel)?;
        self.attach_features(features);
        Ok(())
    }

    /// Opens a mission file (`*.toml`), scans its sources and plans them.
    pub fn open(path: &Path, cache_dir: &Path, progress: Progress, cancel: &Cancel) -> Result<Session> {
        let path = check_mission_path(path)?;
        let (mission, stamp) = Mission::load_stamped(&path)?;
        let mut session = Session::start(mission, Some(path), Vec::new(), cache_dir, progress, cancel)?;
        session.stamp = Some(stamp);
        Ok(session)
    }

    /// A new mission named `name` over `folders`: its file goes in
    /// `missions_dir` (`<slug>.recap.toml`, never over another one, never
    /// inside a folder), the participants are the contributors the scan
    /// finds, shown under their folder's name until renamed.
    pub fn create(
        name: &str,
        folders: &[PathBuf],
        missions_dir: &Path,
        cache_dir: &Path,
        progress: Progress,
        cancel: &Cancel,
    ) -> Result<Session> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SessionError::Invalid("give the mission a name".into()));
        }
        let mut roots: Vec<PathBuf> = Vec::new();
        for f in folders.iter().filter(|f| !f.as_os_str().is_empty()) {
            let abs = std::fs::canonicalize(f).map_err(|_| Error::NoSuchFolder(f.clone()))?;
            if !abs.is_dir() {
                return Err(Error::NoSuchFolder(f.clone()).into());
            }
            if !roots.contains(&abs) {
                roots.push(abs);
            }
        }
        if roots.is_empty() {
            return Err(SessionError::Invalid("choose at least one photo folder".into()));
        }
        let path = new_mission_path(missions_dir, name);
        let mut mission = Mission::new(name);
        mission.sources.clone_from(&roots);
        mission.check_outside_sources(&path)?;
        let mut session = Session::start(mission, Some(path.clone()), roots, cache_dir, progress, cancel)?;
        for who in contributors(&session.report.scan).into_keys() {
            session.mission.participants.entry(who.clone()).or_insert(who);
        }
        std::fs::create_dir_all(missions_dir).map_err(|e| Error::Io { path: missions_dir.to_path_buf(), source: e })?;
        session.stamp = Some(crate::mission::lock(&path)?.save(&session.stored(&session.mission))?);
        Ok(session)
    }

    pub fn mission(&self) -> &Mission {
        &self.mission
    }

    pub fn mission_path(&self) -> Option<&Path> {
        self.mission_path.as_deref()
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    pub fn report(&self) -> &PlanReport {
        &self.report
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The photo numbered `id`.
    pub fn photo(&self, id: usize) -> Result<&PhotoMeta> {
        self.report.scan.photos.get(id).ok_or_else(|| SessionError::NotFound(format!("no photo {id} in this trip")))
    }

    /// Up to `n` of `device`'s photos, each next to the group's nearest one
    /// at the device's current correction ([`crate::plan::clock_evidence`]):
    /// the clocks tab's check by eye. A copy of a photo (placed at its
    /// original's time by curation) is never its witness.
    pub fn clock_evidence(&self, device: &str, n: usize) -> Result<Vec<crate::plan::EvidencePair>> {
        if !self.report.plan.devices.iter().any(|d| d.key == device) {
            return Err(SessionError::NotFound(format!("no device {device:?} in this trip")));
        }
        let curation = self.report.curation.as_ref();
        let copies = |p: &Path| curation.map(|c| c.copies_of(p)).unwrap_or_default();
        Ok(crate::plan::clock_evidence(&self.report.plan, device, n, copies))
    }

    /// The mission's key of the photo numbered `id` (see [`caption::photo_key`]).
    pub fn photo_key(&self, id: usize) -> Result<String> {
        Ok(caption::photo_key(&self.photo(id)?.path))
    }

    /// Applies an edit: checks the chapters and devices it names exist in
    /// the plan, re-plans, saves the mission file, and records an undo step.
    /// An edit that changes nothing records nothing. On an error nothing
    /// changed, on disk or in memory.
    pub fn apply(&mut self, e: &Edit) -> Result<()> {
        self.check_ids(e)?;
        let done = self.commit(|s, base| {
            let mut next = base.clone();
            edit::apply(&mut next, e)?;
            if let (Edit::Best { photo }, Some(c)) = (e, &s.report.curation) {
                // One best per group: the others lose theirs.
                if let Some(path) =
                    s.report.scan.photos.iter().map(|p| &p.path).find(|p| caption::photo_key(p) == *photo)
                {
                    curate::set_best(&mut next, c, path);
                }
            }
            Ok(next)
        })?;
        if let Some(before) = done {
            self.history.record(before, e.kind());
        }
        Ok(())
    }

    /// Whether the last edit found the mission file changed by someone else
    /// (another window, `recap edit`, a hand edit) and was applied on top of
    /// their changes; reading it clears it. The undo history is cleared then:
    /// its snapshots predate the other edits, and undoing to them would lose
    /// them.
    pub fn take_reloaded(&mut self) -> bool {
        std::mem::take(&mut self.reloaded)
    }

    /// The earlier versions of the mission file, newest first
    /// ([`crate::mission::versions`]); none without a file.
    pub fn versions(&self) -> Vec<crate::mission::Version> {
        self.mission_path.as_deref().map(crate::mission::versions).unwrap_or_default()
    }

    /// Puts version `number` of the mission file back ([`crate::mission::restore`])
    /// and re-plans with it. One undo step.
    pub fn restore(&mut self, number: usize) -> Result<()> {
        let Some(path) = self.mission_path.clone() else {
            return Err(SessionError::Invalid("this trip has no mission file to restore".into()));
        };
        let restored = self.resolved(&crate::mission::restore(&path, number)?);
        crate::people::apply(&mut self.report.scan, &restored.people);
        let (plan, warnings) = match pipeline::replan(&self.report.scan, &restored, Some(&path)) {
            Ok(planned) => planned,
            Err(e) => {
                crate::people::apply(&mut self.report.scan, &self.mission.people);
                return Err(e.into());
            }
        };
        // Unknown: the next save reads the file and compares its content.
        self.stamp = None;
        self.report.plan = plan;
        self.report.agenda_warnings = warnings;
        if let Some(features) = &self.features {
            pipeline::curate_report(&mut self.report, features, &restored);
        }
        let before = std::mem::replace(&mut self.mission, restored);
        self.history.record(before, "restore");
        Ok(())
    }

    /// Proposes `n` photos for the album ([`curate::select`]) and picks
    /// them; with `replace`, the picks made before are dropped first,
    /// otherwise they count towards `n`. One undo step.
    pub fn select(&mut self, n: usize, replace: bool) -> Result<usize> {
        let Some(curation) = &self.report.curation else {
            return Err(SessionError::NotReady("the photos are still being compared; try again in a moment".into()));
        };
        let selection = Selection::propose(&self.report, curation, &self.mission, n, replace);
        let done = self.commit(|_, base| {
            // On the file's content when someone else changed it meanwhile.
            let mut next = base.clone();
            selection.apply(&mut next);
            Ok(next)
        })?;
        if let Some(before) = done {
            self.history.record(before, "select");
        }
        Ok(selection.chosen.len())
    }

    /// Goes back one edit (nothing when there is none).
    pub fn undo(&mut self) -> Result<()> {
        let Some(target) = self.history.undo_target().cloned() else { return Ok(()) };
        // Going back to a snapshot over someone else's edits would lose them:
        // then the session takes the file as it is and undoes nothing.
        let shown = std::mem::take(&mut self.reloaded);
        let done = self.commit(|s, base| Ok(if *base == s.mission { target } else { base.clone() }))?;
        if let (Some(before), false) = (done, self.reloaded) {
            self.history.undone(before);
        }
        self.reloaded |= shown;
        Ok(())
    }

    /// Goes forward one undone edit (nothing when there is none).
    pub fn redo(&mut self) -> Result<()> {
        let Some(target) = self.history.redo_target().cloned() else { return Ok(()) };
        let shown = std::mem::take(&mut self.reloaded);
        let done = self.commit(|s, base| Ok(if *base == s.mission { target } else { base.clone() }))?;
        if let (Some(before), false) = (done, self.reloaded) {
            self.history.redone(before);
        }
        self.reloaded |= shown;
        Ok(())
    }

    /// Makes `change(base)` the mission: plans with it, saves it under the
    /// file's lock, and returns the mission it replaced (`None`: nothing
    /// changed). `base` is the session's mission, or the file's content when
    /// another process changed the file since this session last read or
    /// wrote it: the change is then made on top of theirs, nothing of
    /// theirs is lost, the undo history (older than their edits) is cleared
    /// and [`Session::take_reloaded`] says so. Nothing changes, on disk or in
    /// memory, unless planning and saving both worked.
    fn commit(&mut self, change: impl FnOnce(&Session, &Mission) -> Result<Mission>) -> Result<Option<Mission>> {
        let locked = match &self.mission_path {
            Some(path) => Some(crate::mission::lock(path)?),
            None => None,
        };
        let on_disk = match &locked {
            Some(l) if l.stamp().is_some() && l.stamp() != self.stamp => Some(self.resolved(&l.load()?)),
            _ => None,
        };
        let reloaded = on_disk.as_ref().is_some_and(|m| *m != self.mission);
        let base = on_disk.unwrap_or_else(|| self.mission.clone());
        let next = change(self, &base)?;
        if next == self.mission {
            self.stamp = locked.as_ref().and_then(|l| l.stamp()).or(self.stamp);
            return Ok(None);
        }
        // A link or unlink gives photos to someone else: the plan and
        // curation see them as the new mission says, and as before on error.
        crate::people::apply(&mut self.report.scan, &next.people);
        let planned = pipeline::replan(&self.report.scan, &next, self.mission_path.as_deref()).map_err(Into::into);
        let changed = next != base;
        let saved = planned.and_then(|planned| match &locked {
            Some(l) if changed => Ok((planned, Some(l.save(&self.stored(&next))?))),
            Some(l) => Ok((planned, l.stamp())),
            None => Ok((planned, self.stamp)),
        });
        let ((plan, warnings), stamp) = match saved {
            Ok(done) => done,
            Err(e) => {
                crate::people::apply(&mut self.report.scan, &self.mission.people);
                return Err(e);
            }
        };
        self.stamp = stamp;
        drop(locked);
        self.report.plan = plan;
        self.report.agenda_warnings = warnings;
        if let Some(features) = &self.features {
            pipeline::curate_report(&mut self.report, features, &next);
        }
        if reloaded {
            self.history = History::new();
            self.reloaded = true;
        }
        self.mission = next;
        Ok(changed.then_some(base))
    }

    /// A mission as read from its file, with its photo keys matched to this
    /// session's scan ([`pipeline::resolve_mission`]).
    fn resolved(&self, m: &Mission) -> Mission {
        pipeline::resolve_mission(m, self.mission_path.as_deref(), &self.roots, &self.report.scan).0
    }

    /// The session's mission as its file stores it ([`pipeline::portable_mission`]).
    fn stored(&self, m: &Mission) -> Mission {
        pipeline::portable_mission(m, self.mission_path.as_deref(), &self.roots)
    }

    fn check_ids(&self, e: &Edit) -> Result<()> {
        let plan = &self.report.plan;
        let chapter = |id: &String| {
            if plan.chapters.iter().any(|c| &c.id == id) {
                Ok(())
            } else {
                Err(SessionError::NotFound(format!("no chapter {id:?} in the plan")))
            }
        };
        match e {
            Edit::Clock { device, .. } if !plan.devices.iter().any(|d| &d.key == device) => {
                return Err(SessionError::NotFound(format!("no device {device:?} in the plan")));
            }
            Edit::Rename { chapter: id, .. } | Edit::Intro { chapter: id, .. } | Edit::Move { chapter: id, .. } => {
                chapter(id)?;
            }
            Edit::Merge { chapters } | Edit::Order { chapters } => {
                for id in chapters {
                    chapter(id)?;
                }
            }
            Edit::PersonLink { folder, to } => {
                let folders = crate::people::folders(&self.report.scan);
                if !folders.contains(folder.trim()) {
                    return Err(SessionError::NotFound(format!("no folder {folder:?} in this trip")));
                }
                let to = to.trim();
                if !folders.contains(to) && !self.mission.people.delegates.iter().any(|d| d == to) {
                    return Err(SessionError::NotFound(format!("no one called {to:?} in this trip")));
                }
            }
            Edit::PersonAdd { name } if crate::people::folders(&self.report.scan).contains(name.trim()) => {
                return Err(SessionError::Invalid(format!("{} is already in the Bottin", name.trim())));
            }
            Edit::Participant { folder, .. } => {
                let known =
                    self.report.scan.photos.iter().chain(&self.report.scan.videos).any(|p| &p.contributor == folder)
                        || self.mission.participants.contains_key(folder);
                if !known {
                    return Err(SessionError::NotFound(format!("no participant {folder:?} in this trip")));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What the app shows beyond the plan, with captions in `lang`.
    pub fn view(&self, lang: Lang) -> TripView {
        view(&self.report, &self.mission, lang)
    }

    /// The trip's album in `lang`: what the app shows of each chapter and photo.
    pub fn album(&self, lang: Lang) -> crate::album::Album<'_> {
        album(&self.report, &self.mission, lang)
    }

    /// Each photo's camera, clock and zone, beside the album.
    pub fn details(&self) -> Details<'_> {
        Details::new(&self.report)
    }

    /// Every contributor found, by folder (linked folders under their person).
    pub fn participants(&self) -> Vec<Participant> {
        participants(&self.report, &self.mission)
    }

    /// The Bottin: the participants, then folders linked to one of them and
    /// delegates who sent no photo ([`people`]).
    pub fn people(&self) -> Vec<Participant> {
        people(&self.report, &self.mission)
    }

    /// A copy of what an export needs, so it can run while the session is
    /// edited (the export then shows the trip as it was when it started).
    pub fn export_job(&self) -> ExportJob {
        ExportJob {
            report: self.report.clone(),
            mission: self.mission.clone(),
            roots: self.roots.clone(),
            keep_gps: None,
        }
    }
}

/// The slow half of curating a session's trip ([`Session::curation_job`]).
pub struct CurationJob {
    photos: Vec<PhotoMeta>,
    cache_dir: PathBuf,
}

impl CurationJob {
    /// Computes the photos' features on `threads` threads (`None`: the
    /// global pool, one per core). A front end passes fewer than the cores
    /// so that the thumbnails on screen keep coming while it runs.
    pub fn run(&self, threads: Option<usize>, progress: Progress, cancel: &Cancel) -> Result<curate::FeatureSet> {
        let work = || curate::features(&self.photos, &self.cache_dir, progress, cancel);
        let set = match threads {
            None => work()?,
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .thread_name(|i| format!("recap-curate-{i}"))
                .build()
                .map_err(|e| Error::Invalid(format!("cannot start the curation threads: {e}")))?
                .install(work)?,
        };
        Ok(set)
    }
}

/// Photos proposed for the album, and how they go into a mission: the one
/// selection behind [`Session::select`] and `recap curate --select`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// In album order ([`curate::select`]).
    pub chosen: Vec<PathBuf>,
    /// The picks made before are dropped rather than counted towards N.
    pub replace: bool,
}

impl Selection {
    /// Proposes `n` photos for `mission`'s trip; without `replace`, its
    /// picks are kept and count towards `n`.
    pub fn propose(
        report: &PlanReport,
        curation: &curate::Curation,
        mission: &Mission,
        n: usize,
        replace: bool,
    ) -> Self {
        let chosen = if replace {
            let mut fresh = mission.clone();
            drop_picks(&mut fresh);
            curate::select(&report.scan, &report.plan, curation, &fresh, n)
        } else {
            curate::select(&report.scan, &report.plan, curation, mission, n)
        };
        Selection { chosen, replace }
    }

    /// Writes the selection as picks into `mission`: the one it was proposed
    /// on, or the file's content as it is now (another edit made meanwhile
    /// is kept).
    pub fn apply(&self, mission: &mut Mission) {
        if self.replace {
            drop_picks(mission);
        }
        for p in &self.chosen {
            mission.set_pick(&caption::photo_key(p), Some(crate::mission::PickState::Pick));
        }
    }
}

/// Forgets every pick; rejections, stars and best-shot choices stay.
fn drop_picks(mission: &mut Mission) {
    let picked: Vec<String> = mission.picks.iter().filter(|(_, p)| p.is_pick()).map(|(k, _)| k.clone()).collect();
    for k in picked {
        mission.set_pick(&k, None);
    }
}

/// An export of the session's trip ([`Session::export_job`]).
pub struct ExportJob {
    report: PlanReport,
    mission: Mission,
    roots: Vec<PathBuf>,
    keep_gps: Option<bool>,
}

impl ExportJob {
    /// Keep (`true`) or strip (`false`) the photos' GPS in what goes out;
    /// `None`: the preset's default ([`Preset::keeps_gps_by_default`]).
    pub fn keep_gps(mut self, keep: Option<bool>) -> Self {
        self.keep_gps = keep;
        self
    }

    /// Exports with the mission's captions and templates. `out` must be
    /// absolute and outside every source folder.
    pub fn run(
        &self,
        preset: Preset,
        out: &Path,
        lang: Lang,
        progress: Progress,
        cancel: &Cancel,
    ) -> Result<ExportReport> {
        if !out.is_absolute() {
            return Err(SessionError::Invalid(format!("{} is not an absolute path", out.display())));
        }
        // Picks whose photo is gone would make an album that looks complete.
        pipeline::check_picks(&self.mission, &self.report.scan)?;
        let mut opts = ExportOptions::new(preset, out);
        opts.lang = lang;
        opts.keep_gps = self.keep_gps;
        // The export itself refuses a folder inside a source; the app shows
        // that refusal with the folder it names.
        export::export(&self.report, &self.mission, &self.roots, &opts, progress, cancel).map_err(|e| {
            match (e.code(), crate::paths::inside(out, &self.roots)) {
                (export::INSIDE_SOURCE, Some(s)) => {
                    SessionError::InsideSource { path: out.to_path_buf(), source_folder: s.to_path_buf() }
                }
                _ => e.into(),
            }
        })
    }
}

/// Refuses `path` when it is one of `sources` or inside one
/// ([`crate::paths::inside`]).
pub fn check_outside(path: &Path, sources: &[PathBuf]) -> Result<()> {
    match crate::paths::inside(path, sources) {
        Some(s) => Err(SessionError::InsideSource { path: path.to_path_buf(), source_folder: s.to_path_buf() }),
        None => Ok(()),
    }
}

/// A mission path the app may open: an existing `*.toml` file, made absolute.
pub fn check_mission_path(path: &Path) -> Result<PathBuf> {
    let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if !is_toml {
        return Err(SessionError::Invalid(format!("{} is not a mission file (.toml)", path.display())));
    }
    if !path.is_file() {
        return Err(SessionError::NotFound(format!("{}: no such mission file", path.display())));
    }
    Ok(crate::mission::absolute(path))
}

/// `<dir>/<slug>.recap.toml`, with `-2`, `-3`… when taken.
pub fn new_mission_path(dir: &Path, name: &str) -> PathBuf {
    let mut slug: String = crate::plan::slug(name).chars().take(60).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug = "mission".into();
    }
    let candidate = |n: usize| {
        let stem = if n == 1 { slug.clone() } else { format!("{slug}-{n}") };
        dir.join(format!("{stem}.recap.toml"))
    };
    (1..).map(candidate).find(|p| !p.exists()).unwrap_or_else(|| candidate(1))
}

/// `<cache>/demo-mission.toml` and its photos in `<cache>/demo-mission`,
/// written on first use. The demo writes its mission file last, so one that
/// loads means the demo is complete (and keeps the user's edits across
/// restarts); anything else is written again.
pub fn ensure_demo(cache_dir: &Path) -> Result<(Mission, PathBuf)> {
    let mission_path = cache_dir.join("demo-mission.toml");
    if let Ok(mission) = Mission::load(&mission_path) {
        return Ok((mission, mission_path));
    }
    let mission = crate::demo::write_demo_mission(&cache_dir.join("demo-mission"), &mission_path)?;
    Ok((mission, mission_path))
}

/// Contributor key → number of photos (videos count as 0 but are listed).
fn contributors(scan: &ScanReport) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for p in &scan.photos {
        *out.entry(p.contributor.clone()).or_default() += 1;
    }
    for v in &scan.videos {
        out.entry(v.contributor.clone()).or_default();
    }
    out
}

/// What the app shows beyond the plan.
#[derive(Debug, Clone)]
pub struct TripView {
    /// Planned photos by path.
    pub photos: HashMap<PathBuf, PhotoView>,
    /// Every contributor found, by folder.
    pub participants: Vec<Participant>,
    /// The current caption templates (the default where not chosen).
    pub template_fr: String,
    pub template_en: String,
    /// Chapter id → its introductions and picks.
    pub chapters: HashMap<String, ChapterView>,
}

#[derive(Debug, Clone)]
pub struct PhotoView {
    /// Index in the scan's photos (the app's photo id).
    pub id: usize,
    /// The caption an export in the view's language writes.
    pub caption: Caption,
    /// Its camera, clock and zone.
    pub details: PhotoDetails,
    pub pick: Option<Pick>,
    /// Its duplicate or burst group, when it has one.
    pub group: Option<crate::album::GroupFacts>,
    /// Everyone who had this exact photo (its own contributor first).
    pub contributors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// The contributor key (the folder's name, or a delegate's name).
    pub folder: String,
    pub name: String,
    pub photos: usize,
    /// The person this folder is linked to ([`Mission::people`]): its photos
    /// are counted there.
    pub linked_to: Option<String>,
    /// Added by hand, with no photo of their own folder.
    pub delegate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterView {
    pub intro_fr: String,
    pub intro_en: String,
    pub intro_fr_edited: bool,
    pub intro_en_edited: bool,
    /// Photos picked in it.
    pub picks: usize,
}

/// "Canon EOS 80D" rather than "Canon Canon EOS 80D".
pub fn camera_name(make: Option<&str>, model: Option<&str>) -> Option<String> {
    let make = make.map(str::trim).filter(|s| !s.is_empty());
    let model = model.map(str::trim).filter(|s| !s.is_empty());
    match (make, model) {
        (Some(make), Some(model)) if model.to_lowercase().starts_with(&make.to_lowercase()) => Some(model.to_string()),
        (Some(make), Some(model)) => Some(format!("{make} {model}")),
        (one, other) => one.or(other).map(str::to_string),
    }
}

/// The album of a planned trip in `lang` ([`crate::album`]): what every
/// reader shows, computed once.
pub fn album<'a>(report: &'a PlanReport, mission: &Mission, lang: Lang) -> crate::album::Album<'a> {
    // A caption keyed by another spelling of the path (a root given
    // through a link) is found as an export finds it.
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let src =
        crate::album::Source { plan: &report.plan, photos: &report.scan.photos, curation: report.curation.as_ref() };
    let settings = crate::album::Settings { lang, template: None, respell: Some(&canonical) };
    crate::album::Album::build(src, mission, &settings)
}

/// What the app shows of a photo beyond the album: its camera, clock and
/// zone. Zones of places are looked up once per 0.01°.
pub struct Details<'a> {
    report: &'a PlanReport,
    offsets: HashMap<&'a str, i32>,
    trip_tz: Option<chrono_tz::Tz>,
    zones: HashMap<(i64, i64), Option<chrono_tz::Tz>>,
}

/// A photo's camera, clock and zone, as the app shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoDetails {
    /// "Canon EOS 80D", "Apple iPhone 7".
    pub camera: Option<String>,
    /// The camera's own reading.
    pub original_time: Option<NaiveDateTime>,
    /// The correction applied to its device's clock.
    pub offset_minutes: i32,
    /// IANA zone of its local time.
    pub zone: String,
    /// Upright size, when known.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl<'a> Details<'a> {
    pub fn new(report: &'a PlanReport) -> Self {
        Details {
            report,
            offsets: report.plan.devices.iter().map(|d| (d.key.as_str(), d.offset_minutes)).collect(),
            trip_tz: report.plan.trip_zone.parse().ok(),
            zones: HashMap::new(),
        }
    }

    pub fn of(&mut self, meta: &PhotoMeta, p: &crate::plan::PlannedPhoto) -> PhotoDetails {
        let (w, h) = match meta.orientation {
            Some(5..=8) => (meta.height, meta.width),
            _ => (meta.width, meta.height),
        };
        // The trip's zone when it explains the offset; else the zone of
        // where it was taken.
        let offset = p.local_time.offset().fix();
        let in_trip = self.trip_tz.is_some_and(|tz| tz.offset_from_utc_datetime(&p.utc.naive_utc()).fix() == offset);
        let zone = match (in_trip, p.place.lat.zip(p.place.lon)) {
            (false, Some((lat, lon))) => *self
                .zones
                .entry(((lat * 100.0).round() as i64, (lon * 100.0).round() as i64))
                .or_insert_with(|| crate::geo::timezone(lat, lon)),
            _ => self.trip_tz,
        };
        PhotoDetails {
            camera: camera_name(meta.make.as_deref(), meta.model.as_deref()),
            original_time: meta.datetime_original,
            offset_minutes: self.offsets.get(p.device.as_str()).copied().unwrap_or(0),
            zone: zone.map_or_else(|| self.report.plan.trip_zone.clone(), |z| z.name().to_string()),
            width: w,
            height: h,
        }
    }
}

/// Every contributor found, by folder, with the mission's display name:
/// who sent photos (a linked folder's under its person's key).
pub fn participants(report: &PlanReport, mission: &Mission) -> Vec<Participant> {
    let counts = contributors(&report.scan);
    people(report, mission).into_iter().filter(|p| counts.contains_key(&p.folder) && p.linked_to.is_none()).collect()
}

/// Who was there: [`participants`], then the folders linked to one of them
/// (with their own photo count), and the delegates added by hand who have
/// no photo.
pub fn people(report: &PlanReport, mission: &Mission) -> Vec<Participant> {
    let counts = contributors(&report.scan);
    let person = |folder: String, photos: usize, linked_to: Option<String>, delegate: bool| Participant {
        name: mission.display_name(&folder).to_string(),
        folder,
        photos,
        linked_to,
        delegate,
    };
    let mut linked: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, folder) in &report.scan.linked_from {
        let is_photo = report.scan.photos.binary_search_by(|p| p.path.as_path().cmp(path)).is_ok();
        *linked.entry(folder.as_str()).or_default() += usize::from(is_photo);
    }
    let delegates = &mission.people.delegates;
    let mut out: Vec<Participant> =
        counts.iter().map(|(folder, n)| person(folder.clone(), *n, None, delegates.contains(folder))).collect();
    for (folder, n) in linked {
        let to = crate::people::person_of(&mission.people, folder).to_string();
        out.push(person(folder.to_string(), n, Some(to), false));
    }
    for d in delegates.iter().filter(|d| !counts.contains_key(*d)) {
        out.push(person(d.clone(), 0, None, true));
    }
    out
}

/// The view of a planned trip: see [`TripView`].
pub fn view(report: &PlanReport, mission: &Mission, lang: Lang) -> TripView {
    let album = album(report, mission, lang);
    let mut details = Details::new(report);
    let mut photos = HashMap::new();
    for p in album.photos() {
        let (Some(id), Some(meta)) = (p.id, p.meta) else { continue };
        photos.insert(
            p.planned.path.clone(),
            PhotoView {
                id,
                caption: p.caption.clone(),
                details: details.of(meta, p.planned),
                pick: p.pick,
                group: p.group.clone(),
                contributors: p.contributors.clone(),
            },
        );
    }
    let chapters = album
        .chapters
        .iter()
        .map(|c| {
            let i = &c.intro;
            let v = ChapterView {
                intro_fr: i.fr.clone(),
                intro_en: i.en.clone(),
                intro_fr_edited: i.fr_edited,
                intro_en_edited: i.en_edited,
                picks: c.picks,
            };
            (c.chapter.id.clone(), v)
        })
        .collect();
    TripView {
        photos,
        participants: participants(report, mission),
        template_fr: caption::template_for(mission, Lang::Fr).0,
        template_en: caption::template_for(mission, Lang::En).0,
        chapters,
    }
}
