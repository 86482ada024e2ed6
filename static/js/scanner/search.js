// Search by name, for a delegate whose badge is missing: GET /api/v1/delegates?q=… lists
// matches, each with a "Check in" button that carries the badge's code (scanner.js handles
// the press).

import { requestJson } from "../lib/client.js";
import { categoryLabel } from "./view.js";

const SEARCH_TIMEOUT_MS = 4000;
const TYPING_PAUSE_MS = 300;
const SHORTEST_QUERY = 2;

// Searches on submit and after a pause in typing.
export function attachSearch(scanner) {
  const { el } = scanner;
  const typing = { timer: null };
  el.search.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing.timer);
    search(scanner);
  });
  el.query.addEventListener("input", () => {
    clearTimeout(typing.timer);
    if (el.query.value.trim().length >= SHORTEST_QUERY) {
      typing.timer = setTimeout(() => search(scanner), TYPING_PAUSE_MS);
    }
  });
}

async function search(scanner) {
  const { el, t } = scanner;
  const query = el.query.value.trim();
  el.matches.textContent = "";
  if (query.length < SHORTEST_QUERY) {
    el.searchStatus.textContent = t("search_short");
    return;
  }
  if (navigator.onLine === false) {
    el.searchStatus.textContent = t("search_offline");
    return;
  }
  const outcome = await requestJson(scanner.config.delegatesUrl + "?q=" + encodeURIComponent(query), {
    fetch: scanner.fetch, timeoutMs: SEARCH_TIMEOUT_MS
  });
  if (outcome.kind !== "answer") {
    el.searchStatus.textContent = outcome.message
      ? t("server_error", { message: outcome.message }) : t("search_offline");
    return;
  }
  if (query !== el.query.value.trim()) { return; }  // the field changed meanwhile
  const delegates = outcome.data.delegates;
  for (const delegate of delegates) { el.matches.appendChild(matchItem(scanner, delegate)); }
  el.searchStatus.textContent = delegates.length ? t("search_found", { count: delegates.length }) : t("search_none");
}

function matchItem(scanner, delegate) {
  const li = document.createElement("li");
  const who = document.createElement("span");
  const name = document.createElement("strong");
  name.textContent = delegate.name;
  who.appendChild(name);
  who.appendChild(document.createTextNode(" · " + [delegate.city, delegate.country_name].join(", ") +
    " · " + categoryLabel(scanner, delegate.category)));
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.code = delegate.code;
  button.textContent = scanner.t("check_in") + " ";
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = delegate.name;
  button.appendChild(hidden);
  li.appendChild(who);
  li.appendChild(button);
  return li;
}
