//! A mission's name: made from the command line it is named after its
//! folders (it used to be "Mission"), and it can be renamed from `recap edit`
//! and from the app's session, undone like any edit.

mod support;

use recap::edit::Edit;
use recap::mission::Mission;
use recap::progress::silent;
use recap::session::Session;
use recap::Cancel;
use std::path::Path;
use std::process::Command;
use support::{camera, Fixture};

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A trip folder holding two participants' folders, as organizers collect them.
fn trip() -> Fixture {
    let f = Fixture::new();
    f.photo("Japon 2026/Amélie/IMG_0001.JPG", camera("2026-04-02 10:00:00"));
    f.photo("Japon 2026/Bruno/DSC_0001.JPG", camera("2026-04-02 10:05:00"));
    f
}

#[test]
fn a_mission_made_from_the_command_line_is_named_after_its_folders_not_mission() {
    let f = trip();
    let cache = f.path("cache");
    // Each participant's folder given: the trip folder that holds them.
    let both = f.path("both.toml");
    let out = recap(&[
        "plan",
        &s(&f.path("Japon 2026/Amélie")),
        &s(&f.path("Japon 2026/Bruno")),
        "--mission",
        &s(&both),
        "--cache",
        &s(&cache),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Mission::load(&both).expect("saved").name, "Japon 2026");
    // One folder given: its own name.
    let one = f.path("one.toml");
    let out = recap(&["plan", &s(&f.path("Japon 2026")), "--mission", &s(&one), "--cache", &s(&cache)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Mission::load(&one).expect("saved").name, "Japon 2026");
    // An existing mission keeps the name it has.
    let mut named = Mission::load(&one).expect("saved");
    named.name = "Mission au Japon".into();
    named.save(&one).expect("save");
    let out = recap(&["plan", &s(&f.path("Japon 2026/Bruno")), "--mission", &s(&one), "--cache", &s(&cache)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Mission::load(&one).expect("saved").name, "Mission au Japon");
}

#[test]
fn recap_edit_renames_the_mission_and_refuses_a_blank_name() {
    let f = trip();
    let m = f.path("m.toml");
    let out = recap(&["plan", &s(&f.path("Japon 2026")), "--mission", &s(&m), "--cache", &s(&f.path("cache"))]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = recap(&["edit", "--mission", &s(&m), "name", "Mission Japon — Osaka et Kyoto"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Mission::load(&m).expect("saved").name, "Mission Japon — Osaka et Kyoto");

    let before = std::fs::read(&m).expect("read");
    for bad in ["   ", &"x".repeat(201)] {
        let out = recap(&["edit", "--mission", &s(&m), "name", bad]);
        assert!(!out.status.success(), "a name of {} characters was taken", bad.len());
        assert_eq!(std::fs::read(&m).expect("read"), before, "a refused name changed the file");
    }
}

#[test]
fn the_app_renames_the_mission_saves_it_and_undoes_it() {
    let f = trip();
    let m = f.path("m.toml");
    let mut mission = Mission::new("Japon");
    mission.sources.push(f.path("Japon 2026"));
    mission.save(&m).expect("save");
    let mut session = Session::open(&m, &f.path("cache"), &silent, &Cancel::new()).expect("open");

    session.apply(&Edit::MissionName { name: "  Japon 2026  ".into() }).expect("rename");
    assert_eq!(session.mission().name, "Japon 2026", "the name is kept trimmed");
    assert_eq!(Mission::load(&m).expect("saved").name, "Japon 2026");
    assert!(session.apply(&Edit::MissionName { name: String::new() }).is_err());
    assert_eq!(session.mission().name, "Japon 2026", "a refused name changed the session");

    session.undo().expect("undo");
    assert_eq!(session.mission().name, "Japon");
    assert_eq!(Mission::load(&m).expect("saved").name, "Japon");
}

#[test]
fn a_name_from_folders_is_their_common_folder_or_the_default() {
    use recap::mission::{name_for_sources, DEFAULT_NAME};
    let p = std::path::PathBuf::from;
    assert_eq!(name_for_sources(&[p("/trips/Chili 2027/Ana"), p("/trips/Chili 2027/Luis")]), "Chili 2027");
    assert_eq!(name_for_sources(&[p("/trips/Chili 2027")]), "Chili 2027");
    assert_eq!(name_for_sources(&[p("/a/x"), p("/b/y")]), DEFAULT_NAME, "no folder holds both");
    assert_eq!(name_for_sources(&[]), DEFAULT_NAME);
}
