// Recap's shell UI. Talks to Rust only through `invoke` and `Channel`
// (withGlobalTauri). Data from disk is shown with textContent, never as HTML.
(function () {
  "use strict";

  const { t, number, dateTime, dayName, dateRange, clock, offset, percent } = window.RecapI18n;
  const tauri = window.__TAURI__;
  const $ = (id) => document.getElementById(id);

  const state = {
    view: "home", // home | scanning | results | error
    report: null, // last TripWire: { mission, scan: ScanWire, plan: PlanWire }
    tab: "plan", // plan | clocks | apart | files
    day: null, // selected day: { chapter: id, date: "2017-06-09" }
    notice: null, // i18n key shown on the home screen
    progress: null, // last ProgressWire
    busyKey: "starting",
  };

  function show(view) {
    state.view = view;
    for (const id of ["home", "scanning", "results", "error"]) $(id).hidden = id !== view;
  }

  // ---- language ----------------------------------------------------------

  function renderLang() {
    window.RecapI18n.applyStatic();
    const toggle = $("lang-toggle");
    toggle.textContent = t("otherLang");
    toggle.lang = window.RecapI18n.lang === "fr" ? "en" : "fr";
    renderNotice();
    if (state.view === "scanning") renderProgress();
    if (state.report) renderReport(state.report);
  }

  $("lang-toggle").addEventListener("click", () => {
    window.RecapI18n.setLang(window.RecapI18n.lang === "fr" ? "en" : "fr");
    renderLang();
  });

  function renderNotice() {
    const el = $("notice");
    el.hidden = !state.notice;
    el.textContent = state.notice ? t(state.notice) : "";
  }

  // ---- scanning ----------------------------------------------------------

  function renderProgress() {
    const bar = $("scan-bar");
    const p = state.progress;
    let text = t(state.busyKey);
    if (p && p.phase === "walking") {
      bar.removeAttribute("value"); // indeterminate while the total is unknown
      text = t("walking", { found: number(p.found) });
    } else if (p && p.phase === "reading") {
      bar.max = Math.max(p.total, 1);
      bar.value = p.done;
      text = t("reading", { done: number(p.done), total: number(p.total) });
    } else if (p && p.phase === "done") {
      bar.max = 1;
      bar.value = 1;
      text = t("done", { photos: number(p.photos) });
    } else {
      bar.removeAttribute("value");
    }
    $("scan-status").textContent = text;
  }

  function setBusy(busy) {
    $("open-demo").disabled = busy;
    $("open-folders").disabled = busy;
    $("cancel-scan").disabled = !busy;
  }

  // Runs a scanning command with a progress channel and shows the outcome.
  async function runScan(command, args, busyKey) {
    state.notice = null;
    state.progress = null;
    state.busyKey = busyKey;
    renderNotice();
    setBusy(true);
    show("scanning");
    renderProgress();

    const channel = new tauri.core.Channel();
    channel.onmessage = (p) => {
      state.progress = p;
      if (state.view === "scanning") renderProgress();
    };
    try {
      const report = await tauri.core.invoke(command, { ...args, onProgress: channel });
      state.report = report;
      state.tab = "plan";
      state.day = null;
      renderReport(report);
      show("results");
    } catch (err) {
      if (err && err.code === "cancelled") {
        state.notice = "cancelled";
        renderNotice();
        show("home");
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  function showError(err) {
    const msg = err && typeof err === "object" && "message" in err ? err.message : String(err);
    $("error-message").textContent = msg;
    show("error");
  }

  $("open-demo").addEventListener("click", () => runScan("open_demo", {}, "preparingDemo"));

  $("open-folders").addEventListener("click", async () => {
    let paths;
    try {
      paths = await tauri.core.invoke("pick_folders", { title: t("pickTitle") });
    } catch (err) {
      showError(err);
      return;
    }
    if (paths && paths.length) runScan("scan_folders", { paths }, "starting");
  });

  $("cancel-scan").addEventListener("click", () => {
    $("cancel-scan").disabled = true;
    $("scan-status").textContent = t("cancelling");
    tauri.core.invoke("cancel_scan").catch(() => {});
  });

  for (const id of ["results-back", "error-back"]) {
    $(id).addEventListener("click", () => show("home"));
  }

  // ---- results -----------------------------------------------------------

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function camera(p) {
    const make = (p.make || "").trim();
    const model = (p.model || "").trim();
    // Many cameras repeat the make in the model ("Canon" + "Canon EOS 80D").
    if (make && model.toLowerCase().startsWith(make.toLowerCase())) return model;
    return [make, model].filter(Boolean).join(" ") || "—";
  }

  const TABS = ["plan", "clocks", "apart", "files"];

  function renderTabs() {
    for (const name of TABS) {
      const tab = $("tab-" + name);
      const on = state.tab === name;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", String(on));
      $("panel-" + name).hidden = !on;
    }
  }

  for (const name of TABS) {
    $("tab-" + name).addEventListener("click", () => {
      state.tab = name;
      renderTabs();
    });
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function count(n, one, many) {
    return n === 1 ? t(one) : t(many, { n: number(n) });
  }

  function renderReport(trip) {
    $("mission-name").textContent = trip.mission || "Mission";
    renderScan(trip.scan);
    renderPlan(trip.plan);
    renderClocks(trip.plan.devices);
    renderApart(trip.plan.unplaced);
    renderTabs();
  }

  // ---- plan: chapters and days (sidebar), the selected day's moments -----

  function findDay(plan, sel) {
    for (const c of plan.chapters) {
      if (sel && c.id !== sel.chapter) continue;
      for (const d of c.days) if (!sel || d.date === sel.date) return { chapter: c, day: d };
    }
    return null;
  }

  function renderPlan(plan) {
    const warnings = document.createDocumentFragment();
    for (const w of plan.agendaWarnings) warnings.append(el("li", null, t("agendaWarning", { message: w })));
    $("agenda-warnings").replaceChildren(warnings);
    $("agenda-warnings").hidden = plan.agendaWarnings.length === 0;

    const empty = plan.chapters.length === 0;
    $("no-plan").hidden = !empty;
    document.querySelector("#panel-plan .plan").hidden = empty;
    if (!findDay(plan, state.day)) {
      // Default: the first day of the first stage (else of the first chapter).
      const first = plan.chapters.find((c) => c.kind === "stage" && c.days.length) || plan.chapters.find((c) => c.days.length);
      state.day = first ? { chapter: first.id, date: first.days[0].date } : null;
    }

    const nav = document.createDocumentFragment();
    for (const c of plan.chapters) {
      const box = el("div", "chapter " + c.kind);
      box.dataset.testid = "chapter";
      box.dataset.chapterId = c.id;
      box.dataset.kind = c.kind;
      const head = el("div", "chapter-head");
      const title = el("span", "chapter-title", c.title);
      title.dataset.testid = "chapter-title";
      head.append(title);
      if (c.kind === "travel") head.append(el("span", "tag", t("travel")));
      const meta = el("div", "chapter-meta", `${dateRange(c.start, c.end)} · ${count(c.photos, "photoCountOne", "photoCount")}`);
      meta.dataset.testid = "chapter-meta";
      box.append(head, meta);
      const days = el("ul", "days");
      for (const d of c.days) {
        const li = el("li");
        const b = el("button", "day");
        b.type = "button";
        b.dataset.testid = "day";
        b.dataset.chapter = c.id;
        b.dataset.date = d.date;
        const selected = state.day && state.day.chapter === c.id && state.day.date === d.date;
        b.classList.toggle("selected", !!selected);
        b.setAttribute("aria-current", selected ? "true" : "false");
        b.append(el("span", "day-name", dayName(d.date)), el("span", "count", number(d.photos)));
        b.addEventListener("click", () => {
          state.day = { chapter: c.id, date: d.date };
          renderPlan(plan);
        });
        li.append(b);
        days.append(li);
      }
      box.append(days);
      nav.append(box);
    }
    $("chapters").replaceChildren(nav);
    renderDay(plan);
  }

  function placeText(name, source) {
    if (!name) return t("noPlace");
    if (source === "estimated") return `${name} (${t("estimated")})`;
    return name;
  }

  // The EXIF thumbnail first (instant), then the real one; a tile with the
  // file's initial when the photo cannot be rendered. Images load lazily,
  // as rows scroll into view.
  function thumbnail(p) {
    const box = el("span", "thumb");
    box.dataset.testid = "thumb";
    if (!p.thumb) {
      box.classList.add("failed");
      return box;
    }
    const img = document.createElement("img");
    img.alt = "";
    img.loading = "lazy";
    img.decoding = "async";
    let stage = p.placeholder ? "placeholder" : "thumb";
    img.src = p.placeholder || p.thumb;
    img.addEventListener("load", () => {
      if (stage === "placeholder") {
        stage = "thumb";
        box.dataset.state = "placeholder";
        const full = new Image();
        full.decoding = "async";
        full.onload = () => {
          img.src = p.thumb;
          box.dataset.state = "ready";
        };
        full.onerror = () => {
          box.dataset.state = "failed";
          box.classList.add("failed");
        };
        full.src = p.thumb;
      } else if (!box.dataset.state || box.dataset.state === "loading") {
        box.dataset.state = "ready";
      }
    });
    img.addEventListener("error", () => {
      if (stage === "placeholder") {
        // No EXIF thumbnail: go straight to the real one.
        stage = "thumb";
        img.src = p.thumb;
      } else {
        box.dataset.state = "failed";
        box.classList.add("failed");
        img.remove();
      }
    });
    box.dataset.state = "loading";
    box.append(img);
    return box;
  }

  function renderDay(plan) {
    const found = findDay(plan, state.day);
    const view = $("day-view");
    view.hidden = !found;
    if (!found) return;
    const { chapter, day } = found;
    view.dataset.date = day.date;
    view.dataset.chapter = chapter.id;
    $("day-title").textContent = `${dayName(day.date)} — ${chapter.title}`;
    $("day-sub").textContent =
      `${count(day.moments.length, "momentCountOne", "momentCount")} · ${count(day.photos, "photoCountOne", "photoCount")}`;

    const list = document.createDocumentFragment();
    for (const m of day.moments) {
      const art = el("article", "moment");
      art.dataset.testid = "moment";
      const head = el("header", "moment-head");
      const time = el("span", "moment-time", `${clock(m.start)} – ${clock(m.end)}`);
      time.dataset.testid = "moment-time";
      const title = el("span", "moment-title" + (m.title ? "" : " muted"), m.title || t("untitledMoment"));
      title.dataset.testid = "moment-title";
      const place = el("span", "moment-place", m.place || t("noPlace"));
      place.dataset.testid = "moment-place";
      const n = el("span", "count", count(m.photos.length, "photoCountOne", "photoCount"));
      head.append(time, title, place, n);
      const ul = el("ul", "moment-photos");
      for (const p of m.photos) {
        const li = el("li");
        li.dataset.testid = "planned-photo";
        li.dataset.localTime = p.localTime;
        li.title = p.path;
        li.append(thumbnail(p));
        const pt = el("span", "photo-time", clock(p.localTime));
        pt.dataset.testid = "photo-time";
        const pf = el("span", "file", p.fileName);
        pf.dataset.testid = "photo-file";
        const pc = el("span", "who", p.contributor);
        const pp = el("span", "where" + (p.placeSource === "estimated" ? " estimated" : ""), placeText(p.placeName, p.placeSource));
        pp.dataset.testid = "photo-place";
        li.append(pt, pf, pc, pp);
        ul.append(li);
      }
      art.append(head, ul);
      list.append(art);
    }
    $("moments").replaceChildren(list);
  }

  // ---- clocks and photos set apart ---------------------------------------

  function renderClocks(devices) {
    const rows = document.createDocumentFragment();
    for (const d of devices) {
      const tr = document.createElement("tr");
      tr.dataset.testid = "clock-row";
      tr.title = d.note || d.key;
      const cam = camera(d);
      const off = cell(offset(d.offsetMinutes), "offset");
      off.dataset.testid = "clock-offset";
      const src = cell(t("source." + d.source), "source " + d.source);
      src.dataset.testid = "clock-source";
      const camCell = cell(cam === "—" ? t("unknownDevice") : cam);
      camCell.dataset.testid = "clock-camera";
      tr.append(
        cell(d.contributor),
        camCell,
        off,
        src,
        cell(percent(d.confidence), "num"),
        cell(`${number(d.photos)} / ${number(d.totalPhotos)}`, "num"),
      );
      rows.append(tr);
    }
    $("clock-rows").replaceChildren(rows);
  }

  function renderApart(unplaced) {
    $("apart-count").textContent = unplaced.length ? number(unplaced.length) : "";
    const items = document.createDocumentFragment();
    for (const u of unplaced) {
      const li = el("li");
      li.dataset.testid = "unplaced-item";
      li.title = u.path;
      const name = el("span", "file", u.fileName);
      name.dataset.testid = "unplaced-file";
      const reason = el("span", "reason", u.reason);
      reason.dataset.testid = "unplaced-reason";
      li.append(name, reason);
      items.append(li);
    }
    $("unplaced-list").replaceChildren(items);
    $("no-unplaced").hidden = unplaced.length > 0;
  }

  // ---- files: the scan as it is ------------------------------------------

  function renderScan(r) {
    $("roots").textContent = t("scanned", { roots: r.roots.join(", ") });
    $("count-photos").textContent = number(r.photos.length);
    $("count-videos").textContent = number(r.videos.length);
    $("count-skipped").textContent = number(r.skipped.length);
    $("count-participants").textContent = number(r.participants.length);

    const rows = document.createDocumentFragment();
    for (const p of r.photos) {
      const tr = document.createElement("tr");
      tr.dataset.testid = "photo-row";
      tr.title = p.path;
      tr.append(
        cell(p.contributor),
        cell(p.fileName, "file"),
        cell(dateTime(p.datetimeOriginal) || t("noDate"), p.datetimeOriginal ? "date" : "date muted"),
        cell(camera(p)),
        cell(p.hasGps ? t("yes") : t("no"), p.hasGps ? "gps yes" : "gps no"),
      );
      rows.append(tr);
    }
    $("photo-rows").replaceChildren(rows);
    $("no-photos").hidden = r.photos.length > 0;

    const items = document.createDocumentFragment();
    for (const s of r.skipped) {
      const li = document.createElement("li");
      li.dataset.testid = "skipped-item";
      li.title = s.path;
      const name = document.createElement("span");
      name.className = "file";
      name.dataset.testid = "skipped-file";
      name.textContent = s.relPath;
      const reason = document.createElement("span");
      reason.className = "reason";
      reason.dataset.testid = "skipped-reason";
      // Worded in the interface's language; the core's English detail stays
      // available on hover.
      reason.textContent = t("skip_" + s.code);
      reason.title = s.reason;
      li.append(name, reason);
      items.append(li);
    }
    $("skipped-list").replaceChildren(items);
    $("skipped-section").hidden = r.skipped.length === 0;
  }

  // ---- start -------------------------------------------------------------

  renderLang();
  show("home");
  setBusy(false);
  tauri.core.invoke("launch_options").then((o) => {
    if (o && o.demo) runScan("open_demo", {}, "preparingDemo");
  }).catch(() => {});
})();
