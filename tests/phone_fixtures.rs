//! The phone mission's generators (tests/support/phone.rs) checked against
//! independent readers: `heif-info` for a HEIC's items, exiftool for EXIF,
//! MPF and the IFD1 thumbnail. The phone bench and `perf.mjs --mission
//! phone` measure Recap on these files, so a generator that drifts from
//! what phones write would make their figures say nothing.

mod support;

use chrono::NaiveDateTime;
use recap::synth::ExifSpec;
use recap::Gps;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use support::dt;
use support::phone::{self, Kind};
use support::scenes::{self, Shot};

/// `exiftool -json -n -a -G1 [args] FILE` as one JSON object, or `None`
/// (with a message) when exiftool is not installed.
fn exiftool(path: &Path) -> Option<serde_json::Map<String, Value>> {
    let out = match Command::new("exiftool").args(["-json", "-n", "-a", "-G1"]).arg(path).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: exiftool not found (scripts/setup.sh installs libimage-exiftool-perl)");
            return None;
        }
        Err(e) => panic!("running exiftool: {e}"),
    };
    assert!(out.status.success(), "exiftool failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut all: Vec<Value> = serde_json::from_slice(&out.stdout).expect("exiftool JSON");
    match all.pop() {
        Some(Value::Object(map)) => Some(map),
        other => panic!("unexpected exiftool output {other:?}"),
    }
}

/// The bytes exiftool extracts for a binary tag (`-b -TAG`).
fn exiftool_binary(path: &Path, tag: &str) -> Vec<u8> {
    let out = Command::new("exiftool").args(["-b", &format!("-{tag}")]).arg(path).output().expect("run exiftool");
    assert!(out.status.success(), "exiftool -b -{tag} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn heif_tools() -> bool {
    let found = |tool: &str| Command::new(tool).arg("--help").output().is_ok();
    if found("heif-enc") && found("heif-info") {
        return true;
    }
    eprintln!("skipped: heif-enc or heif-info not found (scripts/setup.sh installs libheif-examples)");
    false
}

fn text(tags: &serde_json::Map<String, Value>, key: &str) -> String {
    match tags.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => panic!("{key} missing in {tags:#?}"),
    }
}

fn num(tags: &serde_json::Map<String, Value>, key: &str) -> f64 {
    tags.get(key).and_then(Value::as_f64).unwrap_or_else(|| panic!("{key} not a number in {tags:#?}"))
}

fn spec(taken: NaiveDateTime, gps: Option<Gps>, make: &str, model: &str) -> ExifSpec {
    ExifSpec {
        datetime_original: Some(taken),
        subsec_ms: Some(250),
        offset_time_original: Some("+02:00".into()),
        gps,
        make: Some(make.into()),
        model: Some(model.into()),
        orientation: Some(1),
        ..ExifSpec::default()
    }
}

/// Width and height of an encoded image, read from its own header.
fn dims(bytes: &[u8]) -> (usize, usize) {
    let s = imagesize::blob_size(bytes).expect("an image header");
    (s.width, s.height)
}

#[test]
fn generated_heic_has_the_requested_primary_a_320px_thumbnail_item_and_the_exif_asked_for() {
    if !heif_tools() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let angers = Gps { lat: 47.4784, lon: -0.5632, alt: None };
    // Landscape and portrait: the thumbnail follows the image's shape.
    for (size, thumb) in [((640, 480), (320, 240)), ((360, 480), (240, 320))] {
        let img = scenes::natural_scene(size.0, size.1, &Shot::new(3));
        let out = dir.path().join(format!("IMG_{}x{}.HEIC", size.0, size.1));
        let taken = dt("2017-06-05 14:07:31");
        phone::iphone_heic(&img, &spec(taken, Some(angers), "Apple", "iPhone 13"), dir.path(), &out)
            .expect("heif-enc encodes the photo");
        let info = Command::new("heif-info").arg(&out).output().expect("run heif-info");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains(&format!("image: {}x{} (id=", size.0, size.1)), "primary image size in:\n{info}");
        assert!(info.contains("primary"), "no primary item in:\n{info}");
        assert!(info.contains(&format!("thumbnail: {}x{}", thumb.0, thumb.1)), "thumbnail item in:\n{info}");
        let Some(tags) = exiftool(&out) else { return };
        assert_eq!(text(&tags, "File:FileType"), "HEIC");
        assert_eq!(text(&tags, "ExifIFD:DateTimeOriginal"), "2017:06:05 14:07:31");
        assert_eq!(text(&tags, "ExifIFD:OffsetTimeOriginal"), "+02:00");
        assert_eq!(text(&tags, "IFD0:Make"), "Apple");
        assert_eq!(text(&tags, "IFD0:Model"), "iPhone 13");
        assert!((num(&tags, "Composite:GPSLatitude") - angers.lat).abs() < 1e-4, "{tags:#?}");
        assert!((num(&tags, "Composite:GPSLongitude") - angers.lon).abs() < 1e-4, "{tags:#?}");
        let scratch = std::fs::read_dir(dir.path()).expect("list").filter_map(Result::ok);
        let left: Vec<_> = scratch.map(|e| e.file_name()).filter(|n| !n.to_string_lossy().ends_with(".HEIC")).collect();
        assert!(left.is_empty(), "heif-enc's input left behind: {left:?}");
    }
}

#[test]
fn android_jpeg_carries_ifd1_and_mpf_previews_of_the_image_shape() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 4:3 as phones shoot, and 16:9 as they also do: a preview of another
    // shape than its image is what Recap refuses as stale.
    for (size, ifd1, mpf) in [((640, 480), (512, 384), (1920, 1440)), ((640, 360), (512, 288), (1920, 1080))] {
        let img = scenes::natural_scene(size.0, size.1, &Shot::new(5));
        let taken = dt("2017-06-09 09:15:02");
        let bytes = phone::android_jpeg(&img, &spec(taken, None, "samsung", "SM-S911W"));
        let path = dir.path().join(format!("IMG_{}x{}.jpg", size.0, size.1));
        std::fs::write(&path, &bytes).expect("write");
        assert_eq!(dims(&bytes), (size.0 as usize, size.1 as usize), "primary image");
        let Some(tags) = exiftool(&path) else { return };
        assert_eq!(text(&tags, "ExifIFD:DateTimeOriginal"), "2017:06:09 09:15:02");
        assert_eq!(text(&tags, "IFD0:Make"), "samsung");
        assert_eq!(num(&tags, "MPF0:NumberOfImages"), 2.0, "{tags:#?}");
        let thumb = exiftool_binary(&path, "ThumbnailImage");
        assert_eq!(dims(&thumb), (ifd1.0 as usize, ifd1.1 as usize), "IFD1 thumbnail");
        let preview = exiftool_binary(&path, "PreviewImage");
        assert_eq!(dims(&preview), (mpf.0 as usize, mpf.1 as usize), "MPF large thumbnail");
        // The preview exiftool finds through the MPF offsets is the stream
        // appended after the primary image, whole.
        assert!(bytes.ends_with(&preview), "MPF entry does not point at the appended preview");
    }
}

#[test]
fn camera_raw_has_its_date_and_a_preview_of_the_frame_shape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let img = scenes::natural_scene(600, 400, &Shot::new(9));
    let taken = dt("2017-06-06 18:40:00");
    let bytes = phone::camera_raw(&img, &spec(taken, None, "NIKON CORPORATION", "NIKON D5300"), 300, 64 << 10);
    let path = dir.path().join("DSC_0001.NEF");
    std::fs::write(&path, &bytes).expect("write");
    let Some(tags) = exiftool(&path) else { return };
    assert_eq!(text(&tags, "IFD0:Make"), "NIKON CORPORATION");
    assert_eq!(text(&tags, "IFD0:Model"), "NIKON D5300");
    assert_eq!(num(&tags, "IFD0:ImageWidth"), 600.0);
    let date = ["ExifIFD:DateTimeOriginal", "IFD0:DateTimeOriginal"].iter().find_map(|k| tags.get(*k).cloned());
    assert_eq!(date, Some(Value::String("2017:06:06 18:40:00".into())), "{tags:#?}");
    let preview = exiftool_binary(&path, "ThumbnailImage");
    assert_eq!(dims(&preview), (300, 200), "embedded JPEG preview");
}

#[test]
fn the_mission_has_27_participants_mostly_heic_some_jpeg_a_few_raw_over_eight_days() {
    let plan = phone::mission_plan(2_000);
    assert_eq!(plan.len(), 2_000);
    let people: std::collections::BTreeSet<usize> = plan.iter().map(|p| p.participant).collect();
    assert_eq!(people, (0..27).collect(), "every participant hands in photos");
    let share = |k: Kind| plan.iter().filter(|p| p.kind == k).count() as f64 / plan.len() as f64;
    let (heic, jpeg, raw) = (share(Kind::Heic), share(Kind::Jpeg), share(Kind::Raw));
    assert!((0.70..=0.85).contains(&heic), "HEIC share {heic:.3}");
    assert!((0.12..=0.28).contains(&jpeg), "JPEG share {jpeg:.3}");
    assert!((0.005..=0.05).contains(&raw), "RAW share {raw:.3}");
    // Each file's extension says its kind, and each device keeps its kind
    // (cameras mix JPEG and RAW; phones never write RAW).
    for p in &plan {
        let ext = p.rel_path.extension().and_then(|e| e.to_str()).expect("extension");
        let want = match p.kind {
            Kind::Heic => "HEIC",
            Kind::Jpeg => "jpg",
            Kind::Raw => "NEF",
        };
        assert_eq!(ext, want, "{}", p.rel_path.display());
        let (device, _, _) = phone::device(p.participant);
        assert!(p.kind == device || (p.participant >= 25 && p.kind == Kind::Raw), "{p:?}");
    }
    let names: std::collections::BTreeSet<_> = plan.iter().map(|p| &p.rel_path).collect();
    assert_eq!(names.len(), plan.len(), "two photos share a path");
    let (first, last) = (plan[0].taken, plan[plan.len() - 1].taken);
    assert!(plan.windows(2).all(|w| w[0].taken <= w[1].taken), "shots out of order");
    assert!(first >= dt("2017-06-04 00:00:00") && last < dt("2017-06-12 00:00:00"), "{first} .. {last}");
    // Bursts: shots of one scene a fraction of a second apart.
    let bursts = plan.iter().filter(|p| p.shot == 1).count();
    assert!(bursts * 10 >= plan.len() / 4, "only {bursts} bursts in {}", plan.len());
}

#[test]
fn a_restamped_copy_is_read_at_its_own_time_with_its_own_size() {
    if !heif_tools() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let img = scenes::natural_scene(480, 360, &Shot::new(11));
    let (old, new) = (dt("2017-06-04 09:00:40"), dt("2017-06-10 17:23:05"));
    let heic = dir.path().join("IMG_00001.HEIC");
    phone::iphone_heic(&img, &spec(old, None, "Apple", "iPhone 15"), dir.path(), &heic).expect("heif-enc");
    let jpeg = phone::android_jpeg(&img, &spec(old, None, "samsung", "Pixel 7"));
    for (kind, original, name) in
        [(Kind::Heic, std::fs::read(&heic).expect("read"), "copy.HEIC"), (Kind::Jpeg, jpeg, "copy.jpg")]
    {
        let (copy, rewritten) = phone::restamped_copy(&original, kind, old, new, 37);
        assert!(rewritten >= 1, "{kind:?}: no date rewritten");
        assert_eq!(copy.len(), original.len() + 37 + if kind == Kind::Heic { 8 } else { 0 });
        let path = dir.path().join(name);
        std::fs::write(&path, &copy).expect("write");
        let Some(tags) = exiftool(&path) else { return };
        assert_eq!(text(&tags, "ExifIFD:DateTimeOriginal"), "2017:06:10 17:23:05", "{kind:?}");
        // The padding is a box or trailer readers skip, not damage.
        let warning = tags.get("ExifTool:Warning").map(Value::to_string).unwrap_or_default();
        assert!(warning.is_empty(), "{kind:?}: exiftool warns {warning}");
        if kind == Kind::Heic {
            let info = Command::new("heif-info").arg(&path).output().expect("run heif-info");
            assert!(info.status.success(), "heif-info refuses the copy: {}", String::from_utf8_lossy(&info.stderr));
            assert!(String::from_utf8_lossy(&info.stdout).contains("image: 480x360"));
        }
    }
}
