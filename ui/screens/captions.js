// The captions tab: the caption template in each language with a live
// preview on a photo of the trip (rendered by the core, never here), the
// suggestion to import a programme when the mission has none, and each
// chapter's introduction.

import { t, count, getLang, otherLang, STRINGS } from "../lib/i18n.js";
import * as commands from "../app/commands.js";
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

  $("programme-hint").hidden = Boolean(tr.hasProgramme);
  keepFocus($("intros"), renderIntros);
  schedulePreview(0);
}

/** Typing waits this long for a pause before asking the core again. */
const PREVIEW_DELAY_MS = 250;
let previewTimer = null;
/** Answers arrive out of order: only the latest question's is shown. */
let previewAsked = 0;

function schedulePreview(delay = PREVIEW_DELAY_MS) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(updatePreview, delay);
}

/** The photo the preview is made on: the selected one, else the cursor's, else the album's first (null). */
function previewPhoto() {
  for (const id of state.selected) return id;
  return state.cursorId ?? null;
}

async function updatePreview() {
  if (!state.trip) return;
  const asked = ++previewAsked;
  let p;
  try {
    p = await commands.previewCaption(previewPhoto(), $("template-fr").value, $("template-en").value);
  } catch (err) {
    if (asked === previewAsked) $("preview-main").textContent = (err && err.message) || String(err);
    return;
  }
  if (asked !== previewAsked) return;
  const lang = getLang();
  const other = otherLang();
  const at = p && p.photo != null && state.model ? state.model.byId.get(p.photo) : undefined;
  const photo = at === undefined ? null : state.model.photos[at];
  const img = $("preview-thumb");
  img.hidden = !(photo && photo.thumb);
  if (photo && photo.thumb) img.src = photo.thumb;
  $("preview-file").textContent = p ? p.fileName : "";
  $("preview-main").textContent = p ? p.full[lang] : t("previewNone");
  $("preview-main").lang = lang;
  $("preview-other-lang").textContent = STRINGS[other].langName;
  $("preview-other").textContent = p ? p.full[other] : "";
  $("preview-other").lang = other;
  $("caption-preview").dataset.photo = p && p.photo != null ? String(p.photo) : "";
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
    $(`template-${lang}`).addEventListener("input", () => schedulePreview());
  }
  // The programme's import is the header's, wherever it is offered.
  $("programme-import").addEventListener("click", () => $("import-agenda").click());
}
