// Recap's shell UI. Talks to Rust only through `invoke` and `Channel`
// (withGlobalTauri). Data from disk is shown with textContent, never as HTML.
(function () {
  "use strict";

  const { t, number, dateTime } = window.RecapI18n;
  const tauri = window.__TAURI__;
  const $ = (id) => document.getElementById(id);

  const state = {
    view: "home", // home | scanning | results | error
    report: null, // last ScanWire
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

  function renderReport(r) {
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
      reason.textContent = s.reason;
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
