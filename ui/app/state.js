// What several screens share, and the only functions that change it. A
// screen reads `state` freely but changes it through these functions; what
// one screen alone needs (a dialog's fields, the viewer's photo) stays in
// that screen's module.

const NO_FILTER = () => ({ who: "all", edited: false, picks: false });

export const state = {
  view: "home", // home | browse
  tab: "photos",
  /** @type {?import("./commands.js").TripWire} */
  trip: null,
  model: null, // ../lib/model.js's buildModel(trip)
  filter: NO_FILTER(),
  me: null, // the participant folder the user says is theirs
  cursorId: null, // the photo with the keyboard cursor
  anchorK: -1, // shift-click range start (shown index)
  selected: new Set(), // photo ids
  checkedChapters: new Set(),
  job: null, // i18n key of the running long job
  progress: null, // its last ProgressWire
};

export function setView(view) {
  state.view = view;
}

export function setTab(name) {
  state.tab = name;
}

/** A new state of the trip on screen; selected photos and chapters that left it are forgotten. */
export function setTripModel(trip, model) {
  state.trip = trip;
  state.model = model;
  for (const id of state.selected) if (!model.byId.has(id)) state.selected.delete(id);
  for (const c of state.checkedChapters) if (!model.chapters.some((x) => x.id === c)) state.checkedChapters.delete(c);
}

/** Another trip opens: no cursor, no selection, no filter. */
export function resetForTrip(me) {
  state.cursorId = null;
  state.selected = new Set();
  state.checkedChapters = new Set();
  state.anchorK = -1;
  state.filter = NO_FILTER();
  state.me = me;
}

export function setFilter(patch) {
  Object.assign(state.filter, patch);
}

export function clearFilter() {
  state.filter = NO_FILTER();
}

export function setMe(folder) {
  state.me = folder;
}

export function setCursorId(id) {
  state.cursorId = id;
}

export function setAnchor(k) {
  state.anchorK = k;
}

export function clearSelection() {
  state.selected.clear();
}

export function selectPhoto(id) {
  state.selected.add(id);
}

export function toggleSelected(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
}

/** A new selection set (the grid takes it at its next applyGrid). */
export function replaceSelection(ids) {
  state.selected = new Set(ids);
}

export function checkChapter(id, on) {
  if (on) state.checkedChapters.add(id);
  else state.checkedChapters.delete(id);
}

export function clearCheckedChapters() {
  state.checkedChapters.clear();
}

export function setJob(key) {
  state.job = key;
  state.progress = null;
}

export function setProgress(p) {
  state.progress = p;
}
