// What is selected and picked: the counters above the grid, the "move to
// chapter" targets, the "Choose N photos" dialog, and the background
// curation that must finish before it (groups, badges, mosaics).

import * as i18n from "../lib/i18n.js";
import { t, count, number } from "../lib/i18n.js";
import { mosaicTile } from "../lib/layout.js";
import { picksPerChapter, picksTotal, curationView, errorText } from "../lib/logic.js";
import { $, el } from "../app/dom.js";
import * as commands from "../app/commands.js";
import { state } from "../app/state.js";
import { toast, toastError, fieldError } from "../app/view.js";
import { edit, setTrip, afterEdits, queueAfterEdits } from "../app/session.js";

let selecting = false;
let curating = null; // {generation, progress} while the open trip is curated in the background
let mosaicsFor = null; // the generation whose mosaics were fetched
let hooks = { showPicks: () => {}, focusGrid: () => {} };

// ---- counters and targets -------------------------------------------------------------------

export function renderSelectionCount() {
  const n = state.selected.size;
  $("selection-count").textContent = n > 1 ? count(n, "selectedCount") : "";
}

export function renderPicksTotal() {
  const n = picksTotal(picksPerChapter(state.trip, state.model));
  const node = $("picks-total");
  node.textContent = count(n, "picksTotal");
  node.dataset.picks = String(n);
}

/** The photos an action applies to: the selection if the cursor is in it, else the cursor's photo. */
export function targetIds() {
  if (state.selected.size && (state.cursorId === null || state.selected.has(state.cursorId))) return [...state.selected];
  return state.cursorId === null ? [] : [state.cursorId];
}

export function renderMoveTargets() {
  const { model } = state;
  const target = $("move-target");
  const opts = document.createDocumentFragment();
  for (const c of model.chapters) {
    const o = el("option", null, c.title);
    o.value = c.id;
    opts.append(o);
  }
  const prev = target.value;
  target.replaceChildren(opts);
  if (prev && model.chapters.some((c) => c.id === prev)) target.value = prev;
}

// ---- "Choose N photos" ------------------------------------------------------------------------

export function renderSelectN() {
  const n = Math.round(Number($("select-n").value)) || 0;
  $("select-go").textContent = selecting ? t("selectRunning") : t("selectNBtn", { n: number(n) });
  $("select-go").disabled = selecting;
}

// ---- background curation: the trip shows first, groups and badges follow ------------

export async function curateInBackground(trip) {
  if (!trip || trip.curated !== false) return;
  const generation = trip.generation;
  if (curating && curating.generation === generation) return;
  curating = { generation, progress: null };
  renderCuration();
  const mine = () => curating && curating.generation === generation;
  try {
    const done = await commands.curateTrip(generation, (p) => {
      if (!mine()) return;
      curating.progress = p;
      renderCuration();
    });
    // Fetched after any edit still on its way, so the newest state wins.
    if (done) {
      await queueAfterEdits(async () => {
        const next = await commands.trip();
        if (next && state.trip && next.generation === state.trip.generation) setTrip(next);
      });
    }
  } catch (err) {
    if (mine()) toastError(err);
  } finally {
    if (mine()) curating = null;
    renderCuration();
  }
}

/** Fetches the trip's mosaics of miniatures once, so fast scrolling paints them at once. */
function preloadMosaics() {
  const trip = state.trip;
  if (!trip || !trip.curated || mosaicsFor === trip.generation) return;
  mosaicsFor = trip.generation;
  const urls = new Set();
  for (const p of state.model.photos) {
    const tile = mosaicTile(p.thumb, p.id);
    if (tile) urls.add(tile.url);
  }
  for (const url of urls) {
    const img = new Image();
    img.src = url;
  }
}

export function renderCuration() {
  preloadMosaics();
  const curated = !state.trip || state.trip.curated !== false;
  const v = curationView(t, number, curated, curating && curating.progress);
  $("curation-status").hidden = !v;
  if (v) {
    $("curation-text").textContent = v.text;
    const bar = $("curation-bar");
    bar.max = v.max;
    if (v.value === null) bar.removeAttribute("value");
    else bar.value = v.value;
  }
  document.body.dataset.curated = String(curated);
  $("select-open").disabled = !curated;
  $("select-open").title = curated ? "" : t("curatingWait");
}

/** @param {{showPicks: () => void, focusGrid: () => void}} h showPicks: the grid with the picks filter on */
export function init(h) {
  hooks = h;

  $("move-go").addEventListener("click", () => {
    const ids = targetIds();
    if (!ids.length) return toast(t("moveToNone"));
    edit({ kind: "move", photos: ids, chapter: $("move-target").value });
  });

  // "Choose N photos": the core's balanced selection, written as picks (one undo step).
  $("select-open").addEventListener("click", () => {
    $("select-error").hidden = true;
    $("select-summary").hidden = true;
    renderSelectN();
    $("select-dialog").showModal();
    $("select-n").focus();
    $("select-n").select();
  });
  $("select-close").addEventListener("click", () => $("select-dialog").close());

  $("select-go").addEventListener("click", async () => {
    if (selecting) return;
    const n = Math.round(Number($("select-n").value));
    if (!(n > 0)) {
      fieldError($("select-error"), () => t("selectNLabel"));
      $("select-n").focus();
      return;
    }
    selecting = true;
    $("select-error").hidden = true;
    $("select-summary").hidden = true;
    renderSelectN();
    await afterEdits();
    try {
      const trip = await commands.selectPhotos(n, $("select-replace").checked);
      setTrip(trip);
      const total = picksTotal(picksPerChapter(state.trip, state.model));
      $("select-summary-text").textContent = t("selectDone", { picks: count(total, "pickCount") });
      $("select-summary").hidden = false;
      $("select-show-picks").focus();
    } catch (err) {
      fieldError($("select-error"), () => errorText(t, i18n.has, err));
    } finally {
      selecting = false;
      renderSelectN();
    }
  });
  $("select-n").addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); $("select-go").click(); }
  });
  $("select-show-picks").addEventListener("click", () => {
    hooks.showPicks();
    $("select-dialog").close();
    hooks.focusGrid();
  });
  $("select-n").addEventListener("input", renderSelectN);
}
