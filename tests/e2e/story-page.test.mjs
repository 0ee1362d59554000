// The story page that `recap export --preset story` writes, opened from
// file:// in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser download), then printed to an A4 PDF.
// Needs the recap binary: scripts/test.sh builds it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openFile, recapBinary, SHOTS } from "./chromium.mjs";

// Markup in a caption and in the title must show as text, and never run.
const TRICKY = "<script>window.__pwned = 1</script>\"><img src=x onerror=\"window.__pwned = 2\"> L’équipe & cie";

const ctx = {};

before(async () => {
  ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), "recap-story-page-"));
  const bin = recapBinary();
  const run = (...args) => execFileSync(bin, args, { cwd: ctx.dir, encoding: "utf8" });
  run("demo", "photos", "--mission", "mission.toml");
  const plan = JSON.parse(run("plan", "--mission", "mission.toml", "--cache", "cache", "--json"));
  const days = plan.chapters.flatMap((c) => c.days);
  ctx.days = days.map((d) => d.date);
  // Every photo of one day gets the hostile caption: the story shows a few of them.
  const day = days[2];
  ctx.trickyDay = day.date;
  for (const m of day.moments) for (const p of m.photos) run("edit", "--mission", "mission.toml", "caption", p.path, TRICKY);
  run("edit", "--mission", "mission.toml", "name", `Mission ${TRICKY}`);
  run("export", "--mission", "mission.toml", "--cache", "cache", "--preset", "story", "--out", "story");
  ctx.index = path.join(ctx.dir, "story", "index.html");
  assert.ok(fs.existsSync(ctx.index), "index.html written");

  Object.assign(ctx, await openFile(ctx.index));
  // Lazy images below the fold load once scrolled to: load them all.
  await ctx.page.$$eval("img", (imgs) => imgs.forEach((i) => { i.loading = "eager"; }));
  await ctx.page.$$eval("img", (imgs) => Promise.all(imgs.map((i) => i.decode().catch(() => null))));
});

after(async () => {
  if (ctx.browser) await ctx.browser.close();
  for (const d of [ctx.dir, ctx.profile]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

test("every trip day has its section, in order, from file://", async () => {
  const page = ctx.page;
  assert.deepEqual(ctx.errors, [], "no script errors");
  const sections = await page.$$eval("section.day", (ds) => ds.map((d) => ({
    date: d.dataset.date,
    heading: d.querySelector("h3").textContent,
    photos: d.querySelectorAll("figure.photo").length,
  })));
  assert.deepEqual(sections.map((s) => s.date), ctx.days, "one section per day of the plan, in its order");
  assert.ok(sections[0].heading.includes("juin 2017"), sections[0].heading);
  for (const s of sections) assert.ok(s.photos >= 1, `${s.date} shows photos`);
  const chapters = await page.$$eval("section.chapter > h2", (hs) => hs.map((h) => h.textContent));
  assert.ok(chapters.some((c) => c.startsWith("Angers")) && chapters.some((c) => c.startsWith("Nantes")), chapters.join(" | "));
});

test("the cover: title, dates, the route drawn offline, the cover photo", async () => {
  const page = ctx.page;
  const cover = await page.$eval("header.cover", (c) => ({
    title: c.querySelector(".title").textContent,
    dates: c.querySelector(".dates").textContent,
    land: c.querySelectorAll("svg.route-map path.land").length,
    home: c.querySelectorAll("svg.route-map path.land.home").length,
    stops: [...c.querySelectorAll("svg.route-map .stop-name")].map((t) => t.textContent),
    photo: c.querySelector(".cover-photo img")?.naturalWidth ?? 0,
  }));
  assert.equal(cover.title, `Mission ${TRICKY}`, "the title, as text");
  assert.match(cover.dates, /juin 2017/);
  assert.ok(cover.land > 3 && cover.home >= 1, `${cover.land} countries, ${cover.home} home`);
  assert.ok(cover.stops.includes("Angers") && cover.stops.indexOf("Angers") < cover.stops.indexOf("Nantes"), cover.stops.join(","));
  // The demo's photos are 800 px wide: a render never enlarges, so it loaded whole.
  assert.ok(cover.photo > 0, `cover ${cover.photo} px wide`);
});

test("images load and nothing comes from the network", async () => {
  const page = ctx.page;
  const imgs = await page.$$eval("img", (is) => is.map((i) => [i.getAttribute("src"), i.naturalWidth]));
  assert.ok(imgs.length > ctx.days.length, `${imgs.length} images`);
  for (const [src, w] of imgs) assert.ok(w > 0, `${src} loaded`);
  const outside = ctx.requests.filter((u) => !u.startsWith("file:"));
  assert.deepEqual(outside, [], "only files of the folder are asked for");
});

test("a hostile caption and title stay text and never run", async () => {
  const page = ctx.page;
  const shown = await page.$$eval(`section.day[data-date="${ctx.trickyDay}"] figure.photo .caption`,
    (cs, t) => cs.filter((c) => c.textContent === t).length, TRICKY);
  assert.ok(shown >= 1, "the caption is shown verbatim");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script ran, no handler fired");
  assert.equal(await page.$$eval("script", (s) => s.length), 0, "the page has no script at all");
  assert.equal(await page.$$eval("img:not([src^='photos/'])", (s) => s.length), 0, "no image but the export's");
});

test("readable on a phone", async () => {
  const page = ctx.page;
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `no sideways scrolling (${wide} px)`);
  const columns = await page.$eval(".photos", (g) => getComputedStyle(g).gridTemplateColumns.split(" ").length);
  assert.equal(columns, 1, "one photo a row");
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "story-phone.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "story-page.png") });
});

test("printed to A4: a cover page, then a page per day, photos whole", async () => {
  const page = ctx.page;
  await page.emulateMedia({ media: "print" });
  const rules = await page.evaluate(() => ({
    cover: getComputedStyle(document.querySelector("header.cover")).breakAfter,
    day: getComputedStyle(document.querySelector("section.day + section.day")).breakBefore,
    chapter: getComputedStyle(document.querySelector("section.chapter")).breakBefore,
    figure: getComputedStyle(document.querySelector("figure.photo")).breakInside,
  }));
  assert.deepEqual(rules, { cover: "page", day: "page", chapter: "page", figure: "avoid" });
  await page.emulateMedia({ media: "screen" });
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  assert.ok(pages >= ctx.days.length + 1, `${pages} pages for ${ctx.days.length} days and a cover`);
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, "story-book.pdf"), pdf);
});
