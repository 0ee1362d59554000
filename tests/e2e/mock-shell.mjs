// A stand-in for the Tauri shell, to run ui/ in plain Chromium (playwright-core,
// Debian's /usr/bin/chromium): serves ui/ over HTTP with a fake
// `window.__TAURI__` answering the contract's commands from a generated trip
// of N photos, and thumbnails as tiny SVGs. Used by perf.mjs --mock and for
// quick UI checks without building the app. Not a test of the shell.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UI = path.resolve(HERE, "..", "..", "ui");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

/** A TripWire with `n` photos over `days` days, 27 participants, groups of 3 every 40 photos. */
export function makeTrip(n, days = 10, origin = "") {
  const people = Array.from({ length: 27 }, (_, i) => ({ folder: `P${String(i + 1).padStart(2, "0")}`, name: `Participant ${i + 1}`, photos: 0 }));
  const perDay = Math.ceil(n / days);
  const chapters = [
    { id: "angers", title: "Angers", kind: "stage", place: "Angers", days: [] },
    { id: "nantes", title: "Nantes", kind: "stage", place: "Nantes", days: [] },
  ];
  let id = 0;
  for (let d = 0; d < days && id < n; d++) {
    const date = `2017-06-${String(4 + d).padStart(2, "0")}`;
    const c = chapters[d < days / 2 ? 0 : 1];
    const moments = [];
    const inDay = Math.min(perDay, n - id);
    const perMoment = Math.ceil(inDay / 5);
    for (let m = 0; m < 5 && id < n; m++) {
      const photos = [];
      const h = 9 + m * 2;
      for (let k = 0; k < perMoment && photos.length + moments.reduce((a, x) => a + x.photos.length, 0) < inDay && id < n; k++) {
        const who = people[id % 27];
        who.photos += 1;
        const mm = String(k % 60).padStart(2, "0");
        const local = `${date}T${String(h + Math.floor(k / 60)).padStart(2, "0")}:${mm}:00+02:00`;
        const inGroup = id % 40 < 3;
        photos.push({
          id, path: `/mock/${who.folder}/IMG_${id}.jpg`, fileName: `IMG_${String(id).padStart(5, "0")}.jpg`,
          localTime: local, placeName: c.place, placeSource: "gps", contributor: who.folder, contributorName: who.name,
          thumb: `${origin}/thumb/1/${id}`, placeholder: `${origin}/thumb/1/${id}/placeholder`, preview: `${origin}/thumb/1/${id}/preview`,
          caption: `${c.place}, le ${4 + d} juin 2017`, credit: `Photo : ${who.name}`, captionEdited: false,
          camera: "Canon EOS 80D", device: `${who.folder}/canon`, originalTime: local.slice(0, 19), offsetMinutes: 0, zone: "Europe/Paris",
          width: 6000, height: 4000, group: inGroup ? `g${Math.floor(id / 40)}` : null, groupKind: inGroup ? "near" : null,
          groupSize: inGroup ? 3 : 0, best: inGroup && id % 40 === 0, pick: null, stars: 0, contributors: [who.folder],
        });
        id += 1;
      }
      moments.push({ id: `${date}-${m}`, title: m === 0 ? "Accueil" : null, start: `${date}T${String(h).padStart(2, "0")}:00:00+02:00`, end: `${date}T${String(h + 1).padStart(2, "0")}:00:00+02:00`, place: c.place, photos });
    }
    const count = moments.reduce((a, x) => a + x.photos.length, 0);
    c.days.push({ date, photos: count, place: c.place, moments });
  }
  for (const c of chapters) {
    c.photos = c.days.reduce((a, d) => a + d.photos, 0);
    c.start = c.days[0]?.date;
    c.end = c.days.at(-1)?.date;
    c.intro = { fr: `Intro ${c.title}`, en: `Intro ${c.title}` };
    c.introEdited = false;
    c.picks = 0;
  }
  return {
    mission: `Mock ${n}`, missionPath: `/mock/mission-${n}.recap.toml`, generation: 1,
    canUndo: false, canRedo: false, undoLabel: null,
    participants: people,
    captionTemplate: { fr: "{place}, {date}. Photo : {author}", en: "{place}, {date}. Photo: {author}" },
    templateFields: ["place", "date", "time", "author", "moment", "chapter"],
    picksPerChapter: { angers: 0, nantes: 0 },
    scan: { roots: ["/mock"], photos: new Array(n).fill(0).map(() => ({})), videos: [], skipped: [], participants: people.map((p) => p.folder), stats: {} },
    plan: {
      chapters: chapters.filter((c) => c.days.length),
      devices: people.slice(0, 5).map((p, i) => ({ key: `${p.folder}/canon`, contributor: p.folder, make: "Canon", model: "Canon EOS 80D", offsetMinutes: i === 0 ? 360 : 0, source: i === 0 ? "aligned" : "exif-offset", confidence: 0.9, photos: 10, totalPhotos: 12, note: null })),
      unplaced: [], agendaWarnings: [], tripZone: "Europe/Paris",
    },
  };
}

// The fake shell, injected before main.js. Edits are applied crudely (enough for UI checks).
const MOCK = `
window.__TAURI__ = (() => {
  const N = Number(new URLSearchParams(location.search).get("photos") || 200);
  let trip = null;
  const undo = [];
  class Channel { constructor() { this.onmessage = () => {}; } }
  const clone = (x) => JSON.parse(JSON.stringify(x));
  async function invoke(cmd, args) {
    switch (cmd) {
      case "launch_options": return { demo: false };
      case "recent_missions": return [{ path: "/mock/a.recap.toml", name: "Mission Angers", openedAt: "2017-06-20T10:00:00-04:00", exists: true }];
      case "trip": return trip;
      case "set_lang": return null;
      case "open_demo": case "open_mission": case "create_mission": {
        const t0 = performance.now();
        const r = await fetch("/trip?photos=" + N);
        const got = await r.json();
        args.onProgress.onmessage({ phase: "reading", done: N, total: N });
        window.__mockFetchMs = performance.now() - t0;
        trip = got; return trip;
      }
      case "edit": {
        undo.push(clone(trip));
        const e = args.edit;
        const photos = () => trip.plan.chapters.flatMap((c) => c.days.flatMap((d) => d.moments.flatMap((m) => m.photos)));
        if (e.kind === "rename") trip.plan.chapters.find((c) => c.id === e.chapter).title = e.title;
        if (e.kind === "caption") { const p = photos().find((p) => p.id === e.photo); p.caption = e.text ?? "template"; p.captionEdited = e.text !== null; }
        if (e.kind === "pick") for (const p of photos()) if (e.photos.includes(p.id)) p.pick = e.state === "none" ? null : e.state;
        if (e.kind === "stars") for (const p of photos()) if (e.photos.includes(p.id)) p.stars = e.stars;
        if (e.kind === "order") trip.plan.chapters = e.chapters.map((id) => trip.plan.chapters.find((c) => c.id === id));
        if (e.kind === "clock") { const d = trip.plan.devices.find((d) => d.key === e.device); d.offsetMinutes = e.mode === "set" ? e.minutes : 0; d.source = "mission"; }
        trip.canUndo = true; trip.undoLabel = e.kind;
        return trip;
      }
      case "undo": trip = undo.pop(); trip.canUndo = undo.length > 0; trip.canRedo = true; return trip;
      case "select_photos": throw { code: "unavailable", message: "curation core not built" };
      case "pick_folders": return ["/mock/P01", "/mock/P02"];
      case "pick_export_folder": return "/mock/out";
      case "export": args.onProgress.onmessage({ phase: "rendering", done: 1, total: 2 }); return { out: args.out, written: 2, skipped: 0, failed: [], files: 2, seconds: 0.5 };
      default: throw { code: "unavailable", message: cmd + " is not mocked" };
    }
  }
  return { core: { invoke, Channel } };
})();
`;

function svg(id, kind) {
  const hue = (id * 47) % 360;
  const size = kind === "preview" ? 1600 : kind === "placeholder" ? 160 : 400;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${Math.round(size * 2 / 3)}"><rect width="100%" height="100%" fill="hsl(${hue} 45% ${kind === "placeholder" ? 70 : 50}%)"/><text x="8" y="40" font-size="${size / 10}" fill="#fff">${id}</text></svg>`;
}

/** Starts the server; resolves to `{url, close()}`. `thumbDelayMs` simulates thumbnail rendering. */
export function startMockServer({ thumbDelayMs = 0 } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/trip") {
      const n = Number(url.searchParams.get("photos") || 200);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(makeTrip(n)));
      return;
    }
    const m = /^\/thumb\/\d+\/(\d+)(?:\/(placeholder|preview))?$/.exec(url.pathname);
    if (m) {
      setTimeout(() => {
        res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "max-age=3600" });
        res.end(svg(Number(m[1]), m[2] || "thumb"));
      }, m[2] === "placeholder" ? 0 : thumbDelayMs);
      return;
    }
    if (url.pathname === "/__mock.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(MOCK);
      return;
    }
    const file = path.join(UI, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
    if (!file.startsWith(UI) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    let body = fs.readFileSync(file);
    if (file.endsWith("index.html")) body = Buffer.from(String(body).replace('<script type="module"', '<script src="/__mock.js"></script><script type="module"'));
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
