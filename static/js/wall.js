// The live wall: polls the endorsements with its ETag, redraws when they change, and keeps
// going through network blips (it backs off, then resumes).

import { backoffDelay, groupByRegion } from "./lib/polling.js";
import { fetchWithTimeout } from "./lib/client.js";

const POLL_TIMEOUT_MS = 8000;

const root = document.getElementById("wall");
if (root) { start(createWall(root)); }

// The wall's elements and what it knows of the last answer.
function createWall(root) {
  return {
    root,
    source: root.getAttribute("data-source"),
    interval: parseInt(root.getAttribute("data-interval-ms"), 10) || 3000,
    list: root.querySelector("[data-list]"),
    groups: root.querySelector("[data-groups]"),
    toggle: root.querySelector("[data-group-toggle]"),
    stateLine: root.querySelector("[data-state]"),
    etag: null,
    known: null,      // the set of entry keys drawn last, null before the first answer
    failures: 0,
    timer: null,
    inFlight: false
  };
}

function item(entry, isNew) {
  const li = document.createElement("li");
  if (isNew) { li.className = "is-new"; }
  const flag = document.createElement("span");
  flag.className = "wall-flag";
  flag.setAttribute("aria-hidden", "true");
  flag.textContent = entry.flag;
  const city = document.createElement("span");
  city.className = "wall-city";
  city.textContent = entry.city;
  const country = document.createElement("span");
  country.className = "wall-country";
  country.textContent = entry.country;
  li.append(flag, " ", city, " ", country);
  return li;
}

function key(entry) { return entry.city + "|" + entry.country; }

function render(wall, data) {
  const previous = wall.known;
  wall.known = new Set(data.endorsements.map(key));
  wall.root.querySelector("[data-count]").textContent = data.count;
  wall.root.querySelector("[data-count-label]").textContent =
    wall.root.getAttribute(data.count === 1 ? "data-label-one" : "data-label-many");
  wall.list.replaceChildren(...data.endorsements.map((entry) => item(entry, previous !== null && !previous.has(key(entry)))));
  wall.groups.replaceChildren(...groupByRegion(data.endorsements).map(([name, entries]) => {
    const section = document.createElement("section");
    const heading = document.createElement("h2");
    heading.textContent = name + " (" + entries.length + ")";
    const ol = document.createElement("ol");
    entries.forEach((entry) => ol.appendChild(item(entry, false)));
    section.append(heading, ol);
    return section;
  }));
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
  wall.toggle.addEventListener("click", () => {
    const grouped = wall.toggle.getAttribute("aria-pressed") !== "true";
    wall.toggle.setAttribute("aria-pressed", String(grouped));
    wall.list.hidden = grouped;
    wall.groups.hidden = !grouped;
  });
  poll(wall);
}
