// The bar above every screen: home or trip, the mission's name, undo and
// redo, earlier versions of the mission file, importing a programme.

import * as i18n from "../lib/i18n.js";
import { t, number } from "../lib/i18n.js";
import { undoText } from "../lib/logic.js";
import { $, el } from "../app/dom.js";
import * as commands from "../app/commands.js";
import { state, setView } from "../app/state.js";
import { toast, toastError } from "../app/view.js";
import { setTrip, edit, afterEdits, undoRedo } from "../app/session.js";
import { loadRecent } from "./home.js";

/** Shows the start screen ("home") or the trip ("browse"). */
export function show(view) {
  setView(view);
  $("home").hidden = view !== "home";
  $("browse").hidden = view !== "browse";
  const inTrip = view === "browse";
  for (const id of ["go-home", "import-agenda", "export-open", "undo", "redo", "versions-open"]) $(id).hidden = !inTrip;
  if (!inTrip) $("versions-box").hidden = true;
  // show() runs again on every refresh of the trip: a rename being typed stays.
  const renaming = inTrip && !$("mission-rename").hidden;
  $("mission-name").hidden = !inTrip || renaming;
  $("rename-mission").hidden = !inTrip || renaming;
  if (!inTrip) $("mission-rename").hidden = true;
  if (view === "home") loadRecent();
}

export function renderMission(trip) {
  $("mission-name").textContent = trip.mission || "";
  $("mission-name").title = trip.mission || ""; // cut to one line in the bar
}

export function renderUndo() {
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

// Renaming the mission in place: the name becomes a field; Enter or leaving
// the field keeps the new name (an edit, undone like any other), as a
// chapter's rename does; Esc drops it.
function startRename() {
  const input = $("mission-rename");
  input.value = state.trip ? state.trip.mission || "" : "";
  $("mission-name").hidden = true;
  $("rename-mission").hidden = true;
  input.hidden = false;
  input.focus();
  input.select();
}

function endRename(keep) {
  const input = $("mission-rename");
  if (input.hidden) return;
  input.hidden = true;
  $("mission-name").hidden = false;
  $("rename-mission").hidden = false;
  const name = input.value.trim();
  if (keep && name && state.trip && name !== state.trip.mission) edit({ kind: "missionName", name });
}

export function init() {
  $("go-home").addEventListener("click", () => show("home"));
  $("rename-mission").addEventListener("click", startRename);
  $("mission-rename").addEventListener("keydown", (e) => {
    e.stopPropagation(); // the grid's keys are not the field's
    if (e.key === "Enter") endRename(true);
    else if (e.key === "Escape") endRename(false);
  });
  $("mission-rename").addEventListener("blur", () => endRename(true));
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
      const versions = await commands.missionVersions();
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
    await afterEdits();
    try {
      setTrip(await commands.restoreVersion(n));
      $("versions-box").hidden = true;
      toast(t("versionRestored", { n: number(n) }));
    } catch (err) {
      toastError(err);
    }
  });

  $("import-agenda").addEventListener("click", async () => {
    try {
      const file = await commands.pickAgendaFile(t("importAgenda"));
      if (file) await edit({ kind: "agenda", file });
    } catch (err) {
      toastError(err);
    }
  });
}
