// The scanner's offline rules (static/js/lib/offline.js): every status it can answer from a
// roster, what it remembers, and how the server's answers to an uploaded queue are judged.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  admit, answerOffline, judgeUpload, keepQueuedAdmissions, offlineStatus, parseBadge,
  queueEntry, rememberAdmission, rosterFor, rosterFromServer, rosterSecret, scanTone, uploadStep
} from "../../static/js/lib/offline.js";

const EDITION = 5;
const SECRET = "Abcdefghijklmnop_-12";
const CODE = `MAYORS5:${SECRET}`;
const HASH = "f303db00760d76f7e6a9979aee389a2adb709dde6c9aa8c242e629a1fbf96a5b";  // Python's code_hash(SECRET)
const SCANNED_AT = "2018-12-08T08:00:00.000Z";

function entry(overrides = {}) {
  return {
    hash: HASH, state: "approved", admitted: false, signed_up: false, name: "Valérie Plante",
    city: "Montréal", country: "CA", country_name: "Canada", category: "mayor", ...overrides
  };
}

function roster(entryOverrides = {}, rosterOverrides = {}) {
  return {
    picker: "entrance", checkpoint: "entrance", edition: EDITION, requires_signup: false,
    generated_at: "2018-12-08T07:00:00+00:00", entries: { [HASH]: entry(entryOverrides) }, ...rosterOverrides
  };
}

function scanAt(checkpoint = "entrance", code = CODE, scannedAt = SCANNED_AT) {
  return { code, checkpoint, nonce: "6f1d7d43-8d0c-4b7e-9d2a-0c1c9d0e1f21", scanned_at: scannedAt };
}

function answer(scan, list, hash = HASH) {
  return answerOffline(scan, { edition: EDITION, roster: list, hash });
}

const VALERIE = { name: "Valérie Plante", city: "Montréal", country: "CA", country_name: "Canada", category: "mayor" };

describe("reading a badge's QR text", () => {
  test("a badge of the forum gives its edition and secret", () => {
    assert.deepEqual(parseBadge(CODE), { edition: 5, secret: SECRET });
    assert.deepEqual(parseBadge("MAYORS123:" + "x".repeat(64)), { edition: 123, secret: "x".repeat(64) });
  });

  test("anything else is no badge", () => {
    for (const text of ["WIFI:S:venue;T:WPA;P:secret;;", "", null, "MAYORS5:short", "MAYORS1234:" + SECRET,
      "mayors5:" + SECRET, "MAYORS5:" + SECRET + "!", "MAYORS5:" + "x".repeat(65), " " + CODE]) {
      assert.equal(parseBadge(text), null, String(text));
    }
  });

  test("only a badge of this edition is looked up in the roster", () => {
    assert.equal(rosterSecret(CODE, EDITION), SECRET);
    assert.equal(rosterSecret(`MAYORS4:${SECRET}`, EDITION), null);
    assert.equal(rosterSecret("not a badge", EDITION), null);
  });
});

describe("the status of a roster entry", () => {
  const cases = [
    ["approved, not yet in", {}, {}, "ok"],
    ["approved, admitted already", { admitted: true }, {}, "already_checked_in"],
    ["revoked", { state: "revoked" }, {}, "revoked"],
    ["revoked, even if admitted before", { state: "revoked", admitted: true }, {}, "revoked"],
    ["not approved", { state: "not_approved" }, {}, "not_approved"],
    ["not signed up for a session that needs it", {}, { requires_signup: true }, "not_signed_up"],
    ["signed up for a session that needs it", { signed_up: true }, { requires_signup: true }, "ok"],
    ["admitted to a session, whether signed up or not", { admitted: true }, { requires_signup: true }, "already_checked_in"],
    ["not signed up for a session open to all", {}, { requires_signup: false }, "ok"]
  ];
  for (const [name, entryOverrides, rosterOverrides, status] of cases) {
    test(name, () => {
      const list = roster(entryOverrides, rosterOverrides);
      assert.equal(offlineStatus(list.entries[HASH], list), status);
    });
  }
});

describe("answering a scan offline", () => {
  test("ok: the delegate, and the roster now says admitted", () => {
    const list = roster();
    const { answer: given, roster: after } = answer(scanAt(), list);
    assert.deepEqual(given, { status: "ok", offline: true, checkpoint: "entrance", delegate: VALERIE });
    assert.equal(after.entries[HASH].admitted, true);
    assert.equal(after.entries[HASH].admitted_at, SCANNED_AT);
    assert.equal(list.entries[HASH].admitted, false, "the roster handed in is left as it was");
  });

  test("already_checked_in on the second scan, with the time of the first", () => {
    const first = answer(scanAt(), roster());
    const { answer: second, roster: after } = answer(scanAt("entrance", CODE, "2018-12-08T08:05:00.000Z"), first.roster);
    assert.deepEqual(second, {
      status: "already_checked_in", offline: true, checkpoint: "entrance", delegate: VALERIE,
      first_checked_in_at: SCANNED_AT
    });
    assert.equal(after, first.roster, "nothing changes");
  });

  test("already_checked_in from the server's roster carries no first time it does not know", () => {
    const { answer: given } = answer(scanAt(), roster({ admitted: true }));
    assert.equal(given.status, "already_checked_in");
    assert.equal("first_checked_in_at" in given, false);
    assert.deepEqual(given.delegate, VALERIE);
  });

  for (const status of ["revoked", "not_approved"]) {
    test(`${status}: no name is shown and nobody is admitted`, () => {
      const list = roster({ state: status });
      const { answer: given, roster: after } = answer(scanAt(), list);
      assert.deepEqual(given, { status, offline: true, checkpoint: "entrance" });
      assert.equal(after, list);
    });
  }

  test("not_signed_up at a session door that needs a sign-up", () => {
    const list = roster({}, { picker: "7", checkpoint: "session:7", requires_signup: true });
    const { answer: given, roster: after } = answer(scanAt("7"), list);
    assert.deepEqual(given, { status: "not_signed_up", offline: true, checkpoint: "7" });
    assert.equal(after.entries[HASH].admitted, false);
  });

  test("unknown: not a badge of the forum", () => {
    const { answer: given } = answer(scanAt("entrance", "WIFI:S:venue;T:WPA;P:secret;;"), roster(), null);
    assert.deepEqual(given, { status: "unknown", offline: true, checkpoint: "entrance" });
  });

  test("unknown: a badge the roster does not hold (issued after it was downloaded)", () => {
    const { answer: given } = answer(scanAt(), roster(), "0".repeat(64));
    assert.equal(given.status, "unknown");
  });

  test("wrong_edition: a badge of another year, even without a roster", () => {
    const { answer: given } = answer(scanAt("entrance", `MAYORS4:${SECRET}`), null, null);
    assert.deepEqual(given, { status: "wrong_edition", offline: true, checkpoint: "entrance" });
  });

  test("queued: no roster for this checkpoint yet", () => {
    const { answer: given, roster: after } = answer(scanAt(), null);
    assert.deepEqual(given, { status: "queued", offline: true, checkpoint: "entrance" });
    assert.equal(after, null);
  });

  test("queued: the roster is another checkpoint's", () => {
    const list = roster();
    const { answer: given, roster: after } = answer(scanAt("7"), list);
    assert.equal(given.status, "queued");
    assert.equal(after, list);
  });

  test("queued: the device cannot hash (no crypto.subtle on plain http)", () => {
    assert.equal(answer(scanAt(), roster(), null).answer.status, "queued");
  });

  test("the tones: green, amber, red", () => {
    assert.deepEqual(
      ["ok", "already_checked_in", "queued", "unknown", "revoked", "not_approved", "wrong_edition", "not_signed_up", "room_full", "error", "new_one"].map(scanTone),
      ["ok", "warn", "warn", "bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad"]
    );
  });
});

describe("what the scanner remembers", () => {
  test("the queue keeps the scan, its hash, the offline answer and the name", () => {
    const { answer: given } = answer(scanAt(), roster());
    assert.deepEqual(queueEntry(scanAt(), HASH, given), {
      code: CODE, checkpoint: "entrance", nonce: scanAt().nonce, scanned_at: SCANNED_AT,
      hash: HASH, offline_status: "ok", name: "Valérie Plante"
    });
    assert.deepEqual(queueEntry(scanAt(), null, { status: "queued" }).hash, null);
    assert.equal(queueEntry(scanAt(), null, { status: "queued" }).name, "");
  });

  test("an online admission goes into the roster, with the server's first time", () => {
    const after = rememberAdmission(roster(), scanAt(), { status: "already_checked_in", first_checked_in_at: "2018-12-08T07:30:00+00:00" }, HASH);
    assert.equal(after.entries[HASH].admitted, true);
    assert.equal(after.entries[HASH].admitted_at, "2018-12-08T07:30:00+00:00");
    assert.equal(rememberAdmission(roster(), scanAt(), { status: "ok" }, HASH).entries[HASH].admitted_at, SCANNED_AT);
  });

  test("other online answers, other checkpoints and unknown hashes leave the roster alone", () => {
    const list = roster();
    assert.equal(rememberAdmission(list, scanAt(), { status: "revoked" }, HASH), list);
    assert.equal(rememberAdmission(list, scanAt("7"), { status: "ok" }, HASH), list);
    assert.equal(rememberAdmission(list, scanAt(), { status: "ok" }, null), list);
    assert.equal(rememberAdmission(null, scanAt(), { status: "ok" }, HASH), null);
    assert.equal(admit(list, "0".repeat(64), SCANNED_AT), list);
  });

  test("a fresh roster keeps the admissions still waiting in the queue", () => {
    const fresh = rosterFromServer("entrance", {
      checkpoint: "entrance", edition: 5, requires_signup: false, generated_at: "2018-12-08T09:00:00+00:00",
      entries: [entry(), entry({ hash: "b".repeat(64), name: "Yvonne Aki-Sawyerr" })]
    });
    assert.deepEqual(Object.keys(fresh.entries), [HASH, "b".repeat(64)]);
    assert.equal(fresh.picker, "entrance");
    const queue = [
      { hash: HASH, checkpoint: "entrance", offline_status: "ok", scanned_at: SCANNED_AT },
      { hash: "b".repeat(64), checkpoint: "7", offline_status: "ok", scanned_at: SCANNED_AT },
      { hash: "b".repeat(64), checkpoint: "entrance", offline_status: "already_checked_in", scanned_at: SCANNED_AT },
      { hash: null, checkpoint: "entrance", offline_status: "queued", scanned_at: SCANNED_AT }
    ];
    const kept = keepQueuedAdmissions(fresh, queue);
    assert.deepEqual([kept.entries[HASH].admitted, kept.entries[HASH].admitted_at], [true, SCANNED_AT]);
    assert.equal(kept.entries["b".repeat(64)].admitted, false);
    assert.equal(fresh.entries[HASH].admitted, false, "the server's roster is left as it was");
  });

  test("a stored roster is used only at its own checkpoint", () => {
    const list = roster();
    assert.equal(rosterFor(list, "entrance"), list);
    assert.equal(rosterFor(list, "7"), null);
    assert.equal(rosterFor({ picker: "entrance" }, "entrance"), null, "a damaged stored roster");
    assert.equal(rosterFor(null, "entrance"), null);
  });
});

describe("uploading the queue", () => {
  test("the network gone again: stop, keep the scan queued", () => {
    assert.deepEqual(uploadStep({ kind: "unreachable", status: 0, code: "", message: "" }), { action: "stop" });
    assert.deepEqual(uploadStep({ kind: "unreachable", status: 503, code: "busy", message: "" }), { action: "stop" });
  });

  test("a person must act: an ended session, a stale page", () => {
    assert.deepEqual(uploadStep({ kind: "refused", status: 401, code: "unauthorized", message: "" }), { action: "block", reason: "sign_in_again" });
    assert.deepEqual(uploadStep({ kind: "refused", status: 403, code: "forbidden", message: "" }), { action: "block", reason: "sign_in_again" });
    assert.deepEqual(uploadStep({ kind: "refused", status: 400, code: "csrf_failed", message: "" }), { action: "block", reason: "reload" });
  });

  test("an answer or a refusal of this one scan: judge it and go on", () => {
    assert.deepEqual(uploadStep({ kind: "answer", status: 200, data: { status: "ok" } }), { action: "judge" });
    assert.deepEqual(uploadStep({ kind: "refused", status: 400, code: "invalid_scanned_at", message: "too old" }), { action: "judge" });
  });
});

describe("judging the server's answers to an upload", () => {
  const item = (offlineStatus, name = "Valérie Plante") => ({ ...queueEntry(scanAt(), HASH, { status: offlineStatus }), name });
  const server = (data) => ({ kind: "answer", status: 200, data });

  test("the same answer is no conflict", () => {
    for (const status of ["ok", "already_checked_in", "unknown", "revoked", "not_approved", "wrong_edition", "not_signed_up"]) {
      assert.equal(judgeUpload(item(status), server({ status })), null, status);
    }
  });

  test("a queued scan the server admitted is no conflict", () => {
    assert.equal(judgeUpload(item("queued", ""), server({ status: "ok", delegate: VALERIE })), null);
  });

  test("admitted offline, but another door admitted the badge first", () => {
    const verdict = judgeUpload(item("ok"), server({
      status: "already_checked_in", delegate: VALERIE, first_checked_in_at: "2018-12-08T07:59:00+00:00"
    }));
    assert.deepEqual(verdict, {
      tone: "warn", kind: "changed", name: "Valérie Plante", was: "ok", now: "already_checked_in",
      first_checked_in_at: "2018-12-08T07:59:00+00:00"
    });
  });

  test("admitted offline, but the badge was revoked meanwhile", () => {
    assert.deepEqual(judgeUpload(item("ok"), server({ status: "revoked" })), {
      tone: "bad", kind: "changed", name: "Valérie Plante", was: "ok", now: "revoked", first_checked_in_at: null
    });
  });

  test("refused offline as unknown, admitted by the server (a badge newer than the roster): its name", () => {
    assert.deepEqual(judgeUpload(item("unknown", ""), server({ status: "ok", delegate: { ...VALERIE, name: "Benoit Dorais" } })), {
      tone: "ok", kind: "changed", name: "Benoit Dorais", was: "unknown", now: "ok", first_checked_in_at: null
    });
  });

  test("queued, then refused by the server: a conflict in red", () => {
    const verdict = judgeUpload(item("queued", ""), server({ status: "not_signed_up" }));
    assert.deepEqual([verdict.tone, verdict.was, verdict.now, verdict.name], ["bad", "queued", "not_signed_up", ""]);
  });

  test("an upload the server refused is listed with its message", () => {
    assert.deepEqual(judgeUpload(item("ok"), { kind: "refused", status: 400, code: "invalid_scanned_at", message: "scanned_at is too old." }), {
      tone: "bad", kind: "refused", name: "Valérie Plante", message: "scanned_at is too old."
    });
  });
});
