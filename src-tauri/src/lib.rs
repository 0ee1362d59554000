//! Recap's desktop shell: window, commands and wire types. All the work is
//! done by the `recap` core crate.

mod commands;
pub mod ipc;
mod protocol;

use commands::AppState;
use std::path::PathBuf;

/// Builds and runs the app. Flags: `--demo` opens the demo mission at once.
/// `RECAP_CACHE_DIR` overrides where the catalog, the demo mission, the
/// recent list and new missions live.
pub fn run() {
    let launch =
        ipc::LaunchWire { demo: std::env::args().skip(1).any(|a| a == "--demo"), version: env!("CARGO_PKG_VERSION") };
    let cache_override = std::env::var_os("RECAP_CACHE_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (open_folder); the web view has no opener permission.
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(launch, cache_override))
        .register_asynchronous_uri_scheme_protocol("thumb", protocol::handle)
        .invoke_handler(tauri::generate_handler![
            commands::launch_options,
            commands::scan_folders,
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
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("recap-app: {e}");
        std::process::exit(1);
    }
}
