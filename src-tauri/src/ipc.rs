//! Every type that crosses the IPC boundary, in the shape the UI reads
//! (camelCase). Core types are mapped here rather than serialised as-is so the
//! core can evolve without silently changing what the web view receives.

use recap::pipeline::PlanReport;
use recap::plan::{Chapter, ChapterKind, DeviceReport, Moment, OffsetSource, PlaceSource, Plan, PlannedPhoto};
use recap::progress::ProgressEvent;
use recap::scan::{ScanReport, ScanStats};
use recap::{MediaKind, PhotoMeta, Skipped};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// `2017-06-09T22:58:00+02:00`: the wall time the UI shows, with its offset.
/// A macro so the shell needs no chrono of its own.
macro_rules! local_time {
    ($t:expr) => {
        $t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    };
}

/// A failed command, as the UI sees it: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    /// Stable and machine-readable (`recap::Error::code()` or a shell code).
    pub code: String,
    /// For people; English, from the core's Display.
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into() }
    }

    /// A worker thread panicked or was dropped.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::new("internal", message.to_string())
    }
}

impl From<recap::Error> for IpcError {
    fn from(e: recap::Error) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

/// A scan's progress, sent over a `Channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "phase")]
pub enum ProgressWire {
    #[serde(rename_all = "camelCase")]
    Walking { found: u64 },
    #[serde(rename_all = "camelCase")]
    Reading { done: u64, total: u64 },
    #[serde(rename_all = "camelCase")]
    Rendering { done: u64, total: u64 },
    #[serde(rename_all = "camelCase")]
    Done { photos: u64, skipped: u64 },
}

impl From<ProgressEvent> for ProgressWire {
    fn from(e: ProgressEvent) -> Self {
        match e {
            ProgressEvent::Walking { found } => Self::Walking { found },
            ProgressEvent::Reading { done, total } => Self::Reading { done, total },
            ProgressEvent::Rendering { done, total } => Self::Rendering { done, total },
            ProgressEvent::Done { photos, skipped } => Self::Done { photos, skipped },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoWire {
    pub path: String,
    pub file_name: String,
    pub contributor: String,
    /// `2017-06-04T10:32:00`, as the camera wrote it (no zone); the UI formats it.
    pub datetime_original: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub has_gps: bool,
    pub format: String,
    pub kind: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl From<&PhotoMeta> for PhotoWire {
    fn from(p: &PhotoMeta) -> Self {
        Self {
            path: p.path.display().to_string(),
            file_name: file_name(&p.path),
            contributor: p.contributor.clone(),
            datetime_original: p.datetime_original.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            make: p.make.clone(),
            model: p.model.clone(),
            has_gps: p.gps.is_some(),
            format: p.format.name().to_owned(),
            kind: match p.kind {
                MediaKind::Photo => "photo",
                MediaKind::Video => "video",
            }
            .to_owned(),
            width: p.width,
            height: p.height,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedWire {
    pub path: String,
    pub file_name: String,
    /// Relative to the scanned folder that holds it (`Zoé/IMG_0042.jpg`).
    pub rel_path: String,
    /// The core's reason, in English.
    pub reason: String,
    /// Stable code the UI words in the user's language.
    pub code: String,
}

impl SkippedWire {
    fn new(s: &Skipped, roots: &[PathBuf]) -> Self {
        let rel = roots.iter().find_map(|r| s.path.strip_prefix(r).ok()).unwrap_or(&s.path);
        Self {
            path: s.path.display().to_string(),
            file_name: file_name(&s.path),
            rel_path: rel.display().to_string(),
            reason: s.reason.clone(),
            code: s.code.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsWire {
    pub read: u64,
    pub reused: u64,
    pub removed: u64,
}

impl From<&ScanStats> for StatsWire {
    fn from(s: &ScanStats) -> Self {
        Self { read: s.read, reused: s.reused, removed: s.removed }
    }
}

/// A finished scan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanWire {
    pub roots: Vec<String>,
    pub photos: Vec<PhotoWire>,
    pub videos: Vec<PhotoWire>,
    pub skipped: Vec<SkippedWire>,
    /// Distinct contributors among photos and videos, sorted.
    pub participants: Vec<String>,
    pub stats: StatsWire,
}

impl ScanWire {
    pub fn new(roots: &[PathBuf], r: &ScanReport) -> Self {
        let participants: BTreeSet<&str> = r.photos.iter().chain(&r.videos).map(|p| p.contributor.as_str()).collect();
        Self {
            roots: roots.iter().map(|p| p.display().to_string()).collect(),
            photos: r.photos.iter().map(PhotoWire::from).collect(),
            videos: r.videos.iter().map(PhotoWire::from).collect(),
            skipped: r.skipped.iter().map(|s| SkippedWire::new(s, roots)).collect(),
            participants: participants.into_iter().map(str::to_owned).collect(),
            stats: StatsWire::from(&r.stats),
        }
    }
}

/// A scanned and planned trip: what `scan_folders` and `open_demo` return.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TripWire {
    /// The mission's name ("Mission" for folders opened without a mission file).
    pub mission: String,
    pub scan: ScanWire,
    pub plan: PlanWire,
}

impl TripWire {
    pub fn new(mission: &str, roots: &[PathBuf], r: &PlanReport) -> Self {
        Self {
            mission: mission.to_owned(),
            scan: ScanWire::new(roots, &r.scan),
            plan: PlanWire::new(&r.plan, &r.agenda_warnings),
        }
    }
}

/// The trip as Recap plans it: chapters → days → moments → photos.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanWire {
    pub chapters: Vec<ChapterWire>,
    pub devices: Vec<DeviceWire>,
    pub unplaced: Vec<UnplacedWire>,
    /// Problems in the agenda that did not stop it from loading (English).
    pub agenda_warnings: Vec<String>,
    /// IANA name of the trip's zone.
    pub trip_zone: String,
}

impl PlanWire {
    pub fn new(p: &Plan, agenda_warnings: &[String]) -> Self {
        Self {
            chapters: p.chapters.iter().map(ChapterWire::from).collect(),
            devices: p.devices.iter().map(DeviceWire::from).collect(),
            unplaced: p
                .unplaced
                .iter()
                .map(|u| UnplacedWire {
                    path: u.path.display().to_string(),
                    file_name: file_name(&u.path),
                    reason: u.reason.clone(),
                })
                .collect(),
            agenda_warnings: agenda_warnings.to_vec(),
            trip_zone: p.trip_zone.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterWire {
    pub id: String,
    pub title: String,
    /// `stage` (a city where the group stayed) or `travel`.
    pub kind: String,
    pub place: Option<String>,
    /// `2017-06-04`.
    pub start: String,
    pub end: String,
    pub photos: usize,
    pub days: Vec<DayWire>,
}

impl From<&Chapter> for ChapterWire {
    fn from(c: &Chapter) -> Self {
        let days: Vec<DayWire> = c
            .days
            .iter()
            .map(|d| {
                let moments: Vec<MomentWire> = d.moments.iter().map(MomentWire::from).collect();
                DayWire { date: d.date.to_string(), photos: moments.iter().map(|m| m.photos.len()).sum(), moments }
            })
            .collect();
        Self {
            id: c.id.clone(),
            title: c.title.clone(),
            kind: match c.kind {
                ChapterKind::Stage => "stage",
                ChapterKind::Travel => "travel",
            }
            .to_owned(),
            place: c.place.as_ref().map(|p| p.name.clone()),
            start: c.start.to_string(),
            end: c.end.to_string(),
            photos: days.iter().map(|d| d.photos).sum(),
            days,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayWire {
    /// The trip day (`2017-06-09`); photos after midnight may belong to the day before.
    pub date: String,
    pub photos: usize,
    pub moments: Vec<MomentWire>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MomentWire {
    /// The agenda event's name, when one matches.
    pub title: Option<String>,
    /// Local times with their offset: `2017-06-09T22:58:00+02:00`.
    pub start: String,
    pub end: String,
    /// The place most of its photos are in.
    pub place: Option<String>,
    pub photos: Vec<PlannedPhotoWire>,
}

impl From<&Moment> for MomentWire {
    fn from(m: &Moment) -> Self {
        // The most common place name; ties go to the first seen.
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, p) in m.photos.iter().enumerate() {
            if let Some(name) = p.place.name.as_deref() {
                counts.entry(name).or_insert((0, i)).0 += 1;
            }
        }
        let place = counts
            .into_iter()
            .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
            .map(|(name, _)| name.to_owned());
        Self {
            title: m.title.clone(),
            start: local_time!(m.start),
            end: local_time!(m.end),
            place,
            photos: m.photos.iter().map(PlannedPhotoWire::from).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedPhotoWire {
    pub path: String,
    pub file_name: String,
    /// In the zone of its place: `2017-06-10T00:12:00+02:00`.
    pub local_time: String,
    pub place_name: Option<String>,
    /// `gps`, `estimated` (from the group's photos), `agenda` or `none`.
    pub place_source: String,
    pub contributor: String,
    /// URL of its grid thumbnail (the `thumb:` scheme), and of the EXIF
    /// thumbnail shown while that one is made.
    pub thumb: Option<String>,
    pub placeholder: Option<String>,
}

impl From<&PlannedPhoto> for PlannedPhotoWire {
    fn from(p: &PlannedPhoto) -> Self {
        Self {
            path: p.path.display().to_string(),
            file_name: file_name(&p.path),
            local_time: local_time!(p.local_time),
            place_name: p.place.name.clone(),
            place_source: match p.place.source {
                PlaceSource::Gps => "gps",
                PlaceSource::Estimated => "estimated",
                PlaceSource::Agenda => "agenda",
                PlaceSource::None => "none",
            }
            .to_owned(),
            contributor: p.contributor.clone(),
            thumb: None,
            placeholder: None,
        }
    }
}

/// Where the web view fetches thumbnails: the `thumb` URI scheme, under the
/// name each platform's web view gives custom schemes.
pub fn thumb_base() -> &'static str {
    if cfg!(any(windows, target_os = "android")) {
        "http://thumb.localhost/"
    } else {
        "thumb://localhost/"
    }
}

impl TripWire {
    /// Fills in every planned photo's thumbnail URLs: `id(path)` gives the
    /// photo's number in the table the `thumb` scheme serves from, and
    /// `generation` changes with each table, so the web view never shows an
    /// image cached from another trip.
    pub fn with_thumbs(mut self, generation: u64, id: impl Fn(&str) -> Option<usize>) -> Self {
        for c in &mut self.plan.chapters {
            for d in &mut c.days {
                for m in &mut d.moments {
                    for p in &mut m.photos {
                        if let Some(i) = id(&p.path) {
                            p.thumb = Some(format!("{}{generation}/{i}", thumb_base()));
                            p.placeholder = Some(format!("{}{generation}/{i}/placeholder", thumb_base()));
                        }
                    }
                }
            }
        }
        self
    }
}

/// A camera's clock, as the plan reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceWire {
    pub key: String,
    pub contributor: String,
    pub make: Option<String>,
    pub model: Option<String>,
    /// Minutes added to the automatic times (+360: a camera left on Québec time).
    pub offset_minutes: i32,
    /// `exif-offset`, `gps-time`, `aligned`, `mission` or `none`.
    pub source: String,
    /// 0 to 1.
    pub confidence: f64,
    /// Photos supporting the offset.
    pub photos: usize,
    pub total_photos: usize,
    /// How its times were read when no offset was learned (English).
    pub note: Option<String>,
}

impl From<&DeviceReport> for DeviceWire {
    fn from(d: &DeviceReport) -> Self {
        Self {
            key: d.key.clone(),
            contributor: d.contributor.clone(),
            make: d.make.clone(),
            model: d.model.clone(),
            offset_minutes: d.offset_minutes,
            source: match d.source {
                OffsetSource::ExifOffset => "exif-offset",
                OffsetSource::GpsTime => "gps-time",
                OffsetSource::Aligned => "aligned",
                OffsetSource::Mission => "mission",
                OffsetSource::None => "none",
            }
            .to_owned(),
            confidence: d.confidence,
            photos: d.photos,
            total_photos: d.total_photos,
            note: d.note.clone(),
        }
    }
}

/// A photo the plan set apart (no date, absurd date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnplacedWire {
    pub path: String,
    pub file_name: String,
    /// The core's reason, in English.
    pub reason: String,
}

/// How the app was launched (`--demo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchWire {
    pub demo: bool,
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_is_code_and_message() {
        let e = IpcError::from(recap::Error::NoSuchFolder("/nope".into()));
        assert_eq!(
            serde_json::to_value(&e).ok(),
            Some(json!({ "code": "no_such_folder", "message": "/nope: no such folder" }))
        );
        let e = IpcError::from(recap::Error::Cancelled);
        assert_eq!(serde_json::to_value(&e).ok(), Some(json!({ "code": "cancelled", "message": "cancelled" })));
    }

    #[test]
    fn progress_is_tagged_by_phase() {
        let v = serde_json::to_value(ProgressWire::from(ProgressEvent::Reading { done: 3, total: 9 })).ok();
        assert_eq!(v, Some(json!({ "phase": "reading", "done": 3, "total": 9 })));
    }

    #[test]
    fn scan_is_camel_case_with_participants() {
        // Built through the core's own serde so the shell needs no chrono.
        let photo = |path: &str, who: &str| -> PhotoMeta {
            serde_json::from_value(json!({
                "path": path, "format": "jpeg", "kind": "photo", "contributor": who,
                "datetime_original": "2017-06-04T10:32:00", "subsec_ms": null,
                "datetime_source": "date_time_original", "offset_time_original": "+02:00",
                "offset_source": null, "gps": { "lat": 47.47, "lon": -0.55 }, "gps_utc": null,
                "orientation": 1, "make": "Apple", "model": "iPhone 7", "serial": null,
                "width": 4032, "height": 3024, "file_size": 1, "mtime_ns": 0
            }))
            .expect("valid PhotoMeta")
        };
        let report = ScanReport {
            photos: vec![photo("/m/Zoé/a.jpg", "Zoé"), photo("/m/Alex/b.jpg", "Alex"), photo("/m/Zoé/c.jpg", "Zoé")],
            skipped: vec![Skipped::new("/m/Alex/bad.jpg".into(), "truncated JPEG (no image data)".into())],
            ..ScanReport::default()
        };
        let v = serde_json::to_value(ScanWire::new(&["/m".into()], &report)).unwrap_or_default();
        assert_eq!(v["participants"], json!(["Alex", "Zoé"]));
        assert_eq!(v["photos"][0]["fileName"], json!("a.jpg"));
        assert_eq!(v["photos"][0]["hasGps"], json!(true));
        assert_eq!(v["photos"][0]["datetimeOriginal"], json!("2017-06-04T10:32:00"));
        assert_eq!(
            v["skipped"][0],
            json!({ "path": "/m/Alex/bad.jpg", "fileName": "bad.jpg", "relPath": "Alex/bad.jpg", "reason": "truncated JPEG (no image data)", "code": "truncated" })
        );
        assert_eq!(v["stats"], json!({ "read": 0, "reused": 0, "removed": 0 }));
    }

    #[test]
    fn plan_is_camel_case_chapters_days_moments() {
        let photo = |path: &str, who: &str, time: &str, gps: serde_json::Value| -> PhotoMeta {
            serde_json::from_value(json!({
                "path": path, "format": "jpeg", "kind": "photo", "contributor": who,
                "datetime_original": time, "subsec_ms": null,
                "datetime_source": "date_time_original", "offset_time_original": "+02:00",
                "offset_source": null, "gps": gps, "gps_utc": null,
                "orientation": 1, "make": "Apple", "model": "iPhone 7", "serial": null,
                "width": 4032, "height": 3024, "file_size": 1, "mtime_ns": 0
            }))
            .expect("valid PhotoMeta")
        };
        let angers = json!({ "lat": 47.4736, "lon": -0.5542 });
        let photos = vec![
            photo("/m/Zoé/a.jpg", "Zoé", "2017-06-05T10:32:00", angers.clone()),
            photo("/m/Alex/b.jpg", "Alex", "2017-06-05T10:40:00", json!(null)),
            photo("/m/Zoé/c.jpg", "Zoé", "2017-06-06T01:15:00", angers),
        ];
        let mut undated = photo("/m/Alex/d.jpg", "Alex", "2017-06-05T10:00:00", json!(null));
        undated.datetime_original = None;
        let mut all = photos;
        all.push(undated);
        let plan = recap::plan::plan(&all, &recap::plan::PlanSettings::default(), &recap::plan::Edits::default());
        let v = serde_json::to_value(PlanWire::new(&plan, &["bad line".to_owned()])).unwrap_or_default();

        let chapter = &v["chapters"][0];
        assert_eq!(chapter["title"], json!("Angers"));
        assert_eq!(chapter["kind"], json!("stage"));
        assert_eq!(chapter["photos"], json!(3));
        // 01:15 belongs to the day before (days roll over at 4 h).
        assert_eq!(chapter["days"][0]["date"], json!("2017-06-05"));
        assert_eq!(chapter["days"][0]["photos"], json!(3));
        let first = &chapter["days"][0]["moments"][0];
        assert_eq!(first["start"], json!("2017-06-05T10:32:00+02:00"));
        assert_eq!(first["place"], json!("Angers"));
        let p = &first["photos"][0];
        assert_eq!(p["fileName"], json!("a.jpg"));
        assert_eq!(p["localTime"], json!("2017-06-05T10:32:00+02:00"));
        assert_eq!(p["placeName"], json!("Angers"));
        assert_eq!(p["placeSource"], json!("gps"));
        assert_eq!(first["photos"][1]["placeSource"], json!("estimated"));

        assert_eq!(v["devices"][0]["source"], json!("exif-offset"));
        assert_eq!(v["devices"][0]["offsetMinutes"], json!(0));
        assert_eq!(v["unplaced"][0]["fileName"], json!("d.jpg"));
        assert_eq!(v["agendaWarnings"], json!(["bad line"]));
    }
}
