// The "set apart" tab: photos no chapter could take, files the scan
// skipped, and what the imported programme could not use.

import { t, number } from "../lib/i18n.js";
import { $, el, testid } from "../app/dom.js";
import { state } from "../app/state.js";

export function render() {
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
