//! Participants and the Bottin: a participant's sub-folders are hers
//! (`Marie/WhatsApp/…` is Marie's, not a person called WhatsApp), whether
//! the folder holding everyone's or each participant's folder is added;
//! delegates who sent no photo and folders linked to one person, stored in
//! the mission, surviving rescans, through `recap edit person …` and the
//! app's session.

mod support;

use recap::edit::Edit;
use recap::lang::Lang;
use recap::mission::Mission;
use recap::progress::silent;
use recap::scan::owners;
use recap::session::Session;
use recap::{Cancel, ScanOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{camera, iphone, Fixture};

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn ok(out: &std::process::Output) {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Folder trees in (the folders added, then each file as root index and
/// relative path), people out, one per file.
#[test]
fn folder_trees_name_their_people() {
    type Case<'a> = (&'a str, &'a [&'a str], &'a [(usize, &'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "the folder holding everyone's: first level is the person, whatever is under it",
            &["/trips/Japon 2019"],
            &[
                (0, "Kenji/DCIM/100APPLE/IMG_0001.JPG", "Kenji"),
                (0, "Kenji/WhatsApp/IMG-20190403-WA0001.jpg", "Kenji"),
                (0, "Amélie Dubois/Jour 2/DSC_0001.JPG", "Amélie Dubois"),
                (0, "Amélie Dubois/a.jpg", "Amélie Dubois"),
                // Loose in the trip folder, and a group chat's export: the trip folder's own.
                (0, "IMG_9999.JPG", "Japon 2019"),
                (0, "WhatsApp Images/IMG-1.jpg", "Japon 2019"),
            ],
        ),
        (
            "one participant's folder added alone: phone, app, date and day folders are hers",
            &["/home/u/Ngozi Okafor"],
            &[
                (0, "WhatsApp Images/IMG-20240110-WA0003.jpg", "Ngozi Okafor"),
                (0, "DCIM/100APPLE/IMG_0420.HEIC", "Ngozi Okafor"),
                (0, "2024-01-10/IMG_0421.HEIC", "Ngozi Okafor"),
                (0, "Jour 3 - Lagos/IMG_0430.HEIC", "Ngozi Okafor"),
                (0, "Camera Roll/IMG_0431.HEIC", "Ngozi Okafor"),
                (0, "IMG_0432.HEIC", "Ngozi Okafor"),
            ],
        ),
        (
            "Windows paths as strings, the folder holding everyone's",
            &[r"C:\Voyages\Kenya 2024\"],
            &[
                (0, r"Wanjiru\DCIM\100CANON\IMG_0001.JPG", "Wanjiru"),
                (0, r"Otieno Ouma\Camera Roll\IMG_0002.JPG", "Otieno Ouma"),
            ],
        ),
        (
            "Windows paths as strings, one participant's folder",
            &[r"D:\Photos\José María"],
            &[(0, r"Día 3 - Cusco\IMG_1.JPG", "José María"), (0, r"WhatsApp\Media\IMG_2.jpg", "José María")],
        ),
        (
            "participants added one by one: a single other folder inside is theirs too",
            &["/m/Marie", "/m/Kofi Mensah"],
            &[
                (0, "Kyoto/IMG_1.JPG", "Marie"),
                (0, "DCIM/100APPLE/IMG_2.JPG", "Marie"),
                (1, "Kofi Mensah iPhone/IMG_3.JPG", "Kofi Mensah"),
                (1, "IMG_4.JPG", "Kofi Mensah"),
            ],
        ),
        (
            "a folder of people added beside one person's stays a folder of people",
            &["/data/Groupe Séoul", "/media/usb/Lena"],
            &[(0, "Aiko/a.jpg", "Aiko"), (0, "Bảo Trần/b.jpg", "Bảo Trần"), (1, "WhatsApp/c.jpg", "Lena")],
        ),
        (
            "days added one by one hold people, not a person called Jour 1",
            &["/t/Jour 1", "/t/Jour 2"],
            &[(0, "Aiko/a.jpg", "Aiko"), (1, "Aiko/b.jpg", "Aiko"), (1, "Søren/c.jpg", "Søren")],
        ),
    ];
    for (why, roots, files) in cases {
        let given: Vec<(usize, &str)> = files.iter().map(|(r, rel, _)| (*r, *rel)).collect();
        let expected: Vec<&str> = files.iter().map(|(_, _, who)| *who).collect();
        assert_eq!(owners(roots, &given).of, expected, "{why}");
    }
}

fn scan(roots: &[PathBuf], cache: &Path) -> recap::ScanReport {
    let opts = ScanOptions { roots: roots.to_vec(), cache_dir: cache.to_path_buf() };
    recap::scan(&opts, &silent, &Cancel::new()).expect("scan runs")
}

fn people(r: &recap::ScanReport) -> BTreeSet<String> {
    r.photos.iter().map(|p| p.contributor.clone()).collect()
}

#[test]
fn a_participants_whatsapp_folder_is_hers_whether_her_folder_or_the_trips_is_added() {
    let f = Fixture::new();
    f.photo("Ghana 2025/Marie/WhatsApp Images/IMG-1.jpg", camera("2025-03-01 10:00:00"))
        .photo("Ghana 2025/Marie/DCIM/100APPLE/IMG_2.JPG", iphone("2025-03-01 10:05:00", "+00:00", 5.6, -0.19))
        .photo("Ghana 2025/Marie/Jour 2/IMG_3.JPG", camera("2025-03-02 10:00:00"))
        .photo("Ghana 2025/Kwame Asante/IMG_4.JPG", camera("2025-03-01 11:00:00"));
    let expected: BTreeSet<String> = ["Kwame Asante", "Marie"].map(String::from).into();
    let trip = scan(&[f.path("Ghana 2025")], &f.path("cache"));
    assert_eq!(people(&trip), expected, "the trip's folder added");
    let each = scan(&[f.path("Ghana 2025/Marie"), f.path("Ghana 2025/Kwame Asante")], &f.path("cache"));
    assert_eq!(people(&each), expected, "each participant's folder added");
    let alone = scan(&[f.path("Ghana 2025/Marie")], &f.path("cache"));
    assert_eq!(people(&alone), ["Marie".to_string()].into(), "her folder alone");
    assert_eq!(
        alone.folded.get("WhatsApp Images").map(|p| p.iter().map(String::as_str).collect::<Vec<_>>()),
        Some(vec!["Marie"])
    );
}

/// A mission written when Recap named every first-level folder a person:
/// Marie's folder added alone made `WhatsApp Images` and `DCIM` people, and
/// the user's clock verdict and display name live under those names.
#[test]
fn an_old_mission_keeps_its_clock_and_name_under_folders_that_are_no_longer_people() {
    let f = Fixture::new();
    f.photo("Marie/WhatsApp Images/IMG-1.jpg", camera("2025-03-01 10:00:00"))
        .photo("Marie/DCIM/IMG_2.JPG", iphone("2025-03-01 10:05:00", "+00:00", 5.6, -0.19));
    let m = f.path("old.toml");
    let text = format!(
        "recap = 1\nschema = 1\nname = \"Ghana\"\nsources = ['{}']\n\n[participants]\n\"WhatsApp Images\" = \"WhatsApp Images\"\nDCIM = \"Marie Curie\"\n\n[devices]\n\"WhatsApp Images | Canon | Canon EOS 80D | 043021004512\" = 120\n",
        s(&f.path("Marie"))
    );
    std::fs::write(&m, text).expect("write the old mission");
    let session = Session::open(&m, &f.path("cache"), &silent, &Cancel::new()).expect("open");
    let canon =
        session.report().plan.devices.iter().find(|d| d.key.starts_with("Marie | Canon")).expect("Marie's Canon");
    assert_eq!(canon.offset_minutes, 120, "the verdict given to the WhatsApp Images folder's Canon is Marie's Canon's");
    let who: Vec<(String, String)> = session.participants().into_iter().map(|p| (p.folder, p.name)).collect();
    assert_eq!(who, [("Marie".to_string(), "Marie Curie".to_string())]);
}

/// A group trip folder with Marc's two folders and Aiko's; a mission made
/// by `recap plan`.
fn trip() -> (Fixture, PathBuf) {
    let f = Fixture::new();
    f.photo("Séoul 2026/Marc/DSC_0001.JPG", camera("2026-05-02 10:00:00"))
        .photo("Séoul 2026/Marc iPhone/IMG_0001.JPG", iphone("2026-05-02 10:30:00", "+09:00", 37.57, 126.98))
        .photo("Séoul 2026/Marc iPhone/IMG_0002.JPG", iphone("2026-05-02 11:30:00", "+09:00", 37.57, 126.98))
        .photo("Séoul 2026/Aiko/IMG_0100.JPG", iphone("2026-05-02 10:40:00", "+09:00", 37.57, 126.98));
    let m = f.path("seoul.toml");
    ok(&recap(&["plan", &s(&f.path("Séoul 2026")), "--mission", &s(&m), "--cache", &s(&f.path("cache"))]));
    (f, m)
}

fn open(f: &Fixture, m: &Path) -> Session {
    Session::open(m, &f.path("cache"), &silent, &Cancel::new()).expect("open")
}

fn credits(s: &Session) -> BTreeSet<String> {
    s.view(Lang::Fr).photos.values().map(|p| p.caption.photographer.clone()).collect()
}

#[test]
fn a_delegate_and_a_link_from_recap_edit_survive_a_rescan_and_unlinking_restores() {
    let (f, m) = trip();
    let edit = |args: &[&str]| recap(&[&["edit", "--mission", &s(&m)], args].concat());
    ok(&edit(&["clock", "Marc iPhone | Apple | iPhone 7", "--minutes", "60"]));
    ok(&edit(&["participant", "Marc", "Marc Tremblay"]));
    ok(&edit(&["person", "add", "Awa Diop"]));
    ok(&edit(&["person", "link", "Marc iPhone", "--to", "Marc"]));

    let s1 = open(&f, &m);
    let by_folder = |s: &Session| {
        s.people().into_iter().map(|p| (p.folder.clone(), (p.photos, p.linked_to, p.delegate))).collect::<Vec<_>>()
    };
    assert_eq!(
        by_folder(&s1),
        [
            ("Aiko".into(), (1, None, false)),
            ("Marc".into(), (3, None, false)),
            ("Marc iPhone".into(), (2, Some("Marc".into()), false)),
            ("Awa Diop".into(), (0, None, true)),
        ]
    );
    assert_eq!(credits(&s1), ["Aiko".to_string(), "Marc Tremblay".into()].into(), "Marc iPhone's photos credit Marc");
    let devices: Vec<(&str, i32)> =
        s1.report().plan.devices.iter().map(|d| (d.key.as_str(), d.offset_minutes)).collect();
    assert!(
        devices.contains(&("Marc | Apple | iPhone 7", 60)),
        "the folder's clock verdict went with its device: {devices:?}"
    );
    assert!(!devices.iter().any(|(k, _)| k.starts_with("Marc iPhone")), "{devices:?}");
    drop(s1);
    let out = recap(&["plan", "--mission", &s(&m), "--cache", &s(&f.path("cache")), "--json"]);
    ok(&out);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let people: Vec<(String, Option<String>, bool)> = plan["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            (p["key"].as_str().unwrap_or("").into(), p["linked_to"].as_str().map(String::from), p["delegate"] == true)
        })
        .collect();
    assert_eq!(
        people,
        [
            ("Aiko".into(), None, false),
            ("Marc".into(), None, false),
            ("Marc iPhone".into(), Some("Marc".into()), false),
            ("Awa Diop".into(), None, true)
        ]
    );

    ok(&edit(&["person", "unlink", "Marc iPhone"]));
    let s2 = open(&f, &m);
    let marc_iphone = s2.people().into_iter().find(|p| p.folder == "Marc iPhone").expect("listed");
    assert_eq!((marc_iphone.photos, marc_iphone.linked_to), (2, None));
    assert!(credits(&s2).contains("Marc iPhone"), "its photos are its own again");
    let iphone = s2.report().plan.devices.iter().find(|d| d.key == "Marc iPhone | Apple | iPhone 7").expect("its own");
    assert_eq!(iphone.offset_minutes, 60, "its own verdict was kept for the unlink");
}

#[test]
fn the_apps_link_moves_photos_and_credits_at_once_and_undo_gives_them_back() {
    let (f, m) = trip();
    let mut s = open(&f, &m);
    let before = credits(&s);
    s.apply(&Edit::PersonLink { folder: "Marc iPhone".into(), to: "Marc".into() }).expect("link");
    assert_eq!(credits(&s), ["Aiko".to_string(), "Marc".into()].into());
    assert_eq!(Mission::load(&m).expect("saved").people.links.get("Marc iPhone").map(String::as_str), Some("Marc"));
    // Unknown folders and people are refused; nothing changes.
    assert!(s.apply(&Edit::PersonLink { folder: "Zed".into(), to: "Marc".into() }).is_err());
    assert!(s.apply(&Edit::PersonLink { folder: "Aiko".into(), to: "Nobody".into() }).is_err());
    s.undo().expect("undo");
    assert_eq!(credits(&s), before);
    assert!(Mission::load(&m).expect("saved").people.links.is_empty());
    s.apply(&Edit::PersonAdd { name: "Awa Diop".into() }).expect("add");
    // A delegate can be the person a folder is: Aiko's folder is Awa's.
    s.apply(&Edit::PersonLink { folder: "Aiko".into(), to: "Awa Diop".into() }).expect("link to a delegate");
    let awa = s.people().into_iter().find(|p| p.folder == "Awa Diop").expect("listed");
    assert_eq!((awa.photos, awa.delegate), (1, true));
    assert!(s.apply(&Edit::PersonAdd { name: "Marc".into() }).is_err(), "Marc is in the Bottin already");
}

#[test]
fn hostile_person_names_are_refused_with_a_clear_error_and_the_mission_unchanged() {
    let (f, m) = trip();
    let before = std::fs::read(&m).expect("read");
    let long = "é".repeat(101);
    for (args, says) in [
        (vec!["person", "add", ""], "needs a name"),
        (vec!["person", "add", "   "], "needs a name"),
        (vec!["person", "add", &long], "at most 100"),
        (vec!["person", "add", "Awa\u{1b}[31m"], "control characters"),
        (vec!["person", "add", "Awa\nDiop"], "control characters"),
        (vec!["person", "link", "Marc", "--to", "Marc"], "itself"),
        (vec!["person", "link", "", "--to", "Marc"], "needs a name"),
        (vec!["person", "unlink", "Aiko"], "not linked"),
        (vec!["person", "remove", "Aiko"], "not a delegate"),
    ] {
        let out = recap(&[&["edit", "--mission", &s(&m)], args.as_slice()].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{args:?}: {err}");
        assert_eq!(std::fs::read(&m).expect("read"), before, "{args:?} changed the file");
    }
    drop(f);
}
