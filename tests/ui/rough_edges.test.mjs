// Pure logic behind the rough edges of issue 14: the sidebar's day counts
// follow the active filters; after an edit moves the photo at the top of
// the grid to another day (a clock correction), the grid stays on its day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filteredCounts, dayKey, photoFilter } from "../../ui/lib/logic.js";
import { buildModel, buildSections } from "../../ui/lib/model.js";
import { layoutGrid, anchorScroll, sectionTop, cellRect } from "../../ui/lib/layout.js";
import { trip } from "./fixtures.mjs";

test("sidebar day counts follow the active filters, not the whole trip", () => {
  const model = buildModel(trip());
  const all = filteredCounts(model, photoFilter({}));
  assert.equal(all.days.get(dayKey("angers", "2017-06-05")), 7);
  assert.equal(all.days.get(dayKey("angers", "2017-06-06")), 3);
  assert.equal(all.chapters.get("nantes"), 4);

  // Only Alice's photos: Bob's afternoon leaves the count of the 5th.
  const alice = filteredCounts(model, photoFilter({ who: "alice" }));
  assert.equal(alice.days.get(dayKey("angers", "2017-06-05")), 5);
  assert.equal(alice.days.get(dayKey("angers", "2017-06-06")), 3);
  // A day with none of her photos reads 0, not its unfiltered 4.
  assert.equal(alice.days.get(dayKey("nantes", "2017-06-08")), 0);
  assert.equal(alice.chapters.get("nantes"), 0);

  // Picks only: the 6th's three picks, nothing else.
  const picks = filteredCounts(model, photoFilter({ picks: true }));
  assert.deepEqual([...picks.days.values()], [0, 3, 0]);
  // Edited captions only.
  const edited = filteredCounts(model, photoFilter({ edited: true }));
  assert.equal(edited.days.get(dayKey("nantes", "2017-06-08")), 2);
  assert.equal(edited.chapters.get("angers"), 0);
});

// The grid's geometry for a trip, and what anchor() records at a scroll position.
function grid(tr) {
  const model = buildModel(tr);
  const { sections, shown } = buildSections(model);
  const layout = layoutGrid(sections, 600, { minCell: 100, maxCell: 150, gap: 4, dayHeader: 50, momentHeader: 30, sectionGap: 12 });
  const k = (id) => shown.findIndex((i) => model.photos[i].id === id);
  return { model, sections, shown, layout, k };
}

test("after a clock edit moves the top photo to another day, the grid stays on the day", () => {
  const before = grid(trip());
  // The 6th (Angers) is at the top, its first photo 10 px below the top.
  const si = before.sections.findIndex((s) => s.key === "angers/2017-06-06");
  const id = before.model.photos[before.shown[before.sections[si].from]].id;
  const top = cellRect(before.layout, before.k(id)).top - 10;
  const anchor = { id, delta: 10, section: "angers/2017-06-06", sectionDelta: sectionTop(before.layout, si) - top };

  // Nothing moved: the same photo stays 10 px from the top.
  assert.equal(anchorScroll(before.layout, before.sections, anchor, before.k(id)), top);

  // The camera's clock was fixed: that photo now falls on the 8th, in Nantes.
  const moved = trip();
  const [angers, nantes] = moved.plan.chapters;
  const photo = angers.days[1].moments[0].photos.shift();
  nantes.days[0].moments[0].photos.push(photo);
  const after = grid(moved);
  const y = anchorScroll(after.layout, after.sections, anchor, after.k(id));
  const day = after.sections.findIndex((s) => s.key === "angers/2017-06-06");
  assert.equal(y, Math.max(0, sectionTop(after.layout, day) - anchor.sectionDelta), "the 6th stays where it was");
  assert.notEqual(y, Math.max(0, cellRect(after.layout, after.k(id)).top - 10), "not the photo's new day");

  // The day itself is gone (all its photos moved): the photo is followed.
  const gone = trip();
  const [a2, n2] = gone.plan.chapters;
  n2.days[0].moments[0].photos.push(...a2.days[1].moments[0].photos.splice(0));
  const g = grid(gone);
  assert.equal(anchorScroll(g.layout, g.sections, anchor, g.k(id)), Math.max(0, cellRect(g.layout, g.k(id)).top - 10));
});
