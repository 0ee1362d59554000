// End-to-end test of the clocks tab (issue 15): doubtful clocks first and
// flagged in words, the "= heure de … ?" fix for a camera left on home time,
// undo, and the camera's photos next to the group's to check by eye — in the
// real app (target/debug/recap-app) in real WebKitGTK through tauri-driver.
// Run under `xvfb-run -a` after `cargo build --workspace --bins`:
//   node --test --test-timeout=300000 tests/e2e/clocks.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startDriver, until, SHOTS, q, js, waitForBrowse, e2eFile, withDebugApp as withApp } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;

const ctx = e2eFile("clocks", { before, after });

const minutes = (iso) => Date.parse(iso.slice(0, 19) + "Z") / 60_000;

// Every clock row as the tab lists it.
const clockRows = (browser) => js(browser, () => [...document.querySelectorAll('[data-testid="clock-row"]')].map((r) => {
  const get = (id) => { const x = r.querySelector(`[data-testid="${id}"]`); return x ? x.textContent : null; };
  const home = r.querySelector('[data-testid="clock-home"]');
  return { device: r.dataset.device, camera: get("clock-camera"), offset: get("clock-offset"), flag: get("clock-doubt"), home: home ? home.textContent : null, homeMinutes: home ? Number(home.dataset.minutes) : null };
}));
const canonOf = (rows) => rows.find((r) => r.camera === "Canon EOS 80D");
const canonPhotos = (browser, device) => js(browser, (d) => window.recapDebug.photos().filter((p) => p.device === d).map((p) => ({ id: p.id, localTime: p.localTime, date: p.date })), device);
const offsetIs = (browser, device, text, what) => until(browser, (d, t) => {
  const r = document.querySelector(`[data-testid="clock-row"][data-device="${d}"]`);
  return r && r.querySelector('[data-testid="clock-offset"]').textContent === t;
}, what, 20_000, device, text);
// The pairs shown under the device's row once every thumbnail has loaded.
const loadedPairs = (browser, device, what) => until(browser, (d) => {
  const row = document.querySelector(`[data-testid="clock-evidence"][data-device="${d}"]`);
  if (!row) return null;
  const pairs = [...row.querySelectorAll('[data-testid="evidence-pair"]')];
  if (!pairs.length) return null;
  const imgs = pairs.flatMap((p) => [p.querySelector('[data-testid="evidence-photo"]'), p.querySelector('[data-testid="evidence-other"]')]);
  if (!imgs.every((i) => i && i.complete)) return null;
  return pairs.map((p) => ({
    secondsApart: Number(p.dataset.secondsApart),
    widths: [p.querySelector('[data-testid="evidence-photo"]').naturalWidth, p.querySelector('[data-testid="evidence-other"]').naturalWidth],
    gap: p.querySelector('[data-testid="evidence-gap"]').textContent,
  }));
}, what, 60_000, device);

test("clocks: doubtful first, the home-time fix, undo, and photos side by side", { timeout: TIMEOUT }, async () => {
  const driver = await startDriver(path.join(ctx.tmp, "clocks"));
  await withApp(driver, "clocks", [], async (browser) => {
    await browser.$(q("open-demo")).waitForDisplayed({ timeout: 60_000 });
    await browser.$(q("open-demo")).click();
    await waitForBrowse(browser);
    // Curation finishing redraws the panels: wait for it before editing rows.
    await until(browser, () => document.body.dataset.curated === "true", "background curation did not finish", 120_000);
    await browser.$(q("tab-clocks")).click();

    // Flagged rows (in words) come before every unflagged one.
    const rows = await clockRows(browser);
    assert.ok(rows.length >= 5, JSON.stringify(rows));
    const flags = rows.map((r) => r.flag);
    const firstPlain = flags.findIndex((f) => !f);
    assert.ok(flags.slice(firstPlain < 0 ? flags.length : firstPlain).every((f) => !f), `a flagged clock after an unflagged one: ${JSON.stringify(rows)}`);
    for (const f of flags.filter(Boolean)) assert.match(f, /^(À vérifier|Confiance faible)$/);

    // The demo's Canon stayed on Montréal time: detection finds the zone
    // difference, so there is nothing to offer yet.
    const canon = canonOf(rows);
    assert.ok(canon, "no Canon EOS 80D in the clocks panel");
    assert.equal(canon.offset, "+6 h");
    assert.equal(canon.home, null, "the fix is offered only when it is not the correction already");
    const detected = await canonPhotos(browser, canon.device);
    assert.ok(detected.length > 3, "photos of the Canon");

    // The wrong correction of issue 15 (the zone difference plus 15 minutes).
    const row = `${q("clock-row")}[data-device="${canon.device}"]`;
    await browser.$(`${row} ${q("clock-change")}`).click();
    await browser.$(`${row} ${q("clock-input")}`).setValue("+6 h 15");
    await browser.$(`${row} ${q("clock-apply")}`).click();
    await offsetIs(browser, canon.device, "+6 h 15", "the Canon's correction did not become +6 h 15");
    const wrong = await canonPhotos(browser, canon.device);
    const byId = new Map(wrong.map((p) => [p.id, p]));
    assert.ok(detected.every((p) => minutes(byId.get(p.id).localTime) - minutes(p.localTime) === 15), "the Canon's photos did not move 15 minutes later");

    // The obvious fix, in words: "= heure de Montréal ? +6 h".
    const offered = canonOf(await clockRows(browser));
    assert.equal(offered.homeMinutes, 360, JSON.stringify(offered));
    assert.match(offered.home, /^= heure (de |d’)\S.* \? \+6 h$/, offered.home);
    console.log(`home-time button: ${offered.home}`);

    // Check by eye: the Canon's photos next to the group's, 15 minutes off.
    await browser.$(`${row} ${q("clock-check")}`).click();
    const off = await loadedPairs(browser, canon.device, "the evidence thumbnails did not load");
    assert.ok(off.length >= 2, JSON.stringify(off));
    for (const p of off) assert.ok(p.widths.every((w) => w > 0), `a thumbnail did not load: ${JSON.stringify(p)}`);
    await js(browser, (d) => document.querySelector(`[data-testid="clock-evidence"][data-device="${d}"]`).scrollIntoView(), canon.device);
    await browser.saveScreenshot(path.join(SHOTS, "clocks-evidence-fr.png"));

    // Applying it moves the photos back to the group's moments…
    await browser.$(`${row} ${q("clock-home")}`).click();
    await offsetIs(browser, canon.device, "+6 h", "the home-time fix did not set +6 h");
    const fixed = new Map((await canonPhotos(browser, canon.device)).map((p) => [p.id, p]));
    for (const p of detected) {
      assert.equal(fixed.get(p.id).localTime, p.localTime, `photo ${p.id} is not back at its moment`);
      assert.equal(fixed.get(p.id).date, p.date, `photo ${p.id} is not back on its day`);
    }
    assert.equal(canonOf(await clockRows(browser)).home, null, "the fix is still offered once applied");
    // …and the pairs follow the new correction without reopening the row.
    const near = await until(browser, (d, before) => {
      const pairs = [...document.querySelectorAll(`[data-testid="clock-evidence"][data-device="${d}"] [data-testid="evidence-pair"]`)];
      const now = pairs.map((p) => Number(p.dataset.secondsApart));
      return now.length && now.join() !== before ? now : null;
    }, "the pairs did not follow the correction", 20_000, canon.device, off.map((p) => p.secondsApart).join());
    const worst = (list) => Math.max(...list.map((s) => Math.abs(s)));
    assert.ok(worst(near) < worst(off.map((p) => p.secondsApart)), `pairs ${near} are not closer than ${off.map((p) => p.secondsApart)}`);
    await loadedPairs(browser, canon.device, "the new evidence thumbnails did not load");

    // Undo puts the wrong correction and its times back.
    await browser.$(q("undo")).click();
    await offsetIs(browser, canon.device, "+6 h 15", "undo did not restore +6 h 15");
    const undone = new Map((await canonPhotos(browser, canon.device)).map((p) => [p.id, p]));
    for (const p of wrong) assert.equal(undone.get(p.id).localTime, p.localTime, `undo did not restore photo ${p.id}`);
    assert.equal(canonOf(await clockRows(browser)).homeMinutes, 360, "the fix is offered again after undo");

    // The same button in English.
    await browser.$(q("lang-toggle")).click();
    await until(browser, () => document.documentElement.lang === "en-CA", "the interface did not switch to English");
    // The rows are redrawn in English once the trip comes back in it.
    const en = await until(browser, (d) => {
      const b = document.querySelector(`[data-testid="clock-row"][data-device="${d}"] [data-testid="clock-home"]`);
      return b && !b.textContent.startsWith("= heure") ? b.textContent : null;
    }, "the home-time button did not switch to English", 20_000, canon.device);
    assert.match(en, /^= \S.* time\? \+6 h$/, en);

    // Home is found from the departure photos, and can be set by hand when
    // they do not say: the fix offered follows it.
    const homeLine = () => js(browser, () => ({
      text: document.querySelector('[data-testid="home-zone-text"]').textContent,
      how: document.querySelector('[data-testid="home-zone-how"]').textContent,
      auto: !document.querySelector('[data-testid="home-zone-auto"]').hidden,
    }));
    const found = await homeLine();
    assert.match(found.text, /^Home: \S.* \(America\/\S+\)$/, found.text);
    assert.equal(found.how, "found from the departure photos");
    assert.equal(found.auto, false, "nothing to hand back to detection yet");
    const input = browser.$(q("home-zone-input"));
    await input.setValue("Europe/London");
    await browser.$(q("home-zone-apply")).click();
    const london = await until(browser, (d) => {
      const b = document.querySelector(`[data-testid="clock-row"][data-device="${d}"] [data-testid="clock-home"]`);
      return b && b.dataset.minutes === "60" ? b.textContent : null;
    }, "the fix did not follow a home set to London", 20_000, canon.device);
    assert.match(london, /^= \S.* time\? \+1 h$/, london);
    const set = await homeLine();
    assert.equal(set.text, "Home: London (Europe/London)");
    assert.equal(set.how, "set by hand");
    assert.equal(set.auto, true);
    // A zone that is none is refused in words, and changes nothing.
    await input.setValue("Mars/Olympus");
    await browser.$(q("home-zone-apply")).click();
    const refused = await until(browser, () => {
      const toast = document.getElementById("toast");
      return toast.hidden ? null : document.getElementById("toast-text").textContent;
    }, "a bad zone was not refused", 20_000);
    assert.match(refused, /Mars\/Olympus/, refused);
    assert.equal((await homeLine()).text, "Home: London (Europe/London)");
    // Back to detection.
    await browser.$(q("home-zone-auto")).click();
    await until(browser, () => document.querySelector('[data-testid="home-zone-how"]').textContent === "found from the departure photos", "the home did not go back to detection", 20_000);
    assert.equal(canonOf(await clockRows(browser)).homeMinutes, 360, "the Montréal fix is not offered again");
  });
});
