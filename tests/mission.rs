//! The mission file: round trips, newer schemas, corrupt files and backups,
//! crashes during a save, and the rule that it lives outside the photos.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use recap::agenda::{AgendaSource, InlineEvent};
use recap::mission::{backup_path, corrupt_path, Localized, Mission, MissionError, Pick, SCHEMA};
use recap::plan::edits::device_key;
use recap::plan::{ChapterEdits, DeviceOffset, Edits, TimeSettings};
use sha2::{Digest, Sha256};

fn full_mission(root: &Path) -> Mission {
    let camera = device_key("Étienne L", Some("Canon"), Some("Canon EOS 70D"), Some("0123"));
    let phone = device_key("Chloé D’Anjou", Some("Apple"), Some("iPhone 6"), None);
    Mission {
        schema: SCHEMA,
        name: "Mission Québec – Pays de la Loire, juin 2017 : l’Anjou et Nantes".into(),
        sources: vec![root.join("photos/Étienne L"), PathBuf::from("photos/Chloé D’Anjou")],
        participants: BTreeMap::from([
            ("Étienne L".into(), "Étienne Lavoie".into()),
            ("Chloé D’Anjou".into(), "Chloé D’Anjou-Bélanger".into()),
            ("marc-andre".into(), "Marc-André O'Neil".into()),
        ]),
        time: TimeSettings { day_start_hour: 5, zone: Some("Europe/Paris".into()), home_zone: None },
        edits: Edits {
            devices: BTreeMap::from([
                (camera, DeviceOffset::Minutes(360)),
                (phone, DeviceOffset::Cleared),
                ("Marc-André O'Neil | Samsung".into(), DeviceOffset::Minutes(-45)),
            ]),
            chapters: ChapterEdits {
                rename: BTreeMap::from([("c-angers-1".into(), "Angers, ville d’art et d’objets".into())]),
                title_lang: BTreeMap::from([("c-angers-1".into(), recap::lang::Lang::En)]),
                merge: vec![vec!["c-angers-1".into(), "c-trélazé-2".into()]],
                split: vec!["/photos/Chloé D’Anjou/IMG_0042.JPG".into()],
                order: vec!["c-nantes-3".into(), "c-angers-1".into()],
                moves: BTreeMap::from([("/photos/Étienne L/IMG_0007.JPG".into(), "c-nantes-3".into())]),
            },
        },
        agenda: AgendaSource {
            file: Some("programme.ics".into()),
            events: vec![InlineEvent {
                summary: "Quiz web contre les Belges".into(),
                start: "2017-06-10T11:00".into(),
                end: Some("2017-06-10T12:30:00+02:00".into()),
                location: Some("Stereolux, Nantes".into()),
                geo: Some([47.2058, -1.564]),
            }],
        },
        captions: BTreeMap::from([(
            "/photos/Étienne L/IMG_0001.JPG".into(),
            "L’équipe devant « la Cité de l'objet connecté »\nDeuxième ligne".into(),
        )]),
        picks: BTreeMap::from([
            ("/photos/a.jpg".into(), Pick::Pick),
            ("/photos/b.jpg".into(), Pick::Reject),
            ("/photos/c.jpg".into(), Pick::Stars(4)),
        ]),
        templates: Localized { fr: Some("{moment} à {city}, {date}".into()), en: None },
        intros: BTreeMap::from([(
            "c-angers-1".into(),
            Localized { fr: Some("Trois jours « à l’angevine »".into()), en: Some("Three days in Anjou".into()) },
        )]),
        ..Mission::default()
    }
}

fn sha(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).expect("read")).to_vec()
}

fn leftover_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn round_trip_keeps_accents_and_apostrophes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("Mission d’été.recap.toml");
    let m = full_mission(dir.path());
    m.save(&path).expect("save");
    let back = Mission::load(&path).expect("load");
    assert_eq!(back, m);

    // Human-readable: versioned, accents written as themselves.
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.lines().any(|l| l == "schema = 1"), "{text}");
    assert!(text.contains("\"Étienne L\" = \"Étienne Lavoie\""), "{text}");
    assert!(text.contains("= 360"), "{text}");
    assert!(text.contains("= \"cleared\""), "{text}");
    assert!(text.contains("[devices]"), "{text}");
    assert!(text.contains("[chapters.rename]"), "{text}");

    // Saving what was loaded writes the same bytes.
    back.save(&path).expect("save again");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    assert!(leftover_temp_files(dir.path()).is_empty());
}

#[test]
fn old_and_minimal_files_load_with_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.toml");
    std::fs::write(&path, "name = \"Sans schéma\"\n").expect("write");
    let m = Mission::load(&path).expect("load");
    assert_eq!(m.name, "Sans schéma");
    assert_eq!(m.schema, SCHEMA);
    assert_eq!(m.time.day_start_hour, 4);
    assert_eq!(m.edits, Edits::default());

    std::fs::write(&path, "").expect("write");
    assert_eq!(Mission::load(&path).expect("empty file"), Mission::default());

    // Keys from a future version of the same schema are ignored, not fatal.
    std::fs::write(&path, "schema = 1\nname = \"x\"\nfuture_thing = true\n[time]\nnew_knob = 3\n").expect("write");
    assert_eq!(Mission::load(&path).expect("unknown keys").name, "x");
}

#[test]
fn newer_schema_is_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    std::fs::write(&path, "schema = 3\nname = \"Du futur\"\n[[stages]]\nkind = \"hologram\"\n").expect("write");
    let before = sha(&path);

    let err = Mission::load(&path).expect_err("newer schema");
    assert_eq!(err.code(), "mission_too_new");
    let msg = err.to_string();
    assert!(msg.contains("made by a newer Recap (schema 3); this version reads up to 1"), "{msg}");

    let err = Mission::new("écrasement").save(&path).expect_err("save refuses");
    assert!(matches!(err, MissionError::TooNew { found: 3, .. }), "{err}");
    assert_eq!(sha(&path), before, "the newer file is untouched");
    assert!(!backup_path(&path).exists());
    assert!(leftover_temp_files(dir.path()).is_empty());

    // The mission's own code survives the core's error (it was `invalid`).
    let e: recap::Error = err.into();
    assert_eq!(e.code(), "mission_too_new");
}

#[test]
fn corrupt_file_reports_its_line_and_the_backup_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let mut v1 = full_mission(dir.path());
    v1.name = "Première version".into();
    v1.save(&path).expect("save v1");
    assert!(!backup_path(&path).exists(), "nothing to back up yet");
    let mut v2 = v1.clone();
    v2.name = "Deuxième version".into();
    v2.save(&path).expect("save v2");
    assert_eq!(Mission::load_backup(&path).expect("backup"), v1);

    // A hand edit gone wrong on line 4.
    let corrupt = "schema = 1\nname = \"Été\"\n[time]\nday_start_hour == 4\n";
    std::fs::write(&path, corrupt).expect("write");
    let err = Mission::load(&path).expect_err("corrupt");
    match &err {
        MissionError::Corrupt { line, column, backup, .. } => {
            assert_eq!((*line, *column), (4, 17), "{err}");
            assert_eq!(backup.as_deref(), Some(backup_path(&path).as_path()));
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("line 4"), "{msg}");
    assert!(msg.contains("mission.toml.bak"), "{msg}");
    assert_eq!(err.code(), "mission_corrupt");

    // The backup is the last good version and loads.
    let recovered = Mission::load_backup(&path).expect("backup loads");
    assert_eq!(recovered, v1);

    // Saving over the corrupt file keeps the good backup and sets the
    // broken text aside instead of losing it.
    recovered.save(&path).expect("save over corrupt");
    assert_eq!(Mission::load(&path).expect("load"), v1);
    assert_eq!(Mission::load_backup(&path).expect("backup"), v1);
    assert_eq!(std::fs::read_to_string(corrupt_path(&path)).expect("aside"), corrupt);
}

#[test]
fn wrong_values_are_reported_with_their_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let cases = [
        ("schema = 1\n[time]\nday_start_hour = \"quatre\"\n", 3),
        ("schema = 1\n\n[devices]\n\"Étienne L | Canon\" = \"parfois\"\n", 4),
        ("schema = 1\n[picks]\n\"/a.jpg\" = 9\n", 3),
    ];
    for (text, line) in cases {
        std::fs::write(&path, text).expect("write");
        match Mission::load(&path) {
            Err(MissionError::Corrupt { line: got, .. }) => assert_eq!(got, line, "{text}"),
            other => panic!("{text}: expected Corrupt, got {other:?}"),
        }
    }
    std::fs::write(&path, "[time]\nzone = \"Europe/Pariss\"\n").expect("write");
    let err = Mission::load(&path).expect_err("bad zone");
    assert_eq!(err.code(), "mission_invalid");
    assert!(err.to_string().contains("Europe/Pariss"));
    std::fs::write(&path, "[time]\nday_start_hour = 24\n").expect("write");
    assert_eq!(Mission::load(&path).expect_err("bad hour").code(), "mission_invalid");
    std::fs::write(&path, [b'n', b'a', b'm', b'e', b'=', 0xff]).expect("write");
    assert_eq!(Mission::load(&path).expect_err("not UTF-8").code(), "mission_corrupt");
}

#[test]
fn an_abandoned_temporary_file_does_not_matter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let m = full_mission(dir.path());
    m.save(&path).expect("save");
    // What a save killed before its rename leaves behind: half a file.
    let text = m.to_toml().expect("toml");
    std::fs::write(dir.path().join(".recap-mission-crashed.tmp"), &text.as_bytes()[..text.len() / 2])
        .expect("write partial");
    assert_eq!(Mission::load(&path).expect("load"), m);
    m.save(&path).expect("save again");
    assert_eq!(Mission::load(&path).expect("load"), m);
}

const CRASH_ENV: &str = "RECAP_TEST_MISSION_CRASH_FILE";
const CAPTIONS: usize = 4000;

fn generation(i: u64) -> Mission {
    let mut m = Mission::new(format!("génération {i}"));
    // Big enough that the process is usually killed in the middle of a write.
    m.captions = (0..CAPTIONS)
        .map(|k| (format!("/photos/Étienne L/IMG_{k:05}.JPG"), format!("légende {k} de la génération {i}")))
        .collect();
    m
}

/// The child side of `killing_a_save_leaves_a_readable_file`: the same test
/// binary, re-run with `CRASH_ENV` set, saving until it is killed.
fn save_until_killed(path: &std::path::Path) {
    let started = Instant::now();
    for i in 0.. {
        generation(i).save(path).expect("save");
        // After two saves, so that every kill lands in a save that replaces
        // a file (backup, history, rename).
        if i == 1 {
            std::fs::write(path.with_extension("started"), b"").expect("marker");
        }
        if started.elapsed() > Duration::from_secs(30) {
            break; // never outlive a parent that failed to kill us
        }
    }
}

#[test]
fn killing_a_save_leaves_a_readable_file() {
    if let Some(path) = std::env::var_os(CRASH_ENV) {
        return save_until_killed(std::path::Path::new(&path));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let marker = path.with_extension("started");
    let exe = std::env::current_exe().expect("test binary");
    let mut generations = Vec::new();
    for round in 0..6u64 {
        let _ = std::fs::remove_file(&marker);
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "killing_a_save_leaves_a_readable_file", "--test-threads=1"])
            .env(CRASH_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn child");
        let waited = Instant::now();
        while !marker.exists() {
            assert!(waited.elapsed() < Duration::from_secs(60), "child never saved");
            assert!(child.try_wait().expect("try_wait").is_none(), "child exited early");
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(5 + 9 * round));
        child.kill().expect("kill"); // SIGKILL on Unix: no cleanup runs
        child.wait().expect("wait");

        let m = Mission::load(&path).expect("a killed save leaves a readable file");
        assert_eq!(m.captions.len(), CAPTIONS);
        let g: u64 = m.name.trim_start_matches("génération ").parse().expect("generation");
        assert_eq!(m, generation(g), "a whole generation, never a mix");
        assert!(Mission::load_backup(&path).is_ok() || g == 0);
        generations.push(g);
    }
    // The child really was saving over and over when killed.
    assert!(generations.iter().any(|&g| g > 0), "{generations:?}");
}

#[test]
fn saving_inside_a_source_folder_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(photos.join("Étienne L")).expect("mkdir");
    let mut m = Mission::new("Dedans");
    m.sources = vec![photos.join("Étienne L"), PathBuf::from("photos/Chloé")];

    for inside in [
        photos.join("Étienne L/mission.toml"),
        photos.join("Étienne L/sous-dossier/mission.toml"),
        photos.join("Étienne L/../Étienne L/mission.toml"),
    ] {
        let err = m.save(&inside).expect_err("inside a source");
        assert_eq!(err.code(), "inside_source", "{}", inside.display());
        assert!(err.to_string().contains("inside the photo folder"), "{err}");
        assert!(!inside.exists());
    }
    // Beside the photos is fine, and so is a sibling whose name only starts alike.
    m.save(dir.path().join("mission.toml")).expect("beside");
    m.save(photos.join("Étienne L-notes.toml")).expect("sibling");
    // A relative source is taken from the mission file's folder: "." is
    // that folder itself, not yet created here.
    m.sources = vec![PathBuf::from("photos/Chloé"), PathBuf::from(".")];
    let nested = dir.path().join("nouveau/mission.toml");
    assert_eq!(m.save(&nested).expect_err("inside .").code(), "inside_source");
    assert!(!nested.exists());
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    Mission::new("a").save(&path).expect("save");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    Mission::new("b").save(&path).expect("save");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn device_keys_join_what_is_known() {
    assert_eq!(
        device_key("Étienne L", Some("Canon"), Some("Canon EOS 70D"), Some("0123")),
        "Étienne L | Canon | Canon EOS 70D | 0123"
    );
    assert_eq!(device_key("Chloé", None, Some(" iPhone 6 "), Some("")), "Chloé | iPhone 6");
}

#[test]
fn json_round_trip_for_the_front_ends() {
    let m = full_mission(Path::new("/trip"));
    let json = serde_json::to_string(&m).expect("json");
    let back: Mission = serde_json::from_str(&json).expect("from json");
    assert_eq!(back, m);
}

fn recap_edit(mission: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .arg("edit")
        .arg("--mission")
        .arg(mission)
        .args(args)
        .output()
        .expect("run recap edit")
}

const PYPROJECT: &str =
    "[project]\nname = \"outil\"\nversion = \"0.1.0\"\n\n[build-system]\nrequires = [\"hatchling\"]\n";

#[test]
fn pyproject_toml_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pyproject.toml");
    std::fs::write(&path, PYPROJECT).expect("write");
    let err = Mission::load(&path).expect_err("not a mission");
    assert_eq!(err.code(), "not_a_mission");
    assert!(err.to_string().contains("project"), "{err}");

    for _ in 0..2 {
        let out = recap_edit(&path, &["rename", "c-angers", "Angers"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a Recap mission file"));
    }
    let err = Mission::new("écrasement").save(&path).expect_err("save refuses");
    assert_eq!(err.code(), "not_a_mission");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), PYPROJECT, "byte for byte unchanged");
    assert!(!backup_path(&path).exists() && !corrupt_path(&path).exists());
    assert!(recap::mission::versions(&path).is_empty());
}

#[test]
fn a_mission_from_before_the_marker_opens_and_gains_it_on_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ancienne.toml");
    std::fs::write(&path, "schema = 1\nname = \"Ancienne\"\n[participants]\n\"Étienne L\" = \"Étienne\"\n")
        .expect("write");
    let m = Mission::load(&path).expect("old shape loads");
    m.save(&path).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.lines().any(|l| l == "recap = 1"), "{text}");
    assert_eq!(Mission::load(&path).expect("load"), m);
    // The demo writes the current format.
    let demo = dir.path().join("demo.toml");
    recap::demo::write_demo_mission(&dir.path().join("photos"), &demo).expect("demo");
    assert!(std::fs::read_to_string(&demo).expect("read").starts_with("# Recap mission file"));
    assert!(Mission::load(&demo).is_ok());
}

#[test]
fn unknown_keys_survive_a_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let text = "recap = 1\nname = \"Avec extras\"\nfuture_knob = 3\nlabels = [\"a\", \"b\"]\n\
[future_table]\ndepth = { x = 1 }\n[[stages]]\nkind = \"bus\"\n[[stages]]\nkind = \"train\"\n";
    std::fs::write(&path, text).expect("write");
    let m = Mission::load(&path).expect("load");
    assert_eq!(m.extra.len(), 4, "{:?}", m.extra);
    Mission::update(&path, |m| {
        m.name = "Renommée".into();
        Ok::<_, MissionError>(())
    })
    .expect("update");
    let saved: toml::Table = toml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("valid TOML");
    let original: toml::Table = toml::from_str(text).expect("toml");
    for key in ["future_knob", "labels", "future_table", "stages"] {
        assert_eq!(saved.get(key), original.get(key), "{key}");
    }
    assert_eq!(saved.get("name").and_then(toml::Value::as_str), Some("Renommée"));
    assert_eq!(Mission::load(&path).expect("load").extra, m.extra);
}

#[test]
fn a_newer_version_is_refused_for_saving_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let text = "recap = 2\nname = \"Du futur\"\n";
    std::fs::write(&path, text).expect("write");
    let err = Mission::load(&path).expect_err("newer");
    assert_eq!(err.code(), "mission_too_new");
    assert_eq!(Mission::new("x").save(&path).expect_err("refused").code(), "mission_too_new");
    let out = recap_edit(&path, &["rename", "c-a", "A"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer Recap"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn deeply_nested_mission_is_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    for text in [
        format!("recap = 1\nx = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("recap = 1\nx = {}1{}\n", "{a = ".repeat(50_000), "}".repeat(50_000)),
        format!("recap = 1\n{} = 1\n", vec!["a"; 100_000].join(".")),
    ] {
        std::fs::write(&path, &text).expect("write");
        let err = Mission::load(&path).expect_err("too deep");
        assert_eq!(err.code(), "mission_corrupt");
        assert!(err.to_string().contains("nested more than"), "{err}");
    }
    // Strings and comments full of brackets are not nesting.
    let fine = format!("recap = 1\nname = \"{}\" # {}\n", "[".repeat(500), "{".repeat(500));
    std::fs::write(&path, fine).expect("write");
    assert!(Mission::load(&path).is_ok());
}

#[test]
fn mission_of_one_huge_array_is_refused_not_1_5_gb() {
    // 8 MiB of `1,`: under the size cap, but the TOML parser would spend
    // about 1.5 GB on its four million values.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    let mut text = String::from("recap = 1\nx = [");
    text.push_str(&"1,".repeat(4 << 20));
    text.push_str("1]\n");
    std::fs::write(&path, &text).expect("write");
    let err = Mission::load(&path).expect_err("too many values");
    assert_eq!(err.code(), "mission_corrupt");
    assert!(err.to_string().contains("more than"), "{err}");

    // A real large mission stays well under the cap: 20 000 photos, each
    // captioned (commas inside the text do not count) and picked with stars.
    let mut m = Mission::new("Grande mission");
    for i in 0..20_000 {
        let key = format!("1:Participant {}/IMG_{i:05}.JPG", i % 27);
        m.captions.insert(key.clone(), format!("Photo {i}, à Angers, le 6 juin, avec l’équipe"));
        m.set_pick(&key, Some(recap::mission::PickState::Pick));
        m.set_stars(&key, 4);
    }
    m.save(&path).expect("save");
    let back = Mission::load(&path).expect("a 20 000-photo mission loads");
    assert_eq!(back.captions.len(), 20_000);
}

#[test]
fn an_oversized_or_special_mission_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("énorme.toml");
    std::fs::File::create(&path).expect("create").set_len(100 << 20).expect("set_len");
    let err = Mission::load(&path).expect_err("too large");
    assert_eq!(err.code(), "not_a_mission");
    assert!(err.to_string().contains("more than"), "{err}");
    assert_eq!(Mission::load(dir.path()).expect_err("a folder").code(), "not_a_mission");
    #[cfg(target_os = "linux")]
    assert_eq!(Mission::load("/dev/zero").expect_err("a device").code(), "not_a_mission");
}

#[test]
fn three_edits_then_restore_brings_back_each_earlier_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.toml");
    Mission::new("Historique").save(&path).expect("save");
    let title = |p: &Path| Mission::load(p).expect("load").edits.chapters.rename.get("c-a").cloned();
    for t in ["Un", "Deux", "Trois"] {
        let out = recap_edit(&path, &["rename", "c-a", t]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(title(&path).as_deref(), Some("Trois"));
    let versions = recap::mission::versions(&path);
    assert_eq!(versions.len(), 3, "{versions:?}");
    assert!(versions.iter().all(|v| v.saved_at.is_some() && v.name.as_deref() == Some("Historique")));

    let out = recap_edit(&path, &["history", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["versions"].as_array().map(Vec::len), Some(3));

    // restore (1, by default) is an undo of the last edit…
    let out = recap_edit(&path, &["restore"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(title(&path).as_deref(), Some("Deux"));
    // …which is itself version 1 now, so it can be undone.
    assert!(recap_edit(&path, &["restore", "1"]).status.success());
    assert_eq!(title(&path).as_deref(), Some("Trois"));
    // Further back: before the first edit.
    let n = recap::mission::versions(&path).len();
    assert!(recap_edit(&path, &["restore", &n.to_string()]).status.success());
    assert_eq!(title(&path), None);
    let out = recap_edit(&path, &["restore", "99"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no version 99"));

    // Only the last ten are kept.
    for i in 0..15 {
        Mission::update(&path, |m| {
            m.name = format!("Version {i}");
            Ok::<_, MissionError>(())
        })
        .expect("update");
    }
    let versions = recap::mission::versions(&path);
    assert_eq!(versions.len(), recap::mission::HISTORY_KEEP);
    assert_eq!(versions[0].name.as_deref(), Some("Version 13"));
}
