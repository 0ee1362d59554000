// The virtualised photo grid: only the rows near the viewport are in the DOM,
// absolutely placed in one tall canvas; row and cell elements are recycled
// as the user scrolls. Geometry and navigation are pure (../lib/layout.js,
// ../lib/nav.js); this file only draws. Data never becomes markup.

import { layoutGrid, visibleRange, revealPhoto, sectionTop, sectionAt, cellRect, mosaicTile, anchorScroll } from "../lib/layout.js";
import { t, dayLong, clock, count, number } from "../lib/i18n.js";
import { groupBadge } from "../lib/logic.js";
import { el } from "./dom.js";

const THUMB_DELAY_MS = 90; // after a fast scroll, images wait for this pause
const SLOW = 3; // px/ms: below, everything loads at once
const FAST = 8; // px/ms: below, placeholders load while scrolling

export class Grid {
  /**
   * @param {HTMLElement} scroller the focusable scrolling box
   * @param {HTMLElement} canvas its only child, as tall as the whole grid
   * @param {object} hooks {onActivate(k, event), onOpen(k), onSection(si), onGroup(k), nameOf(folder)}
   */
  constructor(scroller, canvas, hooks) {
    this.scroller = scroller;
    this.canvas = canvas;
    this.hooks = hooks;
    this.model = null;
    this.shown = [];
    this.sections = [];
    this.layout = layoutGrid([], 0);
    this.live = new Map(); // row index -> element
    this.pool = { day: [], moment: [], photos: [] };
    this.cursor = -1; // shown index
    this.selected = new Set(); // photo ids
    this.lastScroll = 0;
    this.pending = new Set(); // cells waiting for their real thumbnail
    this.thumbTimer = 0;
    /** Whether the shell serves mosaics of miniatures for this trip (once curated). */
    this.mosaic = false;
    this.frame = 0;
    this.width = 0;
    this.currentSection = -1;
    this.stats = { rowsCreated: 0, rowsReused: 0, renders: 0, renderMs: 0, maxRenderMs: 0 };
    this.velocity = 0; // px per ms, smoothed
    this.lastTop = 0;

    scroller.addEventListener("scroll", () => {
      const now = performance.now();
      const dt = Math.max(1, now - this.lastScroll);
      const v = Math.abs(scroller.scrollTop - this.lastTop) / dt;
      this.velocity = dt > 200 ? v : 0.5 * this.velocity + 0.5 * v;
      this.lastTop = scroller.scrollTop;
      this.lastScroll = now;
      this.schedule();
    }, { passive: true });
    canvas.addEventListener("click", (e) => {
      const cell = e.target.closest(".cell");
      if (cell && cell.dataset.k && e.target.closest(".badge-group") && this.hooks.onGroup) {
        this.hooks.onGroup(Number(cell.dataset.k));
        return;
      }
      if (cell && cell.dataset.k) this.hooks.onActivate(Number(cell.dataset.k), e);
    });
    canvas.addEventListener("dblclick", (e) => {
      const cell = e.target.closest(".cell");
      if (cell && cell.dataset.k) this.hooks.onOpen(Number(cell.dataset.k));
    });
    new ResizeObserver(() => {
      const w = this.innerWidth();
      if (w !== this.width && w > 0) this.relayout();
    }).observe(scroller);
  }

  innerWidth() {
    const cs = getComputedStyle(this.scroller);
    return Math.floor(this.scroller.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight));
  }

  /** New data (a new trip, an edit, a filter): lays out again, keeping the photo at the top in place. */
  setData(model, sections, shown) {
    const anchor = this.anchor();
    this.model = model;
    this.sections = sections;
    this.shown = shown;
    this.relayout(anchor);
  }

  relayout(anchor = this.anchor()) {
    this.width = this.innerWidth();
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    this.layout = layoutGrid(this.sections, Math.max(this.width, 1), {
      minCell: Math.round(9.5 * rem),
      maxCell: Math.round(15 * rem),
      gap: 4,
      dayHeader: Math.round(3.6 * rem),
      momentHeader: Math.round(2.1 * rem),
      sectionGap: Math.round(0.8 * rem),
    });
    this.canvas.style.height = `${this.layout.height}px`;
    this.recycleAll();
    if (anchor) this.restore(anchor);
    this.render();
  }

  // The first photo row in view and how far its top is from the viewport's top.
  anchor() {
    if (!this.model || !this.layout.rows.length) return null;
    const top = this.scroller.scrollTop;
    const { start, end } = visibleRange(this.layout, top, this.scroller.clientHeight, 0);
    for (let r = start; r < end; r++) {
      const row = this.layout.rows[r];
      if (row.kind === "photos") {
        const s = this.sections[row.section];
        return {
          id: this.model.photos[this.shown[row.from]].id,
          delta: row.top - top,
          section: s ? s.key : undefined,
          sectionDelta: s ? sectionTop(this.layout, row.section) - top : 0,
        };
      }
    }
    return null;
  }

  restore(anchor) {
    const y = anchorScroll(this.layout, this.sections, anchor, this.shownIndexOf(anchor.id));
    if (y !== null) this.scroller.scrollTop = y;
  }

  shownIndexOf(id) {
    if (!this.model) return -1;
    const i = this.model.byId.get(id);
    if (i === undefined) return -1;
    // `shown` is sorted (plan order), so a binary search finds the model index.
    let lo = 0;
    let hi = this.shown.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.shown[mid] === i) return mid;
      if (this.shown[mid] < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  photoAt(k) {
    return k >= 0 && k < this.shown.length ? this.model.photos[this.shown[k]] : null;
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  recycleAll() {
    for (const [, node] of this.live) this.release(node);
    this.live.clear();
  }

  release(node) {
    node.hidden = true;
    // A recycled cell must not keep a photo's id (aria-activedescendant, #photo-N).
    if (node.dataset.kind === "photos") for (const cell of node.children) cell.removeAttribute("id");
    this.pool[node.dataset.kind].push(node);
  }

  /** Draws the rows near the viewport; recycles the others. */
  render() {
    const t0 = performance.now();
    const { rows } = this.layout;
    const vh = this.scroller.clientHeight || 600;
    const { start, end } = visibleRange(this.layout, this.scroller.scrollTop, vh, Math.round(vh * 0.75));
    for (const [r, node] of this.live) {
      if (r < start || r >= end) {
        this.release(node);
        this.live.delete(r);
      }
    }
    for (let r = start; r < end; r++) {
      if (this.live.has(r)) continue;
      const row = rows[r];
      let node = this.pool[row.kind].pop();
      if (node) {
        this.stats.rowsReused += 1;
        node.hidden = false;
      } else {
        this.stats.rowsCreated += 1;
        node = this.createRow(row.kind);
        this.canvas.append(node);
      }
      this.fillRow(node, row);
      this.live.set(r, node);
    }
    this.flushSoon();
    const si = rows.length ? sectionAt(this.layout, this.scroller.scrollTop) : -1;
    if (si !== this.currentSection) {
      this.currentSection = si;
      if (this.hooks.onSection) this.hooks.onSection(si);
    }
    this.updateActiveDescendant();
    const ms = performance.now() - t0;
    this.stats.renders += 1;
    this.stats.renderMs += ms;
    this.stats.maxRenderMs = Math.max(this.stats.maxRenderMs, ms);
  }

  createRow(kind) {
    const node = el("div", "grow grow-" + kind);
    node.dataset.kind = kind;
    if (kind === "day") {
      node.dataset.testid = "day-header";
      const title = el("h3", "day-title");
      title.dataset.testid = "day-title";
      const place = el("span", "day-place");
      place.dataset.testid = "day-place";
      const chapter = el("span", "day-chapter");
      const n = el("span", "day-count muted");
      node.append(title, place, chapter, n);
    } else if (kind === "moment") {
      node.dataset.testid = "moment-header";
      const time = el("span", "moment-time");
      const title = el("span", "moment-title");
      title.dataset.testid = "moment-title";
      const place = el("span", "moment-place muted");
      node.append(time, title, place);
    } else {
      node.setAttribute("role", "presentation");
    }
    return node;
  }

  fillRow(node, row) {
    node.style.transform = `translateY(${row.top}px)`;
    node.style.height = `${row.height}px`;
    const s = this.sections[row.section];
    if (row.kind === "day") {
      node.dataset.date = s.date;
      node.dataset.chapter = s.chapter;
      const [title, place, chapter, n] = node.children;
      title.textContent = dayLong(s.date);
      place.textContent = s.place || "";
      chapter.textContent = s.chapterTitle === s.place ? "" : s.chapterTitle;
      n.textContent = count(s.to - s.from, "photoCount");
    } else if (row.kind === "moment") {
      const m = s.moments[row.moment];
      const [time, title, place] = node.children;
      time.textContent = `${clock(m.start)} – ${clock(m.end)}`;
      title.textContent = m.title || t("untitledMoment");
      title.classList.toggle("muted", !m.title);
      place.textContent = m.place || "";
      node.classList.toggle("named", !!m.title);
    } else {
      const n = row.to - row.from;
      while (node.children.length < n) node.append(this.createCell());
      for (let i = 0; i < node.children.length; i++) {
        const cell = node.children[i];
        if (i < n) {
          cell.hidden = false;
          this.fillCell(cell, row.from + i, i);
        } else {
          cell.hidden = true;
          cell.dataset.k = "";
          cell.removeAttribute("id");
        }
      }
    }
  }

  createCell() {
    const cell = el("div", "cell");
    cell.setAttribute("role", "option");
    cell.dataset.testid = "cell";
    const thumb = el("span", "thumb");
    thumb.dataset.testid = "thumb";
    const ph = document.createElement("img");
    ph.className = "ph";
    ph.alt = "";
    ph.decoding = "async";
    const th = document.createElement("img");
    th.className = "th";
    th.alt = "";
    th.decoding = "async";
    const initial = el("span", "initial");
    thumb.append(ph, th, initial);
    const badges = el("span", "badges");
    const group = el("span", "badge-group");
    group.dataset.testid = "badge-group";
    const best = el("span", "badge-best");
    best.dataset.testid = "badge-best";
    const flag = el("span", "flag");
    flag.dataset.testid = "badge-pick";
    const stars = el("span", "stars");
    stars.dataset.testid = "badge-stars";
    const edited = el("span", "badge-edited", "✎");
    badges.append(group, best, flag, stars, edited);
    cell.append(thumb, badges);
    ph.addEventListener("load", () => {
      if (thumb.dataset.state === "loading") thumb.dataset.state = "placeholder";
    });
    ph.addEventListener("error", () => { ph.removeAttribute("src"); });
    th.addEventListener("load", () => {
      if (th.getAttribute("src") !== cell.dataset.thumb) return;
      th.classList.add("loaded");
      thumb.dataset.state = "ready";
    });
    th.addEventListener("error", () => {
      if (!th.getAttribute("src") || th.getAttribute("src") !== cell.dataset.thumb) return;
      thumb.dataset.state = "failed";
      thumb.classList.add("failed");
    });
    return cell;
  }

  fillCell(cell, k, col) {
    const p = this.photoAt(k);
    const { cell: size, gap } = this.layout;
    cell.style.left = `${col * (size + gap)}px`;
    cell.style.width = `${size}px`;
    cell.style.height = `${size}px`;
    cell.dataset.k = String(k);
    cell.id = `photo-${p.id}`;
    cell.dataset.file = p.fileName;
    cell.dataset.localTime = p.localTime;
    cell.setAttribute("aria-label", `${p.fileName}, ${clock(p.localTime)}, ${p.contributorName || p.contributor}`);
    const [thumb, badges] = cell.children;
    const [ph, th, initial] = thumb.children;
    const same = cell.dataset.id === String(p.id) && cell.dataset.thumb === (p.thumb || "");
    if (!same) {
      cell.dataset.id = String(p.id);
      cell.dataset.thumb = p.thumb || "";
      thumb.classList.remove("failed");
      th.classList.remove("loaded");
      th.removeAttribute("src");
      initial.textContent = (p.fileName || "?").slice(0, 1).toUpperCase();
      if (!p.thumb) {
        ph.removeAttribute("src");
        thumb.dataset.state = "failed";
        thumb.classList.add("failed");
      } else {
        // Nothing is requested yet: flushSoon decides by the scroll speed,
        // so a fling does not queue thousands of images nobody will see.
        thumb.dataset.state = "loading";
        ph.removeAttribute("src");
        cell.dataset.placeholder = p.placeholder || "";
        this.pending.add(cell);
      }
    }
    // The colour miniature under everything, once the trip is curated: a
    // cell is never empty, even in a fling that outruns every image.
    const tile = this.mosaic ? mosaicTile(p.thumb, p.id) : null;
    const bg = tile ? `url("${tile.url}")` : "";
    if (thumb.dataset.mini !== bg) {
      thumb.dataset.mini = bg;
      thumb.style.backgroundImage = bg;
      thumb.style.backgroundPosition = tile ? tile.pos : "";
    }
    // State that edits change without changing the photo.
    const [group, best, flag, stars, edited] = badges.children;
    const g = groupBadge(p);
    group.hidden = !g;
    cell.dataset.group = p.group || "";
    cell.dataset.groupKind = g ? g.kind : "";
    cell.dataset.best = String(!!(g && p.best));
    cell.dataset.pick = p.pick || "";
    cell.dataset.stars = String(Number(p.stars) || 0);
    if (g) {
      group.textContent = `${t("kind." + g.kind)} ${t("groupShort", { n: number(g.size) })}`;
      group.className = "badge-group " + g.kind;
      const names = g.contributors.map((c) => (this.hooks.nameOf ? this.hooks.nameOf(c) : c));
      const lines = [t("kindLong." + g.kind, { n: number(g.size) })];
      if (names.length > 1 || g.kind === "exact") lines.push(t("sharedBy", { names: names.join(", ") }));
      lines.push(t("openGroup"));
      group.title = lines.join("\n");
    } else {
      group.textContent = "";
      group.title = "";
    }
    best.hidden = !(g && p.best);
    best.textContent = best.hidden ? "" : t("bestShort");
    best.title = best.hidden ? "" : t("best");
    flag.hidden = !p.pick;
    flag.textContent = p.pick === "pick" ? "✓" : p.pick === "reject" ? "✕" : "";
    flag.title = p.pick === "pick" ? t("picked") : p.pick === "reject" ? t("rejected") : "";
    flag.className = "flag " + (p.pick || "");
    const n = Number(p.stars) || 0;
    stars.hidden = n === 0;
    stars.textContent = "★".repeat(n);
    stars.title = n ? count(n, "stars") : "";
    edited.hidden = !p.captionEdited;
    edited.title = t("captionEditedBadge");
    cell.classList.toggle("rejected", p.pick === "reject");
    cell.classList.toggle("picked", p.pick === "pick");
    cell.classList.toggle("best", !!p.best);
    const sel = this.selected.has(p.id);
    cell.classList.toggle("selected", sel);
    cell.setAttribute("aria-selected", String(sel));
    cell.classList.toggle("cursor", k === this.cursor);
  }

  // Images for the cells just drawn. Slow scrolling: placeholder and real
  // thumbnail at once. Fast: placeholders only (small EXIF thumbnails). A
  // fling: nothing until it slows down or stops.
  flushSoon() {
    if (!this.pending.size) return;
    clearTimeout(this.thumbTimer);
    const idle = performance.now() - this.lastScroll;
    const v = idle > 150 ? 0 : this.velocity;
    if (idle >= THUMB_DELAY_MS || v < SLOW) {
      this.flush(true);
      return;
    }
    if (v < FAST) this.flush(false);
    this.thumbTimer = setTimeout(() => this.flushSoon(), THUMB_DELAY_MS - Math.min(idle, THUMB_DELAY_MS) + 5);
  }

  flush(full) {
    for (const cell of this.pending) {
      if (cell.hidden || cell.parentElement.hidden) {
        this.pending.delete(cell);
        continue;
      }
      const [ph, th] = cell.firstElementChild.children;
      const pu = cell.dataset.placeholder;
      if (pu && !ph.getAttribute("src")) ph.src = pu;
      if (!full) continue;
      const url = cell.dataset.thumb;
      if (url && th.getAttribute("src") !== url) th.src = url;
      this.pending.delete(cell);
    }
  }

  /** Re-fills the cells on screen (selection, picks, badges changed). */
  refreshCells() {
    for (const [r, node] of this.live) {
      const row = this.layout.rows[r];
      if (row && row.kind === "photos") this.fillRow(node, row);
    }
    this.updateActiveDescendant();
  }

  setCursor(k, reveal = true) {
    this.cursor = k;
    if (reveal && k >= 0) this.reveal(k);
    this.refreshCells();
  }

  reveal(k) {
    const y = revealPhoto(this.layout, k, this.scroller.scrollTop, this.scroller.clientHeight, 8);
    if (y !== null) {
      this.scroller.scrollTop = y;
      this.render();
    }
  }

  updateActiveDescendant() {
    const p = this.photoAt(this.cursor);
    const id = p ? `photo-${p.id}` : null;
    if (id && document.getElementById(id)) this.scroller.setAttribute("aria-activedescendant", id);
    else this.scroller.removeAttribute("aria-activedescendant");
  }

  /** Scrolls so shown photo `k`'s row is at the top (tests put a chosen photo there). */
  scrollToRowOf(k) {
    if (k < 0 || k >= this.shown.length) return;
    this.scroller.scrollTop = cellRect(this.layout, k).top;
    this.render();
  }

  scrollToSection(si) {
    this.scroller.scrollTop = sectionTop(this.layout, si);
    this.render();
  }

  /** Photo rows per page, for PageUp/PageDown. */
  pageRows() {
    return Math.max(1, Math.floor(this.scroller.clientHeight / (this.layout.cell + this.layout.gap)) - 1);
  }
}
