//! `recap::export` on the demo mission and on hand-made fixtures, checked
//! with exiftool (the reference reader) and by reading the files back.

mod support;

use recap::export::{self, ExportOptions, ExportReport, Preset};
use recap::lang::Lang;
use recap::mission::{Mission, Pick};
use recap::pipeline::plan_folders;
use recap::progress::{silent, ProgressEvent};
use recap::synth::{self, ExifSpec, Picture};
use recap::Cancel;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{dt, hash_tree, Demo};

/// The caption every test writes into one photo: accents, the typographic
/// apostrophe, a non-breaking space and markup that must stay text.
const TRICKY: &str = "L’équipe québécoise à l’Hôtel de ville : « c’est l’été » <script>alert(1)</script> & cie";

fn exiftool_here() -> bool {
    let ok = Command::new("exiftool").arg("-ver").output().is_ok_and(|o| o.status.success());
    if !ok {
        println!("SKIPPED: exiftool is not installed (scripts/setup.sh installs libimage-exiftool-perl)");
    }
    ok
}

/// exiftool's JSON for every file under `dir`, keyed by path relative to it.
fn exiftool(dir: &Path, args: &[&str]) -> BTreeMap<String, Value> {
    let out = Command::new("exiftool")
        .args(["-json", "-G1", "-a", "-r", "-charset", "iptc=UTF8"])
        .args(args)
        .arg(dir)
        .output()
        .expect("run exiftool");
    assert!(out.status.success() || !out.stdout.is_empty(), "exiftool: {}", String::from_utf8_lossy(&out.stderr));
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).expect("exiftool JSON");
    docs.into_iter()
        .map(|d| {
            let p = PathBuf::from(d["SourceFile"].as_str().expect("SourceFile"));
            (p.strip_prefix(dir).expect("under dir").to_string_lossy().into_owned(), d)
        })
        .collect()
}

impl Demo {
    fn export(&self, preset: Preset, out: &Path) -> ExportReport {
        let plan = self.plan();
        export::export(
            &plan,
            &self.mission,
            &[self.photos()],
            &ExportOptions::new(preset, out),
            &silent,
            &Cancel::new(),
        )
        .expect("export")
    }
    /// The first photo of the Angers chapter (any photo would do).
    fn some_photo(&self) -> PathBuf {
        let plan = self.plan();
        let c = plan.plan.chapters.iter().find(|c| c.title == "Angers").expect("an Angers chapter");
        c.days[1].moments[0].photos[0].path.clone()
    }
}

fn jpegs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "jpg" || x == "JPG"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// The image data: everything from the frame's SOS segment on, found by
/// walking the segments (an EXIF thumbnail holds SOS markers of its own).
fn scan_data(jpeg: &[u8]) -> &[u8] {
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        assert_eq!(jpeg[i], 0xff, "segment marker at {i}");
        if jpeg[i + 1] == 0xda {
            return &jpeg[i..];
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    panic!("no SOS segment")
}

#[test]
fn facebook_folders_captions_and_metadata() {
    if !exiftool_here() {
        return;
    }
    let mut demo = Demo::new();
    let tricky_photo = demo.some_photo();
    demo.mission.captions.insert(recap::caption::photo_key(&tricky_photo), TRICKY.to_string());
    let before = hash_tree(&demo.photos());
    let out = demo.out("facebook");
    let rep = demo.export(Preset::Facebook, &out);
    assert_eq!(hash_tree(&demo.photos()), before, "the sources are untouched");

    // The demo holds one JPEG cut short: reported, and the rest exported.
    assert_eq!(rep.failed.len(), 1, "{:?}", rep.failed);
    assert!(rep.failed[0].reason.contains("truncated"), "{:?}", rep.failed);
    assert_eq!(rep.written, rep.photos - 1);

    // Chapter folders in album order, files numbered without gaps.
    let mut folders: Vec<String> = std::fs::read_dir(&out)
        .expect("read out")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert!(folders.len() >= 4, "{folders:?}");
    for (i, f) in folders.iter().enumerate() {
        assert!(f.starts_with(&format!("{:02} ", i + 1)), "{f}");
    }
    assert!(folders.iter().any(|f| f.ends_with(" Angers")) && folders.iter().any(|f| f.ends_with(" Nantes")));

    let tags = exiftool(&out, &["-ext", "jpg"]);
    let mut found_tricky = false;
    let mut gaps = 0;
    for folder in &folders {
        let dir = out.join(folder);
        let captions = std::fs::read_to_string(dir.join("captions.txt")).expect("captions.txt");
        let album = std::fs::read_to_string(dir.join("album.txt")).expect("album.txt");
        assert!(album.starts_with(folder.split_once(' ').expect("numbered").1), "{album}");
        let files: Vec<String> =
            jpegs_under(&dir).iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
        let lines: Vec<(&str, &str)> =
            captions.lines().map(|l| l.split_once('\t').expect("number<TAB>caption")).collect();
        assert_eq!(lines.iter().map(|l| l.0).collect::<Vec<_>>(), files, "captions.txt lists the files in order");
        // Numbered in album order; a photo that failed leaves its number unused.
        let numbers: Vec<usize> = files.iter().map(|f| f.trim_end_matches(".jpg").parse().expect("a number")).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        gaps += numbers.last().copied().unwrap_or(0) - numbers.len();
        for (name, caption) in lines {
            let t = &tags[&format!("{folder}/{name}")];
            // The caption in the file is the one in captions.txt, everywhere.
            for key in ["XMP-dc:Description", "IPTC:Caption-Abstract", "IFD0:ImageDescription", "IFD0:XPComment"] {
                assert_eq!(s(t, key), caption, "{key} of {folder}/{name}");
            }
            assert_eq!(s(t, "IPTC:CodedCharacterSet"), "UTF8");
            assert_eq!(s(t, "XMP-dc:Title"), s(t, "IPTC:Headline"));
            assert_eq!(s(t, "XMP-dc:Title"), s(t, "IFD0:XPTitle"));
            assert_eq!(s(t, "IFD0:Artist"), s(t, "XMP-dc:Creator"));
            assert!(s(t, "XMP-photoshop:Credit").starts_with("Photo\u{a0}: "), "{t}");
            assert!(t.get("IFD0:Orientation").is_none(), "orientation is baked into the pixels");
            assert_eq!(s(t, "ExifIFD:ColorSpace"), "sRGB");
            assert!(t.as_object().expect("object").keys().all(|k| !k.starts_with("GPS")), "GPS is removed: {t}");
            let (w, h) = (t["File:ImageWidth"].as_u64().expect("w"), t["File:ImageHeight"].as_u64().expect("h"));
            assert!(w.max(h) <= 2048);
            if caption.starts_with(TRICKY) {
                found_tricky = true;
                assert!(caption.contains(" — Photo\u{a0}: "), "the credit follows the user's text: {caption}");
            }
        }
        for line in captions.lines() {
            assert!(line.contains("Photo\u{a0}: "), "every caption credits its photographer: {line}");
        }
    }
    assert!(found_tricky, "the edited caption is used, not the template");
    assert_eq!(gaps, rep.failed.len(), "only failed photos leave a number unused");
    let angers = folders.iter().find(|f| f.ends_with(" Angers")).expect("Angers");
    let captions = std::fs::read_to_string(out.join(angers).join("captions.txt")).expect("captions");
    assert!(captions.contains("le 5 juin 2017"), "{captions}");
}

#[test]
fn large_photos_are_2048_on_the_long_edge_and_upright() {
    if !exiftool_here() {
        return;
    }
    let root = tempfile::tempdir().expect("temp");
    let photos = root.path().join("photos");
    let who = photos.join("Étienne L");
    std::fs::create_dir_all(&who).expect("mkdir");
    // Stored 3000×2000 sideways with orientation 6: upright it is 2000×3000.
    let exif = ExifSpec { orientation: Some(6), ..support::iphone("2017-06-05 10:32:00", "+02:00", 47.4637, -0.597) };
    std::fs::write(who.join("IMG_0001.JPG"), synth::jpeg(&Picture::new(3000, 2000, 7), &exif)).expect("write");
    let landscape = support::iphone("2017-06-05 10:40:00", "+02:00", 47.4637, -0.597);
    std::fs::write(who.join("IMG_0002.JPG"), synth::jpeg(&Picture::new(3000, 2000, 8), &landscape)).expect("write");
    let mut mission = Mission::new("Test");
    mission.sources = vec![photos.clone()];
    let plan = plan_folders(&[], &root.path().join("cache"), &mission, None, &silent, &Cancel::new()).expect("plan");
    let out = root.path().join("fb");
    let rep = export::export(
        &plan,
        &mission,
        &[photos],
        &ExportOptions::new(Preset::Facebook, &out),
        &silent,
        &Cancel::new(),
    )
    .expect("export");
    assert_eq!((rep.written, rep.failed.len()), (2, 0));
    let tags = exiftool(&out, &["-ext", "jpg"]);
    let sizes: Vec<(u64, u64)> = tags
        .values()
        .map(|t| (t["File:ImageWidth"].as_u64().expect("w"), t["File:ImageHeight"].as_u64().expect("h")))
        .collect();
    assert_eq!(sizes, vec![(1365, 2048), (2048, 1365)], "portrait turned upright, long edges 2048");
}

#[test]
fn copies_keep_the_image_data_and_correct_time_and_place() {
    if !exiftool_here() {
        return;
    }
    let demo = Demo::new();
    let before = hash_tree(&demo.photos());
    let out = demo.out("copies");
    let rep = demo.export(Preset::Copies, &out);
    assert_eq!(hash_tree(&demo.photos()), before, "the sources are untouched");
    assert!(rep.failed.is_empty(), "{:?}", rep.failed);
    assert_eq!(rep.written, rep.photos);

    let plan = demo.plan();
    let planned: BTreeMap<String, &recap::plan::PlannedPhoto> =
        plan.plan.photos().map(|p| (p.path.file_name().expect("name").to_string_lossy().into_owned(), p)).collect();
    let tags = exiftool(&out, &["-ext", "jpg", "-ext", "JPG", "-n"]);
    let mut canon = 0;
    let mut filled = 0;
    for (rel, t) in &tags {
        let original_name = rel.split_once(' ').expect("numbered").1;
        let p = planned[original_name];
        let copy = std::fs::read(out.join(rel)).expect("read copy");
        let source = std::fs::read(&p.path).expect("read source");
        assert_eq!(scan_data(&copy), scan_data(&source), "{rel}: image data copied, not re-encoded");
        // The corrected local time and its offset.
        assert_eq!(s(t, "ExifIFD:DateTimeOriginal"), p.local_time.format("%Y:%m:%d %H:%M:%S").to_string(), "{rel}");
        assert_eq!(s(t, "ExifIFD:OffsetTimeOriginal"), p.local_time.format("%:z").to_string(), "{rel}");
        if s(t, "IFD0:Model") == "Canon EOS 80D" && p.local_time.format("%:z").to_string() == "+02:00" {
            canon += 1;
        }
        // Photos without GPS of their own get the estimate.
        if let (recap::plan::PlaceSource::Estimated, Some(lat)) = (p.place.source, p.place.lat) {
            let got = t["GPS:GPSLatitude"].as_f64().expect("estimated GPS written");
            assert!((got - lat).abs() < 1e-5, "{rel}: {got} vs {lat}");
            filled += 1;
        }
        assert!(s(t, "IFD0:ImageDescription").contains("Photo\u{a0}: "));
        assert!(t.get("IFD0:Make").is_some(), "{rel}: the camera's own tags are kept");
    }
    assert!(canon > 5, "the Canon's Québec-time clock is corrected to France ({canon} photos)");
    assert!(filled > 5, "estimated positions written ({filled} photos)");
    assert!(out.join("captions.txt").is_file());
}

#[test]
fn instagram_carousels() {
    if !exiftool_here() {
        return;
    }
    let demo = Demo::new();
    let out = demo.out("instagram");
    let rep = demo.export(Preset::Instagram, &out);
    assert_eq!(rep.failed.len(), 1);
    let tags = exiftool(&out, &["-ext", "jpg"]);
    assert_eq!(tags.len(), rep.photos - 1);
    let mut per_carousel: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (rel, t) in &tags {
        assert_eq!((t["File:ImageWidth"].as_u64(), t["File:ImageHeight"].as_u64()), (Some(1080), Some(1350)), "{rel}");
        *per_carousel.entry(Path::new(rel).parent().expect("carousel").to_path_buf()).or_default() += 1;
    }
    for (dir, n) in &per_carousel {
        assert!(*n <= export::CAROUSEL_MAX, "{dir:?}: {n}");
        let text = std::fs::read_to_string(out.join(dir).join("caption.txt")).expect("caption.txt");
        assert!(text.contains("juin 2017"), "{text}");
    }
    // Nantes has more than 20 photos: several carousels.
    assert!(per_carousel.keys().filter(|k| k.to_string_lossy().contains("Nantes")).count() >= 2, "{per_carousel:?}");
}

#[test]
fn web_album_is_self_contained_and_escaped() {
    let mut demo = Demo::new();
    let tricky_photo = demo.some_photo();
    demo.mission.captions.insert(recap::caption::photo_key(&tricky_photo), TRICKY.to_string());
    let out = demo.out("web");
    let rep = demo.export(Preset::Web, &out);
    assert_eq!(rep.written, (rep.photos - 1) * export::WEB_EDGES.len());
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(!html.contains("type=\"module\"") && !html.contains("fetch("), "opens from file://");
    assert!(!html.contains("<script>alert"), "the caption's markup is not markup");
    assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    assert!(html.contains("L’équipe québécoise"));
    assert!(out.join("album.js").is_file() && out.join("album.css").is_file());
    let js = std::fs::read_to_string(out.join("album.js")).expect("album.js");
    assert!(!js.contains("innerHTML"), "the DOM is built with textContent only");
    // Every file the page names exists.
    let data =
        html.split("window.RECAP_ALBUM = ").nth(1).and_then(|r| r.split(";</script>").next()).expect("inline data");
    let album: Value = serde_json::from_str(data).expect("inline JSON");
    let mut n = 0;
    for c in album["chapters"].as_array().expect("chapters") {
        for d in c["days"].as_array().expect("days") {
            for p in d["photos"].as_array().expect("photos") {
                for src in p["srcset"].as_array().expect("srcset") {
                    assert!(out.join(src[0].as_str().expect("file")).is_file(), "{src}");
                }
                n += 1;
            }
        }
    }
    assert_eq!(n, rep.photos - 1);
}

#[test]
fn resume_after_an_interrupted_export() {
    let mut demo = Demo::new();
    let before = hash_tree(&demo.photos());
    let out = demo.out("fb");
    let plan = demo.plan();
    let opts = ExportOptions::new(Preset::Facebook, &out);

    // Cancel a third of the way, as a user closing the window would.
    let cancel = Cancel::new();
    let stop = cancel.clone();
    let on = move |ev: ProgressEvent| {
        if let ProgressEvent::Rendering { done, total } = ev {
            if done * 3 >= total {
                stop.cancel();
            }
        }
    };
    let err = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &on, &cancel).expect_err("cancelled");
    assert!(matches!(err, recap::Error::Cancelled), "{err}");
    let partial = jpegs_under(&out);
    assert!(!partial.is_empty() && partial.len() < 100, "{} files", partial.len());
    for f in &partial {
        let b = std::fs::read(f).expect("read");
        assert!(b.ends_with(&[0xff, 0xd9]), "{f:?} is whole");
    }
    // A crash mid-write leaves a temporary file, never a final name.
    let stray = out.join("03 Angers").join(".recap-killed.tmp");
    std::fs::create_dir_all(stray.parent().expect("dir")).expect("mkdir");
    std::fs::write(&stray, b"half a JPEG").expect("stray");

    let rep = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("resume");
    assert_eq!(rep.kept, partial.len(), "what was done is not redone");
    assert_eq!(rep.written + rep.kept, rep.photos - 1);
    assert!(!stray.exists(), "temporary files are swept");

    // Nothing to do the second time.
    let again = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("again");
    assert_eq!((again.written, again.kept), (0, rep.photos - 1));

    // An edited caption redoes that photo only; a rejected photo's file goes.
    let photo = demo.some_photo();
    demo.mission.captions.insert(recap::caption::photo_key(&photo), "Nouvelle légende".into());
    let edited = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("edit");
    assert_eq!(edited.written, 1);
    assert_eq!(hash_tree(&demo.photos()), before, "the sources are untouched");
}

#[test]
fn picks_choose_the_photos() {
    let mut demo = Demo::new();
    let plan = demo.plan();
    let paths: Vec<PathBuf> = plan.plan.photos().map(|p| p.path.clone()).collect();
    // A reject only: everything else goes.
    demo.mission.picks.insert(recap::caption::photo_key(&paths[0]), Pick::Reject);
    let items = export::items(&plan, &demo.mission, Lang::Fr, None);
    assert_eq!(items.len(), paths.len() - 1);
    // Picks: only those.
    for p in &paths[3..6] {
        demo.mission.picks.insert(recap::caption::photo_key(p), Pick::Pick);
    }
    let items = export::items(&plan, &demo.mission, Lang::Fr, None);
    let chosen: Vec<&Path> = items.iter().map(|i| i.photo.path.as_path()).collect();
    assert_eq!(chosen, paths[3..6].iter().map(PathBuf::as_path).collect::<Vec<_>>());
}

#[test]
fn refuses_targets_it_must_not_write() {
    let demo = Demo::new();
    let plan = demo.plan();
    let run = |out: &Path| {
        export::export(
            &plan,
            &demo.mission,
            &[demo.photos()],
            &ExportOptions::new(Preset::Web, out),
            &silent,
            &Cancel::new(),
        )
    };
    let before = hash_tree(&demo.photos());
    let inside = demo.photos().join("Étienne L").join("export");
    let err = run(&inside).expect_err("inside a source");
    assert!(err.to_string().contains("inside the photo folder"), "{err}");
    assert!(!inside.exists());
    let sneaky = demo.photos().join("..").join("photos").join("x");
    assert!(run(&sneaky).is_err(), "a path through .. is still inside");

    let foreign = demo.out("desktop");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("notes.txt"), "mine").expect("write");
    let err = run(&foreign).expect_err("not empty");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert!(!foreign.join(export::LOCK).exists(), "a refused folder keeps nothing of Recap's");

    let file = demo.out("a-file");
    std::fs::write(&file, "x").expect("write");
    let err = run(&file.join("album")).expect_err("cannot create");
    assert!(err.to_string().contains("a-file"), "the error names the path: {err}");
    assert_eq!(hash_tree(&demo.photos()), before);

    // Another preset's export is not mixed into.
    let web = demo.out("web");
    run(&web).expect("web export");
    let fb = export::export(
        &plan,
        &demo.mission,
        &[demo.photos()],
        &ExportOptions::new(Preset::Facebook, &web),
        &silent,
        &Cancel::new(),
    );
    assert!(fb.expect_err("mixing presets").to_string().contains("web export"));
}

#[test]
fn metadata_writer_round_trips_on_a_camera_file() {
    if !exiftool_here() {
        return;
    }
    use recap::export::meta::{self, GpsEdit, Tags, TimeEdit};
    let dir = tempfile::tempdir().expect("temp");
    let thumb = synth::jpeg(&Picture::new(160, 120, 3), &ExifSpec::default());
    let exif = ExifSpec { thumbnail: Some(thumb), ..support::iphone("2017-06-05 10:32:00", "+02:00", 47.4637, -0.597) };
    let original = synth::jpeg(&Picture::new(640, 480, 3), &exif);
    // 1 + 428 × 8 bytes ("’" is 3, "é" 2): byte 2000 falls inside a "’".
    let long = format!("L{}", "’été".repeat(428));
    let tags = Tags {
        title: "Matinée à WeForge".into(),
        description: long.clone(),
        creator: "Étienne L.".into(),
        credit: "Photo\u{a0}: Étienne L.".into(),
        rights: "© 2017 Étienne L.".into(),
        gps: GpsEdit::Strip,
        time: Some(TimeEdit { local: dt("2017-06-05 10:32:00"), offset: "+02:00".into() }),
        srgb: false,
    };
    let written = meta::write(&original, &tags).expect("write");
    assert_eq!(scan_data(&written), scan_data(&original), "no re-encoding");
    let path = dir.path().join("a.jpg");
    std::fs::write(&path, &written).expect("write file");
    let t = &exiftool(dir.path(), &[])["a.jpg"];
    assert_eq!(s(t, "XMP-dc:Description"), long, "XMP has no limit");
    let iptc = s(t, "IPTC:Caption-Abstract");
    // 1996 bytes cut on a character boundary, and the 3 of "…".
    assert_eq!(iptc.len(), 1999, "cut at 2000 bytes, on a character boundary");
    assert!(iptc.ends_with('…') && long.starts_with(iptc.trim_end_matches('…')), "{iptc}");
    assert_eq!(s(t, "IFD0:Make"), "Apple", "the camera's tags survive");
    assert!(t.as_object().expect("obj").keys().all(|k| !k.starts_with("GPS")), "{t}");
    assert_eq!(s(t, "XMP-photoshop:Credit"), "Photo\u{a0}: Étienne L.");
    assert!(
        t.get("IFD1:ThumbnailImage").is_some() || t.get("IFD1:ThumbnailLength").is_some(),
        "the thumbnail is kept: {t}"
    );
}

/// The offset of a JPEG's baseline frame header (SOF0), found by walking the
/// segments so that one inside an EXIF thumbnail is not taken for it.
fn frame_header(jpeg: &[u8]) -> usize {
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        if jpeg[i + 1] == 0xc0 {
            return i;
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    panic!("no SOF0 segment")
}

#[test]
fn export_of_an_undecodable_photo_reports_its_cause_not_unreadable() {
    let fx = support::Fixture::new();
    fx.photo("Zoé/fine.jpg", support::camera("2017-06-05 10:10:00"));
    let shot = |rel: &str, at: &str| synth::jpeg(&Picture::new(64, 48, support::seed_of(rel)), &support::camera(at));
    // A frame header that names a quantisation table the file never
    // defines: the scan catalogues it, the decoder refuses its pixels.
    let mut bad = shot("Zoé/no-table.jpg", "2017-06-05 10:12:00");
    let sof = frame_header(&bad);
    bad[sof + 12] = 3;
    fx.file("Zoé/no-table.jpg", bad);
    // A header claiming 65,000 × 65,000 pixels: refused before allocating.
    let mut bomb = shot("Zoé/bomb.jpg", "2017-06-05 10:14:00");
    let sof = frame_header(&bomb);
    bomb[sof + 5..sof + 9].copy_from_slice(&[0xfd, 0xe8, 0xfd, 0xe8]);
    fx.file("Zoé/bomb.jpg", bomb);

    let cache = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let sources = vec![fx.root().to_path_buf()];
    let mission = Mission::new("Angers");
    let plan = plan_folders(&sources, cache.path(), &mission, None, &silent, &Cancel::new()).expect("plan");
    assert_eq!(plan.scan.photos.len(), 3, "all three are catalogued: {:?}", plan.scan.skipped);
    let opts = ExportOptions::new(Preset::Facebook, out.path().join("fb"));
    let rep = export::export(&plan, &mission, &sources, &opts, &silent, &Cancel::new()).expect("export");
    let codes: BTreeMap<String, (&str, &str)> = rep
        .failed
        .iter()
        .map(|f| (f.path.file_name().unwrap().to_string_lossy().into_owned(), (f.code, f.reason.as_str())))
        .collect();
    assert_eq!(codes.len(), 2, "{:?}", rep.failed);
    assert_eq!(codes["no-table.jpg"].0, "corrupt", "{:?}", codes);
    assert_eq!(codes["bomb.jpg"].0, "too_large", "{:?}", codes);
    assert!(codes["bomb.jpg"].1.contains("65000×65000"), "the reason carries the detail: {codes:?}");
    assert_eq!(rep.written, 1);

    // The command line's JSON carries the same codes.
    let cli = Command::new(env!("CARGO_BIN_EXE_recap"))
        .arg("export")
        .arg(fx.root())
        .arg("--cache")
        .arg(cache.path())
        .args(["--preset", "facebook", "--json", "--out"])
        .arg(out.path().join("cli"))
        .output()
        .expect("run recap");
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    let v: Value = serde_json::from_slice(&cli.stdout).expect("JSON");
    let mut cli_codes: Vec<&str> =
        v["failed"].as_array().expect("failed").iter().filter_map(|f| f["code"].as_str()).collect();
    cli_codes.sort_unstable();
    assert_eq!(cli_codes, ["corrupt", "too_large"]);
}
