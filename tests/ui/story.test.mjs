import { test } from "node:test";
import assert from "node:assert/strict";
import {
  target, textEdit, draftEdit, photosEdit, moveBy, dropOn, without, withPhoto, candidates, storyPhotos, routeText,
  moveAnnouncement, MAX_DAY_PHOTOS, MAX_TEXT_CHARS,
} from "../../ui/lib/story.js";
import { buildModel } from "../../ui/lib/model.js";
import { undoText } from "../../ui/lib/logic.js";
import * as i18n from "../../ui/lib/i18n.js";
import { trip } from "./fixtures.mjs";

test("story text targets are written as the shell parses them", () => {
  assert.equal(target("day", "2017-06-06"), "day:2017-06-06");
  assert.equal(target("chapter", "angers-2017-06-03"), "chapter:angers-2017-06-03");
  assert.equal(target("title"), "title");
  assert.equal(target("intro"), "intro");
  assert.equal(target("closing"), "closing");
});

test("a text field saves only a change; blanking the user's text goes back to the draft", () => {
  const draft = { text: "Mardi 6 juin, Angers.", draft: true };
  const mine = { text: "Notre journée à Angers", draft: false };
  const tgt = "day:2017-06-06";
  assert.equal(textEdit(tgt, "fr", "Mardi 6 juin, Angers.", draft), null, "the draft as shown is not saved");
  assert.equal(textEdit(tgt, "fr", "  Mardi 6 juin, Angers.\n", draft), null, "nor with spaces around");
  assert.equal(textEdit(tgt, "fr", "", draft), null, "blanking a draft saves nothing");
  assert.deepEqual(textEdit(tgt, "fr", " Une belle journée ", draft), { kind: "storyText", target: tgt, lang: "fr", text: "Une belle journée" });
  assert.equal(textEdit(tgt, "en", "Notre journée à Angers", mine), null);
  assert.deepEqual(textEdit(tgt, "en", "   ", mine), { kind: "storyText", target: tgt, lang: "en", text: null });
  assert.deepEqual(draftEdit("intro", "en"), { kind: "storyText", target: "intro", lang: "en", text: null });
  const long = "x".repeat(MAX_TEXT_CHARS + 50);
  assert.equal(textEdit(tgt, "fr", long, draft).text.length, MAX_TEXT_CHARS, "a paste gone wrong is cut to the core's limit");
});

test("keyboard moves: one place at a time, nothing past either end", () => {
  const ids = [12, 7, 40, 3];
  assert.deepEqual(moveBy(ids, 7, -1), [7, 12, 40, 3]);
  assert.deepEqual(moveBy(ids, 7, 1), [12, 40, 7, 3]);
  assert.deepEqual(moveBy(ids, 12, -1), ids);
  assert.deepEqual(moveBy(ids, 3, 1), ids);
  assert.deepEqual(moveBy(ids, 99, 1), ids, "a photo not in the list moves nothing");
  assert.deepEqual(ids, [12, 7, 40, 3], "the list given is not changed");
});

test("drag and drop: dropped on its neighbour, a photo swaps with it, from either side", () => {
  const ids = [1, 2, 3, 4];
  assert.deepEqual(dropOn(ids, 1, 2), [2, 1, 3, 4]);
  assert.deepEqual(dropOn(ids, 2, 1), [2, 1, 3, 4]);
  assert.deepEqual(dropOn(ids, 4, 1), [4, 1, 2, 3]);
  assert.deepEqual(dropOn(ids, 1, 4), [2, 3, 4, 1]);
  assert.deepEqual(dropOn(ids, 2, 2), ids);
  assert.deepEqual(dropOn(ids, 9, 2), ids);
});

test("adding and removing a day's photos; the list edit is sent only when it changed", () => {
  assert.deepEqual(without([1, 2, 3], 2), [1, 3]);
  assert.deepEqual(withPhoto([1, 2], 5), [1, 2, 5]);
  assert.deepEqual(withPhoto([1, 2], 2), [1, 2], "no photo twice");
  const full = Array.from({ length: MAX_DAY_PHOTOS }, (_, i) => i);
  assert.equal(withPhoto(full, 999).length, MAX_DAY_PHOTOS, "a day holds at most the core's limit");
  assert.equal(photosEdit("2017-06-06", [1, 2], [1, 2]), null);
  assert.deepEqual(photosEdit("2017-06-06", [1, 2], [2, 1]), { kind: "storyPhotos", day: "2017-06-06", photos: [2, 1] });
  assert.deepEqual(photosEdit("2017-06-06", [1, 2], []), { kind: "storyPhotos", day: "2017-06-06", photos: [] });
});

test("a day offers its own photos not shown yet, rejected ones left out", () => {
  const tr = trip();
  tr.plan.chapters[0].days[0].moments[0].photos[1].pick = "reject";
  const model = buildModel(tr);
  const ids = (ps) => ps.map((p) => p.id);
  // 2017-06-05 holds ids 0–6; 1 is rejected; 0 and 5 are shown.
  assert.deepEqual(ids(candidates(model, "2017-06-05", [0, 5])), [2, 3, 4, 6]);
  assert.deepEqual(ids(candidates(model, "2017-06-06", [])), [7, 8, 9]);
  assert.deepEqual(ids(candidates(model, "2017-06-07", [])), [], "a day without photos offers none");
  assert.deepEqual(candidates(null, "2017-06-05", []), []);
});

test("the cover is chosen among the story's photos, each once; the route reads as one line", () => {
  const story = {
    chapters: [
      { days: [{ photos: [{ id: 3 }, { id: 1 }] }, { photos: [{ id: 1 }, { id: 8 }] }] },
      { days: [{ photos: [] }, { photos: [{ id: 9 }] }] },
    ],
  };
  assert.deepEqual(storyPhotos(story).map((p) => p.id), [3, 1, 8, 9]);
  assert.deepEqual(storyPhotos({}), []);
  assert.equal(routeText([{ name: "Angers" }, { name: "Nantes" }]), "Angers → Nantes");
  assert.equal(routeText([{ name: "Angers" }, { name: "Angers" }, { name: "" }, { name: "Nantes" }]), "Angers → Nantes");
  assert.equal(routeText([]), "");
});

test("a keyboard move is announced with the photo's new place, in both languages", () => {
  i18n.setLang("fr");
  assert.equal(moveAnnouncement(i18n.t, [5, 7, 9], 7), "Photo déplacée : 2 sur 3");
  i18n.setLang("en");
  assert.equal(moveAnnouncement(i18n.t, [5, 7, 9], 9), "Photo moved: 3 of 3");
  i18n.setLang("fr");
});

test("the undo button names a story edit in words, not by its wire kind", () => {
  i18n.setLang("fr");
  assert.equal(undoText(i18n.t, "storyPhotos"), "Annuler : les photos du récit");
  assert.equal(undoText(i18n.t, "storyText", true), "Rétablir : le texte du récit");
  i18n.setLang("en");
  assert.equal(undoText(i18n.t, "storyCover"), "Undo story cover");
  i18n.setLang("fr");
});
