// The trip's main screen: the tabs, the sidebar (chapters and days), the
// filters and the virtualised photo grid with its cursor and selection.

import { t, count, number, dayName, dateRange, getLang } from "../lib/i18n.js";
import { buildSections } from "../lib/model.js";
import { navigate, keyToMove, rangeBetween } from "../lib/nav.js";
import { photoFilter, filterIsEmpty, filteredCounts, dayKey, picksPerChapter, selectionPerChapter, reorder, moveItem } from "../lib/logic.js";
import { $, el, button, testid } from "../app/dom.js";
import { Grid } from "../app/grid.js";
import {
  state, setTab, setFilter, setMe, setCursorId, setAnchor, clearSelection, selectPhoto, toggleSelected, checkChapter,
  clearCheckedChapters,
} from "../app/state.js";
import { toast, keepFocus } from "../app/view.js";
import { edit, curate, isCurateAction, participantsOf, displayName, missionKey } from "../app/session.js";
import { renderSelectionCount, renderMoveTargets, renderPicksTotal, targetIds } from "./selection.js";

const ME_KEY = "recap.me";
export const TABS = ["photos", "clocks", "people", "captions", "story", "map", "apart"];

/** @type {Grid} */
export let grid = null;

let hooks = { openViewer: () => {}, openCompare: () => {}, tabShown: () => {} };

// ---- the trip on screen -------------------------------------------------------------------

/** Redraws the sidebar, the filters and the grid for a new state of the trip. */
export function renderTrip(trip) {
  const scan = trip.scan || { photos: [], skipped: [], participants: [] };
  $("trip-summary").textContent = t("summary", {
    photos: count(scan.photos.length, "photoCount"),
    participants: number(participantsOf(trip).length),
    skipped: number(scan.skipped.length),
  });
  renderSidebar();
  renderFilters();
  renderPicksTotal();
  applyGrid();
}

/** Another trip opened: back to its top. */
export function scrollToTop() {
  $("grid").scrollTop = 0;
  grid.render();
}

/** The participant this user said they are in this mission, remembered on this computer. */
export function savedMe(trip) {
  try {
    return localStorage.getItem(`${ME_KEY}:${missionKey(trip)}`) || null;
  } catch (_) {
    return null;
  }
}

export function focusGrid() {
  $("grid").focus({ preventScroll: true });
}

// ---- tabs ----------------------------------------------------------------------------

export function selectTab(name) {
  setTab(name);
  for (const n of TABS) {
    const tab = $("tab-" + n);
    const on = n === name;
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + n).hidden = !on;
  }
  if (name === "photos") grid.relayout();
  hooks.tabShown(name);
}

// ---- sidebar: chapters and days ----------------------------------------------------------

export function renderSidebar() {
  keepFocus($("chapters"), renderChapters);
  renderMoveTargets();
  markCurrentDay(grid.currentSection);
}

// The photos the grid shows under the filters, per day: what the sidebar counts.
function activeFilter() {
  return photoFilter({ ...state.filter, me: state.me });
}

function renderChapters() {
  const { model, trip } = state;
  const counts = filteredCounts(model, activeFilter());
  const picks = picksPerChapter(trip, model);
  const sel = selectionPerChapter(state.selected, model);
  const order = model.chapters.map((c) => c.id);
  const nav = document.createDocumentFragment();
  model.chapters.forEach((c, ci) => {
    const box = testid(el("div", "chapter " + c.kind), "chapter");
    box.dataset.chapterId = c.id;
    box.dataset.key = c.id;
    box.dataset.kind = c.kind;
    box.draggable = true;
    box.addEventListener("dragstart", (e) => {
      e.dataTransfer.setData("text/plain", c.id);
      e.dataTransfer.effectAllowed = "move";
      box.classList.add("dragging");
    });
    box.addEventListener("dragend", () => box.classList.remove("dragging"));
    box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("drop"); });
    box.addEventListener("dragleave", () => box.classList.remove("drop"));
    box.addEventListener("drop", (e) => {
      e.preventDefault();
      box.classList.remove("drop");
      const from = e.dataTransfer.getData("text/plain");
      const next = moveItem(order, from, c.id);
      if (next.join() !== order.join()) edit({ kind: "order", chapters: next });
    });

    const head = el("div", "chapter-head");
    const check = document.createElement("input");
    check.type = "checkbox";
    check.checked = state.checkedChapters.has(c.id);
    check.setAttribute("aria-label", t("selectChapter", { title: c.title }));
    testid(check, "chapter-check");
    check.addEventListener("change", () => checkChapter(c.id, check.checked));
    const title = testid(button(c.title, () => goToChapter(c), "chapter-title"), "chapter-title");
    title.title = c.title; // the whole title when two lines cut it
    title.addEventListener("dblclick", () => startRename(box, c));
    const rename = testid(button("✎", () => startRename(box, c), "icon"), "chapter-rename");
    rename.setAttribute("aria-label", `${t("renameChapter")} « ${c.title} »`);
    rename.title = t("renameChapter");
    const up = testid(button("↑", () => edit({ kind: "order", chapters: reorder(order, ci, -1) }), "icon"), "chapter-up");
    up.disabled = ci === 0;
    up.setAttribute("aria-label", t("moveUpNamed", { title: c.title }));
    up.title = t("moveUp");
    const down = testid(button("↓", () => edit({ kind: "order", chapters: reorder(order, ci, +1) }), "icon"), "chapter-down");
    down.disabled = ci === model.chapters.length - 1;
    down.setAttribute("aria-label", t("moveDownNamed", { title: c.title }));
    down.title = t("moveDown");
    const tools = el("span", "chapter-tools");
    tools.append(rename, up, down);
    head.append(check, title, tools);

    const metaParts = [c.kind === "travel" ? t("travel") : null, c.place !== c.title ? c.place : null, dateRange(c.start, c.end), count(c.photos, "photoCount")].filter(Boolean);
    const meta = testid(el("div", "chapter-meta", metaParts.join(" · ")), "chapter-meta");
    const nPicks = picks.get(c.id) || 0;
    const counters = el("div", "chapter-counters small");
    const pk = testid(el("span", "picks", count(nPicks, "pickCount")), "chapter-picks");
    pk.dataset.picks = String(nPicks);
    pk.hidden = nPicks === 0;
    counters.append(pk);
    const nSel = sel.get(c.id) || 0;
    if (nSel) counters.append(el("span", "sel", count(nSel, "selectedCount")));
    box.append(head, meta, counters);

    const days = el("ul", "days");
    for (const d of c.days) {
      const li = el("li");
      const b = testid(button(null, () => goToDay(c.id, d.date), "day"), "day");
      b.dataset.chapter = c.id;
      b.dataset.date = d.date;
      b.append(el("span", "day-name", dayName(d.date)), testid(el("span", "count", number(counts.days.get(dayKey(c.id, d.date)) ?? 0)), "day-count"));
      li.append(b);
      days.append(li);
    }
    box.append(days);
    nav.append(box);
  });
  $("chapters").replaceChildren(nav);
}

function startRename(box, c) {
  const title = box.querySelector("[data-testid='chapter-title']");
  const input = testid(document.createElement("input"), "chapter-rename-input");
  input.type = "text";
  input.value = c.title;
  input.className = "rename-input";
  input.setAttribute("aria-label", t("renameLabel"));
  let done = false;
  const finish = (save) => {
    if (done) return;
    done = true;
    const v = input.value.trim();
    if (save && v && v !== c.title) edit({ kind: "rename", chapter: c.id, title: v, lang: getLang() });
    else input.replaceWith(title);
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); finish(true); }
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); finish(false); title.focus(); }
  });
  input.addEventListener("blur", () => finish(true));
  title.replaceWith(input);
  input.focus();
  input.select();
}

function sectionIndex(chapter, date) {
  return grid.sections.findIndex((s) => s.chapter === chapter && (!date || s.date === date));
}

function goToDay(chapter, date) {
  selectTab("photos");
  const si = sectionIndex(chapter, date);
  if (si < 0) {
    toast(t("noMatch"));
    return;
  }
  grid.scrollToSection(si);
  const k = grid.sections[si].from;
  setCursor(k, false);
  focusGrid();
}

/** Shows the chapter's first day in the grid. */
export function goToChapter(c) {
  if (c.days.length) goToDay(c.id, c.days[0].date);
}

function markCurrentDay(si) {
  const s = si >= 0 ? grid.sections[si] : null;
  for (const b of document.querySelectorAll("#chapters [data-testid='day']")) {
    const on = !!s && b.dataset.chapter === s.chapter && b.dataset.date === s.date;
    b.classList.toggle("selected", on);
    if (on) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  }
}

// ---- filters ---------------------------------------------------------------------------

export function renderFilters() {
  const people = participantsOf(state.trip);
  const who = $("filter-who");
  const opts = [["all", t("filterAll")], ["me", state.me ? t("filterMeWho", { name: displayName(state.me) }) : t("filterMe")]];
  for (const p of people) opts.push([p.folder, p.name]);
  who.replaceChildren(...opts.map(([v, label]) => {
    const o = el("option", null, label);
    o.value = v;
    return o;
  }));
  who.value = opts.some(([v]) => v === state.filter.who) ? state.filter.who : "all";
  const me = $("me");
  me.replaceChildren(...[["", t("iAmNobody")], ...people.map((p) => [p.folder, p.name])].map(([v, label]) => {
    const o = el("option", null, label);
    o.value = v;
    return o;
  }));
  me.value = state.me && people.some((p) => p.folder === state.me) ? state.me : "";
  $("filter-edited").checked = state.filter.edited;
  $("filter-picks").checked = state.filter.picks;
}

/** Sets part of the filter and shows the photos tab with it applied. */
export function showFiltered(patch) {
  setFilter(patch);
  renderFilters();
  applyGrid();
  selectTab("photos");
}

// ---- the grid --------------------------------------------------------------------------

export function applyGrid() {
  grid.mosaic = !!(state.trip && state.trip.curated);
  const { sections, shown } = buildSections(state.model, activeFilter());
  grid.selected = state.selected;
  grid.setData(state.model, sections, shown);
  const k = state.cursorId === null ? -1 : grid.shownIndexOf(state.cursorId);
  grid.setCursor(k, false);
  const empty = shown.length === 0;
  $("grid-empty").hidden = !empty;
  $("grid-empty").textContent = empty ? (state.model.photos.length ? t("noMatch") : t("noPlan")) : "";
  renderSelectionCount();
  renderDayCounts();
  markCurrentDay(grid.currentSection);
}

// A filter changed: the days' counts follow it without redrawing the sidebar.
function renderDayCounts() {
  const { days } = filteredCounts(state.model, activeFilter());
  const filtered = !filterIsEmpty({ ...state.filter, me: state.me });
  for (const b of document.querySelectorAll("#chapters [data-testid='day']")) {
    const n = days.get(dayKey(b.dataset.chapter, b.dataset.date)) ?? 0;
    b.querySelector(".count").textContent = number(n);
    b.classList.toggle("none-shown", filtered && n === 0);
  }
}

export function setCursor(k, reveal = true) {
  const p = grid.photoAt(k);
  setCursorId(p ? p.id : null);
  grid.setCursor(p ? k : -1, reveal);
}

/** The viewer moved to shown photo `k`: it alone is selected and has the cursor. */
export function selectOnly(k) {
  clearSelection();
  selectPhoto(grid.photoAt(k).id);
  setAnchor(k);
  setCursor(k);
}

function activateCell(k, e) {
  const p = grid.photoAt(k);
  if (!p) return;
  if (e.shiftKey && state.anchorK >= 0) {
    if (!(e.ctrlKey || e.metaKey)) clearSelection();
    for (const i of rangeBetween(state.anchorK, k)) selectPhoto(grid.photoAt(i).id);
  } else if (e.ctrlKey || e.metaKey) {
    toggleSelected(p.id);
    setAnchor(k);
  } else {
    clearSelection();
    selectPhoto(p.id);
    setAnchor(k);
  }
  setCursor(k, false);
  focusGrid();
  selectionChanged();
}

export function selectionChanged() {
  grid.refreshCells();
  renderSelectionCount();
  renderSidebar();
}

/** A key pressed on the grid itself (the viewer and compare view are closed). */
export function handleKey(e, action) {
  if (e.target !== $("grid")) return;
  if (action === "open") {
    e.preventDefault();
    if (grid.cursor >= 0) hooks.openViewer(grid.cursor);
  } else if (action === "close") {
    clearSelection();
    selectionChanged();
  } else if (action === "compare") {
    hooks.openCompare(grid.photoAt(grid.cursor));
  } else if (action === "best" || action === "alone") {
    e.preventDefault();
    if (state.cursorId !== null) curate(action, [state.cursorId]);
  } else if (isCurateAction(action)) {
    e.preventDefault();
    curate(action, targetIds());
  }
}

/**
 * @param {{openViewer: (k: number) => void, openCompare: (photo: ?object) => void, tabShown: (name: string) => void}} h
 */
export function init(h) {
  hooks = h;
  grid = new Grid($("grid"), $("grid-canvas"), {
    onActivate: (k, e) => activateCell(k, e),
    onOpen: (k) => hooks.openViewer(k),
    onSection: (si) => markCurrentDay(si),
    onGroup: (k) => {
      setCursor(k, false);
      hooks.openCompare(grid.photoAt(k));
    },
    nameOf: (folder) => (state.trip ? displayName(folder) : folder),
  });

  for (const n of TABS) $("tab-" + n).addEventListener("click", () => selectTab(n));
  $("browse").querySelector(".tabs").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const i = TABS.indexOf(state.tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
    selectTab(next);
    $("tab-" + next).focus();
    e.preventDefault();
  });

  $("merge").addEventListener("click", () => {
    const ids = state.model.chapters.map((c) => c.id).filter((id) => state.checkedChapters.has(id));
    if (ids.length < 2) return toast(t("mergeNeedsTwo"));
    clearCheckedChapters();
    edit({ kind: "merge", chapters: ids });
  });

  $("split").addEventListener("click", () => {
    if (state.cursorId === null) return toast(t("splitNeedsPhoto"));
    edit({ kind: "split", photo: state.cursorId });
  });

  $("filter-who").addEventListener("change", () => {
    setFilter({ who: $("filter-who").value });
    if (state.filter.who === "me" && !state.me) {
      toast(t("chooseMeFirst"));
      $("me").focus();
    }
    applyGrid();
  });
  $("me").addEventListener("change", () => {
    setMe($("me").value || null);
    try {
      const key = `${ME_KEY}:${missionKey(state.trip)}`;
      if (state.me) localStorage.setItem(key, state.me);
      else localStorage.removeItem(key);
    } catch (_) { /* not fatal */ }
    if (state.me && state.filter.who === "all") setFilter({ who: "me" });
    renderFilters();
    applyGrid();
  });
  $("filter-edited").addEventListener("change", () => { setFilter({ edited: $("filter-edited").checked }); applyGrid(); });
  $("filter-picks").addEventListener("change", () => { setFilter({ picks: $("filter-picks").checked }); applyGrid(); });

  $("grid").addEventListener("keydown", (e) => {
    if (e.target !== $("grid")) return;
    const move = keyToMove(e.key);
    if (move && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const from = grid.cursor;
      const k = navigate(grid.layout, from, move, grid.pageRows());
      if (k < 0) return;
      if (e.shiftKey) {
        if (state.anchorK < 0) setAnchor(from < 0 ? k : from);
        clearSelection();
        for (const i of rangeBetween(state.anchorK, k)) selectPhoto(grid.photoAt(i).id);
      } else {
        clearSelection();
        selectPhoto(grid.photoAt(k).id);
        setAnchor(k);
      }
      setCursor(k);
      selectionChanged();
      return;
    }
    if (e.key === " " && grid.cursor >= 0) {
      e.preventDefault();
      toggleSelected(grid.photoAt(grid.cursor).id);
      selectionChanged();
      return;
    }
    if ((e.key === "a" || e.key === "A") && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      for (let i = 0; i < grid.shown.length; i++) selectPhoto(grid.photoAt(i).id);
      selectionChanged();
    }
  });

  $("grid").addEventListener("focus", () => {
    if (grid.cursor < 0 && grid.shown.length) {
      // The first photo in view gets the cursor.
      const a = grid.anchor();
      setCursor(a ? grid.shownIndexOf(a.id) : 0, false);
    }
  });
}
