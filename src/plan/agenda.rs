//! Moments named after the programme's events, places refined to their
//! venue; without an event, after the part of the day and the place
//! ("Matinée à Kyoto", "Visite à Nara"), in French and English.

use super::place::Lookup;
use super::{Chapter, ChapterKind, Moment, PlaceSource};
use crate::agenda::AgendaEvent;
use crate::geo::{self, haversine_km, Place};
use crate::lang::{Lang, Localized};
use chrono::{Duration, Timelike};

/// Photos a little before or after an event still belong to it.
const SLACK_MINUTES: i64 = 15;
/// A photo this far from the event's GEO was not taken there.
const VENUE_KM: f64 = 2.0;
/// A photo this far from the event's GEO is in another city: the event is
/// not its moment's, whatever the clock says.
const CITY_KM: f64 = 25.0;

/// A moment takes the name of the event most of its photos fall in; those
/// photos get the event's venue ("WeForge, Angers") as place.
pub(super) fn name_moments(chapters: &mut [Chapter], events: &[AgendaEvent], lookup: &mut Lookup) {
    name_from_programme(chapters, events, lookup);
    for c in chapters.iter_mut() {
        let (kind, home) = (c.kind, c.place.as_ref().map(|p| p.name.clone()));
        for m in c.days.iter_mut().flat_map(|d| &mut d.moments).filter(|m| m.title.is_none()) {
            let titles = generated_title(m, kind, home.as_deref(), lookup);
            m.title = Some(titles.fr.clone());
            m.titles = Some(titles);
        }
    }
}

fn name_from_programme(chapters: &mut [Chapter], events: &[AgendaEvent], lookup: &mut Lookup) {
    if events.is_empty() {
        return;
    }
    let slack = Duration::minutes(SLACK_MINUTES);
    let inside = |e: &AgendaEvent, t| e.start - slack <= t && t <= e.end + slack;
    for m in chapters.iter_mut().flat_map(|c| &mut c.days).flat_map(|d| &mut d.moments) {
        let best = events
            .iter()
            .map(|e| {
                let here = |p: &&_| {
                    let p: &super::PlannedPhoto = p;
                    !matches!((p.place.lat.zip(p.place.lon), e.geo), (Some(a), Some(b)) if haversine_km(a, b) > CITY_KM)
                };
                (m.photos.iter().filter(|p| inside(e, p.utc)).filter(here).count(), e)
            })
            .filter(|(n, _)| *n > 0)
            // Earliest event wins ties: max_by_key keeps the last maximum.
            .rev()
            .max_by_key(|(n, _)| *n);
        let Some((n, e)) = best else { continue };
        if n * 2 < m.photos.len() {
            continue;
        }
        m.title = Some(e.summary.clone());
        // The programme's words are the organisers': the same in both albums.
        m.titles = Some(Localized::same(e.summary.clone()));
        m.programme = true;
        let venue = e.location.as_deref().and_then(|l| l.split(',').next()).map(str::trim).filter(|v| !v.is_empty());
        let event_city = e.geo.and_then(|(lat, lon)| lookup.city(lat, lon));
        for p in m.photos.iter_mut().filter(|p| inside(e, p.utc)) {
            let here = p.place.lat.zip(p.place.lon);
            if matches!((here, e.geo), (Some(a), Some(b)) if haversine_km(a, b) > VENUE_KM) {
                continue;
            }
            let city = p.place.name.clone().or_else(|| event_city.map(|c| c.name.clone()));
            let city_names = p.place.names.clone().or_else(|| event_city.map(|c| c.names()));
            let name = match (venue, &city) {
                (Some(v), Some(c)) if !v.contains(c.as_str()) => format!("{v}, {c}"),
                (Some(v), _) => v.to_string(),
                (None, Some(c)) => c.clone(),
                (None, None) => continue,
            };
            // The venue is the organisers' word; the city is said in each language.
            let in_lang = |c: &str| match venue {
                Some(v) if !v.contains(c) && !city.as_deref().is_some_and(|n| v.contains(n)) => format!("{v}, {c}"),
                Some(v) => v.to_string(),
                None => c.to_string(),
            };
            p.place.names = Some(match &city_names {
                Some(n) => Localized::new(in_lang(&n.fr), in_lang(&n.en)),
                None => Localized::same(name.clone()),
            });
            if p.place.country.is_none() {
                p.place.country = event_city.map(|c| c.country.clone());
            }
            if here.is_none() {
                (p.place.lat, p.place.lon) = (e.geo.map(|g| g.0), e.geo.map(|g| g.1));
            }
            p.place.name = Some(name);
            p.place.source = PlaceSource::Agenda;
        }
    }
}

/// Parts of the day a group's photos fall in, by the local clock of the
/// moment's middle photo. Meals anchor a delegation's day in most places:
/// lunch between 11:30 and 14:00, dinner from 18:00; after 23:00 is night
/// out (a late Buenos Aires dinner at 22:00 is still an evening), and the
/// morning starts at 5:00 (before it, still last night's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Night,
}

impl Band {
    /// The band of a local wall time, in minutes after midnight.
    pub fn of_minutes(minutes: u32) -> Band {
        match minutes {
            300..690 => Band::Morning,
            690..840 => Band::Midday,
            840..1080 => Band::Afternoon,
            1080..1380 => Band::Evening,
            _ => Band::Night,
        }
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Band::Morning, Lang::Fr) => "Matinée",
            (Band::Midday, Lang::Fr) => "Midi",
            (Band::Afternoon, Lang::Fr) => "Après-midi",
            (Band::Evening, Lang::Fr) => "Soirée",
            (Band::Night, Lang::Fr) => "Nuit",
            (Band::Morning, Lang::En) => "Morning",
            (Band::Midday, Lang::En) => "Midday",
            (Band::Afternoon, Lang::En) => "Afternoon",
            (Band::Evening, Lang::En) => "Evening",
            (Band::Night, Lang::En) => "Night",
        }
    }
}

/// "à Kyoto", but "au Havre", "aux Sables-d'Olonne": French contracts the
/// article of a place's name with the preposition.
fn a_fr(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        format!("au {rest}")
    } else if let Some(rest) = name.strip_prefix("Les ") {
        format!("aux {rest}")
    } else {
        format!("à {name}")
    }
}

/// A title for a moment the programme does not name: the part of the day
/// and where ("Matinée à Kyoto" / "Morning in Kyoto"), the spot when the
/// photos are closer to a named neighbourhood or town than to the city's
/// centre ("Après-midi à Arashiyama"), a visit when the stay's chapter is
/// elsewhere ("Visite à Nara" / "Visit to Nara").
pub fn title_for(band: Band, place: Option<&Localized>, visit: bool) -> Localized {
    match (place, visit) {
        (Some(p), true) => Localized::new(format!("Visite {}", a_fr(&p.fr)), format!("Visit to {}", p.en)),
        (Some(p), false) => Localized::new(
            format!("{} {}", band.word(Lang::Fr), a_fr(&p.fr)),
            format!("{} in {}", band.word(Lang::En), p.en),
        ),
        (None, _) => Localized::new(band.word(Lang::Fr), band.word(Lang::En)),
    }
}

/// A gazetteer place's name in both languages ("Pékin" / "Beijing").
fn names_of(place: &Place) -> Localized {
    place.names()
}

fn generated_title(m: &Moment, kind: ChapterKind, home: Option<&str>, lookup: &mut Lookup) -> Localized {
    let middle = m.photos.get(m.photos.len() / 2).map_or(m.start, |p| p.local_time);
    let band = Band::of_minutes(middle.hour() * 60 + middle.minute());
    // The planner saw a same-day trip out of the stay.
    if let Some(v) = &m.visit {
        return title_for(band, Some(&v.names), true);
    }
    // Where most of its photos were, by the city the planner gave them.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for name in m.photos.iter().filter_map(|p| p.place.name.as_deref()) {
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some(c) => c.1 += 1,
            None => counts.push((name, 1)),
        }
    }
    // Ties go to the first place seen.
    let Some(city_name) = counts.iter().rev().max_by_key(|c| c.1).map(|c| c.0) else {
        return title_for(band, None, false);
    };
    let spots: Vec<(f64, f64)> = m
        .photos
        .iter()
        .filter(|p| p.place.name.as_deref() == Some(city_name))
        .filter_map(|p| p.place.lat.zip(p.place.lon))
        .collect();
    let centre = (!spots.is_empty()).then(|| {
        let n = spots.len() as f64;
        (spots.iter().map(|s| s.0).sum::<f64>() / n, spots.iter().map(|s| s.1).sum::<f64>() / n)
    });
    let city = centre.and_then(|(lat, lon)| lookup.city(lat, lon)).filter(|c| c.name == city_name);
    let city_names = city.map(names_of).unwrap_or_else(|| {
        let said = m.photos.iter().find(|p| p.place.name.as_deref() == Some(city_name));
        said.and_then(|p| p.place.names.clone()).unwrap_or_else(|| Localized::same(city_name))
    });
    // A same-day trip out of the stay: named after the town visited.
    let visit = kind == ChapterKind::Stage && home.is_some_and(|h| h != city_name);
    if visit {
        return title_for(band, Some(&city_names), true);
    }
    let spot = centre.zip(city).and_then(|(c, city)| venue_near(c, city));
    title_for(band, Some(&spot.map_or(city_names, names_of)), false)
}

/// A named place closer to `at` than `city`'s centre is, `at` inside its own
/// sphere: a neighbourhood or a town next to the city (Arashiyama in Kyoto,
/// Belgrano in Buenos Aires). Not at an airport (a place of population 0),
/// whose neighbours say nothing of the photos.
fn venue_near(at: (f64, f64), city: &'static Place) -> Option<&'static Place> {
    if city.population == 0 {
        return None;
    }
    let (spot, km) = geo::nearest(at.0, at.1)?;
    let to_centre = haversine_km(at, (city.lat, city.lon));
    let distinct = spot.name != city.name && spot.country == city.country;
    (distinct && km < to_centre && km <= geo::sphere_radius_km(spot.population)).then_some(spot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_of_the_day_has_its_band() {
        let cases = [
            ("04:59", Band::Night),
            ("05:00", Band::Morning),
            ("11:29", Band::Morning),
            ("11:30", Band::Midday),
            ("13:59", Band::Midday),
            ("14:00", Band::Afternoon),
            ("17:59", Band::Afternoon),
            ("18:00", Band::Evening),
            ("22:59", Band::Evening),
            ("23:00", Band::Night),
            ("00:40", Band::Night),
        ];
        for (hm, want) in cases {
            let (h, m) = hm.split_once(':').expect("h:m");
            let minutes = h.parse::<u32>().expect("h") * 60 + m.parse::<u32>().expect("m");
            assert_eq!(Band::of_minutes(minutes), want, "{hm}");
        }
    }

    #[test]
    fn titles_say_when_and_where_in_both_languages() {
        let kyoto = Localized::same("Kyoto");
        let cases = [
            (Band::Morning, Some(&kyoto), false, "Matinée à Kyoto", "Morning in Kyoto"),
            (Band::Midday, Some(&kyoto), false, "Midi à Kyoto", "Midday in Kyoto"),
            (Band::Evening, Some(&kyoto), false, "Soirée à Kyoto", "Evening in Kyoto"),
            (Band::Afternoon, Some(&kyoto), true, "Visite à Kyoto", "Visit to Kyoto"),
            (Band::Night, None, false, "Nuit", "Night"),
        ];
        for (band, place, visit, fr, en) in cases {
            assert_eq!(title_for(band, place, visit), Localized::new(fr, en));
        }
        let havre = Localized::new("Le Havre", "Le Havre");
        assert_eq!(title_for(Band::Afternoon, Some(&havre), false).fr, "Après-midi au Havre");
        let ulis = Localized::same("Les Ulis");
        assert_eq!(title_for(Band::Afternoon, Some(&ulis), true).fr, "Visite aux Ulis");
    }
}
