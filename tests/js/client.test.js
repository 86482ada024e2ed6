// The pages' shared client (static/js/lib/client.js): words, the JSON error envelope with a
// fake fetch handed in, times in the edition's zone, and the order of queued work.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";

import {
  fetchWithTimeout, formatClock, formatDateTime, inOrder, jsonData, pluralCategory, postJson,
  refusalKey, requestJson, translate, translator
} from "../../static/js/lib/client.js";

// A fetch that answers from a list of responses (the last repeats) and records each call.
function fakeFetch(...responses) {
  const calls = [];
  const fetch = async (url, options) => {
    calls.push({ url, options });
    const next = responses[Math.min(calls.length - 1, responses.length - 1)];
    if (next instanceof Error) { throw next; }
    // A body reads once: a repeated response is a fresh copy each time.
    return typeof next === "function" ? next() : next.clone();
  };
  return { fetch, calls };
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function envelope(status, code, message, headers) {
  return json(status, { error: { code, message } }, headers);
}

const noSleep = async () => {};

describe("words", () => {
  const messages = { queued: "{count} queued", conflict: "{name}: {was} → {now}, {name}", empty: "" };

  test("placeholders are filled, every time they occur", () => {
    assert.equal(translate(messages, "queued", { count: 3 }), "3 queued");
    assert.equal(translate(messages, "conflict", { name: "Ana", was: "ok", now: "revoked" }), "Ana: ok → revoked, Ana");
  });

  test("a word the page did not give shows as its key", () => {
    assert.equal(translate(messages, "status_new"), "status_new");
    assert.equal(translate(messages, "empty"), "empty");
  });

  test("a translator is bound to one page's words", () => {
    const t = translator(messages);
    assert.equal(t("queued", { count: 0 }), "0 queued");
  });

  test("JSON data attributes, with a fallback for missing or broken ones", () => {
    const element = { dataset: { checkpoints: '[{"id":"entrance"}]', broken: "{nope" } };
    assert.deepEqual(jsonData(element, "checkpoints", []), [{ id: "entrance" }]);
    assert.deepEqual(jsonData(element, "broken", {}), {});
    assert.deepEqual(jsonData(element, "missing", { a: 1 }), { a: 1 });
  });
});

describe("postJson and the error envelope", () => {
  test("sends JSON with the CSRF token, and an answer comes back as data", async () => {
    const { fetch, calls } = fakeFetch(json(200, { status: "ok", delegate: { name: "Ana" } }));
    const outcome = await postJson("/api/v1/checkins", { code: "MAYORS5:x", nonce: "n" }, { fetch, csrfToken: "token-1" });
    assert.deepEqual(outcome, { kind: "answer", status: 200, data: { status: "ok", delegate: { name: "Ana" } } });
    assert.equal(calls.length, 1);
    const { url, options } = calls[0];
    assert.equal(url, "/api/v1/checkins");
    assert.equal(options.method, "POST");
    assert.deepEqual(options.headers, { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": "token-1" });
    assert.equal(options.body, '{"code":"MAYORS5:x","nonce":"n"}');
    assert.equal(options.credentials, "same-origin");
    assert.equal(options.cache, "no-store");
  });

  test("a 4xx envelope is a refusal with its code and message", async () => {
    const { fetch } = fakeFetch(envelope(400, "invalid_nonce", "nonce must be a UUID made by the scanner."));
    assert.deepEqual(await postJson("/x", {}, { fetch }), {
      kind: "refused", status: 400, code: "invalid_nonce", message: "nonce must be a UUID made by the scanner."
    });
  });

  test("a 4xx without an envelope is a refusal in HTTP's words", async () => {
    const { fetch } = fakeFetch(new Response("<html>gone</html>", { status: 404, statusText: "NOT FOUND" }));
    assert.deepEqual(await postJson("/x", {}, { fetch }), { kind: "refused", status: 404, code: "", message: "NOT FOUND" });
  });

  test("an ended session and a stale page are refusals a person must fix", async () => {
    const signedOut = await postJson("/x", {}, { fetch: fakeFetch(envelope(401, "unauthorized", "Sign in.")).fetch });
    const stale = await postJson("/x", {}, { fetch: fakeFetch(envelope(400, "csrf_failed", "Send the token.")).fetch });
    const forbidden = await postJson("/x", {}, { fetch: fakeFetch(envelope(403, "forbidden", "Staff only.")).fetch });
    const other = await postJson("/x", {}, { fetch: fakeFetch(envelope(400, "invalid_code", "No.")).fetch });
    assert.deepEqual([signedOut, stale, forbidden, other].map(refusalKey), ["sign_in_again", "reload", "sign_in_again", null]);
    assert.equal(refusalKey({ kind: "unreachable", status: 503, code: "", message: "" }), null);
  });

  test("5xx and 429 mean no answer now; the server's own message is kept", async () => {
    const failed = await postJson("/x", {}, { fetch: fakeFetch(envelope(500, "internal_error", "Something went wrong on our side.")).fetch });
    const proxy = await postJson("/x", {}, { fetch: fakeFetch(new Response("Bad Gateway", { status: 502, statusText: "Bad Gateway" })).fetch });
    const limited = await postJson("/x", {}, { fetch: fakeFetch(envelope(429, "too_many_requests", "Slow down.")).fetch });
    assert.deepEqual(failed, { kind: "unreachable", status: 500, code: "internal_error", message: "Something went wrong on our side." });
    assert.deepEqual(proxy, { kind: "unreachable", status: 502, code: "", message: "" });
    assert.deepEqual(limited, { kind: "unreachable", status: 429, code: "too_many_requests", message: "Slow down." });
  });

  test("a network failure is unreachable", async () => {
    const { fetch } = fakeFetch(new TypeError("Failed to fetch"));
    assert.deepEqual(await postJson("/x", {}, { fetch }), { kind: "unreachable", status: 0, code: "", message: "" });
  });

  test("a 200 that is not JSON (a login page) is no answer", async () => {
    const { fetch } = fakeFetch(new Response("<html>login</html>", { status: 200, statusText: "OK" }));
    assert.deepEqual(await postJson("/x", {}, { fetch }), { kind: "refused", status: 200, code: "", message: "OK" });
  });

  test("a request that hangs is given up after the timeout", async () => {
    const fetch = (url, options) => new Promise((resolve, reject) => {
      options.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
    const started = Date.now();
    assert.deepEqual(await postJson("/x", {}, { fetch, timeoutMs: 30 }), { kind: "unreachable", status: 0, code: "", message: "" });
    assert.ok(Date.now() - started < 2000);
  });

  test("busy: asked again after a growing pause, then answered", async () => {
    const { fetch, calls } = fakeFetch(envelope(503, "busy", "Try again."), envelope(409, "busy", "Try again."), json(200, { status: "ok" }));
    const pauses = [];
    const outcome = await postJson("/x", { nonce: "n" }, { fetch, sleep: async (ms) => { pauses.push(ms); }, busyDelayMs: 100 });
    assert.deepEqual(outcome, { kind: "answer", status: 200, data: { status: "ok" } });
    assert.equal(calls.length, 3);
    assert.deepEqual(pauses, [100, 200]);
    assert.ok(calls.every((call) => call.options.body === '{"nonce":"n"}'), "the same body, so the same nonce");
  });

  test("busy: the server's Retry-After sets the pause, within a cap", async () => {
    const pauses = [];
    const sleep = async (ms) => { pauses.push(ms); };
    await postJson("/x", {}, { fetch: fakeFetch(envelope(503, "busy", "", { "Retry-After": "2" }), json(200, { status: "ok" })).fetch, sleep });
    await postJson("/x", {}, { fetch: fakeFetch(envelope(503, "busy", "", { "Retry-After": "120" }), json(200, { status: "ok" })).fetch, sleep });
    assert.deepEqual(pauses, [2000, 5000]);
  });

  test("busy for good: after the retries, the last outcome stands", async () => {
    const { fetch, calls } = fakeFetch(envelope(503, "busy", "The database is busy."));
    assert.deepEqual(await postJson("/x", {}, { fetch, sleep: noSleep, busyRetries: 2 }), {
      kind: "unreachable", status: 503, code: "busy", message: "The database is busy."
    });
    assert.equal(calls.length, 3);
  });

  test("other refusals and answers are never asked twice", async () => {
    for (const response of [() => envelope(400, "conflict", "Scan again."), () => json(200, { status: "already_checked_in" }), () => envelope(500, "internal_error", "")]) {
      const { fetch, calls } = fakeFetch(response);
      await postJson("/x", {}, { fetch, sleep: noSleep });
      assert.equal(calls.length, 1);
    }
  });

  test("a GET sends neither a body nor a CSRF token", async () => {
    const { fetch, calls } = fakeFetch(json(200, { entries: [] }));
    assert.deepEqual(await requestJson("/api/v1/roster?checkpoint=entrance", { fetch }), { kind: "answer", status: 200, data: { entries: [] } });
    assert.equal(calls[0].options.method, "GET");
    assert.equal(calls[0].options.body, undefined);
    assert.deepEqual(calls[0].options.headers, { "Accept": "application/json" });
  });

  test("fetchWithTimeout passes the caller's options and a signal", async () => {
    const { fetch, calls } = fakeFetch(new Response(null, { status: 304 }));
    const response = await fetchWithTimeout(fetch, "/wall", { headers: { "If-None-Match": "v1" } }, 1000);
    assert.equal(response.status, 304);
    assert.deepEqual(calls[0].options.headers, { "If-None-Match": "v1" });
    assert.ok(calls[0].options.signal instanceof AbortSignal);
  });
});

describe("times in the edition's time zone", () => {
  const marrakech = { locale: "en-GB", timeZone: "Africa/Casablanca" };

  test("Marrakech in December 2018 is UTC+1: 08:00Z shows 09:00", () => {
    assert.equal(formatClock("2018-12-08T08:00:00Z", marrakech), "09:00");
    assert.match(formatDateTime("2018-12-08T08:00:00Z", marrakech), /^8 December 2018\D+09:00$/);
  });

  test("the zone decides, not the device: one instant, three clocks", () => {
    const instant = "2018-12-08T08:00:00+00:00";
    assert.deepEqual(
      ["UTC", "Africa/Casablanca", "America/Montreal"].map((timeZone) => formatClock(instant, { locale: "en-GB", timeZone })),
      ["08:00", "09:00", "03:00"]
    );
  });

  test("a device set to another zone still shows the edition's time", () => {
    // A fresh Node whose own zone is Auckland (UTC+13 that day) and Los Angeles (UTC-8).
    const module = new URL("../../static/js/lib/client.js", import.meta.url).href;
    const script = `import { formatClock } from ${JSON.stringify(module)};
      console.log(formatClock("2018-12-08T08:00:00Z", { locale: "en-GB", timeZone: "Africa/Casablanca" }),
                  new Date("2018-12-08T08:00:00Z").getHours());`;
    for (const [zone, deviceHour] of [["Pacific/Auckland", "21"], ["America/Los_Angeles", "0"]]) {
      const printed = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, TZ: zone }, encoding: "utf8"
      });
      assert.equal(printed.trim(), "09:00 " + deviceHour, zone);
    }
  });

  test("the clock is the language's own, never with seconds: 24 hours in French, 12 in English", () => {
    const at = "2018-12-08T12:45:00Z"; // 13:45 in Marrakech
    const clock = (locale) => formatClock(at, { locale, timeZone: "Africa/Casablanca" });
    assert.equal(clock("fr"), "13:45");
    assert.equal(clock("es"), "13:45");
    assert.match(clock("en"), /^1:45\sPM$/);
    assert.doesNotMatch(formatDateTime(at, { locale: "en", timeZone: "Africa/Casablanca" }), /:\d{2}:\d{2}/);
  });

  test("summer time where the zone has it", () => {
    assert.equal(formatClock("2017-06-26T08:00:00Z", { locale: "en-GB", timeZone: "Europe/Berlin" }), "10:00");
    assert.equal(formatClock("2017-12-26T08:00:00Z", { locale: "en-GB", timeZone: "Europe/Berlin" }), "09:00");
  });

  test("the day can change with the zone", () => {
    assert.match(formatDateTime("2020-01-22T04:30:00Z", { locale: "en-GB", timeZone: "America/Guayaquil" }), /^21 January 2020\D+23:30$/);
  });

  // The words between date and time differ between ICU versions ("à", ","): not pinned.
  test("the page's language writes the date", () => {
    const french = formatDateTime("2018-12-08T08:00:00Z", { locale: "fr", timeZone: "Africa/Casablanca" });
    const spanish = formatDateTime("2018-12-08T08:00:00Z", { locale: "es", timeZone: "Africa/Casablanca" });
    assert.match(french, /^8 décembre 2018\D+09:00$/);
    assert.match(spanish, /^8 de diciembre de 2018\D+9:00$/);
  });

  test("an unknown zone falls back to the device's format instead of throwing", () => {
    assert.match(formatClock("2018-12-08T08:00:00Z", { locale: "en-GB", timeZone: "Mars/Olympus" }), /^\d{1,2}:\d{2}(\s[AP]M)?$/);
    assert.match(formatDateTime("2018-12-08T08:00:00Z", { locale: "en-GB", timeZone: "Mars/Olympus" }), /2018/);
  });

  test("plural categories follow the language (French counts 0 as one)", () => {
    assert.deepEqual([0, 1, 2].map((n) => pluralCategory(n, "en")), ["other", "one", "other"]);
    assert.deepEqual([0, 1, 2].map((n) => pluralCategory(n, "fr")), ["one", "one", "other"]);
  });
});

describe("work in order", () => {
  test("each piece starts when the one before has settled, even after a failure", async () => {
    const log = [];
    const errors = [];
    const run = inOrder((error) => errors.push(error.message));
    const slow = (name, ms) => () => new Promise((resolve) => setTimeout(() => { log.push(name); resolve(); }, ms));
    run(slow("first", 30));
    run(() => { throw new Error("second failed"); });
    await run(slow("third", 1));
    assert.deepEqual(log, ["first", "third"]);
    assert.deepEqual(errors, ["second failed"]);
  });
});
