fn main() {
    // Declaring the app's commands makes them deny-by-default: the window may
    // only call what capabilities/default.json grants.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "cancel_scan",
        "open_demo",
        "pick_folders",
        "launch_options",
        "recent_missions",
        "pick_mission_file",
        "open_mission",
        "create_mission",
        "trip",
        "edit",
        "undo",
        "redo",
        "pick_agenda_file",
        "pick_export_folder",
        "export",
        "open_folder",
        "select_photos",
        "curate_trip",
        "set_lang",
        "preview_caption",
        "story",
        "clock_evidence",
        "missing_sources",
        "relocate_source",
        "default_missions_dir",
        "mission_versions",
        "restore_version",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
