// What the file:// page tests share (web-album, story-page): the recap
// binary to export with, and Debian's headless Chromium (playwright-core, no
// browser download) opened on a page with the flags that keep it off this
// machine's closed network.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const SHOTS = path.join(HERE, "screenshots");

// The newest of the release and debug builds: a stale one would test old code.
export function recapBinary() {
  if (process.env.RECAP_BIN) return process.env.RECAP_BIN;
  const found = ["release", "debug"]
    .map((p) => path.join(TARGET, p, "recap"))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) throw new Error(`no recap binary under ${TARGET}: cargo build --bin recap`);
  return found[0];
}

// Opens `file` in a fresh profile; `errors` collects the page's script
// errors and `requests` every URL it asked for, from the first one.
export async function openFile(file) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "recap-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { browser, profile, page, errors, requests };
}
