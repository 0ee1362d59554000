// The directory (bottin): each photo folder and the name its participant
// goes by in captions and credits.

import { t, number } from "../lib/i18n.js";
import { $, el, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { keepFocus } from "../app/view.js";
import { edit, participantsOf } from "../app/session.js";

export function render() {
  keepFocus($("people-rows"), renderPeopleRows);
}

function renderPeopleRows() {
  const rows = document.createDocumentFragment();
  for (const p of participantsOf(state.trip)) {
    const tr = testid(document.createElement("tr"), "person-row");
    tr.dataset.folder = p.folder;
    tr.dataset.key = p.folder;
    const input = testid(document.createElement("input"), "person-name");
    input.type = "text";
    input.value = p.name;
    input.setAttribute("aria-label", t("renamePerson", { folder: p.folder }));
    const save = () => {
      const v = input.value.trim();
      if (v && v !== p.name) edit({ kind: "participant", folder: p.folder, name: v });
      else input.value = p.name;
    };
    input.addEventListener("change", save);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); input.blur(); } });
    const name = el("td");
    name.append(input);
    tr.append(el("td", "path", p.folder), name, el("td", "num", p.photos === null || p.photos === undefined ? "" : number(p.photos)));
    rows.append(tr);
  }
  $("people-rows").replaceChildren(rows);
}
