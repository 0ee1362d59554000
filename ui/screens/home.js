// The start screen (recent missions, a new mission, the demo), the long jobs
// that open a trip (non-modal progress with Cancel), and the dialog that
// finds a mission's moved photo folder.

import * as i18n from "../lib/i18n.js";
import { t, number, instant } from "../lib/i18n.js";
import { progressView, baseName, errorText } from "../lib/logic.js";
import { $, el, button, testid } from "../app/dom.js";
import * as commands from "../app/commands.js";
import { state, setJob, setProgress } from "../app/state.js";
import { toast, toastError, fieldError } from "../app/view.js";
import { selectTab } from "./browse.js";

let recent = [];
let newFolders = [];
let newDir = null; // where the new mission's file goes: the user's choice, else the default in their documents
let relocating = null; // {path, folder} while the relocation dialog is open
let openTrip = () => {};

// ---- long jobs (scan, open, create): non-modal progress with Cancel -------------------

export function renderProgress() {
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

export function setBusy() {
  const busy = !!state.job;
  for (const id of ["open-demo", "open-mission", "create-mission"]) $(id).disabled = busy;
  for (const b of document.querySelectorAll("[data-testid='recent-open']")) b.disabled = busy || b.dataset.exists !== "true";
  $("progress-cancel").disabled = !busy;
}

/**
 * Runs a long job that ends on a trip, then opens it. `start(onProgress)`
 * calls the command; `missionPath`, when the job opens a mission file, lets
 * a moved photo folder be found instead of failing.
 */
export async function runJob(start, busyKey, after, missionPath = null) {
  if (state.job) return;
  toast("");
  setJob(busyKey);
  renderProgress();
  setBusy();
  try {
    const trip = await start((p) => {
      setProgress(p);
      renderProgress();
    });
    setJob(null);
    openTrip(trip);
    if (after) after(trip);
  } catch (err) {
    setJob(null);
    if (err && err.code === "cancelled") toast(t("cancelled"));
    else if (missionPath !== null && (await offerRelocation(missionPath))) return;
    else toastError(err);
  } finally {
    setJob(null);
    renderProgress();
    setBusy();
  }
}

/** Opens a mission file as a long job. */
export function openMissionJob(path, after) {
  return runJob((onProgress) => commands.openMission(path, onProgress), "opening", after, path);
}

/**
 * Opens what the app was given (its command line, or a second launch): a
 * mission file, or a folder of photos as a new mission named after it in the
 * default missions folder.
 * @param {{path: string, kind: string, name: string}} o
 */
export function openGiven(o) {
  if (o.kind === "folder") {
    const mission = { name: o.name || baseName(o.path), folders: [o.path], dir: null };
    return runJob((onProgress) => commands.createMission(mission, onProgress), "starting", () => selectTab("people"));
  }
  return openMissionJob(o.path);
}

export function openDemoJob() {
  return runJob((onProgress) => commands.openDemo(onProgress), "preparingDemo");
}

// A mission whose photo folder moved (another drive, a renamed folder):
// ask for its new place, point the mission at it (edits follow the photos),
// then open it again. True when the dialog was shown.
async function offerRelocation(path) {
  let missing = [];
  try {
    missing = (await commands.missingSources(path)) || [];
  } catch {
    return false;
  }
  if (!missing.length) return false;
  const folder = missing[0];
  $("relocate-text").textContent = t("relocateText", { folder });
  $("relocate-error").hidden = true;
  relocating = { path, folder };
  $("relocate-dialog").showModal();
  $("relocate-pick").focus();
  return true;
}

/** The mission and folder the relocation dialog asks about, or null. */
export function relocatingNow() {
  return relocating;
}

export async function relocateTo(picked) {
  const r = relocating;
  if (!r) return;
  try {
    const what = await commands.relocateSource(r.path, r.folder, picked);
    $("relocate-dialog").close();
    relocating = null;
    // Another folder may be missing too: opening again asks for it.
    setTimeout(() => openMissionJob(r.path, () => toast(t("relocateDone", { what }))), 0);
  } catch (err) {
    fieldError($("relocate-error"), () => errorText(t, i18n.has, err));
  }
}

// ---- start screen ------------------------------------------------------------------------

export async function loadRecent() {
  try {
    recent = (await commands.recentMissions()) || [];
  } catch (_) {
    recent = [];
  }
  renderHome();
}

export function renderHome() {
  const list = document.createDocumentFragment();
  for (const r of recent) {
    const li = testid(el("li", "recent-item" + (r.exists ? "" : " gone")), "recent-item");
    const name = el("span", "recent-name", r.name || baseName(r.path));
    const when = el("span", "muted small", r.exists ? t("openedAt", { date: instant(r.openedAt) || r.openedAt || "" }) : t("missing"));
    const open = testid(button(t("open"), () => openMissionJob(r.path)), "recent-open");
    open.dataset.exists = String(!!r.exists);
    open.disabled = !r.exists || !!state.job;
    open.setAttribute("aria-label", `${t("open")} ${r.name || ""}`);
    li.title = r.path;
    li.append(name, when, open);
    list.append(li);
  }
  $("recent").replaceChildren(list);
  $("no-recent").hidden = recent.length > 0;

  const folders = document.createDocumentFragment();
  newFolders.forEach((f, i) => {
    const li = testid(el("li", "folder"), "new-folder");
    const name = el("span", "folder-name", baseName(f));
    name.title = f;
    const rm = button("✕", () => {
      newFolders.splice(i, 1);
      renderHome();
    }, "link");
    rm.setAttribute("aria-label", t("removeFolder", { name: baseName(f) }));
    li.append(name, el("span", "muted small path", f), rm);
    folders.append(li);
  });
  $("new-folders").replaceChildren(folders);
  $("no-folders").hidden = newFolders.length > 0;
  $("new-dir").textContent = newDir || "";
  if (!newDir) {
    commands.defaultMissionsDir().then((d) => {
      if (d && !newDir) {
        newDir = d;
        $("new-dir").textContent = d;
      }
    }).catch(() => {});
  }
}

/** The new mission's folder, as if the native dialog had answered it. */
export function setMissionsDir(path) {
  newDir = path;
  renderHome();
}

/** The new mission's photo folders, as if the native dialog had answered them. */
export function setNewFolders(paths) {
  newFolders = paths.slice();
  renderHome();
}

/** @param {{openTrip: (trip: object) => void}} hooks */
export function init(hooks) {
  openTrip = hooks.openTrip;

  $("relocate-pick").addEventListener("click", async () => {
    const r = relocating;
    if (!r) return;
    const picked = await commands.pickExportFolder(t("relocatePickTitle", { folder: r.folder }));
    if (picked) await relocateTo(picked);
  });
  $("relocate-close").addEventListener("click", () => {
    relocating = null;
    $("relocate-dialog").close();
  });

  $("progress-cancel").addEventListener("click", () => {
    $("progress-cancel").disabled = true;
    $("progress-text").textContent = t("cancelling");
    commands.cancelScan().catch(() => {});
  });

  $("change-dir").addEventListener("click", async () => {
    try {
      const picked = await commands.pickExportFolder(t("changeDirTitle"));
      if (picked) {
        newDir = picked;
        renderHome();
      }
    } catch (err) {
      toastError(err);
    }
  });

  $("open-demo").addEventListener("click", () => openDemoJob());

  $("open-mission").addEventListener("click", async () => {
    try {
      const path = await commands.pickMissionFile(t("openMission"));
      if (path) openMissionJob(path);
    } catch (err) {
      toastError(err);
    }
  });

  $("add-folders").addEventListener("click", async () => {
    try {
      const paths = (await commands.pickFolders(t("pickTitle"))) || [];
      for (const p of paths) if (p && !newFolders.includes(p)) newFolders.push(p);
      $("new-error").hidden = true;
      renderHome();
    } catch (err) {
      toastError(err);
    }
  });

  $("create-mission").addEventListener("click", () => {
    const name = $("new-name").value.trim();
    const problem = !name ? "nameRequired" : newFolders.length === 0 ? "foldersRequired" : null;
    fieldError($("new-error"), problem && (() => t(problem)));
    if (problem) {
      (problem === "nameRequired" ? $("new-name") : $("add-folders")).focus();
      return;
    }
    const mission = { name, folders: newFolders.slice(), dir: newDir };
    runJob((onProgress) => commands.createMission(mission, onProgress), "starting", () => {
      newFolders = [];
      $("new-name").value = "";
      renderHome();
      selectTab("people"); // the participants just detected, to name them
    });
  });
}
