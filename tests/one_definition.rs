//! Rules that used to be written more than once and could disagree (issue
//! 14, item 4): "inside a photo folder" for missions and exports, the clock
//! correction limit, and the album selection of the app and the command line.

mod support;

use recap::edit::{self, ClockMode, Edit};
use recap::export::{self, ExportOptions, Preset};
use recap::mission::Mission;
use recap::plan::DeviceOffset;
use recap::progress::silent;
use recap::session::Session;
use recap::Cancel;
use std::path::{Path, PathBuf};
use support::{camera, iphone, Fixture};

fn two_participants() -> Fixture {
    let f = Fixture::new();
    f.photo("Zoé/IMG_0001.jpg", iphone("2017-06-05 10:00:00", "+02:00", 47.4736, -0.5542))
        .photo("Zoé/IMG_0002.jpg", iphone("2017-06-05 10:20:00", "+02:00", 47.4736, -0.5542))
        .photo("Alex B/DSC_0001.jpg", camera("2017-06-05 10:10:00"));
    f
}

/// How each check answers `path` for a trip whose only source is `source`:
/// the mission file's, the app's, and the export's (which the app's export
/// goes through too).
fn refusals(source: &Path, path: &Path) -> [Option<&'static str>; 3] {
    let sources = vec![source.to_path_buf()];
    let mut mission = Mission::new("Angers");
    mission.sources.clone_from(&sources);
    let as_mission = path.join("m.toml");
    let m = mission.check_outside_sources(&as_mission).err().map(|e| e.code());
    let s = recap::session::check_outside(path, &sources).err().map(|e| e.code());
    let cache = tempfile::tempdir().expect("tempdir");
    let plan = recap::pipeline::plan_folders(&sources, cache.path(), &mission, None, &silent, &Cancel::new())
        .expect("plan the fixture");
    let e = export::export(&plan, &mission, &sources, &ExportOptions::new(Preset::Web, path), &silent, &Cancel::new())
        .err()
        .map(|e| e.code());
    [m, s, e]
}

#[test]
fn a_folder_inside_the_photos_is_refused_by_every_check_with_the_apps_codes() {
    let f = two_participants();
    let before = f.hashes();
    let inside = [f.path("Zoé/export"), f.path("Zoé/../Alex B/x"), f.root().to_path_buf()];
    for path in &inside {
        assert_eq!(
            refusals(f.root(), path),
            [Some("inside_source"), Some("inside_source"), Some("inside_source")],
            "{}",
            path.display()
        );
    }
    assert!(!f.path("Zoé/export").exists() && !f.path("Alex B/x").exists());
    assert_eq!(f.hashes(), before, "the photos are untouched");
}

/// The three checks once compared names differently: on Windows and macOS
/// a folder named with other capitals passed the export's check and failed
/// the mission's.
#[test]
fn a_folder_named_with_other_capitals_gets_the_same_answer_from_every_check() {
    let f = two_participants();
    let other_case = f.path("ZOÉ/out");
    let r = refusals(&f.path("Zoé"), &other_case);
    if cfg!(any(windows, target_os = "macos")) {
        assert_eq!(r, [Some("inside_source"), Some("inside_source"), Some("inside_source")]);
    } else {
        // Another folder there: the export is made.
        assert_eq!(r, [None, None, None]);
        assert!(other_case.is_dir());
    }
}

#[cfg(unix)]
#[test]
fn a_link_into_the_photos_is_refused_by_every_check() {
    let f = two_participants();
    let outside = tempfile::tempdir().expect("tempdir");
    let link = outside.path().join("photos");
    std::os::unix::fs::symlink(f.path("Zoé"), &link).expect("symlink");
    let out = link.join("export");
    assert_eq!(refusals(f.root(), &out), [Some("inside_source"), Some("inside_source"), Some("inside_source")]);
    assert!(!f.path("Zoé/export").exists());
}

#[test]
fn the_clock_limit_is_the_same_in_the_file_and_in_an_edit() {
    let max = DeviceOffset::MAX_MINUTES;
    assert_eq!(max, 48 * 60);
    assert_eq!(edit::MAX_OFFSET_MINUTES, max);
    let file = |minutes: i32| format!("schema = 1\n[devices]\n\"Zoé | iPhone\" = {minutes}\n");
    for (minutes, ok) in [(max, true), (-max, true), (max + 1, false), (-max - 1, false)] {
        let parsed = Mission::parse(file(minutes).as_bytes(), Path::new("m.toml"));
        assert_eq!(parsed.is_ok(), ok, "file: {minutes}");
        let mut m = Mission::new("Angers");
        let set = edit::apply(&mut m, &Edit::Clock { device: "Zoé | iPhone".into(), mode: ClockMode::Set(minutes) });
        assert_eq!(set.is_ok(), ok, "edit: {minutes}");
    }
}

#[test]
fn an_offset_of_the_smallest_integer_in_a_mission_file_is_refused_not_a_panic() {
    let text = format!("schema = 1\n[devices]\n\"Zoé | iPhone\" = {}\n", i64::MIN);
    let err = Mission::parse(text.as_bytes(), Path::new("m.toml")).expect_err("out of range");
    assert!(err.to_string().contains("two days"), "{err}");
    let err =
        edit::apply(&mut Mission::new("Angers"), &Edit::Clock { device: "d".into(), mode: ClockMode::Set(i32::MIN) })
            .expect_err("out of range");
    assert_eq!(err.code(), "invalid");
}

/// Picks in a mission file, by resolved path.
fn picks(path: &Path) -> Vec<PathBuf> {
    let m = recap::identity::load_absolute(path).expect("load the mission");
    let mut out: Vec<PathBuf> = m.picks.iter().filter(|(_, p)| p.is_pick()).map(|(k, _)| PathBuf::from(k)).collect();
    out.sort();
    out
}

#[test]
fn recap_curate_select_and_the_apps_select_pick_the_same_photos() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = dir.path().join("cli.toml");
    let app = dir.path().join("app.toml");
    let cache = dir.path().join("cache");
    recap::demo::write_demo_mission(&dir.path().join("photos"), &cli).expect("write the demo");
    std::fs::copy(&cli, &app).expect("copy the mission");

    let mut s = Session::open(&app, &cache, &silent, &Cancel::new()).expect("open");
    let features = s.curation_job().run(Some(1), &silent, &Cancel::new()).expect("features");
    s.attach_features(features);
    let (m, c) = (cli.to_string_lossy().into_owned(), cache.to_string_lossy().into_owned());
    // Kept picks count towards N, then --replace starts over.
    for (n, replace) in [(6, false), (10, false), (4, true)] {
        let n_arg = n.to_string();
        let mut args = vec!["curate", "--mission", &m, "--cache", &c, "--select", &n_arg, "--json"];
        if replace {
            args.push("--replace");
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap")).args(&args).output().expect("run recap");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let chosen = s.select(n, replace).expect("select");
        let (by_cli, by_app) = (picks(&cli), picks(&app));
        assert_eq!(by_cli.len(), n, "{n} {replace}");
        assert_eq!(chosen, n);
        assert_eq!(by_cli, by_app, "select {n}, replace {replace}");
    }
}
