//! Synthetic group trips with their truth, written as real JPEG files with
//! EXIF, for scoring the planner (chapters, days, visits) and the clocks on
//! trips it has never seen.
//!
//! Every trip is data: places (a spot, its zone and the name the gazetteer
//! gives it), a programme of events in the local time of their place, and
//! the delegation's devices. [`Trip::write`] turns that into files:
//!
//! - each event is shot by every device (a few devices skip some events),
//!   a few minutes apart, so the group's photos line up in time;
//! - a phone with GPS writes its offset tag, GPS position and GPS UTC stamp;
//!   a phone without GPS writes its offset tag only; a camera left on home
//!   time writes its wall clock in the home zone (plus its drift), nothing
//!   else; an Android-like phone writes GPS and its UTC stamp but no offset;
//! - a "burst" event adds five frames one second apart from the first device;
//! - event hours past 24 (`"24:40"`) are after midnight: the next calendar
//!   date, still the evening's trip day (days start at 04:00).
//!
//! The truth of each photo ([`Shot`]) is its chapter label, whether it was
//! taken on a same-day visit (and where), its trip day and its true instant;
//! each device's truth is its clock ([`DeviceTruth`]). Nothing here is tuned
//! to one country: the table spans five continents and zone pairs with
//! half- and quarter-hour zones, a daylight-saving change and the dateline.
//!
//! ```ignore
//! mod support;
//! let trip = &support::trips::trips()[0];
//! let dir = tempfile::tempdir()?;
//! let written = trip.write(dir.path());
//! for shot in &written.shots { /* shot.path, shot.chapter, shot.day, shot.utc … */ }
//! ```

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use recap::synth::{self, ExifSpec, Picture};
use recap::Gps;
use std::path::{Path, PathBuf};

/// A point where photos are taken.
#[derive(Debug, Clone, Copy)]
pub struct Spot {
    pub key: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// IANA zone of the spot.
    pub zone: &'static str,
    /// The place the planner should name there (the gazetteer's principal
    /// city, or the airport as "Name (IATA)").
    pub place: &'static str,
}

/// A chapter the planner should make.
#[derive(Debug, Clone, Copy)]
pub struct ChapterTruth {
    pub label: &'static str,
    /// Its expected place: GeoNames' own name (`PlaceInfo::name`, the key
    /// of its id; its titles are in the reader's language).
    pub title: &'static str,
    /// A stay (nights spent there) rather than a place passed through.
    pub stay: bool,
}

/// One event of the programme: `(trip day index, local "HH:MM", spot key,
/// chapter label, flags)`. Flags: `visit` (a same-day visit away from the
/// chapter's base: the moment's `visit` is the spot's place), `burst`.
pub type Event = (u32, &'static str, &'static str, &'static str, &'static str);

/// How a device writes its time and place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// Offset tag, GPS position and GPS UTC stamp.
    GpsPhone,
    /// Offset tag only (location off).
    OffsetPhone,
    /// GPS position and UTC stamp, no offset tag.
    GpsTimePhone,
    /// Wall clock only, set to the home zone.
    HomeCamera,
}

#[derive(Debug, Clone, Copy)]
pub struct DeviceSpec {
    /// The participant (their folder's name).
    pub owner: &'static str,
    pub kind: DeviceKind,
    pub make: &'static str,
    pub model: &'static str,
    pub serial: Option<&'static str>,
    /// How far the clock runs ahead of its zone's true time, in seconds.
    pub drift_s: i64,
}

/// A trip and its truth.
#[derive(Debug, Clone)]
pub struct Trip {
    pub name: &'static str,
    /// Where the delegation comes from (IANA): cameras left on home time use it.
    pub home_zone: &'static str,
    /// The zone of the trip itself (where most photos are taken).
    pub trip_zone: &'static str,
    /// Trip day 0.
    pub start: NaiveDate,
    pub spots: Vec<Spot>,
    pub chapters: Vec<ChapterTruth>,
    pub events: Vec<Event>,
    pub devices: Vec<DeviceSpec>,
}

/// The truth of one written photo.
#[derive(Debug, Clone)]
pub struct Shot {
    pub path: PathBuf,
    /// Index into [`Trip::devices`].
    pub device: usize,
    /// [`ChapterTruth::label`].
    pub chapter: &'static str,
    /// The place name of a same-day visit, `None` at the base.
    pub visit: Option<&'static str>,
    /// Its trip day (days start at 04:00 local).
    pub day: NaiveDate,
    pub utc: DateTime<Utc>,
    /// True local time where it was taken.
    pub local: DateTime<FixedOffset>,
    /// What the device's clock said (DateTimeOriginal).
    pub wall: NaiveDateTime,
    /// Index into [`Trip::events`].
    pub event: usize,
}

/// A device's clock, as the truth.
#[derive(Debug, Clone)]
pub struct DeviceTruth {
    pub owner: &'static str,
    pub kind: DeviceKind,
    pub model: &'static str,
    /// Its clock's zone: the home zone for a camera on home time, `None`
    /// for phones (they follow the place, or say their offset).
    pub clock_zone: Option<&'static str>,
    pub drift_s: i64,
}

/// What [`Trip::write`] made.
#[derive(Debug, Clone)]
pub struct Written {
    pub root: PathBuf,
    pub shots: Vec<Shot>,
}

fn tz(name: &str) -> Tz {
    name.parse().unwrap_or_else(|_| panic!("bad zone {name}"))
}

/// Local wall time `day` + `"HH:MM"` (hours may pass 24) in `zone`.
fn local_at(start: NaiveDate, day: u32, hm: &str, zone: Tz) -> DateTime<Tz> {
    let (h, m) = hm.split_once(':').expect("HH:MM");
    let (h, m): (i64, i64) = (h.parse().expect("hour"), m.parse().expect("minute"));
    let wall = (start + Duration::days(i64::from(day))).and_hms_opt(0, 0, 0).expect("midnight")
        + Duration::minutes(h * 60 + m);
    zone.from_local_datetime(&wall).earliest().unwrap_or_else(|| panic!("{wall} does not exist in {zone}"))
}

fn offset_tag(o: FixedOffset) -> String {
    let s = o.local_minus_utc();
    let sign = if s < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", s.abs() / 3600, s.abs() % 3600 / 60)
}

impl Trip {
    pub fn spot(&self, key: &str) -> &Spot {
        self.spots.iter().find(|s| s.key == key).unwrap_or_else(|| panic!("{}: no spot {key}", self.name))
    }

    pub fn chapter(&self, label: &str) -> &ChapterTruth {
        self.chapters.iter().find(|c| c.label == label).unwrap_or_else(|| panic!("{}: no chapter {label}", self.name))
    }

    pub fn device_truth(&self) -> Vec<DeviceTruth> {
        self.devices
            .iter()
            .map(|d| DeviceTruth {
                owner: d.owner,
                kind: d.kind,
                model: d.model,
                clock_zone: (d.kind == DeviceKind::HomeCamera).then_some(self.home_zone),
                drift_s: d.drift_s,
            })
            .collect()
    }

    /// The correction (minutes) that puts `device`'s clock on the trip
    /// zone's time at `utc`, as `DeviceReport::offset_minutes` means it:
    /// 0 for phones, the zone difference minus the drift for a camera on
    /// home time (it changes when one zone changes to summer time).
    pub fn correction_minutes(&self, device: usize, utc: DateTime<Utc>) -> i32 {
        let d = &self.devices[device];
        if d.kind != DeviceKind::HomeCamera {
            return 0;
        }
        let trip = utc.with_timezone(&tz(self.trip_zone)).offset().fix().local_minus_utc();
        let home = utc.with_timezone(&tz(self.home_zone)).offset().fix().local_minus_utc();
        ((i64::from(trip - home) - d.drift_s) as f64 / 60.0).round() as i32
    }

    /// Writes the trip's photos under `dir/<owner>/` and returns their truth.
    pub fn write(&self, dir: &Path) -> Written {
        let home = tz(self.home_zone);
        let mut shots = Vec::new();
        for (e, &(day, hm, spot_key, label, flags)) in self.events.iter().enumerate() {
            let spot = self.spot(spot_key);
            let zone = tz(spot.zone);
            let base = local_at(self.start, day, hm, zone).with_timezone(&Utc);
            self.chapter(label);
            let visit = flags.contains("visit").then_some(spot.place);
            for (i, dev) in self.devices.iter().enumerate() {
                // Not everyone shoots everything; the first device always does.
                if i > 0 && (e + i) % 5 == 4 {
                    continue;
                }
                let mut times: Vec<DateTime<Utc>> =
                    (0..2).map(|j| base + Duration::seconds(i as i64 * 170 + j * 290 + (e as i64 * 7) % 50)).collect();
                if i == 0 && flags.contains("burst") {
                    let t = base + Duration::seconds(600);
                    times.extend((0..5).map(|k| t + Duration::seconds(k)));
                }
                for utc in times {
                    let n = shots.len();
                    let local = utc.with_timezone(&zone).fixed_offset();
                    let wall = match dev.kind {
                        DeviceKind::HomeCamera => utc.with_timezone(&home).naive_local(),
                        _ => local.naive_local(),
                    } + Duration::seconds(dev.drift_s);
                    // A few hundred metres around the spot, different for each photo.
                    let jitter = |k: usize| ((n * 7919 + k * 104_729) % 600) as f64 * 1e-5 - 3e-3;
                    let gps = Gps { lat: spot.lat + jitter(0), lon: spot.lon + jitter(1), alt: None };
                    let tag = offset_tag(*local.offset());
                    let mut exif = ExifSpec {
                        datetime_original: Some(wall),
                        make: Some(dev.make.to_string()),
                        model: Some(dev.model.to_string()),
                        serial: dev.serial.map(str::to_string),
                        ..ExifSpec::default()
                    };
                    match dev.kind {
                        DeviceKind::GpsPhone | DeviceKind::OffsetPhone | DeviceKind::GpsTimePhone => {
                            exif.create_date = Some(wall);
                        }
                        DeviceKind::HomeCamera => {}
                    }
                    if matches!(dev.kind, DeviceKind::GpsPhone | DeviceKind::OffsetPhone) {
                        exif.offset_time_original = Some(tag.clone());
                        exif.offset_time = Some(tag);
                    }
                    if matches!(dev.kind, DeviceKind::GpsPhone | DeviceKind::GpsTimePhone) {
                        exif.gps = Some(gps);
                        exif.gps_utc = Some(utc.naive_utc());
                    }
                    let rel = format!("{}/IMG_{:04}.JPG", dev.owner, n);
                    let path = dir.join(&rel);
                    let picture =
                        Picture { seed: super::seed_of(&format!("{}/{rel}", self.name)), ..Picture::default() };
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).expect("create the participant's folder");
                    }
                    std::fs::write(&path, synth::jpeg(&picture, &exif)).expect("write a trip photo");
                    let trip_day = (local - Duration::hours(4)).date_naive();
                    shots.push(Shot {
                        path,
                        device: i,
                        chapter: label,
                        visit,
                        day: trip_day,
                        utc,
                        local,
                        wall,
                        event: e,
                    });
                }
            }
        }
        Written { root: dir.to_path_buf(), shots }
    }
}

fn spot(key: &'static str, lat: f64, lon: f64, zone: &'static str, place: &'static str) -> Spot {
    Spot { key, lat, lon, zone, place }
}

fn stay(label: &'static str, title: &'static str) -> ChapterTruth {
    ChapterTruth { label, title, stay: true }
}

fn travel(label: &'static str, title: &'static str) -> ChapterTruth {
    ChapterTruth { label, title, stay: false }
}

fn device(owner: &'static str, kind: DeviceKind, make: &'static str, model: &'static str) -> DeviceSpec {
    DeviceSpec { owner, kind, make, model, serial: None, drift_s: 0 }
}

fn camera(
    owner: &'static str,
    make: &'static str,
    model: &'static str,
    serial: &'static str,
    drift_s: i64,
) -> DeviceSpec {
    DeviceSpec { owner, kind: DeviceKind::HomeCamera, make, model, serial: Some(serial), drift_s }
}

/// The test trips. Each has departure photos at home and at the home
/// airport, a camera on home time without GPS, phones with offset tags, one
/// phone with GPS, a participant without GPS, an evening past midnight and
/// bursts.
pub fn trips() -> Vec<Trip> {
    use DeviceKind::*;
    vec![
        // Half-hour zone: a delegation from Paris to Mumbai then Pune
        // (+05:30, 4 h 30 ahead of Paris in November); the camera also runs
        // 2 min 30 s fast. The road to Pune stops for lunch at Lonavla.
        Trip {
            name: "paris-mumbai-pune",
            home_zone: "Europe/Paris",
            trip_zone: "Asia/Kolkata",
            start: NaiveDate::from_ymd_opt(2024, 11, 10).expect("date"),
            spots: vec![
                spot("home", 48.8566, 2.3522, "Europe/Paris", "Paris"),
                spot("cdg", 49.0128, 2.55, "Europe/Paris", "Paris-Charles-de-Gaulle (CDG)"),
                spot("bom", 19.0887, 72.8679, "Asia/Kolkata", "Chhatrapati Shivaji (BOM)"),
                spot("mumbai", 18.922, 72.834, "Asia/Kolkata", "Mumbai"),
                spot("lonavla", 18.7546, 73.4062, "Asia/Kolkata", "Lonavla"),
                spot("pune", 18.5196, 73.8554, "Asia/Kolkata", "Pune"),
            ],
            chapters: vec![
                travel("home", "Paris"),
                travel("cdg", "Paris-Charles-de-Gaulle (CDG)"),
                travel("bom", "Chhatrapati Shivaji (BOM)"),
                stay("mumbai", "Mumbai"),
                travel("lonavla", "Lonavla"),
                stay("pune", "Pune"),
            ],
            events: vec![
                (0, "13:30", "home", "home", ""),
                (0, "17:40", "cdg", "cdg", ""),
                (1, "06:10", "bom", "bom", ""),
                (1, "10:00", "mumbai", "mumbai", ""),
                (1, "16:30", "mumbai", "mumbai", "burst"),
                (2, "09:30", "mumbai", "mumbai", ""),
                (2, "14:00", "mumbai", "mumbai", ""),
                (2, "22:50", "mumbai", "mumbai", ""),
                (2, "24:40", "mumbai", "mumbai", ""),
                (3, "09:00", "mumbai", "mumbai", ""),
                (3, "19:00", "mumbai", "mumbai", ""),
                (4, "08:30", "mumbai", "mumbai", ""),
                (4, "12:30", "lonavla", "lonavla", ""),
                (4, "17:30", "pune", "pune", ""),
                (5, "10:00", "pune", "pune", "burst"),
                (5, "20:00", "pune", "pune", ""),
                (6, "09:30", "pune", "pune", ""),
            ],
            devices: vec![
                device("Camille", GpsPhone, "Apple", "iPhone 13"),
                device("Malik", OffsetPhone, "Google", "Pixel 7"),
                camera("Sophie", "Canon", "Canon EOS R6", "0391000123", 150),
                device("Malik", GpsTimePhone, "samsung", "SM-A528B"),
            ],
        },
        // A daylight-saving change on the way: Toronto to Prague over the
        // last Sunday of March 2025 (Prague goes from +1 to +2; Toronto is
        // already on summer time), a day at Kutná Hora, two nights in
        // Český Krumlov, a stop at Tábor on the road.
        Trip {
            name: "toronto-prague-krumlov",
            home_zone: "America/Toronto",
            trip_zone: "Europe/Prague",
            start: NaiveDate::from_ymd_opt(2025, 3, 26).expect("date"),
            spots: vec![
                spot("home", 43.6677, -79.3948, "America/Toronto", "Toronto"),
                spot("yyz", 43.6772, -79.6306, "America/Toronto", "Toronto Pearson (YYZ)"),
                spot("prg", 50.1008, 14.26, "Europe/Prague", "Václav Havel (PRG)"),
                spot("prague", 50.0875, 14.4213, "Europe/Prague", "Prague"),
                spot("kutna", 49.9481, 15.2681, "Europe/Prague", "Kutná Hora"),
                spot("tabor", 49.414, 14.658, "Europe/Prague", "Tábor"),
                spot("krumlov", 48.8127, 14.3175, "Europe/Prague", "Český Krumlov"),
            ],
            chapters: vec![
                travel("home", "Toronto"),
                travel("yyz", "Toronto Pearson (YYZ)"),
                travel("prg", "Václav Havel (PRG)"),
                stay("prague", "Prague"),
                travel("tabor", "Tábor"),
                stay("krumlov", "Český Krumlov"),
            ],
            events: vec![
                (0, "15:00", "home", "home", ""),
                (0, "19:30", "yyz", "yyz", ""),
                (1, "09:20", "prg", "prg", ""),
                (1, "12:00", "prague", "prague", ""),
                (1, "18:00", "prague", "prague", "burst"),
                (2, "10:00", "prague", "prague", ""),
                (2, "15:00", "prague", "prague", ""),
                (3, "10:30", "kutna", "prague", "visit"),
                (3, "14:00", "kutna", "prague", "visit"),
                (3, "20:00", "prague", "prague", ""),
                (4, "11:00", "prague", "prague", ""),
                (4, "23:30", "prague", "prague", ""),
                (4, "24:50", "prague", "prague", ""),
                (5, "09:30", "prague", "prague", ""),
                (5, "13:00", "tabor", "tabor", ""),
                (5, "17:00", "krumlov", "krumlov", ""),
                (6, "10:00", "krumlov", "krumlov", "burst"),
                (6, "19:00", "krumlov", "krumlov", ""),
                (7, "09:00", "krumlov", "krumlov", ""),
            ],
            devices: vec![
                device("Olivia", GpsPhone, "Apple", "iPhone 15"),
                device("Marek", OffsetPhone, "Apple", "iPhone 12 mini"),
                camera("Priya", "Nikon", "NIKON Z 6_2", "3012345", 0),
            ],
        },
        // Southern hemisphere and the dateline: Vancouver to Sydney (19 h
        // ahead in February), a day in the Blue Mountains, then Melbourne
        // with a day at Geelong, and the flight home from Melbourne.
        Trip {
            name: "vancouver-sydney-melbourne",
            home_zone: "America/Vancouver",
            trip_zone: "Australia/Sydney",
            start: NaiveDate::from_ymd_opt(2025, 2, 10).expect("date"),
            spots: vec![
                spot("home", 49.2827, -123.1207, "America/Vancouver", "Vancouver"),
                spot("yvr", 49.1939, -123.184, "America/Vancouver", "Vancouver (YVR)"),
                spot("syd", -33.9461, 151.177, "Australia/Sydney", "Sydney Kingsford Smith (SYD)"),
                spot("sydney", -33.8679, 151.2073, "Australia/Sydney", "Sydney"),
                spot("bluem", -33.7125, 150.3119, "Australia/Sydney", "Blue Mountains"),
                spot("melbourne", -37.8136, 144.9631, "Australia/Melbourne", "Melbourne"),
                spot("geelong", -38.1499, 144.3617, "Australia/Melbourne", "Geelong"),
                spot("mel", -37.6733, 144.843, "Australia/Melbourne", "Melbourne (MEL)"),
            ],
            chapters: vec![
                travel("home", "Vancouver"),
                travel("yvr", "Vancouver (YVR)"),
                travel("syd", "Sydney Kingsford Smith (SYD)"),
                stay("sydney", "Sydney"),
                stay("melbourne", "Melbourne"),
                travel("mel", "Melbourne (MEL)"),
            ],
            events: vec![
                (0, "18:00", "home", "home", ""),
                (0, "22:30", "yvr", "yvr", ""),
                (2, "07:10", "syd", "syd", ""),
                (2, "11:00", "sydney", "sydney", ""),
                (2, "17:00", "sydney", "sydney", "burst"),
                (3, "09:30", "sydney", "sydney", ""),
                (3, "22:40", "sydney", "sydney", ""),
                (3, "24:30", "sydney", "sydney", ""),
                (4, "10:30", "bluem", "sydney", "visit"),
                (4, "14:30", "bluem", "sydney", "visit"),
                (4, "20:00", "sydney", "sydney", ""),
                (5, "09:00", "sydney", "sydney", ""),
                (5, "17:00", "melbourne", "melbourne", ""),
                (6, "10:00", "geelong", "melbourne", "visit"),
                (6, "13:30", "geelong", "melbourne", "visit"),
                (6, "19:30", "melbourne", "melbourne", "burst"),
                (7, "10:00", "melbourne", "melbourne", ""),
                (7, "16:00", "mel", "mel", ""),
            ],
            devices: vec![
                device("Ethan", GpsPhone, "Google", "Pixel 8"),
                device("Mei", OffsetPhone, "Apple", "iPhone 14"),
                camera("Noah", "FUJIFILM", "X-T4", "9ZA01234", 0),
                device("Lucas", GpsTimePhone, "motorola", "moto g84"),
            ],
        },
        // Day trips out of a big city: Mexico City to Tokyo (15 h ahead,
        // no summer time either side), a day at Yokohama, the train to Kyoto
        // with a stop at Hamamatsu, a day at Nara, a late karaoke in Tokyo.
        Trip {
            name: "mexico-tokyo-kyoto",
            home_zone: "America/Mexico_City",
            trip_zone: "Asia/Tokyo",
            start: NaiveDate::from_ymd_opt(2024, 4, 8).expect("date"),
            spots: vec![
                spot("home", 19.36, -99.17, "America/Mexico_City", "Mexico City"),
                spot("mex", 19.4363, -99.0721, "America/Mexico_City", "Licenciado Benito Juarez (MEX)"),
                spot("hnd", 35.5523, 139.78, "Asia/Tokyo", "Tokyo (HND)"),
                spot("tokyo", 35.6762, 139.6503, "Asia/Tokyo", "Tokyo"),
                spot("yokohama", 35.4437, 139.638, "Asia/Tokyo", "Yokohama"),
                spot("hamamatsu", 34.71, 137.73, "Asia/Tokyo", "Hamamatsu"),
                spot("kyoto", 35.0116, 135.7681, "Asia/Tokyo", "Kyoto"),
                spot("nara", 34.685, 135.8049, "Asia/Tokyo", "Nara-shi"),
            ],
            chapters: vec![
                travel("home", "Mexico City"),
                travel("mex", "Licenciado Benito Juarez (MEX)"),
                travel("hnd", "Tokyo (HND)"),
                stay("tokyo", "Tokyo"),
                travel("hamamatsu", "Hamamatsu"),
                stay("kyoto", "Kyoto"),
            ],
            events: vec![
                (0, "09:00", "home", "home", ""),
                (0, "12:30", "mex", "mex", ""),
                (1, "17:30", "hnd", "hnd", ""),
                (1, "20:30", "tokyo", "tokyo", ""),
                (2, "09:00", "tokyo", "tokyo", "burst"),
                (2, "14:00", "tokyo", "tokyo", ""),
                (2, "23:10", "tokyo", "tokyo", ""),
                (2, "24:40", "tokyo", "tokyo", ""),
                (3, "10:00", "yokohama", "tokyo", "visit"),
                (3, "14:30", "yokohama", "tokyo", "visit"),
                (3, "19:30", "tokyo", "tokyo", ""),
                (4, "09:30", "tokyo", "tokyo", ""),
                (4, "15:00", "tokyo", "tokyo", ""),
                (5, "08:30", "tokyo", "tokyo", ""),
                (5, "11:00", "hamamatsu", "hamamatsu", ""),
                (5, "15:30", "kyoto", "kyoto", ""),
                (6, "10:00", "nara", "kyoto", "visit,burst"),
                (6, "13:30", "nara", "kyoto", "visit"),
                (6, "19:00", "kyoto", "kyoto", ""),
                (7, "09:30", "kyoto", "kyoto", ""),
            ],
            devices: vec![
                device("Valeria", GpsPhone, "Apple", "iPhone 15 Pro"),
                device("Diego", OffsetPhone, "samsung", "SM-S911B"),
                camera("Ximena", "SONY", "ILCE-7M3", "4412345", 0),
            ],
        },
        // A small town: from Nairobi (+3) to Switzerland in July (+2, so the
        // camera is an hour ahead), Zürich with a day at Zug, then two
        // nights at Zermatt (6,600 people), back through Visp.
        Trip {
            name: "nairobi-zurich-zermatt",
            home_zone: "Africa/Nairobi",
            trip_zone: "Europe/Zurich",
            start: NaiveDate::from_ymd_opt(2025, 7, 2).expect("date"),
            spots: vec![
                spot("home", -1.2921, 36.8219, "Africa/Nairobi", "Nairobi"),
                spot("nbo", -1.31924, 36.9278, "Africa/Nairobi", "Jomo Kenyatta (NBO)"),
                spot("zrh", 47.4647, 8.54917, "Europe/Zurich", "Zurich (ZRH)"),
                spot("zurich", 47.3769, 8.5417, "Europe/Zurich", "Zürich"),
                spot("zug", 47.1724, 8.5174, "Europe/Zurich", "Zug"),
                spot("visp", 46.2937, 7.8815, "Europe/Zurich", "Visp"),
                spot("zermatt", 46.0207, 7.7491, "Europe/Zurich", "Zermatt"),
            ],
            chapters: vec![
                travel("home", "Nairobi"),
                travel("nbo", "Jomo Kenyatta (NBO)"),
                travel("zrh", "Zurich (ZRH)"),
                stay("zurich", "Zürich"),
                travel("visp", "Visp"),
                stay("zermatt", "Zermatt"),
            ],
            events: vec![
                (0, "19:00", "home", "home", ""),
                (0, "22:00", "nbo", "nbo", ""),
                (1, "07:30", "zrh", "zrh", ""),
                (1, "11:00", "zurich", "zurich", ""),
                (1, "18:30", "zurich", "zurich", "burst"),
                (2, "10:00", "zug", "zurich", "visit"),
                (2, "13:00", "zug", "zurich", "visit"),
                (2, "23:00", "zurich", "zurich", ""),
                (2, "24:30", "zurich", "zurich", ""),
                (3, "09:00", "zurich", "zurich", ""),
                (3, "13:00", "visp", "visp", ""),
                (3, "16:00", "zermatt", "zermatt", ""),
                (4, "09:30", "zermatt", "zermatt", "burst"),
                (4, "18:00", "zermatt", "zermatt", ""),
                (5, "09:00", "zermatt", "zermatt", ""),
            ],
            devices: vec![
                device("Wanjiru", GpsPhone, "samsung", "SM-S918B"),
                device("Otieno", OffsetPhone, "Apple", "iPhone 11"),
                camera("Achieng", "Canon", "Canon EOS 90D", "0220312345", 0),
            ],
        },
        // A quarter-hour zone and a village: Johannesburg (+2) to Kathmandu
        // (+5:45), a day at Banepa, two nights at Nagarkot (4,000 people),
        // then Pokhara.
        Trip {
            name: "johannesburg-kathmandu-nagarkot",
            home_zone: "Africa/Johannesburg",
            trip_zone: "Asia/Kathmandu",
            start: NaiveDate::from_ymd_opt(2025, 10, 14).expect("date"),
            spots: vec![
                spot("home", -26.2041, 28.0473, "Africa/Johannesburg", "Johannesburg"),
                spot("jnb", -26.13367, 28.24233, "Africa/Johannesburg", "O. R. Tambo (JNB)"),
                spot("ktm", 27.6966, 85.3591, "Asia/Kathmandu", "Tribhuvan (KTM)"),
                spot("kathmandu", 27.7172, 85.324, "Asia/Kathmandu", "Kathmandu"),
                spot("banepa", 27.6327, 85.522, "Asia/Kathmandu", "Banepā"),
                spot("nagarkot", 27.7155, 85.5205, "Asia/Kathmandu", "Nagarkot"),
                spot("pokhara", 28.209, 83.959, "Asia/Kathmandu", "Pokhara"),
            ],
            chapters: vec![
                travel("home", "Johannesburg"),
                travel("jnb", "O. R. Tambo (JNB)"),
                travel("ktm", "Tribhuvan (KTM)"),
                stay("kathmandu", "Kathmandu"),
                stay("nagarkot", "Nagarkot"),
                stay("pokhara", "Pokhara"),
            ],
            events: vec![
                (0, "06:30", "home", "home", ""),
                (0, "09:00", "jnb", "jnb", ""),
                (1, "08:40", "ktm", "ktm", ""),
                (1, "12:00", "kathmandu", "kathmandu", ""),
                (1, "18:00", "kathmandu", "kathmandu", "burst"),
                (2, "09:30", "banepa", "kathmandu", "visit"),
                (2, "12:30", "banepa", "kathmandu", "visit"),
                (2, "22:45", "kathmandu", "kathmandu", ""),
                (2, "24:20", "kathmandu", "kathmandu", ""),
                (3, "09:00", "kathmandu", "kathmandu", ""),
                (3, "15:00", "nagarkot", "nagarkot", ""),
                (4, "06:00", "nagarkot", "nagarkot", "burst"),
                (4, "17:30", "nagarkot", "nagarkot", ""),
                (5, "07:00", "nagarkot", "nagarkot", ""),
                (5, "18:00", "pokhara", "pokhara", ""),
                (6, "06:30", "pokhara", "pokhara", ""),
                (6, "16:00", "pokhara", "pokhara", ""),
            ],
            devices: vec![
                device("Thabo", GpsPhone, "Apple", "iPhone 14 Pro"),
                device("Lerato", OffsetPhone, "HUAWEI", "ELS-NX9"),
                camera("Sipho", "OLYMPUS CORPORATION", "E-M10MarkIII", "BHX204512", -40),
            ],
        },
    ]
}
