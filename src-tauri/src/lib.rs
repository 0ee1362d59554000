//! Recap's desktop shell: window, commands and wire types. All the work is
//! done by the `recap` core crate.

mod commands;
pub mod ipc;
pub mod launch;
mod protocol;

use commands::AppState;
use std::path::PathBuf;
use tauri::{Builder, Context, Runtime};

/// How this run was launched.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// `--demo`: the web view opens the demo mission at once.
    pub demo: bool,
    /// `RECAP_CACHE_DIR`: where the catalog, the demo mission, the recent
    /// list and the thumbnails live instead of the system's cache folder.
    pub cache_dir: Option<PathBuf>,
    /// `recap-app PATH`: a mission file to open or a folder to make a mission of.
    pub open: Option<PathBuf>,
}

impl Launch {
    /// From the command line and the environment.
    pub fn from_env() -> Self {
        Self {
            demo: std::env::args().skip(1).any(|a| a == "--demo"),
            cache_dir: std::env::var_os("RECAP_CACHE_DIR").filter(|v| !v.is_empty()).map(PathBuf::from),
            open: launch::path_arg(std::env::args_os().skip(1), &std::env::current_dir().unwrap_or_default()),
        }
    }
}

/// The whole app on `builder`: plugins, state, the `thumb:` scheme and every
/// command. Generic over the runtime so that tests drive the real commands
/// through Tauri's mock runtime (`tauri::test::mock_builder()`).
pub fn app<R: Runtime>(builder: Builder<R>, launch: Launch) -> Builder<R> {
    let wire = ipc::LaunchWire {
        demo: launch.demo,
        version: env!("CARGO_PKG_VERSION"),
        open: launch.open.as_deref().map(launch::open_wire),
    };
    builder
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (open_folder); the web view has no opener permission.
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(wire, launch.cache_dir))
        .register_asynchronous_uri_scheme_protocol("thumb", protocol::handle)
        .invoke_handler(tauri::generate_handler![
            commands::launch_options,
            commands::cancel_scan,
            commands::open_demo,
            commands::pick_folders,
            commands::recent_missions,
            commands::pick_mission_file,
            commands::open_mission,
            commands::missing_sources,
            commands::default_missions_dir,
            commands::relocate_source,
            commands::create_mission,
            commands::trip,
            commands::edit,
            commands::undo,
            commands::redo,
            commands::mission_versions,
            commands::restore_version,
            commands::pick_agenda_file,
            commands::pick_export_folder,
            commands::export,
            commands::open_folder,
            commands::select_photos,
            commands::curate_trip,
            commands::set_lang,
            commands::preview_caption,
            commands::story,
            commands::clock_evidence,
        ])
}

/// The app's configuration (tauri.conf.json), capabilities and embedded
/// `ui/`, for any runtime: tests build the mock app with the real
/// capabilities, so a command the window may not call fails there too.
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}

/// Builds and runs the app (see [`Launch::from_env`] for its flags). One
/// window per installation: a second launch hands its path to the first and
/// exits (the single-instance plugin goes first so it does so before any
/// setup); the window keeps its size and place. Both only here, not in
/// [`app`]: the mock-runtime tests start many apps in one process.
pub fn run() {
    let launch = Launch::from_env();
    let context = context();
    let builder = Builder::default()
        .plugin(launch::single_instance(&context.config().identifier, launch.cache_dir.as_deref()))
        .plugin(launch::window_state());
    if let Err(e) = app(builder, launch).run(context) {
        eprintln!("recap-app: {e}");
        std::process::exit(1);
    }
}
