// The open trip: every new state of it goes through setTrip (which redraws
// the screens that registered with onTrip), and edits reach the shell one
// after the other, in the order the user made them.

import { buildModel } from "../lib/model.js";
import { isAlone } from "../lib/logic.js";
import * as commands from "./commands.js";
import { state, setTripModel } from "./state.js";
import { toastError } from "./view.js";

// Edits run one after the other, in the order the user made them.
let editChain = Promise.resolve();

const renderers = [];

/** Registers a screen's redraw for each new state of the trip (called in registration order). */
export function onTrip(render) {
  renderers.push(render);
}

/** Shows a new state of the trip on every screen. */
export function setTrip(trip) {
  setTripModel(trip, buildModel(trip));
  for (const render of renderers) render(trip);
}

/** Sends one edit; the shell answers with the new trip. */
export function edit(wire) {
  editChain = editChain.then(async () => {
    try {
      setTrip(await commands.edit(wire));
    } catch (err) {
      toastError(err);
    }
  });
  return editChain;
}

/** Resolves when every edit sent so far has been answered. */
export function afterEdits() {
  return editChain;
}

/** Runs `work` after the edits on their way, and before any later one. */
export function queueAfterEdits(work) {
  editChain = editChain.then(work).catch(toastError);
  return editChain;
}

export async function undoRedo(which) {
  if (!state.trip) return;
  if (which === "undo" ? state.trip.canUndo === false : state.trip.canRedo === false) return;
  await editChain;
  try {
    setTrip(await (which === "undo" ? commands.undo() : commands.redo()));
  } catch (err) {
    toastError(err);
  }
}

export function missionKey(trip) {
  return trip.missionPath || trip.mission || "";
}

export function participantsOf(trip) {
  if (Array.isArray(trip.participants) && trip.participants.length) return trip.participants;
  return ((trip.scan && trip.scan.participants) || []).map((f) => ({ folder: f, name: f, photos: null }));
}

export function displayName(folder) {
  const p = participantsOf(state.trip).find((x) => x.folder === folder);
  return p ? p.name : folder;
}

export function photoById(id) {
  const i = state.model ? state.model.byId.get(id) : undefined;
  return i === undefined ? null : state.model.photos[i];
}

const CURATE_ACTIONS = ["pick", "reject", "unpick", "best", "alone"];

export function isCurateAction(action) {
  return !!action && (action.startsWith("stars:") || CURATE_ACTIONS.includes(action));
}

/**
 * A curation key or button on photos `ids`. `compare` is the compare view's
 * state when the action comes from it (its group decides what "alone" means).
 */
export function curate(action, ids, compare = null) {
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
      const group = compare ? compare.group : p.group;
      if (p.group || compare || p.alone === true) edit({ kind: "alone", photo: p.id, alone: !isAlone(p, group) });
    }
  }
}
