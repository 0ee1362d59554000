// End-to-end test of the real app (target/debug/recap-app) in real WebKitGTK,
// driven through tauri-driver -> WebKitWebDriver. Needs a display: run it
// under `xvfb-run -a` (scripts/test.sh does). Build first:
//   cargo build -p recap-app --bin recap-app && cargo build -p recap --bin recap
// Each test starts its own tauri-driver with its own RECAP_CACHE_DIR (the app
// inherits the driver's environment); the relaunch test reuses the first
// test's folders on purpose.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, withApp as withAppOn, stopDrivers, until, ROOT, APP, SHOTS } from "./driver.mjs";

// The README's figures are tracked files: the suite refreshes them only when
// asked (RECAP_BLESS=1, as for the golden images), never on an ordinary run.
const BLESS = !!process.env.RECAP_BLESS;
const toDocs = (shotName, docName) => {
  if (!BLESS) return;
  fs.mkdirSync(path.join(ROOT, "docs"), { recursive: true });
  fs.copyFileSync(path.join(SHOTS, shotName), path.join(ROOT, "docs", docName));
};
const TIMEOUT = 4 * 60_000;

const CAPTION = "Souper d’équipe au Lieu Unique — « merci Nantes » <b>!</b>";
const RENAMED = "Angers, première étape";

const ctx = {};
const withApp = (driver, name, args, fn) => withAppOn(driver, name, args, fn, { app: APP, shots: SHOTS });

before(() => {
  assert.ok(process.env.DISPLAY || process.env.WAYLAND_DISPLAY, "no display: run under `xvfb-run -a`");
  assert.ok(fs.existsSync(APP), `${APP} is missing: build it first`);
  ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), "recap-e2e-"));
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await stopDrivers();
  if (ctx.tmp) fs.rmSync(ctx.tmp, { recursive: true, force: true, maxRetries: 3 });
});

// One WebDriver command at a time: WebKitWebDriver (through tauri-driver) can
// hang with two in flight, so no parallel look-ups anywhere in this file.
const q = (id) => `[data-testid="${id}"]`;
const text = async (browser, id) => (await browser.$(q(id)).getText()).trim();
const js = (browser, fn, ...args) => browser.execute(fn, ...args);


// The browse screen, or the toast's message as a failure.
async function waitForBrowse(browser, timeout = 180_000) {
  const got = await until(browser, () => {
    if (!document.getElementById("browse").hidden && document.querySelector('[data-testid="cell"]')) return "browse";
    const toast = document.getElementById("toast");
    return toast.hidden ? null : "toast:" + document.getElementById("toast-text").textContent;
  }, "the trip did not open", timeout);
  if (got !== "browse") assert.fail(`the app showed an error: ${got}`);
}

const viewerState = (browser) => js(browser, () => ({
  open: !document.getElementById("viewer").hidden,
  file: document.querySelector('[data-testid="viewer-file"]').textContent,
  caption: document.querySelector('[data-testid="viewer-caption"]').value,
  captionState: document.querySelector('[data-testid="viewer-caption-state"]').textContent,
  time: document.querySelector('[data-testid="viewer-time"]').textContent,
  img: document.querySelector('[data-testid="viewer-img"]').dataset.state,
  pos: document.querySelector('[data-testid="viewer-pos"]').textContent,
}));

const photos = (browser) => js(browser, () => window.recapDebug.photos());

// A screenshot once the page has painted what the DOM now says.
async function shot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))));
  await browser.saveScreenshot(path.join(SHOTS, name));
}

// Puts the grid's cursor on photo `id` and opens it with Enter.
async function openInViewer(browser, id) {
  assert.ok(await js(browser, (i) => window.recapDebug.reveal(i), id), `photo ${id} is not in the grid`);
  await browser.keys(["Enter"]);
  await until(browser, () => !document.getElementById("viewer").hidden, "the viewer did not open");
}

// The instant a local time with its offset stands for, in minutes.
function minutes(iso) {
  const ms = Date.parse(iso);
  assert.ok(!Number.isNaN(ms), `not a time with an offset: ${iso}`);
  return ms / 60_000;
}

test("demo mission: browse, viewer, clocks, shape, captions, export — then relaunch", { timeout: TIMEOUT }, async () => {
  const t0 = Date.now();
  const home = path.join(ctx.tmp, "main");
  const driver = await startDriver(home);
  let captioned = null;
  let kept = null; // curation state checked after the relaunch

  await withApp(driver, "demo", [], async (browser) => {
    // First screen, in French.
    await browser.$(q("open-demo")).waitForDisplayed({ timeout: 60_000 });
    assert.equal(await text(browser, "title"), "Recap");
    assert.equal(await text(browser, "tagline"), "La mission en images");
    assert.equal(await text(browser, "open-demo"), "Essayer la mission démo");
    assert.equal(await js(browser, () => document.documentElement.lang), "fr-CA");
    await shot(browser, "home-fr.png");

    // Open the demo: progress, then the browse screen.
    await browser.$(q("open-demo")).click();
    await waitForBrowse(browser);
    const tOpen = Date.now();
    // The trip shows before it is curated; while curation runs, the sidebar
    // says so and "Choisir N photos" waits for it.
    const early = await js(browser, () => ({
      curated: document.body.dataset.curated,
      status: document.querySelector('[data-testid="curation-status"]').hidden ? null : document.getElementById("curation-text").textContent,
      select: document.querySelector('[data-testid="select-open"]').disabled,
    }));
    if (early.curated === "false") {
      assert.match(early.status || "", /^Comparaison des photos/);
      assert.equal(early.select, true);
    }
    console.log(`# curated at first screen: ${early.curated}`);

    // Chapters in the sidebar: Angers then Nantes, with dates and counts.
    const chapters = await js(browser, () => [...document.querySelectorAll('[data-testid="chapter"]')].map((c) => ({
      id: c.dataset.chapterId,
      kind: c.dataset.kind,
      title: c.querySelector('[data-testid="chapter-title"]').textContent,
      meta: c.querySelector('[data-testid="chapter-meta"]').textContent,
      days: [...c.querySelectorAll('[data-testid="day"]')].map((d) => d.dataset.date),
    })));
    const titles = chapters.map((c) => c.title);
    const angers = chapters.find((c) => c.title === "Angers");
    const nantes = chapters.find((c) => c.title === "Nantes");
    assert.ok(angers && nantes, `chapters: ${titles.join(", ")}`);
    assert.ok(titles.indexOf("Angers") < titles.indexOf("Nantes"), `order: ${titles.join(", ")}`);
    assert.equal(angers.kind, "stage");
    assert.match(angers.meta, /juin/);
    assert.match(angers.meta, /\d+ photos/);

    // The virtual grid: only a window of the photos is in the DOM.
    const stats = await js(browser, () => window.recapDebug.gridStats());
    assert.ok(stats.shown > 100, `photos shown: ${stats.shown}`);
    assert.ok(stats.cellsInDom < stats.shown, `cells in DOM ${stats.cellsInDom} of ${stats.shown}`);

    // The map of stages: Angers then Nantes over France's outline; a stage
    // opens its chapter's photos.
    await browser.$(q("tab-map")).click();
    const stages = await until(browser, () => {
      const s = [...document.querySelectorAll('[data-testid="map-stage"]')];
      return s.length ? s.map((g) => ({ id: g.dataset.chapterId, label: g.querySelector("title").textContent, n: g.querySelector(".n").textContent })) : null;
    }, "no stage on the map", 30_000);
    assert.deepEqual(stages.map((x) => `${x.n} ${x.label}`), ["1 Angers", "2 Nantes"]);
    assert.ok(await js(browser, () => document.querySelectorAll('#stage-map path.land.home').length >= 1), "France is outlined");
    await shot(browser, "map-fr.png");
    toDocs("map-fr.png", "map.png");
    // By keyboard (a stage is a focusable button; WebKitWebDriver will not click SVG groups).
    await js(browser, (id) => document.querySelector(`[data-testid="map-stage"][data-chapter-id="${id}"]`).focus(), nantes.id);
    await browser.keys(["Enter"]);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="tab-photos"]').getAttribute("aria-selected")), "true");
    await until(browser, (id) => {
      const day = document.querySelector('#chapters [data-testid="day"][aria-current="true"]');
      return day && day.dataset.chapter === id;
    }, "the map's stage did not open its chapter", 10_000, nantes.id);

    // Open a day from the sidebar: the grid scrolls to its header.
    await browser.$(`${q("day")}[data-chapter="${nantes.id}"][data-date="2017-06-09"]`).click();
    const header = await until(browser, () => {
      const grid = document.getElementById("grid");
      const h = [...document.querySelectorAll('[data-testid="day-header"]')].find((x) => !x.hidden && x.dataset.date === "2017-06-09");
      if (!h) return null;
      const dy = h.getBoundingClientRect().top - grid.getBoundingClientRect().top;
      return Math.abs(dy) < 40 ? { title: h.querySelector('[data-testid="day-title"]').textContent, dy } : null;
    }, "the grid did not scroll to June 9");
    assert.equal(header.title, "vendredi 9 juin 2017");
    const moments = await js(browser, () => [...document.querySelectorAll('[data-testid="moment-header"]')].filter((m) => !m.hidden).map((m) => m.querySelector('[data-testid="moment-title"]').textContent));
    assert.ok(moments.includes("Soirée karaoké"), `moments on screen: ${moments.join(", ")}`);

    // Real thumbnails arrive (placeholders first), 400 px, from the thumb: scheme.
    const thumbs = await until(browser, () => {
      const grid = document.getElementById("grid").getBoundingClientRect();
      const cells = [...document.querySelectorAll('[data-testid="cell"]')].filter((c) => {
        const r = c.getBoundingClientRect();
        return !c.hidden && !c.parentElement.hidden && r.top >= grid.top && r.bottom <= grid.bottom;
      }).slice(0, 4);
      const s = cells.map((c) => {
        const img = c.querySelector("img.th");
        return { state: c.querySelector('[data-testid="thumb"]').dataset.state, w: img.naturalWidth, h: img.naturalHeight, src: img.src };
      });
      return s.length >= 3 && s.every((x) => x.state === "ready") ? s : null;
    }, "the thumbnails in view did not load", 60_000);
    for (const th of thumbs) {
      assert.ok(th.src.startsWith("thumb:") || th.src.startsWith("http://thumb.localhost/"), th.src);
      assert.equal(Math.max(th.w, th.h), 400, `thumbnail ${th.w}×${th.h}`);
    }
    const tThumbs = Date.now();
    await shot(browser, "browse-fr.png");
    toDocs("browse-fr.png", "screenshot.png");

    // The keyboard walks across days: → from a day's last photo lands on the next day's first.
    {
      const all0 = await photos(browser);
      const i = all0.findIndex((p, j) => j + 1 < all0.length && p.date !== all0[j + 1].date);
      assert.ok(i >= 0, "photos on two days");
      assert.ok(await js(browser, (id) => window.recapDebug.reveal(id), all0[i].id));
      await browser.keys(["ArrowRight"]);
      await until(browser, (id) => window.recapDebug.cursor() === id, "→ did not reach the next day", 10_000, all0[i + 1].id);
      await browser.keys(["ArrowLeft"]);
      await until(browser, (id) => window.recapDebug.cursor() === id, "← did not go back a day", 10_000, all0[i].id);
      await browser.keys(["End"]);
      await until(browser, (id) => window.recapDebug.cursor() === id, "End did not reach the last photo", 10_000, all0.at(-1).id);
      await browser.keys(["Home"]);
      await until(browser, (id) => window.recapDebug.cursor() === id, "Home did not reach the first photo", 10_000, all0[0].id);
    }

    // The viewer: Enter opens the photo under the cursor, arrows move, Esc closes.
    const all = await photos(browser);
    const june9 = all.filter((p) => p.date === "2017-06-09");
    assert.ok(june9.length >= 3, "photos on June 9");
    await openInViewer(browser, june9[0].id);
    const first = await viewerState(browser);
    assert.equal(first.file, june9[0].fileName);
    assert.match(first.time, /juin 2017, \d{1,2} h \d{2}/);
    await browser.keys(["ArrowRight"]);
    const second = await until(browser, (f) => {
      const name = document.querySelector('[data-testid="viewer-file"]').textContent;
      return name !== f ? name : null;
    }, "ArrowRight did not move the viewer", 10_000, first.file);
    assert.equal(second, june9[1].fileName);
    // The 1600 px preview replaces the grid thumbnail.
    await until(browser, () => document.querySelector('[data-testid="viewer-img"]').dataset.state === "preview", "the preview did not load", 60_000);
    const natural = await js(browser, () => { const i = document.querySelector('[data-testid="viewer-img"]'); return Math.max(i.naturalWidth, i.naturalHeight); });
    assert.ok(natural > 400, `preview size ${natural}`);
    await browser.keys(["ArrowLeft"]);
    await until(browser, (f) => document.querySelector('[data-testid="viewer-file"]').textContent === f, "ArrowLeft did not go back", 10_000, first.file);

    // Edit the caption in place: Enter saves; it is marked as edited by hand.
    captioned = { id: june9[0].id, file: june9[0].fileName };
    // (Typed as a user would: WebDriver's "clear" blurs the field, which saves.)
    await browser.$(q("viewer-caption")).click();
    await js(browser, () => document.querySelector('[data-testid="viewer-caption"]').select());
    await browser.keys(CAPTION);
    await browser.keys(["Enter"]);
    await until(browser, () => document.querySelector('[data-testid="viewer-caption-state"]').textContent === "Modifiée à la main", "the caption was not saved");
    assert.equal((await viewerState(browser)).caption, CAPTION);
    await shot(browser, "viewer-fr.png");
    await browser.keys(["Escape"]);
    await until(browser, () => document.getElementById("viewer").hidden, "Esc did not close the viewer");
    const afterCaption = (await photos(browser)).find((p) => p.id === captioned.id);
    assert.equal(afterCaption.caption, CAPTION);
    assert.equal(afterCaption.captionEdited, true);
    // Undo offers to undo the caption.
    assert.equal(await text(browser, "undo"), "Annuler : la légende");

    // Rename a chapter in place.
    await browser.$(`${q("chapter")}[data-chapter-id="${angers.id}"] ${q("chapter-rename")}`).click();
    await until(browser, () => document.activeElement && document.activeElement.dataset.testid === "chapter-rename-input", "the rename field did not take the focus");
    await browser.keys(RENAMED); // the old title is selected: typing replaces it
    await browser.keys(["Enter"]);
    await until(browser, (t) => [...document.querySelectorAll('[data-testid="chapter-title"]')].some((x) => x.textContent === t), "the chapter was not renamed", 20_000, RENAMED);

    // Clocks: the Canon left on Québec time was aligned with the group, +6 h.
    await browser.$(q("tab-clocks")).click();
    const canon = await until(browser, () => {
      const row = [...document.querySelectorAll('[data-testid="clock-row"]')].find((r) => r.querySelector('[data-testid="clock-camera"]').textContent === "Canon EOS 80D");
      return row ? { device: row.dataset.device, offset: row.querySelector('[data-testid="clock-offset"]').textContent, source: row.querySelector('[data-testid="clock-source"]').textContent } : null;
    }, "no Canon EOS 80D in the clocks panel");
    assert.equal(canon.offset, "+6 h");
    assert.equal(canon.source, "aligné sur le groupe");
    await shot(browser, "clocks-fr.png");
    const before = (await photos(browser)).filter((p) => p.device === canon.device);
    assert.ok(before.length > 0, "photos of the Canon");

    // A wrong entry is refused with a sentence, not sent.
    const row = `${q("clock-row")}[data-device="${canon.device}"]`;
    await browser.$(`${row} ${q("clock-change")}`).click();
    await browser.$(`${row} ${q("clock-input")}`).setValue("six heures");
    await browser.$(`${row} ${q("clock-apply")}`).click();
    assert.match(await browser.$(`${row} ${q("clock-error")}`).getText(), /Correction illisible/);
    // "The clock was right": the Canon's photos move 6 hours earlier.
    await browser.$(`${row} ${q("clock-input")}`).setValue("0:00");
    await browser.$(`${row} ${q("clock-apply")}`).click();
    await until(browser, (sel) => {
      const r = document.querySelector(sel);
      return r && r.querySelector('[data-testid="clock-offset"]').textContent === "0 h";
    }, "the Canon's correction did not become 0 h", 20_000, row);
    const moved = (await photos(browser)).filter((p) => p.device === canon.device);
    const byId = new Map(moved.map((p) => [p.id, p]));
    const shifts = before.filter((p) => byId.has(p.id)).map((p) => minutes(p.localTime) - minutes(byId.get(p.id).localTime));
    // Same instants 6 hours earlier (wall times may differ more if a photo changes zone).
    assert.ok(shifts.length > 0 && shifts.every((s) => s === 360), `shifts: ${shifts.join(", ")} — ${before.slice(0, 3).map((p) => `${p.localTime} → ${byId.get(p.id).localTime}`).join("; ")}`);
    // …and the viewer shows the new time.
    const probe = before[0];
    await openInViewer(browser, probe.id);
    const shown = await viewerState(browser);
    const hm = (iso) => { const m = /T(\d{2}):(\d{2})/.exec(iso); return `${Number(m[1])} h ${m[2]}`; };
    assert.ok(shown.time.includes(hm(byId.get(probe.id).localTime)), `viewer time ${shown.time}`);
    await browser.keys(["Escape"]);
    // Undo and redo, by keyboard.
    await browser.$(q("grid")).click().catch(() => {});
    await js(browser, () => document.getElementById("grid").focus());
    assert.equal(await text(browser, "undo"), "Annuler : l’horloge d’un appareil");
    await browser.keys(["Control", "z"]);
    await until(browser, (id, t) => window.recapDebug.photos().find((x) => x.id === id).localTime === t, "Ctrl+Z did not undo the clock", 20_000, probe.id, probe.localTime);
    assert.equal(await text(browser, "undo"), "Annuler : le renommage du chapitre");
    await browser.keys(["Control", "Shift", "z"]);
    await until(browser, (id, t) => window.recapDebug.photos().find((x) => x.id === id).localTime === t, "Ctrl+Shift+Z did not redo the clock", 20_000, probe.id, byId.get(probe.id).localTime);

    // Export for Facebook into the folder the dialog answers.
    // The folder normally comes from the native dialog, which WebDriver cannot
    // drive: the page is handed the folder the dialog would have answered.
    const out = path.join(home, "export");
    fs.mkdirSync(out, { recursive: true });
    await browser.$(q("export-open")).click();
    await browser.$(q("export-preset-facebook")).click();
    await js(browser, (dir) => window.recapDebug.setExportFolder(dir), out);
    assert.equal(await text(browser, "export-folder"), out);
    await browser.$(q("export-start")).click();
    const summary = await until(browser, () => {
      const s = document.querySelector('[data-testid="export-summary"]');
      const e = document.querySelector('[data-testid="export-error"]');
      if (!e.hidden) return "error:" + e.textContent;
      return s.hidden ? null : document.querySelector('[data-testid="export-summary-text"]').textContent;
    }, "the export did not finish", 120_000);
    assert.ok(!summary.startsWith("error:"), summary);
    assert.match(summary, /fichiers écrits/);
    await shot(browser, "export-fr.png");
    const files = fs.readdirSync(out, { recursive: true }).map(String).filter((f) => /\.jpe?g$/i.test(f));
    assert.ok(files.length > 0, `exported files in ${out}: ${fs.readdirSync(out).join(", ")}`);
    await browser.$(q("export-close")).click();

    // Curation. A messaging-app copy (Nadia's IMG-…-WA000N.jpg) is grouped with
    // its original as a near duplicate, and sits in a day, not set apart.
    const tCur = Date.now();
    await until(browser, () => document.body.dataset.curated === "true", "background curation did not finish", 120_000);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="curation-status"]').hidden), true);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="select-open"]').disabled), false);
    // Curated, each cell is underlaid with its colour miniature, cut from a
    // mosaic image the thumb scheme serves (32×32 tiles of 8×8 pixels).
    const mosaic = await browser.executeAsync((done) => {
      const t = document.querySelector("#grid-canvas .cell:not([hidden]) .thumb");
      const m = /^url\("(.*)"\)$/.exec(t ? t.style.backgroundImage : "");
      if (!m) return done({ error: `no mosaic background: ${t && t.style.backgroundImage}` });
      const img = new Image();
      img.onload = () => done({ url: m[1], w: img.naturalWidth, h: img.naturalHeight, pos: t.style.backgroundPosition });
      img.onerror = () => done({ error: `mosaic did not load: ${m[1]}` });
      img.src = m[1];
    });
    assert.ok(!mosaic.error, mosaic.error);
    assert.match(mosaic.url, /\/mosaic\/0$/);
    assert.deepEqual([mosaic.w, mosaic.h], [256, 256]);
    await browser.$(q("tab-photos")).click();
    const cur0 = await photos(browser);
    const copy = cur0.find((p) => /-WA\d+\.jpe?g$/i.test(p.fileName) && p.groupKind === "near");
    assert.ok(copy, `no messaging-app copy in a near-duplicate group: ${cur0.filter((p) => /-WA\d+/i.test(p.fileName)).map((p) => `${p.fileName}:${p.groupKind}`).join(", ") || "no -WA files in the plan"}`);
    assert.match(copy.date || "", /^2017-06-\d\d$/, "the copy sits in a day");
    const apart = await js(browser, () => [...document.querySelectorAll('[data-testid="unplaced-file"]')].map((x) => x.textContent));
    assert.ok(!apart.includes(copy.fileName), `${copy.fileName} is still set apart`);
    const members = cur0.filter((p) => p.group === copy.group);
    assert.ok(members.length >= 2, `group of ${copy.fileName}: ${members.map((p) => p.fileName)}`);
    const oldBest = members.find((p) => p.best);
    assert.ok(oldBest, `no best shot in ${members.map((p) => p.fileName)}`);
    const newBest = members.find((p) => p.id !== oldBest.id);
    // The badge says what the group is; clicking it opens the compare view.
    assert.ok(await js(browser, (id) => window.recapDebug.reveal(id), copy.id));
    const badge = await js(browser, (id) => {
      const b = document.querySelector(`#photo-${id} [data-testid="badge-group"]`);
      return b && !b.hidden ? b.textContent : null;
    }, copy.id);
    assert.equal(badge, `copie ×${copy.groupSize}`);
    assert.equal(await js(browser, (id) => document.querySelector(`#photo-${id}`).dataset.best, oldBest.id), "true");
    await browser.$(`#photo-${copy.id} ${q("badge-group")}`).click();
    await until(browser, () => !document.getElementById("compare").hidden, "the compare view did not open");
    const order = await js(browser, () => [...document.querySelectorAll('[data-testid="compare-item"]')].map((x) => Number(x.dataset.id)));
    assert.deepEqual([...order].sort(), members.map((p) => p.id).sort());
    // ←/→ to the other photo, B makes it the best shot: the badge moves.
    const focusOn = async (id) => {
      const from = await js(browser, () => [...document.querySelectorAll('[data-testid="compare-item"]')].findIndex((x) => x.getAttribute("aria-current") === "true"));
      const to = order.indexOf(id);
      for (let k = 0; k < Math.abs(to - from); k++) await browser.keys([to > from ? "ArrowRight" : "ArrowLeft"]);
      await until(browser, (i) => document.querySelector(`[data-testid="compare-item"][data-id="${i}"]`).getAttribute("aria-current") === "true", "the compare focus did not move", 5_000, id);
    };
    await focusOn(newBest.id);
    await browser.keys(["b"]);
    await until(browser, (a, b) => {
      const cell = (id) => document.querySelector(`#photo-${id}`);
      return cell(a) && cell(b) && cell(a).dataset.best === "true" && cell(b).dataset.best === "false"
        && document.querySelector(`[data-testid="compare-item"][data-id="${a}"]`).dataset.best === "true";
    }, "B did not move the best badge", 20_000, newBest.id, oldBest.id);
    assert.equal(await text(browser, "undo"), "Annuler : le choix de la meilleure photo");
    // P then 4: picked and rated, both shown.
    await browser.keys(["p"]);
    await browser.keys(["4"]);
    await until(browser, (id) => {
      const c = document.querySelector(`#photo-${id}`);
      return c.dataset.pick === "pick" && c.querySelector('[data-testid="badge-stars"]').textContent === "★★★★" && !c.querySelector('[data-testid="badge-pick"]').hidden;
    }, "P and 4 did not show a pick with four stars", 20_000, newBest.id);
    // Delete rejects the focused photo (the former best).
    await focusOn(oldBest.id);
    await browser.keys(["Delete"]);
    await until(browser, (id) => document.querySelector(`[data-testid="compare-item"][data-id="${id}"]`).dataset.pick === "reject", "Delete did not reject in the compare view", 20_000, oldBest.id);
    await shot(browser, "compare-fr.png");
    await browser.keys(["Escape"]);
    await until(browser, () => document.getElementById("compare").hidden, "Esc did not close the compare view");
    const mark = await js(browser, (id) => {
      const c = document.querySelector(`#photo-${id}`);
      const f = c.querySelector('[data-testid="badge-pick"]');
      return { rejected: c.classList.contains("rejected"), flag: f.hidden ? "" : f.textContent, title: f.title };
    }, oldBest.id);
    assert.deepEqual(mark, { rejected: true, flag: "✕", title: "Écartée" });
    // Delete on the grid's focused photo rejects it too.
    const another = cur0.find((p) => p.group !== copy.group && p.date === copy.date) || cur0.find((p) => p.group !== copy.group);
    assert.ok(await js(browser, (id) => window.recapDebug.reveal(id), another.id));
    await browser.keys(["Delete"]);
    await until(browser, (id) => document.querySelector(`#photo-${id}`).classList.contains("rejected"), "Delete on the grid did not reject", 20_000, another.id);

    // "Choisir N photos": 20, replacing my picks; the chapters' counters add up to it.
    const picks0 = await js(browser, () => window.recapDebug.picks());
    await browser.$(q("select-open")).click();
    await until(browser, () => document.getElementById("select-dialog").open, "the selection dialog did not open");
    assert.equal(await js(browser, () => document.querySelector('[data-testid="select-n"]').value), "150");
    await browser.$(q("select-n")).setValue("20");
    await browser.$(q("select-replace")).click();
    await browser.$(q("select-go")).click();
    const selected = await until(browser, () => {
      const e = document.querySelector('[data-testid="select-error"]');
      if (!e.hidden) return "error:" + e.textContent;
      return document.querySelector('[data-testid="select-summary"]').hidden ? null : document.querySelector('[data-testid="select-summary-text"]').textContent;
    }, "the selection did not finish", 60_000);
    assert.ok(!selected.startsWith("error:"), selected);
    const picks1 = await js(browser, () => window.recapDebug.picks());
    const picked = (await photos(browser)).filter((p) => p.pick === "pick").length;
    assert.equal(picks1.chapters.reduce((a, b) => a + b, 0), picks1.total, `chapters ${picks1.chapters} vs total ${picks1.total}`);
    assert.equal(picks1.total, picked);
    assert.equal(picks1.total, 20, `the selection made ${picks1.total} picks`);
    assert.equal(selected, "20 retenues au total.");
    assert.equal(await text(browser, "picks-total"), "20 retenues au total");
    assert.equal(await text(browser, "undo"), "Annuler : la sélection automatique");
    // "Seulement mes choix": the grid shows the picks only.
    await browser.$(q("select-show-picks")).click();
    await until(browser, (n) => window.recapDebug.gridStats().shown === n && !document.getElementById("select-dialog").open, "the picks filter did not show the picks", 10_000, picked);
    // Ctrl+Z undoes the whole selection, Ctrl+Shift+Z brings it back.
    await browser.keys(["Control", "z"]);
    await until(browser, (n) => window.recapDebug.picks().total === n, "Ctrl+Z did not undo the selection", 20_000, picks0.total);
    const undone = await js(browser, () => window.recapDebug.picks());
    assert.deepEqual(undone.chapters, picks0.chapters);
    await browser.keys(["Control", "Shift", "z"]);
    await until(browser, () => window.recapDebug.picks().total === 20, "Ctrl+Shift+Z did not redo the selection");
    await browser.$(q("filter-picks")).click();
    await until(browser, (n) => window.recapDebug.gridStats().shown === n, "the filter did not come off", 10_000, cur0.length);
    const cur1 = await photos(browser);
    kept = {
      picks: cur1.filter((p) => p.pick === "pick").map((p) => `${p.contributor}/${p.fileName}`).sort(),
      best: `${newBest.contributor}/${newBest.fileName}`,
      rejected: cur1.filter((p) => p.pick === "reject").map((p) => `${p.contributor}/${p.fileName}`).sort(),
    };
    // The screenshot for the README: the group, its best shot, picks and stars.
    assert.ok(await js(browser, (id) => window.recapDebug.reveal(id), copy.id));
    await shot(browser, "curation-fr.png");
    toDocs("curation-fr.png", "screenshot.png");
    console.log(`# curation steps: ${(Date.now() - tCur) / 1000}s`);

    // 200 % zoom: nothing wider than the window, sidebar and grid still usable.
    const colsBefore = await js(browser, () => window.recapDebug.gridStats().cols);
    await js(browser, () => { document.documentElement.style.zoom = "2"; });
    // The grid lays itself out again for the narrower room: fewer columns.
    await until(browser, (before) => window.recapDebug.gridStats().cols < before, "the grid kept its columns at 200 %", 10_000, colsBefore);
    const zoomed = await js(browser, () => {
      const de = document.documentElement;
      const box = (id) => { const r = document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect(); return r.width > 0 && r.height > 0; };
      return {
        overflow: de.scrollWidth - de.clientWidth,
        visible: ["sidebar", "grid", "tab-photos", "select-open", "filter-who", "undo"].filter((id) => !box(id)),
        cols: window.recapDebug.gridStats().cols,
      };
    });
    await js(browser, () => { document.documentElement.style.zoom = ""; });
    console.log(`# 200 % zoom: ${JSON.stringify(zoomed)}`);
    assert.ok(zoomed.overflow <= 0, `horizontal overflow at 200 %: ${zoomed.overflow}px`);
    assert.deepEqual(zoomed.visible, [], "controls with no size at 200 %");
    assert.ok(zoomed.cols >= 1, "grid columns at 200 %");

    // The language switch re-labels the page and sets <html lang>.
    await browser.$(q("lang-toggle")).click();
    assert.equal(await js(browser, () => document.documentElement.lang), "en-CA");
    assert.equal(await text(browser, "tab-clocks"), "Clocks");
    assert.equal(await text(browser, "tab-people"), "Directory");
    assert.equal(await text(browser, "picks-total"), "20 picks in all");
    assert.match(await js(browser, () => [...document.querySelectorAll('[data-testid="badge-group"]')].find((b) => !b.hidden && b.closest(".cell:not([hidden])"))?.textContent || ""), /^(copy|burst|duplicate) ×\d+$/);
    await browser.$(q("lang-toggle")).click();
    assert.equal(await js(browser, () => document.documentElement.lang), "fr-CA");
    console.log(`# demo opened in ${(tOpen - t0) / 1000}s, thumbnails in view after ${(tThumbs - tOpen) / 1000}s`);
  });

  // Quit, relaunch on the same cache: the mission is in the recent list, edits kept.
  await withApp(driver, "relaunch", [], async (browser) => {
    await browser.$(q("open-demo")).waitForDisplayed({ timeout: 60_000 });
    const recent = await until(browser, () => {
      const items = [...document.querySelectorAll('[data-testid="recent-item"]')];
      return items.length ? items.map((i) => i.textContent) : null;
    }, "no recent mission after relaunch");
    assert.ok(recent.length >= 1, `recent: ${recent}`);
    await browser.$(q("recent-open")).click();
    await waitForBrowse(browser);
    const titles = await js(browser, () => [...document.querySelectorAll('[data-testid="chapter-title"]')].map((x) => x.textContent));
    assert.ok(titles.includes(RENAMED), `chapters after relaunch: ${titles.join(", ")}`);
    const p = (await photos(browser)).find((x) => x.fileName === captioned.file && x.caption === CAPTION);
    assert.ok(p, "the edited caption was kept");
    await openInViewer(browser, p.id);
    const v = await viewerState(browser);
    assert.equal(v.caption, CAPTION);
    assert.equal(v.captionState, "Modifiée à la main");
    await shot(browser, "relaunch-fr.png");
    await browser.keys(["Escape"]);
    // Picks, rejects and the chosen best shot were kept too (the best
    // once the warm curation has attached).
    await until(browser, () => document.body.dataset.curated === "true", "curation after relaunch", 60_000);
    if (kept) {
      const now = await photos(browser);
      const keys = (f) => now.filter(f).map((x) => `${x.contributor}/${x.fileName}`).sort();
      assert.deepEqual(keys((x) => x.pick === "pick"), kept.picks, "picks after relaunch");
      assert.deepEqual(keys((x) => x.pick === "reject"), kept.rejected, "rejects after relaunch");
      assert.ok(keys((x) => x.best).includes(kept.best), "the chosen best shot after relaunch");
      assert.equal(await text(browser, "picks-total"), "20 retenues au total");
    }
  });
  console.log(`# whole test: ${(Date.now() - t0) / 1000}s`);
});

test("--demo opens straight on the demo mission", { timeout: TIMEOUT }, async () => {
  const driver = await startDriver(path.join(ctx.tmp, "flag"));
  await withApp(driver, "flag", ["--demo"], async (browser) => {
    await waitForBrowse(browser);
    const n = await js(browser, () => window.recapDebug.gridStats().shown);
    assert.ok(n > 0, "photos in the grid");
  });
});
