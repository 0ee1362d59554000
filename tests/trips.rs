//! The test trips of `support::trips`, written as real JPEG files, scanned
//! and planned: chapters (stays and places passed through), same-day visits
//! as moments, and trip days, scored against each trip's truth.
//!
//! `cargo test --test trips -- --nocapture` prints the score table.

mod support;

use recap::plan::{self, ChapterKind, DeviceOffset, Edits, Plan, PlanSettings};
use recap::progress::{silent, Cancel};
use recap::scan::{self, ScanOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use support::trips::{self, DeviceKind, Trip, Written};

/// Where the plan put one photo.
struct Placed {
    chapter: usize,
    day: chrono::NaiveDate,
    visit: Option<String>,
}

fn placed(plan: &Plan) -> HashMap<PathBuf, Placed> {
    let mut out = HashMap::new();
    for (ci, c) in plan.chapters.iter().enumerate() {
        for d in &c.days {
            for m in &d.moments {
                for p in &m.photos {
                    let visit = m.visit.as_ref().map(|v| v.name.clone());
                    out.insert(p.path.clone(), Placed { chapter: ci, day: d.date, visit });
                }
            }
        }
    }
    out
}

/// How well a plan matches a trip's truth.
#[derive(Debug, Default)]
struct Score {
    photos: usize,
    /// Photos in the chapter their truth label maps to.
    chapter_ok: usize,
    /// The same, counting only devices whose clock tells the time itself
    /// (phones): their placement does not depend on clock alignment.
    phone_photos: usize,
    phone_chapter_ok: usize,
    day_ok: usize,
    phone_day_ok: usize,
    visit_ok: usize,
    phone_visit_ok: usize,
    /// Truth chapters, plan chapters, and truth chapters found with the
    /// right kind and title.
    chapters_want: usize,
    chapters_got: usize,
    chapters_right: usize,
    /// Human-readable reasons for each miss (first few).
    misses: Vec<String>,
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        100.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn score(trip: &Trip, written: &Written, plan: &Plan) -> Score {
    let at = placed(plan);
    let mut s = Score { chapters_want: trip.chapters.len(), chapters_got: plan.chapters.len(), ..Score::default() };
    // Each truth chapter maps to the plan chapter holding most of its photos.
    let mut votes: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
    for shot in &written.shots {
        if let Some(p) = at.get(&shot.path) {
            *votes.entry(shot.chapter).or_default().entry(p.chapter).or_default() += 1;
        }
    }
    let mut mapped: HashMap<&str, usize> = HashMap::new();
    for c in &trip.chapters {
        let best = votes.get(c.label).and_then(|v| v.iter().max_by_key(|&(&ci, &n)| (n, std::cmp::Reverse(ci))));
        let Some((&ci, _)) = best else {
            s.misses.push(format!("no photo of chapter {}", c.label));
            continue;
        };
        // A plan chapter standing for two truth chapters serves only the first.
        if mapped.values().any(|&m| m == ci) {
            s.misses.push(format!("{} merged into chapter {}", c.label, plan.chapters[ci].id));
            continue;
        }
        mapped.insert(c.label, ci);
        let got = &plan.chapters[ci];
        let kind = if c.stay { ChapterKind::Stage } else { ChapterKind::Travel };
        // GeoNames' own name: the titles are the reader's language's.
        let place = got.place.as_ref().map(|p| p.name.as_str());
        if got.kind == kind && place == Some(c.title) {
            s.chapters_right += 1;
        } else {
            s.misses.push(format!("{}: want {:?} {:?}, got {:?} {:?}", c.label, kind, c.title, got.kind, place));
        }
    }
    for shot in &written.shots {
        let phone = trip.devices[shot.device].kind != DeviceKind::HomeCamera;
        s.photos += 1;
        s.phone_photos += usize::from(phone);
        let Some(p) = at.get(&shot.path) else {
            s.misses.push(format!("{} not in a chapter", shot.path.display()));
            continue;
        };
        let chapter = mapped.get(shot.chapter) == Some(&p.chapter);
        let day = p.day == shot.day;
        let visit = p.visit.as_deref() == shot.visit;
        s.chapter_ok += usize::from(chapter);
        s.day_ok += usize::from(day);
        s.visit_ok += usize::from(visit);
        if phone {
            s.phone_chapter_ok += usize::from(chapter);
            s.phone_day_ok += usize::from(day);
            s.phone_visit_ok += usize::from(visit);
        }
        if !(chapter && day && visit) && s.misses.len() < 12 {
            s.misses.push(format!(
                "{} ({}, event {} {}): chapter {} day {} visit {:?} — want {} {} {:?}",
                shot.path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default(),
                trip.devices[shot.device].model,
                shot.event,
                shot.local.format("%m-%d %H:%M"),
                plan.chapters[p.chapter].id,
                p.day,
                p.visit,
                shot.chapter,
                shot.day,
                shot.visit,
            ));
        }
    }
    s
}

fn scan(trip: &Trip) -> (tempfile::TempDir, Written, Vec<recap::PhotoMeta>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = trip.write(&dir.path().join("photos"));
    let opts = ScanOptions { roots: vec![written.root.clone()], cache_dir: dir.path().join("cache") };
    let report = scan::scan(&opts, &silent, &Cancel::new()).expect("scan the trip");
    assert!(report.skipped.is_empty(), "{}: {:?}", trip.name, report.skipped);
    assert_eq!(report.photos.len(), written.shots.len(), "{}", trip.name);
    (dir, written, report.photos)
}

/// The user's verdict on each camera on home time: its true correction (the
/// most common one over its photos, when a daylight-saving change splits
/// them), as the Clocks tab would store it.
fn true_clocks(trip: &Trip, written: &Written, photos: &[recap::PhotoMeta]) -> Edits {
    let mut edits = Edits::default();
    for (i, d) in trip.devices.iter().enumerate() {
        if d.kind != DeviceKind::HomeCamera {
            continue;
        }
        let mut counts: HashMap<i32, usize> = HashMap::new();
        for s in written.shots.iter().filter(|s| s.device == i) {
            *counts.entry(trip.correction_minutes(i, s.utc)).or_default() += 1;
        }
        let Some((&minutes, _)) = counts.iter().max_by_key(|&(&m, &n)| (n, m)) else { continue };
        let p = photos.iter().find(|p| p.model.as_deref() == Some(d.model)).expect("the camera's photos");
        edits.devices.insert(plan::device_key(p), DeviceOffset::Minutes(minutes));
    }
    edits
}

fn row(name: &str, clocks: &str, s: &Score) -> String {
    format!(
        "{:<32} {:<6} {:>6} {:>4}/{:<4} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
        name,
        clocks,
        s.photos,
        s.chapters_right,
        s.chapters_want,
        pct(s.chapter_ok, s.photos),
        pct(s.phone_chapter_ok, s.phone_photos),
        pct(s.day_ok, s.photos),
        pct(s.visit_ok, s.photos),
    )
}

fn report(trip: &Trip, clocks: &str, plan: &Plan, s: &Score) -> String {
    let outline: Vec<String> =
        plan.chapters.iter().map(|c| format!("  {} {:?} {:?} {}..{}", c.id, c.kind, c.title, c.start, c.end)).collect();
    format!("{} ({clocks} clocks):\n{}\n  {}", trip.name, outline.join("\n"), s.misses.join("\n  "))
}

/// Every trip of the table, scanned and planned twice: with the clocks as
/// detected, and with each home-time camera's true correction given (as a
/// user would in the Clocks tab), so that grouping is scored apart from
/// clock detection (`trip_clocks.rs` scores that).
///
/// Thresholds. With true clocks, the chapters (how many, which kind, which
/// title), every phone photo's chapter, day and visit are exact: the rule
/// decides them from where the nights are, and every night of these trips
/// has photos. All photos, cameras included: 95 % of chapters and days
/// (a single correction cannot be right on both sides of a summer-time
/// change). With detected clocks, every phone photo is still in its
/// chapter: a misread camera must not move the group's photos.
#[test]
fn every_trip_is_cut_into_its_stays_days_and_visits() {
    let mut table = vec![format!(
        "{:<32} {:<6} {:>6} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "trip", "clocks", "photos", "chapters", "chap %", "phone %", "day %", "visit %"
    )];
    let mut failures = Vec::new();
    for trip in trips::trips() {
        let (_dir, written, photos) = scan(&trip);

        let auto = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        assert_each_once(&photos, &auto);
        let s = score(&trip, &written, &auto);
        table.push(row(trip.name, "found", &s));
        if s.phone_chapter_ok != s.phone_photos {
            failures.push(report(&trip, "found", &auto, &s));
        }

        let fixed = plan::plan(&photos, &PlanSettings::default(), &true_clocks(&trip, &written, &photos));
        assert_each_once(&photos, &fixed);
        let s = score(&trip, &written, &fixed);
        table.push(row(trip.name, "true", &s));
        let exact = s.chapters_right == s.chapters_want
            && s.chapters_got == s.chapters_want
            && s.phone_chapter_ok == s.phone_photos
            && s.phone_day_ok == s.phone_photos
            && s.phone_visit_ok == s.phone_photos;
        let overall = pct(s.chapter_ok, s.photos) >= 95.0 && pct(s.day_ok, s.photos) >= 95.0;
        if !(exact && overall) {
            failures.push(report(&trip, "true", &fixed, &s));
        }
    }
    println!("{}", table.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every scanned photo is in exactly one chapter (none set apart: every
/// trip photo has a good date).
fn assert_each_once(photos: &[recap::PhotoMeta], plan: &Plan) {
    let mut seen: HashMap<&std::path::Path, usize> = HashMap::new();
    for p in plan.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments).flat_map(|m| &m.photos) {
        *seen.entry(p.path.as_path()).or_default() += 1;
    }
    assert!(plan.unplaced.is_empty(), "{:?}", plan.unplaced);
    assert_eq!(seen.len(), photos.len());
    assert!(seen.values().all(|&n| n == 1));
}

/// A phone photo as the scan would describe it: local time, offset, GPS.
fn phone(path: &str, local: &str, offset: &str, (lat, lon): (f64, f64)) -> recap::PhotoMeta {
    let t = support::dt(local);
    recap::PhotoMeta {
        path: PathBuf::from("/trip/Ana").join(path),
        format: recap::model::Format::Jpeg,
        kind: recap::model::MediaKind::Photo,
        contributor: "Ana".into(),
        datetime_original: Some(t),
        subsec_ms: None,
        datetime_source: Some(recap::model::DateSource::DateTimeOriginal),
        offset_time_original: Some(offset.into()),
        offset_source: Some("offset_time_original".into()),
        gps: Some(support::gps(lat, lon)),
        gps_utc: None,
        orientation: None,
        make: Some("Apple".into()),
        model: Some("iPhone 13".into()),
        serial: None,
        width: None,
        height: None,
        file_size: 1,
        mtime_ns: 0,
        warnings: Vec::new(),
    }
}

/// The case: the group sleeps in Luzern and spends a whole day at
/// Stans (11 km) and an afternoon at Küssnacht (11 km). The old rule made
/// the long day a chapter of its own (more than `stage_min_hours` away)
/// and folded the short one without a word; both are moments of the
/// Luzern stay now, each named by its town, and the morning spent at the
/// airport on the way home is a chapter passed through.
#[test]
fn a_day_at_a_nearby_town_is_a_visit_of_the_stay_not_a_chapter() {
    const LUZERN: (f64, f64) = (47.0505, 8.3064);
    const STANS: (f64, f64) = (46.958, 8.366);
    const KUSSNACHT: (f64, f64) = (47.0856, 8.4421);
    const ZRH: (f64, f64) = (47.4647, 8.54917);
    let photos = vec![
        phone("01.jpg", "2025-06-10 18:00:00", "+02:00", LUZERN),
        phone("02.jpg", "2025-06-10 21:00:00", "+02:00", LUZERN),
        phone("03.jpg", "2025-06-11 08:30:00", "+02:00", LUZERN),
        phone("04.jpg", "2025-06-11 09:00:00", "+02:00", STANS),
        phone("05.jpg", "2025-06-11 12:40:00", "+02:00", STANS),
        phone("06.jpg", "2025-06-11 16:30:00", "+02:00", STANS),
        phone("07.jpg", "2025-06-11 19:00:00", "+02:00", LUZERN),
        phone("08.jpg", "2025-06-12 08:00:00", "+02:00", LUZERN),
        phone("09.jpg", "2025-06-12 13:00:00", "+02:00", KUSSNACHT),
        phone("10.jpg", "2025-06-12 17:30:00", "+02:00", KUSSNACHT),
        phone("11.jpg", "2025-06-12 22:00:00", "+02:00", LUZERN),
        phone("12.jpg", "2025-06-13 09:00:00", "+02:00", LUZERN),
        phone("13.jpg", "2025-06-13 13:00:00", "+02:00", ZRH),
    ];
    let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
    assert_each_once(&photos, &plan);
    let chapters: Vec<(&str, ChapterKind)> = plan.chapters.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(chapters, [("luzern-2025-06-10", ChapterKind::Stage), ("zurich-zrh-2025-06-13", ChapterKind::Travel)]);
    // Per moment: its photos and where it was visited.
    let moments: Vec<(Vec<String>, Option<&str>)> = plan.chapters[0]
        .days
        .iter()
        .flat_map(|d| &d.moments)
        .map(|m| {
            let names =
                m.photos.iter().map(|p| p.path.file_stem().unwrap_or_default().to_string_lossy().into()).collect();
            (names, m.visit.as_ref().map(|v| v.name.as_str()))
        })
        .filter(|(_, v)| v.is_some())
        .collect();
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        moments,
        [
            (s(&["04"]), Some("Stans")),
            (s(&["05"]), Some("Stans")),
            (s(&["06"]), Some("Stans")),
            (s(&["09"]), Some("Küssnacht")),
            (s(&["10"]), Some("Küssnacht"))
        ]
    );
    // The chapter is a stay, and so on the map.
    let json = serde_json::to_value(&plan).expect("serialize");
    assert_eq!(json["chapters"][0]["kind"], "stage");
    assert!(json["chapters"][0]["days"][0]["moments"][0]["visit"].is_null());
}

fn trip(name: &str) -> Trip {
    trips::trips().into_iter().find(|t| t.name == name).expect("a trip of the table")
}

/// Where each photo is: (chapter id, moment's visit).
fn where_is(plan: &Plan) -> HashMap<PathBuf, (String, Option<String>)> {
    let mut out = HashMap::new();
    for c in &plan.chapters {
        for m in c.days.iter().flat_map(|d| &d.moments) {
            for p in &m.photos {
                out.insert(p.path.clone(), (c.id.clone(), m.visit.as_ref().map(|v| v.name.clone())));
            }
        }
    }
    out
}

/// Renaming, splitting, merging, moving and ordering stays and the places
/// between them, then scanning the trip again from a fresh catalog: every
/// edit still applies (stay ids are the base's slug and first day), and
/// the visits the edits did not touch are still visits.
#[test]
fn edits_to_stays_survive_a_rescan() {
    let trip = trip("toronto-prague-krumlov");
    let (dir, written, photos) = scan(&trip);
    let first = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
    let id = |name: &str| {
        let of = |c: &&plan::Chapter| c.place.as_ref().is_some_and(|p| p.name == name);
        first.chapters.iter().find(of).map(|c| c.id.clone()).expect(name)
    };
    let (prague, tabor, krumlov) = (id("Prague"), id("Tábor"), id("Český Krumlov"));
    assert_eq!(prague, "prague-2025-03-27");
    let visits: Vec<&trips::Shot> = written.shots.iter().filter(|s| s.visit.is_some()).collect();
    let moved = visits[0].path.to_string_lossy().into_owned();
    let split_day = chrono::NaiveDate::from_ymd_opt(2025, 3, 30).expect("date");
    let split =
        written.shots.iter().find(|s| s.chapter == "prague" && s.day == split_day).expect("a photo to split at");

    let mut edits = Edits::default();
    edits.chapters.rename.insert(prague.clone(), "Praha".into());
    edits.chapters.split.push(split.path.to_string_lossy().into_owned());
    edits.chapters.merge.push(vec![krumlov.clone(), tabor.clone()]);
    edits.chapters.moves.insert(moved.clone(), krumlov.clone());
    edits.chapters.order.push(krumlov.clone());

    let cache = dir.path().join("cache-again");
    let opts = ScanOptions { roots: vec![written.root.clone()], cache_dir: cache };
    let again = scan::scan(&opts, &silent, &Cancel::new()).expect("scan again").photos;
    let p = plan::plan(&again, &PlanSettings::default(), &edits);
    assert_each_once(&again, &p);
    let ids: Vec<&str> = p.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids[0], krumlov, "{ids:?}");
    assert!(!ids.contains(&tabor.as_str()), "merged: {ids:?}");
    let renamed = p.chapters.iter().find(|c| c.id == prague).expect("the Prague stay");
    assert_eq!(renamed.title, "Praha");
    assert!(renamed.end < split_day, "split off from 03-30: {}", renamed.end);
    let second = p.chapters.iter().find(|c| c.id.starts_with("prague-2025-03-30-")).expect("the split's second half");
    assert_eq!(second.kind, ChapterKind::Stage);
    let at = where_is(&p);
    // The moved photo is in Krumlov, still the Kutná Hora it shows; the
    // other visit photos are still moments of the Prague stay.
    assert_eq!(at[Path::new(&moved)], (krumlov.clone(), Some("Kutná Hora".to_string())));
    for s in &visits[1..] {
        assert_eq!(at[&s.path], (prague.clone(), Some("Kutná Hora".to_string())), "{:?}", s.path);
    }
}

/// `recap plan --json` on a trip folder: the chapters the library makes
/// (ids and kinds, which the truth expects), each photo in the same one,
/// and each moment's `visit` (null at the base) where the truth has a visit.
#[test]
fn the_cli_plan_carries_stays_and_visits() {
    let trip = trip("mexico-tokyo-kyoto");
    let (dir, written, photos) = scan(&trip);
    let lib = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["plan", "--no-curate", "--json", "--cache"])
        .arg(dir.path().join("cli-cache"))
        .arg(&written.root)
        .output()
        .expect("run recap");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let chapters = v["chapters"].as_array().expect("chapters");
    let got: Vec<(&str, &str)> =
        chapters.iter().map(|c| (c["id"].as_str().unwrap_or(""), c["kind"].as_str().unwrap_or(""))).collect();
    let kinds: Vec<&str> = trip.chapters.iter().map(|c| if c.stay { "stage" } else { "travel" }).collect();
    let want: Vec<(&str, &str)> = lib.chapters.iter().map(|c| c.id.as_str()).zip(kinds).collect();
    assert_eq!(got, want);

    let truth: HashMap<&Path, Option<&str>> = written.shots.iter().map(|s| (s.path.as_path(), s.visit)).collect();
    let lib_at = where_is(&lib);
    let mut seen = 0;
    for c in chapters {
        for m in c["days"].as_array().into_iter().flatten().flat_map(|d| d["moments"].as_array().into_iter().flatten())
        {
            assert!(m.as_object().is_some_and(|m| m.contains_key("visit")), "{m}");
            for p in m["photos"].as_array().expect("photos") {
                let path = Path::new(p["path"].as_str().expect("path"));
                assert_eq!(m["visit"].is_object(), truth[path].is_some(), "{path:?}: {}", m["visit"]);
                let (id, visit) = &lib_at[path];
                assert_eq!(c["id"].as_str(), Some(id.as_str()), "{path:?}");
                if visit.is_some() {
                    // The place's own name, or its name in the CLI's language.
                    let names = [&m["visit"]["name"], &m["visit"]["names"]["fr"], &m["visit"]["names"]["en"]];
                    assert!(names.iter().any(|n| n.as_str() == truth[path]), "{path:?}: {}", m["visit"]);
                }
                seen += 1;
            }
        }
    }
    assert_eq!(seen, written.shots.len());
}

/// A stay of four nights whose second night is unclear (the evening's last
/// photo at a dinner in Stans, the next morning's first at Küssnacht) is
/// still one stay: the night between two nights at Luzern is at Luzern.
#[test]
fn one_unclear_night_inside_a_stay_does_not_cut_it() {
    const LUZERN: (f64, f64) = (47.0505, 8.3064);
    const STANS: (f64, f64) = (46.958, 8.366);
    const KUSSNACHT: (f64, f64) = (47.0856, 8.4421);
    let photos = vec![
        phone("01.jpg", "2025-06-10 18:00:00", "+02:00", LUZERN),
        phone("02.jpg", "2025-06-11 09:00:00", "+02:00", LUZERN),
        phone("03.jpg", "2025-06-11 15:00:00", "+02:00", LUZERN),
        phone("04.jpg", "2025-06-11 21:00:00", "+02:00", STANS),
        phone("05.jpg", "2025-06-12 10:00:00", "+02:00", KUSSNACHT),
        phone("06.jpg", "2025-06-12 19:00:00", "+02:00", LUZERN),
        phone("07.jpg", "2025-06-13 09:00:00", "+02:00", LUZERN),
    ];
    let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
    assert_each_once(&photos, &plan);
    let chapters: Vec<(&str, ChapterKind)> = plan.chapters.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(chapters, [("luzern-2025-06-10", ChapterKind::Stage)]);
    let visits: Vec<Option<&str>> = plan.chapters[0]
        .days
        .iter()
        .flat_map(|d| &d.moments)
        .map(|m| m.visit.as_ref().map(|v| v.name.as_str()))
        .collect();
    assert_eq!(visits, [None, None, None, Some("Stans"), Some("Küssnacht"), None, None]);
}
