//! Every type that crosses the IPC boundary, in the shape the UI reads
//! (camelCase). Core types are mapped here rather than serialised as-is so the
//! core can evolve without silently changing what the web view receives.

use recap::album::{AlbumChapter, AlbumPhoto};
use recap::edit::{ClockMode, Edit, PickState};
use recap::lang::Lang;
use recap::mission::PickState as ChoiceState;
use recap::pipeline::PlanReport;
use recap::plan::{Chapter, ChapterKind, DeviceReport, Moment, OffsetSource, PlaceSource, Plan, PlannedPhoto};
use recap::progress::ProgressEvent;
use recap::scan::{ScanReport, ScanStats};
use recap::session::{Details, Session};
use recap::{MediaKind, PhotoMeta, Skipped};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

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

/// Every error of the core (`recap::Error`, `SessionError`,
/// `MissionError`, a `FileProblem`) reaches the UI here, by its stable code.
impl<E: recap::error::Coded> From<E> for IpcError {
    fn from(e: E) -> Self {
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
    /// An export finished: files written, photos that failed.
    #[serde(rename_all = "camelCase")]
    Exported { written: u64, failed: u64 },
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

/// A scanned and planned trip: what opening a mission or the demo returns, and every edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TripWire {
    /// The mission's name ("Mission" for folders opened without a mission file).
    pub mission: String,
    pub scan: ScanWire,
    pub plan: PlanWire,
    /// `None` for folders opened without a mission file (edits are not saved).
    pub mission_path: Option<String>,
    /// The `thumb:` table's generation: changes with each scan, never with an edit.
    pub generation: u64,
    /// Whether duplicates and bursts are grouped yet: a trip is shown
    /// first, then curated in the background (`curate_trip`).
    pub curated: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The kind of edit undo would undo (`"rename"`, `"clock"`… as in `EditWire`).
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    /// The language of the captions (`fr` or `en`).
    pub lang: String,
    /// The "bottin": every contributor folder, its display name and photo count.
    pub participants: Vec<ParticipantWire>,
    /// Who was there, for the Bottin: the participants, then folders linked
    /// to one of them and delegates who sent no photo.
    pub people: Vec<ParticipantWire>,
    pub caption_template: LangTextWire,
    /// The `{placeholders}` a template may use.
    pub template_fields: Vec<String>,
    /// The home zone the user set in the mission (IANA), `None` when
    /// Recap finds it from the departure photos.
    pub home_zone_set: Option<String>,
    /// The mission has a programme (a .ics file or events of its own):
    /// without one, the app suggests importing it.
    pub has_programme: bool,
    /// The largest clock correction the core accepts, either way, in
    /// minutes: the UI refuses more before asking.
    pub max_offset_minutes: i32,
    /// Chapter id → photos picked in it.
    pub picks_per_chapter: BTreeMap<String, usize>,
    /// What an export would take now, whatever the preset ("30 photos
    /// retenues sur 202").
    pub outgoing: OutgoingWire,
    /// The mission file had been changed by someone else (another window,
    /// `recap edit`, a hand edit): this trip is its content with the edit
    /// made on top, and the undo history was cleared.
    pub reloaded: bool,
}

impl TripWire {
    pub fn new(mission: &str, roots: &[PathBuf], r: &PlanReport) -> Self {
        Self::with_plan(mission, roots, r, PlanWire::new(&r.plan, &r.agenda_warnings))
    }

    fn with_plan(mission: &str, roots: &[PathBuf], r: &PlanReport, plan: PlanWire) -> Self {
        Self {
            mission: mission.to_owned(),
            scan: ScanWire::new(roots, &r.scan),
            plan,
            mission_path: None,
            generation: 0,
            curated: r.curation.is_some(),
            can_undo: false,
            can_redo: false,
            undo_label: None,
            redo_label: None,
            lang: Lang::Fr.code().to_owned(),
            participants: Vec::new(),
            people: Vec::new(),
            caption_template: LangTextWire::default(),
            template_fields: Vec::new(),
            has_programme: false,
            home_zone_set: None,
            max_offset_minutes: recap::plan::DeviceOffset::MAX_MINUTES,
            picks_per_chapter: BTreeMap::new(),
            outgoing: OutgoingWire::default(),
            reloaded: false,
        }
    }

    /// The open session's trip, with thumbnails of table `generation` and
    /// captions in `lang`.
    pub fn from_session(s: &Session, generation: u64, lang: Lang) -> Self {
        let album = s.album(lang);
        let mut details = s.details();
        let history = s.history();
        // The album mapped once: each photo's fields are made where it is.
        let chapters =
            album.chapters.iter().map(|c| ChapterWire::of_album(c, &mut details, generation, lang)).collect();
        let r = s.report();
        let plan = PlanWire::with_chapters(&r.plan, chapters, &r.agenda_warnings);
        let mut t = Self::with_plan(&s.mission().name, s.roots(), r, plan);
        t.mission_path = s.mission_path().map(|p| p.display().to_string());
        t.generation = generation;
        t.curated = s.is_curated();
        t.can_undo = history.can_undo();
        t.can_redo = history.can_redo();
        t.undo_label = history.undo_label().map(str::to_owned);
        t.redo_label = history.redo_label().map(str::to_owned);
        t.lang = lang.code().to_owned();
        t.home_zone_set = s.mission().time.home_zone.clone();
        let wire = |p: recap::session::Participant| ParticipantWire {
            folder: p.folder,
            name: p.name,
            photos: p.photos,
            linked_to: p.linked_to,
            delegate: p.delegate,
        };
        t.participants = s.participants().into_iter().map(wire).collect();
        t.people = s.people().into_iter().map(wire).collect();
        let template = |l: Lang| recap::caption::template_for(s.mission(), l).0;
        t.caption_template = LangTextWire { fr: template(Lang::Fr), en: template(Lang::En) };
        t.template_fields = recap::caption::TEMPLATE_FIELDS.iter().map(|f| (*f).to_owned()).collect();
        t.has_programme = !s.mission().agenda.is_empty();
        t.picks_per_chapter = album.chapters.iter().map(|c| (c.chapter.id.clone(), c.picks)).collect();
        let o = album.outgoing();
        t.outgoing = OutgoingWire { photos: o.photos, of: o.of, picks_only: o.picks_only };
        t
    }
}

/// One participant of the trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantWire {
    /// The contributor key (as in `PlannedPhotoWire.contributor`).
    pub folder: String,
    pub name: String,
    pub photos: usize,
    /// The person this folder is linked to (its photos count there).
    pub linked_to: Option<String>,
    /// A delegate added by hand.
    pub delegate: bool,
}

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LangTextWire {
    pub fr: String,
    pub en: String,
}

/// A caption template tried on one photo (the captions tab's preview),
/// rendered by the core ([`recap::album::Album::preview`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptionPreviewWire {
    /// The photo's id (`thumb:` number), when it is a scanned photo.
    pub photo: Option<usize>,
    pub file_name: String,
    /// The caption's text per language, as the template makes it.
    pub text: LangTextWire,
    /// Text and credit as pasted under the photo, per language.
    pub full: LangTextWire,
}

impl CaptionPreviewWire {
    pub fn from_preview(p: &recap::album::Preview) -> Self {
        Self {
            photo: p.id,
            file_name: p.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            text: LangTextWire { fr: p.fr.text.clone(), en: p.en.text.clone() },
            full: LangTextWire { fr: p.fr.full(), en: p.en.full() },
        }
    }
}

/// Which languages' introductions the user wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntroEditedWire {
    pub fr: bool,
    pub en: bool,
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
    /// Where the group comes from (IANA), set or found from departure photos.
    pub home_zone: Option<String>,
    /// The departure photos' city ("heure de Montréal"), when known.
    pub home_place: Option<String>,
    /// The same city in French and English ("Londres" / "London").
    pub home_place_names: Option<LangTextWire>,
}

impl PlanWire {
    pub fn new(p: &Plan, agenda_warnings: &[String]) -> Self {
        Self::with_chapters(p, p.chapters.iter().map(ChapterWire::from).collect(), agenda_warnings)
    }

    fn with_chapters(p: &Plan, chapters: Vec<ChapterWire>, agenda_warnings: &[String]) -> Self {
        Self {
            chapters,
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
            home_zone: p.home_zone.clone(),
            home_place: p.home_place.as_ref().map(|h| h.name.clone()),
            home_place_names: p
                .home_place
                .as_ref()
                .map(|h| LangTextWire { fr: h.names.fr.clone(), en: h.names.en.clone() }),
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
    /// Where the place is, for the map of stages.
    pub place_at: Option<LatLonWire>,
    /// `2017-06-04`.
    pub start: String,
    pub end: String,
    pub photos: usize,
    pub days: Vec<DayWire>,
    /// The album introduction: the user's, else generated.
    pub intro: LangTextWire,
    /// The user wrote the introduction (in either language).
    pub intro_edited: bool,
    pub intro_edited_langs: IntroEditedWire,
    /// Photos picked in it.
    pub picks: usize,
}

/// A point on the globe, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLonWire {
    pub lat: f64,
    pub lon: f64,
}

impl From<&Chapter> for ChapterWire {
    fn from(c: &Chapter) -> Self {
        Self::with_photos(c, |d, m| c.days[d].moments[m].photos.iter().map(PlannedPhotoWire::from).collect())
    }
}

impl ChapterWire {
    /// The chapter with `photos(day, moment)` as each moment's photos.
    fn with_photos(c: &Chapter, mut photos: impl FnMut(usize, usize) -> Vec<PlannedPhotoWire>) -> Self {
        let days: Vec<DayWire> = c
            .days
            .iter()
            .enumerate()
            .map(|(di, d)| {
                let moments: Vec<MomentWire> = d
                    .moments
                    .iter()
                    .enumerate()
                    .map(|(i, m)| MomentWire::new(m, photos(di, i)).with_id(format!("{}/{}/{i}", c.id, d.date)))
                    .collect();
                let place = most_common(d.moments.iter().flat_map(|m| &m.photos).map(|p| p.place.name.as_deref()));
                DayWire {
                    date: d.date.to_string(),
                    photos: moments.iter().map(|m| m.photos.len()).sum(),
                    place,
                    moments,
                }
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
            place_at: c.place.as_ref().map(|p| LatLonWire { lat: p.lat, lon: p.lon }),
            start: c.start.to_string(),
            end: c.end.to_string(),
            photos: days.iter().map(|d| d.photos).sum(),
            days,
            intro: LangTextWire::default(),
            intro_edited: false,
            intro_edited_langs: IntroEditedWire::default(),
            picks: 0,
        }
    }

    /// An album chapter as the app shows it: introduction, picks, and each
    /// photo with its caption, choice, group and details.
    fn of_album(c: &AlbumChapter, details: &mut Details, generation: u64, lang: Lang) -> Self {
        let mut w = Self::with_photos(c.chapter, |d, m| {
            c.days[d].moments[m].photos.iter().map(|p| PlannedPhotoWire::of_album(p, details, generation)).collect()
        });
        // The chapter as the album's language names it ("Londres" / "London").
        w.title = c.chapter.titles.get(lang).to_owned();
        w.place = c.chapter.place.as_ref().map(|p| p.names.get(lang).to_owned());
        // A moment's title Recap made ("Matinée à Kyoto" / "Morning in Kyoto") in the same language.
        fn place_in(p: &recap::plan::PlannedPhoto, lang: Lang) -> Option<&str> {
            p.place.names.as_ref().map(|n| n.get(lang)).or(p.place.name.as_deref())
        }
        let name = |p| place_in(p, lang);
        for (wd, d) in w.days.iter_mut().zip(&c.chapter.days) {
            wd.place = most_common(d.moments.iter().flat_map(|m| &m.photos).map(name));
            for (wm, m) in wd.moments.iter_mut().zip(&d.moments) {
                if let Some(t) = &m.titles {
                    wm.title = Some(t.get(lang).to_owned());
                }
                wm.place = most_common(m.photos.iter().map(name));
                for (wp, p) in wm.photos.iter_mut().zip(&m.photos) {
                    wp.place_name = name(p).map(str::to_owned);
                }
            }
        }
        let i = &c.intro;
        w.intro = LangTextWire { fr: i.fr.clone(), en: i.en.clone() };
        w.intro_edited = i.fr_edited || i.en_edited;
        w.intro_edited_langs = IntroEditedWire { fr: i.fr_edited, en: i.en_edited };
        w.picks = c.picks;
        w
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayWire {
    /// The trip day (`2017-06-09`); photos after midnight may belong to the day before.
    pub date: String,
    pub photos: usize,
    /// The place most of its photos are in.
    pub place: Option<String>,
    pub moments: Vec<MomentWire>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MomentWire {
    /// Stable within a plan: `<chapter id>/<date>/<index>`.
    pub id: String,
    /// The agenda event's name, when one matches.
    pub title: Option<String>,
    /// Local times with their offset: `2017-06-09T22:58:00+02:00`.
    pub start: String,
    pub end: String,
    /// The place most of its photos are in.
    pub place: Option<String>,
    pub photos: Vec<PlannedPhotoWire>,
}

/// The most common place name; ties go to the first seen.
fn most_common<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, name) in names.enumerate() {
        if let Some(name) = name {
            counts.entry(name).or_insert((0, i)).0 += 1;
        }
    }
    counts.into_iter().max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first))).map(|(name, _)| name.to_owned())
}

impl MomentWire {
    fn with_id(mut self, id: String) -> Self {
        self.id = id;
        self
    }
}

impl MomentWire {
    fn new(m: &Moment, photos: Vec<PlannedPhotoWire>) -> Self {
        let place = most_common(m.photos.iter().map(|p| p.place.name.as_deref()));
        Self {
            id: String::new(),
            title: m.title.clone(),
            start: local_time!(m.start),
            end: local_time!(m.end),
            place,
            photos,
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
    /// Its number in the trip's photo table (as in `thumb:` URLs); the id
    /// edits name it by.
    pub id: Option<usize>,
    /// URL of the viewer image (long edge 1600 px).
    pub preview: Option<String>,
    /// The caption an export in the session's language writes (without the credit).
    pub caption: String,
    pub caption_edited: bool,
    /// The caption's title: the moment, else the chapter.
    pub caption_title: String,
    /// "Photo : Étienne L."
    pub credit: String,
    /// "Canon EOS 80D".
    pub camera: Option<String>,
    /// Its device's key (`DeviceWire.key`), for the clocks panel.
    pub device: String,
    /// The camera's own reading (`2017-06-04T10:32:00`, no zone).
    pub original_time: Option<String>,
    /// The correction applied to its device's clock, in minutes.
    pub offset_minutes: i32,
    /// IANA zone of `localTime`.
    pub zone: String,
    /// The contributor's display name.
    pub contributor_name: String,
    /// Upright size in pixels, when known.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Curation; null/false/0 until the curation core lands.
    pub group: Option<String>,
    pub group_kind: Option<String>,
    pub group_size: usize,
    pub best: bool,
    /// `"pick"`, `"reject"` or null.
    pub pick: Option<String>,
    /// 0 to 5.
    pub stars: u8,
    /// Every participant who had this exact photo.
    pub contributors: Vec<String>,
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
            id: None,
            preview: None,
            caption: String::new(),
            caption_edited: false,
            caption_title: String::new(),
            credit: String::new(),
            camera: None,
            device: p.device.clone(),
            original_time: None,
            offset_minutes: 0,
            zone: String::new(),
            contributor_name: p.contributor.clone(),
            width: None,
            height: None,
            group: None,
            group_kind: None,
            group_size: 0,
            best: false,
            pick: None,
            stars: 0,
            contributors: vec![p.contributor.clone()],
        }
    }
}

impl PlannedPhotoWire {
    /// A photo of the album: the plan's fields and what the album and the
    /// session's details say of it. A planned file that is not a scanned
    /// photo keeps the plan's fields alone.
    fn of_album(p: &AlbumPhoto, details: &mut Details, generation: u64) -> Self {
        let mut w = Self::from(p.planned);
        let (Some(i), Some(meta)) = (p.id, p.meta) else { return w };
        let base = thumb_base();
        let d = details.of(meta, p.planned);
        let choice = p.choice();
        w.id = Some(i);
        w.thumb = Some(format!("{base}{generation}/{i}"));
        w.placeholder = Some(format!("{base}{generation}/{i}/placeholder"));
        w.preview = Some(format!("{base}{generation}/{i}/preview"));
        w.caption = p.caption.text.clone();
        w.caption_edited = p.caption.edited;
        w.caption_title = p.caption.title.clone();
        w.credit = p.caption.credit.clone();
        w.contributor_name = p.caption.photographer.clone();
        w.camera = d.camera;
        w.original_time = d.original_time.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
        w.offset_minutes = d.offset_minutes;
        w.zone = d.zone;
        w.width = d.width;
        w.height = d.height;
        w.pick = choice.state.map(|s| {
            match s {
                ChoiceState::Pick => "pick",
                ChoiceState::Reject => "reject",
            }
            .to_owned()
        });
        w.stars = choice.stars;
        if let Some(g) = &p.group {
            w.group = Some(g.id.clone());
            w.group_kind = Some(g.kind.name().to_owned());
            w.group_size = g.size;
            w.best = g.best;
        }
        w.contributors.clone_from(&p.contributors);
        w
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

/// What an export would take ([`recap::export::outgoing`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingWire {
    /// Photos that would go out.
    pub photos: usize,
    /// The trip's planned photos.
    pub of: usize,
    /// Only the picks go out (else every photo not rejected).
    pub picks_only: bool,
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
    /// 0 to 1. Meaningless when `hand_set`: the user said so.
    pub confidence: f64,
    /// The device's photos that support the offset: those with a time-zone
    /// tag, a GPS time stamp, or that fall with another device's photos
    /// (as `source` says). "19 / 36" is 19 of its `total_photos`.
    pub photos: usize,
    /// All of the device's photos.
    pub total_photos: usize,
    /// How its times were read when no offset was learned (English).
    pub note: Option<String>,
    /// How people name the camera ("Nikon D5300", [`recap::camera::label`]);
    /// `None` when the photos carry no make or model.
    pub camera: Option<String>,
    /// The photos carry no camera tag at all (copies stripped by a
    /// messaging app): not a device whose clock one can judge.
    pub no_device: bool,
    /// The offset is the user's own (source `mission`), not a detection.
    pub hand_set: bool,
    /// What detection found, when the user's offset overrides it.
    pub detected_offset_minutes: Option<i32>,
    /// The correction "this camera is on home time" (trip zone minus home
    /// zone), the obvious fix to offer; `None` when the home is unknown or
    /// the clock is known from tags or GPS.
    pub zone_difference_minutes: Option<i32>,
    /// The home zone (IANA) that difference is counted from.
    pub home_zone: Option<String>,
    /// A small, consistent clock error on top of `offset_minutes`, applied.
    pub drift_seconds: Option<i32>,
    /// The next best correction in minutes.
    pub runner_up: Option<i32>,
    /// Few photos line up, or the runner-up nearly as many: check by eye.
    pub doubtful: bool,
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
            camera: recap::camera::label(d.make.as_deref(), d.model.as_deref()),
            no_device: [&d.make, &d.model, &d.serial].iter().all(|t| t.as_deref().is_none_or(|t| t.trim().is_empty())),
            hand_set: d.source == OffsetSource::Mission,
            detected_offset_minutes: d.detected_offset_minutes,
            zone_difference_minutes: d.zone_difference_minutes,
            home_zone: d.home_zone.clone(),
            drift_seconds: d.drift_seconds,
            runner_up: d.runner_up,
            doubtful: d.doubtful,
        }
    }
}

/// One of a device's photos next to the group's nearest one, at the
/// device's current correction ([`recap::plan::clock_evidence`]): the same
/// scene when the clock is right.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceWire {
    pub photo: EvidencePhotoWire,
    pub other: EvidencePhotoWire,
    /// The other's time minus the device photo's, in seconds.
    pub seconds_apart: i64,
}

/// A photo of an [`EvidenceWire`], with the grid's thumbnail URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidencePhotoWire {
    /// Its number in the trip's photo table (as in `thumb:` URLs).
    pub id: Option<usize>,
    pub thumb: Option<String>,
    pub file_name: String,
    /// Local time at the current corrections (`2017-06-04T10:32:00+02:00`).
    pub local_time: String,
    /// The participant's folder name (`PlannedPhotoWire.contributor`).
    pub contributor: String,
    pub device: String,
}

impl EvidenceWire {
    /// The session's pairs for `device` ([`Session::clock_evidence`]), their
    /// thumbnails of `generation`.
    pub fn list(s: &Session, pairs: Vec<recap::plan::EvidencePair>, device: &str, generation: u64) -> Vec<Self> {
        let r = s.report();
        let ids: HashMap<&Path, usize> = r.scan.photos.iter().enumerate().map(|(i, p)| (p.path.as_path(), i)).collect();
        let contributor = r.plan.devices.iter().find(|d| d.key == device).map(|d| d.contributor.clone());
        let photo = |path: &Path, local_time: String, contributor: String, device: &str| {
            let id = ids.get(path).copied();
            EvidencePhotoWire {
                id,
                thumb: id.map(|i| format!("{}{generation}/{i}", thumb_base())),
                file_name: file_name(path),
                local_time,
                contributor,
                device: device.to_owned(),
            }
        };
        pairs
            .into_iter()
            .map(|e| Self {
                photo: photo(&e.photo, local_time!(e.photo_time), contributor.clone().unwrap_or_default(), device),
                other: photo(&e.other, local_time!(e.other_time), e.other_contributor, &e.other_device),
                seconds_apart: e.seconds_apart,
            })
            .collect()
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

/// How the app was launched (`--demo`, a path to open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchWire {
    pub demo: bool,
    /// The app's version.
    pub version: &'static str,
    /// `recap-app PATH`: what to open at start (absent: the start screen).
    pub open: Option<OpenWire>,
}

/// A path the app was given to open, on its command line or by a second
/// launch handing it over (the `open-path` event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenWire {
    /// Absolute.
    pub path: String,
    /// "mission": a mission file to open; "folder": photos to make a new mission of.
    pub kind: &'static str,
    /// The folder's own name: the new mission's name ("" for a mission file).
    pub name: String,
}

/// One edit, as the UI sends it (`{kind: "rename", chapter, title}`…).
/// Photos are named by id; [`EditWire::into_edit`] maps them to the
/// mission's keys. A rename's `lang` is the UI's language, the one the title
/// was typed in (absent: French). A home zone is an IANA name; `None` or
/// blank: found from the departure photos again. A story text's `target` is
/// `title`, `intro`, `closing`, `chapter:ID` or `day:YYYY-MM-DD`; a null
/// story text, day's photos or cover goes back to Recap's own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum EditWire {
    Clock { device: String, mode: String, minutes: Option<i32> },
    Rename { chapter: String, title: String, lang: Option<String> },
    HomeZone { zone: Option<String> },
    Merge { chapters: Vec<String> },
    Split { photo: usize },
    Order { chapters: Vec<String> },
    Move { photos: Vec<usize>, chapter: String },
    Participant { folder: String, name: String },
    PersonAdd { name: String },
    PersonRemove { name: String },
    PersonLink { folder: String, to: String },
    PersonUnlink { folder: String },
    MissionName { name: String },
    Caption { photo: usize, text: Option<String> },
    Template { lang: String, text: Option<String> },
    Intro { chapter: String, lang: String, text: Option<String> },
    Pick { photos: Vec<usize>, state: String },
    Stars { photos: Vec<usize>, stars: u8 },
    Agenda { file: String },
    Best { photo: usize },
    Alone { photo: usize, alone: bool },
    StoryText { target: String, lang: String, text: Option<String> },
    StoryPhotos { day: String, photos: Option<Vec<usize>> },
    StoryCover { photo: Option<usize> },
}

pub fn parse_lang(s: &str) -> Result<Lang, IpcError> {
    s.parse::<Lang>().map_err(|e| IpcError::new("invalid", e))
}

impl EditWire {
    /// The core's edit; `key(id)` gives a photo's key in the mission.
    pub fn into_edit(self, key: impl Fn(usize) -> Result<String, IpcError>) -> Result<Edit, IpcError> {
        let keys = |ids: Vec<usize>| ids.into_iter().map(&key).collect::<Result<Vec<String>, IpcError>>();
        Ok(match self {
            EditWire::Clock { device, mode, minutes } => {
                let mode = match (mode.as_str(), minutes) {
                    ("set", Some(m)) => ClockMode::Set(m),
                    ("set", None) => return Err(IpcError::new("invalid", "a clock set needs its minutes")),
                    ("clear", _) => ClockMode::Clear,
                    ("auto", _) => ClockMode::Auto,
                    (other, _) => {
                        return Err(IpcError::new("invalid", format!("clock mode {other:?}: say set, clear or auto")))
                    }
                };
                Edit::Clock { device, mode }
            }
            EditWire::Rename { chapter, title, lang } => {
                let lang = match lang {
                    Some(l) => l.parse().map_err(|e: String| IpcError::new("invalid", e))?,
                    None => recap::lang::Lang::Fr,
                };
                Edit::Rename { chapter, title, lang }
            }
            EditWire::Merge { chapters } => Edit::Merge { chapters },
            EditWire::Split { photo } => Edit::Split { photo: key(photo)? },
            EditWire::Order { chapters } => Edit::Order { chapters },
            EditWire::Move { photos, chapter } => Edit::Move { photos: keys(photos)?, chapter },
            EditWire::Participant { folder, name } => Edit::Participant { folder, name },
            EditWire::HomeZone { zone } => Edit::HomeZone { zone },
            EditWire::PersonAdd { name } => Edit::PersonAdd { name },
            EditWire::PersonRemove { name } => Edit::PersonRemove { name },
            EditWire::PersonLink { folder, to } => Edit::PersonLink { folder, to },
            EditWire::PersonUnlink { folder } => Edit::PersonUnlink { folder },
            EditWire::MissionName { name } => Edit::MissionName { name },
            EditWire::Caption { photo, text } => Edit::Caption { photo: key(photo)?, text },
            EditWire::Template { lang, text } => Edit::Template { lang: parse_lang(&lang)?, text },
            EditWire::Intro { chapter, lang, text } => Edit::Intro { chapter, lang: parse_lang(&lang)?, text },
            EditWire::Pick { photos, state } => {
                let state = match state.as_str() {
                    "pick" => PickState::Pick,
                    "reject" => PickState::Reject,
                    "none" => PickState::None,
                    other => {
                        return Err(IpcError::new("invalid", format!("pick state {other:?}: say pick, reject or none")))
                    }
                };
                Edit::Pick { photos: keys(photos)?, state }
            }
            EditWire::Stars { photos, stars } => Edit::Stars { photos: keys(photos)?, stars },
            EditWire::Agenda { file } => Edit::Agenda { file: PathBuf::from(file) },
            EditWire::Best { photo } => Edit::Best { photo: key(photo)? },
            EditWire::Alone { photo, alone } => Edit::Alone { photos: vec![key(photo)?], alone },
            EditWire::StoryText { target, lang, text } => Edit::StoryText {
                target: target.parse().map_err(|e: String| IpcError::new("invalid", e))?,
                lang: parse_lang(&lang)?,
                text,
            },
            EditWire::StoryPhotos { day, photos } => Edit::StoryPhotos {
                day: day
                    .trim()
                    .parse()
                    .map_err(|_| IpcError::new("invalid", format!("{day:?} is not a date like 2017-06-06")))?,
                photos: photos.map(keys).transpose()?,
            },
            EditWire::StoryCover { photo } => Edit::StoryCover { photo: photo.map(&key).transpose()? },
        })
    }
}

/// An earlier version of the open mission file (`mission_versions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionWire {
    /// 1 is the newest; what `restore_version` takes.
    pub number: usize,
    /// RFC 3339, when that version was saved.
    pub saved_at: Option<String>,
    /// The mission's name in that version (`None`: it does not read).
    pub name: Option<String>,
    pub bytes: u64,
}

impl From<&recap::mission::Version> for VersionWire {
    fn from(v: &recap::mission::Version) -> Self {
        Self { number: v.number, saved_at: v.saved_at.map(|t| t.to_rfc3339()), name: v.name.clone(), bytes: v.bytes }
    }
}

/// A mission the app opened lately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentWire {
    pub path: String,
    pub name: String,
    /// RFC 3339.
    pub opened_at: String,
    pub exists: bool,
}

impl From<&recap::recent::Recent> for RecentWire {
    fn from(r: &recap::recent::Recent) -> Self {
        Self {
            path: r.path.display().to_string(),
            name: r.name.clone(),
            opened_at: r.opened_at.to_rfc3339(),
            exists: r.exists(),
        }
    }
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportWire {
    pub out: String,
    /// Files written by this run.
    pub written: usize,
    /// Files an earlier run had made and that were kept.
    pub skipped: usize,
    pub failed: Vec<ExportFailureWire>,
    /// Files in the export (written + skipped).
    pub files: usize,
    pub seconds: f64,
    /// Photos in the export.
    pub photos: usize,
    /// Files of an earlier run no longer wanted, removed.
    pub removed: usize,
    /// Photos rejected, not picked, or set apart by the plan.
    pub left_out: usize,
    /// Things done differently than asked (English).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportFailureWire {
    pub path: String,
    pub code: String,
    pub message: String,
}

impl ExportWire {
    pub fn new(r: &recap::export::ExportReport, seconds: f64) -> Self {
        Self {
            out: r.out.display().to_string(),
            written: r.written,
            skipped: r.kept,
            failed: r
                .failed
                .iter()
                .map(|f| ExportFailureWire {
                    path: f.path.display().to_string(),
                    // The core's own code (a render's, `internal`…), not one guessed from words.
                    code: f.code.to_owned(),
                    message: f.reason.clone(),
                })
                .collect(),
            files: r.written + r.kept,
            seconds,
            photos: r.photos,
            removed: r.removed,
            left_out: r.left_out,
            warnings: r.warnings.clone(),
        }
    }
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The open trip's story in one language (`story`), as the Récit tab shows
/// it: the core's [`recap::story::Story`], photos by their trip id with
/// their `thumb:` URL, and whether the cover is the user's choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryWire {
    /// `fr` or `en`: the language of every text below.
    pub lang: String,
    pub title: StoryTextWire,
    /// "du 3 au 11 juin 2017" / "June 3–11, 2017".
    pub dates: String,
    /// `YYYY-MM-DD`.
    pub start: Option<String>,
    pub end: Option<String>,
    pub route: Vec<RouteStopWire>,
    pub cover: Option<StoryPhotoWire>,
    /// The user chose the cover (else Recap's best-rated pick).
    pub cover_chosen: bool,
    pub intro: StoryTextWire,
    pub chapters: Vec<StoryChapterWire>,
    pub highlights: Vec<String>,
    pub closing: StoryTextWire,
    pub credits: Vec<CreditWire>,
    pub people: Vec<String>,
    pub photo_count: usize,
}

/// A text of the story; `draft`: Recap's words, not (yet) the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryTextWire {
    pub text: String,
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryPhotoWire {
    /// The photo's id in the trip (`PlannedPhotoWire.id`): what story edits name it by.
    pub id: usize,
    pub key: String,
    pub caption: String,
    pub credit: String,
    pub width: u32,
    pub height: u32,
    /// Its grid thumbnail (`thumb:` scheme).
    pub thumb: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryDayWire {
    /// `YYYY-MM-DD`: what a `storyPhotos` edit names the day by.
    pub date: String,
    pub heading: String,
    pub place: String,
    pub text: StoryTextWire,
    pub photos: Vec<StoryPhotoWire>,
    /// The user chose and ordered them; false: Recap's choice.
    pub photos_chosen: bool,
    pub photo_count: usize,
    pub photographers: usize,
    pub highlights: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryChapterWire {
    /// The chapter's id: a `storyText` edit's target is `chapter:ID`.
    pub id: String,
    pub title: String,
    /// `stage` or `travel`.
    pub kind: String,
    pub text: StoryTextWire,
    pub days: Vec<StoryDayWire>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStopWire {
    pub chapter: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub nights: u32,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditWire {
    pub name: String,
    pub photos: usize,
}

impl From<&recap::story::StoryText> for StoryTextWire {
    fn from(t: &recap::story::StoryText) -> Self {
        Self { text: t.text.clone(), draft: t.draft }
    }
}

impl StoryWire {
    /// `story` as the web view reads it; `generation` is the trip's, for thumbnail URLs.
    pub fn new(story: &recap::story::Story, cover_chosen: bool, generation: u64) -> Self {
        let base = thumb_base();
        let photo = |p: &recap::story::StoryPhoto| StoryPhotoWire {
            id: p.id,
            key: p.key.clone(),
            caption: p.caption.clone(),
            credit: p.credit.clone(),
            width: p.width,
            height: p.height,
            thumb: format!("{base}{generation}/{}", p.id),
        };
        Self {
            lang: story.lang.code().to_owned(),
            title: (&story.title).into(),
            dates: story.dates.clone(),
            start: story.start.map(|d| d.format("%Y-%m-%d").to_string()),
            end: story.end.map(|d| d.format("%Y-%m-%d").to_string()),
            route: story
                .route
                .iter()
                .map(|r| RouteStopWire {
                    chapter: r.chapter.clone(),
                    name: r.name.clone(),
                    lat: r.lat,
                    lon: r.lon,
                    nights: r.nights,
                    country: r.country.clone(),
                })
                .collect(),
            cover: story.cover.as_ref().map(photo),
            cover_chosen,
            intro: (&story.intro).into(),
            chapters: story
                .chapters
                .iter()
                .map(|c| StoryChapterWire {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    kind: c.kind.clone(),
                    text: (&c.text).into(),
                    days: c
                        .days
                        .iter()
                        .map(|d| StoryDayWire {
                            date: d.date.format("%Y-%m-%d").to_string(),
                            heading: d.heading.clone(),
                            place: d.place.clone(),
                            text: (&d.text).into(),
                            photos: d.photos.iter().map(photo).collect(),
                            photos_chosen: d.photos_chosen,
                            photo_count: d.photo_count,
                            photographers: d.photographers,
                            highlights: d.highlights.clone(),
                        })
                        .collect(),
                })
                .collect(),
            highlights: story.highlights.clone(),
            closing: (&story.closing).into(),
            credits: story.credits.iter().map(|c| CreditWire { name: c.name.clone(), photos: c.photos }).collect(),
            people: story.people.clone(),
            photo_count: story.photo_count,
        }
    }
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
    fn inside_a_photo_folder_reaches_the_ui_with_one_code() {
        let (path, source_folder) = (PathBuf::from("/m/Zoé/out"), PathBuf::from("/m/Zoé"));
        let mission =
            recap::mission::MissionError::InsideSource { path: path.clone(), source_folder: source_folder.clone() };
        let session =
            recap::session::SessionError::InsideSource { path: path.clone(), source_folder: source_folder.clone() };
        let export = recap::Error::InsideSource { path, source_folder };
        for e in [IpcError::from(mission), IpcError::from(session), IpcError::from(export)] {
            assert_eq!(e.code, "inside_source", "{e}");
        }
        // A programme refused keeps its own code through the core's error.
        let agenda = recap::Error::from(recap::agenda::AgendaError::NotCalendar("notes.ics".into()));
        assert_eq!(IpcError::from(agenda).code, "agenda_not_calendar");
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
            skipped: vec![Skipped::new(
                "/m/Alex/bad.jpg".into(),
                &recap::model::FileProblem::Truncated("JPEG (no image data)".into()),
            )],
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

    #[test]
    fn edits_parse_by_kind_and_name_photos_by_id() {
        let key = |id: usize| if id < 10 { Ok(format!("/m/p{id}.jpg")) } else { Err(IpcError::new("not_found", "no")) };
        let parse = |v: serde_json::Value| -> Result<Edit, IpcError> {
            serde_json::from_value::<EditWire>(v).map_err(|e| IpcError::new("invalid", e.to_string()))?.into_edit(key)
        };
        assert_eq!(
            parse(json!({ "kind": "clock", "device": "Zoé | Apple", "mode": "set", "minutes": -360 })),
            Ok(Edit::Clock { device: "Zoé | Apple".into(), mode: ClockMode::Set(-360) })
        );
        assert_eq!(
            parse(json!({ "kind": "move", "photos": [1, 2], "chapter": "c" })),
            Ok(Edit::Move { photos: vec!["/m/p1.jpg".into(), "/m/p2.jpg".into()], chapter: "c".into() })
        );
        assert_eq!(
            parse(json!({ "kind": "caption", "photo": 3, "text": null })),
            Ok(Edit::Caption { photo: "/m/p3.jpg".into(), text: None })
        );
        assert_eq!(
            parse(json!({ "kind": "intro", "chapter": "c", "lang": "en", "text": "Hi" })),
            Ok(Edit::Intro { chapter: "c".into(), lang: Lang::En, text: Some("Hi".into()) })
        );
        assert_eq!(
            parse(json!({ "kind": "pick", "photos": [0], "state": "none" })),
            Ok(Edit::Pick { photos: vec!["/m/p0.jpg".into()], state: PickState::None })
        );
        let code = |v| parse(v).err().map(|e| e.code);
        assert_eq!(code(json!({ "kind": "split", "photo": 11 })).as_deref(), Some("not_found"));
        assert_eq!(code(json!({ "kind": "clock", "device": "d", "mode": "set" })).as_deref(), Some("invalid"));
        assert_eq!(code(json!({ "kind": "template", "lang": "de", "text": "x" })).as_deref(), Some("invalid"));
        assert_eq!(code(json!({ "kind": "pick", "photos": [0], "state": "maybe" })).as_deref(), Some("invalid"));
        assert_eq!(code(json!({ "kind": "explode" })).as_deref(), Some("invalid"));
    }

    /// The UI refuses a clock correction by this number: it once had its
    /// own, 200 times the core's.
    #[test]
    fn a_trip_tells_the_ui_the_cores_clock_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).expect("photos");
        let cancel = recap::Cancel::new();
        let s = Session::start(
            recap::mission::Mission::unnamed(),
            None,
            vec![photos],
            &dir.path().join("cache"),
            &recap::progress::silent,
            &cancel,
        );
        let s = s.expect("an empty folder opens");
        let v = serde_json::to_value(TripWire::from_session(&s, 1, Lang::Fr)).unwrap_or_default();
        assert_eq!(v["maxOffsetMinutes"], json!(recap::plan::DeviceOffset::MAX_MINUTES));
        assert_eq!(v["maxOffsetMinutes"], json!(2880));
        assert_eq!(v["templateFields"].as_array().map(Vec::len), Some(recap::caption::TEMPLATE_FIELDS.len()));
    }

    /// The demo mission written to a temporary folder and opened (the folder
    /// lives as long as the guard).
    fn demo_session() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mission_path = dir.path().join("mission.toml");
        recap::demo::write_demo_mission(&dir.path().join("photos"), &mission_path).expect("demo");
        let s =
            Session::open(&mission_path, &dir.path().join("cache"), &recap::progress::silent, &recap::Cancel::new())
                .expect("open");
        (dir, s)
    }

    #[test]
    fn a_session_trip_has_ids_captions_picks_and_participants() {
        let (_dir, mut s) = demo_session();
        let trip = |s: &Session| serde_json::to_value(TripWire::from_session(s, 7, Lang::Fr)).unwrap_or_default();
        let v = trip(&s);
        let p = &v["plan"]["chapters"][0]["days"][0]["moments"][0]["photos"][0];
        let id = p["id"].as_u64().expect("an id") as usize;
        assert_eq!(p["thumb"], json!(format!("{}7/{id}", thumb_base())));
        assert_eq!(p["preview"], json!(format!("{}7/{id}/preview", thumb_base())));
        assert!(p["caption"].as_str().is_some_and(|c| c.contains("juin 2017")), "{p}");
        assert_eq!((p["pick"].clone(), p["stars"].clone(), p["best"].clone()), (json!(null), json!(0), json!(false)));
        assert!(p["zone"].as_str().is_some_and(|z| z.contains('/')), "{p}");
        assert!(p["device"].as_str().is_some_and(|d| d.starts_with(p["contributor"].as_str().unwrap_or("?"))));
        let moment = &v["plan"]["chapters"][0]["days"][0]["moments"][0];
        assert!(moment["id"].as_str().is_some_and(|m| m.ends_with("/0")), "{moment}");
        assert!(v["plan"]["chapters"][0]["intro"]["fr"].as_str().is_some_and(|t| t.contains("juin")));
        assert_eq!(v["captionTemplate"]["fr"], json!("{moment}, {place}, {date}"));
        assert_eq!(v["participants"].as_array().map(Vec::len), Some(recap::demo::PARTICIPANTS.len()));
        assert_eq!((v["canUndo"].clone(), v["undoLabel"].clone()), (json!(false), json!(null)));
        assert!(v["missionPath"].as_str().is_some_and(|m| m.ends_with("mission.toml")));
        assert_eq!(v["generation"], json!(7));
        assert_eq!(v["curated"], json!(false), "a trip is shown before it is curated");

        let edit = serde_json::from_value::<EditWire>(json!({ "kind": "stars", "photos": [id], "stars": 3 }))
            .expect("wire")
            .into_edit(|i| s.photo_key(i).map_err(IpcError::from))
            .expect("edit");
        s.apply(&edit).expect("apply");
        let v = trip(&s);
        let p = &v["plan"]["chapters"][0]["days"][0]["moments"][0]["photos"][0];
        assert_eq!((p["id"].clone(), p["stars"].clone()), (json!(id), json!(3)));
        assert_eq!((v["canUndo"].clone(), v["undoLabel"].clone()), (json!(true), json!("stars")));
    }

    /// The clocks panel once showed "NIKON CORPORATION NIKON D5300", four
    /// buttons for stripped copies, and a hand-set offset as source
    /// "mission" at "100 %"; the export dialog could not say what goes out.
    #[test]
    fn clock_rows_say_camera_copies_and_hand_set_and_the_trip_says_what_goes_out() {
        let (_dir, mut s) = demo_session();
        let trip = |s: &Session| serde_json::to_value(TripWire::from_session(s, 1, Lang::Fr)).unwrap_or_default();
        let v = trip(&s);
        let devices = v["plan"]["devices"].as_array().cloned().unwrap_or_default();
        let canon = devices.iter().find(|d| d["model"] == json!("Canon EOS 80D")).expect("the demo's Canon");
        assert_eq!(canon["camera"], json!("Canon EOS 80D"), "the maker once");
        assert_eq!((canon["noDevice"].clone(), canon["handSet"].clone()), (json!(false), json!(false)));
        for d in &devices {
            let tagless = d["make"].is_null() && d["model"].is_null();
            assert_eq!(d["noDevice"], json!(tagless), "{d}");
            assert!(d["photos"].as_u64() <= d["totalPhotos"].as_u64(), "{d}");
        }
        let o = &v["outgoing"];
        assert_eq!(o["picksOnly"], json!(false));
        assert!(o["photos"].as_u64().is_some_and(|n| n > 0) && o["photos"] == o["of"], "nothing rejected: {o}");

        let key = canon["key"].as_str().expect("key").to_owned();
        let detected = canon["offsetMinutes"].clone();
        s.apply(&Edit::Clock { device: key.clone(), mode: ClockMode::Set(0) }).expect("clock");
        let v = trip(&s);
        let canon = v["plan"]["devices"].as_array().and_then(|d| d.iter().find(|d| d["key"] == json!(key)).cloned());
        let canon = canon.expect("still a row");
        assert_eq!((canon["handSet"].clone(), canon["offsetMinutes"].clone()), (json!(true), json!(0)));
        assert_eq!(canon["detectedOffsetMinutes"], detected, "what Recap had proposed");

        let first = v["plan"]["chapters"][0]["days"][0]["moments"][0]["photos"][0]["id"].as_u64().expect("id");
        let pick = serde_json::from_value::<EditWire>(json!({ "kind": "pick", "photos": [first], "state": "pick" }))
            .expect("wire")
            .into_edit(|i| s.photo_key(i).map_err(IpcError::from))
            .expect("edit");
        s.apply(&pick).expect("pick");
        let o = trip(&s)["outgoing"].clone();
        assert_eq!((o["photos"].clone(), o["picksOnly"].clone()), (json!(1), json!(true)), "{o}");
    }
}
