// The live wall: polls the endorsements with its ETag, redraws when they change, and keeps
// going through network blips (it backs off, then resumes). ``?group=region`` on the page's
// address groups the cities by world region (the server marks it with data-grouped).

import { backoffDelay } from "./lib/polling.js";
import { fetchWithTimeout, pageLocale, pluralCategory } from "./lib/client.js";
import { densityClass, wallView } from "./lib/wall-view.js";

const POLL_TIMEOUT_MS = 8000;

const root = document.getElementById("wall");
if (root) { start(createWall(root)); }

// The wall's elements and what it knows of the last answer.
function createWall(root) {
  return {
    root,
    source: root.getAttribute("data-source"),
    interval: parseInt(root.getAttribute("data-interval-ms"), 10) || 3000,
    denseFrom: parseInt(root.getAttribute("data-dense-from"), 10) || Infinity,
    denserFrom: parseInt(root.getAttribute("data-denser-from"), 10) || Infinity,
    list: root.querySelector("[data-list]"),
    groups: root.querySelector("[data-groups]"),
    newest: root.querySelector("[data-newest]"),
    empty: root.querySelector("[data-empty]"),
    stateLine: root.querySelector("[data-state]"),
    etag: null,
    known: null,      // the set of entry keys drawn last, null before the first answer
    failures: 0,
    timer: null,
    inFlight: false
  };
}

function flagImage(entry) {
  const img = document.createElement("img");
  img.className = "flag";
  img.src = entry.flag;
  img.alt = "";  // the country is named beside it
  img.width = 20;
  img.height = 15;
  return img;
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}

function item({ entry, isNew, isNewest }) {
  const li = document.createElement("li");
  li.className = "wall-item" + (isNewest ? " is-newest" : "") + (isNew ? " is-new" : "");
  li.append(flagImage(entry), " ", span("wall-city", entry.city), " ", span("wall-country", entry.country_name));
  return li;
}

function group([name, items]) {
  const section = document.createElement("section");
  section.className = "wall-group";
  const heading = document.createElement("h2");
  heading.append(name + " ", span("wall-group-count", String(items.length)));
  const ol = document.createElement("ol");
  ol.replaceChildren(...items.map(item));
  section.append(heading, ol);
  return section;
}

function renderNewest(wall, entry, changed) {
  wall.newest.hidden = entry === null;
  wall.empty.hidden = entry !== null;
  if (entry === null) { return; }
  wall.newest.querySelector("[data-newest-flag]").src = entry.flag;
  wall.newest.querySelector("[data-newest-city]").textContent = entry.city;
  wall.newest.querySelector("[data-newest-country]").textContent = entry.country_name;
  if (changed) {
    // Restart the arrival animation for a new newest signatory.
    wall.newest.classList.remove("is-arriving");
    void wall.newest.offsetWidth;
    wall.newest.classList.add("is-arriving");
  }
}

// The words after the count in the page's language: Arabic says them six ways (one, two, three
// to ten, eleven to ninety-nine…), so the page gives one per plural category.
function countLabel(wall, count) {
  const labels = JSON.parse(wall.root.dataset.countLabels);
  return labels[pluralCategory(count, pageLocale(document))] ?? labels.other;
}

function render(wall, data) {
  const view = wallView(data, wall.known);
  wall.known = view.keys;
  wall.root.querySelector("[data-count]").textContent = view.count;
  wall.root.querySelector("[data-count-label]").textContent = countLabel(wall, view.count);
  wall.root.classList.remove("is-dense", "is-denser");
  const density = densityClass(view.count, wall.denseFrom, wall.denserFrom);
  if (density) { wall.root.classList.add(density); }
  renderNewest(wall, view.newest, view.items.length > 0 && view.items[0].isNew);
  wall.list.replaceChildren(...view.items.map(item));
  wall.groups.replaceChildren(...view.groups.map(group));
}

function schedule(wall, delay) {
  window.clearTimeout(wall.timer);
  wall.timer = window.setTimeout(() => poll(wall), delay);
}

async function poll(wall) {
  if (wall.inFlight) { return; }
  wall.inFlight = true;
  const headers = { "Accept": "application/json" };
  if (wall.etag) { headers["If-None-Match"] = wall.etag; }
  try {
    // A stalled connection must not freeze the wall: give up after a few seconds.
    const response = await fetchWithTimeout(window.fetch.bind(window), wall.source, { headers, credentials: "same-origin" }, POLL_TIMEOUT_MS);
    if (response.status !== 304) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      wall.etag = response.headers.get("ETag");
      render(wall, await response.json());
    }
    wall.failures = 0;
    wall.stateLine.textContent = "";
  } catch {
    wall.failures += 1;
    wall.stateLine.textContent = "…";
  } finally {
    wall.inFlight = false;
    schedule(wall, backoffDelay(wall.interval, wall.failures));
  }
}

function start(wall) {
  // When the network comes back, catch up at once instead of waiting out the back-off.
  window.addEventListener("online", () => {
    wall.failures = 0;
    schedule(wall, 0);
  });
  poll(wall);
}
