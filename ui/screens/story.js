// The Récit tab: the mission's story as it will read (cover, introduction,
// each chapter and day with its text and photos, closing words, credits),
// edited in place. Texts save when the field is left or typing pauses; a
// day's photos are removed, added and re-ordered by drag or by keyboard
// (Alt+←/→). Every change is an edit of the mission through the session's
// queue, so undo and redo work as everywhere. The story itself is computed by
// the core (`story` command) in the preview's language, never here.

import { t, count, getLang, STRINGS } from "../lib/i18n.js";
import {
  target, textEdit, draftEdit, photosEdit, moveBy, dropOn, without, withPhoto, candidates, storyPhotos, routeText,
  moveAnnouncement, MAX_TEXT_CHARS,
} from "../lib/story.js";
import * as commands from "../app/commands.js";
import { $, el, button, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { toastError } from "../app/view.js";
import { edit } from "../app/session.js";

/** Typing waits this long for a pause before the text is saved. */
const SAVE_DELAY_MS = 1500;

/** The language the story is previewed (and its texts edited) in; null: the interface's. */
let previewLang = null;
/** @type {?object} the StoryWire on screen */
let story = null;
/** The trip changed since the story was asked for. */
let stale = true;
/** Answers arrive out of order: only the latest question's is drawn. */
let asked = 0;
/** Texts sent and not yet seen back in a story, by field key: leaving the field does not send them twice. */
const sent = new Map();
/** The photo to focus once the story comes back after a keyboard move: {day, id}. */
let focusAfter = null;
/** The photo being dragged: {day, id}. */
let dragging = null;

function lang() {
  return previewLang || getLang();
}

/** Each new state of the trip: the story is asked again when its tab is on screen, else when it is shown. */
export function render() {
  stale = true;
  if (state.tab === "story") load();
}

/** The tab was shown. */
export function shown() {
  renderLangSwitch();
  if (stale || !story || story.lang !== lang()) load();
}

async function load() {
  if (!state.trip) return;
  const ask = ++asked;
  stale = false;
  if (!story) $("story-status").textContent = t("storyLoading");
  let s;
  try {
    s = await commands.story(lang());
  } catch (err) {
    if (ask === asked) toastError(err);
    return;
  }
  if (ask !== asked) return;
  story = s;
  draw();
}

// ---- drawing -------------------------------------------------------------------------------------

/** A text field's identity across redraws. */
const fieldKey = (tgt, l) => `${tgt}|${l}`;

function draw() {
  const root = $("story");
  // The field being typed in keeps what was typed and its caret.
  const a = document.activeElement;
  const typing = a && root.contains(a) && a.dataset.field
    ? { key: a.dataset.field, value: a.value, start: a.selectionStart, end: a.selectionEnd }
    : null;
  sent.clear();
  const l = story.lang;
  const days = story.chapters.reduce((n, c) => n + c.days.length, 0);
  $("story-status").textContent = days ? "" : t("storyEmpty");
  const parts = [renderCover(l)];
  parts.push(textBlock("intro", l, story.intro, t("storyIntroLabel"), "h3"));
  for (const c of story.chapters) parts.push(renderChapter(c, l));
  parts.push(textBlock("closing", l, story.closing, t("storyClosingLabel"), "h3"));
  parts.push(renderCredits());
  root.replaceChildren(...parts);
  root.lang = l === "fr" ? "fr-CA" : "en-CA";
  root.dataset.lang = l;

  if (typing) {
    const f = root.querySelector(`[data-field="${CSS.escape(typing.key)}"]`);
    if (f) {
      if (f.value !== typing.value) f.value = typing.value;
      f.focus({ preventScroll: true });
      f.setSelectionRange(typing.start, typing.end);
    }
  }
  if (focusAfter) {
    const li = root.querySelector(`[data-day="${focusAfter.day}"] [data-testid="story-photo"][data-id="${focusAfter.id}"]`);
    focusAfter = null;
    if (li) li.focus({ preventScroll: false });
  }
}

function renderLangSwitch() {
  for (const l of ["fr", "en"]) {
    const b = $(`story-lang-${l}`);
    b.textContent = STRINGS[l].langName;
    b.setAttribute("aria-pressed", String(lang() === l));
  }
}

/** The mark of a text: Recap's draft or the user's, and the way back to the draft. */
function textState(tgt, l, text) {
  const row = el("div", "row story-state");
  const tag = testid(el("span", text.draft ? "tag" : "tag edited", t(text.draft ? "storyDraft" : "storyEdited")), "story-text-state");
  tag.dataset.draft = String(!!text.draft);
  row.append(tag);
  if (!text.draft) row.append(testid(button(t("storyBackToDraft"), () => edit(draftEdit(tgt, l)), "link"), "story-back-to-draft"));
  return row;
}

/** A text of the story, editable in place: saved on leaving the field or after a pause in typing. */
function textArea(tgt, l, text, label, rows = 4) {
  const area = testid(document.createElement("textarea"), "story-text");
  area.rows = rows;
  area.lang = l;
  area.maxLength = MAX_TEXT_CHARS;
  area.value = text.text || "";
  area.dataset.field = fieldKey(tgt, l);
  area.dataset.target = tgt;
  area.dataset.draft = String(!!text.draft);
  area.setAttribute("aria-label", label);
  let timer = null;
  const save = () => {
    clearTimeout(timer);
    const wire = textEdit(tgt, l, area.value, text);
    if (!wire) return;
    const key = fieldKey(tgt, l);
    if (sent.get(key) === wire.text) return;
    sent.set(key, wire.text);
    edit(wire);
  };
  area.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });
  area.addEventListener("blur", save);
  return area;
}

function textBlock(kind, l, text, label, heading) {
  const tgt = target(kind);
  const box = testid(el("section", "story-block"), `story-${kind}`);
  box.dataset.key = tgt;
  box.append(el(heading, null, label), textArea(tgt, l, text, label), textState(tgt, l, text));
  return box;
}

function thumbOf(p) {
  if (p.thumb) return p.thumb;
  const i = state.model ? state.model.byId.get(p.id) : undefined;
  return i === undefined ? "" : state.model.photos[i].thumb || "";
}

function img(p, alt) {
  const i = el("img", "story-thumb");
  i.src = thumbOf(p);
  i.alt = alt || "";
  i.loading = "lazy";
  i.draggable = false;
  return i;
}

let coverPicking = false;

function renderCover(l) {
  const box = testid(el("section", "story-cover"), "story-cover");
  box.dataset.key = "title";
  const title = textArea("title", l, story.title, t("storyTitleLabel"), 1);
  title.classList.add("story-title");
  box.append(el("h3", null, t("storyTitleLabel")), title, textState("title", l, story.title));
  if (story.dates) box.append(testid(el("p", "story-dates", story.dates), "story-dates"));
  const route = routeText(story.route);
  if (route) box.append(testid(el("p", "muted", t("storyRoute", { route })), "story-route"));

  const cover = el("div", "story-cover-photo");
  if (story.cover) {
    const pic = img(story.cover, story.cover.caption);
    pic.classList.add("cover");
    pic.dataset.testid = "story-cover-img";
    pic.dataset.id = String(story.cover.id);
    cover.append(pic);
  } else {
    cover.append(el("p", "muted", t("storyNoCover")));
  }
  const actions = el("div", "row");
  const choose = testid(button(t("storyChooseCover"), () => {
    coverPicking = !coverPicking;
    draw();
  }), "story-choose-cover");
  choose.setAttribute("aria-expanded", String(coverPicking));
  actions.append(choose);
  if (story.coverChosen) actions.append(testid(button(t("storyCoverAuto"), () => edit({ kind: "storyCover", photo: null }), "link"), "story-cover-auto"));
  cover.append(actions);
  if (coverPicking) {
    const list = testid(el("div", "story-picker"), "story-cover-picker");
    for (const p of storyPhotos(story)) {
      const b = button("", () => {
        coverPicking = false;
        edit({ kind: "storyCover", photo: p.id });
      }, "story-pick");
      b.title = t("storyCoverPick");
      b.setAttribute("aria-label", `${t("storyCoverPick")} — ${p.caption}`);
      b.dataset.id = String(p.id);
      b.append(img(p));
      list.append(b);
    }
    cover.append(list);
  }
  box.append(el("h3", null, t("storyCover")), cover);
  return box;
}

function renderChapter(c, l) {
  const tgt = target("chapter", c.id);
  const box = testid(el("section", "story-chapter"), "story-chapter");
  box.dataset.key = tgt;
  box.dataset.chapter = c.id;
  box.append(el("h3", null, c.title));
  box.append(textArea(tgt, l, c.text, t("storyChapterText", { name: c.title }), 3), textState(tgt, l, c.text));
  for (const d of c.days) box.append(renderDay(d, l));
  return box;
}

function renderDay(d, l) {
  const tgt = target("day", d.date);
  const box = testid(el("article", "story-day"), "story-day");
  box.dataset.key = tgt;
  box.dataset.day = d.date;
  box.append(testid(el("h4", null, d.heading), "story-day-heading"));
  const facts = [count(d.photoCount, "photoCount"), count(d.photographers, "storyPhotographers")];
  if (d.highlights && d.highlights.length) facts.push(d.highlights.join(" · "));
  box.append(el("p", "muted small", facts.join(" · ")));
  box.append(textArea(tgt, l, d.text, t("storyDayText", { day: d.heading })), textState(tgt, l, d.text));
  box.append(renderDayPhotos(d));
  return box;
}

// ---- a day's photos -----------------------------------------------------------------------------

function announce(text) {
  $("story-live").textContent = text;
}

function sendPhotos(d, ids, focusId) {
  const wire = photosEdit(d.date, d.photos.map((p) => p.id), ids);
  if (!wire) return;
  if (focusId !== undefined) focusAfter = { day: d.date, id: focusId };
  edit(wire);
}

function renderDayPhotos(d) {
  const wrap = el("div", "story-photos-wrap");
  const ids = d.photos.map((p) => p.id);
  const head = el("div", "row small");
  const how = testid(el("span", d.photosChosen ? "tag edited" : "tag", t(d.photosChosen ? "storyPhotosChosen" : "storyPhotosAuto")), "story-photos-state");
  how.dataset.chosen = String(!!d.photosChosen);
  head.append(how);
  if (d.photosChosen) {
    head.append(testid(button(t("storyPhotosBackToAuto"), () => edit({ kind: "storyPhotos", day: d.date, photos: null }), "link"), "story-photos-auto"));
  }
  wrap.append(head);

  const list = testid(el("ul", "story-photos"), "story-photos");
  list.setAttribute("aria-label", t("storyPhotosHelp"));
  d.photos.forEach((p, i) => {
    const li = testid(el("li", "story-photo"), "story-photo");
    li.tabIndex = 0;
    li.draggable = true;
    li.dataset.id = String(p.id);
    li.setAttribute("aria-label", t("storyPhotoLabel", { pos: i + 1, n: ids.length, caption: p.caption }));
    li.title = p.credit ? `${p.caption} — ${p.credit}` : p.caption;
    li.append(img(p));
    const remove = testid(button("×", () => {
      announce(t("storyRemoved"));
      sendPhotos(d, without(ids, p.id));
    }, "story-remove"), "story-remove");
    remove.setAttribute("aria-label", t("storyRemovePhoto"));
    remove.title = t("storyRemovePhoto");
    remove.tabIndex = -1;
    li.append(remove);
    li.addEventListener("keydown", (e) => {
      if (e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
        e.preventDefault();
        const next = moveBy(ids, p.id, e.key === "ArrowLeft" ? -1 : 1);
        announce(moveAnnouncement(t, next, p.id));
        sendPhotos(d, next, p.id);
      } else if (!e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
        e.preventDefault();
        const sib = e.key === "ArrowLeft" ? li.previousElementSibling : li.nextElementSibling;
        if (sib) sib.focus();
      } else if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        const sib = li.nextElementSibling || li.previousElementSibling;
        announce(t("storyRemoved"));
        sendPhotos(d, without(ids, p.id), sib ? Number(sib.dataset.id) : undefined);
      }
    });
    li.addEventListener("dragstart", (e) => {
      dragging = { day: d.date, id: p.id };
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(p.id));
    });
    li.addEventListener("dragend", () => { dragging = null; });
    li.addEventListener("dragover", (e) => {
      if (dragging && dragging.day === d.date && dragging.id !== p.id) e.preventDefault();
    });
    li.addEventListener("drop", (e) => {
      if (!dragging || dragging.day !== d.date) return;
      e.preventDefault();
      const next = dropOn(ids, dragging.id, p.id);
      dragging = null;
      sendPhotos(d, next);
    });
    list.append(li);
  });
  wrap.append(list);

  // The day's other photos, drawn only when asked for: a busy day has hundreds.
  const more = candidates(state.model, d.date, ids);
  if (more.length) {
    const details = testid(document.createElement("details"), "story-add");
    details.className = "story-add";
    details.append(el("summary", null, t("storyAddPhotos", { n: more.length })));
    details.addEventListener("toggle", () => {
      if (!details.open || details.querySelector(".story-picker")) return;
      const picker = el("div", "story-picker");
      for (const p of more) {
        const b = testid(button("", () => {
          announce(t("storyAdded"));
          sendPhotos(d, withPhoto(ids, p.id));
        }, "story-pick"), "story-add-photo");
        b.dataset.id = String(p.id);
        b.title = t("storyAddPhoto");
        b.setAttribute("aria-label", `${t("storyAddPhoto")} — ${p.fileName}`);
        b.append(img(p));
        picker.append(b);
      }
      details.append(picker);
    });
    wrap.append(details);
  }
  return wrap;
}

function renderCredits() {
  const box = testid(el("section", "story-credits"), "story-credits");
  box.append(el("h3", null, t("storyCredits")));
  const ul = el("ul", "story-credit-list");
  for (const c of story.credits || []) ul.append(el("li", null, `${c.name} — ${count(c.photos, "photoCount")}`));
  box.append(ul);
  if (story.people && story.people.length) {
    box.append(el("h3", null, t("storyPeople")), testid(el("p", null, story.people.join(", ")), "story-people"));
  }
  return box;
}

export function init() {
  for (const l of ["fr", "en"]) {
    $(`story-lang-${l}`).addEventListener("click", () => {
      previewLang = l === getLang() ? null : l;
      renderLangSwitch();
      load();
    });
  }
}

/** The interface's language changed: the preview follows it. */
export function langChanged() {
  previewLang = null;
  renderLangSwitch();
}
