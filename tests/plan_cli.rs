//! `recap plan`: the JSON contract on the demo mission, and edits kept in the
//! mission file surviving rescans.

use recap::mission::Mission;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn plan_json(mission: &Path, cache: &Path) -> Value {
    let out = recap(&["plan", "--mission", &mission.to_string_lossy(), "--cache", &cache.to_string_lossy(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

fn all_paths(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in v["chapters"].as_array().expect("chapters") {
        for d in c["days"].as_array().expect("days") {
            for m in d["moments"].as_array().expect("moments") {
                for p in m["photos"].as_array().expect("photos") {
                    out.push(p["path"].as_str().expect("path").to_string());
                }
            }
        }
    }
    for u in v["unplaced"].as_array().expect("unplaced") {
        out.push(u["path"].as_str().expect("path").to_string());
    }
    out
}

#[test]
fn the_demo_mission_comes_out_as_angers_then_nantes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    let photos = dir.path().join("photos");
    let out = recap(&["demo", &photos.to_string_lossy(), "--mission", &mission.to_string_lossy()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = plan_json(&mission, &dir.path().join("cache"));

    let stages: Vec<&str> = v["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter(|c| c["kind"] == "stage")
        .map(|c| c["title"].as_str().expect("title"))
        .collect();
    assert_eq!(stages, ["Angers", "Nantes"]);

    // Every photo the scan found appears exactly once.
    let paths = all_paths(&v);
    let unique: HashSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "a photo appears twice");
    let cache = dir.path().join("cache");
    let scan = recap(&["scan", &photos.to_string_lossy(), "--cache", &cache.to_string_lossy(), "--json"]);
    let scan: Value = serde_json::from_slice(&scan.stdout).expect("scan JSON");
    let scanned: HashSet<String> = scan["photos"]
        .as_array()
        .expect("photos")
        .iter()
        .map(|p| p["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(unique, scanned.iter().collect::<HashSet<_>>());

    // Contract fields, on every photo.
    for c in v["chapters"].as_array().expect("chapters") {
        assert!(c["start"].is_string() && c["end"].is_string() && c["place"].is_object());
        for d in c["days"].as_array().expect("days") {
            assert!(chrono::NaiveDate::parse_from_str(d["date"].as_str().expect("date"), "%Y-%m-%d").is_ok());
            for m in d["moments"].as_array().expect("moments") {
                assert!(m["title"].is_string() || m["title"].is_null());
                for p in m["photos"].as_array().expect("photos") {
                    chrono::DateTime::parse_from_rfc3339(p["local_time"].as_str().expect("local_time"))
                        .expect("RFC 3339");
                    let source = p["place"]["source"].as_str().expect("source");
                    assert!(["gps", "estimated", "agenda", "none"].contains(&source), "{source}");
                    assert!(p["contributor"].is_string());
                }
            }
        }
    }
    for u in v["unplaced"].as_array().expect("unplaced") {
        assert!(!u["reason"].as_str().expect("reason").is_empty());
    }

    // The camera left on Québec time is found at +6 h by aligning with the group.
    let canon =
        v["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("the Canon");
    assert_eq!(canon["offset_minutes"], 360);
    assert_eq!(canon["source"], "aligned");
    let confidence = canon["confidence"].as_f64().expect("confidence");
    assert!((0.0..=1.0).contains(&confidence) && confidence > 0.5);
    assert!(canon["photos"].as_u64().expect("photos") >= 10);

    // The agenda names moments.
    let titles: Vec<&str> = v["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .flat_map(|c| c["days"].as_array().expect("days"))
        .flat_map(|d| d["moments"].as_array().expect("moments"))
        .filter_map(|m| m["title"].as_str())
        .collect();
    assert!(titles.contains(&"Visite de la Cité de l'objet connecté"), "{titles:?}");
    assert!(titles.contains(&"Soirée karaoké"), "{titles:?}");
}

#[test]
fn edits_in_the_mission_survive_a_rescan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission_path = dir.path().join("mission.toml");
    let photos = dir.path().join("photos");
    assert!(recap(&["demo", &photos.to_string_lossy(), "--mission", &mission_path.to_string_lossy()]).status.success());
    let cache = dir.path().join("cache");
    let before = plan_json(&mission_path, &cache);
    let angers =
        before["chapters"].as_array().expect("chapters").iter().find(|c| c["title"] == "Angers").expect("Angers")["id"]
            .as_str()
            .expect("id")
            .to_string();

    // The user renames a chapter and corrects the camera by hand…
    let mut m = Mission::load(&mission_path).expect("load");
    m.edits.chapters.rename.insert(angers.clone(), "Angers, la ville du végétal".into());
    let canon =
        before["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("canon");
    let key = canon["key"].as_str().expect("device key").to_string();
    m.edits.devices.insert(key, recap::plan::DeviceOffset::Minutes(300));
    m.save(&mission_path).expect("save");

    // …then a participant adds a photo and another removes one.
    let first =
        recap::demo::demo_photos().into_iter().find(|p| p.special == recap::demo::Special::None).expect("a photo");
    std::fs::remove_file(photos.join(&first.rel_path)).expect("rm");
    std::fs::write(photos.join("Sophie G/late-addition.jpg"), first.bytes()).expect("add");

    let after = plan_json(&mission_path, &cache);
    let titles: Vec<&str> =
        after["chapters"].as_array().expect("chapters").iter().map(|c| c["title"].as_str().expect("t")).collect();
    assert!(titles.contains(&"Angers, la ville du végétal"), "{titles:?}");
    let canon =
        after["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("canon");
    assert_eq!((canon["offset_minutes"].as_i64(), canon["source"].as_str()), (Some(300), Some("mission")));
    let paths = all_paths(&after);
    assert!(paths.iter().any(|p| p.ends_with("late-addition.jpg")));
    assert!(!paths.iter().any(|p| p.ends_with(first.rel_path.to_string_lossy().as_ref())));
}

#[test]
fn a_mission_from_a_newer_recap_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    std::fs::write(&mission, "schema = 99\nname = \"futur\"\n").expect("write");
    let out = recap(&["plan", "--mission", &mission.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&mission).expect("read"), "schema = 99\nname = \"futur\"\n");
}

#[test]
fn recap_edit_changes_the_plan_and_survives_a_rescan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    let photos = dir.path().join("photos");
    assert!(recap(&["demo", &photos.to_string_lossy(), "--mission", &mission.to_string_lossy()]).status.success());
    let cache = dir.path().join("cache");
    let v = plan_json(&mission, &cache);
    let canon =
        v["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("canon");
    let key = canon["key"].as_str().expect("key").to_string();
    let m = mission.to_string_lossy().into_owned();
    let edit = |args: &[&str]| {
        let mut all = vec!["edit", "--mission", m.as_str()];
        all.extend_from_slice(args);
        let out = recap(&all);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    edit(&["clock", &key, "--minutes", "-30"]);
    edit(&["rename", "nantes-2017-06-08", "Web2Day à Nantes"]);
    edit(&["participant", "Benoît R", "Benoît Rousseau"]);

    let after = plan_json(&mission, &cache);
    let canon =
        after["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("canon");
    assert_eq!((canon["offset_minutes"].as_i64(), canon["source"].as_str()), (Some(-30), Some("mission")));
    let titles: Vec<&str> =
        after["chapters"].as_array().expect("chapters").iter().map(|c| c["title"].as_str().expect("t")).collect();
    assert!(titles.contains(&"Web2Day à Nantes"), "{titles:?}");
    let saved = Mission::load(&mission).expect("load");
    assert_eq!(saved.participants.get("Benoît R").map(String::as_str), Some("Benoît Rousseau"));

    edit(&["clock", &key, "--auto"]);
    let back = plan_json(&mission, &cache);
    let canon =
        back["devices"].as_array().expect("devices").iter().find(|d| d["model"] == "Canon EOS 80D").expect("canon");
    assert_eq!((canon["offset_minutes"].as_i64(), canon["source"].as_str()), (Some(360), Some("aligned")));
}
