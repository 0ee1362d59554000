//! The built-in demo mission: a Québec delegation's business trip to Angers
//! and Nantes (Web2Day), June 2017, as six participants' photo dumps.
//!
//! Everything is deterministic: [`demo_photos`] is the ground truth that tests
//! compare Recap's results with, and [`write_demo`] writes the same bytes on
//! every run.

use crate::model::{Format, Gps};
use crate::synth::{self, ExifSpec, Picture, Rng};
use crate::{Error, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Written at the demo's root; a folder holding it may be rewritten.
/// Hidden, so scans ignore it.
pub const MARKER: &str = ".recap-demo";

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 600;

/// Folder names, in the order of [`DEVICES`].
pub const PARTICIPANTS: [&str; 6] = ["Étienne L", "Marie-Ève T", "Jean-François B", "Sophie G", "Benoît R", "Nadia K"];

/// Chapters of the trip.
pub const STAGE_MONTREAL: &str = "Montréal";
pub const STAGE_ROISSY: &str = "Paris/Roissy";
pub const STAGE_ANGERS: &str = "Angers";
pub const STAGE_NANTES: &str = "Nantes";

/// Montréal in June (America/Toronto, EDT).
pub const MONTREAL_OFFSET_S: i32 = -4 * 3600;
/// France in June (Europe/Paris, CEST).
pub const PARIS_OFFSET_S: i32 = 2 * 3600;

/// One participant's camera and what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    /// Stable id for tests: `iphone7`, `galaxy-s7`, `lg-g6`, `pixel`, `eos80d`, `p9`.
    pub id: &'static str,
    pub make: &'static str,
    pub model: &'static str,
    pub serial: Option<&'static str>,
    pub gps: bool,
    pub gps_utc: bool,
    pub offsets: bool,
    /// The clock stays on Montréal time for the whole trip.
    pub clock_on_montreal: bool,
}

/// Indexed like [`PARTICIPANTS`].
pub const DEVICES: [Device; 6] = [
    Device {
        id: "iphone7",
        make: "Apple",
        model: "iPhone 7",
        serial: None,
        gps: true,
        gps_utc: true,
        offsets: true,
        clock_on_montreal: false,
    },
    Device {
        id: "galaxy-s7",
        make: "samsung",
        model: "SM-G930W8",
        serial: None,
        gps: true,
        gps_utc: false,
        offsets: true,
        clock_on_montreal: false,
    },
    Device {
        id: "lg-g6",
        make: "LGE",
        model: "LG-H870",
        serial: None,
        gps: true,
        gps_utc: true,
        offsets: false,
        clock_on_montreal: false,
    },
    Device {
        id: "pixel",
        make: "Google",
        model: "Pixel",
        serial: None,
        gps: false,
        gps_utc: false,
        offsets: true,
        clock_on_montreal: false,
    },
    Device {
        id: "eos80d",
        make: "Canon",
        model: "Canon EOS 80D",
        serial: Some("043021004512"),
        gps: false,
        gps_utc: false,
        offsets: false,
        clock_on_montreal: true,
    },
    Device {
        id: "p9",
        make: "HUAWEI",
        model: "EVA-L09",
        serial: None,
        gps: true,
        gps_utc: false,
        offsets: false,
        clock_on_montreal: false,
    },
];

/// Index of the Canon (its clock is 6 h behind France).
pub const CANON: usize = 4;
/// Index of the participant with the messaging copies and the reset clock.
pub const NADIA: usize = 5;

/// What is unusual about a demo file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Special {
    /// An ordinary photo.
    None,
    /// A messaging-app copy of `original` (another participant's photo): no
    /// EXIF, smaller, recompressed. Its true instant is the original's.
    Stripped { original: PathBuf },
    /// The camera's clock had been reset: DateTimeOriginal 2000-01-01 00:00:12.
    AbsurdDate,
    /// A tiny QuickTime movie (container creation time = true instant).
    Video,
    /// A JPEG cut in the middle of its scan data.
    Truncated,
    /// A text file named `.jpg`.
    NotAnImage,
    /// An empty `.JPG`.
    Empty,
}

impl Special {
    /// Files the scanner must report and skip.
    pub fn is_broken(&self) -> bool {
        matches!(self, Special::Truncated | Special::NotAnImage | Special::Empty)
    }
}

/// Ground truth for one file of the demo.
#[derive(Debug, Clone)]
pub struct DemoPhoto {
    /// Relative to the demo's root: `Étienne L/IMG_4012.JPG`.
    pub rel_path: PathBuf,
    /// The participant folder (first path component).
    pub contributor: &'static str,
    /// [`Device::id`]; `whatsapp` for messaging copies.
    pub device: &'static str,
    /// When it really happened.
    pub taken_utc: DateTime<Utc>,
    /// The true UTC offset where it happened, in seconds.
    pub local_offset_s: i32,
    /// Where it really happened (also for files that carry no GPS).
    pub true_gps: Gps,
    /// Human place label: `Angers`, `Trélazé`, `Nantes`, `Roissy`…
    pub place: &'static str,
    /// Chapter: one of the `STAGE_*` constants.
    pub stage: &'static str,
    /// Short description of the event, for captions and debugging.
    pub event: &'static str,
    pub special: Special,
    /// What the file's EXIF says (empty for stripped, broken and video files).
    pub exif: ExifSpec,
    pub picture: Picture,
}

impl DemoPhoto {
    /// True local wall-clock time where the photo was taken.
    pub fn true_local(&self) -> NaiveDateTime {
        (self.taken_utc + Duration::seconds(i64::from(self.local_offset_s))).naive_utc()
    }

    /// The file's bytes, exactly as [`write_demo`] writes them.
    pub fn bytes(&self) -> Vec<u8> {
        match &self.special {
            Special::None | Special::AbsurdDate => synth::jpeg(&self.picture, &self.exif),
            Special::Stripped { .. } => synth::jpeg_with_quality(&self.picture, &self.exif, 60),
            Special::Video => synth::video(Format::Mov, self.taken_utc, 12),
            Special::Truncated => synth::truncated(&synth::jpeg(&self.picture, &self.exif)),
            Special::NotAnImage => {
                b"Ceci n'est pas une photo. Liste des contacts: voir le courriel de Nadia.\n".to_vec()
            }
            Special::Empty => Vec::new(),
        }
    }
}

/// What [`write_demo`] wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    /// Readable photos (JPEGs, including stripped copies and the reset clock).
    pub photos: usize,
    pub videos: usize,
    /// Files the scanner must skip (truncated, not an image, empty).
    pub broken: usize,
    /// Folder names, one per participant.
    pub participants: Vec<String>,
    /// Every file written (photos + videos + broken).
    pub files: usize,
}

/// A place photos were taken at.
struct Place {
    label: &'static str,
    lat: f64,
    lon: f64,
    alt: f64,
}

const YUL: Place = Place { label: "Montréal", lat: 45.4706, lon: -73.7408, alt: 36.0 };
const CDG: Place = Place { label: "Roissy", lat: 49.0097, lon: 2.5479, alt: 119.0 };
const ANGERS_CENTRE: Place = Place { label: "Angers", lat: 47.4784, lon: -0.5632, alt: 42.0 };
const ANGERS_STATION: Place = Place { label: "Angers", lat: 47.4646, lon: -0.5566, alt: 35.0 };
const CITE_OBJET: Place = Place { label: "Angers", lat: 47.4637, lon: -0.5970, alt: 30.0 };
const WEFORGE: Place = Place { label: "Angers", lat: 47.4700, lon: -0.5530, alt: 45.0 };
const CHATEAU: Place = Place { label: "Angers", lat: 47.4700, lon: -0.5600, alt: 40.0 };
const TRELAZE: Place = Place { label: "Trélazé", lat: 47.4459, lon: -0.4657, alt: 40.0 };
const AVRILLE: Place = Place { label: "Avrillé", lat: 47.5069, lon: -0.5894, alt: 55.0 };
const ST_BARTH: Place = Place { label: "Saint-Barthélemy-d'Anjou", lat: 47.4674, lon: -0.4950, alt: 50.0 };
const NANTES_STATION: Place = Place { label: "Nantes", lat: 47.2173, lon: -1.5420, alt: 10.0 };
const STEREOLUX: Place = Place { label: "Nantes", lat: 47.2058, lon: -1.5640, alt: 8.0 };
const KARAOKE: Place = Place { label: "Nantes", lat: 47.2130, lon: -1.5560, alt: 12.0 };
const REZE: Place = Place { label: "Rezé", lat: 47.1833, lon: -1.5500, alt: 15.0 };
const ST_HERBLAIN: Place = Place { label: "Saint-Herblain", lat: 47.2122, lon: -1.6497, alt: 30.0 };

/// A moment of the trip several participants photographed.
struct Event {
    name: &'static str,
    stage: &'static str,
    place: Place,
    /// Local wall-clock start, in the place's zone.
    start: (u32, u32, u32, u32), // (day of June, hour, minute, second)
    offset_s: i32,
    minutes: i64,
    /// Photos per participant, indexed like [`PARTICIPANTS`].
    shots: [u32; 6],
}

const fn ev(
    name: &'static str,
    stage: &'static str,
    place: Place,
    start: (u32, u32, u32, u32),
    offset_s: i32,
    minutes: i64,
    shots: [u32; 6],
) -> Event {
    Event { name, stage, place, start, offset_s, minutes, shots }
}

const M: i32 = MONTREAL_OFFSET_S;
const P: i32 = PARIS_OFFSET_S;

// The Canon (5th column) shoots the same moments as phones with a known zone,
// so its clock offset can be found by aligning it with the group.
#[rustfmt::skip]
const EVENTS: [Event; 19] = [
    ev("Départ de Montréal-Trudeau", STAGE_MONTREAL, YUL, (3, 18, 40, 0), M, 30, [3, 2, 2, 2, 2, 1]),
    ev("Arrivée à Roissy-CDG", STAGE_ROISSY, CDG, (4, 10, 20, 0), P, 25, [2, 2, 1, 1, 2, 1]),
    ev("Arrivée à Angers", STAGE_ANGERS, ANGERS_STATION, (4, 15, 5, 0), P, 40, [2, 1, 1, 1, 0, 1]),
    ev("Cité de l'objet connecté", STAGE_ANGERS, CITE_OBJET, (5, 9, 30, 0), P, 90, [3, 2, 2, 1, 3, 1]),
    ev("Visite d'entreprise à Trélazé", STAGE_ANGERS, TRELAZE, (5, 14, 0, 0), P, 60, [2, 1, 1, 0, 0, 1]),
    ev("Souper au centre-ville", STAGE_ANGERS, ANGERS_CENTRE, (5, 20, 0, 0), P, 90, [2, 1, 1, 2, 0, 1]),
    ev("WeForge", STAGE_ANGERS, WEFORGE, (6, 9, 30, 0), P, 90, [2, 2, 1, 1, 2, 0]),
    ev("Visite d'entreprise à Avrillé", STAGE_ANGERS, AVRILLE, (6, 14, 30, 0), P, 60, [1, 1, 1, 1, 0, 1]),
    ev("Rencontre à Saint-Barthélemy-d'Anjou", STAGE_ANGERS, ST_BARTH, (7, 10, 0, 0), P, 60, [2, 1, 1, 1, 2, 1]),
    ev("Château d'Angers", STAGE_ANGERS, CHATEAU, (7, 16, 0, 0), P, 60, [2, 1, 1, 2, 0, 1]),
    ev("Arrivée à Nantes", STAGE_NANTES, NANTES_STATION, (8, 10, 30, 0), P, 30, [1, 1, 1, 0, 0, 1]),
    ev("Web2Day, jour 1", STAGE_NANTES, STEREOLUX, (8, 14, 0, 0), P, 180, [3, 2, 2, 2, 3, 1]),
    ev("Web2Day, jour 2", STAGE_NANTES, STEREOLUX, (9, 10, 0, 0), P, 120, [2, 2, 1, 1, 0, 2]),
    ev("Soirée karaoké", STAGE_NANTES, KARAOKE, (9, 22, 30, 0), P, 180, [3, 2, 2, 2, 3, 2]),
    ev("Visite à Rezé", STAGE_NANTES, REZE, (10, 11, 0, 0), P, 60, [1, 1, 1, 1, 0, 1]),
    ev("Quiz web contre les Belges", STAGE_NANTES, STEREOLUX, (10, 15, 0, 0), P, 90, [2, 1, 2, 1, 2, 1]),
    ev("Souper à Saint-Herblain", STAGE_NANTES, ST_HERBLAIN, (10, 19, 30, 0), P, 90, [2, 1, 1, 1, 0, 2]),
    ev("Départ de Roissy-CDG", STAGE_ROISSY, CDG, (11, 14, 0, 0), P, 30, [1, 1, 1, 1, 1, 1]),
    ev("Retour à Montréal-Trudeau", STAGE_MONTREAL, YUL, (11, 17, 40, 0), M, 20, [1, 1, 0, 1, 0, 1]),
];

/// Index of the karaoke night in [`EVENTS`].
const KARAOKE_EVENT: usize = 13;

/// The whole demo, in a stable order (by participant, then file name).
pub fn demo_photos() -> Vec<DemoPhoto> {
    demo_photos_scaled(1)
}

/// The demo with every participant shooting `scale` times as many photos at
/// each event (the same trip, denser): a large mission for measuring the
/// app and the pipeline (`recap demo --scale 65` is about 10,000 photos).
/// The extras (video, broken files, messaging copies) are not multiplied.
pub fn demo_photos_scaled(scale: u32) -> Vec<DemoPhoto> {
    let scale = scale.max(1);
    // A photo before it is named.
    struct Shot {
        who: usize,
        utc: DateTime<Utc>,
        event: usize,
        special: Special,
        seed: u64,
    }
    let mut shots = Vec::new();
    for (e, event) in EVENTS.iter().enumerate() {
        let (day, h, m, s) = event.start;
        let local = date(2017, 6, day).and_hms_opt(h, m, s).expect("valid demo time");
        let start = local - Duration::seconds(i64::from(event.offset_s));
        let start = Utc.from_utc_datetime(&start);
        let moments = i64::from(*event.shots.iter().max().unwrap_or(&1));
        let mut rng = Rng::new(0xD3_70 + e as u64);
        for (who, &n) in event.shots.iter().enumerate() {
            let n = n.saturating_mul(scale);
            for k in 0..i64::from(n) {
                // Spread a participant's shots over the event's moments; others
                // shoot the same moments within a few minutes.
                let moment = k * moments / i64::from(n.max(1));
                let centre = event.minutes * 60 * (2 * moment + 1) / (2 * moments);
                let jitter = i64::from(rng.below(300)) - 150;
                let ms = i64::from(rng.below(1000));
                let utc = start + Duration::seconds(centre + jitter) + Duration::milliseconds(ms);
                let seed = ((e as u64) << 32) | ((who as u64) << 16) | k as u64;
                shots.push(Shot { who, utc, event: e, special: Special::None, seed });
            }
        }
    }
    // The extras: a movie, broken files and the reset clock.
    let extras = [
        (0, at(9, 23, 41, 7), KARAOKE_EVENT, Special::Video),
        (1, at(5, 10, 12, 0), 3, Special::Truncated),
        (2, at(6, 18, 12, 3), 6, Special::NotAnImage),
        (3, at(7, 23, 59, 59), 9, Special::Empty),
    ];
    for (i, (who, utc, event, special)) in extras.into_iter().enumerate() {
        shots.push(Shot { who, utc, event, special, seed: 0xE0_0000 + i as u64 });
    }
    if let Some(s) = shots.iter_mut().find(|s| s.who == NADIA && s.event == 5) {
        s.special = Special::AbsurdDate;
    }
    shots.sort_by_key(|s| (s.who, s.utc));

    let mut photos = Vec::new();
    let mut names: Vec<HashSet<String>> = vec![HashSet::new(); PARTICIPANTS.len()];
    let mut counters = [4012u32, 0, 0, 0, 2208, 0];
    for shot in &shots {
        let event = &EVENTS[shot.event];
        let device = DEVICES[shot.who];
        let clock = if device.clock_on_montreal { M } else { event.offset_s };
        let clock_time = shot.utc.naive_utc() + Duration::seconds(i64::from(clock));
        let mut rng = Rng::new(shot.seed ^ 0x6A09_E667);
        let true_gps = Gps {
            lat: round6(event.place.lat + f64::from(rng.range(-8e-4, 8e-4))),
            lon: round6(event.place.lon + f64::from(rng.range(-8e-4, 8e-4))),
            alt: Some((event.place.alt + f64::from(rng.range(-5.0, 5.0))).round()),
        };
        let reset = date(2000, 1, 1).and_hms_opt(0, 0, 12).expect("valid reset time");
        // Phones name files after their own clock, however wrong.
        let clock_time = if shot.special == Special::AbsurdDate { reset } else { clock_time };
        let ext = if matches!(shot.special, Special::Video) { "MOV" } else { "JPG" };
        let base = match device.id {
            "iphone7" | "eos80d" => {
                counters[shot.who] += 1;
                format!("IMG_{:04}.{ext}", counters[shot.who])
            }
            "galaxy-s7" | "lg-g6" => clock_time.format("%Y%m%d_%H%M%S.jpg").to_string(),
            _ => clock_time.format("IMG_%Y%m%d_%H%M%S.jpg").to_string(),
        };
        // The empty file keeps an upper-case extension: both spellings occur.
        let base = match shot.special {
            Special::Empty => base.replace(".jpg", ".JPG"),
            _ => base,
        };
        let name = unique(&mut names[shot.who], base);
        let offset = device.offsets.then(|| offset_string(clock));
        let mut exif = ExifSpec {
            datetime_original: Some(trunc_s(clock_time)),
            subsec_ms: Some(clock_time.and_utc().timestamp_subsec_millis() as u16),
            offset_time_original: offset.clone(),
            create_date: Some(trunc_s(clock_time)),
            offset_time: offset,
            gps: device.gps.then_some(true_gps),
            gps_utc: device.gps_utc.then(|| trunc_s(shot.utc.naive_utc())),
            orientation: Some(if rng.below(5) == 0 { 6 } else { 1 }),
            make: Some(device.make.to_string()),
            model: Some(device.model.to_string()),
            serial: device.serial.map(str::to_string),
            thumbnail: None,
        };
        match shot.special {
            Special::AbsurdDate => exif.subsec_ms = None,
            Special::Video | Special::NotAnImage | Special::Empty => exif = ExifSpec::default(),
            _ => {}
        }
        photos.push(DemoPhoto {
            rel_path: Path::new(PARTICIPANTS[shot.who]).join(name),
            contributor: PARTICIPANTS[shot.who],
            device: device.id,
            taken_utc: shot.utc,
            local_offset_s: event.offset_s,
            true_gps,
            place: event.place.label,
            stage: event.stage,
            event: event.name,
            special: shot.special.clone(),
            exif,
            picture: Picture::new(WIDTH, HEIGHT, shot.seed),
        });
    }

    // Messaging copies others sent to Nadia during the trip.
    let copied: Vec<usize> = [(0, 11), (1, 13), (3, 13), (2, 15)]
        .iter()
        .filter_map(|&(who, event)| {
            photos.iter().position(|p| {
                p.contributor == PARTICIPANTS[who] && p.event == EVENTS[event].name && p.special == Special::None
            })
        })
        .collect();
    for (n, i) in copied.into_iter().enumerate() {
        let original = photos[i].clone();
        // Received a little later, named by the day it arrived.
        let received = original.true_local() + Duration::minutes(7);
        let name = format!("IMG-{}-WA{:04}.jpg", received.format("%Y%m%d"), n + 3);
        photos.push(DemoPhoto {
            rel_path: Path::new(PARTICIPANTS[NADIA]).join(name),
            contributor: PARTICIPANTS[NADIA],
            device: "whatsapp",
            special: Special::Stripped { original: original.rel_path.clone() },
            exif: ExifSpec::default(),
            // Messaging apps apply the orientation: the copy is upright.
            picture: match original.exif.orientation {
                Some(6 | 8) => Picture::new(HEIGHT / 2, WIDTH / 2, original.picture.seed),
                _ => Picture::new(WIDTH / 2, HEIGHT / 2, original.picture.seed),
            },
            ..original
        });
    }
    photos.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    photos
}

/// Writes the demo mission's participant folders into `dir` (created if
/// needed). Refuses a non-empty folder unless it holds a previous demo.
pub fn write_demo(dir: &Path) -> Result<DemoSummary> {
    write_demo_scaled(dir, 1)
}

/// [`write_demo`] for [`demo_photos_scaled`].
pub fn write_demo_scaled(dir: &Path, scale: u32) -> Result<DemoSummary> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            let empty = entries.next().is_none();
            if !empty && !dir.join(MARKER).is_file() {
                return Err(Error::Invalid(format!("{} is not empty", dir.display())));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::Io { path: dir.to_path_buf(), source: e }),
    }
    for name in PARTICIPANTS {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).map_err(|e| Error::Io { path: folder, source: e })?;
    }
    // Marker first: an interrupted demo can still be rewritten.
    write_atomic(&dir.join(MARKER), b"Recap demo mission: safe to delete or rewrite.\n")?;

    let photos = demo_photos_scaled(scale);
    // Encoding is most of the time; files are independent, so use every core.
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(photo) = photos.get(i) else { break };
                if let Err(e) = write_atomic(&dir.join(&photo.rel_path), &photo.bytes()) {
                    // Stop the others early; the first error is reported.
                    next.store(photos.len(), Ordering::Relaxed);
                    let mut slot = failure.lock().unwrap_or_else(|p| p.into_inner());
                    slot.get_or_insert(e);
                    break;
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(summary(&photos))
}

/// The summary [`write_demo`] returns, without writing anything.
pub fn summary(photos: &[DemoPhoto]) -> DemoSummary {
    let broken = photos.iter().filter(|p| p.special.is_broken()).count();
    let videos = photos.iter().filter(|p| p.special == Special::Video).count();
    DemoSummary {
        photos: photos.len() - broken - videos,
        videos,
        broken,
        participants: PARTICIPANTS.iter().map(|s| s.to_string()).collect(),
        files: photos.len(),
    }
}

/// Writes to a hidden temporary name in the same folder, then renames, so a
/// scan never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.recap-tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| Error::Io { path: tmp.clone(), source: e })?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::Io { path: path.to_path_buf(), source: e }
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

/// A UTC instant from Paris local time on a day of June 2017.
fn at(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    let local = date(2017, 6, day).and_hms_opt(h, m, s).expect("valid demo time");
    FixedOffset::east_opt(P)
        .and_then(|z| z.from_local_datetime(&local).single())
        .expect("fixed offsets are unambiguous")
        .with_timezone(&Utc)
}

fn trunc_s(t: NaiveDateTime) -> NaiveDateTime {
    t - Duration::nanoseconds(i64::from(t.and_utc().timestamp_subsec_nanos()))
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn offset_string(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let m = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Two shots in the same second get `_1`, `_2`… like phones do.
fn unique(taken: &mut HashSet<String>, name: String) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
    (1..).map(|i| format!("{stem}_{i}.{ext}")).find(|n| taken.insert(n.clone())).expect("some suffix is free")
}

/// The demo mission's programme, as the organizers would send it (.ics).
pub const PROGRAMME_ICS: &str = include_str!("../data/demo-programme.ics");

/// File name of the programme that [`write_demo_mission`] writes.
pub const PROGRAMME_FILE: &str = "programme.ics";

/// Writes the demo photos into `photos_dir` and, beside them (never inside),
/// a mission file naming the participants and an agenda file: what an
/// organizer would have after collecting everyone's folders.
pub fn write_demo_mission(photos_dir: &Path, mission_path: &Path) -> Result<crate::mission::Mission> {
    write_demo_mission_scaled(photos_dir, mission_path, 1)
}

/// [`write_demo_mission`] for [`demo_photos_scaled`].
pub fn write_demo_mission_scaled(
    photos_dir: &Path,
    mission_path: &Path,
    scale: u32,
) -> Result<crate::mission::Mission> {
    let summary = write_demo_scaled(photos_dir, scale)?;
    let mut mission = crate::mission::Mission::new("Mission Angers–Nantes 2017 (démo)");
    mission.sources = vec![std::fs::canonicalize(photos_dir).map_err(|e| Error::io(photos_dir, e))?];
    for who in &summary.participants {
        mission.participants.insert(who.clone(), who.clone());
    }
    mission.time.zone = Some("Europe/Paris".into());
    let dir = mission_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let ics = dir.join(PROGRAMME_FILE);
    crate::atomic::write(&ics, PROGRAMME_ICS.as_bytes()).map_err(|e| Error::io(&ics, e))?;
    mission.agenda.file = Some(PathBuf::from(PROGRAMME_FILE));
    mission.save(mission_path)?;
    Ok(mission)
}
