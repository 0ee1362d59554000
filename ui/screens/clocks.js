// The clocks tab: each camera's offset from local time, kept, changed,
// cleared or left to Recap's estimate.

import { t, number, offset, percent } from "../lib/i18n.js";
import { parseOffset, MAX_OFFSET_MINUTES, cameraName } from "../lib/logic.js";
import { $, el, button, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { keepFocus } from "../app/view.js";
import { edit, displayName } from "../app/session.js";

export function render() {
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
    const cam = d.camera || cameraName(d.make, d.model) || t(d.noDevice ? "noDevice" : "unknownDevice");
    const handSet = d.handSet ?? d.source === "mission";
    tr.classList.toggle("no-device", !!d.noDevice);
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
      actions.append(keep, change, clear, auto, form);
    }
    const source = td(t(handSet ? "source.mission" : "source." + d.source), "source " + d.source, "clock-source");
    const who = el("td", "device");
    who.append(testid(el("span", "block strong", cam), "clock-camera"), testid(el("span", "block muted small", displayName(d.contributor)), "clock-contributor"));
    const offsetCell = el("td", "offset num");
    offsetCell.append(testid(el("span", null, offset(d.offsetMinutes)), "clock-offset"));
    if (handSet && typeof d.detectedOffsetMinutes === "number" && d.detectedOffsetMinutes !== d.offsetMinutes) {
      offsetCell.append(testid(el("span", "block muted small", t("clockDetected", { offset: offset(d.detectedOffsetMinutes) })), "clock-detected"));
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
  }
  $("clock-rows").replaceChildren(rows);
}
