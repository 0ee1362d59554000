//! Every detected clock of the test trips (`support::trips`: five continents,
//! half- and quarter-hour zones, a summer-time change), scored against the
//! truth: a camera left on home time is corrected by the zone difference to
//! the minute, its drift reported apart, and the phones are left alone.
//!
//! `cargo test --test trip_clocks -- --nocapture` prints the table.

mod support;

use chrono::{Offset, TimeZone};
use recap::plan::{self, DeviceReport, Edits, OffsetSource, Plan, PlanSettings};
use recap::progress::{silent, Cancel};
use recap::scan::{self, ScanOptions};
use std::collections::HashMap;
use std::process::Command;
use support::trips::{self, DeviceKind, Trip, Written};

fn scan(trip: &Trip) -> (tempfile::TempDir, Written, Vec<recap::PhotoMeta>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = trip.write(&dir.path().join("photos"));
    let opts = ScanOptions { roots: vec![written.root.clone()], cache_dir: dir.path().join("cache") };
    let report = scan::scan(&opts, &silent, &Cancel::new()).expect("scan the trip");
    assert_eq!(report.photos.len(), written.shots.len(), "{}", trip.name);
    (dir, written, report.photos)
}

fn zone(name: &str) -> chrono_tz::Tz {
    name.parse().expect("zone")
}

/// The zone difference (trip − home, minutes) most of the device's photos
/// were taken under: the truth of "this camera is on home time".
fn true_zone_difference(trip: &Trip, written: &Written, device: usize) -> i32 {
    let (t, h) = (zone(trip.trip_zone), zone(trip.home_zone));
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for s in written.shots.iter().filter(|s| s.device == device) {
        let off = |z: chrono_tz::Tz| z.offset_from_utc_datetime(&s.utc.naive_utc()).fix().local_minus_utc() / 60;
        *counts.entry(off(t) - off(h)).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(m, n)| (n, m)).map(|(m, _)| m).expect("the device's photos")
}

fn report_of<'a>(plan: &'a Plan, trip: &Trip, device: usize) -> &'a DeviceReport {
    let d = &trip.devices[device];
    plan.devices
        .iter()
        .find(|r| r.contributor == d.owner && r.model.as_deref() == Some(d.model))
        .unwrap_or_else(|| panic!("{}: no report for {} {}", trip.name, d.owner, d.model))
}

/// Seconds between where the plan put each of the device's photos and its
/// true instant, the largest.
fn worst_error_s(plan: &Plan, written: &Written, device: usize) -> i64 {
    let truth: HashMap<_, _> = written.shots.iter().filter(|s| s.device == device).map(|s| (&s.path, s.utc)).collect();
    plan.photos().filter_map(|p| truth.get(&p.path).map(|u| (p.utc - *u).num_seconds().abs())).max().unwrap_or(0)
}

/// Every trip: the home zone is found from the departure photos, every
/// camera on home time gets exactly the zone difference (with its drift,
/// when it has one of a minute or more, reported and applied), and every
/// phone keeps the clock its tags or GPS stamps say.
#[test]
fn every_camera_on_home_time_is_corrected_by_the_zone_difference_to_the_minute() {
    let mut table = vec![format!(
        "{:<32} {:<22} {:>7} {:>7} {:>6} {:>6} {:>9} {:>6} {:>5}",
        "trip", "device", "truth", "found", "drift", "conf", "runner-up", "err s", "doubt"
    )];
    let mut failures = Vec::new();
    for trip in trips::trips() {
        let (_dir, written, photos) = scan(&trip);
        let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        if plan.home_zone.as_deref() != Some(trip.home_zone) {
            failures.push(format!("{}: home zone {:?}, not {}", trip.name, plan.home_zone, trip.home_zone));
        }
        if plan.home_place.is_none() {
            failures.push(format!("{}: no home place from the departure photos", trip.name));
        }
        for (i, d) in trip.devices.iter().enumerate() {
            let r = report_of(&plan, &trip, i);
            let err = worst_error_s(&plan, &written, i);
            if d.kind != DeviceKind::HomeCamera {
                if r.offset_minutes != 0 || r.source == OffsetSource::Aligned {
                    failures.push(format!("{}: phone {} moved: {r:?}", trip.name, d.model));
                }
                continue;
            }
            let truth = true_zone_difference(&trip, &written, i);
            table.push(format!(
                "{:<32} {:<22} {:>+7} {:>+7} {:>6} {:>6.2} {:>9} {:>6} {:>5}",
                trip.name,
                format!("{} {}", d.owner, d.model),
                truth,
                r.offset_minutes,
                r.drift_seconds.map_or("-".to_string(), |s| format!("{s:+}")),
                r.confidence,
                r.runner_up.map_or("-".to_string(), |m| format!("{m:+}")),
                err,
                r.doubtful,
            ));
            let want = (truth, OffsetSource::Aligned, Some(truth), Some(trip.home_zone));
            let got = (r.offset_minutes, r.source, r.zone_difference_minutes, r.home_zone.as_deref());
            if got != want {
                failures.push(format!("{}: {} {:?}, want {:?}: {r:?}", trip.name, d.model, got, want));
            }
            // The trips space the devices' shots 170 s apart, so a drift of
            // two or three minutes hides in that spread and the rule reports
            // none; a drift reported must be the truth within 30 s, and every
            // photo of the camera lands at its true instant but for a drift
            // left unreported.
            let drift_ok = r.drift_seconds.is_none_or(|s| (i64::from(s) + d.drift_s).abs() <= 30);
            let err_ok = err <= if r.drift_seconds.is_some() { 30 } else { d.drift_s.abs() + 1 };
            if !drift_ok || !err_ok {
                failures.push(format!(
                    "{}: {} drift {:?}, photos up to {err} s off, truth {} s fast",
                    trip.name, d.model, r.drift_seconds, d.drift_s
                ));
            }
        }
    }
    println!("{}", table.join("\n"));
    assert!(failures.is_empty(), "{}\n{}", table.join("\n"), failures.join("\n"));
}

/// The mission's home zone wins over the departure photos, and a camera the
/// setting does not fit is still found by the group's photos.
#[test]
fn a_home_zone_set_in_the_mission_is_the_one_the_zone_difference_counts_from() {
    // A trip without a summer-time change: one offset fits all its photos.
    let trip = &trips::trips()[3];
    let (_dir, written, photos) = scan(trip);
    let camera = trip.devices.iter().position(|d| d.kind == DeviceKind::HomeCamera).expect("a camera");
    let truth = true_zone_difference(trip, &written, camera);
    // The wrong home: the zone difference it gives does not line up, the
    // group's photos do.
    let elsewhere = "Pacific/Honolulu";
    assert!(trip.home_zone != elsewhere && trip.trip_zone != elsewhere);
    let settings = PlanSettings { home_zone: Some(elsewhere.into()), ..PlanSettings::default() };
    let p = plan::plan(&photos, &settings, &Edits::default());
    assert_eq!(p.home_zone.as_deref(), Some(elsewhere));
    assert_eq!(p.home_place.as_ref().map(|h| h.name.as_str()), None, "the departure city is not in that zone");
    let r = report_of(&p, trip, camera);
    assert_eq!((r.offset_minutes, r.source), (truth, OffsetSource::Aligned), "{r:?}");
    assert_ne!(r.zone_difference_minutes, Some(truth), "{r:?}");
    assert_eq!(r.home_zone.as_deref(), Some(elsewhere));
}

fn recap(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

/// `recap edit … time home-zone` stores the home zone in the mission, refuses
/// a zone that is not one, and `recap plan` shows the devices' new fields.
#[test]
fn recap_edit_time_home_zone_is_stored_and_the_plan_reports_the_clocks() {
    let trip = &trips::trips()[2];
    let dir = tempfile::tempdir().expect("tempdir");
    let written = trip.write(&dir.path().join("photos"));
    let mission = dir.path().join("trip.recap.toml");
    let cache = dir.path().join("cache");
    let os = |s: &str| std::ffi::OsString::from(s);
    let plan_json = || {
        let out = recap(&[
            os("plan").as_os_str(),
            written.root.as_os_str(),
            os("--mission").as_os_str(),
            mission.as_os_str(),
            os("--cache").as_os_str(),
            cache.as_os_str(),
            os("--no-curate").as_os_str(),
            os("--json").as_os_str(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let plan = plan_json();
    assert_eq!(plan["home_zone"], trip.home_zone, "{}", plan["home_zone"]);
    for d in plan["devices"].as_array().expect("devices") {
        for k in ["zone_difference_minutes", "home_zone", "drift_seconds", "runner_up", "doubtful"] {
            assert!(d.get(k).is_some(), "{k} missing: {d}");
        }
    }
    let edit = |zone: &[&str]| {
        let mut args = vec![os("edit"), os("--mission"), mission.clone().into_os_string(), os("time"), os("home-zone")];
        args.extend(zone.iter().map(|z| os(z)));
        recap(&args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>())
    };
    let out = edit(&["Pacific/Auckland"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&mission).expect("mission");
    assert!(text.contains("home_zone = \"Pacific/Auckland\""), "{text}");
    assert_eq!(plan_json()["home_zone"], "Pacific/Auckland");
    let out = edit(&["Mars/Olympus_Mons"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("time zone"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&mission).expect("mission"), text, "a refused edit changes nothing");
    let out = edit(&["--clear"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!std::fs::read_to_string(&mission).expect("mission").contains("home_zone"));
    assert_eq!(plan_json()["home_zone"], trip.home_zone);
}
