// The live wall: polls the endorsements with its ETag, redraws when they change, and keeps
// going through network blips (it backs off, then resumes).
(function () {
  "use strict";
  var root = document.getElementById("wall");
  if (!root) { return; }
  var source = root.getAttribute("data-source");
  var interval = parseInt(root.getAttribute("data-interval-ms"), 10) || 3000;
  var list = root.querySelector("[data-list]");
  var groups = root.querySelector("[data-groups]");
  var toggle = root.querySelector("[data-group-toggle]");
  var state = root.querySelector("[data-state]");
  var etag = null;
  var known = null;
  var failures = 0;

  function item(entry, isNew) {
    var li = document.createElement("li");
    if (isNew) { li.className = "is-new"; }
    var flag = document.createElement("span");
    flag.className = "wall-flag";
    flag.setAttribute("aria-hidden", "true");
    flag.textContent = entry.flag;
    var city = document.createElement("span");
    city.className = "wall-city";
    city.textContent = entry.city;
    var country = document.createElement("span");
    country.className = "wall-country";
    country.textContent = entry.country;
    li.append(flag, " ", city, " ", country);
    return li;
  }

  function key(entry) { return entry.city + "|" + entry.country; }

  function render(data) {
    var previous = known;
    known = new Set(data.endorsements.map(key));
    root.querySelector("[data-count]").textContent = data.count;
    root.querySelector("[data-count-label]").textContent =
      root.getAttribute(data.count === 1 ? "data-label-one" : "data-label-many");
    list.replaceChildren.apply(list, data.endorsements.map(function (entry) {
      return item(entry, previous !== null && !previous.has(key(entry)));
    }));
    renderGroups(data.endorsements);
  }

  function renderGroups(entries) {
    var byRegion = new Map();
    entries.forEach(function (entry) {
      var name = entry.region_name || "";
      if (!byRegion.has(name)) { byRegion.set(name, []); }
      byRegion.get(name).push(entry);
    });
    var sections = Array.from(byRegion.keys()).sort().map(function (name) {
      var section = document.createElement("section");
      var heading = document.createElement("h2");
      heading.textContent = name + " (" + byRegion.get(name).length + ")";
      var ol = document.createElement("ol");
      byRegion.get(name).forEach(function (entry) { ol.appendChild(item(entry, false)); });
      section.append(heading, ol);
      return section;
    });
    groups.replaceChildren.apply(groups, sections);
  }

  var timer = null;
  var inFlight = false;

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay);
  }

  function poll() {
    if (inFlight) { return; }
    inFlight = true;
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    // A stalled connection must not freeze the wall: give up after a few seconds.
    var controller = new AbortController();
    var abort = window.setTimeout(function () { controller.abort(); }, 8000);
    fetch(source, { headers: headers, cache: "no-store", signal: controller.signal })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        state.textContent = "";
        if (data) { render(data); }
      })
      .catch(function () {
        failures += 1;
        state.textContent = "…";
      })
      .finally(function () {
        window.clearTimeout(abort);
        inFlight = false;
        // After a failure, wait a little longer each time (up to 30 s), then carry on.
        schedule(Math.min(interval * Math.pow(2, failures), 30000));
      });
  }

  // When the network comes back, catch up at once instead of waiting out the back-off.
  window.addEventListener("online", function () { failures = 0; schedule(0); });

  toggle.addEventListener("click", function () {
    var grouped = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(grouped));
    list.hidden = grouped;
    groups.hidden = !grouped;
  });

  poll();
})();
