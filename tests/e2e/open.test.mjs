// End-to-end test of what the app is given to open, in the real app
// (target/debug/recap-app) through tauri-driver: `recap-app MISSION` opens
// that mission at start; a second `recap-app OTHER.recap.toml` hands its path
// to the running window and exits, and the window switches to OTHER; a second
// launch with a folder makes a new mission of it in the same window.
// The hand-over goes through D-Bus on Linux: the test runs its own session bus
// (dbus-daemon) so that it needs none from the desktop.
// Run under `xvfb-run -a` after `cargo build --workspace --bins`:
//   node --test --test-timeout=300000 tests/e2e/open.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { APP, CLI, startDriver, until, js, waitForBrowse, e2eFile, withDebugApp as withApp } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;
const ctx = e2eFile("open", { before, after }, { cli: true });
let bus = null;

after(() => {
  if (bus && bus.exitCode === null) bus.kill("SIGTERM");
});

/** A private session bus: its address, read from dbus-daemon's first line. */
function startBus() {
  return new Promise((resolve, reject) => {
    bus = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    bus.once("error", (e) => reject(new Error(`dbus-daemon: ${e.message} (Debian package dbus-daemon: run scripts/setup.sh)`)));
    bus.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl).trim());
    });
    bus.once("exit", (code) => reject(new Error(`dbus-daemon exited (${code}) before giving its address`)));
  });
}

/** Runs `recap-app ...args` in `cwd` as a second launch; resolves with its exit code, or fails after `ms`. */
function secondLaunch(args, env, cwd, ms = 30_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(APP, args, { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c) => { err += c; });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the second launch did not exit within ${ms} ms (a second window?): ${err.slice(-2000)}`));
    }, ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

const missionName = (browser) => js(browser, () => {
  const n = document.querySelector('[data-testid="mission-name"]');
  return n && !n.hidden ? n.title : null;
});

test("recap-app MISSION opens it; a second launch hands a mission, then a folder, to the running window", { timeout: TIMEOUT }, async () => {
  // Two missions over one trip's photos: the demo's, and a copy under another name.
  const trip = path.join(ctx.tmp, "trip");
  const first = path.join(ctx.tmp, "angers.recap.toml");
  execFileSync(CLI, ["demo", trip, "--mission", first], { stdio: "ignore" });
  const text = fs.readFileSync(first, "utf8");
  const firstName = text.match(/^name = "(.*)"$/m)?.[1];
  assert.ok(firstName, `the demo mission has a name:\n${text.slice(0, 400)}`);
  const second = path.join(ctx.tmp, "autre.recap.toml");
  fs.writeFileSync(second, text.replace(/^name = ".*"$/m, 'name = "Autre mission"'));
  // A folder of photos never opened: the hand-over makes a mission of it.
  const folder = path.join(ctx.tmp, "Nantes en juin");
  fs.cpSync(path.join(trip, fs.readdirSync(trip).find((d) => fs.statSync(path.join(trip, d)).isDirectory())), path.join(folder, "Ana"), { recursive: true });

  const address = await startBus();
  const home = path.join(ctx.tmp, "home");
  const env = {
    RECAP_CACHE_DIR: path.join(home, "cache"),
    HOME: path.join(home, "profile", "home"),
    XDG_DATA_HOME: path.join(home, "profile", "data"),
    XDG_CONFIG_HOME: path.join(home, "profile", "config"),
    XDG_CACHE_HOME: path.join(home, "profile", "cache"),
    DBUS_SESSION_BUS_ADDRESS: address,
  };
  const driver = await startDriver(home, env);

  await withApp(driver, "open-given", [first], async (browser) => {
    // Opened from the command line, without a click.
    await waitForBrowse(browser);
    assert.equal(await missionName(browser), firstName);
    const generation = await js(browser, () => window.recapDebug.generation());

    // The second copy finds the first on the bus, hands it the path and exits.
    const launched = await secondLaunch([second], { ...process.env, ...env }, ctx.tmp);
    assert.equal(launched.code, 0, `the second launch failed: ${launched.err.slice(-2000)}`);
    await until(browser, () => {
      const n = document.querySelector('[data-testid="mission-name"]');
      return n && !n.hidden && n.title === "Autre mission";
    }, "the running window did not switch to the handed-over mission", 120_000);
    await waitForBrowse(browser);
    assert.notEqual(await js(browser, () => window.recapDebug.generation()), generation, "a new trip is on screen");

    // A folder, given relative to where the second launch runs: a new mission named after it.
    const fromFolder = await secondLaunch([path.basename(folder)], { ...process.env, ...env }, ctx.tmp);
    assert.equal(fromFolder.code, 0, fromFolder.err.slice(-2000));
    await until(browser, () => {
      const n = document.querySelector('[data-testid="mission-name"]');
      return n && !n.hidden && n.title === "Nantes en juin";
    }, "the folder did not become a mission in the running window", 120_000);
    await waitForBrowse(browser);
  });
});
