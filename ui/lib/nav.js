// Keyboard navigation over the shown photos: next/previous across moments and
// days, row up/down keeping the column, page up/down, home/end. Pure: works
// on the layout from ./layout.js. `k` indexes the shown photos.

/**
 * Where `move` leads from shown photo `k` (or from nothing when `k` < 0).
 * `move`: "next" | "prev" | "up" | "down" | "pageUp" | "pageDown" | "home" | "end".
 * `pageRows`: photo rows per page. Returns the new index (clamped), or -1 if nothing is shown.
 */
export function navigate(layout, k, move, pageRows = 3) {
  const n = layout.photoRow.length;
  if (n === 0) return -1;
  if (k < 0 || k >= n) return move === "end" || move === "prev" || move === "up" ? n - 1 : 0;
  switch (move) {
    case "next": return Math.min(n - 1, k + 1);
    case "prev": return Math.max(0, k - 1);
    case "home": return 0;
    case "end": return n - 1;
    case "up": return verticalStep(layout, k, -1, 1);
    case "down": return verticalStep(layout, k, +1, 1);
    case "pageUp": return verticalStep(layout, k, -1, Math.max(1, pageRows));
    case "pageDown": return verticalStep(layout, k, +1, Math.max(1, pageRows));
    default: return k;
  }
}

// Steps `steps` photo rows in `dir`, skipping headers, keeping the column
// (or the last photo of a shorter row). At the edges: first / last photo.
function verticalStep(layout, k, dir, steps) {
  const { rows, photoRow } = layout;
  const r0 = photoRow[k];
  const col = k - rows[r0].from;
  let r = r0;
  let left = steps;
  let last = r0;
  while (left > 0) {
    r += dir;
    if (r < 0 || r >= rows.length) break;
    if (rows[r].kind !== "photos") continue;
    last = r;
    left -= 1;
  }
  if (last === r0) return dir < 0 ? 0 : photoRow.length - 1;
  const row = rows[last];
  return Math.min(row.to - 1, row.from + col);
}

/** The move a key stands for in the grid or the viewer (null for other keys). */
export function keyToMove(key) {
  switch (key) {
    case "ArrowRight": return "next";
    case "ArrowLeft": return "prev";
    case "ArrowUp": return "up";
    case "ArrowDown": return "down";
    case "PageUp": return "pageUp";
    case "PageDown": return "pageDown";
    case "Home": return "home";
    case "End": return "end";
    default: return null;
  }
}

/**
 * Global shortcuts: `{key, ctrlKey, metaKey, shiftKey, altKey}` → an action name or null.
 * "undo" | "redo" | "open" | "close" | "reject" | "pick" | "unpick" | "stars:N" | "compare" | "best" | "alone".
 * `editing`: focus is in a text field (then only undo/redo of the app are not taken over).
 */
export function keyToAction(e, editing = false) {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey && key === "z") return editing ? null : e.shiftKey ? "redo" : "undo";
  if (mod && !e.altKey && key === "y" && !e.shiftKey) return editing ? null : "redo";
  if (editing || mod || e.altKey) return null;
  switch (key) {
    case "Enter": return "open";
    case "Escape": return "close";
    case "Delete":
    case "Backspace":
    case "x": return "reject";
    case "p": return "pick";
    case "u": return "unpick";
    case "c": return "compare";
    case "b": return "best";
    case "s": return "alone";
    case "0": case "1": case "2": case "3": case "4": case "5": return `stars:${key}`;
    default: return null;
  }
}

/** Range selection (shift-click): the shown indices from `a` to `b` inclusive. */
export function rangeBetween(a, b) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const out = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}
