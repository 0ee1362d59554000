import { test } from "node:test";
import assert from "node:assert/strict";
import { buildModel, buildSections } from "../../ui/lib/model.js";
import { gridMetrics, layoutGrid, visibleRange, rowAt, cellRect, revealPhoto, sectionTop, sectionAt, mosaicTile } from "../../ui/lib/layout.js";
import { trip } from "./fixtures.mjs";

const opts = { minCell: 100, maxCell: 200, gap: 4, dayHeader: 50, momentHeader: 20, sectionGap: 10 };

test("model flattens the plan in order with ids and chapters", () => {
  const m = buildModel(trip());
  assert.equal(m.photos.length, 14);
  assert.deepEqual(m.photos.map((p) => p.id), [...Array(14).keys()]);
  assert.equal(m.chapterOf.get(12), "nantes");
  assert.equal(m.photos[5].moment, "m2");
  assert.equal(m.photos[7].date, "2017-06-06");
  assert.equal(m.byId.get(9), 9);
});

test("grid metrics: columns from width, cells fill the row exactly", () => {
  assert.deepEqual(gridMetrics(412, opts), { cols: 4, cell: 100, gap: 4 });
  const m = gridMetrics(500, opts);
  assert.equal(m.cols, 4);
  assert.ok(m.cell * m.cols + m.gap * (m.cols - 1) <= 500);
  assert.equal(gridMetrics(50, opts).cols, 1, "never zero columns");
  // Wide windows get more columns, never cells above maxCell.
  const wide = gridMetrics(3000, opts);
  assert.ok(wide.cell <= 200 && wide.cols >= 15, JSON.stringify(wide));
});

test("layout: day headers, moment sub-headers, rows of at most `cols` photos", () => {
  const model = buildModel(trip());
  const { sections, shown } = buildSections(model);
  assert.equal(sections.length, 3);
  assert.equal(shown.length, 14);
  const L = layoutGrid(sections, 412, opts); // 4 columns of 100 px
  const kinds = L.rows.map((r) => r.kind[0]).join("");
  // day 1: header, moment(5 photos → 2 rows), moment(2 → 1 row); day 2: 3 → 1 row; day 3: 4 → 1 row
  assert.equal(kinds, "dmppmp" + "dmp" + "dmp");
  assert.deepEqual(L.rows.filter((r) => r.kind === "photos").map((r) => [r.from, r.to]), [[0, 4], [4, 5], [5, 7], [7, 10], [10, 14]]);
  // Positions: 50 (day) + 20 (moment) = 70 for the first row; rows are cell + gap apart.
  assert.equal(L.rows[2].top, 70);
  assert.equal(L.rows[3].top, 174);
  // Second day header comes after a section gap.
  const day2 = L.rows.find((r) => r.kind === "day" && r.section === 1);
  const lastRowOfDay1 = L.rows[5];
  assert.equal(day2.top, lastRowOfDay1.top + 100 + 4 + 10);
  assert.equal(L.height, L.rows.at(-1).top + 104);
  assert.equal(L.photoRow[4], 3);
  assert.deepEqual(cellRect(L, 6), { top: L.rows[5].top, left: 104, width: 100, height: 100 });
});

test("visible range: only the rows in the viewport plus overscan", () => {
  const model = buildModel(trip());
  const L = layoutGrid(buildSections(model).sections, 412, opts);
  const all = visibleRange(L, 0, 10_000, 0);
  assert.deepEqual(all, { start: 0, end: L.rows.length });
  const first = visibleRange(L, 0, 100, 0);
  assert.equal(first.start, 0);
  assert.ok(first.end <= 3, `end ${first.end}`);
  // A viewport in the middle starts at the row straddling its top.
  const mid = visibleRange(L, 180, 50, 0);
  assert.equal(L.rows[mid.start].top <= 180, true);
  assert.ok(L.rows[mid.start].top + L.rows[mid.start].height > 180);
  const over = visibleRange(L, 180, 50, 200);
  assert.ok(over.start <= mid.start && over.end >= mid.end + 1);
  assert.deepEqual(visibleRange({ rows: [] }, 0, 100, 0), { start: 0, end: 0 });
});

test("visible range scales: 10,000 photos, a few dozen rows drawn", () => {
  const sections = [];
  let k = 0;
  for (let d = 0; d < 20; d++) {
    const moments = [];
    for (let m = 0; m < 10; m++) { moments.push({ from: k, to: k + 50 }); k += 50; }
    sections.push({ moments, from: moments[0].from, to: k });
  }
  const t0 = performance.now();
  const L = layoutGrid(sections, 1200, { minCell: 160 });
  const r = visibleRange(L, L.height / 2, 800, 400);
  const ms = performance.now() - t0;
  assert.equal(L.photoRow.length, 10_000);
  assert.ok(r.end - r.start < 20, `rows drawn: ${r.end - r.start}`);
  assert.ok(ms < 50, `layout took ${ms} ms`);
  assert.equal(rowAt(L.rows, -5), 0);
});

test("reveal and section helpers", () => {
  const L = layoutGrid(buildSections(buildModel(trip())).sections, 412, opts);
  assert.equal(revealPhoto(L, 0, 0, 500), null, "already visible");
  const last = L.photoRow.length - 1;
  const y = revealPhoto(L, last, 0, 300);
  assert.equal(y, cellRect(L, last).top + 100 - 300);
  assert.equal(revealPhoto(L, 0, 400, 300, 10), 60);
  const s2 = sectionTop(L, 2);
  assert.equal(sectionAt(L, s2), 2);
  assert.equal(sectionAt(L, 0), 0);
});

test("filtered sections keep only accepted photos and drop empty days", () => {
  const model = buildModel(trip());
  const { sections, shown } = buildSections(model, (p) => p.contributor === "carol");
  assert.equal(sections.length, 1);
  assert.equal(sections[0].date, "2017-06-08");
  assert.deepEqual(shown, [12, 13]);
  assert.deepEqual([sections[0].moments[0].from, sections[0].moments[0].to], [0, 2]);
});

test("a photo's miniature: its mosaic beside its thumbnail, and the CSS position of its tile", () => {
  assert.deepEqual(mosaicTile("thumb://localhost/7/0", 0), { url: "thumb://localhost/7/mosaic/0", pos: "0% 0%" });
  // Last tile of the first mosaic: bottom right.
  assert.deepEqual(mosaicTile("thumb://localhost/7/1023", 1023), { url: "thumb://localhost/7/mosaic/0", pos: "100% 100%" });
  // The next photo starts the second mosaic; Windows' http form works alike.
  assert.deepEqual(mosaicTile("http://thumb.localhost/7/1024", 1024), { url: "http://thumb.localhost/7/mosaic/1", pos: "0% 0%" });
  // Tile 33 of a mosaic: column 1, row 1 of 32 → 1/31 of the way.
  assert.equal(mosaicTile("thumb://localhost/2/33", 33).pos, "3.226% 3.226%");
  assert.equal(mosaicTile("", 3), null);
  assert.equal(mosaicTile("thumb://localhost/2/3", -1), null);
});
