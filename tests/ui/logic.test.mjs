import { test } from "node:test";
import assert from "node:assert/strict";
import { parseOffset, photoFilter, filterIsEmpty, picksPerChapter, selectionPerChapter, editedCaptions, groupMembers, picksTotal, groupBadge, compareGroup, isAlone, undoText, progressView, curationView, errorText, cameraName, baseName, reorder, moveItem } from "../../ui/lib/logic.js";
import { buildModel } from "../../ui/lib/model.js";
import * as i18n from "../../ui/lib/i18n.js";
import { trip } from "./fixtures.mjs";

test("clock offsets as people type them", () => {
  const ok = {
    "+6 h": 360, "6h": 360, "-6 h": -360, "−5 h 30": -330, "-5h30": -330, "6:00": 360, "-5:30": -330,
    "+6": 360, "0": 0, "-0": 0, "-360": -360, "360": 360, "90 min": 90, "90min": 90, "2 j": 2880, "1 d 3 h": 1620,
    "6,5 h": 390, "6.5h": 390, " +1 h 15 min ": 75, "12 heures": 720, "30 minutes": 30,
  };
  for (const [s, m] of Object.entries(ok)) assert.deepEqual(parseOffset(s), { minutes: m }, s);
  assert.deepEqual(parseOffset(""), { error: "offset.empty" });
  assert.deepEqual(parseOffset("  "), { error: "offset.empty" });
  for (const bad of ["abc", "6 h h", "+", "6:75", "h", "5 30", "1e3", "6 h 30 h"]) {
    assert.deepEqual(parseOffset(bad), { error: "offset.syntax" }, bad);
  }
  assert.deepEqual(parseOffset("500 j"), { error: "offset.range" });
});

test("participant filter: all, me, one person, edited captions, picks", () => {
  const m = buildModel(trip());
  const n = (f) => m.photos.filter(photoFilter(f)).length;
  assert.equal(n({}), 14);
  assert.equal(n({ who: "alice" }), 8);
  assert.equal(n({ who: "me", me: "bob" }), 4);
  assert.equal(n({ who: "me", me: null }), 14, "'me' without a choice hides nothing");
  assert.equal(n({ edited: true }), 2);
  assert.equal(n({ picks: true }), 3);
  assert.equal(n({ who: "alice", picks: true }), 3);
  // A photo several participants had counts for each of them.
  assert.equal(photoFilter({ who: "dan" })({ contributor: "carol", contributors: ["carol", "dan"] }), true);
  assert.equal(filterIsEmpty({ who: "all" }), true);
  assert.equal(filterIsEmpty({ who: "me", me: null }), true);
  assert.equal(filterIsEmpty({ who: "alice" }), false);
  assert.equal(filterIsEmpty({ who: "all", edited: true }), false);
});

test("counters: picks per chapter, selection per chapter, edited captions, groups", () => {
  const tr = trip();
  const m = buildModel(tr);
  assert.deepEqual([...picksPerChapter(tr, m)], [["angers", 3], ["nantes", 0]]);
  const wired = { ...tr, picksPerChapter: { angers: 1, nantes: 7 } };
  assert.deepEqual([...picksPerChapter(wired, m)], [["angers", 1], ["nantes", 7]]);
  assert.deepEqual([...selectionPerChapter([0, 1, 12, 99], m)], [["angers", 2], ["nantes", 1]]);
  assert.equal(editedCaptions(m), 2);
  assert.deepEqual(groupMembers(m, m.photos[12]).map((p) => p.id), [12, 13]);
  assert.deepEqual(groupMembers(m, m.photos[0]).map((p) => p.id), [0]);
});

test("group badges: kind, size, who had the photo", () => {
  assert.equal(groupBadge({ group: null }), null);
  assert.equal(groupBadge({ group: "g", groupKind: "near", groupSize: 1 }), null, "a group of one is no group");
  assert.deepEqual(groupBadge({ group: "g", groupKind: "near", groupSize: 2, contributors: ["nadia"] }), { kind: "near", size: 2, contributors: ["nadia"] });
  assert.deepEqual(groupBadge({ group: "g", groupKind: "burst", groupSize: 4 }), { kind: "burst", size: 4, contributors: [] });
  // An exact duplicate collapsed to one photo: as many as the participants who had it.
  assert.deepEqual(groupBadge({ group: "g", groupKind: "exact", groupSize: 0, contributors: ["a", "b", "c"] }), { kind: "exact", size: 3, contributors: ["a", "b", "c"] });
  assert.equal(groupBadge({ group: "g", groupKind: "weird", groupSize: 2 }).kind, "near");
  i18n.setLang("fr");
  assert.equal(i18n.t("kind.near"), "copie");
  assert.equal(i18n.t("kind.burst"), "rafale");
  assert.equal(i18n.t("kind.exact"), "doublon");
  i18n.setLang("en");
  assert.equal(i18n.t("kind.near"), "copy");
  i18n.setLang("fr");
});

test("compare view: the group it stands for, photos split off it, picks total", () => {
  const tr = trip();
  const m = buildModel(tr);
  assert.equal(compareGroup(m, [12, 13]), "g1");
  m.photos[13] = { ...m.photos[13], group: null };
  assert.equal(compareGroup(m, [12, 13]), "g1");
  assert.equal(isAlone(m.photos[13], "g1"), true, "no group any more: split off");
  assert.equal(isAlone(m.photos[12], "g1"), false);
  assert.equal(isAlone({ group: "g2" }, "g1"), true, "in another group");
  assert.equal(isAlone({ group: null, alone: false }, "g1"), false, "the wire's own flag wins");
  assert.equal(compareGroup(m, [0, 1]), null);
  assert.equal(picksTotal(picksPerChapter(tr, m)), 3);
  assert.equal(picksTotal(new Map()), 0);
});

test("undo labels in both languages", () => {
  i18n.setLang("fr");
  assert.equal(undoText(i18n.t, null), "Annuler");
  assert.equal(undoText(i18n.t, "rename"), "Annuler : le renommage du chapitre");
  assert.equal(undoText(i18n.t, "edit.clock"), "Annuler : l’horloge d’un appareil");
  assert.equal(undoText(i18n.t, "caption", true), "Rétablir : la légende");
  assert.equal(undoText(i18n.t, "Renommer « Angers »"), "Annuler : Renommer « Angers »");
  assert.equal(undoText(i18n.t, { key: "merge" }), "Annuler : la fusion des chapitres");
  assert.equal(undoText(i18n.t, "select"), "Annuler : la sélection automatique");
  assert.equal(undoText(i18n.t, "best"), "Annuler : le choix de la meilleure photo");
  assert.equal(undoText(i18n.t, "alone", true), "Rétablir : la séparation du groupe");
  i18n.setLang("en");
  assert.equal(undoText(i18n.t, "rename"), "Undo chapter rename");
  assert.equal(undoText(i18n.t, null, true), "Redo");
  assert.equal(undoText(i18n.t, "best"), "Undo best shot choice");
  i18n.setLang("fr");
});

test("progress texts and bar values", () => {
  i18n.setLang("fr");
  const p = (x) => progressView(i18n.t, i18n.number, x);
  assert.deepEqual(p(null), { text: "Démarrage de l’analyse…", value: null, max: 1 });
  assert.equal(p({ phase: "walking", found: 1200 }).text, "Recherche des fichiers… 1\u00a0200 trouvés");
  assert.deepEqual(p({ phase: "reading", done: 5, total: 10 }), { text: "Lecture des métadonnées… 5 / 10", value: 5, max: 10 });
  assert.equal(p({ phase: "rendering", done: 3, total: 9 }).text, "Préparation des images… 3 / 9");
  assert.equal(p({ phase: "done", photos: 150, skipped: 2 }).text, "Terminé : 150 photos");
  assert.equal(p({ phase: "weird" }).value, null);
});

test("background curation: a line with a bar until the trip is curated, nothing after", () => {
  i18n.setLang("fr");
  const c = (curated, p) => curationView(i18n.t, i18n.number, curated, p);
  assert.equal(c(true, { phase: "rendering", done: 3, total: 9 }), null);
  assert.deepEqual(c(false, null), { text: "Comparaison des photos…", value: null, max: 1 });
  assert.deepEqual(c(false, { phase: "rendering", done: 2500, total: 10000 }), { text: "Comparaison des photos (doublons, rafales)… 2\u00a0500 / 10\u00a0000", value: 2500, max: 10000 });
  // Progress past the total (a late message) never overflows the bar.
  assert.equal(c(false, { phase: "rendering", done: 12, total: 9 }).value, 9);
  i18n.setLang("en");
  assert.equal(c(false, { phase: "rendering", done: 1, total: 2 }).text, "Comparing photos (duplicates, bursts)… 1 / 2");
  i18n.setLang("fr");
});

test("errors become sentences, by code when known", () => {
  i18n.setLang("fr");
  const e = (x) => errorText(i18n.t, i18n.has, x);
  assert.equal(e({ code: "unavailable", message: "curation core not built" }), "Cette fonction n’est pas encore disponible dans cette version de Recap.");
  assert.equal(e({ code: "io", message: "disk full" }), "Erreur de lecture ou d’écriture : disk full");
  assert.equal(e({ code: "strange", message: "boom" }), "Erreur : boom");
  assert.equal(e("plain"), "Erreur : plain");
  i18n.setLang("en");
  assert.equal(e({ code: "cancelled", message: "x" }), "Cancelled.");
  i18n.setLang("fr");
});

test("small helpers", () => {
  assert.equal(cameraName("Canon", "Canon EOS 80D"), "Canon EOS 80D");
  assert.equal(cameraName("Apple", "iPhone 6s"), "Apple iPhone 6s");
  assert.equal(cameraName(null, ""), null);
  assert.equal(baseName("/a/b/Étienne/"), "Étienne");
  assert.equal(baseName("C:\\x\\Marie"), "Marie");
  assert.deepEqual(reorder(["a", "b", "c"], 1, -1), ["b", "a", "c"]);
  assert.deepEqual(reorder(["a", "b", "c"], 2, 1), ["a", "b", "c"]);
  assert.deepEqual(moveItem(["a", "b", "c", "d"], "d", "b"), ["a", "d", "b", "c"]);
  assert.deepEqual(moveItem(["a", "b", "c", "d"], "a", "c"), ["b", "c", "a", "d"]);
});
