//! Planning: every photo in the trip's own time and place, cut into chapters,
//! days and moments that the user can edit (issue 3).
//!
//! Pure computation over [`PhotoMeta`] values: nothing here touches the disk.
//!
//! - Time (`time.rs`): a photo's instant comes from its OffsetTimeOriginal;
//!   else from its device's clock offset learned from GPS UTC stamps (the
//!   most common one within 3 h, so a stale fix is outvoted and a change of
//!   zone followed); else from the zone of its GPS position; else its wall
//!   clock is read in the trip's zone and, for devices with neither GPS nor
//!   offset tags, corrected by the best of its candidates (`time::choose`):
//!   on home time (the zone difference, photo by photo, so a summer-time
//!   change is followed), right as it is, or, only when the group's photos
//!   clearly say so, an offset of its own; then a consistent drift. The home
//!   zone is the mission's, else that of the departure photos (`home_of`).
//!   Its local time is then given in the zone of its place. Days roll over at
//!   `day_start_hour`. Missing and absurd dates go to `unplaced`.
//! - Place (`place.rs`): GPS → principal city; no GPS → the group's closest
//!   GPS photo within ±2 h ("estimated"); agenda events refine the venue.
//! - Grouping (`group.rs`): chapters are stays. A night is spent where the
//!   evening's last photo and the next morning's first agree (when they
//!   differ, at whichever of the two is a base on another night);
//!   consecutive nights at one base are one stage chapter. A day belongs to
//!   the stay of the night before up to its last photo there, and to the
//!   stay of the night after from its first photo there; a day that starts
//!   and ends at one base is all that stay's, its photos in other towns
//!   being same-day visits (`Moment::visit`, moments cut at their edges).
//!   What lies between two bases, or before the first and after the last
//!   (home, airports, stations, roads), is cut into runs of one city
//!   (a return within `stage_min_hours` folded in as before): travel
//!   chapters, or stages when they span `stage_min_hours` with no night
//!   to tell. Then the user's edits.
//!
//! Device clock offsets (`DeviceReport::offset_minutes`) are corrections:
//! minutes added to what the automatic sources say. For a device aligned with
//! the group, its wall clock + offset = the trip zone's time (a camera left on
//! Québec time in France: +360), the meaning [`DeviceOffset::Minutes`] has in
//! the mission file.

mod agenda;
pub mod edits;
mod evidence;
mod group;
mod place;
mod time;

pub use evidence::{clock_evidence, EvidencePair};
pub use group::{chapter_id, slug};
pub use time::{
    align, choose, local_to_utc, main_span, parse_offset, trip_day, zone_difference, Alignment, Candidate, Choice,
};

use crate::model::{DateSource, PhotoMeta};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use chrono_tz::Tz;
use place::{Fix, Lookup};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Tunables; the defaults suit a group trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanSettings {
    /// Trip days roll over at this local hour.
    pub day_start_hour: u32,
    /// IANA name ("Europe/Paris"). `None`: the most common zone among GPS photos.
    pub trip_zone: Option<String>,
    /// Where the group comes from (IANA, "America/Toronto"): the zone a
    /// camera left on home time is on. `None`: found from the departure photos.
    pub home_zone: Option<String>,
    /// A moment ends after this long without a photo.
    pub moment_gap_minutes: i64,
    /// A moment ends when the next photo is this far from the previous one.
    pub moment_distance_km: f64,
    /// How far in time a GPS photo may be to place a photo without GPS.
    pub estimate_window_minutes: i64,
    /// Where no night tells the group's base (a trip of one day, the
    /// places between two stays): a city where the group spends at least
    /// this long is a stage, and a return within it is an excursion.
    pub stage_min_hours: f64,
    /// How close an aligned photo must fall to another device's photo.
    pub align_tolerance_minutes: i64,
    /// Dates farther than this from the trip's main span are set apart.
    pub far_date_days: i64,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            day_start_hour: 4,
            trip_zone: None,
            home_zone: None,
            moment_gap_minutes: 90,
            moment_distance_km: 2.0,
            estimate_window_minutes: 120,
            stage_min_hours: 6.0,
            align_tolerance_minutes: 5,
            far_date_days: 30,
        }
    }
}

/// The user's corrections (stored in the mission file) are applied after the
/// automatic plan; entries naming devices, chapters or photos that no longer
/// exist are ignored, and kept should they come back.
pub use edits::{ChapterEdits, DeviceOffset, Edits, TimeSettings};

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub chapters: Vec<Chapter>,
    pub unplaced: Vec<Unplaced>,
    pub devices: Vec<DeviceReport>,
    /// IANA name of the zone aligned clocks and place-less photos are read in.
    pub trip_zone: String,
    /// Where the group comes from (IANA): the mission's setting, else the
    /// zone of the departure photos (see `home_of`).
    pub home_zone: Option<String>,
    /// The city of the departure photos ("heure de Montréal"), when they
    /// carry GPS and lie in the home zone.
    pub home_place: Option<PlaceInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    /// A city where the group stayed.
    Stage,
    /// Departure, airports, brief stops between stages.
    Travel,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Stable across rescans: city slug + first trip day (`angers-2017-06-04`).
    pub id: String,
    /// The French of `titles` (the app's default language).
    pub title: String,
    /// The title in both languages: the place's names ("Londres" /
    /// "London"), or the user's rename in the language it was typed and,
    /// in the other, the place's name when it was the place's, else the same text.
    pub titles: crate::lang::Localized,
    pub kind: ChapterKind,
    /// `{"name": null}` in JSON when no photo of the chapter has a place.
    #[serde(serialize_with = "place_or_unknown")]
    pub place: Option<PlaceInfo>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: Vec<Day>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceInfo {
    pub name: String,
    /// The name in French and English ("Londres" / "London"); `name` is
    /// GeoNames' own and the key of chapter ids.
    pub names: crate::lang::Localized,
    pub country: String,
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
}

impl PlaceInfo {
    /// The one way a gazetteer place becomes a plan's place (chapters,
    /// visits), so every place the plan names is named alike.
    pub fn of(c: &crate::geo::Place) -> PlaceInfo {
        PlaceInfo {
            name: c.name.clone(),
            names: c.names(),
            country: c.country.clone(),
            admin1: c.admin1.clone(),
            lat: c.lat,
            lon: c.lon,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub moments: Vec<Moment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Moment {
    /// The programme's event, else the French of `titles`.
    pub title: Option<String>,
    /// The title in both languages: made from the part of the day and the
    /// place ("Matinée à Kyoto" / "Morning in Kyoto", "Visite à Nara"), or
    /// the programme's text in both. `None` only for a moment not named yet.
    pub titles: Option<crate::lang::Localized>,
    /// The title is the programme's (a chapter's introduction lists those),
    /// not one Recap made from the clock and the map.
    pub programme: bool,
    /// A same-day visit away from the chapter's base (a town the group
    /// went to and came back from the same day): where. `null` at the base.
    pub visit: Option<PlaceInfo>,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub photos: Vec<PlannedPhoto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedPhoto {
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    pub local_time: DateTime<FixedOffset>,
    pub utc: DateTime<Utc>,
    pub place: PhotoPlace,
    pub contributor: String,
    /// [`device_key`] of the camera that took it.
    pub device: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhotoPlace {
    pub name: Option<String>,
    /// `name` in French and English.
    pub names: Option<crate::lang::Localized>,
    pub source: PlaceSource,
    pub country: Option<String>,
    /// The photo's own GPS position, or the one its place was estimated from.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceSource {
    Gps,
    Estimated,
    Agenda,
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OffsetSource {
    ExifOffset,
    GpsTime,
    Aligned,
    Mission,
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeviceReport {
    /// The key [`Edits::devices`] uses.
    pub key: String,
    pub contributor: String,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// Correction added to the automatic times (see the module docs).
    pub offset_minutes: i32,
    pub source: OffsetSource,
    pub confidence: f64,
    /// Photos supporting the offset (tagged, GPS-stamped or aligned).
    pub photos: usize,
    /// All of the device's photos.
    pub total_photos: usize,
    /// The clock's own UTC offset when tags or GPS stamps tell it (median).
    pub clock_utc_offset_minutes: Option<i32>,
    /// What the automatic detection found, when a mission edit overrides it.
    pub detected_offset_minutes: Option<i32>,
    /// How the device's times were read when no offset was learned.
    pub note: Option<String>,
    /// The correction that says "this camera is on home time": the trip
    /// zone's offset minus the home zone's, at the device's photos (the most
    /// common value when a daylight-saving change falls in the trip). `None`
    /// when the home zone is unknown or the device's clock is known.
    pub zone_difference_minutes: Option<i32>,
    /// The home zone (IANA) `zone_difference_minutes` is counted from.
    pub home_zone: Option<String>,
    /// A small clock error on top of `offset_minutes` (a camera 3 minutes
    /// fast: −180), applied to the device's times; only when its photos
    /// agree on it (see `time::drift`).
    pub drift_seconds: Option<i32>,
    /// The next best correction, in minutes, when one lines up any photo.
    pub runner_up: Option<i32>,
    /// The detection is weak: few photos line up, or the runner-up lines up
    /// nearly as many. Worth a look by eye.
    pub doubtful: bool,
}

/// The key of a photo's device in [`Edits::devices`] ([`edits::device_key`]).
pub fn device_key(p: &PhotoMeta) -> String {
    edits::device_key(&p.contributor, p.make.as_deref(), p.model.as_deref(), p.serial.as_deref())
}

/// How a photo's instant was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// Its own or its device's offset tag / GPS stamp, or a UTC video stamp.
    Clock,
    /// The zone of its own GPS position.
    PlaceZone,
    /// Read in the trip zone (maybe corrected by alignment).
    Trip,
}

/// One dated photo being planned.
struct Work {
    /// Index into the input.
    input: usize,
    device: usize,
    wall: NaiveDateTime,
    /// UTC milliseconds.
    utc: i64,
    basis: Basis,
    tag: Option<i32>,
    city: Option<&'static crate::geo::Place>,
    pos: Option<(f64, f64)>,
    source: PlaceSource,
    local: DateTime<FixedOffset>,
    day: NaiveDate,
}

struct Device {
    key: String,
    first: usize,
    contributor: usize,
}

impl PlanSettings {
    /// Defaults, with the mission file's time settings.
    pub fn from_time(time: &TimeSettings) -> Self {
        PlanSettings {
            day_start_hour: u32::from(time.day_start_hour),
            trip_zone: time.zone.clone(),
            home_zone: time.home_zone.clone(),
            ..PlanSettings::default()
        }
    }
}

/// Plans a trip. Every photo given ends up exactly once: in a chapter or in `unplaced`.
pub fn plan(photos: &[PhotoMeta], settings: &PlanSettings, edits: &Edits) -> Plan {
    plan_with_agenda(photos, settings, edits, &[])
}

/// [`plan`], naming moments after the programme's events (source "agenda").
///
/// The steps, in order: who took what ([`devices_of`]), usable dates
/// ([`dates`]), GPS places ([`gps_work`]) and the trip zone ([`trip_zone`]),
/// what each clock says ([`read_clocks`]), the fixed clocks ([`fix_clocks`]:
/// alignment and the user's verdicts), places for photos without GPS
/// ([`estimate_places`]), local times and trip days ([`local_times`]), then
/// chapters, days and moments ([`group::build`]) and their names from the
/// programme ([`agenda::name_moments`]).
pub fn plan_with_agenda(
    photos: &[PhotoMeta],
    settings: &PlanSettings,
    edits: &Edits,
    agenda: &[crate::agenda::AgendaEvent],
) -> Plan {
    let mut lookup = Lookup::default();
    let mut unplaced = Vec::new();
    let (devices, photo_device) = devices_of(photos);
    let dated = dates(photos, settings, &mut unplaced);
    let mut work = gps_work(photos, &dated, &photo_device, &mut lookup);
    let trip_zone = trip_zone(settings, &work, &mut lookup);
    let clocks = read_clocks(photos, &mut work, devices.len(), &mut lookup, trip_zone);
    let home = home_of(settings, photos, &work, &clocks, &mut lookup, trip_zone);
    let zones = Zones { trip: trip_zone, home: home.as_ref().map(|h| h.zone) };
    let reports = fix_clocks(photos, &mut work, &devices, &photo_device, &clocks, settings, edits, zones);
    estimate_places(&mut work, &devices, settings);
    local_times(photos, &mut work, &clocks.offset, &mut lookup, trip_zone, settings.day_start_hour);
    let mut chapters = group::build(photos, &devices_keys(&devices), &work, settings, edits);
    agenda::name_moments(&mut chapters, agenda, &mut lookup);
    Plan {
        chapters,
        unplaced,
        devices: reports,
        trip_zone: trip_zone.name().to_string(),
        home_zone: home.as_ref().map(|h| h.zone.name().to_string()),
        home_place: home.and_then(|h| h.place),
    }
}

/// Devices and contributors, in order of appearance, and each photo's device.
fn devices_of(photos: &[PhotoMeta]) -> (Vec<Device>, Vec<usize>) {
    let mut device_ids: HashMap<String, usize> = HashMap::new();
    let mut contributor_ids: HashMap<&str, usize> = HashMap::new();
    let mut devices: Vec<Device> = Vec::new();
    let photo_device: Vec<usize> = photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = contributor_ids.len();
            let contributor = *contributor_ids.entry(p.contributor.as_str()).or_insert(n);
            let key = device_key(p);
            let n = devices.len();
            *device_ids.entry(key.clone()).or_insert_with(|| {
                devices.push(Device { key, first: i, contributor });
                n
            })
        })
        .collect();
    (devices, photo_device)
}

/// One [`Work`] per dated photo, placed in the city of its GPS position
/// when it has one; times are not known yet.
fn gps_work(
    photos: &[PhotoMeta],
    dated: &[(usize, NaiveDateTime)],
    photo_device: &[usize],
    lookup: &mut Lookup,
) -> Vec<Work> {
    dated
        .iter()
        .map(|&(i, wall)| {
            let p = &photos[i];
            let pos = p.gps.filter(|g| g.lat.is_finite() && g.lon.is_finite()).map(|g| (g.lat, g.lon));
            let city = pos.and_then(|(lat, lon)| lookup.city(lat, lon));
            let epoch = DateTime::<Utc>::UNIX_EPOCH;
            Work {
                input: i,
                device: photo_device[i],
                wall,
                utc: 0,
                basis: Basis::Trip,
                tag: p.offset_time_original.as_deref().and_then(parse_offset),
                city,
                pos: pos.filter(|_| city.is_some()),
                source: if city.is_some() { PlaceSource::Gps } else { PlaceSource::None },
                local: epoch.fixed_offset(),
                day: epoch.date_naive(),
            }
        })
        .collect()
}

/// The trip zone: the one set, else the most common zone among GPS photos
/// (ties: the first name), else UTC.
fn trip_zone(settings: &PlanSettings, work: &[Work], lookup: &mut Lookup) -> Tz {
    settings
        .trip_zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .or_else(|| {
            let mut counts: HashMap<Tz, usize> = HashMap::new();
            for w in work {
                if let Some(z) = w.city.and_then(|c| lookup.zone(c)) {
                    *counts.entry(z).or_default() += 1;
                }
            }
            counts.into_iter().max_by_key(|&(z, n)| (n, std::cmp::Reverse(z.name()))).map(|(z, _)| z)
        })
        .unwrap_or(Tz::UTC)
}

/// What the photos say of their devices' clocks, before alignment.
struct Clocks {
    /// Per work item: the clock offset it was read with (its own, or the
    /// nearest of its device's), if any.
    offset: Vec<Option<i32>>,
    /// Per device: its photos' own clock offsets, by wall time.
    known: Vec<Vec<(NaiveDateTime, i32)>>,
    /// Per device: where its offset comes from (tags outrank GPS stamps).
    source: Vec<OffsetSource>,
    /// Per device: how many photos carry their own offset.
    support: Vec<usize>,
}

fn is_video_utc(photos: &[PhotoMeta], w: &Work) -> bool {
    photos[w.input].datetime_source == Some(DateSource::Container)
}

/// Reads each photo's instant from what it knows: its offset tag, its GPS
/// stamp, its device's other photos, the zone of its GPS place, else the
/// trip zone. Sets `utc` and `basis` of every work item.
fn read_clocks(photos: &[PhotoMeta], work: &mut [Work], devices: usize, lookup: &mut Lookup, trip_zone: Tz) -> Clocks {
    // Clock offsets each photo knows about itself: tag, or wall − GPS UTC.
    let own_clock: Vec<Option<i32>> = work
        .iter()
        .map(|w| {
            let p = &photos[w.input];
            if p.datetime_source == Some(DateSource::Container) {
                return Some(0); // container times are UTC
            }
            w.tag.or_else(|| {
                let diff = (w.wall - p.gps_utc?).num_minutes();
                let off = time::round_to_step(diff);
                (off.abs() <= i64::from(time::MAX_OFFSET_MINUTES)).then_some(off as i32)
            })
        })
        .collect();
    // Per device, its photos with a known clock offset, by wall time: photos
    // lacking one borrow the nearest (the phone may change zone mid-trip).
    let mut known: Vec<Vec<(NaiveDateTime, i32)>> = vec![Vec::new(); devices];
    for (w, c) in work.iter().zip(&own_clock) {
        // A video's UTC stamp says nothing about the device's clock.
        if let (Some(c), false) = (c, is_video_utc(photos, w)) {
            known[w.device].push((w.wall, *c));
        }
    }
    for k in &mut known {
        k.sort_unstable();
    }
    let mut source: Vec<OffsetSource> = vec![OffsetSource::None; devices];
    let mut support = vec![0usize; devices];
    for (w, c) in work.iter().zip(&own_clock) {
        if c.is_some() && !is_video_utc(photos, w) {
            support[w.device] += 1;
            let s = if w.tag.is_some() { OffsetSource::ExifOffset } else { OffsetSource::GpsTime };
            // Tags outrank GPS stamps for the device's label.
            if source[w.device] != OffsetSource::ExifOffset {
                source[w.device] = s;
            }
        }
    }
    let mut offset = own_clock;
    for (w, own) in work.iter_mut().zip(offset.iter_mut()) {
        // Tags are the camera's word; a GPS stamp can be a stale fix, so it
        // is outvoted by the device's stamps around it.
        let clock = match (w.tag, *own) {
            (Some(t), _) => Some(t),
            (None, Some(c)) if is_video_utc(photos, w) => Some(c),
            _ => local_mode(&known[w.device], w.wall),
        };
        *own = clock;
        let zone = w.city.and_then(|c| lookup.zone(c));
        let utc = match (clock, zone) {
            (Some(c), _) => {
                w.basis = Basis::Clock;
                w.wall - Duration::minutes(i64::from(c))
            }
            (None, Some(z)) => {
                w.basis = Basis::PlaceZone;
                local_to_utc(z, w.wall)
            }
            (None, None) => local_to_utc(trip_zone, w.wall),
        };
        w.utc = millis(utc);
    }
    Clocks { offset, known, source, support }
}

/// Where the group comes from.
struct Home {
    zone: Tz,
    /// The departure photos' city, when they carry GPS in that zone.
    place: Option<PlaceInfo>,
}

/// The trip zone and, when known, the home zone.
#[derive(Clone, Copy)]
struct Zones {
    trip: Tz,
    home: Option<Tz>,
}

/// The home zone: the mission's setting, else the zone of the trip's first
/// photos whose zone is known (GPS position, else their own offset tag or
/// GPS stamp), when at least two of them, in a row, lie in a zone other than
/// the trip's: the departure at home and at the home airport, before the
/// flight. Failing that, the last such photos (the return). A zone known only
/// by its offset is named `Etc/GMT±h`, or the first IANA zone with that offset
/// then (a half-hour zone).
fn home_of(
    settings: &PlanSettings,
    photos: &[PhotoMeta],
    work: &[Work],
    clocks: &Clocks,
    lookup: &mut Lookup,
    trip: Tz,
) -> Option<Home> {
    let mut marks: Vec<Mark> = work
        .iter()
        .zip(&clocks.offset)
        .filter(|(w, _)| !is_video_utc(photos, w))
        .filter_map(|(w, clock)| {
            let utc = from_millis(w.utc);
            if let Some(z) = w.city.and_then(|c| lookup.zone(c)) {
                return Some((w.utc, time::tz_offset_minutes(z, utc), Some(z), w.pos));
            }
            let own = w.tag.is_some() || photos[w.input].gps_utc.is_some();
            own.then_some(()).and(*clock).map(|c| (w.utc, c, None, None))
        })
        .collect();
    marks.sort_by_key(|m| m.0);
    let run = away_run(marks.iter(), trip).or_else(|| away_run(marks.iter().rev(), trip));
    let most_common = |items: Vec<&'static str>| {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for i in items {
            match counts.iter_mut().find(|c| c.0 == i) {
                Some(c) => c.1 += 1,
                None => counts.push((i, 1)),
            }
        }
        counts.iter().rev().max_by_key(|c| c.1).map(|c| c.0)
    };
    let found_zone: Option<Tz> = run.as_ref().and_then(|run| {
        let named = most_common(run.iter().filter_map(|m| m.2).map(|z| z.name()).collect());
        named.and_then(|n| n.parse().ok()).or_else(|| zone_of_offset(run[0].1, from_millis(run[0].0)))
    });
    let zone: Tz = match settings.home_zone.as_deref().and_then(|z| z.parse::<Tz>().ok()) {
        Some(z) => z,
        None => found_zone?,
    };
    // The departure photos name the home only when they lie in that zone.
    let place = run.filter(|run| time::tz_offset_minutes(zone, from_millis(run[0].0)) == run[0].1).and_then(|run| {
        let cities: Vec<&'static crate::geo::Place> = run
            .iter()
            .filter_map(|m| m.3)
            .filter_map(|(lat, lon)| crate::geo::principal_city(lat, lon).or_else(|| lookup.city(lat, lon)))
            .collect();
        let name = most_common(cities.iter().map(|c| c.name.as_str()).collect())?;
        cities.iter().find(|c| c.name == name).map(|c| PlaceInfo::of(c))
    });
    Some(Home { zone, place })
}

/// A photo's word on where it was taken: (UTC ms, offset in minutes, the
/// zone of its GPS position, that position).
type Mark = (i64, i32, Option<Tz>, Option<(f64, f64)>);

/// The first photos of `marks` in a row at one offset, when at least two,
/// and that offset is not the trip zone's.
fn away_run<'a>(marks: impl Iterator<Item = &'a Mark>, trip: Tz) -> Option<Vec<&'a Mark>> {
    let mut run: Vec<&Mark> = Vec::new();
    for m in marks {
        if run.first().is_some_and(|f| f.1 != m.1) {
            break;
        }
        run.push(m);
    }
    let first = *run.first()?;
    let away = first.1 != time::tz_offset_minutes(trip, from_millis(first.0));
    (run.len() >= 2 && away).then_some(run)
}

/// A zone with this offset at this instant: `Etc/GMT±h` for whole hours,
/// else the first IANA zone that has it then.
fn zone_of_offset(minutes: i32, utc: NaiveDateTime) -> Option<Tz> {
    if minutes % 60 == 0 {
        // Etc/GMT+4 is UTC−4: the sign is POSIX's.
        let h = -minutes / 60;
        let name = if h == 0 { "Etc/GMT".to_string() } else { format!("Etc/GMT{h:+}") };
        if let Ok(z) = name.parse() {
            return Some(z);
        }
    }
    chrono_tz::TZ_VARIANTS
        .iter()
        .copied()
        .filter(|z| z.name().contains('/') && !z.name().starts_with("Etc/"))
        .find(|z| time::tz_offset_minutes(*z, utc) == minutes)
}

/// Each device's clock report and correction: devices with nothing but a
/// wall clock get the best of their candidates ([`time::choose`]: on home
/// time, right, or an offset of their own), then the user's verdicts win.
/// Shifts every work item's `utc` by its device's correction.
#[allow(clippy::too_many_arguments)]
fn fix_clocks(
    photos: &[PhotoMeta],
    work: &mut [Work],
    devices: &[Device],
    photo_device: &[usize],
    clocks: &Clocks,
    settings: &PlanSettings,
    edits: &Edits,
    zones: Zones,
) -> Vec<DeviceReport> {
    let mut anchored = vec![false; devices.len()];
    for w in work.iter() {
        if w.basis != Basis::Trip {
            anchored[w.device] = true;
        }
    }
    let mut reference: Vec<i64> =
        work.iter().filter(|w| w.basis != Basis::Trip).map(|w| w.utc.div_euclid(1000)).collect();
    reference.sort_unstable();
    let mut by_device: Vec<Vec<usize>> = vec![Vec::new(); devices.len()];
    for (k, w) in work.iter().enumerate() {
        by_device[w.device].push(k);
    }
    let mut totals = vec![0usize; devices.len()];
    for &d in photo_device {
        totals[d] += 1;
    }
    let mut reports = Vec::with_capacity(devices.len());
    // Milliseconds to add to each work item.
    let mut shift = vec![0i64; work.len()];
    for (d, dev) in devices.iter().enumerate() {
        let p = &photos[dev.first];
        let total = totals[d];
        let mut medians: Vec<i32> = clocks.known[d].iter().map(|k| k.1).collect();
        medians.sort_unstable();
        let mut report = DeviceReport {
            key: dev.key.clone(),
            contributor: p.contributor.clone(),
            make: p.make.clone(),
            model: p.model.clone(),
            serial: p.serial.clone(),
            offset_minutes: 0,
            source: clocks.source[d],
            confidence: if clocks.support[d] > 0 { 1.0 } else { 0.0 },
            photos: clocks.support[d],
            total_photos: total,
            clock_utc_offset_minutes: medians.get(medians.len() / 2).copied(),
            detected_offset_minutes: None,
            note: None,
            zone_difference_minutes: None,
            home_zone: None,
            drift_seconds: None,
            runner_up: None,
            doubtful: false,
        };
        if !anchored[d] && !by_device[d].is_empty() {
            let times: Vec<i64> = by_device[d].iter().map(|&k| work[k].utc.div_euclid(1000)).collect();
            let zone: Option<Vec<i32>> = zones
                .home
                .filter(|h| *h != zones.trip)
                .map(|h| times.iter().map(|&t| time::zone_difference(zones.trip, h, t)).collect());
            let c = time::choose(&times, zone.as_deref(), &reference, settings.align_tolerance_minutes * 60);
            if c.evidence {
                report.offset_minutes = c.offset_minutes;
                report.source = OffsetSource::Aligned;
                for (&k, s) in by_device[d].iter().zip(&c.shifts) {
                    shift[k] = s * 1000;
                }
            }
            report.zone_difference_minutes = zone.as_deref().and_then(time::mode).filter(|z| *z != 0);
            report.home_zone = report.zone_difference_minutes.and(zones.home).map(|h| h.name().to_string());
            report.drift_seconds = c.drift_seconds.filter(|_| c.evidence);
            report.runner_up = c.runner_up.map(|r| r.0);
            report.doubtful = c.doubtful;
            report.confidence = c.confidence;
            report.photos = c.support;
        }
        if report.source == OffsetSource::None {
            let has = |b: Basis| by_device[d].iter().any(|&k| work[k].basis == b);
            report.note = Some(
                if by_device[d].iter().any(|&k| is_video_utc(photos, &work[k])) {
                    "video times are UTC (container creation time)"
                } else if has(Basis::PlaceZone) {
                    "no offset tags: times read in the zone of each photo's GPS position"
                } else if by_device[d].is_empty() {
                    "no dated photos"
                } else {
                    "no clue to this clock: times read in the trip's zone"
                }
                .to_string(),
            );
        }
        if let Some(e) = edits.devices.get(&dev.key) {
            report.detected_offset_minutes = Some(report.offset_minutes);
            report.offset_minutes = match e {
                DeviceOffset::Minutes(m) => (*m).clamp(-DeviceOffset::MAX_MINUTES, DeviceOffset::MAX_MINUTES),
                DeviceOffset::Cleared => 0,
            };
            report.source = OffsetSource::Mission;
            report.confidence = 1.0;
            report.drift_seconds = None;
            report.doubtful = false;
            for &k in &by_device[d] {
                shift[k] = i64::from(report.offset_minutes) * 60_000;
            }
        }
        reports.push(report);
    }
    for (w, s) in work.iter_mut().zip(&shift) {
        w.utc += s;
    }
    reports
}

/// Local times, in the zone of the place (else the photo's own offset, else
/// the trip zone), and trip days starting at `day_start_hour`.
fn local_times(
    photos: &[PhotoMeta],
    work: &mut [Work],
    clock_of: &[Option<i32>],
    lookup: &mut Lookup,
    trip_zone: Tz,
    day_start_hour: u32,
) {
    for (w, own) in work.iter_mut().zip(clock_of) {
        let utc = from_millis(w.utc);
        let place_zone = w.city.and_then(|c| lookup.zone(c));
        let minutes = match (w.source, place_zone) {
            (PlaceSource::Gps, Some(z)) => time::tz_offset_minutes(z, utc),
            _ => match (w.tag, place_zone, own) {
                (Some(t), _, _) => t,
                (None, Some(z), _) => time::tz_offset_minutes(z, utc),
                (None, None, Some(c)) if photos[w.input].datetime_source != Some(DateSource::Container) => *c,
                _ => time::tz_offset_minutes(trip_zone, utc),
            },
        };
        let offset = FixedOffset::east_opt(minutes * 60).unwrap_or(Utc.fix());
        w.local = utc.and_utc().with_timezone(&offset);
        w.day = trip_day(w.local.naive_local(), day_start_hour);
    }
}

fn devices_keys(devices: &[Device]) -> Vec<String> {
    devices.iter().map(|d| d.key.clone()).collect()
}

/// The clock offset of the device's photo closest in wall time.
/// The most common clock offset among the device's photos within three
/// hours of wall time (ties: the smaller, as a stale GPS fix only ever
/// inflates it), else the nearest photo's: one stale fix cannot move a photo
/// by hours, and a change of zone mid-trip is still followed.
fn local_mode(known: &[(NaiveDateTime, i32)], wall: NaiveDateTime) -> Option<i32> {
    let window = Duration::hours(3);
    let lo = known.partition_point(|e| e.0 < wall - window);
    let hi = known.partition_point(|e| e.0 <= wall + window);
    let mut near: Vec<i32> = known[lo..hi].iter().map(|e| e.1).collect();
    near.sort_unstable();
    // Runs of equal values; the longest wins, the first (smallest) on ties.
    let mode = near.chunk_by(|a, b| a == b).map(|run| (run.len(), std::cmp::Reverse(run[0]))).max().map(|(_, v)| v.0);
    mode.or_else(|| {
        let i = known.partition_point(|e| e.0 < wall);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|j| known.get(j))
            .min_by_key(|e| (e.0 - wall).num_seconds().abs())
            .map(|e| e.1)
    })
}

fn millis(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_millis()
}

fn from_millis(ms: i64) -> NaiveDateTime {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().naive_utc()
}

fn lossy_path<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&p.to_string_lossy())
}

fn place_or_unknown<S: Serializer>(p: &Option<PlaceInfo>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match p {
        Some(p) => p.serialize(s),
        None => {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry("name", &None::<String>)?;
            m.end()
        }
    }
}

impl Plan {
    /// The plan as a reader of `lang` sees it: chapter titles, place names
    /// and generated moment titles in that language (`titles` and `names`
    /// keep both). Ids and GeoNames keys are untouched, so edits made on a
    /// plan in either language apply to the other.
    pub fn localize(&mut self, lang: crate::lang::Lang) {
        let place = |p: &mut PlaceInfo| p.name = p.names.get(lang).to_owned();
        for c in &mut self.chapters {
            c.title = c.titles.get(lang).to_owned();
            c.place.as_mut().map(place);
            for m in c.days.iter_mut().flat_map(|d| &mut d.moments) {
                if let Some(t) = &m.titles {
                    m.title = Some(t.get(lang).to_owned());
                }
                m.visit.as_mut().map(place);
                for p in &mut m.photos {
                    if let Some(n) = &p.place.names {
                        p.place.name = Some(n.get(lang).to_owned());
                    }
                }
            }
        }
        self.home_place.as_mut().map(place);
    }

    /// Every moment, in album order (chapters, days, moments).
    pub fn moments(&self) -> impl Iterator<Item = &Moment> {
        self.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments)
    }

    /// Every planned photo, in album order.
    pub fn photos(&self) -> impl Iterator<Item = &PlannedPhoto> {
        self.moments().flat_map(|m| &m.photos)
    }

    /// A readable outline: chapters, days and moments with photo counts, then
    /// the devices' clocks and the photos set apart.
    pub fn outline(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for c in &self.chapters {
            let kind = match c.kind {
                ChapterKind::Stage => "",
                ChapterKind::Travel => " (travel)",
            };
            let n: usize = c.days.iter().flat_map(|d| &d.moments).map(|m| m.photos.len()).sum();
            let _ = writeln!(out, "{}{kind}: {} to {}, {n} photos  [{}]", c.title, c.start, c.end, c.id);
            for d in &c.days {
                let _ = writeln!(out, "  {}", d.date.format("%a %Y-%m-%d"));
                for m in &d.moments {
                    let title = m.title.as_deref().map(|t| format!("  {t}")).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    {}–{}  {} photos{title}",
                        m.start.format("%H:%M"),
                        m.end.format("%H:%M"),
                        m.photos.len()
                    );
                }
            }
        }
        if let Some(home) = &self.home_zone {
            let place = self.home_place.as_ref().map(|p| format!("{}, ", p.name)).unwrap_or_default();
            let _ = writeln!(out, "Home: {place}{home}");
        }
        let _ = writeln!(out, "Devices:");
        for d in &self.devices {
            // "Canon Canon EOS 80D" reads badly: the model often repeats the make.
            let name = match (d.make.as_deref(), d.model.as_deref()) {
                (Some(make), Some(model)) if model.to_lowercase().starts_with(&make.to_lowercase()) => {
                    model.to_string()
                }
                (Some(make), Some(model)) => format!("{make} {model}"),
                (a, b) => a.or(b).unwrap_or("unknown device").to_string(),
            };
            let source = serde_json::to_value(d.source).ok().and_then(|v| v.as_str().map(str::to_string));
            let _ = writeln!(
                out,
                "  {} — {name}: {:+} min ({}, confidence {:.2}, {}/{} photos)  [{}]",
                d.contributor,
                d.offset_minutes,
                source.unwrap_or_default(),
                d.confidence,
                d.photos,
                d.total_photos,
                d.key
            );
            let mut doubts = Vec::new();
            if let Some(s) = d.drift_seconds {
                doubts.push(format!("drift {s:+} s, applied"));
            }
            if let Some(r) = d.runner_up {
                doubts.push(format!("runner-up {r:+} min"));
            }
            if d.doubtful {
                doubts.push("doubtful: check by eye".to_string());
            }
            if !doubts.is_empty() {
                let _ = writeln!(out, "    {}", doubts.join("; "));
            }
            if let (Some(z), Some(home)) = (d.zone_difference_minutes, &d.home_zone) {
                if z != d.offset_minutes {
                    let _ = writeln!(
                        out,
                        "    on home time ({home})? {z:+} min: recap edit --mission M clock {:?} --minutes {z}",
                        d.key
                    );
                }
            }
        }
        if !self.unplaced.is_empty() {
            let _ = writeln!(out, "Set apart ({}):", self.unplaced.len());
            for u in &self.unplaced {
                let _ = writeln!(out, "  {}: {}", u.path.display(), u.reason);
            }
        }
        out
    }
}

/// Photos with a usable date, with sub-seconds. Missing and absurd dates are
/// set apart with a reason, never guessed from the file's mtime.
fn dates(photos: &[PhotoMeta], settings: &PlanSettings, unplaced: &mut Vec<Unplaced>) -> Vec<(usize, NaiveDateTime)> {
    let mut dated: Vec<(usize, NaiveDateTime)> = Vec::new();
    for (i, p) in photos.iter().enumerate() {
        match p.datetime_original {
            None => unplaced.push(Unplaced {
                path: p.path.clone(),
                reason: "no date: the file carries no capture time (a messaging-app copy or an edited export?)".into(),
            }),
            // Digital photos predate 2000 only when a clock was reset (to 1970, 1980…).
            Some(t) if !(2000..=2100).contains(&t.year()) => unplaced.push(Unplaced {
                path: p.path.clone(),
                reason: format!("absurd date {}: the camera's clock was probably reset", t.format("%Y-%m-%d %H:%M:%S")),
            }),
            Some(t) => dated.push((i, t + Duration::milliseconds(i64::from(p.subsec_ms.unwrap_or(0).min(999))))),
        }
    }
    let mut sorted: Vec<NaiveDateTime> = dated.iter().map(|d| d.1).collect();
    sorted.sort_unstable();
    if let Some((lo, hi)) = main_span(&sorted, settings.far_date_days) {
        let margin = Duration::days(settings.far_date_days);
        dated.retain(|&(i, t)| {
            let keep = t >= lo - margin && t <= hi + margin;
            if !keep {
                unplaced.push(Unplaced {
                    path: photos[i].path.clone(),
                    reason: format!(
                        "absurd date {}: far from the rest of the trip ({} to {}); the camera's clock was probably wrong",
                        t.format("%Y-%m-%d %H:%M:%S"),
                        lo.format("%Y-%m-%d"),
                        hi.format("%Y-%m-%d")
                    ),
                });
            }
            keep
        });
    }
    dated
}

/// Places for photos without GPS, from the group's GPS photos.
fn estimate_places(work: &mut [Work], devices: &[Device], settings: &PlanSettings) {
    let mut fixes: Vec<Fix> = work
        .iter()
        .enumerate()
        .filter(|(_, w)| w.source == PlaceSource::Gps)
        .map(|(k, w)| Fix { utc: w.utc, contributor: devices[w.device].contributor, photo: k })
        .collect();
    fixes.sort_unstable_by_key(|f| f.utc);
    let window = settings.estimate_window_minutes * 60_000;
    let estimates: Vec<Option<usize>> = work
        .iter()
        .map(|w| {
            (w.source != PlaceSource::Gps)
                .then(|| place::estimate(&fixes, w.utc, devices[w.device].contributor, window, 15 * 60_000))
                .flatten()
        })
        .collect();
    for (k, e) in estimates.into_iter().enumerate() {
        if let Some(src) = e {
            let (city, pos) = (work[src].city, work[src].pos);
            let w = &mut work[k];
            w.city = city;
            w.pos = pos;
            w.source = PlaceSource::Estimated;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Gps;

    const PARIS: (f64, f64) = (48.8566, 2.3522);

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn photo(name: &str, who: &str, model: &str, wall: &str) -> PhotoMeta {
        PhotoMeta {
            datetime_original: Some(at(wall)),
            datetime_source: Some(DateSource::DateTimeOriginal),
            make: Some("Maker".into()),
            model: Some(model.into()),
            ..PhotoMeta::sample(format!("/trip/{who}/{name}.jpg"), who)
        }
    }

    fn with_gps(mut p: PhotoMeta, (lat, lon): (f64, f64)) -> PhotoMeta {
        p.gps = Some(Gps { lat, lon, alt: None });
        p
    }

    fn with_tag(mut p: PhotoMeta, tag: &str) -> PhotoMeta {
        p.offset_time_original = Some(tag.into());
        p
    }

    /// The steps up to the fixed clocks, as `plan_with_agenda` runs them.
    fn fixed(photos: &[PhotoMeta], settings: &PlanSettings, edits: &Edits) -> (Vec<Work>, Vec<DeviceReport>, Clocks) {
        let mut lookup = Lookup::default();
        let (devices, photo_device) = devices_of(photos);
        let dated = dates(photos, settings, &mut Vec::new());
        let mut work = gps_work(photos, &dated, &photo_device, &mut lookup);
        let zone = trip_zone(settings, &work, &mut lookup);
        let clocks = read_clocks(photos, &mut work, devices.len(), &mut lookup, zone);
        let home = home_of(settings, photos, &work, &clocks, &mut lookup, zone);
        let zones = Zones { trip: zone, home: home.map(|h| h.zone) };
        let reports = fix_clocks(photos, &mut work, &devices, &photo_device, &clocks, settings, edits, zones);
        (work, reports, clocks)
    }

    fn utc_of(w: &Work) -> NaiveDateTime {
        from_millis(w.utc)
    }

    #[test]
    fn devices_are_numbered_in_order_of_appearance_per_contributor_and_model() {
        let photos = [
            photo("1", "Zoé", "iPhone", "2017-06-05 10:00"),
            photo("2", "Marc", "D90", "2017-06-05 10:01"),
            photo("3", "Zoé", "iPhone", "2017-06-05 10:02"),
            photo("4", "Zoé", "G7X", "2017-06-05 10:03"),
        ];
        let (devices, photo_device) = devices_of(&photos);
        assert_eq!(photo_device, [0, 1, 0, 2]);
        let keys: Vec<&str> = devices.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["Zoé | Maker | iPhone", "Marc | Maker | D90", "Zoé | Maker | G7X"]);
        // Zoé's two devices share her contributor number; first photo kept.
        assert_eq!(devices.iter().map(|d| (d.contributor, d.first)).collect::<Vec<_>>(), [(0, 0), (1, 1), (0, 3)]);
    }

    #[test]
    fn undated_and_reset_clocks_are_set_apart_with_a_reason() {
        let mut undated = photo("u", "Zoé", "iPhone", "2017-06-05 10:00");
        undated.datetime_original = None;
        let photos = [
            photo("ok", "Zoé", "iPhone", "2017-06-05 10:00"),
            undated,
            photo("r", "Zoé", "iPhone", "1980-01-01 00:00"),
        ];
        let mut unplaced = Vec::new();
        let dated = dates(&photos, &PlanSettings::default(), &mut unplaced);
        assert_eq!(dated, [(0, at("2017-06-05 10:00"))]);
        let reasons: Vec<&str> = unplaced.iter().map(|u| u.reason.as_str()).collect();
        assert!(reasons[0].starts_with("no date") && reasons[1].starts_with("absurd date 1980"), "{reasons:?}");
    }

    #[test]
    fn gps_photos_are_placed_and_give_the_trip_zone_unless_one_is_set() {
        let photos = [
            with_gps(photo("1", "Zoé", "iPhone", "2017-06-05 10:00"), PARIS),
            photo("2", "Zoé", "iPhone", "2017-06-05 11:00"),
        ];
        let mut lookup = Lookup::default();
        let dated = dates(&photos, &PlanSettings::default(), &mut Vec::new());
        let work = gps_work(&photos, &dated, &[0, 0], &mut lookup);
        assert_eq!(work.iter().map(|w| w.source).collect::<Vec<_>>(), [PlaceSource::Gps, PlaceSource::None]);
        assert!(work[0].city.is_some() && work[1].city.is_none());
        assert_eq!(trip_zone(&PlanSettings::default(), &work, &mut lookup), chrono_tz::Europe::Paris);
        let set = PlanSettings { trip_zone: Some("America/Toronto".into()), ..PlanSettings::default() };
        assert_eq!(trip_zone(&set, &work, &mut lookup), chrono_tz::America::Toronto);
        assert_eq!(trip_zone(&PlanSettings::default(), &work[1..], &mut lookup), Tz::UTC);
    }

    #[test]
    fn a_tagged_photo_lends_its_clock_to_its_device_and_an_untagged_device_reads_the_trip_zone() {
        let settings = PlanSettings { trip_zone: Some("Europe/Paris".into()), ..PlanSettings::default() };
        let photos = [
            with_tag(photo("1", "Zoé", "iPhone", "2017-06-05 10:00"), "+02:00"),
            photo("2", "Zoé", "iPhone", "2017-06-05 11:00"),
            photo("3", "Marc", "D90", "2017-06-05 12:00"),
        ];
        let mut lookup = Lookup::default();
        let dated = dates(&photos, &settings, &mut Vec::new());
        let (devices, photo_device) = devices_of(&photos);
        let mut work = gps_work(&photos, &dated, &photo_device, &mut lookup);
        let clocks = read_clocks(&photos, &mut work, devices.len(), &mut lookup, chrono_tz::Europe::Paris);
        assert_eq!(clocks.offset, [Some(120), Some(120), None]);
        assert_eq!(clocks.source, [OffsetSource::ExifOffset, OffsetSource::None]);
        assert_eq!(clocks.support, [1, 0]);
        assert_eq!(work.iter().map(|w| w.basis).collect::<Vec<_>>(), [Basis::Clock, Basis::Clock, Basis::Trip]);
        assert_eq!(utc_of(&work[1]), at("2017-06-05 09:00"));
        // Paris in June is UTC+2.
        assert_eq!(utc_of(&work[2]), at("2017-06-05 10:00"));
    }

    #[test]
    fn the_users_verdict_on_a_clock_wins_over_detection_and_moves_its_photos() {
        let settings = PlanSettings { trip_zone: Some("Europe/Paris".into()), ..PlanSettings::default() };
        let photos = [with_tag(photo("1", "Zoé", "iPhone", "2017-06-05 10:00"), "+02:00")];
        let (work, reports, _) = fixed(&photos, &settings, &Edits::default());
        assert_eq!((reports[0].source, reports[0].offset_minutes), (OffsetSource::ExifOffset, 0));
        assert_eq!(utc_of(&work[0]), at("2017-06-05 08:00"));

        let mut edits = Edits::default();
        edits.devices.insert(reports[0].key.clone(), DeviceOffset::Minutes(90));
        let (work, reports, _) = fixed(&photos, &settings, &edits);
        let r = &reports[0];
        assert_eq!((r.source, r.offset_minutes, r.detected_offset_minutes), (OffsetSource::Mission, 90, Some(0)));
        assert_eq!(utc_of(&work[0]), at("2017-06-05 09:30"));
    }

    #[test]
    fn local_times_follow_the_place_and_a_night_belongs_to_the_evening_before() {
        let settings = PlanSettings::default();
        let photos = [with_gps(with_tag(photo("1", "Zoé", "iPhone", "2017-06-06 00:40"), "-04:00"), PARIS)];
        let (mut work, _, clocks) = fixed(&photos, &settings, &Edits::default());
        local_times(&photos, &mut work, &clocks.offset, &mut Lookup::default(), Tz::UTC, 4);
        // A Québec clock in Paris: the instant is 04:40 UTC, 06:40 in Paris.
        assert_eq!(work[0].local.to_rfc3339(), "2017-06-06T06:40:00+02:00");
        assert_eq!(work[0].day, NaiveDate::from_ymd_opt(2017, 6, 6).unwrap());
        local_times(&photos, &mut work, &clocks.offset, &mut Lookup::default(), Tz::UTC, 7);
        assert_eq!(work[0].day, NaiveDate::from_ymd_opt(2017, 6, 5).unwrap());
    }
}
