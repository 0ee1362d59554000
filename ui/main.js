// Recap's web UI: wires the screens (./screens, one module each) together.
// The shell is reached only through ./app/commands.js; shared state lives in
// ./app/state.js; pure logic in ./lib (unit-tested under tests/ui). Data
// never becomes markup: textContent only.

import * as i18n from "./lib/i18n.js";
import { t } from "./lib/i18n.js";
import { keyToAction } from "./lib/nav.js";
import { filterIsEmpty } from "./lib/logic.js";
import { $, isTyping } from "./app/dom.js";
import * as commands from "./app/commands.js";
import { state, resetForTrip, clearFilter, replaceSelection, setAnchor } from "./app/state.js";
import { toast, toastError, initToast, retranslateFieldErrors } from "./app/view.js";
import { onTrip, setTrip, undoRedo } from "./app/session.js";
import * as header from "./screens/header.js";
import * as home from "./screens/home.js";
import * as about from "./screens/about.js";
import * as browse from "./screens/browse.js";
import * as selection from "./screens/selection.js";
import * as viewer from "./screens/viewer.js";
import * as clocks from "./screens/clocks.js";
import * as people from "./screens/people.js";
import * as captions from "./screens/captions.js";
import * as story from "./screens/story.js";
import * as map from "./screens/map.js";
import * as apart from "./screens/apart.js";
import * as exportDialog from "./screens/export.js";

const LANG_KEY = "recap.lang";

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
  $("viewer-clear").title = t("clearActionHelp");
  $("grid").setAttribute("aria-label", t("gridLabel"));
  for (const id of ["rename-mission", "mission-rename"]) $(id).setAttribute("aria-label", t("renameMission"));
  $("rename-mission").title = t("renameMission");
}

async function toggleLang() {
  i18n.setLang(i18n.otherLang());
  try { localStorage.setItem(LANG_KEY, i18n.getLang()); } catch (_) { /* not fatal */ }
  applyStatic();
  story.langChanged();
  selection.renderSelectN();
  home.renderHome();
  home.renderProgress();
  retranslateFieldErrors();
  if (state.trip) {
    // Captions in the trip follow the language.
    let trip = state.trip;
    try {
      await commands.setLang(i18n.getLang());
      trip = (await commands.trip()) || trip;
    } catch (err) {
      toastError(err);
    }
    setTrip(trip);
  }
}

// ---- a trip opens ------------------------------------------------------------------

function openTrip(trip) {
  resetForTrip(browse.savedMe(trip));
  viewer.closeViewer(false);
  header.show("browse");
  setTrip(trip);
  browse.scrollToTop();
  browse.selectTab("photos");
  selection.curateInBackground(trip);
}

clocks.wireHome();

// Each new state of the trip redraws the screens, in this order.
onTrip(header.renderMission);
onTrip(browse.renderTrip);
onTrip(clocks.render);
onTrip(people.render);
onTrip(captions.render);
onTrip(story.render);
onTrip(apart.render);
onTrip(header.renderUndo);
onTrip(selection.renderCuration);
onTrip((trip) => { if (trip.reloaded) toast(t("missionReloaded")); });
onTrip(() => { if (state.tab === "map") map.render(); });
onTrip(viewer.renderTrip);

// ---- global keys ------------------------------------------------------------------------------

function onKey(e) {
  if (document.querySelector("dialog[open]")) return; // dialogs handle their own keys (Esc closes)
  const typing = isTyping(e.target);
  const action = keyToAction(e, typing);
  if (action === "undo" || action === "redo") {
    if (state.view !== "browse") return;
    e.preventDefault();
    undoRedo(action);
    return;
  }
  if (typing || state.view !== "browse") return;
  if (viewer.handleKey(e, action)) return;
  browse.handleKey(e, action);
}

// ---- start -------------------------------------------------------------------------------------------------

function init() {
  initToast();
  header.init();
  home.init({ openTrip });
  about.init();
  browse.init({
    openViewer: viewer.openViewer,
    openCompare: viewer.openCompare,
    tabShown: (name) => {
      if (name === "map") map.render();
      if (name === "story") story.shown();
    },
  });
  selection.init({ showPicks: () => browse.showFiltered({ picks: true }), focusGrid: browse.focusGrid });
  viewer.init();
  captions.init();
  story.init();
  exportDialog.init();
  $("lang-toggle").addEventListener("click", toggleLang);
  document.addEventListener("keydown", onKey);
}

async function start() {
  loadLang();
  applyStatic();
  selection.renderSelectN();
  home.renderHome();
  header.show("home");
  home.setBusy();
  browse.selectTab("photos");
  // A second launch of the app (a mission file double-clicked) hands its path to this window.
  commands.onOpenPath((o) => {
    if (state.job) toast(t("error.busy"));
    else home.openGiven(o);
  }).catch(() => {});
  // Captions come in the interface's language.
  await commands.setLang(i18n.getLang()).catch(toastError);
  try {
    // After a reload, the shell still holds the trip.
    const trip = await commands.trip();
    if (trip) {
      openTrip(trip);
      return;
    }
    const o = await commands.launchOptions();
    if (o && o.open) home.openGiven(o.open);
    else if (o && o.demo) home.openDemoJob();
  } catch (err) {
    toastError(err);
  }
}

// For tests and the perf script: read-only views of what is on screen.
window.recapDebug = {
  gridStats: () => {
    const grid = browse.grid;
    return { ...grid.stats, rowsInDom: grid.live.size, cellsInDom: document.querySelectorAll("#grid-canvas .cell:not([hidden])").length, shown: grid.shown.length, height: grid.layout.height, cols: grid.layout.cols };
  },
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
  /** The photo at the top of the grid and its day: what an edit keeps in place. */
  gridTop: () => browse.grid.anchor(),
  /** Scrolls the grid so photo `id`'s row is at the top; false when it is not shown. */
  scrollToPhoto: (id) => {
    const k = browse.grid.shownIndexOf(id);
    if (k >= 0) browse.grid.scrollToRowOf(k);
    return k >= 0;
  },
  /** The `thumb:` generation of the trip on screen: changes with each open. */
  generation: () => (state.trip ? state.trip.generation : null),
  /** The export folder as if the native dialog had answered it (WebDriver cannot drive the dialog). */
  setExportFolder: (p) => exportDialog.setExportFolder(p),
  /** The new mission's folder, or a moved photo folder's new place, as if the native dialog had answered. */
  setMissionsDir: (p) => home.setMissionsDir(p),
  setNewFolders: (ps) => home.setNewFolders(ps),
  relocating: () => home.relocatingNow(),
  relocateTo: (p) => home.relocateTo(p),
  /** Runs a long job the way the start screen does (perf.mjs opens generated missions with it). */
  run: (command, args) => {
    const job = commands.longJob(command, args);
    return home.runJob(job.start, "starting", undefined, job.missionPath);
  },
  /** Puts the keyboard cursor on photo `id` (clearing the filter if it hides it) and focuses the grid. */
  reveal: (id) => {
    const grid = browse.grid;
    browse.selectTab("photos");
    if (grid.shownIndexOf(id) < 0) {
      clearFilter();
      browse.renderFilters();
      browse.applyGrid();
    }
    const k = grid.shownIndexOf(id);
    if (k < 0) return false;
    replaceSelection([id]);
    setAnchor(k);
    browse.setCursor(k);
    browse.selectionChanged();
    browse.focusGrid();
    return true;
  },
};

init();
start();
