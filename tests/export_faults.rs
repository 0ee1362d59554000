//! Export under hostile conditions: crafted EXIF structures, links planted
//! in the output folder, two exports at once, a `kill -9` at any instant, a
//! caption longer than any metadata field. Real files, the real binary.

mod support;

use recap::export::meta::{self, GpsEdit, Tags, TimeEdit};
use recap::export::{self, ExportOptions, ExportReport, Preset};
use recap::mission::Mission;
use recap::pipeline::{plan_folders, PlanReport};
use recap::progress::{silent, ProgressEvent};
use recap::synth::{self, ExifSpec, Picture};
use recap::Cancel;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{dt, hash_tree, Fixture};

/// A trip in one folder: `n` photos over two days in Angers.
fn trip(n: usize) -> Fixture {
    trip_of(n, Picture::default())
}

/// `n` photos of `size`, over two days.
fn trip_of(n: usize, size: Picture) -> Fixture {
    let f = Fixture::new();
    for i in 0..n {
        let day = 5 + i / (n / 2).max(1);
        let local = format!("2017-06-{day:02} {:02}:{:02}:00", 9 + (i % 8), (i * 7) % 60);
        let exif = support::iphone(&local, "+02:00", 47.4637, -0.597);
        let rel = format!("Étienne L/IMG_{i:04}.JPG");
        f.picture(&rel, Picture { seed: support::seed_of(&rel), ..size }, exif);
    }
    f
}

fn plan(photos: &Path, cache: &Path, mission: &Mission) -> PlanReport {
    plan_folders(&[photos.to_path_buf()], cache, mission, None, &silent, &Cancel::new()).expect("plan")
}

fn run(plan: &PlanReport, mission: &Mission, photos: &Path, preset: Preset, out: &Path) -> recap::Result<ExportReport> {
    export::export(plan, mission, &[photos.to_path_buf()], &ExportOptions::new(preset, out), &silent, &Cancel::new())
}

/// The segments of a JPEG up to its scan: (marker, contents).
fn segments(jpeg: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xff && jpeg[i + 1] != 0xda {
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        out.push((jpeg[i + 1], &jpeg[i + 4..i + 2 + len]));
        i += 2 + len;
    }
    out
}

/// Everything from the SOS segment on: the image data.
fn scan_data(jpeg: &[u8]) -> &[u8] {
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        if jpeg[i + 1] == 0xda {
            return &jpeg[i..];
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    panic!("no SOS segment")
}

fn exif_of(jpeg: &[u8]) -> Option<&[u8]> {
    segments(jpeg).into_iter().find(|(m, c)| *m == 0xe1 && c.starts_with(b"Exif\0\0")).map(|(_, c)| &c[6..])
}

/// A JPEG whose APP1 EXIF block is `tiff`, byte for byte.
fn with_exif(tiff: &[u8], seed: u64) -> Vec<u8> {
    let plain = synth::jpeg(&Picture { seed, ..Picture::default() }, &ExifSpec::default());
    let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
    out.extend_from_slice(&u16::try_from(tiff.len() + 8).expect("one segment").to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A little-endian TIFF block: IFD0 at 8 holding Make and DateTime (so the
/// scan dates the photo), then `extra` entries, then the link `next`; the
/// strings after it. `count_override` replaces IFD0's entry count.
fn hostile_tiff(extra: &[(u16, u16, u32, u32)], next: u32, count_override: Option<u16>) -> Vec<u8> {
    let entries = 2 + extra.len();
    let data = 8 + 2 + 12 * entries + 4;
    let make = b"Hostile\0";
    let date = b"2017:06:05 10:32:00\0";
    let mut t = b"II*\0\x08\0\0\0".to_vec();
    t.extend_from_slice(&count_override.unwrap_or(entries as u16).to_le_bytes());
    let mut put = |tag: u16, format: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&format.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    put(0x010f, 2, make.len() as u32, data as u32);
    put(0x0132, 2, date.len() as u32, (data + make.len()) as u32);
    for &(tag, format, count, value) in extra {
        put(tag, format, count, value);
    }
    t.extend_from_slice(&next.to_le_bytes());
    t.extend_from_slice(make);
    t.extend_from_slice(date);
    t
}

fn tags(description: &str) -> Tags {
    Tags {
        title: "Matinée à WeForge".into(),
        description: description.into(),
        creator: "Étienne L.".into(),
        credit: "Photo\u{a0}: Étienne L.".into(),
        rights: "© 2017 Étienne L.".into(),
        gps: GpsEdit::Fill(recap::Gps { lat: 47.4637, lon: -0.597, alt: None }),
        time: Some(TimeEdit { local: dt("2017-06-05 10:32:00"), offset: "+02:00".into() }),
        srgb: false,
    }
}

fn hostile_cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("ifd0_links_to_itself", hostile_tiff(&[], 8, None)),
        ("ifd_entry_count_65535", hostile_tiff(&[], 0, Some(0xffff))),
        ("next_ifd_past_the_end", hostile_tiff(&[], 0x7fff_fff0, None)),
        ("value_offset_past_the_end", hostile_tiff(&[(0x013b, 2, 4000, 0x00ff_ff00)], 0, None)),
        ("exif_ifd_points_back_to_ifd0", hostile_tiff(&[(0x8769, 4, 1, 8)], 0, None)),
        ("absurd_count", hostile_tiff(&[(0x010e, 2, u32::MAX, 40)], 0, None)),
    ]
}

#[test]
fn hostile_exif_blocks_are_rebuilt_by_the_metadata_writer() {
    for (name, tiff) in hostile_cases() {
        assert!(!meta::tiff_is_sound(&tiff), "{name} is caught by the check");
        let original = with_exif(&tiff, 7);
        let camera = meta::Camera {
            make: Some("Apple".into()),
            model: Some("iPhone 7".into()),
            orientation: Some(6),
            gps: None,
        };
        let w = meta::write_with(&original, &tags("Le château"), &camera).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(w.exif_rebuilt, "{name}: rebuilt");
        assert_eq!(scan_data(&w.bytes), scan_data(&original), "{name}: the image data is the camera's");
        let exif = exif_of(&w.bytes).expect("an EXIF block");
        assert!(meta::tiff_is_sound(exif), "{name}: what Recap writes passes its own check");
        let text = String::from_utf8_lossy(exif);
        assert!(text.contains("Le château") && text.contains("iPhone 7"), "{name}: caption and camera: {text}");
    }
}

#[test]
fn copies_export_of_jpegs_with_hostile_exif_finishes_with_recaps_metadata() {
    let f = trip(4);
    let cases = hostile_cases();
    for (i, (name, tiff)) in cases.iter().enumerate() {
        f.file(&format!("Étienne L/{name}.jpg"), with_exif(tiff, 100 + i as u64));
    }
    let work = tempfile::tempdir().expect("temp");
    let mission = Mission::new("Hostile");
    let plan = plan(f.root(), &work.path().join("cache"), &mission);
    let out = work.path().join("copies");
    let rep = run(&plan, &mission, f.root(), Preset::Copies, &out).expect("the export finishes");
    assert!(rep.failed.is_empty(), "{:?}", rep.failed);
    let captions = std::fs::read_to_string(out.join("captions.txt")).expect("captions.txt");
    let mut seen = 0;
    for (name, _) in &cases {
        let Some(line) = captions.lines().find(|l| l.contains(name)) else {
            // The scan could not date it from its own EXIF: set apart, not exported.
            continue;
        };
        seen += 1;
        let rel = line.split('\t').next().expect("file name");
        let bytes = std::fs::read(out.join(rel)).expect("exported");
        let source = std::fs::read(f.path(&format!("Étienne L/{name}.jpg"))).expect("source");
        assert_eq!(scan_data(&bytes), scan_data(&source), "{name}: image data unchanged");
        assert!(meta::tiff_is_sound(exif_of(&bytes).expect("EXIF")), "{name}: a clean EXIF block");
        let has_xmp =
            segments(&bytes).iter().any(|(m, c)| *m == 0xe1 && c.starts_with(b"http://ns.adobe.com/xap/1.0/"));
        assert!(has_xmp, "{name}: Recap's XMP caption");
        assert!(rep.warnings.iter().any(|w| w.contains(*name) && w.contains("EXIF")), "{name}: {:?}", rep.warnings);
    }
    eprintln!("{seen} of {} hostile photos dated and exported", cases.len());
    assert_eq!(seen, cases.len(), "every hostile photo is dated by the scan and exported");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    struct Setup {
        f: Fixture,
        work: tempfile::TempDir,
        mission: Mission,
        plan: PlanReport,
    }

    fn setup() -> Setup {
        let f = trip(6);
        let work = tempfile::tempdir().expect("temp");
        let sentinel = work.path().join("sentinel");
        std::fs::create_dir_all(sentinel.join("inside")).expect("mkdir");
        std::fs::write(sentinel.join("victim.jpg"), b"not yours").expect("write");
        std::fs::write(sentinel.join("manifest.json"), b"{\"version\": 1}").expect("write");
        std::fs::write(sentinel.join("inside").join("keep.txt"), b"keep").expect("write");
        let mission = Mission::new("Links");
        let plan = plan(f.root(), &work.path().join("cache"), &mission);
        Setup { f, work, mission, plan }
    }

    impl Setup {
        fn sentinel(&self) -> PathBuf {
            self.work.path().join("sentinel")
        }
        fn export(&self, preset: Preset, out: &Path) -> recap::Result<ExportReport> {
            run(&self.plan, &self.mission, self.f.root(), preset, out)
        }
    }

    fn first_jpeg(dir: &Path) -> PathBuf {
        let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "jpg" || x == "JPG"))
            .map(|e| e.into_path())
            .collect();
        v.sort();
        v.remove(0)
    }

    #[test]
    fn links_named_like_outputs_or_to_folders_outside_never_write_or_delete_outside_out() {
        let s = setup();
        let before = hash_tree(&s.sentinel());
        let out = s.work.path().join("copies");
        s.export(Preset::Copies, &out).expect("first export");
        // A link to a folder outside, and a link where an output file was.
        symlink(s.sentinel(), out.join("escape")).expect("link");
        let victim = first_jpeg(&out);
        std::fs::remove_file(&victim).expect("rm");
        symlink(s.sentinel().join("victim.jpg"), &victim).expect("link");
        let rep = s.export(Preset::Copies, &out).expect("re-export");
        assert_eq!(rep.written, 1, "the file the link stood for is made again");
        assert!(std::fs::symlink_metadata(&victim).expect("there").is_file(), "the link was replaced, not followed");
        assert_eq!(hash_tree(&s.sentinel()), before, "nothing outside --out changed");

        // A file of the export, no longer wanted, is a link now: the link
        // is left alone and its target is not deleted.
        let mut fewer = s.mission.clone();
        let gone = s.plan.plan.photos().next().expect("a photo").path.clone();
        fewer.picks.insert(recap::caption::photo_key(&gone), recap::mission::Pick::Reject);
        let victim = first_jpeg(&out);
        std::fs::remove_file(&victim).expect("rm");
        symlink(s.sentinel().join("victim.jpg"), &victim).expect("link");
        let rep = run(&s.plan, &fewer, s.f.root(), Preset::Copies, &out).expect("export without a photo");
        assert!(rep.failed.is_empty(), "{:?}", rep.failed);
        assert_eq!(hash_tree(&s.sentinel()), before, "nothing outside --out deleted");
    }

    #[test]
    fn a_folder_link_in_out_is_refused_before_anything_is_written() {
        let s = setup();
        let before = hash_tree(&s.sentinel());
        let out = s.work.path().join("fb");
        s.export(Preset::Facebook, &out).expect("first export");
        let chapter = std::fs::read_dir(&out)
            .expect("ls")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.is_dir())
            .expect("a chapter folder");
        std::fs::remove_dir_all(&chapter).expect("rm");
        symlink(s.sentinel().join("inside"), &chapter).expect("link");
        let err = s.export(Preset::Facebook, &out).expect_err("refused");
        assert_eq!(err.code(), "export_symlink", "{err}");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(hash_tree(&s.sentinel()), before, "nothing written through the link");
    }

    #[test]
    fn a_link_named_like_the_manifest_or_the_lock_is_refused() {
        let s = setup();
        let before = hash_tree(&s.sentinel());
        for name in [export::MANIFEST, export::LOCK] {
            let out = s.work.path().join(format!("out-{name}"));
            s.export(Preset::Copies, &out).expect("first export");
            std::fs::remove_file(out.join(name)).expect("rm");
            symlink(s.sentinel().join("manifest.json"), out.join(name)).expect("link");
            let err = s.export(Preset::Copies, &out).expect_err("refused");
            assert_eq!(err.code(), "export_symlink", "{name}: {err}");
            assert_eq!(hash_tree(&s.sentinel()), before, "{name}: nothing outside changed");
            // A link to nowhere is not created either.
            let fresh = s.work.path().join(format!("fresh-{name}"));
            std::fs::create_dir_all(&fresh).expect("mkdir");
            symlink(s.work.path().join("nowhere"), fresh.join(name)).expect("link");
            let err = s.export(Preset::Copies, &fresh).expect_err("refused");
            assert_eq!(err.code(), "export_symlink", "{name}: {err}");
            assert!(!s.work.path().join("nowhere").exists(), "{name}: the dangling link was not followed");
        }
    }
}

#[test]
fn two_exports_into_one_folder_at_once_one_is_refused_with_export_locked() {
    let f = trip(6);
    let work = tempfile::tempdir().expect("temp");
    let mission = Mission::new("Lock");
    let plan = plan(f.root(), &work.path().join("cache"), &mission);
    let out = work.path().join("out");
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let (started_tx, go_rx) = (std::sync::Mutex::new(Some(started_tx)), std::sync::Mutex::new(go_rx));
    // The first export stops at its first photo until the second has tried.
    let hold = |ev: ProgressEvent| {
        if let ProgressEvent::Rendering { .. } = ev {
            if let Some(tx) = started_tx.lock().expect("lock").take() {
                let _ = tx.send(());
                let _ = go_rx.lock().expect("lock").recv();
            }
        }
    };
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| {
            let opts = ExportOptions::new(Preset::Copies, &out);
            export::export(&plan, &mission, &[f.root().to_path_buf()], &opts, &hold, &Cancel::new())
        });
        started_rx.recv().expect("the first export started");
        let second = run(&plan, &mission, f.root(), Preset::Copies, &out);
        go_tx.send(()).expect("release");
        (first.join().expect("no panic"), second)
    });
    let first = first.expect("the first export succeeds");
    assert_eq!(first.written, 6);
    let err = second.expect_err("the second is refused");
    assert_eq!(err.code(), "export_locked", "{err}");
    assert!(err.to_string().contains("another export"), "{err}");
    // Once the first is done, the folder is free again.
    let again = run(&plan, &mission, f.root(), Preset::Copies, &out).expect("free again");
    assert_eq!(again.kept, 6);
}

#[test]
fn the_cli_refuses_a_folder_another_export_holds() {
    let f = trip(4);
    let work = tempfile::tempdir().expect("temp");
    let out = work.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let held = std::fs::File::create(out.join(export::LOCK)).expect("lock file");
    held.try_lock().expect("the test holds the lock");
    let o = Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["export", "--preset", "copies", "--cache"])
        .arg(work.path().join("cache"))
        .arg("--out")
        .arg(&out)
        .arg(f.root())
        .output()
        .expect("run recap");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "refused: {stderr}");
    assert!(stderr.contains("another export"), "{stderr}");
    drop(held);
}

/// A JPEG is whole when it ends with its end marker.
fn assert_no_partial_file(out: &Path, when: &str) {
    for e in walkdir::WalkDir::new(out).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let name = e.file_name().to_string_lossy();
        if name.starts_with(".recap-") && name.ends_with(".tmp") {
            continue;
        }
        let bytes = std::fs::read(e.path()).expect("read");
        if name.to_lowercase().ends_with(".jpg") {
            assert!(bytes.starts_with(&[0xff, 0xd8]) && bytes.ends_with(&[0xff, 0xd9]), "{when}: {name} is whole");
        }
        if name == export::MANIFEST {
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{when}: manifest: {e}"));
        }
    }
}

/// The files of an export, without the lock, and the manifest's entries.
fn result_of(out: &Path) -> (BTreeMap<PathBuf, [u8; 32]>, serde_json::Value) {
    let mut files = hash_tree(out);
    files.remove(Path::new(export::LOCK));
    files.remove(Path::new(export::MANIFEST));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(export::MANIFEST)).expect("manifest")).expect("JSON");
    assert_eq!(m["in_progress"], false, "finished");
    (files, m["files"].clone())
}

/// `RECAP_KILL_RUNS` sets the number of kills (default 30, about 20 s).
#[test]
fn kill_9_at_any_moment_then_a_rerun_equals_a_clean_export() {
    let runs: usize = std::env::var("RECAP_KILL_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let f = trip_of(40, Picture { width: 1024, height: 768, seed: 0 });
    let work = tempfile::tempdir().expect("temp");
    let cache = work.path().join("cache");
    let export_to = |preset: &str, out: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_recap"));
        c.args(["export", "--preset", preset, "--json", "--cache"]).arg(&cache).arg("--out").arg(out).arg(f.root());
        c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
        c
    };
    // A warm catalog first, so every run spends the same time scanning.
    let o = export_to("copies", &work.path().join("warm-up")).output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut clean = BTreeMap::new();
    // When the export itself starts (its manifest appears) and ends.
    let mut window = BTreeMap::new();
    for preset in ["copies", "facebook"] {
        let out = work.path().join(format!("clean-{preset}"));
        let t = std::time::Instant::now();
        let mut child = export_to(preset, &out).spawn().expect("spawn");
        let mut start = None;
        let status = loop {
            if start.is_none() && out.join(export::MANIFEST).exists() {
                start = Some(t.elapsed());
            }
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            std::thread::sleep(Duration::from_micros(500));
        };
        assert!(status.success(), "clean {preset} export");
        let end = t.elapsed();
        window.insert(preset, (start.unwrap_or(end).mul_f64(0.9), end));
        clean.insert(preset, result_of(&out));
    }
    let (mut interrupted, mut finished, mut before_manifest) = (0, 0, 0);
    for i in 0..runs {
        let preset = if i % 2 == 0 { "copies" } else { "facebook" };
        let out = work.path().join(format!("killed-{i}"));
        // The scan before the export takes a varying time on a busy
        // machine: the delay counts from the moment the output folder
        // appears, spread over the export's length and a bit past it. One
        // run in ten is killed at a fixed delay from the start instead,
        // whatever it is doing then (scan, lock, manifest).
        let (from, to) = window[preset];
        let delay = (to - from).mul_f64(i as f64 / runs as f64 * 1.1);
        let mut child = export_to(preset, &out).spawn().expect("spawn");
        if i % 10 == 0 {
            std::thread::sleep(from.mul_f64(i as f64 / runs as f64 + 0.5));
        } else {
            let t = std::time::Instant::now();
            while !out.exists() && t.elapsed() < Duration::from_secs(60) && child.try_wait().expect("wait").is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(delay);
        }
        let _ = child.kill(); // SIGKILL on Unix, TerminateProcess on Windows.
        let _ = child.wait();
        if out.exists() {
            assert_no_partial_file(&out, &format!("run {i} after the kill"));
            let m = std::fs::read(out.join(export::MANIFEST)).ok();
            let m = m.and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
            match m {
                Some(m) if m["in_progress"] == true => interrupted += 1,
                Some(_) => finished += 1,
                None => before_manifest += 1,
            }
        }
        let o = export_to(preset, &out).output().expect("rerun");
        assert!(o.status.success(), "run {i} ({preset}, {delay:?}): rerun: {}", String::from_utf8_lossy(&o.stderr));
        let (files, entries) = result_of(&out);
        let temporaries: Vec<_> = files.keys().filter(|p| p.to_string_lossy().ends_with(".tmp")).collect();
        assert!(temporaries.is_empty(), "run {i}: temporary files left: {temporaries:?}");
        let (want_files, want_entries) = &clean[preset];
        assert_eq!(&entries, want_entries, "run {i} ({preset}, {delay:?}): the manifest's entries");
        assert_eq!(&files, want_files, "run {i} ({preset}, {delay:?}): the same files, byte for byte");
    }
    eprintln!(
        "{runs} kills (clean runs, export start and end: {window:?}): {before_manifest} before the manifest, {interrupted} mid-export, \
         {finished} after it finished; every rerun equal to a clean export"
    );
}

#[test]
fn a_21_kb_caption_is_trimmed_per_container_not_dropped() {
    let f = trip(3);
    let work = tempfile::tempdir().expect("temp");
    let mut mission = Mission::new("Long");
    let plan = plan(f.root(), &work.path().join("cache"), &mission);
    let photo = plan.plan.photos().next().expect("a photo").path.clone();
    // 21 KB of words with accents and the typographic apostrophe.
    let long: String = (0..1300).map(|i| format!("l’été n°{i} ")).collect::<String>().trim_end().to_string();
    assert!(long.len() > 21_000, "{}", long.len());
    mission.captions.insert(recap::caption::photo_key(&photo), long.clone());
    for preset in [Preset::Copies, Preset::Facebook] {
        let out = work.path().join(preset.name());
        let rep = run(&plan, &mission, f.root(), preset, &out).expect("export");
        assert!(rep.failed.is_empty(), "{preset:?}: the photo is exported: {:?}", rep.failed);
        assert_eq!(rep.written, 3, "{preset:?}");
        let warning = rep.warnings.iter().find(|w| w.contains("too long")).expect("a warning");
        assert!(warning.contains("IPTC") && warning.contains("captions.txt"), "{warning}");
        let name = photo.file_name().expect("name").to_string_lossy().into_owned();
        assert!(warning.contains(&name), "{warning}");
        // The whole text beside the photos.
        let captions: String = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name() == "captions.txt")
            .map(|e| std::fs::read_to_string(e.path()).expect("read"))
            .collect();
        assert!(captions.contains(&long), "{preset:?}: captions.txt has the whole caption");
        // In the file: each container holds a trim ending in "…".
        let (files, _) = result_of(&out);
        let mut found = 0;
        for rel in files.keys().filter(|p| p.extension().is_some_and(|x| x == "jpg" || x == "JPG")) {
            let bytes = std::fs::read(out.join(rel)).expect("read");
            let segs = segments(&bytes);
            let iptc = segs.iter().find(|(m, c)| *m == 0xed && c.starts_with(b"Photoshop 3.0\0"));
            let iptc = iptc.expect("IPTC").1;
            let Some(at) = iptc.windows(3).position(|w| w == [0x1c, 2, 120]) else { continue };
            let len = usize::from(u16::from_be_bytes([iptc[at + 3], iptc[at + 4]]));
            let caption = std::str::from_utf8(&iptc[at + 5..at + 5 + len]).expect("UTF-8");
            if caption.len() < 1000 {
                continue; // another photo's
            }
            found += 1;
            assert!(len <= 2000, "IPTC caption {len} bytes");
            assert!(caption.ends_with('…') && long.starts_with(caption.trim_end_matches('…')), "{caption}");
            let exif = String::from_utf8_lossy(exif_of(&bytes).expect("EXIF")).into_owned();
            assert!(exif.contains("l’été n°100 "), "EXIF keeps as much as fits");
            assert!(scan_data(&bytes).len() > 100);
        }
        assert_eq!(found, 1, "{preset:?}: the long caption's photo");
    }
}

/// Found by `fuzz_meta`: from a sound block with one count zeroed (in the
/// corpus's GPS.jpg), the EXIF library wrote back an IFD chain ending in a
/// bad link. What it writes is checked like what it reads.
#[test]
fn unsound_block_written_back_by_the_exif_library_is_rebuilt() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-exif/exiftool/t/images/GPS.jpg");
    let Ok(mut jpeg) = std::fs::read(&path) else {
        eprintln!("SKIPPED: {} is absent", path.display());
        return;
    };
    let start = jpeg.windows(6).position(|w| w == b"Exif\0\0").expect("EXIF") + 6;
    let len = exif_of(&jpeg).expect("EXIF").len();
    let at = start + ((len - 1) as f64 * 0.473_674_106_478_100_8) as usize;
    jpeg[at..at + 2].copy_from_slice(&[0, 0]);
    assert!(meta::tiff_is_sound(exif_of(&jpeg).expect("EXIF")), "the block read is sound");
    let w = meta::write_with(&jpeg, &tags("Le château"), &meta::Camera::default()).expect("written");
    assert!(meta::tiff_is_sound(exif_of(&w.bytes).expect("EXIF")), "what is written is sound");
    assert_eq!(scan_data(&w.bytes), scan_data(&jpeg), "the image data is the camera's");
}
