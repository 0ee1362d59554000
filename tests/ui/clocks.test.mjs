import { test } from "node:test";
import assert from "node:assert/strict";
import * as i18n from "../../ui/lib/i18n.js";
import { sortDevices, isDoubtful, homeFix, homeName, homeVars, deName, apart, drift } from "../../ui/lib/clocks.js";

const device = (key, over = {}) => ({ key, source: "aligned", confidence: 0.9, offsetMinutes: 0, handSet: false, noDevice: false, ...over });

// The camera on home time used to sit last in the list at 14 %, unflagged.
test("doubtful clocks come first, then low confidence, then the rest in the plan's order", () => {
  const list = [
    device("phone-lagos", { source: "exif-offset", confidence: 1 }),
    device("camera-low", { confidence: 0.3 }),
    device("tablet", { confidence: 0.8 }),
    device("camera-home", { confidence: 0.14, doubtful: true }),
    device("copies", { noDevice: true, source: "none", confidence: 0, doubtful: true }),
    device("hand", { source: "mission", handSet: true, confidence: 0, doubtful: true }),
    device("camera-lower", { confidence: 0.2 }),
  ];
  assert.deepEqual(sortDevices(list).map((d) => d.key), ["camera-home", "camera-lower", "camera-low", "phone-lagos", "tablet", "copies", "hand"]);
  // The user's verdict and copies without a camera are never doubted.
  assert.equal(isDoubtful(list[5]), false);
  assert.equal(isDoubtful(list[4]), false);
  assert.equal(isDoubtful(list[3]), true);
  assert.deepEqual(sortDevices(undefined), []);
  // A trip from a core that says nothing of doubt keeps its order but for low confidence.
  assert.deepEqual(sortDevices([device("a"), device("b", { confidence: 0.1 })]).map((d) => d.key), ["b", "a"]);
});

test("the home-time fix is offered only when it is not the correction already", () => {
  const plan = { homePlace: "Buenos Aires", homeZone: "America/Argentina/Buenos_Aires" };
  assert.deepEqual(homeFix(device("c", { zoneDifferenceMinutes: 300, offsetMinutes: 315 }), plan), { minutes: 300, shift: "+5 h", place: "Buenos Aires" });
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: 300, offsetMinutes: 300 }), plan), null);
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: null }), plan), null);
  assert.equal(homeFix(device("c"), plan), null);
  // The home city in the reader's language when the plan names it so.
  const london = { homePlace: "London", homePlaceNames: { fr: "Londres", en: "London" }, homeZone: "Europe/London" };
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: -60, offsetMinutes: 0 }), london, "fr").place, "Londres");
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: -60, offsetMinutes: 0 }), london, "en").place, "London");
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: 300, noDevice: true }), plan), null);
  // Half-hour zones: Kolkata from London, St. John's from Paris.
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: 330 }), {}).shift, "+5 h 30");
  assert.equal(homeFix(device("c", { zoneDifferenceMinutes: -150 }), {}).shift, "−2 h 30");
});

test("the home is the departure city, else the zone's city, else unknown", () => {
  assert.equal(homeName({ homePlace: "Nairobi" }), "Nairobi");
  assert.equal(homeName({ homePlace: { name: "Osaka" } }), "Osaka");
  assert.equal(homeName({ homePlace: null, homeZone: "America/Argentina/Buenos_Aires" }), "Buenos Aires");
  assert.equal(homeName({}, { homeZone: "Asia/Kolkata" }), "Kolkata");
  assert.equal(homeName({ homeZone: "UTC" }), null);
  assert.equal(homeName(null), null);
});

test("the button's words in French and English", () => {
  assert.equal(deName("Montréal"), "de Montréal");
  assert.equal(deName("Ottawa"), "d’Ottawa");
  assert.equal(deName("Édimbourg"), "d’Édimbourg");
  const fix = homeFix(device("c", { zoneDifferenceMinutes: 330 }), { homePlace: "Auckland" });
  i18n.setLang("fr");
  assert.equal(i18n.t("clockHome", homeVars(fix, "fr")), "= heure d’Auckland ? +5 h 30");
  i18n.setLang("en");
  assert.equal(i18n.t("clockHome", homeVars(fix, "en")), "= Auckland time? +5 h 30");
  const nowhere = homeFix(device("c", { zoneDifferenceMinutes: -480 }), {});
  assert.equal(homeVars(nowhere, "en").place, null);
  assert.equal(i18n.t("clockHomeUnknown", homeVars(nowhere, "en")), "= home time? −8 h");
  i18n.setLang("fr");
});

test("how far apart two photos are, and a drift, for people", () => {
  assert.equal(apart(42), null);
  assert.equal(apart(-125), "2 min");
  assert.equal(apart(6 * 3600 + 5 * 60, "fr"), "6 h 05");
  assert.equal(apart(6 * 3600 + 5 * 60, "en"), "6 h 5 min");
  assert.equal(apart(3600), "1 h");
  assert.equal(drift(45), "+45 s");
  assert.equal(drift(-130), "−2 min 10 s");
  assert.equal(drift(120), "+2 min");
});
