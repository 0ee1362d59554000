// The web album that `recap export --preset web` writes, opened from file://
// in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// no browser download). Needs the recap binary: scripts/test.sh builds it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openFile, recapBinary, SHOTS } from "./chromium.mjs";

// Markup in a caption must show as text, and its script must never run.
const TRICKY = "<script>window.__pwned = 1</script> L’équipe à l’Hôtel de ville & cie";

const ctx = {};

before(async () => {
  ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), "recap-web-album-"));
  const bin = recapBinary();
  const run = (...args) => execFileSync(bin, args, { cwd: ctx.dir, encoding: "utf8" });
  run("demo", "photos", "--mission", "mission.toml");
  const etienne = path.join(ctx.dir, "photos", "Étienne L");
  ctx.trickyPhoto = fs.readdirSync(etienne).filter((f) => f.endsWith(".JPG")).sort()[5];
  run("edit", "--mission", "mission.toml", "caption", path.join(etienne, ctx.trickyPhoto), TRICKY);
  run("export", "--mission", "mission.toml", "--cache", "cache", "--preset", "web", "--out", "web");
  ctx.index = path.join(ctx.dir, "web", "index.html");
  assert.ok(fs.existsSync(ctx.index), "index.html written");

  Object.assign(ctx, await openFile(ctx.index));
  await ctx.page.waitForSelector("figure.photo");
});

after(async () => {
  if (ctx.browser) await ctx.browser.close();
  for (const d of [ctx.dir, ctx.profile]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

test("chapters and days, in French, from file://", async () => {
  const page = ctx.page;
  assert.deepEqual(ctx.errors, [], "no script errors");
  const chapters = await page.$$eval("section.chapter > h2", (hs) => hs.map((h) => h.textContent));
  assert.ok(chapters.includes("Angers") && chapters.includes("Nantes"), chapters.join(" | "));
  assert.ok(chapters.indexOf("Angers") < chapters.indexOf("Nantes"), "album order");
  const days = await page.$$eval("section.day > h3", (hs) => hs.map((h) => h.textContent));
  assert.ok(days.length >= 8, days.join(" | "));
  assert.ok(days.includes("lundi 5 juin 2017"), days.join(" | "));
  const intro = await page.$eval("section.chapter .intro", (p) => p.textContent);
  assert.match(intro, /juin 2017/);
  // Every photo has a credit, lazy loading and a srcset.
  const photos = await page.$$eval("figure.photo", (fs) => fs.map((f) => ({
    credit: f.querySelector(".credit").textContent,
    lazy: f.querySelector("img").loading,
    srcset: f.querySelector("img").getAttribute("srcset"),
  })));
  assert.ok(photos.length > 100, `${photos.length} photos`);
  for (const p of photos) {
    assert.match(p.credit, /^Photo\u00a0: /);
    assert.equal(p.lazy, "lazy");
    assert.match(p.srcset, /\d+w/);
  }
  // The first image really loaded from the folder.
  const loaded = await page.$eval("figure.photo img", (img) => img.decode().then(() => img.naturalWidth));
  assert.ok(loaded > 0);
});

test("a cover with the title, the dates, the chapters in order and the photographers", async () => {
  const page = ctx.page;
  const cover = await page.$eval("section.cover", (c) => ({
    title: c.querySelector(".cover-title").textContent,
    dates: c.querySelector(".cover-dates").textContent,
    people: c.querySelector(".cover-people").textContent,
    label: c.querySelector(".cover-credits-label").textContent,
    first: c.compareDocumentPosition(document.querySelector("section.chapter")) & Node.DOCUMENT_POSITION_FOLLOWING,
  }));
  assert.ok(cover.first, "the cover comes before the first chapter");
  assert.ok(cover.title.length > 0);
  assert.equal(cover.title, await page.$eval("#title", (h) => h.textContent), "the mission's title");
  assert.match(cover.dates, /juin 2017/);
  assert.equal(cover.label, "Photos\u00a0: ");
  for (const who of ["Étienne L.", "Sophie G."]) assert.ok(cover.people.includes(who), cover.people);
  // The contents list every chapter, in the album's order, each linked to its section.
  const toc = await page.$$eval(".toc-chapter > a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  const sections = await page.$$eval("section.chapter", (ss) => ss.map((s) => ["#" + s.id, s.querySelector("h2").textContent]));
  assert.deepEqual(toc.map(([t, h]) => [h, t]), sections, "one entry per chapter, in order");
  const dayLinks = await page.$$eval(".toc-day", (as) => as.map((a) => a.getAttribute("href")));
  const days = await page.$$eval("section.day", (ds) => ds.map((d) => "#" + d.id));
  assert.deepEqual(dayLinks, days, "one entry per day, in order");
});

test("navigation: contents, previous and next chapter and day", async () => {
  const page = ctx.page;
  const chapters = await page.$$eval("section.chapter", (ss) => ss.map((s) => s.id));
  assert.ok(chapters.length >= 3, chapters.join(","));
  // The second chapter links back to the first and on to the third.
  const nav = await page.$eval(`#${chapters[1]} > nav.chapter-nav`, (n) => ({
    prev: n.querySelector(".prev-chapter")?.getAttribute("href"),
    next: n.querySelector(".next-chapter")?.getAttribute("href"),
    toc: n.querySelector(".to-toc")?.getAttribute("href"),
  }));
  assert.deepEqual(nav, { prev: `#${chapters[0]}`, next: `#${chapters[2]}`, toc: "#toc" });
  assert.equal(await page.$$eval(`#${chapters[0]} .prev-chapter`, (a) => a.length), 0, "nothing before the first");
  // Each day links to the day before and after, across chapters.
  const days = await page.$$eval("section.day", (ds) => ds.map((d) => ({
    id: d.id,
    prev: d.querySelector(":scope > nav.day-nav .prev-day")?.getAttribute("href") ?? null,
    next: d.querySelector(":scope > nav.day-nav .next-day")?.getAttribute("href") ?? null,
  })));
  days.forEach((d, i) => {
    assert.equal(d.prev, i > 0 ? `#${days[i - 1].id}` : null, d.id);
    assert.equal(d.next, i + 1 < days.length ? `#${days[i + 1].id}` : null, d.id);
  });
  // Following a link goes there; the names follow the language.
  await page.click(`#${days[0].id} .next-day`);
  assert.equal(await page.evaluate(() => location.hash), `#${days[1].id}`);
  const label = await page.$eval(`#${days[0].id} .next-day`, (a) => a.textContent);
  assert.match(label, /juin 2017 ›$/);
  await page.click("#lang");
  assert.match(await page.$eval(`#${days[0].id} .next-day`, (a) => a.textContent), /June \d+, 2017 ›$/);
  assert.equal(await page.$eval(".toc-title", (h) => h.textContent), "Contents");
  await page.click("#lang");
  await page.evaluate(() => { location.hash = ""; window.scrollTo(0, 0); });
});

test("the credit sits at the same place under every photo", async () => {
  const page = ctx.page;
  const gaps = await page.$$eval("figure.photo", (fs) => fs.slice(0, 40).map((f) => {
    const img = f.querySelector("img").getBoundingClientRect();
    const credit = f.querySelector(".credit").getBoundingClientRect();
    return [Math.round(credit.top - img.bottom), Math.round(credit.left - img.left), f.querySelector("figcaption").firstElementChild.className];
  }));
  assert.ok(gaps.length > 10);
  for (const g of gaps) assert.deepEqual(g, gaps[0], "credit right under the photo, first in its caption");
  assert.equal(gaps[0][2], "credit");
});

test("a caption holding <script> shows as text and never runs", async () => {
  const page = ctx.page;
  const shown = await page.$$eval("figure.photo .caption", (cs, t) => cs.filter((c) => c.textContent === t).length, TRICKY);
  assert.equal(shown, 1, "the caption is shown verbatim");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "its script did not run");
  const scripts = await page.$$eval("script", (s) => s.length);
  assert.equal(scripts, 2, "only the album's data and code are scripts");
});

test("participant filter", async () => {
  const page = ctx.page;
  const total = await page.$$eval("figure.photo", (f) => f.length);
  await page.selectOption("#who", "Étienne L.");
  const shown = await page.$$eval("figure.photo:not([hidden])", (fs) => fs.map((f) => f.dataset.who));
  assert.ok(shown.length > 5 && shown.length < total, `${shown.length} of ${total}`);
  assert.ok(shown.every((w) => w === "Étienne L."), shown.join(","));
  // Days where Étienne took nothing are hidden.
  const days = await page.$$eval("section.day", (ds) => ds.map((d) => [d.hidden, d.querySelectorAll("figure.photo:not([hidden])").length]));
  assert.ok(days.every(([hidden, n]) => hidden === (n === 0)));
  await page.selectOption("#who", "");
  assert.equal(await page.$$eval("figure.photo:not([hidden])", (f) => f.length), total);
});

test("lightbox: arrows and Esc", async () => {
  const page = ctx.page;
  await page.selectOption("#who", "Sophie G.");
  const visible = await page.$$eval("figure.photo", (fs) => fs.map((f, i) => (f.hidden ? -1 : i)).filter((i) => i >= 0));
  await page.click("figure.photo:not([hidden])");
  assert.equal(await page.$eval("#lightbox", (l) => l.hidden), false, "opened");
  assert.equal(Number(await page.$eval("#lightbox", (l) => l.dataset.index)), visible[0]);
  const first = await page.$eval("#lb-caption", (c) => c.textContent);
  assert.ok(first.length > 0);
  await page.keyboard.press("ArrowRight");
  assert.equal(Number(await page.$eval("#lightbox", (l) => l.dataset.index)), visible[1], "next photo of the filter");
  await page.$eval("#lb-img", (img) => img.decode());
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "web-album-lightbox.png") });
  await page.keyboard.press("ArrowLeft");
  assert.equal(Number(await page.$eval("#lightbox", (l) => l.dataset.index)), visible[0]);
  await page.keyboard.press("Escape");
  assert.equal(await page.$eval("#lightbox", (l) => l.hidden), true, "closed");
  await page.selectOption("#who", "");
});

test("English, and a screenshot", async () => {
  const page = ctx.page;
  await page.click("#lang");
  const days = await page.$$eval("section.day > h3", (hs) => hs.map((h) => h.textContent));
  assert.ok(days.includes("Monday, June 5, 2017"), days.join(" | "));
  assert.match(await page.$eval("figure.photo .credit", (c) => c.textContent), /^Photo: /);
  assert.equal(await page.$eval("html", (h) => h.lang), "en");
  await page.click("#lang");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.$$eval("figure.photo img", (imgs) => Promise.all(imgs.slice(0, 12).map((i) => i.decode().catch(() => null))));
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "web-album-fr.png") });
});
