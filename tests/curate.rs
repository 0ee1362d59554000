//! Curation (issue 7) on real files: a labelled set drawn by the fixture
//! builder (`support::scenes::curation_set`), the demo mission, the mission's
//! picks, the balanced selection and the `recap curate` command.

mod support;

use recap::curate::{self, Curation, GroupKind};
use recap::mission::{Mission, Pick, PickState};
use recap::pipeline::{plan_folders_with, PlanOptions, PlanReport};
use recap::progress::silent;
use recap::Cancel;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The labelled set, written once per test process (drawing it takes a while).
struct Labelled {
    dir: tempfile::TempDir,
    files: Vec<support::scenes::LabelledFile>,
}

fn labelled() -> &'static Labelled {
    static SET: OnceLock<Labelled> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = support::scenes::curation_set(1);
        for f in &files {
            let path = dir.path().join("photos").join(&f.rel_path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &f.bytes).expect("write");
        }
        Labelled { dir, files }
    })
}

impl Labelled {
    fn photos(&self) -> PathBuf {
        self.dir.path().join("photos")
    }
    fn path(&self, f: &support::scenes::LabelledFile) -> PathBuf {
        self.photos().join(&f.rel_path)
    }
    fn plan(&self, mission: &Mission, cache: &Path) -> PlanReport {
        plan_folders_with(&[self.photos()], cache, mission, None, PlanOptions::curated(), &silent, &Cancel::new())
            .expect("plan the labelled set")
    }
}

fn curation(r: &PlanReport) -> &Curation {
    r.curation.as_ref().expect("curated")
}

/// Precision and recall over unordered pairs.
fn pair_scores(
    n: usize,
    truth: impl Fn(usize, usize) -> bool,
    found: impl Fn(usize, usize) -> bool,
) -> (f64, f64, usize) {
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    for a in 0..n {
        for b in a + 1..n {
            match (truth(a, b), found(a, b)) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
                _ => {}
            }
        }
    }
    let p = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
    let r = if tp + fneg == 0 { 1.0 } else { tp as f64 / (tp + fneg) as f64 };
    (p, r, tp + fneg)
}

#[test]
fn duplicates_and_bursts_are_found_with_high_precision_and_recall() {
    let set = labelled();
    let cache = tempfile::tempdir().expect("cache");
    let report = set.plan(&Mission::default(), cache.path());
    let c = curation(&report);
    assert!(c.failed.is_empty(), "{:?}", c.failed);
    let files = &set.files;
    let paths: Vec<PathBuf> = files.iter().map(|f| set.path(f)).collect();
    let copies: Vec<HashSet<PathBuf>> = paths.iter().map(|p| c.copies_of(p).into_iter().collect()).collect();
    let group: Vec<Option<&str>> = paths.iter().map(|p| c.group_of(p).map(|g| g.id.as_str())).collect();

    let (dp, dr, dn) =
        pair_scores(files.len(), |a, b| files[a].shot == files[b].shot, |a, b| copies[a].contains(&paths[b]));
    // Bursts: pairs of different shots, grouped when of one burst.
    let same_burst = |a: usize, b: usize| files[a].burst.is_some() && files[a].burst == files[b].burst;
    let (bp, br, bn) = pair_scores(
        files.len(),
        |a, b| files[a].shot != files[b].shot && same_burst(a, b),
        |a, b| files[a].shot != files[b].shot && group[a].is_some() && group[a] == group[b],
    );
    println!(
        "curation on {} files: duplicates precision {dp:.3} recall {dr:.3} ({dn} true pairs); \
         bursts precision {bp:.3} recall {br:.3} ({bn} true pairs)",
        files.len()
    );
    assert!(dp >= 0.98 && dr >= 0.95, "duplicates: precision {dp:.3}, recall {dr:.3}");
    assert!(bp >= 0.95 && br >= 0.90, "bursts: precision {bp:.3}, recall {br:.3}");

    // Kinds and best shots: copies keep the original, exact copies collapse.
    for (i, f) in files.iter().enumerate() {
        let Some(g) = c.group_of(&paths[i]) else { continue };
        if f.burst.is_some() {
            assert_eq!(g.kind, GroupKind::Burst, "{}", f.rel_path);
        }
        if f.stripped {
            assert!(!c.is_best(&paths[i]), "a stripped copy is never the best: {}", f.rel_path);
        }
    }
    let planned = planned_paths(&report);
    for (i, f) in files.iter().enumerate() {
        if f.exact_copy {
            // Same bytes as its original: exactly one of the two stays in the
            // plan, and it remembers the other's contributor.
            let orig = files.iter().position(|o| o.shot == f.shot && !o.exact_copy && !o.stripped).expect("original");
            let (a, b) = (&paths[i], &paths[orig]);
            assert!(planned.contains(a) != planned.contains(b), "{} collapses with its original", f.rel_path);
            let gone = if planned.contains(a) { b } else { a };
            let d = c.duplicates.iter().find(|d| &d.path == gone).expect("listed as a duplicate");
            let owner = |p: &Path| {
                p.strip_prefix(set.photos())
                    .ok()
                    .and_then(|r| r.iter().next())
                    .map(|s| s.to_string_lossy().into_owned())
            };
            let kept = c.contributors_of(&d.kept, &owner(&d.kept).expect("owner"));
            assert!(kept.contains(&d.contributor) && kept.len() == 2, "the kept entry remembers both: {kept:?}");
        } else if !files.iter().any(|o| o.exact_copy && o.shot == f.shot) {
            // Everything else is in the plan, stripped copies included:
            // they took their original's time and place.
            assert!(planned.contains(&paths[i]), "{} is not in the plan", f.rel_path);
        }
    }
    assert!(report.plan.unplaced.is_empty(), "{:?}", report.plan.unplaced);

    // Copies take the local time of the photo they copy.
    let times = local_times(&report);
    for h in &c.inherited {
        assert_eq!(times.get(&h.path), times.get(&h.from), "{}", h.path.display());
    }
    assert_eq!(c.inherited.len(), files.iter().filter(|f| f.stripped).count());

    margins(set, cache.path(), &report);
}

fn local_times(r: &PlanReport) -> HashMap<PathBuf, String> {
    r.plan.photos().map(|p| (p.path.clone(), p.local_time.to_rfc3339())).collect()
}

/// Prints how far the labelled pairs are from the thresholds: what a
/// harder set would have to beat.
fn margins(set: &Labelled, cache: &Path, report: &PlanReport) {
    let fs = curate::features(&report.scan.photos, cache, &silent, &Cancel::new()).expect("features (cached)");
    assert_eq!(fs.computed, 0, "the second call reads the feature cache");
    let files = &set.files;
    let feats: Vec<&curate::Features> = files.iter().map(|f| fs.get(&set.path(f)).expect("features")).collect();
    let mad =
        |a: &[u8], b: &[u8]| a.iter().zip(b).map(|(&x, &y)| f32::from(x.abs_diff(y))).sum::<f32>() / a.len() as f32;
    let (mut copy_mad, mut copy_bits, mut other_mad) = (0f32, 0u32, f32::MAX);
    for a in 0..files.len() {
        for b in a + 1..files.len() {
            let (fa, fb) = (feats[a], feats[b]);
            let m = mad(&fa.tiny, &fb.tiny);
            if files[a].shot == files[b].shot {
                copy_mad = copy_mad.max(m);
                copy_bits = copy_bits.max((fa.phash ^ fb.phash).count_ones());
            } else {
                other_mad = other_mad.min(m);
            }
        }
    }
    println!(
        "margins: copies differ by at most {copy_mad:.2} grey levels and {copy_bits} hash bits \
         (thresholds {} and {}); different shots by at least {other_mad:.2} grey levels",
        curate::NEAR_TINY_MAD,
        curate::NEAR_HASH_BITS
    );
}

#[test]
fn the_demo_copies_find_their_originals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission =
        recap::demo::write_demo_mission(&dir.path().join("photos"), &dir.path().join("mission.toml")).expect("demo");
    let report = plan_folders_with(
        &[],
        &dir.path().join("cache"),
        &mission,
        Some(&dir.path().join("mission.toml")),
        PlanOptions::curated(),
        &silent,
        &Cancel::new(),
    )
    .expect("plan");
    let c = curation(&report);
    let truth = recap::demo::demo_photos();
    let root = dir.path().join("photos");
    let times = local_times(&report);
    let mut copies = 0;
    for d in &truth {
        if let recap::demo::Special::Stripped { original } = &d.special {
            copies += 1;
            let (copy, original) = (root.join(&d.rel_path), root.join(original));
            let g = c.group_of(&copy).expect("the copy is grouped");
            assert!(g.members.contains(&original), "{} with {}", copy.display(), original.display());
            assert!(c.is_best(&original) || g.kind == GroupKind::Burst, "the original is kept");
            assert!(!c.is_best(&copy));
            let t = times.get(&copy).expect("the copy left the set-apart pile");
            assert_eq!(Some(t), times.get(&original));
        }
    }
    assert_eq!(copies, 4);
    // Only the reset clock is still set apart.
    assert_eq!(report.plan.unplaced.len(), 1, "{:?}", report.plan.unplaced);
    assert!(report.plan.unplaced[0].reason.contains("2000-01-01"));
}

fn chapter_of(r: &PlanReport) -> HashMap<PathBuf, (usize, chrono::NaiveDate)> {
    let mut out = HashMap::new();
    for (ci, c) in r.plan.chapters.iter().enumerate() {
        for d in &c.days {
            for p in d.moments.iter().flat_map(|m| &m.photos) {
                out.insert(p.path.clone(), (ci, d.date));
            }
        }
    }
    out
}

#[test]
fn a_selection_is_balanced_deterministic_and_respects_the_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission_path = dir.path().join("mission.toml");
    let mut mission = recap::demo::write_demo_mission(&dir.path().join("photos"), &mission_path).expect("demo");
    let plan = |m: &Mission| {
        plan_folders_with(
            &[],
            &dir.path().join("cache"),
            m,
            Some(&mission_path),
            PlanOptions::curated(),
            &silent,
            &Cancel::new(),
        )
        .expect("plan")
    };
    let report = plan(&mission);
    let c = curation(&report);
    let where_ = chapter_of(&report);
    let total = where_.len();
    let n = total / 4;
    let sel = curate::select(&report.scan, &report.plan, c, &mission, n);
    assert_eq!(sel.len(), n);
    assert_eq!(sel, curate::select(&report.scan, &report.plan, c, &mission, n), "same input, same selection");

    // One per group.
    let mut groups = HashSet::new();
    for p in &sel {
        if let Some(g) = c.group_of(p) {
            assert!(groups.insert(g.id.clone()), "two photos of group {}", g.id);
        }
    }
    // Every chapter and day represented, in proportion.
    let mut per_chapter: BTreeMap<usize, usize> = BTreeMap::new();
    let mut days = HashSet::new();
    for p in &sel {
        let (ci, day) = where_[p];
        *per_chapter.entry(ci).or_default() += 1;
        days.insert(day);
    }
    let all_days: HashSet<_> = where_.values().map(|w| w.1).collect();
    assert_eq!(days, all_days, "every day has a photo");
    for (ci, ch) in report.plan.chapters.iter().enumerate() {
        let size = where_.values().filter(|w| w.0 == ci).count();
        let expected = n as f64 * size as f64 / total as f64;
        let got = per_chapter.get(&ci).copied().unwrap_or(0) as f64;
        println!("selection: {} {got} of {size} photos (proportional share {expected:.1})", ch.title);
        assert!(got >= 1.0, "{} is not represented", ch.title);
        assert!((got - expected).abs() <= 2.0 + 0.25 * expected, "{}: {got} for a share of {expected:.1}", ch.title);
    }
    // Photographers: everyone with photos in the trip appears.
    let contributors: HashSet<&str> = report.scan.photos.iter().map(|p| p.contributor.as_str()).collect();
    let chosen_by: HashSet<&str> =
        report.scan.photos.iter().filter(|p| sel.contains(&p.path)).map(|p| p.contributor.as_str()).collect();
    assert_eq!(chosen_by, contributors);

    // The user rejects half of it and picks two others by hand.
    let key = recap::caption::photo_key;
    let rejected: Vec<PathBuf> = sel.iter().step_by(2).cloned().collect();
    for p in &rejected {
        mission.set_pick(&key(p), Some(PickState::Reject));
    }
    let manual: Vec<PathBuf> = where_.keys().filter(|p| !sel.contains(p)).take(2).cloned().collect();
    for p in &manual {
        mission.set_pick(&key(p), Some(PickState::Pick));
    }
    mission.set_stars(&key(&manual[0]), 4);
    mission.save(&mission_path).expect("save");
    // The choices survive a rescan: read back from the file, planned again.
    let mission = Mission::load(&mission_path).expect("load");
    assert_eq!(mission.picks.get(&key(&manual[0])).map(Pick::stars), Some(4));
    assert!(mission.picks.get(&key(&manual[0])).is_some_and(Pick::is_pick));
    let report = plan(&mission);
    let c = curation(&report);
    let again = curate::select(&report.scan, &report.plan, c, &mission, n);
    assert_eq!(again.len(), n);
    for p in &manual {
        assert!(again.contains(p), "manual pick {} kept", p.display());
    }
    for p in &rejected {
        assert!(!again.contains(p), "rejected {} selected", p.display());
    }
}

#[test]
fn the_user_corrects_the_best_shot_and_splits_a_wrong_match() {
    let set = labelled();
    let cache = tempfile::tempdir().expect("cache");
    let mut mission = Mission::default();
    let report = set.plan(&mission, cache.path());
    let c = curation(&report);
    let burst = c.groups.iter().find(|g| g.kind == GroupKind::Burst && g.members.len() >= 3).expect("a burst");
    let other = burst.members.iter().find(|m| **m != burst.best).expect("another shot").clone();
    curate::set_best(&mut mission, c, &other);
    let split = burst.members.iter().find(|m| **m != other).expect("a third").clone();
    mission.update_choice(&recap::caption::photo_key(&split), |ch| ch.alone = true);
    // Through the file, as the user's edits always go.
    let text = mission.to_toml().expect("toml");
    let mission = Mission::parse(text.as_bytes(), Path::new("m.toml")).expect("parse");
    let report = set.plan(&mission, cache.path());
    let c = curation(&report);
    let g = c.group_of(&other).expect("still grouped");
    assert_eq!(g.best, other);
    assert!(g.best_by_user);
    assert!(!g.members.contains(&split), "the split photo left the group");
}

#[test]
fn old_pick_forms_still_load_and_new_ones_round_trip() {
    let text = "schema = 1\n[picks]\n\"/a.jpg\" = \"pick\"\n\"/b.jpg\" = \"reject\"\n\"/c.jpg\" = 3\n\
                \"/d.jpg\" = { state = \"pick\", stars = 5, best = true }\n";
    let m = Mission::parse(text.as_bytes(), Path::new("m.toml")).expect("parse");
    assert_eq!(m.picks["/a.jpg"], Pick::Pick);
    assert_eq!(m.picks["/b.jpg"], Pick::Reject);
    assert_eq!(m.picks["/c.jpg"], Pick::Stars(3));
    let d = m.choice("/d.jpg");
    assert_eq!((d.state, d.stars, d.best, d.alone), (Some(PickState::Pick), 5, true, false));
    let back = Mission::parse(m.to_toml().expect("toml").as_bytes(), Path::new("m.toml")).expect("again");
    assert_eq!(back, m);
    // Clearing everything removes the entry; short forms come back.
    let mut m = back;
    m.update_choice("/d.jpg", |c| {
        c.best = false;
        c.stars = 0;
    });
    assert_eq!(m.picks["/d.jpg"], Pick::Pick);
    m.set_pick("/d.jpg", None);
    assert!(!m.picks.contains_key("/d.jpg"));
    assert!(Mission::parse(b"schema = 1\n[picks]\n\"/a.jpg\" = { stars = 9 }\n", Path::new("m.toml")).is_err());
}

#[test]
fn recap_curate_writes_a_selection_and_plan_json_carries_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mission = dir.path().join("mission.toml");
    let photos = dir.path().join("photos");
    let cache = dir.path().join("cache");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let (m, c) = (mission.to_string_lossy().into_owned(), cache.to_string_lossy().into_owned());
    run(&["demo", &photos.to_string_lossy(), "--mission", &m]);
    let before = Mission::load(&mission).expect("load");
    let out = run(&["curate", "--mission", &m, "--cache", &c, "--select", "12", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["selected"].as_array().expect("selected").len(), 12);
    assert!(v["groups"].as_array().expect("groups").iter().any(|g| g["kind"] == "near"));
    let after = Mission::load(&mission).expect("load");
    assert_eq!(after.picks.values().filter(|p| p.is_pick()).count(), 12);
    assert_eq!(after.sources, before.sources);
    // Run again: the picks are kept, nothing more is added.
    run(&["curate", "--mission", &m, "--cache", &c, "--select", "12"]);
    assert_eq!(Mission::load(&mission).expect("load").picks, after.picks);

    let plan: serde_json::Value =
        serde_json::from_slice(&run(&["plan", "--mission", &m, "--cache", &c, "--json"])).expect("plan JSON");
    let photos: Vec<&serde_json::Value> = plan["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .flat_map(|c| c["days"].as_array().expect("days"))
        .flat_map(|d| d["moments"].as_array().expect("moments"))
        .flat_map(|m| m["photos"].as_array().expect("photos"))
        .collect();
    assert_eq!(photos.iter().filter(|p| p["pick"] == "pick").count(), 12);
    for p in &photos {
        // The old fields are still there, the new ones added.
        assert!(p["path"].is_string() && p["local_time"].is_string() && p["contributor"].is_string());
        assert!(p["group"].is_string() || p["group"].is_null());
        assert!(p["best"].is_boolean() && p["stars"].is_u64() && p["contributors"].is_array());
    }
    let copies = photos.iter().filter(|p| p["path"].as_str().is_some_and(|s| s.contains("-WA"))).count();
    assert_eq!(copies, 4, "the messaging copies are placed");
    assert!(photos.iter().any(|p| p["group_kind"] == "near" && p["best"] == true));
}

fn planned_paths(r: &PlanReport) -> HashSet<PathBuf> {
    r.plan.photos().map(|p| p.path.clone()).collect()
}

/// A phone's JPEG: `img` with EXIF and an EXIF thumbnail of `preview`.
fn phone_jpeg(img: &image::RgbImage, preview: &image::RgbImage, exif: recap::synth::ExifSpec) -> Vec<u8> {
    let thumb = recap::synth::jpeg_from_pixels(preview, &recap::synth::ExifSpec::default(), 85);
    recap::synth::jpeg_from_pixels(img, &recap::synth::ExifSpec { thumbnail: Some(thumb), ..exif }, 92)
}

#[test]
fn previews_and_decodes_agree_and_a_stale_preview_after_a_crop_is_not_used() {
    use image::imageops::{crop_imm, resize, FilterType};
    let dir = tempfile::tempdir().expect("tempdir");
    let photos = dir.path().join("photos");
    let scene = recap::synth::draw(&recap::synth::Picture::new(1600, 1200, 11));
    let small = |img: &image::RgbImage, w, h| resize(img, w, h, FilterType::Triangle);
    let at = |t: &str| support::iphone(t, "+02:00", 47.47, -0.55);
    let write = |rel: &str, bytes: Vec<u8>| {
        let p = photos.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    };
    // Features of the original come from its 480 px preview, those of the
    // copy a friend got by messenger (no EXIF, no preview) from a decode.
    let original = write("Ana/IMG_0001.JPG", phone_jpeg(&scene, &small(&scene, 480, 360), at("2017-06-02 10:00:00")));
    let copy = write(
        "Ben/IMG-20170602-WA0001.jpg",
        recap::synth::jpeg_from_pixels(&small(&scene, 1280, 960), &Default::default(), 80),
    );
    // Cropped square on the phone an hour later; its thumbnail still the 4:3 original.
    let square = crop_imm(&scene, 200, 0, 1200, 1200).to_image();
    let cropped =
        write("Ana/IMG_0001_edit.JPG", phone_jpeg(&square, &small(&scene, 480, 360), at("2017-06-02 11:00:00")));
    let cache = dir.path().join("cache");
    let report = plan_folders_with(
        std::slice::from_ref(&photos),
        &cache,
        &Mission::default(),
        None,
        PlanOptions::curated(),
        &silent,
        &Cancel::new(),
    )
    .expect("plan");
    let c = curation(&report);
    let g = c.group_of(&copy).expect("the copy is grouped");
    assert!(g.members.contains(&original), "the copy finds its original across preview and decode: {g:?}");
    assert!(c.is_best(&original), "the original is kept");
    let set = curate::features(&report.scan.photos, &cache, &silent, &Cancel::new()).expect("features");
    let f = set.get(&cropped).expect("features of the cropped photo");
    assert!((f.aspect - 1.0).abs() < 0.01, "measured on the image, not its stale preview: aspect {}", f.aspect);
    assert!(c.group_of(&cropped).is_none_or(|g| !g.members.contains(&copy)), "the crop is not a copy");
}

#[test]
fn an_android_mpf_preview_gives_curation_its_pixels_and_copies_still_find_it() {
    use image::imageops::{resize, FilterType};
    let dir = tempfile::tempdir().expect("tempdir");
    let photos = dir.path().join("photos");
    let small = |img: &image::RgbImage, w, h| resize(img, w, h, FilterType::Triangle);
    let write = |rel: &str, bytes: Vec<u8>| {
        let p = photos.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    };
    // A phone that writes a 160 px EXIF thumbnail (too small for curation)
    // and an MPF preview after the image.
    let android = |scene: &image::RgbImage, t: &str| {
        let thumb = recap::synth::jpeg_from_pixels(&small(scene, 160, 120), &Default::default(), 80);
        let exif = recap::synth::ExifSpec { thumbnail: Some(thumb), ..support::iphone(t, "+02:00", 47.47, -0.55) };
        let primary = recap::synth::jpeg_from_pixels(scene, &exif, 92);
        let preview = recap::synth::jpeg_from_pixels(&small(scene, 960, 720), &Default::default(), 85);
        support::phone::with_mpf(&primary, &preview)
    };
    let scene = recap::synth::draw(&recap::synth::Picture::new(1600, 1200, 21));
    let other = recap::synth::draw(&recap::synth::Picture::new(1600, 1200, 22));
    let original = write("Ana/IMG_0001.jpg", android(&scene, "2017-06-02 10:00:00"));
    let next = write("Ana/IMG_0002.jpg", android(&other, "2017-06-02 10:00:20"));
    let copy = write(
        "Ben/IMG-20170602-WA0001.jpg",
        recap::synth::jpeg_from_pixels(&small(&scene, 1280, 960), &Default::default(), 70),
    );
    let cache = dir.path().join("cache");
    let report = plan_folders_with(
        std::slice::from_ref(&photos),
        &cache,
        &Mission::default(),
        None,
        PlanOptions::curated(),
        &silent,
        &Cancel::new(),
    )
    .expect("plan");
    let set = curate::features(&report.scan.photos, &cache, &silent, &Cancel::new()).expect("features");
    assert!(set.get(&original).expect("features").from_preview, "measured on the MPF preview, not a decode");
    assert!(!set.get(&copy).expect("features").from_preview);
    let c = curation(&report);
    let g = c.group_of(&copy).expect("the copy is grouped");
    assert!(g.members.contains(&original), "the copy finds its original across preview and decode: {g:?}");
    assert!(!g.members.contains(&next), "another scene twenty seconds later is not a copy: {g:?}");
}
