// The endorsement desk (/endorse-desk), on a tablet beside the signing table. Staff scan the
// signatory's badge (camera or keyboard wedge, from scan-input.js); POST
// /api/v1/endorsements/preview says who it is and whether they may sign; the signatory checks
// the title and presses the big button, which POSTs /api/v1/endorsements with a nonce made
// for this signing (a retry after a network failure reuses it, so it never counts twice).
// Configuration and every word shown come from data-* attributes on #desk (CSP).
(function () {
  "use strict";

  var root = document.getElementById("desk");
  if (!root || !root.dataset.previewUrl) { return; }
  var input = window.ForumScanInput;

  var TIMEOUT_MS = 8000;
  var TONE = {
    eligible: "ok", ok: "ok", already_endorsed: "warn", window_closed: "warn",
    not_eligible: "bad", unknown: "bad", revoked: "bad", error: "bad"
  };

  var config = {
    csrf: root.dataset.csrfToken,
    previewUrl: root.dataset.previewUrl,
    endorseUrl: root.dataset.endorseUrl,
    timezone: root.dataset.timezone,
    categories: JSON.parse(root.dataset.categories),
    text: JSON.parse(root.dataset.messages)
  };

  var el = {
    panel: document.getElementById("desk-result"),
    confirm: document.getElementById("desk-confirm"),
    title: document.getElementById("desk-title"),
    confirmButton: document.getElementById("desk-confirm-button"),
    confirmStatus: document.getElementById("desk-confirm-status"),
    next: document.getElementById("desk-next"),
    code: document.getElementById("desk-code"),
    cameraToggle: document.getElementById("desk-camera-toggle"),
    cameraStatus: document.getElementById("desk-camera-status"),
    video: document.getElementById("desk-video"),
    sound: document.getElementById("desk-sound")
  };

  // One signing at a time: the badge read, what the server said, and the nonce of its
  // confirmation. ``busy`` is true while a request is out.
  var current = null;
  var busy = false;
  var answers = 0;
  var wedgeUsed = false;

  // ---- small helpers -------------------------------------------------------------------

  function t(key, values) {
    var text = config.text[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function when(iso) {
    var date = new Date(iso);
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        dateStyle: "long", timeStyle: "short", hourCycle: "h23", timeZone: config.timezone
      }).format(date);
    } catch {
      return date.toLocaleString();
    }
  }

  function field(name, text) {
    el.panel.querySelector('[data-field="' + name + '"]').textContent = text || "";
  }

  // {kind: "answer", data} | {kind: "unreachable"} | {kind: "refused", status, code, message}
  async function post(url, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    var response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": config.csrf },
        body: JSON.stringify(body)
      });
    } catch {
      return { kind: "unreachable" };
    } finally {
      clearTimeout(timer);
    }
    if (response.status >= 500 || response.status === 429) { return { kind: "unreachable" }; }
    var data = await response.json().catch(function () { return null; });
    if (response.ok && data && data.status) { return { kind: "answer", data: data }; }
    var error = (data && data.error) || {};
    return { kind: "refused", status: response.status, code: error.code || "", message: error.message || response.statusText };
  }

  function refusalText(outcome) {
    if (outcome.status === 401 || outcome.status === 403) { return t("sign_in_again"); }
    if (outcome.code === "csrf_failed") { return t("reload"); }
    return t("server_error", { message: outcome.message });
  }

  // ---- showing -------------------------------------------------------------------------

  function paint(status, tone) {
    answers += 1;
    el.panel.className = "scan-result desk-result scan-result-" + tone;
    el.panel.dataset.status = status;
    el.panel.dataset.answers = String(answers);
  }

  function showIdle() {
    el.panel.className = "scan-result desk-result scan-result-idle";
    el.panel.dataset.status = "";
    field("status", t("ready"));
    ["name", "place", "title"].forEach(function (name) { field(name, ""); });
    field("reason", t("ready_reason"));
  }

  function showAnswer(data) {
    var status = data.status;
    var delegate = data.delegate;
    var tone = TONE[status] || "bad";
    paint(status, tone);
    field("status", t("status_" + status));
    field("name", delegate ? delegate.name : "");
    field("place", delegate ? [delegate.city, delegate.country_name || delegate.country].join(", ") : "");
    field("title", titleLine(data));
    field("reason", reason(data));
    if (el.sound.checked) { input.feedback(tone); }
  }

  function titleLine(data) {
    var delegate = data.delegate;
    if (!delegate) { return ""; }
    var category = config.categories[delegate.category] || delegate.category;
    var title = data.position_title || "";
    return title && title.toLowerCase() !== String(category).toLowerCase() ? title + " · " + category : title || category;
  }

  function reason(data) {
    var city = data.delegate ? data.delegate.city : "";
    switch (data.status) {
      case "already_endorsed":
        return t("reason_already_endorsed", { name: data.endorsed_by || "", date: when(data.endorsed_at) });
      case "eligible":
      case "ok":
        return t("reason_" + data.status, { city: city });
      case "not_eligible":
        return data.message || "";  // the server says why, in the page's language
      default:
        return config.text["reason_" + data.status] || data.message || "";
    }
  }

  function showError(text) {
    paint("error", "bad");
    field("status", t("status_error"));
    ["name", "place", "title"].forEach(function (name) { field(name, ""); });
    field("reason", text);
    if (el.sound.checked) { input.feedback("bad"); }
  }

  function showConfirm(data) {
    el.title.value = data.position_title || "";
    el.confirmButton.textContent = t("confirm", { city: data.delegate.city });
    el.confirmButton.disabled = false;
    el.confirmStatus.textContent = "";
    el.confirm.hidden = false;
  }

  function hideConfirm() {
    el.confirm.hidden = true;
    el.confirmStatus.textContent = "";
  }

  // ---- the signing ---------------------------------------------------------------------

  async function lookUp(code, fromCamera) {
    if (busy) { return; }
    // The camera sees the badge on the table many times over: once is enough.
    if (fromCamera && current && current.code === code) { return; }
    busy = true;
    current = { code: code, nonce: null, answer: null };
    hideConfirm();
    el.next.hidden = false;
    el.panel.className = "scan-result desk-result scan-result-idle";
    el.panel.dataset.status = "checking";
    field("status", t("checking"));
    ["name", "place", "title", "reason"].forEach(function (name) { field(name, ""); });
    var outcome = await post(config.previewUrl, { code: code });
    busy = false;
    if (outcome.kind === "unreachable") { return showError(t("offline")); }
    if (outcome.kind === "refused") { return showError(refusalText(outcome)); }
    current.answer = outcome.data;
    showAnswer(outcome.data);
    if (outcome.data.status === "eligible") {
      current.nonce = input.nonce();
      showConfirm(outcome.data);
    }
  }

  async function confirmSigning() {
    if (busy || !current || !current.nonce) { return; }
    busy = true;
    el.confirmButton.disabled = true;
    el.confirmStatus.textContent = t("saving");
    var title = el.title.value.trim();
    var outcome = await post(config.endorseUrl, { code: current.code, nonce: current.nonce, title: title || null });
    busy = false;
    if (outcome.kind === "unreachable") {
      el.confirmButton.disabled = false;
      el.confirmStatus.textContent = t("retry");  // same nonce: the retry cannot sign twice
      return;
    }
    if (outcome.kind === "refused") {
      el.confirmButton.disabled = false;
      el.confirmStatus.textContent = refusalText(outcome);
      return;
    }
    current.nonce = null;
    hideConfirm();
    showAnswer(Object.assign({ position_title: title || current.answer.position_title }, outcome.data));
    focusWedge();
  }

  function nextSignatory() {
    if (busy) { return; }
    current = null;
    hideConfirm();
    el.next.hidden = true;
    showIdle();
    focusWedge();
  }

  // The wedge field takes the next badge; on a touch screen only once a scanner was used
  // there (focusing a field opens the on-screen keyboard).
  function focusWedge() {
    var fine = window.matchMedia && window.matchMedia("(pointer: fine)").matches;
    if (!camera.active() && (fine || wedgeUsed)) { el.code.focus({ preventScroll: true }); }
  }

  // ---- wiring --------------------------------------------------------------------------

  var camera = input.cameraToggle({
    button: el.cameraToggle,
    status: el.cameraStatus,
    video: el.video,
    onCode: function (code) { lookUp(code, true); },
    text: t
  });

  input.attachWedge(el.code, function (code) {
    wedgeUsed = true;
    lookUp(code, false);
  });
  el.confirm.addEventListener("submit", function (event) {
    event.preventDefault();
    confirmSigning();
  });
  el.next.addEventListener("click", nextSignatory);
  focusWedge();
})();
