//! What a new user met in the app, fixed in the core (issue 14): a split's
//! second chapter had the first one's name, cameras were named with their
//! maker twice, exports could not choose to keep or strip GPS, and nothing
//! said before exporting how many photos would go out.

mod support;

use recap::edit::{Edit, PickState};
use recap::progress::silent;
use recap::session::Session;
use recap::Cancel;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{camera, iphone, Fixture};

fn demo() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    recap::demo::write_demo_mission(&dir.path().join("photos"), &dir.path().join("mission.toml")).expect("demo");
    let s = Session::open(&dir.path().join("mission.toml"), &dir.path().join("cache"), &silent, &Cancel::new())
        .expect("open the demo");
    (dir, s)
}

fn titles(s: &Session) -> Vec<String> {
    s.report().plan.chapters.iter().map(|c| c.title.clone()).collect()
}

/// The key of the first photo of the `d`-th day of chapter `c`.
fn photo_key_at(s: &Session, c: usize, d: usize) -> String {
    let path = &s.report().plan.chapters[c].days[d].moments[0].photos[0].path;
    let id = s.report().scan.photos.iter().position(|p| &p.path == path).expect("scanned");
    s.photo_key(id).expect("key")
}

#[test]
fn a_split_chapter_no_longer_has_the_same_name_as_its_first_half() {
    let (_dir, mut s) = demo();
    let (ci, chapter) =
        s.report().plan.chapters.iter().enumerate().max_by_key(|(_, c)| c.days.len()).expect("chapters");
    assert!(chapter.days.len() >= 3, "the demo's longest chapter has days to split: {}", chapter.days.len());
    let (title, id) = (chapter.title.clone(), chapter.id.clone());
    let ids_before: Vec<String> = s.report().plan.chapters.iter().map(|c| c.id.clone()).collect();

    s.apply(&Edit::Split { photo: photo_key_at(&s, ci, 1) }).expect("split");
    let t = titles(&s);
    assert_eq!(t[ci], title, "the first half keeps the name");
    assert_eq!(t[ci + 1], format!("{title} (2)"));
    assert_eq!(s.report().plan.chapters[ci].id, id, "the first half keeps its id");
    // The new chapter's id is still made from the city, as missions saved it.
    assert!(s.report().plan.chapters[ci + 1].id.starts_with(&format!("{}-", recap::plan::slug(&title))));

    // Splitting the second half again numbers on, never "Nantes (2) (2)".
    let second_days = s.report().plan.chapters[ci + 1].days.len();
    assert!(second_days >= 2, "{second_days}");
    s.apply(&Edit::Split { photo: photo_key_at(&s, ci + 1, 1) }).expect("second split");
    let t = titles(&s);
    assert_eq!(t[ci + 2], format!("{title} (3)"), "{t:?}");
    let parts: Vec<&String> = t.iter().filter(|x| x.starts_with(&title)).collect();
    assert_eq!(parts.len(), 3, "{t:?}");

    // Undo brings the original names back; other chapters never changed.
    s.undo().expect("undo");
    s.undo().expect("undo");
    assert_eq!(s.report().plan.chapters.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), ids_before);
}

/// The shared corpus of real cameras (absent: the test says so and passes).
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-exif");
    if dir.join("exiftool-oracle.json").is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent; camera labels not checked on real makers", dir.display());
        None
    }
}

#[test]
fn camera_labels_of_real_makers_name_the_maker_once() {
    let Some(dir) = corpus() else { return };
    let json = std::fs::read_to_string(dir.join("exiftool-oracle.json")).expect("oracle");
    let entries: Vec<BTreeMap<String, Value>> = serde_json::from_str(&json).expect("oracle parses");
    let tag = |e: &BTreeMap<String, Value>, name: &str| {
        e.iter().find(|(k, _)| k.ends_with(&format!(":{name}"))).and_then(|(_, v)| v.as_str().map(str::to_owned))
    };
    let mut labels = BTreeMap::new();
    for e in &entries {
        let (make, model) = (tag(e, "Make"), tag(e, "Model"));
        if make.is_none() && model.is_none() {
            continue;
        }
        let label = recap::camera::label(make.as_deref(), model.as_deref()).expect("a label for a tagged file");
        // No word said twice: the maker's name once, whatever its case.
        let words: Vec<String> = label.split(' ').map(str::to_lowercase).collect();
        let first = &words[0];
        assert!(!words[1..].contains(first), "{label:?} repeats {first:?} (make {make:?}, model {model:?})");
        assert!(!label.to_lowercase().contains("corporation") && !label.contains("CO.,LTD"), "{label:?}");
        labels.insert((make.unwrap_or_default(), model.unwrap_or_default()), label);
    }
    let want = [
        ("NIKON CORPORATION", "NIKON D70", "Nikon D70"),
        ("Canon", "Canon EOS 5D Mark III", "Canon EOS 5D Mark III"),
        ("SONY", "DSC-F828", "Sony DSC-F828"),
        ("OLYMPUS IMAGING CORP.", "u760,S760", "Olympus u760,S760"),
        ("samsung", "SM-G975F", "Samsung SM-G975F"),
        ("Apple", "iPhone 13 Pro", "Apple iPhone 13 Pro"),
        ("PENTAX Corporation", "PENTAX K10D", "Pentax K10D"),
        ("LEICA CAMERA AG", "LEICA T (Typ 701)", "Leica T (Typ 701)"),
        ("CASIO COMPUTER CO.,LTD.", "EX-S1", "Casio EX-S1"),
    ];
    for (make, model, label) in want {
        assert_eq!(labels.get(&(make.to_owned(), model.to_owned())).map(String::as_str), Some(label), "{make} {model}");
    }
}

/// Whether a JPEG carries a GPS position, read with kamadak-exif.
fn has_gps(path: &Path) -> bool {
    let file = std::fs::File::open(path).expect("open the export");
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::BufReader::new(file)) else {
        return false;
    };
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some()
}

fn jpegs(dir: &Path) -> Vec<PathBuf> {
    walk(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg"))).collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn recap_export_gps_strip_removes_positions_that_copies_keep_by_default() {
    let fx = Fixture::new();
    fx.photo("Zoé/IMG_0001.JPG", iphone("2017-06-04 10:00:00", "+02:00", 47.47, -0.55))
        .photo("Zoé/IMG_0002.JPG", iphone("2017-06-04 11:00:00", "+02:00", 47.48, -0.56))
        .photo("Marc/DSC_0001.JPG", camera("2017-06-04 10:30:00"));
    let before = fx.hashes();
    let work = tempfile::tempdir().expect("temp dir");
    let export = |gps: Option<&str>, name: &str| {
        let out = work.path().join(name);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_recap"));
        cmd.arg("export").arg(fx.root()).arg("--cache").arg(work.path().join("cache"));
        cmd.args(["--preset", "copies", "--json", "--out"]).arg(&out);
        if let Some(g) = gps {
            cmd.args(["--gps", g]);
        }
        let o = cmd.output().expect("run recap");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let files = jpegs(&out);
        assert_eq!(files.len(), 3, "{files:?}");
        files.iter().filter(|f| has_gps(f)).count()
    };
    // Copies keep positions (and add estimates): every copy has one.
    assert_eq!(export(None, "default"), 3);
    assert_eq!(export(Some("keep"), "keep"), 3);
    assert_eq!(export(Some("strip"), "strip"), 0, "--gps strip leaves no position in any copy");
    assert_eq!(fx.hashes(), before, "the photos themselves are never written");

    let bad = Command::new(env!("CARGO_BIN_EXE_recap"))
        .arg("export")
        .arg(fx.root())
        .args(["--preset", "copies", "--gps", "maybe", "--out"])
        .arg(work.path().join("bad"))
        .output()
        .expect("run recap");
    assert!(!bad.status.success(), "--gps takes keep or strip only");
    assert!(!work.path().join("bad").exists(), "a refused command line writes nothing");
}

#[test]
fn outgoing_counts_what_an_export_writes_before_it_runs() {
    let (dir, mut s) = demo();
    let total = s.report().plan.photos().count();
    let o = recap::export::outgoing(s.report(), s.mission());
    assert!(!o.picks_only);
    assert!(o.of > 0 && o.of <= total);
    let items = |s: &Session| recap::export::items(s.report(), s.mission(), recap::lang::Lang::Fr, None).len();
    assert_eq!(o.photos, items(&s), "without picks, every photo not rejected goes out");

    let keys: Vec<String> = (0..3).map(|c| photo_key_at(&s, c, 0)).collect();
    s.apply(&Edit::Pick { photos: keys.clone(), state: PickState::Pick }).expect("pick");
    let o = recap::export::outgoing(s.report(), s.mission());
    assert_eq!((o.photos, o.picks_only), (3, true));
    assert_eq!(o.photos, items(&s));

    // And it is what the export then writes.
    let out = dir.path().join("out");
    let r = s.export_job().run(recap::export::Preset::Copies, &out, recap::lang::Lang::Fr, &silent, &Cancel::new());
    assert_eq!(r.expect("export").written, 3);
}
