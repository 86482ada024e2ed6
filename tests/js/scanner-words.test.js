// The sentences the scanner lists for conflicts after an upload (static/js/scanner/view.js
// conflictText), from the verdicts of lib/offline.js, with the scanner page's English words.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatClock, translator } from "../../static/js/lib/client.js";
import { judgeUpload } from "../../static/js/lib/offline.js";
import { conflictText } from "../../static/js/scanner/view.js";

const t = translator({
  status_ok: "Checked in",
  status_already_checked_in: "Already checked in",
  status_revoked: "Badge revoked",
  status_queued: "Queued",
  first_at: "First checked in at {time}.",
  conflict: "{name}: answered “{was}” offline, the server says “{now}”. {message}",
  refused: "{name}: the server refused the upload. {message}",
  unknown_name: "Unknown badge"
});
const clock = (iso) => formatClock(iso, { locale: "en-GB", timeZone: "Africa/Casablanca" });

test("admitted twice: who, both answers, and the first time in Marrakech time", () => {
  const verdict = judgeUpload(
    { name: "Ahmed Aboutaleb", offline_status: "ok" },
    { kind: "answer", status: 200, data: { status: "already_checked_in", delegate: { name: "Ahmed Aboutaleb" }, first_checked_in_at: "2018-12-08T08:00:00+00:00" } }
  );
  assert.equal(conflictText(verdict, t, clock),
    "Ahmed Aboutaleb: answered “Checked in” offline, the server says “Already checked in”. First checked in at 09:00.");
});

test("no first time, no trailing space; no name, the page's word for it", () => {
  const verdict = judgeUpload({ name: "", offline_status: "queued" }, { kind: "answer", status: 200, data: { status: "revoked" } });
  assert.equal(conflictText(verdict, t, clock), "Unknown badge: answered “Queued” offline, the server says “Badge revoked”.");
});

test("a refused upload says so, with the server's message", () => {
  const verdict = judgeUpload({ name: "Ana", offline_status: "ok" }, { kind: "refused", status: 400, code: "invalid_scanned_at", message: "Too old." });
  assert.equal(conflictText(verdict, t, clock), "Ana: the server refused the upload. Too old.");
});
