//! Offline time zone lookup (tzf-rs polygons, chrono-tz rules).

use super::valid;
use std::sync::OnceLock;
use tzf_rs::DefaultFinder;

/// The IANA time zone at a point, e.g. `Europe/Paris` for Angers.
///
/// Names come from timezone-boundary-builder, which uses canonical zones:
/// all of Québec (Montréal, Québec City) is `America/Toronto`, the zone
/// `America/Montreal` links to (same rules). Open sea gives the nautical
/// `Etc/GMT±N` zone. `None` for invalid coordinates or an unknown name.
/// The first call decodes the polygons (~4 MB embedded).
pub fn timezone(lat: f64, lon: f64) -> Option<chrono_tz::Tz> {
    static FINDER: OnceLock<DefaultFinder> = OnceLock::new();
    if !valid(lat, lon) {
        return None;
    }
    let name = FINDER.get_or_init(DefaultFinder::new).get_tz_name(lon, lat);
    name.parse().ok()
}
