// The web UI alone, in headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core) against mock-shell.mjs: a fake shell answering the
// contract's commands from a generated trip. Fast checks of interactions the
// real-app test (app.test.mjs) does not repeat: keyboard paths, validation
// messages, compare view, curation keys, the export dialog's flow, 10,000
// photos virtualised, 200 % zoom. Not a test of the shell.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startMockServer } from "./mock-shell.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ctx = {};

before(async () => {
  ctx.srv = await startMockServer();
  ctx.profile = fs.mkdtempSync(path.join(os.tmpdir(), "recap-ui-mock-"));
  ctx.browser = await chromium.launchPersistentContext(ctx.profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 760 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
});

after(async () => {
  await ctx.browser?.close();
  await ctx.srv?.close();
  fs.rmSync(ctx.profile, { recursive: true, force: true });
});

async function open(photos) {
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${ctx.srv.url}/?photos=${photos}`);
  await page.click("[data-testid=open-demo]");
  await page.waitForSelector("[data-testid=cell] >> visible=true");
  return { page, errors };
}

const titles = (page) => page.$$eval("[data-testid=chapter-title]", (n) => n.map((x) => x.textContent));
const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.dataset.testid);

test("10,000 photos: a few dozen cells in the DOM, keyboard moves across days", async () => {
  const { page, errors } = await open(10_000);
  const stats = await page.evaluate(() => window.recapDebug.gridStats());
  assert.equal(stats.shown, 10_000);
  assert.ok(stats.cellsInDom < 120, `cells in the DOM: ${stats.cellsInDom}`);
  // Scroll to the end: rows are recycled, not added.
  await page.$eval("#grid", (g) => { g.scrollTop = g.scrollHeight; });
  await page.waitForTimeout(100);
  const end = await page.evaluate(() => window.recapDebug.gridStats());
  assert.ok(end.rowsInDom < 40 && end.rowsReused > 0, JSON.stringify(end));
  // End → last photo; the viewer opens on it with Enter.
  await page.focus("#grid");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("[data-testid=viewer-pos]"), "10\u00a0000 / 10\u00a0000");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.textContent("[data-testid=viewer-pos]"), "9\u00a0999 / 10\u00a0000");
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("[data-testid=viewer]"), true);
  assert.equal(await focused(page), "grid", "focus returns to the grid");
  // The sidebar's day jumps the grid there.
  await page.click("[data-testid=day][data-date='2017-06-09']");
  const top = await page.evaluate(() => {
    const h = [...document.querySelectorAll("[data-testid=day-header]")].find((x) => !x.hidden && x.dataset.date === "2017-06-09");
    return h && Math.round(h.getBoundingClientRect().top - document.getElementById("grid").getBoundingClientRect().top);
  });
  assert.ok(top !== undefined && Math.abs(top) < 30, `June 9 header at ${top}px`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("shape the trip: rename in place, reorder keeps focus, undo label, Ctrl+Z", async () => {
  const { page, errors } = await open(300);
  await page.click("[data-testid=chapter-rename]");
  await page.keyboard.press("Escape");
  assert.deepEqual(await titles(page), ["Angers", "Nantes"], "Esc cancels");
  await page.click("[data-testid=chapter-rename]");
  await page.keyboard.type("Angers, départ");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=chapter-title]").textContent === "Angers, départ");
  assert.equal(await page.textContent("[data-testid=undo]"), "Annuler : le renommage du chapitre");
  await page.focus("[data-testid=chapter-down]");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=chapter-title]")[1].textContent === "Angers, départ");
  assert.equal(await focused(page), "chapter-up", "focus follows the moved chapter");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector("[data-testid=chapter-title]").textContent === "Angers, départ");
  assert.deepEqual(errors, []);
  await page.close();
});

test("clocks: a wrong entry is explained, a right one applied", async () => {
  const { page, errors } = await open(300);
  await page.click("[data-testid=tab-clocks]");
  await page.click("[data-testid=clock-change]");
  await page.fill("[data-testid=clock-input]", "six heures");
  await page.keyboard.press("Enter");
  assert.match(await page.textContent("[data-testid=clock-error]"), /^Correction illisible/);
  assert.equal(await page.getAttribute("[data-testid=clock-input]", "aria-invalid"), "true");
  await page.fill("[data-testid=clock-input]", "-5 h 30");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=clock-offset]").textContent === "−5 h 30");
  assert.equal(await page.textContent("[data-testid=undo]"), "Annuler : l’horloge d’un appareil");
  assert.deepEqual(errors, []);
  await page.close();
});

test("curation: keys on the grid, compare a group, 'choose N' says it is not there yet", async () => {
  const { page, errors } = await open(300);
  await page.evaluate(() => window.recapDebug.reveal(1));
  await page.keyboard.press("p");
  await page.waitForFunction(() => window.recapDebug.photos()[1].pick === "pick");
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => window.recapDebug.photos()[1].pick === "reject");
  await page.keyboard.press("4");
  await page.waitForFunction(() => document.querySelector("#photo-1 .stars").textContent === "★★★★");
  assert.equal(await page.textContent("#photo-1 .badge-group"), "×3");
  await page.keyboard.press("c");
  await page.waitForSelector("[data-testid=compare] >> visible=true");
  assert.equal(await page.textContent("[data-testid=compare-title]"), "Comparer 3 photos");
  await page.keyboard.press("ArrowRight"); // from photo 1 to photo 2
  await page.keyboard.press("Enter"); // keep it, reject the others
  await page.waitForFunction(() => window.recapDebug.photos().slice(0, 3).map((p) => p.pick).join() === "reject,reject,pick");
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("[data-testid=compare]"), true);
  await page.click("[data-testid=select-go]");
  await page.waitForSelector("[data-testid=toast] >> visible=true");
  assert.equal(await page.textContent("[data-testid=toast-text]"), "Cette fonction n’est pas encore disponible dans cette version de Recap.");
  assert.deepEqual(errors, []);
  await page.close();
});

test("viewer caption: Enter saves, marked as edited, back to template", async () => {
  const { page, errors } = await open(300);
  await page.evaluate(() => window.recapDebug.reveal(5));
  await page.keyboard.press("Enter");
  await page.fill("[data-testid=viewer-caption]", "<img src=x onerror=alert(1)> Bonjour");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=viewer-caption-state]").textContent === "Modifiée à la main");
  assert.equal(await page.locator("[data-testid=viewer] img").count(), 1, "the caption stays text");
  await page.click("[data-testid=viewer-caption-reset]");
  await page.waitForFunction(() => document.querySelector("[data-testid=viewer-caption-state]").textContent === "Selon le modèle");
  assert.deepEqual(errors, []);
  await page.close();
});

test("export dialog: needs a folder, shows the summary; English; 200 % zoom wraps", async () => {
  const { page, errors } = await open(300);
  await page.click("[data-testid=export-open]");
  await page.click("[data-testid=export-start]");
  assert.equal(await page.textContent("[data-testid=export-error]"), "Choisissez d’abord un dossier de destination.");
  await page.click("[data-testid=export-folder-pick]");
  await page.click("[data-testid=export-start]");
  await page.waitForSelector("[data-testid=export-summary] >> visible=true");
  assert.equal(await page.textContent("[data-testid=export-summary-text]"), "Terminé en 0,5 s : 2 fichiers écrits · aucun fichier déjà à jour · aucun échec.");
  await page.keyboard.press("Escape");
  await page.click("[data-testid=lang-toggle]");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en-CA");
  assert.equal(await page.textContent("[data-testid=tab-people]"), "Directory");
  assert.equal(await page.textContent("[data-testid=day-title] >> visible=true"), "Sunday, June 4, 2017");
  // 200 % zoom of a 1100 px window: nothing wider than the window.
  await page.setViewportSize({ width: 550, height: 380 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await page.click("[data-testid=lang-toggle]");
  assert.deepEqual(errors, []);
  await page.close();
});
