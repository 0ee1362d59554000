//! The commands the web view may call. Each one: parse arguments, call the
//! core off the async runtime (`spawn_blocking`: scans do blocking I/O), map
//! the result to a wire type. No domain logic here.

use crate::ipc::{IpcError, LaunchWire, ProgressWire, TripWire};
use recap::mission::Mission;
use recap::progress::ProgressEvent;
use recap::render::{PhotoRef, Thumbnailer};
use recap::Cancel;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};
use tauri::async_runtime::spawn_blocking;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// Shared by all commands (Tauri managed state).
pub struct AppState {
    /// The running scan's flag; replaced at each new scan.
    cancel: Mutex<Cancel>,
    launch: LaunchWire,
    /// `RECAP_CACHE_DIR`, read once at startup (tests isolate themselves with it).
    cache_override: Option<PathBuf>,
    /// The photos the `thumb` scheme may serve: those of the trip on screen.
    pub(crate) photos: RwLock<PhotoTable>,
    /// Started on the first thumbnail request.
    pub(crate) thumbnailer: OnceLock<Thumbnailer>,
}

/// The photos of the trip on screen, numbered for the `thumb` scheme. The
/// scheme serves these and nothing else: the web view cannot name a path.
#[derive(Default)]
pub(crate) struct PhotoTable {
    pub generation: u64,
    pub photos: Vec<PhotoRef>,
}

impl AppState {
    pub fn new(launch: LaunchWire, cache_override: Option<PathBuf>) -> Self {
        Self {
            cancel: Mutex::new(Cancel::new()),
            launch,
            cache_override,
            photos: RwLock::new(PhotoTable::default()),
            thumbnailer: OnceLock::new(),
        }
    }

    pub(crate) fn cache_dir<R: tauri::Runtime>(&self, app: &AppHandle<R>) -> Result<PathBuf, IpcError> {
        match &self.cache_override {
            Some(dir) => Ok(dir.clone()),
            None => app.path().app_cache_dir().map_err(|e| IpcError::new("no_cache_dir", e.to_string())),
        }
    }

    fn fresh_cancel(&self) -> Cancel {
        let cancel = Cancel::new();
        *self.cancel.lock().unwrap_or_else(|p| p.into_inner()) = cancel.clone();
        cancel
    }
}

#[tauri::command]
pub fn launch_options(state: State<'_, AppState>) -> LaunchWire {
    state.launch
}

#[tauri::command]
pub async fn scan_folders(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ProgressWire>,
) -> Result<TripWire, IpcError> {
    let roots: Vec<PathBuf> = paths.into_iter().filter(|p| !p.is_empty()).map(PathBuf::from).collect();
    if roots.is_empty() {
        return Err(IpcError::new("invalid", "no folder to scan"));
    }
    let cache_dir = state.cache_dir(&app)?;
    let cancel = state.fresh_cancel();
    spawn_blocking(move || {
        // No mission file for folders yet: a default mission over them.
        let mut mission = Mission::new("Mission");
        mission.sources.clone_from(&roots);
        plan_blocking(&app, &roots, &cache_dir, &mission, None, &on_progress, &cancel)
    })
    .await
    .map_err(IpcError::internal)?
}

#[tauri::command]
pub fn cancel_scan(state: State<'_, AppState>) {
    state.cancel.lock().unwrap_or_else(|p| p.into_inner()).cancel();
}

/// Writes the built-in demo mission into the cache (once), then scans and plans it.
#[tauri::command]
pub async fn open_demo(
    app: AppHandle,
    state: State<'_, AppState>,
    on_progress: Channel<ProgressWire>,
) -> Result<TripWire, IpcError> {
    let cache_dir = state.cache_dir(&app)?;
    let cancel = state.fresh_cancel();
    spawn_blocking(move || {
        let (mission, mission_path) = ensure_demo(&cache_dir)?;
        let roots = mission.resolved_sources(&mission_path);
        plan_blocking(&app, &roots, &cache_dir, &mission, Some(&mission_path), &on_progress, &cancel)
    })
    .await
    .map_err(IpcError::internal)?
}

/// The native multi-folder picker. Opened from Rust so the web view needs no
/// dialog permission; empty when the user cancels.
#[tauri::command]
pub async fn pick_folders(
    app: AppHandle,
    window: WebviewWindow,
    title: Option<String>,
) -> Result<Vec<String>, IpcError> {
    // The blocking dialog API must not run on the main (event loop) thread.
    let picked = spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_parent(&window);
        if let Some(title) = title {
            dialog = dialog.set_title(title);
        }
        dialog.blocking_pick_folders()
    })
    .await
    .map_err(IpcError::internal)?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

fn plan_blocking(
    app: &AppHandle,
    roots: &[PathBuf],
    cache_dir: &Path,
    mission: &Mission,
    mission_path: Option<&Path>,
    channel: &Channel<ProgressWire>,
    cancel: &Cancel,
) -> Result<TripWire, IpcError> {
    let sink = Throttled::new(channel);
    let report = recap::pipeline::plan_folders(roots, cache_dir, mission, mission_path, &|ev| sink.send(ev), cancel)?;
    // Number the photos for the `thumb` scheme, replacing the last trip's.
    let photos: Vec<PhotoRef> = report.scan.photos.iter().map(PhotoRef::from).collect();
    let ids: HashMap<String, usize> =
        photos.iter().enumerate().map(|(i, p)| (p.path.display().to_string(), i)).collect();
    let state = app.state::<AppState>();
    let generation = {
        let mut table = state.photos.write().unwrap_or_else(|p| p.into_inner());
        table.generation += 1;
        table.photos = photos;
        table.generation
    };
    Ok(TripWire::new(&mission.name, roots, &report).with_thumbs(generation, |path| ids.get(path).copied()))
}

/// `<cache>/demo-mission` and its mission file, written on first use. The
/// core writes the mission file last, so one that loads means the demo is
/// complete; anything else (an interrupted write, an older version) is
/// written again, which the core does over a previous demo.
fn ensure_demo(cache_dir: &Path) -> Result<(Mission, PathBuf), IpcError> {
    let mission_path = cache_dir.join("demo-mission.toml");
    if let Ok(mission) = Mission::load(&mission_path) {
        return Ok((mission, mission_path));
    }
    let mission = recap::demo::write_demo_mission(&cache_dir.join("demo-mission"), &mission_path)?;
    Ok((mission, mission_path))
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
        let forced = matches!(ev, ProgressEvent::Done { .. });
        {
            let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            if !forced && last.is_some_and(|t| now.duration_since(t) < Self::EVERY) {
                return;
            }
            *last = Some(now);
        }
        // The window may be gone; the scan still finishes and fills the catalog.
        let _ = self.channel.send(ProgressWire::from(ev));
    }
}
