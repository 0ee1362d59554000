// The Récit tab's pure logic: which edit a change of text or of a day's
// photos sends, the photos a day can still take, and the words a keyboard
// move announces. No DOM; unit-tested in tests/ui/story.test.mjs.

/** The core's limits (src/edit.rs): a longer text or list is refused there, so the UI stops before. */
export const MAX_TEXT_CHARS = 10_000;
export const MAX_DAY_PHOTOS = 60;

/** The edit target of a story text as the shell parses it ("title", "day:2017-06-06", "chapter:ID"). */
export function target(kind, id) {
  if (kind === "day") return `day:${id}`;
  if (kind === "chapter") return `chapter:${id}`;
  return kind;
}

/**
 * The edit a text field sends when it loses focus or its typing pauses, or
 * null when there is nothing to save. A blank field goes back to the draft
 * (text: null), but only when the shown text was the user's: blanking a
 * draft would save nothing and still cost an undo step.
 * @param {string} tgt a target() string @param {string} lang "fr" | "en"
 * @param {string} typed the field's value @param {{text: string, draft: boolean}} shown what the story says now
 */
export function textEdit(tgt, lang, typed, shown) {
  const value = String(typed ?? "").trim();
  const current = shown ? String(shown.text ?? "").trim() : "";
  const draft = !shown || shown.draft !== false;
  if (!value) return draft ? null : { kind: "storyText", target: tgt, lang, text: null };
  if (value === current) return null;
  return { kind: "storyText", target: tgt, lang, text: value.slice(0, MAX_TEXT_CHARS) };
}

/** Back to Recap's draft for that text. */
export function draftEdit(tgt, lang) {
  return { kind: "storyText", target: tgt, lang, text: null };
}

/** A day's photo list as the user leaves it: the edit, or null when it did not change. */
export function photosEdit(day, before, after) {
  if (sameList(before, after)) return null;
  return { kind: "storyPhotos", day, photos: after.slice(0, MAX_DAY_PHOTOS) };
}

export function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `ids` with `id` moved `dir` places (-1 earlier, +1 later); the same order at either end. */
export function moveBy(ids, id, dir) {
  const i = ids.indexOf(id);
  const j = i + dir;
  if (i < 0 || j < 0 || j >= ids.length) return ids.slice();
  const out = ids.slice();
  out.splice(i, 1);
  out.splice(j, 0, id);
  return out;
}

/**
 * `ids` with `id` dropped where `onto` is (drag and drop): before it when
 * dragged from further on, after it when dragged from earlier, so that a
 * drop on the neighbour always swaps the two.
 */
export function dropOn(ids, id, onto) {
  const i = ids.indexOf(id);
  const j = ids.indexOf(onto);
  if (i < 0 || j < 0 || i === j) return ids.slice();
  const out = ids.slice();
  out.splice(i, 1);
  out.splice(j, 0, id);
  return out;
}

export function without(ids, id) {
  return ids.filter((x) => x !== id);
}

/** `ids` with `id` at the end, unless it is there already or the day is full. */
export function withPhoto(ids, id) {
  if (ids.includes(id) || ids.length >= MAX_DAY_PHOTOS) return ids.slice();
  return [...ids, id];
}

/**
 * The photos of day `date` (model photos from ../lib/model.js, in plan order)
 * that the story does not show yet: what "add a photo" offers. Rejected
 * photos are left out, as every export leaves them.
 */
export function candidates(model, date, shown) {
  const on = new Set(shown);
  return ((model && model.photos) || []).filter((p) => p.date === date && !on.has(p.id) && p.pick !== "reject");
}

/** Every photo the story shows, once, in story order: what the cover can be chosen from. */
export function storyPhotos(story) {
  const seen = new Set();
  const out = [];
  for (const c of (story && story.chapters) || []) {
    for (const d of c.days || []) {
      for (const p of d.photos || []) {
        if (!seen.has(p.id)) {
          seen.add(p.id);
          out.push(p);
        }
      }
    }
  }
  return out;
}

/** "Angers → Nantes": the route of stays as a line of text. */
export function routeText(route) {
  const names = [];
  for (const r of route || []) if (r.name && names[names.length - 1] !== r.name) names.push(r.name);
  return names.join(" → ");
}

/**
 * What a keyboard move says to a screen reader: `t` is i18n's t.
 * @param {Function} t @param {number[]} ids the new order @param {number} id the moved photo
 */
export function moveAnnouncement(t, ids, id) {
  return t("storyMoved", { pos: ids.indexOf(id) + 1, n: ids.length });
}
