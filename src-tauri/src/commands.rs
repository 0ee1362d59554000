//! The commands the web view may call. Each one: parse arguments, call the
//! core off the async runtime (`spawn_blocking`: scans, saves and exports do
//! blocking I/O), map the result to a wire type. No domain logic here: the
//! open mission, its edits and undo live in `recap::session`.

use crate::ipc::{
    parse_lang, CaptionPreviewWire, EditWire, EvidenceWire, ExportWire, IpcError, LaunchWire, ProgressWire, RecentWire,
    StoryWire, TripWire, VersionWire,
};
use recap::lang::Lang;
use recap::progress::{Progress, ProgressEvent};
use recap::render::{PhotoRef, Thumbnailer};
use recap::session::Session;
use recap::Cancel;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, RwLock};
use std::time::{Duration, Instant};
use tauri::async_runtime::spawn_blocking;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use tauri_plugin_opener::OpenerExt;

/// Shared by all commands (Tauri managed state).
pub struct AppState {
    /// The cancel flag of each running job (scan, export), by job number.
    jobs: Mutex<HashMap<u64, Cancel>>,
    next_job: AtomicU64,
    launch: LaunchWire,
    /// `RECAP_CACHE_DIR`, read once at startup (tests isolate themselves with it).
    cache_override: Option<PathBuf>,
    /// The photos the `thumb` scheme may serve: those of the trip on screen.
    pub(crate) photos: RwLock<PhotoTable>,
    /// Started on the first thumbnail request.
    pub(crate) thumbnailer: OnceLock<Thumbnailer>,
    /// The open mission, its scanned photos, plan and undo history.
    pub(crate) session: Mutex<Option<Session>>,
    /// The language of captions in `TripWire`.
    lang: Mutex<Lang>,
    /// Folders this run exported to: the only ones `open_folder` opens.
    exported: Mutex<HashSet<PathBuf>>,
    /// The running background curation's cancel flag: opening another
    /// trip stops it.
    curation: Mutex<Option<Cancel>>,
}

/// The photos of the trip on screen, numbered for the `thumb` scheme. The
/// scheme serves these and nothing else: the web view cannot name a path.
#[derive(Default)]
pub(crate) struct PhotoTable {
    pub generation: u64,
    pub photos: Vec<PhotoRef>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running job's cancel flag, dropped from the registry when it ends.
struct Job<'a> {
    state: &'a AppState,
    id: u64,
    cancel: Cancel,
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        lock(&self.state.jobs).remove(&self.id);
    }
}

impl AppState {
    pub fn new(launch: LaunchWire, cache_override: Option<PathBuf>) -> Self {
        Self {
            jobs: Mutex::new(HashMap::new()),
            next_job: AtomicU64::new(0),
            launch,
            cache_override,
            photos: RwLock::new(PhotoTable::default()),
            thumbnailer: OnceLock::new(),
            session: Mutex::new(None),
            lang: Mutex::new(Lang::Fr),
            exported: Mutex::new(HashSet::new()),
            curation: Mutex::new(None),
        }
    }

    pub(crate) fn cache_dir<R: tauri::Runtime>(&self, app: &AppHandle<R>) -> Result<PathBuf, IpcError> {
        match &self.cache_override {
            Some(dir) => Ok(dir.clone()),
            None => app.path().app_cache_dir().map_err(|e| IpcError::new("no_cache_dir", e.to_string())),
        }
    }

    /// Where new mission files go unless the user chose a folder: the
    /// user's documents (`<Documents>/Recap`, see
    /// [`recap::recent::default_missions_dir`]), never the cache folder,
    /// even when RECAP_CACHE_DIR moves the cache: clearing a cache must
    /// never delete the user's work. (Tests give the app its own HOME.)
    fn missions_dir<R: tauri::Runtime>(&self, app: &AppHandle<R>) -> Result<PathBuf, IpcError> {
        recap::recent::default_missions_dir().map_or_else(
            || {
                app.path()
                    .document_dir()
                    .map(|d| d.join("Recap"))
                    .map_err(|e| IpcError::new("no_data_dir", e.to_string()))
            },
            Ok,
        )
    }

    /// Registers a new job; `cancel_scan` cancels every running one.
    fn job(&self) -> Job<'_> {
        let id = self.next_job.fetch_add(1, Ordering::Relaxed);
        let cancel = Cancel::new();
        lock(&self.jobs).insert(id, cancel.clone());
        Job { state: self, id, cancel }
    }

    fn lang(&self) -> Lang {
        *lock(&self.lang)
    }

    /// Makes `session` the open one, with a new thumbnail table, and returns its trip.
    fn install(&self, session: Session) -> TripWire {
        if let Some(running) = lock(&self.curation).take() {
            running.cancel();
        }
        let photos: Vec<PhotoRef> = session.report().scan.photos.iter().map(PhotoRef::from).collect();
        let mut current = lock(&self.session);
        let generation = {
            let mut table = self.photos.write().unwrap_or_else(|p| p.into_inner());
            table.generation += 1;
            table.photos = photos;
            table.generation
        };
        let trip = TripWire::from_session(&session, generation, self.lang());
        *current = Some(session);
        trip
    }

    /// The open session's trip as it is now.
    fn trip_of(&self, session: &Session) -> TripWire {
        let generation = self.photos.read().unwrap_or_else(|p| p.into_inner()).generation;
        TripWire::from_session(session, generation, self.lang())
    }

    /// Runs `f` on the open session, then returns its trip.
    fn with_session(
        &self,
        f: impl FnOnce(&mut Session) -> Result<(), recap::session::SessionError>,
    ) -> Result<TripWire, IpcError> {
        let mut guard = lock(&self.session);
        let session = guard.as_mut().ok_or_else(no_mission)?;
        f(session)?;
        Ok(self.answer(session))
    }

    /// The trip after a change, saying whether the mission file had to be
    /// reloaded for it.
    fn answer(&self, session: &mut Session) -> TripWire {
        let reloaded = session.take_reloaded();
        TripWire { reloaded, ..self.trip_of(session) }
    }
}

fn no_mission() -> IpcError {
    IpcError::new("no_mission", "no mission is open")
}

fn join_error(e: impl std::fmt::Display) -> IpcError {
    IpcError::internal(e)
}

#[tauri::command]
pub fn launch_options(state: State<'_, AppState>) -> LaunchWire {
    state.launch.clone()
}

/// Where a new mission's file goes unless the user picks another folder,
/// shown in the new-mission form.
#[tauri::command]
pub fn default_missions_dir<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<String, IpcError> {
    Ok(state.missions_dir(&app)?.display().to_string())
}

/// Cancels every running job: a scan or an export.
#[tauri::command]
pub fn cancel_scan(state: State<'_, AppState>) {
    for cancel in lock(&state.jobs).values() {
        cancel.cancel();
    }
}

/// Writes the built-in demo mission into the cache (once), then scans and
/// plans it. Its edits are kept in its mission file across restarts.
#[tauri::command]
pub async fn open_demo<R: Runtime>(
    app: AppHandle<R>,
    on_progress: Channel<ProgressWire>,
) -> Result<TripWire, IpcError> {
    open_session(app, on_progress, |cache_dir, progress, cancel| {
        let (mission, path) = recap::session::ensure_demo(cache_dir)?;
        Ok(Session::start(mission, Some(path), Vec::new(), cache_dir, progress, cancel)?)
    })
    .await
}

/// Every way of opening a trip: `start` runs off the async runtime as a
/// job `cancel_scan` stops, its progress throttled to the web view; the
/// mission goes to the top of the recent list and the session becomes the
/// open one, its photos the `thumb:` scheme's table.
async fn open_session<R: Runtime>(
    app: AppHandle<R>,
    on_progress: Channel<ProgressWire>,
    start: impl FnOnce(&Path, Progress<'_>, &Cancel) -> Result<Session, IpcError> + Send + 'static,
) -> Result<TripWire, IpcError> {
    let cache_dir = app.state::<AppState>().cache_dir(&app)?;
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let job = state.job();
        let sink = Throttled::new(&on_progress);
        let session = start(&cache_dir, &|ev| sink.send(ev), &job.cancel)?;
        // Best effort: a list that cannot be written does not stop the mission from opening.
        if let Some(path) = session.mission_path() {
            let _ = recap::recent::record_now(&cache_dir, path, &session.mission().name);
        }
        Ok(state.install(session))
    })
    .await
    .map_err(join_error)?
}

/// A native file dialog over `window`, titled `title` when given.
fn dialog<R: Runtime>(app: &AppHandle<R>, window: &WebviewWindow<R>, title: Option<String>) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file().set_parent(window);
    match title {
        Some(title) => dialog.set_title(title),
        None => dialog,
    }
}

/// The native multi-folder picker. Opened from Rust so the web view needs no
/// dialog permission; empty when the user cancels.
#[tauri::command]
pub async fn pick_folders<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    title: Option<String>,
) -> Result<Vec<String>, IpcError> {
    // The blocking dialog API must not run on the main (event loop) thread.
    let picked =
        spawn_blocking(move || dialog(&app, &window, title).blocking_pick_folders()).await.map_err(join_error)?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

/// One file from a native open dialog filtered on `extensions`.
async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    title: Option<String>,
    filter: (&'static str, &'static [&'static str]),
) -> Result<Option<String>, IpcError> {
    let picked =
        spawn_blocking(move || dialog(&app, &window, title).add_filter(filter.0, filter.1).blocking_pick_file())
            .await
            .map_err(join_error)?;
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// The missions opened lately, newest first.
#[tauri::command]
pub async fn recent_missions<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<RecentWire>, IpcError> {
    let cache_dir = state.cache_dir(&app)?;
    spawn_blocking(move || recap::recent::load(&cache_dir).iter().map(RecentWire::from).collect())
        .await
        .map_err(join_error)
}

/// A native open dialog for a mission file (`*.toml`); null when cancelled.
#[tauri::command]
pub async fn pick_mission_file<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    title: Option<String>,
) -> Result<Option<String>, IpcError> {
    pick_file(app, window, title, ("Mission", &["toml"])).await
}

/// A native open dialog for the organizers' programme (`*.ics`); null when cancelled.
#[tauri::command]
pub async fn pick_agenda_file<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    title: Option<String>,
) -> Result<Option<String>, IpcError> {
    pick_file(app, window, title, ("iCalendar", &["ics"])).await
}

/// A native folder dialog for an export's destination; null when cancelled.
#[tauri::command]
pub async fn pick_export_folder<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    title: Option<String>,
) -> Result<Option<String>, IpcError> {
    let picked =
        spawn_blocking(move || dialog(&app, &window, title).blocking_pick_folder()).await.map_err(join_error)?;
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Opens a mission file (an existing `*.toml`), scans its sources and plans it.
#[tauri::command]
pub async fn open_mission<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    on_progress: Channel<ProgressWire>,
) -> Result<TripWire, IpcError> {
    open_session(app, on_progress, move |cache_dir, progress, cancel| {
        Ok(Session::open(Path::new(&path), cache_dir, progress, cancel)?)
    })
    .await
}

/// The photo folders of the mission file at `path` that are missing (moved
/// to another drive, renamed): what the app asks the user to point at their
/// new place before opening it. Empty when all are there.
#[tauri::command]
pub async fn missing_sources(path: String) -> Result<Vec<String>, IpcError> {
    spawn_blocking(move || {
        let path = PathBuf::from(path);
        let mission = recap::mission::Mission::load(&path)?;
        Ok(recap::identity::missing_sources(&mission, &path)
            .into_iter()
            .map(|(_, p)| p.display().to_string())
            .collect())
    })
    .await
    .map_err(join_error)?
}

/// Points the photo folder `old` of the mission file at `path` to `new`
/// (`recap edit relocate`): captions, picks and chapter edits follow the
/// photos. Returns what changed, for people.
#[tauri::command]
pub async fn relocate_source(path: String, old: String, new: String) -> Result<String, IpcError> {
    spawn_blocking(move || {
        let path = PathBuf::from(path);
        let (done, _) = recap::identity::update(&path, |m| {
            recap::identity::relocate(m, &path, Path::new(&old), Path::new(&new))
                .map_err(|e| IpcError::new("invalid", e))
        })?;
        Ok(done)
    })
    .await
    .map_err(join_error)?
}

/// A new mission over `folders`, its file in `dir` (absolute) or, by
/// default, in the user's documents (`<Documents>/Recap`).
#[tauri::command]
pub async fn create_mission<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    folders: Vec<String>,
    dir: Option<String>,
    on_progress: Channel<ProgressWire>,
) -> Result<TripWire, IpcError> {
    // The folder the user chose, else the default in their documents.
    let missions_dir = match dir.filter(|d| !d.trim().is_empty()).map(PathBuf::from) {
        Some(d) if d.is_absolute() => d,
        Some(d) => return Err(IpcError::new("invalid", format!("{} is not an absolute path", d.display()))),
        None => state.missions_dir(&app)?,
    };
    let folders: Vec<PathBuf> = folders.into_iter().map(PathBuf::from).collect();
    open_session(app, on_progress, move |cache_dir, progress, cancel| {
        Ok(Session::create(&name, &folders, &missions_dir, cache_dir, progress, cancel)?)
    })
    .await
}

/// The open trip, or null (after a reload of the web view, say).
#[tauri::command]
pub async fn trip<R: Runtime>(app: AppHandle<R>) -> Result<Option<TripWire>, IpcError> {
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let guard = lock(&state.session);
        guard.as_ref().map(|s| state.trip_of(s))
    })
    .await
    .map_err(join_error)
}

/// Applies one edit: saved in the mission file, re-planned without a
/// rescan, undoable.
#[tauri::command]
pub async fn edit<R: Runtime>(app: AppHandle<R>, edit: EditWire) -> Result<TripWire, IpcError> {
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut guard = lock(&state.session);
        let session = guard.as_mut().ok_or_else(no_mission)?;
        let edit = edit.into_edit(|id| session.photo_key(id).map_err(IpcError::from))?;
        session.apply(&edit)?;
        Ok(state.answer(session))
    })
    .await
    .map_err(join_error)?
}

#[tauri::command]
pub async fn undo<R: Runtime>(app: AppHandle<R>) -> Result<TripWire, IpcError> {
    spawn_blocking(move || app.state::<AppState>().with_session(Session::undo)).await.map_err(join_error)?
}

#[tauri::command]
pub async fn redo<R: Runtime>(app: AppHandle<R>) -> Result<TripWire, IpcError> {
    spawn_blocking(move || app.state::<AppState>().with_session(Session::redo)).await.map_err(join_error)?
}

/// The earlier versions of the open mission file Recap keeps, newest first.
#[tauri::command]
pub async fn mission_versions<R: Runtime>(app: AppHandle<R>) -> Result<Vec<VersionWire>, IpcError> {
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let guard = lock(&state.session);
        let session = guard.as_ref().ok_or_else(no_mission)?;
        Ok(session.versions().iter().map(VersionWire::from).collect())
    })
    .await
    .map_err(join_error)?
}

/// Puts version `number` of the mission file back (one undo step).
#[tauri::command]
pub async fn restore_version<R: Runtime>(app: AppHandle<R>, number: usize) -> Result<TripWire, IpcError> {
    spawn_blocking(move || app.state::<AppState>().with_session(|s| s.restore(number))).await.map_err(join_error)?
}

/// A few of `device`'s photos (4 unless `n` says, at most 24), each next to
/// the group's photo nearest in time at the device's current correction:
/// what the clocks tab shows to check a clock by eye. A device the trip does
/// not have is `not_found`.
#[tauri::command]
pub async fn clock_evidence<R: Runtime>(
    app: AppHandle<R>,
    device: String,
    n: Option<usize>,
) -> Result<Vec<EvidenceWire>, IpcError> {
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let guard = lock(&state.session);
        let session = guard.as_ref().ok_or_else(no_mission)?;
        let pairs = session.clock_evidence(&device, n.unwrap_or(4))?;
        let generation = state.photos.read().unwrap_or_else(|p| p.into_inner()).generation;
        Ok(EvidenceWire::list(session, pairs, &device, generation))
    })
    .await
    .map_err(join_error)?
}

/// The longest template the preview renders: a caption template is a line,
/// longer is a paste gone wrong.
const MAX_TEMPLATE_CHARS: usize = 2000;

/// The caption templates `fr` and `en` (an empty one: the default) tried on
/// photo `photo` of the open trip, else on the album's first photo: the
/// captions tab's live preview. Nothing is saved. `null` for a trip
/// without photos; a template longer than 2000 characters is `invalid`.
#[tauri::command]
pub async fn preview_caption<R: Runtime>(
    app: AppHandle<R>,
    photo: Option<usize>,
    fr: String,
    en: String,
) -> Result<Option<CaptionPreviewWire>, IpcError> {
    if fr.chars().count().max(en.chars().count()) > MAX_TEMPLATE_CHARS {
        return Err(IpcError::new("invalid", format!("a template is at most {MAX_TEMPLATE_CHARS} characters")));
    }
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let guard = lock(&state.session);
        let session = guard.as_ref().ok_or_else(no_mission)?;
        let template = |text: &str, lang| match text.trim() {
            "" => recap::caption::Template::default_for(lang),
            t => recap::caption::Template(t.to_owned()),
        };
        let (fr, en) = (template(&fr, Lang::Fr), template(&en, Lang::En));
        let album = session.album(state.lang());
        Ok(album.preview(session.mission(), photo, &fr, &en).as_ref().map(CaptionPreviewWire::from_preview))
    })
    .await
    .map_err(join_error)?
}

/// The open trip's story in `lang` (`fr` or `en`), as the story export
/// tells it: the Récit tab's preview, in either language whatever the
/// interface's. Nothing is saved.
#[tauri::command]
pub async fn story<R: Runtime>(app: AppHandle<R>, lang: String) -> Result<StoryWire, IpcError> {
    let lang = parse_lang(&lang)?;
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let guard = lock(&state.session);
        let session = guard.as_ref().ok_or_else(no_mission)?;
        let album = session.album(lang);
        let curation = session.report().curation.as_ref();
        let story = recap::story::build_curated(&album, session.mission(), lang, curation);
        let generation = state.photos.read().unwrap_or_else(|p| p.into_inner()).generation;
        Ok(StoryWire::new(&story, session.mission().story.cover.is_some(), generation))
    })
    .await
    .map_err(join_error)?
}

/// Captions in the trips returned from now on follow `lang` (`fr` or `en`).
#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, lang: String) -> Result<(), IpcError> {
    *lock(&state.lang) = parse_lang(&lang)?;
    Ok(())
}

/// Exports the open trip. `out` must be absolute and outside every source;
/// the export itself refuses a folder that holds anything but an earlier
/// export of the same preset.
#[tauri::command]
pub async fn export<R: Runtime>(
    app: AppHandle<R>,
    preset: String,
    out: String,
    lang: String,
    gps: Option<String>,
    on_progress: Channel<ProgressWire>,
) -> Result<ExportWire, IpcError> {
    let preset: recap::export::Preset = preset.parse().map_err(|e: String| IpcError::new("invalid", e))?;
    let lang = parse_lang(&lang)?;
    // Absent: the preset's default (kept in copies only).
    let keep_gps = match gps.as_deref() {
        None | Some("") => None,
        Some("keep") => Some(true),
        Some("strip") => Some(false),
        Some(other) => return Err(IpcError::new("invalid", format!("gps {other:?}: say keep or strip"))),
    };
    let out = PathBuf::from(out);
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let job = {
            let guard = lock(&state.session);
            guard.as_ref().ok_or_else(no_mission)?.export_job().keep_gps(keep_gps)
        };
        let running = state.job();
        let sink = Throttled::new(&on_progress);
        let started = Instant::now();
        let on = |ev: ProgressEvent| {
            // The core's own `done` would read as a scan's end.
            if !matches!(ev, ProgressEvent::Done { .. }) {
                sink.send(ev);
            }
        };
        let report = job.run(preset, &out, lang, &on, &running.cancel)?;
        let _ = on_progress
            .send(ProgressWire::Exported { written: report.written as u64, failed: report.failed.len() as u64 });
        let real = std::fs::canonicalize(&report.out).unwrap_or_else(|_| report.out.clone());
        lock(&state.exported).insert(real);
        Ok(ExportWire::new(&report, started.elapsed().as_secs_f64()))
    })
    .await
    .map_err(join_error)?
}

/// Opens a folder this run exported to in the system's file manager.
#[tauri::command]
pub async fn open_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), IpcError> {
    let real = std::fs::canonicalize(&path).map_err(|e| IpcError::new("not_found", format!("{path}: {e}")))?;
    if !lock(&state.exported).contains(&real) {
        return Err(IpcError::new("invalid", format!("{path} is not a folder Recap exported to")));
    }
    app.opener().open_path(real.display().to_string(), None::<String>).map_err(|e| IpcError::new("io", e.to_string()))
}

/// Curates the open trip (groups duplicates and bursts) in the background,
/// after it is shown: cold, this makes every grid thumbnail, so it runs on
/// one core fewer than the machine has and the thumbnails on screen keep
/// coming. `generation` is the trip's: the answer is `false` when another
/// trip was opened meanwhile (this one's work is then cancelled), `true`
/// once the open trip is curated; the web view then asks for the `trip`.
#[tauri::command]
pub async fn curate_trip<R: Runtime>(
    app: AppHandle<R>,
    generation: u64,
    on_progress: Channel<ProgressWire>,
) -> Result<bool, IpcError> {
    spawn_blocking(move || {
        let state = app.state::<AppState>();
        let current = || state.photos.read().unwrap_or_else(|p| p.into_inner()).generation;
        let cancel = Cancel::new();
        let job = {
            let guard = lock(&state.session);
            let session = guard.as_ref().ok_or_else(no_mission)?;
            if current() != generation {
                return Ok(false);
            }
            if session.is_curated() {
                return Ok(true);
            }
            if let Some(earlier) = lock(&state.curation).replace(cancel.clone()) {
                earlier.cancel();
            }
            session.curation_job()
        };
        let sink = Throttled::new(&on_progress);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
        let features = match job.run(Some(threads), &|ev| sink.send(ev), &cancel) {
            Err(e) if e.code() == "cancelled" => return Ok(false),
            other => other?,
        };
        let mut guard = lock(&state.session);
        let Some(session) = guard.as_mut() else { return Ok(false) };
        if current() != generation || cancel.is_cancelled() {
            return Ok(false);
        }
        session.attach_features(features);
        Ok(true)
    })
    .await
    .map_err(join_error)?
}

/// Picks a balanced selection of `n` photos (spread over chapters, days,
/// moments and photographers, one per group, best shots first); with
/// `replace`, earlier picks are dropped first. One undo step.
#[tauri::command]
pub async fn select_photos<R: Runtime>(
    app: AppHandle<R>,
    n: usize,
    replace: Option<bool>,
) -> Result<TripWire, IpcError> {
    spawn_blocking(move || app.state::<AppState>().with_session(|s| s.select(n, replace.unwrap_or(false)).map(|_| ())))
        .await
        .map_err(join_error)?
}

/// Forwards progress to the web view at most ~20 times a second: the core
/// may report every file, and each message costs an IPC round trip.
struct Throttled<'a> {
    channel: &'a Channel<ProgressWire>,
    last: Mutex<Option<Instant>>,
}

impl<'a> Throttled<'a> {
    const EVERY: Duration = Duration::from_millis(50);

    fn new(channel: &'a Channel<ProgressWire>) -> Self {
        Self { channel, last: Mutex::new(None) }
    }

    fn send(&self, ev: ProgressEvent) {
        let forced = match ev {
            ProgressEvent::Done { .. } => true,
            ProgressEvent::Rendering { done, total } | ProgressEvent::Reading { done, total } => done == total,
            ProgressEvent::Walking { .. } => false,
        };
        {
            let mut last = lock(&self.last);
            let now = Instant::now();
            if !forced && last.is_some_and(|t| now.duration_since(t) < Self::EVERY) {
                return;
            }
            *last = Some(now);
        }
        // The window may be gone; the job still finishes.
        let _ = self.channel.send(ProgressWire::from(ev));
    }
}
