// The shell's commands, one typed function each. This is the only file that
// names them (tests/ui/commands.test.mjs checks it against the shell's list
// in src-tauri/build.rs and src-tauri/src/lib.rs), so a typo fails a unit
// test, not a user. The shapes below mirror src-tauri/src/ipc.rs.

import { invoke, channel, listen } from "./dom.js";

/**
 * An error from the shell.
 * @typedef {{code: string, message: string}} IpcError
 */

/**
 * A long job's progress (`ProgressWire`, tagged by `phase`).
 * @typedef {{phase: "walking", found: number}
 *   | {phase: "reading", done: number, total: number}
 *   | {phase: "rendering", done: number, total: number}
 *   | {phase: "done", photos: number, skipped: number}
 *   | {phase: "exported", written: number, failed: number}} ProgressWire
 */

/** @typedef {(p: ProgressWire) => void} OnProgress */

/**
 * A path the app was given: a mission file to open, or a folder of photos to make a mission of (named `name`).
 * @typedef {{path: string, kind: "mission" | "folder", name: string}} OpenWire
 */
/** @typedef {{demo: boolean, version: string, open: ?OpenWire}} LaunchWire */
/** @typedef {{path: string, name: string, openedAt: string, exists: boolean}} RecentWire */
/** @typedef {{number: number, savedAt: ?string, name: ?string, bytes: number}} VersionWire */
/** @typedef {{fr: string, en: string}} LangTextWire */
/**
 * A person of the Bottin: a folder (its key) or a delegate added by hand; `linkedTo` is the person a linked
 * folder's photos count for.
 * @typedef {{folder: string, name: string, photos: number, linkedTo: ?string, delegate: boolean}} ParticipantWire
 */
/** @typedef {{path: string, fileName: string, relPath: string, reason: string, code: string}} SkippedWire */
/**
 * @typedef {{roots: string[], photos: object[], videos: object[], skipped: SkippedWire[],
 *   participants: string[], stats: {read: number, reused: number, removed: number}}} ScanWire
 */
/**
 * @typedef {{key: string, contributor: string, make: ?string, model: ?string, offsetMinutes: number,
 *   source: string, confidence: number, photos: number, totalPhotos: number, note: ?string,
 *   camera: ?string, noDevice: boolean, handSet: boolean, detectedOffsetMinutes: ?number}} DeviceWire
 *   photos: the device's photos supporting the offset, of its totalPhotos
 */
/** @typedef {{path: string, fileName: string, reason: string}} UnplacedWire */
/** @typedef {{photos: number, of: number, picksOnly: boolean}} OutgoingWire  what an export would take now */
/**
 * A photo as planned (`PlannedPhotoWire`; the fields the UI reads).
 * @typedef {{path: string, fileName: string, localTime: string, placeName: ?string, placeSource: string,
 *   contributor: string, thumb: ?string, placeholder: ?string, id: ?number, preview: ?string, caption: string,
 *   captionEdited: boolean, captionTitle: string, credit: string, camera: ?string, device: string,
 *   originalTime: ?string, offsetMinutes: number, zone: string, contributorName: string, width: ?number,
 *   height: ?number, group: ?string, groupKind: ?string, groupSize: number, best: boolean, pick: ?string,
 *   stars: number, contributors: string[], alone: ?boolean}} PlannedPhotoWire
 */
/**
 * @typedef {{id: string, title: ?string, start: string, end: string, place: ?string,
 *   photos: PlannedPhotoWire[]}} MomentWire
 */
/** @typedef {{date: string, photos: number, place: ?string, moments: MomentWire[]}} DayWire */
/**
 * @typedef {{id: string, title: string, kind: string, place: ?string, placeAt: ?{lat: number, lon: number},
 *   start: string, end: string, photos: number, days: DayWire[], intro: LangTextWire, introEdited: boolean,
 *   introEditedLangs: {fr: boolean, en: boolean}, picks: number}} ChapterWire
 */
/**
 * @typedef {{chapters: ChapterWire[], devices: DeviceWire[], unplaced: UnplacedWire[],
 *   agendaWarnings: string[], tripZone: string}} PlanWire
 */
/**
 * The open trip, as every command that changes it answers.
 * @typedef {{mission: string, scan: ScanWire, plan: PlanWire, missionPath: ?string, generation: number,
 *   curated: boolean, canUndo: boolean, canRedo: boolean, undoLabel: ?string, redoLabel: ?string, lang: string,
 *   participants: ParticipantWire[], people: ParticipantWire[], captionTemplate: LangTextWire, templateFields: string[],
 *   hasProgramme: boolean,
 *   maxOffsetMinutes: number, picksPerChapter: Object<string, number>, reloaded: boolean,
 *   outgoing: OutgoingWire}} TripWire
 */
/**
 * One edit (`EditWire`, tagged by `kind`; photos by their `id`).
 * @typedef {{kind: "clock", device: string, mode: "set"|"clear"|"auto", minutes?: number}
 *   | {kind: "rename", chapter: string, title: string, lang?: "fr" | "en"}
 *   | {kind: "merge", chapters: string[]}
 *   | {kind: "split", photo: number}
 *   | {kind: "order", chapters: string[]}
 *   | {kind: "move", photos: number[], chapter: string}
 *   | {kind: "participant", folder: string, name: string}
 *   | {kind: "personAdd", name: string}
 *   | {kind: "personRemove", name: string}
 *   | {kind: "personLink", folder: string, to: string}
 *   | {kind: "personUnlink", folder: string}
 *   | {kind: "missionName", name: string}
 *   | {kind: "caption", photo: number, text: ?string}
 *   | {kind: "template", lang: string, text: ?string}
 *   | {kind: "intro", chapter: string, lang: string, text: ?string}
 *   | {kind: "pick", photos: number[], state: "pick"|"reject"|"none"}
 *   | {kind: "stars", photos: number[], stars: number}
 *   | {kind: "agenda", file: string}
 *   | {kind: "best", photo: number}
 *   | {kind: "alone", photo: number, alone: boolean}
 *   | {kind: "storyText", target: string, lang: "fr" | "en", text: ?string}
 *   | {kind: "storyPhotos", day: string, photos: ?number[]}
 *   | {kind: "storyCover", photo: ?number}} EditWire
 *   storyText's target: "title" | "intro" | "closing" | "chapter:ID" | "day:YYYY-MM-DD"; null text or photos: back
 *   to Recap's draft or choice
 */
/** @typedef {{path: string, code: string, message: string}} ExportFailureWire */
/**
 * @typedef {{out: string, written: number, skipped: number, failed: ExportFailureWire[], files: number,
 *   seconds: number, photos: number, removed: number, leftOut: number, warnings: string[]}} ExportWire
 */

// ---- the app and its dialogs ------------------------------------------------------------

/** @returns {Promise<LaunchWire>} how the app was started (`--demo`). */
export function launchOptions() {
  return invoke("launch_options");
}

/** @param {(o: OpenWire) => void} handler called with the path a second launch of the app hands over. */
export function onOpenPath(handler) {
  return listen("open-path", handler);
}

/** @param {string} lang "fr" | "en": the language of generated captions. @returns {Promise<void>} */
export function setLang(lang) {
  return invoke("set_lang", { lang });
}

/** @param {string} title @returns {Promise<string[]>} the folders the user picked (none if cancelled). */
export function pickFolders(title) {
  return invoke("pick_folders", { title });
}

/** @param {string} title @returns {Promise<?string>} a mission file, or null if cancelled. */
export function pickMissionFile(title) {
  return invoke("pick_mission_file", { title });
}

/** @param {string} title @returns {Promise<?string>} a programme (.ics), or null if cancelled. */
export function pickAgendaFile(title) {
  return invoke("pick_agenda_file", { title });
}

/** @param {string} title @returns {Promise<?string>} a folder, or null if cancelled. */
export function pickExportFolder(title) {
  return invoke("pick_export_folder", { title });
}

/** @param {string} path a folder Recap wrote @returns {Promise<void>} */
export function openFolder(path) {
  return invoke("open_folder", { path });
}

// ---- missions -------------------------------------------------------------------------------

/** @returns {Promise<RecentWire[]>} */
export function recentMissions() {
  return invoke("recent_missions");
}

/** @returns {Promise<string>} where a new mission's file goes by default. */
export function defaultMissionsDir() {
  return invoke("default_missions_dir");
}

/** @param {OnProgress} onProgress @returns {Promise<TripWire>} */
export function openDemo(onProgress) {
  return invoke("open_demo", { onProgress: channel(onProgress) });
}

/** @param {string} path a mission file @param {OnProgress} onProgress @returns {Promise<TripWire>} */
export function openMission(path, onProgress) {
  return invoke("open_mission", { path, onProgress: channel(onProgress) });
}

/**
 * @param {{name: string, folders: string[], dir: ?string}} mission
 * @param {OnProgress} onProgress
 * @returns {Promise<TripWire>}
 */
export function createMission({ name, folders, dir }, onProgress) {
  return invoke("create_mission", { name, folders, dir, onProgress: channel(onProgress) });
}

/** Stops the running scan or export (it then rejects with code "cancelled"). @returns {Promise<void>} */
export function cancelScan() {
  return invoke("cancel_scan");
}

/** @param {string} path a mission file @returns {Promise<string[]>} its photo folders that are gone. */
export function missingSources(path) {
  return invoke("missing_sources", { path });
}

/**
 * Points a mission at the new place of a photo folder that moved.
 * @param {string} path the mission file @param {string} old the folder as written @param {string} now its new place
 * @returns {Promise<string>} what was relocated, for the message
 */
export function relocateSource(path, old, now) {
  return invoke("relocate_source", { path, old, new: now });
}

/**
 * A long job by its command name, for the perf script (window.recapDebug.run).
 * @param {string} command "open_demo" | "open_mission" | "create_mission"
 * @param {object} args that command's arguments, without the channel
 * @returns {{start: (onProgress: OnProgress) => Promise<TripWire>, missionPath: ?string}} missionPath: the
 *   mission file the job opens, when a moved photo folder can be looked for
 */
export function longJob(command, args) {
  if (command === "open_demo") return { start: (p) => openDemo(p), missionPath: null };
  if (command === "open_mission") return { start: (p) => openMission(args.path, p), missionPath: args.path };
  if (command === "create_mission") return { start: (p) => createMission(args, p), missionPath: null };
  return { start: () => Promise.reject({ code: "invalid", message: `not a long job: ${command}` }), missionPath: null };
}

// ---- the open trip ---------------------------------------------------------------------------

/** @returns {Promise<?TripWire>} the trip the shell holds (it survives a reload of the page). */
export function trip() {
  return invoke("trip");
}

/** @param {EditWire} edit @returns {Promise<TripWire>} */
export function edit(edit) {
  return invoke("edit", { edit });
}

/** @returns {Promise<TripWire>} */
export function undo() {
  return invoke("undo");
}

/** @returns {Promise<TripWire>} */
export function redo() {
  return invoke("redo");
}

/** @returns {Promise<VersionWire[]>} the earlier versions kept beside the mission file, newest first. */
export function missionVersions() {
  return invoke("mission_versions");
}

/** @param {number} number 1 is the newest @returns {Promise<TripWire>} */
export function restoreVersion(number) {
  return invoke("restore_version", { number });
}

/**
 * Groups and ranks the trip's photos in the background.
 * @param {number} generation the trip's generation (a newer trip makes it moot)
 * @param {OnProgress} onProgress
 * @returns {Promise<boolean>} whether curation finished for this generation
 */
export function curateTrip(generation, onProgress) {
  return invoke("curate_trip", { generation, onProgress: channel(onProgress) });
}

/**
 * @typedef {{id: ?number, thumb: ?string, fileName: string, localTime: string, contributor: string, device: string}} EvidencePhotoWire
 * @typedef {{photo: EvidencePhotoWire, other: EvidencePhotoWire, secondsApart: number}} EvidenceWire
 */

/**
 * A few of a device's photos, each next to the group's nearest one at its current correction.
 * @param {string} device its key @param {number} [n] how many (4 by default) @returns {Promise<EvidenceWire[]>}
 */
export function clockEvidence(device, n) {
  return invoke("clock_evidence", { device, n: n ?? null });
}

/**
 * @typedef {{photo: ?number, fileName: string, text: LangTextWire, full: LangTextWire}} CaptionPreviewWire
 */

/**
 * Caption templates tried on a photo by the core (nothing saved): the captions tab's live preview.
 * @param {?number} photo the photo to try them on (null: the album's first)
 * @param {string} fr @param {string} en the templates as typed (empty: the default)
 * @returns {Promise<?CaptionPreviewWire>} null for a trip without photos
 */
export function previewCaption(photo, fr, en) {
  return invoke("preview_caption", { photo, fr, en });
}

/**
 * @typedef {{text: string, draft: boolean}} StoryTextWire  draft: Recap's words, not yet the user's
 * @typedef {{id: number, key: string, caption: string, credit: string, width: number, height: number,
 *   thumb: ?string}} StoryPhotoWire
 * @typedef {{date: string, heading: string, place: string, text: StoryTextWire, photos: StoryPhotoWire[],
 *   photosChosen: boolean, photoCount: number, photographers: number, highlights: string[]}} StoryDayWire
 * @typedef {{id: string, title: string, kind: string, text: StoryTextWire, days: StoryDayWire[]}} StoryChapterWire
 * @typedef {{lang: string, title: StoryTextWire, dates: string, start: ?string, end: ?string,
 *   route: {chapter: string, name: string, lat: number, lon: number, nights: number, country: string}[],
 *   cover: ?StoryPhotoWire, coverChosen: boolean, intro: StoryTextWire, chapters: StoryChapterWire[],
 *   highlights: string[], closing: StoryTextWire, credits: {name: string, photos: number}[], people: string[],
 *   photoCount: number}} StoryWire
 */

/** @param {string} lang "fr" | "en" @returns {Promise<StoryWire>} the open trip's story in that language. */
export function story(lang) {
  return invoke("story", { lang });
}

/** The core's balanced selection, written as picks. @param {number} n @param {boolean} replace @returns {Promise<TripWire>} */
export function selectPhotos(n, replace) {
  return invoke("select_photos", { n, replace });
}

/**
 * @param {{preset: string, out: string, lang: string, gps?: "keep"|"strip"|null}} job  gps: null = the preset's default
 * @param {OnProgress} onProgress
 * @returns {Promise<ExportWire>}
 */
export function exportAlbum({ preset, out, lang, gps = null }, onProgress) {
  return invoke("export", { preset, out, lang, gps, onProgress: channel(onProgress) });
}
