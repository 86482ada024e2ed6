// Each template that loads a page module preloads every module that page imports (so the
// browser fetches them in one go: the wedge field is live sooner), and nothing else.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const ROOT = new URL("../../", import.meta.url);
const PAGES = [
  "templates/checkin/scan.html", "templates/endorsements/desk.html", "templates/endorsements/wall.html",
  "templates/checkin/arrivals.html", "templates/badges/admin/job.html", "templates/base.html"
];
const STATIC = "static/";

function read(path) {
  return readFileSync(new URL(path, ROOT), "utf8");
}

// The static/ paths a module imports, directly or not ("js/lib/client.js", …).
function importsOf(entry, seen = new Set()) {
  for (const [, target] of read(STATIC + entry).matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/gm)) {
    const path = new URL(target, new URL(STATIC + entry, ROOT)).pathname.split("/" + STATIC)[1];
    if (!seen.has(path)) {
      seen.add(path);
      importsOf(path, seen);
    }
  }
  return seen;
}

function staticFiles(html, pattern) {
  return [...html.matchAll(pattern)].map((match) => match[1]);
}

for (const page of PAGES) {
  test(`${page} preloads exactly what its module imports`, () => {
    const html = read(page);
    const [entry] = staticFiles(html, /<script type="module" src="\{\{ url_for\('static', filename='([^']+)'\) \}\}"><\/script>/g);
    assert.ok(entry, "the page loads a module");
    const preloaded = staticFiles(html, /<link rel="modulepreload" href="\{\{ url_for\('static', filename='([^']+)'\) \}\}">/g);
    assert.deepEqual(new Set(preloaded), importsOf(entry));
    assert.equal(preloaded.length, new Set(preloaded).size, "no module preloaded twice");
  });
}

test("the graph walk finds indirect imports", () => {
  const scanner = importsOf("js/scanner.js");
  assert.ok(scanner.has("js/lib/offline.js"), "through scanner/checkins.js");
  assert.ok(!scanner.has("js/desk/view.js"));
});
