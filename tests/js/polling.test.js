// The polling pages' pure helpers (static/js/lib/polling.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { backoffDelay, groupByRegion } from "../../static/js/lib/polling.js";

test("the poll interval doubles with each failure, up to a cap", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((failures) => backoffDelay(3000, failures)), [3000, 6000, 12000, 24000, 30000, 30000]);
  assert.equal(backoffDelay(1000, 3, 5000), 5000);
});

test("endorsements grouped by region, regions sorted, order kept within each", () => {
  const entries = [
    { city: "Montréal", region_name: "Americas" },
    { city: "Freetown", region_name: "Africa" },
    { city: "Quito", region_name: "Americas" },
    { city: "Nowhere" }
  ];
  assert.deepEqual(groupByRegion(entries).map(([name, group]) => [name, group.map((e) => e.city)]), [
    ["", ["Nowhere"]],
    ["Africa", ["Freetown"]],
    ["Americas", ["Montréal", "Quito"]]
  ]);
  assert.deepEqual(groupByRegion([]), []);
});
