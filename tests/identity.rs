//! Edits follow the photos: a mission names each photo by its source and
//! its path inside it, plus a content fingerprint, so a moved trip folder
//! (after `recap edit relocate`), a renamed file or an old mission keyed by
//! absolute paths keep every caption, pick and clock; picks that match no
//! photo stop an export or a selection loudly. The real `recap` binary on
//! real JPEGs.

mod support;

use recap::mission::Mission;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{camera, iphone, Fixture};

const CAMERA: &str = "Étienne L | Canon | Canon EOS 80D | 043021004512";

fn recap(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "recap failed: {stderr}\n{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new($a)),*] };
}

/// A trip of two participants whose cameras both name files IMG_000N.JPG,
/// under `<tmp>/drive-a/trip`, with the mission file and cache beside it.
struct Trip {
    dir: tempfile::TempDir,
}

impl Trip {
    fn new() -> Trip {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture::new();
        for i in 1..=4 {
            f.photo(&format!("Étienne L/IMG_000{i}.JPG"), camera(&format!("2017-06-05 0{i}:10:00")));
            f.photo(
                &format!("Chloé/IMG_000{i}.JPG"),
                iphone(&format!("2017-06-05 1{i}:10:00"), "+02:00", 47.47, -0.55),
            );
        }
        let trip = dir.path().join("drive-a/trip");
        std::fs::create_dir_all(&trip).expect("mkdir");
        for who in ["Étienne L", "Chloé"] {
            std::fs::rename(f.path(who), trip.join(who)).expect("move the fixture into place");
        }
        Trip { dir }
    }
    fn base(&self) -> &Path {
        self.dir.path()
    }
    fn trip(&self) -> PathBuf {
        self.base().join("drive-a/trip")
    }
    fn photo(&self, who: &str, name: &str) -> PathBuf {
        self.trip().join(who).join(name)
    }
    fn mission(&self) -> PathBuf {
        self.base().join("voyage.recap.toml")
    }
    fn cache(&self) -> PathBuf {
        self.base().join("cache")
    }
    fn edit(&self, args: &[&std::ffi::OsStr]) -> String {
        let mission = self.mission();
        let mut all: Vec<&std::ffi::OsStr> = vec!["edit".as_ref(), "--mission".as_ref(), mission.as_os_str()];
        all.extend_from_slice(args);
        ok(&recap(&all))
    }
    fn plan_output(&self) -> Output {
        recap(args!["plan", "--json", "--no-curate", "--mission", &self.mission(), "--cache", &self.cache()])
    }
    fn plan(&self) -> Value {
        serde_json::from_str(&ok(&self.plan_output())).expect("plan json")
    }
    /// Planned photos by file path.
    fn photos(&self) -> Vec<(String, Value)> {
        let v = self.plan();
        let mut out = Vec::new();
        for ch in v["chapters"].as_array().expect("chapters") {
            for d in ch["days"].as_array().expect("days") {
                for m in d["moments"].as_array().expect("moments") {
                    for p in m["photos"].as_array().expect("photos") {
                        out.push((p["path"].as_str().expect("path").to_string(), p.clone()));
                    }
                }
            }
        }
        out
    }
    fn photo_json(&self, path: &Path) -> Value {
        let want = std::fs::canonicalize(path).expect("photo exists");
        self.photos()
            .into_iter()
            .find(|(p, _)| Path::new(p) == want)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{} not in the plan", want.display()))
    }
    fn clock(&self) -> (i64, String) {
        let v = self.plan();
        let d = v["devices"].as_array().expect("devices").iter().find(|d| d["key"] == CAMERA).expect("camera").clone();
        (d["offset_minutes"].as_i64().expect("offset"), d["source"].to_string())
    }
    /// Captions on Étienne's first photo and on Chloé's (same file name),
    /// a pick on Chloé's second, a clock fix on Étienne's camera.
    fn edited(self) -> Self {
        ok(&recap(args![
            "plan",
            "--json",
            "--no-curate",
            "--mission",
            &self.mission(),
            "--cache",
            &self.cache(),
            &self.trip().join("Étienne L"),
            &self.trip().join("Chloé"),
        ]));
        self.edit(args!["caption", &self.photo("Étienne L", "IMG_0001.JPG"), "Le départ"]);
        self.edit(args!["caption", &self.photo("Chloé", "IMG_0001.JPG"), "L’arrivée"]);
        self.edit(args!["pick", &self.photo("Chloé", "IMG_0002.JPG"), &self.photo("Étienne L", "IMG_0003.JPG")]);
        self.edit(args!["clock", CAMERA, "--minutes", "360"]);
        self
    }
    fn move_drive(&self) {
        std::fs::rename(self.base().join("drive-a"), self.base().join("drive-b")).expect("move the trip");
    }
    fn moved(&self, who: &str) -> PathBuf {
        self.base().join("drive-b/trip").join(who)
    }
}

fn assert_edits_shown(t: &Trip) {
    assert_eq!(t.photo_json(&t.photo("Étienne L", "IMG_0001.JPG"))["caption"], "Le départ");
    assert_eq!(t.photo_json(&t.photo("Chloé", "IMG_0001.JPG"))["caption"], "L’arrivée");
    assert_eq!(t.photo_json(&t.photo("Chloé", "IMG_0002.JPG"))["pick"], "pick");
    assert_eq!(t.photo_json(&t.photo("Étienne L", "IMG_0003.JPG"))["pick"], "pick");
    assert_eq!(t.photo_json(&t.photo("Étienne L", "IMG_0002.JPG"))["pick"], Value::Null);
    let (offset, source) = t.clock();
    assert_eq!(offset, 360, "{source}");
}

#[test]
fn mission_keys_are_source_relative_with_fingerprints() {
    let t = Trip::new().edited();
    let m = Mission::load(t.mission()).expect("load");
    let keys: Vec<&String> = m.captions.keys().collect();
    // The same file name under two sources: told apart by the source index.
    assert_eq!(keys, ["0:IMG_0001.JPG", "1:IMG_0001.JPG"]);
    assert!(m.picks.contains_key("1:IMG_0002.JPG"), "{:?}", m.picks);
    for k in m.captions.keys().chain(m.picks.keys()) {
        let fp = m.fingerprints.get(k).unwrap_or_else(|| panic!("no fingerprint for {k}"));
        assert!(fp.split_once(':').is_some_and(|(size, hash)| size.parse::<u64>().is_ok() && hash.len() == 16), "{fp}");
    }
    let text = std::fs::read_to_string(t.mission()).expect("read");
    assert!(!text.contains(&t.trip().join("Chloé/IMG").display().to_string()), "no absolute photo key left:\n{text}");
    assert_edits_shown(&t);
}

#[test]
fn moved_trip_folder_keeps_captions_picks_and_clock_after_relocate() {
    let t = Trip::new().edited();
    t.move_drive();
    // The old place is gone: planning says which folder and how to fix it.
    let out = t.plan_output();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&t.photo("Étienne L", "").display().to_string().trim_end_matches('/').to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("relocate"), "{stderr}");
    // One relocation: the other participant's folder moved with it and follows.
    let said = t.edit(args!["relocate", &t.trip().join("Étienne L"), &t.moved("Étienne L")]);
    assert!(said.contains("photo edit"), "{said}");
    assert!(said.contains("1 other missing folder beside it followed"), "{said}");
    let m = Mission::load(t.mission()).expect("load");
    assert_eq!(m.sources[0], std::fs::canonicalize(t.moved("Étienne L")).expect("moved"));
    assert_eq!(m.sources[1], std::fs::canonicalize(t.moved("Chloé")).expect("moved"));
    let v = t.plan();
    let find = |who: &str, name: &str| {
        let want = std::fs::canonicalize(t.moved(who).join(name)).expect("moved photo");
        let all = v["chapters"].as_array().expect("chapters").iter().flat_map(|c| c["days"].as_array().expect("days"));
        let photos: Vec<Value> = all
            .flat_map(|d| d["moments"].as_array().expect("moments").iter())
            .flat_map(|m| m["photos"].as_array().expect("photos").iter().cloned())
            .collect();
        photos.into_iter().find(|p| p["path"] == want.to_string_lossy().as_ref()).expect("photo in the plan")
    };
    assert_eq!(find("Étienne L", "IMG_0001.JPG")["caption"], "Le départ");
    assert_eq!(find("Chloé", "IMG_0001.JPG")["caption"], "L’arrivée");
    assert_eq!(find("Chloé", "IMG_0002.JPG")["pick"], "pick");
    let d = v["devices"].as_array().expect("devices").iter().find(|d| d["key"] == CAMERA).expect("camera").clone();
    assert_eq!(d["offset_minutes"], 360);

    // And the export writes the picked photos from their new place.
    let out = t.base().join("album");
    let done = ok(&recap(args![
        "export",
        "--json",
        "--mission",
        &t.mission(),
        "--cache",
        &t.cache(),
        "--preset",
        "copies",
        "--out",
        &out,
    ]));
    let done: Value = serde_json::from_str(&done).expect("export json");
    assert_eq!(done["photos"], 2, "{done}");
    let jpegs = walk(&out).into_iter().filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg"))).count();
    assert_eq!(jpegs, 2);
}

#[test]
fn renamed_file_keeps_its_caption_through_its_fingerprint() {
    let t = Trip::new().edited();
    let renamed = t.photo("Étienne L", "Départ de Québec.jpg");
    std::fs::rename(t.photo("Étienne L", "IMG_0001.JPG"), &renamed).expect("rename");
    assert_eq!(t.photo_json(&renamed)["caption"], "Le départ");
    // Chloé's IMG_0001 (another source, same name) kept its own.
    assert_eq!(t.photo_json(&t.photo("Chloé", "IMG_0001.JPG"))["caption"], "L’arrivée");
    // An edit that does not scan keeps the old key (and its fingerprint):
    // nothing is lost, and the caption still finds the renamed file.
    t.edit(args!["stars", "3", &renamed]);
    let m = Mission::load(t.mission()).expect("load");
    assert_eq!(m.captions.get("0:IMG_0001.JPG").map(String::as_str), Some("Le départ"), "{:?}", m.captions);
    assert!(m.fingerprints.contains_key("0:IMG_0001.JPG"));
    assert!(m.picks.contains_key("0:Départ de Québec.jpg"), "{:?}", m.picks);
    assert_eq!(t.photo_json(&renamed)["caption"], "Le départ");
    assert_eq!(t.photo_json(&renamed)["stars"], 3);
}

#[test]
fn old_mission_with_absolute_keys_still_shows_its_captions() {
    let t = Trip::new();
    let real = |who: &str, name: &str| std::fs::canonicalize(t.photo(who, name)).expect("photo");
    let toml = format!(
        "schema = 1\nname = \"Ancienne\"\nsources = [{:?}, {:?}]\n\n[captions]\n{:?} = \"Le départ\"\n\n[picks]\n{:?} = \"pick\"\n",
        std::fs::canonicalize(t.trip().join("Étienne L")).expect("dir"),
        std::fs::canonicalize(t.trip().join("Chloé")).expect("dir"),
        real("Étienne L", "IMG_0001.JPG").display().to_string(),
        real("Chloé", "IMG_0002.JPG").display().to_string(),
    );
    std::fs::write(t.mission(), toml).expect("write an old mission");
    assert_eq!(t.photo_json(&t.photo("Étienne L", "IMG_0001.JPG"))["caption"], "Le départ");
    assert_eq!(t.photo_json(&t.photo("Chloé", "IMG_0002.JPG"))["pick"], "pick");
    // Moved, then relocated: the absolute keys follow the folder too.
    t.move_drive();
    for who in ["Étienne L", "Chloé"] {
        t.edit(args!["relocate", &t.trip().join(who), &t.moved(who)]);
    }
    let m = Mission::load(t.mission()).expect("load");
    assert_eq!(m.captions.get("0:IMG_0001.JPG").map(String::as_str), Some("Le départ"), "{:?}", m.captions);
    assert!(m.picks.get("1:IMG_0002.JPG").is_some_and(|p| p.is_pick()), "{:?}", m.picks);
    let v = t.plan();
    let text = v.to_string();
    assert!(text.contains("Le départ"), "caption lost after relocation");
}

#[test]
fn export_with_missing_picked_photos_fails_and_lists_them() {
    let t = Trip::new().edited();
    std::fs::remove_file(t.photo("Chloé", "IMG_0002.JPG")).expect("delete a picked photo");
    let out = t.base().join("album");
    let run =
        recap(args!["export", "--mission", &t.mission(), "--cache", &t.cache(), "--preset", "copies", "--out", &out,]);
    assert!(!run.status.success(), "an album missing a picked photo must not look finished");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("1 picked photo cannot be found"), "{stderr}");
    assert!(stderr.contains(&format!("Chloé{}IMG_0002.JPG", std::path::MAIN_SEPARATOR)), "{stderr}");
    assert!(
        walk(&out).iter().all(|p| p.extension().is_none_or(|e| !e.eq_ignore_ascii_case("jpg"))),
        "nothing exported"
    );
    // A selection keeping those picks fails the same way.
    let sel = recap(args!["curate", "--mission", &t.mission(), "--cache", &t.cache(), "--select", "3"]);
    assert!(!sel.status.success());
    assert!(String::from_utf8_lossy(&sel.stderr).contains("IMG_0002.JPG"));
    // The way out the message gives: un-pick the deleted photo by its path.
    t.edit(args!["pick", "--clear", &t.photo("Chloé", "IMG_0002.JPG")]);
    let done = ok(&recap(args![
        "export",
        "--json",
        "--mission",
        &t.mission(),
        "--cache",
        &t.cache(),
        "--preset",
        "copies",
        "--out",
        &out,
    ]));
    let done: Value = serde_json::from_str(&done).expect("export json");
    assert_eq!(done["photos"], 1, "the one picked photo left: {done}");
}

#[test]
fn relocate_refuses_a_folder_that_is_not_a_source_or_does_not_exist() {
    let t = Trip::new().edited();
    let before = std::fs::read(t.mission()).expect("read");
    let elsewhere = t.base().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    let run = |old: &Path, new: &Path| recap(args!["edit", "--mission", &t.mission(), "relocate", old, new]);
    let not_source = run(&elsewhere, &elsewhere);
    assert!(!not_source.status.success());
    assert!(String::from_utf8_lossy(&not_source.stderr).contains("not one of the mission's photo folders"));
    let no_target = run(&t.trip().join("Chloé"), &t.base().join("nowhere"));
    assert!(!no_target.status.success());
    assert_eq!(std::fs::read(t.mission()).expect("read"), before, "a refused relocation changes nothing");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn app_session_relocates_and_saves_renamed_photos_under_their_new_key() {
    use recap::progress::silent;
    use recap::session::Session;
    let t = Trip::new().edited();
    t.move_drive();
    let err = Session::open(&t.mission(), &t.cache(), &silent, &recap::Cancel::new()).expect_err("a folder is missing");
    assert!(err.to_string().contains("relocate"), "{err}");
    // What the app's relocate_source command does, for both folders.
    let missing = recap::identity::missing_sources(&Mission::load(t.mission()).expect("load"), &t.mission());
    assert_eq!(missing.len(), 2);
    for (_, old) in missing {
        let who = old.file_name().expect("name").to_string_lossy().into_owned();
        recap::identity::update(&t.mission(), |m| {
            recap::identity::relocate(m, &t.mission(), &old, &t.moved(&who)).map_err(recap::Error::Invalid)
        })
        .expect("relocate");
    }
    let renamed = t.moved("Chloé").join("arrivée.jpg");
    std::fs::rename(t.moved("Chloé").join("IMG_0001.JPG"), &renamed).expect("rename");
    let mut s = Session::open(&t.mission(), &t.cache(), &silent, &recap::Cancel::new()).expect("open");
    let key = recap::caption::photo_key(&std::fs::canonicalize(&renamed).expect("real"));
    assert_eq!(s.mission().captions.get(&key).map(String::as_str), Some("L’arrivée"));
    // Any edit saves the photo under its new name, fingerprint included.
    s.apply(&recap::edit::Edit::Participant { folder: "Chloé".into(), name: "Chloé D.".into() }).expect("edit");
    let m = Mission::load(t.mission()).expect("load");
    assert_eq!(m.captions.get("1:arrivée.jpg").map(String::as_str), Some("L’arrivée"), "{:?}", m.captions);
    assert!(m.fingerprints.contains_key("1:arrivée.jpg") && !m.fingerprints.contains_key("1:IMG_0001.JPG"));
}
