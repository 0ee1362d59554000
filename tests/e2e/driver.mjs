// Shared by app.test.mjs and perf.mjs: tauri-driver per app home (its own
// RECAP_CACHE_DIR, export folder and XDG profile), WebdriverIO sessions on it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

// Where the tests find the built binaries and put their screenshots.
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..", "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
export const APP = path.join(TARGET, "debug", "recap-app");
export const CLI = path.join(TARGET, "debug", "recap");
export const SHOTS = path.join(HERE, "screenshots");

export const drivers = [];

export function findTauriDriver() {
  const dirs = (process.env.PATH || "").split(path.delimiter).concat(path.join(os.homedir(), ".cargo", "bin"));
  for (const d of dirs) {
    const p = path.join(d, "tauri-driver");
    if (d && fs.existsSync(p)) return p;
  }
  throw new Error("tauri-driver not found: run scripts/setup.sh");
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, child, ms) {
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

// tauri-driver runs in its own process group so WebKitWebDriver and the app die with it.
export function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    try { process.kill(-child.pid, "SIGTERM"); } catch (_) { resolve(); }
    const t = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch (_) { /* gone */ } resolve(); }, 3000);
    t.unref();
  });
}


/** A tauri-driver whose app gets `home/cache` as RECAP_CACHE_DIR and its own XDG profile. */
export async function startDriver(home, extraEnv = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  fs.mkdirSync(home, { recursive: true });
  const logPath = path.join(home, `tauri-driver-${port}.log`);
  const log = fs.openSync(logPath, "w");
  const child = spawn(findTauriDriver(), ["--port", String(port), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      RECAP_CACHE_DIR: path.join(home, "cache"),
      // New missions go to the user's documents: a home of its own keeps
      // them out of the real one.
      HOME: path.join(home, "profile", "home"),
      XDG_DATA_HOME: path.join(home, "profile", "data"),
      XDG_CONFIG_HOME: path.join(home, "profile", "config"),
      XDG_CACHE_HOME: path.join(home, "profile", "cache"),
      ...extraEnv,
    },
    stdio: ["ignore", log, log],
    detached: true,
  });
  const d = { child, log, logPath, port };
  drivers.push(d);
  process.once("exit", () => { try { process.kill(-child.pid, "SIGKILL"); } catch (_) { /* gone */ } });
  await waitForPort(port, child, 30_000);
  return d;
}


// Runs `fn(browser)` against a fresh app process; on failure keeps a
// screenshot and prints the end of the driver's log.
export async function withApp(driver, name, args, fn, { app, shots } = {}) {
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port: driver.port,
      logLevel: "warn",
      connectionRetryTimeout: 120_000,
      connectionRetryCount: 1,
      waitforTimeout: 20_000,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: app, args },
      },
    });
    await fn(browser);
  } catch (e) {
    if (browser) await browser.saveScreenshot(path.join(shots, `${name}-failure.png`)).catch(() => {});
    if (fs.existsSync(driver.logPath)) console.error("--- tauri-driver log ---\n" + fs.readFileSync(driver.logPath, "utf8").slice(-4000));
    throw e;
  } finally {
    if (browser) await browser.deleteSession().catch(() => {});
  }
}


export async function stopDrivers() {
  for (const d of drivers) await killGroup(d.child);
  for (const d of drivers) if (d.log !== undefined) fs.closeSync(d.log);
  drivers.length = 0;
}


/** Polls `fn` in the page until it returns something truthy, and returns it. */
export async function until(browser, fn, what, timeout = 20_000, ...args) {
  let last;
  await browser.waitUntil(async () => {
    last = await browser.execute(fn, ...args);
    return !!last;
  }, { timeout, interval: 200, timeoutMsg: `timed out: ${what}` });
  return last;
}

// What every e2e file repeats: a selector by test id, a script in the page
// (one WebDriver command at a time: WebKitWebDriver can hang with two in
// flight), waiting for the trip's grid, and a scratch folder per file.
export const q = (id) => `[data-testid="${id}"]`;
export const js = (browser, fn, ...args) => browser.execute(fn, ...args);

/** `withApp` on the debug app, keeping failure screenshots in SHOTS. */
export const withDebugApp = (driver, name, args, fn) => withApp(driver, name, args, fn, { app: APP, shots: SHOTS });

/**
 * Waits for the trip's grid; fails with the app's words when it shows an
 * error toast instead.
 */
export async function waitForBrowse(browser, timeout = 180_000) {
  const got = await until(browser, () => {
    if (!document.getElementById("browse").hidden && document.querySelector('[data-testid="cell"]')) return "browse";
    const toast = document.getElementById("toast");
    return toast.hidden ? null : "toast:" + document.getElementById("toast-text").textContent;
  }, "the trip did not open", timeout);
  if (got !== "browse") throw new Error(`the app showed an error: ${got}`);
}

/**
 * Registers the hooks of one e2e file: a display and the built binaries are
 * checked before, a scratch folder made (`ctx.tmp`), and after, the drivers
 * stopped and the folder removed. `hooks` are node:test's `before`/`after`
 * (passed in so that perf.mjs can import this module outside the runner).
 */
export function e2eFile(prefix, { before, after }, { cli = false } = {}) {
  const ctx = {};
  before(() => {
    if (!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) throw new Error("no display: run under `xvfb-run -a`");
    for (const bin of cli ? [APP, CLI] : [APP]) if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: build it first`);
    ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `recap-${prefix}-`));
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await stopDrivers();
    if (ctx.tmp) fs.rmSync(ctx.tmp, { recursive: true, force: true, maxRetries: 3 });
  });
  return ctx;
}
