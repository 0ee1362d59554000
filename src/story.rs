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
use crate::plan::{ChapterKind, PlaceInfo};
use chrono::{NaiveDate, Timelike};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub use crate::edit::{MAX_STORY_DAY_PHOTOS as MAX_DAY_PHOTOS, MAX_STORY_TEXT_CHARS as MAX_TEXT_CHARS};
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

/// What the story may read beyond the album.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// Quality scores to choose a day's photos and the cover by (without
    /// them, stars, best shots and spread in time decide).
    pub curation: Option<&'a Curation>,
    /// Where the group comes from ("de Montréal à Angers").
    pub home: Option<&'a PlaceInfo>,
}

/// The story in one language, from the album (as every export reads it) and the mission's story edits.
pub fn build(album: &Album, mission: &Mission, lang: Lang) -> Story {
    build_with(album, mission, lang, Context::default())
}

/// [`build`] with the curation's quality scores.
pub fn build_curated(album: &Album, mission: &Mission, lang: Lang, curation: Option<&Curation>) -> Story {
    build_with(album, mission, lang, Context { curation, home: None })
}

/// [`build`] with what the album does not carry (see [`Context`]).
pub fn build_with(album: &Album, mission: &Mission, lang: Lang, cx: Context) -> Story {
    let settings = &mission.story;
    let quality = |p: &AlbumPhoto| cx.curation.map_or(0.0, |c| c.quality(p.path()));
    let by_key: HashMap<String, &AlbumPhoto> =
        album.photos().filter(|p| is_photo(p)).map(|p| (caption::photo_key(p.path()), p)).collect();

    let mut chapters = Vec::new();
    let mut route: Vec<RouteStop> = Vec::new();
    let mut moments_told: Vec<Told> = Vec::new();
    for ac in &album.chapters {
        let chapter = ac.chapter;
        let travel = chapter.kind == ChapterKind::Travel;
        let place = chapter
            .place
            .as_ref()
            .map_or_else(|| chapter.titles.get(lang).to_string(), |p| p.names.get(lang).to_string());
        let mut days = Vec::new();
        for ad in &ac.days {
            let in_moments: Vec<(usize, &AlbumPhoto)> = ad
                .moments
                .iter()
                .enumerate()
                .flat_map(|(i, m)| m.photos.iter().map(move |p| (i, p)))
                .filter(|(_, p)| is_photo(p))
                .collect();
            let all: Vec<&AlbumPhoto> = in_moments.iter().map(|(_, p)| *p).collect();
            let told = told_moments(ad, lang);
            let edits = settings.day(ad.date);
            let chosen: Option<Vec<&AlbumPhoto>> = edits.and_then(|d| d.photos.as_ref()).map(|keys| {
                let here: HashSet<&std::path::Path> = all.iter().map(|p| p.path()).collect();
                let mut seen = HashSet::new();
                keys.iter()
                    .take(MAX_DAY_PHOTOS)
                    .filter_map(|k| by_key.get(k).copied())
                    .filter(|p| here.contains(p.path()) && seen.insert(p.path()))
                    .collect()
            });
            let photos_chosen = chosen.is_some();
            let photos = chosen.unwrap_or_else(|| choose_day(&in_moments, &quality));
            let mut who: Vec<&str> = Vec::new();
            for p in &all {
                let name = p.caption.photographer.as_str();
                if !who.contains(&name) {
                    who.push(name);
                }
            }
            let text =
                StoryText::of(edits.and_then(|d| d.text.get(lang)), || day_draft(&told, all.len(), &who, travel, lang));
            days.push(StoryDay {
                date: ad.date,
                heading: heading(ad.date, &place, lang),
                place: place.clone(),
                text,
                photos: photos.iter().map(|p| story_photo(p, lang, album.lang)).collect(),
                photos_chosen,
                photo_count: all.len(),
                photographers: who.len(),
                highlights: day_highlights(&told),
            });
            moments_told.extend(told);
        }
        let kind = if travel { "travel" } else { "stage" };
        let nights = (chapter.end - chapter.start).num_days().max(0) as u32;
        if !travel {
            if let Some(at) = &chapter.place {
                // A stay split by a day trip elsewhere is one stop on the map.
                match route.last_mut() {
                    Some(last) if last.name == place && last.country == at.country => last.nights += nights,
                    _ => route.push(RouteStop {
                        chapter: chapter.id.clone(),
                        name: place.clone(),
                        lat: at.lat,
                        lon: at.lon,
                        nights,
                        country: at.country.clone(),
                    }),
                }
            }
        }
        let photo_count: usize = days.iter().map(|d| d.photo_count).sum();
        let chapter_highlights: Vec<String> = dedup(days.iter().flat_map(|d| d.highlights.iter().cloned()));
        let edited = settings.chapters.get(&chapter.id).and_then(|c| c.text.get(lang));
        let text = StoryText::of(edited, || {
            let facts = ChapterFacts {
                title: chapter.titles.get(lang),
                place: &place,
                travel,
                nights,
                start: chapter.start,
                end: chapter.end,
                highlights: &chapter_highlights,
                photos: photo_count,
            };
            chapter_draft(&facts, lang)
        });
        chapters.push(StoryChapter {
            id: chapter.id.clone(),
            title: chapter.titles.get(lang).to_string(),
            kind: kind.to_string(),
            text,
            days,
        });
    }

    let cover = settings
        .cover
        .as_ref()
        .and_then(|k| by_key.get(k).copied())
        .or_else(|| best_rated(album, &quality))
        .map(|p| story_photo(p, lang, album.lang));
    let mut counts: HashMap<&str, usize> = HashMap::new();
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
    let people = people(album, mission);
    let photo_count = album.selected().count();
    let highlights = trip_highlights(&moments_told);
    let home = cx.home.map(|h| h.names.get(lang).to_string()).filter(|h| !h.is_empty());
    let intro = StoryText::of(settings.intro.get(lang), || {
        intro_draft(start.zip(end), home.as_deref(), &route, people.len(), photo_count, lang)
    });
    let closing = StoryText::of(settings.closing.get(lang), || closing_draft(&credits, photo_count, lang));
    Story {
        lang,
        title: StoryText::of(settings.title.get(lang), || album.title.clone()),
        dates: album.dates.map(|(s, e)| caption::date_range(s, e, lang)).unwrap_or_default(),
        start,
        end,
        route,
        cover,
        intro,
        chapters,
        highlights,
        closing,
        credits,
        people,
        photo_count,
    }
}

/// A moment as the story tells it.
#[derive(Clone, Debug)]
struct Told {
    name: String,
    /// The programme's event (a proper name, kept as written).
    programme: bool,
    visit: bool,
    evening: bool,
    photos: usize,
}

/// The day's named moments in order, each name once.
fn told_moments(day: &crate::album::AlbumDay, lang: Lang) -> Vec<Told> {
    let mut out: Vec<Told> = Vec::new();
    for am in &day.moments {
        let m = am.moment;
        let name = m.titles.as_ref().map(|t| t.get(lang).to_string()).or_else(|| m.title.clone()).unwrap_or_default();
        let name = name.trim().to_string();
        let photos = am.photos.iter().filter(|p| is_photo(p)).count();
        if name.is_empty() || photos == 0 {
            continue;
        }
        let evening = m.start.hour() >= 18;
        match out.iter_mut().find(|t| t.name == name) {
            Some(t) => t.photos += photos,
            None => out.push(Told { name, programme: m.programme, visit: m.visit.is_some(), evening, photos }),
        }
    }
    out
}

/// What a day offers the highlights: its programme's events and its visits.
fn day_highlights(told: &[Told]) -> Vec<String> {
    told.iter().filter(|t| t.programme || t.visit).map(|t| t.name.clone()).collect()
}

/// The trip's highlights, in time order: its evening events (the ones a
/// group remembers) and the events and visits with the most photos; on a
/// trip without programme nor visit, its moments with the most photos.
fn trip_highlights(told: &[Told]) -> Vec<String> {
    const MOST: usize = 6;
    let named: Vec<(usize, &Told)> = told.iter().enumerate().filter(|(_, t)| t.programme || t.visit).collect();
    let pool = if named.is_empty() { told.iter().enumerate().collect() } else { named };
    let mut ranked = pool.clone();
    ranked.sort_by(|a, b| b.1.photos.cmp(&a.1.photos).then(a.0.cmp(&b.0)));
    let mut keep: Vec<usize> =
        pool.iter().filter(|(_, t)| t.evening && t.programme).map(|(i, _)| *i).take(MOST / 2).collect();
    for (i, _) in ranked {
        if keep.len() >= MOST.min(pool.len().div_ceil(2).max(1)) {
            break;
        }
        if !keep.contains(&i) {
            keep.push(i);
        }
    }
    keep.sort_unstable();
    dedup(keep.into_iter().map(|i| told[i].name.clone()))
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
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

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// "Mardi 6 juin 2017 — Angers".
fn heading(date: NaiveDate, place: &str, lang: Lang) -> String {
    let day = capitalize(&caption::day_heading(date, lang));
    if place.is_empty() {
        day
    } else {
        format!("{day} — {place}")
    }
}

/// A small count in words, as a sentence says it ("trois nuits"), else digits.
fn number(n: usize, lang: Lang) -> String {
    const FR: [&str; 21] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
        "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
    ];
    const EN: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    match lang {
        Lang::Fr if n <= 20 => FR[n].to_string(),
        Lang::En if n <= 20 => EN[n].to_string(),
        _ => n.to_string(),
    }
}

/// "A, B et C" / "A, B and C".
fn list(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// "24 photos de 5 participants." / "1 photo, de Marie L." / "12 photos by Marie L.".
fn count_sentence(photos: usize, who: &[&str], lang: Lang) -> String {
    let who: Vec<&str> = who.iter().copied().filter(|w| !w.is_empty()).collect();
    let p = match (lang, photos) {
        (Lang::Fr, 1) => "1 photo".to_string(),
        (Lang::Fr, n) => format!("{n} photos"),
        (Lang::En, 1) => "1 photo".to_string(),
        (Lang::En, n) => format!("{n} photos"),
    };
    let by = match lang {
        Lang::Fr => "de",
        Lang::En => "by",
    };
    let sentence = match who.as_slice() {
        [] => p,
        [one] if photos == 1 => format!("{p}, {by} {}", caption::credit_name(one)),
        [one] => format!("{p} {by} {}", caption::credit_name(one)),
        many => format!("{p} {by} {} participants", many.len()),
    };
    end_sentence(sentence)
}

fn end_sentence(mut s: String) -> String {
    // A name ending in an initial already ends with its period.
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// The draft of a day: what was done, in order, then who took the photos.
fn day_draft(told: &[Told], photos: usize, who: &[&str], travel: bool, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if travel {
        parts.push(
            match lang {
                Lang::Fr => "Journée de route.",
                Lang::En => "A travel day.",
            }
            .to_string(),
        );
    }
    let programme: Vec<String> = told.iter().filter(|t| t.programme || t.visit).map(|t| t.name.clone()).collect();
    if told.iter().any(|t| t.programme) {
        let label = match lang {
            Lang::Fr => format!("Au programme{NBSP}:"),
            Lang::En => "On the programme:".to_string(),
        };
        parts.push(end_sentence(format!("{label} {}", list(&programme, lang))));
    } else if !told.is_empty() {
        // Names Recap made from the clock and the map: "Matinée à Kyoto,
        // puis après-midi à Arashiyama."
        let then = match lang {
            Lang::Fr => ", puis ",
            Lang::En => ", then ",
        };
        let names: Vec<String> = told
            .iter()
            .enumerate()
            .map(|(i, t)| if i == 0 { capitalize(&t.name) } else { lower_first(&t.name) })
            .collect();
        let sentence = match names.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{}{then}{last}", rest.join(", ")),
            [] => String::new(),
        };
        parts.push(end_sentence(sentence));
    }
    if photos == 0 {
        parts.push(
            match lang {
                Lang::Fr => "Aucune photo ce jour-là.",
                Lang::En => "No photos that day.",
            }
            .to_string(),
        );
    } else {
        parts.push(count_sentence(photos, who, lang));
    }
    typography(&parts.join(" "), lang)
}

struct ChapterFacts<'a> {
    title: &'a str,
    place: &'a str,
    travel: bool,
    nights: u32,
    start: NaiveDate,
    end: NaiveDate,
    highlights: &'a [String],
    photos: usize,
}

/// The draft of a chapter: the stay (nights, dates) or the journey, and what it held.
fn chapter_draft(f: &ChapterFacts, lang: Lang) -> String {
    let dates = caption::date_range(f.start, f.end, lang);
    let mut out = if f.travel {
        match lang {
            Lang::Fr => format!("En route{NBSP}: {}, {dates}.", f.title),
            Lang::En => format!("On the way: {}, {dates}.", f.title),
        }
    } else {
        let place = if f.place.is_empty() { f.title } else { f.place };
        match (lang, f.nights) {
            (Lang::Fr, 0) => format!("Une journée à {place}, {dates}."),
            (Lang::En, 0) => format!("A day in {place}, {dates}."),
            (Lang::Fr, 1) => format!("Une nuit à {place}, {dates}."),
            (Lang::En, 1) => format!("One night in {place}, {dates}."),
            (Lang::Fr, n) => format!("{} nuits à {place}, {dates}.", capitalize(&number(n as usize, lang))),
            (Lang::En, n) => format!("{} nights in {place}, {dates}.", capitalize(&number(n as usize, lang))),
        }
    };
    if !f.highlights.is_empty() {
        let shown: Vec<String> = f.highlights.iter().take(6).cloned().collect();
        let label = match lang {
            Lang::Fr => format!("Au programme{NBSP}:"),
            Lang::En => "Highlights:".to_string(),
        };
        out.push_str(&format!(" {}", end_sentence(format!("{label} {}", list(&shown, lang)))));
    }
    if f.photos > 0 {
        let p = match (lang, f.photos) {
            (Lang::Fr, 1) => " Une photo.".to_string(),
            (Lang::En, 1) => " One photo.".to_string(),
            (_, n) => format!(" {n} photos."),
        };
        out.push_str(&p);
    }
    typography(&out, lang)
}

/// The draft of the introduction: how long, when, the route, who and how many photos.
fn intro_draft(
    dates: Option<(NaiveDate, NaiveDate)>,
    home: Option<&str>,
    route: &[RouteStop],
    people: usize,
    photos: usize,
    lang: Lang,
) -> String {
    let mut out = String::new();
    if let Some((start, end)) = dates {
        let days = (end - start).num_days().max(0) as usize + 1;
        let span = match (lang, days) {
            (Lang::Fr, 1) => "Une journée".to_string(),
            (Lang::En, 1) => "One day".to_string(),
            (Lang::Fr, n) => format!("{} jours", capitalize(&number(n, lang))),
            (Lang::En, n) => format!("{} days", capitalize(&number(n, lang))),
        };
        out.push_str(&format!("{span}, {}", caption::date_range(start, end, lang)));
    }
    let mut stops: Vec<String> = Vec::new();
    for s in route {
        if stops.last() != Some(&s.name) && !s.name.is_empty() {
            stops.push(s.name.clone());
        }
    }
    if let Some((first, rest)) = stops.split_first() {
        let then = match lang {
            Lang::Fr => " puis ",
            Lang::En => ", then ",
        };
        let onward = if rest.is_empty() {
            first.clone()
        } else {
            format!(
                "{first}{then}{}",
                rest.join(match lang {
                    Lang::Fr => ", puis ",
                    Lang::En => ", then ",
                })
            )
        };
        let leg = match (lang, home.filter(|h| *h != first)) {
            (Lang::Fr, Some(h)) => format!("de {h} à {onward}"),
            (Lang::En, Some(h)) => format!("from {h} to {onward}"),
            (Lang::Fr, None) => format!("à {onward}"),
            (Lang::En, None) => format!("in {onward}"),
        };
        if out.is_empty() {
            out = capitalize(&leg);
        } else {
            out.push_str(&format!(", {leg}"));
        }
    }
    if !out.is_empty() {
        out = end_sentence(out);
    }
    let who = match (lang, people) {
        (_, 0) => String::new(),
        (Lang::Fr, 1) => "Une personne".to_string(),
        (Lang::En, 1) => "One person".to_string(),
        (Lang::Fr, n) => format!("{} participants", capitalize(&number(n, lang))),
        (Lang::En, n) => format!("{} participants", capitalize(&number(n, lang))),
    };
    let shots = match (lang, photos) {
        (_, 0) => String::new(),
        (Lang::Fr, 1) => "une photo".to_string(),
        (Lang::En, 1) => "one photo".to_string(),
        (_, n) => format!("{n} photos"),
    };
    let tail = match (who.is_empty(), shots.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!("{who}."),
        (true, false) => format!("{}.", capitalize(&shots)),
        (false, false) => format!("{who}, {shots}."),
    };
    typography(&[out, tail].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" "), lang)
}

/// The draft of the closing words: thanks to whoever took the photos.
fn closing_draft(credits: &[Credit], photos: usize, lang: Lang) -> String {
    let text = match (lang, credits) {
        (Lang::Fr, []) => "Fin du récit.".to_string(),
        (Lang::En, []) => "The end.".to_string(),
        (Lang::Fr, [one]) => format!("Merci à {} pour les photos!", caption::credit_name(&one.name)),
        (Lang::En, [one]) => format!("Thanks to {} for the photos!", caption::credit_name(&one.name)),
        (Lang::Fr, many) => format!(
            "Merci à toutes et à tous d'avoir partagé vos souvenirs! Ce récit en rassemble {photos}, pris par {} photographes.",
            many.len()
        ),
        (Lang::En, many) => format!(
            "Thank you all for sharing your memories! This story gathers {photos} of them, taken by {} photographers.",
            many.len()
        ),
    };
    typography(&text, lang)
}

/// French typography on a draft (programme names included): a non-breaking
/// space before `:` `;` `!` `?` and inside « », which straight double
/// quotes become. A colon between digits (10:30) is a time and stays.
pub fn typography(text: &str, lang: Lang) -> String {
    if lang != Lang::Fr {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut open = true;
    let mut after_open = false;
    for (i, &c) in chars.iter().enumerate() {
        // The space typed after an opening quote gives way to the non-breaking one.
        if std::mem::take(&mut after_open) && c == ' ' {
            continue;
        }
        let prev = out.chars().last();
        let next = chars.get(i + 1).copied();
        match c {
            ':' | ';' | '!' | '?' => {
                let time =
                    c == ':' && prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
                // "http://", "?!" and a mark opening the text stay as they are.
                let glued = next == Some('/') || prev.is_none_or(|p| matches!(p, '!' | '?' | NBSP | '\u{202f}'));
                if !time && !glued {
                    if prev == Some(' ') {
                        out.pop();
                    }
                    out.push(NBSP);
                }
                out.push(c);
            }
            '"' => {
                if open {
                    out.push('«');
                    out.push(NBSP);
                    after_open = true;
                } else {
                    if prev == Some(' ') {
                        out.pop();
                    }
                    out.push(NBSP);
                    out.push('»');
                }
                open = !open;
            }
            _ => out.push(c),
        }
    }
    out
}

/// Recap's photos for a day: the picks when the user picked some that day
/// (filled up to [`DAY_MIN_PHOTOS`] when fewer), else a balanced choice:
/// one per duplicate or burst group (its best shot), no reject, every
/// moment first, no photographer more than half when others shot that day,
/// [`DAY_MIN_PHOTOS`]–[`DAY_MAX_PHOTOS`] by how many the day has; in time order.
fn choose_day<'a>(
    day: &[(usize, &'a AlbumPhoto<'a>)],
    quality: &dyn Fn(&AlbumPhoto) -> f32,
) -> Vec<&'a AlbumPhoto<'a>> {
    let moment_of: HashMap<&std::path::Path, usize> = day.iter().map(|(m, p)| (p.path(), *m)).collect();
    let candidates: Vec<&AlbumPhoto> =
        day.iter().map(|(_, p)| *p).filter(|p| !p.pick.is_some_and(|k| k.is_reject())).collect();
    let score = |p: &AlbumPhoto| -> f32 {
        let stars = p.pick.map_or(0, |k| k.stars()) as f32;
        let best = if p.group.as_ref().is_some_and(|g| g.best) { 0.5 } else { 0.0 };
        stars + best + quality(p)
    };
    // One unit per group: its best shot when it is here, else its best-scored member.
    let mut units: Vec<&AlbumPhoto> = Vec::new();
    let mut group_at: HashMap<&str, usize> = HashMap::new();
    for p in &candidates {
        match p.group.as_ref() {
            Some(g) => match group_at.get(g.id.as_str()) {
                Some(&i) => {
                    let held = units[i];
                    let better = (g.best, score(p)) > (held.group.as_ref().is_some_and(|h| h.best), score(held));
                    if better {
                        units[i] = p;
                    }
                }
                None => {
                    group_at.insert(g.id.as_str(), units.len());
                    units.push(p);
                }
            },
            None => units.push(p),
        }
    }
    let picks: Vec<&AlbumPhoto> = units.iter().copied().filter(|p| p.pick.is_some_and(|k| k.is_pick())).collect();
    let n = if picks.is_empty() {
        units.len().div_ceil(3).clamp(DAY_MIN_PHOTOS, DAY_MAX_PHOTOS).min(units.len())
    } else {
        picks.len().clamp(DAY_MIN_PHOTOS, DAY_MAX_PHOTOS).min(units.len())
    };
    let photographers: HashSet<&str> = units.iter().map(|p| p.planned.contributor.as_str()).collect();
    let cap = if photographers.len() > 1 { (n / 2).max(1) } else { n };
    let mut chosen: Vec<&AlbumPhoto> = Vec::new();
    let mut per: HashMap<&str, usize> = HashMap::new();
    let mut take = |p: &'a AlbumPhoto<'a>, chosen: &mut Vec<&'a AlbumPhoto<'a>>, capped: bool| -> bool {
        let who = p.planned.contributor.as_str();
        if chosen.len() >= n
            || chosen.iter().any(|c| std::ptr::eq(*c, p))
            || (capped && per.get(who).copied().unwrap_or(0) >= cap)
        {
            return false;
        }
        *per.entry(who).or_default() += 1;
        chosen.push(p);
        true
    };
    // Ranked by score, ties in time order (the input's).
    let mut ranked: Vec<(usize, &AlbumPhoto)> = units.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| score(b.1).total_cmp(&score(a.1)).then(a.0.cmp(&b.0)));
    // The picks first (the user's choice wins over the spread), in score order.
    for (_, p) in ranked.iter().filter(|(_, p)| p.pick.is_some_and(|k| k.is_pick())) {
        take(p, &mut chosen, false);
    }
    // Then the best of each moment, so the day's story is all there.
    let mut moment_best: Vec<(usize, &AlbumPhoto)> = Vec::new();
    for &(i, p) in &ranked {
        let moment = moment_of.get(p.path());
        if !moment_best.iter().any(|(_, q)| moment_of.get(q.path()) == moment) {
            moment_best.push((i, p));
        }
    }
    moment_best.sort_by_key(|(i, _)| *i);
    for (_, p) in &moment_best {
        take(p, &mut chosen, true);
    }
    // Then by score, spread across photographers, then without the spread if the day is still short.
    for capped in [true, false] {
        if !capped && chosen.len() >= DAY_MIN_PHOTOS.min(units.len()) {
            break;
        }
        for (_, p) in &ranked {
            if !capped && chosen.len() >= DAY_MIN_PHOTOS.min(units.len()) {
                break;
            }
            take(p, &mut chosen, capped);
        }
    }
    chosen.sort_by(|a, b| a.planned.local_time.cmp(&b.planned.local_time).then_with(|| a.path().cmp(b.path())));
    chosen
}

/// The story as `recap story` prints it: an outline to read in a terminal.
pub fn outline(story: &Story) -> String {
    use std::fmt::Write;
    let mark = |t: &StoryText| if t.draft { " (draft)" } else { "" };
    let mut out = String::new();
    let _ = writeln!(out, "{}{}", story.title.text, mark(&story.title));
    if !story.dates.is_empty() {
        let _ = writeln!(out, "{}", story.dates);
    }
    let _ = writeln!(out, "\n{}{}", story.intro.text, mark(&story.intro));
    for c in &story.chapters {
        let _ = writeln!(out, "\n## {} [{}]\n{}{}", c.title, c.id, c.text.text, mark(&c.text));
        for d in &c.days {
            let chosen = if d.photos_chosen { "chosen" } else { "by Recap" };
            let _ = writeln!(out, "\n### {}\n{}{}", d.heading, d.text.text, mark(&d.text));
            let _ = writeln!(out, "  {} of {} photos ({chosen})", d.photos.len(), d.photo_count);
        }
    }
    if !story.highlights.is_empty() {
        let _ = writeln!(out, "\nHighlights: {}", story.highlights.join(" · "));
    }
    let _ = writeln!(out, "\n{}{}", story.closing.text, mark(&story.closing));
    let credits: Vec<String> = story.credits.iter().map(|c| format!("{} ({})", c.name, c.photos)).collect();
    let _ = writeln!(out, "Photos: {}", credits.join(", "));
    out
}

/// The cover Recap chooses: the best-rated photo in the album (stars, then
/// best shot of its group, then quality), the earliest of equals.
fn best_rated<'b>(album: &'b Album, quality: &dyn Fn(&AlbumPhoto) -> f32) -> Option<&'b AlbumPhoto<'b>> {
    let rank = |p: &AlbumPhoto| {
        let stars = p.pick.map_or(0, |k| k.stars());
        (stars, p.group.as_ref().is_some_and(|g| g.best), quality(p))
    };
    let mut best: Option<(&AlbumPhoto, (u8, bool, f32))> = None;
    for p in album.selected().filter(|p| is_photo(p)) {
        let r = rank(p);
        let better = best.as_ref().is_none_or(|(_, b)| (r.0, r.1).cmp(&(b.0, b.1)).then(r.2.total_cmp(&b.2)).is_gt());
        if better {
            best = Some((p, r));
        }
    }
    best.map(|(p, _)| p)
}

/// Everyone who was there, by display name: whoever took the trip's photos,
/// then the delegates who sent none.
fn people(album: &Album, mission: &Mission) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = album
        .photos()
        .map(|p| p.planned.contributor.as_str())
        .chain(mission.people.delegates.iter().map(String::as_str));
    for key in names {
        let name = mission.display_name(key).trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
