// End-to-end test of the real app (target/debug/recap-app) in real WebKitGTK,
// driven through tauri-driver -> WebKitWebDriver. Needs a display: run it
// under `xvfb-run -a` (scripts/test.sh does). Build first:
//   cargo build -p recap-app && cargo build --bin recap
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
const APP = path.join(TARGET, "debug", "recap-app");
const CLI = path.join(TARGET, "debug", "recap");
const SHOTS = path.join(HERE, "screenshots");
const DOCS_SHOT = path.join(ROOT, "docs", "screenshot.png");
const TOTAL_TIMEOUT = 5 * 60_000;

const MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];

function findTauriDriver() {
  const dirs = (process.env.PATH || "").split(path.delimiter).concat(path.join(os.homedir(), ".cargo", "bin"));
  for (const d of dirs) {
    const p = path.join(d, "tauri-driver");
    if (d && fs.existsSync(p)) return p;
  }
  throw new Error("tauri-driver not found: run scripts/setup.sh");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited early (code ${child.exitCode})`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

// tauri-driver runs in its own process group so WebKitWebDriver and the app
// die with it.
function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, "SIGTERM"); } catch (_) { /* already gone */ }
  const t = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch (_) { /* gone */ } }, 3000);
  t.unref();
}

// Same rule as ui/i18n.js: "2017-06-04T10:32:00" -> "4 juin 2017, 10 h 32".
function frDate(iso) {
  const [y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso).slice(1).map(Number);
  return `${d} ${MONTHS_FR[mo - 1]} ${y}, ${h} h ${String(mi).padStart(2, "0")}`;
}

const digits = (s) => Number(String(s).replace(/\D/g, ""));

// One tauri-driver for the file; each test opens its own app session.
const ctx = {};

before(async () => {
  assert.ok(process.env.DISPLAY || process.env.WAYLAND_DISPLAY, "no display: run under `xvfb-run -a`");
  for (const bin of [APP, CLI]) assert.ok(fs.existsSync(bin), `${bin} is missing: build it first`);
  ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), "recap-e2e-"));
  fs.mkdirSync(SHOTS, { recursive: true });
  ctx.port = await freePort();
  const nativePort = await freePort();
  ctx.logPath = path.join(ctx.tmp, "tauri-driver.log");
  ctx.log = fs.openSync(ctx.logPath, "w");
  const profile = path.join(ctx.tmp, "profile");
  ctx.driver = spawn(findTauriDriver(), ["--port", String(ctx.port), "--native-port", String(nativePort)], {
    // Inherited by WebKitWebDriver and then by the app. The XDG dirs keep the
    // web view's storage (the saved language) out of the user's profile.
    env: {
      ...process.env,
      RECAP_CACHE_DIR: path.join(ctx.tmp, "app-cache"),
      XDG_DATA_HOME: path.join(profile, "data"),
      XDG_CONFIG_HOME: path.join(profile, "config"),
      XDG_CACHE_HOME: path.join(profile, "cache"),
    },
    stdio: ["ignore", ctx.log, ctx.log],
    detached: true,
  });
  ctx.onExit = () => killGroup(ctx.driver);
  process.once("exit", ctx.onExit);
  await waitForPort(ctx.port, ctx.driver, 30_000);
});

after(async () => {
  killGroup(ctx.driver);
  if (ctx.onExit) process.removeListener("exit", ctx.onExit);
  if (ctx.log !== undefined) fs.closeSync(ctx.log);
  await new Promise((r) => setTimeout(r, 500));
  if (ctx.tmp) fs.rmSync(ctx.tmp, { recursive: true, force: true, maxRetries: 3 });
});

// Runs `fn(browser)` against a fresh app process; on failure keeps a
// screenshot and prints the end of the driver's log.
async function withApp(name, args, fn) {
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port: ctx.port,
      logLevel: "warn",
      connectionRetryTimeout: 120_000,
      connectionRetryCount: 1,
      waitforTimeout: 20_000,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: APP, args },
      },
    });
    await fn(browser);
  } catch (e) {
    if (browser) await browser.saveScreenshot(path.join(SHOTS, `${name}-failure.png`)).catch(() => {});
    if (fs.existsSync(ctx.logPath)) console.error("--- tauri-driver log ---\n" + fs.readFileSync(ctx.logPath, "utf8").slice(-4000));
    throw e;
  } finally {
    if (browser) await browser.deleteSession().catch(() => {});
  }
}

const text = async (browser, id) => (await browser.$(`[data-testid="${id}"]`).getText()).trim();

// One script per poll: WebKitWebDriver (through tauri-driver) can hang when
// two commands are in flight at once, and an unawaited `browser.$()` already
// sends one. So: no parallel element look-ups anywhere in this file.
async function waitForResults(browser) {
  let view = null;
  await browser.waitUntil(
    async () => {
      view = await browser.execute(() =>
        !document.getElementById("results").hidden ? "results" : !document.getElementById("error").hidden ? "error" : null);
      return view !== null;
    },
    { timeout: 180_000, interval: 500, timeoutMsg: "no results after 3 minutes" },
  );
  if (view === "error") assert.fail(`the app showed an error: ${await text(browser, "error-message")}`);
}

test("demo mission: first screen, scan, results, language", { timeout: TOTAL_TIMEOUT }, async () => {
  await withApp("demo", [], async (browser) => {
    // First screen, in French.
    const demoButton = await browser.$('[data-testid="open-demo"]');
    await demoButton.waitForDisplayed({ timeout: 60_000 });
    assert.equal(await text(browser, "title"), "Recap");
    assert.equal(await text(browser, "tagline"), "La mission en images");
    assert.equal(await demoButton.getText(), "Essayer la mission démo");
    assert.equal(await text(browser, "open-folders"), "Ouvrir des dossiers…");
    assert.equal(await browser.execute(() => document.documentElement.lang), "fr-CA");
    await browser.saveScreenshot(path.join(SHOTS, "home-fr.png"));

    // Open the demo mission and wait for its photos (or a visible error).
    await demoButton.click();
    await waitForResults(browser);

    // What the core finds in the same folder, through the CLI (own cache).
    const demoDir = path.join(ctx.tmp, "app-cache", "demo-mission");
    const out = execFileSync(CLI, ["scan", "--json", demoDir], {
      env: { ...process.env, XDG_CACHE_HOME: path.join(ctx.tmp, "cli-cache") },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const expected = JSON.parse(out.toString("utf8"));
    assert.ok(expected.photos.length > 0, "the CLI found no photos in the demo mission");

    // The planned trip: chapters in order in the sidebar, stages before travel.
    assert.ok(await browser.$('[data-testid="plan-view"]').isDisplayed(), "the plan view opens first");
    const chapters = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="chapter"]')].map((c) => ({
        title: c.querySelector('[data-testid="chapter-title"]').textContent,
        kind: c.dataset.kind,
        days: [...c.querySelectorAll('[data-testid="day"]')].map((d) => d.textContent),
      })));
    const titles = chapters.map((c) => c.title);
    const angers = titles.indexOf("Angers");
    const nantes = titles.indexOf("Nantes");
    assert.ok(angers >= 0 && nantes >= 0, `chapters: ${titles.join(", ")}`);
    assert.ok(angers < nantes, `Angers before Nantes: ${titles.join(", ")}`);
    assert.equal(chapters[angers].kind, "stage");
    assert.ok(chapters[angers].days.some((d) => d.startsWith("lundi 5 juin")), `Angers days: ${chapters[angers].days.join(", ")}`);

    // The karaoke evening of June 9 is one moment of June 9, photos after midnight included.
    await browser.$('[data-testid="day"][data-chapter^="nantes"][data-date="2017-06-09"]').click();
    const day = await browser.execute(() => ({
      date: document.querySelector('[data-testid="day-view"]').dataset.date,
      title: document.querySelector('[data-testid="day-title"]').textContent,
      moments: [...document.querySelectorAll('[data-testid="moment"]')].map((m) => ({
        title: m.querySelector('[data-testid="moment-title"]').textContent,
        times: [...m.querySelectorAll('[data-testid="planned-photo"]')].map((p) => p.dataset.localTime),
        shown: [...m.querySelectorAll('[data-testid="photo-time"]')].map((p) => p.textContent),
      })),
    }));
    assert.equal(day.date, "2017-06-09");
    assert.ok(day.title.startsWith("vendredi 9 juin"), day.title);
    const karaoke = day.moments.find((m) => m.title === "Soirée karaoké");
    assert.ok(karaoke, `moments of June 9: ${day.moments.map((m) => m.title).join(", ")}`);
    assert.ok(karaoke.times.some((t) => t.startsWith("2017-06-09T2")), "karaoke starts in the evening of June 9");
    assert.ok(karaoke.times.some((t) => t.startsWith("2017-06-10T0")), "karaoke photos after midnight stay in June 9");
    assert.ok(karaoke.shown.every((s) => /^\d{1,2} h \d{2}$/.test(s)), `times: ${karaoke.shown.join(", ")}`);
    // Thumbnails come from the core through the thumb: scheme: real pixels,
    // 400 px on the long edge, cached in the app's cache folder.
    await browser.execute(() => window.scrollTo(0, 0));
    const firstThumbs = () => browser.execute(() =>
      [...document.querySelectorAll('[data-testid="day-view"] [data-testid="thumb"]')].slice(0, 3).map((b) => {
        const img = b.querySelector("img");
        return { state: b.dataset.state, w: img ? img.naturalWidth : 0, h: img ? img.naturalHeight : 0, src: img ? img.src : "" };
      }));
    await browser.waitUntil(async () => (await firstThumbs()).every((t) => t.state === "ready"), {
      timeout: 60_000,
      timeoutMsg: "the first thumbnails of the day did not load",
    });
    for (const t of await firstThumbs()) {
      assert.ok(t.src.startsWith("thumb:") || t.src.startsWith("http://thumb.localhost/"), t.src);
      assert.equal(Math.max(t.w, t.h), 400, `thumbnail size ${t.w}×${t.h}`);
    }
    const cached = fs.readdirSync(path.join(ctx.tmp, "app-cache", "thumbs", "400"), { recursive: true })
      .filter((f) => String(f).endsWith(".jpg"));
    assert.ok(cached.length >= 3, `thumbnails cached: ${cached.length}`);
    // The scheme serves the trip's photos and nothing else.
    const stranger = await browser.executeAsync((done) => {
      const img = new Image();
      img.onload = () => done("loaded");
      img.onerror = () => done("refused");
      img.src = document.querySelector('[data-testid="thumb"] img').src.replace(/\/\d+\/\d+$/, "/0/0");
    });
    assert.equal(stranger, "refused");
    await browser.saveScreenshot(path.join(SHOTS, "plan-fr.png"));
    fs.mkdirSync(path.dirname(DOCS_SHOT), { recursive: true });
    fs.copyFileSync(path.join(SHOTS, "plan-fr.png"), DOCS_SHOT);

    // Clocks: the Canon left on Québec time is aligned with the group, +6 h.
    await browser.$('[data-testid="tab-clocks"]').click();
    assert.ok(await browser.$('[data-testid="clocks-panel"]').isDisplayed());
    const clocks = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="clock-row"]')].map((r) => ({
        camera: r.querySelector('[data-testid="clock-camera"]').textContent,
        offset: r.querySelector('[data-testid="clock-offset"]').textContent,
        source: r.querySelector('[data-testid="clock-source"]').textContent,
      })));
    const canon = clocks.find((c) => c.camera === "Canon EOS 80D");
    assert.ok(canon, `devices: ${clocks.map((c) => c.camera).join(", ")}`);
    assert.equal(canon.offset, "+6 h");
    assert.equal(canon.source, "aligné sur le groupe");
    await browser.saveScreenshot(path.join(SHOTS, "clocks-fr.png"));

    // Set apart: the photos without a usable date, each with a reason.
    await browser.$('[data-testid="tab-apart"]').click();
    const apart = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="unplaced-reason"]')].map((e) => e.textContent));
    assert.ok(apart.length > 0 && apart.every((r) => r.trim().length > 0), "photos set apart, with reasons");

    // The files as scanned.
    await browser.$('[data-testid="tab-files"]').click();
    const shown = await browser.execute(() => ({
      rows: document.querySelectorAll('[data-testid="photo-row"]').length,
      skipped: [...document.querySelectorAll('[data-testid="skipped-file"]')].map((e) => e.textContent),
      reasons: [...document.querySelectorAll('[data-testid="skipped-reason"]')].map((e) => e.textContent),
      dates: [...document.querySelectorAll('[data-testid="photo-row"] td.date')].map((e) => e.textContent),
    }));
    assert.equal(shown.rows, expected.photos.length, "photo rows vs `recap scan --json`");
    assert.equal(digits(await text(browser, "count-photos")), expected.photos.length);
    assert.equal(digits(await text(browser, "count-skipped")), expected.skipped.length);

    // The broken files are listed, with reasons.
    assert.ok(expected.skipped.length > 0, "the demo mission should contain broken files");
    const base = (p) => path.basename(p);
    assert.deepEqual(shown.skipped.map(base).sort(), expected.skipped.map((s) => base(s.path)).sort());
    assert.ok(shown.reasons.every((r) => r.trim().length > 0), "every skipped file has a reason");
    // …worded in French, not the core's English.
    assert.ok(shown.reasons.includes("fichier vide"), `reasons: ${shown.reasons}`);
    assert.ok(shown.reasons.includes("pas une photo"), `reasons: ${shown.reasons}`);
    assert.ok(await browser.$('[data-testid="skipped-section"]').isDisplayed());

    // Dates are formatted for fr-CA.
    const dated = expected.photos.find((p) => p.datetime_original);
    if (dated) assert.ok(shown.dates.includes(frDate(dated.datetime_original)), `no row dated ${frDate(dated.datetime_original)}`);
    await browser.saveScreenshot(path.join(SHOTS, "results-fr.png"));

    // Switch to English: labels change, and the choice survives a reload.
    assert.equal(await text(browser, "col-contributor"), "Participant");
    await browser.$('[data-testid="lang-toggle"]').click();
    assert.equal(await text(browser, "col-contributor"), "Contributor");
    assert.equal(await text(browser, "lang-toggle"), "Français");
    assert.equal(await browser.execute(() => document.documentElement.lang), "en-CA");
    await browser.saveScreenshot(path.join(SHOTS, "results-en.png"));

    await browser.refresh();
    await browser.$('[data-testid="open-demo"]').waitForDisplayed({ timeout: 30_000 });
    assert.equal(await text(browser, "open-demo"), "Try the demo mission");
    assert.equal(await text(browser, "tagline"), "The mission in pictures");
    // Back to French for whatever runs next in this profile.
    await browser.$('[data-testid="lang-toggle"]').click();
    assert.equal(await text(browser, "open-demo"), "Essayer la mission démo");
  });
});

test("--demo opens straight on the demo mission", { timeout: TOTAL_TIMEOUT }, async () => {
  await withApp("flag", ["--demo"], async (browser) => {
    await waitForResults(browser);
    assert.ok(digits(await text(browser, "count-photos")) > 0);
    assert.ok(digits(await text(browser, "count-participants")) > 0);
  });
});
