//! The place list and its spatial index.

use super::{haversine_km, valid, MAX_PLACE_DISTANCE_KM};
use serde::Serialize;
use std::io::Read;
use std::sync::OnceLock;

/// Built by `scripts/gazetteer/build.py`; format in `data/README.md`.
static EMBEDDED_GZ: &[u8] = include_bytes!("../../data/gazetteer.tsv.gz");

/// Height of an index band in degrees of latitude (about 11 km).
const BAND_DEG: f64 = 0.1;
const BANDS: usize = (180.0 / BAND_DEG) as usize + 1;
/// Largest sphere of influence, so the widest radius `principal_city` scans.
const MAX_SPHERE_KM: f64 = 30.0;
/// How much being off-centre costs in `principal_city`'s score: tuned so that
/// suburbs (Trélazé, Saint-Herblain) go to their city while a big neighbour
/// (Laval next to Montréal) keeps its own name.
const OFF_CENTRE_WEIGHT: f64 = 1.2;
/// km per degree of latitude (and of longitude at the equator).
const KM_PER_DEG: f64 = 111.195;

/// A populated place from GeoNames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Local name, accents kept ("Trélazé", "Québec").
    pub name: String,
    /// ISO 3166-1 alpha-2 country code ("FR", "CA").
    pub country: String,
    /// GeoNames admin1 code, not a name: "52" is Pays de la Loire, "10" Québec,
    /// "CA" California. May be empty.
    pub admin1: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

/// A malformed gazetteer line (only reachable with data other than the embedded one).
#[derive(Debug, thiserror::Error)]
#[error("gazetteer line {line}: {reason}")]
pub struct ParseError {
    pub line: usize,
    pub reason: &'static str,
}

/// Places indexed by latitude bands, each band sorted by longitude.
#[derive(Debug)]
pub struct Gazetteer {
    /// Sorted by (band, lon).
    places: Vec<Place>,
    /// `places[band_start[b]..band_start[b + 1]]` lie in band `b`.
    band_start: Vec<u32>,
}

/// Radius in km of a place's "sphere": how far from its centre a traveller
/// would still name it. 3 km for villages, ~10 km for Angers, 30 km at most.
pub fn sphere_radius_km(population: u32) -> f64 {
    (3.0 + 6.0 * (f64::from(population.max(1)) / 10_000.0).log10()).clamp(3.0, MAX_SPHERE_KM)
}

/// `[-]digits[.digits]`, as the build script writes coordinates. Several times
/// faster than `str::parse::<f64>` and, below 2^53, exactly as accurate: the
/// integer and the power of ten are exact, so the division rounds once.
fn parse_decimal(s: &str) -> Option<f64> {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || int.len() + frac.len() > 15 {
        return None;
    }
    let mut m: u64 = 0;
    for c in int.bytes().chain(frac.bytes()) {
        if !c.is_ascii_digit() {
            return None;
        }
        m = m * 10 + u64::from(c - b'0');
    }
    let v = m as f64 / 10f64.powi(frac.len() as i32);
    Some(if neg { -v } else { v })
}

fn parse_lines(text: &str) -> Result<Vec<Place>, ParseError> {
    let mut places = Vec::with_capacity(text.len() / 40);
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |reason| ParseError { line: i + 1, reason };
        let mut f = line.split('\t');
        let mut next = || f.next().ok_or_else(|| err("too few fields"));
        let (country, admin1, name) = (next()?, next()?, next()?);
        let population = next()?.parse().map_err(|_| err("bad population"))?;
        let lat = parse_decimal(next()?).ok_or_else(|| err("bad latitude"))?;
        let lon = parse_decimal(next()?).ok_or_else(|| err("bad longitude"))?;
        if !valid(lat, lon) {
            return Err(err("coordinates out of range"));
        }
        places.push(Place {
            name: name.to_owned(),
            country: country.to_owned(),
            admin1: admin1.to_owned(),
            population,
            lat,
            lon,
        });
    }
    Ok(places)
}

/// Orders like `f64::total_cmp` on longitudes (same bit trick as std).
fn lon_key(lon: f64) -> i64 {
    let bits = lon.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

fn band_of(lat: f64) -> usize {
    (((lat + 90.0) / BAND_DEG) as usize).min(BANDS - 1)
}

impl Gazetteer {
    /// The embedded GeoNames gazetteer, decoded on first call (tens of ms).
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(EMBEDDED_GZ)
                .read_to_string(&mut text)
                .expect("embedded gazetteer is valid gzip/UTF-8");
            Gazetteer::parse_tsv(&text).expect("embedded gazetteer parses")
        })
    }

    /// Parse the TSV format of `data/README.md` (lines starting with `#` skipped).
    pub fn parse_tsv(text: &str) -> Result<Gazetteer, ParseError> {
        // Two halves on two threads: allocating the names dominates loading.
        // Split after a newline: bytes, since len/2 may fall inside a UTF-8 char.
        let half = text.len() / 2;
        let mid = text.as_bytes()[half..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| half + i + 1);
        let (a, b) = text.split_at(mid);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| parse_lines(b));
            (parse_lines(a), second.join())
        });
        let mut places = first?;
        let second = second.unwrap_or_else(|e| std::panic::resume_unwind(e));
        places.append(&mut second.map_err(|e| ParseError { line: e.line + a.lines().count(), ..e })?);
        Ok(Gazetteer::from_places(places))
    }

    /// Index arbitrary places (invalid coordinates are dropped).
    pub fn from_places(mut places: Vec<Place>) -> Gazetteer {
        places.retain(|p| valid(p.lat, p.lon));
        // Cached keys: comparing whole Places is the slowest way to sort them.
        places.sort_by_cached_key(|p| (band_of(p.lat), lon_key(p.lon)));
        let mut band_start = Vec::with_capacity(BANDS + 1);
        let mut i = 0;
        for b in 0..=BANDS {
            while i < places.len() && band_of(places[i].lat) < b {
                i += 1;
            }
            band_start.push(i as u32);
        }
        Gazetteer { places, band_start }
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Calls `f(place, km)` for every place within `radius_km` (and a few
    /// slightly beyond: the caller filters on the distance it is given).
    fn for_each_within<'a>(&'a self, lat: f64, lon: f64, radius_km: f64, mut f: impl FnMut(&'a Place, f64)) {
        let dlat = radius_km / KM_PER_DEG;
        let (lo_lat, hi_lat) = ((lat - dlat).max(-90.0), (lat + dlat).min(90.0));
        // Longitude span at the band's edge nearest a pole, where degrees are shortest.
        let cos = lo_lat.abs().max(hi_lat.abs()).to_radians().cos();
        let dlon =
            if cos * 180.0 * KM_PER_DEG <= radius_km { 180.0 } else { (radius_km / (KM_PER_DEG * cos)).min(180.0) };
        let mut visit = |band: &'a [Place], from: f64, to: f64| {
            let a = band.partition_point(|p| p.lon < from);
            let b = band.partition_point(|p| p.lon <= to);
            for p in &band[a..b] {
                f(p, haversine_km((lat, lon), (p.lat, p.lon)));
            }
        };
        for b in band_of(lo_lat)..=band_of(hi_lat) {
            let band = &self.places[self.band_start[b] as usize..self.band_start[b + 1] as usize];
            if dlon >= 180.0 {
                visit(band, -180.0, 180.0);
                continue;
            }
            let (from, to) = (lon - dlon, lon + dlon);
            visit(band, from.max(-180.0), to.min(180.0));
            // Wrap across the antimeridian.
            if from < -180.0 {
                visit(band, from + 360.0, 180.0);
            }
            if to > 180.0 {
                visit(band, -180.0, to - 360.0);
            }
        }
    }

    /// The closest place within `max_km`, with its distance in km.
    pub fn nearest_within(&self, lat: f64, lon: f64, max_km: f64) -> Option<(&Place, f64)> {
        if !valid(lat, lon) {
            return None;
        }
        let mut best: Option<(&Place, f64)> = None;
        self.for_each_within(lat, lon, max_km, |p, d| {
            if d <= max_km && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((p, d));
            }
        });
        best
    }

    /// The closest place anywhere and its distance in km; `None` only for
    /// invalid coordinates or an empty gazetteer.
    pub fn nearest(&self, lat: f64, lon: f64) -> Option<(&Place, f64)> {
        // Widen the search until something is found; half the circumference covers all.
        let mut r = 10.0;
        loop {
            if let Some(hit) = self.nearest_within(lat, lon, r) {
                return Some(hit);
            }
            if r > 20_100.0 || !valid(lat, lon) {
                return None;
            }
            r *= 4.0;
        }
    }

    /// The city a traveller would name for this spot.
    ///
    /// Every place whose sphere (`sphere_radius_km`) covers the point is a
    /// candidate, scored `log10(population) − 1.2 · distance / radius`: the
    /// largest place wins unless the point sits at the heart of a place nearly
    /// as large. So Trélazé, Avrillé → Angers; Rezé, Saint-Herblain → Nantes;
    /// Montréal-Trudeau airport (Dorval) → Montréal, 13 km from its centre,
    /// well inside its 16.5 km sphere; Versailles and Laval keep their names.
    /// Limits: Roissy-CDG → Villepinte (Paris's 17 km sphere stops 6 km short;
    /// airports are not places in GeoNames; the planner names photos taken at
    /// airports with `airport_near`). When no sphere covers the point, the nearest
    /// place within `MAX_PLACE_DISTANCE_KM`; beyond that, `None`.
    pub fn principal_city(&self, lat: f64, lon: f64) -> Option<&Place> {
        if !valid(lat, lon) {
            return None;
        }
        let mut best: Option<(&Place, f64)> = None;
        // Every place within MAX_SPHERE_KM is seen, so this is the true nearest if set.
        let mut closest: Option<(&Place, f64)> = None;
        self.for_each_within(lat, lon, MAX_SPHERE_KM, |p, d| {
            if d <= MAX_SPHERE_KM && closest.is_none_or(|(_, cd)| d < cd) {
                closest = Some((p, d));
            }
            let r = sphere_radius_km(p.population);
            if d > r {
                return;
            }
            let score = f64::from(p.population.max(1)).log10() - OFF_CENTRE_WEIGHT * d / r;
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((p, score));
            }
        });
        best.or(closest)
            .map(|(p, _)| p)
            .or_else(|| self.nearest_within(lat, lon, MAX_PLACE_DISTANCE_KM).map(|(p, _)| p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_is_large() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 20_000, "{}", g.len());
        assert!(g.places().iter().all(|p| p.population >= 1000 && p.country.len() == 2));
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = Gazetteer::parse_tsv("#header\nFR\t52\tAngers\tmany\t47.4\t-0.5\n").expect_err("bad population");
        assert_eq!((e.line, e.reason), (2, "bad population"));
        // Errors in the second half (parsed on another thread) keep their line number.
        let mut text = "FR\t52\tTrélazé\t1000\t47.4\t-0.5\n".repeat(9);
        text.push_str("FR\t52\tAngers\t1000\t47.4\tW\n");
        let e = Gazetteer::parse_tsv(&text).expect_err("bad longitude");
        assert_eq!((e.line, e.reason), (10, "bad longitude"));
        // The midpoint (byte 6) falls inside an 'é': must not panic.
        assert_eq!(Gazetteer::parse_tsv("#ééééé\n").map(|g| g.len()).ok(), Some(0));
        assert!(Gazetteer::parse_tsv("FR\t52\tX\t1\t95.0\t0.0\n").is_err());
        assert!(Gazetteer::parse_tsv("FR\t52\n").is_err());
    }

    #[test]
    fn search_wraps_around_the_antimeridian_and_poles() {
        let place = |name: &str, lat, lon| Place {
            name: name.into(),
            country: "XX".into(),
            admin1: String::new(),
            population: 5000,
            lat,
            lon,
        };
        let g = Gazetteer::from_places(vec![
            place("East", -16.8, 179.95),
            place("West", -16.8, -179.9),
            place("Pole", 89.99, 10.0),
        ]);
        let (p, km) = g.nearest(-16.8, -179.99).expect("hit");
        assert_eq!(p.name, "East");
        assert!(km < 10.0);
        assert_eq!(g.nearest(-16.8, 179.9).map(|(p, _)| p.name.as_str()), Some("East"));
        assert_eq!(g.nearest(89.99, -170.0).map(|(p, _)| p.name.as_str()), Some("Pole"));
        assert_eq!(g.principal_city(-16.8, 179.99).map(|p| p.name.as_str()), Some("East"));
        assert!(g.principal_city(0.0, 0.0).is_none());
        assert!(Gazetteer::from_places(Vec::new()).nearest(0.0, 0.0).is_none());
    }

    #[test]
    fn decimals_parse_exactly() {
        for s in ["47.47156", "-0.55202", "0", "-179.99999", "90.00000", "12.5"] {
            assert_eq!(parse_decimal(s), s.parse::<f64>().ok(), "{s}");
        }
        for s in ["", "-", ".5", "1.2.3", "4e5", "+1", "1,5", "12345678901234567"] {
            assert_eq!(parse_decimal(s), None, "{s}");
        }
    }

    #[test]
    fn sphere_grows_with_population() {
        assert_eq!(sphere_radius_km(0), 3.0);
        assert_eq!(sphere_radius_km(10_000), 3.0);
        assert!((sphere_radius_km(168_279) - 10.35).abs() < 0.1); // Angers
        assert!((sphere_radius_km(8_000_000) - 20.4).abs() < 0.1); // Tokyo-sized
        assert_eq!(sphere_radius_km(u32::MAX), 30.0);
    }
}
