//! Synthetic photos and the demo mission, checked against exiftool as an
//! independent reader.

mod support;

use chrono::{Duration, NaiveDateTime, Timelike};
use recap::demo::{self, Special, CANON, PARTICIPANTS};
use recap::synth::{self, ExifSpec, Picture};
use recap::{Format, Gps};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use support::{dt, hash_tree, Fixture};

/// `exiftool -json -n -a -G1 FILE`, as one JSON object.
fn exiftool(path: &Path) -> serde_json::Map<String, Value> {
    let out = match Command::new("exiftool").args(["-json", "-n", "-a", "-G1"]).arg(path).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("exiftool not found: run scripts/setup.sh (Debian package libimage-exiftool-perl)")
        }
        Err(e) => panic!("running exiftool: {e}"),
    };
    assert!(out.status.success(), "exiftool failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut all: Vec<Value> = serde_json::from_slice(&out.stdout).expect("exiftool JSON");
    match all.pop() {
        Some(Value::Object(map)) => map,
        other => panic!("unexpected exiftool output {other:?}"),
    }
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

fn full_spec(gps: Gps, offset: &str, make: &str) -> ExifSpec {
    let t = dt("2017-06-04 10:32:05");
    ExifSpec {
        datetime_original: Some(t),
        subsec_ms: Some(45),
        offset_time_original: Some(offset.to_string()),
        create_date: Some(dt("2017-06-04 10:32:06")),
        offset_time: Some(offset.to_string()),
        gps: Some(gps),
        gps_utc: Some(dt("2017-06-04 08:32:04")),
        orientation: Some(6),
        make: Some(make.to_string()),
        model: Some("Model X-1".to_string()),
        serial: Some("043021004512".to_string()),
        thumbnail: None,
    }
}

#[test]
fn every_exif_field_round_trips_through_exiftool() {
    let fx = Fixture::new();
    let cases = [
        // Big-endian (Apple) and little-endian writers; every hemisphere;
        // altitude below sea level.
        (Gps { lat: 45.470_612, lon: -73.740_843, alt: Some(36.0) }, "-04:00", "Apple"),
        (Gps { lat: -33.856_784, lon: 151.215_297, alt: Some(-12.5) }, "+10:00", "Canon"),
        (Gps { lat: 49.009_7, lon: 2.547_9, alt: None }, "+02:00", "samsung"),
    ];
    for (i, (gps, offset, make)) in cases.into_iter().enumerate() {
        let spec = full_spec(gps, offset, make);
        let rel = format!("p{i}.jpg");
        fx.picture(&rel, Picture::new(320, 240, i as u64), spec);
        let tags = exiftool(&fx.path(&rel));

        assert_eq!(text(&tags, "File:ExifByteOrder"), if make == "Apple" { "MM" } else { "II" });
        assert_eq!(text(&tags, "ExifIFD:DateTimeOriginal"), "2017:06:04 10:32:05");
        assert_eq!(text(&tags, "ExifIFD:SubSecTimeOriginal").trim_start_matches('0'), "45");
        assert_eq!(text(&tags, "ExifIFD:OffsetTimeOriginal"), offset);
        assert_eq!(text(&tags, "ExifIFD:CreateDate"), "2017:06:04 10:32:06");
        assert_eq!(text(&tags, "ExifIFD:OffsetTime"), offset);
        assert_eq!(text(&tags, "GPS:GPSDateStamp"), "2017:06:04");
        assert_eq!(text(&tags, "GPS:GPSTimeStamp"), "08:32:04");
        assert_eq!(num(&tags, "IFD0:Orientation"), 6.0);
        assert_eq!(text(&tags, "IFD0:Make"), make);
        assert_eq!(text(&tags, "IFD0:Model"), "Model X-1");
        assert_eq!(text(&tags, "ExifIFD:SerialNumber"), "043021004512");
        assert_eq!(num(&tags, "ExifIFD:ExifImageWidth"), 320.0);
        assert_eq!(num(&tags, "ExifIFD:ExifImageHeight"), 240.0);

        let lat = num(&tags, "Composite:GPSLatitude");
        let lon = num(&tags, "Composite:GPSLongitude");
        assert!((lat - gps.lat).abs() < 1e-6, "latitude {lat} vs {}", gps.lat);
        assert!((lon - gps.lon).abs() < 1e-6, "longitude {lon} vs {}", gps.lon);
        assert_eq!(text(&tags, "GPS:GPSLatitudeRef"), if gps.lat < 0.0 { "S" } else { "N" });
        assert_eq!(text(&tags, "GPS:GPSLongitudeRef"), if gps.lon < 0.0 { "W" } else { "E" });
        match gps.alt {
            Some(alt) => assert!((num(&tags, "Composite:GPSAltitude") - alt).abs() < 0.01),
            None => assert!(!tags.contains_key("GPS:GPSAltitude")),
        }
    }
}

#[test]
fn missing_fields_are_not_written() {
    let fx = Fixture::new();
    let spec = ExifSpec { datetime_original: Some(dt("2017-06-04 10:32:05")), ..ExifSpec::default() };
    fx.photo("date-only.jpg", spec);
    let tags = exiftool(&fx.path("date-only.jpg"));
    assert_eq!(text(&tags, "ExifIFD:DateTimeOriginal"), "2017:06:04 10:32:05");
    for absent in [
        "ExifIFD:OffsetTimeOriginal",
        "ExifIFD:OffsetTime",
        "ExifIFD:CreateDate",
        "ExifIFD:SubSecTimeOriginal",
        "GPS:GPSLatitude",
        "GPS:GPSDateStamp",
        "IFD0:Make",
        "IFD0:Orientation",
    ] {
        assert!(!tags.contains_key(absent), "{absent} should be absent");
    }
}

#[test]
fn an_empty_spec_writes_no_exif_at_all() {
    let bytes = synth::jpeg(&Picture::new(160, 120, 7), &ExifSpec::default());
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"));
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)).is_err());
    let fx = Fixture::new();
    fx.file("IMG-20170609-WA0003.jpg", &bytes);
    let tags = exiftool(&fx.path("IMG-20170609-WA0003.jpg"));
    assert!(
        !tags.keys().any(|k| k.starts_with("IFD0:") || k.starts_with("ExifIFD:") || k.starts_with("GPS:")),
        "unexpected EXIF: {tags:#?}"
    );
}

#[test]
fn kamadak_exif_reads_what_it_wrote() {
    let spec = full_spec(Gps { lat: 47.4784, lon: -0.5632, alt: Some(42.0) }, "+02:00", "Apple");
    let bytes = synth::jpeg(&Picture::default(), &spec);
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)).expect("EXIF");
    let dto = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY).expect("DateTimeOriginal");
    assert_eq!(dto.display_value().to_string(), "2017-06-04 10:32:05");
    let serial = exif.get_field(exif::Tag::BodySerialNumber, exif::In::PRIMARY).expect("serial");
    assert_eq!(serial.display_value().to_string(), "\"043021004512\"");
}

#[test]
fn pictures_decode_and_seeds_differ() {
    let exif = full_spec(Gps { lat: 47.2058, lon: -1.564, alt: None }, "+02:00", "LGE");
    let a = synth::jpeg(&Picture::new(800, 600, 1), &exif);
    let a_again = synth::jpeg(&Picture::new(800, 600, 1), &exif);
    let b = synth::jpeg(&Picture::new(800, 600, 2), &exif);
    assert_eq!(a, a_again, "same seed, same bytes");

    let da = image::load_from_memory(&a).expect("decodes").into_rgb8();
    let db = image::load_from_memory(&b).expect("decodes").into_rgb8();
    assert_eq!(da.dimensions(), (800, 600));
    let diff: u64 = da.as_raw().iter().zip(db.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let mean = diff as f64 / da.as_raw().len() as f64;
    assert!(mean > 20.0, "seeds 1 and 2 look alike (mean difference {mean:.1})");

    // A copy drawn at another size shows the same scene.
    let small = synth::draw(&Picture::new(400, 300, 1));
    let shrunk = image::imageops::thumbnail(&synth::draw(&Picture::new(800, 600, 1)), 400, 300);
    let diff: u64 = small.as_raw().iter().zip(shrunk.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let mean = diff as f64 / small.as_raw().len() as f64;
    assert!(mean < 12.0, "the scene changed with the size (mean difference {mean:.1})");

    // Orientation 6: stored sideways, upright once rotated 90° clockwise.
    let portrait = ExifSpec { orientation: Some(6), ..ExifSpec::default() };
    let stored = synth::jpeg(&Picture::new(400, 300, 5), &portrait);
    let decoded = image::load_from_memory(&stored).expect("decodes");
    assert_eq!((decoded.width(), decoded.height()), (400, 300));
    let shown = decoded.rotate90().into_rgb8();
    let upright = synth::draw(&Picture::new(300, 400, 5));
    let diff: u64 = shown.as_raw().iter().zip(upright.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let mean = diff as f64 / upright.as_raw().len() as f64;
    assert!(mean < 6.0, "orientation 6 is not upright once applied (mean difference {mean:.1})");

    let tiny = synth::jpeg(&Picture::default(), &ExifSpec::default());
    assert_eq!(image::load_from_memory(&tiny).expect("decodes").into_rgb8().dimensions(), (64, 48));
}

#[test]
fn truncated_jpegs_stop_inside_the_scan() {
    let whole =
        synth::jpeg(&Picture::new(320, 240, 3), &full_spec(Gps { lat: 1.0, lon: 1.0, alt: None }, "+00:00", "X"));
    let cut = synth::truncated(&whole);
    assert!(whole.starts_with(&cut));
    assert!(cut.len() > whole.len() / 3 && cut.len() < whole.len() * 2 / 3);
    assert!(!cut.ends_with(&[0xFF, 0xD9]));
    let sos = cut.windows(2).position(|w| w == [0xFF, 0xDA]).expect("the scan has started");
    assert!(sos < cut.len() - 100);
}

#[test]
fn videos_carry_their_creation_time() {
    let fx = Fixture::new();
    let created = dt("2017-06-09 21:41:07").and_utc();
    fx.file("clip.mov", synth::video(Format::Mov, created, 12));
    fx.file("clip.mp4", synth::video(Format::Mp4, created, 12));
    for (name, kind) in [("clip.mov", "MOV"), ("clip.mp4", "MP4")] {
        let tags = exiftool(&fx.path(name));
        assert_eq!(text(&tags, "File:FileType"), kind);
        assert_eq!(text(&tags, "QuickTime:CreateDate"), "2017:06:09 21:41:07");
        assert_eq!(num(&tags, "QuickTime:Duration"), 12.0);
    }
    assert!(std::fs::metadata(fx.path("clip.mov")).map(|m| m.len()).unwrap_or(0) < 200);
}

#[test]
fn the_demo_is_deterministic_and_complete() {
    let (a, b) = (Fixture::new(), Fixture::new());
    let started = std::time::Instant::now();
    let summary = demo::write_demo(a.root()).expect("demo written");
    eprintln!("write_demo: {:?}", started.elapsed());
    demo::write_demo(b.root()).expect("demo written");
    let (ha, hb) = (hash_tree(a.root()), hash_tree(b.root()));
    assert_eq!(ha, hb, "two runs wrote different bytes");

    let truth = demo::demo_photos();
    assert_eq!(summary.files, truth.len());
    assert_eq!(ha.len(), truth.len() + 1, "every file plus the marker");
    assert!(ha.contains_key(Path::new(demo::MARKER)));
    assert!((140..=170).contains(&truth.len()), "{} files", truth.len());
    assert_eq!(summary.broken, 3);
    assert_eq!(summary.videos, 1);
    assert_eq!(summary.photos + summary.videos + summary.broken, summary.files);
    assert_eq!(summary.participants, PARTICIPANTS);
    for p in PARTICIPANTS {
        assert!(a.root().join(p).is_dir(), "{p} folder");
    }
    for photo in &truth {
        assert!(ha.contains_key(&photo.rel_path), "{} missing", photo.rel_path.display());
        assert_eq!(
            photo.rel_path.components().next().map(|c| c.as_os_str().to_owned()),
            Some(photo.contributor.into())
        );
    }
    // No temporary file is left behind.
    assert!(ha.keys().all(|k| !k.to_string_lossy().contains("recap-tmp")));

    // A previous demo is rewritten, missing files included.
    std::fs::remove_file(a.root().join(&truth[0].rel_path)).expect("remove one");
    demo::write_demo(a.root()).expect("a previous demo is rewritten");
    assert_eq!(hash_tree(a.root()), hb);

    let count = |f: &dyn Fn(&Special) -> bool| truth.iter().filter(|p| f(&p.special)).count();
    assert_eq!(count(&|s| matches!(s, Special::Stripped { .. })), 4);
    assert_eq!(count(&|s| *s == Special::AbsurdDate), 1);
    assert_eq!(
        std::fs::metadata(a.root().join(&truth.iter().find(|p| p.special == Special::Empty).expect("empty").rel_path))
            .map(|m| m.len())
            .ok(),
        Some(0)
    );

    // Every readable photo decodes; stripped copies really are stripped.
    let photo = truth.iter().find(|p| matches!(p.special, Special::Stripped { .. })).expect("a copy");
    let bytes = std::fs::read(a.root().join(&photo.rel_path)).expect("read copy");
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"));
    let size = image::load_from_memory(&bytes).expect("decodes").into_rgb8().dimensions();
    assert!(size == (400, 300) || size == (300, 400), "{size:?}");
}

#[test]
fn the_canon_clock_is_six_hours_behind_in_france() {
    let canon: Vec<_> = demo::demo_photos().into_iter().filter(|p| p.device == demo::DEVICES[CANON].id).collect();
    assert!(canon.len() >= 10);
    let mut in_france = 0;
    for p in &canon {
        let dto = p.exif.datetime_original.expect("the Canon writes dates");
        assert!(p.exif.offset_time_original.is_none() && p.exif.gps.is_none());
        let true_local = p.true_local();
        let expected = if p.local_offset_s == demo::PARIS_OFFSET_S {
            in_france += 1;
            true_local - Duration::hours(6)
        } else {
            true_local
        };
        assert_eq!(dto, trunc(expected), "{}", p.rel_path.display());
    }
    assert!(in_france >= 8);

    // The file agrees with the ground truth, per exiftool.
    let fx = Fixture::new();
    let p = canon.iter().find(|p| p.stage == demo::STAGE_NANTES).expect("Canon in Nantes");
    fx.file("canon.jpg", p.bytes());
    let tags = exiftool(&fx.path("canon.jpg"));
    let written =
        NaiveDateTime::parse_from_str(&text(&tags, "ExifIFD:DateTimeOriginal"), "%Y:%m:%d %H:%M:%S").expect("date");
    assert_eq!(written, trunc(p.true_local() - Duration::hours(6)));
    assert_eq!(text(&tags, "IFD0:Model"), "Canon EOS 80D");

    // Each Canon shot in France has a phone with a known zone within minutes.
    let all = demo::demo_photos();
    for c in canon.iter().filter(|p| p.local_offset_s == demo::PARIS_OFFSET_S) {
        let near = all.iter().any(|o| {
            o.exif.offset_time_original.is_some() && (o.taken_utc - c.taken_utc).num_seconds().abs() <= 5 * 60
        });
        assert!(near, "{} has no phone shot nearby", c.rel_path.display());
    }
}

#[test]
fn the_demo_trip_makes_sense() {
    let truth = demo::demo_photos();
    let by = |f: &dyn Fn(&demo::DemoPhoto) -> bool| truth.iter().filter(|p| f(p)).count();
    for place in [
        "Montréal",
        "Roissy",
        "Angers",
        "Trélazé",
        "Avrillé",
        "Saint-Barthélemy-d'Anjou",
        "Nantes",
        "Rezé",
        "Saint-Herblain",
    ] {
        assert!(by(&|p| p.place == place) > 0, "{place}");
    }
    // The karaoke goes past midnight.
    assert!(by(&|p| p.event == "Soirée karaoké" && p.true_local().date() == dt("2017-06-10 00:00:00").date()) > 0);
    // Phones follow the local zone; the iPhone's GPS time is true UTC.
    for p in truth.iter().filter(|p| p.device == "iphone7" && p.special == Special::None) {
        let offset = if p.local_offset_s < 0 { "-04:00" } else { "+02:00" };
        assert_eq!(p.exif.offset_time_original.as_deref(), Some(offset));
        assert_eq!(p.exif.gps_utc, Some(trunc(p.taken_utc.naive_utc())));
        assert_eq!(p.exif.datetime_original, Some(trunc(p.true_local())));
    }
    let absurd = truth.iter().find(|p| p.special == Special::AbsurdDate).expect("reset clock");
    assert_eq!(absurd.exif.datetime_original, Some(dt("2000-01-01 00:00:12")));
    assert!(truth
        .iter()
        .all(|p| p.taken_utc >= dt("2017-06-03 20:00:00").and_utc()
            && p.taken_utc <= dt("2017-06-12 00:00:00").and_utc()));
}

#[test]
fn the_demo_refuses_a_folder_holding_other_files() {
    let fx = Fixture::new();
    fx.file("vacances/photo.jpg", b"not mine");
    let before = fx.hashes();
    let err = demo::write_demo(fx.root()).expect_err("refused");
    assert!(matches!(err, recap::Error::Invalid(ref m) if m.ends_with("is not empty")), "{err}");
    assert_eq!(fx.hashes(), before, "nothing was touched");
}
fn trunc(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).expect("valid")
}

#[test]
fn scaled_demo_multiplies_the_shots_and_keeps_the_extras() {
    let one = demo::demo_photos();
    let three = demo::demo_photos_scaled(3);
    let plain = |v: &[demo::DemoPhoto]| v.iter().filter(|p| p.special == demo::Special::None).count();
    let extras = |v: &[demo::DemoPhoto]| v.iter().filter(|p| p.special != demo::Special::None).count();
    assert_eq!(demo::demo_photos_scaled(1).len(), one.len());
    // One shot of each demo has its clock reset (not plain); the rest triple.
    assert_eq!(plain(&three) + 1, 3 * (plain(&one) + 1));
    assert_eq!(extras(&three), extras(&one));
    // Every file name is unique within its participant's folder.
    let names: std::collections::HashSet<_> = three.iter().map(|p| p.rel_path.clone()).collect();
    assert_eq!(names.len(), three.len());
}
