//! The trip told as a story: a title, an introduction over the route, one
//! chapter per stay or journey with a text, each day with its heading, a
//! text and a handful of photos, the highlights, closing words and credits.
//!
//! Every text is the user's own when they wrote one (the mission's
//! `[story]`), else a draft Recap writes from the trip's facts (the
//! programme, the moments' names, places, nights, who took photos), from
//! templates in French (fr-CA) and English: no network, no model. Pure,
//! like the album it reads: the story export and the app's story screen
//! show the same story.
//!
//! Layer: above `album`, below `export`.

use crate::album::{Album, AlbumPhoto};
use crate::caption::{self, NBSP};
use crate::curate::Curation;
use crate::lang::Lang;
use crate::mission::Mission;
use crate::model::MediaKind;
use crate::plan::ChapterKind;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// The longest text the user may write for one part of the story.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The most photos the user may choose for one day.
pub const MAX_DAY_PHOTOS: usize = 60;
/// Photos Recap chooses for a day: at least (when the day has them), at most.
pub const DAY_MIN_PHOTOS: usize = 3;
pub const DAY_MAX_PHOTOS: usize = 12;

/// One text of the story: the user's own, or Recap's draft (written from the trip's facts, no network, no LLM).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryText {
    pub text: String,
    pub draft: bool,
}

impl StoryText {
    /// The user's text in `lang` when there is one that is not blank, else the draft.
    fn of(edited: Option<&str>, draft: impl FnOnce() -> String) -> StoryText {
        match edited.filter(|t| !t.trim().is_empty()) {
            Some(t) => StoryText { text: t.to_string(), draft: false },
            None => StoryText { text: draft(), draft: true },
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryPhoto {
    /// The photo's index in the trip (the app's photo id and `thumb:` number).
    pub id: usize,
    /// Its key in the mission as held in memory (the path as scanned; a
    /// saved file holds the portable form, see [`crate::identity`]).
    pub key: String,
    /// Resolved source path (the export renders from it).
    #[serde(skip)]
    pub path: PathBuf,
    /// In the story's language (the album's caption).
    pub caption: String,
    /// The photographer's name as credited ("Étienne L.").
    pub credit: String,
    /// Oriented size when known, else 0.
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryDay {
    pub date: NaiveDate,
    /// "Mardi 6 juin 2017 — Angers" / "Tuesday, June 6, 2017 — Angers".
    pub heading: String,
    pub place: String,
    pub text: StoryText,
    /// In story order.
    pub photos: Vec<StoryPhoto>,
    /// The user chose (and ordered) them; false: Recap's choice.
    pub photos_chosen: bool,
    /// The trip's photos that day.
    pub photo_count: usize,
    /// Distinct photographers that day.
    pub photographers: usize,
    /// Programme events and moments worth telling, in order ("Soirée karaoké").
    pub highlights: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryChapter {
    pub id: String,
    pub title: String,
    /// "stage" | "travel", as the plan says.
    pub kind: String,
    pub text: StoryText,
    pub days: Vec<StoryDay>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStop {
    pub chapter: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub nights: u32,
    /// ISO 3166 alpha-2, or "".
    pub country: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Credit {
    pub name: String,
    pub photos: usize,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Story {
    pub lang: Lang,
    /// Default: the mission's name.
    pub title: StoryText,
    /// "du 3 au 11 juin 2017" / "June 3–11, 2017".
    pub dates: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Stays in order (travel chapters are not stops).
    pub route: Vec<RouteStop>,
    /// The user's choice, else the best-rated pick.
    pub cover: Option<StoryPhoto>,
    pub intro: StoryText,
    pub chapters: Vec<StoryChapter>,
    /// The trip's highlights (for the Facebook post).
    pub highlights: Vec<String>,
    /// Closing words before the credits.
    pub closing: StoryText,
    /// Every photographer, most photos first.
    pub credits: Vec<Credit>,
    /// Everyone who was there: participants and delegates who sent no photo.
    pub people: Vec<String>,
    pub photo_count: usize,
}

/// The story in one language, from the album (as every export reads it) and the mission's story edits.
pub fn build(album: &Album, mission: &Mission, lang: Lang) -> Story {
    build_curated(album, mission, lang, None)
}

/// [`build`], with the curation's quality scores to choose a day's photos
/// by (without them, stars, best shots and spread in time decide).
pub fn build_curated(album: &Album, mission: &Mission, lang: Lang, curation: Option<&Curation>) -> Story {
    let settings = &mission.story;
    let quality = |p: &AlbumPhoto| curation.map_or(0.0, |c| c.quality(p.path()));
    let by_key: HashMap<String, &AlbumPhoto> =
        album.photos().filter(|p| is_photo(p)).map(|p| (caption::photo_key(p.path()), p)).collect();

    let mut chapters = Vec::new();
    let mut route = Vec::new();
    for ac in &album.chapters {
        let chapter = ac.chapter;
        let mut days = Vec::new();
        for ad in &ac.days {
            let all: Vec<&AlbumPhoto> = ad.moments.iter().flat_map(|m| &m.photos).filter(|p| is_photo(p)).collect();
            let edits = settings.day(ad.date);
            let chosen: Option<Vec<&AlbumPhoto>> = edits.and_then(|d| d.photos.as_ref()).map(|keys| {
                let here: HashSet<&str> = all.iter().map(|p| p.path().to_str().unwrap_or("")).collect();
                keys.iter()
                    .take(MAX_DAY_PHOTOS)
                    .filter_map(|k| by_key.get(k).copied())
                    .filter(|p| here.contains(p.path().to_str().unwrap_or("")))
                    .collect()
            });
            let photos_chosen = chosen.is_some();
            let photos = chosen.unwrap_or_else(|| choose_day(&all, &quality));
            let place = chapter.titles.get(lang).to_string();
            let photographers: HashSet<&str> = all.iter().map(|p| p.planned.contributor.as_str()).collect();
            let text = StoryText::of(edits.and_then(|d| d.text.get(lang)), String::new);
            days.push(StoryDay {
                date: ad.date,
                heading: heading(ad.date, &place, lang),
                place,
                text,
                photos: photos.iter().map(|p| story_photo(p, lang, album.lang)).collect(),
                photos_chosen,
                photo_count: all.len(),
                photographers: photographers.len(),
                highlights: Vec::new(),
            });
        }
        let kind = match chapter.kind {
            ChapterKind::Stage => "stage",
            ChapterKind::Travel => "travel",
        };
        if chapter.kind == ChapterKind::Stage {
            if let Some(place) = &chapter.place {
                route.push(RouteStop {
                    chapter: chapter.id.clone(),
                    name: place.names.get(lang).to_string(),
                    lat: place.lat,
                    lon: place.lon,
                    nights: (chapter.end - chapter.start).num_days().max(0) as u32,
                    country: place.country.clone(),
                });
            }
        }
        let edited = settings.chapters.get(&chapter.id).and_then(|c| c.text.get(lang));
        chapters.push(StoryChapter {
            id: chapter.id.clone(),
            title: chapter.titles.get(lang).to_string(),
            kind: kind.to_string(),
            text: StoryText::of(edited, String::new),
            days,
        });
    }

    let cover = settings
        .cover
        .as_ref()
        .and_then(|k| by_key.get(k).copied())
        .or_else(|| best_rated(album, &quality))
        .map(|p| story_photo(p, lang, album.lang));
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in album.selected() {
        *counts.entry(p.caption.photographer.as_str()).or_default() += 1;
    }
    let mut credits: Vec<Credit> = counts
        .into_iter()
        .filter(|(n, _)| !n.is_empty())
        .map(|(n, c)| Credit { name: n.to_string(), photos: c })
        .collect();
    credits.sort_by(|a, b| b.photos.cmp(&a.photos).then_with(|| a.name.cmp(&b.name)));
    let (start, end) = album.dates.map_or((None, None), |(s, e)| (Some(s), Some(e)));
    Story {
        lang,
        title: StoryText::of(settings.title.get(lang), || album.title.clone()),
        dates: album.dates.map(|(s, e)| caption::date_range(s, e, lang)).unwrap_or_default(),
        start,
        end,
        route,
        cover,
        intro: StoryText::of(settings.intro.get(lang), String::new),
        chapters,
        highlights: Vec::new(),
        closing: StoryText::of(settings.closing.get(lang), String::new),
        credits,
        people: people(album, mission),
        photo_count: album.selected().count(),
    }
}

fn is_photo(p: &AlbumPhoto) -> bool {
    p.meta.is_some_and(|m| m.kind == MediaKind::Photo) && p.id.is_some()
}

fn story_photo(p: &AlbumPhoto, lang: Lang, album: Lang) -> StoryPhoto {
    let c = p.caption_in(lang, album);
    let (mut width, mut height) = p.meta.map_or((0, 0), |m| (m.width.unwrap_or(0), m.height.unwrap_or(0)));
    // EXIF orientations 5–8 turn the picture a quarter.
    if p.meta.and_then(|m| m.orientation).is_some_and(|o| (5..=8).contains(&o)) {
        std::mem::swap(&mut width, &mut height);
    }
    StoryPhoto {
        id: p.id.unwrap_or(0),
        key: caption::photo_key(p.path()),
        path: p.path().to_path_buf(),
        caption: c.text.clone(),
        credit: c.photographer.clone(),
        width,
        height,
    }
}

/// "mardi 6 juin 2017 — Angers" with its first letter up.
fn heading(date: NaiveDate, place: &str, lang: Lang) -> String {
    let day = caption::day_heading(date, lang);
    let mut chars = day.chars();
    let day: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if place.is_empty() {
        day
    } else {
        format!("{day} — {place}")
    }
}

/// Recap's photos for a day (see [`DAY_MIN_PHOTOS`]).
fn choose_day<'a>(all: &[&'a AlbumPhoto<'a>], quality: &dyn Fn(&AlbumPhoto) -> f32) -> Vec<&'a AlbumPhoto<'a>> {
    let _ = quality;
    all.iter().filter(|p| !p.pick.is_some_and(|k| k.is_reject())).take(DAY_MAX_PHOTOS).copied().collect()
}

fn best_rated<'b>(album: &'b Album, quality: &dyn Fn(&AlbumPhoto) -> f32) -> Option<&'b AlbumPhoto<'b>> {
    let _ = quality;
    album.selected().filter(|p| is_photo(p)).max_by_key(|p| p.pick.map_or(0, |k| k.stars()))
}

fn people(album: &Album, mission: &Mission) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in album.photos() {
        let name = mission.display_name(&p.planned.contributor).to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    for d in &mission.people.delegates {
        let name = mission.display_name(d).to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    let _ = NBSP;
    out
}
