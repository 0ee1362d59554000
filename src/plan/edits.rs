//! What the user corrected in the plan, as the mission file stores it:
//! device clocks, the trip's day and zone, chapter renames, merges, splits,
//! order and moves. Planning owns these words (it is what reads them); the
//! mission only keeps them, so the planner never depends on the file.

use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Separator of the parts of a device key (see [`device_key`]).
pub const DEVICE_KEY_SEPARATOR: &str = " | ";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeSettings {
    /// Local hour at which a trip day starts: a 00:40 karaoke photo belongs
    /// to the evening before. 0–23.
    pub day_start_hour: u8,
    /// The trip's IANA zone ("Europe/Paris"): for photos with no better clue
    /// and for the agenda's floating times. None: planning decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Where the group comes from (IANA, "America/Toronto"): the zone a
    /// camera left on home time is on. None: found from the departure photos.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_zone: Option<String>,
}

impl Default for TimeSettings {
    fn default() -> Self {
        TimeSettings { day_start_hour: 4, zone: None, home_zone: None }
    }
}

impl TimeSettings {
    /// The trip zone, if set and valid (the mission file checks it on load).
    pub fn tz(&self) -> Option<Tz> {
        self.zone.as_deref().and_then(|z| z.parse().ok())
    }
}

/// What the user corrected; consumed by planning (`recap::plan`). Plain
/// data keyed by strings so it survives rescans: chapter ids are the
/// planner's content-derived ids, photo paths are paths as scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Edits {
    /// Device key ([`device_key`]) → the user's verdict on its clock.
    /// Devices not listed are left to detection.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub devices: BTreeMap<String, DeviceOffset>,
    #[serde(skip_serializing_if = "ChapterEdits::is_empty")]
    pub chapters: ChapterEdits,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChapterEdits {
    /// Chapter id → title chosen by the user.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub rename: BTreeMap<String, String>,
    /// Chapter id → the language its rename was typed in (absent: French).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub title_lang: BTreeMap<String, crate::lang::Lang>,
    /// Groups of chapter ids to merge; the merged chapter keeps the first
    /// id (so its rename and place in `order` apply). Unknown ids are ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merge: Vec<Vec<String>>,
    /// Photo paths: the chapter holding each one is split so that a new
    /// chapter starts at that photo.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<String>,
    /// Chapter ids in the user's order. Ids not listed keep their
    /// chronological place after the listed ones; unknown ids are ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// Photo path → chapter id it was moved to.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub moves: BTreeMap<String, String>,
}

impl ChapterEdits {
    pub fn is_empty(&self) -> bool {
        self.rename.is_empty()
            && self.title_lang.is_empty()
            && self.merge.is_empty()
            && self.split.is_empty()
            && self.order.is_empty()
            && self.moves.is_empty()
    }
}

/// The user's verdict on a device's clock. In the file: a whole number of
/// minutes, or `"cleared"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceOffset {
    /// Minutes to add to the device's clock to get the true local time: a
    /// camera on Québec time in France is `360`.
    Minutes(i32),
    /// The clock was right: no correction, and do not detect one.
    Cleared,
}

impl DeviceOffset {
    /// Largest clock correction, either way, in the file, in an edit and in
    /// the plan: two days covers any zone mistake. Front ends take it from
    /// the core.
    pub const MAX_MINUTES: i32 = 48 * 60;
}

impl Serialize for DeviceOffset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DeviceOffset::Minutes(m) => s.serialize_i32(*m),
            DeviceOffset::Cleared => s.serialize_str("cleared"),
        }
    }
}

impl<'de> Deserialize<'de> for DeviceOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DeviceOffset;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an offset in minutes (e.g. 360) or \"cleared\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                if v.unsigned_abs() > u64::from(DeviceOffset::MAX_MINUTES.unsigned_abs()) {
                    return Err(E::custom(format!("offset {v} minutes is more than two days")));
                }
                Ok(DeviceOffset::Minutes(v as i32))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.trim().eq_ignore_ascii_case("cleared") {
                    Ok(DeviceOffset::Cleared)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The key of a device in [`Edits::devices`]: contributor, make, model and
/// serial where known, joined by [`DEVICE_KEY_SEPARATOR`]. Planning must
/// build its keys with this so the user's verdicts find their device.
pub fn device_key(contributor: &str, make: Option<&str>, model: Option<&str>, serial: Option<&str>) -> String {
    let mut parts = vec![contributor.trim()];
    parts.extend([make, model, serial].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()));
    parts.join(DEVICE_KEY_SEPARATOR)
}
