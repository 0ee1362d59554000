// The clocks tab's pure logic: which devices need a look first, the
// obvious "this camera is on home time" fix, and how far apart two photos
// are. No DOM: unit-tested under Node (tests/ui/clocks.test.mjs).

import { offset } from "./i18n.js";

/** Below this confidence an aligned clock is worth a look by eye. */
export const LOW_CONFIDENCE = 0.5;

/** The user said so, or there is no clock to judge: nothing to doubt. */
function judged(d) {
  return !!(d.handSet ?? d.source === "mission") || !!d.noDevice || d.source === "none";
}

/** The core flags the detection as weak (few photos line up, or a runner-up nearly as many). */
export function isDoubtful(d) {
  return !judged(d) && d.doubtful === true;
}

export function isLowConfidence(d) {
  return !judged(d) && Number.isFinite(d.confidence) && d.confidence < LOW_CONFIDENCE;
}

/**
 * Devices in the order the tab lists them: doubtful ones first, then those
 * of low confidence (least sure first), then the rest in the plan's order.
 * Hand-set clocks and copies without a camera are never doubted.
 */
export function sortDevices(devices) {
  const rank = (d) => (isDoubtful(d) ? 0 : isLowConfidence(d) ? 1 : 2);
  return (devices || [])
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || (a.r < 2 ? (a.d.confidence || 0) - (b.d.confidence || 0) : 0) || a.i - b.i)
    .map((x) => x.d);
}

/**
 * The home's name for "= heure de Montréal ?": the city of the departure
 * photos, else the city of the home zone's IANA name
 * ("America/Argentina/Buenos_Aires" → "Buenos Aires"); null when unknown.
 */
export function homeName(plan, device, lang) {
  // The city in the reader's language ("Londres"), when the plan has it.
  const localized = lang && plan?.homePlaceNames?.[lang];
  if (typeof localized === "string" && localized.trim()) return localized.trim();
  const place = plan?.homePlace;
  const name = typeof place === "string" ? place : place?.name;
  if (name && String(name).trim()) return String(name).trim();
  const zone = device?.homeZone || plan?.homeZone;
  if (typeof zone !== "string" || !zone.includes("/")) return null;
  const city = zone.split("/").pop().replace(/_/g, " ").trim();
  return city || null;
}

/**
 * The obvious fix for a device: the zone difference ("this camera is on
 * home time"), offered when it is not already the correction.
 * @returns {?{minutes: number, shift: string, place: ?string}}
 */
export function homeFix(d, plan, lang) {
  const m = d?.zoneDifferenceMinutes;
  if (d?.noDevice || !Number.isInteger(m) || m === d.offsetMinutes) return null;
  return { minutes: m, shift: offset(m), place: homeName(plan, d, lang) };
}

/** "de Montréal", "d’Ottawa": French elides "de" before a vowel sound. */
export function deName(name) {
  return /^[aeiouyàâäéèêëîïôöûüœ]/i.test(name || "") ? `d’${name}` : `de ${name}`;
}

/**
 * How far apart two photos are, for people: null under a minute, else
 * minutes ("12 min") or hours ("6 h 05"), in `lang`.
 */
export function apart(seconds, lang = "fr") {
  const s = Math.abs(Math.round(Number(seconds) || 0));
  if (s < 60) return null;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const mi = minutes % 60;
  if (lang === "fr") return mi ? `${h} h ${String(mi).padStart(2, "0")}` : `${h} h`;
  return mi ? `${h} h ${mi} min` : `${h} h`;
}

/** The words of the home-time button in `lang`: French says "heure de Montréal", "heure d’Ottawa". */
export function homeVars(fix, lang = "fr") {
  const place = fix?.place ? (lang === "fr" ? deName(fix.place) : fix.place) : null;
  return { place, shift: fix ? fix.shift : "" };
}

/** A drift in seconds for people: "+45 s", "−2 min 10 s". */
export function drift(seconds) {
  const n = Math.round(Number(seconds) || 0);
  const sign = n > 0 ? "+" : n < 0 ? "−" : "";
  const m = Math.floor(Math.abs(n) / 60);
  const s = Math.abs(n) % 60;
  if (!m) return `${sign}${s} s`;
  return s ? `${sign}${m} min ${s} s` : `${sign}${m} min`;
}
