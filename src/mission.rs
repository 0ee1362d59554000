//! The mission file: everything the user decided about one trip, in a TOML
//! file they keep where they like (never inside the photo folders).
//!
//! ```toml
//! recap = 1
//! schema = 1
//! name = "Mission Québec–Pays de la Loire 2017"
//! sources = ["/photos/Étienne L", "/photos/Chloé"]
//!
//! [participants]
//! "Étienne L" = "Étienne Lavoie"
//!
//! [people]
//! delegates = ["Awa Diop"]
//! [people.links]
//! "Chloé iPhone" = "Chloé"
//!
//! [time]
//! day_start_hour = 4
//! zone = "Europe/Paris"
//! home_zone = "America/Toronto"
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
//! Every field has a default, so files written by older versions load.
//!
//! **Format marker.** `recap = 1` on a line of its own says "this is a Recap
//! mission, format 1" ([`FORMAT`]); `schema` is the same number as Recap
//! wrote it before the marker existed. A file without the marker opens when
//! it has Recap's shape (a `schema` key, or only keys a mission has): it was
//! written by an older Recap, and gets the marker on its next save. Any other
//! TOML (a `pyproject.toml`, a `Cargo.toml`) is refused with `not_a_mission`
//! and never written. A file from a newer Recap (`recap` or `schema` above
//! what this version knows) is refused with `mission_too_new` and never
//! written over. Keys this version does not know survive a save
//! ([`Mission::extra`]).
//!
//! **Limits.** A mission file is untrusted (missions are shared): it is read
//! through [`crate::guard`] (a regular file, at most [`MAX_BYTES`]) and its
//! nesting is checked before the TOML parser sees it ([`MAX_NESTING`]).
//! Paths it names (the agenda) are opened the same way.
//!
//! **Saves.** Every save is a read-modify-write under a lock
//! ([`Mission::update`], [`lock`]), so two processes (`recap edit` runs, the
//! app, a second window) never lose each other's edits. The lock is a file,
//! `lock`, in the mission's history folder `.<file name>.history/` beside
//! it; a lock file rather than the mission itself, because Windows cannot
//! rename a new mission over a file held open. The write is atomic and
//! durable ([`crate::atomic::write`]); the file it replaces is kept as the
//! newest of the last [`HISTORY_KEEP`] versions in the history folder
//! ([`versions`], [`restore`]), and as `<file>.bak` when it was a good
//! mission (`<file>.corrupt` when it was not).

use std::collections::BTreeMap;
use std::fmt;

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::agenda::{Agenda, AgendaError, AgendaSource};
use crate::plan::edits::{ChapterEdits, DeviceOffset, Edits, TimeSettings};

/// The newest schema this version reads and the one it writes.
pub const SCHEMA: u32 = 1;

/// The format marker's key and the newest format this version reads and
/// writes (`recap = 1`).
pub const MARKER: &str = "recap";
pub const FORMAT: u32 = 1;

/// Largest mission file read: a 20 000-photo mission with every photo
/// captioned is a few megabytes.
pub const MAX_BYTES: u64 = 16 << 20;

/// Deepest nesting of tables, arrays and dotted keys accepted. A mission is
/// 4 levels deep; the TOML parser and the drop of its values recurse per
/// level, so a crafted file could overflow the stack.
pub const MAX_NESTING: usize = 64;

/// Most keys and array items accepted. The TOML parser spends about 180
/// bytes of memory per value, so 16 MiB of `x = [1,1,1,…]` would cost
/// 1.5 GB; a 20 000-photo mission with every photo captioned, picked and
/// fingerprinted has about 120 000 values.
pub const MAX_VALUES: usize = 500_000;

/// How many earlier versions of a mission file are kept.
pub const HISTORY_KEEP: usize = 10;

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
    /// Delegates who sent no photo and folders that are someone else's
    /// (`[people]`, see [`People`]); absent from older files.
    pub people: People,
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
    /// Photo key → content fingerprint, so that edits find a photo that was
    /// renamed or moved (see [`crate::identity`]). `[fingerprints]` in the
    /// file; absent from older files.
    pub fingerprints: BTreeMap<String, String>,
    /// The story's words and choices (`[story]`, see [`StorySettings`]);
    /// absent from older files.
    pub story: StorySettings,
    /// Top-level keys of the file this version does not know (written by a
    /// newer Recap, or by hand): kept as they are and written back.
    pub extra: toml::Table,
}

impl Default for Mission {
    fn default() -> Self {
        Mission {
            schema: SCHEMA,
            name: String::new(),
            sources: Vec::new(),
            participants: BTreeMap::new(),
            people: People::default(),
            time: TimeSettings::default(),
            edits: Edits::default(),
            agenda: AgendaSource::default(),
            captions: BTreeMap::new(),
            picks: BTreeMap::new(),
            templates: Localized::default(),
            intros: BTreeMap::new(),
            fingerprints: BTreeMap::new(),
            story: StorySettings::default(),
            extra: toml::Table::new(),
        }
    }
}

/// The file's layout: [`Mission`] with its edits at the top level. Not
/// `#[serde(flatten)]`, which loses the line numbers of errors.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
struct MissionFile {
    recap: u32,
    schema: u32,
    name: String,
    sources: Vec<PathBuf>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    participants: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "People::is_empty")]
    people: People,
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
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fingerprints: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "StorySettings::is_empty")]
    story: StorySettings,
    /// Filled by [`Mission::parse`], written by [`Mission::to_toml`].
    #[serde(skip)]
    extra: toml::Table,
}

impl Default for MissionFile {
    fn default() -> Self {
        Mission::default().into()
    }
}

impl From<Mission> for MissionFile {
    fn from(m: Mission) -> Self {
        MissionFile {
            recap: FORMAT,
            schema: m.schema,
            name: m.name,
            sources: m.sources,
            participants: m.participants,
            people: m.people,
            time: m.time,
            devices: m.edits.devices,
            chapters: m.edits.chapters,
            agenda: m.agenda,
            captions: m.captions,
            picks: m.picks,
            templates: m.templates,
            intros: m.intros,
            fingerprints: m.fingerprints,
            story: m.story,
            extra: m.extra,
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
            people: f.people,
            time: f.time,
            edits: Edits { devices: f.devices, chapters: f.chapters },
            agenda: f.agenda,
            captions: f.captions,
            picks: f.picks,
            templates: f.templates,
            intros: f.intros,
            fingerprints: f.fingerprints,
            story: f.story,
            extra: f.extra,
        }
    }
}

/// The top-level keys of a mission file, as serde knows them (so a field
/// added to [`MissionFile`] is known here without a second list).
fn file_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: &'static [&'static str] = &[];
        let _ = MissionFile::deserialize(FieldProbe(&mut keys));
        keys
    })
}

/// A deserializer that only records the field names a struct asks for.
struct FieldProbe<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldProbe<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("field probe"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("field probe"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Who was there beyond the folders a scan finds: delegates who sent no
/// photo, and folders that are someone else's ("Marc iPhone" is Marc's).
/// Person keys are the scan's contributor keys (a folder's name) or a
/// delegate's name; `[participants]` gives any of them a display name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct People {
    /// Delegates added by hand, by name (their key), in the order added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delegates: Vec<String>,
    /// A folder's person key → the person whose photos it holds: its photos,
    /// devices and credits are theirs (see `crate::people`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub links: BTreeMap<String, String>,
}

impl People {
    pub fn is_empty(&self) -> bool {
        self.delegates.is_empty() && self.links.is_empty()
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

    pub fn get(&self, lang: crate::lang::Lang) -> Option<&str> {
        match lang {
            crate::lang::Lang::Fr => self.fr.as_deref(),
            crate::lang::Lang::En => self.en.as_deref(),
        }
    }

    pub fn set(&mut self, lang: crate::lang::Lang, text: Option<String>) {
        match lang {
            crate::lang::Lang::Fr => self.fr = text,
            crate::lang::Lang::En => self.en = text,
        }
    }
}

/// What the user said about the story (`[story]`): their own words per
/// language (a language left out is Recap's draft), the cover and the
/// photos of a day. Photo keys are mission keys, like picks, so they go
/// through [`crate::identity`]. A day's entry is kept when the day is gone
/// (a clock fixed later moved its photos): it shows again when the day does.
///
/// ```toml
/// [story]
/// cover = "1:IMG_0001.JPG"
/// title = { fr = "…", en = "…" }
/// [story.chapters."angers-2017-06-03"]
/// text = { fr = "…" }
/// [story.days."2017-06-06"]
/// text = { en = "…" }
/// photos = ["1:IMG_0001.JPG", "3:DSC_0042.JPG"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorySettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    #[serde(skip_serializing_if = "Localized::is_empty")]
    pub title: Localized,
    #[serde(skip_serializing_if = "Localized::is_empty")]
    pub intro: Localized,
    #[serde(skip_serializing_if = "Localized::is_empty")]
    pub closing: Localized,
    /// Chapter id → its text.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub chapters: BTreeMap<String, StoryChapterSettings>,
    /// Day (`YYYY-MM-DD`) → its text and photos.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub days: BTreeMap<String, StoryDaySettings>,
    /// Keys of `[story]` this version does not know, kept for a newer Recap.
    #[serde(flatten)]
    pub extra: toml::Table,
}

impl StorySettings {
    pub fn is_empty(&self) -> bool {
        self.cover.is_none()
            && self.title.is_empty()
            && self.intro.is_empty()
            && self.closing.is_empty()
            && self.chapters.is_empty()
            && self.days.is_empty()
            && self.extra.is_empty()
    }

    /// The entry of `date`, if any.
    pub fn day(&self, date: chrono::NaiveDate) -> Option<&StoryDaySettings> {
        self.days.get(&date.format("%Y-%m-%d").to_string())
    }

    /// Every photo key the story names: the cover and the days' photos.
    pub fn photo_keys(&self) -> impl Iterator<Item = &String> {
        self.cover.iter().chain(self.days.values().flat_map(|d| d.photos.iter().flatten()))
    }

    /// Drops entries left empty by an edit, so the file keeps no `[story.days."…"]` with nothing in it.
    pub fn prune(&mut self) {
        self.chapters.retain(|_, c| !c.is_empty());
        self.days.retain(|_, d| !d.is_empty());
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryChapterSettings {
    #[serde(skip_serializing_if = "Localized::is_empty")]
    pub text: Localized,
    #[serde(flatten)]
    pub extra: toml::Table,
}

impl StoryChapterSettings {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.extra.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryDaySettings {
    #[serde(skip_serializing_if = "Localized::is_empty")]
    pub text: Localized,
    /// The day's photos in the story's order; absent: Recap chooses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photos: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

impl StoryDaySettings {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.photos.is_none() && self.extra.is_empty()
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
    #[error(
        "{path} is not a Recap mission file ({why}). It was left untouched: \
         choose a mission file (with a `recap = 1` line) or a new file name."
    )]
    NotAMission { path: PathBuf, why: String },
    #[error("{path}: no version {number} in this mission's history (it has {available})")]
    NoSuchVersion { path: PathBuf, number: usize, available: usize },
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
            // One code for this refusal wherever it is made (mission, app, export).
            MissionError::InsideSource { .. } => crate::error::INSIDE_SOURCE,
            MissionError::Serialize(_) => "mission_serialize",
            MissionError::NotAMission { .. } => "not_a_mission",
            MissionError::NoSuchVersion { .. } => "no_such_version",
        }
    }

    fn io(path: &Path, source: std::io::Error) -> Self {
        MissionError::Io { path: path.to_path_buf(), source }
    }
}

impl crate::error::Coded for MissionError {
    fn code(&self) -> &'static str {
        MissionError::code(self)
    }

    fn fault(&self) -> Option<crate::error::Fault> {
        Some(match self {
            MissionError::Io { .. } => crate::error::Fault::Environment,
            MissionError::Serialize(_) => crate::error::Fault::Recap,
            _ => crate::error::Fault::Input,
        })
    }
}

impl From<MissionError> for crate::Error {
    fn from(e: MissionError) -> Self {
        match e {
            MissionError::Io { path, source } => crate::Error::io(path, source),
            MissionError::InsideSource { path, source_folder } => crate::Error::InsideSource { path, source_folder },
            // The mission's own code goes on: front ends word it.
            other => crate::Error::Input { code: other.code(), message: other.to_string() },
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

const HEADER: &str = "# Recap mission file. Safe to edit by hand; Recap keeps the \
previous version next to it as <this file>.bak, and the last ten in .<this file>.history/.\n\n";

/// The name of a mission made without one (folders opened on their own).
pub const DEFAULT_NAME: &str = "Mission";

/// Where a mission without a file is taken to live: relative sources are
/// then read from the current folder.
pub const DEFAULT_FILE: &str = "mission.toml";

/// `path`, or [`DEFAULT_FILE`] when there is none.
pub fn path_or_default(path: Option<&Path>) -> &Path {
    path.unwrap_or(Path::new(DEFAULT_FILE))
}

/// The name a mission made from folders gets: the folder that holds them all
/// (the trip's folder when each participant's folder is given), or the one
/// folder given; [`DEFAULT_NAME`] when they share no named folder (two
/// disks, the root).
pub fn name_for_sources(sources: &[PathBuf]) -> String {
    let mut common: Option<PathBuf> = None;
    for s in sources {
        common = Some(match common {
            None => s.clone(),
            Some(c) => c.components().zip(s.components()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect(),
        });
    }
    // One folder given: its own name. Several: the folder holding them.
    common
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| DEFAULT_NAME.to_string())
}

impl Mission {
    /// A mission named [`DEFAULT_NAME`], with nothing in it.
    pub fn unnamed() -> Self {
        Mission::new(DEFAULT_NAME)
    }

    pub fn new(name: impl Into<String>) -> Self {
        Mission { name: name.into(), ..Mission::default() }
    }

    /// Read a mission file. Refuses a newer schema ([`MissionError::TooNew`]);
    /// reports a corrupt file with its line and column and where the last
    /// good copy is.
    pub fn load(path: impl AsRef<Path>) -> Result<Mission, MissionError> {
        Ok(Mission::load_stamped(path)?.0)
    }

    /// [`Mission::load`], with the [`Stamp`] of the bytes read: the app
    /// compares it with the file's before saving, to notice edits made
    /// meanwhile by another process.
    pub fn load_stamped(path: impl AsRef<Path>) -> Result<(Mission, Stamp), MissionError> {
        let path = path.as_ref();
        let bytes = read_file(path)?.ok_or_else(|| {
            MissionError::io(path, std::io::Error::new(std::io::ErrorKind::NotFound, "no such mission file"))
        })?;
        Ok((Self::parse(&bytes.0, path)?, Stamp::of(&bytes.0)))
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
        if let Some((offset, why)) = too_complex(text) {
            return Err(corrupt(text, offset, why));
        }
        // Marker and schema first, from a loose parse: a newer file may not
        // fit our types, and another program's TOML must not be taken for ours.
        let table: toml::Table = toml::from_str(text).map_err(toml_error)?;
        let not_a_mission = |why: String| MissionError::NotAMission { path: path.to_path_buf(), why };
        let keys = file_keys();
        match table.get(MARKER) {
            Some(toml::Value::Integer(n)) if *n > i64::from(FORMAT) => {
                return Err(MissionError::TooNew { path: path.to_path_buf(), found: *n as u64 });
            }
            Some(toml::Value::Integer(n)) if *n >= 1 => {}
            Some(other) => return Err(not_a_mission(format!("`recap = {other}` is not a Recap format number"))),
            // Written before the marker: Recap always wrote `schema`; a
            // hand-made one has only a mission's keys.
            None if table.contains_key("schema") => {}
            // Nothing in it to lose: `touch mission.toml` makes a new mission.
            None if table.is_empty() => {}
            None => {
                let foreign: Vec<&str> =
                    table.keys().map(String::as_str).filter(|k| !keys.contains(k)).take(5).collect();
                if !foreign.is_empty() {
                    return Err(not_a_mission(format!(
                        "no `recap = 1` line, and keys a mission does not have: {}",
                        foreign.join(", ")
                    )));
                }
            }
        }
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
        mission.extra = table.into_iter().filter(|(k, _)| !keys.contains(&k.as_str())).collect();
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
        if let Some(z) = &self.time.home_zone {
            if z.parse::<Tz>().is_err() {
                return Err(format!("time.home_zone {z:?} is not a time zone name like \"America/Toronto\""));
            }
        }
        if let Some(day) = self.story.days.keys().find(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()) {
            return Err(format!("story.days.{day:?} is not a date like \"2017-06-06\""));
        }
        Ok(())
    }

    /// The text [`Mission::save`] writes.
    pub fn to_toml(&self) -> Result<String, MissionError> {
        let mut copy = self.clone();
        copy.schema = SCHEMA;
        let keys = file_keys();
        let extra = std::mem::take(&mut copy.extra);
        let ser = |e: toml::ser::Error| MissionError::Serialize(e.to_string());
        let body = toml::to_string_pretty(&copy).map_err(ser)?;
        // Unknown keys around the known ones: plain values must come before
        // the first [table] header, tables may come after the last.
        let is_table = |v: &toml::Value| match v {
            toml::Value::Table(_) => true,
            toml::Value::Array(a) => !a.is_empty() && a.iter().all(toml::Value::is_table),
            _ => false,
        };
        let (tables, plain): (toml::Table, toml::Table) =
            extra.into_iter().filter(|(k, _)| !keys.contains(&k.as_str())).partition(|(_, v)| is_table(v));
        let plain = if plain.is_empty() { String::new() } else { toml::to_string(&plain).map_err(ser)? };
        let tables = if tables.is_empty() {
            String::new()
        } else {
            format!("\n{}", toml::to_string_pretty(&tables).map_err(ser)?)
        };
        Ok(format!("{HEADER}{plain}{body}{tables}"))
    }

    /// Reads the mission at `path`, changes it through `change` and saves it,
    /// all under the file's [`lock`]: edits from other processes made
    /// before the lock was taken are in what `change` sees, and none made
    /// meanwhile can be lost. Nothing is written when `change` fails or
    /// changes nothing. Returns `change`'s answer and the mission as saved.
    pub fn update<R, E: From<MissionError>>(
        path: impl AsRef<Path>,
        change: impl FnOnce(&mut Mission) -> Result<R, E>,
    ) -> Result<(R, Mission), E> {
        let locked = lock(path.as_ref())?;
        let mut mission = locked.load()?;
        let before = mission.clone();
        let answer = change(&mut mission)?;
        if mission != before {
            locked.save(&mission)?;
        }
        Ok((answer, mission))
    }

    /// Write the mission atomically: a crash leaves the old file or the new
    /// one, never a mix. Refuses a path inside one of the mission's sources
    /// and a file on disk from a newer Recap. The file being replaced is
    /// first kept as [`backup_path`] when it is a good mission, or set aside
    /// as [`corrupt_path`] when it is not.
    ///
    /// This writes `self` whatever the file holds now: to change a mission
    /// that others may be editing too, use [`Mission::update`].
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), MissionError> {
        lock(path.as_ref())?.save(self).map(|_| ())
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

    /// The mission's programme: its `.ics` file (relative to the folder of
    /// the mission file at `mission_path`) and the events typed into it, in
    /// the trip zone.
    pub fn programme(&self, mission_path: &Path) -> Result<Agenda, AgendaError> {
        self.agenda.read(mission_path, self.time.tz())
    }

    /// Refuse a mission path inside one of the sources.
    pub fn check_outside_sources(&self, path: &Path) -> Result<(), MissionError> {
        let sources = self.resolved_sources(path);
        match crate::paths::inside(path, &sources) {
            Some(source) => {
                Err(MissionError::InsideSource { path: path.to_path_buf(), source_folder: source.to_path_buf() })
            }
            None => Ok(()),
        }
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

pub(crate) use crate::paths::absolute;

/// Where `text` nests deeper than [`MAX_NESTING`] (arrays, inline tables,
/// table headers and dotted keys) or holds more than [`MAX_VALUES`] keys and
/// items, outside strings and comments, and why. A linear scan, so the
/// check itself cannot recurse, and it runs before the parser allocates.
fn too_complex(text: &str) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let (mut i, mut depth, mut dots, mut values) = (0usize, 0usize, 0usize, 0usize);
    // Skips a string opened at `i` by `quote` (1 or 3 quote bytes); returns
    // the index after its end.
    let skip_string = |i: usize, quote: u8| -> usize {
        let triple = b.get(i..i + 3) == Some(&[quote; 3][..]);
        let mut j = if triple { i + 3 } else { i + 1 };
        while j < b.len() {
            match b[j] {
                b'\\' if quote == b'"' => j += 2,
                c if c == quote && !triple => return j + 1,
                c if c == quote && b.get(j..j + 3) == Some(&[quote; 3][..]) => return j + 3,
                b'\n' if !triple => return j,
                _ => j += 1,
            }
        }
        b.len()
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            q @ (b'"' | b'\'') => {
                i = skip_string(i, q);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'.' => dots += 1,
            b'=' | b',' => {
                dots = 0;
                values += 1;
            }
            b'\n' => dots = 0,
            _ => {}
        }
        if depth + dots > MAX_NESTING {
            return Some((i, format!("nested more than {MAX_NESTING} levels deep")));
        }
        if values > MAX_VALUES {
            return Some((i, format!("more than {MAX_VALUES} values")));
        }
        i += 1;
    }
    None
}

/// A mission file's bytes and modification time.
type FileRead = (Vec<u8>, Option<std::time::SystemTime>);

/// The bytes of the mission file at `path` and its modification time, or
/// `None` when there is no file. Only a regular file of at most
/// [`MAX_BYTES`] is read.
fn read_file(path: &Path) -> Result<Option<FileRead>, MissionError> {
    use crate::guard::OpenError;
    let file = match crate::guard::open_regular(path) {
        Ok(f) => f,
        Err(OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(OpenError::Io(e)) => return Err(MissionError::io(path, e)),
        Err(e) => return Err(MissionError::NotAMission { path: path.to_path_buf(), why: e.to_string() }),
    };
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    drop(file);
    match crate::guard::read_bounded(path, MAX_BYTES) {
        Ok(bytes) => Ok(Some((bytes, modified))),
        Err(OpenError::Io(e)) => Err(MissionError::io(path, e)),
        Err(e) => Err(MissionError::NotAMission { path: path.to_path_buf(), why: e.to_string() }),
    }
}

/// What a mission file held when it was read or written: the app compares
/// stamps to notice that another process changed the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp([u8; 32]);

impl Stamp {
    pub fn of(bytes: &[u8]) -> Stamp {
        Stamp(*blake3::hash(bytes).as_bytes())
    }
}

/// The folder beside a mission file that holds its lock and its history:
/// `.<file name>.history/`.
pub fn history_dir(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "mission".into());
    path.parent().unwrap_or(Path::new("")).join(format!(".{name}.history"))
}

/// A mission file held for a read-modify-write: no other Recap process (nor
/// another [`Locked`] in this one) reads it for a change, or writes it,
/// until this is dropped. Made by [`lock`].
#[derive(Debug)]
pub struct Locked {
    path: PathBuf,
    /// Held for its lock; dropping it unlocks (so does the process dying).
    _lock: std::fs::File,
    current: Option<FileRead>,
}

/// Takes the lock of the mission at `path` (waiting for another process to
/// finish its save) and reads the file as it is now.
pub fn lock(path: &Path) -> Result<Locked, MissionError> {
    let dir = history_dir(path);
    std::fs::create_dir_all(&dir).map_err(|e| MissionError::io(&dir, e))?;
    let at = dir.join("lock");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&at)
        .map_err(|e| MissionError::io(&at, e))?;
    file.lock().map_err(|e| MissionError::io(&at, e))?;
    let current = read_file(path)?;
    Ok(Locked { path: path.to_path_buf(), _lock: file, current })
}

impl Locked {
    /// The file's bytes as read under the lock (`None`: no file yet).
    pub fn bytes(&self) -> Option<&[u8]> {
        self.current.as_ref().map(|(b, _)| b.as_slice())
    }

    /// The stamp of the file as read under the lock.
    pub fn stamp(&self) -> Option<Stamp> {
        self.bytes().map(Stamp::of)
    }

    /// The mission as it is on disk now.
    pub fn load(&self) -> Result<Mission, MissionError> {
        match self.bytes() {
            Some(b) => Mission::parse(b, &self.path),
            None => Err(MissionError::io(
                &self.path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such mission file"),
            )),
        }
    }

    /// Writes `mission` over the file (see [`Mission::save`]); returns the
    /// stamp of what was written.
    pub fn save(&self, mission: &Mission) -> Result<Stamp, MissionError> {
        mission.check_outside_sources(&self.path)?;
        let text = mission.to_toml()?;
        self.write(text.as_bytes())?;
        Ok(Stamp::of(text.as_bytes()))
    }

    /// Replaces the file with `bytes`, keeping what it held in the history
    /// (and as `.bak`, or `.corrupt` when it was not a good mission).
    /// Refuses to write over another program's file or a newer Recap's.
    fn write(&self, bytes: &[u8]) -> Result<(), MissionError> {
        let path = &self.path;
        if let Some((current, modified)) = &self.current {
            if current.as_slice() == bytes {
                return Ok(());
            }
            // The history below keeps these bytes durably; the `.bak` (or
            // `.corrupt`) copy beside the file is for people, and needs no
            // fsync of its own.
            let aside = match Mission::parse(current, path) {
                Ok(_) => backup_path(path),
                Err(e @ (MissionError::TooNew { .. } | MissionError::NotAMission { .. })) => return Err(e),
                Err(_) => corrupt_path(path),
            };
            crate::atomic::write_cache(&aside, current).map_err(|e| MissionError::io(&aside, e))?;
            keep_version(path, current, *modified)?;
        }
        write_atomic(path, bytes)?;
        // A save killed before its rename leaves its temporary file: the
        // next save (under the lock, so none is in flight) removes it.
        let age = std::time::Duration::from_secs(60);
        crate::atomic::remove_stale_temps(path.parent().unwrap_or(Path::new(".")), age);
        crate::atomic::remove_stale_temps(&history_dir(path), age);
        Ok(())
    }
}

/// An earlier version of a mission file, kept in its [`history_dir`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// 1 is the newest (what the file held before its last save).
    pub number: usize,
    /// When that version was saved (the file's time then), if known.
    pub saved_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The mission's name in that version, when it reads.
    pub name: Option<String>,
    pub bytes: u64,
    pub path: PathBuf,
}

/// History files, oldest first: `<sequence>.toml`.
fn history_files(path: &Path) -> Vec<(u64, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(history_dir(path)) else { return Vec::new() };
    let mut files: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let n = name.strip_suffix(".toml")?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    files.sort();
    files
}

fn keep_version(path: &Path, bytes: &[u8], modified: Option<std::time::SystemTime>) -> Result<(), MissionError> {
    let files = history_files(path);
    let next = files.last().map_or(1, |(n, _)| n + 1);
    let at = history_dir(path).join(format!("{next:06}.toml"));
    write_atomic(&at, bytes)?;
    if let Some(t) = modified {
        // The version's time is when it was saved, not when it was superseded.
        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&at) {
            let _ = f.set_modified(t);
        }
    }
    let excess = (files.len() + 1).saturating_sub(HISTORY_KEEP);
    for (_, old) in files.iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// The earlier versions of the mission at `path`, newest first (at most
/// [`HISTORY_KEEP`]).
pub fn versions(path: &Path) -> Vec<Version> {
    history_files(path)
        .into_iter()
        .rev()
        .enumerate()
        .map(|(i, (_, at))| {
            let meta = std::fs::metadata(&at).ok();
            let name = crate::guard::read_bounded(&at, MAX_BYTES)
                .ok()
                .and_then(|b| Mission::parse(&b, &at).ok())
                .map(|m| m.name);
            Version {
                number: i + 1,
                saved_at: meta.as_ref().and_then(|m| m.modified().ok()).map(chrono::DateTime::from),
                name,
                bytes: meta.map_or(0, |m| m.len()),
                path: at,
            }
        })
        .collect()
}

/// Puts version `number` ([`versions`]) back as the mission file, under the
/// lock; what the file held becomes the newest version, so a restore can be
/// undone by restoring version 1. Returns the restored mission.
pub fn restore(path: &Path, number: usize) -> Result<Mission, MissionError> {
    let locked = lock(path)?;
    let all = versions(path);
    let Some(v) = number.checked_sub(1).and_then(|i| all.get(i)) else {
        return Err(MissionError::NoSuchVersion { path: path.to_path_buf(), number, available: all.len() });
    };
    let bytes = crate::guard::read_bounded(&v.path, MAX_BYTES)
        .map_err(|e| MissionError::io(&v.path, std::io::Error::from(e)))?;
    let mission = Mission::parse(&bytes, &v.path)?;
    mission.check_outside_sources(path)?;
    locked.write(&bytes)?;
    Ok(mission)
}
