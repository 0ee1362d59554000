//! Moments named after the programme's events, places refined to their venue.

use super::place::Lookup;
use super::{Chapter, PlaceSource};
use crate::agenda::AgendaEvent;
use crate::geo::haversine_km;
use chrono::Duration;

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
        let venue = e.location.as_deref().and_then(|l| l.split(',').next()).map(str::trim).filter(|v| !v.is_empty());
        let event_city = e.geo.and_then(|(lat, lon)| lookup.city(lat, lon));
        for p in m.photos.iter_mut().filter(|p| inside(e, p.utc)) {
            let here = p.place.lat.zip(p.place.lon);
            if matches!((here, e.geo), (Some(a), Some(b)) if haversine_km(a, b) > VENUE_KM) {
                continue;
            }
            let city = p.place.name.clone().or_else(|| event_city.map(|c| c.name.clone()));
            let name = match (venue, city) {
                (Some(v), Some(c)) if !v.contains(&c) => format!("{v}, {c}"),
                (Some(v), _) => v.to_string(),
                (None, Some(c)) => c,
                (None, None) => continue,
            };
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
