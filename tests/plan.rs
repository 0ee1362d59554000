//! recap::plan: time, place, chapters, days, moments and edits. Pure: every
//! test builds `PhotoMeta` values directly, nothing touches the disk.

mod support;

use chrono::{Duration, NaiveDateTime};
use recap::demo::{self, DemoPhoto, Special};
use recap::model::{DateSource, Format, Gps, MediaKind, PhotoMeta};
use recap::plan::{self, ChapterKind, DeviceOffset, Edits, OffsetSource, PlaceSource, Plan, PlanSettings};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const ANGERS: (f64, f64) = (47.4784, -0.5632);
const TRELAZE: (f64, f64) = (47.4459, -0.4657);
const AVRILLE: (f64, f64) = (47.5069, -0.5894);
const NANTES: (f64, f64) = (47.2173, -1.5420);
const REZE: (f64, f64) = (47.1833, -1.5500);
const YUL: (f64, f64) = (45.4706, -73.7408);
const CDG: (f64, f64) = (49.0097, 2.5479);

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
}

/// A photo as the scan would describe it.
fn photo(path: &str, who: &str, time: Option<&str>, offset: Option<&str>, gps: Option<(f64, f64)>) -> PhotoMeta {
    PhotoMeta {
        path: PathBuf::from("/trip").join(path),
        format: Format::Jpeg,
        kind: MediaKind::Photo,
        contributor: who.to_string(),
        datetime_original: time.map(at),
        subsec_ms: None,
        datetime_source: time.map(|_| DateSource::DateTimeOriginal),
        offset_time_original: offset.map(str::to_string),
        offset_source: offset.map(|_| "offset_time_original".to_string()),
        gps: gps.map(|(lat, lon)| Gps { lat, lon, alt: None }),
        gps_utc: None,
        orientation: None,
        make: Some("Apple".into()),
        model: Some(format!("iPhone of {who}")),
        serial: None,
        width: None,
        height: None,
        file_size: 1,
        mtime_ns: 0,
        warnings: Vec::new(),
    }
}

/// A phone that writes an offset and GPS: the easy case.
fn phone(path: &str, time: &str, gps: (f64, f64)) -> PhotoMeta {
    let offset = if gps.1 < -30.0 { "-04:00" } else { "+02:00" };
    photo(path, "A", Some(time), Some(offset), Some(gps))
}

/// Every input path appears exactly once, in a chapter or in `unplaced`.
fn assert_each_once(photos: &[PhotoMeta], plan: &Plan) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in &plan.chapters {
        for d in &c.days {
            assert!(!d.moments.is_empty());
            for m in &d.moments {
                assert!(!m.photos.is_empty());
                for p in &m.photos {
                    *seen.entry(p.path.to_string_lossy().into_owned()).or_default() += 1;
                }
            }
        }
    }
    for u in &plan.unplaced {
        *seen.entry(u.path.to_string_lossy().into_owned()).or_default() += 1;
    }
    let mut want: HashMap<String, usize> = HashMap::new();
    for p in photos {
        *want.entry(p.path.to_string_lossy().into_owned()).or_default() += 1;
    }
    assert_eq!(seen, want);
}

/// `title: date [n n] | date [n]` per chapter: photo counts per moment, per day.
fn outline(plan: &Plan) -> Vec<String> {
    plan.chapters
        .iter()
        .map(|c| {
            let days: Vec<String> = c
                .days
                .iter()
                .map(|d| {
                    let counts: Vec<String> = d.moments.iter().map(|m| m.photos.len().to_string()).collect();
                    format!("{} [{}]", d.date.format("%m-%d"), counts.join(" "))
                })
                .collect();
            format!("{}: {}", c.title, days.join(" | "))
        })
        .collect()
}

fn run(photos: &[PhotoMeta], edits: &Edits) -> Plan {
    let plan = plan::plan(photos, &PlanSettings::default(), edits);
    assert_each_once(photos, &plan);
    plan
}

#[test]
fn grouping_table() {
    struct Case {
        name: &'static str,
        photos: Vec<PhotoMeta>,
        want: &'static [&'static str],
    }
    let cases = vec![
        Case {
            name: "karaoke past midnight stays on the evening's day",
            photos: vec![
                phone("a1", "2017-06-09 10:00", NANTES),
                phone("a2", "2017-06-09 23:30", NANTES),
                phone("a3", "2017-06-10 00:40", NANTES),
                phone("a4", "2017-06-10 01:30", NANTES),
                phone("a5", "2017-06-10 11:00", REZE),
            ],
            want: &["Nantes: 06-09 [1 3] | 06-10 [1]"],
        },
        Case {
            name: "suburbs belong to their city; venue changes and gaps cut moments",
            photos: vec![
                phone("b1", "2017-06-05 09:30", ANGERS),
                phone("b2", "2017-06-05 09:50", ANGERS),
                phone("b3", "2017-06-05 10:20", TRELAZE), // 8 km away: new moment
                phone("b4", "2017-06-05 14:00", AVRILLE),
                phone("b5", "2017-06-05 20:00", ANGERS), // gap > 90 min
            ],
            want: &["Angers: 06-05 [2 1 1 1]"],
        },
        Case {
            name: "departure and airport are travel chapters around the stage",
            photos: vec![
                phone("c1", "2017-06-03 18:40", YUL),
                phone("c2", "2017-06-03 19:00", YUL),
                phone("c3", "2017-06-04 10:20", CDG),
                phone("c4", "2017-06-04 15:05", ANGERS),
                phone("c5", "2017-06-05 10:00", ANGERS),
                phone("c6", "2017-06-06 10:00", TRELAZE),
            ],
            want: &[
                "Montréal-Trudeau (YUL): 06-03 [2]",
                "Paris-Charles-de-Gaulle (CDG): 06-04 [1]",
                "Angers: 06-04 [1] | 06-05 [1] | 06-06 [1]",
            ],
        },
        Case {
            name: "a short trip out and back stays in the stage",
            photos: vec![
                phone("d1", "2017-06-05 09:00", ANGERS),
                phone("d2", "2017-06-05 12:00", NANTES),
                phone("d3", "2017-06-05 17:00", ANGERS),
                phone("d4", "2017-06-06 17:00", ANGERS),
            ],
            want: &["Angers: 06-05 [1 1 1] | 06-06 [1]"],
        },
        Case {
            name: "several places on one excursion still come back to the stage",
            photos: vec![
                phone("h1", "2017-06-05 09:00", ANGERS),
                phone("h2", "2017-06-05 10:00", NANTES),
                phone("h3", "2017-06-05 10:30", REZE),
                phone("h4", "2017-06-05 11:00", CDG),
                phone("h5", "2017-06-05 12:00", TRELAZE),
                phone("h6", "2017-06-06 12:00", ANGERS),
            ],
            want: &["Angers: 06-05 [1 1 1 1 1] | 06-06 [1]"],
        },
        Case {
            name: "two stages",
            photos: vec![
                phone("e1", "2017-06-07 10:00", ANGERS),
                phone("e2", "2017-06-07 18:00", ANGERS),
                phone("e3", "2017-06-08 10:30", NANTES),
                phone("e4", "2017-06-08 20:30", REZE),
            ],
            want: &["Angers: 06-07 [1 1]", "Nantes: 06-08 [1 1]"],
        },
        Case {
            name: "no GPS: placed from the group within two hours, else follows its neighbours",
            photos: vec![
                phone("f1", "2017-06-07 10:00", ANGERS),
                photo("f2", "B", Some("2017-06-07 11:40"), Some("+02:00"), None),
                photo("f3", "B", Some("2017-06-07 16:00"), Some("+02:00"), None),
                phone("f4", "2017-06-07 20:00", ANGERS),
            ],
            want: &["Angers: 06-07 [1 1 1 1]"],
        },
        Case { name: "nothing at all", photos: vec![], want: &[] },
        Case {
            name: "no place anywhere: one chapter",
            photos: vec![
                photo("g1", "B", Some("2017-06-07 11:30"), Some("+02:00"), None),
                photo("g2", "B", Some("2017-06-07 11:40"), None, None),
            ],
            // French by default, as every title of the plan ("Unknown place" in English).
            want: &["Lieu inconnu: 06-07 [2]"],
        },
    ];
    for case in cases {
        let plan = run(&case.photos, &Edits::default());
        let json = serde_json::to_value(&plan).expect("serialize");
        for c in json["chapters"].as_array().expect("chapters") {
            assert!(c["place"].is_object(), "{}: {c}", case.name);
        }
        assert_eq!(outline(&plan), case.want, "{}", case.name);
    }
}

#[test]
fn places_and_local_times() {
    let photos = vec![
        phone("a", "2017-06-07 10:00", TRELAZE),
        photo("b", "B", Some("2017-06-07 11:30"), Some("+02:00"), None),
        photo("c", "B", Some("2017-06-07 16:00"), Some("+02:00"), None),
    ];
    let plan = run(&photos, &Edits::default());
    let ps: Vec<_> = plan.chapters[0].days[0].moments.iter().flat_map(|m| &m.photos).collect();
    assert_eq!(ps[0].place.name.as_deref(), Some("Angers"));
    assert_eq!(ps[0].place.source, PlaceSource::Gps);
    assert_eq!(ps[1].place.name.as_deref(), Some("Angers"));
    assert_eq!(ps[1].place.source, PlaceSource::Estimated);
    // Six hours from any GPS photo: never placed from a far-away time.
    assert_eq!(ps[2].place.name, None);
    assert_eq!(ps[2].place.source, PlaceSource::None);
    assert_eq!(ps[0].local_time.to_rfc3339(), "2017-06-07T10:00:00+02:00");
    assert_eq!(plan.trip_zone, "Europe/Paris");
    let json = serde_json::to_value(&plan).expect("serialize");
    assert_eq!(json["chapters"][0]["days"][0]["date"], "2017-06-07");
    assert_eq!(json["chapters"][0]["days"][0]["moments"][0]["photos"][0]["place"]["source"], "gps");
    // Without a programme a moment is named from the part of the day and the place.
    // 10:00 and 11:30: its middle photo is at lunchtime, in Trélazé rather than central Angers.
    assert_eq!(json["chapters"][0]["days"][0]["moments"][0]["title"], "Midi à Trélazé");
    assert_eq!(json["chapters"][0]["days"][0]["moments"][0]["titles"]["en"], "Midday in Trélazé");
    assert_eq!(json["chapters"][0]["days"][0]["moments"][0]["programme"], false);
    assert_eq!(json["chapters"][0]["days"][0]["moments"][0]["photos"][0]["path"], "/trip/a");
}

#[test]
fn missing_and_absurd_dates_are_set_apart() {
    let photos = vec![
        phone("ok1", "2017-06-07 10:00", ANGERS),
        phone("ok2", "2017-06-08 10:00", ANGERS),
        photo("stripped", "N", None, None, None),
        photo("reset", "N", Some("2000-01-01 00:00"), None, Some(ANGERS)),
        photo("y1999", "N", Some("1999-06-07 10:00"), None, None),
        photo("far future", "N", Some("+262000-01-01 00:00"), None, None),
        photo("later", "N", Some("2019-06-07 10:00"), Some("+02:00"), None),
    ];
    let plan = run(&photos, &Edits::default());
    let reasons: BTreeMap<String, String> =
        plan.unplaced.iter().map(|u| (u.path.to_string_lossy().into_owned(), u.reason.clone())).collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert!(reasons["/trip/far future"].contains("absurd"));
    assert!(reasons["/trip/stripped"].starts_with("no date"));
    assert!(reasons["/trip/reset"].contains("absurd date 2000-01-01"));
    assert!(reasons["/trip/y1999"].contains("absurd"));
    assert!(reasons["/trip/later"].contains("far from the rest"));
}

/// Two devices without GPS shooting with a GPS phone, one on Québec time.
#[test]
fn camera_on_home_time_is_aligned() {
    let mut photos = Vec::new();
    let events = [
        "2017-06-04 15:05",
        "2017-06-05 09:40",
        "2017-06-05 14:10",
        "2017-06-05 20:15",
        "2017-06-06 09:35",
        "2017-06-07 16:20",
        "2017-06-08 11:00",
    ];
    for (i, e) in events.iter().enumerate() {
        let t = at(e);
        let fmt = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        let where_ = if i < 6 { ANGERS } else { NANTES };
        photos.push(phone(&format!("a{i}"), e, where_));
        photos.push(phone(&format!("a{i}b"), &fmt(t + Duration::minutes(20)), where_));
        let mut cam =
            photo(&format!("cam{i}"), "C", Some(&fmt(t + Duration::minutes(2) - Duration::hours(6))), None, None);
        cam.make = Some("Canon".into());
        cam.model = Some("Canon EOS 80D".into());
        cam.serial = Some("043021004512".into());
        photos.push(cam);
    }
    let plan = run(&photos, &Edits::default());
    let canon = plan.devices.iter().find(|d| d.contributor == "C").expect("canon");
    assert_eq!((canon.offset_minutes, canon.source, canon.photos), (360, OffsetSource::Aligned, 7));
    assert!(canon.confidence > 0.6, "{canon:?}");
    let cam0 = plan.chapters[0].days[0].moments[0].photos.iter().find(|p| p.contributor == "C").expect("cam0");
    // Two minutes after the phone every time: a clock two minutes fast, put right.
    assert_eq!(canon.drift_seconds, Some(-120));
    assert_eq!(cam0.local_time.to_rfc3339(), "2017-06-04T15:05:00+02:00");
    assert_eq!(cam0.place.source, PlaceSource::Estimated);

    // The user knows better: +5 h. Then clears it: wall clock taken as Paris time.
    let key = canon.key.clone();
    let mut edits = Edits::default();
    edits.devices.insert(key.clone(), DeviceOffset::Minutes(300));
    edits.devices.insert("gone | Nikon | D90".into(), DeviceOffset::Minutes(60));
    let p = run(&photos, &edits);
    let canon = p.devices.iter().find(|d| d.key == key).expect("canon");
    assert_eq!(
        (canon.offset_minutes, canon.source, canon.detected_offset_minutes),
        (300, OffsetSource::Mission, Some(360))
    );
    edits.devices.insert(key.clone(), DeviceOffset::Cleared);
    let p = run(&photos, &edits);
    let cam0 = p.chapters[0]
        .days
        .iter()
        .flat_map(|d| &d.moments)
        .flat_map(|m| &m.photos)
        .find(|p| p.path == Path::new("/trip/cam0"))
        .expect("cam0");
    assert_eq!(cam0.local_time.to_rfc3339(), "2017-06-04T09:07:00+02:00");
}

#[test]
fn alignment_needs_evidence() {
    let canon = |path: &str, time: &str| {
        let mut p = photo(path, "C", Some(time), None, None);
        p.make = Some("Canon".into());
        p.model = Some("EOS".into());
        p
    };
    // A camera already on the trip's time: aligned at 0.
    let photos = vec![
        phone("a1", "2017-06-05 09:40", ANGERS),
        phone("a2", "2017-06-05 14:10", ANGERS),
        phone("a3", "2017-06-06 11:25", ANGERS),
        canon("c1", "2017-06-05 09:42"),
        canon("c2", "2017-06-05 14:08"),
        canon("c3", "2017-06-06 11:27"),
    ];
    let plan = run(&photos, &Edits::default());
    let c = plan.devices.iter().find(|d| d.contributor == "C").expect("canon");
    assert_eq!((c.offset_minutes, c.source, c.photos), (0, OffsetSource::Aligned, 3));
    // Nothing shot together: no correction, and the report says why.
    let photos =
        vec![phone("a1", "2017-06-05 09:40", ANGERS), canon("c1", "2017-06-05 19:42"), canon("c2", "2017-06-07 03:08")];
    let plan = run(&photos, &Edits::default());
    let c = plan.devices.iter().find(|d| d.contributor == "C").expect("canon");
    assert_eq!((c.offset_minutes, c.source), (0, OffsetSource::None));
    assert!(c.note.as_deref().is_some_and(|n| n.contains("trip's zone")), "{c:?}");
}

#[test]
fn json_has_every_contract_field() {
    let mut edits = Edits::default();
    edits.devices.insert("A | Apple | iPhone of A".into(), DeviceOffset::Minutes(0));
    let photos = vec![phone("a", "2017-06-07 10:00", ANGERS), photo("none", "A", None, None, None)];
    let json = serde_json::to_value(run(&photos, &edits)).expect("serialize");
    let chapter = &json["chapters"][0];
    for k in ["title", "place", "start", "end", "days"] {
        assert!(chapter.get(k).is_some(), "chapter.{k}");
    }
    let moment = &chapter["days"][0]["moments"][0];
    for k in ["title", "start", "end", "photos"] {
        assert!(moment.get(k).is_some(), "moment.{k}");
    }
    let p = &moment["photos"][0];
    for k in ["path", "local_time", "place", "contributor"] {
        assert!(p.get(k).is_some(), "photo.{k}");
    }
    assert_eq!(p["place"]["name"], "Angers");
    assert_eq!(json["unplaced"][0]["path"], "/trip/none");
    assert!(json["unplaced"][0]["reason"].is_string());
    let d = &json["devices"][0];
    for k in ["contributor", "make", "model", "offset_minutes", "source", "confidence", "photos"] {
        assert!(d.get(k).is_some(), "device.{k}");
    }
    assert_eq!(d["source"], "mission");
    assert!(d["offset_minutes"].is_i64());
}

#[test]
fn gps_time_gives_the_clock_offset_per_zone() {
    // An LG phone writing GPS UTC but no offset tags, travelling from Montréal to Angers.
    let mut a = photo("lg1", "L", Some("2017-06-03 18:45"), None, Some(YUL));
    a.gps_utc = Some(at("2017-06-03 22:45"));
    let mut b = photo("lg2", "L", Some("2017-06-05 10:00"), None, Some(ANGERS));
    b.gps_utc = Some(at("2017-06-05 08:00"));
    // No stamp of its own: borrows the nearest one (in France).
    let c = photo("lg3", "L", Some("2017-06-05 11:00"), None, None);
    let plan = run(&[a, b, c], &Edits::default());
    let lg = &plan.devices[0];
    assert_eq!((lg.source, lg.offset_minutes, lg.photos), (OffsetSource::GpsTime, 0, 2));
    let all: Vec<_> =
        plan.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments).flat_map(|m| &m.photos).collect();
    let times: Vec<String> = all.iter().map(|p| p.local_time.to_rfc3339()).collect();
    assert_eq!(times, ["2017-06-03T18:45:00-04:00", "2017-06-05T10:00:00+02:00", "2017-06-05T11:00:00+02:00"]);
}

#[test]
fn a_stale_gps_fix_is_outvoted() {
    let mut photos = Vec::new();
    for (i, t) in ["10:00", "10:20", "10:40", "11:00", "11:20"].iter().enumerate() {
        let wall = at(&format!("2017-06-05 {t}"));
        let mut p = photo(&format!("lg{i}"), "L", Some(&format!("2017-06-05 {t}")), None, Some(ANGERS));
        // The third photo carries the last fix, taken three hours earlier.
        p.gps_utc = Some(wall - Duration::hours(if i == 2 { 5 } else { 2 }));
        photos.push(p);
    }
    let plan = run(&photos, &Edits::default());
    let moments = &plan.chapters[0].days[0].moments;
    assert_eq!(moments.len(), 1);
    let times: Vec<String> = moments[0].photos.iter().map(|p| p.local_time.format("%H:%M%:z").to_string()).collect();
    assert_eq!(times, ["10:00+02:00", "10:20+02:00", "10:40+02:00", "11:00+02:00", "11:20+02:00"]);
    assert_eq!(plan.devices[0].clock_utc_offset_minutes, Some(120));
}

#[test]
fn edits_apply_and_stale_ones_are_ignored() {
    let photos = vec![
        phone("m1", "2017-06-03 18:40", YUL),
        phone("a1", "2017-06-04 15:05", ANGERS),
        phone("a2", "2017-06-05 10:00", ANGERS),
        phone("a3", "2017-06-06 10:00", ANGERS),
        phone("n1", "2017-06-08 10:30", NANTES),
        phone("n2", "2017-06-08 20:30", NANTES),
    ];
    let auto = run(&photos, &Edits::default());
    let ids: Vec<&str> = auto.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["montreal-trudeau-yul-2017-06-03", "angers-2017-06-04", "nantes-2017-06-08"]);
    assert_eq!(auto.chapters[0].kind, ChapterKind::Travel);
    assert_eq!(auto.chapters[1].kind, ChapterKind::Stage);

    let mut edits = Edits::default();
    let c = &mut edits.chapters;
    c.split = vec!["/trip/a3".into(), "/trip/nowhere".into()];
    c.rename.insert("angers-2017-06-06-1000".into(), "Angers, last day".into());
    c.rename.insert("nantes-2017-06-08".into(), "Web2Day".into());
    c.rename.insert("paris-2017-06-01".into(), "Paris".into());
    // Unknown ids in a merge group are skipped; the first existing id is kept.
    c.merge.push(vec!["tokyo-2017-06-03".into(), "angers-2017-06-04".into(), "montreal-trudeau-yul-2017-06-03".into()]);
    c.merge.push(vec!["atlantis-2017-06-08".into()]);
    c.moves.insert("/trip/n1".into(), "angers-2017-06-06-1000".into());
    c.moves.insert("/trip/n2".into(), "atlantis-2017-06-08".into());
    c.order = vec!["nantes-2017-06-08".into(), "ghost".into()];
    let p = run(&photos, &edits);
    assert_eq!(
        outline(&p),
        ["Web2Day: 06-08 [1]", "Angers: 06-03 [1] | 06-04 [1] | 06-05 [1]", "Angers, last day: 06-06 [1] | 06-08 [1]"]
    );
    // Edits survive a rescan that removes photos and adds others.
    let mut rescanned = photos.clone();
    rescanned.retain(|p| p.path != Path::new("/trip/a2"));
    rescanned.push(phone("a4", "2017-06-06 11:00", ANGERS));
    let p = run(&rescanned, &edits);
    assert_eq!(
        outline(&p),
        ["Web2Day: 06-08 [1]", "Angers: 06-03 [1] | 06-04 [1]", "Angers, last day: 06-06 [2] | 06-08 [1]"]
    );
    // Edits are plain data the mission file stores.
    let json = serde_json::to_string(&edits).expect("serialize");
    assert_eq!(serde_json::from_str::<Edits>(&json).expect("parse"), edits);
}

#[test]
fn agenda_names_moments_and_venues() {
    use chrono::TimeZone;
    let utc = |s: &str| chrono::Utc.from_utc_datetime(&at(s));
    let weforge = (47.4700, -0.5530);
    let photos = vec![
        phone("w1", "2017-06-06 09:35", weforge),
        photo("w2", "B", Some("2017-06-06 10:05"), Some("+02:00"), None),
        phone("w3", "2017-06-06 10:50", weforge),
        phone("x1", "2017-06-06 14:30", AVRILLE),
    ];
    let events = vec![
        recap::agenda::AgendaEvent {
            summary: "WeForge".into(),
            start: utc("2017-06-06 07:30"),
            end: utc("2017-06-06 09:00"),
            location: Some("WeForge, 12 rue de la Gare, Angers".into()),
            geo: Some(weforge),
        },
        // A few km from where the photos were: names the moment, leaves the
        // places alone.
        recap::agenda::AgendaEvent {
            summary: "Visite d'entreprise à Avrillé".into(),
            start: utc("2017-06-06 12:30"),
            end: utc("2017-06-06 13:30"),
            location: Some("Usine".into()),
            geo: Some((AVRILLE.0 + 0.04, AVRILLE.1)),
        },
    ];
    let plan = plan::plan_with_agenda(&photos, &PlanSettings::default(), &Edits::default(), &events);
    assert_each_once(&photos, &plan);
    let moments = &plan.chapters[0].days[0].moments;
    assert_eq!(moments.len(), 2);
    assert_eq!(moments[0].title.as_deref(), Some("WeForge"));
    for p in &moments[0].photos {
        assert_eq!((p.place.name.as_deref(), p.place.source), (Some("WeForge, Angers"), PlaceSource::Agenda));
    }
    assert_eq!(moments[1].title.as_deref(), Some("Visite d'entreprise à Avrillé"));
    assert_eq!(moments[1].photos[0].place.source, PlaceSource::Gps);
}

/// Regression: the demo's programme has company visits in Nantes on a day the
/// group was still in Angers, and the Angers moment took the Nantes name.
#[test]
fn an_event_in_another_city_does_not_name_a_moment() {
    use chrono::TimeZone;
    let utc = |s: &str| chrono::Utc.from_utc_datetime(&at(s));
    let photos = vec![phone("a1", "2017-06-07 16:12", ANGERS), phone("a2", "2017-06-07 16:40", ANGERS)];
    let events = vec![recap::agenda::AgendaEvent {
        summary: "Visites d'entreprises sur l'île de Nantes".into(),
        start: utc("2017-06-07 12:00"),
        end: utc("2017-06-07 16:00"),
        location: Some("Creative Factory, Nantes".into()),
        geo: Some((47.2060, -1.5560)),
    }];
    let plan = plan::plan_with_agenda(&photos, &PlanSettings::default(), &Edits::default(), &events);
    let m = &plan.chapters[0].days[0].moments[0];
    // Not the programme's: named from the clock and the map instead.
    assert!(!m.programme);
    assert_eq!(m.title.as_deref(), Some("Après-midi à Angers"));
    assert!(m.photos.iter().all(|p| p.place.source == PlaceSource::Gps));
}

// ---------------------------------------------------------------------------
// The demo mission: ground truth from recap::demo, metadata as the scan reads it.

fn demo_meta(d: &DemoPhoto) -> Option<PhotoMeta> {
    if d.special.is_broken() {
        return None;
    }
    let e = &d.exif;
    let video = d.special == Special::Video;
    let (datetime, source) = if video {
        // A container's creation time is UTC, whole seconds.
        (Some(d.taken_utc.naive_utc().with_nanosecond0()), Some(DateSource::Container))
    } else {
        (e.datetime_original, e.datetime_original.map(|_| DateSource::DateTimeOriginal))
    };
    Some(PhotoMeta {
        path: Path::new("/demo").join(&d.rel_path),
        format: if video { Format::Mov } else { Format::Jpeg },
        kind: if video { MediaKind::Video } else { MediaKind::Photo },
        contributor: d.contributor.to_string(),
        datetime_original: datetime,
        subsec_ms: e.subsec_ms,
        datetime_source: source,
        offset_time_original: e.offset_time_original.clone(),
        offset_source: e.offset_time_original.as_ref().map(|_| "offset_time_original".into()),
        gps: e.gps,
        gps_utc: e.gps_utc,
        orientation: e.orientation.map(|o| o as u8),
        make: e.make.clone(),
        model: e.model.clone(),
        serial: e.serial.clone(),
        width: None,
        height: None,
        file_size: 1,
        mtime_ns: 0,
        warnings: Vec::new(),
    })
}

trait Trunc {
    fn with_nanosecond0(self) -> Self;
}
impl Trunc for NaiveDateTime {
    fn with_nanosecond0(self) -> Self {
        self - Duration::nanoseconds(i64::from(self.and_utc().timestamp_subsec_nanos()))
    }
}

#[test]
fn demo_mission_comes_out_right() {
    let truth: Vec<DemoPhoto> = demo::demo_photos().into_iter().filter(|d| !d.special.is_broken()).collect();
    let photos: Vec<PhotoMeta> = truth.iter().filter_map(demo_meta).collect();
    let plan = run(&photos, &Edits::default());
    println!("{}", outline(&plan).join("\n"));
    println!("{}", plan.outline());
    assert!(plan.outline().contains("Benoît R — Canon EOS 80D: +360 min (aligned"));

    let titles: Vec<(&str, ChapterKind)> = plan.chapters.iter().map(|c| (c.title.as_str(), c.kind)).collect();
    use ChapterKind::{Stage, Travel};
    assert_eq!(
        titles,
        [
            ("Montréal-Trudeau (YUL)", Travel),
            ("Paris-Charles-de-Gaulle (CDG)", Travel),
            ("Angers", Stage),
            ("Nantes", Stage),
            ("Paris-Charles-de-Gaulle (CDG)", Travel),
            ("Montréal-Trudeau (YUL)", Travel)
        ]
    );
    // Airport chapters: ids from the airport's name and IATA code, then the day.
    let ids: Vec<&str> = plan.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        [ids[0], ids[1], ids[4], ids[5]],
        [
            "montreal-trudeau-yul-2017-06-03",
            "paris-charles-de-gaulle-cdg-2017-06-04",
            "paris-charles-de-gaulle-cdg-2017-06-11",
            "montreal-trudeau-yul-2017-06-11"
        ]
    );
    let cdg = plan.chapters[1].place.as_ref().expect("CDG chapter has a place");
    assert_eq!((cdg.country.as_str(), cdg.admin1.as_str()), ("FR", ""));

    // Where each photo went.
    let mut found: HashMap<PathBuf, (usize, String, String)> = HashMap::new();
    for (ci, c) in plan.chapters.iter().enumerate() {
        for d in &c.days {
            for m in &d.moments {
                for p in &m.photos {
                    found.insert(p.path.clone(), (ci, d.date.to_string(), p.local_time.to_rfc3339()));
                }
            }
        }
    }
    let unplaced: HashMap<&Path, &str> = plan.unplaced.iter().map(|u| (u.path.as_path(), u.reason.as_str())).collect();
    let stage_of = |stage: &str, day: u32| match stage {
        demo::STAGE_MONTREAL if day < 5 => 0,
        demo::STAGE_ROISSY if day < 5 => 1,
        demo::STAGE_ANGERS => 2,
        demo::STAGE_NANTES => 3,
        demo::STAGE_ROISSY => 4,
        _ => 5,
    };
    for d in &truth {
        let path = Path::new("/demo").join(&d.rel_path);
        match &d.special {
            Special::Stripped { .. } => {
                assert!(unplaced.get(path.as_path()).is_some_and(|r| r.starts_with("no date")), "{path:?}");
                continue;
            }
            Special::AbsurdDate => {
                assert!(unplaced.get(path.as_path()).is_some_and(|r| r.contains("2000-01-01")), "{path:?}");
                continue;
            }
            _ => {}
        }
        let (chapter, day, local) = found.get(&path).unwrap_or_else(|| panic!("{path:?} not in a chapter"));
        let true_local = d.true_local();
        use chrono::Datelike;
        let want_day = plan::trip_day(true_local, 4);
        assert_eq!(*chapter, stage_of(d.stage, want_day.day()), "{path:?} ({})", d.event);
        assert_eq!(day, &want_day.to_string(), "{path:?} ({})", d.event);
        let offset = chrono::FixedOffset::east_opt(d.local_offset_s).expect("offset");
        let want = d.taken_utc.with_timezone(&offset).with_nanosecond(0).expect("ns").to_rfc3339();
        let got =
            chrono::DateTime::parse_from_rfc3339(local).expect("rfc3339").with_nanosecond(0).expect("ns").to_rfc3339();
        assert_eq!(got, want, "{path:?} ({}, {})", d.event, d.device);
    }
    assert_eq!(
        unplaced.len(),
        truth.iter().filter(|d| matches!(d.special, Special::Stripped { .. } | Special::AbsurdDate)).count()
    );

    // Devices: every clock understood.
    let dev = |model: &str| plan.devices.iter().find(|d| d.model.as_deref() == Some(model)).expect(model);
    let canon = dev("Canon EOS 80D");
    assert_eq!((canon.offset_minutes, canon.source), (360, OffsetSource::Aligned), "{canon:?}");
    assert!(canon.confidence >= 0.5 && canon.photos >= 15, "{canon:?}");
    for (model, source) in [
        ("iPhone 7", OffsetSource::ExifOffset),
        ("SM-G930W8", OffsetSource::ExifOffset),
        ("LG-H870", OffsetSource::GpsTime),
        ("Pixel", OffsetSource::ExifOffset),
        ("EVA-L09", OffsetSource::None),
    ] {
        assert_eq!((dev(model).offset_minutes, dev(model).source), (0, source), "{model}");
    }
    // The GPS-less phone and the camera are placed from the group.
    for p in plan.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments).flat_map(|m| &m.photos) {
        if p.device.ends_with("| Pixel") || p.device.contains("| Canon EOS 80D") {
            assert_eq!(p.place.source, PlaceSource::Estimated, "{:?}", p.path);
        }
    }
}

use chrono::Timelike;

// ---------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn arb_photo() -> impl Strategy<Value = PhotoMeta> {
        let places =
            prop::sample::select(vec![ANGERS, NANTES, YUL, CDG, TRELAZE, (0.0, 0.0), (91.0, 0.0), (f64::NAN, 1.0)]);
        (
            0u8..6,
            prop::option::weighted(0.9, -400_000i64..400_000),
            prop::option::of(prop::sample::select(vec!["+02:00", "-04:00", "+05:45", "bogus", "+99:00"])),
            prop::option::of(places),
            prop::option::of(-1_000i64..1_000),
            0u8..3,
            0u16..1000,
        )
            .prop_map(|(who, minutes, off, gps, gps_lag, make, ms)| {
                let base = at("2017-06-05 12:00");
                let t = minutes.map(|m| base + Duration::minutes(m));
                let mut p = photo("x", &format!("P{who}"), None, off, gps);
                p.datetime_original = t;
                p.subsec_ms = Some(ms);
                p.gps_utc = t.zip(gps_lag).map(|(t, lag)| t + Duration::minutes(lag));
                p.make = [None, Some("Canon".to_string()), Some("LGE".to_string())][usize::from(make)].clone();
                p
            })
    }

    proptest! {
        // No regression files in the source tree: failures print their input.
        #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn every_photo_exactly_once(mut photos in prop::collection::vec(arb_photo(), 0..60),
                                    split in 0usize..60, mv in 0usize..60) {
            for (i, p) in photos.iter_mut().enumerate() {
                p.path = PathBuf::from(format!("/trip/{i}.jpg"));
            }
            let first = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
            assert_each_once(&photos, &first);
            // Arbitrary edits referring to real and unreal things.
            let mut edits = Edits::default();
            edits.chapters.split.push(format!("/trip/{split}.jpg"));
            if let Some(c) = first.chapters.last() {
                edits.chapters.moves.insert(format!("/trip/{mv}.jpg"), c.id.clone());
                edits.chapters.merge.push(vec![c.id.clone(), first.chapters[0].id.clone()]);
                edits.chapters.order.push(c.id.clone());
            }
            let p = plan::plan(&photos, &PlanSettings::default(), &edits);
            assert_each_once(&photos, &p);
        }
    }
}

// ---------------------------------------------------------------------------

/// A crowd of devices shooting the same moments, a fifth of them cameras on
/// home time: every one of those must be found at +6 h. (Its speed at 20,000
/// photos is measured by `cargo bench --bench plan`.)
#[test]
fn a_large_crowd_is_planned_and_every_home_clock_found() {
    let photos = support::crowd(3_000, 30);
    let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
    assert_each_once(&photos, &plan);
    let aligned: Vec<i32> =
        plan.devices.iter().filter(|d| d.source == OffsetSource::Aligned).map(|d| d.offset_minutes).collect();
    assert_eq!(aligned, [360; 6]);
}
