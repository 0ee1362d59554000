// How the UI feels on a big mission. Not part of `npm test`.
//
//   node perf.mjs [--photos|--count 10000] [--mission demo|phone] [--release]
//
// --release (or RECAP_PERF_PROFILE=release): the app and CLI of
// `cargo build --release -p recap-app --bin recap-app --bin recap` instead of the
// debug ones; the goals (first screen < 1 s, curation < 30 s, memory <
// 500 MB at 10,000 photos) are for a release build.
//
// --mission phone (or RECAP_PERF_MISSION=phone): the phone mission of
// benches/phone.rs instead (27 participants, mostly 12 MP iPhone HEIC with a
// 320 px thumbnail item, Android JPEGs with IFD1 and MPF previews, a
// camera's JPEG and NEF), made by `cargo bench --bench phone -- --generate`
// (needs heif-enc: scripts/setup.sh). RECAP_BENCH_PHONE_DISTINCT files are
// encoded (default 600), the rest are copies with their dates rewritten;
// RECAP_PERF_PHONE_DIR keeps the mission between runs (about 1.5 GB at
// 600 distinct files, 20 GB at 10,000).
//
// Real app (default; under `xvfb-run -a`, app built as for app.test.mjs):
// generates N photos from the demo's JPEGs (`recap demo`, then copies with
// their EXIF dates rewritten in place over ten days, 27 participants'
// folders), creates a mission from them in the app and measures, inside the
// page:
//   - open: from the command to the first grid frame painted with cells, and
//     until the thumbnails in view are real; then `reopenWarm`, the same
//     mission opened again with everything cached, and until its background
//     curation has attached (`curated`);
//   - scroll: a fling (one viewport per frame for 120 frames) and a steady
//     scroll (30 px per frame for 240 frames), the share of
//     visible cells still blank (no placeholder nor thumbnail) per frame,
//     and "bare" (not even the colour miniature of the mosaic), and
//     the time until everything in view is real after it stops;
//   - viewer: Enter to viewer shown, and to the 1600 px preview;
//   - memory (Linux: /proc): peak resident memory (VmHWM) of the app's
//     process (the Rust core) and of WebKit's web process (the page), read
//     just before the app closes; `null` elsewhere.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
const argv = process.argv.slice(2);
const PROFILE = argv.includes("--release") || process.env.RECAP_PERF_PROFILE === "release" ? "release" : "debug";
const APP = path.join(TARGET, PROFILE, "recap-app");
const CLI = path.join(TARGET, PROFILE, "recap");
const flag = (name) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
const N = flag("--count") || flag("--photos") || 10_000;
const MISSION = (argv.includes("--mission") ? argv[argv.indexOf("--mission") + 1] : process.env.RECAP_PERF_MISSION) || "demo";
if (!["demo", "phone"].includes(MISSION)) throw new Error(`--mission demo|phone, not ${MISSION}`);

// ---- measures, run inside the page (plain functions: serialised to the page) ----

// Resolves when the grid shows cells; returns times relative to the start.
function measureOpen(command, args, waitCurated, done) {
  const t0 = performance.now();
  const out = {};
  // Reopening: the trip on screen until then is the old one.
  const before = window.recapDebug.generation();
  window.recapDebug.run(command, args);
  const tick = () => {
    const cells = document.querySelectorAll("#grid-canvas .cell:not([hidden])");
    const fresh = window.recapDebug.generation() !== before;
    if (!out.firstPaint && fresh && cells.length && !document.getElementById("browse").hidden) {
      out.firstPaint = performance.now() - t0; // this frame paints the cells
      out.cells = cells.length;
    }
    if (out.firstPaint) {
      const grid = document.getElementById("grid").getBoundingClientRect();
      const inView = [...cells].filter((c) => { const r = c.getBoundingClientRect(); return r.bottom > grid.top && r.top < grid.bottom; });
      if (!out.thumbsReady && inView.length && inView.every((c) => c.querySelector(".thumb").dataset.state === "ready")) {
        out.thumbsReady = performance.now() - t0;
        out.stats = window.recapDebug.gridStats();
      }
      if (document.body.dataset.curated === "true" && !out.curated) out.curated = performance.now() - t0;
      if (out.thumbsReady && (!waitCurated || out.curated)) return done(out);
    }
    if (performance.now() - t0 > 600_000) return done({ ...out, timeout: true });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function measureScroll(frames, pxPerFrame, done) {
  const grid = document.getElementById("grid");
  grid.scrollTop = 0;
  const blank = [];
  const bare = [];
  const frameMs = [];
  let i = 0;
  let last = performance.now();
  const visible = () => {
    const g = grid.getBoundingClientRect();
    return [...document.querySelectorAll("#grid-canvas .cell:not([hidden])")].filter((c) => {
      const r = c.getBoundingClientRect();
      return !c.parentElement.hidden && r.bottom > g.top && r.top < g.bottom;
    });
  };
  const step = () => {
    const now = performance.now();
    frameMs.push(now - last);
    last = now;
    const cells = visible();
    const empty = cells.filter((c) => { const s = c.querySelector(".thumb").dataset.state; return s === "loading"; }).length;
    blank.push(cells.length ? empty / cells.length : 1);
    // Empty and without even the colour miniature of the trip's mosaic.
    const none = cells.filter((c) => { const t = c.querySelector(".thumb"); return t.dataset.state === "loading" && !t.dataset.mini; }).length;
    bare.push(cells.length ? none / cells.length : 1);
    if (i++ < frames) {
      grid.scrollTop += pxPerFrame || grid.clientHeight;
      requestAnimationFrame(step);
      return;
    }
    const stop = performance.now();
    const settle = () => {
      const cs = visible();
      if (cs.length && cs.every((c) => c.querySelector(".thumb").dataset.state === "ready")) {
        const sorted = frameMs.slice(1).sort((a, b) => a - b);
        done({
          frames,
          pxPerFrame: pxPerFrame || grid.clientHeight,
          meanBlank: blank.reduce((a, b) => a + b, 0) / blank.length,
          framesFullyBlank: blank.filter((b) => b === 1).length,
          meanBare: bare.reduce((a, b) => a + b, 0) / bare.length,
          framesFullyBare: bare.filter((b) => b === 1).length,
          medianFrameMs: sorted[Math.floor(sorted.length / 2)],
          p95FrameMs: sorted[Math.floor(sorted.length * 0.95)],
          settleMs: performance.now() - stop,
          stats: window.recapDebug.gridStats(),
        });
      } else if (performance.now() - stop > 120_000) done({ timeout: true });
      else requestAnimationFrame(settle);
    };
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(step);
}

function measureViewer(done) {
  const grid = document.getElementById("grid");
  grid.focus();
  const t0 = performance.now();
  grid.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  const out = {};
  const tick = () => {
    if (!out.shown && !document.getElementById("viewer").hidden) out.shown = performance.now() - t0;
    const img = document.querySelector('[data-testid="viewer-img"]');
    if (out.shown && img.dataset.state === "preview" && img.complete) {
      out.preview = performance.now() - t0;
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
      return done(out);
    }
    if (performance.now() - t0 > 60_000) return done({ ...out, timeout: true });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// ---- generating a big mission from the demo's JPEGs --------------------------------

function generate(dir, n) {
  const demo = path.join(dir, "demo");
  execFileSync(CLI, ["demo", demo], { stdio: "ignore" });
  const sources = fs.readdirSync(demo, { recursive: true }).map(String)
    .filter((f) => /\.jpe?g$/i.test(f))
    .map((f) => fs.readFileSync(path.join(demo, f)))
    .filter((b) => /20\d\d:\d\d:\d\d \d\d:\d\d:\d\d/.test(b.toString("latin1")));
  const photos = path.join(dir, "photos");
  const folders = [];
  for (let p = 0; p < 27; p++) {
    const f = path.join(photos, `Participant ${String(p + 1).padStart(2, "0")}`);
    fs.mkdirSync(f, { recursive: true });
    folders.push(f);
  }
  const perDay = Math.ceil(n / 10);
  for (let i = 0; i < n; i++) {
    const day = 4 + Math.floor(i / perDay);
    const s = Math.floor(((i % perDay) / perDay) * 15 * 3600); // 8:00 to 23:00
    const hh = String(8 + Math.floor(s / 3600)).padStart(2, "0");
    const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
    const ss = String(s % 60).padStart(2, "0");
    const stamp = Buffer.from(`2017:06:${String(day).padStart(2, "0")} ${hh}:${mm}:${ss}`, "latin1");
    const b = Buffer.from(sources[i % sources.length]);
    const text = b.toString("latin1");
    for (const m of text.matchAll(/20\d\d:\d\d:\d\d \d\d:\d\d:\d\d/g)) stamp.copy(b, m.index);
    fs.writeFileSync(path.join(folders[i % 27], `IMG_${String(i).padStart(5, "0")}.JPG`), b);
  }
  return folders;
}

// The phone mission, through the fixture builder the phone bench uses.
function generatePhone(dir, n) {
  const photos = process.env.RECAP_PERF_PHONE_DIR ? path.resolve(process.env.RECAP_PERF_PHONE_DIR) : path.join(dir, "photos");
  const have = fs.existsSync(photos) ? fs.readdirSync(photos, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
  // A kept mission of the right size needs no bench build.
  if (have === n) return fs.readdirSync(photos).map((f) => path.join(photos, f)).filter((f) => fs.statSync(f).isDirectory()).sort();
  const env = { ...process.env, RECAP_BENCH_PHONE_DISTINCT: process.env.RECAP_BENCH_PHONE_DISTINCT || String(Math.min(n, 600)) };
  execFileSync("cargo", ["bench", "--bench", "phone", "--", "--generate", photos, "--photos", String(n)], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  return fs.readdirSync(photos).map((f) => path.join(photos, f)).filter((f) => fs.statSync(f).isDirectory()).sort();
}

// ---- memory -----------------------------------------------------------------------------

// Peak and current resident memory in MB of the processes tauri-driver
// started (its process group): the app and WebKit's web process. Linux
// only (a dev script); elsewhere null.
function memory(group, app) {
  if (process.platform !== "linux") return null;
  const out = {};
  const appReal = fs.realpathSync(app);
  for (const pid of fs.readdirSync("/proc").filter((f) => /^\d+$/.test(f))) {
    try {
      // pgrp is the 5th field, after "pid (comm) state ppid": comm may hold spaces.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== group) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m")) || [])[1] || 0);
      let exe = "";
      try { exe = fs.readlinkSync(`/proc/${pid}/exe`); } catch (_) { /* not ours to read */ }
      const name = exe === appReal ? "app" : /WebKitWebProces/.test(status.split("\n")[0]) ? "webProcess" : null;
      if (name) out[name] = { pid: Number(pid), peakMB: Math.round(kb("VmHWM") / 1024), nowMB: Math.round(kb("VmRSS") / 1024) };
    } catch (_) { /* exited meanwhile */ }
  }
  return out;
}

// ---- drivers --------------------------------------------------------------------------

async function runReal() {
  const { startDriver, withApp, stopDrivers } = await import("./driver.mjs");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recap-perf-"));
  try {
    const t0 = Date.now();
    const folders = MISSION === "phone" ? generatePhone(dir, N) : generate(dir, N);
    console.error(`generated ${N} photos (${MISSION} mission) in ${(Date.now() - t0) / 1000}s`);
    const driver = await startDriver(path.join(dir, "home"));
    let result;
    await withApp(driver, "perf", [], async (browser) => {
      await browser.$('[data-testid="open-demo"]').waitForDisplayed({ timeout: 60_000 });
      const call = (fn, ...args) => browser.executeAsync(`const done = arguments[arguments.length - 1]; (${fn})(...Array.prototype.slice.call(arguments, 0, -1), done);`, ...args);
      await browser.setTimeout({ script: 900_000 });
      result = {
        open: await call(measureOpen, "create_mission", { name: `Perf ${N}`, folders }, false),
      };
      // Curation runs in the background after the first open (cold: it
      // makes every thumbnail); polled from here, as one script call could
      // outlast the WebDriver client's timeout.
      const tCur = Date.now();
      await browser.waitUntil(() => browser.execute(() => document.body.dataset.curated === "true"), { timeout: 3_600_000, interval: 1000 });
      result.open.curatedAfter = result.open.thumbsReady + (Date.now() - tCur);
      // The same mission opened again: catalog, thumbnails and features are
      // warm, which is the case the first-screen goal names.
      const missions = path.join(dir, "home", "profile", "home", "Recap");
      const missionFile = fs.readdirSync(missions).find((f) => f.endsWith(".toml"));
      result = {
        ...result,
        reopenWarm: await call(measureOpen, "open_mission", { path: path.join(missions, missionFile) }, true),
        fling: await call(measureScroll, 120, 0),
      steadyScroll: await call(measureScroll, 240, 30),
        viewer: await call(measureViewer),
      };
      result.memory = memory(driver.child.pid, APP);
    }, { app: APP, shots: path.join(HERE, "screenshots") });
    await stopDrivers();
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const result = await runReal();
console.log(JSON.stringify({ photos: N, mission: MISSION, profile: PROFILE, mode: "real app (WebKitGTK)", ...result }, null, 2));
