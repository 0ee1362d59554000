//! Airports with scheduled service: a photo taken there is named after the
//! airport ("Paris-Charles-de-Gaulle (CDG)"), not the nearest town.

use super::{haversine_km, valid, Place};
use serde::Serialize;
use std::sync::OnceLock;

/// Built by `scripts/gazetteer/airports.py` from PyPI `airportsdata` (MIT);
/// format and selection rule in `data/README.md`.
static EMBEDDED_TSV: &str = include_str!("../../data/airports.tsv");

/// A photo this close to an airport's reference point was taken at the
/// airport: terminals and aprons of large airports lie 1–2 km from it.
pub const AIRPORT_RADIUS_KM: f64 = 3.0;

/// An airport from `data/airports.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Airport {
    /// IATA code ("CDG").
    pub iata: String,
    /// Short name as travellers say it, without "International Airport"
    /// ("Paris-Charles-de-Gaulle", "Montréal-Trudeau").
    pub name: String,
    /// The city the source lists it under ("Paris"; "Dorval" for YUL).
    pub city: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

impl Airport {
    /// How Recap names a photo's place there: "Paris-Charles-de-Gaulle (CDG)".
    pub fn display_name(&self) -> String {
        format!("{} ({})", self.name, self.iata)
    }

    /// The airport as a gazetteer [`Place`] (named by [`Airport::display_name`],
    /// population 0, no admin1), so the planner can treat it like a city.
    /// `None` for an `Airport` that is not one of the embedded ones.
    pub fn place(&self) -> Option<&'static Place> {
        let t = table();
        t.airports
            .binary_search_by(|a| a.iata.as_str().cmp(&self.iata))
            .ok()
            .filter(|&i| t.airports[i] == *self)
            .map(|i| &t.places[i])
    }
}

fn as_place(a: &Airport) -> Place {
    Place {
        name: a.display_name(),
        country: a.country.clone(),
        admin1: String::new(),
        population: 0,
        lat: a.lat,
        lon: a.lon,
    }
}

struct Table {
    /// Sorted by IATA code.
    airports: Vec<Airport>,
    /// `places[i]` is `airports[i].place()`.
    places: Vec<Place>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut airports = parse(EMBEDDED_TSV).expect("embedded airports.tsv parses");
        airports.sort_by(|a, b| a.iata.cmp(&b.iata));
        airports.dedup_by(|a, b| a.iata == b.iata);
        let places = airports.iter().map(as_place).collect();
        Table { airports, places }
    })
}

/// Parse the TSV of `data/README.md`: `iata country lat lon city name`.
fn parse(text: &str) -> Result<Vec<Airport>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [iata, country, lat, lon, city, name] = f[..] else {
            return Err(format!("airports line {}: expected 6 fields", i + 1));
        };
        let coord = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
        let (Some(lat), Some(lon)) = (coord(lat), coord(lon)) else {
            return Err(format!("airports line {}: bad coordinates", i + 1));
        };
        if !valid(lat, lon) {
            return Err(format!("airports line {}: coordinates out of range", i + 1));
        }
        out.push(Airport {
            iata: iata.to_owned(),
            name: name.to_owned(),
            city: city.to_owned(),
            country: country.to_owned(),
            lat,
            lon,
        });
    }
    Ok(out)
}

/// Every embedded airport, sorted by IATA code (about a thousand; parsed on first use).
pub fn airports() -> &'static [Airport] {
    &table().airports
}

/// The embedded airport with this IATA code (`"CDG"`).
pub fn airport(iata: &str) -> Option<&'static Airport> {
    let t = table();
    t.airports.binary_search_by(|a| a.iata.as_str().cmp(iata)).ok().map(|i| &t.airports[i])
}

/// The airport whose reference point is closest, if within
/// [`AIRPORT_RADIUS_KM`], with its distance in km.
pub fn airport_near_km(lat: f64, lon: f64) -> Option<(&'static Airport, f64)> {
    if !valid(lat, lon) {
        return None;
    }
    // A thousand rows: a linear scan with a cheap latitude prefilter is plenty.
    let dlat = AIRPORT_RADIUS_KM / 111.0;
    airports()
        .iter()
        .filter(|a| (a.lat - lat).abs() <= dlat)
        .map(|a| (a, haversine_km((lat, lon), (a.lat, a.lon))))
        .filter(|&(_, d)| d <= AIRPORT_RADIUS_KM)
        .min_by(|x, y| x.1.total_cmp(&y.1))
}

/// The airport at this spot (within [`AIRPORT_RADIUS_KM`] of its reference point).
///
/// ```
/// let cdg = recap::geo::airport_near(49.0097, 2.5479).unwrap();
/// assert_eq!((cdg.iata.as_str(), cdg.name.as_str()), ("CDG", "Paris-Charles-de-Gaulle"));
/// assert!(recap::geo::airport_near(47.4784, -0.5632).is_none()); // Angers centre
/// ```
pub fn airport_near(lat: f64, lon: f64) -> Option<&'static Airport> {
    airport_near_km(lat, lon).map(|(a, _)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_is_unique() {
        let a = airports();
        assert!((500..5000).contains(&a.len()), "{}", a.len());
        assert!(a.windows(2).all(|w| w[0].iata < w[1].iata));
        assert!(a.iter().all(|x| x.iata.len() == 3 && x.country.len() == 2));
        let cdg = airport("CDG").expect("CDG");
        let place = cdg.place().expect("embedded");
        assert!(cdg.place().is_some_and(|p| std::ptr::eq(p, place)));
        assert_eq!(place.name, "Paris-Charles-de-Gaulle (CDG)");
        let fake = Airport { name: "Elsewhere".into(), ..cdg.clone() };
        assert!(fake.place().is_none());
    }

    #[test]
    fn parse_errors() {
        assert!(parse("CDG\tFR\t49.0\n").is_err());
        assert!(parse("CDG\tFR\t95.0\t2.5\tParis\tX\n").is_err());
        assert!(parse("CDG\tFR\tN\t2.5\tParis\tX\n").is_err());
        assert_eq!(parse("#h\n\nCDG\tFR\t49.0\t2.5\tParis\tX\n").map(|v| v.len()), Ok(1));
    }
}
