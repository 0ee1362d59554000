//! Cities (or airports) for GPS fixes, and places estimated from the group's timeline.

use crate::geo::{self, Place};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Memoises gazetteer and time zone lookups: a trip's photos come from a
/// handful of spots, and tzf polygon tests are the costly part.
#[derive(Default)]
pub struct Lookup {
    cities: HashMap<(i32, i32), Option<&'static Place>>,
    zones: HashMap<usize, Option<Tz>>,
}

impl Lookup {
    /// The place a traveller would name for this spot, cached on a ~100 m grid
    /// (far finer than a city): see [`place_at`].
    pub fn city(&mut self, lat: f64, lon: f64) -> Option<&'static Place> {
        if !lat.is_finite() || !lon.is_finite() {
            return None;
        }
        let key = ((lat * 1000.0).round() as i32, (lon * 1000.0).round() as i32);
        *self.cities.entry(key).or_insert_with(|| place_at(lat, lon))
    }

    /// The zone of a city, taken at its centre.
    pub fn zone(&mut self, place: &'static Place) -> Option<Tz> {
        let key = place as *const Place as usize;
        *self.zones.entry(key).or_insert_with(|| geo::timezone(place.lat, place.lon))
    }
}

/// The principal city, unless the spot is at an airport: within
/// `geo::AIRPORT_RADIUS_KM` of its reference point and closer to it than to
/// the city's centre, the place is the airport, named
/// "Paris-Charles-de-Gaulle (CDG)" (so is its chapter). The second condition
/// keeps a downtown next to its airport (Boston, San Diego) named after the city.
/// An airport's place has population 0 and no admin1; it is a place like any
/// other for grouping, and a stage only if the group stays there that long.
pub fn place_at(lat: f64, lon: f64) -> Option<&'static Place> {
    let city = geo::principal_city(lat, lon);
    let airport = geo::airport_near_km(lat, lon)
        .filter(|&(_, d)| city.is_none_or(|c| d < geo::haversine_km((lat, lon), (c.lat, c.lon))));
    airport.and_then(|(a, _)| a.place()).or(city)
}

/// Same place for grouping purposes (name, country and region).
pub fn same_city(a: Option<&Place>, b: Option<&Place>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            std::ptr::eq(a, b) || (a.name == b.name && a.country == b.country && a.admin1 == b.admin1)
        }
        (None, None) => true,
        _ => false,
    }
}

/// A GPS photo usable as a source for estimates.
#[derive(Debug, Clone, Copy)]
pub struct Fix {
    pub utc: i64,
    pub contributor: usize,
    /// Index of the photo.
    pub photo: usize,
}

/// The GPS photo that best places a photo without GPS: closest in time within
/// `window_s`, another contributor's fix counting `other_penalty_s` farther
/// (the same person is more likely to be at the same spot). `fixes` sorted by utc.
pub fn estimate(fixes: &[Fix], utc: i64, contributor: usize, window_s: i64, other_penalty_s: i64) -> Option<usize> {
    let i = fixes.partition_point(|f| f.utc < utc);
    let cost = |f: &Fix| (f.utc - utc).abs() + if f.contributor == contributor { 0 } else { other_penalty_s };
    let mut best: Option<(i64, usize)> = None;
    // Walk outwards; stop once the bare time distance alone cannot beat the best.
    let mut scan = |it: &mut dyn Iterator<Item = &Fix>| {
        for f in it {
            let dt = (f.utc - utc).abs();
            if dt > window_s || best.is_some_and(|(c, _)| dt > c) {
                break;
            }
            let c = cost(f);
            if best.is_none_or(|(bc, _)| c < bc) {
                best = Some((c, f.photo));
            }
        }
    };
    scan(&mut fixes[i..].iter());
    scan(&mut fixes[..i].iter().rev());
    best.map(|(_, p)| p)
}

/// A chapter's title in both languages. `renamed`: the language the user
/// typed `title` in, when it is theirs. A typed title that is the place's
/// name in its language becomes the place's names ("Londres" typed in
/// French reads "London" in English); any other typed title is the same
/// text in both. Recap's own title is the place's GeoNames name, perhaps
/// numbered ("London (2)"), and takes each language's name.
pub fn chapter_titles(title: &str, city: Option<&Place>, renamed: Option<crate::lang::Lang>) -> crate::lang::Localized {
    use crate::lang::Localized;
    let Some(city) = city else {
        return match (renamed, title.strip_prefix("Unknown place")) {
            (None, Some(rest)) => Localized::new(format!("Lieu inconnu{rest}"), title),
            _ => Localized::same(title),
        };
    };
    let names = city.names();
    match renamed {
        Some(lang) if title == names.get(lang) => names,
        Some(_) => Localized::same(title),
        None => match title.strip_prefix(city.name.as_str()) {
            Some(rest) => Localized::new(format!("{}{rest}", names.fr), format!("{}{rest}", names.en)),
            None => Localized::same(title),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_prefers_same_contributor_and_stays_in_window() {
        let fixes = [
            Fix { utc: 0, contributor: 1, photo: 10 },
            Fix { utc: 600, contributor: 0, photo: 11 },
            Fix { utc: 20_000, contributor: 0, photo: 12 },
        ];
        // Someone else 100 s away loses to oneself 500 s away (penalty 900 s).
        assert_eq!(estimate(&fixes, 100, 0, 7200, 900), Some(11));
        assert_eq!(estimate(&fixes, 100, 1, 7200, 900), Some(10));
        // Nothing within two hours.
        assert_eq!(estimate(&fixes, 10_000, 0, 7200, 900), None);
        assert_eq!(estimate(&[], 0, 0, 7200, 900), None);
    }
}
