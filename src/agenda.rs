//! The organizers' programme, imported from an iCalendar (`.ics`) file.
//!
//! Planning uses it to name moments ("Visite de la Cité de l'objet
//! connecté") and to refine places ("WeForge, Angers"). Programmes are
//! hand-made and often sloppy, so a bad event is a [`AgendaWarning`], never a
//! failure of the whole file: only a file that is not iCalendar at all is.
//!
//! Syntax (line unfolding, escapes, parameters) is `icalendar`'s parser; date
//! forms and zones are resolved here with `chrono-tz`, because the crate's
//! own conversion drops floating times and all-day events.
//!
//! A programme is untrusted input (it comes with a shared mission): files
//! are read through [`crate::guard`] (regular files only, at most
//! [`MAX_BYTES`]), nesting is checked before the parser sees the text
//! ([`MAX_DEPTH`]), and every date and duration is range-checked (years
//! [`MIN_YEAR`]–[`MAX_YEAR`], durations up to [`MAX_DURATION_DAYS`]) so that
//! no chrono constructor can panic: an event out of range is a warning.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_calendar, unfold, Component, Property};
use serde::{Deserialize, Deserializer, Serialize};

/// Largest `.ics` file read: programmes are a few kilobytes.
pub const MAX_BYTES: u64 = 8 << 20;
/// Deepest BEGIN/END nesting accepted (VCALENDAR > VEVENT > VALARM is 3):
/// the parser recurses per level, so a crafted file could overflow the stack.
pub const MAX_DEPTH: usize = 16;
/// Years an event may fall in.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;
/// Longest event duration accepted (a DURATION, or DTEND minus DTSTART).
pub const MAX_DURATION_DAYS: i64 = 400;

/// One event of the programme, in true instants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaEvent {
    pub summary: String,
    pub start: DateTime<Utc>,
    /// Exclusive. Equal to `start` for an event given without an end.
    pub end: DateTime<Utc>,
    pub location: Option<String>,
    /// (latitude, longitude) in degrees.
    pub geo: Option<(f64, f64)>,
}

/// Something in the file that was left out or guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaWarning {
    /// 1-based position of the event in the file.
    pub event: usize,
    pub summary: Option<String>,
    pub message: String,
}

impl fmt::Display for AgendaWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.summary {
            // Event 0 is the programme as a whole (its file could not be read).
            _ if self.event == 0 => write!(f, "{}", self.message),
            Some(s) => write!(f, "event {} ({s:?}): {}", self.event, self.message),
            None => write!(f, "event {}: {}", self.event, self.message),
        }
    }
}

/// The programme: events sorted by start, and what could not be used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub events: Vec<AgendaEvent>,
    pub warnings: Vec<AgendaWarning>,
}

#[derive(Debug, thiserror::Error)]
pub enum AgendaError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: not UTF-8 text, so not an iCalendar file")]
    NotText(String),
    #[error("{0}: not an iCalendar file (no BEGIN:VCALENDAR)")]
    NotCalendar(String),
    #[error("{what}: unreadable iCalendar: {message}")]
    Syntax { what: String, message: String },
    #[error("{path}: {source}")]
    Refused {
        path: PathBuf,
        #[source]
        source: crate::guard::OpenError,
    },
    #[error("{what}: components nested more than {MAX_DEPTH} deep (BEGIN inside BEGIN): not a programme")]
    TooDeep { what: String },
}

impl AgendaError {
    /// Stable code for front ends, like [`crate::Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            AgendaError::Io { .. } => "io",
            AgendaError::NotText(_) => "agenda_not_text",
            AgendaError::NotCalendar(_) => "agenda_not_calendar",
            AgendaError::Syntax { .. } => "agenda_syntax",
            AgendaError::Refused { source, .. } => match source.code() {
                "too_large" => "agenda_too_large",
                "not_regular" => "agenda_not_regular",
                _ => "io",
            },
            AgendaError::TooDeep { .. } => "agenda_too_deep",
        }
    }
}

impl From<AgendaError> for crate::Error {
    fn from(e: AgendaError) -> Self {
        match e {
            AgendaError::Io { path, source } => crate::Error::io(path, source),
            // The programme's own code goes on: front ends word it.
            other => crate::Error::Input { code: other.code(), message: other.to_string() },
        }
    }
}

/// Parse a programme. Floating times (no `Z`, no `TZID`) are read in the
/// calendar's `X-WR-TIMEZONE`, else as UTC with a warning: prefer
/// [`parse_in`] with the trip's zone.
pub fn parse(text: &str) -> Result<Agenda, AgendaError> {
    parse_in(text, None)
}

/// Like [`parse`], with the zone for floating times and all-day events
/// (normally the mission's trip zone). `X-WR-TIMEZONE` wins over it: the
/// organizers said what they meant.
pub fn parse_in(text: &str, floating_zone: Option<Tz>) -> Result<Agenda, AgendaError> {
    parse_named(text, floating_zone, "programme")
}

/// Read and parse a `.ics` file; see [`parse_in`] for `floating_zone`.
pub fn load(path: impl AsRef<Path>) -> Result<Agenda, AgendaError> {
    load_in(path, None)
}

pub fn load_in(path: impl AsRef<Path>, floating_zone: Option<Tz>) -> Result<Agenda, AgendaError> {
    let path = path.as_ref();
    let bytes = crate::guard::read_bounded(path, MAX_BYTES).map_err(|e| match e {
        crate::guard::OpenError::Io(source) => AgendaError::Io { path: path.to_path_buf(), source },
        source => AgendaError::Refused { path: path.to_path_buf(), source },
    })?;
    let name = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|_| AgendaError::NotText(name.clone()))?;
    parse_named(&text, floating_zone, &name)
}

fn parse_named(text: &str, floating_zone: Option<Tz>, what: &str) -> Result<Agenda, AgendaError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(AgendaError::NotCalendar(what.to_owned()));
    }
    // The parser chokes on empty lines and wants a final line ending.
    let mut cleaned: String = text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    cleaned.push('\n');
    check_depth(&cleaned, what)?;
    let unfolded = unfold(&cleaned);
    let syntax = |message: String| AgendaError::Syntax {
        what: what.to_owned(),
        // nom's report quotes the whole rest of the file: keep its head.
        message: message.lines().take(6).collect::<Vec<_>>().join("\n"),
    };
    // A third-party parser over untrusted text: a panic in it is a syntax error.
    let calendar = crate::guard::catch(|| read_calendar(&unfolded)).map_err(syntax)?.map_err(syntax)?;

    let mut agenda = Agenda::default();
    let wr_zone = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case("X-WR-TIMEZONE"))
        .and_then(|p| resolve_tzid(p.val.as_str()));
    let zone = wr_zone.or(floating_zone);

    let mut events = Vec::new();
    collect_events(&calendar.components, &mut events);
    for (i, component) in events.into_iter().enumerate() {
        let mut ctx = EventCtx { index: i + 1, summary: None, zone, warnings: &mut agenda.warnings };
        if let Some(event) = read_event(component, &mut ctx) {
            agenda.events.push(event);
        }
    }
    agenda.events.sort_by(|a, b| (a.start, a.end).cmp(&(b.start, b.end)).then_with(|| a.summary.cmp(&b.summary)));
    Ok(agenda)
}

/// Refuses BEGIN/END nesting deeper than [`MAX_DEPTH`] before the parser
/// recurses into it. Counted on raw lines (a folded `BEGIN:` line is rare and
/// only makes the count lower, which the parser then sees as a syntax error).
fn check_depth(text: &str, what: &str) -> Result<(), AgendaError> {
    let mut depth = 0usize;
    for line in text.lines() {
        let head = line.get(..6).unwrap_or("");
        if head.eq_ignore_ascii_case("BEGIN:") {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(AgendaError::TooDeep { what: what.to_owned() });
            }
        } else if line.get(..4).unwrap_or("").eq_ignore_ascii_case("END:") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

fn collect_events<'a>(components: &'a [Component<'a>], out: &mut Vec<&'a Component<'a>>) {
    for c in components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            out.push(c);
        } else {
            collect_events(&c.components, out);
        }
    }
}

struct EventCtx<'w> {
    index: usize,
    summary: Option<String>,
    zone: Option<Tz>,
    warnings: &'w mut Vec<AgendaWarning>,
}

impl EventCtx<'_> {
    fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(AgendaWarning { event: self.index, summary: self.summary.clone(), message: message.into() });
    }
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    c.properties.iter().find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|q| q.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|q| q.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

fn text_value(c: &Component<'_>, name: &str) -> Option<String> {
    prop(c, name).map(|p| p.val.as_str().trim().to_owned()).filter(|s| !s.is_empty())
}

fn read_event(c: &Component<'_>, ctx: &mut EventCtx<'_>) -> Option<AgendaEvent> {
    ctx.summary = text_value(c, "SUMMARY");
    if text_value(c, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")) {
        ctx.warn("cancelled: left out");
        return None;
    }
    let Some(summary) = ctx.summary.clone() else {
        ctx.warn("no SUMMARY: left out");
        return None;
    };
    let Some(start_prop) = prop(c, "DTSTART") else {
        ctx.warn("no DTSTART: left out");
        return None;
    };
    let start = match read_time(start_prop, ctx) {
        Ok(t) => t,
        Err(why) => {
            ctx.warn(format!("DTSTART {why}: left out"));
            return None;
        }
    };
    if prop(c, "RRULE").is_some() {
        ctx.warn("repeats (RRULE): only the first occurrence is used");
    }

    let default_end = if start.all_day { start.instant + Duration::days(1) } else { start.instant };
    let too_long = |end: DateTime<Utc>| end - start.instant > Duration::days(MAX_DURATION_DAYS);
    let end = if let Some(p) = prop(c, "DTEND") {
        match read_time(p, ctx) {
            Ok(t) => t.instant,
            Err(why) => {
                ctx.warn(format!("DTEND {why}: the event is taken to end as it starts"));
                default_end
            }
        }
    } else if let Some(p) = prop(c, "DURATION") {
        match parse_duration(p.val.as_str()) {
            Some(d) => start.instant + d,
            None => {
                ctx.warn(format!(
                    "DURATION {:?} unreadable or longer than {MAX_DURATION_DAYS} days: ignored",
                    p.val.as_str()
                ));
                default_end
            }
        }
    } else {
        default_end
    };
    let end = if end < start.instant {
        ctx.warn("ends before it starts: the end is ignored");
        default_end
    } else if too_long(end) {
        ctx.warn(format!("lasts more than {MAX_DURATION_DAYS} days: the end is ignored"));
        default_end
    } else {
        end
    };

    let geo = match prop(c, "GEO") {
        None => None,
        Some(p) => {
            let g = parse_geo(p.val.as_str());
            if g.is_none() {
                ctx.warn(format!("GEO {:?} unreadable: ignored", p.val.as_str()));
            }
            g
        }
    };

    Some(AgendaEvent { summary, start: start.instant, end, location: text_value(c, "LOCATION"), geo })
}

struct When {
    instant: DateTime<Utc>,
    all_day: bool,
}

fn read_time(p: &Property<'_>, ctx: &mut EventCtx<'_>) -> Result<When, String> {
    let raw = p.val.as_str().trim();
    let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()));
    let bad = || format!("{raw:?} is not a date-time");

    let (local, utc) = if is_date {
        let d = NaiveDate::parse_from_str(raw, "%Y%m%d").map_err(|_| bad())?;
        (d.and_time(NaiveTime::MIN), false)
    } else if let Some(body) = raw.strip_suffix('Z').or_else(|| raw.strip_suffix('z')) {
        (parse_local(body).ok_or_else(bad)?, true)
    } else {
        (parse_local(raw).ok_or_else(bad)?, false)
    };
    check_year(local)?;
    if utc {
        return Ok(When { instant: Utc.from_utc_datetime(&local), all_day: false });
    }

    let zone = match param(p, "TZID") {
        Some(tzid) => match resolve_tzid(tzid) {
            Some(tz) => Some(tz),
            None => {
                ctx.warn(format!("unknown time zone {tzid:?}: read in the trip's zone instead"));
                ctx.zone
            }
        },
        None => ctx.zone,
    };
    let instant = match zone {
        Some(tz) => local_to_utc(&tz, local),
        None => {
            ctx.warn("floating time and no zone given: read as UTC");
            Utc.from_utc_datetime(&local)
        }
    };
    Ok(When { instant, all_day: is_date })
}

/// Keeps every later computation (zones, a day added) far from chrono's
/// limits, where its arithmetic panics.
fn check_year(t: NaiveDateTime) -> Result<(), String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&t.year()) {
        Ok(())
    } else {
        Err(format!("year {} is outside {MIN_YEAR}–{MAX_YEAR}", t.year()))
    }
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").or_else(|_| NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M")).ok()
}

/// Ambiguous times (DST fall-back) take the first; times in a DST gap are
/// moved an hour on, as clocks do.
fn local_to_utc(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(local + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// IANA names, Mozilla-style prefixed ones (`/mozilla.org/.../Europe/Paris`)
/// and the Windows names Outlook writes for the zones Recap's trips see most.
pub fn resolve_tzid(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    let parts: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    for n in (1..=parts.len().min(3)).rev() {
        if let Ok(tz) = parts[parts.len() - n..].join("/").parse::<Tz>() {
            return Some(tz);
        }
    }
    let windows = match tzid {
        "Romance Standard Time" => "Europe/Paris",
        "W. Europe Standard Time" => "Europe/Berlin",
        "GMT Standard Time" => "Europe/London",
        "Eastern Standard Time" => "America/Toronto",
        "Central Europe Standard Time" => "Europe/Budapest",
        "UTC" | "Coordinated Universal Time" => "UTC",
        _ => return None,
    };
    windows.parse().ok()
}

/// RFC 5545 durations: `P1W`, `PT1H30M`, `-P1DT2H`… `None` when unreadable
/// or longer than [`MAX_DURATION_DAYS`] (checked arithmetic throughout:
/// chrono's constructors panic on absurd values).
fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for ch in s.chars() {
        match ch {
            'T' => in_time = true,
            '0'..='9' => number.push(ch),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let seconds_per = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(&Duration::try_seconds(n.checked_mul(seconds_per)?)?)?;
                if total > Duration::days(MAX_DURATION_DAYS) {
                    return None;
                }
                any = true;
            }
        }
    }
    if !number.is_empty() || !any {
        return None;
    }
    Some(if negative { -total } else { total })
}

fn parse_geo(s: &str) -> Option<(f64, f64)> {
    // RFC 5545 says `;`; some exporters write `,`.
    let (lat, lon) = s.split_once(';').or_else(|| s.split_once(','))?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lon: f64 = lon.trim().parse().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// Where the programme comes from: an `.ics` file, events typed into the
/// mission, or both. Read it with [`AgendaSource::read`].
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

impl AgendaSource {
    /// The programme: the `.ics` file (relative to the mission file's
    /// folder) and the events typed into the mission, read in the trip zone.
    pub fn read(&self, mission_path: &Path, zone: Option<Tz>) -> Result<Agenda, AgendaError> {
        let mut agenda = match &self.file {
            Some(file) => {
                let base = mission_path.parent().unwrap_or(Path::new(""));
                // The mission must stay plannable whatever its programme is: a
                // missing, refused or unreadable file is a warning, not an error.
                load_in(base.join(file), zone).unwrap_or_else(|e| Agenda {
                    events: Vec::new(),
                    warnings: vec![AgendaWarning {
                        event: 0,
                        summary: None,
                        message: format!("programme left out: {e}"),
                    }],
                })
            }
            None => Agenda::default(),
        };
        for (i, event) in self.events.iter().enumerate() {
            match inline_event(event, zone) {
                Ok(e) => agenda.events.push(e),
                Err(message) => agenda.warnings.push(AgendaWarning {
                    event: i + 1,
                    summary: Some(event.summary.clone()),
                    message: format!("in the mission file: {message}"),
                }),
            }
        }
        agenda.events.sort_by(|a, b| (a.start, a.end).cmp(&(b.start, b.end)).then_with(|| a.summary.cmp(&b.summary)));
        Ok(agenda)
    }
}

/// An event typed into the mission file.
pub fn inline_event(event: &InlineEvent, zone: Option<Tz>) -> Result<AgendaEvent, String> {
    let (start, all_day) = inline_time(&event.start, zone).map_err(|m| format!("start {m}"))?;
    let end = match &event.end {
        Some(e) => inline_time(e, zone).map_err(|m| format!("end {m}"))?.0,
        None if all_day => start + Duration::days(1),
        None => start,
    };
    if end < start {
        return Err("ends before it starts".into());
    }
    if end - start > Duration::days(MAX_DURATION_DAYS) {
        return Err(format!("lasts more than {MAX_DURATION_DAYS} days"));
    }
    let geo = match event.geo {
        Some([lat, lon]) => {
            Some(parse_geo(&format!("{lat};{lon}")).ok_or_else(|| format!("geo {lat}, {lon} is off the map"))?)
        }
        None => None,
    };
    Ok(AgendaEvent {
        summary: event.summary.clone(),
        start,
        end,
        location: event.location.clone().filter(|l| !l.trim().is_empty()),
        geo,
    })
}

fn inline_time(s: &str, zone: Option<Tz>) -> Result<(DateTime<Utc>, bool), String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        check_year(t.naive_utc()).map_err(|m| format!("{s:?}: {m}"))?;
        return Ok((t.with_timezone(&Utc), false));
    }
    let local = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| (t, false))
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| (d.and_time(NaiveTime::MIN), true)));
    let Some((local, all_day)) = local else {
        return Err(format!("{s:?} is not a date-time like 2017-06-10T11:00"));
    };
    check_year(local).map_err(|m| format!("{s:?}: {m}"))?;
    let tz = zone.ok_or_else(|| format!("{s:?} has no offset and the mission has no time.zone"))?;
    Ok((local_to_utc(&tz, local), all_day))
}
