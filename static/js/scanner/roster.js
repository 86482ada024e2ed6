// The roster of the chosen checkpoint: taken from the device at once, then refreshed from
// GET /api/v1/roster. The rules that use it are in lib/offline.js.

import { requestJson } from "../lib/client.js";
import { keepQueuedAdmissions, rosterFor, rosterFromServer } from "../lib/offline.js";
import { markReachable, renderRoster } from "./view.js";

const ROSTER_TIMEOUT_MS = 20000;

// Switches the scanner to checkpoint ``id``: its stored roster now, a fresh one soon.
export function useCheckpoint(scanner, id) {
  const { state, store } = scanner;
  state.checkpoint = id;
  store.save("checkpoint", id);
  state.roster = rosterFor(store.load("roster:" + id, null), id);
  state.rosterStale = false;
  renderRoster(scanner);
  return refreshRoster(scanner);
}

// Downloads the current checkpoint's roster; on failure the stored one stays, marked stale.
export async function refreshRoster(scanner) {
  const { config, state, store } = scanner;
  const picker = state.checkpoint;
  const outcome = await requestJson(config.rosterUrl + "?checkpoint=" + encodeURIComponent(picker), {
    fetch: scanner.fetch, timeoutMs: ROSTER_TIMEOUT_MS
  });
  if (outcome.kind !== "answer") {
    if (picker === state.checkpoint) {
      state.rosterStale = true;
      renderRoster(scanner);
    }
    return;
  }
  markReachable(scanner, true);
  if (picker !== state.checkpoint) { return; }  // staff picked another checkpoint meanwhile
  state.roster = keepQueuedAdmissions(rosterFromServer(picker, outcome.data), state.queue);
  state.rosterStale = false;
  store.save("roster:" + picker, state.roster);
  renderRoster(scanner);
}
