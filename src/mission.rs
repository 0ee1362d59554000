//! The mission file: everything the user decided about one trip, in a TOML
//! file they keep where they like (never inside the photo folders).
//!
//! ```toml
//! schema = 1
//! name = "Mission Québec–Pays de la Loire 2017"
//! sources = ["/photos/Étienne L", "/photos/Chloé"]
//!
//! [participants]
//! "Étienne L" = "Étienne Lavoie"
//!
//! [time]
//! day_start_hour = 4
//! zone = "Europe/Paris"
//!
//! [devices]
//! "Étienne L | Canon | Canon EOS 70D | 0123" = 360
//! "Chloé | Apple | iPhone 6" = "cleared"
//!
//! [chapters]
//! order = ["c-nantes", "c-angers"]
//! merge = [["c-angers", "c-trelaze"]]
//! split = ["/photos/Chloé/IMG_0042.JPG"]
//! [chapters.rename]
//! c-angers = "Angers, la ville du végétal"
//! [chapters.moves]
//! "/photos/Chloé/IMG_0050.JPG" = "c-nantes"
//!
//! [templates]
//! fr = "{moment}, {place}, {date}"
//! [intros.c-angers]
//! fr = "Trois jours à Angers."
//!
//! [agenda]
//! file = "programme.ics"
//! [[agenda.events]]
//! summary = "Quiz web contre les Belges"
//! start = "2017-06-10T11:00"
//! end = "2017-06-10T12:30"
//!
//! [picks]
//! "/photos/Chloé/IMG_0042.JPG" = "pick"
//! "/photos/Chloé/IMG_0043.JPG" = 4
//! "/photos/Chloé/IMG_0044.JPG" = { state = "pick", stars = 5, best = true }
//! ```
//!
//! Every field has a default, so files written by older versions load. The
//! file carries `schema`: a file from a newer Recap is refused and never
//! written over. Saves are atomic and keep the previous good file as
//! `<file>.bak`.

use std::collections::BTreeMap;
use std::fmt;

use std::path::{Component, Path, PathBuf};

use chrono_tz::Tz;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The newest schema this version reads and the one it writes.
pub const SCHEMA: u32 = 1;

/// Separator of the parts of a device key (see [`device_key`]).
pub const DEVICE_KEY_SEPARATOR: &str = " | ";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "MissionFile", into = "MissionFile")]
pub struct Mission {
    pub schema: u32,
    pub name: String,
    /// Photo folders. Relative ones are relative to the mission file's
    /// folder; see [`Mission::resolved_sources`].
    pub sources: Vec<PathBuf>,
    /// Contributor (source folder name, or contributor key) → display name,
    /// e.g. "Étienne L" → "Étienne Lavoie".
    pub participants: BTreeMap<String, String>,
    pub time: TimeSettings,
    /// Device offsets and chapter edits: `[devices]` and `[chapters]` at
    /// the top level of the file.
    pub edits: Edits,
    pub agenda: AgendaSource,
    /// Photo path → caption. Placeholder for the captions issue.
    pub captions: BTreeMap<String, String>,
    /// Photo path → the user's choices about it: pick or reject, stars,
    /// best shot of its group, split off its group ([`Pick`]).
    pub picks: BTreeMap<String, Pick>,
    /// Caption templates the user chose, per language (see
    /// [`crate::caption::Template`]); a language not set uses the default.
    pub templates: Localized,
    /// Chapter id → the introduction the user wrote, per language; a
    /// language not set is generated ([`crate::caption::chapter_intro`]).
    pub intros: BTreeMap<String, Localized>,
}

impl Default for Mission {
    fn default() -> Self {
        Mission {
            schema: SCHEMA,
            name: String::new(),
            sources: Vec::new(),
            participants: BTreeMap::new(),
            time: TimeSettings::default(),
            edits: Edits::default(),
            agenda: AgendaSource::default(),
            captions: BTreeMap::new(),
            picks: BTreeMap::new(),
            templates: Localized::default(),
            intros: BTreeMap::new(),
        }
    }
}

/// The file's layout: [`Mission`] with its edits at the top level. Not
/// `#[serde(flatten)]`, which loses the line numbers of errors.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
struct MissionFile {
    schema: u32,
    name: String,
    sources: Vec<PathBuf>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    participants: BTreeMap<String, String>,
    time: TimeSettings,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    devices: BTreeMap<String, DeviceOffset>,
    #[serde(skip_serializing_if = "ChapterEdits::is_empty")]
    chapters: ChapterEdits,
    #[serde(skip_serializing_if = "AgendaSource::is_empty")]
    agenda: AgendaSource,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    captions: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    picks: BTreeMap<String, Pick>,
    #[serde(skip_serializing_if = "Localized::is_empty")]
    templates: Localized,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    intros: BTreeMap<String, Localized>,
}

impl Default for MissionFile {
    fn default() -> Self {
        Mission::default().into()
    }
}

impl From<Mission> for MissionFile {
    fn from(m: Mission) -> Self {
        MissionFile {
            schema: m.schema,
            name: m.name,
            sources: m.sources,
            participants: m.participants,
            time: m.time,
            devices: m.edits.devices,
            chapters: m.edits.chapters,
            agenda: m.agenda,
            captions: m.captions,
            picks: m.picks,
            templates: m.templates,
            intros: m.intros,
        }
    }
}

impl From<MissionFile> for Mission {
    fn from(f: MissionFile) -> Self {
        Mission {
            schema: f.schema,
            name: f.name,
            sources: f.sources,
            participants: f.participants,
            time: f.time,
            edits: Edits { devices: f.devices, chapters: f.chapters },
            agenda: f.agenda,
            captions: f.captions,
            picks: f.picks,
            templates: f.templates,
            intros: f.intros,
        }
    }
}

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
}

impl Default for TimeSettings {
    fn default() -> Self {
        TimeSettings { day_start_hour: 4, zone: None }
    }
}

impl TimeSettings {
    /// The trip zone, if set and valid (validated by [`Mission::load`]).
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

/// Largest offset accepted from the file: two days covers any zone mistake.
const MAX_OFFSET_MINUTES: i64 = 48 * 60;

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
                if v.abs() > MAX_OFFSET_MINUTES {
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

/// A text the user wrote in each language (`fr = "…"`, `en = "…"`); a
/// language left out falls back to what Recap generates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Localized {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    pub fn is_empty(&self) -> bool {
        self.fr.is_none() && self.en.is_none()
    }

    pub fn get(&self, lang: crate::caption::Lang) -> Option<&str> {
        match lang {
            crate::caption::Lang::Fr => self.fr.as_deref(),
            crate::caption::Lang::En => self.en.as_deref(),
        }
    }

    pub fn set(&mut self, lang: crate::caption::Lang, text: Option<String>) {
        match lang {
            crate::caption::Lang::Fr => self.fr = text,
            crate::caption::Lang::En => self.en = text,
        }
    }
}

/// The user's choices about one photo: pick or reject, stars, and the two
/// curation corrections (this is the best shot of its group; this photo was
/// wrongly grouped). Keyed by the photo's path in [`Mission::picks`], so they
/// survive rescans.
///
/// In the file, the short forms older versions wrote stay: `"pick"`,
/// `"reject"` or stars `1`–`5`; anything more is an inline table,
/// `{ state = "pick", stars = 4, best = true, alone = true }`. Build values
/// with [`Pick::from_choice`] (or the setters on [`Mission`]) so that equal
/// choices are equal values: the short forms whenever they can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Pick,
    Reject,
    Stars(u8),
    /// What the short forms cannot say.
    Detailed(Choice),
}

/// Picked or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PickState {
    Pick,
    Reject,
}

impl PickState {
    pub fn name(self) -> &'static str {
        match self {
            PickState::Pick => "pick",
            PickState::Reject => "reject",
        }
    }
}

/// Everything [`Pick`] can hold, as plain fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Choice {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<PickState>,
    /// 0 (none) to 5.
    #[serde(skip_serializing_if = "is_zero")]
    pub stars: u8,
    /// The user chose this photo as the best shot of its group.
    #[serde(skip_serializing_if = "is_false")]
    pub best: bool,
    /// The user split this photo off a wrong near-duplicate or burst match:
    /// it is grouped with nothing but its byte-identical copies.
    #[serde(skip_serializing_if = "is_false")]
    pub alone: bool,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Choice {
    pub fn is_empty(&self) -> bool {
        *self == Choice::default()
    }
}

impl Pick {
    /// The simplest value saying `c`; `None` when it says nothing (remove
    /// the entry).
    pub fn from_choice(c: Choice) -> Option<Pick> {
        let c = Choice { stars: c.stars.min(5), ..c };
        match c {
            c if c.is_empty() => None,
            Choice { state: Some(PickState::Pick), stars: 0, best: false, alone: false } => Some(Pick::Pick),
            Choice { state: Some(PickState::Reject), stars: 0, best: false, alone: false } => Some(Pick::Reject),
            Choice { state: None, stars: s @ 1..=5, best: false, alone: false } => Some(Pick::Stars(s)),
            c => Some(Pick::Detailed(c)),
        }
    }

    pub fn choice(&self) -> Choice {
        match *self {
            Pick::Pick => Choice { state: Some(PickState::Pick), ..Choice::default() },
            Pick::Reject => Choice { state: Some(PickState::Reject), ..Choice::default() },
            Pick::Stars(n) => Choice { stars: n.min(5), ..Choice::default() },
            Pick::Detailed(c) => c,
        }
    }

    pub fn state(&self) -> Option<PickState> {
        self.choice().state
    }

    pub fn stars(&self) -> u8 {
        self.choice().stars
    }

    pub fn is_pick(&self) -> bool {
        self.state() == Some(PickState::Pick)
    }

    pub fn is_reject(&self) -> bool {
        self.state() == Some(PickState::Reject)
    }
}

impl Serialize for Pick {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Pick::Pick => s.serialize_str("pick"),
            Pick::Reject => s.serialize_str("reject"),
            Pick::Stars(n) => s.serialize_u8(*n),
            Pick::Detailed(c) => c.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Pick {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pick;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"pick\", \"reject\", stars from 1 to 5, or a table like { state = \"pick\", stars = 4 }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                match u8::try_from(v) {
                    Ok(n @ 1..=5) => Ok(Pick::Stars(n)),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "pick" => Ok(Pick::Pick),
                    "reject" => Ok(Pick::Reject),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let c = Choice::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if c.stars > 5 {
                    return Err(de::Error::custom(format!("stars must be 0 to 5, not {}", c.stars)));
                }
                // An empty table means nothing; keep it as such rather than fail.
                Ok(Pick::from_choice(c).unwrap_or(Pick::Detailed(c)))
            }
        }
        d.deserialize_any(V)
    }
}

impl Mission {
    /// The user's choices about the photo at `key` ([`crate::caption::photo_key`]).
    pub fn choice(&self, key: &str) -> Choice {
        self.picks.get(key).map(Pick::choice).unwrap_or_default()
    }

    /// Changes the choices about `key` through `f`, keeping the file's
    /// short forms and dropping entries that say nothing.
    pub fn update_choice(&mut self, key: &str, f: impl FnOnce(&mut Choice)) {
        let mut c = self.choice(key);
        f(&mut c);
        match Pick::from_choice(c) {
            Some(p) => {
                self.picks.insert(key.to_string(), p);
            }
            None => {
                self.picks.remove(key);
            }
        }
    }

    /// Pick, reject, or neither (`None`).
    pub fn set_pick(&mut self, key: &str, state: Option<PickState>) {
        self.update_choice(key, |c| c.state = state);
    }

    /// Stars 0 (none) to 5.
    pub fn set_stars(&mut self, key: &str, stars: u8) {
        self.update_choice(key, |c| c.stars = stars.min(5));
    }
}

/// Where the programme comes from: an `.ics` file, events typed into the
/// mission, or both. Read it with [`crate::agenda::from_mission`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaSource {
    /// Relative to the mission file's folder when relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<InlineEvent>,
}

impl AgendaSource {
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.events.is_empty()
    }
}

/// An event written in the mission file. Times are RFC 3339 with an offset
/// ("2017-06-10T11:00:00+02:00", or a bare TOML date-time), or local times
/// without one ("2017-06-10T11:00"), read in the trip zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InlineEvent {
    pub summary: String,
    #[serde(deserialize_with = "de_time_text")]
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_opt_time_text")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// [latitude, longitude].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<[f64; 2]>,
}

/// Users write TOML date-times unquoted; keep them as text either way.
#[derive(Deserialize)]
#[serde(untagged)]
enum TimeText {
    Text(String),
    Toml(toml::value::Datetime),
}

fn de_time_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match TimeText::deserialize(d)? {
        TimeText::Text(s) => s,
        TimeText::Toml(t) => t.to_string(),
    })
}

fn de_opt_time_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    de_time_text(d).map(Some)
}

/// The key of a device in [`Edits::devices`]: contributor, make, model and
/// serial where known, joined by [`DEVICE_KEY_SEPARATOR`]. Planning must
/// build its keys with this so the user's verdicts find their device.
pub fn device_key(contributor: &str, make: Option<&str>, model: Option<&str>, serial: Option<&str>) -> String {
    let mut parts = vec![contributor.trim()];
    parts.extend([make, model, serial].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()));
    parts.join(DEVICE_KEY_SEPARATOR)
}

#[derive(Debug, thiserror::Error)]
pub enum MissionError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: made by a newer Recap (schema {found}); this version reads up to {SCHEMA}. \
         The file was left untouched: update Recap to open it."
    )]
    TooNew { path: PathBuf, found: u64 },
    #[error("{path}, line {line}, column {column}: {message}{}", backup_note(.backup))]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The last good copy, when there is one.
        backup: Option<PathBuf>,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path} is inside the photo folder {source_folder}: keep the mission file outside the photos")]
    InsideSource { path: PathBuf, source_folder: PathBuf },
    #[error("the mission cannot be written as TOML: {0}")]
    Serialize(String),
}

fn backup_note(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!(". The last good copy is kept in {}", b.display()),
        None => String::new(),
    }
}

impl MissionError {
    /// Stable code for front ends, like [`crate::Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            MissionError::Io { .. } => "io",
            MissionError::TooNew { .. } => "mission_too_new",
            MissionError::Corrupt { .. } => "mission_corrupt",
            MissionError::Invalid { .. } => "mission_invalid",
            MissionError::InsideSource { .. } => "mission_inside_source",
            MissionError::Serialize(_) => "mission_serialize",
        }
    }

    fn io(path: &Path, source: std::io::Error) -> Self {
        MissionError::Io { path: path.to_path_buf(), source }
    }
}

impl From<MissionError> for crate::Error {
    fn from(e: MissionError) -> Self {
        match e {
            MissionError::Io { path, source } => crate::Error::io(path, source),
            other => crate::Error::Invalid(other.to_string()),
        }
    }
}

/// Where the previous good copy of the mission file is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Where a corrupt file is set aside before a save replaces it, so hand
/// edits with a typo are not lost.
pub fn corrupt_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".corrupt");
    PathBuf::from(s)
}

const HEADER: &str = "# Recap mission file. Safe to edit by hand; \
Recap keeps the previous version next to it as <this file>.bak.\n\n";

impl Mission {
    pub fn new(name: impl Into<String>) -> Self {
        Mission { name: name.into(), ..Mission::default() }
    }

    /// Read a mission file. Refuses a newer schema ([`MissionError::TooNew`]);
    /// reports a corrupt file with its line and column and where the last
    /// good copy is.
    pub fn load(path: impl AsRef<Path>) -> Result<Mission, MissionError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| MissionError::io(path, e))?;
        Self::parse(&bytes, path)
    }

    /// Read the last good copy ([`backup_path`]) of a mission file.
    pub fn load_backup(path: impl AsRef<Path>) -> Result<Mission, MissionError> {
        Mission::load(backup_path(path.as_ref()))
    }

    /// Parse file contents; `path` names the file in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Mission, MissionError> {
        let corrupt = |text: &str, offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            let backup = backup_path(path);
            MissionError::Corrupt {
                path: path.to_path_buf(),
                line,
                column,
                message,
                backup: (backup.is_file() && backup != path).then_some(backup),
            }
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
                let len = good.len();
                return Err(corrupt(&good, len, "not UTF-8 text".into()));
            }
        };
        let toml_error = |e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start);
            corrupt(text, offset, e.message().trim().to_owned())
        };
        // Schema first, from a loose parse: a newer file may not fit our types.
        let table: toml::Table = toml::from_str(text).map_err(toml_error)?;
        match table.get("schema") {
            None => {}
            Some(toml::Value::Integer(n)) if *n > i64::from(SCHEMA) => {
                return Err(MissionError::TooNew { path: path.to_path_buf(), found: *n as u64 });
            }
            Some(toml::Value::Integer(n)) if *n >= 1 => {}
            Some(other) => {
                return Err(MissionError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("schema must be a whole number from 1, not {other}"),
                })
            }
        }
        let mut mission: Mission = toml::from_str(text).map_err(toml_error)?;
        mission.schema = SCHEMA;
        mission.validate().map_err(|message| MissionError::Invalid { path: path.to_path_buf(), message })?;
        Ok(mission)
    }

    /// Checks serde cannot express.
    fn validate(&self) -> Result<(), String> {
        if self.time.day_start_hour > 23 {
            return Err(format!("time.day_start_hour must be 0 to 23, not {}", self.time.day_start_hour));
        }
        if let Some(z) = &self.time.zone {
            if z.parse::<Tz>().is_err() {
                return Err(format!("time.zone {z:?} is not a time zone name like \"Europe/Paris\""));
            }
        }
        Ok(())
    }

    /// The text [`Mission::save`] writes.
    pub fn to_toml(&self) -> Result<String, MissionError> {
        let mut copy = self.clone();
        copy.schema = SCHEMA;
        let body = toml::to_string_pretty(&copy).map_err(|e| MissionError::Serialize(e.to_string()))?;
        Ok(format!("{HEADER}{body}"))
    }

    /// Write the mission atomically: a crash leaves the old file or the new
    /// one, never a mix. Refuses a path inside one of the mission's sources
    /// and a file on disk from a newer Recap. The file being replaced is
    /// first kept as [`backup_path`] when it is a good mission, or set aside
    /// as [`corrupt_path`] when it is not.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), MissionError> {
        let path = path.as_ref();
        self.check_outside_sources(path)?;
        let text = self.to_toml()?;
        match std::fs::read(path) {
            Ok(current) => match Mission::parse(&current, path) {
                Ok(_) => write_atomic(&backup_path(path), &current)?,
                Err(e @ MissionError::TooNew { .. }) => return Err(e),
                Err(_) => write_atomic(&corrupt_path(path), &current)?,
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(MissionError::io(path, e)),
        }
        write_atomic(path, text.as_bytes())
    }

    /// Sources as absolute paths, relative ones taken from the mission
    /// file's folder.
    pub fn resolved_sources(&self, mission_path: &Path) -> Vec<PathBuf> {
        let base = mission_path.parent().unwrap_or(Path::new(""));
        self.sources.iter().map(|s| absolute(&base.join(s))).collect()
    }

    /// Display name for a contributor key, falling back to the key.
    pub fn display_name<'a>(&'a self, contributor: &'a str) -> &'a str {
        self.participants.get(contributor).map_or(contributor, String::as_str)
    }

    /// Refuse a mission path inside one of the sources.
    pub fn check_outside_sources(&self, path: &Path) -> Result<(), MissionError> {
        let target = real_path(path);
        for source in self.resolved_sources(path) {
            if is_within(&target, &real_path(&source)) {
                return Err(MissionError::InsideSource { path: path.to_path_buf(), source_folder: source });
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MissionError> {
    crate::atomic::write(path, bytes).map_err(|e| MissionError::io(path, e))
}

pub(crate) fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Canonical form of a path that may not exist yet: canonicalize the longest
/// existing ancestor (resolving symlinks and `..`) and append the rest.
pub(crate) fn real_path(p: &Path) -> PathBuf {
    let abs = absolute(p);
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(real) = cur.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

fn is_within(child: &Path, parent: &Path) -> bool {
    let c: Vec<Component> = child.components().collect();
    let p: Vec<Component> = parent.components().collect();
    p.len() <= c.len() && p.iter().zip(&c).all(|(a, b)| same_component(a, b))
}

/// Windows and macOS file systems ignore case by default.
fn same_component(a: &Component, b: &Component) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        a.as_os_str().to_string_lossy().to_lowercase() == b.as_os_str().to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}
