// The directory (bottin): who was there. Each photo folder and the name its
// participant goes by in captions and credits; delegates who sent no photo,
// added here; and folders that are someone else's ("Marc iPhone" is Marc's),
// linked here so their photos, devices and credits merge. Every change is an
// edit of the mission, undone like the others.

import { t, number } from "../lib/i18n.js";
import { $, el, button, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { keepFocus } from "../app/view.js";
import { edit, participantsOf } from "../app/session.js";

let wired = false;

/** The Bottin's rows: the trip's `people` (older shells send only `participants`). */
function peopleOf(trip) {
  return Array.isArray(trip.people) && trip.people.length ? trip.people : participantsOf(trip);
}

function wireAddForm() {
  if (wired) return;
  wired = true;
  $("person-add-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("person-add-name");
    const name = input.value.trim();
    if (!name) return;
    input.value = "";
    edit({ kind: "personAdd", name });
  });
}

export function render() {
  wireAddForm();
  keepFocus($("people-rows"), renderPeopleRows);
}

/** The choice of whose photos a folder holds: itself, or another person of the trip. */
function linkChoice(p, people) {
  const select = testid(document.createElement("select"), "person-link");
  select.setAttribute("aria-label", t("linkPerson", { folder: p.folder }));
  const self = el("option", null, t("personSelf"));
  self.value = "";
  select.append(self);
  for (const o of people) {
    if (o.folder === p.folder || o.linkedTo) continue;
    const opt = el("option", null, o.name === o.folder ? o.folder : `${o.name} (${o.folder})`);
    opt.value = o.folder;
    select.append(opt);
  }
  select.value = "";
  select.addEventListener("change", () => {
    if (select.value) edit({ kind: "personLink", folder: p.folder, to: select.value });
  });
  return select;
}

function renderPeopleRows() {
  const people = peopleOf(state.trip);
  const rows = document.createDocumentFragment();
  for (const p of people) {
    const tr = testid(document.createElement("tr"), "person-row");
    tr.dataset.folder = p.folder;
    tr.dataset.key = p.folder;
    if (p.delegate) tr.dataset.delegate = "true";
    if (p.linkedTo) tr.dataset.linkedTo = p.linkedTo;
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
    const photos = p.photos === null || p.photos === undefined ? "" : number(p.photos);
    const count = testid(el("td", "num", p.delegate && !p.photos ? t("delegateNoPhotos") : photos), "person-photos");
    const whose = el("td", "person-is");
    if (p.linkedTo) {
      const to = people.find((o) => o.folder === p.linkedTo);
      whose.append(testid(el("span", "person-linked", to ? to.name : p.linkedTo), "person-linked-to"), " ",
        testid(button(t("unlinkPerson"), () => edit({ kind: "personUnlink", folder: p.folder })), "person-unlink"));
    } else if (p.delegate) {
      whose.append(testid(button(t("removePerson"), () => edit({ kind: "personRemove", name: p.folder })), "person-remove"));
    } else {
      whose.append(linkChoice(p, people));
    }
    tr.append(el("td", "path", p.folder), name, count, whose);
    rows.append(tr);
  }
  $("people-rows").replaceChildren(rows);
}
