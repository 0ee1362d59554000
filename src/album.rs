//! The album as people see it: chapters → days → moments → photos, each
//! photo with its captions, the user's choice (pick, reject, stars), its
//! duplicate or burst group and who had it, each chapter with its
//! introduction. One computation for every reader: the app's view
//! (`session` → the shell's `ipc`), every export preset and `recap plan
//! --json`, so a caption, a credit or an introduction cannot read one way in
//! the app and another in a file.
//!
//! Pure: no file is read or written. It sits above `plan`, `curate`,
//! `caption` and `mission`, and below `session`, `export` and the front ends.

use crate::caption::{self, Caption, Template};
use crate::curate::{Curation, GroupKind};
use crate::lang::Lang;
use crate::mission::{Choice, Mission, Pick};
use crate::model::{MediaKind, PhotoMeta};
use crate::plan::{Chapter, Plan, PlannedPhoto, Unplaced};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the album shows: the plan, the scanned photos and their curation.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub plan: &'a Plan,
    /// The scan's photos: a photo's id is its index here.
    pub photos: &'a [PhotoMeta],
    pub curation: Option<&'a Curation>,
}

/// Another spelling of a path, or none (see [`Settings::respell`]).
pub type Respell<'s> = dyn Fn(&Path) -> Option<PathBuf> + 's;

/// How it is told.
#[derive(Clone, Copy, Default)]
pub struct Settings<'s> {
    pub lang: Lang,
    /// One template for both languages (`recap export --template`); `None`:
    /// the mission's for each language, else the default.
    pub template: Option<&'s Template>,
    /// Another spelling of a photo's path to look its caption up by, asked
    /// only when the mission has captions and none is keyed by the path as
    /// scanned (a root given through a link). Callers that may touch the
    /// disk pass `std::fs::canonicalize`; the album itself never does.
    pub respell: Option<&'s Respell<'s>>,
}

impl Settings<'_> {
    pub fn lang(lang: Lang) -> Self {
        Settings { lang, ..Settings::default() }
    }
}

/// The album in one language (`lang`), with every caption in the other too.
#[derive(Debug, Clone)]
pub struct Album<'a> {
    pub lang: Lang,
    /// The mission's name, or "Recap" for a mission without one.
    pub title: String,
    /// Every chapter of the plan, in the user's order, even one whose
    /// photos are all left out.
    pub chapters: Vec<AlbumChapter<'a>>,
    /// Files the plan set apart, with the user's choices and groups.
    pub unplaced: Vec<UnplacedPhoto<'a>>,
    /// The photographers of the photos in the album, as credited ("Étienne
    /// L."), in album order.
    pub photographers: Vec<String>,
    /// First and last day of the photos in the album (the plan's when none).
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// The user picked photos: only picks are in the album, else every
    /// photo not rejected.
    pub picks_only: bool,
}

/// What an export will take, whatever its preset: the photos in the album
/// among the trip's planned photos (videos never go out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Outgoing {
    /// Photos that will go out.
    pub photos: usize,
    /// The trip's planned photos.
    pub of: usize,
    /// The user picked photos: then only picks go out, else every photo
    /// not rejected.
    pub picks_only: bool,
}

#[derive(Debug, Clone)]
pub struct AlbumChapter<'a> {
    pub chapter: &'a Chapter,
    /// Its introduction over the photos in the album: the user's, else generated.
    pub intro: Intro,
    /// Photos picked in it.
    pub picks: usize,
    pub days: Vec<AlbumDay<'a>>,
}

#[derive(Debug, Clone)]
pub struct AlbumDay<'a> {
    pub date: NaiveDate,
    pub moments: Vec<AlbumMoment<'a>>,
}

#[derive(Debug, Clone)]
pub struct AlbumMoment<'a> {
    pub moment: &'a crate::plan::Moment,
    pub photos: Vec<AlbumPhoto<'a>>,
}

/// A chapter's introduction in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intro {
    pub fr: String,
    pub en: String,
    /// The user wrote it, per language.
    pub fr_edited: bool,
    pub en_edited: bool,
}

impl Intro {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AlbumPhoto<'a> {
    pub planned: &'a PlannedPhoto,
    /// Its index in the scan's photos (the app's photo id); `None` for a
    /// planned file that is not a scanned photo.
    pub id: Option<usize>,
    pub meta: Option<&'a PhotoMeta>,
    /// Index of its chapter in [`Album::chapters`] (and the plan's).
    pub chapter: usize,
    /// The trip day it belongs to.
    pub day: NaiveDate,
    /// The programme's event it belongs to (what a chapter's introduction
    /// lists); a title Recap made up is in the captions, not here.
    pub moment: Option<&'a str>,
    /// In the album's language, and in the other.
    pub caption: Caption,
    pub caption_other: Caption,
    /// The user's pick, reject and stars, as the mission holds them.
    pub pick: Option<Pick>,
    /// In the album: a photo (not a video), picked when there are picks,
    /// else not rejected.
    pub selected: bool,
    pub group: Option<GroupFacts>,
    /// Everyone who had this exact photo, its own contributor first.
    pub contributors: Vec<String>,
}

impl AlbumPhoto<'_> {
    pub fn choice(&self) -> Choice {
        self.pick.map(|p| p.choice()).unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.planned.path
    }

    pub fn for_intro(&self) -> IntroPhoto<'_> {
        IntroPhoto { day: self.day, moment: self.moment, photographer: &self.caption.photographer }
    }

    /// Its caption in `lang`.
    pub fn caption_in(&self, lang: Lang, album: Lang) -> &Caption {
        if lang == album {
            &self.caption
        } else {
            &self.caption_other
        }
    }
}

/// A template tried on one photo: [`Album::preview`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The photo's id (its index in the scan), if it is a scanned photo.
    pub id: Option<usize>,
    pub path: PathBuf,
    pub fr: Caption,
    pub en: Caption,
}

/// A file the plan set apart.
#[derive(Debug, Clone)]
pub struct UnplacedPhoto<'a> {
    pub unplaced: &'a Unplaced,
    pub pick: Option<Pick>,
    pub group: Option<GroupFacts>,
    /// The caption the user wrote, if any.
    pub edited: Option<String>,
}

/// A photo's duplicate or burst group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFacts {
    pub id: String,
    pub kind: GroupKind,
    pub size: usize,
    /// This photo is the group's best shot (suggested, or the user's).
    pub best: bool,
}

fn group_of(curation: Option<&Curation>, path: &Path) -> Option<GroupFacts> {
    let g = curation?.group_of(path)?;
    Some(GroupFacts { id: g.id.clone(), kind: g.kind, size: g.members.len(), best: g.best == path })
}

/// Whether the mission's picks let a photo through: only picks when there
/// are any, else everything not rejected. `has_picks` is
/// [`has_picks`]`(mission)`, computed once per album.
pub fn selected(mission: &Mission, has_picks: bool, path: &Path) -> bool {
    // Stars and curation corrections are neither picks nor rejects.
    let pick = mission.picks.get(&caption::photo_key(path));
    if has_picks {
        pick.is_some_and(Pick::is_pick)
    } else {
        !pick.is_some_and(Pick::is_reject)
    }
}

pub fn has_picks(mission: &Mission) -> bool {
    mission.picks.values().any(Pick::is_pick)
}

pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    }
}

/// What a chapter's introduction says of one of its photos.
#[derive(Debug, Clone, Copy)]
pub struct IntroPhoto<'p> {
    pub day: NaiveDate,
    pub moment: Option<&'p str>,
    /// As credited ("Étienne L.").
    pub photographer: &'p str,
}

/// A chapter's introduction in `lang` over `photos` (those of the chapter
/// an album, a carousel or a page shows): the user's when they wrote one,
/// else its dates (the photos', else the chapter's), its named moments and
/// its photographers. The bool says it is the user's.
pub fn intro<'p>(
    chapter: &Chapter,
    photos: impl IntoIterator<Item = IntroPhoto<'p>>,
    mission: &Mission,
    lang: Lang,
) -> (String, bool) {
    if let Some(text) = mission.intros.get(&chapter.id).and_then(|t| t.get(lang)) {
        return (text.to_string(), true);
    }
    let (mut moments, mut people) = (Vec::new(), Vec::new());
    let (mut start, mut end): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    for p in photos {
        moments.extend(p.moment.map(str::to_string));
        people.push(p.photographer.to_string());
        start = Some(start.map_or(p.day, |s| s.min(p.day)));
        end = Some(end.map_or(p.day, |e| e.max(p.day)));
    }
    let (start, end) = (start.unwrap_or(chapter.start), end.unwrap_or(chapter.end));
    (caption::chapter_intro(chapter.titles.get(lang), start, end, &moments, &people, lang), false)
}

impl<'a> Album<'a> {
    /// The album of `src` with the user's choices and words from `mission`.
    pub fn build(src: Source<'a>, mission: &Mission, settings: &Settings) -> Album<'a> {
        let lang = settings.lang;
        let ids: HashMap<&Path, usize> = src.photos.iter().enumerate().map(|(i, p)| (p.path.as_path(), i)).collect();
        let other = other(lang);
        let template = |l: Lang| settings.template.cloned().unwrap_or_else(|| caption::template_for(mission, l));
        let (t_main, t_other) = (template(lang), template(other));
        let has_picks = has_picks(mission);
        let edited = |path: &Path| -> Option<&str> {
            if let Some(t) = mission.captions.get(&caption::photo_key(path)) {
                return Some(t.as_str());
            }
            if mission.captions.is_empty() {
                return None;
            }
            let again = (settings.respell?)(path)?;
            mission.captions.get(&caption::photo_key(&again)).map(String::as_str)
        };

        let mut chapters = Vec::with_capacity(src.plan.chapters.len());
        let mut photographers: Vec<String> = Vec::new();
        let mut dates: Option<(NaiveDate, NaiveDate)> = None;
        for (ci, chapter) in src.plan.chapters.iter().enumerate() {
            let mut picks = 0;
            let mut days = Vec::with_capacity(chapter.days.len());
            for day in &chapter.days {
                let mut moments = Vec::with_capacity(day.moments.len());
                for moment in &day.moments {
                    let mut photos = Vec::with_capacity(moment.photos.len());
                    for p in &moment.photos {
                        let id = ids.get(p.path.as_path()).copied();
                        let meta = id.map(|i| &src.photos[i]);
                        let key = caption::photo_key(&p.path);
                        let pick = mission.picks.get(&key).copied();
                        picks += usize::from(pick.is_some_and(|p| p.is_pick()));
                        let fields = |l| caption::fields_in(chapter, day.date, moment, p, mission, l);
                        let text = edited(&p.path);
                        let photo = AlbumPhoto {
                            planned: p,
                            id,
                            meta,
                            chapter: ci,
                            day: day.date,
                            moment: moment.title.as_deref().filter(|_| moment.programme),
                            caption: caption::caption(&fields(lang), text, &t_main, lang),
                            caption_other: caption::caption(&fields(other), text, &t_other, other),
                            pick,
                            selected: meta.is_some_and(|m| m.kind == MediaKind::Photo)
                                && selected(mission, has_picks, &p.path),
                            group: group_of(src.curation, &p.path),
                            contributors: match src.curation {
                                Some(c) => c.contributors_of(&p.path, &p.contributor),
                                None => vec![p.contributor.clone()],
                            },
                        };
                        if photo.selected {
                            let who = &photo.caption.photographer;
                            if !who.is_empty() && !photographers.contains(who) {
                                photographers.push(who.clone());
                            }
                            dates =
                                Some(dates.map_or((day.date, day.date), |(s, e)| (s.min(day.date), e.max(day.date))));
                        }
                        photos.push(photo);
                    }
                    moments.push(AlbumMoment { moment, photos });
                }
                days.push(AlbumDay { date: day.date, moments });
            }
            let shown = || {
                days.iter()
                    .flat_map(|d: &AlbumDay| &d.moments)
                    .flat_map(|m| &m.photos)
                    .filter(|p| p.selected)
                    .map(AlbumPhoto::for_intro)
            };
            let (fr, fr_edited) = intro(chapter, shown(), mission, Lang::Fr);
            let (en, en_edited) = intro(chapter, shown(), mission, Lang::En);
            chapters.push(AlbumChapter { chapter, intro: Intro { fr, en, fr_edited, en_edited }, picks, days });
        }
        let unplaced = src
            .plan
            .unplaced
            .iter()
            .map(|u| UnplacedPhoto {
                unplaced: u,
                pick: mission.picks.get(&caption::photo_key(&u.path)).copied(),
                group: group_of(src.curation, &u.path),
                edited: mission.captions.get(&caption::photo_key(&u.path)).cloned(),
            })
            .collect();
        let dates = dates.or_else(|| {
            let (s, e) =
                (src.plan.chapters.iter().map(|c| c.start).min()?, src.plan.chapters.iter().map(|c| c.end).max()?);
            Some((s, e))
        });
        let title = if mission.name.trim().is_empty() { "Recap".to_string() } else { mission.name.clone() };
        Album { lang, title, chapters, unplaced, photographers, dates, picks_only: has_picks }
    }

    /// What an export of this album takes: what the export dialog says
    /// before anything is written.
    pub fn outgoing(&self) -> Outgoing {
        let of = self.photos().filter(|p| p.meta.is_some_and(|m| m.kind == MediaKind::Photo)).count();
        Outgoing { photos: self.selected().count(), of, picks_only: self.picks_only }
    }

    /// Every planned photo, in album order.
    pub fn photos(&self) -> impl Iterator<Item = &AlbumPhoto<'a>> {
        self.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments).flat_map(|m| &m.photos)
    }

    /// The photos in the album (see [`AlbumPhoto::selected`]), in album order.
    pub fn selected(&self) -> impl Iterator<Item = &AlbumPhoto<'a>> {
        self.photos().filter(|p| p.selected)
    }

    /// Templates tried on one photo (the Captions tab's live preview): the
    /// photo `id` when it is in the trip, else the album's first, else the
    /// trip's first; its captions in French and English as `fr` and `en`
    /// make them, the user's own caption of it left aside. `None` for a
    /// trip without photos.
    pub fn preview(&self, mission: &Mission, id: Option<usize>, fr: &Template, en: &Template) -> Option<Preview> {
        let mut found: Option<(u8, &Chapter, NaiveDate, &crate::plan::Moment, &AlbumPhoto)> = None;
        for c in &self.chapters {
            for d in &c.days {
                for m in &d.moments {
                    for p in &m.photos {
                        let rank = if id.is_some() && p.id == id {
                            0
                        } else if p.selected {
                            1
                        } else {
                            2
                        };
                        if found.as_ref().is_none_or(|(r, ..)| rank < *r) {
                            found = Some((rank, c.chapter, d.date, m.moment, p));
                        }
                    }
                }
            }
        }
        let (_, chapter, day, moment, p) = found?;
        let make = |t: &Template, l: Lang| {
            caption::caption(&caption::fields_in(chapter, day, moment, p.planned, mission, l), None, t, l)
        };
        Some(Preview { id: p.id, path: p.planned.path.clone(), fr: make(fr, Lang::Fr), en: make(en, Lang::En) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mission::PickState;
    use crate::model::DateSource;
    use crate::plan::{ChapterKind, Day, Moment, PhotoPlace, PlaceSource};
    use chrono::{DateTime, FixedOffset};
    use std::cell::Cell;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2017, 6, d).expect("a June day")
    }

    fn at(d: u32, h: u32) -> DateTime<FixedOffset> {
        date(d)
            .and_hms_opt(h, 0, 0)
            .expect("a time")
            .and_local_timezone(FixedOffset::east_opt(7200).expect("+2"))
            .unwrap()
    }

    fn meta(path: &str, who: &str, kind: MediaKind) -> PhotoMeta {
        PhotoMeta { kind, datetime_source: Some(DateSource::DateTimeOriginal), ..PhotoMeta::sample(path, who) }
    }

    fn planned(m: &PhotoMeta, d: u32, h: u32) -> PlannedPhoto {
        PlannedPhoto {
            path: m.path.clone(),
            local_time: at(d, h),
            utc: at(d, h).to_utc(),
            place: PhotoPlace {
                name: Some("Angers".into()),
                names: Some(crate::lang::Localized::same("Angers")),
                source: PlaceSource::Gps,
                country: None,
                lat: None,
                lon: None,
            },
            contributor: m.contributor.clone(),
            device: format!("{}|cam", m.contributor),
        }
    }

    fn moment(title: Option<&str>, photos: Vec<PlannedPhoto>) -> Moment {
        let (start, end) = (photos[0].local_time, photos[photos.len() - 1].local_time);
        Moment {
            title: title.map(str::to_string),
            titles: title.map(crate::lang::Localized::same),
            programme: title.is_some(),
            visit: None,
            start,
            end,
            photos,
        }
    }

    fn chapter(id: &str, title: &str, (start, end): (u32, u32), days: Vec<Day>) -> Chapter {
        Chapter {
            id: id.into(),
            title: title.into(),
            titles: crate::lang::Localized::same(title),
            kind: ChapterKind::Stage,
            place: None,
            start: date(start),
            end: date(end),
            days,
        }
    }

    /// Nantes first (the user reordered), then Angers; Angers holds a
    /// video and a photo on a day of its own with a named moment.
    struct Trip {
        photos: Vec<PhotoMeta>,
        plan: Plan,
    }

    fn trip() -> Trip {
        let photos = vec![
            meta("/t/Zoé/a1.jpg", "Zoé", MediaKind::Photo),
            meta("/t/Marc/a2.jpg", "Marc", MediaKind::Photo),
            meta("/t/Zoé/a3.mov", "Zoé", MediaKind::Video),
            meta("/t/Marc/a4.jpg", "Marc", MediaKind::Photo),
            meta("/t/Zoé/n1.jpg", "Zoé", MediaKind::Photo),
        ];
        let p = |i: usize, d: u32, h: u32| planned(&photos[i], d, h);
        let angers = chapter(
            "c-angers",
            "Angers",
            (3, 6),
            vec![
                Day { date: date(4), moments: vec![moment(None, vec![p(0, 4, 10), p(1, 4, 11), p(2, 4, 12)])] },
                Day { date: date(5), moments: vec![moment(Some("Visite"), vec![p(3, 5, 9)])] },
            ],
        );
        let nantes = chapter(
            "c-nantes",
            "Nantes",
            (7, 8),
            vec![Day { date: date(7), moments: vec![moment(Some("Karaoké"), vec![p(4, 7, 22)])] }],
        );
        let unplaced = vec![Unplaced { path: PathBuf::from("/t/Marc/x.jpg"), reason: "no date".into() }];
        let plan = Plan {
            chapters: vec![nantes, angers],
            unplaced,
            devices: Vec::new(),
            trip_zone: "Europe/Paris".into(),
            home_zone: None,
            home_place: None,
        };
        Trip { photos, plan }
    }

    fn build<'a>(t: &'a Trip, mission: &Mission, lang: Lang) -> Album<'a> {
        Album::build(Source { plan: &t.plan, photos: &t.photos, curation: None }, mission, &Settings::lang(lang))
    }

    fn mission() -> Mission {
        let mut m = Mission::new("Mission Angers–Nantes");
        m.participants.insert("Zoé".into(), "Zoé Tremblay".into());
        m
    }

    fn paths<'a>(it: impl Iterator<Item = &'a AlbumPhoto<'a>>) -> Vec<String> {
        it.map(|p| p.path().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn order_is_the_plans_and_ids_are_scan_indices() {
        let t = trip();
        let a = build(&t, &mission(), Lang::Fr);
        let titles: Vec<&str> = a.chapters.iter().map(|c| c.chapter.title.as_str()).collect();
        assert_eq!(titles, ["Nantes", "Angers"]);
        assert_eq!(
            paths(a.photos()),
            ["/t/Zoé/n1.jpg", "/t/Zoé/a1.jpg", "/t/Marc/a2.jpg", "/t/Zoé/a3.mov", "/t/Marc/a4.jpg"]
        );
        let ids: Vec<Option<usize>> = a.photos().map(|p| p.id).collect();
        assert_eq!(ids, [Some(4), Some(0), Some(1), Some(2), Some(3)]);
        let chapters: Vec<usize> = a.photos().map(|p| p.chapter).collect();
        assert_eq!(chapters, [0, 1, 1, 1, 1]);
        // Credited as the mission names them, in album order, once each.
        assert_eq!(a.photographers, ["Zoé Tremblay", "Marc"]);
        assert_eq!(a.dates, Some((date(4), date(7))));
        assert_eq!(a.title, "Mission Angers–Nantes");
        assert_eq!(a.unplaced.len(), 1);
    }

    #[test]
    fn captions_credit_the_display_name_in_both_languages() {
        let t = trip();
        let a = build(&t, &mission(), Lang::En);
        let n1 = a.photos().next().expect("a photo");
        assert_eq!(n1.caption.credit, "Photo: Zoé Tremblay");
        assert_eq!(n1.caption_other.credit, "Photo\u{a0}: Zoé Tremblay");
        assert!(n1.caption.text.contains("June 7, 2017"), "{}", n1.caption.text);
        assert!(n1.caption_other.text.contains("7 juin 2017"), "{}", n1.caption_other.text);
        assert_eq!(n1.caption_in(Lang::Fr, a.lang), &n1.caption_other);
        assert_eq!(n1.contributors, ["Zoé"], "without curation, its own contributor alone");
        assert!(n1.group.is_none());
    }

    #[test]
    fn without_picks_everything_but_rejects_and_videos_is_in_the_album() {
        let t = trip();
        let mut m = mission();
        m.set_pick("/t/Marc/a2.jpg", Some(PickState::Reject));
        m.set_stars("/t/Zoé/a1.jpg", 3);
        let a = build(&t, &m, Lang::Fr);
        assert_eq!(paths(a.selected()), ["/t/Zoé/n1.jpg", "/t/Zoé/a1.jpg", "/t/Marc/a4.jpg"]);
        let a1 = a.photos().find(|p| p.path() == Path::new("/t/Zoé/a1.jpg")).expect("a1");
        assert_eq!(a1.choice().stars, 3);
        assert_eq!(a1.choice().state, None);
        assert_eq!(a.chapters[1].picks, 0);
    }

    #[test]
    fn with_picks_only_picks_are_in_the_album_and_counted_per_chapter() {
        let t = trip();
        let mut m = mission();
        m.set_pick("/t/Marc/a4.jpg", Some(PickState::Pick));
        // A picked video is still not a photo of the album.
        m.set_pick("/t/Zoé/a3.mov", Some(PickState::Pick));
        let a = build(&t, &m, Lang::Fr);
        assert_eq!(paths(a.selected()), ["/t/Marc/a4.jpg"]);
        assert_eq!((a.chapters[0].picks, a.chapters[1].picks), (0, 2));
        assert_eq!(a.photographers, ["Marc"]);
        assert_eq!(a.dates, Some((date(5), date(5))));
    }

    #[test]
    fn an_introduction_speaks_of_the_photos_in_the_album_only() {
        let t = trip();
        let mut m = mission();
        // Zoé's photo of the 4th is rejected: Marc's of the 4th is left.
        m.set_pick("/t/Zoé/a1.jpg", Some(PickState::Reject));
        let a = build(&t, &m, Lang::Fr);
        let angers = &a.chapters[1].intro;
        assert_eq!(angers.fr, "Angers, du 4 au 5 juin 2017. Au programme\u{a0}: Visite. Photo\u{a0}: Marc.");
        assert!(angers.en.starts_with("Angers, June 4"), "{}", angers.en);
        assert!(!angers.fr_edited && !angers.en_edited);
        // Rejecting the photo of the 5th takes the moment and the day away.
        m.set_pick("/t/Marc/a4.jpg", Some(PickState::Reject));
        let a = build(&t, &m, Lang::Fr);
        assert_eq!(a.chapters[1].intro.fr, "Angers, le 4 juin 2017. Photo\u{a0}: Marc.");
        // Nothing left: the chapter's own dates, and no one credited.
        m.set_pick("/t/Marc/a2.jpg", Some(PickState::Reject));
        let a = build(&t, &m, Lang::Fr);
        assert_eq!(a.chapters[1].intro.fr, "Angers, du 3 au 6 juin 2017.");
    }

    #[test]
    fn the_users_introduction_wins_in_its_language_only() {
        let t = trip();
        let mut m = mission();
        m.intros.entry("c-nantes".into()).or_default().set(Lang::En, Some("Two nights in Nantes.".into()));
        let a = build(&t, &m, Lang::Fr);
        let i = &a.chapters[0].intro;
        assert_eq!((i.en.as_str(), i.en_edited), ("Two nights in Nantes.", true));
        assert!(i.fr.starts_with("Nantes, le 7 juin 2017") && !i.fr_edited, "{}", i.fr);
        assert_eq!(i.get(Lang::En), "Two nights in Nantes.");
        // The same rule over part of a chapter (a carousel, a page).
        let some = a.chapters[1].days[1].moments[0].photos.iter().map(AlbumPhoto::for_intro);
        let (text, edited) = intro(a.chapters[1].chapter, some, &m, Lang::Fr);
        assert_eq!(
            (text.as_str(), edited),
            ("Angers, le 5 juin 2017. Au programme\u{a0}: Visite. Photo\u{a0}: Marc.", false)
        );
    }

    #[test]
    fn a_caption_is_looked_up_under_another_spelling_only_when_missing() {
        let t = trip();
        let mut m = mission();
        let asked = Cell::new(0);
        let respell = |p: &Path| {
            asked.set(asked.get() + 1);
            Some(Path::new("/real").join(p.strip_prefix("/t").ok()?))
        };
        let src = Source { plan: &t.plan, photos: &t.photos, curation: None };
        let settings = Settings { lang: Lang::Fr, template: None, respell: Some(&respell) };
        // No caption at all: the disk is never asked.
        let a = Album::build(src, &m, &settings);
        assert!(a.photos().all(|p| !p.caption.edited));
        assert_eq!(asked.get(), 0);
        m.captions.insert("/t/Zoé/n1.jpg".into(), "Le karaoké".into());
        m.captions.insert("/real/Marc/a4.jpg".into(), "Au château".into());
        m.captions.insert("/t/Marc/x.jpg".into(), "À classer".into());
        let a = Album::build(src, &m, &settings);
        let texts: Vec<(&str, bool)> = a.selected().map(|p| (p.caption.text.as_str(), p.caption.edited)).collect();
        assert_eq!(texts[0], ("Le karaoké", true));
        assert_eq!(texts[3], ("Au château", true));
        assert!(!texts[1].1 && !texts[2].1);
        assert_eq!(asked.get(), 4, "asked for the planned files without a caption under their own path");
        assert_eq!(a.unplaced[0].edited.as_deref(), Some("À classer"));
    }

    #[test]
    fn one_template_for_both_languages_when_given() {
        let t = trip();
        let mut m = mission();
        m.templates.set(Lang::Fr, Some("{chapter} — {photographer}".into()));
        let a = build(&t, &m, Lang::Fr);
        assert_eq!(a.photos().next().map(|p| p.caption.text.as_str()), Some("Nantes — Zoé Tremblay"));
        let given = Template("{moment}".into());
        let src = Source { plan: &t.plan, photos: &t.photos, curation: None };
        let a = Album::build(src, &m, &Settings { lang: Lang::Fr, template: Some(&given), respell: None });
        let n1 = a.photos().next().expect("a photo");
        assert_eq!((n1.caption.text.as_str(), n1.caption_other.text.as_str()), ("Karaoké", "Karaoké"));
    }
}
