// Recap's web UI. Talks to the shell only through ./app/dom.js (`invoke`,
// `Channel`). Pure logic lives in ./lib (unit-tested under tests/ui); this
// file wires it to the page. Data never becomes markup: textContent only.

import * as i18n from "./lib/i18n.js";
import { t, count, number, dayName, dateRange, dateTime, instant, offset, percent, placeText, utcOffset } from "./lib/i18n.js";
import { buildModel, buildSections } from "./lib/model.js";
import { mosaicTile } from "./lib/layout.js";
import { navigate, keyToMove, keyToAction, rangeBetween } from "./lib/nav.js";
import {
  parseOffset, MAX_OFFSET_MINUTES, photoFilter, filterIsEmpty, picksPerChapter, selectionPerChapter, editedCaptions, groupMembers,
  picksTotal, compareGroup, isAlone,
  undoText, progressView, curationView, errorText, cameraName, baseName, reorder, moveItem,
} from "./lib/logic.js";
import { $, el, button, testid, invoke, channel, isTyping } from "./app/dom.js";
import { Grid } from "./app/grid.js";

const LANG_KEY = "recap.lang";
const ME_KEY = "recap.me";
const PRESETS = ["facebook", "instagram", "web", "copies"];
const TABS = ["photos", "clocks", "people", "captions", "map", "apart"];

const state = {
  view: "home", // home | browse
  tab: "photos",
  trip: null,
  model: null,
  filter: { who: "all", edited: false, picks: false },
  me: null,
  cursorId: null, // the photo with the keyboard cursor
  anchorK: -1, // shift-click range start (shown index)
  selected: new Set(), // photo ids
  checkedChapters: new Set(),
  job: null, // i18n key of the running long job
  progress: null,
  newFolders: [],
  newDir: null, // where the new mission's file goes: the user's choice, else the default in their documents
  viewerId: null,
  compare: null, // {ids, focus, group}
  selecting: false,
  curating: null, // {generation, progress} while the open trip is curated in the background
  mosaicsFor: null, // the generation whose mosaics were fetched
  exportFolder: null,
  exporting: false,
  lastExport: null,
  recent: [],
};

// Edits run one after the other, in the order the user made them.
let editChain = Promise.resolve();

const grid = new Grid($("grid"), $("grid-canvas"), {
  onActivate: (k, e) => activateCell(k, e),
  onOpen: (k) => openViewer(k),
  onSection: (si) => markCurrentDay(si),
  onGroup: (k) => {
    setCursor(k, false);
    openCompare(grid.photoAt(k));
  },
  nameOf: (folder) => (state.trip ? displayName(folder) : folder),
});

// ---- language -------------------------------------------------------------------

function loadLang() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved) i18n.setLang(saved);
  } catch (_) { /* storage unavailable: French */ }
}

function applyStatic() {
  document.documentElement.lang = i18n.locale();
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  const toggle = $("lang-toggle");
  toggle.textContent = t("otherLang");
  toggle.lang = i18n.otherLang() === "fr" ? "fr-CA" : "en-CA";
  $("new-name").placeholder = t("missionNamePlaceholder");
  $("viewer-prev").setAttribute("aria-label", t("prev"));
  $("viewer-next").setAttribute("aria-label", t("next"));
  $("viewer").setAttribute("aria-label", t("viewerLabel"));
  $("grid").setAttribute("aria-label", t("gridLabel"));
}

$("lang-toggle").addEventListener("click", async () => {
  i18n.setLang(i18n.otherLang());
  try { localStorage.setItem(LANG_KEY, i18n.getLang()); } catch (_) { /* not fatal */ }
  applyStatic();
  renderSelectN();
  renderHome();
  renderProgress();
  if (state.trip) {
    // Captions in the trip follow the language.
    try {
      await invoke("set_lang", { lang: i18n.getLang() });
      const trip = await invoke("trip");
      if (trip) state.trip = trip;
    } catch (_) { /* older shell: captions stay as they are */ }
    setTrip(state.trip);
  }
});

// ---- messages ----------------------------------------------------------------------

function toast(text) {
  $("toast-text").textContent = text;
  $("toast").hidden = !text;
}
function toastError(err) {
  toast(errorText(t, i18n.has, err));
}
$("toast-close").addEventListener("click", () => toast(""));

// Re-rendering a list must not drop the keyboard focus: the element with the
// same test id under the same keyed row gets it back.
const FOCUS_FALLBACK = { "chapter-down": "chapter-up", "chapter-up": "chapter-down", "clock-apply": "clock-change", "clock-input": "clock-change", "chapter-rename-input": "chapter-rename" };

function keepFocus(container, render) {
  const a = document.activeElement;
  let key = null;
  let id = null;
  if (a && container.contains(a)) {
    const row = a.closest("[data-key]");
    key = row ? row.dataset.key : null;
    id = a.dataset.testid || null;
  }
  render();
  if (!id) return;
  const rows = key === null ? [container] : [...container.querySelectorAll("[data-key]")].filter((r) => r.dataset.key === key);
  const usable = (n) => !n.disabled && !n.hidden && n.offsetParent !== null;
  for (const r of rows) {
    const target = [...r.querySelectorAll(`[data-testid="${id}"]`)].find(usable)
      || [...r.querySelectorAll(`[data-testid="${FOCUS_FALLBACK[id]}"]`)].find(usable)
      || [...r.querySelectorAll("button, input, select, textarea")].find(usable);
    if (target) { target.focus(); return; }
  }
}

// ---- views ---------------------------------------------------------------------------

function show(view) {
  state.view = view;
  $("home").hidden = view !== "home";
  $("browse").hidden = view !== "browse";
  const inTrip = view === "browse";
  for (const id of ["go-home", "import-agenda", "export-open", "undo", "redo", "versions-open"]) $(id).hidden = !inTrip;
  if (!inTrip) $("versions-box").hidden = true;
  $("mission-name").hidden = !inTrip;
  if (view === "home") loadRecent();
}

$("go-home").addEventListener("click", () => show("home"));

// ---- long jobs (scan, open, create): non-modal progress with Cancel -------------------

function renderProgress() {
  const strip = $("progress-strip");
  strip.hidden = !state.job;
  if (!state.job) return;
  const v = progressView(t, number, state.progress, state.job);
  $("progress-text").textContent = v.text;
  const bar = $("progress-bar");
  bar.max = v.max;
  if (v.value === null) bar.removeAttribute("value");
  else bar.value = v.value;
}

function setBusy() {
  const busy = !!state.job;
  for (const id of ["open-demo", "open-mission", "create-mission"]) $(id).disabled = busy;
  for (const b of document.querySelectorAll("[data-testid='recent-open']")) b.disabled = busy || b.dataset.exists !== "true";
  $("progress-cancel").disabled = !busy;
}

async function runJob(command, args, busyKey, after) {
  if (state.job) return;
  toast("");
  state.job = busyKey;
  state.progress = null;
  renderProgress();
  setBusy();
  const ch = channel((p) => {
    state.progress = p;
    renderProgress();
  });
  try {
    const trip = await invoke(command, { ...args, onProgress: ch });
    state.job = null;
    openTrip(trip);
    if (after) after(trip);
  } catch (err) {
    state.job = null;
    if (err && err.code === "cancelled") toast(t("cancelled"));
    else if (command === "open_mission" && (await offerRelocation(args.path))) return;
    else toastError(err);
  } finally {
    state.job = null;
    renderProgress();
    setBusy();
  }
}

// A mission whose photo folder moved (another drive, a renamed folder):
// ask for its new place, point the mission at it (edits follow the photos),
// then open it again. True when the dialog was shown.
async function offerRelocation(path) {
  let missing = [];
  try {
    missing = (await invoke("missing_sources", { path })) || [];
  } catch {
    return false;
  }
  if (!missing.length) return false;
  const folder = missing[0];
  $("relocate-text").textContent = t("relocateText", { folder });
  $("relocate-error").hidden = true;
  state.relocating = { path, folder };
  $("relocate-dialog").showModal();
  $("relocate-pick").focus();
  return true;
}

$("relocate-pick").addEventListener("click", async () => {
  const r = state.relocating;
  if (!r) return;
  const picked = await invoke("pick_export_folder", { title: t("relocatePickTitle", { folder: r.folder }) });
  if (picked) await relocateTo(picked);
});

async function relocateTo(picked) {
  const r = state.relocating;
  if (!r) return;
  try {
    const what = await invoke("relocate_source", { path: r.path, old: r.folder, new: picked });
    $("relocate-dialog").close();
    state.relocating = null;
    // Another folder may be missing too: opening again asks for it.
    setTimeout(() => runJob("open_mission", { path: r.path }, "opening", () => toast(t("relocateDone", { what }))), 0);
  } catch (err) {
    $("relocate-error").textContent = (err && err.message) || String(err);
    $("relocate-error").hidden = false;
  }
}
$("relocate-close").addEventListener("click", () => {
  state.relocating = null;
  $("relocate-dialog").close();
});

$("progress-cancel").addEventListener("click", () => {
  $("progress-cancel").disabled = true;
  $("progress-text").textContent = t("cancelling");
  invoke("cancel_scan").catch(() => {});
});

// ---- start screen ------------------------------------------------------------------------

async function loadRecent() {
  try {
    state.recent = (await invoke("recent_missions")) || [];
  } catch (_) {
    state.recent = [];
  }
  renderHome();
}

function renderHome() {
  const list = document.createDocumentFragment();
  for (const r of state.recent) {
    const li = testid(el("li", "recent-item" + (r.exists ? "" : " gone")), "recent-item");
    const name = el("span", "recent-name", r.name || baseName(r.path));
    const when = el("span", "muted small", r.exists ? t("openedAt", { date: instant(r.openedAt) || r.openedAt || "" }) : t("missing"));
    const open = testid(button(t("open"), () => runJob("open_mission", { path: r.path }, "opening")), "recent-open");
    open.dataset.exists = String(!!r.exists);
    open.disabled = !r.exists || !!state.job;
    open.setAttribute("aria-label", `${t("open")} ${r.name || ""}`);
    li.title = r.path;
    li.append(name, when, open);
    list.append(li);
  }
  $("recent").replaceChildren(list);
  $("no-recent").hidden = state.recent.length > 0;

  const folders = document.createDocumentFragment();
  state.newFolders.forEach((f, i) => {
    const li = testid(el("li", "folder"), "new-folder");
    const name = el("span", "folder-name", baseName(f));
    name.title = f;
    const rm = button("✕", () => {
      state.newFolders.splice(i, 1);
      renderHome();
    }, "link");
    rm.setAttribute("aria-label", t("removeFolder", { name: baseName(f) }));
    li.append(name, el("span", "muted small path", f), rm);
    folders.append(li);
  });
  $("new-folders").replaceChildren(folders);
  $("no-folders").hidden = state.newFolders.length > 0;
  $("new-dir").textContent = state.newDir || "";
  if (!state.newDir) {
    invoke("default_missions_dir").then((d) => {
      if (d && !state.newDir) {
        state.newDir = d;
        $("new-dir").textContent = d;
      }
    }).catch(() => {});
  }
}

$("change-dir").addEventListener("click", async () => {
  try {
    const picked = await invoke("pick_export_folder", { title: t("changeDirTitle") });
    if (picked) {
      state.newDir = picked;
      renderHome();
    }
  } catch (err) {
    toastError(err);
  }
});

$("open-demo").addEventListener("click", () => runJob("open_demo", {}, "preparingDemo"));

$("open-mission").addEventListener("click", async () => {
  try {
    const path = await invoke("pick_mission_file", { title: t("openMission") });
    if (path) runJob("open_mission", { path }, "opening");
  } catch (err) {
    toastError(err);
  }
});

$("add-folders").addEventListener("click", async () => {
  try {
    const paths = (await invoke("pick_folders", { title: t("pickTitle") })) || [];
    for (const p of paths) if (p && !state.newFolders.includes(p)) state.newFolders.push(p);
    $("new-error").hidden = true;
    renderHome();
  } catch (err) {
    toastError(err);
  }
});

$("create-mission").addEventListener("click", () => {
  const name = $("new-name").value.trim();
  const problem = !name ? "nameRequired" : state.newFolders.length === 0 ? "foldersRequired" : null;
  $("new-error").hidden = !problem;
  $("new-error").textContent = problem ? t(problem) : "";
  if (problem) {
    (problem === "nameRequired" ? $("new-name") : $("add-folders")).focus();
    return;
  }
  runJob("create_mission", { name, folders: state.newFolders.slice(), dir: state.newDir }, "starting", () => {
    state.newFolders = [];
    $("new-name").value = "";
    renderHome();
    selectTab("people"); // the participants just detected, to name them
  });
});

// ---- the trip --------------------------------------------------------------------------

function missionKey(trip) {
  return trip.missionPath || trip.mission || "";
}

// ---- background curation: the trip shows first, groups and badges follow ------------

async function curateInBackground(trip) {
  if (!trip || trip.curated !== false) return;
  const generation = trip.generation;
  if (state.curating && state.curating.generation === generation) return;
  state.curating = { generation, progress: null };
  renderCuration();
  const mine = () => state.curating && state.curating.generation === generation;
  const ch = channel((p) => {
    if (!mine()) return;
    state.curating.progress = p;
    renderCuration();
  });
  try {
    const done = await invoke("curate_trip", { generation, onProgress: ch });
    // Fetched after any edit still on its way, so the newest state wins.
    if (done) {
      editChain = editChain.then(async () => {
        const next = await invoke("trip");
        if (next && state.trip && next.generation === state.trip.generation) setTrip(next);
      }).catch(toastError);
      await editChain;
    }
  } catch (err) {
    if (mine()) toastError(err);
  } finally {
    if (mine()) state.curating = null;
    renderCuration();
  }
}

/** Fetches the trip's mosaics of miniatures once, so fast scrolling paints them at once. */
function preloadMosaics() {
  const trip = state.trip;
  if (!trip || !trip.curated || state.mosaicsFor === trip.generation) return;
  state.mosaicsFor = trip.generation;
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

function renderCuration() {
  preloadMosaics();
  const curated = !state.trip || state.trip.curated !== false;
  const v = curationView(t, number, curated, state.curating && state.curating.progress);
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

function openTrip(trip) {
  state.cursorId = null;
  state.selected = new Set();
  state.checkedChapters = new Set();
  state.anchorK = -1;
  state.filter = { who: "all", edited: false, picks: false };
  try { state.me = localStorage.getItem(`${ME_KEY}:${missionKey(trip)}`) || null; } catch (_) { state.me = null; }
  closeViewer(false);
  show("browse");
  setTrip(trip);
  $("grid").scrollTop = 0;
  grid.render();
  selectTab("photos");
  curateInBackground(trip);
}

function setTrip(trip) {
  state.trip = trip;
  state.model = buildModel(trip);
  // Forget selected photos that left the trip.
  for (const id of state.selected) if (!state.model.byId.has(id)) state.selected.delete(id);
  for (const c of state.checkedChapters) if (!state.model.chapters.some((x) => x.id === c)) state.checkedChapters.delete(c);
  $("mission-name").textContent = trip.mission || "";
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
  renderClocks();
  renderPeople();
  renderCaptions();
  renderApart();
  renderUndo();
  renderCuration();
  if (trip.reloaded) toast(t("missionReloaded"));
  if (state.tab === "map") renderMap();
  if (state.viewerId !== null) fillViewer();
  if (state.compare) renderCompare();
}

function participantsOf(trip) {
  if (Array.isArray(trip.participants) && trip.participants.length) return trip.participants;
  return ((trip.scan && trip.scan.participants) || []).map((f) => ({ folder: f, name: f, photos: null }));
}

function displayName(folder) {
  const p = participantsOf(state.trip).find((x) => x.folder === folder);
  return p ? p.name : folder;
}

/** Sends one edit; the shell answers with the new trip. */
function edit(wire) {
  editChain = editChain.then(async () => {
    try {
      setTrip(await invoke("edit", { edit: wire }));
    } catch (err) {
      toastError(err);
    }
  });
  return editChain;
}

async function undoRedo(which) {
  if (!state.trip) return;
  if (which === "undo" ? state.trip.canUndo === false : state.trip.canRedo === false) return;
  await editChain;
  try {
    setTrip(await invoke(which));
  } catch (err) {
    toastError(err);
  }
}
$("undo").addEventListener("click", () => undoRedo("undo"));
$("redo").addEventListener("click", () => undoRedo("redo"));

// The earlier versions of the mission file Recap keeps beside it: pick one, restore it.
$("versions-open").addEventListener("click", async () => {
  const box = $("versions-box");
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  try {
    const versions = await invoke("mission_versions");
    if (!versions.length) return toast(t("noVersions"));
    $("versions-list").replaceChildren(
      ...versions.map((v) => {
        const when = v.savedAt ? new Date(v.savedAt).toLocaleString(i18n.getLang() === "fr" ? "fr-CA" : "en-CA") : "?";
        const o = el("option", null, t("versionItem", { n: number(v.number), when, name: v.name ?? "" }));
        o.value = String(v.number);
        return o;
      }),
    );
    box.hidden = false;
  } catch (err) {
    toastError(err);
  }
});
$("versions-restore").addEventListener("click", async () => {
  const n = Number($("versions-list").value);
  if (!n) return;
  await editChain;
  try {
    setTrip(await invoke("restore_version", { number: n }));
    $("versions-box").hidden = true;
    toast(t("versionRestored", { n: number(n) }));
  } catch (err) {
    toastError(err);
  }
});

function renderUndo() {
  const tr = state.trip;
  const u = $("undo");
  const r = $("redo");
  u.textContent = undoText(t, tr.undoLabel);
  r.textContent = undoText(t, tr.redoLabel, true);
  u.disabled = !tr.canUndo;
  r.disabled = !tr.canRedo;
  u.title = `${u.textContent} (Ctrl+Z)`;
  r.title = `${r.textContent} (Ctrl+Shift+Z)`;
}

// ---- tabs ----------------------------------------------------------------------------

function selectTab(name) {
  state.tab = name;
  for (const n of TABS) {
    const tab = $("tab-" + n);
    const on = n === name;
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + n).hidden = !on;
  }
  if (name === "photos") grid.relayout();
  if (name === "map") renderMap();
}

// ---- map of the stages (outlines loaded on first use: 0.7 MB) ----------------------------

let world = null;

async function renderMap() {
  if (state.tab !== "map" || !state.trip) return;
  const svg = $("stage-map");
  const { countries, stageMap } = await import("./lib/map.js");
  if (!world) {
    $("no-map").hidden = true;
    world = countries((await import("./data/countries-50m.js")).default);
    if (state.tab !== "map") return;
  }
  const places = state.trip.plan.chapters
    .filter((c) => c.kind === "stage" && c.placeAt)
    .map((c) => ({ lon: c.placeAt.lon, lat: c.placeAt.lat, label: c.title, chapterId: c.id }));
  const map = stageMap(world, places, 640, 520);
  $("no-map").hidden = !!map;
  const NS = "http://www.w3.org/2000/svg";
  const node = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const parts = [];
  if (map) {
    for (const p of map.paths) parts.push(node("path", { d: p.d, class: p.home ? "land home" : "land" }));
    if (map.route) parts.push(node("path", { d: map.route, class: "route" }));
    for (const d of map.dots) {
      const chapter = state.trip.plan.chapters.find((c) => c.id === d.chapterId);
      const g = node("g", { class: "stage", tabindex: 0, role: "button", "data-testid": "map-stage", "data-chapter-id": d.chapterId });
      g.append(node("title", {}, d.label));
      g.append(node("circle", { cx: d.x, cy: d.y, r: 9 }));
      g.append(node("text", { x: d.x, y: d.y + 4, class: "n", "text-anchor": "middle" }, String(d.n)));
      const dx = d.anchor === "end" ? -13 : 13;
      g.append(node("text", { x: d.x + dx, y: d.y - 10, class: "label", "text-anchor": d.anchor }, d.label));
      const go = () => chapter && goToChapter(chapter);
      g.addEventListener("click", go);
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          go();
        }
      });
      parts.push(g);
    }
  }
  svg.replaceChildren(...parts);
}
for (const n of TABS) $("tab-" + n).addEventListener("click", () => selectTab(n));
$("browse").querySelector(".tabs").addEventListener("keydown", (e) => {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
  const i = TABS.indexOf(state.tab);
  const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
  selectTab(next);
  $("tab-" + next).focus();
  e.preventDefault();
});

// ---- sidebar: chapters and days ----------------------------------------------------------

function renderSidebar() {
  keepFocus($("chapters"), renderChapters);
  renderMoveTargets();
  markCurrentDay(grid.currentSection);
}

function renderChapters() {
  const { model, trip } = state;
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
    check.addEventListener("change", () => {
      if (check.checked) state.checkedChapters.add(c.id);
      else state.checkedChapters.delete(c.id);
    });
    const title = testid(button(c.title, () => goToChapter(c), "chapter-title"), "chapter-title");
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
      b.append(el("span", "day-name", dayName(d.date)), el("span", "count", number(d.photos)));
      li.append(b);
      days.append(li);
    }
    box.append(days);
    nav.append(box);
  });
  $("chapters").replaceChildren(nav);
}

function renderMoveTargets() {
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
    if (save && v && v !== c.title) edit({ kind: "rename", chapter: c.id, title: v });
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
  $("grid").focus({ preventScroll: true });
}

function goToChapter(c) {
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

$("merge").addEventListener("click", () => {
  const ids = state.model.chapters.map((c) => c.id).filter((id) => state.checkedChapters.has(id));
  if (ids.length < 2) return toast(t("mergeNeedsTwo"));
  state.checkedChapters.clear();
  edit({ kind: "merge", chapters: ids });
});

$("split").addEventListener("click", () => {
  if (state.cursorId === null) return toast(t("splitNeedsPhoto"));
  edit({ kind: "split", photo: state.cursorId });
});

$("move-go").addEventListener("click", () => {
  const ids = targetIds();
  if (!ids.length) return toast(t("moveToNone"));
  edit({ kind: "move", photos: ids, chapter: $("move-target").value });
});

// ---- filters ---------------------------------------------------------------------------

function renderFilters() {
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

$("filter-who").addEventListener("change", () => {
  state.filter.who = $("filter-who").value;
  if (state.filter.who === "me" && !state.me) {
    toast(t("chooseMeFirst"));
    $("me").focus();
  }
  applyGrid();
});
$("me").addEventListener("change", () => {
  state.me = $("me").value || null;
  try {
    const key = `${ME_KEY}:${missionKey(state.trip)}`;
    if (state.me) localStorage.setItem(key, state.me);
    else localStorage.removeItem(key);
  } catch (_) { /* not fatal */ }
  if (state.me && state.filter.who === "all") state.filter.who = "me";
  renderFilters();
  applyGrid();
});
$("filter-edited").addEventListener("change", () => { state.filter.edited = $("filter-edited").checked; applyGrid(); });
$("filter-picks").addEventListener("change", () => { state.filter.picks = $("filter-picks").checked; applyGrid(); });

// ---- the grid --------------------------------------------------------------------------

function applyGrid() {
  const f = { ...state.filter, me: state.me };
  grid.mosaic = !!(state.trip && state.trip.curated);
  const { sections, shown } = buildSections(state.model, photoFilter(f));
  grid.selected = state.selected;
  grid.setData(state.model, sections, shown);
  const k = state.cursorId === null ? -1 : grid.shownIndexOf(state.cursorId);
  grid.setCursor(k, false);
  const empty = shown.length === 0;
  $("grid-empty").hidden = !empty;
  $("grid-empty").textContent = empty ? (state.model.photos.length ? t("noMatch") : t("noPlan")) : "";
  renderSelectionCount();
  markCurrentDay(grid.currentSection);
}

function setCursor(k, reveal = true) {
  const p = grid.photoAt(k);
  state.cursorId = p ? p.id : null;
  grid.setCursor(p ? k : -1, reveal);
}

function activateCell(k, e) {
  const p = grid.photoAt(k);
  if (!p) return;
  if (e.shiftKey && state.anchorK >= 0) {
    if (!(e.ctrlKey || e.metaKey)) state.selected.clear();
    for (const i of rangeBetween(state.anchorK, k)) state.selected.add(grid.photoAt(i).id);
  } else if (e.ctrlKey || e.metaKey) {
    if (state.selected.has(p.id)) state.selected.delete(p.id);
    else state.selected.add(p.id);
    state.anchorK = k;
  } else {
    state.selected.clear();
    state.selected.add(p.id);
    state.anchorK = k;
  }
  setCursor(k, false);
  $("grid").focus({ preventScroll: true });
  selectionChanged();
}

function selectionChanged() {
  grid.refreshCells();
  renderSelectionCount();
  renderSidebar();
}

function renderSelectionCount() {
  const n = state.selected.size;
  $("selection-count").textContent = n > 1 ? count(n, "selectedCount") : "";
}

/** The photos an action applies to: the selection if the cursor is in it, else the cursor's photo. */
function targetIds() {
  if (state.selected.size && (state.cursorId === null || state.selected.has(state.cursorId))) return [...state.selected];
  return state.cursorId === null ? [] : [state.cursorId];
}

$("grid").addEventListener("keydown", (e) => {
  if (e.target !== $("grid")) return;
  const move = keyToMove(e.key);
  if (move && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    const from = grid.cursor;
    const k = navigate(grid.layout, from, move, grid.pageRows());
    if (k < 0) return;
    if (e.shiftKey) {
      if (state.anchorK < 0) state.anchorK = from < 0 ? k : from;
      state.selected.clear();
      for (const i of rangeBetween(state.anchorK, k)) state.selected.add(grid.photoAt(i).id);
    } else {
      state.selected.clear();
      state.selected.add(grid.photoAt(k).id);
      state.anchorK = k;
    }
    setCursor(k);
    selectionChanged();
    return;
  }
  if (e.key === " " && grid.cursor >= 0) {
    e.preventDefault();
    const id = grid.photoAt(grid.cursor).id;
    if (state.selected.has(id)) state.selected.delete(id);
    else state.selected.add(id);
    selectionChanged();
    return;
  }
  if ((e.key === "a" || e.key === "A") && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    for (let i = 0; i < grid.shown.length; i++) state.selected.add(grid.photoAt(i).id);
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

// ---- curation ----------------------------------------------------------------------------

function curate(action, ids) {
  if (!ids.length) return;
  if (action === "pick") edit({ kind: "pick", photos: ids, state: "pick" });
  else if (action === "reject") edit({ kind: "pick", photos: ids, state: "reject" });
  else if (action === "unpick") edit({ kind: "pick", photos: ids, state: "none" });
  else if (action.startsWith("stars:")) edit({ kind: "stars", photos: ids, stars: Number(action.slice(6)) });
  else if (action === "best" || action === "alone") {
    // One photo: the cursor's (or the compare view's).
    const p = photoById(ids[0]);
    if (!p) return;
    if (action === "best") {
      if (p.group && !p.best) edit({ kind: "best", photo: p.id });
    } else {
      const group = state.compare ? state.compare.group : p.group;
      if (p.group || state.compare || p.alone === true) edit({ kind: "alone", photo: p.id, alone: !isAlone(p, group) });
    }
  }
}

function photoById(id) {
  const i = state.model ? state.model.byId.get(id) : undefined;
  return i === undefined ? null : state.model.photos[i];
}

const CURATE_ACTIONS = ["pick", "reject", "unpick", "best", "alone"];
function isCurateAction(action) {
  return !!action && (action.startsWith("stars:") || CURATE_ACTIONS.includes(action));
}

function renderPicksTotal() {
  const n = picksTotal(picksPerChapter(state.trip, state.model));
  const node = $("picks-total");
  node.textContent = count(n, "picksTotal");
  node.dataset.picks = String(n);
}

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
  if (state.selecting) return;
  const n = Math.round(Number($("select-n").value));
  if (!(n > 0)) {
    $("select-error").textContent = t("selectNLabel");
    $("select-error").hidden = false;
    $("select-n").focus();
    return;
  }
  state.selecting = true;
  $("select-error").hidden = true;
  $("select-summary").hidden = true;
  renderSelectN();
  await editChain;
  try {
    const trip = await invoke("select_photos", { n, replace: $("select-replace").checked });
    setTrip(trip);
    const total = picksTotal(picksPerChapter(state.trip, state.model));
    $("select-summary-text").textContent = t("selectDone", { picks: count(total, "pickCount") });
    $("select-summary").hidden = false;
    $("select-show-picks").focus();
  } catch (err) {
    $("select-error").textContent = errorText(t, i18n.has, err);
    $("select-error").hidden = false;
  } finally {
    state.selecting = false;
    renderSelectN();
  }
});
$("select-n").addEventListener("keydown", (e) => {
  if (e.key === "Enter") { e.preventDefault(); $("select-go").click(); }
});
$("select-show-picks").addEventListener("click", () => {
  state.filter.picks = true;
  renderFilters();
  applyGrid();
  selectTab("photos");
  $("select-dialog").close();
  $("grid").focus({ preventScroll: true });
});

function renderSelectN() {
  const n = Math.round(Number($("select-n").value)) || 0;
  $("select-go").textContent = state.selecting ? t("selectRunning") : t("selectNBtn", { n: number(n) });
  $("select-go").disabled = state.selecting;
}
$("select-n").addEventListener("input", renderSelectN);

// ---- viewer --------------------------------------------------------------------------------

let previewLoader = null;

function openViewer(k) {
  const p = grid.photoAt(k);
  if (!p) return;
  setCursor(k);
  state.viewerId = p.id;
  $("viewer").hidden = false;
  fillViewer(true);
  $("viewer-close").focus();
}

function closeViewer(focusGrid = true) {
  if (state.viewerId === null) return;
  state.viewerId = null;
  $("viewer").hidden = true;
  if (previewLoader) previewLoader.onload = null;
  if (focusGrid) $("grid").focus({ preventScroll: true });
}

function viewerPhoto() {
  const i = state.model.byId.get(state.viewerId);
  return i === undefined ? null : state.model.photos[i];
}

function fillViewer(newPhoto = false) {
  const p = viewerPhoto();
  if (!p) return closeViewer();
  const k = grid.shownIndexOf(p.id);
  const img = $("viewer-img");
  if (newPhoto || img.dataset.id !== String(p.id)) {
    img.dataset.id = String(p.id);
    // The grid's thumbnail at once (already in the cache), the preview when it arrives.
    img.dataset.state = "thumb";
    if (p.thumb) img.src = p.thumb;
    else img.removeAttribute("src");
    if (previewLoader) previewLoader.onload = null;
    if (p.preview) {
      const loader = new Image();
      previewLoader = loader;
      loader.onload = () => {
        if (state.viewerId !== p.id) return;
        img.src = p.preview;
        img.dataset.state = "preview";
      };
      loader.src = p.preview;
    }
  }
  img.alt = p.caption || p.fileName;
  $("viewer-file").textContent = p.fileName;
  $("viewer-pos").textContent = k >= 0 ? t("position", { i: number(k + 1), n: number(grid.shown.length) }) : "";
  $("viewer-prev").disabled = k <= 0;
  $("viewer-next").disabled = k < 0 || k >= grid.shown.length - 1;

  const cap = $("viewer-caption");
  const typing = document.activeElement === cap && cap.dataset.id === String(p.id) && cap.value !== cap.dataset.saved;
  if (!typing) {
    cap.value = p.caption ?? "";
    cap.dataset.saved = cap.value;
    cap.dataset.id = String(p.id);
  }
  $("viewer-credit").textContent = p.credit || "";
  $("viewer-credit").hidden = !p.credit;
  $("viewer-caption-state").textContent = p.captionEdited ? t("captionEdited") : t("captionTemplate");
  $("viewer-caption-state").classList.toggle("edited", !!p.captionEdited);
  $("viewer-caption-reset").hidden = !p.captionEdited;
  $("viewer-caption-save").disabled = cap.value === cap.dataset.saved;

  const pickState = $("viewer-pick-state");
  pickState.textContent = [p.pick === "pick" ? t("picked") : p.pick === "reject" ? t("rejected") : "", p.stars ? "★".repeat(p.stars) : "", p.best ? t("best") : ""].filter(Boolean).join(" · ");
  pickState.hidden = !pickState.textContent;
  $("viewer-compare").hidden = !(p.group && p.groupSize > 1);

  const zone = [p.zone, utcOffset(p.localTime)].filter(Boolean).join(", ");
  const time = $("viewer-time");
  time.replaceChildren(el("span", null, `${dateTime(p.localTime) || ""}${zone ? ` (${zone})` : ""}`));
  if (p.originalTime && p.offsetMinutes) {
    const orig = testid(el("span", "muted small block", t("cameraTime", { time: dateTime(p.originalTime) || p.originalTime, offset: offset(p.offsetMinutes) })), "viewer-original-time");
    time.append(orig);
  }
  $("viewer-place").textContent = placeText(p.placeName, p.placeSource);
  $("viewer-who").textContent = p.contributorName || displayName(p.contributor);
  $("viewer-camera").textContent = p.camera || t("unknown");
  $("viewer-size").textContent = p.width && p.height ? `${number(p.width)} × ${number(p.height)}` : t("unknown");
}

function viewerStep(dir) {
  const k = grid.shownIndexOf(state.viewerId);
  const next = k + dir;
  if (k < 0 || next < 0 || next >= grid.shown.length) return;
  saveCaption();
  const p = grid.photoAt(next);
  state.selected.clear();
  state.selected.add(p.id);
  state.anchorK = next;
  setCursor(next);
  state.viewerId = p.id;
  fillViewer(true);
}

function saveCaption() {
  const cap = $("viewer-caption");
  if (cap.dataset.id === undefined || cap.value === cap.dataset.saved) return;
  const id = Number(cap.dataset.id);
  const text = cap.value.trim();
  cap.dataset.saved = cap.value;
  edit({ kind: "caption", photo: id, text: text === "" ? null : text });
}

$("viewer-prev").addEventListener("click", () => viewerStep(-1));
$("viewer-next").addEventListener("click", () => viewerStep(+1));
$("viewer-close").addEventListener("click", () => closeViewer());
$("viewer-img").addEventListener("dblclick", () => closeViewer());
$("viewer-caption").addEventListener("input", () => {
  const cap = $("viewer-caption");
  $("viewer-caption-save").disabled = cap.value === cap.dataset.saved;
});
$("viewer-caption").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    saveCaption();
  } else if (e.key === "Escape") {
    // Esc drops an unsaved change; with nothing to drop it closes the viewer.
    e.preventDefault();
    e.stopPropagation();
    const cap = $("viewer-caption");
    if (cap.value !== cap.dataset.saved) {
      cap.value = cap.dataset.saved;
      $("viewer-caption-save").disabled = true;
      $("viewer-close").focus();
    } else {
      closeViewer();
    }
  }
});
$("viewer-caption").addEventListener("blur", saveCaption);
$("viewer-caption-save").addEventListener("click", saveCaption);
$("viewer-caption-reset").addEventListener("click", () => {
  if (state.viewerId !== null) edit({ kind: "caption", photo: state.viewerId, text: null });
});
$("viewer-pick").addEventListener("click", () => curate("pick", [state.viewerId]));
$("viewer-reject").addEventListener("click", () => curate("reject", [state.viewerId]));
$("viewer-clear").addEventListener("click", () => curate("unpick", [state.viewerId]));
$("viewer-compare").addEventListener("click", () => openCompare(viewerPhoto()));

// ---- compare (a group side by side) ---------------------------------------------------------

function openCompare(p) {
  if (!p || !p.group) return;
  const members = groupMembers(state.model, p);
  state.compare = { ids: members.map((m) => m.id), focus: Math.max(0, members.findIndex((m) => m.id === p.id)), group: p.group };
  $("compare").hidden = false;
  renderCompare();
  $("compare-close").focus();
}

function closeCompare() {
  state.compare = null;
  $("compare").hidden = true;
  if (state.viewerId !== null) $("viewer-close").focus();
  else $("grid").focus({ preventScroll: true });
}

function renderCompare() {
  const c = state.compare;
  c.ids = c.ids.filter((id) => state.model.byId.has(id));
  if (!c.ids.length) return closeCompare();
  // Group ids may change when a photo is split off; follow the majority.
  c.group = compareGroup(state.model, c.ids) || c.group;
  c.focus = Math.min(c.focus, c.ids.length - 1);
  $("compare-title").textContent = t("compareTitle", { n: number(c.ids.length) });
  const items = document.createDocumentFragment();
  c.ids.forEach((id, i) => {
    const p = photoById(id);
    const alone = isAlone(p, c.group);
    const fig = testid(el("figure", "compare-item" + (i === c.focus ? " focus" : "") + (p.pick ? " " + p.pick : "") + (alone ? " alone" : "")), "compare-item");
    fig.dataset.id = String(id);
    fig.dataset.best = String(!!p.best && !alone);
    fig.dataset.pick = p.pick || "";
    fig.dataset.alone = String(alone);
    if (i === c.focus) fig.setAttribute("aria-current", "true");
    const img = document.createElement("img");
    img.alt = p.fileName;
    img.src = p.preview || p.thumb || "";
    const cap = el("figcaption", null, `${i + 1}. ${p.fileName} — ${p.contributorName || p.contributor}`);
    const tags = [];
    if (p.best && !alone) tags.push(testid(el("span", "tag best", t("best")), "compare-best-tag"));
    if (p.pick) tags.push(el("span", "tag " + p.pick, p.pick === "pick" ? t("picked") : t("rejected")));
    if (p.stars) tags.push(el("span", "tag stars", "★".repeat(p.stars)));
    if (alone) tags.push(el("span", "tag", t("aloneTag")));
    if (tags.length) cap.append(el("br"), ...tags);
    fig.append(img, cap);
    fig.addEventListener("click", () => { c.focus = i; renderCompare(); });
    items.append(fig);
  });
  $("compare-items").replaceChildren(items);
  const focused = photoById(c.ids[c.focus]);
  const focusedAlone = isAlone(focused, c.group);
  $("compare-best").disabled = !!focused.best || focusedAlone;
  $("compare-alone").textContent = focusedAlone ? t("compareTogether") : t("compareAlone");
}

function compareAct(action) {
  const c = state.compare;
  if (!c) return;
  curate(action, [c.ids[c.focus]]);
}

function compareKey(e, action) {
  const c = state.compare;
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    if (e.target.tagName === "BUTTON" && e.target.closest(".compare-actions")) return false;
    c.focus = Math.max(0, Math.min(c.ids.length - 1, c.focus + (e.key === "ArrowRight" ? 1 : -1)));
    renderCompare();
    return true;
  }
  const id = c.ids[c.focus];
  if (action === "open") {
    if (e.target.tagName === "BUTTON") return false; // Enter on a button presses it
    // Keep this one, reject the others: one key.
    edit({ kind: "pick", photos: [id], state: "pick" });
    const others = c.ids.filter((x) => x !== id);
    if (others.length) edit({ kind: "pick", photos: others, state: "reject" });
    return true;
  }
  if (action === "close") { closeCompare(); return true; }
  if (isCurateAction(action)) { compareAct(action); return true; }
  return false;
}
$("compare-close").addEventListener("click", closeCompare);
$("compare-pick").addEventListener("click", () => compareAct("pick"));
$("compare-reject").addEventListener("click", () => compareAct("reject"));
$("compare-best").addEventListener("click", () => compareAct("best"));
$("compare-alone").addEventListener("click", () => compareAct("alone"));

// ---- global keys ------------------------------------------------------------------------------

document.addEventListener("keydown", (e) => {
  if ($("export-dialog").open || $("select-dialog").open || $("relocate-dialog").open) return; // dialogs handle their own keys (Esc closes)
  const typing = isTyping(e.target);
  const action = keyToAction(e, typing);
  if (action === "undo" || action === "redo") {
    if (state.view !== "browse") return;
    e.preventDefault();
    undoRedo(action);
    return;
  }
  if (typing || state.view !== "browse") return;
  if (state.compare) {
    if (compareKey(e, action)) e.preventDefault();
    return;
  }
  if (state.viewerId !== null) {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      if (e.target.tagName === "BUTTON" && e.target.closest(".row")) return;
      e.preventDefault();
      viewerStep(e.key === "ArrowRight" ? 1 : -1);
    } else if (action === "close") {
      e.preventDefault();
      closeViewer();
    } else if (action === "compare") {
      openCompare(viewerPhoto());
    } else if (isCurateAction(action)) {
      e.preventDefault();
      curate(action, [state.viewerId]);
    }
    return;
  }
  if (e.target !== $("grid")) return;
  if (action === "open") {
    e.preventDefault();
    if (grid.cursor >= 0) openViewer(grid.cursor);
  } else if (action === "close") {
    state.selected.clear();
    selectionChanged();
  } else if (action === "compare") {
    openCompare(grid.photoAt(grid.cursor));
  } else if (action === "best" || action === "alone") {
    e.preventDefault();
    if (state.cursorId !== null) curate(action, [state.cursorId]);
  } else if (isCurateAction(action)) {
    e.preventDefault();
    curate(action, targetIds());
  }
});

// Focus stays inside the viewer and the compare view while they are open.
for (const id of ["viewer", "compare"]) {
  $(id).addEventListener("keydown", (e) => {
    if (e.key !== "Tab") return;
    const nodes = [...$(id).querySelectorAll("button, textarea, input, select, [tabindex]")].filter((n) => !n.disabled && !n.hidden && n.offsetParent !== null);
    if (!nodes.length) return;
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
  });
}

// ---- clocks --------------------------------------------------------------------------------------

function renderClocks() {
  keepFocus($("clock-rows"), renderClockRows);
}

function renderClockRows() {
  const devices = (state.trip.plan && state.trip.plan.devices) || [];
  const rows = document.createDocumentFragment();
  for (const d of devices) {
    const tr = testid(document.createElement("tr"), "clock-row");
    tr.dataset.device = d.key;
    tr.dataset.key = d.key;
    tr.title = d.note || d.key;
    const cam = cameraName(d.make, d.model) || t("unknownDevice");
    const td = (text, cls, id) => {
      const c = el("td", cls, text);
      if (id) testid(c, id);
      return c;
    };
    const actionsCell = el("td");
    const actions = el("div", "clock-actions");
    actionsCell.append(actions);
    const keep = testid(button(t("clockKeep"), () => edit({ kind: "clock", device: d.key, mode: "set", minutes: d.offsetMinutes })), "clock-keep");
    keep.title = t("clockKeepHelp", { offset: offset(d.offsetMinutes) });
    const change = testid(button(t("clockChange"), () => {
      form.hidden = !form.hidden;
      if (!form.hidden) { input.value = offset(d.offsetMinutes).replace("−", "-"); input.focus(); input.select(); }
    }), "clock-change");
    const clear = testid(button(t("clockClear"), () => edit({ kind: "clock", device: d.key, mode: "clear" })), "clock-clear");
    const auto = testid(button(t("clockAuto"), () => edit({ kind: "clock", device: d.key, mode: "auto" })), "clock-auto");
    const form = el("div", "clock-form");
    form.hidden = true;
    const input = testid(document.createElement("input"), "clock-input");
    input.type = "text";
    input.inputMode = "text";
    input.className = "offset-input";
    const help = el("span", "muted small", t("clockInputHelp"));
    help.id = `clock-help-${d.key}`;
    const errorLine = testid(el("span", "field-error small"), "clock-error");
    errorLine.id = `clock-error-${d.key}`;
    errorLine.hidden = true;
    input.setAttribute("aria-label", t("clockInput", { camera: cam }));
    input.setAttribute("aria-describedby", `${help.id} ${errorLine.id}`);
    const apply = testid(button(t("ok"), null), "clock-apply");
    const submit = () => {
      const max = state.trip?.maxOffsetMinutes;
      const r = parseOffset(input.value, max);
      if (r.error) {
        errorLine.textContent = t(r.error, { max: offset(Number.isFinite(max) ? max : MAX_OFFSET_MINUTES) });
        errorLine.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      edit({ kind: "clock", device: d.key, mode: "set", minutes: r.minutes });
    };
    apply.addEventListener("click", submit);
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); submit(); }
      if (e.key === "Escape") { e.preventDefault(); form.hidden = true; change.focus(); }
    });
    form.append(input, apply, help, errorLine);
    actions.append(keep, change, clear, auto, form);
    const source = td(t("source." + d.source), "source " + d.source, "clock-source");
    const who = el("td", "device");
    who.append(testid(el("span", "block strong", cam), "clock-camera"), testid(el("span", "block muted small", displayName(d.contributor)), "clock-contributor"));
    tr.append(
      who,
      td(offset(d.offsetMinutes), "offset num", "clock-offset"),
      source,
      td(percent(d.confidence), "num"),
      td(`${number(d.photos)} / ${number(d.totalPhotos)}`, "num", "clock-photos"),
      actionsCell,
    );
    rows.append(tr);
  }
  $("clock-rows").replaceChildren(rows);
}

// ---- the directory (bottin) ----------------------------------------------------------------------

function renderPeople() {
  keepFocus($("people-rows"), renderPeopleRows);
}

function renderPeopleRows() {
  const rows = document.createDocumentFragment();
  for (const p of participantsOf(state.trip)) {
    const tr = testid(document.createElement("tr"), "person-row");
    tr.dataset.folder = p.folder;
    tr.dataset.key = p.folder;
    const input = testid(document.createElement("input"), "person-name");
    input.type = "text";
    input.value = p.name;
    input.setAttribute("aria-label", t("renamePerson", { folder: p.folder }));
    const save = () => {
      const v = input.value.trim();
      if (v && v !== p.name) edit({ kind: "participant", folder: p.folder, name: v });
      else input.value = p.name;
    };
    input.addEventListener("change", save);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); input.blur(); } });
    const name = el("td");
    name.append(input);
    tr.append(el("td", "path", p.folder), name, el("td", "num", p.photos === null || p.photos === undefined ? "" : number(p.photos)));
    rows.append(tr);
  }
  $("people-rows").replaceChildren(rows);
}

// ---- captions: templates and chapter introductions ------------------------------------------------

function renderCaptions() {
  const tr = state.trip;
  const tpl = tr.captionTemplate || { fr: "", en: "" };
  for (const lang of ["fr", "en"]) {
    const area = $(`template-${lang}`);
    if (document.activeElement !== area) area.value = tpl[lang] || "";
  }
  const fields = document.createDocumentFragment();
  for (const f of tr.templateFields || []) fields.append(el("code", "field-chip", `{${f}}`), " ");
  $("template-fields").replaceChildren(fields);
  const n = editedCaptions(state.model);
  $("edited-count").replaceChildren(el("span", null, count(n, "editedCaptions")));
  if (n) {
    const b = testid(button(t("filterEdited"), () => {
      state.filter.edited = true;
      renderFilters();
      applyGrid();
      selectTab("photos");
    }, "link"), "show-edited");
    $("edited-count").append(" ", b);
  }

  keepFocus($("intros"), renderIntros);
}

function renderIntros() {
  const intros = document.createDocumentFragment();
  for (const c of state.model.chapters) {
    const box = testid(el("div", "intro"), "intro");
    box.dataset.chapter = c.id;
    box.dataset.key = c.id;
    const h = el("h4", null, c.title);
    if (c.introEdited) h.append(" ", el("span", "tag", t("introEdited")));
    box.append(h);
    const intro = c.intro || { fr: "", en: "" };
    const row = el("div", "templates");
    for (const lang of ["fr", "en"]) {
      const label = el("label", "field");
      const area = testid(document.createElement("textarea"), `intro-${lang}`);
      area.rows = 3;
      area.lang = lang;
      area.value = intro[lang] || "";
      label.append(el("span", null, t(lang === "fr" ? "introFr" : "introEn")), area);
      const save = testid(button(t("save"), () => {
        const v = area.value.trim();
        if (v !== (intro[lang] || "").trim()) edit({ kind: "intro", chapter: c.id, lang, text: v || null });
      }), `intro-${lang}-save`);
      const reset = testid(button(t("resetIntro"), () => edit({ kind: "intro", chapter: c.id, lang, text: null })), `intro-${lang}-reset`);
      reset.hidden = c.introEditedLangs ? !c.introEditedLangs[lang] : !c.introEdited;
      const actions = el("div", "row");
      actions.append(save, reset);
      const col = el("div", "template");
      col.append(label, actions);
      row.append(col);
    }
    box.append(row);
    intros.append(box);
  }
  $("intros").replaceChildren(intros);
}

for (const lang of ["fr", "en"]) {
  $(`template-${lang}-save`).addEventListener("click", () => {
    const v = $(`template-${lang}`).value.trim();
    edit({ kind: "template", lang, text: v || null });
  });
  $(`template-${lang}-reset`).addEventListener("click", () => edit({ kind: "template", lang, text: null }));
}

// ---- set apart -------------------------------------------------------------------------------------

function renderApart() {
  const plan = state.trip.plan || { unplaced: [], agendaWarnings: [] };
  const warnings = plan.agendaWarnings || [];
  $("agenda-warnings").replaceChildren(...warnings.map((w) => el("li", null, t("agendaWarning", { message: w }))));
  $("agenda-warnings").hidden = warnings.length === 0;
  const unplaced = plan.unplaced || [];
  $("apart-count").textContent = unplaced.length ? number(unplaced.length) : "";
  $("unplaced-list").replaceChildren(...unplaced.map((u) => {
    const li = testid(el("li"), "unplaced-item");
    li.title = u.path;
    li.append(testid(el("span", "file", u.fileName), "unplaced-file"), testid(el("span", "reason muted", u.reason), "unplaced-reason"));
    return li;
  }));
  $("no-unplaced").hidden = unplaced.length > 0;
  const skipped = (state.trip.scan && state.trip.scan.skipped) || [];
  $("skipped-list").replaceChildren(...skipped.map((s) => {
    const li = testid(el("li"), "skipped-item");
    li.title = s.path;
    const reason = testid(el("span", "reason muted", t("skip_" + s.code)), "skipped-reason");
    reason.title = s.reason;
    li.append(testid(el("span", "file", s.relPath || s.fileName), "skipped-file"), reason);
    return li;
  }));
  $("skipped-section").hidden = skipped.length === 0;
}

// ---- agenda ------------------------------------------------------------------------------------------

$("import-agenda").addEventListener("click", async () => {
  try {
    const file = await invoke("pick_agenda_file", { title: t("importAgenda") });
    if (file) await edit({ kind: "agenda", file });
  } catch (err) {
    toastError(err);
  }
});

// ---- export ----------------------------------------------------------------------------------------------

function renderExportDialog() {
  const box = $("export-presets");
  const legend = box.querySelector("legend");
  const current = (box.querySelector("input:checked") || {}).value || "facebook";
  const items = PRESETS.map((p) => {
    const label = el("label", "radio");
    const input = testid(document.createElement("input"), `export-preset-${p}`);
    input.type = "radio";
    input.name = "preset";
    input.value = p;
    input.checked = p === current;
    label.append(input, " ", el("span", null, t("preset." + p)));
    return label;
  });
  box.replaceChildren(legend, ...items);
  $("export-folder").textContent = state.exportFolder || t("noFolder");
  $("export-start").disabled = state.exporting;
  $("export-folder-pick").disabled = state.exporting;
  $("export-cancel").hidden = !state.exporting;
  $("export-progress").hidden = !state.exporting;
}

$("export-open").addEventListener("click", () => {
  $("export-lang").value = i18n.getLang();
  $("export-error").hidden = true;
  if (!state.exporting) $("export-summary").hidden = true;
  renderExportDialog();
  $("export-dialog").showModal();
});
$("export-close").addEventListener("click", () => $("export-dialog").close());
$("export-folder-pick").addEventListener("click", async () => {
  try {
    const path = await invoke("pick_export_folder", { title: t("exportFolder") });
    if (path) state.exportFolder = path;
    $("export-error").hidden = true;
    renderExportDialog();
  } catch (err) {
    showExportError(err);
  }
});

function showExportError(err) {
  $("export-error").textContent = typeof err === "string" ? err : errorText(t, i18n.has, err);
  $("export-error").hidden = false;
}

$("export-start").addEventListener("click", async () => {
  if (state.exporting) return;
  if (!state.exportFolder) return showExportError(t("exportNeedsFolder"));
  const preset = ($("export-presets").querySelector("input:checked") || {}).value || "facebook";
  state.exporting = true;
  $("export-error").hidden = true;
  $("export-summary").hidden = true;
  renderExportDialog();
  const setProgress = (p) => {
    const v = progressView(t, number, p, "starting");
    $("export-progress-text").textContent = v.text;
    const bar = $("export-progress-bar");
    bar.max = v.max;
    if (v.value === null) bar.removeAttribute("value");
    else bar.value = v.value;
  };
  setProgress(null);
  try {
    const r = await invoke("export", { preset, out: state.exportFolder, lang: $("export-lang").value, onProgress: channel(setProgress) });
    state.lastExport = r;
    const failed = r.failed || [];
    $("export-summary-text").textContent = t("exportDone", {
      written: count(r.written ?? 0, "filesWritten"),
      skipped: count(r.skipped ?? 0, "filesKept"),
      failed: count(failed.length, "failures"),
      seconds: number(Math.round((r.seconds ?? 0) * 10) / 10),
    });
    const lines = failed.map((f) => {
      const why = i18n.has("skip_" + f.code) ? t("skip_" + f.code) : errorText(t, i18n.has, f);
      const li = el("li", null, `${baseName(f.path)} — ${why}`);
      li.title = f.path;
      return li;
    });
    if (r.leftOut) lines.push(el("li", "muted", count(r.leftOut, "exportLeftOut")));
    for (const w of r.warnings || []) lines.push(el("li", "muted", typeof w === "string" ? w : w.message || JSON.stringify(w)));
    $("export-failed").replaceChildren(...lines);
    $("export-summary").hidden = false;
    $("export-open-folder").focus();
  } catch (err) {
    showExportError(err);
  } finally {
    state.exporting = false;
    renderExportDialog();
  }
});
$("export-cancel").addEventListener("click", () => {
  $("export-progress-text").textContent = t("cancelling");
  invoke("cancel_scan").catch(() => {});
});
$("export-open-folder").addEventListener("click", () => {
  if (state.lastExport) invoke("open_folder", { path: state.lastExport.out }).catch(showExportError);
});

// ---- start -------------------------------------------------------------------------------------------------

async function start() {
  loadLang();
  applyStatic();
  renderSelectN();
  renderHome();
  show("home");
  setBusy();
  selectTab("photos");
  // Captions come in the interface's language.
  await invoke("set_lang", { lang: i18n.getLang() }).catch(() => {});
  // After a reload, the shell still holds the trip.
  try {
    const trip = await invoke("trip");
    if (trip) {
      openTrip(trip);
      return;
    }
  } catch (_) { /* older shell */ }
  try {
    const o = await invoke("launch_options");
    if (o && o.demo) runJob("open_demo", {}, "preparingDemo");
  } catch (_) { /* no shell: the page alone */ }
}

// For tests and the perf script: read-only views of what is on screen.
window.recapDebug = {
  gridStats: () => ({ ...grid.stats, rowsInDom: grid.live.size, cellsInDom: document.querySelectorAll("#grid-canvas .cell:not([hidden])").length, shown: grid.shown.length, height: grid.layout.height, cols: grid.layout.cols }),
  filterIsEmpty: () => filterIsEmpty({ ...state.filter, me: state.me }),
  photos: () => (state.model ? state.model.photos.map((p) => ({
    id: p.id, fileName: p.fileName, localTime: p.localTime, date: p.date, chapter: p.chapter, device: p.device ?? null,
    caption: p.caption ?? null, captionEdited: !!p.captionEdited, pick: p.pick ?? null, contributor: p.contributor,
    stars: Number(p.stars) || 0, group: p.group ?? null, groupKind: p.groupKind ?? null, groupSize: p.groupSize ?? 0,
    best: !!p.best, contributors: p.contributors || [], alone: p.alone ?? null,
  })) : []),
  /** Chapter picks as the sidebar shows them, and the toolbar's total. */
  picks: () => ({
    chapters: [...document.querySelectorAll('[data-testid="chapter-picks"]')].map((x) => Number(x.dataset.picks)),
    total: Number($("picks-total").dataset.picks),
  }),
  cursor: () => state.cursorId,
  /** The `thumb:` generation of the trip on screen: changes with each open. */
  generation: () => (state.trip ? state.trip.generation : null),
  /** The export folder as if the native dialog had answered it (WebDriver cannot drive the dialog). */
  setExportFolder: (p) => { state.exportFolder = p; renderExportDialog(); },
  /** The new mission's folder, or a moved photo folder's new place, as if the native dialog had answered. */
  setMissionsDir: (p) => { state.newDir = p; renderHome(); },
  setNewFolders: (ps) => { state.newFolders = ps.slice(); renderHome(); },
  relocating: () => state.relocating,
  relocateTo: (p) => relocateTo(p),
  /** Runs a long job the way the start screen does (perf.mjs opens generated missions with it). */
  run: (command, args) => runJob(command, args, "starting"),
  /** Puts the keyboard cursor on photo `id` (clearing the filter if it hides it) and focuses the grid. */
  reveal: (id) => {
    selectTab("photos");
    if (grid.shownIndexOf(id) < 0) {
      state.filter = { who: "all", edited: false, picks: false };
      renderFilters();
      applyGrid();
    }
    const k = grid.shownIndexOf(id);
    if (k < 0) return false;
    state.selected = new Set([id]);
    state.anchorK = k;
    setCursor(k);
    selectionChanged();
    $("grid").focus({ preventScroll: true });
    return true;
  },
};

start();
