// What the scanner shows: the answer panel, the last scans, the connection line, the
// roster line and the conflicts found on upload. Every function takes the scanner (see
// scanner.js) and reads or writes only what it is given.

import { pluralCategory, setField } from "../lib/client.js";
import { scanTone } from "../lib/offline.js";

const HISTORY_LENGTH = 10;

// Whether the scanner answers from its roster now: the browser says so, or the last
// request did not reach the server.
export function isOffline(scanner) {
  return navigator.onLine === false || !scanner.state.reachable;
}

// The label of a checkpoint id, as the page's picker shows it.
export function checkpointLabel(scanner, id) {
  const found = scanner.config.checkpoints.find((checkpoint) => checkpoint.id === id);
  return found ? found.label : id;
}

// Paints ``answer`` (a server or offline answer, or {status: "error", message}) for the
// scan ``item`` that took ``elapsed`` ms, plays its tone and adds it to the history.
export function showAnswer(scanner, answer, item, elapsed) {
  const { el, state, t, clock } = scanner;
  const tone = scanTone(answer.status);
  const delegate = answer.delegate;
  state.answers += 1;
  el.panel.className = "scan-result scan-result-" + tone;
  el.panel.dataset.status = answer.status;
  el.panel.dataset.offline = answer.offline ? "true" : "false";
  el.panel.dataset.answerMs = elapsed.toFixed(1);
  el.panel.dataset.answers = String(state.answers);
  setField(el.panel, "status", t("status_" + answer.status));
  setField(el.panel, "name", delegate ? delegate.name : "");
  setField(el.panel, "place", delegate ? [delegate.city, delegate.country_name || delegate.country].join(", ") : "");
  setField(el.panel, "category", delegate ? categoryLabel(scanner, delegate.category) : "");
  setField(el.panel, "reason", reason(scanner, answer));
  setField(el.panel, "meta", [checkpointLabel(scanner, item.checkpoint), clock(item.scanned_at),
    answer.offline ? t("offline_answer") : ""].filter(Boolean).join(" · "));
  if (el.sound.checked) { scanner.feedback.play(tone); }
  addHistory(scanner, tone, answer, item);
}

// The page's word for a delegate category.
export function categoryLabel(scanner, category) {
  return scanner.config.categories[category] || category;
}

function reason(scanner, answer) {
  const { messages } = scanner.config;
  const status = answer.status;
  let text = status === "error" ? answer.message
    : (answer.offline && messages["reason_" + status + "_offline"]) || messages["reason_" + status] || answer.message || "";
  if (answer.first_checked_in_at) {
    text += " " + scanner.t("first_at", { time: scanner.clock(answer.first_checked_in_at) });
  }
  return text;
}

function addHistory(scanner, tone, answer, item) {
  const { el, t, clock } = scanner;
  const li = document.createElement("li");
  li.className = "scan-history-" + tone;
  li.textContent = [clock(item.scanned_at), t("status_" + answer.status), answer.delegate ? answer.delegate.name : "",
    answer.offline ? t("offline_answer") : ""].filter(Boolean).join(" · ");
  el.history.insertBefore(li, el.history.firstChild);
  while (el.history.children.length > HISTORY_LENGTH) { el.history.removeChild(el.history.lastChild); }
}

// The connection line: online or offline, how many scans wait, and why uploads wait.
export function renderConnection(scanner) {
  const { el, state, t } = scanner;
  const offline = isOffline(scanner);
  const parts = [(offline ? t("offline") : t("online")) + " — " + t("queued", { count: state.queue.length })];
  if (state.flushing) { parts.push(t("uploading")); }
  if (state.blocked) { parts.push(state.blocked); }
  el.connection.textContent = parts.join(" ");
  el.connection.className = "scanner-connection" + (offline ? " scanner-connection-offline" : "");
  el.connection.dataset.queued = String(state.queue.length);
}

// The roster line under the checkpoint picker.
export function renderRoster(scanner) {
  const { el, state, t, clock } = scanner;
  const roster = state.roster;
  if (!roster) {
    el.roster.textContent = t("roster_none");
    return;
  }
  const count = Object.keys(roster.entries).length;
  const time = clock(roster.generated_at);
  el.roster.textContent = state.rosterStale
    ? t("roster_stale", { time })
    : t(pluralCategory(count, scanner.config.locale) === "one" ? "roster_one" : "roster", { count, time });
}

// The list of conflicts found on upload; hidden while empty.
export function renderConflicts(scanner) {
  const { el, state, clock } = scanner;
  el.conflicts.textContent = "";
  for (const conflict of state.conflicts) {
    const li = document.createElement("li");
    li.className = "scan-history-" + conflict.tone;
    li.textContent = clock(conflict.scanned_at) + " · " + checkpointLabel(scanner, conflict.checkpoint) + " · " + conflict.text;
    el.conflicts.appendChild(li);
  }
  el.conflictsSection.hidden = state.conflicts.length === 0;
}

// The sentence staff read for a conflict that offline.js judgeUpload found.
export function conflictText(verdict, t, clock) {
  const name = verdict.name || t("unknown_name");
  if (verdict.kind === "refused") { return t("refused", { name, message: verdict.message }); }
  return t("conflict", {
    name,
    was: t("status_" + verdict.was),
    now: t("status_" + verdict.now),
    message: verdict.first_checked_in_at ? t("first_at", { time: clock(verdict.first_checked_in_at) }) : ""
  }).trim();
}

// Records whether the last request reached the server, redrawing the connection line
// when that changes.
export function markReachable(scanner, reachable) {
  if (scanner.state.reachable !== reachable) {
    scanner.state.reachable = reachable;
    renderConnection(scanner);
  }
}
