import { test } from "node:test";
import assert from "node:assert/strict";
import { buildModel, buildSections } from "../../ui/lib/model.js";
import { layoutGrid } from "../../ui/lib/layout.js";
import { navigate, keyToMove, keyToAction, rangeBetween } from "../../ui/lib/nav.js";
import { trip } from "./fixtures.mjs";

// 4 columns; photo rows: [0..3] [4] | [5,6] || [7,8,9] || [10..13]
const L = layoutGrid(buildSections(buildModel(trip())).sections, 412, { minCell: 100, maxCell: 200, gap: 4 });

test("next/prev cross moments and days, clamped at the ends", () => {
  assert.equal(navigate(L, 4, "next"), 5, "moment to moment");
  assert.equal(navigate(L, 6, "next"), 7, "day to day");
  assert.equal(navigate(L, 7, "prev"), 6);
  assert.equal(navigate(L, 13, "next"), 13);
  assert.equal(navigate(L, 0, "prev"), 0);
  assert.equal(navigate(L, -1, "next"), 0, "nothing selected: the first");
  assert.equal(navigate(L, -1, "prev"), 13, "nothing selected: the last");
});

test("up/down keep the column, skip headers, clamp to shorter rows", () => {
  assert.equal(navigate(L, 2, "down"), 4, "row of one photo: its only photo");
  assert.equal(navigate(L, 4, "down"), 5, "across the moment header, column 0");
  assert.equal(navigate(L, 6, "down"), 8, "across the day header, column 1");
  assert.equal(navigate(L, 9, "down"), 12, "column 2");
  assert.equal(navigate(L, 12, "up"), 9);
  assert.equal(navigate(L, 5, "up"), 4);
  assert.equal(navigate(L, 1, "up"), 0, "top row: the first photo");
  assert.equal(navigate(L, 11, "down"), 13, "bottom row: the last photo");
  assert.equal(navigate(L, 1, "pageDown", 3), 8, "three photo rows down, column 1");
  assert.equal(navigate(L, 13, "home"), 0);
  assert.equal(navigate(L, 0, "end"), 13);
  assert.equal(navigate({ rows: [], photoRow: new Int32Array(0) }, 0, "next"), -1);
});

test("keys map to moves and actions", () => {
  assert.equal(keyToMove("ArrowRight"), "next");
  assert.equal(keyToMove("ArrowUp"), "up");
  assert.equal(keyToMove("a"), null);
  const k = (key, mods = {}) => keyToAction({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  assert.equal(k("z", { ctrlKey: true }), "undo");
  assert.equal(k("Z", { metaKey: true, shiftKey: true }), "redo");
  assert.equal(k("y", { ctrlKey: true }), "redo");
  assert.equal(k("Delete"), "reject");
  assert.equal(k("P"), "pick");
  assert.equal(k("u"), "unpick");
  assert.equal(k("B"), "best");
  assert.equal(k("s"), "alone");
  assert.equal(k("c"), "compare");
  assert.equal(k("Backspace"), "reject");
  assert.equal(k("s", { ctrlKey: true }), null, "Ctrl+S is not a split");
  assert.equal(k("3"), "stars:3");
  assert.equal(k("Enter"), "open");
  assert.equal(k("Escape"), "close");
  assert.equal(k("p", { ctrlKey: true }), null, "Ctrl+P is not a pick");
  assert.equal(keyToAction({ key: "p" }, true), null, "typing in a field");
  assert.equal(keyToAction({ key: "z", ctrlKey: true }, true), null, "the field's own undo");
  assert.deepEqual(rangeBetween(5, 2), [2, 3, 4, 5]);
});
