// The map tab: the stages on a world map (outlines loaded on first use:
// 0.7 MB); a stage's dot shows its chapter.

import { $ } from "../app/dom.js";
import { state } from "../app/state.js";
import { goToChapter } from "./browse.js";

let world = null;

export async function render() {
  if (state.tab !== "map" || !state.trip) return;
  const svg = $("stage-map");
  const { countries, stageMap } = await import("../lib/map.js");
  if (!world) {
    $("no-map").hidden = true;
    world = countries((await import("../data/countries-50m.js")).default);
    if (state.tab !== "map") return;
  }
  const places = state.trip.plan.chapters
    .filter((c) => c.kind === "stage" && c.placeAt)
    .map((c) => ({ lon: c.placeAt.lon, lat: c.placeAt.lat, label: c.title, chapterId: c.id }));
  const map = stageMap(world, places, 640, 520);
  $("no-map").hidden = !!map;
  const NS = "http://www.w3.org/2000/svg";
  const node = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const parts = [];
  if (map) {
    for (const p of map.paths) parts.push(node("path", { d: p.d, class: p.home ? "land home" : "land" }));
    if (map.route) parts.push(node("path", { d: map.route, class: "route" }));
    for (const d of map.dots) {
      const chapter = state.trip.plan.chapters.find((c) => c.id === d.chapterId);
      const g = node("g", { class: "stage", tabindex: 0, role: "button", "data-testid": "map-stage", "data-chapter-id": d.chapterId });
      g.append(node("title", {}, d.label));
      g.append(node("circle", { cx: d.x, cy: d.y, r: 9 }));
      g.append(node("text", { x: d.x, y: d.y + 4, class: "n", "text-anchor": "middle" }, String(d.n)));
      const dx = d.anchor === "end" ? -13 : 13;
      g.append(node("text", { x: d.x + dx, y: d.y - 10, class: "label", "text-anchor": d.anchor }, d.label));
      const go = () => chapter && goToChapter(chapter);
      g.addEventListener("click", go);
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          go();
        }
      });
      parts.push(g);
    }
  }
  svg.replaceChildren(...parts);
}
