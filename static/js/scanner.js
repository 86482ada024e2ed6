// The staff scanner (/scan): reads badges (keyboard wedge, camera), answers each through
// the check-in API or, offline, from the checkpoint's roster, and uploads what it answered
// offline once the network returns. This file gathers the page's configuration and wires
// the parts together; the parts take the one ``scanner`` object made here:
//   scanner/checkins.js  scans and the offline queue     scanner/roster.js  the roster
//   scanner/search.js    search by name                  scanner/view.js    what is shown
//   scanner/storage.js   what the device keeps           lib/offline.js     the offline rules
// Configuration and every word shown come from data-* attributes on #scanner (CSP: no
// inline script).

import { formatClock, inOrder, jsonData, pageLocale, translator } from "./lib/client.js";
import { cameraToggle } from "./lib/camera.js";
import { createFeedback } from "./lib/feedback.js";
import { attachWedge, hasFinePointer } from "./lib/wedge.js";
import { clearConflicts, flushQueue, scan } from "./scanner/checkins.js";
import { refreshRoster, useCheckpoint } from "./scanner/roster.js";
import { attachSearch } from "./scanner/search.js";
import { createStore, storePrefix } from "./scanner/storage.js";
import { renderConflicts, renderConnection } from "./scanner/view.js";

const RETRY_MS = 10000;
const ROSTER_REFRESH_MS = 5 * 60 * 1000;

const root = document.getElementById("scanner");
if (root) { start(createScanner(root)); }

// Everything the scanner's parts share, in one object handed to each of them.
function createScanner(root) {
  const config = readConfig(root);
  const store = createStore(localStorageOrNull(), storePrefix(config.edition));
  const clock = (iso) => formatClock(iso, { locale: config.locale, timeZone: config.timeZone });
  const el = findElements();
  return {
    config,
    store,
    el,
    t: translator(config.messages),
    clock,
    fetch: window.fetch.bind(window),
    crypto: window.crypto,
    feedback: createFeedback(window),
    serial: inOrder((error) => console.error(error)),  // everything that talks to /checkins
    camera: null,
    state: initialState(el, store)
  };
}

// What changes while the page runs; the queue and the conflicts survive a reload.
function initialState(el, store) {
  return {
    checkpoint: el.checkpoint.value,
    roster: null,
    rosterStale: false,
    reachable: true,   // did the last request reach the server?
    flushing: false,
    blocked: "",       // why uploads wait for a person (session ended, page out of date)
    answers: 0,
    wedgeUsed: false,
    queue: store.list("queue"),
    conflicts: store.list("conflicts")
  };
}

function readConfig(root) {
  return {
    csrfToken: root.dataset.csrfToken,
    checkinUrl: root.dataset.checkinUrl,
    rosterUrl: root.dataset.rosterUrl,
    delegatesUrl: root.dataset.delegatesUrl,
    edition: Number(root.dataset.edition),
    timeZone: root.dataset.timezone,
    locale: pageLocale(document),
    checkpoints: jsonData(root, "checkpoints", []),
    categories: jsonData(root, "categories", {}),
    messages: jsonData(root, "messages", {})
  };
}

function findElements() {
  const byId = (id) => document.getElementById("scanner-" + id);
  return {
    connection: byId("connection"), checkpoint: byId("checkpoint"), roster: byId("roster"),
    panel: byId("result"), code: byId("code"), cameraToggle: byId("camera-toggle"),
    cameraStatus: byId("camera-status"), video: byId("video"), sound: byId("sound"),
    search: byId("search"), query: byId("query"), searchStatus: byId("search-status"),
    matches: byId("matches"), conflictsSection: byId("conflicts-section"),
    conflicts: byId("conflicts"), conflictsClear: byId("conflicts-clear"), history: byId("history")
  };
}

// Private browsing may refuse storage altogether; the scanner then works from memory.
function localStorageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function start(scanner) {
  const { el, state, store, config } = scanner;
  scanner.camera = cameraToggle({
    button: el.cameraToggle, status: el.cameraStatus, video: el.video,
    onCode: (code) => scan(scanner, code), text: scanner.t,
    onPress: scanner.feedback.unlock
  });
  attachWedge(el.code, (code) => {
    state.wedgeUsed = true;
    scan(scanner, code);
  });
  attachSearch(scanner);
  wireControls(scanner);
  wireNetwork(scanner);
  // Start: the last checkpoint used on this device, its stored roster, then a fresh one.
  const saved = store.load("checkpoint", null);
  if (saved !== null && config.checkpoints.some((checkpoint) => checkpoint.id === saved)) {
    el.checkpoint.value = saved;
  }
  renderConflicts(scanner);
  renderConnection(scanner);
  useCheckpoint(scanner, el.checkpoint.value);
  if (state.queue.length) { scanner.serial(() => flushQueue(scanner)); }
  if (hasFinePointer(window)) { el.code.focus(); }
}

function wireControls(scanner) {
  const { el } = scanner;
  el.checkpoint.addEventListener("change", () => useCheckpoint(scanner, el.checkpoint.value));
  el.matches.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-code]");
    if (!button) { return; }
    scan(scanner, button.dataset.code);
    if (!scanner.camera.active()) { el.code.focus({ preventScroll: true }); }
  });
  el.conflictsClear.addEventListener("click", () => {
    clearConflicts(scanner);
    el.code.focus();
  });
  document.addEventListener("focusout", () => setTimeout(() => keepFocus(scanner), 0));
}

// The wedge field keeps the focus unless a person moves it: on a touch screen only once
// a scanner was used there (focusing a field opens the on-screen keyboard).
function keepFocus(scanner) {
  const active = document.activeElement;
  if (scanner.camera.active() || !(hasFinePointer(window) || scanner.state.wedgeUsed)) { return; }
  if (!active || active === document.body) { scanner.el.code.focus({ preventScroll: true }); }
}

function wireNetwork(scanner) {
  const { state } = scanner;
  const online = () => navigator.onLine !== false;
  window.addEventListener("online", () => {
    state.reachable = true;
    state.blocked = "";
    renderConnection(scanner);
    const waiting = state.queue.length;
    scanner.serial(() => flushQueue(scanner)).then(() => { if (!waiting) { refreshRoster(scanner); } });
  });
  window.addEventListener("offline", () => renderConnection(scanner));
  setInterval(() => {
    if (state.queue.length && online()) { scanner.serial(() => flushQueue(scanner)); }
  }, RETRY_MS);
  setInterval(() => {
    if (!state.queue.length && online()) { refreshRoster(scanner); }
  }, ROSTER_REFRESH_MS);
}
