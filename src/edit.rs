//! The user's corrections to a mission, one [`Edit`] at a time, and the undo
//! history of a session. Both front ends apply edits through [`apply`]:
//! `recap edit` on a mission file, the app on its open session (which also
//! checks ids against the plan and re-plans, see [`crate::session`]).
//!
//! Edits name photos by their key in the mission (their path as scanned,
//! [`crate::caption::photo_key`]), chapters by their planner id and devices
//! by their [`crate::plan::device_key`]: plain strings that survive
//! rescans.

use crate::lang::Lang;
use crate::mission::{Mission, MissionError};
use crate::plan::DeviceOffset;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Largest clock correction: [`DeviceOffset::MAX_MINUTES`].
pub const MAX_OFFSET_MINUTES: i32 = DeviceOffset::MAX_MINUTES;

/// The `{names}` a caption template may use: [`crate::caption::TEMPLATE_FIELDS`].
pub use crate::caption::TEMPLATE_FIELDS;

/// The longest text the user may write for one part of the story.
pub const MAX_STORY_TEXT_CHARS: usize = 10_000;
/// The most photos the user may choose for one day of the story.
pub const MAX_STORY_DAY_PHOTOS: usize = 60;
/// The longest chapter id a story edit may name (ids Recap makes are short).
const MAX_STORY_ID_CHARS: usize = 200;

/// Which text of the story an edit writes: `title`, `intro`, `closing`,
/// `chapter:ID` or `day:YYYY-MM-DD` (its `FromStr` and `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryTarget {
    Title,
    Intro,
    Closing,
    Chapter(String),
    Day(NaiveDate),
}

impl std::str::FromStr for StoryTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s {
            "title" => return Ok(StoryTarget::Title),
            "intro" => return Ok(StoryTarget::Intro),
            "closing" => return Ok(StoryTarget::Closing),
            _ => {}
        }
        let bad =
            || format!("{s:?} is not a part of the story: say title, intro, closing, chapter:ID or day:YYYY-MM-DD");
        match s.split_once(':') {
            Some(("chapter", id)) => {
                let id = id.trim();
                if id.is_empty() || id.chars().count() > MAX_STORY_ID_CHARS || id.chars().any(char::is_control) {
                    return Err(format!("{id:?} is not a chapter id as `recap plan` shows it"));
                }
                Ok(StoryTarget::Chapter(id.to_string()))
            }
            Some(("day", d)) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map(StoryTarget::Day)
                .map_err(|_| format!("{d:?} is not a date like 2017-06-06")),
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for StoryTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoryTarget::Title => f.write_str("title"),
            StoryTarget::Intro => f.write_str("intro"),
            StoryTarget::Closing => f.write_str("closing"),
            StoryTarget::Chapter(id) => write!(f, "chapter:{id}"),
            StoryTarget::Day(d) => write!(f, "day:{}", d.format("%Y-%m-%d")),
        }
    }
}

/// What to do with a device's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    /// Add these minutes to its clock (a camera on Québec time in France: 360).
    Set(i32),
    /// The clock was right: no correction, and none detected.
    Clear,
    /// Forget the user's verdict: detection decides again.
    Auto,
}

/// A photo's pick state, as the user sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickState {
    Pick,
    Reject,
    /// Neither picked nor rejected (stars, if any, are kept).
    None,
}

/// One correction to the mission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Clock {
        device: String,
        mode: ClockMode,
    },
    /// Where the group comes from (IANA, "America/Toronto"), the zone a
    /// camera left on home time is on; `None`: found from the photos again.
    HomeZone {
        zone: Option<String>,
    },
    /// An empty title goes back to the automatic one. `lang`: the language
    /// it was typed in, so the other album falls back sensibly.
    Rename {
        chapter: String,
        title: String,
        lang: Lang,
    },
    /// Into the first chapter.
    Merge {
        chapters: Vec<String>,
    },
    /// A new chapter starts at this photo.
    Split {
        photo: String,
    },
    Order {
        chapters: Vec<String>,
    },
    Move {
        photos: Vec<String>,
        chapter: String,
    },
    /// The mission's own name (the album's title). A mission always has one:
    /// a blank name is refused.
    MissionName {
        name: String,
    },
    /// An empty name goes back to the folder's.
    Participant {
        folder: String,
        name: String,
    },
    /// A delegate who sent no photo joins the Bottin.
    PersonAdd {
        name: String,
    },
    /// A delegate added by hand leaves it (folders linked to them go back
    /// to their own names).
    PersonRemove {
        name: String,
    },
    /// The folder `folder` is `to`'s: its photos, devices and credits merge
    /// into theirs.
    PersonLink {
        folder: String,
        to: String,
    },
    /// The folder is its own person again.
    PersonUnlink {
        folder: String,
    },
    /// `None`: back to the template.
    Caption {
        photo: String,
        text: Option<String>,
    },
    /// `None` (or blank): back to the default template.
    Template {
        lang: Lang,
        text: Option<String>,
    },
    /// `None` (or blank): back to the generated introduction.
    Intro {
        chapter: String,
        lang: Lang,
        text: Option<String>,
    },
    Pick {
        photos: Vec<String>,
        state: PickState,
    },
    /// 0 removes the stars.
    Stars {
        photos: Vec<String>,
        stars: u8,
    },
    /// The organizers' programme (.ics), stored as an absolute path.
    Agenda {
        file: PathBuf,
    },
    /// The user's best shot of its group (photo key). A session also clears
    /// the choice on the group's other photos; see [`crate::curate::set_best`].
    Best {
        photo: String,
    },
    /// Splits photos off a wrong near-duplicate or burst match (`alone`), or
    /// lets them be grouped again.
    Alone {
        photos: Vec<String>,
        alone: bool,
    },
    /// A text of the story in one language; `None` (or blank): back to Recap's draft.
    StoryText {
        target: StoryTarget,
        lang: Lang,
        text: Option<String>,
    },
    /// A day's photos in the story, by key, in order; `None`: Recap chooses again.
    StoryPhotos {
        day: NaiveDate,
        photos: Option<Vec<String>>,
    },
    /// The story's cover (photo key); `None`: Recap chooses again.
    StoryCover {
        photo: Option<String>,
    },
}

impl Edit {
    /// A stable name for the kind of edit (`"rename"`, `"clock"`…): what the
    /// app shows as "Undo rename".
    pub fn kind(&self) -> &'static str {
        match self {
            Edit::Clock { .. } => "clock",
            Edit::HomeZone { .. } => "homeZone",
            Edit::Rename { .. } => "rename",
            Edit::Merge { .. } => "merge",
            Edit::Split { .. } => "split",
            Edit::Order { .. } => "order",
            Edit::Move { .. } => "move",
            Edit::MissionName { .. } => "mission",
            Edit::Participant { .. } => "participant",
            Edit::PersonAdd { .. } => "personAdd",
            Edit::PersonRemove { .. } => "personRemove",
            Edit::PersonLink { .. } => "personLink",
            Edit::PersonUnlink { .. } => "personUnlink",
            Edit::Caption { .. } => "caption",
            Edit::Template { .. } => "template",
            Edit::Intro { .. } => "intro",
            Edit::Pick { .. } => "pick",
            Edit::Stars { .. } => "stars",
            Edit::Agenda { .. } => "agenda",
            Edit::Best { .. } => "best",
            Edit::Alone { .. } => "alone",
            Edit::StoryText { .. } => "storyText",
            Edit::StoryPhotos { .. } => "storyPhotos",
            Edit::StoryCover { .. } => "storyCover",
        }
    }
}

/// Why an edit was refused; the mission is then unchanged.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The edit itself is wrong: a range, a template's names, a file kind.
    #[error("{0}")]
    Invalid(String),
    /// The programme the edit names could not be read.
    #[error(transparent)]
    Core(#[from] crate::Error),
    /// The mission file, when the edit is applied to it in place
    /// ([`Mission::update`]).
    #[error(transparent)]
    Mission(#[from] MissionError),
}

impl EditError {
    /// Stable, machine-readable: `invalid`, or the core's or mission's code.
    pub fn code(&self) -> &'static str {
        match self {
            EditError::Invalid(_) => "invalid",
            EditError::Core(e) => e.code(),
            EditError::Mission(e) => e.code(),
        }
    }
}

impl crate::error::Coded for EditError {
    fn code(&self) -> &'static str {
        EditError::code(self)
    }

    fn fault(&self) -> Option<crate::error::Fault> {
        match self {
            EditError::Invalid(_) => Some(crate::error::Fault::Input),
            EditError::Core(e) => e.fault(),
            EditError::Mission(e) => crate::error::Coded::fault(e),
        }
    }
}

impl From<crate::agenda::AgendaError> for EditError {
    fn from(e: crate::agenda::AgendaError) -> Self {
        EditError::Core(e.into())
    }
}

impl From<EditError> for crate::Error {
    fn from(e: EditError) -> Self {
        match e {
            EditError::Invalid(message) => crate::Error::Invalid(message),
            EditError::Core(e) => e,
            EditError::Mission(e) => e.into(),
        }
    }
}

fn invalid(message: impl Into<String>) -> EditError {
    EditError::Invalid(message.into())
}

/// Checks a template names only [`TEMPLATE_FIELDS`] and closes its braces.
pub fn check_template(text: &str) -> Result<(), EditError> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(invalid(format!("the template has a {{ without its }}: {text:?}")));
        };
        let name = &rest[open + 1..close];
        if !TEMPLATE_FIELDS.contains(&name) {
            return Err(invalid(format!(
                "the template names {{{name}}}, which is not one of {}",
                TEMPLATE_FIELDS.map(|f| format!("{{{f}}}")).join(", ")
            )));
        }
        rest = &rest[close + 1..];
    }
    Ok(())
}

/// A mission's name is a title (the album's, the web album's cover), not a
/// text: longer is a paste gone wrong.
pub const MAX_MISSION_NAME: usize = 200;

fn nonblank(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

fn distinct(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// Applies `edit` to `mission` (in memory; the caller saves). Returns what
/// was done, in English, for the command line. Checks what can be checked
/// without a plan (ranges, template names, the agenda file exists); on an
/// error the mission is unchanged.
pub fn apply(mission: &mut Mission, edit: &Edit) -> Result<String, EditError> {
    let m = mission;
    let c = &mut m.edits.chapters;
    Ok(match edit {
        Edit::Clock { device, mode } => match *mode {
            ClockMode::Auto => {
                m.edits.devices.remove(device);
                format!("{device}: offset left to detection")
            }
            ClockMode::Clear => {
                m.edits.devices.insert(device.clone(), DeviceOffset::Cleared);
                format!("{device}: clock marked right")
            }
            ClockMode::Set(min) => {
                if min.unsigned_abs() > MAX_OFFSET_MINUTES.unsigned_abs() {
                    return Err(invalid(format!("{min} minutes is more than two days")));
                }
                m.edits.devices.insert(device.clone(), DeviceOffset::Minutes(min));
                format!("{device}: {min:+} minutes")
            }
        },
        Edit::Rename { chapter, title, lang } => match nonblank(Some(title)) {
            Some(title) => {
                let msg = format!("{chapter} is now titled {title:?}");
                c.rename.insert(chapter.clone(), title);
                // French is the default: only another language is written down.
                match lang {
                    Lang::Fr => c.title_lang.remove(chapter),
                    other => c.title_lang.insert(chapter.clone(), *other),
                };
                msg
            }
            None => {
                c.rename.remove(chapter);
                c.title_lang.remove(chapter);
                format!("{chapter} takes its automatic title again")
            }
        },
        Edit::Merge { chapters } => {
            let group = distinct(chapters);
            if group.len() < 2 {
                return Err(invalid("merging needs at least two different chapters"));
            }
            let msg = format!("{} merged into {}", group[1..].join(", "), group[0]);
            if !c.merge.contains(&group) {
                c.merge.push(group);
            }
            msg
        }
        Edit::Split { photo } => {
            if !c.split.contains(photo) {
                c.split.push(photo.clone());
            }
            format!("a new chapter starts at {photo}")
        }
        Edit::Order { chapters } => {
            let order = distinct(chapters);
            if order.is_empty() {
                return Err(invalid("the order names no chapter"));
            }
            let msg = format!("chapters in order: {}", order.join(", "));
            c.order = order;
            msg
        }
        Edit::Move { photos, chapter } => {
            if photos.is_empty() {
                return Err(invalid("no photo to move"));
            }
            for p in photos {
                c.moves.insert(p.clone(), chapter.clone());
            }
            format!("{} moved to {chapter}", plural(photos.len(), "photo"))
        }
        Edit::HomeZone { zone } => match nonblank(zone.as_deref()) {
            Some(zone) => {
                let Ok(tz) = zone.parse::<chrono_tz::Tz>() else {
                    return Err(invalid(format!("{zone:?} is not a time zone name like \"America/Toronto\"")));
                };
                let msg = format!("home zone: {}", tz.name());
                m.time.home_zone = Some(tz.name().to_string());
                msg
            }
            None => {
                m.time.home_zone = None;
                "home zone found from the departure photos again".to_string()
            }
        },
        Edit::MissionName { name } => {
            let Some(name) = nonblank(Some(name)) else {
                return Err(invalid("a mission needs a name"));
            };
            if name.chars().count() > MAX_MISSION_NAME {
                return Err(invalid(format!("a mission's name is at most {MAX_MISSION_NAME} characters")));
            }
            let msg = format!("the mission is now named {name:?}");
            m.name = name;
            msg
        }
        Edit::Participant { folder, name } => match nonblank(Some(name)) {
            Some(name) => {
                let msg = format!("{folder} shows as {name:?}");
                m.participants.insert(folder.clone(), name);
                msg
            }
            None => {
                m.participants.insert(folder.clone(), folder.clone());
                format!("{folder} shows under its folder's name")
            }
        },
        Edit::PersonAdd { name } => {
            let name = crate::people::check_name(name).map_err(invalid)?;
            if m.people.delegates.contains(&name) {
                return Err(invalid(format!("{name} is already in the Bottin")));
            }
            let msg = format!("{name} added to the Bottin");
            m.people.delegates.push(name);
            msg
        }
        Edit::PersonRemove { name } => {
            let name = name.trim();
            let Some(at) = m.people.delegates.iter().position(|d| d == name) else {
                return Err(invalid(format!("{name:?} is not a delegate added by hand")));
            };
            m.people.delegates.remove(at);
            m.people.links.retain(|_, to| to != name);
            format!("{name} removed from the Bottin")
        }
        Edit::PersonLink { folder, to } => {
            let folder = crate::people::check_name(folder).map_err(invalid)?;
            let to = crate::people::check_name(to).map_err(invalid)?;
            // Linked to whom `to` already is, so no chain grows.
            let to = crate::people::person_of(&m.people, &to).to_string();
            if to == folder {
                return Err(invalid(format!("{folder} cannot be linked to itself")));
            }
            m.people.links.insert(folder.clone(), to.clone());
            // Folders that were this folder's follow it.
            for target in m.people.links.values_mut() {
                if *target == folder {
                    target.clone_from(&to);
                }
            }
            crate::people::carry_devices(m, &folder, &to);
            format!("{folder} is {to}'s")
        }
        Edit::PersonUnlink { folder } => {
            let folder = folder.trim();
            if m.people.links.remove(folder).is_none() {
                return Err(invalid(format!("{folder:?} is not linked to anyone")));
            }
            format!("{folder} is its own person again")
        }
        Edit::Caption { photo, text } => match text {
            Some(text) => {
                m.captions.insert(photo.clone(), text.clone());
                format!("{photo}: caption {text:?}")
            }
            None => {
                m.captions.remove(photo);
                format!("{photo}: caption back to the template")
            }
        },
        Edit::Template { lang, text } => {
            let text = nonblank(text.as_deref());
            if let Some(t) = &text {
                check_template(t)?;
            }
            let msg = match &text {
                Some(t) => format!("{} captions follow {t:?}", lang.code()),
                None => format!("{} captions follow the default template", lang.code()),
            };
            m.templates.set(*lang, text);
            msg
        }
        Edit::Intro { chapter, lang, text } => {
            let text = nonblank(text.as_deref());
            let msg = match &text {
                Some(_) => format!("{chapter}: {} introduction written", lang.code()),
                None => format!("{chapter}: {} introduction generated again", lang.code()),
            };
            let entry = m.intros.entry(chapter.clone()).or_default();
            entry.set(*lang, text);
            if entry.is_empty() {
                m.intros.remove(chapter);
            }
            msg
        }
        Edit::Pick { photos, state } => {
            if photos.is_empty() {
                return Err(invalid("no photo to pick"));
            }
            // Through the mission's choice API: picking keeps the stars and
            // the curation corrections (best shot, split) of the photo.
            let to = match state {
                PickState::Pick => Some(crate::mission::PickState::Pick),
                PickState::Reject => Some(crate::mission::PickState::Reject),
                PickState::None => None,
            };
            for p in photos {
                m.set_pick(p, to);
            }
            let what = match state {
                PickState::Pick => "picked",
                PickState::Reject => "rejected",
                PickState::None => "neither picked nor rejected",
            };
            format!("{} {what}", plural(photos.len(), "photo"))
        }
        Edit::Stars { photos, stars } => {
            if *stars > 5 {
                return Err(invalid(format!("{stars} stars: say 0 to 5")));
            }
            if photos.is_empty() {
                return Err(invalid("no photo to rate"));
            }
            for p in photos {
                m.set_stars(p, *stars);
            }
            format!("{} rated {stars}", plural(photos.len(), "photo"))
        }
        Edit::Best { photo } => {
            m.update_choice(photo, |c| c.best = true);
            format!("{photo} is the best shot of its group")
        }
        Edit::Alone { photos, alone } => {
            if photos.is_empty() {
                return Err(invalid("no photo to split off"));
            }
            for p in photos {
                m.update_choice(p, |c| c.alone = *alone);
            }
            let what = if *alone { "split off their group" } else { "grouped again" };
            format!("{} {what}", plural(photos.len(), "photo"))
        }
        Edit::Agenda { file } => {
            let is_ics = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics"));
            if !is_ics {
                return Err(invalid(format!("{} is not an .ics calendar", file.display())));
            }
            let abs = std::fs::canonicalize(file).map_err(|e| crate::Error::Io { path: file.clone(), source: e })?;
            if !abs.is_file() {
                return Err(invalid(format!("{} is not a file", file.display())));
            }
            // A programme that cannot be read at all is refused here, when
            // the user picks it; once stored, a programme that went bad
            // later is only a warning of each plan.
            crate::agenda::load(&abs)?;
            let msg = format!("agenda: {}", abs.display());
            m.agenda.file = Some(abs);
            msg
        }
        Edit::StoryText { target, lang, text } => {
            let text = nonblank(text.as_deref());
            if let Some(t) = &text {
                let n = t.chars().count();
                if n > MAX_STORY_TEXT_CHARS {
                    return Err(invalid(format!(
                        "{target}: {n} characters is more than the {MAX_STORY_TEXT_CHARS} a text of the story may hold"
                    )));
                }
            }
            if let StoryTarget::Chapter(id) = target {
                // Built by hand rather than parsed: the same checks as `FromStr`.
                format!("chapter:{id}").parse::<StoryTarget>().map_err(invalid)?;
            }
            let msg = match &text {
                Some(_) => format!("story {target}: {} text written", lang.code()),
                None => format!("story {target}: {} text back to the draft", lang.code()),
            };
            let story = &mut m.story;
            let slot = match target {
                StoryTarget::Title => &mut story.title,
                StoryTarget::Intro => &mut story.intro,
                StoryTarget::Closing => &mut story.closing,
                StoryTarget::Chapter(id) => &mut story.chapters.entry(id.clone()).or_default().text,
                StoryTarget::Day(d) => &mut story.days.entry(day_key(*d)).or_default().text,
            };
            slot.set(*lang, text);
            story.prune();
            msg
        }
        Edit::StoryPhotos { day, photos } => {
            let label = day_key(*day);
            let msg = match photos {
                Some(photos) => {
                    if photos.len() > MAX_STORY_DAY_PHOTOS {
                        return Err(invalid(format!(
                            "{label}: {} photos is more than the {MAX_STORY_DAY_PHOTOS} a day of the story may show",
                            photos.len()
                        )));
                    }
                    let mut seen = std::collections::HashSet::new();
                    for k in photos {
                        if k.trim().is_empty() {
                            return Err(invalid(format!("{label}: a photo without a name")));
                        }
                        if !seen.insert(k.as_str()) {
                            return Err(invalid(format!("{label}: {k} is listed twice")));
                        }
                    }
                    m.story.days.entry(label.clone()).or_default().photos = Some(photos.clone());
                    format!("story {label}: {} chosen", plural(photos.len(), "photo"))
                }
                None => {
                    if let Some(d) = m.story.days.get_mut(&label) {
                        d.photos = None;
                    }
                    format!("story {label}: photos chosen by Recap again")
                }
            };
            m.story.prune();
            msg
        }
        Edit::StoryCover { photo } => match nonblank(photo.as_deref()) {
            Some(p) => {
                let msg = format!("story cover: {p}");
                m.story.cover = Some(p);
                msg
            }
            None => {
                m.story.cover = None;
                "story cover chosen by Recap again".to_string()
            }
        },
    })
}

fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Undo and redo over whole missions (a mission is small; snapshots are
/// simpler and safer than inverse edits). A new edit clears the redo side;
/// the oldest steps go beyond [`History::LIMIT`].
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

#[derive(Debug, Clone)]
struct Step {
    /// The mission on the other side of this step.
    mission: Mission,
    /// The edit's kind ([`Edit::kind`]).
    label: String,
}

impl History {
    pub const LIMIT: usize = 100;

    pub fn new() -> Self {
        Self::default()
    }

    /// An edit labelled `label` was made; `before` is the mission before it.
    pub fn record(&mut self, before: Mission, label: &str) {
        self.undo.push(Step { mission: before, label: label.to_string() });
        if self.undo.len() > Self::LIMIT {
            let extra = self.undo.len() - Self::LIMIT;
            self.undo.drain(..extra);
        }
        self.redo.clear();
    }

    /// The mission undo would go back to.
    pub fn undo_target(&self) -> Option<&Mission> {
        self.undo.last().map(|s| &s.mission)
    }

    /// The mission redo would go forward to.
    pub fn redo_target(&self) -> Option<&Mission> {
        self.redo.last().map(|s| &s.mission)
    }

    /// Undo happened: `current` (the mission before the undo) becomes redoable.
    pub fn undone(&mut self, current: Mission) {
        if let Some(step) = self.undo.pop() {
            self.redo.push(Step { mission: current, label: step.label });
        }
    }

    /// Redo happened: `current` (the mission before the redo) becomes undoable.
    pub fn redone(&mut self, current: Mission) {
        if let Some(step) = self.redo.pop() {
            self.undo.push(Step { mission: current, label: step.label });
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The kind of edit undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The kind of edit redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Steps on the undo and the redo side.
    pub fn depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Coded, Fault};

    #[test]
    fn a_refused_edit_is_the_users_input_and_leaves_the_mission_unchanged() {
        let mut m = Mission::new("Angers");
        let before = m.clone();
        let e = apply(&mut m, &Edit::Stars { photos: vec!["1:a.jpg".into()], stars: 6 }).expect_err("six stars");
        assert_eq!((e.code(), Coded::fault(&e)), ("invalid", Some(Fault::Input)));
        assert_eq!(m, before);
        // Front ends that speak the crate's error keep the code.
        assert_eq!(crate::Error::from(e).code(), "invalid");
    }

    #[test]
    fn a_programme_that_is_not_a_calendar_is_refused_with_its_own_code() {
        let dir = std::env::temp_dir().join(format!("recap-edit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("programme.ics");
        std::fs::write(&file, "Programme : lundi visite").unwrap();
        let mut m = Mission::new("Angers");
        let e = apply(&mut m, &Edit::Agenda { file: file.clone() }).expect_err("not a calendar");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(e, EditError::Core(_)), "{e:?}");
        assert_ne!(e.code(), "invalid", "the programme's own code goes on");
        assert_eq!(m.agenda.file, None);
    }
}
