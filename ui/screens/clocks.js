// The clocks tab: each camera's offset from local time, kept, changed,
// cleared or left to Recap's estimate. Doubtful clocks come first, with the
// obvious "on home time" fix and, on demand, their photos next to the
// group's to check by eye.

import { t, number, offset, percent, clock, getLang } from "../lib/i18n.js";
import { parseOffset, MAX_OFFSET_MINUTES, cameraName } from "../lib/logic.js";
import { sortDevices, isDoubtful, isLowConfidence, homeFix, homeName, homeVars, drift, apart } from "../lib/clocks.js";
import { $, el, button, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { keepFocus } from "../app/view.js";
import { edit, displayName } from "../app/session.js";
import { clockEvidence } from "../app/commands.js";

// Devices whose photos are shown next to the group's; kept across redraws
// so a correction shows its effect at once.
const checking = new Set();
// Per device, the last answer ({trip, pairs, error}) and the trip a request
// is on its way for: each new trip (an edit, an undo) asks again, and an
// answer for an older trip is dropped.
const evidence = new Map();
const pending = new Map();

export function render() {
  renderHome();
  keepFocus($("clock-rows"), renderClockRows);
}

// Where the group lives: found from the departure photos, or set by hand
// when they do not say (no GPS, phones already on trip time).
function renderHome() {
  const plan = state.trip.plan || {};
  const set = state.trip.homeZoneSet || null;
  const zone = plan.homeZone || set;
  const place = homeName(plan, null, getLang());
  $("home-zone-text").textContent = zone ? t("homeZoneLine", { place: place || zone, zone }) : t("homeZoneUnknown");
  $("home-zone-how").textContent = zone ? t(set ? "homeZoneSetByUser" : "homeZoneFound") : "";
  $("home-zone-auto").hidden = !set;
  const input = $("home-zone-input");
  input.setAttribute("aria-label", t("homeZoneLabel"));
  input.placeholder = t("homeZoneLabel");
  if (document.activeElement !== input) input.value = zone || "";
  const list = $("home-zone-list");
  if (!list.childElementCount && typeof Intl.supportedValuesOf === "function") {
    for (const z of Intl.supportedValuesOf("timeZone")) list.append(new Option(z));
  }
}

// A zone the core refuses comes back as an error the app shows like any
// other (no list here: the core knows aliases such as America/Montreal).
function setHome(zone) {
  return edit({ kind: "homeZone", zone });
}

export function wireHome() {
  const input = $("home-zone-input");
  const apply = () => {
    const zone = input.value.trim();
    if (zone) setHome(zone);
  };
  $("home-zone-apply").addEventListener("click", apply);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); apply(); }
  });
  $("home-zone-auto").addEventListener("click", () => setHome(null));
}

function renderClockRows() {
  const devices = sortDevices((state.trip.plan && state.trip.plan.devices) || []);
  const known = new Set(devices.map((d) => d.key));
  for (const key of [...checking]) if (!known.has(key)) checking.delete(key);
  const rows = document.createDocumentFragment();
  for (const d of devices) {
    const tr = testid(document.createElement("tr"), "clock-row");
    tr.dataset.device = d.key;
    tr.dataset.key = d.key;
    tr.title = d.note || d.key;
    const cam = d.camera || cameraName(d.make, d.model) || t(d.noDevice ? "noDevice" : "unknownDevice");
    const handSet = d.handSet ?? d.source === "mission";
    const doubtful = isDoubtful(d);
    tr.classList.toggle("no-device", !!d.noDevice);
    tr.classList.toggle("doubtful", doubtful);
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
    // Nothing to accept when the offset is already the user's, or nothing was detected.
    keep.hidden = handSet || d.source === "none";
    const change = testid(button(t("clockChange"), () => {
      form.hidden = !form.hidden;
      if (!form.hidden) { input.value = offset(d.offsetMinutes).replace("−", "-"); input.focus(); input.select(); }
    }), "clock-change");
    const clear = testid(button(t("clockClear"), () => edit({ kind: "clock", device: d.key, mode: "clear" })), "clock-clear");
    clear.title = t("clockClearHelp");
    const auto = testid(button(t("clockAuto"), () => edit({ kind: "clock", device: d.key, mode: "auto" })), "clock-auto");
    auto.title = t("clockAutoHelp");
    // Only a verdict of the user's can be handed back to detection.
    auto.hidden = !handSet;
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
    if (d.noDevice) {
      // Copies without any camera tag: their times come from the files, there
      // is no clock to judge; an old verdict can still be handed back.
      actions.append(testid(el("span", "muted small", t("noDeviceHelp")), "clock-no-device"));
      if (handSet) actions.append(auto);
    } else {
      const fix = homeFix(d, state.trip.plan, getLang());
      if (fix) {
        const vars = homeVars(fix, getLang());
        const home = testid(button(t(vars.place ? "clockHome" : "clockHomeUnknown", vars), () =>
          edit({ kind: "clock", device: d.key, mode: "set", minutes: fix.minutes }), "home-fix"), "clock-home");
        home.dataset.minutes = String(fix.minutes);
        home.title = t(vars.place ? "clockHomeHelp" : "clockHomeUnknownHelp", vars);
        actions.append(home);
      }
      const check = testid(button(t(checking.has(d.key) ? "clockCheckHide" : "clockCheck"), () => {
        if (checking.has(d.key)) checking.delete(d.key);
        else checking.add(d.key);
        render();
      }), "clock-check");
      check.title = t("clockCheckHelp");
      check.setAttribute("aria-expanded", String(checking.has(d.key)));
      actions.append(keep, change, clear, auto, check, form);
    }
    const source = td(t(handSet ? "source.mission" : "source." + d.source), "source " + d.source, "clock-source");
    const who = el("td", "device");
    who.append(testid(el("span", "block strong", cam), "clock-camera"), testid(el("span", "block muted small", displayName(d.contributor)), "clock-contributor"));
    if (doubtful || isLowConfidence(d)) {
      // Said in words, not colour alone.
      const flag = testid(el("span", "block clock-flag" + (doubtful ? " doubt" : ""), t(doubtful ? "clockDoubt" : "clockLow")), "clock-doubt");
      flag.title = t("clockDoubtHelp");
      who.append(flag);
    }
    const offsetCell = el("td", "offset num");
    offsetCell.append(testid(el("span", null, offset(d.offsetMinutes)), "clock-offset"));
    if (handSet && typeof d.detectedOffsetMinutes === "number" && d.detectedOffsetMinutes !== d.offsetMinutes) {
      offsetCell.append(testid(el("span", "block muted small", t("clockDetected", { offset: offset(d.detectedOffsetMinutes) })), "clock-detected"));
    }
    if (Number.isInteger(d.driftSeconds) && d.driftSeconds !== 0) {
      offsetCell.append(testid(el("span", "block muted small", t("clockDrift", { drift: drift(d.driftSeconds) })), "clock-drift"));
    }
    if (doubtful && Number.isInteger(d.runnerUp) && d.runnerUp !== d.offsetMinutes) {
      offsetCell.append(testid(el("span", "block muted small", t("clockRunnerUp", { offset: offset(d.runnerUp) })), "clock-runner-up"));
    }
    // A hand-set offset has no confidence (the user said so), nor has a
    // clock nothing was detected for.
    const confidence = td(handSet || d.noDevice || d.source === "none" ? "—" : percent(d.confidence), "num", "clock-confidence");
    const evidence = td(t("clockEvidence", { n: number(d.photos), total: number(d.totalPhotos) }), "num", "clock-photos");
    evidence.title = handSet
      ? t("clockEvidenceHandSet", { total: number(d.totalPhotos) })
      : t("clockEvidenceHelp", { n: number(d.photos), total: number(d.totalPhotos) });
    tr.append(who, offsetCell, source, confidence, evidence, actionsCell);
    rows.append(tr);
    if (checking.has(d.key) && !d.noDevice) rows.append(evidenceRow(d, cam));
  }
  $("clock-rows").replaceChildren(rows);
  refreshEvidence();
}

/** The row under a device's: its photos next to the group's, or where they stand. */
function evidenceRow(d, cam) {
  const tr = testid(document.createElement("tr"), "clock-evidence");
  tr.dataset.key = d.key;
  tr.dataset.device = d.key;
  tr.className = "clock-evidence";
  const cell = el("td");
  cell.colSpan = 6;
  tr.append(cell);
  cell.append(el("p", "muted small", t("evidenceIntro", { camera: cam })));
  const got = evidence.get(d.key);
  if (!got || got.trip !== state.trip) {
    cell.append(testid(el("p", "muted small", t("evidenceLoading")), "evidence-loading"));
    return tr;
  }
  if (got.error || !got.pairs.length) {
    cell.append(testid(el("p", "muted small", got.error ? got.error : t("evidenceNone")), "evidence-none"));
    return tr;
  }
  const list = el("div", "evidence-pairs");
  for (const pair of got.pairs) {
    const fig = testid(el("figure", "evidence-pair"), "evidence-pair");
    fig.dataset.secondsApart = String(pair.secondsApart);
    const side = (p, label, id) => {
      const box = el("div", "evidence-side");
      const img = testid(document.createElement("img"), id);
      img.alt = p.fileName || "";
      img.decoding = "async";
      if (p.thumb) img.src = p.thumb;
      box.append(img, el("span", "block small", label));
      return box;
    };
    const gap = apart(pair.secondsApart, getLang());
    fig.append(
      side(pair.photo, t("evidenceThis", { time: clock(pair.photo.localTime) }), "evidence-photo"),
      side(pair.other, t("evidenceOther", { name: displayName(pair.other.contributor), time: clock(pair.other.localTime) }), "evidence-other"),
      testid(el("figcaption", "small" + (Math.abs(pair.secondsApart) > 3600 ? " evidence-far" : ""), gap ? t("evidenceApart", { gap }) : t("evidenceSame")), "evidence-gap"),
    );
    list.append(fig);
  }
  cell.append(list);
  return tr;
}

/** Asks the shell for the pairs of each device being checked, unless they are the trip's already. */
function refreshEvidence() {
  const trip = state.trip;
  for (const key of checking) {
    if (evidence.get(key)?.trip === trip || pending.get(key) === trip) continue;
    pending.set(key, trip);
    clockEvidence(key, 4).then(
      (pairs) => settle(key, trip, { trip, pairs: pairs || [] }),
      (err) => settle(key, trip, { trip, pairs: [], error: (err && err.message) || String(err) }),
    );
  }
}

function settle(key, trip, answer) {
  if (pending.get(key) === trip) pending.delete(key);
  // Only for the trip on screen, and only while the row is open.
  if (trip !== state.trip || !checking.has(key)) return;
  evidence.set(key, answer);
  render();
}
