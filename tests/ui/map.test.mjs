import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeArcs, countries, inRing, stageMap } from "../../ui/lib/map.js";
import world from "../../ui/data/countries-50m.js";

test("TopoJSON arcs are un-deltaed, scaled, and stitched into rings (reversed with ~i)", () => {
  const topo = {
    type: "Topology",
    transform: { scale: [0.5, 0.25], translate: [10, 40] },
    // A square from two arcs: bottom-right half, then top-left half stored backwards.
    arcs: [[[0, 0], [4, 0], [0, 8]], [[0, 0], [0, 8], [4, 0]]],
    objects: { countries: { type: "GeometryCollection", geometries: [{ type: "Polygon", arcs: [[0, ~1]], id: "1", properties: { name: "Carré" } }] } },
  };
  assert.deepEqual(decodeArcs(topo)[0], [[10, 40], [12, 40], [12, 42]]);
  const [c] = countries(topo);
  assert.equal(c.name, "Carré");
  assert.deepEqual(c.polygons[0].rings[0], [[10, 40], [12, 40], [12, 42], [10, 42], [10, 40]]);
  assert.deepEqual(c.polygons[0].bbox, [10, 40, 12, 42]);
  assert.equal(inRing([11, 41], c.polygons[0].rings[0]), true);
  assert.equal(inRing([13, 41], c.polygons[0].rings[0]), false);
});

test("the stages of the Angers–Nantes mission: mainland France in view, its neighbours drawn, the places in order", () => {
  const all = countries(world);
  const places = [
    { lon: -0.5515, lat: 47.4739, label: "Angers", chapterId: "c1" },
    { lon: -1.5534, lat: 47.2184, label: "Nantes", chapterId: "c2" },
  ];
  const map = stageMap(all, places, 600, 500);
  const home = map.paths.filter((p) => p.home);
  assert.deepEqual([...new Set(home.map((p) => p.name))], ["France"]);
  assert.equal(home.length, 1, "mainland France only, not its overseas departments");
  const names = new Set(map.paths.map((p) => p.name));
  for (const n of ["Spain", "Belgium", "Switzerland"]) assert.ok(names.has(n), `${n} in view: ${[...names].join(", ")}`);
  assert.ok(!names.has("Brazil") && !names.has("Canada"), "far countries are not drawn");
  // Inside the box, Nantes west of Angers, and the route joins them in order.
  for (const d of map.dots) assert.ok(d.x > 0 && d.x < 600 && d.y > 0 && d.y < 500, JSON.stringify(d));
  const [angers, nantes] = map.dots;
  assert.ok(nantes.x < angers.x && nantes.y > angers.y);
  assert.deepEqual([angers.n, nantes.n, angers.chapterId], [1, 2, "c1"]);
  // Nantes' label goes left, so the two names do not overlap.
  assert.deepEqual([nantes.anchor, angers.anchor], ["end", "start"]);
  assert.equal(map.route, `M${angers.x} ${angers.y}L${nantes.x} ${nantes.y}`);
  assert.equal(stageMap(all, [], 600, 500), null);
});
