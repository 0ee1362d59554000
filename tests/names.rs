//! Place names in the reader's language: the embedded exonyms, and a London
//! trip whose French album says Londres and whose English one says London,
//! with the user's renames kept in the language they were typed.

mod support;

use recap::geo::{self, Gazetteer, Place};
use recap::lang::Lang;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use support::{iphone, Fixture};

/// The most populous gazetteer place of that name in that country.
fn city(country: &str, name: &str) -> &'static Place {
    Gazetteer::embedded()
        .places()
        .iter()
        .filter(|p| p.country == country && p.name == name)
        .max_by_key(|p| p.population)
        .unwrap_or_else(|| panic!("{name}, {country} is in the gazetteer"))
}

#[test]
fn exonyms_come_out_right_in_french_and_english() {
    let table = [
        ("GB", "London", "Londres", "London"),
        ("BE", "Brussels", "Bruxelles", "Brussels"),
        ("CN", "Beijing", "Pékin", "Beijing"),
        ("IT", "Venice", "Venise", "Venice"),
        ("CH", "Geneva", "Genève", "Geneva"),
        ("ES", "Sevilla", "Séville", "Seville"),
        ("CA", "Montréal", "Montréal", "Montréal"),
        ("CA", "Québec", "Québec", "Quebec City"),
        ("MX", "Mexico City", "Mexico", "Mexico City"),
        ("EG", "Cairo", "Le Caire", "Cairo"),
        ("RU", "Moscow", "Moscou", "Moscow"),
        ("PT", "Lisbon", "Lisbonne", "Lisbon"),
        ("DE", "Munich", "Munich", "Munich"),
        ("JP", "Kyoto", "Kyoto", "Kyoto"),
    ];
    for (country, name, fr, en) in table {
        let p = city(country, name);
        assert_eq!((p.name_in(Lang::Fr).as_ref(), p.name_in(Lang::En).as_ref()), (fr, en), "{name}, {country}");
    }
    // London, Ontario is not the capital of the United Kingdom.
    let ontario = Gazetteer::embedded().places().iter().find(|p| p.country == "CA" && p.name == "London").expect("ON");
    assert_eq!(ontario.name_in(Lang::Fr), "London");

    for (code, fr, en) in
        [("GB", "Royaume-Uni", "United Kingdom"), ("DE", "Allemagne", "Germany"), ("EG", "Égypte", "Egypt")]
    {
        assert_eq!((geo::country_name(code, Lang::Fr), geo::country_name(code, Lang::En)), (Some(fr), Some(en)));
    }

    // An airport named after its city takes the city's French name; others keep theirs.
    let lhr = geo::airport("LHR").and_then(|a| a.place()).expect("LHR");
    assert_eq!(
        (lhr.name_in(Lang::Fr).as_ref(), lhr.name_in(Lang::En).as_ref()),
        ("Londres-Heathrow (LHR)", "London Heathrow (LHR)")
    );
    let yul = geo::airport("YUL").and_then(|a| a.place()).expect("YUL");
    assert_eq!(yul.name_in(Lang::Fr), "Montréal-Trudeau (YUL)");
}

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn plan(mission: &Path, cache: &Path, lang: &str) -> Value {
    let (m, c) = (mission.to_string_lossy(), cache.to_string_lossy());
    let out = recap(&["plan", "--mission", &m, "--cache", &c, "--json", "--no-curate", "--lang", lang]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

fn edit(mission: &Path, args: &[&str]) {
    let m = mission.to_string_lossy();
    let mut all = vec!["edit", "--mission", m.as_ref()];
    all.extend_from_slice(args);
    let out = recap(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// (id, title, place name, names.fr, names.en) of every chapter.
fn chapters(v: &Value) -> Vec<(String, String, String)> {
    let s = |x: &Value| x.as_str().unwrap_or("").to_string();
    v["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .map(|c| (s(&c["id"]), s(&c["title"]), s(&c["place"]["name"])))
        .collect()
}

fn photo_places(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in v["chapters"].as_array().expect("chapters") {
        for m in c["days"].as_array().expect("days").iter().flat_map(|d| d["moments"].as_array().expect("moments")) {
            for p in m["photos"].as_array().expect("photos") {
                out.push(p["place"]["name"].as_str().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// Two days in London after landing at Heathrow, two participants.
fn london_trip(f: &Fixture) {
    f.photo("ana/IMG_0001.JPG", iphone("2019-05-10 08:00:00", "+01:00", 51.4706, -0.4619));
    f.photo("ana/IMG_0002.JPG", iphone("2019-05-10 08:20:00", "+01:00", 51.4712, -0.4600));
    for (i, (day, h)) in [(10, 14), (10, 18), (11, 9), (11, 13), (11, 20), (12, 10)].iter().enumerate() {
        let t = format!("2019-05-{day} {h:02}:00:00");
        f.photo(&format!("ana/IMG_{:04}.JPG", 10 + i), iphone(&t, "+01:00", 51.5072, -0.1276));
        f.photo(&format!("ben/DSC_{:04}.JPG", 10 + i), iphone(&t, "+01:00", 51.5010, -0.1419));
    }
}

#[test]
fn a_london_trip_says_londres_in_french_and_london_in_english_and_renames_keep_their_language() {
    let f = Fixture::new();
    london_trip(&f);
    let dir = tempfile::tempdir().expect("tempdir");
    let (mission, cache) = (dir.path().join("londres.toml"), dir.path().join("cache"));
    let out = recap(&[
        "plan",
        &f.root().to_string_lossy(),
        "--mission",
        &mission.to_string_lossy(),
        "--cache",
        &cache.to_string_lossy(),
        "--json",
        "--no-curate",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let (fr, en) = (plan(&mission, &cache, "fr"), plan(&mission, &cache, "en"));
    let (cfr, cen) = (chapters(&fr), chapters(&en));
    let stage = cfr.iter().position(|c| c.1 == "Londres").unwrap_or_else(|| panic!("a Londres chapter: {cfr:?}"));
    assert!(cfr[stage].0.starts_with("london-2019-05-"), "ids stay GeoNames': {cfr:?}");
    assert_eq!(cfr[stage].2, "Londres");
    assert_eq!((cen[stage].1.as_str(), cen[stage].2.as_str()), ("London", "London"));
    assert!(cfr.iter().any(|c| c.1 == "Londres-Heathrow (LHR)"), "{cfr:?}");
    assert!(cen.iter().any(|c| c.1 == "London Heathrow (LHR)"), "{cen:?}");
    let ids = |c: &[(String, String, String)]| c.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&cfr), ids(&cen), "the language changes no id");
    // Both languages ride along whichever one was asked for.
    assert_eq!(fr["chapters"][stage]["titles"], serde_json::json!({"fr": "Londres", "en": "London"}));
    assert_eq!(en["chapters"][stage]["place"]["names"]["fr"], "Londres");
    assert!(photo_places(&fr).iter().any(|p| p == "Londres") && !photo_places(&fr).iter().any(|p| p == "London"));
    assert!(photo_places(&en).iter().any(|p| p == "London") && !photo_places(&en).iter().any(|p| p == "Londres"));
    let id = cfr[stage].0.clone();

    // The place's own French name typed in French: English readers get London.
    edit(&mission, &["rename", &id, "Londres"]);
    assert_eq!(chapters(&plan(&mission, &cache, "en"))[stage].1, "London");
    // A free title typed in English stays itself in both albums.
    edit(&mission, &["rename", &id, "London Calling", "--lang", "en"]);
    let (fr, en) = (chapters(&plan(&mission, &cache, "fr")), chapters(&plan(&mission, &cache, "en")));
    assert_eq!((fr[stage].1.as_str(), en[stage].1.as_str()), ("London Calling", "London Calling"));
    assert_eq!(
        (fr[stage].0.as_str(), en[stage].0.as_str()),
        (id.as_str(), id.as_str()),
        "the rename survives a language switch"
    );
    // The English name typed in English: French readers get Londres.
    edit(&mission, &["rename", &id, "London", "--lang", "en"]);
    let (fr, en) = (chapters(&plan(&mission, &cache, "fr")), chapters(&plan(&mission, &cache, "en")));
    assert_eq!((fr[stage].1.as_str(), en[stage].1.as_str()), ("Londres", "London"));
    let text = std::fs::read_to_string(&mission).expect("mission");
    assert!(text.contains("title_lang"), "the rename's language is kept in the mission:\n{text}");

    // Facebook folders, their album text and the captions in each language.
    for (lang, city, other) in [("fr", "Londres", "London"), ("en", "London", "Londres")] {
        let out = dir.path().join(format!("export-{lang}"));
        let (m, c, o) = (mission.to_string_lossy(), cache.to_string_lossy(), out.to_string_lossy());
        let run =
            recap(&["export", "--mission", &m, "--cache", &c, "--preset", "facebook", "--lang", lang, "--out", &o]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let folders: Vec<String> = std::fs::read_dir(&out)
            .expect("export folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let folder = folders.iter().find(|f| f.ends_with(&format!(" {city}"))).unwrap_or_else(|| panic!("{folders:?}"));
        let album = std::fs::read_to_string(out.join(folder).join("album.txt")).expect("album.txt");
        let captions = std::fs::read_to_string(out.join(folder).join("captions.txt")).expect("captions.txt");
        assert!(album.starts_with(city) && !album.contains(other), "{lang}: {album}");
        assert!(!captions.contains(other), "{lang}: {captions}");
    }
}
