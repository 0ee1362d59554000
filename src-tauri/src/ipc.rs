//! Every type that crosses the IPC boundary, in the shape the UI reads
//! (camelCase). Core types are mapped here rather than serialised as-is so the
//! core can evolve without silently changing what the web view receives.

use recap::progress::ProgressEvent;
use recap::scan::{ScanReport, ScanStats};
use recap::{MediaKind, PhotoMeta, Skipped};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

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
    Done { photos: u64, skipped: u64 },
}

impl From<ProgressEvent> for ProgressWire {
    fn from(e: ProgressEvent) -> Self {
        match e {
            ProgressEvent::Walking { found } => Self::Walking { found },
            ProgressEvent::Reading { done, total } => Self::Reading { done, total },
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
            datetime_original: p
                .datetime_original
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
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
}

impl SkippedWire {
    fn new(s: &Skipped, roots: &[PathBuf]) -> Self {
        let rel = roots.iter().find_map(|r| s.path.strip_prefix(r).ok()).unwrap_or(&s.path);
        Self {
            path: s.path.display().to_string(),
            file_name: file_name(&s.path),
            rel_path: rel.display().to_string(),
            reason: s.reason.clone(),
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
        let participants: BTreeSet<&str> =
            r.photos.iter().chain(&r.videos).map(|p| p.contributor.as_str()).collect();
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
            skipped: vec![Skipped { path: "/m/Alex/bad.jpg".into(), reason: "truncated".into() }],
            ..ScanReport::default()
        };
        let v = serde_json::to_value(ScanWire::new(&["/m".into()], &report)).unwrap_or_default();
        assert_eq!(v["participants"], json!(["Alex", "Zoé"]));
        assert_eq!(v["photos"][0]["fileName"], json!("a.jpg"));
        assert_eq!(v["photos"][0]["hasGps"], json!(true));
        assert_eq!(v["photos"][0]["datetimeOriginal"], json!("2017-06-04T10:32:00"));
        assert_eq!(v["skipped"][0], json!({ "path": "/m/Alex/bad.jpg", "fileName": "bad.jpg", "relPath": "Alex/bad.jpg", "reason": "truncated" }));
        assert_eq!(v["stats"], json!({ "read": 0, "reused": 0, "removed": 0 }));
    }
}
