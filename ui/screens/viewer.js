// The viewer (one photo large, its caption and details) and the compare view
// (a group of similar photos side by side, to keep the best).

import { t, number, dateTime, offset, placeText, utcOffset } from "../lib/i18n.js";
import { groupMembers, compareGroup, isAlone } from "../lib/logic.js";
import { $, el, testid } from "../app/dom.js";
import { state } from "../app/state.js";
import { edit, curate, isCurateAction, photoById, displayName } from "../app/session.js";
import { grid, setCursor, selectOnly, focusGrid } from "./browse.js";

let viewerId = null;
let compare = null; // {ids, focus, group}
let previewLoader = null;

export function isOpen() {
  return viewerId !== null;
}

/** Follows a new state of the trip (a photo edited, moved or gone). */
export function renderTrip() {
  if (viewerId !== null) fillViewer();
  if (compare) renderCompare();
}

// ---- viewer --------------------------------------------------------------------------------

export function openViewer(k) {
  const p = grid.photoAt(k);
  if (!p) return;
  setCursor(k);
  viewerId = p.id;
  $("viewer").hidden = false;
  fillViewer(true);
  $("viewer-close").focus();
}

export function closeViewer(focusTheGrid = true) {
  if (viewerId === null) return;
  viewerId = null;
  $("viewer").hidden = true;
  if (previewLoader) previewLoader.onload = null;
  if (focusTheGrid) focusGrid();
}

function viewerPhoto() {
  const i = state.model.byId.get(viewerId);
  return i === undefined ? null : state.model.photos[i];
}

function fillViewer(newPhoto = false) {
  const p = viewerPhoto();
  if (!p) return closeViewer();
  const k = grid.shownIndexOf(p.id);
  const img = $("viewer-img");
  if (newPhoto || img.dataset.id !== String(p.id)) {
    img.dataset.id = String(p.id);
    // The grid's thumbnail at once (already in the cache), the preview when it arrives.
    img.dataset.state = "thumb";
    if (p.thumb) img.src = p.thumb;
    else img.removeAttribute("src");
    if (previewLoader) previewLoader.onload = null;
    if (p.preview) {
      const loader = new Image();
      previewLoader = loader;
      loader.onload = () => {
        if (viewerId !== p.id) return;
        img.src = p.preview;
        img.dataset.state = "preview";
      };
      loader.src = p.preview;
    }
  }
  img.alt = p.caption || p.fileName;
  $("viewer-file").textContent = p.fileName;
  $("viewer-pos").textContent = k >= 0 ? t("position", { i: number(k + 1), n: number(grid.shown.length) }) : "";
  $("viewer-prev").disabled = k <= 0;
  $("viewer-next").disabled = k < 0 || k >= grid.shown.length - 1;

  const cap = $("viewer-caption");
  const typing = document.activeElement === cap && cap.dataset.id === String(p.id) && cap.value !== cap.dataset.saved;
  if (!typing) {
    cap.value = p.caption ?? "";
    cap.dataset.saved = cap.value;
    cap.dataset.id = String(p.id);
  }
  $("viewer-credit").textContent = p.credit || "";
  $("viewer-credit").hidden = !p.credit;
  $("viewer-caption-state").textContent = p.captionEdited ? t("captionEdited") : t("captionTemplate");
  $("viewer-caption-state").classList.toggle("edited", !!p.captionEdited);
  $("viewer-caption-reset").hidden = !p.captionEdited;
  $("viewer-caption-save").disabled = cap.value === cap.dataset.saved;

  const pickState = $("viewer-pick-state");
  pickState.textContent = [p.pick === "pick" ? t("picked") : p.pick === "reject" ? t("rejected") : "", p.stars ? "★".repeat(p.stars) : "", p.best ? t("best") : ""].filter(Boolean).join(" · ");
  pickState.hidden = !pickState.textContent;
  $("viewer-compare").hidden = !(p.group && p.groupSize > 1);

  const zone = [p.zone, utcOffset(p.localTime)].filter(Boolean).join(", ");
  const time = $("viewer-time");
  time.replaceChildren(el("span", null, `${dateTime(p.localTime) || ""}${zone ? ` (${zone})` : ""}`));
  if (p.originalTime && p.offsetMinutes) {
    const orig = testid(el("span", "muted small block", t("cameraTime", { time: dateTime(p.originalTime) || p.originalTime, offset: offset(p.offsetMinutes) })), "viewer-original-time");
    time.append(orig);
  }
  $("viewer-place").textContent = placeText(p.placeName, p.placeSource);
  $("viewer-who").textContent = p.contributorName || displayName(p.contributor);
  $("viewer-camera").textContent = p.camera || t("unknown");
  $("viewer-size").textContent = p.width && p.height ? `${number(p.width)} × ${number(p.height)}` : t("unknown");
}

function viewerStep(dir) {
  const k = grid.shownIndexOf(viewerId);
  const next = k + dir;
  if (k < 0 || next < 0 || next >= grid.shown.length) return;
  saveCaption();
  selectOnly(next);
  viewerId = grid.photoAt(next).id;
  fillViewer(true);
}

function saveCaption() {
  const cap = $("viewer-caption");
  if (cap.dataset.id === undefined || cap.value === cap.dataset.saved) return;
  const id = Number(cap.dataset.id);
  const text = cap.value.trim();
  cap.dataset.saved = cap.value;
  edit({ kind: "caption", photo: id, text: text === "" ? null : text });
}

// ---- compare (a group side by side) ---------------------------------------------------------

export function openCompare(p) {
  if (!p || !p.group) return;
  const members = groupMembers(state.model, p);
  compare = { ids: members.map((m) => m.id), focus: Math.max(0, members.findIndex((m) => m.id === p.id)), group: p.group };
  $("compare").hidden = false;
  renderCompare();
  $("compare-close").focus();
}

function closeCompare() {
  compare = null;
  $("compare").hidden = true;
  if (viewerId !== null) $("viewer-close").focus();
  else focusGrid();
}

function renderCompare() {
  const c = compare;
  c.ids = c.ids.filter((id) => state.model.byId.has(id));
  if (!c.ids.length) return closeCompare();
  // Group ids may change when a photo is split off; follow the majority.
  c.group = compareGroup(state.model, c.ids) || c.group;
  c.focus = Math.min(c.focus, c.ids.length - 1);
  $("compare-title").textContent = t("compareTitle", { n: number(c.ids.length) });
  const items = document.createDocumentFragment();
  c.ids.forEach((id, i) => {
    const p = photoById(id);
    const alone = isAlone(p, c.group);
    const fig = testid(el("figure", "compare-item" + (i === c.focus ? " focus" : "") + (p.pick ? " " + p.pick : "") + (alone ? " alone" : "")), "compare-item");
    fig.dataset.id = String(id);
    fig.dataset.best = String(!!p.best && !alone);
    fig.dataset.pick = p.pick || "";
    fig.dataset.alone = String(alone);
    if (i === c.focus) fig.setAttribute("aria-current", "true");
    const img = document.createElement("img");
    img.alt = p.fileName;
    img.src = p.preview || p.thumb || "";
    const cap = el("figcaption", null, `${i + 1}. ${p.fileName} — ${p.contributorName || p.contributor}`);
    const tags = [];
    if (p.best && !alone) tags.push(testid(el("span", "tag best", t("best")), "compare-best-tag"));
    if (p.pick) tags.push(el("span", "tag " + p.pick, p.pick === "pick" ? t("picked") : t("rejected")));
    if (p.stars) tags.push(el("span", "tag stars", "★".repeat(p.stars)));
    if (alone) tags.push(el("span", "tag", t("aloneTag")));
    if (tags.length) cap.append(el("br"), ...tags);
    fig.append(img, cap);
    fig.addEventListener("click", () => { c.focus = i; renderCompare(); });
    items.append(fig);
  });
  $("compare-items").replaceChildren(items);
  const focused = photoById(c.ids[c.focus]);
  const focusedAlone = isAlone(focused, c.group);
  $("compare-best").disabled = !!focused.best || focusedAlone;
  $("compare-alone").textContent = focusedAlone ? t("compareTogether") : t("compareAlone");
}

function compareAct(action) {
  const c = compare;
  if (!c) return;
  curate(action, [c.ids[c.focus]], c);
}

function compareKey(e, action) {
  const c = compare;
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    if (e.target.tagName === "BUTTON" && e.target.closest(".compare-actions")) return false;
    c.focus = Math.max(0, Math.min(c.ids.length - 1, c.focus + (e.key === "ArrowRight" ? 1 : -1)));
    renderCompare();
    return true;
  }
  const id = c.ids[c.focus];
  if (action === "open") {
    if (e.target.tagName === "BUTTON") return false; // Enter on a button presses it
    // Keep this one, reject the others: one key.
    edit({ kind: "pick", photos: [id], state: "pick" });
    const others = c.ids.filter((x) => x !== id);
    if (others.length) edit({ kind: "pick", photos: others, state: "reject" });
    return true;
  }
  if (action === "close") { closeCompare(); return true; }
  if (isCurateAction(action)) { compareAct(action); return true; }
  return false;
}

/** A key while the compare view or the viewer is open; false when neither is (the grid's turn). */
export function handleKey(e, action) {
  if (compare) {
    if (compareKey(e, action)) e.preventDefault();
    return true;
  }
  if (viewerId === null) return false;
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    if (e.target.tagName === "BUTTON" && e.target.closest(".row")) return true;
    e.preventDefault();
    viewerStep(e.key === "ArrowRight" ? 1 : -1);
  } else if (action === "close") {
    e.preventDefault();
    closeViewer();
  } else if (action === "compare") {
    openCompare(viewerPhoto());
  } else if (isCurateAction(action)) {
    e.preventDefault();
    curate(action, [viewerId]);
  }
  return true;
}

export function init() {
  $("viewer-prev").addEventListener("click", () => viewerStep(-1));
  $("viewer-next").addEventListener("click", () => viewerStep(+1));
  $("viewer-close").addEventListener("click", () => closeViewer());
  $("viewer-img").addEventListener("dblclick", () => closeViewer());
  $("viewer-caption").addEventListener("input", () => {
    const cap = $("viewer-caption");
    $("viewer-caption-save").disabled = cap.value === cap.dataset.saved;
  });
  $("viewer-caption").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      saveCaption();
    } else if (e.key === "Escape") {
      // Esc drops an unsaved change; with nothing to drop it closes the viewer.
      e.preventDefault();
      e.stopPropagation();
      const cap = $("viewer-caption");
      if (cap.value !== cap.dataset.saved) {
        cap.value = cap.dataset.saved;
        $("viewer-caption-save").disabled = true;
        $("viewer-close").focus();
      } else {
        closeViewer();
      }
    }
  });
  $("viewer-caption").addEventListener("blur", saveCaption);
  $("viewer-caption-save").addEventListener("click", saveCaption);
  $("viewer-caption-reset").addEventListener("click", () => {
    if (viewerId !== null) edit({ kind: "caption", photo: viewerId, text: null });
  });
  $("viewer-pick").addEventListener("click", () => curate("pick", [viewerId]));
  $("viewer-reject").addEventListener("click", () => curate("reject", [viewerId]));
  $("viewer-clear").addEventListener("click", () => curate("unpick", [viewerId]));
  $("viewer-compare").addEventListener("click", () => openCompare(viewerPhoto()));

  $("compare-close").addEventListener("click", closeCompare);
  $("compare-pick").addEventListener("click", () => compareAct("pick"));
  $("compare-reject").addEventListener("click", () => compareAct("reject"));
  $("compare-best").addEventListener("click", () => compareAct("best"));
  $("compare-alone").addEventListener("click", () => compareAct("alone"));

  // Focus stays inside the viewer and the compare view while they are open.
  for (const id of ["viewer", "compare"]) {
    $(id).addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const nodes = [...$(id).querySelectorAll("button, textarea, input, select, [tabindex]")].filter((n) => !n.disabled && !n.hidden && n.offsetParent !== null);
      if (!nodes.length) return;
      const first = nodes[0];
      const last = nodes[nodes.length - 1];
      if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
      else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
    });
  }
}
