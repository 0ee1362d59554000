import { test } from "node:test";
import assert from "node:assert/strict";
import { parseOffset, MAX_OFFSET_MINUTES } from "../../ui/lib/logic.js";

// The core refuses a clock correction over two days (DeviceOffset::MAX_MINUTES);
// the UI used to accept 400 days and let the edit fail late.
test("an offset over the core's limit is refused before it is sent", () => {
  assert.equal(MAX_OFFSET_MINUTES, 2 * 24 * 60);
  assert.deepEqual(parseOffset("2 j"), { minutes: 2880 });
  assert.deepEqual(parseOffset("-48:00"), { minutes: -2880 });
  assert.deepEqual(parseOffset("2 j 1 min"), { error: "offset.range" });
  assert.deepEqual(parseOffset("-49 h"), { error: "offset.range" });
  assert.deepEqual(parseOffset("3 d"), { error: "offset.range" });
});

test("the limit the trip sends is the one applied", () => {
  assert.deepEqual(parseOffset("10 h", 600), { minutes: 600 });
  assert.deepEqual(parseOffset("10 h 1", 600), { error: "offset.range" });
  // A trip from an older core says nothing: the default holds.
  assert.deepEqual(parseOffset("3 d", undefined), { error: "offset.range" });
  assert.deepEqual(parseOffset("1 d", Number.NaN), { minutes: 1440 });
});
