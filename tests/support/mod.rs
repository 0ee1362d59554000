//! Fixture builder shared by the integration tests (`mod support;`) and
//! the benches (`#[path]`): real JPEG files with chosen EXIF in a temporary
//! folder, the test-only generators of [`scenes`], and [`crowd`].
#![allow(dead_code)]

pub mod phone;
pub mod scenes;
pub mod trips;

use chrono::NaiveDateTime;
use recap::synth::{self, ExifSpec, Picture};
use recap::Gps;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A temporary photo folder, deleted when dropped.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture { dir: tempfile::tempdir().expect("create a temporary folder") }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Absolute path of `rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// A real 64×48 JPEG whose drawing is seeded from its path.
    pub fn photo(&self, rel: &str, exif: ExifSpec) -> &Self {
        let picture = Picture { seed: seed_of(rel), ..Picture::default() };
        self.picture(rel, picture, exif)
    }

    pub fn picture(&self, rel: &str, picture: Picture, exif: ExifSpec) -> &Self {
        self.file(rel, synth::jpeg(&picture, &exif))
    }

    /// Any bytes, creating parent folders.
    pub fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture folder");
        }
        std::fs::write(&path, bytes).expect("write fixture file");
        self
    }

    /// A JPEG with a date, cut in the middle of its scan data.
    pub fn truncated_jpeg(&self, rel: &str) -> &Self {
        let exif = ExifSpec { datetime_original: Some(dt("2017-06-04 10:32:00")), ..ExifSpec::default() };
        let picture = Picture { seed: seed_of(rel), ..Picture::default() };
        self.file(rel, synth::truncated(&synth::jpeg(&picture, &exif)))
    }

    /// Hashes of every file under the fixture's root.
    pub fn hashes(&self) -> BTreeMap<PathBuf, [u8; 32]> {
        hash_tree(self.root())
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

/// SHA-256 of every file under `root`, keyed by path relative to `root`:
/// compare before and after to prove sources were left untouched.
pub fn hash_tree(root: &Path) -> BTreeMap<PathBuf, [u8; 32]> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read fixture folder") {
            let path = entry.expect("read fixture entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read fixture file");
                let rel = path.strip_prefix(root).expect("under root").to_path_buf();
                out.insert(rel, Sha256::digest(&bytes).into());
            }
        }
    }
    out
}

/// A stable seed for a path (FNV-1a), so each fixture photo looks different.
pub fn seed_of(rel: &str) -> u64 {
    rel.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// `dt("2017-06-04 10:32:00")`, also accepting `T` and fractional seconds.
pub fn dt(s: &str) -> NaiveDateTime {
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y:%m:%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .unwrap_or_else(|| panic!("bad test date {s:?}"))
}

pub fn gps(lat: f64, lon: f64) -> Gps {
    Gps { lat, lon, alt: None }
}

/// An iPhone-like photo: date, offset, GPS with its UTC time.
pub fn iphone(local: &str, offset: &str, lat: f64, lon: f64) -> ExifSpec {
    let t = dt(local);
    let secs = parse_offset(offset);
    ExifSpec {
        datetime_original: Some(t),
        offset_time_original: Some(offset.to_string()),
        create_date: Some(t),
        offset_time: Some(offset.to_string()),
        gps: Some(gps(lat, lon)),
        gps_utc: Some(t - chrono::Duration::seconds(secs)),
        make: Some("Apple".into()),
        model: Some("iPhone 7".into()),
        ..ExifSpec::default()
    }
}

/// A camera that writes only its local wall-clock time.
pub fn camera(local: &str) -> ExifSpec {
    ExifSpec {
        datetime_original: Some(dt(local)),
        make: Some("Canon".into()),
        model: Some("Canon EOS 80D".into()),
        serial: Some("043021004512".into()),
        ..ExifSpec::default()
    }
}

/// `+02:00` → 7200.
pub fn parse_offset(s: &str) -> i64 {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let (h, m) = s[1..].split_once(':').unwrap_or((&s[1..], "0"));
    sign * (h.parse::<i64>().expect("offset hours") * 3600 + m.parse::<i64>().expect("offset minutes") * 60)
}

/// Metadata of a large synthetic mission, as a scan would describe it:
/// `devices` devices shooting the same moments around Angers, Nantes and the
/// airports; per five devices, two phones with offset and GPS, one with GPS
/// time but no offset, one with an offset but no GPS, and one camera whose
/// clock is on Québec time (6 h behind). For planning tests and benchmarks.
pub fn crowd(photos: u32, devices: u32) -> Vec<recap::PhotoMeta> {
    use chrono::Duration;
    use recap::model::{DateSource, Format, MediaKind, PhotoMeta};
    const CITIES: [(f64, f64); 7] = [
        (47.4784, -0.5632),
        (47.4459, -0.4657),
        (47.2173, -1.5420),
        (47.1833, -1.5500),
        (47.5069, -0.5894),
        (49.0097, 2.5479),
        (45.4706, -73.7408),
    ];
    let devices = devices.max(1);
    let start = chrono::NaiveDate::from_ymd_opt(2017, 6, 3).and_then(|d| d.and_hms_opt(18, 0, 0)).unwrap_or_default();
    (0..photos)
        .map(|i| {
            let dev = i % devices;
            let t = start + Duration::seconds(i64::from(i / devices) * 40 + i64::from((i * 7919) % 120));
            let city = CITIES[((i / devices) as usize * 7 / 667) % CITIES.len()];
            // Up to 4 km around the centre, nearly every photo in its own 100 m cell.
            let (dlat, dlon) = (f64::from((i * 7919) % 1000) * 3.6e-5, f64::from((i * 104_729) % 1000) * 5.2e-5);
            let (offset, gps, clock) = match dev % 5 {
                0 | 1 => (Some("+02:00"), Some((city.0 + dlat - 0.018, city.1 + dlon - 0.026)), 0),
                2 => (None, Some((city.0 - dlat + 0.018, city.1 - dlon + 0.026)), 0),
                3 => (Some("+02:00"), None, 0),
                _ => (None, None, -360),
            };
            PhotoMeta {
                path: std::path::PathBuf::from(format!("/crowd/P{dev}/{i}.jpg")),
                format: Format::Jpeg,
                kind: MediaKind::Photo,
                contributor: format!("P{dev}"),
                datetime_original: Some(t + Duration::minutes(clock)),
                subsec_ms: None,
                datetime_source: Some(DateSource::DateTimeOriginal),
                offset_time_original: offset.map(str::to_string),
                offset_source: offset.map(|_| "offset_time_original".to_string()),
                gps: gps.map(|(lat, lon)| Gps { lat, lon, alt: None }),
                gps_utc: (dev % 5 == 2).then(|| t - Duration::hours(2)),
                orientation: None,
                make: Some("Apple".into()),
                model: Some(format!("iPhone of P{dev}")),
                serial: None,
                width: None,
                height: None,
                file_size: 1,
                mtime_ns: 0,
                warnings: Vec::new(),
            }
        })
        .collect()
}

/// The built-in demo mission written into a temporary folder (`photos/`,
/// `mission.toml`, and a `cache/` beside them): what the export, story and
/// story-export tests start from. A test file adds its own steps in an
/// `impl support::Demo` block of its own.
pub struct Demo {
    pub dir: tempfile::TempDir,
    pub mission: recap::mission::Mission,
}

impl Demo {
    pub fn new() -> Demo {
        let dir = tempfile::tempdir().expect("temp dir");
        let mission = recap::demo::write_demo_mission(&dir.path().join("photos"), &dir.path().join("mission.toml"))
            .expect("write the demo");
        Demo { dir, mission }
    }
    pub fn photos(&self) -> PathBuf {
        self.dir.path().join("photos")
    }
    pub fn mission_path(&self) -> PathBuf {
        self.dir.path().join("mission.toml")
    }
    pub fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }
    /// A path in the temporary folder, beside the photos (an export's output).
    pub fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// The demo planned with `mission` (the demo's own or a changed copy).
    pub fn plan_with(&self, mission: &recap::mission::Mission) -> recap::pipeline::PlanReport {
        let cancel = recap::Cancel::new();
        recap::pipeline::plan_folders(
            &[],
            &self.cache(),
            mission,
            Some(&self.mission_path()),
            &recap::progress::silent,
            &cancel,
        )
        .expect("plan the demo")
    }
    pub fn plan(&self) -> recap::pipeline::PlanReport {
        self.plan_with(&self.mission)
    }
}
