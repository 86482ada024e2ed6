// What the live wall draws from one answer of the feed (static/js/lib/wall-view.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { densityClass, entryKey, wallView } from "../../static/js/lib/wall-view.js";

const RABAT = { city: "Rabat", country: "MA", region_name: "Africa", flag: "/static/ma.svg" };
const QUITO = { city: "Quito", country: "EC", region_name: "Americas", flag: "/static/ec.svg" };
const BARCELONA = { city: "Barcelona", country: "ES", region_name: "Europe", flag: "/static/es.svg" };

function answer(...endorsements) { return { count: endorsements.length, endorsements }; }

test("the first answer: the newest is the first entry, nothing is marked new", () => {
  const view = wallView(answer(RABAT, QUITO), null);
  assert.equal(view.count, 2);
  assert.equal(view.newest, RABAT);
  assert.deepEqual(view.items.map((i) => [i.entry.city, i.isNewest, i.isNew]), [["Rabat", true, false], ["Quito", false, false]]);
  assert.deepEqual([...view.keys], ["Rabat|MA", "Quito|EC"]);
});

test("a later answer marks only the cities that were not there before", () => {
  const first = wallView(answer(QUITO), null);
  const next = wallView(answer(BARCELONA, QUITO), first.keys);
  assert.deepEqual(next.items.map((i) => [i.entry.city, i.isNewest, i.isNew]), [["Barcelona", true, true], ["Quito", false, false]]);
  assert.equal(next.newest, BARCELONA);
});

test("groups by region name keep the newest mark", () => {
  const view = wallView(answer(BARCELONA, RABAT, QUITO), null);
  assert.deepEqual(view.groups.map(([name, items]) => [name, items.map((i) => [i.entry.city, i.isNewest])]), [
    ["Africa", [["Rabat", false]]],
    ["Americas", [["Quito", false]]],
    ["Europe", [["Barcelona", true]]]
  ]);
});

test("an empty wall has no newest signatory", () => {
  const view = wallView(answer(), null);
  assert.equal(view.newest, null);
  assert.deepEqual(view.items, []);
  assert.deepEqual(view.groups, []);
});

test("the same city name in two countries is two entries", () => {
  assert.notEqual(entryKey({ city: "Córdoba", country: "ES" }), entryKey({ city: "Córdoba", country: "AR" }));
});

test("the type shrinks as the cities grow in number", () => {
  assert.deepEqual([0, 29, 30, 79, 80, 500].map((n) => densityClass(n, 30, 80)), ["", "", "is-dense", "is-dense", "is-denser", "is-denser"]);
  assert.equal(densityClass(1000, Infinity, Infinity), "");
});
