// End-to-end test of the Récit tab (issue 17): on the demo mission, a day's
// text is rewritten in place and two of its photos swapped with the keyboard
// (Alt+→); after a relaunch on the same mission both are kept, and the story
// exported from the app's dialog holds the new text. The real app
// (target/debug/recap-app) in real WebKitGTK through tauri-driver. Run under
// `xvfb-run -a` after `cargo build -p recap-app --bin recap-app`:
//   node --test --test-timeout=300000 tests/e2e/story.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startDriver, until, q, js, waitForBrowse, e2eFile, withDebugApp as withApp, SHOTS } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;
// Markup in the text must stay text, in the tab and in the exported page.
const TEXT = "Journée racontée dans l’app : <b>WeForge</b> & la Cité de l’objet connecté";

const ctx = e2eFile("story", { before, after });

/** Each day of the story on screen: its chapter and date, its text and state, its photos' ids in order. */
const days = (browser) => js(browser, () => [...document.querySelectorAll('[data-testid="story-day"]')].map((d) => ({
  chapter: d.closest('[data-testid="story-chapter"]').dataset.chapter,
  date: d.dataset.day,
  text: d.querySelector('[data-testid="story-text"]').value,
  draft: d.querySelector('[data-testid="story-text-state"]').dataset.draft === "true",
  chosen: d.querySelector('[data-testid="story-photos-state"]').dataset.chosen === "true",
  photos: [...d.querySelectorAll('[data-testid="story-photo"]')].map((li) => Number(li.dataset.id)),
})));

/** Opens the Récit tab and waits for the story's days with their photos. */
async function openStory(browser) {
  await browser.$(q("tab-story")).click();
  await until(browser, () => document.querySelectorAll('[data-testid="story-day"] [data-testid="story-photo"]').length > 0, "the story did not show its days");
}

test("the Récit tab: a day's text and its photos' order are edited, kept after a relaunch, and exported", { timeout: TIMEOUT }, async () => {
  const home = path.join(ctx.tmp, "demo");
  const driver = await startDriver(home);
  let day = null;
  let order = null;
  await withApp(driver, "story", ["--demo"], async (browser) => {
    await waitForBrowse(browser);
    // Recap's choice of a day's photos follows curation: let it finish first.
    await until(browser, () => document.body.dataset.curated === "true", "curation did not finish", 120_000);
    await openStory(browser);
    const before = await days(browser);
    // A day split between a stay and a journey is told in each chapter.
    const trip = await js(browser, () => [...new Set(window.recapDebug.photos().map((p) => `${p.chapter}/${p.date}`))]);
    assert.deepEqual(before.map((d) => `${d.chapter}/${d.date}`), trip, "every day of the trip is told, in order");
    assert.ok(before.every((d) => d.draft && !d.chosen), "each day starts on Recap's draft and choice");
    day = before.find((d) => d.photos.length >= 2 && before.filter((x) => x.date === d.date).length === 1);
    assert.ok(day, "a day with two photos");
    assert.ok(day.text.length > 0, "Recap wrote a draft for the day");

    // Rewrite the day's text; leaving the field saves it.
    const area = `[data-testid="story-day"][data-day="${day.date}"] [data-testid="story-text"]`;
    await browser.$(area).setValue(TEXT);
    await browser.keys(["Tab"]);
    await until(browser, (date) => {
      const d = document.querySelector(`[data-testid="story-day"][data-day="${date}"]`);
      return d.querySelector('[data-testid="story-text-state"]').dataset.draft === "false";
    }, "the day's text was not saved", 20_000, day.date);

    // Swap its first two photos from the keyboard: Alt+→ on the first.
    await js(browser, (date) => document.querySelector(`[data-testid="story-day"][data-day="${date}"] [data-testid="story-photo"]`).focus(), day.date);
    await browser.keys(["Alt", "ArrowRight"]);
    order = [day.photos[1], day.photos[0], ...day.photos.slice(2)];
    await until(browser, (date, want) => {
      const d = document.querySelector(`[data-testid="story-day"][data-day="${date}"]`);
      const ids = [...d.querySelectorAll('[data-testid="story-photo"]')].map((li) => Number(li.dataset.id));
      return JSON.stringify(ids) === JSON.stringify(want);
    }, "Alt+→ did not move the photo", 20_000, day.date, order);
    const live = await js(browser, () => document.querySelector('[data-testid="story-live"]').textContent);
    assert.equal(live, `Photo déplacée : 2 sur ${order.length}`, "the move is announced");
    const focused = await js(browser, () => document.activeElement && document.activeElement.dataset.id);
    assert.equal(Number(focused), day.photos[0], "the moved photo keeps the focus");
    await browser.saveScreenshot(path.join(SHOTS, "story-fr.png"));
    const after = (await days(browser)).find((d) => d.date === day.date);
    assert.equal(after.text, TEXT);
    assert.equal(after.chosen, true, "the day's photos are now the user's");

    // The other language keeps Recap's draft for that day.
    await browser.$(q("story-lang-en")).click();
    await until(browser, () => document.querySelector('[data-testid="story"]').dataset.lang === "en", "no English preview");
    const en = (await days(browser)).find((d) => d.date === day.date);
    assert.equal(en.draft, true, "the English text is still the draft");
    assert.notEqual(en.text, TEXT);
    assert.deepEqual(en.photos, order, "the photos are the same in both languages");
    await browser.$(q("story-lang-fr")).click();
    await until(browser, () => document.querySelector('[data-testid="story"]').dataset.lang === "fr", "back to the French preview");
  });

  // Relaunch on the same mission: both edits are there.
  await withApp(driver, "story-relaunch", ["--demo"], async (browser) => {
    await waitForBrowse(browser);
    await openStory(browser);
    const d = (await days(browser)).find((x) => x.date === day.date);
    assert.ok(d, `the day ${day.date} after the relaunch`);
    assert.equal(d.text, TEXT, "the day's text was kept");
    assert.equal(d.draft, false);
    assert.deepEqual(d.photos, order, "the photos' order was kept");

    // Export the story from the app's dialog into a folder of its own.
    const out = path.join(home, "story-export");
    fs.mkdirSync(out, { recursive: true });
    await browser.$(q("export-open")).click();
    await browser.$(q("export-preset-story")).click();
    await js(browser, (dir) => window.recapDebug.setExportFolder(dir), out);
    await browser.$(q("export-start")).click();
    const summary = await until(browser, () => {
      const s = document.querySelector('[data-testid="export-summary"]');
      const e = document.querySelector('[data-testid="export-error"]');
      if (!e.hidden) return "error:" + e.textContent;
      return s.hidden ? null : document.querySelector('[data-testid="export-summary-text"]').textContent;
    }, "the story export did not finish", 180_000);
    assert.ok(!summary.startsWith("error:"), summary);
    const page = path.join(out, "index.html");
    assert.ok(fs.existsSync(page), `index.html in ${out}: ${fs.readdirSync(out).join(", ")}`);
    const html = fs.readFileSync(page, "utf8");
    assert.ok(html.includes("Journée racontée dans l’app"), "the exported page holds the day's new text");
    assert.ok(!html.includes("<b>WeForge</b>"), "the text's markup is not markup in the page");
  });
});
