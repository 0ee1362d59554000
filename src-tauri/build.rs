fn main() {
    // Declaring the app's commands makes them deny-by-default: the window may
    // only call what capabilities/default.json grants.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "scan_folders",
        "cancel_scan",
        "open_demo",
        "pick_folders",
        "launch_options",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
