// The map of the trip's stages: country outlines (TopoJSON, Natural Earth)
// around the places where the group stayed, and those places in chapter
// order. Pure: the page turns the result into SVG.

/** Decodes a TopoJSON topology's arcs (quantized, delta-encoded) to [lon, lat] points. */
export function decodeArcs(topo) {
  const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
  const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      if (topo.transform) {
        x += dx;
        y += dy;
        return [x * sx + tx, y * sy + ty];
      }
      return [dx, dy];
    });
  });
}

/** One ring from its arc indices (a negative index ~i is arc i reversed). */
function ring(arcs, indices) {
  const out = [];
  for (const i of indices) {
    const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    // Consecutive arcs share their end point.
    out.push(...(out.length ? a.slice(1) : a));
  }
  return out;
}

function bboxOf(points) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/**
 * The countries of `topo.objects[name]`: `{id, name, polygons}` where a
 * polygon is `{rings, bbox}` (its first ring the outline, the others holes).
 */
export function countries(topo, name = "countries") {
  const arcs = decodeArcs(topo);
  return topo.objects[name].geometries
    .filter((g) => g.type === "Polygon" || g.type === "MultiPolygon")
    .map((g) => {
      const polys = g.type === "Polygon" ? [g.arcs] : g.arcs;
      const polygons = polys.map((rings) => {
        const rs = rings.map((r) => ring(arcs, r));
        return { rings: rs, bbox: bboxOf(rs[0] || []) };
      });
      return { id: String(g.id ?? ""), name: (g.properties && g.properties.name) || "", polygons };
    });
}

/** Whether [lon, lat] lies inside a ring (even-odd rule). */
export function inRing(pt, r) {
  const [x, y] = pt;
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(pt, poly) {
  const [x0, y0, x1, y1] = poly.bbox;
  if (pt[0] < x0 || pt[0] > x1 || pt[1] < y0 || pt[1] > y1) return false;
  return inRing(pt, poly.rings[0]) && !poly.rings.slice(1).some((h) => inRing(pt, h));
}

const overlaps = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * The map for `places` (`[{lon, lat, label, chapterId}]`, in chapter order)
 * in a `width` × `height` box: the view is the land the places stand on
 * (the polygon of each one's country: mainland France, not its overseas
 * departments), with a margin; every polygon in view is drawn, those the
 * places stand on marked `home`. Returns `{paths: [{d, home, name}],
 * dots: [{x, y, label, chapterId, n, anchor}], route}` (`anchor`: the
 * label's SVG text-anchor), or null without places.
 */
export function stageMap(all, places, width, height) {
  const pts = places.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat));
  if (!pts.length) return null;
  const home = new Set();
  let box = bboxOf(pts.map((p) => [p.lon, p.lat]));
  for (const p of pts) {
    for (const c of all) {
      for (const poly of c.polygons) {
        if (inPolygon([p.lon, p.lat], poly)) {
          home.add(poly);
          box = [Math.min(box[0], poly.bbox[0]), Math.min(box[1], poly.bbox[1]), Math.max(box[2], poly.bbox[2]), Math.max(box[3], poly.bbox[3])];
        }
      }
    }
  }
  // A margin, and at least a few degrees so two nearby towns still show their region.
  const span = Math.max(box[2] - box[0], box[3] - box[1], 4);
  const m = span * 0.08;
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const half = [Math.max(box[2] - box[0], 4) / 2 + m, Math.max(box[3] - box[1], 4) / 2 + m];
  const view = [cx - half[0], cy - half[1], cx + half[0], cy + half[1]];
  // Equirectangular, its x shrunk by the cosine of the middle latitude:
  // true to shape at the scale of a country.
  const kx = Math.cos((cy * Math.PI) / 180);
  const w = (view[2] - view[0]) * kx;
  const h = view[3] - view[1];
  const scale = Math.min(width / w, height / h);
  const ox = (width - w * scale) / 2;
  const oy = (height - h * scale) / 2;
  const project = ([lon, lat]) => [ox + (lon - view[0]) * kx * scale, oy + (view[3] - lat) * scale];
  const r1 = (v) => Math.round(v * 10) / 10;
  const paths = [];
  for (const c of all) {
    for (const poly of c.polygons) {
      if (!overlaps(poly.bbox, view)) continue;
      const d = poly.rings
        .map((r) => "M" + r.map((p) => project(p).map(r1).join(" ")).join("L") + "Z")
        .join("");
      paths.push({ d, home: home.has(poly), name: c.name });
    }
  }
  const dots = pts.map((p, i) => {
    const [x, y] = project([p.lon, p.lat]).map(r1);
    return { x, y, label: p.label, chapterId: p.chapterId, n: i + 1, anchor: "start" };
  });
  // Labels go right of their dot, or left when another dot sits just to
  // the right at about the same height (two towns of the same region).
  for (const d of dots) {
    if (dots.some((o) => o !== d && o.x >= d.x && o.x - d.x < 140 && Math.abs(o.y - d.y) < 28)) d.anchor = "end";
  }
  const route = dots.length > 1 ? "M" + dots.map((d) => `${d.x} ${d.y}`).join("L") : "";
  return { paths, dots, route };
}
