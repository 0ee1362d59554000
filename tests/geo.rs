//! recap::geo against the embedded GeoNames gazetteer and tzf-rs.

use recap::geo::{self, Gazetteer};

#[test]
fn principal_city_names_the_city_a_traveller_would() {
    // (label, lat, lon, expected city, country)
    let cases = [
        ("Angers centre", 47.4784, -0.5632, "Angers", "FR"),
        ("Trélazé", 47.4459, -0.4657, "Angers", "FR"),
        ("Avrillé", 47.5069, -0.5894, "Angers", "FR"),
        // Not in the GeoNames cities1000 extract at all: still Angers.
        ("Saint-Barthélemy-d'Anjou", 47.4674, -0.4950, "Angers", "FR"),
        ("Nantes centre", 47.2184, -1.5536, "Nantes", "FR"),
        ("Rezé", 47.1833, -1.5500, "Nantes", "FR"),
        ("Saint-Herblain", 47.2122, -1.6497, "Nantes", "FR"),
        // Paris's sphere (17 km) stops short of the airport, 23 km out; of the
        // towns whose sphere covers it, Villepinte (36k, 5.4 km) beats Roissy (2.6k).
        ("Roissy-CDG airport", 49.0097, 2.5479, "Villepinte", "FR"),
        // 13 km from Montréal's centre, inside its 16.5 km sphere; Dorval is smaller.
        ("Montréal-Trudeau airport", 45.4706, -73.7408, "Montréal", "CA"),
        ("Montréal centre", 45.5017, -73.5673, "Montréal", "CA"),
        ("Québec centre", 46.8139, -71.2080, "Québec", "CA"),
        // A big neighbour keeps its own name rather than being swallowed by Montréal.
        ("Laval", 45.5700, -73.6920, "Laval", "CA"),
        ("Paris, Louvre", 48.8606, 2.3376, "Paris", "FR"),
        ("Versailles château", 48.8049, 2.1204, "Versailles", "FR"),
        // Across the river from the old town, inside Québec's sphere.
        ("Lévis", 46.8035, -71.1779, "Québec", "CA"),
    ];
    for (label, lat, lon, city, country) in cases {
        let p = geo::principal_city(lat, lon).unwrap_or_else(|| panic!("{label}: no city"));
        assert_eq!((p.name.as_str(), p.country.as_str()), (city, country), "{label}");
    }
}

#[test]
fn principal_city_is_none_far_from_land() {
    for (label, lat, lon) in [
        ("mid-Atlantic", 40.0, -40.0),
        ("South Pacific", -40.0, -130.0),
        ("Antarctic plateau", -85.0, 0.0),
        ("latitude out of range", 91.0, 0.0),
        ("NaN", f64::NAN, 2.0),
    ] {
        assert!(geo::principal_city(lat, lon).is_none(), "{label}");
    }
}

#[test]
fn nearest_finds_city_centres() {
    for (lat, lon, city, max_km) in [
        (47.4784, -0.5632, "Angers", 2.0),
        (47.2184, -1.5536, "Nantes", 1.0),
        (46.8139, -71.2080, "Québec", 1.0),
        (47.4459, -0.4657, "Trélazé", 1.0),
        (47.1833, -1.5500, "Rezé", 2.0),
    ] {
        let (p, km) = geo::nearest(lat, lon).expect("non-empty gazetteer");
        assert_eq!(p.name, city);
        assert!(km < max_km, "{city}: {km} km");
    }
}

#[test]
fn nearest_always_answers_even_mid_ocean() {
    let (p, km) = geo::nearest(40.0, -40.0).expect("something");
    assert!(km > geo::MAX_PLACE_DISTANCE_KM, "{} at {km} km", p.name);
    // Antimeridian: Fiji's Taveuni straddles 180°; the answer must be close, not a world away.
    let (_, km) = geo::nearest(-16.8, 179.99).expect("something");
    assert!(km < 100.0, "{km} km");
    assert!(geo::nearest(f64::NAN, 0.0).is_none());
}

#[test]
fn names_keep_their_accents() {
    let g = Gazetteer::embedded();
    for (name, country) in [
        ("Trélazé", "FR"),
        ("Rezé", "FR"),
        ("Avrillé", "FR"),
        ("Québec", "CA"),
        ("Montréal", "CA"),
        ("Lévis", "CA"),
        ("Villeneuve-d'Ascq", "FR"),
        ("Saint-Étienne", "FR"),
    ] {
        assert!(g.places().iter().any(|p| p.name == name && p.country == country), "{name} ({country}) missing");
    }
}

#[test]
fn place_serializes_with_all_fields() {
    let p = geo::principal_city(47.4784, -0.5632).expect("Angers");
    let v = serde_json::to_value(p).expect("serializes");
    assert_eq!(v["name"], "Angers");
    assert_eq!(v["country"], "FR");
    assert_eq!(v["admin1"], "52"); // Pays de la Loire
    assert!(v["population"].as_u64().is_some_and(|n| n > 100_000));
    assert!(v["lat"].is_f64() && v["lon"].is_f64());
}

#[test]
fn timezones_offline() {
    for (label, lat, lon, tz) in [
        ("Angers", 47.4784, -0.5632, "Europe/Paris"),
        ("Nantes", 47.2184, -1.5536, "Europe/Paris"),
        ("Roissy-CDG", 49.0097, 2.5479, "Europe/Paris"),
        // Québec uses America/Toronto (America/Montreal is a link to it).
        ("Montréal", 45.5017, -73.5673, "America/Toronto"),
        ("Québec", 46.8139, -71.2080, "America/Toronto"),
        ("Vancouver", 49.2827, -123.1207, "America/Vancouver"),
    ] {
        let got = geo::timezone(lat, lon).unwrap_or_else(|| panic!("{label}: no zone"));
        assert_eq!(got.name(), tz, "{label}");
    }
    assert!(geo::timezone(f64::NAN, 0.0).is_none());
    assert!(geo::timezone(0.0, 200.0).is_none());
}

#[test]
fn haversine_known_distances() {
    assert_eq!(geo::haversine_km((47.0, -1.0), (47.0, -1.0)), 0.0);
    // Paris–London ≈ 343.5 km; Angers–Nantes ≈ 76 km; antipodes = half circumference.
    let pl = geo::haversine_km((48.8566, 2.3522), (51.5074, -0.1278));
    assert!((pl - 343.5).abs() < 1.0, "{pl}");
    let an = geo::haversine_km((47.47156, -0.55202), (47.21725, -1.55336));
    assert!((an - 80.0).abs() < 5.0, "{an}");
    let half = geo::haversine_km((0.0, 0.0), (0.0, 180.0));
    assert!((half - std::f64::consts::PI * geo::EARTH_RADIUS_KM).abs() < 1e-6);
}

#[test]
fn attribution_names_geonames_and_licence() {
    let a = geo::attribution();
    assert!(a.contains("GeoNames") && a.contains("CC BY 4.0"), "{a}");
}

#[test]
fn many_lookups_stay_fast() {
    // 100k lookups over France and Québec: the index must keep this linear
    // (a full scan per lookup would be ~15 billion distance computations).
    let g = Gazetteer::embedded();
    let mut found = 0usize;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (u, v) = ((x & 0xFFFF) as f64 / 65535.0, ((x >> 16) & 0xFFFF) as f64 / 65535.0);
        let (lat, lon) = if i % 2 == 0 {
            (43.0 + 8.0 * u, -4.5 + 12.0 * v) // France
        } else {
            (45.0 + 3.0 * u, -75.0 + 5.0 * v) // southern Québec
        };
        found += usize::from(g.principal_city(lat, lon).is_some());
    }
    assert!(found > 90_000, "{found}");
}

#[test]
fn airports_are_found_at_their_terminals_not_in_town() {
    // (label, lat, lon, expected IATA)
    for (label, lat, lon, iata) in [
        ("Roissy-CDG", 49.0097, 2.5479, "CDG"),
        ("CDG terminal 2E", 49.0040, 2.5700, "CDG"),
        ("Montréal-Trudeau", 45.4706, -73.7408, "YUL"),
        ("YUL terminal", 45.4577, -73.7499, "YUL"),
        ("Orly", 48.7262, 2.3652, "ORY"),
        ("Nantes Atlantique", 47.1532, -1.6107, "NTE"),
        ("Québec-Jean-Lesage", 46.7911, -71.3933, "YQB"),
    ] {
        let a = geo::airport_near(lat, lon).unwrap_or_else(|| panic!("{label}: no airport"));
        assert_eq!(a.iata, iata, "{label}");
    }
    let cdg = geo::airport("CDG").expect("CDG");
    assert_eq!(
        (cdg.name.as_str(), cdg.city.as_str(), cdg.country.as_str()),
        ("Paris-Charles-de-Gaulle", "Paris", "FR")
    );
    assert_eq!(cdg.display_name(), "Paris-Charles-de-Gaulle (CDG)");
    assert_eq!(geo::airport("YUL").map(|a| a.display_name()), Some("Montréal-Trudeau (YUL)".into()));
    for (label, lat, lon) in [
        ("Angers centre", 47.4784, -0.5632),
        ("Nantes centre", 47.2184, -1.5536),
        ("Paris, Louvre", 48.8606, 2.3376),
        ("Montréal centre", 45.5017, -73.5673),
        ("Villepinte", 48.9627, 2.5327),
        ("mid-Atlantic", 40.0, -40.0),
        ("NaN", f64::NAN, 2.0),
    ] {
        assert!(geo::airport_near(lat, lon).is_none(), "{label}");
    }
}

#[test]
fn airport_table_keeps_scheduled_service_airports_only() {
    let all = geo::airports();
    assert!((800..3000).contains(&all.len()), "{}", all.len());
    for code in ["CDG", "ORY", "YUL", "YQB", "NTE", "LHR", "JFK", "AMS"] {
        assert!(geo::airport(code).is_some(), "{code}");
    }
    // Angers-Loire (ANE) has no scheduled service worth naming a chapter after.
    assert!(geo::airport("ANE").is_none());
    assert!(geo::attribution().contains("airportsdata"));
}
