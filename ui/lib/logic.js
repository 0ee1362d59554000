// Small pure pieces of the UI: offset input, filters, counters, undo labels,
// progress and error texts. `t`/`number` are passed in (./i18n.js in the app).

// ---- clock offset input ------------------------------------------------------

/** The core's limit (`DeviceOffset::MAX_MINUTES`), for when the trip does not say it (`maxOffsetMinutes`). */
export const MAX_OFFSET_MINUTES = 48 * 60;

/**
 * Parses what a user types as a clock correction into minutes.
 * Accepts "+6 h", "6h", "-5 h 30", "−5h30", "6:00", "-5:30", "+6" (hours when
 * |n| <= 24 and no unit), "-360" (minutes when |n| > 24), "90 min", "2 j" /
 * "2 d" (days), "1 j 3 h", "6,5 h" / "6.5 h". Returns `{minutes}` or `{error}`
 * with an i18n key ("offset.empty" | "offset.syntax" | "offset.range"); more
 * than `max` minutes either way is out of range, as the core would refuse it.
 */
export function parseOffset(input, max = MAX_OFFSET_MINUTES) {
  if (!Number.isFinite(max) || max < 0) max = MAX_OFFSET_MINUTES;
  let s = String(input ?? "").trim().toLowerCase().replace(/[−–—]/g, "-").replace(/\s+/g, " ");
  if (!s) return { error: "offset.empty" };
  let sign = 1;
  if (s[0] === "+" || s[0] === "-") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1).trim();
  }
  if (!s) return { error: "offset.syntax" };
  let minutes;
  let m;
  if ((m = /^(\d{1,5}):([0-5]\d)$/.exec(s))) {
    minutes = Number(m[1]) * 60 + Number(m[2]);
  } else if ((m = /^(\d+(?:[.,]\d+)?)$/.exec(s))) {
    const n = Number(m[1].replace(",", "."));
    minutes = n <= 24 ? n * 60 : n;
  } else {
    // A sequence of "<number> <unit>" parts; a bare trailing number after hours is minutes ("5 h 30").
    const re = /(\d+(?:[.,]\d+)?) ?(jours?|days?|j|d|heures?|hours?|hrs|hr|h|minutes?|min|mn|m)?/y;
    minutes = 0;
    let pos = 0;
    let lastUnit = null;
    let parts = 0;
    while (pos < s.length) {
      if (s[pos] === " ") { pos += 1; continue; }
      re.lastIndex = pos;
      const p = re.exec(s);
      if (!p) return { error: "offset.syntax" };
      pos = re.lastIndex;
      const n = Number(p[1].replace(",", "."));
      let unit = p[2] ? p[2][0] : null;
      if (unit === null) {
        if (lastUnit === "h") unit = "m";
        else return { error: "offset.syntax" };
      }
      if (unit === "j") unit = "d";
      if (unit === lastUnit) return { error: "offset.syntax" };
      minutes += unit === "d" ? n * 1440 : unit === "h" ? n * 60 : n;
      lastUnit = unit;
      parts += 1;
    }
    if (!parts) return { error: "offset.syntax" };
  }
  minutes = Math.round(minutes) * sign;
  if (Object.is(minutes, -0)) minutes = 0;
  if (!Number.isFinite(minutes)) return { error: "offset.syntax" };
  if (Math.abs(minutes) > max) return { error: "offset.range" };
  return { minutes };
}

// ---- filters ----------------------------------------------------------------

/**
 * The grid's filter: `{who: "all" | "me" | <participant folder>, me: folder|null,
 * edited: bool, picks: bool}` → a predicate over model photos.
 */
export function photoFilter({ who = "all", me = null, edited = false, picks = false } = {}) {
  const person = who === "me" ? me : who === "all" ? null : who;
  return (p) => {
    if (person !== null && person !== undefined) {
      const all = Array.isArray(p.contributors) && p.contributors.length ? p.contributors : [p.contributor];
      if (!all.includes(person)) return false;
    }
    if (edited && !p.captionEdited) return false;
    if (picks && p.pick !== "pick") return false;
    return true;
  };
}

/** True when the filter hides nothing. */
export function filterIsEmpty(f) {
  return (!f.who || f.who === "all" || (f.who === "me" && !f.me)) && !f.edited && !f.picks;
}

// ---- counters -----------------------------------------------------------------

/** Picks per chapter id: the wire's `picksPerChapter` when present, else counted from the photos. */
export function picksPerChapter(trip, model) {
  const out = new Map();
  for (const c of model.chapters) out.set(c.id, 0);
  const wire = trip && trip.picksPerChapter;
  if (wire && typeof wire === "object") {
    for (const c of model.chapters) {
      const v = typeof c.picks === "number" ? c.picks : wire[c.id];
      if (typeof v === "number") out.set(c.id, v);
    }
    return out;
  }
  for (const p of model.photos) if (p.pick === "pick") out.set(p.chapter, (out.get(p.chapter) || 0) + 1);
  return out;
}

/**
 * Photos each day of each chapter shows under the active filters: the
 * sidebar's counts, so that "12" beside a day means 12 photos in the grid.
 * Keys are `${chapter}\u0000${date}`; `chapters` counts per chapter id.
 */
export function filteredCounts(model, keep) {
  const days = new Map();
  const chapters = new Map();
  for (const c of model.chapters) {
    chapters.set(c.id, 0);
    for (const d of c.days || []) days.set(dayKey(c.id, d.date), 0);
  }
  for (const p of model.photos) {
    if (!keep(p)) continue;
    const k = dayKey(p.chapter, p.date);
    days.set(k, (days.get(k) || 0) + 1);
    chapters.set(p.chapter, (chapters.get(p.chapter) || 0) + 1);
  }
  return { days, chapters };
}

/** The key of a chapter's day in `filteredCounts(…).days`. */
export function dayKey(chapter, date) {
  return `${chapter}\u0000${date}`;
}

/** Selected photo ids counted per chapter id. */
export function selectionPerChapter(selectedIds, model) {
  const out = new Map();
  for (const id of selectedIds) {
    const c = model.chapterOf.get(id);
    if (c !== undefined) out.set(c, (out.get(c) || 0) + 1);
  }
  return out;
}

/** How many photos have a caption edited by hand. */
export function editedCaptions(model) {
  let n = 0;
  for (const p of model.photos) if (p.captionEdited) n += 1;
  return n;
}

/** The sum of a picks-per-chapter map. */
export function picksTotal(perChapter) {
  let n = 0;
  for (const v of perChapter.values()) n += v;
  return n;
}

/**
 * What a cell's group badge says, or null: `{kind: "exact"|"near"|"burst",
 * size, contributors}`. An exact duplicate collapsed to one photo still gets a
 * badge when several participants had it.
 */
export function groupBadge(p) {
  if (!p || !p.group) return null;
  const contributors = Array.isArray(p.contributors) ? p.contributors.filter(Boolean) : [];
  const kind = ["exact", "near", "burst"].includes(p.groupKind) ? p.groupKind : "near";
  const size = Math.max(Number(p.groupSize) || 0, kind === "exact" ? contributors.length : 0);
  if (size < 2) return null;
  return { kind, size, contributors };
}

/**
 * The group a compare view stands for: the most common group among its
 * photos (a photo split off it, or put back, keeps its place in the view).
 */
export function compareGroup(model, ids) {
  const n = new Map();
  for (const id of ids) {
    const i = model.byId.get(id);
    const g = i === undefined ? null : model.photos[i].group;
    if (g) n.set(g, (n.get(g) || 0) + 1);
  }
  let best = null;
  for (const [g, k] of n) if (best === null || k > n.get(best)) best = g;
  return best;
}

/** True when `p` is split off `group` (the wire's `alone` when it has it). */
export function isAlone(p, group) {
  if (typeof p.alone === "boolean") return p.alone;
  return !p.group || (group !== null && p.group !== group);
}

/** The members of photo `p`'s group, in plan order (just `[p]` without a group). */
export function groupMembers(model, p) {
  if (!p || !p.group) return p ? [p] : [];
  return model.photos.filter((q) => q.group === p.group);
}

// ---- undo / redo labels -----------------------------------------------------------

const EDIT_KINDS = new Set(["clock", "rename", "merge", "split", "order", "move", "participant", "mission", "homeZone", "caption",
  "template", "intro", "pick", "stars", "agenda", "select", "best", "alone", "personAdd", "personRemove", "personLink",
  "personUnlink", "storyText", "storyPhotos", "storyCover"]);

/**
 * The undo (or redo) button's text. `label` is the wire's `undoLabel`: null,
 * an edit kind ("rename"), "edit.rename", an object `{key, args}`, or any
 * other text shown as is.
 */
export function undoText(t, label, redo = false) {
  const base = redo ? "redo" : "undo";
  if (label === null || label === undefined || label === "") return t(base);
  let what;
  if (typeof label === "object") {
    const key = String(label.key || label.kind || "");
    const k = key.replace(/^edit\./, "");
    what = EDIT_KINDS.has(k) ? t("edit." + k, label.args) : t(key, label.args);
  } else {
    const k = String(label).replace(/^edit\./, "");
    what = EDIT_KINDS.has(k) ? t("edit." + k) : String(label);
  }
  return t(redo ? "redoWhat" : "undoWhat", { what });
}

// ---- progress -------------------------------------------------------------------

/** `{text, value, max}` for a ProgressWire (value null = indeterminate). */
export function progressView(t, number, p, fallbackKey = "starting") {
  if (!p || !p.phase) return { text: t(fallbackKey), value: null, max: 1 };
  const total = Number(p.total) || 0;
  switch (p.phase) {
    case "walking":
      return { text: t("walking", { found: number(p.found ?? 0) }), value: null, max: 1 };
    case "reading":
    case "rendering":
    case "analysing":
      return { text: t(p.phase, { done: number(p.done ?? 0), total: number(total) }), value: Math.min(p.done ?? 0, total), max: Math.max(total, 1) };
    case "exported":
      return { text: t("exported", { written: number(p.written ?? 0), failed: number(p.failed ?? 0) }), value: 1, max: 1 };
    case "done":
      return { text: t("done", { photos: number(p.photos ?? 0) }), value: 1, max: 1 };
    default:
      return { text: t(fallbackKey), value: null, max: 1 };
  }
}

/**
 * The sidebar's line while a trip is curated in the background, or null
 * once it is (then nothing shows).
 */
export function curationView(t, number, curated, p) {
  if (curated) return null;
  if (!p || p.phase !== "rendering" || !(Number(p.total) > 0)) return { text: t("curatingStart"), value: null, max: 1 };
  const total = Number(p.total);
  const done = Math.min(Number(p.done) || 0, total);
  return { text: t("curating", { done: number(done), total: number(total) }), value: done, max: total };
}

// ---- errors -------------------------------------------------------------------------

/** An IpcError `{code, message}` (or anything thrown) as one plain sentence. */
export function errorText(t, has, err) {
  if (err && typeof err === "object") {
    const code = err.code ? String(err.code) : "";
    const message = err.message ? String(err.message) : "";
    if (code && has("error." + code)) return t("error." + code, { message });
    if (message) return t("error.generic", { message });
    if (code) return t("error.generic", { message: code });
  }
  const s = String(err ?? "");
  return t("error.generic", { message: s || "?" });
}

// ---- misc ---------------------------------------------------------------------------

/** "Canon" + "Canon EOS 80D" → "Canon EOS 80D"; null when nothing is known. */
export function cameraName(make, model) {
  const a = (make || "").trim();
  const b = (model || "").trim();
  if (a && b.toLowerCase().startsWith(a.toLowerCase())) return b;
  return [a, b].filter(Boolean).join(" ") || null;
}

/** The last path component, for either separator. */
export function baseName(p) {
  const s = String(p || "").replace(/[\\/]+$/, "");
  const i = Math.max(s.lastIndexOf("/"), s.lastIndexOf("\\"));
  return i >= 0 ? s.slice(i + 1) : s;
}

/** Moves `ids[i]` one place up (-1) or down (+1); returns a new array (same when at the edge). */
export function reorder(ids, i, dir) {
  const j = i + dir;
  if (i < 0 || i >= ids.length || j < 0 || j >= ids.length) return ids.slice();
  const out = ids.slice();
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** Moves `from` to where `to` is (drag and drop). */
export function moveItem(ids, from, to) {
  const out = ids.slice();
  const i = out.indexOf(from);
  const j = out.indexOf(to);
  if (i < 0 || j < 0 || i === j) return out;
  out.splice(i, 1);
  out.splice(j, 0, from);
  return out;
}
