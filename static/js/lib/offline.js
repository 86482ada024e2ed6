// The scanner's offline rules, as pure functions: what it answers from the roster it
// downloaded for a checkpoint when the network is gone, what it remembers, and how it judges
// the server's answers when the queue of such scans is uploaded. No DOM, no fetch, no
// storage, no clock: every input is an argument and every change a new value returned.
//
// A roster is {picker, checkpoint, edition, requires_signup, generated_at, entries} where
// ``picker`` is the checkpoint chosen on the page ("entrance" or a session id) and
// ``entries`` maps the SHA-256 of a badge's secret to {state, admitted, admitted_at?,
// signed_up, name, city, country, country_name, category}; ``state`` is "approved" or the
// status to answer ("revoked", "not_approved").

import { refusalKey } from "./client.js";

// The QR text of a badge: MAYORS<edition number>:<secret>.
export const BADGE_PATTERN = /^MAYORS(\d{1,3}):([A-Za-z0-9_-]{16,64})$/;

// How a status sounds and looks: ok, warn or bad.
const TONES = { ok: "ok", already_checked_in: "warn", queued: "warn" };

// The tone ("ok", "warn", "bad") of a scan status; anything unforeseen is bad.
export function scanTone(status) {
  return TONES[status] || "bad";
}

// {edition, secret} of a badge's QR text, or null when the text is no badge of the forum.
export function parseBadge(text) {
  const match = BADGE_PATTERN.exec(String(text || ""));
  return match ? { edition: Number(match[1]), secret: match[2] } : null;
}

// The secret whose hash keys the roster, or null when ``code`` cannot be on this edition's.
export function rosterSecret(code, edition) {
  const badge = parseBadge(code);
  return badge && badge.edition === edition ? badge.secret : null;
}

// The roster when it belongs to ``checkpoint``, else null: a list downloaded for the
// entrance says nothing of who may enter a session room.
export function rosterFor(roster, checkpoint) {
  return roster && roster.entries && roster.picker === checkpoint ? roster : null;
}

// A roster as the page keeps it, from the server's GET /roster answer for ``picker``.
export function rosterFromServer(picker, data) {
  const entries = {};
  for (const entry of data.entries) { entries[entry.hash] = entry; }
  return {
    picker,
    checkpoint: data.checkpoint,
    edition: data.edition,
    requires_signup: data.requires_signup,
    generated_at: data.generated_at,
    entries
  };
}

// The status the server would give a roster entry, in the server's order of checks.
export function offlineStatus(entry, roster) {
  if (entry.state !== "approved") { return entry.state; }
  if (entry.admitted) { return "already_checked_in"; }
  if (roster.requires_signup && !entry.signed_up) { return "not_signed_up"; }
  return "ok";
}

// The answer to a scan from the roster, and the roster after it: an "ok" marks the badge
// admitted, so the next offline scan of it says already_checked_in. ``scan`` is {code,
// checkpoint, scanned_at}; ``hash`` the SHA-256 of its secret, null when the device cannot
// hash (then, like without a roster, the scan is "queued": kept, answered on upload).
export function answerOffline(scan, { edition, roster, hash }) {
  const answer = { status: "queued", offline: true, checkpoint: scan.checkpoint };
  const badge = parseBadge(scan.code);
  if (!badge) { return { answer: { ...answer, status: "unknown" }, roster }; }
  if (badge.edition !== edition) { return { answer: { ...answer, status: "wrong_edition" }, roster }; }
  const list = rosterFor(roster, scan.checkpoint);
  if (!list || hash === null || hash === undefined) { return { answer, roster }; }
  const entry = list.entries[hash];
  if (!entry) { return { answer: { ...answer, status: "unknown" }, roster }; }
  const status = offlineStatus(entry, list);
  const answered = { ...answer, status, ...delegateOf(entry, status) };
  if (status !== "ok") { return { answer: answered, roster }; }
  return { answer: answered, roster: admit(list, hash, scan.scanned_at) };
}

function delegateOf(entry, status) {
  if (status !== "ok" && status !== "already_checked_in") { return {}; }
  const found = {
    delegate: {
      name: entry.name, city: entry.city, country: entry.country,
      country_name: entry.country_name, category: entry.category
    }
  };
  if (status === "already_checked_in" && entry.admitted_at) { found.first_checked_in_at = entry.admitted_at; }
  return found;
}

// The roster with the entry of ``hash`` admitted at ``at`` (the same roster if it already was).
export function admit(roster, hash, at) {
  const entry = roster.entries[hash];
  if (!entry || entry.admitted) { return roster; }
  return { ...roster, entries: { ...roster.entries, [hash]: { ...entry, admitted: true, admitted_at: at } } };
}

// The roster after an online answer: an admission the server reported goes in too, so that
// a later offline scan of the badge knows it.
export function rememberAdmission(roster, scan, answer, hash) {
  const list = rosterFor(roster, scan.checkpoint);
  if (!list || !hash) { return roster; }
  if (answer.status !== "ok" && answer.status !== "already_checked_in") { return roster; }
  return admit(list, hash, answer.first_checked_in_at || answer.scanned_at || scan.scanned_at);
}

// What the queue keeps of a scan answered offline: enough to upload it and judge the reply.
export function queueEntry(scan, hash, answer) {
  return {
    code: scan.code,
    checkpoint: scan.checkpoint,
    nonce: scan.nonce,
    scanned_at: scan.scanned_at,
    hash: hash || null,
    offline_status: answer.status,
    name: answer.delegate ? answer.delegate.name : ""
  };
}

// A fresh roster with the admissions still waiting in the queue put back: the server has
// not heard of them yet, so its list says "not admitted".
export function keepQueuedAdmissions(roster, queue) {
  let kept = roster;
  for (const item of queue) {
    if (item.hash && item.checkpoint === roster.picker && item.offline_status === "ok") {
      kept = admit(kept, item.hash, item.scanned_at);
    }
  }
  return kept;
}

// What to do with one upload's outcome (see client.js requestJson):
//   {action: "stop"}                  the network is gone again: keep it queued, try later
//   {action: "block", reason}         a person must act first (reason: a message key);
//                                     every later upload would be refused the same way
//   {action: "judge"}                 the server decided: drop it from the queue, judge it
export function uploadStep(outcome) {
  if (outcome.kind === "unreachable") { return { action: "stop" }; }
  const reason = refusalKey(outcome);
  return reason ? { action: "block", reason } : { action: "judge" };
}

// How the server's answer to an uploaded scan compares with the offline answer: null when
// they agree (a "queued" scan that the server admitted agrees too), else a conflict for
// staff to check: {tone, kind: "refused", name, message} or {tone, kind: "changed", name,
// was, now, first_checked_in_at}. The name is the server's when it gave one.
export function judgeUpload(item, outcome) {
  if (outcome.kind === "refused") {
    return { tone: "bad", kind: "refused", name: item.name || "", message: outcome.message };
  }
  const answer = outcome.data;
  const agreed = answer.status === item.offline_status || (item.offline_status === "queued" && answer.status === "ok");
  if (agreed) { return null; }
  return {
    tone: scanTone(answer.status),
    kind: "changed",
    name: answer.delegate ? answer.delegate.name : item.name || "",
    was: item.offline_status,
    now: answer.status,
    first_checked_in_at: answer.first_checked_in_at || null
  };
}
