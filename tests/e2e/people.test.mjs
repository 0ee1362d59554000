// End-to-end test of the Bottin (People tab), in the real app
// (target/debug/recap-app) in real WebKitGTK through tauri-driver: a
// delegate who sent no photo is added, two folders are linked to one person
// (the grid's photos and devices follow, the filter no longer offers the
// folder), undo gives them back, and after a relaunch both are still there.
// Run under `xvfb-run -a` after `cargo build --workspace --bins`:
//   node --test --test-timeout=300000 tests/e2e/people.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startDriver, until, SHOTS, q, js, waitForBrowse, e2eFile, withDebugApp as withApp } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;
const ctx = e2eFile("people", { before, after });

// The Bottin's rows as the People tab shows them.
const rows = (browser) => js(browser, () => [...document.querySelectorAll('[data-testid="person-row"]')].map((r) => ({
  folder: r.dataset.folder,
  delegate: r.dataset.delegate === "true",
  linkedTo: r.dataset.linkedTo || null,
  photos: r.querySelector('[data-testid="person-photos"]').textContent,
  unlink: !!r.querySelector('[data-testid="person-unlink"]'),
})));
// Photos per contributor in the grid's model, and the devices' owners.
const byPerson = (browser) => js(browser, () => {
  const out = {};
  for (const p of window.recapDebug.photos()) out[p.contributor] = (out[p.contributor] || 0) + 1;
  return out;
});
const devicesOf = (browser, who) => js(browser, (w) => [...new Set(window.recapDebug.photos().filter((p) => p.device && p.device.startsWith(w + " | ")).map((p) => p.device))], who);
const filterOffers = (browser) => js(browser, () => [...document.querySelectorAll("#filter-who option")].map((o) => o.value));

const FROM = "Nadia K";
const TO = "Sophie G";
const DELEGATE = "Awa Diop";

test("the Bottin adds a delegate and links two folders; the grid follows, undo restores, a relaunch keeps both", { timeout: TIMEOUT }, async () => {
  const driver = await startDriver(path.join(ctx.tmp, "home"));
  let before = null;
  await withApp(driver, "people", [], async (browser) => {
    await browser.$(q("open-demo")).waitForDisplayed({ timeout: 60_000 });
    await browser.$(q("open-demo")).click();
    await waitForBrowse(browser);
    // Counted once curation has collapsed the exact copies people shared.
    await until(browser, () => document.body.dataset.curated === "true", "curation", 120_000);
    before = await byPerson(browser);
    assert.ok(before[FROM] > 0 && before[TO] > 0, `demo photos per person: ${JSON.stringify(before)}`);
    const fromDevices = await devicesOf(browser, FROM);
    assert.ok(fromDevices.length > 0, "Nadia's photos have devices");

    await browser.$(q("tab-people")).click();
    await browser.$(q("people-panel")).waitForDisplayed();

    // A delegate who sent no photo.
    await browser.$(q("person-add-name")).setValue(DELEGATE);
    await browser.$(q("person-add")).click();
    await until(browser, (d) => [...document.querySelectorAll('[data-testid="person-row"]')].some((r) => r.dataset.folder === d && r.dataset.delegate === "true"), "the delegate row did not appear", 20_000, DELEGATE);
    const delegate = (await rows(browser)).find((r) => r.folder === DELEGATE);
    assert.equal(delegate.photos, "délégué, aucune photo");
    assert.ok(!(await filterOffers(browser)).includes(DELEGATE), "a delegate is not a photographer in the grid's filter");

    // Nadia's folder is Sophie's.
    const select = `${q("person-row")}[data-folder="${FROM}"] ${q("person-link")}`;
    await browser.$(select).selectByAttribute("value", TO);
    await until(browser, (f) => !!document.querySelector(`[data-testid="person-row"][data-folder="${f}"][data-linked-to]`), "the folder was not linked", 20_000, FROM);
    const linked = (await rows(browser)).find((r) => r.folder === FROM);
    assert.equal(linked.linkedTo, TO);
    assert.ok(linked.unlink, "a linked folder offers to unlink");
    const after = await byPerson(browser);
    assert.equal(after[FROM], undefined, `no photo is Nadia's own any more: ${JSON.stringify(after)}`);
    const total = (c) => Object.values(c).reduce((x, y) => x + y, 0);
    assert.equal(total(after), total(before), "no photo was lost or doubled");
    assert.equal(after[TO], total(before) - total(Object.fromEntries(Object.entries(before).filter(([k]) => k !== FROM && k !== TO))), "Sophie has both folders' photos");
    assert.deepEqual(await devicesOf(browser, FROM), [], "Nadia's devices are Sophie's");
    assert.ok(!(await filterOffers(browser)).includes(FROM), "the linked folder left the grid's filter");
    assert.equal(await js(browser, () => document.querySelector('[data-testid="undo"]').textContent), "Annuler : le lien entre dossiers");
    await browser.saveScreenshot(path.join(SHOTS, "people-linked.png"));

    // Undo gives the photos back; redo links again.
    await browser.$(q("undo")).click();
    await until(browser, (f) => !document.querySelector(`[data-testid="person-row"][data-folder="${f}"][data-linked-to]`), "undo did not unlink", 20_000, FROM);
    assert.equal((await byPerson(browser))[FROM], before[FROM]);
    await browser.$(q("redo")).click();
    await until(browser, (f) => !!document.querySelector(`[data-testid="person-row"][data-folder="${f}"][data-linked-to]`), "redo did not link", 20_000, FROM);
  });

  // Relaunch on the same home: the delegate and the link are in the mission.
  await withApp(driver, "people-relaunch", [], async (browser) => {
    await browser.$(q("recent-open")).waitForDisplayed({ timeout: 60_000 });
    await browser.$(q("recent-open")).click();
    await waitForBrowse(browser);
    await browser.$(q("tab-people")).click();
    await browser.$(q("people-panel")).waitForDisplayed();
    const now = await rows(browser);
    assert.ok(now.some((r) => r.folder === DELEGATE && r.delegate), `rows after relaunch: ${JSON.stringify(now)}`);
    assert.equal(now.find((r) => r.folder === FROM).linkedTo, TO);
    await until(browser, () => document.body.dataset.curated === "true", "curation after relaunch", 120_000);
    const relaunched = await byPerson(browser);
    assert.equal(relaunched[FROM], undefined, `still linked after relaunch: ${JSON.stringify(relaunched)}`);
    assert.ok(relaunched[TO] > before[TO]);

    // Unlinking from the row gives Nadia her photos back.
    await browser.$(`${q("person-row")}[data-folder="${FROM}"] ${q("person-unlink")}`).click();
    await until(browser, (f) => !document.querySelector(`[data-testid="person-row"][data-folder="${f}"][data-linked-to]`), "unlink did not take", 20_000, FROM);
    assert.equal((await byPerson(browser))[FROM], before[FROM]);
  });
});
