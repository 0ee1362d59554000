// End-to-end test of the rough edges a new user met in the app (issue 14),
// in the real app (target/debug/recap-app) in real WebKitGTK through
// tauri-driver. Run under `xvfb-run -a` after `cargo build --workspace --bins`:
//   node --test --test-timeout=300000 tests/e2e/ux.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startDriver, until, CLI, SHOTS, q, js, waitForBrowse, e2eFile, withDebugApp as withApp } from "./driver.mjs";

const TIMEOUT = 5 * 60_000;

const ctx = e2eFile("ux", { before, after }, { cli: true });

const photos = (browser) => js(browser, () => window.recapDebug.photos());
const headerHeight = (browser) => js(browser, () => document.querySelector("header.bar").getBoundingClientRect().height);
// The day the sidebar marks as the one on screen.
const currentDay = (browser) => js(browser, () => {
  const d = document.querySelector('#chapters [data-testid="day"][aria-current="true"]');
  return d ? `${d.dataset.chapter} ${d.dataset.date}` : null;
});
// The Canon left on Québec time: its clock row.
const canonRow = (browser) => until(browser, () => {
  const row = [...document.querySelectorAll('[data-testid="clock-row"]')].find((r) => r.querySelector('[data-testid="clock-camera"]').textContent === "Canon EOS 80D");
  if (!row) return null;
  const get = (id) => { const x = row.querySelector(`[data-testid="${id}"]`); return x ? x.textContent : null; };
  return { device: row.dataset.device, offset: get("clock-offset"), source: get("clock-source"), confidence: get("clock-confidence"), detected: get("clock-detected"), photos: get("clock-photos"), photosTitle: row.querySelector('[data-testid="clock-photos"]').title };
}, "no Canon EOS 80D in the clocks panel");

async function setCanonClock(browser, device, text) {
  const row = `${q("clock-row")}[data-device="${device}"]`;
  await browser.$(`${row} ${q("clock-change")}`).click();
  await browser.$(`${row} ${q("clock-input")}`).setValue(text);
  await browser.$(`${row} ${q("clock-apply")}`).click();
}

test("the rough edges a new user met: header, sidebar, clocks, filters, split, export, language", { timeout: TIMEOUT }, async () => {
  const home = path.join(ctx.tmp, "ux");
  const driver = await startDriver(home);
  await withApp(driver, "ux", [], async (browser) => {
    // A form error follows a language switch (it stayed French).
    await browser.$(q("open-demo")).waitForDisplayed({ timeout: 60_000 });
    await browser.$(q("create-mission")).click();
    await until(browser, () => !document.querySelector('[data-testid="new-error"]').hidden, "no error for a mission without a name");
    assert.equal(await browser.$(q("new-error")).getText(), "Donnez un nom à la mission.");
    await browser.$(q("lang-toggle")).click();
    await until(browser, () => document.documentElement.lang === "en-CA", "the interface did not switch to English");
    assert.equal(await browser.$(q("new-error")).getText(), "Give the mission a name.");
    await browser.$(q("lang-toggle")).click();
    await until(browser, () => document.documentElement.lang === "fr-CA", "the interface did not switch back to French");
    assert.equal(await browser.$(q("new-error")).getText(), "Donnez un nom à la mission.");

    await browser.$(q("open-demo")).click();
    await waitForBrowse(browser);
    // Curation finishing redraws the panels; a clock row redrawn between two
    // clicks of an edit would be a stale element, so wait for it first.
    await until(browser, () => document.body.dataset.curated === "true", "background curation did not finish", 120_000);

    // Sidebar: every chapter title on one or two lines, none cut, at the
    // sidebar's width (the edit buttons took it and titles ran to 3–4 lines).
    const titles = await js(browser, () => [...document.querySelectorAll('[data-testid="chapter-title"]')].map((t) => {
      const lh = parseFloat(getComputedStyle(t).lineHeight) || parseFloat(getComputedStyle(t).fontSize) * 1.45;
      const box = t.closest('[data-testid="chapter"]').getBoundingClientRect();
      return { text: t.textContent, lines: Math.round((t.clientHeight - 2) / lh), cut: t.scrollHeight > t.clientHeight + 1, width: t.getBoundingClientRect().width / box.width };
    }));
    assert.ok(titles.length >= 4, JSON.stringify(titles));
    for (const t of titles) {
      assert.ok(t.lines <= 2 && !t.cut, `title on ${t.lines} lines${t.cut ? ", cut" : ""}: ${t.text}`);
      assert.ok(t.width > 0.75, `the title has ${Math.round(t.width * 100)} % of its chapter's width: ${t.text}`);
    }
    // The "move selection to…" list takes the sidebar's width, not a sliver of it.
    const move = await js(browser, () => {
      const s = document.querySelector('[data-testid="move-target"]').getBoundingClientRect();
      const bar = document.querySelector(".sidebar").getBoundingClientRect();
      return { ratio: s.width / bar.width, inside: s.right <= bar.right + 0.5 };
    });
    assert.ok(move.ratio > 0.75 && move.inside, JSON.stringify(move));
    // "Effacer (U)" read like deleting the photo.
    assert.equal(await js(browser, () => document.querySelector('[data-testid="viewer-clear"]').textContent), "Remettre à trier (U)");

    // Sidebar day counts follow the filters.
    const all = await photos(browser);
    const who = await js(browser, () => [...document.querySelector('[data-testid="filter-who"]').options].map((o) => o.value).filter((v) => v !== "all" && v !== "me"));
    const person = who.find((p) => all.some((x) => x.contributor === p)) || who[0];
    await browser.$(q("filter-who")).selectByAttribute("value", person);
    const counts = await until(browser, () => {
      const days = [...document.querySelectorAll('#chapters [data-testid="day"]')];
      return days.length ? days.map((d) => ({ key: `${d.dataset.chapter} ${d.dataset.date}`, n: Number(d.querySelector('[data-testid="day-count"]').textContent.replace(/\D/g, "")) })) : null;
    }, "no days in the sidebar");
    const mine = (key) => all.filter((x) => `${x.chapter} ${x.date}` === key && ((x.contributors && x.contributors.length ? x.contributors : [x.contributor]).includes(person))).length;
    const unfiltered = (key) => all.filter((x) => `${x.chapter} ${x.date}` === key).length;
    for (const c of counts) assert.equal(c.n, mine(c.key), `${c.key}: the sidebar says ${c.n}, the grid shows ${mine(c.key)} of ${person}'s photos`);
    assert.ok(counts.some((c) => c.n !== unfiltered(c.key)), "the filter changed no count");
    await browser.$(q("filter-who")).selectByAttribute("value", "all");
    await until(browser, () => window.recapDebug.filterIsEmpty(), "the filter did not clear");

    // The header keeps its height after the first edit (the undo label
    // pushed the buttons onto a second row).
    const h0 = await headerHeight(browser);
    await browser.$(q("tab-clocks")).click();
    const canon = await canonRow(browser);
    assert.equal(canon.offset, "+6 h");
    assert.equal(canon.source, "aligné sur le groupe");
    assert.match(canon.photos, /^\d+ sur \d+$/, "the supporting photos say what they count");
    assert.ok(canon.photosTitle.includes("appuient la correction"), canon.photosTitle);
    const before = await photos(browser);
    await setCanonClock(browser, canon.device, "0:00");
    const set = await until(browser, (device) => {
      const row = document.querySelector(`[data-testid="clock-row"][data-device="${device}"]`);
      const get = (id) => { const x = row && row.querySelector(`[data-testid="${id}"]`); return x ? x.textContent : null; };
      return row && get("clock-offset") === "0 h" ? { source: get("clock-source"), confidence: get("clock-confidence"), detected: get("clock-detected") } : null;
    }, "the Canon's correction did not become 0 h", 20_000, canon.device);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="undo"]').textContent), "Annuler : l’horloge d’un appareil");
    const h1 = await headerHeight(browser);
    assert.ok(Math.abs(h1 - h0) < 1, `the header grew from ${h0} to ${h1} px after the first edit`);
    // A hand-set correction says so: no "mission" source, no "100 %".
    assert.deepEqual(set, { source: "réglée à la main", confidence: "—", detected: "Recap proposait +6 h" });
    // Rows: the maker named once; copies without a camera get no buttons.
    const rows = await js(browser, () => [...document.querySelectorAll('[data-testid="clock-row"]')].map((r) => ({
      camera: r.querySelector('[data-testid="clock-camera"]').textContent,
      buttons: r.querySelectorAll("button:not([hidden])").length,
      noDevice: !!r.querySelector('[data-testid="clock-no-device"]'),
    })));
    for (const r of rows) {
      const words = r.camera.toLowerCase().split(/\s+/);
      assert.ok(!words.slice(1).includes(words[0]), `the maker twice: ${r.camera}`);
      if (r.noDevice) assert.equal(r.buttons, 0, `buttons for copies without a camera: ${r.camera}`);
    }
    assert.ok(rows.some((r) => r.noDevice && r.camera === "Copies sans appareil"), `the demo's messaging copies: ${JSON.stringify(rows)}`);
    await js(browser, () => document.querySelector('[data-testid="clock-rows"]').closest(".panel").scrollIntoView());
    await browser.saveScreenshot(path.join(SHOTS, "ux-clocks-fr.png"));

    // After a clock edit the grid stays on its day. The Canon photos whose
    // day the correction changes; undo, put one at the top of the grid,
    // redo: the day on screen is the same.
    const after1 = new Map((await photos(browser)).map((p) => [p.id, p]));
    const canons = before.filter((p) => p.device === canon.device);
    const moves = (p) => after1.get(p.id) && after1.get(p.id).date !== p.date;
    // A photo that leaves a day where other Canon photos stay.
    const moving = canons.filter((p) => moves(p) && canons.some((o) => !moves(o) && o.chapter === p.chapter && o.date === p.date)).map((p) => p.id);
    assert.ok(moving.length > 0, "no Canon photo changes day with the correction");
    await browser.$(q("undo")).click();
    await until(browser, (device) => {
      const row = document.querySelector(`[data-testid="clock-row"][data-device="${device}"]`);
      return row && row.querySelector('[data-testid="clock-offset"]').textContent === "+6 h";
    }, "undo did not bring +6 h back", 20_000, canon.device);
    await browser.$(q("tab-photos")).click();
    // Only the Canon owner's photos, so that one of the moving photos heads a row.
    await browser.$(q("filter-who")).selectByAttribute("value", canons[0].contributor);
    const top = await until(browser, (ids) => {
      for (const id of ids) {
        if (!window.recapDebug.scrollToPhoto(id)) continue;
        const a = window.recapDebug.gridTop();
        if (a && a.id === id) return a;
      }
      return null;
    }, "no moving Canon photo could head the grid", 10_000, moving);
    const dayBefore = await until(browser, () => {
      const d = document.querySelector('#chapters [data-testid="day"][aria-current="true"]');
      return d ? `${d.dataset.chapter} ${d.dataset.date}` : null;
    }, "no current day in the sidebar");
    await browser.$(q("redo")).click();
    await until(browser, (id, date) => window.recapDebug.photos().find((p) => p.id === id).date !== date, "redo did not move the photo", 20_000, top.id, before.find((p) => p.id === top.id).date);
    assert.equal(await currentDay(browser), dayBefore, "the grid jumped to another day after the clock edit");
    assert.equal((await js(browser, () => window.recapDebug.gridTop())).section, top.section);
    await browser.$(q("filter-who")).selectByAttribute("value", "all");
    await until(browser, () => window.recapDebug.filterIsEmpty(), "the filter did not clear");

    // A split makes a chapter with a name of its own.
    const chapters = await js(browser, () => [...document.querySelectorAll('[data-testid="chapter"]')].map((c) => ({ id: c.dataset.chapterId, title: c.querySelector('[data-testid="chapter-title"]').textContent, days: [...c.querySelectorAll('[data-testid="day"]')].map((d) => d.dataset.date) })));
    const big = chapters.filter((c) => c.days.length >= 2).sort((a, b) => b.days.length - a.days.length)[0];
    assert.ok(big, JSON.stringify(chapters));
    const now = await photos(browser);
    const at = now.find((p) => p.chapter === big.id && p.date === big.days[1]);
    assert.ok(await js(browser, (id) => window.recapDebug.reveal(id), at.id));
    await browser.$(q("split")).click();
    const split = await until(browser, (n) => {
      const t = [...document.querySelectorAll('[data-testid="chapter-title"]')].map((x) => x.textContent);
      return t.length === n + 1 ? t : null;
    }, "the split made no chapter", 20_000, chapters.length);
    assert.ok(split.includes(big.title) && split.includes(`${big.title} (2)`), `after the split: ${split.join(" · ")}`);

    // Export: what goes out is said first, the GPS is a choice, and another
    // preset asks for another folder.
    await browser.$(q("export-open")).click();
    await until(browser, () => document.getElementById("export-dialog").open, "the export dialog did not open");
    const outgoing = await browser.$(q("export-outgoing")).getText();
    const m = /^(\d[\d\s\u202f\u00a0]*) photos (?:retenues )?sur (\d[\d\s\u202f\u00a0]*) partiront/.exec(outgoing);
    assert.ok(m, outgoing);
    const num = (s) => Number(s.replace(/\D/g, ""));
    const nowPhotos = await photos(browser);
    const picks = nowPhotos.filter((p) => p.pick === "pick").length;
    assert.ok(num(m[1]) <= num(m[2]) && num(m[2]) <= nowPhotos.length, outgoing);
    if (picks) assert.ok(outgoing.includes("retenues"), outgoing);
    await browser.$(q("export-preset-facebook")).click();
    assert.equal(await js(browser, () => document.querySelector('[data-testid="export-gps-strip"]').checked), true, "posted photos lose their position by default");
    const out = path.join(home, "export-facebook");
    fs.mkdirSync(out, { recursive: true });
    await js(browser, (dir) => window.recapDebug.setExportFolder(dir), out);
    assert.equal(await browser.$(q("export-folder")).getText(), out);
    await browser.$(q("export-preset-copies")).click();
    assert.equal(await browser.$(q("export-folder")).getText(), "Aucun dossier choisi.", "the folder of another preset was kept");
    assert.match(await browser.$(q("export-error")).getText(), /Nouveau format/);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="export-gps-keep"]').checked), true, "copies keep the position by default");
    // Copies without their position.
    await browser.$(q("export-gps-strip")).click();
    const copies = path.join(home, "export-copies");
    fs.mkdirSync(copies, { recursive: true });
    await js(browser, (dir) => window.recapDebug.setExportFolder(dir), copies);
    await browser.$(q("export-start")).click();
    const done = await until(browser, () => {
      const e = document.querySelector('[data-testid="export-error"]');
      if (!e.hidden) return "error:" + e.textContent;
      const s = document.querySelector('[data-testid="export-summary"]');
      return s.hidden ? null : document.querySelector('[data-testid="export-summary-text"]').textContent;
    }, "the export did not finish", 180_000);
    assert.ok(!done.startsWith("error:"), done);
    await browser.$(q("export-close")).click();
    // Read back by the real recap binary: the copies carry no GPS.
    const scan = spawnSync(CLI, ["scan", copies, "--json", "--cache", path.join(home, "scan-cache")], { encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(scan.status, 0, scan.stderr);
    const scanned = JSON.parse(scan.stdout).photos;
    assert.equal(scanned.length, num(m[1]), "the dialog said how many photos would go out");
    const located = scanned.filter((p) => p.gps);
    assert.equal(located.length, 0, `copies with a position: ${located.slice(0, 3).map((p) => p.path).join(", ")}`);

    // The mission is renamed from the bar, and the rename is undone like
    // any edit; Esc leaves the name as it was.
    const name0 = await js(browser, () => document.querySelector('[data-testid="mission-name"]').textContent);
    // The field is typed into as it gets focus (WebDriver's setValue would
    // clear it first, and clearing blurs the field, which keeps the name).
    const type = (text) => js(browser, (t) => { const i = document.querySelector('[data-testid="mission-rename"]'); if (document.activeElement === i) i.value = t; return !i.hidden; }, text);
    await browser.$(q("rename-mission")).click();
    assert.ok(await type("Mission Angers–Nantes, édition 2017"), "the name did not become a field");
    await browser.keys(["Enter"]);
    await until(browser, () => document.querySelector('[data-testid="mission-name"]').textContent === "Mission Angers–Nantes, édition 2017", "the mission was not renamed", 20_000);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="undo"]').textContent), "Annuler : le nom de la mission");
    await browser.$(q("rename-mission")).click();
    assert.ok(await type("ne pas garder"), "the name did not become a field");
    await browser.keys(["Escape"]);
    assert.equal(await js(browser, () => document.querySelector('[data-testid="mission-name"]').textContent), "Mission Angers–Nantes, édition 2017");
    await browser.$(q("undo")).click();
    await until(browser, (n) => document.querySelector('[data-testid="mission-name"]').textContent === n, "undo did not bring the name back", 20_000, name0);
  });
});
