// The captions tab: the caption template in each language, and each
// chapter's introduction.

import { t, count } from "../lib/i18n.js";
import { editedCaptions } from "../lib/logic.js";
import { $, el, button, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { keepFocus } from "../app/view.js";
import { edit } from "../app/session.js";
import { showFiltered } from "./browse.js";

export function render() {
  const tr = state.trip;
  const tpl = tr.captionTemplate || { fr: "", en: "" };
  for (const lang of ["fr", "en"]) {
    const area = $(`template-${lang}`);
    if (document.activeElement !== area) area.value = tpl[lang] || "";
  }
  const fields = document.createDocumentFragment();
  for (const f of tr.templateFields || []) fields.append(el("code", "field-chip", `{${f}}`), " ");
  $("template-fields").replaceChildren(fields);
  const n = editedCaptions(state.model);
  $("edited-count").replaceChildren(el("span", null, count(n, "editedCaptions")));
  if (n) {
    const b = testid(button(t("filterEdited"), () => showFiltered({ edited: true }), "link"), "show-edited");
    $("edited-count").append(" ", b);
  }

  keepFocus($("intros"), renderIntros);
}

function renderIntros() {
  const intros = document.createDocumentFragment();
  for (const c of state.model.chapters) {
    const box = testid(el("div", "intro"), "intro");
    box.dataset.chapter = c.id;
    box.dataset.key = c.id;
    const h = el("h4", null, c.title);
    if (c.introEdited) h.append(" ", el("span", "tag", t("introEdited")));
    box.append(h);
    const intro = c.intro || { fr: "", en: "" };
    const row = el("div", "templates");
    for (const lang of ["fr", "en"]) {
      const label = el("label", "field");
      const area = testid(document.createElement("textarea"), `intro-${lang}`);
      area.rows = 3;
      area.lang = lang;
      area.value = intro[lang] || "";
      label.append(el("span", null, t(lang === "fr" ? "introFr" : "introEn")), area);
      const save = testid(button(t("save"), () => {
        const v = area.value.trim();
        if (v !== (intro[lang] || "").trim()) edit({ kind: "intro", chapter: c.id, lang, text: v || null });
      }), `intro-${lang}-save`);
      const reset = testid(button(t("resetIntro"), () => edit({ kind: "intro", chapter: c.id, lang, text: null })), `intro-${lang}-reset`);
      reset.hidden = c.introEditedLangs ? !c.introEditedLangs[lang] : !c.introEdited;
      const actions = el("div", "row");
      actions.append(save, reset);
      const col = el("div", "template");
      col.append(label, actions);
      row.append(col);
    }
    box.append(row);
    intros.append(box);
  }
  $("intros").replaceChildren(intros);
}

export function init() {
  for (const lang of ["fr", "en"]) {
    $(`template-${lang}-save`).addEventListener("click", () => {
      const v = $(`template-${lang}`).value.trim();
      edit({ kind: "template", lang, text: v || null });
    });
    $(`template-${lang}-reset`).addEventListener("click", () => edit({ kind: "template", lang, text: null }));
  }
}
