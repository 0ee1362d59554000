// The virtual grid's geometry: rows of fixed-size square cells under day
// headers and moment sub-headers, as absolute positions in one tall canvas.
// Pure: the DOM side (ui/app/grid.js) only draws the rows `visibleRange`
// returns.

export const DEFAULTS = Object.freeze({
  minCell: 150, // px; the cell grows to fill the width exactly
  maxCell: 240,
  gap: 4,
  dayHeader: 56,
  momentHeader: 30,
  sectionGap: 12,
  padding: 0,
});

/** Columns and cell size for a grid `width` px wide. */
export function gridMetrics(width, opts = {}) {
  const o = { ...DEFAULTS, ...opts };
  const w = Math.max(0, width - 2 * o.padding);
  let cols = Math.max(1, Math.floor((w + o.gap) / (o.minCell + o.gap)));
  // Very wide windows: more columns rather than huge cells.
  while ((w - o.gap * (cols - 1)) / cols > o.maxCell) cols += 1;
  const cell = Math.max(1, Math.floor((w - o.gap * (cols - 1)) / cols));
  return { cols, cell, gap: o.gap };
}

/**
 * Lays out `sections` (from model.buildSections) for a `width` px grid.
 * Returns `{cols, cell, gap, rows, height, photoRow}`:
 * - `rows[i] = {kind: "day"|"moment"|"photos", top, height, section, moment?, from?, to?}`
 *   (`from`/`to` index the shown photos), sorted by `top`;
 * - `photoRow[k]` the row index holding shown photo `k`.
 */
export function layoutGrid(sections, width, opts = {}) {
  const o = { ...DEFAULTS, ...opts };
  const { cols, cell, gap } = gridMetrics(width, o);
  const rows = [];
  const total = sections.length ? sections[sections.length - 1].to : 0;
  const photoRow = new Int32Array(total);
  let y = o.padding;
  sections.forEach((s, si) => {
    if (si > 0) y += o.sectionGap;
    rows.push({ kind: "day", top: y, height: o.dayHeader, section: si });
    y += o.dayHeader;
    s.moments.forEach((m, mi) => {
      rows.push({ kind: "moment", top: y, height: o.momentHeader, section: si, moment: mi });
      y += o.momentHeader;
      for (let from = m.from; from < m.to; from += cols) {
        const to = Math.min(m.to, from + cols);
        const r = rows.length;
        for (let k = from; k < to; k++) photoRow[k] = r;
        rows.push({ kind: "photos", top: y, height: cell, section: si, moment: mi, from, to });
        y += cell + gap;
      }
    });
  });
  return { cols, cell, gap, rows, height: y + o.padding, photoRow };
}

/** Index of the last row whose top is <= y (0 when y is above everything). */
export function rowAt(rows, y) {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid].top <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Rows to draw for a viewport at `scrollTop`, `viewport` px tall, with
 * `overscan` px drawn above and below: `{start, end}` (end exclusive).
 */
export function visibleRange(layout, scrollTop, viewport, overscan = 0) {
  const { rows } = layout;
  if (!rows.length) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop - overscan);
  const bottom = scrollTop + viewport + overscan;
  let start = rowAt(rows, top);
  // The row straddling `top` is visible even if it started above it.
  if (start > 0 && rows[start].top > top) start -= 1;
  let end = start;
  while (end < rows.length && rows[end].top < bottom) end += 1;
  return { start, end: Math.max(end, start + 1) };
}

/** Position of shown photo `k`: `{top, left, width, height}`. */
export function cellRect(layout, k) {
  const row = layout.rows[layout.photoRow[k]];
  const col = k - row.from;
  return { top: row.top, left: col * (layout.cell + layout.gap), width: layout.cell, height: layout.cell };
}

/**
 * The scroll offset that brings shown photo `k` into a viewport at
 * `scrollTop`, `viewport` px tall, or null when it is already fully visible.
 * `margin` keeps it clear of the edges (and of a sticky header).
 */
export function revealPhoto(layout, k, scrollTop, viewport, margin = 0) {
  const r = cellRect(layout, k);
  if (r.top - margin < scrollTop) return Math.max(0, r.top - margin);
  if (r.top + r.height + margin > scrollTop + viewport) return Math.max(0, r.top + r.height + margin - viewport);
  return null;
}

/** Top of the day header of section `si` (where "go to this day" scrolls). */
export function sectionTop(layout, si) {
  for (const r of layout.rows) if (r.kind === "day" && r.section === si) return r.top;
  return 0;
}

/** The section at the top of a viewport scrolled to `scrollTop` (for the sidebar's "you are here"). */
export function sectionAt(layout, scrollTop) {
  const i = rowAt(layout.rows, scrollTop + 1);
  return i < 0 ? -1 : layout.rows[i].section;
}

/**
 * Where to scroll after new data so the user stays where they were.
 * `anchor` is what was at the top before: a photo (`k`, its shown index now,
 * -1 if hidden), how far its row was from the top (`delta`), the key of its
 * day (`section`) and how far that day's header was (`sectionDelta`).
 * The photo is followed while it stays in its day; when it left the day (a
 * clock correction moved it) or is hidden, the day stays on screen instead.
 * Returns a scrollTop, or null when neither is there any more.
 */
export function anchorScroll(layout, sections, anchor, k) {
  const sectionOf = (i) => sections.findIndex((s) => i >= s.from && i < s.to);
  const si = anchor.section === undefined ? -1 : sections.findIndex((s) => s.key === anchor.section);
  if (k >= 0 && (si < 0 || sectionOf(k) === si)) return Math.max(0, cellRect(layout, k).top - anchor.delta);
  if (si >= 0) return Math.max(0, sectionTop(layout, si) - anchor.sectionDelta);
  return k >= 0 ? Math.max(0, cellRect(layout, k).top - anchor.delta) : null;
}

/** Miniatures a row (and rows) in one mosaic image of the shell's `thumb` scheme. */
export const MOSAIC_SIDE = 32;

/**
 * Where photo `id`'s colour miniature sits: the mosaic's address (beside
 * the photo's thumbnail address `…/<generation>/<id>`) and the CSS
 * background position that shows just its tile when the background is
 * sized MOSAIC_SIDE times the cell (3200 %): p % aligns the image's p %
 * point with the box's, so tile c of n shows at c / (n − 1).
 */
export function mosaicTile(thumb, id) {
  if (!thumb || !Number.isInteger(id) || id < 0) return null;
  const slash = thumb.lastIndexOf("/");
  if (slash < 0) return null;
  const per = MOSAIC_SIDE * MOSAIC_SIDE;
  const i = id % per;
  const pct = (n) => `${Math.round((n * 100 * 1000) / (MOSAIC_SIDE - 1)) / 1000}%`;
  return {
    url: `${thumb.slice(0, slash)}/mosaic/${Math.floor(id / per)}`,
    pos: `${pct(i % MOSAIC_SIDE)} ${pct(Math.floor(i / MOSAIC_SIDE))}`,
  };
}
