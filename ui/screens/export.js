// The export dialog: what will go out, a preset, the GPS choice, a folder,
// a language; progress with Cancel; then what was written, kept and failed.

import * as i18n from "../lib/i18n.js";
import { t, count, number } from "../lib/i18n.js";
import { progressView, errorText, baseName } from "../lib/logic.js";
import { $, el, testid } from "../app/dom.js";
import * as commands from "../app/commands.js";
import { state } from "../app/state.js";
import { fieldError } from "../app/view.js";

const PRESETS = ["facebook", "instagram", "web", "copies", "story"];

let exportFolder = null;
// The preset the folder was chosen for: an export folder holds one preset,
// so another preset asks for another folder.
let folderPreset = null;
let gpsChoice = null; // "keep" | "strip"; null: the preset's default
let exporting = false;
let lastExport = null;

/** Copies are for the participants and keep their positions; anything posted loses them. */
export function defaultGps(preset) {
  return preset === "copies" ? "keep" : "strip";
}

/** "30 photos retenues sur 202 partiront." from the trip's `outgoing`. */
export function outgoingText(o) {
  if (!o || typeof o.photos !== "number") return "";
  if (o.photos === 0) return t("exportOutgoingNone");
  if (o.picksOnly) return t(o.photos === 1 ? "exportOutgoingPicksOne" : "exportOutgoingPicks", { n: number(o.photos), of: number(o.of) });
  return t("exportOutgoingAll", { n: number(o.photos), of: number(o.of) });
}

function currentPreset() {
  return ($("export-presets").querySelector("input:checked") || {}).value || "facebook";
}

function renderExportDialog() {
  const box = $("export-presets");
  const legend = box.querySelector("legend");
  const current = currentPreset();
  const items = PRESETS.map((p) => {
    const label = el("label", "radio");
    const input = testid(document.createElement("input"), `export-preset-${p}`);
    input.type = "radio";
    input.name = "preset";
    input.value = p;
    input.checked = p === current;
    input.addEventListener("change", presetChanged);
    label.append(input, " ", el("span", null, t("preset." + p)));
    return label;
  });
  box.replaceChildren(legend, ...items);
  const gps = gpsChoice || defaultGps(current);
  for (const r of $("export-gps").querySelectorAll("input")) {
    r.checked = r.value === gps;
    r.disabled = exporting;
  }
  $("export-outgoing").textContent = outgoingText(state.trip && state.trip.outgoing);
  $("export-folder").textContent = exportFolder || t("noFolder");
  $("export-start").disabled = exporting;
  $("export-folder-pick").disabled = exporting;
  $("export-cancel").hidden = !exporting;
  $("export-progress").hidden = !exporting;
}

/** The export folder, as if the native dialog had answered it (WebDriver cannot drive the dialog). */
export function setExportFolder(path) {
  exportFolder = path;
  folderPreset = path ? currentPreset() : null;
  renderExportDialog();
}

// Another preset: its own folder, and its own GPS default.
function presetChanged() {
  const preset = currentPreset();
  gpsChoice = null;
  if (exportFolder && folderPreset !== preset) {
    exportFolder = null;
    folderPreset = null;
    renderExportDialog();
    fieldError($("export-error"), () => t("exportFolderReset"));
    return;
  }
  renderExportDialog();
}

function showExportError(err) {
  fieldError($("export-error"), typeof err === "function" ? err : () => errorText(t, i18n.has, err));
}

async function startExport() {
  if (exporting) return;
  if (!exportFolder) return showExportError(() => t("exportNeedsFolder"));
  const preset = currentPreset();
  const gps = gpsChoice || defaultGps(preset);
  exporting = true;
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
    const r = await commands.exportAlbum({ preset, out: exportFolder, lang: $("export-lang").value, gps }, setProgress);
    lastExport = r;
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
    exporting = false;
    renderExportDialog();
  }
}

export function init() {
  $("export-open").addEventListener("click", () => {
    $("export-lang").value = i18n.getLang();
    $("export-error").hidden = true;
    if (!exporting) $("export-summary").hidden = true;
    renderExportDialog();
    $("export-dialog").showModal();
  });
  $("export-close").addEventListener("click", () => $("export-dialog").close());
  $("export-folder-pick").addEventListener("click", async () => {
    try {
      const path = await commands.pickExportFolder(t("exportFolder"));
      if (path) {
        exportFolder = path;
        folderPreset = currentPreset();
      }
      $("export-error").hidden = true;
      renderExportDialog();
    } catch (err) {
      showExportError(err);
    }
  });
  for (const r of $("export-gps").querySelectorAll("input")) {
    r.addEventListener("change", () => { if (r.checked) gpsChoice = r.value; });
  }
  $("export-start").addEventListener("click", startExport);
  $("export-cancel").addEventListener("click", () => {
    $("export-progress-text").textContent = t("cancelling");
    commands.cancelScan().catch(() => {});
  });
  $("export-open-folder").addEventListener("click", () => {
    if (lastExport) commands.openFolder(lastExport.out).catch(showExportError);
  });
}
