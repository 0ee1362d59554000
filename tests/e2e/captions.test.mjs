// End-to-end test of the captions tab (issue 15): a live preview of the
// template on a real photo, rendered by the core as the user types, in both
// languages; the suggestion to import a programme when the mission has none.
// The real app (target/debug/recap-app) in real WebKitGTK through
// tauri-driver. Run under `xvfb-run -a` after `cargo build --workspace --bins`:
//   node --test --test-timeout=300000 tests/e2e/captions.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startDriver, until, CLI, q, js, waitForBrowse, e2eFile, withDebugApp as withApp } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;

const ctx = e2eFile("captions", { before, after }, { cli: true });

/** What the preview shows (textContent: getText is blind to some layouts). */
const preview = (browser) => js(browser, () => {
  const box = document.querySelector('[data-testid="caption-preview"]');
  const get = (id) => document.querySelector(`[data-testid="${id}"]`).textContent;
  return { photo: box.dataset.photo, file: get("preview-file"), main: get("preview-main"), other: get("preview-other") };
});

const hintShown = (browser) => js(browser, () => !document.querySelector('[data-testid="programme-hint"]').hidden);

test("the captions tab previews the template on a real photo as it is typed, in both languages", { timeout: TIMEOUT }, async () => {
  const driver = await startDriver(path.join(ctx.tmp, "demo"));
  await withApp(driver, "captions", ["--demo"], async (browser) => {
    await waitForBrowse(browser);
    await browser.$(q("tab-captions")).click();
    // The album's first photo, captioned by the core with the saved template.
    const first = await until(browser, () => {
      const box = document.querySelector('[data-testid="caption-preview"]');
      const main = document.querySelector('[data-testid="preview-main"]').textContent;
      return box.dataset.photo && main.includes("juin 2017") ? main : null;
    }, "no preview of a photo's caption");
    const shown = await preview(browser);
    const photos = await js(browser, () => window.recapDebug.photos());
    const photo = photos.find((p) => String(p.id) === shown.photo);
    assert.ok(photo, `the preview's photo ${shown.photo} is not one of the trip's`);
    assert.equal(shown.file, photo.fileName);
    assert.ok(first.startsWith(photo.caption), `preview ${JSON.stringify(first)} vs caption ${JSON.stringify(photo.caption)}`);
    assert.ok(/Photo\u00a0: /.test(first), `the credit: ${first}`);
    assert.ok(shown.other.includes("June") && shown.other.includes("2017"), `the English below: ${shown.other}`);
    // The demo has its programme: nothing to suggest.
    assert.equal(await hintShown(browser), false, "a programme suggested to a mission that has one");

    // Typing changes the preview, before any save.
    await browser.$(q("template-fr")).setValue("Délégation 2017, {moment}, {date}");
    const typed = await until(browser, () => {
      const main = document.querySelector('[data-testid="preview-main"]').textContent;
      return main.startsWith("Délégation 2017, ") ? main : null;
    }, "the preview did not follow the template");
    assert.ok(typed.includes("juin 2017"), typed);
    // An empty field takes its separator with it: never ", ," in a caption.
    await browser.$(q("template-fr")).setValue("{venue}, {date}");
    const bare = await until(browser, () => {
      const main = document.querySelector('[data-testid="preview-main"]').textContent;
      return main.startsWith("Délégation") ? null : main;
    }, "the preview did not follow the second template");
    assert.ok(!bare.startsWith(",") && !bare.includes(", ,"), bare);

    // In English, the English caption on top and the French one below.
    await browser.$(q("lang-toggle")).click();
    await until(browser, () => document.documentElement.lang === "en-CA", "the interface did not switch to English");
    const en = await until(browser, () => {
      const main = document.querySelector('[data-testid="preview-main"]').textContent;
      const other = document.querySelector('[data-testid="preview-other"]').textContent;
      return main.includes("June") && other.includes("juin") ? { main, other } : null;
    }, "no English preview");
    assert.ok(/Photo: /.test(en.main), `the English credit: ${en.main}`);
  });
});

test("a mission without a programme is offered to import one", { timeout: TIMEOUT }, async () => {
  const trip = path.join(ctx.tmp, "voyage");
  execFileSync(CLI, ["demo", trip], { stdio: "ignore" });
  const folders = fs.readdirSync(trip, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(trip, e.name));
  const driver = await startDriver(path.join(ctx.tmp, "bare"));
  await withApp(driver, "captions-bare", [], async (browser) => {
    await browser.$(q("create-mission")).waitForDisplayed({ timeout: 60_000 });
    await js(browser, (d, fs_) => { window.recapDebug.setMissionsDir(d); window.recapDebug.setNewFolders(fs_); }, path.join(ctx.tmp, "missions"), folders);
    await browser.$(q("new-name")).setValue("Sans programme");
    await browser.$(q("create-mission")).click();
    await waitForBrowse(browser);
    await browser.$(q("tab-captions")).click();
    await until(browser, () => !document.querySelector('[data-testid="programme-hint"]').hidden, "no programme suggested");
    await browser.$(q("programme-import")).waitForDisplayed();
    // Moments are named all the same: from the time of day and the place.
    const main = await until(browser, () => {
      const m = document.querySelector('[data-testid="preview-main"]').textContent;
      return m.includes("juin 2017") ? m : null;
    }, "no preview");
    assert.ok(/^(Matinée|Midi|Après-midi|Soirée|Nuit|Visite) /.test(main), `a moment named by the clock: ${main}`);
    // The grid says those titles in the interface's language.
    await browser.$(q("tab-photos")).click();
    const titles = () => js(browser, () => [...document.querySelectorAll("#grid-canvas .named")].map((n) => n.children[1].textContent));
    const fr = await until(browser, () => document.querySelectorAll("#grid-canvas .named").length > 0, "no named moment in the grid").then(() => titles(browser));
    assert.ok(fr.some((x) => /^(Matinée|Midi|Après-midi|Soirée|Nuit) à /.test(x)), `French titles: ${fr.join(" | ")}`);
    await browser.$(q("lang-toggle")).click();
    const en = await until(browser, () => {
      const t = [...document.querySelectorAll("#grid-canvas .named")].map((n) => n.children[1].textContent);
      return t.some((x) => /^(Morning|Midday|Afternoon|Evening|Night) in /.test(x)) ? t : null;
    }, "the grid's moment titles did not switch to English");
    assert.ok(!en.some((x) => /^(Matinée|Après-midi|Soirée) à /.test(x)), `French left in English: ${en.join(" | ")}`);
  });
});
