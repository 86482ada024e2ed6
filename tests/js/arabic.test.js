// Arabic in the pages' scripts (static/js/lib/client.js): the clock in Western digits, as the
// server writes it, and Arabic's six plural categories, which the wall's count words follow.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { formatClock, formatDateTime, pluralCategory } from "../../static/js/lib/client.js";

const MARRAKECH = { locale: "ar", timeZone: "Africa/Casablanca" };

describe("Arabic", () => {
  test("the clock reads Arabic in Western digits", () => {
    assert.equal(formatClock("2018-12-08T12:45:00Z", MARRAKECH), "1:45 م");
    const when = formatDateTime("2018-12-08T12:45:00Z", MARRAKECH);
    assert.match(when, /ديسمبر 2018/);
    assert.doesNotMatch(when, /[\u0660-\u0669\u06f0-\u06f9]/);
  });

  test("counts fall in Arabic's six plural categories", () => {
    const categories = [0, 1, 2, 3, 10, 11, 99, 100, 102].map((n) => pluralCategory(n, "ar"));
    assert.deepEqual(categories, ["zero", "one", "two", "few", "few", "many", "many", "other", "other"]);
  });
});
