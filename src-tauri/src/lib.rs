//! Recap's desktop shell: window, commands and wire types. All the work is
//! done by the `recap` core crate.

mod commands;
pub mod ipc;
mod protocol;

use commands::AppState;
use std::path::PathBuf;

/// Builds and runs the app. Flags: `--demo` opens the demo mission at once.
/// `RECAP_CACHE_DIR` overrides where the catalog and the demo mission live.
pub fn run() {
    let launch = ipc::LaunchWire { demo: std::env::args().skip(1).any(|a| a == "--demo") };
    let cache_override = std::env::var_os("RECAP_CACHE_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(launch, cache_override))
        .register_asynchronous_uri_scheme_protocol("thumb", protocol::handle)
        .invoke_handler(tauri::generate_handler![
            commands::launch_options,
            commands::scan_folders,
            commands::cancel_scan,
            commands::open_demo,
            commands::pick_folders,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("recap-app: {e}");
        std::process::exit(1);
    }
}
