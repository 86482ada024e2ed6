// Scans and the offline queue. A scan is answered at once by POST /api/v1/checkins; when the
// network is gone it is answered from the roster (lib/offline.js), kept in the queue with
// its nonce and scan time, and uploaded in order when the network returns.

import { postJson, refusalKey } from "../lib/client.js";
import { nonce, sha256Hex } from "../lib/crypto.js";
import {
  answerOffline, judgeUpload, queueEntry, rememberAdmission, rosterSecret, uploadStep
} from "../lib/offline.js";
import { refreshRoster } from "./roster.js";
import { conflictText, markReachable, renderConflicts, renderConnection, showAnswer } from "./view.js";

const SCAN_TIMEOUT_MS = 4000;
const NO_NETWORK = { kind: "unreachable", status: 0, code: "", message: "" };

// Answers the badge text ``text`` read at the current checkpoint (after any queued scans).
export function scan(scanner, text) {
  const code = String(text || "").trim();
  if (!code) { return Promise.resolve(); }
  const item = { code, checkpoint: scanner.state.checkpoint, nonce: nonce(scanner.crypto), scanned_at: new Date().toISOString() };
  return scanner.serial(() => answerScan(scanner, item));
}

async function answerScan(scanner, item) {
  if (scanner.state.queue.length && navigator.onLine !== false) { await flushQueue(scanner); }
  const started = performance.now();
  const outcome = navigator.onLine === false ? NO_NETWORK : await postScan(scanner, item, false);
  const elapsed = performance.now() - started;
  if (outcome.kind === "answer") {
    showAnswer(scanner, outcome.data, item, elapsed);
    keepRoster(scanner, rememberAdmission(scanner.state.roster, item, outcome.data, await hashOf(scanner, item.code)));
  } else if (outcome.kind === "unreachable") {
    const hash = await hashOf(scanner, item.code);
    const { answer, roster } = answerOffline(item, { edition: scanner.config.edition, roster: scanner.state.roster, hash });
    keepRoster(scanner, roster);
    enqueue(scanner, queueEntry(item, hash, answer));
    showAnswer(scanner, answer, item, performance.now() - started);
  } else {
    showRefusal(scanner, outcome, item, elapsed);
  }
}

function showRefusal(scanner, outcome, item, elapsed) {
  const { state, t } = scanner;
  const key = refusalKey(outcome);
  if (key) { state.blocked = t(key); }
  renderConnection(scanner);
  const message = key ? t(key) : t("server_error", { message: outcome.message });
  showAnswer(scanner, { status: "error", message }, item, elapsed);
}

// The roster key of a code: null when it is no badge of this edition or cannot be hashed.
function hashOf(scanner, code) {
  const secret = rosterSecret(code, scanner.config.edition);
  return secret === null ? Promise.resolve(null) : sha256Hex(secret, scanner.crypto);
}

// Keeps a roster that a rule changed, in memory and on the device.
function keepRoster(scanner, roster) {
  if (!roster || roster === scanner.state.roster) { return; }
  scanner.state.roster = roster;
  scanner.store.save("roster:" + roster.picker, roster);
}

async function postScan(scanner, item, upload) {
  const body = { code: item.code, checkpoint: item.checkpoint, nonce: item.nonce };
  if (upload) { body.scanned_at = item.scanned_at; }
  const outcome = await postJson(scanner.config.checkinUrl, body, {
    fetch: scanner.fetch, csrfToken: scanner.config.csrfToken, timeoutMs: SCAN_TIMEOUT_MS
  });
  markReachable(scanner, outcome.kind !== "unreachable");
  return outcome;
}

function enqueue(scanner, entry) {
  scanner.state.queue.push(entry);
  scanner.store.save("queue", scanner.state.queue);
  renderConnection(scanner);
}

// Uploads the queue in order until it is empty, the network goes or a person must act;
// answers that differ from the offline ones are listed as conflicts. Run it through
// scanner.serial so that it never overlaps a scan.
export async function flushQueue(scanner) {
  const { state } = scanner;
  if (state.flushing || state.blocked || !state.queue.length || navigator.onLine === false) { return; }
  state.flushing = true;
  renderConnection(scanner);
  let uploaded = 0;
  try {
    while (state.queue.length && await uploadOldest(scanner)) { uploaded += 1; }
  } finally {
    state.flushing = false;
    renderConnection(scanner);
  }
  if (uploaded && !state.queue.length) { refreshRoster(scanner); }
}

// Uploads the oldest queued scan and judges the answer; false when it must wait instead.
async function uploadOldest(scanner) {
  const { state, store } = scanner;
  const item = state.queue[0];
  const outcome = await postScan(scanner, item, true);
  const step = uploadStep(outcome);
  if (step.action === "block") { state.blocked = scanner.t(step.reason); }
  if (step.action !== "judge") { return false; }
  state.queue.shift();
  store.save("queue", state.queue);
  const verdict = judgeUpload(item, outcome);
  if (verdict) { addConflict(scanner, verdict, item); }
  renderConnection(scanner);
  return true;
}

function addConflict(scanner, verdict, item) {
  const { state, t, clock } = scanner;
  state.conflicts.push({ tone: verdict.tone, text: conflictText(verdict, t, clock), scanned_at: item.scanned_at, checkpoint: item.checkpoint });
  scanner.store.save("conflicts", state.conflicts);
  renderConflicts(scanner);
}

// Forgets the conflicts once staff have checked them.
export function clearConflicts(scanner) {
  scanner.state.conflicts = [];
  scanner.store.save("conflicts", scanner.state.conflicts);
  renderConflicts(scanner);
}
