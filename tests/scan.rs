//! Scanning: every case is a real file written by the fixture builder.

mod support;

use recap::progress::ProgressEvent;
use recap::synth::ExifSpec;
use recap::{Cancel, Format, ScanOptions, ScanReport};
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use support::{dt, gps, Fixture};

fn scan(root: &Path, cache: &Path) -> ScanReport {
    let opts = ScanOptions { roots: vec![root.to_path_buf()], cache_dir: cache.to_path_buf() };
    recap::scan(&opts, &recap::progress::silent, &Cancel::new()).expect("scan runs")
}

fn names(r: &ScanReport) -> Vec<String> {
    r.photos.iter().map(|p| p.path.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect()
}

fn full_spec() -> ExifSpec {
    ExifSpec {
        datetime_original: Some(dt("2017-06-05 10:32:07")),
        subsec_ms: Some(250),
        offset_time_original: Some("+02:00".into()),
        gps: Some(gps(47.4637, -0.5970)),
        gps_utc: Some(dt("2017-06-05 08:32:07")),
        orientation: Some(6),
        make: Some("Apple".into()),
        model: Some("iPhone 7".into()),
        serial: Some("F17SX0ABC".into()),
        ..ExifSpec::default()
    }
}

#[test]
fn reads_every_field_from_a_phone_photo() {
    let fx = Fixture::new();
    fx.photo("Étienne L/IMG_0001.JPG", full_spec());
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert_eq!(r.photos.len(), 1, "{r:?}");
    let p = &r.photos[0];
    assert_eq!(p.format, Format::Jpeg);
    assert_eq!(p.contributor, "Étienne L");
    assert_eq!(p.datetime_original, Some(dt("2017-06-05 10:32:07")));
    assert_eq!(p.subsec_ms, Some(250));
    assert_eq!(p.offset_time_original.as_deref(), Some("+02:00"));
    let g = p.gps.expect("gps");
    assert!((g.lat - 47.4637).abs() < 1e-6 && (g.lon + 0.5970).abs() < 1e-6, "{g:?}");
    assert_eq!(p.gps_utc, Some(dt("2017-06-05 08:32:07")));
    assert_eq!(p.orientation, Some(6));
    assert_eq!((p.make.as_deref(), p.model.as_deref()), (Some("Apple"), Some("iPhone 7")));
    assert_eq!(p.serial.as_deref(), Some("F17SX0ABC"));
    assert_eq!((p.width, p.height), (Some(64), Some(48)));
    assert!(p.path.is_absolute());
}

#[test]
fn falls_back_to_create_date_and_says_so() {
    let fx = Fixture::new();
    let spec = ExifSpec {
        create_date: Some(dt("2017-06-06 09:00:00")),
        offset_time: Some("+02:00".into()),
        ..ExifSpec::default()
    };
    fx.photo("Sophie G/a.jpg", spec);
    let cache = tempfile::tempdir().expect("tempdir");
    let p = &scan(fx.root(), cache.path()).photos[0];
    assert_eq!(p.datetime_original, Some(dt("2017-06-06 09:00:00")));
    assert_eq!(p.datetime_source, Some(recap::model::DateSource::CreateDate));
    assert_eq!(p.offset_time_original.as_deref(), Some("+02:00"));
    assert_eq!(p.offset_source.as_deref(), Some("offset_time"));
}

#[test]
fn broken_files_are_reported_and_the_scan_goes_on() {
    let fx = Fixture::new();
    fx.photo("Nadia K/good.jpg", full_spec())
        .file("Nadia K/notes.jpg", "this is a text file, not a photo")
        .file("Nadia K/empty.JPG", "")
        .file("Nadia K/readme.txt", "hello")
        .truncated_jpeg("Nadia K/cut.jpg")
        .file("Nadia K/.hidden.jpg", "ignored")
        .photo("Nadia K/.git/objects/x.jpg", full_spec())
        .photo("Nadia K/@eaDir/thumb.jpg", full_spec())
        .photo("__MACOSX/Nadia K/._good.jpg", full_spec());
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    let mut got = names(&r);
    got.sort();
    assert_eq!(got, ["cut.jpg", "good.jpg"], "system folders and hidden files are not photos");
    let cut = r.photos.iter().find(|p| p.path.ends_with("cut.jpg")).expect("cut.jpg");
    assert!(cut.warnings.iter().any(|w| w.contains("truncated JPEG")), "{:?}", cut.warnings);
    let reason = |name: &str| {
        r.skipped
            .iter()
            .find(|s| s.path.ends_with(name))
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{name} not skipped: {r:?}"))
    };
    assert_eq!(reason("notes.jpg"), "not an image: the content is not a JPG file");
    assert_eq!(reason("empty.JPG"), "empty file");
    assert_eq!(reason("readme.txt"), "not an image");
    assert_eq!(r.skipped.len(), 3);
    // Front ends word reasons in their language from a stable code.
    let code = |name: &str| r.skipped.iter().find(|s| s.path.ends_with(name)).map(|s| s.code.as_str());
    assert_eq!(code("notes.jpg"), Some("not_an_image"));
    assert_eq!(code("empty.JPG"), Some("empty"));
}

#[test]
fn a_jpeg_cut_inside_its_header_is_skipped() {
    let fx = Fixture::new();
    let bytes = recap::synth::jpeg(&recap::synth::Picture::default(), &full_spec());
    fx.file("Benoît R/cut-early.jpg", &bytes[..200]);
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert!(r.photos.is_empty());
    assert!(r.skipped[0].reason.starts_with("truncated JPEG"), "{:?}", r.skipped);
}

#[test]
fn bad_values_are_treated_as_missing() {
    let fx = Fixture::new();
    let spec = ExifSpec { datetime_original: None, gps: Some(gps(0.0, 0.0)), orientation: Some(36865), ..full_spec() };
    fx.photo("x/a.jpg", spec);
    let cache = tempfile::tempdir().expect("tempdir");
    let p = &scan(fx.root(), cache.path()).photos[0];
    assert_eq!(p.gps, None, "0/0 means no fix");
    assert_eq!(p.orientation, None);
    assert_eq!(p.datetime_original, None);
}

#[test]
fn rescan_reads_only_new_and_changed_files_and_forgets_removed_ones() {
    let fx = Fixture::new();
    for i in 0..5 {
        fx.photo(&format!("Marie-Ève T/IMG_{i}.jpg"), full_spec());
    }
    let cache = tempfile::tempdir().expect("tempdir");
    let first = scan(fx.root(), cache.path());
    assert_eq!((first.stats.read, first.stats.reused, first.photos.len()), (5, 0, 5));

    let again = scan(fx.root(), cache.path());
    assert_eq!((again.stats.read, again.stats.reused, again.stats.removed), (0, 5, 0));
    assert_eq!(again.photos, first.photos, "the catalog gives back what was read");

    // Change one (new date, new mtime), delete one, add one.
    let changed = ExifSpec { datetime_original: Some(dt("2017-06-09 23:59:00")), ..full_spec() };
    fx.photo("Marie-Ève T/IMG_1.jpg", changed);
    let f = std::fs::File::options().write(true).open(fx.path("Marie-Ève T/IMG_1.jpg")).expect("open");
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).expect("mtime");
    std::fs::remove_file(fx.path("Marie-Ève T/IMG_2.jpg")).expect("rm");
    fx.photo("Marie-Ève T/IMG_9.jpg", full_spec());

    let third = scan(fx.root(), cache.path());
    assert_eq!((third.stats.read, third.stats.reused, third.stats.removed), (2, 3, 1));
    let mut got = names(&third);
    got.sort();
    assert_eq!(got, ["IMG_0.jpg", "IMG_1.jpg", "IMG_3.jpg", "IMG_4.jpg", "IMG_9.jpg"]);
    let one = third.photos.iter().find(|p| p.path.ends_with("IMG_1.jpg")).expect("IMG_1");
    assert_eq!(one.datetime_original, Some(dt("2017-06-09 23:59:00")));
}

#[test]
fn scanning_never_changes_a_source_byte() {
    let fx = Fixture::new();
    fx.photo("Étienne L/a.jpg", full_spec()).truncated_jpeg("Étienne L/b.jpg").file("Sophie G/c.jpg", "text");
    let before = fx.hashes();
    let cache = tempfile::tempdir().expect("tempdir");
    scan(fx.root(), cache.path());
    scan(fx.root(), cache.path());
    assert_eq!(fx.hashes(), before, "sources are byte-for-byte unchanged, nothing added");
}

#[test]
fn progress_is_reported_and_cancel_stops() {
    let fx = Fixture::new();
    for i in 0..20 {
        fx.photo(&format!("p/{i}.jpg"), full_spec());
    }
    let cache = tempfile::tempdir().expect("tempdir");
    let events = Mutex::new(Vec::new());
    let opts = ScanOptions { roots: vec![fx.root().to_path_buf()], cache_dir: cache.path().to_path_buf() };
    recap::scan(&opts, &|e| events.lock().expect("lock").push(e), &Cancel::new()).expect("scan");
    let events = events.into_inner().expect("events");
    assert!(events.contains(&ProgressEvent::Reading { done: 20, total: 20 }), "{events:?}");
    assert_eq!(events.last(), Some(&ProgressEvent::Done { photos: 20, skipped: 0 }));

    let cancel = Cancel::new();
    cancel.cancel();
    let err = recap::scan(&opts, &recap::progress::silent, &cancel).expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
}

#[test]
fn a_damaged_catalog_is_rebuilt() {
    let fx = Fixture::new();
    fx.photo("p/a.jpg", full_spec());
    let cache = tempfile::tempdir().expect("tempdir");
    std::fs::write(cache.path().join("catalog.sqlite"), "garbage that is not sqlite, long enough to have a header....")
        .expect("write");
    let r = scan(fx.root(), cache.path());
    assert_eq!(r.photos.len(), 1);
}

#[cfg(unix)]
#[test]
fn survives_symlink_loops_and_non_utf8_names() {
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    fx.photo("Jean-François B/a.jpg", full_spec());
    std::os::unix::fs::symlink(fx.root(), fx.path("Jean-François B/loop")).expect("symlink");
    let odd = fx.path("Jean-François B").join(std::ffi::OsStr::from_bytes(b"caf\xe9.jpg"));
    std::fs::write(&odd, recap::synth::jpeg(&recap::synth::Picture::default(), &full_spec())).expect("write");
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert_eq!(r.photos.len(), 2, "{r:?}");
    assert!(r.skipped.iter().any(|s| s.reason.contains("symbolic link loop")), "{:?}", r.skipped);
    // The JSON document still renders, with a replacement character.
    let json = serde_json::to_string(&r).expect("json");
    assert!(json.contains("caf\u{FFFD}.jpg"));
    // And a rescan finds the odd name unchanged in the catalog.
    assert_eq!(scan(fx.root(), cache.path()).stats.reused, 2);
}

fn recap_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

#[test]
fn cli_json_contract() {
    let fx = Fixture::new();
    fx.photo("Étienne L/IMG_0001.JPG", full_spec()).file("Étienne L/bad.jpg", "nope");
    let cache = tempfile::tempdir().expect("tempdir");
    let out = recap_cli(&["scan", &fx.root().to_string_lossy(), "--cache", &cache.path().to_string_lossy(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let p = &v["photos"][0];
    assert!(Path::new(p["path"].as_str().expect("path")).is_absolute());
    assert_eq!(p["format"], "jpeg");
    assert_eq!(p["contributor"], "Étienne L");
    assert_eq!(p["datetime_original"], "2017-06-05T10:32:07");
    assert_eq!(p["offset_time_original"], "+02:00");
    assert!((p["gps"]["lat"].as_f64().expect("lat") - 47.4637).abs() < 1e-6);
    assert!((p["gps"]["lon"].as_f64().expect("lon") + 0.5970).abs() < 1e-6);
    assert_eq!(p["orientation"], 6);
    assert_eq!(p["make"], "Apple");
    assert_eq!(p["model"], "iPhone 7");
    assert_eq!((p["width"].as_u64(), p["height"].as_u64()), (Some(64), Some(48)));
    assert!(v["skipped"][0]["path"].as_str().expect("path").ends_with("bad.jpg"));
    assert!(!v["skipped"][0]["reason"].as_str().expect("reason").is_empty());
    assert!(out.stderr.is_empty(), "no progress bar without a terminal");
}

#[test]
fn cli_exit_codes() {
    let cache = tempfile::tempdir().expect("tempdir");
    let c = cache.path().to_string_lossy().into_owned();
    assert_eq!(recap_cli(&["scan"]).status.code(), Some(2), "missing argument");
    let missing = recap_cli(&["scan", "/no/such/folder/anywhere", "--cache", &c]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such folder"));

    let fx = Fixture::new();
    fx.file("a/x.jpg", "text").file("a/y.jpg", "");
    let nothing = recap_cli(&["scan", &fx.root().to_string_lossy(), "--cache", &c]);
    assert_eq!(nothing.status.code(), Some(1), "nothing at all could be read");
    assert!(String::from_utf8_lossy(&nothing.stdout).contains("x.jpg: not an image"));
}

#[test]
fn cli_demo_then_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = dir.path().join("demo");
    let out = recap_cli(&["demo", &demo.to_string_lossy()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = recap::demo::demo_photos();
    let cache = dir.path().join("cache");
    let r = scan(&demo, &cache);
    let broken = expected.iter().filter(|p| p.special.is_broken()).count();
    assert_eq!(r.photos.len() + r.videos.len() + r.skipped.len(), expected.len());
    assert!(!r.skipped.is_empty() && r.skipped.len() <= broken, "{:?}", r.skipped);
    assert!(!r.videos.is_empty(), "the demo's video is listed as a video");
    let people: std::collections::BTreeSet<_> = r.photos.iter().map(|p| p.contributor.as_str()).collect();
    assert_eq!(people.len(), 6, "{people:?}");
    assert!(!demo.join("catalog.sqlite").exists(), "the catalog never lands beside the photos");
}

#[test]
fn a_large_exif_block_is_read_past_the_first_head() {
    // Maker notes and big thumbnails push EXIF past the first 16 KiB read.
    let fx = Fixture::new();
    let long = "Nikon D850 ".repeat(3_000);
    fx.photo("p/big.jpg", ExifSpec { model: Some(long.clone()), ..full_spec() });
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    let p = &r.photos[0];
    assert!(
        p.model.as_deref() == Some(long.trim()),
        "model not read: {:?} {:?}",
        p.model.as_ref().map(String::len),
        p.warnings
    );
    assert_eq!(p.datetime_original, Some(dt("2017-06-05 10:32:07")));
    assert_eq!((p.width, p.height), (Some(64), Some(48)));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn the_exif_thumbnail_does_not_pass_for_the_photo() {
    // The thumbnail in IFD1 is a JPEG of its own, with its own frame header.
    let fx = Fixture::new();
    let thumb = recap::synth::jpeg(&recap::synth::Picture { width: 160, height: 120, seed: 3 }, &ExifSpec::default());
    fx.photo("p/with-thumb.jpg", ExifSpec { thumbnail: Some(thumb), ..full_spec() });
    let cache = tempfile::tempdir().expect("tempdir");
    let p = &scan(fx.root(), cache.path()).photos[0];
    assert_eq!((p.width, p.height), (Some(64), Some(48)));
    assert_eq!(p.datetime_original, Some(dt("2017-06-05 10:32:07")));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_phone_sized_exif_preview_leaves_tags_dimensions_and_checks_intact() {
    // A 512×384 preview makes the EXIF segment ~50 KB, most of it past the
    // first read: the tags before it are parsed from that read, the frame
    // header is found after the segment, and the end is still checked.
    let shot = support::scenes::Shot::new(5);
    let preview = support::scenes::encode_turbo(&support::scenes::natural_scene(512, 384, &shot), 90);
    assert!(preview.len() > 20_000, "the preview is only {} bytes", preview.len());
    let photo = support::scenes::encode_turbo(&support::scenes::natural_scene(640, 480, &shot), 85);
    let whole = recap::synth::with_exif(&photo, &ExifSpec { thumbnail: Some(preview), ..full_spec() }, 640, 480);
    let fx = Fixture::new();
    let dir = fx.path("p");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("whole.jpg"), &whole).expect("write");
    // No end-of-image marker: a warning, the photo kept.
    std::fs::write(dir.join("no-end.jpg"), &whole[..whole.len() - 2]).expect("write");
    // Cut inside the preview: the image itself is missing.
    std::fs::write(dir.join("cut.jpg"), &whole[..30_000]).expect("write");
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert_eq!(names(&r), ["no-end.jpg", "whole.jpg"], "skipped: {:?}", r.skipped);
    for p in &r.photos {
        assert_eq!(p.datetime_original, Some(dt("2017-06-05 10:32:07")));
        assert_eq!(p.offset_time_original.as_deref(), Some("+02:00"));
        assert!(p.gps.is_some() && p.make.is_some() && p.model.is_some() && p.serial.is_some(), "{p:?}");
        assert_eq!((p.width, p.height), (Some(640), Some(480)));
    }
    assert!(r.photos[1].warnings.is_empty(), "{:?}", r.photos[1].warnings);
    assert!(r.photos[0].warnings.iter().any(|w| w.contains("end of the image")), "{:?}", r.photos[0].warnings);
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].reason.contains("truncated"), "{:?}", r.skipped);
}

/// Writes `bytes` at `offset` of `path` (creating it), leaving a hole before.
#[cfg(target_os = "linux")]
fn write_at(path: &Path, offset: u64, bytes: &[u8]) {
    use std::os::unix::fs::FileExt;
    let f = std::fs::OpenOptions::new().create(true).write(true).truncate(false).open(path).expect("open");
    f.write_all_at(bytes, offset).expect("write");
}

#[cfg(target_os = "linux")]
#[test]
fn six_gib_sparse_raw_heic_png_and_jpeg_are_scanned_in_bounded_memory() {
    const SIZE: u64 = 6 << 30;
    let fx = Fixture::new();
    // A NEF whose IFD0 sits 3.75 GiB in (TIFF offsets are 32-bit), with
    // its date: reading the file whole cost 6 GiB of memory.
    let ifd: u32 = 0xF000_0000;
    let nef = fx.path("Alex/DSC_0001.NEF");
    std::fs::create_dir_all(nef.parent().expect("folder")).expect("mkdir");
    let mut head = b"II*\0".to_vec();
    head.extend_from_slice(&ifd.to_le_bytes());
    write_at(&nef, 0, &head);
    let mut table = 1u16.to_le_bytes().to_vec();
    table.extend_from_slice(&0x0132u16.to_le_bytes()); // DateTime, ASCII, 20 bytes
    table.extend_from_slice(&2u16.to_le_bytes());
    table.extend_from_slice(&20u32.to_le_bytes());
    table.extend_from_slice(&(ifd + 18).to_le_bytes());
    table.extend_from_slice(&0u32.to_le_bytes());
    table.extend_from_slice(b"2017:06:04 10:32:00\0");
    write_at(&nef, u64::from(ifd), &table);
    // A HEIC whose `meta` box runs "to the end of the file" (size 0).
    let heic = fx.path("Alex/IMG_0002.HEIC");
    let mut boxes = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    boxes.extend_from_slice(b"\0\0\0\0meta\0\0\0\0");
    write_at(&heic, 0, &boxes);
    // A PNG whose eXIf chunk says it is 2 GiB long.
    let png = fx.path("Alex/IMG_0003.PNG");
    let mut chunks = b"\x89PNG\r\n\x1a\n".to_vec();
    chunks.extend_from_slice(&0x7FFF_FFF0u32.to_be_bytes());
    chunks.extend_from_slice(b"eXIf");
    write_at(&png, 0, &chunks);
    // A JPEG of zeros after its first marker: no frame header anywhere.
    let jpeg = fx.path("Alex/IMG_0004.JPG");
    write_at(&jpeg, 0, &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
    for f in [&nef, &heic, &png, &jpeg] {
        std::fs::OpenOptions::new().write(true).open(f).expect("open").set_len(SIZE).expect("sparse");
    }

    let cache = tempfile::tempdir().expect("cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["scan", &fx.root().to_string_lossy(), "--cache", &cache.path().to_string_lossy(), "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run recap");
    // Its peak resident memory, polled from /proc while it runs (the
    // high-water mark only grows, and reading 6 GiB would take seconds).
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut { stdout }, &mut out).expect("read");
        out
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status.lines().find(|l| l.starts_with("VmHWM:"));
            if let Some(kb) = hwm.and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<u64>().ok()) {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let out = reader.join().expect("stdout reader");
    assert!(status.success(), "recap scan failed: {status}");
    assert!(peak_kb > 0, "VmHWM was read");
    let peak_mb = peak_kb / 1024;
    eprintln!("peak RSS of `recap scan` over four 6 GiB files: {peak_mb} MB");
    assert!(peak_mb < 300, "recap scan peaked at {peak_mb} MB");

    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let find = |list: &str, name: &str| {
        doc[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|p| p["path"].as_str().is_some_and(|s| s.ends_with(name)))
            .cloned()
    };
    let nef = find("photos", "DSC_0001.NEF").expect("the NEF is catalogued");
    assert_eq!(nef["datetime_original"], "2017-06-04T10:32:00", "the date is read from 3.75 GiB in");
    assert_eq!(nef["file_size"], SIZE);
    // The others are catalogued with a warning or skipped, each with a reason.
    for name in ["IMG_0002.HEIC", "IMG_0003.PNG", "IMG_0004.JPG"] {
        assert!(find("photos", name).is_some() || find("skipped", name).is_some(), "{name} is listed");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_and_a_link_to_a_device_in_a_participant_folder_are_skipped_not_waited_on() {
    let fx = Fixture::new();
    fx.photo(
        "Alex/IMG_0001.JPG",
        ExifSpec { datetime_original: Some(dt("2017-06-04 10:32:00")), ..ExifSpec::default() },
    );
    let fifo = fx.path("Alex/IMG_0002.JPG");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    std::os::unix::fs::symlink("/dev/zero", fx.path("Alex/IMG_0003.JPG")).expect("symlink");

    let (root, cache) = (fx.root().to_path_buf(), tempfile::tempdir().expect("cache"));
    let cache_dir = cache.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(scan(&root, &cache_dir));
    });
    let report = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("the scan never waits on a pipe");
    assert_eq!(names(&report), ["IMG_0001.JPG"]);
    let mut skipped: Vec<(String, String)> = report
        .skipped
        .iter()
        .map(|s| (s.path.file_name().unwrap_or_default().to_string_lossy().into_owned(), s.code.clone()))
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [("IMG_0002.JPG".to_string(), "not_regular".to_string()), ("IMG_0003.JPG".into(), "not_regular".into())]
    );
    assert!(report.skipped.iter().all(|s| s.reason.starts_with("not a regular file")), "{:?}", report.skipped);

    // A photo swapped for a pipe after the walk is refused at the open.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(recap::scan::inspect(&fifo));
    });
    let read = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the read never waits on a pipe");
    assert_eq!(read.expect_err("a pipe is no photo").code, "not_regular");
}

/// Skip codes were once recovered from the English reason by its first
/// words, and a catalog row kept only those words: a reason that read like
/// another cause's (or an older version's row) got that cause's code.
#[test]
fn skip_code_never_parsed_from_text() {
    let fx = Fixture::new();
    fx.photo("Nadia K/good.jpg", full_spec())
        .photo("Nadia K/was-skipped.jpg", full_spec())
        .file("Nadia K/notes.jpg", "truncated JPEG (no image data)")
        .file("Nadia K/empty file.JPG", "");
    let cache = tempfile::tempdir().expect("tempdir");
    let codes = |r: &ScanReport| {
        let mut c: Vec<(String, String)> = r
            .skipped
            .iter()
            .map(|s| (s.path.file_name().unwrap_or_default().to_string_lossy().into_owned(), s.code.clone()))
            .collect();
        c.sort();
        c
    };
    let want = [("empty file.JPG".to_string(), "empty".to_string()), ("notes.jpg".into(), "not_an_image".into())];
    let first = scan(fx.root(), cache.path());
    assert_eq!(codes(&first), want);
    // From the catalog, the same codes and words.
    let again = scan(fx.root(), cache.path());
    assert_eq!(again.stats.reused, 4);
    assert_eq!(codes(&again), want);
    assert_eq!(again.skipped, first.skipped);

    // A row as an older version wrote it: a sentence, no code. It is not
    // decoded into `truncated` but read again, and the photo is found.
    let key = fx.path("Nadia K/was-skipped.jpg").as_os_str().as_encoded_bytes().to_vec();
    let db = rusqlite::Connection::open(cache.path().join("catalog.sqlite")).expect("open catalog");
    let changed = db
        .execute("UPDATE files SET skipped = 'truncated JPEG (no image data)', meta = NULL WHERE key = ?1", [&key])
        .expect("update");
    assert_eq!(changed, 1);
    drop(db);
    let after = scan(fx.root(), cache.path());
    assert_eq!(after.stats.read, 1, "the old row is read again");
    assert_eq!(codes(&after), want);
    let mut photos = names(&after);
    photos.sort();
    assert_eq!(photos, ["good.jpg", "was-skipped.jpg"]);
}

/// A JPEG cut right after its EXIF segment: the image is gone, the metadata whole.
fn jpeg_without_image(exif: &ExifSpec) -> Vec<u8> {
    let whole = recap::synth::jpeg(&recap::synth::Picture::default(), exif);
    let mut i = 2;
    while whole[i + 1] != 0xE1 {
        i += 2 + usize::from(u16::from_be_bytes([whole[i + 2], whole[i + 3]]));
    }
    let end = i + 2 + usize::from(u16::from_be_bytes([whole[i + 2], whole[i + 3]]));
    assert_eq!(&whole[i + 4..i + 10], b"Exif\0\0", "the segment cut after is the EXIF one");
    whole[..end].to_vec()
}

/// A damaged JPEG whose EXIF was whole used to be skipped as "no image
/// data", its time and place lost to the trip, where exiftool still reads it.
#[test]
fn a_jpeg_whose_image_is_lost_but_exif_is_whole_is_listed_with_a_warning() {
    let fx = Fixture::new();
    fx.file("Nadia K/IMG_0002.JPG", jpeg_without_image(&full_spec()));
    // Without a date or a place there is nothing to keep: still skipped.
    fx.file(
        "Nadia K/IMG_0003.JPG",
        jpeg_without_image(&ExifSpec { make: Some("Apple".into()), ..ExifSpec::default() }),
    );
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert_eq!(names(&r), ["IMG_0002.JPG"], "skipped: {:?}", r.skipped);
    let p = &r.photos[0];
    assert_eq!(p.datetime_original, Some(dt("2017-06-05 10:32:07")));
    assert_eq!(p.offset_time_original.as_deref(), Some("+02:00"));
    let g = p.gps.expect("the place is kept");
    assert!((g.lat - 47.4637).abs() < 1e-4 && (g.lon + 0.5970).abs() < 1e-4, "{g:?}");
    assert_eq!((p.make.as_deref(), p.model.as_deref()), (Some("Apple"), Some("iPhone 7")));
    assert!(p.warnings.iter().any(|w| w.contains("image is missing")), "{:?}", p.warnings);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].code, "truncated", "{:?}", r.skipped);
    // From the catalog, the same.
    let again = scan(fx.root(), cache.path());
    assert_eq!(again.stats.reused, 2);
    assert_eq!(again.photos, r.photos);
}

/// The salvaged photo reaches the export, which cannot render it: it says
/// so for that photo and writes the others.
#[test]
fn an_export_with_a_salvaged_jpeg_reports_it_and_writes_the_others() {
    let fx = Fixture::new();
    fx.photo("Nadia K/IMG_0001.JPG", full_spec());
    fx.file("Nadia K/IMG_0002.JPG", jpeg_without_image(&ExifSpec { subsec_ms: Some(900), ..full_spec() }));
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["export", "--preset", "facebook", "--json", "--cache"])
        .arg(work.path().join("cache"))
        .arg("--out")
        .arg(&out)
        .arg(fx.root())
        .output()
        .expect("run recap export");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let failed = doc["failed"].as_array().expect("a failed list");
    assert_eq!(failed.len(), 1, "{doc}");
    assert!(failed[0]["path"].as_str().is_some_and(|p| p.ends_with("IMG_0002.JPG")), "{doc}");
    assert!(failed[0]["code"].as_str().is_some_and(|c| !c.is_empty()), "{doc}");
    assert_eq!(doc["written"], 1, "{doc}");
    let written: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().to_lowercase().ends_with(".jpg"))
        .collect();
    assert_eq!(written.len(), 1, "the good photo is exported: {written:?}");
}

/// A CIFF block as Canon writes it: header, then a root heap with the
/// capture time in its record and the maker and model as a heap value.
fn ciff_block(signature: &[u8; 8]) -> Vec<u8> {
    let mut f = b"II\x0e\0\0\0".to_vec();
    f.extend_from_slice(signature);
    let value = b"Canon\0Canon PowerShot S40\0";
    f.extend_from_slice(value);
    let table = value.len() as u32;
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&0x080au16.to_le_bytes());
    f.extend_from_slice(&(value.len() as u32).to_le_bytes());
    f.extend_from_slice(&0u32.to_le_bytes());
    f.extend_from_slice(&0x580eu16.to_le_bytes());
    f.extend_from_slice(&1_054_739_407u32.to_le_bytes()); // 2003-06-04 15:10:07 on the camera's clock
    f.extend_from_slice(&0u32.to_le_bytes());
    f.extend_from_slice(&table.to_le_bytes());
    f
}

/// Canon CRW files were skipped as unsupported and the JPEGs of the same
/// cameras, whose date sits in a CIFF block in APP0, had no date.
#[test]
fn canon_crw_and_ciff_in_jpeg_give_their_date_make_and_model() {
    let fx = Fixture::new();
    fx.file("Marc/CRW_0001.CRW", ciff_block(b"HEAPCCDR"));
    // A JPEG with no EXIF, its CIFF block first in APP0.
    let plain = recap::synth::jpeg(&recap::synth::Picture::default(), &ExifSpec::default());
    let block = ciff_block(b"HEAPJPGM");
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend_from_slice(&(block.len() as u16 + 2).to_be_bytes());
    jpeg.extend_from_slice(&block);
    jpeg.extend_from_slice(&plain[2..]);
    fx.file("Marc/IMG_0002.JPG", &jpeg);
    let cache = tempfile::tempdir().expect("tempdir");
    let r = scan(fx.root(), cache.path());
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    assert_eq!(names(&r), ["CRW_0001.CRW", "IMG_0002.JPG"]);
    for p in &r.photos {
        assert_eq!(p.datetime_original, Some(dt("2003-06-04 15:10:07")), "{p:?}");
        assert_eq!(p.make.as_deref(), Some("Canon"), "{p:?}");
        assert_eq!(p.model.as_deref(), Some("Canon PowerShot S40"), "{p:?}");
    }
}
