//! The route of the stays as inline SVG: the country outlines around the
//! stops (Natural Earth 1:50m through world-atlas, the same data the app's
//! map draws, embedded from `ui/data/`), the stops as numbered dots joined in
//! order, and their names. The same projection and framing as the app's
//! `ui/lib/map.js` (`stageMap`), so the page and the app show one map.

use super::super::web::html_escape;
use crate::story::RouteStop;
use serde::Deserialize;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// `export default {…};` around the TopoJSON: an ES module for the app.
static COUNTRIES_JS: &str = include_str!("../../../ui/data/countries-50m.js");

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    transform: Option<Transform>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
    },
    #[serde(other)]
    Other,
}

/// `[x0, y0, x1, y1]` in degrees.
type BBox = [f64; 4];

struct Polygon {
    /// The outline first, then its holes; `[lon, lat]` points.
    rings: Vec<Vec<[f64; 2]>>,
    bbox: BBox,
}

/// Every country's polygons, decoded once per process (about 20 ms).
fn polygons() -> &'static [Polygon] {
    static DECODED: OnceLock<Vec<Polygon>> = OnceLock::new();
    DECODED.get_or_init(|| decode(COUNTRIES_JS).unwrap_or_default())
}

fn decode(js: &str) -> Option<Vec<Polygon>> {
    let start = js.find('{')?;
    let end = js.rfind('}')?;
    let topo: Topology = serde_json::from_str(js.get(start..=end)?).ok()?;
    let (scale, translate) = topo.transform.as_ref().map_or(([1.0, 1.0], [0.0, 0.0]), |t| (t.scale, t.translate));
    let quantized = topo.transform.is_some();
    // Arcs are delta-encoded when quantized.
    let arcs: Vec<Vec<[f64; 2]>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|&[dx, dy]| {
                    if quantized {
                        x += dx;
                        y += dy;
                        [x as f64 * scale[0] + translate[0], y as f64 * scale[1] + translate[1]]
                    } else {
                        [dx as f64, dy as f64]
                    }
                })
                .collect()
        })
        .collect();
    let ring = |indices: &[i64]| -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::new();
        for &i in indices {
            // A negative index ~i is arc i reversed.
            let (k, reversed) = if i >= 0 { (i as usize, false) } else { ((!i) as usize, true) };
            let Some(arc) = arcs.get(k) else { continue };
            let mut points: Vec<[f64; 2]> = arc.clone();
            if reversed {
                points.reverse();
            }
            // Consecutive arcs share their end point.
            let skip = usize::from(!out.is_empty());
            out.extend(points.into_iter().skip(skip));
        }
        out
    };
    let mut out = Vec::new();
    for g in &topo.objects.countries.geometries {
        let polys: Vec<&Vec<Vec<i64>>> = match g {
            Geometry::Polygon { arcs } => vec![arcs],
            Geometry::MultiPolygon { arcs } => arcs.iter().collect(),
            Geometry::Other => continue,
        };
        for rings in polys {
            let rings: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| ring(r)).collect();
            let Some(bbox) = rings.first().and_then(|r| bbox_of(r)) else { continue };
            out.push(Polygon { rings, bbox });
        }
    }
    Some(out)
}

fn bbox_of(points: &[[f64; 2]]) -> Option<BBox> {
    let first = points.first()?;
    Some(points.iter().fold([first[0], first[1], first[0], first[1]], |b, p| {
        [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
    }))
}

/// Even-odd rule.
fn in_ring(pt: [f64; 2], ring: &[[f64; 2]]) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ([xi, yi], [xj, yj]) = (ring[i], ring[j]);
        if (yi > pt[1]) != (yj > pt[1]) && pt[0] < (xj - xi) * (pt[1] - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

fn in_polygon(pt: [f64; 2], p: &Polygon) -> bool {
    let [x0, y0, x1, y1] = p.bbox;
    if pt[0] < x0 || pt[0] > x1 || pt[1] < y0 || pt[1] > y1 {
        return false;
    }
    p.rings.first().is_some_and(|outline| in_ring(pt, outline)) && !p.rings.iter().skip(1).any(|h| in_ring(pt, h))
}

fn overlaps(a: &BBox, b: &BBox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// The route as an `<svg>` element `width` × `height` (its viewBox; CSS
/// scales it), or `None` without a stop that has a position. Stop names
/// are escaped; everything else is numbers. No `xmlns`: inside HTML the
/// parser gives `<svg>` its namespace, and the page names no URL at all.
pub fn svg(stops: &[RouteStop], width: f64, height: f64, label: &str) -> Option<String> {
    let pts: Vec<&RouteStop> = stops
        .iter()
        .filter(|s| s.lat.is_finite() && s.lon.is_finite() && s.lat.abs() <= 90.0 && s.lon.abs() <= 180.0)
        .collect();
    let first = pts.first()?;
    let all = polygons();
    // The view: the land the stops stand on (each one's country polygon:
    // mainland France, not its overseas departments), with a margin.
    let mut bbox = [first.lon, first.lat, first.lon, first.lat];
    let mut home: Vec<usize> = Vec::new();
    for s in &pts {
        bbox = [bbox[0].min(s.lon), bbox[1].min(s.lat), bbox[2].max(s.lon), bbox[3].max(s.lat)];
        for (i, p) in all.iter().enumerate() {
            if in_polygon([s.lon, s.lat], p) && !home.contains(&i) {
                home.push(i);
            }
        }
    }
    for &i in &home {
        let b = all[i].bbox;
        bbox = [bbox[0].min(b[0]), bbox[1].min(b[1]), bbox[2].max(b[2]), bbox[3].max(b[3])];
    }
    // At least a few degrees, so two nearby towns still show their region.
    let span = (bbox[2] - bbox[0]).max(bbox[3] - bbox[1]).max(4.0);
    let m = span * 0.08;
    let (cx, cy) = ((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0);
    let half = [(bbox[2] - bbox[0]).max(4.0) / 2.0 + m, (bbox[3] - bbox[1]).max(4.0) / 2.0 + m];
    let view = [cx - half[0], cy - half[1], cx + half[0], cy + half[1]];
    // Equirectangular, x shrunk by the cosine of the middle latitude: true
    // to shape at the scale of a country.
    let kx = (cy.to_radians()).cos().max(0.05);
    let (w, h) = ((view[2] - view[0]) * kx, view[3] - view[1]);
    let scale = (width / w).min(height / h);
    let (ox, oy) = ((width - w * scale) / 2.0, (height - h * scale) / 2.0);
    let project = |p: [f64; 2]| [ox + (p[0] - view[0]) * kx * scale, oy + (view[3] - p[1]) * scale];

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"route-map\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-label=\"{}\">",
        html_escape(label)
    );
    svg.push_str("<rect class=\"sea\" width=\"100%\" height=\"100%\"/>");
    for (i, poly) in all.iter().enumerate() {
        if !overlaps(&poly.bbox, &view) {
            continue;
        }
        let d = path(poly, &project, width, height);
        if d.is_empty() {
            continue;
        }
        let class = if home.contains(&i) { "land home" } else { "land" };
        let _ = write!(svg, "<path class=\"{class}\" d=\"{d}\"/>");
    }
    let dots: Vec<[f64; 2]> = pts.iter().map(|s| project([s.lon, s.lat])).collect();
    if dots.len() > 1 {
        let d: Vec<String> = dots.iter().map(|[x, y]| format!("{x:.1} {y:.1}")).collect();
        let _ = write!(svg, "<path class=\"route-line\" d=\"M{}\"/>", d.join("L"));
    }
    for (n, (s, [x, y])) in pts.iter().zip(&dots).enumerate() {
        // Labels go right of their dot, or left when another dot sits just
        // to the right at about the same height (two towns of a region).
        let crowded = dots
            .iter()
            .any(|o| !std::ptr::eq(o, &dots[n]) && o[0] >= *x && o[0] - x < 140.0 && (o[1] - y).abs() < 28.0);
        let (anchor, dx) = if crowded { ("end", -10.0) } else { ("start", 10.0) };
        let _ = write!(
            svg,
            "<g class=\"stop\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/>\
             <text class=\"stop-n\" x=\"{x:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"middle\">{}</text>\
             <text class=\"stop-name\" x=\"{:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"{anchor}\">{}</text></g>",
            n + 1,
            x + dx,
            html_escape(&s.name)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// One polygon's SVG path data, projected. Points far outside the picture
/// are pulled onto a frame one picture wide around it (what is inside the
/// picture is unchanged), and points closer than about half a pixel to the
/// previous one are dropped: a country as large as Russia beside France
/// costs a few dozen points, not thousands.
fn path(poly: &Polygon, project: &dyn Fn([f64; 2]) -> [f64; 2], width: f64, height: f64) -> String {
    let mut d = String::new();
    for ring in &poly.rings {
        let mut kept: Vec<[f64; 2]> = Vec::new();
        for &p in ring {
            let [x, y] = project(p);
            let q = [x.clamp(-width, 2.0 * width), y.clamp(-height, 2.0 * height)];
            if kept.last().is_some_and(|l| (l[0] - q[0]).abs() < 0.6 && (l[1] - q[1]).abs() < 0.6) {
                continue;
            }
            kept.push(q);
        }
        if kept.len() < 3 {
            continue;
        }
        d.push('M');
        for (i, [x, y]) in kept.iter().enumerate() {
            if i > 0 {
                d.push('L');
            }
            let _ = write!(d, "{x:.1} {y:.1}");
        }
        d.push('Z');
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(name: &str, lat: f64, lon: f64) -> RouteStop {
        RouteStop { chapter: name.to_lowercase(), name: name.into(), lat, lon, nights: 2, country: "FR".into() }
    }

    #[test]
    fn the_embedded_outlines_decode_and_place_angers_in_france() {
        let all = polygons();
        assert!(all.len() > 200, "{} polygons", all.len());
        let angers = [-0.55, 47.47];
        let homes: Vec<&Polygon> = all.iter().filter(|p| in_polygon(angers, p)).collect();
        assert_eq!(homes.len(), 1, "Angers stands on one polygon");
        // Mainland France, not the polygon of its overseas departments.
        let [x0, y0, x1, y1] = homes[0].bbox;
        assert!(x0 > -6.0 && x1 < 10.0 && y0 > 41.0 && y1 < 52.0, "{:?}", homes[0].bbox);
    }

    #[test]
    fn the_route_joins_the_stops_in_order_and_escapes_their_names() {
        let stops = [stop("Angers", 47.47, -0.55), stop("<b>Nantes</b>", 47.22, -1.55)];
        let svg = svg(&stops, 800.0, 600.0, "Itinéraire").expect("a map");
        assert!(svg.contains("class=\"land home\""), "France is the home land");
        assert!(svg.contains("class=\"route-line\""));
        let angers = svg.find(">Angers<").expect("Angers named");
        let nantes = svg.find("&lt;b&gt;Nantes&lt;/b&gt;").expect("Nantes named, as text");
        assert!(angers < nantes, "stops in order");
        assert!(!svg.contains("<b>"));
        // Bounded: the neighbours are simplified to the picture's pixels.
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
    }

    #[test]
    fn no_stop_with_a_position_no_map() {
        assert!(svg(&[], 800.0, 600.0, "").is_none());
        assert!(svg(&[stop("Nowhere", f64::NAN, 0.0)], 800.0, 600.0, "").is_none());
    }
}
