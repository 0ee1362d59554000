// The app's side of RELIABILITY.md, in the real app (WebKitGTK through
// tauri-driver, under xvfb-run): a new mission goes where the user chooses
// (by default their documents, never the cache); an edit made by `recap edit`
// while the app has the mission open is never lost, and the app says it read
// the file again; an earlier version can be restored; a moved photo folder is
// relocated from a dialog and the edits follow the photos.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, withApp as withAppOn, stopDrivers, until, APP, CLI, SHOTS } from "./driver.mjs";

const TIMEOUT = 4 * 60_000;

const FROM_CLI = "Légende écrite en ligne de commande pendant que l’app est ouverte";
// No doubled letter: WebKitWebDriver may drop the second of two equal keys in a row.
const FROM_APP = "Légende tapée dans la fenêtre";

const ctx = {};
const withApp = (driver, name, args, fn) => withAppOn(driver, name, args, fn, { app: APP, shots: SHOTS });
const q = (id) => `[data-testid="${id}"]`;
const js = (browser, fn, ...args) => browser.execute(fn, ...args);


async function waitForBrowse(browser, timeout = 180_000) {
  const got = await until(browser, () => {
    if (!document.getElementById("browse").hidden && document.querySelector('[data-testid="cell"]')) return "browse";
    if (document.getElementById("relocate-dialog").open) return "relocate";
    const toast = document.getElementById("toast");
    return toast.hidden ? null : "toast:" + document.getElementById("toast-text").textContent;
  }, "the trip did not open", timeout);
  return got;
}

const photos = (browser) => js(browser, () => window.recapDebug.photos());

function files(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

before(() => {
  assert.ok(process.env.DISPLAY || process.env.WAYLAND_DISPLAY, "no display: run under `xvfb-run -a`");
  assert.ok(fs.existsSync(APP), `${APP} is missing: build it first`);
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it first`);
  ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), "recap-e2e-rel-"));
  fs.mkdirSync(SHOTS, { recursive: true });
  // The demo trip's photos, without a mission: the app creates it.
  ctx.trip = path.join(ctx.tmp, "voyage");
  execFileSync(CLI, ["demo", ctx.trip], { stdio: "ignore" });
  ctx.folders = fs.readdirSync(ctx.trip, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(ctx.trip, e.name));
  assert.ok(ctx.folders.length >= 3, `participants: ${ctx.folders.length}`);
});

after(async () => {
  await stopDrivers();
  if (ctx.tmp) fs.rmSync(ctx.tmp, { recursive: true, force: true, maxRetries: 3 });
});

test("mission folder, an edit from the command line kept, versions, and a moved folder relocated", { timeout: TIMEOUT }, async () => {
  const home = path.join(ctx.tmp, "home");
  const driver = await startDriver(home);
  const chosen = path.join(ctx.tmp, "mes missions");
  let mission;
  let captioned; // the photo the command line captioned: { id, path }

  await withApp(driver, "reliability", [], async (browser) => {
    await browser.$(q("create-mission")).waitForDisplayed({ timeout: 60_000 });
    // The form says where the mission file goes: the user's documents, not the cache.
    const shown = await until(browser, () => document.querySelector('[data-testid="new-dir"]').textContent, "no default folder shown");
    assert.ok(shown.startsWith(path.join(home, "profile", "home")), `default mission folder: ${shown}`);
    assert.ok(!shown.startsWith(path.join(home, "cache")), `default mission folder in the cache: ${shown}`);

    // The user picks another folder (the native dialog's answer, set as it would).
    await js(browser, (d, fs_) => { window.recapDebug.setMissionsDir(d); window.recapDebug.setNewFolders(fs_); }, chosen, ctx.folders);
    assert.equal(await browser.$(q("new-dir")).getText(), chosen);
    await browser.$(q("new-name")).setValue("Mission fiabilité");
    await browser.$(q("create-mission")).click();
    assert.equal(await waitForBrowse(browser), "browse");
    const made = fs.readdirSync(chosen).filter((f) => f.endsWith(".toml"));
    assert.equal(made.length, 1, `mission files in the chosen folder: ${made.join(", ")}`);
    mission = path.join(chosen, made[0]);
    assert.ok(!fs.existsSync(path.join(home, "cache", "missions")), "a mission was written into the cache folder");

    // While the app has the mission open, the command line captions one photo.
    const all = await photos(browser);
    assert.ok(all.length > 50, `photos: ${all.length}`);
    const onDisk = files(ctx.trip);
    const byName = (p) => onDisk.filter((f) => path.basename(f) === p.fileName);
    const [a, b] = all.filter((p) => byName(p).length === 1);
    captioned = { id: a.id, path: byName(a)[0], name: a.fileName };
    execFileSync(CLI, ["edit", "--mission", mission, "caption", captioned.path, FROM_CLI], { stdio: "pipe" });

    // Then the user captions another photo in the app: both captions stay.
    assert.ok(await js(browser, (i) => window.recapDebug.reveal(i), b.id), "photo not in the grid");
    await browser.keys(["Enter"]);
    await until(browser, () => !document.getElementById("viewer").hidden, "the viewer did not open");
    await browser.$(q("viewer-caption")).click();
    await js(browser, () => document.querySelector('[data-testid="viewer-caption"]').select());
    await browser.keys(FROM_APP);
    await browser.keys(["Enter"]);
    const notice = await until(browser, () => {
      const t = document.getElementById("toast");
      return !t.hidden && /modifié ailleurs/.test(document.getElementById("toast-text").textContent) ? document.getElementById("toast-text").textContent : null;
    }, "the app did not say it read the changed mission again");
    assert.match(notice, /relu/);
    await browser.keys(["Escape"]);
    const after = await photos(browser);
    assert.equal(after.find((p) => p.id === a.id).caption, FROM_CLI, "the command line's caption was lost");
    assert.equal(after.find((p) => p.id === b.id).caption, FROM_APP);
    const text = fs.readFileSync(mission, "utf8");
    assert.ok(text.includes(FROM_CLI) && text.includes(FROM_APP), "the file lacks one of the two captions");

    // Earlier versions: the newest one is the file before the app's caption.
    await browser.$(q("versions-open")).click();
    await until(browser, () => document.querySelectorAll('[data-testid="versions-list"] option').length >= 2, "no earlier versions listed");
    await js(browser, () => { document.querySelector('[data-testid="versions-list"]').value = "1"; });
    await browser.$(q("versions-restore")).click();
    await until(browser, (id) => {
      const p = window.recapDebug.photos().find((x) => x.id === id);
      return p && p.caption !== "Légende tapée dans la fenêtre";
    }, "restoring did not take the app's caption back", 20_000, b.id);
    const restored = await photos(browser);
    assert.equal(restored.find((p) => p.id === a.id).caption, FROM_CLI, "restoring lost the command line's caption");
    assert.ok(!fs.readFileSync(mission, "utf8").includes(FROM_APP), "the file still has the restored-away caption");
  });

  // The trip folder moves (another drive, a renamed parent).
  const moved = path.join(ctx.tmp, "voyage déplacé");
  fs.renameSync(ctx.trip, moved);

  await withApp(driver, "relocate", [], async (browser) => {
    await browser.$(q("recent")).waitForDisplayed({ timeout: 60_000 });
    await until(browser, () => document.querySelector('[data-testid="recent-open"]:not([disabled])'), "no recent mission to open");
    await browser.$(q("recent-open")).click();
    // Each missing participant folder is asked for in turn; then the trip opens.
    let asked = 0;
    for (let round = 0; round < ctx.folders.length + 1; round += 1) {
      const got = await waitForBrowse(browser);
      if (got === "browse") break;
      asked += 1;
      assert.equal(got, "relocate", `expected the relocation dialog, got ${got}`);
      const r = await js(browser, () => window.recapDebug.relocating());
      assert.ok(r && r.folder.startsWith(ctx.trip), `asked for ${r && r.folder}`);
      assert.match(await browser.$(q("relocate-text")).getText(), /introuvable/);
      await js(browser, (to) => window.recapDebug.relocateTo(to), moved + r.folder.slice(ctx.trip.length));
      // Done when this folder is no longer the one asked for (the next
      // missing one may be asked for at once), or an error shows.
      const done = await until(browser, (old) => {
        const e = document.getElementById("relocate-error");
        if (!e.hidden) return "error: " + e.textContent;
        const now = window.recapDebug.relocating();
        return !now || now.folder !== old ? "moved on" : null;
      }, "the relocation was not taken", 20_000, r.folder);
      assert.equal(done, "moved on");
    }
    assert.equal(await waitForBrowse(browser), "browse");
    // One answer is enough: the other participants' folders moved with it.
    assert.equal(asked, 1, `asked for ${asked} folders`);
    // The caption followed its photo to the new folder.
    const back = (await photos(browser)).find((p) => p.fileName === captioned.name && p.caption === FROM_CLI);
    assert.ok(back, "the caption did not follow the moved photo");
  });
});
