// The trip as the UI walks it: every planned photo once, in plan order, with
// where it sits (chapter, day, moment). Pure; built once per TripWire.

/**
 * @param {object} trip TripWire
 * @returns {{photos: object[], byId: Map<number, number>, chapters: object[], chapterOf: Map<number,string>}}
 *   `photos[i]` is the PlannedPhotoWire plus `chapter`, `date`, `moment` (ids), `index`.
 */
export function buildModel(trip) {
  const chapters = (trip && trip.plan && trip.plan.chapters) || [];
  const photos = [];
  const byId = new Map();
  const chapterOf = new Map();
  for (const c of chapters) {
    for (const d of c.days || []) {
      (d.moments || []).forEach((m, mi) => {
        const momentId = m.id ?? `${c.id}/${d.date}/${mi}`;
        for (const p of m.photos || []) {
          const id = typeof p.id === "number" ? p.id : photos.length;
          const entry = { ...p, id, chapter: c.id, date: d.date, moment: momentId, index: photos.length };
          byId.set(id, photos.length);
          chapterOf.set(id, c.id);
          photos.push(entry);
        }
      });
    }
  }
  return { photos, byId, chapters, chapterOf };
}

/**
 * Sections for the grid: one per day, moments inside, only the photos `keep`
 * accepts. `shown` are the model indices of the photos on screen, in order;
 * a moment's `from`/`to` index into `shown`.
 */
export function buildSections(model, keep = () => true) {
  const shown = [];
  const sections = [];
  for (const c of model.chapters) {
    for (const d of c.days || []) {
      const moments = [];
      (d.moments || []).forEach((m, mi) => {
        const from = shown.length;
        for (const p of m.photos || []) {
          const idx = model.byId.get(typeof p.id === "number" ? p.id : -1);
          const i = idx ?? findIndex(model, c.id, d.date, p);
          if (i !== undefined && i >= 0 && keep(model.photos[i])) shown.push(i);
        }
        if (shown.length > from) {
          moments.push({ id: m.id ?? `${c.id}/${d.date}/${mi}`, title: m.title || null, place: m.place || null, start: m.start, end: m.end, from, to: shown.length });
        }
      });
      if (moments.length) {
        sections.push({ key: `${c.id}/${d.date}`, chapter: c.id, chapterTitle: c.title, date: d.date, place: d.place ?? mostCommonPlace(moments), moments, from: moments[0].from, to: moments[moments.length - 1].to });
      }
    }
  }
  return { shown, sections };
}

// Without ids (old shells), photos are matched by path.
function findIndex(model, chapter, date, p) {
  return model.photos.findIndex((q) => q.chapter === chapter && q.date === date && q.path === p.path);
}

function mostCommonPlace(moments) {
  const n = new Map();
  for (const m of moments) if (m.place) n.set(m.place, (n.get(m.place) || 0) + (m.to - m.from));
  let best = null;
  for (const [k, v] of n) if (best === null || v > n.get(best)) best = k;
  return best;
}

/** The device list with its photos, for the clocks panel (DeviceWire + how many placed photos). */
export function devicePhotos(model) {
  const n = new Map();
  for (const p of model.photos) if (p.device) n.set(p.device, (n.get(p.device) || 0) + 1);
  return n;
}
