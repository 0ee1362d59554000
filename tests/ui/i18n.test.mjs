import { test } from "node:test";
import assert from "node:assert/strict";
import * as i18n from "../../ui/lib/i18n.js";

test("French dates: weekday, '1er', ranges", () => {
  i18n.setLang("fr");
  assert.equal(i18n.dayLong("2017-06-09"), "vendredi 9 juin 2017");
  assert.equal(i18n.dayLong("2017-06-01"), "jeudi 1er juin 2017");
  assert.equal(i18n.dayName("2017-06-05"), "lundi 5 juin");
  assert.equal(i18n.dateRange("2017-06-04", "2017-06-07"), "4–7 juin");
  assert.equal(i18n.dateRange("2017-06-01", "2017-06-04"), "1er–4 juin");
  assert.equal(i18n.dateRange("2017-06-30", "2017-07-01"), "30 juin – 1er juillet");
  assert.equal(i18n.dateRange("2017-06-03", "2017-06-03"), "3 juin");
  assert.equal(i18n.dateRange("2017-12-30", "2018-01-02"), "30 décembre 2017 – 2 janvier");
  assert.equal(i18n.dateTime("2017-06-01T09:05:00"), "1er juin 2017, 9 h 05");
  assert.equal(i18n.clock("2017-06-09T22:58:00+02:00"), "22 h 58");
  assert.equal(i18n.utcOffset("2017-06-09T22:58:00+02:00"), "UTC+2");
  assert.equal(i18n.utcOffset("2017-06-09T22:58:00-04:00"), "UTC−4");
  assert.equal(i18n.utcOffset("2017-06-09T22:58:00+05:30"), "UTC+5:30");
  assert.equal(i18n.offset(360), "+6 h");
  assert.equal(i18n.offset(-330), "−5 h 30");
  assert.equal(i18n.offset(0), "0 h");
  assert.equal(i18n.percent(0.7), "70\u00a0%");
  assert.equal(i18n.number(10000), "10\u00a0000");
  assert.equal(i18n.count(1, "photoCount"), "1 photo");
  assert.equal(i18n.count(0, "photoCount"), "aucune photo");
  assert.equal(i18n.count(1500, "photoCount"), "1\u00a0500 photos");
  assert.equal(i18n.placeText("Angers", "estimated"), "Angers (estimé)");
  assert.equal(i18n.placeText(null, "gps"), "Lieu inconnu");
});

test("English dates and numbers", () => {
  i18n.setLang("en");
  assert.equal(i18n.dayLong("2017-06-09"), "Friday, June 9, 2017");
  assert.equal(i18n.dayLong("2017-06-01"), "Thursday, June 1, 2017");
  assert.equal(i18n.dateRange("2017-06-30", "2017-07-02"), "June 30 – July 2");
  assert.equal(i18n.clock("2017-06-10T00:15:00+02:00"), "0:15");
  assert.equal(i18n.number(10000), "10,000");
  assert.equal(i18n.percent(0.7), "70%");
  assert.equal(i18n.t("photoCount", { n: 3 }), "3 photos");
  assert.equal(i18n.getLang(), "en");
  assert.equal(i18n.setLang("de"), false);
  assert.equal(i18n.getLang(), "en");
  i18n.setLang("fr");
});

test("every French key has an English twin and the reverse", () => {
  const fr = Object.keys(i18n.STRINGS.fr).sort();
  const en = Object.keys(i18n.STRINGS.en).sort();
  assert.deepEqual(fr.filter((k) => !en.includes(k)), []);
  assert.deepEqual(en.filter((k) => !fr.includes(k)), []);
  // Placeholders match between languages.
  for (const k of fr) {
    const ph = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(ph(i18n.STRINGS.en[k]), ph(i18n.STRINGS.fr[k]), k);
  }
});

test("unknown keys fall back to French, then to the key", () => {
  i18n.setLang("en");
  assert.equal(i18n.t("no.such.key"), "no.such.key");
  i18n.setLang("fr");
});
