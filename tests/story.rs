//! The story model (`recap::story`): drafts in both languages, each day's
//! photos, the story's edits and their limits, and `recap story` /
//! `recap edit … story` on real files.

mod support;

use recap::edit::{apply, Edit, StoryTarget};
use recap::lang::Lang;
use recap::mission::Mission;
use recap::pipeline::plan_folders;
use recap::progress::silent;
use recap::story::{self, Story};
use recap::Cancel;
use std::path::Path;
use std::process::Command;
use support::{iphone, Demo, Fixture};

const NBSP: char = '\u{a0}';

impl Demo {
    fn story(&self, mission: &Mission, lang: Lang) -> Story {
        let report = self.plan_with(mission);
        let (mission, _) = recap::pipeline::resolve_mission(mission, Some(&self.mission_path()), &[], &report.scan);
        let album = recap::export::album(&report, &mission, lang, None);
        story::build(&album, &mission, lang)
    }
}

fn texts(s: &Story) -> Vec<&str> {
    let mut out = vec![s.intro.text.as_str(), s.closing.text.as_str()];
    for c in &s.chapters {
        out.push(&c.text.text);
        out.extend(c.days.iter().map(|d| d.text.text.as_str()));
    }
    out
}

#[test]
fn drafts_tell_every_day_in_french_and_english_with_french_typography() {
    let demo = Demo::new();
    let fr = demo.story(&demo.mission, Lang::Fr);
    let en = demo.story(&demo.mission, Lang::En);
    assert!(fr.chapters.len() >= 2, "the demo has two stays");
    for s in [&fr, &en] {
        for t in texts(s) {
            assert!(!t.trim().is_empty(), "an empty draft in {s:?}");
        }
        assert!(s.chapters.iter().flat_map(|c| &c.days).all(|d| d.text.draft), "no text was written");
        assert!(!s.credits.is_empty() && s.credits.windows(2).all(|w| w[0].photos >= w[1].photos));
    }
    // The demo has a programme: a day tells it, in its own words.
    let days: Vec<_> = fr.chapters.iter().flat_map(|c| &c.days).collect();
    assert!(days.iter().any(|d| d.text.text.contains(&format!("Au programme{NBSP}:"))), "{days:#?}");
    let en_days: Vec<_> = en.chapters.iter().flat_map(|c| &c.days).collect();
    assert!(en_days.iter().any(|d| d.text.text.contains("On the programme:")));
    assert!(fr.intro.text.contains("participants") && fr.intro.text.contains("photos"), "{}", fr.intro.text);
    assert!(fr.heading_sample().starts_with(char::is_uppercase));
    // French: a non-breaking space before : ; ! ? wherever a draft has one; English none.
    for t in texts(&fr) {
        for (i, c) in t.char_indices() {
            if matches!(c, ':' | ';' | '!' | '?') && i > 0 {
                let before = t[..i].chars().last().expect("a char before");
                assert!(before == NBSP || before.is_ascii_digit(), "{c} without its space in {t:?}");
            }
        }
    }
    assert!(texts(&en).iter().all(|t| !t.contains(NBSP)), "no French spaces in English");
}

trait Sample {
    fn heading_sample(&self) -> &str;
}
impl Sample for Story {
    fn heading_sample(&self) -> &str {
        &self.chapters[0].days[0].heading
    }
}

#[test]
fn without_a_programme_a_day_is_told_from_its_moments_names() {
    let demo = Demo::new();
    let mut mission = demo.mission.clone();
    mission.agenda = Default::default();
    for (s, label) in [(demo.story(&mission, Lang::Fr), "Au programme"), (demo.story(&mission, Lang::En), "programme")]
    {
        for d in s.chapters.iter().flat_map(|c| &c.days).filter(|d| d.photo_count > 0) {
            assert!(!d.text.text.contains(label), "{}", d.text.text);
            assert!(d.text.text.starts_with(char::is_uppercase), "{}", d.text.text);
            assert!(d.text.text.contains("photo"), "{}", d.text.text);
        }
    }
}

#[test]
fn french_typography_spaces_marks_and_quotes_but_not_times() {
    let t = story::typography("Quiz: \"Belges\" contre Québécois! Départ 10:30; prêts?", Lang::Fr);
    assert_eq!(t, format!("Quiz{NBSP}: «{NBSP}Belges{NBSP}» contre Québécois{NBSP}! Départ 10:30{NBSP}; prêts{NBSP}?"));
    assert_eq!(story::typography("Quiz: go!", Lang::En), "Quiz: go!");
}

#[test]
fn a_day_with_a_single_photo_names_its_photographer() {
    let f = Fixture::new();
    f.photo("Marie L/IMG_0001.JPG", iphone("2019-04-02 10:15:00", "+09:00", 35.0116, 135.7681));
    let cache = tempfile::tempdir().expect("cache");
    let mission = Mission::new("Kyoto");
    let report =
        plan_folders(&[f.root().to_path_buf()], cache.path(), &mission, None, &silent, &Cancel::new()).expect("plan");
    for (lang, want) in [(Lang::Fr, "1 photo, de Marie L."), (Lang::En, "1 photo, by Marie L.")] {
        let album = recap::export::album(&report, &mission, lang, None);
        let s = story::build(&album, &mission, lang);
        let day = &s.chapters[0].days[0];
        assert!(day.text.text.contains(want), "{lang:?}: {}", day.text.text);
        assert_eq!((day.photos.len(), day.photo_count, day.photographers), (1, 1, 1));
        assert_eq!(s.cover.as_ref().map(|c| c.id), Some(day.photos[0].id));
    }
}

#[test]
fn each_day_shows_three_to_twelve_photos_without_rejects_one_per_group_and_photographers_spread() {
    let demo = Demo::new();
    let report = demo.plan();
    let (mut mission, _) =
        recap::pipeline::resolve_mission(&demo.mission, Some(&demo.mission_path()), &[], &report.scan);
    // Reject the first photo of every day: it must never be shown.
    let album = recap::export::album(&report, &mission, Lang::Fr, None);
    let rejected: Vec<String> = album
        .chapters
        .iter()
        .flat_map(|c| &c.days)
        .filter_map(|d| d.moments.iter().flat_map(|m| &m.photos).next())
        .map(|p| recap::caption::photo_key(p.path()))
        .collect();
    for k in &rejected {
        mission.set_pick(k, Some(recap::mission::PickState::Reject));
    }
    let album = recap::export::album(&report, &mission, Lang::Fr, None);
    let s = story::build(&album, &mission, Lang::Fr);
    let group_of = |key: &str| album.photos().find(|p| recap::caption::photo_key(p.path()) == key)?.group.clone();
    let mut told = 0;
    for d in s.chapters.iter().flat_map(|c| &c.days) {
        let usable = d.photo_count.saturating_sub(1);
        assert!(d.photos.len() <= story::DAY_MAX_PHOTOS, "{}: {}", d.date, d.photos.len());
        assert!(d.photos.len() >= story::DAY_MIN_PHOTOS.min(usable) || d.photos.len() == usable, "{}", d.date);
        let mut groups = std::collections::HashSet::new();
        for p in &d.photos {
            assert!(!rejected.contains(&p.key), "a rejected photo in {}", d.date);
            if let Some(g) = group_of(&p.key) {
                assert!(groups.insert(g.id), "two photos of one group on {}", d.date);
            }
        }
        let mut per: std::collections::HashMap<&str, usize> = Default::default();
        for p in &d.photos {
            *per.entry(p.credit.as_str()).or_default() += 1;
        }
        if d.photographers > 1 && d.photos.len() >= 4 {
            assert!(per.values().all(|&n| n <= d.photos.len() / 2 + 1), "{}: {per:?}", d.date);
        }
        told += d.photos.len();
    }
    assert!(told > 0);
}

fn demo_day(s: &Story) -> &recap::story::StoryDay {
    s.chapters.iter().flat_map(|c| &c.days).max_by_key(|d| d.photo_count).expect("a day")
}

#[test]
fn picks_win_and_the_users_order_is_kept() {
    let demo = Demo::new();
    let report = demo.plan();
    let (mut mission, _) =
        recap::pipeline::resolve_mission(&demo.mission, Some(&demo.mission_path()), &[], &report.scan);
    let album = recap::export::album(&report, &mission, Lang::Fr, None);
    let s = story::build(&album, &mission, Lang::Fr);
    let day = demo_day(&s);
    let all: Vec<String> = album
        .photos()
        .filter(|p| p.day == day.date && p.meta.is_some_and(|m| m.kind == recap::MediaKind::Photo))
        .map(|p| recap::caption::photo_key(p.path()))
        .collect();
    // Two picks the automatic choice did not make.
    let picked: Vec<String> =
        all.iter().filter(|k| !day.photos.iter().any(|p| &&p.key == k)).take(2).cloned().collect();
    for k in &picked {
        mission.set_pick(k, Some(recap::mission::PickState::Pick));
    }
    let album = recap::export::album(&report, &mission, Lang::Fr, None);
    let d = demo_day(&story::build(&album, &mission, Lang::Fr)).clone();
    for k in &picked {
        assert!(d.photos.iter().any(|p| &p.key == k), "pick {k} not shown");
    }
    // The user's own order, reversed from time order, is the story's.
    let mine: Vec<String> = all.iter().rev().take(4).cloned().collect();
    apply(&mut mission, &Edit::StoryPhotos { day: d.date, photos: Some(mine.clone()) }).expect("choose");
    let d = demo_day(&story::build(&album, &mission, Lang::Fr)).clone();
    assert!(d.photos_chosen);
    assert_eq!(d.photos.iter().map(|p| p.key.clone()).collect::<Vec<_>>(), mine);
    apply(&mut mission, &Edit::StoryPhotos { day: d.date, photos: None }).expect("back");
    assert!(!demo_day(&story::build(&album, &mission, Lang::Fr)).photos_chosen);
    assert!(mission.story.is_empty(), "nothing left in [story]: {:?}", mission.story);
}

#[test]
fn hostile_and_oversized_story_edits_are_refused_and_change_nothing() {
    let mut m = Mission::new("x");
    let day = chrono::NaiveDate::from_ymd_opt(2017, 6, 6).expect("date");
    let long = "é".repeat(recap::edit::MAX_STORY_TEXT_CHARS + 1);
    let refused = [
        Edit::StoryText { target: StoryTarget::Intro, lang: Lang::Fr, text: Some(long) },
        Edit::StoryText { target: StoryTarget::Chapter("a\u{0}b".into()), lang: Lang::Fr, text: Some("x".into()) },
        Edit::StoryPhotos { day, photos: Some((0..61).map(|i| format!("1:IMG_{i}.JPG")).collect()) },
        Edit::StoryPhotos { day, photos: Some(vec!["1:a.jpg".into(), "1:a.jpg".into()]) },
        Edit::StoryPhotos { day, photos: Some(vec!["  ".into()]) },
    ];
    for e in &refused {
        let err = apply(&mut m, e).expect_err("refused");
        assert_eq!(err.code(), "invalid");
        assert!(!err.to_string().is_empty());
    }
    assert!(m.story.is_empty());
    for bad in ["", "day:2017-13-01", "chapter:", "cover", "day:", "title:x"] {
        assert!(bad.parse::<StoryTarget>().is_err(), "{bad:?} accepted");
    }
    for good in ["title", "intro", "closing", "chapter:c-angers", "day:2017-06-06"] {
        assert_eq!(good.parse::<StoryTarget>().expect(good).to_string(), good);
    }
    // A blank text is the draft again, and the file keeps no empty table.
    apply(&mut m, &Edit::StoryText { target: StoryTarget::Day(day), lang: Lang::En, text: Some("Ours".into()) })
        .expect("write");
    apply(&mut m, &Edit::StoryText { target: StoryTarget::Day(day), lang: Lang::En, text: Some("  ".into()) })
        .expect("clear");
    assert!(m.story.is_empty());
}

#[test]
fn a_mission_with_a_story_round_trips_and_keeps_keys_it_does_not_know() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("m.toml");
    std::fs::write(
        &path,
        "recap = 1\nschema = 1\nname = \"t\"\n[story]\ncover = \"1:IMG_0001.JPG\"\nmood = \"gai\"\ntitle = { fr = \"Notre été\" }\n\
         [story.days.\"2017-06-06\"]\ntext = { en = \"Ours\" }\nphotos = [\"1:B.JPG\", \"1:A.JPG\"]\nlayout = 2\n",
    )
    .expect("write");
    let m = Mission::load(&path).expect("load");
    assert_eq!(m.story.cover.as_deref(), Some("1:IMG_0001.JPG"));
    assert_eq!(m.story.title.fr.as_deref(), Some("Notre été"));
    let day = chrono::NaiveDate::from_ymd_opt(2017, 6, 6).expect("date");
    assert_eq!(m.story.day(day).and_then(|d| d.photos.clone()), Some(vec!["1:B.JPG".into(), "1:A.JPG".into()]));
    m.save(&path).expect("save");
    let again = Mission::load(&path).expect("reload");
    assert_eq!(again, m);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("mood") && text.contains("layout"), "{text}");
    std::fs::write(&path, "recap = 1\nschema = 1\n[story.days.tomorrow]\ntext = { fr = \"x\" }\n").expect("write");
    assert!(Mission::load(&path).is_err(), "a day that is not a date");
}

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

fn story_json(mission: &Path, cache: &Path, lang: &str) -> serde_json::Value {
    let out = recap(&[
        "story",
        "--mission",
        mission.to_str().expect("utf-8"),
        "--cache",
        cache.to_str().expect("utf-8"),
        "--lang",
        lang,
        "--json",
        "--no-curate",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn cli_story_edits_show_in_recap_story_and_survive_a_rename() {
    let demo = Demo::new();
    let m = demo.mission_path();
    let ms = m.to_str().expect("utf-8");
    let cache = demo.cache();
    let before = story_json(&m, &cache, "fr");
    let day = &before["chapters"][0]["days"][0];
    let date = day["date"].as_str().expect("date").to_string();
    assert_eq!(day["text"]["draft"], true);

    let out = recap(&["edit", "--mission", ms, "story", "text", &format!("day:{date}"), "Notre première journée!"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Two photos of the day, named by path, in reverse order.
    let photos: Vec<String> =
        day["photos"].as_array().expect("photos").iter().map(|p| p["key"].as_str().expect("key").into()).collect();
    assert!(photos.len() >= 2);
    let chosen = [photos[1].clone(), photos[0].clone()];
    let out = recap(&["edit", "--mission", ms, "story", "photos", &date, &chosen[0], &chosen[1]]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let saved = std::fs::read_to_string(&m).expect("mission");
    assert!(saved.contains("[story.days.") && !saved.contains(&chosen[0]), "portable keys in the file:\n{saved}");

    // The first chosen photo is renamed: its fingerprint finds it again.
    let renamed = Path::new(&chosen[0]).with_file_name("RENAMED.JPG");
    std::fs::rename(&chosen[0], &renamed).expect("rename");
    let after = story_json(&m, &cache, "fr");
    let day = after["chapters"][0]["days"].as_array().expect("days").iter().find(|d| d["date"] == date).expect("day");
    assert_eq!(day["text"]["text"], "Notre première journée!");
    assert_eq!(day["text"]["draft"], false);
    assert_eq!(day["photosChosen"], true);
    let keys: Vec<&str> =
        day["photos"].as_array().expect("photos").iter().map(|p| p["key"].as_str().expect("k")).collect();
    let renamed_key = std::fs::canonicalize(&renamed).expect("canon");
    assert_eq!(keys, [renamed_key.to_str().expect("utf-8"), chosen[1].as_str()]);
    // English has no text of its own: the draft.
    let en = story_json(&m, &cache, "en");
    let day = en["chapters"][0]["days"].as_array().expect("days").iter().find(|d| d["date"] == date).expect("day");
    assert_eq!(day["text"]["draft"], true);

    // A photo outside the mission, and an unknown key, are refused.
    let outside = demo.mission_path();
    for bad in [outside.to_str().expect("utf-8"), "0:NO_SUCH.JPG"] {
        let out = recap(&["edit", "--mission", ms, "story", "cover", bad]);
        assert!(!out.status.success(), "{bad} accepted");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a photo"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = recap(&["story", "--mission", ms, "--cache", cache.to_str().expect("utf-8"), "--no-curate"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("Notre première journée"));
}
