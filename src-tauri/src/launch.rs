//! What the app is given to open: `recap-app PATH` at start, or the path a
//! second launch hands over to the running window (single-instance plugin),
//! so that double-clicking a mission file never opens a second copy editing
//! the same mission.

use crate::ipc::OpenWire;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use tauri::{plugin::TauriPlugin, AppHandle, Emitter, Manager, Runtime};

/// The event the web view listens to for a path handed over by a second launch.
pub const OPEN_EVENT: &str = "open-path";

/// The first argument that is not a flag, made absolute against `cwd` (a
/// desktop launcher or a second instance may run from anywhere).
pub fn path_arg<I, S>(args: I, cwd: &Path) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let arg = args.into_iter().map(Into::into).find(|a| !a.is_empty() && !a.to_string_lossy().starts_with('-'))?;
    let path = PathBuf::from(arg);
    Some(if path.is_absolute() { path } else { cwd.join(path) })
}

/// What `path` asks for: a folder becomes a new mission named after it;
/// anything else is opened as a mission file, whose own checks (marker,
/// size, kind of file) report what is wrong with it.
pub fn open_wire(path: &Path) -> OpenWire {
    let is_dir = std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false);
    let name = if is_dir {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        String::new()
    };
    OpenWire { path: path.display().to_string(), kind: if is_dir { "folder" } else { "mission" }, name }
}

/// The D-Bus name (Linux) two launches meet on. With `RECAP_CACHE_DIR` the
/// app is a separate installation (tests, the demo script): it gets a name of
/// its own, so that parallel test apps never hand their paths to each other.
fn instance_id(identifier: &str, cache_dir: Option<&Path>) -> String {
    use std::hash::{Hash, Hasher};
    match cache_dir {
        None => identifier.to_owned(),
        Some(dir) => {
            // SipHash with fixed keys: the same binary gives the same id in both processes.
            let mut h = std::hash::DefaultHasher::new();
            dir.hash(&mut h);
            format!("{identifier}.c{:016x}", h.finish())
        }
    }
}

/// Hands a second launch's path to this window and brings it forward. Without
/// a D-Bus session bus (Linux) the plugin lets every launch run on its own.
pub fn single_instance<R: Runtime>(identifier: &str, cache_dir: Option<&Path>) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(identifier, cache_dir))
        .callback(|app: &AppHandle<R>, argv: Vec<String>, cwd: String| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
            if let Some(path) = path_arg(argv.into_iter().skip(1), Path::new(&cwd)) {
                let _ = app.emit_to("main", OPEN_EVENT, open_wire(&path));
            }
        })
        .build()
}

/// Size, position and maximized state, restored at start; not visibility or
/// decorations, which the app sets itself.
pub fn window_state<R: Runtime>() -> TauriPlugin<R> {
    use tauri_plugin_window_state::StateFlags;
    tauri_plugin_window_state::Builder::default()
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_not_paths_and_relative_paths_follow_the_launch_folder() {
        let cwd = Path::new("/home/ana/trips");
        assert_eq!(path_arg(["--demo"], cwd), None);
        assert_eq!(path_arg(Vec::<String>::new(), cwd), None);
        assert_eq!(path_arg(["--demo", "japon.recap.toml"], cwd), Some(cwd.join("japon.recap.toml")));
        let abs = std::env::temp_dir().join("x.recap.toml");
        assert_eq!(path_arg([abs.clone()], cwd), Some(abs));
    }

    #[test]
    fn a_folder_is_a_new_mission_named_after_it_and_a_file_a_mission() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("Japon 2026");
        std::fs::create_dir(&photos).unwrap();
        let w = open_wire(&photos);
        assert_eq!((w.kind, w.name.as_str()), ("folder", "Japon 2026"));
        let file = dir.path().join("japon.recap.toml");
        std::fs::write(&file, "recap = 1\n").unwrap();
        assert_eq!(open_wire(&file).kind, "mission");
        // A path that is not there is still a mission to open: opening it says what is wrong.
        assert_eq!(open_wire(&dir.path().join("gone.toml")).kind, "mission");
    }

    #[test]
    fn apps_on_separate_cache_folders_meet_on_separate_names() {
        let a = instance_id("ca.recap.app", Some(Path::new("/tmp/a")));
        assert_ne!(a, instance_id("ca.recap.app", Some(Path::new("/tmp/b"))));
        assert_eq!(a, instance_id("ca.recap.app", Some(Path::new("/tmp/a"))));
        assert_eq!(instance_id("ca.recap.app", None), "ca.recap.app");
        // A D-Bus name element may not start with a digit.
        assert!(a.rsplit('.').next().unwrap().starts_with('c'));
    }
}
