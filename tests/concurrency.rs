//! The mission file under concurrent writers: many `recap edit` processes at
//! once, the app's session editing while the command line does, and
//! processes killed with SIGKILL in the middle of a save. Real binary, real
//! files: the lock and the atomic rename are what is tested.

mod support;

use recap::edit::Edit;
use recap::mission::Mission;
use recap::progress::silent;
use recap::session::Session;
use recap::Cancel;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{camera, Fixture};

fn recap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recap"))
}

/// `n` files to caption (any bytes: `recap edit caption` keys photos by
/// path and never reads them) in `dir/photos`, and a mission over them.
fn captionable(dir: &Path, n: usize) -> (PathBuf, Vec<PathBuf>) {
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).expect("mkdir");
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = photos.join(format!("IMG_{i:04}.JPG"));
            std::fs::write(&p, b"not read").expect("write");
            std::fs::canonicalize(&p).expect("canonical")
        })
        .collect();
    let mission = dir.join("mission.toml");
    let mut m = Mission::new("En même temps");
    m.sources = vec![std::fs::canonicalize(&photos).expect("canonical")];
    m.save(&mission).expect("save");
    (mission, files)
}

/// The captions' texts, sorted (how photos are keyed is not this test's business).
fn texts(m: &Mission) -> Vec<String> {
    let mut t: Vec<String> = m.captions.values().cloned().collect();
    t.sort();
    t
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn twenty_concurrent_recap_edits_keep_all_twenty_captions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mission, photos) = captionable(dir.path(), 20);
    let children: Vec<_> = photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            recap()
                .arg("edit")
                .arg("--mission")
                .arg(&mission)
                .arg("caption")
                .arg(p)
                .arg(format!("légende {i}"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn recap edit")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let m = Mission::load(&mission).expect("load");
    assert_eq!(texts(&m), sorted((0..20).map(|i| format!("légende {i}")).collect()), "lost updates");
}

#[test]
fn a_session_editing_while_recap_edits_run_keeps_every_edit() {
    let fx = Fixture::new();
    for i in 0..6 {
        fx.photo(&format!("Chloé/IMG_{i:04}.JPG"), camera(&format!("2017-06-05 10:{:02}:00", i * 5)));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    let mut m = Mission::new("Deux fenêtres");
    m.sources = vec![std::fs::canonicalize(fx.root()).expect("canonical")];
    m.save(&mission).expect("save");
    let mut session = Session::open(&mission, &dir.path().join("cache"), &silent, &Cancel::new()).expect("open");
    let photos: Vec<PathBuf> = session.report().scan.photos.iter().map(|p| p.path.clone()).collect();
    assert_eq!(photos.len(), 6);

    // The command line captions photos 0–2 (several times) while the app
    // captions photos 3–5 (several times), interleaved.
    let cli_photos = photos[..3].to_vec();
    let mission_for_cli = mission.clone();
    let cli = std::thread::spawn(move || {
        for round in 0..4 {
            for (i, p) in cli_photos.iter().enumerate() {
                let out = recap()
                    .arg("edit")
                    .arg("--mission")
                    .arg(&mission_for_cli)
                    .arg("caption")
                    .arg(p)
                    .arg(format!("cli {i} tour {round}"))
                    .output()
                    .expect("run recap edit");
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            }
        }
    });
    let mut reloaded = false;
    for round in 0..4 {
        for (i, p) in photos[3..].iter().enumerate() {
            let key = recap::caption::photo_key(p);
            session.apply(&Edit::Caption { photo: key, text: Some(format!("app {i} tour {round}")) }).expect("edit");
            reloaded |= session.take_reloaded();
            std::thread::sleep(Duration::from_millis(15));
        }
    }
    cli.join().expect("cli thread");
    // One more edit from the app after the command line finished: it must
    // see (and keep) the last captions of the command line.
    session.apply(&Edit::Participant { folder: "Chloé".into(), name: "Chloé D.".into() }).expect("edit");
    reloaded |= session.take_reloaded();
    assert!(reloaded, "the session never noticed the other process");

    let saved = Mission::load(&mission).expect("load");
    let want = (0..3).map(|i| format!("cli {i} tour 3")).chain((0..3).map(|i| format!("app {i} tour 3")));
    assert_eq!(texts(&saved), sorted(want.collect()), "an edit was lost");
    assert_eq!(saved.participants.get("Chloé").map(String::as_str), Some("Chloé D."));
    // What the app shows is what the file holds.
    assert_eq!(texts(session.mission()), texts(&saved));
}

#[test]
fn undo_in_the_app_never_reverts_an_edit_made_by_another_process() {
    let fx = Fixture::new();
    fx.photo("Chloé/IMG_0001.JPG", camera("2017-06-05 10:00:00"));
    fx.photo("Chloé/IMG_0002.JPG", camera("2017-06-05 10:05:00"));
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    let mut m = Mission::new("Annuler");
    m.sources = vec![std::fs::canonicalize(fx.root()).expect("canonical")];
    m.save(&mission).expect("save");
    let mut session = Session::open(&mission, &dir.path().join("cache"), &silent, &Cancel::new()).expect("open");
    let photos: Vec<PathBuf> = session.report().scan.photos.iter().map(|p| p.path.clone()).collect();
    let key0 = recap::caption::photo_key(&photos[0]);
    session.apply(&Edit::Caption { photo: key0.clone(), text: Some("de l'app".into()) }).expect("edit");
    let out = recap()
        .args(["edit", "--mission"])
        .arg(&mission)
        .arg("caption")
        .arg(&photos[1])
        .arg("de la ligne de commande")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    session.undo().expect("undo");
    assert!(session.take_reloaded());
    let saved = Mission::load(&mission).expect("load");
    assert!(texts(&saved).contains(&"de la ligne de commande".to_string()), "{:?}", texts(&saved));
    assert_eq!(session.mission().captions.len(), saved.captions.len());
}

/// A mission big enough that a save takes a while, so kills land inside it.
fn big_mission(dir: &Path, photo: &Path) -> PathBuf {
    let mission = dir.join("mission.toml");
    let mut m = Mission::new("Grosse mission");
    m.sources = vec![photo.parent().expect("folder").to_path_buf()];
    m.captions = (0..6000)
        .map(|k| (format!("/photos/Étienne L/IMG_{k:05}.JPG"), format!("légende {k}, assez longue pour peser")))
        .collect();
    m.save(&mission).expect("save");
    mission
}

#[test]
fn killing_recap_edit_at_random_moments_leaves_the_old_or_the_new_mission() {
    let runs: usize = std::env::var("RECAP_KILL_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, photos) = captionable(dir.path(), 1);
    let mission = big_mission(dir.path(), &photos[0]);

    // How long a whole edit takes here, to spread the kills over it.
    let started = Instant::now();
    let ok = recap()
        .args(["edit", "--mission"])
        .arg(&mission)
        .arg("caption")
        .arg(&photos[0])
        .arg("mesure")
        .output()
        .expect("run");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let whole = started.elapsed().as_micros().max(1000) as u64;

    let mut before = Mission::load(&mission).expect("load");
    let (mut old_seen, mut new_seen) = (0, 0);
    for run in 0..runs {
        let text = format!("tour {run}");
        let mut child = recap()
            .args(["edit", "--mission"])
            .arg(&mission)
            .arg("caption")
            .arg(&photos[0])
            .arg(&text)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Delays from 0 to 120 % of a whole edit, spread evenly.
        std::thread::sleep(Duration::from_micros(whole * 12 * run as u64 / (10 * runs as u64)));
        let _ = child.kill(); // SIGKILL on Unix, TerminateProcess on Windows
        child.wait().expect("wait");

        let after = Mission::load(&mission).expect("a killed edit leaves a readable mission");
        if after == before {
            old_seen += 1;
        } else {
            // The new mission: the old one with this run's caption, nothing else.
            let changed: Vec<&String> =
                after.captions.iter().filter(|(k, v)| before.captions.get(*k) != Some(*v)).map(|(_, v)| v).collect();
            assert_eq!(changed, vec![&text], "run {run}: neither the old nor the new mission");
            assert_eq!(after.captions.len(), before.captions.len(), "run {run}");
            assert_eq!((&after.name, &after.sources), (&before.name, &before.sources), "run {run}");
            new_seen += 1;
        }
        before = after;
    }
    eprintln!("{runs} kills: {old_seen} left the old mission, {new_seen} the new one");
    // Both outcomes happened: the kills did land before and after the save.
    assert!(old_seen > 0 && new_seen > 0, "old {old_seen}, new {new_seen}");

    // Temporary files of killed saves never sit under the final name, and
    // the next save removes those older than a minute.
    let stale = dir.path().join(".recap-killed.tmp");
    std::fs::write(&stale, b"half").expect("write");
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    std::fs::File::options().write(true).open(&stale).expect("open").set_modified(two_minutes_ago).expect("mtime");
    let fresh = dir.path().join(".recap-inflight.tmp");
    std::fs::write(&fresh, b"in flight").expect("write");
    Mission::update(&mission, |m| {
        m.name = "Après".into();
        Ok::<_, recap::mission::MissionError>(())
    })
    .expect("save");
    assert!(!stale.exists(), "a stale temporary file was left");
    assert!(fresh.exists(), "a temporary file in flight was removed");
}
