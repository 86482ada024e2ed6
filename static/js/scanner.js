// The staff scanner (/scan). A scan is answered at once by POST /api/v1/checkins; when the
// network is gone it is answered from the roster downloaded for the checkpoint, kept in a
// queue with its nonce and scan time, and uploaded in order when the network returns.
// Configuration and every word shown come from data-* attributes on #scanner (CSP: no
// inline script). Reading badges (wedge, camera, sound) is shared with the endorsement
// desk in scan-input.js, which loads first, as does jsQR (static/vendor/jsqr/).
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) { return; }
  var input = window.ForumScanInput;

  var QR_PATTERN = /^MAYORS(\d{1,3}):([A-Za-z0-9_-]{16,64})$/;
  var SCAN_TIMEOUT_MS = 4000;
  var ROSTER_TIMEOUT_MS = 20000;
  var RETRY_MS = 10000;
  var ROSTER_REFRESH_MS = 5 * 60 * 1000;
  var HISTORY_LENGTH = 10;
  var GOOD = { ok: "ok", already_checked_in: "warn", queued: "warn" };

  var config = {
    csrf: root.dataset.csrfToken,
    checkinUrl: root.dataset.checkinUrl,
    rosterUrl: root.dataset.rosterUrl,
    delegatesUrl: root.dataset.delegatesUrl,
    edition: Number(root.dataset.edition),
    timezone: root.dataset.timezone,
    checkpoints: JSON.parse(root.dataset.checkpoints),
    categories: JSON.parse(root.dataset.categories),
    text: JSON.parse(root.dataset.messages)
  };
  var STORE = "forum-scanner:" + config.edition + ":";

  var el = {
    connection: document.getElementById("scanner-connection"),
    checkpoint: document.getElementById("scanner-checkpoint"),
    roster: document.getElementById("scanner-roster"),
    panel: document.getElementById("scanner-result"),
    code: document.getElementById("scanner-code"),
    cameraToggle: document.getElementById("scanner-camera-toggle"),
    cameraStatus: document.getElementById("scanner-camera-status"),
    video: document.getElementById("scanner-video"),
    sound: document.getElementById("scanner-sound"),
    search: document.getElementById("scanner-search"),
    query: document.getElementById("scanner-query"),
    searchStatus: document.getElementById("scanner-search-status"),
    matches: document.getElementById("scanner-matches"),
    conflictsSection: document.getElementById("scanner-conflicts-section"),
    conflicts: document.getElementById("scanner-conflicts"),
    conflictsClear: document.getElementById("scanner-conflicts-clear"),
    history: document.getElementById("scanner-history")
  };

  var state = {
    checkpoint: el.checkpoint.value,
    roster: null,
    rosterStale: false,
    reachable: true,   // did the last request reach the server?
    flushing: false,
    blocked: "",       // why uploads wait for a person (session ended, page out of date)
    answers: 0,
    wedgeUsed: false
  };
  var queue = list(load("queue", []));
  var conflicts = list(load("conflicts", []));

  // ---- small helpers -------------------------------------------------------------------

  function t(key, values) {
    var text = config.text[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(STORE + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(STORE + key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: keep working from memory.
    }
  }

  // SHA-256 of the code, as the roster keys it; null where crypto.subtle is missing
  // (plain http other than localhost): such scans are queued unanswered.
  function sha256(text) {
    if (!(window.crypto && window.crypto.subtle)) { return Promise.resolve(null); }
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return (b + 256).toString(16).slice(1);
      }).join("");
    }, function () { return null; });
  }

  function clock(iso) {
    var when = iso ? new Date(iso) : new Date();
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: config.timezone
      }).format(when);
    } catch {
      return when.toLocaleTimeString();
    }
  }

  function plural(count) {
    try {
      return new Intl.PluralRules(document.documentElement.lang || undefined).select(count);
    } catch {
      return count === 1 ? "one" : "other";
    }
  }

  function checkpointLabel(id) {
    for (var i = 0; i < config.checkpoints.length; i += 1) {
      if (config.checkpoints[i].id === id) { return config.checkpoints[i].label; }
    }
    return id;
  }

  function isOffline() {
    return navigator.onLine === false || !state.reachable;
  }

  function request(url, options, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, timeoutMs) : null;
    var settings = Object.assign({ credentials: "same-origin", cache: "no-store" }, options);
    if (controller) { settings.signal = controller.signal; }
    return fetch(url, settings).finally(function () { clearTimeout(timer); });
  }

  // Everything that talks to /checkins runs one after the other: answers appear in scan
  // order and the offline queue is uploaded in the order it was filled.
  var chain = Promise.resolve();
  function serial(work) {
    chain = chain.then(work).catch(function (error) {
      if (window.console) { window.console.error(error); }
    });
    return chain;
  }

  // ---- talking to the server -----------------------------------------------------------

  // {kind: "answer", answer} | {kind: "unreachable"} | {kind: "refused", status, code, message}
  async function post(item, upload) {
    var body = { code: item.code, checkpoint: item.checkpoint, nonce: item.nonce };
    if (upload) { body.scanned_at = item.scanned_at; }
    var response;
    try {
      response = await request(config.checkinUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": config.csrf },
        body: JSON.stringify(body)
      }, SCAN_TIMEOUT_MS);
    } catch {
      return unreachable();
    }
    if (response.status >= 500 || response.status === 429) { return unreachable(); }
    var data = await response.json().catch(function () { return null; });
    setReachable(true);
    if (response.ok && data && data.status) { return { kind: "answer", answer: data }; }
    var error = (data && data.error) || {};
    return { kind: "refused", status: response.status, code: error.code || "", message: error.message || response.statusText };
  }

  function unreachable() {
    setReachable(false);
    return { kind: "unreachable" };
  }

  function setReachable(reachable) {
    if (state.reachable !== reachable) {
      state.reachable = reachable;
      renderConnection();
    }
  }

  function needsPerson(outcome) {
    if (outcome.status === 401 || outcome.status === 403) { return t("sign_in_again"); }
    if (outcome.code === "csrf_failed") { return t("reload"); }
    return "";
  }

  // ---- scanning ------------------------------------------------------------------------

  function scan(text) {
    var code = String(text || "").trim();
    if (!code) { return Promise.resolve(); }
    var item = { code: code, checkpoint: state.checkpoint, nonce: input.nonce(), scanned_at: new Date().toISOString() };
    return serial(function () { return answerScan(item); });
  }

  async function answerScan(item) {
    if (queue.length && navigator.onLine !== false) { await flushQueue(); }
    var started = performance.now();
    var outcome = navigator.onLine === false ? { kind: "unreachable" } : await post(item, false);
    var elapsed = performance.now() - started;
    if (outcome.kind === "answer") {
      show(outcome.answer, item, elapsed);
      rememberAdmission(item, outcome.answer);
    } else if (outcome.kind === "unreachable") {
      var offline = await answerOffline(item);
      enqueue(item, offline);
      show(offline, item, performance.now() - started);
    } else {
      state.blocked = needsPerson(outcome) || state.blocked;
      renderConnection();
      show({ status: "error", message: needsPerson(outcome) || t("server_error", { message: outcome.message }) }, item, elapsed);
    }
  }

  // The answer the server would give, as far as the roster knows; ok marks the badge admitted.
  async function answerOffline(item) {
    var answer = { status: "queued", offline: true, checkpoint: item.checkpoint };
    var match = QR_PATTERN.exec(item.code);
    if (!match) { return Object.assign(answer, { status: "unknown" }); }
    if (Number(match[1]) !== config.edition) { return Object.assign(answer, { status: "wrong_edition" }); }
    var roster = state.roster && state.roster.picker === item.checkpoint ? state.roster : null;
    var hash = await sha256(match[2]);
    item.hash = hash;
    if (!roster || hash === null) { return answer; }
    var entry = roster.entries[hash];
    if (!entry) { return Object.assign(answer, { status: "unknown" }); }
    answer.status = offlineStatus(entry, roster);
    if (answer.status === "ok" || answer.status === "already_checked_in") {
      answer.delegate = { name: entry.name, city: entry.city, country: entry.country, country_name: entry.country_name, category: entry.category };
    }
    if (answer.status === "already_checked_in" && entry.admitted_at) { answer.first_checked_in_at = entry.admitted_at; }
    if (answer.status === "ok") {
      entry.admitted = true;
      entry.admitted_at = item.scanned_at;
      save("roster:" + roster.picker, roster);
    }
    return answer;
  }

  function offlineStatus(entry, roster) {
    if (entry.state !== "approved") { return entry.state; }
    if (entry.admitted) { return "already_checked_in"; }
    if (roster.requires_signup && !entry.signed_up) { return "not_signed_up"; }
    return "ok";
  }

  function enqueue(item, offline) {
    queue.push({
      code: item.code, checkpoint: item.checkpoint, nonce: item.nonce, scanned_at: item.scanned_at,
      hash: item.hash || null, offline_status: offline.status,
      name: offline.delegate ? offline.delegate.name : ""
    });
    save("queue", queue);
    renderConnection();
  }

  // An online admission goes into the roster too, so a later offline scan knows it.
  function rememberAdmission(item, answer) {
    var roster = state.roster;
    if (!roster || roster.picker !== item.checkpoint) { return; }
    if (answer.status !== "ok" && answer.status !== "already_checked_in") { return; }
    var match = QR_PATTERN.exec(item.code);
    if (!match) { return; }
    sha256(match[2]).then(function (hash) {
      var entry = hash && roster.entries[hash];
      if (entry && !entry.admitted) {
        entry.admitted = true;
        entry.admitted_at = answer.first_checked_in_at || answer.scanned_at || item.scanned_at;
        save("roster:" + roster.picker, roster);
      }
    });
  }

  // ---- the offline queue ---------------------------------------------------------------

  async function flushQueue() {
    if (state.flushing || state.blocked || !queue.length || navigator.onLine === false) { return; }
    state.flushing = true;
    renderConnection();
    var uploaded = 0;
    try {
      while (queue.length) {
        var item = queue[0];
        var outcome = await post(item, true);
        if (outcome.kind === "unreachable") { break; }
        if (outcome.kind === "refused" && needsPerson(outcome)) {
          state.blocked = needsPerson(outcome);
          break;
        }
        queue.shift();
        save("queue", queue);
        uploaded += 1;
        judgeUpload(item, outcome);
        renderConnection();
      }
    } finally {
      state.flushing = false;
      renderConnection();
    }
    if (uploaded && !queue.length) { refreshRoster(); }
  }

  // What the server said of a scan answered offline; differences are listed for staff.
  function judgeUpload(item, outcome) {
    var name = item.name || t("unknown_name");
    if (outcome.kind === "refused") {
      addConflict("bad", t("refused", { name: name, message: outcome.message }), item);
      return;
    }
    var answer = outcome.answer;
    var agreed = answer.status === item.offline_status || (item.offline_status === "queued" && answer.status === "ok");
    if (agreed) { return; }
    if (answer.delegate) { name = answer.delegate.name; }
    addConflict(GOOD[answer.status] || "bad", t("conflict", {
      name: name,
      was: t("status_" + item.offline_status),
      now: t("status_" + answer.status),
      message: answer.first_checked_in_at ? t("first_at", { time: clock(answer.first_checked_in_at) }) : ""
    }).trim(), item);
  }

  function addConflict(tone, text, item) {
    conflicts.push({ tone: tone, text: text, scanned_at: item.scanned_at, checkpoint: item.checkpoint });
    save("conflicts", conflicts);
    renderConflicts();
  }

  // ---- the roster ----------------------------------------------------------------------

  function useCheckpoint(id) {
    state.checkpoint = id;
    save("checkpoint", id);
    var stored = load("roster:" + id, null);
    state.roster = stored && stored.entries && stored.picker === id ? stored : null;
    state.rosterStale = false;
    renderRoster();
    refreshRoster();
  }

  async function refreshRoster() {
    var picker = state.checkpoint;
    var data;
    try {
      var response = await request(config.rosterUrl + "?checkpoint=" + encodeURIComponent(picker), {
        headers: { "Accept": "application/json" }
      }, ROSTER_TIMEOUT_MS);
      if (!response.ok) { throw new Error(String(response.status)); }
      data = await response.json();
      setReachable(true);
    } catch {
      if (picker === state.checkpoint) {
        state.rosterStale = true;
        renderRoster();
      }
      return;
    }
    if (picker !== state.checkpoint) { return; }
    var roster = { picker: picker, checkpoint: data.checkpoint, edition: data.edition,
      requires_signup: data.requires_signup, generated_at: data.generated_at, entries: {} };
    data.entries.forEach(function (entry) { roster.entries[entry.hash] = entry; });
    keepQueuedAdmissions(roster);
    state.roster = roster;
    state.rosterStale = false;
    save("roster:" + picker, roster);
    renderRoster();
  }

  // Admissions still in the queue are unknown to the server's roster: keep them.
  function keepQueuedAdmissions(roster) {
    queue.forEach(function (item) {
      var entry = item.hash && item.checkpoint === roster.picker && roster.entries[item.hash];
      if (entry && item.offline_status === "ok") {
        entry.admitted = true;
        entry.admitted_at = item.scanned_at;
      }
    });
  }

  // ---- showing answers -----------------------------------------------------------------

  function field(name, text) {
    el.panel.querySelector('[data-field="' + name + '"]').textContent = text || "";
  }

  function show(answer, item, elapsed) {
    var status = answer.status;
    var tone = GOOD[status] || "bad";
    var delegate = answer.delegate;
    state.answers += 1;
    el.panel.className = "scan-result scan-result-" + tone;
    el.panel.dataset.status = status;
    el.panel.dataset.offline = answer.offline ? "true" : "false";
    el.panel.dataset.answerMs = elapsed.toFixed(1);
    el.panel.dataset.answers = String(state.answers);
    field("status", t("status_" + status));
    field("name", delegate ? delegate.name : "");
    field("place", delegate ? [delegate.city, delegate.country_name || delegate.country].join(", ") : "");
    field("category", delegate ? (config.categories[delegate.category] || delegate.category) : "");
    field("reason", reason(answer));
    field("meta", [checkpointLabel(item.checkpoint), clock(item.scanned_at), answer.offline ? t("offline_answer") : ""]
      .filter(Boolean).join(" · "));
    feedback(tone);
    addHistory(tone, status, delegate, item, answer.offline);
  }

  function reason(answer) {
    var status = answer.status;
    var text = status === "error" ? answer.message
      : (answer.offline && config.text["reason_" + status + "_offline"]) || config.text["reason_" + status] || answer.message || "";
    if (answer.first_checked_in_at) { text += " " + t("first_at", { time: clock(answer.first_checked_in_at) }); }
    return text;
  }

  function addHistory(tone, status, delegate, item, offline) {
    var li = document.createElement("li");
    li.className = "scan-history-" + tone;
    li.textContent = [clock(item.scanned_at), t("status_" + status), delegate ? delegate.name : "",
      offline ? t("offline_answer") : ""].filter(Boolean).join(" · ");
    el.history.insertBefore(li, el.history.firstChild);
    while (el.history.children.length > HISTORY_LENGTH) { el.history.removeChild(el.history.lastChild); }
  }

  function renderConnection() {
    var parts = [(isOffline() ? t("offline") : t("online")) + " — " + t("queued", { count: queue.length })];
    if (state.flushing) { parts.push(t("uploading")); }
    if (state.blocked) { parts.push(state.blocked); }
    el.connection.textContent = parts.join(" ");
    el.connection.className = "scanner-connection" + (isOffline() ? " scanner-connection-offline" : "");
    el.connection.dataset.queued = String(queue.length);
  }

  function renderRoster() {
    var roster = state.roster;
    if (!roster) {
      el.roster.textContent = t("roster_none");
      return;
    }
    var count = Object.keys(roster.entries).length;
    el.roster.textContent = state.rosterStale
      ? t("roster_stale", { time: clock(roster.generated_at) })
      : t(plural(count) === "one" ? "roster_one" : "roster", { count: count, time: clock(roster.generated_at) });
  }

  function renderConflicts() {
    el.conflicts.textContent = "";
    conflicts.forEach(function (conflict) {
      var li = document.createElement("li");
      li.className = "scan-history-" + conflict.tone;
      li.textContent = clock(conflict.scanned_at) + " · " + checkpointLabel(conflict.checkpoint) + " · " + conflict.text;
      el.conflicts.appendChild(li);
    });
    el.conflictsSection.hidden = conflicts.length === 0;
  }

  // ---- sound and vibration (scan-input.js) ---------------------------------------------

  function feedback(tone) {
    if (el.sound.checked) { input.feedback(tone); }
  }

  // ---- search by name ------------------------------------------------------------------

  var searchTimer = null;

  async function search() {
    var query = el.query.value.trim();
    el.matches.textContent = "";
    if (query.length < 2) {
      el.searchStatus.textContent = t("search_short");
      return;
    }
    var data;
    try {
      if (navigator.onLine === false) { throw new Error("offline"); }
      var response = await request(config.delegatesUrl + "?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" }
      }, SCAN_TIMEOUT_MS);
      data = await response.json();
      if (!response.ok) {
        el.searchStatus.textContent = t("server_error", { message: (data.error || {}).message || response.status });
        return;
      }
    } catch {
      el.searchStatus.textContent = t("search_offline");
      return;
    }
    if (query !== el.query.value.trim()) { return; }  // the field changed meanwhile
    data.delegates.forEach(function (delegate) { el.matches.appendChild(match(delegate)); });
    el.searchStatus.textContent = data.delegates.length
      ? t("search_found", { count: data.delegates.length }) : t("search_none");
  }

  function match(delegate) {
    var li = document.createElement("li");
    var who = document.createElement("span");
    var name = document.createElement("strong");
    name.textContent = delegate.name;
    who.appendChild(name);
    who.appendChild(document.createTextNode(" · " + [delegate.city, delegate.country_name].join(", ") +
      " · " + (config.categories[delegate.category] || delegate.category)));
    var button = document.createElement("button");
    button.type = "button";
    button.dataset.code = delegate.code;
    button.textContent = t("check_in") + " ";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = delegate.name;
    button.appendChild(hidden);
    li.appendChild(who);
    li.appendChild(button);
    return li;
  }

  // ---- focus: the wedge field keeps it unless a person moves it ------------------------

  function keepFocus() {
    var active = document.activeElement;
    var fine = window.matchMedia && window.matchMedia("(pointer: fine)").matches;
    if (camera.active() || !(fine || state.wedgeUsed)) { return; }
    if (!active || active === document.body) { el.code.focus({ preventScroll: true }); }
  }

  // ---- wiring --------------------------------------------------------------------------

  var camera = input.cameraToggle({
    button: el.cameraToggle,
    status: el.cameraStatus,
    video: el.video,
    onCode: scan,
    text: t
  });
  input.attachWedge(el.code, function (code) {
    state.wedgeUsed = true;
    scan(code);
  });
  el.checkpoint.addEventListener("change", function () { useCheckpoint(el.checkpoint.value); });
  el.search.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(searchTimer);
    search();
  });
  el.query.addEventListener("input", function () {
    clearTimeout(searchTimer);
    if (el.query.value.trim().length >= 2) { searchTimer = setTimeout(search, 300); }
  });
  el.matches.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-code]");
    if (!button) { return; }
    scan(button.dataset.code);
    if (!camera.active()) { el.code.focus({ preventScroll: true }); }
  });
  el.conflictsClear.addEventListener("click", function () {
    conflicts = [];
    save("conflicts", conflicts);
    renderConflicts();
    el.code.focus();
  });
  document.addEventListener("focusout", function () { setTimeout(keepFocus, 0); });
  window.addEventListener("online", function () {
    state.reachable = true;
    state.blocked = "";
    renderConnection();
    var waiting = queue.length;
    serial(flushQueue).then(function () { if (!waiting) { refreshRoster(); } });
  });
  window.addEventListener("offline", renderConnection);
  setInterval(function () {
    if (queue.length && navigator.onLine !== false) { serial(flushQueue); }
  }, RETRY_MS);
  setInterval(function () {
    if (!queue.length && navigator.onLine !== false) { refreshRoster(); }
  }, ROSTER_REFRESH_MS);

  // Start: the last checkpoint used on this device, its stored roster, then a fresh one.
  var saved = load("checkpoint", null);
  if (saved !== null && config.checkpoints.some(function (c) { return c.id === saved; })) {
    el.checkpoint.value = saved;
  }
  renderConflicts();
  renderConnection();
  useCheckpoint(el.checkpoint.value);
  if (queue.length) { serial(flushQueue); }
  if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) { el.code.focus(); }
})();
